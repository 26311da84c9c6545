//===- PrecisionRewriter.cpp - Sites rewritten at their precision ---------===//
//
// Part of the ap project: an adaptive-precision compiler built on MLIR.
//
//===----------------------------------------------------------------------===//

#include "ap/PrecisionAssignment/PrecisionRewriter.h"

#include "ap/Dialect/AP/IR/APOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Quant/IR/Quant.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/ImplicitLocOpBuilder.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"

using namespace mlir;
using namespace mlir::ap;

void PrecisionRewriter::setInsertionPointAfterValue(Value value) {
  if (Operation *producer = value.getDefiningOp())
    builder.setInsertionPointAfter(producer);
  else
    builder.setInsertionPointToStart(cast<BlockArgument>(value).getOwner());
}

Value PrecisionRewriter::convert(Value value, Type element, Location loc) {
  auto type = cast<RankedTensorType>(value.getType()).clone(element);
  Value &slot = shared[{value, type}];
  if (!slot) {
    setInsertionPointAfterValue(value);
    slot = ConvertOp::create(builder, loc, type, value,
                             RoundingMode::NearestEven, std::nullopt,
                             /*saturate=*/true);
  }
  return slot;
}

Value PrecisionRewriter::convertConstant(Value value, Type element,
                                         Location loc) {
  auto type = cast<RankedTensorType>(value.getType()).clone(element);
  Value &slot = shared[{value, type}];
  if (!slot) {
    setInsertionPointAfterValue(value);
    // ap.convert folds constants (dense or dense_resource) with the exact
    // numerics; beyond the folder's size limit it stays a run-time
    // conversion.
    slot = builder.createOrFold<ConvertOp>(loc, type, value,
                                           RoundingMode::NearestEven,
                                           std::nullopt, /*saturate=*/true);
    maybeDead.insert(value.getDefiningOp());
  }
  return slot;
}

Value PrecisionRewriter::quantize(Value value, quant::UniformQuantizedType type,
                                  Location loc) {
  auto tensor = cast<RankedTensorType>(value.getType());
  auto quantized = tensor.clone(type);
  Value &slot = shared[{value, quantized}];
  if (!slot) {
    setInsertionPointAfterValue(value);
    Value stored = QuantizeOp::create(builder, loc, quantized, value);
    slot = quant::StorageCastOp::create(
        builder, loc, tensor.clone(type.getStorageType()), stored);
  }
  return slot;
}

/// The quantized element type that describes `quantization` of a weight
/// (per axis, or per tensor), as a key of the shared conversions.
static quant::QuantizedType
getWeightElementType(const InputQuantization &quantization, unsigned bits,
                     MLIRContext *context) {
  const PerChannelQuantization &weight = *quantization.weight;
  Type storage = IntegerType::get(context, bits);
  Type expressed = Float32Type::get(context);
  int64_t min = weight.format.getStorageMin();
  int64_t max = weight.format.getStorageMax();
  unsigned flags =
      weight.format.isSigned ? quant::QuantizationFlags::Signed : 0;
  if (quantization.perTensor)
    return quant::UniformQuantizedType::get(
        flags, storage, expressed, weight.scales.front(),
        weight.zeroPoints.front(), min, max);
  return quant::UniformQuantizedPerAxisType::get(
      flags, storage, expressed, weight.scales, weight.zeroPoints, weight.axis,
      min, max);
}

Value PrecisionRewriter::quantizeConstant(Value value,
                                          const InputQuantization &quantization,
                                          unsigned bits, Location loc) {
  auto tensor = cast<RankedTensorType>(value.getType());
  auto storage = tensor.clone(builder.getIntegerType(bits));
  // Shared by the weight's quantization, not only its storage type: one
  // constant may be the weight of sites that quantize it along different
  // axes (a matmul and a transposed matmul reading it), or per channel and
  // per tensor.
  Value &slot = shared[{value, tensor.clone(getWeightElementType(
                                   quantization, bits, builder.getContext()))}];
  if (slot)
    return slot;
  std::optional<std::vector<float>> data = readF32Constant(value);
  if (!data)
    return {};
  std::vector<int64_t> values =
      quantizeWeight(*data, tensor.getShape(), quantization);
  SmallVector<APInt> elements;
  elements.reserve(values.size());
  for (int64_t element : values)
    elements.emplace_back(bits, static_cast<uint64_t>(element),
                          /*isSigned=*/true);
  setInsertionPointAfterValue(value);
  slot = arith::ConstantOp::create(
      builder, loc, storage,
      cast<TypedAttr>(DenseElementsAttr::get(storage, elements)));
  maybeDead.insert(value.getDefiningOp());
  return slot;
}

