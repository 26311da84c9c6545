//===- CutFunctions.cpp - The functions a measurement calls ---------------===//
//
// Part of the ap project: an adaptive-precision compiler built on MLIR.
//
//===----------------------------------------------------------------------===//

#include "CutFunctions.h"

#include "ap/Analysis/CostOpInterface.h"
#include "ap/Dialect/AP/IR/APOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/Quant/IR/QuantTypes.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/IRMapping.h"
#include "mlir/IR/SymbolTable.h"
#include "mlir/Transforms/RegionUtils.h"
#include "llvm/ADT/SetVector.h"

using namespace mlir;
using namespace mlir::ap;
using namespace mlir::ap::sensitivity;

/// `base`, or `base_<n>` for the first n that names no symbol of `module`.
static std::string getUniqueName(ModuleOp module, const std::string &base) {
  std::string name = base;
  for (unsigned n = 1; SymbolTable::lookupSymbolIn(module, name); ++n)
    name = base + "_" + std::to_string(n);
  return name;
}

/// Adds to `order`, operands first, the ops that compute `value` from
/// constants (its whole backward slice, which holds no block argument).
static void collectSlice(Value value, llvm::SetVector<Operation *> &order) {
  Operation *op = value.getDefiningOp();
  assert(op && "a constant value has a defining op");
  if (order.contains(op))
    return;
  for (Value operand : op->getOperands())
    collectSlice(operand, order);
  llvm::SetVector<Value> captured;
  getUsedValuesDefinedAbove(op->getRegions(), captured);
  for (Value operand : captured)
    collectSlice(operand, order);
  order.insert(op);
}

/// The position of `value` in `values`, which holds it.
static unsigned getIndex(const llvm::SetVector<Value> &values, Value value) {
  return static_cast<unsigned>(llvm::find(values, value) - values.begin());
}

namespace {
/// Builds the functions of one entry.
class CutBuilder {
public:
  CutBuilder(ModuleOp module, func::FuncOp entry, ArrayRef<Site> sites)
      : module(module), entry(entry), sites(sites),
        body(entry.getBody().front()) {
    unsigned index = 0;
    for (Operation &op : body)
      positions[&op] = index++;
  }

  CutFunctions build();

private:
  /// Why `site` cannot be cut; empty when it can.
  std::string getFallbackReason(const Site &site);
  /// Whether `value` is defined in the entry's block before position `cut`
  /// (an argument of the block, or a result of an op before it).
  bool isDefinedBefore(Value value, unsigned cut) const;
  /// Whether `value` has a use at or after position `cut` other than the
  /// operands of `site` that read a site input.
  bool isUsedAfter(Value value, unsigned cut, const Site &site) const;
  /// The source of a value of the entry's block the host provides.
  ValueSource getSource(Value value);
  /// Adds the suffix function of `site`, cut at its position.
  void buildSuffix(const Site &site, unsigned siteIndex, SitePlan &plan);
  void buildPrefix(CutFunctions &functions);
  void buildWeights(CutFunctions &functions);

  ModuleOp module;
  func::FuncOp entry;
  ArrayRef<Site> sites;
  Block &body;
  llvm::DenseMap<Operation *, unsigned> positions;
  ConstantAnalysis constants;
  /// The values the prefix returns beyond the entry's results.
  llvm::SetVector<Value> prefixValues;
  /// The values the weights function returns.
  llvm::SetVector<Value> weightValues;
};
} // namespace

std::string CutBuilder::getFallbackReason(const Site &site) {
  if (!entry.getBody().hasOneBlock())
    return "the entry function has several blocks";
  if (site.op->getBlock() != &body) {
    Operation *parent = body.findAncestorOpInBlock(*site.op);
    return "it is inside '" +
           (parent ? parent->getName().getStringRef().str()
                   : std::string("a region")) +
           "'";
  }
  return "";
}

bool CutBuilder::isDefinedBefore(Value value, unsigned cut) const {
  if (auto argument = dyn_cast<BlockArgument>(value))
    return argument.getOwner() == &body;
  Operation *op = value.getDefiningOp();
  return op->getBlock() == &body && positions.lookup(op) < cut;
}

bool CutBuilder::isUsedAfter(Value value, unsigned cut,
                             const Site &site) const {
  for (OpOperand &use : value.getUses()) {
    Operation *user = body.findAncestorOpInBlock(*use.getOwner());
    if (!user || positions.lookup(user) < cut)
      continue;
    bool readsSiteInput =
        use.getOwner() == site.op &&
        llvm::any_of(site.inputs, [&](const SiteInput &input) {
          return llvm::is_contained(input.operandNumbers,
                                    use.getOperandNumber());
        });
    if (!readsSiteInput)
      return true;
  }
  return false;
}

