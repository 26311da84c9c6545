//===- AdaptiveStorage.cpp - Activations stored at adaptive precision -----===//
//
// Part of the ap project: an adaptive-precision compiler built on MLIR.
//
//===----------------------------------------------------------------------===//

#include "ap/Runtime/AdaptiveStorage.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/Twine.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>

using namespace ap::rt;
using llvm::StringRef;

static llvm::Error makeError(const llvm::Twine &message) {
  return llvm::createStringError(llvm::inconvertibleErrorCode(), message);
}

/// `value` rounded to the nearest integer, ties to even, whatever the
/// floating-point environment's rounding mode.
static double roundHalfEven(double value) {
  double floor = std::floor(value);
  double fraction = value - floor; // Exact.
  if (fraction < 0.5)
    return floor;
  if (fraction > 0.5)
    return floor + 1;
  return std::fmod(floor, 2.0) == 0 ? floor : floor + 1;
}

/// The float with the bit pattern `bits`.
static float fromBits(uint32_t bits) {
  float value;
  std::memcpy(&value, &bits, sizeof(value));
  return value;
}

/// `value` rounded to the floating-point format `format` and back.
static float roundTrip(float value, Format format) {
  uint32_t bits;
  std::memcpy(&bits, &value, sizeof(bits));
  return fromBits(convertToF32(convertFromF32(bits, format), format));
}

//===----------------------------------------------------------------------===//
// HistoryBuffer
//===----------------------------------------------------------------------===//

HistoryBuffer::HistoryBuffer(unsigned capacity) : capacity(capacity) {}

void HistoryBuffer::append(StoredParameters parameters) {
  if (capacity == 0)
    return;
  if (entries.size() == capacity)
    entries.pop_front();
  entries.push_back(std::move(parameters));
}

const StoredParameters *HistoryBuffer::lookup(int64_t batch) const {
  for (auto it = entries.rbegin(), end = entries.rend(); it != end; ++it)
    if (it->batch == batch)
      return &*it;
  return nullptr;
}

//===----------------------------------------------------------------------===//
// AdaptiveStorage
//===----------------------------------------------------------------------===//

namespace {
/// The affine parameters of one granule for an integer format.
struct Affine {
  double scale;
  int64_t zeroPoint;
};
} // namespace

/// The parameters of a granule with window range [min, max] (which include
/// 0) in the integer format `format`.
static Affine getAffine(double min, double max, Format format) {
  double qmin = getLowestFinite(format), qmax = getMaxFinite(format);
  double scale = max > min ? (max - min) / (qmax - qmin) : 1.0;
  double zeroPoint = std::clamp(roundHalfEven(qmin - min / scale), qmin, qmax);
  return {scale, static_cast<int64_t>(zeroPoint)};
}

/// The storage integer of `value` with `affine` in the range [qmin, qmax].
static int64_t quantize(float value, const Affine &affine, double qmin,
                        double qmax) {
  if (std::isnan(value))
    return affine.zeroPoint;
  double zeroPoint = static_cast<double>(affine.zeroPoint);
  // Clamping before rounding keeps infinities and huge quotients out of the
  // rounding; it does not change the clamped result.
  double scaled = std::clamp(static_cast<double>(value) / affine.scale,
                             qmin - zeroPoint - 1, qmax - zeroPoint + 1);
  return static_cast<int64_t>(
      std::clamp(roundHalfEven(scaled) + zeroPoint, qmin, qmax));
}

/// The value the storage integer `q` stands for.
static float dequantize(int64_t q, const Affine &affine) {
  return static_cast<float>(static_cast<double>(q - affine.zeroPoint) *
                            affine.scale);
}

AdaptiveStorage::AdaptiveStorage(StorageOptions options)
    : options(std::move(options)) {}

