// RUN: not ap-opt %s --ap-attach-target=path=%S/Inputs/syntax.json 2>&1 \
// RUN:   | FileCheck %s --check-prefix=SYNTAX --match-full-lines --implicit-check-not=Inputs/
// RUN: not ap-opt %s --ap-attach-target=path=%S/Inputs/root-array.json 2>&1 \
// RUN:   | FileCheck %s --check-prefix=ROOT-ARRAY --match-full-lines --implicit-check-not=Inputs/
// RUN: not ap-opt %s --ap-attach-target=path=%S/Inputs/format-version-wrong.json 2>&1 \
// RUN:   | FileCheck %s --check-prefix=FORMAT-VERSION-WRONG --match-full-lines --implicit-check-not=Inputs/
// RUN: not ap-opt %s --ap-attach-target=path=%S/Inputs/format-version-missing.json 2>&1 \
// RUN:   | FileCheck %s --check-prefix=FORMAT-VERSION-MISSING --match-full-lines --implicit-check-not=Inputs/
// RUN: not ap-opt %s --ap-attach-target=path=%S/Inputs/format-version-types.json 2>&1 \
// RUN:   | FileCheck %s --check-prefix=FORMAT-VERSION-TYPES --match-full-lines --implicit-check-not=Inputs/
// RUN: not ap-opt %s --ap-attach-target=path=%S/Inputs/unknown-key-device.json 2>&1 \
// RUN:   | FileCheck %s --check-prefix=UNKNOWN-KEY-DEVICE --match-full-lines --implicit-check-not=Inputs/
// RUN: not ap-opt %s --ap-attach-target=path=%S/Inputs/unknown-key-memory.json 2>&1 \
// RUN:   | FileCheck %s --check-prefix=UNKNOWN-KEY-MEMORY --match-full-lines --implicit-check-not=Inputs/
// RUN: not ap-opt %s --ap-attach-target=path=%S/Inputs/unknown-key-link.json 2>&1 \
// RUN:   | FileCheck %s --check-prefix=UNKNOWN-KEY-LINK --match-full-lines --implicit-check-not=Inputs/

// Malformed documents: invalid JSON, a root that is not an object, the wrong
// format or version, and keys the reader does not know (each message lists
// the keys expected there).

// Invalid JSON: the message gives the line, column and byte.
// SYNTAX:      <unknown>:0: error: {{.*}}/Inputs/syntax.json: invalid JSON: [5:20, byte=78]: Expected , or } after object property

// The root must be an object.
// ROOT-ARRAY:      <unknown>:0: error: {{.*}}/Inputs/root-array.json: $: expected an object

// Another format, another version.
// FORMAT-VERSION-WRONG:      <unknown>:0: error: {{.*}}/Inputs/format-version-wrong.json: $.format: expected "ap-target", got "ap-profile"
// FORMAT-VERSION-WRONG-NEXT: {{.*}}/Inputs/format-version-wrong.json: $.version: expected 1, the version this build reads

// No 'format', no 'version'.
// FORMAT-VERSION-MISSING:      <unknown>:0: error: {{.*}}/Inputs/format-version-missing.json: $: missing key 'format'
// FORMAT-VERSION-MISSING-NEXT: {{.*}}/Inputs/format-version-missing.json: $: missing key 'version'

// 'format' empty, 'version' a string.
// FORMAT-VERSION-TYPES:      <unknown>:0: error: {{.*}}/Inputs/format-version-types.json: $.format: expected a non-empty string
// FORMAT-VERSION-TYPES-NEXT: {{.*}}/Inputs/format-version-types.json: $.version: expected 1, the version this build reads

// Unknown keys of a device.
// UNKNOWN-KEY-DEVICE:      <unknown>:0: error: {{.*}}/Inputs/unknown-key-device.json: $.devices[1].frequency: unknown key; expected one of 'clock', 'energy_per_op', 'idle_power', 'kind', 'launch_overhead', 'memories', 'name', 'ops_per_cycle', 'switch_latency', 'units'
// UNKNOWN-KEY-DEVICE-NEXT: {{.*}}/Inputs/unknown-key-device.json: $.devices[1].precisions: unknown key; expected one of 'clock', 'energy_per_op', 'idle_power', 'kind', 'launch_overhead', 'memories', 'name', 'ops_per_cycle', 'switch_latency', 'units'

// An unknown key of a memory tier.
// UNKNOWN-KEY-MEMORY:      <unknown>:0: error: {{.*}}/Inputs/unknown-key-memory.json: $.devices[1].memories[0].size: unknown key; expected one of 'bandwidth', 'capacity', 'energy_per_byte', 'name'

// An unknown key of a link.
// UNKNOWN-KEY-LINK:      <unknown>:0: error: {{.*}}/Inputs/unknown-key-link.json: $.links[0].speed: unknown key; expected one of 'bandwidth', 'bidirectional', 'converts', 'energy_per_byte', 'from', 'latency', 'name', 'to', 'wire'
module {}
