//===- FloatEmulation.cpp - Exact float conversions with arith ops --------===//
//
// Part of the ap project: an adaptive-precision compiler built on MLIR.
//
//===----------------------------------------------------------------------===//
//
// The conversion works on the encodings, in i64:
//
// 1. The source encoding is decoded into a sign, an integer significand `m`
//    (with the hidden bit for normal values) and the exponent `q` of its
//    lowest bit, so that |x| = m * 2^q exactly.
// 2. The destination exponent of the result is E = max(L, emin) where L is
//    the position of the leading bit of |x| (from the exponent field, or from
//    the count of leading zeros of `m` for a subnormal source whose value can
//    be normal in the destination) and emin the smallest normal exponent of
//    the destination; the destination quantum is then 2^(E - mantissaBits).
// 3. `m` is shifted by k = (E - mantissaBits) - q bits: left (exact) when
//    k <= 0; right when k > 0, keeping the k discarded bits, which decide
//    the rounding: nearest even (more than half, or exactly half and odd),
//    toward zero (never up), or stochastic (up iff the 32 random bits are
//    below the discarded fraction scaled by 2^32, computed exactly as
//    ceil(rem * 2^32 / 2^k)).
// 4. The magnitude encoding is ((E + bias - 1) << mantissaBits) + r + up:
//    the hidden bit of r adds the missing 1 to the exponent field, and a
//    rounding carry out of the significand moves to the next binade by
//    itself. A subnormal result has E = emin, exponent term 0, r < 2^M.
// 5. An encoding above the largest finite one has overflowed: the largest
//    finite value (toward_zero, or saturate), else infinity or NaN.
//    NaN, infinities and zeros of the source are selected separately.
//
// Every shift amount is clamped to [0, 63] so that nothing is poison; the
// clamping does not change any result because m < 2^53.
//
//===----------------------------------------------------------------------===//

#include "FloatEmulation.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Math/IR/Math.h"

using namespace mlir;
using namespace mlir::ap;

using llvm::APFloat;
using llvm::APFloatBase;

std::optional<FloatFormat> FloatFormat::get(Type type) {
  auto floatType = dyn_cast<FloatType>(type);
  if (!floatType)
    return std::nullopt;
  const llvm::fltSemantics &semantics = floatType.getFloatSemantics();
  unsigned width = APFloatBase::semanticsSizeInBits(semantics);
  if (width != floatType.getWidth() ||
      (width != 8 && width != 16 && width != 32 && width != 64))
    return std::nullopt;
  if (!APFloatBase::semanticsHasNaN(semantics) ||
      !APFloatBase::semanticsHasSignedRepr(semantics))
    return std::nullopt;

  FloatFormat format;
  format.type = floatType;
  format.width = width;
  format.mantissaBits = APFloatBase::semanticsPrecision(semantics) - 1;
  format.bias = 1 - APFloatBase::semanticsMinExponent(semantics);
  format.hasInf = APFloatBase::semanticsHasInf(semantics);
  if (format.mantissaBits + 2 > width)
    return std::nullopt;
  unsigned exponentBits = width - 1 - format.mantissaBits;
  uint64_t exponentMask = (uint64_t(1) << exponentBits) - 1;
  uint64_t mantissaMask = (uint64_t(1) << format.mantissaBits) - 1;
  auto bits = [](const APFloat &value) {
    return value.bitcastToAPInt().getZExtValue();
  };

  // Check that the format is encoded as this file assumes.
  format.maxFinite = bits(APFloat::getLargest(semantics));
  uint64_t expectedMax =
      format.hasInf
          ? ((exponentMask - 1) << format.mantissaBits) | mantissaMask
          : (exponentMask << format.mantissaBits) | (mantissaMask - 1);
  if (format.maxFinite != expectedMax ||
      APFloatBase::semanticsMaxExponent(semantics) !=
          static_cast<int64_t>(format.hasInf ? exponentMask - 1
                                             : exponentMask) -
              format.bias ||
      bits(APFloat::getSmallestNormalized(semantics)) !=
          (uint64_t(1) << format.mantissaBits) ||
      bits(APFloat::getZero(semantics, /*Negative=*/true)) != format.signBit())
    return std::nullopt;
  format.infinity = 0;
  if (format.hasInf) {
    format.infinity = bits(APFloat::getInf(semantics));
    if (format.infinity != exponentMask << format.mantissaBits)
      return std::nullopt;
  }
  format.positiveNaN = bits(APFloat::getNaN(semantics, /*Negative=*/false));
  format.negativeNaN = bits(APFloat::getNaN(semantics, /*Negative=*/true));
  // NaNs are the magnitudes above the infinity or, without infinities, above
  // the largest finite value.
  uint64_t magnitudeMask = format.signBit() - 1;
  uint64_t lastNumber = format.hasInf ? format.infinity : format.maxFinite;
  if ((format.positiveNaN & magnitudeMask) <= lastNumber ||
      (format.negativeNaN & magnitudeMask) <= lastNumber ||
      (format.negativeNaN & format.signBit()) == 0)
    return std::nullopt;
  return format;
}

