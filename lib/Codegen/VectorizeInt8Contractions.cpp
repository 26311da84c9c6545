//===- VectorizeInt8Contractions.cpp - VNNI kernels for int8 contractions -===//
//
// Part of the ap project: an adaptive-precision compiler built on MLIR.
//
//===----------------------------------------------------------------------===//
//
// An i8 x i8 -> i32 contraction `C += sum_k sext(A[.., k]) * sext(B[k, ..])`
// computed with `vpdpbusd`, which adds to each i32 lane the dot product of
// four unsigned bytes (its second operand) and four signed bytes (its third
// operand). With B' = B + 128 (B ^ 0x80 as a byte: an unsigned value),
//
//   sum_k A * B' = sum_k A * B + 128 * sum_k A,
//
// so C + sum_k A * B = (C - 128 * sum_k A) + sum_k A * B'. The products and
// the sums of four are exact in vpdpbusd (no saturation), and every other
// step is exact modulo 2^32, as the plain loops are: the result is
// bit-identical to them.
//
// The generated code, on tensors (bufferized later with the rest):
//   1. B packed: Bp[.., k / 4, n / lanes, 4 * (n % lanes) + k % 4] = B' (once
//      per call; four k of one n are the bytes of one i32 lane);
//   2. the correction: linalg.generic ops that sum A over the reduction
//      dims and subtract 128 times the sum from C (ap-tile-and-vectorize
//      vectorizes them);
//   3. the kernel: loops over the other parallel dims, tiles of `rows` x
//      `columnVectors * lanes` of C whose accumulators stay in registers
//      across the reduction loops, and in the innermost loop (over k / 4)
//      one vpdpbusd per accumulator: the packed B vector of its column and
//      the four bytes of A of its row broadcast to every lane.
//
//===----------------------------------------------------------------------===//

#include "ap/Codegen/Passes.h"

#include "mlir/Dialect/Affine/IR/AffineOps.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Arith/Utils/Utils.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

#include "llvm/ADT/Sequence.h"
#include "llvm/ADT/SmallBitVector.h"
#include "llvm/ADT/StringSet.h"

namespace mlir::ap {
#define GEN_PASS_DEF_APVECTORIZEINT8CONTRACTIONS
#define GEN_PASS_DEF_APLOWERINT8DOTPRODUCTS
#include "ap/Codegen/Passes.h.inc"
} // namespace mlir::ap

using namespace mlir;
using namespace mlir::ap;

/// Reduction elements per i32 lane of a vpdpbusd.
static constexpr int64_t kGroup = 4;

namespace {
/// The dot-product instruction of the target.
struct DotProductUnit {
  /// i32 accumulators per vector.
  int64_t lanes;
  /// The LLVM intrinsic: (acc: lanes x i32, u8: 4 * lanes x i8,
  /// s8: 4 * lanes x i8) -> lanes x i32.
  StringRef intrinsic;
};

/// How an i8 x i8 -> i32 contraction maps onto the kernel. A is the operand
/// whose innermost dimension is the reduction dim `k`, B the one that has
/// the result's innermost dimension `n`.
struct Int8Contraction {
  Operation *op = nullptr;
  unsigned numLoops = 0;
  SmallVector<utils::IteratorType> iterators;
  Value lhs, rhs, init;
  AffineMap lhsMap, rhsMap, initMap;
  /// The parallel dim of the rows of a tile: the result's dimension before
  /// `n`, when A has it and B does not; otherwise tiles have one row.
  std::optional<unsigned> m;
  unsigned n = 0, k = 0;
  /// Parallel dims other than m and n, in the order of the result.
  SmallVector<unsigned> outer;
  /// Reduction dims other than k.
  SmallVector<unsigned> inner;
  /// B's dims other than k and n, in the order of B: the outer dims of the
  /// packed B.
  SmallVector<unsigned> rhsOuter;
  SmallVector<int64_t> ranges;
};
} // namespace

/// Whether the body of `op` is `out + sext(in0) * sext(in1)` (operands of
/// the add and the multiplication in either order).
static bool isSignedMacBody(linalg::LinalgOp op) {
  Block *body = op.getBlock();
  if (!body || body->getNumArguments() != 3 ||
      body->getOperations().size() != 5)
    return false;
  auto yield = dyn_cast<linalg::YieldOp>(body->getTerminator());
  if (!yield || yield.getNumOperands() != 1)
    return false;
  auto add = yield.getOperand(0).getDefiningOp<arith::AddIOp>();
  if (!add)
    return false;
  Value out = body->getArgument(2);
  Value product = add.getLhs() == out   ? add.getRhs()
                  : add.getRhs() == out ? add.getLhs()
                                        : Value();
  auto mul = product ? product.getDefiningOp<arith::MulIOp>() : nullptr;
  if (!mul)
    return false;
  auto lhsExt = mul.getLhs().getDefiningOp<arith::ExtSIOp>();
  auto rhsExt = mul.getRhs().getDefiningOp<arith::ExtSIOp>();
  if (!lhsExt || !rhsExt)
    return false;
  Value x = lhsExt.getIn(), y = rhsExt.getIn();
  Value in0 = body->getArgument(0), in1 = body->getArgument(1);
  return (x == in0 && y == in1) || (x == in1 && y == in0);
}

