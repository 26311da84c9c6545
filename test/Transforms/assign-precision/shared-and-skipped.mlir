// Conversions are shared, and sites the sensitivity file does not name keep
// f32 with a warning (on the host of Inputs/target.json, tolerance=inf).
//
// Inputs/shared.json gives main#1 and main#3 a loss at f16 only (0.001
// each), nothing for main#5, and names two ops the module does not have as
// sites (main#9, other#0).
// - main#1 and main#3 read %x: at f16 (the only candidate besides f32, and
//   faster) they share one ap.convert of %x; their constant weights are
//   converted at compile time.
// - main#5 keeps f32 and reads %x as it is; %y, not a constant, is
//   untouched.
// - warnings: the precisions left out of main#1 and main#3, main#5 keeping
//   its precision, and one warning for the ops of the file that are not
//   sites.
// RUN: ap-opt %s --ap-attach-target=path=%S/Inputs/target.json \
// RUN:   --ap-assign-precision="sensitivity=%S/Inputs/shared.json tolerance=inf report=%t.json" \
// RUN:   -o %t.mlir 2> %t.err
// RUN: FileCheck %s < %t.mlir
// RUN: FileCheck %s --check-prefix=WARN < %t.err
// RUN: %python %S/Inputs/summarize_report.py %t.json | FileCheck %s --check-prefix=REPORT

// CHECK-LABEL: func.func @main
// CHECK-SAME: (%[[X:.*]]: tensor<1x16xf32>, %[[Y:.*]]: tensor<16x4xf32>)
// CHECK-NEXT: %[[XH:.*]] = ap.convert %[[X]] saturate : tensor<1x16xf32> -> tensor<1x16xf16>
// CHECK-NOT: ap.convert
// CHECK-DAG: %[[WA:.*]] = arith.constant dense<5.000000e-01> : tensor<16x8xf16>
// CHECK-DAG: %[[WB:.*]] = arith.constant dense<2.500000e-01> : tensor<16x8xf16>
// CHECK: %[[A:.*]] = linalg.matmul ins(%[[XH]], %[[WA]] : tensor<1x16xf16>, tensor<16x8xf16>)
// CHECK: %[[B:.*]] = linalg.matmul ins(%[[XH]], %[[WB]] : tensor<1x16xf16>, tensor<16x8xf16>)
// CHECK: %[[C:.*]] = linalg.matmul ins(%[[X]], %[[Y]] : tensor<1x16xf32>, tensor<16x4xf32>)
// CHECK-NOT: ap.convert
// CHECK: return %[[A]], %[[B]], %[[C]]

// WARN: shared-and-skipped.mlir:[[@LINE+15]]:8: warning: ap-assign-precision: main#1: precisions left out: bf16: no loss in the sensitivity file; f8E4M3FN: no loss in the sensitivity file; f8E5M2: no loss in the sensitivity file; i8: no loss in the sensitivity file; i4: no loss in the sensitivity file
// WARN: shared-and-skipped.mlir:[[@LINE+18]]:8: warning: ap-assign-precision: main#3: precisions left out: bf16
// WARN: shared-and-skipped.mlir:[[@LINE+21]]:8: warning: ap-assign-precision: main#5 keeps its precision: the sensitivity file has no entry for it
// WARN: warning: ap-assign-precision: the sensitivity file names 2 ops that the module does not have as a site (the first is 'main#9'); ignored

// REPORT: main#1 f16 acc f32 loss 0.001
// REPORT-NEXT: main#3 f16 acc f32 loss 0.001
// REPORT-NEXT: skipped main#5: the sensitivity file has no entry for it

func.func @main(%x: tensor<1x16xf32>, %y: tensor<16x4xf32>) -> (tensor<1x8xf32>, tensor<1x8xf32>, tensor<1x4xf32>) {
  %wa = arith.constant dense<0.5> : tensor<16x8xf32>
  %wb = arith.constant dense<0.25> : tensor<16x8xf32>
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<1x8xf32>
  %c = linalg.fill ins(%zero : f32) outs(%e : tensor<1x8xf32>) -> tensor<1x8xf32>
  %a = linalg.matmul ins(%x, %wa : tensor<1x16xf32>, tensor<16x8xf32>)
                     outs(%c : tensor<1x8xf32>) -> tensor<1x8xf32>
  %ec = tensor.empty() : tensor<1x8xf32>
  %cc = linalg.fill ins(%zero : f32) outs(%ec : tensor<1x8xf32>) -> tensor<1x8xf32>
  %b = linalg.matmul ins(%x, %wb : tensor<1x16xf32>, tensor<16x8xf32>)
                     outs(%cc : tensor<1x8xf32>) -> tensor<1x8xf32>
  %e4 = tensor.empty() : tensor<1x4xf32>
  %c4 = linalg.fill ins(%zero : f32) outs(%e4 : tensor<1x4xf32>) -> tensor<1x4xf32>
  %d = linalg.matmul ins(%x, %y : tensor<1x16xf32>, tensor<16x4xf32>)
                     outs(%c4 : tensor<1x4xf32>) -> tensor<1x4xf32>
  return %a, %b, %d : tensor<1x8xf32>, tensor<1x8xf32>, tensor<1x4xf32>
}
