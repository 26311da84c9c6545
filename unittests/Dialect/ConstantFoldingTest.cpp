//===- ConstantFoldingTest.cpp - Tests of the folding of ap ops -----------===//
//
// Part of the ap project: an adaptive-precision compiler built on MLIR.
//
//===----------------------------------------------------------------------===//
//
// Runs the canonicalizer on small functions of ap.convert, ap.quantize and
// ap.dequantize ops and compares the constants they fold to, bit for bit,
// with reference values derived by hand from the definitions of the formats:
//
//   - binary32: bias 127, 23 fraction bits;
//   - binary16: bias 15, 10 fraction bits, max 65504 = 0x7BFF, inf 0x7C00;
//   - bfloat16: the top half of a binary32 (bias 127, 7 fraction bits),
//     max (2 - 2^-7) * 2^127 = 0x7F7F, inf 0x7F80;
//   - OCP FP8 E4M3FN: bias 7, 3 fraction bits, no infinities, NaN = S.1111.111,
//     max 1.110b * 2^8 = 448 = 0x7E, subnormals m * 2^-9;
//   - OCP FP8 E5M2: bias 15, 2 fraction bits, IEEE-like, max 1.11b * 2^15 =
//     57344 = 0x7B, inf 0x7C, subnormals m * 2^-16;
//
// and from the semantics documented in APOps.td. Stochastic rounding is
// checked against an independent SplitMix64 written here.
//
//===----------------------------------------------------------------------===//

#include "ap/Dialect/AP/IR/APDialect.h"
#include "ap/Dialect/AP/IR/APOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Quant/IR/Quant.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Parser/Parser.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Transforms/Passes.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/raw_ostream.h"

#include "gtest/gtest.h"

#include <cstdint>
#include <iterator>
#include <string>

using namespace mlir;
using namespace mlir::ap;
using llvm::APFloat;
using llvm::APInt;

namespace {

//===----------------------------------------------------------------------===//
// Reference helpers
//===----------------------------------------------------------------------===//

/// An expected element that may be any NaN of the format.
constexpr uint64_t kAnyNaN = ~uint64_t(0);

/// Whether `bits` encode a NaN of the floating-point type `type`, from the
/// layout of the format.
bool isNaNEncoding(Type type, uint64_t bits) {
  if (isa<Float8E4M3FNType>(type))
    return (bits & 0x7F) == 0x7F; // S.1111.111 only.
  unsigned exponentBits, fractionBits;
  if (type.isF32()) {
    exponentBits = 8;
    fractionBits = 23;
  } else if (type.isF16()) {
    exponentBits = 5;
    fractionBits = 10;
  } else if (type.isBF16()) {
    exponentBits = 8;
    fractionBits = 7;
  } else if (isa<Float8E5M2Type>(type)) {
    exponentBits = 5;
    fractionBits = 2;
  } else {
    return false;
  }
  uint64_t exponentMask = (uint64_t(1) << exponentBits) - 1;
  uint64_t fractionMask = (uint64_t(1) << fractionBits) - 1;
  return ((bits >> fractionBits) & exponentMask) == exponentMask &&
         (bits & fractionMask) != 0;
}

std::string formatHex(ArrayRef<uint64_t> values) {
  std::string text;
  llvm::raw_string_ostream stream(text);
  stream << '[';
  llvm::interleaveComma(values, stream, [&](uint64_t value) {
    if (value == kAnyNaN)
      stream << "NaN";
    else
      stream << llvm::format_hex(value, 2);
  });
  stream << ']';
  return text;
}

std::string formatInts(ArrayRef<int64_t> values) {
  std::string text;
  llvm::raw_string_ostream stream(text);
  stream << '[';
  llvm::interleaveComma(values, stream);
  stream << ']';
  return text;
}

/// Checks that the floating-point constant `attr` holds exactly the bit
/// patterns `expected` (kAnyNaN: any NaN encoding).
::testing::AssertionResult hasBits(DenseElementsAttr attr,
                                   ArrayRef<uint64_t> expected) {
  if (!attr)
    return ::testing::AssertionFailure() << "no constant";
  Type elementType = attr.getElementType();
  if (!isa<FloatType>(elementType))
    return ::testing::AssertionFailure() << "not a float constant";
  SmallVector<uint64_t> actual;
  for (const APFloat &value : attr.getValues<APFloat>())
    actual.push_back(value.bitcastToAPInt().getZExtValue());
  bool matches = actual.size() == expected.size();
  for (size_t i = 0; matches && i < actual.size(); ++i)
    matches = expected[i] == kAnyNaN ? isNaNEncoding(elementType, actual[i])
                                     : expected[i] == actual[i];
  if (matches)
    return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure()
         << "\n  actual:   " << formatHex(actual)
         << "\n  expected: " << formatHex(expected);
}

/// Checks that the integer constant `attr` holds `expected`, reading the
/// storage as signed or unsigned.
::testing::AssertionResult hasInts(DenseElementsAttr attr, bool isSigned,
                                   ArrayRef<int64_t> expected) {
  if (!attr)
    return ::testing::AssertionFailure() << "no constant";
  SmallVector<int64_t> actual;
  for (const APInt &value : attr.getValues<APInt>())
    actual.push_back(isSigned ? value.getSExtValue()
                              : static_cast<int64_t>(value.getZExtValue()));
  if (ArrayRef<int64_t>(actual) == expected)
    return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure()
         << "\n  actual:   " << formatInts(actual)
         << "\n  expected: " << formatInts(expected);
}

/// The `index`-th output (counting from 0) of a SplitMix64 generator seeded
/// with `seed`, computed sequentially as the generator is defined.
uint64_t splitMix64(uint64_t seed, uint64_t index) {
  uint64_t state = seed;
  uint64_t z = 0;
  for (uint64_t i = 0; i <= index; ++i) {
    state += 0x9E3779B97F4A7C15ull;
    z = state;
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    z ^= z >> 31;
  }
  return z;
}

/// Whether stochastic rounding with `seed` rounds the element at `index`,
/// whose distance to its truncation is `numerator / denominator` of the gap
/// between its neighbours, away from zero: iff bits < fraction * 2^32.
bool roundsAway(uint64_t seed, uint64_t index, uint64_t numerator,
                uint64_t denominator) {
  uint64_t bits = splitMix64(seed, index) >> 32;
  return bits * denominator < (numerator << 32);
}

//===----------------------------------------------------------------------===//
// Fixture
//===----------------------------------------------------------------------===//

class ConstantFoldingTest : public ::testing::Test {
protected:
  ConstantFoldingTest() {
    context.loadDialect<APDialect, arith::ArithDialect, func::FuncDialect,
                        quant::QuantDialect, tensor::TensorDialect>();
  }

  /// Parses `source` and runs the canonicalizer on it; null on failure.
  OwningOpRef<ModuleOp> canonicalize(StringRef source) {
    OwningOpRef<ModuleOp> module =
        parseSourceString<ModuleOp>(source, ParserConfig(&context));
    if (!module) {
      ADD_FAILURE() << "cannot parse:\n" << source.str();
      return nullptr;
    }
    PassManager pm(&context);
    pm.addPass(createCanonicalizerPass());
    if (failed(pm.run(*module))) {
      ADD_FAILURE() << "canonicalization failed";
      return nullptr;
    }
    return module;
  }

  static std::string print(Operation *op) {
    std::string text;
    llvm::raw_string_ostream stream(text);
    op->print(stream);
    return text;
  }

  /// The return of the function @f of `module`.
  static func::ReturnOp getReturn(ModuleOp module) {
    auto function = module.lookupSymbol<func::FuncOp>("f");
    if (!function)
      return {};
    return cast<func::ReturnOp>(function.getBody().front().getTerminator());
  }

  /// Wraps `body`, which defines `%r` of type `type`, in a function returning
  /// it and canonicalizes it.
  OwningOpRef<ModuleOp> canonicalizeBody(StringRef body, StringRef type) {
    std::string source = ("func.func @f() -> " + type + " {\n" + body +
                          "\n  return %r : " + type + "\n}\n")
                             .str();
    return canonicalize(source);
  }

  /// The constant `body` folds `%r` of type `type` to: an arith.constant.
  DenseElementsAttr foldToConstant(StringRef type, StringRef body) {
    OwningOpRef<ModuleOp> module = canonicalizeBody(body, type);
    if (!module)
      return {};
    Value result = getReturn(*module).getOperand(0);
    auto constant = result.getDefiningOp<arith::ConstantOp>();
    if (!constant) {
      ADD_FAILURE() << "not folded to an arith.constant:\n" << print(*module);
      return {};
    }
    return cast<DenseElementsAttr>(constant.getValue());
  }

