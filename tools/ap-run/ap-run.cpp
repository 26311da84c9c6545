//===- ap-run.cpp - Runs a network compiled by ap -------------------------===//
//
// Part of the ap project: an adaptive-precision compiler built on MLIR.
//
//===----------------------------------------------------------------------===//
//
// Parses an .mlir file, lowers it with ap-lower-to-llvm, JIT-compiles it for
// the host CPU and calls its entry function on inputs read from .npy files or
// generated, batch by batch when the inputs hold a whole dataset. The
// compiled code calls libap_runtime, which simulates the run on the module's
// target (the time, energy and memory of its devices and links). With
// --calibrate, it runs a dataset twice instead and writes the statistics of
// the observed values and the kernels' times to a profile.
//
//===----------------------------------------------------------------------===//

#include "ap/Execution/Invocation.h"

#include "ap/Analysis/TargetModel.h"
#include "ap/Dialect/AP/IR/APDialect.h"
#include "ap/Dialect/AP/IR/APOps.h"
#include "ap/Dialect/AP/Transforms/Passes.h"
#include "ap/Execution/CalibrationData.h"
#include "ap/Execution/CompiledModule.h"
#include "ap/InitAll.h"
#include "ap/Pipelines/Pipelines.h"
#include "ap/Runtime/AdaptiveStorage.h"
#include "ap/Runtime/Context.h"
#include "ap/Support/Npy.h"
#include "ap/Target/TargetDescription.h"
#include "ap_runtime.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/ExecutionEngine/CRunnerUtils.h"
#include "mlir/ExecutionEngine/ExecutionEngine.h"
#include "mlir/ExecutionEngine/OptUtils.h"
#include "mlir/IR/AttrTypeSubElements.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/DialectResourceBlobManager.h"
#include "mlir/InitAllDialects.h"
#include "mlir/InitAllExtensions.h"
#include "mlir/Parser/Parser.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Support/FileUtilities.h"
#include "mlir/Target/LLVMIR/Dialect/Builtin/BuiltinToLLVMIRTranslation.h"
#include "mlir/Target/LLVMIR/Dialect/LLVMIR/LLVMToLLVMIRTranslation.h"
#include "mlir/Transforms/Passes.h"
#include "llvm/ExecutionEngine/Orc/JITTargetMachineBuilder.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/DynamicLibrary.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/Process.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/TargetSelect.h"
#include "llvm/Support/WithColor.h"

#include <chrono>
#include <random>

#ifdef __GLIBC__
#include <malloc.h>
#endif

using namespace mlir;
using namespace mlir::ap::run;
using mlir::ap::npy::NpyArray;
namespace npy = mlir::ap::npy;
namespace cl = llvm::cl;

namespace {
enum class FillElided { None, Random };

struct Options {
  cl::OptionCategory category{"ap-run options"};
  cl::opt<std::string> inputFile{cl::Positional, cl::desc("<input .mlir>"),
                                 cl::init("-"), cl::cat(category)};
  cl::opt<std::string> entry{
      "entry",
      cl::desc("The function to call (default: the only public function)"),
      cl::value_desc("name"), cl::cat(category)};
  cl::list<std::string> inputs{
      "input",
      cl::desc("An .npy file per argument of the entry, in order. A file "
               "whose leading dimension is a multiple k of the argument's "
               "holds k batches, run one after the other"),
      cl::value_desc("file.npy"), cl::cat(category)};
  cl::list<std::string> outputs{
      "output",
      cl::desc("An .npy file per result of the entry, in order (batches "
               "concatenated)"),
      cl::value_desc("file.npy"), cl::cat(category)};
  cl::opt<std::string> labels{
      "labels",
      cl::desc("Integer class labels, one per row of the first result: "
               "prints the top-1 accuracy"),
      cl::value_desc("labels.npy"), cl::cat(category)};
  cl::opt<bool> randomInputs{
      "random-inputs",
      cl::desc("Generate every argument: uniform in [-1, 1) for floats, "
               "[-8, 8) for integers, from --seed"),
      cl::cat(category)};
  cl::opt<uint64_t> seed{"seed", cl::desc("Seed of generated data"),
                         cl::init(0), cl::cat(category)};
  cl::opt<unsigned> repeat{
      "repeat",
      cl::desc("Run the whole input this many times and report the best and "
               "median wall times"),
      cl::init(1), cl::cat(category)};
  cl::opt<FillElided> fillElided{
      "fill-elided",
      cl::desc("What to do with weights whose data was elided "
               "(dense_resource<__elided__>)"),
      cl::values(
          clEnumValN(FillElided::None, "none", "refuse to run (the default)"),
          clEnumValN(FillElided::Random, "random",
                     "fill them with seeded random values scaled by "
                     "1/sqrt(fan-in)")),
      cl::init(FillElided::None), cl::cat(category)};
  cl::opt<unsigned> optLevel{"O",
                             cl::desc("Optimization level: 0 lowers linalg "
                                      "ops to plain loops, 1 and above tile "
                                      "and vectorize them; LLVM runs at -O2 "
                                      "or -O3 (default 3)"),
                             cl::init(3), cl::Prefix, cl::cat(category)};
  cl::opt<bool> quiet{"quiet", cl::desc("Print no summary"), cl::cat(category)};
  cl::opt<bool> noSimulation{
      "no-simulation",
      cl::desc("Compute only: lower without placing the compute on the "
               "target's devices (no launches, transfers or statistics)"),
      cl::cat(category)};
  cl::opt<bool> noFusion{
      "no-fusion",
      cl::desc("Simulate one launch per kernel, without fusing elementwise "
               "epilogues, accumulator fills and input conversions into the "
               "kernel they belong to (convert-ap-to-apsim fuse-kernels)"),
      cl::cat(category)};
  cl::opt<std::string> target{
      "target",
      cl::desc("The target to simulate: a builtin target name or an "
               "ap-target JSON file, attached to a module that has none "
               "(default: the module's target, else the builtin 'default')"),
      cl::value_desc("name|file.json"), cl::cat(category)};
  cl::opt<std::string> stats{
      "stats",
      cl::desc("Write the statistics of the simulated run (ap-run-stats "
               "JSON; with --repeat, of the last run)"),
      cl::value_desc("file.json"), cl::cat(category)};
  cl::opt<std::string> trace{
      "trace",
      cl::desc("Write the timeline of the simulated run (Chrome trace event "
               "JSON, for Perfetto or chrome://tracing)"),
      cl::value_desc("file.json"), cl::cat(category)};
  cl::opt<bool> printResults{
      "print-results",
      cl::desc("Print every element of every result, one per line, as "
               "'  [i, j, ...] value' with 9 significant digits"),
      cl::cat(category)};
  cl::opt<std::string> calibrate{
      "calibrate",
      cl::desc("Calibrate on a dataset: an .npy file of one or more batches "
               "for an entry of one argument, or a directory holding "
               "arg0.npy, arg1.npy, ... (one per argument). Runs the "
               "batches twice (pass 1: moments, pass 2: histograms) and "
               "writes the statistics of every observed value and the "
               "simulated time of every kernel to --profile"),
      cl::value_desc("data.npy|directory"), cl::cat(category)};
  cl::opt<std::string> profile{
      "profile",
      cl::desc("Where --calibrate writes the profile (ap-profile JSON, "
               "version 2), whole or not at all"),
      cl::value_desc("file.json"), cl::cat(category)};
  cl::opt<int64_t> calibrationBatches{
      "calibration-batches",
      cl::desc("Calibrate on the first N batches of the data only (default: "
               "all)"),
      cl::value_desc("N"), cl::init(0), cl::cat(category)};
  cl::opt<std::string> policy{
      "policy",
      cl::desc("The precision policy of the switch points (ap.adaptive): "
               "static (never switch, the default), quality, resource or "
               "budget (docs/adaptive-runtime.md)"),
      cl::value_desc("name"), cl::init("static"), cl::cat(category)};
  cl::list<std::string> policyOptions{
      "policy-option",
      cl::desc("A policy option, name=value (e.g. min_sqnr=35, "
               "power_cap=20, latency_target=4e-4, window=1e-3); may be "
               "repeated or comma separated"),
      cl::value_desc("name=value"), cl::CommaSeparated, cl::cat(category)};
  cl::opt<std::string> scenario{
      "scenario",
      cl::desc("Inject run-time events into the simulation: an ap-scenario "
               "JSON file (link slowdowns, power caps, input shifts, the "
               "arrival period of the inferences)"),
      cl::value_desc("file.json"), cl::cat(category)};
  cl::opt<std::string> hookLibrary{
      "hook-library",
      cl::desc("A shared library whose function 'ap_policy_hook' (an "
               "ap_rt_policy_hook) decides after the built-in policy at "
               "every switch point"),
      cl::value_desc("lib.so"), cl::cat(category)};
  cl::opt<bool> adaptiveStorage{
      "adaptive-storage",
      cl::desc("Keep the f32 data transfers write at a precision chosen per "
               "inference from its running statistics, with the scales and "
               "zero points in a history (docs/adaptive-runtime.md)"),
      cl::cat(category)};
  cl::opt<unsigned> storageWindow{
      "storage-window",
      cl::desc("Adaptive storage: the inferences whose statistics choose the "
               "format, the current one included"),
      cl::value_desc("N"), cl::init(8), cl::cat(category)};
  cl::opt<::ap::rt::StorageGranularity> storageGranularity{
      "storage-granularity",
      cl::desc("Adaptive storage: which values share a scale and zero point"),
      cl::values(clEnumValN(::ap::rt::StorageGranularity::Tensor, "tensor",
                            "the whole tensor (the default)"),
                 clEnumValN(::ap::rt::StorageGranularity::Channel, "channel",
                            "each channel of the last dimension")),
      cl::init(::ap::rt::StorageGranularity::Tensor), cl::cat(category)};
  cl::opt<double> storageMinSqnr{
      "storage-min-sqnr",
      cl::desc("Adaptive storage: the SQNR (dB) the chosen format must reach "
               "over the window"),
      cl::value_desc("dB"), cl::init(40.0), cl::cat(category)};
  cl::list<std::string> storageFormats{
      "storage-formats",
      cl::desc("Adaptive storage: the candidate formats, the narrowest "
               "preferred (default: i8,f16,f32)"),
      cl::value_desc("format,..."), cl::CommaSeparated, cl::cat(category)};
  cl::opt<unsigned> storageHistory{
      "storage-history",
      cl::desc("Adaptive storage: the inferences whose parameters each "
               "value's history keeps"),
      cl::value_desc("N"), cl::init(1024), cl::cat(category)};
  cl::opt<mlir::ap::InstrumentGranularity> granularity{
      "granularity",
      cl::desc("Which values --calibrate observes in a module without "
               "ap.observe (ap-instrument); a module with observations is "
               "calibrated on those"),
      cl::values(clEnumValN(mlir::ap::InstrumentGranularity::Op, "op",
                            "the result of every computing op (the "
                            "default)"),
                 clEnumValN(mlir::ap::InstrumentGranularity::Layer, "layer",
                            "the results of ops with weights or reductions "
                            "(layer boundaries)")),
      cl::init(mlir::ap::InstrumentGranularity::Op), cl::cat(category)};
};
} // namespace

