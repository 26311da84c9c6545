//===- ScenarioTest.cpp - Tests of run-time scenarios ---------------------===//
//
// Part of the ap project: an adaptive-precision compiler built on MLIR.
//
//===----------------------------------------------------------------------===//
//
// Checks the reading of "ap-scenario" files (sorting, defaults, every error
// message), the lookups of the events in force at a time, and the input
// shift's formula and noise.
//
//===----------------------------------------------------------------------===//

#include "ap/Runtime/Scenario.h"
#include "ap/Runtime/Simulator.h"

#include "ap/Analysis/TargetModel.h"

#include "gtest/gtest.h"

#include <cmath>
#include <random>
#include <string>
#include <vector>

using namespace ap::rt;

namespace {

/// A host and two accelerators, reached over "pcie" (link 0) and "m2"
/// (link 1).
constexpr const char *kTarget = R"({
  "format": "ap-target", "version": 1,
  "host": "cpu", "default": "gpu",
  "devices": [
    {"name": "cpu", "kind": "host", "clock": 1e9, "units": 1,
     "ops_per_cycle": {"f32": 1}, "energy_per_op": {"f32": 1e-9},
     "launch_overhead": 0, "switch_latency": 0, "idle_power": 1,
     "memories": [{"name": "dram", "capacity": 1000000, "bandwidth": 1e9,
                   "energy_per_byte": 0}]},
    {"name": "gpu", "kind": "accelerator", "clock": 1e9, "units": 1,
     "ops_per_cycle": {"f32": 1}, "energy_per_op": {"f32": 1e-9},
     "launch_overhead": 0, "switch_latency": 0, "idle_power": 1,
     "memories": [{"name": "hbm", "capacity": 1000000, "bandwidth": 1e9,
                   "energy_per_byte": 0}]},
    {"name": "npu", "kind": "accelerator", "clock": 1e9, "units": 1,
     "ops_per_cycle": {"f32": 1}, "energy_per_op": {"f32": 1e-9},
     "launch_overhead": 0, "switch_latency": 0, "idle_power": 1,
     "memories": [{"name": "sram", "capacity": 1000000, "bandwidth": 1e9,
                   "energy_per_byte": 0}]}
  ],
  "links": [
    {"name": "pcie", "from": "cpu", "to": "gpu", "bidirectional": true,
     "latency": 1e-6, "bandwidth": 1e9, "energy_per_byte": 0},
    {"name": "m2", "from": "cpu", "to": "npu", "bidirectional": true,
     "latency": 1e-6, "bandwidth": 1e9, "energy_per_byte": 0}
  ]
})";

constexpr unsigned kPcie = 0, kM2 = 1;

class ScenarioTest : public ::testing::Test {
protected:
  void SetUp() override {
    llvm::Expected<std::unique_ptr<Simulator>> created =
        Simulator::create(kTarget, "t.json");
    ASSERT_TRUE(static_cast<bool>(created))
        << llvm::toString(created.takeError());
    simulator = std::move(*created);
    ASSERT_EQ(simulator->getTarget().lookupLink("pcie"), kPcie);
    ASSERT_EQ(simulator->getTarget().lookupLink("m2"), kM2);
  }

  llvm::Expected<Scenario> parse(llvm::StringRef text) {
    return parseScenario(text, "s.json", simulator->getTarget());
  }

  /// The error message of parsing `text`, which must fail.
  std::string parseError(llvm::StringRef text) {
    llvm::Expected<Scenario> scenario = parse(text);
    if (scenario)
      return "<parsed>";
    return llvm::toString(scenario.takeError());
  }

  /// The error message of a scenario with the single event `event`.
  std::string eventError(llvm::StringRef event) {
    return parseError(
        (R"({"format": "ap-scenario", "version": 1, "events": [)" + event +
         "]}")
            .str());
  }

  std::unique_ptr<Simulator> simulator;
};

