//===- JSONReader.cpp - Checked reading of JSON inputs --------------------===//
//
// Part of the ap project: an adaptive-precision compiler built on MLIR.
//
//===----------------------------------------------------------------------===//

#include "ap/Support/JSONReader.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/MemoryBuffer.h"

#include <cmath>

using namespace mlir::ap;
using llvm::StringRef;
namespace json = llvm::json;

void JSONDiagnostics::error(const llvm::Twine &path,
                            const llvm::Twine &message) {
  errors.push_back((fileName + ": " + path + ": " + message).str());
}

llvm::Error JSONDiagnostics::takeError() const {
  return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                 llvm::join(errors, "\n"));
}

void JSONObjectReader::reportUnknownKeys() {
  if (reportedUnknownKeys)
    return;
  reportedUnknownKeys = true;
  llvm::SmallVector<StringRef> unknown;
  for (const auto &member : object)
    if (!known.contains(member.first))
      unknown.push_back(member.first);
  if (unknown.empty())
    return;
  llvm::SmallVector<StringRef> expected(known.keys());
  llvm::sort(unknown);
  llvm::sort(expected);
  std::string list;
  for (StringRef key : expected)
    list += (list.empty() ? "'" : ", '") + key.str() + "'";
  for (StringRef key : unknown)
    diagnostics.error(memberPath(key), "unknown key; expected one of " + list);
}

std::string JSONObjectReader::memberPath(StringRef key) const {
  return path + "." + key.str();
}

const json::Value *JSONObjectReader::get(StringRef key, bool required) {
  known.insert(key);
  const json::Value *value = object.get(key);
  if (!value && required)
    diagnostics.error(path, "missing key '" + key + "'");
  return value;
}

std::optional<StringRef> JSONObjectReader::getString(StringRef key,
                                                     bool required) {
  const json::Value *value = get(key, required);
  if (!value)
    return std::nullopt;
  std::optional<StringRef> string = value->getAsString();
  if (!string || string->empty()) {
    diagnostics.error(memberPath(key), "expected a non-empty string");
    return std::nullopt;
  }
  return string;
}

std::optional<double> JSONObjectReader::checkNumber(const json::Value &value,
                                                    const std::string &where,
                                                    NumberBound bound) {
  std::optional<double> number = value.getAsNumber();
  bool positive = bound == NumberBound::Positive;
  if (!number || !std::isfinite(*number) ||
      (positive ? *number <= 0 : *number < 0)) {
    diagnostics.error(where, positive ? "expected a positive number"
                                      : "expected a non-negative number");
    return std::nullopt;
  }
  return number;
}

std::optional<double> JSONObjectReader::getNumber(StringRef key,
                                                  NumberBound bound) {
  const json::Value *value = get(key);
  if (!value)
    return std::nullopt;
  return checkNumber(*value, memberPath(key), bound);
}

std::optional<uint64_t> JSONObjectReader::getCount(StringRef key) {
  const json::Value *value = get(key);
  if (!value)
    return std::nullopt;
  std::optional<uint64_t> count = value->getAsUINT64();
  if (!count) {
    // Integral numbers written with a fraction or an exponent (1e3).
    std::optional<double> number = value->getAsNumber();
    if (number && *number >= 1 && *number < 0x1p64 &&
        std::floor(*number) == *number)
      count = static_cast<uint64_t>(*number);
  }
  if (!count || *count == 0) {
    diagnostics.error(memberPath(key), "expected a positive integer");
    return std::nullopt;
  }
  return count;
}

std::optional<bool> JSONObjectReader::getBool(StringRef key,
                                              bool defaultValue) {
  const json::Value *value = get(key, /*required=*/false);
  if (!value)
    return defaultValue;
  std::optional<bool> flag = value->getAsBoolean();
  if (!flag)
    diagnostics.error(memberPath(key), "expected true or false");
  return flag;
}

const json::Array *JSONObjectReader::getArray(StringRef key, bool required) {
  const json::Value *value = get(key, required);
  if (!value)
    return nullptr;
  const json::Array *array = value->getAsArray();
  if (!array)
    diagnostics.error(memberPath(key), "expected an array");
  return array;
}

const json::Object *JSONObjectReader::getObject(StringRef key) {
  const json::Value *value = get(key);
  if (!value)
    return nullptr;
  const json::Object *nested = value->getAsObject();
  if (!nested)
    diagnostics.error(memberPath(key), "expected an object");
  return nested;
}

void JSONObjectReader::checkFormat(StringRef format, int64_t version) {
  if (std::optional<StringRef> name = getString("format"))
    if (*name != format)
      diagnostics.error(memberPath("format"), "expected \"" + format +
                                                  "\", got \"" + *name + "\"");
  if (const json::Value *value = get("version")) {
    std::optional<int64_t> number = value->getAsInteger();
    if (!number || *number != version)
      diagnostics.error(memberPath("version"),
                        "expected " + llvm::Twine(version) +
                            ", the version this build reads");
  }
}

llvm::Expected<json::Value> mlir::ap::parseJSONFile(StringRef text,
                                                    StringRef fileName) {
  llvm::Expected<json::Value> root = json::parse(text);
  if (!root)
    return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                   fileName + ": invalid JSON: " +
                                       llvm::toString(root.takeError()));
  return root;
}

llvm::Expected<std::string> mlir::ap::readInputFile(StringRef path,
                                                    StringRef what) {
  llvm::ErrorOr<std::unique_ptr<llvm::MemoryBuffer>> file =
      llvm::MemoryBuffer::getFile(path, /*IsText=*/true);
  if (!file)
    return llvm::createStringError(file.getError(), "cannot read " + what +
                                                        " '" + path + "': " +
                                                        file.getError().message());
  return (*file)->getBuffer().str();
}

const llvm::json::Object *
mlir::ap::getRootObject(const llvm::json::Value &root,
                        JSONDiagnostics &diagnostics) {
  const llvm::json::Object *object = root.getAsObject();
  if (!object)
    diagnostics.error("$", "expected an object");
  return object;
}
