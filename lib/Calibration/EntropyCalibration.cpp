//===- EntropyCalibration.cpp - KL-divergence threshold search ------------===//
//
// Part of the ap project: an adaptive-precision compiler built on MLIR.
//
//===----------------------------------------------------------------------===//

#include "ap/Calibration/EntropyCalibration.h"

#include <algorithm>
#include <cassert>
#include <cmath>
#include <limits>
#include <vector>

using namespace mlir::ap;

/// The probability that smoothing gives the zero entries of P and Q.
static constexpr double kSmoothingEpsilon = 1e-8;
/// Divergences within this fraction of the least (plus kAbsoluteTolerance)
/// count as equal. Windows that only add empty bins differ by rounding and by
/// the smoothing: a clipped count alone in P's edge bin contributes
/// p ln(p / eps) with p scaled by (1 - z eps), which drifts by about
/// 1e-8 of the divergence per added empty bin; the narrowest wins.
static constexpr double kRelativeTolerance = 1e-4;
static constexpr double kAbsoluteTolerance = 1e-12;

/// c ln c, 0 for c = 0.
static double entropyTerm(double count) {
  return count > 0 ? count * std::log(count) : 0.0;
}

namespace {

/// Computes the divergences of many windows of one histogram in O(levels)
/// each, with prefix sums over the bins of the counts, of c ln c and of the
/// number of non-zero counts. With T the total, alpha = keepP / T, beta =
/// keepQ / (the window's own count), and Q constant within a group j (q_j on
/// its bins where P is not zero, eps when the group's own count is 0), so
///   KL = sum_k p_k ln p_k - sum_j (sum_{k in j} p_k) ln q_j
///      = alpha (S + T ln alpha) - alpha sum_j Pmass_j ln q_j,
/// S = sum_k P_k ln P_k, from the prefix sums corrected at the two edge bins
/// that receive the clipped counts.
class DivergenceEvaluator {
public:
  explicit DivergenceEvaluator(llvm::ArrayRef<double> counts)
      : counts(counts), prefix(counts.size() + 1, 0),
        prefixEntropy(counts.size() + 1, 0),
        prefixNonZero(counts.size() + 1, 0) {
    for (size_t k = 0, e = counts.size(); k < e; ++k) {
      prefix[k + 1] = prefix[k] + counts[k];
      prefixEntropy[k + 1] = prefixEntropy[k] + entropyTerm(counts[k]);
      prefixNonZero[k + 1] = prefixNonZero[k] + (counts[k] != 0);
    }
  }

  double getDivergence(unsigned begin, unsigned end, unsigned levels) const;

private:
  llvm::ArrayRef<double> counts;
  std::vector<double> prefix, prefixEntropy;
  std::vector<unsigned> prefixNonZero;
};

} // namespace

double DivergenceEvaluator::getDivergence(unsigned begin, unsigned end,
                                          unsigned levels) const {
  assert(levels >= 1 && begin <= end && end <= counts.size() &&
         end - begin >= levels && "invalid window");
  unsigned length = end - begin;
  unsigned first = begin, last = end - 1;
  double total = prefix.back();
  double inside = prefix[end] - prefix[begin];
  if (total <= 0 || inside <= 0)
    return std::numeric_limits<double>::infinity();
  double left = prefix[begin], right = total - prefix[end];

  // P's edge bins receive the clipped counts.
  double firstP = counts[first] + left + (first == last ? right : 0);
  double lastP = counts[last] + right;
  double sumEntropy = prefixEntropy[end] - prefixEntropy[begin] -
                      entropyTerm(counts[first]) + entropyTerm(firstP);
  if (first != last)
    sumEntropy += entropyTerm(lastP) - entropyTerm(counts[last]);

  // Per group: its own counts (Q's mass), its mass in P, its bins where P
  // is not zero.
  unsigned groupSize = length / levels;
  unsigned nonZeroP = 0, zeroQ = 0;
  double logTerms = 0, massWithQ = 0, massWithoutQ = 0;
  for (unsigned group = 0; group < levels; ++group) {
    unsigned from = begin + group * groupSize;
    unsigned to = group + 1 == levels ? end : from + groupSize;
    double own = prefix[to] - prefix[from];
    double mass = own;
    unsigned nonZero = prefixNonZero[to] - prefixNonZero[from];
    if (from == first) {
      mass += left;
      nonZero += counts[first] == 0 && firstP != 0;
    }
    if (to - 1 == last) {
      mass += right;
      if (first != last)
        nonZero += counts[last] == 0 && lastP != 0;
    }
    if (nonZero == 0)
      continue;
    nonZeroP += nonZero;
    if (own == 0) {
      // Q is zero where P is not: those entries are smoothed to eps.
      zeroQ += nonZero;
      massWithoutQ += mass;
      continue;
    }
    logTerms += mass * std::log(own / nonZero);
    massWithQ += mass;
  }

  // A P with one non-zero bin (everything clipped into an edge bin) equals
  // its Q whatever is clipped: a degenerate zero, not a candidate.
  if (nonZeroP <= 1)
    return std::numeric_limits<double>::infinity();
  unsigned zerosP = length - nonZeroP;
  double alpha = (1 - zerosP * kSmoothingEpsilon) / total;
  double beta = (1 - (zerosP + zeroQ) * kSmoothingEpsilon) / inside;
  double divergence = alpha * (sumEntropy + total * std::log(alpha)) -
                      alpha * (logTerms + massWithQ * std::log(beta) +
                               massWithoutQ * std::log(kSmoothingEpsilon));
  return std::max(divergence, 0.0);
}

