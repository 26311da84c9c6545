//===- MeasuredTimes.h - Measured per-op times from profiles ----*- C++ -*-===//
//
// Part of the ap project: an adaptive-precision compiler built on MLIR.
//
//===----------------------------------------------------------------------===//
//
// Reads the measured times of a profile (JSON, format "ap-profile") into a
// cost model, which then uses them in place of its estimates, op by op:
//
//   {"format": "ap-profile", "version": 1,
//    "timings": [{"op": "main#3", "device": "npu", "precision": "i8",
//                 "time": 1.5e-05}]}
//
// `op` is the op's cost key (see assignCostKeys), `precision` the precision
// of its inputs, `time` seconds. Version 2 profiles, which calibration writes
// (ap/Calibration/Profile.h), are read too: their timings may carry a
// `count` (checked, otherwise unused), and their "batches", "granularity" and
// "values" are ignored here.
//
//===----------------------------------------------------------------------===//

#ifndef AP_ANALYSIS_MEASUREDTIMES_H
#define AP_ANALYSIS_MEASUREDTIMES_H

#include "ap/Analysis/CostModel.h"

#include "llvm/Support/Error.h"

namespace mlir::ap {

/// The format name of profiles, and the newest version this build reads
/// (versions 1 and 2 are read).
inline constexpr llvm::StringLiteral kProfileFormatName = "ap-profile";
inline constexpr int64_t kProfileFormatVersion = 2;

/// Adds the measured times of the profile `text`, read from `fileName`, to
/// `model`. The error lists every problem, with its JSON path.
llvm::Error parseMeasuredTimes(llvm::StringRef text, llvm::StringRef fileName,
                               CostModel &model);

/// Reads the profile in the file at `path` into `model`.
llvm::Error loadMeasuredTimes(llvm::StringRef path, CostModel &model);

} // namespace mlir::ap

#endif // AP_ANALYSIS_MEASUREDTIMES_H