  /// The storage constant `body` folds the quantized `%r` of type `type` to:
  /// quant.scast(arith.constant) of a signless integer tensor of the storage
  /// width.
  DenseElementsAttr foldToStorage(StringRef type, StringRef body) {
    OwningOpRef<ModuleOp> module = canonicalizeBody(body, type);
    if (!module)
      return {};
    Value result = getReturn(*module).getOperand(0);
    auto storageCast = result.getDefiningOp<quant::StorageCastOp>();
    auto constant =
        storageCast ? storageCast.getInput().getDefiningOp<arith::ConstantOp>()
                    : arith::ConstantOp();
    if (!constant) {
      ADD_FAILURE() << "not folded to quant.scast(arith.constant):\n"
                    << print(*module);
      return {};
    }
    auto quantized = cast<RankedTensorType>(result.getType());
    auto storageType = cast<RankedTensorType>(constant.getType());
    auto quantType = cast<quant::QuantizedType>(quantized.getElementType());
    EXPECT_EQ(storageType.getShape(), quantized.getShape());
    EXPECT_TRUE(storageType.getElementType().isSignlessInteger(
        quantType.getStorageTypeIntegralWidth()))
        << print(*module);
    return cast<DenseElementsAttr>(constant.getValue());
  }

  MLIRContext context;
};

//===----------------------------------------------------------------------===//
// The reference generator
//===----------------------------------------------------------------------===//

TEST_F(ConstantFoldingTest, ReferenceSplitMix64) {
  // Published outputs of SplitMix64 (Steele, Lea and Flood; Vigna's
  // splitmix64.c): seed 0 starts with 0xE220A8397B1DCDAF, seed 1234567 with
  // 6457827717110365317, 3203168211198807973, 9817491932198370423.
  EXPECT_EQ(splitMix64(0, 0), 0xE220A8397B1DCDAFull);
  EXPECT_EQ(splitMix64(1234567, 0), 6457827717110365317ull);
  EXPECT_EQ(splitMix64(1234567, 1), 3203168211198807973ull);
  EXPECT_EQ(splitMix64(1234567, 2), 9817491932198370423ull);
}

//===----------------------------------------------------------------------===//
// ap.convert: binary16
//===----------------------------------------------------------------------===//

TEST_F(ConstantFoldingTest, ConvertToF16NearestEven) {
  // 1 + 2^-11 is halfway between 1 (0x3C00, even) and 1 + 2^-10 (0x3C01);
  // 1 + 3 * 2^-11 is halfway between 0x3C01 (odd) and 0x3C02 (even);
  // 1 + 2^-11 + 2^-20 is just above the first halfway point.
  // 2.5 = 1.01b * 2^1: exponent 16, fraction 0100000000 -> 0x4100.
  // 65519 is below 65520, halfway between 65504 (0x7BFF, fraction all ones,
  // odd) and 2^16; 65520 rounds to 2^16, beyond the range: inf.
  DenseElementsAttr attr = foldToConstant("tensor<13xf16>", R"mlir(
    %c = arith.constant dense<[1.0, 1.00048828125, 1.00146484375,
                               1.00048923492431640625, -2.5, 65504.0, 65519.0,
                               65520.0, -65520.0, 0x7F800000, 0xFF800000,
                               0.0, -0.0]> : tensor<13xf32>
    %r = ap.convert %c : tensor<13xf32> -> tensor<13xf16>
  )mlir");
  EXPECT_TRUE(
      hasBits(attr, {0x3C00, 0x3C00, 0x3C02, 0x3C01, 0xC100, 0x7BFF, 0x7BFF,
                     0x7C00, 0xFC00, 0x7C00, 0xFC00, 0x0000, 0x8000}));
}

TEST_F(ConstantFoldingTest, ConvertToF16Subnormals) {
  // binary16 subnormals are m * 2^-24, m < 1024; 2^-14 is the smallest
  // normal (0x0400). Inputs as binary32 bit patterns (exponent field
  // 127 + e):
  //   0x38800000 = 2^-14             -> 0x0400
  //   0x38000000 = 2^-15             -> 0x0200
  //   0x33800000 = 2^-24             -> 0x0001
  //   0x33000000 = 2^-25 (tie 0/1)   -> 0x0000 (even)
  //   0x33C00000 = 3 * 2^-25 (tie)   -> 0x0002 (even)
  //   0x33000100 = 2^-25 + 2^-40     -> 0x0001 (above halfway)
  //   0xB3800000 = -2^-24            -> 0x8001
  //   0x32800000 = 2^-26             -> 0x0000
  //   0xB2800000 = -2^-26            -> 0x8000 (negative zero)
  //   0x387FC000 = 1.111111111b * 2^-15 = 1023 * 2^-24
  //                                  -> 0x03FF (largest subnormal)
  //   0x387FE000 = 1.1111111111b * 2^-15 = 2047 * 2^-25 (tie between 1023
  //                and 1024 * 2^-24) -> 0x0400 (even, normal)
  DenseElementsAttr attr = foldToConstant("tensor<11xf16>", R"mlir(
    %c = arith.constant dense<[0x38800000, 0x38000000, 0x33800000, 0x33000000,
                               0x33C00000, 0x33000100, 0xB3800000, 0x32800000,
                               0xB2800000, 0x387FC000, 0x387FE000]>
         : tensor<11xf32>
    %r = ap.convert %c : tensor<11xf32> -> tensor<11xf16>
  )mlir");
  EXPECT_TRUE(hasBits(attr, {0x0400, 0x0200, 0x0001, 0x0000, 0x0002, 0x0001,
                             0x8001, 0x0000, 0x8000, 0x03FF, 0x0400}));
}

TEST_F(ConstantFoldingTest, ConvertToF16TowardZero) {
  // Truncation of the significand: 1 + 3 * 2^-11 -> 1 + 2^-10 (0x3C01);
  // 2 - 2^-11 -> 2 - 2^-10 (0.01111.1111111111 = 0x3FFF); 65519 -> 65504;
  // subnormals truncate too: 3 * 2^-25 -> 2^-24, 2047 * 2^-25 -> 1023 * 2^-24
  // (0x03FF), and 2^-25 + 2^-40 -> +0.
  DenseElementsAttr attr = foldToConstant("tensor<9xf16>", R"mlir(
    %c = arith.constant dense<[1.00146484375, -1.00146484375,
                               1.00048923492431640625, 1.99951171875, 65519.0,
                               2.5, 0x33C00000, 0x387FE000, 0x33000100]>
         : tensor<9xf32>
    %r = ap.convert %c rounding toward_zero
         : tensor<9xf32> -> tensor<9xf16>
  )mlir");
  EXPECT_TRUE(hasBits(attr, {0x3C01, 0xBC01, 0x3C00, 0x3FFF, 0x7BFF, 0x4100,
                             0x0001, 0x03FF, 0x0000}));
}

TEST_F(ConstantFoldingTest, ConvertToF16Saturate) {
  // With saturate, finite overflows and infinities clamp to +-65504; NaN
  // stays NaN.
  DenseElementsAttr attr = foldToConstant("tensor<7xf16>", R"mlir(
    %c = arith.constant dense<[65520.0, -1.0e6, 0x7F800000, 0xFF800000,
                               0x7F7FFFFF, 1.0, 0x7FC00000]> : tensor<7xf32>
    %r = ap.convert %c saturate : tensor<7xf32> -> tensor<7xf16>
  )mlir");
  EXPECT_TRUE(
      hasBits(attr, {0x7BFF, 0xFBFF, 0x7BFF, 0xFBFF, 0x7BFF, 0x3C00, kAnyNaN}));
}

TEST_F(ConstantFoldingTest, ConvertNaNStaysNaN) {
  // NaN converts to a quiet NaN of the same sign (binary16 quiet bit: bit 9).
  DenseElementsAttr attr = foldToConstant("tensor<3xf16>", R"mlir(
    %c = arith.constant dense<[0x7FC00000, 0xFFC00000, 0x7FA00000]>
         : tensor<3xf32>
    %r = ap.convert %c : tensor<3xf32> -> tensor<3xf16>
  )mlir");
  ASSERT_TRUE(hasBits(attr, {kAnyNaN, kAnyNaN, kAnyNaN}));
  auto values = attr.getValues<APFloat>();
  for (int i = 0; i < 3; ++i) {
    uint64_t bits = values[i].bitcastToAPInt().getZExtValue();
    EXPECT_EQ(bits & 0x8000, i == 1 ? 0x8000u : 0u) << "element " << i;
    EXPECT_NE(bits & 0x0200, 0u) << "element " << i << " is not quiet";
  }
}

//===----------------------------------------------------------------------===//
// ap.convert: bfloat16
//===----------------------------------------------------------------------===//

TEST_F(ConstantFoldingTest, ConvertToBF16NearestEven) {
  // bfloat16 keeps the top 16 bits of a binary32:
  //   1 + 2^-8  = 0x3F808000: tie between 0x3F80 (even) and 0x3F81 -> 0x3F80
  //   1 + 3*2^-8 = 0x3F818000: tie between 0x3F81 and 0x3F82 (even)
  //   0x3F808008 = 1 + 2^-8 + 2^-20: above halfway -> 0x3F81
  //   0x7F7F0000 = (2 - 2^-7) * 2^127, the largest bfloat16 -> 0x7F7F
  //   0x7F7F7FFF: below halfway -> 0x7F7F
  //   0x7F7F8000: tie, 0x7F7F odd -> 2^128: inf 0x7F80
  //   0x7F7FFFFF (binary32 max) -> inf
  //   0x00010000 = 2^-133, smallest bfloat16 subnormal -> 0x0001
  //   0x00008000 = 2^-134: tie 0/1 -> 0x0000
  //   0x00018000 = 3 * 2^-134: tie 1/2 -> 0x0002
  //   0x00000001 = 2^-149 -> 0x0000
  DenseElementsAttr attr = foldToConstant("tensor<15xbf16>", R"mlir(
    %c = arith.constant dense<[1.0, 1.00390625, 1.01171875, 0x3F808008,
                               0xBF818000, 0x7F7F0000, 0x7F7F7FFF, 0x7F7F8000,
                               0x7F7FFFFF, 0xFF7FFFFF, 0x00010000, 0x00008000,
                               0x00018000, 0x00000001, 0x7F800000]>
         : tensor<15xf32>
    %r = ap.convert %c : tensor<15xf32> -> tensor<15xbf16>
  )mlir");
  EXPECT_TRUE(hasBits(attr, {0x3F80, 0x3F80, 0x3F82, 0x3F81, 0xBF82, 0x7F7F,
                             0x7F7F, 0x7F80, 0x7F80, 0xFF80, 0x0001, 0x0000,
                             0x0002, 0x0000, 0x7F80}));
}

TEST_F(ConstantFoldingTest, ConvertToBF16TowardZeroAndSaturate) {
  // Toward zero: drop the low 16 bits (binary32 max -> 0x7F7F, finite).
  DenseElementsAttr towardZero = foldToConstant("tensor<5xbf16>", R"mlir(
    %c = arith.constant dense<[1.01171875, -1.01171875, 0x7F7FFFFF,
                               0x3FFFFFFF, 0x0001FFFF]> : tensor<5xf32>
    %r = ap.convert %c rounding toward_zero : tensor<5xf32> -> tensor<5xbf16>
  )mlir");
  EXPECT_TRUE(hasBits(towardZero, {0x3F81, 0xBF81, 0x7F7F, 0x3FFF, 0x0001}));

  // Saturate: overflows and infinities clamp to +-(2 - 2^-7) * 2^127.
  DenseElementsAttr saturated = foldToConstant("tensor<6xbf16>", R"mlir(
    %c = arith.constant dense<[0x7F7FFFFF, 0xFF7FFFFF, 0x7F800000, 0xFF800000,
                               0x7F7F8000, 1.0]> : tensor<6xf32>
    %r = ap.convert %c saturate : tensor<6xf32> -> tensor<6xbf16>
  )mlir");
  EXPECT_TRUE(
      hasBits(saturated, {0x7F7F, 0xFF7F, 0x7F7F, 0xFF7F, 0x7F7F, 0x3F80}));
}

//===----------------------------------------------------------------------===//
// ap.convert: OCP FP8 E4M3FN
//===----------------------------------------------------------------------===//

TEST_F(ConstantFoldingTest, ConvertToF8E4M3FNNearestEven) {
  // Encoding S.EEEE.MMM, bias 7:
  //   1.0 = 0.0111.000 = 0x38; 2.5 = 1.010b * 2^1 = 0.1000.010 = 0x42
  //   1.0625 = 1 + 2^-4: tie between 0x38 (even) and 1.125 (0x39) -> 0x38
  //   1.1875 = 1 + 3 * 2^-4: tie between 0x39 and 1.25 (0x3A) -> 0x3A
  //   1.0634765625 = 1.0625 + 2^-10: above halfway -> 0x39
  //   240 = 1.111b * 2^7 = 0.1110.111 = 0x77; 256 = 0.1111.000 = 0x78
  //   448 = 1.110b * 2^8 = 0.1111.110 = 0x7E, the largest value
  //   464: halfway between 448 (fraction 110, even) and 480 -> 448
  //   2^-6 = 0.0001.000 = 0x08, the smallest normal
  //   subnormals m * 2^-9: 2^-9 -> 0x01; 2^-10 (tie 0/1) -> 0x00;
  //   3 * 2^-10 (tie 1/2) -> 0x02; 7 * 2^-9 -> 0x07;
  //   15 * 2^-10 (tie 7/8) -> 0x08
  DenseElementsAttr attr = foldToConstant("tensor<19xf8E4M3FN>", R"mlir(
    %c = arith.constant dense<[1.0, 2.5, 1.0625, 1.1875, 1.0634765625, -2.5,
                               240.0, 256.0, 448.0, 464.0, -464.0, 0.015625,
                               0.001953125, 0.0009765625, 0.0029296875,
                               0.013671875, 0.0146484375, 0.0, -0.0]>
         : tensor<19xf32>
    %r = ap.convert %c : tensor<19xf32> -> tensor<19xf8E4M3FN>
  )mlir");
  EXPECT_TRUE(
      hasBits(attr, {0x38, 0x42, 0x38, 0x3A, 0x39, 0xC2, 0x77, 0x78, 0x7E, 0x7E,
                     0xFE, 0x08, 0x01, 0x00, 0x02, 0x07, 0x08, 0x00, 0x80}));
}

TEST_F(ConstantFoldingTest, ConvertToF8E4M3FNOverflowIsNaN) {
  // E4M3FN has no infinities: a value that rounds beyond 448 (465 rounds to
  // 480), infinities and NaN all become NaN (S.1111.111) without saturate.
  DenseElementsAttr attr = foldToConstant("tensor<8xf8E4M3FN>", R"mlir(
    %c = arith.constant dense<[465.0, 480.0, -500.0, 1.0e6, 0x7F800000,
                               0xFF800000, 0x7FC00000, 448.0]> : tensor<8xf32>
    %r = ap.convert %c : tensor<8xf32> -> tensor<8xf8E4M3FN>
  )mlir");
  EXPECT_TRUE(hasBits(attr, {kAnyNaN, kAnyNaN, kAnyNaN, kAnyNaN, kAnyNaN,
                             kAnyNaN, kAnyNaN, 0x7E}));
}

TEST_F(ConstantFoldingTest, ConvertToF8E4M3FNSaturate) {
  // With saturate, overflows and infinities clamp to +-448 (0x7E / 0xFE);
  // NaN stays NaN.
  DenseElementsAttr attr = foldToConstant("tensor<7xf8E4M3FN>", R"mlir(
    %c = arith.constant dense<[465.0, -465.0, 1.0e6, 0x7F800000, 0xFF800000,
                               0x7FC00000, 2.5]> : tensor<7xf32>
    %r = ap.convert %c saturate : tensor<7xf32> -> tensor<7xf8E4M3FN>
  )mlir");
  EXPECT_TRUE(hasBits(attr, {0x7E, 0xFE, 0x7E, 0x7E, 0xFE, kAnyNaN, 0x42}));
}

TEST_F(ConstantFoldingTest, ConvertToF8E4M3FNTowardZeroSaturate) {
  // 1.234375 = 1 + 15/64 lies between 1.125 (0x39) and 1.25: truncates to
  // 0x39; the tie 1.1875 also truncates to 0x39; 479 -> 448 (0x7E);
  // 2^-8 - 2^-12 = 1.875 * 2^-9 -> 2^-9 (0x01); 1000 saturates to 448.
  DenseElementsAttr attr = foldToConstant("tensor<8xf8E4M3FN>", R"mlir(
    %c = arith.constant dense<[1.234375, -1.234375, 1.1875, 479.0,
                               0.003662109375, 1000.0, -1000.0, 2.5]>
         : tensor<8xf32>
    %r = ap.convert %c rounding toward_zero saturate
         : tensor<8xf32> -> tensor<8xf8E4M3FN>
  )mlir");
  EXPECT_TRUE(hasBits(attr, {0x39, 0xB9, 0x39, 0x7E, 0x01, 0x7E, 0xFE, 0x42}));
}

//===----------------------------------------------------------------------===//
// ap.convert: OCP FP8 E5M2
//===----------------------------------------------------------------------===//

TEST_F(ConstantFoldingTest, ConvertToF8E5M2NearestEven) {
  // Encoding S.EEEEE.MM, bias 15:
  //   1.0 = 0.01111.00 = 0x3C; 1.25 = 0x3D; 1.5 = 0x3E
  //   1.125: tie between 0x3C (even) and 0x3D -> 0x3C
  //   1.375: tie between 0x3D and 0x3E (even) -> 0x3E
  //   1.3 (binary32 1.29999995) is nearer 1.25 -> 0x3D
  //   57344 = 1.11b * 2^15 = 0.11110.11 = 0x7B, the largest value
  //   60000 < 61440 (halfway to 2^16) -> 0x7B
  //   61440: tie, 0x7B odd -> 2^16, beyond the range: inf 0x7C
  //   2^-14 = 0.00001.00 = 0x04; subnormals m * 2^-16: 2^-16 -> 0x01,
  //   2^-17 (tie 0/1) -> 0x00, 3 * 2^-17 (tie 1/2) -> 0x02,
  //   3 * 2^-16 -> 0x03, 7 * 2^-17 (tie 3/4) -> 0x04
  DenseElementsAttr attr = foldToConstant("tensor<17xf8E5M2>", R"mlir(
    %c = arith.constant dense<[1.0, 1.125, 1.375, 1.3, -1.5, 57344.0, 60000.0,
                               61440.0, -61440.0, 0x7F800000, 0x387FFFFF,
                               0x38800000, 0x37800000, 0x37000000,
                               0x37C00000, 0x38400000, 0x38600000]>
         : tensor<17xf32>
    %r = ap.convert %c : tensor<17xf32> -> tensor<17xf8E5M2>
  )mlir");
  // 0x387FFFFF is 2^-14 - 2^-38: above 3.5 * 2^-16, rounds to 2^-14 (0x04);
  // 0x38800000 = 2^-14; 0x37800000 = 2^-16; 0x37000000 = 2^-17;
  // 0x37C00000 = 3 * 2^-17; 0x38400000 = 3 * 2^-16; 0x38600000 = 7 * 2^-17.
  EXPECT_TRUE(
      hasBits(attr, {0x3C, 0x3C, 0x3E, 0x3D, 0xBE, 0x7B, 0x7B, 0x7C, 0xFC, 0x7C,
                     0x04, 0x04, 0x01, 0x00, 0x02, 0x03, 0x04}));
}

TEST_F(ConstantFoldingTest, ConvertToF8E5M2SaturateAndNaN) {
  DenseElementsAttr attr = foldToConstant("tensor<6xf8E5M2>", R"mlir(
    %c = arith.constant dense<[61440.0, -1.0e6, 0x7F800000, 0xFF800000,
                               0x7FC00000, 1.375]> : tensor<6xf32>
    %r = ap.convert %c saturate : tensor<6xf32> -> tensor<6xf8E5M2>
  )mlir");
  EXPECT_TRUE(hasBits(attr, {0x7B, 0xFB, 0x7B, 0xFB, kAnyNaN, 0x3E}));
}

TEST_F(ConstantFoldingTest, ConvertFromNarrowFormats) {
  // f16 -> f8E5M2 toward zero: 1.375 -> 1.25 (0x3D); 65504 -> 57344 (0x7B)
  // (no overflow: truncation stays finite).
  DenseElementsAttr fromF16 = foldToConstant("tensor<3xf8E5M2>", R"mlir(
    %c = arith.constant dense<[1.375, 65504.0, -1.75]> : tensor<3xf16>
    %r = ap.convert %c rounding toward_zero saturate
         : tensor<3xf16> -> tensor<3xf8E5M2>
  )mlir");
  EXPECT_TRUE(hasBits(fromF16, {0x3D, 0x7B, 0xBF}));

  // f8E4M3FN -> f16 is exact: 448 = 1.75 * 2^8 -> 0.10111.1100000000 =
  // 0x5F00; the subnormal 2^-9 is normal in f16: 0.00110.0 = 0x1800;
  // -2.5 -> 0xC100; NaN -> NaN.
  DenseElementsAttr fromF8 = foldToConstant("tensor<4xf16>", R"mlir(
    %c = arith.constant dense<[0x7E, 0x01, 0xC2, 0x7F]> : tensor<4xf8E4M3FN>
    %r = ap.convert %c : tensor<4xf8E4M3FN> -> tensor<4xf16>
  )mlir");
  EXPECT_TRUE(hasBits(fromF8, {0x5F00, 0x1800, 0xC100, kAnyNaN}));
}

//===----------------------------------------------------------------------===//
// ap.convert: splats
//===----------------------------------------------------------------------===//

TEST_F(ConstantFoldingTest, ConvertSplat) {
  // 1.1875 (tie) -> 1.25 = 0x3A in E4M3FN, in every element.
  DenseElementsAttr attr = foldToConstant("tensor<2x3xf8E4M3FN>", R"mlir(
    %c = arith.constant dense<1.1875> : tensor<2x3xf32>
    %r = ap.convert %c : tensor<2x3xf32> -> tensor<2x3xf8E4M3FN>
  )mlir");
  ASSERT_TRUE(attr);
  EXPECT_TRUE(attr.isSplat());
  EXPECT_EQ(attr.getType().getShape(), ArrayRef<int64_t>({2, 3}));
  EXPECT_TRUE(hasBits(attr, {0x3A, 0x3A, 0x3A, 0x3A, 0x3A, 0x3A}));

  // A splat inf saturates to the largest f16.
  DenseElementsAttr saturated = foldToConstant("tensor<4xf16>", R"mlir(
    %c = arith.constant dense<0xFF800000> : tensor<4xf32>
    %r = ap.convert %c rounding toward_zero saturate
         : tensor<4xf32> -> tensor<4xf16>
  )mlir");
  EXPECT_TRUE(hasBits(saturated, {0xFBFF, 0xFBFF, 0xFBFF, 0xFBFF}));

  // A splat f16 source: 1.375 -> 0x3E in E5M2 (tie to even).
  DenseElementsAttr fromF16 = foldToConstant("tensor<4xf8E5M2>", R"mlir(
    %c = arith.constant dense<1.375> : tensor<4xf16>
    %r = ap.convert %c : tensor<4xf16> -> tensor<4xf8E5M2>
  )mlir");
  EXPECT_TRUE(hasBits(fromF16, {0x3E, 0x3E, 0x3E, 0x3E}));
}

//===----------------------------------------------------------------------===//
// ap.convert: stochastic rounding
//===----------------------------------------------------------------------===//

/// The bfloat16 stochastic rounding input: element values with the binary32
/// encoding, and for each its truncation, the neighbour away from zero and
/// the fraction (in quarters) of the gap between them.
struct StochasticCase {
  const char *literal;
  uint64_t truncated;
  uint64_t away;
  uint64_t quarters;
};

constexpr StochasticCase kBF16Cases[] = {
    {"1.0", 0x3F80, 0x3F80, 0},          // exact
    {"1.001953125", 0x3F80, 0x3F81, 1},  // 1 + 2^-9: 1/4 of 2^-7
    {"-1.001953125", 0xBF80, 0xBF81, 1}, // away from zero is downwards
    {"1.005859375", 0x3F80, 0x3F81, 3},  // 1 + 3 * 2^-9: 3/4
    {"2.5", 0x4020, 0x4020, 0},          // exact
    {"1.00390625", 0x3F80, 0x3F81, 2},   // 1 + 2^-8: 1/2
    {"0x3FFFC000", 0x3FFF, 0x4000, 3},   // 2 - 2^-9: 3/4 of 2^-7, up a binade
    {"0x7F800000", 0x7F80, 0x7F80, 0},   // inf
    {"0.0", 0x0000, 0x0000, 0},          // zero
    {"0x00004000", 0x0000, 0x0001, 1},   // 2^-135: 1/4 of 2^-133
    {"-0.0", 0x8000, 0x8000, 0},         // negative zero
    {"0x80008000", 0x8000, 0x8001, 2},   // -2^-134: 1/2 of 2^-133
};

/// The source of a stochastic conversion of the kBF16Cases with `seed`.
std::string getStochasticBF16Body(uint64_t seed) {
  std::string elements;
  for (const StochasticCase &c : kBF16Cases)
    elements += (elements.empty() ? "" : ", ") + std::string(c.literal);
  std::string type = "tensor<" + std::to_string(std::size(kBF16Cases));
  return "%c = arith.constant dense<[" + elements + "]> : " + type +
         "xf32>\n%r = ap.convert %c rounding stochastic seed " +
         std::to_string(seed) + " : " + type + "xf32> -> " + type + "xbf16>";
}

SmallVector<uint64_t> getStochasticBF16Expected(uint64_t seed) {
  SmallVector<uint64_t> expected;
  for (auto [index, c] : llvm::enumerate(kBF16Cases))
    expected.push_back(c.quarters != 0 && roundsAway(seed, index, c.quarters, 4)
                           ? c.away
                           : c.truncated);
  return expected;
}

TEST_F(ConstantFoldingTest, StochasticRoundingPicksTheSeededNeighbour) {
  std::string type =
      "tensor<" + std::to_string(std::size(kBF16Cases)) + "xbf16>";
  for (uint64_t seed : {uint64_t(42), uint64_t(0), uint64_t(7),
                        uint64_t(9223372036854775807)}) {
    DenseElementsAttr attr = foldToConstant(type, getStochasticBF16Body(seed));
    EXPECT_TRUE(hasBits(attr, getStochasticBF16Expected(seed)))
        << "seed " << seed;
  }
}

TEST_F(ConstantFoldingTest, StochasticRoundingByHand) {
  // Worked by hand for seed 42, element 1 (1 + 2^-9, fraction 1/4):
  // state = 42 + 2 * 0x9E3779B97F4A7C15 (the second output); the test checks
  // that the fold agrees with the generator above on this element and on its
  // neighbours, whatever the draw.
  uint64_t bits1 = splitMix64(42, 1) >> 32;
  uint64_t expected1 = bits1 < (uint64_t(1) << 30) ? 0x3F81 : 0x3F80;
  DenseElementsAttr attr = foldToConstant("tensor<3xbf16>", R"mlir(
    %c = arith.constant dense<[1.0, 1.001953125, 1.001953125]> : tensor<3xf32>
    %r = ap.convert %c rounding stochastic seed 42
         : tensor<3xf32> -> tensor<3xbf16>
  )mlir");
  uint64_t bits2 = splitMix64(42, 2) >> 32;
  uint64_t expected2 = bits2 < (uint64_t(1) << 30) ? 0x3F81 : 0x3F80;
  EXPECT_TRUE(hasBits(attr, {0x3F80, expected1, expected2}));
}

TEST_F(ConstantFoldingTest, StochasticRoundingDependsOnPosition) {
  // A splat input: every element has the same value but its own random
  // bits, so the result follows the generator element by element.
  constexpr unsigned kSize = 32;
  constexpr uint64_t kSeed = 42;
  SmallVector<uint64_t> expected;
  unsigned numAway = 0;
  for (unsigned i = 0; i < kSize; ++i) {
    bool away = roundsAway(kSeed, i, 1, 4);
    numAway += away;
    expected.push_back(away ? 0x3F81 : 0x3F80);
  }
  // The draws for this seed are mixed, so the result is not a splat.
  ASSERT_GT(numAway, 0u);
  ASSERT_LT(numAway, kSize);
  DenseElementsAttr attr = foldToConstant("tensor<32xbf16>", R"mlir(
    %c = arith.constant dense<1.001953125> : tensor<32xf32>
    %r = ap.convert %c rounding stochastic seed 42
         : tensor<32xf32> -> tensor<32xbf16>
  )mlir");
  ASSERT_TRUE(attr);
  EXPECT_FALSE(attr.isSplat());
  EXPECT_TRUE(hasBits(attr, expected));
}

TEST_F(ConstantFoldingTest, StochasticRoundingIsReproducible) {
  std::string type =
      "tensor<" + std::to_string(std::size(kBF16Cases)) + "xbf16>";
  DenseElementsAttr first = foldToConstant(type, getStochasticBF16Body(123));
  DenseElementsAttr second = foldToConstant(type, getStochasticBF16Body(123));
  ASSERT_TRUE(first);
  EXPECT_EQ(first, second);
}

TEST_F(ConstantFoldingTest, StochasticRoundingToNarrowFormats) {
  // E4M3FN: 1.0625 is halfway between 1.0 (0x38) and 1.125 (0x39), so it
  // goes up iff bits < 2^31; 2.5 is exact. f16: 2^-26 is 1/4 of the way from
  // 0 to 2^-24 (0x0001).
  DenseElementsAttr f8 = foldToConstant("tensor<4xf8E4M3FN>", R"mlir(
    %c = arith.constant dense<[1.0625, 2.5, -1.0625, 1.0625]> : tensor<4xf32>
    %r = ap.convert %c rounding stochastic seed 5
         : tensor<4xf32> -> tensor<4xf8E4M3FN>
  )mlir");
  EXPECT_TRUE(hasBits(f8, {roundsAway(5, 0, 1, 2) ? 0x39u : 0x38u, 0x42,
                           roundsAway(5, 2, 1, 2) ? 0xB9u : 0xB8u,
                           roundsAway(5, 3, 1, 2) ? 0x39u : 0x38u}));

  DenseElementsAttr f16 = foldToConstant("tensor<4xf16>", R"mlir(
    %c = arith.constant dense<[0x32800000, 0x32800000, 0x32800000, 1.0]>
         : tensor<4xf32>
    %r = ap.convert %c rounding stochastic seed 11
         : tensor<4xf32> -> tensor<4xf16>
  )mlir");
  EXPECT_TRUE(
      hasBits(f16, {roundsAway(11, 0, 1, 4) ? 0x0001u : 0x0000u,
                    roundsAway(11, 1, 1, 4) ? 0x0001u : 0x0000u,
                    roundsAway(11, 2, 1, 4) ? 0x0001u : 0x0000u, 0x3C00}));
}

//===----------------------------------------------------------------------===//
// ap.convert: folding to the input and composition
//===----------------------------------------------------------------------===//

TEST_F(ConstantFoldingTest, ConvertToTheSameTypeFoldsAway) {
  for (StringRef op : {
           "ap.convert %x : tensor<4xf32> -> tensor<4xf32>",
           "ap.convert %x rounding toward_zero : tensor<4xf32> -> "
           "tensor<4xf32>",
           "ap.convert %x rounding stochastic seed 3 : tensor<4xf32> -> "
           "tensor<4xf32>",
       }) {
    OwningOpRef<ModuleOp> module = canonicalize(
        ("func.func @f(%x: tensor<4xf32>) -> tensor<4xf32> {\n  %r = " + op +
         "\n  return %r : tensor<4xf32>\n}")
            .str());
    ASSERT_TRUE(module);
    EXPECT_TRUE(isa<BlockArgument>(getReturn(*module).getOperand(0)))
        << print(*module);
  }
  // Saturating a format without infinities changes nothing either.
  OwningOpRef<ModuleOp> module = canonicalize(R"mlir(
    func.func @f(%x: tensor<4xf8E4M3FN>) -> tensor<4xf8E4M3FN> {
      %r = ap.convert %x saturate : tensor<4xf8E4M3FN> -> tensor<4xf8E4M3FN>
      return %r : tensor<4xf8E4M3FN>
    }
  )mlir");
  ASSERT_TRUE(module);
  EXPECT_TRUE(isa<BlockArgument>(getReturn(*module).getOperand(0)))
      << print(*module);
}

TEST_F(ConstantFoldingTest, SaturatingConvertToTheSameTypeIsKept) {
  // Saturate clamps infinities of f32 and f8E5M2: not the identity.
  for (StringRef type : {"tensor<4xf32>", "tensor<4xf8E5M2>"}) {
    OwningOpRef<ModuleOp> module =
        canonicalize(("func.func @f(%x: " + type + ") -> " + type +
                      " {\n  %r = ap.convert %x saturate : " + type + " -> " +
                      type + "\n  return %r : " + type + "\n}")
                         .str());
    ASSERT_TRUE(module);
    auto convert = getReturn(*module).getOperand(0).getDefiningOp<ConvertOp>();
    ASSERT_TRUE(convert) << print(*module);
    EXPECT_TRUE(convert.getSaturate());
  }

  // On a constant, it folds to the clamped values: binary32 max 0x7F7FFFFF.
  DenseElementsAttr attr = foldToConstant("tensor<3xf32>", R"mlir(
    %c = arith.constant dense<[0x7F800000, 0xFF800000, 1.0]> : tensor<3xf32>
    %r = ap.convert %c saturate : tensor<3xf32> -> tensor<3xf32>
  )mlir");
  EXPECT_TRUE(hasBits(attr, {0x7F7FFFFF, 0xFF7FFFFF, 0x3F800000}));
}

TEST_F(ConstantFoldingTest, ExactConvertsCompose) {
  // f16 -> f32 is exact: convert(convert(%x)) becomes one f16 -> bf16
  // conversion, which keeps the rounding of the second step.
  OwningOpRef<ModuleOp> module = canonicalize(R"mlir(
    func.func @f(%x: tensor<4xf16>) -> tensor<4xbf16> {
      %a = ap.convert %x : tensor<4xf16> -> tensor<4xf32>
      %r = ap.convert %a rounding toward_zero : tensor<4xf32> -> tensor<4xbf16>
      return %r : tensor<4xbf16>
    }
  )mlir");
  ASSERT_TRUE(module);
  auto convert = getReturn(*module).getOperand(0).getDefiningOp<ConvertOp>();
  ASSERT_TRUE(convert) << print(*module);
  EXPECT_TRUE(isa<BlockArgument>(convert.getInput())) << print(*module);
  EXPECT_EQ(convert.getRounding(), RoundingMode::TowardZero);

  // With saturate, a first step from a format without infinities is still
  // exact.
  module = canonicalize(R"mlir(
    func.func @f(%x: tensor<4xf8E4M3FN>) -> tensor<4xf32> {
      %a = ap.convert %x saturate : tensor<4xf8E4M3FN> -> tensor<4xf16>
      %r = ap.convert %a : tensor<4xf16> -> tensor<4xf32>
      return %r : tensor<4xf32>
    }
  )mlir");
  ASSERT_TRUE(module);
  convert = getReturn(*module).getOperand(0).getDefiningOp<ConvertOp>();
  ASSERT_TRUE(convert) << print(*module);
  EXPECT_TRUE(isa<BlockArgument>(convert.getInput())) << print(*module);
}

TEST_F(ConstantFoldingTest, InexactConvertsDoNotCompose) {
  for (StringRef source : {
           // The first step rounds.
           R"mlir(
    func.func @f(%x: tensor<4xf32>) -> tensor<4xf32> {
      %a = ap.convert %x : tensor<4xf32> -> tensor<4xf16>
      %r = ap.convert %a : tensor<4xf16> -> tensor<4xf32>
      return %r : tensor<4xf32>
    })mlir",
           // The first step clamps the infinities of f16.
           R"mlir(
    func.func @f(%x: tensor<4xf16>) -> tensor<4xbf16> {
      %a = ap.convert %x saturate : tensor<4xf16> -> tensor<4xf32>
      %r = ap.convert %a : tensor<4xf32> -> tensor<4xbf16>
      return %r : tensor<4xbf16>
    })mlir",
       }) {
    OwningOpRef<ModuleOp> module = canonicalize(source);
    ASSERT_TRUE(module);
    auto convert = getReturn(*module).getOperand(0).getDefiningOp<ConvertOp>();
    ASSERT_TRUE(convert) << print(*module);
    EXPECT_TRUE(convert.getInput().getDefiningOp<ConvertOp>())
        << print(*module);
  }
}

