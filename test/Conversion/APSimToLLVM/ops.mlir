// RUN: ap-opt %s --convert-apsim-to-llvm --split-input-file | FileCheck %s

// Every apsim op becomes one call of the runtime's C ABI, with the indices of
// the module's target: devices cpu = 0, npu = 1; npu's tiers sram = 0,
// dram = 1 (a device alone is -1, its last tier); link pcie = 0.

module attributes {ap.target = #ap.target<devices = [
  #ap.device<"cpu", host, precisions = [f32], memories = [#ap.memory<"dram", capacity = 1000000>]>,
  #ap.device<"npu", accelerator, precisions = [f32, f16, i32, i8],
    memories = [#ap.memory<"sram", capacity = 4096>, #ap.memory<"dram", capacity = 1000000>]>],
  links = [#ap.link<"pcie", @cpu -> @npu, bidirectional, wire = [f32, f16]>],
  host = "cpu", default = "npu">} {

// The runtime functions are declared, then come the globals, in the order
// of the ops, before the function.
// CHECK-DAG: llvm.func @ap_rt_define(i64, i32, i32, i32, i64)
// CHECK-DAG: llvm.func @ap_rt_transfer(!llvm.ptr, !llvm.ptr, !llvm.ptr)
// CHECK-DAG: llvm.func @ap_rt_launch(!llvm.ptr)
// CHECK-DAG: llvm.func @ap_rt_probe(!llvm.ptr, !llvm.ptr, !llvm.ptr)
// CHECK-DAG: llvm.func @ap_rt_release(i64)
// CHECK-DAG: llvm.func @ap_rt_switch(i32, i32)
// CHECK-DAG: llvm.func @ap_rt_wait(i32)

// ap_rt_transfer_info {name, source, destination, from_device, from_memory,
// to_device, to_memory, link, source_format, wire_format,
// destination_format, elements, channels}: ids 0 -> 1, cpu (0, -1) ->
// npu::sram (1, 0) over pcie (0), f32 (0) -> f16 (1) -> f32 (0), 16
// elements, the last dimension 16.
// CHECK: llvm.mlir.global private constant @__ap_rt_str_x_to_npu("x.to.npu\00")
// CHECK-LABEL: llvm.mlir.global private constant @__ap_rt_transfer_x_to_npu()
// CHECK-SAME: !llvm.struct<(ptr, i64, i64, i32, i32, i32, i32, i32, i32, i32, i32, i64, i64)>
// CHECK: llvm.mlir.addressof @__ap_rt_str_x_to_npu
// CHECK-NEXT: [0]
// CHECK-NEXT: llvm.mlir.constant(0 : i64)
// CHECK-NEXT: [1]
// CHECK-NEXT: llvm.mlir.constant(1 : i64)
// CHECK-NEXT: [2]
// CHECK-NEXT: llvm.mlir.constant(0 : i32)
// CHECK-NEXT: [3]
// CHECK-NEXT: llvm.mlir.constant(-1 : i32)
// CHECK-NEXT: [4]
// CHECK-NEXT: llvm.mlir.constant(1 : i32)
// CHECK-NEXT: [5]
// CHECK-NEXT: llvm.mlir.constant(0 : i32)
// CHECK-NEXT: [6]
// CHECK-NEXT: llvm.mlir.constant(0 : i32)
// CHECK-NEXT: [7]
// CHECK-NEXT: llvm.mlir.constant(0 : i32)
// CHECK-NEXT: [8]
// CHECK-NEXT: llvm.mlir.constant(1 : i32)
// CHECK-NEXT: [9]
// CHECK-NEXT: llvm.mlir.constant(0 : i32)
// CHECK-NEXT: [10]
// CHECK-NEXT: llvm.mlir.constant(16 : i64)
// CHECK-NEXT: [11]
// CHECK-NEXT: llvm.mlir.constant(16 : i64)
// CHECK-NEXT: [12]
// CHECK-NEXT: llvm.return

// ap_rt_launch_info {name, device, memory, precision, accumulator, time,
// compute_time, memory_time, overhead_time, dynamic_energy, static_energy,
// ops, bytes_read, bytes_written, num_reads, num_writes, reads, writes,
// write_bytes, write_formats}: npu (1) sram (0), i8 (7) accumulating in i32
// (5), the cost figures, reads [1, 2], writes [3] of 256 bytes of i8.
// CHECK: llvm.mlir.global private constant @__ap_rt_str_main_3("main#3\00")
// CHECK: llvm.mlir.global private constant @__ap_rt_launch_main_3_reads(dense<[1, 2]> : tensor<2xi64>) {{.*}} : !llvm.array<2 x i64>
// CHECK: llvm.mlir.global private constant @__ap_rt_launch_main_3_writes(dense<3> : tensor<1xi64>) {{.*}} : !llvm.array<1 x i64>
// CHECK: llvm.mlir.global private constant @__ap_rt_launch_main_3_write_bytes(dense<256> : tensor<1xi64>) {{.*}} : !llvm.array<1 x i64>
// CHECK: llvm.mlir.global private constant @__ap_rt_launch_main_3_write_formats(dense<7> : tensor<1xi32>) {{.*}} : !llvm.array<1 x i32>
// CHECK-LABEL: llvm.mlir.global private constant @__ap_rt_launch_main_3()
// CHECK-SAME: !llvm.struct<(ptr, i32, i32, i32, i32, f64, f64, f64, f64, f64, f64, i64, i64, i64, i32, i32, ptr, ptr, ptr, ptr)>
// CHECK: %[[S0:.*]] = llvm.mlir.poison
// CHECK-NEXT: %[[NAME:.*]] = llvm.mlir.addressof @__ap_rt_str_main_3 : !llvm.ptr
// CHECK-NEXT: llvm.insertvalue %[[NAME]], %[[S0]][0]
// CHECK-NEXT: llvm.mlir.constant(1 : i32)
// CHECK-NEXT: [1]
// CHECK-NEXT: llvm.mlir.constant(0 : i32)
// CHECK-NEXT: [2]
// CHECK-NEXT: llvm.mlir.constant(7 : i32)
// CHECK-NEXT: [3]
// CHECK-NEXT: llvm.mlir.constant(5 : i32)
// CHECK-NEXT: [4]
// CHECK-NEXT: llvm.mlir.constant(6.000000e-06 : f64)
// CHECK-NEXT: [5]
// CHECK-NEXT: llvm.mlir.constant(9.9999999999999995E-7 : f64)
// CHECK-NEXT: [6]
// CHECK-NEXT: llvm.mlir.constant(5.000000e-07 : f64)
// CHECK-NEXT: [7]
// CHECK-NEXT: llvm.mlir.constant(5.000000e-06 : f64)
// CHECK-NEXT: [8]
// CHECK-NEXT: llvm.mlir.constant(1.000000e-09 : f64)
// CHECK-NEXT: [9]
// CHECK-NEXT: llvm.mlir.constant(3.000000e-09 : f64)
// CHECK-NEXT: [10]
// CHECK-NEXT: llvm.mlir.constant(64 : i64)
// CHECK-NEXT: [11]
// CHECK-NEXT: llvm.mlir.constant(128 : i64)
// CHECK-NEXT: [12]
// CHECK-NEXT: llvm.mlir.constant(256 : i64)
// CHECK-NEXT: [13]
// CHECK-NEXT: llvm.mlir.constant(2 : i32)
// CHECK-NEXT: [14]
// CHECK-NEXT: llvm.mlir.constant(1 : i32)
// CHECK-NEXT: [15]
// CHECK-NEXT: llvm.mlir.addressof @__ap_rt_launch_main_3_reads
// CHECK-NEXT: [16]
// CHECK-NEXT: llvm.mlir.addressof @__ap_rt_launch_main_3_writes
// CHECK-NEXT: [17]
// CHECK-NEXT: llvm.mlir.addressof @__ap_rt_launch_main_3_write_bytes
// CHECK-NEXT: [18]
// CHECK-NEXT: llvm.mlir.addressof @__ap_rt_launch_main_3_write_formats
// CHECK-NEXT: %[[LAST:.*]] = llvm.insertvalue {{.*}}[19]
// CHECK-NEXT: llvm.return %[[LAST]]

// ap_rt_probe_info {name, metric, format, reference_format, elements,
// sample_rate, device}: sqnr (0) of f16 (1) against f32 (0), 16 elements,
// every 2nd, on npu (1).
// CHECK: llvm.mlir.global private constant @__ap_rt_str_fc1_sqnr("fc1.sqnr\00")
// CHECK-LABEL: llvm.mlir.global private constant @__ap_rt_probe_fc1_sqnr()
// CHECK-SAME: !llvm.struct<(ptr, i32, i32, i32, i64, f64, i32, i32, i32, f64, i64, ptr)>
// CHECK: llvm.mlir.addressof @__ap_rt_str_fc1_sqnr
// CHECK-NEXT: [0]
// CHECK-NEXT: llvm.mlir.constant(0 : i32)
// CHECK-NEXT: [1]
// CHECK-NEXT: llvm.mlir.constant(1 : i32)
// CHECK-NEXT: [2]
// CHECK-NEXT: llvm.mlir.constant(0 : i32)
// CHECK-NEXT: [3]
// CHECK-NEXT: llvm.mlir.constant(16 : i64)
// CHECK-NEXT: [4]
// CHECK-NEXT: llvm.mlir.constant(5.000000e-01 : f64)
// CHECK-NEXT: [5]
// CHECK-NEXT: llvm.mlir.constant(1 : i32)
// CHECK-NEXT: [6]
// The variance probe (1) of h on the cpu (0), with no reference: the
// reference format is the data's.
// CHECK-LABEL: llvm.mlir.global private constant @__ap_rt_probe_h_var()
// CHECK: llvm.mlir.constant(1 : i32)
// CHECK-NEXT: [1]
// CHECK-NEXT: llvm.mlir.constant(1 : i32)
// CHECK-NEXT: [2]
// CHECK-NEXT: llvm.mlir.constant(1 : i32)
// CHECK-NEXT: [3]
// CHECK: llvm.mlir.constant(1.000000e+00 : f64)
// CHECK-NEXT: [5]
// CHECK-NEXT: llvm.mlir.constant(0 : i32)
// CHECK-NEXT: [6]

// CHECK-LABEL: func.func @ops
// CHECK-SAME: (%[[X:.*]]: memref<16xf32>, %[[Y:.*]]: memref<16xf32>, %[[H:.*]]: memref<16xf16>)
func.func @ops(%x: memref<16xf32>, %y: memref<16xf32>, %h: memref<16xf16>) {
  // CHECK-DAG: %[[HD:.*]] = builtin.unrealized_conversion_cast %[[H]]
  // CHECK-DAG: %[[YD:.*]] = builtin.unrealized_conversion_cast %[[Y]]
  // CHECK-DAG: %[[XD:.*]] = builtin.unrealized_conversion_cast %[[X]]
  // define 0 on cpu (0), its last tier (-1), f32 (0), 64 bytes.
  // CHECK: %[[ID:.*]] = llvm.mlir.constant(0 : i64) : i64
  // CHECK: %[[DEV:.*]] = llvm.mlir.constant(0 : i32) : i32
  // CHECK: %[[MEM:.*]] = llvm.mlir.constant(-1 : i32) : i32
  // CHECK: %[[FMT:.*]] = llvm.mlir.constant(0 : i32) : i32
  // CHECK: %[[BYTES:.*]] = llvm.mlir.constant(64 : i64) : i64
  // CHECK: llvm.call @ap_rt_define(%[[ID]], %[[DEV]], %[[MEM]], %[[FMT]], %[[BYTES]]) : (i64, i32, i32, i32, i64) -> ()
  apsim.define 0 on @cpu format f32 bytes 64
  // define 7 on npu::dram (1, 1), i8 (7).
  // CHECK: llvm.mlir.constant(7 : i64)
  // CHECK: llvm.mlir.constant(1 : i32)
  // CHECK: llvm.mlir.constant(1 : i32)
  // CHECK: llvm.mlir.constant(7 : i32)
  // CHECK: llvm.mlir.constant(512 : i64)
  // CHECK: llvm.call @ap_rt_define
  apsim.define 7 on @npu::@dram format i8 bytes 512

  // A contiguous DMA passes the aligned pointers (offset 0).
  // CHECK: %[[TINFO:.*]] = llvm.mlir.addressof @__ap_rt_transfer_x_to_npu : !llvm.ptr
  // CHECK: %[[XP:.*]] = llvm.extractvalue %[[XD]][1]
  // CHECK: %[[YP:.*]] = llvm.extractvalue %[[YD]][1]
  // CHECK: llvm.call @ap_rt_transfer(%[[TINFO]], %[[XP]], %[[YP]]) : (!llvm.ptr, !llvm.ptr, !llvm.ptr) -> ()
  apsim.dma "x.to.npu" %x into %y from @cpu to @npu::@sram via @pcie wire f16 ids 0 -> 1
      : memref<16xf32> into memref<16xf32>

  // CHECK: %[[LINFO:.*]] = llvm.mlir.addressof @__ap_rt_launch_main_3 : !llvm.ptr
  // CHECK: llvm.call @ap_rt_launch(%[[LINFO]]) : (!llvm.ptr) -> ()
  apsim.launch "main#3" on @npu::@sram precision i8 accumulator i32
      reads [1, 2] writes [3 : 256 : i8]
      cost #apsim.cost<time = 6.0e-06, compute_time = 1.0e-06,
                       memory_time = 5.0e-07, overhead_time = 5.0e-06,
                       dynamic_energy = 1.0e-09, static_energy = 3.0e-09,
                       ops = 64, bytes_read = 128, bytes_written = 256>

  // CHECK: %[[PINFO:.*]] = llvm.mlir.addressof @__ap_rt_probe_fc1_sqnr : !llvm.ptr
  // CHECK: %[[HP:.*]] = llvm.extractvalue %[[HD]][1]
  // CHECK: %[[XP2:.*]] = llvm.extractvalue %[[XD]][1]
  // CHECK: llvm.call @ap_rt_probe(%[[PINFO]], %[[HP]], %[[XP2]])
  apsim.probe sqnr %h reference %x id "fc1.sqnr" sample_rate 0.5 on @npu
      : memref<16xf16>, memref<16xf32>
  // Without a reference, a null pointer.
  // CHECK: %[[VINFO:.*]] = llvm.mlir.addressof @__ap_rt_probe_h_var : !llvm.ptr
  // CHECK: %[[NULL:.*]] = llvm.mlir.zero : !llvm.ptr
  // CHECK: llvm.call @ap_rt_probe(%[[VINFO]], %{{.*}}, %[[NULL]])
  apsim.probe variance %h id "h.var" on @cpu : memref<16xf16>

  // CHECK: %[[R:.*]] = llvm.mlir.constant(1 : i64) : i64
  // CHECK: llvm.call @ap_rt_release(%[[R]]) : (i64) -> ()
  apsim.release 1
  // switch npu (1) to f16 (1).
  // CHECK: %[[SD:.*]] = llvm.mlir.constant(1 : i32) : i32
  // CHECK: %[[SP:.*]] = llvm.mlir.constant(1 : i32) : i32
  // CHECK: llvm.call @ap_rt_switch(%[[SD]], %[[SP]]) : (i32, i32) -> ()
  apsim.switch @npu precision f16
  // CHECK: %[[W:.*]] = llvm.mlir.constant(1 : i32) : i32
  // CHECK: llvm.call @ap_rt_wait(%[[W]]) : (i32) -> ()
  apsim.wait @npu
  // CHECK: %[[ALL:.*]] = llvm.mlir.constant(-1 : i32) : i32
  // CHECK: llvm.call @ap_rt_wait(%[[ALL]]) : (i32) -> ()
  apsim.wait all
  // CHECK-NOT: apsim.
  return
}
}

// -----

// A launch without accumulator passes AP_RT_FORMAT_OPAQUE (255), and one
// with no reads or writes null arrays; two launches of one name get two
// globals.
module attributes {ap.target = #ap.target<devices = [
  #ap.device<"cpu", host, precisions = [f32], memories = [#ap.memory<"dram", capacity = 1000000>]>],
  host = "cpu", default = "cpu">} {
// CHECK-LABEL: llvm.mlir.global private constant @__ap_rt_launch_k()
// CHECK: llvm.mlir.constant(0 : i32)
// CHECK-NEXT: llvm.insertvalue {{.*}}[1]
// CHECK-NEXT: llvm.mlir.constant(-1 : i32)
// CHECK-NEXT: llvm.insertvalue {{.*}}[2]
// CHECK-NEXT: llvm.mlir.constant(0 : i32)
// CHECK-NEXT: llvm.insertvalue {{.*}}[3]
// CHECK-NEXT: llvm.mlir.constant(255 : i32)
// CHECK-NEXT: llvm.insertvalue {{.*}}[4]
// CHECK: llvm.mlir.zero : !llvm.ptr
// CHECK-NEXT: llvm.insertvalue {{.*}}[16]
// CHECK-NEXT: llvm.mlir.zero : !llvm.ptr
// CHECK-NEXT: llvm.insertvalue {{.*}}[17]
// CHECK-NEXT: llvm.mlir.zero : !llvm.ptr
// CHECK-NEXT: llvm.insertvalue {{.*}}[18]
// CHECK-NEXT: llvm.mlir.zero : !llvm.ptr
// CHECK-NEXT: llvm.insertvalue {{.*}}[19]
// CHECK-LABEL: llvm.mlir.global private constant @__ap_rt_launch_k_1()
// CHECK-LABEL: func.func @bare
// CHECK: llvm.mlir.addressof @__ap_rt_launch_k :
// CHECK: llvm.mlir.addressof @__ap_rt_launch_k_1 :
func.func @bare() {
  apsim.launch "k" on @cpu precision f32 reads [] writes []
      cost #apsim.cost<time = 1.0e-06, compute_time = 0.0, memory_time = 0.0,
                       overhead_time = 1.0e-06, dynamic_energy = 0.0,
                       static_energy = 0.0, ops = 0, bytes_read = 0, bytes_written = 0>
  apsim.launch "k" on @cpu precision f32 reads [] writes []
      cost #apsim.cost<time = 1.0e-06, compute_time = 0.0, memory_time = 0.0,
                       overhead_time = 1.0e-06, dynamic_energy = 0.0,
                       static_energy = 0.0, ops = 0, bytes_read = 0, bytes_written = 0>
  return
}
}
