//===- Simulator.cpp - The simulated accelerator --------------------------===//
//
// Part of the ap project: an adaptive-precision compiler built on MLIR.
//
//===----------------------------------------------------------------------===//

#include "ap/Runtime/Simulator.h"
#include "ap/Runtime/Probes.h"
#include "ap/Runtime/ResourceMonitor.h"

#include "ap/Analysis/TransferPlan.h"
#include "ap/Dialect/AP/IR/APDialect.h"
#include "ap/Target/TargetDescription.h"

#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/Location.h"
#include "llvm/ADT/ScopeExit.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/raw_ostream.h"

#include <algorithm>
#include <chrono>
#include <cmath>

using namespace ap::rt;
using mlir::ap::Cost;
using mlir::ap::Endpoint;
using mlir::ap::Precision;

/// `seconds` for messages.
static std::string formatTime(double seconds) {
  std::string text;
  llvm::raw_string_ostream(text) << llvm::format("%.9g", seconds);
  return text;
}

//===----------------------------------------------------------------------===//
// Construction
//===----------------------------------------------------------------------===//

llvm::Expected<std::unique_ptr<Simulator>>
Simulator::create(llvm::StringRef text, llvm::StringRef fileName) {
  auto context = std::make_unique<mlir::MLIRContext>(
      mlir::MLIRContext::Threading::DISABLED);
  context->getOrLoadDialect<mlir::ap::APDialect>();
  llvm::Expected<mlir::ap::TargetAttr> target =
      mlir::ap::parseTargetDescription(text, fileName, context.get());
  if (!target)
    return target.takeError();
  std::string messages;
  mlir::FailureOr<mlir::ap::TargetModel> model;
  {
    mlir::ScopedDiagnosticHandler handler(
        context.get(), [&](mlir::Diagnostic &diagnostic) {
          if (!messages.empty())
            messages += "\n";
          messages += (fileName + ": " + diagnostic.str()).str();
          return mlir::success();
        });
    mlir::MLIRContext *raw = context.get();
    model = mlir::ap::TargetModel::fromAttr(
        *target, [raw] { return mlir::emitError(mlir::UnknownLoc::get(raw)); });
  }
  if (failed(model))
    return llvm::createStringError(messages);
  return std::unique_ptr<Simulator>(
      new Simulator(std::move(context),
                    std::make_unique<mlir::ap::CostModel>(std::move(*model))));
}

std::unique_ptr<Simulator>
Simulator::create(const mlir::ap::TargetModel &target) {
  auto context = std::make_unique<mlir::MLIRContext>(
      mlir::MLIRContext::Threading::DISABLED);
  context->getOrLoadDialect<mlir::ap::APDialect>();
  return std::unique_ptr<Simulator>(new Simulator(
      std::move(context), std::make_unique<mlir::ap::CostModel>(target)));
}

Simulator::Simulator(std::unique_ptr<mlir::MLIRContext> context,
                     std::unique_ptr<mlir::ap::CostModel> costModel)
    : context(std::move(context)), costModel(std::move(costModel)) {
  this->context->getDiagEngine().registerHandler(
      [this](mlir::Diagnostic &diagnostic) {
        if (!this->diagnostic.empty())
          this->diagnostic += "; ";
        this->diagnostic += diagnostic.str();
        return mlir::success();
      });
  reset();
}

Simulator::~Simulator() = default;

void DeviceState::clear() {
  freeAt = busyTime = dynamicEnergy = 0;
  launches = switches = 0;
  precision.reset();
  activities.clear();
  for (TierOccupancy &memory : memories)
    memory.clear();
}

void LinkState::clear() {
  freeAt = busyTime = energy = 0;
  bytes = 0;
  transfers = 0;
  activities.clear();
}

void Simulator::reset() {
  error.reset();
  hostCost = HostCost();
  if (devices.empty()) {
    for (const mlir::ap::DeviceModel &device : getTarget().getDevices()) {
      DeviceState &state = devices.emplace_back();
      for (const mlir::ap::MemoryModel &memory : device.memories)
        state.memories.emplace_back(memory.capacity);
    }
    links.resize(getTarget().getLinks().size());
  }
  for (DeviceState &device : devices)
    device.clear();
  for (LinkState &link : links)
    link.clear();
  buffers.clear();
  ops.clear();
  opIndex.clear();
  transfers.clear();
  transferIndex.clear();
  probes.clear();
  probeIndex.clear();
  if (storage)
    storage->reset();
  storageTotals.clear();
  storageIndex.clear();
  manager.reset();
  inferences.clear();
  openInference.reset();
}

//===----------------------------------------------------------------------===//
// Checks
//===----------------------------------------------------------------------===//

