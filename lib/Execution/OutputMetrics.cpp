//===- OutputMetrics.cpp - How far perturbed outputs are from f32 ---------===//
//
// Part of the ap project: an adaptive-precision compiler built on MLIR.
//
//===----------------------------------------------------------------------===//

#include "ap/Execution/OutputMetrics.h"

#include "llvm/ADT/StringSwitch.h"

#include <algorithm>
#include <cassert>
#include <cmath>

using namespace mlir::ap;
using namespace mlir::ap::execution;

llvm::StringRef mlir::ap::execution::stringifyMetric(Metric metric) {
  switch (metric) {
  case Metric::Top1Disagreement:
    return "top1_disagreement";
  case Metric::AccuracyDrop:
    return "accuracy_drop";
  case Metric::RelativeL2:
    return "relative_l2";
  case Metric::SoftmaxKL:
    return "softmax_kl";
  }
  return "";
}

std::optional<Metric> mlir::ap::execution::parseMetric(llvm::StringRef name) {
  return llvm::StringSwitch<std::optional<Metric>>(name)
      .Case("top1_disagreement", Metric::Top1Disagreement)
      .Case("accuracy_drop", Metric::AccuracyDrop)
      .Case("relative_l2", Metric::RelativeL2)
      .Case("softmax_kl", Metric::SoftmaxKL)
      .Default(std::nullopt);
}

llvm::StringRef mlir::ap::execution::getMetricNames() {
  return "top1_disagreement, accuracy_drop, relative_l2, softmax_kl";
}

/// The position of the first largest element of `row`.
static int64_t argmax(llvm::ArrayRef<float> row) {
  int64_t best = 0;
  for (int64_t i = 1, e = row.size(); i < e; ++i)
    if (row[i] > row[best])
      best = i;
  return best;
}

/// log(sum(exp(row))), computed stably.
static double logSumExp(llvm::ArrayRef<float> row) {
  double largest = *std::max_element(row.begin(), row.end());
  double sum = 0;
  for (float value : row)
    sum += std::exp(static_cast<double>(value) - largest);
  return largest + std::log(sum);
}

void OutputComparison::add(llvm::ArrayRef<npy::NpyArray> reference,
                           llvm::ArrayRef<npy::NpyArray> perturbed,
                           llvm::ArrayRef<int64_t> labels) {
  assert(reference.size() == perturbed.size() && !reference.empty() &&
         "results differ");
  for (auto [expected, actual] : llvm::zip(reference, perturbed)) {
    llvm::ArrayRef<float> x = expected.getValues<float>();
    llvm::ArrayRef<float> y = actual.getValues<float>();
    for (auto [a, b] : llvm::zip(x, y)) {
      if (std::isfinite(a) && !std::isfinite(b))
        nonFinite = true;
      double difference = static_cast<double>(b) - a;
      referenceSquares += static_cast<double>(a) * a;
      errorSquares += difference * difference;
    }
  }

  // The first result, as rows of scores.
  const npy::NpyArray &first = reference.front();
  int64_t batchRows = first.getRank() == 0 ? 1 : first.shape.front();
  if (batchRows == 0)
    return;
  int64_t width = first.getNumElements() / batchRows;
  llvm::ArrayRef<float> x = first.getValues<float>();
  llvm::ArrayRef<float> y = perturbed.front().getValues<float>();
  for (int64_t row = 0; row < batchRows; ++row) {
    llvm::ArrayRef<float> expected = x.slice(row * width, width);
    llvm::ArrayRef<float> actual = y.slice(row * width, width);
    if (width == 0)
      continue;
    int64_t expectedClass = argmax(expected), actualClass = argmax(actual);
    agreeing += expectedClass == actualClass;
    if (!labels.empty()) {
      referenceCorrect += expectedClass == labels[row];
      correct += actualClass == labels[row];
    }
    // KL(p || q) = sum_i p_i (log p_i - log q_i) with log-softmaxes.
    double expectedLog = logSumExp(expected), actualLog = logSumExp(actual);
    double kl = 0;
    for (int64_t i = 0; i < width; ++i) {
      double logP = expected[i] - expectedLog;
      double logQ = actual[i] - actualLog;
      kl += std::exp(logP) * (logP - logQ);
    }
    // Rounding may make an exact 0 slightly negative.
    divergence += std::max(kl, 0.0);
  }
  rows += batchRows;
}

void OutputComparison::merge(const OutputComparison &other) {
  referenceSquares += other.referenceSquares;
  errorSquares += other.errorSquares;
  divergence += other.divergence;
  rows += other.rows;
  agreeing += other.agreeing;
  correct += other.correct;
  referenceCorrect += other.referenceCorrect;
  nonFinite |= other.nonFinite;
}

double OutputComparison::getRelativeL2() const {
  if (referenceSquares == 0)
    return std::sqrt(errorSquares);
  return std::sqrt(errorSquares / referenceSquares);
}

std::optional<double> OutputComparison::getSQNR() const {
  if (errorSquares == 0)
    return std::nullopt;
  return 10 * std::log10(referenceSquares / errorSquares);
}

double OutputComparison::getSoftmaxKL() const {
  return rows ? divergence / rows : 0.0;
}

double OutputComparison::getTop1Agreement() const {
  return rows ? static_cast<double>(agreeing) / rows : 1.0;
}

double OutputComparison::getTop1Accuracy() const {
  return rows ? static_cast<double>(correct) / rows : 0.0;
}

double OutputComparison::getReferenceAccuracy() const {
  return rows ? static_cast<double>(referenceCorrect) / rows : 0.0;
}

double OutputComparison::getAccuracyDrop() const {
  return rows ? static_cast<double>(referenceCorrect - correct) / rows : 0.0;
}

double OutputComparison::getLoss(Metric metric) const {
  switch (metric) {
  case Metric::Top1Disagreement:
    return rows ? static_cast<double>(rows - agreeing) / rows : 0.0;
  case Metric::AccuracyDrop:
    return std::max(0.0, getAccuracyDrop());
  case Metric::RelativeL2:
    return getRelativeL2();
  case Metric::SoftmaxKL:
    return getSoftmaxKL();
  }
  return 0;
}
