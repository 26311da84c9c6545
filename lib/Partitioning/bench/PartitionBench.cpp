//===- PartitionBench.cpp - Times and gaps of the partitioners ------------===//
//
// Part of the ap project: an adaptive-precision compiler built on MLIR.
//
//===----------------------------------------------------------------------===//
//
// ap-partition-bench: on generated graphs (RandomProblem.h) over a shipped
// target,
//
//   --tasks=1000,10000,100000   times HEFT and the refinement (the default
//                               evaluation bound) on one graph of each size;
//   --gap=200                   compares HEFT and the refinement with the
//                               exact search on that many graphs of 4 to 12
//                               launches (on 2 and 3 devices: the target's
//                               first two devices, then its first three).
//
// Prints one JSON object per line. benchmarks/run.sh runs it.
//
//===----------------------------------------------------------------------===//

#include "ap/Dialect/AP/IR/APDialect.h"
#include "ap/Partitioning/Partitioner.h"
#include "ap/Partitioning/RandomProblem.h"
#include "ap/Target/TargetDescription.h"

#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/MLIRContext.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/raw_ostream.h"

#include <chrono>

using namespace mlir;
using namespace mlir::ap;

static llvm::cl::opt<std::string> targetName("target",
                                             llvm::cl::desc("Shipped target"),
                                             llvm::cl::init("multi"));
static llvm::cl::list<unsigned>
    taskCounts("tasks", llvm::cl::desc("Graph sizes to time"),
               llvm::cl::CommaSeparated);
static llvm::cl::opt<unsigned>
    gapInstances("gap",
                 llvm::cl::desc("Random small graphs to compare with "
                                "the exact search"),
                 llvm::cl::init(0));
static llvm::cl::opt<unsigned> seed("seed", llvm::cl::desc("Random seed"),
                                    llvm::cl::init(1));

static double secondsSince(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start)
      .count();
}

int main(int argc, char **argv) {
  llvm::InitLLVM init(argc, argv);
  llvm::cl::ParseCommandLineOptions(argc, argv, "ap partitioning benchmark\n");
  MLIRContext context;
  context.loadDialect<APDialect>();
  auto emitError = [&] { return mlir::emitError(UnknownLoc::get(&context)); };
  std::optional<StringRef> text = getBuiltinTargetDescription(targetName);
  if (!text) {
    llvm::errs() << "ap-partition-bench: no shipped target '" << targetName
                 << "'\n";
    return 1;
  }
  llvm::Expected<TargetAttr> attr =
      parseTargetDescription(*text, targetName, &context);
  if (!attr) {
    llvm::errs() << llvm::toString(attr.takeError()) << "\n";
    return 1;
  }
  // The target, and its restrictions to its first two and three devices
  // (the host first) for the small graphs.
  FailureOr<TargetModel> full = TargetModel::fromAttr(*attr, emitError);
  if (failed(full))
    return 1;
  CostModel model(*full);

  std::mt19937 random(seed);
  for (unsigned tasks : taskCounts) {
    PartitionProblem problem =
        makeRandomPartitionProblem(model, tasks, random, 65536);
    ScheduleEvaluator evaluator(problem);
    auto start = std::chrono::steady_clock::now();
    FailureOr<PartitionSolution> heft = partitionHEFT(evaluator, emitError);
    if (failed(heft))
      return 1;
    double heftSeconds = secondsSince(start);
    RefinementStats stats;
    PartitionSolution refined =
        refinePartition(evaluator, *heft, RefinementOptions(), &stats);
    double totalSeconds = secondsSince(start);
    llvm::outs() << llvm::json::Value(llvm::json::Object{
                        {"experiment", "time"},
                        {"target", targetName.getValue()},
                        {"tasks", static_cast<int64_t>(tasks)},
                        {"heft_seconds", heftSeconds},
                        {"total_seconds", totalSeconds},
                        {"evaluations", stats.evaluations},
                        {"heft_makespan", evaluator.getObjective(*heft)},
                        {"refined_makespan", evaluator.getObjective(refined)},
                    })
                 << "\n";
  }

  if (gapInstances) {
    double sums[2] = {0, 0}, worst[2] = {0, 0};
    for (unsigned instance = 0; instance < gapInstances; ++instance) {
      unsigned tasks = 4 + instance % 9;
      PartitionProblem problem =
          makeRandomPartitionProblem(model, tasks, random, 65536);
      // 2 or 3 devices: the others cannot run anything.
      unsigned devices = 2 + instance % 2;
      for (PartitionTask &task : problem.tasks) {
        for (unsigned device = devices; device < task.costs.size(); ++device)
          task.costs[device].reset();
        if (llvm::none_of(task.costs, [](const auto &c) { return c; }))
          task.costs[0] = TaskDeviceCost{0, {5e-5}, {5e-4}, 0};
        size_t tiers = model.getTarget().getDevice(0).memories.size();
        if (task.costs[0])
          while (task.costs[0]->time.size() < tiers) {
            task.costs[0]->time.push_back(task.costs[0]->time.front());
            task.costs[0]->energy.push_back(task.costs[0]->energy.front());
          }
      }
      ScheduleEvaluator evaluator(problem);
      FailureOr<PartitionSolution> heft = partitionHEFT(evaluator, emitError);
      FailureOr<PartitionSolution> exact =
          partitionExact(evaluator, ExactOptions(), emitError);
      if (failed(heft) || failed(exact))
        return 1;
      PartitionSolution refined =
          refinePartition(evaluator, *heft, RefinementOptions());
      double optimum = evaluator.getObjective(*exact);
      double gaps[2] = {evaluator.getObjective(*heft) / optimum - 1,
                        evaluator.getObjective(refined) / optimum - 1};
      for (int k = 0; k < 2; ++k) {
        sums[k] += gaps[k];
        worst[k] = std::max(worst[k], gaps[k]);
      }
    }
    llvm::outs() << llvm::json::Value(llvm::json::Object{
                        {"experiment", "gap"},
                        {"target", targetName.getValue()},
                        {"instances",
                         static_cast<int64_t>(gapInstances.getValue())},
                        {"heft_mean_gap", sums[0] / gapInstances},
                        {"heft_worst_gap", worst[0]},
                        {"refined_mean_gap", sums[1] / gapInstances},
                        {"refined_worst_gap", worst[1]},
                    })
                 << "\n";
  }
  return 0;
}
