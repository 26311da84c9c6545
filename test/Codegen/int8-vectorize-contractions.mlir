// RUN: ap-opt %s --split-input-file --pass-pipeline="builtin.module(func.func(ap-vectorize-int8-contractions{target-features=+avx512f,+avx512vnni rows=4 column-vectors=2}),canonicalize,cse)" | FileCheck %s
// RUN: ap-opt %s --split-input-file --pass-pipeline="builtin.module(func.func(ap-vectorize-int8-contractions{target-features=+avxvnni}),canonicalize,cse)" | FileCheck %s --check-prefix=AVX
// Without a VNNI feature (none, or one taken away), nothing changes.
// RUN: ap-opt %s --split-input-file --pass-pipeline="builtin.module(func.func(ap-vectorize-int8-contractions))" | FileCheck %s --check-prefix=NONE
// RUN: ap-opt %s --split-input-file --pass-pipeline="builtin.module(func.func(ap-vectorize-int8-contractions{target-features=+avx512f,+avx512vnni,-avx512vnni,+avx2}))" | FileCheck %s --check-prefix=NONE

// A matmul with 13 rows (4-row tiles: three and a tail of 1) and 40
// columns (three 16-lane vectors, the last one partial).
//
// B is packed once: [K/4 = 9, 3 column vectors, 16 lanes x 4 k], four rows
// of B interleaved byte by byte, sign bits flipped (B + 128 as u8).
// CHECK-LABEL: func.func @matmul(
// CHECK-SAME: %[[A:[a-z0-9]+]]: tensor<13x36xi8>, %[[B:[a-z0-9]+]]: tensor<36x40xi8>, %[[C:[a-z0-9]+]]: tensor<13x40xi32>
// CHECK-DAG: %[[SIGN:.*]] = arith.constant dense<-128> : vector<64xi8>
// CHECK: %[[EMPTY:.*]] = tensor.empty() : tensor<9x3x64xi8>
// CHECK: %[[PACKED:.*]] = scf.for %[[K1:.*]] = {{.*}} iter_args({{.*}} = %[[EMPTY]])
// CHECK: scf.for
// CHECK-COUNT-4: vector.transfer_read %[[B]]{{.*}} {in_bounds = [true]} : tensor<36x40xi8>, vector<16xi8>
// CHECK: vector.shuffle
// CHECK: vector.shuffle
// CHECK: %[[ROWS:.*]] = vector.shuffle {{.*}} [0, 16, 32, 48, 1, 17, 33, 49, 2, 18, 34, 50,
// CHECK: %[[FLIPPED:.*]] = arith.xori %[[ROWS]], %[[SIGN]] : vector<64xi8>
// CHECK: vector.transfer_write %[[FLIPPED]]
// The last column vector: columns 32..39 read masked (in_bounds false).
// CHECK-COUNT-4: vector.transfer_read %[[B]][%{{.*}}, %c32], %{{.*}} : tensor<36x40xi8>, vector<16xi8>
// CHECK: arith.xori
//
// The correction: 128 times the row sums of A subtracted from C.
// CHECK: %[[SUMS:.*]] = linalg.generic {{.*}} iterator_types = ["parallel", "reduction"]} ins(%[[A]] : tensor<13x36xi8>)
// CHECK: arith.extsi
// CHECK: arith.addi
// CHECK: %[[C0:.*]] = linalg.generic {{.*}} ins(%[[SUMS]] : tensor<13xi32>) outs(%[[C]] : tensor<13x40xi32>)
// CHECK: %[[SCALED:.*]] = arith.muli %{{.*}}, %c128_i32 : i32
// CHECK: arith.subi %{{.*}}, %[[SCALED]] : i32
//
// The kernel: 4 x 32 tiles, the accumulators read once, carried through
// the loop over k / 4 as 8 vectors, written once.
// CHECK: scf.for %[[M:.*]] = %c0 to %c12 step %c4 iter_args(%[[ACC:.*]] = %[[C0]])
// CHECK: %[[TILE:.*]] = vector.transfer_read %[[ACC]][%[[M]], %c0], {{.*}} : tensor<13x40xi32>, vector<4x32xi32>
// CHECK: vector.shape_cast %[[TILE]] : vector<4x32xi32> to vector<128xi32>
// CHECK-COUNT-8: vector.extract_strided_slice
// CHECK: scf.for %[[D:.*]] = %c0 to %c9 step %c1 iter_args({{.*}}) -> (vector<16xi32>, vector<16xi32>, vector<16xi32>, vector<16xi32>, vector<16xi32>, vector<16xi32>, vector<16xi32>, vector<16xi32>)
// CHECK: %[[P0:.*]] = vector.transfer_read %[[PACKED]][%[[D]], %c0, %c0], {{.*}} : tensor<9x3x64xi8>, vector<64xi8>
// CHECK: %[[P0S:.*]] = vector.shape_cast %[[P0]] : vector<64xi8> to vector<16x4xi8>
// CHECK: %[[U0:.*]] = arith.extui %[[P0S]] : vector<16x4xi8> to vector<16x4xi32>
// CHECK: vector.transfer_read %[[PACKED]][%[[D]], %c1, %c0]
// CHECK: %[[U1:.*]] = arith.extui
// CHECK: %[[K:.*]] = affine.apply #{{.*}}(%[[D]])
// CHECK: %[[W:.*]] = vector.transfer_read %[[A]][%[[M]], %[[K]]], {{.*}} : tensor<13x36xi8>, vector<4xi8>
// CHECK: %[[S:.*]] = arith.extsi %[[W]] : vector<4xi8> to vector<4xi32>
// CHECK: vector.contract {indexing_maps = [#[[JK:.*]], #[[K_:.*]], #[[J:.*]]], iterator_types = ["parallel", "reduction"], kind = #vector.kind<add>} %[[U0]], %[[S]], %{{.*}} : vector<16x4xi32>, vector<4xi32> into vector<16xi32>
// CHECK: vector.contract {{.*}} %[[U1]], %[[S]], %{{.*}} : vector<16x4xi32>, vector<4xi32> into vector<16xi32>
// CHECK-COUNT-6: vector.contract
// CHECK: scf.yield
// CHECK-COUNT-8: vector.insert_strided_slice
// CHECK: vector.transfer_write {{.*}} {in_bounds = [true, true]} : vector<4x32xi32>, tensor<13x40xi32>
// The third, partial column vector: read and written masked.
// CHECK: vector.transfer_read {{.*}}[%[[M]], %c32], {{.*}} {in_bounds = [true, false]} : tensor<13x40xi32>, vector<4x16xi32>
// CHECK: vector.transfer_write {{.*}} {in_bounds = [true, false]} : vector<4x16xi32>, tensor<13x40xi32>
// The last row.
// CHECK: vector.transfer_read {{.*}}[%c12, %c0], {{.*}} : tensor<13x40xi32>, vector<1x32xi32>
// CHECK: vector.transfer_read {{.*}}[%c12, %c32], {{.*}} : tensor<13x40xi32>, vector<1x16xi32>
// CHECK-NOT: linalg.matmul
//
// With AVX-VNNI: 8 lanes, tiles of 4 rows x 2 vectors.
// AVX-LABEL: func.func @matmul(
// AVX: tensor.empty() : tensor<9x5x32xi8>
// AVX: vector<4x16xi32>
// AVX: vector.contract {{.*}} : vector<8x4xi32>, vector<4xi32> into vector<8xi32>
// NONE-LABEL: func.func @matmul(
// NONE-NEXT: linalg.matmul
func.func @matmul(%a: tensor<13x36xi8>, %b: tensor<36x40xi8>, %c: tensor<13x40xi32>) -> tensor<13x40xi32> {
  %0 = linalg.matmul ins(%a, %b : tensor<13x36xi8>, tensor<36x40xi8>) outs(%c : tensor<13x40xi32>) -> tensor<13x40xi32>
  return %0 : tensor<13x40xi32>
}

