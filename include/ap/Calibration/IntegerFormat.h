//===- IntegerFormat.h - Storage formats of quantized values ----*- C++ -*-===//
//
// Part of the ap project: an adaptive-precision compiler built on MLIR.
//
//===----------------------------------------------------------------------===//
//
// The integer storage of a quantized value, as `!quant.uniform` writes it:
// `i8`, `u4`, or with a narrow range `i8<-127:127>`.
//
//===----------------------------------------------------------------------===//

#ifndef AP_CALIBRATION_INTEGERFORMAT_H
#define AP_CALIBRATION_INTEGERFORMAT_H

#include "llvm/Support/Error.h"

#include <cmath>
#include <cstdint>
#include <string>

namespace mlir::ap {

/// An integer storage format of 2 to 16 bits.
struct IntegerFormat {
  static constexpr unsigned kMinBits = 2;
  static constexpr unsigned kMaxBits = 16;

  unsigned bits = 8;
  bool isSigned = true;
  /// Whether the smallest storage value is left out: -127..127 instead of
  /// -128..127 for i8 (so that the signed range is symmetric), 1..255 instead
  /// of 0..255 for u8.
  bool narrowRange = false;

  static IntegerFormat getSigned(unsigned bits, bool narrowRange = false) {
    return {bits, true, narrowRange};
  }
  static IntegerFormat getUnsigned(unsigned bits, bool narrowRange = false) {
    return {bits, false, narrowRange};
  }

  /// The smallest storage value: -2^(bits-1) (+1 when narrow) if signed,
  /// else 0 (1 when narrow).
  int64_t getStorageMin() const;
  /// The largest storage value: 2^(bits-1) - 1 if signed, else 2^bits - 1.
  int64_t getStorageMax() const;
  /// The number of storage values.
  int64_t getNumLevels() const { return getStorageMax() - getStorageMin() + 1; }

  /// An error unless bits is within [kMinBits, kMaxBits].
  llvm::Error verify() const;
  /// The storage type as `!quant.uniform` writes it: "i8", "u4",
  /// "i8<-127:127>".
  std::string str() const;

  bool operator==(const IntegerFormat &other) const {
    return bits == other.bits && isSigned == other.isSigned &&
           narrowRange == other.narrowRange;
  }
};

/// `x` rounded to the nearest integer, ties to even, as quantization rounds;
/// exact for every double (|x| >= 2^52 is already integral), whatever the
/// floating-point environment's rounding mode.
inline double roundHalfToEven(double x) {
  double lower = std::floor(x);
  double fraction = x - lower;
  if (fraction > 0.5 || (fraction == 0.5 && std::fmod(lower, 2.0) != 0))
    return lower + 1;
  return lower;
}

} // namespace mlir::ap

#endif // AP_CALIBRATION_INTEGERFORMAT_H
