//===- MomentsTest.cpp - Tests of count, extremes, mean and variance ------===//
//
// Part of the ap project: an adaptive-precision compiler built on MLIR.
//
//===----------------------------------------------------------------------===//
//
// Expected values are worked out by hand: the data are small integers (or
// integers plus a large offset) whose mean and population variance are
// exact in binary floating point.
//
//===----------------------------------------------------------------------===//

#include "ap/Calibration/Moments.h"

#include "TestData.h"

#include "gtest/gtest.h"

#include <cmath>
#include <limits>
#include <vector>

using namespace mlir::ap;

namespace {

TEST(MomentsTest, KnownData) {
  // 1..10: mean 5.5, sum of squared deviations 82.5, variance 8.25.
  std::vector<double> values = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
  Moments batch;
  batch.addValues(values);
  Moments oneByOne;
  for (double value : values)
    oneByOne.add(value);
  for (const Moments &moments : {batch, oneByOne}) {
    EXPECT_EQ(moments.getCount(), 10u);
    EXPECT_EQ(moments.getMin(), 1);
    EXPECT_EQ(moments.getMax(), 10);
    EXPECT_EQ(moments.getAbsMax(), 10);
    EXPECT_EQ(moments.getMean(), 5.5);
    EXPECT_EQ(moments.getVariance(), 8.25);
    EXPECT_EQ(moments.getSumOfSquaredDeviations(), 82.5);
    EXPECT_EQ(moments.getMeanSquare(), 38.5); // (1 + 4 + ... + 100) / 10
  }
}

TEST(MomentsTest, NegativeAbsMax) {
  Moments moments;
  moments.addValues(std::vector<float>{-7, 2, 3});
  EXPECT_EQ(moments.getAbsMax(), 7);
  EXPECT_EQ(moments.getMean(), -2.0 / 3);
}

TEST(MomentsTest, LargeOffsetIsStable) {
  // The classic example: 1e9 + {4, 7, 13, 16}: mean 1e9 + 10, variance 22.5.
  // The textbook formula E[x^2] - E[x]^2 loses every digit here.
  std::vector<double> values = {1e9 + 4, 1e9 + 7, 1e9 + 13, 1e9 + 16};
  Moments batch;
  batch.addValues(values);
  Moments oneByOne;
  for (double value : values)
    oneByOne.add(value);
  for (const Moments &moments : {batch, oneByOne}) {
    EXPECT_EQ(moments.getMean(), 1e9 + 10);
    EXPECT_EQ(moments.getVariance(), 22.5);
  }
}

TEST(MomentsTest, NonFiniteValuesAreSkipped) {
  double nan = std::numeric_limits<double>::quiet_NaN();
  double inf = std::numeric_limits<double>::infinity();
  Moments moments;
  moments.addValues(std::vector<double>{1, nan, 3, inf, -inf});
  moments.add(nan);
  EXPECT_EQ(moments.getCount(), 2u);
  EXPECT_EQ(moments.getMean(), 2);
  EXPECT_EQ(moments.getVariance(), 1);
  EXPECT_EQ(moments.getMax(), 3);
}

TEST(MomentsTest, MergeOfSmallIntegersIsExact) {
  // {1, 2}: mean 1.5, M2 0.5; {3, 4, 5}: mean 4, M2 2; together 1..5:
  // mean 3, M2 = 0.5 + 2 + 2.5^2 * 2 * 3 / 5 = 10, variance 2.
  Moments a, b;
  a.addValues(std::vector<double>{1, 2});
  b.addValues(std::vector<double>{3, 4, 5});
  a.merge(b);
  EXPECT_EQ(a.getCount(), 5u);
  EXPECT_EQ(a.getMean(), 3);
  EXPECT_EQ(a.getVariance(), 2);
  EXPECT_EQ(a.getMin(), 1);
  EXPECT_EQ(a.getMax(), 5);
}

TEST(MomentsTest, MergeEqualsOnePass) {
  std::vector<float> data = ap_test::gaussianSamples(10000, 3.0, 2.0, 7);
  Moments whole;
  whole.addValues(data);
  // Batches of uneven sizes, merged as a tree.
  Moments left, right;
  llvm::ArrayRef<float> all(data);
  left.addValues(all.slice(0, 1234));
  left.addValues(all.slice(1234, 3000));
  Moments third;
  third.addValues(all.slice(4234, 17));
  for (float value : all.slice(4251))
    third.add(value);
  right.merge(third);
  left.merge(Moments()); // merging nothing changes nothing
  left.merge(right);
  EXPECT_EQ(left.getCount(), whole.getCount());
  EXPECT_EQ(left.getMin(), whole.getMin());
  EXPECT_EQ(left.getMax(), whole.getMax());
  EXPECT_NEAR(left.getMean(), whole.getMean(), 1e-13 * 3);
  EXPECT_NEAR(left.getVariance(), whole.getVariance(), 1e-12 * 4);
  EXPECT_NEAR(whole.getVariance(), 4.0, 0.15);
}

TEST(MomentsTest, MergeIntoEmpty) {
  Moments empty, some;
  some.addValues(std::vector<double>{2, 4});
  empty.merge(some);
  EXPECT_EQ(empty, some);
  EXPECT_TRUE(Moments().empty());
  EXPECT_EQ(Moments().getVariance(), 0);
}

TEST(MomentsTest, FromStoredFields) {
  Moments moments = Moments::get(4, -1, 3, 0.5, 2.25);
  EXPECT_EQ(moments.getVariance(), 2.25);
  EXPECT_EQ(moments.getSumOfSquaredDeviations(), 9);
  EXPECT_TRUE(Moments::get(0, -1, 3, 0.5, 2.25).empty());
}

} // namespace
