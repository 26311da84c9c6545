//===- OptimalAssignment.cpp - Exact multiple-choice knapsack -------------===//
//
// Part of the ap project: an adaptive-precision compiler built on MLIR.
//
//===----------------------------------------------------------------------===//
//
// The steps are described in OptimalAssignment.h. Notation: for an op, its
// options are its undominated choices by increasing loss (decreasing cost);
// `lambda` is the multiplier of the loss constraint, `budget` the largest
// total loss within the tolerance, and for every assignment x within it
//
//   objective(x) = LB + sum of rc(x_i) + lambda * (budget - loss(x))
//               >= LB + sum of rc(x_i),
//
// where LB = sum_i m_i - lambda * budget, m_i = min over the options of op i
// of (cost + lambda * loss), and rc = cost + lambda * loss - m_i >= 0. So an
// assignment better than one of objective UB has a sum of reduced costs
// below UB - LB, and so has every prefix of it: that is the bound used both
// to remove options and to prune states. The dynamic programming also bounds
// each state by the LP relaxation of the stages left (SuffixRelaxation),
// which is at least as strong for every state and much stronger for states
// that spent much more or much less of the budget than the optimum.
//
//===----------------------------------------------------------------------===//

#include "ap/Assignment/OptimalAssignment.h"
#include "ap/Assignment/DominancePruning.h"

#include "llvm/ADT/SmallVector.h"

#include <algorithm>
#include <cassert>
#include <cmath>
#include <cstdint>
#include <limits>
#include <optional>
#include <tuple>

using namespace mlir::ap;

namespace {
/// An undominated choice of an op.
struct Option {
  double loss;
  double cost;
  /// The index in the op's choices.
  unsigned choice;
  /// The reduced cost, once the multiplier is known.
  double reduced = 0;
};

/// A segment of the lower convex hull of an op's options: from hull point
/// `from` to the next one.
struct Segment {
  /// Cost saved per unit of loss added (> 0).
  double slope;
  double dloss;
  unsigned op;
  unsigned from;
};

/// A state of the dynamic programming: a partial assignment of the free ops
/// up to a stage (and every fixed op).
struct State {
  double loss;
  double cost;
  /// The sum of the reduced costs of its choices.
  double reduced;
};

/// How a state was reached: the state of the previous stage and the option
/// of the stage's op.
struct Link {
  uint32_t parent;
  uint32_t option;
};

/// Solves one problem; holds the working data.
class OptimalSolver {
public:
  OptimalSolver(const AssignmentProblem &problem,
                const OptimalAssignmentOptions &options)
      : problem(problem), options(options),
        budget(getLossBudget(problem.tolerance)) {}

  AssignmentResult solve();

private:
  void buildOptions();
  /// Solves the LP relaxation: sets lambda, the lower bound and the
  /// incumbent (the rounded LP solution).
  void solveRelaxation();
  /// Removes the options that the bound excludes; splits the ops into fixed
  /// and free ones.
  void fixByReducedCost();
  /// The dynamic programming over the free ops; returns the choices of the
  /// best assignment found (nothing when the incumbent stays the best).
  std::optional<std::vector<unsigned>> runDynamicProgramming();
  /// Merges the states of `front` (and their links) on the loss grid.
  void coarsen(std::vector<State> &front, std::vector<Link> &links) const;
  void updateGap() {
    gap = options.useBounds ? std::max(upperBound - lagrangianBound, 0.0)
                            : std::numeric_limits<double>::infinity();
    margin = 1e-9 * std::max(std::abs(upperBound), std::abs(lagrangianBound));
  }

  const AssignmentProblem &problem;
  const OptimalAssignmentOptions &options;
  double budget;
  AssignmentStatistics statistics;

  /// Per op, its undominated options, by increasing loss.
  std::vector<llvm::SmallVector<Option, 6>> opOptions;
  /// The sum of the least losses, and what the budget leaves above it.
  double minimumLoss = 0;
  double spareLoss = 0;

  double lambda = 0;
  /// The Lagrangian bound LB (may be negative) and the best objective known.
  double lagrangianBound = 0;
  double upperBound = 0;
  double gap = 0, margin = 0;
  /// The choices of the assignment of objective upperBound.
  std::vector<unsigned> incumbent;

  /// Ops with one option left: their choice; fixed totals.
  std::vector<unsigned> fixedChoice;
  double fixedLoss = 0, fixedCost = 0, fixedReduced = 0;
  /// Ops with several options left, in the order of the stages.
  std::vector<unsigned> freeOps;
  bool coarsened = false;
  /// Whether the incumbent was proven optimal by reaching the lower bound.
  bool provedByBound = false;
};
} // namespace

