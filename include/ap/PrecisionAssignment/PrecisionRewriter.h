//===- PrecisionRewriter.h - Sites rewritten at their precision -*- C++ -*-===//
//
// Part of the ap project: an adaptive-precision compiler built on MLIR.
//
//===----------------------------------------------------------------------===//
//
// Rewrites a site to compute at a candidate precision, for real: the op is
// recreated on inputs of the chosen types, not computed in f32 on rounded
// values.
//
//   floating point p:  every input becomes `ap.convert ... saturate` to p
//     (constant weights are converted at compile time into a constant of p);
//     the op is recreated on the p inputs with its f32 initial value (linalg
//     extends the p operands to the f32 accumulator), or, on a device
//     without f32, on a p initial value, its result converted back to f32.
//   integer p (i8, i4): the activation becomes `ap.quantize` to
//     `!quant.uniform<iN:f32, s:zp>` and `quant.scast` to its storage type;
//     the weight becomes a constant of storage integers (per-channel
//     symmetric quantization at compile time); the op is recreated on the
//     storage types with an i32 accumulator starting at IntegerPlan's
//     initial value; the accumulator is `quant.scast` to
//     getAccumulatorElementType (scales s_a * s_w[c], zero points the
//     correction z_a * sum_k w[k, c]) and `ap.dequantize`d to f32.
//
// Conversions are shared: one ap.convert (or ap.quantize) per value and type,
// placed right after the value's definition, whatever number of sites read
// it.
//
//===----------------------------------------------------------------------===//

#ifndef AP_PRECISIONASSIGNMENT_PRECISIONREWRITER_H
#define AP_PRECISIONASSIGNMENT_PRECISIONREWRITER_H

#include "ap/PrecisionAssignment/SiteCandidates.h"

#include "mlir/IR/Builders.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/SetVector.h"

namespace mlir::ap {

/// Rewrites sites of one module to their candidates, sharing the
/// conversions they add.
class PrecisionRewriter {
public:
  explicit PrecisionRewriter(MLIRContext *context) : builder(context) {}

  /// Rewrites `op`, the op that `site` describes (the same op in the
  /// analyzed module or in a copy of it), to `candidate`, one of the
  /// candidates planned for it. Returns the op computing the site's
  /// arithmetic after the rewriting (`op` itself for f32). Fails, reporting
  /// on `op`, when the constant data of a weight cannot be read.
  FailureOr<Operation *> rewrite(Operation *op, const Site &site,
                                 const SiteCandidate &candidate);

  /// Erases the ops the rewritten sites were the last users of (their old
  /// initial values, weights no other op reads), once every site is
  /// rewritten.
  void eraseDeadOps();

private:
  /// The value `value` converted to `element` at run time (ap.convert with
  /// saturation), shared.
  Value convert(Value value, Type element, Location loc);
  /// The constant weight `value` converted to `element` at compile time.
  Value convertConstant(Value value, Type element, Location loc);
  /// The activation `value` quantized to `type` and cast to its storage
  /// type, shared.
  Value quantize(Value value, quant::UniformQuantizedType type, Location loc);
  /// The constant weight `value` quantized as `quantization` says into a
  /// constant of storage integers of `bits` bits, shared by the sites that
  /// quantize it alike (same axis, scales and zero points); null when its
  /// values cannot be read.
  Value quantizeConstant(Value value, const InputQuantization &quantization,
                         unsigned bits, Location loc);
  /// Sets the insertion point right after the definition of `value`.
  void setInsertionPointAfterValue(Value value);

  OpBuilder builder;
  /// The shared conversions, by source value and result type (for weights
  /// quantized at compile time: the quantized type that describes their
  /// quantization, whose storage type the constant has).
  llvm::DenseMap<std::pair<Value, Type>, Value> shared;
  /// Ops that may have lost their last user.
  llvm::SetVector<Operation *> maybeDead;
};

} // namespace mlir::ap

#endif // AP_PRECISIONASSIGNMENT_PRECISIONREWRITER_H
