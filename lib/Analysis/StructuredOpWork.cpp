//===- StructuredOpWork.cpp - The work of linalg structured ops -----------===//
//
// Part of the ap project: an adaptive-precision compiler built on MLIR.
//
//===----------------------------------------------------------------------===//
//
// Derives the work of any linalg structured op (named or generic) from what
// the op says about itself: the static sizes of its loops, the indexing map of
// each operand and the scalar ops of its body. No table of op names.
//
//===----------------------------------------------------------------------===//

#include "ap/Analysis/CostOpInterface.h"
#include "ap/Analysis/ElementStorage.h"
#include "ap/Support/SaturatingArithmetic.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/IR/AffineExprVisitor.h"
#include "llvm/ADT/SmallPtrSet.h"
#include "llvm/Support/MathExtras.h"

using namespace mlir;
using namespace mlir::ap;

/// Largest span of values for which distinct values are counted exactly.
static constexpr int64_t kMaxExactSpan = int64_t(1) << 22;

/// The number of distinct values of `sum(coefficients[i] * d_i)` with each
/// d_i ranging over [0, ranges[i]). Exact (a set of reachable offsets, one
/// term at a time) when the span of values is small enough; otherwise the
/// smaller of the span and the number of combinations, an upper bound.
static int64_t countDistinctValues(ArrayRef<int64_t> coefficients,
                                   ArrayRef<int64_t> ranges) {
  int64_t span = 1, combinations = 1;
  SmallVector<std::pair<int64_t, int64_t>> terms;
  for (auto [coefficient, range] : llvm::zip(coefficients, ranges)) {
    if (coefficient == 0 || range <= 1)
      continue;
    // Coefficients are bounded by collectLinearCoefficients, so the
    // magnitude never overflows.
    int64_t step = coefficient < 0 ? -coefficient : coefficient;
    terms.push_back({step, range});
    span = saturatingAdd(span, saturatingMultiply(step, range - 1));
    combinations = saturatingMultiply(combinations, range);
  }
  if (terms.size() <= 1)
    return terms.empty() ? 1 : terms.front().second;
  if (span > kMaxExactSpan)
    return std::min(span, combinations);
  // reachable[v] says whether offset v is a value of the partial sum. Adding
  // a term k * step, k in [0, range), makes v reachable when one of the
  // `range` offsets v, v - step, ... was: a sliding window along each
  // residue class modulo step, so each term costs O(span).
  std::vector<uint8_t> reachable(span, 0), next(span, 0);
  reachable[0] = 1;
  int64_t extent = 1;
  for (auto [step, range] : terms) {
    int64_t nextExtent = extent + step * (range - 1);
    for (int64_t residue = 0; residue < step && residue < nextExtent;
         ++residue) {
      int64_t inWindow = 0;
      for (int64_t v = residue, k = 0; v < nextExtent; v += step, ++k) {
        if (v < extent)
          inWindow += reachable[v];
        if (k >= range) {
          int64_t leaving = v - range * step;
          if (leaving < extent)
            inWindow -= reachable[leaving];
        }
        next[v] = inWindow > 0;
      }
    }
    extent = nextExtent;
    reachable.swap(next);
  }
  return std::count(reachable.begin(), reachable.begin() + extent, 1);
}

/// Collects the coefficient of each loop in `expr` when `expr` is a linear
/// combination of loops plus a constant; fails otherwise (mod, floordiv,
/// symbols, products of loops) and when a coefficient leaves the range where
/// the footprint arithmetic is exact.
static LogicalResult collectLinearCoefficients(AffineExpr expr,
                                               int64_t multiplier,
                                               SmallVectorImpl<int64_t> &coeffs) {
  constexpr int64_t kMaxCoefficient = int64_t(1) << 40;
  auto bounded = [&](int64_t value) {
    return value > -kMaxCoefficient && value < kMaxCoefficient;
  };
  if (auto dim = dyn_cast<AffineDimExpr>(expr)) {
    int64_t &coeff = coeffs[dim.getPosition()];
    if (llvm::AddOverflow(coeff, multiplier, coeff) || !bounded(coeff))
      return failure();
    return success();
  }
  if (isa<AffineConstantExpr>(expr))
    return success();
  auto binary = dyn_cast<AffineBinaryOpExpr>(expr);
  if (!binary)
    return failure();
  if (binary.getKind() == AffineExprKind::Add)
    return success(
        succeeded(collectLinearCoefficients(binary.getLHS(), multiplier,
                                            coeffs)) &&
        succeeded(
            collectLinearCoefficients(binary.getRHS(), multiplier, coeffs)));
  if (binary.getKind() != AffineExprKind::Mul)
    return failure();
  AffineExpr factor = binary.getLHS();
  auto constant = dyn_cast<AffineConstantExpr>(binary.getRHS());
  if (!constant) {
    factor = binary.getRHS();
    constant = dyn_cast<AffineConstantExpr>(binary.getLHS());
  }
  int64_t product;
  if (!constant ||
      llvm::MulOverflow(multiplier, constant.getValue(), product) ||
      !bounded(product))
    return failure();
  return collectLinearCoefficients(factor, product, coeffs);
}

