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

def APVectorizeInt8Contractions
    : Pass<"ap-vectorize-int8-contractions", "func::FuncOp"> {
  let summary = "Turns i8 x i8 -> i32 contractions into kernels of 4-byte "
                "dot products for VNNI";
  let description = [{
    Rewrites every statically shaped linalg contraction on tensors whose
    operands are i8, whose accumulator is i32 and whose body is
    `acc + sext(a) * sext(b)` (linalg.matmul, batch_matmul, matmuls with a
    transposed B, linalg.conv_2d_nhwc_hwcf, generics of that form) into a
    kernel made for the x86 VNNI instruction `vpdpbusd`, which adds the dot
    product of four unsigned bytes and four signed bytes to each i32 lane:
    64 multiply-adds per AVX-512 instruction instead of 16.

    The reduction dimension K must be the innermost dimension of the
    operand A that does not carry the result's innermost dimension N, and a
    multiple of 4, so that four consecutive k of A are one 32-bit value. The
    other operand B is packed once per call into
    `[.., K/4, ceil(N/lanes), 4 * lanes]` (the four k of one n adjacent),
    with its sign bit flipped: `B ^ 0x80 = B + 128` as an unsigned byte. The
    sum is then too large by `128 * sum_k A`, which a linalg reduction of A
    computes and which is subtracted from the accumulator first, so the
    result is bit-exact (every step is exact modulo 2^32, like the plain
    loops). The kernel keeps `rows x column-vectors` accumulator vectors in
    registers across the reduction loops; each step is a vector.contract
    `acc[j] += sum_k zext(Bp[j, k]) * sext(A[k])` over four k, which
    `ap-lower-int8-dot-products` turns into one vpdpbusd.

    Only when `target-features` (LLVM's -mattr syntax, as ap-run passes the
    host's) contains `+avx512vnni` (16 lanes) or `+avxvnni` (8 lanes) does
    the pass change anything. Run it on tensors before
    `ap-tile-and-vectorize`, which then vectorizes the reductions of A;
    `ap-lower-to-llvm` runs it from opt-level 1.

    Example (`target-features=+avx512vnni`):

    ```mlir
    %0 = linalg.matmul ins(%a, %b : tensor<100x784xi8>, tensor<784x512xi8>)
                       outs(%c : tensor<100x512xi32>) -> tensor<100x512xi32>
    // becomes: %b packed into tensor<196x32x64xi8> (b + 128), 128 times
    // the row sums of %a subtracted from %c, then scf.for loops over 6 x 64
    // tiles of the result, each a loop over k / 4 of
    //   %r = vector.contract {(j, k) -> (j, k), (j, k) -> (k), (j, k) -> (j)}
    //          %b4, %a4, %acc : vector<16x4xi32>, vector<4xi32>
    //                           into vector<16xi32>
    // with %b4 = arith.extui of 64 packed bytes, %a4 = arith.extsi of four
    // bytes of a row of %a.
    ```
  }];
  let dependentDialects = [
    "::mlir::scf::SCFDialect", "::mlir::vector::VectorDialect",
    "::mlir::tensor::TensorDialect", "::mlir::arith::ArithDialect",
    "::mlir::affine::AffineDialect", "::mlir::linalg::LinalgDialect"
  ];
  let options = [
    Option<"targetFeatures", "target-features", "std::string", "\"\"",
           "CPU features of the target in LLVM's -mattr syntax "
           "(+avx512vnni,+avx512f,...); without a VNNI feature the pass "
           "changes nothing">,
    Option<"rows", "rows", "int64_t", "0",
           "Rows of accumulators of a kernel tile (0: 6 for AVX-512, 4 for "
           "AVX)">,
    Option<"columnVectors", "column-vectors", "int64_t", "0",
           "Vectors of accumulators along N in a kernel tile (0: 4 for "
           "AVX-512, 2 for AVX)">
  ];
}

def APLowerInt8DotProducts
    : Pass<"ap-lower-int8-dot-products", "func::FuncOp"> {
  let summary = "Lowers per-lane dot products of four bytes to VNNI "
                "instructions";
  let description = [{
    Turns every vector.contract that adds to each i32 lane `j` of its
    accumulator (a vector of 16 lanes with `+avx512vnni`, 8 with `+avxvnni`
    in `target-features`) the dot product of four zero-extended bytes and
    four sign-extended bytes, `acc[j] + sum_k zext(u[j, k]) * sext(s[j, k])`
    with `u` and `s` each a `vector<lanes x 4 x i8>` or a `vector<4 x i8>`
    broadcast to every lane, into one call of the
    `llvm.x86.avx512.vpdpbusd.512` / `.256` intrinsic (exact: vpdpbusd
    neither saturates nor rounds). `ap-vectorize-int8-contractions` produces
    these contractions. Without a VNNI feature the pass changes nothing and
    `ap-lower-vectors` lowers the contractions as any other. Run it after
    bufferization (the intrinsic call has unknown memory effects, which the
    buffer deallocation refuses) and before `ap-lower-vectors`.

    Example (`target-features=+avx512vnni`):

    ```mlir
    %u = arith.extui %bytes : vector<16x4xi8> to vector<16x4xi32>
    %s = arith.extsi %word : vector<4xi8> to vector<4xi32>
    %r = vector.contract {indexing_maps = [affine_map<(j, k) -> (j, k)>,
                                           affine_map<(j, k) -> (k)>,
                                           affine_map<(j, k) -> (j)>],
                          iterator_types = ["parallel", "reduction"],
                          kind = #vector.kind<add>}
           %u, %s, %acc : vector<16x4xi32>, vector<4xi32> into vector<16xi32>
    // becomes
    %r = llvm.call_intrinsic "llvm.x86.avx512.vpdpbusd.512"(%acc, %u64, %s64)
           : (vector<16xi32>, vector<64xi8>, vector<64xi8>) -> vector<16xi32>
    // %u64: the 64 bytes of %bytes; %s64: the 4 bytes of %word in every lane
    ```
  }];
  let dependentDialects = ["::mlir::vector::VectorDialect",
                           "::mlir::LLVM::LLVMDialect"];
  let options = [
    Option<"targetFeatures", "target-features", "std::string", "\"\"",
           "CPU features of the target in LLVM's -mattr syntax; without "
           "+avx512vnni or +avxvnni the pass changes nothing">
  ];
}

#endif // AP_CODEGEN_PASSES
