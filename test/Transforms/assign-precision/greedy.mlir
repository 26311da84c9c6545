// algorithm=greedy is strictly worse than algorithm=optimal here.
//
// Target and sites as in decisions.mlir (Inputs/target.json): A = main#1
// (f32 2048 ns, f16 512 ns) and B = main#3 (f32 512 ns, f16 128 ns), each
// f16 candidate adding 48 ns to convert %x. Only f32 and f16 are allowed
// (candidates=f32,f16); losses (Inputs/greedy.json): A at f16 0.5, B at
// f16 0.05; tolerance=0.5.
//
// Greedy starts at f32 and applies the move with the largest gain per unit
// of loss that fits: B to f16 saves 512 - 176 = 336 ns for 0.05 (6720
// ns per unit), A to f16 saves 2048 - 560 = 1488 ns for 0.5 (2976 per
// unit). It moves B (loss 0.05), after which A no longer fits (0.55 >
// 0.5): objective 2048 + 176 = 2224 ns. (Without the 48 ns of conversion
// the ratios are 7680 and 3072: the same order.)
// The optimum takes A to f16 alone: 560 + 512 = 1072 ns, loss 0.5.
// RUN: ap-opt %s --ap-attach-target=path=%S/Inputs/target.json \
// RUN:   --ap-assign-precision="sensitivity=%S/Inputs/greedy.json tolerance=0.5 candidates=f32,f16 algorithm=optimal report=%t.optimal.json" \
// RUN:   | FileCheck %s --check-prefix=OPTIMAL-IR
// RUN: %python %S/Inputs/summarize_report.py %t.optimal.json | FileCheck %s --check-prefix=OPTIMAL
// RUN: ap-opt %s --ap-attach-target=path=%S/Inputs/target.json \
// RUN:   --ap-assign-precision="sensitivity=%S/Inputs/greedy.json tolerance=0.5 candidates=f32,f16 algorithm=greedy report=%t.greedy.json" \
// RUN:   | FileCheck %s --check-prefix=GREEDY-IR
// RUN: %python %S/Inputs/summarize_report.py %t.greedy.json | FileCheck %s --check-prefix=GREEDY

// OPTIMAL-IR: linalg.matmul ins(%{{.*}}, %{{.*}} : tensor<1x16xf16>, tensor<16x64xf16>)
// OPTIMAL-IR: linalg.matmul ins(%{{.*}}, %{{.*}} : tensor<1x16xf32>, tensor<16x16xf32>)
// OPTIMAL: algorithm optimal proved_optimal true
// OPTIMAL-NEXT: main#1 (A) f16 acc f32 loss 0.5 exec 512 ns
// OPTIMAL-NEXT: main#3 (B) f32 acc f32 loss 0 exec 512 ns
// OPTIMAL-NEXT: total loss 0.5 exec 1024 ns (before 2560 ns)
// OPTIMAL-NEXT: tolerance 0.5
// OPTIMAL-NEXT: consistent

// GREEDY-IR: linalg.matmul ins(%{{.*}}, %{{.*}} : tensor<1x16xf32>, tensor<16x64xf32>)
// GREEDY-IR: linalg.matmul ins(%{{.*}}, %{{.*}} : tensor<1x16xf16>, tensor<16x16xf16>)
// GREEDY: algorithm greedy proved_optimal false
// GREEDY-NEXT: main#1 (A) f32 acc f32 loss 0 exec 2048 ns
// GREEDY-NEXT: main#3 (B) f16 acc f32 loss 0.05 exec 128 ns
// GREEDY-NEXT: total loss 0.05 exec 2176 ns (before 2560 ns)
// GREEDY-NEXT: tolerance 0.5
// GREEDY-NEXT: consistent

// Both within the tolerance of the optimum's, the greedy objective is
// larger: compare the two reports.
// RUN: %python -c "import json, sys; o, g = (json.load(open(f))['totals']['objective'] for f in sys.argv[1:]); print('greedy worse' if g > o * 1.5 else 'FAIL %r %r' % (g, o))" %t.optimal.json %t.greedy.json | FileCheck %s --check-prefix=COMPARE
// COMPARE: greedy worse

func.func @main(%x: tensor<1x16xf32>) -> (tensor<1x64xf32>, tensor<1x16xf32>) {
  %wa = arith.constant dense<0.5> : tensor<16x64xf32>
  %wb = arith.constant dense<0.25> : tensor<16x16xf32>
  %zero = arith.constant 0.0 : f32
  %ea = tensor.empty() : tensor<1x64xf32>
  %ca = linalg.fill ins(%zero : f32) outs(%ea : tensor<1x64xf32>) -> tensor<1x64xf32>
  %a = linalg.matmul ins(%x, %wa : tensor<1x16xf32>, tensor<16x64xf32>)
                     outs(%ca : tensor<1x64xf32>) -> tensor<1x64xf32> loc("A")
  %eb = tensor.empty() : tensor<1x16xf32>
  %cb = linalg.fill ins(%zero : f32) outs(%eb : tensor<1x16xf32>) -> tensor<1x16xf32>
  %b = linalg.matmul ins(%x, %wb : tensor<1x16xf32>, tensor<16x16xf32>)
                     outs(%cb : tensor<1x16xf32>) -> tensor<1x16xf32> loc("B")
  return %a, %b : tensor<1x64xf32>, tensor<1x16xf32>
}