static Options *options;

static llvm::Error makeError(const llvm::Twine &message) {
  return llvm::createStringError(llvm::inconvertibleErrorCode(), message);
}

namespace {
/// The function ap-run calls.
struct Entry {
  func::FuncOp function;  ///< At the input level: to be lowered.
  std::string name;       ///< Its symbol (C interface: _mlir_ciface_<name>).
  FunctionType signature; ///< On tensors, as at the input level.
  bool lowered = false;   ///< Already in the LLVM dialect.
};
} // namespace

namespace {
/// What findEntry says when it cannot choose.
struct EntryMessages {
  StringRef notFound; ///< Around the name given by --entry.
  StringRef notFoundEnd;
  StringRef none;
  StringRef several; ///< Followed by the candidates' names.
};
} // namespace

/// Picks the entry among `candidates` (name, function): the one named by
/// --entry, else the only one.
template <typename Function>
static llvm::Expected<Function>
pickEntry(ArrayRef<std::pair<std::string, Function>> candidates,
          const EntryMessages &messages) {
  SmallVector<std::pair<std::string, Function>> chosen;
  for (const auto &candidate : candidates)
    if (options->entry.empty() || candidate.first == options->entry)
      chosen.push_back(candidate);
  if (chosen.size() == 1)
    return chosen.front().second;
  if (!options->entry.empty())
    return makeError(messages.notFound + " '" + options->entry + "' " +
                     messages.notFoundEnd);
  if (chosen.empty())
    return makeError(messages.none);
  std::string names;
  for (const auto &candidate : chosen)
    names += (names.empty() ? "'" : ", '") + candidate.first + "'";
  return makeError(messages.several + " (" + names +
                   "); choose one with --entry");
}

/// The function to call: the one named by --entry, else the only public
/// function with a body. In a lowered module, the functions that
/// ap-prepare-entry-points marked with their signature on tensors.
static llvm::Expected<Entry> findEntry(ModuleOp module) {
  Entry entry;
  if (!mlir::ap::execution::isLoweredToLLVM(module)) {
    SmallVector<std::pair<std::string, func::FuncOp>> candidates;
    for (auto function : module.getOps<func::FuncOp>())
      if (!function.isExternal() &&
          (function.isPublic() || !options->entry.empty()))
        candidates.emplace_back(function.getName().str(), function);
    llvm::Expected<func::FuncOp> function = pickEntry<func::FuncOp>(
        candidates,
        {"no function named", "with a body in the module",
         "the module has no public function with a body; name the entry "
         "with --entry",
         "the module has several public functions"});
    if (!function)
      return function.takeError();
    entry.function = *function;
    entry.name = function->getName().str();
    entry.signature = function->getFunctionType();
    return entry;
  }

  StringRef attrName = mlir::ap::APDialect::getEntrySignatureAttrName();
  SmallVector<std::pair<std::string, LLVM::LLVMFuncOp>> candidates;
  for (auto function : module.getOps<LLVM::LLVMFuncOp>())
    if (!function.isExternal() && function->hasAttr(attrName) &&
        !function.getName().starts_with("_mlir_ciface_"))
      candidates.emplace_back(function.getName().str(), function);
  llvm::Expected<LLVM::LLVMFuncOp> function = pickEntry<LLVM::LLVMFuncOp>(
      candidates,
      {"the lowered module has no entry point named",
       "(an llvm.func with 'ap.entry_signature', as ap-lower-to-llvm makes "
       "of public functions)",
       "the lowered module has no entry point (an llvm.func with "
       "'ap.entry_signature', as ap-lower-to-llvm makes of public "
       "functions)",
       "the lowered module has several entry points"});
  if (!function)
    return function.takeError();
  entry.name = function->getName().str();
  auto signature = (*function)->getAttrOfType<TypeAttr>(attrName);
  entry.signature = cast<FunctionType>(signature.getValue());
  entry.lowered = true;
  if (!module.lookupSymbol<LLVM::LLVMFuncOp>("_mlir_ciface_" + entry.name))
    return makeError("@" + entry.name +
                     " was lowered without a C interface "
                     "(_mlir_ciface_" +
                     entry.name +
                     "); lower the input-level module with ap-lower-to-llvm");
  return entry;
}

/// Checks that every argument and result of `entry` is a statically shaped
/// ranked tensor of numbers.
static llvm::Error checkSignature(const Entry &entry) {
  FunctionType type = entry.signature;
  auto check = [&](Type value, StringRef what, unsigned index) -> llvm::Error {
    auto tensor = dyn_cast<RankedTensorType>(value);
    if (!tensor || !tensor.hasStaticShape() ||
        !(tensor.getElementType().isIntOrFloat()))
      return makeError("@" + entry.name + ": " + what + " " +
                       llvm::Twine(index) +
                       " must be a statically shaped tensor of numbers to "
                       "be passed as an array");
    return llvm::Error::success();
  };
  for (auto [index, input] : llvm::enumerate(type.getInputs()))
    if (llvm::Error error = check(input, "argument", index))
      return error;
  for (auto [index, result] : llvm::enumerate(type.getResults()))
    if (llvm::Error error = check(result, "result", index))
      return error;
  return llvm::Error::success();
}

