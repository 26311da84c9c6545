// RUN: not ap-opt %s --ap-attach-target=path=%S/Inputs/duplicate-device.json 2>&1 \
// RUN:   | FileCheck %s --check-prefix=DUPLICATE-DEVICE --match-full-lines --implicit-check-not=Inputs/
// RUN: not ap-opt %s --ap-attach-target=path=%S/Inputs/duplicate-memory.json 2>&1 \
// RUN:   | FileCheck %s --check-prefix=DUPLICATE-MEMORY --match-full-lines --implicit-check-not=Inputs/
// RUN: not ap-opt %s --ap-attach-target=path=%S/Inputs/duplicate-link.json 2>&1 \
// RUN:   | FileCheck %s --check-prefix=DUPLICATE-LINK --match-full-lines --implicit-check-not=Inputs/
// RUN: not ap-opt %s --ap-attach-target=path=%S/Inputs/duplicate-wire.json 2>&1 \
// RUN:   | FileCheck %s --check-prefix=DUPLICATE-WIRE --match-full-lines --implicit-check-not=Inputs/
// RUN: not ap-opt %s --ap-attach-target=path=%S/Inputs/unknown-kind.json 2>&1 \
// RUN:   | FileCheck %s --check-prefix=UNKNOWN-KIND --match-full-lines --implicit-check-not=Inputs/
// RUN: not ap-opt %s --ap-attach-target=path=%S/Inputs/link-unknown-device.json 2>&1 \
// RUN:   | FileCheck %s --check-prefix=LINK-UNKNOWN-DEVICE --match-full-lines --implicit-check-not=Inputs/
// RUN: not ap-opt %s --ap-attach-target=path=%S/Inputs/link-unknown-tier.json 2>&1 \
// RUN:   | FileCheck %s --check-prefix=LINK-UNKNOWN-TIER --match-full-lines --implicit-check-not=Inputs/
// RUN: not ap-opt %s --ap-attach-target=path=%S/Inputs/link-self.json 2>&1 \
// RUN:   | FileCheck %s --check-prefix=LINK-SELF --match-full-lines --implicit-check-not=Inputs/
// RUN: not ap-opt %s --ap-attach-target=path=%S/Inputs/host-unknown.json 2>&1 \
// RUN:   | FileCheck %s --check-prefix=HOST-UNKNOWN --match-full-lines --implicit-check-not=Inputs/
// RUN: not ap-opt %s --ap-attach-target=path=%S/Inputs/host-not-host.json 2>&1 \
// RUN:   | FileCheck %s --check-prefix=HOST-NOT-HOST --match-full-lines --implicit-check-not=Inputs/
// RUN: not ap-opt %s --ap-attach-target=path=%S/Inputs/default-unknown.json 2>&1 \
// RUN:   | FileCheck %s --check-prefix=DEFAULT-UNKNOWN --match-full-lines --implicit-check-not=Inputs/
// RUN: not ap-opt %s --ap-attach-target=path=%S/Inputs/unreachable.json 2>&1 \
// RUN:   | FileCheck %s --check-prefix=UNREACHABLE --match-full-lines --implicit-check-not=Inputs/
// RUN: not ap-opt %s --ap-attach-target=path=%S/Inputs/one-way.json 2>&1 \
// RUN:   | FileCheck %s --check-prefix=ONE-WAY --match-full-lines --implicit-check-not=Inputs/
// RUN: not ap-opt %s --ap-attach-target=path=%S/Inputs/no-cascade.json 2>&1 \
// RUN:   | FileCheck %s --check-prefix=NO-CASCADE --match-full-lines --implicit-check-not=Inputs/
// RUN: not ap-opt %s --ap-attach-target=path=%S/Inputs/several.json 2>&1 \
// RUN:   | FileCheck %s --check-prefix=SEVERAL --match-full-lines --implicit-check-not=Inputs/

// Names: duplicates, unknown device kinds, links to unknown devices or memory
// tiers or from an endpoint to itself, a host that is not a host, an unknown
// default, devices the host cannot reach or that cannot answer, errors that
// must not cascade, and several problems reported together.

// Two devices named alike.
// DUPLICATE-DEVICE:      <unknown>:0: error: {{.*}}/Inputs/duplicate-device.json: $.devices[2].name: duplicate device name 'npu'

