//===- ap-sensitivity.cpp - How much accuracy each op loses
//-----------------===//
//
// Part of the ap project: an adaptive-precision compiler built on MLIR.
//
//===----------------------------------------------------------------------===//
//
// Estimates, for every op that precision assignment assigns (linalg
// contractions and convolutions on floating-point tensors) and every
// candidate precision of its inputs, the accuracy the network loses when that
// op alone runs at that precision, and writes an "ap-sensitivity" JSON file
// (docs/sensitivity.md). Three sources:
//
//   execution  runs the network on a calibration set, each op perturbed in
//              turn, restarting from cached f32 values at a cut before it;
//   proxy      the relative quantization noise of the op's inputs, from a
//              calibration profile and the weights, without running;
//   import     imported per-op sensitivities times that noise (HAWQ).
//
//===----------------------------------------------------------------------===//

#include "Candidates.h"
#include "ExecutionSource.h"
#include "ProxySource.h"
#include "SensitivityFile.h"

#include "ap/Calibration/Profile.h"
#include "ap/Dialect/AP/IR/APOps.h"
#include "ap/Execution/CalibrationData.h"
#include "ap/Execution/CompiledModule.h"
#include "ap/Execution/OutputMetrics.h"
#include "ap/InitAll.h"
#include "ap/PrecisionAssignment/Sites.h"
#include "ap/Support/Npy.h"

#include "mlir/IR/AttrTypeSubElements.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/DialectResourceBlobManager.h"
#include "mlir/InitAllDialects.h"
#include "mlir/InitAllExtensions.h"
#include "mlir/Parser/Parser.h"
#include "mlir/Support/FileUtilities.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Process.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/Threading.h"
#include "llvm/Support/WithColor.h"

using namespace mlir;
using namespace mlir::ap;
using namespace mlir::ap::sensitivity;
using npy::NpyArray;
namespace cl = llvm::cl;