/// Weights whose data was elided when the file was written: refused, or
/// replaced by random values with --fill-elided=random.
static llvm::Error handleElidedResources(ModuleOp module) {
  unsigned elided = 0;
  std::mt19937_64 generator(options->seed ^ 0x5eedf111ULL);
  AttrTypeReplacer replacer;
  replacer.addReplacement(
      [&](DenseResourceElementsAttr attr) -> std::optional<Attribute> {
        if (attr.getRawHandle().getBlob())
          return std::nullopt;
        ++elided;
        if (options->fillElided != FillElided::Random)
          return std::nullopt;
        ShapedType type = attr.getType();
        Type element = type.getElementType();
        if (!isa<FloatType>(element))
          return std::nullopt;
        // Scaled by 1/sqrt(fan-in), the product of all dimensions but the
        // largest, so that the activations of deep networks stay finite.
        int64_t largest = 1;
        for (int64_t size : type.getShape())
          largest = std::max(largest, size);
        double fanIn = std::max<double>(
            1.0, static_cast<double>(type.getNumElements()) / largest);
        std::uniform_real_distribution<double> uniform(-1.0, 1.0);
        SmallVector<APFloat> values;
        values.reserve(type.getNumElements());
        const llvm::fltSemantics &semantics =
            cast<FloatType>(element).getFloatSemantics();
        for (int64_t i = 0; i < type.getNumElements(); ++i) {
          APFloat value(uniform(generator) / std::sqrt(fanIn));
          bool lost;
          value.convert(semantics, APFloat::rmNearestTiesToEven, &lost);
          values.push_back(value);
        }
        return DenseElementsAttr::get(type, values);
      });
  replacer.recursivelyReplaceElementsIn(module, /*replaceAttrs=*/true,
                                        /*replaceLocs=*/false,
                                        /*replaceTypes=*/false);
  if (elided && options->fillElided != FillElided::Random)
    return makeError(llvm::Twine(elided) +
                     " weight tensors have elided data "
                     "(dense_resource<__elided__>); run on a file with the "
                     "weights, or pass --fill-elided=random to fill them "
                     "with random values");
  return llvm::Error::success();
}

/// Fills `array`, of element type `element`, with seeded uniform values.
static void fillRandom(NpyArray &array, Type element,
                       std::mt19937_64 &generator) {
  int64_t count = array.getNumElements();
  char *data = array.data.data();
  unsigned bytes = array.getElementSize();
  if (auto floatType = dyn_cast<FloatType>(element)) {
    std::uniform_real_distribution<double> uniform(-1.0, 1.0);
    for (int64_t i = 0; i < count; ++i) {
      APFloat value(uniform(generator));
      bool lost;
      value.convert(floatType.getFloatSemantics(), APFloat::rmNearestTiesToEven,
                    &lost);
      uint64_t bits = value.bitcastToAPInt().getZExtValue();
      std::memcpy(data + i * bytes, &bits, bytes);
    }
    return;
  }
  unsigned width = element.getIntOrFloatBitWidth();
  std::uniform_int_distribution<int64_t> uniform(width == 1 ? 0 : -8,
                                                 width == 1 ? 1 : 7);
  for (int64_t i = 0; i < count; ++i) {
    int64_t value = uniform(generator);
    if (element.isUnsignedInteger())
      value &= width >= 64 ? ~0LL : ((1LL << width) - 1);
    std::memcpy(data + i * bytes, &value, bytes);
  }
}

/// The dtype of the arrays passed for elements of `type`.
static llvm::Expected<npy::DType> getDType(Type type, const llvm::Twine &what) {
  if (std::optional<npy::DType> dtype = npy::getDTypeForElementType(type))
    return *dtype;
  std::string text;
  llvm::raw_string_ostream(text) << type;
  return makeError(what + " has element type " + text +
                   ", which has no .npy dtype");
}

/// The target named by --target: a builtin target, else a JSON file.
static llvm::Expected<mlir::ap::TargetAttr> loadTarget(StringRef spec,
                                                       MLIRContext *context) {
  if (std::optional<StringRef> text =
          mlir::ap::getBuiltinTargetDescription(spec))
    return mlir::ap::parseTargetDescription(
        *text, ("<builtin target '" + spec + "'>").str(), context);
  if (!llvm::sys::fs::exists(spec)) {
    std::string names;
    for (StringRef name : mlir::ap::getBuiltinTargetNames())
      names += (names.empty() ? "'" : ", '") + name.str() + "'";
    return makeError("--target '" + spec + "' is neither a builtin target (" +
                     names + ") nor an existing ap-target JSON file");
  }
  return mlir::ap::loadTargetDescription(spec, context);
}

/// The target of the run: the module's `ap.target`, else the one of
/// --target (else the builtin "default"), which is then attached to the
/// module. A module whose target differs from --target is an error.
static llvm::Expected<mlir::ap::TargetAttr> resolveTarget(ModuleOp module) {
  StringRef name = mlir::ap::APDialect::getTargetAttrName();
  Attribute existing = module->getAttr(name);
  auto attached = dyn_cast_or_null<mlir::ap::TargetAttr>(existing);
  if (existing && !attached)
    return makeError("the module's '" + name +
                     "' attribute is not an "
                     "#ap.target");
  if (attached && options->target.empty())
    return attached;
  StringRef spec = options->target.empty() ? StringRef("default")
                                           : StringRef(options->target);
  llvm::Expected<mlir::ap::TargetAttr> target =
      loadTarget(spec, module.getContext());
  if (!target)
    return target.takeError();
  if (attached) {
    if (attached != *target)
      return makeError("the module carries an ap.target that differs from "
                       "--target '" +
                       spec +
                       "'; drop --target to run on "
                       "the module's target, or compile the module for "
                       "that target");
    return attached;
  }
  module->setAttr(name, *target);
  return *target;
}

namespace {
/// Destroys a runtime context.
struct ContextDeleter {
  void operator()(ap_rt_context *context) const { ap_rt_destroy(context); }
};
using ContextPtr = std::unique_ptr<ap_rt_context, ContextDeleter>;
} // namespace

/// A runtime context simulating `target`, current on this thread.
static llvm::Expected<ContextPtr> createRuntime(ModuleOp module,
                                                mlir::ap::TargetAttr target) {
  FailureOr<mlir::ap::TargetModel> model = mlir::ap::TargetModel::fromAttr(
      target, [&] { return mlir::emitError(module.getLoc()); });
  if (failed(model))
    return makeError("the target cannot be simulated (see the diagnostics "
                     "above)");
  ContextPtr context(
      ::ap::rt::createContext(::ap::rt::Simulator::create(*model)));
  ap_rt_set_current(context.get());
  return context;
}

/// The first error of the simulated run, if any: cleared, and returned as
/// an error.
static llvm::Error checkRuntime(ap_rt_context *context) {
  const char *message = ap_rt_error(context);
  if (!message)
    return llvm::Error::success();
  std::string text = message;
  ap_rt_reset(context);
  return makeError("the simulated accelerator reports: " + text);
}

/// Lowers `module` for the JIT.
static llvm::Error lowerModule(ModuleOp module, func::FuncOp entry) {
  entry->setAttr(LLVM::LLVMDialect::getEmitCWrapperAttrName(),
                 UnitAttr::get(module.getContext()));
  // Only what the entry calls is compiled: the other functions become
  // private, and symbol-dce drops those nothing uses.
  for (auto function : module.getOps<func::FuncOp>())
    if (function != entry && !function.isExternal())
      function.setPrivate();
  PassManager pm(module.getContext());
  pm.addPass(createSymbolDCEPass());
  mlir::ap::LowerToLLVMOptions lowering;
  lowering.optLevel = options->optLevel;
  lowering.simulate = !options->noSimulation;
  // A calibration times every op on its own: one launch per kernel.
  lowering.fuseKernels = !options->noFusion && options->calibrate.empty();
  lowering.targetFeatures = mlir::ap::execution::getHostFeatures();
  mlir::ap::buildLowerToLLVMPipeline(pm, lowering);
  if (failed(pm.run(module)))
    return makeError("lowering to LLVM failed (see the diagnostics above)");
  return llvm::Error::success();
}

