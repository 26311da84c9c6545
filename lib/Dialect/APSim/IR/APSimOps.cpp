//===- APSimOps.cpp - Operations of the apsim dialect ---------------------===//
//
// Part of the ap project: an adaptive-precision compiler built on MLIR.
//
//===----------------------------------------------------------------------===//

#include "ap/Dialect/APSim/IR/APSimOps.h"

#include "ap/Dialect/AP/IR/APAttrs.h"

#include "mlir/Dialect/Quant/IR/QuantTypes.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/OpImplementation.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallSet.h"

#include <cmath>

using namespace mlir;
using namespace mlir::apsim;

//===----------------------------------------------------------------------===//
// Helpers
//===----------------------------------------------------------------------===//

/// Checks that `endpoint` has the form `@device` or `@device::@tier` and, when
/// a target encloses `op`, that it names a device (and a tier) of the target.
/// Returns the device when there is a target, null otherwise.
static FailureOr<ap::DeviceAttr>
verifyEndpoint(Operation *op, SymbolRefAttr endpoint, StringRef role) {
  if (endpoint.getNestedReferences().size() > 1)
    return op->emitOpError() << role << " " << endpoint
                             << " must be @device or @device::@memory_tier";
  ap::TargetAttr target = ap::TargetAttr::lookup(op);
  if (!target)
    return ap::DeviceAttr();
  if (failed(target.verifyEndpoint([&] { return op->emitOpError(); }, endpoint,
                                   role)))
    return failure();
  return target.lookupDevice(endpoint.getRootReference().getValue());
}

/// Checks that `device`, when a target is known, supports `precision`.
static LogicalResult verifySupports(Operation *op, ap::DeviceAttr device,
                                    ap::Precision precision) {
  if (!device || device.supports(precision))
    return success();
  return op->emitOpError("device '")
         << device.getName().getValue() << "' does not support precision '"
         << ap::stringifyPrecision(precision) << "'";
}

/// Parses the optional attribute dictionary of an op with a custom syntax,
/// rejecting entries that would shadow one of its inherent attributes (which
/// the syntax spells out).
static ParseResult parseDiscardableAttrDict(OpAsmParser &parser,
                                            OperationState &result,
                                            ArrayRef<StringRef> inherent) {
  llvm::SMLoc loc = parser.getCurrentLocation();
  if (parser.parseOptionalAttrDict(result.attributes))
    return failure();
  for (NamedAttribute attribute : result.attributes)
    if (llvm::is_contained(inherent, attribute.getName().getValue()))
      return parser.emitError(loc, "'")
             << attribute.getName().getValue()
             << "' is an inherent attribute of the op, given by its syntax";
  return success();
}

/// Adds the effects of an op on the runtime's simulated machine.
static void addRuntimeEffects(
    SmallVectorImpl<SideEffects::EffectInstance<MemoryEffects::Effect>>
        &effects) {
  effects.emplace_back(MemoryEffects::Read::get(), RuntimeResource::get());
  effects.emplace_back(MemoryEffects::Write::get(), RuntimeResource::get());
}

//===----------------------------------------------------------------------===//
// DefineOp
//===----------------------------------------------------------------------===//

LogicalResult DefineOp::verify() {
  return verifyEndpoint(*this, getEndpoint(), "buffer location");
}

//===----------------------------------------------------------------------===//
// LaunchOp
//===----------------------------------------------------------------------===//

