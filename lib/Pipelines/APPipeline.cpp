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
#include "llvm/Support/raw_ostream.h"

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
    // Only the options given are set, as on the command line: the pass
    // refuses options of other algorithms (max-iterations without
    // verified).
    std::string text;
    llvm::raw_string_ostream os(text);
    auto add = [&](StringRef name, StringRef value) {
      if (!value.empty())
        os << name << "=\"" << value << "\" ";
    };
    add("sensitivity", options.sensitivity);
    add("tolerance", options.tolerance);
    add("profile", options.profile);
    add("algorithm", options.assignAlgorithm);
    add("data", options.data);
    add("labels", options.labels);
    add("report", options.assignmentReport);
    std::unique_ptr<Pass> assign = createAPAssignPrecision();
    // The options are strings the pass checks itself when it runs.
    (void)assign->initializeOptions(os.str(), [](const Twine &message) {
      llvm::errs() << "ap-pipeline: " << message << "\n";
      return failure();
    });
    pm.addPass(std::move(assign));
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
