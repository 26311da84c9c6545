//===- Profile.cpp - Calibration profiles (format "ap-profile") -----------===//
//
// Part of the ap project: an adaptive-precision compiler built on MLIR.
//
//===----------------------------------------------------------------------===//
//
// Writing and strict reading of profiles. Every problem of a profile is
// reported, each as `<file>: <json path>: <message>` (JSONDiagnostics); the
// values are read by readValueStatistics, which reports the same way.
//
//===----------------------------------------------------------------------===//

#include "ap/Calibration/Profile.h"
#include "ap/Support/JSONReader.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/raw_ostream.h"

using namespace mlir::ap;
using llvm::StringRef;
namespace json = llvm::json;

bool ProfileTiming::operator==(const ProfileTiming &other) const {
  return op == other.op && device == other.device &&
         precision == other.precision && time == other.time &&
         count == other.count;
}

const ValueStatistics *Profile::lookupValue(StringRef id) const {
  for (const ValueStatistics &value : values)
    if (value.getId() == id)
      return &value;
  return nullptr;
}

bool Profile::operator==(const Profile &other) const {
  return batches == other.batches && granularity == other.granularity &&
         timings == other.timings && values == other.values;
}

json::Value mlir::ap::toJSON(const Profile &profile) {
  json::Array timings;
  timings.reserve(profile.timings.size());
  for (const ProfileTiming &timing : profile.timings)
    timings.push_back(json::Object{{"op", timing.op},
                                   {"device", timing.device},
                                   {"precision", timing.precision},
                                   {"time", timing.time},
                                   {"count", timing.count}});
  json::Array values;
  values.reserve(profile.values.size());
  for (const ValueStatistics &value : profile.values)
    values.push_back(toJSON(value));
  json::Object root{{"format", Profile::kFormatName},
                    {"version", Profile::kVersion},
                    {"batches", profile.batches},
                    {"timings", std::move(timings)},
                    {"values", std::move(values)}};
  if (!profile.granularity.empty())
    root["granularity"] = profile.granularity;
  return root;
}

/// Reads the element `path` of "timings" into `timing`; false when it has a
/// problem (reported).
static bool readTiming(const json::Value &element, const std::string &path,
                       int64_t version, JSONDiagnostics &diagnostics,
                       ProfileTiming &timing) {
  const json::Object *object = element.getAsObject();
  if (!object) {
    diagnostics.error(path, version >= 2
                                ? "expected an object with 'op', 'device', "
                                  "'precision', 'time' and 'count'"
                                : "expected an object with 'op', 'device', "
                                  "'precision' and 'time'");
    return false;
  }
  size_t before = diagnostics.getErrorCount();
  JSONObjectReader reader(diagnostics, *object, path);
  std::optional<StringRef> op = reader.getString("op");
  std::optional<StringRef> device = reader.getString("device");
  std::optional<StringRef> precision = reader.getString("precision");
  std::optional<double> time = reader.getNumber("time", NumberBound::Positive);
  // Version 1 has no count: asking only in version 2 makes it an unknown key
  // in version 1. (A plain integer rather than an optional, which GCC
  // suspects of being read uninitialized.)
  uint64_t count = 1;
  if (version >= 2 && reader.get("count", /*required=*/false)) {
    std::optional<uint64_t> given = reader.getCount("count");
    if (given && *given > static_cast<uint64_t>(INT64_MAX))
      diagnostics.error(reader.memberPath("count"),
                        "expected a positive integer below 2^63");
    count = given.value_or(0);
  }
  reader.reportUnknownKeys();
  if (!op || !device || !precision || !time ||
      diagnostics.getErrorCount() != before)
    return false;
  timing.op = op->str();
  timing.device = device->str();
  timing.precision = precision->str();
  timing.time = *time;
  timing.count = static_cast<int64_t>(count);
  return true;
}

