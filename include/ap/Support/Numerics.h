//===- Numerics.h - Exact emulation of number formats -----------*- C++ -*-===//
//
// Part of the ap project: an adaptive-precision compiler built on MLIR.
//
//===----------------------------------------------------------------------===//
//
// The reference semantics of every precision change ap performs: conversion
// between floating-point formats (with a rounding mode and saturation) and
// uniform quantization to integers. Constant folding uses these functions, and
// so do the runtime and the lowerings, so that a value computed at compile
// time is bit for bit the value computed at run time.
//
// Every rounding is done by llvm::APFloat, a correctly rounded software
// implementation of every IEEE-like format MLIR knows (including the OCP FP8
// formats). Native doubles are used only for steps whose exact result is a
// double (differences of neighbours, scaling by powers of two, comparisons),
// so no host floating-point behaviour (rounding mode, excess precision) can
// leak into the results.
//
//===----------------------------------------------------------------------===//

#ifndef AP_SUPPORT_NUMERICS_H
#define AP_SUPPORT_NUMERICS_H

#include "llvm/ADT/APFloat.h"

#include <cstdint>

namespace mlir::ap::numerics {

/// How a value that the destination format cannot represent is rounded.
enum class Rounding : uint8_t {
  /// IEEE 754 roundTiesToEven.
  NearestEven,
  /// IEEE 754 roundTowardZero.
  TowardZero,
  /// Away from zero with probability |x - trunc(x)| / ulp, else toward zero,
  /// decided by 32 random bits (see stochasticBits).
  Stochastic,
};

/// The 32 random bits stochastic rounding uses for the element at row-major
/// position `index` of a tensor converted with `seed`: the high 32 bits of the
/// `index`-th output (from 0) of a SplitMix64 generator seeded with `seed`.
uint32_t stochasticBits(uint64_t seed, uint64_t index);

/// Converts `value` to the format `to`.
///
/// Rounding follows `rounding`; `randomBits` is only used by
/// Rounding::Stochastic, which rounds away from zero iff
/// `randomBits < fraction * 2^32`, where `fraction` in [0, 1) is the distance
/// from the value to its truncation divided by the distance between the two
/// neighbours in `to`.
///
/// Overflow: without `saturate`, a result whose magnitude exceeds the largest
/// finite value of `to` is an infinity when `to` has infinities and NaN
/// otherwise; with `saturate`, finite values and infinities beyond the range
/// become the largest finite value of the same sign. NaN stays NaN (the quiet
/// NaN of `to`, with the sign of the input where `to` has signed NaNs).
llvm::APFloat convertFloat(const llvm::APFloat &value,
                           const llvm::fltSemantics &to, Rounding rounding,
                           bool saturate, uint32_t randomBits = 0);

/// Whether every value of `from` (including infinities and NaN) is exactly a
/// value of `to`, so that a conversion from `from` to `to` never rounds,
/// overflows or changes a special value.
bool isExactlyRepresentable(const llvm::fltSemantics &from,
                            const llvm::fltSemantics &to);

/// The parameters of one uniform quantization scale.
struct QuantParams {
  /// Distance between the real values of consecutive storage values (> 0).
  double scale;
  /// The storage value that represents real zero.
  int64_t zeroPoint;
  /// The smallest and largest storage values.
  int64_t storageMin;
  int64_t storageMax;
};

/// Quantizes `value` (a value of the expressed format, whose semantics are
/// used for the arithmetic):
///   q = clamp(roundHalfEven(value / scale) + zeroPoint, storageMin,
///   storageMax)
/// where `scale` is first rounded to the expressed format and the division
/// rounds to nearest even. Saturates; NaN quantizes to the zero point.
int64_t quantize(const llvm::APFloat &value, const QuantParams &params);

/// Dequantizes the storage value `stored` to the expressed format `expressed`:
///   (stored - zeroPoint) * scale
/// with the integer difference and the scale each rounded to the expressed
/// format (nearest even) and the product rounded to nearest even.
llvm::APFloat dequantize(int64_t stored, const QuantParams &params,
                         const llvm::fltSemantics &expressed);

/// A sufficient condition for quantize(dequantize(q)) == q for every storage
/// value q of `params`, in the expressed format `expressed`: every
/// n = q - zeroPoint is exact in the expressed format, every n * scale is a
/// normal number (the scale is normal and the largest product finite), and
/// |n| (2u + u^2) < 1/2 for the unit roundoff u, so that the two roundings
/// cannot move the quotient by half a unit. It may be false for parameters
/// that happen to round-trip anyway.
bool isQuantizationRoundTripExact(const QuantParams &params,
                                  const llvm::fltSemantics &expressed);

} // namespace mlir::ap::numerics

#endif // AP_SUPPORT_NUMERICS_H
