//===- APSimAttrs.h - Attributes of the apsim dialect -----------*- C++ -*-===//
//
// Part of the ap project: an adaptive-precision compiler built on MLIR.
//
//===----------------------------------------------------------------------===//
//
// The attributes of the apsim dialect, and the buffer formats of the runtime:
// the precisions of ap plus `opaque`, with the same numbering as
// `mlir::ap::Precision` and the runtime's `enum ap_rt_format`.
//
//===----------------------------------------------------------------------===//

#ifndef AP_DIALECT_APSIM_IR_APSIMATTRS_H
#define AP_DIALECT_APSIM_IR_APSIMATTRS_H

#include "ap/Dialect/AP/IR/Precision.h"

#include "mlir/IR/Attributes.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/DialectImplementation.h"
#include "llvm/ADT/APFloat.h"

#include <optional>

#include "ap/Dialect/APSim/IR/APSimEnums.h.inc"

namespace mlir::apsim {

/// The format that stores values of `precision` (same numeric value).
Format getFormat(ap::Precision precision);

/// The format of a buffer of `elementType` elements: the precision that
/// `ap::getPrecision` finds for it, or `Format::Opaque`.
Format getFormat(Type elementType);

/// The precision of `format`, or std::nullopt for `Format::Opaque`.
std::optional<ap::Precision> getPrecision(Format format);

} // namespace mlir::apsim

#define GET_ATTRDEF_CLASSES
#include "ap/Dialect/APSim/IR/APSimAttrs.h.inc"

#endif // AP_DIALECT_APSIM_IR_APSIMATTRS_H