// apsim.launch "name" on @dev[::@tier] precision p [accumulator p]
//     reads [id, ...] writes [id : bytes : format, ...] cost #apsim.cost<...>
ParseResult LaunchOp::parse(OpAsmParser &parser, OperationState &result) {
  Properties &properties = result.getOrAddProperties<Properties>();
  StringAttr name;
  SymbolRefAttr endpoint;
  ap::Precision precision;
  if (parser.parseAttribute(name) || parser.parseKeyword("on") ||
      parser.parseAttribute(endpoint) || parser.parseKeyword("precision") ||
      ap::parsePrecision(parser, precision))
    return failure();
  properties.setName(name);
  properties.setEndpoint(endpoint);
  properties.setPrecision(precision);
  if (succeeded(parser.parseOptionalKeyword("accumulator"))) {
    ap::Precision accumulator;
    if (ap::parsePrecision(parser, accumulator))
      return failure();
    properties.setAccumulator(accumulator);
  }

  SmallVector<int64_t> reads;
  if (parser.parseKeyword("reads") ||
      parser.parseCommaSeparatedList(OpAsmParser::Delimiter::Square, [&] {
        return parser.parseInteger(reads.emplace_back());
      }))
    return failure();
  properties.setReads(reads);

  SmallVector<int64_t> writeIds, writeBytes;
  SmallVector<Format> writeFormats;
  if (parser.parseKeyword("writes") ||
      parser.parseCommaSeparatedList(
          OpAsmParser::Delimiter::Square, [&]() -> ParseResult {
            llvm::SMLoc loc = parser.getCurrentLocation();
            StringRef keyword;
            if (parser.parseInteger(writeIds.emplace_back()) ||
                parser.parseColon() ||
                parser.parseInteger(writeBytes.emplace_back()) ||
                parser.parseColon() || parser.parseKeyword(&keyword))
              return failure();
            std::optional<Format> format = symbolizeFormat(keyword);
            if (!format)
              return parser.emitError(loc, "unknown format '")
                     << keyword << "'";
            writeFormats.push_back(*format);
            return success();
          }))
    return failure();
  properties.setWriteIds(writeIds);
  properties.setWriteBytes(writeBytes);
  properties.setWriteFormats(writeFormats);

  Attribute cost;
  llvm::SMLoc costLoc;
  if (parser.parseKeyword("cost") ||
      (costLoc = parser.getCurrentLocation(), parser.parseAttribute(cost)))
    return failure();
  auto costAttr = dyn_cast<CostAttr>(cost);
  if (!costAttr)
    return parser.emitError(costLoc, "expected an #apsim.cost attribute");
  properties.setCost(costAttr);
  return parseDiscardableAttrDict(parser, result, getAttributeNames());
}

void LaunchOp::print(OpAsmPrinter &printer) {
  printer << " ";
  printer.printAttributeWithoutType(getNameAttr());
  printer << " on ";
  printer.printAttribute(getEndpoint());
  printer << " precision " << ap::stringifyPrecision(getPrecision());
  if (std::optional<ap::Precision> accumulator = getAccumulator())
    printer << " accumulator " << ap::stringifyPrecision(*accumulator);
  printer << " reads [";
  llvm::interleaveComma(getReads(), printer);
  printer << "] writes [";
  llvm::interleaveComma(
      llvm::zip_equal(getWriteIds(), getWriteBytes(), getWriteFormats()),
      printer, [&](auto write) {
        auto [id, bytes, format] = write;
        printer << id << " : " << bytes << " : " << stringifyFormat(format);
      });
  printer << "] cost ";
  printer.printAttribute(getCost());
  printer.printOptionalAttrDict((*this)->getAttrs(), getAttributeNames());
}

LogicalResult LaunchOp::verify() {
  if (getName().empty())
    return emitOpError("needs a non-empty name (the cost key)");
  if (getWriteIds().size() != getWriteBytes().size() ||
      getWriteIds().size() != getWriteFormats().size())
    return emitOpError("has ") << getWriteIds().size() << " written ids but "
                               << getWriteBytes().size() << " byte counts and "
                               << getWriteFormats().size() << " formats";
  llvm::SmallDenseSet<int64_t> seen;
  for (ArrayRef<int64_t> ids : {getReads(), getWriteIds()})
    for (int64_t id : ids) {
      if (id < 0)
        return emitOpError("buffer id ") << id << " is negative";
      if (!seen.insert(id).second)
        return emitOpError("buffer id ")
               << id << " appears more than once in reads and writes";
    }
  for (auto [id, bytes] : llvm::zip_equal(getWriteIds(), getWriteBytes()))
    if (bytes < 0)
      return emitOpError("written buffer ")
             << id << " has a negative byte count " << bytes;

  FailureOr<ap::DeviceAttr> device =
      verifyEndpoint(*this, getEndpoint(), "launch location");
  if (failed(device))
    return failure();
  return verifySupports(*this, *device, getPrecision());
}