/// Recognizes a contraction the kernel computes.
static FailureOr<Int8Contraction> matchInt8Contraction(linalg::LinalgOp op) {
  if (!op.hasPureTensorSemantics() || op.hasDynamicShape() ||
      op.getNumDpsInputs() != 2 || op.getNumDpsInits() != 1 ||
      op->getNumResults() != 1)
    return failure();
  auto isInt = [](Value value, unsigned width) {
    return getElementTypeOrSelf(value.getType()).isSignlessInteger(width);
  };
  Value in0 = op.getDpsInputOperand(0)->get();
  Value in1 = op.getDpsInputOperand(1)->get();
  Value init = op.getDpsInitOperand(0)->get();
  if (!isInt(in0, 8) || !isInt(in1, 8) || !isInt(init, 32) ||
      !isSignedMacBody(op))
    return failure();

  Int8Contraction c;
  c.op = op;
  c.numLoops = op.getNumLoops();
  c.iterators = op.getIteratorTypesArray();
  c.init = init;
  SmallVector<AffineMap> maps = op.getIndexingMapsArray();
  c.initMap = maps[2];
  if (!c.initMap.isProjectedPermutation() || c.initMap.getNumResults() == 0)
    return failure();
  c.n = c.initMap.getDimPosition(c.initMap.getNumResults() - 1);
  bool nIn0 = maps[0].isFunctionOfDim(c.n);
  if (nIn0 == maps[1].isFunctionOfDim(c.n))
    return failure();
  c.lhs = nIn0 ? in1 : in0;
  c.rhs = nIn0 ? in0 : in1;
  c.lhsMap = nIn0 ? maps[1] : maps[0];
  c.rhsMap = nIn0 ? maps[0] : maps[1];
  if (c.lhsMap.getNumResults() == 0 || !c.rhsMap.isProjectedPermutation())
    return failure();

  // Four consecutive k are four adjacent bytes of A.
  auto kExpr = dyn_cast<AffineDimExpr>(c.lhsMap.getResults().back());
  if (!kExpr)
    return failure();
  c.k = kExpr.getPosition();
  ArrayRef<utils::IteratorType> iterators = c.iterators;
  if (iterators[c.k] != utils::IteratorType::reduction ||
      iterators[c.n] != utils::IteratorType::parallel ||
      !c.rhsMap.isFunctionOfDim(c.k) || c.initMap.isFunctionOfDim(c.k))
    return failure();
  for (AffineExpr expr : c.lhsMap.getResults().drop_back())
    if (expr.isFunctionOfDim(c.k))
      return failure();
  c.ranges = op.getStaticLoopRanges();
  if (c.ranges[c.k] % kGroup != 0)
    return failure();

  unsigned rank = c.initMap.getNumResults();
  if (rank >= 2) {
    unsigned dim = c.initMap.getDimPosition(rank - 2);
    if (c.lhsMap.isFunctionOfDim(dim) && !c.rhsMap.isFunctionOfDim(dim))
      c.m = dim;
  }
  for (unsigned i = 0; i + 1 < rank; ++i) {
    unsigned dim = c.initMap.getDimPosition(i);
    if (dim != c.m)
      c.outer.push_back(dim);
  }
  for (unsigned dim = 0, e = op.getNumLoops(); dim < e; ++dim) {
    bool inInit = c.initMap.isFunctionOfDim(dim);
    if (iterators[dim] == utils::IteratorType::parallel) {
      // Every parallel dim indexes the result.
      if (!inInit)
        return failure();
    } else if (inInit) {
      return failure();
    } else if (dim != c.k) {
      c.inner.push_back(dim);
    }
  }
  for (unsigned i = 0, e = c.rhsMap.getNumResults(); i < e; ++i) {
    unsigned dim = c.rhsMap.getDimPosition(i);
    if (dim != c.k && dim != c.n)
      c.rhsOuter.push_back(dim);
  }
  return c;
}

/// Builds a nest of scf.for loops from 0 to `ubs` (step 1) carrying `init`;
/// `body` gets the induction variables and the carried values and returns
/// the values to carry on. Without loops, `body` is called once.
static SmallVector<Value>
buildForNest(OpBuilder &b, Location loc, ArrayRef<int64_t> ubs, ValueRange init,
             function_ref<SmallVector<Value>(OpBuilder &, Location, ValueRange,
                                             ValueRange)>
                 body,
             SmallVector<Value> ivs = {}) {
  if (ubs.empty())
    return body(b, loc, ivs, init);
  Value zero = arith::ConstantIndexOp::create(b, loc, 0);
  Value ub = arith::ConstantIndexOp::create(b, loc, ubs.front());
  Value one = arith::ConstantIndexOp::create(b, loc, 1);
  auto loop = scf::ForOp::create(
      b, loc, zero, ub, one, init,
      [&](OpBuilder &nested, Location nestedLoc, Value iv, ValueRange args) {
        SmallVector<Value> innerIvs = ivs;
        innerIvs.push_back(iv);
        SmallVector<Value> results = buildForNest(
            nested, nestedLoc, ubs.drop_front(), args, body, innerIvs);
        scf::YieldOp::create(nested, nestedLoc, results);
      });
  return SmallVector<Value>(loop.getResults());
}

