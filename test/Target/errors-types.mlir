// RUN: not ap-opt %s --ap-attach-target=path=%S/Inputs/types-top.json 2>&1 \
// RUN:   | FileCheck %s --check-prefix=TYPES-TOP --match-full-lines --implicit-check-not=Inputs/
// RUN: not ap-opt %s --ap-attach-target=path=%S/Inputs/types-device.json 2>&1 \
// RUN:   | FileCheck %s --check-prefix=TYPES-DEVICE --match-full-lines --implicit-check-not=Inputs/
// RUN: not ap-opt %s --ap-attach-target=path=%S/Inputs/types-memory.json 2>&1 \
// RUN:   | FileCheck %s --check-prefix=TYPES-MEMORY --match-full-lines --implicit-check-not=Inputs/
// RUN: not ap-opt %s --ap-attach-target=path=%S/Inputs/types-link.json 2>&1 \
// RUN:   | FileCheck %s --check-prefix=TYPES-LINK --match-full-lines --implicit-check-not=Inputs/
// RUN: not ap-opt %s --ap-attach-target=path=%S/Inputs/wire-bad-precision.json 2>&1 \
// RUN:   | FileCheck %s --check-prefix=WIRE-BAD-PRECISION --match-full-lines --implicit-check-not=Inputs/

// Values of the wrong JSON type: strings where numbers are expected and
// numbers where strings are, objects where arrays are and arrays where
// objects are, null, non-booleans, array elements that are not objects.

// A number for 'description' and 'host', an object for 'links'.
// TYPES-TOP:      <unknown>:0: error: {{.*}}/Inputs/types-top.json: $.description: expected a non-empty string
// TYPES-TOP-NEXT: {{.*}}/Inputs/types-top.json: $.host: expected a non-empty string
// TYPES-TOP-NEXT: {{.*}}/Inputs/types-top.json: $.links: expected an array

// Wrong types in devices, and a device that is a string.
// TYPES-DEVICE:      <unknown>:0: error: {{.*}}/Inputs/types-device.json: $.devices[0].kind: expected a non-empty string
// TYPES-DEVICE-NEXT: {{.*}}/Inputs/types-device.json: $.devices[0].clock: expected a positive number
// TYPES-DEVICE-NEXT: {{.*}}/Inputs/types-device.json: $.devices[0].units: expected a positive integer
// TYPES-DEVICE-NEXT: {{.*}}/Inputs/types-device.json: $.devices[0].idle_power: expected a non-negative number
// TYPES-DEVICE-NEXT: {{.*}}/Inputs/types-device.json: $.devices[1].ops_per_cycle: expected an object
// TYPES-DEVICE-NEXT: {{.*}}/Inputs/types-device.json: $.devices[1].energy_per_op.f16: expected a non-negative number
// TYPES-DEVICE-NEXT: {{.*}}/Inputs/types-device.json: $.devices[1].memories: expected an array
// TYPES-DEVICE-NEXT: {{.*}}/Inputs/types-device.json: $.devices[2]: expected an object describing a device

// Wrong types in memory tiers, and a memory tier that is a string.
// TYPES-MEMORY:      <unknown>:0: error: {{.*}}/Inputs/types-memory.json: $.devices[1].memories[0].name: expected a non-empty string
// TYPES-MEMORY-NEXT: {{.*}}/Inputs/types-memory.json: $.devices[1].memories[0].bandwidth: expected a positive number
// TYPES-MEMORY-NEXT: {{.*}}/Inputs/types-memory.json: $.devices[1].memories[1]: expected an object describing a memory tier

// Wrong types in links, and a link that is an array.
// TYPES-LINK:      <unknown>:0: error: {{.*}}/Inputs/types-link.json: $.links[0].name: expected a non-empty string
// TYPES-LINK-NEXT: {{.*}}/Inputs/types-link.json: $.links[0].bidirectional: expected true or false
// TYPES-LINK-NEXT: {{.*}}/Inputs/types-link.json: $.links[0].latency: expected a non-negative number
// TYPES-LINK-NEXT: {{.*}}/Inputs/types-link.json: $.links[0].converts: expected true or false
// TYPES-LINK-NEXT: {{.*}}/Inputs/types-link.json: $.links[1].from: expected a non-empty string
// TYPES-LINK-NEXT: {{.*}}/Inputs/types-link.json: $.links[1].wire: expected an array
// TYPES-LINK-NEXT: {{.*}}/Inputs/types-link.json: $.links[2]: expected an object describing a link

// Wire entries that are not precision names.
// WIRE-BAD-PRECISION:      <unknown>:0: error: {{.*}}/Inputs/wire-bad-precision.json: $.links[0].wire[1]: expected a precision name such as "f16"
// WIRE-BAD-PRECISION-NEXT: {{.*}}/Inputs/wire-bad-precision.json: $.links[0].wire[2]: expected a precision name such as "f16"
module {}
