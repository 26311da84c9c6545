//===- JSONReader.h - Checked reading of JSON inputs ------------*- C++ -*-===//
//
// Part of the ap project: an adaptive-precision compiler built on MLIR.
//
//===----------------------------------------------------------------------===//
//
// Helpers to read the JSON files ap takes as input (target descriptions,
// profiles) so that every problem is reported as
// `<file>: <JSON path>: <what was expected>`, all problems at once.
//
//===----------------------------------------------------------------------===//

#ifndef AP_SUPPORT_JSONREADER_H
#define AP_SUPPORT_JSONREADER_H

#include "llvm/ADT/StringSet.h"
#include "llvm/Support/Error.h"
#include "llvm/Support/JSON.h"

#include <optional>
#include <string>
#include <vector>

namespace mlir::ap {

/// The problems found in one JSON file, each with its JSON path.
class JSONDiagnostics {
public:
  explicit JSONDiagnostics(llvm::StringRef fileName) : fileName(fileName) {}

  /// Records that the value at `path` is not what was expected.
  void error(const llvm::Twine &path, const llvm::Twine &message);
  bool hasErrors() const { return !errors.empty(); }
  /// The number of problems recorded so far.
  size_t getErrorCount() const { return errors.size(); }
  /// All problems, one per line.
  llvm::Error takeError() const;

private:
  std::string fileName;
  std::vector<std::string> errors;
};

/// What a number must be.
enum class NumberBound { Positive, NonNegative };

/// Reads the members of one JSON object at `path`, checking their types; on
/// destruction, reports every member that was never asked for as unknown.
class JSONObjectReader {
public:
  JSONObjectReader(JSONDiagnostics &diagnostics,
                   const llvm::json::Object &object, std::string path)
      : diagnostics(diagnostics), object(object), path(std::move(path)) {}
  ~JSONObjectReader() { reportUnknownKeys(); }

  /// Reports every member not asked for so far as unknown (once).
  void reportUnknownKeys();

  const std::string &getPath() const { return path; }
  /// The path of member `key`.
  std::string memberPath(llvm::StringRef key) const;

  /// The member `key`, reporting its absence when `required`.
  const llvm::json::Value *get(llvm::StringRef key, bool required = true);
  /// A non-empty string.
  std::optional<llvm::StringRef> getString(llvm::StringRef key,
                                           bool required = true);
  /// A finite number within `bound`.
  std::optional<double> getNumber(llvm::StringRef key, NumberBound bound);
  /// A positive integer (also written as an integral number like 1e3).
  std::optional<uint64_t> getCount(llvm::StringRef key);
  /// A boolean, `defaultValue` when absent.
  std::optional<bool> getBool(llvm::StringRef key, bool defaultValue);
  /// An array; null when absent or not an array.
  const llvm::json::Array *getArray(llvm::StringRef key, bool required = true);
  /// An object; null when absent or not an object.
  const llvm::json::Object *getObject(llvm::StringRef key);
  /// Checks that `format` and `version` name the format this build reads.
  void checkFormat(llvm::StringRef format, int64_t version);

  /// Checks that `value`, found at `where`, is a finite number in `bound`.
  std::optional<double> checkNumber(const llvm::json::Value &value,
                                    const std::string &where,
                                    NumberBound bound);

private:
  JSONDiagnostics &diagnostics;
  const llvm::json::Object &object;
  std::string path;
  llvm::StringSet<> known;
  bool reportedUnknownKeys = false;
};

/// Parses `text` as JSON; the error names `fileName` and the position.
llvm::Expected<llvm::json::Value> parseJSONFile(llvm::StringRef text,
                                                llvm::StringRef fileName);

/// The top-level object of a document, `root`; null, with the error
/// "$: expected an object" reported to `diagnostics`, when it is not one.
const llvm::json::Object *getRootObject(const llvm::json::Value &root,
                                        JSONDiagnostics &diagnostics);

/// Reads the file at `path` whole; `what` describes it in the error.
llvm::Expected<std::string> readInputFile(llvm::StringRef path,
                                          llvm::StringRef what);

} // namespace mlir::ap

#endif // AP_SUPPORT_JSONREADER_H