/// The indices `map` gives for the loop dims `dims` (unused dims may be
/// any value).
static SmallVector<Value> getIndices(OpBuilder &b, Location loc, AffineMap map,
                                     ArrayRef<OpFoldResult> dims) {
  SmallVector<Value> indices;
  for (unsigned i = 0, e = map.getNumResults(); i < e; ++i) {
    OpFoldResult index =
        affine::makeComposedFoldedAffineApply(b, loc, map.getSubMap({i}), dims);
    indices.push_back(getValueOrCreateConstantIndexOp(b, loc, index));
  }
  return indices;
}

/// `base + offset` as an index.
static OpFoldResult addOffset(OpBuilder &b, Location loc, OpFoldResult base,
                              int64_t offset, int64_t scale = 1) {
  AffineExpr d0 = b.getAffineDimExpr(0);
  return affine::makeComposedFoldedAffineApply(b, loc, d0 * scale + offset,
                                               {base});
}

/// Packs B: `Bp[rhsOuter.., k / 4, n / lanes, 4 * (n % lanes) + k % 4] =
/// B ^ 0x80`, columns past N filled with 0x80.
static Value packRhs(OpBuilder &b, Location loc, const Int8Contraction &c,
                     int64_t lanes) {
  int64_t depth = c.ranges[c.k] / kGroup;
  int64_t range = c.ranges[c.n];
  int64_t groups = llvm::divideCeil(range, lanes);
  SmallVector<int64_t> shape, ubs;
  for (unsigned dim : c.rhsOuter)
    shape.push_back(c.ranges[dim]);
  shape.append({depth, groups, kGroup * lanes});
  ubs.assign(shape.begin(), shape.end() - 2); // rhsOuter.., k / 4
  Type i8 = b.getI8Type(), i32 = b.getI32Type();
  Value packed = tensor::EmptyOp::create(b, loc, shape, i8);

  unsigned rhsRank = c.rhsMap.getNumResults();
  unsigned kPos = *c.rhsMap.getResultPosition(b.getAffineDimExpr(c.k));
  unsigned nPos = *c.rhsMap.getResultPosition(b.getAffineDimExpr(c.n));
  // B read along n (n innermost, or strided) unless k is innermost: then
  // four k of one n are read at once.
  bool kInnermost = kPos == rhsRank - 1;
  auto vectorType = VectorType::get({kGroup * lanes}, i8);
  Value zero = arith::ConstantIntOp::create(b, loc, i8, 0);
  Value signBits = arith::ConstantOp::create(
      b, loc, DenseElementsAttr::get(vectorType, b.getI8IntegerAttr(-128)));

  // One vector of Bp: columns [group * lanes, group * lanes + valid).
  auto packGroup = [&](OpBuilder &b, Location loc, ValueRange ivs,
                       OpFoldResult group, int64_t valid,
                       Value packed) -> Value {
    SmallVector<OpFoldResult> dims(c.numLoops, b.getIndexAttr(0));
    for (auto [dim, iv] : llvm::zip(c.rhsOuter, ivs))
      dims[dim] = iv;
    Value depthIv = ivs.back();
    OpFoldResult column = addOffset(b, loc, group, 0, lanes);
    Value vector;
    if (kInnermost) {
      // Lane j: the 32 bits of B[n + j, 4 * k1 .. 4 * k1 + 3].
      dims[c.k] = addOffset(b, loc, depthIv, 0, kGroup);
      auto wordType = VectorType::get({kGroup}, i8);
      Value words = arith::ConstantOp::create(
          b, loc,
          DenseElementsAttr::get(VectorType::get({lanes}, i32),
                                 b.getI32IntegerAttr(0)));
      for (int64_t j = 0; j < valid; ++j) {
        dims[c.n] = addOffset(b, loc, column, j);
        SmallVector<Value> indices = getIndices(b, loc, c.rhsMap, dims);
        Value word = vector::TransferReadOp::create(
            b, loc, wordType, c.rhs, indices, zero, ArrayRef<bool>{true});
        word =
            vector::BitCastOp::create(b, loc, VectorType::get({1}, i32), word);
        Value scalar = vector::ExtractOp::create(b, loc, word, int64_t(0));
        words = vector::InsertOp::create(b, loc, scalar, words, j);
      }
      vector = vector::BitCastOp::create(b, loc, vectorType, words);
    } else {
      // Rows k0 = 0..3 along n, interleaved byte by byte.
      dims[c.n] = column;
      auto rowType = VectorType::get({lanes}, i8);
      AffineMap alongN = AffineMap::get(rhsRank, 0, b.getAffineDimExpr(nPos));
      SmallVector<Value> rows;
      for (int64_t k0 = 0; k0 < kGroup; ++k0) {
        dims[c.k] = addOffset(b, loc, depthIv, k0, kGroup);
        SmallVector<Value> indices = getIndices(b, loc, c.rhsMap, dims);
        rows.push_back(vector::TransferReadOp::create(
            b, loc, rowType, c.rhs, indices, zero, alongN,
            ArrayRef<bool>{valid == lanes}));
      }
      SmallVector<int64_t> concat =
          llvm::to_vector(llvm::seq<int64_t>(0, 2 * lanes));
      Value low = vector::ShuffleOp::create(b, loc, rows[0], rows[1],
                                            b.getDenseI64ArrayAttr(concat));
      Value high = vector::ShuffleOp::create(b, loc, rows[2], rows[3],
                                             b.getDenseI64ArrayAttr(concat));
      SmallVector<int64_t> interleave;
      for (int64_t j = 0; j < lanes; ++j)
        for (int64_t k0 = 0; k0 < kGroup; ++k0)
          interleave.push_back(k0 * lanes + j);
      vector = vector::ShuffleOp::create(b, loc, low, high,
                                         b.getDenseI64ArrayAttr(interleave));
    }
    vector = arith::XOrIOp::create(b, loc, vector, signBits);
    SmallVector<Value> indices(ivs.begin(), ivs.end());
    indices.push_back(getValueOrCreateConstantIndexOp(b, loc, group));
    indices.push_back(arith::ConstantIndexOp::create(b, loc, 0));
    return vector::TransferWriteOp::create(b, loc, vector, packed, indices,
                                           ArrayRef<bool>{true})
        .getResult();
  };

  return buildForNest(
             b, loc, ubs, packed,
             [&](OpBuilder &b, Location loc, ValueRange ivs,
                 ValueRange args) -> SmallVector<Value> {
               Value packed = args.front();
               int64_t full = range / lanes;
               if (full > 0) {
                 Value lb = arith::ConstantIndexOp::create(b, loc, 0);
                 Value ub = arith::ConstantIndexOp::create(b, loc, full);
                 Value one = arith::ConstantIndexOp::create(b, loc, 1);
                 auto loop = scf::ForOp::create(
                     b, loc, lb, ub, one, packed,
                     [&](OpBuilder &b, Location loc, Value group,
                         ValueRange args) {
                       Value result =
                           packGroup(b, loc, ivs, group, lanes, args.front());
                       scf::YieldOp::create(b, loc, result);
                     });
                 packed = loop.getResult(0);
               }
               if (int64_t rest = range % lanes)
                 packed =
                     packGroup(b, loc, ivs, b.getIndexAttr(full), rest, packed);
               return {packed};
             })
      .front();
}

