// RUN: ap-opt %s --split-input-file --convert-ap-to-apsim | FileCheck %s

// Weights placed in a memory tier with `ap.memory` (as ap-partition places
// them) are defined there, and the launches that read them work in that
// tier (at its bandwidth) when it is slower than the one their working set
// would use.

// The matmul 1x8 by 8x8: 128 ops at 2e9 op/s = 6.4e-8 s; it moves 32 + 256
// + 32 bytes read and 32 written = 352 bytes: 3.52e-8 s in sram (1e10 B/s),
// 3.52e-7 s in dram (1e9 B/s); plus the 1 us launch.
// CHECK-LABEL: func.func @slow_weights
// CHECK: apsim.define {{[0-9]+}} on @npu::@dram format f32 bytes 256
// CHECK: apsim.launch "slow_weights#0" on @npu::@dram {{.*}} cost #apsim.cost<time = 1.352e-06,
// CHECK-LABEL: func.func @fast_weights
// CHECK: apsim.define {{[0-9]+}} on @npu::@sram format f32 bytes 256
// CHECK: apsim.launch "fast_weights#0" on @npu::@sram {{.*}} cost #apsim.cost<time = 1.06{{[0-9]*}}e-06,
// A tier of another device does not apply: the weights live in the last
// tier, and the launch works where its working set fits.
// CHECK-LABEL: func.func @other_device
// CHECK: apsim.define {{[0-9]+}} on @npu format f32 bytes 256
// CHECK: apsim.launch "other_device#0" on @npu::@sram
module attributes {ap.target = #ap.target<devices = [
  #ap.device<"cpu", host, precisions = [f32],
    memories = [#ap.memory<"dram", capacity = 1000000000, bandwidth = 1.0e+09, energy_per_byte = 1.0e-09>],
    clock = 1.0e+09, units = 1, ops_per_cycle = {f32 = 1.0}, energy_per_op = {f32 = 1.0e-09},
    launch_overhead = 0.0, switch_latency = 0.0, idle_power = 1.0>,
  #ap.device<"npu", accelerator, precisions = [f32],
    memories = [#ap.memory<"sram", capacity = 4096, bandwidth = 1.0e+10, energy_per_byte = 1.0e-12>,
                #ap.memory<"dram", capacity = 1000000000, bandwidth = 1.0e+09, energy_per_byte = 1.0e-10>],
    clock = 1.0e+09, units = 2, ops_per_cycle = {f32 = 1.0}, energy_per_op = {f32 = 4.0e-12},
    launch_overhead = 1.0e-06, switch_latency = 1.0e-06, idle_power = 0.5>],
  links = [#ap.link<"pcie", @cpu -> @npu, bidirectional, latency = 1.0e-06, bandwidth = 1.0e+09,
                    energy_per_byte = 1.0e-10>],
  host = "cpu", default = "npu">} {
func.func @slow_weights(%x: tensor<1x8xf32>, %acc: tensor<1x8xf32>) -> tensor<1x8xf32> {
  %w = arith.constant {ap.memory = @npu::@dram} dense<1.0> : tensor<8x8xf32>
  %y = linalg.matmul ins(%x, %w : tensor<1x8xf32>, tensor<8x8xf32>) outs(%acc : tensor<1x8xf32>) -> tensor<1x8xf32>
  return %y : tensor<1x8xf32>
}
func.func @fast_weights(%x: tensor<1x8xf32>, %acc: tensor<1x8xf32>) -> tensor<1x8xf32> {
  %w = arith.constant {ap.memory = @npu::@sram} dense<1.0> : tensor<8x8xf32>
  %y = linalg.matmul ins(%x, %w : tensor<1x8xf32>, tensor<8x8xf32>) outs(%acc : tensor<1x8xf32>) -> tensor<1x8xf32>
  return %y : tensor<1x8xf32>
}
func.func @other_device(%x: tensor<1x8xf32>, %acc: tensor<1x8xf32>) -> tensor<1x8xf32> {
  %w = arith.constant {ap.memory = @cpu::@dram} dense<1.0> : tensor<8x8xf32>
  %y = linalg.matmul ins(%x, %w : tensor<1x8xf32>, tensor<8x8xf32>) outs(%acc : tensor<1x8xf32>) -> tensor<1x8xf32>
  return %y : tensor<1x8xf32>
}
}
