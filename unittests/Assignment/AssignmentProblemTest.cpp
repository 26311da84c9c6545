//===- AssignmentProblemTest.cpp - Tests of the assignment problem --------===//
//
// Part of the ap project: an adaptive-precision compiler built on MLIR.
//
//===----------------------------------------------------------------------===//

#include "ap/Assignment/AssignmentProblem.h"
#include "ap/Assignment/GreedyAssignment.h"
#include "ap/Assignment/OptimalAssignment.h"

#include "AssignmentTesting.h"

#include "gtest/gtest.h"

#include <limits>

using namespace mlir::ap;
using namespace mlir::ap::test;

namespace {

AssignmentProblem twoOps() {
  AssignmentProblem problem;
  problem.ops.push_back(
      {"conv", {makeChoice("f32", 4, 0, 1), makeChoice("i8", 1, 0.5)}, 0});
  problem.ops.push_back(
      {"fc", {makeChoice("f32", 2, 0), makeChoice("f16", 1, 0.25, 3)}, 0});
  problem.wExec = 1;
  problem.wXfer = 2;
  problem.wAcc = 4;
  problem.tolerance = 1;
  return problem;
}

TEST(AssignmentProblemTest, CostAndTotals) {
  AssignmentProblem problem = twoOps();
  EXPECT_EQ(problem.getCost(0, 0), 4 + 2 * 1);
  EXPECT_EQ(problem.getCost(0, 1), 1 + 4 * 0.5);
  AssignmentTotals totals = evaluateAssignment(problem, {1, 1});
  EXPECT_EQ(totals.execTime, 2);
  EXPECT_EQ(totals.transferTime, 3);
  EXPECT_EQ(totals.loss, 0.75);
  EXPECT_EQ(totals.objective, (1 + 2.0) + (1 + 6 + 1));
  EXPECT_EQ(getBaselineAssignment(problem), (std::vector<unsigned>{0, 0}));
  EXPECT_EQ(getMinimumLoss(problem), 0);
}

TEST(AssignmentProblemTest, ToleranceSlack) {
  // 0.1 + 0.2 > 0.3 in binary, yet within a tolerance of 0.3.
  EXPECT_TRUE(isWithinTolerance(0.1 + 0.2, 0.3));
  EXPECT_FALSE(isWithinTolerance(0.3001, 0.3));
  EXPECT_TRUE(isWithinTolerance(0, 0));
  EXPECT_FALSE(isWithinTolerance(1e-300, 0));
  EXPECT_TRUE(
      isWithinTolerance(1e300, std::numeric_limits<double>::infinity()));
}

TEST(AssignmentProblemTest, MalformedProblems) {
  AssignmentProblem problem = twoOps();
  EXPECT_EQ(errorMessage(verifyAssignmentProblem(problem)), "success");

  problem.ops[1].choices[1].loss = -0.5;
  EXPECT_EQ(errorMessage(verifyAssignmentProblem(problem)),
            "op 'fc' (#1), choice 1 'f16': the loss must be finite and >= 0, "
            "not -0.5");
  problem = twoOps();
  problem.ops[0].choices[0].execTime = std::nan("");
  EXPECT_EQ(errorMessage(verifyAssignmentProblem(problem)),
            "op 'conv' (#0), choice 0 'f32': the execution time must be "
            "finite and >= 0, not nan");
  problem = twoOps();
  problem.ops[0].choices[1].transferTime =
      std::numeric_limits<double>::infinity();
  EXPECT_EQ(errorMessage(verifyAssignmentProblem(problem)),
            "op 'conv' (#0), choice 1 'i8': the transfer time must be finite "
            "and >= 0, not inf");
  problem = twoOps();
  problem.ops[1].choices.clear();
  EXPECT_EQ(errorMessage(verifyAssignmentProblem(problem)),
            "op 'fc' (#1) has no candidate choice (its device supports none)");
  problem = twoOps();
  problem.ops[1].name.clear();
  problem.ops[1].baseline = 2;
  EXPECT_EQ(errorMessage(verifyAssignmentProblem(problem)),
            "op #1 has baseline choice 2 but only 2 choices");
  problem = twoOps();
  problem.wXfer = -1;
  EXPECT_EQ(errorMessage(verifyAssignmentProblem(problem)),
            "the weight wXfer must be finite and >= 0, not -1");
  problem = twoOps();
  problem.tolerance = std::nan("");
  EXPECT_EQ(errorMessage(verifyAssignmentProblem(problem)),
            "the loss tolerance must be >= 0, not nan");

  // The algorithms report the same errors.
  problem = twoOps();
  problem.wAcc = -2;
  EXPECT_EQ(errorMessage(assignGreedy(problem)),
            "the weight wAcc must be finite and >= 0, not -2");
  EXPECT_EQ(errorMessage(assignOptimal(problem)),
            "the weight wAcc must be finite and >= 0, not -2");
}

TEST(AssignmentProblemTest, ImpossibleTolerance) {
  AssignmentProblem problem = twoOps();
  // No f32 on either device: the least loss is 0.5 + 0.25.
  problem.ops[0].choices.erase(problem.ops[0].choices.begin());
  problem.ops[1].choices.erase(problem.ops[1].choices.begin());
  problem.tolerance = 0.5;
  const char *message = "the loss tolerance 0.5 cannot be met: the smallest "
                        "achievable estimated loss is 0.75 (every op at its "
                        "least lossy choice)";
  EXPECT_EQ(errorMessage(checkToleranceIsAchievable(problem)), message);
  EXPECT_EQ(errorMessage(assignOptimal(problem)), message);
  EXPECT_EQ(errorMessage(assignGreedy(problem)), message);

  problem.tolerance = 0.75;
  EXPECT_EQ(errorMessage(checkToleranceIsAchievable(problem)), "success");
}

} // namespace
