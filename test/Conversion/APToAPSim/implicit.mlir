// RUN: ap-opt %s --convert-ap-to-apsim=fuse-kernels=false | FileCheck %s

// Data read on a device where it does not live is copied there first (one
// copy per value and device); weights are defined once on each device that
// reads them; views share their source's buffer. Same target as matmul.mlir
// (host cpu, default device npu).

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

// CHECK-LABEL: func.func @implicit
// CHECK-SAME: (%[[X:.*]]: tensor<2x8xf32>)
// Entry: the argument (0, on the host), then the weight once per device that
// reads it: 2 on the npu (for implicit#0 and implicit#1), 8 on the cpu (for
// implicit#3), 16 f32 = 64 bytes each.
// CHECK-NEXT: apsim.define 0 on @cpu format f32 bytes 64{{$}}
// CHECK-NEXT: apsim.define 2 on @npu format f32 bytes 64{{$}}
// CHECK-NEXT: apsim.define 8 on @cpu format f32 bytes 64{{$}}
// CHECK-NEXT: %[[W:.*]] = arith.constant dense<1.000000e+00> : tensor<16xf32>
// The view of the argument is buffer 0 seen as tensor<16xf32>: the npu gets
// a copy of it (1), made before the first reader and read by both kernels.
// CHECK-NEXT: %[[V:.*]] = tensor.collapse_shape %[[X]]
// CHECK-NEXT: %[[E:.*]] = tensor.empty() : tensor<16xf32>
// CHECK-NEXT: %[[EV:.*]] = tensor.empty() : tensor<16xf32>
// CHECK-NEXT: %[[V1:.*]] = apsim.dma "implicit#0.in0" %[[V]] into %[[EV]] from @cpu to @npu ids 0 -> 1 : tensor<16xf32> into tensor<16xf32>
// CHECK-NEXT: apsim.release 0
// CHECK-NEXT: apsim.launch "implicit#0" on @npu::@sram precision f32 reads [1, 2] writes [3 : 64 : f32]
// CHECK-NEXT: %[[A:.*]] = linalg.add ins(%[[V1]], %[[W]] : tensor<16xf32>, tensor<16xf32>)
// CHECK-NEXT: apsim.launch "implicit#1" on @npu::@sram precision f32 reads [1, 2] writes [4 : 64 : f32]
// CHECK-NEXT: %[[B:.*]] = linalg.mul ins(%[[V1]], %[[W]] : tensor<16xf32>, tensor<16xf32>)
// CHECK-NEXT: apsim.release 1
// CHECK-NEXT: apsim.release 2
// The placement on the cpu reads both npu results: copies 5 and 6, each
// released on the npu side right after it is made.
// CHECK-NEXT: %[[E2:.*]] = tensor.empty() : tensor<16xf32>
// CHECK-NEXT: %[[EA:.*]] = tensor.empty() : tensor<16xf32>
// CHECK-NEXT: %[[A1:.*]] = apsim.dma "implicit#2.in0" %[[A]] into %[[EA]] from @npu to @cpu ids 3 -> 5
// CHECK-NEXT: apsim.release 3
// CHECK-NEXT: %[[EB:.*]] = tensor.empty() : tensor<16xf32>
// CHECK-NEXT: %[[B1:.*]] = apsim.dma "implicit#2.in1" %[[B]] into %[[EB]] from @npu to @cpu ids 4 -> 6
// CHECK-NEXT: apsim.release 4
// CHECK-NEXT: apsim.launch "implicit#2" on @cpu::@dram precision f32 reads [5, 6] writes [7 : 64 : f32]
// CHECK-NEXT: %[[S:.*]] = linalg.add ins(%[[A1]], %[[B1]] : tensor<16xf32>, tensor<16xf32>)
// CHECK-NEXT: apsim.release 6
// The second cpu reader of %a reads the same copy (5); the weight on the cpu
// is its own buffer (8).
// CHECK-NEXT: apsim.launch "implicit#3" on @cpu::@dram precision f32 reads [5, 8] writes [9 : 64 : f32]
// CHECK-NEXT: %[[T:.*]] = linalg.sub ins(%[[A1]], %[[W]] : tensor<16xf32>, tensor<16xf32>)
// CHECK-NEXT: apsim.release 5
// CHECK-NEXT: apsim.release 8
// Both results are on the host already: no copy; returned: not released.
// CHECK-NEXT: apsim.wait all
// CHECK-NEXT: return %[[S]], %[[T]]
// CHECK-NOT: apsim.dma
func.func @implicit(%x: tensor<2x8xf32>) -> (tensor<16xf32>, tensor<16xf32>) {
  %w = arith.constant dense<1.0> : tensor<16xf32>
  %v = tensor.collapse_shape %x [[0, 1]] : tensor<2x8xf32> into tensor<16xf32>
  %e = tensor.empty() : tensor<16xf32>
  %a = linalg.add ins(%v, %w : tensor<16xf32>, tensor<16xf32>) outs(%e : tensor<16xf32>) -> tensor<16xf32>
  %b = linalg.mul ins(%v, %w : tensor<16xf32>, tensor<16xf32>) outs(%e : tensor<16xf32>) -> tensor<16xf32>
  %r:2 = ap.placement on @cpu (%p = %a, %q = %b, %k = %w)
      : (tensor<16xf32>, tensor<16xf32>, tensor<16xf32>) -> (tensor<16xf32>, tensor<16xf32>) {
    %e2 = tensor.empty() : tensor<16xf32>
    %s = linalg.add ins(%p, %q : tensor<16xf32>, tensor<16xf32>) outs(%e2 : tensor<16xf32>) -> tensor<16xf32>
    %t = linalg.sub ins(%p, %k : tensor<16xf32>, tensor<16xf32>) outs(%e2 : tensor<16xf32>) -> tensor<16xf32>
    ap.yield %s, %t : tensor<16xf32>, tensor<16xf32>
  }
  return %r#0, %r#1 : tensor<16xf32>, tensor<16xf32>
}

