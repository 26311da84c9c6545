//===- Formats.cpp - Number formats in host memory ------------------------===//
//
// Part of the ap project: an adaptive-precision compiler built on MLIR.
//
//===----------------------------------------------------------------------===//
//
// Every conversion goes through f32, which holds every value of the narrower
// formats exactly: a value is first decoded to f32 (exact), then rounded to
// the destination by integer arithmetic on its significand. One rounding
// only, so the result is the correctly rounded one APFloat computes.
//
//===----------------------------------------------------------------------===//

#include "ap/Runtime/Formats.h"

#include "llvm/Support/MathExtras.h"

#include <algorithm>
#include <array>
#include <cstring>

using namespace ap::rt;

namespace {
/// The encoding of a binary floating-point format.
struct FloatLayout {
  /// Exponent and mantissa (trailing significand) bits.
  unsigned exponentBits, mantissaBits;
  /// The exponent bias.
  int bias;
  /// Whether the all-ones exponent encodes infinities and NaN (IEEE 754);
  /// otherwise (the OCP "FN" formats) only the all-ones encoding is NaN and
  /// there is no infinity.
  bool ieee;

  unsigned getWidth() const { return 1 + exponentBits + mantissaBits; }
  uint32_t getMaxExponent() const { return (1u << exponentBits) - 1; }
  uint32_t getMantissaMask() const { return (1u << mantissaBits) - 1; }
  /// The encoding of the largest finite magnitude.
  uint32_t getLargest() const {
    if (ieee)
      return ((getMaxExponent() - 1) << mantissaBits) | getMantissaMask();
    return (getMaxExponent() << mantissaBits) | (getMantissaMask() - 1);
  }
  /// The encoding of the positive quiet NaN APFloat produces.
  uint32_t getQuietNaN() const {
    if (ieee)
      return (getMaxExponent() << mantissaBits) | (1u << (mantissaBits - 1));
    return (getMaxExponent() << mantissaBits) | getMantissaMask();
  }
};
} // namespace

/// The layout of a floating-point format.
static const FloatLayout &getLayout(Format format) {
  static const FloatLayout f32{8, 23, 127, true};
  static const FloatLayout f16{5, 10, 15, true};
  static const FloatLayout bf16{8, 7, 127, true};
  static const FloatLayout f8E4M3FN{4, 3, 7, false};
  static const FloatLayout f8E5M2{5, 2, 15, true};
  switch (format) {
  case Format::F32:
    return f32;
  case Format::F16:
    return f16;
  case Format::BF16:
    return bf16;
  case Format::F8E4M3FN:
    return f8E4M3FN;
  case Format::F8E5M2:
    return f8E5M2;
  default:
    llvm_unreachable("not a floating-point format");
  }
}

std::optional<Format> ap::rt::getFormat(int32_t value) {
  if ((value >= 0 && value <= static_cast<int32_t>(Format::U4)) ||
      value == static_cast<int32_t>(Format::Opaque))
    return static_cast<Format>(value);
  return std::nullopt;
}

llvm::StringRef ap::rt::getFormatName(Format format) {
  switch (format) {
  case Format::F32:
    return "f32";
  case Format::F16:
    return "f16";
  case Format::BF16:
    return "bf16";
  case Format::F8E4M3FN:
    return "f8E4M3FN";
  case Format::F8E5M2:
    return "f8E5M2";
  case Format::I32:
    return "i32";
  case Format::I16:
    return "i16";
  case Format::I8:
    return "i8";
  case Format::U8:
    return "u8";
  case Format::I4:
    return "i4";
  case Format::U4:
    return "u4";
  case Format::Opaque:
    return "opaque";
  }
  llvm_unreachable("unknown format");
}

std::optional<Format> ap::rt::parseFormatName(llvm::StringRef name) {
  for (Format format :
       {Format::F32, Format::F16, Format::BF16, Format::F8E4M3FN,
        Format::F8E5M2, Format::I32, Format::I16, Format::I8, Format::U8,
        Format::I4, Format::U4, Format::Opaque})
    if (getFormatName(format) == name)
      return format;
  return std::nullopt;
}

bool ap::rt::isFloatFormat(Format format) {
  return static_cast<int32_t>(format) <= static_cast<int32_t>(Format::F8E5M2);
}

unsigned ap::rt::getPackedBits(Format format) {
  switch (format) {
  case Format::F32:
  case Format::I32:
    return 32;
  case Format::F16:
  case Format::BF16:
  case Format::I16:
    return 16;
  case Format::F8E4M3FN:
  case Format::F8E5M2:
  case Format::I8:
  case Format::U8:
  case Format::Opaque:
    return 8;
  case Format::I4:
  case Format::U4:
    return 4;
  }
  llvm_unreachable("unknown format");
}

unsigned ap::rt::getHostBytes(Format format) {
  return std::max(1u, getPackedBits(format) / 8);
}

