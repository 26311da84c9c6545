//===- RandomProblem.h - Generated partitioning problems --------*- C++ -*-===//
//
// Part of the ap project: an adaptive-precision compiler built on MLIR.
//
//===----------------------------------------------------------------------===//
//
// Random layered task graphs on a real target, for the tests of the
// partitioning algorithms and for ap-partition-bench.
//
//===----------------------------------------------------------------------===//

#ifndef AP_PARTITIONING_RANDOMPROBLEM_H
#define AP_PARTITIONING_RANDOMPROBLEM_H

#include "ap/Partitioning/PartitionProblem.h"

#include <random>

namespace mlir::ap {

/// A random DAG of `numTasks` launches on the devices of `model`: each task
/// reads the function's argument (the first always, others with
/// probability 0.2) and the results of up to two of the four tasks before
/// it, and writes one value of 1,000 to `maxElements` f32 elements; each
/// device runs a task with probability 0.8 (the last device always), at a
/// time of 0.2 to 2.2 times a base drawn in [1, 100] us, the same in every
/// memory tier; the last task's value is returned.
PartitionProblem makeRandomPartitionProblem(const CostModel &model,
                                            unsigned numTasks,
                                            std::mt19937 &random,
                                            int64_t maxElements = 256000);

} // namespace mlir::ap

#endif // AP_PARTITIONING_RANDOMPROBLEM_H
