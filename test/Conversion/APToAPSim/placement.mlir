// RUN: ap-opt %s --convert-ap-to-apsim=fuse-kernels=false | FileCheck %s

// Two devices: placements decide where kernels run, explicit ap.transfers
// become DMAs with their endpoints, link and wire precision; the structure of
// ap (placement, adaptive, observe, probe) is resolved. Same round-figure
// target as matmul.mlir:
//
// cpu: host, peak(f32) = 1e9 op/s, 1e-9 J/op; dram 1e9 B/s, 1e-9 J/B; no
//      launch overhead; 1 W idle.
// npu: peak(f16) = 1e9 * 2 * 2 = 4e9 op/s, 2e-12 J/op; sram 1e10 B/s,
//      1e-12 J/B; launch 1e-6 s; 0.5 W idle.

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

// Cost keys number the ops with a cost in the input, transfers included:
// two#0 (transfer), two#1 (add), two#2 (transfer), two#3 (negf).
// Ids: argument 0; the f16 copy on the npu's sram 1; the sum 2; its f32 copy
// on the host 3; the negation 4 (returned, on the host: no DMA, no release).
// CHECK-LABEL: func.func @two
// CHECK-SAME: (%[[X:.*]]: tensor<64xf32>)
// CHECK-NEXT: apsim.define 0 on @cpu format f32 bytes 256{{$}}
// The transfer: a DMA into a new tensor of the result type (f16), over pcie at
// wire f16.
// CHECK-NEXT: %[[E0:.*]] = tensor.empty() : tensor<64xf16>
// CHECK-NEXT: %[[T:.*]] = apsim.dma "two#0" %[[X]] into %[[E0]] from @cpu to @npu::@sram via @pcie wire f16 ids 0 -> 1 : tensor<64xf32> into tensor<64xf16>
// CHECK-NEXT: apsim.release 0
// The placement's body, inlined, on the npu. add of 64 f16 reading %a twice:
// 64 ops; bytes 2 * 128 read + 128 written = 384 (sram).
//   compute = 64 / 4e9 = 1.6e-8 s; memory = 384 / 1e10 = 3.84e-8 s;
//   time = 1e-6 + 3.84e-8 = 1.0384e-6 s;
//   dynamic = 64 * 2e-12 + 384 * 1e-12 = 5.12e-10 J;
//   static = 0.5 * 1.0384e-6 = 5.192e-7 J
// (the nearest doubles print as 1.0383999999999999e-06 and
// 5.191999999999999e-07).
// The buffer it reads twice is listed once.
// CHECK-NEXT: %[[E1:.*]] = tensor.empty() : tensor<64xf16>
// CHECK-NEXT: apsim.launch "two#1" on @npu::@sram precision f16 reads [1] writes [2 : 128 : f16]
// CHECK-SAME: cost #apsim.cost<time = 1.0383999999999999e-06, compute_time = 1.6e-08, memory_time = 3.84e-08, overhead_time = 1.0e-06, dynamic_energy = 5.12e-10, static_energy = 5.191999999999999e-07, ops = 64, bytes_read = 256, bytes_written = 128>{{$}}
// CHECK-NEXT: %[[S:.*]] = linalg.add ins(%[[T]], %[[T]] : tensor<64xf16>, tensor<64xf16>) outs(%[[E1]] : tensor<64xf16>)
// CHECK-NEXT: apsim.release 1
// Back to the host without a link named: the runtime routes it; the f16
// values arrive converted to f32.
// CHECK-NEXT: %[[E2:.*]] = tensor.empty() : tensor<64xf32>
// CHECK-NEXT: %[[B:.*]] = apsim.dma "two#2" %[[S]] into %[[E2]] from @npu to @cpu wire f16 ids 2 -> 3 : tensor<64xf16> into tensor<64xf32>
// CHECK-NEXT: apsim.release 2
// On the cpu: negf of 64 f32, 64 ops, 256 + 256 bytes in its only tier.
//   compute = 64 / 1e9 = 6.4e-8 s; memory = 512 / 1e9 = 5.12e-7 s;
//   time = 0 + 5.12e-7 s; dynamic = 64 * 1e-9 + 512 * 1e-9 = 5.76e-7 J;
//   static = 1 * 5.12e-7 J (the dynamic energy's double prints as
//   5.760000000000001e-07).
// CHECK-NEXT: %[[E3:.*]] = tensor.empty() : tensor<64xf32>
// CHECK-NEXT: apsim.launch "two#3" on @cpu::@dram precision f32 reads [3] writes [4 : 256 : f32]
// CHECK-SAME: cost #apsim.cost<time = 5.12e-07, compute_time = 6.4e-08, memory_time = 5.12e-07, overhead_time = 0.0, dynamic_energy = 5.760000000000001e-07, static_energy = 5.12e-07, ops = 64, bytes_read = 256, bytes_written = 256>{{$}}
// CHECK-NEXT: %[[N:.*]] = linalg.negf ins(%[[B]] : tensor<64xf32>) outs(%[[E3]] : tensor<64xf32>)
// CHECK-NEXT: apsim.release 3
// CHECK-NEXT: apsim.wait all
// CHECK-NEXT: return %[[N]] : tensor<64xf32>
// CHECK-NOT: ap.
func.func @two(%x: tensor<64xf32>) -> tensor<64xf32> {
  %t = ap.transfer %x from @cpu to @npu::@sram via @pcie wire f16 : tensor<64xf32> -> tensor<64xf16>
  %r = ap.placement on @npu (%a = %t) : (tensor<64xf16>) -> tensor<64xf16> {
    %e = tensor.empty() : tensor<64xf16>
    %s = linalg.add ins(%a, %a : tensor<64xf16>, tensor<64xf16>) outs(%e : tensor<64xf16>) -> tensor<64xf16>
    ap.yield %s : tensor<64xf16>
  }
  %back = ap.transfer %r from @npu to @cpu wire f16 : tensor<64xf16> -> tensor<64xf32>
  %h = ap.placement on @cpu (%b = %back) : (tensor<64xf32>) -> tensor<64xf32> {
    %e = tensor.empty() : tensor<64xf32>
    %n = linalg.negf ins(%b : tensor<64xf32>) outs(%e : tensor<64xf32>) -> tensor<64xf32>
    ap.yield %n : tensor<64xf32>
  }
  return %h : tensor<64xf32>
}

