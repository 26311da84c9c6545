//===- MakeAdaptivePass.cpp - The ap-make-adaptive pass -------------------===//
//
// Part of the ap project: an adaptive-precision compiler built on MLIR.
//
//===----------------------------------------------------------------------===//
//
// Turns selected sites into ap.adaptive switch points: the variants are the
// site rewritten by PrecisionRewriter at each candidate precision that
// PrecisionAssignment plans for it (the same rewriting, quantization and
// losses as ap-assign-precision), and ap.probe ops before the switch point
// evaluate its activations as each narrower variant would see them. See the
// pass description in include/ap/Dialect/AP/Transforms/Passes.td.
//
//===----------------------------------------------------------------------===//

#include "ap/Analysis/CostOpInterface.h"
#include "ap/Analysis/KernelFusion.h"
#include "ap/Dialect/AP/IR/APDialect.h"
#include "ap/Dialect/AP/IR/APOps.h"
#include "ap/Dialect/AP/Transforms/Passes.h"
#include "ap/PrecisionAssignment/PrecisionAssignment.h"
#include "ap/PrecisionAssignment/PrecisionRewriter.h"

#include "mlir/Analysis/SliceAnalysis.h"
#include "mlir/Analysis/TopologicalSortUtils.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Quant/IR/Quant.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/IRMapping.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringSet.h"

#include <cmath>
#include <limits>

namespace mlir::ap {
#define GEN_PASS_DEF_APMAKEADAPTIVE
#include "ap/Dialect/AP/Transforms/Passes.h.inc"
} // namespace mlir::ap

using namespace mlir;
using namespace mlir::ap;

namespace {
/// A site chosen to become a switch point, with its variants (indices into
/// the plan's candidates, the most precise first).
struct SwitchPointPlan {
  const SitePlan *plan = nullptr;
  Operation *op = nullptr;
  SmallVector<unsigned> variants;
  /// Seconds the cheapest variant saves over the first.
  double saving = 0;
};

struct MakeAdaptivePass
    : public ap::impl::APMakeAdaptiveBase<MakeAdaptivePass> {
  using Base::Base;

  void runOnOperation() override;

private:
  LogicalResult parseOptions(function_ref<InFlightDiagnostic()> emitError);
  /// Replaces the site of `point` by its switch point `id`.
  LogicalResult makeAdaptive(const SwitchPointPlan &point, StringRef id);

  SmallVector<Precision> variantPrecisions;
  SmallVector<ProbeMetric> probeMetrics;
};
} // namespace

LogicalResult
MakeAdaptivePass::parseOptions(function_ref<InFlightDiagnostic()> emitError) {
  if (sensitivity.empty())
    return emitError() << "ap-make-adaptive: give the per-op losses with "
                          "sensitivity=FILE (an ap-sensitivity file)";
  SmallVector<std::string> names(precisions.begin(), precisions.end());
  if (names.empty())
    names = {"f32", "f16", "i8"};
  for (const std::string &name : names) {
    std::optional<Precision> precision = symbolizePrecision(name);
    if (!precision ||
        !llvm::is_contained(getCandidatePrecisions(), *precision)) {
      SmallVector<StringRef> known;
      for (Precision candidate : getCandidatePrecisions())
        known.push_back(stringifyPrecision(candidate));
      return emitError() << "ap-make-adaptive: precisions: unknown precision '"
                         << name << "'; expected some of "
                         << llvm::join(known, ", ");
    }
    if (llvm::is_contained(variantPrecisions, *precision))
      return emitError() << "ap-make-adaptive: precisions: '" << name
                         << "' is given twice";
    variantPrecisions.push_back(*precision);
  }
  SmallVector<std::string> metricNames(metrics.begin(), metrics.end());
  if (metricNames.empty())
    metricNames = {"sqnr", "saturation_rate"};
  for (const std::string &name : metricNames) {
    std::optional<ProbeMetric> metric = symbolizeProbeMetric(name);
    if (!metric)
      return emitError() << "ap-make-adaptive: metrics: unknown metric '"
                         << name
                         << "'; expected sqnr, saturation_rate, variance or "
                            "entropy";
    if (!llvm::is_contained(probeMetrics, *metric))
      probeMetrics.push_back(*metric);
  }
  if (maxSamples < 0)
    return emitError() << "ap-make-adaptive: max-samples="
                       << static_cast<int64_t>(maxSamples)
                       << ": expected a number of elements >= 0";
  if (!(sampleRate > 0 && sampleRate <= 1))
    return emitError() << "ap-make-adaptive: sample-rate=" << sampleRate
                       << " must be in (0, 1]";
  if (!(minSaving >= 0 && minSaving < 1))
    return emitError() << "ap-make-adaptive: min-saving=" << minSaving
                       << " must be in [0, 1)";
  if (!(maxLoss >= 0))
    return emitError() << "ap-make-adaptive: max-loss=" << maxLoss
                       << " must be a number >= 0";
  if (defaultVariant != "widest" && defaultVariant != "cheapest")
    return emitError() << "ap-make-adaptive: default='" << defaultVariant
                       << "' is unknown; expected widest or cheapest";
  return success();
}

