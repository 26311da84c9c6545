//===- VerifiedAssignment.cpp - Assignment checked by execution -----------===//
//
// Part of the ap project: an adaptive-precision compiler built on MLIR.
//
//===----------------------------------------------------------------------===//

#include "ap/PrecisionAssignment/VerifiedAssignment.h"

#include "ap/Assignment/UpgradeSelection.h"
#include "ap/Execution/OutputMetrics.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Parser/Parser.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/FormatVariadic.h"

#include <chrono>
#include <cmath>
#include <limits>

using namespace mlir;
using namespace mlir::ap;
using execution::CalibrationData;
using execution::CompiledModule;
using execution::Metric;
using execution::OutputComparison;
using npy::NpyArray;

static llvm::Error makeError(const llvm::Twine &message) {
  return llvm::createStringError(llvm::inconvertibleErrorCode(), message);
}

/// `value` for messages: six significant digits.
static std::string formatLoss(double value) {
  return llvm::formatv("{0}", llvm::format("%.6g", value)).str();
}

namespace {
using Clock = std::chrono::steady_clock;

double secondsSince(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}
} // namespace

llvm::StringRef mlir::ap::stringifyRaiseRule(RaiseRule rule) {
  switch (rule) {
  case RaiseRule::Estimated:
    return "estimated";
  case RaiseRule::Precision:
    return "precision";
  }
  return "";
}

llvm::Expected<Metric> mlir::ap::getVerificationMetric(llvm::StringRef metric,
                                                       bool hasLabels) {
  std::optional<Metric> parsed = execution::parseMetric(metric);
  if (!parsed)
    return makeError(
        "the verified mode measures the loss of the assigned model in the "
        "sensitivity file's metric, '" +
        metric +
        "', which is not a metric of the model's outputs: give a sensitivity "
        "file measured by execution (ap-sensitivity --source=execution) in "
        "one of " +
        execution::getMetricNames());
  if (*parsed == Metric::AccuracyDrop && !hasLabels)
    return makeError("the sensitivity file's metric is accuracy_drop: the "
                     "verified mode needs the calibration set's labels "
                     "(labels=FILE.npy)");
  return *parsed;
}

/// How precise the values of `precision` are: the significand bits of a
/// floating-point format, n - 1.5 for an integer of n bits (i8 between bf16
/// and f8E4M3FN, i4 below f8E5M2).
static double getFidelity(Precision precision) {
  if (isFloat(precision))
    if (const llvm::fltSemantics *semantics = getFloatSemantics(precision))
      return llvm::APFloat::semanticsPrecision(*semantics);
  return getBitWidth(precision) - 1.5;
}

namespace {
/// The loop of the verified mode.
class Verification {
public:
  Verification(PrecisionAssignment &assignment, ModuleOp module,
               const CalibrationData &data, const VerificationOptions &options,
               Metric metric)
      : assignment(assignment), module(module), data(data), options(options),
        metric(metric) {}

  llvm::Expected<VerifiedAssignment> run();

private:
  /// Compiles `copy` (consumed) and runs it on every batch.
  llvm::Expected<std::vector<SmallVector<NpyArray>>>
  runOnData(ModuleOp copy, double &compileSeconds, double &runSeconds);
  /// Measures `decision` on a copy of the module.
  llvm::Error measure(VerificationIteration &iteration);
  /// Raises one site after `iteration`; none when every site is at its most
  /// precise allowed candidate.
  std::optional<SiteRaise> raise(const VerificationIteration &iteration);
  /// "the smallest measured loss reached was ..." for failures.
  std::string describeBest() const;

  PrecisionAssignment &assignment;
  ModuleOp module;
  const CalibrationData &data;
  const VerificationOptions &options;
  Metric metric;

  std::string entry;
  FunctionType signature;
  /// The f32 results of every batch.
  std::vector<SmallVector<NpyArray>> reference;
  VerifiedAssignment result;
};
} // namespace

llvm::Expected<std::vector<SmallVector<NpyArray>>>
Verification::runOnData(ModuleOp copy, double &compileSeconds,
                        double &runSeconds) {
  Clock::time_point start = Clock::now();
  // Compiled in a context of its own: lowering loads dialects (LLVM, SCF,
  // ...) that a pass must not load into the context it runs in.
  std::string text;
  {
    llvm::raw_string_ostream stream(text);
    copy->print(stream);
  }
  MLIRContext context(copy->getContext()->getDialectRegistry());
  OwningOpRef<ModuleOp> isolated = parseSourceString<ModuleOp>(text, &context);
  if (!isolated)
    return makeError("cannot reparse the assigned module in a context of "
                     "its own");
  llvm::Expected<CompiledModule> compiled =
      CompiledModule::compile(*isolated, {entry}, options.compile);
  if (!compiled)
    return compiled.takeError();
  compileSeconds = secondsSince(start);
  start = Clock::now();
  std::vector<SmallVector<NpyArray>> outputs;
  for (int64_t batch = 0; batch < data.batches; ++batch) {
    SmallVector<NpyArray> results = compiled->allocateResults(entry);
    SmallVector<execution::ArrayView> resultViews;
    for (NpyArray &array : results)
      resultViews.push_back({array.data.data(), array.shape});
    if (llvm::Error error = compiled->call(
            entry, execution::getBatchViews(data, signature, batch),
            resultViews))
      return std::move(error);
    outputs.push_back(std::move(results));
  }
  runSeconds = secondsSince(start);
  return outputs;
}

