//===- Trace.cpp - Timelines as Chrome trace events -----------------------===//
//
// Part of the ap project: an adaptive-precision compiler built on MLIR.
//
//===----------------------------------------------------------------------===//

#include "ap/Runtime/Trace.h"
#include "ap/Runtime/Simulator.h"
#include "ap/Runtime/Stats.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/FormatVariadic.h"

using namespace ap::rt;
using llvm::json::Array;
using llvm::json::Object;
using llvm::json::Value;

/// Microseconds, the unit of trace timestamps.
static double toMicroseconds(double seconds) { return seconds * 1.0e6; }

/// The category of an activity's events.
static llvm::StringRef getCategory(Activity::Kind kind) {
  switch (kind) {
  case Activity::Kind::Launch:
    return "launch";
  case Activity::Kind::Switch:
    return "switch";
  case Activity::Kind::Transfer:
    return "transfer";
  case Activity::Kind::Conversion:
    return "conversion";
  case Activity::Kind::Copy:
    return "copy";
  }
  llvm_unreachable("unknown activity kind");
}

/// The metadata events naming process `pid` and its single thread.
static void addProcess(Array &events, int64_t pid, const std::string &name) {
  events.push_back(Object{{"name", "process_name"},
                          {"ph", "M"},
                          {"pid", pid},
                          {"tid", 0},
                          {"args", Object{{"name", name}}}});
  events.push_back(Object{{"name", "process_sort_index"},
                          {"ph", "M"},
                          {"pid", pid},
                          {"tid", 0},
                          {"args", Object{{"sort_index", pid}}}});
  events.push_back(Object{{"name", "thread_name"},
                          {"ph", "M"},
                          {"pid", pid},
                          {"tid", 0},
                          {"args", Object{{"name", "timeline"}}}});
}

/// The complete event of `activity` of `simulator` in process `pid`.
static Value getCompleteEvent(const Simulator &simulator,
                              const Activity &activity, int64_t pid) {
  Object args{{"bytes", activity.bytes},
              {"dynamic_energy_j", jsonNumber(activity.dynamicEnergy)}};
  if (activity.format != Format::Opaque)
    args["format"] = getFormatName(activity.format);
  return Object{{"name", simulator.getActivityName(activity)},
                {"cat", getCategory(activity.kind)},
                {"ph", "X"},
                {"ts", toMicroseconds(activity.start)},
                {"dur", toMicroseconds(activity.end - activity.start)},
                {"pid", pid},
                {"tid", 0},
                {"args", std::move(args)}};
}

/// A counter event of process `pid`.
static Value getCounterEvent(llvm::StringRef name, int64_t pid, double time,
                             llvm::StringRef series, Value value) {
  return Object{{"name", name.str()},
                {"ph", "C"},
                {"ts", toMicroseconds(time)},
                {"pid", pid},
                {"tid", 0},
                {"args", Object{{series, std::move(value)}}}};
}

Value ap::rt::buildTrace(const Simulator &simulator) {
  const mlir::ap::TargetModel &target = simulator.getTarget();
  double makespan = simulator.getMakespan();
  Array events;
  size_t numDevices = simulator.getDevices().size();

  for (auto [index, device] : llvm::enumerate(simulator.getDevices())) {
    const mlir::ap::DeviceModel &model = target.getDevice(index);
    int64_t pid = static_cast<int64_t>(index) + 1;
    addProcess(events, pid, "device " + model.name);
    for (const Activity &activity : device.activities)
      events.push_back(getCompleteEvent(simulator, activity, pid));

    // Power: idle, plus the dynamic energy of what runs spread over its
    // duration.
    double idle = model.idlePower;
    events.push_back(getCounterEvent("power", pid, 0, "watts", idle));
    for (const Activity &activity : device.activities) {
      double duration = activity.end - activity.start;
      if (duration <= 0)
        continue;
      events.push_back(getCounterEvent(
          "power", pid, activity.start, "watts",
          jsonNumber(idle + activity.dynamicEnergy / duration)));
      events.push_back(
          getCounterEvent("power", pid, activity.end, "watts", idle));
    }

    // Occupancy of each memory tier.
    for (auto [tier, memory] : llvm::enumerate(device.memories)) {
      std::string name = "memory " + model.memories[tier].name;
      for (const auto &[time, bytes] : memory.getSteps(makespan))
        events.push_back(getCounterEvent(name, pid, time, "bytes", bytes));
    }
  }

  for (auto [index, link] : llvm::enumerate(simulator.getLinks())) {
    int64_t pid = static_cast<int64_t>(numDevices + index) + 1;
    addProcess(events, pid, "link " + target.getLink(index).name);
    for (const Activity &activity : link.activities)
      events.push_back(getCompleteEvent(simulator, activity, pid));
  }

  // How the precision manager reacted: an instant event per change of
  // variant on the device of its switch point, and the scenario's events
  // across the whole trace.
  const PrecisionManager &manager = simulator.getPrecisionManager();
  for (const Decision &decision : manager.getDecisions()) {
    const SwitchPoint &point = manager.getPoints()[decision.point];
    std::string name =
        (point.name + ": " +
         getFormatName(point.variants[decision.from].precision) + " -> " +
         getFormatName(point.variants[decision.to].precision))
            .str();
    events.push_back(
        Object{{"name", name},
               {"cat", "decision"},
               {"ph", "i"},
               {"s", "p"},
               {"ts", toMicroseconds(decision.time)},
               {"pid", static_cast<int64_t>(point.device) + 1},
               {"tid", 0},
               {"args", Object{{"reason", decision.reason},
                               {"inference", decision.inference}}}});
  }
  if (const std::optional<Scenario> &scenario = simulator.getScenario())
    for (const ScenarioEvent &event : scenario->events) {
      if (event.time > makespan)
        continue;
      std::string name;
      switch (event.kind) {
      case ScenarioEvent::Kind::LinkBandwidth:
        name = llvm::formatv("link {0} bandwidth x{1}",
                             target.getLink(event.link).name, event.factor);
        break;
      case ScenarioEvent::Kind::PowerCap:
        // Watts to 3 significant digits, as in the decisions' reasons: a
        // cap of 38 mW reads 0.038 W.
        llvm::raw_string_ostream(name)
            << llvm::format("power cap %.3g W", event.watts);
        break;
      case ScenarioEvent::Kind::InputShift:
        name = llvm::formatv("input shift x{0} +{1} noise {2}", event.scale,
                             event.offset, event.noise);
        break;
      }
      events.push_back(Object{{"name", name},
                              {"cat", "scenario"},
                              {"ph", "i"},
                              {"s", "g"},
                              {"ts", toMicroseconds(event.time)},
                              {"pid", 1},
                              {"tid", 0}});
    }

  return Object{{"traceEvents", std::move(events)}, {"displayTimeUnit", "ns"}};
}
