//===- Partitioner.cpp - HEFT, local search and exact partitioning --------===//
//
// Part of the ap project: an adaptive-precision compiler built on MLIR.
//
//===----------------------------------------------------------------------===//

#include "ap/Partitioning/Partitioner.h"
#include "PartitionState.h"

#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/MLIRContext.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/Sequence.h"

#include <cmath>
#include <limits>
#include <queue>

using namespace mlir;
using namespace mlir::ap;
using namespace mlir::ap::partition;

static constexpr double kInfinity = std::numeric_limits<double>::infinity();

//===----------------------------------------------------------------------===//
// Upward rank
//===----------------------------------------------------------------------===//

SmallVector<unsigned>
mlir::ap::getUpwardRankOrder(ScheduleEvaluator &evaluator) {
  const PartitionProblem &problem = evaluator.getProblem();
  unsigned numDevices = problem.getNumDevices();
  size_t numTasks = problem.tasks.size();

  // Mean time of each task over the devices that can run it.
  std::vector<double> mean(numTasks, 0);
  for (auto [task, info] : llvm::enumerate(problem.tasks)) {
    unsigned count = 0;
    for (unsigned device = 0; device < numDevices; ++device)
      if (problem.canRun(task, device)) {
        const TaskDeviceCost &cost = *info.costs[device];
        mean[task] += cost.getTime(cost.naturalTier);
        ++count;
      }
    if (count)
      mean[task] /= count;
  }
  // Mean transfer time of each value between two distinct devices.
  llvm::DenseMap<std::tuple<int64_t, int64_t, int>, double> transferMeans;
  auto meanTransfer = [&](unsigned value) {
    const PartitionValue &info = problem.values[value];
    std::tuple<int64_t, int64_t, int> key{
        info.elements, info.bytes,
        info.precision ? static_cast<int>(*info.precision) : -1};
    auto [it, inserted] = transferMeans.try_emplace(key, 0.0);
    if (inserted) {
      unsigned count = 0;
      for (unsigned from = 0; from < numDevices; ++from)
        for (unsigned to = 0; to < numDevices; ++to)
          if (from != to)
            if (const TransferPlan *plan =
                    evaluator.getTransferPlan(value, from, to, std::nullopt)) {
              it->second += plan->cost.time;
              ++count;
            }
      if (count)
        it->second /= count;
    }
    return it->second;
  };
  // Readers of each value.
  std::vector<SmallVector<unsigned, 2>> readers(problem.values.size());
  for (auto [task, info] : llvm::enumerate(problem.tasks))
    for (unsigned value : info.inputs)
      readers[value].push_back(task);
  std::vector<SmallVector<unsigned, 1>> orderSuccessors(numTasks);
  for (auto [task, info] : llvm::enumerate(problem.tasks))
    for (unsigned before : info.after)
      orderSuccessors[before].push_back(task);
  // Tasks are in a topological order: ranks from the last.
  std::vector<double> rank(numTasks, 0);
  for (size_t task = numTasks; task-- > 0;) {
    double tail = 0;
    for (unsigned value : problem.tasks[task].outputs) {
      if (readers[value].empty())
        continue;
      double transfer = meanTransfer(value);
      for (unsigned reader : readers[value])
        tail = std::max(tail, transfer + rank[reader]);
    }
    for (unsigned successor : orderSuccessors[task])
      tail = std::max(tail, rank[successor]);
    rank[task] = mean[task] + tail;
  }
  // List order: the ready task of highest rank first (ties: program order),
  // which is topological even where ranks tie.
  std::vector<unsigned> pending(numTasks, 0);
  std::vector<SmallVector<unsigned, 4>> successors(numTasks);
  for (auto [task, info] : llvm::enumerate(problem.tasks)) {
    llvm::SmallDenseSet<unsigned, 4> producers;
    for (unsigned value : info.inputs)
      if (std::optional<unsigned> producer = problem.values[value].producer)
        if (*producer != task)
          producers.insert(*producer);
    for (unsigned before : info.after)
      if (before != task)
        producers.insert(before);
    pending[task] = producers.size();
    for (unsigned producer : producers)
      successors[producer].push_back(task);
  }
  auto lower = [&](unsigned a, unsigned b) {
    if (rank[a] != rank[b])
      return rank[a] < rank[b];
    return a > b;
  };
  std::priority_queue<unsigned, std::vector<unsigned>, decltype(lower)> ready(
      lower);
  for (unsigned task = 0; task < numTasks; ++task)
    if (!pending[task])
      ready.push(task);
  SmallVector<unsigned> order;
  order.reserve(numTasks);
  while (!ready.empty()) {
    unsigned task = ready.top();
    ready.pop();
    order.push_back(task);
    for (unsigned successor : successors[task])
      if (--pending[successor] == 0)
        ready.push(successor);
  }
  return order;
}

