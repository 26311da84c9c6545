//===- TargetModel.cpp - The hardware as the cost model sees it -----------===//
//
// Part of the ap project: an adaptive-precision compiler built on MLIR.
//
//===----------------------------------------------------------------------===//

#include "ap/Analysis/TargetModel.h"

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

/// The value of an optional figure, or an error naming it.
static FailureOr<double> requireFigure(FloatAttr figure, StringRef key,
                                       StringRef owner,
                                       function_ref<InFlightDiagnostic()> emitError) {
  if (figure)
    return figure.getValueAsDouble();
  return emitError() << owner << " has no '" << key
                     << "', which the cost model needs";
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
    FailureOr<double> clock =
        requireFigure(deviceAttr.getClock(), "clock", owner, emitError);
    FailureOr<double> launch = requireFigure(
        deviceAttr.getLaunchOverhead(), "launch_overhead", owner, emitError);
    FailureOr<double> switchLatency = requireFigure(
        deviceAttr.getSwitchLatency(), "switch_latency", owner, emitError);
    FailureOr<double> idle = requireFigure(deviceAttr.getIdlePower(),
                                           "idle_power", owner, emitError);
    if (failed(clock) || failed(launch) || failed(switchLatency) ||
        failed(idle))
      return failure();
    if (!deviceAttr.getUnits())
      return emitError() << owner
                         << " has no 'units', which the cost model needs";
    if (!deviceAttr.getOpsPerCycle() || !deviceAttr.getEnergyPerOp())
      return emitError() << owner << " has no '"
                         << (deviceAttr.getOpsPerCycle() ? "energy_per_op"
                                                         : "ops_per_cycle")
                         << "', which the cost model needs";
    device.clock = *clock;
    device.units = *deviceAttr.getUnits();
    device.launchOverhead = *launch;
    device.switchLatency = *switchLatency;
    device.idlePower = *idle;
    // The attribute verifier guarantees one figure per supported precision.
    for (Precision precision : deviceAttr.getPrecisions()) {
      device.precisions.push_back(precision);
      device.opsPerCycle[static_cast<unsigned>(precision)] =
          deviceAttr.getOpsPerCycle(precision);
      device.energyPerOp[static_cast<unsigned>(precision)] =
          deviceAttr.getEnergyPerOp(precision);
    }
    if (deviceAttr.getMemories().empty())
      return emitError() << owner
                         << " has no memory tier, which the cost model needs";
    for (MemoryTierAttr memoryAttr : deviceAttr.getMemories()) {
      MemoryModel &memory = device.memories.emplace_back();
      memory.name = memoryAttr.getName().getValue().str();
      memory.capacity = memoryAttr.getCapacity();
      std::string tierOwner = "memory tier '" + memory.name + "' of " + owner;
      FailureOr<double> bandwidth = requireFigure(
          memoryAttr.getBandwidth(), "bandwidth", tierOwner, emitError);
      FailureOr<double> energy =
          requireFigure(memoryAttr.getEnergyPerByte(), "energy_per_byte",
                        tierOwner, emitError);
      if (failed(bandwidth) || failed(energy))
        return failure();
      memory.bandwidth = *bandwidth;
      memory.energyPerByte = *energy;
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
    std::string owner = "link '" + link.name + "'";
    FailureOr<double> latency =
        requireFigure(linkAttr.getLatency(), "latency", owner, emitError);
    FailureOr<double> bandwidth =
        requireFigure(linkAttr.getBandwidth(), "bandwidth", owner, emitError);
    FailureOr<double> energy = requireFigure(linkAttr.getEnergyPerByte(),
                                             "energy_per_byte", owner, emitError);
    if (failed(latency) || failed(bandwidth) || failed(energy))
      return failure();
    link.latency = *latency;
    link.bandwidth = *bandwidth;
    link.energyPerByte = *energy;
  }
  // Every device must receive inputs from the host and return results to it.
  for (auto [index, device] : llvm::enumerate(model.devices)) {
    if (!model.findRoute(model.host, index, 1))
      return emitError() << "device '" << device.name
                         << "' is unreachable: no route of links carries "
                            "data from host '"
                         << model.devices[model.host].name << "' to it";
    if (!model.findRoute(index, model.host, 1))
      return emitError() << "device '" << device.name
                         << "' is unreachable: no route of links carries "
                            "data from it back to host '"
                         << model.devices[model.host].name << "'";
  }
  return model;
}
