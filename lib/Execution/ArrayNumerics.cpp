//===- ArrayNumerics.cpp - ap's numerics on whole f32 arrays --------------===//
//
// Part of the ap project: an adaptive-precision compiler built on MLIR.
//
//===----------------------------------------------------------------------===//

#include "ap/Execution/ArrayNumerics.h"

#include "llvm/ADT/bit.h"

#include <cassert>
#include <cfloat>
#include <cmath>
#include <limits>

using namespace mlir::ap;
using namespace mlir::ap::execution;
using llvm::APFloat;

/// Whether native float arithmetic rounds each operation to f32 (no excess
/// precision), which the fast paths rely on.
static constexpr bool kNativeF32 = FLT_EVAL_METHOD == 0;

/// `x` rounded to the nearest integer, ties to even; exact for every double
/// of magnitude below 2^53.
static double roundHalfEven(double x) {
  double lower = std::floor(x);
  double fraction = x - lower;
  if (fraction > 0.5 ||
      (fraction == 0.5 && (static_cast<int64_t>(lower) & 1) != 0))
    return lower + 1;
  return lower;
}

namespace {
/// The values of a binary floating-point format with a sign bit, signed
/// zeros and gradual underflow: in the binade [2^e, 2^(e+1)) the multiples of
/// 2^(max(e, minExponent) - mantissaBits), up to `largest`.
struct FloatGrid {
  int mantissaBits;
  int minExponent;
  double largest;
};
} // namespace

/// The grid of `format` when the fast path handles it: the IEEE-like
/// formats whose values are all f32 values.
static std::optional<FloatGrid> getFastGrid(const llvm::fltSemantics &format) {
  if (!kNativeF32)
    return std::nullopt;
  if (&format != &APFloat::IEEEhalf() && &format != &APFloat::BFloat() &&
      &format != &APFloat::Float8E4M3FN() &&
      &format != &APFloat::Float8E5M2() && &format != &APFloat::IEEEsingle())
    return std::nullopt;
  return FloatGrid{
      static_cast<int>(llvm::APFloatBase::semanticsPrecision(format)) - 1,
      llvm::APFloatBase::semanticsMinExponent(format),
      APFloat::getLargest(format).convertToDouble()};
}

/// Rounds `x` to the grid, to nearest even, saturating.
static float roundToGrid(float x, const FloatGrid &grid) {
  uint32_t bits = llvm::bit_cast<uint32_t>(x);
  uint32_t sign = bits & 0x80000000u, magnitude = bits & 0x7fffffffu;
  uint32_t exponentField = magnitude >> 23;
  if (exponentField == 0xff) {
    if (magnitude != 0x7f800000u) // NaN
      return std::copysign(std::numeric_limits<float>::quiet_NaN(), x);
    return static_cast<float>(std::copysign(grid.largest, x));
  }
  int exponent = static_cast<int>(exponentField) - 127;
  if (exponentField != 0 && exponent >= grid.minExponent) {
    // A normal value of the format's range: the format keeps the
    // `mantissaBits` high bits of f32's 23, rounded to nearest even on the
    // bit pattern (a carry into the exponent is the next binade).
    unsigned shift = 23 - grid.mantissaBits;
    if (shift > 0) {
      uint32_t half = uint32_t(1) << (shift - 1);
      magnitude += (half - 1) + ((magnitude >> shift) & 1);
      magnitude &= ~((uint32_t(1) << shift) - 1);
    }
    float rounded = llvm::bit_cast<float>(magnitude);
    if (rounded > grid.largest)
      rounded = static_cast<float>(grid.largest);
    return llvm::bit_cast<float>(sign | llvm::bit_cast<uint32_t>(rounded));
  }
  double value = std::fabs(static_cast<double>(x));
  if (value == 0)
    return x;
  // Below the format's normal range: multiples of 2^(minExponent -
  // mantissaBits); scaling by a power of two and rounding to an integer are
  // exact in double.
  int quantum = grid.minExponent - grid.mantissaBits;
  double rounded =
      std::ldexp(roundHalfEven(std::ldexp(value, -quantum)), quantum);
  return static_cast<float>(std::copysign(rounded, static_cast<double>(x)));
}