/// `C - 128 * sum A` over the reduction dims, for every element of C.
static Value correctInit(OpBuilder &b, Location loc, const Int8Contraction &c) {
  MLIRContext *context = b.getContext();
  Type i32 = b.getI32Type();
  unsigned numLoops = c.numLoops;
  unsigned rank = c.initMap.getNumResults();

  Value zero = arith::ConstantIntOp::create(b, loc, i32, 0);
  auto sumBody = [&](OpBuilder &b, Location loc, ValueRange args) {
    Value value = args[0];
    if (value.getType() != i32)
      value = arith::ExtSIOp::create(b, loc, i32, value);
    Value total = arith::AddIOp::create(b, loc, args.back(), value);
    linalg::YieldOp::create(b, loc, total);
  };

  // 1. rows[..] = sum of sext(A) along its innermost dim (k), a reduction
  // along contiguous bytes.
  auto lhsType = cast<RankedTensorType>(c.lhs.getType());
  unsigned lhsRank = lhsType.getRank();
  AffineMap lhsIdentity = AffineMap::getMultiDimIdentityMap(lhsRank, context);
  SmallVector<utils::IteratorType> lhsIterators(lhsRank,
                                                utils::IteratorType::parallel);
  lhsIterators.back() = utils::IteratorType::reduction;
  Value rowsInit =
      tensor::EmptyOp::create(b, loc, lhsType.getShape().drop_back(), i32);
  rowsInit = linalg::FillOp::create(b, loc, zero, rowsInit).getResult(0);
  Value rows =
      linalg::GenericOp::create(
          b, loc, rowsInit.getType(), ValueRange{c.lhs}, ValueRange{rowsInit},
          ArrayRef<AffineMap>{lhsIdentity, lhsIdentity.dropResult(lhsRank - 1)},
          lhsIterators, sumBody)
          .getResult(0);

  // 2. sum[C dims but n] = sum of rows over the other reduction dims (the
  // window of a convolution), in the op's iteration space without n and k.
  llvm::SmallBitVector withoutNK(numLoops);
  withoutNK.set(c.n);
  withoutNK.set(c.k);
  AffineMap rowsMap = compressDims(
      c.lhsMap.dropResult(c.lhsMap.getNumResults() - 1), withoutNK);
  AffineMap sumMap = compressDims(c.initMap.dropResult(rank - 1), withoutNK);
  Value sum = rows;
  if (!c.inner.empty() || rowsMap != sumMap) {
    SmallVector<utils::IteratorType> iterators;
    SmallVector<int64_t> ranges;
    for (unsigned dim = 0; dim < numLoops; ++dim) {
      if (withoutNK.test(dim))
        continue;
      iterators.push_back(c.iterators[dim]);
      ranges.push_back(c.ranges[dim]);
    }
    SmallVector<Value> inputs = {rows};
    SmallVector<AffineMap> maps = {rowsMap, sumMap};
    // linalg infers the loop ranges from operand dims indexed by one loop
    // alone; a window dim only ever offsets another one, so an operand of
    // its shape (not read) gives its range.
    SmallVector<AffineExpr> unranged;
    for (unsigned dim = 0, e = ranges.size(); dim < e; ++dim) {
      AffineExpr expr = b.getAffineDimExpr(dim);
      if (!llvm::is_contained(rowsMap.getResults(), expr) &&
          !llvm::is_contained(sumMap.getResults(), expr))
        unranged.push_back(expr);
    }
    if (!unranged.empty()) {
      SmallVector<int64_t> shape;
      for (AffineExpr expr : unranged)
        shape.push_back(ranges[cast<AffineDimExpr>(expr).getPosition()]);
      inputs.push_back(tensor::EmptyOp::create(b, loc, shape, b.getI8Type()));
      maps.insert(maps.begin() + 1,
                  AffineMap::get(ranges.size(), 0, unranged, context));
    }
    auto initType = cast<RankedTensorType>(c.init.getType());
    Value sumInit =
        tensor::EmptyOp::create(b, loc, initType.getShape().drop_back(), i32);
    sumInit = linalg::FillOp::create(b, loc, zero, sumInit).getResult(0);
    sum =
        linalg::GenericOp::create(b, loc, sumInit.getType(), inputs,
                                  ValueRange{sumInit}, maps, iterators, sumBody)
            .getResult(0);
  }

  // C[.., n] -= 128 * sum[..], in place.
  AffineMap identity = AffineMap::getMultiDimIdentityMap(rank, context);
  SmallVector<utils::IteratorType> parallel(rank,
                                            utils::IteratorType::parallel);
  return linalg::GenericOp::create(
             b, loc, c.init.getType(), ValueRange{sum}, ValueRange{c.init},
             ArrayRef<AffineMap>{identity.dropResult(rank - 1), identity},
             parallel,
             [&](OpBuilder &b, Location loc, ValueRange args) {
               Value scale = arith::ConstantIntOp::create(b, loc, i32, 128);
               Value offset = arith::MulIOp::create(b, loc, args[0], scale);
               Value corrected = arith::SubIOp::create(b, loc, args[1], offset);
               linalg::YieldOp::create(b, loc, corrected);
             })
      .getResult(0);
}

