// RUN: ap-opt %s | ap-opt | FileCheck %s
// RUN: ap-opt %s --mlir-print-op-generic | ap-opt | FileCheck %s
// RUN: ap-opt %s -emit-bytecode | ap-opt | FileCheck %s
// RUN: ap-opt %s --mlir-print-op-generic | FileCheck %s --check-prefix=GENERIC

// Round trip of every op and attribute of the ap dialect, in the pretty,
// the generic and the bytecode form.

// CHECK: module attributes {ap.target = #ap.target<devices = [
// CHECK-SAME: #ap.device<"cpu", host, precisions = [f32, f16, bf16], memories = [#ap.memory<"dram", capacity = 8589934592, bandwidth = 5.0e+10, energy_per_byte = 2.0e-11>], clock = 3.0e+09>
// CHECK-SAME: #ap.device<"npu", accelerator, precisions = [f16, bf16, f8E4M3FN, f8E5M2, i8, u8, i4, u4, i16, i32, f32], memories = [#ap.memory<"sram", capacity = 1048576, bandwidth = 1.0e+12>, #ap.memory<"dram", capacity = 1073741824>]>
// CHECK-SAME: links = [#ap.link<"pcie", @cpu -> @npu, bidirectional, latency = 1.0e-06, bandwidth = 1.6e+10, energy_per_byte = 1.0e-10, wire = [f32, f16, bf16], converts>
// CHECK-SAME: #ap.link<"dma", @npu::@dram -> @npu::@sram, bandwidth = 2.5e+11>]
// CHECK-SAME: host = "cpu", default = "npu">
module attributes {ap.target = #ap.target<
    devices = [
      #ap.device<"cpu", host, precisions = [f32, f16, bf16],
                 memories = [#ap.memory<"dram", capacity = 8589934592,
                                        bandwidth = 5.0e10,
                                        energy_per_byte = 2.0e-11>],
                 clock = 3.0e9>,
      #ap.device<"npu", accelerator,
                 precisions = [f16, bf16, f8E4M3FN, f8E5M2, i8, u8, i4, u4,
                               i16, i32, f32],
                 memories = [#ap.memory<"sram", capacity = 1048576,
                                        bandwidth = 1.0e12>,
                             #ap.memory<"dram", capacity = 1073741824>]>],
    links = [
      #ap.link<"pcie", @cpu -> @npu, bidirectional, latency = 1.0e-6,
               bandwidth = 1.6e10, energy_per_byte = 1.0e-10,
               wire = [f32, f16, bf16], converts>,
      #ap.link<"dma", @npu::@dram -> @npu::@sram, bandwidth = 2.5e11>],
    host = "cpu", default = "npu">} {

// Names are printed escaped, so any string round-trips.
// CHECK-LABEL: func private @odd_names
// CHECK-SAME: t = #ap.device<"c\22pu\0A", host, precisions = [f32]>
func.func private @odd_names() attributes {t = #ap.device<"c\"pu\n", host, precisions = [f32]>}

// CHECK-LABEL: func @quantization
func.func @quantization(%x: tensor<4xf32>, %w: tensor<2x3xf32>,
                        %h: tensor<8xf16>) {
  // CHECK: ap.quantize %{{.*}} : tensor<4xf32> -> tensor<4x!quant.uniform<i8:f32, 5.000000e-01:-3>>
  %q = ap.quantize %x : tensor<4xf32> -> tensor<4x!quant.uniform<i8:f32, 0.5:-3>>
  // CHECK: ap.dequantize %{{.*}} : tensor<4x!quant.uniform<i8:f32, 5.000000e-01:-3>> -> tensor<4xf32>
  %d = ap.dequantize %q : tensor<4x!quant.uniform<i8:f32, 0.5:-3>> -> tensor<4xf32>
  // CHECK: ap.quantize %{{.*}} : tensor<2x3xf32> -> tensor<2x3x!quant.uniform<i8:f32:0, {1.000000e-01,2.000000e-01:5}>>
  %k = ap.quantize %w : tensor<2x3xf32> -> tensor<2x3x!quant.uniform<i8:f32:0, {0.1, 0.2:5}>>
  // CHECK: ap.quantize %{{.*}} : tensor<2x3xf32> -> tensor<2x3x!quant.uniform<u8:f32:1, {1.000000e-01:128,2.000000e-01:128,3.000000e-01:128}>>
  %ku = ap.quantize %w : tensor<2x3xf32> -> tensor<2x3x!quant.uniform<u8:f32:1, {0.1:128, 0.2:128, 0.3:128}>>
  // CHECK: ap.dequantize %{{.*}} : tensor<2x3x!quant.uniform<u8:f32:1, {{.*}}>> -> tensor<2x3xf32>
  %kd = ap.dequantize %ku : tensor<2x3x!quant.uniform<u8:f32:1, {0.1:128, 0.2:128, 0.3:128}>> -> tensor<2x3xf32>
  // CHECK: ap.quantize %{{.*}} : tensor<8xf16> -> tensor<8x!quant.uniform<i4:f16, 2.500000e-01>>
  %q4 = ap.quantize %h : tensor<8xf16> -> tensor<8x!quant.uniform<i4:f16, 0.25>>
  // CHECK: ap.quantize %{{.*}} : tensor<4xf32> -> tensor<4x!quant.uniform<i8<-127:127>:f32, 1.000000e+00>>
  %qn = ap.quantize %x : tensor<4xf32> -> tensor<4x!quant.uniform<i8<-127:127>:f32, 1.0>>
  return
}

// CHECK-LABEL: func @conversions
func.func @conversions(%x: tensor<8xf32>) {
  // CHECK: ap.convert %{{.*}} : tensor<8xf32> -> tensor<8xf16>
  %0 = ap.convert %x : tensor<8xf32> -> tensor<8xf16>
  // CHECK: ap.convert %{{.*}} rounding toward_zero saturate : tensor<8xf32> -> tensor<8xf8E4M3FN>
  %1 = ap.convert %x rounding toward_zero saturate : tensor<8xf32> -> tensor<8xf8E4M3FN>
  // CHECK: ap.convert %{{.*}} rounding stochastic seed 42 : tensor<8xf32> -> tensor<8xbf16>
  %2 = ap.convert %x rounding stochastic seed 42 : tensor<8xf32> -> tensor<8xbf16>
  // CHECK: ap.convert %{{.*}} saturate : tensor<8xf16> -> tensor<8xf8E5M2>
  %3 = ap.convert %0 saturate : tensor<8xf16> -> tensor<8xf8E5M2>
  // The default rounding mode is not printed.
  // CHECK: ap.convert %{{.*}} : tensor<8xf8E5M2> -> tensor<8xf32>
  %4 = ap.convert %3 rounding nearest_even : tensor<8xf8E5M2> -> tensor<8xf32>
  return
}

// CHECK-LABEL: func @movement
func.func @movement(%x: tensor<64xf32>, %q: tensor<64x!quant.uniform<i8:f32, 0.1>>) -> tensor<64xf32> {
  // CHECK: ap.transfer %{{.*}} from @cpu to @npu::@sram via @pcie wire f16 : tensor<64xf32> -> tensor<64xf32>
  %0 = ap.transfer %x from @cpu to @npu::@sram via @pcie wire f16 : tensor<64xf32> -> tensor<64xf32>
  // A transfer may change the storage format of a float tensor.
  // CHECK: ap.transfer %{{.*}} from @npu to @cpu : tensor<64xf32> -> tensor<64xbf16>
  %1 = ap.transfer %0 from @npu to @cpu : tensor<64xf32> -> tensor<64xbf16>
  // CHECK: ap.transfer %{{.*}} from @npu::@dram to @npu::@sram via @dma : tensor<64x!quant.uniform<i8:f32, 1.000000e-01>> -> tensor<64x!quant.uniform<i8:f32, 1.000000e-01>>
  %2 = ap.transfer %q from @npu::@dram to @npu::@sram via @dma : tensor<64x!quant.uniform<i8:f32, 0.1>> -> tensor<64x!quant.uniform<i8:f32, 0.1>>
  // CHECK: %[[R:.*]] = ap.placement on @npu (%[[A:.*]] = %{{.*}}, %[[B:.*]] = %{{.*}}) : (tensor<64xf32>, tensor<64x!quant.uniform<i8:f32, 1.000000e-01>>) -> tensor<64xf32> {
  // CHECK:   %[[D:.*]] = ap.dequantize %[[B]]
  // CHECK:   %[[S:.*]] = linalg.add ins(%[[A]], %[[D]] :
  // CHECK:   ap.yield %[[S]] : tensor<64xf32>
  // CHECK: }
  %3 = ap.placement on @npu (%a = %0, %b = %2) : (tensor<64xf32>, tensor<64x!quant.uniform<i8:f32, 0.1>>) -> tensor<64xf32> {
    %d = ap.dequantize %b : tensor<64x!quant.uniform<i8:f32, 0.1>> -> tensor<64xf32>
    %e = tensor.empty() : tensor<64xf32>
    %s = linalg.add ins(%a, %d : tensor<64xf32>, tensor<64xf32>) outs(%e : tensor<64xf32>) -> tensor<64xf32>
    ap.yield %s : tensor<64xf32>
  }
  // A placement without operands or results, with attributes.
  // CHECK: ap.placement on @cpu () : () -> () attributes {note = "empty"} {
  // CHECK-NEXT: ap.yield
  ap.placement on @cpu () : () -> () attributes {note = "empty"} {
    ap.yield
  }
  return %3 : tensor<64xf32>
}

// CHECK-LABEL: func @monitoring
func.func @monitoring(%x: tensor<64xf32>, %q: tensor<64x!quant.uniform<i8:f32, 0.1>>) -> tensor<64xf32> {
  // CHECK: ap.observe %{{.*}} id "fc1.in" : tensor<64xf32>
  %0 = ap.observe %x id "fc1.in" : tensor<64xf32>
  // CHECK: ap.observe %{{.*}} id "fc1.q" : tensor<64x!quant.uniform<i8:f32, 1.000000e-01>>
  %1 = ap.observe %q id "fc1.q" : tensor<64x!quant.uniform<i8:f32, 0.1>>
  %h = ap.convert %0 : tensor<64xf32> -> tensor<64xf16>
  // CHECK: ap.probe sqnr %{{.*}} reference %{{.*}} id "fc1.sqnr" sample_rate 1.250000e-01 : tensor<64xf16>, tensor<64xf32>
  ap.probe sqnr %h reference %0 id "fc1.sqnr" sample_rate 0.125 : tensor<64xf16>, tensor<64xf32>
  // CHECK: ap.probe saturation_rate %{{.*}} id "fc1.sat" : tensor<64x!quant.uniform<i8:f32, 1.000000e-01>>
  ap.probe saturation_rate %1 id "fc1.sat" : tensor<64x!quant.uniform<i8:f32, 0.1>>
  // CHECK: ap.probe variance %{{.*}} id "fc1.var" sample_rate 5.000000e-01 : tensor<64xf32>
  ap.probe variance %0 id "fc1.var" sample_rate 0.5 : tensor<64xf32>
  // CHECK: ap.probe entropy %{{.*}} id "fc1.ent" : tensor<64xf16>
  ap.probe entropy %h id "fc1.ent" : tensor<64xf16>
  return %0 : tensor<64xf32>
}

// CHECK-LABEL: func @adaptive
func.func @adaptive(%x: tensor<4xf32>) -> tensor<4xf32> {
  // CHECK: %{{.*}} = ap.adaptive "fc1" default 1 (%{{.*}}) : (tensor<4xf32>) -> tensor<4xf32>
  // CHECK-NEXT: variant f32 {
  // CHECK-NEXT: ^bb0(%[[A:.*]]: tensor<4xf32>):
  // CHECK-NEXT:   ap.yield %[[A]] : tensor<4xf32>
  // CHECK-NEXT: }
  // CHECK-NEXT: variant f16 {
  // CHECK:        ap.convert
  // CHECK:        ap.convert
  // CHECK:        ap.yield
  // CHECK-NEXT: }
  %r = ap.adaptive "fc1" default 1 (%x) : (tensor<4xf32>) -> tensor<4xf32>
  variant f32 {
  ^bb0(%a: tensor<4xf32>):
    ap.yield %a : tensor<4xf32>
  }
  variant f16 {
  ^bb0(%a: tensor<4xf32>):
    %h = ap.convert %a : tensor<4xf32> -> tensor<4xf16>
    %f = ap.convert %h : tensor<4xf16> -> tensor<4xf32>
    ap.yield %f : tensor<4xf32>
  }
  return %r : tensor<4xf32>
}

}

// The generic form spells out the properties.
// GENERIC: "ap.convert"(%{{.*}}) <{rounding = #ap.rounding<toward_zero>, saturate, seed = []}>
// GENERIC: "ap.convert"(%{{.*}}) <{rounding = #ap.rounding<stochastic>, saturate = false, seed = [42]}>
// GENERIC: "ap.transfer"(%{{.*}}) <{from = @cpu, to = @npu::@sram, via = @pcie, wire = [#ap.precision<f16>]}>
// GENERIC: "ap.placement"(%{{.*}}, %{{.*}}) <{device = @npu}>
// GENERIC: "ap.probe"(%{{.*}}, %{{.*}}) <{id = "fc1.sqnr", metric = #ap.metric<sqnr>, sampleRate = 1.250000e-01 : f64}>
// GENERIC: "ap.adaptive"(%{{.*}}) <{defaultVariant = 1 : i64, id = "fc1", variants = [#ap.precision<f32>, #ap.precision<f16>]}>

// A device with every figure of the cost model. Figures are printed in their
// shortest form, and the entries of ops_per_cycle and energy_per_op in the
// order of their names.
// CHECK-LABEL: func private @device_figures
// CHECK-SAME: t = #ap.device<"npu0", accelerator, precisions = [f16, bf16, i8],
// CHECK-SAME: memories = [#ap.memory<"sram", capacity = 1048576, bandwidth = 1.0e+12, energy_per_byte = 1.0e-13>, #ap.memory<"dram", capacity = 1073741824>],
// CHECK-SAME: clock = 1.0e+09, units = 64,
// CHECK-SAME: ops_per_cycle = {bf16 = 16.0, f16 = 16.0, i8 = 32.0},
// CHECK-SAME: energy_per_op = {bf16 = 1.1e-12, f16 = 1.0e-12, i8 = 0.0},
// CHECK-SAME: launch_overhead = 5.0e-06, switch_latency = 0.0, idle_power = 0.5>}
func.func private @device_figures() attributes {t = #ap.device<"npu0", accelerator,
    precisions = [f16, bf16, i8],
    memories = [#ap.memory<"sram", capacity = 1048576, bandwidth = 1.0e12,
                           energy_per_byte = 1.0e-13>,
                #ap.memory<"dram", capacity = 1073741824>],
    clock = 1.0e9, units = 64,
    ops_per_cycle = {i8 = 32.0, f16 = 16.0, bf16 = 16.0},
    energy_per_op = {f16 = 1.0e-12, i8 = 0.0, bf16 = 1.1e-12},
    launch_overhead = 5.0e-6, switch_latency = 0.0, idle_power = 0.5>}

// The figures are optional and may come in any order.
// CHECK-LABEL: func private @device_some_figures
// CHECK-SAME: t = #ap.device<"dsp", accelerator, precisions = [i16], units = 4, energy_per_op = {i16 = 3.0e-12}, idle_power = 0.125>}
func.func private @device_some_figures() attributes {t = #ap.device<"dsp", accelerator, precisions = [i16], idle_power = 0.125, energy_per_op = {i16 = 3.0e-12}, units = 4>}
