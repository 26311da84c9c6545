// RUN: not ap-opt %s --ap-attach-target=path=%S/Inputs/missing-host-default.json 2>&1 \
// RUN:   | FileCheck %s --check-prefix=MISSING-HOST-DEFAULT --match-full-lines --implicit-check-not=Inputs/
// RUN: not ap-opt %s --ap-attach-target=path=%S/Inputs/missing-devices.json 2>&1 \
// RUN:   | FileCheck %s --check-prefix=MISSING-DEVICES --match-full-lines --implicit-check-not=Inputs/
// RUN: not ap-opt %s --ap-attach-target=path=%S/Inputs/missing-device-keys.json 2>&1 \
// RUN:   | FileCheck %s --check-prefix=MISSING-DEVICE-KEYS --match-full-lines --implicit-check-not=Inputs/
// RUN: not ap-opt %s --ap-attach-target=path=%S/Inputs/missing-device-name.json 2>&1 \
// RUN:   | FileCheck %s --check-prefix=MISSING-DEVICE-NAME --match-full-lines --implicit-check-not=Inputs/
// RUN: not ap-opt %s --ap-attach-target=path=%S/Inputs/missing-memory-keys.json 2>&1 \
// RUN:   | FileCheck %s --check-prefix=MISSING-MEMORY-KEYS --match-full-lines --implicit-check-not=Inputs/
// RUN: not ap-opt %s --ap-attach-target=path=%S/Inputs/missing-link-keys.json 2>&1 \
// RUN:   | FileCheck %s --check-prefix=MISSING-LINK-KEYS --match-full-lines --implicit-check-not=Inputs/

// Required keys that are absent, reported at the object that lacks them.

// No 'host', no 'default'.
// MISSING-HOST-DEFAULT:      <unknown>:0: error: {{.*}}/Inputs/missing-host-default.json: $: missing key 'host'
// MISSING-HOST-DEFAULT-NEXT: {{.*}}/Inputs/missing-host-default.json: $: missing key 'default'

// No 'devices' (and so 'host' and 'default' name no device).
// MISSING-DEVICES:      <unknown>:0: error: {{.*}}/Inputs/missing-devices.json: $: missing key 'devices'

// A device with only a name: every other key is missing.
// MISSING-DEVICE-KEYS:      <unknown>:0: error: {{.*}}/Inputs/missing-device-keys.json: $.devices[1]: missing key 'kind'
// MISSING-DEVICE-KEYS-NEXT: {{.*}}/Inputs/missing-device-keys.json: $.devices[1]: missing key 'clock'
// MISSING-DEVICE-KEYS-NEXT: {{.*}}/Inputs/missing-device-keys.json: $.devices[1]: missing key 'units'
// MISSING-DEVICE-KEYS-NEXT: {{.*}}/Inputs/missing-device-keys.json: $.devices[1]: missing key 'ops_per_cycle'
// MISSING-DEVICE-KEYS-NEXT: {{.*}}/Inputs/missing-device-keys.json: $.devices[1]: missing key 'energy_per_op'
// MISSING-DEVICE-KEYS-NEXT: {{.*}}/Inputs/missing-device-keys.json: $.devices[1]: missing key 'launch_overhead'
// MISSING-DEVICE-KEYS-NEXT: {{.*}}/Inputs/missing-device-keys.json: $.devices[1]: missing key 'switch_latency'
// MISSING-DEVICE-KEYS-NEXT: {{.*}}/Inputs/missing-device-keys.json: $.devices[1]: missing key 'idle_power'
// MISSING-DEVICE-KEYS-NEXT: {{.*}}/Inputs/missing-device-keys.json: $.devices[1]: missing key 'memories'

// A device without a name.
// MISSING-DEVICE-NAME:      <unknown>:0: error: {{.*}}/Inputs/missing-device-name.json: $.devices[1]: missing key 'name'

// Memory tiers without capacity, bandwidth, energy, or name.
// MISSING-MEMORY-KEYS:      <unknown>:0: error: {{.*}}/Inputs/missing-memory-keys.json: $.devices[1].memories[0]: missing key 'capacity'
// MISSING-MEMORY-KEYS-NEXT: {{.*}}/Inputs/missing-memory-keys.json: $.devices[1].memories[0]: missing key 'bandwidth'
// MISSING-MEMORY-KEYS-NEXT: {{.*}}/Inputs/missing-memory-keys.json: $.devices[1].memories[0]: missing key 'energy_per_byte'
// MISSING-MEMORY-KEYS-NEXT: {{.*}}/Inputs/missing-memory-keys.json: $.devices[1].memories[1]: missing key 'name'

// Links without endpoints and figures, or without a name.
// MISSING-LINK-KEYS:      <unknown>:0: error: {{.*}}/Inputs/missing-link-keys.json: $.links[2]: missing key 'from'
// MISSING-LINK-KEYS-NEXT: {{.*}}/Inputs/missing-link-keys.json: $.links[2]: missing key 'to'
// MISSING-LINK-KEYS-NEXT: {{.*}}/Inputs/missing-link-keys.json: $.links[2]: missing key 'latency'
// MISSING-LINK-KEYS-NEXT: {{.*}}/Inputs/missing-link-keys.json: $.links[2]: missing key 'bandwidth'
// MISSING-LINK-KEYS-NEXT: {{.*}}/Inputs/missing-link-keys.json: $.links[2]: missing key 'energy_per_byte'
// MISSING-LINK-KEYS-NEXT: {{.*}}/Inputs/missing-link-keys.json: $.links[3]: missing key 'name'
module {}
