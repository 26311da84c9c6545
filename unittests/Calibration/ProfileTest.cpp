//===- ProfileTest.cpp - Calibration profiles
//------------------------------===//
//
// Part of the ap project: an adaptive-precision compiler built on MLIR.
//
//===----------------------------------------------------------------------===//
//
// Profiles ("ap-profile" JSON): exact round trips through text and files,
// version 1 profiles (timings only) read as they were, and every malformed
// input reported, all problems at once, with its file and JSON path.
//
//===----------------------------------------------------------------------===//

#include "ap/Calibration/Profile.h"

#include "TestData.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"

#include "gtest/gtest.h"

using namespace mlir::ap;
namespace json = llvm::json;

namespace {

/// A profile with two timings and two values (one with 2048 bins of
/// Gaussian samples, one of a few values in 3 bins).
Profile makeProfile() {
  Profile profile;
  profile.batches = 3;
  profile.granularity = "layer";
  profile.timings.push_back({"main#0", "npu", "f16", 1.0 / 3.0, 3});
  profile.timings.push_back({"main#1", "cpu", "f32", 2.5e-7, 1});
  std::vector<float> samples = ap_test::gaussianSamples(3000, -0.7, 2.3, 7);
  profile.values.push_back(ValueStatistics::compute("main.conv0", samples));
  std::vector<double> few = {0.1, 0.2, 0.30000000000000004, 1e-300};
  profile.values.push_back(ValueStatistics::compute("main.arg0", few, 3));
  return profile;
}

/// `text` parsed as a profile from "p.json": "success" or every problem.
std::string parse(llvm::StringRef text) {
  llvm::Expected<Profile> profile = parseProfile(text, "p.json");
  if (profile)
    return "success";
  return llvm::toString(profile.takeError());
}

/// A valid version 2 profile, as text, with `replace` applied (pairs of
/// text to find and its replacement).
std::string profileText(
    std::initializer_list<std::pair<std::string, std::string>> replace = {}) {
  std::string text = R"({"format": "ap-profile", "version": 2,
    "batches": 2, "granularity": "op",
    "timings": [{"op": "main#0", "device": "npu", "precision": "i8",
                 "time": 1.5e-05, "count": 4}],
    "values": [{"id": "main.arg0", "count": 4, "min": -1, "max": 3,
                "mean": 0.5, "variance": 2,
                "histogram": {"min": -1, "max": 3, "counts": [1, 2, 1]}}]})";
  for (const auto &[from, to] : replace) {
    size_t at = text.find(from);
    EXPECT_NE(at, std::string::npos) << from;
    if (at != std::string::npos)
      text.replace(at, from.size(), to);
  }
  return text;
}

TEST(ProfileTest, RoundTripThroughTextIsExact) {
  Profile profile = makeProfile();
  std::string text;
  llvm::raw_string_ostream(text) << toJSON(profile);
  llvm::Expected<Profile> read = parseProfile(text, "p.json");
  ASSERT_TRUE(static_cast<bool>(read)) << llvm::toString(read.takeError());
  EXPECT_TRUE(*read == profile);
  EXPECT_EQ(read->timings[0].time, 1.0 / 3.0);
  const ValueStatistics *conv = read->lookupValue("main.conv0");
  ASSERT_NE(conv, nullptr);
  EXPECT_EQ(conv->getVariance(), profile.values[0].getVariance());
  EXPECT_EQ(conv->getHistogram().getNumBins(), 2048u);
  EXPECT_EQ(read->lookupValue("main.conv1"), nullptr);
  EXPECT_EQ(read->values[1].getMin(), 1e-300);
}

