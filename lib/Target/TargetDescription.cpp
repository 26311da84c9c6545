//===- TargetDescription.cpp - Targets as JSON files ----------------------===//
//
// Part of the ap project: an adaptive-precision compiler built on MLIR.
//
//===----------------------------------------------------------------------===//

#include "ap/Target/TargetDescription.h"
#include "ap/Analysis/TargetModel.h"
#include "ap/Dialect/AP/IR/APDialect.h"
#include "ap/Support/JSONReader.h"

#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/MLIRContext.h"
#include "llvm/ADT/StringSet.h"

using namespace mlir;
using namespace mlir::ap;
namespace json = llvm::json;

namespace {

/// Reads descriptions into attributes.
class TargetBuilder {
public:
  TargetBuilder(JSONDiagnostics &reader, MLIRContext *context)
      : reader(reader), context(context) {}

  TargetAttr build(const json::Value &root);

private:
  MemoryTierAttr buildMemory(const json::Value &value, const std::string &path);
  DeviceAttr buildDevice(const json::Value &value, const std::string &path);
  LinkAttr buildLink(const json::Value &value, const std::string &path);
  /// Reads a `{precision: number}` object into a dictionary of f64 figures.
  DictionaryAttr buildPrecisionFigures(JSONObjectReader &device, StringRef key,
                                       NumberBound bound,
                                       SmallVectorImpl<Precision> &precisions);
  /// Reads `"device"` or `"device::tier"` into a symbol reference, checking
  /// that it names a device (and tier) read before.
  SymbolRefAttr buildEndpoint(JSONObjectReader &link, StringRef key);

  FloatAttr figure(std::optional<double> value) {
    return value ? FloatAttr::get(Float64Type::get(context), *value)
                 : FloatAttr();
  }
  StringAttr string(StringRef value) { return StringAttr::get(context, value); }

  JSONDiagnostics &reader;
  MLIRContext *context;
  /// The devices read, null where a device has errors.
  SmallVector<DeviceAttr> devices;
  /// The names of all devices, also those with errors, so that references
  /// to a device with errors do not add errors of their own.
  llvm::StringSet<> namedDevices;
};

} // namespace

MemoryTierAttr TargetBuilder::buildMemory(const json::Value &value,
                                          const std::string &path) {
  const json::Object *object = value.getAsObject();
  if (!object) {
    reader.error(path, "expected an object describing a memory tier");
    return {};
  }
  JSONObjectReader memory(reader, *object, path);
  std::optional<StringRef> name = memory.getString("name");
  std::optional<uint64_t> capacity = memory.getCount("capacity");
  std::optional<double> bandwidth =
      memory.getNumber("bandwidth", NumberBound::Positive);
  std::optional<double> energy =
      memory.getNumber("energy_per_byte", NumberBound::NonNegative);
  memory.reportUnknownKeys();
  if (!name || !capacity || !bandwidth || !energy)
    return {};
  return MemoryTierAttr::get(context, string(*name), *capacity,
                             figure(bandwidth), figure(energy));
}

DictionaryAttr
TargetBuilder::buildPrecisionFigures(JSONObjectReader &device, StringRef key,
                                     NumberBound bound,
                                     SmallVectorImpl<Precision> &precisions) {
  const json::Object *object = device.getObject(key);
  if (!object)
    return {};
  std::string path = device.memberPath(key);
  if (object->empty()) {
    reader.error(path, "expected at least one precision");
    return {};
  }
  SmallVector<NamedAttribute> entries;
  bool ok = true;
  for (const auto &[name, value] : *object) {
    std::string entryPath = path + "." + name.str();
    std::optional<Precision> precision = symbolizePrecision(name);
    if (!precision) {
      std::string known;
      for (Precision p : getAllPrecisions())
        known += (known.empty() ? "'" : ", '") +
                 stringifyPrecision(p).str() + "'";
      reader.error(entryPath, "unknown precision; expected one of " + known);
      ok = false;
      continue;
    }
    std::optional<double> number = device.checkNumber(value, entryPath, bound);
    if (!number) {
      ok = false;
      continue;
    }
    precisions.push_back(*precision);
    entries.emplace_back(string(name), figure(number));
  }
  if (!ok)
    return {};
  return DictionaryAttr::get(context, entries);
}

