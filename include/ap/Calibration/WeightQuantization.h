//===- WeightQuantization.h - Per-channel quantization of weights -*- C++ -*-=//
//
// Part of the ap project: an adaptive-precision compiler built on MLIR.
//
//===----------------------------------------------------------------------===//
//
// Weights are constants: their quantization parameters come from the values
// themselves, one scale and zero point per channel (the slices of a tensor
// along one axis, as `!quant.uniform<i8:f32:0, {...}>` stores them), and
// their quantization error is computed exactly, element by element, with the
// arithmetic of ap.quantize and ap.dequantize on f32 (numerics::quantize and
// numerics::dequantize: x / scale rounded to f32, round half to even,
// saturation; (q - zp) * scale rounded to f32).
//
// minimumBits then finds the smallest bit width whose per-channel
// quantization keeps the relative L2 error of the weights,
//   ||w - dequantize(quantize(w))||_2 / ||w||_2,
// within a bound (an SQNR bound of S dB is a relative error of 10^(-S/20)).
//
//===----------------------------------------------------------------------===//

#ifndef AP_CALIBRATION_WEIGHTQUANTIZATION_H
#define AP_CALIBRATION_WEIGHTQUANTIZATION_H

#include "ap/Calibration/QuantizationParameters.h"

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/Support/Error.h"

#include <optional>

namespace mlir::ap {

/// How the range of a channel is chosen.
enum class WeightRangeMethod {
  /// The channel's range: [-absmax, absmax] (symmetric) or [min, max].
  MinMax,
  /// The range of least exact squared error among `searchSteps` candidates:
  /// T_j = absmax * j / searchSteps (symmetric) or [min, max] * j /
  /// searchSteps (asymmetric), j = 1..searchSteps.
  MSE,
};

/// The choices of a per-channel quantization.
struct PerChannelOptions {
  WeightRangeMethod method = WeightRangeMethod::MinMax;
  QuantizationMode mode = QuantizationMode::Symmetric;
  unsigned searchSteps = 100;
};

/// The per-channel quantization of a weight tensor.
struct PerChannelQuantization {
  IntegerFormat format;
  /// The channel axis.
  unsigned axis = 0;
  /// One per channel; scales are f32 values > 0 (roundScaleToF32).
  llvm::SmallVector<double> scales;
  llvm::SmallVector<int64_t> zeroPoints;
  /// The exact relative L2 error of the whole tensor (0 for a zero tensor).
  double relativeError = 0;
};

/// Chooses the per-channel parameters of `data`, a row-major tensor of
/// `shape` (whose product is data.size()), with channels along `axis`. A
/// channel of zeros gets the scale 1. Errors: an invalid shape, axis,
/// format or option, non-finite weights.
llvm::Expected<PerChannelQuantization>
quantizePerChannel(llvm::ArrayRef<float> data, llvm::ArrayRef<int64_t> shape,
                   unsigned axis, const IntegerFormat &format,
                   const PerChannelOptions &options = {});

/// The exact relative L2 error of quantizing and dequantizing `data` (of
/// `shape`) with `quantization`; 0 when the norm of `data` is 0 and so is the
/// error.
double getRelativeError(llvm::ArrayRef<float> data,
                        llvm::ArrayRef<int64_t> shape,
                        const PerChannelQuantization &quantization);

/// The relative L2 error that corresponds to an SQNR of `decibels`:
/// 10^(-decibels / 20).
double getRelativeErrorForSQNR(double decibels);

/// The bit widths minimumBits tries unless told otherwise.
inline constexpr unsigned kDefaultBitCandidates[] = {4, 8, 16};

/// The choices of minimumBits besides the bound.
struct MinimumBitsOptions {
  bool isSigned = true;
  bool narrowRange = false;
  PerChannelOptions perChannel;
};

/// What minimumBits found.
struct MinimumBitsResult {
  /// The smallest candidate within the bound; none when no candidate is.
  std::optional<unsigned> bits;
  /// The quantization at `bits`.
  std::optional<PerChannelQuantization> quantization;
  /// The relative error of each candidate tried, in increasing bits (the
  /// search stops at the first within the bound).
  llvm::SmallVector<std::pair<unsigned, double>> tried;
};

/// The smallest bit width among `candidates` (each within 2..16) whose
/// per-channel quantization of `data` has a relative L2 error of at most
/// `maxRelativeError` (>= 0).
llvm::Expected<MinimumBitsResult>
minimumBits(llvm::ArrayRef<float> data, llvm::ArrayRef<int64_t> shape,
            unsigned axis, double maxRelativeError,
            llvm::ArrayRef<unsigned> candidates = kDefaultBitCandidates,
            const MinimumBitsOptions &options = {});

} // namespace mlir::ap

#endif // AP_CALIBRATION_WEIGHTQUANTIZATION_H
