//===- ResourceMonitorTest.cpp - Tests of the resource monitor ------------===//
//
// Part of the ap project: an adaptive-precision compiler built on MLIR.
//
//===----------------------------------------------------------------------===//
//
// Checks measureResources on hand-built timelines and on a run of the
// simulator, and TierOccupancy::getBytesAt against a brute-force count. The
// target has round figures, so that every expected number is worked out by
// hand in the comments:
//
//   cpu (device 0, host): idle 1 W, memory dram (1000 B).
//   npu (device 1): idle 2 W, switch 1 ms, memories sram (1000 B) and dram
//       (1e6 B).
//   link (link 0): cpu <-> npu, 1 ms latency, 1e6 B/s, 1e-6 J/B, converts.
//
//===----------------------------------------------------------------------===//

#include "ap/Runtime/ResourceMonitor.h"
#include "ap/Runtime/Simulator.h"

#include "ap/Analysis/TargetModel.h"

#include "llvm/ADT/STLExtras.h"

#include "gtest/gtest.h"

#include <cmath>
#include <limits>
#include <random>
#include <vector>

using namespace ap::rt;

/// Expects `actual` to equal the hand-computed `expected` up to rounding.
#define EXPECT_CLOSE(actual, expected)                                         \
  EXPECT_NEAR((actual), (expected), 1e-12 * std::fabs(expected) + 1e-15)

namespace {

constexpr const char *kTarget = R"({
  "format": "ap-target", "version": 1,
  "host": "cpu", "default": "npu",
  "devices": [
    {"name": "cpu", "kind": "host", "clock": 1e9, "units": 1,
     "ops_per_cycle": {"f32": 1}, "energy_per_op": {"f32": 1e-9},
     "launch_overhead": 0, "switch_latency": 0, "idle_power": 1,
     "memories": [{"name": "dram", "capacity": 1000, "bandwidth": 1e9,
                   "energy_per_byte": 0}]},
    {"name": "npu", "kind": "accelerator", "clock": 1e6, "units": 1,
     "ops_per_cycle": {"f32": 1, "i8": 4, "i32": 1},
     "energy_per_op": {"f32": 1e-6, "i8": 1e-6, "i32": 1e-6},
     "launch_overhead": 0, "switch_latency": 0.001, "idle_power": 2,
     "memories": [{"name": "sram", "capacity": 1000, "bandwidth": 1e9,
                   "energy_per_byte": 0},
                  {"name": "dram", "capacity": 1000000, "bandwidth": 1e9,
                   "energy_per_byte": 0}]}
  ],
  "links": [
    {"name": "link", "from": "cpu", "to": "npu", "bidirectional": true,
     "latency": 0.001, "bandwidth": 1e6, "energy_per_byte": 1e-6,
     "converts": true}
  ]
})";

constexpr unsigned kCpu = 0, kNpu = 1;
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

/// An activity of `energy` joules over [start, end].
Activity makeActivity(double start, double end, double energy) {
  Activity activity;
  activity.start = start;
  activity.end = end;
  activity.dynamicEnergy = energy;
  return activity;
}

/// An occupant of `bytes` from `start`, closed at `end` unless `open`.
Occupant makeOccupant(int64_t bytes, double start, double end, bool open) {
  Occupant occupant;
  occupant.bytes = bytes;
  occupant.start = start;
  occupant.end = end;
  occupant.open = open;
  return occupant;
}

class ResourceMonitor : public ::testing::Test {
protected:
  void SetUp() override {
    llvm::Expected<std::unique_ptr<Simulator>> created =
        Simulator::create(kTarget, "test.json");
    ASSERT_TRUE(static_cast<bool>(created))
        << llvm::toString(created.takeError());
    simulator = std::move(*created);
    // Idle timelines shaped like the target's: tiers of its capacities.
    const mlir::ap::TargetModel &target = getTarget();
    devices.resize(target.getDevices().size());
    for (auto [state, model] : llvm::zip(devices, target.getDevices()))
      for (const mlir::ap::MemoryModel &memory : model.memories)
        state.memories.emplace_back(memory.capacity);
    links.resize(target.getLinks().size());
  }