constexpr const char *kScenario = R"({
  "format": "ap-scenario", "version": 1,
  "description": "pcie degrades, a cap comes and goes, inputs drift",
  "period": 2e-4,
  "events": [
    {"at": 3e-3, "kind": "input_shift", "scale": 4.0, "offset": 0.5,
     "noise": 0.1, "seed": 7, "argument": 0},
    {"at": 1e-3, "kind": "link_bandwidth", "link": "pcie", "factor": 0.1},
    {"at": 2e-3, "kind": "power_cap", "watts": 20.0},
    {"at": 1e-3, "kind": "link_bandwidth", "link": "m2", "factor": 0.5},
    {"at": 4e-3, "kind": "link_bandwidth", "link": "pcie", "factor": 1},
    {"at": 5e-3, "kind": "power_cap", "watts": 0},
    {"at": 6e-3, "kind": "input_shift", "offset": -1}
  ]
})";

TEST_F(ScenarioTest, ParsesAndSortsStably) {
  llvm::Expected<Scenario> scenario = parse(kScenario);
  ASSERT_TRUE(static_cast<bool>(scenario))
      << llvm::toString(scenario.takeError());
  EXPECT_EQ(scenario->description,
            "pcie degrades, a cap comes and goes, inputs drift");
  EXPECT_EQ(scenario->period, 2e-4);
  ASSERT_EQ(scenario->events.size(), 7u);
  using Kind = ScenarioEvent::Kind;
  const std::vector<ScenarioEvent> &events = scenario->events;
  // The two events at 1e-3 keep the order of the file.
  EXPECT_EQ(events[0].kind, Kind::LinkBandwidth);
  EXPECT_EQ(events[0].time, 1e-3);
  EXPECT_EQ(events[0].link, kPcie);
  EXPECT_EQ(events[0].factor, 0.1);
  EXPECT_EQ(events[1].kind, Kind::LinkBandwidth);
  EXPECT_EQ(events[1].link, kM2);
  EXPECT_EQ(events[1].factor, 0.5);
  EXPECT_EQ(events[2].kind, Kind::PowerCap);
  EXPECT_EQ(events[2].time, 2e-3);
  EXPECT_EQ(events[2].watts, 20.0);
  EXPECT_EQ(events[3].kind, Kind::InputShift);
  EXPECT_EQ(events[3].time, 3e-3);
  EXPECT_EQ(events[3].scale, 4.0);
  EXPECT_EQ(events[3].offset, 0.5);
  EXPECT_EQ(events[3].noise, 0.1);
  EXPECT_EQ(events[3].seed, 7u);
  EXPECT_EQ(events[3].argument, 0u);
  EXPECT_EQ(events[4].time, 4e-3);
  EXPECT_EQ(events[5].time, 5e-3);
  EXPECT_EQ(events[5].watts, 0.0);
  // Defaults of an input shift.
  EXPECT_EQ(events[6].kind, Kind::InputShift);
  EXPECT_EQ(events[6].scale, 1.0);
  EXPECT_EQ(events[6].offset, -1.0);
  EXPECT_EQ(events[6].noise, 0.0);
  EXPECT_EQ(events[6].seed, 0u);
  EXPECT_FALSE(events[6].argument.has_value());
}

TEST_F(ScenarioTest, Defaults) {
  llvm::Expected<Scenario> scenario =
      parse(R"({"format": "ap-scenario", "version": 1})");
  ASSERT_TRUE(static_cast<bool>(scenario))
      << llvm::toString(scenario.takeError());
  EXPECT_EQ(scenario->description, "");
  EXPECT_EQ(scenario->period, 0.0);
  EXPECT_TRUE(scenario->events.empty());
  EXPECT_EQ(scenario->getLinkFactor(kPcie, 1.0), 1.0);
  EXPECT_EQ(scenario->getPowerCap(1.0), 0.0);
  EXPECT_EQ(scenario->getInputShift(0, 1.0), nullptr);
  EXPECT_TRUE(scenario->getEventsBetween(-1, 1).empty());
}