//===----------------------------------------------------------------------===//
// SwitchOp and WaitOp
//===----------------------------------------------------------------------===//

LogicalResult SwitchOp::verify() {
  FailureOr<ap::DeviceAttr> device =
      verifyEndpoint(*this, getDeviceAttr(), "switched device");
  if (failed(device))
    return failure();
  return verifySupports(*this, *device, getPrecision());
}

//===----------------------------------------------------------------------===//
// SelectOp
//===----------------------------------------------------------------------===//

/// Parses `[a, b, ...]` with `parseElement` for each entry.
static ParseResult parseList(OpAsmParser &parser,
                             function_ref<ParseResult()> parseElement) {
  return parser.parseCommaSeparatedList(AsmParser::Delimiter::Square,
                                        parseElement);
}

ParseResult SelectOp::parse(OpAsmParser &parser, OperationState &result) {
  std::string id;
  FlatSymbolRefAttr device;
  SmallVector<int32_t> variants;
  int64_t defaultVariant = 0;
  SmallVector<double> losses, times, energies;
  SmallVector<int64_t> bytes;
  if (parser.parseString(&id) || parser.parseKeyword("on") ||
      parser.parseAttribute(device) || parser.parseKeyword("variants") ||
      parseList(parser,
                [&]() -> ParseResult {
                  llvm::SMLoc loc = parser.getCurrentLocation();
                  StringRef keyword;
                  if (parser.parseKeyword(&keyword))
                    return failure();
                  std::optional<ap::Precision> precision =
                      ap::symbolizePrecision(keyword);
                  if (!precision)
                    return parser.emitError(loc, "expected a precision, got '")
                           << keyword << "'";
                  variants.push_back(static_cast<int32_t>(*precision));
                  return success();
                }) ||
      parser.parseKeyword("default") || parser.parseInteger(defaultVariant))
    return failure();
  auto parseFloats = [&](StringRef keyword,
                         SmallVectorImpl<double> &values) -> ParseResult {
    if (failed(parser.parseOptionalKeyword(keyword)))
      return success();
    return parseList(parser,
                     [&] { return parser.parseFloat(values.emplace_back()); });
  };
  if (parseFloats("losses", losses) || parseFloats("times", times) ||
      parseFloats("energies", energies))
    return failure();
  if (succeeded(parser.parseOptionalKeyword("bytes")) && parseList(parser, [&] {
        return parser.parseInteger(bytes.emplace_back());
      }))
    return failure();
  if (parseDiscardableAttrDict(parser, result,
                               {"id", "device", "variants", "defaultVariant",
                                "losses", "times", "energies", "bytes"}))
    return failure();
  Builder builder(parser.getContext());
  Properties &properties = result.getOrAddProperties<Properties>();
  properties.id = builder.getStringAttr(id);
  properties.device = device;
  properties.variants = builder.getDenseI32ArrayAttr(variants);
  properties.defaultVariant = builder.getI64IntegerAttr(defaultVariant);
  properties.losses = builder.getDenseF64ArrayAttr(losses);
  properties.times = builder.getDenseF64ArrayAttr(times);
  properties.energies = builder.getDenseF64ArrayAttr(energies);
  properties.bytes = builder.getDenseI64ArrayAttr(bytes);
  result.addTypes(builder.getIndexType());
  return success();
}