//===----------------------------------------------------------------------===//
// Incremental simulation (HEFT and the exact search)
//===----------------------------------------------------------------------===//

namespace {
/// Simulates tasks one at a time, at the fastest tier each may work in (a
/// lower bound of the evaluator's time when weights are placed).
struct Incremental {
  Incremental(ScheduleEvaluator &evaluator)
      : evaluator(evaluator), problem(evaluator.getProblem()),
        target(problem.model->getTarget()) {
    state.reset(problem);
    devices.assign(problem.tasks.size(), 0);
  }

  unsigned homeOf(unsigned value) const {
    const PartitionValue &info = problem.values[value];
    return info.producer ? devices[*info.producer] : target.getHost();
  }

  /// Runs `task` on `device`, its new crossings at `wires` (parallel to the
  /// inputs that cross; unset: stored). Returns its end, +inf when a
  /// transfer is impossible.
  double run(unsigned task, unsigned device,
             ArrayRef<std::optional<Precision>> wires = {}) {
    devices[task] = device;
    const PartitionTask &info = problem.tasks[task];
    double ready = 0;
    unsigned crossing = 0;
    for (unsigned value : info.inputs) {
      unsigned home = homeOf(value);
      if (home == device) {
        ready = std::max(ready, state.valueReady[value]);
        continue;
      }
      double &copy = state.copyReady[value * state.numDevices + device];
      if (std::isnan(copy)) {
        std::optional<Precision> wire =
            crossing < wires.size() ? wires[crossing] : std::nullopt;
        ++crossing;
        const TransferPlan *plan =
            evaluator.getTransferPlan(value, home, device, wire);
        if (!plan)
          return kInfinity;
        if (wire)
          for (const WireOption &option : problem.values[value].wires)
            if (option.wire == *wire)
              state.loss += option.loss;
        double begin = 0;
        copy = state.runTransfer(*plan, state.valueReady[value], begin, nullptr,
                                 nullptr);
        createdCopies.push_back(value * state.numDevices + device);
      }
      ready = std::max(ready, copy);
    }
    if (!info.launches)
      return ready;
    const TaskDeviceCost &cost = *info.costs[device];
    unsigned fastest = cost.naturalTier;
    for (unsigned tier = cost.naturalTier + 1;
         tier < cost.naturalTier + cost.time.size(); ++tier)
      if (cost.getTime(tier) < cost.getTime(fastest))
        fastest = tier;
    double end = state.runLaunch(problem, task, device, fastest, ready);
    for (unsigned value : info.outputs)
      state.valueReady[value] = end;
    return end;
  }

  /// The objective of what has run so far: a lower bound of any completion.
  double getPartialObjective() const {
    double makespan = state.getMakespan();
    double idle = 0;
    for (const DeviceModel &device : target.getDevices())
      idle += device.idlePower * makespan;
    return problem.objective.timeWeight * makespan +
           problem.objective.energyWeight * (state.dynamicEnergy + idle);
  }

