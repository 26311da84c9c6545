// The verifier rejects names the target lacks; with verification disabled
// (a pass that rewrote the target), the conversion still reports them.
// RUN: ap-opt %s --mlir-very-unsafe-disable-verifier-on-parsing --verify-each=false --convert-apsim-to-llvm --split-input-file --verify-diagnostics

module attributes {ap.target = #ap.target<devices = [
  #ap.device<"cpu", host, precisions = [f32], memories = [#ap.memory<"dram", capacity = 1000000>]>,
  #ap.device<"npu", accelerator, precisions = [f32], memories = [#ap.memory<"sram", capacity = 4096>]>],
  host = "cpu", default = "npu">} {
func.func @unknown_device() {
  // expected-error @+1 {{'apsim.launch' op the launch location names device 'gpu', which the module's target does not have (devices: 'cpu', 'npu')}}
  apsim.launch "k" on @gpu precision f32 reads [] writes []
      cost #apsim.cost<time = 1.0e-06, compute_time = 0.0, memory_time = 0.0,
                       overhead_time = 1.0e-06, dynamic_energy = 0.0,
                       static_energy = 0.0, ops = 0, bytes_read = 0, bytes_written = 0>
  return
}
}

// -----

module attributes {ap.target = #ap.target<devices = [
  #ap.device<"cpu", host, precisions = [f32], memories = [#ap.memory<"dram", capacity = 1000000>]>,
  #ap.device<"npu", accelerator, precisions = [f32], memories = [#ap.memory<"sram", capacity = 4096>]>],
  host = "cpu", default = "npu">} {
func.func @unknown_tier_and_link(%x: memref<4xf32>, %y: memref<4xf32>) {
  // expected-error @+1 {{'apsim.define' op the buffer location names memory tier 'hbm' of device 'npu', which the module's target does not have}}
  apsim.define 0 on @npu::@hbm format f32 bytes 16
  // expected-error @+1 {{'apsim.dma' op names link 'nvlink', which the module's target does not have}}
  apsim.dma "x" %x into %y from @cpu to @npu via @nvlink ids 0 -> 1 : memref<4xf32> into memref<4xf32>
  return
}
}

// -----

module attributes {ap.target = #ap.target<devices = [
  #ap.device<"cpu", host, precisions = [f32], memories = [#ap.memory<"dram", capacity = 1000000>]>],
  host = "cpu", default = "cpu">} {
func.func @unknown_observed_device(%x: memref<4xf32>) {
  // expected-error @+1 {{'apsim.observe' op the observed device names device 'npu', which the module's target does not have (devices: 'cpu')}}
  apsim.observe %x id "x" on @npu : memref<4xf32>
  return
}
}
