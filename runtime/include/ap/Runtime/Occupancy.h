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
// The tier keeps the occupancy as a step function (the bytes live from each
// time at which an occupant starts or ends, open occupants counting until
// the end of the run) and updates it as occupants come, grow and end. A check
// reads the steps within its interval, correcting them for the open
// occupants that, for the check, end earlier; while no step has ever been
// over the capacity, no check can find an excess, and none reads anything.
// Events are mostly about recent times, so each updates a few steps at the
// end: an event costs about the number of open occupants, however long the
// run.
//
//===----------------------------------------------------------------------===//

#ifndef AP_RUNTIME_OCCUPANCY_H
#define AP_RUNTIME_OCCUPANCY_H

#include <cstdint>
#include <optional>
#include <utility>
#include <vector>

namespace ap::rt {

/// What holds bytes in a tier, for error messages.
struct OccupantLabel {
  enum class Kind : uint8_t {
    /// A buffer; `id` is its buffer id ("buffer 3").
    Buffer,
    /// The working set of a kernel; `id` is the kernel's name in the
    /// simulator's NameTable ("working set of 'k'").
    WorkingSet,
  };
  Kind kind = Kind::Buffer;
  int64_t id = 0;

  bool operator==(const OccupantLabel &other) const {
    return kind == other.kind && id == other.id;
  }
};

/// Bytes held in a tier from `start` on.
struct Occupant {
  /// What holds them.
  OccupantLabel label;
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
  /// The largest occupants live then, largest first (at most three; equal
  /// sizes in the order added).
  std::vector<std::pair<OccupantLabel, int64_t>> largest;
};

/// The occupants of one memory tier and their capacity checks.
class TierOccupancy {
public:
  explicit TierOccupancy(uint64_t capacity) : capacity(capacity) {}

  uint64_t getCapacity() const { return capacity; }

  /// Every occupant, in the order added (indices as `add` returned them).
  const std::vector<Occupant> &getOccupants() const { return occupants; }

  /// Adds an occupant and checks the capacity over its known lifetime,
  /// [start, end]. Returns its index and the first excess found, if any.
  std::pair<size_t, std::optional<CapacityExcess>>
  add(const Occupant &occupant);

  /// Raises the end of the open occupant `index` to at least `end` and checks
  /// the capacity over the extension.
  std::optional<CapacityExcess> extend(size_t index, double end);

  /// Closes the open occupant `index` at its current end (raised to `end`
  /// first).
  void close(size_t index, double end);

  /// The occupancy as a step function over [0, `endOfRun`], every open
  /// occupant live until `endOfRun`: (time, bytes from then on) pairs in
  /// increasing time, starting at time 0.
  std::vector<std::pair<double, int64_t>> getSteps(double endOfRun) const;

  /// The bytes live at `time`: those of the occupants that start at or
  /// before it and are open or end after it. Costs the logarithm of the
  /// number of steps from the last one back to `time` (a recent time is
  /// found in a few comparisons, however long the run).
  int64_t getBytesAt(double time) const;

  /// The largest number of bytes ever live (open occupants live until
  /// `endOfRun`).
  int64_t getHighWater(double endOfRun) const;

  /// The first excess over the capacity with every open occupant live until
  /// `endOfRun`.
  std::optional<CapacityExcess> checkRun(double endOfRun) const;

  /// Forgets every occupant.
  void clear();

private:
  /// The bytes live from `time` on, until the next step, every open occupant
  /// counting from its start on.
  struct Step {
    double time;
    int64_t bytes;
  };

  /// An open occupant that holds bytes, with a copy of its end and size for
  /// the checks to read without reaching into `occupants`.
  struct OpenOccupant {
    double end;
    int64_t bytes;
    size_t index;
  };

  /// Whether `bytes` exceeds the capacity.
  bool exceeds(int64_t bytes) const {
    return bytes > 0 && static_cast<uint64_t>(bytes) > capacity;
  }

  /// The index of the first step at or after `time`.
  size_t findStep(double time) const;
  /// The entry of the open occupant `index` in `openOccupants`.
  OpenOccupant &findOpen(size_t index);
  /// The index of the step at `time`, inserted if there is none.
  size_t insertStep(double time);
  /// Adds `bytes` to the occupancy during [from, to), or from `from` on.
  void addBytes(int64_t bytes, double from, std::optional<double> to);

  /// The first excess within [from, to], each open occupant counting until
  /// its end.
  std::optional<CapacityExcess> check(double from, double to);
  /// The excess of `bytes` at `time`, naming the largest occupants live
  /// then (open ones until their end, or until `endOfRun` when given).
  CapacityExcess getExcess(double time, int64_t bytes,
                           std::optional<double> endOfRun) const;

  uint64_t capacity;
  std::vector<Occupant> occupants;
  /// The occupancy, by increasing time (from the first start on; zero
  /// before).
  std::vector<Step> steps;
  /// At least the largest bytes of any step (the largest ever: a step that
  /// falls leaves it).
  int64_t stepBound = 0;
  /// The open occupants that hold bytes, in no particular order.
  std::vector<OpenOccupant> openOccupants;
  /// Scratch space of `check`: (end, bytes) of open occupants ending within
  /// its interval.
  std::vector<std::pair<double, int64_t>> endings;
};

} // namespace ap::rt

#endif // AP_RUNTIME_OCCUPANCY_H
