// RUN: ap-opt %s --ap-partition="sensitivity=%S/Inputs/wires.json tolerance=0.01 report=%t.json" | FileCheck %s --check-prefix=ONE
// RUN: FileCheck %s --check-prefix=REPORT < %t.json
// RUN: ap-opt %s --ap-partition="sensitivity=%S/Inputs/wires.json tolerance=0.01 algorithm=exact" | FileCheck %s --check-prefix=ONE
// RUN: ap-opt %s --ap-partition="sensitivity=%S/Inputs/wires.json tolerance=0.02" | FileCheck %s --check-prefix=BOTH
// RUN: ap-opt %s --ap-partition="sensitivity=%S/Inputs/wires.json tolerance=0.01 wires=false" | FileCheck %s --check-prefix=NONE
// RUN: ap-opt %s --ap-partition | FileCheck %s --check-prefix=LOSSLESS
// The precision assignment already spent the tolerance (ap.estimated_loss):
// nothing is left for lossy wires.
// RUN: sed 's/host = "cpu", default = "fp">}/host = "cpu", default = "fp">, ap.estimated_loss = 0.01 : f64}/' %s | \
// RUN:   ap-opt --ap-partition="sensitivity=%S/Inputs/wires.json tolerance=0.01" | FileCheck %s --check-prefix=SPENT

// Two values cross to devices pinned by their placements, one over a fast
// link (a, 1e10 B/s) and one over a slow one (b, 1e8 B/s). Each may cross in
// f16 for an estimated loss of 0.01 (Inputs/wires.json); with a budget for
// one, the slow link gets the narrow wire, where it saves the most time:
// 16 KiB at 1e8 B/s is 164 us, halved; on the fast link 1.6 us.

// ONE-LABEL: func.func @wires
// ONE-DAG: ap.transfer %arg1 from @cpu to @slow wire f16
// ONE-DAG: ap.transfer %arg0 from @cpu to @fp {
// REPORT: "wire_loss": 0.01
// REPORT: "loss_budget": 0.01
// REPORT: "stored": "f32"
// REPORT: "wire": "f16"

// With budget for both, the fast link still crosses in f32: it does not
// convert, so the host would convert 4096 values at 1e9 op/s (4.1 us) to save
// 0.8 us on the wire.
// BOTH-DAG: ap.transfer %arg1 from @cpu to @slow wire f16
// BOTH-DAG: ap.transfer %arg0 from @cpu to @fp {

// NONE-NOT: wire f16

// SPENT-LABEL: func.func @wires
// SPENT-NOT: wire f16
// SPENT-LABEL: func.func @lossless

// Without losses, only the value that its reader converts to f16 first
// crosses in f16: that loses nothing.
// LOSSLESS-LABEL: func.func @wires
// LOSSLESS-NOT: wire f16
// LOSSLESS-LABEL: func.func @lossless
// LOSSLESS: ap.transfer %arg0 from @cpu to @slow wire f16
// LOSSLESS: ap.convert

module attributes {ap.target = #ap.target<devices = [
  #ap.device<"cpu", host, precisions = [f32],
    memories = [#ap.memory<"dram", capacity = 1000000000, bandwidth = 1.0e+10, energy_per_byte = 1.0e-10>],
    clock = 1.0e+09, units = 1, ops_per_cycle = {f32 = 1.0}, energy_per_op = {f32 = 1.0e-10},
    launch_overhead = 0.0, switch_latency = 0.0, idle_power = 1.0>,
  #ap.device<"fp", accelerator, precisions = [f32, f16],
    memories = [#ap.memory<"hbm", capacity = 1000000000, bandwidth = 1.0e+12, energy_per_byte = 1.0e-11>],
    clock = 1.0e+09, units = 1000, ops_per_cycle = {f32 = 1.0, f16 = 2.0}, energy_per_op = {f32 = 1.0e-12, f16 = 5.0e-13},
    launch_overhead = 1.0e-06, switch_latency = 0.0, idle_power = 1.0>,
  #ap.device<"slow", accelerator, precisions = [f32, f16],
    memories = [#ap.memory<"hbm", capacity = 1000000000, bandwidth = 1.0e+12, energy_per_byte = 1.0e-11>],
    clock = 1.0e+09, units = 1000, ops_per_cycle = {f32 = 1.0, f16 = 2.0}, energy_per_op = {f32 = 1.0e-12, f16 = 5.0e-13},
    launch_overhead = 1.0e-06, switch_latency = 0.0, idle_power = 1.0>],
  links = [#ap.link<"a", @cpu -> @fp, bidirectional, latency = 1.0e-06, bandwidth = 1.0e+10, energy_per_byte = 1.0e-10, wire = [f32, f16]>,
           #ap.link<"b", @cpu -> @slow, bidirectional, latency = 1.0e-06, bandwidth = 1.0e+08, energy_per_byte = 1.0e-10, wire = [f32, f16], converts>],
  host = "cpu", default = "fp">} {
func.func @wires(%a: tensor<4096xf32>, %b: tensor<4096xf32>) -> (tensor<4096xf32>, tensor<4096xf32>) {
  %ra = ap.placement on @fp (%x = %a) : (tensor<4096xf32>) -> tensor<4096xf32> {
    %e = tensor.empty() : tensor<4096xf32>
    %y = linalg.exp ins(%x : tensor<4096xf32>) outs(%e : tensor<4096xf32>) -> tensor<4096xf32>
    ap.yield %y : tensor<4096xf32>
  }
  %rb = ap.placement on @slow (%x = %b) : (tensor<4096xf32>) -> tensor<4096xf32> {
    %e = tensor.empty() : tensor<4096xf32>
    %y = linalg.exp ins(%x : tensor<4096xf32>) outs(%e : tensor<4096xf32>) -> tensor<4096xf32>
    ap.yield %y : tensor<4096xf32>
  }
  return %ra, %rb : tensor<4096xf32>, tensor<4096xf32>
}

func.func @lossless(%a: tensor<4096xf32>) -> tensor<4096xf16> {
  %r = ap.placement on @slow (%x = %a) : (tensor<4096xf32>) -> tensor<4096xf16> {
    %h = ap.convert %x saturate : tensor<4096xf32> -> tensor<4096xf16>
    %e = tensor.empty() : tensor<4096xf16>
    %y = linalg.exp ins(%h : tensor<4096xf16>) outs(%e : tensor<4096xf16>) -> tensor<4096xf16>
    ap.yield %y : tensor<4096xf16>
  }
  return %r : tensor<4096xf16>
}
}
