//===- APPipeline.cpp - The ap-pipeline pipeline --------------------------===//
//
// Part of the ap project: an adaptive-precision compiler built on MLIR.
//
//===----------------------------------------------------------------------===//

#include "ap/Dialect/AP/Transforms/Passes.h"
#include "ap/Pipelines/Pipelines.h"
#include "ap/Target/TargetDescription.h"

#include "mlir/Pass/PassManager.h"
#include "mlir/Pass/PassRegistry.h"
#include "mlir/Transforms/Passes.h"

using namespace mlir;
using namespace mlir::ap;

void mlir::ap::buildAPPipeline(OpPassManager &pm,
                               const APPipelineOptions &options) {
  if (!options.target.empty()) {
    APAttachTargetOptions attach;
    if (llvm::is_contained(getBuiltinTargetNames(), options.target.getValue()))
      attach.builtin = options.target;
    else
      attach.path = options.target;
    pm.addPass(createAPAttachTarget(attach));
  }
  if (!options.sensitivity.empty()) {
    APAssignPrecisionOptions assign;
    assign.sensitivity = options.sensitivity;
    assign.tolerance = options.tolerance;
    assign.profile = options.profile;
    assign.algorithm = options.assignAlgorithm;
    assign.data = options.data;
    assign.labels = options.labels;
    assign.report = options.assignmentReport;
    pm.addPass(createAPAssignPrecision(assign));
  }
  // The partitioner predicts one function at a time: calls are inlined so
  // that the prediction covers the whole run.
  pm.addPass(createInlinerPass());
  APPartitionOptions partition;
  partition.algorithm = options.partitionAlgorithm;
  partition.objective = options.objective;
  partition.timeWeight = options.timeWeight;
  partition.energyWeight = options.energyWeight;
  partition.tolerance = options.tolerance;
  partition.sensitivity = options.sensitivity;
  partition.chooseWires = options.wires;
  partition.fuseKernels = options.fuseKernels;
  partition.report = options.partitionReport;
  pm.addPass(createAPPartition(partition));
}

void mlir::ap::registerAPPipeline() {
  PassPipelineRegistration<APPipelineOptions>(
      "ap-pipeline",
      "The compile-time flow of ap: attaches the target, assigns the "
      "precisions and partitions the module across the devices",
      buildAPPipeline);
}
