// RUN: ap-opt %s --pass-pipeline="builtin.module(func.func(ap-hoist-vector-transfers))" | FileCheck %s

// The accumulator read and written at the same place of a local buffer in
// every iteration moves out of the loop and travels in iter_args.
// CHECK-LABEL: func.func @accumulate
// CHECK: %[[INIT:.*]] = vector.transfer_read %[[BUF:.*]][%{{.*}}]
// CHECK: %[[SUM:.*]] = scf.for {{.*}} iter_args(%[[ACC:.*]] = %[[INIT]]) -> (vector<16xf32>)
// CHECK-NOT: vector.transfer_read %[[BUF]]
// CHECK: arith.addf %[[ACC]]
// CHECK: vector.transfer_write %[[SUM]], %[[BUF]]
func.func @accumulate(%src: memref<64x16xf32>) -> f32 {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c64 = arith.constant 64 : index
  %pad = arith.constant 0.0 : f32
  %buf = memref.alloca() : memref<16xf32>
  scf.for %i = %c0 to %c64 step %c1 {
    %acc = vector.transfer_read %buf[%c0], %pad {in_bounds = [true]} : memref<16xf32>, vector<16xf32>
    %row = vector.transfer_read %src[%i, %c0], %pad {in_bounds = [true]} : memref<64x16xf32>, vector<16xf32>
    %sum = arith.addf %acc, %row : vector<16xf32>
    vector.transfer_write %sum, %buf[%c0] {in_bounds = [true]} : vector<16xf32>, memref<16xf32>
  }
  %r = memref.load %buf[%c0] : memref<16xf32>
  return %r : f32
}