// -----

// Batches: B packed per batch, the batch an outer loop of the kernel.
// CHECK-LABEL: func.func @batch_matmul(
// CHECK: tensor.empty() : tensor<3x5x2x64xi8>
// CHECK: linalg.generic {{.*}} ins(%{{.*}} : tensor<3x7x20xi8>) outs(%{{.*}} : tensor<3x7xi32>)
// CHECK: scf.for %[[BATCH:.*]] = %c0 to %c3
// CHECK: vector.transfer_read %{{.*}}[%[[BATCH]], %c0, %c0], {{.*}} : tensor<3x7x32xi32>, vector<4x32xi32>
// CHECK: vector.transfer_read %{{.*}}[%[[BATCH]], %{{.*}}, %c0, %c0], {{.*}} : tensor<3x5x2x64xi8>, vector<64xi8>
// CHECK: vector.contract
// CHECK-NOT: linalg.batch_matmul
func.func @batch_matmul(%a: tensor<3x7x20xi8>, %b: tensor<3x20x32xi8>, %c: tensor<3x7x32xi32>) -> tensor<3x7x32xi32> {
  %0 = linalg.batch_matmul ins(%a, %b : tensor<3x7x20xi8>, tensor<3x20x32xi8>) outs(%c : tensor<3x7x32xi32>) -> tensor<3x7x32xi32>
  return %0 : tensor<3x7x32xi32>
}