void mlir::ap::execution::roundThroughFormat(
    llvm::ArrayRef<float> input, llvm::MutableArrayRef<float> output,
    const llvm::fltSemantics &format) {
  assert(input.size() == output.size() && "sizes differ");
  assert(numerics::isExactlyRepresentable(format, APFloat::IEEEsingle()) &&
         "the format is not within f32");
  if (std::optional<FloatGrid> grid = getFastGrid(format)) {
    for (size_t i = 0, e = input.size(); i < e; ++i)
      output[i] = roundToGrid(input[i], *grid);
    return;
  }
  for (size_t i = 0, e = input.size(); i < e; ++i) {
    APFloat value = numerics::convertFloat(APFloat(input[i]), format,
                                           numerics::Rounding::NearestEven,
                                           /*saturate=*/true);
    bool losesInfo = false;
    (void)value.convert(APFloat::IEEEsingle(), APFloat::rmNearestTiesToEven,
                        &losesInfo);
    output[i] = value.convertToFloat();
  }
}

namespace {
/// Quantization with native f32 arithmetic, when it is exact.
struct FastQuantizer {
  float scale;
  double low, high; ///< storageMin - zeroPoint, storageMax - zeroPoint.
  numerics::QuantParams params;

  /// The fast path applies when f32 arithmetic is native and every
  /// difference of a storage value and the zero point is an f32 integer.
  static std::optional<FastQuantizer> get(const numerics::QuantParams &params) {
    constexpr int64_t limit = int64_t(1) << 24;
    if (!kNativeF32 || params.storageMin - params.zeroPoint < -limit ||
        params.storageMax - params.zeroPoint > limit ||
        params.storageMin < -limit || params.storageMax > limit ||
        params.zeroPoint < -limit || params.zeroPoint > limit)
      return std::nullopt;
    return FastQuantizer{
        static_cast<float>(params.scale),
        static_cast<double>(params.storageMin - params.zeroPoint),
        static_cast<double>(params.storageMax - params.zeroPoint), params};
  }

  float apply(float x) const {
    int64_t stored;
    if (std::isnan(x)) {
      stored = params.zeroPoint;
    } else {
      float quotient = x / scale;
      if (std::isinf(quotient) || std::isnan(quotient)) {
        stored = std::signbit(x) ? params.storageMin : params.storageMax;
      } else if (quotient <= low) {
        stored = params.storageMin;
      } else if (quotient >= high) {
        stored = params.storageMax;
      } else {
        stored =
            static_cast<int64_t>(roundHalfEven(quotient)) + params.zeroPoint;
        stored = std::clamp(stored, params.storageMin, params.storageMax);
      }
    }
    return static_cast<float>(stored - params.zeroPoint) * scale;
  }
};
} // namespace

/// The reference: numerics::quantize then dequantize.
static float quantizeDequantizeExact(float x,
                                     const numerics::QuantParams &params) {
  int64_t stored = numerics::quantize(APFloat(x), params);
  return numerics::dequantize(stored, params, APFloat::IEEEsingle())
      .convertToFloat();
}

void mlir::ap::execution::quantizeDequantize(
    llvm::ArrayRef<float> input, llvm::MutableArrayRef<float> output,
    const numerics::QuantParams &params) {
  assert(input.size() == output.size() && "sizes differ");
  if (std::optional<FastQuantizer> fast = FastQuantizer::get(params)) {
    for (size_t i = 0, e = input.size(); i < e; ++i)
      output[i] = fast->apply(input[i]);
    return;
  }
  for (size_t i = 0, e = input.size(); i < e; ++i)
    output[i] = quantizeDequantizeExact(input[i], params);
}

void mlir::ap::execution::quantizeDequantizePerChannel(
    llvm::ArrayRef<float> input, llvm::MutableArrayRef<float> output,
    llvm::ArrayRef<int64_t> shape, unsigned axis,
    llvm::ArrayRef<numerics::QuantParams> params) {
  assert(input.size() == output.size() && "sizes differ");
  assert(axis < shape.size() && params.size() == size_t(shape[axis]) &&
         "one parameter set per slice along the axis");
  int64_t inner = 1;
  for (int64_t size : shape.drop_front(axis + 1))
    inner *= size;
  int64_t channels = shape[axis];
  int64_t outer = channels * inner == 0
                      ? 0
                      : static_cast<int64_t>(input.size()) / (channels * inner);
  // One contiguous run of `inner` elements per (outer, channel) pair.
  for (int64_t c = 0; c < channels; ++c) {
    std::optional<FastQuantizer> fast = FastQuantizer::get(params[c]);
    for (int64_t o = 0; o < outer; ++o) {
      int64_t start = (o * channels + c) * inner;
      for (int64_t i = start; i < start + inner; ++i)
        output[i] = fast ? fast->apply(input[i])
                         : quantizeDequantizeExact(input[i], params[c]);
    }
  }
}
