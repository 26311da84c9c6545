//===- ObserveTest.cpp - Calibration statistics in the runtime ------------===//
//
// Part of the ap project: an adaptive-precision compiler built on MLIR.
//
//===----------------------------------------------------------------------===//
//
// ap_rt_observe and the calibration passes, through the C ABI as compiled
// code and drivers call it: the statistics of known data in both passes and
// every format, what passes allow, errors, and the profile written. Target:
// a host "cpu" and an accelerator "npu", as in CAPITest.cpp.
//
//===----------------------------------------------------------------------===//

#include "ap_runtime.h"

#include "ap/Calibration/Profile.h"
#include "ap/Runtime/Context.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"

#include "gtest/gtest.h"

#include <cmath>
#include <cstring>
#include <limits>
#include <string>
#include <vector>

namespace {

constexpr const char *kTarget = R"({
  "format": "ap-target", "version": 1,
  "host": "cpu", "default": "npu",
  "devices": [
    {"name": "cpu", "kind": "host", "clock": 1e9, "units": 1,
     "ops_per_cycle": {"f32": 1}, "energy_per_op": {"f32": 1e-9},
     "launch_overhead": 0, "switch_latency": 0, "idle_power": 1,
     "memories": [{"name": "dram", "capacity": 1000000, "bandwidth": 1e9,
                   "energy_per_byte": 0}]},
    {"name": "npu", "kind": "accelerator", "clock": 1e6, "units": 1,
     "ops_per_cycle": {"f32": 1, "i8": 4}, "energy_per_op": {"f32": 1e-6,
                                                             "i8": 1e-7},
     "launch_overhead": 0, "switch_latency": 0, "idle_power": 2,
     "memories": [{"name": "dram", "capacity": 1000000, "bandwidth": 1e9,
                   "energy_per_byte": 0}]}
  ],
  "links": [
    {"name": "link", "from": "cpu", "to": "npu", "bidirectional": true,
     "latency": 0.001, "bandwidth": 1e6, "energy_per_byte": 0}
  ]
})";

/// A context for kTarget, made current.
struct CurrentContext {
  CurrentContext() {
    char *error = nullptr;
    context = ap_rt_create(kTarget, std::strlen(kTarget), "test.json", &error);
    EXPECT_NE(context, nullptr) << (error ? error : "");
    ap_rt_free_string(error);
    ap_rt_set_current(context);
  }
  ~CurrentContext() { ap_rt_destroy(context); }

  const ap::rt::Calibration &getCalibration() const {
    return ap::rt::getSimulator(context).getCalibration();
  }
  const mlir::ap::ValueStatistics *lookup(const char *id) const {
    return getCalibration().lookup(id);
  }

  ap_rt_context *context = nullptr;
};

/// Observes `values` (f32) as `id` on the npu.
void observe(const char *id, const std::vector<float> &values) {
  ap_rt_observe_info info = {id, 1, AP_RT_FORMAT_F32,
                             static_cast<int64_t>(values.size())};
  ap_rt_observe(&info, values.data());
}

/// A directory removed with its files at the end of the test.
struct TemporaryDirectory {
  TemporaryDirectory() {
    EXPECT_FALSE(llvm::sys::fs::createUniqueDirectory("ap-observe", path));
  }
  ~TemporaryDirectory() { llvm::sys::fs::remove_directories(path); }
  std::string file(llvm::StringRef name) const {
    llvm::SmallString<128> result(path);
    llvm::sys::path::append(result, name);
    return result.str().str();
  }
  llvm::SmallString<128> path;
};

