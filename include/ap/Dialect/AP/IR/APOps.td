//===- APOps.td - Operations of the ap dialect ------------*- tablegen -*-===//
//
// Part of the ap project: an adaptive-precision compiler built on MLIR.
//
//===----------------------------------------------------------------------===//

#ifndef AP_DIALECT_AP_IR_APOPS_TD
#define AP_DIALECT_AP_IR_APOPS_TD

include "ap/Dialect/AP/IR/APAttrs.td"
include "mlir/Interfaces/ControlFlowInterfaces.td"
include "mlir/Interfaces/InferTypeOpInterface.td"
include "mlir/Interfaces/SideEffectInterfaces.td"
include "mlir/IR/BuiltinAttributeInterfaces.td"
include "mlir/IR/OpAsmInterface.td"
include "mlir/IR/SymbolInterfaces.td"
include "mlir/Dialect/Quant/IR/QuantBase.td"

class AP_Op<string mnemonic, list<Trait> traits = []>
    : Op<AP_Dialect, mnemonic, traits>;

/// The monitors of the runtime: observations and probes write to it, so that
/// they are neither erased when their result is unused nor merged by CSE.
def AP_MonitorResource : Resource<"::mlir::ap::MonitorResource">;

class AP_EnumProp<EnumInfo info, Attr attrForm>
    : EnumPropWithAttrForm<info, attrForm> {
  let storeInCustomAttribute = 1;
}

def AP_RoundingModeProp : AP_EnumProp<AP_RoundingMode, AP_RoundingModeAttr>;
def AP_PrecisionProp : AP_EnumProp<AP_Precision, AP_PrecisionAttr>;
def AP_ProbeMetricProp : AP_EnumProp<AP_ProbeMetric, AP_ProbeMetricAttr>;

def AP_FloatTensor : RankedTensorOf<[AnyFloat]>;
def AP_QuantizedTensor
    : RankedTensorOf<[quant_QuantizedType], [], "ranked tensor of quantized values">;

//===----------------------------------------------------------------------===//
// Precision changes
//===----------------------------------------------------------------------===//

def AP_QuantizeOp : AP_Op<"quantize", [
    Pure, AllShapesMatch<["input", "result"]>
  ]> {
  let summary = "Quantizes a floating-point tensor to a uniform quantized tensor";
  let description = [{
    Maps every element `x` of the input to the storage value

    ```
    q = clamp(round_half_even(x / scale) + zero_point, storage_min, storage_max)
    ```

    where `scale` and `zero_point` come from the `!quant.uniform` element type
    of the result (per tensor, or per slice along the quantized dimension for
    a per-axis type), `scale` is first rounded to the expressed type and the
    division is done in the expressed type with round-to-nearest-even. The
    conversion saturates: values beyond the representable range (and
    infinities) clamp to the storage bounds. NaN quantizes to the zero point.

    The input element type must be the expressed type of the result's
    quantized type; a per-axis type must name a dimension of the tensor whose
    size equals the number of scales.

    `ap.quantize` of a constant is rewritten into a constant of the storage
    type (`quant.scast` of an `arith.constant`) computed with exactly these
    semantics, and `ap.quantize(ap.dequantize(%q))` folds to `%q` when the
    round trip is exact (see `ap.dequantize`).

    Example:

    ```mlir
    %q = ap.quantize %x : tensor<4xf32> -> tensor<4x!quant.uniform<i8:f32, 0.5:-3>>
    %w = ap.quantize %k : tensor<2x3xf32>
           -> tensor<2x3x!quant.uniform<i8:f32:0, {0.1, 0.2}>>
    ```
  }];
  let arguments = (ins AP_FloatTensor:$input);
  let results = (outs AP_QuantizedTensor:$result);
  let assemblyFormat = [{
    $input attr-dict `:` type($input) `->` type($result)
  }];
  let hasVerifier = 1;
  let hasFolder = 1;
  let hasCanonicalizer = 1;
}