std::string Simulator::EventName::str() const {
  std::string text = function.str();
  if (name)
    text += (" '" + llvm::Twine(name) + "'").str();
  if (buffer)
    text += " of buffer " + std::to_string(*buffer);
  return text;
}

void Simulator::fail(const llvm::Twine &message) {
  if (!error)
    error = message.str();
}

void Simulator::fail(const EventName &event, const llvm::Twine &message) {
  if (!error)
    error = (event.str() + ": " + message).str();
}

mlir::InFlightDiagnostic Simulator::emitCostError() {
  return mlir::emitError(mlir::UnknownLoc::get(context.get()));
}

std::optional<unsigned> Simulator::checkDevice(const EventName &event,
                                               int32_t index) {
  size_t count = devices.size();
  if (index >= 0 && static_cast<size_t>(index) < count)
    return static_cast<unsigned>(index);
  std::string deviceNames;
  for (const mlir::ap::DeviceModel &device : getTarget().getDevices())
    deviceNames += (deviceNames.empty() ? "" : ", ") + device.name;
  fail(event, "device index " + llvm::Twine(index) +
                  " is out of range; the target has " + llvm::Twine(count) +
                  " devices (" + deviceNames + ")");
  return std::nullopt;
}

std::optional<unsigned> Simulator::checkMemory(const EventName &event,
                                               unsigned device,
                                               int32_t memory) {
  const mlir::ap::DeviceModel &model = getTarget().getDevice(device);
  size_t count = model.memories.size();
  if (memory == -1)
    return static_cast<unsigned>(count - 1);
  if (memory >= 0 && static_cast<size_t>(memory) < count)
    return static_cast<unsigned>(memory);
  fail(event, "memory index " + llvm::Twine(memory) +
                  " is out of range; device '" + model.name + "' has " +
                  llvm::Twine(count) + " memory tiers (-1 names the last one)");
  return std::nullopt;
}

std::optional<Format> Simulator::checkFormat(const EventName &event,
                                             int32_t value) {
  if (std::optional<Format> format = getFormat(value))
    return format;
  fail(event, llvm::Twine(value) +
                  " is not a format (0-10 are the ap precisions, 255 is "
                  "opaque)");
  return std::nullopt;
}

BufferState *Simulator::checkRead(const EventName &event, int64_t id,
                                  unsigned device) {
  BufferState *buffer = buffers.find(id);
  if (!buffer) {
    fail(event, "reads unknown buffer id " + llvm::Twine(id) +
                    " (never defined, or already released)");
    return nullptr;
  }
  if (buffer->device != device) {
    fail(event, "buffer " + llvm::Twine(id) + " lives on device '" +
                    getTarget().getDevice(buffer->device).name +
                    "', not on device '" + getTarget().getDevice(device).name +
                    "' that reads it; it must be transferred first");
    return nullptr;
  }
  return buffer;
}

void Simulator::reportExcess(unsigned device, unsigned memory,
                             const CapacityExcess &excess) {
  const mlir::ap::DeviceModel &model = getTarget().getDevice(device);
  std::string message;
  llvm::raw_string_ostream os(message);
  os << "out of memory: memory '" << model.memories[memory].name
     << "' of device '" << model.name << "' holds " << excess.bytes
     << " bytes at time " << formatTime(excess.time)
     << " s, over its capacity of " << model.memories[memory].capacity
     << " bytes; largest live: ";
  for (auto [i, occupant] : llvm::enumerate(excess.largest)) {
    os << (i ? ", " : "");
    const OccupantLabel &label = occupant.first;
    if (label.kind == OccupantLabel::Kind::Buffer)
      os << "buffer " << label.id;
    else
      os << "working set of '" << names.get(label.id) << "'";
    os << " (" << occupant.second << " bytes)";
  }
  fail(message);
}

//===----------------------------------------------------------------------===//
// Buffers and timelines
//===----------------------------------------------------------------------===//

const BufferState *Simulator::lookupBuffer(int64_t id) const {
  return buffers.find(id);
}

void Simulator::createBuffer(int64_t id, unsigned device, unsigned memory,
                             Format format, int64_t bytes, double start,
                             double ready) {
  if (buffers.find(id))
    releaseBuffer(id);
  Occupant occupant;
  occupant.label = {OccupantLabel::Kind::Buffer, id};
  occupant.bytes = bytes;
  occupant.start = start;
  occupant.end = ready;
  auto [index, excess] = devices[device].memories[memory].add(occupant);
  BufferState &buffer = buffers.insert(id);
  buffer.device = device;
  buffer.memory = memory;
  buffer.format = format;
  buffer.bytes = bytes;
  buffer.ready = ready;
  buffer.lastUse = ready;
  buffer.occupant = index;
  if (excess)
    reportExcess(device, memory, *excess);
}

