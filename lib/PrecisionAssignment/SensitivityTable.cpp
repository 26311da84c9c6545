//===- SensitivityTable.cpp - Per-op losses (format "ap-sensitivity") -----===//
//
// Part of the ap project: an adaptive-precision compiler built on MLIR.
//
//===----------------------------------------------------------------------===//

#include "ap/PrecisionAssignment/SensitivityTable.h"
#include "ap/Support/JSONReader.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/raw_ostream.h"

#include <cmath>

using namespace mlir;
using namespace mlir::ap;
namespace json = llvm::json;

std::optional<double> OpSensitivity::lookupLoss(Precision precision) const {
  for (const auto &[candidate, loss] : losses)
    if (candidate == precision)
      return loss;
  if (precision == Precision::F32)
    return 0.0;
  return std::nullopt;
}

const CandidateMetrics *
OpSensitivity::lookupMetrics(Precision precision) const {
  for (const auto &[candidate, values] : metrics)
    if (candidate == precision)
      return &values;
  return nullptr;
}

bool SensitivityTable::addOp(OpSensitivity op) {
  auto [it, inserted] = index.try_emplace(op.key, ops.size());
  if (!inserted)
    return false;
  ops.push_back(std::move(op));
  return true;
}

const OpSensitivity *SensitivityTable::lookup(llvm::StringRef key) const {
  auto it = index.find(key);
  return it == index.end() ? nullptr : &ops[it->second];
}

llvm::ArrayRef<Precision> mlir::ap::getSensitivityPrecisions() {
  static constexpr Precision precisions[] = {
      Precision::F32,    Precision::F16, Precision::BF16, Precision::F8E4M3FN,
      Precision::F8E5M2, Precision::I8,  Precision::I4};
  return precisions;
}

/// The names `values` lists, quoted and separated by commas.
static std::string quoteList(llvm::ArrayRef<llvm::StringRef> values) {
  std::string list;
  for (llvm::StringRef value : values)
    list += (list.empty() ? "\"" : ", \"") + value.str() + "\"";
  return list;
}

/// Reads a string member that must be one of `allowed`.
static void readEnumString(JSONObjectReader &reader,
                           JSONDiagnostics &diagnostics, llvm::StringRef key,
                           llvm::ArrayRef<llvm::StringRef> allowed,
                           std::string &result) {
  std::optional<llvm::StringRef> value = reader.getString(key);
  if (!value)
    return;
  if (!llvm::is_contained(allowed, *value)) {
    diagnostics.error(reader.memberPath(key), "expected one of " +
                                                  quoteList(allowed) +
                                                  ", got \"" + *value + "\"");
    return;
  }
  result = value->str();
}

/// Reads the optional "metrics" of a candidate at `path` into `result`.
static void readMetrics(const json::Object &metrics, const std::string &path,
                        JSONDiagnostics &diagnostics,
                        CandidateMetrics &result) {
  JSONObjectReader reader(diagnostics, metrics, path);
  for (llvm::StringRef key :
       {"relative_l2", "sqnr_db", "softmax_kl", "top1_agreement",
        "top1_accuracy", "accuracy_drop"}) {
    const json::Value *value = reader.get(key, /*required=*/false);
    if (!value)
      continue;
    // An exact result has no SQNR (infinite): written as null.
    if (key == "sqnr_db" && value->kind() == json::Value::Null) {
      result[key.str()] = std::nullopt;
      continue;
    }
    std::optional<double> number = value->getAsNumber();
    if (!number || !std::isfinite(*number))
      diagnostics.error(reader.memberPath(key),
                        key == "sqnr_db" ? "expected a finite number or null"
                                         : "expected a finite number");
    else
      result[key.str()] = *number;
  }
}

/// Reads the candidates of the op at `path` into `op`.
static void readCandidates(const json::Array &candidates,
                           const std::string &path, OpSensitivity &op,
                           JSONDiagnostics &diagnostics) {
  llvm::SmallVector<llvm::StringRef> names;
  for (Precision precision : getSensitivityPrecisions())
    names.push_back(stringifyPrecision(precision));
  llvm::SmallVector<std::pair<Precision, std::string>> seen;
  for (auto [position, value] : llvm::enumerate(candidates)) {
    std::string where = path + "[" + std::to_string(position) + "]";
    const json::Object *entry = value.getAsObject();
    if (!entry) {
      diagnostics.error(where, "expected an object");
      continue;
    }
    JSONObjectReader reader(diagnostics, *entry, where);
    std::optional<llvm::StringRef> name = reader.getString("precision");
    std::optional<double> loss =
        reader.getNumber("loss", NumberBound::NonNegative);
    std::optional<CandidateMetrics> metrics;
    if (const json::Value *value = reader.get("metrics", false)) {
      if (const json::Object *object = value->getAsObject())
        readMetrics(*object, reader.memberPath("metrics"), diagnostics,
                    metrics.emplace());
      else
        diagnostics.error(reader.memberPath("metrics"), "expected an object");
    }
    if (!name)
      continue;
    std::optional<Precision> precision;
    if (llvm::is_contained(names, *name))
      precision = symbolizePrecision(*name);
    if (!precision) {
      diagnostics.error(reader.memberPath("precision"),
                        "expected one of " + quoteList(names) + ", got \"" +
                            *name + "\"");
      continue;
    }
    auto previous = llvm::find_if(
        seen, [&](const auto &entry) { return entry.first == *precision; });
    if (previous != seen.end()) {
      diagnostics.error(reader.memberPath("precision"),
                        "a second loss for '" + *name + "' (the first is " +
                            previous->second + ")");
      continue;
    }
    seen.emplace_back(*precision, where);
    if (!loss)
      continue;
    op.losses.emplace_back(*precision, *loss);
    if (metrics)
      op.metrics.emplace_back(*precision, std::move(*metrics));
  }
}

