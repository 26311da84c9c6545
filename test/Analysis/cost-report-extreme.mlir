// RUN: ap-opt %s --ap-cost-report -o /dev/null | FileCheck %s

// Figures that are valid but out of the range of a double when combined: a
// bandwidth of 1e-320 B/s (a denormal) makes 64 bytes take longer than the
// largest double. The cost says so instead of printing 'inf'.

module attributes {ap.target = #ap.target<devices = [
  #ap.device<"cpu", host, precisions = [f32],
    memories = [#ap.memory<"dram", capacity = 1024, bandwidth = 1.0e-320, energy_per_byte = 0.0>],
    clock = 1.0e+09, units = 1, ops_per_cycle = {f32 = 1.0}, energy_per_op = {f32 = 0.0},
    launch_overhead = 0.0, switch_latency = 0.0, idle_power = 0.0>],
  host = "cpu", default = "cpu">} {
// CHECK: copy#0 linalg.copy ops 0 (0 accumulating) read 32 B written 32 B
// CHECK-NEXT: cpu f32/f32 cannot run: the cost is not a finite number: the target's figures or the op's sizes are too extreme (a denormal rate or bandwidth, an enormous size)
// CHECK: cpu f32 time 0.0000e+00 s energy 0.0000e+00 J (1 ops cannot run so)
func.func @copy(%a: tensor<8xf32>, %b: tensor<8xf32>) -> tensor<8xf32> {
  %0 = linalg.copy ins(%a : tensor<8xf32>) outs(%b : tensor<8xf32>) -> tensor<8xf32>
  return %0 : tensor<8xf32>
}
}

// The JSON report carries the problem, never a non-finite number.
// RUN: ap-opt %s --ap-cost-report="output=none report=-" -o /dev/null | FileCheck %s --check-prefix=JSON
// JSON-NOT: inf
// JSON: "error": "the cost is not a finite number
// JSON-NOT: inf
