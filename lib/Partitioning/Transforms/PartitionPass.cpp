//===- PartitionPass.cpp - The ap-partition pass --------------------------===//
//
// Part of the ap project: an adaptive-precision compiler built on MLIR.
//
//===----------------------------------------------------------------------===//

#include "ap/Dialect/AP/IR/APDialect.h"
#include "ap/Dialect/AP/Transforms/Passes.h"
#include "ap/Partitioning/PartitionGraph.h"
#include "ap/Partitioning/PartitionReport.h"
#include "ap/Partitioning/PartitionRewriter.h"
#include "ap/Partitioning/Partitioner.h"
#include "ap/PrecisionAssignment/SensitivityTable.h"

#include "llvm/ADT/StringExtras.h"

#include <chrono>
#include <cmath>

namespace mlir::ap {
#define GEN_PASS_DEF_APPARTITION
#include "ap/Dialect/AP/Transforms/Passes.h.inc"
} // namespace mlir::ap

using namespace mlir;
using namespace mlir::ap;

namespace {
struct PartitionPass : public ap::impl::APPartitionBase<PartitionPass> {
  using Base::Base;

  void runOnOperation() override;

private:
  /// Checks the options; reports the first problem.
  LogicalResult parseOptions(PartitionObjective &goal, double &tolerance,
                             std::optional<SensitivityTable> &losses);
  /// Partitions `function`, appending its report entry to `reports`.
  LogicalResult
  partition(FunctionOpInterface function, const CostModel &model,
            const PartitionObjective &goal, double lossBudget,
            const SensitivityTable *losses,
            std::vector<std::unique_ptr<PartitionGraph>> &graphs,
            std::vector<std::unique_ptr<PartitionSolution>> &solutions,
            std::vector<std::unique_ptr<Schedule>> &schedules,
            std::vector<FunctionPartition> &reports);
};
} // namespace

LogicalResult
PartitionPass::parseOptions(PartitionObjective &goal, double &tolerance,
                            std::optional<SensitivityTable> &losses) {
  if (algorithm != "heft" && algorithm != "refine" && algorithm != "exact")
    return emitError(getOperation().getLoc())
           << "ap-partition: unknown algorithm '" << algorithm
           << "'; expected 'heft', 'refine' or 'exact'";
  if (objective == "time") {
    goal = {1.0, 0.0};
  } else if (objective == "energy") {
    goal = {0.0, 1.0};
  } else if (objective == "weighted") {
    if (!(timeWeight >= 0) || !(energyWeight >= 0) ||
        !std::isfinite(timeWeight) || !std::isfinite(energyWeight) ||
        timeWeight + energyWeight == 0)
      return emitError(getOperation().getLoc())
             << "ap-partition: objective=weighted needs finite weights >= 0, "
                "not both zero; got time-weight="
             << timeWeight << " energy-weight=" << energyWeight;
    goal = {timeWeight, energyWeight};
  } else {
    return emitError(getOperation().getLoc())
           << "ap-partition: unknown objective '" << objective
           << "'; expected 'time', 'energy' or 'weighted'";
  }
  StringRef text = StringRef(this->tolerance).trim();
  if (text == "inf") {
    tolerance = std::numeric_limits<double>::infinity();
  } else if (!llvm::to_float(text, tolerance) || !std::isfinite(tolerance) ||
             tolerance < 0) {
    return emitError(getOperation().getLoc())
           << "ap-partition: tolerance must be a number >= 0 or 'inf', got '"
           << this->tolerance << "'";
  }
  if (!sensitivity.empty()) {
    llvm::Expected<SensitivityTable> table = readSensitivityTable(sensitivity);
    if (!table)
      return emitError(getOperation().getLoc())
             << "ap-partition: " << llvm::toString(table.takeError());
    losses = std::move(*table);
  }
  return success();
}

/// The solution that runs every task on `device`, if it can.
static std::optional<PartitionSolution>
getSingleDeviceSolution(const PartitionProblem &problem, unsigned device,
                        ArrayRef<unsigned> order) {
  PartitionSolution solution;
  for (unsigned task = 0; task < problem.tasks.size(); ++task) {
    if (!problem.canRun(task, device))
      return std::nullopt;
    solution.devices.push_back(device);
  }
  solution.order.assign(order.begin(), order.end());
  return solution;
}

