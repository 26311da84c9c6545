// The diagnostics of the analysis ap-make-adaptive shares with
// ap-assign-precision (PrecisionAssignment::analyze) name ap-make-adaptive,
// the pass that runs: a precision left out of a site's candidates (main#1:
// its weight is an argument, not a constant, so i8 does not apply), a site
// without a sensitivity entry (main#2), and an entry of the sensitivity file
// (main#9) that is not a site of the module.
// RUN: ap-opt %s --ap-attach-target="path=%S/Inputs/target.json" --ap-make-adaptive="sensitivity=%S/Inputs/sensitivity-extra.json" --verify-diagnostics -o /dev/null

// expected-warning@+1 {{ap-make-adaptive: the sensitivity file names 1 op that the module does not have as a site (the first is 'main#9'); ignored}}
module {
  func.func @main(%x: tensor<2x3xf32>, %w: tensor<3x2xf32>,
                  %v: tensor<2x2xf32>) -> tensor<2x2xf32> {
    %zero = arith.constant 0.0 : f32
    %e = tensor.empty() : tensor<2x2xf32>
    %c = linalg.fill ins(%zero : f32) outs(%e : tensor<2x2xf32>) -> tensor<2x2xf32>
    // expected-warning@+1 {{ap-make-adaptive: main#1: precisions left out: i8: it does not multiply one activation by one weight}}
    %m = linalg.matmul ins(%x, %w : tensor<2x3xf32>, tensor<3x2xf32>)
                       outs(%c : tensor<2x2xf32>) -> tensor<2x2xf32>
    // expected-warning@+1 {{ap-make-adaptive: main#2 keeps its precision: the sensitivity file has no entry for it}}
    %n = linalg.matmul ins(%m, %v : tensor<2x2xf32>, tensor<2x2xf32>)
                       outs(%c : tensor<2x2xf32>) -> tensor<2x2xf32>
    return %n : tensor<2x2xf32>
  }
}
