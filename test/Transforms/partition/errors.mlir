// RUN: ap-opt %s --split-input-file --verify-diagnostics --ap-partition
// RUN: not ap-opt %s --split-input-file --ap-partition=algorithm=greedy 2>&1 | FileCheck %s --check-prefix=ALGORITHM
// RUN: not ap-opt %s --split-input-file --ap-partition=objective=speed 2>&1 | FileCheck %s --check-prefix=OBJECTIVE
// RUN: not ap-opt %s --split-input-file "--ap-partition=objective=weighted time-weight=0" 2>&1 | FileCheck %s --check-prefix=WEIGHTS
// RUN: not ap-opt %s --split-input-file --ap-partition=tolerance=-1 2>&1 | FileCheck %s --check-prefix=TOLERANCE
// RUN: not ap-opt %s --split-input-file --ap-partition=sensitivity=%t.missing.json 2>&1 | FileCheck %s --check-prefix=SENSITIVITY
// RUN: not ap-opt %s --split-input-file "--ap-partition=algorithm=exact max-exact-tasks=0" 2>&1 | FileCheck %s --check-prefix=EXACT

// ALGORITHM: error: ap-partition: unknown algorithm 'greedy'; expected 'heft', 'refine' or 'exact'
// OBJECTIVE: error: ap-partition: unknown objective 'speed'; expected 'time', 'energy' or 'weighted'
// WEIGHTS: error: ap-partition: objective=weighted needs finite weights >= 0, not both zero; got time-weight=0.000000e+00 energy-weight=0.000000e+00
// TOLERANCE: error: ap-partition: tolerance must be a number >= 0 or 'inf', got '-1'
// SENSITIVITY: error: ap-partition: {{.*}}missing.json
// EXACT: error: ap-partition: algorithm=exact takes at most 0 launches (max-exact-tasks); this function has 1