int64_t ap::rt::getPackedBytes(Format format, int64_t elements) {
  // ceil(elements * bits / 8), as mlir::ap::getStorageBytes.
  unsigned bits = getPackedBits(format);
  if (bits >= 8)
    return elements * static_cast<int64_t>(bits / 8);
  int64_t perByte = 8 / bits;
  return elements / perByte + (elements % perByte != 0);
}

uint32_t ap::rt::convertFromF32(uint32_t bits, Format to) {
  uint32_t sign = bits >> 31;
  uint32_t magnitude = bits & 0x7fffffffu;
  if (to == Format::F32) {
    if (magnitude > 0x7f800000u)
      return (sign << 31) | 0x7fc00000u;
    if (magnitude == 0x7f800000u)
      return (sign << 31) | 0x7f7fffffu;
    return bits;
  }
  const FloatLayout &layout = getLayout(to);
  unsigned m = layout.mantissaBits;
  uint32_t signOut = sign << (layout.exponentBits + m);
  if (magnitude > 0x7f800000u)
    return signOut | layout.getQuietNaN();
  if (magnitude == 0x7f800000u)
    return signOut | layout.getLargest();
  if (magnitude == 0)
    return signOut;

  // The value is significand * 2^exponent with an integer significand.
  uint32_t biasedIn = magnitude >> 23;
  uint64_t significand = magnitude & 0x7fffffu;
  int exponent = -149;
  if (biasedIn != 0) {
    significand |= 0x800000u;
    exponent = static_cast<int>(biasedIn) - 150;
  }
  int msb = 63 - llvm::countl_zero(significand);
  // The exponent of the result's last mantissa bit: m bits below the
  // leading one, but no lower than that of the subnormals.
  int minExponent = 1 - layout.bias;
  int quantum = std::max(exponent + msb, minExponent) - static_cast<int>(m);
  int shift = quantum - exponent;
  uint64_t rounded;
  if (shift <= 0) {
    rounded = significand << -shift;
  } else if (shift > 40) {
    // Below half of the smallest subnormal: rounds to zero.
    rounded = 0;
  } else {
    rounded = significand >> shift;
    uint64_t remainder = significand & ((uint64_t(1) << shift) - 1);
    uint64_t half = uint64_t(1) << (shift - 1);
    if (remainder > half || (remainder == half && (rounded & 1)))
      ++rounded;
  }
  if (rounded >> (m + 1)) {
    // Rounding carried into a new leading bit.
    rounded >>= 1;
    ++quantum;
  }
  if (rounded == 0)
    return signOut;
  uint32_t biased = 0, mantissa = static_cast<uint32_t>(rounded);
  if (rounded >> m) {
    biased = static_cast<uint32_t>(quantum + static_cast<int>(m) + layout.bias);
    mantissa = static_cast<uint32_t>(rounded) & layout.getMantissaMask();
  }
  uint32_t encoded = (biased << m) | mantissa;
  bool overflow = layout.ieee ? biased >= layout.getMaxExponent()
                              : encoded > layout.getLargest();
  if (overflow)
    return signOut | layout.getLargest();
  return signOut | encoded;
}

uint32_t ap::rt::convertToF32(uint32_t bits, Format from) {
  const FloatLayout &layout = getLayout(from);
  unsigned m = layout.mantissaBits;
  uint32_t sign = (bits >> (layout.exponentBits + m)) & 1;
  uint32_t biased = (bits >> m) & layout.getMaxExponent();
  uint32_t mantissa = bits & layout.getMantissaMask();
  uint32_t signOut = sign << 31;
  if (layout.ieee && biased == layout.getMaxExponent())
    return signOut | (mantissa == 0 ? 0x7f800000u : 0x7fc00000u);
  if (!layout.ieee && biased == layout.getMaxExponent() &&
      mantissa == layout.getMantissaMask())
    return signOut | 0x7fc00000u;
  if (from == Format::F32)
    return bits;
  if (biased == 0) {
    if (mantissa == 0)
      return signOut;
    // A subnormal: mantissa * 2^(1 - bias - m).
    int msb = 31 - llvm::countl_zero(mantissa);
    int exponent = 1 - layout.bias - static_cast<int>(m) + msb;
    if (exponent >= -126)
      return signOut | (static_cast<uint32_t>(exponent + 127) << 23) |
             ((mantissa << (23 - msb)) & 0x7fffffu);
    // Also subnormal in f32 (bf16): the same bits, scaled.
    return signOut | (mantissa << (150 - layout.bias - static_cast<int>(m)));
  }
  return signOut |
         (static_cast<uint32_t>(static_cast<int>(biased) - layout.bias + 127)
          << 23) |
         (mantissa << (23 - m));
}

