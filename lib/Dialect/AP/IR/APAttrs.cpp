//===- APAttrs.cpp - Attributes of the ap dialect -------------------------===//
//
// Part of the ap project: an adaptive-precision compiler built on MLIR.
//
//===----------------------------------------------------------------------===//

#include "ap/Dialect/AP/IR/APAttrs.h"
#include "ap/Dialect/AP/IR/APDialect.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/DialectImplementation.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallSet.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/ADT/TypeSwitch.h"

#include <cmath>
#include <cstdio>
#include <cstdlib>

using namespace mlir;
using namespace mlir::ap;

#define GET_ATTRDEF_CLASSES
#include "ap/Dialect/AP/IR/APAttrs.cpp.inc"

void APDialect::registerAttributes() {
  addAttributes<
#define GET_ATTRDEF_LIST
#include "ap/Dialect/AP/IR/APAttrs.cpp.inc"
      >();
}

//===----------------------------------------------------------------------===//
// Parsing and printing helpers
//===----------------------------------------------------------------------===//

/// Parses the `, key = value` entries that follow the positional parameters of
/// an attribute (with `leadingComma`), or the `key = value, ...` list that
/// is the whole attribute (without), dispatching each key to `parseValue`.
/// Unknown and repeated keys are errors.
static ParseResult
parseKeyedEntries(AsmParser &parser, ArrayRef<StringRef> keys,
                  function_ref<ParseResult(StringRef key)> parseValue,
                  bool leadingComma = true) {
  llvm::StringSet<> seen;
  bool first = !leadingComma;
  while (first || succeeded(parser.parseOptionalComma())) {
    first = false;
    llvm::SMLoc loc = parser.getCurrentLocation();
    StringRef key;
    if (parser.parseKeyword(&key))
      return failure();
    if (!llvm::is_contained(keys, key)) {
      auto diag = parser.emitError(loc)
                  << "unknown key '" << key << "'; expected one of ";
      llvm::interleaveComma(keys, diag,
                            [&](StringRef k) { diag << "'" << k << "'"; });
      return diag;
    }
    if (!seen.insert(key).second)
      return parser.emitError(loc) << "duplicate key '" << key << "'";
    if (parseValue(key))
      return failure();
  }
  return success();
}

/// Parses a non-negative integer (a count of bytes or units; the verifiers
/// reject zero with a message that names what is counted).
static ParseResult parseCount(AsmParser &parser, uint64_t &result) {
  llvm::SMLoc loc = parser.getCurrentLocation();
  APInt value;
  if (parser.parseInteger(value))
    return failure();
  if (value.isNegative() || value.getActiveBits() > 64)
    return parser.emitError(loc)
           << "expected a non-negative integer below 2^64";
  result = value.getZExtValue();
  return success();
}

/// Parses `= <number>` into a f64 FloatAttr.
static ParseResult parseFigure(AsmParser &parser, FloatAttr &result) {
  double value;
  if (parser.parseEqual() || parser.parseFloat(value))
    return failure();
  result = FloatAttr::get(Float64Type::get(parser.getContext()), value);
  return success();
}

/// Parses `[p0, p1, ...]`, a possibly empty list of precision keywords.
static ParseResult parsePrecisionList(AsmParser &parser,
                                      SmallVectorImpl<Precision> &result) {
  return parser.parseCommaSeparatedList(AsmParser::Delimiter::Square,
                                        [&]() -> ParseResult {
                                          Precision precision;
                                          if (parsePrecision(parser, precision))
                                            return failure();
                                          result.push_back(precision);
                                          return success();
                                        });
}

/// Parses `[#attr, ...]` into attributes of type AttrT.
template <typename AttrT>
static ParseResult parseAttrList(AsmParser &parser,
                                 SmallVectorImpl<AttrT> &result) {
  return parser.parseCommaSeparatedList(AsmParser::Delimiter::Square,
                                        [&]() -> ParseResult {
                                          AttrT attr;
                                          if (parser.parseAttribute(attr))
                                            return failure();
                                          result.push_back(attr);
                                          return success();
                                        });
}

