//===- Simulator.h - The simulated accelerator ------------------*- C++ -*-===//
//
// Part of the ap project: an adaptive-precision compiler built on MLIR.
//
//===----------------------------------------------------------------------===//
//
// The event-driven simulation behind the C ABI of ap_runtime.h: every device
// and every link has its own timeline, buffers carry descriptors (where they
// live, their format and size, when they are ready and last used), launches
// and transfers are placed on the timelines as their inputs and resources
// allow, and memory occupancy, energy and power are accounted. The rules are
// in docs/runtime.md.
//
// Compiled code cannot handle errors, so an event that is wrong (an unknown
// device or buffer, a buffer read on the wrong device, a tier over its
// capacity) records the first error, and every later event is ignored until
// the next reset.
//
//===----------------------------------------------------------------------===//

#ifndef AP_RUNTIME_SIMULATOR_H
#define AP_RUNTIME_SIMULATOR_H

#include "ap/Runtime/AdaptiveStorage.h"
#include "ap/Runtime/BufferTable.h"
#include "ap/Runtime/Calibration.h"
#include "ap/Runtime/Formats.h"
#include "ap/Runtime/NameTable.h"
#include "ap/Runtime/Occupancy.h"
#include "ap/Runtime/PrecisionManager.h"
#include "ap/Runtime/Scenario.h"
#include "ap_runtime.h"

#include "ap/Analysis/CostModel.h"

#include "mlir/IR/MLIRContext.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/ADT/Twine.h"
#include "llvm/Support/Error.h"

#include <memory>
#include <optional>
#include <string>
#include <tuple>
#include <vector>

namespace ap::rt {

/// Something that occupied a device or a link for an interval of time.
struct Activity {
  enum class Kind {
    /// A kernel (on a device).
    Launch,
    /// A precision switch (on a device).
    Switch,
    /// One hop of a transfer (on a link).
    Transfer,
    /// A conversion before or after a transfer whose link does not convert
    /// (on a device).
    Conversion,
    /// A move between two tiers of one device with no link (on the device).
    Copy,
  };
  Kind kind = Kind::Launch;
  /// The kernel's or the transfer's name in the simulator's NameTable; for a
  /// switch, the name of what it is for (Simulator::getActivityName spells
  /// the whole name).
  unsigned name = 0;
  double start = 0, end = 0;
  /// Joules spent by the activity (not counting idle power).
  double dynamicEnergy = 0;
  /// The precision of a launch, the new precision of a switch, the format
  /// crossing the link of a transfer hop or converted to by a conversion.
  Format format = Format::Opaque;
  /// Bytes moved (transfers, copies) or accessed (launches).
  int64_t bytes = 0;
};

/// The timeline and counters of one device.
struct DeviceState {
  /// When the device finishes its last activity (or the host stops waiting).
  double freeAt = 0;
  /// Seconds of launches, switches, conversions and copies.
  double busyTime = 0;
  double dynamicEnergy = 0;
  uint64_t launches = 0, switches = 0;
  /// The precision the arithmetic units are configured for; unset until the
  /// first launch or switch.
  std::optional<Format> precision;
  std::vector<Activity> activities;
  /// One per memory tier.
  std::vector<TierOccupancy> memories;

  /// Forgets every activity, occupant and counter (keeping the storage).
  void clear();
};

/// The timeline and counters of one link.
struct LinkState {
  double freeAt = 0;
  double busyTime = 0;
  double energy = 0;
  int64_t bytes = 0;
  uint64_t transfers = 0;
  std::vector<Activity> activities;

  /// Forgets every activity and counter (keeping the storage).
  void clear();
};

/// What the simulation itself costs on the host: the wall time spent in the
/// runtime's event functions, not simulated time.
struct HostCost {
  /// Event calls (define, launch, transfer, release, switch, wait, probe,
  /// and observe while calibration is on).
  uint64_t events = 0;
  /// Seconds in the event functions, in all.
  double total = 0;
  /// Of which seconds reading or writing the data itself: the conversion and
  /// copy of transfers, the metrics of probes, the calibration statistics of
  /// observations. The rest is bookkeeping.
  double data = 0;