TEST_F(ConstantFoldingTest, ExactConvertDropsItsRounding) {
  OwningOpRef<ModuleOp> module = canonicalize(R"mlir(
    func.func @f(%x: tensor<4xf16>) -> tensor<4xf32> {
      %r = ap.convert %x rounding stochastic seed 7
           : tensor<4xf16> -> tensor<4xf32>
      return %r : tensor<4xf32>
    }
  )mlir");
  ASSERT_TRUE(module);
  auto convert = getReturn(*module).getOperand(0).getDefiningOp<ConvertOp>();
  ASSERT_TRUE(convert) << print(*module);
  EXPECT_EQ(convert.getRounding(), RoundingMode::NearestEven);
  EXPECT_FALSE(convert.getSeed().has_value());
}

//===----------------------------------------------------------------------===//
// ap.quantize of constants
//===----------------------------------------------------------------------===//

TEST_F(ConstantFoldingTest, QuantizeRoundsHalfToEven) {
  // Scale 1, zero point 0: q = round_half_even(x).
  DenseElementsAttr attr =
      foldToStorage("tensor<10x!quant.uniform<i8:f32, 1.0>>", R"mlir(
    %c = arith.constant dense<[0.25, 0.5, 0.75, 1.5, 2.5, -0.5, -1.5, -2.5,
                               3.5, -0.25]> : tensor<10xf32>
    %r = ap.quantize %c
         : tensor<10xf32> -> tensor<10x!quant.uniform<i8:f32, 1.0>>
  )mlir");
  EXPECT_TRUE(
      hasInts(attr, /*isSigned=*/true, {0, 0, 1, 2, 2, 0, -2, -2, 4, 0}));
}

