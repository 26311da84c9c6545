//===- ValueStatisticsJSONTest.cpp - Statistics in profiles ---------------===//
//
// Part of the ap project: an adaptive-precision compiler built on MLIR.
//
//===----------------------------------------------------------------------===//
//
// The JSON form of one value's statistics: exact round trips, and every
// malformed input reported at its JSON path, through llvm::json::Path (the
// first problem) and through JSONDiagnostics (all of them).
//
//===----------------------------------------------------------------------===//

#include "ap/Calibration/ValueStatistics.h"
#include "ap/Support/JSONReader.h"

#include "TestData.h"

#include "llvm/Support/raw_ostream.h"

#include "gtest/gtest.h"

using namespace mlir::ap;
namespace json = llvm::json;

namespace {

/// A valid element, as text, with `replace` applied (pairs of text to find
/// and its replacement).
std::string element(
    std::initializer_list<std::pair<std::string, std::string>> replace = {}) {
  std::string text =
      R"({"id": "main.matmul0", "count": 10, "min": -1.5, "max": 3,
          "mean": 0.25, "variance": 1.5,
          "histogram": {"min": -1.5, "max": 3, "counts": [2, 0, 5, 3]},
          "percentiles": {"1": -1.4, "99.99": 3},
          "entropy": 1.48})";
  for (const auto &[from, to] : replace) {
    size_t at = text.find(from);
    EXPECT_NE(at, std::string::npos) << from;
    if (at != std::string::npos)
      text.replace(at, from.size(), to);
  }
  return text;
}

/// The result of fromJSON on `text` as the 4th element of "values":
/// "success" or the error of the path's root.
std::string readWithPath(const std::string &text) {
  llvm::Expected<json::Value> value = json::parse(text);
  if (!value)
    return "parse error: " + llvm::toString(value.takeError());
  json::Path::Root root("$");
  ValueStatistics statistics;
  if (fromJSON(*value, statistics, json::Path(root).field("values").index(3)))
    return "success";
  return llvm::toString(root.getError());
}

/// Every problem readValueStatistics reports for `text`, or "success".
std::string readAll(const std::string &text) {
  llvm::Expected<json::Value> value = json::parse(text);
  if (!value)
    return "parse error: " + llvm::toString(value.takeError());
  JSONDiagnostics diagnostics("profile.json");
  std::optional<ValueStatistics> statistics =
      readValueStatistics(*value, "$.values[3]", diagnostics);
  EXPECT_EQ(statistics.has_value(), !diagnostics.hasErrors());
  if (!diagnostics.hasErrors())
    return "success";
  return llvm::toString(diagnostics.takeError());
}

TEST(ValueStatisticsJSONTest, RoundTripIsExact) {
  std::vector<float> samples = ap_test::gaussianSamples(5000, 0.3, 1.7, 31);
  ValueStatistics statistics = ValueStatistics::compute("main.conv2", samples);
  json::Value written = toJSON(statistics);
  std::string text;
  llvm::raw_string_ostream(text) << written;

  llvm::Expected<json::Value> parsed = json::parse(text);
  ASSERT_TRUE(static_cast<bool>(parsed));
  ValueStatistics read;
  json::Path::Root root("$");
  ASSERT_TRUE(fromJSON(*parsed, read, root)) << llvm::toString(root.getError());
  EXPECT_EQ(read, statistics);
  std::string again;
  llvm::raw_string_ostream(again) << toJSON(read);
  EXPECT_EQ(again, text);

  // The derived members, for readers of the file.
  const json::Object *object = written.getAsObject();
  ASSERT_TRUE(object);
  const json::Object *percentiles = object->getObject("percentiles");
  ASSERT_TRUE(percentiles);
  EXPECT_EQ(percentiles->size(), 7u);
  EXPECT_EQ(percentiles->getNumber("50"), statistics.getPercentile(50));
  EXPECT_EQ(percentiles->getNumber("99.99"), statistics.getPercentile(99.99));
  EXPECT_EQ(object->getNumber("entropy"), statistics.getEntropy());
  EXPECT_EQ(object->getObject("histogram")->getArray("counts")->size(), 2048u);
  EXPECT_EQ(object->getInteger("count"), 5000);
}