  double getBookkeeping() const { return total - data; }
};

/// The totals of one kernel (by name, device and precision).
struct OpTotals {
  /// The kernel's name in the simulator's NameTable.
  unsigned name = 0;
  unsigned device = 0;
  Format precision = Format::Opaque;
  uint64_t count = 0;
  double time = 0, energy = 0;
  int64_t bytes = 0;
};

/// The totals of the transfers of one name.
struct TransferTotals {
  /// The name in the simulator's NameTable.
  unsigned name = 0;
  unsigned fromDevice = 0, toDevice = 0;
  uint64_t count = 0;
  /// Moves whose wire format was negotiated (the requested one could not
  /// cross), and the format of the last of them.
  uint64_t negotiated = 0;
  Format negotiatedWire = Format::Opaque;
  double time = 0, energy = 0;
  int64_t bytes = 0;
};

/// The results of the probes of one name.
struct ProbeTotals {
  /// The name in the simulator's NameTable.
  unsigned name = 0;
  int32_t metric = 0;
  uint64_t count = 0;
  double last = 0, min = 0, max = 0, sum = 0;
};

/// What adaptive storage did to the destinations of the transfers of one
/// name.
struct StorageTotals {
  /// The name in the simulator's NameTable (the value's name in the
  /// AdaptiveStorage).
  unsigned name = 0;
  /// Batches stored, in all and per format chosen (indexed by the format's
  /// value; Opaque is never chosen).
  uint64_t count = 0;
  uint64_t byFormat[static_cast<int>(Format::U4) + 1] = {};
  /// Bytes the stored destinations occupy (values and parameters), and
  /// bytes they would at f32.
  int64_t bytes = 0, f32Bytes = 0;
};

/// One inference of a run (ap_rt_begin_inference .. ap_rt_end_inference).
struct InferenceRecord {
  int64_t index = 0;
  /// When it arrived, when the host started it (the arrival, or later when
  /// the host was still busy) and when its last device or link finished.
  double arrival = 0, start = 0, end = 0;
  /// Joules spent by every device and link from its start to its end
  /// (dynamic, plus idle power over its latency).
  double energy = 0;

  double getLatency() const { return end - start; }
};

/// Energy of a run, in joules.
struct EnergyTotals {
  double dynamic = 0, idle = 0;
  double getTotal() const { return dynamic + idle; }
};

/// The simulated accelerator of one target.
class Simulator {
public:
  /// A simulator for the target described by the ap-target JSON `text` read
  /// from `fileName`.
  static llvm::Expected<std::unique_ptr<Simulator>>
  create(llvm::StringRef text, llvm::StringRef fileName);

  /// A simulator for `target`, already built and checked (for a driver that
  /// holds the target as an attribute, e.g. the `ap.target` of the module it
  /// runs). The model holds no MLIR object, so it may come from another
  /// MLIRContext or another copy of the ap libraries.
  static std::unique_ptr<Simulator> create(const mlir::ap::TargetModel &target);

  Simulator(const Simulator &) = delete;
  Simulator &operator=(const Simulator &) = delete;
  ~Simulator();

  //===--------------------------------------------------------------------===//
  // Events (see ap_runtime.h)
  //===--------------------------------------------------------------------===//

  void define(int64_t buffer, int32_t device, int32_t memory, int32_t format,
              int64_t bytes);
  void launch(const ap_rt_launch_info &info);
  void transfer(const ap_rt_transfer_info &info, const void *source,
                void *destination);
  void release(int64_t buffer);
  void switchPrecision(int32_t device, int32_t precision);
  void wait(int32_t device);
  void probe(const ap_rt_probe_info &info, const void *data,
             const void *reference);
  /// Adds the data to the calibration statistics of `info.name` (nothing
  /// when calibration is off). Takes no simulated time.
  void observe(const ap_rt_observe_info &info, const void *data);
  /// Executes a switch point: the variant the precision manager chooses
  /// (the default after an error).
  int32_t select(const ap_rt_select_info &info);

  //===--------------------------------------------------------------------===//
  // Inferences and adaptive precision (see ap_runtime.h)
  //===--------------------------------------------------------------------===//

