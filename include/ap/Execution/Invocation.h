//===- Invocation.h - Calling a JIT-compiled function -----------*- C++ -*-===//
//
// Part of the ap project: an adaptive-precision compiler built on MLIR.
//
//===----------------------------------------------------------------------===//
//
// A function lowered by `ap-lower-to-llvm` with `llvm.emit_c_interface` has
// its results turned into out-parameters, so its C interface takes one
// pointer to a memref descriptor per argument and per result:
//
//   struct { T *allocated; T *aligned; int64_t offset;
//            int64_t sizes[rank]; int64_t strides[rank]; }
//
// Every field is 8 bytes, so a descriptor is an array of 3 + 2 * rank words.
//
//===----------------------------------------------------------------------===//

#ifndef AP_EXECUTION_INVOCATION_H
#define AP_EXECUTION_INVOCATION_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/Support/Error.h"

#include <cstdint>

namespace mlir {
class ExecutionEngine;
} // namespace mlir

namespace mlir::ap::execution {

/// A view of a dense row-major array handed to compiled code.
struct ArrayView {
  void *data;
  llvm::ArrayRef<int64_t> shape;
};

/// The words of the memref descriptor of `view`: allocated and aligned
/// pointers, offset 0, the sizes and the row-major strides.
llvm::SmallVector<int64_t> makeDescriptor(const ArrayView &view);

/// Calls the packed wrapper of a C interface, `packedFunction` (what
/// ExecutionEngine::lookupPacked returns for `_mlir_ciface_<name>`), with
/// `arguments` then `results` (the out-parameters), each a dense row-major
/// array.
void invokePacked(void (*packedFunction)(void **),
                  llvm::ArrayRef<ArrayView> arguments,
                  llvm::ArrayRef<ArrayView> results);

/// Calls the C interface of `entry` (`_mlir_ciface_<entry>`) with `arguments`
/// then `results` (the out-parameters), each a dense row-major array.
llvm::Error invokeEntry(ExecutionEngine &engine, llvm::StringRef entry,
                        llvm::ArrayRef<ArrayView> arguments,
                        llvm::ArrayRef<ArrayView> results);

} // namespace mlir::ap::execution

namespace mlir::ap {
/// The name ap-run uses for this library.
namespace run = execution;
} // namespace mlir::ap

#endif // AP_EXECUTION_INVOCATION_H
