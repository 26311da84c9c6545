// RUN: ap-opt %s -split-input-file -verify-diagnostics

// Every verifier and parser message of the ap attributes.

// expected-error @+1 {{memory tier 'sram' must have a positive capacity}}
func.func private @f() attributes {t = #ap.memory<"sram", capacity = 0>}

// -----

// expected-error @+1 {{memory tier 'sram' needs a 'capacity' in bytes}}
func.func private @f() attributes {t = #ap.memory<"sram", bandwidth = 1.0e9>}

// -----

// expected-error @+1 {{memory tier bandwidth must be positive and finite, got -1}}
func.func private @f() attributes {t = #ap.memory<"sram", capacity = 1, bandwidth = -1.0>}

// -----

// expected-error @+1 {{memory tier energy per byte must be non-negative and finite, got -2}}
func.func private @f() attributes {t = #ap.memory<"sram", capacity = 1, energy_per_byte = -2.0>}

// -----

// expected-error @+1 {{unknown key 'size'; expected one of 'capacity', 'bandwidth', 'energy_per_byte'}}
func.func private @f() attributes {t = #ap.memory<"sram", size = 1>}

// -----

// expected-error @+1 {{duplicate key 'capacity'}}
func.func private @f() attributes {t = #ap.memory<"sram", capacity = 1, capacity = 2>}

// -----

// expected-error @+1 {{memory tier name must not be empty}}
func.func private @f() attributes {t = #ap.memory<"", capacity = 1>}

// -----

// expected-error @+1 {{unknown device kind 'gpu'; expected 'host' or 'accelerator'}}
func.func private @f() attributes {t = #ap.device<"d", gpu, precisions = [f32]>}

// -----

// expected-error @+1 {{device 'd' needs 'precisions', the precisions its arithmetic units support}}
func.func private @f() attributes {t = #ap.device<"d", host>}

// -----

// expected-error @+1 {{device 'd' must support at least one precision}}
func.func private @f() attributes {t = #ap.device<"d", host, precisions = []>}

// -----

// expected-error @+1 {{precision 'f16' appears twice in the precisions of device 'd'}}
func.func private @f() attributes {t = #ap.device<"d", host, precisions = [f16, f32, f16]>}

// -----

// expected-error @+1 {{unknown precision 'f64'}}
func.func private @f() attributes {t = #ap.device<"d", host, precisions = [f64]>}

// -----

// expected-error @+1 {{device 'd' has two memory tiers named 'm'}}
func.func private @f() attributes {t = #ap.device<"d", host, precisions = [f32], memories = [#ap.memory<"m", capacity = 1>, #ap.memory<"m", capacity = 2>]>}

// -----

// expected-error @+1 {{device clock must be positive and finite, got 0}}
func.func private @f() attributes {t = #ap.device<"d", host, precisions = [f32], clock = 0.0>}

// -----

// expected-error @+1 {{device name must not be empty}}
func.func private @f() attributes {t = #ap.device<"", host, precisions = [f32]>}

// -----

// expected-error @+1 {{link 'l' connects @a to itself}}
func.func private @f() attributes {t = #ap.link<"l", @a -> @a>}

// -----

// expected-error @+1 {{link 'l' endpoint @a::@b::@c must be @device or @device::@memory_tier}}
func.func private @f() attributes {t = #ap.link<"l", @a::@b::@c -> @a>}

// -----

// expected-error @+1 {{link latency must be non-negative and finite, got -1}}
func.func private @f() attributes {t = #ap.link<"l", @a -> @b, latency = -1.0>}

// -----

// expected-error @+1 {{link bandwidth must be positive and finite, got 0}}
func.func private @f() attributes {t = #ap.link<"l", @a -> @b, bandwidth = 0.0>}

// -----

// expected-error @+1 {{precision 'i8' appears twice in the wire precisions of link 'l'}}
func.func private @f() attributes {t = #ap.link<"l", @a -> @b, wire = [i8, f16, i8]>}

// -----

// expected-error @+1 {{unknown key 'speed'; expected one of 'bidirectional', 'latency', 'bandwidth', 'energy_per_byte', 'wire', 'converts'}}
func.func private @f() attributes {t = #ap.link<"l", @a -> @b, speed = 1.0>}

// -----

// expected-error @+1 {{target must have at least one device}}
module attributes {ap.target = #ap.target<devices = [], host = "cpu", default = "cpu">} {}

// -----

// expected-error @+1 {{target needs 'devices', 'host' and 'default'}}
module attributes {ap.target = #ap.target<devices = [#ap.device<"cpu", host, precisions = [f32]>], host = "cpu">} {}

// -----

// expected-error @+1 {{unknown key 'device'; expected one of 'devices', 'links', 'host', 'default'}}
module attributes {ap.target = #ap.target<device = [], host = "cpu", default = "cpu">} {}

// -----

// expected-error @+1 {{target has two devices named 'cpu'}}
module attributes {ap.target = #ap.target<devices = [#ap.device<"cpu", host, precisions = [f32]>, #ap.device<"cpu", accelerator, precisions = [f16]>], host = "cpu", default = "cpu">} {}

// -----

// expected-error @+1 {{target has two links named 'l'}}
module attributes {ap.target = #ap.target<devices = [#ap.device<"cpu", host, precisions = [f32]>, #ap.device<"npu", accelerator, precisions = [f16]>], links = [#ap.link<"l", @cpu -> @npu>, #ap.link<"l", @npu -> @cpu>], host = "cpu", default = "cpu">} {}

// -----

// expected-error @+1 {{link 'l' destination names unknown device 'gpu'}}
module attributes {ap.target = #ap.target<devices = [#ap.device<"cpu", host, precisions = [f32]>], links = [#ap.link<"l", @cpu -> @gpu>], host = "cpu", default = "cpu">} {}

// -----

// expected-error @+1 {{link 'l' source names unknown memory tier 'hbm' of device 'cpu'}}
module attributes {ap.target = #ap.target<devices = [#ap.device<"cpu", host, precisions = [f32], memories = [#ap.memory<"dram", capacity = 1>]>, #ap.device<"npu", accelerator, precisions = [f16]>], links = [#ap.link<"l", @cpu::@hbm -> @npu>], host = "cpu", default = "cpu">} {}

// -----

// expected-error @+1 {{target host 'cpu' is not one of its devices}}
module attributes {ap.target = #ap.target<devices = [#ap.device<"npu", accelerator, precisions = [f16]>], host = "cpu", default = "npu">} {}

// -----

// expected-error @+1 {{target host 'npu' must be a device of kind 'host'}}
module attributes {ap.target = #ap.target<devices = [#ap.device<"npu", accelerator, precisions = [f16]>], host = "npu", default = "npu">} {}

// -----

// expected-error @+1 {{target default device 'gpu' is not one of its devices}}
module attributes {ap.target = #ap.target<devices = [#ap.device<"cpu", host, precisions = [f32]>], host = "cpu", default = "gpu">} {}

// -----

// expected-error @+1 {{'builtin.module' op attribute 'ap.target' must be an #ap.target, got 1 : i64}}
module attributes {ap.target = 1} {}

// -----

// expected-error @+1 {{'builtin.module' op unknown ap dialect attribute 'ap.targets'}}
module attributes {ap.targets = 1} {}

// -----

// expected-error @+1 {{'wire' lists at least one precision; omit it for a link that carries any precision}}
func.func private @f() attributes {t = #ap.link<"l", @a -> @b, wire = []>}

// -----

// expected-error @+1 {{link energy per byte must be non-negative and finite, got -1}}
func.func private @f() attributes {t = #ap.link<"l", @a -> @b, energy_per_byte = -1.0>}

// -----

// expected-error @+1 {{duplicate key 'devices'}}
module attributes {ap.target = #ap.target<devices = [#ap.device<"cpu", host, precisions = [f32]>], devices = [], host = "cpu", default = "cpu">} {}

// -----

// Figures are floating-point literals, as everywhere in MLIR.
// expected-error @+2 {{unexpected decimal integer literal for a floating point value}}
// expected-note @+1 {{add a trailing dot to make the literal a float}}
func.func private @f() attributes {t = #ap.link<"l", @a -> @b, latency = 3>}
