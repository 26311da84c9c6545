//===- RangeSelection.h - Calibration methods -------------------*- C++ -*-===//
//
// Part of the ap project: an adaptive-precision compiler built on MLIR.
//
//===----------------------------------------------------------------------===//
//
// Chooses the quantization parameters of a tensor from its calibration
// statistics, for a target integer format, by the methods users know:
//
//   minmax      the observed range;
//   percentile  the range clipped to a percentile (99.99 by default);
//   entropy     TensorRT's KL-divergence search (EntropyCalibration.h);
//   mse         the threshold of least expected squared error on the
//               histogram (QuantizationError.h), over a grid of candidates.
//
// in either mode (QuantizationParameters.h). The exact definitions, per mode,
// are in docs/calibration.md.
//
//===----------------------------------------------------------------------===//

#ifndef AP_CALIBRATION_RANGESELECTION_H
#define AP_CALIBRATION_RANGESELECTION_H

#include "ap/Calibration/QuantizationParameters.h"
#include "ap/Calibration/ValueStatistics.h"

#include "llvm/Support/Error.h"

namespace mlir::ap {

/// How the clipping range is chosen.
enum class CalibrationMethod { MinMax, Percentile, Entropy, MSE };

/// "minmax", "percentile", "entropy" or "mse".
llvm::StringRef stringifyCalibrationMethod(CalibrationMethod method);
std::optional<CalibrationMethod> parseCalibrationMethod(llvm::StringRef name);

/// The choices of a calibration.
struct CalibrationOptions {
  CalibrationMethod method = CalibrationMethod::MinMax;
  QuantizationMode mode = QuantizationMode::Symmetric;
  /// The percentile of `percentile` calibration, in (50, 100].
  double percentile = 99.99;
};

/// The quantization parameters of the value `statistics` describes in
/// `format`, with their estimated error on the histogram. Errors: an invalid
/// format or percentile, statistics of no value or without a histogram.
llvm::Expected<QuantizationParameters>
selectQuantizationParameters(const ValueStatistics &statistics,
                             const IntegerFormat &format,
                             const CalibrationOptions &options);

} // namespace mlir::ap

#endif // AP_CALIBRATION_RANGESELECTION_H
