//===- SimulatorTest.cpp - Tests of the simulated accelerator -------------===//
//
// Part of the ap project: an adaptive-precision compiler built on MLIR.
//
//===----------------------------------------------------------------------===//
//
// Checks the simulation rules of docs/runtime.md on a small target with round
// figures, so that every expected time and energy is worked out by hand in
// the comments:
//
//   cpu (device 0, host): f32/f16 at 1e9 ops/s, 1e-9 J/op, idle 1 W,
//       memory dram (1e6 B).
//   npu (device 1): f32 at 1e6 ops/s, f16 at 2e6, i8 at 4e6 (i32 1e6),
//       1e-6 J/op, switch 1 ms, idle 2 W, memories sram (1000 B) and
//       dram (1e6 B).
//   gpu (device 2): f32/f16 at 1e6 ops/s, 1e-6 J/op, no switch latency,
//       idle 3 W, memory hbm (1e6 B).
//   slow (link 0): cpu <-> npu, 1 ms latency, 1e6 B/s, 1e-6 J/B, does not
//       convert.
//   fast (link 1): cpu <-> gpu, 1 ms latency, 1e6 B/s, 1e-6 J/B, converts.
//
//===----------------------------------------------------------------------===//

#include "ap/Runtime/Simulator.h"
#include "ap/Runtime/Stats.h"
#include "ap/Runtime/Trace.h"

#include "llvm/Support/JSON.h"

#include "gtest/gtest.h"

#include <cmath>
#include <vector>

using namespace ap::rt;

/// Expects `actual` to equal the hand-computed `expected` up to rounding.
#define EXPECT_CLOSE(actual, expected)                                         \
  EXPECT_NEAR((actual), (expected), 1e-12 * std::fabs(expected) + 1e-18)

namespace {

constexpr const char *kTarget = R"({
  "format": "ap-target", "version": 1,
  "host": "cpu", "default": "npu",
  "devices": [
    {"name": "cpu", "kind": "host", "clock": 1e9, "units": 1,
     "ops_per_cycle": {"f32": 1, "f16": 1},
     "energy_per_op": {"f32": 1e-9, "f16": 1e-9},
     "launch_overhead": 0, "switch_latency": 0, "idle_power": 1,
     "memories": [{"name": "dram", "capacity": 1000000, "bandwidth": 1e9,
                   "energy_per_byte": 0}]},
    {"name": "npu", "kind": "accelerator", "clock": 1e6, "units": 1,
     "ops_per_cycle": {"f32": 1, "f16": 2, "i8": 4, "i32": 1},
     "energy_per_op": {"f32": 1e-6, "f16": 1e-6, "i8": 1e-6, "i32": 1e-6},
     "launch_overhead": 0, "switch_latency": 0.001, "idle_power": 2,
     "memories": [{"name": "sram", "capacity": 1000, "bandwidth": 1e9,
                   "energy_per_byte": 0},
                  {"name": "dram", "capacity": 1000000, "bandwidth": 1e9,
                   "energy_per_byte": 0}]},
    {"name": "gpu", "kind": "accelerator", "clock": 1e6, "units": 1,
     "ops_per_cycle": {"f32": 1, "f16": 1},
     "energy_per_op": {"f32": 1e-6, "f16": 1e-6},
     "launch_overhead": 0, "switch_latency": 0, "idle_power": 3,
     "memories": [{"name": "hbm", "capacity": 1000000, "bandwidth": 1e9,
                   "energy_per_byte": 0}]}
  ],
  "links": [
    {"name": "slow", "from": "cpu", "to": "npu", "bidirectional": true,
     "latency": 0.001, "bandwidth": 1e6, "energy_per_byte": 1e-6},
    {"name": "fast", "from": "cpu", "to": "gpu", "bidirectional": true,
     "latency": 0.001, "bandwidth": 1e6, "energy_per_byte": 1e-6,
     "converts": true}
  ]
})";

constexpr int32_t kCpu = 0, kNpu = 1, kGpu = 2;
constexpr int32_t kF32 = AP_RT_FORMAT_F32, kF16 = AP_RT_FORMAT_F16,
                  kI8 = AP_RT_FORMAT_I8;

class RuntimeSimulator : public ::testing::Test {
protected:
  void SetUp() override {
    llvm::Expected<std::unique_ptr<Simulator>> created =
        Simulator::create(kTarget, "test.json");
    ASSERT_TRUE(static_cast<bool>(created))
        << llvm::toString(created.takeError());
    simulator = std::move(*created);
  }

