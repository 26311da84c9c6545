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