/// `acc[j] + sum_k lhs[j, k] * rhs[k]` over the four k: the vector.contract
/// that ap-lower-int8-dot-products turns into one vpdpbusd when `lhs` and
/// `rhs` are extended bytes.
static Value createDotProducts(OpBuilder &b, Location loc, Value lhs, Value rhs,
                               Value acc) {
  AffineExpr j = b.getAffineDimExpr(0), k = b.getAffineDimExpr(1);
  return vector::ContractionOp::create(
      b, loc, lhs, rhs, acc, ArrayRef<ArrayRef<AffineExpr>>{{j, k}, {k}, {j}},
      ArrayRef<vector::IteratorType>{vector::IteratorType::parallel,
                                     vector::IteratorType::reduction});
}

namespace {
/// Emits the kernel of one contraction.
class KernelBuilder {
public:
  KernelBuilder(const Int8Contraction &c, const DotProductUnit &unit,
                Value packed, int64_t rows, int64_t columnVectors)
      : c(c), unit(unit), packed(packed), rows(rows),
        columnVectors(columnVectors) {}

  /// The result of the contraction, computed into `init` (C corrected).
  Value build(OpBuilder &b, Location loc, Value init);

private:
  /// Tiles of every row of the result at the outer dims `dims`.
  Value buildRows(OpBuilder &b, Location loc, SmallVector<OpFoldResult> dims,
                  Value result);
  /// Tiles of `numRows` rows from `dims[m]` along n.
  Value buildColumns(OpBuilder &b, Location loc, SmallVector<OpFoldResult> dims,
                     int64_t numRows, Value result);
  /// One tile: `numRows` rows from `dims[m]`, `numVectors` vectors from
  /// column vector `group`, of which the last has `lastValid` columns.
  Value buildTile(OpBuilder &b, Location loc, SmallVector<OpFoldResult> dims,
                  int64_t numRows, OpFoldResult group, int64_t numVectors,
                  int64_t lastValid, Value result);

  const Int8Contraction &c;
  const DotProductUnit &unit;
  Value packed;
  int64_t rows, columnVectors;
};
} // namespace

Value KernelBuilder::build(OpBuilder &b, Location loc, Value init) {
  SmallVector<int64_t> ubs;
  for (unsigned dim : c.outer)
    ubs.push_back(c.ranges[dim]);
  return buildForNest(b, loc, ubs, init,
                      [&](OpBuilder &b, Location loc, ValueRange ivs,
                          ValueRange args) -> SmallVector<Value> {
                        SmallVector<OpFoldResult> dims(c.numLoops,
                                                       b.getIndexAttr(0));
                        for (auto [dim, iv] : llvm::zip(c.outer, ivs))
                          dims[dim] = iv;
                        return {buildRows(b, loc, dims, args.front())};
                      })
      .front();
}

Value KernelBuilder::buildRows(OpBuilder &b, Location loc,
                               SmallVector<OpFoldResult> dims, Value result) {
  if (!c.m)
    return buildColumns(b, loc, dims, 1, result);
  int64_t range = c.ranges[*c.m];
  int64_t tileRows = std::min(rows, range);
  int64_t full = range / tileRows * tileRows;
  if (full > tileRows) {
    Value lb = arith::ConstantIndexOp::create(b, loc, 0);
    Value ub = arith::ConstantIndexOp::create(b, loc, full);
    Value step = arith::ConstantIndexOp::create(b, loc, tileRows);
    auto loop = scf::ForOp::create(
        b, loc, lb, ub, step, result,
        [&](OpBuilder &b, Location loc, Value row, ValueRange args) {
          SmallVector<OpFoldResult> tileDims = dims;
          tileDims[*c.m] = row;
          scf::YieldOp::create(
              b, loc, buildColumns(b, loc, tileDims, tileRows, args.front()));
        });
    result = loop.getResult(0);
  } else {
    result = buildColumns(b, loc, dims, tileRows, result);
  }
  if (int64_t rest = range - full) {
    dims[*c.m] = b.getIndexAttr(full);
    result = buildColumns(b, loc, dims, rest, result);
  }
  return result;
}

