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

// expected-error @+1 {{'func.func' op attribute 'ap.cost_key' must be a non-empty string, got ""}}
func.func private @f() attributes {ap.cost_key = ""}

// -----

// expected-error @+1 {{'func.func' op attribute 'ap.cost_key' must be a non-empty string, got 3 : i64}}
func.func private @f() attributes {ap.cost_key = 3}

// -----

// expected-error @+1 {{'func.func' op attribute 'ap.entry_signature' must be a function type, got tensor<2xf32>}}
func.func private @f() attributes {ap.entry_signature = tensor<2xf32>}

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

// -----

// The cost-model fields of a device.

// expected-error @+1 {{device 'd' must have a positive number of units}}
func.func private @f() attributes {t = #ap.device<"d", host, precisions = [f32], units = 0>}

// -----

// expected-error @+1 {{expected integer value}}
func.func private @f() attributes {t = #ap.device<"d", host, precisions = [f32], units = 2.5>}

// -----

// expected-error @+1 {{duplicate key 'units'}}
func.func private @f() attributes {t = #ap.device<"d", host, precisions = [f32], units = 2, units = 4>}

// -----

// expected-error @+1 {{device 'd' ops_per_cycle has no figure for its precision 'i8'}}
func.func private @f() attributes {t = #ap.device<"d", accelerator, precisions = [f16, i8], ops_per_cycle = {f16 = 16.0}>}

// -----

// expected-error @+1 {{device 'd' ops_per_cycle has no figure for its precision 'f16'}}
func.func private @f() attributes {t = #ap.device<"d", accelerator, precisions = [f16], ops_per_cycle = {}>}

// -----

// expected-error @+1 {{device 'd' ops_per_cycle gives a figure for 'i8', which is not one of its precisions}}
func.func private @f() attributes {t = #ap.device<"d", accelerator, precisions = [f16], ops_per_cycle = {f16 = 16.0, i8 = 32.0}>}

// -----

// expected-error @+1 {{device 'd' energy_per_op has no figure for its precision 'f16'}}
func.func private @f() attributes {t = #ap.device<"d", accelerator, precisions = [f16, i8], energy_per_op = {i8 = 2.5e-13}>}

// -----

// expected-error @+1 {{device 'd' energy_per_op gives a figure for 'bf16', which is not one of its precisions}}
func.func private @f() attributes {t = #ap.device<"d", accelerator, precisions = [f16], energy_per_op = {bf16 = 1.0e-12, f16 = 1.0e-12}>}

// -----

// expected-error @+1 {{precision 'f16' appears twice}}
func.func private @f() attributes {t = #ap.device<"d", accelerator, precisions = [f16], ops_per_cycle = {f16 = 16.0, f16 = 8.0}>}

// -----

// expected-error @+1 {{precision 'i8' appears twice}}
func.func private @f() attributes {t = #ap.device<"d", accelerator, precisions = [i8], energy_per_op = {i8 = 1.0e-13, i8 = 1.0e-13}>}

// -----

// expected-error @+1 {{device 'd' ops_per_cycle for 'f16' must be positive and finite, got 0.000000e+00}}
func.func private @f() attributes {t = #ap.device<"d", accelerator, precisions = [f16], ops_per_cycle = {f16 = 0.0}>}

// -----

// expected-error @+1 {{device 'd' ops_per_cycle for 'i8' must be positive and finite, got -3.200000e+01}}
func.func private @f() attributes {t = #ap.device<"d", accelerator, precisions = [f16, i8], ops_per_cycle = {f16 = 16.0, i8 = -32.0}>}

// -----

// expected-error @+1 {{device 'd' ops_per_cycle for 'f16' must be positive and finite, got INF}}
func.func private @f() attributes {t = #ap.device<"d", accelerator, precisions = [f16], ops_per_cycle = {f16 = 0x7FF0000000000000}>}

// -----

// A zero energy per operation is allowed; a negative one is not.
// expected-error @+1 {{device 'd' energy_per_op for 'f16' must be non-negative and finite, got -1.000000e-12}}
func.func private @f() attributes {t = #ap.device<"d", accelerator, precisions = [f16, i8], energy_per_op = {f16 = -1.0e-12, i8 = 0.0}>}

// -----

// expected-error @+1 {{device launch overhead must be non-negative and finite, got -5.000000e-06}}
func.func private @f() attributes {t = #ap.device<"d", accelerator, precisions = [f16], launch_overhead = -5.0e-6>}

// -----

// expected-error @+1 {{device switch latency must be non-negative and finite, got -1.000000e-06}}
func.func private @f() attributes {t = #ap.device<"d", accelerator, precisions = [f16], switch_latency = -1.0e-6>}

// -----

// expected-error @+1 {{device idle power must be non-negative and finite, got -5.000000e-01}}
func.func private @f() attributes {t = #ap.device<"d", accelerator, precisions = [f16], idle_power = -0.5>}

// -----

// expected-error @+1 {{unknown key 'power'; expected one of 'precisions', 'memories', 'clock', 'units', 'ops_per_cycle', 'energy_per_op', 'launch_overhead', 'switch_latency', 'idle_power'}}
func.func private @f() attributes {t = #ap.device<"d", accelerator, precisions = [f16], power = 1.0>}

// -----

// expected-error @+1 {{unknown precision 'fast'}}
func.func private @f() attributes {t = #ap.device<"d", accelerator, precisions = [f16], ops_per_cycle = {fast = 1.0}>}

// -----

// expected-error @+1 {{unknown precision 'f64'}}
func.func private @f() attributes {t = #ap.device<"d", accelerator, precisions = [f16], energy_per_op = {f16 = 1.0e-12, f64 = 1.0e-12}>}

// -----

// expected-error @+1 {{expected valid keyword}}
func.func private @f() attributes {t = #ap.device<"d", accelerator, precisions = [f16], ops_per_cycle = {"f16" = 16.0}>}

// -----

// expected-error @+2 {{unexpected decimal integer literal for a floating point value}}
// expected-note @+1 {{add a trailing dot to make the literal a float}}
func.func private @f() attributes {t = #ap.device<"d", accelerator, precisions = [f16], ops_per_cycle = {f16 = 16}>}

// -----

// The discardable attributes of partitioning and assignment.

func.func @f() {
  // expected-error @+1 {{'arith.constant' op attribute 'ap.memory' must name a memory tier as @device::@tier, got @npu}}
  %c = arith.constant {ap.memory = @npu} dense<1.0> : tensor<4xf32>
  return
}

// -----

func.func @f(%x: tensor<4xf32>) -> tensor<4xf32> {
  %e = tensor.empty() : tensor<4xf32>
  // expected-error @+1 {{'linalg.exp' op attribute 'ap.memory' only applies to constants (weights)}}
  %y = linalg.exp {ap.memory = @npu::@sram} ins(%x : tensor<4xf32>) outs(%e : tensor<4xf32>) -> tensor<4xf32>
  return %y : tensor<4xf32>
}

// -----

func.func @f(%x: tensor<4xf32>) -> tensor<4xf32> {
  %e = tensor.empty() : tensor<4xf32>
  // expected-error @+1 {{'linalg.exp' op attribute 'ap.schedule' must be a dictionary with numbers 'order', 'start' and 'end', got {order = 1 : i64, start = 0.000000e+00 : f64}}}
  %y = linalg.exp {ap.schedule = {order = 1, start = 0.0 : f64}} ins(%x : tensor<4xf32>) outs(%e : tensor<4xf32>) -> tensor<4xf32>
  return %y : tensor<4xf32>
}

// -----

// expected-error @+1 {{'builtin.module' op attribute 'ap.estimated_loss' must be a float >= 0, got -1.000000e+00 : f64}}
module attributes {ap.estimated_loss = -1.0 : f64} {}