/// The number of distinct elements of an operand of shape `shape` that the
/// loops reach through `map`.
static int64_t countFootprint(AffineMap map, ArrayRef<int64_t> loopRanges,
                              ArrayRef<int64_t> shape) {
  int64_t product = 1;
  llvm::SmallBitVector used(loopRanges.size());
  bool shared = false;
  for (auto [position, expr] : llvm::enumerate(map.getResults())) {
    llvm::SmallBitVector dims(loopRanges.size());
    expr.walk([&](AffineExpr sub) {
      if (auto dim = dyn_cast<AffineDimExpr>(sub))
        dims.set(dim.getPosition());
    });
    shared |= used.anyCommon(dims);
    used |= dims;
    SmallVector<int64_t> coeffs(loopRanges.size(), 0);
    int64_t count;
    if (succeeded(collectLinearCoefficients(expr, 1, coeffs))) {
      count = countDistinctValues(coeffs, loopRanges);
    } else {
      count = 1;
      for (unsigned dim : dims.set_bits())
        count = saturatingMultiply(count, loopRanges[dim]);
    }
    if (position < shape.size())
      count = std::min(count, shape[position]);
    product = saturatingMultiply(product, count);
  }
  if (shared) {
    // Results that share loops do not vary independently: the loops they
    // use bound the elements reached.
    int64_t combinations = 1;
    for (unsigned dim : used.set_bits())
      combinations = saturatingMultiply(combinations, loopRanges[dim]);
    product = std::min(product, combinations);
  }
  return product;
}

/// Whether `op`, in the body of a structured op, is a scalar operation the
/// cost model counts.
static bool isCountedScalarOp(Operation &op) {
  if (!isa<arith::ArithDialect, math::MathDialect>(op.getDialect()))
    return false;
  if (isa<arith::ConstantOp>(op))
    return false;
  // Index arithmetic computes addresses, which the loops themselves cost.
  return !llvm::all_of(op.getResultTypes(),
                       [](Type type) { return type.isIndex(); });
}

/// Whether `op` widens an input of a reduction as a mixed-precision
/// multiply-accumulate unit does for free: an extension (arith.extf, extsi,
/// extui) of an input block argument of a structured op with reduction
/// loops (`freeInputs`).
static bool isFreeWidening(Operation &op,
                           const llvm::SmallPtrSetImpl<Value> &freeInputs) {
  return isa<arith::ExtFOp, arith::ExtSIOp, arith::ExtUIOp>(op) &&
         freeInputs.contains(op.getOperand(0));
}

/// Counts the scalar ops of `block` and of the regions nested in it (the
/// branches of an scf.if, the body of an scf.for: each counted once, a
/// static estimate), splitting those that depend on an `accumulated` value
/// from the others. Widenings of `freeInputs` are not counted. Returns
/// whether any op accumulated.
static bool countBodyOps(Block &block,
                         llvm::SmallPtrSetImpl<Value> &accumulated,
                         const llvm::SmallPtrSetImpl<Value> &freeInputs,
                         int64_t &compute, int64_t &accumulate) {
  bool anyAccumulates = false;
  for (Operation &scalar : block.without_terminator()) {
    bool accumulates = llvm::any_of(scalar.getOperands(), [&](Value operand) {
      return accumulated.contains(operand);
    });
    for (Region &region : scalar.getRegions())
      for (Block &nested : region)
        accumulates |= countBodyOps(nested, accumulated, freeInputs, compute,
                                    accumulate);
    if (accumulates)
      accumulated.insert(scalar.result_begin(), scalar.result_end());
    anyAccumulates |= accumulates;
    if (isCountedScalarOp(scalar) && !isFreeWidening(scalar, freeInputs))
      ++(accumulates ? accumulate : compute);
  }
  return anyAccumulates;
}

