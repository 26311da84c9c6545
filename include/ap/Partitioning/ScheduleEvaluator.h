//===- ScheduleEvaluator.h - The predicted run of a partition ---*- C++ -*-===//
//
// Part of the ap project: an adaptive-precision compiler built on MLIR.
//
//===----------------------------------------------------------------------===//
//
// Simulates the program a partition gives, event by event in issue order,
// with the rules of the runtime (docs/runtime.md, "The simulation model"), so
// that the predicted makespan and energy are what ap-run reports:
//
// - weights read on a device are defined there at the start (ready at 0) in
//   the tier the memory plan gives them; arguments live on the host, ready
//   at 0;
// - for each task in `order`: for each input (in `inputs` order) that does
//   not live on the task's device and has no copy there yet, a transfer
//   from the device of its producer (the host for an argument) at the wire
//   precision of the solution (else the stored one), planned by
//   planTransfer; then the launch: if the device is configured for another
//   precision, a switch occupies it for its switch latency from the time it
//   is free (the first configuration is free); the launch starts at
//   max(free(device), ready of every input's copy on the device) and lasts
//   the task's time at the tier it works in;
// - a transfer's steps start at the ready time of the source, each at
//   max(free(resource), end of the previous step);
// - at the end, each returned value that does not live on the host and has
//   no copy there is transferred to the host at its stored precision;
// - makespan = the latest free time of every device and link; energy =
//   dynamic energy of launches and transfer steps + idle power of every
//   device over the makespan.
//
// Memory plan, per device, from the tasks placed on it: the weights they
// read are sorted by the number of those tasks reading them (most first),
// then by size (smallest first), then by index, and each goes to the first
// tier, fastest first and excluding the last, whose capacity less its
// reserve still holds it (the reserve of tier t is the largest working set
// of the device's tasks whose natural tier is t or faster, so that a launch
// working there always fits next to the resident weights); the rest go to
// the last tier. A task works in the slowest of its natural tier and the
// tiers of its weights. The last tier holds its weights for the whole run
// and every activation buffer from its creation (the start of the launch
// or of the first step of the transfer that writes it) to the latest of its
// ready time and the end of its last reader (a returned value: the
// makespan); its high-water mark must not exceed its capacity.
//
//===----------------------------------------------------------------------===//

#ifndef AP_PARTITIONING_SCHEDULEEVALUATOR_H
#define AP_PARTITIONING_SCHEDULEEVALUATOR_H

#include "ap/Analysis/TransferPlan.h"
#include "ap/Partitioning/PartitionProblem.h"

namespace mlir::ap {

/// A transfer of the predicted run.
struct ScheduledTransfer {
  unsigned value = 0;
  unsigned from = 0, to = 0;
  /// The precision on the wire (the stored one unless the solution says).
  std::optional<Precision> wire;
  /// The task before whose launch it is issued; unset for a result
  /// returned to the host at the end.
  std::optional<unsigned> beforeTask;
  double start = 0, end = 0;
  int64_t wireBytes = 0;
  double energy = 0;
  /// The links of its route, in order.
  SmallVector<unsigned, 2> route;
};

/// One device in the predicted run.
struct DeviceUsage {
  double busyTime = 0;
  double dynamicEnergy = 0;
  unsigned launches = 0;
  unsigned switches = 0;
  /// Per memory tier: resident weight bytes and the high-water mark.
  SmallVector<int64_t, 3> weightBytes, highWater;
};

/// One link in the predicted run.
struct LinkUsage {
  double busyTime = 0;
  double energy = 0;
  int64_t bytes = 0;
  /// Hops over the link.
  unsigned transfers = 0;
};

/// The predicted run of a solution.
struct Schedule {
  /// Empty when every task fits its device's memory; otherwise why not
  /// (which device and tier, how many bytes over which capacity).
  std::string infeasible;
  double makespan = 0;
  double dynamicEnergy = 0, staticEnergy = 0;
  /// The objective: timeWeight * makespan + energyWeight * energy; +inf
  /// when infeasible.
  double objective = 0;
  /// The accuracy loss the wire precisions add, in total.
  double loss = 0;
  /// Per task: start and end of its launch and the tier it works in.
  SmallVector<double> taskStart, taskEnd;
  SmallVector<unsigned> taskTier;
  /// Per weight and device: the tier it is resident in on that device, for
  /// the devices that read it.
  llvm::DenseMap<std::pair<unsigned, unsigned>, unsigned> weightTiers;
  /// In issue order.
  std::vector<ScheduledTransfer> transfers;
  std::vector<DeviceUsage> devices;
  std::vector<LinkUsage> links;

  double getEnergy() const { return dynamicEnergy + staticEnergy; }
  bool isFeasible() const { return infeasible.empty(); }
};

/// Evaluates solutions of one problem; caches transfer plans.
class ScheduleEvaluator {
public:
  explicit ScheduleEvaluator(const PartitionProblem &problem);
  ~ScheduleEvaluator();

  /// The predicted run of `solution`, whose devices can run their tasks and
  /// whose wire precisions are among the values' options. Fails, reporting
  /// through `emitError`, when a transfer has no route or a device cannot
  /// make a conversion it needs.
  FailureOr<Schedule> evaluate(const PartitionSolution &solution,
                               function_ref<InFlightDiagnostic()> emitError);

  /// The objective of `solution` alone (+inf when infeasible or when a
  /// transfer is impossible), without building the full schedule: the fast
  /// path of the search algorithms.
  double getObjective(const PartitionSolution &solution);

  /// The plan of moving `value` from `from` to `to` at `wire` (unset: the
  /// stored precision); null when impossible.
  const TransferPlan *getTransferPlan(unsigned value, unsigned from,
                                      unsigned to,
                                      std::optional<Precision> wire);

  const PartitionProblem &getProblem() const { return problem; }

private:
  struct Impl;
  const PartitionProblem &problem;
  std::unique_ptr<Impl> impl;
};

} // namespace mlir::ap

#endif // AP_PARTITIONING_SCHEDULEEVALUATOR_H
