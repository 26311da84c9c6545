// A tolerance no assignment meets is an error that names the smallest
// achievable loss, for both algorithms, and writes nothing (no IR, no
// report).
//
// Sites as in greedy.mlir (Inputs/greedy.json: A = main#1 loses 0.5 at
// f16, B = main#3 0.05), but candidates=f16: f32 is not allowed, so every
// site must lose something, at least 0.5 + 0.05 = 0.55 > 0.5.
// RUN: not ap-opt %s --ap-attach-target=path=%S/Inputs/target.json \
// RUN:   --ap-assign-precision="sensitivity=%S/Inputs/greedy.json tolerance=0.5 candidates=f16 report=%t.optimal.json" 2>&1 \
// RUN:   | FileCheck %s
// RUN: test ! -e %t.optimal.json
// RUN: not ap-opt %s --ap-attach-target=path=%S/Inputs/target.json \
// RUN:   --ap-assign-precision="sensitivity=%S/Inputs/greedy.json tolerance=0.5 candidates=f16 algorithm=greedy report=%t.greedy.json" 2>&1 \
// RUN:   | FileCheck %s
// RUN: test ! -e %t.greedy.json
// CHECK: error: ap-assign-precision: the loss tolerance 0.5 cannot be met: the smallest achievable estimated loss is 0.55 (every op at its least lossy choice)
// CHECK-NOT: func.func

// The same with tolerance=0.55 is met: both sites at f16.
// RUN: ap-opt %s --ap-attach-target=path=%S/Inputs/target.json \
// RUN:   --ap-assign-precision="sensitivity=%S/Inputs/greedy.json tolerance=0.55 candidates=f16" \
// RUN:   | FileCheck %s --check-prefix=MET
// MET-COUNT-2: linalg.matmul ins(%{{.*}}, %{{.*}} : tensor<1x16xf16>

func.func @main(%x: tensor<1x16xf32>) -> (tensor<1x64xf32>, tensor<1x16xf32>) {
  %wa = arith.constant dense<0.5> : tensor<16x64xf32>
  %wb = arith.constant dense<0.25> : tensor<16x16xf32>
  %zero = arith.constant 0.0 : f32
  %ea = tensor.empty() : tensor<1x64xf32>
  %ca = linalg.fill ins(%zero : f32) outs(%ea : tensor<1x64xf32>) -> tensor<1x64xf32>
  %a = linalg.matmul ins(%x, %wa : tensor<1x16xf32>, tensor<16x64xf32>)
                     outs(%ca : tensor<1x64xf32>) -> tensor<1x64xf32>
  %eb = tensor.empty() : tensor<1x16xf32>
  %cb = linalg.fill ins(%zero : f32) outs(%eb : tensor<1x16xf32>) -> tensor<1x16xf32>
  %b = linalg.matmul ins(%x, %wb : tensor<1x16xf32>, tensor<16x16xf32>)
                     outs(%cb : tensor<1x16xf32>) -> tensor<1x16xf32>
  return %a, %b : tensor<1x64xf32>, tensor<1x16xf32>
}