TEST_F(ScenarioTest, LinkFactorAtBeforeAndExactlyAtEvents) {
  llvm::Expected<Scenario> scenario = parse(kScenario);
  ASSERT_TRUE(static_cast<bool>(scenario))
      << llvm::toString(scenario.takeError());
  EXPECT_EQ(scenario->getLinkFactor(kPcie, 0.0), 1.0);
  EXPECT_EQ(scenario->getLinkFactor(kPcie, 0.999e-3), 1.0);
  EXPECT_EQ(scenario->getLinkFactor(kPcie, 1e-3), 0.1);
  EXPECT_EQ(scenario->getLinkFactor(kM2, 1e-3), 0.5);
  EXPECT_EQ(scenario->getLinkFactor(kPcie, 3.5e-3), 0.1);
  EXPECT_EQ(scenario->getLinkFactor(kPcie, 4e-3), 1.0);
  EXPECT_EQ(scenario->getLinkFactor(kM2, 10.0), 0.5);
  // A link the scenario never names.
  EXPECT_EQ(scenario->getLinkFactor(7, 10.0), 1.0);
}

TEST_F(ScenarioTest, PowerCapAtBeforeAndExactlyAtEvents) {
  llvm::Expected<Scenario> scenario = parse(kScenario);
  ASSERT_TRUE(static_cast<bool>(scenario))
      << llvm::toString(scenario.takeError());
  EXPECT_EQ(scenario->getPowerCap(1.9e-3), 0.0);
  EXPECT_EQ(scenario->getPowerCap(2e-3), 20.0);
  EXPECT_EQ(scenario->getPowerCap(4.99e-3), 20.0);
  EXPECT_EQ(scenario->getPowerCap(5e-3), 0.0);
  EXPECT_EQ(scenario->getPowerCap(1.0), 0.0);
}

TEST_F(ScenarioTest, InputShiftPerArgumentAndForAll) {
  llvm::Expected<Scenario> scenario = parse(kScenario);
  ASSERT_TRUE(static_cast<bool>(scenario))
      << llvm::toString(scenario.takeError());
  const std::vector<ScenarioEvent> &events = scenario->events;
  EXPECT_EQ(scenario->getInputShift(0, 2.9e-3), nullptr);
  EXPECT_EQ(scenario->getInputShift(0, 3e-3), &events[3]);
  // The event at 3e-3 names argument 0 only.
  EXPECT_EQ(scenario->getInputShift(1, 3e-3), nullptr);
  EXPECT_EQ(scenario->getInputShift(0, 5.9e-3), &events[3]);
  // The event at 6e-3 applies to every argument and replaces the earlier.
  EXPECT_EQ(scenario->getInputShift(0, 6e-3), &events[6]);
  EXPECT_EQ(scenario->getInputShift(1, 6e-3), &events[6]);
}

TEST_F(ScenarioTest, EventsBetween) {
  llvm::Expected<Scenario> scenario = parse(kScenario);
  ASSERT_TRUE(static_cast<bool>(scenario))
      << llvm::toString(scenario.takeError());
  const std::vector<ScenarioEvent> &events = scenario->events;
  // from < time <= to.
  std::vector<const ScenarioEvent *> between =
      scenario->getEventsBetween(1e-3, 4e-3);
  ASSERT_EQ(between.size(), 3u);
  EXPECT_EQ(between[0], &events[2]);
  EXPECT_EQ(between[1], &events[3]);
  EXPECT_EQ(between[2], &events[4]);
  between = scenario->getEventsBetween(0, 1e-3);
  ASSERT_EQ(between.size(), 2u);
  EXPECT_EQ(between[0], &events[0]);
  EXPECT_EQ(between[1], &events[1]);
  EXPECT_TRUE(scenario->getEventsBetween(1e-3, 1.5e-3).empty());
  EXPECT_TRUE(scenario->getEventsBetween(6e-3, 1.0).empty());
}

