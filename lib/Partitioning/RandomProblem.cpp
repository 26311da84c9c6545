//===- RandomProblem.cpp - Generated partitioning problems ----------------===//
//
// Part of the ap project: an adaptive-precision compiler built on MLIR.
//
//===----------------------------------------------------------------------===//

#include "ap/Partitioning/RandomProblem.h"

using namespace mlir;
using namespace mlir::ap;

PartitionProblem mlir::ap::makeRandomPartitionProblem(const CostModel &model,
                                                      unsigned numTasks,
                                                      std::mt19937 &random,
                                                      int64_t maxElements) {
  PartitionProblem problem;
  problem.model = &model;
  unsigned numDevices = model.getTarget().getDevices().size();
  std::uniform_real_distribution<double> time(1e-6, 1e-4), unit(0, 1);
  std::uniform_int_distribution<int64_t> elements(1000, maxElements);
  auto addValue = [&](std::optional<unsigned> producer) {
    PartitionValue &value = problem.values.emplace_back();
    value.producer = producer;
    value.elements = elements(random);
    value.precision = Precision::F32;
    value.bytes = value.elements * 4;
    return static_cast<unsigned>(problem.values.size() - 1);
  };
  unsigned argument = addValue(std::nullopt);
  for (unsigned index = 0; index < numTasks; ++index) {
    PartitionTask &task = problem.tasks.emplace_back();
    task.name = "t" + std::to_string(index);
    task.costs.resize(numDevices);
    double base = time(random);
    for (unsigned device = 0; device < numDevices; ++device)
      if (unit(random) < 0.8 || device + 1 == numDevices) {
        double seconds = base * (0.2 + 2 * unit(random));
        task.costs[device] = TaskDeviceCost{0, {seconds}, {seconds * 10}, 0};
        unsigned tiers = model.getTarget().getDevice(device).memories.size();
        for (unsigned tier = 1; tier < tiers; ++tier) {
          task.costs[device]->time.push_back(seconds);
          task.costs[device]->energy.push_back(seconds * 10);
        }
      }
    // Inputs: the argument or outputs of up to two earlier tasks.
    if (index == 0 || unit(random) < 0.2)
      task.inputs.push_back(argument);
    for (int k = 0; k < 2 && index > 0; ++k) {
      unsigned producer = std::uniform_int_distribution<unsigned>(
          index > 4 ? index - 4 : 0, index - 1)(random);
      unsigned value = problem.tasks[producer].outputs.front();
      if (!llvm::is_contained(task.inputs, value))
        task.inputs.push_back(value);
    }
    task.outputs.push_back(addValue(index));
  }
  unsigned last = problem.tasks.back().outputs.front();
  problem.values[last].returned = true;
  problem.results = {last};
  return problem;
}
