//===- CAPI.cpp - The C ABI of the ap runtime -----------------------------===//
//
// Part of the ap project: an adaptive-precision compiler built on MLIR.
//
//===----------------------------------------------------------------------===//
//
// The extern "C" functions of ap_runtime.h over ap::rt::Simulator. Compiled
// code calls the event functions without a context argument: they go to the
// calling thread's current context.
//
//===----------------------------------------------------------------------===//

#include "ap_runtime.h"

#include "ap/Runtime/Calibration.h"
#include "ap/Runtime/Context.h"
#include "ap/Runtime/Simulator.h"
#include "ap/Runtime/Stats.h"
#include "ap/Runtime/Trace.h"

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>

using namespace ap::rt;

struct ap_rt_context {
  std::unique_ptr<Simulator> simulator;
};

ap_rt_context *ap::rt::createContext(std::unique_ptr<Simulator> simulator) {
  auto *context = new ap_rt_context;
  context->simulator = std::move(simulator);
  return context;
}

Simulator &ap::rt::getSimulator(ap_rt_context *context) {
  return *context->simulator;
}

/// The calling thread's current context.
static thread_local ap_rt_context *currentContext = nullptr;

/// A malloc'ed copy of `text`, for the caller to free with
/// ap_rt_free_string.
static char *copyString(llvm::StringRef text) {
  char *copy = static_cast<char *>(std::malloc(text.size() + 1));
  if (!copy)
    return nullptr;
  std::memcpy(copy, text.data(), text.size());
  copy[text.size()] = '\0';
  return copy;
}

/// Stores a copy of `message` in `*error` when `error` is not null.
static void setError(char **error, llvm::StringRef message) {
  if (error)
    *error = copyString(message);
}

/// The simulator of the current context; reports (once per thread) and
/// returns null when there is none, so that the event is ignored.
static Simulator *getCurrent(const char *function) {
  if (currentContext)
    return currentContext->simulator.get();
  static thread_local bool reported = false;
  if (!reported) {
    std::fprintf(stderr,
                 "ap_runtime: %s called with no current context (call "
                 "ap_rt_set_current first); runtime events of this thread "
                 "are ignored\n",
                 function);
    reported = true;
  }
  return nullptr;
}

namespace {
/// Charges the host time of one event function to its simulator.
class EventTimer {
public:
  explicit EventTimer(Simulator *simulator)
      : simulator(simulator), start(std::chrono::steady_clock::now()) {}
  ~EventTimer() {
    if (simulator)
      simulator->addEventTime(std::chrono::duration<double>(
                                  std::chrono::steady_clock::now() - start)
                                  .count());
  }

private:
  Simulator *simulator;
  std::chrono::steady_clock::time_point start;
};
} // namespace

