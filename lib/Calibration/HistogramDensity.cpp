//===- HistogramDensity.cpp - A histogram as a density --------------------===//
//
// Part of the ap project: an adaptive-precision compiler built on MLIR.
//
//===----------------------------------------------------------------------===//

#include "HistogramDensity.h"

#include "ap/Calibration/IntegerFormat.h"

#include <algorithm>
#include <cassert>
#include <cmath>

using namespace mlir::ap;
using namespace mlir::ap::calibration;

HistogramDensity::HistogramDensity(const Histogram &histogram)
    : histogram(histogram) {
  unsigned numBins = histogram.getNumBins();
  prefix.assign(numBins + 1, 0);
  prefixFirst.assign(numBins + 1, 0);
  prefixSecond.assign(numBins + 1, 0);
  double width = histogram.getBinWidth();
  for (unsigned k = 0; k < numBins; ++k) {
    double count = static_cast<double>(histogram.getCounts()[k]);
    double centre = (getEdge(k) + getEdge(k + 1)) / 2;
    prefix[k + 1] = prefix[k] + count;
    prefixFirst[k + 1] = prefixFirst[k] + count * centre;
    prefixSecond[k + 1] =
        prefixSecond[k] + count * (centre * centre + width * width / 12);
  }
}

double HistogramDensity::getCumulativeCount(double value) const {
  unsigned numBins = histogram.getNumBins();
  double min = histogram.getMin(), max = histogram.getMax();
  if (numBins == 0 || value < min)
    return 0;
  if (value >= max)
    return getTotal();
  double position = (value - min) / (max - min) * numBins;
  unsigned bin = std::min(static_cast<unsigned>(position), numBins - 1);
  return prefix[bin] +
         static_cast<double>(histogram.getCounts()[bin]) * (position - bin);
}

double HistogramDensity::getAbsoluteQuantile(double fraction) const {
  if (getTotal() == 0)
    return 0;
  if (isPointMass())
    return std::fabs(histogram.getMin());
  double target = fraction * getTotal();
  double low = 0;
  double high =
      std::max(std::fabs(histogram.getMin()), std::fabs(histogram.getMax()));
  // The count within [-t, t] is continuous and non-decreasing in t.
  for (int iteration = 0; iteration < 200 && low < high; ++iteration) {
    double middle = low + (high - low) / 2;
    if (middle <= low || middle >= high)
      break;
    if (getCumulativeCount(middle) - getCumulativeCount(-middle) >= target)
      high = middle;
    else
      low = middle;
  }
  return high;
}

/// The bin of `value` among `numBins` equal bins over [lo, hi].
static unsigned binOf(double value, double lo, double hi, unsigned numBins) {
  if (!(value > lo) || hi == lo)
    return 0;
  double position = (value - lo) / (hi - lo) * numBins;
  return std::min(static_cast<unsigned>(position), numBins - 1);
}

std::vector<double> HistogramDensity::resample(double lo, double hi,
                                               unsigned numBins) const {
  assert(lo < hi && numBins > 0 && "invalid resampling");
  std::vector<double> counts(numBins, 0);
  if (isPointMass()) {
    double point = histogram.getMin();
    if (point >= lo && point <= hi)
      counts[binOf(point, lo, hi, numBins)] = getTotal();
    return counts;
  }
  double previous = getCumulativeCount(lo);
  for (unsigned j = 0; j < numBins; ++j) {
    double edge = j + 1 == numBins ? hi : lo + (hi - lo) * (j + 1) / numBins;
    double cumulative = getCumulativeCount(edge);
    counts[j] = std::max(0.0, cumulative - previous);
    previous = cumulative;
  }
  return counts;
}

std::vector<double>
HistogramDensity::getMagnitudeCounts(double limit, unsigned numBins) const {
  assert(limit > 0 && numBins > 0 && "invalid resampling");
  if (isPointMass()) {
    std::vector<double> counts(numBins, 0);
    counts[binOf(std::fabs(histogram.getMin()), 0, limit, numBins)] =
        getTotal();
    return counts;
  }
  std::vector<double> counts = resample(0, limit, numBins);
  double previous = getCumulativeCount(0);
  for (unsigned j = 0; j < numBins; ++j) {
    double edge = j + 1 == numBins ? limit : limit * (j + 1) / numBins;
    double cumulative = getCumulativeCount(-edge);
    counts[j] += std::max(0.0, previous - cumulative);
    previous = cumulative;
  }
  return counts;
}

std::vector<double>
HistogramDensity::getPositivePartCounts(double limit, unsigned numBins) const {
  assert(limit > 0 && numBins > 0 && "invalid resampling");
  if (isPointMass()) {
    std::vector<double> counts(numBins, 0);
    counts[binOf(std::max(histogram.getMin(), 0.0), 0, limit, numBins)] =
        getTotal();
    return counts;
  }
  std::vector<double> counts = resample(0, limit, numBins);
  counts[0] += getCumulativeCount(0);
  return counts;
}

/// (p^3 - q^3) / 3 without cancellation: the integral of t^2 over [q, p].
static double cubeDifference(double p, double q) {
  return (p - q) * (p * p + p * q + q * q) / 3;
}

/// The integral over [a, b] of the squared distance from y to the nearest
/// integer: G(b) - G(a) with G(y) = n / 12 + f^3 / 3, n = floor(y + 1/2),
/// f = y - n, without forming the large terms n / 12.
static double sawtoothIntegral(double a, double b) {
  double na = std::floor(a + 0.5), nb = std::floor(b + 0.5);
  return (nb - na) / 12 + cubeDifference(b - nb, a - na);
}