double mlir::ap::getWindowDivergence(llvm::ArrayRef<double> counts,
                                     unsigned begin, unsigned end,
                                     unsigned levels) {
  DivergenceEvaluator evaluator(counts);
  return evaluator.getDivergence(begin, end, levels);
}

/// Of the windows make(i), i in [first, last] in the order given by
/// `ascending`, the first whose divergence is within the tolerance of the
/// least; `fallback` when none is finite.
template <typename MakeWindow>
static unsigned bestOf(const DivergenceEvaluator &evaluator, unsigned first,
                       unsigned last, bool ascending, unsigned levels,
                       unsigned fallback, MakeWindow make) {
  std::vector<double> divergences;
  divergences.reserve(last - first + 1);
  double least = std::numeric_limits<double>::infinity();
  for (unsigned i = first; i <= last; ++i) {
    auto [begin, end] = make(i);
    divergences.push_back(evaluator.getDivergence(begin, end, levels));
    least = std::min(least, divergences.back());
  }
  if (!std::isfinite(least))
    return fallback;
  for (unsigned n = 0, e = divergences.size(); n < e; ++n) {
    unsigned index = ascending ? n : e - 1 - n;
    if (divergences[index] <=
        least * (1 + kRelativeTolerance) + kAbsoluteTolerance)
      return first + index;
  }
  return fallback;
}

/// The best end in [first, last] for windows starting at `begin`: the
/// smallest of least divergence.
static unsigned bestEnd(const DivergenceEvaluator &evaluator, unsigned begin,
                        unsigned first, unsigned last, unsigned levels,
                        unsigned fallback) {
  return bestOf(evaluator, first, last, /*ascending=*/true, levels, fallback,
                [&](unsigned end) { return std::make_pair(begin, end); });
}

/// The best begin in [first, last] for windows ending at `end`: the largest
/// of least divergence.
static unsigned bestBegin(const DivergenceEvaluator &evaluator, unsigned end,
                          unsigned first, unsigned last, unsigned levels,
                          unsigned fallback) {
  return bestOf(evaluator, first, last, /*ascending=*/false, levels, fallback,
                [&](unsigned begin) { return std::make_pair(begin, end); });
}

unsigned mlir::ap::selectEntropyWindowEnd(llvm::ArrayRef<double> counts,
                                          unsigned levels) {
  unsigned numBins = counts.size();
  if (levels == 0 || numBins < levels)
    return numBins;
  DivergenceEvaluator evaluator(counts);
  return bestEnd(evaluator, 0, levels, numBins, levels, numBins);
}

std::pair<unsigned, unsigned>
mlir::ap::selectEntropyWindow(llvm::ArrayRef<double> counts, unsigned levels,
                              double zero) {
  unsigned numBins = counts.size();
  if (levels == 0 || numBins < levels)
    return {0, numBins};
  double clamped = std::clamp(zero, 0.0, static_cast<double>(numBins));
  unsigned zeroLow = static_cast<unsigned>(std::floor(clamped));
  unsigned zeroHigh = static_cast<unsigned>(std::ceil(clamped));
  DivergenceEvaluator evaluator(counts);
  unsigned begin = 0, end = numBins;
  for (int round = 0; round < 8; ++round) {
    unsigned firstEnd = std::max(begin + levels, zeroHigh);
    unsigned newEnd = firstEnd <= numBins ? bestEnd(evaluator, begin, firstEnd,
                                                    numBins, levels, end)
                                          : end;
    unsigned newBegin = begin;
    if (newEnd >= levels) {
      unsigned lastBegin = std::min(newEnd - levels, zeroLow);
      newBegin = bestBegin(evaluator, newEnd, 0, lastBegin, levels, begin);
    }
    bool changed = newBegin != begin || newEnd != end;
    begin = newBegin;
    end = newEnd;
    if (!changed)
      break;
  }
  return {begin, end};
}