LogicalResult PartitionPass::partition(
    FunctionOpInterface function, const CostModel &model,
    const PartitionObjective &goal, double lossBudget,
    const SensitivityTable *losses,
    std::vector<std::unique_ptr<PartitionGraph>> &graphs,
    std::vector<std::unique_ptr<PartitionSolution>> &solutions,
    std::vector<std::unique_ptr<Schedule>> &schedules,
    std::vector<FunctionPartition> &reports) {
  auto start = std::chrono::steady_clock::now();
  PartitionGraphOptions graphOptions;
  graphOptions.fuseKernels = fuseKernels;
  graphOptions.sensitivity = losses;
  FailureOr<PartitionGraph> built =
      buildPartitionGraph(function, model, graphOptions);
  if (failed(built))
    return failure();
  auto &graph =
      graphs.emplace_back(std::make_unique<PartitionGraph>(std::move(*built)));
  PartitionProblem &problem = graph->problem;
  problem.objective = goal;
  problem.lossBudget = chooseWires ? lossBudget : 0.0;
  if (!chooseWires)
    for (PartitionValue &value : problem.values)
      value.wires.clear();
  if (problem.tasks.empty())
    return success();

  auto emitError = [&] { return function->emitError() << "ap-partition: "; };
  ScheduleEvaluator evaluator(problem);
  FailureOr<PartitionSolution> heft = partitionHEFT(evaluator, emitError);
  if (failed(heft))
    return failure();

  FunctionPartition report;
  report.function = function.getName().str();
  report.algorithm = algorithm;
  auto addBaseline = [&](StringRef name, const PartitionSolution &solution) {
    PartitionBaseline &baseline = report.baselines.emplace_back();
    baseline.name = name.str();
    ScopedDiagnosticHandler silence(function->getContext(),
                                    [](Diagnostic &) { return success(); });
    FailureOr<Schedule> schedule =
        evaluator.evaluate(solution, [&] { return function->emitError(); });
    if (failed(schedule))
      baseline.reason = "a transfer is impossible";
    else if (!schedule->isFeasible())
      baseline.reason = schedule->infeasible;
    else
      baseline.schedule = std::move(*schedule);
  };
  for (unsigned device = 0; device < problem.getNumDevices(); ++device)
    if (std::optional<PartitionSolution> single =
            getSingleDeviceSolution(problem, device, heft->order))
      addBaseline("all on " + model.getTarget().getDevice(device).name,
                  *single);
  addBaseline("heft", *heft);

  PartitionSolution solution = *heft;
  if (algorithm != "heft") {
    RefinementOptions options;
    if (maxEvaluations)
      options.maxEvaluations = maxEvaluations;
    options.chooseWires = chooseWires;
    RefinementStats stats;
    solution = refinePartition(evaluator, *heft, options, &stats);
    report.evaluations = stats.evaluations;
    if (algorithm == "exact") {
      addBaseline("refine", solution);
      ExactOptions exact;
      exact.maxTasks = maxExactTasks;
      exact.chooseWires = chooseWires;
      FailureOr<PartitionSolution> optimum =
          partitionExact(evaluator, exact, emitError);
      if (failed(optimum))
        return failure();
      solution = std::move(*optimum);
    }
  }

  FailureOr<Schedule> schedule = evaluator.evaluate(solution, emitError);
  if (failed(schedule))
    return failure();
  if (!schedule->isFeasible())
    return emitError() << "no placement fits the memories of the target: "
                       << schedule->infeasible;
  report.seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start)
          .count();
  applyPartition(function, *graph, solution, *schedule);

  auto &kept = solutions.emplace_back(
      std::make_unique<PartitionSolution>(std::move(solution)));
  auto &predicted =
      schedules.emplace_back(std::make_unique<Schedule>(std::move(*schedule)));
  report.problem = &problem;
  report.solution = kept.get();
  report.schedule = predicted.get();
  reports.push_back(std::move(report));
  return success();
}

void PartitionPass::runOnOperation() {
  ModuleOp module = getOperation();
  PartitionObjective goal;
  double toleranceValue = 0;
  std::optional<SensitivityTable> losses;
  if (failed(parseOptions(goal, toleranceValue, losses)))
    return signalPassFailure();
  FailureOr<TargetModel> target =
      TargetModel::forModule(module, "ap-partition");
  if (failed(target))
    return signalPassFailure();
  CostModel model(std::move(*target));

  // The wires may spend what the precision assignment left of the budget.
  double spent = 0;
  if (auto attr = module->getAttrOfType<FloatAttr>(
          APDialect::getEstimatedLossAttrName()))
    spent = attr.getValueAsDouble();
  double budget = std::max(0.0, toleranceValue - spent);

  std::vector<std::unique_ptr<PartitionGraph>> graphs;
  std::vector<std::unique_ptr<PartitionSolution>> solutions;
  std::vector<std::unique_ptr<Schedule>> schedules;
  std::vector<FunctionPartition> reports;
  for (auto function : module.getOps<FunctionOpInterface>()) {
    if (function.isExternal())
      continue;
    if (failed(partition(function, model, goal, budget,
                         losses ? &*losses : nullptr, graphs, solutions,
                         schedules, reports)))
      return signalPassFailure();
  }
  if (!report.empty())
    if (llvm::Error error = writePartitionReport(
            getPartitionReport(reports, objective), report)) {
      emitError(module.getLoc())
          << "ap-partition: " << llvm::toString(std::move(error));
      return signalPassFailure();
    }
}