  void beginInference(int64_t index, double arrival);
  void endInference();
  /// The precision manager: its policy, options and hook persist across
  /// resets; its switch points and decisions are those of the run.
  PrecisionManager &getPrecisionManager() { return manager; }
  const PrecisionManager &getPrecisionManager() const { return manager; }
  /// Injects the run-time events of `scenario` (link slowdowns and power
  /// caps; input shifts are the driver's) into the runs from now on.
  void setScenario(Scenario scenario) { this->scenario = std::move(scenario); }
  const std::optional<Scenario> &getScenario() const { return scenario; }
  /// The power cap in force at `time`: the scenario's latest power_cap event
  /// at or before it, else the policy option.
  double getPowerCap(double time) const;
  /// Turns adaptive intermediate storage on with `options` (nullopt: off;
  /// see docs/adaptive-runtime.md): from then on, the f32 data a transfer
  /// writes is stored at the format AdaptiveStorage chooses for the
  /// transfer's name at the inference in progress, its buffer occupies the
  /// stored bytes, and the destination device encodes it. Persists across
  /// resets (the statistics and histories are per run). Errors (nothing
  /// changed): invalid options.
  llvm::Error setStorage(std::optional<StorageOptions> options);
  /// The storage of the run, if on.
  const AdaptiveStorage *getStorage() const {
    return storage ? &*storage : nullptr;
  }
  /// Per transfer name, what the storage did in this run.
  const std::vector<StorageTotals> &getStorageTotals() const {
    return storageTotals;
  }
  /// The inferences of the run, in order.
  const std::vector<InferenceRecord> &getInferences() const {
    return inferences;
  }

  /// Forgets every event and the error (keeping the storage, for the next
  /// run). The calibration statistics and pass are kept: a calibration pass
  /// runs the dataset as one or more runs.
  void reset();

  /// Checks the end of the run: every buffer not released stays live until
  /// the makespan, which may exceed a tier's capacity (recorded as the
  /// error). Results (stats, trace, makespan, energy) call it first.
  void finish();

  //===--------------------------------------------------------------------===//
  // Results
  //===--------------------------------------------------------------------===//

  /// The first error since the last reset.
  const std::optional<std::string> &getError() const { return error; }

  const mlir::ap::TargetModel &getTarget() const {
    return costModel->getTarget();
  }
  const mlir::ap::CostModel &getCostModel() const { return *costModel; }
  const std::vector<DeviceState> &getDevices() const { return devices; }
  const std::vector<LinkState> &getLinks() const { return links; }
  const std::vector<OpTotals> &getOps() const { return ops; }
  const std::vector<TransferTotals> &getTransfers() const { return transfers; }
  const std::vector<ProbeTotals> &getProbes() const { return probes; }
  /// The calibration statistics and pass (kept across resets).
  const Calibration &getCalibration() const { return calibration; }
  Calibration &getCalibration() { return calibration; }
  /// The host time the events of this run took.
  const HostCost &getHostCost() const { return hostCost; }
  /// Counts one event that took `seconds` of host time (the C ABI's event
  /// functions call this).
  void addEventTime(double seconds) {
    ++hostCost.events;
    hostCost.total += seconds;
  }
  /// The name of `id` (the `name` of activities and totals).
  llvm::StringRef getName(unsigned id) const { return names.get(id); }
  /// The name of `activity` in the trace: its kernel's or transfer's, or for
  /// a switch "switch to i8 for 'main#4'".
  std::string getActivityName(const Activity &activity) const;
  /// The descriptor of the live buffer `id`, or null.
  const BufferState *lookupBuffer(int64_t id) const;

  /// Seconds from 0 to the end of the last activity.
  double getMakespan() const;
  /// Dynamic energy of everything, and idle power of every device over the
  /// makespan.
  EnergyTotals getEnergy() const;
  /// Joules of `device`: its dynamic energy plus its idle power over the
  /// makespan.
  double getDeviceEnergy(unsigned device) const;

private:
  Simulator(std::unique_ptr<mlir::MLIRContext> context,
            std::unique_ptr<mlir::ap::CostModel> costModel);

  /// The call an error message names ("ap_rt_launch 'main#3'", "ap_rt_define
  /// of buffer 2"); spelled only when an error is recorded.
  struct EventName {
    /// The C function.
    llvm::StringRef function;
    /// The kernel, transfer or probe name, quoted after the function.
    const char *name = nullptr;
    /// The buffer defined, for ap_rt_define.
    std::optional<int64_t> buffer;

    std::string str() const;
  };

