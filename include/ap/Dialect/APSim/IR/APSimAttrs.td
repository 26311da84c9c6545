//===- APSimAttrs.td - Attributes of the apsim dialect ----*- tablegen -*-===//
//
// Part of the ap project: an adaptive-precision compiler built on MLIR.
//
//===----------------------------------------------------------------------===//

#ifndef AP_DIALECT_APSIM_IR_APSIMATTRS_TD
#define AP_DIALECT_APSIM_IR_APSIMATTRS_TD

include "ap/Dialect/APSim/IR/APSimEnums.td"
include "mlir/IR/AttrTypeBase.td"

class APSim_Attr<string name, string attrMnemonic, list<Trait> traits = []>
    : AttrDef<APSim_Dialect, name, traits> {
  let mnemonic = attrMnemonic;
}

def APSim_FormatAttr : EnumAttr<APSim_Dialect, APSim_Format, "format"> {
  let assemblyFormat = "`<` $value `>`";
}

/// A figure of the cost model in SI units (seconds or joules).
class APSim_FigureParameter<string desc>
    : AttrParameter<"::llvm::APFloat", desc>;

def APSim_CostAttr : APSim_Attr<"Cost", "cost"> {
  let summary = "The cost of a kernel launch, as the cost model computed it";
  let description = [{
    The figures of one kernel launch that the compiler's cost model computed
    for the launch's device, memory tier and precision, and that the runtime
    uses to simulate it, so that prediction and simulation agree:

    - `time`: seconds from start to end of the launch, overhead included
      (at least `overhead_time`);
    - `compute_time`, `memory_time`: seconds the arithmetic units and the
      memory tier would need (the roofline's two bounds);
    - `overhead_time`: seconds to start the kernel;
    - `dynamic_energy`, `static_energy`: joules;
    - `ops`: scalar operations; `bytes_read`, `bytes_written`: bytes moved
      between the memory tier and the arithmetic units.

    Every figure is finite and non-negative. All keys are required, in this
    order.

    ```mlir
    #apsim.cost<time = 6.0e-06, compute_time = 1.0e-06, memory_time = 5.0e-07,
                overhead_time = 5.0e-06, dynamic_energy = 1.0e-09,
                static_energy = 3.0e-09, ops = 64, bytes_read = 128,
                bytes_written = 128>
    ```
  }];
  let parameters = (ins
    APSim_FigureParameter<"seconds, overhead included">:$time,
    APSim_FigureParameter<"seconds of computation">:$computeTime,
    APSim_FigureParameter<"seconds of memory traffic">:$memoryTime,
    APSim_FigureParameter<"seconds to start the kernel">:$overheadTime,
    APSim_FigureParameter<"joules of dynamic energy">:$dynamicEnergy,
    APSim_FigureParameter<"joules of static energy">:$staticEnergy,
    "int64_t":$ops,
    "int64_t":$bytesRead,
    "int64_t":$bytesWritten
  );
  let builders = [
    AttrBuilder<(ins "double":$time, "double":$computeTime,
                     "double":$memoryTime, "double":$overheadTime,
                     "double":$dynamicEnergy, "double":$staticEnergy,
                     "int64_t":$ops, "int64_t":$bytesRead,
                     "int64_t":$bytesWritten), [{
      return $_get($_ctxt, ::llvm::APFloat(time), ::llvm::APFloat(computeTime),
                   ::llvm::APFloat(memoryTime), ::llvm::APFloat(overheadTime),
                   ::llvm::APFloat(dynamicEnergy),
                   ::llvm::APFloat(staticEnergy), ops, bytesRead,
                   bytesWritten);
    }]>
  ];
  let hasCustomAssemblyFormat = 1;
  let genVerifyDecl = 1;
  let extraClassDeclaration = [{
    /// The figures as doubles (seconds and joules), as the runtime takes them.
    double getTimeSeconds() const { return getTime().convertToDouble(); }
    double getComputeTimeSeconds() const {
      return getComputeTime().convertToDouble();
    }
    double getMemoryTimeSeconds() const {
      return getMemoryTime().convertToDouble();
    }
    double getOverheadTimeSeconds() const {
      return getOverheadTime().convertToDouble();
    }
    double getDynamicEnergyJoules() const {
      return getDynamicEnergy().convertToDouble();
    }
    double getStaticEnergyJoules() const {
      return getStaticEnergy().convertToDouble();
    }
  }];
}

#endif // AP_DIALECT_APSIM_IR_APSIMATTRS_TD
