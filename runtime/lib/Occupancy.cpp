//===- Occupancy.cpp - Bytes live in a memory tier over time --------------===//
//
// Part of the ap project: an adaptive-precision compiler built on MLIR.
//
//===----------------------------------------------------------------------===//

#include "ap/Runtime/Occupancy.h"

#include <algorithm>

using namespace ap::rt;

/// Whether `occupant` holds its bytes at `time`. A closed occupant holds them
/// during [start, end); an open one during [start, end] with its end raised
/// to `endOfRun` when given (it is still live at the latest known use).
static bool covers(const Occupant &occupant, double time,
                   std::optional<double> endOfRun) {
  if (occupant.start > time)
    return false;
  if (!occupant.open)
    return time < occupant.end;
  double end = endOfRun ? std::max(occupant.end, *endOfRun) : occupant.end;
  return time <= end;
}

/// The largest occupants live at `time`, largest first, at most three.
static std::vector<std::pair<std::string, int64_t>>
getLargest(const std::vector<Occupant> &occupants, double time,
           std::optional<double> endOfRun) {
  std::vector<const Occupant *> live;
  for (const Occupant &occupant : occupants)
    if (occupant.bytes > 0 && covers(occupant, time, endOfRun))
      live.push_back(&occupant);
  std::stable_sort(live.begin(), live.end(),
                   [](const Occupant *a, const Occupant *b) {
                     return a->bytes > b->bytes;
                   });
  std::vector<std::pair<std::string, int64_t>> largest;
  for (const Occupant *occupant : live) {
    if (largest.size() == 3)
      break;
    largest.emplace_back(occupant->label, occupant->bytes);
  }
  return largest;
}

std::optional<CapacityExcess>
TierOccupancy::check(double from, double to,
                     std::optional<double> endOfRun) const {
  // Occupancy only rises where an occupant starts, so its maximum over
  // [from, to] is at `from` or at one of those starts.
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
      return CapacityExcess{time, bytes,
                            getLargest(occupants, time, endOfRun)};
  }
  return std::nullopt;
}

std::pair<size_t, std::optional<CapacityExcess>>
TierOccupancy::add(Occupant occupant) {
  occupant.end = std::max(occupant.end, occupant.start);
  double from = occupant.start, to = occupant.end;
  occupants.push_back(std::move(occupant));
  return {occupants.size() - 1, check(from, to, std::nullopt)};
}

std::optional<CapacityExcess> TierOccupancy::extend(size_t index, double end) {
  Occupant &occupant = occupants[index];
  if (end <= occupant.end)
    return std::nullopt;
  double from = occupant.end;
  occupant.end = end;
  return check(from, end, std::nullopt);
}

void TierOccupancy::close(size_t index, double end) {
  Occupant &occupant = occupants[index];
  occupant.end = std::max(occupant.end, end);
  occupant.open = false;
}

std::vector<std::pair<double, int64_t>>
TierOccupancy::getSteps(double endOfRun) const {
  std::vector<std::pair<double, int64_t>> events;
  for (const Occupant &occupant : occupants) {
    if (occupant.bytes <= 0 || (!occupant.open && occupant.end <= occupant.start))
      continue;
    events.emplace_back(occupant.start, occupant.bytes);
    // An open occupant is live until the end of the run.
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
  (void)endOfRun;
  return steps;
}

int64_t TierOccupancy::getHighWater(double endOfRun) const {
  int64_t highWater = 0;
  for (const auto &[time, bytes] : getSteps(endOfRun))
    highWater = std::max(highWater, bytes);
  return highWater;
}

std::optional<CapacityExcess>
TierOccupancy::checkRun(double endOfRun) const {
  for (const auto &[time, bytes] : getSteps(endOfRun))
    if (bytes > 0 && static_cast<uint64_t>(bytes) > capacity)
      return CapacityExcess{time, bytes,
                            getLargest(occupants, time, endOfRun)};
  return std::nullopt;
}