namespace {
/// Creates scalar i64 arith ops at one location.
class IntegerBuilder {
public:
  IntegerBuilder(OpBuilder &builder, Location loc)
      : builder(builder), loc(loc) {}

  Value constant(uint64_t value) {
    return arith::ConstantIntOp::create(builder, loc,
                                        static_cast<int64_t>(value), 64);
  }
  Value add(Value a, Value b) {
    return arith::AddIOp::create(builder, loc, a, b);
  }
  Value sub(Value a, Value b) {
    return arith::SubIOp::create(builder, loc, a, b);
  }
  Value mul(Value a, Value b) {
    return arith::MulIOp::create(builder, loc, a, b);
  }
  Value andI(Value a, Value b) {
    return arith::AndIOp::create(builder, loc, a, b);
  }
  Value orI(Value a, Value b) {
    return arith::OrIOp::create(builder, loc, a, b);
  }
  Value xorI(Value a, Value b) {
    return arith::XOrIOp::create(builder, loc, a, b);
  }
  Value shl(Value a, Value b) {
    return arith::ShLIOp::create(builder, loc, a, b);
  }
  Value shr(Value a, Value b) {
    return arith::ShRUIOp::create(builder, loc, a, b);
  }
  Value shl(Value a, uint64_t b) { return shl(a, constant(b)); }
  Value shr(Value a, uint64_t b) { return shr(a, constant(b)); }
  Value maxS(Value a, Value b) {
    return arith::MaxSIOp::create(builder, loc, a, b);
  }
  Value minS(Value a, Value b) {
    return arith::MinSIOp::create(builder, loc, a, b);
  }
  /// `a` clamped to the valid shift amounts [0, 63].
  Value shiftAmount(Value a) {
    return minS(maxS(a, constant(0)), constant(63));
  }
  Value cmp(arith::CmpIPredicate predicate, Value a, Value b) {
    return arith::CmpIOp::create(builder, loc, predicate, a, b);
  }
  Value select(Value condition, Value a, Value b) {
    return arith::SelectOp::create(builder, loc, condition, a, b);
  }
  Value zext(Value bit) {
    return arith::ExtUIOp::create(builder, loc, builder.getI64Type(), bit);
  }

private:
  OpBuilder &builder;
  Location loc;
};
} // namespace

/// The float constant of `format` with the encoding `bits`.
static Value floatConstant(OpBuilder &builder, Location loc,
                           const FloatFormat &format, uint64_t bits) {
  APFloat value(format.type.getFloatSemantics(),
                llvm::APInt(format.width, bits));
  return arith::ConstantOp::create(builder, loc,
                                   builder.getFloatAttr(format.type, value));
}

/// Whether LLVM has a native type for `type` whose extensions are exact.
static bool isNativeFloat(Type type) {
  return isa<Float16Type, BFloat16Type, Float32Type, Float64Type>(type);
}

