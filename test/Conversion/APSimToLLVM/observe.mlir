// RUN: ap-opt %s --convert-apsim-to-llvm | FileCheck %s

// apsim.observe becomes ap_rt_observe(&info, data), info a constant
// ap_rt_observe_info {name, device, format, elements} (pointer, i32, i32,
// i64: the C layout, no padding) and data the observed elements, contiguous.
// Devices: cpu = 0, npu = 1.

module attributes {ap.target = #ap.target<devices = [
  #ap.device<"cpu", host, precisions = [f32], memories = [#ap.memory<"dram", capacity = 1000000>]>,
  #ap.device<"npu", accelerator, precisions = [f32, f16, bf16, i8],
    memories = [#ap.memory<"sram", capacity = 4096>, #ap.memory<"dram", capacity = 1000000>]>],
  host = "cpu", default = "npu">} {

// CHECK-DAG: llvm.func @ap_rt_observe(!llvm.ptr, !llvm.ptr)

// The f16 (1) matmul result on the npu (1), 2 x 64 = 128 elements.
// CHECK: llvm.mlir.global private constant @__ap_rt_str_main_matmul0("main.matmul0\00")
// CHECK-LABEL: llvm.mlir.global private constant @__ap_rt_observe_main_matmul0()
// CHECK-SAME: !llvm.struct<(ptr, i32, i32, i64)>
// CHECK: llvm.mlir.addressof @__ap_rt_str_main_matmul0
// CHECK-NEXT: [0]
// CHECK-NEXT: llvm.mlir.constant(1 : i32)
// CHECK-NEXT: [1]
// CHECK-NEXT: llvm.mlir.constant(1 : i32)
// CHECK-NEXT: [2]
// CHECK-NEXT: llvm.mlir.constant(128 : i64)
// CHECK-NEXT: [3]
// CHECK-NEXT: llvm.return

// The same id observed again (another use of the value): the name's string
// is shared, the info is its own global.
// CHECK-LABEL: llvm.mlir.global private constant @__ap_rt_observe_main_matmul0_1()

// An i8 (7) argument on the cpu (0), 6 elements.
// CHECK-LABEL: llvm.mlir.global private constant @__ap_rt_observe_q()
// CHECK: llvm.mlir.constant(0 : i32)
// CHECK-NEXT: [1]
// CHECK-NEXT: llvm.mlir.constant(7 : i32)
// CHECK-NEXT: [2]
// CHECK-NEXT: llvm.mlir.constant(6 : i64)
// CHECK-NEXT: [3]

// A contiguous memref passes its aligned pointer plus its offset.
// CHECK-LABEL: func.func @contiguous
// CHECK-SAME: (%[[H:.*]]: memref<2x64xf16>, %[[Q:.*]]: memref<2x3xi8, strided<[3, 1], offset: ?>>)
// CHECK-DAG: %[[QD:.*]] = builtin.unrealized_conversion_cast %[[Q]]
// CHECK-DAG: %[[HD:.*]] = builtin.unrealized_conversion_cast %[[H]]
// CHECK: %[[INFO:.*]] = llvm.mlir.addressof @__ap_rt_observe_main_matmul0 : !llvm.ptr
// CHECK: %[[HP:.*]] = llvm.extractvalue %[[HD]][1]
// CHECK: llvm.call @ap_rt_observe(%[[INFO]], %[[HP]]) : (!llvm.ptr, !llvm.ptr) -> ()
// CHECK: llvm.mlir.addressof @__ap_rt_observe_main_matmul0_1 : !llvm.ptr
// CHECK: llvm.call @ap_rt_observe
// CHECK: %[[QINFO:.*]] = llvm.mlir.addressof @__ap_rt_observe_q : !llvm.ptr
// CHECK: %[[QBASE:.*]] = llvm.extractvalue %[[QD]][1]
// CHECK: %[[QOFFSET:.*]] = llvm.extractvalue %[[QD]][2]
// CHECK: %[[QP:.*]] = llvm.getelementptr %[[QBASE]][%[[QOFFSET]]] : (!llvm.ptr, i64) -> !llvm.ptr, i8
// CHECK-NOT: memrefCopy
// CHECK: llvm.call @ap_rt_observe(%[[QINFO]], %[[QP]])
// CHECK-NOT: apsim.
// CHECK: return
func.func @contiguous(%h: memref<2x64xf16>, %q: memref<2x3xi8, strided<[3, 1], offset: ?>>) {
  apsim.observe %h id "main.matmul0" on @npu : memref<2x64xf16>
  apsim.observe %h id "main.matmul0" on @npu : memref<2x64xf16>
  apsim.observe %q id "q" on @cpu : memref<2x3xi8, strided<[3, 1], offset: ?>>
  return
}

// A column block (stride 8 between rows of 4) is copied into a contiguous
// temporary, observed, and freed; the stack the descriptors used is
// restored.
// CHECK-LABEL: func.func @non_contiguous
// CHECK: %[[STACK:.*]] = llvm.intr.stacksave
// CHECK: %[[INFO:.*]] = llvm.mlir.addressof @__ap_rt_observe_columns
// CHECK: %[[BUFFER:.*]] = llvm.call @malloc
// CHECK: llvm.call @memrefCopy
// CHECK: llvm.call @ap_rt_observe(%[[INFO]], %[[BUFFER]])
// CHECK-NEXT: llvm.call @free(%[[BUFFER]])
// CHECK-NEXT: llvm.intr.stackrestore %[[STACK]]
func.func @non_contiguous(%a: memref<4x4xbf16, strided<[8, 1]>>) {
  apsim.observe %a id "columns" on @npu : memref<4x4xbf16, strided<[8, 1]>>
  return
}

// A dynamic shape: the element count comes from the descriptor and the info
// is copied to the stack with it (field 3).
// CHECK-LABEL: func.func @dynamic
// CHECK: %[[STACK:.*]] = llvm.intr.stacksave
// CHECK: %[[SIZE:.*]] = llvm.extractvalue %{{.*}}[3, 1]
// CHECK: %[[COUNT:.*]] = llvm.mul %{{.*}}, %[[SIZE]] : i64
// CHECK: %[[GLOBAL:.*]] = llvm.mlir.addressof @__ap_rt_observe_dyn
// CHECK: %[[LOADED:.*]] = llvm.load %[[GLOBAL]]
// CHECK: %[[FILLED:.*]] = llvm.insertvalue %[[COUNT]], %[[LOADED]][3]
// CHECK: %[[COPY:.*]] = llvm.alloca
// CHECK: llvm.store %[[FILLED]], %[[COPY]]
// CHECK: llvm.call @ap_rt_observe(%[[COPY]],
// CHECK-NEXT: llvm.intr.stackrestore %[[STACK]]
func.func @dynamic(%a: memref<3x?xf32>) {
  apsim.observe %a id "dyn" on @cpu : memref<3x?xf32>
  return
}
}
