//===- DominancePruning.cpp - Removal of dominated choices ----------------===//
//
// Part of the ap project: an adaptive-precision compiler built on MLIR.
//
//===----------------------------------------------------------------------===//

#include "ap/Assignment/DominancePruning.h"

#include <algorithm>
#include <numeric>
#include <tuple>

using namespace mlir::ap;

llvm::SmallVector<unsigned>
mlir::ap::getUndominatedChoices(const AssignmentProblem &problem, unsigned op) {
  const AssignmentOp &theOp = problem.ops[op];
  unsigned count = theOp.choices.size();
  llvm::SmallVector<double> costs(count);
  for (unsigned choice = 0; choice < count; ++choice)
    costs[choice] = problem.getCost(theOp.choices[choice]);

  // By loss, then cost, then index: a choice is dominated exactly when a
  // choice before it in this order costs no more than it, i.e. when its cost
  // is not below the least cost seen so far.
  llvm::SmallVector<unsigned> order(count);
  std::iota(order.begin(), order.end(), 0u);
  std::sort(order.begin(), order.end(), [&](unsigned a, unsigned b) {
    return std::make_tuple(theOp.choices[a].loss, costs[a], a) <
           std::make_tuple(theOp.choices[b].loss, costs[b], b);
  });
  llvm::SmallVector<unsigned> kept;
  for (unsigned choice : order)
    if (kept.empty() || costs[choice] < costs[kept.back()])
      kept.push_back(choice);
  return kept;
}

bool mlir::ap::isDominatedChoice(const AssignmentProblem &problem, unsigned op,
                                 unsigned choice) {
  const AssignmentOp &theOp = problem.ops[op];
  double cost = problem.getCost(op, choice);
  double loss = theOp.choices[choice].loss;
  for (unsigned other = 0, e = theOp.choices.size(); other < e; ++other) {
    if (other == choice)
      continue;
    double otherCost = problem.getCost(op, other);
    double otherLoss = theOp.choices[other].loss;
    if (otherCost > cost || otherLoss > loss)
      continue;
    if (otherCost < cost || otherLoss < loss || other < choice)
      return true;
  }
  return false;
}