ValueSource CutBuilder::getSource(Value value) {
  if (auto argument = dyn_cast<BlockArgument>(value))
    return {ValueSource::Kind::Argument, argument.getArgNumber()};
  if (constants.isConstant(value)) {
    weightValues.insert(value);
    return {ValueSource::Kind::Weight, getIndex(weightValues, value)};
  }
  prefixValues.insert(value);
  return {ValueSource::Kind::Prefix, getIndex(prefixValues, value)};
}

void CutBuilder::buildSuffix(const Site &site, unsigned siteIndex,
                             SitePlan &plan) {
  unsigned cut = positions.lookup(site.op);
  // The values defined before the cut that the rest of the network reads,
  // nested uses included.
  llvm::SetVector<Value> needed;
  for (Operation &op : llvm::make_range(site.op->getIterator(), body.end()))
    op.walk([&](Operation *nested) {
      for (Value operand : nested->getOperands())
        if (isDefinedBefore(operand, cut) && isUsedAfter(operand, cut, site))
          needed.insert(operand);
    });
  SmallVector<Value> live;
  llvm::SetVector<Operation *> recomputed;
  for (Value value : needed) {
    if (!isa<BlockArgument>(value) && constants.isConstant(value))
      collectSlice(value, recomputed);
    else
      live.push_back(value);
  }

  SmallVector<Type> argumentTypes;
  for (Value value : live) {
    argumentTypes.push_back(value.getType());
    plan.liveArguments.push_back(getSource(value));
  }
  for (const SiteInput &input : site.inputs)
    argumentTypes.push_back(input.type);

  OpBuilder builder(module.getContext());
  builder.setInsertionPointToEnd(module.getBody());
  plan.suffix = getUniqueName(module, "ap_sensitivity_suffix_" +
                                          std::to_string(siteIndex));
  auto suffix = func::FuncOp::create(
      builder, site.op->getLoc(), plan.suffix,
      builder.getFunctionType(argumentTypes,
                              entry.getFunctionType().getResults()));
  Block *block = suffix.addEntryBlock();
  IRMapping mapping;
  for (auto [value, argument] : llvm::zip(live, block->getArguments()))
    mapping.map(value, argument);
  builder.setInsertionPointToStart(block);
  // Constants and what depends on them alone, operands first.
  for (Operation *op : recomputed)
    builder.clone(*op, mapping);
  for (Operation &op : llvm::make_range(site.op->getIterator(), body.end())) {
    Operation *clone = builder.clone(op, mapping);
    if (&op != site.op)
      continue;
    // The site reads its inputs from the extra arguments.
    for (auto [index, input] : llvm::enumerate(site.inputs))
      for (unsigned number : input.operandNumbers)
        clone->setOperand(number, block->getArgument(live.size() + index));
  }
}

void CutBuilder::buildPrefix(CutFunctions &functions) {
  IRMapping mapping;
  auto prefix = cast<func::FuncOp>(entry->clone(mapping));
  functions.prefix = getUniqueName(module, "ap_sensitivity_prefix");
  prefix.setName(functions.prefix);
  module.push_back(prefix);
  auto terminator =
      cast<func::ReturnOp>(prefix.getBody().front().getTerminator());
  SmallVector<Value> results(terminator.getOperands());
  for (Value value : prefixValues) {
    results.push_back(mapping.lookup(value));
    functions.prefixValueTypes.push_back(
        cast<RankedTensorType>(value.getType()));
  }
  terminator->setOperands(results);
  prefix.setFunctionType(FunctionType::get(module.getContext(),
                                           prefix.getArgumentTypes(),
                                           ValueRange(results).getTypes()));
}

void CutBuilder::buildWeights(CutFunctions &functions) {
  if (weightValues.empty())
    return;
  llvm::SetVector<Operation *> order;
  SmallVector<Type> types;
  for (Value value : weightValues) {
    collectSlice(value, order);
    types.push_back(value.getType());
    functions.weightTypes.push_back(cast<RankedTensorType>(value.getType()));
  }
  OpBuilder builder(module.getContext());
  builder.setInsertionPointToEnd(module.getBody());
  functions.weights = getUniqueName(module, "ap_sensitivity_weights");
  auto weights =
      func::FuncOp::create(builder, entry.getLoc(), functions.weights,
                           builder.getFunctionType({}, types));
  Block *block = weights.addEntryBlock();
  builder.setInsertionPointToStart(block);
  IRMapping mapping;
  for (Operation *op : order)
    builder.clone(*op, mapping);
  SmallVector<Value> results;
  for (Value value : weightValues)
    results.push_back(mapping.lookup(value));
  func::ReturnOp::create(builder, entry.getLoc(), results);
}

