//===- CompiledModule.cpp - JIT-compiled functions on arrays --------------===//
//
// Part of the ap project: an adaptive-precision compiler built on MLIR.
//
//===----------------------------------------------------------------------===//

#include "ap/Execution/CompiledModule.h"

#include "ap/Dialect/AP/IR/APDialect.h"
#include "ap/Pipelines/Pipelines.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/ExecutionEngine/CRunnerUtils.h"
#include "mlir/ExecutionEngine/ExecutionEngine.h"
#include "mlir/ExecutionEngine/OptUtils.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Target/LLVMIR/Dialect/Builtin/BuiltinToLLVMIRTranslation.h"
#include "mlir/Target/LLVMIR/Dialect/LLVMIR/LLVMToLLVMIRTranslation.h"
#include "mlir/Transforms/Passes.h"
#include "llvm/ExecutionEngine/Orc/JITTargetMachineBuilder.h"
#include "llvm/Support/TargetSelect.h"

using namespace mlir;
using namespace mlir::ap::execution;
namespace npy = mlir::ap::npy;

static llvm::Error makeError(const llvm::Twine &message) {
  return llvm::createStringError(llvm::inconvertibleErrorCode(), message);
}

std::string mlir::ap::execution::getHostFeatures() {
  auto builder = llvm::orc::JITTargetMachineBuilder::detectHost();
  if (!builder) {
    llvm::consumeError(builder.takeError());
    return "";
  }
  return builder->getFeatures().getString();
}

bool mlir::ap::execution::isLoweredToLLVM(ModuleOp module) {
  bool llvmBodies = llvm::any_of(module.getOps<LLVM::LLVMFuncOp>(),
                                 [](auto f) { return !f.isExternal(); });
  bool funcBodies = llvm::any_of(module.getOps<func::FuncOp>(),
                                 [](auto f) { return !f.isExternal(); });
  return llvmBodies && !funcBodies;
}

llvm::Expected<func::FuncOp>
mlir::ap::execution::findEntryFunction(ModuleOp module, StringRef name) {
  SmallVector<func::FuncOp> candidates;
  for (auto function : module.getOps<func::FuncOp>()) {
    if (function.isExternal())
      continue;
    if (name.empty() ? function.isPublic() : function.getName() == name)
      candidates.push_back(function);
  }
  if (candidates.size() == 1)
    return candidates.front();
  if (!name.empty())
    return makeError("no function named '" + name +
                     "' with a body in the module");
  if (candidates.empty())
    return makeError("the module has no public function with a body; name "
                     "the entry with --entry");
  std::string names;
  for (func::FuncOp function : candidates)
    names += (names.empty() ? "'" : ", '") + function.getName().str() + "'";
  return makeError("the module has several public functions (" + names +
                   "); choose one with --entry");
}

llvm::Error
mlir::ap::execution::lowerForExecution(ModuleOp module,
                                       ArrayRef<std::string> functions,
                                       const CompileOptions &options) {
  MLIRContext *context = module.getContext();
  for (const std::string &name : functions) {
    auto function = module.lookupSymbol<func::FuncOp>(name);
    if (!function || function.isExternal())
      return makeError("no function named '" + name +
                       "' with a body in the module");
    function.setPublic();
    function->setAttr(LLVM::LLVMDialect::getEmitCWrapperAttrName(),
                      UnitAttr::get(context));
  }
  // Only what the functions call is compiled: the other functions become
  // private, and symbol-dce drops those nothing uses.
  for (auto function : module.getOps<func::FuncOp>())
    if (!function.isExternal() &&
        !llvm::is_contained(functions, function.getName()))
      function.setPrivate();
  PassManager pm(context);
  pm.addPass(createSymbolDCEPass());
  mlir::ap::LowerToLLVMOptions lowering;
  lowering.optLevel = options.optLevel;
  lowering.simulate = options.simulate;
  lowering.targetFeatures =
      options.targetFeatures ? *options.targetFeatures : getHostFeatures();
  mlir::ap::buildLowerToLLVMPipeline(pm, lowering);
  if (failed(pm.run(module)))
    return makeError("lowering to LLVM failed (see the diagnostics above)");
  return llvm::Error::success();
}

