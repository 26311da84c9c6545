//===- UpgradeSelection.cpp - The upgrade step of the verified mode -------===//
//
// Part of the ap project: an adaptive-precision compiler built on MLIR.
//
//===----------------------------------------------------------------------===//

#include "ap/Assignment/UpgradeSelection.h"

#include <algorithm>
#include <cassert>

using namespace mlir::ap;

namespace {
/// A candidate upgrade with its rank.
struct Candidate {
  PrecisionUpgrade upgrade;
  /// min(lossReduction, excess).
  double useful = 0;
  bool isFree() const { return upgrade.costIncrease <= 0; }
};
} // namespace

/// Whether `a` is to be applied rather than `b` (see selectUpgrade).
static bool isBetter(const Candidate &a, const Candidate &b) {
  if (a.isFree() != b.isFree())
    return a.isFree();
  if (a.isFree()) {
    if (a.useful != b.useful)
      return a.useful > b.useful;
    if (a.upgrade.costIncrease != b.upgrade.costIncrease)
      return a.upgrade.costIncrease < b.upgrade.costIncrease;
  } else {
    // Compare useful_a / cost_a with useful_b / cost_b; both costs are > 0.
    double ratioA = a.useful / a.upgrade.costIncrease;
    double ratioB = b.useful / b.upgrade.costIncrease;
    if (ratioA != ratioB)
      return ratioA > ratioB;
    if (a.useful != b.useful)
      return a.useful > b.useful;
  }
  if (a.upgrade.op != b.upgrade.op)
    return a.upgrade.op < b.upgrade.op;
  return a.upgrade.choice < b.upgrade.choice;
}

std::optional<PrecisionUpgrade>
mlir::ap::selectUpgrade(const AssignmentProblem &problem,
                        llvm::ArrayRef<unsigned> assignment,
                        double measuredLoss) {
  assert(assignment.size() == problem.ops.size() && "one choice per op");
  assert(measuredLoss > problem.tolerance &&
         "an upgrade is only needed above the tolerance");
  double excess = measuredLoss - problem.tolerance;

  std::optional<Candidate> best;
  for (unsigned op = 0, e = problem.ops.size(); op < e; ++op) {
    const AssignmentOp &theOp = problem.ops[op];
    unsigned current = assignment[op];
    assert(current < theOp.choices.size() && "choice out of range");
    double currentLoss = theOp.choices[current].loss;
    double currentCost = problem.getCost(op, current);
    for (unsigned choice = 0, k = theOp.choices.size(); choice < k; ++choice) {
      double loss = theOp.choices[choice].loss;
      if (!(loss < currentLoss))
        continue;
      Candidate candidate;
      candidate.upgrade.op = op;
      candidate.upgrade.choice = choice;
      candidate.upgrade.lossReduction = currentLoss - loss;
      candidate.upgrade.costIncrease =
          problem.getCost(op, choice) - currentCost;
      candidate.useful = std::min(candidate.upgrade.lossReduction, excess);
      if (!best || isBetter(candidate, *best))
        best = candidate;
    }
  }
  if (!best)
    return std::nullopt;
  return best->upgrade;
}