  const mlir::ap::TargetModel &getTarget() const {
    return simulator->getTarget();
  }

  ResourceSnapshot measure(double now, double window) const {
    return measureResources(getTarget(), devices, links, now, window);
  }

  std::unique_ptr<Simulator> simulator;
  std::vector<DeviceState> devices;
  std::vector<LinkState> links;
};

TEST_F(ResourceMonitor, PartialOverlapAtTheWindowEdges) {
  // Window [6, 10], 4 s.
  std::vector<Activity> &npu = devices[kNpu].activities;
  // Before the window: nothing.
  npu.push_back(makeActivity(1, 3, 5));
  // [5, 7]: 1 s of its 2 inside, 2 J * 1/2 = 1 J.
  npu.push_back(makeActivity(5, 7, 2));
  // [7, 8]: whole, 3 J.
  npu.push_back(makeActivity(7, 8, 3));
  // [9, 12]: 1 s of its 3 inside, 6 J * 1/3 = 2 J.
  npu.push_back(makeActivity(9, 12, 6));
  // After `now`: nothing.
  npu.push_back(makeActivity(12, 13, 100));
  ResourceSnapshot snapshot = measure(10, 4);
  EXPECT_EQ(snapshot.now, 10.0);
  EXPECT_EQ(snapshot.window, 4.0);
  ASSERT_EQ(snapshot.devicePower.size(), 2u);
  ASSERT_EQ(snapshot.deviceOccupancy.size(), 2u);
  // npu: 2 W + (1 + 3 + 2) J / 4 s = 3.5 W; busy 1 + 1 + 1 = 3 s of 4.
  EXPECT_CLOSE(snapshot.devicePower[kNpu], 3.5);
  EXPECT_CLOSE(snapshot.deviceOccupancy[kNpu], 0.75);
  // cpu: idle.
  EXPECT_EQ(snapshot.devicePower[kCpu], 1.0);
  EXPECT_EQ(snapshot.deviceOccupancy[kCpu], 0.0);
  ASSERT_EQ(snapshot.linkUtilization.size(), 1u);
  EXPECT_EQ(snapshot.linkUtilization[0], 0.0);
  EXPECT_EQ(snapshot.linkPower[0], 0.0);
  EXPECT_CLOSE(snapshot.getTotalPower(), 4.5);
  EXPECT_EQ(snapshot.getMaxLinkUtilization(), 0.0);
}

TEST_F(ResourceMonitor, WindowReachingBeforeZeroIsShortened) {
  // Window 10 s at now = 2: [0, 2], 2 s.
  std::vector<Activity> &cpu = devices[kCpu].activities;
  // [0, 1]: whole, 1 J.
  cpu.push_back(makeActivity(0, 1, 1));
  // [1.5, 3]: 0.5 s of its 1.5 inside, 3 J / 3 = 1 J.
  cpu.push_back(makeActivity(1.5, 3, 3));
  ResourceSnapshot snapshot = measure(2, 10);
  // 1 W + 2 J / 2 s = 2 W (over 10 s it would be 1.2 W); busy 1.5 s of 2.
  EXPECT_CLOSE(snapshot.devicePower[kCpu], 2.0);
  EXPECT_CLOSE(snapshot.deviceOccupancy[kCpu], 0.75);
  EXPECT_CLOSE(snapshot.getTotalPower(), 2.0 + 2.0);
  // The requested window is reported as given.
  EXPECT_EQ(snapshot.window, 10.0);
}