void SelectOp::print(OpAsmPrinter &printer) {
  printer << ' ';
  printer.printString(getId());
  printer << " on ";
  printer.printAttributeWithoutType(getDeviceAttr());
  printer << " variants [";
  llvm::interleaveComma(getVariants(), printer, [&](int32_t value) {
    printer << ap::stringifyPrecision(static_cast<ap::Precision>(value));
  });
  printer << "] default " << getDefaultVariant();
  auto printFloats = [&](StringRef keyword, ArrayRef<double> values) {
    if (values.empty())
      return;
    printer << ' ' << keyword << " [";
    llvm::interleaveComma(values, printer, [&](double value) {
      printer.printFloat(llvm::APFloat(value));
    });
    printer << ']';
  };
  printFloats("losses", getLosses());
  printFloats("times", getTimes());
  printFloats("energies", getEnergies());
  if (!getBytes().empty()) {
    printer << " bytes [";
    llvm::interleaveComma(getBytes(), printer);
    printer << ']';
  }
  printer.printOptionalAttrDict((*this)->getAttrs(),
                                {"id", "device", "variants", "defaultVariant",
                                 "losses", "times", "energies", "bytes"});
}

LogicalResult SelectOp::verify() {
  if (getId().empty())
    return emitOpError("needs a non-empty id");
  size_t count = getVariants().size();
  if (count == 0)
    return emitOpError("needs at least one variant");
  llvm::SmallSet<int32_t, 4> seen;
  for (int32_t value : getVariants()) {
    if (!ap::symbolizePrecision(static_cast<uint32_t>(value)))
      return emitOpError("variant precision ") << value << " is not a format";
    if (!seen.insert(value).second)
      return emitOpError("has two variants of precision '")
             << ap::stringifyPrecision(static_cast<ap::Precision>(value))
             << "'";
  }
  if (getDefaultVariant() < 0 ||
      static_cast<size_t>(getDefaultVariant()) >= count)
    return emitOpError("default variant ")
           << getDefaultVariant() << " is out of range [0, " << count << ")";
  auto checkCount = [&](StringRef name, size_t size) -> LogicalResult {
    if (size != 0 && size != count)
      return emitOpError("has ")
             << size << " " << name << " for " << count << " variants";
    return success();
  };
  if (failed(checkCount("losses", getLosses().size())) ||
      failed(checkCount("times", getTimes().size())) ||
      failed(checkCount("energies", getEnergies().size())) ||
      failed(checkCount("bytes", getBytes().size())))
    return failure();
  for (auto [name, values] :
       {std::make_pair("loss", getLosses()), std::make_pair("time", getTimes()),
        std::make_pair("energy", getEnergies())})
    for (double value : values)
      if (!(value >= 0) || !std::isfinite(value))
        return emitOpError("every ")
               << name << " must be finite and non-negative, got " << value;
  for (int64_t value : getBytes())
    if (value < 0)
      return emitOpError("every byte count must be non-negative, got ")
             << value;
  FailureOr<ap::DeviceAttr> device =
      verifyEndpoint(*this, getDeviceAttr(), "device of the switch point");
  if (failed(device))
    return failure();
  for (unsigned index = 0; index < count; ++index)
    if (failed(verifySupports(*this, *device, getVariantPrecision(index))))
      return failure();
  return success();
}

LogicalResult WaitOp::verify() {
  FlatSymbolRefAttr device = getDeviceAttr();
  if (!device)
    return success();
  return verifyEndpoint(*this, device, "awaited device");
}

//===----------------------------------------------------------------------===//
// DmaOp
//===----------------------------------------------------------------------===//

/// Whether the link endpoint `linkEnd` covers the transfer endpoint `end`: the
/// same device or tier, or a link attached to the whole device.
static bool endpointCovers(SymbolRefAttr linkEnd, SymbolRefAttr end) {
  if (linkEnd == end)
    return true;
  return linkEnd.getNestedReferences().empty() &&
         linkEnd.getRootReference() == end.getRootReference();
}

