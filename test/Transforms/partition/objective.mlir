// RUN: ap-opt %s --ap-partition | FileCheck %s --check-prefix=TIME
// RUN: ap-opt %s --ap-partition=objective=energy | FileCheck %s --check-prefix=ENERGY
// RUN: ap-opt %s "--ap-partition=objective=weighted time-weight=1 energy-weight=1e-9" | FileCheck %s --check-prefix=TIME
// RUN: ap-opt %s "--ap-partition=objective=weighted time-weight=1 energy-weight=1" | FileCheck %s --check-prefix=ENERGY

// An exp of 2^20 elements on 'fast' (1e12 op/s, 1e-10 J/op: 1 us, 105 uJ)
// or on 'frugal' (1e10 op/s, 1e-13 J/op: 105 us, 0.1 uJ); no idle power,
// memory and links free of energy: the makespan picks 'fast', the energy
// 'frugal'; a weighted objective picks by the weights.
// TIME: ap.placement on @fast
// ENERGY: ap.placement on @frugal
module attributes {ap.target = #ap.target<devices = [
  #ap.device<"cpu", host, precisions = [i32],
    memories = [#ap.memory<"dram", capacity = 1000000000, bandwidth = 1.0e+12, energy_per_byte = 0.0>],
    clock = 1.0e+09, units = 1, ops_per_cycle = {i32 = 1.0}, energy_per_op = {i32 = 1.0e-10},
    launch_overhead = 0.0, switch_latency = 0.0, idle_power = 0.0>,
  #ap.device<"fast", accelerator, precisions = [f32],
    memories = [#ap.memory<"hbm", capacity = 1000000000, bandwidth = 1.0e+13, energy_per_byte = 0.0>],
    clock = 1.0e+09, units = 1000, ops_per_cycle = {f32 = 1.0}, energy_per_op = {f32 = 1.0e-10},
    launch_overhead = 0.0, switch_latency = 0.0, idle_power = 0.0>,
  #ap.device<"frugal", accelerator, precisions = [f32],
    memories = [#ap.memory<"hbm", capacity = 1000000000, bandwidth = 1.0e+13, energy_per_byte = 0.0>],
    clock = 1.0e+09, units = 10, ops_per_cycle = {f32 = 1.0}, energy_per_op = {f32 = 1.0e-13},
    launch_overhead = 0.0, switch_latency = 0.0, idle_power = 0.0>],
  links = [#ap.link<"a", @cpu -> @fast, bidirectional, latency = 1.0e-06, bandwidth = 1.0e+12, energy_per_byte = 0.0>,
           #ap.link<"b", @cpu -> @frugal, bidirectional, latency = 1.0e-06, bandwidth = 1.0e+12, energy_per_byte = 0.0>],
  host = "cpu", default = "fast">} {
func.func @main(%x: tensor<1048576xf32>) -> tensor<1048576xf32> {
  %e = tensor.empty() : tensor<1048576xf32>
  %y = linalg.exp ins(%x : tensor<1048576xf32>) outs(%e : tensor<1048576xf32>) -> tensor<1048576xf32>
  return %y : tensor<1048576xf32>
}
}
