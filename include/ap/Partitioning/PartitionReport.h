//===- PartitionReport.h - The "ap-partition" report ------------*- C++ -*-===//
//
// Part of the ap project: an adaptive-precision compiler built on MLIR.
//
//===----------------------------------------------------------------------===//
//
// The prediction of ap-partition as JSON, format "ap-partition" version 1
// (docs/partitioning.md describes every member).
//
//===----------------------------------------------------------------------===//

#ifndef AP_PARTITIONING_PARTITIONREPORT_H
#define AP_PARTITIONING_PARTITIONREPORT_H

#include "ap/Partitioning/ScheduleEvaluator.h"

#include "llvm/Support/JSON.h"

namespace mlir::ap {

/// A solution of another algorithm, reported for comparison.
struct PartitionBaseline {
  std::string name;
  /// Empty when the baseline is infeasible (then `reason` says why).
  std::optional<Schedule> schedule;
  std::string reason;
};

/// The partition of one function.
struct FunctionPartition {
  std::string function;
  std::string algorithm;
  const PartitionProblem *problem = nullptr;
  const PartitionSolution *solution = nullptr;
  const Schedule *schedule = nullptr;
  /// What the search did (local search passes, evaluations) and took.
  unsigned evaluations = 0;
  double seconds = 0;
  std::vector<PartitionBaseline> baselines;
};

/// The report of the partitions of a module's functions.
llvm::json::Value getPartitionReport(ArrayRef<FunctionPartition> functions,
                                     StringRef objective);

/// Writes `report` to `path`, whole or not at all.
llvm::Error writePartitionReport(const llvm::json::Value &report,
                                 StringRef path);

} // namespace mlir::ap

#endif // AP_PARTITIONING_PARTITIONREPORT_H
