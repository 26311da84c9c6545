// RUN: ap-opt %s --convert-ap-to-apsim | FileCheck %s
// RUN: ap-opt %s --convert-ap-to-apsim=fuse-kernels=false | FileCheck %s --check-prefix=UNFUSED

// Kernel fusion in convert-ap-to-apsim: epilogues, prologues, a value read
// inside and outside a launch, and the cases that must not fuse. The target
// is that of matmul.mlir (round figures):
//
// npu: peak(f32) = 2e9 op/s, 4e-12 J/op; peak(f16) = 4e9 op/s, 2e-12 J/op;
//      sram (4096 B) 1e10 B/s, 1e-12 J/B; launch 1e-6 s; 0.5 W idle.


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

// The fill (prologue), the matmul (anchor) and the bias + relu (epilogue):
// one launch. Arithmetic: the matmul's 4*2*8 multiplies and adds (128) and
// the epilogue's add and max on 8 elements (16): 144 ops at 2e9 op/s =
// 7.2e-8 s, 5.76e-10 J. Bytes: a 128 + w 64 + bias 8 read, the result 32
// written; the accumulator (written by the fill, read by the matmul) and
// the product (written by the matmul, read by the epilogue) stay on chip:
// 232 B at 1e10 B/s = 2.32e-8 s, 2.32e-10 J. Time 1e-6 + max(7.2e-8,
// 2.32e-8) = 1.072e-6 s; dynamic energy 8.08e-10 J; static 0.5 W * time.
// CHECK-LABEL: func.func @epilogue
// CHECK-NOT: apsim.launch
// CHECK: apsim.launch "epilogue#1" on @npu::@sram precision f32 accumulator f32 reads [1, 2, 3] writes [4 : 32 : f32] cost #apsim.cost<time = 1.072e-06, compute_time = 7.200000000000001e-08, memory_time = 2.32e-08, overhead_time = 1.0e-06, dynamic_energy = 8.080000000000001e-10, static_energy = 5.36e-07, ops = 144, bytes_read = 200, bytes_written = 32>
// CHECK-NEXT: linalg.matmul
// CHECK-NOT: apsim.launch
// CHECK: linalg.generic
// CHECK-NOT: apsim.launch
// CHECK: return
// UNFUSED-LABEL: func.func @epilogue
// UNFUSED-COUNT-3: apsim.launch
// UNFUSED-NOT: apsim.launch
// UNFUSED: return
func.func @epilogue(%a: tensor<4x8xf32>) -> tensor<4x2xf32> {
  %w = arith.constant dense<0.5> : tensor<8x2xf32>
  %bias = arith.constant dense<[1.0, -1.0]> : tensor<2xf32>
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<4x2xf32>
  %acc = linalg.fill ins(%zero : f32) outs(%e : tensor<4x2xf32>) -> tensor<4x2xf32>
  %m = linalg.matmul ins(%a, %w : tensor<4x8xf32>, tensor<8x2xf32>) outs(%acc : tensor<4x2xf32>) -> tensor<4x2xf32>
  %e2 = tensor.empty() : tensor<4x2xf32>
  %r = linalg.generic {indexing_maps = [affine_map<(i, j) -> (i, j)>, affine_map<(i, j) -> (j)>, affine_map<(i, j) -> (i, j)>], iterator_types = ["parallel", "parallel"]} ins(%m, %bias : tensor<4x2xf32>, tensor<2xf32>) outs(%e2 : tensor<4x2xf32>) {
  ^bb0(%x: f32, %b: f32, %o: f32):
    %s = arith.addf %x, %b : f32
    %t = arith.maximumf %s, %zero : f32
    linalg.yield %t : f32
  } -> tensor<4x2xf32>
  return %r : tensor<4x2xf32>
}

// The conversion of an argument only the matmul reads, and the fill, run in
// the matmul's launch, at its precision (f16, accumulating in f32). The copy
// of the argument comes before the conversion, which reads it. Arithmetic:
// the matmul's 128 ops at 4e9 op/s (3.2e-8 s, 2.56e-10 J) and the
// conversion's 96 ops (3 per element, as the cost model counts them) at
// 2e9 op/s (4.8e-8 s, 3.84e-10 J). Bytes: a 128 (f32) + w 32 (f16) read,
// 32 written: 1.92e-8 s, 1.92e-10 J.
// CHECK-LABEL: func.func @prologue
// CHECK: apsim.define 8 on @npu format f16 bytes 32
// CHECK: apsim.dma "prologue#0.in0" %{{.*}} from @cpu to @npu ids 6 -> 7
// CHECK-NEXT: apsim.release 6
// CHECK-NEXT: ap.convert
// CHECK-NOT: apsim.launch
// CHECK: linalg.fill
// CHECK-NEXT: apsim.launch "prologue#2" on @npu::@sram precision f16 accumulator f32 reads [7, 8] writes [9 : 32 : f32] cost #apsim.cost<time = 1.08e-06, compute_time = 8.0e-08, memory_time = 1.92e-08, overhead_time = 1.0e-06, dynamic_energy = 8.32e-10, static_energy = 5.4e-07, ops = 224, bytes_read = 160, bytes_written = 32>
// CHECK-NEXT: linalg.matmul
// CHECK-NEXT: apsim.release 7
// CHECK-NEXT: apsim.release 8
func.func @prologue(%a: tensor<4x8xf32>) -> tensor<4x2xf32> {
  %w = arith.constant dense<0.5> : tensor<8x2xf16>
  %h = ap.convert %a saturate : tensor<4x8xf32> -> tensor<4x8xf16>
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<4x2xf32>
  %acc = linalg.fill ins(%zero : f32) outs(%e : tensor<4x2xf32>) -> tensor<4x2xf32>
  %m = linalg.matmul ins(%h, %w : tensor<4x8xf16>, tensor<8x2xf16>) outs(%acc : tensor<4x2xf32>) -> tensor<4x2xf32>
  return %m : tensor<4x2xf32>
}

