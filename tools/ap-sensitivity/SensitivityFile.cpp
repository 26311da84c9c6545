//===- SensitivityFile.cpp - The imported sensitivities ------------------===//
//
// Part of the ap project: an adaptive-precision compiler built on MLIR.
//
//===----------------------------------------------------------------------===//

#include "SensitivityFile.h"

#include "ap/Support/JSONReader.h"

#include "llvm/ADT/StringMap.h"
#include "llvm/Support/JSON.h"

using namespace mlir;
using namespace mlir::ap;
using namespace mlir::ap::sensitivity;
namespace json = llvm::json;

llvm::Expected<std::vector<std::optional<double>>>
mlir::ap::sensitivity::readImportedSensitivities(llvm::StringRef path,
                                                 llvm::ArrayRef<Site> sites) {
  llvm::Expected<std::string> text =
      readInputFile(path, "imported sensitivities");
  if (!text)
    return text.takeError();
  llvm::Expected<json::Value> root = parseJSONFile(*text, path);
  if (!root)
    return root.takeError();

  // Names: cost keys first, then the loc names that no key shadows.
  llvm::StringMap<unsigned> keys;
  llvm::StringMap<llvm::SmallVector<unsigned>> locs;
  for (auto [index, site] : llvm::enumerate(sites)) {
    keys[site.key] = index;
    if (!site.loc.empty())
      locs[site.loc].push_back(index);
  }

  JSONDiagnostics diagnostics(path);
  std::vector<std::optional<double>> sensitivities(sites.size());
  std::vector<std::string> namedAt(sites.size());
  const json::Object *object = getRootObject(*root, diagnostics);
  if (!object)
    return diagnostics.takeError();
  JSONObjectReader reader(diagnostics, *object, "$");
  reader.checkFormat(kImportFormatName, kImportVersion);
  if (const json::Array *entries = reader.getArray("ops")) {
    for (auto [position, value] : llvm::enumerate(*entries)) {
      std::string where = "$.ops[" + std::to_string(position) + "]";
      const json::Object *entry = value.getAsObject();
      if (!entry) {
        diagnostics.error(where, "expected an object");
        continue;
      }
      JSONObjectReader entryReader(diagnostics, *entry, where);
      std::optional<llvm::StringRef> name = entryReader.getString("op");
      std::optional<double> sensitivity =
          entryReader.getNumber("sensitivity", NumberBound::NonNegative);
      if (!name)
        continue;
      std::optional<unsigned> site;
      if (auto key = keys.find(*name); key != keys.end()) {
        site = key->second;
      } else if (auto loc = locs.find(*name); loc != locs.end()) {
        if (loc->second.size() > 1) {
          std::string candidates;
          for (unsigned index : loc->second)
            candidates += (candidates.empty() ? "" : ", ") + sites[index].key;
          diagnostics.error(where + ".op",
                            "'" + *name + "' is the loc of several ops (" +
                                candidates + "); name one by its cost key");
          continue;
        }
        site = loc->second.front();
      } else {
        std::string known;
        for (const Site &candidate : sites)
          known += (known.empty() ? "" : ", ") + candidate.describe();
        diagnostics.error(where + ".op",
                          "unknown op '" + *name +
                              "'; expected the cost key or loc name of one "
                              "of the ops of the entry: " +
                              (known.empty() ? std::string("(none)") : known));
        continue;
      }
      if (!namedAt[*site].empty()) {
        diagnostics.error(where + ".op",
                          "'" + *name + "' names " + sites[*site].describe() +
                              ", already given at " + namedAt[*site]);
        continue;
      }
      namedAt[*site] = where;
      sensitivities[*site] = sensitivity;
    }
  }
  reader.reportUnknownKeys();
  if (diagnostics.hasErrors())
    return diagnostics.takeError();
  return sensitivities;
}