TEST(ProfileTest, WrittenJSON) {
  Profile profile = makeProfile();
  json::Value value = toJSON(profile);
  const json::Object &object = *value.getAsObject();
  EXPECT_EQ(object.getString("format"), "ap-profile");
  EXPECT_EQ(object.getInteger("version"), 2);
  EXPECT_EQ(object.getInteger("batches"), 3);
  EXPECT_EQ(object.getString("granularity"), "layer");
  const json::Object &timing =
      *object.getArray("timings")->front().getAsObject();
  EXPECT_EQ(timing.getString("op"), "main#0");
  EXPECT_EQ(timing.getString("device"), "npu");
  EXPECT_EQ(timing.getString("precision"), "f16");
  EXPECT_EQ(timing.getInteger("count"), 3);
  EXPECT_EQ(object.getArray("values")->size(), 2u);
  // Unknown granularity is left out.
  profile.granularity.clear();
  EXPECT_FALSE(toJSON(profile).getAsObject()->get("granularity"));
}

TEST(ProfileTest, RoundTripThroughFile) {
  llvm::SmallString<128> directory;
  ASSERT_FALSE(llvm::sys::fs::createUniqueDirectory("ap-profile", directory));
  llvm::SmallString<128> path(directory);
  llvm::sys::path::append(path, "profile.json");
  Profile profile = makeProfile();
  ASSERT_FALSE(static_cast<bool>(writeProfile(profile, path)));
  llvm::Expected<Profile> read = readProfile(path);
  ASSERT_TRUE(static_cast<bool>(read)) << llvm::toString(read.takeError());
  EXPECT_TRUE(*read == profile);

  // A file that cannot be written leaves nothing behind.
  llvm::SmallString<128> missing(directory);
  llvm::sys::path::append(missing, "no-such-directory", "profile.json");
  llvm::Error error = writeProfile(profile, missing);
  ASSERT_TRUE(static_cast<bool>(error));
  EXPECT_EQ(
      llvm::StringRef(llvm::toString(std::move(error)))
          .starts_with("cannot write profile '" + missing.str().str() + "': "),
      true);
  std::error_code code;
  unsigned files = 0;
  for (llvm::sys::fs::directory_iterator it(directory, code), end;
       it != end && !code; it.increment(code))
    ++files;
  EXPECT_EQ(files, 1u);

  llvm::Expected<Profile> unreadable = readProfile(missing);
  ASSERT_FALSE(static_cast<bool>(unreadable));
  EXPECT_EQ(llvm::toString(unreadable.takeError()),
            "cannot read profile '" + missing.str().str() +
                "': No such file or directory");
  llvm::sys::fs::remove(path);
  llvm::sys::fs::remove(directory);
}

TEST(ProfileTest, ValidVersion2) {
  llvm::Expected<Profile> profile = parseProfile(profileText(), "p.json");
  ASSERT_TRUE(static_cast<bool>(profile))
      << llvm::toString(profile.takeError());
  EXPECT_EQ(profile->batches, 2);
  EXPECT_EQ(profile->granularity, "op");
  ASSERT_EQ(profile->timings.size(), 1u);
  EXPECT_EQ(profile->timings[0].time, 1.5e-05);
  EXPECT_EQ(profile->timings[0].count, 4);
  ASSERT_EQ(profile->values.size(), 1u);
  EXPECT_EQ(profile->values[0].getCount(), 4u);
  EXPECT_EQ(profile->values[0].getHistogram().getCounts(),
            llvm::ArrayRef<uint64_t>({1, 2, 1}));
  // "batches", "granularity" and "count" are optional.
  EXPECT_EQ(parse(profileText({{"\"batches\": 2, \"granularity\": \"op\",", ""},
                               {", \"count\": 4", ""}})),
            "success");
}

TEST(ProfileTest, Version1IsRead) {
  llvm::Expected<Profile> profile = parseProfile(
      R"({"format": "ap-profile", "version": 1,
          "timings": [{"op": "matmul#0", "device": "cpu", "precision": "f32",
                       "time": 1e-6}]})",
      "v1.json");
  ASSERT_TRUE(static_cast<bool>(profile))
      << llvm::toString(profile.takeError());
  EXPECT_EQ(profile->batches, 0);
  EXPECT_EQ(profile->granularity, "");
  ASSERT_EQ(profile->timings.size(), 1u);
  EXPECT_EQ(profile->timings[0].count, 1);
  EXPECT_TRUE(profile->values.empty());

  // What version 2 added is unknown in version 1.
  EXPECT_EQ(
      parse(R"({"format": "ap-profile", "version": 1, "values": [],
                "timings": [{"op": "m#0", "device": "cpu", "precision": "f32",
                             "time": 1e-6, "count": 2}]})"),
      "p.json: $.timings[0].count: unknown key; expected one of 'device', "
      "'op', 'precision', 'time'\n"
      "p.json: $.values: unknown key; expected one of 'format', 'timings', "
      "'version'");
}