Value KernelBuilder::buildColumns(OpBuilder &b, Location loc,
                                  SmallVector<OpFoldResult> dims,
                                  int64_t numRows, Value result) {
  int64_t range = c.ranges[c.n];
  int64_t lanes = unit.lanes;
  int64_t vectors = llvm::divideCeil(range, lanes);
  // Tiles of `columnVectors` full vectors, then the rest (the last vector
  // possibly partial).
  int64_t fullTiles = (range / lanes) / columnVectors;
  if (fullTiles > 1) {
    Value lb = arith::ConstantIndexOp::create(b, loc, 0);
    Value ub =
        arith::ConstantIndexOp::create(b, loc, fullTiles * columnVectors);
    Value step = arith::ConstantIndexOp::create(b, loc, columnVectors);
    auto loop = scf::ForOp::create(
        b, loc, lb, ub, step, result,
        [&](OpBuilder &b, Location loc, Value group, ValueRange args) {
          scf::YieldOp::create(b, loc,
                               buildTile(b, loc, dims, numRows, group,
                                         columnVectors, lanes, args.front()));
        });
    result = loop.getResult(0);
  } else if (fullTiles == 1) {
    result = buildTile(b, loc, dims, numRows, b.getIndexAttr(0), columnVectors,
                       lanes, result);
  }
  if (int64_t rest = vectors - fullTiles * columnVectors) {
    int64_t lastValid = range - (vectors - 1) * lanes;
    result = buildTile(b, loc, dims, numRows,
                       b.getIndexAttr(fullTiles * columnVectors), rest,
                       lastValid, result);
  }
  return result;
}

Value KernelBuilder::buildTile(OpBuilder &b, Location loc,
                               SmallVector<OpFoldResult> dims, int64_t numRows,
                               OpFoldResult group, int64_t numVectors,
                               int64_t lastValid, Value result) {
  int64_t lanes = unit.lanes;
  Type i8 = b.getI8Type(), i32 = b.getI32Type();
  auto bytesType = VectorType::get({kGroup * lanes}, i8);
  auto columnType = VectorType::get({lanes, kGroup}, i8);
  Value zero32 = arith::ConstantIntOp::create(b, loc, i32, 0);
  Value zero8 = arith::ConstantIntOp::create(b, loc, i8, 0);
  OpFoldResult firstRow = c.m ? dims[*c.m] : b.getIndexAttr(0);
  // The tile of C, read and written as one vector (numRows x numVectors *
  // lanes, rows contiguous along n; masked past N), so that the loops
  // around carry a single subset of C.
  SmallVector<int64_t> tileShape = {numVectors * lanes};
  if (c.m)
    tileShape.insert(tileShape.begin(), numRows);
  auto tileType = VectorType::get(tileShape, i32);
  SmallVector<bool> tileInBounds(tileShape.size(), true);
  tileInBounds.back() = lastValid == lanes;
  SmallVector<OpFoldResult> origin = dims;
  origin[c.n] = addOffset(b, loc, group, 0, lanes);
  SmallVector<Value> tileIndices = getIndices(b, loc, c.initMap, origin);
  Value tile = vector::TransferReadOp::create(
      b, loc, tileType, result, tileIndices, zero32, tileInBounds);
  // Its accumulators, row r, vector v, are slices of the tile flattened
  // (extract/insert chains on 1-D vectors stay slices; on the 2-D tile the
  // canonicalizer would make them element lists).
  int64_t tileSize = numRows * numVectors * lanes;
  auto flatType = VectorType::get({tileSize}, i32);
  Value flat =
      c.m ? vector::ShapeCastOp::create(b, loc, flatType, tile).getResult()
          : tile;
  auto offset = [&](int64_t r, int64_t v) {
    return (r * numVectors + v) * lanes;
  };
  SmallVector<Value> accs;
  for (int64_t r = 0; r < numRows; ++r)
    for (int64_t v = 0; v < numVectors; ++v)
      accs.push_back(vector::ExtractStridedSliceOp::create(
          b, loc, flat, ArrayRef<int64_t>{offset(r, v)},
          ArrayRef<int64_t>{lanes}, ArrayRef<int64_t>{1}));

  // The reduction: the other reduction dims, then k / 4.
  SmallVector<int64_t> ubs;
  for (unsigned dim : c.inner)
    ubs.push_back(c.ranges[dim]);
  ubs.push_back(c.ranges[c.k] / kGroup);
  auto wordType = VectorType::get({kGroup}, i8);
  accs = buildForNest(
      b, loc, ubs, accs,
      [&](OpBuilder &b, Location loc, ValueRange ivs,
          ValueRange args) -> SmallVector<Value> {
        SmallVector<OpFoldResult> at = dims;
        for (auto [dim, iv] : llvm::zip(c.inner, ivs))
          at[dim] = iv;
        Value depth = ivs.back();
        at[c.k] = addOffset(b, loc, depth, 0, kGroup);

        // B: one packed vector per column vector, its bytes zero-extended
        // (B + 128 is unsigned).
        SmallVector<Value> columns;
        for (int64_t v = 0; v < numVectors; ++v) {
          SmallVector<Value> indices;
          for (unsigned dim : c.rhsOuter)
            indices.push_back(getValueOrCreateConstantIndexOp(b, loc, at[dim]));
          indices.push_back(depth);
          indices.push_back(getValueOrCreateConstantIndexOp(
              b, loc, addOffset(b, loc, group, v)));
          indices.push_back(arith::ConstantIndexOp::create(b, loc, 0));
          Value bytes = vector::TransferReadOp::create(
              b, loc, bytesType, packed, indices, zero8, ArrayRef<bool>{true});
          bytes = vector::ShapeCastOp::create(b, loc, columnType, bytes);
          columns.push_back(arith::ExtUIOp::create(
              b, loc, VectorType::get({lanes, kGroup}, i32), bytes));
        }
        // A: four bytes of each row, sign-extended; one dot product of four
        // per accumulator and lane.
        SmallVector<Value> results;
        for (int64_t r = 0; r < numRows; ++r) {
          if (c.m)
            at[*c.m] = addOffset(b, loc, firstRow, r);
          SmallVector<Value> indices = getIndices(b, loc, c.lhsMap, at);
          Value word = vector::TransferReadOp::create(
              b, loc, wordType, c.lhs, indices, zero8, ArrayRef<bool>{true});
          word = arith::ExtSIOp::create(b, loc, VectorType::get({kGroup}, i32),
                                        word);
          for (int64_t v = 0; v < numVectors; ++v)
            results.push_back(createDotProducts(b, loc, columns[v], word,
                                                args[r * numVectors + v]));
        }
        return results;
      });

  for (int64_t r = 0; r < numRows; ++r)
    for (int64_t v = 0; v < numVectors; ++v)
      flat = vector::InsertStridedSliceOp::create(
          b, loc, accs[r * numVectors + v], flat,
          ArrayRef<int64_t>{offset(r, v)}, ArrayRef<int64_t>{1});
  tile = c.m ? vector::ShapeCastOp::create(b, loc, tileType, flat).getResult()
             : flat;
  return vector::TransferWriteOp::create(b, loc, tile, result, tileIndices,
                                         tileInBounds)
      .getResult();
}

