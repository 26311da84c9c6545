//===- Invocation.h - Calling a JIT-compiled entry function -----*- C++ -*-===//
//
// Part of the ap project: an adaptive-precision compiler built on MLIR.
//
//===----------------------------------------------------------------------===//
//
// The entry function is lowered with `llvm.emit_c_interface` and with its
// results turned into out-parameters, so its C interface takes one pointer to
// a memref descriptor per argument and per result:
//
//   struct { T *allocated; T *aligned; int64_t offset;
//            int64_t sizes[rank]; int64_t strides[rank]; }
//
// Every field is 8 bytes, so a descriptor is an array of 3 + 2 * rank words.
//
//===----------------------------------------------------------------------===//

#ifndef AP_TOOLS_APRUN_INVOCATION_H
#define AP_TOOLS_APRUN_INVOCATION_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/Support/Error.h"

#include <cstdint>

namespace mlir {
class ExecutionEngine;
} // namespace mlir

namespace mlir::ap::run {

/// A view of a dense row-major array handed to compiled code.
struct ArrayView {
  void *data;
  llvm::ArrayRef<int64_t> shape;
};

/// Calls the C interface of `entry` (`_mlir_ciface_<entry>`) with `arguments`
/// then `results` (the out-parameters), each a dense row-major array.
llvm::Error invokeEntry(ExecutionEngine &engine, llvm::StringRef entry,
                        llvm::ArrayRef<ArrayView> arguments,
                        llvm::ArrayRef<ArrayView> results);

} // namespace mlir::ap::run

#endif // AP_TOOLS_APRUN_INVOCATION_H
