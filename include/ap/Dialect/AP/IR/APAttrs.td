//===- APAttrs.td - Attributes of the ap dialect ----------*- tablegen -*-===//
//
// Part of the ap project: an adaptive-precision compiler built on MLIR.
//
//===----------------------------------------------------------------------===//

#ifndef AP_DIALECT_AP_IR_APATTRS_TD
#define AP_DIALECT_AP_IR_APATTRS_TD

include "ap/Dialect/AP/IR/APEnums.td"
include "mlir/IR/AttrTypeBase.td"

class AP_Attr<string name, string attrMnemonic, list<Trait> traits = []>
    : AttrDef<AP_Dialect, name, traits> {
  let mnemonic = attrMnemonic;
}

/// A measured figure of the hardware (a time, a bandwidth, an energy), in SI
/// units; absent when the description does not give it.
class AP_FigureParameter<string desc>
    : OptionalParameter<"::mlir::FloatAttr", desc>;

def AP_MemoryTierAttr : AP_Attr<"MemoryTier", "memory"> {
  let summary = "A memory tier of a device";
  let description = [{
    One level of a device's memory hierarchy (for example on-chip SRAM and
    off-chip DRAM): its name, its capacity in bytes and, optionally, its
    bandwidth in bytes per second and its energy per byte in joules.

    ```mlir
    #ap.memory<"sram", capacity = 1048576, bandwidth = 1.0e+12,
               energy_per_byte = 1.0e-12>
    ```
  }];
  let parameters = (ins
    "::mlir::StringAttr":$name,
    "uint64_t":$capacity,
    AP_FigureParameter<"bytes per second">:$bandwidth,
    AP_FigureParameter<"joules per byte">:$energyPerByte
  );
  let hasCustomAssemblyFormat = 1;
  let genVerifyDecl = 1;
}

def AP_DeviceAttr : AP_Attr<"Device", "device"> {
  let summary = "A device of the target: a host processor or an accelerator";
  let description = [{
    A device that executes operations: its name (unique in the target), its
    kind (`host` or `accelerator`), the precisions its arithmetic units
    support (a precision not listed is not supported) and its memory tiers
    (fastest first). The figures the cost model needs are optional here, so
    that a target used only to check names stays short, and all required by
    the cost model (see docs/target.md):

    - `clock`: cycles per second (Hz);
    - `units`: processing elements (vector lanes, PE array cells, cores);
    - `ops_per_cycle`: for each supported precision, the scalar operations
      one unit completes per cycle at that precision;
    - `energy_per_op`: for each supported precision, joules per operation;
    - `launch_overhead`: seconds to start a kernel;
    - `switch_latency`: seconds to reconfigure the arithmetic units to
      another precision;
    - `idle_power`: watts drawn when the device is on but idle.

    ```mlir
    #ap.device<"npu0", accelerator, precisions = [f16, i8],
               memories = [#ap.memory<"sram", capacity = 1048576>,
                           #ap.memory<"dram", capacity = 1073741824>],
               clock = 1.0e+09, units = 64,
               ops_per_cycle = {f16 = 16.0, i8 = 32.0},
               energy_per_op = {f16 = 1.0e-12, i8 = 2.5e-13},
               launch_overhead = 5.0e-06, switch_latency = 1.0e-06,
               idle_power = 0.5>
    ```
  }];
  let parameters = (ins
    "::mlir::StringAttr":$name,
    "::mlir::ap::DeviceKind":$kind,
    ArrayRefParameter<"::mlir::ap::Precision", "supported precisions">
        :$precisions,
    OptionalArrayRefParameter<"::mlir::ap::MemoryTierAttr", "memory tiers">
        :$memories,
    AP_FigureParameter<"clock frequency in Hz">:$clock,
    OptionalParameter<"std::optional<uint64_t>", "processing elements">
        :$units,
    OptionalParameter<"::mlir::DictionaryAttr",
                      "operations per cycle and unit, per precision">
        :$opsPerCycle,
    OptionalParameter<"::mlir::DictionaryAttr",
                      "joules per operation, per precision">:$energyPerOp,
    AP_FigureParameter<"seconds to launch a kernel">:$launchOverhead,
    AP_FigureParameter<"seconds to switch precision">:$switchLatency,
    AP_FigureParameter<"watts when idle">:$idlePower
  );
  let builders = [
    AttrBuilder<(ins "::mlir::StringAttr":$name, "::mlir::ap::DeviceKind":$kind,
                     "::llvm::ArrayRef<::mlir::ap::Precision>":$precisions,
                     CArg<"::llvm::ArrayRef<::mlir::ap::MemoryTierAttr>", "{}">
                         :$memories), [{
      return $_get($_ctxt, name, kind, precisions, memories, FloatAttr(),
                   std::nullopt, DictionaryAttr(), DictionaryAttr(),
                   FloatAttr(), FloatAttr(), FloatAttr());
    }]>
  ];
  let hasCustomAssemblyFormat = 1;
  let genVerifyDecl = 1;
  let extraClassDeclaration = [{
    /// Whether the arithmetic units of this device support `precision`.
    bool supports(::mlir::ap::Precision precision) const;
    /// The memory tier named `name`, or null.
    ::mlir::ap::MemoryTierAttr lookupMemory(::llvm::StringRef name) const;
    /// The operations per cycle and unit at `precision`, if given.
    std::optional<double> getOpsPerCycle(::mlir::ap::Precision precision) const;
    /// The joules per operation at `precision`, if given.
    std::optional<double> getEnergyPerOp(::mlir::ap::Precision precision) const;
  }];
}

