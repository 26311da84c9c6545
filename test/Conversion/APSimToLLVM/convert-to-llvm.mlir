// RUN: ap-opt %s --convert-to-llvm | FileCheck %s

// The apsim dialect's ConvertToLLVMPatternInterface: convert-to-llvm lowers
// apsim ops with everything else (the memrefs too, so no casts remain).

module attributes {ap.target = #ap.target<devices = [
  #ap.device<"cpu", host, precisions = [f32], memories = [#ap.memory<"dram", capacity = 1000000>]>,
  #ap.device<"npu", accelerator, precisions = [f32, f16], memories = [#ap.memory<"dram", capacity = 1000000>]>],
  links = [#ap.link<"pcie", @cpu -> @npu, bidirectional>],
  host = "cpu", default = "npu">} {
// CHECK-LABEL: llvm.func @f
// CHECK-NOT: unrealized_conversion_cast
// CHECK: llvm.call @ap_rt_define
// CHECK: llvm.call @ap_rt_transfer(%{{.*}}, %{{.*}}, %{{.*}})
// CHECK: llvm.call @ap_rt_release
// CHECK: llvm.call @ap_rt_wait
// CHECK-NOT: apsim.
func.func @f(%x: memref<4xf32>, %y: memref<4xf16>) {
  apsim.define 0 on @cpu format f32 bytes 16
  apsim.dma "x" %x into %y from @cpu to @npu ids 0 -> 1 : memref<4xf32> into memref<4xf16>
  apsim.release 0
  apsim.wait all
  return
}
}
