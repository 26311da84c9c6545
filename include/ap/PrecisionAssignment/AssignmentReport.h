//===- AssignmentReport.h - The report of ap-assign-precision ---*- C++ -*-===//
//
// Part of the ap project: an adaptive-precision compiler built on MLIR.
//
//===----------------------------------------------------------------------===//
//
// What precision assignment decided, as JSON (format "ap-assignment",
// version 1; docs/precision-assignment.md describes every member):
//
//   {"format": "ap-assignment", "version": 1, "algorithm": "optimal",
//    "proved_optimal": true, "lower_bound": 1.2e-05,
//    "metric": "top1_disagreement", "sensitivity_source": "execution",
//    "tolerance": 0.01,
//    "weights": {"exec": 1, "xfer": 1, "acc": 0},
//    "ops": [{"op": "main#3", "name": "linalg.matmul", "loc": "fc1",
//             "device": "gpu", "input": "f16", "weights": "f16",
//             "activations": "f16", "accumulator": "f32", "stored": "f32",
//             "estimated_loss": 0.0,
//             "before": {"precision": "f32", "exec_time": ..,
//                        "transfer_time": 0},
//             "after": {"exec_time": .., "transfer_time": ..},
//             "candidates": [...], "notes": [...]}],
//    "skipped": [{"op": "main#9", "name": .., "loc": .., "reason": ..}],
//    "totals": {"estimated_loss": .., "objective": ..,
//               "objective_before": .., "exec_time": {"before": ..,
//               "after": ..}, "transfer_time": {"before": .., "after": ..}},
//    // algorithm=verified only:
//    "measured_loss": 0.0067, "examples": 300,
//    "verification": [{"iteration": 0, "choices": [...],
//                      "estimated_loss": .., "measured_loss": ..,
//                      "objective": .., "compile_seconds": ..,
//                      "run_seconds": .., "raised": {...} or null}]}
//
// An op's "estimated_loss" is the sensitivity file's loss of that op alone
// at its precision: measured by execution when "sensitivity_source" is
// "execution", a statistical estimate for "proxy", imported for "import".
// The loss of the whole assigned network is measured only by the verified
// algorithm ("measured_loss"). docs/precision-assignment.md describes every
// member.
//===----------------------------------------------------------------------===//

#ifndef AP_PRECISIONASSIGNMENT_ASSIGNMENTREPORT_H
#define AP_PRECISIONASSIGNMENT_ASSIGNMENTREPORT_H

#include "ap/PrecisionAssignment/PrecisionAssignment.h"
#include "ap/PrecisionAssignment/VerifiedAssignment.h"

#include "llvm/Support/JSON.h"

namespace mlir::ap {

/// The format name and version of the report.
inline constexpr llvm::StringLiteral kAssignmentReportFormat = "ap-assignment";
inline constexpr int64_t kAssignmentReportVersion = 1;

/// The report of `decision`, made by `assignment`; with `verification`, the
/// outcome of the verified mode whose decision `decision` is.
llvm::json::Value
getAssignmentReport(const PrecisionAssignment &assignment,
                    const PrecisionDecision &decision,
                    const VerifiedAssignment *verification = nullptr);

/// Writes `report` to `path`, whole or not at all ("cannot write report
/// '<path>': ..." on failure).
llvm::Error writeAssignmentReport(const llvm::json::Value &report,
                                  llvm::StringRef path);

} // namespace mlir::ap

#endif // AP_PRECISIONASSIGNMENT_ASSIGNMENTREPORT_H
