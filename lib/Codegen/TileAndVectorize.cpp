//===- TileAndVectorize.cpp - Register tiles for the host CPU -------------===//
//
// Part of the ap project: an adaptive-precision compiler built on MLIR.
//
//===----------------------------------------------------------------------===//

#include "ap/Codegen/Passes.h"

#include "mlir/Dialect/Affine/IR/AffineOps.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/Linalg/Transforms/Hoisting.h"
#include "mlir/Dialect/Linalg/Transforms/Transforms.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/SCF/Transforms/TileUsingInterface.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Tensor/Transforms/Transforms.h"
#include "mlir/Dialect/Utils/StaticValueUtils.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/Dialect/Vector/Transforms/LoweringPatterns.h"
#include "mlir/Dialect/Vector/Transforms/VectorRewritePatterns.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"
#include "mlir/Transforms/LoopInvariantCodeMotionUtils.h"

namespace mlir::ap {
#define GEN_PASS_DEF_APTILEANDVECTORIZE
#define GEN_PASS_DEF_APHOISTVECTORTRANSFERS
#define GEN_PASS_DEF_APLOWERVECTORS
#include "ap/Codegen/Passes.h.inc"
} // namespace mlir::ap

using namespace mlir;
using namespace mlir::ap;

/// The largest divisor of `range` that is at most `target`: tiles that
/// divide the range keep every tile static, which the vectorizer needs.
static int64_t getDividingTile(int64_t range, int64_t target) {
  for (int64_t tile = std::min(range, target); tile > 1; --tile)
    if (range % tile == 0)
      return tile;
  return 1;
}

namespace {
struct TileAndVectorizePass
    : public ap::impl::APTileAndVectorizeBase<TileAndVectorizePass> {
  using Base::Base;

  void runOnOperation() override;

  /// Tile sizes for every loop of `op` (0: the loop is not tiled).
  SmallVector<int64_t> chooseTileSizes(linalg::LinalgOp op) const;
};
} // namespace

SmallVector<int64_t>
TileAndVectorizePass::chooseTileSizes(linalg::LinalgOp op) const {
  SmallVector<int64_t> ranges = op.getStaticLoopRanges();
  SmallVector<int64_t> tiles(ranges.size(), 1);
  auto setInnermost = [&](ArrayRef<unsigned> dims, int64_t target) {
    // The last dim of the group is the fastest varying one: it gets the
    // tile, the others iterate one at a time.
    if (!dims.empty())
      tiles[dims.back()] = getDividingTile(ranges[dims.back()], target);
  };

  if (linalg::isaConvolutionOpInterface(op)) {
    FailureOr<linalg::ConvolutionDimensions> dims =
        linalg::inferConvolutionDims(op);
    if (succeeded(dims)) {
      // Output rows and kernel rows one at a time, so that the upstream
      // decomposition turns a 2-D window into a 1-D one; kernel columns
      // whole (unrolled by the 1-D vectorizer).
      setInnermost(dims->outputImage, rows);
      setInnermost(dims->outputChannel, 2 * vectorWidth);
      setInnermost(dims->depth, 2 * vectorWidth);
      setInnermost(dims->inputChannel, reductionTile);
      if (!dims->filterLoop.empty())
        tiles[dims->filterLoop.back()] = 0;
      return tiles;
    }
  }
  if (FailureOr<linalg::ContractionDimensions> dims =
          linalg::inferContractionDims(op);
      succeeded(dims) && !dims->k.empty()) {
    setInnermost(dims->m, rows);
    setInnermost(dims->n, 2 * vectorWidth);
    setInnermost(dims->k, reductionTile);
    return tiles;
  }
  SmallVector<unsigned> parallel, reduction;
  for (auto [index, type] : llvm::enumerate(op.getIteratorTypesArray()))
    (type == utils::IteratorType::parallel ? parallel : reduction)
        .push_back(index);
  setInnermost(parallel, vectorWidth);
  setInnermost(reduction, vectorWidth);
  return tiles;
}

/// Whether `op` is a linalg op on tensors with static shapes.
static bool isStaticTensorOp(linalg::LinalgOp op) {
  return op.hasPureTensorSemantics() && !op.hasDynamicShape() &&
         op.getNumLoops() > 0;
}

