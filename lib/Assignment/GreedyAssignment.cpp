//===- GreedyAssignment.cpp - The per-layer greedy baseline ---------------===//
//
// Part of the ap project: an adaptive-precision compiler built on MLIR.
//
//===----------------------------------------------------------------------===//

#include "ap/Assignment/GreedyAssignment.h"
#include "ap/Assignment/UpgradeSelection.h"

#include "llvm/ADT/SmallVector.h"

#include <algorithm>
#include <cassert>
#include <queue>
#include <tuple>
#include <vector>

using namespace mlir::ap;

namespace {
/// A move of the descent that adds loss: op `op` to choice `to`.
struct LossyMove {
  /// gain / dloss, the cost saved per unit of loss added.
  double ratio;
  double gain;
  double dloss;
  unsigned op, to;
};

/// Orders the priority queue so that its top is the move to apply first.
struct LossyMoveOrder {
  bool operator()(const LossyMove &a, const LossyMove &b) const {
    // True when `a` comes after `b`.
    if (a.ratio != b.ratio)
      return a.ratio < b.ratio;
    if (a.gain != b.gain)
      return a.gain < b.gain;
    return std::tie(a.op, a.to) > std::tie(b.op, b.to);
  }
};
} // namespace

llvm::Expected<AssignmentResult>
mlir::ap::assignGreedy(const AssignmentProblem &problem) {
  if (llvm::Error error = verifyAssignmentProblem(problem))
    return std::move(error);
  if (llvm::Error error = checkToleranceIsAchievable(problem))
    return std::move(error);

  AssignmentResult result;
  std::vector<unsigned> &choices = result.choices;
  choices = getBaselineAssignment(problem);
  result.baseline = evaluateAssignment(problem, choices);
  double budget = getLossBudget(problem.tolerance);
  size_t &moves = result.statistics.moves;

  // Repair: only when the baseline itself exceeds the tolerance.
  double loss = result.baseline.loss;
  while (loss > budget) {
    std::optional<PrecisionUpgrade> upgrade =
        selectUpgrade(problem, choices, loss);
    // Every op at its least lossy choice is within the tolerance, which was
    // checked above.
    assert(upgrade && "the least lossy assignment is within the tolerance");
    if (!upgrade)
      break;
    choices[upgrade->op] = upgrade->choice;
    ++moves;
    loss = evaluateAssignment(problem, choices).loss;
  }

  unsigned numOps = problem.ops.size();
  // Free moves: they never add loss, so each op takes its best one
  // independently (the order among ops does not change the outcome). From
  // there, no op has a free move left.
  for (unsigned op = 0; op < numOps; ++op) {
    const AssignmentOp &theOp = problem.ops[op];
    unsigned current = choices[op];
    double currentCost = problem.getCost(op, current);
    double currentLoss = theOp.choices[current].loss;
    std::optional<unsigned> best;
    double bestGain = 0, bestDloss = 0;
    for (unsigned to = 0, k = theOp.choices.size(); to < k; ++to) {
      double gain = currentCost - problem.getCost(op, to);
      double dloss = theOp.choices[to].loss - currentLoss;
      if (!(gain > 0) || dloss > 0)
        continue;
      if (!best || gain > bestGain || (gain == bestGain && dloss < bestDloss)) {
        best = to;
        bestGain = gain;
        bestDloss = dloss;
      }
    }
    if (best) {
      choices[op] = *best;
      loss += bestDloss;
      ++moves;
    }
  }

  // Lossy moves, best first. The remaining budget only shrinks from here on,
  // so a move that does not fit is dropped for good. Each op keeps its moves
  // from its current choice sorted, best last, and the queue holds the best
  // remaining move of every op: its top is the best move overall.
  LossyMoveOrder order;
  std::vector<llvm::SmallVector<LossyMove, 6>> pending(numOps);
  auto listMoves = [&](unsigned op) {
    const AssignmentOp &theOp = problem.ops[op];
    unsigned from = choices[op];
    double fromCost = problem.getCost(op, from);
    double fromLoss = theOp.choices[from].loss;
    llvm::SmallVector<LossyMove, 6> &list = pending[op];
    list.clear();
    for (unsigned to = 0, k = theOp.choices.size(); to < k; ++to) {
      double gain = fromCost - problem.getCost(op, to);
      double dloss = theOp.choices[to].loss - fromLoss;
      if (!(gain > 0))
        continue;
      assert(dloss > 0 && "no free move is left");
      list.push_back(LossyMove{gain / dloss, gain, dloss, op, to});
    }
    std::sort(list.begin(), list.end(), order);
  };
  std::vector<LossyMove> initial;
  for (unsigned op = 0; op < numOps; ++op) {
    listMoves(op);
    if (!pending[op].empty())
      initial.push_back(pending[op].pop_back_val());
  }
  std::priority_queue<LossyMove, std::vector<LossyMove>, LossyMoveOrder> queue(
      order, std::move(initial));
  while (!queue.empty()) {
    LossyMove move = queue.top();
    queue.pop();
    if (loss + move.dloss <= budget) {
      choices[move.op] = move.to;
      loss += move.dloss;
      ++moves;
      listMoves(move.op);
    }
    if (!pending[move.op].empty())
      queue.push(pending[move.op].pop_back_val());
  }

  result.totals = evaluateAssignment(problem, choices);
  result.lowerBound = 0;
  result.provedOptimal = false;
  return result;
}
