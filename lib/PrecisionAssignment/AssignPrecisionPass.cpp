//===- AssignPrecisionPass.cpp - The ap-assign-precision pass -------------===//
//
// Part of the ap project: an adaptive-precision compiler built on MLIR.
//
//===----------------------------------------------------------------------===//

#include "ap/Dialect/AP/IR/APDialect.h"
#include "ap/Dialect/AP/Transforms/Passes.h"
#include "ap/PrecisionAssignment/AssignmentReport.h"
#include "ap/PrecisionAssignment/PrecisionAssignment.h"
#include "ap/PrecisionAssignment/VerifiedAssignment.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Quant/IR/Quant.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "llvm/ADT/StringExtras.h"

#include <cmath>

namespace mlir::ap {
#define GEN_PASS_DEF_APASSIGNPRECISION
#include "ap/Dialect/AP/Transforms/Passes.h.inc"
} // namespace mlir::ap

using namespace mlir;
using namespace mlir::ap;

namespace {
struct AssignPrecisionPass
    : public ap::impl::APAssignPrecisionBase<AssignPrecisionPass> {
  using Base::Base;

  void runOnOperation() override;

private:
  /// Checks the options and turns them into `options`; `verified` is set
  /// for algorithm=verified (then `algorithm` is optimal, the solver of each
  /// iteration). Reports the first problem through `emitError`.
  LogicalResult parseOptions(PrecisionAssignmentOptions &options,
                             AssignmentAlgorithm &algorithm, bool &verified,
                             function_ref<InFlightDiagnostic()> emitError);
  /// Reads the calibration set of data= and labels= for the entry of
  /// `module`.
  FailureOr<execution::CalibrationData>
  readData(ModuleOp module, function_ref<InFlightDiagnostic()> emitError);
};
} // namespace

/// The names of the candidate precisions, for messages.
static std::string getCandidateNames() {
  SmallVector<StringRef> names;
  for (Precision precision : getCandidatePrecisions())
    names.push_back(stringifyPrecision(precision));
  return llvm::join(names, ", ");
}

LogicalResult AssignPrecisionPass::parseOptions(
    PrecisionAssignmentOptions &options, AssignmentAlgorithm &algorithm,
    bool &verified, function_ref<InFlightDiagnostic()> emitError) {
  if (sensitivity.empty())
    return emitError() << "ap-assign-precision: give the per-op losses with "
                          "sensitivity=FILE (an ap-sensitivity file)";
  if (tolerance.empty())
    return emitError() << "ap-assign-precision: give the largest total "
                          "estimated loss with tolerance=NUMBER (in the "
                          "sensitivity file's metric; 'inf' for no bound)";
  double bound = 0;
  StringRef text = StringRef(tolerance).trim();
  if (text == "inf" || text == "+inf")
    bound = std::numeric_limits<double>::infinity();
  else if (text.getAsDouble(bound, /*AllowInexact=*/true) || std::isnan(bound))
    return emitError() << "ap-assign-precision: tolerance='" << tolerance
                       << "' is not a number";
  if (bound < 0)
    return emitError() << "ap-assign-precision: tolerance=" << tolerance
                       << " is negative: no assignment has a negative loss; "
                          "give a number >= 0";
  options.tolerance = bound;

  verified = this->algorithm == "verified";
  std::optional<AssignmentAlgorithm> parsedAlgorithm =
      verified ? AssignmentAlgorithm::Optimal
               : parseAssignmentAlgorithm(this->algorithm);
  if (!parsedAlgorithm)
    return emitError() << "ap-assign-precision: algorithm='" << this->algorithm
                       << "' is unknown; expected 'optimal', 'greedy' or "
                          "'verified'";
  algorithm = *parsedAlgorithm;
  if (verified && data.empty())
    return emitError() << "ap-assign-precision: algorithm=verified needs the "
                          "calibration set to measure the assigned model on: "
                          "data=FILE.npy (an entry of one argument) or "
                          "data=DIR holding arg0.npy, arg1.npy, ...";
  if (!verified)
    for (auto [name, given] :
         {std::pair<StringRef, bool>{"data", !data.empty()},
          {"labels", !labels.empty()},
          {"max-iterations", maxIterations.hasValue()}})
      if (given)
        return emitError() << "ap-assign-precision: " << name
                           << "= applies to algorithm=verified only (it "
                              "measures the assigned model); algorithm="
                           << this->algorithm << " uses the estimates alone";
  if (verified && maxIterations == 0)
    return emitError() << "ap-assign-precision: max-iterations=0: the "
                          "verified mode measures at least one assignment";

  for (auto [name, weight] : {std::pair<StringRef, double>{"w-exec", wExec},
                              {"w-xfer", wXfer},
                              {"w-acc", wAcc}})
    if (!std::isfinite(weight) || weight < 0)
      return emitError() << "ap-assign-precision: " << name << "=" << weight
                         << " must be a finite number >= 0";
  options.wExec = wExec;
  options.wXfer = wXfer;
  options.wAcc = wAcc;

  for (const std::string &name : candidates) {
    std::optional<Precision> precision = symbolizePrecision(name);
    if (!precision || !llvm::is_contained(getCandidatePrecisions(), *precision))
      return emitError() << "ap-assign-precision: candidates: unknown "
                            "precision '"
                         << name << "'; expected some of "
                         << getCandidateNames();
    if (llvm::is_contained(options.candidates, *precision))
      return emitError() << "ap-assign-precision: candidates: '" << name
                         << "' is given twice";
    options.candidates.push_back(*precision);
  }

  std::optional<CalibrationMethod> method = parseCalibrationMethod(calibration);
  if (!method)
    return emitError() << "ap-assign-precision: calibration='" << calibration
                       << "' is unknown; expected minmax, percentile, "
                          "entropy or mse";
  if (!(percentile > 50 && percentile <= 100))
    return emitError() << "ap-assign-precision: percentile=" << percentile
                       << " must be in (50, 100]";
  options.quantization.activations = {*method, QuantizationMode::Asymmetric,
                                      percentile};
  if (weights != "per-channel" && weights != "per-tensor")
    return emitError() << "ap-assign-precision: weights='" << weights
                       << "' is unknown; expected per-channel or per-tensor";
  options.quantization.perChannelWeights = weights == "per-channel";
  if (weightCalibration == "minmax")
    options.quantization.weights.method = WeightRangeMethod::MinMax;
  else if (weightCalibration == "mse")
    options.quantization.weights.method = WeightRangeMethod::MSE;
  else
    return emitError() << "ap-assign-precision: weight-calibration='"
                       << weightCalibration
                       << "' is unknown; expected minmax or mse";
  return success();
}

