//===- ScheduleEvaluator.cpp - The predicted run of a partition -----------===//
//
// Part of the ap project: an adaptive-precision compiler built on MLIR.
//
//===----------------------------------------------------------------------===//
//
// The rules are those of the runtime (runtime/lib/Simulator.cpp), with the
// same floating-point operations in the same order, so that the prediction
// equals the simulation; see the header for the rules and the memory plan.
//
//===----------------------------------------------------------------------===//

#include "ap/Partitioning/ScheduleEvaluator.h"
#include "PartitionState.h"

#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/Location.h"
#include "mlir/IR/MLIRContext.h"

#include "llvm/Support/FormatVariadic.h"

#include <cmath>
#include <limits>
#include <map>
#include <tuple>

using namespace mlir;
using namespace mlir::ap;
using namespace mlir::ap::partition;

struct ScheduleEvaluator::Impl {
  MLIRContext context{MLIRContext::Threading::DISABLED};
  using PlanKey = std::tuple<int64_t, int64_t, int, int, unsigned, unsigned>;
  std::map<PlanKey, std::optional<TransferPlan>> plans;
  /// The plan of each (value, from, to) at the stored precision, once
  /// looked up (kUnknown before): the fast path of the evaluations.
  std::vector<const TransferPlan *> storedPlans;
  static inline const TransferPlan *const kUnknown =
      reinterpret_cast<const TransferPlan *>(alignof(TransferPlan));
  SimulationState state;
  MemoryPlan memory;
};

ScheduleEvaluator::ScheduleEvaluator(const PartitionProblem &problem)
    : problem(problem), impl(std::make_unique<Impl>()) {}

ScheduleEvaluator::~ScheduleEvaluator() = default;

const TransferPlan *
ScheduleEvaluator::getTransferPlan(unsigned value, unsigned from, unsigned to,
                                   std::optional<Precision> wire) {
  const PartitionValue &info = problem.values[value];
  const TransferPlan **fast = nullptr;
  if (!wire || wire == info.precision) {
    size_t devices = problem.getNumDevices();
    if (impl->storedPlans.empty())
      impl->storedPlans.assign(problem.values.size() * devices * devices,
                               Impl::kUnknown);
    fast = &impl->storedPlans[(value * devices + from) * devices + to];
    if (*fast != Impl::kUnknown)
      return *fast;
  }
  std::optional<Precision> crossing = wire ? wire : info.precision;
  Impl::PlanKey key{info.elements,
                    info.bytes,
                    info.precision ? static_cast<int>(*info.precision) : -1,
                    crossing ? static_cast<int>(*crossing) : -1,
                    from,
                    to};
  auto [it, inserted] = impl->plans.try_emplace(key);
  if (inserted) {
    ScopedDiagnosticHandler silence(&impl->context,
                                    [](Diagnostic &) { return success(); });
    FailureOr<TransferPlan> plan =
        planTransfer(*problem.model, info.elements, info.bytes, info.precision,
                     crossing, info.precision, Endpoint{from, std::nullopt},
                     Endpoint{to, std::nullopt}, std::nullopt, [&] {
                       return mlir::emitError(UnknownLoc::get(&impl->context));
                     });
    if (succeeded(plan))
      it->second = std::move(*plan);
  }
  const TransferPlan *result = it->second ? &*it->second : nullptr;
  if (fast)
    *fast = result;
  return result;
}

//===----------------------------------------------------------------------===//
// Memory plan
//===----------------------------------------------------------------------===//

