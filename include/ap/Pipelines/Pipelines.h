//===- Pipelines.h - ap's registered pass pipelines --------------*- C++ -*-===//
//
// Part of the ap project: an adaptive-precision compiler built on MLIR.
//
//===----------------------------------------------------------------------===//

#ifndef AP_PIPELINES_PIPELINES_H
#define AP_PIPELINES_PIPELINES_H

#include "mlir/Pass/PassOptions.h"

namespace mlir {
class OpPassManager;
} // namespace mlir

namespace mlir::ap {

/// Options of the `ap-lower-to-llvm` pipeline.
struct LowerToLLVMOptions : public PassPipelineOptions<LowerToLLVMOptions> {
  PassOptions::Option<unsigned> optLevel{
      *this, "opt-level",
      llvm::cl::desc("How hard to optimize the compute: 0 lowers linalg ops "
                     "to plain loops, 1 and above fuse elementwise ops"),
      llvm::cl::init(3)};
  PassOptions::Option<bool> simulate{
      *this, "simulate",
      llvm::cl::desc("Place the compute on the devices of the module's "
                     "ap.target and simulate it with the runtime "
                     "(convert-ap-to-apsim, convert-apsim-to-llvm); needs "
                     "an ap.target"),
      llvm::cl::init(true)};
  PassOptions::Option<bool> fuseKernels{
      *this, "fuse-kernels",
      llvm::cl::desc("Simulate elementwise epilogues, accumulator fills and "
                     "input conversions as part of the kernel they belong "
                     "to, one launch each (convert-ap-to-apsim "
                     "fuse-kernels)"),
      llvm::cl::init(true)};
  PassOptions::Option<std::string> targetFeatures{
      *this, "target-features",
      llvm::cl::desc("CPU features of the machine the code will run on, in "
                     "LLVM's -mattr syntax (+avx512vnni,+avx512f,...); "
                     "enables the fast paths they allow, such as VNNI "
                     "kernels for int8 contractions (ap-run passes the "
                     "host's). Default: none, portable code"),
      llvm::cl::init("")};
};

/// Builds the pipeline that lowers a module of func + linalg (+ tensor,
/// arith, math, ap) on tensors to the LLVM dialect, ready for the JIT: the
/// compute placed on the target's devices as apsim launches and DMAs (with
/// `simulate`), ap's numeric ops emulated exactly, elementwise fusion, int8
/// contractions as VNNI kernels (when `targetFeatures` has VNNI), tiling
/// and vectorization, one-shot bufferization across function boundaries
/// with identity layouts, results turned into caller-allocated
/// out-parameters, buffer deallocation, loops, and the conversions to LLVM.
void buildLowerToLLVMPipeline(OpPassManager &pm,
                              const LowerToLLVMOptions &options);

/// Registers `ap-lower-to-llvm` with the pass registry.
void registerLowerToLLVMPipeline();

} // namespace mlir::ap

#endif // AP_PIPELINES_PIPELINES_H
