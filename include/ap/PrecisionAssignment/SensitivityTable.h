//===- SensitivityTable.h - Per-op losses (format "ap-sensitivity") -*- C++
//-*-//
//
// Part of the ap project: an adaptive-precision compiler built on MLIR.
//
//===----------------------------------------------------------------------===//
//
// The input of precision assignment that says what accuracy each op loses at
// each candidate precision: the JSON file `ap-sensitivity` writes (format
// "ap-sensitivity", version 1, docs/sensitivity.md):
//
//   {"format": "ap-sensitivity", "version": 1, "source": "execution",
//    "metric": "top1_disagreement", "model": "cnn.mlir", "examples": 300,
//    "forward_pass_equivalents": 23.5,
//    "ops": [{"op": "main#3", "name": "linalg.matmul", "loc": "fc1",
//             "candidates": [{"precision": "f16", "loss": 0.0,
//                             "metrics": {"relative_l2": 1.2e-4, ...}}]}]}
//
// Ops are named by their cost key (assignCostKeys). A precision absent from
// an op's candidates has no known loss, except f32, the reference (loss 0).
//
//===----------------------------------------------------------------------===//

#ifndef AP_PRECISIONASSIGNMENT_SENSITIVITYTABLE_H
#define AP_PRECISIONASSIGNMENT_SENSITIVITYTABLE_H

#include "ap/Dialect/AP/IR/Precision.h"

#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace mlir::ap {

/// The "metrics" of a candidate measured by execution: each value by its
/// name ("relative_l2", "sqnr_db", ...); unset is null (the SQNR of an exact
/// result).
using CandidateMetrics = std::map<std::string, std::optional<double>>;

/// The estimated losses of one op.
struct OpSensitivity {
  /// The op's cost key, and the informative "name" and "loc" (empty when
  /// absent).
  std::string key;
  std::string name;
  std::string loc;
  /// The loss at each precision the file gives, in file order.
  llvm::SmallVector<std::pair<Precision, double>> losses;
  /// The metrics of the precisions of `losses` that have them (measured by
  /// execution), in the same order.
  llvm::SmallVector<std::pair<Precision, CandidateMetrics>> metrics;

  /// The loss at `precision`: the file's, else 0 for f32 (the reference),
  /// else none.
  std::optional<double> lookupLoss(Precision precision) const;
  /// The metrics at `precision`, or null when it has none.
  const CandidateMetrics *lookupMetrics(Precision precision) const;
};

/// A whole "ap-sensitivity" file.
struct SensitivityTable {
  static constexpr llvm::StringLiteral kFormatName = "ap-sensitivity";
  static constexpr int64_t kVersion = 1;

  /// "execution", "proxy" or "import".
  std::string source;
  /// The unit of the losses: "top1_disagreement", "accuracy_drop",
  /// "relative_l2", "softmax_kl" or "proxy".
  std::string metric;
  /// Informative: the model, the number of calibration examples and the
  /// cost of the analysis (0 or empty when absent).
  std::string model;
  int64_t examples = 0;
  double forwardPassEquivalents = 0;
  /// Adds `op` after the others; returns false, adding nothing, when an op
  /// with the same key is already there.
  bool addOp(OpSensitivity op);
  /// The ops, in file order; keys are unique.
  llvm::ArrayRef<OpSensitivity> getOps() const { return ops; }
  /// The losses of the op with cost key `key`, or null.
  const OpSensitivity *lookup(llvm::StringRef key) const;

private:
  std::vector<OpSensitivity> ops;
  llvm::StringMap<size_t> index;
};

/// The precisions a sensitivity file may name, in the order ap-sensitivity
/// lists them: f32, f16, bf16, f8E4M3FN, f8E5M2, i8, i4.
llvm::ArrayRef<Precision> getSensitivityPrecisions();

/// Parses an "ap-sensitivity" file from `text`, read from `fileName`. Every
/// problem is reported, one per line, as `<file>: <json path>: <message>`:
/// the format name and version; "source" and "metric" among the names
/// above; "model" a string, "examples" a non-negative integer and
/// "forward_pass_equivalents" a non-negative number (all three optional);
/// "ops" an array of objects with a non-empty "op" (unique), optional string
/// "name" and "loc", and "candidates", an array of objects with a
/// "precision" among getSensitivityPrecisions (once per op), a non-negative
/// "loss" and optional "metrics" (an object of numbers keyed by
/// "relative_l2", "sqnr_db" (also null: exact), "softmax_kl",
/// "top1_agreement", "top1_accuracy", "accuracy_drop"); no other key
/// anywhere.
llvm::Expected<SensitivityTable>
parseSensitivityTable(llvm::StringRef text, llvm::StringRef fileName);

/// Reads the file at `path` ("cannot read sensitivity file '<path>': ...").
llvm::Expected<SensitivityTable> readSensitivityTable(llvm::StringRef path);

/// Prints `table` as an "ap-sensitivity" file that parseSensitivityTable
/// reads back: the ops in order, each with "loc" when it has one and the
/// candidates in the order of its losses, each with its "metrics" when it has
/// them; keys sorted, indented by 2, ending with a newline.
std::string printSensitivityTable(const SensitivityTable &table);

/// Writes printSensitivityTable(table) to `path` ("-": stdout), whole or not
/// at all.
llvm::Error writeSensitivityTable(const SensitivityTable &table,
                                  llvm::StringRef path);

} // namespace mlir::ap

#endif // AP_PRECISIONASSIGNMENT_SENSITIVITYTABLE_H