namespace {
enum class Source { Execution, Proxy, Import };

struct Options {
  cl::OptionCategory category{"ap-sensitivity options"};
  cl::opt<std::string> model{cl::Positional, cl::desc("<model .mlir>"),
                             cl::init("-"), cl::cat(category)};
  cl::opt<Source> source{
      "source", cl::desc("Where the sensitivities come from"),
      cl::values(
          clEnumValN(Source::Execution, "execution",
                     "run the network on --data, each op perturbed in turn"),
          clEnumValN(Source::Proxy, "proxy",
                     "the relative quantization noise of each op's inputs, "
                     "from --profile and the weights"),
          clEnumValN(Source::Import, "import",
                     "the sensitivities of --import times the proxy's "
                     "noise")),
      cl::Required, cl::cat(category)};
  cl::list<std::string> data{
      "data",
      cl::desc("The calibration set: one .npy file per argument of the "
               "entry, in order, each holding whole batches along its "
               "leading dimension (execution)"),
      cl::value_desc("calib.npy"), cl::cat(category)};
  cl::opt<std::string> labels{
      "labels",
      cl::desc("Integer labels, one per row of the first result over the "
               "calibration set: adds top1_accuracy and accuracy_drop "
               "(execution)"),
      cl::value_desc("labels.npy"), cl::cat(category)};
  cl::opt<std::string> profile{
      "profile",
      cl::desc("A calibration profile (ap-profile JSON) of the model "
               "instrumented by ap-instrument: the statistics of the "
               "activations (needed by proxy and import; with execution, "
               "used for the integer candidates' activation ranges)"),
      cl::value_desc("profile.json"), cl::cat(category)};
  cl::opt<std::string> importFile{
      "import",
      cl::desc("Per-op sensitivities to combine with the proxy's noise "
               "(ap-sensitivity-import JSON; import)"),
      cl::value_desc("sensitivities.json"), cl::cat(category)};
  cl::list<std::string> candidates{
      "candidates",
      cl::desc("The precisions of the ops' inputs to evaluate, among f16, "
               "bf16, f8E4M3FN, f8E5M2, i8, i4 and f32 (default: all but "
               "f32)"),
      cl::CommaSeparated, cl::value_desc("p1,p2,..."), cl::cat(category)};
  cl::opt<Metric> metric{
      "metric", cl::desc("The loss of execution runs"),
      cl::values(clEnumValN(Metric::Top1Disagreement, "top1_disagreement",
                            "fraction of examples whose top-1 class differs "
                            "from the f32 model's (default)"),
                 clEnumValN(Metric::AccuracyDrop, "accuracy_drop",
                            "f32 top-1 accuracy minus the perturbed one "
                            "(needs --labels)"),
                 clEnumValN(Metric::RelativeL2, "relative_l2",
                            "||y - y_f32|| / ||y_f32|| over the results"),
                 clEnumValN(Metric::SoftmaxKL, "softmax_kl",
                            "mean KL(softmax(y_f32) || softmax(y)) over the "
                            "rows of the first result")),
      cl::init(Metric::Top1Disagreement), cl::cat(category)};
  cl::opt<std::string> calibration{
      "calibration",
      cl::desc("How integer candidates choose the per-tensor range of "
               "activations: minmax (default), percentile, entropy, mse"),
      cl::init("minmax"), cl::cat(category)};
  cl::opt<std::string> weightCalibration{
      "weight-calibration",
      cl::desc("How integer candidates choose the per-channel ranges of "
               "weights: minmax (default) or mse"),
      cl::init("minmax"), cl::cat(category)};
  cl::opt<std::string> entry{
      "entry",
      cl::desc("The function to analyse (default: the only public function "
               "with a body)"),
      cl::value_desc("name"), cl::cat(category)};
  cl::opt<std::string> output{"o", cl::desc("The ap-sensitivity JSON file"),
                              cl::value_desc("file.json"), cl::cat(category)};
  cl::opt<unsigned> threads{
      "jobs",
      cl::desc("Runs at the same time (execution; default: one per core)"),
      cl::init(0), cl::cat(category)};
  cl::opt<unsigned> cacheLimit{
      "cache-limit",
      cl::desc("MiB of f32 values kept between the passes over the "
               "calibration set (execution; default 1024); beyond, the "
               "network's prefix runs again for each pass"),
      cl::init(1024), cl::cat(category)};
  cl::opt<bool> quiet{"quiet", cl::desc("Print no summary"), cl::cat(category)};
};
} // namespace

static Options *options;

static llvm::Error makeError(const llvm::Twine &message) {
  return llvm::createStringError(llvm::inconvertibleErrorCode(), message);
}

/// Checks which options go with the chosen source.
static llvm::Error checkOptions() {
  if (options->output.empty())
    return makeError("give the output file with -o");
  Source source = options->source;
  auto onlyWith = [&](bool given, StringRef option,
                      StringRef sources) -> llvm::Error {
    if (given)
      return makeError(option + " applies to --source=" + sources);
    return llvm::Error::success();
  };
  bool execution = source == Source::Execution;
  if (llvm::Error error =
          onlyWith(!execution && !options->data.empty(), "--data", "execution"))
    return error;
  if (llvm::Error error = onlyWith(!execution && !options->labels.empty(),
                                   "--labels", "execution"))
    return error;
  if (llvm::Error error = onlyWith(
          !execution && options->metric.getNumOccurrences(), "--metric",
          "execution (proxy and import losses are in the metric 'proxy')"))
    return error;
  if (llvm::Error error =
          onlyWith(!execution && options->threads.getNumOccurrences(), "--jobs",
                   "execution"))
    return error;
  if (llvm::Error error =
          onlyWith(!execution && options->cacheLimit.getNumOccurrences(),
                   "--cache-limit", "execution"))
    return error;
  if (llvm::Error error =
          onlyWith(source != Source::Import && !options->importFile.empty(),
                   "--import", "import"))
    return error;
  if (execution && options->data.empty())
    return makeError("--source=execution needs the calibration set: --data "
                     "FILE.npy for each argument of the entry");
  if (!execution && options->profile.empty())
    return makeError(llvm::Twine("--source=") +
                     (source == Source::Proxy ? "proxy" : "import") +
                     " needs the activations' statistics: --profile "
                     "profile.json");
  if (source == Source::Import && options->importFile.empty())
    return makeError("--source=import needs the sensitivities: --import "
                     "FILE.json");
  if (options->metric == Metric::AccuracyDrop && options->labels.empty())
    return makeError("--metric=accuracy_drop needs --labels");
  return llvm::Error::success();
}

