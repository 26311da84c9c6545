//===- ExecutionSource.h - Sensitivities measured by execution --*- C++ -*-===//
//
// Part of the ap project: an adaptive-precision compiler built on MLIR.
//
//===----------------------------------------------------------------------===//
//
// source=execution: for every site and candidate, the network is run on the
// calibration set with that site's inputs rounded and everything else in
// f32, and its results are compared with the f32 results
// (ap/Execution/OutputMetrics.h). The runs restart from the f32 values cached
// at a cut before the site (CutFunctions.h): per batch, the prefix runs once,
// then one suffix per site and candidate, the rounding done on the host with
// ap's exact numerics.
//
//===----------------------------------------------------------------------===//

#ifndef AP_TOOLS_APSENSITIVITY_EXECUTIONSOURCE_H
#define AP_TOOLS_APSENSITIVITY_EXECUTIONSOURCE_H

#include "Candidates.h"

#include "ap/Calibration/ValueStatistics.h"
#include "ap/Execution/CalibrationData.h"
#include "ap/Execution/OutputMetrics.h"
#include "ap/PrecisionAssignment/SensitivityTable.h"
#include "ap/PrecisionAssignment/Sites.h"
#include "ap/Support/Npy.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/BuiltinOps.h"

namespace mlir::ap::sensitivity {

using execution::Metric;
using execution::OutputComparison;
using execution::stringifyMetric;

/// The choices of a measurement.
struct ExecutionOptions {
  llvm::SmallVector<Candidate> candidates;
  Metric metric = Metric::Top1Disagreement;
  QuantizationChoices quantization;
  /// Threads running suffixes at the same time.
  unsigned threads = 1;
  /// The most memory the f32 values of all batches may take to be kept
  /// between the passes; beyond, the prefix runs again for each pass.
  uint64_t cacheLimitBytes = uint64_t(1) << 30;
  /// Show progress on stderr.
  bool progress = false;
};

/// The calibration set.
using execution::CalibrationData;

/// Measures `sites` (collected in `entry` of `module`, a module without
/// ap.observe ops, which is not modified) on `data`.
/// `profileStatistics[k][i]`, when not null, is the profile's statistics of
/// the activation input i of site k, used for the integer candidates; the
/// others are computed from the calibration set. `notes` receives what was
/// skipped or measured otherwise, `summary` the time taken and the cost in
/// forward-pass equivalents.
llvm::Expected<SensitivityTable>
measureByExecution(ModuleOp module, func::FuncOp entry,
                   llvm::ArrayRef<Site> sites,
                   llvm::ArrayRef<llvm::SmallVector<const ValueStatistics *>>
                       profileStatistics,
                   const CalibrationData &data, const ExecutionOptions &options,
                   llvm::raw_ostream &notes, llvm::raw_ostream &summary);

} // namespace mlir::ap::sensitivity

#endif // AP_TOOLS_APSENSITIVITY_EXECUTIONSOURCE_H