/// An error unless `type` is a statically shaped tensor of numbers with an
/// .npy dtype.
static llvm::Error checkArrayType(Type type, StringRef function,
                                  const llvm::Twine &what) {
  auto tensor = dyn_cast<RankedTensorType>(type);
  if (!tensor || !tensor.hasStaticShape() ||
      !npy::getDTypeForElementType(tensor.getElementType()))
    return makeError("@" + function + ": " + what +
                     " must be a statically shaped tensor of numbers to "
                     "be passed as an array");
  return llvm::Error::success();
}

/// JIT-compiles the lowered `module` for the host CPU.
static llvm::Expected<std::unique_ptr<ExecutionEngine>>
createEngine(ModuleOp module, const CompileOptions &options) {
  llvm::InitializeNativeTarget();
  llvm::InitializeNativeTargetAsmPrinter();
  registerBuiltinDialectTranslation(*module.getContext());
  registerLLVMDialectTranslation(*module.getContext());
  llvm::CodeGenOptLevel codeGenLevel = options.optLevel >= 3
                                           ? llvm::CodeGenOptLevel::Aggressive
                                           : llvm::CodeGenOptLevel::Default;
  auto builder = llvm::orc::JITTargetMachineBuilder::detectHost();
  if (!builder)
    return builder.takeError();
  builder->setCodeGenOptLevel(codeGenLevel);
  auto machine = builder->createTargetMachine();
  if (!machine)
    return machine.takeError();
  ExecutionEngineOptions engineOptions;
  engineOptions.transformer =
      makeOptimizingTransformer(std::max(2u, std::min(3u, options.optLevel)),
                                /*sizeLevel=*/0, machine->get());
  engineOptions.jitCodeGenOptLevel = codeGenLevel;
  engineOptions.enableGDBNotificationListener = false;
  engineOptions.enablePerfNotificationListener = false;
  auto engine =
      ExecutionEngine::create(module, engineOptions, std::move(*machine));
  if (!engine)
    return engine.takeError();
  // The copy of strided memrefs (upstream's C runner utilities), and what the
  // caller provides.
  auto extra = options.symbols;
  (*engine)->registerSymbols([&](llvm::orc::MangleAndInterner interner) {
    llvm::orc::SymbolMap symbols;
    if (extra)
      symbols = extra(interner);
    symbols[interner("memrefCopy")] = {
        llvm::orc::ExecutorAddr::fromPtr(&memrefCopy),
        llvm::JITSymbolFlags::Exported};
    return symbols;
  });
  // Runs the module's global constructors, if any, once every symbol
  // resolves.
  (*engine)->initialize();
  return engine;
}

CompiledModule::CompiledModule(CompiledModule &&) noexcept = default;
CompiledModule &CompiledModule::operator=(CompiledModule &&) noexcept = default;
CompiledModule::~CompiledModule() = default;

llvm::Expected<CompiledModule>
CompiledModule::compile(ModuleOp module, ArrayRef<std::string> functions,
                        const CompileOptions &options) {
  CompiledModule compiled;
  StringRef signatureAttr = mlir::ap::APDialect::getEntrySignatureAttrName();
  bool lowered = isLoweredToLLVM(module);
  for (const std::string &name : functions) {
    FunctionType signature;
    if (lowered) {
      auto function = module.lookupSymbol<LLVM::LLVMFuncOp>(name);
      auto attr =
          function ? function->getAttrOfType<TypeAttr>(signatureAttr) : nullptr;
      if (!attr || !isa<FunctionType>(attr.getValue()))
        return makeError("the lowered module has no entry point named '" +
                         name + "' (an llvm.func with '" + signatureAttr +
                         "', as ap-lower-to-llvm makes of public functions)");
      if (!module.lookupSymbol<LLVM::LLVMFuncOp>("_mlir_ciface_" + name))
        return makeError("@" + name +
                         " was lowered without a C interface (_mlir_ciface_" +
                         name + ")");
      signature = cast<FunctionType>(attr.getValue());
    } else {
      auto function = module.lookupSymbol<func::FuncOp>(name);
      if (!function || function.isExternal())
        return makeError("no function named '" + name +
                         "' with a body in the module");
      signature = function.getFunctionType();
    }
    for (auto [index, input] : llvm::enumerate(signature.getInputs()))
      if (llvm::Error error =
              checkArrayType(input, name, "argument " + llvm::Twine(index)))
        return std::move(error);
    for (auto [index, result] : llvm::enumerate(signature.getResults()))
      if (llvm::Error error =
              checkArrayType(result, name, "result " + llvm::Twine(index)))
        return std::move(error);
    compiled.functions[name].signature = signature;
  }

  if (!lowered)
    if (llvm::Error error = lowerForExecution(module, functions, options))
      return std::move(error);
  auto engine = createEngine(module, options);
  if (!engine)
    return engine.takeError();
  compiled.engine = std::move(*engine);
  // The JIT generates code on the first lookup: done here, so that calls
  // measure running only.
  for (const std::string &name : functions) {
    auto packed = compiled.engine->lookupPacked("_mlir_ciface_" + name);
    if (!packed)
      return packed.takeError();
    compiled.functions[name].packed = *packed;
  }
  return std::move(compiled);
}

