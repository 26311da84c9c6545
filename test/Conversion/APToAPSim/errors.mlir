// RUN: ap-opt %s --convert-ap-to-apsim -split-input-file -verify-diagnostics

// Without a target there is nothing to place the compute on.
// expected-error@+1 {{convert-ap-to-apsim needs a target: attach one with ap-attach-target, or give the module an 'ap.target' attribute}}
module {
  func.func @f(%x: tensor<4xf32>) -> tensor<4xf32> {
    return %x : tensor<4xf32>
  }
}

// -----

// A kernel with dynamic shapes cannot be priced: the cost model's message,
// on the op.
module attributes {ap.target = #ap.target<devices = [
  #ap.device<"cpu", host, precisions = [f32],
    memories = [#ap.memory<"dram", capacity = 1000000000, bandwidth = 1.0e+09, energy_per_byte = 1.0e-09>],
    clock = 1.0e+09, units = 1, ops_per_cycle = {f32 = 1.0}, energy_per_op = {f32 = 1.0e-09},
    launch_overhead = 0.0, switch_latency = 0.0, idle_power = 1.0>,
  #ap.device<"npu", accelerator, precisions = [f32, f16, i32, i8],
    memories = [#ap.memory<"sram", capacity = 4096, bandwidth = 1.0e+10, energy_per_byte = 1.0e-12>,
                #ap.memory<"dram", capacity = 1000000000, bandwidth = 1.0e+09, energy_per_byte = 1.0e-10>],
    clock = 1.0e+09, units = 2, ops_per_cycle = {f32 = 1.0, f16 = 2.0, i32 = 4.0, i8 = 4.0},
    energy_per_op = {f32 = 4.0e-12, f16 = 2.0e-12, i32 = 1.0e-12, i8 = 1.0e-12},
    launch_overhead = 1.0e-06, switch_latency = 1.0e-06, idle_power = 0.5>],
  links = [#ap.link<"pcie", @cpu -> @npu, bidirectional, latency = 1.0e-06, bandwidth = 1.0e+09,
                    energy_per_byte = 1.0e-10, wire = [f32, f16, i8]>],
  host = "cpu", default = "npu">} {
func.func @dynamic(%n: index) -> f32 {
  %zero = arith.constant 0.0 : f32
  %c0 = arith.constant 0 : index
  %e = tensor.empty(%n) : tensor<?xf32>
  // expected-error@+1 {{cannot estimate the cost of an op with dynamic shapes; the cost model needs static shapes}}
  %f = linalg.fill ins(%zero : f32) outs(%e : tensor<?xf32>) -> tensor<?xf32>
  %v = tensor.extract %f[%c0] : tensor<?xf32>
  return %v : f32
}
}

// -----

// A dynamically shaped argument cannot be defined.
module attributes {ap.target = #ap.target<devices = [
  #ap.device<"cpu", host, precisions = [f32],
    memories = [#ap.memory<"dram", capacity = 1000000000, bandwidth = 1.0e+09, energy_per_byte = 1.0e-09>],
    clock = 1.0e+09, units = 1, ops_per_cycle = {f32 = 1.0}, energy_per_op = {f32 = 1.0e-09},
    launch_overhead = 0.0, switch_latency = 0.0, idle_power = 1.0>,
  #ap.device<"npu", accelerator, precisions = [f32, f16, i32, i8],
    memories = [#ap.memory<"sram", capacity = 4096, bandwidth = 1.0e+10, energy_per_byte = 1.0e-12>,
                #ap.memory<"dram", capacity = 1000000000, bandwidth = 1.0e+09, energy_per_byte = 1.0e-10>],
    clock = 1.0e+09, units = 2, ops_per_cycle = {f32 = 1.0, f16 = 2.0, i32 = 4.0, i8 = 4.0},
    energy_per_op = {f32 = 4.0e-12, f16 = 2.0e-12, i32 = 1.0e-12, i8 = 1.0e-12},
    launch_overhead = 1.0e-06, switch_latency = 1.0e-06, idle_power = 0.5>],
  links = [#ap.link<"pcie", @cpu -> @npu, bidirectional, latency = 1.0e-06, bandwidth = 1.0e+09,
                    energy_per_byte = 1.0e-10, wire = [f32, f16, i8]>],
  host = "cpu", default = "npu">} {
// expected-error@+1 {{argument #0: cannot simulate a buffer of dynamic shape 'tensor<?xf32>'; the simulated buffers need static shapes}}
func.func @dynamic_argument(%x: tensor<?xf32>) -> tensor<?xf32> {
  return %x : tensor<?xf32>
}
}

// -----

// The cpu computes only in f32: an f16 matmul placed on it cannot run.
module attributes {ap.target = #ap.target<devices = [
  #ap.device<"cpu", host, precisions = [f32],
    memories = [#ap.memory<"dram", capacity = 1000000000, bandwidth = 1.0e+09, energy_per_byte = 1.0e-09>],
    clock = 1.0e+09, units = 1, ops_per_cycle = {f32 = 1.0}, energy_per_op = {f32 = 1.0e-09},
    launch_overhead = 0.0, switch_latency = 0.0, idle_power = 1.0>,
  #ap.device<"npu", accelerator, precisions = [f32, f16, i32, i8],
    memories = [#ap.memory<"sram", capacity = 4096, bandwidth = 1.0e+10, energy_per_byte = 1.0e-12>,
                #ap.memory<"dram", capacity = 1000000000, bandwidth = 1.0e+09, energy_per_byte = 1.0e-10>],
    clock = 1.0e+09, units = 2, ops_per_cycle = {f32 = 1.0, f16 = 2.0, i32 = 4.0, i8 = 4.0},
    energy_per_op = {f32 = 4.0e-12, f16 = 2.0e-12, i32 = 1.0e-12, i8 = 1.0e-12},
    launch_overhead = 1.0e-06, switch_latency = 1.0e-06, idle_power = 0.5>],
  links = [#ap.link<"pcie", @cpu -> @npu, bidirectional, latency = 1.0e-06, bandwidth = 1.0e+09,
                    energy_per_byte = 1.0e-10, wire = [f32, f16, i8]>],
  host = "cpu", default = "npu">} {
func.func @unsupported(%a: tensor<4x4xf16>, %b: tensor<4x4xf16>, %c: tensor<4x4xf16>) -> tensor<4x4xf16> {
  %r = ap.placement on @cpu (%x = %a, %y = %b, %z = %c)
      : (tensor<4x4xf16>, tensor<4x4xf16>, tensor<4x4xf16>) -> tensor<4x4xf16> {
    // expected-error@+1 {{device 'cpu' does not compute at input precision 'f16'}}
    %m = linalg.matmul ins(%x, %y : tensor<4x4xf16>, tensor<4x4xf16>) outs(%z : tensor<4x4xf16>) -> tensor<4x4xf16>
    ap.yield %m : tensor<4x4xf16>
  }
  return %r : tensor<4x4xf16>
}
}

// -----

// A kernel without arithmetic (a pad) is priced at any precision, but its
// device must still be configured for its precision.
module attributes {ap.target = #ap.target<devices = [
  #ap.device<"cpu", host, precisions = [f32],
    memories = [#ap.memory<"dram", capacity = 1000000000, bandwidth = 1.0e+09, energy_per_byte = 1.0e-09>],
    clock = 1.0e+09, units = 1, ops_per_cycle = {f32 = 1.0}, energy_per_op = {f32 = 1.0e-09},
    launch_overhead = 0.0, switch_latency = 0.0, idle_power = 1.0>,
  #ap.device<"npu", accelerator, precisions = [f32, f16, i32, i8],
    memories = [#ap.memory<"sram", capacity = 4096, bandwidth = 1.0e+10, energy_per_byte = 1.0e-12>,
                #ap.memory<"dram", capacity = 1000000000, bandwidth = 1.0e+09, energy_per_byte = 1.0e-10>],
    clock = 1.0e+09, units = 2, ops_per_cycle = {f32 = 1.0, f16 = 2.0, i32 = 4.0, i8 = 4.0},
    energy_per_op = {f32 = 4.0e-12, f16 = 2.0e-12, i32 = 1.0e-12, i8 = 1.0e-12},
    launch_overhead = 1.0e-06, switch_latency = 1.0e-06, idle_power = 0.5>],
  links = [#ap.link<"pcie", @cpu -> @npu, bidirectional, latency = 1.0e-06, bandwidth = 1.0e+09,
                    energy_per_byte = 1.0e-10, wire = [f32, f16, i8]>],
  host = "cpu", default = "npu">} {
func.func @unsupported_copy(%a: tensor<2xf16>) -> tensor<4xf16> {
  %r = ap.placement on @cpu (%x = %a) : (tensor<2xf16>) -> tensor<4xf16> {
    %zero = arith.constant 0.0 : f16
    // expected-error@+1 {{device 'cpu' does not compute at input precision 'f16'}}
    %p = tensor.pad %x low[1] high[1] {
    ^bb0(%i: index):
      tensor.yield %zero : f16
    } : tensor<2xf16> to tensor<4xf16>
    ap.yield %p : tensor<4xf16>
  }
  return %r : tensor<4xf16>
}
}

// -----

// f64 is not an ap precision: no simulated device computes at it.
module attributes {ap.target = #ap.target<devices = [
  #ap.device<"cpu", host, precisions = [f32],
    memories = [#ap.memory<"dram", capacity = 1000000000, bandwidth = 1.0e+09, energy_per_byte = 1.0e-09>],
    clock = 1.0e+09, units = 1, ops_per_cycle = {f32 = 1.0}, energy_per_op = {f32 = 1.0e-09},
    launch_overhead = 0.0, switch_latency = 0.0, idle_power = 1.0>,
  #ap.device<"npu", accelerator, precisions = [f32, f16, i32, i8],
    memories = [#ap.memory<"sram", capacity = 4096, bandwidth = 1.0e+10, energy_per_byte = 1.0e-12>,
                #ap.memory<"dram", capacity = 1000000000, bandwidth = 1.0e+09, energy_per_byte = 1.0e-10>],
    clock = 1.0e+09, units = 2, ops_per_cycle = {f32 = 1.0, f16 = 2.0, i32 = 4.0, i8 = 4.0},
    energy_per_op = {f32 = 4.0e-12, f16 = 2.0e-12, i32 = 1.0e-12, i8 = 1.0e-12},
    launch_overhead = 1.0e-06, switch_latency = 1.0e-06, idle_power = 0.5>],
  links = [#ap.link<"pcie", @cpu -> @npu, bidirectional, latency = 1.0e-06, bandwidth = 1.0e+09,
                    energy_per_byte = 1.0e-10, wire = [f32, f16, i8]>],
  host = "cpu", default = "npu">} {
func.func @wide(%a: tensor<4xf64>) -> tensor<4xf64> {
  %e = tensor.empty() : tensor<4xf64>
  // expected-error@+1 {{cannot launch a kernel whose element types are not ap precisions on a simulated device}}
  %r = linalg.exp ins(%a : tensor<4xf64>) outs(%e : tensor<4xf64>) -> tensor<4xf64>
  return %r : tensor<4xf64>
}
}

// -----

// A probe reads formats of the target: quantized values need
// ap-lower-numerics first.
module attributes {ap.target = #ap.target<devices = [
  #ap.device<"cpu", host, precisions = [f32],
    memories = [#ap.memory<"dram", capacity = 1000000000, bandwidth = 1.0e+09, energy_per_byte = 1.0e-09>],
    clock = 1.0e+09, units = 1, ops_per_cycle = {f32 = 1.0}, energy_per_op = {f32 = 1.0e-09},
    launch_overhead = 0.0, switch_latency = 0.0, idle_power = 1.0>,
  #ap.device<"npu", accelerator, precisions = [f32, f16, i32, i8],
    memories = [#ap.memory<"sram", capacity = 4096, bandwidth = 1.0e+10, energy_per_byte = 1.0e-12>,
                #ap.memory<"dram", capacity = 1000000000, bandwidth = 1.0e+09, energy_per_byte = 1.0e-10>],
    clock = 1.0e+09, units = 2, ops_per_cycle = {f32 = 1.0, f16 = 2.0, i32 = 4.0, i8 = 4.0},
    energy_per_op = {f32 = 4.0e-12, f16 = 2.0e-12, i32 = 1.0e-12, i8 = 1.0e-12},
    launch_overhead = 1.0e-06, switch_latency = 1.0e-06, idle_power = 0.5>],
  links = [#ap.link<"pcie", @cpu -> @npu, bidirectional, latency = 1.0e-06, bandwidth = 1.0e+09,
                    energy_per_byte = 1.0e-10, wire = [f32, f16, i8]>],
  host = "cpu", default = "npu">} {
func.func @probe(%q: tensor<4x!quant.uniform<i8:f32, 0.5>>) {
  // expected-error@+1 {{cannot probe values of type '!quant.uniform<i8:f32, 5.000000e-01>' on a simulated device}}
  ap.probe variance %q id "q" : tensor<4x!quant.uniform<i8:f32, 0.5>>
  return
}
}

// -----

// An op without a placement runs on the default device; when that device
// does not compute at the op's precision, a note says where the device came
// from.
module attributes {ap.target = #ap.target<devices = [
  #ap.device<"cpu", host, precisions = [f32],
    memories = [#ap.memory<"dram", capacity = 1000000000, bandwidth = 1.0e+09, energy_per_byte = 1.0e-09>],
    clock = 1.0e+09, units = 1, ops_per_cycle = {f32 = 1.0}, energy_per_op = {f32 = 1.0e-09},
    launch_overhead = 0.0, switch_latency = 0.0, idle_power = 1.0>,
  #ap.device<"npu", accelerator, precisions = [f16, i8],
    memories = [#ap.memory<"sram", capacity = 4096, bandwidth = 1.0e+10, energy_per_byte = 1.0e-12>],
    clock = 1.0e+09, units = 2, ops_per_cycle = {f16 = 2.0, i8 = 4.0},
    energy_per_op = {f16 = 2.0e-12, i8 = 1.0e-12},
    launch_overhead = 1.0e-06, switch_latency = 1.0e-06, idle_power = 0.5>],
  links = [#ap.link<"pcie", @cpu -> @npu, bidirectional, latency = 1.0e-06, bandwidth = 1.0e+09,
                    energy_per_byte = 1.0e-10, wire = [f32, f16, i8]>],
  host = "cpu", default = "npu">} {
func.func @unplaced(%x: tensor<4xf32>) -> tensor<4xf32> {
  %e = tensor.empty() : tensor<4xf32>
  // expected-error@+2 {{device 'npu' does not compute at input precision 'f32'}}
  // expected-note@+1 {{the op has no ap.placement, so it runs on the target's default device 'npu': place it on a device that computes at 'f32', or assign it a precision this device computes at}}
  %y = linalg.exp ins(%x : tensor<4xf32>) outs(%e : tensor<4xf32>) -> tensor<4xf32>
  return %y : tensor<4xf32>
}
}

// -----

// The runtime reads observed values in a format of the target.
module attributes {ap.target = #ap.target<devices = [
  #ap.device<"cpu", host, precisions = [f32],
    memories = [#ap.memory<"dram", capacity = 1000000000, bandwidth = 1.0e+09, energy_per_byte = 1.0e-09>],
    clock = 1.0e+09, units = 1, ops_per_cycle = {f32 = 1.0}, energy_per_op = {f32 = 1.0e-09},
    launch_overhead = 0.0, switch_latency = 0.0, idle_power = 1.0>],
  host = "cpu", default = "cpu">} {
func.func @observe_f64(%x: tensor<4xf64>) -> tensor<4xf64> {
  // expected-error@+1 {{cannot observe values of type 'f64' on a simulated device: the runtime reads formats of the target (observe a quantized value after ap.dequantize)}}
  %o = ap.observe %x id "x" : tensor<4xf64>
  return %o : tensor<4xf64>
}
}
