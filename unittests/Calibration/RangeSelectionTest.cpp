//===- RangeSelectionTest.cpp - Tests of the calibration methods ----------===//
//
// Part of the ap project: an adaptive-precision compiler built on MLIR.
//
//===----------------------------------------------------------------------===//
//
// Each method on distributions whose answer is known independently:
//
//   minmax      the range of the data, by hand;
//   percentile  evenly spaced (uniform) data, whose p-th percentile of |x|
//               on [-1, 1] is p / 100;
//   mse         Gaussian samples: the threshold of least squared error is
//               found here by brute force over thresholds, quantizing the
//               samples themselves (not the histogram, not the library),
//               and agrees with the theory: for N(0, 1) and scale T / qmax
//               the expected error (numerical integration) is least at
//               T = 3.9 for i8 and 2.4 for i4, where the derivatives of the
//               rounding error ~(T / qmax)^2 / 12 and of the clipping error
//               ~2 E[(|x| - T)+^2] cancel;
//   entropy     a Gaussian with a far outlier (the threshold stays far below
//               the outlier) and uniform data (the threshold stays near the
//               maximum, since any clipping piles counts into P's last bin).
//
//===----------------------------------------------------------------------===//

#include "ap/Calibration/RangeSelection.h"

#include "TestData.h"

#include "gtest/gtest.h"

#include <algorithm>
#include <cmath>
#include <limits>

using namespace mlir::ap;