  /// Launches `name` on `device` for `time` seconds at `precision`, reading
  /// `reads` and writing `writes` (100 bytes of f32 each).
  void launch(const char *name, int32_t device, double time,
              std::vector<int64_t> reads, std::vector<int64_t> writes,
              int32_t precision = kF32, double energy = 0, int32_t memory = -1,
              int64_t bytesRead = 0) {
    std::vector<int64_t> writeBytes(writes.size(), 100);
    std::vector<int32_t> writeFormats(writes.size(), kF32);
    ap_rt_launch_info info = {};
    info.name = name;
    info.device = device;
    info.memory = memory;
    info.precision = precision;
    info.accumulator = precision;
    info.time = info.compute_time = time;
    info.dynamic_energy = energy;
    info.bytes_read = bytesRead;
    info.num_reads = static_cast<int32_t>(reads.size());
    info.num_writes = static_cast<int32_t>(writes.size());
    info.reads = reads.data();
    info.writes = writes.data();
    info.write_bytes = writeBytes.data();
    info.write_formats = writeFormats.data();
    simulator->launch(info);
  }

  /// Moves `elements` values of buffer `source` to a new buffer.
  void transfer(const char *name, int64_t source, int64_t destination,
                int32_t from, int32_t to, int32_t sourceFormat,
                int32_t wireFormat, int32_t destinationFormat, int64_t elements,
                const void *input = nullptr, void *output = nullptr) {
    ap_rt_transfer_info info = {};
    info.name = name;
    info.source = source;
    info.destination = destination;
    info.from_device = from;
    info.from_memory = -1;
    info.to_device = to;
    info.to_memory = -1;
    info.link = -1;
    info.source_format = sourceFormat;
    info.wire_format = wireFormat;
    info.destination_format = destinationFormat;
    info.elements = elements;
    simulator->transfer(info, input, output);
  }

  std::unique_ptr<Simulator> simulator;
};

TEST_F(RuntimeSimulator, LaunchWaitsForDeviceAndInputs) {
  simulator->define(1, kNpu, -1, kF32, 100);
  // a: npu [0, 0.01].
  launch("a", kNpu, 0.01, {1}, {2});
  // b reads 2 (ready at 0.01), npu free at 0.01: [0.01, 0.015].
  launch("b", kNpu, 0.005, {2}, {3});
  const BufferState *three = simulator->lookupBuffer(3);
  ASSERT_NE(three, nullptr);
  EXPECT_CLOSE(three->ready, 0.015);
  // The input 1 was last used by a, until 0.01.
  EXPECT_CLOSE(simulator->lookupBuffer(1)->lastUse, 0.01);
  EXPECT_CLOSE(simulator->getMakespan(), 0.015);
  EXPECT_EQ(simulator->getDevices()[kNpu].launches, 2u);
  EXPECT_FALSE(simulator->getError());
}

TEST_F(RuntimeSimulator, IndependentDevicesOverlap) {
  simulator->define(1, kNpu, -1, kF32, 100);
  simulator->define(2, kGpu, -1, kF32, 100);
  // npu [0, 0.01] and gpu [0, 0.02] run at the same time.
  launch("n", kNpu, 0.01, {1}, {3});
  launch("g", kGpu, 0.02, {2}, {4});
  EXPECT_CLOSE(simulator->getMakespan(), 0.02);
  EXPECT_CLOSE(simulator->getDevices()[kNpu].busyTime, 0.01);
  EXPECT_CLOSE(simulator->getDevices()[kGpu].busyTime, 0.02);
}

