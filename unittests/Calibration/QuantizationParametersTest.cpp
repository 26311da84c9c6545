//===- QuantizationParametersTest.cpp - Scales, zero points, errors -------===//
//
// Part of the ap project: an adaptive-precision compiler built on MLIR.
//
//===----------------------------------------------------------------------===//
//
// Scales and zero points are derived by hand from the definitions in
// QuantizationParameters.h; the expected squared errors from the integrals
// of (x - Q(x))^2 for uniform densities, and checked against numerical
// integration on an irregular histogram.
//
//===----------------------------------------------------------------------===//

#include "ap/Calibration/QuantizationParameters.h"
#include "ap/Calibration/QuantizationError.h"

#include "TestData.h"

#include "llvm/ADT/APFloat.h"

#include "gtest/gtest.h"

#include <algorithm>
#include <cfloat>
#include <cmath>
#include <limits>

using namespace mlir::ap;

namespace {

/// `value` rounded to f32.
double f32(double value) { return static_cast<float>(value); }

TEST(IntegerFormatTest, StorageRanges) {
  EXPECT_EQ(IntegerFormat::getSigned(8).getStorageMin(), -128);
  EXPECT_EQ(IntegerFormat::getSigned(8).getStorageMax(), 127);
  EXPECT_EQ(IntegerFormat::getSigned(8, true).getStorageMin(), -127);
  EXPECT_EQ(IntegerFormat::getUnsigned(8).getStorageMin(), 0);
  EXPECT_EQ(IntegerFormat::getUnsigned(8).getStorageMax(), 255);
  EXPECT_EQ(IntegerFormat::getUnsigned(8, true).getStorageMin(), 1);
  EXPECT_EQ(IntegerFormat::getSigned(4).getStorageMin(), -8);
  EXPECT_EQ(IntegerFormat::getSigned(2).getStorageMax(), 1);
  EXPECT_EQ(IntegerFormat::getSigned(16).getStorageMin(), -32768);
  EXPECT_EQ(IntegerFormat::getUnsigned(16).getStorageMax(), 65535);
  EXPECT_EQ(IntegerFormat::getUnsigned(4).getNumLevels(), 16);
  EXPECT_EQ(IntegerFormat::getSigned(8).str(), "i8");
  EXPECT_EQ(IntegerFormat::getUnsigned(4).str(), "u4");
  EXPECT_EQ(IntegerFormat::getSigned(8, true).str(), "i8<-127:127>");
  EXPECT_FALSE(static_cast<bool>(IntegerFormat::getSigned(2).verify()));
  EXPECT_EQ(llvm::toString(IntegerFormat::getSigned(1).verify()),
            "unsupported integer format of 1 bits; expected 2 to 16");
  EXPECT_EQ(llvm::toString(IntegerFormat::getUnsigned(17).verify()),
            "unsupported integer format of 17 bits; expected 2 to 16");
}

TEST(QuantizationParametersTest, Modes) {
  EXPECT_EQ(parseQuantizationMode("asymmetric"), QuantizationMode::Asymmetric);
  EXPECT_EQ(parseQuantizationMode("sym"), std::nullopt);
  EXPECT_EQ(stringifyQuantizationMode(QuantizationMode::Symmetric),
            "symmetric");
}

TEST(QuantizationParametersTest, ScaleIsRoundedToF32) {
  EXPECT_EQ(roundScaleToF32(0.1), f32(0.1));
  EXPECT_NE(roundScaleToF32(0.1), 0.1);
  EXPECT_EQ(roundScaleToF32(0.25), 0.25);
  EXPECT_EQ(roundScaleToF32(1e-300), FLT_MIN);
  EXPECT_EQ(roundScaleToF32(1e300), FLT_MAX);
  // Ties go to even: 1 + 2^-24 is halfway between 1 and 1 + 2^-23.
  EXPECT_EQ(roundScaleToF32(1 + 0x1p-24), 1);
  EXPECT_EQ(roundScaleToF32(1 + 3 * 0x1p-24), 1 + 0x1p-22);
}

TEST(QuantizationParametersTest, SymmetricSigned) {
  QuantizationParameters p = getQuantizationParameters(
      -3, 5, IntegerFormat::getSigned(8), QuantizationMode::Symmetric);
  EXPECT_EQ(p.scale, f32(5.0 / 127));
  EXPECT_EQ(p.zeroPoint, 0);
  EXPECT_EQ(p.clipMin, -5);
  EXPECT_EQ(p.clipMax, 5);
  EXPECT_EQ(p.getRepresentableMin(), -128 * p.scale);
  EXPECT_EQ(p.getRepresentableMax(), 127 * p.scale);
  // Narrow range: the same scale, one value less.
  QuantizationParameters narrow = getQuantizationParameters(
      -3, 5, IntegerFormat::getSigned(8, true), QuantizationMode::Symmetric);
  EXPECT_EQ(narrow.scale, p.scale);
  EXPECT_EQ(narrow.getRepresentableMin(), -127 * p.scale);
  // 4 bits: T / 7.
  EXPECT_EQ(getQuantizationParameters(-7, 1, IntegerFormat::getSigned(4),
                                      QuantizationMode::Symmetric)
                .scale,
            1);
}

TEST(QuantizationParametersTest, SymmetricUnsigned) {
  // [0, T] with the zero point at the smallest storage value.
  QuantizationParameters p = getQuantizationParameters(
      -1, 4, IntegerFormat::getUnsigned(8), QuantizationMode::Symmetric);
  EXPECT_EQ(p.scale, f32(4.0 / 255));
  EXPECT_EQ(p.zeroPoint, 0);
  EXPECT_EQ(p.clipMin, 0);
  EXPECT_EQ(p.clipMax, 4);
  QuantizationParameters narrow = getQuantizationParameters(
      -1, 4, IntegerFormat::getUnsigned(8, true), QuantizationMode::Symmetric);
  EXPECT_EQ(narrow.scale, f32(4.0 / 254));
  EXPECT_EQ(narrow.zeroPoint, 1);
  EXPECT_EQ(narrow.getRepresentableMin(), 0);
}

TEST(QuantizationParametersTest, AsymmetricNudgesZeroToAStorageValue) {
  // u8 over [-3, 5]: s = f32(8 / 255); zp = roundHalfEven(3 / s) = 96
  // (3 / s = 95.62...); the range becomes [-96 s, 159 s].
  IntegerFormat u8 = IntegerFormat::getUnsigned(8);
  QuantizationParameters p =
      getQuantizationParameters(-3, 5, u8, QuantizationMode::Asymmetric);
  double scale = f32(8.0 / 255);
  EXPECT_EQ(p.scale, scale);
  EXPECT_NEAR(3 / scale, 95.625, 1e-5);
  EXPECT_EQ(p.zeroPoint, 96);
  EXPECT_EQ(p.clipMin, -3);
  EXPECT_EQ(p.clipMax, 5);
  EXPECT_EQ(p.getRepresentableMin(), -96 * scale);
  EXPECT_EQ(p.getRepresentableMax(), 159 * scale);

  // 0.0 quantizes to the zero point and back to 0.0 exactly, with the
  // arithmetic of ap.quantize.
  numerics::QuantParams params = p.getQuantParams();
  llvm::APFloat zero(0.0f);
  EXPECT_EQ(numerics::quantize(zero, params), 96);
  EXPECT_TRUE(
      numerics::dequantize(96, params, llvm::APFloat::IEEEsingle()).isZero());

  // Ranges that do not contain 0 are widened to it.
  QuantizationParameters positive =
      getQuantizationParameters(2, 6, u8, QuantizationMode::Asymmetric);
  EXPECT_EQ(positive.zeroPoint, 0);
  EXPECT_EQ(positive.clipMin, 0);
  EXPECT_EQ(positive.scale, f32(6.0 / 255));
  QuantizationParameters negative = getQuantizationParameters(
      -6, -2, IntegerFormat::getSigned(8), QuantizationMode::Asymmetric);
  EXPECT_EQ(negative.zeroPoint, 127);
  EXPECT_EQ(negative.clipMax, 0);
}

TEST(QuantizationParametersTest, ZeroPointRoundsHalfToEven) {
  // u8 with s = 2^-4 exactly: the range spans 255 / 16 = 15.9375.
  IntegerFormat u8 = IntegerFormat::getUnsigned(8);
  QuantizationParameters p = getQuantizationParameters(
      -2.5 / 16, -2.5 / 16 + 15.9375, u8, QuantizationMode::Asymmetric);
  EXPECT_EQ(p.scale, 0.0625);
  EXPECT_EQ(p.zeroPoint, 2); // 2.5 -> 2
  p = getQuantizationParameters(-3.5 / 16, -3.5 / 16 + 15.9375, u8,
                                QuantizationMode::Asymmetric);
  EXPECT_EQ(p.zeroPoint, 4); // 3.5 -> 4
  EXPECT_EQ(p.getRepresentableMin(), -0.25);
}

TEST(QuantizationParametersTest, ZeroRangeGetsScaleOne) {
  for (QuantizationMode mode :
       {QuantizationMode::Symmetric, QuantizationMode::Asymmetric}) {
    QuantizationParameters p =
        getQuantizationParameters(0, 0, IntegerFormat::getSigned(8), mode);
    EXPECT_EQ(p.scale, 1);
    EXPECT_EQ(p.zeroPoint, 0);
  }
  EXPECT_EQ(getQuantizationParameters(0, 0, IntegerFormat::getUnsigned(8, true),
                                      QuantizationMode::Asymmetric)
                .zeroPoint,
            1);
}

/// Parameters with a given grid, for the error tests.
QuantizationParameters grid(IntegerFormat format, double scale,
                            int64_t zeroPoint) {
  QuantizationParameters p;
  p.format = format;
  p.scale = scale;
  p.zeroPoint = zeroPoint;
  return p;
}

TEST(QuantizationErrorTest, UniformWithinTheGridIsScaleSquaredOver12) {
  // Uniform on [0, 1], grid {0, 1/4, ..., 1} (u2 would not reach; u3 with
  // s = 1/4 covers [0, 7/4]): rounding error s^2 / 12 = 1 / 192.
  Histogram histogram(0, 1, std::vector<uint64_t>{1000});
  EXPECT_NEAR(expectedSquaredError(
                  histogram, grid(IntegerFormat::getUnsigned(3), 0.25, 0)),
              1.0 / 192, 1e-15);
  // Many bins give the same answer.
  Histogram fine(0, 1, std::vector<uint64_t>(100, 10));
  EXPECT_NEAR(
      expectedSquaredError(fine, grid(IntegerFormat::getUnsigned(3), 0.25, 0)),
      1.0 / 192, 1e-15);
}

TEST(QuantizationErrorTest, ClippingError) {
  // Uniform on [0, 2]; u2 with s = 1/3 covers [0, 1]. Half the mass is
  // inside (error 1/108 there), half above 1, whose error is
  // (1/2) * integral_1^2 (x - 1)^2 dx = 1/6.
  Histogram histogram(0, 2, std::vector<uint64_t>{7, 7});
  double expected = 0.5 / 108 + 1.0 / 6;
  EXPECT_NEAR(expectedSquaredError(
                  histogram, grid(IntegerFormat::getUnsigned(2), 1.0 / 3, 0)),
              expected, 1e-15);
  // Symmetric: i2 with s = 1 covers [-2, 1]: on uniform [-3, 3], the part
  // below -2 has error integral_-3^-2 (x + 2)^2 / 6 = 1/18, the part above 1
  // integral_1^3 (x - 1)^2 / 6 = 8/18, the inside 3/6 * 1/12 = 1/24.
  Histogram symmetric(-3, 3, std::vector<uint64_t>{5, 5, 5, 5, 5, 5});
  EXPECT_NEAR(
      expectedSquaredError(symmetric, grid(IntegerFormat::getSigned(2), 1, 0)),
      1.0 / 18 + 8.0 / 18 + 1.0 / 24, 1e-15);
}

/// The error of `p` on `histogram` by the midpoint rule, `steps` points per
/// bin.
double integrateError(const Histogram &histogram,
                      const QuantizationParameters &p, int steps) {
  double lowest = p.getRepresentableMin(), highest = p.getRepresentableMax();
  double sum = 0;
  for (unsigned k = 0; k < histogram.getNumBins(); ++k) {
    double u = histogram.getBinEdge(k), v = histogram.getBinEdge(k + 1);
    double count = histogram.getCounts()[k];
    for (int i = 0; i < steps; ++i) {
      double x = u + (v - u) * (i + 0.5) / steps;
      double q =
          std::clamp(p.scale * std::nearbyint(x / p.scale), lowest, highest);
      sum += count * (x - q) * (x - q) / steps;
    }
  }
  return sum / histogram.getTotal();
}

TEST(QuantizationErrorTest, MatchesNumericalIntegration) {
  // Irregular histograms and an asymmetric grid whose points do not align
  // with the bins: the closed forms against the midpoint rule. With 12 bins
  // the error is summed bin by bin; with 240 bins (more than 4 per grid
  // cell) cell by cell.
  std::vector<uint64_t> counts = {3, 0, 17, 40, 25, 9, 0, 1, 5, 2, 0, 1};
  QuantizationParameters p = grid(IntegerFormat::getUnsigned(4), 0.3, 5);
  Histogram coarse(-2.3, 4.1, counts);
  double expected = integrateError(coarse, p, 20000);
  EXPECT_NEAR(expectedSquaredError(coarse, p), expected, expected * 1e-6);

  std::vector<uint64_t> many;
  for (unsigned k = 0; k < 240; ++k)
    many.push_back((k * 7919) % 13 + (k % 40 == 3 ? 50 : 0));
  Histogram fine(-2.3, 4.1, many);
  expected = integrateError(fine, p, 2000);
  EXPECT_NEAR(expectedSquaredError(fine, p), expected, expected * 1e-6);
  // An i8 grid within the data.
  QuantizationParameters i8 = grid(IntegerFormat::getSigned(8), 0.02, 0);
  expected = integrateError(fine, i8, 2000);
  EXPECT_NEAR(expectedSquaredError(fine, i8), expected, expected * 1e-6);
}

TEST(QuantizationErrorTest, PointMass) {
  // Every value is 0.7; s = 0.25 rounds it to 0.75.
  Histogram histogram(0.7, 0.7, std::vector<uint64_t>{4});
  EXPECT_NEAR(expectedSquaredError(histogram,
                                   grid(IntegerFormat::getSigned(8), 0.25, 0)),
              0.05 * 0.05, 1e-15);
  EXPECT_EQ(expectedSquaredError(Histogram(0, 1, 4),
                                 grid(IntegerFormat::getSigned(8), 0.25, 0)),
            0);
}

TEST(QuantizationErrorTest, SQNR) {
  EXPECT_DOUBLE_EQ(getSQNR(1, 0.01), 20);
  EXPECT_EQ(getSQNR(1, 0), std::numeric_limits<double>::infinity());
  EXPECT_EQ(getSQNR(0, 0.5), -std::numeric_limits<double>::infinity());
}

} // namespace
