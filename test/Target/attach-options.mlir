// A file that cannot be read.
// RUN: not ap-opt %s --ap-attach-target=path=%S/Inputs/does-not-exist.json 2>&1 \
// RUN:   | FileCheck %s --check-prefix=NO-FILE --match-full-lines -DMSG=%errc_ENOENT
// NO-FILE: <unknown>:0: error: cannot read target description '{{.*}}/Inputs/does-not-exist.json': [[MSG]]

// 'path' and 'builtin' together.
// RUN: not ap-opt %s '--ap-attach-target=path=%S/Inputs/valid.json builtin=default' 2>&1 \
// RUN:   | FileCheck %s --check-prefix=BOTH --match-full-lines
// BOTH: <unknown>:0: error: ap-attach-target: give 'path' or 'builtin', not both

// A builtin target that does not exist; the message lists the shipped ones.
// RUN: not ap-opt %s --ap-attach-target=builtin=no-such-target 2>&1 \
// RUN:   | FileCheck %s --check-prefix=BUILTIN --match-full-lines
// BUILTIN: <unknown>:0: error: ap-attach-target: unknown builtin target 'no-such-target'; expected one of{{.*}}

// Errors in the description are reported before the module is looked at,
// even when the module already has a target.
// RUN: not ap-opt %s --ap-attach-target=path=%S/Inputs/root-array.json 2>&1 \
// RUN:   | FileCheck %s --check-prefix=EARLY --match-full-lines
// EARLY: <unknown>:0: error: {{.*}}/Inputs/root-array.json: $: expected an object

// A module that has a target keeps it, and the pass fails.
// RUN: not ap-opt %s --ap-attach-target=path=%S/Inputs/valid.json 2>&1 \
// RUN:   | FileCheck %s --check-prefix=KEEP

// With replace=true, the new target replaces it.
// RUN: ap-opt %s '--ap-attach-target=path=%S/Inputs/base.json replace=true' \
// RUN:   | FileCheck %s --check-prefix=REPLACE
// RUN: ap-opt %s '--pass-pipeline=builtin.module(ap-attach-target{path=%S/Inputs/base.json replace=true})' \
// RUN:   | FileCheck %s --check-prefix=REPLACE

// KEEP: {{.*}}attach-options.mlir:[[@LINE+7]]:1: error: module already has a target; use 'replace=true' to replace it
// KEEP-NOT: error

// REPLACE: module attributes {ap.target = #ap.target<devices = [#ap.device<"cpu", host, precisions = [f32], memories = [#ap.memory<"dram", capacity = 4294967296
// REPLACE-SAME: #ap.device<"npu", accelerator, precisions = [f16, i8]
// REPLACE-SAME: host = "cpu", default = "npu">} {
// REPLACE-NOT: old_host
module attributes {ap.target = #ap.target<devices = [#ap.device<"old_host", host, precisions = [f32]>], host = "old_host", default = "old_host">} {
  // REPLACE-NEXT: func.func private @kernel()
  func.func private @kernel()
}
