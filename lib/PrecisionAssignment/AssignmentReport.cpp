//===- AssignmentReport.cpp - The report of ap-assign-precision -----------===//
//
// Part of the ap project: an adaptive-precision compiler built on MLIR.
//
//===----------------------------------------------------------------------===//

#include "ap/PrecisionAssignment/AssignmentReport.h"

#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/raw_ostream.h"

#include <cmath>

using namespace mlir;
using namespace mlir::ap;
namespace json = llvm::json;

/// A number, or null when it is not finite (JSON has no infinity).
static json::Value number(double value) {
  if (!std::isfinite(value))
    return nullptr;
  return value;
}

/// The identification of a site.
static json::Object describeSite(const Site &site) {
  json::Object object{{"op", site.key}, {"name", site.name}};
  if (!site.loc.empty())
    object["loc"] = site.loc;
  return object;
}

/// The quantization of an integer candidate.
static json::Object describeQuantization(const SitePlan &plan,
                                         const IntegerPlan &integer) {
  json::Object object;
  for (auto [input, quantization] :
       llvm::zip_equal(plan.site.inputs, integer.inputs)) {
    if (const std::optional<QuantizationParameters> &activation =
            quantization.activation) {
      json::Object entry{{"scale", activation->scale},
                         {"zero_point", activation->zeroPoint},
                         {"clip_min", activation->clipMin},
                         {"clip_max", activation->clipMax}};
      if (!input.profileId.empty())
        entry["id"] = input.profileId;
      object["activation"] = std::move(entry);
    } else if (quantization.weight) {
      const PerChannelQuantization &weight = *quantization.weight;
      json::Object entry{{"granularity", quantization.perTensor
                                             ? "per-tensor"
                                             : "per-channel"},
                         {"relative_error", weight.relativeError},
                         {"scales", json::Array(weight.scales)}};
      if (!quantization.perTensor)
        entry["axis"] = weight.axis;
      object["weight"] = std::move(entry);
    }
  }
  json::Object output{{"scales", json::Array(integer.outputScales)},
                      {"zero_points", json::Array(integer.outputZeroPoints)}};
  if (integer.outputAxis)
    output["axis"] = *integer.outputAxis;
  object["output"] = std::move(output);
  return object;
}

/// The iterations of the verified mode.
static json::Array describeVerification(const PrecisionAssignment &assignment,
                                        const VerifiedAssignment &verified) {
  json::Array iterations;
  for (auto [index, iteration] : llvm::enumerate(verified.iterations)) {
    json::Value raised = nullptr;
    if (const std::optional<SiteRaise> &raise = iteration.raise)
      raised = json::Object{{"op", assignment.getPlans()[raise->site].site.key},
                            {"precision", stringifyPrecision(raise->precision)},
                            {"rule", stringifyRaiseRule(raise->rule)}};
    iterations.push_back(
        json::Object{{"iteration", static_cast<int64_t>(index)},
                     {"choices", json::Array(iteration.labels)},
                     {"estimated_loss", iteration.estimatedLoss},
                     {"objective", iteration.objective},
                     {"measured_loss", number(iteration.measuredLoss)},
                     {"compile_seconds", iteration.compileSeconds},
                     {"run_seconds", iteration.runSeconds},
                     {"raised", std::move(raised)}});
  }
  return iterations;
}