/// JIT-compiles `module` for the host CPU.
static llvm::Expected<std::unique_ptr<ExecutionEngine>>
compileModule(ModuleOp module) {
  auto builder = llvm::orc::JITTargetMachineBuilder::detectHost();
  if (!builder)
    return builder.takeError();
  builder->setCodeGenOptLevel(options->optLevel >= 3
                                  ? llvm::CodeGenOptLevel::Aggressive
                                  : llvm::CodeGenOptLevel::Default);
  auto machine = builder->createTargetMachine();
  if (!machine)
    return machine.takeError();
  auto transformer = makeOptimizingTransformer(
      std::max(2u, std::min(3u, options->optLevel.getValue())),
      /*sizeLevel=*/0, machine->get());
  ExecutionEngineOptions engineOptions;
  engineOptions.transformer = transformer;
  engineOptions.jitCodeGenOptLevel = options->optLevel >= 3
                                         ? llvm::CodeGenOptLevel::Aggressive
                                         : llvm::CodeGenOptLevel::Default;
  engineOptions.enableGDBNotificationListener = false;
  engineOptions.enablePerfNotificationListener = false;
  auto engine =
      ExecutionEngine::create(module, engineOptions, std::move(*machine));
  if (!engine)
    return engine.takeError();
  // Functions lowered code may call: the copy of strided memrefs (upstream's
  // C runner utilities, linked into ap-run) and every entry point of the
  // runtime (libap_runtime), as the runtime enumerates them.
  (*engine)->registerSymbols([](llvm::orc::MangleAndInterner interner) {
    llvm::orc::SymbolMap symbols;
    symbols[interner("memrefCopy")] = {
        llvm::orc::ExecutorAddr::fromPtr(&memrefCopy),
        llvm::JITSymbolFlags::Exported};
    struct Collector {
      llvm::orc::SymbolMap &symbols;
      llvm::orc::MangleAndInterner &interner;
    } collector{symbols, interner};
    ap_rt_for_each_symbol(
        [](const char *name, void *address, void *user) {
          auto &collector = *static_cast<Collector *>(user);
          collector.symbols[collector.interner(name)] = {
              llvm::orc::ExecutorAddr::fromPtr(address),
              llvm::JITSymbolFlags::Exported};
        },
        &collector);
    return symbols;
  });
  return engine;
}

namespace {
/// The entry compiled for the JIT, and the runtime context its code calls.
struct CompiledEntry {
  ContextPtr runtime;
  std::unique_ptr<ExecutionEngine> engine;
  /// Wall seconds of the lowering and the JIT compilation.
  double seconds = 0;
};
} // namespace

/// Creates the runtime context for the module's target (resolveTarget),
/// lowers the module unless it is lowered already, JIT-compiles it and
/// generates the entry's code, so that the timings that follow measure
/// running only.
static llvm::Expected<CompiledEntry> compileEntry(ModuleOp module,
                                                  const Entry &entry) {
  llvm::Expected<mlir::ap::TargetAttr> target = resolveTarget(module);
  if (!target)
    return target.takeError();
  CompiledEntry compiled;
  llvm::Expected<ContextPtr> runtime = createRuntime(module, *target);
  if (!runtime)
    return runtime.takeError();
  compiled.runtime = std::move(*runtime);

  auto start = std::chrono::steady_clock::now();
  if (!entry.lowered)
    if (llvm::Error error = lowerModule(module, entry.function))
      return std::move(error);
  llvm::Expected<std::unique_ptr<ExecutionEngine>> engine =
      compileModule(module);
  if (!engine)
    return engine.takeError();
  compiled.engine = std::move(*engine);
  // The JIT generates code on the first lookup.
  if (auto entryPoint =
          compiled.engine->lookupPacked("_mlir_ciface_" + entry.name);
      !entryPoint)
    return entryPoint.takeError();
  compiled.seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start)
          .count();
  return compiled;
}

/// Sets up the precision manager of `simulation` from --policy,
/// --policy-option, --hook-library and --scenario (whose input shifts must
/// name f32 arguments of @`entryName`, of type `signature`), and adaptive
/// storage from --adaptive-storage; returns the scenario.
static llvm::Expected<std::optional<::ap::rt::Scenario>>
configureAdaptive(ap_rt_context *simulation, StringRef entryName,
                  FunctionType signature) {
  ::ap::rt::Simulator &simulator = ::ap::rt::getSimulator(simulation);
  ::ap::rt::PrecisionManager &manager = simulator.getPrecisionManager();
  std::optional<::ap::rt::PolicyKind> policy =
      ::ap::rt::parsePolicyName(options->policy);
  if (!policy)
    return makeError("--policy=" + options->policy +
                     ": unknown policy; expected static, quality, resource "
                     "or budget");
  manager.setPolicy(*policy);
  for (StringRef option : options->policyOptions) {
    auto [name, text] = option.split('=');
    double value = 0;
    if (text.empty() || text.trim().getAsDouble(value))
      return makeError("--policy-option=" + option + ": expected name=number");
    if (llvm::Error error = manager.getOptions().set(name.trim(), value))
      return makeError("--policy-option=" + option + ": " +
                       llvm::toString(std::move(error)));
  }
  if (!options->hookLibrary.empty()) {
    std::string message;
    auto library = llvm::sys::DynamicLibrary::getPermanentLibrary(
        options->hookLibrary.c_str(), &message);
    if (!library.isValid())
      return makeError("--hook-library=" + options->hookLibrary + ": " +
                       message);
    void *hook = library.getAddressOfSymbol("ap_policy_hook");
    if (!hook)
      return makeError("--hook-library=" + options->hookLibrary +
                       ": the library has no function 'ap_policy_hook'");
    manager.setHook(reinterpret_cast<ap_rt_policy_hook>(hook), nullptr);
  }
  std::optional<::ap::rt::Scenario> scenario;
  if (!options->scenario.empty()) {
    llvm::Expected<::ap::rt::Scenario> loaded =
        ::ap::rt::loadScenario(options->scenario, simulator.getTarget());
    if (!loaded)
      return loaded.takeError();
    // ap-run applies the input shifts: each must name an f32 argument.
    for (const ::ap::rt::ScenarioEvent &event : loaded->events) {
      if (event.kind != ::ap::rt::ScenarioEvent::Kind::InputShift ||
          !event.argument)
        continue;
      std::string where =
          ("--scenario=" + options->scenario + ": the input_shift at " +
           llvm::formatv("{0}", llvm::format("%g", event.time)).str() +
           " s shifts argument " + Twine(*event.argument))
              .str();
      if (*event.argument >= signature.getNumInputs())
        return makeError(where + ", but @" + entryName + " takes " +
                         Twine(signature.getNumInputs()) + " argument" +
                         (signature.getNumInputs() == 1 ? "" : "s"));
      Type element = cast<ShapedType>(signature.getInput(*event.argument))
                         .getElementType();
      if (!element.isF32())
        return makeError(where + ", which holds " +
                         llvm::formatv("{0}", element).str() +
                         " values; input shifts apply to f32 data");
    }
    simulator.setScenario(*loaded);
    scenario = std::move(*loaded);
  }
  if (options->adaptiveStorage) {
    ::ap::rt::StorageOptions storage;
    storage.window = options->storageWindow;
    storage.granularity = options->storageGranularity;
    storage.minSqnr = options->storageMinSqnr;
    storage.historyCapacity = options->storageHistory;
    if (!options->storageFormats.empty()) {
      storage.candidates.clear();
      for (StringRef name : options->storageFormats) {
        std::optional<::ap::rt::Format> format =
            ::ap::rt::parseFormatName(name.trim());
        if (!format || *format == ::ap::rt::Format::Opaque)
          return makeError("--storage-formats=" + name +
                           ": unknown format; expected f32, f16, bf16, "
                           "f8E4M3FN, f8E5M2, i32, i16, i8, u8, i4 or u4");
        storage.candidates.push_back(*format);
      }
    }
    if (storage.window < 1)
      return makeError("--storage-window must be at least 1 inference");
    if (storage.historyCapacity < 1)
      return makeError("--storage-history must be at least 1 inference");
    if (!std::isfinite(storage.minSqnr))
      return makeError("--storage-min-sqnr must be a finite number of dB");
    if (llvm::Error error = simulator.setStorage(std::move(storage)))
      return error;
  }
  return scenario;
}

