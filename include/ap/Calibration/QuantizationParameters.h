//===- QuantizationParameters.h - Scale and zero point ----------*- C++ -*-===//
//
// Part of the ap project: an adaptive-precision compiler built on MLIR.
//
//===----------------------------------------------------------------------===//
//
// The parameters of a uniform quantization, real = (stored - zeroPoint) *
// scale, chosen to represent a clipping range, in the two modes users know:
//
//   symmetric   signed formats: zero point 0, scale = T / qmax for the
//               range [-T, T] (T / 127 for i8, narrow or not);
//               unsigned formats: zero point = the smallest storage value,
//               scale = T / (qmax - qmin) for the range [0, T]. Negative
//               values then saturate to 0; a zero point in the middle of
//               the unsigned range would only be the signed format shifted,
//               which the caller can ask for directly.
//   asymmetric  the range [lo, hi] widened to contain 0,
//               scale = (hi - lo) / (qmax - qmin), zero point
//               roundHalfEven(qmin - lo / scale) clamped to [qmin, qmax], and
//               the represented range nudged to
//               [(qmin - zp) * scale, (qmax - zp) * scale] so that 0.0 is
//               exactly the zero point (as TFLite and upstream quant do).
//
// The scale is rounded to f32 (nearest even), the precision in which
// `!quant.uniform` stores it, before the zero point is derived from it, so
// that the parameters are exactly those of the quantized type. It is at least
// the smallest normal f32 (2^-126) and at most the largest finite f32. A range
// of zero width ([0, 0]: every value is 0) gets the scale 1, which represents
// 0 exactly like any other.
//
//===----------------------------------------------------------------------===//

#ifndef AP_CALIBRATION_QUANTIZATIONPARAMETERS_H
#define AP_CALIBRATION_QUANTIZATIONPARAMETERS_H

#include "ap/Calibration/IntegerFormat.h"
#include "ap/Support/Numerics.h"

#include "llvm/ADT/StringRef.h"

#include <limits>
#include <optional>

namespace mlir::ap {

/// Whether the zero point is fixed (symmetric) or chosen to fit the range.
enum class QuantizationMode { Symmetric, Asymmetric };

/// "symmetric" or "asymmetric".
llvm::StringRef stringifyQuantizationMode(QuantizationMode mode);
std::optional<QuantizationMode> parseQuantizationMode(llvm::StringRef name);

/// The quantization of one tensor (or one channel) and what it costs.
struct QuantizationParameters {
  IntegerFormat format;
  /// > 0, and a value of f32.
  double scale = 1.0;
  int64_t zeroPoint = 0;
  /// The range the calibration method selected: [-T, T] (symmetric, signed),
  /// [0, T] (symmetric, unsigned) or [lo, hi] containing 0 (asymmetric),
  /// before the scale is rounded to f32 and the range nudged.
  double clipMin = 0;
  double clipMax = 0;
  /// The estimated mean squared quantization error (clipping and rounding)
  /// of the calibration data, computed on its histogram
  /// (expectedSquaredError), and the signal-to-quantization-noise ratio in
  /// dB, 10 log10(mean square / mse); +infinity when mse is 0.
  double mse = 0;
  double sqnr = std::numeric_limits<double>::infinity();

  /// The real values of the smallest and largest storage values:
  /// (qmin - zeroPoint) * scale and (qmax - zeroPoint) * scale.
  double getRepresentableMin() const;
  double getRepresentableMax() const;
  /// The same parameters for numerics::quantize and numerics::dequantize.
  numerics::QuantParams getQuantParams() const;
};

/// Rounds a positive scale to f32 (nearest even) and clamps it to
/// [2^-126, largest f32].
double roundScaleToF32(double scale);

/// The parameters of `format` in `mode` that represent the clipping range
/// [lo, hi] (lo <= hi, finite): symmetric signed formats use
/// T = max(|lo|, |hi|), symmetric unsigned formats T = max(hi, 0), asymmetric
/// [min(lo, 0), max(hi, 0)]; see the file comment. The error fields are left
/// at their defaults.
QuantizationParameters getQuantizationParameters(double lo, double hi,
                                                 const IntegerFormat &format,
                                                 QuantizationMode mode);

/// 10 log10(meanSquare / mse) in dB: +infinity when mse is 0 (the
/// quantization is exact), -infinity when only the signal is 0.
double getSQNR(double meanSquare, double mse);

} // namespace mlir::ap

#endif // AP_CALIBRATION_QUANTIZATIONPARAMETERS_H
