// The IR ap-assign-precision writes for i4, forced with candidates=i4 and
// tolerance=inf, on the host of Inputs/target.json (which computes i4 with
// i32 accumulators; no builtin target has a device that computes both i4
// and f32, which the quantization of an f32 activation needs).
//
// Activation (Inputs/profile.json): min -1, max 2.984375. Asymmetric
// minmax i4 (storage -8..7): scale = (255/64) / 15 = 17/64 = 0.265625,
// zero point = round(-8 - (-1) / (17/64)) = round(-8 + 3.76...) = -4.
// Weight (3x2), symmetric per output channel, scale absmax / 7:
//   channel 0: [0.875, -0.5, 0.25], scale 1/8: storage [7, -4, 2];
//   channel 1: [-0.25, 1.75, 0.5], scale 1/4: storage [-1, 7, 2].
// Accumulator: scales 17/64 * 1/8 = 0.033203125 and 17/64 * 1/4 =
// 0.06640625, zero points -4 * (7 - 4 + 2) = -20 and -4 * (-1 + 7 + 2) =
// -32.
// RUN: ap-opt %s --ap-attach-target=path=%S/Inputs/target.json \
// RUN:   --ap-assign-precision="sensitivity=%S/Inputs/integer.json profile=%S/Inputs/profile.json tolerance=inf candidates=i4" \
// RUN:   | FileCheck %s

// CHECK-LABEL: func.func @main
// CHECK-SAME: (%[[X:.*]]: tensor<2x3xf32>)
// CHECK-NEXT: %[[Q:.*]] = ap.quantize %[[X]] : tensor<2x3xf32> -> tensor<2x3x!quant.uniform<i4:f32, 2.656250e-01:-4>>
// CHECK-NEXT: %[[QS:.*]] = quant.scast %[[Q]] : tensor<2x3x!quant.uniform<i4:f32, 2.656250e-01:-4>> to tensor<2x3xi4>
// CHECK-NEXT: %[[W:.*]] = arith.constant dense<{{\[\[}}7, -1], [-4, 7], [2, 2]]> : tensor<3x2xi4>
// CHECK: %[[C:.*]] = linalg.fill ins(%{{.*}} : i32) outs(%{{.*}} : tensor<2x2xi32>) -> tensor<2x2xi32>
// CHECK-NEXT: %[[M:.*]] = linalg.matmul ins(%[[QS]], %[[W]] : tensor<2x3xi4>, tensor<3x2xi4>) outs(%[[C]] : tensor<2x2xi32>) -> tensor<2x2xi32>
// CHECK-NEXT: %[[MQ:.*]] = quant.scast %[[M]] : tensor<2x2xi32> to tensor<2x2x!quant.uniform<i32:f32:1, {0.033203125:-20,0.06640625:-32}>>
// CHECK-NEXT: %[[R:.*]] = ap.dequantize %[[MQ]] : tensor<2x2x!quant.uniform<i32:f32:1, {0.033203125:-20,0.06640625:-32}>> -> tensor<2x2xf32>
// CHECK-NEXT: return %[[R]] : tensor<2x2xf32>

func.func @main(%x: tensor<2x3xf32>) -> tensor<2x2xf32> {
  %w = arith.constant dense<[[0.875, -0.25], [-0.5, 1.75], [0.25, 0.5]]> : tensor<3x2xf32>
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<2x2xf32>
  %c = linalg.fill ins(%zero : f32) outs(%e : tensor<2x2xf32>) -> tensor<2x2xf32>
  %m = linalg.matmul ins(%x, %w : tensor<2x3xf32>, tensor<3x2xf32>)
                     outs(%c : tensor<2x2xf32>) -> tensor<2x2xf32>
  return %m : tensor<2x2xf32>
}