/// The quantization choices of --calibration and --weight-calibration.
static llvm::Expected<QuantizationChoices> getQuantizationChoices() {
  QuantizationChoices choices;
  std::optional<CalibrationMethod> method =
      parseCalibrationMethod(options->calibration);
  if (!method)
    return makeError("--calibration: unknown method '" + options->calibration +
                     "', expected minmax, percentile, entropy or mse");
  choices.activations.method = *method;
  if (options->weightCalibration == "minmax")
    choices.weights.method = WeightRangeMethod::MinMax;
  else if (options->weightCalibration == "mse")
    choices.weights.method = WeightRangeMethod::MSE;
  else
    return makeError("--weight-calibration: unknown method '" +
                     options->weightCalibration + "', expected minmax or mse");
  return choices;
}

/// An error when weights of `module` had their data elided.
static llvm::Error checkElidedWeights(ModuleOp module) {
  unsigned elided = 0;
  module.walk([&](Operation *op) {
    for (NamedAttribute attr : op->getAttrs())
      attr.getValue().walk([&](DenseResourceElementsAttr resource) {
        if (!resource.getRawHandle().getBlob())
          ++elided;
      });
  });
  if (elided)
    return makeError(llvm::Twine(elided) +
                     " weight tensors have elided data "
                     "(dense_resource<__elided__>): sensitivities need the "
                     "real weights");
  return llvm::Error::success();
}

/// Reads --data (and --labels) for the arguments of `entry`: the arrays
/// and the number of batches they hold.
static llvm::Expected<CalibrationData> readData(func::FuncOp entry) {
  FunctionType signature = entry.getFunctionType();
  if (options->data.size() != signature.getNumInputs())
    return makeError("@" + entry.getName() + " takes " +
                     llvm::Twine(signature.getNumInputs()) +
                     " arguments: give one --data .npy file for each (found " +
                     llvm::Twine(options->data.size()) + ")");
  if (!options->labels.empty()) {
    if (signature.getNumResults() == 0)
      return makeError("--labels needs an entry with a result");
    auto first = dyn_cast<RankedTensorType>(signature.getResult(0));
    if (!first || first.getRank() == 0 || !first.hasStaticShape())
      return makeError("--labels needs a first result with one row per "
                       "example");
  }
  SmallVector<std::string> files(options->data.begin(), options->data.end());
  return execution::readCalibrationData(entry.getName(), signature, files,
                                        options->labels);
}

/// Replaces every ap.observe of `module` by its input: observations matter
/// to calibration runs only.
static void removeObservations(ModuleOp module) {
  SmallVector<ObserveOp> observations;
  module.walk([&](ObserveOp op) { observations.push_back(op); });
  for (ObserveOp op : observations) {
    op.getResult().replaceAllUsesWith(op.getInput());
    op.erase();
  }
}