TEST_F(ScenarioTest, EventAtTimeZero) {
  llvm::Expected<Scenario> scenario = parse(
      R"({"format": "ap-scenario", "version": 1, "events": [
            {"at": 0, "kind": "power_cap", "watts": 5}]})");
  ASSERT_TRUE(static_cast<bool>(scenario))
      << llvm::toString(scenario.takeError());
  EXPECT_EQ(scenario->getPowerCap(0.0), 5.0);
  EXPECT_TRUE(scenario->getEventsBetween(0, 1).empty());
  EXPECT_EQ(scenario->getEventsBetween(-1, 0).size(), 1u);
}

TEST_F(ScenarioTest, IntegralNumbersAsIntegers) {
  llvm::Expected<Scenario> scenario = parse(
      R"({"format": "ap-scenario", "version": 1, "events": [
            {"at": 0, "kind": "input_shift", "seed": 18446744073709551615,
             "argument": 3.0},
            {"at": 1, "kind": "input_shift", "seed": 1e3}]})");
  ASSERT_TRUE(static_cast<bool>(scenario))
      << llvm::toString(scenario.takeError());
  EXPECT_EQ(scenario->events[0].seed, UINT64_MAX);
  EXPECT_EQ(scenario->events[0].argument, 3u);
  EXPECT_EQ(scenario->events[1].seed, 1000u);
}

TEST_F(ScenarioTest, DocumentErrors) {
  EXPECT_EQ(parseError("[1]"), "s.json: $: expected an object");
  EXPECT_EQ(parseError(R"({"format": "ap-target", "version": 2})"),
            "s.json: $.format: expected \"ap-scenario\", got \"ap-target\"\n"
            "s.json: $.version: expected 1, the version this build reads");
  EXPECT_EQ(parseError(R"({"version": 1})"), "s.json: $: missing key 'format'");
  EXPECT_EQ(parseError(R"({"format": "ap-scenario", "version": 1,
                           "period": -1, "event": []})"),
            "s.json: $.period: expected a non-negative number\n"
            "s.json: $.event: unknown key; expected one of 'description', "
            "'events', 'format', 'period', 'version'");
  EXPECT_EQ(parseError(R"({"format": "ap-scenario", "version": 1,
                           "period": 1e999})"),
            "s.json: $.period: expected a non-negative number");
  EXPECT_EQ(parseError(R"({"format": "ap-scenario", "version": 1,
                           "description": 3})"),
            "s.json: $.description: expected a non-empty string");
  EXPECT_EQ(parseError(R"({"format": "ap-scenario", "version": 1,
                           "events": {}})"),
            "s.json: $.events: expected an array");
  std::string invalid = parseError("{");
  EXPECT_EQ(invalid.rfind("s.json: invalid JSON: ", 0), 0u) << invalid;
}

