// RUN: ap-opt %s --convert-ap-to-apsim | FileCheck %s
// The pass is idempotent: a second run leaves every function as it is.
// RUN: ap-opt %s --convert-ap-to-apsim > %t.once.mlir
// RUN: ap-opt %t.once.mlir --convert-ap-to-apsim > %t.twice.mlir
// RUN: diff %t.once.mlir %t.twice.mlir

// Functions that already talk to the simulator are left as they are, and the
// ids of the others are numbered above theirs, unique in the module. Same
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

// A function written against the simulator by hand keeps its own ids and
// gets no launch for its kernel.
// CHECK-LABEL: func.func @already_simulated
// CHECK-NEXT: apsim.define 7 on @cpu format f32 bytes 16
// CHECK-NEXT: tensor.empty
// CHECK-NEXT: linalg.exp
// CHECK-NEXT: apsim.release 7
// CHECK-NEXT: return
func.func @already_simulated(%x: tensor<4xf32>) -> tensor<4xf32> {
  apsim.define 7 on @cpu format f32 bytes 16
  %e = tensor.empty() : tensor<4xf32>
  %y = linalg.exp ins(%x : tensor<4xf32>) outs(%e : tensor<4xf32>) -> tensor<4xf32>
  apsim.release 7
  return %y : tensor<4xf32>
}

// Ids continue above the hand-written 7, function after function, so the
// callee's buffers do not replace the caller's. A call's tensor operands go
// to the host first, where the callee defines its arguments.
// CHECK-LABEL: func.func @caller
// CHECK-NEXT: apsim.define 8 on @cpu format f32 bytes 16
// CHECK: apsim.dma "caller#0.in0" %{{.*}} into %{{.*}} from @cpu to @npu ids 8 -> 9
// CHECK: apsim.launch "caller#0" on @npu::@sram precision f32 reads [9] writes [10 : 16 : f32]
// CHECK: %[[Y:.*]] = linalg.exp
// CHECK: %[[ARG:.*]] = apsim.dma "callee.arg0" %[[Y]] into %{{.*}} from @npu to @cpu ids 10 -> 11
// CHECK-NEXT: apsim.release 10
// CHECK-NEXT: call @callee(%[[ARG]])
// CHECK-NEXT: apsim.release 11
// CHECK-NEXT: apsim.wait all
// CHECK-LABEL: func.func @callee
// CHECK-NEXT: apsim.define 12 on @cpu format f32 bytes 16
func.func @caller(%x: tensor<4xf32>) -> tensor<4xf32> {
  %e = tensor.empty() : tensor<4xf32>
  %y = linalg.exp ins(%x : tensor<4xf32>) outs(%e : tensor<4xf32>) -> tensor<4xf32>
  %z = func.call @callee(%y) : (tensor<4xf32>) -> tensor<4xf32>
  return %z : tensor<4xf32>
}
func.func @callee(%x: tensor<4xf32>) -> tensor<4xf32> {
  %e = tensor.empty() : tensor<4xf32>
  %y = linalg.negf ins(%x : tensor<4xf32>) outs(%e : tensor<4xf32>) -> tensor<4xf32>
  return %y : tensor<4xf32>
}
}
