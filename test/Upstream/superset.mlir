// ap-opt accepts what mlir-opt accepts: unregistered dialects with
// --allow-unregistered-dialect, every upstream dialect, and upstream passes.
// RUN: ap-opt %s --allow-unregistered-dialect --split-input-file | FileCheck %s
// RUN: not ap-opt %s --split-input-file 2>&1 | FileCheck %s --check-prefix=STRICT
// RUN: ap-opt %s --allow-unregistered-dialect --split-input-file --pass-pipeline="builtin.module(func.func(canonicalize,cse))" | FileCheck %s --check-prefix=PIPE

// CHECK-LABEL: func @unregistered
// CHECK: "foreign.op"() {foreign.attr = 1 : i64} : () -> i32
// STRICT: operation being parsed with an unregistered dialect
func.func @unregistered() -> i32 {
  %0 = "foreign.op"() {foreign.attr = 1} : () -> i32
  return %0 : i32
}

// -----

// Upstream dialects side by side with ap.
// CHECK-LABEL: func @mixed
// CHECK: tosa.add
// CHECK: ap.convert
// PIPE-LABEL: func @mixed
// PIPE: %[[C:.*]] = arith.constant dense<2.000000e+00> : tensor<4xf16>
// PIPE: return %{{.*}}, %[[C]]
func.func @mixed(%x: tensor<4xf32>) -> (tensor<4xf32>, tensor<4xf16>) {
  %0 = tosa.add %x, %x : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  %c = arith.constant dense<2.0> : tensor<4xf32>
  %1 = ap.convert %c : tensor<4xf32> -> tensor<4xf16>
  return %0, %1 : tensor<4xf32>, tensor<4xf16>
}