llvm::Error AdaptiveStorage::checkOptions(const StorageOptions &options) {
  if (options.window == 0)
    return makeError("adaptive storage: the statistics window must cover at "
                     "least 1 batch");
  if (options.historyCapacity == 0)
    return makeError("adaptive storage: the history capacity must be at "
                     "least 1 batch");
  if (!std::isfinite(options.minSqnr))
    return makeError("adaptive storage: the minimum SQNR must be a finite "
                     "number of dB");
  if (options.candidates.empty())
    return makeError("adaptive storage: no candidate format");
  if (llvm::is_contained(options.candidates, Format::Opaque))
    return makeError("adaptive storage: 'opaque' cannot be a candidate "
                     "format (it has no values)");
  return llvm::Error::success();
}

llvm::Expected<StoredParameters>
AdaptiveStorage::store(StringRef name, int64_t batch, float *data,
                       int64_t elements, int64_t channels) {
  if (llvm::Error error = checkOptions(options))
    return std::move(error);
  if (elements < 0)
    return makeError("adaptive storage of '" + name + "': negative count " +
                     llvm::Twine(elements));
  if (!data && elements > 0)
    return makeError("adaptive storage of '" + name + "': no data");
  int64_t granules = 1;
  if (options.granularity == StorageGranularity::Channel) {
    if (channels <= 0)
      return makeError("adaptive storage of '" + name +
                       "': " + llvm::Twine(channels) +
                       " channels (expected at least 1)");
    if (elements % channels != 0)
      return makeError("adaptive storage of '" + name +
                       "': " + llvm::Twine(elements) +
                       " elements are not a whole number of rows of " +
                       llvm::Twine(channels) + " channels");
    granules = channels;
  }
  auto known = values.find(name);
  if (known != values.end() && known->second.granules != granules)
    return makeError("adaptive storage of '" + name +
                     "': " + llvm::Twine(granules) +
                     " channels, but earlier batches "
                     "had " +
                     llvm::Twine(known->second.granules));
  ValueState &state =
      values.try_emplace(name, options.historyCapacity).first->second;
  state.granules = granules;

  // The statistics of this batch.
  const std::vector<Format> &candidates = options.candidates;
  BatchStatistics current;
  current.min.assign(granules, std::numeric_limits<double>::infinity());
  current.max.assign(granules, -std::numeric_limits<double>::infinity());
  current.sumSquares.assign(granules, 0.0);
  current.count.assign(granules, 0);
  current.errorSquares.assign(candidates.size(), 0.0);
  for (int64_t index = 0; index < elements; ++index) {
    float value = data[index];
    if (!std::isfinite(value))
      continue;
    int64_t granule = index % granules;
    double x = value;
    current.min[granule] = std::min(current.min[granule], x);
    current.max[granule] = std::max(current.max[granule], x);
    current.sumSquares[granule] += x * x;
    ++current.count[granule];
    for (auto [candidate, format] : llvm::enumerate(candidates)) {
      if (!isFloatFormat(format))
        continue;
      double error = static_cast<double>(roundTrip(value, format)) - x;
      current.errorSquares[candidate] += error * error;
    }
  }
  state.window.push_back(std::move(current));
  while (state.window.size() > options.window)
    state.window.pop_front();

  // The statistics over the window; the ranges include 0.
  std::vector<double> min(granules, 0.0), max(granules, 0.0),
      count(granules, 0.0);
  std::vector<double> errorSquares(candidates.size(), 0.0);
  double signal = 0;
  for (const BatchStatistics &statistics : state.window) {
    for (int64_t granule = 0; granule < granules; ++granule) {
      if (statistics.count[granule] == 0)
        continue;
      min[granule] = std::min(min[granule], statistics.min[granule]);
      max[granule] = std::max(max[granule], statistics.max[granule]);
      count[granule] += static_cast<double>(statistics.count[granule]);
      signal += statistics.sumSquares[granule];
    }
    for (size_t candidate = 0; candidate < candidates.size(); ++candidate)
      errorSquares[candidate] += statistics.errorSquares[candidate];
  }

  // The candidates, narrowest first, and their SQNR over the window.
  std::vector<size_t> order(candidates.size());
  for (size_t candidate = 0; candidate < order.size(); ++candidate)
    order[candidate] = candidate;
  llvm::stable_sort(order, [&](size_t a, size_t b) {
    return getPackedBits(candidates[a]) < getPackedBits(candidates[b]);
  });
  auto getSqnr = [&](size_t candidate) {
    Format format = candidates[candidate];
    double noise = errorSquares[candidate];
    if (!isFloatFormat(format)) {
      noise = 0;
      for (int64_t granule = 0; granule < granules; ++granule) {
        if (max[granule] == min[granule])
          continue; // Only zeros: exact.
        double scale = getAffine(min[granule], max[granule], format).scale;
        noise += count[granule] * scale * scale / 12.0;
      }
    }
    if (noise == 0)
      return std::numeric_limits<double>::infinity();
    return 10.0 * std::log10(signal / noise);
  };
  // The narrowest that reaches the minimum, else the best.
  size_t chosen = order.front();
  double bestSqnr = -std::numeric_limits<double>::infinity();
  for (size_t candidate : order) {
    double sqnr = getSqnr(candidate);
    if (sqnr >= options.minSqnr) {
      chosen = candidate;
      break;
    }
    if (sqnr > bestSqnr) {
      bestSqnr = sqnr;
      chosen = candidate;
    }
  }

  // Round the data to the chosen format.
  StoredParameters parameters;
  parameters.batch = batch;
  parameters.format = candidates[chosen];
  if (isFloatFormat(parameters.format)) {
    for (int64_t index = 0; index < elements; ++index)
      data[index] = roundTrip(data[index], parameters.format);
  } else {
    std::vector<Affine> affine;
    affine.reserve(granules);
    for (int64_t granule = 0; granule < granules; ++granule) {
      affine.push_back(
          getAffine(min[granule], max[granule], parameters.format));
      parameters.scales.push_back(affine.back().scale);
      parameters.zeroPoints.push_back(affine.back().zeroPoint);
    }
    double qmin = getLowestFinite(parameters.format);
    double qmax = getMaxFinite(parameters.format);
    for (int64_t index = 0; index < elements; ++index) {
      const Affine &granule = affine[index % granules];
      data[index] =
          dequantize(quantize(data[index], granule, qmin, qmax), granule);
    }
  }
  state.history.append(parameters);
  return parameters;
}

