//===- CAPITest.cpp - Tests of the runtime's C ABI ------------------------===//
//
// Part of the ap project: an adaptive-precision compiler built on MLIR.
//
//===----------------------------------------------------------------------===//
//
// Drives the runtime through ap_runtime.h only, as a JIT driver and compiled
// code do. Target: one host "cpu" (1 W idle) and one accelerator "npu"
// (2 W idle) joined by a link of 1 ms latency and 1e6 B/s.
//
//===----------------------------------------------------------------------===//

#include "ap_runtime.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/MemoryBuffer.h"

#include "gtest/gtest.h"

#include <cmath>
#include <cstring>
#include <map>
#include <string>
#include <thread>

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
     "ops_per_cycle": {"f32": 1}, "energy_per_op": {"f32": 1e-6},
     "launch_overhead": 0, "switch_latency": 0, "idle_power": 2,
     "memories": [{"name": "dram", "capacity": 1000000, "bandwidth": 1e9,
                   "energy_per_byte": 0}]}
  ],
  "links": [
    {"name": "link", "from": "cpu", "to": "npu", "bidirectional": true,
     "latency": 0.001, "bandwidth": 1e6, "energy_per_byte": 0,
     "converts": true}
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
  ap_rt_context *context = nullptr;
};

TEST(RuntimeCAPI, CreateReportsTargetErrors) {
  const char *text = R"({"format": "ap-target", "version": 1})";
  char *error = nullptr;
  ap_rt_context *context =
      ap_rt_create(text, std::strlen(text), "bad.json", &error);
  EXPECT_EQ(context, nullptr);
  ASSERT_NE(error, nullptr);
  EXPECT_NE(std::string(error).find("bad.json"), std::string::npos) << error;
  ap_rt_free_string(error);
  // Without an error pointer, failure is only the null result.
  EXPECT_EQ(ap_rt_create(text, std::strlen(text), nullptr, nullptr), nullptr);
}

TEST(RuntimeCAPI, ForEachSymbol) {
  std::map<std::string, void *> symbols;
  ap_rt_for_each_symbol(
      [](const char *name, void *address, void *user) {
        (*static_cast<std::map<std::string, void *> *>(user))[name] = address;
      },
      &symbols);
  EXPECT_EQ(symbols.size(), 33u);
  EXPECT_EQ(symbols["ap_rt_launch"], reinterpret_cast<void *>(&ap_rt_launch));
  EXPECT_EQ(symbols["ap_rt_transfer"],
            reinterpret_cast<void *>(&ap_rt_transfer));
  for (const char *name :
       {"ap_rt_define", "ap_rt_release", "ap_rt_switch", "ap_rt_wait",
        "ap_rt_probe", "ap_rt_create", "ap_rt_observe",
        "ap_rt_set_calibration_pass", "ap_rt_clear_calibration",
        "ap_rt_write_profile", "ap_rt_set_storage"})
    EXPECT_TRUE(symbols.count(name)) << name;
}

TEST(RuntimeCAPI, CurrentContextIsPerThread) {
  CurrentContext current;
  EXPECT_EQ(ap_rt_get_current(), current.context);
  ap_rt_context *seen = current.context;
  std::thread([&] { seen = ap_rt_get_current(); }).join();
  EXPECT_EQ(seen, nullptr);
  ap_rt_set_current(nullptr);
  EXPECT_EQ(ap_rt_get_current(), nullptr);
}

