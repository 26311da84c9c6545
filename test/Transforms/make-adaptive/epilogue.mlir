// ap-make-adaptive takes a site's epilogue into its variants: the bias add
// and the ReLU after the matmul (each reading the previous result, its only
// use) follow the rewritten matmul in every variant, unchanged, so that
// kernel fusion still launches them with it; the switch point yields the
// ReLU's result. The input has 400 x 64 = 25,600 elements: every 16th (the
// sample-rate) would be 1,600; with max-samples 1024 a probe samples every
// ceil(25600 / 1024) = 25th element (rate 0.04); with max-samples=0 every
// 16th.
// RUN: ap-opt %s --ap-attach-target="path=%S/Inputs/target.json" --ap-make-adaptive="sensitivity=%S/Inputs/sensitivity.json profile=%S/../assign-precision/Inputs/profile.json min-saving=0 precisions=f32,f16 metrics=sqnr" | FileCheck %s
// RUN: ap-opt %s --ap-attach-target="path=%S/Inputs/target.json" --ap-make-adaptive="sensitivity=%S/Inputs/sensitivity.json profile=%S/../assign-precision/Inputs/profile.json min-saving=0 precisions=f32,f16 metrics=sqnr max-samples=0" | FileCheck %s --check-prefix=UNLIMITED
// RUN: not ap-opt %s --ap-attach-target="path=%S/Inputs/target.json" --ap-make-adaptive="sensitivity=%S/Inputs/sensitivity.json profile=%S/../assign-precision/Inputs/profile.json max-samples=-1" 2>&1 | FileCheck %s --check-prefix=NEGATIVE

// CHECK-LABEL: func.func @main
// CHECK-SAME: (%[[X:.*]]: tensor<400x64xf32>)
// CHECK-NEXT: ap.probe sqnr %[[X]] as f16 id "main#1.in0.f16.sqnr" for "main#1" sample_rate 4.000000e-02 : tensor<400x64xf32>
// CHECK-NEXT: %[[R:.*]] = ap.adaptive "main#1" default 0 losses [0.000000e+00, 1.000000e-03] (%[[X]]) : (tensor<400x64xf32>) -> tensor<400x2xf32>
// CHECK-NEXT: variant f32 {
// CHECK:      %[[M:.*]] = linalg.matmul {ap.cost_key = "main#1.f32#1"}
// CHECK-NEXT: %[[B:.*]] = linalg.add {ap.cost_key = "main#1.f32#2"} ins(%[[M]], %{{.*}} : tensor<400x2xf32>, tensor<400x2xf32>)
// CHECK-NEXT: %[[Y:.*]] = linalg.max {ap.cost_key = "main#1.f32#3"} ins(%[[B]], %{{.*}} : tensor<400x2xf32>, tensor<400x2xf32>)
// CHECK-NEXT: ap.yield %[[Y]] : tensor<400x2xf32>
// CHECK-NEXT: }
// CHECK-NEXT: variant f16 {
// CHECK:      %[[M:.*]] = linalg.matmul {ap.cost_key = "main#1.f16#2"} ins(%{{.*}}, %{{.*}} : tensor<400x64xf16>, tensor<64x2xf16>)
// CHECK-NEXT: %[[B:.*]] = linalg.add {ap.cost_key = "main#1.f16#3"} ins(%[[M]], %{{.*}} : tensor<400x2xf32>, tensor<400x2xf32>)
// CHECK-NEXT: %[[Y:.*]] = linalg.max {ap.cost_key = "main#1.f16#4"} ins(%[[B]], %{{.*}} : tensor<400x2xf32>, tensor<400x2xf32>)
// CHECK-NEXT: ap.yield %[[Y]] : tensor<400x2xf32>
// CHECK-NEXT: }
// CHECK-NEXT: return %[[R]] : tensor<400x2xf32>

// UNLIMITED: sample_rate 6.250000e-02 : tensor<400x64xf32>

// NEGATIVE: ap-make-adaptive: max-samples=-1: expected a number of elements >= 0

func.func @main(%x: tensor<400x64xf32>) -> tensor<400x2xf32> {
  %w = arith.constant dense<0.5> : tensor<64x2xf32>
  %bias = arith.constant dense<0.25> : tensor<400x2xf32>
  %zero = arith.constant 0.0 : f32
  %zeros = arith.constant dense<0.0> : tensor<400x2xf32>
  %e = tensor.empty() : tensor<400x2xf32>
  %f = linalg.fill ins(%zero : f32) outs(%e : tensor<400x2xf32>) -> tensor<400x2xf32>
  %m = linalg.matmul ins(%x, %w : tensor<400x64xf32>, tensor<64x2xf32>) outs(%f : tensor<400x2xf32>) -> tensor<400x2xf32>
  %e2 = tensor.empty() : tensor<400x2xf32>
  %b = linalg.add ins(%m, %bias : tensor<400x2xf32>, tensor<400x2xf32>) outs(%e2 : tensor<400x2xf32>) -> tensor<400x2xf32>
  %e3 = tensor.empty() : tensor<400x2xf32>
  %y = linalg.max ins(%b, %zeros : tensor<400x2xf32>, tensor<400x2xf32>) outs(%e3 : tensor<400x2xf32>) -> tensor<400x2xf32>
  return %y : tensor<400x2xf32>
}
