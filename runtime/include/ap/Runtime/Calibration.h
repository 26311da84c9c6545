//===- Calibration.h - Statistics of observed values ------------*- C++ -*-===//
//
// Part of the ap project: an adaptive-precision compiler built on MLIR.
//
//===----------------------------------------------------------------------===//
//
// What the runtime collects for calibration: the statistics of every
// observed value (ap_rt_observe), by id, over two passes over the dataset
// (mlir::ap::ValueStatistics):
//
//   pass 1  count, min, max, mean, variance;
//   pass 2  a histogram over the range [min, max] pass 1 observed;
//
// and the profile of a calibration run (the statistics with the simulated
// time of every kernel). The rules are in docs/runtime.md.
//
//===----------------------------------------------------------------------===//

#ifndef AP_RUNTIME_CALIBRATION_H
#define AP_RUNTIME_CALIBRATION_H

#include "ap/Runtime/Formats.h"

#include "ap/Calibration/Profile.h"
#include "ap/Calibration/ValueStatistics.h"

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

#include <cstdint>
#include <vector>

namespace ap::rt {

class Simulator;

/// The calibration passes; the values equal those of
/// ap_rt_calibration_pass.
enum class CalibrationPass : int32_t {
  /// Observations are ignored.
  Off = 0,
  /// Observations add to the moments (count, min, max, mean, variance).
  Moments = 1,
  /// Observations add to the histograms, over the range of pass 1.
  Histogram = 2,
};

/// The statistics of the observed values of a calibration run.
class Calibration {
public:
  CalibrationPass getPass() const { return pass; }
  /// Whether observations are recorded (pass 1 or 2).
  bool isOn() const { return pass != CalibrationPass::Off; }

  /// Switches to `pass` (0, 1 or 2). Entering pass 2 starts the histogram of
  /// every value observed so far over the range pass 1 observed. Going back
  /// to pass 1 once pass 2 has started is an error (clear first), as is a
  /// number that is not a pass; the pass is then unchanged. Turning
  /// calibration off keeps the statistics.
  llvm::Error setPass(int32_t pass);

  /// Adds the `elements` values of `format` (host representation,
  /// contiguous) at `data` to the statistics of the value `id` in the
  /// current pass, each converted exactly to a double; non-finite values are
  /// skipped (ValueStatistics). Does nothing when calibration is off.
  /// Errors: an opaque format, a negative count, a null pointer with values,
  /// and in pass 2 an id that pass 1 did not observe.
  llvm::Error observe(llvm::StringRef id, Format format, const void *data,
                      int64_t elements);

  /// Forgets every value and turns calibration off.
  void clear();

  /// Every observed value, in the order first observed.
  llvm::ArrayRef<mlir::ap::ValueStatistics> getValues() const { return values; }
  /// The statistics of `id`, or null.
  const mlir::ap::ValueStatistics *lookup(llvm::StringRef id) const;

  /// Checks that the statistics make a profile: the histogram of each value,
  /// when pass 2 started, counts exactly the values pass 1 counted (both
  /// passes saw the same data).
  llvm::Error checkConsistent() const;

private:
  CalibrationPass pass = CalibrationPass::Off;
  /// Whether pass 2 was entered since the last clear.
  bool histogramsStarted = false;
  std::vector<mlir::ap::ValueStatistics> values;
  /// The index in `values` of each id.
  llvm::StringMap<unsigned> index;
  /// Scratch space for values converted to f32 or to double.
  std::vector<float> floats;
  std::vector<double> doubles;
};

/// The profile (format "ap-profile", version 2) of the run `simulator`
/// simulated and of its calibration statistics: a timing per kernel name,
/// device and precision with a positive total time (the mean time per
/// launch and the number of launches; launches without a precision, format
/// opaque, are left out), the values in the order first observed, and
/// `granularity` ("op", "layer" or empty) and `batches` as given. Fails when
/// the simulation recorded an error or the statistics are inconsistent
/// (Calibration::checkConsistent).
llvm::Expected<mlir::ap::Profile> buildProfile(const Simulator &simulator,
                                               llvm::StringRef granularity,
                                               int64_t batches);

} // namespace ap::rt

#endif // AP_RUNTIME_CALIBRATION_H