FailureOr<execution::CalibrationData>
AssignPrecisionPass::readData(ModuleOp module,
                              function_ref<InFlightDiagnostic()> emitError) {
  auto fail = [&](llvm::Error error) {
    emitError() << "ap-assign-precision: data=" << data << ": "
                << llvm::toString(std::move(error));
    return failure();
  };
  llvm::Expected<func::FuncOp> entry =
      execution::findEntryFunction(module, /*name=*/"");
  if (!entry)
    return fail(entry.takeError());
  FunctionType signature = entry->getFunctionType();
  llvm::Expected<SmallVector<std::string>> files =
      execution::getCalibrationFiles(data, signature.getNumInputs(),
                                     entry->getName());
  if (!files)
    return fail(files.takeError());
  llvm::Expected<execution::CalibrationData> read =
      execution::readCalibrationData(entry->getName(), signature, *files,
                                     labels);
  if (!read)
    return fail(read.takeError());
  return std::move(*read);
}

void AssignPrecisionPass::runOnOperation() {
  ModuleOp module = getOperation();
  auto emitError = [&] { return mlir::emitError(module.getLoc()); };
  PrecisionAssignmentOptions options;
  AssignmentAlgorithm algorithm;
  bool verified = false;
  if (failed(parseOptions(options, algorithm, verified, emitError)))
    return signalPassFailure();

  llvm::Expected<SensitivityTable> losses = readSensitivityTable(sensitivity);
  if (!losses) {
    emitError() << "ap-assign-precision: "
                << llvm::toString(losses.takeError());
    return signalPassFailure();
  }
  if (verified)
    if (llvm::Expected<execution::Metric> metric =
            getVerificationMetric(losses->metric, !labels.empty());
        !metric) {
      emitError() << "ap-assign-precision: algorithm=verified: "
                  << llvm::toString(metric.takeError());
      return signalPassFailure();
    }
  std::optional<execution::CalibrationData> calibration;
  if (verified) {
    FailureOr<execution::CalibrationData> read = readData(module, emitError);
    if (failed(read))
      return signalPassFailure();
    calibration = std::move(*read);
  }
  std::optional<Profile> statistics;
  if (!profile.empty()) {
    llvm::Expected<Profile> read = readProfile(profile);
    if (!read) {
      emitError() << "ap-assign-precision: "
                  << llvm::toString(read.takeError());
      return signalPassFailure();
    }
    statistics = std::move(*read);
  }

  FailureOr<PrecisionAssignment> assignment = PrecisionAssignment::analyze(
      module, *losses, statistics ? &*statistics : nullptr, options);
  if (failed(assignment))
    return signalPassFailure();
  std::optional<VerifiedAssignment> verification;
  std::optional<PrecisionDecision> decision;
  if (verified) {
    VerificationOptions verificationOptions;
    verificationOptions.maxIterations = maxIterations;
    llvm::Expected<VerifiedAssignment> result = verifyAssignment(
        *assignment, module, *calibration, verificationOptions);
    if (!result) {
      emitError() << "ap-assign-precision: algorithm=verified: "
                  << llvm::toString(result.takeError());
      return signalPassFailure();
    }
    verification = std::move(*result);
    decision = verification->getDecision();
  } else {
    llvm::Expected<PrecisionDecision> solved = assignment->solve(algorithm);
    if (!solved) {
      emitError() << "ap-assign-precision: "
                  << llvm::toString(solved.takeError());
      return signalPassFailure();
    }
    decision = std::move(*solved);
  }
  if (failed(assignment->apply(module, *decision)))
    return signalPassFailure();
  // What the wire precisions of ap-partition may still spend is the
  // tolerance less this.
  module->setAttr(APDialect::getEstimatedLossAttrName(),
                  FloatAttr::get(Float64Type::get(module.getContext()),
                                 decision->result.totals.loss));
  if (!report.empty())
    if (llvm::Error error = writeAssignmentReport(
            getAssignmentReport(*assignment, *decision,
                                verification ? &*verification : nullptr),
            report)) {
      emitError() << "ap-assign-precision: "
                  << llvm::toString(std::move(error));
      return signalPassFailure();
    }
}