llvm::Expected<SensitivityTable>
mlir::ap::parseSensitivityTable(llvm::StringRef text,
                                llvm::StringRef fileName) {
  llvm::Expected<json::Value> root = parseJSONFile(text, fileName);
  if (!root)
    return root.takeError();
  JSONDiagnostics diagnostics(fileName);
  const json::Object *object = getRootObject(*root, diagnostics);
  if (!object)
    return diagnostics.takeError();

  SensitivityTable table;
  {
    JSONObjectReader reader(diagnostics, *object, "$");
    reader.checkFormat(SensitivityTable::kFormatName,
                       SensitivityTable::kVersion);
    readEnumString(reader, diagnostics, "source",
                   {"execution", "proxy", "import"}, table.source);
    readEnumString(reader, diagnostics, "metric",
                   {"top1_disagreement", "accuracy_drop", "relative_l2",
                    "softmax_kl", "proxy"},
                   table.metric);
    if (const json::Value *model = reader.get("model", false)) {
      if (std::optional<llvm::StringRef> name = model->getAsString())
        table.model = name->str();
      else
        diagnostics.error(reader.memberPath("model"), "expected a string");
    }
    if (const json::Value *examples = reader.get("examples", false)) {
      std::optional<int64_t> count = examples->getAsInteger();
      if (!count || *count < 0)
        diagnostics.error(reader.memberPath("examples"),
                          "expected a non-negative integer");
      else
        table.examples = *count;
    }
    if (const json::Value *cost = reader.get("forward_pass_equivalents", false))
      if (std::optional<double> number = reader.checkNumber(
              *cost, reader.memberPath("forward_pass_equivalents"),
              NumberBound::NonNegative))
        table.forwardPassEquivalents = *number;

    if (const json::Array *ops = reader.getArray("ops")) {
      llvm::StringMap<std::string> firstAt;
      for (auto [position, value] : llvm::enumerate(*ops)) {
        std::string where = "$.ops[" + std::to_string(position) + "]";
        const json::Object *entry = value.getAsObject();
        if (!entry) {
          diagnostics.error(where, "expected an object");
          continue;
        }
        JSONObjectReader opReader(diagnostics, *entry, where);
        OpSensitivity op;
        std::optional<llvm::StringRef> key = opReader.getString("op");
        for (auto [member, field] :
             {std::pair<llvm::StringRef, std::string *>{"name", &op.name},
              {"loc", &op.loc}}) {
          const json::Value *text = opReader.get(member, false);
          if (!text)
            continue;
          if (std::optional<llvm::StringRef> string = text->getAsString())
            *field = string->str();
          else
            diagnostics.error(opReader.memberPath(member), "expected a string");
        }
        if (const json::Array *candidates = opReader.getArray("candidates"))
          readCandidates(*candidates, opReader.memberPath("candidates"), op,
                         diagnostics);
        if (!key)
          continue;
        auto [first, inserted] = firstAt.try_emplace(*key, where);
        if (!inserted) {
          diagnostics.error(opReader.memberPath("op"),
                            "a second entry for op '" + *key +
                                "' (the first is " + first->second + ")");
          continue;
        }
        op.key = key->str();
        table.addOp(std::move(op));
      }
    }
  }
  if (diagnostics.hasErrors())
    return diagnostics.takeError();
  return table;
}

llvm::Expected<SensitivityTable>
mlir::ap::readSensitivityTable(llvm::StringRef path) {
  llvm::Expected<std::string> text = readInputFile(path, "sensitivity file");
  if (!text)
    return text.takeError();
  return parseSensitivityTable(*text, path);
}

std::string mlir::ap::printSensitivityTable(const SensitivityTable &table) {
  json::Array ops;
  for (const OpSensitivity &op : table.getOps()) {
    json::Array candidates;
    for (const auto &[precision, loss] : op.losses) {
      json::Object entry{{"precision", stringifyPrecision(precision)},
                         {"loss", loss}};
      if (const CandidateMetrics *metrics = op.lookupMetrics(precision)) {
        json::Object values;
        for (const auto &[name, value] : *metrics)
          values[name] = value ? json::Value(*value) : json::Value(nullptr);
        entry["metrics"] = std::move(values);
      }
      candidates.push_back(std::move(entry));
    }
    json::Object entry{{"op", op.key}, {"name", op.name}};
    if (!op.loc.empty())
      entry["loc"] = op.loc;
    entry["candidates"] = std::move(candidates);
    ops.push_back(std::move(entry));
  }
  json::Object root{{"format", SensitivityTable::kFormatName},
                    {"version", SensitivityTable::kVersion},
                    {"source", table.source},
                    {"metric", table.metric},
                    {"model", table.model},
                    {"examples", table.examples},
                    {"forward_pass_equivalents", table.forwardPassEquivalents},
                    {"ops", std::move(ops)}};
  return llvm::formatv("{0:2}\n", json::Value(std::move(root))).str();
}

llvm::Error mlir::ap::writeSensitivityTable(const SensitivityTable &table,
                                            llvm::StringRef path) {
  std::string text = printSensitivityTable(table);
  // writeToOutput writes a temporary file and renames it into place.
  return llvm::writeToOutput(path, [&](llvm::raw_ostream &os) {
    os << text;
    return llvm::Error::success();
  });
}