CutFunctions CutBuilder::build() {
  CutFunctions functions;
  functions.numEntryResults = entry.getNumResults();
  for (auto [index, site] : llvm::enumerate(sites)) {
    SitePlan plan;
    if (site.unsupported.empty()) {
      plan.fallbackReason = getFallbackReason(site);
      for (const SiteInput &input : site.inputs) {
        // Activations inside a region are rounded in the IR of the fallback
        // functions: only weights come from the host then.
        if (!plan.isCut() && !input.isWeight) {
          plan.inputSources.push_back(std::nullopt);
          continue;
        }
        plan.inputSources.push_back(
            getSource(site.op->getOperand(input.operandNumbers.front())));
      }
      if (plan.isCut())
        buildSuffix(site, index, plan);
    }
    functions.sites.push_back(std::move(plan));
  }
  buildPrefix(functions);
  buildWeights(functions);
  return functions;
}

CutFunctions mlir::ap::sensitivity::buildCutFunctions(ModuleOp module,
                                                      func::FuncOp entry,
                                                      ArrayRef<Site> sites) {
  return CutBuilder(module, entry, sites).build();
}

/// Rounds the f32 scalar `x` to nearest even in `format` (of at most f32's
/// range and precision), saturating, and back to f32, with f32 and i32
/// arithmetic only: the same steps as ArrayNumerics' fast path. Values in
/// the format's normal range round on the bit pattern (a carry into the
/// exponent is the next binade), values below it round to a multiple of the
/// smallest subnormal by an exact scaling, infinities saturate, NaN stays.
static Value roundScalarInIR(OpBuilder &b, Location loc, Value x,
                             const llvm::fltSemantics &format) {
  int mantissaBits =
      static_cast<int>(llvm::APFloatBase::semanticsPrecision(format)) - 1;
  int minExponent = llvm::APFloatBase::semanticsMinExponent(format);
  float largest = llvm::APFloat::getLargest(format).convertToFloat();
  Type i32 = b.getI32Type(), f32 = b.getF32Type();
  auto intConstant = [&](uint32_t value) -> Value {
    return arith::ConstantOp::create(
        b, loc, b.getI32IntegerAttr(static_cast<int32_t>(value)));
  };
  auto floatConstant = [&](float value) -> Value {
    return arith::ConstantOp::create(b, loc, b.getF32FloatAttr(value));
  };
  Value bits = arith::BitcastOp::create(b, loc, i32, x);
  Value magnitude =
      arith::AndIOp::create(b, loc, bits, intConstant(0x7fffffffu));
  // The normal range: keep the high `mantissaBits` of the 23.
  unsigned shift = 23 - mantissaBits;
  Value lowest = arith::AndIOp::create(
      b, loc, arith::ShRUIOp::create(b, loc, magnitude, intConstant(shift)),
      intConstant(1));
  Value biased = arith::AddIOp::create(
      b, loc,
      arith::AddIOp::create(b, loc, magnitude,
                            intConstant((uint32_t(1) << (shift - 1)) - 1)),
      lowest);
  Value truncated = arith::AndIOp::create(
      b, loc, biased, intConstant(~((uint32_t(1) << shift) - 1)));
  Value normal = arith::MinimumFOp::create(
      b, loc, arith::BitcastOp::create(b, loc, f32, truncated),
      floatConstant(largest));
  // Below the normal range: round |x| * 2^k to an integer, k = mantissaBits
  // - minExponent, scaling in two exact steps (2^k may exceed f32).
  Value absolute = arith::BitcastOp::create(b, loc, f32, magnitude);
  int k = mantissaBits - minExponent, k1 = k / 2, k2 = k - k1;
  Value scaled = arith::MulFOp::create(
      b, loc,
      arith::MulFOp::create(b, loc, absolute,
                            floatConstant(std::ldexp(1.0f, k1))),
      floatConstant(std::ldexp(1.0f, k2)));
  Value subnormal = arith::MulFOp::create(
      b, loc,
      arith::MulFOp::create(b, loc, math::RoundEvenOp::create(b, loc, scaled),
                            floatConstant(std::ldexp(1.0f, -k1))),
      floatConstant(std::ldexp(1.0f, -k2)));
  Value isSubnormal =
      arith::CmpFOp::create(b, loc, arith::CmpFPredicate::OLT, absolute,
                            floatConstant(std::ldexp(1.0f, minExponent)));
  Value rounded =
      arith::SelectOp::create(b, loc, isSubnormal, subnormal, normal);
  // Infinities saturate, NaN stays NaN.
  Value isSpecial = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::uge,
                                          magnitude, intConstant(0x7f800000u));
  Value isNaN = arith::CmpFOp::create(b, loc, arith::CmpFPredicate::UNO, x, x);
  Value special =
      arith::SelectOp::create(b, loc, isNaN, x, floatConstant(largest));
  rounded = arith::SelectOp::create(b, loc, isSpecial, special, rounded);
  return math::CopySignOp::create(b, loc, rounded, x);
}

