//===- HostTensor.cpp - A dense array in host memory ----------------------===//
//
// Part of the ap project: an adaptive-precision compiler built on MLIR.
//
//===----------------------------------------------------------------------===//

#include "HostTensor.h"

#include "llvm/Support/MemAlloc.h"
#include "llvm/Support/raw_ostream.h"

#include <cstring>

using namespace mlir;
using namespace mlir::ap::run;

int64_t mlir::ap::run::getHostElementBytes(Type type) {
  if (type.isIndex())
    return 8;
  return (type.getIntOrFloatBitWidth() + 7) / 8;
}

static constexpr size_t kAlignment = 64;

void HostTensor::Free::operator()(char *pointer) const {
  llvm::deallocate_buffer(pointer, bytes, kAlignment);
}

HostTensor::HostTensor(Type elementType, ArrayRef<int64_t> shape)
    : elementType(elementType), shape(shape) {
  // At least one aligned block, so that even an empty tensor has an address.
  size_t bytes = static_cast<size_t>(getNumBytes());
  size_t rounded =
      std::max<size_t>(kAlignment, (bytes + kAlignment - 1) / kAlignment *
                                       kAlignment);
  auto *pointer = static_cast<char *>(llvm::allocate_buffer(rounded, kAlignment));
  std::memset(pointer, 0, rounded);
  data = std::unique_ptr<char, Free>(pointer, Free{rounded});
}

int64_t HostTensor::getNumElements() const {
  int64_t count = 1;
  for (int64_t size : shape)
    count *= size;
  return count;
}

std::string HostTensor::describe() const {
  std::string text;
  llvm::raw_string_ostream os(text);
  os << elementType << "[";
  llvm::interleaveComma(shape, os);
  os << "]";
  return text;
}
