//===- APDialect.td - The ap precision dialect ------------*- tablegen -*-===//
//
// Part of the ap project: an adaptive-precision compiler built on MLIR.
//
//===----------------------------------------------------------------------===//

#ifndef AP_DIALECT_AP_IR_APDIALECT_TD
#define AP_DIALECT_AP_IR_APDIALECT_TD

include "mlir/IR/OpBase.td"

def AP_Dialect : Dialect {
  let name = "ap";
  let cppNamespace = "::mlir::ap";
  let summary = "The precision dialect of the ap adaptive-precision compiler";
  let description = [{
    The `ap` dialect expresses *how many bits each value gets* and *where each
    operation runs*. It holds the operations that change the precision of a
    tensor (`ap.quantize`, `ap.dequantize`, `ap.convert`), move it between the
    devices and memory tiers of a target (`ap.transfer`, with an optional
    wire precision), group a subgraph onto one device (`ap.placement`), and
    support calibration and run-time adaptation (`ap.observe`, `ap.probe`,
    `ap.adaptive`).

    Quantized tensors use the upstream `!quant.uniform` element types, per
    tensor and per axis, so that the upstream `quant` passes and other tools
    understand them. The hardware is described by the `#ap.target` attribute,
    attached to a module under the discardable attribute name `ap.target`:

    ```mlir
    module attributes {ap.target = #ap.target<
        devices = [#ap.device<"cpu", host, precisions = [f32]>,
                   #ap.device<"npu", accelerator, precisions = [f16, i8]>],
        links = [#ap.link<"pcie", @cpu -> @npu, bidirectional,
                          latency = 1.0e-06, bandwidth = 1.6e+10>],
        host = "cpu", default = "npu">} {
      ...
    }
    ```
  }];
  let dependentDialects = [
    "::mlir::arith::ArithDialect", "::mlir::quant::QuantDialect"
  ];
  let useDefaultAttributePrinterParser = 1;
  let hasConstantMaterializer = 1;
  let hasOperationAttrVerify = 1;
  let extraClassDeclaration = [{
    /// The name of the discardable attribute that attaches an `#ap.target` to
    /// an operation (usually the module).
    static constexpr ::llvm::StringLiteral getTargetAttrName() {
      return ::llvm::StringLiteral("ap.target");
    }
    /// The name of the discardable string attribute that gives an op its key
    /// in measured profiles (see docs/cost-model.md).
    static constexpr ::llvm::StringLiteral getCostKeyAttrName() {
      return ::llvm::StringLiteral("ap.cost_key");
    }
    /// The name of the discardable attribute that records, on a function
    /// lowered for execution, the function type it had on tensors, so that a
    /// runner can pass arrays to the lowered code.
    static constexpr ::llvm::StringLiteral getEntrySignatureAttrName() {
      return ::llvm::StringLiteral("ap.entry_signature");
    }
    /// The name of the discardable attribute that places a constant (weights)
    /// in a memory tier of the device that reads it: a symbol reference
    /// `@device::@tier` (set by ap-partition; see docs/partitioning.md).
    static constexpr ::llvm::StringLiteral getMemoryAttrName() {
      return ::llvm::StringLiteral("ap.memory");
    }
    /// The name of the discardable dictionary attribute that records where
    /// and when the partitioner's schedule runs an op or a transfer:
    /// `{order, start, end}` (issue position, predicted seconds).
    static constexpr ::llvm::StringLiteral getScheduleAttrName() {
      return ::llvm::StringLiteral("ap.schedule");
    }
    /// The name of the discardable f64 attribute that records, on a module,
    /// the accuracy loss its precision assignment is estimated to cost (set
    /// by ap-assign-precision; ap-partition's wire precisions may spend the
    /// rest of the tolerance).
    static constexpr ::llvm::StringLiteral getEstimatedLossAttrName() {
      return ::llvm::StringLiteral("ap.estimated_loss");
    }

  private:
    void registerAttributes();
  public:
  }];
}

#endif // AP_DIALECT_AP_IR_APDIALECT_TD