/// An exact widening between native formats: arith.extf, with the NaN
/// payload canonicalized and the infinities clamped when saturating.
static Value emitNativeWidening(OpBuilder &builder, Location loc, Value value,
                                const FloatFormat &from, const FloatFormat &to,
                                bool saturate) {
  Value extended = arith::ExtFOp::create(builder, loc, to.type, value);
  Value sourceBits = arith::BitcastOp::create(
      builder, loc, builder.getIntegerType(from.width), value);
  Value zero = arith::ConstantIntOp::create(builder, loc, 0, from.width);
  Value negative = arith::CmpIOp::create(
      builder, loc, arith::CmpIPredicate::slt, sourceBits, zero);
  auto select = [&](Value condition, Value a, Value b) -> Value {
    return arith::SelectOp::create(builder, loc, condition, a, b);
  };
  if (saturate && from.hasInf) {
    Value isInf = arith::CmpFOp::create(
        builder, loc, arith::CmpFPredicate::OEQ,
        arith::ConstantOp::create(
            builder, loc,
            builder.getFloatAttr(to.type,
                                 APFloat::getInf(to.type.getFloatSemantics()))),
        math::AbsFOp::create(builder, loc, extended));
    Value largest = select(
        negative, floatConstant(builder, loc, to, to.maxFinite | to.signBit()),
        floatConstant(builder, loc, to, to.maxFinite));
    extended = select(isInf, largest, extended);
  }
  Value isNaN = arith::CmpFOp::create(builder, loc, arith::CmpFPredicate::UNO,
                                      value, value);
  Value nan = select(negative, floatConstant(builder, loc, to, to.negativeNaN),
                     floatConstant(builder, loc, to, to.positiveNaN));
  return select(isNaN, nan, extended);
}