TEST(ValueStatisticsJSONTest, ReadsTheSchema) {
  llvm::Expected<json::Value> value = json::parse(element());
  ASSERT_TRUE(static_cast<bool>(value));
  JSONDiagnostics diagnostics("profile.json");
  std::optional<ValueStatistics> statistics =
      readValueStatistics(*value, "$", diagnostics);
  ASSERT_TRUE(statistics.has_value());
  EXPECT_EQ(statistics->getId(), "main.matmul0");
  EXPECT_EQ(statistics->getCount(), 10u);
  EXPECT_EQ(statistics->getMin(), -1.5);
  EXPECT_EQ(statistics->getMax(), 3);
  EXPECT_EQ(statistics->getMean(), 0.25);
  EXPECT_EQ(statistics->getVariance(), 1.5);
  EXPECT_EQ(statistics->getHistogram(),
            Histogram(-1.5, 3, std::vector<uint64_t>{2, 0, 5, 3}));
  // Percentiles and entropy come from the histogram, not from the file:
  // the first percent of 10 values is in the first bin, [-1.5, -0.375).
  EXPECT_NEAR(statistics->getPercentile(1), -1.5 + 1.125 * 0.05, 1e-15);
  // 99.99% of 10 values is 9.999: 2.999 of the last bin's 3 values.
  EXPECT_NEAR(statistics->getPercentile(99.99), 3 - 1.125 * 0.001 / 3, 1e-12);
  EXPECT_NEAR(
      statistics->getEntropy(),
      -(0.2 * std::log2(0.2) + 0.5 * std::log2(0.5) + 0.3 * std::log2(0.3)),
      1e-15);

  // Optional members may be left out; integral counts may be written 1e1.
  EXPECT_EQ(readAll(R"({"id": "v", "count": 1e1, "min": 0, "max": 1,
                        "mean": 0.5, "variance": 0.1,
                        "histogram": {"min": 0, "max": 1, "counts": [10]}})"),
            "success");
  // A histogram wider than the values is fine.
  EXPECT_EQ(readAll(element({{R"("min": -1.5, "max": 3, "counts")",
                              R"("min": -3, "max": 3, "counts")"}})),
            "success");
}

TEST(ValueStatisticsJSONTest, FirstPassOnlyWritesAOneBinHistogram) {
  ValueStatistics statistics("v");
  statistics.addToMoments(std::vector<float>{1, 2, 4});
  json::Value written = toJSON(statistics);
  json::Path::Root root("$");
  ValueStatistics read;
  ASSERT_TRUE(fromJSON(written, read, root)) << llvm::toString(root.getError());
  EXPECT_EQ(read.getHistogram(), Histogram(1, 4, std::vector<uint64_t>{3}));
  EXPECT_EQ(read.getMoments(), statistics.getMoments());
}

TEST(ValueStatisticsJSONTest, EmptyStatisticsRoundTrip) {
  // A value that was never observed: count 0, zeros, one empty bin.
  ValueStatistics empty("never");
  json::Value written = toJSON(empty);
  json::Path::Root root("$");
  ValueStatistics read;
  ASSERT_TRUE(fromJSON(written, read, root)) << llvm::toString(root.getError());
  EXPECT_EQ(read.getCount(), 0u);
  EXPECT_EQ(read.getHistogram(), Histogram(0, 0, std::vector<uint64_t>{0}));
  EXPECT_EQ(read.getId(), "never");
}