/// Writes --stats and --trace, when given, of the run simulated last.
static llvm::Error writeStatsAndTrace(ap_rt_context *simulation) {
  for (auto [path, write] :
       {std::make_pair(&options->stats, &ap_rt_write_stats),
        std::make_pair(&options->trace, &ap_rt_write_trace)}) {
    if (path->empty())
      continue;
    char *message = nullptr;
    if (write(simulation, path->c_str(), &message) != 0) {
      std::string text = message ? message : "unknown error";
      ap_rt_free_string(message);
      return makeError(*path + ": " + text);
    }
  }
  return llvm::Error::success();
}

/// Summary statistics of an array.
static void printSummary(raw_ostream &os, StringRef label,
                         const NpyArray &array) {
  os << label << ": " << array.getSummary();
  int64_t count = array.getNumElements();
  if (count == 0) {
    os << "\n";
    return;
  }
  double minimum = array.getAsDouble(0), maximum = minimum, sum = 0;
  for (int64_t i = 0; i < count; ++i) {
    double value = array.getAsDouble(i);
    minimum = std::min(minimum, value);
    maximum = std::max(maximum, value);
    sum += value;
  }
  os << llvm::format(" min %g max %g mean %g", minimum, maximum, sum / count);
  os << "; first:";
  for (int64_t i = 0; i < std::min<int64_t>(count, 8); ++i)
    os << llvm::format(" %g", array.getAsDouble(i));
  os << (count > 8 ? " ...\n" : "\n");
}

/// Every element of `array`, one per line with its index.
static void printElements(raw_ostream &os, const NpyArray &array) {
  SmallVector<int64_t> index(array.getRank(), 0);
  for (int64_t i = 0; i < array.getNumElements(); ++i) {
    os << "  [";
    llvm::interleaveComma(index, os);
    os << llvm::format("] %.9g\n", array.getAsDouble(i));
    for (int64_t d = array.getRank() - 1; d >= 0; --d) {
      if (++index[d] < array.shape[d])
        break;
      index[d] = 0;
    }
  }
}

/// The simulated figures of the last run: makespan, energy, and the busy
/// time and utilization of every device.
/// Prints the simulated totals of the last run, which took `runSeconds` of
/// host time, and what the simulation itself cost of it.
static void printSimulation(raw_ostream &os, ap_rt_context *context,
                            double runSeconds) {
  double makespan = ap_rt_makespan(context);
  const ::ap::rt::Simulator &simulator = ::ap::rt::getSimulator(context);
  ::ap::rt::EnergyTotals energy = simulator.getEnergy();
  os << llvm::format("simulated: makespan %.6g s, energy %.6g J (dynamic "
                     "%.6g J, static %.6g J)\n",
                     makespan, energy.getTotal(), energy.dynamic, energy.idle);
  for (auto [index, device] : llvm::enumerate(simulator.getDevices())) {
    double utilization = makespan > 0 ? device.busyTime / makespan : 0.0;
    os << llvm::format("  device %s: busy %.6g s (%.1f%%), %llu launches\n",
                       simulator.getTarget().getDevice(index).name.c_str(),
                       device.busyTime, 100.0 * utilization,
                       static_cast<unsigned long long>(device.launches));
  }
  const ::ap::rt::PrecisionManager &manager = simulator.getPrecisionManager();
  if (!manager.getPoints().empty()) {
    os << llvm::format(
        "adaptive: policy %s, %zu switch point%s, %zu "
        "decision%s\n",
        ::ap::rt::getPolicyName(manager.getPolicy()).str().c_str(),
        manager.getPoints().size(), manager.getPoints().size() == 1 ? "" : "s",
        manager.getDecisions().size(),
        manager.getDecisions().size() == 1 ? "" : "s");
    for (const ::ap::rt::SwitchPoint &point : manager.getPoints()) {
      os << "  " << point.name << ":";
      for (auto [variant, runs] : llvm::zip(point.variants, point.runs))
        os << " " << ::ap::rt::getFormatName(variant.precision) << " " << runs;
      os << llvm::format(" (%llu switches)\n",
                         static_cast<unsigned long long>(point.switches));
    }
  }
  if (!simulator.getInferences().empty()) {
    double sum = 0, worst = 0;
    for (const ::ap::rt::InferenceRecord &record : simulator.getInferences()) {
      sum += record.getLatency();
      worst = std::max(worst, record.getLatency());
    }
    size_t count = simulator.getInferences().size();
    os << llvm::format("inferences: %zu, latency mean %.6g s, max %.6g s\n",
                       count, sum / count, worst);
  }
  if (simulator.getStorage()) {
    uint64_t batches = 0;
    uint64_t byFormat[std::size(::ap::rt::StorageTotals().byFormat)] = {};
    int64_t bytes = 0, f32Bytes = 0;
    for (const ::ap::rt::StorageTotals &totals : simulator.getStorageTotals()) {
      batches += totals.count;
      for (auto [sum, count] : llvm::zip(byFormat, totals.byFormat))
        sum += count;
      bytes += totals.bytes;
      f32Bytes += totals.f32Bytes;
    }
    size_t values = simulator.getStorageTotals().size();
    os << llvm::format("storage: %zu value%s, %llu stored", values,
                       values == 1 ? "" : "s",
                       static_cast<unsigned long long>(batches));
    for (auto [index, count] : llvm::enumerate(byFormat))
      if (count)
        os << " "
           << ::ap::rt::getFormatName(static_cast<::ap::rt::Format>(index))
           << " " << count;
    os << llvm::format(", %lld bytes (%.1f%% of f32)\n",
                       static_cast<long long>(bytes),
                       f32Bytes ? 100.0 * bytes / f32Bytes : 100.0);
  }
  const ::ap::rt::HostCost &host = simulator.getHostCost();
  double bookkeeping = host.getBookkeeping();
  os << llvm::format(
      "host: %llu runtime events, bookkeeping %.3g ms (%.2g us per event, "
      "%.1f%% of the run), data (conversions, probes, observations) %.3g ms\n",
      static_cast<unsigned long long>(host.events), 1e3 * bookkeeping,
      host.events ? 1e6 * bookkeeping / host.events : 0.0,
      runSeconds > 0 ? 100.0 * bookkeeping / runSeconds : 0.0, 1e3 * host.data);
}

/// The top-1 accuracy of `logits` (rows of class scores) against `labels`.
static llvm::Expected<std::pair<int64_t, int64_t>>
computeTop1(const NpyArray &logits, StringRef labelsPath) {
  llvm::Expected<NpyArray> labels = npy::readNpy(labelsPath);
  if (!labels)
    return labels.takeError();
  if (logits.getRank() < 1)
    return makeError("--labels needs a first result with one row per "
                     "example, not a 0-d array");
  int64_t rows = logits.shape.front();
  int64_t classes = rows ? logits.getNumElements() / rows : 0;
  bool integral =
      labels->dtype != npy::DType::F16 && labels->dtype != npy::DType::F32 &&
      labels->dtype != npy::DType::F64 && labels->dtype != npy::DType::BF16 &&
      labels->dtype != npy::DType::F8E4M3FN &&
      labels->dtype != npy::DType::F8E5M2;
  if (!integral || labels->getNumElements() != rows)
    return makeError(labelsPath + ": expected " + llvm::Twine(rows) +
                     " integer labels (one per row of the first result), "
                     "found " +
                     labels->getSummary());
  int64_t correct = 0;
  for (int64_t row = 0; row < rows; ++row) {
    int64_t best = 0;
    for (int64_t c = 1; c < classes; ++c)
      if (logits.getAsDouble(row * classes + c) >
          logits.getAsDouble(row * classes + best))
        best = c;
    correct += static_cast<int64_t>(labels->getAsDouble(row)) == best;
  }
  return std::make_pair(correct, rows);
}

