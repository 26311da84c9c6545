//===- APSimDialect.td - The simulated accelerator dialect -*- tablegen -*-===//
//
// Part of the ap project: an adaptive-precision compiler built on MLIR.
//
//===----------------------------------------------------------------------===//

#ifndef AP_DIALECT_APSIM_IR_APSIMDIALECT_TD
#define AP_DIALECT_APSIM_IR_APSIMDIALECT_TD

include "mlir/IR/OpBase.td"

def APSim_Dialect : Dialect {
  let name = "apsim";
  let cppNamespace = "::mlir::apsim";
  let summary = "The simulated accelerator target of the ap compiler";
  let description = [{
    The `apsim` dialect is what the `ap` dialect lowers to once every value
    has a precision and every operation a device: it announces to the
    runtime (`libap_runtime`) the events of a simulated accelerator, so that
    the runtime can tell *when* the computation would have run on the
    target's devices and *what it would have cost*, while the computation
    itself runs on the host as ordinary `linalg`/`arith` code.

    - `apsim.define`: a buffer that exists before the kernels read it
      (function arguments on the host, weights resident on a device);
    - `apsim.launch`: one kernel launch on a device at a precision, with the
      figures the cost model computed at compile time (`#apsim.cost`),
      placed immediately before the compute ops that implement it;
    - `apsim.dma`: precision-aware DMA between devices or memory tiers, in
      destination-passing style, on tensors and, after bufferization, on
      memrefs; the runtime really converts the data;
    - `apsim.release`, `apsim.switch`, `apsim.wait`: buffer lifetimes,
      explicit precision switches and host synchronization;
    - `apsim.probe`: a run-time quality measurement;
    - `apsim.observe`: the calibration statistics of a value.

    Buffers are named by non-negative 64-bit ids, devices, memory tiers and
    links by symbol references to the names of the module's `#ap.target`
    (`@npu` or `@npu::@sram`), against which the ops are verified when the
    module carries one. Each op lowers to one call of the runtime's C ABI
    (`ap_rt_define`, `ap_rt_launch`, `ap_rt_transfer`, ...); the op's
    properties are the fields of that call.

    ```mlir
    apsim.define 0 on @cpu format f32 bytes 256
    apsim.launch "main#0" on @npu::@sram precision f16 reads [1] writes [2 : 128 : f16]
        cost #apsim.cost<time = 6.0e-06, compute_time = 1.0e-06,
                         memory_time = 5.0e-07, overhead_time = 5.0e-06,
                         dynamic_energy = 1.0e-09, static_energy = 3.0e-09,
                         ops = 64, bytes_read = 128, bytes_written = 128>
    ```
  }];
  let dependentDialects = ["::mlir::ap::APDialect"];
  let useDefaultAttributePrinterParser = 1;
  let extraClassDeclaration = [{
  private:
    void registerAttributes();
  public:
  }];
}

#endif // AP_DIALECT_APSIM_IR_APSIMDIALECT_TD