TEST_F(ResourceMonitor, EmptyWindowIsIdle) {
  devices[kNpu].activities.push_back(makeActivity(0, 0, 7));
  devices[kNpu].activities.push_back(makeActivity(0, 1, 5));
  links[0].activities.push_back(makeActivity(0, 1, 5));
  // 50 bytes in the npu's sram from time 0.
  devices[kNpu].memories[0].add(makeOccupant(50, 0, 0, /*open=*/true));
  for (auto [now, window] :
       {std::pair{0.0, 1.0}, std::pair{3.0, 0.0}, std::pair{-1.0, 1.0},
        std::pair{1.0, -2.0}, std::pair{kNaN, 1.0}, std::pair{1.0, kNaN}}) {
    SCOPED_TRACE(testing::Message() << "now " << now << ", window " << window);
    ResourceSnapshot snapshot = measure(now, window);
    EXPECT_EQ(snapshot.devicePower[kCpu], 1.0);
    EXPECT_EQ(snapshot.devicePower[kNpu], 2.0);
    EXPECT_EQ(snapshot.deviceOccupancy[kNpu], 0.0);
    EXPECT_EQ(snapshot.linkUtilization[0], 0.0);
    EXPECT_EQ(snapshot.linkPower[0], 0.0);
    EXPECT_EQ(snapshot.getTotalPower(), 3.0);
  }
  // The tiers are measured all the same: 50 of 1000 bytes at time 0.
  ResourceSnapshot snapshot = measure(0, 1);
  EXPECT_EQ(snapshot.tierBytes[kNpu][0], 50);
  EXPECT_EQ(snapshot.tierOccupancy[kNpu][0], 0.05);
  // Before the run and at NaN: nothing live.
  EXPECT_EQ(measure(-1, 1).tierBytes[kNpu][0], 0);
  EXPECT_EQ(measure(kNaN, 1).tierBytes[kNpu][0], 0);
}

TEST_F(ResourceMonitor, ZeroLengthActivitiesCountInTheClosedWindow) {
  // Window [5, 10].
  std::vector<Activity> &npu = devices[kNpu].activities;
  // Ends at the window's start: overlap 0, nothing.
  npu.push_back(makeActivity(3, 5, 10));
  // Zero length before the window: nothing.
  npu.push_back(makeActivity(5 - 0.125, 5 - 0.125, 8));
  // Zero length at the start, inside and at `now`: 1 + 2 + 4 J.
  npu.push_back(makeActivity(5, 5, 1));
  npu.push_back(makeActivity(7, 7, 2));
  npu.push_back(makeActivity(10, 10, 4));
  // Starts at `now`: overlap 0, nothing.
  npu.push_back(makeActivity(10, 11, 16));
  // Zero length after `now`: nothing.
  npu.push_back(makeActivity(11, 11, 32));
  ResourceSnapshot snapshot = measure(10, 5);
  // 2 W + 7 J / 5 s = 3.4 W, never busy.
  EXPECT_CLOSE(snapshot.devicePower[kNpu], 3.4);
  EXPECT_EQ(snapshot.deviceOccupancy[kNpu], 0.0);
}

TEST_F(ResourceMonitor, TierBytesCountOpenAndClosedOccupants) {
  TierOccupancy &dram = devices[kCpu].memories[0];
  // 100 B during [0, 5).
  dram.add(makeOccupant(100, 0, 5, /*open=*/false));
  // 200 B from 2 on, last known use at 3.
  dram.add(makeOccupant(200, 2, 3, /*open=*/true));
  // 300 B during [6, 8).
  dram.add(makeOccupant(300, 6, 8, /*open=*/false));
  // Zero length: never live.
  dram.add(makeOccupant(400, 4, 4, /*open=*/false));
  // 700 B of the npu's sram from 1 on, closed at 9 later; 1000 B of its dram
  // during [0, 100).
  size_t index =
      devices[kNpu].memories[0].add(makeOccupant(700, 1, 1, true)).first;
  devices[kNpu].memories[0].close(index, 9);
  devices[kNpu].memories[1].add(makeOccupant(1000, 0, 100, false));

  EXPECT_EQ(dram.getBytesAt(-1), 0);
  EXPECT_EQ(dram.getBytesAt(0), 100);
  EXPECT_EQ(dram.getBytesAt(2), 300);
  // Open past its last known use.
  EXPECT_EQ(dram.getBytesAt(3.5), 300);
  EXPECT_EQ(dram.getBytesAt(4), 300);
  // The first ends at 5.
  EXPECT_EQ(dram.getBytesAt(5), 200);
  EXPECT_EQ(dram.getBytesAt(7), 500);
  EXPECT_EQ(dram.getBytesAt(8), 200);
  EXPECT_EQ(dram.getBytesAt(1e9), 200);

  ResourceSnapshot snapshot = measure(7, 1);
  ASSERT_EQ(snapshot.tierBytes.size(), 2u);
  ASSERT_EQ(snapshot.tierBytes[kCpu].size(), 1u);
  ASSERT_EQ(snapshot.tierBytes[kNpu].size(), 2u);
  EXPECT_EQ(snapshot.tierBytes[kCpu][0], 500);
  EXPECT_EQ(snapshot.tierBytes[kNpu][0], 700);
  EXPECT_EQ(snapshot.tierBytes[kNpu][1], 1000);
  EXPECT_EQ(snapshot.tierOccupancy[kCpu][0], 0.5);
  EXPECT_EQ(snapshot.tierOccupancy[kNpu][0], 0.7);
  EXPECT_EQ(snapshot.tierOccupancy[kNpu][1], 1e-3);
  EXPECT_EQ(snapshot.getMemoryOccupancy(kCpu), 0.5);
  EXPECT_EQ(snapshot.getMemoryOccupancy(kNpu), 0.7);
  // After 9 the sram is empty: the npu's fullest tier is its dram.
  snapshot = measure(9, 1);
  EXPECT_EQ(snapshot.tierBytes[kNpu][0], 0);
  EXPECT_EQ(snapshot.getMemoryOccupancy(kNpu), 1e-3);
}

