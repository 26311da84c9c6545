//===- Occupancy.cpp - Bytes live in a memory tier over time --------------===//
//
// Part of the ap project: an adaptive-precision compiler built on MLIR.
//
//===----------------------------------------------------------------------===//
//
// Two views of the same occupants:
//
// - the steps (what the stats and the trace report): an open occupant counts
//   from its start on, a closed one during [start, end);
// - the checks (made while the run goes on): an open occupant counts during
//   [start, end], `end` being its latest known use.
//
// They differ only for the open occupants that end before a time, which a
// check subtracts from the steps (so a check never counts more than the
// steps). A check over [from, to] looks at `from` and at every step within:
// the occupancy only rises where an occupant starts, and every start is a
// step, so the first excess is at one of them.
//
//===----------------------------------------------------------------------===//

#include "ap/Runtime/Occupancy.h"

#include <algorithm>
#include <cassert>

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

size_t TierOccupancy::findStep(double time) const {
  // Most events are about recent times: search back from the last step,
  // doubling the distance, then bisect the last stretch.
  size_t size = steps.size();
  if (size == 0 || steps[size - 1].time < time)
    return size;
  size_t high = size, distance = 1;
  while (distance <= size && steps[size - distance].time >= time) {
    high = size - distance;
    distance *= 2;
  }
  size_t low = distance <= size ? size - distance + 1 : 0;
  return std::lower_bound(steps.begin() + low, steps.begin() + high, time,
                          [](const Step &step, double value) {
                            return step.time < value;
                          }) -
         steps.begin();
}

size_t TierOccupancy::insertStep(double time) {
  size_t index = findStep(time);
  if (index < steps.size() && steps[index].time == time)
    return index;
  int64_t bytes = index > 0 ? steps[index - 1].bytes : 0;
  steps.insert(steps.begin() + index, Step{time, bytes});
  return index;
}

void TierOccupancy::addBytes(int64_t bytes, double from,
                             std::optional<double> to) {
  size_t first = insertStep(from);
  // `to` is after `from`: inserting it leaves `first` in place.
  size_t last = to ? insertStep(*to) : steps.size();
  for (size_t index = first; index < last; ++index) {
    steps[index].bytes += bytes;
    stepBound = std::max(stepBound, steps[index].bytes);
  }
}

CapacityExcess TierOccupancy::getExcess(double time, int64_t bytes,
                                        std::optional<double> endOfRun) const {
  std::vector<const Occupant *> live;
  for (const Occupant &occupant : occupants)
    if (occupant.bytes > 0 && covers(occupant, time, endOfRun))
      live.push_back(&occupant);
  std::stable_sort(live.begin(), live.end(),
                   [](const Occupant *a, const Occupant *b) {
                     return a->bytes > b->bytes;
                   });
  CapacityExcess excess{time, bytes, {}};
  for (const Occupant *occupant : live) {
    if (excess.largest.size() == 3)
      break;
    excess.largest.emplace_back(occupant->label, occupant->bytes);
  }
  return excess;
}

std::optional<CapacityExcess> TierOccupancy::check(double from, double to) {
  // A check counts no more than the steps do.
  if (!exceeds(stepBound))
    return std::nullopt;

  // The open occupants that end before a time count in its step but not in
  // the check: `ended` sums those ending before the time looked at.
  int64_t ended = 0;
  endings.clear();
  for (const OpenOccupant &occupant : openOccupants) {
    if (occupant.end < from)
      ended += occupant.bytes;
    else if (occupant.end < to)
      endings.emplace_back(occupant.end, occupant.bytes);
  }

  size_t index = findStep(from);
  int64_t atFrom = 0;
  if (index < steps.size() && steps[index].time == from)
    atFrom = steps[index++].bytes;
  else if (index > 0)
    atFrom = steps[index - 1].bytes;
  if (int64_t bytes = atFrom - ended; exceeds(bytes))
    return getExcess(from, bytes, std::nullopt);
  if (index == steps.size() || steps[index].time > to)
    return std::nullopt;

  // The steps within (from, to], and the endings among them in order.
  std::sort(endings.begin(), endings.end());
  auto ending = endings.begin();
  for (; index < steps.size() && steps[index].time <= to; ++index) {
    double time = steps[index].time;
    for (; ending != endings.end() && ending->first < time; ++ending)
      ended += ending->second;
    if (int64_t bytes = steps[index].bytes - ended; exceeds(bytes))
      return getExcess(time, bytes, std::nullopt);
  }
  return std::nullopt;
}