DeviceAttr TargetBuilder::buildDevice(const json::Value &value,
                                      const std::string &path) {
  const json::Object *object = value.getAsObject();
  if (!object) {
    reader.error(path, "expected an object describing a device");
    return {};
  }
  size_t errorsBefore = reader.getErrorCount();
  JSONObjectReader device(reader, *object, path);
  std::optional<StringRef> name = device.getString("name");
  if (name && name->contains("::"))
    reader.error(device.memberPath("name"),
                 "a device name must not contain '::', which separates a "
                 "device from its memory tier in link endpoints");
  std::optional<DeviceKind> kind;
  if (std::optional<StringRef> kindName = device.getString("kind")) {
    kind = symbolizeDeviceKind(*kindName);
    if (!kind)
      reader.error(device.memberPath("kind"),
                   "expected \"host\" or \"accelerator\"");
  }
  std::optional<double> clock = device.getNumber("clock", NumberBound::Positive);
  std::optional<uint64_t> units = device.getCount("units");
  SmallVector<Precision> precisions, energyPrecisions;
  DictionaryAttr opsPerCycle = buildPrecisionFigures(
      device, "ops_per_cycle", NumberBound::Positive, precisions);
  DictionaryAttr energyPerOp = buildPrecisionFigures(
      device, "energy_per_op", NumberBound::NonNegative, energyPrecisions);
  if (opsPerCycle && energyPerOp) {
    for (Precision precision : precisions)
      if (!llvm::is_contained(energyPrecisions, precision))
        reader.error(device.memberPath("energy_per_op"),
                     "missing precision '" + stringifyPrecision(precision) +
                         "', which 'ops_per_cycle' lists");
    for (Precision precision : energyPrecisions)
      if (!llvm::is_contained(precisions, precision))
        reader.error(device.memberPath("energy_per_op") + "." +
                         stringifyPrecision(precision).str(),
                     "precision not listed in 'ops_per_cycle' (a precision "
                     "the device computes in needs both)");
  }
  std::optional<double> launch =
      device.getNumber("launch_overhead", NumberBound::NonNegative);
  std::optional<double> switchLatency =
      device.getNumber("switch_latency", NumberBound::NonNegative);
  std::optional<double> idle =
      device.getNumber("idle_power", NumberBound::NonNegative);
  SmallVector<MemoryTierAttr> memories;
  bool memoriesOk = true;
  if (const json::Array *array = device.getArray("memories")) {
    if (array->empty())
      reader.error(device.memberPath("memories"),
                   "expected at least one memory tier");
    llvm::StringSet<> names;
    for (auto [index, element] : llvm::enumerate(*array)) {
      std::string elementPath =
          device.memberPath("memories") + "[" + std::to_string(index) + "]";
      MemoryTierAttr memory = buildMemory(element, elementPath);
      memoriesOk &= static_cast<bool>(memory);
      if (!memory)
        continue;
      if (!names.insert(memory.getName().getValue()).second)
        reader.error(elementPath + ".name",
                     "duplicate memory tier name '" +
                         memory.getName().getValue() + "'");
      memories.push_back(memory);
    }
  } else {
    memoriesOk = false;
  }
  device.reportUnknownKeys();
  // Build the attribute only from checked parts, so that its verifier holds.
  if (reader.getErrorCount() != errorsBefore || !memoriesOk)
    return {};
  // Precisions in ap's canonical order, so the attribute does not depend on
  // the order of JSON members.
  SmallVector<Precision> ordered;
  for (Precision precision : getAllPrecisions())
    if (llvm::is_contained(precisions, precision))
      ordered.push_back(precision);
  return DeviceAttr::get(context, string(*name), *kind, ordered, memories,
                         figure(clock), units, opsPerCycle, energyPerOp,
                         figure(launch), figure(switchLatency), figure(idle));
}