// No device computes at i4: the launch has nowhere to run.
module attributes {ap.target = #ap.target<devices = [
  #ap.device<"cpu", host, precisions = [f32],
    memories = [#ap.memory<"dram", capacity = 100000, bandwidth = 1.0e+10, energy_per_byte = 1.0e-10>],
    clock = 1.0e+09, units = 1, ops_per_cycle = {f32 = 1.0}, energy_per_op = {f32 = 1.0e-10},
    launch_overhead = 0.0, switch_latency = 0.0, idle_power = 1.0>,
  #ap.device<"fp", accelerator, precisions = [f32, f16],
    memories = [#ap.memory<"sram", capacity = 100000, bandwidth = 1.0e+12, energy_per_byte = 1.0e-11>],
    clock = 1.0e+09, units = 1000, ops_per_cycle = {f32 = 1.0, f16 = 2.0}, energy_per_op = {f32 = 1.0e-12, f16 = 5.0e-13},
    launch_overhead = 1.0e-06, switch_latency = 0.0, idle_power = 1.0>],
  links = [#ap.link<"a", @cpu -> @fp, bidirectional, latency = 1.0e-06, bandwidth = 1.0e+10, energy_per_byte = 1.0e-10>],
  host = "cpu", default = "fp">} {
func.func @no_precision(%a: tensor<4x4xi4>, %b: tensor<4x4xi4>, %acc: tensor<4x4xi32>) -> tensor<4x4xi32> {
  // expected-error @+2 {{no device of the target can run launch 'no_precision#0'}}
  // expected-note @+1 {{device 'fp' does not compute at input precision 'i4'}}
  %m = linalg.matmul ins(%a, %b : tensor<4x4xi4>, tensor<4x4xi4>) outs(%acc : tensor<4x4xi32>) -> tensor<4x4xi32>
  return %m : tensor<4x4xi32>
}
}

// -----

// Weights of 400 KB: no memory of the target holds them.
module attributes {ap.target = #ap.target<devices = [
  #ap.device<"cpu", host, precisions = [f32],
    memories = [#ap.memory<"dram", capacity = 100000, bandwidth = 1.0e+10, energy_per_byte = 1.0e-10>],
    clock = 1.0e+09, units = 1, ops_per_cycle = {f32 = 1.0}, energy_per_op = {f32 = 1.0e-10},
    launch_overhead = 0.0, switch_latency = 0.0, idle_power = 1.0>,
  #ap.device<"fp", accelerator, precisions = [f32, f16],
    memories = [#ap.memory<"sram", capacity = 100000, bandwidth = 1.0e+12, energy_per_byte = 1.0e-11>],
    clock = 1.0e+09, units = 1000, ops_per_cycle = {f32 = 1.0, f16 = 2.0}, energy_per_op = {f32 = 1.0e-12, f16 = 5.0e-13},
    launch_overhead = 1.0e-06, switch_latency = 0.0, idle_power = 1.0>],
  links = [#ap.link<"a", @cpu -> @fp, bidirectional, latency = 1.0e-06, bandwidth = 1.0e+10, energy_per_byte = 1.0e-10>],
  host = "cpu", default = "fp">} {
// expected-error @+1 {{ap-partition: launch 'nothing_fits#0' fits no device: no device that computes at its precisions can also hold its weights}}
func.func @nothing_fits(%x: tensor<1x320xf32>, %acc: tensor<1x320xf32>) -> tensor<1x320xf32> {
  %w = arith.constant dense<1.0> : tensor<320x320xf32>
  %y = linalg.matmul ins(%x, %w : tensor<1x320xf32>, tensor<320x320xf32>) outs(%acc : tensor<1x320xf32>) -> tensor<1x320xf32>
  return %y : tensor<1x320xf32>
}
}

// -----

// Pinned to a device that cannot run it.
module attributes {ap.target = #ap.target<devices = [
  #ap.device<"cpu", host, precisions = [f32],
    memories = [#ap.memory<"dram", capacity = 100000, bandwidth = 1.0e+10, energy_per_byte = 1.0e-10>],
    clock = 1.0e+09, units = 1, ops_per_cycle = {f32 = 1.0}, energy_per_op = {f32 = 1.0e-10},
    launch_overhead = 0.0, switch_latency = 0.0, idle_power = 1.0>,
  #ap.device<"fp", accelerator, precisions = [f32, f16],
    memories = [#ap.memory<"sram", capacity = 100000, bandwidth = 1.0e+12, energy_per_byte = 1.0e-11>],
    clock = 1.0e+09, units = 1000, ops_per_cycle = {f32 = 1.0, f16 = 2.0}, energy_per_op = {f32 = 1.0e-12, f16 = 5.0e-13},
    launch_overhead = 1.0e-06, switch_latency = 0.0, idle_power = 1.0>],
  links = [#ap.link<"a", @cpu -> @fp, bidirectional, latency = 1.0e-06, bandwidth = 1.0e+10, energy_per_byte = 1.0e-10>],
  host = "cpu", default = "fp">} {
func.func @pinned(%x: tensor<4xf16>) -> tensor<4xf16> {
  %r = ap.placement on @cpu (%a = %x) : (tensor<4xf16>) -> tensor<4xf16> {
    %e = tensor.empty() : tensor<4xf16>
    // expected-error @+2 {{no device of the target can run launch 'pinned#0' on the device of its ap.placement}}
    // expected-note @+1 {{device 'cpu' does not compute at input precision 'f16'}}
    %y = linalg.exp ins(%a : tensor<4xf16>) outs(%e : tensor<4xf16>) -> tensor<4xf16>
    ap.yield %y : tensor<4xf16>
  }
  return %r : tensor<4xf16>
}
}

// -----

module attributes {ap.target = #ap.target<devices = [
  #ap.device<"cpu", host, precisions = [f32],
    memories = [#ap.memory<"dram", capacity = 100000, bandwidth = 1.0e+10, energy_per_byte = 1.0e-10>],
    clock = 1.0e+09, units = 1, ops_per_cycle = {f32 = 1.0}, energy_per_op = {f32 = 1.0e-10},
    launch_overhead = 0.0, switch_latency = 0.0, idle_power = 1.0>,
  #ap.device<"fp", accelerator, precisions = [f32, f16],
    memories = [#ap.memory<"sram", capacity = 100000, bandwidth = 1.0e+12, energy_per_byte = 1.0e-11>],
    clock = 1.0e+09, units = 1000, ops_per_cycle = {f32 = 1.0, f16 = 2.0}, energy_per_op = {f32 = 1.0e-12, f16 = 5.0e-13},
    launch_overhead = 1.0e-06, switch_latency = 0.0, idle_power = 1.0>],
  links = [#ap.link<"a", @cpu -> @fp, bidirectional, latency = 1.0e-06, bandwidth = 1.0e+10, energy_per_byte = 1.0e-10>],
  host = "cpu", default = "fp">} {
func.func @transferred(%x: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{ap-partition places the transfers itself; the function already has one (partition a function without ap.transfer)}}
  %y = ap.transfer %x from @cpu to @fp : tensor<4xf32> -> tensor<4xf32>
  return %y : tensor<4xf32>
}
}

// -----

// expected-error @+1 {{ap-partition needs}}
module {
func.func @no_target(%x: tensor<4xf32>) -> tensor<4xf32> {
  return %x : tensor<4xf32>
}
}

// -----

// Valid: the split that the option errors above are reported on.
module attributes {ap.target = #ap.target<devices = [
  #ap.device<"cpu", host, precisions = [f32],
    memories = [#ap.memory<"dram", capacity = 100000, bandwidth = 1.0e+10, energy_per_byte = 1.0e-10>],
    clock = 1.0e+09, units = 1, ops_per_cycle = {f32 = 1.0}, energy_per_op = {f32 = 1.0e-10},
    launch_overhead = 0.0, switch_latency = 0.0, idle_power = 1.0>,
  #ap.device<"fp", accelerator, precisions = [f32, f16],
    memories = [#ap.memory<"sram", capacity = 100000, bandwidth = 1.0e+12, energy_per_byte = 1.0e-11>],
    clock = 1.0e+09, units = 1000, ops_per_cycle = {f32 = 1.0, f16 = 2.0}, energy_per_op = {f32 = 1.0e-12, f16 = 5.0e-13},
    launch_overhead = 1.0e-06, switch_latency = 0.0, idle_power = 1.0>],
  links = [#ap.link<"a", @cpu -> @fp, bidirectional, latency = 1.0e-06, bandwidth = 1.0e+10, energy_per_byte = 1.0e-10>],
  host = "cpu", default = "fp">} {
func.func @valid(%x: tensor<4xf32>) -> tensor<4xf32> {
  %e = tensor.empty() : tensor<4xf32>
  %y = linalg.exp ins(%x : tensor<4xf32>) outs(%e : tensor<4xf32>) -> tensor<4xf32>
  return %y : tensor<4xf32>
}
}