/// Builds the body of a generic op that computes `kind` on integers:
/// storage values extended to the i32 accumulator `block`'s last argument.
static void buildIntegerBody(ImplicitLocOpBuilder &b, Block &block,
                             ArrayRef<unsigned> readArguments, SiteKind kind) {
  Type i32 = b.getI32Type();
  Value accumulator = block.getArguments().back();
  SmallVector<Value> extended;
  for (unsigned argument : readArguments)
    extended.push_back(
        arith::ExtSIOp::create(b, i32, block.getArgument(argument)));
  Value result;
  switch (kind) {
  case SiteKind::MultiplyAccumulate:
    result = arith::AddIOp::create(
        b, accumulator, arith::MulIOp::create(b, extended[0], extended[1]));
    break;
  case SiteKind::Max:
    result = arith::MaxSIOp::create(b, accumulator, extended[0]);
    break;
  case SiteKind::Min:
    result = arith::MinSIOp::create(b, accumulator, extended[0]);
    break;
  case SiteKind::Sum:
    result = arith::AddIOp::create(b, accumulator, extended[0]);
    break;
  case SiteKind::Other:
    llvm_unreachable("integer candidates need a known body");
  }
  linalg::YieldOp::create(b, result);
}

/// Recreates `op` on `operands` (every operand, inputs then inits) with the
/// result type of the new init. A named op gets the body its definition
/// builds for the new element types (extensions of narrow inputs to the
/// accumulator included); a generic op keeps its body with floating-point
/// inputs extended to their old type (floating-point candidates) or gets the
/// integer body of `kind` (integer candidates).
static Operation *recreate(OpBuilder &builder, linalg::LinalgOp op,
                           ArrayRef<Value> operands, const Site &site,
                           bool integer) {
  MLIRContext *context = op->getContext();
  Operation *clone = builder.clone(*op);
  clone->setOperands(operands);
  Value init = operands[op.getDpsInitOperand(0)->getOperandNumber()];
  clone->getResult(0).setType(init.getType());
  // The signedness of integer operands: the storage integers are signed.
  if (clone->getAttr("cast"))
    clone->setAttr(
        "cast", linalg::TypeFnAttr::get(context, linalg::TypeFn::cast_signed));

  Region &region = clone->getRegion(0);
  Block &oldBody = region.front();
  SmallVector<unsigned> readArguments;
  for (const SiteInput &input : site.inputs)
    llvm::append_range(readArguments, input.operandNumbers);

  auto regionBuilder = op.getRegionBuilder();
  if (!regionBuilder && !integer) {
    // Generic op, floating point: the body computes in the old types on the
    // extended inputs.
    OpBuilder bodyBuilder = OpBuilder::atBlockBegin(&oldBody);
    for (unsigned argument : readArguments) {
      BlockArgument value = oldBody.getArgument(argument);
      Type oldType = value.getType();
      Type newType = getElementTypeOrSelf(operands[argument].getType());
      if (oldType == newType)
        continue;
      value.setType(newType);
      Value extended =
          arith::ExtFOp::create(bodyBuilder, op->getLoc(), oldType, value);
      value.replaceAllUsesExcept(extended, extended.getDefiningOp());
    }
    return clone;
  }

  auto *body = new Block();
  region.push_back(body);
  for (Value operand : operands)
    body->addArgument(getElementTypeOrSelf(operand.getType()), op->getLoc());
  oldBody.dropAllDefinedValueUses();
  oldBody.erase();
  ImplicitLocOpBuilder bodyBuilder(op->getLoc(), context);
  bodyBuilder.setInsertionPointToStart(body);
  if (regionBuilder)
    regionBuilder(bodyBuilder, *body, {}, [&] { return clone->emitError(); });
  else
    buildIntegerBody(bodyBuilder, *body, readArguments, site.kind);
  return clone;
}