def AP_DequantizeOp : AP_Op<"dequantize", [
    Pure, AllShapesMatch<["input", "result"]>
  ]> {
  let summary = "Converts a uniform quantized tensor back to floating point";
  let description = [{
    Maps every storage value `q` to `(q - zero_point) * scale`, computed in
    the expressed type (the integer difference converted to the expressed type
    with round-to-nearest-even, then multiplied by the scale rounded to the
    expressed type, with round-to-nearest-even). The result element type must
    be the expressed type of the input's quantized type.

    `ap.dequantize(ap.quantize(%x))` is *not* folded to `%x`: quantization
    loses information (rounding and saturation), and making that loss explicit
    is the point of inserting the pair. The opposite order,
    `ap.quantize(ap.dequantize(%q))` with the same quantized type, is the
    identity when every nonzero `(q - zero_point) * scale` is a normal number
    of the expressed type and `|q - zero_point|` is small enough for the
    expressed precision (see `isQuantizationRoundTripExact`), and is folded
    then.

    Example:

    ```mlir
    %x = ap.dequantize %q : tensor<4x!quant.uniform<u8:f32, 0.5:128>> -> tensor<4xf32>
    ```
  }];
  let arguments = (ins AP_QuantizedTensor:$input);
  let results = (outs AP_FloatTensor:$result);
  let assemblyFormat = [{
    $input attr-dict `:` type($input) `->` type($result)
  }];
  let hasVerifier = 1;
  let hasCanonicalizer = 1;
}

def AP_ConvertOp : AP_Op<"convert", [
    Pure, AllShapesMatch<["input", "result"]>
  ]> {
  let summary = "Converts a floating-point tensor to another floating-point format";
  let description = [{
    Rounds every element to the result's element type with the given rounding
    mode (default `nearest_even`):

    - `nearest_even`: IEEE 754 roundTiesToEven;
    - `toward_zero`: IEEE 754 roundTowardZero (truncation of the significand);
    - `stochastic`: rounds away from zero with probability equal to the
      distance to the truncated value divided by the distance between the two
      neighbours. The random bits of the element at row-major position `i`
      are the high 32 bits of the `i`-th output (counting from 0) of a
      SplitMix64 generator seeded with `seed`, so results are reproducible;
      `seed` is required with `stochastic` and forbidden otherwise. The value
      is rounded away iff `bits < fraction * 2^32`.

    Overflow: without `saturate`, a finite value that rounds beyond the
    largest finite value becomes an infinity if the format has infinities,
    and NaN otherwise (`f8E4M3FN`). With `nearest_even` that happens from
    halfway past the largest value; `toward_zero` never rounds beyond it
    (IEEE: the largest finite value); `stochastic` rounds a value past the
    largest one beyond it with the probability of rounding away from zero.
    With `saturate`, every value that would overflow, and the infinities,
    become the largest finite value of the same sign. NaN stays NaN.
    Subnormals are supported in both directions.

    Folds to its input when the types are equal, and to a constant computed
    with exactly these semantics when the input is a constant.
    `ap.convert(ap.convert(%x))` becomes a single conversion when the first
    step is exact (every value of the input format is a value of the middle
    format, e.g. `f16 -> f32 -> bf16`).

    Example:

    ```mlir
    %h = ap.convert %x : tensor<8xf32> -> tensor<8xf16>
    %e = ap.convert %x rounding toward_zero saturate : tensor<8xf32> -> tensor<8xf8E4M3FN>
    %s = ap.convert %x rounding stochastic seed 42 : tensor<8xf32> -> tensor<8xbf16>
    ```
  }];
  let arguments = (ins
    AP_FloatTensor:$input,
    DefaultValuedProp<AP_RoundingModeProp,
                      "::mlir::ap::RoundingMode::NearestEven">:$rounding,
    OptionalProp<I64Prop>:$seed,
    UnitProp:$saturate
  );
  let results = (outs AP_FloatTensor:$result);
  let assemblyFormat = [{
    $input (`rounding` $rounding^)? (`seed` $seed^)? (`saturate` $saturate^)?
    attr-dict `:` type($input) `->` type($result)
  }];
  let hasVerifier = 1;
  let hasFolder = 1;
  let hasCanonicalizer = 1;
}

//===----------------------------------------------------------------------===//
// Placement and movement
//===----------------------------------------------------------------------===//

def AP_TransferOp : AP_Op<"transfer", [
    Pure, AllShapesMatch<["input", "result"]>
  ]> {
  let summary = "Moves a tensor between devices or memory tiers of the target";
  let description = [{
    Moves the input from the endpoint `from` to the endpoint `to`, each a
    device (`@npu0`) or a memory tier of a device (`@npu0::@dram`), optionally
    over a named link (`via`). With `wire`, the value crosses the link in that
    floating-point precision (precision-aware DMA: fewer bytes on a slow link)
    and arrives converted to the result's element type; both conversions
    round to nearest even and saturate, like `ap.convert ... saturate`, and
    so does the arrival conversion without `wire` when the element types
    differ. Without `wire` and with equal element types, the transfer is
    exact. The result element type may differ from the
    input's only for floating-point tensors (the value arrives stored in
    another format); quantized tensors cross the link in their storage type
    and keep their type.

    When the enclosing module carries an `ap.target`, the endpoints and the
    link are checked against it: they must exist, the link must connect the
    two devices in that direction, and must support the wire precision.

    Example:

    ```mlir
    %y = ap.transfer %x from @cpu to @npu0::@sram via @pcie wire f16
           : tensor<64xf32> -> tensor<64xf32>
    ```
  }];
  let arguments = (ins
    AnyRankedTensor:$input,
    SymbolRefAttr:$from,
    SymbolRefAttr:$to,
    OptionalAttr<FlatSymbolRefAttr>:$via,
    OptionalProp<AP_PrecisionProp>:$wire
  );
  let results = (outs AnyRankedTensor:$result);
  let assemblyFormat = [{
    $input `from` $from `to` $to (`via` $via^)? (`wire` $wire^)?
    attr-dict `:` type($input) `->` type($result)
  }];
  let hasVerifier = 1;
}

