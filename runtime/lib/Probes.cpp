//===- Probes.cpp - Quality metrics of tensors at run time ----------------===//
//
// Part of the ap project: an adaptive-precision compiler built on MLIR.
//
//===----------------------------------------------------------------------===//

#include "ap/Runtime/Probes.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <vector>

using namespace ap::rt;

llvm::StringRef ap::rt::getMetricName(Metric metric) {
  switch (metric) {
  case Metric::SQNR:
    return "sqnr";
  case Metric::Variance:
    return "variance";
  case Metric::Entropy:
    return "entropy";
  case Metric::SaturationRate:
    return "saturation_rate";
  }
  llvm_unreachable("unknown metric");
}

int64_t ap::rt::getSampleStride(double sampleRate) {
  double stride = std::round(1.0 / sampleRate);
  if (!(stride >= 1))
    return 1;
  if (stride >= 9.0e18)
    return INT64_MAX;
  return static_cast<int64_t>(stride);
}

/// A key identifying a value for counting distinct values: its bits, with
/// every NaN and both zeros merged.
static uint64_t getValueKey(double value) {
  if (std::isnan(value))
    return ~uint64_t(0);
  if (value == 0)
    return 0;
  uint64_t key;
  std::memcpy(&key, &value, sizeof(key));
  return key;
}

/// Checks the data and the sample of a probe.
static llvm::Error checkSample(const void *data, int64_t elements,
                               double sampleRate) {
  if (elements <= 0)
    return llvm::createStringError("cannot probe an empty tensor");
  if (!data)
    return llvm::createStringError("the probed data pointer is null");
  if (!(sampleRate > 0 && sampleRate <= 1))
    return llvm::createStringError("the sample rate must be in (0, 1], got %g",
                                   sampleRate);
  return llvm::Error::success();
}

/// The Shannon entropy, in bits, of the distribution of `keys` (sorted in
/// place).
static double getEntropy(std::vector<uint64_t> &keys) {
  std::sort(keys.begin(), keys.end());
  double entropy = 0, count = static_cast<double>(keys.size());
  for (size_t i = 0; i < keys.size();) {
    size_t j = i;
    while (j < keys.size() && keys[j] == keys[i])
      ++j;
    double p = static_cast<double>(j - i) / count;
    entropy -= p * std::log2(p);
    i = j;
  }
  return entropy;
}

llvm::Expected<double>
ap::rt::computeMetric(Metric metric, Format format, const void *data,
                      Format referenceFormat, const void *reference,
                      int64_t elements, double sampleRate) {
  if (format == Format::Opaque)
    return llvm::createStringError(
        "cannot probe values of format 'opaque': they have no numeric value");
  if (llvm::Error error = checkSample(data, elements, sampleRate))
    return std::move(error);
  int64_t stride = getSampleStride(sampleRate);

  switch (metric) {
  case Metric::SQNR: {
    if (!reference)
      return llvm::createStringError(
          "the sqnr metric needs a reference, and its pointer is null");
    if (referenceFormat == Format::Opaque)
      return llvm::createStringError(
          "cannot compare with a reference of format 'opaque'");
    double signal = 0, noise = 0;
    for (int64_t i = 0; i < elements; i += stride) {
      double expected = readElement(referenceFormat, reference, i);
      double difference = readElement(format, data, i) - expected;
      signal += expected * expected;
      noise += difference * difference;
    }
    if (noise == 0)
      return std::numeric_limits<double>::infinity();
    return 10 * std::log10(signal / noise);
  }
  case Metric::Variance: {
    double sum = 0;
    int64_t count = 0;
    for (int64_t i = 0; i < elements; i += stride, ++count)
      sum += readElement(format, data, i);
    double mean = sum / count, squares = 0;
    for (int64_t i = 0; i < elements; i += stride) {
      double deviation = readElement(format, data, i) - mean;
      squares += deviation * deviation;
    }
    return squares / count;
  }
  case Metric::Entropy: {
    std::vector<uint64_t> keys;
    for (int64_t i = 0; i < elements; i += stride)
      keys.push_back(getValueKey(readElement(format, data, i)));
    return getEntropy(keys);
  }
  case Metric::SaturationRate: {
    double highest = getMaxFinite(format), lowest = getLowestFinite(format);
    int64_t saturated = 0, count = 0;
    for (int64_t i = 0; i < elements; i += stride, ++count) {
      double value = readElement(format, data, i);
      if (value >= highest || value <= lowest)
        ++saturated;
    }
    return static_cast<double>(saturated) / static_cast<double>(count);
  }
  }
  return llvm::createStringError("unknown metric %d", static_cast<int>(metric));
}

