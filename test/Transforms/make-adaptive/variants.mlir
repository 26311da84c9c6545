// ap-make-adaptive on one matmul (the input of test/Transforms/
// assign-precision/rewrite-i8.mlir) on an accelerator that computes f32, f16
// and i8: the switch point has the three variants, each the op rewritten as
// ap-assign-precision rewrites it (i8: activation scale 1/64, zero point
// -64 from the profile's range [-1, 2.984375]; weights per channel, worked
// out in rewrite-i8.mlir), the losses of the sensitivity file, and a probe
// per narrower variant and metric on the activation.
// RUN: ap-opt %s --ap-attach-target="path=%S/Inputs/target.json" --ap-make-adaptive="sensitivity=%S/Inputs/sensitivity.json profile=%S/../assign-precision/Inputs/profile.json min-saving=0" | FileCheck %s
// RUN: ap-opt %s --ap-attach-target="path=%S/Inputs/target.json" --ap-make-adaptive="sensitivity=%S/Inputs/sensitivity.json profile=%S/../assign-precision/Inputs/profile.json min-saving=0 precisions=f32,i8 default=cheapest probes=false" | FileCheck %s --check-prefix=OPTIONS
// RUN: ap-opt %s --ap-attach-target="path=%S/Inputs/target.json" --ap-make-adaptive="sensitivity=%S/Inputs/sensitivity.json profile=%S/../assign-precision/Inputs/profile.json min-saving=0 max-loss=0.005 metrics=entropy sample-rate=0.5" | FileCheck %s --check-prefix=LOSS
// The cheapest variant saves less than half of the f32 kernel's time (the
// launch overhead dominates): min-saving=0.5 leaves the op alone.
// RUN: ap-opt %s --ap-attach-target="path=%S/Inputs/target.json" --ap-make-adaptive="sensitivity=%S/Inputs/sensitivity.json profile=%S/../assign-precision/Inputs/profile.json min-saving=0.5" | FileCheck %s --check-prefix=NONE

// CHECK-LABEL: func.func @main
// CHECK-SAME: (%[[X:.*]]: tensor<2x3xf32>)
// CHECK-NEXT: ap.probe sqnr %[[X]] as f16 id "main#1.in0.f16.sqnr" for "main#1" sample_rate 6.250000e-02 : tensor<2x3xf32>
// CHECK-NEXT: ap.probe saturation_rate %[[X]] as f16 id "main#1.in0.f16.saturation_rate" for "main#1" sample_rate 6.250000e-02 : tensor<2x3xf32>
// CHECK-NEXT: ap.probe sqnr %[[X]] as !quant.uniform<i8:f32, 1.562500e-02:-64> id "main#1.in0.i8.sqnr" for "main#1" sample_rate 6.250000e-02 : tensor<2x3xf32>
// CHECK-NEXT: ap.probe saturation_rate %[[X]] as !quant.uniform<i8:f32, 1.562500e-02:-64> id "main#1.in0.i8.saturation_rate" for "main#1" sample_rate 6.250000e-02 : tensor<2x3xf32>
// CHECK-NEXT: %[[R:.*]] = ap.adaptive "main#1" default 0 losses [0.000000e+00, 1.000000e-03, 1.000000e-02] (%[[X]]) : (tensor<2x3xf32>) -> tensor<2x2xf32>
// CHECK-NEXT: variant f32 {
// CHECK-NEXT: ^bb0(%[[A:.*]]: tensor<2x3xf32>):
// CHECK-NEXT: %[[W:.*]] = arith.constant dense<{{\[\[}}1.984375, -5.000000e-01], [-1.000000e+00, 2.500000e-01], [5.000000e-01, 3.968750e+00]]> : tensor<3x2xf32>
// CHECK:      linalg.fill {ap.cost_key = "main#1.f32#0"}
// CHECK-NEXT: %[[M:.*]] = linalg.matmul {ap.cost_key = "main#1.f32#1"} ins(%[[A]], %[[W]] : tensor<2x3xf32>, tensor<3x2xf32>)
// CHECK-NEXT: ap.yield %[[M]] : tensor<2x2xf32>
// CHECK-NEXT: }
// CHECK-NEXT: variant f16 {
// CHECK-NEXT: ^bb0(%[[A:.*]]: tensor<2x3xf32>):
// CHECK-NEXT: %[[H:.*]] = ap.convert %[[A]] saturate {ap.cost_key = "main#1.f16#0"} : tensor<2x3xf32> -> tensor<2x3xf16>
// CHECK-NEXT: %[[W:.*]] = arith.constant dense<{{\[\[}}1.984380e+00, -5.000000e-01], [-1.000000e+00, 2.500000e-01], [5.000000e-01, 3.968750e+00]]> : tensor<3x2xf16>
// CHECK:      linalg.matmul {ap.cost_key = "main#1.f16#2"} ins(%[[H]], %[[W]] : tensor<2x3xf16>, tensor<3x2xf16>)
// CHECK:      variant i8 {
// CHECK-NEXT: ^bb0(%[[A:.*]]: tensor<2x3xf32>):
// CHECK-NEXT: ap.quantize %[[A]] {ap.cost_key = "main#1.i8#0"} : tensor<2x3xf32> -> tensor<2x3x!quant.uniform<i8:f32, 1.562500e-02:-64>>
// CHECK:      arith.constant dense<{{\[\[}}127, -16], [-64, 8], [32, 127]]> : tensor<3x2xi8>
// CHECK:      linalg.matmul {ap.cost_key = "main#1.i8#2"}
// CHECK:      ap.dequantize {{.*}} : tensor<2x2x!quant.uniform<i32:f32:1, {2.44140625E-4:-6080,4.8828125E-4:-7616}>> -> tensor<2x2xf32>
// CHECK:      return %[[R]] : tensor<2x2xf32>
// The f32 weight outside the switch point is gone.
// CHECK-NOT: arith.constant

// OPTIONS-NOT: ap.probe
// OPTIONS: ap.adaptive "main#1" default 1 losses [0.000000e+00, 1.000000e-02]
// OPTIONS: variant f32
// OPTIONS: variant i8
// OPTIONS-NOT: variant

// LOSS-COUNT-1: ap.probe entropy
// LOSS-SAME: as f16 id "main#1.in0.f16.entropy" for "main#1" sample_rate 5.000000e-01
// LOSS-NOT: ap.probe
// LOSS: ap.adaptive "main#1" default 0 losses [0.000000e+00, 1.000000e-03]

// NONE-NOT: ap.adaptive
// NONE: linalg.matmul

func.func @main(%x: tensor<2x3xf32>) -> tensor<2x2xf32> {
  %w = arith.constant dense<[[1.984375, -0.5], [-1.0, 0.25], [0.5, 3.96875]]> : tensor<3x2xf32>
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<2x2xf32>
  %c = linalg.fill ins(%zero : f32) outs(%e : tensor<2x2xf32>) -> tensor<2x2xf32>
  %m = linalg.matmul ins(%x, %w : tensor<2x3xf32>, tensor<3x2xf32>)
                     outs(%c : tensor<2x2xf32>) -> tensor<2x2xf32>
  return %m : tensor<2x2xf32>
}
