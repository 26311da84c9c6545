//===- SaturatingArithmetic.h - Counts that never wrap ----------*- C++ -*-===//
//
// Part of the ap project: an adaptive-precision compiler built on MLIR.
//
//===----------------------------------------------------------------------===//
//
// Element, operation and byte counts come from shapes written in the IR and
// can be arbitrarily large. These helpers make their arithmetic saturate at
// the largest int64_t instead of overflowing (undefined behaviour), so an
// absurd shape gives an absurd but well-defined figure.
//
//===----------------------------------------------------------------------===//

#ifndef AP_SUPPORT_SATURATINGARITHMETIC_H
#define AP_SUPPORT_SATURATINGARITHMETIC_H

#include "llvm/Support/MathExtras.h"

#include <cstdint>
#include <limits>

namespace mlir::ap {

/// The largest count; a saturated result equals it.
inline constexpr int64_t kSaturatedCount = std::numeric_limits<int64_t>::max();

/// `a + b` for non-negative `a` and `b`, saturating at kSaturatedCount.
inline int64_t saturatingAdd(int64_t a, int64_t b) {
  int64_t sum;
  return llvm::AddOverflow(a, b, sum) ? kSaturatedCount : sum;
}

/// `a * b` for non-negative `a` and `b`, saturating at kSaturatedCount.
inline int64_t saturatingMultiply(int64_t a, int64_t b) {
  int64_t product;
  return llvm::MulOverflow(a, b, product) ? kSaturatedCount : product;
}

} // namespace mlir::ap

#endif // AP_SUPPORT_SATURATINGARITHMETIC_H