  /// What a trial of one task may change, to undo it.
  struct Snapshot {
    std::vector<double> deviceFree, deviceBusy, deviceEnergy, linkFree;
    std::vector<unsigned> launches, switches;
    std::vector<int> configured;
    double dynamicEnergy, loss, lastStart;
    size_t copies;
  };
  void save(Snapshot &snapshot) const {
    snapshot.deviceFree = state.deviceFree;
    snapshot.deviceBusy = state.deviceBusy;
    snapshot.deviceEnergy = state.deviceEnergy;
    snapshot.linkFree = state.linkFree;
    snapshot.launches = state.launches;
    snapshot.switches = state.switches;
    snapshot.configured = state.configured;
    snapshot.dynamicEnergy = state.dynamicEnergy;
    snapshot.loss = state.loss;
    snapshot.lastStart = state.lastStart;
    snapshot.copies = createdCopies.size();
  }
  /// Undoes what ran since `snapshot` (the ready times of the outputs of
  /// the task tried are rewritten when it runs for good).
  void restore(const Snapshot &snapshot) {
    state.deviceFree = snapshot.deviceFree;
    state.deviceBusy = snapshot.deviceBusy;
    state.deviceEnergy = snapshot.deviceEnergy;
    state.linkFree = snapshot.linkFree;
    state.launches = snapshot.launches;
    state.switches = snapshot.switches;
    state.configured = snapshot.configured;
    state.dynamicEnergy = snapshot.dynamicEnergy;
    state.loss = snapshot.loss;
    state.lastStart = snapshot.lastStart;
    while (createdCopies.size() > snapshot.copies) {
      state.copyReady[createdCopies.back()] =
          std::numeric_limits<double>::quiet_NaN();
      createdCopies.pop_back();
    }
  }

  ScheduleEvaluator &evaluator;
  const PartitionProblem &problem;
  const TargetModel &target;
  SimulationState state;
  SmallVector<unsigned> devices;
  /// The (value, device) copies made, in order.
  std::vector<size_t> createdCopies;
};
} // namespace

//===----------------------------------------------------------------------===//
// HEFT
//===----------------------------------------------------------------------===//

/// HEFT in `order`, on the devices other than `excluded` (where a task can
/// run elsewhere).
static FailureOr<PartitionSolution>
runHEFT(ScheduleEvaluator &evaluator, ArrayRef<unsigned> order,
        std::optional<unsigned> excluded,
        function_ref<InFlightDiagnostic()> emitError) {
  const PartitionProblem &problem = evaluator.getProblem();
  const TargetModel &target = problem.model->getTarget();
  unsigned numDevices = problem.getNumDevices();
  PartitionSolution solution;
  solution.order.assign(order.begin(), order.end());
  solution.devices.assign(problem.tasks.size(), 0);

  // Weight bytes resident per device, against its whole memory.
  std::vector<int64_t> resident(numDevices, 0);
  std::vector<uint64_t> capacity(numDevices, 0);
  for (unsigned device = 0; device < numDevices; ++device)
    for (const MemoryModel &memory : target.getDevice(device).memories)
      capacity[device] += memory.capacity;
  llvm::DenseSet<std::pair<unsigned, unsigned>> residentWeights;

  Incremental sim(evaluator);
  Incremental::Snapshot snapshot;
  for (unsigned task : solution.order) {
    const PartitionTask &info = problem.tasks[task];
    std::optional<unsigned> best;
    double bestScore = kInfinity;
    for (unsigned device = 0; device < numDevices; ++device) {
      if (!problem.canRun(task, device))
        continue;
      if (excluded && device == *excluded &&
          llvm::any_of(llvm::seq(numDevices), [&](unsigned other) {
            return other != device && problem.canRun(task, other);
          }))
        continue;
      int64_t added = 0;
      for (unsigned weight : info.weights)
        if (!residentWeights.contains({weight, device}))
          added += problem.weights[weight].bytes;
      if (static_cast<uint64_t>(resident[device] + added) > capacity[device])
        continue;
      sim.save(snapshot);
      double end = sim.run(task, device);
      double score = problem.objective.timeWeight * end +
                     problem.objective.energyWeight *
                         (sim.state.dynamicEnergy - snapshot.dynamicEnergy);
      sim.restore(snapshot);
      if (score < bestScore) {
        bestScore = score;
        best = device;
      }
    }
    if (!best)
      return emitError() << "launch '" << info.name
                         << "' fits no device: no device that computes at "
                            "its precisions can also hold its weights";
    sim.run(task, *best);
    solution.devices[task] = *best;
    for (unsigned weight : info.weights)
      if (residentWeights.insert({weight, *best}).second)
        resident[*best] += problem.weights[weight].bytes;
  }
  return solution;
}

FailureOr<PartitionSolution>
mlir::ap::partitionHEFT(ScheduleEvaluator &evaluator,
                        function_ref<InFlightDiagnostic()> emitError) {
  return runHEFT(evaluator, getUpwardRankOrder(evaluator), std::nullopt,
                 emitError);
}