/// The type a probe evaluates an activation as for `candidate`: the
/// quantized type of input `input` of an integer candidate, else the
/// candidate's float type.
static Type getProbeType(const SiteCandidate &candidate, unsigned input,
                         MLIRContext *context) {
  if (candidate.integer)
    return getActivationElementType(
        *candidate.integer->inputs[input].activation, context);
  return getType(candidate.precision, context);
}

/// The elementwise ops after `op` that kernel fusion launches with it (its
/// epilogue: a bias, an activation), which the switch point takes into its
/// variants so that each variant still launches them with its kernel: a
/// chain in `op`'s block where each reads the previous result, its only
/// use, elementwise, and reads otherwise only constants, `tensor.empty`s
/// (cloned), or values that exist before `op` (which become inputs).
static SmallVector<Operation *> getEpilogue(Operation *op,
                                            ConstantAnalysis &constants) {
  SmallVector<Operation *> chain;
  if (op->getNumResults() != 1)
    return chain;
  Value current = op->getResult(0);
  while (current.hasOneUse()) {
    Operation *user = *current.getUsers().begin();
    if (user->getBlock() != op->getBlock() || user->getNumResults() != 1 ||
        !llvm::any_of(getElementwiseOperands(user), [&](OpOperand *operand) {
          return operand->get() == current;
        }))
      break;
    bool available = llvm::all_of(user->getOperands(), [&](Value operand) {
      if (operand == current || constants.isConstant(operand))
        return true;
      Operation *def = operand.getDefiningOp();
      if (!def)
        return operand.getParentBlock() == op->getBlock() ||
               operand.getParentRegion()->isProperAncestor(
                   op->getParentRegion());
      if (isa<tensor::EmptyOp>(def) && def->getNumOperands() == 0)
        return true;
      Operation *ancestor = op->getBlock()->findAncestorOpInBlock(*def);
      return !ancestor || ancestor->isBeforeInBlock(op);
    });
    if (!available)
      break;
    chain.push_back(user);
    current = user->getResult(0);
  }
  return chain;
}

