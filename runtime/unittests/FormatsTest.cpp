//===- FormatsTest.cpp - Tests of the runtime's format conversions --------===//
//
// Part of the ap project: an adaptive-precision compiler built on MLIR.
//
//===----------------------------------------------------------------------===//
//
// The DMA's conversions must be bit for bit those of the reference semantics,
// mlir::ap::numerics::convertFloat with Rounding::NearestEven and saturation,
// NaN included. Every 8- and 16-bit input is checked against every other
// format, and f32 inputs over the edge cases and a large pseudo-random set.
//
//===----------------------------------------------------------------------===//

#include "ap/Runtime/Formats.h"
#include "ap/Support/Numerics.h"

#include "llvm/ADT/APFloat.h"
#include "llvm/ADT/APInt.h"

#include "gtest/gtest.h"

#include <cstring>
#include <random>
#include <vector>

using namespace ap::rt;
using llvm::APFloat;
using llvm::APInt;

namespace {

const Format kFloatFormats[] = {Format::F32, Format::F16, Format::BF16,
                                Format::F8E4M3FN, Format::F8E5M2};

const llvm::fltSemantics &getSemantics(Format format) {
  switch (format) {
  case Format::F32:
    return APFloat::IEEEsingle();
  case Format::F16:
    return APFloat::IEEEhalf();
  case Format::BF16:
    return APFloat::BFloat();
  case Format::F8E4M3FN:
    return APFloat::Float8E4M3FN();
  case Format::F8E5M2:
    return APFloat::Float8E5M2();
  default:
    llvm_unreachable("not a float format");
  }
}

unsigned getWidth(Format format) { return getPackedBits(format); }

/// The reference conversion of the bit pattern `bits` of `from` to `to`.
uint32_t referenceConvert(uint32_t bits, Format from, Format to) {
  APFloat value(getSemantics(from), APInt(getWidth(from), bits));
  APFloat result = mlir::ap::numerics::convertFloat(
      value, getSemantics(to), mlir::ap::numerics::Rounding::NearestEven,
      /*saturate=*/true);
  return static_cast<uint32_t>(result.bitcastToAPInt().getZExtValue());
}

/// Checks every input in `inputs` of `from` against the reference for every
/// other float format; returns the number of mismatches (reporting the
/// first few).
int checkAll(Format from, const std::vector<uint32_t> &inputs) {
  int mismatches = 0;
  for (Format to : kFloatFormats) {
    if (to == from)
      continue;
    for (uint32_t bits : inputs) {
      uint32_t expected = referenceConvert(bits, from, to);
      uint32_t actual = convertBits(bits, from, to);
      if (expected != actual && ++mismatches <= 10)
        ADD_FAILURE() << getFormatName(from).str() << " 0x" << std::hex << bits
                      << " -> " << getFormatName(to).str() << ": expected 0x"
                      << expected << ", got 0x" << actual;
    }
  }
  return mismatches;
}

std::vector<uint32_t> allPatterns(unsigned width) {
  std::vector<uint32_t> patterns(size_t(1) << width);
  for (size_t i = 0; i < patterns.size(); ++i)
    patterns[i] = static_cast<uint32_t>(i);
  return patterns;
}

TEST(RuntimeFormats, ExhaustiveF16) {
  EXPECT_EQ(checkAll(Format::F16, allPatterns(16)), 0);
}

TEST(RuntimeFormats, ExhaustiveBF16) {
  EXPECT_EQ(checkAll(Format::BF16, allPatterns(16)), 0);
}

TEST(RuntimeFormats, ExhaustiveF8E4M3FN) {
  EXPECT_EQ(checkAll(Format::F8E4M3FN, allPatterns(8)), 0);
}

TEST(RuntimeFormats, ExhaustiveF8E5M2) {
  EXPECT_EQ(checkAll(Format::F8E5M2, allPatterns(8)), 0);
}

/// f32 patterns at and around every boundary of the narrower formats.
std::vector<uint32_t> f32EdgeCases() {
  std::vector<uint32_t> cases;
  auto addAround = [&](uint32_t bits) {
    for (int delta = -3; delta <= 3; ++delta)
      for (uint32_t sign : {0u, 0x80000000u})
        cases.push_back(((bits + delta) & 0x7fffffffu) | sign);
  };
  // Zeros, the smallest subnormal, the largest subnormal, the smallest
  // normal, one, the largest finite, infinity, NaNs (quiet, signalling,
  // with payloads).
  for (uint32_t bits : {0x00000000u, 0x00000001u, 0x007fffffu, 0x00800000u,
                        0x3f800000u, 0x7f7fffffu, 0x7f800000u, 0x7fc00000u,
                        0x7f800001u, 0x7fbfffffu, 0x7fffffffu, 0x7fc12345u})
    addAround(bits);
  // For each narrower format: its largest finite value, the halfway point
  // to the next (overflow threshold), its smallest normal and subnormal,
  // half of the smallest subnormal, and ties at every exponent.
  for (Format format : kFloatFormats) {
    if (format == Format::F32)
      continue;
    const llvm::fltSemantics &semantics = getSemantics(format);
    auto toF32 = [](APFloat value) {
      bool losesInfo;
      (void)value.convert(APFloat::IEEEsingle(), APFloat::rmNearestTiesToEven,
                          &losesInfo);
      return static_cast<uint32_t>(value.bitcastToAPInt().getZExtValue());
    };
    for (APFloat value :
         {APFloat::getLargest(semantics), APFloat::getSmallest(semantics),
          APFloat::getSmallestNormalized(semantics)}) {
      uint32_t bits = toF32(value);
      addAround(bits);
      // The value * 1.5 is halfway to the next binade's boundary for the
      // smallest subnormal; value / 2 is half of it.
      float f;
      std::memcpy(&f, &bits, 4);
      for (float scaled : {f * 0.5f, f * 1.5f, f * 0.75f, f * 1.0625f}) {
        uint32_t scaledBits;
        std::memcpy(&scaledBits, &scaled, 4);
        addAround(scaledBits);
      }
    }
    // Ties: a value of the format plus half its spacing, at every exponent.
    unsigned mantissa = APFloat::semanticsPrecision(semantics) - 1;
    for (uint32_t exponent = 1; exponent < 255; ++exponent)
      for (uint32_t low : {0u, 1u, 2u, 3u})
        addAround((exponent << 23) | (low << (23 - mantissa)) |
                  (1u << (22 - mantissa)));
  }
  return cases;
}

TEST(RuntimeFormats, F32EdgeCases) {
  std::vector<uint32_t> cases = f32EdgeCases();
  EXPECT_GT(cases.size(), 10000u);
  EXPECT_EQ(checkAll(Format::F32, cases), 0);
}

TEST(RuntimeFormats, F32Random) {
  // 400000 patterns: uniform over all bits (mostly large and tiny
  // magnitudes) and uniform over the exponents the narrow formats reach.
  std::mt19937 generator(20240604);
  std::vector<uint32_t> cases;
  for (int i = 0; i < 200000; ++i)
    cases.push_back(generator());
  std::uniform_int_distribution<uint32_t> exponent(127 - 30, 127 + 20);
  for (int i = 0; i < 200000; ++i)
    cases.push_back((generator() & 0x807fffffu) | (exponent(generator) << 23));
  EXPECT_EQ(checkAll(Format::F32, cases), 0);
}

TEST(RuntimeFormats, SameFormatCopiesBits) {
  // A step between identical formats moves the bits unchanged: NaN
  // payloads and infinities stay.
  const uint32_t input[] = {0x7fc12345u, 0xff800000u, 0x00000001u};
  uint32_t output[3];
  ASSERT_FALSE(llvm::errorToBool(
      convertElements(Format::F32, Format::F32, input, output, 3)));
  EXPECT_EQ(std::memcmp(input, output, sizeof(input)), 0);

  const int8_t i4[] = {-8, 7, 0, -1};
  int8_t i4Out[4];
  ASSERT_FALSE(
      llvm::errorToBool(convertElements(Format::I4, Format::I4, i4, i4Out, 4)));
  EXPECT_EQ(std::memcmp(i4, i4Out, 4), 0);
}

TEST(RuntimeFormats, ArraysMatchScalars) {
  // convertElements over arrays (including the table path for 8-bit
  // sources) gives the scalar results.
  std::vector<uint8_t> f8(1000);
  for (size_t i = 0; i < f8.size(); ++i)
    f8[i] = static_cast<uint8_t>(i * 7);
  std::vector<uint16_t> f16(f8.size());
  ASSERT_FALSE(llvm::errorToBool(convertElements(
      Format::F8E4M3FN, Format::F16, f8.data(), f16.data(), f8.size())));
  for (size_t i = 0; i < f8.size(); ++i)
    EXPECT_EQ(f16[i], referenceConvert(f8[i], Format::F8E4M3FN, Format::F16));

  const float values[] = {1.0f, -0.1f, 65520.0f, 1e-8f};
  uint16_t halves[4];
  ASSERT_FALSE(llvm::errorToBool(
      convertElements(Format::F32, Format::F16, values, halves, 4)));
  EXPECT_EQ(halves[0], 0x3c00u); // 1.0
  EXPECT_EQ(halves[1], 0xae66u); // -0.1 rounded to nearest even
  EXPECT_EQ(halves[2], 0x7bffu); // beyond 65504 + half a spacing: saturates
  EXPECT_EQ(halves[3], 0x0000u); // below half the smallest subnormal
}

TEST(RuntimeFormats, IntegersDoNotConvert) {
  int8_t input[2] = {1, 2};
  float output[2];
  llvm::Error error =
      convertElements(Format::I8, Format::F32, input, output, 2);
  ASSERT_TRUE(static_cast<bool>(error));
  EXPECT_EQ(llvm::toString(std::move(error)),
            "cannot convert values of format 'i8' to format 'f32': only "
            "floating-point formats convert, other formats only copy to "
            "themselves");
  EXPECT_FALSE(canConvert(Format::F32, Format::I8));
  EXPECT_TRUE(canConvert(Format::I8, Format::I8));
}

TEST(RuntimeFormats, Properties) {
  EXPECT_EQ(getPackedBytes(Format::I4, 3), 2);
  EXPECT_EQ(getPackedBytes(Format::F16, 3), 6);
  EXPECT_EQ(getHostBytes(Format::U4), 1u);
  EXPECT_EQ(getMaxFinite(Format::F8E4M3FN), 448.0);
  EXPECT_EQ(getMaxFinite(Format::F8E5M2), 57344.0);
  EXPECT_EQ(getMaxFinite(Format::F16), 65504.0);
  EXPECT_EQ(getLowestFinite(Format::I4), -8.0);
  EXPECT_FALSE(getFormat(11).has_value());
  EXPECT_EQ(getFormat(255), Format::Opaque);
  const uint16_t bf16[] = {0x3f80u, 0xc040u};
  EXPECT_EQ(readElement(Format::BF16, bf16, 1), -3.0);
}

TEST(RuntimeFormats, NamesRoundTrip) {
  for (int32_t value = 0; value <= 255; ++value) {
    std::optional<Format> format = getFormat(value);
    if (!format)
      continue;
    EXPECT_EQ(parseFormatName(getFormatName(*format)), format);
  }
  EXPECT_EQ(parseFormatName("f8E4M3FN"), Format::F8E4M3FN);
  EXPECT_EQ(parseFormatName("F32"), std::nullopt);
  EXPECT_EQ(parseFormatName("int8"), std::nullopt);
}

} // namespace