void Simulator::useBuffer(BufferState &buffer, double time) {
  buffer.lastUse = std::max(buffer.lastUse, time);
  if (std::optional<CapacityExcess> excess =
          devices[buffer.device].memories[buffer.memory].extend(buffer.occupant,
                                                                time))
    reportExcess(buffer.device, buffer.memory, *excess);
}

void Simulator::releaseBuffer(int64_t id) {
  const BufferState &buffer = *buffers.find(id);
  devices[buffer.device].memories[buffer.memory].close(
      buffer.occupant, std::max(buffer.ready, buffer.lastUse));
  buffers.erase(id);
}

double Simulator::occupyDevice(unsigned device, double earliest,
                               double duration, const Activity &activity) {
  DeviceState &state = devices[device];
  Activity &placed = state.activities.emplace_back(activity);
  placed.start = std::max(state.freeAt, earliest);
  placed.end = placed.start + duration;
  state.freeAt = placed.end;
  state.busyTime += duration;
  state.dynamicEnergy += placed.dynamicEnergy;
  return state.freeAt;
}

void Simulator::configure(unsigned device, Format precision, unsigned name,
                          double earliest) {
  DeviceState &state = devices[device];
  if (state.precision && *state.precision != precision) {
    Activity activity;
    activity.kind = Activity::Kind::Switch;
    activity.name = name;
    activity.format = precision;
    occupyDevice(device, earliest, getCostModel().getSwitchTime(device),
                 activity);
    ++state.switches;
  }
  state.precision = precision;
}

std::string Simulator::getActivityName(const Activity &activity) const {
  if (activity.kind != Activity::Kind::Switch)
    return names.get(activity.name).str();
  return ("switch to " + getFormatName(activity.format) + " for '" +
          names.get(activity.name) + "'")
      .str();
}

//===----------------------------------------------------------------------===//
// Events
//===----------------------------------------------------------------------===//

void Simulator::define(int64_t buffer, int32_t deviceIndex, int32_t memoryIndex,
                       int32_t formatValue, int64_t bytes) {
  if (error)
    return;
  EventName event{"ap_rt_define", nullptr, buffer};
  std::optional<unsigned> device = checkDevice(event, deviceIndex);
  if (!device)
    return;
  std::optional<unsigned> memory = checkMemory(event, *device, memoryIndex);
  std::optional<Format> format = checkFormat(event, formatValue);
  if (!memory || !format)
    return;
  if (bytes < 0)
    return fail(event, "negative size " + llvm::Twine(bytes));
  double now = devices[*device].freeAt;
  createBuffer(buffer, *device, *memory, *format, bytes, now, now);
}

void Simulator::launch(const ap_rt_launch_info &info) {
  if (error)
    return;
  const char *name = info.name ? info.name : NameTable::kUnnamed.data();
  EventName event{"ap_rt_launch", name};
  std::optional<unsigned> device = checkDevice(event, info.device);
  if (!device)
    return;
  const mlir::ap::DeviceModel &model = getTarget().getDevice(*device);
  std::optional<unsigned> memory = checkMemory(event, *device, info.memory);
  std::optional<Format> precision = checkFormat(event, info.precision);
  std::optional<Format> accumulator = checkFormat(event, info.accumulator);
  if (!memory || !precision || !accumulator)
    return;
  for (Format format : {*precision, *accumulator})
    if (format != Format::Opaque &&
        !model.supports(static_cast<Precision>(format)))
      return fail(event, "device '" + model.name +
                             "' does not compute at precision '" +
                             getFormatName(format) + "'");
  if (!std::isfinite(info.time) || info.time < 0)
    return fail(event, "the time must be a finite number of seconds >= 0");
  if (info.num_reads < 0 || info.num_writes < 0 ||
      (info.num_reads > 0 && !info.reads) ||
      (info.num_writes > 0 &&
       (!info.writes || !info.write_bytes || !info.write_formats)))
    return fail(event, "the read and write lists are inconsistent with their "
                       "counts");

  llvm::SmallVectorImpl<BufferState *> &reads = readScratch;
  reads.clear();
  double start = 0;
  for (int32_t i = 0; i < info.num_reads; ++i) {
    BufferState *buffer = checkRead(event, info.reads[i], *device);
    if (!buffer)
      return;
    reads.push_back(buffer);
    start = std::max(start, buffer->ready);
  }
  llvm::SmallVectorImpl<Format> &writeFormats = writeFormatScratch;
  writeFormats.clear();
  for (int32_t i = 0; i < info.num_writes; ++i) {
    std::optional<Format> format = checkFormat(event, info.write_formats[i]);
    if (!format)
      return;
    if (info.write_bytes[i] < 0)
      return fail(event, "written buffer " + llvm::Twine(info.writes[i]) +
                             " has a negative size");
    writeFormats.push_back(*format);
  }

  unsigned nameId = names.intern(name);
  if (*precision != Format::Opaque)
    configure(*device, *precision, nameId);
  Activity activity;
  activity.kind = Activity::Kind::Launch;
  activity.name = nameId;
  activity.dynamicEnergy = info.dynamic_energy;
  activity.format = *precision;
  activity.bytes = info.bytes_read + info.bytes_written;
  double end = occupyDevice(*device, start, info.time, activity);
  DeviceState &state = devices[*device];
  start = state.activities.back().start;
  ++state.launches;

  for (BufferState *buffer : reads)
    useBuffer(*buffer, end);
  unsigned last = model.memories.size() - 1;
  if (*memory != last) {
    Occupant workingSet;
    workingSet.label = {OccupantLabel::Kind::WorkingSet, nameId};
    workingSet.bytes = info.bytes_read + info.bytes_written;
    workingSet.start = start;
    workingSet.end = end;
    workingSet.open = false;
    if (std::optional<CapacityExcess> excess =
            state.memories[*memory].add(workingSet).second)
      reportExcess(*device, *memory, *excess);
  }
  for (int32_t i = 0; i < info.num_writes; ++i)
    createBuffer(info.writes[i], *device, last, writeFormats[i],
                 info.write_bytes[i], start, end);

  auto [it, inserted] = opIndex.try_emplace(
      std::make_tuple(nameId, *device, static_cast<int32_t>(*precision)),
      ops.size());
  if (inserted) {
    OpTotals &totals = ops.emplace_back();
    totals.name = nameId;
    totals.device = *device;
    totals.precision = *precision;
  }
  OpTotals &totals = ops[it->second];
  ++totals.count;
  totals.time += info.time;
  totals.energy += info.dynamic_energy;
  totals.bytes += info.bytes_read + info.bytes_written;
}

