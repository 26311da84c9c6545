//===- Passes.td - ap's conversion passes -------------------*- tablegen -*-===//
//
// Part of the ap project: an adaptive-precision compiler built on MLIR.
//
//===----------------------------------------------------------------------===//

#ifndef AP_CONVERSION_PASSES
#define AP_CONVERSION_PASSES

include "mlir/Pass/PassBase.td"

//===----------------------------------------------------------------------===//
// APToAPSim
//===----------------------------------------------------------------------===//

def ConvertAPToAPSim : Pass<"convert-ap-to-apsim", "ModuleOp"> {
  let summary = "Places the compute on the target's devices as apsim "
                "launches and DMAs";
  let description = [{
    Turns a program on tensors (linalg, tensor, ap), before bufferization,
    into the same computation announced to the simulated accelerator: every
    kernel gets an `apsim.launch` with the cost the cost model computes for
    it on its device, every buffer a 64-bit id, data read on a device where
    it does not live an `apsim.dma`, and every id an `apsim.release`. The
    compute ops themselves stay as they are (they run on the host). The
    module must carry an `#ap.target` (see `ap-attach-target`); each
    function with a body is converted on its own. A function that already
    contains apsim ops (converted before, or written against the simulator
    by hand) is left unchanged.

    - **Devices.** An op runs on the device of its innermost enclosing
      `ap.placement`, else on the target's default device. Placements are
      inlined. An `ap.probe` becomes an `apsim.probe` on the op's device
      (with its `as` and `for`), an `ap.observe` becomes an
      `apsim.observe` of its input on the device where the input lives (the
      device of the kernel, transfer or definition that made its buffer: an
      argument lives on the host; else the observation's own device), its
      result by its input.
    - **Switch points.** An `ap.adaptive` becomes an `apsim.select` on its
      device, which asks the runtime which variant to run, and an
      `scf.index_switch` on the answer whose case `i` (the default region
      for the last variant) holds variant `i`, converted like the rest.
      Every variant writes the same buffer ids for the adaptive's results
      (the kernel that yields a result writes its id; a variant that yields
      a value no kernel of its own made defines the id instead), so that
      readers after the switch read one buffer whichever variant ran. The
      select carries the variants' losses (the adaptive's `losses`) and the
      seconds, dynamic joules and bytes read and written of each variant's
      launches; the seconds include the precision switches the variant
      causes on its device, given the precision of the device's launches
      just before and after the switch point (when no other switch point
      comes between; inferences repeat the function, so the neighbours wrap
      around).
    - **Buffers.** Ids are unique in the module, numbered from 0 (above the
      ids of apsim ops already there) function after function, so that a
      function's buffers survive the calls it makes. (A recursive call would
      replace the caller's buffers with the callee's in the simulation.)
      Each ranked tensor argument is `apsim.define`d on the host
      at the function's entry, in its element type's format (the storage
      type of a quantized type; `opaque` for other types), with its stored
      bytes (packed, as the cost model counts them). A constant tensor read
      by a kernel (weights) is defined, resident, at the entry on each device
      that reads it, once per device. Each tensor result of a kernel is a new
      buffer on the kernel's device. Views (`tensor.extract_slice`,
      `expand_shape`, `collapse_shape`, `reshape`, `cast`, `bitcast`, and
      `quant.scast` between types stored in the same format) share their
      source's buffer; `tensor.empty` has none. Tensors made by other
      ops (results of `scf` ops, block arguments of loops, calls) are not
      tracked: reading them is not a read of a buffer.
    - **Kernels** are the ops with a cost (`ap::CostOpInterface`) other than
      `ap.transfer`: linalg structured ops, `tensor.pad`, `concat`,
      `insert_slice`, `ap.quantize`, `dequantize`, `convert`. Immediately
      before each, an `apsim.launch` named by its cost key (`ap.cost_key`,
      else `<function>#<n>`, as `ap-cost-report` shows) on the device and the
      memory tier whose bandwidth the cost used, at the precision and
      accumulator of its element types (no precision is chosen here), with
      `#apsim.cost` figures equal to the cost model's, reading the buffers of
      its tensor operands and writing one new buffer per tensor result. A
      kernel that cannot be priced (dynamic shapes, a precision its device
      does not compute at) is an error on the op, with the cost model's
      message. A kernel inside `scf.for` or `scf.if` gets its launch inside
      too: one launch per execution at run time.
    - **Transfers.** A kernel on device D reading a buffer that lives on
      another device gets an `apsim.dma` of it to D (into a new
      `tensor.empty`, new id, no wire precision) before it, hoisted out of
      the loops and branches the value is defined outside of (a loop makes
      one copy; a branch's copy is made whether the branch runs or not);
      later readers on D read that copy (one copy per value and device). `ap.transfer` becomes an
      `apsim.dma` with its endpoints, link and wire precision. A returned
      buffer that does not live on the host is copied to the host before the
      return, which is preceded by `apsim.wait all`. Likewise the tensor
      operands of a call are copied to the host before it, where the
      converted callee defines its arguments.
    - **Fusion** (`fuse-kernels`, on by default). Kernels run as one launch
      where accelerator compilers fuse them. A kernel joins the launch of
      the kernel that produces one of its operands, as its *epilogue*, when
      it is elementwise (an `ap.convert`, `ap.quantize`, `ap.dequantize`, or
      an all-parallel structured op that reads that operand through the
      identity map and writes one result: a bias, an activation, a residual
      add), runs on the same device and in the same block, nothing reads the
      value before it (it may be read after it: the launch then writes it
      too), and its other operands exist when the launch starts. A
      `linalg.fill`, `ap.convert` or `ap.quantize` whose result only the
      first kernel of another launch on its device reads is that launch's
      *prologue* (the fill of an accumulator, the conversion of an input).
      The values passed inside a launch stay on chip: they have no buffer;
      the launch reads and writes the others, is named by its first
      non-prologue kernel (its *anchor*, before which it is placed), runs at
      the anchor's precision and accumulator (every member's precision must
      be one its device computes), and costs one launch overhead plus the
      larger of the members' compute times added up and the time of the
      bytes it reads and writes (`CostModel::getFusedKernelCost`; measured
      per-op times apply to kernels launched alone).
    - **Releases.** Each id is released right after its last use in the
      block where it is created (after the op of that block that contains
      the use); an id that is returned or yielded is not released.

    Example, on the target of `test/Conversion/APToAPSim/matmul.mlir` (host
    `cpu`, default device `npu`, whose fastest tier is `sram`):

    ```mlir
    func.func @f(%x: tensor<4xf32>) -> tensor<4xf32> {
      %e = tensor.empty() : tensor<4xf32>
      %y = linalg.exp ins(%x : tensor<4xf32>) outs(%e : tensor<4xf32>) -> tensor<4xf32>
      return %y : tensor<4xf32>
    }
    ```

    becomes (cost figures abbreviated)

    ```mlir
    func.func @f(%x: tensor<4xf32>) -> tensor<4xf32> {
      apsim.define 0 on @cpu format f32 bytes 16
      %e = tensor.empty() : tensor<4xf32>
      %0 = tensor.empty() : tensor<4xf32>
      %1 = apsim.dma "f#0.in0" %x into %0 from @cpu to @npu ids 0 -> 1
             : tensor<4xf32> into tensor<4xf32>
      apsim.release 0
      apsim.launch "f#0" on @npu::@sram precision f32 reads [1] writes [2 : 16 : f32]
          cost #apsim.cost<time = 1.0032e-06, ...>
      %y = linalg.exp ins(%1 : tensor<4xf32>) outs(%e : tensor<4xf32>) -> tensor<4xf32>
      apsim.release 1
      %2 = tensor.empty() : tensor<4xf32>
      %3 = apsim.dma "f.result0" %y into %2 from @npu to @cpu ids 2 -> 3
             : tensor<4xf32> into tensor<4xf32>
      apsim.release 2
      apsim.wait all
      return %3 : tensor<4xf32>
    }
    ```

    The target comes from the module.
  }];
  let dependentDialects = ["::mlir::apsim::APSimDialect",
                           "::mlir::scf::SCFDialect",
                           "::mlir::tensor::TensorDialect"];
  let options = [
    Option<"fuseKernels", "fuse-kernels", "bool", /*default=*/"true",
           "Launch elementwise epilogues, accumulator fills and input "
           "conversions with the kernel they belong to (false: one launch "
           "per kernel)">
  ];
}

