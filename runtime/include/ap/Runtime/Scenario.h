//===- Scenario.h - Run-time events injected into a simulation --*- C++ -*-===//
//
// Part of the ap project: an adaptive-precision compiler built on MLIR.
//
//===----------------------------------------------------------------------===//
//
// A scenario describes how the conditions of a run change over simulated
// time, so that the adaptive runtime can be exercised without real hardware:
// a link slows down, a power cap is imposed or lifted, the inputs drift. It
// is read from an "ap-scenario" JSON file (version 1):
//
//   {"format": "ap-scenario", "version": 1, "description": "...",
//    "period": 2e-4,
//    "events": [
//      {"at": 1e-3, "kind": "link_bandwidth", "link": "pcie", "factor": 0.1},
//      {"at": 2e-3, "kind": "power_cap", "watts": 20.0},
//      {"at": 3e-3, "kind": "input_shift", "scale": 4.0, "offset": 0.0,
//       "noise": 0.1, "seed": 7, "argument": 0}
//    ]}
//
// "description" (optional) is free text; "period" (optional, default 0) is
// the number of seconds between the arrivals of two inferences, 0 meaning
// back to back; "events" (optional, default none) may be listed in any order.
// Every event has a time "at" (seconds, >= 0) and a "kind":
//
//   link_bandwidth  "link" (a link of the target) and "factor" (> 0): from
//                   then on the link's bandwidth is multiplied by the factor
//                   (1 restores it);
//   power_cap       "watts" (>= 0): the power cap from then on, 0 lifting it;
//   input_shift     "scale" (finite, default 1), "offset" (finite, default
//                   0), "noise" (>= 0, default 0), "seed" (integer >= 0,
//                   default 0), "argument" (integer >= 0; absent: every
//                   argument): from then on the inputs are transformed by
//                   applyInputShift, whose noise is seeded from "seed", the
//                   index of the inference and the index of the argument
//                   (every argument of a batch draws its own deviates).
//
// Each event replaces the previous one of its kind (and link, or argument).
//
//===----------------------------------------------------------------------===//

#ifndef AP_RUNTIME_SCENARIO_H
#define AP_RUNTIME_SCENARIO_H

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace mlir::ap {
class TargetModel;
} // namespace mlir::ap

namespace ap::rt {

/// The name in the "format" member of scenario files.
inline constexpr llvm::StringLiteral kScenarioFormatName = "ap-scenario";
/// The version of the scenario files this build reads.
inline constexpr int64_t kScenarioFormatVersion = 1;

/// One event of a scenario.
struct ScenarioEvent {
  enum class Kind {
    /// The bandwidth of link `link` becomes `factor` times its nominal one.
    LinkBandwidth,
    /// The power cap becomes `watts` (0: no cap).
    PowerCap,
    /// The inputs (`argument`, or all when unset) are transformed by
    /// applyInputShift with `scale`, `offset`, `noise` and `seed`.
    InputShift,
  };

  Kind kind = Kind::LinkBandwidth;
  /// Simulated seconds at which the event takes effect.
  double time = 0;
  /// LinkBandwidth: the index of the link in the target.
  unsigned link = 0;
  /// LinkBandwidth: the multiplier of the link's bandwidth (> 0).
  double factor = 1;
  /// PowerCap: watts, 0 meaning no cap.
  double watts = 0;
  /// InputShift: x' = x * scale + offset + noise * N(0, 1).
  double scale = 1, offset = 0, noise = 0;
  /// InputShift: the seed of the noise.
  uint64_t seed = 0;
  /// InputShift: the index of the argument shifted; unset for every one.
  std::optional<unsigned> argument;
};

/// The events of a run, sorted by time.
struct Scenario {
  /// Free text from the file.
  std::string description;
  /// Seconds between the arrivals of two inferences; 0 for back to back.
  double period = 0;
  /// The events, sorted by time; events at the same time keep the order of
  /// the file.
  std::vector<ScenarioEvent> events;

  /// The bandwidth factor of link `link` at `time`: that of the latest
  /// link_bandwidth event for the link at or before `time` (an event at
  /// exactly `time` applies), 1 before any.
  double getLinkFactor(unsigned link, double time) const;

  /// The power cap at `time` in watts: that of the latest power_cap event at
  /// or before `time`, 0 (no cap) before any.
  double getPowerCap(double time) const;

  /// The input_shift event in force for argument `argument` at `time`: the
  /// latest one at or before `time` that names the argument or applies to
  /// every argument; null when there is none.
  const ScenarioEvent *getInputShift(unsigned argument, double time) const;

  /// The events with `from` < time <= `to`, in order (for the trace: the
  /// events that took effect since the previous look at `from`; pass a
  /// negative `from` to include events at time 0).
  std::vector<const ScenarioEvent *> getEventsBetween(double from,
                                                      double to) const;
};

/// Parses the "ap-scenario" JSON `text` read from `fileName`, whose links
/// name links of `target`. Every problem is reported, all at once, one per
/// line, as `<fileName>: <JSON path>: <message>`.
llvm::Expected<Scenario> parseScenario(llvm::StringRef text,
                                       llvm::StringRef fileName,
                                       const mlir::ap::TargetModel &target);

/// Reads and parses the scenario in the file at `path`.
llvm::Expected<Scenario> loadScenario(llvm::StringRef path,
                                      const mlir::ap::TargetModel &target);

/// Transforms the `elements` values at `data` (argument `argument` of the
/// entry function in inference `batch`) in place by the input_shift event
/// `shift`:
///
///   x' = x * scale + offset + noise * N(0, 1)
///
/// computed in double and rounded to float. The noise is deterministic: the
/// normal deviates come from std::mt19937_64 seeded with
///
///   seed ^ ((batch + argument * 2^32) * 0x9E3779B97F4A7C15)
///
/// (modulo 2^64), whose outputs are turned into doubles
/// u = ((r >> 11) + 1) * 2^-53 in (0, 1] and paired by Box-Muller transform:
/// the pair (u1, u2) gives sqrt(-2 ln u1) cos(2 pi u2) for element 2k and
/// sqrt(-2 ln u1) sin(2 pi u2) for element 2k + 1. The multiplier is odd, so
/// for batches below 2^32 every (batch, argument) pair has its own seed:
/// the arguments of a batch draw different deviates, and argument 0 draws
/// those of seed ^ (batch * 0x9E3779B97F4A7C15). When `noise` is 0 no
/// deviate is drawn and the result is exactly x * scale + offset. Does
/// nothing when `elements` <= 0.
void applyInputShift(const ScenarioEvent &shift, float *data, int64_t elements,
                     int64_t batch, unsigned argument = 0);

} // namespace ap::rt

#endif // AP_RUNTIME_SCENARIO_H