LogicalResult MakeAdaptivePass::makeAdaptive(const SwitchPointPlan &point,
                                             StringRef id) {
  Operation *op = point.op;
  const SitePlan &plan = *point.plan;
  MLIRContext *context = op->getContext();
  Location loc = op->getLoc();

  // Operands computed from constants only (weights, initial values) are
  // computed again inside each variant, which converts them at compile time;
  // the others are the switch point's inputs.
  ConstantAnalysis constants;
  SmallVector<Operation *> epilogue = getEpilogue(op, constants);
  Operation *last = epilogue.empty() ? op : epilogue.back();
  llvm::SetVector<Value> inputs;
  llvm::SetVector<Operation *> slice;
  auto addOperands = [&](Operation *user) -> LogicalResult {
    for (Value operand : user->getOperands()) {
      if (user != op && operand.getDefiningOp() &&
          (operand.getDefiningOp() == op ||
           llvm::is_contained(epilogue, operand.getDefiningOp())))
        continue;
      if (auto empty = operand.getDefiningOp<tensor::EmptyOp>();
          user != op && empty && empty->getNumOperands() == 0) {
        slice.insert(empty);
        continue;
      }
      if (!constants.isConstant(operand)) {
        inputs.insert(operand);
        continue;
      }
      BackwardSliceOptions options;
      options.inclusive = true;
      if (operand.getDefiningOp() &&
          failed(getBackwardSlice(operand, &slice, options)))
        return op->emitError() << "ap-make-adaptive: cannot find what the "
                                  "constant operand is computed from";
    }
    return success();
  };
  if (failed(addOperands(op)))
    return failure();
  for (Operation *member : epilogue)
    if (failed(addOperands(member)))
      return failure();
  slice = topologicalSort(slice);

  OpBuilder builder(op);
  SmallVector<Attribute> precisions;
  SmallVector<double> losses;
  for (unsigned index : point.variants) {
    precisions.push_back(
        PrecisionAttr::get(context, plan.candidates[index].precision));
    losses.push_back(plan.candidates[index].loss);
  }
  int64_t initial = defaultVariant == "widest" ? 0 : point.variants.size() - 1;

  // The probes: each activation input as each narrower variant sees it.
  if (probes)
    for (auto [inputIndex, input] : llvm::enumerate(plan.site.inputs)) {
      if (input.isWeight)
        continue;
      Value value = op->getOperand(input.operandNumbers.front());
      // At most about max-samples elements: every k-th one.
      double rate = sampleRate;
      auto shaped = dyn_cast<ShapedType>(value.getType());
      if (maxSamples > 0 && shaped && shaped.hasStaticShape() &&
          shaped.getNumElements() > maxSamples)
        rate = std::min(
            rate, 1.0 / std::ceil(static_cast<double>(shaped.getNumElements()) /
                                  static_cast<double>(maxSamples)));
      for (unsigned variant : llvm::drop_begin(point.variants)) {
        const SiteCandidate &candidate = plan.candidates[variant];
        Type as = getProbeType(candidate, inputIndex, context);
        for (ProbeMetric metric : probeMetrics) {
          std::string probeId =
              (id + ".in" + Twine(input.operandNumbers.front()) + "." +
               stringifyPrecision(candidate.precision) + "." +
               stringifyProbeMetric(metric))
                  .str();
          ProbeOp::create(builder, loc, metric, value, Value(),
                          TypeAttr::get(as), builder.getStringAttr(probeId),
                          builder.getStringAttr(id),
                          builder.getF64FloatAttr(rate));
        }
      }
    }

  auto adaptive = AdaptiveOp::create(
      builder, loc, last->getResultTypes(), builder.getStringAttr(id),
      builder.getArrayAttr(precisions), builder.getI64IntegerAttr(initial),
      builder.getDenseF64ArrayAttr(losses), inputs.getArrayRef(),
      point.variants.size());
  SmallVector<Type> inputTypes;
  SmallVector<Location> inputLocs;
  for (Value input : inputs) {
    inputTypes.push_back(input.getType());
    inputLocs.push_back(input.getLoc());
  }
  for (auto [region, variant] :
       llvm::zip_equal(adaptive.getBranches(), point.variants)) {
    const SiteCandidate &candidate = plan.candidates[variant];
    Block *block = builder.createBlock(&region, {}, inputTypes, inputLocs);
    IRMapping mapping;
    mapping.map(inputs.getArrayRef(), block->getArguments());
    for (Operation *constant : slice)
      builder.clone(*constant, mapping);
    Operation *clone = builder.clone(*op, mapping);
    Operation *lastClone = clone;
    for (Operation *member : epilogue)
      lastClone = builder.clone(*member, mapping);
    YieldOp::create(builder, loc, lastClone->getResults());
    PrecisionRewriter rewriter(context);
    if (failed(rewriter.rewrite(clone, plan.site, candidate)))
      return failure();
    rewriter.eraseDeadOps();
    // Names for the launches of the variant.
    unsigned number = 0;
    std::string prefix =
        (id + "." + stringifyPrecision(candidate.precision) + "#").str();
    block->walk<WalkOrder::PreOrder>([&](Operation *nested) {
      if (!isa<CostOpInterface, linalg::LinalgOp>(nested))
        return WalkResult::advance();
      nested->setAttr(APDialect::getCostKeyAttrName(),
                      builder.getStringAttr(prefix + Twine(number++)));
      return WalkResult::skip();
    });
  }
  last->replaceAllUsesWith(adaptive.getResults());
  for (Operation *member : llvm::reverse(epilogue))
    member->erase();
  op->erase();
  // The constants only the site read.
  for (Operation *constant : llvm::reverse(slice))
    if (constant->use_empty() && isMemoryEffectFree(constant))
      constant->erase();
  return success();
}