/// The dot-product unit that `features` (LLVM's -mattr syntax) provide.
static std::optional<DotProductUnit> getDotProductUnit(StringRef features) {
  llvm::StringSet<> enabled;
  SmallVector<StringRef> list;
  features.split(list, ',', /*MaxSplit=*/-1, /*KeepEmpty=*/false);
  for (StringRef feature : list) {
    feature = feature.trim();
    if (feature.consume_front("+"))
      enabled.insert(feature);
    else if (feature.consume_front("-"))
      enabled.erase(feature);
    else
      enabled.insert(feature);
  }
  if (enabled.contains("avx512vnni"))
    return DotProductUnit{16, "llvm.x86.avx512.vpdpbusd.512"};
  if (enabled.contains("avxvnni"))
    return DotProductUnit{8, "llvm.x86.avx512.vpdpbusd.256"};
  return std::nullopt;
}

namespace {
struct VectorizeInt8ContractionsPass
    : public ap::impl::APVectorizeInt8ContractionsBase<
          VectorizeInt8ContractionsPass> {
  using Base::Base;

  void runOnOperation() override {
    std::optional<DotProductUnit> unit = getDotProductUnit(targetFeatures);
    if (!unit)
      return;
    bool wide = unit->lanes == 16;
    int64_t tileRows = rows > 0 ? rows : (wide ? 6 : 4);
    int64_t tileVectors = columnVectors > 0 ? columnVectors : (wide ? 4 : 2);

    std::vector<Int8Contraction> contractions;
    getOperation().walk([&](linalg::LinalgOp op) {
      if (FailureOr<Int8Contraction> c = matchInt8Contraction(op); succeeded(c))
        contractions.push_back(*c);
    });
    IRRewriter rewriter(&getContext());
    for (const Int8Contraction &c : contractions) {
      Location loc = c.op->getLoc();
      rewriter.setInsertionPoint(c.op);
      Value packed = packRhs(rewriter, loc, c, unit->lanes);
      Value init = correctInit(rewriter, loc, c);
      KernelBuilder kernel(c, *unit, packed, tileRows, tileVectors);
      Value result = kernel.build(rewriter, loc, init);
      rewriter.replaceOp(c.op, result);
    }
  }
};
} // namespace

//===----------------------------------------------------------------------===//
// ap-lower-int8-dot-products
//===----------------------------------------------------------------------===//

namespace {
/// One operand of a dot product of bytes: `bytes` (vector<lanes x 4 x i8>,
/// or vector<4 x i8> broadcast to every lane) extended to i32.
struct ByteOperand {
  Value bytes;
  bool isUnsigned = false;
  bool broadcast = false;
};

/// `acc[j] + sum_k zext(u[j, k]) * sext(s[j, k])` over four k, u and s each
/// a vector<lanes x 4> or a vector<4> broadcast to every lane, becomes one
/// vpdpbusd.
struct DotProductsToVnni : public OpRewritePattern<vector::ContractionOp> {
  DotProductsToVnni(MLIRContext *context, DotProductUnit unit)
      : OpRewritePattern(context), unit(unit) {}

