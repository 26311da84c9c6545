//===- ElementStorage.h - How tensor elements sit in memory -----*- C++ -*-===//
//
// Part of the ap project: an adaptive-precision compiler built on MLIR.
//
//===----------------------------------------------------------------------===//

#ifndef AP_ANALYSIS_ELEMENTSTORAGE_H
#define AP_ANALYSIS_ELEMENTSTORAGE_H

#include "ap/Dialect/AP/IR/Precision.h"

#include "mlir/IR/Diagnostics.h"

namespace mlir::ap {

/// How one element of a tensor is stored.
struct ElementStorage {
  /// Bits per element in memory (packed sub-byte integers keep their width;
  /// i1 takes a byte, index 64 bits).
  unsigned bits = 0;
  /// The ap precision of the stored value (the storage type of a quantized
  /// type), unset for types that are not numbers ap chooses precisions for
  /// (i1, index, f64, i64).
  std::optional<Precision> precision;
};

/// How an element of type `type` is stored; fails, reporting through
/// `emitError`, for types that are not integers, floats, index or quantized.
FailureOr<ElementStorage>
getElementStorage(Type type, function_ref<InFlightDiagnostic()> emitError);

} // namespace mlir::ap

#endif // AP_ANALYSIS_ELEMENTSTORAGE_H
