// Poolings at i8 (forced with candidates=i8, tolerance=inf, on the host of
// Inputs/target.json): max and min commute with the monotonic
// quantization, and a sum of storage values is the sum of the values plus
// the zero point times the window. Both poolings read %x: one shared
// ap.quantize.
//
// Activation (Inputs/profile.json): min -1, max 2.984375: i8 scale 1/64,
// zero point -64 (worked out in rewrite-i8.mlir).
// Max pooling (main#1), initial value -inf: the i32 accumulator starts at
// the quantized -inf, -128 (saturated); it dequantizes with the
// activation's scale and zero point, 1/64 and -64.
// Sum pooling (main#3) over a 2x2 window, initial value 0: the accumulator
// starts at 0 and sums four storage values; zero point 4 * -64 = -256.
// RUN: ap-opt %s --ap-attach-target=path=%S/Inputs/target.json \
// RUN:   --ap-assign-precision="sensitivity=%S/Inputs/integer.json profile=%S/Inputs/profile.json tolerance=inf candidates=i8" \
// RUN:   | FileCheck %s

// CHECK-LABEL: func.func @main
// CHECK-SAME: (%[[X:.*]]: tensor<1x4x4x2xf32>)
// CHECK-NEXT: %[[Q:.*]] = ap.quantize %[[X]] : tensor<1x4x4x2xf32> -> tensor<1x4x4x2x!quant.uniform<i8:f32, 1.562500e-02:-64>>
// CHECK-NEXT: %[[QS:.*]] = quant.scast %[[Q]] : tensor<1x4x4x2x!quant.uniform<i8:f32, 1.562500e-02:-64>> to tensor<1x4x4x2xi8>
// CHECK-NOT: ap.quantize
// CHECK: %[[WIN:.*]] = tensor.empty() : tensor<2x2xf32>
// CHECK: %[[MIN:.*]] = arith.constant -128 : i32
// CHECK: %[[C:.*]] = linalg.fill ins(%[[MIN]] : i32) outs(%{{.*}} : tensor<1x2x2x2xi32>)
// CHECK: %[[P:.*]] = linalg.pooling_nhwc_max {dilations = dense<1> : tensor<2xi64>, strides = dense<2> : tensor<2xi64>} ins(%[[QS]], %[[WIN]] : tensor<1x4x4x2xi8>, tensor<2x2xf32>) outs(%[[C]] : tensor<1x2x2x2xi32>) -> tensor<1x2x2x2xi32>
// CHECK-NEXT: %[[PQ:.*]] = quant.scast %[[P]] : tensor<1x2x2x2xi32> to tensor<1x2x2x2x!quant.uniform<i32:f32, 1.562500e-02:-64>>
// CHECK-NEXT: %[[PR:.*]] = ap.dequantize %[[PQ]] : tensor<1x2x2x2x!quant.uniform<i32:f32, 1.562500e-02:-64>> -> tensor<1x2x2x2xf32>
// CHECK: %[[Z:.*]] = arith.constant 0 : i32
// CHECK: %[[C2:.*]] = linalg.fill ins(%[[Z]] : i32) outs(%{{.*}} : tensor<1x3x3x2xi32>)
// CHECK: %[[S:.*]] = linalg.pooling_nhwc_sum {{.*}} ins(%[[QS]], %[[WIN]] : tensor<1x4x4x2xi8>, tensor<2x2xf32>) outs(%[[C2]] : tensor<1x3x3x2xi32>) -> tensor<1x3x3x2xi32>
// CHECK-NEXT: %[[SQ:.*]] = quant.scast %[[S]] : tensor<1x3x3x2xi32> to tensor<1x3x3x2x!quant.uniform<i32:f32, 1.562500e-02:-256>>
// CHECK-NEXT: %[[SR:.*]] = ap.dequantize %[[SQ]]
// CHECK: return %[[PR]], %[[SR]]

func.func @main(%x: tensor<1x4x4x2xf32>) -> (tensor<1x2x2x2xf32>, tensor<1x3x3x2xf32>) {
  %ninf = arith.constant 0xFF800000 : f32
  %win = tensor.empty() : tensor<2x2xf32>
  %e = tensor.empty() : tensor<1x2x2x2xf32>
  %c = linalg.fill ins(%ninf : f32) outs(%e : tensor<1x2x2x2xf32>) -> tensor<1x2x2x2xf32>
  %p = linalg.pooling_nhwc_max {dilations = dense<1> : tensor<2xi64>, strides = dense<2> : tensor<2xi64>}
         ins(%x, %win : tensor<1x4x4x2xf32>, tensor<2x2xf32>)
         outs(%c : tensor<1x2x2x2xf32>) -> tensor<1x2x2x2xf32>
  %zero = arith.constant 0.0 : f32
  %e2 = tensor.empty() : tensor<1x3x3x2xf32>
  %c2 = linalg.fill ins(%zero : f32) outs(%e2 : tensor<1x3x3x2xf32>) -> tensor<1x3x3x2xf32>
  %s = linalg.pooling_nhwc_sum {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>}
         ins(%x, %win : tensor<1x4x4x2xf32>, tensor<2x2xf32>)
         outs(%c2 : tensor<1x3x3x2xf32>) -> tensor<1x3x3x2xf32>
  return %p, %s : tensor<1x2x2x2xf32>, tensor<1x3x3x2xf32>
}