std::pair<size_t, std::optional<CapacityExcess>>
TierOccupancy::add(const Occupant &occupant) {
  size_t index = occupants.size();
  Occupant &added = occupants.emplace_back(occupant);
  added.end = std::max(added.end, added.start);
  double from = added.start, to = added.end;
  if (added.bytes > 0) {
    if (added.open) {
      addBytes(added.bytes, from, std::nullopt);
      openOccupants.push_back({to, added.bytes, index});
    } else if (to > from) {
      addBytes(added.bytes, from, to);
    }
  }
  return {index, check(from, to)};
}

TierOccupancy::OpenOccupant &TierOccupancy::findOpen(size_t index) {
  auto it = std::find_if(
      openOccupants.begin(), openOccupants.end(),
      [&](const OpenOccupant &occupant) { return occupant.index == index; });
  assert(it != openOccupants.end() && "not an open occupant holding bytes");
  return *it;
}

std::optional<CapacityExcess> TierOccupancy::extend(size_t index, double end) {
  Occupant &occupant = occupants[index];
  assert(occupant.open && "extending a closed occupant");
  if (end <= occupant.end)
    return std::nullopt;
  double from = occupant.end;
  occupant.end = end;
  if (occupant.bytes > 0)
    findOpen(index).end = end;
  return check(from, end);
}

void TierOccupancy::close(size_t index, double end) {
  Occupant &occupant = occupants[index];
  assert(occupant.open && "closing a closed occupant");
  occupant.end = std::max(occupant.end, end);
  occupant.open = false;
  if (occupant.bytes <= 0)
    return;
  findOpen(index) = openOccupants.back();
  openOccupants.pop_back();
  // It counted from its start on; it now ends (end >= start).
  addBytes(-occupant.bytes, occupant.end, std::nullopt);
}

std::vector<std::pair<double, int64_t>>
TierOccupancy::getSteps(double endOfRun) const {
  // Every open occupant already counts until the end of the run.
  (void)endOfRun;
  std::vector<std::pair<double, int64_t>> result;
  if (steps.empty() || steps.front().time > 0)
    result.emplace_back(0.0, 0);
  for (const Step &step : steps)
    if (result.empty() || result.back().second != step.bytes)
      result.emplace_back(step.time, step.bytes);
  return result;
}

int64_t TierOccupancy::getBytesAt(double time) const {
  // The steps count open occupants from their start on and closed ones
  // during [start, end): the step at or before `time` holds the answer.
  // (Written so that a NaN `time` finds nothing live.)
  if (steps.empty() || !(time >= steps.front().time))
    return 0;
  size_t index = findStep(time);
  if (index < steps.size() && steps[index].time == time)
    return steps[index].bytes;
  return steps[index - 1].bytes;
}

int64_t TierOccupancy::getHighWater(double endOfRun) const {
  (void)endOfRun;
  int64_t highWater = 0;
  for (const Step &step : steps)
    highWater = std::max(highWater, step.bytes);
  return highWater;
}

std::optional<CapacityExcess>
TierOccupancy::checkRun(double endOfRun) const {
  // The first step over the capacity (equal neighbours of a step merge into
  // it, and come after it).
  for (const Step &step : steps)
    if (exceeds(step.bytes))
      return getExcess(step.time, step.bytes, endOfRun);
  return std::nullopt;
}

void TierOccupancy::clear() {
  occupants.clear();
  steps.clear();
  openOccupants.clear();
  endings.clear();
  stepBound = 0;
}
