//===- CostModel.h - Time and energy of ops and transfers -------*- C++ -*-===//
//
// Part of the ap project: an adaptive-precision compiler built on MLIR.
//
//===----------------------------------------------------------------------===//
//
// The cost model of ap, shared by the passes that decide precisions and
// placements and by the runtime that simulates the result, so that prediction
// and simulation agree by construction. An op is first described by the work
// it does (`Work`: scalar operations and elements read and written, which
// depend only on the IR), then priced on a device at a choice of precisions
// (`CostModel::getKernelCost`: a roofline plus the launch overhead). A move of
// data is priced on the route of links it takes (`getTransferCost`). The
// formulas are in docs/cost-model.md.
//
//===----------------------------------------------------------------------===//

#ifndef AP_ANALYSIS_COSTMODEL_H
#define AP_ANALYSIS_COSTMODEL_H

#include "ap/Analysis/TargetModel.h"

#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringSet.h"

namespace mlir::ap {

/// What an access of an op's operand or result is for.
enum class AccessRole {
  /// An input read by the computation.
  Input,
  /// An output's initial value read by the computation (an accumulator).
  Init,
  /// An output written.
  Output,
};

/// The elements of one operand or result that one execution of an op touches.
struct MemoryAccess {
  AccessRole role = AccessRole::Input;
  /// The operand (for Input and Init) or result (for Output) number.
  unsigned index = 0;
  /// Distinct elements touched.
  int64_t elements = 0;
  /// Bits per element in memory as the IR stores it (its element type).
  unsigned storedBits = 0;
  /// Whether the precision of this access is fixed by the op (the types of
  /// an ap precision op) rather than a choice of the cost query.
  bool fixed = false;
};

/// The work of one execution of an op, independent of the hardware.
struct Work {
  /// Scalar operations on the inputs (the multiplies of a matmul).
  int64_t computeOps = 0;
  /// Scalar operations that combine into an accumulator (the adds of a
  /// matmul). Like the others, they run at the input precision's rate, as
  /// multiply-accumulate units do; the accumulator precision is where the
  /// running sums are kept.
  int64_t accumulateOps = 0;
  /// The compute and accumulator precisions as the IR writes them; unset
  /// when the IR's element types are not ap precisions (e.g. f64).
  std::optional<Precision> computePrecision, accumulatePrecision;
  /// Whether the op fixes its precisions itself (ap precision ops), so that
  /// queries at other precisions do not apply.
  bool fixedPrecision = false;
  SmallVector<MemoryAccess> accesses;
};

/// The precisions an op runs at: of its inputs (which also sets the rate and
/// energy of its arithmetic), of its accumulators (the running sums of its
/// reductions) and of its results.
struct PrecisionChoice {
  Precision input = Precision::F32;
  Precision accumulator = Precision::F32;
  Precision result = Precision::F32;

  /// Everything at `precision`, accumulating in the device's natural
  /// accumulator: i32 for integers and f32 for floats when the device
  /// computes in it, else `precision` itself.
  static PrecisionChoice natural(Precision precision,
                                 const DeviceModel &device);
};

/// Where and how an op runs.
struct ExecutionConfig {
  /// The index of the device in the target.
  unsigned device = 0;
  /// The precisions; unset to use the IR's element types.
  std::optional<PrecisionChoice> precisions;
  /// The memory tier the op's data lives in; unset for the fastest tier
  /// that holds all of it (the slowest when none does).
  std::optional<unsigned> memory;
};

/// The cost of one op or transfer.
struct Cost {
  /// Seconds the arithmetic needs at the peak rate of the input precision.
  double computeTime = 0;
  /// Seconds the memory traffic needs at the tier's bandwidth (for a
  /// transfer, the seconds of the bytes over the links' bandwidth).
  double memoryTime = 0;
  /// Seconds of fixed overhead: the kernel launch, or the links' latency.
  double overheadTime = 0;
  /// Total seconds: overhead + max(compute, memory).
  double time = 0;
  /// Joules of the operations and of the bytes moved.
  double dynamicEnergy = 0;
  /// Joules of the device's idle power over `time` (zero for transfers).
  double staticEnergy = 0;
  /// Scalar operations and bytes.
  int64_t ops = 0;
  int64_t bytesRead = 0, bytesWritten = 0;
  /// Whether `time` is a measurement from a profile rather than an estimate.
  bool measured = false;
  /// For a kernel, the index of the memory tier of its device whose
  /// bandwidth and energy per byte the cost used (the one the configuration
  /// names, else the fastest that holds the working set, else the last);
  /// unset for transfers.
  std::optional<unsigned> memory;

