//===- Partitioner.h - HEFT, local search and exact partitioning -*- C++
//-*-===//
//
// Part of the ap project: an adaptive-precision compiler built on MLIR.
//
//===----------------------------------------------------------------------===//
//
// Algorithms that place the tasks of a PartitionProblem on devices and choose
// the wire precisions, minimizing the objective of the predicted run
// (ScheduleEvaluator). All of them issue the tasks in the same order: by
// decreasing upward rank (HEFT's priority: a task's mean cost over the
// devices that can run it plus the longest path of mean costs and mean
// transfer times to the end), ties broken by program order, which is a
// topological order. docs/partitioning.md describes them.
//
//===----------------------------------------------------------------------===//

#ifndef AP_PARTITIONING_PARTITIONER_H
#define AP_PARTITIONING_PARTITIONER_H

#include "ap/Partitioning/ScheduleEvaluator.h"

namespace mlir::ap {

/// The issue order of every algorithm: tasks by decreasing upward rank.
SmallVector<unsigned> getUpwardRankOrder(ScheduleEvaluator &evaluator);

/// HEFT-style list scheduling: in upward-rank order, each task goes to the
/// device (among those that can run it and whose memory still holds its
/// weights) where it finishes earliest, given the placements made so far,
/// with the transfers of its inputs at their stored precision. Wires stay
/// at the stored precision. Fails, through `emitError`, when a task fits on
/// no device.
FailureOr<PartitionSolution>
partitionHEFT(ScheduleEvaluator &evaluator,
              function_ref<InFlightDiagnostic()> emitError);

/// Options of the local search.
struct RefinementOptions {
  /// Passes of moves over the tasks; a pass that improves nothing stops.
  unsigned maxPasses = 8;
  /// Evaluations of candidate solutions, at most, over the whole search
  /// (bounds the time on large graphs); 0 means the default bound,
  /// 1,000,000 / tasks clamped to [50, 20,000].
  unsigned maxEvaluations = 0;
  /// Whether to choose the wire precisions (alternating with the moves
  /// until neither improves).
  bool chooseWires = true;
};

/// What the local search did.
struct RefinementStats {
  unsigned passes = 0;
  unsigned evaluations = 0;
  unsigned acceptedMoves = 0;
  unsigned wireChanges = 0;
};

/// Improves `solution` by local search on the objective of the predicted
/// run, Fiduccia-Mattheyses style, from `solution`, from every device that
/// runs all tasks alone and (up to 2,000 tasks) from HEFT without each
/// device in turn: each pass tentatively applies the best move
/// among moving one task, a task with one of its producers, or one group (a
/// maximal run of consecutive tasks of the issue order on one device) to
/// another device, and swapping the devices of two adjacent groups, locking
/// what moved, and keeps the best prefix of the pass. With `chooseWires`, after
/// each pass the wire precisions of the values that cross are chosen greedily
/// (the change that lowers the objective most per unit of loss, within the loss
/// budget) until no change improves; passes and wire choices alternate until
/// neither improves. Never returns a worse solution than its input.
PartitionSolution refinePartition(ScheduleEvaluator &evaluator,
                                  PartitionSolution solution,
                                  const RefinementOptions &options,
                                  RefinementStats *stats = nullptr);

/// Options of the exact search.
struct ExactOptions {
  /// Tasks, at most; a larger problem is refused.
  unsigned maxTasks = 16;
  /// Whether to choose the wire precisions too (jointly with the devices).
  bool chooseWires = true;
};

/// The optimal placement and wire precisions for the upward-rank issue
/// order, by depth-first branch and bound over the tasks in that order
/// (each node simulates one more task; a partial solution is cut when a
/// lower bound of its objective reaches the best found), seeded with the
/// refined HEFT solution. Fails, through `emitError`, when the problem has
/// more than `maxTasks` tasks or no placement fits.
FailureOr<PartitionSolution>
partitionExact(ScheduleEvaluator &evaluator, const ExactOptions &options,
               function_ref<InFlightDiagnostic()> emitError);

} // namespace mlir::ap

#endif // AP_PARTITIONING_PARTITIONER_H
