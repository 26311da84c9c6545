// Decisions of ap-assign-precision on a hand-built problem whose optimum is
// worked out below, checked in the rewritten IR and in the report
// (Inputs/summarize_report.py prints the chosen precisions, losses and
// execution times of report=FILE and checks that its totals and objective
// are consistent).
//
// Target (Inputs/target.json): one device, no launch overhead, compute-bound
// kernels, 1e9 op/s at f32 and bf16 2x, f16 4x, f8E5M2 8x, f8E4M3FN 16x
// that. Two sites read the activation %x (1x16) with constant weights
// (converted at compile time, free):
//   A = main#1: 1x16 by 16x64, 2048 operations: f32 2048 ns, bf16 1024,
//       f16 512, f8E5M2 256, f8E4M3FN 128;
//   B = main#3: 1x16 by 16x16, 512 operations: f32 512 ns, bf16 256,
//       f16 128, f8E5M2 64, f8E4M3FN 32.
// Every non-f32 candidate also converts %x (16 elements, 3 operations each
// at f32: 48 ns of transfer), the same for every narrow candidate of a
// site; the decisions below are the same with any transfer time from 0 to
// 48 ns (they were checked for both ends), so they do not depend on it.
// Losses (Inputs/decisions.json):
//            bf16   f16    f8E5M2  f8E4M3FN
//   A        0.01   0.03   0.06    0.09
//   B        0.001  0.004  0.02    0.05
//
// tolerance=0.1, w-exec=1, w-xfer=1, w-acc=0 (the defaults): the cheapest
// A is f8E4M3FN (128 + 48 ns, loss 0.09), which leaves 0.01 for B: f16
// (128 + 48, 0.004). Total 352 ns, loss 0.094. Every other pair within 0.1
// costs more: A f8E5M2 + B f8E5M2 = 304 + 112 = 416 ns (0.08); A f16 + B
// f8E4M3FN = 560 + 80 = 640 ns (0.08); A f8E4M3FN + B bf16 = 176 + 304
// ns.
// RUN: ap-opt %s --ap-attach-target=path=%S/Inputs/target.json \
// RUN:   --ap-assign-precision="sensitivity=%S/Inputs/decisions.json tolerance=0.1 candidates=f32,f16,bf16,f8E4M3FN,f8E5M2 report=%t.optimal.json" \
// RUN:   | FileCheck %s --check-prefix=IR
// RUN: %python %S/Inputs/summarize_report.py %t.optimal.json | FileCheck %s --check-prefix=OPTIMAL
// IR-LABEL: func.func @main
// IR-SAME: (%[[X:.*]]: tensor<1x16xf32>)
// IR-DAG: %[[X16:.*]] = ap.convert %[[X]] saturate : tensor<1x16xf32> -> tensor<1x16xf16>
// IR-DAG: %[[X8:.*]] = ap.convert %[[X]] saturate : tensor<1x16xf32> -> tensor<1x16xf8E4M3FN>
// IR-DAG: %[[WA:.*]] = arith.constant dense<5.000000e-01> : tensor<16x64xf8E4M3FN>
// IR-DAG: %[[WB:.*]] = arith.constant dense<2.500000e-01> : tensor<16x16xf16>
// IR: %[[A:.*]] = linalg.matmul ins(%[[X8]], %[[WA]] : tensor<1x16xf8E4M3FN>, tensor<16x64xf8E4M3FN>) outs(%{{.*}} : tensor<1x64xf32>)
// IR: %[[B:.*]] = linalg.matmul ins(%[[X16]], %[[WB]] : tensor<1x16xf16>, tensor<16x16xf16>) outs(%{{.*}} : tensor<1x16xf32>)
// IR: return %[[A]], %[[B]]
// OPTIMAL: algorithm optimal proved_optimal true
// OPTIMAL-NEXT: main#1 (A) f8E4M3FN acc f32 loss 0.09 exec 128 ns
// OPTIMAL-NEXT: main#3 (B) f16 acc f32 loss 0.004 exec 128 ns
// OPTIMAL-NEXT: total loss 0.094 exec 256 ns (before 2560 ns)
// OPTIMAL-NEXT: tolerance 0.1
// OPTIMAL-NEXT: consistent

// tolerance=0: only f32 loses nothing. The IR is unchanged.
// RUN: ap-opt %s --ap-attach-target=path=%S/Inputs/target.json \
// RUN:   --ap-assign-precision="sensitivity=%S/Inputs/decisions.json tolerance=0 candidates=f32,f16,bf16,f8E4M3FN,f8E5M2 report=%t.zero.json" \
// RUN:   | FileCheck %s --check-prefix=F32
// RUN: %python %S/Inputs/summarize_report.py %t.zero.json | FileCheck %s --check-prefix=ZERO
// F32-LABEL: func.func @main
// F32-NOT: ap.convert
// F32: linalg.matmul ins(%{{.*}}, %{{.*}} : tensor<1x16xf32>, tensor<16x64xf32>)
// F32: linalg.matmul ins(%{{.*}}, %{{.*}} : tensor<1x16xf32>, tensor<16x16xf32>)
// F32-NOT: ap.convert
// ZERO: algorithm optimal proved_optimal true
// ZERO-NEXT: main#1 (A) f32 acc f32 loss 0 exec 2048 ns
// ZERO-NEXT: main#3 (B) f32 acc f32 loss 0 exec 512 ns
// ZERO-NEXT: total loss 0 exec 2560 ns (before 2560 ns)
// ZERO-NEXT: tolerance 0
// ZERO-NEXT: consistent