TEST_F(ConstantFoldingTest, QuantizeAddsTheZeroPointAfterRounding) {
  // Scale 0.5, zero point -3: q = clamp(rhe(x / 0.5) - 3, -128, 127), where
  // rhe rounds half to even.
  //   1.0 -> 2 - 3 = -1;  2.5 -> 5 - 3 = 2
  //   -0.25 -> rhe(-0.5) = 0 -> -3   (adding -3 first would give -4)
  //   0.75 -> rhe(1.5) = 2 -> -1     (first: rhe(-1.5) = -2)
  //   0.25 -> rhe(0.5) = 0 -> -3     (first: rhe(-2.5) = -2)
  //   63.75 -> rhe(127.5) = 128 -> 125
  //   65 -> 130 - 3 = 127; 66 -> 129 -> 127; 100 -> 197 -> 127
  //   -62 -> -124 - 3 = -127; -62.5 -> -128; -63 -> -129 -> -128
  //   inf -> 127; -inf -> -128; NaN -> the zero point -3
  DenseElementsAttr attr =
      foldToStorage("tensor<15x!quant.uniform<i8:f32, 0.5:-3>>", R"mlir(
    %c = arith.constant dense<[1.0, 2.5, -0.25, 0.75, 0.25, 63.75, 65.0, 66.0,
                               100.0, -62.0, -62.5, -63.0, 0x7F800000,
                               0xFF800000, 0x7FC00000]> : tensor<15xf32>
    %r = ap.quantize %c
         : tensor<15xf32> -> tensor<15x!quant.uniform<i8:f32, 0.5:-3>>
  )mlir");
  EXPECT_TRUE(hasInts(attr, /*isSigned=*/true,
                      {-1, 2, -3, -1, -3, 125, 127, 127, 127, -127, -128, -128,
                       127, -128, -3}));
}

