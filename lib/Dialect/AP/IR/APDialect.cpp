//===- APDialect.cpp - The ap precision dialect ---------------------------===//
//
// Part of the ap project: an adaptive-precision compiler built on MLIR.
//
//===----------------------------------------------------------------------===//

#include "ap/Dialect/AP/IR/APDialect.h"
#include "ap/Dialect/AP/IR/APAttrs.h"
#include "ap/Dialect/AP/IR/APOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"

using namespace mlir;
using namespace mlir::ap;

#include "ap/Dialect/AP/IR/APOpsDialect.cpp.inc"

void APDialect::initialize() {
  registerAttributes();
  addOperations<
#define GET_OP_LIST
#include "ap/Dialect/AP/IR/APOps.cpp.inc"
      >();
}

Operation *APDialect::materializeConstant(OpBuilder &builder, Attribute value,
                                          Type type, Location loc) {
  auto typed = dyn_cast<TypedAttr>(value);
  if (!typed || typed.getType() != type ||
      !arith::ConstantOp::isBuildableWith(typed, type))
    return nullptr;
  return arith::ConstantOp::create(builder, loc, type, typed);
}

LogicalResult APDialect::verifyOperationAttribute(Operation *op,
                                                  NamedAttribute attribute) {
  if (attribute.getName() == getTargetAttrName()) {
    if (!isa<TargetAttr>(attribute.getValue()))
      return op->emitOpError()
             << "attribute '" << getTargetAttrName()
             << "' must be an #ap.target, got " << attribute.getValue();
    return success();
  }
  if (attribute.getName() == getCostKeyAttrName()) {
    auto key = dyn_cast<StringAttr>(attribute.getValue());
    if (!key || key.getValue().empty())
      return op->emitOpError()
             << "attribute '" << getCostKeyAttrName()
             << "' must be a non-empty string, got " << attribute.getValue();
    return success();
  }
  if (attribute.getName() == getMemoryAttrName()) {
    auto tier = dyn_cast<SymbolRefAttr>(attribute.getValue());
    if (!tier || tier.getNestedReferences().size() != 1)
      return op->emitOpError()
             << "attribute '" << getMemoryAttrName()
             << "' must name a memory tier as @device::@tier, got "
             << attribute.getValue();
    if (!op->hasTrait<OpTrait::ConstantLike>())
      return op->emitOpError() << "attribute '" << getMemoryAttrName()
                               << "' only applies to constants (weights)";
    return success();
  }
  if (attribute.getName() == getScheduleAttrName()) {
    auto schedule = dyn_cast<DictionaryAttr>(attribute.getValue());
    auto isNumber = [&](StringRef name) {
      return schedule &&
             isa_and_nonnull<IntegerAttr, FloatAttr>(schedule.get(name));
    };
    if (!isNumber("order") || !isNumber("start") || !isNumber("end"))
      return op->emitOpError()
             << "attribute '" << getScheduleAttrName()
             << "' must be a dictionary with numbers 'order', 'start' and "
                "'end', got "
             << attribute.getValue();
    return success();
  }
  if (attribute.getName() == getEstimatedLossAttrName()) {
    auto loss = dyn_cast<FloatAttr>(attribute.getValue());
    if (!loss || !(loss.getValueAsDouble() >= 0))
      return op->emitOpError()
             << "attribute '" << getEstimatedLossAttrName()
             << "' must be a float >= 0, got " << attribute.getValue();
    return success();
  }
  if (attribute.getName() == getEntrySignatureAttrName()) {
    auto type = dyn_cast<TypeAttr>(attribute.getValue());
    if (!type || !isa<FunctionType>(type.getValue()))
      return op->emitOpError()
             << "attribute '" << getEntrySignatureAttrName()
             << "' must be a function type, got " << attribute.getValue();
    return success();
  }
  return op->emitOpError() << "unknown ap dialect attribute '"
                           << attribute.getName().getValue() << "'";
}
