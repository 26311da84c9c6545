//===- APOps.h - Operations of the ap dialect -------------------*- C++ -*-===//
//
// Part of the ap project: an adaptive-precision compiler built on MLIR.
//
//===----------------------------------------------------------------------===//

#ifndef AP_DIALECT_AP_IR_APOPS_H
#define AP_DIALECT_AP_IR_APOPS_H

#include "ap/Dialect/AP/IR/APAttrs.h"
#include "ap/Dialect/AP/IR/APDialect.h"

#include "mlir/Bytecode/BytecodeOpInterface.h"
#include "mlir/Dialect/Quant/IR/QuantTypes.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/OpDefinition.h"
#include "mlir/IR/OpImplementation.h"
#include "mlir/Interfaces/ControlFlowInterfaces.h"
#include "mlir/Interfaces/InferTypeOpInterface.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"

namespace mlir::ap {
/// The runtime's monitors, written by `ap.observe` and `ap.probe`.
struct MonitorResource : public SideEffects::Resource::Base<MonitorResource> {
  llvm::StringRef getName() final { return "ap.monitor"; }
};
} // namespace mlir::ap

#define GET_OP_CLASSES
#include "ap/Dialect/AP/IR/APOps.h.inc"

#endif // AP_DIALECT_AP_IR_APOPS_H
