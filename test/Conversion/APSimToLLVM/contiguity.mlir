// RUN: ap-opt %s --convert-apsim-to-llvm | FileCheck %s

// The runtime reads and writes contiguous data. Contiguous memrefs (identity
// layout, or a strided layout whose strides are the products of the inner
// sizes) pass their aligned pointer plus offset; others go through a
// temporary buffer: copied in for a source, copied back for a destination.

module attributes {ap.target = #ap.target<devices = [
  #ap.device<"cpu", host, precisions = [f32], memories = [#ap.memory<"dram", capacity = 1000000>]>,
  #ap.device<"npu", accelerator, precisions = [f32, f16], memories = [#ap.memory<"dram", capacity = 1000000>]>],
  links = [#ap.link<"pcie", @cpu -> @npu, bidirectional>],
  host = "cpu", default = "npu">} {

// A contiguous strided source (a row block of a 8x4 matrix, at a dynamic
// offset) and an identity destination: the source's aligned pointer advanced
// by its offset, no copies.
// CHECK-LABEL: func.func @contiguous_strided
// CHECK: %[[SD:.*]] = builtin.unrealized_conversion_cast %{{.*}} : memref<2x4xf32, strided<[4, 1], offset: ?>>
// CHECK: %[[INFO:.*]] = llvm.mlir.addressof @__ap_rt_transfer_rows
// CHECK: %[[BASE:.*]] = llvm.extractvalue %[[SD]][1]
// CHECK: %[[OFFSET:.*]] = llvm.extractvalue %[[SD]][2]
// CHECK: %[[SRC:.*]] = llvm.getelementptr %[[BASE]][%[[OFFSET]]] : (!llvm.ptr, i64) -> !llvm.ptr, f32
// CHECK: %[[DST:.*]] = llvm.extractvalue %{{.*}}[1]
// CHECK-NOT: memrefCopy
// CHECK: llvm.call @ap_rt_transfer(%[[INFO]], %[[SRC]], %[[DST]])
// CHECK-NOT: memrefCopy
// CHECK: return
func.func @contiguous_strided(%a: memref<2x4xf32, strided<[4, 1], offset: ?>>, %b: memref<2x4xf16>) {
  apsim.dma "rows" %a into %b from @cpu to @npu ids 0 -> 1
      : memref<2x4xf32, strided<[4, 1], offset: ?>> into memref<2x4xf16>
  return
}

// Size-1 dimensions have any stride.
// CHECK-LABEL: func.func @unit_dims
// CHECK-NOT: memrefCopy
// CHECK: llvm.call @ap_rt_transfer
// CHECK-NOT: memrefCopy
// CHECK: return
func.func @unit_dims(%a: memref<1x4xf32, strided<[100, 1]>>, %b: memref<1x4xf32>) {
  apsim.dma "unit" %a into %b from @cpu to @npu ids 0 -> 1
      : memref<1x4xf32, strided<[100, 1]>> into memref<1x4xf32>
  return
}

// A column block (stride 8 between rows of 4) on both sides: the source is
// copied into a malloc'ed contiguous buffer, the runtime writes another one,
// which is copied into the destination; both are freed, and the stack used
// by the descriptors is restored.
// CHECK-LABEL: func.func @non_contiguous
// CHECK: %[[STACK:.*]] = llvm.intr.stacksave
// CHECK: %[[INFO:.*]] = llvm.mlir.addressof @__ap_rt_transfer_columns
// CHECK: %[[IN:.*]] = llvm.call @malloc
// CHECK: llvm.call @memrefCopy
// CHECK: %[[OUT:.*]] = llvm.call @malloc
// CHECK-NOT: memrefCopy
// CHECK: llvm.call @ap_rt_transfer(%[[INFO]], %[[IN]], %[[OUT]])
// CHECK-NEXT: llvm.mlir.constant(2 : index)
// CHECK: llvm.call @memrefCopy
// CHECK-NEXT: llvm.call @free(%[[OUT]])
// CHECK-NEXT: llvm.call @free(%[[IN]])
// CHECK-NEXT: llvm.intr.stackrestore %[[STACK]]
func.func @non_contiguous(%a: memref<4x4xf32, strided<[8, 1]>>, %b: memref<4x4xf32, strided<[8, 1], offset: 4>>) {
  apsim.dma "columns" %a into %b from @npu to @cpu ids 1 -> 2
      : memref<4x4xf32, strided<[8, 1]>> into memref<4x4xf32, strided<[8, 1], offset: 4>>
  return
}

// A dynamic shape: the element count comes from the descriptor and the info
// is copied to the stack with it.
// CHECK-LABEL: func.func @dynamic
// CHECK: %[[STACK:.*]] = llvm.intr.stacksave
// CHECK: %[[SIZE:.*]] = llvm.extractvalue %{{.*}}[3, 0]
// CHECK: %[[COUNT:.*]] = llvm.mul %{{.*}}, %[[SIZE]] : i64
// CHECK: %[[GLOBAL:.*]] = llvm.mlir.addressof @__ap_rt_transfer_dyn
// CHECK: %[[LOADED:.*]] = llvm.load %[[GLOBAL]]
// CHECK: %[[FILLED:.*]] = llvm.insertvalue %[[COUNT]], %[[LOADED]][11]
// CHECK: %[[COPY:.*]] = llvm.alloca
// CHECK: llvm.store %[[FILLED]], %[[COPY]]
// CHECK: llvm.call @ap_rt_transfer(%[[COPY]],
// CHECK-NEXT: llvm.intr.stackrestore %[[STACK]]
func.func @dynamic(%a: memref<?xf32>, %b: memref<?xf32>) {
  apsim.dma "dyn" %a into %b from @cpu to @npu ids 0 -> 1 : memref<?xf32> into memref<?xf32>
  return
}

// A probe of a non-contiguous memref reads a contiguous copy.
// CHECK-LABEL: func.func @probe_copy
// CHECK: %[[BUFFER:.*]] = llvm.call @malloc
// CHECK: llvm.call @memrefCopy
// CHECK: %[[NULL:.*]] = llvm.mlir.zero : !llvm.ptr
// CHECK: llvm.call @ap_rt_probe(%{{.*}}, %[[BUFFER]], %[[NULL]])
// CHECK-NEXT: llvm.call @free(%[[BUFFER]])
func.func @probe_copy(%a: memref<4x4xf32, strided<[8, 1]>>) {
  apsim.probe variance %a id "v" on @cpu : memref<4x4xf32, strided<[8, 1]>>
  return
}
}