void partition::planMemory(const PartitionProblem &problem,
                           ArrayRef<unsigned> devices, MemoryPlan &plan) {
  const TargetModel &target = problem.model->getTarget();
  unsigned numDevices = target.getDevices().size();
  plan.taskTier.assign(problem.tasks.size(), 0);
  plan.weightTiers.clear();
  plan.resident.assign(numDevices, {});
  plan.reserve.assign(numDevices, {});
  plan.uses.clear();
  for (unsigned device = 0; device < numDevices; ++device) {
    size_t tiers = target.getDevice(device).memories.size();
    plan.resident[device].assign(tiers, 0);
    plan.reserve[device].assign(tiers, 0);
  }
  // Uses of each weight per device, and the working sets to reserve room
  // for.
  for (auto [task, info] : llvm::enumerate(problem.tasks)) {
    unsigned device = devices[task];
    const TaskDeviceCost &cost = *info.costs[device];
    SmallVector<int64_t, 3> &reserve = plan.reserve[device];
    for (unsigned tier = cost.naturalTier; tier + 1 < reserve.size(); ++tier)
      reserve[tier] = std::max(reserve[tier], cost.workingSetBytes);
    for (unsigned weight : info.weights)
      ++plan.uses[{weight, device}];
  }
  // Most used first, then smallest, then by index; per device.
  SmallVector<std::pair<unsigned, unsigned>> order;
  for (auto &[key, count] : plan.uses)
    order.push_back(key);
  llvm::sort(order, [&](const auto &a, const auto &b) {
    if (a.second != b.second)
      return a.second < b.second;
    unsigned ua = plan.uses.lookup(a), ub = plan.uses.lookup(b);
    if (ua != ub)
      return ua > ub;
    int64_t ba = problem.weights[a.first].bytes,
            bb = problem.weights[b.first].bytes;
    if (ba != bb)
      return ba < bb;
    return a.first < b.first;
  });
  for (auto [weight, device] : order) {
    const DeviceModel &model = target.getDevice(device);
    unsigned last = model.memories.size() - 1;
    int64_t bytes = problem.weights[weight].bytes;
    unsigned chosen = last;
    for (unsigned tier = 0; tier < last; ++tier) {
      auto capacity = static_cast<int64_t>(
          std::min<uint64_t>(model.memories[tier].capacity, INT64_MAX));
      if (plan.resident[device][tier] + bytes + plan.reserve[device][tier] <=
          capacity) {
        chosen = tier;
        break;
      }
    }
    plan.resident[device][chosen] += bytes;
    plan.weightTiers[{weight, device}] = chosen;
  }
  for (auto [task, info] : llvm::enumerate(problem.tasks)) {
    unsigned device = devices[task];
    unsigned tier = info.costs[device]->naturalTier;
    for (unsigned weight : info.weights)
      tier = std::max(tier, plan.weightTiers.lookup({weight, device}));
    plan.taskTier[task] = tier;
  }
}

//===----------------------------------------------------------------------===//
// Simulation
//===----------------------------------------------------------------------===//

void SimulationState::reset(const PartitionProblem &problem) {
  const TargetModel &target = problem.model->getTarget();
  numDevices = target.getDevices().size();
  deviceFree.assign(numDevices, 0.0);
  deviceBusy.assign(numDevices, 0.0);
  deviceEnergy.assign(numDevices, 0.0);
  launches.assign(numDevices, 0);
  switches.assign(numDevices, 0);
  configured.assign(numDevices, -1);
  linkFree.assign(target.getLinks().size(), 0.0);
  copyReady.assign(problem.values.size() * numDevices,
                   std::numeric_limits<double>::quiet_NaN());
  copyBegins.assign(copyReady.size(), 0.0);
  valueReady.assign(problem.values.size(), 0.0);
  taskStart.assign(problem.tasks.size(), 0.0);
  taskEnd.assign(problem.tasks.size(), 0.0);
  dynamicEnergy = 0;
  loss = 0;
  transfers.clear();
}

double SimulationState::runTransfer(const TransferPlan &plan, double ready,
                                    double &begin,
                                    SmallVectorImpl<unsigned> *route,
                                    std::vector<LinkUsage> *links) {
  double time = ready;
  bool started = false;
  for (const TransferStep &step : plan.steps) {
    double start;
    if (step.kind == TransferStep::Kind::Link) {
      double &free = linkFree[step.resource];
      start = std::max(free, time);
      time = free = start + step.seconds;
      if (route)
        route->push_back(step.resource);
      if (links) {
        LinkUsage &usage = (*links)[step.resource];
        usage.busyTime += step.seconds;
        usage.energy += step.energy;
        usage.bytes += plan.wireBytes;
        ++usage.transfers;
      }
    } else {
      double &free = deviceFree[step.resource];
      start = std::max(free, time);
      time = free = start + step.seconds;
      deviceBusy[step.resource] += step.seconds;
      deviceEnergy[step.resource] += step.energy;
    }
    dynamicEnergy += step.energy;
    if (!started) {
      begin = start;
      started = true;
    }
  }
  if (!started)
    begin = time;
  return time;
}

