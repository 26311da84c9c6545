//===- Numerics.cpp - Exact emulation of number formats -------------------===//
//
// Part of the ap project: an adaptive-precision compiler built on MLIR.
//
//===----------------------------------------------------------------------===//

#include "ap/Support/Numerics.h"

#include "llvm/ADT/APSInt.h"

#include <algorithm>
#include <cmath>

using llvm::APFloat;
using llvm::APFloatBase;
using llvm::fltSemantics;

namespace mlir::ap::numerics {

uint32_t stochasticBits(uint64_t seed, uint64_t index) {
  // SplitMix64 (Steele, Lea, Flood, "Fast splittable pseudorandom number
  // generators", OOPSLA 2014): the state advances by the golden gamma before
  // each output, so output `index` mixes seed + (index + 1) * gamma.
  uint64_t z = seed + (index + 1) * 0x9E3779B97F4A7C15ULL;
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  z ^= z >> 31;
  return static_cast<uint32_t>(z >> 32);
}

/// The result of an overflow to `to` with the sign `negative`.
static APFloat overflowValue(const fltSemantics &to, bool negative,
                             bool saturate) {
  if (saturate)
    return APFloat::getLargest(to, negative);
  if (APFloatBase::semanticsHasInf(to))
    return APFloat::getInf(to, negative);
  return APFloat::getNaN(to, negative);
}

/// Converts `value` exactly to IEEE binary128, which holds every value of the
/// formats ap uses (at most 53 significant bits, exponents within +-16383).
static APFloat toQuad(const APFloat &value) {
  APFloat wide = value;
  bool losesInfo = false;
  (void)wide.convert(APFloat::IEEEquad(), APFloat::rmNearestTiesToEven,
                     &losesInfo);
  return wide;
}

/// Whether every value of `semantics` is a double, so that the exact
/// arithmetic below can use native doubles: each operation there has an
/// exactly representable result, so no rounding (and no rounding mode) is
/// involved.
static bool fitsInDouble(const fltSemantics &semantics) {
  const fltSemantics &d = APFloat::IEEEdouble();
  return APFloatBase::semanticsPrecision(semantics) <=
             APFloatBase::semanticsPrecision(d) &&
         APFloatBase::semanticsMaxExponent(semantics) <=
             APFloatBase::semanticsMaxExponent(d) &&
         APFloatBase::semanticsMinExponent(semantics) -
                 static_cast<int>(APFloatBase::semanticsPrecision(semantics)) >=
             APFloatBase::semanticsMinExponent(d) -
                 static_cast<int>(APFloatBase::semanticsPrecision(d));
}

namespace {
/// The exact steps of stochastic rounding, in native doubles when both
/// formats fit in a double (`native`) and in binary128 otherwise: every
/// difference taken is a spacing of the destination format or the low bits
/// of a value, and every division is by a power of two, so each result is
/// exactly representable and nothing is rounded.
struct ExactArithmetic {
  bool native;

