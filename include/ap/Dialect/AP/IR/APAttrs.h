//===- APAttrs.h - Attributes of the ap dialect -----------------*- C++ -*-===//
//
// Part of the ap project: an adaptive-precision compiler built on MLIR.
//
//===----------------------------------------------------------------------===//

#ifndef AP_DIALECT_AP_IR_APATTRS_H
#define AP_DIALECT_AP_IR_APATTRS_H

#include "ap/Dialect/AP/IR/Precision.h"

#include "mlir/IR/Attributes.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/DialectImplementation.h"

#define GET_ATTRDEF_CLASSES
#include "ap/Dialect/AP/IR/APAttrs.h.inc"

#endif // AP_DIALECT_AP_IR_APATTRS_H