void Simulator::transfer(const ap_rt_transfer_info &info, const void *source,
                         void *destination) {
  if (error)
    return;
  const char *name = info.name ? info.name : NameTable::kUnnamed.data();
  EventName event{"ap_rt_transfer", name};
  std::optional<unsigned> from = checkDevice(event, info.from_device);
  std::optional<unsigned> to = checkDevice(event, info.to_device);
  if (!from || !to)
    return;
  // Memory -1 prices the move from or to the device as a whole (as an
  // ap.transfer naming only the device); the destination then lives on the
  // device's last tier.
  std::optional<unsigned> fromMemory, toMemory;
  if (info.from_memory != -1 &&
      !(fromMemory = checkMemory(event, *from, info.from_memory)))
    return;
  if (info.to_memory != -1 &&
      !(toMemory = checkMemory(event, *to, info.to_memory)))
    return;
  unsigned placement =
      toMemory ? *toMemory : getTarget().getDevice(*to).memories.size() - 1;
  std::optional<unsigned> link;
  if (info.link != -1) {
    if (info.link < 0 || static_cast<size_t>(info.link) >= links.size())
      return fail(event, "link index " + llvm::Twine(info.link) +
                             " is out of range; the target has " +
                             llvm::Twine(links.size()) +
                             " links (-1 routes the move)");
    link = static_cast<unsigned>(info.link);
  }
  std::optional<Format> sourceFormat = checkFormat(event, info.source_format);
  std::optional<Format> wireFormat = checkFormat(event, info.wire_format);
  std::optional<Format> destinationFormat =
      checkFormat(event, info.destination_format);
  if (!sourceFormat || !wireFormat || !destinationFormat)
    return;
  if (!canConvert(*sourceFormat, *wireFormat) ||
      !canConvert(*wireFormat, *destinationFormat))
    return fail(event, "cannot move " + getFormatName(*sourceFormat) +
                           " values over a " + getFormatName(*wireFormat) +
                           " wire into " + getFormatName(*destinationFormat) +
                           " values; only floating-point formats convert");
  if (info.elements < 0)
    return fail(event, "negative element count " + llvm::Twine(info.elements));
  BufferState *buffer = checkRead(event, info.source, *from);
  if (!buffer)
    return;
  if (buffer->format != *sourceFormat)
    return fail(event, "buffer " + llvm::Twine(info.source) + " holds " +
                           getFormatName(buffer->format) + " values, not " +
                           getFormatName(*sourceFormat));

  // The price and the steps, exactly as the compiler plans them
  // (planTransfer, which the partitioner's prediction uses too).
  auto precisionOf = [](Format format) -> std::optional<Precision> {
    if (format == Format::Opaque)
      return std::nullopt;
    return static_cast<Precision>(format);
  };
  diagnostic.clear();
  auto emitError = [this] { return emitCostError(); };
  auto planOver = [&](Format wire) {
    return mlir::ap::planTransfer(getCostModel(), info.elements, buffer->bytes,
                                  precisionOf(*sourceFormat), precisionOf(wire),
                                  precisionOf(*destinationFormat),
                                  Endpoint{*from, fromMemory},
                                  Endpoint{*to, toMemory}, link, emitError);
  };
  mlir::FailureOr<mlir::ap::TransferPlan> plan = planOver(*wireFormat);
  // Negotiation: when the requested wire format cannot cross (no link of
  // the route carries it, an end cannot convert to or from it), the move
  // uses the first format both ends handle among the source's, the
  // destination's and f32, converting on the fly.
  std::optional<Format> negotiated;
  if (failed(plan)) {
    std::string requestedError = diagnostic;
    for (Format candidate : {*sourceFormat, *destinationFormat, Format::F32}) {
      if (candidate == *wireFormat || !canConvert(*sourceFormat, candidate) ||
          !canConvert(candidate, *destinationFormat))
        continue;
      diagnostic.clear();
      plan = planOver(candidate);
      if (succeeded(plan)) {
        negotiated = candidate;
        wireFormat = candidate;
        break;
      }
    }
    if (failed(plan))
      return fail(event, requestedError + " (and no other format both ends "
                                          "handle crosses either)");
  }

  // The data: source -> wire -> destination, each step exact.
  if (source && destination) {
    auto dataStart = std::chrono::steady_clock::now();
    llvm::scope_exit countDataTime([&] {
      hostCost.data += std::chrono::duration<double>(
                           std::chrono::steady_clock::now() - dataStart)
                           .count();
    });
    Format sf = *sourceFormat, wf = *wireFormat, df = *destinationFormat;
    llvm::Error status = llvm::Error::success();
    if (sf == wf || wf == df) {
      status = convertElements(sf, df, source, destination, info.elements,
                               buffer->bytes);
    } else {
      constexpr int64_t kChunk = 4096;
      uint32_t wire[kChunk];
      unsigned sourceBytes = getHostBytes(sf),
               destinationBytes = getHostBytes(df);
      for (int64_t done = 0; done < info.elements && !status; done += kChunk) {
        int64_t count = std::min(kChunk, info.elements - done);
        status = convertElements(
            sf, wf, static_cast<const char *>(source) + done * sourceBytes,
            wire, count);
        if (!status)
          status = convertElements(wf, df, wire,
                                   static_cast<char *>(destination) +
                                       done * destinationBytes,
                                   count);
      }
    }
    if (status)
      return fail(event, llvm::toString(std::move(status)));
  }

  // The schedule: each step on its resource, in order.
  unsigned nameId = names.intern(name);
  double time = buffer->ready;
  std::optional<double> begin;
  int64_t wireBytes = plan->wireBytes;
  bool crossed = false;
  // Seconds a scenario's link slowdowns add to the planned time.
  double slowdown = 0;
  for (const mlir::ap::TransferStep &step : plan->steps) {
    Activity activity;
    activity.name = nameId;
    activity.dynamicEnergy = step.energy;
    activity.bytes = wireBytes;
    if (step.kind != mlir::ap::TransferStep::Kind::Link) {
      activity.kind = step.kind == mlir::ap::TransferStep::Kind::Copy
                          ? Activity::Kind::Copy
                          : Activity::Kind::Conversion;
      activity.format = crossed ? *destinationFormat : *wireFormat;
      time = occupyDevice(step.resource, time, step.seconds, activity);
      if (!begin)
        begin = devices[step.resource].activities.back().start;
      continue;
    }
    LinkState &state = links[step.resource];
    activity.kind = Activity::Kind::Transfer;
    activity.format = *wireFormat;
    activity.start = std::max(state.freeAt, time);
    double seconds = step.seconds;
    // A scenario may have slowed the link down: the bytes take longer.
    if (scenario) {
      double factor = scenario->getLinkFactor(step.resource, activity.start);
      double latency = getTarget().getLink(step.resource).latency;
      if (factor != 1 && seconds > latency)
        seconds = latency + (seconds - latency) / factor;
      slowdown += seconds - step.seconds;
    }
    activity.end = activity.start + seconds;
    if (!begin)
      begin = activity.start;
    time = state.freeAt = activity.end;
    crossed = true;
    state.busyTime += seconds;
    state.energy += activity.dynamicEnergy;
    state.bytes += wireBytes;
    ++state.transfers;
    state.activities.push_back(activity);
  }

  int64_t destinationBytes =
      *destinationFormat == Format::Opaque
          ? buffer->bytes
          : getPackedBytes(*destinationFormat, info.elements);
  useBuffer(*buffer, time);
  double start = begin ? *begin : time;
  // Adaptive storage keeps f32 data arriving on an accelerator at the format
  // it chooses per batch, encoded by the destination once it has arrived
  // (so the device must compute f32). What reaches the host (results) stays.
  std::optional<Format> storedFormat;
  if (storage && destination && *destinationFormat == Format::F32 &&
      info.elements > 0 && *to != getTarget().getHost() &&
      getTarget().getDevice(*to).supports(Precision::F32)) {
    std::optional<StoredBuffer> stored =
        storeAdaptively(event, nameId, *to, static_cast<float *>(destination),
                        info.elements, info.channels, time);
    if (!stored)
      return;
    storedFormat = stored->format;
    destinationBytes = stored->bytes;
    time = stored->ready;
  }
  createBuffer(info.destination, *to, placement, *destinationFormat,
               destinationBytes, start, time);
  if (storedFormat && *storedFormat != *destinationFormat)
    buffers.find(info.destination)->storedFormat = storedFormat;

  auto [it, inserted] = transferIndex.try_emplace(nameId, transfers.size());
  if (inserted) {
    TransferTotals &totals = transfers.emplace_back();
    totals.name = nameId;
    totals.fromDevice = *from;
    totals.toDevice = *to;
  }
  TransferTotals &totals = transfers[it->second];
  if (negotiated) {
    ++totals.negotiated;
    totals.negotiatedWire = *negotiated;
  }
  ++totals.count;
  totals.time += plan->cost.time + slowdown;
  totals.energy += plan->cost.dynamicEnergy;
  totals.bytes += wireBytes;
}

