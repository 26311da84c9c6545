//===- Moments.h - Count, extremes, mean and variance -----------*- C++ -*-===//
//
// Part of the ap project: an adaptive-precision compiler built on MLIR.
//
//===----------------------------------------------------------------------===//
//
// The first pass of calibration: the count, minimum, maximum, mean and
// variance of the values one tensor takes over a dataset, kept in a form that
// can be updated batch by batch and merged across batches or threads without
// loss of accuracy (Welford's update and the pairwise merge of Chan, Golub and
// LeVeque, "Algorithms for computing the sample variance", 1983).
//
//===----------------------------------------------------------------------===//

#ifndef AP_CALIBRATION_MOMENTS_H
#define AP_CALIBRATION_MOMENTS_H

#include "llvm/ADT/ArrayRef.h"

#include <cstdint>

namespace mlir::ap {

/// The count, extremes, mean and (population) variance of a multiset of
/// finite values. Non-finite values (NaN, infinities) are not counted: they
/// are skipped by every add function. The variance is stored rather than the
/// sum of squared deviations M2 = variance * count, so that a variance read
/// from a profile is returned exactly as read; the updates work on M2.
class Moments {
public:
  /// The moments of no value.
  Moments() = default;

  /// Moments as a profile stores them. `variance` is the population variance
  /// (see getVariance). A `count` of 0 gives the empty moments whatever the
  /// other arguments. Requires min <= mean <= max and variance >= 0 when
  /// count > 0.
  static Moments get(uint64_t count, double min, double max, double mean,
                     double variance);

  /// Adds one value (Welford's update); skipped when not finite.
  void add(double value);
  /// Adds the finite values of a batch: the batch's mean and sum of squared
  /// deviations are computed in two passes (the corrected two-pass
  /// algorithm), then merged into these moments.
  void addValues(llvm::ArrayRef<float> values);
  void addValues(llvm::ArrayRef<double> values);
  /// Adds the values `other` describes (Chan's pairwise update):
  ///   n = na + nb, d = mean_b - mean_a, mean = mean_a + d * nb / n,
  ///   M2 = M2_a + M2_b + d^2 * na * nb / n.
  void merge(const Moments &other);

  bool empty() const { return count == 0; }
  uint64_t getCount() const { return count; }
  /// The smallest and largest values; 0 when empty.
  double getMin() const { return min; }
  double getMax() const { return max; }
  /// max(|min|, |max|); 0 when empty.
  double getAbsMax() const;
  /// The arithmetic mean; 0 when empty. Always within [min, max].
  double getMean() const { return mean; }
  /// The sum of squared deviations from the mean, M2.
  double getSumOfSquaredDeviations() const;
  /// The population variance M2 / count (not the sample variance
  /// M2 / (count - 1)); 0 when empty.
  double getVariance() const { return variance; }
  /// The mean of the squares, variance + mean^2: the power of the signal.
  double getMeanSquare() const;

  bool operator==(const Moments &other) const;

private:
  uint64_t count = 0;
  double min = 0;
  double max = 0;
  double mean = 0;
  double variance = 0;
};

} // namespace mlir::ap

#endif // AP_CALIBRATION_MOMENTS_H
