// RUN: ap-opt %s --convert-ap-to-apsim | FileCheck %s
// RUN: ap-opt %s --ap-lower-to-llvm | FileCheck %s --check-prefix=LLVM

// ap.observe becomes apsim.observe of its input, on the device where the
// input lives, and its users read the input. The device is the one of the
// buffer holding the value: an argument on the host, a kernel result on the
// kernel's device, a transfer's result at its destination, a view on its
// source's; a constant or data the conversion does not track (a loop's
// result) on the observation's own device (its placement's, else the
// default device). Same target as matmul.mlir (host cpu, default npu).

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

// CHECK-LABEL: func.func @observe
// CHECK-SAME: (%[[X:.*]]: tensor<2x8xf32>)
// CHECK-NEXT: apsim.define 0 on @cpu format f32 bytes 64{{$}}
// CHECK-NEXT: apsim.define 4 on @cpu format f32 bytes 64{{$}}
// The argument, on the host; the negation reads the argument itself.
// CHECK-NEXT: apsim.observe %[[X]] id "main.arg0" on @cpu : tensor<2x8xf32>{{$}}
// CHECK: %[[X1:.*]] = apsim.dma "observe#0.in0" %[[X]] into
// CHECK: apsim.launch "observe#0" on @npu::@sram
// CHECK-NEXT: %[[N:.*]] = linalg.negf ins(%[[X1]] : tensor<2x8xf32>)
// CHECK-NEXT: apsim.release 1
// The result of a kernel on the npu, and a view of it.
// CHECK-NEXT: apsim.observe %[[N]] id "main.negf0" on @npu : tensor<2x8xf32>{{$}}
// CHECK-NEXT: %[[FLAT:.*]] = tensor.collapse_shape %[[N]]
// CHECK-NEXT: apsim.observe %[[FLAT]] id "main.flat" on @npu : tensor<16xf32>{{$}}
// The transfer reads the view; its result lives on the host. The DMA's
// source is released after it, the observations came before.
// CHECK-NEXT: %[[E:.*]] = tensor.empty() : tensor<16xf32>
// CHECK-NEXT: %[[BACK:.*]] = apsim.dma "observe#1" %[[FLAT]] into %[[E]] from @npu to @cpu wire f16 ids 2 -> 3
// CHECK-NEXT: apsim.release 2
// CHECK-NEXT: apsim.observe %[[BACK]] id "main.back" on @cpu : tensor<16xf32>{{$}}
// A constant, on the device of the observation's placement.
// CHECK-NEXT: %[[C:.*]] = arith.constant dense<2.000000e+00> : tensor<16xf32>
// CHECK-NEXT: apsim.observe %[[C]] id "main.const" on @cpu : tensor<16xf32>{{$}}
// CHECK: apsim.launch "observe#2" on @cpu::@dram precision f32 reads [3, 4] writes [5 : 64 : f32]
// CHECK-NEXT: %[[M:.*]] = linalg.mul ins(%[[BACK]], %[[C]] : tensor<16xf32>, tensor<16xf32>)
// CHECK-NEXT: apsim.release 3
// CHECK-NEXT: apsim.release 4
// CHECK-NEXT: apsim.observe %[[M]] id "main.mul0" on @cpu : tensor<16xf32>{{$}}
// CHECK-NEXT: apsim.wait all
// CHECK-NEXT: return %[[M]] : tensor<16xf32>
// CHECK-NOT: ap.observe
func.func @observe(%x: tensor<2x8xf32>) -> tensor<16xf32> {
  %a = ap.observe %x id "main.arg0" : tensor<2x8xf32>
  %e = tensor.empty() : tensor<2x8xf32>
  %n = linalg.negf ins(%a : tensor<2x8xf32>) outs(%e : tensor<2x8xf32>) -> tensor<2x8xf32>
  %o = ap.observe %n id "main.negf0" : tensor<2x8xf32>
  %flat = tensor.collapse_shape %o [[0, 1]] : tensor<2x8xf32> into tensor<16xf32>
  %f = ap.observe %flat id "main.flat" : tensor<16xf32>
  %h = ap.transfer %f from @npu to @cpu wire f16 : tensor<16xf32> -> tensor<16xf32>
  %t = ap.observe %h id "main.back" : tensor<16xf32>
  %r = ap.placement on @cpu (%b = %t) : (tensor<16xf32>) -> tensor<16xf32> {
    %c = arith.constant dense<2.0> : tensor<16xf32>
    %oc = ap.observe %c id "main.const" : tensor<16xf32>
    %e2 = tensor.empty() : tensor<16xf32>
    %m = linalg.mul ins(%b, %oc : tensor<16xf32>, tensor<16xf32>) outs(%e2 : tensor<16xf32>) -> tensor<16xf32>
    %om = ap.observe %m id "main.mul0" : tensor<16xf32>
    ap.yield %om : tensor<16xf32>
  }
  return %r : tensor<16xf32>
}

// A loop's result is not tracked: observed on the observation's device, the
// default npu, or the cpu of its placement. Inside the loop, the
// observation of a kernel's result is on the kernel's device, at every
// iteration.
// CHECK-LABEL: func.func @loop
// CHECK: scf.for
// CHECK: apsim.launch "loop#0" on @npu
// CHECK-NEXT: %[[S:.*]] = linalg.add
// CHECK-NEXT: apsim.observe %[[S]] id "loop.add0" on @npu : tensor<4xf32>{{$}}
// CHECK: scf.yield %[[S]]
// CHECK: apsim.observe %[[R:.*]] id "loop.result" on @npu : tensor<4xf32>{{$}}
// CHECK-NEXT: apsim.observe %[[R]] id "loop.result.cpu" on @cpu : tensor<4xf32>{{$}}
func.func @loop(%x: tensor<4xf32>, %n: index) -> tensor<4xf32> {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %r = scf.for %i = %c0 to %n step %c1 iter_args(%acc = %x) -> tensor<4xf32> {
    %s = linalg.add ins(%acc, %x : tensor<4xf32>, tensor<4xf32>) outs(%acc : tensor<4xf32>) -> tensor<4xf32>
    %o = ap.observe %s id "loop.add0" : tensor<4xf32>
    scf.yield %o : tensor<4xf32>
  }
  %or = ap.observe %r id "loop.result" : tensor<4xf32>
  %p = ap.placement on @cpu (%a = %or) : (tensor<4xf32>) -> tensor<4xf32> {
    %oc = ap.observe %a id "loop.result.cpu" : tensor<4xf32>
    ap.yield %oc : tensor<4xf32>
  }
  return %p : tensor<4xf32>
}
}

// Bufferization keeps every observation (they only read): one runtime call
// each, 6 + 3.
// LLVM-COUNT-9: llvm.call @ap_rt_observe(
// LLVM-NOT: llvm.call @ap_rt_observe(
