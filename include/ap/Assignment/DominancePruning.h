//===- DominancePruning.h - Removal of dominated choices --------*- C++ -*-===//
//
// Part of the ap project: an adaptive-precision compiler built on MLIR.
//
//===----------------------------------------------------------------------===//
//
// A choice of an op is dominated when another choice of the same op is at
// least as cheap (in the objective's weighted cost) and at least as accurate,
// and better in one of the two. Replacing a dominated choice by the choice
// that dominates it never raises the objective nor the loss, so some optimal
// assignment uses only undominated choices: they can be removed before any
// search. Of several identical choices (same cost, same loss) the first one
// is kept.
//
//===----------------------------------------------------------------------===//

#ifndef AP_ASSIGNMENT_DOMINANCEPRUNING_H
#define AP_ASSIGNMENT_DOMINANCEPRUNING_H

#include "ap/Assignment/AssignmentProblem.h"

#include "llvm/ADT/SmallVector.h"

namespace mlir::ap {

/// The indices of the undominated choices of op `op` of `problem`, sorted by
/// increasing loss, hence strictly decreasing cost: the Pareto front of the
/// op in the (loss, cost) plane. Runs in O(k log k) for k choices.
llvm::SmallVector<unsigned>
getUndominatedChoices(const AssignmentProblem &problem, unsigned op);

/// Whether choice `choice` of op `op` is dominated by another choice of the
/// same op (by a strictly better one, or by an identical one of lower
/// index).
bool isDominatedChoice(const AssignmentProblem &problem, unsigned op,
                       unsigned choice);

} // namespace mlir::ap

#endif // AP_ASSIGNMENT_DOMINANCEPRUNING_H