// ap.observe becomes apsim.observe where its input lives (the argument, on
// the host); ap.adaptive becomes an apsim.select of its variant and an
// scf.index_switch over its variants (one here: the last variant is the
// default region), whose figures are the sums of its launches (two converts
// on the cpu: 2 * 9.6e-8 s, 2 * 1.12e-7 J, 64 + 32 + 32 + 64 bytes read
// and written); the variant writes the switch point's result buffer (6);
// ap.probe becomes
// apsim.probe on the device of its placement. (test/Conversion/APToAPSim/
// observe.mlir has the other cases of observations, adaptive.mlir those of
// switch points.)
// CHECK-LABEL: func.func @adaptive
// CHECK-SAME: (%[[X:.*]]: tensor<16xf32>)
// CHECK-NEXT: apsim.define 5 on @cpu format f32 bytes 64{{$}}
// CHECK-NEXT: apsim.observe %[[X]] id "x" on @cpu : tensor<16xf32>{{$}}
// CHECK-NEXT: %[[V:.*]] = apsim.select "act" on @cpu variants [f32] default 0 times [1.920000e-07] energies [2.2400000000000002E-7] bytes [192]
// CHECK-NEXT: %[[R:.*]] = scf.index_switch %[[V]] -> tensor<16xf32>
// CHECK-NEXT: default {
// CHECK-NEXT: apsim.launch "adaptive#0" on @cpu::@dram precision f32 reads [5] writes [7 : 32 : f16]
// CHECK-NEXT: %[[H:.*]] = ap.convert %[[X]] : tensor<16xf32> -> tensor<16xf16>
// CHECK-NEXT: apsim.launch "adaptive#1" on @cpu::@dram precision f32 reads [7] writes [6 : 64 : f32]
// CHECK-NEXT: %[[F:.*]] = ap.convert %[[H]] : tensor<16xf16> -> tensor<16xf32>
// CHECK-NEXT: apsim.release 7
// CHECK-NEXT: scf.yield %[[F]] : tensor<16xf32>
// CHECK-NEXT: }
// CHECK-NEXT: apsim.release 5
// CHECK-NEXT: apsim.probe variance %[[R]] id "y.var" sample_rate 5.000000e-01 on @cpu : tensor<16xf32>
// CHECK-NEXT: apsim.wait all
// CHECK-NEXT: return %[[R]] : tensor<16xf32>
// CHECK-NOT: linalg.exp
func.func @adaptive(%x: tensor<16xf32>) -> tensor<16xf32> {
  %o = ap.observe %x id "x" : tensor<16xf32>
  %r = ap.placement on @cpu (%a = %o) : (tensor<16xf32>) -> tensor<16xf32> {
    %y = ap.adaptive "act" default 0 (%a) : (tensor<16xf32>) -> tensor<16xf32>
    variant f32 {
    ^bb0(%b: tensor<16xf32>):
      %h = ap.convert %b : tensor<16xf32> -> tensor<16xf16>
      %f = ap.convert %h : tensor<16xf16> -> tensor<16xf32>
      ap.yield %f : tensor<16xf32>
    }
    ap.probe variance %y id "y.var" sample_rate 0.5 : tensor<16xf32>
    ap.yield %y : tensor<16xf32>
  }
  return %r : tensor<16xf32>
}
}
