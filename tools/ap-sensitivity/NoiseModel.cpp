//===- NoiseModel.cpp - Quantization noise without execution --------------===//
//
// Part of the ap project: an adaptive-precision compiler built on MLIR.
//
//===----------------------------------------------------------------------===//

#include "NoiseModel.h"

#include "ap/Support/Numerics.h"

#include <cmath>

using namespace mlir;
using namespace mlir::ap;
using namespace mlir::ap::sensitivity;
using llvm::APFloat;

namespace {
/// The non-negative values of a floating-point format.
struct FloatGrid {
  int mantissaBits;
  int minExponent;
  double largest;

  explicit FloatGrid(const llvm::fltSemantics &format)
      : mantissaBits(
            static_cast<int>(llvm::APFloatBase::semanticsPrecision(format)) -
            1),
        minExponent(llvm::APFloatBase::semanticsMinExponent(format)),
        largest(APFloat::getLargest(format).convertToDouble()) {}

  /// The integral over [a, b] (0 <= a <= b) of the squared distance to the
  /// nearest value, saturating above `largest`.
  double integrate(double a, double b) const;
};
} // namespace

/// The integral over [0, y] (y >= 0) of the squared distance to the nearest
/// integer.
static double integrateUnitGrid(double y) {
  double n = std::floor(y + 0.5);
  double f = y - n;
  return n / 12 + f * f * f / 3;
}

double FloatGrid::integrate(double a, double b) const {
  double total = 0;
  if (b > largest) {
    double low = std::max(a, largest);
    total += (std::pow(b - largest, 3) - std::pow(low - largest, 3)) / 3;
    b = largest;
  }
  double smallestNormal = std::ldexp(1.0, minExponent);
  while (a < b) {
    // The binade of a, or the subnormals, where the values are the
    // multiples of `step`.
    int exponent = a < smallestNormal ? minExponent : std::ilogb(a);
    double step = std::ldexp(1.0, exponent - mantissaBits);
    double end = std::min(b, std::ldexp(1.0, exponent + 1));
    if (a < smallestNormal)
      end = std::min(b, smallestNormal);
    total += step * step * step *
             (integrateUnitGrid(end / step) - integrateUnitGrid(a / step));
    a = end;
  }
  return total;
}

double mlir::ap::sensitivity::expectedFloatRoundingError(
    const Histogram &histogram, const llvm::fltSemantics &format) {
  if (!histogram.hasBins() || histogram.getTotal() == 0)
    return 0;
  FloatGrid grid(format);
  double total = 0;
  if (histogram.getMin() == histogram.getMax()) {
    // A point mass.
    APFloat rounded = numerics::convertFloat(
        APFloat(histogram.getMin()), format, numerics::Rounding::NearestEven,
        /*saturate=*/true);
    double error = histogram.getMin() - rounded.convertToDouble();
    return error * error;
  }
  for (unsigned bin = 0; bin < histogram.getNumBins(); ++bin) {
    uint64_t count = histogram.getCounts()[bin];
    if (!count)
      continue;
    double u = histogram.getBinEdge(bin), v = histogram.getBinEdge(bin + 1);
    if (v <= u)
      continue;
    // The grid is symmetric: the negative part of the bin integrates over
    // the magnitudes.
    double integral = 0;
    if (u < 0)
      integral += grid.integrate(std::max(-v, 0.0), -u);
    if (v > 0)
      integral += grid.integrate(std::max(u, 0.0), v);
    total += static_cast<double>(count) / (v - u) * integral;
  }
  return total / static_cast<double>(histogram.getTotal());
}

llvm::Expected<double>
mlir::ap::sensitivity::getActivationNoise(const ValueStatistics &statistics,
                                          const Candidate &candidate,
                                          const CalibrationOptions &options) {
  if (candidate.isReference() || statistics.getCount() == 0)
    return 0.0;
  double power =
      statistics.getVariance() + statistics.getMean() * statistics.getMean();
  if (power == 0)
    return 0.0;
  if (!candidate.isInteger())
    return expectedFloatRoundingError(statistics.getHistogram(),
                                      *candidate.format) /
           power;
  llvm::Expected<QuantizationParameters> parameters =
      selectQuantizationParameters(statistics, candidate.getIntegerFormat(),
                                   options);
  if (!parameters)
    return parameters.takeError();
  return parameters->mse / power;
}

llvm::Expected<double> mlir::ap::sensitivity::getWeightNoise(
    llvm::ArrayRef<float> data, llvm::ArrayRef<int64_t> shape,
    std::optional<unsigned> axis, const Candidate &candidate,
    const PerChannelOptions &options) {
  if (candidate.isReference())
    return 0.0;
  if (candidate.isInteger()) {
    llvm::Expected<PerChannelQuantization> quantization =
        quantizeWeight(data, shape, axis, candidate, options);
    if (!quantization)
      return quantization.takeError();
    return quantization->relativeError * quantization->relativeError;
  }
  llvm::Expected<std::vector<float>> rounded =
      perturbWeight(data, shape, axis, candidate, options);
  if (!rounded)
    return rounded.takeError();
  double signal = 0, noise = 0;
  for (auto [value, perturbed] : llvm::zip(data, *rounded)) {
    double difference = static_cast<double>(value) - perturbed;
    signal += static_cast<double>(value) * value;
    noise += difference * difference;
  }
  return signal == 0 ? 0.0 : noise / signal;
}
