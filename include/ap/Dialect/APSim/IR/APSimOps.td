//===- APSimOps.td - Operations of the apsim dialect ------*- tablegen -*-===//
//
// Part of the ap project: an adaptive-precision compiler built on MLIR.
//
//===----------------------------------------------------------------------===//

#ifndef AP_DIALECT_APSIM_IR_APSIMOPS_TD
#define AP_DIALECT_APSIM_IR_APSIMOPS_TD

include "ap/Dialect/APSim/IR/APSimAttrs.td"
include "mlir/Interfaces/DestinationStyleOpInterface.td"
include "mlir/Interfaces/SideEffectInterfaces.td"

class APSim_Op<string mnemonic, list<Trait> traits = []>
    : Op<APSim_Dialect, mnemonic, traits>;

/// The simulated machine of the runtime: every apsim op reads and writes it
/// (its clocks, buffers and statistics), so that none is erased, merged or
/// reordered with another.
def APSim_RuntimeResource : Resource<"::mlir::apsim::RuntimeResource">;

def APSim_RuntimeEffects : MemoryEffects<[MemRead<APSim_RuntimeResource>,
                                          MemWrite<APSim_RuntimeResource>]>;

class APSim_EnumProp<EnumInfo info, Attr attrForm>
    : EnumPropWithAttrForm<info, attrForm> {
  let storeInCustomAttribute = 1;
}

/// A property holding a value of an enumeration of the ap dialect, whose
/// attribute form is ap's enum attribute (`#ap.precision<f16>`). The ap
/// enumerations' TableGen records are not included here, so that the apsim
/// documentation lists only apsim's own enumerations.
class APSim_APEnumProp<string name, string summary>
    : Property<"::mlir::ap::" # name, summary> {
  defvar cppType = "::mlir::ap::" # name;
  defvar attrType = "::mlir::ap::" # name # "Attr";
  let predicate = CPred<"::mlir::ap::symbolize" # name #
                        "(static_cast<uint32_t>($_self)).has_value()">;
  let convertFromAttribute = [{
    auto attr = ::llvm::dyn_cast_if_present<}] # attrType # [{>($_attr);
    if (!attr)
      return $_diag() << "expected }] # attrType # [{";
    $_storage = attr.getValue();
    return ::mlir::success();
  }];
  let convertToAttribute = [{
    return }] # attrType # [{::get($_ctxt, $_storage);
  }];
  let writeToMlirBytecode = [{
    $_writer.writeVarInt(static_cast<uint64_t>($_storage));
  }];
  let readFromMlirBytecode = [{
    uint64_t rawValue;
    if (::mlir::failed($_reader.readVarInt(rawValue)))
      return ::mlir::failure();
    $_storage = static_cast<}] # cppType # [{>(rawValue);
  }];
  let optionalParser = [{
    auto value =
        ::mlir::FieldParser<std::optional<}] # cppType # [{>>::parse($_parser);
    if (::mlir::failed(value))
      return ::mlir::failure();
    if (!(value->has_value()))
      return std::nullopt;
    $_storage = std::move(**value);
  }];
}

def APSim_PrecisionProp : APSim_APEnumProp<"Precision", "a number format of the target">;
def APSim_ProbeMetricProp : APSim_APEnumProp<"ProbeMetric", "a run-time quality metric">;
def APSim_FormatProp : APSim_EnumProp<APSim_Format, APSim_FormatAttr>;

def APSim_BufferId : ConfinedProp<I64Prop, CPred<"$_self >= 0">,
                                  "non-negative buffer id">;
def APSim_ByteCount : ConfinedProp<I64Prop, CPred<"$_self >= 0">,
                                   "non-negative byte count">;

def APSim_TensorOrMemRef : AnyTypeOf<[AnyRankedTensor, AnyMemRef],
                                     "ranked tensor or memref">;

//===----------------------------------------------------------------------===//
// Buffers
//===----------------------------------------------------------------------===//

def APSim_DefineOp : APSim_Op<"define", [APSim_RuntimeEffects]> {
  let summary = "A buffer that exists before the kernels that read it";
  let description = [{
    Tells the runtime that buffer `id` exists, ready now, on the device or
    memory tier `on` (`@device` alone means the device's last, largest
    tier), stored in `format` and `bytes` long: a function argument on the
    host, or weights resident on a device. Defining an id that is live
    releases the old buffer first. Lowers to `ap_rt_define`.

    When the module carries an `ap.target`, the device and the tier must
    exist in it.

    Example:

    ```mlir
    apsim.define 0 on @cpu format f32 bytes 4096
    apsim.define 1 on @npu::@dram format i8 bytes 65536
    apsim.define 2 on @cpu format opaque bytes 16
    ```
  }];
  let arguments = (ins
    APSim_BufferId:$id,
    SymbolRefAttr:$endpoint,
    APSim_FormatProp:$format,
    APSim_ByteCount:$bytes
  );
  let assemblyFormat = [{
    $id `on` $endpoint `format` $format `bytes` $bytes attr-dict
  }];
  let hasVerifier = 1;
}

