// An upstream-style test of the quant dialect's lower-quant-ops pass, run
// through ap-opt unchanged except for the tool name: ap-opt is a superset of
// mlir-opt. The second RUN line checks that both tools print the same IR.
// RUN: ap-opt %s --lower-quant-ops --split-input-file | FileCheck %s
// RUN: ap-opt %s --lower-quant-ops --split-input-file > %t.ap
// RUN: mlir-opt %s --lower-quant-ops --split-input-file > %t.mlir
// RUN: diff %t.ap %t.mlir

// CHECK-LABEL: @dcast_per_layer_scalar
// CHECK-SAME: %[[ARG_0:.*]]: !quant.uniform
// CHECK: %[[STORED_INT:.*]] = quant.scast %[[ARG_0]] : !quant.uniform<i8:f32, 2.000000e+00:10> to i8
// CHECK-DAG: %[[SCALE:.*]] = arith.constant 2.000000e+00 : f32
// CHECK-DAG: %[[ZERO_POINT:.*]] = arith.constant 10 : i8
// CHECK: %[[STORED_FLOAT:.*]] = arith.sitofp %[[STORED_INT]] : i8 to f32
// CHECK: %[[ZERO_POINT_FLOAT:.*]] = arith.sitofp %[[ZERO_POINT]] : i8 to f32
// CHECK: %[[SCALED:.*]] = arith.subf %[[STORED_FLOAT]], %[[ZERO_POINT_FLOAT]] : f32
// CHECK: %[[RESULT:.*]] = arith.mulf %[[SCALED]], %[[SCALE]] : f32
// CHECK: return %[[RESULT]] : f32
!qalias = !quant.uniform<i8:f32, 2.0:10>
func.func @dcast_per_layer_scalar(%arg0: !qalias) -> f32 {
  %0 = quant.dcast %arg0 : !qalias to f32
  return %0 : f32
}

// -----

// CHECK-LABEL: @qcast_per_layer_ranked
// CHECK: arith.divf
// CHECK: arith.addf
// CHECK: arith.fptosi
// CHECK: arith.maxsi
// CHECK: arith.minsi
// CHECK: quant.scast %{{.*}} : tensor<3x5xi8> to tensor<3x5x!quant.uniform<i8<-8:7>:f32, 2.000000e+00:10>>
!qalias = !quant.uniform<i8<-8:7>:f32, 2.0:10>
func.func @qcast_per_layer_ranked(%arg0: tensor<3x5xf32>) -> tensor<3x5x!qalias> {
  %0 = quant.qcast %arg0 : tensor<3x5xf32> to tensor<3x5x!qalias>
  return %0 : tensor<3x5x!qalias>
}

// -----

// CHECK-LABEL: @qcast_per_channel_ranked
// CHECK: linalg.generic
// CHECK: arith.divf
// CHECK: quant.scast %{{.*}} : tensor<2x3x4xi8> to tensor<2x3x4x!quant.uniform<i8:f32:1, {2.000000e+00:10,3.000000e+00:20,4.000000e+00:30}>>
!qalias = !quant.uniform<i8:f32:1, {2.0:10, 3.0:20, 4.0:30}>
func.func @qcast_per_channel_ranked(%arg0: tensor<2x3x4xf32>) -> tensor<2x3x4x!qalias> {
  %0 = quant.qcast %arg0 : tensor<2x3x4xf32> to tensor<2x3x4x!qalias>
  return %0 : tensor<2x3x4x!qalias>
}
