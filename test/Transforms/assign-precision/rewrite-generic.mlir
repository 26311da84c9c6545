// A site that is a linalg.generic contraction (no named op whose
// definition rebuilds the body), forced to f16 and to i8 on the host of
// Inputs/target.json. At f16 the body keeps its f32 arithmetic on block
// arguments of f16 extended with arith.extf (exact); at i8 it becomes the
// integer multiply-accumulate: storage values sign-extended to the i32
// accumulator. Quantization as in rewrite-i8.mlir (same activation
// statistics and weight).
// RUN: ap-opt %s --ap-attach-target=path=%S/Inputs/target.json \
// RUN:   --ap-assign-precision="sensitivity=%S/Inputs/integer.json tolerance=inf candidates=f16" 2>/dev/null \
// RUN:   | FileCheck %s --check-prefix=F16
// RUN: ap-opt %s --ap-attach-target=path=%S/Inputs/target.json \
// RUN:   --ap-assign-precision="sensitivity=%S/Inputs/integer.json profile=%S/Inputs/profile.json tolerance=inf candidates=i8" 2>/dev/null \
// RUN:   | FileCheck %s --check-prefix=I8

// F16: %[[X:.*]] = ap.convert %{{.*}} saturate : tensor<2x3xf32> -> tensor<2x3xf16>
// F16: %[[W:.*]] = arith.constant dense<{{.*}}> : tensor<3x2xf16>
// F16: linalg.generic {{.*}} ins(%[[X]], %[[W]] : tensor<2x3xf16>, tensor<3x2xf16>) outs(%{{.*}} : tensor<2x2xf32>)
// F16-NEXT: ^bb0(%[[P:.*]]: f16, %[[Q:.*]]: f16, %[[ACC:.*]]: f32):
// F16-NEXT: %[[PW:.*]] = arith.extf %[[P]] : f16 to f32
// F16-NEXT: %[[QW:.*]] = arith.extf %[[Q]] : f16 to f32
// F16-NEXT: %[[M:.*]] = arith.mulf %[[PW]], %[[QW]] : f32
// F16-NEXT: %[[S:.*]] = arith.addf %[[ACC]], %[[M]] : f32
// F16-NEXT: linalg.yield %[[S]] : f32

// I8: %[[Q:.*]] = ap.quantize %{{.*}} : tensor<2x3xf32> -> tensor<2x3x!quant.uniform<i8:f32, 1.562500e-02:-64>>
// I8: %[[X:.*]] = quant.scast %[[Q]]
// I8: %[[W:.*]] = arith.constant dense<{{\[\[}}127, -16], [-64, 8], [32, 127]]> : tensor<3x2xi8>
// I8: %[[C:.*]] = linalg.fill ins(%{{.*}} : i32) outs(%{{.*}} : tensor<2x2xi32>)
// I8: %[[G:.*]] = linalg.generic {{.*}} ins(%[[X]], %[[W]] : tensor<2x3xi8>, tensor<3x2xi8>) outs(%[[C]] : tensor<2x2xi32>)
// I8-NEXT: ^bb0(%[[P:.*]]: i8, %[[Q:.*]]: i8, %[[ACC:.*]]: i32):
// I8-NEXT: %[[PW:.*]] = arith.extsi %[[P]] : i8 to i32
// I8-NEXT: %[[QW:.*]] = arith.extsi %[[Q]] : i8 to i32
// I8-NEXT: %[[M:.*]] = arith.muli %[[PW]], %[[QW]] : i32
// I8-NEXT: %[[S:.*]] = arith.addi %[[ACC]], %[[M]] : i32
// I8-NEXT: linalg.yield %[[S]] : i32
// I8: quant.scast %[[G]] : tensor<2x2xi32> to tensor<2x2x!quant.uniform<i32:f32:1, {2.44140625E-4:-6080,4.8828125E-4:-7616}>>
// I8-NEXT: ap.dequantize

#a = affine_map<(m, n, k) -> (m, k)>
#b = affine_map<(m, n, k) -> (k, n)>
#c = affine_map<(m, n, k) -> (m, n)>
func.func @main(%x: tensor<2x3xf32>) -> tensor<2x2xf32> {
  %w = arith.constant dense<[[1.984375, -0.5], [-1.0, 0.25], [0.5, 3.96875]]> : tensor<3x2xf32>
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<2x2xf32>
  %c = linalg.fill ins(%zero : f32) outs(%e : tensor<2x2xf32>) -> tensor<2x2xf32>
  %g = linalg.generic {indexing_maps = [#a, #b, #c], iterator_types = ["parallel", "parallel", "reduction"]}
      ins(%x, %w : tensor<2x3xf32>, tensor<3x2xf32>) outs(%c : tensor<2x2xf32>) {
  ^bb0(%p: f32, %q: f32, %acc: f32):
    %m = arith.mulf %p, %q : f32
    %s = arith.addf %acc, %m : f32
    linalg.yield %s : f32
  } -> tensor<2x2xf32>
  return %g : tensor<2x2xf32>
}
