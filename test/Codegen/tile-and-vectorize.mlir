// RUN: ap-opt %s --split-input-file --pass-pipeline="builtin.module(func.func(ap-tile-and-vectorize),canonicalize,cse)" | FileCheck %s

// A matmul: 8 x 32 tiles of C (rows x two 16-wide vectors), K in steps of
// 8; the accumulator tile is read once before the K loop, carried in
// registers, and written once after it.
// CHECK-LABEL: func.func @matmul
// CHECK-DAG: %[[C8:.*]] = arith.constant 8 : index
// CHECK-DAG: %[[C32:.*]] = arith.constant 32 : index
// CHECK: scf.for %[[I:.*]] = %{{.*}} to %{{.*}} step %[[C8]]
// CHECK: scf.for %[[J:.*]] = %{{.*}} to %{{.*}} step %[[C32]]
// CHECK: %[[ACC:.*]] = vector.transfer_read %{{.*}}[%[[I]], %[[J]]]{{.*}} : tensor<64x64xf32>, vector<8x32xf32>
// CHECK: %[[SUM:.*]] = scf.for %[[K:.*]] = {{.*}} step %[[C8]] iter_args(%[[A:.*]] = %[[ACC]]) -> (vector<8x32xf32>)
// CHECK: vector.transfer_read %{{.*}}[%[[I]], %[[K]]]{{.*}} vector<8x8xf32>
// CHECK: vector.transfer_read %{{.*}}[%[[K]], %[[J]]]{{.*}} vector<8x32xf32>
// CHECK: vector.contract {{.*}} : vector<8x8xf32>, vector<8x32xf32> into vector<8x32xf32>
// CHECK: vector.transfer_write %[[SUM]]
func.func @matmul(%a: tensor<64x64xf32>, %b: tensor<64x64xf32>, %c: tensor<64x64xf32>) -> tensor<64x64xf32> {
  %0 = linalg.matmul ins(%a, %b : tensor<64x64xf32>, tensor<64x64xf32>) outs(%c : tensor<64x64xf32>) -> tensor<64x64xf32>
  return %0 : tensor<64x64xf32>
}

// -----

// Sizes that 8 and 32 do not divide: the largest dividing tiles (6 rows,
// 30 columns, 5-deep K), so that every tile is static.
// CHECK-LABEL: func.func @odd_sizes
// CHECK: vector.contract {{.*}} : vector<6x5xf32>, vector<5x30xf32> into vector<6x30xf32>
func.func @odd_sizes(%a: tensor<12x25xf32>, %b: tensor<25x30xf32>, %c: tensor<12x30xf32>) -> tensor<12x30xf32> {
  %0 = linalg.matmul ins(%a, %b : tensor<12x25xf32>, tensor<25x30xf32>) outs(%c : tensor<12x30xf32>) -> tensor<12x30xf32>
  return %0 : tensor<12x30xf32>
}

// -----

// A 2-D convolution: one output row and one kernel row at a time, decomposed
// to 1-D and vectorized (the kernel columns unrolled).
// CHECK-LABEL: func.func @conv
// CHECK-NOT: linalg.conv_2d
// CHECK: vector.contract
// CHECK-NOT: linalg.conv
func.func @conv(%i: tensor<1x10x10x8xf32>, %f: tensor<3x3x8x32xf32>, %o: tensor<1x8x8x32xf32>) -> tensor<1x8x8x32xf32> {
  %0 = linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>}
      ins(%i, %f : tensor<1x10x10x8xf32>, tensor<3x3x8x32xf32>) outs(%o : tensor<1x8x8x32xf32>) -> tensor<1x8x8x32xf32>
  return %0 : tensor<1x8x8x32xf32>
}

// -----

// Elementwise: 16 lanes along the innermost dim, other dims one at a time.
// CHECK-LABEL: func.func @elementwise
// CHECK: arith.maximumf {{.*}} : vector<1x16xf32>
func.func @elementwise(%a: tensor<4x64xf32>) -> tensor<4x64xf32> {
  %e = tensor.empty() : tensor<4x64xf32>
  %zero = arith.constant 0.0 : f32
  %0 = linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0, d1)>],
                       iterator_types = ["parallel", "parallel"]}
      ins(%a : tensor<4x64xf32>) outs(%e : tensor<4x64xf32>) {
  ^bb0(%x: f32, %o: f32):
    %r = arith.maximumf %x, %zero : f32
    linalg.yield %r : f32
  } -> tensor<4x64xf32>
  return %0 : tensor<4x64xf32>
}

// -----

// Dynamic shapes are left alone (the vectorizer needs static tiles).
// CHECK-LABEL: func.func @dynamic
// CHECK: linalg.matmul
// CHECK-NOT: vector.
func.func @dynamic(%a: tensor<?x8xf32>, %b: tensor<8x8xf32>, %c: tensor<?x8xf32>) -> tensor<?x8xf32> {
  %0 = linalg.matmul ins(%a, %b : tensor<?x8xf32>, tensor<8x8xf32>) outs(%c : tensor<?x8xf32>) -> tensor<?x8xf32>
  return %0 : tensor<?x8xf32>
}