/// The indices of the lower convex hull of `opts` (by increasing loss and
/// decreasing cost): a point is dropped when it is on or above the line
/// between its neighbours.
static llvm::SmallVector<unsigned, 6>
getLowerHull(llvm::ArrayRef<Option> opts) {
  llvm::SmallVector<unsigned, 6> hull;
  for (unsigned index = 0, e = opts.size(); index < e; ++index) {
    while (hull.size() >= 2) {
      const Option &a = opts[hull[hull.size() - 2]];
      const Option &b = opts[hull.back()];
      const Option &c = opts[index];
      double slopeAB = (b.cost - a.cost) / (b.loss - a.loss);
      double slopeBC = (c.cost - b.cost) / (c.loss - b.loss);
      if (slopeAB < slopeBC)
        break;
      hull.pop_back();
    }
    hull.push_back(index);
  }
  return hull;
}

namespace {
/// The LP relaxation of the stages not decided yet, as a function of the
/// loss they may add: starting from every op at its least lossy option, the
/// largest saving of fractional moves along the ops' hulls, taken by
/// decreasing slope (the classic greedy, exact for the LP). The segments sit
/// in Fenwick trees by slope rank, so that a stage's segments can be removed
/// once it is decided and a query takes O(log) time.
class SuffixRelaxation {
public:
  explicit SuffixRelaxation(size_t numStages) : ranksOfStage(numStages) {}

  void addSegment(size_t stage, double dloss, double saving) {
    segments.push_back(Piece{saving / dloss, dloss, saving, stage});
  }

  /// Ranks the segments and fills the trees.
  void build() {
    size_t count = segments.size();
    std::vector<uint32_t> order(count);
    for (uint32_t index = 0; index < count; ++index)
      order[index] = index;
    std::sort(order.begin(), order.end(), [&](uint32_t a, uint32_t b) {
      return segments[a].slope > segments[b].slope;
    });
    ranked.resize(count);
    for (uint32_t rank = 0; rank < count; ++rank) {
      ranked[rank] = segments[order[rank]];
      ranksOfStage[ranked[rank].stage].push_back(rank);
    }
    lossTree.assign(count + 1, 0);
    savingTree.assign(count + 1, 0);
    for (uint32_t rank = 0; rank < count; ++rank)
      update(rank, ranked[rank].dloss, ranked[rank].saving);
    topBit = 1;
    while (topBit * 2 <= count)
      topBit *= 2;
  }

  void removeStage(size_t stage) {
    for (uint32_t rank : ranksOfStage[stage])
      update(rank, -ranked[rank].dloss, -ranked[rank].saving);
  }

  /// The largest saving of the LP relaxation of the remaining stages when
  /// they may add `spare` loss (>= 0) to their least lossy options.
  double getLargestSaving(double spare) const {
    size_t count = ranked.size();
    size_t position = 0;
    double loss = 0, saving = 0;
    for (size_t step = count ? topBit : 0; step > 0; step /= 2) {
      size_t probe = position + step;
      if (probe <= count && loss + lossTree[probe] <= spare) {
        position = probe;
        loss += lossTree[probe];
        saving += savingTree[probe];
      }
    }
    // The segment of rank `position` is the first that does not fit whole
    // (removed segments, of zero length, always fit).
    if (position < count)
      saving += ranked[position].slope *
                std::min(spare - loss, ranked[position].dloss);
    return saving;
  }

private:
  void update(uint32_t rank, double dloss, double saving) {
    for (size_t node = rank + 1; node < lossTree.size(); node += node & -node) {
      lossTree[node] += dloss;
      savingTree[node] += saving;
    }
  }

  /// A hull segment of a stage.
  struct Piece {
    double slope, dloss, saving;
    size_t stage;
  };
  /// The segments as added, then by decreasing slope.
  std::vector<Piece> segments, ranked;
  std::vector<llvm::SmallVector<uint32_t, 6>> ranksOfStage;
  std::vector<double> lossTree, savingTree;
  size_t topBit = 0;
};
} // namespace

void OptimalSolver::buildOptions() {
  unsigned numOps = problem.ops.size();
  opOptions.resize(numOps);
  for (unsigned op = 0; op < numOps; ++op) {
    llvm::SmallVector<unsigned> kept = getUndominatedChoices(problem, op);
    statistics.dominatedChoices += problem.ops[op].choices.size() - kept.size();
    for (unsigned choice : kept)
      opOptions[op].push_back(Option{problem.ops[op].choices[choice].loss,
                                     problem.getCost(op, choice), choice});
    minimumLoss += opOptions[op].front().loss;
  }
  spareLoss = budget - minimumLoss;
  assert(spareLoss >= 0 && "the tolerance was checked to be achievable");
}

