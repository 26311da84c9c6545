//===- Sites.cpp - The ops precision assignment decides -------------------===//
//
// Part of the ap project: an adaptive-precision compiler built on MLIR.
//
//===----------------------------------------------------------------------===//

#include "ap/PrecisionAssignment/Sites.h"

#include "ap/Analysis/CostOpInterface.h"
#include "ap/Dialect/AP/IR/APOps.h"
#include "ap/Dialect/AP/Transforms/Passes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/DialectResourceBlobManager.h"
#include "mlir/IR/IRMapping.h"
#include "mlir/IR/Matchers.h"
#include "mlir/Interfaces/FunctionInterfaces.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Transforms/RegionUtils.h"

using namespace mlir;
using namespace mlir::ap;

std::string Site::describe() const {
  return loc.empty() ? key : key + " (" + loc + ")";
}

bool mlir::ap::isAssignmentSite(Operation *op) {
  auto linalgOp = dyn_cast<linalg::LinalgOp>(op);
  if (!linalgOp || !linalgOp.hasPureTensorSemantics())
    return false;
  if (!linalg::isaContractionOpInterface(linalgOp) &&
      !linalg::isaConvolutionOpInterface(linalgOp))
    return false;
  return llvm::all_of(linalgOp.getDpsInputOperands(), [](OpOperand *operand) {
    auto tensor = dyn_cast<RankedTensorType>(operand->get().getType());
    return tensor && isa<FloatType>(tensor.getElementType());
  });
}

bool ConstantAnalysis::isConstant(Value value) {
  Operation *op = value.getDefiningOp();
  if (!op)
    return false;
  if (auto it = known.find(op); it != known.end())
    return it->second;
  // Provisionally false, which also ends cycles through graph regions.
  known[op] = false;
  bool constant = op->hasTrait<OpTrait::ConstantLike>();
  if (!constant && isMemoryEffectFree(op)) {
    constant = llvm::all_of(op->getOperands(),
                            [&](Value operand) { return isConstant(operand); });
    if (constant) {
      llvm::SetVector<Value> captured;
      getUsedValuesDefinedAbove(op->getRegions(), captured);
      constant = llvm::all_of(
          captured, [&](Value operand) { return isConstant(operand); });
    }
  }
  known[op] = constant;
  return constant;
}

/// The output-channel axis of the weight read by `operand` of `op`: its last
/// dimension indexed by a parallel loop that also indexes the output.
static std::optional<unsigned> getChannelAxis(linalg::LinalgOp op,
                                              OpOperand &operand) {
  AffineMap weightMap = op.getMatchingIndexingMap(&operand);
  AffineMap outputMap = op.getMatchingIndexingMap(op.getDpsInitOperand(0));
  SmallVector<utils::IteratorType> iterators = op.getIteratorTypesArray();
  for (int64_t i = weightMap.getNumResults() - 1; i >= 0; --i) {
    auto dim = dyn_cast<AffineDimExpr>(weightMap.getResult(i));
    if (dim && iterators[dim.getPosition()] == utils::IteratorType::parallel &&
        outputMap.isFunctionOfDim(dim.getPosition()))
      return static_cast<unsigned>(i);
  }
  return std::nullopt;
}

/// What the body of `op`, which reads `usedInputs` of its inputs, computes.
static SiteKind classify(linalg::LinalgOp op, unsigned usedInputs) {
  // The contraction and convolution interfaces only accept bodies that
  // multiply two inputs and accumulate, or that pool one input.
  if (usedInputs == 2)
    return SiteKind::MultiplyAccumulate;
  if (usedInputs != 1 || op.getNumDpsInits() != 1)
    return SiteKind::Other;
  auto yield = cast<linalg::YieldOp>(op.getBlock()->getTerminator());
  Operation *combiner = yield.getOperand(0).getDefiningOp();
  BlockArgument output = op.getRegionOutputArgs().front();
  if (!combiner || combiner->getNumOperands() != 2 ||
      !llvm::is_contained(combiner->getOperands(), output))
    return SiteKind::Other;
  if (isa<arith::MaximumFOp, arith::MaxNumFOp>(combiner))
    return SiteKind::Max;
  if (isa<arith::MinimumFOp, arith::MinNumFOp>(combiner))
    return SiteKind::Min;
  if (isa<arith::AddFOp>(combiner))
    return SiteKind::Sum;
  return SiteKind::Other;
}

