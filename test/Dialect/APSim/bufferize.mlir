// RUN: ap-opt %s --one-shot-bufferize="bufferize-function-boundaries" -split-input-file | FileCheck %s

// One-shot bufferization of apsim.dma (destination-passing style: reads its
// input, overwrites its init without reading it), apsim.probe and
// apsim.observe (read their operands) into their memref forms.

// The init of a fresh tensor becomes an allocation; the transfer writes it.
// CHECK-LABEL: func @dma_into_empty
// CHECK-SAME: (%[[X:.*]]: memref<64xf32, strided<[?], offset: ?>>) -> memref<64xf16>
// CHECK-NEXT: %[[A:.*]] = memref.alloc() {{.*}} : memref<64xf16>
// CHECK-NEXT: apsim.dma "x.to.npu" %[[X]] into %[[A]] from @cpu to @npu::@sram via @pcie wire f16 ids 0 -> 1 {note} : memref<64xf32, strided<[?], offset: ?>> into memref<64xf16>{{$}}
// CHECK-NOT: memref.copy
// CHECK: return %[[A]] : memref<64xf16>
func.func @dma_into_empty(%x: tensor<64xf32>) -> tensor<64xf16> {
  %init = tensor.empty() : tensor<64xf16>
  %y = apsim.dma "x.to.npu" %x into %init from @cpu to @npu::@sram via @pcie
         wire f16 ids 0 -> 1 {note} : tensor<64xf32> into tensor<64xf16>
  return %y : tensor<64xf16>
}

// -----

// An init that is not used afterwards is written in place.
// CHECK-LABEL: func @dma_in_place
// CHECK-SAME: (%[[X:.*]]: memref<2x3xi8, strided<[?, ?], offset: ?>>, %[[I:.*]]: memref<2x3xi8, strided<[?, ?], offset: ?>>)
// CHECK-NEXT: apsim.dma "d" %[[X]] into %[[I]] from @npu::@dram to @npu::@sram ids 3 -> 4 : memref<2x3xi8, strided<[?, ?], offset: ?>> into memref<2x3xi8, strided<[?, ?], offset: ?>>{{$}}
// CHECK-NEXT: return %[[I]]
func.func @dma_in_place(%x: tensor<2x3xi8>, %init: tensor<2x3xi8>) -> tensor<2x3xi8> {
  %y = apsim.dma "d" %x into %init from @npu::@dram to @npu::@sram ids 3 -> 4
         : tensor<2x3xi8> into tensor<2x3xi8>
  return %y : tensor<2x3xi8>
}

// -----

// An init that is read afterwards is not overwritten: the transfer writes a
// new buffer, and since it does not read its init, the init is not copied.
// CHECK-LABEL: func @dma_init_live
// CHECK-SAME: (%[[X:.*]]: memref<4xf32, strided<[?], offset: ?>>, %[[I:.*]]: memref<4xf32, strided<[?], offset: ?>>)
// CHECK-NEXT: %[[A:.*]] = memref.alloc() {{.*}} : memref<4xf32>
// CHECK-NOT: memref.copy
// CHECK-NEXT: apsim.dma "d" %[[X]] into %[[A]] from @cpu to @npu ids 0 -> 1 : memref<4xf32, strided<[?], offset: ?>> into memref<4xf32>{{$}}
// CHECK: return %[[A]], %[[I]]
func.func @dma_init_live(%x: tensor<4xf32>, %init: tensor<4xf32>)
    -> (tensor<4xf32>, tensor<4xf32>) {
  %y = apsim.dma "d" %x into %init from @cpu to @npu ids 0 -> 1
         : tensor<4xf32> into tensor<4xf32>
  return %y, %init : tensor<4xf32>, tensor<4xf32>
}

// -----