SymbolRefAttr TargetBuilder::buildEndpoint(JSONObjectReader &link, StringRef key) {
  std::optional<StringRef> text = link.getString(key);
  if (!text)
    return {};
  auto [deviceName, tierName] = text->split("::");
  const DeviceAttr *device = llvm::find_if(devices, [&](DeviceAttr d) {
    return d && d.getName().getValue() == deviceName;
  });
  if (device == devices.end()) {
    if (namedDevices.contains(deviceName))
      return {};
    reader.error(link.memberPath(key),
                 "unknown device '" + deviceName +
                     "'; expected the name of a device, or "
                     "\"device::memory\"");
    return {};
  }
  if (text->contains("::") && !device->lookupMemory(tierName)) {
    reader.error(link.memberPath(key), "unknown memory tier '" + tierName +
                                           "' of device '" + deviceName + "'");
    return {};
  }
  if (!text->contains("::"))
    return SymbolRefAttr::get(context, deviceName);
  return SymbolRefAttr::get(string(deviceName),
                            {FlatSymbolRefAttr::get(context, tierName)});
}

LinkAttr TargetBuilder::buildLink(const json::Value &value,
                                  const std::string &path) {
  const json::Object *object = value.getAsObject();
  if (!object) {
    reader.error(path, "expected an object describing a link");
    return {};
  }
  size_t errorsBefore = reader.getErrorCount();
  JSONObjectReader link(reader, *object, path);
  std::optional<StringRef> name = link.getString("name");
  SymbolRefAttr from = buildEndpoint(link, "from");
  SymbolRefAttr to = buildEndpoint(link, "to");
  if (from && from == to)
    reader.error(link.memberPath("to"), "a link must connect two different "
                                        "endpoints");
  std::optional<bool> bidirectional = link.getBool("bidirectional", false);
  std::optional<double> latency =
      link.getNumber("latency", NumberBound::NonNegative);
  std::optional<double> bandwidth = link.getNumber("bandwidth", NumberBound::Positive);
  std::optional<double> energy =
      link.getNumber("energy_per_byte", NumberBound::NonNegative);
  SmallVector<Precision> wire;
  bool wireOk = true;
  if (const json::Array *array = link.getArray("wire", /*required=*/false)) {
    if (array->empty()) {
      reader.error(link.memberPath("wire"),
                   "expected at least one precision; omit 'wire' for a link "
                   "that carries any precision");
      wireOk = false;
    }
    for (auto [index, element] : llvm::enumerate(*array)) {
      std::string elementPath =
          link.memberPath("wire") + "[" + std::to_string(index) + "]";
      std::optional<StringRef> text = element.getAsString();
      std::optional<Precision> precision =
          text ? symbolizePrecision(*text) : std::nullopt;
      if (!precision) {
        reader.error(elementPath, "expected a precision name such as \"f16\"");
        wireOk = false;
      } else if (llvm::is_contained(wire, *precision)) {
        reader.error(elementPath, "duplicate precision '" + *text + "'");
        wireOk = false;
      } else {
        wire.push_back(*precision);
      }
    }
  } else if (link.get("wire", /*required=*/false)) {
    wireOk = false;
  }
  std::optional<bool> converts = link.getBool("converts", false);
  link.reportUnknownKeys();
  if (reader.getErrorCount() != errorsBefore || !name || !from || !to ||
      !wireOk)
    return {};
  return LinkAttr::get(context, string(*name), from, to, *bidirectional,
                       figure(latency), figure(bandwidth), figure(energy), wire,
                       *converts);
}

