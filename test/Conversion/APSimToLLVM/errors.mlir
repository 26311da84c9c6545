// RUN: ap-opt %s --convert-apsim-to-llvm --split-input-file --verify-diagnostics

// Without a target, device indices cannot be resolved.
func.func @no_target() {
  // expected-error @+1 {{'apsim.define' op needs an #ap.target on an enclosing module (the 'ap.target' attribute, see ap-attach-target) to resolve the device, memory and link indices of the runtime}}
  apsim.define 0 on @cpu format f32 bytes 16
  return
}

// -----

// Releases and waits for all name no device: they need no target.
func.func @no_device() {
  apsim.release 3
  apsim.wait all
  return
}

// -----

module attributes {ap.target = #ap.target<devices = [
  #ap.device<"cpu", host, precisions = [f32], memories = [#ap.memory<"dram", capacity = 1000000>]>],
  host = "cpu", default = "cpu">} {
func.func @tensors(%x: tensor<4xf32>, %y: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{'apsim.dma' op operates on tensors: bufferize it first (one-shot-bufferize) so that it operates on memrefs}}
  %r = apsim.dma "t" %x into %y from @cpu to @cpu::@dram ids 0 -> 1 : tensor<4xf32> into tensor<4xf32>
  return %r : tensor<4xf32>
}
}

// -----

module attributes {ap.target = #ap.target<devices = [
  #ap.device<"cpu", host, precisions = [f32], memories = [#ap.memory<"dram", capacity = 1000000>]>],
  host = "cpu", default = "cpu">} {
func.func @observe_tensor(%x: tensor<4xf32>) {
  // expected-error @+1 {{'apsim.observe' op operates on tensors: bufferize it first (one-shot-bufferize) so that it operates on memrefs}}
  apsim.observe %x id "x" on @cpu : tensor<4xf32>
  return
}
}
