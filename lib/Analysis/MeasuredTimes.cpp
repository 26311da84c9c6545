//===- MeasuredTimes.cpp - Measured per-op times from profiles ------------===//
//
// Part of the ap project: an adaptive-precision compiler built on MLIR.
//
//===----------------------------------------------------------------------===//

#include "ap/Analysis/MeasuredTimes.h"
#include "ap/Support/JSONReader.h"

#include "llvm/ADT/StringSet.h"

using namespace mlir;
using namespace mlir::ap;
namespace json = llvm::json;

llvm::Error mlir::ap::parseMeasuredTimes(StringRef text, StringRef fileName,
                                         CostModel &model) {
  llvm::Expected<json::Value> root = parseJSONFile(text, fileName);
  if (!root)
    return root.takeError();
  JSONDiagnostics diagnostics(fileName);
  const json::Object *object = getRootObject(*root, diagnostics);
  if (!object)
    return diagnostics.takeError();
  const TargetModel &target = model.getTarget();
  struct Timing {
    std::string key;
    unsigned device;
    Precision precision;
    double time;
  };
  SmallVector<Timing> timings;
  {
    JSONObjectReader profile(diagnostics, *object, "$");
    if (std::optional<StringRef> name = profile.getString("format"))
      if (*name != kProfileFormatName)
        diagnostics.error(profile.memberPath("format"),
                          "expected \"" + kProfileFormatName + "\", got \"" +
                              *name + "\"");
    // An unknown version is reported, and the rest read as the newest.
    int64_t version = kProfileFormatVersion;
    if (const json::Value *value = profile.get("version")) {
      std::optional<int64_t> number = value->getAsInteger();
      if (number && *number >= 1 && *number <= kProfileFormatVersion)
        version = *number;
      else
        diagnostics.error(profile.memberPath("version"),
                          "expected 1 or 2, the versions this build reads");
    }
    // Version 2 adds what calibration measured, which the cost model does
    // not use (ap/Calibration/Profile.h reads it).
    if (version >= 2)
      for (StringRef key : {"batches", "granularity", "values"})
        profile.get(key, /*required=*/false);
    const json::Array *array = profile.getArray("timings");
    llvm::StringSet<> seen;
    for (auto [index, element] :
         llvm::enumerate(array ? ArrayRef<json::Value>(*array)
                               : ArrayRef<json::Value>())) {
      std::string path = "$.timings[" + std::to_string(index) + "]";
      const json::Object *entry = element.getAsObject();
      if (!entry) {
        diagnostics.error(path, "expected an object with 'op', 'device', "
                                "'precision' and 'time'");
        continue;
      }
      JSONObjectReader timing(diagnostics, *entry, path);
      std::optional<StringRef> key = timing.getString("op");
      std::optional<StringRef> deviceName = timing.getString("device");
      std::optional<StringRef> precisionName = timing.getString("precision");
      std::optional<double> time =
          timing.getNumber("time", NumberBound::Positive);
      // Version 2 says how many executions the time is the mean of.
      if (version >= 2 && timing.get("count", /*required=*/false))
        timing.getCount("count");
      std::optional<unsigned> device =
          deviceName ? target.lookupDevice(*deviceName) : std::nullopt;
      if (deviceName && !device)
        diagnostics.error(timing.memberPath("device"),
                          "unknown device '" + *deviceName +
                              "'; the profile must be for the module's "
                              "target");
      std::optional<Precision> precision =
          precisionName ? symbolizePrecision(*precisionName) : std::nullopt;
      if (precisionName && !precision)
        diagnostics.error(timing.memberPath("precision"),
                          "unknown precision '" + *precisionName + "'");
      if (!key || !device || !precision || !time)
        continue;
      std::string id = (*key + "/" + *deviceName + "/" + *precisionName).str();
      if (!seen.insert(id).second) {
        diagnostics.error(path, "a second time for op '" + *key +
                                    "' on device '" + *deviceName + "' at '" +
                                    *precisionName + "'");
        continue;
      }
      timings.push_back({key->str(), *device, *precision, *time});
    }
  }
  if (diagnostics.hasErrors())
    return diagnostics.takeError();
  for (const Timing &timing : timings)
    model.addMeasuredTime(timing.key, timing.device, timing.precision,
                          timing.time);
  return llvm::Error::success();
}

llvm::Error mlir::ap::loadMeasuredTimes(StringRef path, CostModel &model) {
  llvm::Expected<std::string> text = readInputFile(path, "profile");
  if (!text)
    return text.takeError();
  return parseMeasuredTimes(*text, path, model);
}
