//===- CostReport.cpp - What every op costs on the target -----------------===//
//
// Part of the ap project: an adaptive-precision compiler built on MLIR.
//
//===----------------------------------------------------------------------===//

#include "ap/Analysis/CostOpInterface.h"
#include "ap/Analysis/MeasuredTimes.h"
#include "ap/Dialect/AP/IR/APOps.h"
#include "ap/Dialect/AP/Transforms/Passes.h"

#include "mlir/Interfaces/FunctionInterfaces.h"
#include "mlir/Support/FileUtilities.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/ToolOutputFile.h"

#include <map>

namespace mlir::ap {
#define GEN_PASS_DEF_APCOSTREPORT
#include "ap/Dialect/AP/Transforms/Passes.h.inc"
} // namespace mlir::ap

using namespace mlir;
using namespace mlir::ap;
namespace json = llvm::json;

namespace {

/// One priced configuration of an op.
struct Row {
  unsigned device = 0;
  /// The input precision; unset for transfers, which no device runs.
  std::optional<Precision> precision;
  std::optional<Precision> accumulator;
  FailureOr<Cost> cost = failure();
  /// Why the op cannot run so, when it cannot.
  std::string problem;
};

/// The priced op.
struct OpReport {
  Operation *op = nullptr;
  std::string key;
  Work work;
  std::vector<Row> rows;
};

/// Sums per device and precision.
struct Total {
  double time = 0, energy = 0;
  int64_t ops = 0, bytes = 0;
  /// Ops that cannot run at this device and precision.
  unsigned unsupported = 0;
};

using TotalKey = std::pair<unsigned, Precision>;

struct FunctionReport {
  std::string name;
  std::vector<OpReport> ops;
  /// Ops left out, with the reason.
  SmallVector<std::pair<Operation *, std::string>> skipped;
  std::map<TotalKey, Total> totals;
};

/// Runs `compute`, which reports problems through the emitError it is given,
/// capturing the first problem's message instead of emitting it.
template <typename Fn>
static auto captureProblem(MLIRContext *context, Location loc,
                           std::string &problem, Fn &&compute) {
  ScopedDiagnosticHandler handler(context, [&](Diagnostic &diagnostic) {
    if (problem.empty())
      problem = diagnostic.str();
    return success();
  });
  return compute([&] { return mlir::emitError(loc); });
}

std::string formatFigure(double value) {
  std::string text;
  llvm::raw_string_ostream(text) << llvm::format("%.4e", value);
  return text;
}

std::string formatLocation(Location loc) {
  std::string text;
  llvm::raw_string_ostream os(text);
  loc.print(os);
  return text;
}

StringRef precisionName(std::optional<Precision> precision) {
  return precision ? stringifyPrecision(*precision) : StringRef("-");
}

struct CostReportPass : public ap::impl::APCostReportBase<CostReportPass> {
  using Base::Base;

  void runOnOperation() override;

  FunctionReport reportFunction(FunctionOpInterface function,
                                const CostModel &model);
  void printText(raw_ostream &os, ArrayRef<FunctionReport> reports,
                 const TargetModel &target);
  json::Value toJSON(ArrayRef<FunctionReport> reports,
                     const TargetModel &target);
};

} // namespace

