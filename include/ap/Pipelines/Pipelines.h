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
};

/// Builds the pipeline that lowers a module of func + linalg (+ tensor,
/// arith, math) on tensors to the LLVM dialect, ready for the JIT: elementwise
/// fusion, one-shot bufferization across function boundaries with identity
/// layouts, results turned into caller-allocated out-parameters, buffer
/// deallocation, loops, and the conversions to LLVM.
void buildLowerToLLVMPipeline(OpPassManager &pm,
                              const LowerToLLVMOptions &options);

/// Registers `ap-lower-to-llvm` with the pass registry.
void registerLowerToLLVMPipeline();

} // namespace mlir::ap

#endif // AP_PIPELINES_PIPELINES_H