/// The number of ap.observe ops in `module`.
static unsigned countObservations(ModuleOp module) {
  unsigned count = 0;
  module.walk([&](mlir::ap::ObserveOp) { ++count; });
  return count;
}

/// Reads the calibration data of --calibrate for the arguments of `entry`:
/// the file for an entry of one argument, else argN.npy in the directory for
/// argument N.
static llvm::Expected<mlir::ap::execution::CalibrationData>
readCalibrationSet(const Entry &entry) {
  StringRef data = options->calibrate;
  unsigned count = entry.signature.getNumInputs();
  SmallVector<std::string> files;
  // A missing file is reported by reading it.
  if (count == 1 && !llvm::sys::fs::is_directory(data)) {
    files.push_back(data.str());
  } else {
    llvm::Expected<SmallVector<std::string>> listed =
        mlir::ap::execution::getCalibrationFiles(data, count, entry.name,
                                                 "--calibrate");
    if (!listed)
      return listed.takeError();
    files = std::move(*listed);
  }
  return mlir::ap::execution::readCalibrationData(entry.name, entry.signature,
                                                  files, /*labels=*/"");
}

/// Prepares the observations of `module`, not lowered yet, for calibrating
/// `entry`: keeps only the entry and what it calls (lowerModule would drop
/// the rest, and observations there would never be recorded), then runs
/// ap-instrument at --granularity when nothing is observed. `granularity` is
/// set to the granularity instrumented with, or left empty when the module's
/// own observations are used.
static llvm::Error instrument(ModuleOp module, const Entry &entry,
                              StringRef granularityName,
                              std::string &granularity) {
  for (auto function : module.getOps<func::FuncOp>())
    if (function != entry.function && !function.isExternal())
      function.setPrivate();
  PassManager dce(module.getContext());
  dce.addPass(createSymbolDCEPass());
  if (failed(dce.run(module)))
    return makeError("symbol-dce failed (see the diagnostics above)");

  if (unsigned observations = countObservations(module)) {
    if (options->granularity.getNumOccurrences())
      llvm::WithColor::warning(llvm::errs(), "ap-run")
          << "the module already observes " << observations
          << " values: they are calibrated, and --granularity="
          << granularityName << " is not applied\n";
    return llvm::Error::success();
  }
  PassManager pm(module.getContext());
  mlir::ap::APInstrumentOptions instrumentOptions;
  instrumentOptions.granularity = options->granularity;
  pm.addPass(mlir::ap::createAPInstrument(instrumentOptions));
  if (failed(pm.run(module)))
    return makeError("ap-instrument failed (see the diagnostics above)");
  if (countObservations(module) == 0)
    return makeError("@" + entry.name +
                     " has no value to observe at "
                     "granularity '" +
                     granularityName +
                     "' (ap-instrument observes floating-point tensors)");
  granularity = granularityName.str();
  return llvm::Error::success();
}

/// The first option given among those of adaptive precision (policies,
/// scenarios, hooks, adaptive storage), which need the simulation of an
/// inference run; empty when none is.
static StringRef getAdaptiveOptionGiven() {
  for (auto [given, name] :
       {std::make_pair(options->policy.getNumOccurrences() > 0, "--policy"),
        std::make_pair(!options->policyOptions.empty(), "--policy-option"),
        std::make_pair(!options->scenario.empty(), "--scenario"),
        std::make_pair(!options->hookLibrary.empty(), "--hook-library"),
        std::make_pair(options->adaptiveStorage.getValue(),
                       "--adaptive-storage")})
    if (given)
      return name;
  return "";
}

/// A calibration run (--calibrate): instruments the module unless it has
/// observations, runs the batches of the data twice, pass 1 (moments) then
/// pass 2 (histograms), and writes the profile of the observed values and
/// of the kernels' simulated times (those of pass 2).
static llvm::Error calibrate(ModuleOp module, const Entry &entry) {
  if (options->profile.empty())
    return makeError("--calibrate needs --profile FILE.json, where the "
                     "profile is written");
  struct Conflict {
    bool given;
    StringRef option, reason;
  };
  for (const Conflict &conflict :
       {Conflict{!options->inputs.empty(), "--input",
                 "the data comes from --calibrate"},
        Conflict{options->randomInputs, "--random-inputs",
                 "the data comes from --calibrate"},
        Conflict{!options->outputs.empty(), "--output",
                 "a calibration run writes its profile only"},
        Conflict{!options->labels.empty(), "--labels",
                 "a calibration run writes its profile only"},
        Conflict{options->repeat.getNumOccurrences() > 0, "--repeat",
                 "a calibration runs the data twice, once per pass"},
        Conflict{options->noSimulation, "--no-simulation",
                 "the simulator's runtime records the observations"},
        Conflict{!getAdaptiveOptionGiven().empty(), getAdaptiveOptionGiven(),
                 "calibration runs the model as it is, with no run-time "
                 "adaptation"}})
    if (conflict.given)
      return makeError(conflict.option + " does not apply to --calibrate (" +
                       conflict.reason + ")");

  auto data = readCalibrationSet(entry);
  if (!data)
    return data.takeError();
  SmallVector<NpyArray> &inputs = data->arguments;
  int64_t batches = data->batches;
  if (options->calibrationBatches.getNumOccurrences()) {
    int64_t window = options->calibrationBatches;
    if (window < 1)
      return makeError("--calibration-batches must be at least 1, got " +
                       Twine(window));
    if (window > batches)
      return makeError("--calibration-batches " + Twine(window) + ": '" +
                       options->calibrate + "' holds only " + Twine(batches) +
                       (batches == 1 ? " batch" : " batches"));
    batches = window;
  }

  // The values to observe: the module's, else those ap-instrument chooses.
  std::string granularity;
  bool granularityGiven = options->granularity.getNumOccurrences() > 0;
  StringRef granularityName =
      options->granularity == mlir::ap::InstrumentGranularity::Layer ? "layer"
                                                                     : "op";
  if (entry.lowered) {
    if (!module.lookupSymbol("ap_rt_observe"))
      return makeError("the lowered module observes no value (it never "
                       "calls ap_rt_observe): instrument the module "
                       "(ap-opt --ap-instrument) before lowering it, or give "
                       "ap-run the module before lowering");
    if (granularityGiven)
      return makeError("--granularity applies to modules ap-run instruments; "
                       "this one is already lowered with its observations");
  } else if (llvm::Error error =
                 instrument(module, entry, granularityName, granularity))
    return error;

  llvm::Expected<CompiledEntry> compiled = compileEntry(module, entry);
  if (!compiled)
    return compiled.takeError();
  ap_rt_context *simulation = compiled->runtime.get();
  FunctionType signature = entry.signature;
  // The results of one batch, overwritten by every batch.
  SmallVector<NpyArray> results;
  for (auto [index, type] : llvm::enumerate(signature.getResults())) {
    auto tensor = cast<RankedTensorType>(type);
    llvm::Expected<npy::DType> dtype =
        getDType(tensor.getElementType(), "result " + Twine(index));
    if (!dtype)
      return dtype.takeError();
    results.emplace_back(*dtype, tensor.getShape());
  }

  bool progress = llvm::sys::Process::StandardErrIsDisplayed();
  double passSeconds[2] = {0, 0};
  for (int pass = 1; pass <= 2; ++pass) {
    if (ap_rt_set_calibration_pass(simulation, pass) != 0)
      return makeError("the runtime refused calibration pass " + Twine(pass));
    // Each pass is a run of its own on the simulated clock; the statistics
    // carry over from pass 1 to pass 2.
    ap_rt_reset(simulation);
    auto start = std::chrono::steady_clock::now();
    for (int64_t batch = 0; batch < batches; ++batch) {
      SmallVector<ArrayView> argumentViews, resultViews;
      for (auto [array, type] : llvm::zip(inputs, signature.getInputs())) {
        auto tensor = cast<RankedTensorType>(type);
        size_t bytes = tensor.getNumElements() * array.getElementSize();
        argumentViews.push_back(
            {array.data.data() + batch * bytes, tensor.getShape()});
      }
      for (NpyArray &array : results)
        resultViews.push_back({array.data.data(), array.shape});
      if (llvm::Error error = invokeEntry(*compiled->engine, entry.name,
                                          argumentViews, resultViews))
        return error;
      if (llvm::Error error = checkRuntime(simulation))
        return error;
      if (progress)
        llvm::errs() << llvm::format(
            "\rap-run: calibration pass %d/2, batch %lld/%lld", pass,
            static_cast<long long>(batch + 1), static_cast<long long>(batches));
    }
    if (progress)
      llvm::errs() << "\n";
    passSeconds[pass - 1] =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start)
            .count();
    ap_rt_makespan(simulation);
    if (llvm::Error error = checkRuntime(simulation))
      return error;
  }
  ap_rt_set_calibration_pass(simulation, 0);

  llvm::ArrayRef<mlir::ap::ValueStatistics> values =
      ::ap::rt::getSimulator(simulation).getCalibration().getValues();
  if (values.empty())
    return makeError("no observation was recorded: @" + entry.name +
                     " computes none of the observed values");
  char *message = nullptr;
  if (ap_rt_write_profile(simulation, options->profile.c_str(),
                          granularity.c_str(), batches, &message) != 0) {
    std::string text = message ? message : "unknown error";
    ap_rt_free_string(message);
    return makeError(text);
  }
  if (llvm::Error error = writeStatsAndTrace(simulation))
    return error;

  if (!options->quiet) {
    llvm::outs() << llvm::format(
        "ap-run: @%s: compiled in %.3f s; calibrated on %lld batch%s: pass 1 "
        "in %.6f s, pass 2 in %.6f s\n",
        entry.name.c_str(), compiled->seconds, static_cast<long long>(batches),
        batches == 1 ? "" : "es", passSeconds[0], passSeconds[1]);
    llvm::outs() << "profile: " << options->profile << ": " << values.size()
                 << " observed values";
    if (!granularity.empty())
      llvm::outs() << " (granularity " << granularity << ")";
    llvm::outs() << "\n";
    for (const mlir::ap::ValueStatistics &value : values)
      llvm::outs() << llvm::format(
          "  %s: %llu values in [%g, %g], mean %g, variance %g\n",
          value.getId().str().c_str(),
          static_cast<unsigned long long>(value.getCount()), value.getMin(),
          value.getMax(), value.getMean(), value.getVariance());
    // The simulated figures are those of pass 2.
    printSimulation(llvm::outs(), simulation, passSeconds[1]);
  }
  return llvm::Error::success();
}