/// Floating-point formats the numerics support: those with NaN and a sign.
static LogicalResult verifyConvertibleFloat(Operation *op, Type type,
                                            StringRef role) {
  const llvm::fltSemantics &semantics =
      cast<FloatType>(type).getFloatSemantics();
  if (!llvm::APFloatBase::semanticsHasNaN(semantics) ||
      !llvm::APFloatBase::semanticsHasSignedRepr(semantics))
    return op->emitOpError() << role << " element type " << type
                             << " is not supported: conversions need a "
                                "format with NaN and negative values";
  return success();
}

// apsim.dma "name" %x into %init from @a to @b [via @l] [wire p]
//     ids src -> dst attr-dict : type into type
ParseResult DmaOp::parse(OpAsmParser &parser, OperationState &result) {
  Properties &properties = result.getOrAddProperties<Properties>();
  StringAttr name;
  OpAsmParser::UnresolvedOperand input, init;
  SymbolRefAttr from, to;
  int64_t source, destination;
  if (parser.parseAttribute(name) || parser.parseOperand(input) ||
      parser.parseKeyword("into") || parser.parseOperand(init) ||
      parser.parseKeyword("from") || parser.parseAttribute(from) ||
      parser.parseKeyword("to") || parser.parseAttribute(to))
    return failure();
  properties.setName(name);
  properties.setFrom(from);
  properties.setTo(to);
  if (succeeded(parser.parseOptionalKeyword("via"))) {
    FlatSymbolRefAttr via;
    if (parser.parseAttribute(via))
      return failure();
    properties.setVia(via);
  }
  if (succeeded(parser.parseOptionalKeyword("wire"))) {
    ap::Precision wire;
    if (ap::parsePrecision(parser, wire))
      return failure();
    properties.setWire(wire);
  }
  llvm::SMLoc idsLoc = parser.getCurrentLocation();
  if (parser.parseKeyword("ids") || parser.parseInteger(source) ||
      parser.parseArrow() || parser.parseInteger(destination))
    return failure();
  if (source < 0 || destination < 0)
    return parser.emitError(idsLoc, "buffer ids must be non-negative");
  properties.setSource(source);
  properties.setDestination(destination);

  Type inputType, initType;
  if (parseDiscardableAttrDict(parser, result, getAttributeNames()) ||
      parser.parseColonType(inputType) || parser.parseKeyword("into") ||
      parser.parseType(initType) ||
      parser.resolveOperand(input, inputType, result.operands) ||
      parser.resolveOperand(init, initType, result.operands))
    return failure();
  // On tensors, the op returns the updated init.
  if (isa<RankedTensorType>(initType))
    result.addTypes(initType);
  return success();
}

void DmaOp::print(OpAsmPrinter &printer) {
  printer << " ";
  printer.printAttributeWithoutType(getNameAttr());
  printer << " " << getInput() << " into " << getInit() << " from ";
  printer.printAttribute(getFrom());
  printer << " to ";
  printer.printAttribute(getTo());
  if (FlatSymbolRefAttr via = getViaAttr()) {
    printer << " via ";
    printer.printAttribute(via);
  }
  if (std::optional<ap::Precision> wire = getWire())
    printer << " wire " << ap::stringifyPrecision(*wire);
  printer << " ids " << getSource() << " -> " << getDestination();
  printer.printOptionalAttrDict((*this)->getAttrs(), getAttributeNames());
  printer << " : " << getInput().getType() << " into " << getInit().getType();
}

