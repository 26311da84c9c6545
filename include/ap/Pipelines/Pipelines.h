//===- Pipelines.h - ap's registered pass pipelines --------------*- C++
//-*-===//
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

/// Options of the `ap-pipeline` pipeline: the whole compile-time flow.
struct APPipelineOptions : public PassPipelineOptions<APPipelineOptions> {
  PassOptions::Option<std::string> target{
      *this, "target",
      llvm::cl::desc("The target to attach: a shipped target's name "
                     "(default, edge, multi) or a target file (JSON, format "
                     "ap-target). Default: the module's ap.target"),
      llvm::cl::init("")};
  PassOptions::Option<std::string> sensitivity{
      *this, "sensitivity",
      llvm::cl::desc("Per-op losses per precision (ap-sensitivity file); "
                     "with it, ap-assign-precision runs before the "
                     "partitioning"),
      llvm::cl::init("")};
  PassOptions::Option<std::string> profile{
      *this, "profile",
      llvm::cl::desc("Calibration profile (ap-profile file), for integer "
                     "precisions"),
      llvm::cl::init("")};
  PassOptions::Option<std::string> tolerance{
      *this, "tolerance",
      llvm::cl::desc("Largest total estimated loss (a number >= 0, or "
                     "'inf'), shared by the precision assignment and the "
                     "wire precisions of the partitioning"),
      llvm::cl::init("0")};
  PassOptions::Option<std::string> assignAlgorithm{
      *this, "assign-algorithm",
      llvm::cl::desc("ap-assign-precision's algorithm: optimal, greedy or "
                     "verified (which needs data=)"),
      llvm::cl::init("optimal")};
  PassOptions::Option<std::string> data{
      *this, "data",
      llvm::cl::desc("Calibration set of assign-algorithm=verified"),
      llvm::cl::init("")};
  PassOptions::Option<std::string> labels{
      *this, "labels",
      llvm::cl::desc("Labels of the calibration set (verified, "
                     "accuracy_drop)"),
      llvm::cl::init("")};
  PassOptions::Option<std::string> partitionAlgorithm{
      *this, "partition-algorithm",
      llvm::cl::desc("ap-partition's algorithm: refine, heft or exact"),
      llvm::cl::init("refine")};
  PassOptions::Option<std::string> objective{
      *this, "objective",
      llvm::cl::desc("What the partitioning minimizes: time, energy or "
                     "weighted"),
      llvm::cl::init("time")};
  PassOptions::Option<double> timeWeight{
      *this, "time-weight",
      llvm::cl::desc("Weight of the seconds (objective=weighted)"),
      llvm::cl::init(1.0)};
  PassOptions::Option<double> energyWeight{
      *this, "energy-weight",
      llvm::cl::desc("Weight of the joules (objective=weighted)"),
      llvm::cl::init(0.0)};
  PassOptions::Option<bool> wires{
      *this, "wires",
      llvm::cl::desc("Choose the wire precision of the values that cross "
                     "devices"),
      llvm::cl::init(true)};
  PassOptions::Option<bool> fuseKernels{
      *this, "fuse-kernels",
      llvm::cl::desc("Partition the launches as convert-ap-to-apsim fuses "
                     "them (must match the lowering's fuse-kernels)"),
      llvm::cl::init(true)};
  PassOptions::Option<std::string> assignmentReport{
      *this, "assignment-report",
      llvm::cl::desc("Write ap-assign-precision's report (ap-assignment) "
                     "here"),
      llvm::cl::init("")};
  PassOptions::Option<std::string> partitionReport{
      *this, "partition-report",
      llvm::cl::desc("Write ap-partition's report (ap-partition) here"),
      llvm::cl::init("")};
};

/// Builds the compile-time flow: ap-attach-target (when `target` is
/// given), ap-assign-precision (when `sensitivity` is given), the inliner
/// (so that the partitioner predicts whole runs) and ap-partition, with the
/// options of `options`.
void buildAPPipeline(OpPassManager &pm, const APPipelineOptions &options);

/// Registers `ap-pipeline` with the pass registry.
void registerAPPipeline();

} // namespace mlir::ap

#endif // AP_PIPELINES_PIPELINES_H
