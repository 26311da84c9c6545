//===- SensitivityFile.h - The JSON files of ap-sensitivity -----*- C++ -*-===//
//
// Part of the ap project: an adaptive-precision compiler built on MLIR.
//
//===----------------------------------------------------------------------===//
//
// What ap-sensitivity writes, format "ap-sensitivity" version 1 (per op and
// candidate precision, an estimated accuracy loss; docs/sensitivity.md), and
// what it imports, format "ap-sensitivity-import" version 1 (one
// sensitivity per op, e.g. gradient magnitudes or Hessian traces):
//
//   {"format": "ap-sensitivity-import", "version": 1,
//    "ops": [{"op": "main#3", "sensitivity": 0.25},
//            {"op": "fc1", "sensitivity": 1.5}]}
//
// where "op" is a cost key or the name of an op's NameLoc.
//
//===----------------------------------------------------------------------===//

#ifndef AP_TOOLS_APSENSITIVITY_SENSITIVITYFILE_H
#define AP_TOOLS_APSENSITIVITY_SENSITIVITYFILE_H

#include "Sites.h"

#include "ap/Execution/OutputMetrics.h"

#include "llvm/Support/Error.h"

#include <optional>
#include <string>
#include <vector>

namespace mlir::ap::sensitivity {

using execution::Metric;
using execution::OutputComparison;
using execution::stringifyMetric;

/// The loss of one op at one candidate precision.
struct CandidateResult {
  std::string precision;
  double loss = 0;
  /// Measured by execution: every metric (with the top-1 accuracies when
  /// `hasLabels`).
  std::optional<OutputComparison> comparison;
  bool hasLabels = false;
};

/// The losses of one op.
struct OpSensitivity {
  std::string key;
  std::string name;
  std::string loc;
  std::vector<CandidateResult> candidates;
};

/// A whole "ap-sensitivity" file.
struct SensitivityResult {
  static constexpr llvm::StringLiteral kFormatName = "ap-sensitivity";
  static constexpr int64_t kVersion = 1;

  std::string source;
  std::string metric;
  std::string model;
  int64_t examples = 0;
  double forwardPassEquivalents = 0;
  std::vector<OpSensitivity> ops;
};

/// Writes `result` to `path` whole or not at all.
llvm::Error writeSensitivity(const SensitivityResult &result,
                             llvm::StringRef path);

/// The format name and version of imported sensitivities.
inline constexpr llvm::StringLiteral kImportFormatName =
    "ap-sensitivity-import";
inline constexpr int64_t kImportVersion = 1;

/// Reads the "ap-sensitivity-import" file at `path`: the sensitivity of each
/// of `sites` (unset for sites the file does not name). Every problem is
/// reported, with its JSON path: a wrong format or version, unknown keys, an
/// "op" that names no site (or several sites, by a shared loc name), a site
/// named twice, a "sensitivity" that is not a non-negative number.
llvm::Expected<std::vector<std::optional<double>>>
readImportedSensitivities(llvm::StringRef path, llvm::ArrayRef<Site> sites);

} // namespace mlir::ap::sensitivity

#endif // AP_TOOLS_APSENSITIVITY_SENSITIVITYFILE_H
