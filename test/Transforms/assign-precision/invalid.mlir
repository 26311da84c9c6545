// Invalid options and inputs of ap-assign-precision: each is reported on the
// module with a message that says what is wrong, and nothing is written.

// RUN: not ap-opt %s --ap-attach-target=path=%S/Inputs/target.json --ap-assign-precision="tolerance=0.1" 2>&1 \
// RUN:   | FileCheck %s --check-prefix=NO-SENSITIVITY
// NO-SENSITIVITY: error: ap-assign-precision: give the per-op losses with sensitivity=FILE (an ap-sensitivity file)

// RUN: not ap-opt %s --ap-attach-target=path=%S/Inputs/target.json --ap-assign-precision="sensitivity=%S/Inputs/decisions.json" 2>&1 \
// RUN:   | FileCheck %s --check-prefix=NO-TOLERANCE
// NO-TOLERANCE: error: ap-assign-precision: give the largest total estimated loss with tolerance=NUMBER (in the sensitivity file's metric; 'inf' for no bound)

// RUN: not ap-opt %s --ap-attach-target=path=%S/Inputs/target.json --ap-assign-precision="sensitivity=%S/Inputs/decisions.json tolerance=-0.5" 2>&1 \
// RUN:   | FileCheck %s --check-prefix=NEGATIVE
// NEGATIVE: error: ap-assign-precision: tolerance=-0.5 is negative: no assignment has a negative loss; give a number >= 0

// RUN: not ap-opt %s --ap-attach-target=path=%S/Inputs/target.json --ap-assign-precision="sensitivity=%S/Inputs/decisions.json tolerance=nan" 2>&1 \
// RUN:   | FileCheck %s --check-prefix=NAN
// NAN: error: ap-assign-precision: tolerance='nan' is not a number

// RUN: not ap-opt %s --ap-attach-target=path=%S/Inputs/target.json --ap-assign-precision="sensitivity=%S/Inputs/decisions.json tolerance=0.1x" 2>&1 \
// RUN:   | FileCheck %s --check-prefix=NOT-A-NUMBER
// NOT-A-NUMBER: error: ap-assign-precision: tolerance='0.1x' is not a number

// RUN: not ap-opt %s --ap-attach-target=path=%S/Inputs/target.json --ap-assign-precision="sensitivity=%S/Inputs/decisions.json tolerance=0.1 algorithm=best" 2>&1 \
// RUN:   | FileCheck %s --check-prefix=ALGORITHM
// ALGORITHM: error: ap-assign-precision: algorithm='best' is unknown; expected 'optimal', 'greedy'

// RUN: not ap-opt %s --ap-attach-target=path=%S/Inputs/target.json --ap-assign-precision="sensitivity=%S/Inputs/decisions.json tolerance=0.1 candidates=f16,f64" 2>&1 \
// RUN:   | FileCheck %s --check-prefix=CANDIDATE
// CANDIDATE: error: ap-assign-precision: candidates: unknown precision 'f64'; expected some of f32, f16, bf16, f8E4M3FN, f8E5M2, i8, i4

// RUN: not ap-opt %s --ap-attach-target=path=%S/Inputs/target.json --ap-assign-precision="sensitivity=%S/Inputs/decisions.json tolerance=0.1 candidates=f16,i8,f16" 2>&1 \
// RUN:   | FileCheck %s --check-prefix=TWICE
// TWICE: error: ap-assign-precision: candidates: 'f16' is given twice

// RUN: not ap-opt %s --ap-attach-target=path=%S/Inputs/target.json --ap-assign-precision="sensitivity=%S/Inputs/decisions.json tolerance=0.1 calibration=average" 2>&1 \
// RUN:   | FileCheck %s --check-prefix=CALIBRATION
// CALIBRATION: error: ap-assign-precision: calibration='average' is unknown; expected minmax, percentile, entropy or mse

// RUN: not ap-opt %s --ap-attach-target=path=%S/Inputs/target.json --ap-assign-precision="sensitivity=%S/Inputs/decisions.json tolerance=0.1 weights=per-row" 2>&1 \
// RUN:   | FileCheck %s --check-prefix=WEIGHTS
// WEIGHTS: error: ap-assign-precision: weights='per-row' is unknown; expected per-channel or per-tensor

// RUN: not ap-opt %s --ap-attach-target=path=%S/Inputs/target.json --ap-assign-precision="sensitivity=%S/Inputs/decisions.json tolerance=0.1 weight-calibration=kl" 2>&1 \
// RUN:   | FileCheck %s --check-prefix=WEIGHT-CALIBRATION
// WEIGHT-CALIBRATION: error: ap-assign-precision: weight-calibration='kl' is unknown; expected minmax or mse

// RUN: not ap-opt %s --ap-attach-target=path=%S/Inputs/target.json --ap-assign-precision="sensitivity=%S/Inputs/decisions.json tolerance=0.1 w-acc=-1" 2>&1 \
// RUN:   | FileCheck %s --check-prefix=WEIGHT
// WEIGHT: error: ap-assign-precision: w-acc={{.*}} must be a finite number >= 0

// RUN: not ap-opt %s --ap-attach-target=path=%S/Inputs/target.json --ap-assign-precision="sensitivity=%t.missing.json tolerance=0.1" 2>&1 \
// RUN:   | FileCheck %s --check-prefix=MISSING
// MISSING: error: ap-assign-precision: cannot read sensitivity file '{{.*}}.missing.json': No such file or directory