// exp, its conversion to f16 and its negation: one launch; exp's result
// stays on chip, the launch writes the conversion (16 B) and the negation
// (32 B), both returned.
// CHECK-LABEL: func.func @shared
// CHECK: apsim.launch "shared#0" on @npu::@sram precision f32 reads [12] writes [13 : 16 : f16, 14 : 32 : f32]
// CHECK-SAME: ops = 40, bytes_read = 32, bytes_written = 48>
// CHECK-NOT: apsim.launch
// CHECK: return
func.func @shared(%a: tensor<8xf32>) -> (tensor<8xf16>, tensor<8xf32>) {
  %e = tensor.empty() : tensor<8xf32>
  %x = linalg.exp ins(%a : tensor<8xf32>) outs(%e : tensor<8xf32>) -> tensor<8xf32>
  %h = ap.convert %x saturate : tensor<8xf32> -> tensor<8xf16>
  %e2 = tensor.empty() : tensor<8xf32>
  %y = linalg.negf ins(%x : tensor<8xf32>) outs(%e2 : tensor<8xf32>) -> tensor<8xf32>
  return %h, %y : tensor<8xf16>, tensor<8xf32>
}

// The reduction reads exp's result before the negation does, and is not
// elementwise: exp, the reduction, the negation and the second exp are four
// launches (the last reads the argument, not exp's result).
// CHECK-LABEL: func.func @read_before
// CHECK: apsim.launch "read_before#0" {{.*}} reads [18] writes [19 : 32 : f32]
// CHECK: apsim.launch "read_before#1" {{.*}} reads [19, 20] writes [21 : 4 : f32]
// CHECK: apsim.launch "read_before#2" {{.*}} reads [19] writes [22 : 32 : f32]
// CHECK: apsim.launch "read_before#3" {{.*}} reads [18] writes [23 : 32 : f32]
func.func @read_before(%a: tensor<8xf32>) -> (tensor<8xf32>, tensor<8xf32>) {
  %e = tensor.empty() : tensor<8xf32>
  %x = linalg.exp ins(%a : tensor<8xf32>) outs(%e : tensor<8xf32>) -> tensor<8xf32>
  %e1 = tensor.empty() : tensor<8xf32>
  %sum = arith.constant dense<0.0> : tensor<f32>
  %r = linalg.reduce ins(%x : tensor<8xf32>) outs(%sum : tensor<f32>) dimensions = [0]
    (%in: f32, %acc: f32) {
      %s = arith.addf %in, %acc : f32
      linalg.yield %s : f32
    }
  %e2 = tensor.empty() : tensor<8xf32>
  %y = linalg.negf ins(%x : tensor<8xf32>) outs(%e2 : tensor<8xf32>) -> tensor<8xf32>
  %z = linalg.exp ins(%a : tensor<8xf32>) outs(%e1 : tensor<8xf32>) -> tensor<8xf32>
  return %y, %z : tensor<8xf32>, tensor<8xf32>
}

// An elementwise op on another device is not an epilogue: a DMA and a
// launch on the cpu.
// CHECK-LABEL: func.func @other_device
// CHECK: apsim.launch "other_device#0" on @npu
// CHECK: apsim.dma "other_device#1.in0" {{.*}} from @npu to @cpu
// CHECK: apsim.launch "other_device#1" on @cpu
func.func @other_device(%a: tensor<8xf32>) -> tensor<8xf32> {
  %e = tensor.empty() : tensor<8xf32>
  %x = linalg.exp ins(%a : tensor<8xf32>) outs(%e : tensor<8xf32>) -> tensor<8xf32>
  %y = ap.placement on @cpu (%v = %x) : (tensor<8xf32>) -> tensor<8xf32> {
    %e2 = tensor.empty() : tensor<8xf32>
    %n = linalg.negf ins(%v : tensor<8xf32>) outs(%e2 : tensor<8xf32>) -> tensor<8xf32>
    ap.yield %n : tensor<8xf32>
  }
  return %y : tensor<8xf32>
}
}
