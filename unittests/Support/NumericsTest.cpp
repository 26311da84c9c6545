//===- NumericsTest.cpp - Tests of the number-format emulation ------------===//
//
// Part of the ap project: an adaptive-precision compiler built on MLIR.
//
//===----------------------------------------------------------------------===//
//
// Every expected value below is derived from the format definitions, not from
// the output of the code under test:
//
//   f16      IEEE 754 binary16: 1 sign, 5 exponent (bias 15), 10 fraction bits.
//            max 65504 = 0x7BFF, +inf 0x7C00, min normal 2^-14 = 0x0400,
//            min subnormal 2^-24 = 0x0001.
//   bf16     1 sign, 8 exponent (bias 127), 7 fraction bits: the top half of
//            an f32. max (2 - 2^-7) * 2^127 = 0x7F7F, +inf 0x7F80,
//            min subnormal 2^-133 = 0x0001.
//   E4M3FN   OCP FP8: 1 sign, 4 exponent (bias 7), 3 fraction bits, no
//            infinities, NaN = S.1111.111. max 1.75 * 2^8 = 448 = 0x7E,
//            min normal 2^-6 = 0x08, min subnormal 2^-9 = 0x01.
//   E5M2     OCP FP8: 1 sign, 5 exponent (bias 15), 2 fraction bits, IEEE-like.
//            max 1.75 * 2^15 = 57344 = 0x7B, +inf 0x7C, min normal 2^-14 =
//            0x04, min subnormal 2^-16 = 0x01.
//
// Results are compared through APFloat::bitcastToAPInt(), so that the sign of
// zero and the encodings of infinities are checked too; NaN results are
// checked with isNaN() and their sign, never their payload.
//
// Besides the hand-derived tables there is an independent model of the four
// formats (FormatModel / referenceConvert below, written from the
// definitions with integer and exact double arithmetic), used for sweeps over
// every encoding of the target formats and their neighbourhoods.
//
//===----------------------------------------------------------------------===//

#include "ap/Support/Numerics.h"

#include "llvm/ADT/APFloat.h"
#include "llvm/ADT/APInt.h"
#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringExtras.h"

#include "gtest/gtest.h"

#include <algorithm>
#include <cfloat>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <optional>
#include <string>
#include <vector>

using namespace mlir::ap::numerics;
using llvm::APFloat;
using llvm::APInt;
using llvm::ArrayRef;
using llvm::fltSemantics;

