// RUN: ap-opt %s --ap-lower-numerics --split-input-file | FileCheck %s

// ap-lower-numerics on linalg ops whose inputs are FP8 tensors widened in
// their bodies (an op on FP8 inputs accumulating in f32, as
// ap-assign-precision writes them): LLVM has no FP8 type, so an FP8 input
// whose block argument is only widened, to one type, is widened once before
// the op (an exact ap.convert, lowered like the others: bitcast to i8 and
// integer decoding; folded for constants), and the op reads the wide
// values. A named op is recreated on the widened inputs; a generic op reads
// them in place of the FP8 ones and loses its arith.extf. Numbers:
// test/Integration/precision/matmul-fp8.test.

// The weight is a constant: widened at compile time, exactly (448 is the
// largest finite f8E4M3FN). The activation is widened at run time.
// CHECK-LABEL: func.func @named_matmul
// CHECK-SAME: (%[[X:.*]]: tensor<2x3xf8E4M3FN>, %[[C:.*]]: tensor<2x4xf32>)
// CHECK: %[[XW:.*]] = linalg.generic {{.*}} ins(%[[X]] : tensor<2x3xf8E4M3FN>) outs(%{{.*}} : tensor<2x3xf32>)
// CHECK: arith.bitcast %{{.*}} : f8E4M3FN to i8
// CHECK: linalg.yield %{{.*}} : f32
// CHECK: %[[W:.*]] = arith.constant dense<{{\[\[}}5.000000e-01, -1.000000e+00, 4.480000e+02, 0.000000e+00], [2.000000e+00, 1.250000e-01, -3.000000e+00, 1.500000e+00], [1.000000e+00, 1.000000e+00, 1.000000e+00, 1.000000e+00]]> : tensor<3x4xf32>
// CHECK: %[[R:.*]] = linalg.matmul ins(%[[XW]], %[[W]] : tensor<2x3xf32>, tensor<3x4xf32>) outs(%[[C]] : tensor<2x4xf32>) -> tensor<2x4xf32>
// CHECK-NOT: arith.extf
// CHECK: return %[[R]]
func.func @named_matmul(%x: tensor<2x3xf8E4M3FN>, %c: tensor<2x4xf32>) -> tensor<2x4xf32> {
  %w = arith.constant dense<[[0.5, -1.0, 448.0, 0.0], [2.0, 0.125, -3.0, 1.5], [1.0, 1.0, 1.0, 1.0]]> : tensor<3x4xf8E4M3FN>
  %r = linalg.matmul ins(%x, %w : tensor<2x3xf8E4M3FN>, tensor<3x4xf8E4M3FN>)
                     outs(%c : tensor<2x4xf32>) -> tensor<2x4xf32>
  return %r : tensor<2x4xf32>
}

// -----

// A convolution on FP8 inputs accumulating in f32 (the filter an argument:
// widened at run time too).
// CHECK-LABEL: func.func @named_conv
// CHECK-SAME: (%[[X:.*]]: tensor<1x4x4x2xf8E5M2>, %[[F:.*]]: tensor<2x2x2x3xf8E5M2>, %[[C:.*]]: tensor<1x3x3x3xf32>)
// CHECK: %[[XW:.*]] = linalg.generic {{.*}} ins(%[[X]] : tensor<1x4x4x2xf8E5M2>) outs(%{{.*}} : tensor<1x4x4x2xf32>)
// CHECK: %[[FW:.*]] = linalg.generic {{.*}} ins(%[[F]] : tensor<2x2x2x3xf8E5M2>) outs(%{{.*}} : tensor<2x2x2x3xf32>)
// CHECK: linalg.conv_2d_nhwc_hwcf {{.*}} ins(%[[XW]], %[[FW]] : tensor<1x4x4x2xf32>, tensor<2x2x2x3xf32>) outs(%[[C]] : tensor<1x3x3x3xf32>)
// CHECK-NOT: arith.extf
func.func @named_conv(%x: tensor<1x4x4x2xf8E5M2>, %f: tensor<2x2x2x3xf8E5M2>, %c: tensor<1x3x3x3xf32>) -> tensor<1x3x3x3xf32> {
  %r = linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>}
         ins(%x, %f : tensor<1x4x4x2xf8E5M2>, tensor<2x2x2x3xf8E5M2>)
         outs(%c : tensor<1x3x3x3xf32>) -> tensor<1x3x3x3xf32>
  return %r : tensor<1x3x3x3xf32>
}

// -----