//===----------------------------------------------------------------------===//
// Local search
//===----------------------------------------------------------------------===//

namespace {
/// One candidate change of the devices: tasks and their new devices.
struct Move {
  SmallVector<std::pair<unsigned, unsigned>, 8> assignments;
};

class LocalSearch {
public:
  LocalSearch(ScheduleEvaluator &evaluator, const RefinementOptions &options,
              RefinementStats &stats)
      : evaluator(evaluator), problem(evaluator.getProblem()), options(options),
        stats(stats) {}

  PartitionSolution run(PartitionSolution solution);

private:
  bool exhausted() const {
    return options.maxEvaluations &&
           stats.evaluations >= options.maxEvaluations;
  }
  double evaluate(const PartitionSolution &solution) {
    ++stats.evaluations;
    return evaluator.getObjective(solution);
  }
  /// One FM pass from `current`; returns whether it improved it.
  bool pass(PartitionSolution &current, double &objective);
  /// Greedy wire choice; returns whether it improved `current`.
  bool chooseWires(PartitionSolution &current, double &objective);
  void collectMoves(const PartitionSolution &current,
                    const llvm::DenseSet<unsigned> &locked,
                    SmallVectorImpl<Move> &moves);

  ScheduleEvaluator &evaluator;
  const PartitionProblem &problem;
  const RefinementOptions &options;
  RefinementStats &stats;
};
} // namespace

void LocalSearch::collectMoves(const PartitionSolution &current,
                               const llvm::DenseSet<unsigned> &locked,
                               SmallVectorImpl<Move> &moves) {
  unsigned numDevices = problem.getNumDevices();
  // Groups: maximal runs of the order on one device, of unlocked tasks.
  SmallVector<SmallVector<unsigned, 8>> groups;
  std::optional<unsigned> previous;
  for (unsigned task : current.order) {
    if (locked.contains(task)) {
      previous.reset();
      continue;
    }
    if (!previous || current.devices[*previous] != current.devices[task])
      groups.emplace_back();
    groups.back().push_back(task);
    previous = task;
  }
  auto canAll = [&](ArrayRef<unsigned> tasks, unsigned device) {
    return llvm::all_of(
        tasks, [&](unsigned task) { return problem.canRun(task, device); });
  };
  for (const auto &group : groups) {
    unsigned from = current.devices[group.front()];
    for (unsigned device = 0; device < numDevices; ++device)
      if (device != from && (group.size() > 1) && canAll(group, device)) {
        Move &move = moves.emplace_back();
        for (unsigned task : group)
          move.assignments.push_back({task, device});
      }
  }
  // The head or the tail of a group: where a run should be cut.
  for (const auto &group : groups) {
    unsigned from = current.devices[group.front()];
    for (size_t cut = 1; cut < group.size(); ++cut)
      for (unsigned device = 0; device < numDevices; ++device) {
        if (device == from)
          continue;
        ArrayRef<unsigned> head(group.data(), cut);
        ArrayRef<unsigned> tail(group.data() + cut, group.size() - cut);
        for (ArrayRef<unsigned> part : {head, tail}) {
          if (part.size() < 2 || !canAll(part, device))
            continue;
          Move &move = moves.emplace_back();
          for (unsigned task : part)
            move.assignments.push_back({task, device});
        }
      }
  }
  for (size_t i = 0; i + 1 < groups.size(); ++i) {
    unsigned a = current.devices[groups[i].front()];
    unsigned b = current.devices[groups[i + 1].front()];
    if (a == b || !canAll(groups[i], b) || !canAll(groups[i + 1], a))
      continue;
    Move &move = moves.emplace_back();
    for (unsigned task : groups[i])
      move.assignments.push_back({task, b});
    for (unsigned task : groups[i + 1])
      move.assignments.push_back({task, a});
  }
  for (unsigned task : current.order) {
    if (locked.contains(task))
      continue;
    for (unsigned device = 0; device < numDevices; ++device)
      if (device != current.devices[task] && problem.canRun(task, device))
        moves.emplace_back().assignments.push_back({task, device});
  }
  // A launch with one of its producers, onto one device: moving either
  // alone may only add a transfer.
  for (unsigned task : current.order) {
    if (locked.contains(task))
      continue;
    for (unsigned value : problem.tasks[task].inputs) {
      std::optional<unsigned> producer = problem.values[value].producer;
      if (!producer || locked.contains(*producer))
        continue;
      for (unsigned device = 0; device < numDevices; ++device) {
        if ((current.devices[task] == device &&
             current.devices[*producer] == device) ||
            !problem.canRun(task, device) || !problem.canRun(*producer, device))
          continue;
        Move &move = moves.emplace_back();
        move.assignments.push_back({*producer, device});
        move.assignments.push_back({task, device});
      }
    }
  }
}