TEST(ProfileTest, TopLevelProblems) {
  EXPECT_EQ(parse("[]"), "p.json: $: expected an object");
  EXPECT_EQ(parse("{"),
            "p.json: invalid JSON: [1:1, byte=1]: Expected object key");
  EXPECT_EQ(parse(R"({"format": "ap-target", "version": 3, "timings": {},
                      "extra": 1})"),
            "p.json: $.format: expected \"ap-profile\", got \"ap-target\"\n"
            "p.json: $.version: expected 1 or 2, the versions this build "
            "reads\n"
            "p.json: $.timings: expected an array\n"
            "p.json: $: missing key 'values'\n"
            "p.json: $.extra: unknown key; expected one of 'batches', "
            "'format', 'granularity', 'timings', 'values', 'version'");
  EXPECT_EQ(parse(profileText({{"\"batches\": 2", "\"batches\": -1"},
                               {"\"op\",", "\"block\","}})),
            "p.json: $.batches: expected a non-negative integer\n"
            "p.json: $.granularity: expected \"op\" or \"layer\"");
}

TEST(ProfileTest, TimingProblems) {
  EXPECT_EQ(parse(profileText(
                {{R"({"op": "main#0", "device": "npu", "precision": "i8",
                 "time": 1.5e-05, "count": 4})",
                  R"(3, {"op": "", "device": "npu", "time": 0, "count": 0.5},
               {"op": "a", "device": "npu", "precision": "i8", "time": 1,
                "when": 2},
               {"op": "a", "device": "npu", "precision": "i8", "time": 1},
               {"op": "a", "device": "npu", "precision": "i8", "time": 2})"}})),
            "p.json: $.timings[0]: expected an object with 'op', 'device', "
            "'precision', 'time' and 'count'\n"
            "p.json: $.timings[1].op: expected a non-empty string\n"
            "p.json: $.timings[1]: missing key 'precision'\n"
            "p.json: $.timings[1].time: expected a positive number\n"
            "p.json: $.timings[1].count: expected a positive integer\n"
            "p.json: $.timings[2].when: unknown key; expected one of 'count', "
            "'device', 'op', 'precision', 'time'\n"
            "p.json: $.timings[4]: a second time for op 'a' on device 'npu' at "
            "'i8'");
}

TEST(ProfileTest, ValueProblems) {
  // The values' own checks (readValueStatistics), under their paths, and
  // ids that repeat.
  std::string value = R"({"id": "main.arg0", "count": 4, "min": -1, "max": 3,
                "mean": 0.5, "variance": 2,
                "histogram": {"min": -1, "max": 3, "counts": [1, 2, 1]}})";
  EXPECT_EQ(
      parse(profileText(
          {{"[1, 2, 1]}}]", "[1, 2, 2]}}, " + value + ", " + value + ", 7]"}})),
      "p.json: $.values[0].histogram.counts: expected counts that sum to "
      "'count' (they sum to 5, 'count' is 4)\n"
      "p.json: $.values[2].id: a second value with id 'main.arg0' (the "
      "first is $.values[1])\n"
      "p.json: $.values[3]: expected an object with 'id', 'count', 'min', "
      "'max', 'mean', 'variance' and 'histogram'");
  EXPECT_EQ(parse(profileText({{"\"values\": [", "\"values\": 1, \"v\": ["}})),
            "p.json: $.values: expected an array\n"
            "p.json: $.v: unknown key; expected one of 'batches', 'format', "
            "'granularity', 'timings', 'values', 'version'");
}

} // namespace
