//===- GreedyAssignment.h - The per-layer greedy baseline -------*- C++ -*-===//
//
// Part of the ap project: an adaptive-precision compiler built on MLIR.
//
//===----------------------------------------------------------------------===//
//
// The greedy loop of ap's original design, kept as a baseline for the optimal
// algorithm: start with every op at its baseline (f32) choice and move one op
// at a time to a cheaper choice while the total loss stays within the
// tolerance.
//
//===----------------------------------------------------------------------===//

#ifndef AP_ASSIGNMENT_GREEDYASSIGNMENT_H
#define AP_ASSIGNMENT_GREEDYASSIGNMENT_H

#include "ap/Assignment/AssignmentProblem.h"

namespace mlir::ap {

/// Assigns choices greedily.
///
/// 1. Every op starts at its baseline choice.
/// 2. Repair (only when the baseline total loss exceeds the tolerance, e.g.
///    an op without f32): the upgrade rule of the verified mode
///    (selectUpgrade in UpgradeSelection.h, with the estimated total loss as
///    the measured one) is applied until the total is within the tolerance.
/// 3. Descent: a move takes one op from its current choice c to a choice d
///    with cost(d) < cost(c) (cost: the op's weighted objective term); it
///    saves gain = cost(c) - cost(d) and adds dloss = loss(d) - loss(c). A
///    move fits when the total loss after it is within the tolerance. Among
///    the moves that fit, the one applied is:
///    - a free move (dloss <= 0) before any other: the largest gain first,
///      then the smallest dloss;
///    - otherwise the move with the largest gain / dloss (cost saved per unit
///      of loss added), ties broken by the larger gain;
///    remaining ties go to the lower op index, then the lower choice index.
///    The descent stops when no move fits.
///
/// Every move lowers the objective, so the loop ends after at most k - 1
/// moves per op (k choices). After its first move an op is never at a
/// dominated choice, so the remaining budget only shrinks and a move that
/// does not fit never fits later; the implementation keeps the best
/// remaining move of every op in a priority queue, O(n k (k log k + log n))
/// for n ops of k choices. The result is
/// within the tolerance but in general not optimal (`provedOptimal` is
/// false and `lowerBound` is 0).
///
/// Fails when the problem is malformed or the tolerance cannot be met.
llvm::Expected<AssignmentResult> assignGreedy(const AssignmentProblem &problem);

} // namespace mlir::ap

#endif // AP_ASSIGNMENT_GREEDYASSIGNMENT_H