// Every problem of a malformed file, one per line, with its JSON path.
// RUN: not ap-opt %s --ap-attach-target=path=%S/Inputs/target.json --ap-assign-precision="sensitivity=%S/Inputs/bad-sensitivity.json tolerance=0.1" 2>&1 \
// RUN:   | FileCheck %s --check-prefix=MALFORMED
// MALFORMED: error: ap-assign-precision: {{.*}}bad-sensitivity.json: $.ops[0].candidates[0].loss: expected a non-negative number
// MALFORMED-NEXT: {{.*}}bad-sensitivity.json: $.ops[0].candidates[0].precision: expected one of "f32", "f16", "bf16", "f8E4M3FN", "f8E5M2", "i8", "i4", got "f12"
// MALFORMED-NEXT: {{.*}}bad-sensitivity.json: $.extra: unknown key; expected one of 'examples', 'format', 'forward_pass_equivalents', 'metric', 'model', 'ops', 'source', 'version'

// RUN: not ap-opt %s --ap-attach-target=path=%S/Inputs/target.json --ap-assign-precision="sensitivity=%S/Inputs/bad-sensitivity-2.json tolerance=0.1" 2>&1 \
// RUN:   | FileCheck %s --check-prefix=MALFORMED2
// MALFORMED2: error: ap-assign-precision: {{.*}}bad-sensitivity-2.json: $.version: expected 1, the version this build reads
// MALFORMED2-NEXT: {{.*}}bad-sensitivity-2.json: $.source: expected one of "execution", "proxy", "import", got "guess"
// MALFORMED2-NEXT: {{.*}}bad-sensitivity-2.json: $.ops[1].candidates[1].precision: a second loss for 'f16' (the first is $.ops[1].candidates[0])
// MALFORMED2-NEXT: {{.*}}bad-sensitivity-2.json: $.ops[1].op: a second entry for op 'main#1' (the first is $.ops[0])

// RUN: not ap-opt %s --ap-attach-target=path=%S/Inputs/target.json --ap-assign-precision="sensitivity=%S/Inputs/truncated-sensitivity.json tolerance=0.1" 2>&1 \
// RUN:   | FileCheck %s --check-prefix=TRUNCATED
// TRUNCATED: error: ap-assign-precision: {{.*}}truncated-sensitivity.json: invalid JSON: [2:0, byte=43]: Expected object key

// RUN: not ap-opt %s --ap-attach-target=path=%S/Inputs/target.json --ap-assign-precision="sensitivity=%S/Inputs/decisions.json tolerance=0.1 profile=%t.missing.json" 2>&1 \
// RUN:   | FileCheck %s --check-prefix=PROFILE
// PROFILE: error: ap-assign-precision: cannot read profile '{{.*}}.missing.json': No such file or directory

// No target.
// RUN: not ap-opt %s --ap-assign-precision="sensitivity=%S/Inputs/decisions.json tolerance=0.1" 2>&1 \
// RUN:   | FileCheck %s --check-prefix=TARGET
// TARGET: error: ap-assign-precision needs a target: attach one with ap-attach-target, or give the module an 'ap.target' attribute

// An integer precision without a profile: the activation has no
// statistics, so i8 is not a candidate (a warning that says how to get
// them), and with candidates=i8 the site keeps f32.
// RUN: ap-opt %s --ap-attach-target=path=%S/Inputs/target.json --ap-assign-precision="sensitivity=%S/Inputs/integer.json tolerance=inf candidates=i8" 2>&1 \
// RUN:   | FileCheck %s --check-prefix=NO-PROFILE
// NO-PROFILE: warning: ap-assign-precision: main#1 keeps its precision: no candidate precision applies (i8: no statistics of its activation (give profile=FILE, from ap-run --calibrate at granularity op))
// NO-PROFILE: linalg.matmul ins(%{{.*}}, %{{.*}} : tensor<2x3xf32>, tensor<3x2xf32>)

// A profile without the activation's statistics.
// RUN: echo '{"format": "ap-profile", "version": 2, "timings": [], "values": []}' > %t.empty-profile.json
// RUN: ap-opt %s --ap-attach-target=path=%S/Inputs/target.json --ap-assign-precision="sensitivity=%S/Inputs/integer.json tolerance=inf candidates=i8 profile=%t.empty-profile.json" 2>&1 \
// RUN:   | FileCheck %s --check-prefix=NO-STATISTICS
// NO-STATISTICS: warning: ap-assign-precision: main#1 keeps its precision: no candidate precision applies (i8: no statistics of its activation 'main.arg0' in the profile)

// A report that cannot be written.
// RUN: not ap-opt %s --ap-attach-target=path=%S/Inputs/target.json --ap-assign-precision="sensitivity=%S/Inputs/integer.json tolerance=inf candidates=f16 report=%t.no-such-directory/r.json" 2>&1 \
// RUN:   | FileCheck %s --check-prefix=REPORT
// REPORT: error: ap-assign-precision: cannot write report '{{.*}}no-such-directory/r.json'

func.func @main(%x: tensor<2x3xf32>) -> tensor<2x2xf32> {
  %w = arith.constant dense<[[0.875, -0.25], [-0.5, 1.75], [0.25, 0.5]]> : tensor<3x2xf32>
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<2x2xf32>
  %c = linalg.fill ins(%zero : f32) outs(%e : tensor<2x2xf32>) -> tensor<2x2xf32>
  %m = linalg.matmul ins(%x, %w : tensor<2x3xf32>, tensor<3x2xf32>)
                     outs(%c : tensor<2x2xf32>) -> tensor<2x2xf32>
  return %m : tensor<2x2xf32>
}