static llvm::Error run(MLIRContext &context) {
  std::string errorMessage;
  std::unique_ptr<llvm::MemoryBuffer> file =
      openInputFile(options->inputFile, &errorMessage);
  if (!file)
    return makeError(errorMessage);
  llvm::SourceMgr sourceMgr;
  sourceMgr.AddNewSourceBuffer(std::move(file), llvm::SMLoc());
  SourceMgrDiagnosticHandler diagnostics(sourceMgr, &context);
  OwningOpRef<ModuleOp> module = parseSourceFile<ModuleOp>(sourceMgr, &context);
  if (!module)
    return makeError("cannot parse '" + options->inputFile + "'");

  llvm::Expected<Entry> entry = findEntry(*module);
  if (!entry)
    return entry.takeError();
  if (llvm::Error error = checkSignature(*entry))
    return error;
  std::string entryName = entry->name;
  FunctionType signature = entry->signature;
  if (options->noSimulation) {
    if (entry->lowered)
      return makeError("--no-simulation applies to modules ap-run lowers; "
                       "this one is already lowered");
    for (auto [given, name] : {std::make_pair(&options->stats, "--stats"),
                               std::make_pair(&options->trace, "--trace"),
                               std::make_pair(&options->target, "--target")})
      if (!given->empty())
        return makeError(Twine(name) + " needs the simulation: drop "
                                       "--no-simulation");
    // Without the simulation the default variants are inlined: nothing
    // decides, and no transfer stores anything.
    StringRef adaptive = getAdaptiveOptionGiven();
    if (!adaptive.empty())
      return makeError(adaptive + " needs the simulation: drop "
                                  "--no-simulation");
  }
  if (!options->adaptiveStorage) {
    for (auto [given, name] :
         {std::make_pair(options->storageWindow.getNumOccurrences() > 0,
                         "--storage-window"),
          std::make_pair(options->storageGranularity.getNumOccurrences() > 0,
                         "--storage-granularity"),
          std::make_pair(options->storageMinSqnr.getNumOccurrences() > 0,
                         "--storage-min-sqnr"),
          std::make_pair(!options->storageFormats.empty(), "--storage-formats"),
          std::make_pair(options->storageHistory.getNumOccurrences() > 0,
                         "--storage-history")})
      if (given)
        return makeError(Twine(name) + " configures adaptive storage: give "
                                       "--adaptive-storage too");
  }
  if (options->calibrate.empty()) {
    for (auto [given, name] :
         {std::make_pair(!options->profile.empty(), "--profile"),
          std::make_pair(options->calibrationBatches.getNumOccurrences() > 0,
                         "--calibration-batches"),
          std::make_pair(options->granularity.getNumOccurrences() > 0,
                         "--granularity")})
      if (given)
        return makeError(Twine(name) + " applies to calibration runs: give "
                                       "the data with --calibrate");
  }
  if (llvm::Error error = handleElidedResources(*module))
    return error;
  if (!options->calibrate.empty())
    return calibrate(*module, *entry);

  // Inputs, each holding one or more batches.
  if (!options->inputs.empty() && options->randomInputs)
    return makeError("give either --input files or --random-inputs");
  if (options->inputs.size() != signature.getNumInputs() &&
      !options->randomInputs)
    return makeError(
        "@" + entryName + " takes " + llvm::Twine(signature.getNumInputs()) +
        " arguments: give one --input .npy file for each "
        "(found " +
        llvm::Twine(options->inputs.size()) + "), or --random-inputs");
  if (!options->outputs.empty() &&
      options->outputs.size() != signature.getNumResults())
    return makeError("@" + entryName + " has " +
                     llvm::Twine(signature.getNumResults()) +
                     " results: give one --output file for each, or none "
                     "(found " +
                     llvm::Twine(options->outputs.size()) + ")");
  SmallVector<NpyArray> inputs;
  int64_t batches = 1;
  if (options->randomInputs) {
    std::mt19937_64 generator(options->seed);
    for (auto [index, type] : llvm::enumerate(signature.getInputs())) {
      auto tensor = cast<RankedTensorType>(type);
      llvm::Expected<npy::DType> dtype =
          getDType(tensor.getElementType(), "argument " + llvm::Twine(index));
      if (!dtype)
        return dtype.takeError();
      inputs.emplace_back(*dtype, tensor.getShape());
      fillRandom(inputs.back(), tensor.getElementType(), generator);
    }
  } else {
    SmallVector<std::string> files(options->inputs.begin(),
                                   options->inputs.end());
    llvm::Expected<mlir::ap::execution::CalibrationData> read =
        mlir::ap::execution::readCalibrationData(entryName, signature, files,
                                                 /*labels=*/"");
    if (!read)
      return read.takeError();
    inputs = std::move(read->arguments);
    batches = read->batches;
  }
  // Results, the batches concatenated along the leading dimension.
  SmallVector<NpyArray> outputs;
  for (auto [index, type] : llvm::enumerate(signature.getResults())) {
    auto tensor = cast<RankedTensorType>(type);
    llvm::Expected<npy::DType> dtype =
        getDType(tensor.getElementType(), "result " + llvm::Twine(index));
    if (!dtype)
      return dtype.takeError();
    SmallVector<int64_t> shape(tensor.getShape());
    if (batches > 1) {
      if (shape.empty())
        return makeError("result " + llvm::Twine(index) +
                         " is 0-d: its batches cannot be concatenated");
      shape.front() *= batches;
    }
    outputs.emplace_back(*dtype, shape);
  }

  llvm::Expected<CompiledEntry> compiled = compileEntry(*module, *entry);
  if (!compiled)
    return compiled.takeError();
  ap_rt_context *simulation = compiled->runtime.get();
  ExecutionEngine *engine = compiled->engine.get();
  double compileSeconds = compiled->seconds;
  llvm::Expected<std::optional<::ap::rt::Scenario>> scenario =
      configureAdaptive(simulation, entryName, signature);
  if (!scenario)
    return scenario.takeError();
  // Inputs a scenario shifts are copied first: the files' data stays.
  SmallVector<std::vector<float>> shiftedInputs(inputs.size());

  bool progress = batches > 1 && llvm::sys::Process::StandardErrIsDisplayed();
  SmallVector<double> times;
  for (unsigned iteration = 0; iteration < options->repeat; ++iteration) {
    // The batches of one run accumulate on one simulated clock.
    ap_rt_reset(simulation);
    auto start = std::chrono::steady_clock::now();
    for (int64_t batch = 0; batch < batches; ++batch) {
      SmallVector<ArrayView> argumentViews, resultViews;
      SmallVector<SmallVector<int64_t>> shapes;
      auto view = [&](NpyArray &array, RankedTensorType type) -> ArrayView {
        size_t bytes = type.getNumElements() * array.getElementSize();
        return {array.data.data() + batch * bytes, type.getShape()};
      };
      // The inference arrives every period of the scenario, else as soon
      // as the host is free.
      ::ap::rt::Simulator &simulator = ::ap::rt::getSimulator(simulation);
      double period = *scenario ? (*scenario)->period : 0;
      double arrival = period > 0 ? batch * period : 0;
      double start = std::max(
          arrival,
          simulator.getDevices()[simulator.getTarget().getHost()].freeAt);
      ap_rt_begin_inference(simulation, batch, arrival);
      for (auto [index, array, type] :
           llvm::enumerate(inputs, signature.getInputs())) {
        auto tensor = cast<RankedTensorType>(type);
        argumentViews.push_back(view(array, tensor));
        const ::ap::rt::ScenarioEvent *shift =
            *scenario ? (*scenario)->getInputShift(index, start) : nullptr;
        if (!shift || !tensor.getElementType().isF32())
          continue;
        std::vector<float> &shifted = shiftedInputs[index];
        const auto *data =
            reinterpret_cast<const float *>(argumentViews.back().data);
        shifted.assign(data, data + tensor.getNumElements());
        ::ap::rt::applyInputShift(*shift, shifted.data(), shifted.size(),
                                  batch, index);
        argumentViews.back().data = shifted.data();
      }
      for (auto [array, type] : llvm::zip(outputs, signature.getResults()))
        resultViews.push_back(view(array, cast<RankedTensorType>(type)));
      if (llvm::Error error =
              invokeEntry(*engine, entryName, argumentViews, resultViews))
        return error;
      ap_rt_end_inference(simulation);
      if (llvm::Error error = checkRuntime(simulation))
        return error;
      if (progress)
        llvm::errs() << llvm::format("\rap-run: batch %lld/%lld",
                                     static_cast<long long>(batch + 1),
                                     static_cast<long long>(batches));
    }
    if (progress)
      llvm::errs() << "\n";
    times.push_back(
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start)
            .count());
    // The end of the run: buffers never released stay live until the
    // makespan, which may exceed a memory tier.
    ap_rt_makespan(simulation);
    if (llvm::Error error = checkRuntime(simulation))
      return error;
  }

  // Outputs are written whole or not at all (writeNpy renames a complete
  // temporary into place).
  for (auto [path, output] : llvm::zip(options->outputs, outputs))
    if (llvm::Error error = npy::writeNpy(path, output))
      return error;
  if (llvm::Error error = writeStatsAndTrace(simulation))
    return error;
  std::optional<std::pair<int64_t, int64_t>> top1;
  if (!options->labels.empty()) {
    if (outputs.empty())
      return makeError("--labels needs an entry function with a result");
    auto accuracy = computeTop1(outputs.front(), options->labels);
    if (!accuracy)
      return accuracy.takeError();
    top1 = *accuracy;
  }

  if (!options->quiet) {
    // The simulator's counters are those of the last run.
    double lastRunSeconds = times.back();
    llvm::sort(times);
    llvm::outs() << llvm::format(
        "ap-run: @%s: compiled in %.3f s; %lld batch%s in %.6f s",
        entryName.c_str(), compileSeconds, static_cast<long long>(batches),
        batches == 1 ? "" : "es", times.front());
    if (times.size() > 1)
      llvm::outs() << llvm::format(" (best of %zu, median %.6f s)",
                                   times.size(), times[times.size() / 2]);
    llvm::outs() << "\n";
    for (auto [index, output] : llvm::enumerate(outputs)) {
      printSummary(llvm::outs(), "result " + std::to_string(index), output);
      if (options->printResults)
        printElements(llvm::outs(), output);
    }
    if (top1)
      llvm::outs() << llvm::format("top-1 accuracy: %.2f%% (%lld / %lld)\n",
                                   100.0 * top1->first /
                                       std::max<int64_t>(1, top1->second),
                                   static_cast<long long>(top1->first),
                                   static_cast<long long>(top1->second));
    if (!options->noSimulation)
      printSimulation(llvm::outs(), simulation, lastRunSeconds);
  }
  return llvm::Error::success();
}

