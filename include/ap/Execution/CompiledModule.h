//===- CompiledModule.h - JIT-compiled functions on arrays ------*- C++ -*-===//
//
// Part of the ap project: an adaptive-precision compiler built on MLIR.
//
//===----------------------------------------------------------------------===//
//
// What a tool needs to run the functions of an MLIR module on arrays: lower
// the module with the `ap-lower-to-llvm` pipeline (for the host CPU's
// features), JIT-compile it with the ExecutionEngine at -O2 or -O3, and call
// its functions by name on dense row-major arrays (.npy arrays, NpyArray),
// with the counts, shapes and element types of the arrays checked against
// the functions' signatures on tensors.
//
//   CompileOptions options;                        // compute only, -O3
//   auto compiled = CompiledModule::compile(module, {"main"}, options);
//   NpyArray input = ..., output(DType::F32, {100, 10});
//   if (llvm::Error error = compiled->call("main", {&input}, {&output})) ...
//
// The functions named are compiled with `llvm.emit_c_interface`, and their
// results become out-parameters the caller allocates (see Invocation.h).
//
//===----------------------------------------------------------------------===//

#ifndef AP_EXECUTION_COMPILEDMODULE_H
#define AP_EXECUTION_COMPILEDMODULE_H

#include "ap/Execution/Invocation.h"
#include "ap/Support/Npy.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/BuiltinTypes.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ExecutionEngine/Orc/Core.h"
#include "llvm/ExecutionEngine/Orc/Mangling.h"

#include <functional>
#include <memory>
#include <optional>
#include <string>

namespace mlir {
class ExecutionEngine;
namespace func {
class FuncOp;
} // namespace func
} // namespace mlir

namespace mlir::ap::execution {

/// How a module is compiled for the host.
struct CompileOptions {
  /// The `opt-level` of ap-lower-to-llvm (0: linalg ops as plain loops; 1
  /// and above: fused, tiled and vectorized); LLVM then runs at -O3 when it
  /// is 3 or more, else at -O2.
  unsigned optLevel = 3;
  /// Whether the compute is placed on the devices of the module's
  /// `ap.target` and simulated (`convert-ap-to-apsim`): the code then calls
  /// libap_runtime, whose entry points `symbols` must provide. Off: plain
  /// compute on the host.
  bool simulate = false;
  /// The CPU features the lowering may use, in LLVM's -mattr syntax; unset:
  /// the host's (getHostFeatures).
  std::optional<std::string> targetFeatures;
  /// Symbols the compiled code may call beyond the C runner utilities
  /// (`memrefCopy`), which are always registered.
  std::function<llvm::orc::SymbolMap(llvm::orc::MangleAndInterner)> symbols;
};

/// The features of the host CPU in LLVM's -mattr syntax, as the JIT targets
/// them; empty when the host cannot be detected.
std::string getHostFeatures();

/// Whether `module` was already lowered to the LLVM dialect: it has LLVM
/// functions with bodies and no func.func with one.
bool isLoweredToLLVM(ModuleOp module);

/// The function named `name` with a body; with an empty name, the only
/// public function with a body. The error says what was found instead.
llvm::Expected<func::FuncOp> findEntryFunction(ModuleOp module,
                                               llvm::StringRef name);

/// Lowers `module`, a module of func + linalg (+ tensor, arith, math, ap) on
/// tensors, with ap-lower-to-llvm so that each function of `functions` can
/// be called through its C interface. The other functions with a body become
/// private and are dropped unless called.
llvm::Error lowerForExecution(ModuleOp module,
                              llvm::ArrayRef<std::string> functions,
                              const CompileOptions &options);

/// A module compiled for the host, whose functions are called on arrays.
class CompiledModule {
public:
  CompiledModule(CompiledModule &&) noexcept;
  CompiledModule &operator=(CompiledModule &&) noexcept;
  ~CompiledModule();

  /// Compiles `functions` of `module` (modified in place): lowers it unless
  /// it is already in the LLVM dialect, then JIT-compiles it and generates
  /// the code of every function named, so that calls measure running only.
  /// A module already lowered provides the signature of each function in its
  /// `ap.entry_signature` attribute (ap-prepare-entry-points). Every
  /// argument and result must be a statically shaped tensor of numbers that
  /// .npy files can hold.
  static llvm::Expected<CompiledModule>
  compile(ModuleOp module, llvm::ArrayRef<std::string> functions,
          const CompileOptions &options = {});

  /// Whether `function` was compiled.
  bool hasFunction(llvm::StringRef function) const {
    return functions.count(function);
  }
  /// The signature on tensors of a compiled function.
  FunctionType getSignature(llvm::StringRef function) const;

  /// Arrays of zeros of the dtypes and shapes of the results of `function`.
  llvm::SmallVector<npy::NpyArray>
  allocateResults(llvm::StringRef function) const;

  /// Calls `function` with `arguments` and `results` (the out-parameters)
  /// given as views: their counts and shapes are checked against the
  /// signature; their element types are the caller's responsibility.
  /// Calls of several threads may run at the same time.
  llvm::Error call(llvm::StringRef function,
                   llvm::ArrayRef<ArrayView> arguments,
                   llvm::ArrayRef<ArrayView> results) const;

  /// Calls `function` on whole arrays, whose counts, dtypes and shapes are
  /// checked against the signature.
  llvm::Error call(llvm::StringRef function,
                   llvm::ArrayRef<const npy::NpyArray *> arguments,
                   llvm::ArrayRef<npy::NpyArray *> results) const;

  ExecutionEngine &getEngine() { return *engine; }

private:
  struct Function {
    FunctionType signature;
    void (*packed)(void **) = nullptr;
  };

  CompiledModule() = default;
  llvm::Expected<const Function *> lookup(llvm::StringRef function) const;

  std::unique_ptr<ExecutionEngine> engine;
  llvm::StringMap<Function> functions;
};

} // namespace mlir::ap::execution

#endif // AP_EXECUTION_COMPILEDMODULE_H
