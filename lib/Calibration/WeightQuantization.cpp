//===- WeightQuantization.cpp - Per-channel quantization of weights -------===//
//
// Part of the ap project: an adaptive-precision compiler built on MLIR.
//
//===----------------------------------------------------------------------===//

#include "ap/Calibration/WeightQuantization.h"
#include "ap/Calibration/IntegerFormat.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/Twine.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>
#include <vector>

using namespace mlir::ap;

static llvm::Error makeError(const llvm::Twine &message) {
  return llvm::createStringError(llvm::inconvertibleErrorCode(), message);
}

namespace {

/// A row-major tensor seen as [outer, channels, inner].
struct ChannelLayout {
  int64_t outer = 1;
  int64_t channels = 1;
  int64_t inner = 1;

  /// The channel of the element at `index`.
  int64_t getChannel(size_t index) const {
    return (static_cast<int64_t>(index) / inner) % channels;
  }
};

/// Quantizes and dequantizes f32 values as ap.quantize and ap.dequantize do
/// (numerics::quantize and numerics::dequantize with f32 as the expressed
/// type): the f32 quotient x / scale (IEEE division, correctly rounded to
/// nearest even), rounded half to even to an integer, plus the zero point,
/// clamped to the storage range; then (q - zeroPoint) * scale rounded to
/// f32. Host f32 arithmetic is IEEE here (no excess precision on the targets
/// ap supports), so these are the same roundings APFloat performs.
class F32Quantizer {
public:
  F32Quantizer(double scale, int64_t zeroPoint, const IntegerFormat &format)
      : scale(static_cast<float>(scale)), zeroPoint(zeroPoint),
        storageMin(format.getStorageMin()), storageMax(format.getStorageMax()) {
  }

  float roundTrip(float value) const {
    float quotient = value / scale;
    double rounded = std::clamp(roundHalfToEven(quotient), -0x1p62, 0x1p62);
    int64_t stored = std::clamp(static_cast<int64_t>(rounded) + zeroPoint,
                                storageMin, storageMax);
    return static_cast<float>(stored - zeroPoint) * scale;
  }

  /// The sum of the squared errors of `values`.
  double getSquaredError(llvm::ArrayRef<float> values) const {
    double error = 0;
    for (float value : values) {
      double difference = static_cast<double>(value) - roundTrip(value);
      error += difference * difference;
    }
    return error;
  }

private:
  float scale;
  int64_t zeroPoint;
  int64_t storageMin;
  int64_t storageMax;
};

} // namespace

static std::string shapeString(llvm::ArrayRef<int64_t> shape) {
  std::string text = "[";
  for (auto [index, size] : llvm::enumerate(shape))
    text += (index ? ", " : "") + std::to_string(size);
  return text + "]";
}

static llvm::Expected<ChannelLayout>
getLayout(size_t numElements, llvm::ArrayRef<int64_t> shape, unsigned axis) {
  if (axis >= shape.size())
    return makeError("channel axis " + llvm::Twine(axis) +
                     " out of range for a tensor of rank " +
                     llvm::Twine(shape.size()));
  ChannelLayout layout;
  int64_t product = 1;
  for (auto [index, size] : llvm::enumerate(shape)) {
    if (size < 0 || (size > 0 && product > INT64_MAX / size))
      return makeError("invalid shape " + shapeString(shape));
    product *= size;
    if (index < axis)
      layout.outer *= size;
    else if (index > axis)
      layout.inner *= size;
  }
  layout.channels = shape[axis];
  if (static_cast<uint64_t>(product) != numElements)
    return makeError("shape " + shapeString(shape) + " has " +
                     llvm::Twine(product) + " elements but the data has " +
                     llvm::Twine(numElements));
  return layout;
}

/// The elements of each channel, contiguous.
static std::vector<std::vector<float>>
gatherChannels(llvm::ArrayRef<float> data, const ChannelLayout &layout) {
  std::vector<std::vector<float>> channels(layout.channels);
  for (std::vector<float> &channel : channels)
    channel.reserve(layout.outer * layout.inner);
  for (size_t index = 0, e = data.size(); index < e; ++index)
    channels[layout.getChannel(index)].push_back(data[index]);
  return channels;
}