// Views of a kernel's result share its buffer: an expand_shape and an
// extract_slice of buffer 12 (the negation, on the npu) are read as 12 on
// the npu (no copy), and the slice, returned from the npu, is copied to the
// host as it is (the DMA reads buffer 12, the view's elements). The ids of
// this function continue where @implicit's stopped (at 10): they are unique
// in the module.
// CHECK-LABEL: func.func @views
// CHECK-NEXT: apsim.define 10 on @cpu format f32 bytes 64{{$}}
// CHECK: apsim.dma "views#0.in0" {{.*}} ids 10 -> 11
// CHECK: apsim.launch "views#0" on @npu::@sram precision f32 reads [11] writes [12 : 64 : f32]
// CHECK-NEXT: %[[N:.*]] = linalg.negf
// CHECK-NEXT: apsim.release 11
// CHECK-NEXT: %[[EX:.*]] = tensor.expand_shape %[[N]]
// CHECK-NEXT: %[[SL:.*]] = tensor.extract_slice %[[EX]][0, 0] [2, 4] [1, 1]
// CHECK-NEXT: tensor.empty
// CHECK-NEXT: apsim.launch "views#1" on @npu::@sram precision f32 reads [12] writes [13 : 32 : f32]
// CHECK-NEXT: %[[M:.*]] = linalg.exp ins(%[[SL]] : tensor<2x4xf32>)
// CHECK-NEXT: tensor.empty
// CHECK-NEXT: apsim.dma "views.result0" %[[M]] into %{{.*}} from @npu to @cpu ids 13 -> 14
// CHECK-NEXT: apsim.release 13
// CHECK-NEXT: tensor.empty
// CHECK-NEXT: apsim.dma "views.result1" %[[SL]] into %{{.*}} from @npu to @cpu ids 12 -> 15
// CHECK-NEXT: apsim.release 12
// CHECK-NEXT: apsim.wait all
func.func @views(%x: tensor<16xf32>) -> (tensor<2x4xf32>, tensor<2x4xf32>) {
  %e = tensor.empty() : tensor<16xf32>
  %n = linalg.negf ins(%x : tensor<16xf32>) outs(%e : tensor<16xf32>) -> tensor<16xf32>
  %ex = tensor.expand_shape %n [[0, 1]] output_shape [4, 4] : tensor<16xf32> into tensor<4x4xf32>
  %sl = tensor.extract_slice %ex[0, 0] [2, 4] [1, 1] : tensor<4x4xf32> to tensor<2x4xf32>
  %e2 = tensor.empty() : tensor<2x4xf32>
  %m = linalg.exp ins(%sl : tensor<2x4xf32>) outs(%e2 : tensor<2x4xf32>) -> tensor<2x4xf32>
  return %m, %sl : tensor<2x4xf32>, tensor<2x4xf32>
}

}
