// RUN: ap-opt %s --ap-cost-report -o /dev/null 2>&1 | FileCheck %s

// A model with dynamic shapes: the ops that have them are left out with a
// warning; the others are priced.

// CHECK: warning: not priced: cannot estimate the cost of an op with dynamic shapes
// CHECK: ap-cost-report: @mixed: 1 ops priced, 1 skipped
// CHECK-NEXT: mixed#1 linalg.matmul ops 64
// CHECK: totals @mixed
// CHECK-NEXT: cpu f32 time 6.4000e-08 s
module attributes {ap.target = #ap.target<devices = [
  #ap.device<"cpu", host, precisions = [f32], memories = [#ap.memory<"dram", capacity = 1024, bandwidth = 1.0e+12, energy_per_byte = 0.0>],
    clock = 1.0e+09, units = 1, ops_per_cycle = {f32 = 1.0}, energy_per_op = {f32 = 0.0}, launch_overhead = 0.0, switch_latency = 0.0, idle_power = 0.0>],
  host = "cpu", default = "cpu">} {
  func.func @mixed(%a: tensor<?x8xf32>, %b: tensor<8x4xf32>, %c: tensor<?x4xf32>, %d: tensor<1x8xf32>, %e: tensor<1x4xf32>) -> (tensor<?x4xf32>, tensor<1x4xf32>) {
    %0 = linalg.matmul ins(%a, %b : tensor<?x8xf32>, tensor<8x4xf32>) outs(%c : tensor<?x4xf32>) -> tensor<?x4xf32>
    // 1x8 times 8x4: 32 MACs, 64 ops, 64 ns at 1e9 op/s.
    %1 = linalg.matmul ins(%d, %b : tensor<1x8xf32>, tensor<8x4xf32>) outs(%e : tensor<1x4xf32>) -> tensor<1x4xf32>
    return %0, %1 : tensor<?x4xf32>, tensor<1x4xf32>
  }
}

// The JSON report lists the op left out with the reason.
// RUN: ap-opt %s --ap-cost-report="output=none report=-" -o /dev/null 2>/dev/null | FileCheck %s --check-prefix=JSON
// JSON: "skipped": [
// JSON-NEXT: {
// JSON-NEXT: "location": "loc(
// JSON-NEXT: "op": "linalg.matmul",
// JSON-NEXT: "reason": "cannot estimate the cost of an op with dynamic shapes; the cost model needs static shapes"
