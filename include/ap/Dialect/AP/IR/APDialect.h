//===- APDialect.h - The ap precision dialect -------------------*- C++ -*-===//
//
// Part of the ap project: an adaptive-precision compiler built on MLIR.
//
//===----------------------------------------------------------------------===//

#ifndef AP_DIALECT_AP_IR_APDIALECT_H
#define AP_DIALECT_AP_IR_APDIALECT_H

#include "mlir/Dialect/Quant/IR/Quant.h"
#include "mlir/IR/Dialect.h"

#include "ap/Dialect/AP/IR/APOpsDialect.h.inc"

#endif // AP_DIALECT_AP_IR_APDIALECT_H