TEST_F(ResourceMonitor, LinkUtilizationAndPower) {
  // Window [1, 4], 3 s.
  std::vector<Activity> &link = links[0].activities;
  // [0, 2]: 1 s of 2 inside, 4 J / 2 = 2 J.
  link.push_back(makeActivity(0, 2, 4));
  // [3, 5]: 1 s of 2 inside, 1 J / 2 = 0.5 J.
  link.push_back(makeActivity(3, 5, 1));
  ResourceSnapshot snapshot = measure(4, 3);
  EXPECT_CLOSE(snapshot.linkUtilization[0], 2.0 / 3);
  EXPECT_CLOSE(snapshot.linkPower[0], 2.5 / 3);
  EXPECT_CLOSE(snapshot.getMaxLinkUtilization(), 2.0 / 3);
  // Links draw no idle power: 1 + 2 W of the idle devices.
  EXPECT_CLOSE(snapshot.getTotalPower(), 3 + 2.5 / 3);
}

TEST_F(ResourceMonitor, ManyActivitiesBeforeTheWindow) {
  // 100000 activities of 1 s with 1 J each, back to back from 0; the window
  // [99990.5, 100000.5] holds 9.5 s of them (the last, [99999, 100000],
  // ends within it; nothing is placed after), and 9.5 J.
  std::vector<Activity> &npu = devices[kNpu].activities;
  for (int i = 0; i < 100000; ++i)
    npu.push_back(makeActivity(i, i + 1, 1));
  ResourceSnapshot snapshot = measure(100000.5, 10);
  EXPECT_CLOSE(snapshot.deviceOccupancy[kNpu], 0.95);
  EXPECT_CLOSE(snapshot.devicePower[kNpu], 2 + 0.95);
}

TEST(ResourceSnapshot, Aggregates) {
  ResourceSnapshot snapshot;
  snapshot.devicePower = {1, 2.5};
  snapshot.linkPower = {0.25, 0.125};
  snapshot.tierOccupancy = {{}, {0.25, 0.75, 0.5}};
  EXPECT_EQ(snapshot.getTotalPower(), 3.875);
  // A device without tiers.
  EXPECT_EQ(snapshot.getMemoryOccupancy(0), 0.0);
  EXPECT_EQ(snapshot.getMemoryOccupancy(1), 0.75);
  // No links.
  EXPECT_EQ(snapshot.getMaxLinkUtilization(), 0.0);
  snapshot.linkUtilization = {0.25, 0.5, 0.125};
  EXPECT_EQ(snapshot.getMaxLinkUtilization(), 0.5);
}