TEST_F(ScenarioTest, EventErrors) {
  EXPECT_EQ(eventError("3"),
            "s.json: $.events[0]: expected an object describing an event");
  EXPECT_EQ(eventError(R"({"at": 1})"), "s.json: $.events[0]: missing key "
                                        "'kind'");
  EXPECT_EQ(eventError(R"({"kind": "power_cap", "watts": 1})"),
            "s.json: $.events[0]: missing key 'at'");
  EXPECT_EQ(eventError(R"({"at": -1e-3, "kind": "power_cap", "watts": 1})"),
            "s.json: $.events[0].at: expected a non-negative number");
  EXPECT_EQ(eventError(R"({"at": 1e999, "kind": "power_cap", "watts": 1})"),
            "s.json: $.events[0].at: expected a non-negative number");
  // The members of an event of unknown kind are not checked.
  EXPECT_EQ(eventError(R"({"at": 0, "kind": "reboot", "when": 3})"),
            "s.json: $.events[0].kind: unknown event kind 'reboot'; expected "
            "one of 'input_shift', 'link_bandwidth', 'power_cap'");
  EXPECT_EQ(
      eventError(R"({"at": 0, "kind": "power_cap", "watts": 1},
                    {"at": 0, "kind": "link_bandwidth", "link": "foo",
                     "factor": 0.5})"),
      "s.json: $.events[1].link: 'foo' is not a link of the target (links: "
      "pcie, m2)");
  EXPECT_EQ(eventError(R"({"at": 0, "kind": "link_bandwidth", "factor": 2})"),
            "s.json: $.events[0]: missing key 'link'");
  EXPECT_EQ(eventError(
                R"({"at": 0, "kind": "link_bandwidth", "link": "m2",
                    "factor": 0})"),
            "s.json: $.events[0].factor: expected a positive number");
  EXPECT_EQ(eventError(
                R"({"at": 0, "kind": "link_bandwidth", "link": "m2",
                    "factor": -2})"),
            "s.json: $.events[0].factor: expected a positive number");
  EXPECT_EQ(eventError(R"({"at": 0, "kind": "link_bandwidth", "link": "m2"})"),
            "s.json: $.events[0]: missing key 'factor'");
  EXPECT_EQ(eventError(
                R"({"at": 0, "kind": "link_bandwidth", "link": "m2",
                    "factor": 2, "watts": 3})"),
            "s.json: $.events[0].watts: unknown key; expected one of 'at', "
            "'factor', 'kind', 'link'");
  EXPECT_EQ(eventError(R"({"at": 0, "kind": "power_cap", "watts": -1})"),
            "s.json: $.events[0].watts: expected a non-negative number");
  EXPECT_EQ(eventError(R"({"at": 0, "kind": "power_cap"})"),
            "s.json: $.events[0]: missing key 'watts'");
  EXPECT_EQ(eventError(R"({"at": 0, "kind": "input_shift", "scale": 1e999})"),
            "s.json: $.events[0].scale: expected a finite number");
  EXPECT_EQ(eventError(R"({"at": 0, "kind": "input_shift", "scale": "x"})"),
            "s.json: $.events[0].scale: expected a finite number");
  EXPECT_EQ(eventError(R"({"at": 0, "kind": "input_shift", "offset": -1e999})"),
            "s.json: $.events[0].offset: expected a finite number");
  EXPECT_EQ(eventError(R"({"at": 0, "kind": "input_shift", "noise": -0.1})"),
            "s.json: $.events[0].noise: expected a non-negative number");
  EXPECT_EQ(eventError(R"({"at": 0, "kind": "input_shift", "seed": -1})"),
            "s.json: $.events[0].seed: expected a non-negative integer");
  EXPECT_EQ(eventError(R"({"at": 0, "kind": "input_shift", "seed": 0.5})"),
            "s.json: $.events[0].seed: expected a non-negative integer");
  EXPECT_EQ(eventError(R"({"at": 0, "kind": "input_shift", "argument": 1.5})"),
            "s.json: $.events[0].argument: expected an integer from 0 to "
            "4294967295");
  EXPECT_EQ(
      eventError(R"({"at": 0, "kind": "input_shift", "argument": 4294967296})"),
      "s.json: $.events[0].argument: expected an integer from 0 to "
      "4294967295");
  EXPECT_EQ(eventError(R"({"at": 0, "kind": "input_shift", "link": "m2"})"),
            "s.json: $.events[0].link: unknown key; expected one of "
            "'argument', 'at', 'kind', 'noise', 'offset', 'scale', 'seed'");
}

TEST_F(ScenarioTest, EveryErrorAtOnce) {
  EXPECT_EQ(eventError(R"({"at": -1, "kind": "power_cap", "watts": -1},
                          {"at": 0, "kind": "link_bandwidth", "link": "x",
                           "factor": 0})"),
            "s.json: $.events[0].at: expected a non-negative number\n"
            "s.json: $.events[0].watts: expected a non-negative number\n"
            "s.json: $.events[1].link: 'x' is not a link of the target "
            "(links: pcie, m2)\n"
            "s.json: $.events[1].factor: expected a positive number");
}