bool LocalSearch::pass(PartitionSolution &current, double &objective) {
  llvm::DenseSet<unsigned> locked;
  PartitionSolution working = current;
  double workingObjective = objective;
  PartitionSolution best = current;
  double bestObjective = objective;
  SmallVector<Move> moves;
  SmallVector<unsigned, 8> saved;
  while (locked.size() < problem.tasks.size() && !exhausted()) {
    moves.clear();
    collectMoves(working, locked, moves);
    if (moves.empty())
      break;
    const Move *chosen = nullptr;
    double chosenObjective = kInfinity;
    for (const Move &move : moves) {
      if (exhausted())
        break;
      saved.clear();
      for (auto [task, device] : move.assignments) {
        saved.push_back(working.devices[task]);
        working.devices[task] = device;
      }
      double value = evaluate(working);
      for (auto [index, assignment] : llvm::enumerate(move.assignments))
        working.devices[assignment.first] = saved[index];
      if (value < chosenObjective) {
        chosenObjective = value;
        chosen = &move;
      }
    }
    // Every move is impossible or infeasible: nothing left to climb.
    if (!chosen || std::isinf(chosenObjective))
      break;
    for (auto [task, device] : chosen->assignments) {
      working.devices[task] = device;
      locked.insert(task);
    }
    workingObjective = chosenObjective;
    if (workingObjective < bestObjective) {
      best = working;
      bestObjective = workingObjective;
      ++stats.acceptedMoves;
    }
  }
  ++stats.passes;
  if (bestObjective < objective) {
    current = std::move(best);
    objective = bestObjective;
    return true;
  }
  return false;
}

bool LocalSearch::chooseWires(PartitionSolution &current, double &objective) {
  bool improved = false;
  while (!exhausted()) {
    // The crossings of the current placement that have options.
    unsigned host = problem.model->getTarget().getHost();
    llvm::SetVector<std::pair<unsigned, unsigned>> crossings;
    for (auto [task, info] : llvm::enumerate(problem.tasks))
      for (unsigned value : info.inputs) {
        const PartitionValue &data = problem.values[value];
        unsigned home = data.producer ? current.devices[*data.producer] : host;
        if (home != current.devices[task] && !data.wires.empty())
          crossings.insert({value, current.devices[task]});
      }
    double baseLoss = 0;
    for (auto [key, wire] : current.wires)
      if (crossings.contains(key))
        for (const WireOption &option : problem.values[key.first].wires)
          if (option.wire == wire)
            baseLoss += option.loss;
    // The change with the best gain per unit of added loss (lossless first).
    std::optional<
        std::pair<std::pair<unsigned, unsigned>, std::optional<Precision>>>
        chosen;
    double chosenObjective = objective, chosenRatio = 0;
    bool chosenLossless = false;
    for (auto key : crossings) {
      auto existing = current.wires.find(key);
      std::optional<Precision> currentWire;
      double currentLoss = 0;
      if (existing != current.wires.end()) {
        currentWire = existing->second;
        for (const WireOption &option : problem.values[key.first].wires)
          if (option.wire == existing->second)
            currentLoss = option.loss;
      }
      SmallVector<std::pair<std::optional<Precision>, double>, 4> choices{
          {std::nullopt, 0.0}};
      for (const WireOption &option : problem.values[key.first].wires)
        choices.push_back({option.wire, option.loss});
      for (auto [wire, loss] : choices) {
        if (wire == currentWire || exhausted())
          continue;
        if (baseLoss - currentLoss + loss > problem.lossBudget * (1 + 1e-12))
          continue;
        PartitionSolution trial = current;
        if (wire)
          trial.wires[key] = *wire;
        else
          trial.wires.erase(key);
        double value = evaluate(trial);
        double gain = objective - value;
        if (!(gain > 0))
          continue;
        double added = loss - currentLoss;
        bool lossless = added <= 0;
        double ratio = lossless ? gain : gain / added;
        bool better =
            lossless != chosenLossless
                ? lossless
                : (lossless ? value < chosenObjective : ratio > chosenRatio);
        if (!chosen || better) {
          chosen = {key, wire};
          chosenObjective = value;
          chosenRatio = ratio;
          chosenLossless = lossless;
        }
      }
    }
    if (!chosen)
      break;
    if (chosen->second)
      current.wires[chosen->first] = *chosen->second;
    else
      current.wires.erase(chosen->first);
    objective = chosenObjective;
    ++stats.wireChanges;
    improved = true;
  }
  return improved;
}

