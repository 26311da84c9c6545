//===- FloatEmulation.h - Exact float conversions with arith ops -*- C++
//-*-===//
//
// Part of the ap project: an adaptive-precision compiler built on MLIR.
//
//===----------------------------------------------------------------------===//
//
// Builders of scalar arith code that converts between floating-point formats
// bit for bit like mlir::ap::numerics::convertFloat, with integer operations
// on the encodings where the host's own conversion is not exact or does not
// exist (the FP8 formats, which LLVM stores as i8; narrowing conversions,
// whose native lowering may flush subnormals or canonicalize NaN
// differently). The code has no calls and no control flow, only selects, so
// that it vectorizes.
//
//===----------------------------------------------------------------------===//

#ifndef AP_LIB_DIALECT_AP_TRANSFORMS_FLOATEMULATION_H
#define AP_LIB_DIALECT_AP_TRANSFORMS_FLOATEMULATION_H

#include "ap/Support/Numerics.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinTypes.h"

#include <optional>

namespace mlir::ap {

/// The encoding of a floating-point format the emulation handles: a sign
/// bit, an exponent field and a trailing significand field, subnormals when
/// the exponent field is zero, and either IEEE infinities and NaNs (exponent
/// field all ones) or, without infinities, NaN as the all-ones magnitude
/// (f8E4M3FN). Formats whose NaN is the negative zero encoding (the FNUZ
/// family) or whose width is not a power of two bytes are not handled.
struct FloatFormat {
  FloatType type;
  /// Total bits, the width of the integer type the encoding is bitcast to.
  unsigned width;
  /// Bits of the trailing significand field (precision - 1).
  unsigned mantissaBits;
  /// Exponent bias: a normal value is 1.m * 2^(exponentField - bias).
  int64_t bias;
  bool hasInf;
  /// Encodings of the magnitudes: largest finite value and infinity (if any).
  uint64_t maxFinite, infinity;
  /// Encodings of the NaN numerics::convertFloat produces for either sign.
  uint64_t positiveNaN, negativeNaN;

  /// The format of `type`, or std::nullopt when the emulation does not handle
  /// it.
  static std::optional<FloatFormat> get(Type type);

  /// The sign bit.
  uint64_t signBit() const { return uint64_t(1) << (width - 1); }
  /// The smallest unbiased exponent of a normal value.
  int64_t minExponent() const { return 1 - bias; }
};

/// Emits scalar ops that convert `value`, of a float type with a
/// FloatFormat, to `to` exactly like numerics::convertFloat with `rounding`
/// and `saturate`. `randomBits` (an i64 holding 32 random bits, needed only by
/// Rounding::Stochastic) are the bits numerics::stochasticBits gives.
Value emitConvertFloat(OpBuilder &builder, Location loc, Value value,
                       FloatType to, numerics::Rounding rounding, bool saturate,
                       Value randomBits = {});

/// Emits the 32 random bits (as a nonnegative i64) numerics::stochasticBits
/// returns for `seed` and the row-major position `index` (an i64).
Value emitStochasticBits(OpBuilder &builder, Location loc, uint64_t seed,
                         Value index);

} // namespace mlir::ap

#endif // AP_LIB_DIALECT_AP_TRANSFORMS_FLOATEMULATION_H