double SimulationState::runLaunch(const PartitionProblem &problem,
                                  unsigned task, unsigned device, unsigned tier,
                                  double inputsReady) {
  const PartitionTask &info = problem.tasks[task];
  const DeviceModel &model = problem.model->getTarget().getDevice(device);
  if (info.precision) {
    int precision = static_cast<int>(*info.precision);
    if (configured[device] >= 0 && configured[device] != precision) {
      // The switch starts when the device is free, whatever the inputs.
      deviceFree[device] += model.switchLatency;
      deviceBusy[device] += model.switchLatency;
      ++switches[device];
    }
    configured[device] = precision;
  }
  const TaskDeviceCost &cost = *info.costs[device];
  double time = cost.getTime(tier);
  double energy = cost.getEnergy(tier);
  double &free = deviceFree[device];
  double start = std::max(free, inputsReady);
  free = start + time;
  deviceBusy[device] += time;
  deviceEnergy[device] += energy;
  dynamicEnergy += energy;
  ++launches[device];
  lastStart = start;
  return free;
}

double SimulationState::getMakespan() const {
  double makespan = 0;
  for (double free : deviceFree)
    makespan = std::max(makespan, free);
  for (double free : linkFree)
    makespan = std::max(makespan, free);
  return makespan;
}

/// Computes the high-water mark of every device's last tier (exactly when
/// `exact`, else only where a quick upper bound exceeds the capacity) and
/// says which overflows, if any.
static std::string checkLastTiers(const PartitionProblem &problem,
                                  const PartitionSolution &solution,
                                  SimulationState &state,
                                  const MemoryPlan &memory, double makespan,
                                  bool exact) {
  const TargetModel &target = problem.model->getTarget();
  unsigned numDevices = state.numDevices;
  unsigned host = target.getHost();
  auto homeOf = [&](unsigned value) {
    const PartitionValue &info = problem.values[value];
    return info.producer ? solution.devices[*info.producer] : host;
  };
  // Upper bound: every buffer of the device live at once.
  std::vector<int64_t> total(numDevices, 0);
  for (auto [index, value] : llvm::enumerate(problem.values)) {
    unsigned home = homeOf(index);
    total[home] += value.bytes;
    for (unsigned device = 0; device < numDevices; ++device)
      if (device != home &&
          !std::isnan(state.copyReady[index * numDevices + device]))
        total[device] += value.bytes;
  }
  state.lastTierPeak.assign(numDevices, 0);
  std::vector<double> lastUse;
  bool lastUseKnown = false;
  for (unsigned device = 0; device < numDevices; ++device) {
    const DeviceModel &model = target.getDevice(device);
    unsigned last = model.memories.size() - 1;
    int64_t weights = memory.resident[device][last];
    auto capacity = static_cast<int64_t>(
        std::min<uint64_t>(model.memories[last].capacity, INT64_MAX));
    if (!exact && weights + total[device] <= capacity) {
      state.lastTierPeak[device] = weights + total[device];
      continue;
    }
    if (!lastUseKnown) {
      // The end of the last reader of each buffer (value, device).
      lastUse.assign(problem.values.size() * numDevices, 0.0);
      for (auto [task, info] : llvm::enumerate(problem.tasks))
        for (unsigned value : info.inputs) {
          double &use = lastUse[value * numDevices + solution.devices[task]];
          use = std::max(use, state.taskEnd[task]);
        }
      for (const SimulationState::Transfer &transfer : state.transfers) {
        double &use = lastUse[transfer.value * numDevices + transfer.from];
        use = std::max(use, transfer.end);
      }
      for (unsigned value : problem.results)
        for (unsigned d = 0; d < numDevices; ++d)
          lastUse[value * numDevices + d] = makespan;
      lastUseKnown = true;
    }
    // Intervals [created, max(ready, last use)) of the device's buffers.
    SmallVector<std::pair<double, int64_t>> events;
    for (auto [index, value] : llvm::enumerate(problem.values)) {
      double created, ready;
      if (homeOf(index) == device) {
        created = value.producer ? state.taskStart[*value.producer] : 0.0;
        ready = state.valueReady[index];
      } else {
        ready = state.copyReady[index * numDevices + device];
        if (std::isnan(ready))
          continue;
        created = state.copyBegin(index, device);
      }
      double end = std::max(ready, lastUse[index * numDevices + device]);
      events.push_back({created, value.bytes});
      events.push_back({end, -value.bytes});
    }
    // Ends before starts at equal times.
    llvm::sort(events, [](const auto &a, const auto &b) {
      return a.first != b.first ? a.first < b.first : a.second < b.second;
    });
    int64_t live = 0, peak = 0;
    for (auto [time, bytes] : events) {
      live += bytes;
      peak = std::max(peak, live);
    }
    state.lastTierPeak[device] = weights + peak;
  }
  for (unsigned device = 0; device < numDevices; ++device) {
    const DeviceModel &model = target.getDevice(device);
    const MemoryModel &tier = model.memories.back();
    if (static_cast<uint64_t>(state.lastTierPeak[device]) > tier.capacity)
      return ("device '" + model.name + "': memory '" + tier.name +
              "' would hold " + Twine(state.lastTierPeak[device]) + " bytes (" +
              Twine(memory.resident[device].back()) +
              " of weights), over its capacity of " + Twine(tier.capacity) +
              " bytes")
          .str();
  }
  return "";
}