LogicalResult DmaOp::verify() {
  if (getName().empty())
    return emitOpError("needs a non-empty name");
  auto inputType = cast<ShapedType>(getInput().getType());
  auto initType = cast<ShapedType>(getInit().getType());
  bool onTensors = isa<RankedTensorType>(initType);
  if (isa<RankedTensorType>(inputType) != onTensors)
    return emitOpError("input and init must both be tensors or both be "
                       "memrefs, got ")
           << inputType << " and " << initType;
  if (onTensors != (getNumResults() == 1))
    return emitOpError(onTensors ? "on tensors returns the updated init"
                                 : "on memrefs has no result");
  if (onTensors && getResult().getType() != initType)
    return emitOpError("result type ")
           << getResult().getType() << " must equal the init type " << initType;
  if (inputType.getShape() != initType.getShape())
    return emitOpError("input shape and init shape must be equal, got ")
           << inputType << " and " << initType;

  Type inElement = inputType.getElementType();
  Type outElement = initType.getElementType();
  bool isFloat = isa<FloatType>(inElement);
  if (inElement != outElement && !(isFloat && isa<FloatType>(outElement)))
    return emitOpError("init element type ")
           << outElement << " must equal the input element type " << inElement
           << " unless both are floating-point";
  if (getFrom() == getTo())
    return emitOpError("transfers from ") << getFrom() << " to itself";
  if (getSource() == getDestination())
    return emitOpError("source and destination buffer ids must differ, got ")
           << getSource();
  if (std::optional<ap::Precision> wire = getWire()) {
    if (!isFloat)
      return emitOpError("a wire precision needs a floating-point input; ")
             << inElement << " values cross the link in their own type";
    if (!ap::isFloat(*wire))
      return emitOpError("wire precision '")
             << ap::stringifyPrecision(*wire)
             << "' is not a floating-point format";
  }
  bool converts = getWire() || inElement != outElement;
  if (converts && (failed(verifyConvertibleFloat(*this, inElement, "input")) ||
                   failed(verifyConvertibleFloat(*this, outElement, "init"))))
    return failure();

  if (failed(verifyEndpoint(*this, getFrom(), "source")) ||
      failed(verifyEndpoint(*this, getTo(), "destination")))
    return failure();
  ap::TargetAttr target = ap::TargetAttr::lookup(*this);
  std::optional<StringRef> via = getVia();
  if (!target || !via)
    return success();
  ap::LinkAttr link = target.lookupLink(*via);
  if (!link)
    return emitOpError("names unknown link '") << *via << "'";
  bool forward = endpointCovers(link.getSource(), getFrom()) &&
                 endpointCovers(link.getDestination(), getTo());
  bool backward = endpointCovers(link.getSource(), getTo()) &&
                  endpointCovers(link.getDestination(), getFrom());
  if (!forward && !(link.getBidirectional() && backward))
    return emitOpError("link '")
           << *via << "' does not connect " << getFrom() << " to " << getTo();
  if (std::optional<ap::Precision> wire = getWire())
    if (!link.supportsWire(*wire))
      return emitOpError("link '")
             << *via << "' does not support wire precision '"
             << ap::stringifyPrecision(*wire) << "'";
  return success();
}

void DmaOp::getEffects(
    SmallVectorImpl<SideEffects::EffectInstance<MemoryEffects::Effect>>
        &effects) {
  addRuntimeEffects(effects);
  if (isa<MemRefType>(getInput().getType()))
    effects.emplace_back(MemoryEffects::Read::get(), &getInputMutable(),
                         SideEffects::DefaultResource::get());
  if (isa<MemRefType>(getInit().getType()))
    effects.emplace_back(MemoryEffects::Write::get(), &getInitMutable(),
                         SideEffects::DefaultResource::get());
}

//===----------------------------------------------------------------------===//
// ProbeOp
//===----------------------------------------------------------------------===//

/// Whether the runtime can interpret elements of `type`: a format of the
/// target.
static bool isMeasurable(Type type) {
  return ap::getPrecision(cast<ShapedType>(type).getElementType()).has_value();
}