/// Prints `value` with the fewest significant digits that read back as the
/// same double, always as an MLIR float literal (with a '.').
static void printShortestFloat(AsmPrinter &printer, double value) {
  char buffer[40];
  int digits = 1;
  for (; digits <= 17; ++digits) {
    std::snprintf(buffer, sizeof(buffer), "%.*g", digits, value);
    if (std::strtod(buffer, nullptr) == value)
      break;
  }
  // Numbers below a million read better without an exponent (20.0 rather
  // than 2.0e+01): give %g enough digits to print them in full.
  double magnitude = std::fabs(value);
  if (magnitude >= 1 && magnitude < 1e6) {
    int integerDigits = static_cast<int>(std::floor(std::log10(magnitude))) + 1;
    if (digits < integerDigits)
      std::snprintf(buffer, sizeof(buffer), "%.*g", integerDigits, value);
  }
  std::string text = buffer;
  if (text.find_first_of(".ein") == std::string::npos) {
    text += ".0";
  } else if (text.find('.') == std::string::npos) {
    size_t exponent = text.find('e');
    if (exponent != std::string::npos)
      text.insert(exponent, ".0");
  }
  printer << text;
}

static void printFigure(AsmPrinter &printer, StringRef key, FloatAttr figure) {
  if (!figure)
    return;
  printer << ", " << key << " = ";
  printShortestFloat(printer, figure.getValueAsDouble());
}

static void printPrecisionList(AsmPrinter &printer,
                               ArrayRef<Precision> precisions) {
  printer << "[";
  llvm::interleaveComma(precisions, printer, [&](Precision precision) {
    printer << stringifyPrecision(precision);
  });
  printer << "]";
}

/// Checks an optional figure: finite and positive (or non-negative).
static LogicalResult verifyFigure(function_ref<InFlightDiagnostic()> emitError,
                                  FloatAttr figure, StringRef what,
                                  bool allowZero = false) {
  if (!figure)
    return success();
  double value = figure.getValueAsDouble();
  if (!std::isfinite(value) || value < 0 || (!allowZero && value == 0))
    return emitError() << what << " must be "
                       << (allowZero ? "non-negative" : "positive")
                       << " and finite, got " << value;
  return success();
}

/// Checks that a list of precisions has no duplicate.
static LogicalResult
verifyUniquePrecisions(function_ref<InFlightDiagnostic()> emitError,
                       ArrayRef<Precision> precisions, StringRef what) {
  llvm::SmallSet<Precision, 8> seen;
  for (Precision precision : precisions)
    if (!seen.insert(precision).second)
      return emitError() << "precision '" << stringifyPrecision(precision)
                         << "' appears twice in " << what;
  return success();
}

/// Checks that a name is non-empty.
static LogicalResult verifyName(function_ref<InFlightDiagnostic()> emitError,
                                StringAttr name, StringRef what) {
  if (!name || name.getValue().empty())
    return emitError() << what << " name must not be empty";
  return success();
}

//===----------------------------------------------------------------------===//
// MemoryTierAttr
//===----------------------------------------------------------------------===//

Attribute MemoryTierAttr::parse(AsmParser &parser, Type) {
  std::string name;
  std::optional<uint64_t> capacity;
  FloatAttr bandwidth, energyPerByte;
  llvm::SMLoc loc = parser.getCurrentLocation();
  if (parser.parseLess() || parser.parseString(&name) ||
      parseKeyedEntries(
          parser, {"capacity", "bandwidth", "energy_per_byte"},
          [&](StringRef key) -> ParseResult {
            if (key == "capacity") {
              uint64_t value;
              if (parser.parseEqual() || parseCount(parser, value))
                return failure();
              capacity = value;
              return success();
            }
            return parseFigure(parser,
                               key == "bandwidth" ? bandwidth : energyPerByte);
          }) ||
      parser.parseGreater())
    return {};
  if (!capacity) {
    parser.emitError(loc) << "memory tier '" << name
                          << "' needs a 'capacity' in bytes";
    return {};
  }
  return getChecked([&] { return parser.emitError(loc); }, parser.getContext(),
                    StringAttr::get(parser.getContext(), name), *capacity,
                    bandwidth, energyPerByte);
}

