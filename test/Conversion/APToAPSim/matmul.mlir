// RUN: ap-opt %s --convert-ap-to-apsim | FileCheck %s

// A matmul on the target's default device (npu), its arguments on the host
// (cpu): defines, copies to the npu, the launch with the cost model's exact
// figures, the copy of the result back to the host, the wait and the
// releases. The target has round figures (as test/Analysis/cost-report.mlir):
//
// cpu: host, peak(f32) = 1e9 op/s; dram 1e9 B/s, 1e-9 J/B; 1 W idle.
// npu: peak(f32) = clock 1e9 * units 2 * 1 = 2e9 op/s, 4e-12 J/op;
//      sram (4096 B) 1e10 B/s, 1e-12 J/B; dram 1e9 B/s; launch 1e-6 s;
//      0.5 W idle.
// pcie: cpu <-> npu, 1e-6 s latency, 1e9 B/s.

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

// Ids: the arguments 0, 1, 2 (defined on the host at the entry, f32, 32 * 4
// = 128, 16 * 4 = 64 and 8 * 4 = 32 bytes); the npu reads copies of them
// (3, 4, 5), each DMA'd just before the launch; the result is 6 and its copy
// on the host 7.
// CHECK-LABEL: func.func @matmul
// CHECK-SAME: (%[[A:.*]]: tensor<4x8xf32>, %[[B:.*]]: tensor<8x2xf32>, %[[C:.*]]: tensor<4x2xf32>)
// CHECK-NEXT: apsim.define 0 on @cpu format f32 bytes 128{{$}}
// CHECK-NEXT: apsim.define 1 on @cpu format f32 bytes 64{{$}}
// CHECK-NEXT: apsim.define 2 on @cpu format f32 bytes 32{{$}}
// CHECK-NEXT: %[[EA:.*]] = tensor.empty() : tensor<4x8xf32>
// CHECK-NEXT: %[[A1:.*]] = apsim.dma "matmul#0.in0" %[[A]] into %[[EA]] from @cpu to @npu ids 0 -> 3 : tensor<4x8xf32> into tensor<4x8xf32>
// CHECK-NEXT: apsim.release 0
// CHECK-NEXT: %[[EB:.*]] = tensor.empty() : tensor<8x2xf32>
// CHECK-NEXT: %[[B1:.*]] = apsim.dma "matmul#0.in1" %[[B]] into %[[EB]] from @cpu to @npu ids 1 -> 4
// CHECK-NEXT: apsim.release 1
// CHECK-NEXT: %[[EC:.*]] = tensor.empty() : tensor<4x2xf32>
// CHECK-NEXT: %[[C1:.*]] = apsim.dma "matmul#0.in2" %[[C]] into %[[EC]] from @cpu to @npu ids 2 -> 5
// CHECK-NEXT: apsim.release 2
//
// 4x8 times 8x2: 64 multiplies + 64 accumulating adds = 128 ops. Bytes:
// A 128 + B 64 + C (accumulated, read) 32 = 224 read, 32 written; 256 B fit
// the sram (4096 B): the launch is on @npu::@sram.
//   compute = 128 / 2e9 = 6.4e-8 s; memory = 256 / 1e10 = 2.56e-8 s;
//   time = 1e-6 + max(6.4e-8, 2.56e-8) = 1.064e-6 s (the double nearest
//     1e-6 + 6.4e-8 prints as 1.0639999999999999e-06);
//   dynamic = 128 * 4e-12 + 256 * 1e-12 = 7.68e-10 J;
//   static = 0.5 * 1.064e-6 = 5.32e-7 J (prints as 5.319999999999999e-07).
// The result is written as buffer 6: 8 f32 = 32 bytes.
// CHECK-NEXT: apsim.launch "matmul#0" on @npu::@sram precision f32 accumulator f32 reads [3, 4, 5] writes [6 : 32 : f32]
// CHECK-SAME: cost #apsim.cost<time = 1.0639999999999999e-06, compute_time = 6.4e-08, memory_time = 2.56e-08, overhead_time = 1.0e-06, dynamic_energy = 7.68e-10, static_energy = 5.319999999999999e-07, ops = 128, bytes_read = 224, bytes_written = 32>{{$}}
// CHECK-NEXT: %[[R:.*]] = linalg.matmul ins(%[[A1]], %[[B1]] : tensor<4x8xf32>, tensor<8x2xf32>) outs(%[[C1]] : tensor<4x2xf32>)
// CHECK-NEXT: apsim.release 3
// CHECK-NEXT: apsim.release 4
// CHECK-NEXT: apsim.release 5
// The result lives on the npu: copied to the host, then the host waits.
// Buffer 7 is returned: never released.
// CHECK-NEXT: %[[ER:.*]] = tensor.empty() : tensor<4x2xf32>
// CHECK-NEXT: %[[R1:.*]] = apsim.dma "matmul.result0" %[[R]] into %[[ER]] from @npu to @cpu ids 6 -> 7
// CHECK-NEXT: apsim.release 6
// CHECK-NEXT: apsim.wait all
// CHECK-NEXT: return %[[R1]] : tensor<4x2xf32>
// CHECK-NOT: apsim.release 7
func.func @matmul(%a: tensor<4x8xf32>, %b: tensor<8x2xf32>, %c: tensor<4x2xf32>) -> tensor<4x2xf32> {
  %0 = linalg.matmul ins(%a, %b : tensor<4x8xf32>, tensor<8x2xf32>) outs(%c : tensor<4x2xf32>) -> tensor<4x2xf32>
  return %0 : tensor<4x2xf32>
}

// A kernel that spills the sram: 4096 f32 in and out = 32768 B > 4096 B, so
// the cost uses the npu's dram (the launch names it). The output is a fresh
// tensor.empty: not a read. ops = 4096 (one exp per element);
//   compute = 4096 / 2e9 = 2.048e-6 s; memory = 32768 / 1e9 = 3.2768e-5 s;
//   time = 1e-6 + 3.2768e-5 = 3.3768e-5 s;
//   dynamic = 4096 * 4e-12 + 32768 * 1e-10 = 1.6384e-8 + 3.2768e-6
//     = 3.293184e-6 J; static = 0.5 * 3.3768e-5 = 1.6884e-5 J.
// Ids are unique in the module: this function's continue after @matmul's.
// CHECK-LABEL: func.func @spill
// CHECK-NEXT: apsim.define 8 on @cpu format f32 bytes 16384{{$}}
// CHECK: apsim.dma "spill#0.in0" {{.*}} ids 8 -> 9
// CHECK: apsim.launch "spill#0" on @npu::@dram precision f32 reads [9] writes [10 : 16384 : f32]
// CHECK-SAME: cost #apsim.cost<time = 3.3768e-05, compute_time = 2.048e-06, memory_time = 3.2768e-05, overhead_time = 1.0e-06, dynamic_energy = 3.293184e-06, static_energy = 1.6884e-05, ops = 4096, bytes_read = 16384, bytes_written = 16384>
// CHECK-NEXT: linalg.exp
func.func @spill(%x: tensor<4096xf32>) -> tensor<4096xf32> {
  %e = tensor.empty() : tensor<4096xf32>
  %0 = linalg.exp ins(%x : tensor<4096xf32>) outs(%e : tensor<4096xf32>) -> tensor<4096xf32>
  return %0 : tensor<4096xf32>
}
}