TEST(RuntimeObserve, TwoPassesOfKnownData) {
  CurrentContext current;
  std::vector<float> first = {-1, 0, 1, 2}, second = {3, 4, 5, 6};
  ASSERT_EQ(ap_rt_set_calibration_pass(current.context, 1), 0);
  observe("x", first);
  observe("x", second);
  // The values -1, 0, ..., 6: mean 2.5, population variance of 8
  // consecutive integers (8^2 - 1) / 12 = 5.25.
  const mlir::ap::ValueStatistics *x = current.lookup("x");
  ASSERT_NE(x, nullptr);
  EXPECT_EQ(x->getCount(), 8u);
  EXPECT_EQ(x->getMin(), -1);
  EXPECT_EQ(x->getMax(), 6);
  EXPECT_EQ(x->getMean(), 2.5);
  EXPECT_EQ(x->getVariance(), 5.25);
  EXPECT_FALSE(x->hasHistogram());

  ASSERT_EQ(ap_rt_set_calibration_pass(current.context, 2), 0);
  ASSERT_TRUE(x->hasHistogram());
  observe("x", first);
  observe("x", second);
  EXPECT_EQ(ap_rt_error(current.context), nullptr);
  // 2048 bins over [-1, 6]: value v in bin floor((v + 1) / 7 * 2048), the
  // maximum in the last: 0, 292, 585, 877, 1170, 1462, 1755, 2047.
  const mlir::ap::Histogram &histogram = x->getHistogram();
  EXPECT_EQ(histogram.getMin(), -1);
  EXPECT_EQ(histogram.getMax(), 6);
  ASSERT_EQ(histogram.getNumBins(), 2048u);
  std::vector<uint64_t> expected(2048, 0);
  for (unsigned bin : {0, 292, 585, 877, 1170, 1462, 1755, 2047})
    expected[bin] = 1;
  EXPECT_EQ(histogram.getCounts(), llvm::ArrayRef<uint64_t>(expected));
  // The moments are those of pass 1.
  EXPECT_EQ(x->getCount(), 8u);
  EXPECT_EQ(x->getVariance(), 5.25);
}

TEST(RuntimeObserve, FormatsConvertExactly) {
  CurrentContext current;
  ASSERT_EQ(ap_rt_set_calibration_pass(current.context, 1), 0);
  // f16: 1.5 (0x3E00), -2 (0xC000), +inf and NaN (skipped).
  uint16_t half[] = {0x3E00, 0xC000, 0x7C00, 0x7E00};
  ap_rt_observe_info info = {"half", 1, AP_RT_FORMAT_F16, 4};
  ap_rt_observe(&info, half);
  // bf16: 1.5 (0x3FC0) and 2^-133, the smallest subnormal (0x0001).
  uint16_t brain[] = {0x3FC0, 0x0001};
  info = {"bf16", 1, AP_RT_FORMAT_BF16, 2};
  ap_rt_observe(&info, brain);
  // f8E4M3FN: 1.0 (0x38), -448 (0xFE, the largest magnitude), NaN (0x7F).
  uint8_t fp8[] = {0x38, 0xFE, 0x7F};
  info = {"fp8", 1, AP_RT_FORMAT_F8E4M3FN, 3};
  ap_rt_observe(&info, fp8);
  // f8E5M2: 0.5 (0x38), -inf (0xFC, skipped).
  uint8_t e5m2[] = {0x38, 0xFC};
  info = {"e5m2", 1, AP_RT_FORMAT_F8E5M2, 2};
  ap_rt_observe(&info, e5m2);
  // Integers: i8 extremes, i32 beyond f32's exact integers.
  int8_t bytes[] = {-128, 127};
  info = {"i8", 1, AP_RT_FORMAT_I8, 2};
  ap_rt_observe(&info, bytes);
  int32_t words[] = {16777217, -3};
  info = {"i32", 0, AP_RT_FORMAT_I32, 2};
  ap_rt_observe(&info, words);
  // f32 infinities and NaN are skipped too.
  observe("f32", {std::numeric_limits<float>::infinity(), 0.25f,
                  std::numeric_limits<float>::quiet_NaN()});
  ASSERT_EQ(ap_rt_error(current.context), nullptr);

  auto check = [&](const char *id, uint64_t count, double min, double max,
                   double mean) {
    const mlir::ap::ValueStatistics *value = current.lookup(id);
    ASSERT_NE(value, nullptr) << id;
    EXPECT_EQ(value->getCount(), count) << id;
    EXPECT_EQ(value->getMin(), min) << id;
    EXPECT_EQ(value->getMax(), max) << id;
    EXPECT_EQ(value->getMean(), mean) << id;
  };
  check("half", 2, -2, 1.5, -0.25);
  check("bf16", 2, std::ldexp(1.0, -133), 1.5,
        (1.5 + std::ldexp(1.0, -133)) / 2);
  check("fp8", 2, -448, 1, -223.5);
  check("e5m2", 1, 0.5, 0.5, 0.5);
  check("i8", 2, -128, 127, -0.5);
  check("i32", 2, -3, 16777217, 8388607);
  check("f32", 1, 0.25, 0.25, 0.25);
  // In the order first observed.
  std::vector<std::string> ids;
  for (const mlir::ap::ValueStatistics &value :
       current.getCalibration().getValues())
    ids.push_back(value.getId().str());
  EXPECT_EQ(ids, (std::vector<std::string>{"half", "bf16", "fp8", "e5m2", "i8",
                                           "i32", "f32"}));
}

