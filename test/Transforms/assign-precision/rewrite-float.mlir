// The IR ap-assign-precision writes for each floating-point precision, on a
// linalg.matmul (main#1) and a linalg.conv_2d_nhwc_hwcf (main#3) with
// constant weights, forced with candidates=P and tolerance=inf
// (Inputs/rewrite.json gives every precision a loss). The activations
// become `ap.convert ... saturate` to P (run time); the weights become
// constants of P (converted at compile time, nearest even, saturating);
// the ops compute on P inputs into their f32 initial values. The weight
// values, worked out by hand:
//   0.1:    f16 0.0999755859375 (1638/16384), bf16 0.10009765625 (205/2048),
//           f8E4M3FN 0.1015625 (13/128), f8E5M2 0.09375 (3/32)
//   1000:   f16 and bf16 1000 (exact), f8E4M3FN 448 (saturated: the
//           largest finite), f8E5M2 1024
//   -500:   f16, bf16 -500, f8E4M3FN -448, f8E5M2 -512
//   1.0e-3: f16 1.0004043579e-3 (1049/2^20), bf16 9.9945068e-4 (131/2^17),
//           f8E4M3FN 1.953125e-3 (the subnormal 2^-9: 1.0e-3 is above
//           half of it), f8E5M2 9.765625e-4 (2^-10)
//   3.0:    exact in every format.

// RUN: ap-opt %s --ap-attach-target=path=%S/Inputs/target.json \
// RUN:   --ap-assign-precision="sensitivity=%S/Inputs/rewrite.json tolerance=inf candidates=f16" \
// RUN:   | FileCheck %s --check-prefix=F16
// RUN: ap-opt %s --ap-attach-target=path=%S/Inputs/target.json \
// RUN:   --ap-assign-precision="sensitivity=%S/Inputs/rewrite.json tolerance=inf candidates=bf16" \
// RUN:   | FileCheck %s --check-prefix=BF16
// RUN: ap-opt %s --ap-attach-target=path=%S/Inputs/target.json \
// RUN:   --ap-assign-precision="sensitivity=%S/Inputs/rewrite.json tolerance=inf candidates=f8E4M3FN" \
// RUN:   | FileCheck %s --check-prefix=E4M3
// RUN: ap-opt %s --ap-attach-target=path=%S/Inputs/target.json \
// RUN:   --ap-assign-precision="sensitivity=%S/Inputs/rewrite.json tolerance=inf candidates=f8E5M2" \
// RUN:   | FileCheck %s --check-prefix=E5M2

// F16-LABEL: func.func @main
// F16-SAME: (%[[X:.*]]: tensor<2x3xf32>, %[[IMG:.*]]: tensor<1x3x3x2xf32>)
// F16-DAG: %[[IMGH:.*]] = ap.convert %[[IMG]] saturate : tensor<1x3x3x2xf32> -> tensor<1x3x3x2xf16>
// F16-DAG: %[[XH:.*]] = ap.convert %[[X]] saturate : tensor<2x3xf32> -> tensor<2x3xf16>
// F16-DAG: %[[W:.*]] = arith.constant dense<{{\[\[}}9.997550e-02, 1.000000e+03], [-9.997550e-02, 3.000000e+00], [1.000400e-03, -5.000000e+02]]> : tensor<3x2xf16>
// F16-DAG: %[[ZERO:.*]] = arith.constant 0.000000e+00 : f32
// F16: %[[C:.*]] = linalg.fill ins(%[[ZERO]] : f32) outs(%{{.*}} : tensor<2x2xf32>)
// F16: %[[M:.*]] = linalg.matmul ins(%[[XH]], %[[W]] : tensor<2x3xf16>, tensor<3x2xf16>) outs(%[[C]] : tensor<2x2xf32>) -> tensor<2x2xf32>
// F16: %[[F:.*]] = arith.constant dense<9.997550e-02> : tensor<2x2x2x2xf16>
// F16: %[[CI:.*]] = linalg.fill ins(%[[ZERO]] : f32) outs(%{{.*}} : tensor<1x2x2x2xf32>)
// F16: %[[V:.*]] = linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%[[IMGH]], %[[F]] : tensor<1x3x3x2xf16>, tensor<2x2x2x2xf16>) outs(%[[CI]] : tensor<1x2x2x2xf32>) -> tensor<1x2x2x2xf32>
// F16: return %[[M]], %[[V]] : tensor<2x2xf32>, tensor<1x2x2x2xf32>
// The f32 weights are gone.
// F16-NOT: xf32>