// tolerance=inf: the fastest candidate of each site, f8E4M3FN for both
// (total loss 0.14 > 0.1); one conversion of %x shared by both.
// RUN: ap-opt %s --ap-attach-target=path=%S/Inputs/target.json \
// RUN:   --ap-assign-precision="sensitivity=%S/Inputs/decisions.json tolerance=inf candidates=f32,f16,bf16,f8E4M3FN,f8E5M2 report=%t.inf.json" \
// RUN:   | FileCheck %s --check-prefix=INFIR
// RUN: %python %S/Inputs/summarize_report.py %t.inf.json | FileCheck %s --check-prefix=INF
// INFIR: ap.convert %{{.*}} saturate : tensor<1x16xf32> -> tensor<1x16xf8E4M3FN>
// INFIR-NOT: ap.convert
// INFIR: linalg.matmul ins(%{{.*}}, %{{.*}} : tensor<1x16xf8E4M3FN>, tensor<16x64xf8E4M3FN>)
// INFIR: linalg.matmul ins(%{{.*}}, %{{.*}} : tensor<1x16xf8E4M3FN>, tensor<16x16xf8E4M3FN>)
// INF: main#1 (A) f8E4M3FN acc f32 loss 0.09 exec 128 ns
// INF-NEXT: main#3 (B) f8E4M3FN acc f32 loss 0.05 exec 32 ns
// INF-NEXT: total loss 0.14 exec 160 ns (before 2560 ns)
// INF-NEXT: tolerance inf
// INF-NEXT: consistent

// w-acc=1e-5 (1e-5 s per unit of loss: 10000 ns per 1.0, e.g. 900 ns for
// A's 0.09): per site, execution + 48 ns + 1e4 ns * loss:
//   A: f32 2048, bf16 1024+48+100 = 1172, f16 512+48+300 = 860,
//      f8E5M2 256+48+600 = 904, f8E4M3FN 128+48+900 = 1076;
//   B: f32 512, bf16 256+48+10 = 314, f16 128+48+40 = 216,
//      f8E5M2 64+48+200 = 312, f8E4M3FN 32+48+500 = 580;
// the cheapest of each, f16 and f16 (loss 0.034), is within the tolerance.
// RUN: ap-opt %s --ap-attach-target=path=%S/Inputs/target.json -o /dev/null \
// RUN:   --ap-assign-precision="sensitivity=%S/Inputs/decisions.json tolerance=0.1 w-acc=1e-5 candidates=f32,f16,bf16,f8E4M3FN,f8E5M2 report=%t.wacc.json"
// RUN: %python %S/Inputs/summarize_report.py %t.wacc.json | FileCheck %s --check-prefix=WACC
// WACC: main#1 (A) f16 acc f32 loss 0.03 exec 512 ns
// WACC-NEXT: main#3 (B) f16 acc f32 loss 0.004 exec 128 ns
// WACC-NEXT: total loss 0.034 exec 640 ns (before 2560 ns)

// w-exec=4 with the same w-acc: execution counts four times as much.
//   A: f16 2048+48+300 = 2396, f8E5M2 1024+48+600 = 1672,
//      f8E4M3FN 512+48+900 = 1460;
//   B: bf16 1024+48+10 = 1082, f16 512+48+40 = 600,
//      f8E5M2 256+48+200 = 504, f8E4M3FN 128+48+500 = 676.
// The cheapest pair, A f8E4M3FN + B f8E5M2, loses 0.11 > 0.1; within the
// tolerance: A f8E4M3FN + B f16 = 2060 (0.094), A f8E5M2 + B f8E5M2 = 2176
// (0.08), A f8E5M2 + B f8E4M3FN = 2348 (0.11, out): A f8E4M3FN, B f16.
// RUN: ap-opt %s --ap-attach-target=path=%S/Inputs/target.json -o /dev/null \
// RUN:   --ap-assign-precision="sensitivity=%S/Inputs/decisions.json tolerance=0.1 w-exec=4 w-acc=1e-5 candidates=f32,f16,bf16,f8E4M3FN,f8E5M2 report=%t.wexec.json"
// RUN: %python %S/Inputs/summarize_report.py %t.wexec.json | FileCheck %s --check-prefix=WEXEC
// WEXEC: main#1 (A) f8E4M3FN acc f32 loss 0.09 exec 128 ns
// WEXEC-NEXT: main#3 (B) f16 acc f32 loss 0.004 exec 128 ns
// WEXEC-NEXT: total loss 0.094 exec 256 ns (before 2560 ns)

// w-exec=0: nothing is gained by a narrower precision, which only adds
// loss (w-acc) and conversions: f32 everywhere.
// RUN: ap-opt %s --ap-attach-target=path=%S/Inputs/target.json -o /dev/null \
// RUN:   --ap-assign-precision="sensitivity=%S/Inputs/decisions.json tolerance=0.1 w-exec=0 w-acc=1e-5 candidates=f32,f16,bf16,f8E4M3FN,f8E5M2 report=%t.wexec0.json"
// RUN: %python %S/Inputs/summarize_report.py %t.wexec0.json | FileCheck %s --check-prefix=WEXEC0
// WEXEC0: main#1 (A) f32 acc f32 loss 0 exec 2048 ns
// WEXEC0-NEXT: main#3 (B) f32 acc f32 loss 0 exec 512 ns

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
