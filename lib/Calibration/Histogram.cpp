//===- Histogram.cpp - Equal-width histograms of tensor values ------------===//
//
// Part of the ap project: an adaptive-precision compiler built on MLIR.
//
//===----------------------------------------------------------------------===//

#include "ap/Calibration/Histogram.h"

#include <algorithm>
#include <cassert>
#include <cmath>

using namespace mlir::ap;

Histogram::Histogram(double min, double max, unsigned numBins)
    : min(min), max(max), counts(numBins, 0) {
  assert(std::isfinite(min) && std::isfinite(max) && min <= max &&
         "invalid histogram range");
  assert(numBins >= 1 && "a histogram needs a bin");
}

Histogram::Histogram(double min, double max, std::vector<uint64_t> counts)
    : min(min), max(max), counts(std::move(counts)) {
  assert(std::isfinite(min) && std::isfinite(max) && min <= max &&
         "invalid histogram range");
  assert(!this->counts.empty() && "a histogram needs a bin");
  for (uint64_t count : this->counts)
    total += count;
}

double Histogram::getBinWidth() const {
  return counts.empty() ? 0.0 : (max - min) / counts.size();
}

double Histogram::getBinEdge(unsigned bin) const {
  if (bin >= counts.size())
    return max;
  return min + (max - min) * bin / counts.size();
}

unsigned Histogram::getBin(double value) const {
  assert(hasBins() && "histogram without bins");
  unsigned last = counts.size() - 1;
  if (!(value > min) || max == min)
    return 0;
  if (value >= max)
    return last;
  double position = (value - min) / (max - min) * counts.size();
  return std::min(static_cast<unsigned>(position), last);
}

void Histogram::add(double value) {
  if (!std::isfinite(value))
    return;
  ++counts[getBin(value)];
  ++total;
}

template <typename T>
static void addAll(Histogram &histogram, llvm::ArrayRef<T> values) {
  for (T value : values)
    histogram.add(value);
}

void Histogram::addValues(llvm::ArrayRef<float> values) {
  addAll(*this, values);
}

void Histogram::addValues(llvm::ArrayRef<double> values) {
  addAll(*this, values);
}

/// Adds the counts of `source` to `target`, splitting each source bin among
/// the target bins it overlaps in proportion to the overlap; the running sum
/// of each split is rounded, so the parts are integers that add up to the
/// source count.
static void rebinInto(std::vector<uint64_t> &target, double targetMin,
                      double targetMax, const Histogram &source) {
  Histogram shape(targetMin, targetMax, target.size());
  for (unsigned k = 0, e = source.getNumBins(); k < e; ++k) {
    uint64_t count = source.getCounts()[k];
    if (count == 0)
      continue;
    double lower = source.getBinEdge(k), upper = source.getBinEdge(k + 1);
    unsigned first = shape.getBin(lower), last = shape.getBin(upper);
    if (lower == upper || first == last) {
      target[first] += count;
      continue;
    }
    uint64_t assigned = 0;
    for (unsigned j = first; j <= last; ++j) {
      uint64_t cumulative = count;
      if (j != last) {
        double fraction = (std::min(upper, shape.getBinEdge(j + 1)) - lower) /
                          (upper - lower);
        fraction = std::clamp(fraction, 0.0, 1.0);
        cumulative = std::min<uint64_t>(
            count, static_cast<uint64_t>(
                       std::llround(static_cast<double>(count) * fraction)));
        cumulative = std::max(cumulative, assigned);
      }
      target[j] += cumulative - assigned;
      assigned = cumulative;
    }
  }
}

void Histogram::merge(const Histogram &other) {
  if (!other.hasBins() || (hasBins() && other.total == 0))
    return;
  if (!hasBins() || total == 0) {
    *this = other;
    return;
  }
  if (min == other.min && max == other.max &&
      counts.size() == other.counts.size()) {
    for (size_t k = 0, e = counts.size(); k < e; ++k)
      counts[k] += other.counts[k];
    total += other.total;
    return;
  }
  double newMin = std::min(min, other.min), newMax = std::max(max, other.max);
  std::vector<uint64_t> merged(std::max(counts.size(), other.counts.size()), 0);
  rebinInto(merged, newMin, newMax, *this);
  rebinInto(merged, newMin, newMax, other);
  *this = Histogram(newMin, newMax, std::move(merged));
}

double Histogram::getCumulativeCount(double value) const {
  if (counts.empty() || value < min)
    return 0;
  if (value >= max)
    return static_cast<double>(total);
  double position = (value - min) / (max - min) * counts.size();
  unsigned bin =
      std::min<unsigned>(static_cast<unsigned>(position), counts.size() - 1);
  double below = 0;
  for (unsigned k = 0; k < bin; ++k)
    below += static_cast<double>(counts[k]);
  return below + static_cast<double>(counts[bin]) * (position - bin);
}

double Histogram::getPercentile(double percent) const {
  assert(percent >= 0 && percent <= 100 && "percentile out of [0, 100]");
  if (total == 0)
    return 0;
  if (min == max)
    return min;
  double target = percent / 100 * static_cast<double>(total);
  double below = 0;
  for (unsigned k = 0, e = counts.size(); k < e; ++k) {
    double count = static_cast<double>(counts[k]);
    if (count == 0)
      continue;
    if (below + count >= target) {
      double fraction = std::clamp((target - below) / count, 0.0, 1.0);
      return min + (max - min) * ((k + fraction) / e);
    }
    below += count;
  }
  return max;
}

double Histogram::getEntropy() const {
  if (total == 0)
    return 0;
  double entropy = 0;
  for (uint64_t count : counts) {
    if (count == 0)
      continue;
    double p = static_cast<double>(count) / static_cast<double>(total);
    entropy -= p * std::log2(p);
  }
  return entropy;
}

bool Histogram::operator==(const Histogram &other) const {
  return min == other.min && max == other.max && counts == other.counts;
}
