//===- HistogramDensity.h - A histogram as a density ------------*- C++ -*-===//
//
// Part of the ap project: an adaptive-precision compiler built on MLIR.
//
//===----------------------------------------------------------------------===//
//
// The piecewise-uniform density a histogram describes, with prefix sums so
// that the calibration methods can query it many times: the cumulative
// count, quantiles of |x|, re-binning onto other ranges, and the squared
// error of a quantization grid (QuantizationError.h). Internal to
// APCalibration.
//
//===----------------------------------------------------------------------===//

#ifndef AP_LIB_CALIBRATION_HISTOGRAMDENSITY_H
#define AP_LIB_CALIBRATION_HISTOGRAMDENSITY_H

#include "ap/Calibration/Histogram.h"

#include <vector>

namespace mlir::ap::calibration {

/// A quantization grid: the integer multiples of `scale` within
/// [lowest, highest] (both multiples of the scale), nearest-point rounding
/// with saturation.
struct QuantizationGrid {
  double scale;
  double lowest;
  double highest;
};

class HistogramDensity {
public:
  explicit HistogramDensity(const Histogram &histogram);

  const Histogram &getHistogram() const { return histogram; }
  double getTotal() const { return prefix.back(); }
  /// Whether the histogram is a point mass (its range is one point).
  bool isPointMass() const { return histogram.getMin() == histogram.getMax(); }

  /// The count below or at `value`.
  double getCumulativeCount(double value) const;
  /// The smallest t >= 0 such that [-t, t] holds `fraction` of the count.
  double getAbsoluteQuantile(double fraction) const;
  /// The counts of `numBins` equal bins over [lo, hi] (those of values
  /// outside the range are left out).
  std::vector<double> resample(double lo, double hi, unsigned numBins) const;
  /// The counts of |x| in `numBins` equal bins over [0, limit].
  std::vector<double> getMagnitudeCounts(double limit, unsigned numBins) const;
  /// The counts of max(x, 0) in `numBins` equal bins over [0, limit]: the
  /// negative values are in the first bin.
  std::vector<double> getPositivePartCounts(double limit,
                                            unsigned numBins) const;

  /// The sum over all values of the squared error (x - Q(x))^2 of `grid`
  /// (the mean squared error times the total count): bin by bin, or cell by
  /// cell of the grid when the data span fewer cells than bins.
  double getSquaredError(const QuantizationGrid &grid) const;

private:
  double getEdge(unsigned bin) const { return histogram.getBinEdge(bin); }
  double getSquaredErrorByBins(const QuantizationGrid &grid) const;
  /// The integrals of x^0, x^1 and x^2 times the density up to `value`.
  void getPartialMoments(double value, double moments[3]) const;

  const Histogram &histogram;
  /// prefix[k]: the count of bins [0, k); prefixFirst and prefixSecond: the
  /// integrals of x and x^2 times the density over those bins.
  std::vector<double> prefix, prefixFirst, prefixSecond;
};

} // namespace mlir::ap::calibration

#endif // AP_LIB_CALIBRATION_HISTOGRAMDENSITY_H
