// RUN: ap-opt %s --ap-lower-to-llvm=simulate=false | FileCheck %s

// Without the simulation there is no runtime to report to: observations
// become their input and probes disappear, and the module lowers to plain
// LLVM with no runtime call.

// CHECK-LABEL: llvm.func @main
// CHECK-NOT: ap_rt_
// CHECK-NOT: ap.observe
// CHECK-NOT: ap.probe
func.func @main(%x: tensor<4xf32>) -> tensor<4xf32> {
  %e = tensor.empty() : tensor<4xf32>
  %y = linalg.add ins(%x, %x : tensor<4xf32>, tensor<4xf32>)
                  outs(%e : tensor<4xf32>) -> tensor<4xf32>
  %z = ap.observe %y id "main.add0" : tensor<4xf32>
  ap.probe variance %z id "main.var" : tensor<4xf32>
  return %z : tensor<4xf32>
}

// Widening from fp8 on 2-D tensors (leading-zero counts on 2-D vector
// tiles) lowers too.
// RUN: ap-opt %S/Inputs/fp8-round-trip.mlir --ap-lower-to-llvm=simulate=false | FileCheck %s --check-prefix=FP8
// FP8-LABEL: llvm.func @round_trip
// FP8: llvm.intr.ctlz
// FP8-NOT: math.ctlz