void OptimalSolver::solveRelaxation() {
  unsigned numOps = problem.ops.size();
  // Lower convex hulls of the options, as indices into opOptions.
  std::vector<llvm::SmallVector<unsigned, 6>> hulls(numOps);
  std::vector<Segment> segments;
  for (unsigned op = 0; op < numOps; ++op) {
    const auto &opts = opOptions[op];
    auto &hull = hulls[op];
    hull = getLowerHull(opts);
    for (unsigned from = 0; from + 1 < hull.size(); ++from) {
      const Option &a = opts[hull[from]];
      const Option &b = opts[hull[from + 1]];
      double dloss = b.loss - a.loss;
      segments.push_back(Segment{(a.cost - b.cost) / dloss, dloss, op, from});
    }
  }
  // Segments by decreasing slope; within an op the slopes strictly decrease
  // along the hull, so each op's segments come in hull order.
  std::sort(segments.begin(), segments.end(),
            [](const Segment &a, const Segment &b) {
              if (a.slope != b.slope)
                return a.slope > b.slope;
              return std::tie(a.op, a.from) < std::tie(b.op, b.from);
            });

  // The LP greedy: whole segments while they fit; the first one that does
  // not is the critical one, whose slope is the optimal multiplier.
  std::vector<unsigned> position(numOps, 0);
  double spare = spareLoss;
  size_t critical = segments.size();
  lambda = 0;
  for (size_t index = 0, e = segments.size(); index < e; ++index) {
    const Segment &segment = segments[index];
    assert(position[segment.op] == segment.from && "hull order");
    if (segment.dloss <= spare) {
      spare -= segment.dloss;
      ++position[segment.op];
      continue;
    }
    lambda = segment.slope;
    critical = index;
    break;
  }
  // The incumbent: the integral part of the LP solution, completed with the
  // later segments that still fit.
  for (size_t index = critical + 1, e = segments.size(); index < e; ++index) {
    const Segment &segment = segments[index];
    if (position[segment.op] == segment.from && segment.dloss <= spare) {
      spare -= segment.dloss;
      ++position[segment.op];
    }
  }
  incumbent.resize(numOps);
  for (unsigned op = 0; op < numOps; ++op)
    incumbent[op] = opOptions[op][hulls[op][position[op]]].choice;
  upperBound = evaluateAssignment(problem, incumbent).objective;

  // The Lagrangian bound and the reduced costs.
  double sum = 0;
  for (unsigned op = 0; op < numOps; ++op) {
    double least = std::numeric_limits<double>::infinity();
    for (const Option &option : opOptions[op])
      least = std::min(least, option.cost + lambda * option.loss);
    for (Option &option : opOptions[op])
      option.reduced =
          std::max(option.cost + lambda * option.loss - least, 0.0);
    sum += least;
  }
  // With lambda = 0 the budget may be infinite: 0 * inf is not 0.
  lagrangianBound = lambda == 0 ? sum : sum - lambda * budget;
  updateGap();
}

void OptimalSolver::fixByReducedCost() {
  unsigned numOps = problem.ops.size();
  fixedChoice.assign(numOps, 0);
  for (unsigned op = 0; op < numOps; ++op) {
    auto &opts = opOptions[op];
    double leastLoss = opts.front().loss;
    llvm::SmallVector<Option, 6> kept;
    for (const Option &option : opts)
      if (option.reduced <= gap + margin &&
          option.loss - leastLoss <= spareLoss)
        kept.push_back(option);
    // The option of least reduced cost always passes in exact arithmetic;
    // keep everything should rounding say otherwise.
    if (kept.empty())
      kept = opts;
    statistics.boundedChoices += opts.size() - kept.size();
    opts = std::move(kept);
    if (opts.size() == 1) {
      fixedChoice[op] = opts.front().choice;
      fixedLoss += opts.front().loss;
      fixedCost += opts.front().cost;
      fixedReduced += opts.front().reduced;
    } else {
      freeOps.push_back(op);
    }
  }
  statistics.freeOps = freeOps.size();
  // The widest ops (in loss) first: the many narrow ones, decided last,
  // shift the losses of the states little, so the fronts stay small.
  std::stable_sort(freeOps.begin(), freeOps.end(), [&](unsigned a, unsigned b) {
    return opOptions[a].back().loss - opOptions[a].front().loss >
           opOptions[b].back().loss - opOptions[b].front().loss;
  });
}