TEST_F(RuntimeSimulator, TransferOverLinkThatDoesNotConvert) {
  // 1000 f32 values cpu -> npu as f16 on the wire, f32 on arrival, over
  // "slow" (does not convert):
  //   conversion on cpu: f32 -> f16 at the f32 rate, 1000 / 1e9 = 1e-6 s,
  //     1000 * 1e-9 = 1e-6 J;
  //   the hop: 2000 bytes, 1e-3 + 2000 / 1e6 = 3e-3 s, 2000 * 1e-6 = 2e-3 J;
  //   conversion on npu: f16 -> f32 at the f32 rate, 1000 / 1e6 = 1e-3 s,
  //     1000 * 1e-6 = 1e-3 J.
  std::vector<float> input(1000);
  for (size_t i = 0; i < input.size(); ++i)
    input[i] = 0.1f * static_cast<float>(i) + 1e-4f;
  std::vector<float> output(1000);
  simulator->define(1, kCpu, -1, kF32, 4000);
  transfer("t", 1, 2, kCpu, kNpu, kF32, kF16, kF32, 1000, input.data(),
           output.data());
  ASSERT_FALSE(simulator->getError()) << *simulator->getError();
  const BufferState *arrived = simulator->lookupBuffer(2);
  ASSERT_NE(arrived, nullptr);
  EXPECT_EQ(arrived->device, static_cast<unsigned>(kNpu));
  EXPECT_EQ(arrived->memory, 1u); // -1: the last tier, dram
  EXPECT_EQ(arrived->bytes, 4000);
  EXPECT_CLOSE(arrived->ready, 1e-6 + 3e-3 + 1e-3);
  const LinkState &slow = simulator->getLinks()[0];
  EXPECT_EQ(slow.bytes, 2000);
  EXPECT_EQ(slow.transfers, 1u);
  EXPECT_CLOSE(slow.busyTime, 3e-3);
  EXPECT_CLOSE(slow.activities[0].start, 1e-6);
  EXPECT_CLOSE(simulator->getDevices()[kCpu].busyTime, 1e-6);
  EXPECT_CLOSE(simulator->getDevices()[kNpu].busyTime, 1e-3);
  // The stats record the cost model's price of the whole move.
  ASSERT_EQ(simulator->getTransfers().size(), 1u);
  EXPECT_CLOSE(simulator->getTransfers()[0].time, 4.001e-3);
  EXPECT_CLOSE(simulator->getTransfers()[0].energy, 1e-6 + 2e-3 + 1e-3);
  EXPECT_CLOSE(simulator->getEnergy().dynamic, 1e-6 + 2e-3 + 1e-3);
  // The data crossed as f16: each value is its f16 rounding.
  for (size_t i = 0; i < input.size(); ++i) {
    uint32_t bits;
    std::memcpy(&bits, &input[i], 4);
    uint32_t expected = convertBits(convertFromF32(bits, Format::F16),
                                    Format::F16, Format::F32);
    uint32_t actual;
    std::memcpy(&actual, &output[i], 4);
    ASSERT_EQ(actual, expected) << "element " << i;
  }
}

TEST_F(RuntimeSimulator, TransferOverConvertingLinkAndLinkOccupancy) {
  // "fast" converts: no conversion kernels. 500 f32 values as f16 on the
  // wire: 1000 bytes, 1e-3 + 1000 / 1e6 = 2e-3 s per transfer.
  simulator->define(1, kCpu, -1, kF32, 2000);
  transfer("t1", 1, 2, kCpu, kGpu, kF32, kF16, kF16, 500);
  // A second transfer waits for the link: [2e-3, 4e-3].
  transfer("t2", 1, 3, kCpu, kGpu, kF32, kF16, kF16, 500);
  ASSERT_FALSE(simulator->getError()) << *simulator->getError();
  EXPECT_CLOSE(simulator->lookupBuffer(2)->ready, 2e-3);
  EXPECT_CLOSE(simulator->lookupBuffer(3)->ready, 4e-3);
  EXPECT_EQ(simulator->lookupBuffer(3)->bytes, 1000);
  const LinkState &fast = simulator->getLinks()[1];
  EXPECT_EQ(fast.transfers, 2u);
  EXPECT_CLOSE(fast.busyTime, 4e-3);
  EXPECT_CLOSE(fast.energy, 2 * 1000 * 1e-6);
  EXPECT_EQ(simulator->getDevices()[kCpu].busyTime, 0.0);
  // A launch on the gpu reading 3 waits for it: [4e-3, 5e-3].
  launch("k", kGpu, 1e-3, {3}, {4});
  EXPECT_CLOSE(simulator->lookupBuffer(4)->ready, 5e-3);
  EXPECT_CLOSE(simulator->getMakespan(), 5e-3);
}

TEST_F(RuntimeSimulator, PrecisionSwitchesChargedAndCounted) {
  simulator->define(1, kNpu, -1, kF32, 100);
  // The first launch configures f16 for free: [0, 0.01].
  launch("a", kNpu, 0.01, {1}, {2}, kF16);
  // i8 needs a switch of 1 ms at 0.01, then the kernel: [0.011, 0.021].
  launch("b", kNpu, 0.01, {2}, {3}, kI8);
  // Same precision again: no switch, [0.021, 0.031].
  launch("c", kNpu, 0.01, {3}, {4}, kI8);
  // An explicit switch to f32: [0.031, 0.032].
  simulator->switchPrecision(kNpu, kF32);
  ASSERT_FALSE(simulator->getError()) << *simulator->getError();
  const DeviceState &npu = simulator->getDevices()[kNpu];
  EXPECT_EQ(npu.switches, 2u);
  EXPECT_EQ(npu.launches, 3u);
  EXPECT_CLOSE(simulator->lookupBuffer(3)->ready, 0.021);
  EXPECT_CLOSE(npu.busyTime, 0.032);
  EXPECT_CLOSE(simulator->getMakespan(), 0.032);
  EXPECT_EQ(npu.activities[1].kind, Activity::Kind::Switch);
  EXPECT_CLOSE(npu.activities[1].start, 0.01);
  // A precision the device does not compute at is an error.
  simulator->switchPrecision(kGpu, kI8);
  ASSERT_TRUE(simulator->getError());
  EXPECT_EQ(*simulator->getError(),
            "ap_rt_switch: device 'gpu' does not compute at precision 'i8'");
}