def APSim_ReleaseOp : APSim_Op<"release", [APSim_RuntimeEffects]> {
  let summary = "Marks a buffer as no longer needed";
  let description = [{
    Buffer `id` is not read by anything that follows: its bytes stop counting
    in its memory tier when its last reader has finished. Lowers to
    `ap_rt_release`.

    Example:

    ```mlir
    apsim.release 3
    ```
  }];
  let arguments = (ins APSim_BufferId:$id);
  let assemblyFormat = "$id attr-dict";
}

//===----------------------------------------------------------------------===//
// Kernels
//===----------------------------------------------------------------------===//

def APSim_LaunchOp : APSim_Op<"launch", [APSim_RuntimeEffects]> {
  let summary = "Announces one kernel launch with its cost";
  let description = [{
    Placed immediately before the compute ops that implement a kernel (which
    stay ordinary `linalg`/`arith` ops and run on the host), announces to the
    runtime that the kernel `name` (its cost key, e.g. `"main#3"`) runs on
    the device of `on` at `precision` (accumulating in `accumulator` when
    given), with the figures `cost` that the cost model computed at compile
    time. The memory tier of `on`, when given, is the one whose bandwidth the
    cost used; without it, the device's last tier.

    The kernel reads the buffers `reads`, which must live on the device, and
    creates the buffers `writes`, each written as `id : bytes : format`
    (stored bytes and storage format). The op has no operands: it only
    carries the figures. Lowers to `ap_rt_launch`.

    Verification: the cost figures are finite and non-negative and `time`
    is at least `overhead_time` (see `#apsim.cost`); every id appears once
    among the reads and the writes; when the module carries an `ap.target`,
    the device and the tier exist and the device supports `precision`.

    Example:

    ```mlir
    apsim.launch "main#3" on @npu::@sram precision i8 accumulator i32
        reads [1, 2] writes [3 : 256 : i8]
        cost #apsim.cost<time = 6.0e-06, compute_time = 1.0e-06,
                         memory_time = 5.0e-07, overhead_time = 5.0e-06,
                         dynamic_energy = 1.0e-09, static_energy = 3.0e-09,
                         ops = 64, bytes_read = 128, bytes_written = 128>
    ```
  }];
  let arguments = (ins
    StrAttr:$name,
    SymbolRefAttr:$endpoint,
    APSim_PrecisionProp:$precision,
    OptionalProp<APSim_PrecisionProp>:$accumulator,
    IntArrayProp<I64Prop>:$reads,
    IntArrayProp<I64Prop>:$writeIds,
    IntArrayProp<I64Prop>:$writeBytes,
    ArrayProp<APSim_FormatProp>:$writeFormats,
    APSim_CostAttr:$cost
  );
  let hasCustomAssemblyFormat = 1;
  let hasVerifier = 1;
}

def APSim_SwitchOp : APSim_Op<"switch", [APSim_RuntimeEffects]> {
  let summary = "Switches the arithmetic units of a device to a precision";
  let description = [{
    Reconfigures `device` for `precision` now (the device is busy for its
    switch latency). Launches switch implicitly when the device's current
    precision differs from theirs; this op makes a switch explicit, e.g.
    ahead of a group of launches. Lowers to `ap_rt_switch`.

    When the module carries an `ap.target`, the device must exist and
    support the precision.

    Example:

    ```mlir
    apsim.switch @npu precision f16
    ```
  }];
  let arguments = (ins FlatSymbolRefAttr:$device,
                       APSim_PrecisionProp:$precision);
  let assemblyFormat = "$device `precision` $precision attr-dict";
  let hasVerifier = 1;
}