void OptimalSolver::coarsen(std::vector<State> &front,
                            std::vector<Link> &links) const {
  double reach = 0;
  for (unsigned op : freeOps)
    reach += opOptions[op].back().loss;
  double top = std::min(budget, fixedLoss + reach);
  unsigned cells = std::max<size_t>(
      1, std::min<size_t>(options.resolution, options.maxFrontSize));
  double width = (top - fixedLoss) / cells;
  if (!(width > 0) || !std::isfinite(width))
    return;
  // States are by increasing loss and decreasing cost: the cheapest of a
  // cell is its last state.
  size_t kept = 0;
  for (size_t index = 0, e = front.size(); index < e; ++index) {
    bool lastOfCell =
        index + 1 == e ||
        std::floor((front[index].loss - fixedLoss) / width) !=
            std::floor((front[index + 1].loss - fixedLoss) / width);
    if (!lastOfCell)
      continue;
    front[kept] = front[index];
    links[kept] = links[index];
    ++kept;
  }
  front.resize(kept);
  links.resize(kept);
}

std::optional<std::vector<unsigned>> OptimalSolver::runDynamicProgramming() {
  // An incumbent at the lower bound is optimal.
  if (options.useBounds && upperBound - lagrangianBound <= margin) {
    provedByBound = true;
    return std::nullopt;
  }
  size_t numStages = freeOps.size();
  if (numStages == 0)
    return fixedChoice;

  // Per stage: the Lagrangian completion (the option of least reduced cost,
  // the least lossy among equals) and the least lossy option, summed over
  // the later stages; and the hull segments for the relaxation.
  std::vector<unsigned> completion(numStages);
  std::vector<double> completionLoss(numStages + 1, 0),
      completionCost(numStages + 1, 0), leastLoss(numStages + 1, 0),
      leastLossCost(numStages + 1, 0);
  SuffixRelaxation relaxation(numStages);
  for (size_t stage = numStages; stage-- > 0;) {
    const auto &opts = opOptions[freeOps[stage]];
    unsigned best = 0;
    for (unsigned index = 1, e = opts.size(); index < e; ++index)
      if (opts[index].reduced < opts[best].reduced)
        best = index;
    completion[stage] = best;
    completionLoss[stage] = completionLoss[stage + 1] + opts[best].loss;
    completionCost[stage] = completionCost[stage + 1] + opts[best].cost;
    leastLoss[stage] = leastLoss[stage + 1] + opts.front().loss;
    leastLossCost[stage] = leastLossCost[stage + 1] + opts.front().cost;
    llvm::SmallVector<unsigned, 6> hull = getLowerHull(opts);
    for (unsigned from = 0; from + 1 < hull.size(); ++from) {
      const Option &a = opts[hull[from]];
      const Option &b = opts[hull[from + 1]];
      relaxation.addSegment(stage, b.loss - a.loss, a.cost - b.cost);
    }
  }
  relaxation.build();

  std::vector<State> front{State{fixedLoss, fixedCost, fixedReduced}};
  std::vector<std::vector<Link>> stages(numStages);
  // The state whose completion is the incumbent, when the DP improved it.
  std::optional<std::pair<size_t, uint32_t>> incumbentState;
  statistics.maxFrontSize = 1;
  statistics.states = 1;
  llvm::SmallVector<uint32_t, 6> heads;

  // Follows the links back from state `index` of `endStage`, then completes
  // the later stages with their Lagrangian choices.
  auto reconstruct = [&](size_t endStage, uint32_t index) {
    std::vector<unsigned> choices = fixedChoice;
    for (size_t stage = endStage + 1; stage < numStages; ++stage)
      choices[freeOps[stage]] =
          opOptions[freeOps[stage]][completion[stage]].choice;
    for (size_t stage = endStage + 1; stage-- > 0;) {
      const Link &link = stages[stage][index];
      choices[freeOps[stage]] = opOptions[freeOps[stage]][link.option].choice;
      index = link.parent;
    }
    return choices;
  };

  for (size_t stage = 0; stage < numStages; ++stage) {
    const auto &opts = opOptions[freeOps[stage]];
    uint32_t numParents = front.size(), numOptions = opts.size();
    // The successors through option `index` of the states of the front are
    // by increasing loss like the front: merge these lists, skipping the
    // successors over the budget or the bound.
    auto isAdmissible = [&](uint32_t parent, uint32_t index) {
      return front[parent].reduced + opts[index].reduced <= gap + margin;
    };
    auto advance = [&](uint32_t index) {
      uint32_t &parent = heads[index];
      while (parent < numParents && !isAdmissible(parent, index))
        ++parent;
      // Losses only grow along the front.
      if (parent < numParents && front[parent].loss + opts[index].loss > budget)
        parent = numParents;
    };
    heads.assign(numOptions, 0);
    for (uint32_t index = 0; index < numOptions; ++index)
      advance(index);
    std::vector<State> next;
    std::vector<Link> &links = stages[stage];
    while (true) {
      std::optional<uint32_t> best;
      double bestLoss = 0, bestCost = 0;
      for (uint32_t index = 0; index < numOptions; ++index) {
        uint32_t parent = heads[index];
        if (parent == numParents)
          continue;
        double loss = front[parent].loss + opts[index].loss;
        double cost = front[parent].cost + opts[index].cost;
        if (!best || loss < bestLoss || (loss == bestLoss && cost < bestCost)) {
          best = index;
          bestLoss = loss;
          bestCost = cost;
        }
      }
      if (!best)
        break;
      uint32_t parent = heads[*best];
      // Exact dominance: keep the states cheaper than every less lossy one.
      if (next.empty() || bestCost < next.back().cost) {
        next.push_back(State{bestLoss, bestCost,
                             front[parent].reduced + opts[*best].reduced});
        links.push_back(Link{parent, *best});
      }
      ++heads[*best];
      advance(*best);
    }
    front.swap(next);

    // The relaxation of the later stages bounds every completion.
    relaxation.removeStage(stage);
    if (options.useBounds) {
      size_t kept = 0;
      for (size_t index = 0, e = front.size(); index < e; ++index) {
        const State &state = front[index];
        double spare = budget - state.loss - leastLoss[stage + 1];
        if (spare < 0)
          continue;
        double bound = state.cost + leastLossCost[stage + 1] -
                       relaxation.getLargestSaving(spare);
        if (bound > upperBound + margin)
          continue;
        front[kept] = state;
        links[kept] = links[index];
        ++kept;
      }
      front.resize(kept);
      links.resize(kept);
    }
    // The incumbent itself survives every stage, so the front is never
    // empty in exact arithmetic; stop and keep the incumbent otherwise.
    if (front.empty())
      break;
    if (front.size() > options.maxFrontSize) {
      coarsen(front, links);
      coarsened = true;
    }
    statistics.maxFrontSize = std::max(statistics.maxFrontSize, front.size());
    statistics.states += front.size();

    // Complete every state with the Lagrangian choices of the later stages.
    for (uint32_t index = 0, e = front.size(); index < e; ++index) {
      const State &state = front[index];
      if (state.loss + completionLoss[stage + 1] > budget)
        continue;
      double cost = state.cost + completionCost[stage + 1];
      if (cost < upperBound) {
        upperBound = cost;
        incumbentState = {stage, index};
      }
    }
    updateGap();
    // An incumbent at the lower bound is optimal.
    if (options.useBounds && upperBound - lagrangianBound <= margin) {
      provedByBound = true;
      break;
    }
  }

  // The cheapest final state is the last one.
  if (!provedByBound && !front.empty() && front.back().cost <= upperBound)
    return reconstruct(numStages - 1, front.size() - 1);
  if (incumbentState)
    return reconstruct(incumbentState->first, incumbentState->second);
  return std::nullopt;
}

