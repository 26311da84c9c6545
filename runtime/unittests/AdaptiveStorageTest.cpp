//===- AdaptiveStorageTest.cpp - Tests of adaptive activation storage -----===//
//
// Part of the ap project: an adaptive-precision compiler built on MLIR.
//
//===----------------------------------------------------------------------===//
//
// Checks the parameters AdaptiveStorage chooses against values worked out by
// hand, the round trip through its history, the eviction of old batches, the
// switch of format when an outlier enters and leaves the window, and the
// float path against the conversions of Formats.h.
//
//===----------------------------------------------------------------------===//

#include "ap/Runtime/AdaptiveStorage.h"

#include "gtest/gtest.h"

#include <cfenv>
#include <cmath>
#include <cstring>
#include <string>
#include <vector>

using namespace ap::rt;

namespace {

/// The message of `error`, which must be one.
std::string errorMessage(llvm::Error error) {
  EXPECT_TRUE(static_cast<bool>(error));
  return llvm::toString(std::move(error));
}

template <typename T> std::string errorMessage(llvm::Expected<T> expected) {
  EXPECT_FALSE(static_cast<bool>(expected));
  if (expected)
    return "<succeeded>";
  return llvm::toString(expected.takeError());
}

/// Storage integers for `data` with the parameters `parameters`, computed
/// independently of the storage: std::nearbyint in the default rounding mode
/// (to nearest, ties to even).
std::vector<int32_t> quantizeIndependently(const std::vector<float> &data,
                                           const StoredParameters &parameters,
                                           int64_t qmin, int64_t qmax) {
  EXPECT_EQ(std::fegetround(), FE_TONEAREST);
  size_t granules = parameters.scales.size();
  std::vector<int32_t> storage;
  for (size_t index = 0; index < data.size(); ++index) {
    size_t granule = index % granules;
    double q = std::nearbyint(data[index] / parameters.scales[granule]) +
               static_cast<double>(parameters.zeroPoints[granule]);
    q = std::min<double>(std::max<double>(q, qmin), qmax);
    storage.push_back(static_cast<int32_t>(q));
  }
  return storage;
}

/// 64 values of a sine, in [-1, 1], shifted by `phase`.
std::vector<float> sineBatch(int phase) {
  std::vector<float> data;
  for (int index = 0; index < 64; ++index)
    data.push_back(static_cast<float>(std::sin(0.37 * (index + phase))));
  return data;
}

float roundTripF16(float value) {
  uint32_t bits;
  std::memcpy(&bits, &value, sizeof(bits));
  uint32_t back = convertToF32(convertFromF32(bits, Format::F16), Format::F16);
  float result;
  std::memcpy(&result, &back, sizeof(result));
  return result;
}

TEST(AdaptiveStorageTest, TensorParametersByHand) {
  AdaptiveStorage storage({});
  // Range [-1, 2]: scale = 3 / 255, zero point = round(-128 + 1 / (3 / 255))
  // = round(-128 + 85) = -43. Mean square 5.25 / 4 against noise
  // (3/255)^2 / 12 = 1.15e-5: 50.6 dB, so i8.
  std::vector<float> data = {-1.0f, 0.0f, 0.5f, 2.0f};
  llvm::Expected<StoredParameters> stored =
      storage.store("act", 0, data.data(), 4, 1);
  ASSERT_TRUE(static_cast<bool>(stored)) << llvm::toString(stored.takeError());
  EXPECT_EQ(stored->batch, 0);
  EXPECT_EQ(stored->format, Format::I8);
  ASSERT_EQ(stored->scales.size(), 1u);
  EXPECT_DOUBLE_EQ(stored->scales[0], 3.0 / 255.0);
  EXPECT_EQ(stored->zeroPoints, std::vector<int64_t>{-43});
  // q: -1 -> -85 - 43 = -128; 0 -> -43; 0.5 -> round(42.5) = 42 (even), -1;
  // 2 -> 170 - 43 = 127.
  EXPECT_EQ(data[0], static_cast<float>(-85 * (3.0 / 255.0)));
  EXPECT_EQ(data[1], 0.0f);
  EXPECT_EQ(data[2], static_cast<float>(42 * (3.0 / 255.0)));
  EXPECT_EQ(data[3], static_cast<float>(170 * (3.0 / 255.0)));
}

TEST(AdaptiveStorageTest, HistoryRoundTrip) {
  AdaptiveStorage storage({});
  std::vector<float> original = sineBatch(0);
  original[5] = -0.3f;
  std::vector<float> stored = original;
  llvm::Expected<StoredParameters> parameters =
      storage.store("act", 17, stored.data(), 64, 1);
  ASSERT_TRUE(static_cast<bool>(parameters))
      << llvm::toString(parameters.takeError());
  ASSERT_EQ(parameters->format, Format::I8);

  const HistoryBuffer *history = storage.getHistory("act");
  ASSERT_NE(history, nullptr);
  EXPECT_EQ(history->size(), 1u);
  const StoredParameters *entry = history->lookup(17);
  ASSERT_NE(entry, nullptr);
  EXPECT_EQ(entry->scales, parameters->scales);
  EXPECT_EQ(entry->zeroPoints, parameters->zeroPoints);

  std::vector<int32_t> integers =
      quantizeIndependently(original, *parameters, -128, 127);
  std::vector<float> reconstructed(64, -99.0f);
  ASSERT_FALSE(static_cast<bool>(storage.reconstruct(
      "act", 17, integers.data(), reconstructed.data(), 64, 1)));
  EXPECT_EQ(reconstructed, stored);
  // The error of a reconstructed value is at most half a step.
  for (size_t index = 0; index < original.size(); ++index)
    EXPECT_LE(std::fabs(reconstructed[index] - original[index]),
              parameters->scales[0] / 2 * (1 + 1e-6));
}

TEST(AdaptiveStorageTest, RingEviction) {
  StorageOptions options;
  options.historyCapacity = 3;
  AdaptiveStorage storage(options);
  for (int64_t batch = 0; batch < 5; ++batch) {
    std::vector<float> data = sineBatch(static_cast<int>(batch));
    ASSERT_TRUE(
        static_cast<bool>(storage.store("act", batch, data.data(), 64, 1)));
    EXPECT_EQ(storage.getHistory("act")->size(),
              static_cast<size_t>(std::min<int64_t>(batch + 1, 3)));
  }
  const HistoryBuffer *history = storage.getHistory("act");
  EXPECT_EQ(history->getCapacity(), 3u);
  EXPECT_EQ(history->lookup(0), nullptr);
  EXPECT_EQ(history->lookup(1), nullptr);
  ASSERT_NE(history->lookup(2), nullptr);
  EXPECT_EQ(history->lookup(2)->batch, 2);
  ASSERT_NE(history->lookup(4), nullptr);
  EXPECT_EQ(history->lookup(5), nullptr);
  EXPECT_EQ(history->getEntries().front().batch, 2);

  std::vector<int32_t> integers(64, 0);
  std::vector<float> out(64);
  EXPECT_EQ(errorMessage(storage.reconstruct("act", 1, integers.data(),
                                             out.data(), 64, 1)),
            "adaptive storage of 'act': batch 1 is not in the history (never "
            "stored, or evicted)");
  EXPECT_FALSE(static_cast<bool>(
      storage.reconstruct("act", 3, integers.data(), out.data(), 64, 1)));

  // The ring alone.
  HistoryBuffer ring(2);
  StoredParameters parameters;
  for (int64_t batch : {10, 11, 11, 12}) {
    parameters.batch = batch;
    parameters.scales = {static_cast<double>(ring.size())};
    ring.append(parameters);
  }
  EXPECT_EQ(ring.size(), 2u);
  EXPECT_EQ(ring.lookup(10), nullptr);
  // The latest entry of a batch stored twice.
  ASSERT_NE(ring.lookup(11), nullptr);
  EXPECT_EQ(ring.lookup(11)->scales, std::vector<double>{2.0});
}

TEST(AdaptiveStorageTest, OutlierSwitchesToF16ForOneWindow) {
  StorageOptions options;
  options.window = 4;
  AdaptiveStorage storage(options);
  // A sine in [-1, 1] has a mean square near 0.5; i8 over [-1, 1] adds
  // (2/255)^2 / 12 = 5.1e-6: about 50 dB. An outlier of 1000 makes the
  // range [-1, 1000] for as long as it is in the window: noise
  // (1001/255)^2 / 12 = 1.28 against a mean square of about
  // (1e6 + 4 * 32) / 256 = 3907, 34.8 dB < 40, while f16 keeps 1000 exactly
  // and the sine to 11 bits (about 70 dB).
  std::vector<Format> expected;
  std::vector<Format> chosen;
  for (int64_t batch = 0; batch < 12; ++batch) {
    std::vector<float> data = sineBatch(static_cast<int>(batch));
    if (batch == 4)
      data[10] = 1000.0f;
    std::vector<float> original = data;
    llvm::Expected<StoredParameters> stored =
        storage.store("act", batch, data.data(), 64, 1);
    ASSERT_TRUE(static_cast<bool>(stored))
        << llvm::toString(stored.takeError());
    chosen.push_back(stored->format);
    // Batches 4 to 7 have the outlier in their window of 4.
    expected.push_back(batch >= 4 && batch <= 7 ? Format::F16 : Format::I8);
    if (stored->format == Format::F16) {
      EXPECT_TRUE(stored->scales.empty());
      EXPECT_TRUE(stored->zeroPoints.empty());
      for (size_t index = 0; index < data.size(); ++index)
        EXPECT_EQ(data[index], roundTripF16(original[index]));
    }
    if (batch == 4) {
      EXPECT_EQ(data[10], 1000.0f);
    }
  }
  EXPECT_EQ(chosen, expected);
}

TEST(AdaptiveStorageTest, PerChannelParametersByHand) {
  StorageOptions options;
  options.granularity = StorageGranularity::Channel;
  AdaptiveStorage storage(options);
  // [[-1, 4], [3, -2]]: channel 0 holds -1 and 3, channel 1 holds 4 and -2.
  //   channel 0: range [-1, 3], scale 4/255, zero point
  //              round(-128 + 63.75) = -64;
  //   channel 1: range [-2, 4], scale 6/255, zero point
  //              round(-128 + 85) = -43.
  // Quantized: -1 -> round(-63.75) - 64 = -128; 3 -> round(191.25) - 64 =
  // 127; 4 -> 170 - 43 = 127; -2 -> -85 - 43 = -128.
  // SQNR: mean square 30/4 against noise ((4/255)^2 + (6/255)^2) / 12 =
  // 6.7e-5: 50.5 dB, so i8.
  std::vector<float> data = {-1.0f, 4.0f, 3.0f, -2.0f};
  llvm::Expected<StoredParameters> stored =
      storage.store("act", 0, data.data(), 4, 2);
  ASSERT_TRUE(static_cast<bool>(stored)) << llvm::toString(stored.takeError());
  EXPECT_EQ(stored->format, Format::I8);
  ASSERT_EQ(stored->scales.size(), 2u);
  EXPECT_DOUBLE_EQ(stored->scales[0], 4.0 / 255.0);
  EXPECT_DOUBLE_EQ(stored->scales[1], 6.0 / 255.0);
  EXPECT_EQ(stored->zeroPoints, (std::vector<int64_t>{-64, -43}));
  EXPECT_EQ(data[0], static_cast<float>(-64 * (4.0 / 255.0)));
  EXPECT_EQ(data[1], 4.0f);
  EXPECT_EQ(data[2], static_cast<float>(191 * (4.0 / 255.0)));
  EXPECT_EQ(data[3], -2.0f);

  std::vector<int32_t> integers = {-128, 127, 127, -128};
  std::vector<float> out(4);
  ASSERT_FALSE(static_cast<bool>(
      storage.reconstruct("act", 0, integers.data(), out.data(), 4, 2)));
  EXPECT_EQ(out, data);
  EXPECT_EQ(errorMessage(storage.reconstruct("act", 0, integers.data(),
                                             out.data(), 4, 4)),
            "adaptive storage of 'act': batch 0 has 2 channels, not 4");
}

TEST(AdaptiveStorageTest, F16PathMatchesFormats) {
  // i8 (about 50 dB on a sine) misses 60 dB; f16 (about 70 dB) reaches it.
  StorageOptions options;
  options.minSqnr = 60;
  AdaptiveStorage storage(options);
  std::vector<float> data = sineBatch(3);
  std::vector<float> original = data;
  llvm::Expected<StoredParameters> stored =
      storage.store("act", 0, data.data(), 64, 1);
  ASSERT_TRUE(static_cast<bool>(stored)) << llvm::toString(stored.takeError());
  EXPECT_EQ(stored->format, Format::F16);
  for (size_t index = 0; index < data.size(); ++index)
    EXPECT_EQ(data[index], roundTripF16(original[index]));

  // Saturation, subnormals and ties, with f16 as the only candidate.
  options.candidates = {Format::F16};
  AdaptiveStorage onlyF16(options);
  std::vector<float> edges = {
      1e5f,  -1e5f,           65504.0f,        65519.0f, 65520.0f, 1e-7f,
      3e-8f, 1.0f + 0x1p-11f, 1.0f + 0x3p-11f, INFINITY, -INFINITY};
  std::vector<float> edgesBefore = edges;
  stored = onlyF16.store("edges", 0, edges.data(),
                         static_cast<int64_t>(edges.size()), 1);
  ASSERT_TRUE(static_cast<bool>(stored)) << llvm::toString(stored.takeError());
  EXPECT_EQ(stored->format, Format::F16);
  for (size_t index = 0; index < edges.size(); ++index)
    EXPECT_EQ(edges[index], roundTripF16(edgesBefore[index]))
        << "element " << index;
  // Worked out by hand: saturation to 65504, 65519 rounds down, 65520 (a
  // tie beyond the largest) saturates, 1e-7 is the subnormal 2 * 2^-24,
  // 1 + 2^-11 ties to 1, 1 + 3 * 2^-11 ties to 1 + 2^-9.
  EXPECT_EQ(edges[0], 65504.0f);
  EXPECT_EQ(edges[1], -65504.0f);
  EXPECT_EQ(edges[3], 65504.0f);
  EXPECT_EQ(edges[4], 65504.0f);
  EXPECT_EQ(edges[5], 0x2p-24f);
  EXPECT_EQ(edges[7], 1.0f);
  EXPECT_EQ(edges[8], 1.0f + 0x1p-9f);
  EXPECT_EQ(edges[9], 65504.0f);
  EXPECT_EQ(edges[10], -65504.0f);

  std::vector<int32_t> integers(edges.size(), 0);
  std::vector<float> out(edges.size());
  EXPECT_EQ(
      errorMessage(onlyF16.reconstruct("edges", 0, integers.data(), out.data(),
                                       static_cast<int64_t>(edges.size()), 1)),
      "adaptive storage of 'edges': batch 0 was stored as f16, not as "
      "integers");
}

TEST(AdaptiveStorageTest, SaturationCountsForFloats) {
  // Values beyond the range of f16 make its measured SQNR poor, so f32 is
  // chosen although f16 is narrower.
  StorageOptions options;
  options.candidates = {Format::F32, Format::F16};
  AdaptiveStorage storage(options);
  std::vector<float> data = {1e6f, -2e6f, 1.0f};
  llvm::Expected<StoredParameters> stored =
      storage.store("act", 0, data.data(), 3, 1);
  ASSERT_TRUE(static_cast<bool>(stored)) << llvm::toString(stored.takeError());
  EXPECT_EQ(stored->format, Format::F32);
  EXPECT_EQ(data, (std::vector<float>{1e6f, -2e6f, 1.0f}));
}

TEST(AdaptiveStorageTest, NarrowestFirstAndBestWhenNoneSuffices) {
  // i4 over [-1, 1]: scale 2/15, noise 1.5e-3 against 0.5: 25 dB; i8: 50 dB.
  StorageOptions options;
  options.candidates = {Format::F32, Format::I8, Format::I4};
  options.minSqnr = 20;
  AdaptiveStorage storage(options);
  std::vector<float> data = sineBatch(0);
  llvm::Expected<StoredParameters> stored =
      storage.store("a", 0, data.data(), 64, 1);
  ASSERT_TRUE(static_cast<bool>(stored)) << llvm::toString(stored.takeError());
  EXPECT_EQ(stored->format, Format::I4);
  // Range [-1, 1] at most; 15 steps.
  EXPECT_LE(stored->scales[0], 2.0 / 15.0);
  EXPECT_GE(stored->zeroPoints[0], -8);
  EXPECT_LE(stored->zeroPoints[0], 7);

  // No candidate reaches 1000 dB: the one with the highest SQNR, i8.
  options.candidates = {Format::I4, Format::I8};
  options.minSqnr = 1000;
  AdaptiveStorage strict(options);
  data = sineBatch(0);
  stored = strict.store("a", 0, data.data(), 64, 1);
  ASSERT_TRUE(static_cast<bool>(stored)) << llvm::toString(stored.takeError());
  EXPECT_EQ(stored->format, Format::I8);
}

TEST(AdaptiveStorageTest, ZeroRangeIsExact) {
  StorageOptions options;
  options.candidates = {Format::F16, Format::U8};
  AdaptiveStorage storage(options);
  std::vector<float> data(6, 0.0f);
  llvm::Expected<StoredParameters> stored =
      storage.store("zeros", 0, data.data(), 6, 1);
  ASSERT_TRUE(static_cast<bool>(stored)) << llvm::toString(stored.takeError());
  // Only zeros: exact in u8, with scale 1 and zero point 0 - 0 / 1 = 0.
  EXPECT_EQ(stored->format, Format::U8);
  EXPECT_EQ(stored->scales, std::vector<double>{1.0});
  EXPECT_EQ(stored->zeroPoints, std::vector<int64_t>{0});
  EXPECT_EQ(data, std::vector<float>(6, 0.0f));

  // In i8 the zero point is qmin = -128.
  options.candidates = {Format::I8};
  AdaptiveStorage signedStorage(options);
  stored = signedStorage.store("zeros", 0, data.data(), 6, 1);
  ASSERT_TRUE(static_cast<bool>(stored)) << llvm::toString(stored.takeError());
  EXPECT_EQ(stored->zeroPoints, std::vector<int64_t>{-128});
  EXPECT_EQ(data, std::vector<float>(6, 0.0f));
}

TEST(AdaptiveStorageTest, NonFiniteValuesSaturate) {
  StorageOptions options;
  options.candidates = {Format::U8};
  AdaptiveStorage storage(options);
  // Statistics over the finite values: range [0, 2.55], scale 0.01, zero
  // point 0; infinities clamp to 0 and 255, NaN becomes the zero point.
  std::vector<float> data = {2.55f, 1.0f, INFINITY, -INFINITY, NAN};
  llvm::Expected<StoredParameters> stored =
      storage.store("act", 0, data.data(), 5, 1);
  ASSERT_TRUE(static_cast<bool>(stored)) << llvm::toString(stored.takeError());
  EXPECT_DOUBLE_EQ(stored->scales[0], static_cast<double>(2.55f) / 255.0);
  EXPECT_EQ(stored->zeroPoints, std::vector<int64_t>{0});
  EXPECT_EQ(data[0], 2.55f);
  EXPECT_EQ(data[2], data[0]);
  EXPECT_EQ(data[3], 0.0f);
  EXPECT_EQ(data[4], 0.0f);
}

TEST(AdaptiveStorageTest, Errors) {
  std::vector<float> data(6, 1.0f);
  StorageOptions options;
  options.window = 0;
  EXPECT_EQ(
      errorMessage(AdaptiveStorage(options).store("a", 0, data.data(), 6, 1)),
      "adaptive storage: the statistics window must cover at least 1 "
      "batch");
  options = {};
  options.historyCapacity = 0;
  EXPECT_EQ(errorMessage(AdaptiveStorage::checkOptions(options)),
            "adaptive storage: the history capacity must be at least 1 batch");
  options = {};
  options.candidates.clear();
  EXPECT_EQ(
      errorMessage(AdaptiveStorage(options).store("a", 0, data.data(), 6, 1)),
      "adaptive storage: no candidate format");
  options.candidates = {Format::I8, Format::Opaque};
  EXPECT_EQ(
      errorMessage(AdaptiveStorage(options).store("a", 0, data.data(), 6, 1)),
      "adaptive storage: 'opaque' cannot be a candidate format (it has "
      "no values)");
  options = {};
  options.minSqnr = NAN;
  EXPECT_EQ(errorMessage(AdaptiveStorage::checkOptions(options)),
            "adaptive storage: the minimum SQNR must be a finite number of dB");
  EXPECT_FALSE(static_cast<bool>(AdaptiveStorage::checkOptions({})));

  options = {};
  options.granularity = StorageGranularity::Channel;
  AdaptiveStorage storage(options);
  EXPECT_EQ(errorMessage(storage.store("a", 0, data.data(), 6, 4)),
            "adaptive storage of 'a': 6 elements are not a whole number of "
            "rows of 4 channels");
  EXPECT_EQ(errorMessage(storage.store("a", 0, data.data(), 6, 0)),
            "adaptive storage of 'a': 0 channels (expected at least 1)");
  EXPECT_EQ(errorMessage(storage.store("a", 0, data.data(), -1, 1)),
            "adaptive storage of 'a': negative count -1");
  EXPECT_EQ(errorMessage(storage.store("a", 0, nullptr, 6, 3)),
            "adaptive storage of 'a': no data");
  // Nothing was stored by the failures.
  EXPECT_EQ(storage.getHistory("a"), nullptr);
  EXPECT_EQ(data, std::vector<float>(6, 1.0f));
  ASSERT_TRUE(static_cast<bool>(storage.store("a", 0, data.data(), 6, 3)));
  EXPECT_EQ(errorMessage(storage.store("a", 1, data.data(), 6, 2)),
            "adaptive storage of 'a': 2 channels, but earlier batches had 3");
  EXPECT_EQ(storage.getHistory("a")->size(), 1u);

  std::vector<int32_t> integers(6, 0);
  std::vector<float> out(6);
  EXPECT_EQ(errorMessage(
                storage.reconstruct("b", 0, integers.data(), out.data(), 6, 3)),
            "adaptive storage: no value 'b' was stored");
  EXPECT_EQ(errorMessage(
                storage.reconstruct("a", 0, integers.data(), out.data(), 4, 3)),
            "adaptive storage of 'a': 4 elements are not a whole number of "
            "rows of 3 channels");

  storage.reset();
  EXPECT_EQ(storage.getHistory("a"), nullptr);
  // After the reset the value may come back with another channel count.
  EXPECT_TRUE(static_cast<bool>(storage.store("a", 1, data.data(), 6, 2)));
}

TEST(AdaptiveStorageTest, ValuesAreIndependent) {
  // One outlier of 1000 among 64 values: i8 gets 10 log10(255^2 * 12 / 64)
  // = 40.9 dB, among 128 (two batches) 37.9 dB; a sine alone about 50 dB.
  StorageOptions options;
  options.window = 2;
  options.minSqnr = 45;
  AdaptiveStorage storage(options);
  std::vector<float> big = sineBatch(0);
  big[0] = 1000.0f;
  ASSERT_EQ(storage.store("x", 0, big.data(), 64, 1)->format, Format::F16);
  // "y" never saw the outlier.
  std::vector<float> small = sineBatch(0);
  ASSERT_EQ(storage.store("y", 0, small.data(), 64, 1)->format, Format::I8);
  small = sineBatch(1);
  EXPECT_EQ(storage.store("x", 1, small.data(), 64, 1)->format, Format::F16);
  small = sineBatch(2);
  EXPECT_EQ(storage.store("x", 2, small.data(), 64, 1)->format, Format::I8);
}

} // namespace