/// Keeps freed memory in the process between batches. Compiled code
/// allocates its buffers (DMA destinations, intermediates of megabytes) at
/// every call; glibc would otherwise serve the large ones with fresh mmaps or
/// trim the heap after each call, so that every batch paid page faults to
/// zero the same memory again (3.6 ms instead of 0.8 ms per inference of
/// models/mnist_mlp_linalg.mlir, whose 1.6 MB of weights cross a link).
static void keepFreedMemory() {
#ifdef __GLIBC__
  mallopt(M_MMAP_THRESHOLD, 256 << 20);
  mallopt(M_TRIM_THRESHOLD, 1 << 30);
#endif
}

int main(int argc, char **argv) {
  llvm::InitLLVM init(argc, argv);
  keepFreedMemory();
  llvm::InitializeNativeTarget();
  llvm::InitializeNativeTargetAsmPrinter();
  // LLVM's own -stats (print pass statistics) would clash with ours.
  auto &registered = cl::getRegisteredOptions();
  if (auto it = registered.find("stats"); it != registered.end())
    it->second->setArgStr("llvm-stats");
  Options parsedOptions;
  options = &parsedOptions;
  cl::HideUnrelatedOptions(parsedOptions.category);
  cl::ParseCommandLineOptions(
      argc, argv,
      "ap-run: runs a network compiled by ap on the host, JIT-compiled\n");

  DialectRegistry registry;
  registerAllDialects(registry);
  registerAllExtensions(registry);
  mlir::ap::registerAllDialects(registry);
  registerBuiltinDialectTranslation(registry);
  registerLLVMDialectTranslation(registry);
  MLIRContext context(registry);
  context.loadAllAvailableDialects();
  // The diagnostics of the lowering point at the user's source; the op as the
  // pipeline had rewritten it by then (in generic form) only confuses.
  context.printOpOnDiagnostic(false);

  if (llvm::Error error = run(context)) {
    llvm::WithColor::error(llvm::errs(), "ap-run")
        << llvm::toString(std::move(error)) << "\n";
    return 1;
  }
  return 0;
}