void TileAndVectorizePass::runOnOperation() {
  func::FuncOp function = getOperation();
  MLIRContext *context = &getContext();
  IRRewriter rewriter(context);

  // 1. Tile.
  SmallVector<linalg::LinalgOp> toTile;
  function.walk([&](linalg::LinalgOp op) {
    if (isStaticTensorOp(op))
      toTile.push_back(op);
  });
  for (linalg::LinalgOp op : toTile) {
    SmallVector<int64_t> tiles = chooseTileSizes(op);
    SmallVector<int64_t> ranges = op.getStaticLoopRanges();
    bool whole = llvm::all_of(llvm::zip(tiles, ranges), [](auto pair) {
      auto [tile, range] = pair;
      return tile == 0 || tile == range;
    });
    if (whole)
      continue;
    scf::SCFTilingOptions options;
    options.setTileSizes(getAsIndexOpFoldResult(context, tiles));
    rewriter.setInsertionPoint(op);
    FailureOr<scf::SCFTilingResult> tiled = scf::tileUsingSCF(
        rewriter, cast<TilingInterface>(op.getOperation()), options);
    if (failed(tiled))
      continue;
    rewriter.replaceOp(op, tiled->replacements);
  }

  // 2. 2-D windows with unit rows become 1-D ones, which vectorize.
  {
    RewritePatternSet patterns(context);
    linalg::populateDecomposeConvolutionPatterns(patterns);
    (void)applyPatternsGreedily(function, std::move(patterns));
  }

  // 3. Vectorize.
  SmallVector<linalg::LinalgOp> toVectorize;
  function.walk([&](linalg::LinalgOp op) {
    if (isStaticTensorOp(op))
      toVectorize.push_back(op);
  });
  for (linalg::LinalgOp op : toVectorize) {
    rewriter.setInsertionPoint(op);
    // Contractions become one vector.contract with the op's own indexing
    // maps (operands read as they are laid out), not a broadcast product
    // and a reduction.
    bool contraction = linalg::isaContractionOpInterface(op);
    FailureOr<linalg::VectorizationResult> vectorized = linalg::vectorize(
        rewriter, op, /*inputVectorSizes=*/{}, /*inputScalableVecDims=*/{},
        /*vectorizeNDExtract=*/false, /*flatten1DDepthwiseConv=*/false,
        /*assumeDynamicDimsMatchVecSizes=*/false,
        /*createNamedContraction=*/contraction);
    if (succeeded(vectorized))
      rewriter.replaceOp(op, vectorized->replacements);
  }

  // 4. Clean up: slices folded into the transfers, transfers simplified.
  RewritePatternSet patterns(context);
  tensor::populateFoldTensorSubsetIntoVectorTransferPatterns(patterns);
  vector::populateVectorReductionToContractPatterns(patterns);
  vector::populateSinkVectorOpsPatterns(patterns);
  vector::TransferReadOp::getCanonicalizationPatterns(patterns, context);
  vector::TransferWriteOp::getCanonicalizationPatterns(patterns, context);
  scf::ForOp::getCanonicalizationPatterns(patterns, context);
  tensor::ExtractSliceOp::getCanonicalizationPatterns(patterns, context);
  if (failed(applyPatternsGreedily(function, std::move(patterns))))
    return signalPassFailure();

  // 5. The accumulator tile a reduction loop reads at the start of an
  // iteration and writes at the end becomes a loop-carried vector: it
  // stays in registers across the loop. Innermost loops first.
  SmallVector<LoopLikeOpInterface> loops;
  function.walk([&](LoopLikeOpInterface loop) { loops.push_back(loop); });
  for (LoopLikeOpInterface loop : loops)
    hoistLoopInvariantSubsets(rewriter, loop);
}

namespace {
struct HoistVectorTransfersPass
    : public ap::impl::APHoistVectorTransfersBase<HoistVectorTransfersPass> {
  using Base::Base;
  void runOnOperation() override {
    linalg::hoistRedundantVectorTransfers(getOperation());
  }
};
} // namespace

namespace {
/// Rewrites a bit-counting math op (ctlz, cttz, ctpop) on an n-D vector as
/// the same op on the flattened 1-D vector: the LLVM lowering of these ops
/// takes 1-D vectors only (the exact emulation of narrow float formats
/// counts leading zeros on vectorized tiles such as vector<1x2xi64>).
template <typename MathOp>
struct FlattenBitCountOp : OpRewritePattern<MathOp> {
  using OpRewritePattern<MathOp>::OpRewritePattern;

  LogicalResult matchAndRewrite(MathOp op,
                                PatternRewriter &rewriter) const override {
    auto type = dyn_cast<VectorType>(op.getType());
    if (!type || type.getRank() < 2 || type.isScalable())
      return rewriter.notifyMatchFailure(op, "not a fixed n-D vector");
    auto flatType =
        VectorType::get({type.getNumElements()}, type.getElementType());
    Location loc = op.getLoc();
    Value flat = vector::ShapeCastOp::create(rewriter, loc, flatType,
                                             op.getOperand());
    Value counted = MathOp::create(rewriter, loc, flat);
    rewriter.replaceOpWithNewOp<vector::ShapeCastOp>(op, type, counted);
    return success();
  }
};

struct LowerVectorsPass
    : public ap::impl::APLowerVectorsBase<LowerVectorsPass> {
  using Base::Base;
  void runOnOperation() override {
    MLIRContext *context = &getContext();
    RewritePatternSet patterns(context);
    vector::populateVectorContractLoweringPatterns(
        patterns, vector::VectorContractLowering::OuterProduct);
    vector::populateVectorOuterProductLoweringPatterns(patterns);
    vector::populateVectorMultiReductionLoweringPatterns(
        patterns, vector::VectorMultiReductionLowering::InnerReduction);
    vector::populateVectorTransposeLoweringPatterns(
        patterns, vector::VectorTransposeLowering::EltWise);
    vector::populateVectorBroadcastLoweringPatterns(patterns);
    vector::populateVectorShapeCastLoweringPatterns(patterns);
    vector::populateVectorMaskOpLoweringPatterns(patterns);
    vector::populateVectorTransferPermutationMapLoweringPatterns(patterns);
    vector::populateVectorTransferLoweringPatterns(patterns,
                                                   /*maxTransferRank=*/1);
    vector::populateVectorStepLoweringPatterns(patterns);
    vector::populateVectorGatherLoweringPatterns(patterns);
    patterns.add<FlattenBitCountOp<math::CountLeadingZerosOp>,
                 FlattenBitCountOp<math::CountTrailingZerosOp>,
                 FlattenBitCountOp<math::CtPopOp>>(context);
    if (failed(applyPatternsGreedily(getOperation(), std::move(patterns))))
      return signalPassFailure();
  }
};
} // namespace
