//===- AssignmentTesting.h - Helpers of the assignment tests ----*- C++ -*-===//
//
// Part of the ap project: an adaptive-precision compiler built on MLIR.
//
//===----------------------------------------------------------------------===//
//
// Helpers of the assignment tests: building choices, error messages, small
// random instances built to contain the hard cases (ties of cost and loss,
// zero losses, duplicate choices, tolerances exactly at the loss of some
// assignment, 0 and infinite tolerances, impossible ones) and the exhaustive
// search the algorithms are checked against.
//
//===----------------------------------------------------------------------===//

#ifndef AP_UNITTESTS_ASSIGNMENT_ASSIGNMENTTESTING_H
#define AP_UNITTESTS_ASSIGNMENT_ASSIGNMENTTESTING_H

#include "ap/Assignment/AssignmentProblem.h"

#include <cmath>
#include <limits>
#include <optional>
#include <random>
#include <string>
#include <vector>

namespace mlir::ap::test {

/// A choice with its figures.
inline AssignmentChoice makeChoice(const char *label, double execTime,
                                   double loss, double transferTime = 0) {
  AssignmentChoice choice;
  choice.label = label;
  choice.execTime = execTime;
  choice.transferTime = transferTime;
  choice.loss = loss;
  return choice;
}

/// The message of `error`, "success" for none.
inline std::string errorMessage(llvm::Error error) {
  if (!error)
    return "success";
  return llvm::toString(std::move(error));
}

/// The message of the error of `result`, "success" for none.
template <typename T> std::string errorMessage(llvm::Expected<T> result) {
  return errorMessage(result.takeError());
}

/// The best assignment found by enumerating all of them.
struct ExhaustiveResult {
  double objective = 0;
  std::vector<unsigned> choices;
};

/// Enumerates every assignment (restricted to `allowed` choices per op when
/// given); returns the least objective within the tolerance, nothing when
/// none is. Sums are formed in op order, exactly as evaluateAssignment does,
/// so objectives compare exactly.
inline std::optional<ExhaustiveResult>
solveExhaustively(const AssignmentProblem &problem,
                  const std::vector<std::vector<unsigned>> *allowed = nullptr) {
  size_t numOps = problem.ops.size();
  std::optional<ExhaustiveResult> best;
  std::vector<unsigned> choices(numOps);
  // Depth-first, carrying the prefix sums.
  auto visit = [&](auto &self, size_t op, double loss, double cost) -> void {
    if (op == numOps) {
      if (!isWithinTolerance(loss, problem.tolerance))
        return;
      if (!best || cost < best->objective)
        best = ExhaustiveResult{cost, choices};
      return;
    }
    auto tryChoice = [&](unsigned choice) {
      choices[op] = choice;
      self(self, op + 1, loss + problem.ops[op].choices[choice].loss,
           cost + problem.getCost(op, choice));
    };
    if (allowed) {
      for (unsigned choice : (*allowed)[op])
        tryChoice(choice);
    } else {
      for (unsigned choice = 0; choice < problem.ops[op].choices.size();
           ++choice)
        tryChoice(choice);
    }
  };
  visit(visit, 0, 0.0, 0.0);
  return best;
}

/// Random small instances.
class RandomProblems {
public:
  explicit RandomProblems(uint64_t seed) : engine(seed) {}

  int integer(int low, int high) {
    return std::uniform_int_distribution<int>(low, high)(engine);
  }
  double uniform(double low, double high) {
    return std::uniform_real_distribution<double>(low, high)(engine);
  }

  /// An instance of up to `maxOps` ops with up to `maxChoices` choices each.
  AssignmentProblem make(int maxOps = 8, int maxChoices = 4) {
    AssignmentProblem problem;
    // How values are drawn: 0 small integers (many ties), 1 multiples of
    // 0.25 (exact sums), 2 multiples of 0.1 (inexact sums), 3 continuous.
    int valueKind = integer(0, 3);
    auto value = [&](double high) {
      switch (valueKind) {
      case 0:
        return double(integer(0, int(high)));
      case 1:
        return 0.25 * integer(0, int(4 * high));
      case 2:
        return 0.1 * integer(0, int(10 * high));
      default:
        return uniform(0, high);
      }
    };
    auto weight = [&] {
      switch (integer(0, 3)) {
      case 0:
        return 0.0;
      case 1:
        return 1.0;
      default:
        return uniform(0, 2);
      }
    };
    problem.wExec = weight();
    problem.wXfer = weight();
    problem.wAcc = integer(0, 2) == 0 ? weight() : 0.0;

    int numOps = integer(0, maxOps);
    for (int index = 0; index < numOps; ++index) {
      AssignmentOp op;
      op.name = "op" + std::to_string(index);
      int numChoices = integer(1, maxChoices);
      for (int c = 0; c < numChoices; ++c) {
        AssignmentChoice choice;
        choice.label = "c" + std::to_string(c);
        choice.execTime = value(8);
        choice.transferTime = integer(0, 2) == 0 ? 0.0 : value(3);
        choice.loss = integer(0, 3) == 0 ? 0.0 : value(4);
        op.choices.push_back(choice);
      }
      // Duplicate a choice now and then: identical choices must not
      // confuse dominance.
      if (integer(0, 7) == 0)
        op.choices.push_back(op.choices[integer(0, numChoices - 1)]);
      op.baseline = integer(0, op.choices.size() - 1);
      problem.ops.push_back(std::move(op));
    }

    double least = 0, most = 0, some = 0;
    for (const AssignmentOp &op : problem.ops) {
      double opLeast = op.choices[0].loss, opMost = op.choices[0].loss;
      for (const AssignmentChoice &choice : op.choices) {
        opLeast = std::min(opLeast, choice.loss);
        opMost = std::max(opMost, choice.loss);
      }
      least += opLeast;
      most += opMost;
      some += op.choices[integer(0, op.choices.size() - 1)].loss;
    }
    switch (integer(0, 7)) {
    case 0:
      problem.tolerance = 0;
      break;
    case 1:
      // Exactly the loss of some assignment: ties at the boundary.
      problem.tolerance = some;
      break;
    case 2:
      problem.tolerance = most + 1;
      break;
    case 3:
      problem.tolerance = std::numeric_limits<double>::infinity();
      break;
    case 4:
      // Possibly impossible.
      problem.tolerance = least * uniform(0.5, 1.0);
      break;
    default:
      problem.tolerance = uniform(least, most);
      break;
    }
    return problem;
  }

private:
  std::mt19937_64 engine;
};

} // namespace mlir::ap::test

#endif // AP_UNITTESTS_ASSIGNMENT_ASSIGNMENTTESTING_H
