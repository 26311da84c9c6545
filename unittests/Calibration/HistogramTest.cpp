//===- HistogramTest.cpp - Tests of histograms and value statistics -------===//
//
// Part of the ap project: an adaptive-precision compiler built on MLIR.
//
//===----------------------------------------------------------------------===//
//
// Bin counts are worked out by hand from the bin edges; percentiles of
// evenly spaced data are p / 100 of the range, up to one bin width (the
// documented resolution); the entropy of n equal bins is log2(n).
//
//===----------------------------------------------------------------------===//

#include "ap/Calibration/ValueStatistics.h"

#include "TestData.h"

#include "gtest/gtest.h"

#include <cmath>
#include <limits>
#include <vector>

using namespace mlir::ap;

namespace {

TEST(HistogramTest, BinCounts) {
  Histogram histogram(0, 10, 10);
  for (int k = 0; k < 10; ++k)
    histogram.add(k + 0.5);
  histogram.add(10); // the maximum is in the last bin
  histogram.add(0);  // the minimum in the first
  histogram.add(-1); // below the range: saturates into the first
  histogram.add(3);  // a lower edge belongs to its bin
  histogram.add(std::numeric_limits<double>::quiet_NaN()); // skipped
  std::vector<uint64_t> expected = {3, 1, 1, 2, 1, 1, 1, 1, 1, 2};
  EXPECT_EQ(std::vector<uint64_t>(histogram.getCounts().begin(),
                                  histogram.getCounts().end()),
            expected);
  EXPECT_EQ(histogram.getTotal(), 14u);
  EXPECT_EQ(histogram.getBinWidth(), 1);
  EXPECT_EQ(histogram.getBinEdge(3), 3);
  EXPECT_EQ(histogram.getBinEdge(10), 10);
}

TEST(HistogramTest, TwoPassesOverObservedRange) {
  // Range [-1, 3] in 4 bins of width 1: -1 | 0 | 1 | 2, 3.
  ValueStatistics statistics("v");
  std::vector<float> values = {-1, 0, 1, 2, 3};
  statistics.addToMoments(values);
  EXPECT_FALSE(statistics.hasHistogram());
  statistics.startHistogram(4);
  statistics.addToHistogram(values);
  const Histogram &histogram = statistics.getHistogram();
  EXPECT_EQ(histogram.getMin(), -1);
  EXPECT_EQ(histogram.getMax(), 3);
  std::vector<uint64_t> expected = {1, 1, 1, 2};
  EXPECT_EQ(std::vector<uint64_t>(histogram.getCounts().begin(),
                                  histogram.getCounts().end()),
            expected);
  EXPECT_EQ(statistics, ValueStatistics::compute("v", values, 4));
}

TEST(HistogramTest, CumulativeCountIsLinearInBins) {
  Histogram histogram(0, 4, std::vector<uint64_t>{2, 0, 4, 2});
  EXPECT_EQ(histogram.getCumulativeCount(-1), 0);
  EXPECT_EQ(histogram.getCumulativeCount(0.5), 1);
  EXPECT_EQ(histogram.getCumulativeCount(1.5), 2);
  EXPECT_EQ(histogram.getCumulativeCount(2.25), 3);
  EXPECT_EQ(histogram.getCumulativeCount(4), 8);
  // Percentiles invert it; an empty bin is skipped.
  EXPECT_EQ(histogram.getPercentile(0), 0);
  EXPECT_EQ(histogram.getPercentile(25), 1); // 2 values: end of bin 0
  EXPECT_EQ(histogram.getPercentile(50), 2.5);
  EXPECT_EQ(histogram.getPercentile(100), 4);
}

TEST(HistogramTest, PercentilesOfUniformDataWithinABin) {
  std::vector<double> values = ap_test::evenlySpaced(100001, -1, 1);
  ValueStatistics statistics = ValueStatistics::compute("u", values);
  double width = statistics.getHistogram().getBinWidth();
  EXPECT_EQ(width, 2.0 / 2048);
  for (double percent : kProfilePercentiles)
    EXPECT_NEAR(statistics.getPercentile(percent), -1 + 2 * percent / 100,
                width)
        << percent;
  EXPECT_EQ(statistics.getPercentile(0), -1);
  EXPECT_EQ(statistics.getPercentile(100), 1);
}

TEST(HistogramTest, EntropyOfUniformHistogramIsLog2OfBins) {
  EXPECT_EQ(Histogram(0, 1, std::vector<uint64_t>(2048, 7)).getEntropy(), 11);
  EXPECT_EQ(Histogram(0, 1, std::vector<uint64_t>(256, 1)).getEntropy(), 8);
  EXPECT_EQ(Histogram(0, 1, std::vector<uint64_t>{5, 0, 0}).getEntropy(), 0);
  EXPECT_EQ(Histogram(0, 1, std::vector<uint64_t>{3, 0, 3}).getEntropy(), 1);
  // {1, 1, 2}: 1/4 log2 4 * 2 + 1/2 log2 2 = 1.5.
  EXPECT_EQ(Histogram(0, 1, std::vector<uint64_t>{1, 1, 2}).getEntropy(), 1.5);
  EXPECT_EQ(Histogram(0, 1, 16).getEntropy(), 0);

  // Evenly spaced data fill the bins almost equally.
  std::vector<double> values = ap_test::evenlySpaced(2048 * 50 + 1, 0, 1);
  EXPECT_NEAR(ValueStatistics::compute("u", values).getEntropy(), 11, 1e-4);
}

TEST(HistogramTest, MergeWithSameRangeAddsCounts) {
  Histogram a(0, 4, std::vector<uint64_t>{1, 2, 3, 4});
  Histogram b(0, 4, std::vector<uint64_t>{4, 3, 2, 1});
  a.merge(b);
  EXPECT_EQ(a, Histogram(0, 4, std::vector<uint64_t>{5, 5, 5, 5}));
  Histogram none;
  none.merge(a);
  EXPECT_EQ(none, a);
  a.merge(Histogram());
  EXPECT_EQ(a.getTotal(), 20u);
}

TEST(HistogramTest, MergeWithOtherRangeRebins) {
  // [0, 2] in 2 bins and [2, 6] in 2 bins onto [0, 6] in 2 bins of width 3:
  // {4 in [0,1), 2 in [1,2)} -> 6 in [0,3); {6 in [2,4)} -> 3 + 3;
  // {2 in [4,6)} -> 2 in [3,6).
  Histogram a(0, 2, std::vector<uint64_t>{4, 2});
  Histogram b(2, 6, std::vector<uint64_t>{6, 2});
  a.merge(b);
  EXPECT_EQ(a, Histogram(0, 6, std::vector<uint64_t>{9, 5}));
}

TEST(HistogramTest, BatchedStatisticsMergeLikeOnePass) {
  std::vector<float> data = ap_test::gaussianSamples(30000, 0.5, 1.5, 11);
  llvm::ArrayRef<float> all(data);
  ValueStatistics whole = ValueStatistics::compute("x", data);

  // Pass 1 by two workers, merged; pass 2 by three workers on copies of the
  // empty histogram, added back: the histogram is exactly the one-pass one.
  ValueStatistics first("x"), second("x");
  first.addToMoments(all.slice(0, 10000));
  second.addToMoments(all.slice(10000));
  first.merge(second);
  first.startHistogram();
  Histogram shape = first.getHistogram();
  for (llvm::ArrayRef<float> part :
       {all.slice(0, 5000), all.slice(5000, 20000), all.slice(25000)}) {
    Histogram worker = shape;
    worker.addValues(part);
    first.mergeHistogram(worker);
  }
  EXPECT_EQ(first.getHistogram(), whole.getHistogram());
  EXPECT_EQ(first.getCount(), whole.getCount());
  EXPECT_NEAR(first.getMean(), whole.getMean(), 1e-14);
  EXPECT_NEAR(first.getVariance(), whole.getVariance(), 1e-13);

  // Statistics completed independently per batch (each over its own range)
  // merge approximately: the total is kept and percentiles stay within a
  // couple of bins.
  ValueStatistics merged = ValueStatistics::compute("x", all.slice(0, 7000));
  merged.merge(ValueStatistics::compute("x", all.slice(7000)));
  EXPECT_EQ(merged.getHistogram().getTotal(), 30000u);
  EXPECT_EQ(merged.getMin(), whole.getMin());
  EXPECT_EQ(merged.getHistogram().getMin(), whole.getMin());
  EXPECT_EQ(merged.getHistogram().getMax(), whole.getMax());
  double width = whole.getHistogram().getBinWidth();
  for (double percent : {1.0, 10.0, 50.0, 90.0, 99.0})
    EXPECT_NEAR(merged.getPercentile(percent), whole.getPercentile(percent),
                2 * width)
        << percent;
}

TEST(HistogramTest, DegenerateRanges) {
  ValueStatistics constant =
      ValueStatistics::compute("c", std::vector<float>{2.5f, 2.5f, 2.5f});
  EXPECT_EQ(constant.getHistogram().getMin(), 2.5);
  EXPECT_EQ(constant.getHistogram().getMax(), 2.5);
  EXPECT_EQ(constant.getHistogram().getCounts()[0], 3u);
  EXPECT_EQ(constant.getPercentile(50), 2.5);
  EXPECT_EQ(constant.getEntropy(), 0);
  EXPECT_EQ(constant.getVariance(), 0);

  ValueStatistics empty = ValueStatistics::compute("e", std::vector<float>{});
  EXPECT_EQ(empty.getCount(), 0u);
  EXPECT_EQ(empty.getPercentile(50), 0);
  EXPECT_EQ(empty.getEntropy(), 0);
}

} // namespace
