//===- OccupancyTest.cpp - Tests of memory tier occupancy -----------------===//
//
// Part of the ap project: an adaptive-precision compiler built on MLIR.
//
//===----------------------------------------------------------------------===//
//
// Checks TierOccupancy against a brute-force reference (every check scans
// every occupant, as the first version of the runtime did) on random event
// sequences: every capacity check must report the same excess (time, bytes
// and largest occupants), and the steps, high-water marks and end-of-run
// checks must be equal.
//
//===----------------------------------------------------------------------===//

#include "ap/Runtime/Occupancy.h"

#include "gtest/gtest.h"

#include <algorithm>
#include <random>

using namespace ap::rt;

namespace {

/// The occupancy of a tier computed from scratch at every call.
class ReferenceOccupancy {
public:
  explicit ReferenceOccupancy(uint64_t capacity) : capacity(capacity) {}

  std::pair<size_t, std::optional<CapacityExcess>> add(Occupant occupant) {
    occupant.end = std::max(occupant.end, occupant.start);
    double from = occupant.start, to = occupant.end;
    occupants.push_back(occupant);
    return {occupants.size() - 1, check(from, to, std::nullopt)};
  }

  std::optional<CapacityExcess> extend(size_t index, double end) {
    Occupant &occupant = occupants[index];
    if (end <= occupant.end)
      return std::nullopt;
    double from = occupant.end;
    occupant.end = end;
    return check(from, end, std::nullopt);
  }

  void close(size_t index, double end) {
    Occupant &occupant = occupants[index];
    occupant.end = std::max(occupant.end, end);
    occupant.open = false;
  }

  std::vector<std::pair<double, int64_t>> getSteps() const {
    std::vector<std::pair<double, int64_t>> events;
    for (const Occupant &occupant : occupants) {
      if (occupant.bytes <= 0 ||
          (!occupant.open && occupant.end <= occupant.start))
        continue;
      events.emplace_back(occupant.start, occupant.bytes);
      if (!occupant.open)
        events.emplace_back(occupant.end, -occupant.bytes);
    }
    std::sort(events.begin(), events.end(),
              [](const auto &a, const auto &b) { return a.first < b.first; });
    std::vector<std::pair<double, int64_t>> steps;
    if (events.empty() || events.front().first > 0)
      steps.emplace_back(0.0, 0);
    int64_t bytes = 0;
    for (size_t i = 0; i < events.size();) {
      double time = events[i].first;
      for (; i < events.size() && events[i].first == time; ++i)
        bytes += events[i].second;
      if (!steps.empty() && steps.back().second == bytes)
        continue;
      steps.emplace_back(time, bytes);
    }
    return steps;
  }

  int64_t getHighWater() const {
    int64_t highWater = 0;
    for (const auto &step : getSteps())
      highWater = std::max(highWater, step.second);
    return highWater;
  }

  std::optional<CapacityExcess> checkRun(double endOfRun) const {
    for (const auto &[time, bytes] : getSteps())
      if (bytes > 0 && static_cast<uint64_t>(bytes) > capacity)
        return CapacityExcess{time, bytes, getLargest(time, endOfRun)};
    return std::nullopt;
  }

  const std::vector<Occupant> &getOccupants() const { return occupants; }

private:
  static bool covers(const Occupant &occupant, double time,
                     std::optional<double> endOfRun) {
    if (occupant.start > time)
      return false;
    if (!occupant.open)
      return time < occupant.end;
    double end = endOfRun ? std::max(occupant.end, *endOfRun) : occupant.end;
    return time <= end;
  }

  std::vector<std::pair<OccupantLabel, int64_t>>
  getLargest(double time, std::optional<double> endOfRun) const {
    std::vector<const Occupant *> live;
    for (const Occupant &occupant : occupants)
      if (occupant.bytes > 0 && covers(occupant, time, endOfRun))
        live.push_back(&occupant);
    std::stable_sort(live.begin(), live.end(),
                     [](const Occupant *a, const Occupant *b) {
                       return a->bytes > b->bytes;
                     });
    std::vector<std::pair<OccupantLabel, int64_t>> largest;
    for (const Occupant *occupant : live) {
      if (largest.size() == 3)
        break;
      largest.emplace_back(occupant->label, occupant->bytes);
    }
    return largest;
  }

