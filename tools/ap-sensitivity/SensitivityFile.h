//===- SensitivityFile.h - The imported sensitivities -----------*- C++ -*-===//
//
// Part of the ap project: an adaptive-precision compiler built on MLIR.
//
//===----------------------------------------------------------------------===//
//
// What ap-sensitivity imports, format "ap-sensitivity-import" version 1 (one
// sensitivity per op, e.g. gradient magnitudes or Hessian traces):
//
//   {"format": "ap-sensitivity-import", "version": 1,
//    "ops": [{"op": "main#3", "sensitivity": 0.25},
//            {"op": "fc1", "sensitivity": 1.5}]}
//
// where "op" is a cost key or the name of an op's NameLoc. What it writes,
// format "ap-sensitivity", is ap/PrecisionAssignment/SensitivityTable.h's.
//
//===----------------------------------------------------------------------===//

#ifndef AP_TOOLS_APSENSITIVITY_SENSITIVITYFILE_H
#define AP_TOOLS_APSENSITIVITY_SENSITIVITYFILE_H

#include "ap/PrecisionAssignment/Sites.h"

#include "llvm/Support/Error.h"

#include <optional>
#include <vector>

namespace mlir::ap::sensitivity {

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
