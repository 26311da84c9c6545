//===- PrecisionManager.h - Which variant each point runs -------*- C++ -*-===//
//
// Part of the ap project: an adaptive-precision compiler built on MLIR.
//
//===----------------------------------------------------------------------===//
//
// The precision manager of the runtime: it knows every switch point (an
// ap.adaptive, lowered to ap_rt_select) with its variants, receives the
// metrics of the quality probes, and at each execution of a switch point
// chooses the variant to run with the policy in force (static, quality,
// resource, budget), then lets the application's hook override the choice.
// It is pure decision logic: the simulator measures the resources, charges
// the switches and records the decisions in the stats and the trace. The
// policies are specified in docs/adaptive-runtime.md; the exact rules are in
// the file comment of PrecisionManager.cpp.
//
//===----------------------------------------------------------------------===//

#ifndef AP_RUNTIME_PRECISIONMANAGER_H
#define AP_RUNTIME_PRECISIONMANAGER_H

#include "ap/Runtime/Formats.h"
#include "ap/Runtime/Probes.h"
#include "ap/Runtime/ResourceMonitor.h"
#include "ap_runtime.h"

#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace ap::rt {

/// The built-in policies (ap_rt_policy).
enum class PolicyKind : int32_t {
  Static = 0,
  Quality = 1,
  Resource = 2,
  Budget = 3,
};

/// The name of `kind` ("static", "quality", "resource", "budget").
llvm::StringRef getPolicyName(PolicyKind kind);
/// The policy named `name`, if any.
std::optional<PolicyKind> parsePolicyName(llvm::StringRef name);

/// The options of the policies and of the resource monitor, each settable by
/// name (ap_rt_set_policy_option).
struct PolicyOptions {
  /// Quality: a variant is acceptable while its SQNR is at least `minSqnr`
  /// dB and its saturation rate at most `maxSaturation`. A narrower variant
  /// is taken when it has a margin (SQNR at least minSqnr + sqnrMargin,
  /// saturation at most maxSaturation * saturationMargin) for `hold`
  /// consecutive executions of the point.
  double minSqnr = 30.0;
  double maxSaturation = 1e-3;
  double sqnrMargin = 6.0;
  double saturationMargin = 0.5;
  unsigned hold = 4;

  /// Resource monitor: the length of the sliding window, in simulated
  /// seconds. The resource policy also waits this long after a step before
  /// the next one, so that the window sees the effect of the last.
  double window = 1e-3;
  /// Resource: watts of every device together (0: no cap); the largest
  /// fraction of a memory tier's capacity in use; the largest busy fraction
  /// of a device (1: no limit). Back up when every measure is below its
  /// limit times (1 - resourceMargin).
  double powerCap = 0;
  double occupancyLimit = 0.95;
  double deviceOccupancyLimit = 1.0;
  double resourceMargin = 0.1;

  /// Budget: seconds per inference (0: no target); raise precision only
  /// when the prediction stays under latencyTarget * (1 - latencyMargin).
  double latencyTarget = 0;
  double latencyMargin = 0.05;

  /// Sets the option `name` (the snake_case names of ap_runtime.h). Fails
  /// for an unknown name or a value out of range (negative, non-finite,
  /// `hold` not a whole number, `window` not positive, margins and limits
  /// outside [0, 1] where they are fractions).
  llvm::Error set(llvm::StringRef name, double value);
  /// Every option name, in the order documented.
  static llvm::ArrayRef<llvm::StringRef> getNames();
};

/// One variant of a switch point.
struct Variant {
  Format precision = Format::F32;
  /// Estimated accuracy loss; seconds and dynamic joules of one execution;
  /// bytes its launches read and write.
  double loss = 0, time = 0, energy = 0;
  int64_t bytes = 0;
};

/// The latest value of one metric of one variant.
struct MetricSample {
  double value = 0;
  double time = 0;
};

/// A switch point and what the manager knows of it.
struct SwitchPoint {
  std::string name;
  unsigned device = 0;
  std::vector<Variant> variants;
  unsigned defaultVariant = 0;
  /// The variant it runs (the last choice; the default before the first).
  unsigned current = 0;
  /// The variants from the most precise to the cheapest: by packed bits of
  /// their precision, decreasing; among equal bits floats first; then by
  /// index. Raising precision moves towards ladder[0].
  std::vector<unsigned> ladder;
  /// Per variant, per metric (indexed by Metric): the latest sample.
  std::vector<std::array<std::optional<MetricSample>, 4>> metrics;
  /// Quality: consecutive executions with a margin for a narrower variant.
  unsigned marginStreak = 0;
  /// Resource and budget: the variant the policy wants the point to take at
  /// its next execution.
  std::optional<unsigned> pending;
  /// Why the policy wants `pending` (the reason of the decision taking it).
  std::string pendingReason;
  /// Executions of the point in all, in the current inference, and per
  /// variant; switches of variant.
  uint64_t executions = 0, executionsThisInference = 0;
  std::vector<uint64_t> runs;
  uint64_t switches = 0;
  /// The inference executionsThisInference counts (-1: outside any).
  int64_t countedInference = -1;
  /// Executions in the last complete inference (the budget policy's
  /// prediction multiplies per-execution times by it).
  uint64_t executionsLastInference = 0;
};

