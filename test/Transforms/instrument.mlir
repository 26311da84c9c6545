// RUN: ap-opt %s --ap-instrument --split-input-file | FileCheck %s
// RUN: ap-opt %s --ap-instrument=granularity=layer --split-input-file | FileCheck %s --check-prefix=LAYER
// RUN: ap-opt %s --ap-instrument=observe-arguments=false --split-input-file | FileCheck %s --check-prefix=NOARGS
// RUN: not ap-opt %s --ap-instrument=granularity=tensor --split-input-file 2>&1 | FileCheck %s --check-prefix=BAD

// BAD: for the --granularity option: Cannot find option named 'tensor'!

// CHECK-LABEL: func @mlp
// CHECK-SAME: (%[[X:.*]]: tensor<1x4xf32>, %[[W:.*]]: tensor<4x8xf32>, %[[I:.*]]: tensor<4xi32>)
// CHECK-NEXT: %[[OX:.*]] = ap.observe %[[X]] id "mlp.arg0" : tensor<1x4xf32>
// CHECK-NEXT: %[[OW:.*]] = ap.observe %[[W]] id "mlp.arg1" : tensor<4x8xf32>
// Fills are not observed.
// CHECK: %[[F:.*]] = linalg.fill
// CHECK-NOT: ap.observe %[[F]]
// CHECK: %[[M:.*]] = linalg.matmul ins(%[[OX]], %[[OW]] : {{.*}}) outs(%[[F]] :
// CHECK-NEXT: %[[OM:.*]] = ap.observe %[[M]] id "mlp.matmul0" : tensor<1x8xf32>
// CHECK: %[[R:.*]] = linalg.generic {{.*}} ins(%[[OM]] :
// CHECK: %[[OR:.*]] = ap.observe %[[R]] id "mlp.generic0" : tensor<1x8xf32>
// CHECK: %[[E:.*]] = math.exp %[[OR]]
// CHECK-NEXT: %[[OE:.*]] = ap.observe %[[E]] id "mlp.exp0"
// CHECK: return %[[OE]]

// LAYER-LABEL: func @mlp
// LAYER: ap.observe %{{.*}} id "mlp.arg0"
// LAYER: ap.observe %{{.*}} id "mlp.arg1"
// LAYER: ap.observe %{{.*}} id "mlp.matmul0"
// LAYER-NOT: ap.observe

// NOARGS-LABEL: func @mlp
// NOARGS-NOT: id "mlp.arg
// NOARGS: id "mlp.matmul0"
#map = affine_map<(d0, d1) -> (d0, d1)>
func.func @mlp(%x: tensor<1x4xf32>, %w: tensor<4x8xf32>, %i: tensor<4xi32>) -> tensor<1x8xf32> {
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<1x8xf32>
  %f = linalg.fill ins(%zero : f32) outs(%e : tensor<1x8xf32>) -> tensor<1x8xf32>
  %m = linalg.matmul ins(%x, %w : tensor<1x4xf32>, tensor<4x8xf32>) outs(%f : tensor<1x8xf32>) -> tensor<1x8xf32>
  %r = linalg.generic {indexing_maps = [#map, #map], iterator_types = ["parallel", "parallel"]}
      ins(%m : tensor<1x8xf32>) outs(%e : tensor<1x8xf32>) {
  ^bb0(%in: f32, %out: f32):
    %v = arith.maximumf %in, %zero : f32
    linalg.yield %v : f32
  } -> tensor<1x8xf32>
  %s = math.exp %r : tensor<1x8xf32>
  return %s : tensor<1x8xf32>
}

// -----

// Existing observations are kept and their ids not reused.
// CHECK-LABEL: func @already
// CHECK-SAME: (%[[X:.*]]: tensor<4xf32>, %[[Y:.*]]: tensor<4xf32>)
// CHECK-NEXT: ap.observe %[[X]] id "already.arg0_0"
// CHECK-NEXT: ap.observe %[[Y]] id "already.arg0"
// CHECK-NOT: ap.observe
// LAYER-LABEL: func @already
// NOARGS-LABEL: func @already
// NOARGS-NOT: ap.observe %arg0
func.func @already(%x: tensor<4xf32>, %y: tensor<4xf32>) -> tensor<4xf32> {
  %0 = ap.observe %y id "already.arg0" : tensor<4xf32>
  return %x : tensor<4xf32>
}

// -----

// Broadcasts of constants have statistics known at compile time; a
// broadcast of a computed value is observed.
// CHECK-LABEL: func @broadcasts
// CHECK: %[[C:.*]] = linalg.broadcast ins(%{{.*}} : tensor<4xf32>)
// CHECK-NOT: ap.observe %[[C]]
// CHECK: %[[V:.*]] = linalg.broadcast ins(%{{.*}} : tensor<4xf32>)
// CHECK-NEXT: ap.observe %[[V]] id "broadcasts.broadcast0"
// LAYER-LABEL: func @broadcasts
// NOARGS-LABEL: func @broadcasts
func.func @broadcasts(%x: tensor<4xf32>) -> (tensor<2x4xf32>, tensor<2x4xf32>) {
  %c = arith.constant dense<1.0> : tensor<4xf32>
  %e = tensor.empty() : tensor<2x4xf32>
  %b0 = linalg.broadcast ins(%c : tensor<4xf32>) outs(%e : tensor<2x4xf32>) dimensions = [0]
  %b1 = linalg.broadcast ins(%x : tensor<4xf32>) outs(%e : tensor<2x4xf32>) dimensions = [0]
  return %b0, %b1 : tensor<2x4xf32>, tensor<2x4xf32>
}

// -----

// A padded tensor is the next layer's input, padding included: observed at
// granularity op, not at granularity layer.
// CHECK-LABEL: func @padded
// CHECK: %[[P:.*]] = tensor.pad
// CHECK: ap.observe %[[P]] id "padded.pad0"
// LAYER-LABEL: func @padded
// LAYER-NOT: ap.observe {{.*}} "padded.pad0"
// NOARGS-LABEL: func @padded
func.func @padded(%x: tensor<2x2xf32>) -> tensor<4x4xf32> {
  %zero = arith.constant 0.0 : f32
  %p = tensor.pad %x low[1, 1] high[1, 1] {
  ^bb0(%i: index, %j: index):
    tensor.yield %zero : f32
  } : tensor<2x2xf32> to tensor<4x4xf32>
  return %p : tensor<4x4xf32>
}