/// The integral of (x - Q(x))^2 over [u, v] for `grid`.
static double binIntegral(double u, double v, const QuantizationGrid &grid) {
  double integral = 0;
  if (u < grid.lowest)
    integral +=
        cubeDifference(std::min(v, grid.lowest) - grid.lowest, u - grid.lowest);
  if (v > grid.highest)
    integral += cubeDifference(v - grid.highest,
                               std::max(u, grid.highest) - grid.highest);
  double a = std::max(u, grid.lowest), b = std::min(v, grid.highest);
  if (a < b) {
    double s = grid.scale;
    integral += s * s * s * sawtoothIntegral(a / s, b / s);
  }
  return integral;
}

void HistogramDensity::getPartialMoments(double value,
                                         double moments[3]) const {
  unsigned numBins = histogram.getNumBins();
  double min = histogram.getMin(), max = histogram.getMax();
  if (value <= min) {
    moments[0] = moments[1] = moments[2] = 0;
    return;
  }
  if (value >= max) {
    moments[0] = prefix.back();
    moments[1] = prefixFirst.back();
    moments[2] = prefixSecond.back();
    return;
  }
  double position = (value - min) / (max - min) * numBins;
  unsigned bin = std::min(static_cast<unsigned>(position), numBins - 1);
  double edge = getEdge(bin), span = value - edge;
  double density = static_cast<double>(histogram.getCounts()[bin]) /
                   (getEdge(bin + 1) - edge);
  moments[0] = prefix[bin] + density * span;
  moments[1] = prefixFirst[bin] + density * span * (value + edge) / 2;
  moments[2] =
      prefixSecond[bin] +
      density * span * (value * value + value * edge + edge * edge) / 3;
}

double HistogramDensity::getSquaredError(const QuantizationGrid &grid) const {
  assert(grid.scale > 0 && grid.lowest <= grid.highest && "invalid grid");
  if (getTotal() == 0)
    return 0;
  double s = grid.scale;
  if (isPointMass()) {
    double x = histogram.getMin();
    double q =
        std::clamp(s * roundHalfToEven(x / s), grid.lowest, grid.highest);
    return getTotal() * (x - q) * (x - q);
  }
  // The grid points (integers times s) whose cells hold values: the cell of
  // k is [(k - 1/2) s, (k + 1/2) s), the extreme cells extend to infinity.
  double lowestIndex = grid.lowest / s, highestIndex = grid.highest / s;
  double first = std::clamp(std::floor(histogram.getMin() / s + 0.5),
                            lowestIndex, highestIndex);
  double last = std::clamp(std::floor(histogram.getMax() / s + 0.5),
                           lowestIndex, highestIndex);
  // Cell by cell, from the moments of the density, when that is much less
  // work than bin by bin. The differences of moments cancel to about
  // (grid range / s)^2 ulps of the error, harmless for up to ~512 cells.
  if ((last - first + 1) * 4 > histogram.getNumBins())
    return getSquaredErrorByBins(grid);
  double error = 0;
  double lower[3] = {0, 0, 0};
  for (double k = first; k <= last; ++k) {
    double upper[3] = {prefix.back(), prefixFirst.back(), prefixSecond.back()};
    if (k < last)
      getPartialMoments((k + 0.5) * s, upper);
    double g = k * s;
    double mass = upper[0] - lower[0];
    if (mass > 0)
      error += std::max(0.0, (upper[2] - lower[2]) -
                                 2 * g * (upper[1] - lower[1]) + g * g * mass);
    std::copy(upper, upper + 3, lower);
  }
  return error;
}

double
HistogramDensity::getSquaredErrorByBins(const QuantizationGrid &grid) const {
  unsigned numBins = histogram.getNumBins();
  double min = histogram.getMin();
  double width = histogram.getBinWidth();

  // Bins [0, below) lie entirely under the grid and bins [above, N)
  // entirely over it: their errors are (x - lowest)^2 and (x - highest)^2,
  // whose sums over a bin are count * ((centre - g)^2 + width^2 / 12).
  double position = std::floor((grid.lowest - min) / width);
  unsigned below = static_cast<unsigned>(
      std::clamp(position, 0.0, static_cast<double>(numBins)));
  while (below > 0 && getEdge(below) > grid.lowest)
    --below;
  position = std::ceil((grid.highest - min) / width);
  unsigned above = static_cast<unsigned>(std::clamp(
      position, static_cast<double>(below), static_cast<double>(numBins)));
  while (above < numBins && getEdge(above) < grid.highest)
    ++above;

  auto clipped = [&](unsigned first, unsigned last, double g) {
    double count = prefix[last] - prefix[first];
    double sum = prefixFirst[last] - prefixFirst[first];
    double squares = prefixSecond[last] - prefixSecond[first];
    return std::max(0.0, squares - 2 * g * sum + g * g * count);
  };
  double error =
      clipped(0, below, grid.lowest) + clipped(above, numBins, grid.highest);
  for (unsigned k = below; k < above; ++k) {
    uint64_t count = histogram.getCounts()[k];
    if (count == 0)
      continue;
    double u = getEdge(k), v = getEdge(k + 1);
    error += static_cast<double>(count) / (v - u) * binIntegral(u, v, grid);
  }
  return error;
}