TEST_F(ResourceMonitor, MeasuresARunOfTheSimulator) {
  // 1000 bytes of f32 in the cpu's dram at 0, never released.
  simulator->define(1, kCpu, -1, AP_RT_FORMAT_F32, 1000);
  // To the npu's dram over the link (converting, same format: one hop):
  // 1e-3 + 1000 / 1e6 = 2e-3 s, [0, 2e-3], 1000 * 1e-6 = 1e-3 J. Buffer 2
  // holds its 1000 bytes from 0.
  ap_rt_transfer_info move = {};
  move.name = "move";
  move.source = 1;
  move.destination = 2;
  move.from_device = kCpu;
  move.from_memory = -1;
  move.to_device = kNpu;
  move.to_memory = -1;
  move.link = -1;
  move.source_format = move.wire_format = move.destination_format =
      AP_RT_FORMAT_F32;
  move.elements = 250;
  simulator->transfer(move, nullptr, nullptr);

  auto launch = [&](const char *name, int64_t read, int64_t write,
                    int32_t precision, double time, double energy,
                    int64_t workingSet) {
    int64_t writeBytes = 100;
    int32_t writeFormat = AP_RT_FORMAT_F32;
    ap_rt_launch_info info = {};
    info.name = name;
    info.device = kNpu;
    info.memory = 0;
    info.precision = info.accumulator = precision;
    info.time = info.compute_time = time;
    info.dynamic_energy = energy;
    info.bytes_read = workingSet;
    info.num_reads = 1;
    info.num_writes = 1;
    info.reads = &read;
    info.writes = &write;
    info.write_bytes = &writeBytes;
    info.write_formats = &writeFormat;
    simulator->launch(info);
  };
  // a reads 2 when it arrives: [2e-3, 6e-3], 8e-3 J, a 500-byte working set
  // in the sram then; writes buffer 3 (100 B of the dram, from 2e-3 on).
  launch("a", 2, 3, AP_RT_FORMAT_F32, 4e-3, 8e-3, 500);
  // b at i8: a switch of 1 ms [6e-3, 7e-3] (no dynamic energy), then
  // [7e-3, 9e-3], 4e-3 J, a 300-byte working set; writes buffer 4 (100 B
  // from 7e-3 on).
  launch("b", 3, 4, AP_RT_FORMAT_I8, 2e-3, 4e-3, 300);
  // Buffer 2 was last read by a: it ends at 6e-3.
  simulator->release(2);
  ASSERT_FALSE(simulator->getError()) << *simulator->getError();
  ASSERT_EQ(simulator->getDevices()[kNpu].activities.size(), 3u);
  ASSERT_EQ(simulator->getDevices()[kCpu].activities.size(), 0u);
  ASSERT_EQ(simulator->getLinks()[0].activities.size(), 1u);

  // Window [3e-3, 8e-3], 5e-3 s.
  ResourceSnapshot snapshot =
      measureResources(simulator->getTarget(), simulator->getDevices(),
                       simulator->getLinks(), 8e-3, 5e-3);
  // npu: a [3e-3, 6e-3] of [2e-3, 6e-3], 8e-3 * 3/4 = 6e-3 J; the switch
  // whole, 0 J; b [7e-3, 8e-3] of [7e-3, 9e-3], 4e-3 / 2 = 2e-3 J. Busy
  // 3e-3 + 1e-3 + 1e-3 = 5e-3 s, all of it; 2 W + 8e-3 J / 5e-3 s = 3.6 W.
  EXPECT_CLOSE(snapshot.deviceOccupancy[kNpu], 1.0);
  EXPECT_CLOSE(snapshot.devicePower[kNpu], 3.6);
  // cpu idle, the link done at 2e-3.
  EXPECT_EQ(snapshot.devicePower[kCpu], 1.0);
  EXPECT_EQ(snapshot.deviceOccupancy[kCpu], 0.0);
  EXPECT_EQ(snapshot.linkUtilization[0], 0.0);
  EXPECT_EQ(snapshot.linkPower[0], 0.0);
  EXPECT_CLOSE(snapshot.getTotalPower(), 4.6);
  // At 8e-3: the cpu's dram holds buffer 1 (1000 of 1000 B); the npu's sram
  // b's working set (300 of 1000 B), its dram buffers 3 and 4 (200 of 1e6
  // B; buffer 2 ended at 6e-3).
  EXPECT_EQ(snapshot.tierBytes[kCpu][0], 1000);
  EXPECT_EQ(snapshot.tierBytes[kNpu][0], 300);
  EXPECT_EQ(snapshot.tierBytes[kNpu][1], 200);
  EXPECT_CLOSE(snapshot.tierOccupancy[kCpu][0], 1.0);
  EXPECT_CLOSE(snapshot.tierOccupancy[kNpu][0], 0.3);
  EXPECT_CLOSE(snapshot.tierOccupancy[kNpu][1], 2e-4);
  EXPECT_CLOSE(snapshot.getMemoryOccupancy(kNpu), 0.3);

  // Window 10 ms at 8e-3: [0, 8e-3]. The link [0, 2e-3] whole: busy 1/4,
  // 1e-3 J / 8e-3 s = 0.125 W. npu: a whole (8e-3 J), the switch, half of b
  // (2e-3 J): busy 6e-3 s of 8e-3, 2 W + 1e-2 J / 8e-3 s = 3.25 W.
  snapshot = measureResources(simulator->getTarget(), simulator->getDevices(),
                              simulator->getLinks(), 8e-3, 1e-2);
  EXPECT_CLOSE(snapshot.linkUtilization[0], 0.25);
  EXPECT_CLOSE(snapshot.linkPower[0], 0.125);
  EXPECT_CLOSE(snapshot.getMaxLinkUtilization(), 0.25);
  EXPECT_CLOSE(snapshot.deviceOccupancy[kNpu], 0.75);
  EXPECT_CLOSE(snapshot.devicePower[kNpu], 3.25);
  EXPECT_CLOSE(snapshot.getTotalPower(), 1 + 3.25 + 0.125);
  // At 5e-3 a's working set and buffers 2 and 3 are live.
  snapshot = measureResources(simulator->getTarget(), simulator->getDevices(),
                              simulator->getLinks(), 5e-3, 1e-3);
  EXPECT_EQ(snapshot.tierBytes[kNpu][0], 500);
  EXPECT_EQ(snapshot.tierBytes[kNpu][1], 1100);
}

