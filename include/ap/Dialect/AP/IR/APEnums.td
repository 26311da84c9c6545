//===- APEnums.td - Enumerations of the ap dialect --------*- tablegen -*-===//
//
// Part of the ap project: an adaptive-precision compiler built on MLIR.
//
//===----------------------------------------------------------------------===//

#ifndef AP_DIALECT_AP_IR_APENUMS_TD
#define AP_DIALECT_AP_IR_APENUMS_TD

include "ap/Dialect/AP/IR/APDialect.td"
include "mlir/IR/EnumAttr.td"

def AP_Precision : I32Enum<"Precision", "a number format of the target", [
    I32EnumCase<"F32", 0, "f32">,
    I32EnumCase<"F16", 1, "f16">,
    I32EnumCase<"BF16", 2, "bf16">,
    I32EnumCase<"F8E4M3FN", 3, "f8E4M3FN">,
    I32EnumCase<"F8E5M2", 4, "f8E5M2">,
    I32EnumCase<"I32", 5, "i32">,
    I32EnumCase<"I16", 6, "i16">,
    I32EnumCase<"I8", 7, "i8">,
    I32EnumCase<"U8", 8, "u8">,
    I32EnumCase<"I4", 9, "i4">,
    I32EnumCase<"U4", 10, "u4">
  ]> {
  let cppNamespace = "::mlir::ap";
  let description = [{
    The number formats that arithmetic units, memories and links of a target
    support. Floating-point formats are named as the builtin MLIR types they
    map to (`f8E4M3FN` is OCP FP8 E4M3 without infinities, `f8E5M2` is OCP FP8
    E5M2); integer formats are signed (`i*`) or unsigned (`u*`) two's
    complement integers, the storage of uniformly quantized values.
  }];
}

def AP_PrecisionAttr : EnumAttr<AP_Dialect, AP_Precision, "precision"> {
  let assemblyFormat = "`<` $value `>`";
}

def AP_PrecisionArrayAttr
    : TypedArrayAttrBase<AP_PrecisionAttr, "array of precisions">;

def AP_RoundingMode : I32Enum<"RoundingMode", "a rounding mode", [
    I32EnumCase<"NearestEven", 0, "nearest_even">,
    I32EnumCase<"TowardZero", 1, "toward_zero">,
    I32EnumCase<"Stochastic", 2, "stochastic">
  ]> {
  let cppNamespace = "::mlir::ap";
  let description = [{
    How a value that is not representable in the destination format is
    rounded: to the nearest representable value with ties to the one with an
    even last digit (`nearest_even`, IEEE 754 roundTiesToEven), to the
    representable value of smaller magnitude (`toward_zero`), or to one of the
    two neighbours with a probability proportional to the proximity
    (`stochastic`, reproducible from a seed).
  }];
}

def AP_RoundingModeAttr : EnumAttr<AP_Dialect, AP_RoundingMode, "rounding"> {
  let assemblyFormat = "`<` $value `>`";
}

def AP_DeviceKind : I32Enum<"DeviceKind", "the kind of a device", [
    I32EnumCase<"Host", 0, "host">,
    I32EnumCase<"Accelerator", 1, "accelerator">
  ]> {
  let cppNamespace = "::mlir::ap";
}

def AP_ProbeMetric : I32Enum<"ProbeMetric", "a run-time quality metric", [
    I32EnumCase<"SQNR", 0, "sqnr">,
    I32EnumCase<"Variance", 1, "variance">,
    I32EnumCase<"Entropy", 2, "entropy">,
    I32EnumCase<"SaturationRate", 3, "saturation_rate">
  ]> {
  let cppNamespace = "::mlir::ap";
  let description = [{
    What an `ap.probe` measures on the sampled elements of a value:
    `sqnr` (signal to quantization noise ratio in dB of the value against a
    reference), `variance`, `entropy` (Shannon entropy in bits of a histogram
    of the samples) and `saturation_rate` (the fraction of samples at the
    extremes of their format's range).
  }];
}

def AP_ProbeMetricAttr : EnumAttr<AP_Dialect, AP_ProbeMetric, "metric"> {
  let assemblyFormat = "`<` $value `>`";
}

#endif // AP_DIALECT_AP_IR_APENUMS_TD