PartitionSolution LocalSearch::run(PartitionSolution solution) {
  double objective = evaluate(solution);
  for (unsigned round = 0; round < options.maxPasses && !exhausted(); ++round) {
    bool moved = pass(solution, objective);
    bool wired = options.chooseWires && chooseWires(solution, objective);
    if (!moved && !wired)
      break;
  }
  return solution;
}

PartitionSolution mlir::ap::refinePartition(ScheduleEvaluator &evaluator,
                                            PartitionSolution solution,
                                            const RefinementOptions &options,
                                            RefinementStats *stats) {
  RefinementStats local;
  RefinementOptions bounded = options;
  if (!bounded.maxEvaluations) {
    // A bound that keeps the work (evaluations x tasks) about constant on
    // large graphs: near-linear growth overall, with HEFT.
    size_t tasks = std::max<size_t>(1, evaluator.getProblem().tasks.size());
    bounded.maxEvaluations =
        static_cast<unsigned>(std::clamp<size_t>(1000000 / tasks, 50, 20000));
  }
  RefinementStats &counts = stats ? *stats : local;
  // Starts: the given solution and every device that runs the whole graph
  // alone (a chain often belongs on one device, which a greedy start may
  // miss); the most promising first, each refined while the budget lasts.
  const PartitionProblem &problem = evaluator.getProblem();
  std::vector<std::pair<double, PartitionSolution>> starts;
  starts.push_back({evaluator.getObjective(solution), solution});
  for (unsigned device = 0; device < problem.getNumDevices(); ++device) {
    bool all = true;
    for (unsigned task = 0; task < problem.tasks.size() && all; ++task)
      all = problem.canRun(task, device);
    if (!all)
      continue;
    PartitionSolution single;
    single.devices.assign(problem.tasks.size(), device);
    single.order = solution.order;
    starts.push_back({evaluator.getObjective(single), std::move(single)});
  }
  // HEFT without each device in turn: other structures to start from (on
  // graphs small enough that a few more list schedules cost little).
  if (problem.tasks.size() <= 2000) {
    MLIRContext context(MLIRContext::Threading::DISABLED);
    ScopedDiagnosticHandler silence(&context,
                                    [](Diagnostic &) { return success(); });
    auto quiet = [&] { return mlir::emitError(UnknownLoc::get(&context)); };
    for (unsigned device = 0; device < problem.getNumDevices(); ++device) {
      FailureOr<PartitionSolution> other =
          runHEFT(evaluator, solution.order, device, quiet);
      if (succeeded(other))
        starts.push_back({evaluator.getObjective(*other), std::move(*other)});
    }
  }
  counts.evaluations += starts.size();
  std::stable_sort(
      starts.begin(), starts.end(),
      [](const auto &a, const auto &b) { return a.first < b.first; });
  LocalSearch search(evaluator, bounded, counts);
  PartitionSolution best = search.run(std::move(starts.front().second));
  double bestObjective = evaluator.getObjective(best);
  for (size_t index = 1; index < starts.size(); ++index) {
    if (bounded.maxEvaluations && counts.evaluations >= bounded.maxEvaluations)
      break;
    PartitionSolution candidate = search.run(std::move(starts[index].second));
    double objective = evaluator.getObjective(candidate);
    if (objective < bestObjective) {
      best = std::move(candidate);
      bestObjective = objective;
    }
  }
  return best;
}

//===----------------------------------------------------------------------===//
// Exact
//===----------------------------------------------------------------------===//

