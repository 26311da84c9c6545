//===- PartitionRewriter.h - A partition written into the IR ----*- C++ -*-===//
//
// Part of the ap project: an adaptive-precision compiler built on MLIR.
//
//===----------------------------------------------------------------------===//

#ifndef AP_PARTITIONING_PARTITIONREWRITER_H
#define AP_PARTITIONING_PARTITIONREWRITER_H

#include "ap/Partitioning/PartitionGraph.h"
#include "ap/Partitioning/ScheduleEvaluator.h"

namespace mlir::ap {

/// Rewrites the function of `graph` to `solution`, whose predicted run is
/// `schedule`, so that convert-ap-to-apsim issues exactly the predicted
/// events: the ops in issue order (each launch's ops together, the ops that
/// are no launches just before their first user), an `ap.transfer` (with
/// its `wire`) before the launch that first needs a value on another device
/// and, at the end, for each result not on the host, every reader on the
/// destination device reading the transferred value; every run of
/// consecutive launches on one device in an `ap.placement` with the
/// constants it reads cloned in (weights with their `ap.memory` tier); the
/// cost keys kept (`ap.cost_key`) so that measured profiles still apply;
/// `ap.schedule` on the anchor of every launch and on every transfer.
void applyPartition(FunctionOpInterface function, PartitionGraph &graph,
                    const PartitionSolution &solution,
                    const Schedule &schedule);

} // namespace mlir::ap

#endif // AP_PARTITIONING_PARTITIONREWRITER_H