TEST_F(ScenarioTest, LoadReportsMissingFile) {
  llvm::Expected<Scenario> scenario = loadScenario(
      "/nonexistent/ap-scenario-test.json", simulator->getTarget());
  ASSERT_FALSE(static_cast<bool>(scenario));
  std::string message = llvm::toString(scenario.takeError());
  EXPECT_EQ(message.rfind("cannot read scenario "
                          "'/nonexistent/ap-scenario-test.json': ",
                          0),
            0u)
      << message;
}

//===----------------------------------------------------------------------===//
// applyInputShift
//===----------------------------------------------------------------------===//

TEST(ScenarioInputShift, NoiselessFormulaIsExact) {
  ScenarioEvent shift;
  shift.kind = ScenarioEvent::Kind::InputShift;
  shift.scale = 4.0;
  shift.offset = 0.25;
  std::vector<float> data = {1.5f, -2.0f, 0.0f, 1e30f, 3.0f};
  applyInputShift(shift, data.data(), static_cast<int64_t>(data.size()), 5);
  EXPECT_EQ(data[0], 6.25f);
  EXPECT_EQ(data[1], -7.75f);
  EXPECT_EQ(data[2], 0.25f);
  EXPECT_EQ(data[3], 4e30f);
  EXPECT_EQ(data[4], 12.25f);

  // Computed in double, rounded once: (2^24 - 1) * 3 + 1.5 = 50331646.5,
  // whose nearest float (spacing 4) is 50331648; float arithmetic would
  // round the product to 50331644 first and end at 50331644.
  shift.scale = 3.0;
  shift.offset = 1.5;
  std::vector<float> big = {16777215.0f};
  applyInputShift(shift, big.data(), 1, 0);
  EXPECT_EQ(big[0], 50331648.0f);

  // A scale that overflows float saturates to infinity (float rounding).
  shift.scale = 1e10;
  shift.offset = 0;
  std::vector<float> huge = {1e30f};
  applyInputShift(shift, huge.data(), 1, 0);
  EXPECT_EQ(huge[0], INFINITY);

  // Nothing happens for no elements.
  applyInputShift(shift, nullptr, 0, 0);
}

TEST(ScenarioInputShift, NoiseIsDeterministicAndFollowsTheRecipe) {
  ScenarioEvent shift;
  shift.kind = ScenarioEvent::Kind::InputShift;
  shift.scale = 2.0;
  shift.offset = -1.0;
  shift.noise = 0.5;
  shift.seed = 7;
  std::vector<float> input = {1.0f, 2.0f, 3.0f, 4.0f, 5.0f};
  std::vector<float> first = input, second = input, otherBatch = input;
  applyInputShift(shift, first.data(), 5, 3);
  applyInputShift(shift, second.data(), 5, 3);
  applyInputShift(shift, otherBatch.data(), 5, 4);
  EXPECT_EQ(first, second);
  EXPECT_NE(first, otherBatch);
  ScenarioEvent otherSeed = shift;
  otherSeed.seed = 8;
  std::vector<float> reseeded = input;
  applyInputShift(otherSeed, reseeded.data(), 5, 3);
  EXPECT_NE(first, reseeded);

  // The documented recipe for argument 0 (the default), redone here:
  // seed ^ (batch * golden), doubles from the 53 high bits plus one,
  // Box-Muller pairs (cos, then sin).
  std::mt19937_64 engine(7ull ^ (3ull * 0x9E3779B97F4A7C15ull));
  std::vector<double> deviates;
  for (int pair = 0; pair < 3; ++pair) {
    double u1 = static_cast<double>((engine() >> 11) + 1) / 9007199254740992.0;
    double u2 = static_cast<double>((engine() >> 11) + 1) / 9007199254740992.0;
    double radius = std::sqrt(-2.0 * std::log(u1));
    deviates.push_back(radius * std::cos(2.0 * M_PI * u2));
    deviates.push_back(radius * std::sin(2.0 * M_PI * u2));
  }
  for (size_t index = 0; index < input.size(); ++index)
    EXPECT_EQ(first[index],
              static_cast<float>(static_cast<double>(input[index]) * 2.0 - 1.0 +
                                 0.5 * deviates[index]))
        << "element " << index;
}

