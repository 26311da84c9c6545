//===- OptimalAssignmentTest.cpp - Tests of the optimal assignment --------===//
//
// Part of the ap project: an adaptive-precision compiler built on MLIR.
//
//===----------------------------------------------------------------------===//

#include "ap/Assignment/OptimalAssignment.h"

#include "AssignmentTesting.h"

#include "gtest/gtest.h"

#include <limits>

using namespace mlir::ap;
using namespace mlir::ap::test;

namespace {

using Choices = std::vector<unsigned>;

/// Checks what every result must satisfy: one valid choice per op, totals
/// that are those of the choices, the tolerance, and the bound.
void checkConsistent(const AssignmentProblem &problem,
                     const AssignmentResult &result) {
  ASSERT_EQ(result.choices.size(), problem.ops.size());
  for (unsigned op = 0; op < problem.ops.size(); ++op)
    ASSERT_LT(result.choices[op], problem.ops[op].choices.size());
  AssignmentTotals totals = evaluateAssignment(problem, result.choices);
  EXPECT_EQ(result.totals.objective, totals.objective);
  EXPECT_EQ(result.totals.loss, totals.loss);
  EXPECT_EQ(result.totals.execTime, totals.execTime);
  EXPECT_EQ(result.totals.transferTime, totals.transferTime);
  EXPECT_TRUE(isWithinTolerance(result.totals.loss, problem.tolerance));
  EXPECT_LE(result.lowerBound, result.totals.objective);
  AssignmentTotals baseline =
      evaluateAssignment(problem, getBaselineAssignment(problem));
  EXPECT_EQ(result.baseline.objective, baseline.objective);
  EXPECT_EQ(result.baseline.loss, baseline.loss);
}

/// Checks assignOptimal with `options` against the exhaustive search on
/// 2,000 random instances; returns on how many some op was left free.
int checkAgainstExhaustiveSearch(const OptimalAssignmentOptions &options) {
  RandomProblems random(3);
  int feasible = 0, withFreeOps = 0;
  for (int iteration = 0; iteration < 2000; ++iteration) {
    AssignmentProblem problem = random.make();
    std::optional<ExhaustiveResult> expected = solveExhaustively(problem);
    llvm::Expected<AssignmentResult> result = assignOptimal(problem, options);
    if (!expected) {
      EXPECT_FALSE(bool(result)) << "iteration " << iteration;
      std::string message = errorMessage(std::move(result));
      EXPECT_NE(message.find("cannot be met"), std::string::npos) << message;
      continue;
    }
    if (!result) {
      ADD_FAILURE() << "iteration " << iteration << ": "
                    << errorMessage(result.takeError());
      continue;
    }
    ++feasible;
    if (result->statistics.freeOps > 0)
      ++withFreeOps;
    checkConsistent(problem, *result);
    // Sums are formed in the same order: the optimum is matched exactly, up
    // to the margin of the bounds.
    EXPECT_GE(result->totals.objective, expected->objective)
        << "iteration " << iteration;
    EXPECT_LE(result->totals.objective,
              expected->objective + 1e-9 * std::max(1.0, expected->objective))
        << "iteration " << iteration;
    EXPECT_TRUE(result->provedOptimal);
    EXPECT_EQ(result->lowerBound, result->totals.objective);
  }
  EXPECT_GT(feasible, 1500);
  return withFreeOps;
}

TEST(OptimalAssignmentTest, MatchesExhaustiveSearch) {
  int withFreeOps = checkAgainstExhaustiveSearch({});
  // The bounds leave some ops to the dynamic programming.
  EXPECT_GT(withFreeOps, 50);
}

TEST(OptimalAssignmentTest, MatchesExhaustiveSearchWithoutBounds) {
  // The dynamic programming alone: exact dominance over whole fronts.
  OptimalAssignmentOptions options;
  options.useBounds = false;
  int withFreeOps = checkAgainstExhaustiveSearch(options);
  EXPECT_GT(withFreeOps, 600);
}

/// The exact optimum of a problem with integral losses by dynamic
/// programming over every integral loss total (pseudo-polynomial).
std::optional<double> solveIntegralLosses(const AssignmentProblem &problem) {
  int budget = int(problem.tolerance);
  const double infinity = std::numeric_limits<double>::infinity();
  std::vector<double> best(budget + 1, infinity), next;
  best[0] = 0;
  for (unsigned op = 0; op < problem.ops.size(); ++op) {
    next.assign(budget + 1, infinity);
    for (int loss = 0; loss <= budget; ++loss) {
      if (best[loss] == infinity)
        continue;
      for (unsigned choice = 0; choice < problem.ops[op].choices.size();
           ++choice) {
        int total = loss + int(problem.ops[op].choices[choice].loss);
        if (total <= budget)
          next[total] =
              std::min(next[total], best[loss] + problem.getCost(op, choice));
      }
    }
    best.swap(next);
  }
  double least = *std::min_element(best.begin(), best.end());
  if (least == infinity)
    return std::nullopt;
  return least;
}

TEST(OptimalAssignmentTest, MatchesIntegralDynamicProgramming) {
  // Larger instances with small integral losses (many ties) and continuous
  // costs, against the textbook dynamic programming.
  RandomProblems random(5);
  for (int iteration = 0; iteration < 40; ++iteration) {
    AssignmentProblem problem;
    problem.wExec = 1;
    problem.wXfer = random.uniform(0, 1);
    int numOps = random.integer(20, 200);
    int most = 0;
    for (int index = 0; index < numOps; ++index) {
      AssignmentOp op;
      int numChoices = random.integer(1, 6);
      int opMost = 0;
      for (int c = 0; c < numChoices; ++c) {
        AssignmentChoice choice;
        choice.execTime = random.integer(0, 3) == 0 ? random.integer(1, 10)
                                                    : random.uniform(0, 10);
        choice.transferTime = random.uniform(0, 1);
        choice.loss = random.integer(0, 5);
        opMost = std::max(opMost, int(choice.loss));
        op.choices.push_back(choice);
      }
      most += opMost;
      problem.ops.push_back(std::move(op));
    }
    problem.tolerance = random.integer(0, most);
    std::optional<double> expected = solveIntegralLosses(problem);
    llvm::Expected<AssignmentResult> result = assignOptimal(problem);
    ASSERT_EQ(expected.has_value(), bool(result)) << "iteration " << iteration;
    if (!result) {
      llvm::consumeError(result.takeError());
      continue;
    }
    checkConsistent(problem, *result);
    EXPECT_NEAR(result->totals.objective, *expected, 1e-9 * *expected)
        << "iteration " << iteration;
    EXPECT_TRUE(result->provedOptimal);
  }
}

TEST(OptimalAssignmentTest, BoundedFronts) {
  // With fronts of at most 2 states the result is still within the
  // tolerance and the lower bound still holds; when the fronts never grew,
  // it is still proven optimal.
  RandomProblems random(9);
  OptimalAssignmentOptions options;
  options.maxFrontSize = 2;
  options.resolution = 2;
  int unproved = 0;
  for (int iteration = 0; iteration < 1000; ++iteration) {
    AssignmentProblem problem = random.make();
    std::optional<ExhaustiveResult> expected = solveExhaustively(problem);
    llvm::Expected<AssignmentResult> result = assignOptimal(problem, options);
    ASSERT_EQ(expected.has_value(), bool(result)) << "iteration " << iteration;
    if (!result) {
      llvm::consumeError(result.takeError());
      continue;
    }
    checkConsistent(problem, *result);
    EXPECT_GE(result->totals.objective, expected->objective);
    EXPECT_LE(result->lowerBound,
              expected->objective + 1e-9 * std::max(1.0, expected->objective));
    EXPECT_LE(result->statistics.maxFrontSize, 2u);
    if (result->provedOptimal)
      EXPECT_LE(result->totals.objective,
                expected->objective +
                    1e-9 * std::max(1.0, expected->objective));
    else
      ++unproved;
  }
  EXPECT_GT(unproved, 0);
}

TEST(OptimalAssignmentTest, EdgeCases) {
  // No ops.
  AssignmentProblem problem;
  llvm::Expected<AssignmentResult> result = assignOptimal(problem);
  ASSERT_TRUE(bool(result));
  EXPECT_TRUE(result->choices.empty());
  EXPECT_EQ(result->totals.objective, 0);
  EXPECT_TRUE(result->provedOptimal);

  // One choice per op: nothing to decide, whatever its loss.
  problem.ops.push_back({"a", {makeChoice("i8", 2, 0.25)}, 0});
  problem.ops.push_back({"b", {makeChoice("f16", 3, 0.5)}, 0});
  problem.tolerance = 0.75;
  result = assignOptimal(problem);
  ASSERT_TRUE(bool(result));
  EXPECT_EQ(result->choices, (Choices{0, 0}));
  EXPECT_EQ(result->totals.objective, 5);
  EXPECT_EQ(result->totals.loss, 0.75);
  problem.tolerance = 0.7;
  EXPECT_EQ(errorMessage(assignOptimal(problem)),
            "the loss tolerance 0.7 cannot be met: the smallest achievable "
            "estimated loss is 0.75 (every op at its least lossy choice)");

  // Tolerance 0: only exact choices, the cheapest of them.
  problem.ops.clear();
  problem.ops.push_back({"c",
                         {makeChoice("f32", 4, 0), makeChoice("i8", 1, 0.01),
                          makeChoice("f32-tiled", 3, 0)},
                         0});
  problem.ops.push_back(
      {"d", {makeChoice("f32", 4, 0), makeChoice("f16", 1, 1e-12)}, 0});
  problem.tolerance = 0;
  result = assignOptimal(problem);
  ASSERT_TRUE(bool(result));
  EXPECT_EQ(result->choices, (Choices{2, 0}));
  EXPECT_EQ(result->totals.loss, 0);
  EXPECT_EQ(result->baseline.objective, 8);

  // No constraint: the cheapest choice of every op.
  problem.tolerance = std::numeric_limits<double>::infinity();
  result = assignOptimal(problem);
  ASSERT_TRUE(bool(result));
  EXPECT_EQ(result->choices, (Choices{1, 1}));
  EXPECT_EQ(result->statistics.freeOps, 0u);
}

TEST(OptimalAssignmentTest, LossInTheObjective) {
  // With wAcc, loss costs even within the tolerance: i8 saves 3 of time but
  // adds 0.5 * 10 = 5.
  AssignmentProblem problem;
  problem.wAcc = 10;
  problem.tolerance = 1;
  problem.ops.push_back(
      {"op", {makeChoice("f32", 4, 0), makeChoice("i8", 1, 0.5)}, 0});
  llvm::Expected<AssignmentResult> result = assignOptimal(problem);
  ASSERT_TRUE(bool(result));
  EXPECT_EQ(result->choices, (Choices{0}));
  problem.wAcc = 4;
  result = assignOptimal(problem);
  ASSERT_TRUE(bool(result));
  EXPECT_EQ(result->choices, (Choices{1}));
  EXPECT_EQ(result->totals.objective, 3);
}

} // namespace
