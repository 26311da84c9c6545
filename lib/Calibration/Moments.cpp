//===- Moments.cpp - Count, extremes, mean and variance -------------------===//
//
// Part of the ap project: an adaptive-precision compiler built on MLIR.
//
//===----------------------------------------------------------------------===//

#include "ap/Calibration/Moments.h"

#include <algorithm>
#include <cassert>
#include <cmath>

using namespace mlir::ap;

Moments Moments::get(uint64_t count, double min, double max, double mean,
                     double variance) {
  Moments moments;
  if (count == 0)
    return moments;
  assert(min <= mean && mean <= max && variance >= 0 && "invalid moments");
  moments.count = count;
  moments.min = min;
  moments.max = max;
  moments.mean = mean;
  moments.variance = variance;
  return moments;
}

void Moments::add(double value) {
  if (!std::isfinite(value))
    return;
  if (count == 0) {
    count = 1;
    min = max = mean = value;
    variance = 0;
    return;
  }
  double m2 = getSumOfSquaredDeviations();
  ++count;
  min = std::min(min, value);
  max = std::max(max, value);
  double delta = value - mean;
  mean += delta / static_cast<double>(count);
  m2 += delta * (value - mean);
  mean = std::clamp(mean, min, max);
  variance = std::max(0.0, m2 / static_cast<double>(count));
}

/// The moments of the finite values of one batch, in two passes: the mean,
/// then the squared deviations with the correction term of the corrected
/// two-pass algorithm, sum((x - mean)^2) - (sum(x - mean))^2 / n.
template <typename T> static Moments batchMoments(llvm::ArrayRef<T> values) {
  uint64_t count = 0;
  double sum = 0, min = 0, max = 0;
  for (T value : values) {
    double x = value;
    if (!std::isfinite(x))
      continue;
    if (count == 0)
      min = max = x;
    min = std::min(min, x);
    max = std::max(max, x);
    sum += x;
    ++count;
  }
  if (count == 0)
    return Moments();
  double n = static_cast<double>(count);
  double mean = std::clamp(sum / n, min, max);
  double squares = 0, deviations = 0;
  for (T value : values) {
    double x = value;
    if (!std::isfinite(x))
      continue;
    squares += (x - mean) * (x - mean);
    deviations += x - mean;
  }
  double m2 = std::max(0.0, squares - deviations * deviations / n);
  return Moments::get(count, min, max, mean, m2 / n);
}

void Moments::addValues(llvm::ArrayRef<float> values) {
  merge(batchMoments(values));
}

void Moments::addValues(llvm::ArrayRef<double> values) {
  merge(batchMoments(values));
}

void Moments::merge(const Moments &other) {
  if (other.count == 0)
    return;
  if (count == 0) {
    *this = other;
    return;
  }
  double na = static_cast<double>(count);
  double nb = static_cast<double>(other.count);
  double n = na + nb;
  double delta = other.mean - mean;
  double m2 = getSumOfSquaredDeviations() + other.getSumOfSquaredDeviations() +
              delta * delta * (na * nb / n);
  count += other.count;
  min = std::min(min, other.min);
  max = std::max(max, other.max);
  mean = std::clamp(mean + delta * (nb / n), min, max);
  variance = m2 / n;
}

double Moments::getAbsMax() const {
  return std::max(std::fabs(min), std::fabs(max));
}

double Moments::getSumOfSquaredDeviations() const {
  return variance * static_cast<double>(count);
}

double Moments::getMeanSquare() const { return getVariance() + mean * mean; }

bool Moments::operator==(const Moments &other) const {
  return count == other.count && min == other.min && max == other.max &&
         mean == other.mean && variance == other.variance;
}
