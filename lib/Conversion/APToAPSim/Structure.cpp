//===- Structure.cpp - Placements, adaptive regions, observations ---------===//
//
// Part of the ap project: an adaptive-precision compiler built on MLIR.
//
//===----------------------------------------------------------------------===//
//
// Removes the structure of the ap dialect before the conversion proper: each
// op remembers the device of its placement, then placements and adaptive
// regions are inlined and the uses of observations' results read their
// inputs (the observations stay, for the conversion to turn into
// apsim.observe).
//
//===----------------------------------------------------------------------===//

#include "APToAPSimInternal.h"

#include "ap/Analysis/ElementStorage.h"
#include "ap/Dialect/AP/IR/APOps.h"

#include "mlir/Dialect/Quant/IR/Quant.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/PatternMatch.h"

using namespace mlir;
using namespace mlir::ap;
using namespace mlir::ap::detail;

/// Replaces `op`, whose region `region` has one block ending in `ap.yield`,
/// by the block's ops, its arguments bound to the op's operands.
static void inlineRegion(RewriterBase &rewriter, Operation *op,
                         Region &region) {
  Block &block = region.front();
  auto yield = cast<YieldOp>(block.getTerminator());
  // A yielded block argument stands for the operand bound to it (the block
  // and its arguments are gone once inlined).
  SmallVector<Value> results;
  for (Value value : yield.getValues()) {
    auto argument = dyn_cast<BlockArgument>(value);
    results.push_back(argument && argument.getOwner() == &block
                          ? op->getOperand(argument.getArgNumber())
                          : value);
  }
  rewriter.inlineBlockBefore(&block, op, op->getOperands());
  rewriter.replaceOp(op, results);
  rewriter.eraseOp(yield);
}

/// Replaces `adaptive`, running on `device`, by an apsim.select and an
/// scf.index_switch whose regions are its variants.
static SwitchPointOps resolveAdaptive(RewriterBase &rewriter,
                                      AdaptiveOp adaptive, unsigned device,
                                      const TargetModel &target) {
  Location loc = adaptive.getLoc();
  MLIRContext *context = adaptive.getContext();
  unsigned count = adaptive.getVariants().size();
  SmallVector<int32_t> precisions;
  for (unsigned index = 0; index < count; ++index)
    precisions.push_back(
        static_cast<int32_t>(adaptive.getVariantPrecision(index)));
  rewriter.setInsertionPoint(adaptive);
  SmallVector<double> losses;
  if (std::optional<ArrayRef<double>> given = adaptive.getLosses())
    losses.assign(given->begin(), given->end());
  auto select = apsim::SelectOp::create(
      rewriter, loc, rewriter.getIndexType(), adaptive.getIdAttr(),
      FlatSymbolRefAttr::get(context, target.getDevice(device).name),
      rewriter.getDenseI32ArrayAttr(precisions),
      adaptive.getDefaultVariantAttr(), rewriter.getDenseF64ArrayAttr(losses),
      rewriter.getDenseF64ArrayAttr({}), rewriter.getDenseF64ArrayAttr({}),
      rewriter.getDenseI64ArrayAttr({}));
  SmallVector<int64_t> cases;
  for (unsigned index = 0; index + 1 < count; ++index)
    cases.push_back(index);
  auto variants =
      scf::IndexSwitchOp::create(rewriter, loc, adaptive.getResultTypes(),
                                 select.getResult(), cases, cases.size());
  SwitchPointOps ops{select, variants, device};
  for (auto [index, branch] : llvm::enumerate(adaptive.getBranches())) {
    Region &region = ops.getVariantRegion(index);
    Block &body = branch.front();
    rewriter.inlineRegionBefore(branch, region, region.end());
    rewriter.setInsertionPointToStart(&body);
    // The region is no longer isolated: its arguments are the operands.
    for (auto [argument, operand] :
         llvm::zip(body.getArguments(), adaptive.getInputs()))
      rewriter.replaceAllUsesWith(argument, operand);
    body.eraseArguments(0, body.getNumArguments());
    auto yield = cast<YieldOp>(body.getTerminator());
    rewriter.setInsertionPoint(yield);
    rewriter.replaceOpWithNewOp<scf::YieldOp>(yield, yield.getValues());
  }
  rewriter.replaceOp(adaptive, variants.getResults());
  return ops;
}

LogicalResult mlir::ap::detail::resolveStructure(
    FunctionOpInterface function, const TargetModel &target, DeviceMap &devices,
    SmallVectorImpl<SwitchPointOps> &switchPoints) {
  // Devices first, outer placements before inner ones so that the innermost
  // placement decides.
  WalkResult walked = function->walk<WalkOrder::PreOrder>([&](PlacementOp op) {
    std::optional<unsigned> device = target.lookupDevice(op.getDevice());
    if (!device) {
      op.emitError() << "placement on '" << op.getDevice()
                     << "', which is not a device of the target";
      return WalkResult::interrupt();
    }
    op.getBody().walk([&](Operation *nested) { devices[nested] = *device; });
    return WalkResult::advance();
  });
  if (walked.wasInterrupted())
    return failure();

  // The variants must run on their device.
  walked = function->walk([&](AdaptiveOp op) {
    auto it = devices.find(op);
    unsigned device =
        it == devices.end() ? target.getDefaultDevice() : it->second;
    const DeviceModel &model = target.getDevice(device);
    for (unsigned index = 0, e = op.getVariants().size(); index < e; ++index) {
      Precision precision = op.getVariantPrecision(index);
      if (!model.supports(precision)) {
        op.emitError() << "variant '" << stringifyPrecision(precision)
                       << "' of switch point '" << op.getId()
                       << "' runs on device '" << model.name
                       << "', which does not compute at that precision";
        return WalkResult::interrupt();
      }
    }
    return WalkResult::advance();
  });
  if (walked.wasInterrupted())
    return failure();

  // Then the regions, outer ones first for adaptive regions (pre-order), so
  // that the switch points are listed outer first; placements and
  // observations innermost first (post-order), each moving its body into
  // its parent's block.
  SmallVector<AdaptiveOp> adaptives;
  function->walk<WalkOrder::PreOrder>(
      [&](AdaptiveOp op) { adaptives.push_back(op); });
  SmallVector<Operation *> structural;
  function->walk([&](Operation *op) {
    if (isa<PlacementOp, ObserveOp>(op))
      structural.push_back(op);
  });
  IRRewriter rewriter(function->getContext());
  for (AdaptiveOp adaptive : adaptives) {
    auto it = devices.find(adaptive);
    unsigned device =
        it == devices.end() ? target.getDefaultDevice() : it->second;
    SwitchPointOps ops = resolveAdaptive(rewriter, adaptive, device, target);
    devices[ops.select] = device;
    devices[ops.variants] = device;
    switchPoints.push_back(ops);
  }
  for (Operation *op : structural) {
    rewriter.setInsertionPoint(op);
    if (auto placement = dyn_cast<PlacementOp>(op)) {
      inlineRegion(rewriter, op, placement.getBody());
    } else {
      auto observe = cast<ObserveOp>(op);
      rewriter.replaceAllUsesWith(observe.getResult(), observe.getInput());
    }
  }
  return success();
}
