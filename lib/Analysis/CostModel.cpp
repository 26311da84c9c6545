//===- CostModel.cpp - Time and energy of ops and transfers ---------------===//
//
// Part of the ap project: an adaptive-precision compiler built on MLIR.
//
//===----------------------------------------------------------------------===//

#include "ap/Analysis/CostModel.h"
#include "ap/Support/SaturatingArithmetic.h"

#include "mlir/IR/Diagnostics.h"

#include <algorithm>
#include <cmath>

using namespace mlir;
using namespace mlir::ap;

int64_t mlir::ap::getStorageBytes(int64_t elements, unsigned bits) {
  // Whole bytes of eight elements, then the rest rounded up: no intermediate
  // product exceeds the result by more than a few bits.
  int64_t whole = saturatingMultiply(elements / 8, bits);
  return saturatingAdd(whole, ((elements % 8) * bits + 7) / 8);
}

/// Checks that every figure of `cost` is finite: figures out of the range of
/// a double (a denormal bandwidth, an enormous count) make no sensible cost.
static FailureOr<Cost>
checkFinite(const Cost &cost, function_ref<InFlightDiagnostic()> emitError) {
  for (double figure : {cost.computeTime, cost.memoryTime, cost.overheadTime,
                        cost.time, cost.dynamicEnergy, cost.staticEnergy})
    if (!std::isfinite(figure))
      return emitError() << "the cost is not a finite number: the target's "
                            "figures or the op's sizes are too extreme (a "
                            "denormal rate or bandwidth, an enormous size)";
  return cost;
}

PrecisionChoice PrecisionChoice::natural(Precision precision,
                                         const DeviceModel &device) {
  Precision wide = isFloat(precision) ? Precision::F32 : Precision::I32;
  return {precision, device.supports(wide) ? wide : precision, precision};
}

/// Checks that `device` computes at `precision`.
static LogicalResult
checkSupported(const DeviceModel &device, Precision precision, StringRef role,
               function_ref<InFlightDiagnostic()> emitError) {
  if (device.supports(precision))
    return success();
  return emitError() << "device '" << device.name << "' does not compute at "
                     << role << " precision '" << stringifyPrecision(precision)
                     << "'";
}

/// Completes `cost`, whose arithmetic and bytes are set, for a kernel on
/// `device`: the memory tier (`memory`, else the fastest that holds the
/// bytes moved, else the slowest), the memory time and energy, one launch,
/// the total time and the idle energy over it.
static void addMemoryAndLaunch(Cost &cost, const DeviceModel &device,
                               std::optional<unsigned> memory) {
  int64_t bytes = saturatingAdd(cost.bytesRead, cost.bytesWritten);
  unsigned tier = device.memories.size() - 1;
  if (memory) {
    tier = *memory;
  } else {
    for (auto [index, model] : llvm::enumerate(device.memories))
      if (static_cast<uint64_t>(bytes) <= model.capacity) {
        tier = index;
        break;
      }
  }
  const MemoryModel &model = device.memories[tier];
  cost.memory = tier;
  cost.memoryTime = bytes / model.bandwidth;
  cost.dynamicEnergy += bytes * model.energyPerByte;
  cost.overheadTime = device.launchOverhead;
  cost.time = cost.overheadTime + std::max(cost.computeTime, cost.memoryTime);
  cost.staticEnergy = device.idlePower * cost.time;
}

FailureOr<Cost>
CostModel::getKernelCost(const Work &work, const ExecutionConfig &config,
                         function_ref<InFlightDiagnostic()> emitError) const {
  const DeviceModel &device = target.getDevice(config.device);
  bool chosen = config.precisions && !work.fixedPrecision;
  std::optional<Precision> compute =
      chosen ? config.precisions->input : work.computePrecision;
  std::optional<Precision> accumulate =
      chosen ? config.precisions->accumulator : work.accumulatePrecision;

  // Every operation runs at the rate and energy of the input precision:
  // datasheets quote multiply-accumulate rates per input precision with the
  // accumulation included. The accumulator precision is where the running
  // sums live: the device must support it, and it sets the bytes of the
  // accumulators read.
  Cost cost;
  int64_t ops = saturatingAdd(work.computeOps, work.accumulateOps);
  if (ops > 0) {
    if (!compute)
      return emitError() << "cannot estimate the arithmetic of an op whose "
                            "element types are not ap precisions";
    if (failed(checkSupported(device, *compute, "input", emitError)))
      return failure();
    cost.computeTime = ops / device.getPeakOpsPerSecond(*compute);
    cost.dynamicEnergy = ops * device.getEnergyPerOp(*compute);
  }
  if (work.accumulateOps > 0) {
    if (!accumulate)
      return emitError() << "cannot estimate the accumulation of an op whose "
                            "element types are not ap precisions";
    if (failed(checkSupported(device, *accumulate, "accumulator", emitError)))
      return failure();
  }
  cost.ops = ops;

  for (const MemoryAccess &access : work.accesses) {
    unsigned bits = access.storedBits;
    if (chosen && !access.fixed) {
      switch (access.role) {
      case AccessRole::Input:
        bits = getBitWidth(config.precisions->input);
        break;
      case AccessRole::Init:
        bits = getBitWidth(config.precisions->accumulator);
        break;
      case AccessRole::Output:
        bits = getBitWidth(config.precisions->result);
        break;
      }
    }
    int64_t bytes = getStorageBytes(access.elements, bits);
    int64_t &sum =
        access.role == AccessRole::Output ? cost.bytesWritten : cost.bytesRead;
    sum = saturatingAdd(sum, bytes);
  }

  addMemoryAndLaunch(cost, device, config.memory);
  return checkFinite(cost, emitError);
}