TargetAttr TargetBuilder::build(const json::Value &root) {
  const json::Object *object = root.getAsObject();
  if (!object) {
    reader.error("$", "expected an object");
    return {};
  }
  JSONObjectReader target(reader, *object, "$");
  target.checkFormat(kTargetFormatName, kTargetFormatVersion);
  target.getString("description", /*required=*/false);

  llvm::StringSet<> deviceNames;
  if (const json::Array *array = target.getArray("devices")) {
    if (array->empty())
      reader.error("$.devices", "expected at least one device");
    for (const json::Value &element : *array)
      if (const json::Object *object = element.getAsObject())
        if (std::optional<StringRef> name = object->getString("name"))
          namedDevices.insert(*name);
    for (auto [index, element] : llvm::enumerate(*array)) {
      std::string path = "$.devices[" + std::to_string(index) + "]";
      DeviceAttr device = buildDevice(element, path);
      if (device && !deviceNames.insert(device.getName().getValue()).second)
        reader.error(path + ".name", "duplicate device name '" +
                                         device.getName().getValue() + "'");
      devices.push_back(device);
    }
  }
  auto findDevice = [&](StringRef name) -> DeviceAttr {
    for (DeviceAttr device : devices)
      if (device && device.getName().getValue() == name)
        return device;
    return {};
  };
  std::optional<StringRef> host = target.getString("host");
  bool haveDevices = !devices.empty();
  if (host && haveDevices &&
      (findDevice(*host) || !namedDevices.contains(*host))) {
    DeviceAttr device = findDevice(*host);
    if (!device)
      reader.error("$.host", "unknown device '" + *host + "'");
    else if (device.getKind() != DeviceKind::Host)
      reader.error("$.host", "device '" + *host + "' must be of kind \"host\"");
  }
  std::optional<StringRef> defaultDevice = target.getString("default");
  if (defaultDevice && haveDevices && !namedDevices.contains(*defaultDevice))
    reader.error("$.default", "unknown device '" + *defaultDevice + "'");

  SmallVector<LinkAttr> links;
  llvm::StringSet<> linkNames;
  if (const json::Array *array =
          target.getArray("links", /*required=*/false)) {
    for (auto [index, element] : llvm::enumerate(*array)) {
      std::string path = "$.links[" + std::to_string(index) + "]";
      LinkAttr link = buildLink(element, path);
      if (!link)
        continue;
      if (!linkNames.insert(link.getName().getValue()).second)
        reader.error(path + ".name", "duplicate link name '" +
                                         link.getName().getValue() + "'");
      links.push_back(link);
    }
  }
  target.reportUnknownKeys();
  if (reader.hasErrors() || !host || !defaultDevice)
    return {};

  // The attribute's verifier and the cost model's own checks (every device
  // exchanges data with the host) catch what remains.
  SmallVector<std::string> messages;
  ScopedDiagnosticHandler handler(context, [&](Diagnostic &diag) {
    messages.push_back(diag.str());
    return success();
  });
  auto emitErrorAt = [&] { return mlir::emitError(UnknownLoc::get(context)); };
  function_ref<InFlightDiagnostic()> emitError = emitErrorAt;
  TargetAttr attr = TargetAttr::getChecked(
      emitError, context, ArrayRef<DeviceAttr>(devices), ArrayRef<LinkAttr>(links),
                                           string(*host),
                                           string(*defaultDevice));
  if (attr && failed(TargetModel::fromAttr(attr, emitError)))
    attr = {};
  if (!attr)
    for (const std::string &message : messages)
      reader.error("$.links", message);
  return attr;
}

llvm::Expected<TargetAttr>
mlir::ap::parseTargetDescription(StringRef text, StringRef fileName,
                                 MLIRContext *context) {
  context->getOrLoadDialect<APDialect>();
  llvm::Expected<json::Value> root = parseJSONFile(text, fileName);
  if (!root)
    return root.takeError();
  JSONDiagnostics diagnostics(fileName);
  TargetAttr target = TargetBuilder(diagnostics, context).build(*root);
  if (!target)
    return diagnostics.takeError();
  return target;
}

llvm::Expected<TargetAttr>
mlir::ap::loadTargetDescription(StringRef path, MLIRContext *context) {
  llvm::Expected<std::string> text = readInputFile(path, "target description");
  if (!text)
    return text.takeError();
  return parseTargetDescription(*text, path, context);
}