def APSim_SelectOp : APSim_Op<"select", [APSim_RuntimeEffects]> {
  let summary = "Asks the precision manager which variant of a switch point to run";
  let description = [{
    A switch point: returns the index of the variant of `id` to run now, as
    the runtime's precision manager chooses it with the policy in force
    (docs/adaptive-runtime.md). The variants run on `device` at the
    precisions `variants` (formats of the target); `default` is the one the
    point starts with. Per variant, `losses` is the estimated accuracy loss,
    `times` and `energies` the simulated seconds and dynamic joules of one
    execution (the sum of its launches, and of the precision switches it
    causes on its device) and `bytes` the bytes its launches read and
    write; each list is empty (unknown: 0) or has one entry per variant.
    When the chosen variant's precision differs from the device's current
    one, the runtime switches the device now, at its switch latency.
    Lowers to `ap_rt_select`.

    `convert-ap-to-apsim` makes one per `ap.adaptive`, followed by an
    `scf.index_switch` on its result.

    Example:

    ```mlir
    %v = apsim.select "fc1" on @npu variants [f16, i8] default 0
        losses [0.0, 2.0e-3] times [4.0e-6, 1.5e-6]
        energies [1.0e-6, 2.5e-7] bytes [512, 512]
    ```
  }];
  let arguments = (ins
    StrAttr:$id,
    FlatSymbolRefAttr:$device,
    DenseI32ArrayAttr:$variants,
    I64Attr:$defaultVariant,
    DenseF64ArrayAttr:$losses,
    DenseF64ArrayAttr:$times,
    DenseF64ArrayAttr:$energies,
    DenseI64ArrayAttr:$bytes
  );
  let results = (outs Index:$result);
  let hasCustomAssemblyFormat = 1;
  let hasVerifier = 1;
  let extraClassDeclaration = [{
    /// The precision of variant `index`.
    ::mlir::ap::Precision getVariantPrecision(unsigned index) {
      return static_cast<::mlir::ap::Precision>(getVariants()[index]);
    }
  }];
}

def APSim_WaitOp : APSim_Op<"wait", [APSim_RuntimeEffects]> {
  let summary = "The host waits for a device, or for all";
  let description = [{
    The host waits until `device` has finished everything it was given, or
    every device and link with `all`. Lowers to `ap_rt_wait`.

    Example:

    ```mlir
    apsim.wait @npu
    apsim.wait all
    ```
  }];
  let arguments = (ins OptionalAttr<FlatSymbolRefAttr>:$device);
  let assemblyFormat = "($device^) : (`all`)? attr-dict";
  let hasVerifier = 1;
}

//===----------------------------------------------------------------------===//
// Data movement and monitoring
//===----------------------------------------------------------------------===//

def APSim_DmaOp : APSim_Op<"dma", [
    DeclareOpInterfaceMethods<MemoryEffectsOpInterface>,
    DestinationStyleOpInterface
  ]> {
  let summary = "Precision-aware DMA between devices or memory tiers";
  let description = [{
    Copies `input` (buffer `source`, on the endpoint `from`) into `init`
    (buffer `destination`, on the endpoint `to`), optionally over the link
    `via` (otherwise the runtime routes it as the cost model does). Each
    element is converted from the input's element type to the `wire`
    precision (when given) for the link, then to the destination's element
    type, rounding to nearest even and saturating, exactly as `ap.transfer`
    specifies; the runtime does this conversion for real and accounts for the
    time and energy of the transfer. Lowers to `ap_rt_transfer`.

    The op is in destination-passing style: on tensors, it returns the
    updated `init` (whose previous contents are not read); on memrefs (after
    bufferization) it writes `init` in place and has no result. `name` names
    the transfer in the runtime's statistics and trace.

    Verification: the shapes are equal; the element types are equal unless
    both are floating-point; `wire` is a floating-point precision and needs
    a floating-point input; the endpoints differ; when the module carries an
    `ap.target`, the endpoints exist, the link exists, connects them in this
    direction and supports the wire precision.

    Example:

    ```mlir
    %y = apsim.dma "x.to.npu" %x into %init from @cpu to @npu::@sram via @pcie
           wire f16 ids 0 -> 1 : tensor<64xf32> into tensor<64xf16>
    apsim.dma "x.to.npu" %a into %b from @cpu to @npu ids 0 -> 1
        : memref<64xf32> into memref<64xf32>
    ```
  }];
  let arguments = (ins
    StrAttr:$name,
    APSim_TensorOrMemRef:$input,
    APSim_TensorOrMemRef:$init,
    SymbolRefAttr:$from,
    SymbolRefAttr:$to,
    OptionalAttr<FlatSymbolRefAttr>:$via,
    OptionalProp<APSim_PrecisionProp>:$wire,
    APSim_BufferId:$source,
    APSim_BufferId:$destination
  );
  let results = (outs Optional<AnyRankedTensor>:$result);
  let hasCustomAssemblyFormat = 1;
  let hasVerifier = 1;
  let extraClassDeclaration = [{
    /// The init operand, written by the op (DestinationStyleOpInterface).
    ::mlir::MutableOperandRange getDpsInitsMutable() {
      return getInitMutable();
    }
  }];
}