// -----

// B given as N x K: each lane packed from the four bytes B[n, 4 k1 .. + 3],
// read as one i32.
// CHECK-LABEL: func.func @matmul_transpose_b(
// CHECK-SAME: %[[B:[a-z0-9]+]]: tensor<20x24xi8>
// CHECK: tensor.empty() : tensor<6x2x64xi8>
// CHECK: %[[W:.*]] = vector.transfer_read %[[B]]{{.*}} : tensor<20x24xi8>, vector<4xi8>
// CHECK: %[[I:.*]] = vector.bitcast %[[W]] : vector<4xi8> to vector<1xi32>
// CHECK: vector.extract %[[I]][0]
// CHECK: vector.insert
// CHECK: vector.bitcast %{{.*}} : vector<16xi32> to vector<64xi8>
// CHECK: arith.xori
// CHECK: vector.contract
// CHECK-NOT: linalg.matmul
func.func @matmul_transpose_b(%a: tensor<9x24xi8>, %b: tensor<20x24xi8>, %c: tensor<9x20xi32>) -> tensor<9x20xi32> {
  %0 = linalg.matmul indexing_maps = [affine_map<(m, n, k) -> (m, k)>, affine_map<(m, n, k) -> (n, k)>, affine_map<(m, n, k) -> (m, n)>]
      ins(%a, %b : tensor<9x24xi8>, tensor<20x24xi8>) outs(%c : tensor<9x20xi32>) -> tensor<9x20xi32>
  return %0 : tensor<9x20xi32>
}

// -----

// A convolution: rows are output columns, K the input channels; the kernel
// window is two loops around the one over channels / 4, and the row sums
// are summed over the window (a shape-only operand gives its size).
// CHECK-LABEL: func.func @conv(
// CHECK-SAME: %[[I:[a-z0-9]+]]: tensor<2x9x10x8xi8>
// CHECK: tensor.empty() : tensor<3x3x2x2x64xi8>
// CHECK: %[[PIXELS:.*]] = linalg.generic {{.*}} ins(%[[I]] : tensor<2x9x10x8xi8>) outs(%{{.*}} : tensor<2x9x10xi32>)
// CHECK: %[[WINDOW:.*]] = tensor.empty() : tensor<3x3xi8>
// CHECK: linalg.generic {{.*}} ins(%[[PIXELS]], %[[WINDOW]] : tensor<2x9x10xi32>, tensor<3x3xi8>) outs(%{{.*}} : tensor<2x4x8xi32>)
// CHECK: scf.for %[[N:.*]] = %c0 to %c2
// CHECK: scf.for %[[OH:.*]] = %c0 to %c4
// CHECK: vector.transfer_read {{.*}} : tensor<2x4x8x24xi32>, vector<4x32xi32>
// CHECK: scf.for %[[KH:.*]] = %c0 to %c3
// CHECK: scf.for %[[KW:.*]] = %c0 to %c3
// CHECK: scf.for %[[C4:.*]] = %c0 to %c2
// CHECK: vector.transfer_read %{{.*}}[%[[KH]], %[[KW]], %[[C4]], %c0, %c0], {{.*}} : tensor<3x3x2x2x64xi8>, vector<64xi8>
// CHECK: vector.transfer_read %[[I]][%[[N]], {{.*}}], {{.*}} : tensor<2x9x10x8xi8>, vector<4xi8>
// CHECK: vector.contract
// CHECK-NOT: linalg.conv_2d_nhwc_hwcf
func.func @conv(%i: tensor<2x9x10x8xi8>, %w: tensor<3x3x8x24xi8>, %o: tensor<2x4x8x24xi32>) -> tensor<2x4x8x24xi32> {
  %0 = linalg.conv_2d_nhwc_hwcf {dilations = dense<[2, 1]> : tensor<2xi64>, strides = dense<[1, 1]> : tensor<2xi64>}
      ins(%i, %w : tensor<2x9x10x8xi8>, tensor<3x3x8x24xi8>) outs(%o : tensor<2x4x8x24xi32>) -> tensor<2x4x8x24xi32>
  return %0 : tensor<2x4x8x24xi32>
}