FunctionReport CostReportPass::reportFunction(FunctionOpInterface function,
                                              const CostModel &model) {
  const TargetModel &target = model.getTarget();
  FunctionReport report;
  report.name = function.getName().str();
  llvm::DenseMap<Operation *, std::string> keys = assignCostKeys(function);
  MLIRContext *context = function->getContext();
  function->walk<WalkOrder::PreOrder>([&](CostOpInterface op) {
    OpReport entry;
    entry.op = op;
    entry.key = keys.lookup(op);
    std::string problem;
    FailureOr<Work> work =
        captureProblem(context, op->getLoc(), problem,
                       [&](auto emitError) { return op.getWork(emitError); });
    if (failed(work)) {
      op->emitWarning() << "not priced: " << problem;
      report.skipped.push_back({op, std::move(problem)});
      return;
    }
    entry.work = std::move(*work);
    auto price = [&](Row &row, const ExecutionConfig &config) {
      row.cost = captureProblem(context, op->getLoc(), row.problem,
                                [&](auto emitError) {
                                  return getOpCost(op, entry.work, entry.key,
                                                   model, config, emitError);
                                });
    };
    if (auto transfer = dyn_cast<TransferOp>(op.getOperation())) {
      Row &row = entry.rows.emplace_back();
      row.precision = transfer.getWire();
      if (!row.precision)
        row.precision =
            getPrecision(transfer.getInput().getType().getElementType());
      price(row, ExecutionConfig{target.getDefaultDevice(), std::nullopt,
                                 std::nullopt});
    } else {
      for (auto [index, device] : llvm::enumerate(target.getDevices())) {
        if (entry.work.fixedPrecision) {
          Row &row = entry.rows.emplace_back();
          row.device = index;
          row.precision = entry.work.computePrecision;
          price(row, ExecutionConfig{static_cast<unsigned>(index),
                                     std::nullopt, std::nullopt});
          continue;
        }
        for (Precision precision : device.precisions) {
          Row &row = entry.rows.emplace_back();
          row.device = index;
          PrecisionChoice choice = PrecisionChoice::natural(precision, device);
          row.precision = precision;
          row.accumulator = choice.accumulator;
          price(row, ExecutionConfig{static_cast<unsigned>(index), choice,
                                     std::nullopt});
        }
      }
    }
    // Totals per device and precision: ops with their own precisions (and
    // transfers) count at every precision of a device.
    for (auto [index, device] : llvm::enumerate(target.getDevices())) {
      for (Precision precision : device.precisions) {
        Total &total = report.totals[{static_cast<unsigned>(index), precision}];
        const Row *match = nullptr;
        for (const Row &row : entry.rows) {
          bool transfer = isa<TransferOp>(op);
          if (transfer || (row.device == index &&
                           (entry.work.fixedPrecision ||
                            row.precision == precision)))
            match = &row;
        }
        if (!match || failed(match->cost)) {
          ++total.unsupported;
          continue;
        }
        total.time += match->cost->time;
        total.energy += match->cost->getEnergy();
        total.ops += match->cost->ops;
        total.bytes += match->cost->bytesRead + match->cost->bytesWritten;
      }
    }
    report.ops.push_back(std::move(entry));
  });
  return report;
}

void CostReportPass::printText(raw_ostream &os,
                               ArrayRef<FunctionReport> reports,
                               const TargetModel &target) {
  auto deviceName = [&](const Row &row) -> StringRef {
    return target.getDevice(row.device).name;
  };
  for (const FunctionReport &report : reports) {
    os << "ap-cost-report: @" << report.name << ": " << report.ops.size()
       << " ops priced, " << report.skipped.size() << " skipped\n";
    for (const OpReport &entry : report.ops) {
      int64_t read = 0, written = 0;
      for (const MemoryAccess &access : entry.work.accesses)
        (access.role == AccessRole::Output ? written : read) +=
            getStorageBytes(access.elements, access.storedBits);
      os << entry.key << " " << entry.op->getName() << " ops "
         << entry.work.computeOps + entry.work.accumulateOps << " ("
         << entry.work.accumulateOps << " accumulating) read " << read
         << " B written " << written << " B at "
         << formatLocation(entry.op->getLoc()) << "\n";
      for (const Row &row : entry.rows) {
        os << "  "
           << (isa<TransferOp>(entry.op) ? StringRef("link")
                                         : deviceName(row))
           << " " << precisionName(row.precision);
        if (row.accumulator)
          os << "/" << precisionName(row.accumulator);
        if (failed(row.cost)) {
          os << " cannot run: " << row.problem << "\n";
          continue;
        }
        const Cost &cost = *row.cost;
        os << " time " << formatFigure(cost.time) << " s energy "
           << formatFigure(cost.getEnergy()) << " J "
           << (isa<TransferOp>(entry.op) ? "transfer"
               : cost.isComputeBound()   ? "compute-bound"
                                         : "memory-bound");
        if (cost.measured)
          os << " measured";
        os << "\n";
      }
    }
    os << "totals @" << report.name << "\n";
    for (const auto &[key, total] : report.totals) {
      os << "  " << target.getDevice(key.first).name << " "
         << stringifyPrecision(key.second) << " time "
         << formatFigure(total.time) << " s energy "
         << formatFigure(total.energy) << " J";
      if (total.unsupported)
        os << " (" << total.unsupported << " ops cannot run so)";
      os << "\n";
    }
  }
}

