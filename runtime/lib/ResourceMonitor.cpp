//===- ResourceMonitor.cpp - Resource use over a window of time -----------===//
//
// Part of the ap project: an adaptive-precision compiler built on MLIR.
//
//===----------------------------------------------------------------------===//
//
// The window is [start, now] with start = max(0, now - window), of length
// L = now - start (shorter than `window` while the run is younger than it).
//
// - Device power: the device's idle power, plus the dynamic joules of its
//   activities within the window over L. An activity that overlaps the
//   window for part of its length counts pro rata: dynamicEnergy *
//   overlap / (end - start). An activity of zero length (a switch of a
//   device without switch latency, an empty kernel) counts fully when its
//   start lies in [start, now], bounds included.
// - Device occupancy: the sum of the overlaps of its activities with the
//   window over L.
// - Link utilization and power: the same over the activities of the link
//   (hops of transfers); links draw no idle power.
// - Tiers: the bytes live at `now` (TierOccupancy::getBytesAt: occupants
//   started by then, open or ending after it), and their fraction of the
//   tier's capacity.
//
// When L is not positive (now == 0, a window of 0 seconds; also a negative
// or NaN `now` or `window`), no rate can be measured: every device draws its
// idle power, every fraction and every link's power is 0. The tiers are
// measured at `now` all the same.
//
// Cost. The simulator appends the activities of a device or a link in
// time order: Simulator::occupyDevice places each activity of a device at
// max(freeAt, earliest), ends it `duration` (checked >= 0) later and moves
// freeAt to that end, and Simulator::transfer does the same for each hop on
// its link; freeAt never decreases (ap_rt_wait only raises the host's).
// Each activity thus starts at or after the end of the one before it: the
// activities are disjoint and their starts and their ends are both
// nondecreasing. The first activity that may reach the window (the first
// whose end is at or after its start) is found by bisection on the ends, and
// the scan stops at the first activity that starts after `now`: a
// measurement costs the logarithm of the number of activities plus the
// number within the window, however long the run.
//
//===----------------------------------------------------------------------===//

#include "ap/Runtime/ResourceMonitor.h"

#include "ap/Runtime/Simulator.h"

#include "ap/Analysis/TargetModel.h"

#include <algorithm>
#include <cassert>
#include <iterator>
#include <limits>

using namespace ap::rt;

namespace {

/// The busy seconds and dynamic joules of some activities within a window.
struct WindowUse {
  double busy = 0;
  double energy = 0;
};

} // namespace

/// The use of the window [start, now] by `activities` (disjoint, in time
/// order; see the file comment).
static WindowUse measureActivities(const std::vector<Activity> &activities,
                                   double start, double now) {
  WindowUse use;
  // The first activity that ends at or after the window's start: the ones
  // before it end earlier, and so do all their predecessors.
  auto it = std::partition_point(
      activities.begin(), activities.end(),
      [&](const Activity &activity) { return activity.end < start; });
  for (; it != activities.end() && it->start <= now; ++it) {
    assert((it == activities.begin() || std::prev(it)->end <= it->start) &&
           "activities overlap or are out of time order");
    double length = it->end - it->start;
    if (length <= 0) {
      // Zero length: its start is in [start, now].
      use.energy += it->dynamicEnergy;
      continue;
    }
    if (it->start >= start && it->end <= now) {
      // Within the window: counted whole (exactly, without a ratio).
      use.busy += length;
      use.energy += it->dynamicEnergy;
      continue;
    }
    double overlap = std::min(it->end, now) - std::max(it->start, start);
    if (overlap <= 0)
      continue;
    use.busy += overlap;
    use.energy += it->dynamicEnergy * (overlap / length);
  }
  return use;
}

ResourceSnapshot
ap::rt::measureResources(const mlir::ap::TargetModel &target,
                         const std::vector<DeviceState> &devices,
                         const std::vector<LinkState> &links, double now,
                         double window) {
  llvm::ArrayRef<mlir::ap::DeviceModel> deviceModels = target.getDevices();
  assert(devices.size() == deviceModels.size() &&
         "one device state per device of the target");
  assert(links.size() == target.getLinks().size() &&
         "one link state per link of the target");

  ResourceSnapshot snapshot;
  snapshot.now = now;
  snapshot.window = window;
  double start = std::max(0.0, now - window);
  double length = now - start;
  // False for a NaN `now` or `window` as well.
  bool measurable = window > 0 && length > 0;

  size_t numDevices = std::min(devices.size(), deviceModels.size());
  snapshot.devicePower.resize(numDevices);
  snapshot.deviceOccupancy.resize(numDevices);
  snapshot.tierBytes.resize(numDevices);
  snapshot.tierOccupancy.resize(numDevices);
  for (size_t device = 0; device < numDevices; ++device) {
    const mlir::ap::DeviceModel &model = deviceModels[device];
    const DeviceState &state = devices[device];
    double power = model.idlePower, occupancy = 0;
    if (measurable) {
      WindowUse use = measureActivities(state.activities, start, now);
      power += use.energy / length;
      occupancy = use.busy / length;
    }
    snapshot.devicePower[device] = power;
    snapshot.deviceOccupancy[device] = occupancy;

    assert(state.memories.size() == model.memories.size() &&
           "one tier occupancy per memory of the device");
    size_t numTiers = std::min(state.memories.size(), model.memories.size());
    std::vector<int64_t> &bytes = snapshot.tierBytes[device];
    std::vector<double> &fractions = snapshot.tierOccupancy[device];
    bytes.resize(numTiers);
    fractions.resize(numTiers);
    for (size_t tier = 0; tier < numTiers; ++tier) {
      int64_t live = state.memories[tier].getBytesAt(now);
      // Capacities are positive (the target's verifier checks them).
      uint64_t capacity = model.memories[tier].capacity;
      bytes[tier] = live;
      fractions[tier] = capacity > 0 ? static_cast<double>(live) /
                                           static_cast<double>(capacity)
                        : live > 0   ? std::numeric_limits<double>::infinity()
                                     : 0.0;
    }
  }

  snapshot.linkUtilization.resize(links.size());
  snapshot.linkPower.resize(links.size());
  if (measurable) {
    for (size_t link = 0; link < links.size(); ++link) {
      WindowUse use = measureActivities(links[link].activities, start, now);
      snapshot.linkUtilization[link] = use.busy / length;
      snapshot.linkPower[link] = use.energy / length;
    }
  }
  return snapshot;
}

double ResourceSnapshot::getTotalPower() const {
  double total = 0;
  for (double power : devicePower)
    total += power;
  for (double power : linkPower)
    total += power;
  return total;
}

double ResourceSnapshot::getMemoryOccupancy(unsigned device) const {
  assert(device < tierOccupancy.size() && "device out of range");
  if (device >= tierOccupancy.size())
    return 0;
  double largest = 0;
  for (double occupancy : tierOccupancy[device])
    largest = std::max(largest, occupancy);
  return largest;
}

double ResourceSnapshot::getMaxLinkUtilization() const {
  double largest = 0;
  for (double utilization : linkUtilization)
    largest = std::max(largest, utilization);
  return largest;
}
