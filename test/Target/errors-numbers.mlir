// RUN: not ap-opt %s --ap-attach-target=path=%S/Inputs/not-positive.json 2>&1 \
// RUN:   | FileCheck %s --check-prefix=NOT-POSITIVE --match-full-lines --implicit-check-not=Inputs/
// RUN: not ap-opt %s --ap-attach-target=path=%S/Inputs/negative.json 2>&1 \
// RUN:   | FileCheck %s --check-prefix=NEGATIVE --match-full-lines --implicit-check-not=Inputs/
// RUN: not ap-opt %s --ap-attach-target=path=%S/Inputs/infinite.json 2>&1 \
// RUN:   | FileCheck %s --check-prefix=INFINITE --match-full-lines --implicit-check-not=Inputs/
// RUN: not ap-opt %s --ap-attach-target=path=%S/Inputs/counts.json 2>&1 \
// RUN:   | FileCheck %s --check-prefix=COUNTS --match-full-lines --implicit-check-not=Inputs/

// Figures out of range: zero or negative where a positive number is required,
// negative where a non-negative one is, infinite, and counts (units,
// capacity) that are not positive integers.

// Zero and negative clocks, operations per cycle, bandwidths.
// NOT-POSITIVE:      <unknown>:0: error: {{.*}}/Inputs/not-positive.json: $.devices[0].clock: expected a positive number
// NOT-POSITIVE-NEXT: {{.*}}/Inputs/not-positive.json: $.devices[1].clock: expected a positive number
// NOT-POSITIVE-NEXT: {{.*}}/Inputs/not-positive.json: $.devices[1].ops_per_cycle.i8: expected a positive number
// NOT-POSITIVE-NEXT: {{.*}}/Inputs/not-positive.json: $.devices[1].memories[0].bandwidth: expected a positive number
// NOT-POSITIVE-NEXT: {{.*}}/Inputs/not-positive.json: $.links[0].bandwidth: expected a positive number

// Negative times, powers and energies.
// NEGATIVE:      <unknown>:0: error: {{.*}}/Inputs/negative.json: $.devices[0].launch_overhead: expected a non-negative number
// NEGATIVE-NEXT: {{.*}}/Inputs/negative.json: $.devices[0].switch_latency: expected a non-negative number
// NEGATIVE-NEXT: {{.*}}/Inputs/negative.json: $.devices[0].idle_power: expected a non-negative number
// NEGATIVE-NEXT: {{.*}}/Inputs/negative.json: $.devices[1].energy_per_op.f16: expected a non-negative number
// NEGATIVE-NEXT: {{.*}}/Inputs/negative.json: $.devices[1].memories[1].energy_per_byte: expected a non-negative number
// NEGATIVE-NEXT: {{.*}}/Inputs/negative.json: $.links[0].latency: expected a non-negative number
// NEGATIVE-NEXT: {{.*}}/Inputs/negative.json: $.links[1].energy_per_byte: expected a non-negative number

// A number too large for a double is not finite.
// INFINITE:      <unknown>:0: error: {{.*}}/Inputs/infinite.json: $.devices[1].clock: expected a positive number

// Zero, negative and fractional units and capacities.
// COUNTS:      <unknown>:0: error: {{.*}}/Inputs/counts.json: $.devices[0].units: expected a positive integer
// COUNTS-NEXT: {{.*}}/Inputs/counts.json: $.devices[0].memories[0].capacity: expected a positive integer
// COUNTS-NEXT: {{.*}}/Inputs/counts.json: $.devices[1].units: expected a positive integer
// COUNTS-NEXT: {{.*}}/Inputs/counts.json: $.devices[1].memories[0].capacity: expected a positive integer
// COUNTS-NEXT: {{.*}}/Inputs/counts.json: $.devices[1].memories[1].capacity: expected a positive integer
module {}
