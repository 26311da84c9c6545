//===- PrecisionManagerTest.cpp - Tests of the precision manager ----------===//
//
// Part of the ap project: an adaptive-precision compiler built on MLIR.
//
//===----------------------------------------------------------------------===//
//
// Drives the precision manager with scripted metrics, resource snapshots and
// inference latencies, and checks every decision (time, point, variants,
// reason) against values worked out by hand in the comments; the budget
// policy's plans are checked against a brute-force search.
//
//===----------------------------------------------------------------------===//

#include "ap/Runtime/PrecisionManager.h"

#include "gtest/gtest.h"

#include <cmath>
#include <limits>
#include <string>
#include <vector>

using namespace ap::rt;

namespace {

constexpr int32_t F32 = AP_RT_FORMAT_F32;
constexpr int32_t F16 = AP_RT_FORMAT_F16;
constexpr int32_t BF16 = AP_RT_FORMAT_BF16;
constexpr int32_t F8 = AP_RT_FORMAT_F8E4M3FN;
constexpr int32_t I16 = AP_RT_FORMAT_I16;
constexpr int32_t I8 = AP_RT_FORMAT_I8;
constexpr int32_t U8 = AP_RT_FORMAT_U8;
constexpr int32_t I4 = AP_RT_FORMAT_I4;

/// A switch point description owning its arrays.
struct PointSpec {
  std::string name;
  int32_t device = 0;
  int32_t defaultVariant = 0;
  std::vector<int32_t> precisions;
  std::vector<double> losses = {}, times = {}, energies = {};
  std::vector<int64_t> bytes = {};

