// RUN: ap-opt %s --split-input-file --pass-pipeline="builtin.module(func.func(ap-lower-vectors))" | FileCheck %s

// A contraction becomes outer products (one per reduction step), each an
// FMA of a broadcast element row with a row of the other operand.
// CHECK-LABEL: func.func @contract
// CHECK-NOT: vector.contract
// CHECK-COUNT-2: vector.fma {{.*}} : vector<4xf32>
func.func @contract(%a: vector<2x2xf32>, %b: vector<2x4xf32>, %c: vector<2x4xf32>) -> vector<2x4xf32> {
  %0 = vector.contract {indexing_maps = [affine_map<(m, n, k) -> (m, k)>, affine_map<(m, n, k) -> (k, n)>, affine_map<(m, n, k) -> (m, n)>],
                        iterator_types = ["parallel", "parallel", "reduction"], kind = #vector.kind<add>} %a, %b, %c
      : vector<2x2xf32>, vector<2x4xf32> into vector<2x4xf32>
  return %0 : vector<2x4xf32>
}

// -----

// A multi-reduction along the inner dim becomes one 1-D reduction per row.
// CHECK-LABEL: func.func @multi_reduction
// CHECK-NOT: vector.multi_reduction
// CHECK-COUNT-3: vector.reduction <maxnumf>, {{.*}} : vector<16xf32> into f32
func.func @multi_reduction(%v: vector<3x16xf32>, %acc: vector<3xf32>) -> vector<3xf32> {
  %0 = vector.multi_reduction <maxnumf>, %v, %acc [1] : vector<3x16xf32> to vector<3xf32>
  return %0 : vector<3xf32>
}

// -----

// Bit counts on n-D vectors (the exact emulation of fp8 formats counts
// leading zeros on vectorized tiles) are flattened to 1-D, the only form
// the LLVM lowering takes.
// CHECK-LABEL: func.func @bit_counts
// CHECK-SAME: (%[[V:[^:]*]]: vector<1x2xi64>
// CHECK: %[[F:.*]] = vector.extract %[[V]][0] : vector<2xi64> from vector<1x2xi64>
// CHECK: math.ctlz %[[F]] : vector<2xi64>
// CHECK: math.cttz %{{.*}} : vector<6xi32>
// CHECK: math.ctpop %{{.*}} : vector<6xi32>
// CHECK: math.ctlz %{{.*}} : vector<4xi8>
// CHECK-NOT: math.{{.*}} : vector<{{[0-9]+}}x
func.func @bit_counts(%v: vector<1x2xi64>, %w: vector<2x3xi32>, %u: vector<4xi8>)
    -> (vector<1x2xi64>, vector<2x3xi32>, vector<2x3xi32>, vector<4xi8>) {
  %a = math.ctlz %v : vector<1x2xi64>
  %b = math.cttz %w : vector<2x3xi32>
  %c = math.ctpop %w : vector<2x3xi32>
  %d = math.ctlz %u : vector<4xi8>
  return %a, %b, %c, %d : vector<1x2xi64>, vector<2x3xi32>, vector<2x3xi32>, vector<4xi8>
}
