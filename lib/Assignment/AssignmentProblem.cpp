//===- AssignmentProblem.cpp - Precision assignment as a knapsack ---------===//
//
// Part of the ap project: an adaptive-precision compiler built on MLIR.
//
//===----------------------------------------------------------------------===//

#include "ap/Assignment/AssignmentProblem.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/Twine.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/raw_ostream.h"

#include <algorithm>
#include <cassert>
#include <cmath>
#include <cstdlib>

using namespace mlir::ap;

bool mlir::ap::isWithinTolerance(double loss, double tolerance) {
  return loss <= getLossBudget(tolerance);
}

double mlir::ap::getLossBudget(double tolerance) {
  return tolerance + tolerance * kToleranceSlack;
}

/// "op 'name' (#index)", or "op #index" for an unnamed op.
static std::string describeOp(const AssignmentOp &op, size_t index) {
  std::string text;
  llvm::raw_string_ostream os(text);
  os << "op ";
  if (!op.name.empty())
    os << "'" << op.name << "' (#" << index << ")";
  else
    os << "#" << index;
  return text;
}

/// Shortest round-trip text of a double.
static std::string formatNumber(double value) {
  std::string text;
  llvm::raw_string_ostream os(text);
  os << llvm::format("%.17g", value);
  // Prefer the shortest form that reads back the same.
  for (int digits = 1; digits < 17; ++digits) {
    std::string shorter;
    llvm::raw_string_ostream shortOs(shorter);
    shortOs << llvm::format("%.*g", digits, value);
    if (std::strtod(shorter.c_str(), nullptr) == value)
      return shorter;
  }
  return text;
}

static llvm::Error makeError(const llvm::Twine &message) {
  return llvm::createStringError(llvm::inconvertibleErrorCode(), message);
}

llvm::Error
mlir::ap::verifyAssignmentProblem(const AssignmentProblem &problem) {
  auto checkWeight = [](double weight, llvm::StringRef name) -> llvm::Error {
    if (!std::isfinite(weight) || weight < 0)
      return makeError("the weight " + name + " must be finite and >= 0, not " +
                       formatNumber(weight));
    return llvm::Error::success();
  };
  if (llvm::Error error = checkWeight(problem.wExec, "wExec"))
    return error;
  if (llvm::Error error = checkWeight(problem.wXfer, "wXfer"))
    return error;
  if (llvm::Error error = checkWeight(problem.wAcc, "wAcc"))
    return error;
  if (std::isnan(problem.tolerance) || problem.tolerance < 0)
    return makeError("the loss tolerance must be >= 0, not " +
                     formatNumber(problem.tolerance));

  for (auto [index, op] : llvm::enumerate(problem.ops)) {
    if (op.choices.empty())
      return makeError(describeOp(op, index) +
                       " has no candidate choice (its device supports none)");
    if (op.baseline >= op.choices.size())
      return makeError(describeOp(op, index) + " has baseline choice " +
                       llvm::Twine(op.baseline) + " but only " +
                       llvm::Twine(op.choices.size()) + " choices");
    for (auto [choiceIndex, choice] : llvm::enumerate(op.choices)) {
      auto check = [&](double value, llvm::StringRef what) -> llvm::Error {
        if (std::isfinite(value) && value >= 0)
          return llvm::Error::success();
        std::string label =
            choice.label.empty() ? "" : " '" + choice.label + "'";
        return makeError(describeOp(op, index) + ", choice " +
                         llvm::Twine(choiceIndex) + label + ": " + what +
                         " must be finite and >= 0, not " +
                         formatNumber(value));
      };
      if (llvm::Error error = check(choice.execTime, "the execution time"))
        return error;
      if (llvm::Error error = check(choice.transferTime, "the transfer time"))
        return error;
      if (llvm::Error error = check(choice.loss, "the loss"))
        return error;
    }
  }
  return llvm::Error::success();
}

double mlir::ap::getMinimumLoss(const AssignmentProblem &problem) {
  double total = 0;
  for (const AssignmentOp &op : problem.ops) {
    double least = op.choices.front().loss;
    for (const AssignmentChoice &choice : op.choices)
      least = std::min(least, choice.loss);
    total += least;
  }
  return total;
}

llvm::Error
mlir::ap::checkToleranceIsAchievable(const AssignmentProblem &problem) {
  double minimum = getMinimumLoss(problem);
  if (isWithinTolerance(minimum, problem.tolerance))
    return llvm::Error::success();
  return makeError("the loss tolerance " + formatNumber(problem.tolerance) +
                   " cannot be met: the smallest achievable estimated loss "
                   "is " +
                   formatNumber(minimum) +
                   " (every op at its least lossy choice)");
}

AssignmentTotals
mlir::ap::evaluateAssignment(const AssignmentProblem &problem,
                             llvm::ArrayRef<unsigned> choices) {
  assert(choices.size() == problem.ops.size() && "one choice per op");
  AssignmentTotals totals;
  for (auto [op, choiceIndex] : llvm::zip_equal(problem.ops, choices)) {
    const AssignmentChoice &choice = op.choices[choiceIndex];
    totals.execTime += choice.execTime;
    totals.transferTime += choice.transferTime;
    totals.loss += choice.loss;
    totals.objective += problem.getCost(choice);
  }
  return totals;
}

std::vector<unsigned>
mlir::ap::getBaselineAssignment(const AssignmentProblem &problem) {
  std::vector<unsigned> choices;
  choices.reserve(problem.ops.size());
  for (const AssignmentOp &op : problem.ops)
    choices.push_back(op.baseline);
  return choices;
}