TEST_F(RuntimeSimulator, EnergyIsDynamicPlusIdleOverMakespan) {
  simulator->define(1, kNpu, -1, kF32, 100);
  simulator->define(2, kGpu, -1, kF32, 100);
  launch("n", kNpu, 0.5, {1}, {3}, kF32, /*energy=*/0.25);
  launch("g", kGpu, 1.0, {2}, {4}, kF32, /*energy=*/0.5);
  // Makespan 1 s; idle power 1 + 2 + 3 = 6 W over it.
  EnergyTotals energy = simulator->getEnergy();
  EXPECT_CLOSE(energy.dynamic, 0.75);
  EXPECT_CLOSE(energy.idle, 6.0);
  EXPECT_CLOSE(energy.getTotal(), 6.75);
  // The npu: 0.25 J dynamic + 2 W * 1 s.
  EXPECT_CLOSE(simulator->getDeviceEnergy(kNpu), 2.25);
}

TEST_F(RuntimeSimulator, WorkingSetOverCapacity) {
  simulator->define(1, kNpu, -1, kF32, 100);
  // 1500 bytes in the 1000-byte sram from time 0.
  launch("big", kNpu, 0.01, {1}, {2}, kF32, 0, /*memory=*/0,
         /*bytesRead=*/1500);
  ASSERT_TRUE(simulator->getError());
  EXPECT_EQ(*simulator->getError(),
            "out of memory: memory 'sram' of device 'npu' holds 1500 bytes "
            "at time 0 s, over its capacity of 1000 bytes; largest live: "
            "working set of 'big' (1500 bytes)");
}

TEST_F(RuntimeSimulator, BuffersOverCapacityNameTheLargest) {
  simulator->define(1, kNpu, 0, kF32, 600);
  simulator->define(2, kNpu, 0, kF32, 300);
  EXPECT_FALSE(simulator->getError());
  simulator->define(3, kNpu, 0, kF32, 200);
  ASSERT_TRUE(simulator->getError());
  EXPECT_EQ(*simulator->getError(),
            "out of memory: memory 'sram' of device 'npu' holds 1100 bytes "
            "at time 0 s, over its capacity of 1000 bytes; largest live: "
            "buffer 1 (600 bytes), buffer 2 (300 bytes), buffer 3 "
            "(200 bytes)");
}

TEST_F(RuntimeSimulator, ReleasedBytesFreeAfterTheLastReader) {
  // Buffer 1 (600 B of sram) is read until 0.01 and then released; buffer
  // 3 (600 B) is defined when the npu is free, at 0.01: no overlap.
  simulator->define(1, kNpu, 0, kF32, 600);
  launch("a", kNpu, 0.01, {1}, {2});
  simulator->release(1);
  simulator->define(3, kNpu, 0, kF32, 600);
  EXPECT_FALSE(simulator->getError());
  EXPECT_EQ(simulator->getDevices()[kNpu].memories[0].getHighWater(
                simulator->getMakespan()),
            600);
  // Unreleased, it would still be live at 0.01.
  simulator->define(4, kNpu, 0, kF32, 600);
  ASSERT_TRUE(simulator->getError());
  EXPECT_NE(simulator->getError()->find("holds 1200 bytes at time 0.01 s"),
            std::string::npos)
      << *simulator->getError();
}

TEST_F(RuntimeSimulator, LongRunsKeepExactOccupancy) {
  // 10000 kernels of 1 ms on the npu, each reading a 300-byte buffer of its
  // sram defined when the npu is free and released after it, with a
  // 400-byte working set in the sram: 700 bytes live at any time, the steps
  // merge into one, until the last kernel ends at 10 s.
  for (int i = 0; i < 10000; ++i) {
    simulator->define(1, kNpu, 0, kF32, 300);
    launch("k", kNpu, 0.001, {1}, {2}, kF32, 0, /*memory=*/0,
           /*bytesRead=*/400);
    simulator->release(1);
    simulator->release(2);
  }
  simulator->finish();
  ASSERT_FALSE(simulator->getError()) << *simulator->getError();
  const TierOccupancy &sram = simulator->getDevices()[kNpu].memories[0];
  double makespan = simulator->getMakespan();
  EXPECT_CLOSE(makespan, 10.0);
  EXPECT_EQ(sram.getHighWater(makespan), 700);
  std::vector<std::pair<double, int64_t>> steps = sram.getSteps(makespan);
  ASSERT_EQ(steps.size(), 2u);
  EXPECT_EQ(steps[0], std::make_pair(0.0, int64_t(700)));
  EXPECT_EQ(steps[1].second, 0);
  EXPECT_CLOSE(steps[1].first, 10.0);
  ASSERT_EQ(simulator->getOps().size(), 1u);
  EXPECT_EQ(simulator->getOps()[0].count, 10000u);
}

