// RUN: not ap-opt %s --ap-attach-target=path=%S/Inputs/unknown-key-top.json 2>&1 \
// RUN:   | FileCheck %s --match-full-lines --implicit-check-not=Inputs/

// An unknown top-level key, in a description that is otherwise valid, must be
// reported like the unknown keys of devices, memory tiers and links.

// CHECK: <unknown>:0: error: {{.*}}/Inputs/unknown-key-top.json: $.target_name: unknown key; expected one of 'default', 'description', 'devices', 'format', 'host', 'links', 'version'

module {}
