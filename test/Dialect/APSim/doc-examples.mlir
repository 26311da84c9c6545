// RUN: ap-opt %s | FileCheck %s

// The examples of the op and attribute descriptions (docs/generated/
// APSimDialect.md), copied verbatim into functions that define the values
// they use, so that the documentation only shows IR that parses and
// verifies against a target.

module attributes {ap.target = #ap.target<
    devices = [#ap.device<"cpu", host, precisions = [f32]>,
               #ap.device<"npu", accelerator, precisions = [f16, i8],
                          memories = [#ap.memory<"sram", capacity = 1048576>,
                                      #ap.memory<"dram", capacity = 1073741824>]>],
    links = [#ap.link<"pcie", @cpu -> @npu, bidirectional,
                      wire = [f32, f16, bf16]>],
    host = "cpu", default = "npu">,
  doc.cost = #apsim.cost<time = 6.0e-06, compute_time = 1.0e-06, memory_time = 5.0e-07,
                         overhead_time = 5.0e-06, dynamic_energy = 1.0e-09,
                         static_energy = 3.0e-09, ops = 64, bytes_read = 128,
                         bytes_written = 128>} {

// CHECK-LABEL: func @dialect
// CHECK-COUNT-2: apsim.
func.func @dialect() {
    apsim.define 0 on @cpu format f32 bytes 256
    apsim.launch "main#0" on @npu::@sram precision f16 reads [1] writes [2 : 128 : f16]
        cost #apsim.cost<time = 6.0e-06, compute_time = 1.0e-06,
                         memory_time = 5.0e-07, overhead_time = 5.0e-06,
                         dynamic_energy = 1.0e-09, static_energy = 3.0e-09,
                         ops = 64, bytes_read = 128, bytes_written = 128>
  return
}

// CHECK-LABEL: func @define
// CHECK-COUNT-3: apsim.define
func.func @define() {
    apsim.define 0 on @cpu format f32 bytes 4096
    apsim.define 1 on @npu::@dram format i8 bytes 65536
    apsim.define 2 on @cpu format opaque bytes 16
  return
}

// CHECK-LABEL: func @release
// CHECK: apsim.release 3
func.func @release() {
    apsim.release 3
  return
}

// CHECK-LABEL: func @launch
// CHECK: apsim.launch "main#3"
func.func @launch() {
    apsim.launch "main#3" on @npu::@sram precision i8 accumulator i32
        reads [1, 2] writes [3 : 256 : i8]
        cost #apsim.cost<time = 6.0e-06, compute_time = 1.0e-06,
                         memory_time = 5.0e-07, overhead_time = 5.0e-06,
                         dynamic_energy = 1.0e-09, static_energy = 3.0e-09,
                         ops = 64, bytes_read = 128, bytes_written = 128>
  return
}

// CHECK-LABEL: func @switch_and_wait
// CHECK: apsim.switch
// CHECK: apsim.wait @npu
// CHECK: apsim.wait all
func.func @switch_and_wait() {
    apsim.switch @npu precision f16
    apsim.wait @npu
    apsim.wait all
  return
}

// CHECK-LABEL: func @dma
// CHECK-COUNT-2: apsim.dma
func.func @dma(%x: tensor<64xf32>, %init: tensor<64xf16>, %a: memref<64xf32>,
               %b: memref<64xf32>) {
    %y = apsim.dma "x.to.npu" %x into %init from @cpu to @npu::@sram via @pcie
           wire f16 ids 0 -> 1 : tensor<64xf32> into tensor<64xf16>
    apsim.dma "x.to.npu" %a into %b from @cpu to @npu ids 0 -> 1
        : memref<64xf32> into memref<64xf32>
  return
}

// CHECK-LABEL: func @select
// CHECK: apsim.select "fc1" on @npu variants [f16, i8] default 0 losses [0.000000e+00, 2.000000e-03] times [4.000000e-06, 1.500000e-06] energies [9.9999999999999995E-7, 2.500000e-07] bytes [512, 512]
func.func @select() -> index {
    %v = apsim.select "fc1" on @npu variants [f16, i8] default 0
        losses [0.0, 2.0e-3] times [4.0e-6, 1.5e-6]
        energies [1.0e-6, 2.5e-7] bytes [512, 512]
  return %v : index
}

// CHECK-LABEL: func @probe
// CHECK-COUNT-3: apsim.probe
func.func @probe(%h: tensor<64xf16>, %x: tensor<64xf32>, %q: memref<64xi8>,
                 %xm: memref<64xf32>) {
    apsim.probe sqnr %h reference %x id "fc1.sqnr" sample_rate 0.125 on @npu
        : tensor<64xf16>, tensor<64xf32>
    apsim.probe saturation_rate %q id "fc1.sat" on @npu : memref<64xi8>
    apsim.probe sqnr %xm as !quant.uniform<i8:f32, 0.05:-3> id "fc1.in.i8"
        for "fc1" on @npu : memref<64xf32>
  return
}

// CHECK-LABEL: func @observe
// CHECK-COUNT-2: apsim.observe
func.func @observe(%h: tensor<64x128xf16>, %a: memref<1x784xf32>) {
    apsim.observe %h id "main.matmul0" on @npu : tensor<64x128xf16>
    apsim.observe %a id "main.arg0" on @cpu : memref<1x784xf32>
  return
}

}