// The input is only read: a transfer into the input's own tensor needs a
// copy of it as its destination (the input must stay intact while read).
// CHECK-LABEL: func @dma_into_input
// CHECK-SAME: (%[[X:.*]]: memref<4xf32, strided<[?], offset: ?>>)
// CHECK-NEXT: %[[A:.*]] = memref.alloc() {{.*}} : memref<4xf32>
// CHECK-NEXT: apsim.dma "d" %[[X]] into %[[A]] from @cpu to @npu ids 0 -> 1 : memref<4xf32, strided<[?], offset: ?>> into memref<4xf32>{{$}}
func.func @dma_into_input(%x: tensor<4xf32>) -> tensor<4xf32> {
  %y = apsim.dma "d" %x into %x from @cpu to @npu ids 0 -> 1
         : tensor<4xf32> into tensor<4xf32>
  return %y : tensor<4xf32>
}

// -----

// Probes read their operands and write nothing: no copy, no allocation.
// CHECK-LABEL: func @probes
// CHECK-SAME: (%[[X:.*]]: memref<64xf32, strided<[?], offset: ?>>)
// CHECK-NEXT: %[[A:.*]] = memref.alloc() {{.*}} : memref<64xf16>
// CHECK-NEXT: apsim.dma "x" %[[X]] into %[[A]] {{.*}} : memref<64xf32, strided<[?], offset: ?>> into memref<64xf16>{{$}}
// CHECK-NEXT: apsim.probe sqnr %[[A]] reference %[[X]] id "fc1.sqnr" sample_rate 1.250000e-01 on @npu {note} : memref<64xf16>, memref<64xf32, strided<[?], offset: ?>>{{$}}
// CHECK-NEXT: apsim.probe variance %[[X]] id "v" on @cpu : memref<64xf32, strided<[?], offset: ?>>{{$}}
// CHECK-NOT: memref.copy
// CHECK-NOT: memref.alloc
// CHECK: return %[[X]]
func.func @probes(%x: tensor<64xf32>) -> tensor<64xf32> {
  %init = tensor.empty() : tensor<64xf16>
  %h = apsim.dma "x" %x into %init from @cpu to @npu wire f16 ids 0 -> 1
         : tensor<64xf32> into tensor<64xf16>
  apsim.probe sqnr %h reference %x id "fc1.sqnr" sample_rate 0.125 on @npu {note}
      : tensor<64xf16>, tensor<64xf32>
  apsim.probe variance %x id "v" on @cpu : tensor<64xf32>
  return %x : tensor<64xf32>
}

// -----

// Observations read their operand and write nothing: no copy, no
// allocation, and the value they observe is returned as it is.
// CHECK-LABEL: func @observes
// CHECK-SAME: (%[[X:.*]]: memref<64xf32, strided<[?], offset: ?>>)
// CHECK-NEXT: apsim.observe %[[X]] id "main.arg0" on @cpu {note} : memref<64xf32, strided<[?], offset: ?>>{{$}}
// CHECK-NEXT: %[[A:.*]] = memref.alloc() {{.*}} : memref<64xf16>
// CHECK-NEXT: apsim.dma "x" %[[X]] into %[[A]] {{.*}} : memref<64xf32, strided<[?], offset: ?>> into memref<64xf16>{{$}}
// CHECK-NEXT: apsim.observe %[[A]] id "h" on @npu : memref<64xf16>{{$}}
// CHECK-NOT: memref.copy
// CHECK-NOT: memref.alloc
// CHECK: return %[[X]]
func.func @observes(%x: tensor<64xf32>) -> tensor<64xf32> {
  apsim.observe %x id "main.arg0" on @cpu {note} : tensor<64xf32>
  %init = tensor.empty() : tensor<64xf16>
  %h = apsim.dma "x" %x into %init from @cpu to @npu wire f16 ids 0 -> 1
         : tensor<64xf32> into tensor<64xf16>
  apsim.observe %h id "h" on @npu : tensor<64xf16>
  return %x : tensor<64xf32>
}