FailureOr<Cost> CostModel::getFusedKernelCost(
    ArrayRef<Cost> members, unsigned deviceIndex, int64_t bytesRead,
    int64_t bytesWritten, std::optional<unsigned> memory,
    function_ref<InFlightDiagnostic()> emitError) const {
  const DeviceModel &device = target.getDevice(deviceIndex);
  Cost cost;
  for (const Cost &member : members) {
    cost.computeTime += member.computeTime;
    cost.ops = saturatingAdd(cost.ops, member.ops);
    // The energy of the member's arithmetic: its dynamic energy without
    // that of the bytes it moved on its own.
    double memberBytes = static_cast<double>(
        saturatingAdd(member.bytesRead, member.bytesWritten));
    double perByte =
        member.memory ? device.memories[*member.memory].energyPerByte : 0;
    cost.dynamicEnergy +=
        std::max(0.0, member.dynamicEnergy - memberBytes * perByte);
  }
  cost.bytesRead = bytesRead;
  cost.bytesWritten = bytesWritten;
  addMemoryAndLaunch(cost, device, memory);
  return checkFinite(cost, emitError);
}

FailureOr<Cost>
CostModel::getTransferCost(int64_t elements, unsigned bits, Endpoint from,
                           Endpoint to, std::optional<unsigned> link,
                           std::optional<Precision> wire,
                           function_ref<InFlightDiagnostic()> emitError,
                           SmallVectorImpl<unsigned> *routeTaken) const {
  Cost cost;
  int64_t bytes = getStorageBytes(elements, bits);
  cost.bytesRead = cost.bytesWritten = bytes;
  SmallVector<unsigned> route;
  if (!link && from.device == to.device) {
    // A link described between the two tiers carries the move.
    for (auto [index, candidate] : llvm::enumerate(target.getLinks()))
      if ((candidate.source == from && candidate.destination == to) ||
          (candidate.bidirectional && candidate.source == to &&
           candidate.destination == from)) {
        link = index;
        break;
      }
  }
  if (link) {
    route.push_back(*link);
  } else if (from.device == to.device) {
    // A move between two tiers of one device with no link between them:
    // read from one and write to the other, at the slower one's pace.
    const DeviceModel &device = target.getDevice(from.device);
    if (!from.memory || !to.memory || from.memory == to.memory)
      return cost;
    const MemoryModel &source = device.memories[*from.memory];
    const MemoryModel &destination = device.memories[*to.memory];
    cost.memoryTime = bytes / std::min(source.bandwidth, destination.bandwidth);
    cost.time = cost.memoryTime;
    cost.dynamicEnergy =
        bytes * (source.energyPerByte + destination.energyPerByte);
    return checkFinite(cost, emitError);
  } else {
    std::optional<SmallVector<unsigned>> found =
        target.findRoute(from.device, to.device, bytes, wire);
    if (!found) {
      auto diag = emitError()
                  << "no route of links carries data from device '"
                  << target.getDevice(from.device).name << "' to device '"
                  << target.getDevice(to.device).name << "'";
      if (wire)
        diag << " at wire precision '" << stringifyPrecision(*wire) << "'";
      return diag;
    }
    route = std::move(*found);
  }
  if (routeTaken)
    routeTaken->assign(route.begin(), route.end());
  for (unsigned index : route) {
    const LinkModel &hop = target.getLink(index);
    cost.overheadTime += hop.latency;
    cost.memoryTime += bytes / hop.bandwidth;
    cost.dynamicEnergy += bytes * hop.energyPerByte;
  }
  cost.time = cost.overheadTime + cost.memoryTime;
  return checkFinite(cost, emitError);
}

LogicalResult
CostModel::addConversion(Cost &cost, int64_t elements, unsigned deviceIndex,
                         Precision from, Precision to,
                         function_ref<InFlightDiagnostic()> emitError) const {
  if (from == to)
    return success();
  const DeviceModel &device = target.getDevice(deviceIndex);
  Precision wider = getBitWidth(to) > getBitWidth(from) ? to : from;
  if (!device.supports(wider))
    return emitError() << "device '" << device.name << "' cannot convert "
                       << stringifyPrecision(from) << " to "
                       << stringifyPrecision(to)
                       << ": it does not compute at precision '"
                       << stringifyPrecision(wider) << "'";
  double seconds = elements / device.getPeakOpsPerSecond(wider);
  cost.computeTime += seconds;
  cost.time += seconds;
  cost.ops = saturatingAdd(cost.ops, elements);
  cost.dynamicEnergy += elements * device.getEnergyPerOp(wider);
  return checkFinite(cost, emitError);
}

/// The key of a measured time.
static std::string measurementKey(StringRef key, unsigned device,
                                  Precision precision) {
  return (key + "/" + llvm::Twine(device) + "/" + stringifyPrecision(precision))
      .str();
}

void CostModel::addMeasuredTime(StringRef key, unsigned device,
                                Precision precision, double seconds) {
  measuredTimes[measurementKey(key, device, precision)] = seconds;
  if (measuredOpSet.insert(key).second)
    measuredOps.push_back(key.str());
}

std::optional<double> CostModel::lookupMeasuredTime(StringRef key,
                                                    unsigned device,
                                                    Precision precision) const {
  auto it = measuredTimes.find(measurementKey(key, device, precision));
  if (it == measuredTimes.end())
    return std::nullopt;
  return it->second;
}

void CostModel::applyMeasuredTime(Cost &cost, unsigned device,
                                  double seconds) const {
  cost.time = seconds;
  cost.staticEnergy = target.getDevice(device).idlePower * seconds;
  cost.measured = true;
}