TEST_F(ConstantFoldingTest, QuantizeDividesInTheExpressedType) {
  // binary32(0.35) / binary32(0.1) = 3.49999989 exactly, 1.12e-7 below 3.5;
  // the binary32 spacing near 3.5 is 2^-22 = 2.38e-7, so the binary32
  // quotient is 3.5, which rounds half to even to 4 (exact arithmetic would
  // give 3). 0.25 / binary32(0.1) = 2.49999996 -> 2.5 -> 2.
  DenseElementsAttr attr =
      foldToStorage("tensor<2x!quant.uniform<i8:f32, 0.1>>", R"mlir(
    %c = arith.constant dense<[0.35, 0.25]> : tensor<2xf32>
    %r = ap.quantize %c : tensor<2xf32> -> tensor<2x!quant.uniform<i8:f32, 0.1>>
  )mlir");
  EXPECT_TRUE(hasInts(attr, /*isSigned=*/true, {4, 2}));
}

TEST_F(ConstantFoldingTest, QuantizeUnsigned8) {
  // Scale 0.5, zero point 128, storage [0, 255]:
  //   0 -> 128; 1 -> 130; -64 -> 0; -64.5 -> -129 + 128 = -1 -> 0;
  //   63.5 -> 255; 64 -> 256 -> 255; -1000 -> 0; 0.25 -> rhe(0.5) = 0 -> 128;
  //   0.75 -> rhe(1.5) = 2 -> 130; NaN -> 128
  DenseElementsAttr attr =
      foldToStorage("tensor<10x!quant.uniform<u8:f32, 0.5:128>>", R"mlir(
    %c = arith.constant dense<[0.0, 1.0, -64.0, -64.5, 63.5, 64.0, -1000.0,
                               0.25, 0.75, 0x7FC00000]> : tensor<10xf32>
    %r = ap.quantize %c
         : tensor<10xf32> -> tensor<10x!quant.uniform<u8:f32, 0.5:128>>
  )mlir");
  EXPECT_TRUE(hasInts(attr, /*isSigned=*/false,
                      {128, 130, 0, 0, 255, 255, 0, 128, 130, 128}));
}