  std::optional<CapacityExcess> check(double from, double to,
                                      std::optional<double> endOfRun) const {
    std::vector<const Occupant *> overlapping;
    std::vector<double> times{from};
    for (const Occupant &occupant : occupants) {
      if (occupant.bytes <= 0 || occupant.start > to)
        continue;
      double end = occupant.end;
      if (occupant.open && endOfRun)
        end = std::max(end, *endOfRun);
      if (occupant.open ? end < from : end <= from)
        continue;
      overlapping.push_back(&occupant);
      if (occupant.start > from)
        times.push_back(occupant.start);
    }
    std::sort(times.begin(), times.end());
    times.erase(std::unique(times.begin(), times.end()), times.end());
    for (double time : times) {
      int64_t bytes = 0;
      for (const Occupant *occupant : overlapping)
        if (covers(*occupant, time, endOfRun))
          bytes += occupant->bytes;
      if (bytes > 0 && static_cast<uint64_t>(bytes) > capacity)
        return CapacityExcess{time, bytes, getLargest(time, endOfRun)};
    }
    return std::nullopt;
  }

  uint64_t capacity;
  std::vector<Occupant> occupants;
};

/// Expects two check results to be the same excess, or both none.
void expectSameExcess(const std::optional<CapacityExcess> &actual,
                      const std::optional<CapacityExcess> &expected,
                      size_t event) {
  ASSERT_EQ(actual.has_value(), expected.has_value()) << "event " << event;
  if (!actual)
    return;
  EXPECT_EQ(actual->time, expected->time) << "event " << event;
  EXPECT_EQ(actual->bytes, expected->bytes) << "event " << event;
  ASSERT_EQ(actual->largest.size(), expected->largest.size())
      << "event " << event;
  for (size_t i = 0; i < actual->largest.size(); ++i) {
    EXPECT_EQ(actual->largest[i].first, expected->largest[i].first)
        << "event " << event << ", occupant " << i;
    EXPECT_EQ(actual->largest[i].second, expected->largest[i].second)
        << "event " << event << ", occupant " << i;
  }
}

/// How a random sequence picks its times.
struct Schedule {
  /// Times are multiples of this (so that many coincide).
  double grain;
  /// Each event happens at most this many grains before the latest time so
  /// far (0: times never go back), and ends at most `span` grains after it
  /// starts.
  int lag, span;
};

/// Runs `count` random events on both implementations and compares every
/// result.
void compareRandomEvents(uint64_t seed, size_t count, uint64_t capacity,
                         int64_t maxBytes, Schedule schedule) {
  std::mt19937_64 random(seed);
  auto uniform = [&](int64_t low, int64_t high) {
    return std::uniform_int_distribution<int64_t>(low, high)(random);
  };
  TierOccupancy occupancy(capacity);
  ReferenceOccupancy reference(capacity);
  std::vector<size_t> open;
  int64_t now = 0, nextId = 0;
  auto time = [&](int64_t grains) { return grains * schedule.grain; };
  for (size_t event = 0; event < count; ++event) {
    SCOPED_TRACE("seed " + std::to_string(seed));
    now += uniform(0, 2);
    int64_t start = std::max<int64_t>(0, now - uniform(0, schedule.lag));
    int choice = uniform(0, 9);
    if (choice < 4 || open.empty()) {
      // A buffer (open) or a working set (closed), sometimes empty or of no
      // duration.
      Occupant occupant;
      bool workingSet = choice == 3;
      occupant.label = {workingSet ? OccupantLabel::Kind::WorkingSet
                                   : OccupantLabel::Kind::Buffer,
                        nextId++};
      occupant.bytes = uniform(0, 9) == 0 ? 0 : uniform(1, maxBytes);
      occupant.start = time(start);
      occupant.end = time(start + uniform(-1, schedule.span));
      occupant.open = !workingSet;
      auto [index, excess] = occupancy.add(occupant);
      auto [expectedIndex, expected] = reference.add(occupant);
      ASSERT_EQ(index, expectedIndex);
      expectSameExcess(excess, expected, event);
      if (occupant.open)
        open.push_back(index);
    } else if (choice < 7) {
      // A use of a live buffer, until a time that may be before its end.
      size_t index = open[uniform(0, open.size() - 1)];
      double end = time(start + uniform(-1, schedule.span));
      expectSameExcess(occupancy.extend(index, end),
                       reference.extend(index, end), event);
    } else {
      // A release.
      size_t position = uniform(0, open.size() - 1);
      size_t index = open[position];
      open.erase(open.begin() + position);
      double end = time(start + uniform(-1, schedule.span));
      occupancy.close(index, end);
      reference.close(index, end);
    }
    if (event % 97 == 0 || event + 1 == count) {
      double endOfRun = time(now + schedule.span + 1);
      ASSERT_EQ(occupancy.getSteps(endOfRun), reference.getSteps())
          << "event " << event;
      EXPECT_EQ(occupancy.getHighWater(endOfRun), reference.getHighWater());
      expectSameExcess(occupancy.checkRun(endOfRun),
                       reference.checkRun(endOfRun), event);
    }
    if (testing::Test::HasFailure())
      return;
  }
  ASSERT_EQ(occupancy.getOccupants().size(),
            reference.getOccupants().size());
}

TEST(TierOccupancy, EqualsBruteForceWhenTimesInterleave) {
  // Events far back in time, long lifetimes, frequent excesses.
  for (uint64_t seed = 1; seed <= 40; ++seed)
    compareRandomEvents(seed, 600, /*capacity=*/1000, /*maxBytes=*/300,
                        {/*grain=*/0.5, /*lag=*/30, /*span=*/12});
}

TEST(TierOccupancy, EqualsBruteForceOnLongRuns) {
  // Mostly recent times, as a simulation goes: excesses are rare, and the
  // steps pile up.
  for (uint64_t seed = 100; seed < 104; ++seed)
    compareRandomEvents(seed, 6000, /*capacity=*/4000, /*maxBytes=*/400,
                        {/*grain=*/1e-6, /*lag=*/3, /*span=*/6});
}

TEST(TierOccupancy, EqualsBruteForceWithCoincidingTimes) {
  // Every event at one of a few times.
  for (uint64_t seed = 200; seed < 220; ++seed)
    compareRandomEvents(seed, 300, /*capacity=*/700, /*maxBytes=*/200,
                        {/*grain=*/1.0, /*lag=*/2, /*span=*/2});
}

TEST(TierOccupancy, OpenOccupantLiveAtItsLastUse) {
  // Buffer 0 (600 bytes) is live at least until its last use, 2; a buffer of
  // 500 bytes from 2 on exceeds 1000 bytes at 2, one from 3 on does not.
  TierOccupancy occupancy(1000);
  occupancy.add({{OccupantLabel::Kind::Buffer, 0}, 600, 0, 1, true});
  EXPECT_FALSE(occupancy.extend(0, 2.0));
  EXPECT_FALSE(occupancy.add({{OccupantLabel::Kind::Buffer, 1}, 500, 3, 4, true})
                   .second);
  std::optional<CapacityExcess> excess =
      occupancy.add({{OccupantLabel::Kind::Buffer, 2}, 500, 2, 2, true})
          .second;
  ASSERT_TRUE(excess);
  EXPECT_EQ(excess->time, 2.0);
  EXPECT_EQ(excess->bytes, 1100);
  ASSERT_EQ(excess->largest.size(), 2u);
  EXPECT_EQ(excess->largest[0].first.id, 0);
  EXPECT_EQ(excess->largest[1].first.id, 2);
  // Every open occupant counts until the end of the run in the steps.
  EXPECT_EQ(occupancy.getSteps(5.0),
            (std::vector<std::pair<double, int64_t>>{
                {0.0, 600}, {2.0, 1100}, {3.0, 1600}}));
  occupancy.close(0, 2.5);
  EXPECT_EQ(occupancy.getSteps(5.0),
            (std::vector<std::pair<double, int64_t>>{
                {0.0, 600}, {2.0, 1100}, {2.5, 500}, {3.0, 1000}}));
  EXPECT_EQ(occupancy.getHighWater(5.0), 1100);
}

} // namespace
