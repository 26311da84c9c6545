//===- GreedyAssignmentTest.cpp - Tests of the greedy assignment ----------===//
//
// Part of the ap project: an adaptive-precision compiler built on MLIR.
//
//===----------------------------------------------------------------------===//

#include "ap/Assignment/GreedyAssignment.h"
#include "ap/Assignment/OptimalAssignment.h"

#include "AssignmentTesting.h"

#include "gtest/gtest.h"

using namespace mlir::ap;
using namespace mlir::ap::test;

namespace {

using Choices = std::vector<unsigned>;

TEST(GreedyAssignmentTest, BestRatioFirst) {
  // op0 to i8 saves 10 for 5 of loss (2 per unit), op1 saves 3 for 1 (3 per
  // unit): greedy takes op1 first, after which op0 no longer fits.
  AssignmentProblem problem;
  problem.wExec = 1;
  problem.ops.push_back(
      {"op0", {makeChoice("f32", 10, 0), makeChoice("i8", 0, 5)}, 0});
  problem.ops.push_back(
      {"op1", {makeChoice("f32", 3, 0), makeChoice("i8", 0, 1)}, 0});
  problem.tolerance = 5;
  llvm::Expected<AssignmentResult> greedy = assignGreedy(problem);
  ASSERT_TRUE(bool(greedy));
  EXPECT_EQ(greedy->choices, (Choices{0, 1}));
  EXPECT_EQ(greedy->totals.objective, 10);
  EXPECT_EQ(greedy->totals.loss, 1);
  EXPECT_EQ(greedy->baseline.objective, 13);
  EXPECT_EQ(greedy->statistics.moves, 1u);
  EXPECT_FALSE(greedy->provedOptimal);
  // The optimum takes op0 instead.
  llvm::Expected<AssignmentResult> optimal = assignOptimal(problem);
  ASSERT_TRUE(bool(optimal));
  EXPECT_EQ(optimal->choices, (Choices{1, 0}));
  EXPECT_EQ(optimal->totals.objective, 3);
  EXPECT_TRUE(optimal->provedOptimal);
  EXPECT_EQ(optimal->lowerBound, 3);

  // With room for both, both move.
  problem.tolerance = 6;
  greedy = assignGreedy(problem);
  ASSERT_TRUE(bool(greedy));
  EXPECT_EQ(greedy->choices, (Choices{1, 1}));
}

TEST(GreedyAssignmentTest, SeveralMovesOfOneOp) {
  // f16 first (40 per unit), then from f16 to i8 (2 for 0.4: 5 per unit),
  // which fits a tolerance of 0.5 but not 0.4.
  AssignmentProblem problem;
  problem.ops.push_back({"op",
                         {makeChoice("f32", 8, 0), makeChoice("f16", 4, 0.1),
                          makeChoice("i8", 2, 0.5)},
                         0});
  problem.tolerance = 0.5;
  llvm::Expected<AssignmentResult> greedy = assignGreedy(problem);
  ASSERT_TRUE(bool(greedy));
  EXPECT_EQ(greedy->choices, (Choices{2}));
  EXPECT_EQ(greedy->statistics.moves, 2u);
  problem.tolerance = 0.4;
  greedy = assignGreedy(problem);
  ASSERT_TRUE(bool(greedy));
  EXPECT_EQ(greedy->choices, (Choices{1}));
}

TEST(GreedyAssignmentTest, FreeMovesAndRepair) {
  AssignmentProblem problem;
  // A baseline dominated by a cheaper exact choice: a free move even at
  // tolerance 0.
  problem.ops.push_back({"op0",
                         {makeChoice("f32", 8, 0), makeChoice("f32-fast", 6, 0),
                          makeChoice("i8", 1, 1)},
                         0});
  // No f32: the baseline is lossy and the tolerance forces an upgrade.
  problem.ops.push_back(
      {"op1", {makeChoice("bf16", 1, 0.5), makeChoice("f16", 1.2, 0.1)}, 0});
  problem.tolerance = 0.2;
  llvm::Expected<AssignmentResult> greedy = assignGreedy(problem);
  ASSERT_TRUE(bool(greedy));
  EXPECT_EQ(greedy->choices, (Choices{1, 1}));
  EXPECT_EQ(greedy->baseline.loss, 0.5);
  EXPECT_EQ(greedy->totals.loss, 0.1);
  EXPECT_TRUE(isWithinTolerance(greedy->totals.loss, problem.tolerance));
}

TEST(GreedyAssignmentTest, NeverBeatsOptimalAndRespectsTolerance) {
  RandomProblems random(11);
  int feasible = 0, strictlyWorse = 0;
  for (int iteration = 0; iteration < 2000; ++iteration) {
    AssignmentProblem problem = random.make();
    llvm::Expected<AssignmentResult> greedy = assignGreedy(problem);
    llvm::Expected<AssignmentResult> optimal = assignOptimal(problem);
    ASSERT_EQ(bool(greedy), bool(optimal)) << "iteration " << iteration;
    if (!greedy) {
      llvm::consumeError(greedy.takeError());
      llvm::consumeError(optimal.takeError());
      continue;
    }
    ++feasible;
    EXPECT_TRUE(isWithinTolerance(greedy->totals.loss, problem.tolerance))
        << "iteration " << iteration;
    EXPECT_EQ(greedy->totals.objective,
              evaluateAssignment(problem, greedy->choices).objective);
    EXPECT_GE(greedy->totals.objective, optimal->totals.objective)
        << "iteration " << iteration;
    if (greedy->totals.objective > optimal->totals.objective * (1 + 1e-9))
      ++strictlyWorse;
  }
  EXPECT_GT(feasible, 1500);
  // The baseline is not optimal everywhere.
  EXPECT_GT(strictlyWorse, 10);
}

} // namespace
