//===- ElementStorage.cpp - How tensor elements sit in memory -------------===//
//
// Part of the ap project: an adaptive-precision compiler built on MLIR.
//
//===----------------------------------------------------------------------===//

#include "ap/Analysis/ElementStorage.h"

#include "mlir/Dialect/Quant/IR/QuantTypes.h"

using namespace mlir;
using namespace mlir::ap;

FailureOr<ElementStorage>
mlir::ap::getElementStorage(Type type,
                            function_ref<InFlightDiagnostic()> emitError) {
  ElementStorage storage;
  if (auto quantized = dyn_cast<quant::QuantizedType>(type)) {
    // A calibrated type only records a range: its storage is not chosen yet.
    if (isa<quant::CalibratedQuantizedType>(type))
      return emitError() << "cannot estimate the memory traffic of elements "
                            "of type "
                         << type << ": it has no storage type until it is "
                                    "quantized";
    Type storageType = quantized.getStorageType();
    if (!storageType.isIntOrFloat())
      return emitError() << "cannot estimate the memory traffic of elements "
                            "of type "
                         << type << ": its storage type is not a number";
    storage.bits = storageType.getIntOrFloatBitWidth();
    if (isa<IntegerType>(storageType))
      storageType = IntegerType::get(type.getContext(), storage.bits,
                                     quantized.isSigned()
                                         ? IntegerType::Signless
                                         : IntegerType::Unsigned);
    storage.precision = getPrecision(storageType);
    return storage;
  }
  if (type.isIndex()) {
    storage.bits = 64;
    return storage;
  }
  if (!type.isIntOrFloat())
    return emitError() << "cannot estimate the memory traffic of elements of "
                          "type "
                       << type;
  // An i1 takes a byte; narrower numbers (i4, u4) are packed.
  unsigned width = type.getIntOrFloatBitWidth();
  storage.bits = width == 1 ? 8 : width;
  storage.precision = getPrecision(type);
  return storage;
}
