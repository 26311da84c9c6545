//===- RangeSelection.cpp - Calibration methods ---------------------------===//
//
// Part of the ap project: an adaptive-precision compiler built on MLIR.
//
//===----------------------------------------------------------------------===//

#include "ap/Calibration/RangeSelection.h"
#include "ap/Calibration/EntropyCalibration.h"

#include "HistogramDensity.h"

#include "llvm/ADT/StringSwitch.h"
#include "llvm/ADT/Twine.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>

using namespace mlir::ap;
using namespace mlir::ap::calibration;

llvm::StringRef mlir::ap::stringifyCalibrationMethod(CalibrationMethod method) {
  switch (method) {
  case CalibrationMethod::MinMax:
    return "minmax";
  case CalibrationMethod::Percentile:
    return "percentile";
  case CalibrationMethod::Entropy:
    return "entropy";
  case CalibrationMethod::MSE:
    return "mse";
  }
  llvm_unreachable("unknown calibration method");
}

std::optional<CalibrationMethod>
mlir::ap::parseCalibrationMethod(llvm::StringRef name) {
  return llvm::StringSwitch<std::optional<CalibrationMethod>>(name)
      .Case("minmax", CalibrationMethod::MinMax)
      .Case("percentile", CalibrationMethod::Percentile)
      .Case("entropy", CalibrationMethod::Entropy)
      .Case("mse", CalibrationMethod::MSE)
      .Default(std::nullopt);
}

/// The number of candidates of the coarse pass of the MSE search.
static constexpr unsigned kCoarseSteps = 256;

namespace {

/// A clipping range [lo, hi].
struct Range {
  double lo;
  double hi;
};

/// Selects the range of one value for one format and mode.
class RangeSelector {
public:
  RangeSelector(const ValueStatistics &statistics, const IntegerFormat &format,
                QuantizationMode mode)
      : statistics(statistics), density(statistics.getHistogram()),
        format(format), mode(mode) {}

  /// The parameters for `range` with their estimated error.
  QuantizationParameters finish(Range range) const;

  Range selectMinMax() const;
  Range selectPercentile(double percent) const;
  Range selectEntropy() const;
  Range selectMSE() const;

private:
  bool isSignedSymmetric() const {
    return mode == QuantizationMode::Symmetric && format.isSigned;
  }
  bool isUnsignedSymmetric() const {
    return mode == QuantizationMode::Symmetric && !format.isSigned;
  }
  /// The summed squared error of the parameters for `range`.
  double getSquaredError(Range range) const;
  /// Of the candidates make(steps), make(steps - 1), ..., make(1), the one
  /// of least squared error: every (steps / kCoarseSteps)-th candidate from
  /// make(steps) down, then every candidate within that stride of the best
  /// (on equal errors, the candidate considered first stays).
  template <typename MakeRange>
  Range searchLeastError(unsigned steps, MakeRange make) const;

  const ValueStatistics &statistics;
  HistogramDensity density;
  IntegerFormat format;
  QuantizationMode mode;
};

} // namespace

QuantizationParameters RangeSelector::finish(Range range) const {
  QuantizationParameters parameters =
      getQuantizationParameters(range.lo, range.hi, format, mode);
  parameters.mse = getSquaredError(range) / density.getTotal();
  parameters.sqnr =
      getSQNR(statistics.getMoments().getMeanSquare(), parameters.mse);
  return parameters;
}

double RangeSelector::getSquaredError(Range range) const {
  QuantizationParameters parameters =
      getQuantizationParameters(range.lo, range.hi, format, mode);
  return density.getSquaredError({parameters.scale,
                                  parameters.getRepresentableMin(),
                                  parameters.getRepresentableMax()});
}

template <typename MakeRange>
Range RangeSelector::searchLeastError(unsigned steps, MakeRange make) const {
  // Every stride-th step from the widest, then every step within a stride
  // of the best of those.
  unsigned stride = std::max(1u, steps / kCoarseSteps);
  Range choice = make(steps);
  unsigned bestStep = steps;
  double best = std::numeric_limits<double>::infinity();
  auto consider = [&](unsigned step) {
    Range range = make(step);
    double error = getSquaredError(range);
    if (error < best) {
      best = error;
      choice = range;
      bestStep = step;
    }
  };
  for (unsigned step = steps; step >= 1;
       step = step > stride ? step - stride : 0)
    consider(step);
  unsigned coarse = bestStep;
  unsigned high = std::min(steps, coarse + stride - 1);
  unsigned low = coarse > stride ? coarse - stride + 1 : 1;
  for (unsigned step = high; step >= low; --step)
    if (step != coarse)
      consider(step);
  return choice;
}

Range RangeSelector::selectMinMax() const {
  return {statistics.getMin(), statistics.getMax()};
}

Range RangeSelector::selectPercentile(double percent) const {
  if (isSignedSymmetric()) {
    double threshold = std::min(density.getAbsoluteQuantile(percent / 100),
                                statistics.getAbsMax());
    return {-threshold, threshold};
  }
  if (isUnsignedSymmetric())
    return {0, std::max(statistics.getPercentile(percent), 0.0)};
  return {statistics.getPercentile(100 - percent),
          statistics.getPercentile(percent)};
}