TEST_F(RuntimeSimulator, IdleDeviceOccupiesTheDistantPast) {
  // Buffer 1 (600 kB of the gpu's hbm) is read by a kernel during [0, 1 ms]
  // and released; a chain of 1000 kernels follows, each writing 100 bytes.
  simulator->define(1, kGpu, -1, kF32, 600000);
  launch("k", kGpu, 0.001, {1}, {2});
  simulator->release(1);
  for (int64_t id = 2; id < 1002; ++id) {
    launch("k", kGpu, 0.001, {id}, {id + 1});
    simulator->release(id);
  }
  ASSERT_FALSE(simulator->getError()) << *simulator->getError();
  // The npu is still at time 0: a buffer defined there and moved to the gpu
  // (over "slow", then "fast") occupies the gpu's hbm from the start of its
  // first hop, 0, when buffers 1 and 2 were live.
  simulator->define(5000, kNpu, -1, kF32, 500000);
  transfer("t", 5000, 5001, kNpu, kGpu, kF32, kF32, kF32, 125000);
  ASSERT_TRUE(simulator->getError());
  EXPECT_EQ(*simulator->getError(),
            "out of memory: memory 'hbm' of device 'gpu' holds 1100100 bytes "
            "at time 0 s, over its capacity of 1000000 bytes; largest live: "
            "buffer 1 (600000 bytes), buffer 5001 (500000 bytes), buffer 2 "
            "(100 bytes)");
}

TEST_F(RuntimeSimulator, FirstErrorWinsAndLaterEventsAreIgnored) {
  simulator->define(1, 7, -1, kF32, 100);
  ASSERT_TRUE(simulator->getError());
  std::string first = *simulator->getError();
  EXPECT_EQ(first, "ap_rt_define of buffer 1: device index 7 is out of "
                   "range; the target has 3 devices (cpu, npu, gpu)");
  simulator->define(2, kNpu, -1, kF32, 100);
  launch("ignored", kNpu, 1.0, {}, {3});
  simulator->release(99);
  EXPECT_EQ(*simulator->getError(), first);
  EXPECT_EQ(simulator->lookupBuffer(2), nullptr);
  EXPECT_EQ(simulator->getMakespan(), 0.0);
  // A reset forgets the error.
  simulator->reset();
  EXPECT_FALSE(simulator->getError());
}

TEST_F(RuntimeSimulator, ReadingOnAnotherDeviceIsAnError) {
  simulator->define(1, kCpu, -1, kF32, 100);
  launch("k", kNpu, 0.01, {1}, {2});
  ASSERT_TRUE(simulator->getError());
  EXPECT_EQ(*simulator->getError(),
            "ap_rt_launch 'k': buffer 1 lives on device 'cpu', not on device "
            "'npu' that reads it; it must be transferred first");
  EXPECT_EQ(simulator->getDevices()[kNpu].launches, 0u);
}

TEST_F(RuntimeSimulator, UnknownBufferIsAnError) {
  launch("k", kNpu, 0.01, {42}, {2});
  ASSERT_TRUE(simulator->getError());
  EXPECT_EQ(*simulator->getError(),
            "ap_rt_launch 'k': reads unknown buffer id 42 (never defined, or "
            "already released)");
}