// BF16-DAG: ap.convert %{{.*}} saturate : tensor<1x3x3x2xf32> -> tensor<1x3x3x2xbf16>
// BF16-DAG: ap.convert %{{.*}} saturate : tensor<2x3xf32> -> tensor<2x3xbf16>
// BF16-DAG: arith.constant dense<{{\[\[}}1.000980e-01, 1.000000e+03], [-1.000980e-01, 3.000000e+00], [9.994500e-04, -5.000000e+02]]> : tensor<3x2xbf16>
// BF16: linalg.matmul ins(%{{.*}}, %{{.*}} : tensor<2x3xbf16>, tensor<3x2xbf16>) outs(%{{.*}} : tensor<2x2xf32>)
// BF16: arith.constant dense<1.000980e-01> : tensor<2x2x2x2xbf16>
// BF16: linalg.conv_2d_nhwc_hwcf {{.*}} ins(%{{.*}}, %{{.*}} : tensor<1x3x3x2xbf16>, tensor<2x2x2x2xbf16>) outs(%{{.*}} : tensor<1x2x2x2xf32>)

// E4M3-DAG: ap.convert %{{.*}} saturate : tensor<1x3x3x2xf32> -> tensor<1x3x3x2xf8E4M3FN>
// E4M3-DAG: ap.convert %{{.*}} saturate : tensor<2x3xf32> -> tensor<2x3xf8E4M3FN>
// E4M3-DAG: arith.constant dense<{{\[\[}}1.015630e-01, 4.480000e+02], [-1.015630e-01, 3.000000e+00], [1.953130e-03, -4.480000e+02]]> : tensor<3x2xf8E4M3FN>
// E4M3: linalg.matmul ins(%{{.*}}, %{{.*}} : tensor<2x3xf8E4M3FN>, tensor<3x2xf8E4M3FN>) outs(%{{.*}} : tensor<2x2xf32>)
// E4M3: arith.constant dense<1.015630e-01> : tensor<2x2x2x2xf8E4M3FN>
// E4M3: linalg.conv_2d_nhwc_hwcf {{.*}} ins(%{{.*}}, %{{.*}} : tensor<1x3x3x2xf8E4M3FN>, tensor<2x2x2x2xf8E4M3FN>) outs(%{{.*}} : tensor<1x2x2x2xf32>)

// E5M2-DAG: ap.convert %{{.*}} saturate : tensor<1x3x3x2xf32> -> tensor<1x3x3x2xf8E5M2>
// E5M2-DAG: ap.convert %{{.*}} saturate : tensor<2x3xf32> -> tensor<2x3xf8E5M2>
// E5M2-DAG: arith.constant dense<{{\[\[}}9.375000e-02, 1.024000e+03], [-9.375000e-02, 3.000000e+00], [9.765620e-04, -5.120000e+02]]> : tensor<3x2xf8E5M2>
// E5M2: linalg.matmul ins(%{{.*}}, %{{.*}} : tensor<2x3xf8E5M2>, tensor<3x2xf8E5M2>) outs(%{{.*}} : tensor<2x2xf32>)
// E5M2: arith.constant dense<9.375000e-02> : tensor<2x2x2x2xf8E5M2>
// E5M2: linalg.conv_2d_nhwc_hwcf {{.*}} ins(%{{.*}}, %{{.*}} : tensor<1x3x3x2xf8E5M2>, tensor<2x2x2x2xf8E5M2>) outs(%{{.*}} : tensor<1x2x2x2xf32>)

func.func @main(%x: tensor<2x3xf32>, %img: tensor<1x3x3x2xf32>) -> (tensor<2x2xf32>, tensor<1x2x2x2xf32>) {
  %w = arith.constant dense<[[0.1, 1000.0], [-0.1, 3.0], [1.0e-3, -500.0]]> : tensor<3x2xf32>
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<2x2xf32>
  %c = linalg.fill ins(%zero : f32) outs(%e : tensor<2x2xf32>) -> tensor<2x2xf32>
  %m = linalg.matmul ins(%x, %w : tensor<2x3xf32>, tensor<3x2xf32>)
                     outs(%c : tensor<2x2xf32>) -> tensor<2x2xf32>
  %f = arith.constant dense<0.1> : tensor<2x2x2x2xf32>
  %ei = tensor.empty() : tensor<1x2x2x2xf32>
  %ci = linalg.fill ins(%zero : f32) outs(%ei : tensor<1x2x2x2xf32>) -> tensor<1x2x2x2xf32>
  %v = linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>}
         ins(%img, %f : tensor<1x3x3x2xf32>, tensor<2x2x2x2xf32>)
         outs(%ci : tensor<1x2x2x2xf32>) -> tensor<1x2x2x2xf32>
  return %m, %v : tensor<2x2xf32>, tensor<1x2x2x2xf32>
}
