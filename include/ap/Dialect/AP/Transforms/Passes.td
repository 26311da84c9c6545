//===- Passes.td - Passes of the ap dialect ---------------*- tablegen -*-===//
//
// Part of the ap project: an adaptive-precision compiler built on MLIR.
//
//===----------------------------------------------------------------------===//

#ifndef AP_DIALECT_AP_TRANSFORMS_PASSES_TD
#define AP_DIALECT_AP_TRANSFORMS_PASSES_TD

include "mlir/Pass/PassBase.td"

def APInstrument : Pass<"ap-instrument", "::mlir::ModuleOp"> {
  let summary = "Marks the values whose statistics calibration collects";
  let description = [{
    Inserts an `ap.observe` after every value of interest of every function
    with a body, so that `ap-run --calibrate` records its statistics: the
    floating-point tensor arguments of the function and the floating-point
    tensor results of the operations selected by `granularity`:

    - `op`: every result of an op that computes (a linalg structured op, or
      an op of the arith, math or tosa dialects on tensors), except fills,
      copies and broadcasts of constants;
    - `layer`: only the results of the ops that carry weights or reduce
      (contractions, convolutions, poolings and other structured ops with a
      reduction loop), the usual layer boundaries.

    Every observation gets a stable id `<function>.<kind><n>`, where `kind`
    is `arg` for arguments and the op name (without dialect) for results and
    `n` counts the observations of that kind in the function in program
    order, so that ids survive unrelated changes elsewhere in the module.
    Values that are already observed are left alone, so the pass is
    idempotent.

    Example: `ap-opt --ap-instrument=granularity=layer model.mlir` turns

    ```mlir
    %0 = linalg.matmul ins(%a, %b : tensor<1x784xf32>, tensor<784x512xf32>)
                       outs(%c : tensor<1x512xf32>) -> tensor<1x512xf32>
    ```

    into

    ```mlir
    %0 = linalg.matmul ins(%a, %b : tensor<1x784xf32>, tensor<784x512xf32>)
                       outs(%c : tensor<1x512xf32>) -> tensor<1x512xf32>
    %1 = ap.observe %0 id "mnist.matmul0" : tensor<1x512xf32>
    ```

    with every use of `%0` after it using `%1`.
  }];
  let dependentDialects = ["::mlir::ap::APDialect"];
  let options = [
    Option<"granularity", "granularity", "::mlir::ap::InstrumentGranularity",
           /*default=*/"::mlir::ap::InstrumentGranularity::Op",
           "Which results to observe",
           [{::llvm::cl::values(
             clEnumValN(::mlir::ap::InstrumentGranularity::Op, "op",
                        "every computing op"),
             clEnumValN(::mlir::ap::InstrumentGranularity::Layer, "layer",
                        "ops with weights or reductions"))}]>,
    Option<"observeArguments", "observe-arguments", "bool",
           /*default=*/"true", "Also observe the function's tensor arguments">
  ];
}

#endif // AP_DIALECT_AP_TRANSFORMS_PASSES_TD