/// Fills the high-water marks of `schedule` from the memory plan and the
/// last tiers' peaks.
static void fillHighWater(const PartitionProblem &problem,
                          const PartitionSolution &solution,
                          const MemoryPlan &memory,
                          const SimulationState &state, Schedule &schedule) {
  for (auto [device, usage] : llvm::enumerate(schedule.devices)) {
    usage.highWater.assign(usage.weightBytes.begin(), usage.weightBytes.end());
    usage.highWater.back() = state.lastTierPeak[device];
  }
  // A launch's working set sits next to the weights of its tier.
  std::vector<SmallVector<int64_t, 3>> largest(schedule.devices.size());
  for (auto [device, usage] : llvm::enumerate(schedule.devices))
    largest[device].assign(usage.highWater.size(), 0);
  for (auto [task, info] : llvm::enumerate(problem.tasks)) {
    unsigned device = solution.devices[task];
    unsigned tier = memory.taskTier[task];
    if (tier + 1 < largest[device].size())
      largest[device][tier] =
          std::max(largest[device][tier], info.costs[device]->workingSetBytes);
  }
  for (auto [device, usage] : llvm::enumerate(schedule.devices))
    for (unsigned tier = 0; tier + 1 < usage.highWater.size(); ++tier)
      usage.highWater[tier] += largest[device][tier];
}