  double getEnergy() const { return dynamicEnergy + staticEnergy; }
  bool isComputeBound() const { return computeTime >= memoryTime; }
};

/// Bytes that `elements` values of `bits` bits occupy (packed, rounded up).
int64_t getStorageBytes(int64_t elements, unsigned bits);

/// Prices work on the target; optionally replaces estimated kernel times with
/// measured ones.
class CostModel {
public:
  explicit CostModel(TargetModel target) : target(std::move(target)) {}

  const TargetModel &getTarget() const { return target; }

  /// The cost of `work` run as `config` says. Fails, reporting through
  /// `emitError`, when the device does not support the input or the
  /// accumulator precision.
  FailureOr<Cost> getKernelCost(const Work &work, const ExecutionConfig &config,
                                function_ref<InFlightDiagnostic()> emitError)
      const;

  /// The cost of one kernel that fuses the kernels `members`, each priced
  /// on `device` by getKernelCost: their arithmetic runs one after the
  /// other (compute times and operation energies add up), the values they
  /// pass to each other stay on chip, so that the kernel moves only
  /// `bytesRead` and `bytesWritten` (its inputs from and outputs to memory,
  /// in the fastest tier that holds them unless `memory` names one), and it
  /// is launched once.
  FailureOr<Cost> getFusedKernelCost(ArrayRef<Cost> members, unsigned device,
                                     int64_t bytesRead, int64_t bytesWritten,
                                     std::optional<unsigned> memory,
                                     function_ref<InFlightDiagnostic()>
                                         emitError) const;

  /// The cost of moving `elements` values of `bits` bits from `from` to
  /// `to`: over `link` when given, else over the fastest route of links
  /// that transmit `wire` (when given) between the two devices; between two
  /// memory tiers of one device without a link, at the slower tier's
  /// bandwidth.
  /// When `route` is given, it receives the links taken, in order.
  FailureOr<Cost> getTransferCost(int64_t elements, unsigned bits,
                                  Endpoint from, Endpoint to,
                                  std::optional<unsigned> link,
                                  std::optional<Precision> wire,
                                  function_ref<InFlightDiagnostic()> emitError,
                                  SmallVectorImpl<unsigned> *route = nullptr)
      const;

  /// Adds to `cost` the conversion of `elements` values between precisions
  /// `from` and `to` on `device` (one operation per element at the wider of
  /// the two), done before or after a transfer by a device whose link does
  /// not convert. Fails when the device does not compute at that precision.
  LogicalResult addConversion(Cost &cost, int64_t elements, unsigned device,
                              Precision from, Precision to,
                              function_ref<InFlightDiagnostic()> emitError)
      const;

  /// Seconds to switch the arithmetic units of `device` to another precision.
  double getSwitchTime(unsigned device) const {
    return target.getDevice(device).switchLatency;
  }

  /// Registers a measured time of the op identified by `key` on `device`
  /// with its inputs at `precision`.
  void addMeasuredTime(StringRef key, unsigned device, Precision precision,
                       double seconds);
  /// The measured time of the op `key` on `device` at `precision`, if any.
  std::optional<double> lookupMeasuredTime(StringRef key, unsigned device,
                                           Precision precision) const;
  /// Whether any measured time is registered.
  bool hasMeasuredTimes() const { return !measuredTimes.empty(); }
  /// The keys of the ops with a measured time, in the order first added.
  ArrayRef<std::string> getMeasuredOps() const { return measuredOps; }

  /// Replaces the time of `cost`, an estimate for a kernel on `device`, with
  /// `seconds` measured, keeping the dynamic energy and charging idle power
  /// over the measured time.
  void applyMeasuredTime(Cost &cost, unsigned device, double seconds) const;

private:
  TargetModel target;
  /// Measured seconds by "key/device/precision". Unambiguous even when the
  /// key contains '/': the last two parts (a device number, a precision
  /// name) never do.
  llvm::StringMap<double> measuredTimes;
  SmallVector<std::string> measuredOps;
  llvm::StringSet<> measuredOpSet;
};

} // namespace mlir::ap

#endif // AP_ANALYSIS_COSTMODEL_H