llvm::Error Verification::measure(VerificationIteration &iteration) {
  ArrayRef<SitePlan> plans = assignment.getPlans();
  const PrecisionAssignmentOptions &choices = assignment.getOptions();
  for (auto [plan, index] :
       llvm::zip_equal(plans, iteration.decision.candidates)) {
    const SiteCandidate &candidate = plan.candidates[index];
    iteration.labels.push_back(candidate.getLabel());
    iteration.estimatedLoss += candidate.loss;
    iteration.objective += choices.wExec * candidate.execTime +
                           choices.wXfer * candidate.transferTime +
                           choices.wAcc * candidate.loss;
  }

  OwningOpRef<ModuleOp> copy = module.clone();
  if (failed(assignment.apply(*copy, iteration.decision)))
    return makeError("cannot rewrite a copy of the module to the decision "
                     "(see the diagnostics above)");
  llvm::Expected<std::vector<SmallVector<NpyArray>>> outputs =
      runOnData(*copy, iteration.compileSeconds, iteration.runSeconds);
  if (!outputs)
    return makeError("cannot run the assigned model (" +
                     llvm::join(iteration.labels, ", ") +
                     "): " + llvm::toString(outputs.takeError()));
  OutputComparison comparison;
  int64_t rows = 0;
  for (auto [expected, actual] : llvm::zip_equal(reference, *outputs)) {
    const NpyArray &first = expected.front();
    int64_t batchRows = first.getRank() == 0 ? 1 : first.shape.front();
    ArrayRef<int64_t> labels;
    if (!data.labels.empty())
      labels = ArrayRef<int64_t>(data.labels).slice(rows, batchRows);
    comparison.add(expected, actual, labels);
    rows += batchRows;
  }
  iteration.measuredLoss = comparison.hasNonFinite()
                               ? std::numeric_limits<double>::infinity()
                               : comparison.getLoss(metric);
  return llvm::Error::success();
}

std::optional<SiteRaise>
Verification::raise(const VerificationIteration &iteration) {
  ArrayRef<SitePlan> plans = assignment.getPlans();
  const std::vector<unsigned> &choices = iteration.decision.result.choices;

  // By the estimates.
  AssignmentProblem problem = assignment.getProblem();
  if (std::optional<PrecisionUpgrade> upgrade =
          selectUpgrade(problem, choices, iteration.measuredLoss)) {
    unsigned index =
        assignment.getAllowedCandidates(upgrade->op)[upgrade->choice];
    SiteRaise raise{upgrade->op, plans[upgrade->op].candidates[index].precision,
                    RaiseRule::Estimated};
    [[maybe_unused]] LogicalResult raised =
        assignment.raiseMinimumPrecision(raise.site, raise.precision);
    assert(succeeded(raised) && "the upgrade is an allowed candidate");
    return raise;
  }

  // By precision: per site, the cheapest of the candidates more precise
  // than its current one; the site where it adds the least objective.
  std::optional<SiteRaise> best;
  double bestIncrease = 0;
  for (auto [site, plan] : llvm::enumerate(plans)) {
    ArrayRef<unsigned> allowed = assignment.getAllowedCandidates(site);
    unsigned current = allowed[choices[site]];
    double currentFidelity = getFidelity(plan.candidates[current].precision);
    double currentCost = problem.getCost(site, choices[site]);
    for (auto [choice, index] : llvm::enumerate(allowed)) {
      const SiteCandidate &candidate = plan.candidates[index];
      if (getFidelity(candidate.precision) <= currentFidelity)
        continue;
      double increase = problem.getCost(site, choice) - currentCost;
      // Ties go to the more precise candidate, then to the first site.
      if (!best || increase < bestIncrease ||
          (increase == bestIncrease && best->site == site &&
           getFidelity(candidate.precision) > getFidelity(best->precision))) {
        best = SiteRaise{static_cast<unsigned>(site), candidate.precision,
                         RaiseRule::Precision};
        bestIncrease = increase;
      }
    }
  }
  if (!best)
    return std::nullopt;
  double floor = getFidelity(best->precision);
  SmallVector<Precision> kept;
  for (unsigned index : assignment.getAllowedCandidates(best->site)) {
    Precision precision = plans[best->site].candidates[index].precision;
    if (getFidelity(precision) >= floor)
      kept.push_back(precision);
  }
  [[maybe_unused]] LogicalResult restricted =
      assignment.restrictCandidates(best->site, kept);
  assert(succeeded(restricted) && "the raise is an allowed candidate");
  return best;
}

