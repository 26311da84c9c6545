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

#include "ap/Runtime/Formats.h"
#include "ap/Runtime/Occupancy.h"
#include "ap_runtime.h"

#include "ap/Analysis/CostModel.h"

#include "mlir/IR/MLIRContext.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/ADT/Twine.h"
#include "llvm/Support/Error.h"

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
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
  std::string name;
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
};

/// The timeline and counters of one link.
struct LinkState {
  double freeAt = 0;
  double busyTime = 0;
  double energy = 0;
  int64_t bytes = 0;
  uint64_t transfers = 0;
  std::vector<Activity> activities;
};

/// The descriptor of a live buffer.
struct BufferState {
  unsigned device = 0, memory = 0;
  Format format = Format::Opaque;
  int64_t bytes = 0;
  /// When its contents are complete, and when its last reader so far ends.
  double ready = 0, lastUse = 0;
  /// Its occupant in the tier's occupancy.
  size_t occupant = 0;
};

/// The totals of one kernel (by name, device and precision).
struct OpTotals {
  std::string name;
  unsigned device = 0;
  Format precision = Format::Opaque;
  uint64_t count = 0;
  double time = 0, energy = 0;
  int64_t bytes = 0;
};

/// The totals of the transfers of one name.
struct TransferTotals {
  std::string name;
  unsigned fromDevice = 0, toDevice = 0;
  uint64_t count = 0;
  double time = 0, energy = 0;
  int64_t bytes = 0;
};

/// The results of the probes of one name.
struct ProbeTotals {
  std::string name;
  int32_t metric = 0;
  uint64_t count = 0;
  double last = 0, min = 0, max = 0, sum = 0;
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

  /// Forgets every event and the error.
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

  /// Records `message` as the error unless there is one already.
  void fail(const llvm::Twine &message);
  /// A diagnostic for the cost model, captured into `diagnostic`.
  mlir::InFlightDiagnostic emitCostError();

  /// The device `index` if valid, else records an error in `event`.
  std::optional<unsigned> checkDevice(llvm::StringRef event, int32_t index);
  /// The tier `memory` of `device` (-1: the last), else records an error.
  std::optional<unsigned> checkMemory(llvm::StringRef event, unsigned device,
                                      int32_t memory);
  /// The format `value`, else records an error.
  std::optional<Format> checkFormat(llvm::StringRef event, int32_t value);
  /// The live buffer `id` on `device`, else records an error.
  BufferState *checkRead(llvm::StringRef event, int64_t id, unsigned device);

  /// Records a capacity error of tier `memory` of `device`.
  void reportExcess(unsigned device, unsigned memory,
                    const CapacityExcess &excess);
  /// Places a new buffer; releases a live one of the same id first.
  void createBuffer(int64_t id, unsigned device, unsigned memory,
                    Format format, int64_t bytes, double start, double ready);
  /// Marks `buffer` as read until `time`.
  void useBuffer(BufferState &buffer, double time);
  /// Ends the lifetime of the live buffer `id`.
  void releaseBuffer(int64_t id);

  /// Occupies `device` for `duration` seconds from no earlier than
  /// `earliest`; returns the end.
  double occupyDevice(unsigned device, double earliest, double duration,
                      Activity activity);
  /// Switches `device` to `precision` if configured otherwise.
  void configure(unsigned device, Format precision, llvm::StringRef name);

  std::unique_ptr<mlir::MLIRContext> context;
  std::unique_ptr<mlir::ap::CostModel> costModel;
  std::string diagnostic;

  std::optional<std::string> error;
  std::vector<DeviceState> devices;
  std::vector<LinkState> links;
  std::unordered_map<int64_t, BufferState> buffers;
  std::vector<OpTotals> ops;
  std::map<std::tuple<std::string, unsigned, int32_t>, size_t> opIndex;
  std::vector<TransferTotals> transfers;
  std::map<std::string, size_t> transferIndex;
  std::vector<ProbeTotals> probes;
  std::map<std::string, size_t> probeIndex;
};

} // namespace ap::rt

#endif // AP_RUNTIME_SIMULATOR_H