  /// Records `message` as the error unless there is one already.
  void fail(const llvm::Twine &message);
  /// Records "<event>: <message>" as the error unless there is one already.
  void fail(const EventName &event, const llvm::Twine &message);
  /// A diagnostic for the cost model, captured into `diagnostic`.
  mlir::InFlightDiagnostic emitCostError();

  /// The device `index` if valid, else records an error in `event`.
  std::optional<unsigned> checkDevice(const EventName &event, int32_t index);
  /// The tier `memory` of `device` (-1: the last), else records an error.
  std::optional<unsigned> checkMemory(const EventName &event, unsigned device,
                                      int32_t memory);
  /// The format `value`, else records an error.
  std::optional<Format> checkFormat(const EventName &event, int32_t value);
  /// The live buffer `id` on `device`, else records an error.
  BufferState *checkRead(const EventName &event, int64_t id, unsigned device);

  /// Records a capacity error of tier `memory` of `device`.
  void reportExcess(unsigned device, unsigned memory,
                    const CapacityExcess &excess);
  /// Places a new buffer; releases a live one of the same id first.
  void createBuffer(int64_t id, unsigned device, unsigned memory, Format format,
                    int64_t bytes, double start, double ready);
  /// Marks `buffer` as read until `time`.
  void useBuffer(BufferState &buffer, double time);
  /// Ends the lifetime of the live buffer `id`.
  void releaseBuffer(int64_t id);

  /// How adaptive storage keeps a transfer's destination.
  struct StoredBuffer {
    Format format = Format::F32;
    /// The values and their parameters.
    int64_t bytes = 0;
    /// When the destination device has encoded them.
    double ready = 0;
  };
  /// Stores the f32 `data` (`elements` values, the last dimension
  /// `channels`, 0 if unknown) that a transfer named `name` wrote on
  /// `device`, arrived at `ready`, with adaptive storage: rounds it in place,
  /// charges the encoding to the device and counts it. Records the error and
  /// returns nullopt when the storage or the cost model refuses.
  std::optional<StoredBuffer> storeAdaptively(const EventName &event,
                                              unsigned name, unsigned device,
                                              float *data, int64_t elements,
                                              int64_t channels, double ready);
  /// Occupies `device` for `duration` seconds from no earlier than
  /// `earliest`; returns the end.
  double occupyDevice(unsigned device, double earliest, double duration,
                      const Activity &activity);
  /// Switches `device` to `precision` if configured otherwise, for what the
  /// name `name` names, no earlier than `earliest` (and when the device is
  /// free).
  void configure(unsigned device, Format precision, unsigned name,
                 double earliest = 0);

  std::unique_ptr<mlir::MLIRContext> context;
  std::unique_ptr<mlir::ap::CostModel> costModel;
  std::string diagnostic;

  std::optional<std::string> error;
  HostCost hostCost;
  /// The names of kernels, transfers and probes (and of ap_rt_switch).
  NameTable names;
  std::vector<DeviceState> devices;
  std::vector<LinkState> links;
  BufferTable buffers;
  std::vector<OpTotals> ops;
  /// The index in `ops` of each (name, device, precision).
  llvm::DenseMap<std::tuple<unsigned, unsigned, int32_t>, unsigned> opIndex;
  std::vector<TransferTotals> transfers;
  /// The index in `transfers` of each name.
  llvm::DenseMap<unsigned, unsigned> transferIndex;
  std::vector<ProbeTotals> probes;
  /// The index in `probes` of each name.
  llvm::DenseMap<unsigned, unsigned> probeIndex;
  Calibration calibration;
  PrecisionManager manager;
  std::optional<Scenario> scenario;
  std::optional<AdaptiveStorage> storage;
  std::vector<StorageTotals> storageTotals;
  /// The index in `storageTotals` of each name.
  llvm::DenseMap<unsigned, unsigned> storageIndex;
  std::vector<InferenceRecord> inferences;
  /// The index of the inference in progress in `inferences`.
  std::optional<size_t> openInference;

  /// The dynamic joules of every device and link so far.
  double getDynamicEnergy() const;

  /// Scratch space of `launch`: the buffers it reads and the formats of those
  /// it writes.
  llvm::SmallVector<BufferState *, 8> readScratch;
  llvm::SmallVector<Format, 4> writeFormatScratch;
};

} // namespace ap::rt

#endif // AP_RUNTIME_SIMULATOR_H