TEST(RuntimeCAPI, RunAndWriteStats) {
  CurrentContext current;
  // 1000 f32 values cpu -> npu as f16 (the link converts): 2000 bytes,
  // 1e-3 + 2000 / 1e6 = 3e-3 s.
  std::vector<float> input(1000, 1.0f / 3.0f), output(1000);
  ap_rt_define(1, 0, -1, AP_RT_FORMAT_F32, 4000);
  ap_rt_transfer_info move = {"move",
                              1,
                              2,
                              0,
                              -1,
                              1,
                              -1,
                              -1,
                              AP_RT_FORMAT_F32,
                              AP_RT_FORMAT_F16,
                              AP_RT_FORMAT_F32,
                              1000};
  ap_rt_transfer(&move, input.data(), output.data());
  // 1/3 rounded to f16 (0x3555 = 0.333251953125) and back.
  EXPECT_EQ(output[0], 0.333251953125f);
  int64_t reads[] = {2}, writes[] = {3}, writeBytes[] = {4000};
  int32_t writeFormats[] = {AP_RT_FORMAT_F32};
  ap_rt_launch_info kernel = {};
  kernel.name = "main#0";
  kernel.device = 1;
  kernel.memory = -1;
  kernel.precision = kernel.accumulator = AP_RT_FORMAT_F32;
  kernel.time = 0.007;
  kernel.dynamic_energy = 0.001;
  kernel.num_reads = kernel.num_writes = 1;
  kernel.reads = reads;
  kernel.writes = writes;
  kernel.write_bytes = writeBytes;
  kernel.write_formats = writeFormats;
  ap_rt_launch(&kernel);
  ap_rt_wait(-1);
  ap_rt_release(1);
  ASSERT_EQ(ap_rt_error(current.context), nullptr)
      << ap_rt_error(current.context);
  // [3e-3, 10e-3] on the npu; energy 0.001 + (1 + 2) W * 0.01 s.
  EXPECT_NEAR(ap_rt_makespan(current.context), 0.01, 1e-15);
  EXPECT_NEAR(ap_rt_energy(current.context), 0.031, 1e-15);

  llvm::SmallString<128> path;
  ASSERT_FALSE(
      llvm::sys::fs::createTemporaryFile("ap-run-stats", "json", path));
  char *error = nullptr;
  ASSERT_EQ(ap_rt_write_stats(current.context, path.c_str(), &error), 0)
      << error;
  auto file = llvm::MemoryBuffer::getFile(path);
  ASSERT_TRUE(static_cast<bool>(file));
  llvm::Expected<llvm::json::Value> stats =
      llvm::json::parse((*file)->getBuffer());
  ASSERT_TRUE(static_cast<bool>(stats)) << llvm::toString(stats.takeError());
  EXPECT_EQ(stats->getAsObject()->getString("format"), "ap-run-stats");
  // The host cost counts the five event calls above; the conversion of the
  // transfer's data is part of their time.
  const llvm::json::Object *host = stats->getAsObject()->getObject("host");
  ASSERT_NE(host, nullptr);
  EXPECT_EQ(host->getInteger("events"), 5);
  std::optional<double> bookkeeping = host->getNumber("bookkeeping_time");
  std::optional<double> data = host->getNumber("data_time");
  ASSERT_TRUE(bookkeeping && data);
  EXPECT_GT(*data, 0.0);
  EXPECT_GE(*bookkeeping, 0.0);
  llvm::sys::fs::remove(path);

  char *trace = ap_rt_trace_json(current.context);
  ASSERT_NE(trace, nullptr);
  llvm::Expected<llvm::json::Value> parsedTrace = llvm::json::parse(trace);
  EXPECT_TRUE(static_cast<bool>(parsedTrace))
      << llvm::toString(parsedTrace.takeError());
  ap_rt_free_string(trace);

  // An unwritable path fails with a message and writes nothing.
  EXPECT_NE(
      ap_rt_write_stats(current.context, "/nonexistent-dir/stats.json", &error),
      0);
  ASSERT_NE(error, nullptr);
  EXPECT_NE(std::string(error).find("cannot write '/nonexistent-dir/"),
            std::string::npos)
      << error;
  ap_rt_free_string(error);
}

TEST(RuntimeCAPI, ErrorsStopTheRun) {
  CurrentContext current;
  ap_rt_define(1, 0, 5, AP_RT_FORMAT_F32, 4);
  const char *error = ap_rt_error(current.context);
  ASSERT_NE(error, nullptr);
  EXPECT_STREQ(error, "ap_rt_define of buffer 1: memory index 5 is out of "
                      "range; device 'cpu' has 1 memory tiers (-1 names the "
                      "last one)");
  ap_rt_switch(9, AP_RT_FORMAT_F32);
  EXPECT_STREQ(ap_rt_error(current.context), error);
  // The stats carry the error.
  char *stats = ap_rt_stats_json(current.context);
  llvm::Expected<llvm::json::Value> parsed = llvm::json::parse(stats);
  ap_rt_free_string(stats);
  ASSERT_TRUE(static_cast<bool>(parsed));
  EXPECT_EQ(parsed->getAsObject()->getString("error"), llvm::StringRef(error));
  ap_rt_reset(current.context);
  EXPECT_EQ(ap_rt_error(current.context), nullptr);
}

} // namespace