TEST(RuntimeObserve, OffByDefaultAndCheap) {
  CurrentContext current;
  // Off: nothing is recorded, not even an event.
  observe("x", {1, 2, 3});
  EXPECT_TRUE(current.getCalibration().getValues().empty());
  const ap::rt::Simulator &simulator = ap::rt::getSimulator(current.context);
  EXPECT_EQ(simulator.getHostCost().events, 0u);
  // Even an invalid observation is not looked at.
  ap_rt_observe_info invalid = {"x", 7, AP_RT_FORMAT_OPAQUE, 3};
  ap_rt_observe(&invalid, nullptr);
  EXPECT_EQ(ap_rt_error(current.context), nullptr);

  // On: each observation is an event, and its statistics count as data time.
  ASSERT_EQ(ap_rt_set_calibration_pass(current.context, 1), 0);
  std::vector<float> many(100000, 0.5f);
  observe("x", many);
  observe("x", many);
  EXPECT_EQ(simulator.getHostCost().events, 2u);
  EXPECT_GT(simulator.getHostCost().data, 0.0);
  EXPECT_LE(simulator.getHostCost().data, simulator.getHostCost().total);
  // Observations take no simulated time.
  EXPECT_EQ(ap_rt_makespan(current.context), 0.0);
}

TEST(RuntimeObserve, Passes) {
  CurrentContext current;
  EXPECT_NE(ap_rt_set_calibration_pass(nullptr, 1), 0);
  EXPECT_NE(ap_rt_set_calibration_pass(current.context, 3), 0);
  EXPECT_NE(ap_rt_set_calibration_pass(current.context, -1), 0);
  EXPECT_EQ(current.getCalibration().getPass(), ap::rt::CalibrationPass::Off);

  ASSERT_EQ(ap_rt_set_calibration_pass(current.context, 1), 0);
  observe("x", {1, 2});
  // Off and on again: pass 1 continues.
  ASSERT_EQ(ap_rt_set_calibration_pass(current.context, 0), 0);
  observe("x", {100});
  ASSERT_EQ(ap_rt_set_calibration_pass(current.context, 1), 0);
  observe("x", {3});
  EXPECT_EQ(current.lookup("x")->getCount(), 3u);

  // A reset starts a new simulated run and keeps the statistics.
  ap_rt_reset(current.context);
  EXPECT_EQ(current.lookup("x")->getCount(), 3u);
  EXPECT_EQ(current.getCalibration().getPass(),
            ap::rt::CalibrationPass::Moments);

  ASSERT_EQ(ap_rt_set_calibration_pass(current.context, 2), 0);
  // Back to pass 1 once the histograms started: refused, nothing changes.
  EXPECT_NE(ap_rt_set_calibration_pass(current.context, 1), 0);
  EXPECT_EQ(current.getCalibration().getPass(),
            ap::rt::CalibrationPass::Histogram);
  // Pass 2 again (after off) keeps filling the same histograms.
  observe("x", {1, 2});
  ASSERT_EQ(ap_rt_set_calibration_pass(current.context, 0), 0);
  ASSERT_EQ(ap_rt_set_calibration_pass(current.context, 2), 0);
  observe("x", {3});
  EXPECT_EQ(current.lookup("x")->getHistogram().getTotal(), 3u);

  // Clearing forgets everything: pass 1 is allowed again.
  ap_rt_clear_calibration(current.context);
  EXPECT_TRUE(current.getCalibration().getValues().empty());
  EXPECT_EQ(current.getCalibration().getPass(), ap::rt::CalibrationPass::Off);
  ASSERT_EQ(ap_rt_set_calibration_pass(current.context, 1), 0);
  observe("x", {5});
  EXPECT_EQ(current.lookup("x")->getCount(), 1u);
  EXPECT_EQ(current.lookup("x")->getMin(), 5);
}

