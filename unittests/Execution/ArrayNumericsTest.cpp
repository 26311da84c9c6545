//===- ArrayNumericsTest.cpp - Tests of ap's numerics on f32 arrays -------===//
//
// Part of the ap project: an adaptive-precision compiler built on MLIR.
//
//===----------------------------------------------------------------------===//
//
// The fast paths of ArrayNumerics must give the bits of the APFloat
// reference (numerics::convertFloat, quantize, dequantize) for every input.
// Checked on: hand-derived values; every encoding of each target format,
// the midpoints between neighbours (the ties) and the f32 values next to
// them; the f32 special values; a million random f32 bit patterns.
//
//===----------------------------------------------------------------------===//

#include "ap/Execution/ArrayNumerics.h"

#include "llvm/ADT/APFloat.h"
#include "llvm/ADT/bit.h"

#include "gtest/gtest.h"

#include <cmath>
#include <limits>
#include <random>
#include <vector>

using namespace mlir::ap;
using namespace mlir::ap::execution;
using llvm::APFloat;

namespace {

/// The reference: convertFloat to `format`, saturating, back to f32.
float referenceRound(float x, const llvm::fltSemantics &format) {
  APFloat value = numerics::convertFloat(APFloat(x), format,
                                         numerics::Rounding::NearestEven,
                                         /*saturate=*/true);
  bool losesInfo = false;
  (void)value.convert(APFloat::IEEEsingle(), APFloat::rmNearestTiesToEven,
                      &losesInfo);
  return value.convertToFloat();
}

/// Whether two results are the same: equal bits, or both NaN of the same
/// sign.
bool same(float a, float b) {
  if (std::isnan(a) || std::isnan(b))
    return std::isnan(a) && std::isnan(b) && std::signbit(a) == std::signbit(b);
  return llvm::bit_cast<uint32_t>(a) == llvm::bit_cast<uint32_t>(b);
}

/// Checks roundThroughFormat against the reference on `inputs`; returns the
/// number of mismatches (reporting the first few).
int checkRounding(const std::vector<float> &inputs,
                  const llvm::fltSemantics &format) {
  std::vector<float> outputs(inputs.size());
  roundThroughFormat(inputs, outputs, format);
  int mismatches = 0;
  for (size_t i = 0; i < inputs.size(); ++i) {
    float expected = referenceRound(inputs[i], format);
    if (!same(outputs[i], expected)) {
      if (++mismatches <= 5)
        ADD_FAILURE() << "x = " << inputs[i] << " (0x" << std::hex
                      << llvm::bit_cast<uint32_t>(inputs[i]) << std::dec
                      << "): got " << outputs[i] << ", expected " << expected;
    }
  }
  return mismatches;
}

const llvm::fltSemantics *const kFormats[] = {
    &APFloat::IEEEhalf(), &APFloat::BFloat(), &APFloat::Float8E4M3FN(),
    &APFloat::Float8E5M2(), &APFloat::IEEEsingle()};

TEST(ArrayNumericsTest, RoundingByHand) {
  // f16: 1 + 2^-11 is a tie between 1 and 1 + 2^-10: to even, 1; 1 + 3 *
  // 2^-11 rounds up to 1 + 2^-9. 65520 is halfway to 65536, beyond the
  // largest 65504: saturates. 2^-25 is half the smallest subnormal: 0.
  std::vector<float> in = {1.0f + 0x1p-11f,
                           1.0f + 3 * 0x1p-11f,
                           65520.0f,
                           -1e6f,
                           0x1p-25f,
                           0x1.8p-25f,
                           std::numeric_limits<float>::infinity()};
  std::vector<float> out(in.size());
  roundThroughFormat(in, out, APFloat::IEEEhalf());
  EXPECT_EQ(out[0], 1.0f);
  EXPECT_EQ(out[1], 1.0f + 0x1p-9f);
  EXPECT_EQ(out[2], 65504.0f);
  EXPECT_EQ(out[3], -65504.0f);
  EXPECT_EQ(out[4], 0.0f);
  EXPECT_EQ(out[5], 0x1p-24f);
  EXPECT_EQ(out[6], 65504.0f);

  // E4M3FN: largest 448; 464 is halfway to 480 (not a value): 448; 0.3 in
  // [0.25, 0.5) has the step 2^-5: 0.3125 (0.3 / 2^-5 = 9.6).
  in = {464.0f, 1000.0f, 0.3f, -0.3f};
  out.resize(in.size());
  roundThroughFormat(in, out, APFloat::Float8E4M3FN());
  EXPECT_EQ(out[0], 448.0f);
  EXPECT_EQ(out[1], 448.0f);
  EXPECT_EQ(out[2], 0.3125f);
  EXPECT_EQ(out[3], -0.3125f);

  // NaN stays NaN, with its sign; -0 stays -0.
  in = {-std::numeric_limits<float>::quiet_NaN(), -0.0f};
  out.resize(in.size());
  roundThroughFormat(in, out, APFloat::BFloat());
  EXPECT_TRUE(std::isnan(out[0]) && std::signbit(out[0]));
  EXPECT_TRUE(out[1] == 0.0f && std::signbit(out[1]));
}

TEST(ArrayNumericsTest, RoundingEveryEncodingAndTie) {
  for (const llvm::fltSemantics *format : kFormats) {
    if (format == &APFloat::IEEEsingle())
      continue;
    unsigned bits = llvm::APFloatBase::semanticsSizeInBits(*format);
    // Every finite non-negative encoding, as f32, sorted.
    std::vector<float> values;
    for (uint32_t encoding = 0; encoding < (1u << (bits - 1)); ++encoding) {
      APFloat value(*format, llvm::APInt(bits, encoding));
      if (!value.isFinite())
        continue;
      bool losesInfo = false;
      (void)value.convert(APFloat::IEEEsingle(), APFloat::rmNearestTiesToEven,
                          &losesInfo);
      values.push_back(value.convertToFloat());
    }
    std::sort(values.begin(), values.end());
    std::vector<float> inputs;
    for (size_t i = 0; i < values.size(); ++i) {
      for (float sign : {1.0f, -1.0f}) {
        inputs.push_back(sign * values[i]);
        if (i + 1 == values.size())
          continue;
        // The midpoint is an f32 value for these narrow formats.
        float middle = values[i] + (values[i + 1] - values[i]) / 2;
        inputs.push_back(sign * middle);
        inputs.push_back(sign * std::nextafter(middle, 0.0f));
        inputs.push_back(
            sign *
            std::nextafter(middle, std::numeric_limits<float>::infinity()));
      }
    }
    // Beyond the largest value, around where saturation starts.
    float largest = values.back();
    for (float factor : {1.0001f, 1.03f, 1.0625f, 1.07f, 1.5f, 2.0f})
      inputs.push_back(largest * factor);
    EXPECT_EQ(checkRounding(inputs, *format), 0);
  }
}

TEST(ArrayNumericsTest, RoundingSpecialAndRandom) {
  std::vector<float> inputs = {0.0f,
                               -0.0f,
                               std::numeric_limits<float>::min(),
                               std::numeric_limits<float>::denorm_min(),
                               -std::numeric_limits<float>::denorm_min(),
                               std::numeric_limits<float>::max(),
                               -std::numeric_limits<float>::max(),
                               std::numeric_limits<float>::infinity(),
                               -std::numeric_limits<float>::infinity(),
                               std::numeric_limits<float>::quiet_NaN()};
  std::mt19937 generator(20261123);
  for (int i = 0; i < 200000; ++i)
    inputs.push_back(llvm::bit_cast<float>(static_cast<uint32_t>(generator())));
  // Values of moderate magnitude, where networks live.
  std::normal_distribution<float> normal(0.0f, 4.0f);
  for (int i = 0; i < 50000; ++i)
    inputs.push_back(normal(generator));
  for (const llvm::fltSemantics *format : kFormats)
    EXPECT_EQ(checkRounding(inputs, *format), 0);
}

/// The reference quantization round trip.
float referenceQuantize(float x, const numerics::QuantParams &params) {
  int64_t stored = numerics::quantize(APFloat(x), params);
  return numerics::dequantize(stored, params, APFloat::IEEEsingle())
      .convertToFloat();
}

TEST(ArrayNumericsTest, QuantizationByHand) {
  // Scale 0.5, zero point -3, i8: 1.25 / 0.5 = 2.5 rounds to 2 (even), + -3
  // = -1 -> (-1 + 3) * 0.5 = 1; 1.75 -> 3.5 -> 4 -> 2.0; 100 saturates at
  // 127 -> 65; -100 at -128 -> -62.5; NaN -> the zero point -> 0.
  numerics::QuantParams params{0.5, -3, -128, 127};
  std::vector<float> in = {1.25f,
                           1.75f,
                           100.0f,
                           -100.0f,
                           std::numeric_limits<float>::quiet_NaN(),
                           -std::numeric_limits<float>::infinity()};
  std::vector<float> out(in.size());
  quantizeDequantize(in, out, params);
  EXPECT_EQ(out[0], 1.0f);
  EXPECT_EQ(out[1], 2.0f);
  EXPECT_EQ(out[2], 65.0f);
  EXPECT_EQ(out[3], -62.5f);
  EXPECT_EQ(out[4], 0.0f);
  EXPECT_EQ(out[5], -62.5f);
}

TEST(ArrayNumericsTest, QuantizationMatchesReference) {
  std::mt19937 generator(7);
  std::normal_distribution<float> normal(0.0f, 3.0f);
  std::vector<float> inputs;
  for (int i = 0; i < 100000; ++i)
    inputs.push_back(normal(generator));
  for (int i = 0; i < 20000; ++i)
    inputs.push_back(llvm::bit_cast<float>(static_cast<uint32_t>(generator())));
  // Exact ties of the scale 0.0625 (= 2^-4): k / 32.
  for (int k = -400; k <= 400; ++k)
    inputs.push_back(static_cast<float>(k) / 32);
  const numerics::QuantParams cases[] = {
      {0.0625, 0, -128, 127},     // ties at every half step
      {0.0471, 5, -128, 127},     // a scale that f32 rounds
      {1.7e-3, -100, -128, 127},  // a narrow range
      {0.9, 0, -8, 7},            // i4
      {0.013, 200, 0, 255},       // u8 with a zero point
      {3e-39, 0, -128, 127},      // a subnormal scale
      {0.25, 1 << 25, 0, 1 << 26} // beyond the fast path: the reference
  };
  for (const numerics::QuantParams &params : cases) {
    std::vector<float> outputs(inputs.size());
    quantizeDequantize(inputs, outputs, params);
    int mismatches = 0;
    for (size_t i = 0; i < inputs.size(); ++i) {
      float expected = referenceQuantize(inputs[i], params);
      if (!same(outputs[i], expected) && ++mismatches <= 5)
        ADD_FAILURE() << "scale " << params.scale << ": x = " << inputs[i]
                      << ": got " << outputs[i] << ", expected " << expected;
    }
    EXPECT_EQ(mismatches, 0) << "scale " << params.scale;
  }
}

TEST(ArrayNumericsTest, PerChannel) {
  // A 2 x 3 x 2 tensor with channels along axis 1: element (i, c, j) uses
  // the parameters of channel c.
  std::vector<float> in(12);
  for (int i = 0; i < 12; ++i)
    in[i] = 0.3f * static_cast<float>(i) - 1.7f;
  const numerics::QuantParams params[] = {
      {0.5, 0, -128, 127}, {0.1, 2, -8, 7}, {0.05, -1, -128, 127}};
  std::vector<float> out(12);
  quantizeDequantizePerChannel(in, out, {2, 3, 2}, 1, params);
  for (int i = 0; i < 2; ++i)
    for (int c = 0; c < 3; ++c)
      for (int j = 0; j < 2; ++j) {
        int index = (i * 3 + c) * 2 + j;
        EXPECT_TRUE(same(out[index], referenceQuantize(in[index], params[c])))
            << "element " << index;
      }
}

} // namespace
