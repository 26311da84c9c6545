//===- HostTensor.h - A dense array in host memory --------------*- C++ -*-===//
//
// Part of the ap project: an adaptive-precision compiler built on MLIR.
//
//===----------------------------------------------------------------------===//
//
// The arguments and results of the function ap-run calls: row-major dense
// arrays with an MLIR element type, 64-byte aligned so that vectorized code
// may use aligned loads.
//
//===----------------------------------------------------------------------===//

#ifndef AP_TOOLS_APRUN_HOSTTENSOR_H
#define AP_TOOLS_APRUN_HOSTTENSOR_H

#include "mlir/IR/BuiltinTypes.h"
#include "llvm/ADT/SmallVector.h"

#include <memory>

namespace mlir::ap::run {

/// Bytes one element of `type` takes in host memory (i1 takes a byte).
int64_t getHostElementBytes(Type type);

/// An owned, aligned, row-major array.
class HostTensor {
public:
  HostTensor() = default;
  HostTensor(Type elementType, ArrayRef<int64_t> shape);

  Type getElementType() const { return elementType; }
  ArrayRef<int64_t> getShape() const { return shape; }
  int64_t getNumElements() const;
  int64_t getNumBytes() const {
    return getNumElements() * getHostElementBytes(elementType);
  }
  char *getData() { return data.get(); }
  const char *getData() const { return data.get(); }

  /// "f32[1, 10]".
  std::string describe() const;

private:
  struct Free {
    size_t bytes;
    void operator()(char *pointer) const;
  };
  Type elementType;
  SmallVector<int64_t> shape;
  std::unique_ptr<char, Free> data{nullptr, Free{0}};
};

} // namespace mlir::ap::run

#endif // AP_TOOLS_APRUN_HOSTTENSOR_H
