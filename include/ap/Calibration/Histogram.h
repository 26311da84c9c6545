//===- Histogram.h - Equal-width histograms of tensor values ----*- C++ -*-===//
//
// Part of the ap project: an adaptive-precision compiler built on MLIR.
//
//===----------------------------------------------------------------------===//
//
// The second pass of calibration: the distribution of the values of one
// tensor as counts in N equal bins over a fixed closed range [min, max]
// (N = 2048 by default, as TensorRT). Every derived quantity (percentiles,
// the quantization error of docs/calibration.md) treats the histogram as a
// piecewise-uniform density: the values counted in a bin are spread evenly
// over it. A histogram whose range is a single point (min == max) is a point
// mass there.
//
//===----------------------------------------------------------------------===//

#ifndef AP_CALIBRATION_HISTOGRAM_H
#define AP_CALIBRATION_HISTOGRAM_H

#include "llvm/ADT/ArrayRef.h"

#include <cstdint>
#include <vector>

namespace mlir::ap {

/// Counts of values in equal bins over [min, max]. Bin k covers
/// [min + k w, min + (k + 1) w) with w = (max - min) / N; the last bin also
/// holds `max`.
class Histogram {
public:
  /// The number of bins calibration uses unless told otherwise.
  static constexpr unsigned kDefaultNumBins = 2048;

  /// A histogram without bins: not collected yet.
  Histogram() = default;
  /// An empty histogram of `numBins` (>= 1) bins over [min, max] (finite,
  /// min <= max).
  Histogram(double min, double max, unsigned numBins = kDefaultNumBins);
  /// A histogram with the given counts (at least one bin).
  Histogram(double min, double max, std::vector<uint64_t> counts);

  /// Whether the histogram has bins.
  bool hasBins() const { return !counts.empty(); }
  unsigned getNumBins() const { return counts.size(); }
  double getMin() const { return min; }
  double getMax() const { return max; }
  /// (max - min) / N.
  double getBinWidth() const;
  /// The lower edge of bin `bin`; getBinEdge(N) is max.
  double getBinEdge(unsigned bin) const;
  llvm::ArrayRef<uint64_t> getCounts() const { return counts; }
  /// The sum of the counts.
  uint64_t getTotal() const { return total; }

  /// The bin a finite value falls in; values outside [min, max] fall in the
  /// first or last bin.
  unsigned getBin(double value) const;
  /// Counts a value in its bin. Values outside the range are counted in the
  /// first or last bin (saturation); non-finite values are skipped.
  void add(double value);
  void addValues(llvm::ArrayRef<float> values);
  void addValues(llvm::ArrayRef<double> values);

  /// Adds the counts of `other`. With the same range and number of bins the
  /// counts are added exactly. Otherwise both are re-binned onto the union of
  /// the ranges with the larger number of bins: each bin's count is split
  /// among the new bins it overlaps in proportion to the overlap (rounding
  /// the running sum, so every count is an integer and the total is kept),
  /// which is exact at the resolution of the coarser histogram only. A
  /// histogram without bins adopts the other.
  void merge(const Histogram &other);

  /// The number of values below or at `value` under the piecewise-uniform
  /// model, linear within a bin.
  double getCumulativeCount(double value) const;
  /// The `percent`-th percentile (0 <= percent <= 100): the smallest x whose
  /// cumulative count reaches percent / 100 * total, interpolating linearly
  /// within the bin where that happens. Exact when the values are uniform
  /// within each bin; otherwise within one bin width of the empirical
  /// percentile. 0 for an empty histogram.
  double getPercentile(double percent) const;
  /// The Shannon entropy, in bits, of the distribution of the values over
  /// the bins: -sum p_k log2 p_k with p_k = count_k / total (empty bins
  /// contribute 0). log2(N) for a uniform histogram, 0 when empty.
  double getEntropy() const;

  bool operator==(const Histogram &other) const;

private:
  double min = 0;
  double max = 0;
  std::vector<uint64_t> counts;
  uint64_t total = 0;
};

} // namespace mlir::ap

#endif // AP_CALIBRATION_HISTOGRAM_H
