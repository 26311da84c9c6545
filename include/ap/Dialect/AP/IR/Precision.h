//===- Precision.h - Number formats of the target ---------------*- C++ -*-===//
//
// Part of the ap project: an adaptive-precision compiler built on MLIR.
//
//===----------------------------------------------------------------------===//
//
// The precisions (number formats) ap chooses between, and what each one is:
// its width, whether it is a floating-point or an integer format, the range
// of values it represents, and the builtin MLIR type that holds it.
//
//===----------------------------------------------------------------------===//

#ifndef AP_DIALECT_AP_IR_PRECISION_H
#define AP_DIALECT_AP_IR_PRECISION_H

#include "mlir/IR/OpImplementation.h"
#include "mlir/IR/Types.h"
#include "llvm/ADT/APFloat.h"

#include <cstdint>
#include <optional>

#include "ap/Dialect/AP/IR/APEnums.h.inc"

namespace mlir::ap {

/// All precisions, from the widest to the narrowest within each family.
llvm::ArrayRef<Precision> getAllPrecisions();

/// The width in bits of one value of `precision`.
unsigned getBitWidth(Precision precision);

/// Whether `precision` is a floating-point format.
bool isFloat(Precision precision);

/// Whether `precision` is an integer format (the storage of quantized values).
inline bool isInteger(Precision precision) { return !isFloat(precision); }

/// Whether `precision` represents negative values (every float format and the
/// signed integers).
bool isSigned(Precision precision);

/// The APFloat semantics of a floating-point `precision`; null for integers.
const llvm::fltSemantics *getFloatSemantics(Precision precision);

/// The largest finite value of `precision`.
double getMaxValue(Precision precision);

/// The most negative finite value of `precision` (0 for unsigned integers).
double getLowestValue(Precision precision);

/// The smallest positive normal value of a floating-point `precision`, and 1
/// for integers (the smallest positive value).
double getSmallestNormal(Precision precision);

/// The builtin type that holds one value of `precision`: the float type of
/// the same name (`f32`, `f16`, `bf16`, `f8E4M3FN`, `f8E5M2`), a signless
/// integer for signed precisions (`i8`, as arith expects) and an unsigned
/// integer for unsigned ones (`ui8`), so that the signedness is kept.
Type getType(Precision precision, MLIRContext *context);

/// The precision held by `type`: a builtin float type of a supported format,
/// a signless or signed integer (as signed) or an unsigned integer, of a
/// supported width; std::nullopt otherwise.
std::optional<Precision> getPrecision(Type type);

/// Parses a precision keyword (`f16`, `i8`, ...), reporting an unknown one.
ParseResult parsePrecision(AsmParser &parser, Precision &precision);

} // namespace mlir::ap

#endif // AP_DIALECT_AP_IR_PRECISION_H
