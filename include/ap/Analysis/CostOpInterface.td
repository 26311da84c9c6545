//===- CostOpInterface.td - Ops the cost model prices ------*- tablegen -*-===//
//
// Part of the ap project: an adaptive-precision compiler built on MLIR.
//
//===----------------------------------------------------------------------===//

#ifndef AP_ANALYSIS_COSTOPINTERFACE_TD
#define AP_ANALYSIS_COSTOPINTERFACE_TD

include "mlir/IR/OpBase.td"

def AP_CostOpInterface : OpInterface<"CostOpInterface"> {
  let cppNamespace = "::mlir::ap";
  let description = [{
    An op whose cost the ap cost model can estimate: it describes the work of
    one execution (scalar operations, and elements read and written per
    operand), which the cost model prices on a device at a choice of
    precisions. Every linalg structured op implements it through one generic
    external model that derives the work from the iteration domain, the
    indexing maps and the body; the ap precision ops implement it too, and
    `ap.transfer` prices itself on the target's links. Other dialects attach
    their own models to make their ops visible to ap's decisions.
  }];
  let extraClassDeclaration = [{
    /// Returns the cost of one execution of this op as `config` says,
    /// computing its work first.
    ::llvm::FailureOr<::mlir::ap::Cost>
    getCost(const ::mlir::ap::CostModel &model,
            const ::mlir::ap::ExecutionConfig &config,
            ::llvm::function_ref<::mlir::InFlightDiagnostic()> emitError) {
      ::llvm::FailureOr<::mlir::ap::Work> work = getWork(emitError);
      if (::mlir::failed(work))
        return ::mlir::failure();
      return getCost(*work, model, config, emitError);
    }
  }];
  let methods = [
    InterfaceMethod<[{
        Returns the work of one execution of this op, or fails, reporting
        through `emitError` why it cannot be estimated (for example a
        dynamic shape).
      }],
      "::llvm::FailureOr<::mlir::ap::Work>", "getWork",
      (ins "::llvm::function_ref<::mlir::InFlightDiagnostic()>":$emitError)>,
    InterfaceMethod<[{
        Returns the cost of one execution of this op, whose work is `work`
        (what `getWork` returned), as `config` says. The default prices the
        work on the configured device; ops that are not kernels (transfers)
        override it.
      }],
      "::llvm::FailureOr<::mlir::ap::Cost>", "getCost",
      (ins "const ::mlir::ap::Work &":$work,
           "const ::mlir::ap::CostModel &":$model,
           "const ::mlir::ap::ExecutionConfig &":$config,
           "::llvm::function_ref<::mlir::InFlightDiagnostic()>":$emitError),
      /*methodBody=*/"",
      /*defaultImplementation=*/[{
        return model.getKernelCost(work, config, emitError);
      }]>
  ];
}

#endif // AP_ANALYSIS_COSTOPINTERFACE_TD