  ap_rt_select_info get() const {
    ap_rt_select_info info{};
    info.name = name.c_str();
    info.device = device;
    info.num_variants = static_cast<int32_t>(precisions.size());
    info.default_variant = defaultVariant;
    info.precisions = precisions.data();
    info.losses = losses.empty() ? nullptr : losses.data();
    info.times = times.empty() ? nullptr : times.data();
    info.energies = energies.empty() ? nullptr : energies.data();
    info.bytes = bytes.empty() ? nullptr : bytes.data();
    return info;
  }
};

/// The message of `error` ("" for success).
std::string getMessage(llvm::Error error) {
  return llvm::toString(std::move(error));
}

/// The message of the error of `expected` ("" when it has a value).
template <typename T> std::string getMessage(llvm::Expected<T> expected) {
  if (expected)
    return "";
  return llvm::toString(expected.takeError());
}

/// Registers `spec`, expecting success.
unsigned add(PrecisionManager &manager, const PointSpec &spec) {
  llvm::Expected<unsigned> index = manager.lookupPoint(spec.get());
  if (!index) {
    ADD_FAILURE() << llvm::toString(index.takeError());
    return ~0u;
  }
  return *index;
}

/// Lets `manager` decide for `point` (described by `spec`), expecting
/// success.
unsigned decide(PrecisionManager &manager, unsigned point,
                const PointSpec &spec, double now,
                const ResourceSnapshot &resources = {},
                const InferenceStatus &inference = {}) {
  ap_rt_select_info info = spec.get();
  llvm::Expected<unsigned> choice =
      manager.decide(point, info, resources, inference, now);
  if (!choice) {
    ADD_FAILURE() << llvm::toString(choice.takeError());
    return ~0u;
  }
  return *choice;
}

/// Expects `decision` to be the given change.
void expectDecision(const Decision &decision, double time, int64_t inference,
                    unsigned point, unsigned from, unsigned to,
                    llvm::StringRef reason) {
  EXPECT_EQ(decision.time, time);
  EXPECT_EQ(decision.inference, inference);
  EXPECT_EQ(decision.point, point);
  EXPECT_EQ(decision.from, from);
  EXPECT_EQ(decision.to, to);
  EXPECT_EQ(decision.reason, reason);
}

//===----------------------------------------------------------------------===//
// Names, options, switch points
//===----------------------------------------------------------------------===//

TEST(PrecisionManager, PolicyNames) {
  for (PolicyKind kind : {PolicyKind::Static, PolicyKind::Quality,
                          PolicyKind::Resource, PolicyKind::Budget})
    EXPECT_EQ(parsePolicyName(getPolicyName(kind)), kind);
  EXPECT_EQ(getPolicyName(PolicyKind::Budget), "budget");
  EXPECT_EQ(getPolicyName(PolicyKind::Quality), "quality");
  EXPECT_EQ(parsePolicyName("resource"), PolicyKind::Resource);
  EXPECT_EQ(parsePolicyName("Static"), std::nullopt);
  EXPECT_EQ(parsePolicyName(""), std::nullopt);
  // The enumerators equal those of ap_rt_policy.
  EXPECT_EQ(static_cast<int32_t>(PolicyKind::Budget), AP_RT_POLICY_BUDGET);
  EXPECT_EQ(static_cast<int32_t>(PolicyKind::Resource), AP_RT_POLICY_RESOURCE);
}

TEST(PrecisionManager, OptionsSetByName) {
  PolicyOptions options;
  EXPECT_EQ(PolicyOptions::getNames().size(), 12u);
  EXPECT_EQ(PolicyOptions::getNames().front(), "min_sqnr");
  EXPECT_EQ(PolicyOptions::getNames().back(), "latency_margin");

  struct Case {
    const char *name;
    double value;
    double PolicyOptions::*field;
  };
  for (const Case &c :
       {Case{"min_sqnr", 24, &PolicyOptions::minSqnr},
        Case{"max_saturation", 0.01, &PolicyOptions::maxSaturation},
        Case{"sqnr_margin", 3, &PolicyOptions::sqnrMargin},
        Case{"saturation_margin", 0.25, &PolicyOptions::saturationMargin},
        Case{"window", 0.002, &PolicyOptions::window},
        Case{"power_cap", 12.5, &PolicyOptions::powerCap},
        Case{"occupancy_limit", 0.8, &PolicyOptions::occupancyLimit},
        Case{"device_occupancy_limit", 0.7,
             &PolicyOptions::deviceOccupancyLimit},
        Case{"resource_margin", 0.2, &PolicyOptions::resourceMargin},
        Case{"latency_target", 4e-4, &PolicyOptions::latencyTarget},
        Case{"latency_margin", 0.1, &PolicyOptions::latencyMargin}}) {
    EXPECT_EQ(getMessage(options.set(c.name, c.value)), "") << c.name;
    EXPECT_EQ(options.*c.field, c.value) << c.name;
  }
  EXPECT_EQ(getMessage(options.set("hold", 6)), "");
  EXPECT_EQ(options.hold, 6u);
  // Limits at the ends of their ranges are accepted.
  EXPECT_EQ(getMessage(options.set("max_saturation", 1)), "");
  EXPECT_EQ(getMessage(options.set("power_cap", 0)), "");
}

TEST(PrecisionManager, OptionErrors) {
  PolicyOptions options;
  EXPECT_EQ(getMessage(options.set("hold", 2.5)),
            "policy option 'hold' must be a whole number >= 1, not 2.5");
  EXPECT_EQ(getMessage(options.set("hold", 0)),
            "policy option 'hold' must be a whole number >= 1, not 0");
  EXPECT_EQ(getMessage(options.set("hold", 1e10)),
            "policy option 'hold' must be a whole number <= 4294967295, not "
            "1e+10");
  EXPECT_EQ(getMessage(options.set("max_saturation", 1.5)),
            "policy option 'max_saturation' must be in [0, 1], not 1.5");
  EXPECT_EQ(getMessage(options.set("latency_margin", -0.1)),
            "policy option 'latency_margin' must be in [0, 1], not -0.1");
  EXPECT_EQ(getMessage(options.set("window", 0)),
            "policy option 'window' must be a finite number > 0 (seconds), "
            "not 0");
  EXPECT_EQ(getMessage(options.set("power_cap", -1)),
            "policy option 'power_cap' must be a finite number >= 0, not -1");
  EXPECT_EQ(getMessage(options.set("min_sqnr",
                                   std::numeric_limits<double>::infinity())),
            "policy option 'min_sqnr' must be a finite number >= 0, not inf");
  EXPECT_EQ(getMessage(options.set("latency_target",
                                   std::numeric_limits<double>::quiet_NaN())),
            "policy option 'latency_target' must be a finite number >= 0, not "
            "nan");
  EXPECT_EQ(getMessage(options.set("holdd", 3)),
            "unknown policy option 'holdd' (known: min_sqnr, max_saturation, "
            "sqnr_margin, saturation_margin, hold, window, power_cap, "
            "occupancy_limit, device_occupancy_limit, resource_margin, "
            "latency_target, latency_margin)");
  // A failed set changes nothing.
  PolicyOptions defaults;
  EXPECT_EQ(options.hold, defaults.hold);
  EXPECT_EQ(options.maxSaturation, defaults.maxSaturation);
  EXPECT_EQ(options.window, defaults.window);
  EXPECT_EQ(options.powerCap, defaults.powerCap);
  EXPECT_EQ(options.minSqnr, defaults.minSqnr);
}

TEST(PrecisionManager, LadderByBitsThenFloatsThenIndex) {
  PrecisionManager manager;
  // Packed bits: i8 8, f32 32, bf16 16, f16 16, i16 16, f8 8, i4 4, u8 8.
  PointSpec spec{"p", 0, 3, {I8, F32, BF16, F16, I16, F8, I4, U8}};
  unsigned p = add(manager, spec);
  const SwitchPoint &point = manager.getPoints()[p];
  EXPECT_EQ(point.ladder, (std::vector<unsigned>{1, 2, 3, 4, 5, 0, 7, 6}));
  EXPECT_EQ(point.current, 3u);
  EXPECT_EQ(point.defaultVariant, 3u);
  EXPECT_EQ(point.runs.size(), 8u);
  EXPECT_EQ(point.metrics.size(), 8u);
  // Null arrays of losses, times, energies and bytes are zeros.
  EXPECT_EQ(point.variants[6].loss, 0);
  EXPECT_EQ(point.variants[6].time, 0);
  EXPECT_EQ(point.variants[6].bytes, 0);
}

TEST(PrecisionManager, LookupPointErrors) {
  PrecisionManager manager;
  auto lookup = [&](const PointSpec &spec) {
    return getMessage(manager.lookupPoint(spec.get()));
  };
  PointSpec one{"e", 0, 0, {F32}};
  ap_rt_select_info unnamed = one.get();
  unnamed.name = nullptr;
  EXPECT_EQ(getMessage(manager.lookupPoint(unnamed)),
            "a switch point has no name");
  EXPECT_EQ(lookup({"", 0, 0, {F32}}), "a switch point has no name");
  EXPECT_EQ(lookup({"e", 0, 0, {}}),
            "switch point 'e' has 0 variants; it needs at least one");
  EXPECT_EQ(lookup({"e", 0, 2, {F32, F16}}),
            "switch point 'e': the default variant 2 is not one of its 2 "
            "variants");
  EXPECT_EQ(lookup({"e", 0, -1, {F32, F16}}),
            "switch point 'e': the default variant -1 is not one of its 2 "
            "variants");
  EXPECT_EQ(lookup({"e", -1, 0, {F32}}),
            "switch point 'e': the device -1 is negative");
  ap_rt_select_info noPrecisions = one.get();
  noPrecisions.precisions = nullptr;
  EXPECT_EQ(getMessage(manager.lookupPoint(noPrecisions)),
            "switch point 'e': the array of precisions is null");
  EXPECT_EQ(lookup({"e", 0, 0, {F32, 42}}),
            "switch point 'e': the precision 42 of variant 1 is not a number "
            "format");
  EXPECT_EQ(lookup({"e", 0, 0, {F32, AP_RT_FORMAT_OPAQUE}}),
            "switch point 'e': the precision 255 of variant 1 is not a number "
            "format");
  EXPECT_EQ(lookup({"e", 0, 0, {F32, F16}, {0, NAN}}),
            "switch point 'e': the loss of variant 1 is not finite");
  EXPECT_EQ(lookup({"e", 0, 0, {F32, F16}, {}, {1e-6, -1e-6}}),
            "switch point 'e': the time of variant 1 is -1e-06; it must be "
            "finite and >= 0");
  EXPECT_EQ(lookup({"e", 0, 0, {F32}, {}, {}, {INFINITY}}),
            "switch point 'e': the energy of variant 0 is inf; it must be "
            "finite and >= 0");
  EXPECT_EQ(lookup({"e", 0, 0, {F32}, {}, {}, {}, {-8}}),
            "switch point 'e': the bytes of variant 0 are -8; they must be "
            ">= 0");
  // Nothing was registered by the failures.
  EXPECT_TRUE(manager.getPoints().empty());

  // A point keeps its first description.
  EXPECT_EQ(add(manager, {"s", 0, 0, {F32, F16}}), 0u);
  EXPECT_EQ(add(manager, {"t", 1, 0, {F32}}), 1u);
  EXPECT_EQ(add(manager, {"s", 0, 1, {F32, F16}}), 0u);
  EXPECT_EQ(lookup({"s", 0, 0, {F32, F16, I8}}),
            "switch point 's' has 3 variants, but had 2 at its first "
            "execution");
  EXPECT_EQ(lookup({"s", 0, 0, {F32, I8}}),
            "switch point 's': variant 1 has precision i8, but had f16 at its "
            "first execution");
  EXPECT_EQ(manager.getPoints().size(), 2u);
  EXPECT_EQ(manager.getPoints()[0].defaultVariant, 0u);

  // decide() refuses an unknown point.
  ResourceSnapshot resources;
  PointSpec s{"s", 0, 0, {F32, F16}};
  ap_rt_select_info info = s.get();
  EXPECT_EQ(getMessage(manager.decide(5, info, resources, {}, 0)),
            "there is no switch point 5");
}

TEST(PrecisionManager, ExecutionCountsPerInference) {
  PrecisionManager manager;
  PointSpec e{"e", 0, 0, {F32}}, f{"f", 0, 0, {F32}};
  unsigned pe = add(manager, e), pf = add(manager, f);
  const std::vector<SwitchPoint> &points = manager.getPoints();
  // Two executions outside any inference, then three in inference 0.
  decide(manager, pe, e, 0, {}, {-1, 0});
  decide(manager, pe, e, 0, {}, {-1, 0});
  EXPECT_EQ(points[pe].executionsThisInference, 2u);
  for (int i = 0; i < 3; ++i)
    decide(manager, pe, e, 1, {}, {0, 0});
  decide(manager, pf, f, 1, {}, {-1, 0});
  EXPECT_EQ(points[pe].executionsThisInference, 3u);
  EXPECT_EQ(points[pe].executions, 5u);
  manager.endInference({0, 1e-3});
  EXPECT_EQ(points[pe].executionsLastInference, 3u);
  EXPECT_EQ(points[pe].executionsThisInference, 0u);
  // f ran outside the inference only.
  EXPECT_EQ(points[pf].executionsLastInference, 0u);
  // Inference 1 runs f once and e not at all.
  decide(manager, pf, f, 2, {}, {1, 1e-3});
  manager.endInference({1, 1e-3});
  EXPECT_EQ(points[pe].executionsLastInference, 0u);
  EXPECT_EQ(points[pf].executionsLastInference, 1u);
  EXPECT_EQ(points[pe].runs[0], 5u);
}

//===----------------------------------------------------------------------===//
// Static and quality
//===----------------------------------------------------------------------===//

TEST(PrecisionManager, StaticNeverSwitches) {
  PrecisionManager manager;
  PointSpec spec{"s", 0, 1, {F32, F16, I8}};
  unsigned p = add(manager, spec);
  // Metrics that would make the quality policy raise, and then lower.
  manager.reportMetric("s", Format::F16, Metric::SQNR, 10, 0);
  manager.reportMetric("s", Format::I8, Metric::SQNR, 60, 0);
  for (int i = 0; i < 10; ++i)
    EXPECT_EQ(decide(manager, p, spec, i), 1u);
  EXPECT_TRUE(manager.getDecisions().empty());
  EXPECT_EQ(manager.getPoints()[p].runs, (std::vector<uint64_t>{0, 10, 0}));
  EXPECT_EQ(manager.getPoints()[p].switches, 0u);
}

TEST(PrecisionManager, QualityLowersAfterHoldAndRaisesOnThreshold) {
  PrecisionManager manager;
  manager.setPolicy(PolicyKind::Quality);
  // Defaults: minSqnr 30, sqnrMargin 6 (margin at >= 36 dB), hold 4.
  PointSpec spec{"q", 0, 0, {F32, F16, I8}};
  unsigned p = add(manager, spec);
  const SwitchPoint &point = manager.getPoints()[p];
  manager.reportMetric("q", Format::F16, Metric::SQNR, 40, 0);
  manager.reportMetric("q", Format::I8, Metric::SQNR, 20, 0);
  // f16 has a margin, i8 is not acceptable: three executions grow the
  // streak, the fourth moves down to f16.
  for (int i = 0; i < 3; ++i)
    EXPECT_EQ(decide(manager, p, spec, i), 0u);
  EXPECT_EQ(point.marginStreak, 3u);
  EXPECT_EQ(decide(manager, p, spec, 3), 1u);
  EXPECT_EQ(point.marginStreak, 0u);
  ASSERT_EQ(manager.getDecisions().size(), 1u);
  expectDecision(manager.getDecisions()[0], 3, -1, p, 0, 1,
                 "sqnr margin for 4 executions");
  // At f16, i8 (20 dB) has no margin: it stays.
  for (int i = 4; i < 10; ++i)
    EXPECT_EQ(decide(manager, p, spec, i), 1u);
  EXPECT_EQ(point.marginStreak, 0u);
  // f16 drops below 30 dB: back up to f32 (ladder[0], without metrics,
  // acceptable) at once.
  manager.reportMetric("q", Format::F16, Metric::SQNR, 21.34, 9.5);
  EXPECT_EQ(decide(manager, p, spec, 10), 0u);
  ASSERT_EQ(manager.getDecisions().size(), 2u);
  expectDecision(manager.getDecisions()[1], 10, -1, p, 1, 0,
                 "sqnr 21.3 dB < 30 dB");
  // A streak broken by one execution without margin (33 dB) starts again.
  manager.reportMetric("q", Format::F16, Metric::SQNR, 40, 10.5);
  for (int i = 11; i < 14; ++i)
    EXPECT_EQ(decide(manager, p, spec, i), 0u);
  EXPECT_EQ(point.marginStreak, 3u);
  manager.reportMetric("q", Format::F16, Metric::SQNR, 33, 13.5);
  EXPECT_EQ(decide(manager, p, spec, 14), 0u);
  EXPECT_EQ(point.marginStreak, 0u);
  manager.reportMetric("q", Format::F16, Metric::SQNR, 40, 14.5);
  for (int i = 15; i < 18; ++i)
    EXPECT_EQ(decide(manager, p, spec, i), 0u);
  EXPECT_EQ(decide(manager, p, spec, 18), 1u);
  ASSERT_EQ(manager.getDecisions().size(), 3u);
  expectDecision(manager.getDecisions()[2], 18, -1, p, 0, 1,
                 "sqnr margin for 4 executions");
  EXPECT_EQ(point.executions, 19u);
  EXPECT_EQ(point.switches, 3u);
  // f32 ran at executions 0-2, 10-17; f16 at 3-9, 18.
  EXPECT_EQ(point.runs, (std::vector<uint64_t>{11, 8, 0}));
}

TEST(PrecisionManager, QualityRaisesToNarrowestAcceptable) {
  PrecisionManager manager;
  manager.setPolicy(PolicyKind::Quality);
  PointSpec spec{"q", 0, 3, {F32, F16, I8, I4}};
  unsigned p = add(manager, spec);
  manager.reportMetric("q", Format::I4, Metric::SQNR, 10, 0);
  manager.reportMetric("q", Format::I8, Metric::SQNR, 25, 0);
  manager.reportMetric("q", Format::F16, Metric::SQNR, 33, 0);
  // i4 fails; i8 is not acceptable either; f16 is: the point goes there,
  // not to f32.
  EXPECT_EQ(decide(manager, p, spec, 1), 1u);
  // At f16 (acceptable), nothing narrower has a margin: it stays.
  for (int i = 2; i < 12; ++i)
    EXPECT_EQ(decide(manager, p, spec, i), 1u);
  ASSERT_EQ(manager.getDecisions().size(), 1u);
  expectDecision(manager.getDecisions()[0], 1, -1, p, 3, 1,
                 "sqnr 10.0 dB < 30 dB");

  // A narrow default without any metric is unknown: up to ladder[0].
  PointSpec unknown{"u", 0, 1, {F32, F16}};
  unsigned u = add(manager, unknown);
  EXPECT_EQ(decide(manager, u, unknown, 20), 0u);
  ASSERT_EQ(manager.getDecisions().size(), 2u);
  expectDecision(manager.getDecisions()[1], 20, -1, u, 1, 0,
                 "no sqnr or saturation_rate metric for variant 1 (f16)");

  // ladder[0] failing has nowhere to go: no decision.
  PointSpec top{"t", 0, 0, {F32, F16}};
  unsigned t = add(manager, top);
  manager.reportMetric("t", Format::F32, Metric::SQNR, 12, 0);
  for (int i = 0; i < 6; ++i)
    EXPECT_EQ(decide(manager, t, top, 30 + i), 0u);
  EXPECT_EQ(manager.getDecisions().size(), 2u);
}

TEST(PrecisionManager, QualityDoesNotOscillateBetweenThresholds) {
  // The narrower variant's sqnr stays in [30.1, 35.9] dB, between minSqnr
  // (30) and minSqnr + sqnrMargin (36): from either variant, no switch.
  for (int32_t start : {0, 1}) {
    PrecisionManager manager;
    manager.setPolicy(PolicyKind::Quality);
    PointSpec spec{"q", 0, start, {F32, F16}};
    unsigned p = add(manager, spec);
    for (int i = 0; i < 50; ++i) {
      manager.reportMetric("q", Format::F16, Metric::SQNR,
                           33 + 2.9 * std::sin(i), i);
      EXPECT_EQ(decide(manager, p, spec, i), static_cast<unsigned>(start));
    }
    EXPECT_TRUE(manager.getDecisions().empty()) << "start " << start;
  }

  // With a margin for the first 4 executions, then sitting between the
  // thresholds for 46: exactly one switch, down, at the 4th.
  PrecisionManager manager;
  manager.setPolicy(PolicyKind::Quality);
  PointSpec spec{"q", 0, 0, {F32, F16}};
  unsigned p = add(manager, spec);
  for (int i = 0; i < 50; ++i) {
    double sqnr = i < 4 ? 40 : 33 + 2.9 * std::sin(i);
    manager.reportMetric("q", Format::F16, Metric::SQNR, sqnr, i);
    decide(manager, p, spec, i);
  }
  ASSERT_EQ(manager.getDecisions().size(), 1u);
  expectDecision(manager.getDecisions()[0], 3, -1, p, 0, 1,
                 "sqnr margin for 4 executions");
  EXPECT_EQ(manager.getPoints()[p].runs, (std::vector<uint64_t>{3, 47}));
}

TEST(PrecisionManager, QualitySaturation) {
  PrecisionManager manager;
  manager.setPolicy(PolicyKind::Quality);
  // Defaults: maxSaturation 1e-3, margin at <= 1e-3 * 0.5 = 5e-4.
  PointSpec spec{"q", 0, 0, {F32, F8}};
  unsigned p = add(manager, spec);
  manager.reportMetric("q", Format::F8E4M3FN, Metric::SaturationRate, 4e-4, 0);
  for (int i = 0; i < 3; ++i)
    EXPECT_EQ(decide(manager, p, spec, i), 0u);
  EXPECT_EQ(decide(manager, p, spec, 3), 1u);
  // Too much saturation: back up.
  manager.reportMetric("q", Format::F8E4M3FN, Metric::SaturationRate, 0.021,
                       3.5);
  EXPECT_EQ(decide(manager, p, spec, 4), 0u);
  // 8e-4 is acceptable without a margin: 20 executions stay at f32.
  manager.reportMetric("q", Format::F8E4M3FN, Metric::SaturationRate, 8e-4,
                       4.5);
  for (int i = 5; i < 25; ++i)
    EXPECT_EQ(decide(manager, p, spec, i), 0u);
  // Both metrics with a margin: down after 4 executions.
  manager.reportMetric("q", Format::F8E4M3FN, Metric::SaturationRate, 1e-4, 25);
  manager.reportMetric("q", Format::F8E4M3FN, Metric::SQNR, 50, 25);
  for (int i = 25; i < 28; ++i)
    EXPECT_EQ(decide(manager, p, spec, i), 0u);
  EXPECT_EQ(decide(manager, p, spec, 28), 1u);
  // Saturation fails while the sqnr is fine: up.
  manager.reportMetric("q", Format::F8E4M3FN, Metric::SaturationRate, 2e-3,
                       28.5);
  EXPECT_EQ(decide(manager, p, spec, 29), 0u);

  const std::vector<Decision> &decisions = manager.getDecisions();
  ASSERT_EQ(decisions.size(), 4u);
  expectDecision(decisions[0], 3, -1, p, 0, 1,
                 "saturation margin for 4 executions");
  expectDecision(decisions[1], 4, -1, p, 1, 0, "saturation 0.0210 > 0.0010");
  expectDecision(decisions[2], 28, -1, p, 0, 1, "sqnr margin for 4 executions");
  expectDecision(decisions[3], 29, -1, p, 1, 0, "saturation 0.0020 > 0.0010");
}

TEST(PrecisionManager, MetricsBeforeTheFirstExecution) {
  PrecisionManager manager;
  manager.setPolicy(PolicyKind::Quality);
  manager.reportMetric("late", Format::F16, Metric::SQNR, 12, 1);
  manager.reportMetric("late", Format::F16, Metric::SQNR, 15, 2);
  // No variant of "late" is i4: ignored at registration.
  manager.reportMetric("late", Format::I4, Metric::SQNR, 99, 2);
  manager.reportMetric("other", Format::F16, Metric::Entropy, 3.5, 3);
  PointSpec spec{"late", 0, 1, {F32, F16}};
  unsigned p = add(manager, spec);
  const SwitchPoint &point = manager.getPoints()[p];
  const std::optional<MetricSample> &sqnr =
      point.metrics[1][static_cast<size_t>(Metric::SQNR)];
  ASSERT_TRUE(sqnr.has_value());
  EXPECT_EQ(sqnr->value, 15);
  EXPECT_EQ(sqnr->time, 2);
  for (const std::optional<MetricSample> &sample : point.metrics[0])
    EXPECT_FALSE(sample.has_value());
  EXPECT_EQ(decide(manager, p, spec, 4), 0u);
  ASSERT_EQ(manager.getDecisions().size(), 1u);
  EXPECT_EQ(manager.getDecisions()[0].reason, "sqnr 15.0 dB < 30 dB");

  // The other site's metric waits for it.
  unsigned o = add(manager, {"other", 0, 0, {F32, F16}});
  const std::optional<MetricSample> &entropy =
      manager.getPoints()[o].metrics[1][static_cast<size_t>(Metric::Entropy)];
  ASSERT_TRUE(entropy.has_value());
  EXPECT_EQ(entropy->value, 3.5);
  // After a reset, nothing is known, not even the metrics of points that
  // have not executed.
  manager.reportMetric("z", Format::F16, Metric::Entropy, 1, 5);
  manager.reset();
  EXPECT_TRUE(manager.getPoints().empty());
  EXPECT_TRUE(manager.getDecisions().empty());
  unsigned z = add(manager, {"z", 0, 0, {F32, F16}});
  EXPECT_EQ(z, 0u);
  EXPECT_FALSE(manager.getPoints()[z]
                   .metrics[1][static_cast<size_t>(Metric::Entropy)]
                   .has_value());
  EXPECT_EQ(manager.getPolicy(), PolicyKind::Quality);
}

//===----------------------------------------------------------------------===//
// Resource
//===----------------------------------------------------------------------===//

/// One device with one memory tier, `watts` in all.
ResourceSnapshot getPowerSnapshot(double watts) {
  ResourceSnapshot resources;
  resources.devicePower = {watts};
  resources.deviceOccupancy = {0.5};
  resources.tierOccupancy = {{0.1}};
  return resources;
}

TEST(PrecisionManager, ResourceStepsLeastLossPerJouleFirst) {
  PrecisionManager manager;
  manager.setPolicy(PolicyKind::Resource);
  manager.getOptions().powerCap = 8;
  // A window of 4 ticks (exact in binary).
  const double tick = 1.0 / 4096;
  manager.getOptions().window = 4 * tick;
  // Loss per joule saved by each step (dloss / denergy):
  //   a: 0->1 0.125/0.5 = 0.25, 1->2 0.375/0.25 = 1.5
  //   b: 0->1 0.0625/0.125 = 0.5, 1->2 0.0625/0.125 = 0.5
  //   c: 0->1 0.25/1.0 = 0.25, 1->2 0.125/0.5 = 0.25
  std::vector<PointSpec> specs = {
      {"a", 0, 0, {F32, F16, I8}, {0, 0.125, 0.5}, {}, {1.0, 0.5, 0.25}},
      {"b", 0, 0, {F32, F16, I8}, {0, 0.0625, 0.125}, {}, {0.5, 0.375, 0.25}},
      {"c", 0, 0, {F32, F16, I8}, {0, 0.25, 0.375}, {}, {2.0, 1.0, 0.5}}};
  for (const PointSpec &spec : specs)
    add(manager, spec);
  // The points execute in turn, one per tick. 9.1 W until tick 24 (over the
  // cap), 7.5 W until tick 30 (neither over nor under 8 * 0.9 = 7.2), then
  // 5 W (under).
  for (int k = 0; k < 60; ++k) {
    double watts = k < 24 ? 9.1 : k < 30 ? 7.5 : 5.0;
    unsigned p = k % 3;
    decide(manager, p, specs[p], k * tick, getPowerSnapshot(watts));
  }

  // Down: a step per window (at ticks 0, 4, 8, 12, 16, 20), taken at the
  // point's next execution. Ties at 0.25: a first (smaller loss increase);
  // c's 1->2 (0.25) before b (0.5); a's 1->2 (1.5) last.
  // Up, with the last measure (joules), by most loss regained per joule:
  // a 2->1 (1.5) at tick 30, b 2->1 (0.5) at 34, b 1->0 (0.5) chosen at 38
  // and taken at 40, then a 1->0 and c 2->1 tie at 0.25 with equal loss
  // reduction: a (lower index) at 42, c 2->1 chosen at 46 and taken at 47,
  // c 1->0 at 50.
  struct Expected {
    int tick;
    unsigned point, from, to;
    const char *reason;
  };
  const char *power = "power 9.1 W > cap 8 W";
  const char *under = "resources under limits";
  std::vector<Expected> expected = {
      {0, 0, 0, 1, power},  {5, 2, 0, 1, power},  {8, 2, 1, 2, power},
      {13, 1, 0, 1, power}, {16, 1, 1, 2, power}, {21, 0, 1, 2, power},
      {30, 0, 2, 1, under}, {34, 1, 2, 1, under}, {40, 1, 1, 0, under},
      {42, 0, 1, 0, under}, {47, 2, 2, 1, under}, {50, 2, 1, 0, under}};
  const std::vector<Decision> &decisions = manager.getDecisions();
  ASSERT_EQ(decisions.size(), expected.size());
  for (size_t i = 0; i < expected.size(); ++i) {
    SCOPED_TRACE(i);
    expectDecision(decisions[i], expected[i].tick * tick, -1, expected[i].point,
                   expected[i].from, expected[i].to, expected[i].reason);
  }
  for (const SwitchPoint &point : manager.getPoints()) {
    EXPECT_EQ(point.current, 0u);
    EXPECT_FALSE(point.pending.has_value());
  }
}

TEST(PrecisionManager, ResourceOccupancyStepsOnTheDeviceOverItsLimit) {
  // x on device 0 loses less per byte and per second than y on device 1,
  // but only device 1 is over its limit.
  std::vector<PointSpec> specs = {
      {"x", 0, 0, {F32, F16}, {0, 0.001}, {2e-6, 1e-6}, {}, {1000, 500}},
      {"y", 1, 0, {F32, F16}, {0, 0.01}, {2e-6, 1.5e-6}, {}, {1000, 500}}};
  ResourceSnapshot resources;
  resources.devicePower = {1, 1};
  resources.deviceOccupancy = {0.5, 0.5};
  resources.tierOccupancy = {{0.5}, {0.2, 0.97}};
  {
    PrecisionManager manager;
    manager.setPolicy(PolicyKind::Resource);
    add(manager, specs[0]);
    add(manager, specs[1]);
    EXPECT_EQ(decide(manager, 0, specs[0], 0, resources), 0u);
    EXPECT_EQ(decide(manager, 1, specs[1], 1e-5, resources), 1u);
    ASSERT_EQ(manager.getDecisions().size(), 1u);
    expectDecision(manager.getDecisions()[0], 1e-5, -1, 1, 0, 1,
                   "tier occupancy 0.97 > 0.95");
  }
  // Device 0 busy 90% of the window, over a limit of 80%.
  resources.tierOccupancy = {{0.1}, {0.1}};
  resources.deviceOccupancy = {0.9, 0.1};
  {
    PrecisionManager manager;
    manager.setPolicy(PolicyKind::Resource);
    manager.getOptions().deviceOccupancyLimit = 0.8;
    add(manager, specs[0]);
    add(manager, specs[1]);
    EXPECT_EQ(decide(manager, 1, specs[1], 0, resources), 0u);
    EXPECT_EQ(decide(manager, 0, specs[0], 1e-5, resources), 1u);
    ASSERT_EQ(manager.getDecisions().size(), 1u);
    expectDecision(manager.getDecisions()[0], 1e-5, -1, 0, 0, 1,
                   "device occupancy 0.90 > 0.80");
  }
}

TEST(PrecisionManager, ResourceStepSavingNothingComesLast) {
  PrecisionManager manager;
  manager.setPolicy(PolicyKind::Resource);
  manager.getOptions().powerCap = 8;
  // s saves no energy (its tiny loss notwithstanding); t saves 0.5 J.
  std::vector<PointSpec> specs = {
      {"s", 0, 0, {F32, F16}, {0, 0.001}, {}, {1, 1}},
      {"t", 0, 0, {F32, F16}, {0, 0.5}, {}, {1, 0.5}}};
  add(manager, specs[0]);
  add(manager, specs[1]);
  double window = manager.getOptions().window;
  ResourceSnapshot over = getPowerSnapshot(9);
  EXPECT_EQ(decide(manager, 1, specs[1], 0, over), 1u);
  EXPECT_EQ(decide(manager, 0, specs[0], 0.5 * window, over), 0u);
  // Nothing else left: s steps a window later.
  EXPECT_EQ(decide(manager, 0, specs[0], window, over), 1u);
  EXPECT_EQ(manager.getDecisions().size(), 2u);

  // After a reset the next step does not wait for the old window; the
  // options and the policy remain.
  manager.reset();
  add(manager, specs[0]);
  add(manager, specs[1]);
  EXPECT_EQ(decide(manager, 1, specs[1], 0.5 * window, over), 1u);
  EXPECT_EQ(manager.getOptions().powerCap, 8);
  EXPECT_EQ(manager.getPolicy(), PolicyKind::Resource);
}

TEST(PrecisionManager, ResourceReasonKeepsMilliwatts) {
  // An edge box capped at 38 mW drawing 40.3 mW: the reason gives both to 3
  // significant digits (two decimals would print "power 0.04 W > cap 0.04
  // W").
  PrecisionManager manager;
  manager.setPolicy(PolicyKind::Resource);
  manager.getOptions().powerCap = 0.038;
  PointSpec spec = {"m", 0, 0, {F32, F16}, {0, 0.01}, {}, {2e-8, 1e-8}};
  add(manager, spec);
  EXPECT_EQ(decide(manager, 0, spec, 0, getPowerSnapshot(0.0403)), 1u);
  ASSERT_EQ(manager.getDecisions().size(), 1u);
  expectDecision(manager.getDecisions()[0], 0, -1, 0, 0, 1,
                 "power 0.0403 W > cap 0.038 W");
}

//===----------------------------------------------------------------------===//
// Budget
//===----------------------------------------------------------------------===//

/// Three points with three variants each, run 2, 1 and 1 times per
/// inference, besides 10 us of other work.
struct BudgetInstance {
  std::vector<PointSpec> specs = {
      {"p0", 0, 0, {F32, F16, I8}, {0, 0.1, 0.4}, {4e-6, 2e-6, 1e-6}},
      {"p1", 0, 0, {F32, F16, I8}, {0, 0.05, 0.3}, {3e-6, 2e-6, 1.5e-6}},
      {"p2", 0, 0, {F32, F16, I8}, {0, 0.3, 0.5}, {5e-6, 3e-6, 2e-6}}};
  std::vector<unsigned> executions = {2, 1, 1};

