//===- CostOpInterface.h - Ops the cost model prices ------------*- C++ -*-===//
//
// Part of the ap project: an adaptive-precision compiler built on MLIR.
//
//===----------------------------------------------------------------------===//
//
// The op interface through which passes ask the cost model what an op costs,
// the external models that implement it for upstream and ap ops, and the
// keys that identify ops in measured profiles.
//
//===----------------------------------------------------------------------===//

#ifndef AP_ANALYSIS_COSTOPINTERFACE_H
#define AP_ANALYSIS_COSTOPINTERFACE_H

#include "ap/Analysis/CostModel.h"

#include "mlir/IR/OpDefinition.h"
#include "llvm/ADT/DenseMap.h"

#include "ap/Analysis/CostOpInterface.h.inc"

namespace mlir {
class DialectRegistry;
class FunctionOpInterface;
namespace linalg {
class LinalgOp;
} // namespace linalg

namespace ap {

/// Attaches CostOpInterface to every linalg structured op (one generic model),
/// to the tensor ops that copy data (pad, insert_slice, concat) and to the ap
/// precision ops (quantize, dequantize, convert, transfer).
void registerCostOpInterfaceExternalModels(DialectRegistry &registry);

/// The work of a linalg structured op, derived from its static iteration
/// domain, its indexing maps and its body: every arith and math op of the
/// body (except constants and index computations) is one scalar operation
/// per iteration, counted as accumulation when it combines with an output
/// that a reduction loop carries; each operand is charged for the distinct
/// elements its indexing map reaches.
FailureOr<Work>
getStructuredOpWork(linalg::LinalgOp op,
                    function_ref<InFlightDiagnostic()> emitError);

/// Assigns every op of `function` that implements CostOpInterface the key
/// that identifies it in measured profiles: its `ap.cost_key` string
/// attribute when it has one, else `<function>#<n>` where n counts such ops
/// in pre-order.
llvm::DenseMap<Operation *, std::string>
assignCostKeys(FunctionOpInterface function);

/// The cost of `op`, whose work is `work`, as `config` says, with the
/// measured time registered in `model` for `key` replacing the estimated one
/// when there is one.
FailureOr<Cost> getOpCost(CostOpInterface op, const Work &work, StringRef key,
                          const CostModel &model, const ExecutionConfig &config,
                          function_ref<InFlightDiagnostic()> emitError);

/// The same, computing the op's work first.
FailureOr<Cost> getOpCost(CostOpInterface op, StringRef key,
                          const CostModel &model, const ExecutionConfig &config,
                          function_ref<InFlightDiagnostic()> emitError);

} // namespace ap
} // namespace mlir

#endif // AP_ANALYSIS_COSTOPINTERFACE_H