std::optional<Simulator::StoredBuffer>
Simulator::storeAdaptively(const EventName &event, unsigned name,
                           unsigned device, float *data, int64_t elements,
                           int64_t channels, double ready) {
  int64_t batch = openInference ? inferences[*openInference].index : 0;
  llvm::Expected<StoredParameters> parameters = [&] {
    auto dataStart = std::chrono::steady_clock::now();
    llvm::scope_exit countDataTime([&] {
      hostCost.data += std::chrono::duration<double>(
                           std::chrono::steady_clock::now() - dataStart)
                           .count();
    });
    // An unknown channel count (0) makes the whole value one channel.
    return storage->store(names.get(name), batch, data, elements,
                          std::max<int64_t>(channels, 1));
  }();
  if (!parameters) {
    fail(event, "adaptive storage: " + llvm::toString(parameters.takeError()));
    return std::nullopt;
  }
  StoredBuffer stored;
  stored.format = parameters->format;
  // Integer formats keep a scale (f32) and a zero point (i32) per granule.
  stored.bytes = getPackedBytes(stored.format, elements) +
                 8 * static_cast<int64_t>(parameters->scales.size());
  stored.ready = ready;
  if (stored.format != Format::F32) {
    mlir::ap::Cost cost;
    diagnostic.clear();
    if (failed(
            getCostModel().addConversion(cost, elements, device, Precision::F32,
                                         static_cast<Precision>(stored.format),
                                         [this] { return emitCostError(); }))) {
      fail(event, "adaptive storage: " + llvm::Twine(diagnostic));
      return std::nullopt;
    }
    Activity activity;
    activity.kind = Activity::Kind::Conversion;
    activity.name = name;
    activity.format = stored.format;
    activity.dynamicEnergy = cost.dynamicEnergy;
    activity.bytes = stored.bytes;
    stored.ready = occupyDevice(device, ready, cost.time, activity);
  }

  auto [it, inserted] = storageIndex.try_emplace(name, storageTotals.size());
  if (inserted)
    storageTotals.emplace_back().name = name;
  StorageTotals &totals = storageTotals[it->second];
  ++totals.count;
  ++totals.byFormat[static_cast<int>(stored.format)];
  totals.bytes += stored.bytes;
  totals.f32Bytes += getPackedBytes(Format::F32, elements);
  return stored;
}