/// A change of variant, for the stats and the trace.
struct Decision {
  double time = 0;
  int64_t inference = 0;
  unsigned point = 0;
  unsigned from = 0, to = 0;
  /// Why, in a few words: "sqnr 21.3 dB < 30 dB", "power 9.10 W > cap
  /// 8.00 W", "hook", ...
  std::string reason;
};

/// The state of the inferences, for the budget policy and the hooks.
struct InferenceStatus {
  /// The index of the current inference (-1 outside any).
  int64_t index = -1;
  /// Seconds of the last complete inference (0 before the first).
  double lastLatency = 0;
};

/// Chooses the variant of every switch point.
class PrecisionManager {
public:
  void setPolicy(PolicyKind kind) { policy = kind; }
  PolicyKind getPolicy() const { return policy; }
  PolicyOptions &getOptions() { return options; }
  const PolicyOptions &getOptions() const { return options; }
  /// Registers the application's hook (null removes it).
  void setHook(ap_rt_policy_hook hook, void *user) {
    this->hook = hook;
    hookUser = user;
  }

  /// The index of the switch point `info` describes, registering it at its
  /// first execution. Fails when the info is malformed (no name, a negative
  /// device, no variants, a default out of range, a null precisions array,
  /// a precision that is not a number format, a loss that is not finite, a
  /// time, energy or byte count that is negative or not finite) or differs
  /// from the point's first description (variant count or precisions). The
  /// losses, times, energies and bytes arrays may be null (all 0).
  llvm::Expected<unsigned> lookupPoint(const ap_rt_select_info &info);

  /// Records the metric of a probe of switch point `site` at time `time`,
  /// evaluated for its variant at `precision`: the last sample reported
  /// replaces the previous one. Metrics of unknown points (not executed
  /// yet) are kept until the point registers; metrics of a precision no
  /// variant has are ignored.
  void reportMetric(llvm::StringRef site, Format precision, Metric metric,
                    double value, double time);

  /// Chooses the variant of `point` for its execution at `now`, given the
  /// resources measured over the window ending then and the inferences so
  /// far: the policy's proposal, then the hook's override (`info` is the
  /// point's description, passed to the hook). Updates the point's state
  /// and, when the variant changes, appends a Decision. Fails, keeping the
  /// point's variant, when `point` is not an index of getPoints() or the
  /// hook returns a variant out of range.
  llvm::Expected<unsigned> decide(unsigned point, const ap_rt_select_info &info,
                                  const ResourceSnapshot &resources,
                                  const InferenceStatus &inference, double now);

  /// Called at the end of every inference, with its index and its latency
  /// (`inference.lastLatency`): records each point's executions in it, and
  /// the budget policy plans the variants of the next one.
  void endInference(const InferenceStatus &inference);

  const std::vector<SwitchPoint> &getPoints() const { return points; }
  const std::vector<Decision> &getDecisions() const { return decisions; }

  /// Forgets the points' states, metrics and decisions (a new run), keeping
  /// the policy, the options and the hook.
  void reset();

private:
  /// What a resource step saves: power (joules), device occupancy (seconds)
  /// or memory occupancy (bytes).
  enum class ResourceMeasure { Power, DeviceTime, Memory };

  /// The quality policy's proposal for `point`, updating its margin streak;
  /// sets `reason` when it differs from the current variant.
  unsigned proposeQuality(SwitchPoint &point, std::string &reason);
  /// The resource policy: at most one step (a pending variant of one point)
  /// per window, down when a limit is passed, up when all are under.
  void stepResources(const ResourceSnapshot &resources, double now);
  /// The budget policy: the variants of the next inference.
  void planBudget(double lastLatency);

  PolicyKind policy = PolicyKind::Static;
  PolicyOptions options;
  ap_rt_policy_hook hook = nullptr;
  void *hookUser = nullptr;
  std::vector<SwitchPoint> points;
  llvm::StringMap<unsigned> pointIndex;
  /// Metrics reported for points that have not executed yet.
  struct EarlyMetric {
    std::string site;
    Format precision;
    Metric metric;
    MetricSample sample;
  };
  std::vector<EarlyMetric> early;
  std::vector<Decision> decisions;
  /// Resource: when the last step was taken (steps wait a window), and the
  /// measure of the last step down (what a step up costs).
  std::optional<double> lastResourceStep;
  std::optional<ResourceMeasure> lastResourceMeasure;
};

} // namespace ap::rt

#endif // AP_RUNTIME_PRECISIONMANAGER_H