AssignmentResult OptimalSolver::solve() {
  buildOptions();
  solveRelaxation();
  fixByReducedCost();
  std::optional<std::vector<unsigned>> best = runDynamicProgramming();

  AssignmentResult result;
  result.choices = best ? std::move(*best) : incumbent;
  result.totals = evaluateAssignment(problem, result.choices);
  // Rounding in the order of the sums could in principle differ; the
  // incumbent was evaluated in op order.
  if (!isWithinTolerance(result.totals.loss, problem.tolerance) ||
      result.totals.objective >
          evaluateAssignment(problem, incumbent).objective) {
    result.choices = incumbent;
    result.totals = evaluateAssignment(problem, incumbent);
  }
  result.baseline = evaluateAssignment(problem, getBaselineAssignment(problem));
  result.provedOptimal = !coarsened || provedByBound;
  result.lowerBound =
      result.provedOptimal
          ? result.totals.objective
          : std::clamp(lagrangianBound, 0.0, result.totals.objective);
  result.statistics = statistics;
  return result;
}

llvm::Expected<AssignmentResult>
mlir::ap::assignOptimal(const AssignmentProblem &problem,
                        const OptimalAssignmentOptions &options) {
  if (llvm::Error error = verifyAssignmentProblem(problem))
    return std::move(error);
  if (llvm::Error error = checkToleranceIsAchievable(problem))
    return std::move(error);
  return OptimalSolver(problem, options).solve();
}