llvm::Error Simulator::setStorage(std::optional<StorageOptions> options) {
  if (!options) {
    storage.reset();
    return llvm::Error::success();
  }
  if (llvm::Error error = AdaptiveStorage::checkOptions(*options))
    return error;
  storage.emplace(std::move(*options));
  return llvm::Error::success();
}

void Simulator::release(int64_t buffer) {
  if (error)
    return;
  if (!buffers.find(buffer))
    return fail("ap_rt_release: unknown buffer id " + llvm::Twine(buffer) +
                " (never defined, or already released)");
  releaseBuffer(buffer);
}

void Simulator::switchPrecision(int32_t deviceIndex, int32_t precisionValue) {
  if (error)
    return;
  EventName event{"ap_rt_switch"};
  std::optional<unsigned> device = checkDevice(event, deviceIndex);
  std::optional<Format> precision =
      device ? checkFormat(event, precisionValue) : std::nullopt;
  if (!precision)
    return;
  const mlir::ap::DeviceModel &model = getTarget().getDevice(*device);
  if (*precision == Format::Opaque ||
      !model.supports(static_cast<Precision>(*precision)))
    return fail(event, "device '" + model.name +
                           "' does not compute at precision '" +
                           getFormatName(*precision) + "'");
  configure(*device, *precision, names.intern(event.function));
}

