//===- Stats.cpp - Run statistics as JSON ---------------------------------===//
//
// Part of the ap project: an adaptive-precision compiler built on MLIR.
//
//===----------------------------------------------------------------------===//

#include "ap/Runtime/Stats.h"
#include "ap/Runtime/Probes.h"
#include "ap/Runtime/Simulator.h"

#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/raw_ostream.h"

#include <cmath>

using namespace ap::rt;
using llvm::json::Array;
using llvm::json::Object;
using llvm::json::Value;

Value ap::rt::jsonNumber(double value) {
  if (!std::isfinite(value))
    return nullptr;
  return value;
}

std::string ap::rt::formatJSON(const Value &value) {
  std::string text;
  llvm::raw_string_ostream os(text);
  os << llvm::formatv("{0:2}", value) << "\n";
  return text;
}

llvm::Error ap::rt::writeFile(llvm::StringRef path, llvm::StringRef text) {
  return llvm::writeToOutput(path, [&](llvm::raw_ostream &os) {
    os << text;
    return llvm::Error::success();
  });
}

/// busy / makespan, 0 for an empty run.
static double getUtilization(double busy, double makespan) {
  return makespan > 0 ? busy / makespan : 0.0;
}

Value ap::rt::buildStats(const Simulator &simulator) {
  const mlir::ap::TargetModel &target = simulator.getTarget();
  double makespan = simulator.getMakespan();
  EnergyTotals energy = simulator.getEnergy();

  Array devices;
  for (auto [index, device] : llvm::enumerate(simulator.getDevices())) {
    const mlir::ap::DeviceModel &model = target.getDevice(index);
    Array memories;
    for (auto [tier, memory] : llvm::enumerate(device.memories))
      memories.push_back(Object{
          {"name", model.memories[tier].name},
          {"capacity", static_cast<int64_t>(memory.getCapacity())},
          {"high_water", memory.getHighWater(makespan)},
      });
    devices.push_back(Object{
        {"name", model.name},
        {"busy_time", jsonNumber(device.busyTime)},
        {"utilization", jsonNumber(getUtilization(device.busyTime, makespan))},
        {"energy", jsonNumber(simulator.getDeviceEnergy(index))},
        {"dynamic_energy", jsonNumber(device.dynamicEnergy)},
        {"launches", static_cast<int64_t>(device.launches)},
        {"switches", static_cast<int64_t>(device.switches)},
        {"precision", device.precision ? Value(getFormatName(*device.precision))
                                       : Value(nullptr)},
        {"memories", std::move(memories)},
    });
  }

  Array links;
  for (auto [index, link] : llvm::enumerate(simulator.getLinks()))
    links.push_back(Object{
        {"name", target.getLink(index).name},
        {"bytes", link.bytes},
        {"busy_time", jsonNumber(link.busyTime)},
        {"utilization", jsonNumber(getUtilization(link.busyTime, makespan))},
        {"transfers", static_cast<int64_t>(link.transfers)},
        {"energy", jsonNumber(link.energy)},
    });

  Array ops;
  for (const OpTotals &op : simulator.getOps())
    ops.push_back(Object{
        {"name", simulator.getName(op.name).str()},
        {"device", target.getDevice(op.device).name},
        {"precision", getFormatName(op.precision)},
        {"count", static_cast<int64_t>(op.count)},
        {"time", jsonNumber(op.time)},
        {"energy", jsonNumber(op.energy)},
        {"bytes", op.bytes},
    });

  Array transfers;
  for (const TransferTotals &transfer : simulator.getTransfers())
    transfers.push_back(Object{
        {"name", simulator.getName(transfer.name).str()},
        {"from", target.getDevice(transfer.fromDevice).name},
        {"to", target.getDevice(transfer.toDevice).name},
        {"count", static_cast<int64_t>(transfer.count)},
        {"time", jsonNumber(transfer.time)},
        {"energy", jsonNumber(transfer.energy)},
        {"bytes", transfer.bytes},
        {"negotiated", static_cast<int64_t>(transfer.negotiated)},
        {"negotiated_wire", transfer.negotiated
                                ? Value(getFormatName(transfer.negotiatedWire))
                                : Value(nullptr)},
    });

  Array probes;
  for (const ProbeTotals &probe : simulator.getProbes())
    probes.push_back(Object{
        {"name", simulator.getName(probe.name).str()},
        {"metric", getMetricName(static_cast<Metric>(probe.metric))},
        {"count", static_cast<int64_t>(probe.count)},
        {"last", jsonNumber(probe.last)},
        {"min", jsonNumber(probe.min)},
        {"max", jsonNumber(probe.max)},
        {"mean", jsonNumber(probe.sum / static_cast<double>(probe.count))},
    });

  // Adaptive precision: the policy, the switch points and their decisions,
  // and the inferences.
  const PrecisionManager &manager = simulator.getPrecisionManager();
  Array points;
  for (const SwitchPoint &point : manager.getPoints()) {
    Array variants;
    for (auto [variant, runs] : llvm::zip(point.variants, point.runs))
      variants.push_back(Object{{"precision", getFormatName(variant.precision)},
                                {"loss", jsonNumber(variant.loss)},
                                {"time", jsonNumber(variant.time)},
                                {"energy", jsonNumber(variant.energy)},
                                {"bytes", variant.bytes},
                                {"runs", static_cast<int64_t>(runs)}});
    points.push_back(
        Object{{"name", point.name},
               {"device", target.getDevice(point.device).name},
               {"default", static_cast<int64_t>(point.defaultVariant)},
               {"current", static_cast<int64_t>(point.current)},
               {"executions", static_cast<int64_t>(point.executions)},
               {"switches", static_cast<int64_t>(point.switches)},
               {"variants", std::move(variants)}});
  }
  Array decisions;
  for (const Decision &decision : manager.getDecisions()) {
    const SwitchPoint &point = manager.getPoints()[decision.point];
    decisions.push_back(
        Object{{"time", jsonNumber(decision.time)},
               {"inference", decision.inference},
               {"point", point.name},
               {"from", getFormatName(point.variants[decision.from].precision)},
               {"to", getFormatName(point.variants[decision.to].precision)},
               {"reason", decision.reason}});
  }
  Array inferences;
  for (const InferenceRecord &record : simulator.getInferences())
    inferences.push_back(Object{{"index", record.index},
                                {"arrival", jsonNumber(record.arrival)},
                                {"start", jsonNumber(record.start)},
                                {"end", jsonNumber(record.end)},
                                {"latency", jsonNumber(record.getLatency())},
                                {"energy", jsonNumber(record.energy)}});

  // Adaptive storage: its options, and per value what it chose and the
  // parameters of the last batch stored (its history's newest entry).
  Value storage = nullptr;
  if (const AdaptiveStorage *adaptive = simulator.getStorage()) {
    const StorageOptions &options = adaptive->getOptions();
    Array candidates, values;
    for (Format format : options.candidates)
      candidates.push_back(getFormatName(format));
    for (const StorageTotals &totals : simulator.getStorageTotals()) {
      llvm::StringRef name = simulator.getName(totals.name);
      Object chosen;
      for (auto [index, count] : llvm::enumerate(totals.byFormat))
        if (count)
          chosen[getFormatName(static_cast<Format>(index))] =
              static_cast<int64_t>(count);
      Value last = nullptr;
      const HistoryBuffer *history = adaptive->getHistory(name);
      if (history && history->size()) {
        const StoredParameters &entry = history->getEntries().back();
        Array scales, zeroPoints;
        for (double scale : entry.scales)
          scales.push_back(jsonNumber(scale));
        for (int64_t zeroPoint : entry.zeroPoints)
          zeroPoints.push_back(zeroPoint);
        last = Object{{"batch", entry.batch},
                      {"format", getFormatName(entry.format)},
                      {"scales", std::move(scales)},
                      {"zero_points", std::move(zeroPoints)}};
      }
      values.push_back(Object{
          {"name", name.str()},
          {"batches", static_cast<int64_t>(totals.count)},
          {"chosen", std::move(chosen)},
          {"bytes", totals.bytes},
          {"f32_bytes", totals.f32Bytes},
          {"history", static_cast<int64_t>(history ? history->size() : 0)},
          {"last", std::move(last)}});
    }
    storage =
        Object{{"window", static_cast<int64_t>(options.window)},
               {"granularity",
                options.granularity == StorageGranularity::Channel ? "channel"
                                                                   : "tensor"},
               {"min_sqnr", jsonNumber(options.minSqnr)},
               {"formats", std::move(candidates)},
               {"history", static_cast<int64_t>(options.historyCapacity)},
               {"values", std::move(values)}};
  }

  const std::optional<std::string> &error = simulator.getError();
  const HostCost &host = simulator.getHostCost();
  return Object{
      {"format", kStatsFormatName},
      {"version", kStatsFormatVersion},
      {"error", error ? Value(*error) : Value(nullptr)},
      {"makespan", jsonNumber(makespan)},
      {"energy", Object{{"dynamic", jsonNumber(energy.dynamic)},
                        {"static", jsonNumber(energy.idle)},
                        {"total", jsonNumber(energy.getTotal())}}},
      {"devices", std::move(devices)},
      {"links", std::move(links)},
      {"ops", std::move(ops)},
      {"transfers", std::move(transfers)},
      {"probes", std::move(probes)},
      {"adaptive", Object{{"policy", getPolicyName(manager.getPolicy())},
                          {"points", std::move(points)},
                          {"decisions", std::move(decisions)}}},
      {"inferences", std::move(inferences)},
      {"storage", std::move(storage)},
      {"host", Object{{"events", static_cast<int64_t>(host.events)},
                      {"bookkeeping_time", jsonNumber(host.getBookkeeping())},
                      {"data_time", jsonNumber(host.data)}}},
  };
}