// Two memory tiers of a device named alike.
// DUPLICATE-MEMORY:      <unknown>:0: error: {{.*}}/Inputs/duplicate-memory.json: $.devices[1].memories[2].name: duplicate memory tier name 'sram'

// Two links named alike.
// DUPLICATE-LINK:      <unknown>:0: error: {{.*}}/Inputs/duplicate-link.json: $.links[1].name: duplicate link name 'pcie'

// A wire precision listed twice.
// DUPLICATE-WIRE:      <unknown>:0: error: {{.*}}/Inputs/duplicate-wire.json: $.links[0].wire[2]: duplicate precision 'f32'

// A device kind other than host and accelerator.
// UNKNOWN-KIND:      <unknown>:0: error: {{.*}}/Inputs/unknown-kind.json: $.devices[1].kind: expected "host" or "accelerator"

// A link to a device the target does not have.
// LINK-UNKNOWN-DEVICE:      <unknown>:0: error: {{.*}}/Inputs/link-unknown-device.json: $.links[0].to: unknown device 'gpu'; expected the name of a device, or "device::memory"

// A link from a memory tier the device does not have, and to a tier of an
// unknown device.
// LINK-UNKNOWN-TIER:      <unknown>:0: error: {{.*}}/Inputs/link-unknown-tier.json: $.links[1].from: unknown memory tier 'hbm' of device 'npu'
// LINK-UNKNOWN-TIER-NEXT: {{.*}}/Inputs/link-unknown-tier.json: $.links[1].to: unknown device 'gpu'; expected the name of a device, or "device::memory"

// Links from a device, and from a memory tier, to itself.
// LINK-SELF:      <unknown>:0: error: {{.*}}/Inputs/link-self.json: $.links[2].to: a link must connect two different endpoints
// LINK-SELF-NEXT: {{.*}}/Inputs/link-self.json: $.links[3].to: a link must connect two different endpoints

// A host that is not a device.
// HOST-UNKNOWN:      <unknown>:0: error: {{.*}}/Inputs/host-unknown.json: $.host: unknown device 'gpu'

// A host that is an accelerator.
// HOST-NOT-HOST:      <unknown>:0: error: {{.*}}/Inputs/host-not-host.json: $.host: device 'npu' must be of kind "host"

// A default device that is not a device.
// DEFAULT-UNKNOWN:      <unknown>:0: error: {{.*}}/Inputs/default-unknown.json: $.default: unknown device 'gpu'

// A device without links.
// UNREACHABLE:      <unknown>:0: error: {{.*}}/Inputs/unreachable.json: $.links: device 'dsp' is unreachable: no route of links carries data from host 'cpu' to it

// A device the host reaches, but that cannot send results back.
// ONE-WAY:      <unknown>:0: error: {{.*}}/Inputs/one-way.json: $.links: device 'npu' is unreachable: no route of links carries data from it back to host 'cpu'

// Devices with errors are still devices: the links, host and default naming
// them add no errors.
// NO-CASCADE:      <unknown>:0: error: {{.*}}/Inputs/no-cascade.json: $.devices[0].clock: expected a positive number
// NO-CASCADE-NEXT: {{.*}}/Inputs/no-cascade.json: $.devices[1].units: expected a positive integer

// Problems all over the file, reported together, one per line.
// SEVERAL:      <unknown>:0: error: {{.*}}/Inputs/several.json: $.version: expected 1, the version this build reads
// SEVERAL-NEXT: {{.*}}/Inputs/several.json: $.devices[0].clock: expected a positive number
// SEVERAL-NEXT: {{.*}}/Inputs/several.json: $.devices[1].kind: expected "host" or "accelerator"
// SEVERAL-NEXT: {{.*}}/Inputs/several.json: $.devices[1]: missing key 'idle_power'
// SEVERAL-NEXT: {{.*}}/Inputs/several.json: $.devices[1].memories[1].capacity: expected a positive integer
// SEVERAL-NEXT: {{.*}}/Inputs/several.json: $.default: unknown device 'tpu'
// SEVERAL-NEXT: {{.*}}/Inputs/several.json: $.links[0].to: unknown device 'gpu'; expected the name of a device, or "device::memory"
// SEVERAL-NEXT: {{.*}}/Inputs/several.json: $.links[1].wire[1]: duplicate precision 'f16'
// SEVERAL-NEXT: {{.*}}/Inputs/several.json: $.extra: unknown key; expected one of 'default', 'description', 'devices', 'format', 'host', 'links', 'version'
module {}
