//===- ExecutionSource.cpp - Sensitivities measured by execution ----------===//
//
// Part of the ap project: an adaptive-precision compiler built on MLIR.
//
//===----------------------------------------------------------------------===//

#include "ExecutionSource.h"

#include "CutFunctions.h"

#include "ap/Execution/CompiledModule.h"

#include "llvm/Support/Format.h"
#include "llvm/Support/ThreadPool.h"
#include "llvm/Support/Threading.h"

#include <chrono>
#include <cmath>
#include <functional>
#include <map>
#include <mutex>

using namespace mlir;
using namespace mlir::ap;
using namespace mlir::ap::sensitivity;
using execution::ArrayView;
using execution::CompiledModule;
using npy::NpyArray;

static llvm::Error makeError(const llvm::Twine &message) {
  return llvm::createStringError(llvm::inconvertibleErrorCode(), message);
}

/// Every metric of `comparison`, the top-1 accuracies only `withLabels`.
static CandidateMetrics getMetrics(const OutputComparison &comparison,
                                   bool withLabels) {
  CandidateMetrics metrics;
  metrics["relative_l2"] = comparison.getRelativeL2();
  metrics["sqnr_db"] = comparison.getSQNR();
  metrics["softmax_kl"] = comparison.getSoftmaxKL();
  metrics["top1_agreement"] = comparison.getTop1Agreement();
  if (withLabels) {
    metrics["top1_accuracy"] = comparison.getTop1Accuracy();
    metrics["accuracy_drop"] = comparison.getAccuracyDrop();
  }
  return metrics;
}

