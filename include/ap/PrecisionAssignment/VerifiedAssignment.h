//===- VerifiedAssignment.h - Assignment checked by execution ---*- C++ -*-===//
//
// Part of the ap project: an adaptive-precision compiler built on MLIR.
//
//===----------------------------------------------------------------------===//
//
// The verified mode of ap-assign-precision: the estimated losses of a
// sensitivity file add up the losses of ops measured one at a time, and the
// loss of the whole assigned model may be larger. The verified mode makes the
// tolerance hold measured:
//
//   1. the f32 model (the module as given) is compiled and run once on the
//      calibration set: the reference results;
//   2. the optimal algorithm solves the problem over the allowed candidates;
//   3. a copy of the module is rewritten to the decision, compiled and run
//      on the calibration set, and its results are compared with the
//      reference in the sensitivity file's metric (OutputMetrics.h);
//   4. when that measured loss exceeds the tolerance, one site is raised and
//      its less precise candidates are no longer allowed, then back to 2:
//      - by the estimates: the upgrade of selectUpgrade (UpgradeSelection.h:
//        the best estimated loss removed per unit of objective added), after
//        which the site keeps only the candidates at most as lossy as the
//        one it was raised to (raiseMinimumPrecision);
//      - when no allowed candidate has a lower estimated loss (the estimates
//        say the decision is already lossless, yet it is not), by precision:
//        the site whose next more precise candidate adds the least objective
//        keeps only candidates at least that precise, in the order
//        f32 > f16 > bf16 > i8 > f8E4M3FN > f8E5M2 > i4 (significand bits;
//        i8's 256 uniform levels between bf16's 8 and f8E4M3FN's 4
//        significand bits, i4's 16 levels last).
//   Every raise removes the site's current candidate, so the loop ends: with
//   the measured loss within the tolerance (isWithinTolerance), or with
//   nothing left to raise, or after the most iterations allowed (failures).
//
// A measured run whose results are NaN or infinite where the reference's
// are finite measures an infinite loss.
//
//===----------------------------------------------------------------------===//

#ifndef AP_PRECISIONASSIGNMENT_VERIFIEDASSIGNMENT_H
#define AP_PRECISIONASSIGNMENT_VERIFIEDASSIGNMENT_H

#include "ap/Execution/CalibrationData.h"
#include "ap/Execution/CompiledModule.h"
#include "ap/Execution/OutputMetrics.h"
#include "ap/PrecisionAssignment/PrecisionAssignment.h"

#include <optional>
#include <string>
#include <vector>

namespace mlir::ap {

/// The choices of the verified mode.
struct VerificationOptions {
  /// The function run on the calibration set; empty for the only public
  /// function with a body.
  std::string entry;
  /// The most assignments compiled and measured (>= 1).
  unsigned maxIterations = 50;
  /// How the reference and every assignment are compiled (the same for all,
  /// so that code generation does not count as a loss). Must not simulate.
  /// opt-level 0 (linalg ops as plain loops, LLVM at -O2) by default: it
  /// compiles an MLP in a tenth of the time of opt-level 3 and runs a
  /// calibration set of a few hundred examples in well under a second; the
  /// formats' rounding, which is what is measured, is the same at every
  /// level.
  execution::CompileOptions compile{/*optLevel=*/0};
};

/// How the precision of a site was raised after a measurement.
enum class RaiseRule {
  /// selectUpgrade on the estimated losses.
  Estimated,
  /// The next more precise candidate (no candidate was less lossy by the
  /// estimates).
  Precision,
};

/// "estimated" or "precision".
llvm::StringRef stringifyRaiseRule(RaiseRule rule);

/// The raise of one site after a measurement above the tolerance.
struct SiteRaise {
  /// The site (index in PrecisionAssignment::getPlans()), and the precision
  /// of the candidate it was raised to.
  unsigned site = 0;
  Precision precision = Precision::F32;
  RaiseRule rule = RaiseRule::Estimated;
};

/// One assignment measured.
struct VerificationIteration {
  PrecisionDecision decision;
  /// Per site, the label of the chosen candidate ("f8E4M3FN/f32").
  std::vector<std::string> labels;
  /// The total estimated loss and objective of the decision.
  double estimatedLoss = 0;
  double objective = 0;
  /// The loss of the assigned model on the calibration set (+infinity when
  /// it computes NaN or infinities where the f32 model does not).
  double measuredLoss = 0;
  /// Seconds spent compiling and running the assigned model.
  double compileSeconds = 0;
  double runSeconds = 0;
  /// The raise that followed; none for the last iteration.
  std::optional<SiteRaise> raise;
};

/// The outcome of the verified mode.
struct VerifiedAssignment {
  /// The metric of the measurements.
  execution::Metric metric = execution::Metric::Top1Disagreement;
  /// Examples in the calibration set.
  int64_t examples = 0;
  /// In order; the last is the decision kept.
  std::vector<VerificationIteration> iterations;
  /// Seconds spent compiling and running the f32 reference.
  double referenceSeconds = 0;

  const PrecisionDecision &getDecision() const {
    return iterations.back().decision;
  }
  double getMeasuredLoss() const { return iterations.back().measuredLoss; }
};

/// The metric in which the verified mode measures losses of sensitivity
/// files in `metric`: an error naming the output metrics for any other (such
/// as "proxy"), or for accuracy_drop without labels (`hasLabels`).
llvm::Expected<execution::Metric> getVerificationMetric(llvm::StringRef metric,
                                                        bool hasLabels);

/// Runs the verified mode on `assignment`, analyzed from `module` (which is
/// not modified: the assignments are measured on copies), with the
/// calibration set `data` of the entry, under the assignment's tolerance and
/// in its metric. Narrows the allowed candidates of `assignment` as it
/// raises sites. Fails when the metric is not an output metric, when the
/// entry cannot be compiled or run on `data`, when a solve or a rewrite
/// fails, or when the tolerance is not met by measurement (the message gives
/// the smallest measured loss reached and where).
llvm::Expected<VerifiedAssignment>
verifyAssignment(PrecisionAssignment &assignment, ModuleOp module,
                 const execution::CalibrationData &data,
                 const VerificationOptions &options);

} // namespace mlir::ap

#endif // AP_PRECISIONASSIGNMENT_VERIFIEDASSIGNMENT_H