TEST_F(ConstantFoldingTest, QuantizeFourBits) {
  // i4, scale 1: storage [-8, 7]: 7.4 -> 7; 7.5 -> 8 -> 7; -8.5 -> -8 (even);
  // -9 -> -8; 3.5 -> 4; -2.5 -> -2; 6.5 -> 6; -7.5 -> -8.
  DenseElementsAttr i4 =
      foldToStorage("tensor<8x!quant.uniform<i4:f32, 1.0>>", R"mlir(
    %c = arith.constant dense<[7.4, 7.5, -8.5, -9.0, 3.5, -2.5, 6.5, -7.5]>
         : tensor<8xf32>
    %r = ap.quantize %c : tensor<8xf32> -> tensor<8x!quant.uniform<i4:f32, 1.0>>
  )mlir");
  EXPECT_TRUE(hasInts(i4, /*isSigned=*/true, {7, 7, -8, -8, 4, -2, 6, -8}));

  // u4, scale 0.25, zero point 8: storage [0, 15]: 0 -> 8; 1 -> 12;
  // 2 -> 16 -> 15; -2 -> 0; -2.25 -> -1 -> 0; 0.125 -> rhe(0.5) = 0 -> 8;
  // 0.375 -> rhe(1.5) = 2 -> 10.
  DenseElementsAttr u4 =
      foldToStorage("tensor<7x!quant.uniform<u4:f32, 0.25:8>>", R"mlir(
    %c = arith.constant dense<[0.0, 1.0, 2.0, -2.0, -2.25, 0.125, 0.375]>
         : tensor<7xf32>
    %r = ap.quantize %c
         : tensor<7xf32> -> tensor<7x!quant.uniform<u4:f32, 0.25:8>>
  )mlir");
  EXPECT_TRUE(hasInts(u4, /*isSigned=*/false, {8, 12, 15, 0, 0, 8, 10}));
}