/// The profile's statistics of the activation inputs of `sites`, collected in
/// a copy of `entry` without observations. They are matched in `module`
/// itself, whose own observations keep their ids: its sites are those of the
/// copy, one for one, and an input is matched by its first operand number.
static llvm::Expected<std::vector<SmallVector<const ValueStatistics *>>>
getProfileStatistics(ModuleOp module, func::FuncOp entry, ArrayRef<Site> sites,
                     const Profile *profile, bool verbose) {
  std::vector<SmallVector<const ValueStatistics *>> statistics(sites.size());
  for (auto [index, site] : llvm::enumerate(sites))
    statistics[index].resize(site.inputs.size(), nullptr);
  if (!profile)
    return statistics;
  std::vector<Site> matched = collectFunctionSites(entry);
  if (matched.size() != sites.size())
    return makeError("internal error: removing the observations of the "
                     "module changed its sites");
  if (failed(matchActivationStatistics(module, matched, *profile, [&] {
        return emitError(entry.getLoc());
      })))
    return makeError("the profile's value ids cannot be matched (see the "
                     "diagnostics above)");
  unsigned found = 0, absent = 0;
  for (auto [index, site] : llvm::enumerate(sites))
    for (auto [inputIndex, input] : llvm::enumerate(site.inputs)) {
      if (input.isWeight)
        continue;
      unsigned operand = input.operandNumbers.front();
      ArrayRef<SiteInput> candidates = matched[index].inputs;
      const SiteInput *match =
          llvm::find_if(candidates, [&](const SiteInput &candidate) {
            return llvm::is_contained(candidate.operandNumbers, operand);
          });
      std::string id;
      if (match != candidates.end()) {
        id = match->profileId;
        statistics[index][inputIndex] = match->statistics;
      }
      if (statistics[index][inputIndex]) {
        ++found;
        continue;
      }
      ++absent;
      if (verbose)
        llvm::errs() << "ap-sensitivity: note: " << site.describe()
                     << ": the profile has no statistics of input " << operand
                     << (id.empty() ? std::string(" (not observed at the "
                                                  "profile's granularity)")
                                    : " ('" + id + "')")
                     << "\n";
    }
  if (verbose)
    llvm::errs() << "ap-sensitivity: " << found
                 << " activation inputs have statistics in the profile, "
                 << absent << " do not\n";
  return statistics;
}

/// Prints the losses as a table.
static void printSummary(raw_ostream &os, const SensitivityTable &result,
                         ArrayRef<Candidate> candidates) {
  os << "ap-sensitivity: source " << result.source << ", metric "
     << result.metric << ", " << result.getOps().size() << " ops\n";
  os << llvm::format("  %-12s %-12s", "op", "loc");
  for (const Candidate &candidate : candidates)
    os << llvm::format(" %11s", candidate.name.c_str());
  os << "\n";
  for (const OpSensitivity &op : result.getOps()) {
    os << llvm::format("  %-12s %-12s", op.key.c_str(), op.loc.c_str());
    for (const Candidate &candidate : candidates) {
      // Only the losses given: f32 is "-" unless it was a candidate.
      auto found = llvm::find_if(op.losses, [&](const auto &loss) {
        return loss.first == candidate.getPrecision();
      });
      if (found == op.losses.end())
        os << llvm::format(" %11s", "-");
      else
        os << llvm::format(" %11.4g", found->second);
    }
    os << "\n";
  }
}