TEST(ScenarioInputShift, EachArgumentOfABatchHasItsOwnNoise) {
  ScenarioEvent shift;
  shift.kind = ScenarioEvent::Kind::InputShift;
  shift.scale = 2.0;
  shift.offset = -1.0;
  shift.noise = 0.5;
  shift.seed = 7;
  const std::vector<float> input = {1.0f, 2.0f, 3.0f, 4.0f, 5.0f};

  // Arguments 0 and 1 of batch 3, each shifted twice: the same (batch,
  // argument) reproduces exactly; the two arguments differ in every element.
  std::vector<float> first0 = input, again0 = input, first1 = input,
                     again1 = input, unnamed = input;
  applyInputShift(shift, first0.data(), 5, 3, 0);
  applyInputShift(shift, again0.data(), 5, 3, 0);
  applyInputShift(shift, first1.data(), 5, 3, 1);
  applyInputShift(shift, again1.data(), 5, 3, 1);
  EXPECT_EQ(first0, again0);
  EXPECT_EQ(first1, again1);
  for (size_t index = 0; index < input.size(); ++index)
    EXPECT_NE(first0[index], first1[index]) << "element " << index;
  // Without an argument index, argument 0.
  applyInputShift(shift, unnamed.data(), 5, 3);
  EXPECT_EQ(unnamed, first0);
  // Argument 1 of batch 3 is not argument 0 of another batch either.
  std::vector<float> batch4 = input;
  applyInputShift(shift, batch4.data(), 5, 4, 0);
  EXPECT_NE(first1, batch4);

  // The documented seed of argument 1 of batch 3, redone here:
  // 7 ^ ((3 + 2^32) * golden).
  std::mt19937_64 engine(7ull ^
                         ((3ull + (1ull << 32)) * 0x9E3779B97F4A7C15ull));
  std::vector<double> deviates;
  for (int pair = 0; pair < 3; ++pair) {
    double u1 = static_cast<double>((engine() >> 11) + 1) / 9007199254740992.0;
    double u2 = static_cast<double>((engine() >> 11) + 1) / 9007199254740992.0;
    double radius = std::sqrt(-2.0 * std::log(u1));
    deviates.push_back(radius * std::cos(2.0 * M_PI * u2));
    deviates.push_back(radius * std::sin(2.0 * M_PI * u2));
  }
  for (size_t index = 0; index < input.size(); ++index)
    EXPECT_EQ(first1[index],
              static_cast<float>(static_cast<double>(input[index]) * 2.0 - 1.0 +
                                 0.5 * deviates[index]))
        << "element " << index;
}

TEST(ScenarioInputShift, NoiseHasTheRequestedMeanAndDeviation) {
  constexpr int64_t kSamples = 100000;
  ScenarioEvent shift;
  shift.kind = ScenarioEvent::Kind::InputShift;
  shift.scale = 1.0;
  shift.offset = 3.0;
  shift.noise = 0.5;
  shift.seed = 42;
  std::vector<float> data(kSamples, 0.0f);
  applyInputShift(shift, data.data(), kSamples, 1);
  double sum = 0, sumSquares = 0;
  for (float value : data)
    sum += value;
  double mean = sum / kSamples;
  for (float value : data)
    sumSquares += (value - mean) * (value - mean);
  double deviation = std::sqrt(sumSquares / (kSamples - 1));
  // Standard errors: 0.5 / sqrt(1e5) = 0.0016 for the mean, about
  // 0.5 / sqrt(2e5) = 0.0011 for the deviation; allow 5 of them.
  EXPECT_NEAR(mean, 3.0, 0.008);
  EXPECT_NEAR(deviation, 0.5, 0.006);
}

} // namespace
