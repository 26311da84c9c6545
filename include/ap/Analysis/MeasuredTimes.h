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
// of its inputs, `time` seconds.
//
//===----------------------------------------------------------------------===//

#ifndef AP_ANALYSIS_MEASUREDTIMES_H
#define AP_ANALYSIS_MEASUREDTIMES_H

#include "ap/Analysis/CostModel.h"

#include "llvm/Support/Error.h"

namespace mlir::ap {

/// The format name and version of profiles this build reads.
inline constexpr llvm::StringLiteral kProfileFormatName = "ap-profile";
inline constexpr int64_t kProfileFormatVersion = 1;

/// Adds the measured times of the profile `text`, read from `fileName`, to
/// `model`. The error lists every problem, with its JSON path.
llvm::Error parseMeasuredTimes(llvm::StringRef text, llvm::StringRef fileName,
                               CostModel &model);

/// Reads the profile in the file at `path` into `model`.
llvm::Error loadMeasuredTimes(llvm::StringRef path, CostModel &model);

} // namespace mlir::ap

#endif // AP_ANALYSIS_MEASUREDTIMES_H
