//===- OutputMetrics.h - How far perturbed outputs are from f32 -*- C++ -*-===//
//
// Part of the ap project: an adaptive-precision compiler built on MLIR.
//
//===----------------------------------------------------------------------===//
//
// The metrics of the "ap-sensitivity" format, accumulated over the batches
// of a calibration set, comparing the results y of a perturbed run with the
// results y_f32 of the f32 run:
//
//   relative_l2      ||y - y_f32|| / ||y_f32|| over every element of every
//                    result (||y - y_f32|| when y_f32 is 0);
//   sqnr_db          10 log10(||y_f32||^2 / ||y - y_f32||^2), none when exact;
//   softmax_kl       the mean over the rows of the first result (its leading
//                    dimension indexes the examples) of
//                    KL(softmax(y_f32) || softmax(y)), in nats;
//   top1_agreement   the fraction of rows whose first largest element is at
//                    the same position;
//   top1_accuracy    with labels, the fraction of rows whose first largest
//                    element is the label; accuracy_drop, the f32 model's
//                    accuracy minus it.
//
// The losses of the format's "metric" are top1_disagreement (1 -
// top1_agreement), accuracy_drop, relative_l2 and softmax_kl. ap-sensitivity
// measures them per op and precision; the verified mode of
// ap-assign-precision measures them on the whole assigned model.
//
//===----------------------------------------------------------------------===//

#ifndef AP_EXECUTION_OUTPUTMETRICS_H
#define AP_EXECUTION_OUTPUTMETRICS_H

#include "ap/Support/Npy.h"

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"

#include <cstdint>
#include <optional>

namespace mlir::ap::execution {

/// Which metric a loss is.
enum class Metric { Top1Disagreement, AccuracyDrop, RelativeL2, SoftmaxKL };

/// "top1_disagreement", "accuracy_drop", "relative_l2", "softmax_kl".
llvm::StringRef stringifyMetric(Metric metric);
/// The metric named `name` (a name of stringifyMetric), if any.
std::optional<Metric> parseMetric(llvm::StringRef name);
/// The names of the metrics, for messages: "top1_disagreement,
/// accuracy_drop, relative_l2, softmax_kl".
llvm::StringRef getMetricNames();

/// The comparison of perturbed results with the f32 results, accumulated
/// batch by batch.
class OutputComparison {
public:
  /// Adds one batch: `reference` and `perturbed` are the f32 results of the
  /// entry (same shapes); `labels`, when not empty, one label per row of the
  /// first result.
  void add(llvm::ArrayRef<npy::NpyArray> reference,
           llvm::ArrayRef<npy::NpyArray> perturbed,
           llvm::ArrayRef<int64_t> labels);
  /// Adds another accumulation (of other batches).
  void merge(const OutputComparison &other);

  int64_t getRows() const { return rows; }
  /// Whether a perturbed result was NaN or infinite where the reference was
  /// finite.
  bool hasNonFinite() const { return nonFinite; }
  double getRelativeL2() const;
  /// None when the results are exactly the reference.
  std::optional<double> getSQNR() const;
  double getSoftmaxKL() const;
  double getTop1Agreement() const;
  /// With labels.
  double getTop1Accuracy() const;
  double getReferenceAccuracy() const;
  double getAccuracyDrop() const;
  /// The loss in `metric` (accuracy_drop clamped to 0).
  double getLoss(Metric metric) const;

private:
  double referenceSquares = 0;
  double errorSquares = 0;
  double divergence = 0;
  int64_t rows = 0;
  int64_t agreeing = 0;
  int64_t correct = 0;
  int64_t referenceCorrect = 0;
  bool nonFinite = false;
};

} // namespace mlir::ap::execution

#endif // AP_EXECUTION_OUTPUTMETRICS_H
