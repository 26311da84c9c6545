//===- EntropyCalibrationTest.cpp - Tests of the KL-divergence search -----===//
//
// Part of the ap project: an adaptive-precision compiler built on MLIR.
//
//===----------------------------------------------------------------------===//
//
// Divergences of small windows worked out by hand from the definition in
// EntropyCalibration.h.
//
//===----------------------------------------------------------------------===//

#include "ap/Calibration/EntropyCalibration.h"

#include "gtest/gtest.h"

#include <cmath>
#include <limits>
#include <numeric>
#include <vector>

using namespace mlir::ap;

namespace {

TEST(EntropyCalibrationTest, WholeWindow) {
  // P = {1, 2, 3, 4} / 10; two groups of two bins: {1, 2} -> 1.5 each,
  // {3, 4} -> 3.5 each, so Q = {1.5, 1.5, 3.5, 3.5} / 10.
  std::vector<double> counts = {1, 2, 3, 4};
  double expected = 0.1 * std::log(1 / 1.5) + 0.2 * std::log(2 / 1.5) +
                    0.3 * std::log(3 / 3.5) + 0.4 * std::log(4 / 3.5);
  EXPECT_NEAR(getWindowDivergence(counts, 0, 4, 2), expected, 1e-15);
  // Four levels for four bins: Q = P.
  EXPECT_NEAR(getWindowDivergence(counts, 0, 4, 4), 0, 1e-15);
}

TEST(EntropyCalibrationTest, ClippedCountsGoToTheEdgeBinsOfPOnly) {
  // Window [0, 3) of {1, 2, 3, 4}, one level: P = {1, 2, 3 + 4} / 10;
  // Q spreads the window's own 6 over its 3 bins: 1/3 each.
  std::vector<double> counts = {1, 2, 3, 4};
  double expected = 0.1 * std::log(0.1 * 3) + 0.2 * std::log(0.2 * 3) +
                    0.7 * std::log(0.7 * 3);
  EXPECT_NEAR(getWindowDivergence(counts, 0, 3, 1), expected, 1e-15);
  // Window [1, 4): P = {1 + 2, 3, 4} / 10, Q = 3 each of 9.
  expected = 0.3 * std::log(0.3 * 3) + 0.3 * std::log(0.3 * 3) +
             0.4 * std::log(0.4 * 3);
  EXPECT_NEAR(getWindowDivergence(counts, 1, 4, 1), expected, 1e-15);
}

TEST(EntropyCalibrationTest, EmptyBinsStayEmptyInQ) {
  // {0, 2, 0, 4} in two groups: Q puts each group's sum on its one
  // non-zero bin, Q = P, and the zero bins (eps in both) add nothing.
  std::vector<double> counts = {0, 2, 0, 4};
  EXPECT_NEAR(getWindowDivergence(counts, 0, 4, 2), 0, 1e-15);
}

TEST(EntropyCalibrationTest, SmoothingOfAZeroInQ) {
  // Window [0, 4) of {5, 5, 0, 0, 1}, two levels: P = {5, 5, 0, 1} / 11;
  // the second group of the window holds nothing, so Q = {5, 5, 0, 0} / 10.
  // Smoothed: P's one zero and Q's two zeros become eps = 1e-8, the other
  // entries are scaled by (1 - eps) and (1 - 2 eps).
  std::vector<double> counts = {5, 5, 0, 0, 1};
  double eps = 1e-8;
  double p = 5.0 / 11 * (1 - eps), q = 0.5 * (1 - 2 * eps);
  double last = 1.0 / 11 * (1 - eps);
  double expected = 2 * p * std::log(p / q) + last * std::log(last / eps);
  EXPECT_NEAR(getWindowDivergence(counts, 0, 4, 2), expected, 1e-12);
  // A window with nothing inside has no divergence worth choosing, nor one
  // whose P is a point mass (everything clipped into one bin).
  EXPECT_EQ(getWindowDivergence(std::vector<double>{0, 0, 3}, 0, 2, 2),
            std::numeric_limits<double>::infinity());
  EXPECT_EQ(getWindowDivergence(std::vector<double>{0, 0, 3, 4}, 0, 3, 2),
            std::numeric_limits<double>::infinity());
}

TEST(EntropyCalibrationTest, UnevenGroups) {
  // Five bins in two levels: groups of two, the last taking three.
  // {2, 2, 1, 1, 4}: Q = {2, 2, 2, 2, 2}, P = {2, 2, 1, 1, 4}, over 10.
  std::vector<double> counts = {2, 2, 1, 1, 4};
  double expected = 0.1 * std::log(0.5) * 2 + 0.4 * std::log(2.0);
  EXPECT_NEAR(getWindowDivergence(counts, 0, 5, 2), expected, 1e-15);
}

TEST(EntropyCalibrationTest, Searches) {
  // Fewer bins than levels: the whole range.
  EXPECT_EQ(selectEntropyWindowEnd(std::vector<double>(100, 1), 128), 100u);
  EXPECT_EQ(selectEntropyWindow(std::vector<double>(100, 1), 128, 50),
            std::make_pair(0u, 100u));
  // Uniform counts: any clipping piles counts into P's last bin.
  EXPECT_EQ(selectEntropyWindowEnd(std::vector<double>(64, 3), 8), 64u);
  EXPECT_EQ(selectEntropyWindow(std::vector<double>(64, 3), 8, 10),
            std::make_pair(0u, 64u));
  // A bump on [0, 16) and one stray count at the end: the window ends
  // near the bump.
  std::vector<double> bump(64, 0);
  for (unsigned k = 0; k < 16; ++k)
    bump[k] = 100 + 10 * (k % 3);
  bump[63] = 1;
  unsigned end = selectEntropyWindowEnd(bump, 8);
  EXPECT_GE(end, 16u);
  EXPECT_LE(end, 20u);
  // The same bump in the middle, with 0 at bin 20: the window keeps 0 and
  // the bump.
  std::vector<double> middle(64, 0);
  for (unsigned k = 24; k < 40; ++k)
    middle[k] = 100 + 10 * (k % 3);
  auto [begin, stop] = selectEntropyWindow(middle, 8, 20);
  EXPECT_LE(begin, 20u);
  EXPECT_GE(stop, 40u);
  // A stray count far left, alone in its group when the window starts at
  // 0, costs nothing there but is heavily penalized (Q is 0 where P holds
  // it) by windows that clip it into an empty bin: the window starts at 0.
  middle[0] = 1;
  EXPECT_EQ(selectEntropyWindow(middle, 8, 20).first, 0u);
}

/// The divergence straight from the definition in EntropyCalibration.h,
/// bin by bin.
double referenceDivergence(const std::vector<double> &counts, unsigned begin,
                           unsigned end, unsigned levels) {
  unsigned length = end - begin;
  std::vector<double> p(counts.begin() + begin, counts.begin() + end);
  for (unsigned k = 0; k < begin; ++k)
    p.front() += counts[k];
  for (unsigned k = end; k < counts.size(); ++k)
    p.back() += counts[k];
  std::vector<double> q(length, 0);
  unsigned size = length / levels;
  for (unsigned j = 0; j < levels; ++j) {
    unsigned from = j * size, to = j + 1 == levels ? length : from + size;
    double mass = 0;
    unsigned nonZero = 0;
    for (unsigned k = from; k < to; ++k) {
      mass += counts[begin + k];
      nonZero += p[k] != 0;
    }
    for (unsigned k = from; k < to; ++k)
      if (p[k] != 0)
        q[k] = mass / nonZero;
  }
  auto smooth = [](std::vector<double> d) {
    double sum = 0;
    unsigned zeros = 0;
    for (double x : d) {
      sum += x;
      zeros += x == 0;
    }
    for (double &x : d)
      x = x == 0 ? 1e-8 : x / sum * (1 - zeros * 1e-8);
    return d;
  };
  p = smooth(p);
  q = smooth(q);
  double divergence = 0;
  for (unsigned k = 0; k < length; ++k)
    divergence += p[k] * std::log(p[k] / q[k]);
  return divergence;
}

TEST(EntropyCalibrationTest, MatchesTheDefinition) {
  // Irregular counts with empty stretches and clipped tails, every window
  // shape, against the bin-by-bin definition.
  std::vector<double> counts = {0, 3, 0, 0, 7, 12, 30, 41, 38, 20, 0, 9,
                                4, 0, 0, 1, 2, 0,  5,  0,  0,  0,  0, 1};
  for (unsigned levels : {1u, 2u, 3u, 5u})
    for (unsigned begin = 0; begin < counts.size(); ++begin)
      for (unsigned end = begin + levels; end <= counts.size(); ++end) {
        // Windows without counts of their own, or whose P is a point mass,
        // are never candidates.
        unsigned ownNonZero = 0, pNonZero = 0;
        for (unsigned k = begin; k < end; ++k)
          ownNonZero += counts[k] != 0;
        pNonZero = ownNonZero;
        if (counts[begin] == 0 &&
            std::accumulate(counts.begin(), counts.begin() + begin, 0.0) != 0)
          ++pNonZero;
        if (counts[end - 1] == 0 && end - 1 != begin &&
            std::accumulate(counts.begin() + end, counts.end(), 0.0) != 0)
          ++pNonZero;
        if (ownNonZero == 0 || pNonZero <= 1) {
          EXPECT_EQ(getWindowDivergence(counts, begin, end, levels),
                    std::numeric_limits<double>::infinity());
          continue;
        }
        double reference = referenceDivergence(counts, begin, end, levels);
        EXPECT_NEAR(getWindowDivergence(counts, begin, end, levels),
                    std::max(reference, 0.0), 1e-12 + reference * 1e-10)
            << begin << " " << end << " " << levels;
      }
}

} // namespace
