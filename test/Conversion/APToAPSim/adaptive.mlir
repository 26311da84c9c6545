// RUN: ap-opt %s --convert-ap-to-apsim=fuse-kernels=false | FileCheck %s

// The figures of a switch point's variants (apsim.select): per variant, the
// seconds and dynamic joules of its launches plus the precision switches it
// causes on its device (the npu switches in 1e-6 s), and the bytes its
// launches read and write.
//
// npu: peak(f32) = 1e9 * 2 * 1 = 2e9 op/s, peak(f16) = 4e9 op/s; sram 1e10
//      B/s, 1e-12 J/B; launch 1e-6 s.

module attributes {ap.target = #ap.target<devices = [
  #ap.device<"cpu", host, precisions = [f32],
    memories = [#ap.memory<"dram", capacity = 1000000000, bandwidth = 1.0e+09, energy_per_byte = 1.0e-09>],
    clock = 1.0e+09, units = 1, ops_per_cycle = {f32 = 1.0}, energy_per_op = {f32 = 1.0e-09},
    launch_overhead = 0.0, switch_latency = 0.0, idle_power = 1.0>,
  #ap.device<"npu", accelerator, precisions = [f32, f16],
    memories = [#ap.memory<"sram", capacity = 1000000, bandwidth = 1.0e+10, energy_per_byte = 1.0e-12>],
    clock = 1.0e+09, units = 2, ops_per_cycle = {f32 = 1.0, f16 = 2.0},
    energy_per_op = {f32 = 4.0e-12, f16 = 2.0e-12},
    launch_overhead = 1.0e-06, switch_latency = 1.0e-06, idle_power = 0.5>],
  links = [#ap.link<"pcie", @cpu -> @npu, bidirectional, latency = 1.0e-06, bandwidth = 1.0e+09,
                    energy_per_byte = 1.0e-10>],
  host = "cpu", default = "npu">} {

// Between two f32 launches on the npu. The f16 variant converts its input
// (a launch at f32: 64 ops at 2e9 op/s, 256 + 128 bytes at 1e10 B/s:
// 1e-6 + 3.84e-8 s), negates at f16 (1e-6 + 256 / 1e10 = 1.0256e-6 s) and
// converts back (1.0384e-6 s): f32 -> f32, f16, f32 -> f32 is two switches,
// 3.1024e-6 + 2e-6 = 5.1024e-6 s; 384 + 256 + 384 = 1024 bytes. The f32
// variant negates at f32 (1e-6 + 512 / 1e10 = 1.0512e-6 s, 512 bytes) and
// switches nothing.
// CHECK-LABEL: func.func @between_f32_launches
// CHECK: apsim.launch "between_f32_launches#0" on @npu::@sram precision f32
// CHECK: apsim.select "mid" on @npu variants [f16, f32] default 1
// CHECK-SAME: times [5.1024000000000005E-6, 1.051200e-06]
// CHECK-SAME: bytes [1024, 512]
// CHECK: apsim.launch "between_f32_launches#5" on @npu::@sram precision f32
func.func @between_f32_launches(%x: tensor<64xf32>) -> tensor<64xf32> {
  %e = tensor.empty() : tensor<64xf32>
  %a = linalg.negf ins(%x : tensor<64xf32>) outs(%e : tensor<64xf32>) -> tensor<64xf32>
  %y = ap.adaptive "mid" default 1 (%a) : (tensor<64xf32>) -> tensor<64xf32>
  variant f16 {
  ^bb0(%b: tensor<64xf32>):
    %h = ap.convert %b : tensor<64xf32> -> tensor<64xf16>
    %eh = tensor.empty() : tensor<64xf16>
    %n = linalg.negf ins(%h : tensor<64xf16>) outs(%eh : tensor<64xf16>) -> tensor<64xf16>
    %f = ap.convert %n : tensor<64xf16> -> tensor<64xf32>
    ap.yield %f : tensor<64xf32>
  }
  variant f32 {
  ^bb0(%b: tensor<64xf32>):
    %ef = tensor.empty() : tensor<64xf32>
    %n = linalg.negf ins(%b : tensor<64xf32>) outs(%ef : tensor<64xf32>) -> tensor<64xf32>
    ap.yield %n : tensor<64xf32>
  }
  %e2 = tensor.empty() : tensor<64xf32>
  %z = linalg.negf ins(%y : tensor<64xf32>) outs(%e2 : tensor<64xf32>) -> tensor<64xf32>
  return %z : tensor<64xf32>
}

// The device's only other configurations are another switch point's, not
// known before the run: only the switches inside a variant count (f32, f16,
// f32: two in the f16 variant). Inferences repeat the function, so the
// neighbours wrap around: the first point's "before" is the second point.
// CHECK-LABEL: func.func @two_points
// CHECK: apsim.select "first" on @npu variants [f16, f32] default 1
// CHECK-SAME: times [5.1024000000000005E-6, 1.051200e-06]
// CHECK: apsim.select "second" on @npu variants [f32] default 0
// CHECK-SAME: times [1.051200e-06]
func.func @two_points(%x: tensor<64xf32>) -> tensor<64xf32> {
  %y = ap.adaptive "first" default 1 (%x) : (tensor<64xf32>) -> tensor<64xf32>
  variant f16 {
  ^bb0(%b: tensor<64xf32>):
    %h = ap.convert %b : tensor<64xf32> -> tensor<64xf16>
    %eh = tensor.empty() : tensor<64xf16>
    %n = linalg.negf ins(%h : tensor<64xf16>) outs(%eh : tensor<64xf16>) -> tensor<64xf16>
    %f = ap.convert %n : tensor<64xf16> -> tensor<64xf32>
    ap.yield %f : tensor<64xf32>
  }
  variant f32 {
  ^bb0(%b: tensor<64xf32>):
    %ef = tensor.empty() : tensor<64xf32>
    %n = linalg.negf ins(%b : tensor<64xf32>) outs(%ef : tensor<64xf32>) -> tensor<64xf32>
    ap.yield %n : tensor<64xf32>
  }
  %z = ap.adaptive "second" default 0 (%y) : (tensor<64xf32>) -> tensor<64xf32>
  variant f32 {
  ^bb0(%b: tensor<64xf32>):
    %ef = tensor.empty() : tensor<64xf32>
    %n = linalg.negf ins(%b : tensor<64xf32>) outs(%ef : tensor<64xf32>) -> tensor<64xf32>
    ap.yield %n : tensor<64xf32>
  }
  return %z : tensor<64xf32>
}

// Between two f16 launches: the f32 variant (two conversions at f32 around
// an f32 negation: 1.0384e-6 + 1.0512e-6 + 1.0384e-6 s; 384 + 512 + 384
// bytes) switches twice, to f32 and back to f16: 5.128e-6 s; the f16 one
// (1.0256e-6 s, 256 bytes) not at all.
// CHECK-LABEL: func.func @between_f16_launches
// CHECK: apsim.select "mid16" on @npu variants [f16, f32] default 0
// CHECK-SAME: times [1.025600e-06, 5.127999999999999E-6]
// CHECK-SAME: bytes [256, 1280]
func.func @between_f16_launches(%x: tensor<64xf16>) -> tensor<64xf16> {
  %e = tensor.empty() : tensor<64xf16>
  %a = linalg.negf ins(%x : tensor<64xf16>) outs(%e : tensor<64xf16>) -> tensor<64xf16>
  %y = ap.adaptive "mid16" default 0 (%a) : (tensor<64xf16>) -> tensor<64xf16>
  variant f16 {
  ^bb0(%b: tensor<64xf16>):
    %eh = tensor.empty() : tensor<64xf16>
    %n = linalg.negf ins(%b : tensor<64xf16>) outs(%eh : tensor<64xf16>) -> tensor<64xf16>
    ap.yield %n : tensor<64xf16>
  }
  variant f32 {
  ^bb0(%b: tensor<64xf16>):
    %w = ap.convert %b : tensor<64xf16> -> tensor<64xf32>
    %ef = tensor.empty() : tensor<64xf32>
    %n = linalg.negf ins(%w : tensor<64xf32>) outs(%ef : tensor<64xf32>) -> tensor<64xf32>
    %h = ap.convert %n : tensor<64xf32> -> tensor<64xf16>
    ap.yield %h : tensor<64xf16>
  }
  %e2 = tensor.empty() : tensor<64xf16>
  %z = linalg.negf ins(%y : tensor<64xf16>) outs(%e2 : tensor<64xf16>) -> tensor<64xf16>
  return %z : tensor<64xf16>
}
}
