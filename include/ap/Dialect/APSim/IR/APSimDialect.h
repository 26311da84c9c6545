//===- APSimDialect.h - The simulated accelerator dialect -------*- C++ -*-===//
//
// Part of the ap project: an adaptive-precision compiler built on MLIR.
//
//===----------------------------------------------------------------------===//

#ifndef AP_DIALECT_APSIM_IR_APSIMDIALECT_H
#define AP_DIALECT_APSIM_IR_APSIMDIALECT_H

#include "ap/Dialect/AP/IR/APDialect.h"

#include "mlir/IR/Dialect.h"

#include "ap/Dialect/APSim/IR/APSimOpsDialect.h.inc"

#endif // AP_DIALECT_APSIM_IR_APSIMDIALECT_H
