// The errors of ap-make-adaptive's options.
// RUN: not ap-opt %s --ap-attach-target="path=%S/Inputs/target.json" --ap-make-adaptive 2>&1 | FileCheck %s --check-prefix=SENSITIVITY
// SENSITIVITY: error: ap-make-adaptive: give the per-op losses with sensitivity=FILE (an ap-sensitivity file)
// RUN: not ap-opt %s --ap-attach-target="path=%S/Inputs/target.json" --ap-make-adaptive="sensitivity=%S/Inputs/sensitivity.json precisions=f32,f64" 2>&1 | FileCheck %s --check-prefix=PRECISION
// PRECISION: error: ap-make-adaptive: precisions: unknown precision 'f64'; expected some of f32, f16, bf16, f8E4M3FN, f8E5M2, i8, i4
// RUN: not ap-opt %s --ap-attach-target="path=%S/Inputs/target.json" --ap-make-adaptive="sensitivity=%S/Inputs/sensitivity.json precisions=f16,f16" 2>&1 | FileCheck %s --check-prefix=TWICE
// TWICE: error: ap-make-adaptive: precisions: 'f16' is given twice
// RUN: not ap-opt %s --ap-attach-target="path=%S/Inputs/target.json" --ap-make-adaptive="sensitivity=%S/Inputs/sensitivity.json metrics=snr" 2>&1 | FileCheck %s --check-prefix=METRIC
// METRIC: error: ap-make-adaptive: metrics: unknown metric 'snr'; expected sqnr, saturation_rate, variance or entropy
// RUN: not ap-opt %s --ap-attach-target="path=%S/Inputs/target.json" --ap-make-adaptive="sensitivity=%S/Inputs/sensitivity.json sample-rate=0" 2>&1 | FileCheck %s --check-prefix=RATE
// RATE: error: ap-make-adaptive: sample-rate=0.000000e+00 must be in (0, 1]
// RUN: not ap-opt %s --ap-attach-target="path=%S/Inputs/target.json" --ap-make-adaptive="sensitivity=%S/Inputs/sensitivity.json min-saving=1" 2>&1 | FileCheck %s --check-prefix=SAVING
// SAVING: error: ap-make-adaptive: min-saving=1.000000e+00 must be in [0, 1)
// RUN: not ap-opt %s --ap-attach-target="path=%S/Inputs/target.json" --ap-make-adaptive="sensitivity=%S/Inputs/sensitivity.json default=first" 2>&1 | FileCheck %s --check-prefix=DEFAULT
// DEFAULT: error: ap-make-adaptive: default='first' is unknown; expected widest or cheapest
// RUN: not ap-opt %s --ap-attach-target="path=%S/Inputs/target.json" --ap-make-adaptive="sensitivity=%S/Inputs/sensitivity.json ops=fc9" 2>&1 | FileCheck %s --check-prefix=OPS
// OPS: error: ap-make-adaptive: ops: 'fc9' is not the cost key or location name of a site with a sensitivity entry
// RUN: not ap-opt %s --ap-attach-target="path=%S/Inputs/target.json" --ap-make-adaptive="sensitivity=%S/Inputs/missing.json" 2>&1 | FileCheck %s --check-prefix=MISSING
// MISSING: error: ap-make-adaptive: {{.*}}missing.json
// Without a target, as ap-assign-precision, but naming ap-make-adaptive.
// RUN: not ap-opt %s --ap-make-adaptive="sensitivity=%S/Inputs/sensitivity.json" 2>&1 | FileCheck %s --check-prefix=TARGET
// TARGET: error: ap-make-adaptive needs a target: attach one with ap-attach-target, or give the module an 'ap.target' attribute

func.func @main(%x: tensor<2x3xf32>, %w: tensor<3x2xf32>) -> tensor<2x2xf32> {
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<2x2xf32>
  %c = linalg.fill ins(%zero : f32) outs(%e : tensor<2x2xf32>) -> tensor<2x2xf32>
  %m = linalg.matmul ins(%x, %w : tensor<2x3xf32>, tensor<3x2xf32>)
                     outs(%c : tensor<2x2xf32>) -> tensor<2x2xf32>
  return %m : tensor<2x2xf32>
}