std::string Verification::describeBest() const {
  const VerificationIteration *best = nullptr;
  unsigned bestIndex = 0;
  for (auto [index, iteration] : llvm::enumerate(result.iterations))
    if (!best || iteration.measuredLoss < best->measuredLoss) {
      best = &iteration;
      bestIndex = index;
    }
  return llvm::formatv("the smallest measured loss reached was {0} at "
                       "iteration {1} ({2})",
                       formatLoss(best->measuredLoss), bestIndex,
                       llvm::join(best->labels, ", "))
      .str();
}

llvm::Expected<VerifiedAssignment> Verification::run() {
  if (options.maxIterations == 0)
    return makeError("the verified mode needs at least one iteration");
  if (options.compile.simulate)
    return makeError("the verified mode compiles without simulation");
  llvm::Expected<func::FuncOp> function =
      execution::findEntryFunction(module, options.entry);
  if (!function)
    return function.takeError();
  entry = function->getName().str();
  signature = function->getFunctionType();
  if (signature.getNumResults() == 0)
    return makeError("@" + entry +
                     " has no result to compare the assigned model's with");
  for (Type type : signature.getResults()) {
    auto tensor = dyn_cast<RankedTensorType>(type);
    if (!tensor || !tensor.hasStaticShape() || !tensor.getElementType().isF32())
      return makeError("@" + entry +
                       ": every result must be a statically shaped f32 "
                       "tensor for the assigned model's results to be "
                       "compared with the f32 ones");
  }
  if (data.arguments.size() != signature.getNumInputs())
    return makeError("the calibration set has " +
                     llvm::Twine(data.arguments.size()) + " arrays, but @" +
                     entry + " takes " + llvm::Twine(signature.getNumInputs()) +
                     " arguments");
  auto first = cast<RankedTensorType>(signature.getResult(0));
  result.metric = metric;
  result.examples =
      (first.getRank() ? first.getShape().front() : 1) * data.batches;

  // The reference: the module as given, compiled once.
  {
    OwningOpRef<ModuleOp> copy = module.clone();
    double compileSeconds = 0, runSeconds = 0;
    llvm::Expected<std::vector<SmallVector<NpyArray>>> outputs =
        runOnData(*copy, compileSeconds, runSeconds);
    if (!outputs)
      return makeError("cannot run the f32 model: " +
                       llvm::toString(outputs.takeError()));
    reference = std::move(*outputs);
    result.referenceSeconds = compileSeconds + runSeconds;
  }

  double tolerance = assignment.getOptions().tolerance;
  while (true) {
    llvm::Expected<PrecisionDecision> decision =
        assignment.solve(AssignmentAlgorithm::Optimal);
    if (!decision)
      return makeError(
          "after " + llvm::Twine(result.iterations.size()) +
          " measurements: " + llvm::toString(decision.takeError()));
    VerificationIteration &iteration = result.iterations.emplace_back();
    iteration.decision = std::move(*decision);
    if (llvm::Error error = measure(iteration))
      return std::move(error);
    if (isWithinTolerance(iteration.measuredLoss, tolerance))
      return std::move(result);

    std::string excess = llvm::formatv(
        "the measured {0} of the assigned model, {1}, exceeds the tolerance "
        "{2}",
        execution::stringifyMetric(metric), formatLoss(iteration.measuredLoss),
        formatLoss(tolerance));
    if (result.iterations.size() >= options.maxIterations)
      return makeError(excess + " after " +
                       llvm::Twine(result.iterations.size()) +
                       " iterations (max-iterations); " + describeBest() +
                       "; allow more iterations or a larger tolerance");
    iteration.raise = raise(iteration);
    if (iteration.raise)
      continue;
    bool allF32 = llvm::all_of(
        llvm::zip_equal(assignment.getPlans(), iteration.decision.candidates),
        [](auto pair) {
          auto [plan, index] = pair;
          return plan.candidates[index].precision == Precision::F32;
        });
    std::string advice =
        allF32 ? "every site computes in f32, as the reference does: the "
                 "compiled code itself differs from the reference's; give a "
                 "larger tolerance"
               : "f32 everywhere (the reference) measures 0, but f32 is not "
                 "an allowed candidate of every site: allow it "
                 "(candidates=) or give a larger tolerance";
    return makeError(excess +
                     ", and every site is at its most precise allowed "
                     "candidate: nothing is left to raise after " +
                     llvm::Twine(result.iterations.size()) + " iterations; " +
                     describeBest() + "; " + advice);
  }
}

llvm::Expected<VerifiedAssignment>
mlir::ap::verifyAssignment(PrecisionAssignment &assignment, ModuleOp module,
                           const CalibrationData &data,
                           const VerificationOptions &options) {
  llvm::Expected<Metric> metric =
      getVerificationMetric(assignment.getMetric(), !data.labels.empty());
  if (!metric)
    return metric.takeError();
  return Verification(assignment, module, data, options, *metric).run();
}