TEST(RuntimeObserve, Errors) {
  {
    // Pass 2 sees a value pass 1 did not.
    CurrentContext current;
    ASSERT_EQ(ap_rt_set_calibration_pass(current.context, 2), 0);
    observe("main.matmul0", {1});
    ASSERT_NE(ap_rt_error(current.context), nullptr);
    EXPECT_STREQ(ap_rt_error(current.context),
                 "ap_rt_observe 'main.matmul0': value 'main.matmul0' was not "
                 "observed in calibration pass 1: pass 2 must run the same "
                 "program on the same data");
    EXPECT_EQ(current.lookup("main.matmul0"), nullptr);
  }
  auto errorOf = [](ap_rt_observe_info info, const void *data) {
    CurrentContext current;
    EXPECT_EQ(ap_rt_set_calibration_pass(current.context, 1), 0);
    ap_rt_observe(&info, data);
    const char *error = ap_rt_error(current.context);
    return std::string(error ? error : "no error");
  };
  float value = 1;
  EXPECT_EQ(errorOf({"v", 2, AP_RT_FORMAT_F32, 1}, &value),
            "ap_rt_observe 'v': device index 2 is out of range; the target "
            "has 2 devices (cpu, npu)");
  EXPECT_EQ(errorOf({"v", 0, 12, 1}, &value),
            "ap_rt_observe 'v': 12 is not a format (0-10 are the ap "
            "precisions, 255 is opaque)");
  EXPECT_EQ(errorOf({"v", 0, AP_RT_FORMAT_OPAQUE, 1}, &value),
            "ap_rt_observe 'v': cannot observe values of format 'opaque': "
            "they have no numeric value");
  EXPECT_EQ(errorOf({"v", 0, AP_RT_FORMAT_F32, 1}, nullptr),
            "ap_rt_observe 'v': the observed data pointer is null");
  EXPECT_EQ(errorOf({"v", 0, AP_RT_FORMAT_F32, -1}, &value),
            "ap_rt_observe 'v': the element count -1 is negative");
  EXPECT_EQ(errorOf({nullptr, 0, AP_RT_FORMAT_F32, 1}, &value),
            "ap_rt_observe: the observed value needs a name, its id");
  // No elements: a value with no statistics, not an error.
  EXPECT_EQ(errorOf({"v", 0, AP_RT_FORMAT_F32, 0}, nullptr), "no error");
}

/// Launches the kernel `name` on the npu at `precision` for `time` seconds.
void launch(const char *name, int32_t precision, double time) {
  ap_rt_launch_info kernel = {};
  kernel.name = name;
  kernel.device = 1;
  kernel.memory = -1;
  kernel.precision = precision;
  kernel.accumulator = AP_RT_FORMAT_OPAQUE;
  kernel.time = time;
  ap_rt_launch(&kernel);
}

TEST(RuntimeObserve, WriteProfile) {
  CurrentContext current;
  TemporaryDirectory directory;
  std::string path = directory.file("profile.json");
  std::vector<float> data = {-1, 0, 1, 2, 3, 4, 5, 6};
  ASSERT_EQ(ap_rt_set_calibration_pass(current.context, 1), 0);
  observe("main.arg0", data);
  // Pass 2 over the same data, in two batches, and the kernels of the
  // last pass: main#0 twice at f32 (the mean of 1e-3 and 3e-3 s), main#1
  // once at i8, a kernel without precision and one of no time (left out).
  ap_rt_reset(current.context);
  ASSERT_EQ(ap_rt_set_calibration_pass(current.context, 2), 0);
  observe("main.arg0", {-1, 0, 1, 2});
  launch("main#0", AP_RT_FORMAT_F32, 1e-3);
  launch("main#1", AP_RT_FORMAT_I8, 5e-4);
  launch("copy", AP_RT_FORMAT_OPAQUE, 1e-3);
  launch("empty", AP_RT_FORMAT_F32, 0);
  observe("main.arg0", {3, 4, 5, 6});
  launch("main#0", AP_RT_FORMAT_F32, 3e-3);
  ASSERT_EQ(ap_rt_error(current.context), nullptr);

  char *error = nullptr;
  ASSERT_EQ(
      ap_rt_write_profile(current.context, path.c_str(), "layer", 2, &error), 0)
      << (error ? error : "");
  EXPECT_EQ(error, nullptr);

  // The JSON itself.
  auto buffer = llvm::MemoryBuffer::getFile(path);
  ASSERT_TRUE(static_cast<bool>(buffer));
  llvm::Expected<llvm::json::Value> json =
      llvm::json::parse((*buffer)->getBuffer());
  ASSERT_TRUE(static_cast<bool>(json)) << llvm::toString(json.takeError());
  const llvm::json::Object &root = *json->getAsObject();
  EXPECT_EQ(root.getString("format"), "ap-profile");
  EXPECT_EQ(root.getInteger("version"), 2);
  EXPECT_EQ(root.getInteger("batches"), 2);
  EXPECT_EQ(root.getString("granularity"), "layer");
  const llvm::json::Array &timings = *root.getArray("timings");
  ASSERT_EQ(timings.size(), 2u);
  const llvm::json::Object &first = *timings[0].getAsObject();
  EXPECT_EQ(first.getString("op"), "main#0");
  EXPECT_EQ(first.getString("device"), "npu");
  EXPECT_EQ(first.getString("precision"), "f32");
  EXPECT_EQ(first.getNumber("time"), 2e-3);
  EXPECT_EQ(first.getInteger("count"), 2);
  const llvm::json::Object &second = *timings[1].getAsObject();
  EXPECT_EQ(second.getString("op"), "main#1");
  EXPECT_EQ(second.getString("precision"), "i8");
  EXPECT_EQ(second.getNumber("time"), 5e-4);
  EXPECT_EQ(second.getInteger("count"), 1);
  const llvm::json::Array &values = *root.getArray("values");
  ASSERT_EQ(values.size(), 1u);
  const llvm::json::Object &value = *values[0].getAsObject();
  EXPECT_EQ(value.getString("id"), "main.arg0");
  EXPECT_EQ(value.getInteger("count"), 8);
  EXPECT_EQ(value.getNumber("min"), -1);
  EXPECT_EQ(value.getNumber("max"), 6);
  EXPECT_EQ(value.getNumber("mean"), 2.5);
  EXPECT_EQ(value.getNumber("variance"), 5.25);
  EXPECT_EQ(value.getObject("histogram")->getArray("counts")->size(), 2048u);

  // And read back by the profile reader, exactly.
  llvm::Expected<mlir::ap::Profile> profile = mlir::ap::readProfile(path);
  ASSERT_TRUE(static_cast<bool>(profile))
      << llvm::toString(profile.takeError());
  ASSERT_EQ(profile->values.size(), 1u);
  EXPECT_TRUE(profile->values[0] ==
              *current.getCalibration().lookup("main.arg0"));
  EXPECT_EQ(profile->values[0].getHistogram().getCounts()[877], 1u);
}