FunctionType CompiledModule::getSignature(StringRef function) const {
  auto it = functions.find(function);
  return it == functions.end() ? FunctionType() : it->second.signature;
}

SmallVector<npy::NpyArray>
CompiledModule::allocateResults(StringRef function) const {
  SmallVector<npy::NpyArray> results;
  for (Type type : getSignature(function).getResults()) {
    auto tensor = cast<RankedTensorType>(type);
    results.emplace_back(*npy::getDTypeForElementType(tensor.getElementType()),
                         tensor.getShape());
  }
  return results;
}

llvm::Expected<const CompiledModule::Function *>
CompiledModule::lookup(StringRef function) const {
  auto it = functions.find(function);
  if (it == functions.end())
    return makeError("@" + function + " was not compiled");
  return &it->second;
}

llvm::Error CompiledModule::call(StringRef function,
                                 ArrayRef<ArrayView> arguments,
                                 ArrayRef<ArrayView> results) const {
  llvm::Expected<const Function *> compiled = lookup(function);
  if (!compiled)
    return compiled.takeError();
  FunctionType signature = (*compiled)->signature;
  auto check = [&](ArrayRef<ArrayView> views, TypeRange types,
                   StringRef what) -> llvm::Error {
    if (views.size() != types.size())
      return makeError("@" + function + " takes " + llvm::Twine(types.size()) +
                       " " + what + "s, given " + llvm::Twine(views.size()));
    for (auto [index, view, type] : llvm::enumerate(views, types)) {
      ArrayRef<int64_t> expected = cast<RankedTensorType>(type).getShape();
      if (view.shape != expected)
        return makeError("@" + function + ": " + what + " " +
                         llvm::Twine(index) + " has shape " +
                         npy::formatShape(view.shape) + ", expected " +
                         npy::formatShape(expected));
    }
    return llvm::Error::success();
  };
  if (llvm::Error error = check(arguments, signature.getInputs(), "argument"))
    return error;
  if (llvm::Error error = check(results, signature.getResults(), "result"))
    return error;
  invokePacked((*compiled)->packed, arguments, results);
  return llvm::Error::success();
}

llvm::Error CompiledModule::call(StringRef function,
                                 ArrayRef<const npy::NpyArray *> arguments,
                                 ArrayRef<npy::NpyArray *> results) const {
  llvm::Expected<const Function *> compiled = lookup(function);
  if (!compiled)
    return compiled.takeError();
  FunctionType signature = (*compiled)->signature;
  auto checkDTypes = [&](auto arrays, TypeRange types,
                         StringRef what) -> llvm::Error {
    if (arrays.size() != types.size())
      return llvm::Error::success(); // Reported with the shapes.
    for (auto [index, array, type] : llvm::enumerate(arrays, types)) {
      Type element = cast<RankedTensorType>(type).getElementType();
      npy::DType expected = *npy::getDTypeForElementType(element);
      if (array->dtype != expected)
        return makeError("@" + function + ": " + what + " " +
                         llvm::Twine(index) + " has dtype " +
                         npy::getDTypeName(array->dtype) + ", expected " +
                         npy::getDTypeName(expected));
    }
    return llvm::Error::success();
  };
  if (llvm::Error error =
          checkDTypes(arguments, signature.getInputs(), "argument"))
    return error;
  if (llvm::Error error =
          checkDTypes(results, signature.getResults(), "result"))
    return error;
  SmallVector<ArrayView> argumentViews, resultViews;
  for (const npy::NpyArray *array : arguments)
    argumentViews.push_back(
        {const_cast<char *>(array->data.data()), array->shape});
  for (npy::NpyArray *array : results)
    resultViews.push_back({array->data.data(), array->shape});
  return call(function, argumentViews, resultViews);
}
