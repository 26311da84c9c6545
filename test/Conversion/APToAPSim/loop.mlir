// RUN: ap-opt %s --convert-ap-to-apsim=fuse-kernels=false | FileCheck %s

// Kernels inside scf.for: their launches stay in the loop body (one launch
// per iteration at run time, with the same ids: a launch that creates a live
// id replaces it); copies of data defined outside the loop are made once,
// before it; releases are placed in the block where the id is created. Same
// target as matmul.mlir (host cpu, default device npu).

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

// CHECK-LABEL: func.func @loop
// CHECK-SAME: (%[[X:.*]]: tensor<16xf32>, %[[N:.*]]: index)
// Only tensor arguments are buffers; the weight (read on the npu in the loop)
// is defined at the entry.
// CHECK-NEXT: apsim.define 0 on @cpu format f32 bytes 64{{$}}
// CHECK-NEXT: apsim.define 2 on @npu format f32 bytes 64{{$}}
// The copy of %x for the npu is hoisted out of the loop.
// CHECK: %[[E:.*]] = tensor.empty() : tensor<16xf32>
// CHECK-NEXT: %[[X1:.*]] = apsim.dma "loop#0.in0" %[[X]] into %[[E]] from @cpu to @npu ids 0 -> 1
// CHECK-NEXT: %[[R:.*]] = scf.for {{.*}} iter_args(%[[ACC:.*]] = %[[X]])
// CHECK-NEXT: %[[E2:.*]] = tensor.empty() : tensor<16xf32>
// CHECK-NEXT: apsim.launch "loop#0" on @npu::@sram precision f32 reads [1, 2] writes [3 : 64 : f32]
// CHECK-NEXT: %[[M:.*]] = linalg.mul ins(%[[X1]], %{{.*}} : tensor<16xf32>, tensor<16xf32>)
// The loop-carried %acc has no buffer of its own (data flowing through scf
// values is not tracked): the add reads only the product.
// CHECK-NEXT: apsim.launch "loop#1" on @npu::@sram precision f32 reads [3] writes [4 : 64 : f32]
// CHECK-NEXT: %[[S:.*]] = linalg.add ins(%[[ACC]], %[[M]] : tensor<16xf32>, tensor<16xf32>)
// The product dies in the body; the sum is yielded: not released.
// CHECK-NEXT: apsim.release 3
// CHECK-NEXT: scf.yield %[[S]]
// CHECK-NEXT: }
// Ids created in the function's block and read in the loop (the argument is
// also the loop's initial value) are released after the loop.
// CHECK-NEXT: apsim.release 0
// CHECK-NEXT: apsim.release 1
// CHECK-NEXT: apsim.release 2
// CHECK-NEXT: apsim.wait all
// CHECK-NEXT: return %[[R]]
func.func @loop(%x: tensor<16xf32>, %n: index) -> tensor<16xf32> {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %w = arith.constant dense<2.0> : tensor<16xf32>
  %r = scf.for %i = %c0 to %n step %c1 iter_args(%acc = %x) -> (tensor<16xf32>) {
    %e = tensor.empty() : tensor<16xf32>
    %m = linalg.mul ins(%x, %w : tensor<16xf32>, tensor<16xf32>) outs(%e : tensor<16xf32>) -> tensor<16xf32>
    %s = linalg.add ins(%acc, %m : tensor<16xf32>, tensor<16xf32>) outs(%e : tensor<16xf32>) -> tensor<16xf32>
    scf.yield %s : tensor<16xf32>
  }
  return %r : tensor<16xf32>
}

// A kernel in an scf.if branch: its launch is in the branch; a result that
// only lives in the branch is released there.
// CHECK-LABEL: func.func @branch
// CHECK: scf.if
// CHECK-NEXT: tensor.empty
// CHECK-NEXT: apsim.launch "branch#0" on @npu::@sram precision f32 reads [6] writes [7 : 64 : f32]
// CHECK-NEXT: %[[A:.*]] = linalg.exp
// CHECK-NEXT: apsim.launch "branch#1" on @npu::@sram precision f32 reads [7] writes [8 : 64 : f32]
// CHECK-NEXT: %[[B:.*]] = linalg.negf ins(%[[A]]
// CHECK-NEXT: apsim.release 7
// CHECK-NEXT: scf.yield %[[B]]
// CHECK: apsim.release 6
func.func @branch(%x: tensor<16xf32>, %p: i1) -> tensor<16xf32> {
  %r = scf.if %p -> tensor<16xf32> {
    %e = tensor.empty() : tensor<16xf32>
    %a = linalg.exp ins(%x : tensor<16xf32>) outs(%e : tensor<16xf32>) -> tensor<16xf32>
    %b = linalg.negf ins(%a : tensor<16xf32>) outs(%e : tensor<16xf32>) -> tensor<16xf32>
    scf.yield %b : tensor<16xf32>
  } else {
    scf.yield %x : tensor<16xf32>
  }
  return %r : tensor<16xf32>
}
}