const HistoryBuffer *AdaptiveStorage::getHistory(StringRef name) const {
  auto found = values.find(name);
  return found == values.end() ? nullptr : &found->second.history;
}

llvm::Error AdaptiveStorage::reconstruct(StringRef name, int64_t batch,
                                         const int32_t *storage, float *out,
                                         int64_t elements,
                                         int64_t channels) const {
  const HistoryBuffer *history = getHistory(name);
  if (!history)
    return makeError("adaptive storage: no value '" + name + "' was stored");
  const StoredParameters *parameters = history->lookup(batch);
  if (!parameters)
    return makeError("adaptive storage of '" + name + "': batch " +
                     llvm::Twine(batch) +
                     " is not in the history (never stored, or evicted)");
  if (isFloatFormat(parameters->format))
    return makeError("adaptive storage of '" + name + "': batch " +
                     llvm::Twine(batch) + " was stored as " +
                     getFormatName(parameters->format) + ", not as integers");
  if (elements < 0)
    return makeError("adaptive storage of '" + name + "': negative count " +
                     llvm::Twine(elements));
  if ((!storage || !out) && elements > 0)
    return makeError("adaptive storage of '" + name + "': no data");
  int64_t granules = static_cast<int64_t>(parameters->scales.size());
  if (options.granularity == StorageGranularity::Channel) {
    if (channels != granules)
      return makeError("adaptive storage of '" + name + "': batch " +
                       llvm::Twine(batch) + " has " + llvm::Twine(granules) +
                       " channels, not " + llvm::Twine(channels));
    if (elements % channels != 0)
      return makeError("adaptive storage of '" + name +
                       "': " + llvm::Twine(elements) +
                       " elements are not a whole number of rows of " +
                       llvm::Twine(channels) + " channels");
  }
  for (int64_t index = 0; index < elements; ++index) {
    int64_t granule = index % granules;
    out[index] = dequantize(storage[index], {parameters->scales[granule],
                                             parameters->zeroPoints[granule]});
  }
  return llvm::Error::success();
}

void AdaptiveStorage::reset() { values.clear(); }