namespace {

#ifndef AP_TEST_GAUSSIAN_SEED
#define AP_TEST_GAUSSIAN_SEED 3
#endif
/// The seed of the Gaussian samples (other seeds pass too; see the tolerances).
constexpr uint64_t kGaussianSeed = AP_TEST_GAUSSIAN_SEED;

double f32(double value) { return static_cast<float>(value); }

QuantizationParameters
select(const ValueStatistics &statistics, IntegerFormat format,
       CalibrationMethod method,
       QuantizationMode mode = QuantizationMode::Symmetric,
       double percentile = 99.99) {
  llvm::Expected<QuantizationParameters> parameters =
      selectQuantizationParameters(statistics, format,
                                   {method, mode, percentile});
  if (!parameters) {
    ADD_FAILURE() << llvm::toString(parameters.takeError());
    return {};
  }
  return *parameters;
}

std::string selectError(const ValueStatistics &statistics, IntegerFormat format,
                        CalibrationOptions options) {
  llvm::Expected<QuantizationParameters> parameters =
      selectQuantizationParameters(statistics, format, options);
  if (parameters)
    return "success";
  return llvm::toString(parameters.takeError());
}

/// The mean squared error of quantizing `samples` to the grid s * k,
/// k in [qmin, qmax] (offset by the zero point), directly.
double sampleMSE(llvm::ArrayRef<float> samples, double scale, int64_t zeroPoint,
                 IntegerFormat format) {
  double lowest = (format.getStorageMin() - zeroPoint) * scale;
  double highest = (format.getStorageMax() - zeroPoint) * scale;
  double sum = 0;
  for (float x : samples) {
    double q = std::clamp(scale * std::nearbyint(x / scale), lowest, highest);
    sum += (x - q) * (x - q);
  }
  return sum / samples.size();
}

TEST(RangeSelectionTest, MethodNames) {
  for (CalibrationMethod method :
       {CalibrationMethod::MinMax, CalibrationMethod::Percentile,
        CalibrationMethod::Entropy, CalibrationMethod::MSE})
    EXPECT_EQ(parseCalibrationMethod(stringifyCalibrationMethod(method)),
              method);
  EXPECT_EQ(stringifyCalibrationMethod(CalibrationMethod::Entropy), "entropy");
  EXPECT_EQ(parseCalibrationMethod("kl"), std::nullopt);
}

TEST(RangeSelectionTest, MinMaxOnAKnownRange) {
  std::vector<double> values = ap_test::evenlySpaced(801, -3, 5);
  ValueStatistics statistics = ValueStatistics::compute("x", values);
  QuantizationParameters symmetric = select(
      statistics, IntegerFormat::getSigned(8), CalibrationMethod::MinMax);
  EXPECT_EQ(symmetric.scale, f32(5.0 / 127));
  EXPECT_EQ(symmetric.zeroPoint, 0);
  QuantizationParameters asymmetric =
      select(statistics, IntegerFormat::getUnsigned(8),
             CalibrationMethod::MinMax, QuantizationMode::Asymmetric);
  EXPECT_EQ(asymmetric.scale, f32(8.0 / 255));
  EXPECT_EQ(asymmetric.zeroPoint, 96);
  // Nothing is clipped: the error is the rounding error s^2 / 12 of data
  // spread evenly (the histogram sees them as uniform), SQNR from the exact
  // mean square.
  double scale = asymmetric.scale;
  EXPECT_NEAR(asymmetric.mse, scale * scale / 12, scale * scale / 12 * 0.01);
  EXPECT_NEAR(
      asymmetric.sqnr,
      10 * std::log10(statistics.getMoments().getMeanSquare() / asymmetric.mse),
      1e-12);
}

TEST(RangeSelectionTest, PercentileOnUniformData) {
  std::vector<double> values = ap_test::evenlySpaced(200001, -1, 1);
  ValueStatistics statistics = ValueStatistics::compute("u", values);
  double width = statistics.getHistogram().getBinWidth();

  // Symmetric: 99% of |x| is below 0.99.
  QuantizationParameters symmetric =
      select(statistics, IntegerFormat::getSigned(8),
             CalibrationMethod::Percentile, QuantizationMode::Symmetric, 99);
  EXPECT_NEAR(symmetric.clipMax, 0.99, width / 10);
  EXPECT_NEAR(symmetric.scale, 0.99 / 127, width / 10 / 127);

  // Asymmetric: [P(1), P(99)] = [-0.98, 0.98], within a bin.
  QuantizationParameters asymmetric =
      select(statistics, IntegerFormat::getSigned(8),
             CalibrationMethod::Percentile, QuantizationMode::Asymmetric, 99);
  EXPECT_NEAR(asymmetric.clipMin, -0.98, width);
  EXPECT_NEAR(asymmetric.clipMax, 0.98, width);

  // 100 is minmax.
  EXPECT_EQ(select(statistics, IntegerFormat::getSigned(8),
                   CalibrationMethod::Percentile, QuantizationMode::Symmetric,
                   100)
                .scale,
            f32(1.0 / 127));

  // Unsigned symmetric, on [0, 1]: the 99.9th percentile.
  ValueStatistics positive =
      ValueStatistics::compute("p", ap_test::evenlySpaced(100001, 0, 1));
  QuantizationParameters unsignedParameters =
      select(positive, IntegerFormat::getUnsigned(8),
             CalibrationMethod::Percentile, QuantizationMode::Symmetric, 99.9);
  EXPECT_EQ(unsignedParameters.zeroPoint, 0);
  EXPECT_NEAR(unsignedParameters.clipMax, 0.999,
              positive.getHistogram().getBinWidth());
}

TEST(RangeSelectionTest, MSEOnGaussianMatchesBruteForce) {
  const double sigma = 1.5;
  std::vector<float> samples =
      ap_test::gaussianSamples(20000, 0, sigma, kGaussianSeed);
  ValueStatistics statistics = ValueStatistics::compute("g", samples);
  struct Case {
    unsigned bits;
    double lowRatio, highRatio;
  };
  for (Case c : {Case{8, 3.4, 4.4}, Case{4, 2.1, 2.7}}) {
    IntegerFormat format = IntegerFormat::getSigned(c.bits);
    double qmax = format.getStorageMax();
    // Brute force on the samples over thresholds 1.5 .. 5 sigma.
    double bestThreshold = 0, bestError = std::numeric_limits<double>::max();
    for (double ratio = 1.5; ratio <= 5.0; ratio += 0.02) {
      double threshold = ratio * sigma;
      double error = sampleMSE(samples, threshold / qmax, 0, format);
      if (error < bestError) {
        bestError = error;
        bestThreshold = threshold;
      }
    }
    EXPECT_GE(bestThreshold / sigma, c.lowRatio) << c.bits;
    EXPECT_LE(bestThreshold / sigma, c.highRatio) << c.bits;

    QuantizationParameters mse =
        select(statistics, format, CalibrationMethod::MSE);
    EXPECT_EQ(mse.zeroPoint, 0);
    // The library's threshold is near the brute-force one and as good on
    // the samples (the error curve is flat near its minimum).
    EXPECT_NEAR(mse.clipMax / sigma, bestThreshold / sigma, 0.15) << c.bits;
    double libraryError = sampleMSE(samples, mse.scale, 0, format);
    EXPECT_LE(libraryError, bestError * 1.01) << c.bits;
    // Its estimate on the histogram is close to the error on the samples.
    EXPECT_NEAR(mse.mse, libraryError, libraryError * 0.02) << c.bits;
    // And better than minmax.
    QuantizationParameters minmax =
        select(statistics, format, CalibrationMethod::MinMax);
    EXPECT_LT(mse.mse, minmax.mse) << c.bits;
  }
}

TEST(RangeSelectionTest, AsymmetricMSEMatchesBruteForce) {
  // A skewed distribution: exp of a Gaussian, shifted so that it has a
  // short negative tail.
  std::vector<float> samples =
      ap_test::gaussianSamples(10000, 0, 0.6, kGaussianSeed + 1);
  for (float &x : samples)
    x = std::exp(x) - 0.7f;
  ValueStatistics statistics = ValueStatistics::compute("s", samples);
  IntegerFormat u4 = IntegerFormat::getUnsigned(4);
  double bestError = std::numeric_limits<double>::max();
  for (int i = 1; i <= 30; ++i) {
    for (int j = 1; j <= 30; ++j) {
      QuantizationParameters p = getQuantizationParameters(
          statistics.getMin() * i / 30, statistics.getMax() * j / 30, u4,
          QuantizationMode::Asymmetric);
      bestError =
          std::min(bestError, sampleMSE(samples, p.scale, p.zeroPoint, u4));
    }
  }
  QuantizationParameters mse = select(statistics, u4, CalibrationMethod::MSE,
                                      QuantizationMode::Asymmetric);
  EXPECT_LE(sampleMSE(samples, mse.scale, mse.zeroPoint, u4), bestError * 1.02);
  EXPECT_LT(mse.clipMax, statistics.getMax() * 0.8);
}

TEST(RangeSelectionTest, EntropyIgnoresAnOutlier) {
  std::vector<float> samples = ap_test::gaussianSamples(50000, 0, 1, 9);
  samples.push_back(100);
  ValueStatistics statistics = ValueStatistics::compute("o", samples);
  IntegerFormat i8 = IntegerFormat::getSigned(8);
  QuantizationParameters entropy =
      select(statistics, i8, CalibrationMethod::Entropy);
  // The smallest window has 128 of the 2048 bins of |x| over [0, 100]:
  // 6.25; the Gaussian's range ends near 4.5.
  EXPECT_GE(entropy.clipMax, 6.25 - 1e-9);
  EXPECT_LT(entropy.clipMax, 10);
  EXPECT_EQ(select(statistics, i8, CalibrationMethod::MinMax).clipMax, 100);
  // The Gaussian part is quantized far more finely than by minmax (the
  // histogram error is dominated by the clipped outlier, so compare on the
  // samples without it).
  llvm::ArrayRef<float> gaussian = llvm::ArrayRef(samples).drop_back();
  QuantizationParameters minmax =
      select(statistics, i8, CalibrationMethod::MinMax);
  EXPECT_LT(sampleMSE(gaussian, entropy.scale, 0, i8),
            sampleMSE(gaussian, minmax.scale, 0, i8) / 100);
}

TEST(RangeSelectionTest, EntropyKeepsUniformRange) {
  std::vector<double> values = ap_test::evenlySpaced(100001, -1, 1);
  ValueStatistics statistics = ValueStatistics::compute("u", values);
  QuantizationParameters entropy = select(
      statistics, IntegerFormat::getSigned(8), CalibrationMethod::Entropy);
  EXPECT_GE(entropy.clipMax, 0.97);
  EXPECT_LE(entropy.clipMax, 1);

  // Asymmetric, on [-1, 3]: the window stays (nearly) the whole range.
  ValueStatistics shifted =
      ValueStatistics::compute("s", ap_test::evenlySpaced(100001, -1, 3));
  QuantizationParameters asymmetric =
      select(shifted, IntegerFormat::getUnsigned(8), CalibrationMethod::Entropy,
             QuantizationMode::Asymmetric);
  EXPECT_LE(asymmetric.clipMin, -0.95);
  EXPECT_GE(asymmetric.clipMax, 2.9);

  // Unsigned symmetric on [0, 1] (256 levels over max(x, 0)).
  ValueStatistics positive =
      ValueStatistics::compute("p", ap_test::evenlySpaced(100001, 0, 1));
  QuantizationParameters unsignedParameters = select(
      positive, IntegerFormat::getUnsigned(8), CalibrationMethod::Entropy);
  EXPECT_EQ(unsignedParameters.zeroPoint, 0);
  EXPECT_GE(unsignedParameters.clipMax, 0.97);
}

TEST(RangeSelectionTest, AsymmetricZeroIsExact) {
  std::vector<float> samples = ap_test::gaussianSamples(20000, 0.8, 1.3, 21);
  ValueStatistics statistics = ValueStatistics::compute("z", samples);
  for (CalibrationMethod method :
       {CalibrationMethod::MinMax, CalibrationMethod::Percentile,
        CalibrationMethod::Entropy, CalibrationMethod::MSE}) {
    for (IntegerFormat format :
         {IntegerFormat::getUnsigned(8), IntegerFormat::getSigned(8),
          IntegerFormat::getUnsigned(4, true), IntegerFormat::getSigned(16)}) {
      QuantizationParameters p = select(statistics, format, method,
                                        QuantizationMode::Asymmetric, 99.9);
      SCOPED_TRACE(stringifyCalibrationMethod(method).str() + " " +
                   format.str());
      EXPECT_GT(p.scale, 0);
      EXPECT_EQ(p.scale, f32(p.scale));
      EXPECT_GE(p.zeroPoint, format.getStorageMin());
      EXPECT_LE(p.zeroPoint, format.getStorageMax());
      EXPECT_LE(p.getRepresentableMin(), 0);
      EXPECT_GE(p.getRepresentableMax(), 0);
      numerics::QuantParams params = p.getQuantParams();
      EXPECT_EQ(numerics::quantize(llvm::APFloat(0.0f), params), p.zeroPoint);
      EXPECT_TRUE(
          numerics::dequantize(p.zeroPoint, params, llvm::APFloat::IEEEsingle())
              .isZero());
      EXPECT_GT(p.sqnr, 0);
    }
  }
}

TEST(RangeSelectionTest, DegenerateData) {
  ValueStatistics zeros =
      ValueStatistics::compute("z", std::vector<float>(100, 0.0f));
  for (CalibrationMethod method :
       {CalibrationMethod::MinMax, CalibrationMethod::Percentile,
        CalibrationMethod::Entropy, CalibrationMethod::MSE}) {
    QuantizationParameters p =
        select(zeros, IntegerFormat::getSigned(8), method);
    EXPECT_EQ(p.scale, 1);
    EXPECT_EQ(p.mse, 0);
    EXPECT_EQ(p.sqnr, std::numeric_limits<double>::infinity());
  }
  ValueStatistics constant =
      ValueStatistics::compute("c", std::vector<float>(10, 2.5f));
  for (CalibrationMethod method :
       {CalibrationMethod::MinMax, CalibrationMethod::Entropy,
        CalibrationMethod::MSE}) {
    QuantizationParameters p =
        select(constant, IntegerFormat::getSigned(8), method);
    EXPECT_NEAR(p.clipMax, 2.5, 1e-12)
        << stringifyCalibrationMethod(method).str();
    EXPECT_LT(p.mse, 1e-12);
  }
}

TEST(RangeSelectionTest, Errors) {
  ValueStatistics statistics =
      ValueStatistics::compute("v", std::vector<float>{1, 2, 3});
  EXPECT_EQ(selectError(statistics, IntegerFormat::getSigned(1), {}),
            "unsupported integer format of 1 bits; expected 2 to 16");
  EXPECT_EQ(selectError(statistics, IntegerFormat::getSigned(8),
                        {CalibrationMethod::Percentile,
                         QuantizationMode::Symmetric, 50}),
            "percentile 50 out of (50, 100]");
  EXPECT_EQ(selectError(statistics, IntegerFormat::getSigned(8),
                        {CalibrationMethod::Percentile,
                         QuantizationMode::Symmetric, 100.5}),
            "percentile 100.5 out of (50, 100]");
  EXPECT_EQ(selectError(ValueStatistics("w"), IntegerFormat::getSigned(8), {}),
            "no value of 'w' was observed; nothing to calibrate");
  ValueStatistics firstPass("p");
  firstPass.addToMoments(std::vector<float>{1, 2});
  EXPECT_EQ(selectError(firstPass, IntegerFormat::getSigned(8), {}),
            "the statistics of 'p' have no histogram (pass 2 was not run)");
}

} // namespace
