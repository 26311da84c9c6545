//===- Occupancy.h - Bytes live in a memory tier over time ------*- C++ -*-===//
//
// Part of the ap project: an adaptive-precision compiler built on MLIR.
//
//===----------------------------------------------------------------------===//
//
// The occupancy of one memory tier: the intervals of simulated time during
// which buffers and kernel working sets hold bytes in it. Calls arrive in
// program order, but simulated times of different devices interleave, so an
// interval may be added, or a buffer's interval may end, earlier in simulated
// time than intervals already known. An occupant whose end is not yet known
// (a buffer not yet released) is "open": it is live at least until the latest
// time it is known to be used, and the tier checks its capacity against these
// lower bounds, so that an excess is reported as soon as it is certain.
//
//===----------------------------------------------------------------------===//

#ifndef AP_RUNTIME_OCCUPANCY_H
#define AP_RUNTIME_OCCUPANCY_H

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace ap::rt {

/// Bytes held in a tier from `start` on.
struct Occupant {
  /// What holds them, for error messages ("buffer 3", "working set of 'k'").
  std::string label;
  int64_t bytes = 0;
  double start = 0;
  /// The end: final when closed, a lower bound when open.
  double end = 0;
  /// Whether the end is not yet known (the occupant is then live at `end`).
  bool open = true;
};

/// An excess over a tier's capacity.
struct CapacityExcess {
  /// The first time the tier holds more than its capacity, and how much.
  double time = 0;
  int64_t bytes = 0;
  /// The largest occupants live then, largest first (at most three).
  std::vector<std::pair<std::string, int64_t>> largest;
};

/// The occupants of one memory tier and their capacity checks.
class TierOccupancy {
public:
  explicit TierOccupancy(uint64_t capacity) : capacity(capacity) {}

  uint64_t getCapacity() const { return capacity; }
  const std::vector<Occupant> &getOccupants() const { return occupants; }

  /// Adds an occupant and checks the capacity over its known lifetime.
  /// Returns its index and the first excess found, if any.
  std::pair<size_t, std::optional<CapacityExcess>> add(Occupant occupant);

  /// Raises the end of the open occupant `index` to at least `end` and checks
  /// the capacity over the extension.
  std::optional<CapacityExcess> extend(size_t index, double end);

  /// Closes the occupant `index` at its current end (raised to `end` first).
  void close(size_t index, double end);

  /// The occupancy as a step function over [0, `endOfRun`], every open
  /// occupant live until `endOfRun`: (time, bytes from then on) pairs in
  /// increasing time, starting at time 0.
  std::vector<std::pair<double, int64_t>> getSteps(double endOfRun) const;

  /// The largest number of bytes ever live (open occupants live until
  /// `endOfRun`).
  int64_t getHighWater(double endOfRun) const;

  /// The first excess over the capacity with every open occupant live until
  /// `endOfRun`.
  std::optional<CapacityExcess> checkRun(double endOfRun) const;

  void clear() { occupants.clear(); }

private:
  /// The first excess within [from, to], counting open occupants live until
  /// their end, or until `endOfRun` when given.
  std::optional<CapacityExcess> check(double from, double to,
                                      std::optional<double> endOfRun) const;

  uint64_t capacity;
  std::vector<Occupant> occupants;
};

} // namespace ap::rt

#endif // AP_RUNTIME_OCCUPANCY_H