Range RangeSelector::selectEntropy() const {
  const Histogram &histogram = statistics.getHistogram();
  unsigned numBins = histogram.getNumBins();
  double min = histogram.getMin(), max = histogram.getMax();
  if (isSignedSymmetric()) {
    // TensorRT: |x| over [0, absmax], 2^(bits-1) levels.
    double limit = std::max(std::fabs(min), std::fabs(max));
    if (limit == 0)
      return {0, 0};
    std::vector<double> counts = density.getMagnitudeCounts(limit, numBins);
    unsigned levels = static_cast<unsigned>(format.getStorageMax() + 1);
    unsigned end = selectEntropyWindowEnd(counts, levels);
    double threshold = std::min(limit * end / numBins, statistics.getAbsMax());
    return {-threshold, threshold};
  }
  unsigned levels = static_cast<unsigned>(format.getNumLevels());
  if (isUnsignedSymmetric()) {
    // max(x, 0) over [0, max], one level per storage value.
    double limit = std::max(max, 0.0);
    if (limit == 0)
      return {0, 0};
    std::vector<double> counts = density.getPositivePartCounts(limit, numBins);
    unsigned end = selectEntropyWindowEnd(counts, levels);
    return {
        0, std::min(limit * end / numBins, std::max(statistics.getMax(), 0.0))};
  }
  // Asymmetric: windows of x over the range widened to contain 0.
  double low = std::min(min, 0.0), high = std::max(max, 0.0);
  if (low == high)
    return {0, 0};
  std::vector<double> counts;
  if (low == min && high == max)
    counts.assign(histogram.getCounts().begin(), histogram.getCounts().end());
  else
    counts = density.resample(low, high, numBins);
  double zero = -low / (high - low) * numBins;
  auto [begin, end] = selectEntropyWindow(counts, levels, zero);
  double lo = low + (high - low) * begin / numBins;
  double hi = end == numBins ? high : low + (high - low) * end / numBins;
  return {std::max(lo, statistics.getMin()), std::min(hi, statistics.getMax())};
}

Range RangeSelector::selectMSE() const {
  unsigned steps = statistics.getHistogram().getNumBins();
  if (isSignedSymmetric()) {
    double limit = statistics.getAbsMax();
    if (limit == 0)
      return {0, 0};
    return searchLeastError(steps, [&](unsigned step) {
      double threshold = limit * step / steps;
      return Range{-threshold, threshold};
    });
  }
  if (isUnsignedSymmetric()) {
    double limit = std::max(statistics.getMax(), 0.0);
    if (limit == 0)
      return {0, 0};
    return searchLeastError(steps, [&](unsigned step) {
      return Range{0, limit * step / steps};
    });
  }
  // Asymmetric: coordinate descent over the two ends.
  double low = std::min(statistics.getMin(), 0.0);
  double high = std::max(statistics.getMax(), 0.0);
  Range range{low, high};
  for (int round = 0; round < 8; ++round) {
    Range previous = range;
    if (high > 0)
      range.hi = searchLeastError(steps, [&](unsigned step) {
                   return Range{range.lo, high * step / steps};
                 }).hi;
    if (low < 0)
      range.lo = searchLeastError(steps, [&](unsigned step) {
                   return Range{low * step / steps, range.hi};
                 }).lo;
    if (range.lo == previous.lo && range.hi == previous.hi)
      break;
  }
  return range;
}

/// `value` as %g prints it.
static std::string formatNumber(double value) {
  char text[32];
  std::snprintf(text, sizeof(text), "%g", value);
  return text;
}

static llvm::Error makeError(const llvm::Twine &message) {
  return llvm::createStringError(llvm::inconvertibleErrorCode(), message);
}

llvm::Expected<QuantizationParameters>
mlir::ap::selectQuantizationParameters(const ValueStatistics &statistics,
                                       const IntegerFormat &format,
                                       const CalibrationOptions &options) {
  if (llvm::Error error = format.verify())
    return std::move(error);
  if (options.method == CalibrationMethod::Percentile &&
      !(options.percentile > 50 && options.percentile <= 100))
    return makeError("percentile " + formatNumber(options.percentile) +
                     " out of (50, 100]");
  if (statistics.getCount() == 0)
    return makeError("no value of '" + statistics.getId() +
                     "' was observed; nothing to calibrate");
  if (!statistics.hasHistogram() || statistics.getHistogram().getTotal() == 0)
    return makeError("the statistics of '" + statistics.getId() +
                     "' have no histogram (pass 2 was not run)");

  RangeSelector selector(statistics, format, options.mode);
  switch (options.method) {
  case CalibrationMethod::MinMax:
    return selector.finish(selector.selectMinMax());
  case CalibrationMethod::Percentile:
    return selector.finish(selector.selectPercentile(options.percentile));
  case CalibrationMethod::Entropy:
    return selector.finish(selector.selectEntropy());
  case CalibrationMethod::MSE:
    return selector.finish(selector.selectMSE());
  }
  llvm_unreachable("unknown calibration method");
}
