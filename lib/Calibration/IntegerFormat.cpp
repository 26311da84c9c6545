//===- IntegerFormat.cpp - Storage formats of quantized values ------------===//
//
// Part of the ap project: an adaptive-precision compiler built on MLIR.
//
//===----------------------------------------------------------------------===//

#include "ap/Calibration/IntegerFormat.h"

#include "llvm/ADT/Twine.h"

using namespace mlir::ap;

int64_t IntegerFormat::getStorageMin() const {
  int64_t min = isSigned ? -(int64_t(1) << (bits - 1)) : 0;
  return narrowRange ? min + 1 : min;
}

int64_t IntegerFormat::getStorageMax() const {
  return isSigned ? (int64_t(1) << (bits - 1)) - 1 : (int64_t(1) << bits) - 1;
}

llvm::Error IntegerFormat::verify() const {
  if (bits < kMinBits || bits > kMaxBits)
    return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                   "unsupported integer format of " +
                                       llvm::Twine(bits) + " bits; expected " +
                                       llvm::Twine(kMinBits) + " to " +
                                       llvm::Twine(kMaxBits));
  return llvm::Error::success();
}

std::string IntegerFormat::str() const {
  std::string name = (isSigned ? "i" : "u") + std::to_string(bits);
  if (narrowRange)
    name += "<" + std::to_string(getStorageMin()) + ":" +
            std::to_string(getStorageMax()) + ">";
  return name;
}
