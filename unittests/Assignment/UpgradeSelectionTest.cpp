//===- UpgradeSelectionTest.cpp - Tests of the verified mode's upgrade ----===//
//
// Part of the ap project: an adaptive-precision compiler built on MLIR.
//
//===----------------------------------------------------------------------===//

#include "ap/Assignment/UpgradeSelection.h"

#include "llvm/ADT/STLExtras.h"

#include "AssignmentTesting.h"

#include "gtest/gtest.h"

#include <array>

using namespace mlir::ap;
using namespace mlir::ap::test;

namespace {

/// Ops with choices (f32, f16, i8) of the given times and losses, costed by
/// time only.
AssignmentProblem
threeChoiceOps(std::vector<std::array<std::pair<double, double>, 3>> ops,
               double tolerance) {
  AssignmentProblem problem;
  problem.wExec = 1;
  problem.wXfer = 0;
  problem.tolerance = tolerance;
  const char *labels[] = {"f32", "f16", "i8"};
  for (auto [index, op] : llvm::enumerate(ops)) {
    AssignmentOp theOp;
    theOp.name = "op" + std::to_string(index);
    for (unsigned c = 0; c < 3; ++c)
      theOp.choices.push_back(makeChoice(labels[c], op[c].first, op[c].second));
    problem.ops.push_back(std::move(theOp));
  }
  return problem;
}

TEST(UpgradeSelectionTest, BestRatio) {
  // (time, loss) of f32, f16, i8.
  AssignmentProblem problem = threeChoiceOps(
      {
          {{{4, 0}, {2, 0.1}, {1, 0.3}}}, // i8 -> f16: 0.2 for 1
          {{{3, 0}, {2, 0.1}, {1, 0.2}}}, // i8 -> f16: 0.1 for 1, f32 0.2 for 2
          {{{1.5, 0}, {1.2, 0.1}, {1, 0.2}}}, // i8 -> f32: 0.2 for 0.5
      },
      0.1);
  std::optional<PrecisionUpgrade> upgrade =
      selectUpgrade(problem, {2, 2, 2}, /*measuredLoss=*/0.9);
  ASSERT_TRUE(upgrade);
  // Excess 0.8: nothing is capped; op2 to f32 removes 0.2 for 0.5 (0.4 per
  // unit); op2 to f16 removes 0.1 for 0.2 (0.5 per unit) and wins.
  EXPECT_EQ(upgrade->op, 2u);
  EXPECT_EQ(upgrade->choice, 1u);
  EXPECT_DOUBLE_EQ(upgrade->lossReduction, 0.1);
  EXPECT_DOUBLE_EQ(upgrade->costIncrease, 0.2);

  // From op2 at f16, op2's last upgrade removes 0.1 for 0.3 (1/3) and op0's
  // f16 0.2 for 1: op2 again.
  upgrade = selectUpgrade(problem, {2, 2, 1}, 0.8);
  ASSERT_TRUE(upgrade);
  EXPECT_EQ(upgrade->op, 2u);
  EXPECT_EQ(upgrade->choice, 0u);
  // Then op0 to f16 (0.2 per unit) beats op1's upgrades (0.1 per unit).
  upgrade = selectUpgrade(problem, {2, 2, 0}, 0.7);
  ASSERT_TRUE(upgrade);
  EXPECT_EQ(upgrade->op, 0u);
  EXPECT_EQ(upgrade->choice, 1u);
}

TEST(UpgradeSelectionTest, CappedByTheExcess) {
  // op0: i8 -> f32 removes 1.0 for 1 (ratio 1); op1: i8 -> f16 removes 0.1
  // for 0.2 (ratio 0.5).
  AssignmentProblem problem = threeChoiceOps(
      {
          {{{2, 0}, {1.9, 0.9}, {1, 1.0}}},
          {{{3, 0}, {1.2, 0.1}, {1, 0.2}}},
      },
      1.0);
  // A large excess: the best ratio, op0 to f32 (1.0 for 1; f16 is 0.1 for
  // 0.9).
  std::optional<PrecisionUpgrade> upgrade = selectUpgrade(problem, {2, 2}, 3);
  ASSERT_TRUE(upgrade);
  EXPECT_EQ(upgrade->op, 0u);
  EXPECT_EQ(upgrade->choice, 0u);
  // An excess of 0.1: both upgrades close it, the cheaper one wins (op0 is
  // worth 0.1 for 1, op1 0.1 for 0.2).
  upgrade = selectUpgrade(problem, {2, 2}, 1.1);
  ASSERT_TRUE(upgrade);
  EXPECT_EQ(upgrade->op, 1u);
  EXPECT_EQ(upgrade->choice, 1u);
  EXPECT_DOUBLE_EQ(upgrade->lossReduction, 0.1);
}

TEST(UpgradeSelectionTest, FreeUpgradesFirst) {
  AssignmentProblem problem = threeChoiceOps(
      {
          {{{1.8, 0}, {2, 0.5}, {1.5, 1}}},  // i8 -> f32: 1 for 0.3
          {{{5, 0.2}, {3, 0.25}, {3, 0.3}}}, // i8 -> f16: 0.05, free
      },
      0.0);
  std::optional<PrecisionUpgrade> upgrade = selectUpgrade(problem, {2, 2}, 2);
  ASSERT_TRUE(upgrade);
  EXPECT_EQ(upgrade->op, 1u);
  EXPECT_EQ(upgrade->choice, 1u);
  EXPECT_DOUBLE_EQ(upgrade->costIncrease, 0);
  // Op0 at f16 -> f32 is free too (0.5 for -0.2) and removes more.
  upgrade = selectUpgrade(problem, {1, 2}, 2);
  ASSERT_TRUE(upgrade);
  EXPECT_EQ(upgrade->op, 0u);
  EXPECT_EQ(upgrade->choice, 0u);
  EXPECT_DOUBLE_EQ(upgrade->costIncrease, -0.2);
}

TEST(UpgradeSelectionTest, TiesAndNothingLeft) {
  AssignmentProblem problem = threeChoiceOps(
      {
          {{{2, 0}, {1.5, 0.1}, {1, 0.2}}},
          {{{2, 0}, {1.5, 0.1}, {1, 0.2}}},
      },
      0.05);
  // Identical ops: the lower op index, then of the two equal ratios of op0
  // (f16 0.1 for 0.5, f32 0.2 for 1) the larger reduction.
  std::optional<PrecisionUpgrade> upgrade = selectUpgrade(problem, {2, 2}, 1);
  ASSERT_TRUE(upgrade);
  EXPECT_EQ(upgrade->op, 0u);
  EXPECT_EQ(upgrade->choice, 0u);
  // Every op at its least lossy choice: nothing to upgrade.
  EXPECT_FALSE(selectUpgrade(problem, {0, 0}, 1));
  EXPECT_FALSE(selectUpgrade(AssignmentProblem{}, {}, 1));
}

} // namespace
