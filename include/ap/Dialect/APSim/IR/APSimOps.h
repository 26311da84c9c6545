//===- APSimOps.h - Operations of the apsim dialect -------------*- C++ -*-===//
//
// Part of the ap project: an adaptive-precision compiler built on MLIR.
//
//===----------------------------------------------------------------------===//

#ifndef AP_DIALECT_APSIM_IR_APSIMOPS_H
#define AP_DIALECT_APSIM_IR_APSIMOPS_H

#include "ap/Dialect/AP/IR/APAttrs.h"
#include "ap/Dialect/APSim/IR/APSimAttrs.h"
#include "ap/Dialect/APSim/IR/APSimDialect.h"

#include "mlir/Bytecode/BytecodeOpInterface.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/OpDefinition.h"
#include "mlir/IR/OpImplementation.h"
#include "mlir/Interfaces/DestinationStyleOpInterface.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"

namespace mlir::apsim {
/// The simulated machine of the runtime (clocks, buffers, statistics), which
/// every apsim op reads and writes.
struct RuntimeResource : public SideEffects::Resource::Base<RuntimeResource> {
  llvm::StringRef getName() final { return "apsim.runtime"; }
};
} // namespace mlir::apsim

#define GET_OP_CLASSES
#include "ap/Dialect/APSim/IR/APSimOps.h.inc"

#endif // AP_DIALECT_APSIM_IR_APSIMOPS_H