  /// The bytes behind operand `index` of `op`, if it is an extended byte
  /// vector indexed by (j, k) or by k.
  FailureOr<ByteOperand> getByteOperand(vector::ContractionOp op,
                                        unsigned index) const {
    Value value = op->getOperand(index);
    AffineMap map = op.getIndexingMapsArray()[index];
    AffineExpr j = getAffineDimExpr(0, op.getContext());
    AffineExpr k = getAffineDimExpr(1, op.getContext());
    ByteOperand operand;
    if (map == AffineMap::get(2, 0, {k}, op.getContext()))
      operand.broadcast = true;
    else if (map != AffineMap::get(2, 0, {j, k}, op.getContext()))
      return failure();
    if (auto ext = value.getDefiningOp<arith::ExtUIOp>()) {
      operand.bytes = ext.getIn();
      operand.isUnsigned = true;
    } else if (auto ext = value.getDefiningOp<arith::ExtSIOp>()) {
      operand.bytes = ext.getIn();
    } else {
      return failure();
    }
    auto type = dyn_cast<VectorType>(operand.bytes.getType());
    SmallVector<int64_t> shape = {kGroup};
    if (!operand.broadcast)
      shape.insert(shape.begin(), unit.lanes);
    if (!type || type.isScalable() || type.getShape() != ArrayRef(shape) ||
        !type.getElementType().isSignlessInteger(8))
      return failure();
    return operand;
  }

  /// The 4 * lanes bytes of `operand` as vpdpbusd reads them.
  Value getBytes(PatternRewriter &rewriter, Location loc,
                 const ByteOperand &operand) const {
    Type i8 = rewriter.getI8Type(), i32 = rewriter.getI32Type();
    auto bytesType = VectorType::get({kGroup * unit.lanes}, i8);
    if (!operand.broadcast)
      return vector::ShapeCastOp::create(rewriter, loc, bytesType,
                                         operand.bytes);
    Value word = vector::BitCastOp::create(
        rewriter, loc, VectorType::get({1}, i32), operand.bytes);
    Value scalar = vector::ExtractOp::create(rewriter, loc, word, int64_t(0));
    Value splat = vector::BroadcastOp::create(
        rewriter, loc, VectorType::get({unit.lanes}, i32), scalar);
    return vector::BitCastOp::create(rewriter, loc, bytesType, splat);
  }

  LogicalResult matchAndRewrite(vector::ContractionOp op,
                                PatternRewriter &rewriter) const override {
    if (op.getKind() != vector::CombiningKind::ADD)
      return rewriter.notifyMatchFailure(op, "not a sum");
    if (cast<vector::MaskableOpInterface>(op.getOperation()).isMasked())
      return rewriter.notifyMatchFailure(op, "masked");
    auto accType = dyn_cast<VectorType>(op.getAccType());
    if (!accType || accType.isScalable() ||
        accType.getShape() != ArrayRef<int64_t>{unit.lanes} ||
        !accType.getElementType().isSignlessInteger(32))
      return rewriter.notifyMatchFailure(op, "not a vector of lanes x i32");
    SmallVector<vector::IteratorType> iterators = op.getIteratorTypesArray();
    if (iterators.size() != 2 ||
        iterators[0] != vector::IteratorType::parallel ||
        iterators[1] != vector::IteratorType::reduction ||
        op.getIndexingMapsArray()[2] !=
            AffineMap::get(2, 0, {getAffineDimExpr(0, op.getContext())},
                           op.getContext()))
      return rewriter.notifyMatchFailure(op, "not a dot product per lane");
    FailureOr<ByteOperand> lhs = getByteOperand(op, 0);
    FailureOr<ByteOperand> rhs = getByteOperand(op, 1);
    if (failed(lhs) || failed(rhs) || lhs->isUnsigned == rhs->isUnsigned)
      return rewriter.notifyMatchFailure(
          op, "not unsigned bytes times signed bytes");
    const ByteOperand &u = lhs->isUnsigned ? *lhs : *rhs;
    const ByteOperand &s = lhs->isUnsigned ? *rhs : *lhs;
    Location loc = op.getLoc();
    Value uBytes = getBytes(rewriter, loc, u);
    Value sBytes = getBytes(rewriter, loc, s);
    rewriter.replaceOpWithNewOp<LLVM::CallIntrinsicOp>(
        op, accType, rewriter.getStringAttr(unit.intrinsic),
        ValueRange{op.getAcc(), uBytes, sBytes});
    return success();
  }

  DotProductUnit unit;
};

struct LowerInt8DotProductsPass
    : public ap::impl::APLowerInt8DotProductsBase<LowerInt8DotProductsPass> {
  using Base::Base;

  void runOnOperation() override {
    std::optional<DotProductUnit> unit = getDotProductUnit(targetFeatures);
    if (!unit)
      return;
    RewritePatternSet patterns(&getContext());
    patterns.add<DotProductsToVnni>(&getContext(), *unit);
    vector::ShapeCastOp::getCanonicalizationPatterns(patterns, &getContext());
    if (failed(applyPatternsGreedily(getOperation(), std::move(patterns))))
      return signalPassFailure();
  }
};
} // namespace
