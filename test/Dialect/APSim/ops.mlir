// RUN: ap-opt %s | ap-opt | FileCheck %s
// RUN: ap-opt %s --mlir-print-op-generic | ap-opt | FileCheck %s
// RUN: ap-opt %s -emit-bytecode | ap-opt | FileCheck %s
// RUN: ap-opt %s --mlir-print-op-generic | FileCheck %s --check-prefix=GENERIC

// Round trip of every op, form and attribute of the apsim dialect, in the
// pretty, the generic and the bytecode form.

module attributes {ap.target = #ap.target<
    devices = [#ap.device<"cpu", host, precisions = [f32],
                          memories = [#ap.memory<"dram", capacity = 8589934592>]>,
               #ap.device<"npu", accelerator, precisions = [f16, i8],
                          memories = [#ap.memory<"sram", capacity = 1048576>,
                                      #ap.memory<"dram", capacity = 1073741824>]>],
    links = [#ap.link<"pcie", @cpu -> @npu, bidirectional, wire = [f32, f16, bf16]>,
             #ap.link<"dma", @npu::@dram -> @npu::@sram>],
    host = "cpu", default = "npu">} {

// CHECK-LABEL: func @buffers
// CHECK-NEXT: apsim.define 0 on @cpu format f32 bytes 256{{$}}
// CHECK-NEXT: apsim.define 1 on @npu::@dram format i8 bytes 65536{{$}}
// CHECK-NEXT: apsim.define 2 on @cpu format opaque bytes 0 {note = "kept"}{{$}}
// CHECK-NEXT: apsim.release 3{{$}}
// GENERIC-LABEL: sym_name = "buffers"
// GENERIC: "apsim.define"() <{bytes = 256 : i64, endpoint = @cpu, format = #apsim.format<f32>, id = 0 : i64}> : () -> ()
// GENERIC: "apsim.define"() <{bytes = 0 : i64, endpoint = @cpu, format = #apsim.format<opaque>, id = 2 : i64}> {note = "kept"} : () -> ()
// GENERIC: "apsim.release"() <{id = 3 : i64}> : () -> ()
func.func @buffers() {
  apsim.define 0 on @cpu format f32 bytes 256
  apsim.define 1 on @npu::@dram format i8 bytes 65536
  apsim.define 2 on @cpu format opaque bytes 0 {note = "kept"}
  apsim.release 3
  return
}

// CHECK-LABEL: func @launches
// CHECK-NEXT: apsim.launch "main#3" on @npu::@sram precision i8 accumulator i32 reads [1, 2] writes [3 : 256 : i8, 4 : 8 : opaque] cost #apsim.cost<time = 6.0e-06, compute_time = 1.0e-06, memory_time = 5.0e-07, overhead_time = 5.0e-06, dynamic_energy = 1.0e-09, static_energy = 3.0e-09, ops = 64, bytes_read = 128, bytes_written = 128>{{$}}
// CHECK-NEXT: apsim.launch "main#4" on @npu precision f16 reads [] writes [] cost #apsim.cost<time = 0.0, compute_time = 0.0, memory_time = 0.0, overhead_time = 0.0, dynamic_energy = 0.0, static_energy = 0.0, ops = 0, bytes_read = 0, bytes_written = 0> {note}{{$}}
// CHECK-NEXT: apsim.launch "main#5" on @cpu precision f32 reads [7] writes [8 : 4 : f32] cost #apsim.cost<time = 0.1, compute_time = 0.1, memory_time = 2.5e-17, overhead_time = 0.1, dynamic_energy = 123.456, static_energy = 1.0e+300, ops = 9223372036854775807, bytes_read = 1, bytes_written = 4>{{$}}
// GENERIC-LABEL: sym_name = "launches"
// GENERIC: "apsim.launch"() <{accumulator = [#ap.precision<i32>], cost = #apsim.cost<time = 6.0e-06, {{.*}}>, endpoint = @npu::@sram, name = "main#3", precision = #ap.precision<i8>, reads = array<i64: 1, 2>, writeBytes = array<i64: 256, 8>, writeFormats = [#apsim.format<i8>, #apsim.format<opaque>], writeIds = array<i64: 3, 4>}> : () -> ()
// GENERIC: "apsim.launch"() <{accumulator = [], {{.*}}, name = "main#4", precision = #ap.precision<f16>, reads = array<i64>, writeBytes = array<i64>, writeFormats = [], writeIds = array<i64>}> {note} : () -> ()
func.func @launches() {
  apsim.launch "main#3" on @npu::@sram precision i8 accumulator i32
      reads [1, 2] writes [3 : 256 : i8, 4 : 8 : opaque]
      cost #apsim.cost<time = 6.0e-06, compute_time = 1.0e-06,
                       memory_time = 5.0e-07, overhead_time = 5.0e-06,
                       dynamic_energy = 1.0e-09, static_energy = 3.0e-09,
                       ops = 64, bytes_read = 128, bytes_written = 128>
  apsim.launch "main#4" on @npu precision f16 reads [] writes []
      cost #apsim.cost<time = 0.0, compute_time = 0.0, memory_time = 0.0,
                       overhead_time = 0.0, dynamic_energy = 0.0,
                       static_energy = 0.0, ops = 0, bytes_read = 0,
                       bytes_written = 0> {note}
  apsim.launch "main#5" on @cpu precision f32 reads [7] writes [8 : 4 : f32]
      cost #apsim.cost<time = 0.1, compute_time = 0.1, memory_time = 2.5e-17,
                       overhead_time = 0.1, dynamic_energy = 123.456,
                       static_energy = 1.0e300, ops = 9223372036854775807,
                       bytes_read = 1, bytes_written = 4>
  return
}

// CHECK-LABEL: func @control
// CHECK-NEXT: apsim.switch @npu precision f16{{$}}
// CHECK-NEXT: apsim.wait @npu{{$}}
// CHECK-NEXT: apsim.wait all{{$}}
// GENERIC-LABEL: sym_name = "control"
// GENERIC: "apsim.switch"() <{device = @npu, precision = #ap.precision<f16>}> : () -> ()
// GENERIC: "apsim.wait"() <{device = @npu}> : () -> ()
// GENERIC: "apsim.wait"() : () -> ()
func.func @control() {
  apsim.switch @npu precision f16
  apsim.wait @npu
  apsim.wait all
  return
}

// CHECK-LABEL: func @dma_tensors
// CHECK-SAME: (%[[X:.*]]: tensor<64xf32>, %[[I:.*]]: tensor<64xf16>, %[[Q:.*]]: tensor<2x3xi8>, %[[J:.*]]: tensor<2x3xi8>)
// CHECK-NEXT: %[[Y:.*]] = apsim.dma "x.to.npu" %[[X]] into %[[I]] from @cpu to @npu::@sram via @pcie wire f16 ids 0 -> 1 : tensor<64xf32> into tensor<64xf16>{{$}}
// CHECK-NEXT: %[[Z:.*]] = apsim.dma "back" %[[Y]] into %[[X]] from @npu to @cpu via @pcie ids 1 -> 2 {note} : tensor<64xf16> into tensor<64xf32>{{$}}
// CHECK-NEXT: apsim.dma "tiers" %[[Q]] into %[[J]] from @npu::@dram to @npu::@sram via @dma ids 3 -> 4 : tensor<2x3xi8> into tensor<2x3xi8>{{$}}
// CHECK-NEXT: apsim.dma "routed" %[[X]] into %[[X]] from @cpu to @npu wire bf16 ids 5 -> 6 : tensor<64xf32> into tensor<64xf32>{{$}}
// CHECK-NEXT: return %[[Z]]
// GENERIC-LABEL: sym_name = "dma_tensors"
// GENERIC: "apsim.dma"(%{{.*}}, %{{.*}}) <{destination = 1 : i64, from = @cpu, name = "x.to.npu", source = 0 : i64, to = @npu::@sram, via = @pcie, wire = [#ap.precision<f16>]}> : (tensor<64xf32>, tensor<64xf16>) -> tensor<64xf16>
// GENERIC: "apsim.dma"(%{{.*}}, %{{.*}}) <{destination = 2 : i64, from = @npu, name = "back", source = 1 : i64, to = @cpu, via = @pcie, wire = []}> {note} : (tensor<64xf16>, tensor<64xf32>) -> tensor<64xf32>
func.func @dma_tensors(%x: tensor<64xf32>, %init: tensor<64xf16>,
                       %q: tensor<2x3xi8>, %j: tensor<2x3xi8>) -> tensor<64xf32> {
  %y = apsim.dma "x.to.npu" %x into %init from @cpu to @npu::@sram via @pcie
         wire f16 ids 0 -> 1 : tensor<64xf32> into tensor<64xf16>
  %z = apsim.dma "back" %y into %x from @npu to @cpu via @pcie ids 1 -> 2 {note}
         : tensor<64xf16> into tensor<64xf32>
  %t = apsim.dma "tiers" %q into %j from @npu::@dram to @npu::@sram via @dma
         ids 3 -> 4 : tensor<2x3xi8> into tensor<2x3xi8>
  %r = apsim.dma "routed" %x into %x from @cpu to @npu wire bf16 ids 5 -> 6
         : tensor<64xf32> into tensor<64xf32>
  return %z : tensor<64xf32>
}

// CHECK-LABEL: func @dma_memrefs
// CHECK-SAME: (%[[A:.*]]: memref<64xf32>, %[[B:.*]]: memref<64xf16, strided<[1], offset: ?>>)
// CHECK-NEXT: apsim.dma "m" %[[A]] into %[[B]] from @cpu to @npu ids 0 -> 1 : memref<64xf32> into memref<64xf16, strided<[1], offset: ?>>{{$}}
// CHECK-NEXT: return
// GENERIC-LABEL: sym_name = "dma_memrefs"
// GENERIC: "apsim.dma"(%{{.*}}, %{{.*}}) <{destination = 1 : i64, from = @cpu, name = "m", source = 0 : i64, to = @npu, wire = []}> : (memref<64xf32>, memref<64xf16, strided<[1], offset: ?>>) -> ()
func.func @dma_memrefs(%a: memref<64xf32>, %b: memref<64xf16, strided<[1], offset: ?>>) {
  apsim.dma "m" %a into %b from @cpu to @npu ids 0 -> 1
      : memref<64xf32> into memref<64xf16, strided<[1], offset: ?>>
  return
}

// CHECK-LABEL: func @probes
// CHECK-SAME: (%[[H:.*]]: tensor<64xf16>, %[[X:.*]]: tensor<64xf32>, %[[Q:.*]]: memref<64xi8>, %[[U:.*]]: memref<4xui4>)
// CHECK-NEXT: apsim.probe sqnr %[[H]] reference %[[X]] id "fc1.sqnr" sample_rate 1.250000e-01 on @npu : tensor<64xf16>, tensor<64xf32>{{$}}
// CHECK-NEXT: apsim.probe variance %[[X]] id "v" on @cpu : tensor<64xf32>{{$}}
// CHECK-NEXT: apsim.probe entropy %[[Q]] id "e" on @npu : memref<64xi8>{{$}}
// CHECK-NEXT: apsim.probe saturation_rate %[[U]] id "s" sample_rate 5.000000e-01 on @npu : memref<4xui4>{{$}}
// GENERIC-LABEL: sym_name = "probes"
// GENERIC: "apsim.probe"(%{{.*}}, %{{.*}}) <{device = @npu, id = "fc1.sqnr", metric = #ap.metric<sqnr>, sampleRate = 1.250000e-01 : f64}> : (tensor<64xf16>, tensor<64xf32>) -> ()
// GENERIC: "apsim.probe"(%{{.*}}) <{device = @cpu, id = "v", metric = #ap.metric<variance>, sampleRate = 1.000000e+00 : f64}> : (tensor<64xf32>) -> ()
func.func @probes(%h: tensor<64xf16>, %x: tensor<64xf32>, %q: memref<64xi8>,
                  %u: memref<4xui4>) {
  apsim.probe sqnr %h reference %x id "fc1.sqnr" sample_rate 0.125 on @npu
      : tensor<64xf16>, tensor<64xf32>
  apsim.probe variance %x id "v" on @cpu : tensor<64xf32>
  apsim.probe entropy %q id "e" on @npu : memref<64xi8>
  apsim.probe saturation_rate %u id "s" sample_rate 0.5 on @npu : memref<4xui4>
  return
}

// CHECK-LABEL: func @observes
// CHECK-SAME: (%[[H:.*]]: tensor<64xf16>, %[[Q:.*]]: memref<2x3xi8>, %[[B:.*]]: memref<4xbf16, strided<[2]>>)
// CHECK-NEXT: apsim.observe %[[H]] id "main.matmul0" on @npu : tensor<64xf16>{{$}}
// CHECK-NEXT: apsim.observe %[[Q]] id "q" on @npu {note} : memref<2x3xi8>{{$}}
// CHECK-NEXT: apsim.observe %[[B]] id "main.matmul0" on @cpu : memref<4xbf16, strided<[2]>>{{$}}
// GENERIC-LABEL: sym_name = "observes"
// GENERIC: "apsim.observe"(%{{.*}}) <{device = @npu, id = "main.matmul0"}> : (tensor<64xf16>) -> ()
// GENERIC: "apsim.observe"(%{{.*}}) <{device = @npu, id = "q"}> {note} : (memref<2x3xi8>) -> ()
func.func @observes(%h: tensor<64xf16>, %q: memref<2x3xi8>,
                    %b: memref<4xbf16, strided<[2]>>) {
  apsim.observe %h id "main.matmul0" on @npu : tensor<64xf16>
  apsim.observe %q id "q" on @npu {note} : memref<2x3xi8>
  apsim.observe %b id "main.matmul0" on @cpu : memref<4xbf16, strided<[2]>>
  return
}

}

// Outside the module with the ap.target: without a target, device names are
// not checked (only their form).

// CHECK-LABEL: func @no_target
// CHECK-NEXT: apsim.define 0 on @anything::@tier format bf16 bytes 2
// CHECK-NEXT: apsim.switch @gpu precision f8E4M3FN
// CHECK-NEXT: apsim.probe variance
// CHECK-SAME: on @gpu
// CHECK-NEXT: apsim.observe {{.*}} on @gpu
func.func @no_target(%x: tensor<4xf32>) {
  apsim.define 0 on @anything::@tier format bf16 bytes 2
  apsim.switch @gpu precision f8E4M3FN
  apsim.probe variance %x id "v" on @gpu : tensor<4xf32>
  apsim.observe %x id "o" on @gpu : tensor<4xf32>
  return
}

// #apsim.cost as a standalone attribute.
// CHECK-LABEL: func private @cost_attr
// CHECK-SAME: cost = #apsim.cost<time = 1.0, compute_time = 0.5, memory_time = 0.25, overhead_time = 1.0e-06, dynamic_energy = 2.0, static_energy = 3.0, ops = 1, bytes_read = 2, bytes_written = 3>
func.func private @cost_attr() attributes {cost = #apsim.cost<time = 1.0, compute_time = 0.5, memory_time = 0.25, overhead_time = 1.0e-06, dynamic_energy = 2.0, static_energy = 3.0, ops = 1, bytes_read = 2, bytes_written = 3>}