/// The parameters of one channel.
static QuantizationParameters
quantizeChannel(llvm::ArrayRef<float> values, const IntegerFormat &format,
                const PerChannelOptions &options) {
  double min = 0, max = 0;
  if (!values.empty()) {
    auto [low, high] = std::minmax_element(values.begin(), values.end());
    min = *low;
    max = *high;
  }
  auto parametersFor = [&](double factor) {
    return getQuantizationParameters(min * factor, max * factor, format,
                                     options.mode);
  };
  QuantizationParameters best = parametersFor(1);
  if (options.method == WeightRangeMethod::MinMax)
    return best;
  double bestError = std::numeric_limits<double>::infinity();
  for (unsigned step = options.searchSteps; step >= 1; --step) {
    QuantizationParameters candidate =
        parametersFor(static_cast<double>(step) / options.searchSteps);
    double error = F32Quantizer(candidate.scale, candidate.zeroPoint, format)
                       .getSquaredError(values);
    if (error < bestError) {
      bestError = error;
      best = candidate;
    }
  }
  return best;
}

/// The relative error of channels quantized with `quantization`.
static double getRelativeError(const std::vector<std::vector<float>> &channels,
                               const PerChannelQuantization &quantization) {
  double error = 0, norm = 0;
  for (auto [index, channel] : llvm::enumerate(channels)) {
    error += F32Quantizer(quantization.scales[index],
                          quantization.zeroPoints[index], quantization.format)
                 .getSquaredError(channel);
    for (float value : channel)
      norm += static_cast<double>(value) * value;
  }
  if (error == 0)
    return 0;
  if (norm == 0)
    return std::numeric_limits<double>::infinity();
  return std::sqrt(error / norm);
}

llvm::Expected<PerChannelQuantization> mlir::ap::quantizePerChannel(
    llvm::ArrayRef<float> data, llvm::ArrayRef<int64_t> shape, unsigned axis,
    const IntegerFormat &format, const PerChannelOptions &options) {
  if (llvm::Error error = format.verify())
    return std::move(error);
  if (options.method == WeightRangeMethod::MSE && options.searchSteps == 0)
    return makeError("the MSE search needs at least one step");
  llvm::Expected<ChannelLayout> layout = getLayout(data.size(), shape, axis);
  if (!layout)
    return layout.takeError();
  for (auto [index, value] : llvm::enumerate(data))
    if (!std::isfinite(value))
      return makeError("weight " + llvm::Twine(index) +
                       " is not finite; cannot quantize");

  std::vector<std::vector<float>> channels = gatherChannels(data, *layout);
  PerChannelQuantization quantization;
  quantization.format = format;
  quantization.axis = axis;
  for (const std::vector<float> &channel : channels) {
    QuantizationParameters parameters =
        quantizeChannel(channel, format, options);
    quantization.scales.push_back(parameters.scale);
    quantization.zeroPoints.push_back(parameters.zeroPoint);
  }
  quantization.relativeError = ::getRelativeError(channels, quantization);
  return quantization;
}

double mlir::ap::getRelativeError(llvm::ArrayRef<float> data,
                                  llvm::ArrayRef<int64_t> shape,
                                  const PerChannelQuantization &quantization) {
  llvm::Expected<ChannelLayout> layout =
      getLayout(data.size(), shape, quantization.axis);
  if (!layout) {
    llvm::consumeError(layout.takeError());
    assert(false && "data and shape disagree");
    return std::numeric_limits<double>::quiet_NaN();
  }
  assert(static_cast<int64_t>(quantization.scales.size()) == layout->channels &&
         "one scale per channel");
  return ::getRelativeError(gatherChannels(data, *layout), quantization);
}

double mlir::ap::getRelativeErrorForSQNR(double decibels) {
  return std::pow(10.0, -decibels / 20);
}

llvm::Expected<MinimumBitsResult>
mlir::ap::minimumBits(llvm::ArrayRef<float> data, llvm::ArrayRef<int64_t> shape,
                      unsigned axis, double maxRelativeError,
                      llvm::ArrayRef<unsigned> candidates,
                      const MinimumBitsOptions &options) {
  if (!(maxRelativeError >= 0))
    return makeError("the bound on the relative error must be non-negative");
  llvm::SmallVector<unsigned> widths(candidates);
  llvm::sort(widths);
  widths.erase(std::unique(widths.begin(), widths.end()), widths.end());
  if (widths.empty())
    return makeError("no candidate bit width");
  for (unsigned bits : widths)
    if (llvm::Error error =
            IntegerFormat{bits, options.isSigned, options.narrowRange}.verify())
      return std::move(error);

  MinimumBitsResult result;
  for (unsigned bits : widths) {
    IntegerFormat format{bits, options.isSigned, options.narrowRange};
    llvm::Expected<PerChannelQuantization> quantization =
        quantizePerChannel(data, shape, axis, format, options.perChannel);
    if (!quantization)
      return quantization.takeError();
    result.tried.push_back({bits, quantization->relativeError});
    if (quantization->relativeError <= maxRelativeError) {
      result.bits = bits;
      result.quantization = std::move(*quantization);
      break;
    }
  }
  return result;
}