namespace {
class ExactSearch {
public:
  ExactSearch(ScheduleEvaluator &evaluator, const ExactOptions &options,
              PartitionSolution seed, double seedObjective)
      : evaluator(evaluator), problem(evaluator.getProblem()), options(options),
        best(std::move(seed)), bestObjective(seedObjective), sim(evaluator) {
    current.order = best.order;
    current.devices.assign(problem.tasks.size(), 0);
  }

  void search(unsigned depth);
  PartitionSolution takeBest() { return std::move(best); }

private:
  /// Tries `task` on `device` with each combination of wires for the
  /// inputs it makes cross, from input `index`.
  void branchWires(unsigned depth, unsigned task, unsigned device,
                   SmallVectorImpl<std::optional<Precision>> &wires,
                   SmallVectorImpl<unsigned> &crossing, unsigned index,
                   double loss);

  ScheduleEvaluator &evaluator;
  const PartitionProblem &problem;
  const ExactOptions &options;
  PartitionSolution best;
  double bestObjective;
  PartitionSolution current;
  Incremental sim;
};
} // namespace

void ExactSearch::branchWires(unsigned depth, unsigned task, unsigned device,
                              SmallVectorImpl<std::optional<Precision>> &wires,
                              SmallVectorImpl<unsigned> &crossing,
                              unsigned index, double loss) {
  if (index == crossing.size()) {
    SimulationState saved = sim.state;
    double end = sim.run(task, device, wires);
    if (!std::isinf(end) && sim.getPartialObjective() < bestObjective) {
      for (auto [value, wire] : llvm::zip(crossing, wires))
        if (wire)
          current.wires[{value, device}] = *wire;
      search(depth + 1);
      for (unsigned value : crossing)
        current.wires.erase({value, device});
    }
    sim.state = std::move(saved);
    return;
  }
  wires.push_back(std::nullopt);
  branchWires(depth, task, device, wires, crossing, index + 1, loss);
  if (options.chooseWires)
    for (const WireOption &option : problem.values[crossing[index]].wires) {
      if (loss + option.loss > problem.lossBudget * (1 + 1e-12))
        continue;
      wires.back() = option.wire;
      branchWires(depth, task, device, wires, crossing, index + 1,
                  loss + option.loss);
    }
  wires.pop_back();
}

void ExactSearch::search(unsigned depth) {
  if (depth == current.order.size()) {
    double objective = evaluator.getObjective(current);
    if (objective < bestObjective) {
      bestObjective = objective;
      best = current;
    }
    return;
  }
  unsigned task = current.order[depth];
  const PartitionTask &info = problem.tasks[task];
  for (unsigned device = 0; device < problem.getNumDevices(); ++device) {
    if (!problem.canRun(task, device))
      continue;
    current.devices[task] = device;
    sim.devices[task] = device;
    // The inputs this launch makes cross (no copy on the device yet).
    SmallVector<unsigned> crossing;
    for (unsigned value : info.inputs)
      if (sim.homeOf(value) != device &&
          std::isnan(
              sim.state.copyReady[value * sim.state.numDevices + device]))
        crossing.push_back(value);
    SmallVector<std::optional<Precision>> wires;
    branchWires(depth, task, device, wires, crossing, 0, sim.state.loss);
  }
}

FailureOr<PartitionSolution>
mlir::ap::partitionExact(ScheduleEvaluator &evaluator,
                         const ExactOptions &options,
                         function_ref<InFlightDiagnostic()> emitError) {
  const PartitionProblem &problem = evaluator.getProblem();
  if (problem.tasks.size() > options.maxTasks)
    return emitError() << "algorithm=exact takes at most " << options.maxTasks
                       << " launches (max-exact-tasks); this function has "
                       << problem.tasks.size();
  FailureOr<PartitionSolution> heft = partitionHEFT(evaluator, emitError);
  if (failed(heft))
    return failure();
  RefinementOptions refinement;
  refinement.chooseWires = options.chooseWires;
  PartitionSolution seed = refinePartition(evaluator, *heft, refinement);
  double seedObjective = evaluator.getObjective(seed);
  ExactSearch search(evaluator, options, std::move(seed), seedObjective);
  search.search(0);
  PartitionSolution result = search.takeBest();
  if (std::isinf(evaluator.getObjective(result)))
    return emitError() << "no placement fits the memories of the target";
  return result;
}
