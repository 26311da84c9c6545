//===- ValueStatistics.cpp - Calibration statistics of one value ----------===//
//
// Part of the ap project: an adaptive-precision compiler built on MLIR.
//
//===----------------------------------------------------------------------===//

#include "ap/Calibration/ValueStatistics.h"

#include <algorithm>
#include <cassert>

using namespace mlir::ap;

ValueStatistics::ValueStatistics(std::string id, Moments moments,
                                 Histogram histogram)
    : id(std::move(id)), moments(moments), histogram(std::move(histogram)) {
  assert((!this->histogram.hasBins() ||
          this->histogram.getTotal() == this->moments.getCount()) &&
         "the histogram must count every value");
}

template <typename T>
static ValueStatistics computeStatistics(llvm::StringRef id,
                                         llvm::ArrayRef<T> values,
                                         unsigned numBins) {
  ValueStatistics statistics(id.str());
  statistics.addToMoments(values);
  statistics.startHistogram(numBins);
  statistics.addToHistogram(values);
  return statistics;
}

ValueStatistics ValueStatistics::compute(llvm::StringRef id,
                                         llvm::ArrayRef<float> values,
                                         unsigned numBins) {
  return computeStatistics(id, values, numBins);
}

ValueStatistics ValueStatistics::compute(llvm::StringRef id,
                                         llvm::ArrayRef<double> values,
                                         unsigned numBins) {
  return computeStatistics(id, values, numBins);
}

void ValueStatistics::addToMoments(llvm::ArrayRef<float> values) {
  assert(!hasHistogram() && "pass 1 after the histogram was started");
  moments.addValues(values);
}

void ValueStatistics::addToMoments(llvm::ArrayRef<double> values) {
  assert(!hasHistogram() && "pass 1 after the histogram was started");
  moments.addValues(values);
}

void ValueStatistics::startHistogram(unsigned numBins) {
  histogram = Histogram(moments.getMin(), moments.getMax(), numBins);
}

void ValueStatistics::addToHistogram(llvm::ArrayRef<float> values) {
  assert(hasHistogram() && "pass 2 before startHistogram");
  histogram.addValues(values);
}

void ValueStatistics::addToHistogram(llvm::ArrayRef<double> values) {
  assert(hasHistogram() && "pass 2 before startHistogram");
  histogram.addValues(values);
}

void ValueStatistics::mergeHistogram(const Histogram &other) {
  histogram.merge(other);
}

void ValueStatistics::merge(const ValueStatistics &other) {
  assert((hasHistogram() == other.hasHistogram() || moments.empty() ||
          other.moments.empty()) &&
         "merging statistics of different passes");
  if (id.empty())
    id = other.id;
  moments.merge(other.moments);
  histogram.merge(other.histogram);
}

double ValueStatistics::getPercentile(double percent) const {
  if (moments.empty())
    return 0;
  return std::clamp(histogram.getPercentile(percent), moments.getMin(),
                    moments.getMax());
}

bool ValueStatistics::operator==(const ValueStatistics &other) const {
  return id == other.id && moments == other.moments &&
         histogram == other.histogram;
}