  APFloat widen(const APFloat &value) const {
    if (native)
      return APFloat(toDouble(value));
    return toQuad(value);
  }
  static double toDouble(const APFloat &value) {
    APFloat d = value;
    bool losesInfo = false;
    (void)d.convert(APFloat::IEEEdouble(), APFloat::rmNearestTiesToEven,
                    &losesInfo);
    return d.convertToDouble();
  }
  /// (a - b) / spacing * 2^32 compared with `bits`: whether bits < that.
  bool below(uint32_t bits, const APFloat &a, const APFloat &b,
             const APFloat &spacing) const {
    if (native) {
      double threshold =
          (toDouble(a) - toDouble(b)) / toDouble(spacing) * 4294967296.0;
      return static_cast<double>(bits) < threshold;
    }
    APFloat threshold = toQuad(a);
    (void)threshold.subtract(toQuad(b), APFloat::rmNearestTiesToEven);
    (void)threshold.divide(toQuad(spacing), APFloat::rmNearestTiesToEven);
    threshold = llvm::scalbn(threshold, 32, APFloat::rmNearestTiesToEven);
    APFloat wideBits(APFloat::IEEEquad());
    (void)wideBits.convertFromAPInt(llvm::APInt(64, bits), /*IsSigned=*/false,
                                    APFloat::rmNearestTiesToEven);
    return wideBits.compare(threshold) == APFloat::cmpLessThan;
  }
};
} // namespace

/// Stochastic rounding of the finite `value`, whose conversion to `to` is
/// inexact: toward zero, or away from zero when `randomBits` is below the
/// fraction of the distance to the next value away from zero, scaled by 2^32.
static APFloat roundStochastically(const APFloat &value, const fltSemantics &to,
                                   bool saturate, uint32_t randomBits) {
  bool negative = value.isNegative();
  bool losesInfo = false;
  APFloat truncated = value;
  (void)truncated.convert(to, APFloat::rmTowardZero, &losesInfo);
  APFloat magnitude = llvm::abs(truncated);
  APFloat largest = APFloat::getLargest(to);
  bool pastLargest = magnitude.compare(largest) == APFloat::cmpEqual;

  // The spacing of `to` at the truncated value: the distance to its
  // successor in magnitude or, at the largest finite value, the spacing just
  // below it (a value above the largest then overflows with the probability
  // of rounding up to the next value the exponent range would have).
  APFloat low = magnitude, high = magnitude;
  if (pastLargest)
    (void)low.next(/*nextDown=*/true);
  else
    (void)high.next(/*nextDown=*/false);

  ExactArithmetic exact{fitsInDouble(value.getSemantics()) && fitsInDouble(to)};
  APFloat spacing = exact.widen(high);
  (void)spacing.subtract(exact.widen(low), APFloat::rmNearestTiesToEven);
  if (!exact.below(randomBits, exact.widen(llvm::abs(value)),
                   exact.widen(magnitude), spacing))
    return truncated;

  // Round away from zero.
  if (pastLargest)
    return overflowValue(to, negative, saturate);
  if (negative)
    high.changeSign();
  return high;
}

APFloat convertFloat(const APFloat &value, const fltSemantics &to,
                     Rounding rounding, bool saturate, uint32_t randomBits) {
  bool negative = value.isNegative();
  if (value.isNaN())
    return APFloat::getNaN(to, negative);
  if (value.isInfinity()) {
    if (saturate)
      return APFloat::getLargest(to, negative);
    return overflowValue(to, negative, /*saturate=*/false);
  }

  APFloat result = value;
  bool losesInfo = false;
  APFloat::roundingMode mode = rounding == Rounding::NearestEven
                                   ? APFloat::rmNearestTiesToEven
                                   : APFloat::rmTowardZero;
  APFloat::opStatus status = result.convert(to, mode, &losesInfo);
  if (rounding == Rounding::Stochastic && losesInfo)
    return roundStochastically(value, to, saturate, randomBits);
  if (status & APFloat::opOverflow)
    return overflowValue(to, negative, saturate);
  return result;
}

bool isExactlyRepresentable(const fltSemantics &from, const fltSemantics &to) {
  if (&from == &to)
    return true;
  if (APFloatBase::semanticsPrecision(from) >
          APFloatBase::semanticsPrecision(to) ||
      APFloatBase::semanticsMaxExponent(from) >
          APFloatBase::semanticsMaxExponent(to))
    return false;
  // The lowest bit of any value of `from` must be a bit `to` can hold.
  int lowestFrom = APFloatBase::semanticsMinExponent(from) -
                   static_cast<int>(APFloatBase::semanticsPrecision(from));
  int lowestTo = APFloatBase::semanticsMinExponent(to) -
                 static_cast<int>(APFloatBase::semanticsPrecision(to));
  if (lowestFrom < lowestTo)
    return false;

  // Formats that spend encodings on NaN (the FN formats) or lack infinities,
  // NaN, negative values or negative zero: check the extreme and special
  // values by converting them.
  auto convertsExactly = [&](APFloat v) {
    bool losesInfo = false;
    bool wasNaN = v.isNaN(), wasInf = v.isInfinity(), wasNeg = v.isNegative();
    APFloat::opStatus status =
        v.convert(to, APFloat::rmNearestTiesToEven, &losesInfo);
    return status == APFloat::opOK && !losesInfo && v.isNaN() == wasNaN &&
           v.isInfinity() == wasInf && v.isNegative() == wasNeg;
  };
  if (!convertsExactly(APFloat::getLargest(from)))
    return false;
  if (APFloatBase::semanticsHasSignedRepr(from)) {
    if (!APFloatBase::semanticsHasSignedRepr(to) ||
        !convertsExactly(APFloat::getLargest(from, /*Negative=*/true)))
      return false;
    // Formats without a negative zero (the FNUZ family) lose its sign.
    APFloat negativeZero = APFloat::getZero(from, /*Negative=*/true);
    if (negativeZero.isNegative() && !convertsExactly(negativeZero))
      return false;
  }
  if (APFloatBase::semanticsHasInf(from) && !APFloatBase::semanticsHasInf(to))
    return false;
  if (APFloatBase::semanticsHasNaN(from) && !APFloatBase::semanticsHasNaN(to))
    return false;
  return true;
}

/// `scale` rounded to the expressed format `semantics`.
static APFloat scaleIn(double scale, const fltSemantics &semantics) {
  APFloat result(scale);
  bool losesInfo = false;
  (void)result.convert(semantics, APFloat::rmNearestTiesToEven, &losesInfo);
  return result;
}

/// `value` exactly in binary128, which holds every int64_t and every sum or
/// difference of two of them.
static APFloat quadFromInteger(const llvm::APInt &value) {
  APFloat result(APFloat::IEEEquad());
  (void)result.convertFromAPInt(value, /*IsSigned=*/true,
                                APFloat::rmNearestTiesToEven);
  return result;
}

static APFloat quadFromInteger(int64_t value) {
  return quadFromInteger(llvm::APInt(64, static_cast<uint64_t>(value),
                                     /*isSigned=*/true));
}

/// `a - b` without overflow, as a 65-bit-safe 128-bit integer.
static llvm::APInt wideDifference(int64_t a, int64_t b) {
  llvm::APInt wideA(128, static_cast<uint64_t>(a), /*isSigned=*/true);
  llvm::APInt wideB(128, static_cast<uint64_t>(b), /*isSigned=*/true);
  return wideA - wideB;
}

/// round_half_even(quotient) + zeroPoint clamped to the storage range, with
/// native doubles: exact for a quotient that is a double and storage values
/// within 2^52 (every operation below has a representable result).
static int64_t roundAndClampNative(double quotient, const QuantParams &params) {
  double low = static_cast<double>(params.storageMin - params.zeroPoint);
  double high = static_cast<double>(params.storageMax - params.zeroPoint);
  if (quotient <= low)
    return params.storageMin;
  if (quotient >= high)
    return params.storageMax;
  // |quotient| < 2^53 here, so floor and the comparisons are exact.
  double floorValue = std::floor(quotient);
  double fraction = quotient - floorValue;
  double rounded = floorValue;
  if (fraction > 0.5 || (fraction == 0.5 && std::fmod(floorValue, 2.0) != 0.0))
    rounded += 1.0;
  int64_t result = static_cast<int64_t>(rounded) + params.zeroPoint;
  return std::clamp(result, params.storageMin, params.storageMax);
}

int64_t quantize(const APFloat &value, const QuantParams &params) {
  if (value.isNaN())
    return params.zeroPoint;
  const fltSemantics &semantics = value.getSemantics();
  APFloat quotient = value;
  (void)quotient.divide(scaleIn(params.scale, semantics),
                        APFloat::rmNearestTiesToEven);
  // Beyond the expressed range (an infinity, or NaN in formats without
  // infinities such as f8E4M3FN): saturate by the sign of the value.
  if (quotient.isInfinity() || quotient.isNaN())
    return value.isNegative() ? params.storageMin : params.storageMax;

  constexpr int64_t nativeLimit = int64_t(1) << 52;
  if (fitsInDouble(semantics) && params.storageMin >= -nativeLimit &&
      params.storageMax <= nativeLimit && params.zeroPoint >= -nativeLimit &&
      params.zeroPoint <= nativeLimit)
    return roundAndClampNative(ExactArithmetic::toDouble(quotient), params);

  // Round half to even, add the zero point and clamp, all in binary128 where
  // every step is exact (the quotient may be far outside int64_t).
  APFloat wide = toQuad(quotient);
  (void)wide.roundToIntegral(APFloat::rmNearestTiesToEven);
  (void)wide.add(quadFromInteger(params.zeroPoint),
                 APFloat::rmNearestTiesToEven);
  if (wide.compare(quadFromInteger(params.storageMin)) == APFloat::cmpLessThan)
    return params.storageMin;
  if (wide.compare(quadFromInteger(params.storageMax)) ==
      APFloat::cmpGreaterThan)
    return params.storageMax;
  llvm::APSInt integer(64, /*isUnsigned=*/false);
  bool isExact = false;
  (void)wide.convertToInteger(integer, APFloat::rmTowardZero, &isExact);
  return integer.getExtValue();
}

APFloat dequantize(int64_t stored, const QuantParams &params,
                   const fltSemantics &expressed) {
  APFloat difference(expressed);
  (void)difference.convertFromAPInt(wideDifference(stored, params.zeroPoint),
                                    /*IsSigned=*/true,
                                    APFloat::rmNearestTiesToEven);
  (void)difference.multiply(scaleIn(params.scale, expressed),
                            APFloat::rmNearestTiesToEven);
  return difference;
}

bool isQuantizationRoundTripExact(const QuantParams &params,
                                  const fltSemantics &expressed) {
  // With u = 2^-p the unit roundoff, fl(fl(n * s) / s) = n (1 + e1)(1 + e2)
  // with |e1|, |e2| <= u when no step underflows or overflows, so the error
  // is below 1/2 whenever |n| (2u + u^2) < 1/2; n itself must convert exactly.
  llvm::APInt low = wideDifference(params.storageMin, params.zeroPoint).abs();
  llvm::APInt high = wideDifference(params.storageMax, params.zeroPoint).abs();
  llvm::APInt largestWide = llvm::APIntOps::umax(low, high);
  unsigned precision = APFloatBase::semanticsPrecision(expressed);
  if (largestWide.getActiveBits() > std::min(precision, 62u))
    return false;
  int64_t largest = static_cast<int64_t>(largestWide.getZExtValue());
  double unit = std::ldexp(1.0, -static_cast<int>(precision));
  if (static_cast<double>(largest) * (2 * unit + unit * unit) >= 0.5)
    return false;
  APFloat scale = scaleIn(params.scale, expressed);
  if (!scale.isFiniteNonZero() || scale.compare(APFloat::getSmallestNormalized(
                                      expressed)) == APFloat::cmpLessThan)
    return false;
  // The largest products must stay finite.
  APFloat product(expressed);
  (void)product.convertFromAPInt(llvm::APInt(64, largest), /*IsSigned=*/true,
                                 APFloat::rmNearestTiesToEven);
  (void)product.multiply(scale, APFloat::rmNearestTiesToEven);
  return product.isFinite();
}

} // namespace mlir::ap::numerics
