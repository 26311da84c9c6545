// RUN: ap-opt %s --ap-cost-report -o /dev/null | FileCheck %s

// Exact figures of the cost model on a target with round numbers, each
// worked out by hand below from the formulas of docs/cost-model.md:
//   peak(p)  = clock * units * ops_per_cycle[p]
//   compute  = ops / peak(input precision), accumulation included
//   memory   = bytes / bandwidth of the fastest tier that holds them
//   time     = launch_overhead + max(compute, memory)
//   energy   = ops * energy_per_op + bytes * energy_per_byte + idle * time
//
// cpu: peak(f32) = 1e9 * 1 * 1 = 1e9 op/s; dram 1e9 B/s, 1e-9 J/B; no launch
//      overhead; 1 W idle; 1e-9 J/op.
// npu: peak(f32) = 1e9 * 2 * 1 = 2e9, peak(f16) = 4e9, peak(i8) = peak(i32)
//      = 8e9 op/s; sram (4096 B) 1e10 B/s, 1e-12 J/B; launch 1e-6 s;
//      0.5 W idle; 4e-12 (f32), 2e-12 (f16), 1e-12 (i8, i32) J/op.
// pcie: 1e-6 s latency, 1e9 B/s, 1e-10 J/B; cxl: the same, npu to cpu only,
//      f16 only, and it converts on the fly.

#map = affine_map<(d0, d1) -> (d0, d1)>
#row = affine_map<(d0, d1) -> (d0)>

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
                    energy_per_byte = 1.0e-10, wire = [f32, f16, i8]>,
           #ap.link<"cxl", @npu -> @cpu, latency = 1.0e-06, bandwidth = 1.0e+09,
                    energy_per_byte = 1.0e-10, wire = [f16], converts>],
  host = "cpu", default = "npu">} {

// CHECK: ap-cost-report: @matmul: 1 ops priced, 0 skipped
// 4x8 times 8x2: 4*2*8 = 64 multiplies and 64 accumulating adds.
// In f32: A 32*4 + B 16*4 + C (read, accumulated) 8*4 = 224 B read, 8*4 = 32 B written.
// CHECK-NEXT: matmul#0 linalg.matmul ops 128 (64 accumulating) read 224 B written 32 B
// cpu: compute 128/1e9 = 1.28e-7 < memory 256/1e9 = 2.56e-7: memory bound;
//      energy 128e-9 + 256e-9 + 1 * 2.56e-7 = 6.4e-7.
// CHECK-NEXT: cpu f32/f32 time 2.5600e-07 s energy 6.4000e-07 J memory-bound
// npu f32: compute 128/2e9 = 6.4e-8 > memory 256/1e10 = 2.56e-8;
//      time 1e-6 + 6.4e-8 = 1.064e-6;
//      energy 128*4e-12 + 256*1e-12 + 0.5*1.064e-6 = 5.12e-10 + 2.56e-10 + 5.32e-7 = 5.32768e-7.
// CHECK-NEXT: npu f32/f32 time 1.0640e-06 s energy 5.3277e-07 J compute-bound
// npu f16 accumulating in f32: compute 128/4e9 = 3.2e-8;
//      bytes A 64 + B 32 + C read 32 (f32) + C written 16 = 144, memory 1.44e-8;
//      time 1.032e-6; energy 128*2e-12 + 144e-12 + 0.5*1.032e-6 = 5.164e-7.
// CHECK-NEXT: npu f16/f32 time 1.0320e-06 s energy 5.1640e-07 J compute-bound
// npu i32: compute 128/8e9 = 1.6e-8 < memory 256/1e10 = 2.56e-8;
//      time 1.0256e-6; energy 128e-12 + 256e-12 + 0.5*1.0256e-6 = 5.13184e-7.
// CHECK-NEXT: npu i32/i32 time 1.0256e-06 s energy 5.1318e-07 J memory-bound
// npu i8 accumulating in i32: compute 128/8e9 = 1.6e-8;
//      bytes 32 + 16 + 32 (i32) + 8 = 88, memory 8.8e-9; time 1.016e-6;
//      energy 128e-12 + 88e-12 + 0.5*1.016e-6 = 5.08216e-7.
// CHECK-NEXT: npu i8/i32 time 1.0160e-06 s energy 5.0822e-07 J compute-bound
func.func @matmul(%a: tensor<4x8xf32>, %b: tensor<8x2xf32>, %c: tensor<4x2xf32>) -> tensor<4x2xf32> {
  %0 = linalg.matmul ins(%a, %b : tensor<4x8xf32>, tensor<8x2xf32>) outs(%c : tensor<4x2xf32>) -> tensor<4x2xf32>
  return %0 : tensor<4x2xf32>
}

// CHECK: ap-cost-report: @conv: 1 ops priced, 0 skipped
// A 2x2 filter with stride 3 over a 6x6 image reaches rows and columns
// {0, 1, 3, 4}: 4*4 = 16 of the 36 input elements. 2x2 outputs of 2*2 MACs:
// 16 multiplies, 16 adds. Bytes: 16*4 + filter 4*4 + C 4*4 = 96 read, 16 written.
// CHECK-NEXT: conv#0 linalg.conv_2d_nhwc_hwcf ops 32 (16 accumulating) read 96 B written 16 B
// cpu: compute 3.2e-8 < memory 112/1e9 = 1.12e-7; energy 32e-9 + 112e-9 + 1.12e-7 = 2.56e-7.
// CHECK-NEXT: cpu f32/f32 time 1.1200e-07 s energy 2.5600e-07 J memory-bound
func.func @conv(%img: tensor<1x6x6x1xf32>, %f: tensor<2x2x1x1xf32>, %o: tensor<1x2x2x1xf32>) -> tensor<1x2x2x1xf32> {
  %0 = linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<3> : tensor<2xi64>}
         ins(%img, %f : tensor<1x6x6x1xf32>, tensor<2x2x1x1xf32>) outs(%o : tensor<1x2x2x1xf32>) -> tensor<1x2x2x1xf32>
  return %0 : tensor<1x2x2x1xf32>
}

