//===- Passes.h - Passes of the ap dialect ----------------------*- C++ -*-===//
//
// Part of the ap project: an adaptive-precision compiler built on MLIR.
//
//===----------------------------------------------------------------------===//

#ifndef AP_DIALECT_AP_TRANSFORMS_PASSES_H
#define AP_DIALECT_AP_TRANSFORMS_PASSES_H

#include "ap/Dialect/AP/IR/APDialect.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/Pass/Pass.h"

namespace mlir::ap {

/// Which values `ap-instrument` observes.
enum class InstrumentGranularity {
  /// The results of every op that computes.
  Op,
  /// The results of ops with weights or reductions (layer boundaries).
  Layer,
};

#define GEN_PASS_DECL
#include "ap/Dialect/AP/Transforms/Passes.h.inc"

#define GEN_PASS_REGISTRATION
#include "ap/Dialect/AP/Transforms/Passes.h.inc"

} // namespace mlir::ap

#endif // AP_DIALECT_AP_TRANSFORMS_PASSES_H