namespace {

//===----------------------------------------------------------------------===//
// Helpers
//===----------------------------------------------------------------------===//

const fltSemantics &f16() { return APFloat::IEEEhalf(); }
const fltSemantics &bf16() { return APFloat::BFloat(); }
const fltSemantics &f8E4M3FN() { return APFloat::Float8E4M3FN(); }
const fltSemantics &f8E5M2() { return APFloat::Float8E5M2(); }
const fltSemantics &f32() { return APFloat::IEEEsingle(); }
const fltSemantics &f64() { return APFloat::IEEEdouble(); }

/// Expected-value markers for a NaN result of either sign.
constexpr uint64_t kNaNPos = ~uint64_t(0) - 1;
constexpr uint64_t kNaNNeg = ~uint64_t(0);

std::string hex(uint64_t value) { return "0x" + llvm::utohexstr(value); }

/// A printable name for the semantics used in this file.
const char *name(const fltSemantics &semantics) {
  if (&semantics == &f16())
    return "f16";
  if (&semantics == &bf16())
    return "bf16";
  if (&semantics == &f8E4M3FN())
    return "f8E4M3FN";
  if (&semantics == &f8E5M2())
    return "f8E5M2";
  if (&semantics == &APFloat::Float8E5M2FNUZ())
    return "f8E5M2FNUZ";
  if (&semantics == &APFloat::Float8E4M3())
    return "f8E4M3";
  if (&semantics == &f32())
    return "f32";
  if (&semantics == &f64())
    return "f64";
  return "other";
}

uint64_t bitsOf(const APFloat &value) {
  return value.bitcastToAPInt().getZExtValue();
}

APFloat fromBits(const fltSemantics &semantics, uint64_t bits) {
  return APFloat(semantics, APInt(APFloat::getSizeInBits(semantics), bits));
}

APFloat fromF32Bits(uint32_t bits) { return fromBits(f32(), bits); }

/// The exact value of the finite `value` as a double (every format tested
/// here is a subset of binary64).
double toDouble(const APFloat &value) {
  APFloat wide = value;
  bool losesInfo = false;
  (void)wide.convert(f64(), APFloat::rmNearestTiesToEven, &losesInfo);
  EXPECT_FALSE(losesInfo);
  return wide.convertToDouble();
}

/// Whether `actual` is a value of `semantics` with the encoding `expected`,
/// or, for kNaNPos / kNaNNeg, a NaN of that sign.
::testing::AssertionResult hasBits(const APFloat &actual,
                                   const fltSemantics &semantics,
                                   uint64_t expected) {
  if (&actual.getSemantics() != &semantics)
    return ::testing::AssertionFailure() << "result has the wrong semantics";
  uint64_t got = bitsOf(actual);
  if (expected == kNaNPos || expected == kNaNNeg) {
    bool negative = expected == kNaNNeg;
    if (actual.isNaN() && actual.isNegative() == negative)
      return ::testing::AssertionSuccess();
    return ::testing::AssertionFailure()
           << "expected a " << (negative ? "negative" : "positive")
           << " NaN, got " << hex(got);
  }
  if (got == expected)
    return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure()
         << "expected " << hex(expected) << ", got " << hex(got);
}

/// Whether `actual` is a NaN of `semantics` (either sign).
::testing::AssertionResult isNaNIn(const APFloat &actual,
                                   const fltSemantics &semantics) {
  if (&actual.getSemantics() != &semantics)
    return ::testing::AssertionFailure() << "result has the wrong semantics";
  if (actual.isNaN())
    return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure()
         << "expected NaN, got " << hex(bitsOf(actual));
}

APFloat nearest(const APFloat &value, const fltSemantics &to,
                bool saturate = false) {
  return convertFloat(value, to, Rounding::NearestEven, saturate);
}

APFloat towardZero(const APFloat &value, const fltSemantics &to,
                   bool saturate = false) {
  return convertFloat(value, to, Rounding::TowardZero, saturate);
}

APFloat stochastic(const APFloat &value, const fltSemantics &to,
                   uint32_t randomBits, bool saturate = false) {
  return convertFloat(value, to, Rounding::Stochastic, saturate, randomBits);
}

/// One conversion of an f32 input, with the derivation of its result.
struct F32Case {
  float input;
  uint64_t expected;
  const char *why;
};

/// One conversion of an f32 input given by its encoding.
struct F32BitsCase {
  uint32_t input;
  uint64_t expected;
  const char *why;
};

/// One conversion of an f64 input.
struct F64Case {
  double input;
  uint64_t expected;
  const char *why;
};

void checkCases(ArrayRef<F32Case> cases, const fltSemantics &to,
                Rounding rounding, bool saturate) {
  for (const F32Case &c : cases) {
    SCOPED_TRACE(std::string("f32 input ") + std::to_string(c.input) + " (" +
                 hex(bitsOf(APFloat(c.input))) + "): " + c.why);
    EXPECT_TRUE(hasBits(convertFloat(APFloat(c.input), to, rounding, saturate),
                        to, c.expected));
  }
}

void checkBitsCases(ArrayRef<F32BitsCase> cases, const fltSemantics &to,
                    Rounding rounding, bool saturate) {
  for (const F32BitsCase &c : cases) {
    SCOPED_TRACE(std::string("f32 input ") + hex(c.input) + ": " + c.why);
    EXPECT_TRUE(
        hasBits(convertFloat(fromF32Bits(c.input), to, rounding, saturate), to,
                c.expected));
  }
}

void checkF64Cases(ArrayRef<F64Case> cases, const fltSemantics &to,
                   Rounding rounding, bool saturate) {
  for (const F64Case &c : cases) {
    SCOPED_TRACE(std::string("f64 input ") + std::to_string(c.input) + " (" +
                 hex(bitsOf(APFloat(c.input))) + "): " + c.why);
    EXPECT_TRUE(hasBits(convertFloat(APFloat(c.input), to, rounding, saturate),
                        to, c.expected));
  }
}

const float kInf = std::numeric_limits<float>::infinity();
const double kInf64 = std::numeric_limits<double>::infinity();

//===----------------------------------------------------------------------===//
// An independent model of the formats
//===----------------------------------------------------------------------===//

/// A binary format described by its definition. Its non-negative encodings
/// are ordered like the values they stand for, and for every finite encoding
///   bits = ((E - minExponent) << fractionBits) + significand
/// where the value is significand * 2^(E - fractionBits), E >= minExponent
/// is the exponent (minExponent for subnormals) and the significand includes
/// the hidden bit. Rounding therefore works on the integer `significand`.
struct FormatModel {
  const char *name;
  const fltSemantics &(*semantics)();
  int fractionBits;
  int minExponent;
  unsigned signShift;
  uint64_t maxFinite;       ///< Encoding of the largest finite value.
  bool hasInfinity;         ///< IEEE-like: +inf at maxFinite + 1, then NaNs.
  uint64_t positiveNaNBits; ///< One positive NaN encoding.
};

const FormatModel kF16Model = {"f16", f16, 10, -14, 15, 0x7BFF, true, 0x7E00};
const FormatModel kBF16Model = {"bf16", bf16,   7,    -126,
                                15,     0x7F7F, true, 0x7FC0};
const FormatModel kE4M3FNModel = {"f8E4M3FN", f8E4M3FN, 3,     -6,
                                  7,          0x7E,     false, 0x7F};
const FormatModel kE5M2Model = {"f8E5M2", f8E5M2, 2, -14, 7, 0x7B, true, 0x7E};
const FormatModel kF32Model = {"f32", f32,        23,   -126,
                               31,    0x7F7FFFFF, true, 0x7FC00000};

const FormatModel *const kSmallModels[] = {&kF16Model, &kBF16Model,
                                           &kE4M3FNModel, &kE5M2Model};

/// A value of a model: an encoding, or NaN of a sign.
struct ModelValue {
  bool isNaN;
  bool negative;
  uint64_t bits; ///< Meaningless for NaN.
};

/// Decodes the encoding `bits` of `m`.
struct Decoded {
  bool isNaN;
  bool isInf;
  double value; ///< Signed; for infinities +-inf.
};

Decoded decode(const FormatModel &m, uint64_t bits) {
  bool negative = (bits >> m.signShift) & 1;
  uint64_t magnitude = bits & ((uint64_t(1) << m.signShift) - 1);
  double sign = negative ? -1.0 : 1.0;
  if (m.hasInfinity) {
    if (magnitude == m.maxFinite + 1)
      return {false, true, sign * kInf64};
    if (magnitude > m.maxFinite + 1)
      return {true, false, 0};
  } else if (magnitude > m.maxFinite) {
    return {true, false, 0};
  }
  uint64_t field = magnitude >> m.fractionBits;
  uint64_t fraction = magnitude & ((uint64_t(1) << m.fractionBits) - 1);
  double value =
      field == 0
          ? std::ldexp(static_cast<double>(fraction),
                       m.minExponent - m.fractionBits)
          : std::ldexp(
                static_cast<double>((uint64_t(1) << m.fractionBits) + fraction),
                m.minExponent + static_cast<int>(field) - 1 - m.fractionBits);
  return {false, false, sign * value};
}

/// Converts the double `x` to `m` from the definitions: IEEE rounding of the
/// significand, overflow to infinity (NaN without infinities) or, with
/// `saturate`, to the largest finite value; toward zero never rounds past
/// the largest finite value. Stochastic rounding rounds away from zero iff
/// `randomBits < fraction * 2^32`.
ModelValue referenceConvert(double x, const FormatModel &m, Rounding rounding,
                            bool saturate, uint32_t randomBits = 0) {
  bool negative = std::signbit(x);
  uint64_t sign = uint64_t(negative) << m.signShift;
  if (std::isnan(x))
    return {true, negative, 0};
  auto overflow = [&]() -> ModelValue {
    if (saturate)
      return {false, negative, sign | m.maxFinite};
    if (m.hasInfinity)
      return {false, negative, sign | (m.maxFinite + 1)};
    return {true, negative, 0};
  };
  if (std::isinf(x))
    return overflow();
  double magnitude = std::fabs(x);
  if (magnitude == 0)
    return {false, negative, sign};
  int binaryExponent = 0;
  (void)std::frexp(magnitude, &binaryExponent); // magnitude in [2^(e-1), 2^e)
  int exponent = std::max(binaryExponent - 1, m.minExponent);
  // magnitude / 2^(exponent - fractionBits): exact (a power-of-two scaling).
  double scaled = std::ldexp(magnitude, m.fractionBits - exponent);
  double whole = std::floor(scaled);
  double fraction = scaled - whole; // exact
  uint64_t truncated =
      (static_cast<uint64_t>(exponent - m.minExponent) << m.fractionBits) +
      static_cast<uint64_t>(whole);
  if (truncated > m.maxFinite) {
    // Beyond the largest finite value even when truncated.
    if (rounding == Rounding::TowardZero)
      return {false, negative, sign | m.maxFinite};
    return overflow();
  }
  bool away = false;
  switch (rounding) {
  case Rounding::NearestEven:
    away = fraction > 0.5 ||
           (fraction == 0.5 && (static_cast<uint64_t>(whole) & 1) != 0);
    break;
  case Rounding::TowardZero:
    away = false;
    break;
  case Rounding::Stochastic:
    away = fraction != 0 &&
           static_cast<double>(randomBits) < std::ldexp(fraction, 32);
    break;
  }
  uint64_t result = truncated + (away ? 1 : 0);
  if (result > m.maxFinite)
    return overflow();
  return {false, negative, sign | result};
}

::testing::AssertionResult matchesModel(const APFloat &actual,
                                        const FormatModel &m,
                                        const ModelValue &expected) {
  if (&actual.getSemantics() != &m.semantics())
    return ::testing::AssertionFailure() << "result has the wrong semantics";
  if (expected.isNaN) {
    if (actual.isNaN() && actual.isNegative() == expected.negative)
      return ::testing::AssertionSuccess();
    return ::testing::AssertionFailure()
           << "expected a " << (expected.negative ? "negative" : "positive")
           << " NaN, got " << hex(bitsOf(actual));
  }
  if (bitsOf(actual) == expected.bits)
    return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure() << "expected " << hex(expected.bits)
                                       << ", got " << hex(bitsOf(actual));
}

/// Inputs around every `step`-th non-negative finite encoding of `m` (and all
/// of the first and last 64): the value, the midpoint to the next value
/// (past the largest, the next value is where the next encoding would be),
/// the midpoint +- one f32 ulp, quarter points, and their negations. Only
/// values that are exact in f32 are returned, so they serve as f32 and f64
/// inputs alike.
std::vector<double> sweepInputs(const FormatModel &m, uint64_t step) {
  std::vector<double> inputs;
  auto add = [&](double value) {
    if (static_cast<double>(static_cast<float>(value)) != value)
      return;
    inputs.push_back(value);
    inputs.push_back(-value);
  };
  for (uint64_t bits = 0; bits <= m.maxFinite; ++bits) {
    if (bits % step != 0 && bits >= 64 && bits + 64 <= m.maxFinite)
      continue;
    double low = decode(m, bits).value;
    double high;
    if (bits < m.maxFinite)
      high = decode(m, bits + 1).value;
    else
      high = low + (low - decode(m, bits - 1).value);
    double mid = low + (high - low) / 2;
    add(low);
    add(mid);
    add(static_cast<double>(std::nextafter(static_cast<float>(mid), 0.0f)));
    add(static_cast<double>(std::nextafter(static_cast<float>(mid), kInf)));
    add(low + (high - low) / 4);
    add(low + 3 * (high - low) / 4);
    add(static_cast<double>(std::nextafter(static_cast<float>(high), 0.0f)));
  }
  return inputs;
}

//===----------------------------------------------------------------------===//
// ConvertFloatTest: f16
//===----------------------------------------------------------------------===//

TEST(ConvertFloatTest, F16ExactValues) {
  const F32Case cases[] = {
      {1.0f, 0x3C00, "exponent 0 + 15 = 0b01111, fraction 0"},
      {-2.0f, 0xC000, "sign 1, exponent 1 + 15 = 0b10000"},
      {0.5f, 0x3800, "exponent -1 + 15 = 0b01110"},
      {1.5f, 0x3E00, "fraction 0b1000000000"},
      {65504.0f, 0x7BFF, "max finite: 0x1.ffcp15, exponent 30, fraction 0x3FF"},
      {-65504.0f, 0xFBFF, "-max finite"},
      {0x1p-14f, 0x0400, "min normal: exponent field 1"},
      {0x1p-24f, 0x0001, "min subnormal 2^-24"},
      {0x1.ff8p-15f, 0x03FF, "max subnormal 1023 * 2^-24"},
      {2048.0f, 0x6800, "2^11: exponent 26 = 0b11010"},
      {0.0f, 0x0000, "+0"},
      {-0.0f, 0x8000, "-0 keeps its sign"},
  };
  checkCases(cases, f16(), Rounding::NearestEven, /*saturate=*/false);
  checkCases(cases, f16(), Rounding::TowardZero, /*saturate=*/false);
  checkCases(cases, f16(), Rounding::NearestEven, /*saturate=*/true);
}

TEST(ConvertFloatTest, F16NearestEvenTies) {
  const F32Case cases[] = {
      // The spacing of f16 in [1, 2) is 2^-10; f32's is 2^-23.
      {0x1.002p0f, 0x3C00,
       "1 + 2^-11: tie of 0x3C00 (even) and 0x3C01 -> down to even"},
      {0x1.006p0f, 0x3C02,
       "1 + 3 * 2^-11: tie of 0x3C01 and 0x3C02 (even) -> up to even"},
      {-0x1.002p0f, 0xBC00, "negative tie, down to even"},
      {-0x1.006p0f, 0xBC02, "negative tie, up to even"},
      {0x1.002002p0f, 0x3C01, "tie + 2^-23 -> nearest is 0x3C01"},
      {0x1.001ffep0f, 0x3C00, "tie - 2^-23 -> nearest is 0x3C00"},
      {0x1.005ffep0f, 0x3C01, "(1 + 3 * 2^-11) - 2^-23 -> 0x3C01"},
      {0x1.006002p0f, 0x3C02, "(1 + 3 * 2^-11) + 2^-23 -> 0x3C02"},
      {-0x1.002002p0f, 0xBC01, "negative, just above the tie"},
      // In [2048, 4096) the spacing is 2.
      {2049.0f, 0x6800, "tie of 2048 (0x6800, even) and 2050 -> 2048"},
      {2051.0f, 0x6802, "tie of 2050 (0x6801) and 2052 (0x6802) -> 2052"},
  };
  checkCases(cases, f16(), Rounding::NearestEven, /*saturate=*/false);
}

TEST(ConvertFloatTest, F16SubnormalsAndUnderflow) {
  const F32Case cases[] = {
      {0x1p-25f, 0x0000,
       "half the min subnormal: tie of 0 (even) and 0x0001 -> +0"},
      {-0x1p-25f, 0x8000, "negative half min subnormal -> -0"},
      {0x1.0002p-25f, 0x0001, "2^-25 * (1 + 2^-15): above half -> 0x0001"},
      {-0x1.0002p-25f, 0x8001, "negative, above half -> -min subnormal"},
      {0x1.fffffep-26f, 0x0000, "just below half -> 0"},
      {0x1.8p-24f, 0x0002, "1.5 * 2^-24: tie of 1 and 2 (even) -> 2"},
      {0x1.4p-23f, 0x0002, "2.5 * 2^-24: tie of 2 (even) and 3 -> 2"},
      {0x1.ff4p-15f, 0x03FE, "1022.5 * 2^-24: tie of 0x3FE (even) and 0x3FF"},
      {0x1.ffcp-15f, 0x0400,
       "1023.5 * 2^-24: tie of max subnormal 0x3FF and min normal 0x400 "
       "(even)"},
      {1e-10f, 0x0000, "far below 2^-25 -> +0"},
      {-1e-10f, 0x8000, "far below 2^-25, negative -> -0"},
      {0x1p-149f, 0x0000, "f32 min subnormal -> +0"},
  };
  checkCases(cases, f16(), Rounding::NearestEven, /*saturate=*/false);
}

TEST(ConvertFloatTest, F16TowardZero) {
  const F32Case cases[] = {
      {0x1.003ffep0f, 0x3C00,
       "1 + 2^-10 - 2^-23: nearest would be 0x3C01, truncation is 1.0"},
      {-0x1.003ffep0f, 0xBC00, "negative: truncated toward zero"},
      {0x1.ffep0f, 0x3FFF, "2 - 2^-11 -> 2 - 2^-10 = 0x3FFF"},
      {-0x1.ffep0f, 0xBFFF, "negative"},
      {0x1.ep-24f, 0x0001, "1.875 * 2^-24 -> min subnormal"},
      {0x1p-30f, 0x0000, "below min subnormal -> +0"},
      {-0x1p-30f, 0x8000, "below min subnormal, negative -> -0"},
      // Overflow toward zero gives the largest finite value (IEEE 754 7.4).
      {65535.0f, 0x7BFF, "65535 > 65504 -> max finite"},
      {65536.0f, 0x7BFF, "2^16 -> max finite"},
      {1e10f, 0x7BFF, "-> max finite"},
      {-1e10f, 0xFBFF, "-> -max finite"},
      {FLT_MAX, 0x7BFF, "-> max finite"},
      {kInf, 0x7C00, "an infinity converts exactly to an infinity"},
      {-kInf, 0xFC00, "an infinity converts exactly to an infinity"},
  };
  checkCases(cases, f16(), Rounding::TowardZero, /*saturate=*/false);
}

TEST(ConvertFloatTest, F16Overflow) {
  // 65504 = 0x1.ffcp15 is the largest finite value; the next value with an
  // unbounded exponent would be 2^16, so the rounding threshold is their
  // midpoint 65520 = 0x1.ffep15, a tie whose even neighbour is 2^16.
  const F32Case noSaturate[] = {
      {65519.0f, 0x7BFF, "below the threshold -> max"},
      {0x1.ffdffep15f, 0x7BFF, "65520 - 2^-8 (one f32 ulp) -> max"},
      {65520.0f, 0x7C00, "the tie rounds to even 2^16, which overflows"},
      {-65520.0f, 0xFC00, "negative tie overflows to -inf"},
      {65536.0f, 0x7C00, "overflow"},
      {1e10f, 0x7C00, "overflow"},
      {-FLT_MAX, 0xFC00, "overflow"},
      {kInf, 0x7C00, "+inf"},
      {-kInf, 0xFC00, "-inf"},
  };
  checkCases(noSaturate, f16(), Rounding::NearestEven, /*saturate=*/false);
  const F32Case saturate[] = {
      {65519.0f, 0x7BFF, "below the threshold -> max"},
      {65520.0f, 0x7BFF, "overflow saturates to max"},
      {-65520.0f, 0xFBFF, "saturates to -max"},
      {1e10f, 0x7BFF, "saturates"},
      {FLT_MAX, 0x7BFF, "saturates"},
      {-FLT_MAX, 0xFBFF, "saturates"},
      {kInf, 0x7BFF, "+inf saturates to max"},
      {-kInf, 0xFBFF, "-inf saturates to -max"},
      {1.0f, 0x3C00, "in range: unaffected by saturation"},
      {0x1.002p0f, 0x3C00, "ties unaffected by saturation"},
  };
  checkCases(saturate, f16(), Rounding::NearestEven, /*saturate=*/true);
  checkCases({{1e10f, 0x7BFF, "saturate and toward zero"},
              {-kInf, 0xFBFF, "saturate and toward zero"}},
             f16(), Rounding::TowardZero, /*saturate=*/true);
}

TEST(ConvertFloatTest, F16FromF64) {
  const F64Case cases[] = {
      {0x1.0020000001p0, 0x3C01,
       "1 + 2^-11 + 2^-40: just above the tie -> 0x3C01 (rounding through "
       "f32 first would give the tie and 0x3C00)"},
      {0x1.002p0, 0x3C00, "exact tie, down to even"},
      {0x1.ffdffffffff8p15, 0x7BFF, "65520 - 2^-30 -> max"},
      {0x1.ffe000000008p15, 0x7C00, "65520 + 2^-30 -> inf"},
      {1e300, 0x7C00, "overflow -> inf"},
      {-1e300, 0xFC00, "overflow -> -inf"},
      {0x1.000000002p-25, 0x0001, "2^-25 + 2^-60 -> min subnormal"},
      {0x1p-25, 0x0000, "tie -> +0"},
      {-1e-300, 0x8000, "underflow -> -0"},
      {kInf64, 0x7C00, "+inf"},
  };
  checkF64Cases(cases, f16(), Rounding::NearestEven, /*saturate=*/false);
  checkF64Cases({{1e300, 0x7BFF, "toward zero overflow -> max"},
                 {-1e300, 0xFBFF, "toward zero overflow -> -max"},
                 {0x1.003fffffffp0, 0x3C00, "truncated"}},
                f16(), Rounding::TowardZero, /*saturate=*/false);
  checkF64Cases({{1e300, 0x7BFF, "saturates"}, {-1e300, 0xFBFF, "saturates"}},
                f16(), Rounding::NearestEven, /*saturate=*/true);
}

//===----------------------------------------------------------------------===//
// ConvertFloatTest: bf16
//===----------------------------------------------------------------------===//

TEST(ConvertFloatTest, BF16ExactValues) {
  // bf16 is the top half of f32, so an f32 whose low 16 bits are zero is
  // exact.
  const F32BitsCase cases[] = {
      {0x3F800000, 0x3F80, "1.0"},
      {0xC0000000, 0xC000, "-2.0"},
      {0x40400000, 0x4040, "3.0"},
      {0x7F7F0000, 0x7F7F, "max finite (2 - 2^-7) * 2^127"},
      {0xFF7F0000, 0xFF7F, "-max finite"},
      {0x00800000, 0x0080, "min normal 2^-126"},
      {0x00010000, 0x0001, "min subnormal 2^-133"},
      {0x00000000, 0x0000, "+0"},
      {0x80000000, 0x8000, "-0"},
  };
  checkBitsCases(cases, bf16(), Rounding::NearestEven, /*saturate=*/false);
  checkBitsCases(cases, bf16(), Rounding::TowardZero, /*saturate=*/false);
}

TEST(ConvertFloatTest, BF16NearestEven) {
  // The low 16 bits of the f32 encoding are the part rounded off: 0x8000 is
  // exactly half a bf16 ulp.
  const F32BitsCase cases[] = {
      {0x40490FDB, 0x4049, "pi: low half 0x0FDB < 0x8000 -> truncate"},
      {0x3F808000, 0x3F80, "1 + 2^-8: tie of 0x3F80 (even) / 0x3F81"},
      {0x3F818000, 0x3F82, "1 + 3 * 2^-8: tie of 0x3F81 / 0x3F82 (even)"},
      {0xBF818000, 0xBF82, "negative tie up to even"},
      {0xBF808000, 0xBF80, "negative tie down to even"},
      {0x3F808001, 0x3F81, "just above the tie"},
      {0x3F807FFF, 0x3F80, "just below the tie"},
      {0x3F817FFF, 0x3F81, "just below the upward tie"},
      // Subnormals: the bf16 min subnormal 2^-133 is f32 0x00010000.
      {0x00008000, 0x0000, "2^-134, half the min subnormal: tie -> +0"},
      {0x80008000, 0x8000, "negative half min subnormal -> -0"},
      {0x00008001, 0x0001, "above half -> min subnormal"},
      {0x00018000, 0x0002, "1.5 min subnormals: tie of 1 / 2 (even) -> 2"},
      {0x00028000, 0x0002, "2.5 min subnormals: tie of 2 (even) / 3 -> 2"},
      {0x007F8000, 0x0080,
       "tie of max subnormal 0x007F and min normal 0x0080 (even)"},
      {0x00000001, 0x0000, "f32 min subnormal -> +0"},
      {0x80000001, 0x8000, "negative f32 min subnormal -> -0"},
      // Overflow: the threshold is max + half ulp = f32 0x7F7F8000, a tie
      // whose even neighbour would be 2^128.
      {0x7F7F7FFF, 0x7F7F, "just below the threshold -> max"},
      {0x7F7F8000, 0x7F80, "tie -> 2^128 -> +inf"},
      {0xFF7F8000, 0xFF80, "negative tie -> -inf"},
      {0x7F7FFFFF, 0x7F80, "f32 max -> +inf"},
      {0x7F800000, 0x7F80, "+inf"},
      {0xFF800000, 0xFF80, "-inf"},
  };
  checkBitsCases(cases, bf16(), Rounding::NearestEven, /*saturate=*/false);
  const F32BitsCase saturate[] = {
      {0x7F7F8000, 0x7F7F, "overflow saturates to max"},
      {0xFF7FFFFF, 0xFF7F, "saturates to -max"},
      {0x7F800000, 0x7F7F, "+inf saturates"},
      {0xFF800000, 0xFF7F, "-inf saturates"},
      {0x7F7F7FFF, 0x7F7F, "below the threshold"},
  };
  checkBitsCases(saturate, bf16(), Rounding::NearestEven, /*saturate=*/true);
}

TEST(ConvertFloatTest, BF16TowardZero) {
  const F32BitsCase cases[] = {
      {0x3F80FFFF, 0x3F80, "truncated"},
      {0xBF80FFFF, 0xBF80, "negative: truncated toward zero"},
      {0x7F7FFFFF, 0x7F7F, "f32 max -> bf16 max (no overflow toward zero)"},
      {0xFF7FFFFF, 0xFF7F, "-f32 max -> -bf16 max"},
      {0x0000FFFF, 0x0000, "below min subnormal -> +0"},
      {0x8000FFFF, 0x8000, "below min subnormal -> -0"},
      {0x7F800000, 0x7F80, "+inf stays +inf"},
  };
  checkBitsCases(cases, bf16(), Rounding::TowardZero, /*saturate=*/false);
}

TEST(ConvertFloatTest, BF16SpecialValues) {
  // Truncating the encoding of a signalling NaN whose payload is in the low
  // half would produce an infinity; it must stay NaN.
  EXPECT_TRUE(
      hasBits(nearest(fromF32Bits(0x7F800001), bf16()), bf16(), kNaNPos));
  EXPECT_TRUE(
      hasBits(nearest(fromF32Bits(0xFF800001), bf16()), bf16(), kNaNNeg));
  EXPECT_TRUE(
      hasBits(nearest(fromF32Bits(0x7FC00000), bf16()), bf16(), kNaNPos));
  EXPECT_TRUE(
      hasBits(nearest(fromF32Bits(0xFFC00000), bf16()), bf16(), kNaNNeg));
  EXPECT_TRUE(
      hasBits(towardZero(fromF32Bits(0xFF800001), bf16()), bf16(), kNaNNeg));
  EXPECT_TRUE(
      hasBits(nearest(fromF32Bits(0xFFC00000), bf16(), true), bf16(), kNaNNeg));
}

TEST(ConvertFloatTest, BF16FromF64) {
  const F64Case cases[] = {
      {0x1.0100000001p0, 0x3F81,
       "1 + 2^-8 + 2^-40: above the tie (through f32 it would be the tie and "
       "round down to 0x3F80)"},
      {0x1.ffp127, 0x7F80, "max + half ulp: tie -> +inf"},
      {0x1.fefffffffffffp127, 0x7F7F, "just below the threshold -> max"},
      {0x1p128, 0x7F80, "beyond f32 range -> +inf"},
      {-1e39, 0xFF80, "-> -inf"},
      {0x1.0000001p-134, 0x0001,
       "2^-134 (1 + 2^-28): above half the min subnormal"},
      {0x1p-134, 0x0000, "half the min subnormal -> +0"},
  };
  checkF64Cases(cases, bf16(), Rounding::NearestEven, /*saturate=*/false);
  checkF64Cases({{0x1p128, 0x7F7F, "toward zero -> max"},
                 {-1e300, 0xFF7F, "toward zero -> -max"}},
                bf16(), Rounding::TowardZero, /*saturate=*/false);
  checkF64Cases({{0x1p128, 0x7F7F, "saturates"}}, bf16(), Rounding::NearestEven,
                /*saturate=*/true);
}

//===----------------------------------------------------------------------===//
// ConvertFloatTest: f8E4M3FN
//===----------------------------------------------------------------------===//

TEST(ConvertFloatTest, F8E4M3FNExactValues) {
  const F32Case cases[] = {
      {1.0f, 0x38, "exponent 0 + 7 = 0b0111"},
      {-1.0f, 0xB8, "sign 1"},
      {2.0f, 0x40, "exponent 0b1000"},
      {0.5f, 0x30, "exponent 0b0110"},
      {1.125f, 0x39, "fraction 0b001"},
      {240.0f, 0x77, "1.875 * 2^7: exponent 0b1110, fraction 0b111"},
      {256.0f, 0x78, "2^8: exponent 0b1111 is a normal exponent in E4M3FN"},
      {448.0f, 0x7E, "max 1.75 * 2^8 = S.1111.110"},
      {-448.0f, 0xFE, "-max"},
      {0x1p-6f, 0x08, "min normal"},
      {0x1p-9f, 0x01, "min subnormal"},
      {0x1.cp-7f, 0x07, "max subnormal 7 * 2^-9"},
      {0.0f, 0x00, "+0"},
      {-0.0f, 0x80, "-0 keeps its sign"},
  };
  checkCases(cases, f8E4M3FN(), Rounding::NearestEven, /*saturate=*/false);
  checkCases(cases, f8E4M3FN(), Rounding::TowardZero, /*saturate=*/false);
  checkCases(cases, f8E4M3FN(), Rounding::NearestEven, /*saturate=*/true);
}

TEST(ConvertFloatTest, F8E4M3FNNearestEven) {
  const F32Case cases[] = {
      // The spacing in [1, 2) is 2^-3.
      {1.0625f, 0x38, "1 + 2^-4: tie of 0x38 (even) / 0x39 -> 0x38"},
      {1.1875f, 0x3A, "1 + 3 * 2^-4: tie of 0x39 / 0x3A (even) -> 0x3A"},
      {-1.1875f, 0xBA, "negative, up to even"},
      {-1.0625f, 0xB8, "negative, down to even"},
      {0x1.100002p0f, 0x39, "1.0625 + 2^-23 -> 0x39"},
      {0x1.2ffffep0f, 0x39, "1.1875 - 2^-23 -> 0x39"},
      // The spacing in [256, 448] is 32.
      {272.0f, 0x78, "tie of 256 (0x78, even) / 288 -> 256"},
      {304.0f, 0x7A, "tie of 288 (0x79) / 320 (0x7A, even) -> 320"},
      // Subnormals: spacing 2^-9.
      {0x1p-10f, 0x00, "half the min subnormal: tie -> +0"},
      {-0x1p-10f, 0x80, "negative half min subnormal -> -0"},
      {0x1.000002p-10f, 0x01, "just above half -> min subnormal"},
      {0x1.8p-9f, 0x02, "1.5 * 2^-9: tie of 1 / 2 (even) -> 2"},
      {0x1.4p-8f, 0x02, "2.5 * 2^-9: tie of 2 (even) / 3 -> 2"},
      {0x1.ap-7f, 0x06, "6.5 * 2^-9: tie of 6 (even) / 7 -> 6"},
      {0x1.ep-7f, 0x08,
       "7.5 * 2^-9: tie of max subnormal 0x07 / min normal 0x08 (even)"},
      {1e-5f, 0x00, "< 2^-10 -> +0"},
      {-1e-5f, 0x80, "< 2^-10 -> -0"},
  };
  checkCases(cases, f8E4M3FN(), Rounding::NearestEven, /*saturate=*/false);
}

TEST(ConvertFloatTest, F8E4M3FNOverflow) {
  // The largest finite value is 448 = 1.110b * 2^8; 1.111b * 2^8 = 480 is the
  // NaN encoding. The threshold is their midpoint 464, a tie whose even
  // neighbour is 448 (fraction 110), so 464 itself rounds down to 448.
  const F32Case noSaturate[] = {
      {464.0f, 0x7E, "tie of 448 (even) / 480 -> 448"},
      {-464.0f, 0xFE, "negative tie -> -448"},
      {0x1.cffffep8f, 0x7E, "below the tie -> 448"},
      {0x1.d00002p8f, kNaNPos, "464 + 2^-15: overflows -> NaN"},
      {465.0f, kNaNPos, "overflow -> NaN"},
      {-465.0f, kNaNNeg, "overflow -> NaN"},
      {480.0f, kNaNPos, "overflow -> NaN"},
      {1e10f, kNaNPos, "overflow -> NaN"},
      {kInf, kNaNPos, "no infinities: +inf -> NaN"},
      {-kInf, kNaNNeg, "no infinities: -inf -> NaN"},
  };
  // The sign of an overflow NaN is not specified by OCP; only check NaN.
  for (const F32Case &c : noSaturate) {
    SCOPED_TRACE(std::string("input ") + std::to_string(c.input) + ": " +
                 c.why);
    APFloat result = nearest(APFloat(c.input), f8E4M3FN());
    if (c.expected == kNaNPos || c.expected == kNaNNeg)
      EXPECT_TRUE(isNaNIn(result, f8E4M3FN()));
    else
      EXPECT_TRUE(hasBits(result, f8E4M3FN(), c.expected));
  }
  const F32Case saturate[] = {
      {464.0f, 0x7E, "tie -> 448"},
      {0x1.d00002p8f, 0x7E, "saturates to 448"},
      {465.0f, 0x7E, "saturates"},
      {-465.0f, 0xFE, "saturates to -448"},
      {1e10f, 0x7E, "saturates"},
      {-FLT_MAX, 0xFE, "saturates"},
      {kInf, 0x7E, "+inf saturates to 448"},
      {-kInf, 0xFE, "-inf saturates to -448"},
  };
  checkCases(saturate, f8E4M3FN(), Rounding::NearestEven, /*saturate=*/true);
}

TEST(ConvertFloatTest, F8E4M3FNTowardZero) {
  const F32Case cases[] = {
      {1.2f, 0x39, "1.2 in [1.125, 1.25) -> 1.125"},
      {-1.2f, 0xB9, "-1.2 -> -1.125"},
      {479.0f, 0x7E, "-> max 448, never the NaN encoding"},
      {480.0f, 0x7E, "480 = 1.111b * 2^8 is not a number here -> 448"},
      {1e10f, 0x7E, "overflow toward zero -> max"},
      {-1e10f, 0xFE, "overflow toward zero -> -max"},
      {0x1.fep-10f, 0x00, "below min subnormal -> +0"},
      {-0x1.fep-10f, 0x80, "below min subnormal -> -0"},
      {0x1.fep-7f, 0x07, "just below min normal -> max subnormal"},
  };
  checkCases(cases, f8E4M3FN(), Rounding::TowardZero, /*saturate=*/false);
  // An infinity has no image without saturation: NaN.
  EXPECT_TRUE(isNaNIn(towardZero(APFloat(kInf), f8E4M3FN()), f8E4M3FN()));
  EXPECT_TRUE(
      hasBits(towardZero(APFloat(-kInf), f8E4M3FN(), true), f8E4M3FN(), 0xFE));
}

TEST(ConvertFloatTest, F8E4M3FNSpecialValues) {
  APFloat positiveNaN = APFloat::getNaN(f32(), /*Negative=*/false);
  APFloat negativeNaN = APFloat::getNaN(f32(), /*Negative=*/true);
  for (bool saturate : {false, true}) {
    for (Rounding rounding :
         {Rounding::NearestEven, Rounding::TowardZero, Rounding::Stochastic}) {
      EXPECT_TRUE(hasBits(
          convertFloat(positiveNaN, f8E4M3FN(), rounding, saturate, 0x12345678),
          f8E4M3FN(), kNaNPos));
      EXPECT_TRUE(hasBits(
          convertFloat(negativeNaN, f8E4M3FN(), rounding, saturate, 0x12345678),
          f8E4M3FN(), kNaNNeg));
    }
  }
}

TEST(ConvertFloatTest, F8E4M3FNFromF64) {
  checkF64Cases({{0x1.1000000001p0, 0x39, "1.0625 + 2^-40: above the tie"},
                 {0x1.cffffffffffffp8, 0x7E, "464 - 2^-44 -> 448"},
                 {0x1.d000000001p8, 0x7E, "464 + 2^-32, saturated -> 448"},
                 {1e300, 0x7E, "saturates"},
                 {-1e300, 0xFE, "saturates"}},
                f8E4M3FN(), Rounding::NearestEven, /*saturate=*/true);
  checkF64Cases({{0x1.1000000001p0, 0x39, "above the tie"},
                 {0x1.cffffffffffffp8, 0x7E, "464 - 2^-44 -> 448"},
                 {0x1p-10, 0x00, "tie -> +0"},
                 {0x1.0000000001p-10, 0x01, "above half -> min subnormal"}},
                f8E4M3FN(), Rounding::NearestEven, /*saturate=*/false);
  EXPECT_TRUE(
      isNaNIn(nearest(APFloat(0x1.d000000001p8), f8E4M3FN()), f8E4M3FN()));
  EXPECT_TRUE(isNaNIn(nearest(APFloat(1e300), f8E4M3FN()), f8E4M3FN()));
  EXPECT_TRUE(
      hasBits(towardZero(APFloat(1e300), f8E4M3FN()), f8E4M3FN(), 0x7E));
}

//===----------------------------------------------------------------------===//
// ConvertFloatTest: f8E5M2
//===----------------------------------------------------------------------===//

TEST(ConvertFloatTest, F8E5M2ExactValues) {
  const F32Case cases[] = {
      {1.0f, 0x3C, "exponent 15 = 0b01111"},
      {-1.0f, 0xBC, "sign 1"},
      {1.25f, 0x3D, "fraction 0b01"},
      {1.5f, 0x3E, "fraction 0b10"},
      {1.75f, 0x3F, "fraction 0b11"},
      {2.0f, 0x40, "exponent 0b10000"},
      {57344.0f, 0x7B, "max 1.75 * 2^15: exponent 30, fraction 0b11"},
      {-57344.0f, 0xFB, "-max"},
      {0x1p-14f, 0x04, "min normal"},
      {0x1p-16f, 0x01, "min subnormal"},
      {0x1.8p-15f, 0x03, "max subnormal 3 * 2^-16"},
      {0.0f, 0x00, "+0"},
      {-0.0f, 0x80, "-0 keeps its sign"},
  };
  checkCases(cases, f8E5M2(), Rounding::NearestEven, /*saturate=*/false);
  checkCases(cases, f8E5M2(), Rounding::TowardZero, /*saturate=*/false);
  checkCases(cases, f8E5M2(), Rounding::NearestEven, /*saturate=*/true);
}

TEST(ConvertFloatTest, F8E5M2NearestEven) {
  const F32Case cases[] = {
      // The spacing in [1, 2) is 2^-2.
      {1.125f, 0x3C, "1 + 2^-3: tie of 0x3C (even) / 0x3D -> 0x3C"},
      {1.375f, 0x3E, "1 + 3 * 2^-3: tie of 0x3D / 0x3E (even) -> 0x3E"},
      {-1.375f, 0xBE, "negative, up to even"},
      {-1.125f, 0xBC, "negative, down to even"},
      {0x1.200002p0f, 0x3D, "1.125 + 2^-23 -> 0x3D"},
      {0x1.5ffffep0f, 0x3D, "1.375 - 2^-23 -> 0x3D"},
      // Subnormals: spacing 2^-16.
      {0x1p-17f, 0x00, "half the min subnormal -> +0"},
      {-0x1p-17f, 0x80, "negative half min subnormal -> -0"},
      {0x1.000002p-17f, 0x01, "just above half -> min subnormal"},
      {0x1.8p-16f, 0x02, "1.5 * 2^-16: tie of 1 / 2 (even) -> 2"},
      {0x1.4p-15f, 0x02, "2.5 * 2^-16: tie of 2 (even) / 3 -> 2"},
      {0x1.cp-15f, 0x04,
       "3.5 * 2^-16: tie of max subnormal 0x03 / min normal 0x04 (even)"},
      {1e-6f, 0x00, "< 2^-17 -> +0"},
  };
  checkCases(cases, f8E5M2(), Rounding::NearestEven, /*saturate=*/false);
}

TEST(ConvertFloatTest, F8E5M2Overflow) {
  // max 57344 = 1.11b * 2^15; the next value with an unbounded exponent would
  // be 2^16, so the threshold is 61440 = 1.111b * 2^15, a tie whose even
  // neighbour is 2^16: it overflows.
  const F32Case noSaturate[] = {
      {0x1.dffffep15f, 0x7B, "61440 - 2^-8 -> max"},
      {61440.0f, 0x7C, "tie -> 2^16 -> +inf"},
      {-61440.0f, 0xFC, "negative tie -> -inf"},
      {65535.0f, 0x7C, "overflow -> +inf"},
      {1e10f, 0x7C, "overflow -> +inf"},
      {kInf, 0x7C, "+inf"},
      {-kInf, 0xFC, "-inf"},
  };
  checkCases(noSaturate, f8E5M2(), Rounding::NearestEven, /*saturate=*/false);
  const F32Case saturate[] = {
      {0x1.dffffep15f, 0x7B, "below the threshold -> max"},
      {61440.0f, 0x7B, "saturates to max"},
      {-61440.0f, 0xFB, "saturates to -max"},
      {-1e10f, 0xFB, "saturates"},
      {kInf, 0x7B, "+inf saturates"},
      {-kInf, 0xFB, "-inf saturates"},
  };
  checkCases(saturate, f8E5M2(), Rounding::NearestEven, /*saturate=*/true);
  const F32Case towardZeroCases[] = {
      {1.3f, 0x3D, "1.3 -> 1.25"},
      {-1.3f, 0xBD, "-1.3 -> -1.25"},
      {61440.0f, 0x7B, "-> max"},
      {65535.0f, 0x7B, "-> max"},
      {1e10f, 0x7B, "overflow toward zero -> max"},
      {-1e10f, 0xFB, "overflow toward zero -> -max"},
      {kInf, 0x7C, "inf converts exactly"},
  };
  checkCases(towardZeroCases, f8E5M2(), Rounding::TowardZero,
             /*saturate=*/false);
}

TEST(ConvertFloatTest, F8E5M2SpecialValues) {
  APFloat positiveNaN = APFloat::getNaN(f32(), /*Negative=*/false);
  APFloat negativeNaN = APFloat::getNaN(f32(), /*Negative=*/true);
  APFloat signalling = fromF32Bits(0xFF800001);
  for (bool saturate : {false, true}) {
    EXPECT_TRUE(
        hasBits(nearest(positiveNaN, f8E5M2(), saturate), f8E5M2(), kNaNPos));
    EXPECT_TRUE(
        hasBits(nearest(negativeNaN, f8E5M2(), saturate), f8E5M2(), kNaNNeg));
    EXPECT_TRUE(
        hasBits(towardZero(signalling, f8E5M2(), saturate), f8E5M2(), kNaNNeg));
  }
  // The same for f16 and NaN from f64.
  EXPECT_TRUE(
      hasBits(nearest(APFloat::getNaN(f64(), true), f16()), f16(), kNaNNeg));
  EXPECT_TRUE(hasBits(nearest(APFloat::getNaN(f64(), false), f16(), true),
                      f16(), kNaNPos));
}

TEST(ConvertFloatTest, F8E5M2FromF64AndF16) {
  checkF64Cases({{0x1.2000000001p0, 0x3D, "1.125 + 2^-40: above the tie"},
                 {0x1.dffffffffffffp15, 0x7B, "just below 61440 -> max"},
                 {0x1.e000000001p15, 0x7C, "just above 61440 -> inf"},
                 {-1e300, 0xFC, "-> -inf"}},
                f8E5M2(), Rounding::NearestEven, /*saturate=*/false);
  // E5M2 is binary16 with 8 fraction bits dropped.
  struct {
    uint16_t input;
    uint8_t expected;
    const char *why;
  } const fromHalf[] = {
      {0x3C80, 0x3C, "f16 1.125: tie -> 0x3C (even)"},
      {0x3D80, 0x3E, "f16 1.375: tie -> 0x3E (even)"},
      {0x3C81, 0x3D, "f16 1.125 + 2^-10: above the tie"},
      {0x7BFF, 0x7C, "f16 65504 > 61440 -> inf"},
      {0x7C00, 0x7C, "f16 +inf"},
      {0x0001, 0x00, "f16 2^-24 < 2^-17 -> +0"},
      {0x8200, 0x82, "f16 -2^-15: an E5M2 subnormal, exact"},
  };
  for (const auto &c : fromHalf) {
    SCOPED_TRACE(c.why);
    EXPECT_TRUE(hasBits(nearest(fromBits(f16(), c.input), f8E5M2()), f8E5M2(),
                        c.expected));
  }
  EXPECT_TRUE(hasBits(nearest(fromBits(f16(), 0x7BFF), f8E5M2(), true),
                      f8E5M2(), 0x7B));
}

TEST(ConvertFloatTest, SameSemanticsIsIdentity) {
  for (uint64_t bits : {0x0000, 0x8000, 0x3C00, 0x0001, 0x7BFF, 0xFC00}) {
    EXPECT_TRUE(hasBits(nearest(fromBits(f16(), bits), f16()), f16(), bits));
    EXPECT_TRUE(
        hasBits(stochastic(fromBits(f16(), bits), f16(), 0), f16(), bits));
  }
}

//===----------------------------------------------------------------------===//
// ConvertFloatTest: sweeps against the independent model
//===----------------------------------------------------------------------===//

/// Converts every sweep input of `m`, as f32 and as f64, in every mode and
/// compares with referenceConvert.
void sweepAgainstModel(const FormatModel &m, uint64_t step) {
  SCOPED_TRACE(m.name);
  std::vector<double> inputs = sweepInputs(m, step);
  ASSERT_GT(inputs.size(), 100u);
  unsigned failures = 0;
  for (double input : inputs) {
    for (int source = 0; source < 2 && failures < 20; ++source) {
      APFloat value =
          source == 0 ? APFloat(static_cast<float>(input)) : APFloat(input);
      for (bool saturate : {false, true}) {
        for (Rounding rounding :
             {Rounding::NearestEven, Rounding::TowardZero}) {
          ModelValue expected = referenceConvert(input, m, rounding, saturate);
          ::testing::AssertionResult ok = matchesModel(
              convertFloat(value, m.semantics(), rounding, saturate), m,
              expected);
          if (!ok) {
            ++failures;
            ADD_FAILURE() << "input " << hex(bitsOf(value)) << " ("
                          << (source == 0 ? "f32" : "f64") << "), rounding "
                          << static_cast<int>(rounding) << ", saturate "
                          << saturate << ": " << ok.message();
          }
        }
        // Stochastic: fixed bit patterns and both sides of the exact
        // threshold fraction * 2^32.
        std::vector<uint32_t> bitsToTry = {0u, 0x80000000u, 0xFFFFFFFFu};
        double magnitude = std::fabs(input);
        if (magnitude != 0 && std::isfinite(magnitude)) {
          int e = 0;
          (void)std::frexp(magnitude, &e);
          int exponent = std::max(e - 1, m.minExponent);
          double scaled = std::ldexp(magnitude, m.fractionBits - exponent);
          double threshold = std::ldexp(scaled - std::floor(scaled), 32);
          double first = std::ceil(threshold); // smallest bits not below it
          if (first >= 1 && first <= 4294967296.0)
            bitsToTry.push_back(static_cast<uint32_t>(first - 1));
          if (first <= 4294967295.0)
            bitsToTry.push_back(static_cast<uint32_t>(first));
        }
        for (uint32_t bits : bitsToTry) {
          ModelValue expected =
              referenceConvert(input, m, Rounding::Stochastic, saturate, bits);
          ::testing::AssertionResult ok = matchesModel(
              stochastic(value, m.semantics(), bits, saturate), m, expected);
          if (!ok) {
            ++failures;
            ADD_FAILURE() << "input " << hex(bitsOf(value)) << " ("
                          << (source == 0 ? "f32" : "f64")
                          << "), stochastic bits " << hex(bits) << ", saturate "
                          << saturate << ": " << ok.message();
          }
        }
      }
    }
  }
}

TEST(ConvertFloatTest, SweepF8E4M3FNAgainstModel) {
  sweepAgainstModel(kE4M3FNModel, 1);
}

TEST(ConvertFloatTest, SweepF8E5M2AgainstModel) {
  sweepAgainstModel(kE5M2Model, 1);
}

TEST(ConvertFloatTest, SweepF16AgainstModel) {
  sweepAgainstModel(kF16Model, 499);
}

TEST(ConvertFloatTest, SweepBF16AgainstModel) {
  sweepAgainstModel(kBF16Model, 499);
}

TEST(ConvertFloatTest, RandomF32InputsAgainstModel) {
  // A fixed-seed 64-bit LCG (Knuth's MMIX constants) for the f32 encodings.
  uint64_t state = 0x0123456789ABCDEFULL;
  auto next32 = [&]() {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    return static_cast<uint32_t>(state >> 32);
  };
  for (const FormatModel *m : kSmallModels) {
    SCOPED_TRACE(m->name);
    unsigned failures = 0;
    for (int i = 0; i < 2500 && failures < 10; ++i) {
      uint32_t bits = next32();
      // Concentrate half the samples on exponents near the target's range.
      if (i % 2 == 0)
        bits = (bits & 0x807FFFFF) | ((100 + (bits >> 23) % 60) << 23);
      float input;
      std::memcpy(&input, &bits, sizeof(input));
      uint32_t randomBits = next32();
      for (bool saturate : {false, true}) {
        for (Rounding rounding : {Rounding::NearestEven, Rounding::TowardZero,
                                  Rounding::Stochastic}) {
          ModelValue expected =
              referenceConvert(input, *m, rounding, saturate, randomBits);
          ::testing::AssertionResult ok =
              matchesModel(convertFloat(APFloat(input), m->semantics(),
                                        rounding, saturate, randomBits),
                           *m, expected);
          if (!ok) {
            ++failures;
            ADD_FAILURE() << "f32 input " << hex(bits) << ", rounding "
                          << static_cast<int>(rounding) << ", saturate "
                          << saturate << ", bits " << hex(randomBits) << ": "
                          << ok.message();
          }
        }
      }
    }
  }
}

//===----------------------------------------------------------------------===//
// StochasticRoundingTest
//===----------------------------------------------------------------------===//

/// SplitMix64 as published (Steele, Lea and Flood, OOPSLA 2014; Vigna's
/// splitmix64.c): the state advances by the golden gamma, then is mixed.
class SplitMix64 {
public:
  explicit SplitMix64(uint64_t seed) : state(seed) {}
  uint64_t next() {
    state += 0x9E3779B97F4A7C15ULL;
    uint64_t z = state;
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
  }

private:
  uint64_t state;
};

TEST(StochasticRoundingTest, SplitMix64ReferenceIsThePublishedOne) {
  // The first outputs for seed 1477776061723855037, as listed in the tests
  // of the rand_xoshiro crate, generated there with Vigna's splitmix64.c.
  const uint64_t published[] = {
      1985237415132408290ULL, 2979275885539914483ULL,  13511426838097143398ULL,
      8488337342461049707ULL, 15141737807933549159ULL, 17093170987380407015ULL};
  SplitMix64 generator(1477776061723855037ULL);
  for (uint64_t expected : published)
    EXPECT_EQ(generator.next(), expected);
}

TEST(StochasticRoundingTest, BitsArePublishedSplitMix64HighHalves) {
  const uint64_t published[] = {
      1985237415132408290ULL, 2979275885539914483ULL,  13511426838097143398ULL,
      8488337342461049707ULL, 15141737807933549159ULL, 17093170987380407015ULL};
  for (uint64_t index = 0; index < 6; ++index)
    EXPECT_EQ(stochasticBits(1477776061723855037ULL, index),
              static_cast<uint32_t>(published[index] >> 32))
        << "index " << index;
}

TEST(StochasticRoundingTest, BitsMatchSplitMix64Stream) {
  const uint64_t seeds[] = {0,
                            1,
                            42,
                            0xDEADBEEFULL,
                            1477776061723855037ULL,
                            0x8000000000000000ULL,
                            ~uint64_t(0)};
  for (uint64_t seed : seeds) {
    SplitMix64 generator(seed);
    for (uint64_t index = 0; index < 1000; ++index) {
      uint64_t output = generator.next();
      ASSERT_EQ(stochasticBits(seed, index),
                static_cast<uint32_t>(output >> 32))
          << "seed " << seed << ", index " << index;
    }
  }
}

TEST(StochasticRoundingTest, BitsAtLargeIndices) {
  // The state before output `index` is seed + index * gamma (mod 2^64): the
  // generator only ever adds gamma. Start a generator there and take one
  // output.
  const uint64_t gamma = 0x9E3779B97F4A7C15ULL;
  const uint64_t indices[] = {1000000ULL, 1ULL << 32, (1ULL << 40) + 12345,
                              ~uint64_t(0) - 1, ~uint64_t(0)};
  for (uint64_t seed : {uint64_t(7), uint64_t(0xFEEDFACECAFEBEEFULL)}) {
    for (uint64_t index : indices) {
      SplitMix64 generator(seed + index * gamma);
      EXPECT_EQ(stochasticBits(seed, index),
                static_cast<uint32_t>(generator.next() >> 32))
          << "seed " << seed << ", index " << index;
    }
  }
}

TEST(StochasticRoundingTest, DistinctSeedsGiveDistinctStreams) {
  unsigned equal = 0;
  for (uint64_t index = 0; index < 64; ++index)
    equal += stochasticBits(1, index) == stochasticBits(2, index);
  EXPECT_LT(equal, 2u);
}

TEST(StochasticRoundingTest, ExactValuesNeverChange) {
  const uint32_t bitsToTry[] = {
      0u, 1u, 0x3FFFFFFFu, 0x7FFFFFFFu, 0x80000000u, 0xFFFFFFFEu, 0xFFFFFFFFu};
  struct {
    float input;
    const fltSemantics &(*to)();
    uint64_t expected;
  } const cases[] = {
      {1.0f, f16, 0x3C00},       {-2.0f, f16, 0xC000},
      {65504.0f, f16, 0x7BFF},   {0x1p-24f, f16, 0x0001},
      {-0.0f, f16, 0x8000},      {0.0f, f16, 0x0000},
      {1.0f, bf16, 0x3F80},      {-0x1p-133f, bf16, 0x8001},
      {448.0f, f8E4M3FN, 0x7E},  {-448.0f, f8E4M3FN, 0xFE},
      {0x1p-9f, f8E4M3FN, 0x01}, {-0.0f, f8E4M3FN, 0x80},
      {1.125f, f8E4M3FN, 0x39},  {57344.0f, f8E5M2, 0x7B},
      {-57344.0f, f8E5M2, 0xFB}, {0x1p-16f, f8E5M2, 0x01},
      {-0.0f, f8E5M2, 0x80},     {kInf, f8E5M2, 0x7C},
  };
  for (const auto &c : cases) {
    for (uint32_t bits : bitsToTry) {
      SCOPED_TRACE(std::to_string(c.input) + " with bits " + hex(bits));
      EXPECT_TRUE(hasBits(stochastic(APFloat(c.input), c.to(), bits), c.to(),
                          c.expected));
    }
  }
}

TEST(StochasticRoundingTest, ThresholdF16) {
  struct Case {
    float input;
    uint32_t lastAway; ///< Largest bits that round away; lastAway + 1 does not.
    uint64_t away, toward;
    const char *why;
  };
  const Case cases[] = {
      {0x1.001p0f, 0x3FFFFFFF, 0x3C01, 0x3C00,
       "1 + 2^-12: f = 2^-12 / 2^-10 = 0.25, threshold 0x40000000"},
      {-0x1.001p0f, 0x3FFFFFFF, 0xBC01, 0xBC00, "negative mirrors"},
      {0x1.002p0f, 0x7FFFFFFF, 0x3C01, 0x3C00, "f = 0.5, threshold 2^31"},
      {0x1.003p0f, 0xBFFFFFFF, 0x3C01, 0x3C00,
       "f = 0.75, threshold 0xC0000000"},
      {0x1.000002p0f, 0x0007FFFF, 0x3C01, 0x3C00,
       "1 + 2^-23: f = 2^-13, threshold 2^19 = 0x80000"},
      {0x1.fffffep0f, 0xFFF7FFFF, 0x4000, 0x3FFF,
       "2 - 2^-23: truncation 2 - 2^-10, f = 1 - 2^-13, threshold "
       "2^32 - 2^19; rounding away crosses into the next binade"},
      {0x1.002p1f, 0x7FFFFFFF, 0x4001, 0x4000,
       "2 + 2^-10: the spacing above 2 is 2^-9 (not the 2^-10 below), f = "
       "0.5"},
      {0x1.4p-24f, 0x3FFFFFFF, 0x0002, 0x0001,
       "1.25 * 2^-24: subnormal, f = 0.25"},
      {0x1p-26f, 0x3FFFFFFF, 0x0001, 0x0000,
       "2^-26 = 0.25 min subnormal: away is the min subnormal"},
      {-0x1p-26f, 0x3FFFFFFF, 0x8001, 0x8000,
       "negative: toward zero is -0, away is -min subnormal"},
      {0x1.ffcp-15f, 0x7FFFFFFF, 0x0400, 0x03FF,
       "1023.5 * 2^-24: max subnormal to min normal, f = 0.5"},
  };
  for (const Case &c : cases) {
    SCOPED_TRACE(c.why);
    EXPECT_TRUE(hasBits(stochastic(APFloat(c.input), f16(), 0), f16(), c.away));
    EXPECT_TRUE(hasBits(stochastic(APFloat(c.input), f16(), c.lastAway), f16(),
                        c.away));
    EXPECT_TRUE(hasBits(stochastic(APFloat(c.input), f16(), c.lastAway + 1),
                        f16(), c.toward));
    EXPECT_TRUE(hasBits(stochastic(APFloat(c.input), f16(), 0xFFFFFFFF), f16(),
                        c.toward));
    // Saturation does not matter away from the overflow range.
    EXPECT_TRUE(hasBits(stochastic(APFloat(c.input), f16(), c.lastAway, true),
                        f16(), c.away));
  }
}

TEST(StochasticRoundingTest, ThresholdOtherFormats) {
  struct Case {
    float input;
    const fltSemantics &(*to)();
    uint32_t lastAway;
    uint64_t away, toward;
    const char *why;
  };
  const Case cases[] = {
      {0x1.008p0f, bf16, 0x3FFFFFFF, 0x3F81, 0x3F80,
       "1 + 2^-9: bf16 spacing 2^-7, f = 0.25"},
      {-0x1.008p0f, bf16, 0x3FFFFFFF, 0xBF81, 0xBF80, "negative"},
      {0x1.038p0f, bf16, 0xBFFFFFFF, 0x3F82, 0x3F81,
       "1 + 2^-7 + 2^-8 + 2^-9: f = 0.75"},
      {0x1.08p0f, f8E4M3FN, 0x3FFFFFFF, 0x39, 0x38,
       "1 + 2^-5: spacing 2^-3, f = 0.25"},
      {-0x1.08p0f, f8E4M3FN, 0x3FFFFFFF, 0xB9, 0xB8, "negative"},
      {0x1.4p-9f, f8E4M3FN, 0x3FFFFFFF, 0x02, 0x01,
       "1.25 * 2^-9: subnormal, f = 0.25"},
      {0x1.fp-7f, f8E4M3FN, 0xBFFFFFFF, 0x08, 0x07,
       "7.75 * 2^-9: max subnormal to min normal, f = 0.75"},
      {432.0f, f8E4M3FN, 0x7FFFFFFF, 0x7E, 0x7D,
       "416 + 16: f = 0.5, away is the max 448"},
      {0x1.1p0f, f8E5M2, 0x3FFFFFFF, 0x3D, 0x3C,
       "1 + 2^-4: spacing 2^-2, f = 0.25"},
      {-0x1.1p0f, f8E5M2, 0x3FFFFFFF, 0xBD, 0xBC, "negative"},
      {0x1p-18f, f8E5M2, 0x3FFFFFFF, 0x01, 0x00,
       "0.25 min subnormal: away is 2^-16"},
      {-0x1.cp-18f, f8E5M2, 0x6FFFFFFF, 0x81, 0x80,
       "-1.75 * 2^-18 = -0.4375 min subnormals: threshold 0x70000000"},
  };
  for (const Case &c : cases) {
    SCOPED_TRACE(c.why);
    EXPECT_TRUE(hasBits(stochastic(APFloat(c.input), c.to(), c.lastAway),
                        c.to(), c.away));
    EXPECT_TRUE(hasBits(stochastic(APFloat(c.input), c.to(), c.lastAway + 1),
                        c.to(), c.toward));
  }
}

TEST(StochasticRoundingTest, ThresholdIsExactForF64Inputs) {
  // 1 + 2^-12 + 2^-40 to f16: f = 0.25 + 2^-30, threshold 2^30 + 4.
  APFloat a(0x1.0010000001p0);
  EXPECT_TRUE(hasBits(stochastic(a, f16(), 0x40000003), f16(), 0x3C01));
  EXPECT_TRUE(hasBits(stochastic(a, f16(), 0x40000004), f16(), 0x3C00));
  // 1 + 2^-12 + 2^-50: f = 0.25 + 2^-40, threshold 2^30 + 2^-8: bits 2^30 is
  // below it (rounds away), 2^30 + 1 is not.
  APFloat b(0x1.0010000000004p0);
  EXPECT_TRUE(hasBits(stochastic(b, f16(), 0x40000000), f16(), 0x3C01));
  EXPECT_TRUE(hasBits(stochastic(b, f16(), 0x40000001), f16(), 0x3C00));
  // 1 + 2^-12 - 2^-50: threshold 2^30 - 2^-8: bits 2^30 - 1 rounds away,
  // 2^30 does not.
  APFloat c(0x1.000fffffffffcp0);
  EXPECT_TRUE(hasBits(stochastic(c, f16(), 0x3FFFFFFF), f16(), 0x3C01));
  EXPECT_TRUE(hasBits(stochastic(c, f16(), 0x40000000), f16(), 0x3C00));
  // A tiny fraction: 1 + 2^-52 to f16, f = 2^-42, threshold 2^-10 < 1: only
  // bits 0 rounds away.
  APFloat d(0x1.0000000000001p0);
  EXPECT_TRUE(hasBits(stochastic(d, f16(), 0), f16(), 0x3C01));
  EXPECT_TRUE(hasBits(stochastic(d, f16(), 1), f16(), 0x3C00));
}

TEST(StochasticRoundingTest, Overflow) {
  struct Case {
    float input;
    const fltSemantics &(*to)();
    uint32_t lastAway;
    uint64_t max;      ///< The largest finite value, of the input's sign.
    uint64_t overflow; ///< The unsaturated overflow result.
    const char *why;
  };
  // Past the largest value M the next value would be M + spacing, where the
  // spacing is that just below M (M is not the first value of its binade).
  const Case cases[] = {
      {65512.0f, f16, 0x3FFFFFFF, 0x7BFF, 0x7C00,
       "65504 + 8: spacing 32, f = 0.25"},
      {-65512.0f, f16, 0x3FFFFFFF, 0xFBFF, 0xFC00, "negative"},
      {65520.0f, f16, 0x7FFFFFFF, 0x7BFF, 0x7C00, "65504 + 16: f = 0.5"},
      {0x1.ffp127f, bf16, 0x7FFFFFFF, 0x7F7F, 0x7F80,
       "bf16 max + half spacing 2^120: f = 0.5"},
      {FLT_MAX, bf16, 0xFFFEFFFF, 0x7F7F, 0x7F80,
       "f32 max = bf16 max + 0xFFFF * 2^104: f = 1 - 2^-16, threshold "
       "0xFFFF0000"},
      {460.0f, f8E4M3FN, 0x5FFFFFFF, 0x7E, kNaNPos,
       "448 + 12: spacing 32, f = 0.375, threshold 0x60000000"},
      {-460.0f, f8E4M3FN, 0x5FFFFFFF, 0xFE, kNaNNeg, "negative"},
      {59392.0f, f8E5M2, 0x3FFFFFFF, 0x7B, 0x7C,
       "57344 + 2048: spacing 8192, f = 0.25"},
      {-59392.0f, f8E5M2, 0x3FFFFFFF, 0xFB, 0xFC, "negative"},
  };
  for (const Case &c : cases) {
    SCOPED_TRACE(c.why);
    APFloat input(c.input);
    // Rounding away overflows: inf (NaN for E4M3FN), or max when saturating.
    APFloat awayResult = stochastic(input, c.to(), c.lastAway);
    if (c.overflow == kNaNPos || c.overflow == kNaNNeg)
      EXPECT_TRUE(isNaNIn(awayResult, c.to()));
    else
      EXPECT_TRUE(hasBits(awayResult, c.to(), c.overflow));
    EXPECT_TRUE(
        hasBits(stochastic(input, c.to(), c.lastAway, true), c.to(), c.max));
    EXPECT_TRUE(hasBits(stochastic(input, c.to(), 0, true), c.to(), c.max));
    // Rounding toward zero gives the largest finite value either way.
    EXPECT_TRUE(
        hasBits(stochastic(input, c.to(), c.lastAway + 1), c.to(), c.max));
    EXPECT_TRUE(hasBits(stochastic(input, c.to(), c.lastAway + 1, true), c.to(),
                        c.max));
  }
  // At or beyond M + spacing the fraction is >= 1: always overflows.
  for (uint32_t bits : {0u, 0x80000000u, 0xFFFFFFFFu}) {
    EXPECT_TRUE(
        hasBits(stochastic(APFloat(65536.0f), f16(), bits), f16(), 0x7C00));
    EXPECT_TRUE(
        hasBits(stochastic(APFloat(-1e10f), f16(), bits), f16(), 0xFC00));
    EXPECT_TRUE(
        hasBits(stochastic(APFloat(1e10f), f16(), bits, true), f16(), 0x7BFF));
    EXPECT_TRUE(
        isNaNIn(stochastic(APFloat(1e4f), f8E4M3FN(), bits), f8E4M3FN()));
    EXPECT_TRUE(
        isNaNIn(stochastic(APFloat(480.0f), f8E4M3FN(), bits), f8E4M3FN()));
    EXPECT_TRUE(hasBits(stochastic(APFloat(-1e4f), f8E4M3FN(), bits, true),
                        f8E4M3FN(), 0xFE));
    EXPECT_TRUE(
        hasBits(stochastic(APFloat(1e30), f8E5M2(), bits), f8E5M2(), 0x7C));
    // Infinities are not rounded.
    EXPECT_TRUE(
        hasBits(stochastic(APFloat(-kInf), f16(), bits), f16(), 0xFC00));
    EXPECT_TRUE(
        hasBits(stochastic(APFloat(kInf), f16(), bits, true), f16(), 0x7BFF));
    EXPECT_TRUE(
        isNaNIn(stochastic(APFloat(kInf), f8E4M3FN(), bits), f8E4M3FN()));
    EXPECT_TRUE(hasBits(stochastic(APFloat(-kInf), f8E4M3FN(), bits, true),
                        f8E4M3FN(), 0xFE));
    // NaN stays NaN with its sign.
    EXPECT_TRUE(
        hasBits(stochastic(APFloat::getNaN(f32(), true), f16(), bits, true),
                f16(), kNaNNeg));
  }
}

/// Rounds `input` stochastically to `to` with the bits of `count`
/// consecutive indices of `seed`, checks that every result is `low` or
/// `high` (the truncation and the next value away from zero) and that the
/// results are unbiased.
void checkUnbiased(float input, const fltSemantics &to, uint64_t low,
                   uint64_t high, uint64_t seed, unsigned count) {
  SCOPED_TRACE(std::to_string(input));
  double lowValue = toDouble(fromBits(to, low));
  double highValue = toDouble(fromBits(to, high));
  double spacing = std::fabs(highValue - lowValue);
  double fraction = std::fabs(static_cast<double>(input) - lowValue) / spacing;
  ASSERT_GT(fraction, 0.0);
  ASSERT_LT(fraction, 1.0);
  double threshold = std::ldexp(fraction, 32);
  unsigned away = 0, expectedAway = 0;
  double sum = 0;
  for (unsigned index = 0; index < count; ++index) {
    uint32_t bits = stochasticBits(seed, index);
    APFloat result = stochastic(APFloat(input), to, bits);
    uint64_t resultBits = bitsOf(result);
    ASSERT_TRUE(resultBits == low || resultBits == high)
        << "index " << index << ": " << hex(resultBits);
    away += resultBits == high;
    expectedAway += static_cast<double>(bits) < threshold;
    sum += toDouble(result);
  }
  // Deterministic: exactly the indices whose bits are below the threshold.
  EXPECT_EQ(away, expectedAway);
  // Unbiased: the number of roundings away is Binomial(count, fraction), so
  // the mean is input + spacing * (away / count - fraction) with standard
  // deviation spacing * sqrt(fraction (1 - fraction) / count); allow 5 of
  // them (the seeds are fixed, so this is deterministic).
  double mean = sum / count;
  double sigma = spacing * std::sqrt(fraction * (1 - fraction) / count);
  EXPECT_NEAR(mean, static_cast<double>(input), 5 * sigma)
      << "fraction " << fraction << ", away " << away << " of " << count;
  // Round-to-nearest would be biased by spacing * min(f, 1 - f); for
  // fractions far from 0 and 1 that is far outside the tolerance.
  if (std::min(fraction, 1 - fraction) > 0.1) {
    EXPECT_LT(5 * sigma, spacing * std::min(fraction, 1 - fraction));
  }
}

TEST(StochasticRoundingTest, Unbiased) {
  // 1.1f = 0x3F8CCCCD = 1.10000002384...; f16 neighbours 0x3C66 = 1.099609375
  // and 0x3C67 = 1.1005859375, f = 0.40002...
  checkUnbiased(1.1f, f16(), 0x3C66, 0x3C67, 2024, 8000);
  checkUnbiased(-1.1f, f16(), 0xBC66, 0xBC67, 7, 8000);
  // pi = 0x40490FDB: bf16 neighbours 0x4049 = 3.140625, 0x404A = 3.15625.
  checkUnbiased(3.14159274f, bf16(), 0x4049, 0x404A, 99, 8000);
  // 0.3f in [0.28125, 0.3125) (spacing 2^-5): E4M3FN 0x29 and 0x2A.
  checkUnbiased(0.3f, f8E4M3FN(), 0x29, 0x2A, 12345, 8000);
  // 1e-5f is below the E5M2 min subnormal 2^-16 = 1.526e-5: 0x00 and 0x01.
  checkUnbiased(1e-5f, f8E5M2(), 0x00, 0x01, 1, 8000);
  // A fraction close to 1: 2 - 2^-23 to f16, f = 1 - 2^-13.
  checkUnbiased(0x1.fffffep0f, f16(), 0x3FFF, 0x4000, 3, 8000);
}

//===----------------------------------------------------------------------===//
// ExactRepresentabilityTest
//===----------------------------------------------------------------------===//

TEST(ExactRepresentabilityTest, Pairs) {
  struct Case {
    const fltSemantics &(*from)();
    const fltSemantics &(*to)();
    bool expected;
    const char *why;
  };
  const Case cases[] = {
      {f16, f32, true,
       "11 <= 24 significant bits, exponents -24..15 within -149..127, "
       "inf/NaN exist in both"},
      {bf16, f32, true, "bf16 is the top half of f32"},
      {f8E4M3FN, f16, true,
       "4 <= 11 bits, 2^-9..448 within 2^-24..65504, NaN -> NaN, no inf"},
      {f8E5M2, f16, true, "E5M2 is f16 with 8 fraction bits dropped"},
      {f8E5M2, bf16, true, "3 <= 8 bits, 2^-16..57344 within bf16's range"},
      {f8E4M3FN, bf16, true, "4 <= 8 bits, 2^-9..448 within bf16's range"},
      {f8E4M3FN, f32, true, "a fortiori"},
      {f32, f64, true, "24 <= 53 bits, wider exponent range"},
      {f16, f16, true, "same semantics"},
      {bf16, bf16, true, "same semantics"},
      {f8E4M3FN, f8E4M3FN, true, "same semantics"},
      {f8E5M2, f8E5M2, true, "same semantics"},
      {f32, f32, true, "same semantics"},
      {f16, bf16, false, "1 + 2^-10 needs 11 bits, bf16 has 8"},
      {bf16, f16, false, "2^127 exceeds 65504; also 2^-133 underflows"},
      {f32, f16, false, "1 + 2^-23 and 1e38 are not f16 values"},
      {f64, f32, false, "1 + 2^-52 is not an f32 value"},
      {f16, f8E5M2, false, "1 + 2^-10 needs 11 bits, E5M2 has 3"},
      {f8E5M2, f8E4M3FN, false,
       "57344 > 448 and E4M3FN has no inf; 2^-16 < 2^-9"},
      {f8E4M3FN, f8E5M2, false, "1.125 = 1.001b needs 4 bits, E5M2 has 3"},
      {f16, f8E4M3FN, false, "65504 > 448, and 11 > 4 bits"},
      {bf16, f8E5M2, false, "8 > 3 bits"},
      // FNUZ formats: no -0, no inf, a single NaN.
      {APFloat::Float8E5M2FNUZ, f16, true,
       "E5M2FNUZ: bias 16, 2^-17..57344, NaN -> NaN; f16 reaches 2^-24"},
      {f8E5M2, APFloat::Float8E5M2FNUZ, false,
       "E5M2FNUZ has no -0 and no infinities"},
      {APFloat::Float8E5M2FNUZ, f8E5M2, false, "2^-17 < 2^-16"},
      // OCP's IEEE-like E4M3 (bias 7, max 1.875 * 2^7 = 240, with +-inf): all
      // of its finite values are E4M3FN values, but its infinities are not.
      {APFloat::Float8E4M3, f8E4M3FN, false,
       "E4M3 -> E4M3FN: same precision, 240 <= 448, same subnormals, but "
       "E4M3FN has no infinities"},
      {APFloat::Float8E4M3, f16, true, "4 <= 11 bits, 2^-9..240, inf -> inf"},
  };
  for (const Case &c : cases) {
    SCOPED_TRACE(c.why);
    EXPECT_EQ(isExactlyRepresentable(c.from(), c.to()), c.expected)
        << name(c.from()) << " -> " << name(c.to());
  }
}

TEST(ExactRepresentabilityTest, AgreesWithExhaustiveModelCheck) {
  // For every 8- and 16-bit source, decode every encoding from the format
  // definition and check with the model that the target holds it exactly.
  const FormatModel *targets[] = {&kF16Model, &kBF16Model, &kE4M3FNModel,
                                  &kE5M2Model, &kF32Model};
  for (const FormatModel *from : kSmallModels) {
    for (const FormatModel *to : targets) {
      bool allExact = true;
      uint64_t firstInexact = 0;
      uint64_t count = uint64_t(1) << (from->signShift + 1);
      for (uint64_t bits = 0; bits < count && allExact; ++bits) {
        Decoded d = decode(*from, bits);
        bool negative = (bits >> from->signShift) & 1;
        bool exact;
        if (d.isNaN) {
          exact = true; // Every target has a NaN.
        } else if (d.isInf) {
          exact = to->hasInfinity;
        } else {
          ModelValue v = referenceConvert(d.value, *to, Rounding::NearestEven,
                                          /*saturate=*/false);
          exact = !v.isNaN && v.negative == negative &&
                  !decode(*to, v.bits).isInf &&
                  decode(*to, v.bits).value == d.value;
        }
        if (!exact) {
          allExact = false;
          firstInexact = bits;
        }
      }
      EXPECT_EQ(isExactlyRepresentable(from->semantics(), to->semantics()),
                allExact)
          << from->name << " -> " << to->name
          << (allExact ? "" : ", first inexact encoding " + hex(firstInexact));
    }
  }
}

//===----------------------------------------------------------------------===//
// QuantizeTest
//===----------------------------------------------------------------------===//

const QuantParams kInt8Unit = {1.0, 0, -128, 127};

TEST(QuantizeTest, RoundHalfToEven) {
  struct {
    float input;
    int64_t expected;
  } const cases[] = {
      {2.5f, 2},          {3.5f, 4},       {-2.5f, -2}, {-3.5f, -4},
      {0.5f, 0},          {-0.5f, 0},      {1.5f, 2},   {-1.5f, -2},
      {126.5f, 126},      {-127.5f, -128}, {0.0f, 0},   {-0.0f, 0},
      {0x1.3ffffep1f, 2}, // 2.5 - 2^-22
      {0x1.400002p1f, 3}, // 2.5 + 2^-22
      {0x1p-149f, 0},     {2.4999f, 2},    {2.6f, 3},   {-2.6f, -3},
  };
  for (const auto &c : cases)
    EXPECT_EQ(quantize(APFloat(c.input), kInt8Unit), c.expected)
        << "input " << c.input;
}

TEST(QuantizeTest, ZeroPointIsAddedAfterRounding) {
  // Rounding round(x) + 3 differs from round(x + 3) at ties.
  const QuantParams params = {1.0, 3, -128, 127};
  struct {
    float input;
    int64_t expected;
    const char *why;
  } const cases[] = {
      {2.5f, 5, "round(2.5) = 2, + 3; round(5.5) would be 6"},
      {-0.5f, 3, "round(-0.5) = -0, + 3; round(2.5) would be 2"},
      {0.5f, 3, "round(0.5) = 0, + 3"},
      {1.5f, 5, "round(1.5) = 2, + 3"},
      {122.5f, 125, "122 + 3"},
      {123.5f, 127, "124 + 3"},
      {124.5f, 127, "124 + 3 = 127, in range"},
      {125.0f, 127, "128 clamps to 127"},
      {-130.0f, -127, "-130 + 3"},
      {-130.5f, -127, "round(-130.5) = -130, + 3"},
      {-131.0f, -128, "-131 + 3 = -128"},
      {-131.5f, -128, "-132 + 3 = -129 clamps to -128"},
  };
  for (const auto &c : cases)
    EXPECT_EQ(quantize(APFloat(c.input), params), c.expected) << c.why;
  EXPECT_EQ(quantize(APFloat::getNaN(f32()), params), 3) << "NaN -> zp";
}

TEST(QuantizeTest, Int8Saturation) {
  struct {
    float input;
    int64_t expected;
  } const cases[] = {
      {127.0f, 127},   {127.5f, 127}, // 128 clamps
      {128.0f, 127},   {200.0f, 127},   {-128.0f, -128},  {-128.5f, -128},
      {-129.0f, -128}, {-129.5f, -128}, {-200.0f, -128},  {1e30f, 127},
      {-1e30f, -128},  {FLT_MAX, 127},  {-FLT_MAX, -128}, {kInf, 127},
      {-kInf, -128},
  };
  for (const auto &c : cases)
    EXPECT_EQ(quantize(APFloat(c.input), kInt8Unit), c.expected)
        << "input " << c.input;
  EXPECT_EQ(quantize(APFloat::getNaN(f32(), false), kInt8Unit), 0);
  EXPECT_EQ(quantize(APFloat::getNaN(f32(), true), kInt8Unit), 0);
  // f64 values far outside int64_t.
  EXPECT_EQ(quantize(APFloat(1e300), kInt8Unit), 127);
  EXPECT_EQ(quantize(APFloat(-1e300), kInt8Unit), -128);
  // A tiny scale makes the quotient overflow to infinity in f32.
  EXPECT_EQ(quantize(APFloat(1e30f), {1e-30, 0, -128, 127}), 127);
  EXPECT_EQ(quantize(APFloat(-1e30f), {1e-30, 0, -128, 127}), -128);
}

TEST(QuantizeTest, Uint8) {
  const QuantParams params = {0.5, 128, 0, 255};
  struct {
    float input;
    int64_t expected;
    const char *why;
  } const cases[] = {
      {0.0f, 128, "zero -> zp"},
      {1.25f, 130, "2.5 -> 2, + 128"},
      {1.75f, 132, "3.5 -> 4, + 128"},
      {-0.25f, 128, "-0.5 -> -0, + 128"},
      {-0.75f, 126, "-1.5 -> -2, + 128"},
      {-64.0f, 0, "-128 + 128"},
      {-64.25f, 0, "-128.5 -> -128, + 128"},
      {-64.75f, 0, "-129.5 -> -130 -> -2 clamps to 0"},
      {63.25f, 254, "126.5 -> 126, + 128"},
      {63.5f, 255, "127 + 128"},
      {63.75f, 255, "127.5 -> 128 -> 256 clamps"},
      {1e30f, 255, "saturates"},
      {-1e30f, 0, "saturates"},
      {kInf, 255, "+inf saturates"},
      {-kInf, 0, "-inf saturates"},
  };
  for (const auto &c : cases)
    EXPECT_EQ(quantize(APFloat(c.input), params), c.expected) << c.why;
  EXPECT_EQ(quantize(APFloat::getNaN(f32()), params), 128);

  const QuantParams plain = {1.0, 0, 0, 255};
  EXPECT_EQ(quantize(APFloat(-1.0f), plain), 0);
  EXPECT_EQ(quantize(APFloat(-0.5f), plain), 0);
  EXPECT_EQ(quantize(APFloat(254.5f), plain), 254);
  EXPECT_EQ(quantize(APFloat(255.5f), plain), 255);
  EXPECT_EQ(quantize(APFloat(300.0f), plain), 255);
}

TEST(QuantizeTest, Int4AndUint4) {
  const QuantParams int4 = {0.25, 0, -8, 7};
  struct {
    float input;
    int64_t expected;
    const char *why;
  } const int4Cases[] = {
      {0.625f, 2, "2.5 -> 2"},
      {0.875f, 4, "3.5 -> 4"},
      {-0.625f, -2, "-2.5 -> -2"},
      {1.625f, 6, "6.5 -> 6"},
      {1.75f, 7, "7"},
      {1.875f, 7, "7.5 -> 8 clamps to 7"},
      {-1.625f, -6, "-6.5 -> -6"},
      {-1.875f, -8, "-7.5 -> -8"},
      {-2.0f, -8, "-8"},
      {-2.125f, -8, "-8.5 -> -8 (even)"},
      {-2.25f, -8, "-9 clamps"},
      {1e30f, 7, "saturates"},
      {-kInf, -8, "saturates"},
  };
  for (const auto &c : int4Cases)
    EXPECT_EQ(quantize(APFloat(c.input), int4), c.expected) << c.why;
  EXPECT_EQ(quantize(APFloat::getNaN(f32()), int4), 0);

  const QuantParams uint4 = {2.0, 8, 0, 15};
  struct {
    float input;
    int64_t expected;
    const char *why;
  } const uint4Cases[] = {
      {0.0f, 8, "zp"},
      {3.0f, 10, "1.5 -> 2, + 8"},
      {5.0f, 10, "2.5 -> 2, + 8"},
      {7.0f, 12, "3.5 -> 4, + 8"},
      {-1.0f, 8, "-0.5 -> -0, + 8"},
      {-3.0f, 6, "-1.5 -> -2, + 8"},
      {13.0f, 14, "6.5 -> 6, + 8"},
      {14.0f, 15, "7 + 8"},
      {15.0f, 15, "7.5 -> 8, + 8 = 16 clamps"},
      {-16.0f, 0, "-8 + 8"},
      {-17.0f, 0, "-8.5 -> -8, + 8"},
      {-18.0f, 0, "-9 + 8 = -1 clamps"},
      {kInf, 15, "saturates"},
      {-kInf, 0, "saturates"},
  };
  for (const auto &c : uint4Cases)
    EXPECT_EQ(quantize(APFloat(c.input), uint4), c.expected) << c.why;
  EXPECT_EQ(quantize(APFloat::getNaN(f32(), true), uint4), 8);
}

TEST(QuantizeTest, ScaleIsRoundedToTheExpressedFormat) {
  // f32(0.1) = 13421773 * 2^-27 = 0.100000001490116..., slightly above 0.1.
  const QuantParams params = {0.1, 0, -128, 127};
  // f32(0.05) = 13421773 * 2^-28 is exactly half of f32(0.1): the quotient
  // is the tie 0.5 -> 0. Dividing by the double 0.1 (below f32(0.1)) would
  // give 0.50000000745 -> 1.
  EXPECT_EQ(quantize(APFloat(0.05f), params), 0);
  EXPECT_EQ(quantize(APFloat(-0.05f), params), 0);
  // f32(0.35) = 11744051 * 2^-25; the exact quotient 46976204 / 13421773 =
  // 3.49999988824... is within half an f32 ulp (2^-23 = 1.19e-7) of 3.5, so
  // the f32 division gives 3.5, a tie -> 4. With the double 0.1 the quotient
  // is 3.49999994 -> 3.
  EXPECT_EQ(quantize(APFloat(0.35f), params), 4);
  EXPECT_EQ(quantize(APFloat(-0.35f), params), -4);
  // 0.75 / f32(0.1) = 100663296 / 13421773 = 7.49999988824..., within half
  // an ulp (2^-22) of 7.5, so the f32 division gives the tie 7.5 -> 8.
  // (Without rounding the quotient, 7.4999998... would give 7.)
  EXPECT_EQ(quantize(APFloat(0.75f), params), 8);
  // 1.75 / f32(0.1) = 17.4999997392... -> f32 17.5 (ulp 2^-19) -> 18.
  EXPECT_EQ(quantize(APFloat(1.75f), params), 18);
  // With a zero point.
  EXPECT_EQ(quantize(APFloat(0.35f), {0.1, 10, -128, 127}), 14);
}

TEST(QuantizeTest, F16ExpressedType) {
  // f16(0.1) = 1638 * 2^-14 = 0.0999755859375 (0x2E66). 0.25 / it =
  // 4096 / 1638 = 2.50061..., within half an f16 ulp (the ulp in [2, 4) is
  // 2^-9) of 2.5, so the f16 division gives the tie 2.5 -> 2. (Computed in
  // f32 or exactly, the quotient by f16(0.1) would give 3.)
  const QuantParams params = {0.1, 0, -128, 127};
  EXPECT_EQ(quantize(fromBits(f16(), 0x3400), params), 2);  // 0.25
  EXPECT_EQ(quantize(fromBits(f16(), 0xB400), params), -2); // -0.25
  const QuantParams unit = {1.0, 0, -128, 127};
  EXPECT_EQ(quantize(fromBits(f16(), 0x4100), unit), 2);    // 2.5
  EXPECT_EQ(quantize(fromBits(f16(), 0x4300), unit), 4);    // 3.5
  EXPECT_EQ(quantize(fromBits(f16(), 0x7BFF), unit), 127);  // 65504
  EXPECT_EQ(quantize(fromBits(f16(), 0xFC00), unit), -128); // -inf
  EXPECT_EQ(quantize(fromBits(f16(), 0x7E00), unit), 0);    // NaN
  // A subnormal scale is kept exactly: 2^-20 = 16 * 2^-24 = f16 0x0010, and
  // 0x0040 = 2^-18, so the quotient is 4.
  EXPECT_EQ(quantize(fromBits(f16(), 0x0040), {0x1p-20, 0, -128, 127}), 4);
}

TEST(QuantizeTest, WideStorage) {
  const QuantParams int32 = {1.0, 0, INT32_MIN, INT32_MAX};
  EXPECT_EQ(quantize(APFloat(1e30f), int32), INT32_MAX);
  EXPECT_EQ(quantize(APFloat(-1e30f), int32), INT32_MIN);
  // 2^31 > INT32_MAX; -2^31 = INT32_MIN.
  EXPECT_EQ(quantize(APFloat(0x1p31f), int32), INT32_MAX);
  EXPECT_EQ(quantize(APFloat(-0x1p31f), int32), INT32_MIN);
  // The largest f32 below 2^31 is 2^31 - 128.
  EXPECT_EQ(quantize(APFloat(0x1.fffffep30f), int32), 2147483520);
  EXPECT_EQ(quantize(APFloat(2147483647.5), int32), INT32_MAX);
  EXPECT_EQ(quantize(APFloat(2147483646.5), int32), 2147483646);
  EXPECT_EQ(quantize(APFloat(-2147483648.5), int32), INT32_MIN);
}

TEST(QuantizeTest, Int64Storage) {
  // The header allows any int64_t storage range. The largest f64 below 2^63
  // is 2^63 - 1024.
  const QuantParams int64 = {1.0, 0, INT64_MIN, INT64_MAX};
  EXPECT_EQ(quantize(APFloat(0x1.fffffffffffffp62), int64), INT64_MAX - 1023);
  EXPECT_EQ(quantize(APFloat(0x1p63), int64), INT64_MAX);
  EXPECT_EQ(quantize(APFloat(-0x1p63), int64), INT64_MIN);
  EXPECT_EQ(quantize(APFloat(1e30), int64), INT64_MAX);
  EXPECT_EQ(quantize(APFloat(-1e30), int64), INT64_MIN);
}

TEST(QuantizeTest, Int64StorageWithZeroPoint) {
  // q = clamp(round(x / s) + zp, min, max) with the full int64_t range: the
  // clamp bounds storageMax - zp and storageMin - zp do not fit in int64_t,
  // and neither does round(x / s) + zp before clamping.
  // 1.0 / 1 = 1, + (-5) = -4; 1 + 5 = 6; 2^63 + 5 clamps to INT64_MAX.
  const QuantParams negativeZeroPoint = {1.0, -5, INT64_MIN, INT64_MAX};
  EXPECT_EQ(quantize(APFloat(1.0), negativeZeroPoint), -4);
  const QuantParams positiveZeroPoint = {1.0, 5, INT64_MIN, INT64_MAX};
  EXPECT_EQ(quantize(APFloat(1.0), positiveZeroPoint), 6);
  EXPECT_EQ(quantize(APFloat(0x1p63), positiveZeroPoint), INT64_MAX);
}

//===----------------------------------------------------------------------===//
// DequantizeTest
//===----------------------------------------------------------------------===//

TEST(DequantizeTest, F32) {
  // f32(0.05) = 13421773 * 2^-28 = 0x3D4CCCCD.
  const QuantParams params = {0.05, 3, -128, 127};
  struct {
    int64_t stored;
    uint64_t expected;
    const char *why;
  } const cases[] = {
      {3, 0x00000000, "(3 - 3) * s = +0"},
      {4, 0x3D4CCCCD, "1 * s = f32(0.05)"},
      {2, 0xBD4CCCCD, "-1 * s"},
      {5, 0x3DCCCCCD, "2 * s: exponent + 1"},
      {13, 0x3F000000,
       "10 * s = 134217730 * 2^-28 = 0.5 + 2^-27: within half an ulp "
       "(2^-25) of 0.5 -> exactly 0.5"},
      {-128, 0xC0D1999A,
       "-131 * s = -1758252263 * 2^-28; ulp in [4, 8) is 2^-21: "
       "1758252263 / 128 = 13736345.8 -> 13736346 = 0xD1999A (hidden bit "
       "included), exponent 2 + 127"},
  };
  for (const auto &c : cases) {
    SCOPED_TRACE(c.why);
    EXPECT_TRUE(
        hasBits(dequantize(c.stored, params, f32()), f32(), c.expected));
  }
  // f32(0.1) = 13421773 * 2^-27: 3 * it = 40265319 * 2^-27; ulp in
  // [0.25, 0.5) is 2^-25: 40265319 / 4 = 10066329.75 -> 10066330 ->
  // 0x3E99999A (which is also f32(0.3)).
  const QuantParams tenth = {0.1, 0, -128, 127};
  EXPECT_TRUE(hasBits(dequantize(1, tenth, f32()), f32(), 0x3DCCCCCD));
  EXPECT_TRUE(hasBits(dequantize(3, tenth, f32()), f32(), 0x3E99999A));
  EXPECT_TRUE(hasBits(dequantize(-3, tenth, f32()), f32(), 0xBE99999A));
  EXPECT_TRUE(hasBits(dequantize(0, tenth, f32()), f32(), 0x00000000));
  // uint4 with zero point.
  const QuantParams uint4 = {2.0, 8, 0, 15};
  EXPECT_TRUE(hasBits(dequantize(0, uint4, f32()), f32(), 0xC1800000));  // -16
  EXPECT_TRUE(hasBits(dequantize(15, uint4, f32()), f32(), 0x41600000)); // 14
}

TEST(DequantizeTest, F16AndBF16) {
  // f16(0.1) = 1638 * 2^-14 = 0x2E66. 3 * it = 4914 * 2^-14 = 1228.5 * 2^-12,
  // and the f16 ulp in [0.25, 0.5) is 2^-12: a tie of 1228 (even) and 1229
  // -> 1228 * 2^-12 = 0x34CC.
  const QuantParams tenth = {0.1, 0, -128, 127};
  EXPECT_TRUE(hasBits(dequantize(1, tenth, f16()), f16(), 0x2E66));
  EXPECT_TRUE(hasBits(dequantize(-1, tenth, f16()), f16(), 0xAE66));
  EXPECT_TRUE(hasBits(dequantize(3, tenth, f16()), f16(), 0x34CC));
  EXPECT_TRUE(hasBits(dequantize(-3, tenth, f16()), f16(), 0xB4CC));
  EXPECT_TRUE(hasBits(dequantize(0, tenth, f16()), f16(), 0x0000));
  // The difference is rounded to the expressed format first: in bf16 257 is
  // a tie of 256 (even) and 258 -> 256 = 0x4380; 259 is a tie of 258 and 260
  // (even) -> 260 = 0x4382.
  const QuantParams int16 = {1.0, 0, -32768, 32767};
  EXPECT_TRUE(hasBits(dequantize(257, int16, bf16()), bf16(), 0x4380));
  EXPECT_TRUE(hasBits(dequantize(259, int16, bf16()), bf16(), 0x4382));
  EXPECT_TRUE(hasBits(dequantize(-32768, int16, bf16()), bf16(), 0xC700));
  // With scale 3: 257 -> 256 first, then 256 * 3 = 768 = 1.5 * 2^9 = 0x4440
  // exactly. (Rounding 257 * 3 = 771 once would give 772, as the bf16
  // spacing in [512, 1024) is 4.)
  EXPECT_TRUE(hasBits(dequantize(257, {3.0, 0, -32768, 32767}, bf16()), bf16(),
                      0x4440));
  // A product past the f16 range overflows to infinity.
  const QuantParams big = {1000.0, 0, -128, 127};
  EXPECT_TRUE(hasBits(dequantize(127, big, f16()), f16(), 0x7C00));
  EXPECT_TRUE(hasBits(dequantize(-128, big, f16()), f16(), 0xFC00));
}

//===----------------------------------------------------------------------===//
// QuantizationRoundTripTest
//===----------------------------------------------------------------------===//

/// The first q in the storage range with quantize(dequantize(q)) != q, or
/// nullopt.
std::optional<int64_t> firstRoundTripFailure(const QuantParams &params,
                                             const fltSemantics &expressed) {
  for (int64_t q = params.storageMin; q <= params.storageMax; ++q)
    if (quantize(dequantize(q, params, expressed), params) != q)
      return q;
  return std::nullopt;
}

TEST(QuantizationRoundTripTest, Predicate) {
  struct Case {
    QuantParams params;
    const fltSemantics &(*expressed)();
    bool expected;
    const char *why;
  };
  const Case cases[] = {
      {{0.05, 3, -128, 127}, f32, true, "typical int8"},
      {{1.0, 0, -8, 7}, f32, true, "int4"},
      {{0.5, 8, 0, 15}, f32, true, "uint4"},
      {{0.1, 0, -128, 127},
       f16,
       true,
       "|n| <= 128, f16 has 11 bits, 12.8 well in range"},
      {{500.0, 0, -128, 127}, f16, true, "128 * 500 = 64000 <= 65504"},
      {{1e36, 0, -128, 127}, f32, true, "1.28e38 < 3.4e38"},
      {{1e-40, 0, -128, 127}, f32, false, "1e-40 < 2^-126: a subnormal scale"},
      {{1e-5, 0, -128, 127},
       f16,
       false,
       "f16(1e-5) < 2^-14 = 6.1e-5: a subnormal scale"},
      {{1e37, 0, -128, 127}, f32, false, "-128 * 1e37 overflows f32"},
      {{1000.0, 0, -128, 127}, f16, false, "128000 > 65504"},
      {{1.0, 0, -32768, 32767},
       bf16,
       false,
       "|n| up to 32768 needs 16 bits, bf16 has 8"},
      {{1e-50, 0, -128, 127}, f32, false, "the scale rounds to 0 in f32"},
      {{1e39, 0, -128, 127}, f32, false, "the scale rounds to inf in f32"},
  };
  for (const Case &c : cases) {
    SCOPED_TRACE(c.why);
    EXPECT_EQ(isQuantizationRoundTripExact(c.params, c.expressed()),
              c.expected);
  }
}

TEST(QuantizationRoundTripTest, TrueCasesRoundTrip) {
  const struct {
    QuantParams params;
    const fltSemantics &(*expressed)();
  } trueCases[] = {{{0.05, 3, -128, 127}, f32},
                   {{0.1, 0, -128, 127}, f16},
                   {{500.0, 0, -128, 127}, f16},
                   {{0.5, 8, 0, 15}, f32},
                   {{1.0, 0, -8, 7}, f32}};
  for (const auto &c : trueCases) {
    ASSERT_TRUE(isQuantizationRoundTripExact(c.params, c.expressed()));
    std::optional<int64_t> failure =
        firstRoundTripFailure(c.params, c.expressed());
    EXPECT_FALSE(failure.has_value())
        << "q = " << *failure << " with scale " << c.params.scale;
  }
  // The false bf16 case really fails: 32767 rounds to 32768 in bf16, so the
  // first failing storage value is -32767 (-32768 itself is exact).
  std::optional<int64_t> failure =
      firstRoundTripFailure({1.0, 0, -32768, 32767}, bf16());
  ASSERT_TRUE(failure.has_value());
  EXPECT_EQ(*failure, -32767);
}

TEST(QuantizationRoundTripTest, TrueImpliesRoundTrip) {
  // Soundness sweep: whenever the predicate holds, every q round-trips.
  const double scales[] = {1.0,      0.1,    0.05,      1.0 / 3,   1e-3,
                           7.3e-4,   123.45, 3.0e-30,   2.5e30,    0x1p-14,
                           0x1p-126, 6.1e-5, 1.0 / 255, 0.0078125, 511.0};
  const QuantParams ranges[] = {
      {0, 0, -128, 127}, {0, 3, -128, 127}, {0, 128, 0, 255},    {0, 0, 0, 255},
      {0, 0, -8, 7},     {0, 8, 0, 15},     {0, -100, -128, 127}};
  const fltSemantics &(*formats[])() = {f32, f16, bf16, f8E4M3FN, f8E5M2};
  unsigned trueCases = 0;
  for (double scale : scales) {
    for (QuantParams params : ranges) {
      params.scale = scale;
      for (auto format : formats) {
        if (!isQuantizationRoundTripExact(params, format()))
          continue;
        ++trueCases;
        std::optional<int64_t> failure =
            firstRoundTripFailure(params, format());
        EXPECT_FALSE(failure.has_value())
            << "q = " << *failure << ", scale " << scale << ", zp "
            << params.zeroPoint << ", range [" << params.storageMin << ", "
            << params.storageMax << "] in " << name(format());
      }
    }
  }
  EXPECT_GT(trueCases, 50u);
}

} // namespace
