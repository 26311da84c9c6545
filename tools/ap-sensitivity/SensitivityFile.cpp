//===- SensitivityFile.cpp - The JSON files of ap-sensitivity -------------===//
//
// Part of the ap project: an adaptive-precision compiler built on MLIR.
//
//===----------------------------------------------------------------------===//

#include "SensitivityFile.h"

#include "ap/Support/JSONReader.h"

#include "llvm/ADT/StringMap.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/raw_ostream.h"

using namespace mlir;
using namespace mlir::ap;
using namespace mlir::ap::sensitivity;
namespace json = llvm::json;

/// The metrics of a candidate measured by execution.
static json::Object getMetrics(const CandidateResult &candidate) {
  const OutputComparison &comparison = *candidate.comparison;
  json::Object metrics;
  metrics["relative_l2"] = comparison.getRelativeL2();
  if (std::optional<double> sqnr = comparison.getSQNR())
    metrics["sqnr_db"] = *sqnr;
  else
    metrics["sqnr_db"] = nullptr;
  metrics["softmax_kl"] = comparison.getSoftmaxKL();
  metrics["top1_agreement"] = comparison.getTop1Agreement();
  if (candidate.hasLabels) {
    metrics["top1_accuracy"] = comparison.getTop1Accuracy();
    metrics["accuracy_drop"] = comparison.getAccuracyDrop();
  }
  return metrics;
}

llvm::Error
mlir::ap::sensitivity::writeSensitivity(const SensitivityResult &result,
                                        llvm::StringRef path) {
  json::Array ops;
  for (const OpSensitivity &op : result.ops) {
    json::Array candidates;
    for (const CandidateResult &candidate : op.candidates) {
      json::Object entry{{"precision", candidate.precision},
                         {"loss", candidate.loss}};
      if (candidate.comparison)
        entry["metrics"] = getMetrics(candidate);
      candidates.push_back(std::move(entry));
    }
    json::Object entry{{"op", op.key}, {"name", op.name}};
    if (!op.loc.empty())
      entry["loc"] = op.loc;
    entry["candidates"] = std::move(candidates);
    ops.push_back(std::move(entry));
  }
  json::Object root{{"format", SensitivityResult::kFormatName},
                    {"version", SensitivityResult::kVersion},
                    {"source", result.source},
                    {"metric", result.metric},
                    {"model", result.model},
                    {"examples", result.examples},
                    {"forward_pass_equivalents", result.forwardPassEquivalents},
                    {"ops", std::move(ops)}};
  // writeToOutput writes a temporary file and renames it into place.
  return llvm::writeToOutput(path, [&](llvm::raw_ostream &os) {
    os << llvm::formatv("{0:2}", json::Value(std::move(root))) << "\n";
    return llvm::Error::success();
  });
}

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
  const json::Object *object = root->getAsObject();
  if (!object) {
    diagnostics.error("$", "expected an object");
    return diagnostics.takeError();
  }
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
