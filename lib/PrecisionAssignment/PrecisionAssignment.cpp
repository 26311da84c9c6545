//===- PrecisionAssignment.cpp - Sensitivity-driven precisions ------------===//
//
// Part of the ap project: an adaptive-precision compiler built on MLIR.
//
//===----------------------------------------------------------------------===//

#include "ap/PrecisionAssignment/PrecisionAssignment.h"

#include "ap/Analysis/CostOpInterface.h"
#include "ap/Assignment/GreedyAssignment.h"
#include "ap/Assignment/OptimalAssignment.h"
#include "ap/PrecisionAssignment/PrecisionRewriter.h"

#include "mlir/Interfaces/FunctionInterfaces.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringSet.h"

using namespace mlir;
using namespace mlir::ap;

llvm::StringRef
mlir::ap::stringifyAssignmentAlgorithm(AssignmentAlgorithm algorithm) {
  switch (algorithm) {
  case AssignmentAlgorithm::Greedy:
    return "greedy";
  case AssignmentAlgorithm::Optimal:
    return "optimal";
  }
  llvm_unreachable("unknown algorithm");
}

std::optional<AssignmentAlgorithm>
mlir::ap::parseAssignmentAlgorithm(llvm::StringRef name) {
  if (name == "greedy")
    return AssignmentAlgorithm::Greedy;
  if (name == "optimal")
    return AssignmentAlgorithm::Optimal;
  return std::nullopt;
}

FailureOr<PrecisionAssignment>
PrecisionAssignment::analyze(ModuleOp module, const SensitivityTable &losses,
                             const Profile *profile,
                             const PrecisionAssignmentOptions &options) {
  auto emitModuleError = [&] { return mlir::emitError(module.getLoc()); };
  for (Precision precision : options.candidates)
    if (!llvm::is_contained(getCandidatePrecisions(), precision))
      return emitModuleError()
             << options.passName << ": '" << stringifyPrecision(precision)
             << "' is not a candidate precision";
  FailureOr<TargetModel> target =
      TargetModel::forModule(module, options.passName);
  if (failed(target))
    return failure();

  PrecisionAssignment assignment;
  assignment.options = options;
  assignment.model.emplace(std::move(*target));
  assignment.metric = losses.metric;
  assignment.source = losses.source;
  const CostModel &model = *assignment.model;
  SmallVector<Precision> precisions(options.candidates);
  if (precisions.empty())
    llvm::append_range(precisions, getCandidatePrecisions());

  FailureOr<std::vector<Site>> sites = collectSites(module, model.getTarget());
  if (failed(sites))
    return failure();
  if (profile && failed(matchActivationStatistics(module, *sites, *profile,
                                                  emitModuleError)))
    return failure();

  llvm::StringSet<> siteKeys;
  for (Site &site : *sites) {
    siteKeys.insert(site.key);
    auto skip = [&](const Twine &reason) {
      site.op->emitWarning() << options.passName << ": " << site.describe()
                             << " keeps its precision: " << reason;
      assignment.skipped.push_back({site, reason.str()});
    };
    const OpSensitivity *entry = losses.lookup(site.key);
    if (!site.unsupported.empty()) {
      skip(site.unsupported);
      continue;
    }
    if (!entry) {
      skip("the sensitivity file has no entry for it");
      continue;
    }
    FailureOr<SitePlan> plan =
        planSite(site, entry, precisions, model, options.quantization);
    if (failed(plan))
      return failure();
    if (plan->candidates.empty()) {
      skip(plan->notes.empty()
               ? std::string("its device computes none of the candidate "
                             "precisions")
               : "no candidate precision applies (" +
                     llvm::join(plan->notes, "; ") + ")");
      continue;
    }
    if (!plan->notes.empty())
      site.op->emitWarning()
          << options.passName << ": " << site.describe()
          << ": precisions left out: " << llvm::join(plan->notes, "; ");
    // The statistics belong to the profile, which need not outlive the
    // analysis; the plan holds what was derived from them.
    for (SiteInput &input : plan->site.inputs)
      input.statistics = nullptr;
    assignment.allowed.emplace_back(
        llvm::to_vector(llvm::seq<unsigned>(0, plan->candidates.size())));
    assignment.plans.push_back(std::move(*plan));
  }
  for (SkippedSite &skipped : assignment.skipped)
    for (SiteInput &input : skipped.site.inputs)
      input.statistics = nullptr;

  unsigned unmatched = 0;
  std::string first;
  for (const OpSensitivity &op : losses.getOps())
    if (!siteKeys.contains(op.key) && unmatched++ == 0)
      first = op.key;
  if (unmatched)
    mlir::emitWarning(module.getLoc())
        << options.passName << ": the sensitivity file names " << unmatched
        << " op" << (unmatched == 1 ? "" : "s")
        << " that the module does not have as a site (the first is '" << first
        << "'); ignored";
  return assignment;
}