TEST(ValueStatisticsJSONTest, ErrorsNameTheirPath) {
  // Through llvm::json::Path: the first problem.
  EXPECT_EQ(
      readWithPath(element({{"[2, 0, 5, 3]", "[2, 0, 5, -3]"}})),
      "expected a non-negative integer at $.values[3].histogram.counts[3]");
  EXPECT_EQ(readWithPath(element({{"[2, 0, 5, 3]", "[2, 0, 5, 2]"}})),
            "expected counts that sum to 'count' at "
            "$.values[3].histogram.counts");
  EXPECT_EQ(readWithPath(element({{"[2, 0, 5, 3]", "[]"}})),
            "expected a non-empty array of non-negative integers at "
            "$.values[3].histogram.counts");
  EXPECT_EQ(readWithPath("[1]"),
            "expected an object with 'id', 'count', 'min', 'max', 'mean', "
            "'variance' and 'histogram' at $.values[3]");
  EXPECT_EQ(readWithPath(element({{R"("variance": 1.5,)", ""}})),
            "missing key at $.values[3].variance");
  EXPECT_EQ(readWithPath(element({{R"("mean": 0.25)", R"("mean": 4)"}})),
            "expected a number between 'min' and 'max' at $.values[3].mean");
  EXPECT_EQ(readWithPath(element({{R"("entropy": 1.48)", R"("entropy": -1)"}})),
            "expected a non-negative number at $.values[3].entropy");
  EXPECT_EQ(readWithPath(element({{R"("99.99": 3)", R"("101": 3)"}})),
            "expected a percentile in [0, 100] as the key at "
            "$.values[3].percentiles.101");
  EXPECT_EQ(readWithPath(element({{R"("id": "main.matmul0")", R"("id": "")"}})),
            "expected a non-empty string at $.values[3].id");
  EXPECT_EQ(
      readWithPath(element({{R"("count": 10)", R"("count": 10, "cnt": 1)"}})),
      "unknown key at $.values[3].cnt");
}

TEST(ValueStatisticsJSONTest, AllErrorsWithDetails) {
  EXPECT_EQ(readAll(element({{"[2, 0, 5, 3]", "[2, 0, 5, 2]"}})),
            "profile.json: $.values[3].histogram.counts: expected counts that "
            "sum to 'count' (they sum to 9, 'count' is 10)");
  EXPECT_EQ(
      readAll(
          element({{R"("count": 10)", R"("count": -10, "cnt": 1)"},
                   {R"("variance": 1.5)", R"("variance": -1.5)"},
                   {R"("min": -1.5, "max": 3, "counts": [2, 0, 5, 3])",
                    R"("min": -1, "max": 2, "counts": [2, "x"], "bins": 2)"},
                   {R"("99.99": 3)", R"("99.99": "3")"}})),
      "profile.json: $.values[3].cnt: unknown key (expected one of 'id', "
      "'count', 'min', 'max', 'mean', 'variance', 'histogram', 'percentiles', "
      "'entropy')\n"
      "profile.json: $.values[3].count: expected a non-negative integer\n"
      "profile.json: $.values[3].variance: expected a non-negative number\n"
      "profile.json: $.values[3].histogram.bins: unknown key (expected one of "
      "'min', 'max', 'counts')\n"
      "profile.json: $.values[3].histogram.min: expected a number at most the "
      "value's 'min' (the histogram must cover the values)\n"
      "profile.json: $.values[3].histogram.max: expected a number at least the "
      "value's 'max' (the histogram must cover the values)\n"
      "profile.json: $.values[3].histogram.counts[1]: expected a non-negative "
      "integer\n"
      "profile.json: $.values[3].percentiles.99.99: expected a finite number");
  EXPECT_EQ(readAll(R"({"id": "x"})"),
            "profile.json: $.values[3].count: missing key\n"
            "profile.json: $.values[3].min: missing key\n"
            "profile.json: $.values[3].max: missing key\n"
            "profile.json: $.values[3].mean: missing key\n"
            "profile.json: $.values[3].variance: missing key\n"
            "profile.json: $.values[3].histogram: missing key");
  EXPECT_EQ(readAll(element({{R"("max": 3,)", R"("max": -2,)"}})),
            "profile.json: $.values[3].max: expected a number at least 'min'");
  EXPECT_EQ(
      readAll(element({{R"("histogram": {)", R"("histogram": 1, "h": {)"}})),
      "profile.json: $.values[3].h: unknown key (expected one of 'id', "
      "'count', 'min', 'max', 'mean', 'variance', 'histogram', "
      "'percentiles', 'entropy')\n"
      "profile.json: $.values[3].histogram: expected an object with "
      "'min', 'max' and 'counts'");
}

} // namespace