def AP_PlacementOp : AP_Op<"placement", [
    IsolatedFromAbove, RecursiveMemoryEffects, SingleBlock
  ]> {
  let summary = "A subgraph that runs on one device";
  let description = [{
    The body runs on the device named by `on`. The region is isolated from
    above: every value it uses enters through an operand, bound to the block
    argument written beside it, and every value it produces leaves through
    `ap.yield`, whose operands become the results. The block argument types
    equal the operand types and the yielded types equal the result types.

    When the enclosing module carries an `ap.target`, the device must exist
    in it.

    Example:

    ```mlir
    %r = ap.placement on @npu0 (%a = %x, %b = %w)
           : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32> {
      %e = tensor.empty() : tensor<4xf32>
      %s = linalg.add ins(%a, %b : tensor<4xf32>, tensor<4xf32>)
                      outs(%e : tensor<4xf32>) -> tensor<4xf32>
      ap.yield %s : tensor<4xf32>
    }
    ```

    Device references are symbol references to names of the target, not to
    operations: no op defines `@npu0`.
  }];
  let arguments = (ins FlatSymbolRefAttr:$device, Variadic<AnyType>:$inputs);
  let results = (outs Variadic<AnyType>:$results);
  let regions = (region SizedRegion<1>:$body);
  let hasCustomAssemblyFormat = 1;
  let hasVerifier = 1;
  let hasRegionVerifier = 1;
  let extraClassDeclaration = [{
    /// The block that holds the subgraph.
    ::mlir::Block &getBodyBlock() { return getBody().front(); }
  }];
}

def AP_AdaptiveOp : AP_Op<"adaptive", [
    IsolatedFromAbove, RecursiveMemoryEffects
  ]> {
  let summary = "Precision variants of one computation, chosen at run time";
  let description = [{
    Holds one region per precision variant of the same computation, in the
    order given by `variants`; the runtime's precision manager picks one each
    time the op executes (initially `default`, the index of a variant). Every
    region receives the operands as its block arguments and yields values of
    the result types with `ap.yield`. `id` names the switch point for the
    runtime, its statistics and its trace. Variant precisions are unique.
    `losses`, when given, holds the estimated accuracy loss of each variant
    (from a sensitivity file; 0 for the reference): the resource and budget
    policies of the runtime trade them against time and energy.

    `convert-ap-to-apsim` lowers the op to an `apsim.select`, which asks the
    runtime's precision manager for the variant, and an `scf.index_switch`
    over the variants; every variant writes the same result buffers.

    Example:

    ```mlir
    %r = ap.adaptive "fc1" default 0 losses [0.0, 1.5e-3] (%x)
        : (tensor<4xf32>) -> tensor<4xf32>
    variant f32 {
    ^bb0(%a: tensor<4xf32>):
      ap.yield %a : tensor<4xf32>
    }
    variant f16 {
    ^bb0(%a: tensor<4xf32>):
      %h = ap.convert %a : tensor<4xf32> -> tensor<4xf16>
      %f = ap.convert %h : tensor<4xf16> -> tensor<4xf32>
      ap.yield %f : tensor<4xf32>
    }
    ```
  }];
  let arguments = (ins
    StrAttr:$id,
    AP_PrecisionArrayAttr:$variants,
    I64Attr:$defaultVariant,
    OptionalAttr<DenseF64ArrayAttr>:$losses,
    Variadic<AnyType>:$inputs
  );
  let results = (outs Variadic<AnyType>:$results);
  let regions = (region VariadicRegion<SizedRegion<1>>:$branches);
  let hasCustomAssemblyFormat = 1;
  let hasVerifier = 1;
  let hasRegionVerifier = 1;
  let extraClassDeclaration = [{
    /// The precision of variant `index`.
    ::mlir::ap::Precision getVariantPrecision(unsigned index);
  }];
}

