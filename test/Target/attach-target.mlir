// RUN: ap-opt %s --ap-attach-target=path=%S/Inputs/valid.json | FileCheck %s
// RUN: ap-opt %s --ap-attach-target=path=%S/Inputs/valid.json | ap-opt | FileCheck %s
// The printed target reads back unchanged.
// RUN: ap-opt %s --ap-attach-target=path=%S/Inputs/valid.json -o %t.attached.mlir
// RUN: ap-opt %t.attached.mlir -o %t.reprinted.mlir
// RUN: diff %t.attached.mlir %t.reprinted.mlir
// The target every invalid input of this directory is derived from is valid.
// RUN: ap-opt %s --ap-attach-target=path=%S/Inputs/base.json | FileCheck %s --check-prefix=BASE

// A complete target: every figure of every device, memory tier and link,
// precisions in ap's order whatever the order of the JSON members, links
// between devices and memory tiers, wire lists, and defaults
// ('bidirectional' and 'converts' false, 'wire' absent) not printed.

// CHECK:      module attributes {ap.target = #ap.target<devices = [
// CHECK-SAME: #ap.device<"cpu", host, precisions = [f32, f16, bf16],
// CHECK-SAME:   memories = [#ap.memory<"dram", capacity = 8589934592, bandwidth = 5.0e+10, energy_per_byte = 2.0e-11>],
// CHECK-SAME:   clock = 3.0e+09, units = 8,
// CHECK-SAME:   ops_per_cycle = {bf16 = 4.0, f16 = 8.0, f32 = 8.0},
// CHECK-SAME:   energy_per_op = {bf16 = 1.5e-11, f16 = 1.5e-11, f32 = 2.0e-11},
// CHECK-SAME:   launch_overhead = 0.0, switch_latency = 0.0, idle_power = 5.0>,
// CHECK-SAME: #ap.device<"npu", accelerator, precisions = [f16, i8],
// CHECK-SAME:   memories = [#ap.memory<"sram", capacity = 1048576, bandwidth = 1.0e+12, energy_per_byte = 1.0e-13>,
// CHECK-SAME:               #ap.memory<"dram", capacity = 1073741824, bandwidth = 1.0e+11, energy_per_byte = 1.0e-11>],
// CHECK-SAME:   clock = 1.0e+09, units = 64,
// CHECK-SAME:   ops_per_cycle = {f16 = 16.0, i8 = 32.0},
// CHECK-SAME:   energy_per_op = {f16 = 1.0e-12, i8 = 2.5e-13},
// CHECK-SAME:   launch_overhead = 5.0e-06, switch_latency = 1.0e-06, idle_power = 0.5>,
// CHECK-SAME: #ap.device<"dsp", accelerator, precisions = [i16, i8],
// CHECK-SAME:   memories = [#ap.memory<"tcm", capacity = 262144, bandwidth = 4.8e+09, energy_per_byte = 0.0>],
// CHECK-SAME:   clock = 6.0e+08, units = 4,
// CHECK-SAME:   ops_per_cycle = {i16 = 2.0, i8 = 4.0},
// CHECK-SAME:   energy_per_op = {i16 = 3.0e-12, i8 = 0.0},
// CHECK-SAME:   launch_overhead = 2.0e-05, switch_latency = 0.0, idle_power = 0.125>],
// CHECK-SAME: links = [
// CHECK-SAME: #ap.link<"pcie", @cpu -> @npu, bidirectional, latency = 1.0e-06, bandwidth = 1.6e+10, energy_per_byte = 1.0e-10, wire = [f32, f16, bf16], converts>,
// CHECK-SAME: #ap.link<"dma", @npu::@dram -> @npu::@sram, latency = 0.0, bandwidth = 2.5e+11, energy_per_byte = 5.0e-12>,
// CHECK-SAME: #ap.link<"spi_out", @cpu::@dram -> @dsp, latency = 2.0e-06, bandwidth = 5.0e+07, energy_per_byte = 4.0e-10, wire = [i8, i16]>,
// CHECK-SAME: #ap.link<"spi_in", @dsp -> @cpu, latency = 2.0e-06, bandwidth = 5.0e+07, energy_per_byte = 4.0e-10, wire = [i16]>],
// CHECK-SAME: host = "cpu", default = "npu">} {
// CHECK-NEXT:   func.func private @kernel()
// CHECK-NEXT: }

// BASE:      module attributes {ap.target = #ap.target<devices = [
// BASE-SAME: #ap.device<"cpu", host, precisions = [f32], memories = [#ap.memory<"dram", capacity = 4294967296, bandwidth = 2.5e+10, energy_per_byte = 2.0e-11>], clock = 2.0e+09, units = 4, ops_per_cycle = {f32 = 8.0}, energy_per_op = {f32 = 2.0e-11}, launch_overhead = 0.0, switch_latency = 0.0, idle_power = 3.0>,
// BASE-SAME: #ap.device<"npu", accelerator, precisions = [f16, i8], memories = [#ap.memory<"sram", capacity = 1048576, bandwidth = 1.0e+12, energy_per_byte = 1.0e-13>, #ap.memory<"dram", capacity = 1073741824, bandwidth = 1.0e+11, energy_per_byte = 1.0e-11>], clock = 1.0e+09, units = 64, ops_per_cycle = {f16 = 16.0, i8 = 32.0}, energy_per_op = {f16 = 1.0e-12, i8 = 2.5e-13}, launch_overhead = 5.0e-06, switch_latency = 1.0e-06, idle_power = 0.5>],
// BASE-SAME: links = [#ap.link<"pcie", @cpu -> @npu, bidirectional, latency = 1.0e-06, bandwidth = 1.6e+10, energy_per_byte = 1.0e-10, wire = [f32, f16]>, #ap.link<"dma", @npu::@dram -> @npu::@sram, latency = 0.0, bandwidth = 2.5e+11, energy_per_byte = 5.0e-12>],
// BASE-SAME: host = "cpu", default = "npu">} {

func.func private @kernel()