void MemoryTierAttr::print(AsmPrinter &printer) const {
  printer << "<" << getName() << ", capacity = " << getCapacity();
  printFigure(printer, "bandwidth", getBandwidth());
  printFigure(printer, "energy_per_byte", getEnergyPerByte());
  printer << ">";
}

LogicalResult
MemoryTierAttr::verify(function_ref<InFlightDiagnostic()> emitError,
                       StringAttr name, uint64_t capacity, FloatAttr bandwidth,
                       FloatAttr energyPerByte) {
  if (failed(verifyName(emitError, name, "memory tier")))
    return failure();
  if (capacity == 0)
    return emitError() << "memory tier '" << name.getValue()
                       << "' must have a positive capacity";
  if (failed(verifyFigure(emitError, bandwidth, "memory tier bandwidth")) ||
      failed(verifyFigure(emitError, energyPerByte,
                          "memory tier energy per byte", /*allowZero=*/true)))
    return failure();
  return success();
}

//===----------------------------------------------------------------------===//
// DeviceAttr
//===----------------------------------------------------------------------===//

/// Parses `= {p0 = <number>, p1 = <number>, ...}`, figures keyed by
/// precision, into a dictionary of f64 FloatAttrs.
static ParseResult parsePrecisionFigures(AsmParser &parser,
                                         DictionaryAttr &result) {
  MLIRContext *context = parser.getContext();
  SmallVector<NamedAttribute> entries;
  llvm::SmallSet<Precision, 8> seen;
  if (parser.parseEqual() ||
      parser.parseCommaSeparatedList(
          AsmParser::Delimiter::Braces, [&]() -> ParseResult {
            llvm::SMLoc loc = parser.getCurrentLocation();
            Precision precision;
            double value;
            if (parsePrecision(parser, precision) || parser.parseEqual() ||
                parser.parseFloat(value))
              return failure();
            if (!seen.insert(precision).second)
              return parser.emitError(loc)
                     << "precision '" << stringifyPrecision(precision)
                     << "' appears twice";
            entries.emplace_back(
                StringAttr::get(context, stringifyPrecision(precision)),
                FloatAttr::get(Float64Type::get(context), value));
            return success();
          }))
    return failure();
  result = DictionaryAttr::get(context, entries);
  return success();
}

static void printPrecisionFigures(AsmPrinter &printer, StringRef key,
                                  DictionaryAttr figures) {
  if (!figures)
    return;
  printer << ", " << key << " = {";
  llvm::interleaveComma(figures, printer, [&](NamedAttribute entry) {
    printer << entry.getName().getValue() << " = ";
    printShortestFloat(printer,
                       cast<FloatAttr>(entry.getValue()).getValueAsDouble());
  });
  printer << "}";
}

/// Checks figures keyed by precision: exactly the supported precisions, each
/// a finite number, positive (or non-negative with `allowZero`).
static LogicalResult
verifyPrecisionFigures(function_ref<InFlightDiagnostic()> emitError,
                       StringRef deviceName, ArrayRef<Precision> precisions,
                       DictionaryAttr figures, StringRef key, bool allowZero) {
  if (!figures)
    return success();
  for (NamedAttribute entry : figures) {
    std::optional<Precision> precision =
        symbolizePrecision(entry.getName().getValue());
    if (!precision)
      return emitError() << "device '" << deviceName << "' " << key
                         << " names unknown precision '"
                         << entry.getName().getValue() << "'";
    if (!llvm::is_contained(precisions, *precision))
      return emitError() << "device '" << deviceName << "' " << key
                         << " gives a figure for '" << entry.getName().getValue()
                         << "', which is not one of its precisions";
    auto value = dyn_cast<FloatAttr>(entry.getValue());
    if (!value)
      return emitError() << "device '" << deviceName << "' " << key
                         << " entries must be numbers";
    if (failed(verifyFigure(emitError, value,
                            ("device '" + deviceName + "' " + key + " for '" +
                             entry.getName().getValue() + "'")
                                .str(),
                            allowZero)))
      return failure();
  }
  for (Precision precision : precisions)
    if (!figures.get(stringifyPrecision(precision)))
      return emitError() << "device '" << deviceName << "' " << key
                         << " has no figure for its precision '"
                         << stringifyPrecision(precision) << "'";
  return success();
}