/// Describes `type` for messages.
static std::string describeType(Type type) {
  std::string text;
  llvm::raw_string_ostream(text) << type;
  return text;
}

std::vector<Site> mlir::ap::collectFunctionSites(FunctionOpInterface function) {
  llvm::DenseMap<Operation *, std::string> keys = assignCostKeys(function);
  ConstantAnalysis constants;
  std::vector<Site> sites;
  function->walk<WalkOrder::PreOrder>([&](Operation *op) {
    if (!isAssignmentSite(op))
      return;
    auto linalgOp = cast<linalg::LinalgOp>(op);
    Site site;
    site.op = op;
    // Every linalg structured op implements CostOpInterface.
    site.key = keys.lookup(op);
    site.name = op->getName().getStringRef().str();
    if (auto name = dyn_cast<NameLoc>(op->getLoc()))
      site.loc = name.getName().str();
    if (op->getParentOfType<AdaptiveOp>())
      site.unsupported = "it is inside an ap.adaptive variant, whose "
                         "precision the variant fixes";

    for (OpOperand *operand : linalgOp.getDpsInputOperands()) {
      // Operands the body never reads (the window of a pooling) carry only a
      // shape.
      if (!linalgOp.payloadUsesValueFromOperand(operand))
        continue;
      Value value = operand->get();
      auto existing = llvm::find_if(site.inputs, [&](SiteInput &input) {
        return op->getOperand(input.operandNumbers.front()) == value;
      });
      if (existing != site.inputs.end()) {
        existing->operandNumbers.push_back(operand->getOperandNumber());
        continue;
      }
      SiteInput input;
      input.operandNumbers.push_back(operand->getOperandNumber());
      input.type = cast<RankedTensorType>(value.getType());
      input.isWeight = constants.isConstant(value);
      if (input.isWeight) {
        input.channelAxis = getChannelAxis(linalgOp, *operand);
        input.hasConstantData = input.type.getElementType().isF32() &&
                                value.getDefiningOp<arith::ConstantOp>() &&
                                readF32Constant(value).has_value();
      }
      if (site.unsupported.empty() && !input.type.getElementType().isF32())
        site.unsupported =
            "its input " + std::to_string(operand->getOperandNumber()) +
            " is " + describeType(input.type.getElementType()) + ", not f32";
      if (site.unsupported.empty() && !input.type.hasStaticShape())
        site.unsupported = "its input " +
                           std::to_string(operand->getOperandNumber()) +
                           " has a dynamic shape";
      site.inputs.push_back(std::move(input));
    }
    unsigned readOperands = 0;
    for (const SiteInput &input : site.inputs)
      readOperands += input.operandNumbers.size();
    site.kind = classify(linalgOp, readOperands);
    if (site.unsupported.empty()) {
      auto result = dyn_cast<RankedTensorType>(op->getResult(0).getType());
      if (op->getNumResults() != 1 || !result ||
          !result.getElementType().isF32() || !result.hasStaticShape())
        site.unsupported = "its result is not one f32 tensor of static "
                           "shape";
    }
    sites.push_back(std::move(site));
  });
  return sites;
}

FailureOr<std::vector<Site>> mlir::ap::collectSites(ModuleOp module,
                                                    const TargetModel &target) {
  std::vector<Site> sites;
  for (auto function : module.getOps<FunctionOpInterface>()) {
    if (function.isExternal())
      continue;
    for (Site &site : collectFunctionSites(function)) {
      site.device = target.getDefaultDevice();
      if (auto placement = site.op->getParentOfType<PlacementOp>()) {
        std::optional<unsigned> device =
            target.lookupDevice(placement.getDevice());
        if (!device)
          return placement.emitError()
                 << "device '" << placement.getDevice()
                 << "' of the placement is not in the target";
        site.device = *device;
      }
      sites.push_back(std::move(site));
    }
  }
  return sites;
}