TEST_F(RuntimeSimulator, UnknownReleaseAndBadTransfers) {
  simulator->release(5);
  ASSERT_TRUE(simulator->getError());
  EXPECT_EQ(*simulator->getError(),
            "ap_rt_release: unknown buffer id 5 (never defined, or already "
            "released)");
  simulator->reset();
  simulator->define(1, kCpu, -1, kI8, 100);
  transfer("t", 1, 2, kCpu, kNpu, kI8, kF16, kF16, 100);
  ASSERT_TRUE(simulator->getError());
  EXPECT_EQ(*simulator->getError(),
            "ap_rt_transfer 't': cannot move i8 values over a f16 wire into "
            "f16 values; only floating-point formats convert");
  simulator->reset();
  // f16 -> bf16 -> f16 over "slow", which does not convert: the cpu
  // would convert f16 to bf16 at f16 (the first of two equal widths), which
  // it computes; the npu would convert bf16 to f16 at bf16, which it does
  // not. The move negotiates the wire instead: the source's f16, which both
  // ends handle, crosses unconverted.
  simulator->define(1, kCpu, -1, kF16, 200);
  transfer("t", 1, 2, kCpu, kNpu, kF16, AP_RT_FORMAT_BF16, kF16, 100);
  ASSERT_FALSE(simulator->getError()) << *simulator->getError();
  ASSERT_EQ(simulator->getTransfers().size(), 1u);
  EXPECT_EQ(simulator->getTransfers()[0].negotiated, 1u);
  EXPECT_EQ(simulator->getTransfers()[0].negotiatedWire, Format::F16);
  EXPECT_EQ(simulator->getLinks()[0].bytes + simulator->getLinks()[1].bytes,
            200);
}

TEST_F(RuntimeSimulator, LinkSlowdownLengthensTheHopAndItsTotals) {
  // From 0 on, "slow" carries bytes at half its bandwidth: 4000 bytes take
  // 1e-3 + 4000 / 5e5 = 9e-3 s instead of 5e-3 s.
  llvm::Expected<Scenario> scenario = parseScenario(
      R"({"format": "ap-scenario", "version": 1, "events": [
          {"at": 0, "kind": "link_bandwidth", "link": "slow",
           "factor": 0.5}]})",
      "scenario.json", simulator->getTarget());
  ASSERT_TRUE(static_cast<bool>(scenario))
      << llvm::toString(scenario.takeError());
  simulator->setScenario(std::move(*scenario));
  simulator->define(1, kCpu, -1, kF32, 4000);
  transfer("t", 1, 2, kCpu, kNpu, kF32, kF32, kF32, 1000);
  ASSERT_FALSE(simulator->getError()) << *simulator->getError();
  EXPECT_CLOSE(simulator->getLinks()[0].busyTime, 9e-3);
  EXPECT_CLOSE(simulator->lookupBuffer(2)->ready, 9e-3);
  ASSERT_EQ(simulator->getTransfers().size(), 1u);
  EXPECT_CLOSE(simulator->getTransfers()[0].time, 9e-3);
}

TEST_F(RuntimeSimulator, DecisionWaitsForTheInferenceToArrive) {
  // The npu runs f32 over [0, 0.01]; the next inference arrives at 0.05, and
  // its switch point runs the default variant, i8: the switch is made when
  // the inference reaches the point, [0.05, 0.051], not when the npu went
  // idle.
  simulator->define(1, kNpu, -1, kF32, 100);
  simulator->beginInference(0, 0);
  launch("a", kNpu, 0.01, {1}, {2});
  simulator->endInference();
  simulator->beginInference(1, 0.05);
  const int32_t precisions[] = {kF32, kI8};
  const double losses[] = {0, 0.01}, times[] = {0.01, 0.002},
               energies[] = {0, 0};
  const int64_t bytes[] = {100, 100};
  ap_rt_select_info info = {};
  info.name = "point";
  info.device = kNpu;
  info.num_variants = 2;
  info.default_variant = 1;
  info.precisions = precisions;
  info.losses = losses;
  info.times = times;
  info.energies = energies;
  info.bytes = bytes;
  EXPECT_EQ(simulator->select(info), 1);
  ASSERT_FALSE(simulator->getError()) << *simulator->getError();
  const DeviceState &npu = simulator->getDevices()[kNpu];
  ASSERT_EQ(npu.switches, 1u);
  EXPECT_EQ(npu.activities.back().kind, Activity::Kind::Switch);
  EXPECT_CLOSE(npu.activities.back().start, 0.05);
  EXPECT_CLOSE(npu.activities.back().end, 0.051);
}

