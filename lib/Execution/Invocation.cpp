//===- Invocation.cpp - Calling a JIT-compiled function -------------------===//
//
// Part of the ap project: an adaptive-precision compiler built on MLIR.
//
//===----------------------------------------------------------------------===//

#include "ap/Execution/Invocation.h"

#include "mlir/ExecutionEngine/ExecutionEngine.h"

using namespace mlir;
using namespace mlir::ap::execution;

SmallVector<int64_t>
mlir::ap::execution::makeDescriptor(const ArrayView &view) {
  SmallVector<int64_t> words;
  auto address = reinterpret_cast<intptr_t>(view.data);
  words.push_back(address);
  words.push_back(address);
  words.push_back(0);
  words.append(view.shape.begin(), view.shape.end());
  SmallVector<int64_t> strides(view.shape.size(), 1);
  for (int64_t i = static_cast<int64_t>(view.shape.size()) - 2; i >= 0; --i)
    strides[i] = strides[i + 1] * view.shape[i + 1];
  words.append(strides.begin(), strides.end());
  return words;
}

void mlir::ap::execution::invokePacked(void (*packedFunction)(void **),
                                       ArrayRef<ArrayView> arguments,
                                       ArrayRef<ArrayView> results) {
  SmallVector<SmallVector<int64_t>> descriptors;
  for (const ArrayView &view :
       llvm::concat<const ArrayView>(arguments, results))
    descriptors.push_back(makeDescriptor(view));
  // The packed wrapper takes a pointer to each argument of the C interface;
  // each argument is a pointer to a descriptor.
  SmallVector<void *> descriptorPointers, packed;
  for (SmallVector<int64_t> &descriptor : descriptors)
    descriptorPointers.push_back(descriptor.data());
  for (void *&pointer : descriptorPointers)
    packed.push_back(&pointer);
  packedFunction(packed.data());
}

llvm::Error mlir::ap::execution::invokeEntry(ExecutionEngine &engine,
                                             StringRef entry,
                                             ArrayRef<ArrayView> arguments,
                                             ArrayRef<ArrayView> results) {
  auto function = engine.lookupPacked(("_mlir_ciface_" + entry).str());
  if (!function)
    return function.takeError();
  invokePacked(*function, arguments, results);
  return llvm::Error::success();
}