uint32_t ap::rt::convertBits(uint32_t bits, Format from, Format to) {
  if (from == Format::F32)
    return convertFromF32(bits, to);
  return convertFromF32(convertToF32(bits, from), to);
}

bool ap::rt::canConvert(Format from, Format to) {
  if (from == to)
    return true;
  return isFloatFormat(from) && isFloatFormat(to);
}

/// Loads the bit pattern of element `index` of a float array of `format`.
static uint32_t loadBits(Format format, const void *data, int64_t index) {
  switch (getLayout(format).getWidth()) {
  case 32: {
    uint32_t value;
    std::memcpy(&value, static_cast<const char *>(data) + 4 * index, 4);
    return value;
  }
  case 16: {
    uint16_t value;
    std::memcpy(&value, static_cast<const char *>(data) + 2 * index, 2);
    return value;
  }
  default:
    return static_cast<const uint8_t *>(data)[index];
  }
}

/// Stores `bits` as element `index` of a float array of `format`.
static void storeBits(Format format, void *data, int64_t index, uint32_t bits) {
  switch (getLayout(format).getWidth()) {
  case 32:
    std::memcpy(static_cast<char *>(data) + 4 * index, &bits, 4);
    return;
  case 16: {
    uint16_t value = static_cast<uint16_t>(bits);
    std::memcpy(static_cast<char *>(data) + 2 * index, &value, 2);
    return;
  }
  default:
    static_cast<uint8_t *>(data)[index] = static_cast<uint8_t>(bits);
  }
}

llvm::Error ap::rt::convertElements(Format from, Format to, const void *source,
                                    void *destination, int64_t elements,
                                    int64_t opaqueBytes) {
  if (!canConvert(from, to))
    return llvm::createStringError(
        "cannot convert values of format '%s' to format '%s': only "
        "floating-point formats convert, other formats only copy to "
        "themselves",
        getFormatName(from).str().c_str(), getFormatName(to).str().c_str());
  if (elements <= 0)
    return llvm::Error::success();
  if (from == to) {
    int64_t bytes = from == Format::Opaque
                        ? opaqueBytes
                        : elements * static_cast<int64_t>(getHostBytes(from));
    std::memmove(destination, source, static_cast<size_t>(bytes));
    return llvm::Error::success();
  }
  // An 8-bit source has few values: convert each once.
  if (getLayout(from).getWidth() == 8 && elements > 256) {
    std::array<uint32_t, 256> table;
    for (uint32_t bits = 0; bits < 256; ++bits)
      table[bits] = convertBits(bits, from, to);
    for (int64_t i = 0; i < elements; ++i)
      storeBits(to, destination, i, table[loadBits(from, source, i)]);
    return llvm::Error::success();
  }
  for (int64_t i = 0; i < elements; ++i)
    storeBits(to, destination, i,
              convertBits(loadBits(from, source, i), from, to));
  return llvm::Error::success();
}

double ap::rt::readElement(Format format, const void *data, int64_t index) {
  switch (format) {
  case Format::F32:
  case Format::F16:
  case Format::BF16:
  case Format::F8E4M3FN:
  case Format::F8E5M2: {
    uint32_t bits = loadBits(format, data, index);
    if (format != Format::F32)
      bits = convertToF32(bits, format);
    float value;
    std::memcpy(&value, &bits, 4);
    return value;
  }
  case Format::I32: {
    int32_t value;
    std::memcpy(&value, static_cast<const char *>(data) + 4 * index, 4);
    return value;
  }
  case Format::I16: {
    int16_t value;
    std::memcpy(&value, static_cast<const char *>(data) + 2 * index, 2);
    return value;
  }
  case Format::I8:
  case Format::I4:
    return static_cast<const int8_t *>(data)[index];
  case Format::U8:
  case Format::U4:
    return static_cast<const uint8_t *>(data)[index];
  case Format::Opaque:
    break;
  }
  llvm_unreachable("opaque values have no numeric value");
}

double ap::rt::getMaxFinite(Format format) {
  switch (format) {
  case Format::I32:
    return 2147483647.0;
  case Format::I16:
    return 32767.0;
  case Format::I8:
    return 127.0;
  case Format::U8:
    return 255.0;
  case Format::I4:
    return 7.0;
  case Format::U4:
    return 15.0;
  case Format::Opaque:
    llvm_unreachable("opaque values have no numeric value");
  default: {
    uint32_t bits = convertToF32(getLayout(format).getLargest(), format);
    float value;
    std::memcpy(&value, &bits, 4);
    return value;
  }
  }
}

double ap::rt::getLowestFinite(Format format) {
  switch (format) {
  case Format::I32:
    return -2147483648.0;
  case Format::I16:
    return -32768.0;
  case Format::I8:
    return -128.0;
  case Format::I4:
    return -8.0;
  case Format::U8:
  case Format::U4:
    return 0.0;
  default:
    return -getMaxFinite(format);
  }
}
