//===- PrecisionTest.cpp - Tests of the precision helpers -----------------===//
//
// Part of the ap project: an adaptive-precision compiler built on MLIR.
//
//===----------------------------------------------------------------------===//
//
// Checks the properties of every precision against the definitions of the
// formats: IEEE 754 binary32 and binary16, bfloat16 (binary32 with a 7-bit
// fraction), OCP FP8 E4M3FN (bias 7, no infinities, NaN = S.1111.111) and
// OCP FP8 E5M2 (bias 15, IEEE-like), and two's complement integers. The
// reference values are exact literals derived from these definitions, never
// from llvm::APFloat.
//
//===----------------------------------------------------------------------===//

#include "ap/Dialect/AP/IR/Precision.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/MLIRContext.h"
#include "llvm/ADT/SmallSet.h"
#include "llvm/Support/raw_ostream.h"

#include "gtest/gtest.h"

#include <iterator>
#include <string>

using namespace mlir;
using namespace mlir::ap;

namespace {

/// The textual form of `type`, as the MLIR printer writes it.
std::string print(Type type) {
  std::string text;
  llvm::raw_string_ostream stream(text);
  type.print(stream);
  return text;
}

/// Every precision, listed independently of getAllPrecisions.
constexpr Precision kAll[] = {
    Precision::F32,    Precision::F16, Precision::BF16, Precision::F8E4M3FN,
    Precision::F8E5M2, Precision::I32, Precision::I16,  Precision::I8,
    Precision::U8,     Precision::I4,  Precision::U4};

//===----------------------------------------------------------------------===//
// The list of precisions
//===----------------------------------------------------------------------===//

TEST(PrecisionTest, AllPrecisionsListsEveryPrecisionOnce) {
  ArrayRef<Precision> all = getAllPrecisions();
  EXPECT_EQ(all.size(), std::size(kAll));
  llvm::SmallSet<Precision, 16> seen;
  for (Precision precision : all)
    EXPECT_TRUE(seen.insert(precision).second)
        << stringifyPrecision(precision).str() << " is listed twice";
  for (Precision precision : kAll)
    EXPECT_TRUE(seen.contains(precision))
        << stringifyPrecision(precision).str() << " is missing";
}

TEST(PrecisionTest, AllPrecisionsGoFromWidestToNarrowestPerFamily) {
  // Within the floats and within the integers, widths never increase.
  unsigned lastFloatWidth = ~0u, lastIntegerWidth = ~0u;
  for (Precision precision : getAllPrecisions()) {
    unsigned width = getBitWidth(precision);
    unsigned &last = isFloat(precision) ? lastFloatWidth : lastIntegerWidth;
    EXPECT_LE(width, last) << stringifyPrecision(precision).str();
    last = width;
  }
}

//===----------------------------------------------------------------------===//
// Width, family and signedness
//===----------------------------------------------------------------------===//

TEST(PrecisionTest, BitWidth) {
  EXPECT_EQ(getBitWidth(Precision::F32), 32u);
  EXPECT_EQ(getBitWidth(Precision::F16), 16u);
  EXPECT_EQ(getBitWidth(Precision::BF16), 16u);
  EXPECT_EQ(getBitWidth(Precision::F8E4M3FN), 8u);
  EXPECT_EQ(getBitWidth(Precision::F8E5M2), 8u);
  EXPECT_EQ(getBitWidth(Precision::I32), 32u);
  EXPECT_EQ(getBitWidth(Precision::I16), 16u);
  EXPECT_EQ(getBitWidth(Precision::I8), 8u);
  EXPECT_EQ(getBitWidth(Precision::U8), 8u);
  EXPECT_EQ(getBitWidth(Precision::I4), 4u);
  EXPECT_EQ(getBitWidth(Precision::U4), 4u);
}

TEST(PrecisionTest, FloatAndInteger) {
  for (Precision precision : {Precision::F32, Precision::F16, Precision::BF16,
                              Precision::F8E4M3FN, Precision::F8E5M2}) {
    EXPECT_TRUE(isFloat(precision)) << stringifyPrecision(precision).str();
    EXPECT_FALSE(isInteger(precision)) << stringifyPrecision(precision).str();
  }
  for (Precision precision : {Precision::I32, Precision::I16, Precision::I8,
                              Precision::U8, Precision::I4, Precision::U4}) {
    EXPECT_FALSE(isFloat(precision)) << stringifyPrecision(precision).str();
    EXPECT_TRUE(isInteger(precision)) << stringifyPrecision(precision).str();
  }
}

TEST(PrecisionTest, Signedness) {
  for (Precision precision : kAll) {
    bool isUnsigned = precision == Precision::U8 || precision == Precision::U4;
    EXPECT_EQ(isSigned(precision), !isUnsigned)
        << stringifyPrecision(precision).str();
  }
}

TEST(PrecisionTest, FloatSemantics) {
  EXPECT_EQ(getFloatSemantics(Precision::F32), &llvm::APFloat::IEEEsingle());
  EXPECT_EQ(getFloatSemantics(Precision::F16), &llvm::APFloat::IEEEhalf());
  EXPECT_EQ(getFloatSemantics(Precision::BF16), &llvm::APFloat::BFloat());
  EXPECT_EQ(getFloatSemantics(Precision::F8E4M3FN),
            &llvm::APFloat::Float8E4M3FN());
  EXPECT_EQ(getFloatSemantics(Precision::F8E5M2), &llvm::APFloat::Float8E5M2());
  for (Precision precision : {Precision::I32, Precision::I16, Precision::I8,
                              Precision::U8, Precision::I4, Precision::U4})
    EXPECT_EQ(getFloatSemantics(precision), nullptr)
        << stringifyPrecision(precision).str();
  // The semantics have the width of the precision.
  for (Precision precision : kAll) {
    if (const llvm::fltSemantics *semantics = getFloatSemantics(precision)) {
      EXPECT_EQ(llvm::APFloat::getSizeInBits(*semantics),
                getBitWidth(precision))
          << stringifyPrecision(precision).str();
    }
  }
}

//===----------------------------------------------------------------------===//
// Ranges
//===----------------------------------------------------------------------===//

TEST(PrecisionTest, FloatRanges) {
  // binary32: largest (2 - 2^-23) * 2^127, smallest normal 2^(1 - 127).
  EXPECT_EQ(getMaxValue(Precision::F32), 0x1.fffffep+127);
  EXPECT_EQ(getMaxValue(Precision::F32), 3.4028234663852886e+38);
  EXPECT_EQ(getLowestValue(Precision::F32), -0x1.fffffep+127);
  EXPECT_EQ(getSmallestNormal(Precision::F32), 0x1p-126);

  // binary16: largest (2 - 2^-10) * 2^15 = 65504, smallest normal 2^(1 - 15).
  EXPECT_EQ(getMaxValue(Precision::F16), 65504.0);
  EXPECT_EQ(getLowestValue(Precision::F16), -65504.0);
  EXPECT_EQ(getSmallestNormal(Precision::F16), 0x1p-14);
  EXPECT_EQ(getSmallestNormal(Precision::F16), 6.103515625e-05);

  // bfloat16: the exponent of binary32 with 7 fraction bits: largest
  // (2 - 2^-7) * 2^127, smallest normal 2^-126.
  EXPECT_EQ(getMaxValue(Precision::BF16), 0x1.fep+127);
  EXPECT_EQ(getMaxValue(Precision::BF16), 3.3895313892515355e+38);
  EXPECT_EQ(getLowestValue(Precision::BF16), -0x1.fep+127);
  EXPECT_EQ(getSmallestNormal(Precision::BF16), 0x1p-126);

  // OCP E4M3FN: bias 7 and no infinities, so exponent field 1111 holds
  // normal numbers except S.1111.111 (NaN): largest 1.110b * 2^(15 - 7) =
  // 1.75 * 256 = 448; smallest normal 2^(1 - 7) = 2^-6.
  EXPECT_EQ(getMaxValue(Precision::F8E4M3FN), 448.0);
  EXPECT_EQ(getLowestValue(Precision::F8E4M3FN), -448.0);
  EXPECT_EQ(getSmallestNormal(Precision::F8E4M3FN), 0.015625);

  // OCP E5M2: bias 15, IEEE-like (exponent field 11111 is inf/NaN): largest
  // 1.11b * 2^(30 - 15) = 1.75 * 32768 = 57344; smallest normal 2^-14.
  EXPECT_EQ(getMaxValue(Precision::F8E5M2), 57344.0);
  EXPECT_EQ(getLowestValue(Precision::F8E5M2), -57344.0);
  EXPECT_EQ(getSmallestNormal(Precision::F8E5M2), 0x1p-14);
}

TEST(PrecisionTest, IntegerRanges) {
  // Signed: [-2^(n-1), 2^(n-1) - 1]; unsigned: [0, 2^n - 1].
  EXPECT_EQ(getMaxValue(Precision::I32), 2147483647.0);
  EXPECT_EQ(getLowestValue(Precision::I32), -2147483648.0);
  EXPECT_EQ(getMaxValue(Precision::I16), 32767.0);
  EXPECT_EQ(getLowestValue(Precision::I16), -32768.0);
  EXPECT_EQ(getMaxValue(Precision::I8), 127.0);
  EXPECT_EQ(getLowestValue(Precision::I8), -128.0);
  EXPECT_EQ(getMaxValue(Precision::U8), 255.0);
  EXPECT_EQ(getLowestValue(Precision::U8), 0.0);
  EXPECT_EQ(getMaxValue(Precision::I4), 7.0);
  EXPECT_EQ(getLowestValue(Precision::I4), -8.0);
  EXPECT_EQ(getMaxValue(Precision::U4), 15.0);
  EXPECT_EQ(getLowestValue(Precision::U4), 0.0);
  // The smallest positive integer.
  for (Precision precision : {Precision::I32, Precision::I16, Precision::I8,
                              Precision::U8, Precision::I4, Precision::U4})
    EXPECT_EQ(getSmallestNormal(precision), 1.0)
        << stringifyPrecision(precision).str();
}

TEST(PrecisionTest, RangesAreOrdered) {
  for (Precision precision : kAll) {
    EXPECT_LT(getLowestValue(precision), getMaxValue(precision));
    EXPECT_GT(getSmallestNormal(precision), 0.0);
    EXPECT_LE(getSmallestNormal(precision), getMaxValue(precision));
    if (isSigned(precision)) {
      EXPECT_LT(getLowestValue(precision), 0.0);
    } else {
      EXPECT_EQ(getLowestValue(precision), 0.0);
    }
  }
}

//===----------------------------------------------------------------------===//
// Builtin types
//===----------------------------------------------------------------------===//

TEST(PrecisionTest, GetType) {
  MLIRContext context;
  EXPECT_TRUE(getType(Precision::F32, &context).isF32());
  EXPECT_TRUE(getType(Precision::F16, &context).isF16());
  EXPECT_TRUE(getType(Precision::BF16, &context).isBF16());
  EXPECT_TRUE(isa<Float8E4M3FNType>(getType(Precision::F8E4M3FN, &context)));
  EXPECT_TRUE(isa<Float8E5M2Type>(getType(Precision::F8E5M2, &context)));

  // Signed precisions are signless integers (as arith expects them).
  EXPECT_TRUE(getType(Precision::I32, &context).isSignlessInteger(32));
  EXPECT_TRUE(getType(Precision::I16, &context).isSignlessInteger(16));
  EXPECT_TRUE(getType(Precision::I8, &context).isSignlessInteger(8));
  EXPECT_TRUE(getType(Precision::I4, &context).isSignlessInteger(4));
  // Unsigned precisions keep their signedness.
  EXPECT_TRUE(getType(Precision::U8, &context).isUnsignedInteger(8));
  EXPECT_TRUE(getType(Precision::U4, &context).isUnsignedInteger(4));

  EXPECT_EQ(print(getType(Precision::F8E4M3FN, &context)), "f8E4M3FN");
  EXPECT_EQ(print(getType(Precision::I4, &context)), "i4");
  EXPECT_EQ(print(getType(Precision::U8, &context)), "ui8");
  EXPECT_EQ(print(getType(Precision::U4, &context)), "ui4");

  for (Precision precision : kAll)
    EXPECT_EQ(getType(precision, &context).getIntOrFloatBitWidth(),
              getBitWidth(precision))
        << stringifyPrecision(precision).str();
}

TEST(PrecisionTest, GetPrecisionRoundTripsThroughGetType) {
  MLIRContext context;
  for (Precision precision : kAll) {
    std::optional<Precision> back = getPrecision(getType(precision, &context));
    ASSERT_TRUE(back.has_value()) << stringifyPrecision(precision).str();
    EXPECT_EQ(*back, precision) << stringifyPrecision(precision).str();
  }
}

TEST(PrecisionTest, GetPrecisionOfSignedIntegers) {
  MLIRContext context;
  auto getSigned = [&](unsigned width) {
    return IntegerType::get(&context, width, IntegerType::Signed);
  };
  EXPECT_EQ(getPrecision(getSigned(8)), Precision::I8);
  EXPECT_EQ(getPrecision(getSigned(4)), Precision::I4);
  EXPECT_EQ(getPrecision(getSigned(16)), Precision::I16);
  EXPECT_EQ(getPrecision(getSigned(32)), Precision::I32);
}

TEST(PrecisionTest, GetPrecisionRejectsUnsupportedTypes) {
  MLIRContext context;
  Builder builder(&context);
  auto getUnsigned = [&](unsigned width) {
    return IntegerType::get(&context, width, IntegerType::Unsigned);
  };
  EXPECT_EQ(getPrecision(builder.getF64Type()), std::nullopt);
  EXPECT_EQ(getPrecision(builder.getI64Type()), std::nullopt);
  EXPECT_EQ(getPrecision(getUnsigned(16)), std::nullopt);
  EXPECT_EQ(getPrecision(getUnsigned(32)), std::nullopt);
  EXPECT_EQ(getPrecision(builder.getIndexType()), std::nullopt);
  EXPECT_EQ(getPrecision(builder.getI1Type()), std::nullopt);
  EXPECT_EQ(getPrecision(builder.getIntegerType(2)), std::nullopt);
  EXPECT_EQ(getPrecision(builder.getTF32Type()), std::nullopt);
  // FP8 variants other than the two supported ones (same width, different
  // formats).
  EXPECT_EQ(getPrecision(Float8E4M3Type::get(&context)), std::nullopt);
  EXPECT_EQ(getPrecision(Float8E4M3FNUZType::get(&context)), std::nullopt);
  EXPECT_EQ(getPrecision(Float8E5M2FNUZType::get(&context)), std::nullopt);
  EXPECT_EQ(getPrecision(builder.getNoneType()), std::nullopt);
  EXPECT_EQ(getPrecision(RankedTensorType::get({4}, builder.getF32Type())),
            std::nullopt);
}

//===----------------------------------------------------------------------===//
// Names
//===----------------------------------------------------------------------===//

TEST(PrecisionTest, Names) {
  EXPECT_EQ(stringifyPrecision(Precision::F32), "f32");
  EXPECT_EQ(stringifyPrecision(Precision::F16), "f16");
  EXPECT_EQ(stringifyPrecision(Precision::BF16), "bf16");
  EXPECT_EQ(stringifyPrecision(Precision::F8E4M3FN), "f8E4M3FN");
  EXPECT_EQ(stringifyPrecision(Precision::F8E5M2), "f8E5M2");
  EXPECT_EQ(stringifyPrecision(Precision::I32), "i32");
  EXPECT_EQ(stringifyPrecision(Precision::I16), "i16");
  EXPECT_EQ(stringifyPrecision(Precision::I8), "i8");
  EXPECT_EQ(stringifyPrecision(Precision::U8), "u8");
  EXPECT_EQ(stringifyPrecision(Precision::I4), "i4");
  EXPECT_EQ(stringifyPrecision(Precision::U4), "u4");
}

TEST(PrecisionTest, NamesRoundTrip) {
  for (Precision precision : kAll)
    EXPECT_EQ(symbolizePrecision(stringifyPrecision(precision)), precision)
        << stringifyPrecision(precision).str();
  EXPECT_EQ(symbolizePrecision("f8E4M3FN"), Precision::F8E4M3FN);
  EXPECT_EQ(symbolizePrecision("u4"), Precision::U4);
}

TEST(PrecisionTest, UnknownNamesAreRejected) {
  for (const char *name :
       {"", "f64", "i64", "ui8", "F32", "f8e4m3fn", "f8E4M3", "f32 "})
    EXPECT_EQ(symbolizePrecision(name), std::nullopt) << '"' << name << '"';
}

TEST(PrecisionTest, FloatAndSignedNamesAreTypeNames) {
  // A float or signed precision is named as its builtin type is printed;
  // unsigned ones are `u8`/`u4` for builtin types `ui8`/`ui4`.
  MLIRContext context;
  for (Precision precision : kAll) {
    if (!isSigned(precision))
      continue;
    EXPECT_EQ(print(getType(precision, &context)),
              stringifyPrecision(precision).str());
  }
}

} // namespace