Value mlir::ap::emitConvertFloat(OpBuilder &builder, Location loc, Value value,
                                 FloatType toType, numerics::Rounding rounding,
                                 bool saturate, Value randomBits) {
  using Pred = arith::CmpIPredicate;
  FloatFormat from = *FloatFormat::get(value.getType());
  FloatFormat to = *FloatFormat::get(toType);
  if (numerics::isExactlyRepresentable(from.type.getFloatSemantics(),
                                       to.type.getFloatSemantics()) &&
      from.width < to.width && isNativeFloat(from.type) &&
      isNativeFloat(to.type))
    return emitNativeWidening(builder, loc, value, from, to, saturate);

  IntegerBuilder b(builder, loc);
  Type i64 = builder.getI64Type();

  // 1. Decode: |x| = m * 2^q.
  Value encoding = arith::BitcastOp::create(
      builder, loc, builder.getIntegerType(from.width), value);
  if (from.width < 64)
    encoding = arith::ExtUIOp::create(builder, loc, i64, encoding);
  Value sign = b.shr(encoding, from.width - 1);
  Value magnitude = b.andI(encoding, b.constant(from.signBit() - 1));
  Value exponentField = b.shr(magnitude, from.mantissaBits);
  Value mantissa =
      b.andI(magnitude, b.constant((uint64_t(1) << from.mantissaBits) - 1));
  Value isSubnormal = b.cmp(Pred::eq, exponentField, b.constant(0));
  Value significand =
      b.select(isSubnormal, mantissa,
               b.orI(mantissa, b.constant(uint64_t(1) << from.mantissaBits)));
  Value one = b.constant(1);
  Value biasedExponent = b.select(isSubnormal, one, exponentField);
  Value lowExponent =
      b.sub(biasedExponent,
            b.constant(static_cast<uint64_t>(from.bias) + from.mantissaBits));

  // 2. The exponent of the result.
  Value leading;
  if (from.minExponent() > to.minExponent()) {
    // A subnormal source may be normal in the destination: find its leading
    // bit.
    Value zeros = math::CountLeadingZerosOp::create(builder, loc, significand);
    leading = b.add(b.sub(b.constant(63), zeros), lowExponent);
  } else {
    // Source subnormals are below every normal value of the destination.
    leading = b.select(
        isSubnormal, b.constant(static_cast<uint64_t>(from.minExponent() - 1)),
        b.sub(exponentField, b.constant(from.bias)));
  }
  Value exponent =
      b.maxS(leading, b.constant(static_cast<uint64_t>(to.minExponent())));

  // 3. Shift to the destination quantum, keeping the discarded bits.
  Value shift =
      b.sub(b.sub(exponent, b.constant(to.mantissaBits)), lowExponent);
  Value rightShift = b.shiftAmount(shift);
  Value leftShift = b.shiftAmount(b.sub(b.constant(0), shift));
  Value truncated = b.shl(b.shr(significand, rightShift), leftShift);
  Value remainder = b.andI(significand, b.sub(b.shl(one, rightShift), one));
  Value up;
  switch (rounding) {
  case numerics::Rounding::NearestEven: {
    Value half = b.shr(b.shl(one, rightShift), one);
    Value odd = b.cmp(Pred::ne, b.andI(truncated, one), b.constant(0));
    Value isHalf = b.cmp(Pred::eq, remainder, half);
    Value nonzero = b.cmp(Pred::ne, remainder, b.constant(0));
    up = arith::OrIOp::create(
        builder, loc, b.cmp(Pred::ugt, remainder, half),
        arith::AndIOp::create(
            builder, loc, isHalf,
            arith::AndIOp::create(builder, loc, odd, nonzero)));
    break;
  }
  case numerics::Rounding::TowardZero:
    up = arith::ConstantIntOp::create(builder, loc, 0, 1);
    break;
  case numerics::Rounding::Stochastic: {
    // ceil(remainder * 2^32 / 2^shift), exactly.
    Value excess = b.sub(shift, b.constant(32));
    Value down = b.shiftAmount(excess);
    Value upShift = b.shiftAmount(b.sub(b.constant(0), excess));
    Value lost = b.andI(remainder, b.sub(b.shl(one, down), one));
    Value ceiling = b.add(b.shr(remainder, down),
                          b.zext(b.cmp(Pred::ne, lost, b.constant(0))));
    Value threshold = b.shl(ceiling, upShift);
    up = b.cmp(Pred::ult, randomBits, threshold);
    break;
  }
  }

  // 4. Encode the magnitude.
  Value exponentTerm =
      b.shl(b.add(exponent, b.constant(static_cast<uint64_t>(to.bias - 1))),
            to.mantissaBits);
  Value result = b.add(b.add(exponentTerm, truncated), b.zext(up));
  Value isZero = b.cmp(Pred::eq, significand, b.constant(0));
  result = b.select(isZero, b.constant(0), result);

  // 5. Overflow and the special values of the source.
  Value negative = b.cmp(Pred::ne, sign, b.constant(0));
  Value signBit = b.shl(sign, to.width - 1);
  auto withSign = [&](uint64_t magnitudeBits) {
    return b.orI(signBit, b.constant(magnitudeBits));
  };
  Value nan = b.select(negative, b.constant(to.negativeNaN),
                       b.constant(to.positiveNaN));
  Value largest = withSign(to.maxFinite);
  Value beyond = saturate ? largest : to.hasInf ? withSign(to.infinity) : nan;
  Value overflow =
      rounding == numerics::Rounding::TowardZero ? largest : beyond;
  Value overflows = b.cmp(Pred::ugt, result, b.constant(to.maxFinite));
  result = b.select(overflows, overflow, b.orI(signBit, result));

  uint64_t lastNumber = from.hasInf ? from.infinity : from.maxFinite;
  Value isNaN = b.cmp(Pred::ugt, magnitude, b.constant(lastNumber));
  if (from.hasInf) {
    Value isInf = b.cmp(Pred::eq, magnitude, b.constant(from.infinity));
    result = b.select(isInf, beyond, result);
  }
  result = b.select(isNaN, nan, result);

  if (to.width < 64)
    result = arith::TruncIOp::create(builder, loc,
                                     builder.getIntegerType(to.width), result);
  return arith::BitcastOp::create(builder, loc, toType, result);
}

Value mlir::ap::emitStochasticBits(OpBuilder &builder, Location loc,
                                   uint64_t seed, Value index) {
  // One op per statement, so that the ops come in this order.
  IntegerBuilder b(builder, loc);
  Value position = b.add(index, b.constant(1));
  Value z = b.mul(position, b.constant(0x9E3779B97F4A7C15ULL));
  z = b.add(z, b.constant(seed));
  Value mixed = b.xorI(z, b.shr(z, 30));
  z = b.mul(mixed, b.constant(0xBF58476D1CE4E5B9ULL));
  mixed = b.xorI(z, b.shr(z, 27));
  z = b.mul(mixed, b.constant(0x94D049BB133111EBULL));
  z = b.xorI(z, b.shr(z, 31));
  return b.shr(z, 32);
}
