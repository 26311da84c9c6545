//===- ValueStatistics.h - Calibration statistics of one value --*- C++ -*-===//
//
// Part of the ap project: an adaptive-precision compiler built on MLIR.
//
//===----------------------------------------------------------------------===//
//
// What calibration collects for one tensor value (an `ap.observe` id) over a
// dataset, in two passes:
//
//   pass 1  count, min, max, mean, variance (Moments), batch by batch;
//   pass 2  a histogram of N equal bins (2048 by default) over the range
//           [min, max] that pass 1 observed.
//
// The histogram spans the observed range rather than [-absmax, absmax]: for
// one-sided values (ReLU outputs, softmax) the symmetric range would leave
// half of the bins empty, and the asymmetric methods need the signed
// distribution anyway. The symmetric methods derive the distribution of |x|
// from it exactly under the piecewise-uniform model (docs/calibration.md).
//
// Both passes can run over batches, and statistics collected separately (by
// threads, or by processes over parts of the dataset) merge. The profile
// stores them as the elements of its "values" array (toJSON / fromJSON).
//
//===----------------------------------------------------------------------===//

#ifndef AP_CALIBRATION_VALUESTATISTICS_H
#define AP_CALIBRATION_VALUESTATISTICS_H

#include "ap/Calibration/Histogram.h"
#include "ap/Calibration/Moments.h"

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/JSON.h"

#include <optional>
#include <string>

namespace mlir::ap {

class JSONDiagnostics;

/// The calibration statistics of one tensor value.
///
/// Typical use, over a dataset of batches:
///   ValueStatistics s("main.matmul0");
///   for (batch : dataset) s.addToMoments(batch);     // pass 1
///   s.startHistogram();                              // range [min, max]
///   for (batch : dataset) s.addToHistogram(batch);   // pass 2
/// With several workers, pass 1 merges the workers' statistics; for pass 2
/// each worker fills a copy of getHistogram() taken right after
/// startHistogram() and the copies are added with mergeHistogram() (same
/// range, so the counts add exactly). Non-finite values are skipped by both
/// passes: `count` is the number of finite values.
class ValueStatistics {
public:
  ValueStatistics() = default;
  explicit ValueStatistics(std::string id) : id(std::move(id)) {}
  /// Statistics with the given parts (as read from a profile). The
  /// histogram, when it has bins, must count `moments.getCount()` values.
  ValueStatistics(std::string id, Moments moments, Histogram histogram);

  /// Both passes over values held in memory.
  static ValueStatistics compute(llvm::StringRef id,
                                 llvm::ArrayRef<float> values,
                                 unsigned numBins = Histogram::kDefaultNumBins);
  static ValueStatistics compute(llvm::StringRef id,
                                 llvm::ArrayRef<double> values,
                                 unsigned numBins = Histogram::kDefaultNumBins);

  /// Pass 1: adds a batch to the moments. Must not be called once the
  /// histogram is started.
  void addToMoments(llvm::ArrayRef<float> values);
  void addToMoments(llvm::ArrayRef<double> values);
  /// Ends pass 1: starts an empty histogram of `numBins` bins over the
  /// observed [min, max] ([0, 0] when nothing was observed).
  void startHistogram(unsigned numBins = Histogram::kDefaultNumBins);
  /// Pass 2: adds a batch (the same values as in pass 1) to the histogram.
  void addToHistogram(llvm::ArrayRef<float> values);
  void addToHistogram(llvm::ArrayRef<double> values);
  /// Pass 2: adds counts collected separately (see Histogram::merge).
  void mergeHistogram(const Histogram &other);

  /// Adds the statistics of other values of the same tensor: the moments
  /// merge exactly (Chan), the histograms as Histogram::merge does (exactly
  /// when both have the same range and bins). Both must be in the same pass
  /// (both with a histogram or both without), unless one is empty. The id
  /// stays this one's (other's when this one has none).
  void merge(const ValueStatistics &other);

  llvm::StringRef getId() const { return id; }
  void setId(std::string newId) { id = std::move(newId); }
  const Moments &getMoments() const { return moments; }
  const Histogram &getHistogram() const { return histogram; }
  /// Whether pass 2 has started.
  bool hasHistogram() const { return histogram.hasBins(); }

  uint64_t getCount() const { return moments.getCount(); }
  double getMin() const { return moments.getMin(); }
  double getMax() const { return moments.getMax(); }
  double getAbsMax() const { return moments.getAbsMax(); }
  double getMean() const { return moments.getMean(); }
  /// The population variance.
  double getVariance() const { return moments.getVariance(); }

  /// The histogram's percentile (Histogram::getPercentile), clamped to the
  /// observed [min, max]; resolution one bin width.
  double getPercentile(double percent) const;
  /// The Shannon entropy of the histogram, in bits.
  double getEntropy() const { return histogram.getEntropy(); }

  bool operator==(const ValueStatistics &other) const;

private:
  std::string id;
  Moments moments;
  Histogram histogram;
};

/// The percentiles a profile lists for each value, and their JSON keys.
inline constexpr double kProfilePercentiles[] = {0.01, 0.1,  1,    50,
                                                 99,   99.9, 99.99};
inline constexpr llvm::StringLiteral kProfilePercentileKeys[] = {
    "0.01", "0.1", "1", "50", "99", "99.9", "99.99"};

/// One element of the "values" array of a profile (format "ap-profile",
/// version 2):
///   {"id": "main.matmul0", "count": 51200, "min": -3.1, "max": 7.9,
///    "mean": 0.4, "variance": 1.2,
///    "histogram": {"min": -3.1, "max": 7.9, "counts": [...]},
///    "percentiles": {"0.01": ..., "99.99": ...}, "entropy": 6.2}
/// Numbers are written with 17 significant digits, so they read back
/// exactly. "percentiles" and "entropy" are derived from the histogram, for
/// people and other tools to read.
llvm::json::Value toJSON(const ValueStatistics &statistics);

/// Reads one element of a profile's "values" (the LLVM convention: on
/// failure, the first problem found is reported at its path below `path`,
/// e.g. "expected a non-negative integer at $.values[3].histogram.counts[17]",
/// and false is returned). Every member of toJSON is required except
/// "percentiles" and "entropy", which are checked for their types only and
/// otherwise ignored: they are recomputed from the histogram. Checked
/// besides the types: min <= mean <= max, variance >= 0, the histogram's
/// range covers [min, max], its counts are non-negative integers (at least
/// one) summing to "count"; unknown keys are errors.
bool fromJSON(const llvm::json::Value &value, ValueStatistics &statistics,
              llvm::json::Path path);

/// The same checks, reporting every problem to `diagnostics` (as the other
/// readers of ap's JSON inputs do: `<file>: <path>: <message>`, with
/// details such as the actual sum of the counts) under `path` (e.g.
/// "$.values[3]"). Returns nothing when there was a problem.
std::optional<ValueStatistics>
readValueStatistics(const llvm::json::Value &value, llvm::StringRef path,
                    JSONDiagnostics &diagnostics);

} // namespace mlir::ap

#endif // AP_CALIBRATION_VALUESTATISTICS_H
