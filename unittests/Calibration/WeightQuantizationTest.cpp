//===- WeightQuantizationTest.cpp - Tests of per-channel weights ----------===//
//
// Part of the ap project: an adaptive-precision compiler built on MLIR.
//
//===----------------------------------------------------------------------===//
//
// Scales are checked against absmax / qmax of each channel, worked out here;
// errors against numerics::quantize and numerics::dequantize (the APFloat
// reference of ap.quantize); minimumBits on data that sit on a 4-bit grid
// (exact at 4 bits) and on Gaussian data, whose relative error with
// per-channel minmax is about (absmax / qmax) / sqrt(12) / sigma: an absmax
// near 3.3 sigma for 1000 samples gives about 14% at 4 bits, 0.75% at 8 bits
// and 0.003% at 16 bits.
//
//===----------------------------------------------------------------------===//

#include "ap/Calibration/WeightQuantization.h"

#include "TestData.h"

#include "llvm/ADT/APFloat.h"

#include "gtest/gtest.h"

#include <cmath>
#include <vector>

using namespace mlir::ap;

namespace {

double f32(double value) { return static_cast<float>(value); }

/// The relative error of `data` (channels along axis 0 of [C, n]) quantized
/// with `quantization`, computed with the APFloat reference.
double referenceRelativeError(llvm::ArrayRef<float> data, int64_t channels,
                              const PerChannelQuantization &quantization) {
  int64_t perChannel = data.size() / channels;
  double error = 0, norm = 0;
  for (int64_t c = 0; c < channels; ++c) {
    numerics::QuantParams params{quantization.scales[c],
                                 quantization.zeroPoints[c],
                                 quantization.format.getStorageMin(),
                                 quantization.format.getStorageMax()};
    for (int64_t i = 0; i < perChannel; ++i) {
      float x = data[c * perChannel + i];
      int64_t q = numerics::quantize(llvm::APFloat(x), params);
      double y = numerics::dequantize(q, params, llvm::APFloat::IEEEsingle())
                     .convertToFloat();
      error += (x - y) * (x - y);
      norm += static_cast<double>(x) * x;
    }
  }
  return std::sqrt(error / norm);
}

/// Gaussian weights of shape [channels, n], channel c with sigma 0.1 (c + 1).
std::vector<float> gaussianWeights(int64_t channels, int64_t n, uint64_t seed) {
  std::vector<float> data = ap_test::gaussianSamples(channels * n, 0, 1, seed);
  for (int64_t c = 0; c < channels; ++c)
    for (int64_t i = 0; i < n; ++i)
      data[c * n + i] *= 0.1f * (c + 1);
  return data;
}

TEST(WeightQuantizationTest, ScalesArePerChannelAbsMaxOver127) {
  // Shape [2, 3, 2]; channels along axis 1.
  std::vector<float> data = {
      1,  -2,  0.5, 0.25, 3, -1, //
      -4, 0.5, 0.1, -0.3, 2, 9,
  };
  // Channel c holds the elements (o, c, i): c = 0: 1, -2, -4, 0.5 (absmax 4);
  // c = 1: 0.5, 0.25, 0.1, -0.3 (0.5); c = 2: 3, -1, 2, 9 (9).
  llvm::Expected<PerChannelQuantization> quantization =
      quantizePerChannel(data, {2, 3, 2}, 1, IntegerFormat::getSigned(8));
  ASSERT_TRUE(static_cast<bool>(quantization));
  ASSERT_EQ(quantization->scales.size(), 3u);
  EXPECT_EQ(quantization->scales[0], f32(4.0 / 127));
  EXPECT_EQ(quantization->scales[1], f32(0.5 / 127));
  EXPECT_EQ(quantization->scales[2], f32(9.0 / 127));
  EXPECT_EQ(quantization->zeroPoints, llvm::SmallVector<int64_t>(3, 0));
  EXPECT_EQ(quantization->axis, 1u);
  EXPECT_NEAR(quantization->relativeError,
              getRelativeError(data, {2, 3, 2}, *quantization), 0);

  // Axis 0 of a [3, 4] matrix.
  std::vector<float> matrix = {1, -3, 2, 0, 0.5, 0.5, -0.5, 0, 0, 0, 0, 0};
  quantization =
      quantizePerChannel(matrix, {3, 4}, 0, IntegerFormat::getSigned(8, true));
  ASSERT_TRUE(static_cast<bool>(quantization));
  EXPECT_EQ(quantization->scales[0], f32(3.0 / 127));
  EXPECT_EQ(quantization->scales[1], f32(0.5 / 127));
  EXPECT_EQ(quantization->scales[2], 1); // a channel of zeros
}

TEST(WeightQuantizationTest, ErrorMatchesTheReference) {
  std::vector<float> data = gaussianWeights(8, 250, 17);
  for (unsigned bits : {3u, 4u, 8u}) {
    for (PerChannelOptions options :
         {PerChannelOptions{},
          PerChannelOptions{WeightRangeMethod::MSE, QuantizationMode::Symmetric,
                            50},
          PerChannelOptions{WeightRangeMethod::MinMax,
                            QuantizationMode::Asymmetric, 100}}) {
      llvm::Expected<PerChannelQuantization> quantization = quantizePerChannel(
          data, {8, 250}, 0, IntegerFormat::getSigned(bits), options);
      ASSERT_TRUE(static_cast<bool>(quantization));
      EXPECT_NEAR(quantization->relativeError,
                  referenceRelativeError(data, 8, *quantization),
                  quantization->relativeError * 1e-12)
          << bits;
    }
  }
}

TEST(WeightQuantizationTest, MSEIsNoWorseThanMinMax) {
  std::vector<float> data = gaussianWeights(4, 2000, 23);
  for (unsigned bits : {4u, 8u}) {
    IntegerFormat format = IntegerFormat::getSigned(bits);
    llvm::Expected<PerChannelQuantization> minmax =
        quantizePerChannel(data, {4, 2000}, 0, format);
    llvm::Expected<PerChannelQuantization> mse = quantizePerChannel(
        data, {4, 2000}, 0, format, {WeightRangeMethod::MSE});
    ASSERT_TRUE(minmax && mse);
    EXPECT_LE(mse->relativeError, minmax->relativeError);
    if (bits == 4) { // clipping pays at 4 bits
      EXPECT_LT(mse->relativeError, minmax->relativeError * 0.8);
    }
  }
}

TEST(WeightQuantizationTest, AsymmetricChannels) {
  // Channel 0 in [1, 5]: u8 asymmetric widens to [0, 5]: zp 0, s = 5/255.
  // Channel 1 in [-2, 1]: s = 3/255, zp = roundHalfEven(2 / s) = 170.
  std::vector<float> data = {1, 5, 3, -2, 1, 0};
  llvm::Expected<PerChannelQuantization> quantization = quantizePerChannel(
      data, {2, 3}, 0, IntegerFormat::getUnsigned(8),
      {WeightRangeMethod::MinMax, QuantizationMode::Asymmetric});
  ASSERT_TRUE(static_cast<bool>(quantization));
  EXPECT_EQ(quantization->scales[0], f32(5.0 / 255));
  EXPECT_EQ(quantization->zeroPoints[0], 0);
  EXPECT_EQ(quantization->scales[1], f32(3.0 / 255));
  EXPECT_EQ(quantization->zeroPoints[1], 170);
}

TEST(WeightQuantizationTest, MinimumBitsOfDataOnA4BitGrid) {
  // Channel c: k * 2^-3 * (c + 1) for k in -7..7: on the grid of the 4-bit
  // scale absmax / 7 = 2^-3 (c + 1), exactly.
  std::vector<float> data;
  for (int c = 0; c < 3; ++c)
    for (int k = -7; k <= 7; ++k)
      data.push_back(k * 0.125f * (c + 1));
  llvm::Expected<MinimumBitsResult> result = minimumBits(data, {3, 15}, 0, 0.0);
  ASSERT_TRUE(static_cast<bool>(result));
  EXPECT_EQ(result->bits, 4u);
  ASSERT_EQ(result->tried.size(), 1u);
  EXPECT_EQ(result->tried[0].second, 0);
  EXPECT_EQ(result->quantization->scales[2], 0.375);
}

TEST(WeightQuantizationTest, MinimumBitsOfGaussianData) {
  std::vector<float> data = gaussianWeights(16, 1000, 29);
  llvm::Expected<MinimumBitsResult> result =
      minimumBits(data, {16, 1000}, 0, 0.01);
  ASSERT_TRUE(static_cast<bool>(result));
  EXPECT_EQ(result->bits, 8u);
  ASSERT_EQ(result->tried.size(), 2u);
  EXPECT_GT(result->tried[0].second, 0.1);  // 4 bits: 10-20%
  EXPECT_LT(result->tried[1].second, 0.01); // 8 bits: under 1%
  EXPECT_GT(result->tried[1].second, 0.004);

  // 80 dB: only 16 bits (about 0.003%) will do.
  result = minimumBits(data, {16, 1000}, 0, getRelativeErrorForSQNR(80));
  ASSERT_TRUE(static_cast<bool>(result));
  EXPECT_EQ(result->bits, 16u);

  // Nothing reaches 1e-9 with 4 or 8 bits.
  unsigned candidates[] = {8, 4};
  result = minimumBits(data, {16, 1000}, 0, 1e-9, candidates);
  ASSERT_TRUE(static_cast<bool>(result));
  EXPECT_EQ(result->bits, std::nullopt);
  EXPECT_FALSE(result->quantization.has_value());
  ASSERT_EQ(result->tried.size(), 2u);
  EXPECT_EQ(result->tried[0].first, 4u);
  EXPECT_EQ(result->tried[1].first, 8u);
}

TEST(WeightQuantizationTest, SQNRBound) {
  EXPECT_DOUBLE_EQ(getRelativeErrorForSQNR(40), 0.01);
  EXPECT_DOUBLE_EQ(getRelativeErrorForSQNR(0), 1);
}

std::string quantizeError(llvm::ArrayRef<float> data,
                          llvm::ArrayRef<int64_t> shape, unsigned axis,
                          IntegerFormat format = IntegerFormat::getSigned(8)) {
  llvm::Expected<PerChannelQuantization> quantization =
      quantizePerChannel(data, shape, axis, format);
  return quantization ? "success" : llvm::toString(quantization.takeError());
}

TEST(WeightQuantizationTest, Errors) {
  std::vector<float> data = {1, 2, 3, 4, 5, 6};
  EXPECT_EQ(quantizeError(data, {2, 3}, 1), "success");
  EXPECT_EQ(quantizeError(data, {2, 3}, 2),
            "channel axis 2 out of range for a tensor of rank 2");
  EXPECT_EQ(quantizeError(data, {2, 2}, 0),
            "shape [2, 2] has 4 elements but the data has 6");
  EXPECT_EQ(quantizeError(data, {2, -3}, 0), "invalid shape [2, -3]");
  EXPECT_EQ(quantizeError(data, {2, 3}, 0, IntegerFormat::getSigned(20)),
            "unsupported integer format of 20 bits; expected 2 to 16");
  std::vector<float> withNaN = {1, NAN, 3};
  EXPECT_EQ(quantizeError(withNaN, {3}, 0),
            "weight 1 is not finite; cannot quantize");
  unsigned candidates[] = {4, 17};
  llvm::Expected<MinimumBitsResult> result =
      minimumBits(data, {2, 3}, 0, 0.5, candidates);
  EXPECT_EQ(result ? std::string("success")
                   : llvm::toString(result.takeError()),
            "unsupported integer format of 17 bits; expected 2 to 16");
  result = minimumBits(data, {2, 3}, 0, -1);
  EXPECT_EQ(result ? std::string("success")
                   : llvm::toString(result.takeError()),
            "the bound on the relative error must be non-negative");
}

} // namespace
