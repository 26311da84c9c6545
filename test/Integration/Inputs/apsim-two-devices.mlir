module attributes {ap.target = #ap.target<devices = [
  #ap.device<"cpu", host, precisions = [f32],
    memories = [#ap.memory<"dram", capacity = 1000000000, bandwidth = 1.0e+09, energy_per_byte = 1.0e-09>],
    clock = 1.0e+09, units = 1, ops_per_cycle = {f32 = 1.0}, energy_per_op = {f32 = 1.0e-09},
    launch_overhead = 0.0, switch_latency = 0.0, idle_power = 1.0>,
  #ap.device<"npu", accelerator, precisions = [f32, f16],
    memories = [#ap.memory<"sram", capacity = 4096, bandwidth = 1.0e+10, energy_per_byte = 1.0e-12>,
                #ap.memory<"dram", capacity = 1000000000, bandwidth = 1.0e+09, energy_per_byte = 1.0e-10>],
    clock = 1.0e+09, units = 2, ops_per_cycle = {f32 = 1.0, f16 = 2.0},
    energy_per_op = {f32 = 4.0e-12, f16 = 2.0e-12},
    launch_overhead = 1.0e-06, switch_latency = 1.0e-06, idle_power = 0.5>],
  links = [#ap.link<"pcie", @cpu -> @npu, bidirectional, latency = 1.0e-06, bandwidth = 1.0e+09,
                    energy_per_byte = 1.0e-10, wire = [f32, f16], converts>],
  host = "cpu", default = "npu">} {
func.func @main(%x: tensor<4xf32>) -> tensor<4xf32> {
  apsim.define 0 on @cpu format f32 bytes 16
  %e0 = tensor.empty() : tensor<4xf32>
  %x1 = apsim.dma "x.to.npu" %x into %e0 from @cpu to @npu via @pcie wire f16 ids 0 -> 1 : tensor<4xf32> into tensor<4xf32>
  apsim.release 0
  apsim.launch "main#0" on @npu precision f32 reads [1] writes [2 : 16 : f32]
    cost #apsim.cost<time = 2.0e-06, compute_time = 2.0e-09, memory_time = 3.2e-08, overhead_time = 1.0e-06,
                     dynamic_energy = 1.0e-09, static_energy = 1.0e-06, ops = 4, bytes_read = 32, bytes_written = 16>
  %e1 = tensor.empty() : tensor<4xf32>
  %y = linalg.add ins(%x1, %x1 : tensor<4xf32>, tensor<4xf32>) outs(%e1 : tensor<4xf32>) -> tensor<4xf32>
  apsim.release 1
  %e2 = tensor.empty() : tensor<4xf32>
  %r = apsim.dma "y.to.cpu" %y into %e2 from @npu to @cpu via @pcie ids 2 -> 3 : tensor<4xf32> into tensor<4xf32>
  apsim.release 2
  apsim.wait all
  return %r : tensor<4xf32>
}
}