def AP_LinkAttr : AP_Attr<"Link", "link"> {
  let summary = "An interconnect between two devices or memory tiers";
  let description = [{
    A link moves data between two endpoints, each a device (`@npu0`) or a
    memory tier of a device (`@npu0::@dram`). Data flows from the first to
    the second, and also back with `bidirectional`. Optional figures: latency in seconds,
    bandwidth in bytes per second, energy per byte in joules. `wire` lists the
    precisions the link can transmit (variable-width transmission; absent
    means any), and `converts` says that the link converts between wire and
    storage precisions on the fly.

    ```mlir
    #ap.link<"pcie", @cpu -> @npu0, bidirectional, latency = 1.0e-06,
             bandwidth = 1.6e+10, wire = [f32, f16, bf16, f8E4M3FN], converts>
    ```
  }];
  let parameters = (ins
    "::mlir::StringAttr":$name,
    "::mlir::SymbolRefAttr":$source,
    "::mlir::SymbolRefAttr":$destination,
    "bool":$bidirectional,
    AP_FigureParameter<"seconds">:$latency,
    AP_FigureParameter<"bytes per second">:$bandwidth,
    AP_FigureParameter<"joules per byte">:$energyPerByte,
    OptionalArrayRefParameter<"::mlir::ap::Precision", "wire precisions">
        :$wire,
    "bool":$converts
  );
  let hasCustomAssemblyFormat = 1;
  let genVerifyDecl = 1;
  let extraClassDeclaration = [{
    /// Whether the link can transmit values at `precision`.
    bool supportsWire(::mlir::ap::Precision precision) const;
  }];
}

def AP_TargetAttr : AP_Attr<"Target", "target"> {
  let summary = "The hardware a module is compiled for";
  let description = [{
    The devices and links of the target, the name of the host device, and the
    device on which code without a placement runs (`default`). Attached to a
    module as the discardable attribute `ap.target`; operations that name
    devices, memory tiers and links are verified against the nearest enclosing
    target.

    ```mlir
    #ap.target<devices = [#ap.device<"cpu", host, precisions = [f32]>,
                          #ap.device<"npu", accelerator, precisions = [f16]>],
               links = [#ap.link<"pcie", @cpu -> @npu, bidirectional>],
               host = "cpu", default = "npu">
    ```
  }];
  let parameters = (ins
    ArrayRefParameter<"::mlir::ap::DeviceAttr", "devices">:$devices,
    OptionalArrayRefParameter<"::mlir::ap::LinkAttr", "links">:$links,
    "::mlir::StringAttr":$host,
    "::mlir::StringAttr":$defaultDevice
  );
  let hasCustomAssemblyFormat = 1;
  let genVerifyDecl = 1;
  let extraClassDeclaration = [{
    /// The device named `name`, or null.
    ::mlir::ap::DeviceAttr lookupDevice(::llvm::StringRef name) const;
    /// The link named `name`, or null.
    ::mlir::ap::LinkAttr lookupLink(::llvm::StringRef name) const;
    /// The target attached to `op` or to its nearest ancestor, or null.
    static TargetAttr lookup(::mlir::Operation *op);
    /// Checks that `endpoint` (`@device` or `@device::@tier`) names a device,
    /// and a memory tier of it, of this target; reports through `emitError`.
    ::mlir::LogicalResult verifyEndpoint(
        ::llvm::function_ref<::mlir::InFlightDiagnostic()> emitError,
        ::mlir::SymbolRefAttr endpoint, ::llvm::StringRef role) const;
  }];
}

#endif // AP_DIALECT_AP_IR_APATTRS_TD