LogicalResult ProbeOp::verify() {
  if (getId().empty())
    return emitOpError("needs a non-empty id");
  double rate = getSampleRate().convertToDouble();
  if (!(rate > 0 && rate <= 1))
    return emitOpError("sample rate must be in (0, 1], got ") << rate;
  Type inputType = getInput().getType();
  if (!isMeasurable(inputType))
    return emitOpError("probes values in a format of the target, got ")
           << inputType;
  if (std::optional<StringRef> site = getSite(); site && site->empty())
    return emitOpError("needs a non-empty switch point after 'for'");
  Value reference = getReference();
  if (std::optional<Type> as = getAsType()) {
    if (!isa<FloatType>(cast<ShapedType>(inputType).getElementType()))
      return emitOpError("evaluates 'as' another type only for "
                         "floating-point inputs, got ")
             << inputType;
    if (reference)
      return emitOpError("takes either a reference or 'as', not both");
    Type storage = *as;
    if (auto quantized = dyn_cast<quant::UniformQuantizedType>(*as)) {
      if (!quantized.getExpressedType().isF32())
        return emitOpError("'as' type must express f32, got ") << *as;
      storage = quantized.getStorageType();
      if (isa<FloatType>(storage) || !ap::getPrecision(storage))
        return emitOpError("'as' storage type must be an integer format of "
                           "the target, got ")
               << storage;
    } else if (!isa<FloatType>(*as) || !ap::getPrecision(*as)) {
      return emitOpError("'as' type must be a floating-point format of the "
                         "target or a per-tensor !quant.uniform, got ")
             << *as;
    }
    return verifyEndpoint(*this, getDeviceAttr(), "probed device");
  }
  if (getMetric() == ap::ProbeMetric::SQNR) {
    if (!reference)
      return emitOpError("metric 'sqnr' needs a reference value (or 'as')");
    Type referenceType = reference.getType();
    if (isa<RankedTensorType>(referenceType) !=
        isa<RankedTensorType>(inputType))
      return emitOpError("input and reference must both be tensors or both "
                         "be memrefs, got ")
             << inputType << " and " << referenceType;
    if (!isMeasurable(referenceType))
      return emitOpError("reference must be in a format of the target, got ")
             << referenceType;
    if (cast<ShapedType>(referenceType).getShape() !=
        cast<ShapedType>(inputType).getShape())
      return emitOpError("reference shape must equal the input shape");
  } else if (reference) {
    return emitOpError("metric '")
           << ap::stringifyProbeMetric(getMetric()) << "' takes no reference";
  }
  return verifyEndpoint(*this, getDeviceAttr(), "probed device");
}

void ProbeOp::getEffects(
    SmallVectorImpl<SideEffects::EffectInstance<MemoryEffects::Effect>>
        &effects) {
  addRuntimeEffects(effects);
  if (isa<MemRefType>(getInput().getType()))
    effects.emplace_back(MemoryEffects::Read::get(), &getInputMutable(),
                         SideEffects::DefaultResource::get());
  if (Value reference = getReference())
    if (isa<MemRefType>(reference.getType()))
      effects.emplace_back(MemoryEffects::Read::get(),
                           &getReferenceMutable()[0],
                           SideEffects::DefaultResource::get());
}

//===----------------------------------------------------------------------===//
// ObserveOp
//===----------------------------------------------------------------------===//

LogicalResult ObserveOp::verify() {
  if (getId().empty())
    return emitOpError("needs a non-empty id");
  Type inputType = getInput().getType();
  if (!isMeasurable(inputType))
    return emitOpError("observes values in a format of the target, got ")
           << inputType;
  return verifyEndpoint(*this, getDeviceAttr(), "observed device");
}

void ObserveOp::getEffects(
    SmallVectorImpl<SideEffects::EffectInstance<MemoryEffects::Effect>>
        &effects) {
  addRuntimeEffects(effects);
  if (isa<MemRefType>(getInput().getType()))
    effects.emplace_back(MemoryEffects::Read::get(), &getInputMutable(),
                         SideEffects::DefaultResource::get());
}

#define GET_OP_CLASSES
#include "ap/Dialect/APSim/IR/APSimOps.cpp.inc"