json::Value
mlir::ap::getAssignmentReport(const PrecisionAssignment &assignment,
                              const PrecisionDecision &decision,
                              const VerifiedAssignment *verification) {
  const PrecisionAssignmentOptions &options = assignment.getOptions();
  const TargetModel &target = assignment.getCostModel().getTarget();
  auto cost = [&](const SiteCandidate &candidate) {
    return options.wExec * candidate.execTime +
           options.wXfer * candidate.transferTime +
           options.wAcc * candidate.loss;
  };

  json::Array ops;
  double execBefore = 0, transferBefore = 0, objectiveBefore = 0;
  double execAfter = 0, transferAfter = 0, lossAfter = 0, objectiveAfter = 0;
  for (auto [plan, choice] :
       llvm::zip_equal(assignment.getPlans(), decision.candidates)) {
    const SiteCandidate &chosen = plan.candidates[choice];
    const SiteCandidate &before = plan.candidates[plan.baseline];
    StringRef precision = stringifyPrecision(chosen.precision);
    bool hasWeight = llvm::any_of(plan.site.inputs, [](const SiteInput &input) {
      return input.isWeight;
    });
    bool hasActivation =
        llvm::any_of(plan.site.inputs,
                     [](const SiteInput &input) { return !input.isWeight; });
    json::Object op = describeSite(plan.site);
    op["device"] = target.getDevice(plan.site.device).name;
    op["input"] = precision;
    op["weights"] = hasWeight ? json::Value(precision) : json::Value(nullptr);
    op["activations"] =
        hasActivation ? json::Value(precision) : json::Value(nullptr);
    op["accumulator"] = stringifyPrecision(chosen.accumulator);
    // The result is always stored in f32 (dequantized or converted back).
    op["stored"] = "f32";
    op["estimated_loss"] = chosen.loss;
    op["before"] =
        json::Object{{"precision", stringifyPrecision(before.precision)},
                     {"exec_time", before.execTime},
                     {"transfer_time", before.transferTime},
                     {"estimated_loss", before.loss}};
    op["after"] = json::Object{{"exec_time", chosen.execTime},
                               {"transfer_time", chosen.transferTime}};
    if (chosen.integer)
      op["quantization"] = describeQuantization(plan, *chosen.integer);
    json::Array candidates;
    for (const SiteCandidate &candidate : plan.candidates)
      candidates.push_back(json::Object{
          {"precision", stringifyPrecision(candidate.precision)},
          {"accumulator", stringifyPrecision(candidate.accumulator)},
          {"exec_time", candidate.execTime},
          {"transfer_time", candidate.transferTime},
          {"estimated_loss", candidate.loss}});
    op["candidates"] = std::move(candidates);
    if (!plan.notes.empty())
      op["notes"] = json::Array(plan.notes);
    ops.push_back(std::move(op));

    execBefore += before.execTime;
    transferBefore += before.transferTime;
    objectiveBefore += cost(before);
    execAfter += chosen.execTime;
    transferAfter += chosen.transferTime;
    lossAfter += chosen.loss;
    objectiveAfter += cost(chosen);
  }

  json::Array skipped;
  for (const SkippedSite &site : assignment.getSkippedSites()) {
    json::Object entry = describeSite(site.site);
    entry["reason"] = site.reason;
    skipped.push_back(std::move(entry));
  }

  const AssignmentResult &result = decision.result;
  json::Object report{
      {"format", kAssignmentReportFormat},
      {"version", kAssignmentReportVersion},
      {"algorithm", verification
                        ? StringRef("verified")
                        : stringifyAssignmentAlgorithm(decision.algorithm)},
      {"proved_optimal", result.provedOptimal},
      {"lower_bound", number(result.lowerBound)},
      {"metric", assignment.getMetric()},
      {"sensitivity_source", assignment.getSensitivitySource()},
      {"tolerance", number(options.tolerance)},
      {"weights", json::Object{{"exec", options.wExec},
                               {"xfer", options.wXfer},
                               {"acc", options.wAcc}}},
      {"ops", std::move(ops)},
      {"skipped", std::move(skipped)},
      {"totals", json::Object{{"estimated_loss", lossAfter},
                              {"objective", objectiveAfter},
                              {"objective_before", objectiveBefore},
                              {"exec_time", json::Object{{"before", execBefore},
                                                         {"after", execAfter}}},
                              {"transfer_time",
                               json::Object{{"before", transferBefore},
                                            {"after", transferAfter}}}}}};
  if (verification) {
    report["measured_loss"] = number(verification->getMeasuredLoss());
    report["examples"] = verification->examples;
    report["verification"] = describeVerification(assignment, *verification);
  }
  return report;
}

llvm::Error mlir::ap::writeAssignmentReport(const json::Value &report,
                                            llvm::StringRef path) {
  // writeToOutput writes a temporary file and renames it into place.
  llvm::Error error = llvm::writeToOutput(path, [&](llvm::raw_ostream &os) {
    os << llvm::formatv("{0:2}", report) << "\n";
    return llvm::Error::success();
  });
  if (!error)
    return error;
  return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                 "cannot write report '" + path +
                                     "': " + llvm::toString(std::move(error)));
}