/// Simulates `solution`; fills `schedule` when given. Returns the objective
/// (+inf when a transfer is impossible, with `impossible` set).
static double simulate(ScheduleEvaluator &evaluator, SimulationState &state,
                       MemoryPlan &memory, const PartitionSolution &solution,
                       Schedule *schedule, bool &impossible) {
  const PartitionProblem &problem = evaluator.getProblem();
  const TargetModel &target = problem.model->getTarget();
  unsigned numDevices = target.getDevices().size();
  unsigned host = target.getHost();
  impossible = false;
  constexpr double kInfinity = std::numeric_limits<double>::infinity();

  planMemory(problem, solution.devices, memory);
  state.reset(problem);
  std::vector<double> taskStart, taskEnd;
  if (schedule) {
    schedule->taskStart.assign(problem.tasks.size(), 0);
    schedule->taskEnd.assign(problem.tasks.size(), 0);
    schedule->links.assign(target.getLinks().size(), {});
    schedule->transfers.clear();
  }
  // Where each value lives.
  auto homeOf = [&](unsigned value) {
    const PartitionValue &info = problem.values[value];
    return info.producer ? solution.devices[*info.producer] : host;
  };
  // The ready time of `value` on `device`, transferring it there first
  // when needed (before `task`, unset at the end).
  auto readOn = [&](unsigned value, unsigned device,
                    std::optional<unsigned> task, bool storedWire) -> double {
    unsigned home = homeOf(value);
    if (home == device)
      return state.valueReady[value];
    double &copy = state.copyReady[value * numDevices + device];
    if (!std::isnan(copy))
      return copy;
    std::optional<Precision> wire;
    if (!storedWire) {
      auto it = solution.wires.find({value, device});
      if (it != solution.wires.end()) {
        wire = it->second;
        for (const WireOption &option : problem.values[value].wires)
          if (option.wire == it->second)
            state.loss += option.loss;
      }
    }
    const TransferPlan *plan =
        evaluator.getTransferPlan(value, home, device, wire);
    if (!plan) {
      impossible = true;
      return kInfinity;
    }
    double begin = 0;
    ScheduledTransfer *record = nullptr;
    if (schedule) {
      record = &schedule->transfers.emplace_back();
      record->value = value;
      record->from = home;
      record->to = device;
      record->wire = wire ? wire : problem.values[value].precision;
      record->beforeTask = task;
      record->wireBytes = plan->wireBytes;
      record->energy = plan->cost.dynamicEnergy;
    }
    double end = state.runTransfer(*plan, state.valueReady[value], begin,
                                   record ? &record->route : nullptr,
                                   schedule ? &schedule->links : nullptr);
    if (record) {
      record->start = begin;
      record->end = end;
    }
    copy = end;
    state.copyBegin(value, device) = begin;
    state.transfers.push_back({value, home, device, end});
    return end;
  };

  for (unsigned task : solution.order) {
    unsigned device = solution.devices[task];
    const PartitionTask &info = problem.tasks[task];
    double ready = 0;
    for (unsigned value : info.inputs) {
      ready = std::max(ready, readOn(value, device, task, false));
      if (impossible)
        return kInfinity;
    }
    double end =
        state.runLaunch(problem, task, device, memory.taskTier[task], ready);
    for (unsigned value : info.outputs)
      state.valueReady[value] = end;
    state.taskStart[task] = state.lastStart;
    state.taskEnd[task] = end;
    if (schedule) {
      schedule->taskStart[task] = state.lastStart;
      schedule->taskEnd[task] = end;
    }
  }
  for (unsigned value : problem.results) {
    readOn(value, host, std::nullopt, true);
    if (impossible)
      return kInfinity;
  }
  double makespan = state.getMakespan();
  double staticEnergy = 0;
  for (const DeviceModel &device : target.getDevices())
    staticEnergy += device.idlePower * makespan;
  double objective =
      problem.objective.timeWeight * makespan +
      problem.objective.energyWeight * (state.dynamicEnergy + staticEnergy);

  // The last tiers: weights for the whole run, activations from creation to
  // last use.
  std::string infeasible = checkLastTiers(problem, solution, state, memory,
                                          makespan, schedule != nullptr);
  // Wires may not spend more than the budget (a relative slack absorbs the
  // rounding of sums).
  if (infeasible.empty() &&
      state.loss > problem.lossBudget * (1 + 1e-12) + 1e-300)
    infeasible = llvm::formatv("the wire precisions lose {0}, over the "
                               "budget of {1}",
                               state.loss, problem.lossBudget)
                     .str();
  if (!infeasible.empty())
    objective = kInfinity;
  if (schedule) {
    schedule->infeasible = std::move(infeasible);
    schedule->makespan = makespan;
    schedule->dynamicEnergy = state.dynamicEnergy;
    schedule->staticEnergy = staticEnergy;
    schedule->objective = objective;
    schedule->loss = state.loss;
    schedule->taskTier.assign(memory.taskTier.begin(), memory.taskTier.end());
    schedule->weightTiers = memory.weightTiers;
    schedule->devices.assign(numDevices, {});
    for (unsigned device = 0; device < numDevices; ++device) {
      DeviceUsage &usage = schedule->devices[device];
      usage.busyTime = state.deviceBusy[device];
      usage.dynamicEnergy = state.deviceEnergy[device];
      usage.launches = state.launches[device];
      usage.switches = state.switches[device];
      usage.weightBytes.assign(memory.resident[device].begin(),
                               memory.resident[device].end());
    }
    fillHighWater(problem, solution, memory, state, *schedule);
  }
  return objective;
}

FailureOr<Schedule>
ScheduleEvaluator::evaluate(const PartitionSolution &solution,
                            function_ref<InFlightDiagnostic()> emitError) {
  Schedule schedule;
  bool impossible = false;
  simulate(*this, impl->state, impl->memory, solution, &schedule, impossible);
  if (impossible)
    return emitError() << "a value cannot cross between the devices the "
                          "partition gives (no route carries its precision, "
                          "or a device cannot convert it)";
  return schedule;
}

double ScheduleEvaluator::getObjective(const PartitionSolution &solution) {
  bool impossible = false;
  return simulate(*this, impl->state, impl->memory, solution, nullptr,
                  impossible);
}
