//===- PartitionProblem.h - Placing a task graph on devices -----*- C++ -*-===//
//
// Part of the ap project: an adaptive-precision compiler built on MLIR.
//
//===----------------------------------------------------------------------===//
//
// The partitioning problem in plain numbers, independent of the IR: tasks
// (kernel launches) with their cost on each device that can run them, the
// values they exchange, the weights they read, and the target (through the
// cost model). A solution gives each task a device, the order in which the
// program issues the tasks, and the wire precision of each value crossing to
// another device. It is evaluated by simulating the program exactly as the
// runtime will (docs/runtime.md, "The simulation model"): see
// ScheduleEvaluator.h.
//
//===----------------------------------------------------------------------===//

#ifndef AP_PARTITIONING_PARTITIONPROBLEM_H
#define AP_PARTITIONING_PARTITIONPROBLEM_H

#include "ap/Analysis/CostModel.h"

#include "llvm/ADT/DenseMap.h"

#include <string>
#include <vector>

namespace mlir::ap {

/// What a task costs on one device.
struct TaskDeviceCost {
  /// The memory tier the cost model uses when the task's weights do not
  /// force a slower one: the fastest that holds the working set.
  unsigned naturalTier = 0;
  /// Seconds and dynamic joules of the launch when it works in tier
  /// `naturalTier + i`, for every tier from `naturalTier` to the device's
  /// last.
  SmallVector<double, 3> time, energy;
  /// Bytes the launch reads and writes (its working set, which occupies the
  /// tier it works in while it runs when that is not the last tier).
  int64_t workingSetBytes = 0;

  double getTime(unsigned tier) const { return time[tier - naturalTier]; }
  double getEnergy(unsigned tier) const { return energy[tier - naturalTier]; }
};

/// One kernel launch (a fused kernel).
struct PartitionTask {
  std::string name;
  /// The cost on each device of the target, indexed by device; unset where
  /// the device cannot run the task (it does not compute at the task's
  /// precisions).
  SmallVector<std::optional<TaskDeviceCost>> costs;
  /// The device the task must run on (an ap.placement of the input).
  std::optional<unsigned> pinned;
  /// The precision the device is configured for to run the task; unset for
  /// a launch that needs no configuration.
  std::optional<Precision> precision;
  /// The values the task reads, distinct, in the order the launch reads
  /// them (transfers of values that live elsewhere are issued in this
  /// order, just before the launch).
  SmallVector<unsigned, 4> inputs;
  /// The values the task writes (creates).
  SmallVector<unsigned, 2> outputs;
  /// The weights the task reads, distinct.
  SmallVector<unsigned, 2> weights;
  /// Whether the task is a launch. A task that is not (a call, which runs
  /// on the host as a function of its own) only brings its inputs to its
  /// device, at its place in the order.
  bool launches = true;
  /// Tasks that must be issued before this one although it reads nothing
  /// they write that has a buffer (it reads the result of a call).
  SmallVector<unsigned, 1> after;
};

/// A precision a value may cross a link in, other than its stored one.
struct WireOption {
  Precision wire = Precision::F32;
  /// The estimated accuracy loss of rounding the value to `wire` (0 when
  /// the rounding changes nothing the consumers compute).
  double loss = 0;
};

/// A tensor a task writes or the function receives.
struct PartitionValue {
  std::string name;
  /// The task that writes it; unset for a function argument, which lives
  /// on the host from the start.
  std::optional<unsigned> producer;
  int64_t elements = 0;
  /// The stored precision; unset for an element type that is not an ap
  /// precision (moved bytewise, as `bytes` 8-bit elements).
  std::optional<Precision> precision;
  /// Stored bytes (packed).
  int64_t bytes = 0;
  /// Narrower precisions the value may cross a link in.
  SmallVector<WireOption, 2> wires;
  /// Whether the function returns it (it must reach the host at the end).
  bool returned = false;
};

/// Constant data (weights) that tasks read. A weight read on a device is
/// resident there from the start: it is not transferred.
struct PartitionWeight {
  std::string name;
  int64_t bytes = 0;
};

/// What the partitioner minimizes: timeWeight * makespan (seconds) +
/// energyWeight * energy (joules).
struct PartitionObjective {
  double timeWeight = 1;
  double energyWeight = 0;
};

/// A partitioning problem.
struct PartitionProblem {
  /// The target and its prices. Not owned.
  const CostModel *model = nullptr;
  /// In a topological order (every value's producer before its readers):
  /// the program order of the input.
  std::vector<PartitionTask> tasks;
  std::vector<PartitionValue> values;
  std::vector<PartitionWeight> weights;
  /// The values the function returns, in the order of its results (a value
  /// may appear more than once).
  SmallVector<unsigned> results;
  /// The accuracy loss the wire precisions may add up to, in total.
  double lossBudget = 0;
  PartitionObjective objective;

  unsigned getNumDevices() const {
    return model->getTarget().getDevices().size();
  }
  /// Whether task `task` may run on `device`.
  bool canRun(unsigned task, unsigned device) const {
    const PartitionTask &t = tasks[task];
    return t.costs[device].has_value() && (!t.pinned || *t.pinned == device);
  }
};

/// A placement of the tasks and the precisions on the wires.
struct PartitionSolution {
  /// The device of each task.
  SmallVector<unsigned> devices;
  /// The order in which the program issues the tasks: a permutation of the
  /// task indices that is a topological order.
  SmallVector<unsigned> order;
  /// The wire precision of value `first` crossing to device `second`, where
  /// it is not the value's stored precision.
  llvm::DenseMap<std::pair<unsigned, unsigned>, Precision> wires;
};

} // namespace mlir::ap

#endif // AP_PARTITIONING_PARTITIONPROBLEM_H