FailureOr<Operation *>
PrecisionRewriter::rewrite(Operation *op, const Site &site,
                           const SiteCandidate &candidate) {
  if (candidate.precision == Precision::F32)
    return op;
  auto linalgOp = cast<linalg::LinalgOp>(op);
  MLIRContext *context = op->getContext();
  Location loc = op->getLoc();
  auto resultType = cast<RankedTensorType>(op->getResult(0).getType());
  unsigned initNumber = linalgOp.getDpsInitOperand(0)->getOperandNumber();
  SmallVector<Value> operands(op->getOperands());
  for (Value operand : operands)
    if (Operation *producer = operand.getDefiningOp())
      maybeDead.insert(producer);
  Value result;
  Operation *computed = nullptr;

  if (const std::optional<IntegerPlan> &plan = candidate.integer) {
    unsigned bits = getBitWidth(candidate.precision);
    for (auto [index, input] : llvm::enumerate(site.inputs)) {
      const InputQuantization &quantization = plan->inputs[index];
      for (unsigned number : input.operandNumbers) {
        Value value = op->getOperand(number);
        if (input.isWeight) {
          operands[number] = quantizeConstant(value, quantization, bits, loc);
          if (!operands[number])
            return op->emitError()
                   << "cannot read the values of weight operand " << number;
        } else {
          operands[number] = quantize(
              value,
              getActivationElementType(*quantization.activation, context), loc);
        }
      }
    }
    builder.setInsertionPoint(op);
    Value empty = tensor::EmptyOp::create(builder, loc, resultType.getShape(),
                                          builder.getI32Type());
    Value start = arith::ConstantOp::create(
        builder, loc, builder.getI32IntegerAttr(plan->initValue));
    operands[initNumber] =
        linalg::FillOp::create(builder, loc, ValueRange{start},
                               ValueRange{empty})
            .getResult(0);
    builder.setInsertionPoint(op);
    computed = recreate(builder, linalgOp, operands, site, true);
    Value accumulator = quant::StorageCastOp::create(
        builder, loc,
        resultType.clone(getAccumulatorElementType(*plan, context)),
        computed->getResult(0));
    result = DequantizeOp::create(builder, loc, resultType, accumulator);
  } else {
    Type element = getType(candidate.precision, context);
    for (const SiteInput &input : site.inputs)
      for (unsigned number : input.operandNumbers) {
        Value value = op->getOperand(number);
        operands[number] = input.isWeight && input.hasConstantData
                               ? convertConstant(value, element, loc)
                               : convert(value, element, loc);
      }
    bool narrowAccumulator = candidate.accumulator != Precision::F32;
    if (narrowAccumulator) {
      Value init = op->getOperand(initNumber);
      builder.setInsertionPoint(op);
      if (std::optional<double> start = getUniformInitValue(init)) {
        // A fill of the converted constant (a conversion that saturates,
        // like the inputs').
        llvm::APFloat value = numerics::convertFloat(
            llvm::APFloat(static_cast<float>(*start)),
            cast<FloatType>(element).getFloatSemantics(),
            numerics::Rounding::NearestEven, /*saturate=*/true);
        Value scalar = arith::ConstantOp::create(
            builder, loc, builder.getFloatAttr(element, value));
        Value empty = tensor::EmptyOp::create(builder, loc,
                                              resultType.getShape(), element);
        operands[initNumber] =
            linalg::FillOp::create(builder, loc, ValueRange{scalar},
                                   ValueRange{empty})
                .getResult(0);
      } else {
        operands[initNumber] = convert(init, element, loc);
      }
    }
    builder.setInsertionPoint(op);
    computed = recreate(builder, linalgOp, operands, site, false);
    result = computed->getResult(0);
    if (narrowAccumulator)
      result = ConvertOp::create(builder, loc, resultType, result);
  }

  op->getResult(0).replaceAllUsesWith(result);
  // Erased with the other dead ops: conversions are shared by source value,
  // which must not be freed (and its address reused) before the end.
  maybeDead.insert(op);
  return computed;
}

void PrecisionRewriter::eraseDeadOps() {
  // Erasing an op may leave its producers dead: repeat until nothing
  // changes.
  SmallVector<Operation *> worklist(maybeDead.begin(), maybeDead.end());
  maybeDead.clear();
  llvm::SmallPtrSet<Operation *, 16> erased;
  while (!worklist.empty()) {
    Operation *op = worklist.pop_back_val();
    if (!op || erased.contains(op) || !op->use_empty() ||
        !isMemoryEffectFree(op) || op->hasTrait<OpTrait::IsTerminator>())
      continue;
    for (Value operand : op->getOperands())
      if (Operation *producer = operand.getDefiningOp())
        worklist.push_back(producer);
    erased.insert(op);
    op->erase();
  }
  shared.clear();
}
