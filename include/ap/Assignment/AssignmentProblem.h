//===- AssignmentProblem.h - Precision assignment as a knapsack -*- C++ -*-===//
//
// Part of the ap project: an adaptive-precision compiler built on MLIR.
//
//===----------------------------------------------------------------------===//
//
// Precision assignment, stripped of the IR: a multiple-choice knapsack. Every
// op has a list of candidate choices (precision configurations: of the
// weights, the activations, the accumulator and the stored output), each with
// an execution time, a transfer time and an estimated accuracy loss. Exactly
// one choice is made per op, so as to minimize
//
//   sum over ops of  wExec * execTime + wXfer * transferTime + wAcc * loss
//
// subject to  sum over ops of loss <= tolerance.
//
// Losses are additive across ops (the usual first-order model of sensitivity
// analysis). A configuration the op's device does not support is simply not
// a candidate. The algorithms (GreedyAssignment.h, OptimalAssignment.h) and
// the upgrade rule of the verified mode (UpgradeSelection.h) work on this
// description and know nothing of the IR.
//
//===----------------------------------------------------------------------===//

#ifndef AP_ASSIGNMENT_ASSIGNMENTPROBLEM_H
#define AP_ASSIGNMENT_ASSIGNMENTPROBLEM_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/Support/Error.h"

#include <cstddef>
#include <string>
#include <vector>

namespace mlir::ap {

/// One candidate configuration of one op. The algorithms only read its
/// figures; the label is for reports.
struct AssignmentChoice {
  /// A name for reports, e.g. "w=i8 a=i8 acc=i32 out=f16".
  std::string label;
  /// Seconds the op executes in this configuration (finite, >= 0).
  double execTime = 0;
  /// Seconds spent moving the op's data in this configuration (finite, >= 0).
  double transferTime = 0;
  /// Estimated accuracy loss (finite, >= 0), additive across ops; usually 0
  /// for the f32 baseline.
  double loss = 0;
};

/// One op and its candidate choices.
struct AssignmentOp {
  /// A name for reports and error messages.
  std::string name;
  /// The candidates, at least one. Configurations the device does not
  /// support are absent.
  std::vector<AssignmentChoice> choices;
  /// The index in `choices` of the reference configuration (f32): where the
  /// greedy algorithm starts and what the baseline totals are measured at.
  /// When the device has no f32, the caller names another one (the least
  /// lossy, say).
  unsigned baseline = 0;
};

/// The whole problem: ops, weights of the objective and the tolerance.
struct AssignmentProblem {
  std::vector<AssignmentOp> ops;
  /// Weights of the objective (finite, >= 0).
  double wExec = 1;
  double wXfer = 1;
  double wAcc = 0;
  /// The largest acceptable total loss (>= 0; +infinity for no constraint).
  double tolerance = 0;

  /// The contribution of `choice` to the objective:
  /// wExec * execTime + wXfer * transferTime + wAcc * loss.
  double getCost(const AssignmentChoice &choice) const {
    return wExec * choice.execTime + wXfer * choice.transferTime +
           wAcc * choice.loss;
  }
  double getCost(unsigned op, unsigned choice) const {
    return getCost(ops[op].choices[choice]);
  }
};

/// The totals of an assignment.
struct AssignmentTotals {
  double execTime = 0;
  double transferTime = 0;
  double loss = 0;
  /// wExec * execTime + wXfer * transferTime + wAcc * loss.
  double objective = 0;
};

/// Counters of what an algorithm did, for reports and benchmarks.
struct AssignmentStatistics {
  /// Choices removed because another choice of the same op is at least as
  /// cheap and at least as accurate (DominancePruning.h).
  size_t dominatedChoices = 0;
  /// Choices removed by the bounds of the optimal algorithm (reduced cost
  /// above the optimality gap, or loss above the budget).
  size_t boundedChoices = 0;
  /// Ops left with more than one choice after pruning (optimal), which the
  /// dynamic programming enumerates.
  size_t freeOps = 0;
  /// The largest number of states of one stage of the dynamic programming,
  /// and the total over all stages (0 when the bounds proved an assignment
  /// optimal before any stage).
  size_t maxFrontSize = 0;
  size_t states = 0;
  /// Moves applied (greedy).
  size_t moves = 0;
};

/// The outcome of an assignment algorithm.
struct AssignmentResult {
  /// Per op, the index of the chosen entry of its `choices`.
  std::vector<unsigned> choices;
  /// The totals of `choices`, and of every op at its baseline choice.
  AssignmentTotals totals;
  AssignmentTotals baseline;
  /// A lower bound on the objective of every assignment within the
  /// tolerance; equal to `totals.objective` when `provedOptimal`.
  double lowerBound = 0;
  /// Whether `choices` is proven to minimize the objective (see
  /// OptimalAssignment.h for the precise guarantee).
  bool provedOptimal = false;
  AssignmentStatistics statistics;
};

/// The relative slack with which loss totals are compared to the tolerance:
/// a total `loss` is within `tolerance` iff
/// `loss <= tolerance * (1 + kToleranceSlack)`. Sums of floating-point
/// losses depend on the order of the additions (0.1 + 0.2 > 0.3), and this
/// keeps rounding from ever deciding feasibility; it is far above the
/// rounding error of a sum of millions of losses and far below any
/// meaningful difference of accuracy. With a tolerance of 0 the comparison
/// is exact.
constexpr double kToleranceSlack = 1e-9;

/// Whether a total loss of `loss` is within `tolerance` (see kToleranceSlack).
bool isWithinTolerance(double loss, double tolerance);

/// The largest total loss within `tolerance`: tolerance * (1 +
/// kToleranceSlack).
double getLossBudget(double tolerance);

/// Checks that `problem` is well formed: weights finite and >= 0, tolerance
/// >= 0 (not NaN), every op with at least one choice and a baseline among
/// them, every time and loss finite and >= 0. The message names the op and
/// choice at fault.
llvm::Error verifyAssignmentProblem(const AssignmentProblem &problem);

/// The smallest achievable total loss: every op at its least lossy choice.
double getMinimumLoss(const AssignmentProblem &problem);

/// Fails when no assignment is within the tolerance, with a message naming
/// the tolerance and the smallest achievable loss.
llvm::Error checkToleranceIsAchievable(const AssignmentProblem &problem);

/// The totals of `choices` (one index per op), summed in op order.
AssignmentTotals evaluateAssignment(const AssignmentProblem &problem,
                                    llvm::ArrayRef<unsigned> choices);

/// The choices of every op at its baseline.
std::vector<unsigned> getBaselineAssignment(const AssignmentProblem &problem);

} // namespace mlir::ap

#endif // AP_ASSIGNMENT_ASSIGNMENTPROBLEM_H
