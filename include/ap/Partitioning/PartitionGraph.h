//===- PartitionGraph.h - The partitioning problem of a function -*- C++
//-*-===//
//
// Part of the ap project: an adaptive-precision compiler built on MLIR.
//
//===----------------------------------------------------------------------===//
//
// Builds the PartitionProblem of a function from its IR: the tasks are the
// launches convert-ap-to-apsim will make (kernels grouped by fuseKernels),
// priced by the shared priceFusedKernel on every device and memory tier; the
// values are the tensors with a buffer that tasks exchange (roots of views);
// the weights are the constants the tasks read. Keeps the map back to the IR
// for the rewriting.
//
//===----------------------------------------------------------------------===//

#ifndef AP_PARTITIONING_PARTITIONGRAPH_H
#define AP_PARTITIONING_PARTITIONGRAPH_H

#include "ap/Analysis/KernelFusion.h"
#include "ap/Partitioning/PartitionProblem.h"

#include "mlir/Interfaces/FunctionInterfaces.h"

namespace mlir::ap {

struct SensitivityTable;

/// How to build the problem.
struct PartitionGraphOptions {
  /// Group kernels as convert-ap-to-apsim fuses them.
  bool fuseKernels = true;
  /// Per-op losses for lossy wire precisions; null for lossless ones only.
  const SensitivityTable *sensitivity = nullptr;
};

/// The problem of one function and its map to the IR.
struct PartitionGraph {
  PartitionProblem problem;
  /// The launches; task `i` is `fusion.kernels[taskKernels[i]]`, or the
  /// call `taskOps[i]` when `taskKernels[i]` is kNoKernel.
  KernelFusion fusion;
  SmallVector<unsigned> taskKernels;
  static constexpr unsigned kNoKernel = ~0u;
  /// The ops of each task: a launch's members, or the call.
  SmallVector<SmallVector<Operation *, 2>> taskOps;
  /// The SSA value of each problem value (a root, not a view).
  SmallVector<Value> values;
  llvm::DenseMap<Value, unsigned> valueIndex;
  /// The constant op of each weight.
  SmallVector<Operation *> weights;
  /// The cost key of every kernel of the function (before any reordering).
  llvm::DenseMap<Operation *, std::string> keys;
  /// The device of the ops that an `ap.placement` of the input enclosed.
  DeviceMap pins;
};

/// Builds the problem of `function` on `model`'s target. First inlines the
/// `ap.placement` ops of the input, pinning their ops to their device.
/// Fails, with an error at the op, for what the partitioner cannot place: a
/// kernel nested in another region, an `ap.transfer`, `ap.adaptive` or
/// `ap.observe` already present, a placement on a device not in the target,
/// and a launch that no device can run (no device computes at its
/// precision).
FailureOr<PartitionGraph>
buildPartitionGraph(FunctionOpInterface function, const CostModel &model,
                    const PartitionGraphOptions &options);

} // namespace mlir::ap

#endif // AP_PARTITIONING_PARTITIONGRAPH_H