TEST_F(RuntimeSimulator, Probes) {
  const float data[] = {1, 2, 3, 4};
  ap_rt_probe_info info = {};
  info.name = "var";
  info.metric = AP_RT_METRIC_VARIANCE;
  info.format = kF32;
  info.reference_format = kF32;
  info.elements = 4;
  info.sample_rate = 1.0;
  info.device = kCpu;
  // Variance of 1, 2, 3, 4: mean 2.5, (2.25 + 0.25 + 0.25 + 2.25) / 4.
  simulator->probe(info, data, nullptr);
  // Every second element: 1 and 3, variance 1.
  info.sample_rate = 0.5;
  simulator->probe(info, data, nullptr);
  info.name = "sqnr";
  info.metric = AP_RT_METRIC_SQNR;
  info.sample_rate = 1.0;
  // Equal data: no noise, +inf.
  simulator->probe(info, data, data);
  const int8_t codes[] = {127, 0, -128, 5};
  info.name = "sat";
  info.metric = AP_RT_METRIC_SATURATION_RATE;
  info.format = kI8;
  simulator->probe(info, codes, nullptr);
  const int8_t repeated[] = {1, 1, 2, 2};
  info.name = "entropy";
  info.metric = AP_RT_METRIC_ENTROPY;
  simulator->probe(info, repeated, nullptr);
  ASSERT_FALSE(simulator->getError()) << *simulator->getError();
  const std::vector<ProbeTotals> &probes = simulator->getProbes();
  ASSERT_EQ(probes.size(), 4u);
  EXPECT_EQ(probes[0].count, 2u);
  EXPECT_CLOSE(probes[0].max, 1.25);
  EXPECT_CLOSE(probes[0].min, 1.0);
  EXPECT_CLOSE(probes[0].last, 1.0);
  EXPECT_TRUE(std::isinf(probes[1].last));
  EXPECT_CLOSE(probes[2].last, 0.5);
  EXPECT_CLOSE(probes[3].last, 1.0);
  // A sqnr without reference is an error.
  info.name = "bad";
  info.metric = AP_RT_METRIC_SQNR;
  simulator->probe(info, repeated, nullptr);
  ASSERT_TRUE(simulator->getError());
  EXPECT_EQ(*simulator->getError(),
            "ap_rt_probe 'bad': the sqnr metric needs a reference, and its "
            "pointer is null");
}

TEST_F(RuntimeSimulator, StatsJSON) {
  simulator->define(1, kCpu, -1, kF32, 4000);
  transfer("t", 1, 2, kCpu, kNpu, kF32, kF16, kF32, 1000);
  launch("k", kNpu, 0.01, {2}, {3}, kF32, 0.5, /*memory=*/0, 800);
  launch("k", kNpu, 0.01, {3}, {4}, kF32, 0.5, /*memory=*/0, 800);
  simulator->release(2);
  simulator->finish();
  ASSERT_FALSE(simulator->getError()) << *simulator->getError();
  std::string text = formatJSON(buildStats(*simulator));
  llvm::Expected<llvm::json::Value> parsed = llvm::json::parse(text);
  ASSERT_TRUE(static_cast<bool>(parsed)) << llvm::toString(parsed.takeError());
  const llvm::json::Object *root = parsed->getAsObject();
  ASSERT_NE(root, nullptr);
  EXPECT_EQ(root->getString("format"), "ap-run-stats");
  EXPECT_EQ(root->getInteger("version"), 1);
  EXPECT_EQ(root->get("error")->kind(), llvm::json::Value::Null);
  // The transfer ends at 4.001e-3 (see TransferOverLinkThatDoesNotConvert),
  // then two kernels of 0.01 s: makespan 0.024001.
  EXPECT_CLOSE(*root->getNumber("makespan"), 0.024001);
  const llvm::json::Object *energy = root->getObject("energy");
  ASSERT_NE(energy, nullptr);
  // Dynamic: 1e-6 + 2e-3 + 1e-3 for the move, 2 * 0.5 for the kernels.
  EXPECT_CLOSE(*energy->getNumber("dynamic"), 1.003001);
  EXPECT_CLOSE(*energy->getNumber("static"), 6 * 0.024001);
  EXPECT_CLOSE(*energy->getNumber("total"), 1.003001 + 6 * 0.024001);

  const llvm::json::Array *devices = root->getArray("devices");
  ASSERT_NE(devices, nullptr);
  ASSERT_EQ(devices->size(), 3u);
  const llvm::json::Object *npu = (*devices)[1].getAsObject();
  EXPECT_EQ(npu->getString("name"), "npu");
  EXPECT_EQ(npu->getInteger("launches"), 2);
  EXPECT_EQ(npu->getInteger("switches"), 0);
  // Busy: 1e-3 of conversion and 0.02 of kernels.
  EXPECT_CLOSE(*npu->getNumber("busy_time"), 0.021);
  EXPECT_CLOSE(*npu->getNumber("utilization"), 0.021 / 0.024001);
  EXPECT_CLOSE(*npu->getNumber("energy"), 1e-3 + 1.0 + 2 * 0.024001);
  const llvm::json::Array *memories = npu->getArray("memories");
  ASSERT_EQ(memories->size(), 2u);
  EXPECT_EQ((*memories)[0].getAsObject()->getString("name"), "sram");
  EXPECT_EQ((*memories)[0].getAsObject()->getInteger("capacity"), 1000);
  // Working sets of 800 bytes, one after the other.
  EXPECT_EQ((*memories)[0].getAsObject()->getInteger("high_water"), 800);
  // dram: 2 (4000 B) until its reader ends at 0.014001, 3 and 4 (100 B
  // each) from the kernels' starts: 4100 at most.
  EXPECT_EQ((*memories)[1].getAsObject()->getInteger("high_water"), 4100);

  const llvm::json::Array *links = root->getArray("links");
  ASSERT_EQ(links->size(), 2u);
  const llvm::json::Object *slow = (*links)[0].getAsObject();
  EXPECT_EQ(slow->getString("name"), "slow");
  EXPECT_EQ(slow->getInteger("bytes"), 2000);
  EXPECT_EQ(slow->getInteger("transfers"), 1);
  EXPECT_CLOSE(*slow->getNumber("busy_time"), 3e-3);
  EXPECT_CLOSE(*slow->getNumber("utilization"), 3e-3 / 0.024001);

  const llvm::json::Array *ops = root->getArray("ops");
  ASSERT_EQ(ops->size(), 1u);
  const llvm::json::Object *op = (*ops)[0].getAsObject();
  EXPECT_EQ(op->getString("name"), "k");
  EXPECT_EQ(op->getString("device"), "npu");
  EXPECT_EQ(op->getString("precision"), "f32");
  EXPECT_EQ(op->getInteger("count"), 2);
  EXPECT_CLOSE(*op->getNumber("time"), 0.02);
  EXPECT_CLOSE(*op->getNumber("energy"), 1.0);
  EXPECT_EQ(op->getInteger("bytes"), 1600);
  EXPECT_NE(root->getArray("probes"), nullptr);
  EXPECT_EQ(root->getArray("transfers")->size(), 1u);
}

