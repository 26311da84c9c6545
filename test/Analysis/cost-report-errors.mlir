// RUN: ap-opt %s --split-input-file --verify-diagnostics --ap-cost-report=output=none

// expected-error @+1 {{ap-cost-report needs a target: attach one with ap-attach-target, or give the module an 'ap.target' attribute}}
module {
  func.func @f(%a: tensor<4xf32>) -> tensor<4xf32> {
    return %a : tensor<4xf32>
  }
}

// -----

// A target good enough to name devices but without the figures of the cost model.
// expected-error @+1 {{device 'cpu' has no 'clock', 'units', 'ops_per_cycle', 'energy_per_op', 'launch_overhead', 'switch_latency', 'idle_power', 'memories', which the cost model needs}}
module attributes {ap.target = #ap.target<devices = [#ap.device<"cpu", host, precisions = [f32]>], host = "cpu", default = "cpu">} {
}

// -----

// expected-error @+1 {{device 'npu' is unreachable: no route of links carries data from host 'cpu' to it}}
module attributes {ap.target = #ap.target<devices = [
  #ap.device<"cpu", host, precisions = [f32], memories = [#ap.memory<"dram", capacity = 1024, bandwidth = 1.0e+09, energy_per_byte = 0.0>],
    clock = 1.0e+09, units = 1, ops_per_cycle = {f32 = 1.0}, energy_per_op = {f32 = 0.0}, launch_overhead = 0.0, switch_latency = 0.0, idle_power = 0.0>,
  #ap.device<"npu", accelerator, precisions = [f32], memories = [#ap.memory<"dram", capacity = 1024, bandwidth = 1.0e+09, energy_per_byte = 0.0>],
    clock = 1.0e+09, units = 1, ops_per_cycle = {f32 = 1.0}, energy_per_op = {f32 = 0.0}, launch_overhead = 0.0, switch_latency = 0.0, idle_power = 0.0>],
  host = "cpu", default = "npu">} {
}

// -----

// Dynamic shapes: a warning on the op, which is left out of the report.
module attributes {ap.target = #ap.target<devices = [
  #ap.device<"cpu", host, precisions = [f32], memories = [#ap.memory<"dram", capacity = 1024, bandwidth = 1.0e+09, energy_per_byte = 0.0>],
    clock = 1.0e+09, units = 1, ops_per_cycle = {f32 = 1.0}, energy_per_op = {f32 = 0.0}, launch_overhead = 0.0, switch_latency = 0.0, idle_power = 0.0>],
  host = "cpu", default = "cpu">} {
  func.func @dynamic(%a: tensor<?x8xf32>, %b: tensor<8x4xf32>, %c: tensor<?x4xf32>) -> tensor<?x4xf32> {
    // expected-warning @+1 {{not priced: cannot estimate the cost of an op with dynamic shapes; the cost model needs static shapes}}
    %0 = linalg.matmul ins(%a, %b : tensor<?x8xf32>, tensor<8x4xf32>) outs(%c : tensor<?x4xf32>) -> tensor<?x4xf32>
    return %0 : tensor<?x4xf32>
  }
}

// -----

// Element types with no storage yet, and sizes beyond 64 bits: a warning on
// the op, which is left out of the report.
module attributes {ap.target = #ap.target<devices = [
  #ap.device<"cpu", host, precisions = [f32], memories = [#ap.memory<"dram", capacity = 1024, bandwidth = 1.0e+09, energy_per_byte = 0.0>],
    clock = 1.0e+09, units = 1, ops_per_cycle = {f32 = 1.0}, energy_per_op = {f32 = 0.0}, launch_overhead = 0.0, switch_latency = 0.0, idle_power = 0.0>],
  host = "cpu", default = "cpu">} {
  func.func @calibrated(%a: tensor<4x!quant.calibrated<f32<-1.0:1.0>>>, %b: tensor<4x!quant.calibrated<f32<-1.0:1.0>>>) -> tensor<4x!quant.calibrated<f32<-1.0:1.0>>> {
    // expected-warning-re @+1 {{not priced: cannot estimate the memory traffic of elements of type '!quant.calibrated<{{.*}}>': it has no storage type until it is quantized}}
    %0 = linalg.copy ins(%a : tensor<4x!quant.calibrated<f32<-1.0:1.0>>>) outs(%b : tensor<4x!quant.calibrated<f32<-1.0:1.0>>>) -> tensor<4x!quant.calibrated<f32<-1.0:1.0>>>
    return %0 : tensor<4x!quant.calibrated<f32<-1.0:1.0>>>
  }
  func.func @huge(%a: tensor<4611686018427387904x4xf32>) -> tensor<4611686018427387904x4x!quant.uniform<i8:f32, 0.5>> {
    // expected-warning @+1 {{not priced: the number of elements of 'tensor<4611686018427387904x4xf32>' overflows 64 bits}}
    %0 = ap.quantize %a : tensor<4611686018427387904x4xf32> -> tensor<4611686018427387904x4x!quant.uniform<i8:f32, 0.5>>
    return %0 : tensor<4611686018427387904x4x!quant.uniform<i8:f32, 0.5>>
  }
  func.func @iterations(%a: tensor<4611686018427387904x4xf32>, %b: tensor<4x4xf32>, %c: tensor<4611686018427387904x4xf32>) -> tensor<4611686018427387904x4xf32> {
    // expected-warning @+1 {{not priced: the iteration space of the op overflows 64 bits}}
    %0 = linalg.matmul ins(%a, %b : tensor<4611686018427387904x4xf32>, tensor<4x4xf32>) outs(%c : tensor<4611686018427387904x4xf32>) -> tensor<4611686018427387904x4xf32>
    return %0 : tensor<4611686018427387904x4xf32>
  }
}