/// The id of the observation of `value` in an instrumented module, following
/// the values it is a view or a copy of; empty when none is observed.
static std::string findObservationId(Value value) {
  while (value) {
    if (auto observe = value.getDefiningOp<ObserveOp>())
      return observe.getId().str();
    for (Operation *user : value.getUsers())
      if (auto observe = dyn_cast<ObserveOp>(user))
        return observe.getId().str();
    if (Operation *producer = value.getDefiningOp()) {
      // Reshapes keep the values: the statistics of their source apply.
      if (!isa<tensor::CollapseShapeOp, tensor::ExpandShapeOp,
               tensor::ReshapeOp, tensor::CastOp>(producer))
        return "";
      value = producer->getOperand(0);
      continue;
    }
    // A block argument of a placement is the placement's operand.
    auto argument = cast<BlockArgument>(value);
    auto placement =
        dyn_cast_if_present<PlacementOp>(argument.getOwner()->getParentOp());
    if (!placement)
      return "";
    value = placement.getInputs()[argument.getArgNumber()];
  }
  return "";
}

LogicalResult mlir::ap::matchActivationStatistics(
    ModuleOp module, MutableArrayRef<Site> sites, const Profile &profile,
    function_ref<InFlightDiagnostic()> emitError) {
  IRMapping mapping;
  OwningOpRef<ModuleOp> copy(cast<ModuleOp>(module->clone(mapping)));
  PassManager pm(module.getContext(), ModuleOp::getOperationName());
  APInstrumentOptions instrument;
  instrument.granularity = profile.granularity == "layer"
                               ? InstrumentGranularity::Layer
                               : InstrumentGranularity::Op;
  instrument.observeArguments = true;
  pm.addPass(createAPInstrument(instrument));
  if (failed(pm.run(*copy)))
    return emitError() << "instrumenting a copy of the module to match the "
                          "profile's value ids failed";
  for (Site &site : sites) {
    for (SiteInput &input : site.inputs) {
      if (input.isWeight)
        continue;
      Value original = site.op->getOperand(input.operandNumbers.front());
      input.profileId = findObservationId(mapping.lookupOrNull(original));
      input.statistics = input.profileId.empty()
                             ? nullptr
                             : profile.lookupValue(input.profileId);
    }
  }
  return success();
}

std::optional<std::vector<float>> mlir::ap::readF32Constant(Value value) {
  auto constant = value.getDefiningOp<arith::ConstantOp>();
  if (!constant)
    return std::nullopt;
  auto type = dyn_cast<RankedTensorType>(constant.getType());
  if (!type || !type.hasStaticShape() || !type.getElementType().isF32())
    return std::nullopt;
  Attribute attr = constant.getValue();
  size_t size = type.getNumElements();
  if (auto dense = dyn_cast<DenseFPElementsAttr>(attr)) {
    if (dense.isSplat())
      return std::vector<float>(size, dense.getSplatValue<float>());
    auto values = dense.getValues<float>();
    return std::vector<float>(values.begin(), values.end());
  }
  if (auto blob = dyn_cast<DenseF32ResourceElementsAttr>(attr)) {
    std::optional<ArrayRef<float>> data = blob.tryGetAsArrayRef();
    if (!data || data->size() != size)
      return std::nullopt;
    return std::vector<float>(data->begin(), data->end());
  }
  return std::nullopt;
}

std::optional<double> mlir::ap::getUniformInitValue(Value init) {
  auto scalar = [](Value value) -> std::optional<double> {
    FloatAttr attr;
    if (matchPattern(value, m_Constant(&attr)))
      return attr.getValueAsDouble();
    return std::nullopt;
  };
  if (auto fill = init.getDefiningOp<linalg::FillOp>())
    return scalar(fill.getInputs().front());
  if (auto constant = init.getDefiningOp<arith::ConstantOp>())
    if (auto dense = dyn_cast<DenseFPElementsAttr>(constant.getValue()))
      if (dense.isSplat() && dense.getElementType().isF32())
        return dense.getSplatValue<float>();
  return std::nullopt;
}