// A generic contraction whose body widens two FP8 formats with arith.extf:
// the inputs are widened before it and the body computes on f32 block
// arguments, without extf.
#a = affine_map<(m, n, k) -> (m, k)>
#b = affine_map<(m, n, k) -> (k, n)>
#c = affine_map<(m, n, k) -> (m, n)>
// CHECK-LABEL: func.func @generic_contraction
// CHECK-SAME: (%[[X:.*]]: tensor<2x3xf8E5M2>, %[[W:.*]]: tensor<3x4xf8E4M3FN>, %[[C:.*]]: tensor<2x4xf32>)
// CHECK: %[[XW:.*]] = linalg.generic {{.*}} ins(%[[X]] : tensor<2x3xf8E5M2>) outs(%{{.*}} : tensor<2x3xf32>)
// CHECK: %[[WW:.*]] = linalg.generic {{.*}} ins(%[[W]] : tensor<3x4xf8E4M3FN>) outs(%{{.*}} : tensor<3x4xf32>)
// CHECK: linalg.generic {{.*}} iterator_types = ["parallel", "parallel", "reduction"]} ins(%[[XW]], %[[WW]] : tensor<2x3xf32>, tensor<3x4xf32>) outs(%[[C]] : tensor<2x4xf32>)
// CHECK-NEXT: ^bb0(%[[P:.*]]: f32, %[[Q:.*]]: f32, %[[ACC:.*]]: f32):
// CHECK-NEXT: %[[M:.*]] = arith.mulf %[[P]], %[[Q]] : f32
// CHECK-NEXT: %[[S:.*]] = arith.addf %[[ACC]], %[[M]] : f32
// CHECK-NEXT: linalg.yield %[[S]] : f32
func.func @generic_contraction(%x: tensor<2x3xf8E5M2>, %w: tensor<3x4xf8E4M3FN>, %c: tensor<2x4xf32>) -> tensor<2x4xf32> {
  %g = linalg.generic {indexing_maps = [#a, #b, #c],
                       iterator_types = ["parallel", "parallel", "reduction"]}
      ins(%x, %w : tensor<2x3xf8E5M2>, tensor<3x4xf8E4M3FN>)
      outs(%c : tensor<2x4xf32>) {
  ^bb0(%p: f8E5M2, %q: f8E4M3FN, %acc: f32):
    %pw = arith.extf %p : f8E5M2 to f32
    %qw = arith.extf %q : f8E4M3FN to f32
    %m = arith.mulf %pw, %qw : f32
    %s = arith.addf %acc, %m : f32
    linalg.yield %s : f32
  } -> tensor<2x4xf32>
  return %g : tensor<2x4xf32>
}

// -----

// An input widened to f16 only is widened to f16 before the op; the f16
// extension to f32 in the body stays (LLVM has f16).
// CHECK-LABEL: func.func @widened_to_f16
// CHECK-SAME: (%[[X:.*]]: tensor<4xf8E4M3FN>, %[[C:.*]]: tensor<4xf32>)
// CHECK: %[[XH:.*]] = linalg.generic {{.*}} ins(%[[X]] : tensor<4xf8E4M3FN>) outs(%{{.*}} : tensor<4xf16>)
// CHECK: linalg.generic {{.*}} ins(%[[XH]] : tensor<4xf16>) outs(%[[C]] : tensor<4xf32>)
// CHECK-NEXT: ^bb0(%[[P:.*]]: f16, %{{.*}}: f32):
// CHECK-NEXT: %[[E:.*]] = arith.extf %[[P]] : f16 to f32
// CHECK-NEXT: linalg.yield %[[E]] : f32
func.func @widened_to_f16(%x: tensor<4xf8E4M3FN>, %c: tensor<4xf32>) -> tensor<4xf32> {
  %g = linalg.generic {indexing_maps = [affine_map<(i) -> (i)>, affine_map<(i) -> (i)>],
                       iterator_types = ["parallel"]}
      ins(%x : tensor<4xf8E4M3FN>) outs(%c : tensor<4xf32>) {
  ^bb0(%p: f8E4M3FN, %o: f32):
    %h = arith.extf %p : f8E4M3FN to f16
    %e = arith.extf %h : f16 to f32
    linalg.yield %e : f32
  } -> tensor<4xf32>
  return %g : tensor<4xf32>
}

// -----

// An FP8 block argument that is also yielded as it is (copied to an FP8
// result) is not widened before the op: the body keeps it, and its
// arith.extf is emulated in place on the encoding (bitcast to i8, integer
// decoding, bitcast of the f32 bits).
// CHECK-LABEL: func.func @widen_and_copy
// CHECK-SAME: (%[[X:.*]]: tensor<4xf8E4M3FN>)
// CHECK: linalg.generic {{.*}} ins(%[[X]] : tensor<4xf8E4M3FN>) outs(%{{.*}}, %{{.*}} : tensor<4xf32>, tensor<4xf8E4M3FN>)
// CHECK-NEXT: ^bb0(%[[P:.*]]: f8E4M3FN, %{{.*}}: f32, %{{.*}}: f8E4M3FN):
// CHECK-NEXT: arith.bitcast %[[P]] : f8E4M3FN to i8
// CHECK-NOT: arith.extf
// CHECK: %[[F:.*]] = arith.bitcast %{{.*}} : i32 to f32
// CHECK-NEXT: linalg.yield %[[F]], %[[P]] : f32, f8E4M3FN
func.func @widen_and_copy(%x: tensor<4xf8E4M3FN>) -> (tensor<4xf32>, tensor<4xf8E4M3FN>) {
  %e = tensor.empty() : tensor<4xf32>
  %e8 = tensor.empty() : tensor<4xf8E4M3FN>
  %g:2 = linalg.generic {indexing_maps = [affine_map<(i) -> (i)>, affine_map<(i) -> (i)>, affine_map<(i) -> (i)>],
                         iterator_types = ["parallel"]}
      ins(%x : tensor<4xf8E4M3FN>) outs(%e, %e8 : tensor<4xf32>, tensor<4xf8E4M3FN>) {
  ^bb0(%p: f8E4M3FN, %o: f32, %o8: f8E4M3FN):
    %w = arith.extf %p : f8E4M3FN to f32
    linalg.yield %w, %p : f32, f8E4M3FN
  } -> (tensor<4xf32>, tensor<4xf8E4M3FN>)
  return %g#0, %g#1 : tensor<4xf32>, tensor<4xf8E4M3FN>
}