/// Compares getBytesAt with a count over every occupant, on random events
/// whose times mostly advance but sometimes go back.
TEST(ResourceMonitorBytesAt, MatchesBruteForceOnRandomEvents) {
  std::mt19937_64 random(42);
  auto uniform = [&](int64_t low, int64_t high) {
    return std::uniform_int_distribution<int64_t>(low, high)(random);
  };
  TierOccupancy occupancy(1u << 30);
  std::vector<size_t> open;
  int64_t latest = 0;
  auto bruteForce = [&](double time) {
    int64_t bytes = 0;
    for (const Occupant &occupant : occupancy.getOccupants())
      if (occupant.start <= time && (occupant.open || occupant.end > time))
        bytes += occupant.bytes;
    return bytes;
  };
  for (int event = 0; event < 3000; ++event) {
    latest += uniform(0, 2);
    int kind = uniform(0, 3);
    if (kind <= 1 || open.empty()) {
      double start = static_cast<double>(latest - uniform(0, 5));
      double end = start + static_cast<double>(uniform(0, 4));
      bool isOpen = kind == 0;
      size_t index =
          occupancy.add(makeOccupant(uniform(0, 100), start, end, isOpen))
              .first;
      if (isOpen)
        open.push_back(index);
    } else {
      size_t pick = uniform(0, open.size() - 1);
      size_t index = open[pick];
      double end = static_cast<double>(latest + uniform(-3, 3));
      if (kind == 2) {
        occupancy.extend(index, end);
      } else {
        occupancy.close(index, end);
        open[pick] = open.back();
        open.pop_back();
      }
    }
    if (event % 50 != 0)
      continue;
    for (int64_t grain = -2; grain <= latest + 6; ++grain) {
      // On the times of the events and between them.
      for (double time : {static_cast<double>(grain), grain + 0.5}) {
        ASSERT_EQ(occupancy.getBytesAt(time), bruteForce(time))
            << "event " << event << ", time " << time;
      }
    }
  }
}

} // namespace
