//===- Sites.cpp - The ops that get a sensitivity -------------------------===//
//
// Part of the ap project: an adaptive-precision compiler built on MLIR.
//
//===----------------------------------------------------------------------===//

#include "Sites.h"

#include "ap/Analysis/CostOpInterface.h"
#include "ap/Dialect/AP/IR/APOps.h"

#include "mlir/Interfaces/SideEffectInterfaces.h"
#include "mlir/Transforms/RegionUtils.h"

using namespace mlir;
using namespace mlir::ap::sensitivity;

std::string Site::describe() const {
  return loc.empty() ? key : key + " (" + loc + ")";
}

bool mlir::ap::sensitivity::isSite(Operation *op) {
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

/// The output-channel axis of the weight read by `operand` of `op`.
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

void mlir::ap::sensitivity::removeObservations(ModuleOp module) {
  SmallVector<ObserveOp> observations;
  module.walk([&](ObserveOp op) { observations.push_back(op); });
  for (ObserveOp op : observations) {
    op.getResult().replaceAllUsesWith(op.getInput());
    op.erase();
  }
}

SmallVector<Site> mlir::ap::sensitivity::collectSites(func::FuncOp function) {
  llvm::DenseMap<Operation *, std::string> keys =
      assignCostKeys(cast<FunctionOpInterface>(function.getOperation()));
  ConstantAnalysis constants;
  SmallVector<Site> sites;
  function->walk<WalkOrder::PreOrder>([&](Operation *op) {
    if (!isSite(op))
      return;
    auto linalgOp = cast<linalg::LinalgOp>(op);
    Site site;
    site.op = op;
    // Every linalg structured op implements CostOpInterface.
    auto key = keys.find(op);
    site.key = key != keys.end() ? key->second : std::string();
    site.name = op->getName().getStringRef().str();
    if (auto name = dyn_cast<NameLoc>(op->getLoc()))
      site.loc = name.getName().str();
    for (OpOperand *operand : linalgOp.getDpsInputOperands()) {
      // Operands the body never reads (the window of a pooling) carry only
      // a shape.
      if (!linalgOp.payloadUsesValueFromOperand(operand))
        continue;
      Value value = operand->get();
      auto existing = llvm::find_if(site.inputs, [&](const SiteInput &input) {
        return input.value == value;
      });
      if (existing != site.inputs.end()) {
        existing->operandNumbers.push_back(operand->getOperandNumber());
        continue;
      }
      SiteInput input;
      input.value = value;
      input.operandNumbers.push_back(operand->getOperandNumber());
      input.type = cast<RankedTensorType>(value.getType());
      input.isWeight = constants.isConstant(value);
      if (input.isWeight)
        input.channelAxis = getChannelAxis(linalgOp, *operand);
      if (!input.type.getElementType().isF32() && site.unsupported.empty()) {
        std::string type;
        llvm::raw_string_ostream(type) << input.type.getElementType();
        site.unsupported = "its input " +
                           std::to_string(operand->getOperandNumber()) +
                           " is " + type + ", not f32";
      }
      if (!input.type.hasStaticShape() && site.unsupported.empty())
        site.unsupported = "its input " +
                           std::to_string(operand->getOperandNumber()) +
                           " has a dynamic shape";
      site.inputs.push_back(std::move(input));
    }
    sites.push_back(std::move(site));
  });
  return sites;
}