/// The value of `value` converted to `target` and back, and whether the
/// conversion saturated it.
namespace {
/// The limits of a probe's target format, looked up once per probe.
struct TargetLimits {
  explicit TargetLimits(const ProbeTarget &target)
      : isFloat(isFloatFormat(target.format)),
        lowest(getLowestFinite(target.format)),
        highest(getMaxFinite(target.format)) {}
  bool isFloat;
  double lowest, highest;
};
} // namespace

static std::pair<double, bool> convertThrough(double value,
                                              const ProbeTarget &target,
                                              const TargetLimits &limits) {
  if (!std::isfinite(value))
    return {value, true};
  if (limits.isFloat) {
    float single = static_cast<float>(value);
    uint32_t bits;
    std::memcpy(&bits, &single, sizeof(bits));
    uint32_t converted = convertFromF32(bits, target.format);
    double result = target.format == Format::F32
                        ? readElement(Format::F32, &converted, 0)
                        : [&] {
                            uint32_t back =
                                convertToF32(converted, target.format);
                            float f;
                            std::memcpy(&f, &back, sizeof(f));
                            return static_cast<double>(f);
                          }();
    return {result, std::fabs(value) > limits.highest};
  }
  double lowest = limits.lowest;
  double highest = limits.highest;
  double q = std::nearbyint(value / target.scale) +
             static_cast<double>(target.zeroPoint);
  bool saturated = q < lowest || q > highest;
  q = std::min(std::max(q, lowest), highest);
  return {(q - static_cast<double>(target.zeroPoint)) * target.scale,
          saturated};
}

llvm::Expected<double> ap::rt::computeMetricAs(Metric metric, Format format,
                                               const void *data,
                                               ProbeTarget target,
                                               int64_t elements,
                                               double sampleRate) {
  if (!isFloatFormat(format))
    return llvm::createStringError(
        "a probe evaluated as another format needs floating-point data, "
        "not '%s'",
        getFormatName(format).str().c_str());
  if (target.format == Format::Opaque)
    return llvm::createStringError(
        "cannot evaluate a probe as format 'opaque'");
  if (!isFloatFormat(target.format) &&
      !(target.scale > 0 && std::isfinite(target.scale)))
    return llvm::createStringError(
        "the scale of the probe's integer format must be positive and "
        "finite, got %g",
        target.scale);
  if (llvm::Error error = checkSample(data, elements, sampleRate))
    return std::move(error);
  int64_t stride = getSampleStride(sampleRate);
  TargetLimits limits(target);
  // Only variance and entropy need the converted values themselves.
  bool keep = metric == Metric::Variance || metric == Metric::Entropy;
  std::vector<double> converted;
  if (keep)
    converted.reserve(static_cast<size_t>((elements + stride - 1) / stride));
  double signal = 0, noise = 0;
  int64_t saturated = 0, sampled = 0;
  const auto *floats = static_cast<const float *>(data);
  for (int64_t i = 0; i < elements; i += stride, ++sampled) {
    double value = format == Format::F32 ? static_cast<double>(floats[i])
                                         : readElement(format, data, i);
    auto [result, isSaturated] = convertThrough(value, target, limits);
    signal += value * value;
    noise += (value - result) * (value - result);
    saturated += isSaturated;
    if (keep)
      converted.push_back(result);
  }
  double count = static_cast<double>(sampled);
  switch (metric) {
  case Metric::SQNR:
    if (noise == 0)
      return std::numeric_limits<double>::infinity();
    return 10 * std::log10(signal / noise);
  case Metric::SaturationRate:
    return static_cast<double>(saturated) / count;
  case Metric::Variance: {
    double sum = 0, squares = 0;
    for (double value : converted)
      sum += value;
    double mean = sum / count;
    for (double value : converted)
      squares += (value - mean) * (value - mean);
    return squares / count;
  }
  case Metric::Entropy: {
    std::vector<uint64_t> keys;
    for (double value : converted)
      keys.push_back(getValueKey(value));
    return getEntropy(keys);
  }
  }
  return llvm::createStringError("unknown metric %d", static_cast<int>(metric));
}