void Simulator::wait(int32_t deviceIndex) {
  if (error)
    return;
  double until;
  if (deviceIndex == -1) {
    until = getMakespan();
  } else {
    std::optional<unsigned> device =
        checkDevice(EventName{"ap_rt_wait"}, deviceIndex);
    if (!device)
      return;
    until = devices[*device].freeAt;
  }
  DeviceState &host = devices[getTarget().getHost()];
  host.freeAt = std::max(host.freeAt, until);
}

void Simulator::probe(const ap_rt_probe_info &info, const void *data,
                      const void *reference) {
  if (error)
    return;
  const char *name = info.name ? info.name : NameTable::kUnnamed.data();
  EventName event{"ap_rt_probe", name};
  if (!checkDevice(event, info.device))
    return;
  if (info.metric < 0 ||
      info.metric > static_cast<int32_t>(Metric::SaturationRate))
    return fail(event, llvm::Twine(info.metric) +
                           " is not a metric (0 sqnr, 1 variance, 2 entropy, "
                           "3 saturation_rate)");
  auto metric = static_cast<Metric>(info.metric);
  std::optional<Format> format = checkFormat(event, info.format);
  if (!format)
    return;
  Format referenceFormat = *format;
  if (metric == Metric::SQNR) {
    std::optional<Format> checked = checkFormat(event, info.reference_format);
    if (!checked)
      return;
    referenceFormat = *checked;
  }
  std::optional<ProbeTarget> target;
  if (info.evaluate_as) {
    std::optional<Format> as = checkFormat(event, info.as_format);
    if (!as)
      return;
    target = ProbeTarget{*as, info.as_scale, info.as_zero_point};
  }
  auto dataStart = std::chrono::steady_clock::now();
  llvm::Expected<double> value =
      target ? computeMetricAs(metric, *format, data, *target, info.elements,
                               info.sample_rate)
             : computeMetric(metric, *format, data, referenceFormat, reference,
                             info.elements, info.sample_rate);
  hostCost.data += std::chrono::duration<double>(
                       std::chrono::steady_clock::now() - dataStart)
                       .count();
  if (!value)
    return fail(event, llvm::toString(value.takeError()));
  unsigned nameId = names.intern(name);
  auto [it, inserted] = probeIndex.try_emplace(nameId, probes.size());
  if (inserted) {
    ProbeTotals &totals = probes.emplace_back();
    totals.name = nameId;
    totals.metric = info.metric;
    totals.min = totals.max = *value;
  }
  ProbeTotals &totals = probes[it->second];
  ++totals.count;
  totals.last = *value;
  totals.min = std::min(totals.min, *value);
  totals.max = std::max(totals.max, *value);
  totals.sum += *value;
  if (info.site && *info.site)
    manager.reportMetric(info.site, target ? target->format : *format, metric,
                         *value, devices[info.device].freeAt);
}

int32_t Simulator::select(const ap_rt_select_info &info) {
  int32_t fallback =
      info.default_variant >= 0 && info.default_variant < info.num_variants
          ? info.default_variant
          : 0;
  if (error)
    return fallback;
  EventName event{"ap_rt_select", info.name};
  std::optional<unsigned> device = checkDevice(event, info.device);
  if (!device)
    return fallback;
  llvm::Expected<unsigned> point = manager.lookupPoint(info);
  if (!point) {
    fail(event, llvm::toString(point.takeError()));
    return fallback;
  }
  const mlir::ap::DeviceModel &model = getTarget().getDevice(*device);
  for (int32_t index = 0; index < info.num_variants; ++index) {
    Format precision = static_cast<Format>(info.precisions[index]);
    if (precision == Format::Opaque ||
        !model.supports(static_cast<Precision>(precision))) {
      fail(event, "variant " + llvm::Twine(index) + " runs at '" +
                      getFormatName(precision) + "', which device '" +
                      model.name + "' does not compute at");
      return fallback;
    }
  }
  // The variant starts when its device is free and the host has reached the
  // switch point (an inference may arrive after the device went idle): the
  // decision is made then, on the resources used until then.
  double now =
      std::max(devices[*device].freeAt, devices[getTarget().getHost()].freeAt);
  // The policy sees the scenario's power cap in force, if any.
  PolicyOptions &options = manager.getOptions();
  double optionPowerCap = options.powerCap;
  options.powerCap = getPowerCap(now);
  llvm::scope_exit restoreCap([&] { options.powerCap = optionPowerCap; });
  ResourceSnapshot resources =
      measureResources(getTarget(), devices, links, now, options.window);
  // The open inference, if any, is the last one; the one before it is the
  // last complete one.
  InferenceStatus status;
  size_t complete = inferences.size() - (openInference ? 1 : 0);
  if (openInference)
    status.index = inferences.back().index;
  if (complete > 0)
    status.lastLatency = inferences[complete - 1].getLatency();
  llvm::Expected<unsigned> choice =
      manager.decide(*point, info, resources, status, now);
  if (!choice) {
    fail(event, llvm::toString(choice.takeError()));
    return fallback;
  }
  configure(*device, static_cast<Format>(info.precisions[*choice]),
            names.intern(info.name), now);
  return static_cast<int32_t>(*choice);
}