TEST(RuntimeObserve, WriteProfileFailures) {
  TemporaryDirectory directory;
  std::string path = directory.file("profile.json");
  auto failure = [&](ap_rt_context *context, const char *granularity,
                     int64_t batches) {
    char *error = nullptr;
    EXPECT_NE(ap_rt_write_profile(context, path.c_str(), granularity, batches,
                                  &error),
              0);
    std::string message = error ? error : "no message";
    ap_rt_free_string(error);
    // Nothing is written.
    EXPECT_FALSE(llvm::sys::fs::exists(path));
    return message;
  };

  EXPECT_EQ(failure(nullptr, "op", 1),
            "ap_rt_write_profile: the context is null");
  CurrentContext current;
  EXPECT_EQ(failure(current.context, "channel", 1),
            "ap_rt_write_profile: granularity 'channel' is not \"op\" or "
            "\"layer\"");
  EXPECT_EQ(failure(current.context, "op", -2),
            "ap_rt_write_profile: the number of batches -2 is negative");

  // Pass 2 saw fewer values than pass 1.
  ASSERT_EQ(ap_rt_set_calibration_pass(current.context, 1), 0);
  observe("x", {1, 2, 3});
  ASSERT_EQ(ap_rt_set_calibration_pass(current.context, 2), 0);
  observe("x", {1, 2});
  EXPECT_EQ(failure(current.context, "op", 1),
            "ap_rt_write_profile: value 'x': calibration pass 2 counted 2 "
            "values, pass 1 3; both passes must run the same data");
  observe("x", {3});

  // A run with an error.
  ap_rt_release(99);
  EXPECT_EQ(failure(current.context, nullptr, 1),
            "ap_rt_write_profile: the simulated run has an error: "
            "ap_rt_release: unknown buffer id 99 (never defined, or already "
            "released)");

  // A directory that does not exist.
  ap_rt_reset(current.context);
  char *error = nullptr;
  std::string missing = directory.file("missing/profile.json");
  EXPECT_NE(
      ap_rt_write_profile(current.context, missing.c_str(), nullptr, 0, &error),
      0);
  ASSERT_NE(error, nullptr);
  EXPECT_EQ(
      llvm::StringRef(error).starts_with(
          "ap_rt_write_profile: cannot write profile '" + missing + "': "),
      true)
      << error;
  ap_rt_free_string(error);

  // Both passes complete again: written, without a granularity.
  ASSERT_EQ(
      ap_rt_write_profile(current.context, path.c_str(), nullptr, 0, nullptr),
      0);
  llvm::Expected<mlir::ap::Profile> profile = mlir::ap::readProfile(path);
  ASSERT_TRUE(static_cast<bool>(profile))
      << llvm::toString(profile.takeError());
  EXPECT_EQ(profile->granularity, "");
  EXPECT_EQ(profile->batches, 0);
  EXPECT_TRUE(profile->timings.empty());
  ASSERT_EQ(profile->values.size(), 1u);
  EXPECT_EQ(profile->values[0].getHistogram().getTotal(), 3u);
}

} // namespace