static llvm::Error runTool(MLIRContext &context) {
  if (llvm::Error error = checkOptions())
    return error;
  llvm::Expected<QuantizationChoices> quantization = getQuantizationChoices();
  if (!quantization)
    return quantization.takeError();
  SmallVector<std::string> names(options->candidates.begin(),
                                 options->candidates.end());
  if (names.empty())
    for (StringRef name : getDefaultCandidateNames())
      names.push_back(name.str());
  llvm::Expected<SmallVector<Candidate>> candidates = parseCandidates(names);
  if (!candidates)
    return candidates.takeError();

  std::string errorMessage;
  std::unique_ptr<llvm::MemoryBuffer> file =
      openInputFile(options->model, &errorMessage);
  if (!file)
    return makeError(errorMessage);
  llvm::SourceMgr sourceMgr;
  sourceMgr.AddNewSourceBuffer(std::move(file), llvm::SMLoc());
  SourceMgrDiagnosticHandler diagnostics(sourceMgr, &context);
  OwningOpRef<ModuleOp> module = parseSourceFile<ModuleOp>(sourceMgr, &context);
  if (!module)
    return makeError("cannot parse '" + options->model + "'");
  llvm::Expected<func::FuncOp> entry =
      execution::findEntryFunction(*module, options->entry);
  if (!entry)
    return entry.takeError();
  if (llvm::Error error = checkElidedWeights(*module))
    return error;

  // The sites, in a copy without observations (which calibration adds).
  OwningOpRef<ModuleOp> analysed = module->clone();
  removeObservations(*analysed);
  auto analysedEntry = analysed->lookupSymbol<func::FuncOp>(entry->getName());
  std::vector<Site> sites = collectFunctionSites(analysedEntry);
  if (sites.empty())
    llvm::errs() << "ap-sensitivity: note: @" << entry->getName()
                 << " has no contraction or convolution on floating-point "
                    "tensors\n";

  std::optional<Profile> profile;
  if (!options->profile.empty()) {
    llvm::Expected<Profile> read = readProfile(options->profile);
    if (!read)
      return read.takeError();
    profile = std::move(*read);
  }
  llvm::Expected<std::vector<SmallVector<const ValueStatistics *>>> statistics =
      getProfileStatistics(*module, *entry, sites,
                           profile ? &*profile : nullptr, !options->quiet);
  if (!statistics)
    return statistics.takeError();

  // What the sources say about the run, printed after the losses.
  std::string summaryText;
  llvm::raw_string_ostream summary(summaryText);
  SensitivityTable result;
  switch (options->source) {
  case Source::Execution: {
    llvm::Expected<CalibrationData> data = readData(analysedEntry);
    if (!data)
      return data.takeError();
    ExecutionOptions execution;
    execution.candidates = *candidates;
    execution.metric = options->metric;
    execution.quantization = *quantization;
    execution.threads =
        options->threads ? options->threads.getValue()
                         : llvm::hardware_concurrency().compute_thread_count();
    execution.cacheLimitBytes = uint64_t(options->cacheLimit) << 20;
    execution.progress =
        !options->quiet && llvm::sys::Process::StandardErrIsDisplayed();
    llvm::raw_null_ostream silent;
    raw_ostream &notes =
        options->quiet ? static_cast<raw_ostream &>(silent) : llvm::errs();
    llvm::Expected<SensitivityTable> measured =
        measureByExecution(*analysed, analysedEntry, sites, *statistics, *data,
                           execution, notes, summary);
    if (!measured)
      return measured.takeError();
    result = std::move(*measured);
    break;
  }
  case Source::Proxy:
  case Source::Import: {
    std::optional<std::vector<std::optional<double>>> imported;
    if (options->source == Source::Import) {
      llvm::Expected<std::vector<std::optional<double>>> read =
          readImportedSensitivities(options->importFile, sites);
      if (!read)
        return read.takeError();
      imported = std::move(*read);
    }
    llvm::raw_null_ostream silent;
    llvm::Expected<SensitivityTable> estimated = estimateByProxy(
        sites, *statistics, *candidates, *quantization,
        imported ? &*imported : nullptr,
        options->quiet ? static_cast<raw_ostream &>(silent) : llvm::errs());
    if (!estimated)
      return estimated.takeError();
    result = std::move(*estimated);
    break;
  }
  }
  result.model = llvm::sys::path::filename(options->model).str();
  if (llvm::Error error = writeSensitivityTable(result, options->output))
    return makeError("cannot write " + llvm::toString(std::move(error)));
  if (!options->quiet) {
    printSummary(llvm::outs(), result, *candidates);
    llvm::outs() << summaryText;
  }
  return llvm::Error::success();
}

int main(int argc, char **argv) {
  llvm::InitLLVM init(argc, argv);
  Options parsedOptions;
  options = &parsedOptions;
  cl::HideUnrelatedOptions(parsedOptions.category);
  cl::ParseCommandLineOptions(
      argc, argv,
      "ap-sensitivity: estimates the accuracy each op of a network loses at "
      "each candidate precision\n");

  DialectRegistry registry;
  mlir::registerAllDialects(registry);
  mlir::registerAllExtensions(registry);
  mlir::ap::registerAllDialects(registry);
  MLIRContext context(registry);
  context.loadAllAvailableDialects();
  context.printOpOnDiagnostic(false);

  if (llvm::Error error = runTool(context)) {
    llvm::WithColor::error(llvm::errs(), "ap-sensitivity")
        << llvm::toString(std::move(error)) << "\n";
    return 1;
  }
  return 0;
}
