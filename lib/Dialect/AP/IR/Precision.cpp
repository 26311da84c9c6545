//===- Precision.cpp - Number formats of the target -----------------------===//
//
// Part of the ap project: an adaptive-precision compiler built on MLIR.
//
//===----------------------------------------------------------------------===//

#include "ap/Dialect/AP/IR/Precision.h"

#include "mlir/IR/BuiltinTypes.h"
#include "llvm/Support/ErrorHandling.h"

#include <cmath>

using namespace mlir;
using namespace mlir::ap;

#include "ap/Dialect/AP/IR/APEnums.cpp.inc"

ArrayRef<Precision> mlir::ap::getAllPrecisions() {
  static const Precision all[] = {
      Precision::F32,    Precision::F16, Precision::BF16, Precision::F8E4M3FN,
      Precision::F8E5M2, Precision::I32, Precision::I16,  Precision::I8,
      Precision::U8,     Precision::I4,  Precision::U4};
  return all;
}

unsigned mlir::ap::getBitWidth(Precision precision) {
  switch (precision) {
  case Precision::F32:
  case Precision::I32:
    return 32;
  case Precision::F16:
  case Precision::BF16:
  case Precision::I16:
    return 16;
  case Precision::F8E4M3FN:
  case Precision::F8E5M2:
  case Precision::I8:
  case Precision::U8:
    return 8;
  case Precision::I4:
  case Precision::U4:
    return 4;
  }
  llvm_unreachable("unknown precision");
}

bool mlir::ap::isFloat(Precision precision) {
  return getFloatSemantics(precision) != nullptr;
}

bool mlir::ap::isSigned(Precision precision) {
  return precision != Precision::U8 && precision != Precision::U4;
}

const llvm::fltSemantics *mlir::ap::getFloatSemantics(Precision precision) {
  switch (precision) {
  case Precision::F32:
    return &llvm::APFloat::IEEEsingle();
  case Precision::F16:
    return &llvm::APFloat::IEEEhalf();
  case Precision::BF16:
    return &llvm::APFloat::BFloat();
  case Precision::F8E4M3FN:
    return &llvm::APFloat::Float8E4M3FN();
  case Precision::F8E5M2:
    return &llvm::APFloat::Float8E5M2();
  default:
    return nullptr;
  }
}

double mlir::ap::getMaxValue(Precision precision) {
  if (const llvm::fltSemantics *semantics = getFloatSemantics(precision))
    return llvm::APFloat::getLargest(*semantics).convertToDouble();
  unsigned width = getBitWidth(precision);
  if (isSigned(precision))
    return std::ldexp(1.0, width - 1) - 1;
  return std::ldexp(1.0, width) - 1;
}

double mlir::ap::getLowestValue(Precision precision) {
  if (const llvm::fltSemantics *semantics = getFloatSemantics(precision))
    return llvm::APFloat::getLargest(*semantics, /*Negative=*/true)
        .convertToDouble();
  if (!isSigned(precision))
    return 0;
  return -std::ldexp(1.0, getBitWidth(precision) - 1);
}

double mlir::ap::getSmallestNormal(Precision precision) {
  if (const llvm::fltSemantics *semantics = getFloatSemantics(precision))
    return llvm::APFloat::getSmallestNormalized(*semantics).convertToDouble();
  return 1;
}

Type mlir::ap::getType(Precision precision, MLIRContext *context) {
  switch (precision) {
  case Precision::F32:
    return Float32Type::get(context);
  case Precision::F16:
    return Float16Type::get(context);
  case Precision::BF16:
    return BFloat16Type::get(context);
  case Precision::F8E4M3FN:
    return Float8E4M3FNType::get(context);
  case Precision::F8E5M2:
    return Float8E5M2Type::get(context);
  case Precision::I32:
  case Precision::I16:
  case Precision::I8:
  case Precision::I4:
    return IntegerType::get(context, getBitWidth(precision));
  case Precision::U8:
  case Precision::U4:
    return IntegerType::get(context, getBitWidth(precision),
                            IntegerType::Unsigned);
  }
  llvm_unreachable("unknown precision");
}

std::optional<Precision> mlir::ap::getPrecision(Type type) {
  if (auto floatType = dyn_cast<FloatType>(type)) {
    for (Precision precision : getAllPrecisions())
      if (getFloatSemantics(precision) == &floatType.getFloatSemantics())
        return precision;
    return std::nullopt;
  }
  auto intType = dyn_cast<IntegerType>(type);
  if (!intType)
    return std::nullopt;
  bool isUnsigned = intType.isUnsigned();
  switch (intType.getWidth()) {
  case 32:
    return isUnsigned ? std::nullopt : std::optional(Precision::I32);
  case 16:
    return isUnsigned ? std::nullopt : std::optional(Precision::I16);
  case 8:
    return isUnsigned ? Precision::U8 : Precision::I8;
  case 4:
    return isUnsigned ? Precision::U4 : Precision::I4;
  default:
    return std::nullopt;
  }
}

ParseResult mlir::ap::parsePrecision(AsmParser &parser, Precision &precision) {
  llvm::SMLoc loc = parser.getCurrentLocation();
  StringRef keyword;
  if (parser.parseKeyword(&keyword))
    return failure();
  std::optional<Precision> parsed = symbolizePrecision(keyword);
  if (!parsed)
    return parser.emitError(loc) << "unknown precision '" << keyword << "'";
  precision = *parsed;
  return success();
}
