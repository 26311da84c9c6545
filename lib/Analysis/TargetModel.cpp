//===- TargetModel.cpp - The hardware as the cost model sees it -----------===//
//
// Part of the ap project: an adaptive-precision compiler built on MLIR.
//
//===----------------------------------------------------------------------===//

#include "ap/Analysis/TargetModel.h"
#include "ap/Dialect/AP/IR/APDialect.h"

#include "mlir/IR/Diagnostics.h"
#include "llvm/ADT/BitVector.h"

#include <limits>

using namespace mlir;
using namespace mlir::ap;

std::optional<unsigned> DeviceModel::lookupMemory(StringRef memoryName) const {
  for (auto [index, memory] : llvm::enumerate(memories))
    if (memory.name == memoryName)
      return index;
  return std::nullopt;
}

bool LinkModel::connects(unsigned from, unsigned to) const {
  if (source.device == from && destination.device == to)
    return true;
  return bidirectional && source.device == to && destination.device == from;
}

std::optional<unsigned> TargetModel::lookupDevice(StringRef name) const {
  for (auto [index, device] : llvm::enumerate(devices))
    if (device.name == name)
      return index;
  return std::nullopt;
}

std::optional<unsigned> TargetModel::lookupLink(StringRef name) const {
  for (auto [index, link] : llvm::enumerate(links))
    if (link.name == name)
      return index;
  return std::nullopt;
}

std::optional<Endpoint> TargetModel::lookupEndpoint(SymbolRefAttr ref) const {
  std::optional<unsigned> device =
      lookupDevice(ref.getRootReference().getValue());
  if (!device || ref.getNestedReferences().size() > 1)
    return std::nullopt;
  Endpoint endpoint{*device, std::nullopt};
  if (ref.getNestedReferences().size() == 1) {
    endpoint.memory =
        devices[*device].lookupMemory(ref.getLeafReference().getValue());
    if (!endpoint.memory)
      return std::nullopt;
  }
  return endpoint;
}

std::optional<SmallVector<unsigned>>
TargetModel::findRoute(unsigned from, unsigned to, uint64_t bytes,
                       std::optional<Precision> wire) const {
  if (from == to)
    return SmallVector<unsigned>();
  // Dijkstra over devices; there are few, so a linear scan for the closest
  // unvisited device is enough.
  const double infinity = std::numeric_limits<double>::infinity();
  SmallVector<double> arrival(devices.size(), infinity);
  SmallVector<std::optional<unsigned>> viaLink(devices.size());
  llvm::BitVector done(devices.size());
  arrival[from] = 0;
  while (true) {
    std::optional<unsigned> next;
    for (unsigned device = 0; device < devices.size(); ++device)
      if (!done[device] && arrival[device] < infinity &&
          (!next || arrival[device] < arrival[*next]))
        next = device;
    if (!next || *next == to)
      break;
    done.set(*next);
    for (auto [index, link] : llvm::enumerate(links)) {
      if (wire && !link.supportsWire(*wire))
        continue;
      for (unsigned other = 0; other < devices.size(); ++other) {
        if (other == *next || !link.connects(*next, other))
          continue;
        double time = arrival[*next] + link.latency +
                      static_cast<double>(bytes) / link.bandwidth;
        if (time < arrival[other]) {
          arrival[other] = time;
          viaLink[other] = index;
        }
      }
    }
  }
  if (arrival[to] == infinity)
    return std::nullopt;
  SmallVector<unsigned> route;
  for (unsigned device = to; device != from;) {
    const LinkModel &link = links[*viaLink[device]];
    route.push_back(*viaLink[device]);
    device = link.destination.device == device && link.source.device != device
                 ? link.source.device
                 : link.destination.device;
  }
  std::reverse(route.begin(), route.end());
  return route;
}

/// The value of a figure the cost model needs, recording its key in
/// `missing` when the attribute leaves it out.
static double requireFigure(FloatAttr figure, StringRef key,
                            SmallVectorImpl<StringRef> &missing) {
  if (figure)
    return figure.getValueAsDouble();
  missing.push_back(key);
  return 0;
}

/// Reports the figures `owner` leaves out, if any.
static LogicalResult
checkMissing(ArrayRef<StringRef> missing, const Twine &owner,
             function_ref<InFlightDiagnostic()> emitError) {
  if (missing.empty())
    return success();
  auto diag = emitError() << owner << " has no ";
  llvm::interleave(
      missing, [&](StringRef key) { diag << "'" << key << "'"; },
      [&] { diag << ", "; });
  diag << ", which the cost model needs";
  return diag;
}