extern "C" {

ap_rt_context *ap_rt_create(const char *target_json, size_t length,
                            const char *file_name, char **error) {
  if (error)
    *error = nullptr;
  if (!target_json) {
    setError(error, "ap_rt_create: the target description is null");
    return nullptr;
  }
  llvm::Expected<std::unique_ptr<Simulator>> simulator = Simulator::create(
      llvm::StringRef(target_json, length), file_name ? file_name : "<target>");
  if (!simulator) {
    setError(error, llvm::toString(simulator.takeError()));
    return nullptr;
  }
  auto *context = new ap_rt_context;
  context->simulator = std::move(*simulator);
  return context;
}

void ap_rt_destroy(ap_rt_context *context) {
  if (currentContext == context)
    currentContext = nullptr;
  delete context;
}

void ap_rt_set_current(ap_rt_context *context) { currentContext = context; }

ap_rt_context *ap_rt_get_current(void) { return currentContext; }

void ap_rt_reset(ap_rt_context *context) {
  if (context)
    context->simulator->reset();
}

const char *ap_rt_error(ap_rt_context *context) {
  if (!context)
    return "ap_rt_error: the context is null";
  const std::optional<std::string> &error = context->simulator->getError();
  return error ? error->c_str() : nullptr;
}

/// Writes `value` as JSON to `path` for ap_rt_write_stats and
/// ap_rt_write_trace.
static int writeJSON(const char *function, const char *path,
                     const llvm::json::Value &value, char **error) {
  if (error)
    *error = nullptr;
  if (!path) {
    setError(error, std::string(function) + ": the path is null");
    return 1;
  }
  if (llvm::Error status = writeFile(path, formatJSON(value))) {
    setError(error, std::string(function) + ": cannot write '" + path +
                        "': " + llvm::toString(std::move(status)));
    return 1;
  }
  return 0;
}

int ap_rt_write_stats(ap_rt_context *context, const char *path, char **error) {
  if (!context) {
    setError(error, "ap_rt_write_stats: the context is null");
    return 1;
  }
  context->simulator->finish();
  return writeJSON("ap_rt_write_stats", path, buildStats(*context->simulator),
                   error);
}

int ap_rt_write_trace(ap_rt_context *context, const char *path, char **error) {
  if (!context) {
    setError(error, "ap_rt_write_trace: the context is null");
    return 1;
  }
  context->simulator->finish();
  return writeJSON("ap_rt_write_trace", path, buildTrace(*context->simulator),
                   error);
}

char *ap_rt_stats_json(ap_rt_context *context) {
  if (!context)
    return nullptr;
  context->simulator->finish();
  return copyString(formatJSON(buildStats(*context->simulator)));
}

char *ap_rt_trace_json(ap_rt_context *context) {
  if (!context)
    return nullptr;
  context->simulator->finish();
  return copyString(formatJSON(buildTrace(*context->simulator)));
}

double ap_rt_makespan(ap_rt_context *context) {
  if (!context)
    return 0;
  context->simulator->finish();
  return context->simulator->getMakespan();
}

double ap_rt_energy(ap_rt_context *context) {
  if (!context)
    return 0;
  context->simulator->finish();
  return context->simulator->getEnergy().getTotal();
}

int ap_rt_set_calibration_pass(ap_rt_context *context, int pass) {
  if (!context)
    return 1;
  if (llvm::Error error = context->simulator->getCalibration().setPass(pass)) {
    llvm::consumeError(std::move(error));
    return 1;
  }
  return 0;
}

void ap_rt_clear_calibration(ap_rt_context *context) {
  if (context)
    context->simulator->getCalibration().clear();
}

int ap_rt_write_profile(ap_rt_context *context, const char *path,
                        const char *granularity, int64_t batches,
                        char **error) {
  if (error)
    *error = nullptr;
  if (!context) {
    setError(error, "ap_rt_write_profile: the context is null");
    return 1;
  }
  if (!path) {
    setError(error, "ap_rt_write_profile: the path is null");
    return 1;
  }
  context->simulator->finish();
  llvm::Expected<mlir::ap::Profile> profile = buildProfile(
      *context->simulator, granularity ? granularity : "", batches);
  llvm::Error status =
      profile ? mlir::ap::writeProfile(*profile, path) : profile.takeError();
  if (status) {
    setError(error,
             "ap_rt_write_profile: " + llvm::toString(std::move(status)));
    return 1;
  }
  return 0;
}

void ap_rt_free_string(char *string) { std::free(string); }

void ap_rt_define(int64_t buffer, int32_t device, int32_t memory,
                  int32_t format, int64_t bytes) {
  Simulator *simulator = getCurrent("ap_rt_define");
  EventTimer timer(simulator);
  if (simulator)
    simulator->define(buffer, device, memory, format, bytes);
}

void ap_rt_launch(const ap_rt_launch_info *info) {
  Simulator *simulator = getCurrent("ap_rt_launch");
  EventTimer timer(simulator);
  if (!simulator || !info)
    return;
  simulator->launch(*info);
}

void ap_rt_transfer(const ap_rt_transfer_info *info, const void *source,
                    void *destination) {
  Simulator *simulator = getCurrent("ap_rt_transfer");
  EventTimer timer(simulator);
  if (!simulator || !info)
    return;
  simulator->transfer(*info, source, destination);
}

void ap_rt_release(int64_t buffer) {
  Simulator *simulator = getCurrent("ap_rt_release");
  EventTimer timer(simulator);
  if (simulator)
    simulator->release(buffer);
}

void ap_rt_switch(int32_t device, int32_t precision) {
  Simulator *simulator = getCurrent("ap_rt_switch");
  EventTimer timer(simulator);
  if (simulator)
    simulator->switchPrecision(device, precision);
}

void ap_rt_wait(int32_t device) {
  Simulator *simulator = getCurrent("ap_rt_wait");
  EventTimer timer(simulator);
  if (simulator)
    simulator->wait(device);
}

void ap_rt_probe(const ap_rt_probe_info *info, const void *data,
                 const void *reference) {
  Simulator *simulator = getCurrent("ap_rt_probe");
  EventTimer timer(simulator);
  if (!simulator || !info)
    return;
  simulator->probe(*info, data, reference);
}

void ap_rt_observe(const ap_rt_observe_info *info, const void *data) {
  Simulator *simulator = getCurrent("ap_rt_observe");
  // Calibration off: a call and a test, not even counted as an event.
  if (!simulator || !info || !simulator->getCalibration().isOn())
    return;
  EventTimer timer(simulator);
  simulator->observe(*info, data);
}

int32_t ap_rt_select(const ap_rt_select_info *info) {
  Simulator *simulator = getCurrent("ap_rt_select");
  EventTimer timer(simulator);
  if (!simulator || !info)
    return info && info->default_variant >= 0 ? info->default_variant : 0;
  return simulator->select(*info);
}

int ap_rt_set_policy(ap_rt_context *context, int policy) {
  if (!context || policy < static_cast<int>(PolicyKind::Static) ||
      policy > static_cast<int>(PolicyKind::Budget))
    return 1;
  context->simulator->getPrecisionManager().setPolicy(
      static_cast<PolicyKind>(policy));
  return 0;
}

int ap_rt_set_policy_option(ap_rt_context *context, const char *name,
                            double value, char **error) {
  if (error)
    *error = nullptr;
  if (!context || !name) {
    setError(error, "ap_rt_set_policy_option: null context or name");
    return 1;
  }
  if (llvm::Error failure =
          context->simulator->getPrecisionManager().getOptions().set(name,
                                                                     value)) {
    setError(error, llvm::toString(std::move(failure)));
    return 1;
  }
  return 0;
}

void ap_rt_set_policy_hook(ap_rt_context *context, ap_rt_policy_hook hook,
                           void *user) {
  if (context)
    context->simulator->getPrecisionManager().setHook(hook, user);
}

int ap_rt_load_scenario(ap_rt_context *context, const char *json, size_t length,
                        const char *file_name, char **error) {
  if (error)
    *error = nullptr;
  if (!context || !json) {
    setError(error, "ap_rt_load_scenario: null context or scenario text");
    return 1;
  }
  Simulator &simulator = *context->simulator;
  llvm::Expected<Scenario> scenario = parseScenario(
      llvm::StringRef(json, length), file_name ? file_name : "<scenario>",
      simulator.getTarget());
  if (!scenario) {
    setError(error, llvm::toString(scenario.takeError()));
    return 1;
  }
  simulator.setScenario(std::move(*scenario));
  return 0;
}

int ap_rt_set_storage(ap_rt_context *context,
                      const ap_rt_storage_options *options, char **error) {
  if (error)
    *error = nullptr;
  if (!context) {
    setError(error, "ap_rt_set_storage: null context");
    return 1;
  }
  std::optional<StorageOptions> storage;
  if (options) {
    auto fail = [&](const llvm::Twine &message) {
      setError(error, ("ap_rt_set_storage: " + message).str());
      return 1;
    };
    if (options->granularity != AP_RT_STORAGE_TENSOR &&
        options->granularity != AP_RT_STORAGE_CHANNEL)
      return fail("unknown granularity " + llvm::Twine(options->granularity));
    if (options->num_formats < 1 || !options->formats)
      return fail("no candidate format");
    if (options->window < 1 || options->history < 1)
      return fail("the window and the history must hold at least 1 batch");
    StorageOptions &parsed = storage.emplace();
    parsed.window = options->window;
    parsed.historyCapacity = options->history;
    parsed.granularity = options->granularity == AP_RT_STORAGE_CHANNEL
                             ? StorageGranularity::Channel
                             : StorageGranularity::Tensor;
    parsed.minSqnr = options->min_sqnr;
    parsed.candidates.clear();
    for (int32_t i = 0; i < options->num_formats; ++i) {
      std::optional<Format> format = getFormat(options->formats[i]);
      if (!format || *format == Format::Opaque)
        return fail("candidate " + llvm::Twine(i) + " (" +
                    llvm::Twine(options->formats[i]) +
                    ") is not a number format");
      parsed.candidates.push_back(*format);
    }
  }
  if (llvm::Error failure =
          context->simulator->setStorage(std::move(storage))) {
    setError(error, "ap_rt_set_storage: " + llvm::toString(std::move(failure)));
    return 1;
  }
  return 0;
}

void ap_rt_begin_inference(ap_rt_context *context, int64_t index,
                           double arrival) {
  if (context)
    context->simulator->beginInference(index, arrival);
}

void ap_rt_end_inference(ap_rt_context *context) {
  if (context)
    context->simulator->endInference();
}

void ap_rt_for_each_symbol(void (*fn)(const char *name, void *address,
                                      void *user),
                           void *user) {
  if (!fn)
    return;
#define AP_RT_SYMBOL(name) fn(#name, reinterpret_cast<void *>(&name), user)
  AP_RT_SYMBOL(ap_rt_create);
  AP_RT_SYMBOL(ap_rt_destroy);
  AP_RT_SYMBOL(ap_rt_set_current);
  AP_RT_SYMBOL(ap_rt_get_current);
  AP_RT_SYMBOL(ap_rt_reset);
  AP_RT_SYMBOL(ap_rt_error);
  AP_RT_SYMBOL(ap_rt_write_stats);
  AP_RT_SYMBOL(ap_rt_write_trace);
  AP_RT_SYMBOL(ap_rt_stats_json);
  AP_RT_SYMBOL(ap_rt_trace_json);
  AP_RT_SYMBOL(ap_rt_makespan);
  AP_RT_SYMBOL(ap_rt_energy);
  AP_RT_SYMBOL(ap_rt_set_calibration_pass);
  AP_RT_SYMBOL(ap_rt_clear_calibration);
  AP_RT_SYMBOL(ap_rt_write_profile);
  AP_RT_SYMBOL(ap_rt_free_string);
  AP_RT_SYMBOL(ap_rt_for_each_symbol);
  AP_RT_SYMBOL(ap_rt_define);
  AP_RT_SYMBOL(ap_rt_launch);
  AP_RT_SYMBOL(ap_rt_transfer);
  AP_RT_SYMBOL(ap_rt_release);
  AP_RT_SYMBOL(ap_rt_switch);
  AP_RT_SYMBOL(ap_rt_wait);
  AP_RT_SYMBOL(ap_rt_probe);
  AP_RT_SYMBOL(ap_rt_observe);
  AP_RT_SYMBOL(ap_rt_select);
  AP_RT_SYMBOL(ap_rt_set_policy);
  AP_RT_SYMBOL(ap_rt_set_policy_option);
  AP_RT_SYMBOL(ap_rt_set_policy_hook);
  AP_RT_SYMBOL(ap_rt_load_scenario);
  AP_RT_SYMBOL(ap_rt_set_storage);
  AP_RT_SYMBOL(ap_rt_begin_inference);
  AP_RT_SYMBOL(ap_rt_end_inference);
#undef AP_RT_SYMBOL
}

} // extern "C"