/// `value` rounded to `candidate` and back in the IR, before `builder`'s
/// insertion point: floating point by roundScalarInIR in a linalg.generic
/// (exact, and independent of the lowering of ap.convert), integers by
/// ap.quantize and ap.dequantize with `parameters`.
static Value roundInIR(OpBuilder &builder, Location loc, Value value,
                       const Candidate &candidate,
                       const QuantizationParameters *parameters) {
  auto type = cast<RankedTensorType>(value.getType());
  if (!candidate.isInteger()) {
    if (candidate.isReference())
      return value;
    Value init = tensor::EmptyOp::create(builder, loc, type.getShape(),
                                         type.getElementType());
    AffineMap identity = builder.getMultiDimIdentityMap(type.getRank());
    SmallVector<utils::IteratorType> iterators(type.getRank(),
                                               utils::IteratorType::parallel);
    auto generic = linalg::GenericOp::create(
        builder, loc, TypeRange{type}, ValueRange{value}, ValueRange{init},
        ArrayRef<AffineMap>{identity, identity}, iterators,
        [&](OpBuilder &b, Location bodyLoc, ValueRange arguments) {
          linalg::YieldOp::create(
              b, bodyLoc,
              roundScalarInIR(b, bodyLoc, arguments[0], *candidate.format));
        });
    return generic.getResult(0);
  }
  IntegerFormat format = candidate.getIntegerFormat();
  auto quantized = quant::UniformQuantizedType::get(
      quant::QuantizationFlags::Signed, builder.getIntegerType(format.bits),
      type.getElementType(), parameters->scale, parameters->zeroPoint,
      format.getStorageMin(), format.getStorageMax());
  Value stored = QuantizeOp::create(builder, loc, type.clone(quantized), value);
  return DequantizeOp::create(builder, loc, type, stored);
}

std::string mlir::ap::sensitivity::buildFallbackFunction(
    ModuleOp module, func::FuncOp entry, const Site &site, unsigned siteIndex,
    const Candidate &candidate,
    ArrayRef<std::optional<QuantizationParameters>> activationParameters) {
  IRMapping mapping;
  auto fallback = cast<func::FuncOp>(entry->clone(mapping));
  std::string name = getUniqueName(module, "ap_sensitivity_fallback_" +
                                               std::to_string(siteIndex) + "_" +
                                               candidate.name);
  fallback.setName(name);
  module.push_back(fallback);
  Operation *clone = mapping.lookup(site.op);
  OpBuilder builder(clone);
  for (auto [index, input] : llvm::enumerate(site.inputs)) {
    Value replacement;
    if (input.isWeight) {
      unsigned position = fallback.getNumArguments();
      if (failed(fallback.insertArgument(position, input.type, {},
                                         clone->getLoc())))
        llvm_unreachable("inserting an argument of a func.func");
      replacement = fallback.getArgument(position);
    } else {
      const std::optional<QuantizationParameters> &parameters =
          activationParameters[index];
      replacement = roundInIR(builder, clone->getLoc(),
                              clone->getOperand(input.operandNumbers.front()),
                              candidate, parameters ? &*parameters : nullptr);
    }
    for (unsigned number : input.operandNumbers)
      clone->setOperand(number, replacement);
  }
  return name;
}

/// Adds the work of `function` and of the functions it calls to `total`.
static void addWork(func::FuncOp function, int64_t &total,
                    llvm::SmallPtrSetImpl<Operation *> &visiting) {
  if (function.isExternal() || !visiting.insert(function).second)
    return;
  auto module = function->getParentOfType<ModuleOp>();
  function->walk([&](Operation *op) {
    if (auto costOp = dyn_cast<CostOpInterface>(op)) {
      FailureOr<Work> work = costOp.getWork([&] { return op->emitError(); });
      if (succeeded(work))
        total += work->computeOps + work->accumulateOps;
    } else if (auto call = dyn_cast<func::CallOp>(op)) {
      if (auto callee = module.lookupSymbol<func::FuncOp>(call.getCallee()))
        addWork(callee, total, visiting);
    }
  });
  visiting.erase(function);
}

int64_t mlir::ap::sensitivity::getFunctionWork(func::FuncOp function) {
  // Ops whose work cannot be estimated count 0, silently.
  ScopedDiagnosticHandler silence(function.getContext(),
                                  [](Diagnostic &) { return success(); });
  int64_t total = 0;
  llvm::SmallPtrSet<Operation *, 4> visiting;
  addWork(function, total, visiting);
  return total;
}
