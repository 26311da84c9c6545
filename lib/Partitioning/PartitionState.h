//===- PartitionState.h - The simulation state of the partitioner -*- C++
//-*-===//
//
// Part of the ap project: an adaptive-precision compiler built on MLIR.
//
//===----------------------------------------------------------------------===//
//
// Internal to lib/Partitioning: the timelines, copies and memory plan that
// the evaluator, HEFT and the exact search share.
//
//===----------------------------------------------------------------------===//

#ifndef AP_LIB_PARTITIONING_PARTITIONSTATE_H
#define AP_LIB_PARTITIONING_PARTITIONSTATE_H

#include "ap/Partitioning/ScheduleEvaluator.h"

#include <map>
#include <vector>

namespace mlir::ap::partition {

/// Where weights live and the tier each launch works in.
struct MemoryPlan {
  /// Per task.
  SmallVector<unsigned> taskTier;
  /// (weight, device) -> tier.
  llvm::DenseMap<std::pair<unsigned, unsigned>, unsigned> weightTiers;
  /// (weight, device) -> launches on the device that read it.
  llvm::DenseMap<std::pair<unsigned, unsigned>, unsigned> uses;
  /// Per device and tier: resident weight bytes, and the room kept for
  /// working sets.
  std::vector<SmallVector<int64_t, 3>> resident, reserve;
};

/// Plans the memory of the placement `devices` (one device per task).
void planMemory(const PartitionProblem &problem, ArrayRef<unsigned> devices,
                MemoryPlan &plan);

/// Timelines of the devices and links while a program is simulated.
struct SimulationState {
  unsigned numDevices = 0;
  std::vector<double> deviceFree, deviceBusy, deviceEnergy, linkFree;
  std::vector<unsigned> launches, switches;
  /// The precision each device is configured for (-1: none yet).
  std::vector<int> configured;
  /// Per (value, device): when the copy there is ready (NaN: no copy) and
  /// when its transfer began.
  std::vector<double> copyReady, copyBegins;
  /// Per value: when it is ready where it is produced.
  std::vector<double> valueReady;
  /// Per task: its launch's start and end.
  std::vector<double> taskStart, taskEnd;
  double dynamicEnergy = 0;
  double loss = 0;
  /// The start of the last launch.
  double lastStart = 0;
  /// The transfers of the run: (value, from, to, end).
  struct Transfer {
    unsigned value, from, to;
    double end;
  };
  std::vector<Transfer> transfers;
  /// Per device: the predicted high-water mark of its last tier.
  std::vector<int64_t> lastTierPeak;

  void reset(const PartitionProblem &problem);
  double &copyBegin(unsigned value, unsigned device) {
    return copyBegins[value * numDevices + device];
  }
  /// Runs the steps of `plan` from `ready`; returns when the data arrives
  /// and sets `begin` to when the first step starts.
  double runTransfer(const TransferPlan &plan, double ready, double &begin,
                     SmallVectorImpl<unsigned> *route,
                     std::vector<LinkUsage> *links);
  /// Runs `task` on `device` working in `tier` once its inputs are ready;
  /// returns its end (its start is `lastStart`).
  double runLaunch(const PartitionProblem &problem, unsigned task,
                   unsigned device, unsigned tier, double inputsReady);
  double getMakespan() const;
};

} // namespace mlir::ap::partition

#endif // AP_LIB_PARTITIONING_PARTITIONSTATE_H