def AP_YieldOp : AP_Op<"yield", [
    Pure, ReturnLike, Terminator,
    ParentOneOf<["PlacementOp", "AdaptiveOp"]>
  ]> {
  let summary = "Returns the results of an ap region";
  let description = [{
    Terminates the body of an `ap.placement` or a variant of an
    `ap.adaptive`; its operands become the results of the parent.

    Example:

    ```mlir
    ap.yield %a, %b : tensor<4xf32>, tensor<4xi8>
    ```
  }];
  let arguments = (ins Variadic<AnyType>:$values);
  let builders = [OpBuilder<(ins), [{ /* nothing to yield */ }]>];
  let assemblyFormat = "attr-dict ($values^ `:` type($values))?";
}

//===----------------------------------------------------------------------===//
// Calibration and run-time monitoring
//===----------------------------------------------------------------------===//

def AP_ObserveOp : AP_Op<"observe", [
    SameOperandsAndResultType, MemoryEffects<[MemWrite<AP_MonitorResource>]>
  ]> {
  let summary = "Marks a value whose statistics are collected during calibration";
  let description = [{
    Returns its operand unchanged. During calibration (`ap-run --calibrate`)
    the runtime records the statistics of the value under `id`, a stable
    name that the profile uses to refer to it (`ap-instrument` makes ids
    unique within the module; observations that share an id are recorded as
    one value). The op writes to the
    runtime's monitor, so it is kept even when its result is unused.

    Example:

    ```mlir
    %y = ap.observe %x id "conv1.out" : tensor<1x8x8x16xf32>
    ```
  }];
  let arguments = (ins AnyRankedTensor:$input, StrAttr:$id);
  let results = (outs AnyRankedTensor:$result);
  let assemblyFormat = "$input `id` $id attr-dict `:` type($input)";
  let hasVerifier = 1;
}

def AP_ProbeOp : AP_Op<"probe", [
    MemoryEffects<[MemWrite<AP_MonitorResource>]>
  ]> {
  let summary = "A run-time quality monitor on a value";
  let description = [{
    Reports `metric` computed on a sample of the elements of `input` to the
    runtime's quality monitor, under `id`. `sample_rate` in (0, 1] is the
    fraction of elements sampled (default 1). `sqnr` compares `input` with a
    `reference` of the same shape (typically the value before quantization or
    conversion); the other metrics take no reference. For a quantized input,
    `saturation_rate` counts storage values at the storage bounds; for a
    floating-point input, values at the largest finite magnitude or beyond.

    With `as`, the metric is evaluated for the floating-point `input`
    converted to the element type `as` (a floating-point format of the
    target, or a per-tensor `!quant.uniform` with an f32 expressed type):
    only the sampled elements are converted, by the runtime, so the probe
    measures what a narrower variant would do to the value without
    computing it. `sqnr` then compares the converted values with the input
    (no reference), `saturation_rate` counts the values the conversion
    saturates, `variance` and `entropy` are those of the converted values.

    `for` names the switch point (the `id` of an `ap.adaptive`) whose
    variant at the precision of `as` (else of the input) the metric
    describes: the precision manager's quality policy reads it
    (docs/adaptive-runtime.md). `ap-make-adaptive` places such probes.

    Example:

    ```mlir
    ap.probe sqnr %h reference %x id "fc1.sqnr" sample_rate 0.125
        : tensor<64xf16>, tensor<64xf32>
    ap.probe saturation_rate %q id "fc1.sat" : tensor<64x!quant.uniform<i8:f32, 0.1>>
    ap.probe sqnr %x as !quant.uniform<i8:f32, 0.05:-3> id "fc1.in.i8"
        for "fc1" sample_rate 0.0625 : tensor<64xf32>
    ```
  }];
  let arguments = (ins
    AP_ProbeMetricProp:$metric,
    AnyRankedTensor:$input,
    Optional<AnyRankedTensor>:$reference,
    OptionalAttr<TypeAttr>:$asType,
    StrAttr:$id,
    OptionalAttr<StrAttr>:$site,
    DefaultValuedAttr<F64Attr, "1.0">:$sampleRate
  );
  let assemblyFormat = [{
    $metric $input (`reference` $reference^)? (`as` $asType^)? `id` $id
    (`for` $site^)? (`sample_rate` $sampleRate^)? attr-dict
    `:` type($input) (`,` type($reference)^)?
  }];
  let hasVerifier = 1;
}

#endif // AP_DIALECT_AP_IR_APOPS_TD
