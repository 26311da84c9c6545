// The IR ap-assign-precision writes for i8, on a linalg.matmul placed on
// the cpu of the builtin default target (which computes i8 with i32
// accumulators), forced with candidates=i8 and tolerance=inf.
//
// The activation %x has min -1 and max 2.984375 (Inputs/profile.json, value
// main.arg0: a placement's block argument takes the id of the value it
// comes from). Asymmetric minmax i8: scale = (2.984375 - (-1)) / 255 =
// (255/64) / 255 = 1/64 = 0.015625, zero point = -128 - (-1) / (1/64) =
// -64, so !quant.uniform<i8:f32, 1.562500e-02:-64>.
//
// The weight (3x2, K x N) is quantized symmetric per output channel
// (N, the last dimension: axis 1), scale absmax / 127:
//   channel 0: [1.984375, -1.0, 0.5], absmax 127/64: scale 1/64,
//              storage [127, -64, 32];
//   channel 1: [-0.5, 0.25, 3.96875], absmax 127/32: scale 1/32,
//              storage [-16, 8, 127].
// The i32 accumulator sum_k q_x[m, k] q_w[k, c] dequantizes per channel
// (axis 1 of the result) with the scale s_x * s_w[c]: 2^-6 * 2^-6 =
// 2.44140625e-4 and 2^-6 * 2^-5 = 4.8828125e-4, and the zero point
// z_x * sum_k q_w[k, c] that corrects the activation's zero point:
// -64 * (127 - 64 + 32) = -6080 and -64 * (-16 + 8 + 127) = -7616.
// RUN: ap-opt %s --ap-attach-target --ap-assign-precision="sensitivity=%S/Inputs/integer.json profile=%S/Inputs/profile.json tolerance=inf candidates=i8 report=%t.json" \
// RUN:   | FileCheck %s
// RUN: FileCheck %s --check-prefix=REPORT < %t.json

// CHECK-LABEL: func.func @main
// CHECK: ap.placement on @cpu (%[[A:.*]] = %{{.*}})
// CHECK-NEXT: %[[Q:.*]] = ap.quantize %[[A]] : tensor<2x3xf32> -> tensor<2x3x!quant.uniform<i8:f32, 1.562500e-02:-64>>
// CHECK-NEXT: %[[QS:.*]] = quant.scast %[[Q]] : tensor<2x3x!quant.uniform<i8:f32, 1.562500e-02:-64>> to tensor<2x3xi8>
// CHECK-NEXT: %[[W:.*]] = arith.constant dense<{{\[\[}}127, -16], [-64, 8], [32, 127]]> : tensor<3x2xi8>
// CHECK-NEXT: %[[E:.*]] = tensor.empty() : tensor<2x2xi32>
// CHECK-NEXT: %[[ZERO:.*]] = arith.constant 0 : i32
// CHECK-NEXT: %[[C:.*]] = linalg.fill ins(%[[ZERO]] : i32) outs(%[[E]] : tensor<2x2xi32>) -> tensor<2x2xi32>
// CHECK-NEXT: %[[M:.*]] = linalg.matmul ins(%[[QS]], %[[W]] : tensor<2x3xi8>, tensor<3x2xi8>) outs(%[[C]] : tensor<2x2xi32>) -> tensor<2x2xi32>
// CHECK-NEXT: %[[MQ:.*]] = quant.scast %[[M]] : tensor<2x2xi32> to tensor<2x2x!quant.uniform<i32:f32:1, {2.44140625E-4:-6080,4.8828125E-4:-7616}>>
// CHECK-NEXT: %[[R:.*]] = ap.dequantize %[[MQ]] : tensor<2x2x!quant.uniform<i32:f32:1, {2.44140625E-4:-6080,4.8828125E-4:-7616}>> -> tensor<2x2xf32>
// CHECK-NEXT: ap.yield %[[R]] : tensor<2x2xf32>
// The f32 weight and initial value are gone.
// CHECK-NOT: tensor<3x2xf32>
// CHECK-NOT: linalg.fill

// REPORT: "accumulator": "i32",
// REPORT-NEXT: "activations": "i8",
// REPORT: "device": "cpu",
// REPORT: "input": "i8",
// REPORT: "op": "main#1",
// REPORT: "stored": "f32",
// REPORT-NEXT: "weights": "i8"

// weights=per-tensor: one scale for the whole weight, absmax 3.96875 =
// 127/32: 1/32; storage w * 32: [[63.5 -> 64 (half to even), -16],
// [-32, 8], [16, 127]]. The accumulator's scales are all 2^-6 * 2^-5 =
// 4.8828125e-4, but the zero-point corrections still differ per channel:
// -64 * (64 - 32 + 16) = -3072 and -64 * (-16 + 8 + 127) = -7616.
// RUN: ap-opt %s --ap-attach-target --ap-assign-precision="sensitivity=%S/Inputs/integer.json profile=%S/Inputs/profile.json tolerance=inf candidates=i8 weights=per-tensor" \
// RUN:   | FileCheck %s --check-prefix=TENSOR
// TENSOR: arith.constant dense<{{\[\[}}64, -16], [-32, 8], [16, 127]]> : tensor<3x2xi8>
// TENSOR: quant.scast %{{.*}} : tensor<2x2xi32> to tensor<2x2x!quant.uniform<i32:f32:1, {4.8828125E-4:-3072,4.8828125E-4:-7616}>>

func.func @main(%x: tensor<2x3xf32>) -> tensor<2x2xf32> {
  %r = ap.placement on @cpu (%a = %x) : (tensor<2x3xf32>) -> tensor<2x2xf32> {
    %w = arith.constant dense<[[1.984375, -0.5], [-1.0, 0.25], [0.5, 3.96875]]> : tensor<3x2xf32>
    %zero = arith.constant 0.0 : f32
    %e = tensor.empty() : tensor<2x2xf32>
    %c = linalg.fill ins(%zero : f32) outs(%e : tensor<2x2xf32>) -> tensor<2x2xf32>
    %m = linalg.matmul ins(%a, %w : tensor<2x3xf32>, tensor<3x2xf32>)
                       outs(%c : tensor<2x2xf32>) -> tensor<2x2xf32>
    ap.yield %m : tensor<2x2xf32>
  }
  return %r : tensor<2x2xf32>
}
