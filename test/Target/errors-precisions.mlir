// RUN: not ap-opt %s --ap-attach-target=path=%S/Inputs/unknown-precision.json 2>&1 \
// RUN:   | FileCheck %s --check-prefix=UNKNOWN-PRECISION --match-full-lines --implicit-check-not=Inputs/
// RUN: not ap-opt %s --ap-attach-target=path=%S/Inputs/energy-missing-precision.json 2>&1 \
// RUN:   | FileCheck %s --check-prefix=ENERGY-MISSING-PRECISION --match-full-lines --implicit-check-not=Inputs/
// RUN: not ap-opt %s --ap-attach-target=path=%S/Inputs/energy-extra-precision.json 2>&1 \
// RUN:   | FileCheck %s --check-prefix=ENERGY-EXTRA-PRECISION --match-full-lines --implicit-check-not=Inputs/
// RUN: not ap-opt %s --ap-attach-target=path=%S/Inputs/empty-devices.json 2>&1 \
// RUN:   | FileCheck %s --check-prefix=EMPTY-DEVICES --match-full-lines --implicit-check-not=Inputs/
// RUN: not ap-opt %s --ap-attach-target=path=%S/Inputs/empty-lists.json 2>&1 \
// RUN:   | FileCheck %s --check-prefix=EMPTY-LISTS --match-full-lines --implicit-check-not=Inputs/

// Figures keyed by precision, and lists that must not be empty.

// Keys that are not precisions.
// UNKNOWN-PRECISION:      <unknown>:0: error: {{.*}}/Inputs/unknown-precision.json: $.devices[1].ops_per_cycle.f64: unknown precision; expected one of 'f32', 'f16', 'bf16', 'f8E4M3FN', 'f8E5M2', 'i32', 'i16', 'i8', 'u8', 'i4', 'u4'
// UNKNOWN-PRECISION-NEXT: {{.*}}/Inputs/unknown-precision.json: $.devices[1].energy_per_op.int8: unknown precision; expected one of 'f32', 'f16', 'bf16', 'f8E4M3FN', 'f8E5M2', 'i32', 'i16', 'i8', 'u8', 'i4', 'u4'

// 'energy_per_op' lacks a precision 'ops_per_cycle' gives.
// ENERGY-MISSING-PRECISION:      <unknown>:0: error: {{.*}}/Inputs/energy-missing-precision.json: $.devices[1].energy_per_op: missing precision 'i8', which 'ops_per_cycle' lists

// 'energy_per_op' gives precisions 'ops_per_cycle' lacks.
// ENERGY-EXTRA-PRECISION:      <unknown>:0: error: {{.*}}/Inputs/energy-extra-precision.json: $.devices[0].energy_per_op.bf16: precision not listed in 'ops_per_cycle' (a precision the device computes in needs both)
// ENERGY-EXTRA-PRECISION-NEXT: {{.*}}/Inputs/energy-extra-precision.json: $.devices[0].energy_per_op.f16: precision not listed in 'ops_per_cycle' (a precision the device computes in needs both)

// No devices (and so 'host' and 'default' name no device).
// EMPTY-DEVICES:      <unknown>:0: error: {{.*}}/Inputs/empty-devices.json: $.devices: expected at least one device

// Empty 'memories', 'ops_per_cycle', 'energy_per_op' and 'wire'.
// EMPTY-LISTS:      <unknown>:0: error: {{.*}}/Inputs/empty-lists.json: $.devices[0].memories: expected at least one memory tier
// EMPTY-LISTS-NEXT: {{.*}}/Inputs/empty-lists.json: $.devices[1].ops_per_cycle: expected at least one precision
// EMPTY-LISTS-NEXT: {{.*}}/Inputs/empty-lists.json: $.devices[1].energy_per_op: expected at least one precision
// EMPTY-LISTS-NEXT: {{.*}}/Inputs/empty-lists.json: $.links[0].wire: expected at least one precision; omit 'wire' for a link that carries any precision
module {}