TEST_F(RuntimeSimulator, TraceJSON) {
  simulator->define(1, kCpu, -1, kF32, 4000);
  transfer("t", 1, 2, kCpu, kNpu, kF32, kF16, kF32, 1000);
  launch("k", kNpu, 0.01, {2}, {3}, kF16, 0.5);
  launch("k2", kNpu, 0.01, {3}, {4}, kI8, 0.5);
  ASSERT_FALSE(simulator->getError()) << *simulator->getError();
  std::string text = formatJSON(buildTrace(*simulator));
  llvm::Expected<llvm::json::Value> parsed = llvm::json::parse(text);
  ASSERT_TRUE(static_cast<bool>(parsed)) << llvm::toString(parsed.takeError());
  const llvm::json::Object *root = parsed->getAsObject();
  EXPECT_EQ(root->getString("displayTimeUnit"), "ns");
  const llvm::json::Array *events = root->getArray("traceEvents");
  ASSERT_NE(events, nullptr);
  std::vector<std::string> processes;
  int launches = 0, switches = 0, hops = 0, conversions = 0, power = 0,
      memory = 0;
  for (const llvm::json::Value &value : *events) {
    const llvm::json::Object *event = value.getAsObject();
    ASSERT_NE(event, nullptr);
    std::string phase = event->getString("ph")->str();
    std::string name = event->getString("name")->str();
    if (phase == "M" && name == "process_name") {
      processes.push_back(event->getObject("args")->getString("name")->str());
    } else if (phase == "X") {
      std::string category = event->getString("cat")->str();
      launches += category == "launch";
      switches += category == "switch";
      hops += category == "transfer";
      conversions += category == "conversion";
      if (name == "k") {
        // After the move (4.001e-3 s): [4001 us, 14001 us].
        EXPECT_NEAR(*event->getNumber("ts"), 4001.0, 1e-6);
        EXPECT_NEAR(*event->getNumber("dur"), 10000.0, 1e-6);
        EXPECT_EQ(event->getInteger("pid"), 2);
      }
      if (category == "transfer") {
        EXPECT_EQ(event->getInteger("pid"), 4); // link "slow": 3 devices + 1
      }
    } else if (phase == "C") {
      power += name == "power";
      memory += llvm::StringRef(name).starts_with("memory ");
    }
  }
  EXPECT_EQ(processes,
            (std::vector<std::string>{"device cpu", "device npu", "device gpu",
                                      "link slow", "link fast"}));
  EXPECT_EQ(launches, 2);
  EXPECT_EQ(switches, 1);
  EXPECT_EQ(hops, 1);
  EXPECT_EQ(conversions, 2);
  EXPECT_GT(power, 3);
  EXPECT_GT(memory, 3);
}

} // namespace