void MakeAdaptivePass::runOnOperation() {
  ModuleOp module = getOperation();
  auto emitError = [&] { return mlir::emitError(module.getLoc()); };
  if (failed(parseOptions(emitError)))
    return signalPassFailure();
  llvm::Expected<SensitivityTable> losses = readSensitivityTable(sensitivity);
  if (!losses) {
    emitError() << "ap-make-adaptive: " << llvm::toString(losses.takeError());
    return signalPassFailure();
  }
  std::optional<Profile> statistics;
  if (!profile.empty()) {
    llvm::Expected<Profile> read = readProfile(profile);
    if (!read) {
      emitError() << "ap-make-adaptive: " << llvm::toString(read.takeError());
      return signalPassFailure();
    }
    statistics = std::move(*read);
  }

  PrecisionAssignmentOptions options;
  options.passName = getArgument().str();
  options.candidates = variantPrecisions;
  options.tolerance = std::numeric_limits<double>::infinity();
  FailureOr<PrecisionAssignment> assignment = PrecisionAssignment::analyze(
      module, *losses, statistics ? &*statistics : nullptr, options);
  if (failed(assignment))
    return signalPassFailure();

  // The sites, found before anything changes (rewriting shifts the keys).
  llvm::StringMap<Operation *> keyed;
  for (auto function : module.getOps<FunctionOpInterface>())
    if (!function.isExternal())
      for (auto &[op, key] : assignCostKeys(function))
        keyed.try_emplace(key, op);
  llvm::StringSet<> wanted;
  for (const std::string &name : ops)
    wanted.insert(name);
  llvm::StringSet<> matched;

  std::vector<SwitchPointPlan> points;
  for (const SitePlan &plan : assignment->getPlans()) {
    if (!wanted.empty()) {
      bool byKey = wanted.contains(plan.site.key);
      bool byName = !plan.site.loc.empty() && wanted.contains(plan.site.loc);
      if (!byKey && !byName)
        continue;
      matched.insert(byKey ? plan.site.key : plan.site.loc);
    }
    SwitchPointPlan point;
    point.plan = &plan;
    point.op = keyed.lookup(plan.site.key);
    for (auto [index, candidate] : llvm::enumerate(plan.candidates))
      if (candidate.loss <= maxLoss)
        point.variants.push_back(index);
    if (point.variants.size() < 2 || !point.op)
      continue;
    double first = plan.candidates[point.variants.front()].execTime;
    double cheapest = first;
    for (unsigned index : point.variants)
      cheapest = std::min(cheapest, plan.candidates[index].execTime);
    point.saving = first - cheapest;
    if (first <= 0 || point.saving < minSaving * first)
      continue;
    points.push_back(point);
  }
  for (const std::string &name : ops)
    if (!matched.contains(name)) {
      emitError() << "ap-make-adaptive: ops: '" << name
                  << "' is not the cost key or location name of a site with "
                     "a sensitivity entry";
      return signalPassFailure();
    }
  if (maxSites > 0 && points.size() > maxSites) {
    std::vector<SwitchPointPlan> ranked = points;
    llvm::stable_sort(ranked,
                      [](const SwitchPointPlan &a, const SwitchPointPlan &b) {
                        return a.saving > b.saving;
                      });
    llvm::SmallPtrSet<Operation *, 8> kept;
    for (unsigned index = 0; index < maxSites; ++index)
      kept.insert(ranked[index].op);
    llvm::erase_if(points, [&](const SwitchPointPlan &point) {
      return !kept.contains(point.op);
    });
  }

  // Ids: the location name, else the cost key; unique in the module.
  llvm::StringSet<> ids;
  module.walk([&](AdaptiveOp op) { ids.insert(op.getId()); });
  for (const SwitchPointPlan &point : points) {
    const Site &site = point.plan->site;
    std::string base = site.loc.empty() ? site.key : site.loc;
    std::string id = base;
    for (unsigned suffix = 1; ids.contains(id); ++suffix)
      id = base + "." + std::to_string(suffix);
    ids.insert(id);
    if (failed(makeAdaptive(point, id)))
      return signalPassFailure();
  }
}