TEST_F(ConstantFoldingTest, QuantizeSplat) {
  // rhe(1.5) = 2, plus the zero point 1 -> 3 (adding first: rhe(2.5) = 2).
  DenseElementsAttr attr =
      foldToStorage("tensor<3x!quant.uniform<i8:f32, 1.0:1>>", R"mlir(
    %c = arith.constant dense<1.5> : tensor<3xf32>
    %r = ap.quantize %c
         : tensor<3xf32> -> tensor<3x!quant.uniform<i8:f32, 1.0:1>>
  )mlir");
  ASSERT_TRUE(attr);
  EXPECT_TRUE(attr.isSplat());
  EXPECT_TRUE(hasInts(attr, /*isSigned=*/true, {3, 3, 3}));
}

TEST_F(ConstantFoldingTest, QuantizePerAxis) {
  // Axis 0: row 0 has scale 0.5, row 1 scale 2.
  //   row 0: 1 -> 2; 3 -> 6; -1.25 -> rhe(-2.5) = -2
  //   row 1: 1 -> rhe(0.5) = 0; 3 -> rhe(1.5) = 2; 7 -> rhe(3.5) = 4
  DenseElementsAttr axis0 =
      foldToStorage("tensor<2x3x!quant.uniform<i8:f32:0, {0.5,2.0}>>", R"mlir(
    %c = arith.constant dense<[[1.0, 3.0, -1.25], [1.0, 3.0, 7.0]]>
         : tensor<2x3xf32>
    %r = ap.quantize %c
         : tensor<2x3xf32> -> tensor<2x3x!quant.uniform<i8:f32:0, {0.5,2.0}>>
  )mlir");
  EXPECT_TRUE(hasInts(axis0, /*isSigned=*/true, {2, 6, -2, 0, 2, 4}));

  // With zero points 1 and -1.
  DenseElementsAttr zeroPoints = foldToStorage(
      "tensor<2x3x!quant.uniform<i8:f32:0, {0.5:1,2.0:-1}>>", R"mlir(
    %c = arith.constant dense<[[1.0, 3.0, -1.25], [1.0, 3.0, 7.0]]>
         : tensor<2x3xf32>
    %r = ap.quantize %c
         : tensor<2x3xf32>
           -> tensor<2x3x!quant.uniform<i8:f32:0, {0.5:1,2.0:-1}>>
  )mlir");
  EXPECT_TRUE(hasInts(zeroPoints, /*isSigned=*/true, {3, 7, -1, -1, 1, 3}));

  // Axis 1: column j has scale {0.5, 2, 4}[j].
  //   row 0: 1 / 0.5 = 2; 1 / 2 = 0.5 -> 0; 1 / 4 = 0.25 -> 0
  //   row 1: 6 / 0.5 = 12; 6 / 2 = 3; 6 / 4 = 1.5 -> 2
  DenseElementsAttr axis1 = foldToStorage(
      "tensor<2x3x!quant.uniform<i8:f32:1, {0.5,2.0,4.0}>>", R"mlir(
    %c = arith.constant dense<[[1.0, 1.0, 1.0], [6.0, 6.0, 6.0]]>
         : tensor<2x3xf32>
    %r = ap.quantize %c
         : tensor<2x3xf32>
           -> tensor<2x3x!quant.uniform<i8:f32:1, {0.5,2.0,4.0}>>
  )mlir");
  EXPECT_TRUE(hasInts(axis1, /*isSigned=*/true, {2, 0, 0, 12, 3, 2}));
}

TEST_F(ConstantFoldingTest, QuantizePerAxisOfSplatAndRank3) {
  // A splat input with per-axis scales is not a splat any more:
  // 3 / 0.5 = 6 in row 0, 3 / 2 = 1.5 -> 2 in row 1.
  DenseElementsAttr splat =
      foldToStorage("tensor<2x2x!quant.uniform<i8:f32:0, {0.5,2.0}>>", R"mlir(
    %c = arith.constant dense<3.0> : tensor<2x2xf32>
    %r = ap.quantize %c
         : tensor<2x2xf32> -> tensor<2x2x!quant.uniform<i8:f32:0, {0.5,2.0}>>
  )mlir");
  EXPECT_TRUE(hasInts(splat, /*isSigned=*/true, {6, 6, 2, 2}));

  // Rank 3, axis 1 (stride 2, size 2): scales 1 and 0.5 alternate in pairs.
  DenseElementsAttr rank3 =
      foldToStorage("tensor<2x2x2x!quant.uniform<i8:f32:1, {1.0,0.5}>>", R"mlir(
    %c = arith.constant dense<[[[1.0, 2.0], [1.0, 2.0]],
                               [[3.0, 4.0], [3.0, 4.0]]]> : tensor<2x2x2xf32>
    %r = ap.quantize %c
         : tensor<2x2x2xf32>
           -> tensor<2x2x2x!quant.uniform<i8:f32:1, {1.0,0.5}>>
  )mlir");
  EXPECT_TRUE(hasInts(rank3, /*isSigned=*/true, {1, 2, 2, 4, 3, 4, 6, 8}));
}

//===----------------------------------------------------------------------===//
// ap.dequantize of stored constants
//===----------------------------------------------------------------------===//

TEST_F(ConstantFoldingTest, DequantizeSigned) {
  // (q + 3) * 0.5: -128 -> -62.5 (0xC27A0000); -3 -> +0; 0 -> 1.5
  // (0x3FC00000); 127 -> 65 (0x42820000); -4 -> -0.5 (0xBF000000).
  DenseElementsAttr attr = foldToConstant("tensor<5xf32>", R"mlir(
    %s = arith.constant dense<[-128, -3, 0, 127, -4]> : tensor<5xi8>
    %q = quant.scast %s
         : tensor<5xi8> to tensor<5x!quant.uniform<i8:f32, 0.5:-3>>
    %r = ap.dequantize %q
         : tensor<5x!quant.uniform<i8:f32, 0.5:-3>> -> tensor<5xf32>
  )mlir");
  EXPECT_TRUE(hasBits(
      attr, {0xC27A0000, 0x00000000, 0x3FC00000, 0x42820000, 0xBF000000}));
}

TEST_F(ConstantFoldingTest, DequantizeUnsigned) {
  // (q - 128) * 0.5 with q read as unsigned: 0 -> -64 (0xC2800000);
  // 128 -> 0; 255 -> 63.5 (0x427E0000); 129 -> 0.5 (0x3F000000).
  DenseElementsAttr attr = foldToConstant("tensor<4xf32>", R"mlir(
    %s = arith.constant dense<[0, -128, -1, -127]> : tensor<4xi8>
    %q = quant.scast %s
         : tensor<4xi8> to tensor<4x!quant.uniform<u8:f32, 0.5:128>>
    %r = ap.dequantize %q
         : tensor<4x!quant.uniform<u8:f32, 0.5:128>> -> tensor<4xf32>
  )mlir");
  EXPECT_TRUE(hasBits(attr, {0xC2800000, 0x00000000, 0x427E0000, 0x3F000000}));
}