// -----

// Not for the kernel: K not a multiple of 4, other element types, unsigned
// extension, a depthwise convolution (N in both operands).
// CHECK-LABEL: func.func @odd_k(
// CHECK: linalg.matmul
// CHECK-LABEL: func.func @f32(
// CHECK: linalg.matmul
// CHECK-LABEL: func.func @i16_accumulator(
// CHECK: linalg.matmul
// CHECK-LABEL: func.func @unsigned(
// CHECK: linalg.matmul
// CHECK-LABEL: func.func @depthwise(
// CHECK: linalg.depthwise_conv_2d_nhwc_hwc
func.func @odd_k(%a: tensor<4x30xi8>, %b: tensor<30x16xi8>, %c: tensor<4x16xi32>) -> tensor<4x16xi32> {
  %0 = linalg.matmul ins(%a, %b : tensor<4x30xi8>, tensor<30x16xi8>) outs(%c : tensor<4x16xi32>) -> tensor<4x16xi32>
  return %0 : tensor<4x16xi32>
}
func.func @f32(%a: tensor<4x32xf32>, %b: tensor<32x16xf32>, %c: tensor<4x16xf32>) -> tensor<4x16xf32> {
  %0 = linalg.matmul ins(%a, %b : tensor<4x32xf32>, tensor<32x16xf32>) outs(%c : tensor<4x16xf32>) -> tensor<4x16xf32>
  return %0 : tensor<4x16xf32>
}
func.func @i16_accumulator(%a: tensor<4x32xi8>, %b: tensor<32x16xi8>, %c: tensor<4x16xi16>) -> tensor<4x16xi16> {
  %0 = linalg.matmul ins(%a, %b : tensor<4x32xi8>, tensor<32x16xi8>) outs(%c : tensor<4x16xi16>) -> tensor<4x16xi16>
  return %0 : tensor<4x16xi16>
}
func.func @unsigned(%a: tensor<4x32xi8>, %b: tensor<32x16xi8>, %c: tensor<4x16xi32>) -> tensor<4x16xi32> {
  %0 = linalg.matmul {cast = #linalg.type_fn<cast_unsigned>} ins(%a, %b : tensor<4x32xi8>, tensor<32x16xi8>) outs(%c : tensor<4x16xi32>) -> tensor<4x16xi32>
  return %0 : tensor<4x16xi32>
}
func.func @depthwise(%i: tensor<1x6x6x16xi8>, %w: tensor<3x3x16xi8>, %o: tensor<1x4x4x16xi32>) -> tensor<1x4x4x16xi32> {
  %0 = linalg.depthwise_conv_2d_nhwc_hwc {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>}
      ins(%i, %w : tensor<1x6x6x16xi8>, tensor<3x3x16xi8>) outs(%o : tensor<1x4x4x16xi32>) -> tensor<1x4x4x16xi32>
  return %0 : tensor<1x4x4x16xi32>
}
