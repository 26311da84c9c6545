// Input of two-devices-e2e.test, at the input level (func + linalg on
// tensors, ap.placement, ap.transfer): the f16 path of a small matmul on the
// npu next to the f32 reference on the cpu, and their difference. The test
// derives every simulated figure by hand.
module attributes {ap.target = #ap.target<devices = [
  #ap.device<"cpu", host, precisions = [f32],
    memories = [#ap.memory<"dram", capacity = 1000000000, bandwidth = 3.2e+07, energy_per_byte = 5.0e-10>],
    clock = 1.0e+06, units = 4, ops_per_cycle = {f32 = 2.0}, energy_per_op = {f32 = 1.0e-09},
    launch_overhead = 5.0e-07, switch_latency = 0.0, idle_power = 1.0>,
  #ap.device<"npu", accelerator, precisions = [f32, f16],
    memories = [#ap.memory<"sram", capacity = 1024, bandwidth = 6.4e+07, energy_per_byte = 1.0e-11>,
                #ap.memory<"dram", capacity = 1000000000, bandwidth = 1.6e+07, energy_per_byte = 1.0e-10>],
    clock = 1.0e+06, units = 8, ops_per_cycle = {f32 = 2.0, f16 = 4.0},
    energy_per_op = {f32 = 2.0e-10, f16 = 1.0e-10},
    launch_overhead = 1.0e-06, switch_latency = 1.0e-06, idle_power = 0.5>],
  links = [#ap.link<"pcie", @cpu -> @npu, bidirectional, latency = 1.0e-06, bandwidth = 1.6e+07,
                    energy_per_byte = 1.0e-10, wire = [f32, f16]>],
  host = "cpu", default = "npu">} {
func.func @main(%arg: tensor<8xf32>) -> (tensor<2x2xf32>, tensor<2x2xf32>) {
  %x = tensor.expand_shape %arg [[0, 1]] output_shape [2, 4] : tensor<8xf32> into tensor<2x4xf32>
  // The accumulators' initial value, read by both matmuls: resident on each
  // device that reads it.
  %zero = arith.constant dense<0.0> : tensor<2x2xf32>
  // The cut edge: x crosses pcie at f16 and arrives as f16.
  %t = ap.transfer %x from @cpu to @npu via @pcie wire f16 : tensor<2x4xf32> -> tensor<2x4xf16>
  // The f16 path: f16 inputs, f32 accumulation.
  %y = ap.placement on @npu (%a = %t, %z = %zero) : (tensor<2x4xf16>, tensor<2x2xf32>) -> tensor<2x2xf32> {
    %w = arith.constant dense<[[1.0, 0.0], [1.0, 0.0], [0.0, 1.0], [0.0, 1.0]]> : tensor<4x2xf16>
    %m = linalg.matmul ins(%a, %w : tensor<2x4xf16>, tensor<4x2xf16>) outs(%z : tensor<2x2xf32>) -> tensor<2x2xf32>
    ap.yield %m : tensor<2x2xf32>
  }
  // The f32 reference on the host, at the same time, and the difference.
  %r = ap.placement on @cpu (%a = %x, %z = %zero, %b = %y) : (tensor<2x4xf32>, tensor<2x2xf32>, tensor<2x2xf32>) -> tensor<2x2xf32> {
    %w = arith.constant dense<[[1.0, 0.0], [1.0, 0.0], [0.0, 1.0], [0.0, 1.0]]> : tensor<4x2xf32>
    %m = linalg.matmul ins(%a, %w : tensor<2x4xf32>, tensor<4x2xf32>) outs(%z : tensor<2x2xf32>) -> tensor<2x2xf32>
    %e = tensor.empty() : tensor<2x2xf32>
    %d = linalg.sub ins(%b, %m : tensor<2x2xf32>, tensor<2x2xf32>) outs(%e : tensor<2x2xf32>) -> tensor<2x2xf32>
    ap.yield %d : tensor<2x2xf32>
  }
  return %y, %r : tensor<2x2xf32>, tensor<2x2xf32>
}
}
