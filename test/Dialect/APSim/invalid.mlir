// RUN: ap-opt %s -split-input-file -verify-diagnostics

// Every verifier message of the apsim operations and attributes, and the
// errors of their custom syntax.

// expected-error @+1 {{cost figure 'memory_time' must be finite and non-negative, got -1.000000e+00}}
func.func private @f() attributes {c = #apsim.cost<time = 1.0, compute_time = 0.5, memory_time = -1.0, overhead_time = 0.5, dynamic_energy = 0.0, static_energy = 0.0, ops = 1, bytes_read = 1, bytes_written = 1>}

// -----

// expected-error @+1 {{cost figure 'static_energy' must be finite and non-negative, got INF}}
func.func private @f() attributes {c = #apsim.cost<time = 1.0, compute_time = 0.5, memory_time = 0.5, overhead_time = 0.5, dynamic_energy = 0.0, static_energy = 0x7FF0000000000000, ops = 1, bytes_read = 1, bytes_written = 1>}

// -----

// expected-error @+1 {{cost figure 'time' must be finite and non-negative, got nan}}
func.func private @f() attributes {c = #apsim.cost<time = 0x7FF8000000000000, compute_time = 0.5, memory_time = 0.5, overhead_time = 0.5, dynamic_energy = 0.0, static_energy = 0.0, ops = 1, bytes_read = 1, bytes_written = 1>}

// -----

// expected-error @+1 {{cost count 'bytes_written' must be non-negative, got -1}}
func.func private @f() attributes {c = #apsim.cost<time = 1.0, compute_time = 0.5, memory_time = 0.5, overhead_time = 0.5, dynamic_energy = 0.0, static_energy = 0.0, ops = 1, bytes_read = 1, bytes_written = -1>}

// -----

// expected-error @+1 {{cost time 2.500000e-01 is less than the overhead time 5.000000e-01}}
func.func private @f() attributes {c = #apsim.cost<time = 0.25, compute_time = 0.5, memory_time = 0.5, overhead_time = 0.5, dynamic_energy = 0.0, static_energy = 0.0, ops = 1, bytes_read = 1, bytes_written = 1>}

// -----

// expected-error @+1 {{expected 'compute_time'}}
func.func private @f() attributes {c = #apsim.cost<time = 1.0, memory_time = 0.5, compute_time = 0.5, overhead_time = 0.5, dynamic_energy = 0.0, static_energy = 0.0, ops = 1, bytes_read = 1, bytes_written = 1>}

// -----

module attributes {ap.target = #ap.target<
    devices = [#ap.device<"cpu", host, precisions = [f32]>,
               #ap.device<"npu", accelerator, precisions = [f16, i8],
                          memories = [#ap.memory<"sram", capacity = 1048576>]>],
    links = [#ap.link<"pcie", @cpu -> @npu, wire = [f32, f16]>],
    host = "cpu", default = "npu">} {
func.func @f() {
  // expected-error @+1 {{buffer location names unknown device 'gpu'}}
  apsim.define 0 on @gpu format f32 bytes 4
  return
}
}

// -----

module attributes {ap.target = #ap.target<
    devices = [#ap.device<"cpu", host, precisions = [f32]>,
               #ap.device<"npu", accelerator, precisions = [f16, i8],
                          memories = [#ap.memory<"sram", capacity = 1048576>]>],
    links = [#ap.link<"pcie", @cpu -> @npu, wire = [f32, f16]>],
    host = "cpu", default = "npu">} {
func.func @f() {
  // expected-error @+1 {{buffer location names unknown memory tier 'dram' of device 'npu'}}
  apsim.define 0 on @npu::@dram format f32 bytes 4
  return
}
}

// -----

func.func @f() {
  // expected-error @+1 {{buffer location @npu::@sram::@bank must be @device or @device::@memory_tier}}
  apsim.define 0 on @npu::@sram::@bank format f32 bytes 4
  return
}

// -----

func.func @f() {
  // expected-error @+1 {{property 'bytes' failed to satisfy constraint: non-negative byte count}}
  apsim.define 0 on @npu format f32 bytes -4
  return
}

// -----

func.func @f() {
  // expected-error @+1 {{property 'id' failed to satisfy constraint: non-negative buffer id}}
  apsim.define -1 on @npu format f32 bytes 4
  return
}

// -----

func.func @f() {
  // expected-error @+1 {{property 'id' failed to satisfy constraint: non-negative buffer id}}
  apsim.release -2
  return
}

// -----

func.func @f() {
  // expected-error @+2 {{expected one of [f32, f16, bf16, f8E4M3FN, f8E5M2, i32, i16, i8, u8, i4, u4, opaque] for the format of a buffer in memory, got: f64}}
  // expected-error @+1 {{invalid value for property format, expected the format of a buffer in memory}}
  apsim.define 0 on @npu format f64 bytes 4
  return
}

// -----

module attributes {ap.target = #ap.target<
    devices = [#ap.device<"cpu", host, precisions = [f32]>,
               #ap.device<"npu", accelerator, precisions = [f16, i8],
                          memories = [#ap.memory<"sram", capacity = 1048576>]>],
    links = [#ap.link<"pcie", @cpu -> @npu, wire = [f32, f16]>],
    host = "cpu", default = "npu">} {
func.func @f() {
  // expected-error @+1 {{needs a non-empty name (the cost key)}}
  apsim.launch "" on @npu precision f16 reads [] writes [] cost #apsim.cost<time = 1.0, compute_time = 0.5, memory_time = 0.5, overhead_time = 0.5, dynamic_energy = 0.0, static_energy = 0.0, ops = 1, bytes_read = 1, bytes_written = 1>
  return
}
}

// -----

module attributes {ap.target = #ap.target<
    devices = [#ap.device<"cpu", host, precisions = [f32]>,
               #ap.device<"npu", accelerator, precisions = [f16, i8],
                          memories = [#ap.memory<"sram", capacity = 1048576>]>],
    links = [#ap.link<"pcie", @cpu -> @npu, wire = [f32, f16]>],
    host = "cpu", default = "npu">} {
func.func @f() {
  // expected-error @+1 {{buffer id 3 appears more than once in reads and writes}}
  apsim.launch "k" on @npu precision f16 reads [3] writes [3 : 4 : f16] cost #apsim.cost<time = 1.0, compute_time = 0.5, memory_time = 0.5, overhead_time = 0.5, dynamic_energy = 0.0, static_energy = 0.0, ops = 1, bytes_read = 1, bytes_written = 1>
  return
}
}

// -----

module attributes {ap.target = #ap.target<
    devices = [#ap.device<"cpu", host, precisions = [f32]>,
               #ap.device<"npu", accelerator, precisions = [f16, i8],
                          memories = [#ap.memory<"sram", capacity = 1048576>]>],
    links = [#ap.link<"pcie", @cpu -> @npu, wire = [f32, f16]>],
    host = "cpu", default = "npu">} {
func.func @f() {
  // expected-error @+1 {{buffer id 1 appears more than once in reads and writes}}
  apsim.launch "k" on @npu precision f16 reads [1, 1] writes [] cost #apsim.cost<time = 1.0, compute_time = 0.5, memory_time = 0.5, overhead_time = 0.5, dynamic_energy = 0.0, static_energy = 0.0, ops = 1, bytes_read = 1, bytes_written = 1>
  return
}
}

// -----

module attributes {ap.target = #ap.target<
    devices = [#ap.device<"cpu", host, precisions = [f32]>,
               #ap.device<"npu", accelerator, precisions = [f16, i8],
                          memories = [#ap.memory<"sram", capacity = 1048576>]>],
    links = [#ap.link<"pcie", @cpu -> @npu, wire = [f32, f16]>],
    host = "cpu", default = "npu">} {
func.func @f() {
  // expected-error @+1 {{buffer id 2 appears more than once in reads and writes}}
  apsim.launch "k" on @npu precision f16 reads [] writes [2 : 4 : f16, 2 : 8 : f16] cost #apsim.cost<time = 1.0, compute_time = 0.5, memory_time = 0.5, overhead_time = 0.5, dynamic_energy = 0.0, static_energy = 0.0, ops = 1, bytes_read = 1, bytes_written = 1>
  return
}
}

// -----

module attributes {ap.target = #ap.target<
    devices = [#ap.device<"cpu", host, precisions = [f32]>,
               #ap.device<"npu", accelerator, precisions = [f16, i8],
                          memories = [#ap.memory<"sram", capacity = 1048576>]>],
    links = [#ap.link<"pcie", @cpu -> @npu, wire = [f32, f16]>],
    host = "cpu", default = "npu">} {
func.func @f() {
  // expected-error @+1 {{buffer id -1 is negative}}
  apsim.launch "k" on @npu precision f16 reads [-1] writes [] cost #apsim.cost<time = 1.0, compute_time = 0.5, memory_time = 0.5, overhead_time = 0.5, dynamic_energy = 0.0, static_energy = 0.0, ops = 1, bytes_read = 1, bytes_written = 1>
  return
}
}

// -----

module attributes {ap.target = #ap.target<
    devices = [#ap.device<"cpu", host, precisions = [f32]>,
               #ap.device<"npu", accelerator, precisions = [f16, i8],
                          memories = [#ap.memory<"sram", capacity = 1048576>]>],
    links = [#ap.link<"pcie", @cpu -> @npu, wire = [f32, f16]>],
    host = "cpu", default = "npu">} {
func.func @f() {
  // expected-error @+1 {{written buffer 2 has a negative byte count -4}}
  apsim.launch "k" on @npu precision f16 reads [] writes [2 : -4 : f16] cost #apsim.cost<time = 1.0, compute_time = 0.5, memory_time = 0.5, overhead_time = 0.5, dynamic_energy = 0.0, static_energy = 0.0, ops = 1, bytes_read = 1, bytes_written = 1>
  return
}
}

// -----

module attributes {ap.target = #ap.target<
    devices = [#ap.device<"cpu", host, precisions = [f32]>,
               #ap.device<"npu", accelerator, precisions = [f16, i8],
                          memories = [#ap.memory<"sram", capacity = 1048576>]>],
    links = [#ap.link<"pcie", @cpu -> @npu, wire = [f32, f16]>],
    host = "cpu", default = "npu">} {
func.func @f() {
  // expected-error @+1 {{launch location names unknown device 'gpu'}}
  apsim.launch "k" on @gpu precision f16 reads [] writes [] cost #apsim.cost<time = 1.0, compute_time = 0.5, memory_time = 0.5, overhead_time = 0.5, dynamic_energy = 0.0, static_energy = 0.0, ops = 1, bytes_read = 1, bytes_written = 1>
  return
}
}

// -----

module attributes {ap.target = #ap.target<
    devices = [#ap.device<"cpu", host, precisions = [f32]>,
               #ap.device<"npu", accelerator, precisions = [f16, i8],
                          memories = [#ap.memory<"sram", capacity = 1048576>]>],
    links = [#ap.link<"pcie", @cpu -> @npu, wire = [f32, f16]>],
    host = "cpu", default = "npu">} {
func.func @f() {
  // expected-error @+1 {{launch location names unknown memory tier 'l2' of device 'npu'}}
  apsim.launch "k" on @npu::@l2 precision f16 reads [] writes [] cost #apsim.cost<time = 1.0, compute_time = 0.5, memory_time = 0.5, overhead_time = 0.5, dynamic_energy = 0.0, static_energy = 0.0, ops = 1, bytes_read = 1, bytes_written = 1>
  return
}
}

// -----

func.func @f() {
  // expected-error @+1 {{launch location @npu::@sram::@bank must be @device or @device::@memory_tier}}
  apsim.launch "k" on @npu::@sram::@bank precision f16 reads [] writes [] cost #apsim.cost<time = 1.0, compute_time = 0.5, memory_time = 0.5, overhead_time = 0.5, dynamic_energy = 0.0, static_energy = 0.0, ops = 1, bytes_read = 1, bytes_written = 1>
  return
}

// -----

module attributes {ap.target = #ap.target<
    devices = [#ap.device<"cpu", host, precisions = [f32]>,
               #ap.device<"npu", accelerator, precisions = [f16, i8],
                          memories = [#ap.memory<"sram", capacity = 1048576>]>],
    links = [#ap.link<"pcie", @cpu -> @npu, wire = [f32, f16]>],
    host = "cpu", default = "npu">} {
func.func @f() {
  // expected-error @+1 {{device 'npu' does not support precision 'bf16'}}
  apsim.launch "k" on @npu::@sram precision bf16 reads [] writes [] cost #apsim.cost<time = 1.0, compute_time = 0.5, memory_time = 0.5, overhead_time = 0.5, dynamic_energy = 0.0, static_energy = 0.0, ops = 1, bytes_read = 1, bytes_written = 1>
  return
}
}

// -----

func.func @f() {
  // expected-error @+1 {{unknown format 'f64'}}
  apsim.launch "k" on @npu precision f16 reads [] writes [1 : 4 : f64] cost #apsim.cost<time = 1.0, compute_time = 0.5, memory_time = 0.5, overhead_time = 0.5, dynamic_energy = 0.0, static_energy = 0.0, ops = 1, bytes_read = 1, bytes_written = 1>
  return
}

// -----

func.func @f() {
  // expected-error @+1 {{'name' is an inherent attribute of the op, given by its syntax}}
  apsim.launch "k" on @npu precision f16 reads [] writes [] cost #apsim.cost<time = 1.0, compute_time = 0.5, memory_time = 0.5, overhead_time = 0.5, dynamic_energy = 0.0, static_energy = 0.0, ops = 1, bytes_read = 1, bytes_written = 1> {name = "x"}
  return
}

// -----

func.func @f() {
  // expected-error @+1 {{expected an #apsim.cost attribute}}
  apsim.launch "k" on @npu precision f16 reads [] writes [] cost 1
  return
}

// -----

func.func @f() {
  // expected-error @+1 {{has 1 written ids but 0 byte counts and 1 formats}}
  "apsim.launch"() <{cost = #apsim.cost<time = 1.0, compute_time = 0.5, memory_time = 0.5, overhead_time = 0.5, dynamic_energy = 0.0, static_energy = 0.0, ops = 1, bytes_read = 1, bytes_written = 1>, endpoint = @npu, name = "k", precision = #ap.precision<f16>, reads = array<i64>, writeBytes = array<i64>, writeFormats = [#apsim.format<f16>], writeIds = array<i64: 1>}> : () -> ()
  return
}

// -----

module attributes {ap.target = #ap.target<
    devices = [#ap.device<"cpu", host, precisions = [f32]>,
               #ap.device<"npu", accelerator, precisions = [f16, i8],
                          memories = [#ap.memory<"sram", capacity = 1048576>]>],
    links = [#ap.link<"pcie", @cpu -> @npu, wire = [f32, f16]>],
    host = "cpu", default = "npu">} {
func.func @f() {
  // expected-error @+1 {{switched device names unknown device 'gpu'}}
  apsim.switch @gpu precision f16
  return
}
}

// -----

module attributes {ap.target = #ap.target<
    devices = [#ap.device<"cpu", host, precisions = [f32]>,
               #ap.device<"npu", accelerator, precisions = [f16, i8],
                          memories = [#ap.memory<"sram", capacity = 1048576>]>],
    links = [#ap.link<"pcie", @cpu -> @npu, wire = [f32, f16]>],
    host = "cpu", default = "npu">} {
func.func @f() {
  // expected-error @+1 {{device 'cpu' does not support precision 'f16'}}
  apsim.switch @cpu precision f16
  return
}
}

// -----

module attributes {ap.target = #ap.target<
    devices = [#ap.device<"cpu", host, precisions = [f32]>,
               #ap.device<"npu", accelerator, precisions = [f16, i8],
                          memories = [#ap.memory<"sram", capacity = 1048576>]>],
    links = [#ap.link<"pcie", @cpu -> @npu, wire = [f32, f16]>],
    host = "cpu", default = "npu">} {
func.func @f() {
  // expected-error @+1 {{awaited device names unknown device 'gpu'}}
  apsim.wait @gpu
  return
}
}

// -----

module attributes {ap.target = #ap.target<
    devices = [#ap.device<"cpu", host, precisions = [f32]>,
               #ap.device<"npu", accelerator, precisions = [f16, i8],
                          memories = [#ap.memory<"sram", capacity = 1048576>]>],
    links = [#ap.link<"pcie", @cpu -> @npu, wire = [f32, f16]>],
    host = "cpu", default = "npu">} {
func.func @f(%x: tensor<4xf32>, %i: tensor<4xf16>) {
  // expected-error @+1 {{needs a non-empty name}}
  %y = apsim.dma "" %x into %i from @cpu to @npu ids 0 -> 1 : tensor<4xf32> into tensor<4xf16>
  return
}
}

// -----

func.func @f(%x: tensor<4xf32>, %i: memref<4xf32>) {
  // expected-error @+1 {{input and init must both be tensors or both be memrefs, got 'tensor<4xf32>' and 'memref<4xf32>'}}
  apsim.dma "d" %x into %i from @cpu to @npu ids 0 -> 1 : tensor<4xf32> into memref<4xf32>
  return
}

// -----

func.func @f(%x: tensor<4xf32>, %i: tensor<5xf16>) {
  // expected-error @+1 {{input shape and init shape must be equal, got 'tensor<4xf32>' and 'tensor<5xf16>'}}
  %y = apsim.dma "d" %x into %i from @cpu to @npu ids 0 -> 1 : tensor<4xf32> into tensor<5xf16>
  return
}

// -----

func.func @f(%x: tensor<4xi8>, %i: tensor<4xi16>) {
  // expected-error @+1 {{init element type 'i16' must equal the input element type 'i8' unless both are floating-point}}
  %y = apsim.dma "d" %x into %i from @cpu to @npu ids 0 -> 1 : tensor<4xi8> into tensor<4xi16>
  return
}

// -----

func.func @f(%x: memref<4xi32>, %i: memref<4xf32>) {
  // expected-error @+1 {{init element type 'f32' must equal the input element type 'i32' unless both are floating-point}}
  apsim.dma "d" %x into %i from @cpu to @npu ids 0 -> 1 : memref<4xi32> into memref<4xf32>
  return
}

// -----

func.func @f(%x: tensor<4xf32>, %i: tensor<4xf16>) {
  // expected-error @+1 {{transfers from @npu::@sram to itself}}
  %y = apsim.dma "d" %x into %i from @npu::@sram to @npu::@sram ids 0 -> 1 : tensor<4xf32> into tensor<4xf16>
  return
}

// -----

func.func @f(%x: tensor<4xf32>, %i: tensor<4xf16>) {
  // expected-error @+1 {{source and destination buffer ids must differ, got 3}}
  %y = apsim.dma "d" %x into %i from @cpu to @npu ids 3 -> 3 : tensor<4xf32> into tensor<4xf16>
  return
}

// -----

func.func @f(%x: tensor<4xf32>, %i: tensor<4xf16>) {
  // expected-error @+1 {{buffer ids must be non-negative}}
  %y = apsim.dma "d" %x into %i from @cpu to @npu ids -1 -> 3 : tensor<4xf32> into tensor<4xf16>
  return
}

// -----

func.func @f(%x: tensor<4xi8>, %i: tensor<4xi8>) {
  // expected-error @+1 {{a wire precision needs a floating-point input; 'i8' values cross the link in their own type}}
  %y = apsim.dma "d" %x into %i from @cpu to @npu wire f16 ids 0 -> 1 : tensor<4xi8> into tensor<4xi8>
  return
}

// -----

func.func @f(%x: tensor<4xf32>, %i: tensor<4xf16>) {
  // expected-error @+1 {{wire precision 'i8' is not a floating-point format}}
  %y = apsim.dma "d" %x into %i from @cpu to @npu wire i8 ids 0 -> 1 : tensor<4xf32> into tensor<4xf16>
  return
}

// -----

func.func @f(%x: tensor<4xf32>, %i: tensor<4xf4E2M1FN>) {
  // expected-error @+1 {{init element type 'f4E2M1FN' is not supported: conversions need a format with NaN and negative values}}
  %y = apsim.dma "d" %x into %i from @cpu to @npu ids 0 -> 1 : tensor<4xf32> into tensor<4xf4E2M1FN>
  return
}

// -----

func.func @f(%x: tensor<4xf8E8M0FNU>, %i: tensor<4xf8E8M0FNU>) {
  // expected-error @+1 {{input element type 'f8E8M0FNU' is not supported: conversions need a format with NaN and negative values}}
  %y = apsim.dma "d" %x into %i from @cpu to @npu wire f16 ids 0 -> 1 : tensor<4xf8E8M0FNU> into tensor<4xf8E8M0FNU>
  return
}

// -----

func.func @f(%x: tensor<4xf32>, %i: tensor<4xf16>) {
  // expected-error @+1 {{source @npu::@sram::@bank must be @device or @device::@memory_tier}}
  %y = apsim.dma "d" %x into %i from @npu::@sram::@bank to @cpu ids 0 -> 1 : tensor<4xf32> into tensor<4xf16>
  return
}

// -----

module attributes {ap.target = #ap.target<
    devices = [#ap.device<"cpu", host, precisions = [f32]>,
               #ap.device<"npu", accelerator, precisions = [f16, i8],
                          memories = [#ap.memory<"sram", capacity = 1048576>]>],
    links = [#ap.link<"pcie", @cpu -> @npu, wire = [f32, f16]>],
    host = "cpu", default = "npu">} {
func.func @f(%x: tensor<4xf32>, %i: tensor<4xf16>) {
  // expected-error @+1 {{destination names unknown device 'gpu'}}
  %y = apsim.dma "d" %x into %i from @cpu to @gpu ids 0 -> 1 : tensor<4xf32> into tensor<4xf16>
  return
}
}

// -----

module attributes {ap.target = #ap.target<
    devices = [#ap.device<"cpu", host, precisions = [f32]>,
               #ap.device<"npu", accelerator, precisions = [f16, i8],
                          memories = [#ap.memory<"sram", capacity = 1048576>]>],
    links = [#ap.link<"pcie", @cpu -> @npu, wire = [f32, f16]>],
    host = "cpu", default = "npu">} {
func.func @f(%x: tensor<4xf32>, %i: tensor<4xf16>) {
  // expected-error @+1 {{source names unknown memory tier 'dram' of device 'npu'}}
  %y = apsim.dma "d" %x into %i from @npu::@dram to @cpu ids 0 -> 1 : tensor<4xf32> into tensor<4xf16>
  return
}
}

// -----

module attributes {ap.target = #ap.target<
    devices = [#ap.device<"cpu", host, precisions = [f32]>,
               #ap.device<"npu", accelerator, precisions = [f16, i8],
                          memories = [#ap.memory<"sram", capacity = 1048576>]>],
    links = [#ap.link<"pcie", @cpu -> @npu, wire = [f32, f16]>],
    host = "cpu", default = "npu">} {
func.func @f(%x: tensor<4xf32>, %i: tensor<4xf16>) {
  // expected-error @+1 {{names unknown link 'nvlink'}}
  %y = apsim.dma "d" %x into %i from @cpu to @npu via @nvlink ids 0 -> 1 : tensor<4xf32> into tensor<4xf16>
  return
}
}

// -----

module attributes {ap.target = #ap.target<
    devices = [#ap.device<"cpu", host, precisions = [f32]>,
               #ap.device<"npu", accelerator, precisions = [f16, i8],
                          memories = [#ap.memory<"sram", capacity = 1048576>]>],
    links = [#ap.link<"pcie", @cpu -> @npu, wire = [f32, f16]>],
    host = "cpu", default = "npu">} {
func.func @f(%x: tensor<4xf32>, %i: tensor<4xf16>) {
  // expected-error @+1 {{link 'pcie' does not connect @npu to @cpu}}
  %y = apsim.dma "d" %x into %i from @npu to @cpu via @pcie ids 0 -> 1 : tensor<4xf32> into tensor<4xf16>
  return
}
}

// -----

module attributes {ap.target = #ap.target<
    devices = [#ap.device<"cpu", host, precisions = [f32]>,
               #ap.device<"npu", accelerator, precisions = [f16, i8],
                          memories = [#ap.memory<"sram", capacity = 1048576>]>],
    links = [#ap.link<"pcie", @cpu -> @npu, wire = [f32, f16]>],
    host = "cpu", default = "npu">} {
func.func @f(%x: tensor<4xf32>, %i: tensor<4xf16>) {
  // expected-error @+1 {{link 'pcie' does not support wire precision 'bf16'}}
  %y = apsim.dma "d" %x into %i from @cpu to @npu::@sram via @pcie wire bf16 ids 0 -> 1 : tensor<4xf32> into tensor<4xf16>
  return
}
}

// -----

func.func @f(%x: tensor<4xf32>, %i: tensor<4xf16>) {
  // expected-error @+1 {{'via' is an inherent attribute of the op, given by its syntax}}
  %y = apsim.dma "d" %x into %i from @cpu to @npu ids 0 -> 1 {via = @pcie} : tensor<4xf32> into tensor<4xf16>
  return
}

// -----

func.func @f(%x: tensor<4xf32>, %i: tensor<4xf32>) {
  // expected-error @+1 {{result type 'tensor<4xf16>' must equal the init type 'tensor<4xf32>'}}
  %y = "apsim.dma"(%x, %i) <{destination = 1 : i64, from = @cpu, name = "d", source = 0 : i64, to = @npu}> : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf16>
  return
}

// -----

func.func @f(%x: tensor<4xf32>, %i: tensor<4xf32>) {
  // expected-error @+1 {{on tensors returns the updated init}}
  "apsim.dma"(%x, %i) <{destination = 1 : i64, from = @cpu, name = "d", source = 0 : i64, to = @npu}> : (tensor<4xf32>, tensor<4xf32>) -> ()
  return
}

// -----

func.func @f(%x: memref<4xf32>, %i: memref<4xf32>) {
  // expected-error @+1 {{on memrefs has no result}}
  %y = "apsim.dma"(%x, %i) <{destination = 1 : i64, from = @cpu, name = "d", source = 0 : i64, to = @npu}> : (memref<4xf32>, memref<4xf32>) -> tensor<4xf32>
  return
}

// -----

func.func @f(%x: tensor<4xf32>, %r: tensor<4xf32>) {
  // expected-error @+1 {{needs a non-empty id}}
  apsim.probe variance %x id "" on @npu : tensor<4xf32>
  return
}

// -----

func.func @f(%x: tensor<4xf32>, %r: tensor<4xf32>) {
  // expected-error @+1 {{sample rate must be in (0, 1], got 0.000000e+00}}
  apsim.probe variance %x id "p" sample_rate 0.0 on @npu : tensor<4xf32>
  return
}

// -----

func.func @f(%x: tensor<4xf32>, %r: tensor<4xf32>) {
  // expected-error @+1 {{sample rate must be in (0, 1], got 1.500000e+00}}
  apsim.probe variance %x id "p" sample_rate 1.5 on @npu : tensor<4xf32>
  return
}

// -----

func.func @f(%x: tensor<4xf64>) {
  // expected-error @+1 {{probes values in a format of the target, got 'tensor<4xf64>'}}
  apsim.probe variance %x id "p" on @npu : tensor<4xf64>
  return
}

// -----

func.func @f(%x: tensor<4xf32>, %r: tensor<4xf32>) {
  // expected-error @+1 {{metric 'sqnr' needs a reference value}}
  apsim.probe sqnr %x id "p" on @npu : tensor<4xf32>
  return
}

// -----

func.func @f(%x: tensor<4xf32>, %r: memref<4xf32>) {
  // expected-error @+1 {{input and reference must both be tensors or both be memrefs, got 'tensor<4xf32>' and 'memref<4xf32>'}}
  apsim.probe sqnr %x reference %r id "p" on @npu : tensor<4xf32>, memref<4xf32>
  return
}

// -----

func.func @f(%x: tensor<4xf32>, %r: tensor<4xi64>) {
  // expected-error @+1 {{reference must be in a format of the target, got 'tensor<4xi64>'}}
  apsim.probe sqnr %x reference %r id "p" on @npu : tensor<4xf32>, tensor<4xi64>
  return
}

// -----

func.func @f(%x: tensor<4xf32>, %r: tensor<5xf32>) {
  // expected-error @+1 {{reference shape must equal the input shape}}
  apsim.probe sqnr %x reference %r id "p" on @npu : tensor<4xf32>, tensor<5xf32>
  return
}

// -----

func.func @f(%x: tensor<4xf32>, %r: tensor<4xf32>) {
  // expected-error @+1 {{metric 'entropy' takes no reference}}
  apsim.probe entropy %x reference %r id "p" on @npu : tensor<4xf32>, tensor<4xf32>
  return
}

// -----

module attributes {ap.target = #ap.target<
    devices = [#ap.device<"cpu", host, precisions = [f32]>,
               #ap.device<"npu", accelerator, precisions = [f16, i8],
                          memories = [#ap.memory<"sram", capacity = 1048576>]>],
    links = [#ap.link<"pcie", @cpu -> @npu, wire = [f32, f16]>],
    host = "cpu", default = "npu">} {
func.func @f(%x: tensor<4xf32>, %r: tensor<4xf32>) {
  // expected-error @+1 {{probed device names unknown device 'gpu'}}
  apsim.probe variance %x id "p" on @gpu : tensor<4xf32>
  return
}
}

// -----

func.func @f(%x: tensor<4xf32>) {
  // expected-error @+1 {{needs a non-empty id}}
  apsim.observe %x id "" on @npu : tensor<4xf32>
  return
}

// -----

func.func @f(%x: memref<4xf64>) {
  // expected-error @+1 {{observes values in a format of the target, got 'memref<4xf64>'}}
  apsim.observe %x id "o" on @npu : memref<4xf64>
  return
}

// -----

func.func @f(%x: tensor<4xi64>) {
  // expected-error @+1 {{observes values in a format of the target, got 'tensor<4xi64>'}}
  apsim.observe %x id "o" on @npu : tensor<4xi64>
  return
}

// -----

func.func @f(%x: tensor<4xf32>) {
  %u = tensor.cast %x : tensor<4xf32> to tensor<*xf32>
  // expected-error @+1 {{'apsim.observe' op operand #0 must be ranked tensor or memref, but got 'tensor<*xf32>'}}
  apsim.observe %u id "o" on @npu : tensor<*xf32>
  return
}

// -----

module attributes {ap.target = #ap.target<
    devices = [#ap.device<"cpu", host, precisions = [f32]>,
               #ap.device<"npu", accelerator, precisions = [f16, i8],
                          memories = [#ap.memory<"sram", capacity = 1048576>]>],
    host = "cpu", default = "npu">} {
func.func @f(%x: tensor<4xf32>) {
  // expected-error @+1 {{observed device names unknown device 'gpu'}}
  apsim.observe %x id "o" on @gpu : tensor<4xf32>
  return
}
}

// -----

func.func @f(%x: tensor<4xi8>) {
  // expected-error @+1 {{evaluates 'as' another type only for floating-point inputs, got 'tensor<4xi8>'}}
  apsim.probe sqnr %x as f16 id "p" on @npu : tensor<4xi8>
  return
}

// -----

func.func @f(%x: tensor<4xf32>, %r: tensor<4xf32>) {
  // expected-error @+1 {{takes either a reference or 'as', not both}}
  apsim.probe sqnr %x reference %r as f16 id "p" on @npu : tensor<4xf32>, tensor<4xf32>
  return
}

// -----

func.func @f(%x: tensor<4xf32>) {
  // expected-error @+1 {{'as' type must be a floating-point format of the target or a per-tensor !quant.uniform, got 'f64'}}
  apsim.probe sqnr %x as f64 id "p" on @npu : tensor<4xf32>
  return
}

// -----

func.func @f(%x: tensor<4xf32>) {
  // expected-error @+1 {{'as' storage type must be an integer format of the target, got 'i2'}}
  apsim.probe sqnr %x as !quant.uniform<i2:f32, 0.5> id "p" on @npu : tensor<4xf32>
  return
}

// -----

func.func @f(%x: tensor<4xf32>) {
  // expected-error @+1 {{needs a non-empty switch point after 'for'}}
  apsim.probe sqnr %x as f16 id "p" for "" on @npu : tensor<4xf32>
  return
}

// -----

func.func @f() {
  // expected-error @+1 {{needs at least one variant}}
  %v = apsim.select "a" on @npu variants [] default 0
  return
}

// -----

func.func @f() {
  // expected-error @+1 {{has two variants of precision 'f16'}}
  %v = apsim.select "a" on @npu variants [f16, f16] default 0
  return
}

// -----

func.func @f() {
  // expected-error @+1 {{default variant 2 is out of range [0, 2)}}
  %v = apsim.select "a" on @npu variants [f16, i8] default 2
  return
}

// -----

func.func @f() {
  // expected-error @+1 {{has 1 times for 2 variants}}
  %v = apsim.select "a" on @npu variants [f16, i8] default 0 times [1.0]
  return
}

// -----

func.func @f() {
  // expected-error @+1 {{every loss must be finite and non-negative, got -1.000000e+00}}
  %v = apsim.select "a" on @npu variants [f16, i8] default 0 losses [0.0, -1.0]
  return
}

// -----

func.func @f() {
  // expected-error @+1 {{every byte count must be non-negative, got -4}}
  %v = apsim.select "a" on @npu variants [f16, i8] default 0 bytes [4, -4]
  return
}

// -----

func.func @f() {
  // expected-error @+1 {{expected a precision, got 'f64'}}
  %v = apsim.select "a" on @npu variants [f16, f64] default 0
  return
}

// -----

func.func @f() {
  // expected-error @+1 {{needs a non-empty id}}
  %v = apsim.select "" on @npu variants [f16] default 0
  return
}

// -----

module attributes {ap.target = #ap.target<
    devices = [#ap.device<"cpu", host, precisions = [f32]>,
               #ap.device<"npu", accelerator, precisions = [f16, i8]>],
    host = "cpu", default = "npu">} {
  func.func @f() {
    // expected-error @+1 {{device 'npu' does not support precision 'f32'}}
    %v = apsim.select "a" on @npu variants [f32, i8] default 0
    return
  }
}