// CHECK: ap-cost-report: @pool: 1 ops priced, 0 skipped
// 2x2 max pooling, stride 2, of a 4x4 image: 2*2 outputs * 2*2 window = 16
// maximumf, all accumulating. The window tensor only gives the shape: not read.
// Bytes: 16*4 + C 4*4 = 80 read, 16 written.
// CHECK-NEXT: pool#0 linalg.pooling_nhwc_max ops 16 (16 accumulating) read 80 B written 16 B
// cpu: compute 1.6e-8 < memory 96/1e9 = 9.6e-8; energy 16e-9 + 96e-9 + 9.6e-8 = 2.08e-7.
// CHECK-NEXT: cpu f32/f32 time 9.6000e-08 s energy 2.0800e-07 J memory-bound
func.func @pool(%img: tensor<1x4x4x1xf32>, %w: tensor<2x2xf32>, %o: tensor<1x2x2x1xf32>) -> tensor<1x2x2x1xf32> {
  %0 = linalg.pooling_nhwc_max {dilations = dense<1> : tensor<2xi64>, strides = dense<2> : tensor<2xi64>}
         ins(%img, %w : tensor<1x4x4x1xf32>, tensor<2x2xf32>) outs(%o : tensor<1x2x2x1xf32>) -> tensor<1x2x2x1xf32>
  return %0 : tensor<1x2x2x1xf32>
}