Attribute DeviceAttr::parse(AsmParser &parser, Type) {
  std::string name;
  StringRef kindKeyword;
  SmallVector<Precision> precisions;
  SmallVector<MemoryTierAttr> memories;
  FloatAttr clock, launchOverhead, switchLatency, idlePower;
  std::optional<uint64_t> units;
  DictionaryAttr opsPerCycle, energyPerOp;
  bool hasPrecisions = false;
  llvm::SMLoc loc = parser.getCurrentLocation();
  if (parser.parseLess() || parser.parseString(&name) || parser.parseComma())
    return {};
  llvm::SMLoc kindLoc = parser.getCurrentLocation();
  if (parser.parseKeyword(&kindKeyword))
    return {};
  std::optional<DeviceKind> kind = symbolizeDeviceKind(kindKeyword);
  if (!kind) {
    parser.emitError(kindLoc) << "unknown device kind '" << kindKeyword
                              << "'; expected 'host' or 'accelerator'";
    return {};
  }
  auto parseEntry = [&](StringRef key) -> ParseResult {
    if (key == "precisions") {
      hasPrecisions = true;
      return failure(parser.parseEqual() ||
                     parsePrecisionList(parser, precisions));
    }
    if (key == "memories")
      return failure(parser.parseEqual() || parseAttrList(parser, memories));
    if (key == "units") {
      uint64_t value;
      if (parser.parseEqual() || parseCount(parser, value))
        return failure();
      units = value;
      return success();
    }
    if (key == "ops_per_cycle")
      return parsePrecisionFigures(parser, opsPerCycle);
    if (key == "energy_per_op")
      return parsePrecisionFigures(parser, energyPerOp);
    return parseFigure(parser, key == "clock"             ? clock
                               : key == "launch_overhead" ? launchOverhead
                               : key == "switch_latency"  ? switchLatency
                                                          : idlePower);
  };
  if (parseKeyedEntries(parser,
                        {"precisions", "memories", "clock", "units",
                         "ops_per_cycle", "energy_per_op", "launch_overhead",
                         "switch_latency", "idle_power"},
                        parseEntry) ||
      parser.parseGreater())
    return {};
  if (!hasPrecisions) {
    parser.emitError(loc) << "device '" << name
                          << "' needs 'precisions', the precisions its "
                             "arithmetic units support";
    return {};
  }
  return getChecked([&] { return parser.emitError(loc); }, parser.getContext(),
                    StringAttr::get(parser.getContext(), name), *kind,
                    precisions, memories, clock, units, opsPerCycle,
                    energyPerOp, launchOverhead, switchLatency, idlePower);
}

void DeviceAttr::print(AsmPrinter &printer) const {
  printer << "<" << getName() << ", " << stringifyDeviceKind(getKind())
          << ", precisions = ";
  printPrecisionList(printer, getPrecisions());
  if (!getMemories().empty()) {
    printer << ", memories = [";
    llvm::interleaveComma(getMemories(), printer,
                          [&](MemoryTierAttr memory) { printer << memory; });
    printer << "]";
  }
  printFigure(printer, "clock", getClock());
  if (getUnits())
    printer << ", units = " << *getUnits();
  printPrecisionFigures(printer, "ops_per_cycle", getOpsPerCycle());
  printPrecisionFigures(printer, "energy_per_op", getEnergyPerOp());
  printFigure(printer, "launch_overhead", getLaunchOverhead());
  printFigure(printer, "switch_latency", getSwitchLatency());
  printFigure(printer, "idle_power", getIdlePower());
  printer << ">";
}