double Simulator::getPowerCap(double time) const {
  if (scenario)
    for (auto it = scenario->events.rbegin(); it != scenario->events.rend();
         ++it)
      if (it->kind == ScenarioEvent::Kind::PowerCap && it->time <= time)
        return it->watts;
  return manager.getOptions().powerCap;
}

double Simulator::getDynamicEnergy() const {
  double energy = 0;
  for (const DeviceState &device : devices)
    energy += device.dynamicEnergy;
  for (const LinkState &link : links)
    energy += link.energy;
  return energy;
}

void Simulator::beginInference(int64_t index, double arrival) {
  if (error)
    return;
  if (openInference)
    endInference();
  if (!std::isfinite(arrival) || arrival < 0)
    return fail("ap_rt_begin_inference: the arrival time must be a finite "
                "number of seconds >= 0");
  DeviceState &host = devices[getTarget().getHost()];
  host.freeAt = std::max(host.freeAt, arrival);
  InferenceRecord &record = inferences.emplace_back();
  record.index = index;
  record.arrival = arrival;
  record.start = host.freeAt;
  // Until the end, the energy holds the dynamic joules at the start.
  record.energy = getDynamicEnergy();
  openInference = inferences.size() - 1;
}

void Simulator::endInference() {
  if (error || !openInference)
    return;
  wait(-1);
  InferenceRecord &record = inferences[*openInference];
  record.end = std::max(record.start, getMakespan());
  double idle = 0;
  for (const mlir::ap::DeviceModel &device : getTarget().getDevices())
    idle += device.idlePower;
  record.energy =
      getDynamicEnergy() - record.energy + idle * record.getLatency();
  openInference.reset();
  InferenceStatus status;
  status.index = record.index;
  status.lastLatency = record.getLatency();
  manager.endInference(status);
}

void Simulator::observe(const ap_rt_observe_info &info, const void *data) {
  if (error || !calibration.isOn())
    return;
  EventName event{"ap_rt_observe", info.name};
  if (!info.name || !*info.name)
    return fail(event, "the observed value needs a name, its id");
  if (!checkDevice(event, info.device))
    return;
  std::optional<Format> format = checkFormat(event, info.format);
  if (!format)
    return;
  auto dataStart = std::chrono::steady_clock::now();
  llvm::Error status =
      calibration.observe(info.name, *format, data, info.elements);
  hostCost.data += std::chrono::duration<double>(
                       std::chrono::steady_clock::now() - dataStart)
                       .count();
  if (status)
    fail(event, llvm::toString(std::move(status)));
}

//===----------------------------------------------------------------------===//
// Results
//===----------------------------------------------------------------------===//

void Simulator::finish() {
  if (error)
    return;
  double makespan = getMakespan();
  for (auto [deviceIndex, device] : llvm::enumerate(devices))
    for (auto [memoryIndex, memory] : llvm::enumerate(device.memories))
      if (std::optional<CapacityExcess> excess = memory.checkRun(makespan))
        return reportExcess(deviceIndex, memoryIndex, *excess);
}

double Simulator::getMakespan() const {
  double makespan = 0;
  for (const DeviceState &device : devices)
    makespan = std::max(makespan, device.freeAt);
  for (const LinkState &link : links)
    makespan = std::max(makespan, link.freeAt);
  return makespan;
}

EnergyTotals Simulator::getEnergy() const {
  EnergyTotals totals;
  double makespan = getMakespan();
  for (auto [index, device] : llvm::enumerate(devices)) {
    totals.dynamic += device.dynamicEnergy;
    totals.idle += getTarget().getDevice(index).idlePower * makespan;
  }
  for (const LinkState &link : links)
    totals.dynamic += link.energy;
  return totals;
}

double Simulator::getDeviceEnergy(unsigned device) const {
  return devices[device].dynamicEnergy +
         getTarget().getDevice(device).idlePower * getMakespan();
}