// CHECK: ap-cost-report: @generic: 2 ops priced, 0 skipped
// relu(a * b + c) on 4x4: mulf, addf, maximumf per element (the constant is
// free): 3 * 16 = 48 ops. The output's initial value is not used: not read.
// Bytes: 3 * 16*4 = 192 read, 16*4 = 64 written.
// CHECK-NEXT: generic#0 linalg.generic ops 48 (0 accumulating) read 192 B written 64 B
// cpu: compute 4.8e-8 < memory 256/1e9 = 2.56e-7; energy 48e-9 + 256e-9 + 2.56e-7 = 5.6e-7.
// CHECK-NEXT: cpu f32/f32 time 2.5600e-07 s energy 5.6000e-07 J memory-bound
// npu f16: compute 48/4e9 = 1.2e-8; bytes 3*32 + 32 = 128, memory 1.28e-8:
//      memory bound; time 1.0128e-6; energy 48*2e-12 + 128e-12 + 0.5*1.0128e-6 = 5.066240e-7.
// CHECK: npu f16/f32 time 1.0128e-06 s energy 5.0662e-07 J memory-bound
// Row sums of exp(a - 1): subf and exp per element (32 ops), addf into the
// accumulator (16 ops). Bytes: 16*4 + C 4*4 = 80 read, 16 written.
// CHECK: generic#1 linalg.generic ops 48 (16 accumulating) read 80 B written 16 B
// cpu: compute 4.8e-8 < memory 9.6e-8; energy 48e-9 + 96e-9 + 9.6e-8 = 2.4e-7.
// CHECK-NEXT: cpu f32/f32 time 9.6000e-08 s energy 2.4000e-07 J memory-bound
func.func @generic(%a: tensor<4x4xf32>, %b: tensor<4x4xf32>, %c: tensor<4x4xf32>, %init: tensor<4x4xf32>, %acc: tensor<4xf32>) -> (tensor<4x4xf32>, tensor<4xf32>) {
  %zero = arith.constant 0.0 : f32
  %one = arith.constant 1.0 : f32
  %0 = linalg.generic {indexing_maps = [#map, #map, #map, #map], iterator_types = ["parallel", "parallel"]}
         ins(%a, %b, %c : tensor<4x4xf32>, tensor<4x4xf32>, tensor<4x4xf32>) outs(%init : tensor<4x4xf32>) {
  ^bb0(%x: f32, %y: f32, %z: f32, %out: f32):
    %m = arith.mulf %x, %y : f32
    %s = arith.addf %m, %z : f32
    %r = arith.maximumf %s, %zero : f32
    linalg.yield %r : f32
  } -> tensor<4x4xf32>
  %1 = linalg.generic {indexing_maps = [#map, #row], iterator_types = ["parallel", "reduction"]}
         ins(%a : tensor<4x4xf32>) outs(%acc : tensor<4xf32>) {
  ^bb0(%x: f32, %out: f32):
    %d = arith.subf %x, %one : f32
    %e = math.exp %d : f32
    %s = arith.addf %out, %e : f32
    linalg.yield %s : f32
  } -> tensor<4xf32>
  return %0, %1 : tensor<4x4xf32>, tensor<4xf32>
}

// CHECK: ap-cost-report: @transfer: 4 ops priced, 0 skipped
// 64 f32 values: latency 1e-6 + bytes / 1e9; energy bytes * 1e-10.
// At wire f32: 256 B, 1.256e-6 s, 2.56e-8 J.
// CHECK-NEXT: transfer#0 ap.transfer
// CHECK-NEXT: link f32 time 1.2560e-06 s energy 2.5600e-08 J transfer
// At wire f16: 128 B, 1.128e-6 s, 1.28e-8 J on the link; pcie does not
// convert, so the npu converts f32 to f16 before (64 ops at f32: 64/2e9 =
// 3.2e-8 s, 64*4e-12 = 2.56e-10 J) and the cpu f16 to f32 after (64/1e9 =
// 6.4e-8 s, 64*1e-9 = 6.4e-8 J): 1.224e-6 s, 7.7056e-8 J.
// CHECK-NEXT: transfer#1 ap.transfer
// CHECK-NEXT: link f16 time 1.2240e-06 s energy 7.7056e-08 J transfer
// Without a wire precision the stored f32 crosses; without `via`, the fastest
// route of links that carry it: pcie.
// CHECK-NEXT: transfer#2 ap.transfer
// CHECK-NEXT: link f32 time 1.2560e-06 s energy 2.5600e-08 J transfer
// Over cxl, which converts: only the link, 1.128e-6 s, 1.28e-8 J.
// CHECK-NEXT: transfer#3 ap.transfer
// CHECK-NEXT: link f16 time 1.1280e-06 s energy 1.2800e-08 J transfer
// Totals add every op's cost at each device and precision; transfers count
// at all of them: 1.256e-6 + 1.224e-6 + 1.256e-6 + 1.128e-6 = 4.864e-6 s,
// 2.56e-8 + 7.7056e-8 + 2.56e-8 + 1.28e-8 = 1.41056e-7 J.
// CHECK: totals @transfer
// CHECK-NEXT: cpu f32 time 4.8640e-06 s energy 1.4106e-07 J
func.func @transfer(%x: tensor<64xf32>) -> (tensor<64xf32>, tensor<64xf32>, tensor<64xf32>, tensor<64xf32>) {
  %0 = ap.transfer %x from @npu to @cpu via @pcie wire f32 : tensor<64xf32> -> tensor<64xf32>
  %1 = ap.transfer %x from @npu to @cpu via @pcie wire f16 : tensor<64xf32> -> tensor<64xf32>
  %2 = ap.transfer %x from @npu to @cpu : tensor<64xf32> -> tensor<64xf32>
  %3 = ap.transfer %x from @npu to @cpu via @cxl wire f16 : tensor<64xf32> -> tensor<64xf32>
  return %0, %1, %2, %3 : tensor<64xf32>, tensor<64xf32>, tensor<64xf32>, tensor<64xf32>
}

// CHECK: ap-cost-report: @quantize: 1 ops priced, 0 skipped
// Quantize 16 f32 values to i8: 5 ops each = 80 ops at f32, on every device
// at its own precisions; bytes 64 read, 16 written.
// CHECK-NEXT: quantize#0 ap.quantize ops 80 (0 accumulating) read 64 B written 16 B
// cpu: compute 8e-8 = memory 80/1e9 = 8e-8: compute bound at the crossover;
//      energy 80e-9 + 80e-9 + 8e-8 = 2.4e-7.
// CHECK-NEXT: cpu f32 time 8.0000e-08 s energy 2.4000e-07 J compute-bound
// npu: compute 80/2e9 = 4e-8; time 1.04e-6; energy 80*4e-12 + 80e-12 + 0.5*1.04e-6 = 5.204e-7.
// CHECK-NEXT: npu f32 time 1.0400e-06 s energy 5.2040e-07 J compute-bound
func.func @quantize(%x: tensor<16xf32>) -> tensor<16x!quant.uniform<i8:f32, 0.5>> {
  %0 = ap.quantize %x : tensor<16xf32> -> tensor<16x!quant.uniform<i8:f32, 0.5>>
  return %0 : tensor<16x!quant.uniform<i8:f32, 0.5>>
}

// CHECK: ap-cost-report: @copies: 3 ops priced, 0 skipped
// insert_slice reads its 2x4 f32 source (32 B) and writes it into the
// destination in place (32 B); the destination is not read.
// CHECK-NEXT: copies#0 tensor.insert_slice ops 0 (0 accumulating) read 32 B written 32 B
// cpu: memory 64/1e9 = 6.4e-8 s; energy 64e-9 + 1 * 6.4e-8 = 1.28e-7 J.
// CHECK-NEXT: cpu f32/f32 time 6.4000e-08 s energy 1.2800e-07 J memory-bound
// pad reads its 2x2 source (16 B; the padding value is a scalar) and writes
// the 4x4 result (64 B).
// CHECK: copies#1 tensor.pad ops 0 (0 accumulating) read 16 B written 64 B
// concat reads both 2x4 inputs (64 B) and writes the 4x4 result (64 B).
// CHECK: copies#2 tensor.concat ops 0 (0 accumulating) read 64 B written 64 B
func.func @copies(%s: tensor<2x4xf32>, %d: tensor<4x4xf32>, %p: tensor<2x2xf32>) -> (tensor<4x4xf32>, tensor<4x4xf32>, tensor<4x4xf32>) {
  %0 = tensor.insert_slice %s into %d[0, 0] [2, 4] [1, 1] : tensor<2x4xf32> into tensor<4x4xf32>
  %zero = arith.constant 0.0 : f32
  %1 = tensor.pad %p low[1, 1] high[1, 1] {
  ^bb0(%i: index, %j: index):
    tensor.yield %zero : f32
  } : tensor<2x2xf32> to tensor<4x4xf32>
  %2 = tensor.concat dim(0) %s, %s : (tensor<2x4xf32>, tensor<2x4xf32>) -> tensor<4x4xf32>
  return %0, %1, %2 : tensor<4x4xf32>, tensor<4x4xf32>, tensor<4x4xf32>
}

// CHECK: ap-cost-report: @nested: 1 ops priced, 0 skipped
// A body with a branch: the compare and each branch's op count once per
// iteration (a static estimate): 3 * 16 = 48 ops.
// CHECK-NEXT: nested#0 linalg.generic ops 48 (0 accumulating) read 64 B written 64 B
func.func @nested(%a: tensor<4x4xf32>, %init: tensor<4x4xf32>) -> tensor<4x4xf32> {
  %0 = linalg.generic {indexing_maps = [#map, #map], iterator_types = ["parallel", "parallel"]}
      ins(%a : tensor<4x4xf32>) outs(%init : tensor<4x4xf32>) {
  ^bb0(%x: f32, %o: f32):
    %zero = arith.constant 0.0 : f32
    %positive = arith.cmpf ogt, %x, %zero : f32
    %y = scf.if %positive -> f32 {
      %square = arith.mulf %x, %x : f32
      scf.yield %square : f32
    } else {
      %negated = arith.negf %x : f32
      scf.yield %negated : f32
    }
    linalg.yield %y : f32
  } -> tensor<4x4xf32>
  return %0 : tensor<4x4xf32>
}

// CHECK: ap-cost-report: @wide: 1 ops priced, 0 skipped
// f64 is no ap precision: the arithmetic cannot be priced, and is not priced
// at the devices' precisions either.
// CHECK-NEXT: wide#0 linalg.matmul ops 128 (64 accumulating) read 448 B written 64 B
// CHECK-NEXT: cpu - cannot run: cannot estimate the arithmetic of an op whose element types are not ap precisions
// CHECK-NEXT: npu - cannot run: cannot estimate the arithmetic of an op whose element types are not ap precisions
func.func @wide(%a: tensor<4x8xf64>, %b: tensor<8x2xf64>, %c: tensor<4x2xf64>) -> tensor<4x2xf64> {
  %0 = linalg.matmul ins(%a, %b : tensor<4x8xf64>, tensor<8x2xf64>) outs(%c : tensor<4x2xf64>) -> tensor<4x2xf64>
  return %0 : tensor<4x2xf64>
}

// CHECK: ap-cost-report: @arrival: 1 ops priced, 0 skipped
// Without a wire precision f32 crosses pcie (cxl carries only f16): 1e-6 +
// 256/1e9 = 1.256e-6 s, 256 * 1e-10 = 2.56e-8 J. pcie does not convert, so
// the cpu converts the arriving f32 to the result's f16: 64 ops at f32,
// 64/1e9 = 6.4e-8 s and 64 * 1e-9 = 6.4e-8 J. Total 1.32e-6 s, 8.96e-8 J.
// CHECK-NEXT: arrival#0 ap.transfer
// CHECK-NEXT: link f32 time 1.3200e-06 s energy 8.9600e-08 J transfer
func.func @arrival(%x: tensor<64xf32>) -> tensor<64xf16> {
  %0 = ap.transfer %x from @npu to @cpu : tensor<64xf32> -> tensor<64xf16>
  return %0 : tensor<64xf16>
}

// CHECK: ap-cost-report: @window: 1 ops priced, 0 skipped
// A sliding window x[i + j], i and j in [0, 2^21): the distinct elements
// read are 2^22 - 1 = 4194303 (16777212 B), counted exactly; 2^42 =
// 4398046511104 accumulating adds; the 2^21 f32 sums are read and written
// (8388608 B each). Like a pooling window, %w only gives the range of j.
// CHECK-NEXT: window#0 linalg.generic ops 4398046511104 (4398046511104 accumulating) read 25165820 B written 8388608 B
func.func @window(%x: tensor<4194303xf32>, %w: tensor<2097152xf32>, %acc: tensor<2097152xf32>) -> tensor<2097152xf32> {
  %0 = linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0 + d1)>, affine_map<(d0, d1) -> (d1)>, #row], iterator_types = ["parallel", "reduction"]}
      ins(%x, %w : tensor<4194303xf32>, tensor<2097152xf32>) outs(%acc : tensor<2097152xf32>) {
  ^bb0(%v: f32, %unused: f32, %s: f32):
    %sum = arith.addf %s, %v : f32
    linalg.yield %sum : f32
  } -> tensor<2097152xf32>
  return %0 : tensor<2097152xf32>
}
}
