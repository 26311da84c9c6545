//===- Stats.h - Run statistics as JSON -------------------------*- C++ -*-===//
//
// Part of the ap project: an adaptive-precision compiler built on MLIR.
//
//===----------------------------------------------------------------------===//
//
// The statistics of a simulated run, as the "ap-run-stats" JSON document
// described in docs/runtime.md, and the writing of JSON output files.
//
//===----------------------------------------------------------------------===//

#ifndef AP_RUNTIME_STATS_H
#define AP_RUNTIME_STATS_H

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"
#include "llvm/Support/JSON.h"

#include <string>

namespace ap::rt {

class Simulator;

/// The format name and version of the statistics this build writes.
inline constexpr llvm::StringLiteral kStatsFormatName = "ap-run-stats";
inline constexpr int64_t kStatsFormatVersion = 1;

/// The statistics of the run `simulator` has simulated so far. Call
/// Simulator::finish first to include the end-of-run capacity check.
llvm::json::Value buildStats(const Simulator &simulator);

/// A JSON number, or null when `value` is not finite (JSON has no infinity
/// or NaN).
llvm::json::Value jsonNumber(double value);

/// `value` as indented JSON text.
std::string formatJSON(const llvm::json::Value &value);

/// Writes `text` to the file `path`, whole or not at all (through a
/// temporary file renamed on success).
llvm::Error writeFile(llvm::StringRef path, llvm::StringRef text);

} // namespace ap::rt

#endif // AP_RUNTIME_STATS_H
