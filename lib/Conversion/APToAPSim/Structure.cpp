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

LogicalResult mlir::ap::detail::resolveStructure(FunctionOpInterface function,
                                                 const TargetModel &target,
                                                 DeviceMap &devices) {
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

  // Then the regions, innermost first (post-order), each moving its body
  // into its parent's block.
  SmallVector<Operation *> structural;
  function->walk([&](Operation *op) {
    if (isa<PlacementOp, AdaptiveOp, ObserveOp>(op))
      structural.push_back(op);
  });
  IRRewriter rewriter(function->getContext());
  for (Operation *op : structural) {
    rewriter.setInsertionPoint(op);
    if (auto placement = dyn_cast<PlacementOp>(op)) {
      inlineRegion(rewriter, op, placement.getBody());
    } else if (auto adaptive = dyn_cast<AdaptiveOp>(op)) {
      // The variant the runtime starts with; switching between variants at
      // run time is not simulated yet.
      unsigned index = adaptive.getDefaultVariant();
      inlineRegion(rewriter, op, adaptive.getBranches()[index]);
    } else {
      auto observe = cast<ObserveOp>(op);
      rewriter.replaceAllUsesWith(observe.getResult(), observe.getInput());
    }
  }
  return success();
}