namespace {
using Clock = std::chrono::steady_clock;

double secondsSince(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

/// The measurement of one site at one candidate.
struct Task {
  unsigned site = 0;
  const Candidate *candidate = nullptr;
  /// The suffix, or the fallback function.
  std::string function;
  bool fallback = false;
  /// Per input of the site: the rounded weight (weights only).
  std::vector<NpyArray> weights;
  /// Per input of the site: the per-tensor quantization of an activation
  /// (integer candidates only).
  std::vector<std::optional<QuantizationParameters>> parameters;
  OutputComparison comparison;
  int64_t calls = 0;
  /// Set when the candidate turned out not to be measurable.
  std::string skipped;
};

/// One measurement.
class Measurement {
public:
  Measurement(ModuleOp module, func::FuncOp entry, ArrayRef<Site> sites,
              ArrayRef<SmallVector<const ValueStatistics *>> profileStatistics,
              const CalibrationData &data, const ExecutionOptions &options,
              raw_ostream &notes, raw_ostream &summary)
      : original(module), originalEntry(entry), originalSites(sites),
        profileStatistics(profileStatistics), data(data), options(options),
        notes(notes), summary(summary) {}

  llvm::Expected<SensitivityTable> run();

private:
  llvm::Error buildModule();
  void planTasks();
  llvm::Error compile();
  llvm::Error computeWeights();
  llvm::Error collectStatistics();
  llvm::Error runTasks();
  SensitivityTable makeResult();

  /// A view of batch `batch` of argument `index`.
  ArrayView getArgumentView(unsigned index, int64_t batch) const;
  /// The f32 elements of `source` in `batch`, given the prefix's results
  /// of that batch.
  ArrayRef<float> getValues(const ValueSource &source, int64_t batch,
                            ArrayRef<NpyArray> prefix) const;
  /// Runs the prefix on `batch` (or takes its cached results).
  llvm::Expected<ArrayRef<NpyArray>> getPrefix(int64_t batch,
                                               SmallVector<NpyArray> &scratch);
  /// Runs `task` on `batch` and compares its results with `reference`;
  /// keeps them in `results` when given.
  llvm::Error runTask(Task &task, int64_t batch, ArrayRef<NpyArray> prefix,
                      ArrayRef<NpyArray> reference,
                      SmallVector<NpyArray> *results = nullptr);
  void note(const Site &site, const llvm::Twine &message);
  /// The tasks of the candidates, then the references.
  SmallVector<Task *> getAllTasks();

  ModuleOp original;
  func::FuncOp originalEntry;
  ArrayRef<Site> originalSites;
  ArrayRef<SmallVector<const ValueStatistics *>> profileStatistics;
  const CalibrationData &data;
  const ExecutionOptions &options;
  raw_ostream &notes;
  raw_ostream &summary;

  OwningOpRef<ModuleOp> executable;
  func::FuncOp entry;
  /// The types of the entry's arguments (the entry itself is gone once the
  /// module is lowered), and the rows of its first result.
  SmallVector<RankedTensorType> argumentTypes;
  int64_t rowsPerBatch = 1;
  /// The sites of the copy. Their ops and values are gone once it is
  /// lowered: from then on only their keys and their inputs' types and
  /// flags are used.
  std::vector<Site> sites;
  CutFunctions cut;
  std::vector<Task> tasks;
  /// Per site, the run of its suffix (or fallback) with unrounded inputs,
  /// which the site's candidates are compared with: the f32 results of the
  /// same compiled code, so that differences of code generation between
  /// functions (another fusion, another order of a reduction) do not count
  /// as a loss. Compared itself with the prefix's results.
  std::vector<std::optional<Task>> references;
  /// The candidate of the references: f32.
  Candidate f32Candidate;
  std::optional<CompiledModule> compiled;
  /// The functions compiled.
  std::vector<std::string> functions;
  llvm::StringMap<int64_t> work;
  int64_t entryWork = 0;
  SmallVector<NpyArray> weights;
  /// Statistics computed from the calibration set, by value.
  std::map<ValueSource, ValueStatistics> statistics;
  /// The prefix's results of every batch, when they fit in the cache.
  std::vector<SmallVector<NpyArray>> cache;
  bool caching = false;

  int64_t prefixCalls = 0;
  double prefixSeconds = 0;
  double compileSeconds = 0;
  double measureSeconds = 0;
  std::mutex logMutex;
};
} // namespace

SmallVector<Task *> Measurement::getAllTasks() {
  SmallVector<Task *> all;
  for (Task &task : tasks)
    all.push_back(&task);
  for (std::optional<Task> &task : references)
    if (task)
      all.push_back(&*task);
  return all;
}

void Measurement::note(const Site &site, const llvm::Twine &message) {
  std::lock_guard<std::mutex> lock(logMutex);
  notes << "ap-sensitivity: note: " << site.describe() << ": " << message
        << "\n";
}

llvm::Error Measurement::buildModule() {
  executable = original.clone();
  entry = executable->lookupSymbol<func::FuncOp>(originalEntry.getName());
  for (Type type : entry.getArgumentTypes()) {
    auto tensor = dyn_cast<RankedTensorType>(type);
    if (!tensor || !tensor.hasStaticShape())
      return makeError("@" + entry.getName() +
                       ": every argument must be a statically shaped tensor");
    argumentTypes.push_back(tensor);
  }
  sites = collectFunctionSites(entry);
  if (sites.size() != originalSites.size())
    return makeError("internal error: the sites of the copy of the module "
                     "differ from the original's");
  for (Type type : entry.getFunctionType().getResults()) {
    auto tensor = dyn_cast<RankedTensorType>(type);
    if (!tensor || !tensor.getElementType().isF32())
      return makeError("@" + entry.getName() +
                       ": every result must be an f32 tensor for the "
                       "perturbed results to be compared with the f32 ones");
  }
  if (entry.getNumResults() == 0)
    return makeError("@" + entry.getName() +
                     " has no result to compare perturbed runs with");
  auto first = cast<RankedTensorType>(entry.getResultTypes().front());
  rowsPerBatch = first.getRank() ? first.getShape().front() : 1;
  cut = buildCutFunctions(*executable, entry, sites);
  planTasks();
  // The work of each function, before lowering changes them.
  entryWork = getFunctionWork(entry);
  SmallVector<std::string> names = {cut.prefix};
  if (!cut.weights.empty())
    names.push_back(cut.weights);
  for (Task *task : getAllTasks())
    names.push_back(task->function);
  for (const std::string &name : names)
    if (!work.count(name))
      work[name] =
          getFunctionWork(executable->lookupSymbol<func::FuncOp>(name));
  return llvm::Error::success();
}

void Measurement::planTasks() {
  f32Candidate = llvm::cantFail(parseCandidates({"f32"})).front();
  references.resize(sites.size());
  for (auto [index, site] : llvm::enumerate(sites)) {
    if (!site.unsupported.empty()) {
      note(site, "no candidate is measured: " + site.unsupported);
      continue;
    }
    const SitePlan &plan = cut.sites[index];
    if (!plan.isCut())
      note(site, "measured by running the whole network for each candidate "
                 "(it cannot be cut: " +
                     plan.fallbackReason + ")");
    Task &base = references[index].emplace();
    base.site = index;
    base.candidate = &f32Candidate;
    base.weights.resize(site.inputs.size());
    base.parameters.resize(site.inputs.size());
    base.fallback = !plan.isCut();
    base.function = plan.isCut()
                        ? plan.suffix
                        : buildFallbackFunction(*executable, entry, site, index,
                                                f32Candidate, base.parameters);
    for (const Candidate &candidate : options.candidates) {
      Task task;
      task.site = index;
      task.candidate = &candidate;
      task.weights.resize(site.inputs.size());
      task.parameters.resize(site.inputs.size());
      if (plan.isCut()) {
        task.function = plan.suffix;
        tasks.push_back(std::move(task));
        continue;
      }
      // A fallback rounds activations in the IR: integer parameters must be
      // known before compiling, from the profile.
      task.fallback = true;
      bool ready = true;
      if (candidate.isInteger()) {
        for (auto [inputIndex, input] : llvm::enumerate(site.inputs)) {
          if (input.isWeight)
            continue;
          const ValueStatistics *profiled =
              profileStatistics[index][inputIndex];
          if (!profiled) {
            note(site, candidate.name +
                           " skipped: its fallback rounds "
                           "input " +
                           llvm::Twine(input.operandNumbers.front()) +
                           " in the IR, which needs the value's statistics "
                           "from --profile");
            ready = false;
            break;
          }
          llvm::Expected<QuantizationParameters> parameters =
              selectQuantizationParameters(*profiled,
                                           candidate.getIntegerFormat(),
                                           options.quantization.activations);
          if (!parameters) {
            note(site, candidate.name + " skipped: " +
                           llvm::toString(parameters.takeError()));
            ready = false;
            break;
          }
          task.parameters[inputIndex] = *parameters;
        }
      }
      if (!ready)
        continue;
      task.function = buildFallbackFunction(*executable, entry, site, index,
                                            candidate, task.parameters);
      tasks.push_back(std::move(task));
    }
  }
}

llvm::Error Measurement::compile() {
  auto start = Clock::now();
  functions = {cut.prefix};
  if (!cut.weights.empty())
    functions.push_back(cut.weights);
  for (Task *task : getAllTasks())
    if (!llvm::is_contained(functions, task->function))
      functions.push_back(task->function);
  llvm::Expected<CompiledModule> module =
      CompiledModule::compile(*executable, functions, {});
  if (!module)
    return module.takeError();
  compiled.emplace(std::move(*module));
  compileSeconds = secondsSince(start);
  return llvm::Error::success();
}

llvm::Error Measurement::computeWeights() {
  if (!cut.weights.empty()) {
    weights = compiled->allocateResults(cut.weights);
    SmallVector<NpyArray *> results;
    for (NpyArray &array : weights)
      results.push_back(&array);
    if (llvm::Error error = compiled->call(cut.weights, {}, results))
      return error;
  }
  // Each weight rounded once per candidate; every batch uses it.
  for (Task *each : getAllTasks()) {
    Task &task = *each;
    const Site &site = sites[task.site];
    const SitePlan &plan = cut.sites[task.site];
    for (auto [index, input] : llvm::enumerate(site.inputs)) {
      if (!input.isWeight)
        continue;
      const NpyArray &weight = weights[plan.inputSources[index]->index];
      ArrayRef<float> values = weight.getValues<float>();
      if (!llvm::all_of(values, [](float x) { return std::isfinite(x); })) {
        task.skipped = "weight input " +
                       std::to_string(input.operandNumbers.front()) +
                       " has non-finite values";
        break;
      }
      llvm::Expected<std::vector<float>> rounded =
          perturbWeight(values, weight.shape, input.channelAxis,
                        *task.candidate, options.quantization.weights);
      if (!rounded) {
        task.skipped = llvm::toString(rounded.takeError());
        break;
      }
      NpyArray &array = task.weights[index];
      array = NpyArray(npy::DType::F32, weight.shape);
      llvm::copy(*rounded, array.getMutableValues<float>().begin());
    }
  }
  return llvm::Error::success();
}

ArrayView Measurement::getArgumentView(unsigned index, int64_t batch) const {
  RankedTensorType type = argumentTypes[index];
  const NpyArray &array = data.arguments[index];
  size_t bytes = type.getNumElements() * array.getElementSize();
  return {const_cast<char *>(array.data.data()) + batch * bytes,
          type.getShape()};
}

ArrayRef<float> Measurement::getValues(const ValueSource &source, int64_t batch,
                                       ArrayRef<NpyArray> prefix) const {
  switch (source.kind) {
  case ValueSource::Kind::Argument: {
    ArrayView view = getArgumentView(source.index, batch);
    int64_t count = 1;
    for (int64_t size : view.shape)
      count *= size;
    return {static_cast<const float *>(view.data), static_cast<size_t>(count)};
  }
  case ValueSource::Kind::Prefix:
    return prefix[cut.numEntryResults + source.index].getValues<float>();
  case ValueSource::Kind::Weight:
    return weights[source.index].getValues<float>();
  }
  return {};
}

llvm::Expected<ArrayRef<NpyArray>>
Measurement::getPrefix(int64_t batch, SmallVector<NpyArray> &scratch) {
  if (caching && !cache[batch].empty())
    return ArrayRef<NpyArray>(cache[batch]);
  SmallVector<NpyArray> results = compiled->allocateResults(cut.prefix);
  SmallVector<ArrayView> arguments, resultViews;
  for (unsigned i = 0, e = argumentTypes.size(); i < e; ++i)
    arguments.push_back(getArgumentView(i, batch));
  for (NpyArray &array : results)
    resultViews.push_back({array.data.data(), array.shape});
  auto start = Clock::now();
  if (llvm::Error error = compiled->call(cut.prefix, arguments, resultViews))
    return std::move(error);
  prefixSeconds += secondsSince(start);
  ++prefixCalls;
  SmallVector<NpyArray> &target = caching ? cache[batch] : scratch;
  target = std::move(results);
  return ArrayRef<NpyArray>(target);
}

llvm::Error Measurement::collectStatistics() {
  // The activations of cut sites whose integer candidates have no profile
  // statistics.
  std::vector<ValueSource> needed;
  for (const Task &task : tasks) {
    if (task.fallback || !task.candidate->isInteger() || !task.skipped.empty())
      continue;
    const Site &site = sites[task.site];
    for (auto [index, input] : llvm::enumerate(site.inputs))
      if (!input.isWeight && !profileStatistics[task.site][index]) {
        ValueSource source = *cut.sites[task.site].inputSources[index];
        if (!llvm::is_contained(needed, source))
          needed.push_back(source);
      }
  }
  if (!needed.empty()) {
    for (const ValueSource &source : needed)
      statistics.emplace(source, ValueStatistics());
    SmallVector<NpyArray> scratch;
    // Pass 1: the moments; pass 2: the histograms over the observed ranges.
    for (int pass = 0; pass < 2; ++pass) {
      for (int64_t batch = 0; batch < data.batches; ++batch) {
        llvm::Expected<ArrayRef<NpyArray>> prefix = getPrefix(batch, scratch);
        if (!prefix)
          return prefix.takeError();
        for (auto &[source, values] : statistics) {
          ArrayRef<float> elements = getValues(source, batch, *prefix);
          if (pass == 0)
            values.addToMoments(elements);
          else
            values.addToHistogram(elements);
        }
      }
      if (pass == 0)
        for (auto &[source, values] : statistics)
          values.startHistogram();
    }
  }

  // The per-tensor parameters of every integer candidate's activations.
  for (Task &task : tasks) {
    if (task.fallback || !task.candidate->isInteger() || !task.skipped.empty())
      continue;
    const Site &site = sites[task.site];
    for (auto [index, input] : llvm::enumerate(site.inputs)) {
      if (input.isWeight)
        continue;
      const ValueStatistics *values = profileStatistics[task.site][index];
      if (!values)
        values = &statistics.at(*cut.sites[task.site].inputSources[index]);
      llvm::Expected<QuantizationParameters> parameters =
          selectQuantizationParameters(*values,
                                       task.candidate->getIntegerFormat(),
                                       options.quantization.activations);
      if (!parameters) {
        task.skipped = llvm::toString(parameters.takeError());
        break;
      }
      task.parameters[index] = *parameters;
    }
  }
  return llvm::Error::success();
}

llvm::Error Measurement::runTask(Task &task, int64_t batch,
                                 ArrayRef<NpyArray> prefix,
                                 ArrayRef<NpyArray> reference,
                                 SmallVector<NpyArray> *kept) {
  const Site &site = sites[task.site];
  const SitePlan &plan = cut.sites[task.site];
  SmallVector<ArrayView> arguments;
  // Activations rounded for this batch.
  std::vector<NpyArray> rounded;
  rounded.reserve(site.inputs.size());
  if (task.fallback) {
    for (unsigned i = 0, e = argumentTypes.size(); i < e; ++i)
      arguments.push_back(getArgumentView(i, batch));
  } else {
    for (const ValueSource &source : plan.liveArguments) {
      if (source.kind == ValueSource::Kind::Argument) {
        arguments.push_back(getArgumentView(source.index, batch));
        continue;
      }
      const NpyArray &array = source.kind == ValueSource::Kind::Prefix
                                  ? prefix[cut.numEntryResults + source.index]
                                  : weights[source.index];
      arguments.push_back({const_cast<char *>(array.data.data()), array.shape});
    }
  }
  for (auto [index, input] : llvm::enumerate(site.inputs)) {
    if (input.isWeight) {
      NpyArray &weight = task.weights[index];
      arguments.push_back({weight.data.data(), input.type.getShape()});
      continue;
    }
    if (task.fallback)
      continue; // Rounded in the IR.
    ArrayRef<float> values =
        getValues(*plan.inputSources[index], batch, prefix);
    rounded.emplace_back(npy::DType::F32, input.type.getShape());
    const QuantizationParameters *parameters =
        task.parameters[index] ? &*task.parameters[index] : nullptr;
    perturbActivation(values, rounded.back().getMutableValues<float>(),
                      *task.candidate, parameters);
    arguments.push_back({rounded.back().data.data(), input.type.getShape()});
  }
  SmallVector<NpyArray> results = compiled->allocateResults(task.function);
  SmallVector<ArrayView> resultViews;
  for (NpyArray &array : results)
    resultViews.push_back({array.data.data(), array.shape});
  if (llvm::Error error = compiled->call(task.function, arguments, resultViews))
    return error;
  ++task.calls;

  ArrayRef<int64_t> labels;
  if (!data.labels.empty()) {
    int64_t rows = prefix.front().getRank() ? prefix.front().shape.front() : 1;
    labels = ArrayRef<int64_t>(data.labels).slice(batch * rows, rows);
  }
  task.comparison.add(reference, results, labels);
  if (kept)
    *kept = std::move(results);
  return llvm::Error::success();
}

llvm::Error Measurement::runTasks() {
  unsigned threads = std::max(1u, options.threads);
  std::optional<llvm::DefaultThreadPool> pool;
  if (threads > 1)
    pool.emplace(llvm::hardware_concurrency(threads));
  SmallVector<NpyArray> scratch;
  std::vector<SmallVector<NpyArray>> referenceResults(sites.size());
  std::vector<std::string> errors(sites.size() + tasks.size());
  // Runs `work` on the pool, or here.
  auto run = [&](std::function<void()> work) {
    if (pool)
      pool->async(std::move(work));
    else
      work();
  };
  auto check = [&]() -> llvm::Error {
    if (pool)
      pool->wait();
    for (const std::string &error : errors)
      if (!error.empty())
        return makeError(error);
    return llvm::Error::success();
  };
  for (int64_t batch = 0; batch < data.batches; ++batch) {
    llvm::Expected<ArrayRef<NpyArray>> prefix = getPrefix(batch, scratch);
    if (!prefix)
      return prefix.takeError();
    ArrayRef<NpyArray> entryResults = prefix->take_front(cut.numEntryResults);
    // The f32 run of every site, compared with the entry's results.
    for (auto [index, task] : llvm::enumerate(references)) {
      if (!task)
        continue;
      run([&, index = index, batch, prefix = *prefix] {
        if (llvm::Error error = runTask(*references[index], batch, prefix,
                                        entryResults, &referenceResults[index]))
          errors[index] = llvm::toString(std::move(error));
      });
    }
    if (llvm::Error error = check())
      return error;
    // The candidates, compared with the f32 run of their site.
    for (auto [index, task] : llvm::enumerate(tasks)) {
      if (!task.skipped.empty())
        continue;
      run([&, index = index, batch, prefix = *prefix] {
        Task &current = tasks[index];
        if (llvm::Error error =
                runTask(current, batch, prefix, referenceResults[current.site]))
          errors[sites.size() + index] = llvm::toString(std::move(error));
      });
    }
    if (llvm::Error error = check())
      return error;
    if (options.progress)
      llvm::errs() << llvm::format("\rap-sensitivity: batch %lld/%lld",
                                   static_cast<long long>(batch + 1),
                                   static_cast<long long>(data.batches));
  }
  if (options.progress)
    llvm::errs() << "\n";
  return llvm::Error::success();
}

SensitivityTable Measurement::makeResult() {
  SensitivityTable result;
  result.source = "execution";
  result.metric = stringifyMetric(options.metric).str();
  result.examples = rowsPerBatch * data.batches;

  // Forward-pass equivalents: the cost model's scalar operations of every
  // function run, over those of the entry on every batch.
  double executed = static_cast<double>(work.lookup(cut.prefix)) * prefixCalls;
  if (!cut.weights.empty())
    executed += static_cast<double>(work.lookup(cut.weights));
  for (Task *task : getAllTasks())
    executed += static_cast<double>(work.lookup(task->function)) * task->calls;
  double forwardPass = static_cast<double>(entryWork) * data.batches;
  result.forwardPassEquivalents = forwardPass > 0 ? executed / forwardPass : 0;

  for (auto [index, site] : llvm::enumerate(sites)) {
    OpSensitivity op;
    op.key = site.key;
    op.name = site.name;
    op.loc = site.loc;
    for (const Task &task : tasks) {
      if (task.site != index)
        continue;
      if (!task.skipped.empty()) {
        note(site, task.candidate->name + " skipped: " + task.skipped);
        continue;
      }
      if (task.comparison.hasNonFinite()) {
        note(site, task.candidate->name +
                       " skipped: the results became NaN or infinite");
        continue;
      }
      Precision precision = task.candidate->getPrecision();
      op.losses.emplace_back(precision,
                             task.comparison.getLoss(options.metric));
      op.metrics.emplace_back(
          precision, getMetrics(task.comparison, !data.labels.empty()));
    }
    result.addOp(std::move(op));
  }

  double perPass = prefixCalls ? prefixSeconds * data.batches / prefixCalls : 0;
  summary << llvm::format("ap-sensitivity: compiled %zu functions in %.2f s; "
                          "measured %zu site-candidate pairs on %lld batches "
                          "(%lld examples) in %.2f s\n",
                          functions.size(), compileSeconds, tasks.size(),
                          static_cast<long long>(data.batches),
                          static_cast<long long>(result.examples),
                          measureSeconds);
  summary << llvm::format(
      "ap-sensitivity: forward-pass equivalents: %.2f by the "
      "cost model's operation counts",
      result.forwardPassEquivalents);
  if (perPass > 0)
    summary << llvm::format(
        "; %.2f by measured time (%.3f s over %.3f s for one "
        "pass of the prefix)",
        measureSeconds / perPass, measureSeconds, perPass);
  summary << "\n";
  // How closely the f32 runs of the suffixes reproduce the entry: fusion
  // and reduction orders may differ between functions.
  double difference = 0;
  for (const std::optional<Task> &task : references)
    if (task && task->calls)
      difference = std::max(difference, task->comparison.getRelativeL2());
  if (llvm::any_of(references,
                   [](const auto &task) { return task.has_value(); }))
    summary << llvm::format("ap-sensitivity: the f32 runs of the cut "
                            "functions reproduce the entry's results to a "
                            "relative L2 difference of %.3g at most (the "
                            "candidates are compared with them)\n",
                            difference);
  return result;
}

llvm::Expected<SensitivityTable> Measurement::run() {
  if (llvm::Error error = buildModule())
    return std::move(error);
  // Nothing to measure: nothing to compile or run.
  if (getAllTasks().empty())
    return makeResult();
  if (llvm::Error error = compile())
    return std::move(error);
  auto start = Clock::now();
  uint64_t bytesPerBatch = 0;
  for (const NpyArray &array : compiled->allocateResults(cut.prefix))
    bytesPerBatch += array.getByteSize();
  caching = bytesPerBatch * static_cast<uint64_t>(data.batches) <=
            options.cacheLimitBytes;
  if (caching)
    cache.resize(data.batches);
  if (llvm::Error error = computeWeights())
    return std::move(error);
  if (llvm::Error error = collectStatistics())
    return std::move(error);
  if (llvm::Error error = runTasks())
    return std::move(error);
  measureSeconds = secondsSince(start);
  return makeResult();
}

llvm::Expected<SensitivityTable> mlir::ap::sensitivity::measureByExecution(
    ModuleOp module, func::FuncOp entry, ArrayRef<Site> sites,
    ArrayRef<SmallVector<const ValueStatistics *>> profileStatistics,
    const CalibrationData &data, const ExecutionOptions &options,
    raw_ostream &notes, raw_ostream &summary) {
  return Measurement(module, entry, sites, profileStatistics, data, options,
                     notes, summary)
      .run();
}
