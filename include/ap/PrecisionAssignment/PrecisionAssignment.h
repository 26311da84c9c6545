//===- PrecisionAssignment.h - Sensitivity-driven precisions ----*- C++ -*-===//
//
// Part of the ap project: an adaptive-precision compiler built on MLIR.
//
//===----------------------------------------------------------------------===//
//
// The driver of precision assignment, usable from a pass (ap-assign-precision)
// and from tools that iterate (the verified mode: assign, run, raise the
// precision of some sites, assign again):
//
//   1. analyze: the sites of the module (Sites.h), the statistics of their
//      activations from a profile, and per site its candidates with their
//      execution time, transfer time and estimated loss (SiteCandidates.h);
//   2. solve: the multiple-choice knapsack of AssignmentProblem.h over the
//      candidates currently allowed, by the greedy or the optimal algorithm;
//      restrictions (restrictCandidates, raiseMinimumPrecision) narrow the
//      candidates of some sites before solving again;
//   3. apply: the module, or a copy of it, rewritten to the decision
//      (PrecisionRewriter.h);
//   4. report: the decision as JSON (AssignmentReport.h).
//
//===----------------------------------------------------------------------===//

#ifndef AP_PRECISIONASSIGNMENT_PRECISIONASSIGNMENT_H
#define AP_PRECISIONASSIGNMENT_PRECISIONASSIGNMENT_H

#include "ap/Analysis/CostModel.h"
#include "ap/Assignment/AssignmentProblem.h"
#include "ap/PrecisionAssignment/SiteCandidates.h"

#include <optional>
#include <string>
#include <vector>

namespace mlir::ap {

/// The algorithms of ap-assign-precision.
enum class AssignmentAlgorithm { Greedy, Optimal };

/// "greedy" or "optimal".
llvm::StringRef stringifyAssignmentAlgorithm(AssignmentAlgorithm algorithm);
std::optional<AssignmentAlgorithm>
parseAssignmentAlgorithm(llvm::StringRef name);

/// The choices of a precision assignment.
struct PrecisionAssignmentOptions {
  /// The precisions sites may take (a subset of getCandidatePrecisions());
  /// empty for all of them.
  SmallVector<Precision> candidates;
  /// How integer candidates are quantized.
  QuantizationChoices quantization;
  /// The objective: wExec * execution time + wXfer * transfer time + wAcc *
  /// estimated loss (each finite and >= 0).
  double wExec = 1;
  double wXfer = 1;
  double wAcc = 0;
  /// The bound on the total estimated loss, in the sensitivity file's
  /// metric (>= 0; +infinity for none).
  double tolerance = 0;
  /// The name of the pass that runs the assignment, which prefixes its
  /// diagnostics ("<passName>: ...", "<passName> needs a target: ...").
  std::string passName = "ap-assign-precision";
};

/// A site left at its precision, and why.
struct SkippedSite {
  Site site;
  std::string reason;
};

/// The outcome of solving.
struct PrecisionDecision {
  AssignmentAlgorithm algorithm = AssignmentAlgorithm::Optimal;
  /// Per plan (PrecisionAssignment::getPlans), the index of the chosen
  /// candidate in its `candidates`.
  std::vector<unsigned> candidates;
  /// The algorithm's result on the problem of the allowed candidates (its
  /// `choices` index the allowed candidates; `totals` and `baseline` are
  /// the totals of the decision and of every site at its baseline).
  AssignmentResult result;
};

/// A module analyzed for precision assignment.
class PrecisionAssignment {
public:
  /// Analyzes `module`, which must carry an `ap.target`: its sites, the
  /// statistics of their activations in `profile` (when given) and their
  /// candidates under `options`, with the losses of `losses`. Reports, as
  /// warnings on the ops, sites that keep their precision (no entry in
  /// `losses`, nothing to rewrite) and precisions left out of a site's
  /// candidates; reports once the ops of `losses` that are not sites of the
  /// module. Fails, reporting the error, when the target is missing or
  /// incomplete, the options are invalid, or the cost model cannot price a
  /// site. Its diagnostics, and those of apply, name `options.passName`.
  static FailureOr<PrecisionAssignment>
  analyze(ModuleOp module, const SensitivityTable &losses,
          const Profile *profile, const PrecisionAssignmentOptions &options);

  const PrecisionAssignmentOptions &getOptions() const { return options; }
  const CostModel &getCostModel() const { return *model; }
  /// The sensitivity file's metric (the unit of losses and tolerance).
  llvm::StringRef getMetric() const { return metric; }
  /// How the sensitivity file's losses were obtained: "execution" (each
  /// op's loss measured by running the network with that op alone at the
  /// precision), "proxy" or "import".
  llvm::StringRef getSensitivitySource() const { return source; }

  /// The sites that are assigned, in module order; site `i` is op `i` of
  /// the problem.
  llvm::ArrayRef<SitePlan> getPlans() const { return plans; }
  /// The sites that keep their precision.
  llvm::ArrayRef<SkippedSite> getSkippedSites() const { return skipped; }

  /// Allows site `site` only the candidates at `allowed` for the next
  /// solves. Fails when none of them is a candidate of the site.
  LogicalResult restrictCandidates(unsigned site,
                                   llvm::ArrayRef<Precision> allowed);
  /// Raises the minimum precision of site `site` to `precision`: only the
  /// candidates whose estimated loss is at most that of the candidate at
  /// `precision` remain allowed (among those allowed so far). Fails when
  /// `precision` is not an allowed candidate of the site.
  LogicalResult raiseMinimumPrecision(unsigned site, Precision precision);
  /// Allows every candidate of every site again.
  void clearRestrictions();
  /// The indices (in the plan's `candidates`) of the candidates of site
  /// `site` the next solve may choose.
  llvm::ArrayRef<unsigned> getAllowedCandidates(unsigned site) const {
    return allowed[site];
  }

  /// The problem over the allowed candidates: op `i` is site `i`, its
  /// choice `j` is candidate getAllowedCandidates(i)[j]; its baseline is the
  /// plan's baseline when allowed, else the least lossy allowed candidate.
  AssignmentProblem getProblem() const;

  /// Solves the problem with `algorithm`. Fails when the tolerance cannot be
  /// met (the message names the smallest achievable loss).
  llvm::Expected<PrecisionDecision> solve(AssignmentAlgorithm algorithm) const;

  /// Rewrites `module`, the analyzed module or an identical copy of it, to
  /// `decision`: the sites are found by cost key. Fails, reporting on the
  /// module, when a site is missing from `module`.
  LogicalResult apply(ModuleOp module, const PrecisionDecision &decision) const;

private:
  PrecisionAssignment() = default;

  PrecisionAssignmentOptions options;
  std::optional<CostModel> model;
  std::string metric;
  std::string source;
  std::vector<SitePlan> plans;
  std::vector<SkippedSite> skipped;
  std::vector<SmallVector<unsigned>> allowed;
};

} // namespace mlir::ap

#endif // AP_PRECISIONASSIGNMENT_PRECISIONASSIGNMENT_H