//===----------------------------------------------------------------------===//
// APSimToLLVM
//===----------------------------------------------------------------------===//

def ConvertAPSimToLLVM : Pass<"convert-apsim-to-llvm", "ModuleOp"> {
  let summary = "Lowers apsim ops to calls of the runtime's C ABI";
  let description = [{
    Lowers every apsim op, in memref form (after bufferization), to one call
    of the C ABI of `libap_runtime` (`runtime/include/ap_runtime.h`,
    `docs/runtime.md`), which the JIT-compiled program makes at run time:

    | op | call |
    | --- | --- |
    | `apsim.define` | `ap_rt_define(id, device, memory, format, bytes)` |
    | `apsim.launch` | `ap_rt_launch(&info)` |
    | `apsim.dma` | `ap_rt_transfer(&info, source, destination)` |
    | `apsim.release` | `ap_rt_release(id)` |
    | `apsim.switch` | `ap_rt_switch(device, precision)` |
    | `apsim.wait` | `ap_rt_wait(device)`, -1 for `all` |
    | `apsim.probe` | `ap_rt_probe(&info, data, reference)` (null without a reference) |
    | `apsim.observe` | `ap_rt_observe(&info, data)` |

    - **Indices.** Devices, memory tiers and links are passed as indices into
      the enclosing `#ap.target`: its devices, a device's memories and its
      links, in the order written, which is the order in which the runtime
      reads the same target description. An endpoint naming a device alone
      passes memory -1 (the runtime's "last tier"); a DMA without `via`
      passes link -1 (the cost model's route). An apsim op with no
      `#ap.target` above it, or naming a device, tier or link the target
      does not have, is an error.
    - **Info structures.** `info` is a private constant global with the exact
      C layout of `ap_rt_launch_info`, `ap_rt_transfer_info`,
      `ap_rt_probe_info` or `ap_rt_observe_info` (an LLVM struct with
      natural alignment); its name is a global string and its id lists
      (reads, writes, write bytes, write formats) are global arrays, null
      when empty. A launch without an
      accumulator passes `AP_RT_FORMAT_OPAQUE` (none). Formats are the
      element types' (`opaque` for types that are not a precision); a DMA
      without `wire` passes its source format as the wire format. When a
      shape is dynamic, the info is copied to the stack with its element
      count computed from the memref's sizes.
    - **Data.** The runtime reads and writes contiguous host data. A memref
      with an identity layout, or a strided layout that is statically
      contiguous (each stride the product of the inner sizes, size-1
      dimensions aside), is passed as its aligned pointer plus its offset.
      Any other is copied into a temporary buffer (`malloc`) with
      `memrefCopy` (the C runner utilities, which the JIT driver must
      provide) before the call; for a DMA destination the buffer is copied
      back into the memref after the call. Temporaries are freed after the
      call.

    The patterns are also provided through the apsim dialect's
    `ConvertToLLVMPatternInterface`, so that `convert-to-llvm` lowers apsim
    ops with everything else. `ap-lower-to-llvm` runs this pass after
    bufferization, before the final conversions to LLVM.

    Example (target devices `cpu`, `npu` with tiers `sram`, `dram`; link
    `pcie`):

    ```mlir
    apsim.define 0 on @cpu format f32 bytes 64
    apsim.dma "x.to.npu" %x into %y from @cpu to @npu::@sram via @pcie
        wire f16 ids 0 -> 1 : memref<16xf32> into memref<16xf32>
    apsim.launch "main#0" on @npu::@sram precision f32 reads [1]
        writes [2 : 64 : f32] cost #apsim.cost<...>
    ```

    becomes (abbreviated)

    ```mlir
    llvm.mlir.global private constant @__ap_rt_transfer_x_to_npu()
        : !llvm.struct<(ptr, i64, i64, i32, i32, i32, i32, i32, i32, i32, i32, i64)> {
      // "x.to.npu", ids 0 -> 1, cpu (0, tier -1) -> npu (1, tier 0),
      // link 0, f32 -> f16 -> f32, 16 elements
    }
    llvm.call @ap_rt_define(%c0_i64, %c0_i32, %cm1_i32, %c0_i32, %c64_i64)
        : (i64, i32, i32, i32, i64) -> ()
    %info = llvm.mlir.addressof @__ap_rt_transfer_x_to_npu : !llvm.ptr
    llvm.call @ap_rt_transfer(%info, %xData, %yData) : (!llvm.ptr, !llvm.ptr, !llvm.ptr) -> ()
    %launch = llvm.mlir.addressof @__ap_rt_launch_main_0 : !llvm.ptr
    llvm.call @ap_rt_launch(%launch) : (!llvm.ptr) -> ()
    ```

    The pass has no options: the target comes from the module.
  }];
  let dependentDialects = ["::mlir::LLVM::LLVMDialect"];
}

#endif // AP_CONVERSION_PASSES
