//===- APSimEnums.td - Enumerations of the apsim dialect --*- tablegen -*-===//
//
// Part of the ap project: an adaptive-precision compiler built on MLIR.
//
//===----------------------------------------------------------------------===//

#ifndef AP_DIALECT_APSIM_IR_APSIMENUMS_TD
#define AP_DIALECT_APSIM_IR_APSIMENUMS_TD

include "ap/Dialect/APSim/IR/APSimDialect.td"
include "mlir/IR/EnumAttr.td"

def APSim_Format : I32Enum<"Format", "the format of a buffer in memory", [
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
    I32EnumCase<"U4", 10, "u4">,
    I32EnumCase<"Opaque", 255, "opaque">
  ]> {
  let cppNamespace = "::mlir::apsim";
  let description = [{
    How the elements of a buffer are stored: one of the precisions of the
    target (the values equal those of `ap::Precision`, and of the runtime's
    `enum ap_rt_format`), or `opaque` for any other element type, whose
    bytes the runtime copies without interpreting them.
  }];
}

#endif // AP_DIALECT_APSIM_IR_APSIMENUMS_TD
