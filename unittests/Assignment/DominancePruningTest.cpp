//===- DominancePruningTest.cpp - Tests of the removal of dominated choices
//===//
//
// Part of the ap project: an adaptive-precision compiler built on MLIR.
//
//===----------------------------------------------------------------------===//

#include "ap/Assignment/DominancePruning.h"

#include "AssignmentTesting.h"

#include "gtest/gtest.h"

#include <algorithm>

using namespace mlir::ap;
using namespace mlir::ap::test;

namespace {

TEST(DominancePruningTest, HandMade) {
  AssignmentProblem problem;
  problem.wExec = 1;
  problem.wXfer = 0;
  problem.ops.push_back({"op",
                         {
                             makeChoice("f32", 10, 0),   // front
                             makeChoice("f16", 6, 0.1),  // front
                             makeChoice("bf16", 6, 0.3), // f16 is as cheap
                             makeChoice("fp8", 7, 0.5),  // f16 is cheaper
                             makeChoice("i8", 3, 0.5),   // front
                             makeChoice("i8'", 3, 0.5),  // identical to i8
                             makeChoice("i4", 3, 0.9),   // i8 as cheap
                             makeChoice("f64", 12, 0),   // f32 is cheaper
                         },
                         0});
  EXPECT_EQ(getUndominatedChoices(problem, 0),
            (llvm::SmallVector<unsigned>{0, 1, 4}));
  std::vector<bool> expected = {false, false, true, true,
                                false, true,  true, true};
  for (unsigned choice = 0; choice < expected.size(); ++choice)
    EXPECT_EQ(isDominatedChoice(problem, 0, choice), expected[choice])
        << "choice " << choice;

  // The loss term of the objective changes what dominates what: with wAcc,
  // bf16 costs 6 + 100 * 0.3 and the cheap lossy choices lose.
  problem.wAcc = 100;
  EXPECT_EQ(getUndominatedChoices(problem, 0),
            (llvm::SmallVector<unsigned>{0}));
}

TEST(DominancePruningTest, KeepsTheOptimum) {
  RandomProblems random(7);
  int checked = 0;
  for (int iteration = 0; iteration < 1000; ++iteration) {
    AssignmentProblem problem = random.make();
    std::vector<std::vector<unsigned>> allowed;
    for (unsigned op = 0; op < problem.ops.size(); ++op) {
      llvm::SmallVector<unsigned> kept = getUndominatedChoices(problem, op);
      // The front: by increasing loss and strictly decreasing cost, and
      // exactly the choices that are not dominated.
      for (unsigned index = 1; index < kept.size(); ++index) {
        EXPECT_LT(problem.ops[op].choices[kept[index - 1]].loss,
                  problem.ops[op].choices[kept[index]].loss);
        EXPECT_GT(problem.getCost(op, kept[index - 1]),
                  problem.getCost(op, kept[index]));
      }
      for (unsigned choice = 0; choice < problem.ops[op].choices.size();
           ++choice)
        EXPECT_EQ(isDominatedChoice(problem, op, choice),
                  std::find(kept.begin(), kept.end(), choice) == kept.end());
      allowed.emplace_back(kept.begin(), kept.end());
    }
    std::optional<ExhaustiveResult> all = solveExhaustively(problem);
    std::optional<ExhaustiveResult> pruned =
        solveExhaustively(problem, &allowed);
    ASSERT_EQ(all.has_value(), pruned.has_value()) << "iteration " << iteration;
    if (all) {
      EXPECT_EQ(all->objective, pruned->objective) << "iteration " << iteration;
      ++checked;
    }
  }
  EXPECT_GT(checked, 500);
}

} // namespace
