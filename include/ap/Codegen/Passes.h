//===- Passes.h - ap's code generation passes -------------------*- C++ -*-===//
//
// Part of the ap project: an adaptive-precision compiler built on MLIR.
//
//===----------------------------------------------------------------------===//

#ifndef AP_CODEGEN_PASSES_H
#define AP_CODEGEN_PASSES_H

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Pass/Pass.h"

namespace mlir::ap {

#define GEN_PASS_DECL
#include "ap/Codegen/Passes.h.inc"

#define GEN_PASS_REGISTRATION
#include "ap/Codegen/Passes.h.inc"

} // namespace mlir::ap

#endif // AP_CODEGEN_PASSES_H