LogicalResult DeviceAttr::verify(
    function_ref<InFlightDiagnostic()> emitError, StringAttr name,
    DeviceKind kind, ArrayRef<Precision> precisions,
    ArrayRef<MemoryTierAttr> memories, FloatAttr clock,
    std::optional<uint64_t> units, DictionaryAttr opsPerCycle,
    DictionaryAttr energyPerOp, FloatAttr launchOverhead,
    FloatAttr switchLatency, FloatAttr idlePower) {
  if (failed(verifyName(emitError, name, "device")))
    return failure();
  StringRef deviceName = name.getValue();
  if (precisions.empty())
    return emitError() << "device '" << deviceName
                       << "' must support at least one precision";
  if (failed(verifyUniquePrecisions(
          emitError, precisions,
          ("the precisions of device '" + deviceName + "'").str())))
    return failure();
  llvm::StringSet<> tierNames;
  for (MemoryTierAttr memory : memories)
    if (!tierNames.insert(memory.getName().getValue()).second)
      return emitError() << "device '" << deviceName
                         << "' has two memory tiers named '"
                         << memory.getName().getValue() << "'";
  if (units && *units == 0)
    return emitError() << "device '" << deviceName
                       << "' must have a positive number of units";
  return failure(
      failed(verifyFigure(emitError, clock, "device clock")) ||
      failed(verifyPrecisionFigures(emitError, deviceName, precisions,
                                    opsPerCycle, "ops_per_cycle",
                                    /*allowZero=*/false)) ||
      failed(verifyPrecisionFigures(emitError, deviceName, precisions,
                                    energyPerOp, "energy_per_op",
                                    /*allowZero=*/true)) ||
      failed(verifyFigure(emitError, launchOverhead, "device launch overhead",
                          /*allowZero=*/true)) ||
      failed(verifyFigure(emitError, switchLatency, "device switch latency",
                          /*allowZero=*/true)) ||
      failed(verifyFigure(emitError, idlePower, "device idle power",
                          /*allowZero=*/true)));
}

bool DeviceAttr::supports(Precision precision) const {
  return llvm::is_contained(getPrecisions(), precision);
}

MemoryTierAttr DeviceAttr::lookupMemory(StringRef name) const {
  for (MemoryTierAttr memory : getMemories())
    if (memory.getName().getValue() == name)
      return memory;
  return {};
}

/// The figure for `precision` in `figures`, if any.
static std::optional<double> lookupPrecisionFigure(DictionaryAttr figures,
                                                   Precision precision) {
  if (!figures)
    return std::nullopt;
  if (auto value = figures.getAs<FloatAttr>(stringifyPrecision(precision)))
    return value.getValueAsDouble();
  return std::nullopt;
}

std::optional<double> DeviceAttr::getOpsPerCycle(Precision precision) const {
  return lookupPrecisionFigure(getOpsPerCycle(), precision);
}

std::optional<double> DeviceAttr::getEnergyPerOp(Precision precision) const {
  return lookupPrecisionFigure(getEnergyPerOp(), precision);
}

//===----------------------------------------------------------------------===//
// LinkAttr
//===----------------------------------------------------------------------===//

Attribute LinkAttr::parse(AsmParser &parser, Type) {
  std::string name;
  SymbolRefAttr source, destination;
  FloatAttr latency, bandwidth, energyPerByte;
  SmallVector<Precision> wire;
  bool bidirectional = false, converts = false;
  llvm::SMLoc loc = parser.getCurrentLocation();
  if (parser.parseLess() || parser.parseString(&name) || parser.parseComma() ||
      parser.parseAttribute(source) || parser.parseArrow() ||
      parser.parseAttribute(destination))
    return {};
  if (parseKeyedEntries(
          parser,
          {"bidirectional", "latency", "bandwidth", "energy_per_byte", "wire",
           "converts"},
          [&](StringRef key) -> ParseResult {
            if (key == "bidirectional") {
              bidirectional = true;
              return success();
            }
            if (key == "converts") {
              converts = true;
              return success();
            }
            if (key == "wire") {
              llvm::SMLoc wireLoc = parser.getCurrentLocation();
              if (parser.parseEqual() || parsePrecisionList(parser, wire))
                return failure();
              if (wire.empty())
                return parser.emitError(wireLoc)
                       << "'wire' lists at least one precision; omit it for "
                          "a link that carries any precision";
              return success();
            }
            return parseFigure(parser, key == "latency"     ? latency
                                       : key == "bandwidth" ? bandwidth
                                                            : energyPerByte);
          }) ||
      parser.parseGreater())
    return {};
  return getChecked([&] { return parser.emitError(loc); }, parser.getContext(),
                    StringAttr::get(parser.getContext(), name), source,
                    destination, bidirectional, latency, bandwidth,
                    energyPerByte, wire, converts);
}

