// One constant is the weight of two i8 sites that quantize it along
// different axes: a matmul (main#1, output channels along the columns of
// %w, axis 1) and a matmul reading %w transposed (main#2, indexing map
// (n, k): output channels along its rows, axis 0). Each site gets its own
// constant; they must not share one (the quantized constants are shared
// only between sites that quantize a weight alike).
//
//   %w = [[1, 0.5, 0.25], [2, 1, 0.5], [4, 2, 1]], symmetric, absmax / 127.
//   main#1, per column: every column is [c, 2c, 4c] with scale 4c/127:
//     storage [31.75 -> 32, 63.5 -> 64 (half to even), 127] per column.
//   main#2, per row: every row is [r, r/2, r/4] with scale r/127:
//     storage [127, 63.5 -> 64, 31.75 -> 32] per row.
// (The f32 quotients are exactly 31.75 and 63.5.) Activation as in
// rewrite-i8.mlir: scale 1/64, zero point -64. The accumulator scales are
// 1/64 times the weight scales: main#1 4/127, 2/127, 1/127 by column,
// main#2 1/127, 2/127, 4/127 by row of %w (column of the result); the
// zero points -64 * 223 = -14272 for every channel of both.
// RUN: ap-opt %s --ap-attach-target=path=%S/Inputs/target.json \
// RUN:   --ap-assign-precision="sensitivity=%S/Inputs/two-axes.json profile=%S/Inputs/profile.json tolerance=inf candidates=i8" \
// RUN:   | FileCheck %s

// CHECK-LABEL: func.func @main
// CHECK-DAG: %[[ROWS:.*]] = arith.constant dense<{{\[\[}}127, 64, 32], [127, 64, 32], [127, 64, 32]]> : tensor<3x3xi8>
// CHECK-DAG: %[[COLUMNS:.*]] = arith.constant dense<{{\[\[}}32, 32, 32], [64, 64, 64], [127, 127, 127]]> : tensor<3x3xi8>
// CHECK: %[[M:.*]] = linalg.matmul ins(%{{.*}}, %[[COLUMNS]] : tensor<2x3xi8>, tensor<3x3xi8>)
// CHECK-NEXT: quant.scast %[[M]] : tensor<2x3xi32> to tensor<2x3x!quant.uniform<i32:f32:1, {4.9212598241865635E-4:-14272,2.4606299120932817E-4:-14272,1.2303149560466409E-4:-14272}>>
// CHECK: %[[T:.*]] = linalg.matmul indexing_maps = [#{{.*}}, #{{.*}}, #{{.*}}] ins(%{{.*}}, %[[ROWS]] : tensor<2x3xi8>, tensor<3x3xi8>)
// CHECK-NEXT: quant.scast %[[T]] : tensor<2x3xi32> to tensor<2x3x!quant.uniform<i32:f32:1, {1.2303149560466409E-4:-14272,2.4606299120932817E-4:-14272,4.9212598241865635E-4:-14272}>>

#a = affine_map<(m, n, k) -> (m, k)>
#bt = affine_map<(m, n, k) -> (n, k)>
#c = affine_map<(m, n, k) -> (m, n)>
func.func @main(%x: tensor<2x3xf32>) -> (tensor<2x3xf32>, tensor<2x3xf32>) {
  %w = arith.constant dense<[[1.0, 0.5, 0.25], [2.0, 1.0, 0.5], [4.0, 2.0, 1.0]]> : tensor<3x3xf32>
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<2x3xf32>
  %c = linalg.fill ins(%zero : f32) outs(%e : tensor<2x3xf32>) -> tensor<2x3xf32>
  %m = linalg.matmul ins(%x, %w : tensor<2x3xf32>, tensor<3x3xf32>)
                     outs(%c : tensor<2x3xf32>) -> tensor<2x3xf32>
  %t = linalg.matmul indexing_maps = [#a, #bt, #c]
                     ins(%x, %w : tensor<2x3xf32>, tensor<3x3xf32>)
                     outs(%c : tensor<2x3xf32>) -> tensor<2x3xf32>
  return %m, %t : tensor<2x3xf32>, tensor<2x3xf32>
}