LogicalResult
PrecisionAssignment::restrictCandidates(unsigned site,
                                        llvm::ArrayRef<Precision> precisions) {
  SmallVector<unsigned> kept;
  for (unsigned index : allowed[site])
    if (llvm::is_contained(precisions, plans[site].candidates[index].precision))
      kept.push_back(index);
  if (kept.empty())
    return failure();
  allowed[site] = std::move(kept);
  return success();
}

LogicalResult PrecisionAssignment::raiseMinimumPrecision(unsigned site,
                                                         Precision precision) {
  const SitePlan &plan = plans[site];
  std::optional<unsigned> reference = plan.lookup(precision);
  if (!reference || !llvm::is_contained(allowed[site], *reference))
    return failure();
  double bound = plan.candidates[*reference].loss;
  SmallVector<unsigned> kept;
  for (unsigned index : allowed[site])
    if (plan.candidates[index].loss <= bound)
      kept.push_back(index);
  allowed[site] = std::move(kept);
  return success();
}

void PrecisionAssignment::clearRestrictions() {
  for (auto [site, plan] : llvm::enumerate(plans))
    allowed[site] =
        llvm::to_vector(llvm::seq<unsigned>(0, plan.candidates.size()));
}

AssignmentProblem PrecisionAssignment::getProblem() const {
  AssignmentProblem problem;
  problem.wExec = options.wExec;
  problem.wXfer = options.wXfer;
  problem.wAcc = options.wAcc;
  problem.tolerance = options.tolerance;
  for (auto [site, plan] : llvm::enumerate(plans)) {
    AssignmentOp op;
    op.name = plan.site.describe();
    for (unsigned index : allowed[site]) {
      const SiteCandidate &candidate = plan.candidates[index];
      AssignmentChoice choice;
      choice.label = candidate.getLabel();
      choice.execTime = candidate.execTime;
      choice.transferTime = candidate.transferTime;
      choice.loss = candidate.loss;
      op.choices.push_back(std::move(choice));
    }
    const SmallVector<unsigned> &indices = allowed[site];
    auto *reference = llvm::find(indices, plan.baseline);
    if (reference != indices.end()) {
      op.baseline = reference - indices.begin();
    } else {
      for (auto [position, choice] : llvm::enumerate(op.choices)) {
        const AssignmentChoice &best = op.choices[op.baseline];
        if (choice.loss < best.loss ||
            (choice.loss == best.loss &&
             problem.getCost(choice) < problem.getCost(best)))
          op.baseline = position;
      }
    }
    problem.ops.push_back(std::move(op));
  }
  return problem;
}

llvm::Expected<PrecisionDecision>
PrecisionAssignment::solve(AssignmentAlgorithm algorithm) const {
  AssignmentProblem problem = getProblem();
  llvm::Expected<AssignmentResult> result =
      algorithm == AssignmentAlgorithm::Greedy ? assignGreedy(problem)
                                               : assignOptimal(problem);
  if (!result)
    return result.takeError();
  PrecisionDecision decision;
  decision.algorithm = algorithm;
  for (auto [site, choice] : llvm::enumerate(result->choices))
    decision.candidates.push_back(allowed[site][choice]);
  decision.result = std::move(*result);
  return decision;
}

LogicalResult
PrecisionAssignment::apply(ModuleOp module,
                           const PrecisionDecision &decision) const {
  // Every site is found before any is rewritten: rewriting adds ops that
  // would shift the numbered keys.
  llvm::StringMap<Operation *> ops;
  for (auto function : module.getOps<FunctionOpInterface>())
    if (!function.isExternal())
      for (auto &[op, key] : assignCostKeys(function))
        ops.try_emplace(key, op);
  SmallVector<Operation *> targets;
  for (const SitePlan &plan : plans) {
    Operation *op = ops.lookup(plan.site.key);
    if (!op || op->getName().getStringRef() != plan.site.name)
      return mlir::emitError(module.getLoc())
             << options.passName << ": the module has no op '" << plan.site.key
             << "' (" << plan.site.name
             << "): it is not the module that was analyzed";
    targets.push_back(op);
  }
  PrecisionRewriter rewriter(module.getContext());
  for (auto [plan, op, choice] :
       llvm::zip_equal(plans, targets, decision.candidates))
    if (failed(rewriter.rewrite(op, plan.site, plan.candidates[choice])))
      return failure();
  rewriter.eraseDeadOps();
  return success();
}