/// The widest of the ap precisions among `types` (floats first on a tie).
static std::optional<Precision> widestPrecision(ArrayRef<Type> types) {
  std::optional<Precision> widest;
  for (Type type : types) {
    std::optional<Precision> precision = getPrecision(getElementTypeOrSelf(type));
    if (!precision)
      continue;
    if (!widest || getBitWidth(*precision) > getBitWidth(*widest) ||
        (getBitWidth(*precision) == getBitWidth(*widest) &&
         isFloat(*precision) && !isFloat(*widest)))
      widest = precision;
  }
  return widest;
}

FailureOr<Work>
mlir::ap::getStructuredOpWork(linalg::LinalgOp op,
                              function_ref<InFlightDiagnostic()> emitError) {
  SmallVector<int64_t> loopRanges = op.getStaticLoopRanges();
  if (op.hasDynamicShape() ||
      llvm::any_of(loopRanges, ShapedType::isDynamic))
    return emitError() << "cannot estimate the cost of an op with dynamic "
                          "shapes; the cost model needs static shapes";
  int64_t iterations = 1;
  for (int64_t range : loopRanges)
    if (llvm::MulOverflow(iterations, range, iterations))
      return emitError() << "the iteration space of the op overflows 64 bits";

  Work work;
  // The body: accumulating ops are those that, in an op with reduction
  // loops, depend on an output's block argument (the running accumulator).
  // In a reduction (a contraction, a convolution), widening the narrow
  // inputs is part of the multiply-accumulate of a mixed-precision unit (an
  // f16 x f16 -> f32 or i8 x i8 -> i32 MAC), not an operation of its own;
  // otherwise a narrow contraction would count more operations than the
  // same contraction in f32.
  llvm::SmallPtrSet<Value, 8> accumulated, freeInputs;
  if (op.getNumReductionLoops() > 0) {
    for (BlockArgument arg : op.getRegionOutputArgs())
      accumulated.insert(arg);
    for (BlockArgument arg : op.getRegionInputArgs())
      freeInputs.insert(arg);
  }
  int64_t computePerIteration = 0, accumulatePerIteration = 0;
  countBodyOps(*op.getBlock(), accumulated, freeInputs, computePerIteration,
               accumulatePerIteration);
  if (llvm::MulOverflow(computePerIteration, iterations, work.computeOps) ||
      llvm::MulOverflow(accumulatePerIteration, iterations,
                        work.accumulateOps))
    return emitError() << "the operation count of the op overflows 64 bits";

  SmallVector<Type> inputTypes;
  SmallVector<OpOperand *> readInputs;
  for (OpOperand *input : op.getDpsInputOperands()) {
    // Inputs the body ignores (a pooling window) only give a shape.
    if (!op.payloadUsesValueFromOperand(input))
      continue;
    readInputs.push_back(input);
    inputTypes.push_back(input->get().getType());
  }
  work.computePrecision = widestPrecision(inputTypes);
  // Arithmetic on numbers that are not ap precisions (f64, i64) is what it
  // is: no precision choice applies to it.
  if (!work.computePrecision && work.computeOps + work.accumulateOps > 0)
    work.fixedPrecision = true;
  if (op.getNumDpsInits() > 0)
    work.accumulatePrecision =
        getPrecision(getElementTypeOrSelf(op.getDpsInitOperand(0)->get()));

  auto addAccess = [&](OpOperand &operand, AccessRole role,
                       unsigned index) -> LogicalResult {
    auto shaped = dyn_cast<ShapedType>(operand.get().getType());
    if (!shaped)
      return success(); // A scalar lives in a register.
    FailureOr<ElementStorage> storage =
        getElementStorage(shaped.getElementType(), emitError);
    if (failed(storage))
      return failure();
    MemoryAccess &access = work.accesses.emplace_back();
    access.role = role;
    access.index = index;
    access.elements = countFootprint(op.getMatchingIndexingMap(&operand),
                                     loopRanges, shaped.getShape());
    access.storedBits = storage->bits;
    access.fixed = !storage->precision;
    return success();
  };
  for (OpOperand *input : readInputs)
    if (failed(addAccess(*input, AccessRole::Input,
                         input->getOperandNumber())))
      return failure();
  for (auto [index, init] : llvm::enumerate(op.getDpsInitsMutable())) {
    if (op.payloadUsesValueFromOperand(&init) &&
        failed(addAccess(init, AccessRole::Init, init.getOperandNumber())))
      return failure();
    if (failed(addAccess(init, AccessRole::Output, index)))
      return failure();
  }
  return work;
}