def APSim_ProbeOp : APSim_Op<"probe", [
    DeclareOpInterfaceMethods<MemoryEffectsOpInterface>
  ]> {
  let summary = "Measures the quality of a value at run time";
  let description = [{
    Reports `metric` computed on a sample of the elements of `input` (every
    k-th element, k = round(1 / `sample_rate`), `sample_rate` in (0, 1],
    default 1) to the runtime's quality monitor under `id`, as the value
    lives on `device`. `sqnr` compares the input with a `reference` of the
    same shape and needs one; the other metrics take no reference. The
    operands are tensors or, after bufferization, memrefs (both of the same
    kind); they are only read. Lowers to `ap_rt_probe`.

    The element types must be formats of the target (`f32`, `f16`, `bf16`,
    `f8E4M3FN`, `f8E5M2`, signless or signed `i32`/`i16`/`i8`/`i4`,
    unsigned `ui8`/`ui4`), since the runtime interprets the elements. When
    the module carries an `ap.target`, the device must exist in it.

    `as` and `for` mean what they mean on `ap.probe`: the metric of the
    floating-point input converted to `as` (a floating-point format of the
    target, or a per-tensor `!quant.uniform` whose storage type is one),
    reported for the switch point `for`.

    Example:

    ```mlir
    apsim.probe sqnr %h reference %x id "fc1.sqnr" sample_rate 0.125 on @npu
        : tensor<64xf16>, tensor<64xf32>
    apsim.probe saturation_rate %q id "fc1.sat" on @npu : memref<64xi8>
    apsim.probe sqnr %x as !quant.uniform<i8:f32, 0.05:-3> id "fc1.in.i8"
        for "fc1" on @npu : memref<64xf32>
    ```
  }];
  let arguments = (ins
    APSim_ProbeMetricProp:$metric,
    APSim_TensorOrMemRef:$input,
    Optional<APSim_TensorOrMemRef>:$reference,
    OptionalAttr<TypeAttr>:$asType,
    StrAttr:$id,
    OptionalAttr<StrAttr>:$site,
    DefaultValuedAttr<F64Attr, "1.0">:$sampleRate,
    FlatSymbolRefAttr:$device
  );
  let assemblyFormat = [{
    $metric $input (`reference` $reference^)? (`as` $asType^)? `id` $id
    (`for` $site^)? (`sample_rate` $sampleRate^)? `on` $device attr-dict
    `:` type($input) (`,` type($reference)^)?
  }];
  let hasVerifier = 1;
}

def APSim_ObserveOp : APSim_Op<"observe", [
    DeclareOpInterfaceMethods<MemoryEffectsOpInterface>
  ]> {
  let summary = "Records calibration statistics of a value";
  let description = [{
    Adds every element of `input` to the calibration statistics of the
    value `id` (`ap.observe` becomes this op), as the value lives on
    `device`: during calibration pass 1 the count, minimum, maximum, mean
    and variance; during pass 2 the histogram over the range pass 1 found.
    When calibration is off, the runtime returns at once. The statistics
    become the "values" of the profile that `ap-run --calibrate` writes
    (docs/calibration.md). Observations that share an id are one value. The
    operand is a tensor or, after bufferization, a memref; it is only read.
    Lowers to `ap_rt_observe`.

    The element type must be a format of the target (`f32`, `f16`, `bf16`,
    `f8E4M3FN`, `f8E5M2`, signless or signed `i32`/`i16`/`i8`/`i4`,
    unsigned `ui8`/`ui4`), since the runtime interprets the elements. When
    the module carries an `ap.target`, the device must exist in it.

    Example:

    ```mlir
    apsim.observe %h id "main.matmul0" on @npu : tensor<64x128xf16>
    apsim.observe %a id "main.arg0" on @cpu : memref<1x784xf32>
    ```
  }];
  let arguments = (ins
    APSim_TensorOrMemRef:$input,
    StrAttr:$id,
    FlatSymbolRefAttr:$device
  );
  let assemblyFormat = [{
    $input `id` $id `on` $device attr-dict `:` type($input)
  }];
  let hasVerifier = 1;
}

#endif // AP_DIALECT_APSIM_IR_APSIMOPS_TD
