// RUN: ap-opt %s --split-input-file --ap-partition | FileCheck %s
// RUN: ap-opt %s --split-input-file --ap-partition=algorithm=heft | FileCheck %s
// RUN: ap-opt %s --split-input-file --ap-partition=algorithm=exact | FileCheck %s

// Placements whose best choice is obvious, on a host and two accelerators:
// 'fp' computes f32 and f16 only (1e12 op/s), 'int' computes i8 and i32
// (1e12 op/s) and f32 slowly (1e9 op/s); the host computes f32 at 1e9 op/s.
// Links: cpu<->fp and cpu<->int, 1e10 B/s.

// An int8 contraction never goes to a device without int8; the f32 work
// around it goes to the fast f32 device, not to the host or the slow f32 of
// 'int'.
// CHECK-LABEL: func.func @int8
// CHECK: ap.transfer %{{.*}} from @cpu to @fp
// CHECK: ap.placement on @fp
// CHECK: linalg.exp
// CHECK: ap.placement on @int
// CHECK: linalg.matmul {{.*}}tensor<64x64xi8>
// CHECK: ap.transfer %{{.*}} from @int to @cpu
// CHECK: return
module attributes {ap.target = #ap.target<devices = [
  #ap.device<"cpu", host, precisions = [f32],
    memories = [#ap.memory<"dram", capacity = 1000000000, bandwidth = 1.0e+10, energy_per_byte = 1.0e-10>],
    clock = 1.0e+09, units = 1, ops_per_cycle = {f32 = 1.0}, energy_per_op = {f32 = 1.0e-10},
    launch_overhead = 0.0, switch_latency = 0.0, idle_power = 1.0>,
  #ap.device<"fp", accelerator, precisions = [f32, f16],
    memories = [#ap.memory<"hbm", capacity = 1000000000, bandwidth = 1.0e+12, energy_per_byte = 1.0e-11>],
    clock = 1.0e+09, units = 1000, ops_per_cycle = {f32 = 1.0, f16 = 2.0}, energy_per_op = {f32 = 1.0e-12, f16 = 5.0e-13},
    launch_overhead = 1.0e-06, switch_latency = 0.0, idle_power = 1.0>,
  #ap.device<"int", accelerator, precisions = [f32, i32, i8],
    memories = [#ap.memory<"hbm", capacity = 1000000000, bandwidth = 1.0e+12, energy_per_byte = 1.0e-11>],
    clock = 1.0e+09, units = 1000, ops_per_cycle = {f32 = 0.001, i32 = 1.0, i8 = 1.0}, energy_per_op = {f32 = 1.0e-11, i32 = 1.0e-12, i8 = 1.0e-12},
    launch_overhead = 1.0e-06, switch_latency = 0.0, idle_power = 1.0>],
  links = [#ap.link<"a", @cpu -> @fp, bidirectional, latency = 1.0e-06, bandwidth = 1.0e+10, energy_per_byte = 1.0e-10>,
           #ap.link<"b", @cpu -> @int, bidirectional, latency = 1.0e-06, bandwidth = 1.0e+10, energy_per_byte = 1.0e-10>],
  host = "cpu", default = "fp">} {
func.func @int8(%x: tensor<256x256xf32>, %a: tensor<64x64xi8>, %b: tensor<64x64xi8>)
    -> (tensor<256x256xf32>, tensor<64x64xi32>) {
  %e = tensor.empty() : tensor<256x256xf32>
  %y = linalg.exp ins(%x : tensor<256x256xf32>) outs(%e : tensor<256x256xf32>) -> tensor<256x256xf32>
  %z = arith.constant 0 : i32
  %ei = tensor.empty() : tensor<64x64xi32>
  %acc = linalg.fill ins(%z : i32) outs(%ei : tensor<64x64xi32>) -> tensor<64x64xi32>
  %m = linalg.matmul ins(%a, %b : tensor<64x64xi8>, tensor<64x64xi8>) outs(%acc : tensor<64x64xi32>) -> tensor<64x64xi32>
  return %y, %m : tensor<256x256xf32>, tensor<64x64xi32>
}
}

// -----

// A layer whose weights (64 KiB) do not fit the fast device's memory (16
// KiB) runs elsewhere: on the host, whose memory holds them.
// CHECK-LABEL: func.func @too_big
// CHECK-NOT: ap.placement on @fp
// CHECK: ap.placement on @cpu
// CHECK: arith.constant {ap.memory = @cpu::@dram} dense<1.000000e+00> : tensor<128x128xf32>
// CHECK: linalg.matmul
// CHECK-NOT: ap.placement on @fp
// CHECK: return
module attributes {ap.target = #ap.target<devices = [
  #ap.device<"cpu", host, precisions = [f32],
    memories = [#ap.memory<"dram", capacity = 1000000000, bandwidth = 1.0e+10, energy_per_byte = 1.0e-10>],
    clock = 1.0e+09, units = 1, ops_per_cycle = {f32 = 1.0}, energy_per_op = {f32 = 1.0e-10},
    launch_overhead = 0.0, switch_latency = 0.0, idle_power = 1.0>,
  #ap.device<"fp", accelerator, precisions = [f32],
    memories = [#ap.memory<"sram", capacity = 16384, bandwidth = 1.0e+12, energy_per_byte = 1.0e-11>],
    clock = 1.0e+09, units = 1000, ops_per_cycle = {f32 = 1.0}, energy_per_op = {f32 = 1.0e-12},
    launch_overhead = 1.0e-06, switch_latency = 0.0, idle_power = 1.0>],
  links = [#ap.link<"a", @cpu -> @fp, bidirectional, latency = 1.0e-06, bandwidth = 1.0e+10, energy_per_byte = 1.0e-10>],
  host = "cpu", default = "fp">} {
func.func @too_big(%x: tensor<1x128xf32>) -> tensor<1x128xf32> {
  %w = arith.constant dense<1.0> : tensor<128x128xf32>
  %z = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<1x128xf32>
  %acc = linalg.fill ins(%z : f32) outs(%e : tensor<1x128xf32>) -> tensor<1x128xf32>
  %y = linalg.matmul ins(%x, %w : tensor<1x128xf32>, tensor<128x128xf32>) outs(%acc : tensor<1x128xf32>) -> tensor<1x128xf32>
  return %y : tensor<1x128xf32>
}
}