llvm::Expected<Profile> mlir::ap::parseProfile(StringRef text,
                                               StringRef fileName) {
  llvm::Expected<json::Value> root = parseJSONFile(text, fileName);
  if (!root)
    return root.takeError();
  JSONDiagnostics diagnostics(fileName);
  const json::Object *object = getRootObject(*root, diagnostics);
  if (!object)
    return diagnostics.takeError();

  Profile profile;
  {
    JSONObjectReader reader(diagnostics, *object, "$");
    if (std::optional<StringRef> name = reader.getString("format"))
      if (*name != Profile::kFormatName)
        diagnostics.error(reader.memberPath("format"),
                          "expected \"" + Profile::kFormatName + "\", got \"" +
                              *name + "\"");
    // An unknown version is reported, and the rest read as the newest.
    int64_t version = Profile::kVersion;
    if (const json::Value *value = reader.get("version")) {
      std::optional<int64_t> number = value->getAsInteger();
      if (number && *number >= 1 && *number <= Profile::kVersion)
        version = *number;
      else
        diagnostics.error(reader.memberPath("version"),
                          "expected 1 or 2, the versions this build reads");
    }

    if (const json::Array *timings = reader.getArray("timings")) {
      llvm::StringSet<> seen;
      for (auto [index, element] : llvm::enumerate(*timings)) {
        std::string path = "$.timings[" + std::to_string(index) + "]";
        ProfileTiming timing;
        if (!readTiming(element, path, version, diagnostics, timing))
          continue;
        std::string key =
            timing.op + '\0' + timing.device + '\0' + timing.precision;
        if (!seen.insert(key).second) {
          diagnostics.error(path, "a second time for op '" + timing.op +
                                      "' on device '" + timing.device +
                                      "' at '" + timing.precision + "'");
          continue;
        }
        profile.timings.push_back(std::move(timing));
      }
    }

    if (version >= 2) {
      if (const json::Value *value = reader.get("batches", false)) {
        std::optional<int64_t> batches = value->getAsInteger();
        if (batches && *batches >= 0)
          profile.batches = *batches;
        else
          diagnostics.error(reader.memberPath("batches"),
                            "expected a non-negative integer");
      }
      if (const json::Value *value = reader.get("granularity", false)) {
        std::optional<StringRef> granularity = value->getAsString();
        if (granularity && (*granularity == "op" || *granularity == "layer"))
          profile.granularity = granularity->str();
        else
          diagnostics.error(reader.memberPath("granularity"),
                            "expected \"op\" or \"layer\"");
      }
      if (const json::Array *values = reader.getArray("values")) {
        llvm::StringMap<size_t> first;
        for (auto [index, element] : llvm::enumerate(*values)) {
          std::string path = "$.values[" + std::to_string(index) + "]";
          std::optional<ValueStatistics> statistics =
              readValueStatistics(element, path, diagnostics);
          if (!statistics)
            continue;
          auto [it, inserted] = first.try_emplace(statistics->getId(), index);
          if (!inserted) {
            diagnostics.error(path + ".id",
                              "a second value with id '" + statistics->getId() +
                                  "' (the first is " + "$.values[" +
                                  std::to_string(it->second) + "])");
            continue;
          }
          profile.values.push_back(std::move(*statistics));
        }
      }
    }
  }
  if (diagnostics.hasErrors())
    return diagnostics.takeError();
  return profile;
}

llvm::Expected<Profile> mlir::ap::readProfile(StringRef path) {
  llvm::Expected<std::string> text = readInputFile(path, "profile");
  if (!text)
    return text.takeError();
  return parseProfile(*text, path);
}

llvm::Error mlir::ap::writeProfile(const Profile &profile, StringRef path) {
  json::Value value = toJSON(profile);
  llvm::Error error = llvm::writeToOutput(path, [&](llvm::raw_ostream &os) {
    os << llvm::formatv("{0:2}", value) << "\n";
    return llvm::Error::success();
  });
  if (error)
    return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                   "cannot write profile '" + path + "': " +
                                       llvm::toString(std::move(error)));
  return llvm::Error::success();
}
