//===- UpgradeSelection.h - The upgrade step of the verified mode -*- C++ -*-=//
//
// Part of the ap project: an adaptive-precision compiler built on MLIR.
//
//===----------------------------------------------------------------------===//
//
// The verified mode assigns precisions, executes the assigned model on the
// calibration set and, while the measured loss exceeds the tolerance, raises
// the precision of one op and measures again. This file is the choice of that
// op, independent of the IR; the loop that executes the model is on the IR
// side.
//
//===----------------------------------------------------------------------===//

#ifndef AP_ASSIGNMENT_UPGRADESELECTION_H
#define AP_ASSIGNMENT_UPGRADESELECTION_H

#include "ap/Assignment/AssignmentProblem.h"

#include <optional>

namespace mlir::ap {

/// A move of one op to a choice of lower estimated loss.
struct PrecisionUpgrade {
  /// The op, and the index of its new choice.
  unsigned op = 0;
  unsigned choice = 0;
  /// The estimated loss removed: loss(current) - loss(new) > 0.
  double lossReduction = 0;
  /// The objective added: cost(new) - cost(current), <= 0 for a free
  /// upgrade.
  double costIncrease = 0;
};

/// Selects the upgrade to apply when the loss of `assignment` (one choice
/// index per op), measured as `measuredLoss`, exceeds the tolerance.
///
/// Candidates are the moves of one op from its current choice to a choice
/// with strictly lower estimated loss. With excess = measuredLoss -
/// tolerance, a candidate's useful reduction is min(lossReduction, excess):
/// removing more loss than the excess is worth no more than removing the
/// excess. The candidate applied is:
/// - a free one (costIncrease <= 0) before any other: the largest useful
///   reduction first, then the smallest cost increase;
/// - otherwise the one with the largest useful reduction / costIncrease
///   (estimated loss removed per unit of objective added), ties broken by
///   the larger useful reduction;
/// remaining ties go to the lower op index, then the lower choice index.
/// Capping the reduction makes the cheapest of the upgrades that each close
/// the gap win over one that removes much more loss than needed.
///
/// Returns nothing when every op is already at its least lossy choice.
/// Requires a well-formed problem, an assignment of the right size and
/// measuredLoss > tolerance. O(n k) for n ops of k choices.
std::optional<PrecisionUpgrade>
selectUpgrade(const AssignmentProblem &problem,
              llvm::ArrayRef<unsigned> assignment, double measuredLoss);

} // namespace mlir::ap

#endif // AP_ASSIGNMENT_UPGRADESELECTION_H