FailureOr<TargetModel>
TargetModel::fromAttr(TargetAttr target,
                      function_ref<InFlightDiagnostic()> emitError) {
  TargetModel model;
  for (DeviceAttr deviceAttr : target.getDevices()) {
    DeviceModel &device = model.devices.emplace_back();
    device.name = deviceAttr.getName().getValue().str();
    device.kind = deviceAttr.getKind();
    std::string owner = "device '" + device.name + "'";
    SmallVector<StringRef> missing;
    device.clock = requireFigure(deviceAttr.getClock(), "clock", missing);
    if (!deviceAttr.getUnits())
      missing.push_back("units");
    if (!deviceAttr.getOpsPerCycle())
      missing.push_back("ops_per_cycle");
    if (!deviceAttr.getEnergyPerOp())
      missing.push_back("energy_per_op");
    device.launchOverhead = requireFigure(deviceAttr.getLaunchOverhead(),
                                          "launch_overhead", missing);
    device.switchLatency = requireFigure(deviceAttr.getSwitchLatency(),
                                         "switch_latency", missing);
    device.idlePower =
        requireFigure(deviceAttr.getIdlePower(), "idle_power", missing);
    if (deviceAttr.getMemories().empty())
      missing.push_back("memories");
    if (failed(checkMissing(missing, owner, emitError)))
      return failure();
    device.units = *deviceAttr.getUnits();
    // The attribute verifier guarantees one figure per supported precision.
    for (Precision precision : deviceAttr.getPrecisions()) {
      device.precisions.push_back(precision);
      device.opsPerCycle[static_cast<unsigned>(precision)] =
          deviceAttr.getOpsPerCycle(precision);
      device.energyPerOp[static_cast<unsigned>(precision)] =
          deviceAttr.getEnergyPerOp(precision);
    }
    for (MemoryTierAttr memoryAttr : deviceAttr.getMemories()) {
      MemoryModel &memory = device.memories.emplace_back();
      memory.name = memoryAttr.getName().getValue().str();
      memory.capacity = memoryAttr.getCapacity();
      SmallVector<StringRef> missing;
      memory.bandwidth =
          requireFigure(memoryAttr.getBandwidth(), "bandwidth", missing);
      memory.energyPerByte = requireFigure(memoryAttr.getEnergyPerByte(),
                                           "energy_per_byte", missing);
      if (failed(checkMissing(missing,
                              "memory tier '" + memory.name + "' of " + owner,
                              emitError)))
        return failure();
    }
  }
  // The attribute verifier guarantees that names resolve.
  model.host = *model.lookupDevice(target.getHost().getValue());
  model.defaultDevice =
      *model.lookupDevice(target.getDefaultDevice().getValue());
  for (LinkAttr linkAttr : target.getLinks()) {
    LinkModel &link = model.links.emplace_back();
    link.name = linkAttr.getName().getValue().str();
    link.source = *model.lookupEndpoint(linkAttr.getSource());
    link.destination = *model.lookupEndpoint(linkAttr.getDestination());
    link.bidirectional = linkAttr.getBidirectional();
    link.wire.assign(linkAttr.getWire().begin(), linkAttr.getWire().end());
    link.converts = linkAttr.getConverts();
    SmallVector<StringRef> missing;
    link.latency = requireFigure(linkAttr.getLatency(), "latency", missing);
    link.bandwidth =
        requireFigure(linkAttr.getBandwidth(), "bandwidth", missing);
    link.energyPerByte = requireFigure(linkAttr.getEnergyPerByte(),
                                       "energy_per_byte", missing);
    if (failed(checkMissing(missing, "link '" + link.name + "'", emitError)))
      return failure();
  }
  // Every device must receive inputs from the host and return results to
  // it; report every device that cannot.
  bool reachable = true;
  StringRef hostName = model.devices[model.host].name;
  for (auto [index, device] : llvm::enumerate(model.devices)) {
    if (!model.findRoute(model.host, index, 1)) {
      emitError() << "device '" << device.name
                  << "' is unreachable: no route of links carries data from "
                     "host '"
                  << hostName << "' to it";
      reachable = false;
    } else if (!model.findRoute(index, model.host, 1)) {
      emitError() << "device '" << device.name
                  << "' is unreachable: no route of links carries data from "
                     "it back to host '"
                  << hostName << "'";
      reachable = false;
    }
  }
  if (!reachable)
    return failure();
  return model;
}

FailureOr<TargetModel> TargetModel::forModule(ModuleOp module,
                                              StringRef user) {
  auto emitModuleError = [&] { return mlir::emitError(module.getLoc()); };
  TargetAttr target = TargetAttr::lookup(module);
  if (!target)
    return emitModuleError()
           << user << " needs a target: attach one with ap-attach-target, "
           << "or give the module an '" << APDialect::getTargetAttrName()
           << "' attribute";
  return fromAttr(target, emitModuleError);
}