  /// The latency of running `variants` with `other` seconds of other work.
  double getLatency(const std::vector<unsigned> &variants,
                    double other = 10e-6) const {
    double latency = other;
    for (size_t p = 0; p < specs.size(); ++p)
      latency += specs[p].times[variants[p]] * executions[p];
    return latency;
  }
  double getLoss(const std::vector<unsigned> &variants) const {
    double loss = 0;
    for (size_t p = 0; p < specs.size(); ++p)
      loss += specs[p].losses[variants[p]];
    return loss;
  }

  /// Runs inference `index` and ends it with `other` seconds of other work;
  /// returns the variants it ran.
  std::vector<unsigned> run(PrecisionManager &manager, int64_t index,
                            double other = 10e-6) const {
    std::vector<unsigned> ran(specs.size());
    for (size_t p = 0; p < specs.size(); ++p)
      for (unsigned i = 0; i < executions[p]; ++i)
        ran[p] = decide(manager, p, specs[p], index * 1e-3, {}, {index, 0});
    manager.endInference({index, getLatency(ran, other)});
    return ran;
  }
};

/// The variant each point will run next.
std::vector<unsigned> getPlanned(const PrecisionManager &manager) {
  std::vector<unsigned> planned;
  for (const SwitchPoint &point : manager.getPoints())
    planned.push_back(point.pending ? *point.pending : point.current);
  return planned;
}

TEST(PrecisionManager, BudgetPlanHasLeastLossMeetingTarget) {
  BudgetInstance instance;
  // Every target from 15.25 us to 29.25 us by 0.5 us (no latency of the
  // instance is within 0.25 us of one).
  for (int step = 0; step < 29; ++step) {
    double target = (15.25 + 0.5 * step) * 1e-6;
    SCOPED_TRACE(target);
    PrecisionManager manager;
    manager.setPolicy(PolicyKind::Budget);
    manager.getOptions().latencyTarget = target;
    for (const PointSpec &spec : instance.specs)
      add(manager, spec);
    instance.run(manager, 0);
    std::vector<unsigned> planned = getPlanned(manager);
    EXPECT_EQ(manager.getPoints()[0].executionsLastInference, 2u);

    // Brute force: the least loss among the 27 plans meeting the target,
    // else the fastest plan.
    double bestLoss = std::numeric_limits<double>::infinity();
    for (unsigned a = 0; a < 3; ++a)
      for (unsigned b = 0; b < 3; ++b)
        for (unsigned c = 0; c < 3; ++c)
          if (instance.getLatency({a, b, c}) <= target)
            bestLoss = std::min(bestLoss, instance.getLoss({a, b, c}));
    if (std::isinf(bestLoss)) {
      EXPECT_EQ(planned, (std::vector<unsigned>{2, 2, 2}));
      continue;
    }
    EXPECT_LE(instance.getLatency(planned), target);
    EXPECT_NEAR(instance.getLoss(planned), bestLoss, 1e-12);
  }

  // Worked out by hand. At 25.75 us: only p1 -> f16 (25 us, loss 0.05).
  // At 18.25 us: (1, 1, 2), 18 us and loss 0.65, where stepping greedily by
  // loss per second would give (2, 1, 1), 17 us and loss 0.75. At 15.25 us
  // nothing fits: the fastest plan, 15.5 us.
  for (auto [target, plan] :
       {std::pair{25.75e-6, std::vector<unsigned>{0, 1, 0}},
        std::pair{18.25e-6, std::vector<unsigned>{1, 1, 2}},
        std::pair{15.25e-6, std::vector<unsigned>{2, 2, 2}}}) {
    PrecisionManager manager;
    manager.setPolicy(PolicyKind::Budget);
    manager.getOptions().latencyTarget = target;
    for (const PointSpec &spec : instance.specs)
      add(manager, spec);
    instance.run(manager, 0);
    EXPECT_EQ(getPlanned(manager), plan) << target;
    // The plan is the variants of the next inference.
    EXPECT_EQ(instance.run(manager, 1), plan) << target;
  }
}

TEST(PrecisionManager, BudgetHysteresis) {
  BudgetInstance instance;
  PrecisionManager manager;
  manager.setPolicy(PolicyKind::Budget);
  // 25.75 us; raising needs a model latency <= 25.75 * 0.95 = 24.4625 us.
  manager.getOptions().latencyTarget = 25.75e-6;
  for (const PointSpec &spec : instance.specs)
    add(manager, spec);
  using Plan = std::vector<unsigned>;

  // 26 us > 25.75 us: p1 goes to f16.
  EXPECT_EQ(instance.run(manager, 0), (Plan{0, 0, 0}));
  EXPECT_EQ(getPlanned(manager), (Plan{0, 1, 0}));
  // 25 us: within the target; nothing to change.
  EXPECT_EQ(instance.run(manager, 1), (Plan{0, 1, 0}));
  EXPECT_EQ(getPlanned(manager), (Plan{0, 1, 0}));
  // Other work 9.7 us: f32 everywhere would take 25.7 us, within the target
  // but not within the margin; 8.5 us: 24.5 us, still not. No change.
  EXPECT_EQ(instance.run(manager, 2, 9.7e-6), (Plan{0, 1, 0}));
  EXPECT_EQ(getPlanned(manager), (Plan{0, 1, 0}));
  EXPECT_EQ(instance.run(manager, 3, 8.5e-6), (Plan{0, 1, 0}));
  EXPECT_EQ(getPlanned(manager), (Plan{0, 1, 0}));
  // 8 us: 24 us <= 24.4625 us: back to f32.
  EXPECT_EQ(instance.run(manager, 4, 8e-6), (Plan{0, 1, 0}));
  EXPECT_EQ(getPlanned(manager), (Plan{0, 0, 0}));
  EXPECT_EQ(instance.run(manager, 5, 8e-6), (Plan{0, 0, 0}));
  // 11 us: 27 us. The points have 14.75 us: (1, 0, 0) takes 12 us with loss
  // 0.1, the least of the plans that fit ((0, 2, 0) 14.5 us loses 0.3).
  EXPECT_EQ(instance.run(manager, 6, 11e-6), (Plan{0, 0, 0}));
  EXPECT_EQ(instance.run(manager, 7, 11e-6), (Plan{1, 0, 0}));

  const std::vector<Decision> &decisions = manager.getDecisions();
  ASSERT_EQ(decisions.size(), 3u);
  expectDecision(decisions[0], 1e-3, 1, 1, 0, 1,
                 "latency 26 us > target 25.8 us");
  expectDecision(decisions[1], 5e-3, 5, 1, 1, 0, "latency margin");
  expectDecision(decisions[2], 7e-3, 7, 0, 0, 1,
                 "latency 27 us > target 25.8 us");
}

TEST(PrecisionManager, BudgetReasonKeepsNanoseconds) {
  // One point, f32 40 ns or f16 20 ns per execution; a target of 50 ns.
  // The first inference (f32) takes 61.7 ns, over the target: with 21.7 ns
  // of other work, f16 (41.7 ns) meets it. The reason gives the latencies
  // in microseconds to 3 significant digits (one decimal would print
  // "latency 0.1 us > target 0.1 us").
  PointSpec spec = {"n", 0, 0, {F32, F16}, {0, 0.1}, {40e-9, 20e-9}};
  PrecisionManager manager;
  manager.setPolicy(PolicyKind::Budget);
  manager.getOptions().latencyTarget = 50e-9;
  add(manager, spec);
  EXPECT_EQ(decide(manager, 0, spec, 0, {}, {0, 0}), 0u);
  manager.endInference({0, 61.7e-9});
  EXPECT_EQ(decide(manager, 0, spec, 1e-3, {}, {1, 0}), 1u);
  ASSERT_EQ(manager.getDecisions().size(), 1u);
  expectDecision(manager.getDecisions()[0], 1e-3, 1, 0, 0, 1,
                 "latency 0.0617 us > target 0.05 us");
}

TEST(PrecisionManager, BudgetNeedsTargetAndLatency) {
  BudgetInstance instance;
  PrecisionManager manager;
  manager.setPolicy(PolicyKind::Budget);
  for (const PointSpec &spec : instance.specs)
    add(manager, spec);
  // No target: nothing planned.
  instance.run(manager, 0);
  EXPECT_EQ(getPlanned(manager), (std::vector<unsigned>{0, 0, 0}));
  // A target, but an inference of unknown latency (0): nothing planned.
  manager.getOptions().latencyTarget = 20e-6;
  manager.endInference({1, 0});
  EXPECT_EQ(getPlanned(manager), (std::vector<unsigned>{0, 0, 0}));
}

//===----------------------------------------------------------------------===//
// Hooks
//===----------------------------------------------------------------------===//

/// What the hook saw, and what it answers.
struct HookLog {
  std::vector<ap_rt_decision_request> requests;
  std::vector<std::vector<ap_rt_metric_value>> metrics;
  int32_t answer = -1;
};

int32_t recordRequest(const ap_rt_decision_request *request, void *user) {
  auto *log = static_cast<HookLog *>(user);
  log->requests.push_back(*request);
  log->metrics.emplace_back(request->metrics,
                            request->metrics + request->num_metrics);
  return log->answer;
}

TEST(PrecisionManager, HookSeesRequestAndOverrides) {
  PrecisionManager manager;
  manager.setPolicy(PolicyKind::Quality);
  manager.getOptions().powerCap = 8;
  manager.getOptions().latencyTarget = 4e-4;
  HookLog log;
  manager.setHook(recordRequest, &log);
  // Two variants share i8 (say with different accumulators).
  PointSpec spec{"h", 1, 0, {F32, I8, I8}};
  unsigned p = add(manager, spec);
  manager.reportMetric("h", Format::I8, Metric::SQNR, 42, 0.5);
  manager.reportMetric("h", Format::I8, Metric::SaturationRate, 0.25, 0.6);
  manager.reportMetric("h", Format::F32, Metric::Variance, 3, 0.7);

  ResourceSnapshot resources;
  resources.devicePower = {1.5, 2.5};
  resources.linkPower = {0.25};
  resources.deviceOccupancy = {0.1, 0.6};
  resources.tierOccupancy = {{0.2}, {0.3, 0.7}};
  resources.linkUtilization = {0.4, 0.9};
  InferenceStatus inference{7, 3.5e-4};
  ap_rt_select_info info = spec.get();
  auto run = [&](double now) {
    return manager.decide(p, info, resources, inference, now);
  };

  // -1: the proposal (f32: i8 saturates too much for a margin) stands.
  llvm::Expected<unsigned> choice = run(1.25);
  ASSERT_TRUE(static_cast<bool>(choice));
  EXPECT_EQ(*choice, 0u);
  ASSERT_EQ(log.requests.size(), 1u);
  const ap_rt_decision_request &request = log.requests[0];
  EXPECT_EQ(request.point, &info);
  EXPECT_EQ(request.current, 0);
  EXPECT_EQ(request.proposed, 0);
  EXPECT_EQ(request.now, 1.25);
  EXPECT_EQ(request.inference, 7);
  EXPECT_EQ(request.power, 4.25);
  EXPECT_EQ(request.device_power, 2.5);
  EXPECT_EQ(request.device_occupancy, 0.6);
  EXPECT_EQ(request.link_utilization, 0.9);
  EXPECT_EQ(request.memory_occupancy, 0.7);
  EXPECT_EQ(request.last_latency, 3.5e-4);
  EXPECT_EQ(request.power_cap, 8);
  EXPECT_EQ(request.latency_target, 4e-4);
  // Per precision (once for the two i8 variants), per metric.
  ASSERT_EQ(request.num_metrics, 3);
  const std::vector<ap_rt_metric_value> &metrics = log.metrics[0];
  EXPECT_EQ(metrics[0].metric, AP_RT_METRIC_VARIANCE);
  EXPECT_EQ(metrics[0].precision, AP_RT_FORMAT_F32);
  EXPECT_EQ(metrics[0].value, 3);
  EXPECT_EQ(metrics[0].time, 0.7);
  EXPECT_EQ(metrics[1].metric, AP_RT_METRIC_SQNR);
  EXPECT_EQ(metrics[1].precision, AP_RT_FORMAT_I8);
  EXPECT_EQ(metrics[1].value, 42);
  EXPECT_EQ(metrics[2].metric, AP_RT_METRIC_SATURATION_RATE);
  EXPECT_EQ(metrics[2].value, 0.25);
  EXPECT_EQ(metrics[2].time, 0.6);
  EXPECT_TRUE(manager.getDecisions().empty());

  // The hook picks variant 2.
  log.answer = 2;
  choice = run(1.5);
  ASSERT_TRUE(static_cast<bool>(choice));
  EXPECT_EQ(*choice, 2u);
  ASSERT_EQ(manager.getDecisions().size(), 1u);
  expectDecision(manager.getDecisions()[0], 1.5, 7, p, 0, 2, "hook");
  // It keeps it against the policy, which proposes f32 again.
  choice = run(1.75);
  ASSERT_TRUE(static_cast<bool>(choice));
  EXPECT_EQ(*choice, 2u);
  EXPECT_EQ(log.requests.back().current, 2);
  EXPECT_EQ(log.requests.back().proposed, 0);
  EXPECT_EQ(manager.getDecisions().size(), 1u);

  // Out of range.
  log.answer = 3;
  EXPECT_EQ(getMessage(run(2)), "policy hook returned variant 3 for switch "
                                "point 'h', which has 3 variants");
  log.answer = -2;
  EXPECT_EQ(getMessage(run(2.25)), "policy hook returned variant -2 for "
                                   "switch point 'h', which has 3 variants");
  EXPECT_EQ(manager.getPoints()[p].current, 2u);

  // -1 again: the policy's proposal, with its reason.
  log.answer = -1;
  choice = run(2.5);
  ASSERT_TRUE(static_cast<bool>(choice));
  EXPECT_EQ(*choice, 0u);
  ASSERT_EQ(manager.getDecisions().size(), 2u);
  expectDecision(manager.getDecisions()[1], 2.5, 7, p, 2, 0,
                 "saturation 0.2500 > 0.0010");

  // Removed: no more calls.
  size_t calls = log.requests.size();
  manager.setHook(nullptr, nullptr);
  ASSERT_TRUE(static_cast<bool>(run(3)));
  EXPECT_EQ(log.requests.size(), calls);
}

TEST(PrecisionManager, HookSurvivesReset) {
  PrecisionManager manager;
  HookLog log;
  log.answer = 1;
  manager.setHook(recordRequest, &log);
  PointSpec spec{"r", 0, 0, {F32, F16}};
  EXPECT_EQ(decide(manager, add(manager, spec), spec, 0), 1u);
  manager.reset();
  EXPECT_TRUE(manager.getDecisions().empty());
  EXPECT_EQ(decide(manager, add(manager, spec), spec, 0), 1u);
  EXPECT_EQ(log.requests.size(), 2u);
  // With the static policy, the hook's choice is the point's variant.
  EXPECT_EQ(log.requests.back().proposed, 0);
  EXPECT_EQ(manager.getDecisions().size(), 1u);
}

} // namespace
