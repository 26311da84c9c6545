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

/// Stochastic rounding of the finite `value`, whose conversion to `to` is
/// inexact: toward zero, or away from zero when `randomBits` is below the
/// fraction of the distance to the next value away from zero, scaled by 2^32.
static APFloat roundStochastically(const APFloat &value,
                                   const fltSemantics &to, bool saturate,
                                   uint32_t randomBits) {
  bool negative = value.isNegative();
  bool losesInfo = false;
  APFloat truncated = value;
  (void)truncated.convert(to, APFloat::rmTowardZero, &losesInfo);

  // The neighbour away from zero, in binary128 so that it exists even past
  // the largest finite value of `to` (a value above it then overflows with
  // the probability of rounding up to it).
  APFloat truncatedWide = toQuad(truncated);
  APFloat ulp = APFloat::getSmallest(to);
  if (!truncated.isZero()) {
    // The spacing of `to` at `truncated`: the distance to its successor in
    // magnitude, or to the largest value's binade spacing past the end.
    APFloat magnitude = llvm::abs(truncated);
    APFloat successor = magnitude;
    if (successor.next(/*nextDown=*/false) != APFloat::opOK ||
        !successor.isFiniteNonZero() ||
        successor.compare(magnitude) != APFloat::cmpGreaterThan) {
      // Past the largest finite value: use the spacing just below it.
      APFloat predecessor = magnitude;
      (void)predecessor.next(/*nextDown=*/true);
      APFloat spacing = toQuad(magnitude);
      (void)spacing.subtract(toQuad(predecessor), APFloat::rmNearestTiesToEven);
      ulp = spacing;
    } else {
      APFloat spacing = toQuad(successor);
      (void)spacing.subtract(toQuad(magnitude), APFloat::rmNearestTiesToEven);
      ulp = spacing;
    }
  }
  APFloat ulpWide = toQuad(ulp);
  APFloat distance = toQuad(llvm::abs(value));
  (void)distance.subtract(llvm::abs(truncatedWide),
                          APFloat::rmNearestTiesToEven);
  // fraction * 2^32, exact: the spacing is a power of two.
  APFloat threshold = distance;
  (void)threshold.divide(ulpWide, APFloat::rmNearestTiesToEven);
  threshold = llvm::scalbn(threshold, 32, APFloat::rmNearestTiesToEven);
  APFloat bits(APFloat::IEEEquad());
  (void)bits.convertFromAPInt(llvm::APInt(64, randomBits), /*IsSigned=*/false,
                              APFloat::rmNearestTiesToEven);
  if (bits.compare(threshold) != APFloat::cmpLessThan)
    return truncated;

  // Round away from zero.
  APFloat away = llvm::abs(truncated);
  APFloat largest = APFloat::getLargest(to);
  if (away.compare(largest) == APFloat::cmpEqual ||
      toQuad(llvm::abs(value)).compare(toQuad(largest)) ==
          APFloat::cmpGreaterThan)
    return overflowValue(to, negative, saturate);
  (void)away.next(/*nextDown=*/false);
  if (negative)
    away.changeSign();
  return away;
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

int64_t quantize(const APFloat &value, const QuantParams &params) {
  if (value.isNaN())
    return params.zeroPoint;
  const fltSemantics &semantics = value.getSemantics();
  APFloat quotient = value;
  (void)quotient.divide(scaleIn(params.scale, semantics),
                        APFloat::rmNearestTiesToEven);
  // Round half to even, add the zero point and clamp, all in binary128 where
  // every step is exact (the quotient may be far outside int64_t).
  APFloat wide = toQuad(quotient);
  if (wide.isInfinity())
    return wide.isNegative() ? params.storageMin : params.storageMax;
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
  if (!scale.isFiniteNonZero() ||
      scale.compare(APFloat::getSmallestNormalized(expressed)) ==
          APFloat::cmpLessThan)
    return false;
  // The largest products must stay finite.
  APFloat product(expressed);
  (void)product.convertFromAPInt(llvm::APInt(64, largest), /*IsSigned=*/true,
                                 APFloat::rmNearestTiesToEven);
  (void)product.multiply(scale, APFloat::rmNearestTiesToEven);
  return product.isFinite();
}

} // namespace mlir::ap::numerics