void LinkAttr::print(AsmPrinter &printer) const {
  printer << "<" << getName() << ", " << getSource() << " -> "
          << getDestination();
  if (getBidirectional())
    printer << ", bidirectional";
  printFigure(printer, "latency", getLatency());
  printFigure(printer, "bandwidth", getBandwidth());
  printFigure(printer, "energy_per_byte", getEnergyPerByte());
  if (!getWire().empty()) {
    printer << ", wire = ";
    printPrecisionList(printer, getWire());
  }
  if (getConverts())
    printer << ", converts";
  printer << ">";
}

LogicalResult LinkAttr::verify(function_ref<InFlightDiagnostic()> emitError,
                               StringAttr name, SymbolRefAttr source,
                               SymbolRefAttr destination, bool bidirectional,
                               FloatAttr latency, FloatAttr bandwidth,
                               FloatAttr energyPerByte,
                               ArrayRef<Precision> wire, bool converts) {
  if (failed(verifyName(emitError, name, "link")))
    return failure();
  for (SymbolRefAttr endpoint : {source, destination})
    if (endpoint.getNestedReferences().size() > 1)
      return emitError() << "link '" << name.getValue() << "' endpoint "
                         << endpoint
                         << " must be @device or @device::@memory_tier";
  if (source == destination)
    return emitError() << "link '" << name.getValue() << "' connects " << source
                       << " to itself";
  if (failed(verifyFigure(emitError, latency, "link latency",
                          /*allowZero=*/true)) ||
      failed(verifyFigure(emitError, bandwidth, "link bandwidth")) ||
      failed(verifyFigure(emitError, energyPerByte, "link energy per byte",
                          /*allowZero=*/true)))
    return failure();
  return verifyUniquePrecisions(
      emitError, wire,
      ("the wire precisions of link '" + name.getValue() + "'").str());
}

bool LinkAttr::supportsWire(Precision precision) const {
  return getWire().empty() || llvm::is_contained(getWire(), precision);
}

//===----------------------------------------------------------------------===//
// TargetAttr
//===----------------------------------------------------------------------===//

Attribute TargetAttr::parse(AsmParser &parser, Type) {
  SmallVector<DeviceAttr> devices;
  SmallVector<LinkAttr> links;
  std::string host, defaultDevice;
  bool hasDevices = false, hasHost = false, hasDefault = false;
  llvm::SMLoc loc = parser.getCurrentLocation();
  if (parser.parseLess())
    return {};
  auto parseEntry = [&](StringRef key) -> ParseResult {
    if (key == "devices") {
      hasDevices = true;
      return failure(parser.parseEqual() || parseAttrList(parser, devices));
    }
    if (key == "links")
      return failure(parser.parseEqual() || parseAttrList(parser, links));
    if (key == "host") {
      hasHost = true;
      return failure(parser.parseEqual() || parser.parseString(&host));
    }
    hasDefault = true;
    return failure(parser.parseEqual() || parser.parseString(&defaultDevice));
  };
  if (parseKeyedEntries(parser, {"devices", "links", "host", "default"},
                        parseEntry, /*leadingComma=*/false) ||
      parser.parseGreater())
    return {};
  if (!hasDevices || !hasHost || !hasDefault) {
    parser.emitError(loc) << "target needs 'devices', 'host' and 'default'";
    return {};
  }
  MLIRContext *context = parser.getContext();
  return getChecked([&] { return parser.emitError(loc); }, context, devices,
                    links, StringAttr::get(context, host),
                    StringAttr::get(context, defaultDevice));
}