json::Value CostReportPass::toJSON(ArrayRef<FunctionReport> reports,
                                   const TargetModel &target) {
  json::Array functions;
  for (const FunctionReport &report : reports) {
    json::Array ops;
    for (const OpReport &entry : report.ops) {
      json::Array costs;
      for (const Row &row : entry.rows) {
        json::Object cost{{"precision", precisionName(row.precision)}};
        if (!isa<TransferOp>(entry.op))
          cost["device"] = target.getDevice(row.device).name;
        if (row.accumulator)
          cost["accumulator"] = stringifyPrecision(*row.accumulator);
        if (failed(row.cost)) {
          cost["error"] = row.problem;
        } else {
          const Cost &c = *row.cost;
          cost["time"] = c.time;
          cost["compute_time"] = c.computeTime;
          cost["memory_time"] = c.memoryTime;
          cost["overhead_time"] = c.overheadTime;
          cost["energy"] = c.getEnergy();
          cost["dynamic_energy"] = c.dynamicEnergy;
          cost["static_energy"] = c.staticEnergy;
          cost["ops"] = c.ops;
          cost["bytes_read"] = c.bytesRead;
          cost["bytes_written"] = c.bytesWritten;
          cost["bound"] = isa<TransferOp>(entry.op) ? "transfer"
                          : c.isComputeBound()     ? "compute"
                                                   : "memory";
          cost["measured"] = c.measured;
        }
        costs.push_back(std::move(cost));
      }
      ops.push_back(json::Object{
          {"key", entry.key},
          {"op", entry.op->getName().getStringRef()},
          {"location", formatLocation(entry.op->getLoc())},
          {"compute_ops", entry.work.computeOps},
          {"accumulate_ops", entry.work.accumulateOps},
          {"costs", std::move(costs)}});
    }
    json::Array skipped;
    for (const auto &[op, reason] : report.skipped)
      skipped.push_back(json::Object{{"op", op->getName().getStringRef()},
                                     {"location", formatLocation(op->getLoc())},
                                     {"reason", reason}});
    json::Array totals;
    for (const auto &[key, total] : report.totals)
      totals.push_back(
          json::Object{{"device", target.getDevice(key.first).name},
                       {"precision", stringifyPrecision(key.second)},
                       {"time", total.time},
                       {"energy", total.energy},
                       {"ops", total.ops},
                       {"bytes", total.bytes},
                       {"unsupported_ops", total.unsupported}});
    functions.push_back(json::Object{{"name", report.name},
                                     {"ops", std::move(ops)},
                                     {"skipped", std::move(skipped)},
                                     {"totals", std::move(totals)}});
  }
  return json::Object{{"format", "ap-cost-report"},
                      {"version", 1},
                      {"functions", std::move(functions)}};
}

/// Writes `text` to `path` whole ('-' is stdout), or reports why not.
static LogicalResult writeWhole(StringRef path, StringRef text, Location loc) {
  std::string error;
  std::unique_ptr<llvm::ToolOutputFile> file = openOutputFile(path, &error);
  if (!file)
    return emitError(loc) << "cannot write '" << path << "': " << error;
  file->os() << text;
  file->os().flush();
  if (file->os().has_error())
    return emitError(loc) << "cannot write '" << path
                           << "': " << file->os().error().message();
  file->keep();
  return success();
}

void CostReportPass::runOnOperation() {
  ModuleOp module = getOperation();
  // Errors about the whole module go to its location, without the dump of
  // the module that an error on the op would carry.
  auto emitModuleError = [&] { return mlir::emitError(module.getLoc()); };
  FailureOr<TargetModel> target =
      TargetModel::forModule(module, "ap-cost-report");
  if (failed(target))
    return signalPassFailure();
  CostModel model(std::move(*target));
  if (!profile.empty()) {
    if (llvm::Error error = loadMeasuredTimes(profile, model)) {
      emitModuleError() << llvm::toString(std::move(error));
      return signalPassFailure();
    }
  }

  std::vector<FunctionReport> reports;
  llvm::StringSet<> keys;
  module->walk([&](FunctionOpInterface function) {
    if (function.isExternal())
      return;
    for (const auto &[op, key] : assignCostKeys(function))
      keys.insert(key);
    reports.push_back(reportFunction(function, model));
  });
  // A profile of another version of the module names ops that are gone (or
  // renumbered): say so rather than silently estimating.
  SmallVector<StringRef> unmatched;
  for (const std::string &key : model.getMeasuredOps())
    if (!keys.contains(key))
      unmatched.push_back(key);
  if (!unmatched.empty())
    mlir::emitWarning(module.getLoc())
        << "profile '" << profile << "': " << unmatched.size() << " of "
        << model.getMeasuredOps().size()
        << " measured ops match no op of the module (the first is '"
        << unmatched.front()
        << "'); ops are matched by cost key, see docs/cost-model.md";

  if (output != "none") {
    std::string text;
    llvm::raw_string_ostream os(text);
    printText(os, reports, model.getTarget());
    if (failed(writeWhole(output, text, module.getLoc())))
      return signalPassFailure();
  }
  if (!report.empty()) {
    std::string text;
    llvm::raw_string_ostream os(text);
    os << llvm::formatv("{0:2}", toJSON(reports, model.getTarget())) << "\n";
    if (failed(writeWhole(report, text, module.getLoc())))
      return signalPassFailure();
  }
}