TEST_F(ConstantFoldingTest, DequantizeRoundsInTheExpressedType) {
  // binary16(0.1) = 0x2E66 = 1638 * 2^-14 (0.1 * 2^14 = 1638.4).
  //   q = 1 -> 0x2E66; q = -1 -> 0xAE66
  //   q = 3 -> 4914 * 2^-14, 13 significant bits: ulp 2^-12 and
  //     4914 / 4 = 1228.5, a tie -> 1228 * 2^-12 = 1.0011001100b * 2^-2
  //     -> 0.01101.0011001100 = 0x34CC
  //   q = 10 -> 16380 * 2^-14 = 2047.5 * 2^-11, a tie -> 2048 * 2^-11 = 1.0
  //     -> 0x3C00
  DenseElementsAttr attr = foldToConstant("tensor<4xf16>", R"mlir(
    %s = arith.constant dense<[1, -1, 3, 10]> : tensor<4xi8>
    %q = quant.scast %s : tensor<4xi8> to tensor<4x!quant.uniform<i8:f16, 0.1>>
    %r = ap.dequantize %q
         : tensor<4x!quant.uniform<i8:f16, 0.1>> -> tensor<4xf16>
  )mlir");
  EXPECT_TRUE(hasBits(attr, {0x2E66, 0xAE66, 0x34CC, 0x3C00}));

  // The difference q - zero_point is first rounded to binary16 (11
  // significant bits): 2049 -> 2048 (tie, even) = 0.11010.0 = 0x6800;
  // 2051 -> 2052 (tie, even) = 0x6802; -2049 -> -2048 = 0xE800.
  DenseElementsAttr wide = foldToConstant("tensor<3xf16>", R"mlir(
    %s = arith.constant dense<[2049, 2051, -2049]> : tensor<3xi32>
    %q = quant.scast %s
         : tensor<3xi32> to tensor<3x!quant.uniform<i32:f16, 1.0>>
    %r = ap.dequantize %q
         : tensor<3x!quant.uniform<i32:f16, 1.0>> -> tensor<3xf16>
  )mlir");
  EXPECT_TRUE(hasBits(wide, {0x6800, 0x6802, 0xE800}));
}

TEST_F(ConstantFoldingTest, DequantizePerAxisAndSplat) {
  // Axis 1: column 0 has scale 0.5 and zero point 1, column 1 scale 2 and
  // zero point -1: [[(1-1)*0.5, (1+1)*2], [(3-1)*0.5, (-3+1)*2]]
  // = [[0, 4], [1, -4]].
  DenseElementsAttr perAxis = foldToConstant("tensor<2x2xf32>", R"mlir(
    %s = arith.constant dense<[[1, 1], [3, -3]]> : tensor<2x2xi8>
    %q = quant.scast %s
         : tensor<2x2xi8>
           to tensor<2x2x!quant.uniform<i8:f32:1, {0.5:1,2.0:-1}>>
    %r = ap.dequantize %q
         : tensor<2x2x!quant.uniform<i8:f32:1, {0.5:1,2.0:-1}>>
           -> tensor<2x2xf32>
  )mlir");
  EXPECT_TRUE(
      hasBits(perAxis, {0x00000000, 0x40800000, 0x3F800000, 0xC0800000}));

  // (5 - 1) * 0.25 = 1.0 everywhere.
  DenseElementsAttr splat = foldToConstant("tensor<3xf32>", R"mlir(
    %s = arith.constant dense<5> : tensor<3xi8>
    %q = quant.scast %s
         : tensor<3xi8> to tensor<3x!quant.uniform<i8:f32, 0.25:1>>
    %r = ap.dequantize %q
         : tensor<3x!quant.uniform<i8:f32, 0.25:1>> -> tensor<3xf32>
  )mlir");
  ASSERT_TRUE(splat);
  EXPECT_TRUE(splat.isSplat());
  EXPECT_TRUE(hasBits(splat, {0x3F800000, 0x3F800000, 0x3F800000}));
}

TEST_F(ConstantFoldingTest, DequantizeOfQuantizedConstantKeepsTheLoss) {
  // Both steps fold on a constant, and the result is the quantized value,
  // not the input: scale 0.5: 0.3 -> rhe(0.6) = 1 -> 0.5 (0x3F000000);
  // 1.1 -> rhe(2.2) = 2 -> 1.0; 100 -> 200 -> 127 -> 63.5 (0x427E0000).
  DenseElementsAttr attr = foldToConstant("tensor<3xf32>", R"mlir(
    %c = arith.constant dense<[0.3, 1.1, 100.0]> : tensor<3xf32>
    %q = ap.quantize %c : tensor<3xf32> -> tensor<3x!quant.uniform<i8:f32, 0.5>>
    %r = ap.dequantize %q
         : tensor<3x!quant.uniform<i8:f32, 0.5>> -> tensor<3xf32>
  )mlir");
  EXPECT_TRUE(hasBits(attr, {0x3F000000, 0x3F800000, 0x427E0000}));
}

//===----------------------------------------------------------------------===//
// Quantize/dequantize pairs
//===----------------------------------------------------------------------===//

TEST_F(ConstantFoldingTest, DequantizeOfQuantizeIsNotFolded) {
  OwningOpRef<ModuleOp> module = canonicalize(R"mlir(
    func.func @f(%x: tensor<4xf32>) -> tensor<4xf32> {
      %q = ap.quantize %x
           : tensor<4xf32> -> tensor<4x!quant.uniform<i8:f32, 0.5:-3>>
      %r = ap.dequantize %q
           : tensor<4x!quant.uniform<i8:f32, 0.5:-3>> -> tensor<4xf32>
      return %r : tensor<4xf32>
    }
  )mlir");
  ASSERT_TRUE(module);
  auto dequantize =
      getReturn(*module).getOperand(0).getDefiningOp<DequantizeOp>();
  ASSERT_TRUE(dequantize) << print(*module);
  auto quantize = dequantize.getInput().getDefiningOp<QuantizeOp>();
  ASSERT_TRUE(quantize) << print(*module);
  EXPECT_TRUE(isa<BlockArgument>(quantize.getInput()));
}

TEST_F(ConstantFoldingTest, QuantizeOfDequantizeIsFolded) {
  for (StringRef type : {
           "tensor<4x!quant.uniform<i8:f32, 0.5:-3>>",
           "tensor<4x!quant.uniform<u8:f32, 0.1:128>>",
           "tensor<2x2x!quant.uniform<i8:f32:0, {0.5:1,2.0:-1}>>",
       }) {
    StringRef floatType =
        type.starts_with("tensor<4x") ? "tensor<4xf32>" : "tensor<2x2xf32>";
    std::string source = ("func.func @f(%q: " + type + ") -> " + type +
                          " {\n  %x = ap.dequantize %q : " + type + " -> " +
                          floatType + "\n  %r = ap.quantize %x : " + floatType +
                          " -> " + type + "\n  return %r : " + type + "\n}")
                             .str();
    OwningOpRef<ModuleOp> module = canonicalize(source);
    ASSERT_TRUE(module);
    EXPECT_TRUE(isa<BlockArgument>(getReturn(*module).getOperand(0)))
        << print(*module);
  }
}

TEST_F(ConstantFoldingTest, QuantizeOfDequantizeWithAnotherTypeIsNotFolded) {
  OwningOpRef<ModuleOp> module = canonicalize(R"mlir(
    func.func @f(%q: tensor<4x!quant.uniform<i8:f32, 0.5:-3>>)
        -> tensor<4x!quant.uniform<i8:f32, 0.25:-3>> {
      %x = ap.dequantize %q
           : tensor<4x!quant.uniform<i8:f32, 0.5:-3>> -> tensor<4xf32>
      %r = ap.quantize %x
           : tensor<4xf32> -> tensor<4x!quant.uniform<i8:f32, 0.25:-3>>
      return %r : tensor<4x!quant.uniform<i8:f32, 0.25:-3>>
    }
  )mlir");
  ASSERT_TRUE(module);
  auto quantize = getReturn(*module).getOperand(0).getDefiningOp<QuantizeOp>();
  ASSERT_TRUE(quantize) << print(*module);
  EXPECT_TRUE(quantize.getInput().getDefiningOp<DequantizeOp>());
}

} // namespace