void TargetAttr::print(AsmPrinter &printer) const {
  printer << "<devices = [";
  llvm::interleaveComma(getDevices(), printer,
                        [&](DeviceAttr device) { printer << device; });
  printer << "]";
  if (!getLinks().empty()) {
    printer << ", links = [";
    llvm::interleaveComma(getLinks(), printer,
                          [&](LinkAttr link) { printer << link; });
    printer << "]";
  }
  printer << ", host = " << getHost() << ", default = " << getDefaultDevice()
          << ">";
}

/// Checks `endpoint` against `devices`; `what` describes it in errors.
static LogicalResult
verifyEndpointIn(function_ref<InFlightDiagnostic()> emitError,
                 ArrayRef<DeviceAttr> devices, SymbolRefAttr endpoint,
                 StringRef what) {
  StringRef deviceName = endpoint.getRootReference().getValue();
  const DeviceAttr *device = llvm::find_if(devices, [&](DeviceAttr d) {
    return d.getName().getValue() == deviceName;
  });
  if (device == devices.end())
    return emitError() << what << " names unknown device '" << deviceName
                       << "'";
  if (endpoint.getNestedReferences().size() > 1)
    return emitError() << what << " " << endpoint
                       << " must be @device or @device::@memory_tier";
  if (endpoint.getNestedReferences().size() == 1) {
    StringRef tier = endpoint.getLeafReference().getValue();
    if (!device->lookupMemory(tier))
      return emitError() << what << " names unknown memory tier '" << tier
                         << "' of device '" << deviceName << "'";
  }
  return success();
}

LogicalResult TargetAttr::verify(function_ref<InFlightDiagnostic()> emitError,
                                 ArrayRef<DeviceAttr> devices,
                                 ArrayRef<LinkAttr> links, StringAttr host,
                                 StringAttr defaultDevice) {
  if (devices.empty())
    return emitError() << "target must have at least one device";
  llvm::StringSet<> deviceNames;
  for (DeviceAttr device : devices)
    if (!deviceNames.insert(device.getName().getValue()).second)
      return emitError() << "target has two devices named '"
                         << device.getName().getValue() << "'";
  llvm::StringSet<> linkNames;
  for (LinkAttr link : links) {
    if (!linkNames.insert(link.getName().getValue()).second)
      return emitError() << "target has two links named '"
                         << link.getName().getValue() << "'";
    std::string what = ("link '" + link.getName().getValue() + "'").str();
    if (failed(verifyEndpointIn(emitError, devices, link.getSource(),
                                what + " source")) ||
        failed(verifyEndpointIn(emitError, devices, link.getDestination(),
                                what + " destination")))
      return failure();
  }
  auto findDevice = [&](StringAttr name) -> DeviceAttr {
    for (DeviceAttr device : devices)
      if (device.getName() == name)
        return device;
    return {};
  };
  DeviceAttr hostDevice = findDevice(host);
  if (!hostDevice)
    return emitError() << "target host '" << host.getValue()
                       << "' is not one of its devices";
  if (hostDevice.getKind() != DeviceKind::Host)
    return emitError() << "target host '" << host.getValue()
                       << "' must be a device of kind 'host'";
  if (!findDevice(defaultDevice))
    return emitError() << "target default device '" << defaultDevice.getValue()
                       << "' is not one of its devices";
  return success();
}

DeviceAttr TargetAttr::lookupDevice(StringRef name) const {
  for (DeviceAttr device : getDevices())
    if (device.getName().getValue() == name)
      return device;
  return {};
}

LinkAttr TargetAttr::lookupLink(StringRef name) const {
  for (LinkAttr link : getLinks())
    if (link.getName().getValue() == name)
      return link;
  return {};
}

TargetAttr TargetAttr::lookup(Operation *op) {
  for (; op; op = op->getParentOp())
    if (auto target =
            op->getAttrOfType<TargetAttr>(APDialect::getTargetAttrName()))
      return target;
  return {};
}

LogicalResult
TargetAttr::verifyEndpoint(function_ref<InFlightDiagnostic()> emitError,
                           SymbolRefAttr endpoint, StringRef role) const {
  return verifyEndpointIn(emitError, getDevices(), endpoint, role);
}
