//===- Passes.td - ap's code generation passes -------------*- tablegen -*-===//
//
// Part of the ap project: an adaptive-precision compiler built on MLIR.
//
//===----------------------------------------------------------------------===//

#ifndef AP_CODEGEN_PASSES
#define AP_CODEGEN_PASSES

include "mlir/Pass/PassBase.td"

def APPrepareEntryPoints : Pass<"ap-prepare-entry-points", "ModuleOp"> {
  let summary = "Gives public functions a C interface and records their "
                "tensor signature";
  let description = [{
    For every public `func.func` with a body: sets `llvm.emit_c_interface`
    (a `_mlir_ciface_<name>` wrapper taking memref descriptors) and records
    the function type it has on tensors in `ap.entry_signature`, which
    survives the lowering to LLVM. A runner (`ap-run`) can then call a module
    that was lowered earlier (`ap-opt --ap-lower-to-llvm`) with arrays of
    the right element types and shapes.

    Example:

    ```mlir
    func.func @f(%x: tensor<2xf32>) -> tensor<2xf32>
    // becomes
    func.func @f(%x: tensor<2xf32>) -> tensor<2xf32>
        attributes {ap.entry_signature = (tensor<2xf32>) -> tensor<2xf32>,
                    llvm.emit_c_interface}
    ```
  }];
}

def APTileAndVectorize : Pass<"ap-tile-and-vectorize", "func::FuncOp"> {
  let summary = "Tiles linalg ops on tensors to register-sized tiles and "
                "vectorizes them for the host CPU";
  let description = [{
    Makes the compute of `ap-run` fast without a hand-written kernel library:
    every statically shaped linalg op on tensors is tiled (scf.for loops
    over tensors, tile sizes that divide the loop ranges so no tile is
    partial) and the tiles are vectorized with the upstream vectorizer:

    - contractions (matmul, batch_matmul, any generic whose maps make it a
      contraction): batch dims 1, M `rows`, N `vector-width * 2`, K
      `reduction-tile`; the vector.contract of a tile lowers to outer
      products that keep M x N accumulators in registers;
    - 2-D convolutions and poolings: output rows and kernel rows 1, so that
      the upstream decomposition turns them into 1-D ops, which vectorize;
      output columns `rows`, output channels `vector-width * 2`;
    - everything else: the innermost parallel dim `vector-width`, other
      parallel dims 1, reductions whole.

    Ops that the vectorizer rejects stay scalar (ordinary loops later).
    Run it before bufferization; `ap-lower-to-llvm` runs it from opt-level 1.

    Example:

    ```mlir
    %0 = linalg.matmul ins(%a, %b : tensor<64x64xf32>, tensor<64x64xf32>)
                       outs(%c : tensor<64x64xf32>) -> tensor<64x64xf32>
    // becomes scf.for loops over 8x32 tiles of %c and 8-deep slices of K,
    // each a vector.contract on vector<8x8xf32>, vector<8x32xf32>.
    ```
  }];
  let dependentDialects = [
    "::mlir::scf::SCFDialect", "::mlir::vector::VectorDialect",
    "::mlir::tensor::TensorDialect", "::mlir::arith::ArithDialect",
    "::mlir::affine::AffineDialect"
  ];
  let options = [
    Option<"vectorWidth", "vector-width", "int64_t", "16",
           "Elements per vector register (16 f32 in AVX-512)">,
    Option<"rows", "rows", "int64_t", "8",
           "Rows of accumulators of a contraction tile">,
    Option<"reductionTile", "reduction-tile", "int64_t", "8",
           "Depth of a contraction tile">
  ];
}

def APHoistVectorTransfers
    : Pass<"ap-hoist-vector-transfers", "func::FuncOp"> {
  let summary = "Keeps accumulators in registers across reduction loops";
  let description = [{
    After bufferization, hoists the vector.transfer_read / transfer_write
    pairs of a buffer that a loop reads at the start of an iteration and
    writes at the end (the accumulator tile of a vectorized contraction) out
    of the loop, so the values travel in registers (`iter_args`) instead of
    through memory; the upstream `linalg::hoistRedundantVectorTransfers`.

    Example:

    ```mlir
    scf.for %k = ... {
      %acc = vector.transfer_read %C[...]   // hoisted above the loop
      %r = vector.contract ... %acc
      vector.transfer_write %r, %C[...]     // sunk below the loop
    }
    ```
  }];
}

def APLowerVectors : Pass<"ap-lower-vectors", "func::FuncOp"> {
  let summary = "Lowers n-D vector ops to what convert-vector-to-llvm takes";
  let description = [{
    Applies the upstream vector lowering patterns that turn the ops the
    vectorizer produces into 1-D vector arithmetic: contractions into outer
    products (FMAs of a broadcast row element with a vector of the other
    operand), multi-reductions into inner reductions, transposes,
    broadcasts, shape casts, masks and transfer permutation maps. Run after
    bufferization and before `convert-vector-to-scf` /
    `convert-vector-to-llvm`.

    Example:

    ```mlir
    %r = vector.multi_reduction <add>, %v, %acc [1]
           : vector<4x16xf32> to vector<4xf32>
    // becomes four vector.reduction <add> of vector<16xf32>
    ```
  }];
  let dependentDialects = ["::mlir::vector::VectorDialect",
                           "::mlir::arith::ArithDialect"];
}

#endif // AP_CODEGEN_PASSES
