//===- Passes.h - ap's conversion passes ------------------------*- C++ -*-===//
//
// Part of the ap project: an adaptive-precision compiler built on MLIR.
//
//===----------------------------------------------------------------------===//

#ifndef AP_CONVERSION_PASSES_H
#define AP_CONVERSION_PASSES_H

#include "ap/Dialect/APSim/IR/APSimDialect.h"

#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/Pass/Pass.h"

namespace mlir::ap {

#define GEN_PASS_DECL
#include "ap/Conversion/Passes.h.inc"

#define GEN_PASS_REGISTRATION
#include "ap/Conversion/Passes.h.inc"

} // namespace mlir::ap

#endif // AP_CONVERSION_PASSES_H
