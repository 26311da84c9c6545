//===- PartitionReport.cpp - The "ap-partition" report --------------------===//
//
// Part of the ap project: an adaptive-precision compiler built on MLIR.
//
//===----------------------------------------------------------------------===//

#include "ap/Partitioning/PartitionReport.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/raw_ostream.h"

using namespace mlir;
using namespace mlir::ap;
namespace json = llvm::json;

static json::Value getPrecisionName(std::optional<Precision> precision) {
  if (!precision)
    return "opaque";
  return stringifyPrecision(*precision).str();
}

/// Makespan, energy and loss of a schedule.
static json::Object getTotals(const Schedule &schedule) {
  return json::Object{
      {"makespan", schedule.makespan},
      {"energy", json::Object{{"dynamic", schedule.dynamicEnergy},
                              {"static", schedule.staticEnergy},
                              {"total", schedule.getEnergy()}}},
      {"objective", schedule.objective},
      {"wire_loss", schedule.loss},
  };
}

static json::Value getFunctionReport(const FunctionPartition &partition) {
  const PartitionProblem &problem = *partition.problem;
  const PartitionSolution &solution = *partition.solution;
  const Schedule &schedule = *partition.schedule;
  const TargetModel &target = problem.model->getTarget();

  json::Array devices;
  for (auto [index, device] : llvm::enumerate(target.getDevices())) {
    const DeviceUsage &usage = schedule.devices[index];
    json::Array ops;
    for (unsigned task : solution.order)
      if (solution.devices[task] == index)
        ops.push_back(problem.tasks[task].name);
    json::Array memories;
    for (auto [tier, memory] : llvm::enumerate(device.memories))
      memories.push_back(json::Object{
          {"name", memory.name},
          {"capacity", static_cast<int64_t>(memory.capacity)},
          {"weight_bytes", usage.weightBytes[tier]},
          {"high_water", usage.highWater[tier]},
      });
    devices.push_back(json::Object{
        {"name", device.name},
        {"ops", std::move(ops)},
        {"launches", usage.launches},
        {"switches", usage.switches},
        {"busy_time", usage.busyTime},
        {"utilization",
         schedule.makespan > 0 ? usage.busyTime / schedule.makespan : 0.0},
        {"dynamic_energy", usage.dynamicEnergy},
        {"memories", std::move(memories)},
    });
  }

  json::Array links;
  for (auto [index, link] : llvm::enumerate(target.getLinks())) {
    const LinkUsage &usage = schedule.links[index];
    links.push_back(json::Object{
        {"name", link.name},
        {"bytes", usage.bytes},
        {"busy_time", usage.busyTime},
        {"transfers", usage.transfers},
        {"energy", usage.energy},
    });
  }

  json::Array tasks;
  for (unsigned task : solution.order) {
    const PartitionTask &info = problem.tasks[task];
    unsigned device = solution.devices[task];
    // Why there: its time on every device that can run it.
    json::Object times;
    for (auto [candidate, cost] : llvm::enumerate(info.costs))
      if (cost && problem.canRun(task, candidate))
        times[target.getDevice(candidate).name] =
            cost->getTime(cost->naturalTier);
    tasks.push_back(json::Object{
        {"times", std::move(times)},
        {"name", info.name},
        {"device", target.getDevice(device).name},
        {"precision", getPrecisionName(info.precision)},
        {"start", schedule.taskStart[task]},
        {"end", schedule.taskEnd[task]},
        {"memory",
         target.getDevice(device).memories[schedule.taskTier[task]].name},
    });
  }

  json::Array transfers;
  for (const ScheduledTransfer &transfer : schedule.transfers) {
    const PartitionValue &value = problem.values[transfer.value];
    json::Array route;
    for (unsigned link : transfer.route)
      route.push_back(target.getLink(link).name);
    transfers.push_back(json::Object{
        {"value", value.name},
        {"from", target.getDevice(transfer.from).name},
        {"to", target.getDevice(transfer.to).name},
        {"stored", getPrecisionName(value.precision)},
        {"wire", getPrecisionName(transfer.wire)},
        {"bytes", transfer.wireBytes},
        {"route", std::move(route)},
        {"start", transfer.start},
        {"end", transfer.end},
        {"energy", transfer.energy},
        {"for", transfer.beforeTask
                    ? json::Value(problem.tasks[*transfer.beforeTask].name)
                    : json::Value("result")},
    });
  }

  json::Array baselines;
  for (const PartitionBaseline &baseline : partition.baselines) {
    json::Object entry{{"name", baseline.name}};
    if (baseline.schedule) {
      json::Object totals = getTotals(*baseline.schedule);
      for (auto &member : totals)
        entry.try_emplace(member.first, std::move(member.second));
    } else {
      entry["infeasible"] = baseline.reason;
    }
    baselines.push_back(std::move(entry));
  }

  json::Object report = getTotals(schedule);
  report["function"] = partition.function;
  report["algorithm"] = partition.algorithm;
  report["loss_budget"] = problem.lossBudget;
  report["evaluations"] = partition.evaluations;
  report["seconds"] = partition.seconds;
  report["devices"] = std::move(devices);
  report["links"] = std::move(links);
  report["ops"] = std::move(tasks);
  report["transfers"] = std::move(transfers);
  report["baselines"] = std::move(baselines);
  return report;
}

json::Value mlir::ap::getPartitionReport(ArrayRef<FunctionPartition> functions,
                                         StringRef objective) {
  json::Array entries;
  for (const FunctionPartition &partition : functions)
    entries.push_back(getFunctionReport(partition));
  return json::Object{{"format", "ap-partition"},
                      {"version", 1},
                      {"objective", objective},
                      {"functions", std::move(entries)}};
}

llvm::Error mlir::ap::writePartitionReport(const json::Value &report,
                                           StringRef path) {
  // writeToOutput writes a temporary file and renames it into place.
  return llvm::writeToOutput(path, [&](llvm::raw_ostream &os) {
    os << llvm::formatv("{0:2}", report) << "\n";
    return llvm::Error::success();
  });
}
