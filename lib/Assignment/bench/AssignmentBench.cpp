//===- AssignmentBench.cpp - Timing of the assignment algorithms ----------===//
//
// Part of the ap project: an adaptive-precision compiler built on MLIR.
//
//===----------------------------------------------------------------------===//
//
// ap-assignment-bench: times the greedy and the optimal precision assignment
// on generated instances and prints a Markdown table. Instance families:
//
// - realistic: per op an f32 time log-uniform in [1 us, 1 ms]; an f32
//   transfer time (for 30% of the ops) up to half of it; candidates f32,
//   f16, bf16, fp8, int8 and int4 with the speedups and transfer sizes of
//   their widths (jittered), and losses sensitivity * factor * noise, the
//   sensitivity log-uniform over three decades, the factor growing as the
//   format narrows (f16 1, bf16 4, int8 15, fp8 30, int4 200), the noise
//   uniform in [0.5, 2]; each non-f32 candidate is unsupported (absent) with
//   probability 0.15. Objective: time (wExec = wXfer = 1, wAcc = 0);
//   tolerance a fraction of the loss of the whole network in int8.
// - uncorrelated: 5 candidates with cost and loss independent and uniform in
//   [0, 1], baseline the least lossy; tolerance the least loss plus a
//   quarter of the range. The hardest case for bounds.
// - ties: 5 candidates with integer costs in [1, 10] and losses in [0, 5],
//   so that many partial assignments tie; tolerance a quarter of the range.
//
//===----------------------------------------------------------------------===//

#include "ap/Assignment/GreedyAssignment.h"
#include "ap/Assignment/OptimalAssignment.h"

#include "llvm/Support/CommandLine.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/raw_ostream.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <functional>
#include <random>
#include <string>
#include <vector>

using namespace mlir::ap;

static llvm::cl::OptionCategory category("ap-assignment-bench options");
static llvm::cl::list<unsigned>
    sizes("ops", llvm::cl::desc("Numbers of ops of the instances"),
          llvm::cl::CommaSeparated, llvm::cl::cat(category));
static llvm::cl::opt<unsigned> seed("seed", llvm::cl::desc("Random seed"),
                                    llvm::cl::init(1), llvm::cl::cat(category));
static llvm::cl::opt<unsigned>
    repeat("repeat",
           llvm::cl::desc("Runs per measurement (the median is "
                          "reported)"),
           llvm::cl::init(5), llvm::cl::cat(category));

namespace {
class Generator {
public:
  explicit Generator(uint64_t seed) : engine(seed) {}
  double uniform(double low, double high) {
    return std::uniform_real_distribution<double>(low, high)(engine);
  }
  double logUniform(double low, double high) {
    return std::exp(uniform(std::log(low), std::log(high)));
  }
  int integer(int low, int high) {
    return std::uniform_int_distribution<int>(low, high)(engine);
  }
  bool chance(double probability) { return uniform(0, 1) < probability; }

private:
  std::mt19937_64 engine;
};
} // namespace

/// The realistic family with tolerance `fraction` of the all-int8 loss.
static AssignmentProblem makeRealistic(unsigned numOps, double fraction,
                                       uint64_t seed) {
  struct Format {
    const char *label;
    double minSpeedup, maxSpeedup, bytesRatio, lossFactor;
  };
  static const Format formats[] = {
      {"f32", 1, 1, 1, 0},
      {"f16", 0.45, 0.6, 0.5, 1},
      {"bf16", 0.45, 0.6, 0.5, 4},
      {"fp8", 0.25, 0.35, 0.25, 30},
      {"int8", 0.22, 0.32, 0.25, 15},
      {"int4", 0.12, 0.2, 0.125, 200},
  };
  Generator random(seed);
  AssignmentProblem problem;
  problem.wExec = 1;
  problem.wXfer = 1;
  problem.wAcc = 0;
  double int8Loss = 0;
  for (unsigned index = 0; index < numOps; ++index) {
    AssignmentOp op;
    op.name = "op" + std::to_string(index);
    double time = random.logUniform(1e-6, 1e-3);
    double transfer = random.chance(0.3) ? random.uniform(0, 0.5) * time : 0;
    double sensitivity = random.logUniform(1e-6, 1e-3);
    for (const Format &format : formats) {
      bool isF32 = format.lossFactor == 0;
      double loss = sensitivity * format.lossFactor * random.uniform(0.5, 2);
      if (format.label == llvm::StringRef("int8"))
        int8Loss += loss;
      if (!isF32 && random.chance(0.15))
        continue;
      AssignmentChoice choice;
      choice.label = format.label;
      choice.execTime =
          time * random.uniform(format.minSpeedup, format.maxSpeedup);
      choice.transferTime = transfer * format.bytesRatio;
      choice.loss = loss;
      op.choices.push_back(choice);
    }
    op.baseline = 0;
    problem.ops.push_back(std::move(op));
  }
  problem.tolerance = fraction * int8Loss;
  return problem;
}

/// The uncorrelated family (`integral` false) or the ties family.
static AssignmentProblem makeRandom(unsigned numOps, bool integral,
                                    uint64_t seed) {
  Generator random(seed);
  AssignmentProblem problem;
  problem.wExec = 1;
  problem.wXfer = 0;
  problem.wAcc = 0;
  double least = 0, most = 0;
  for (unsigned index = 0; index < numOps; ++index) {
    AssignmentOp op;
    op.name = "op" + std::to_string(index);
    for (unsigned c = 0; c < 5; ++c) {
      AssignmentChoice choice;
      choice.label = "c" + std::to_string(c);
      choice.execTime = integral ? random.integer(1, 10) : random.uniform(0, 1);
      choice.loss = integral ? random.integer(0, 5) : random.uniform(0, 1);
      op.choices.push_back(choice);
    }
    auto byLoss = [](const AssignmentChoice &a, const AssignmentChoice &b) {
      return a.loss < b.loss;
    };
    op.baseline =
        std::min_element(op.choices.begin(), op.choices.end(), byLoss) -
        op.choices.begin();
    least += op.choices[op.baseline].loss;
    most +=
        std::max_element(op.choices.begin(), op.choices.end(), byLoss)->loss;
    problem.ops.push_back(std::move(op));
  }
  problem.tolerance = least + 0.25 * (most - least);
  if (integral)
    problem.tolerance = std::floor(problem.tolerance);
  return problem;
}

/// The median wall time in milliseconds of `repeat` runs of `run`, and the
/// result of the last run.
static double
timeMedian(const std::function<llvm::Expected<AssignmentResult>()> &run,
           AssignmentResult &result) {
  std::vector<double> times;
  for (unsigned index = 0; index < std::max(1u, unsigned(repeat)); ++index) {
    auto start = std::chrono::steady_clock::now();
    llvm::Expected<AssignmentResult> outcome = run();
    auto end = std::chrono::steady_clock::now();
    if (!outcome) {
      llvm::errs() << "error: " << llvm::toString(outcome.takeError()) << "\n";
      std::exit(1);
    }
    result = std::move(*outcome);
    times.push_back(
        std::chrono::duration<double, std::milli>(end - start).count());
  }
  std::sort(times.begin(), times.end());
  return times[times.size() / 2];
}

int main(int argc, char **argv) {
  llvm::InitLLVM init(argc, argv);
  llvm::cl::HideUnrelatedOptions(category);
  llvm::cl::ParseCommandLineOptions(argc, argv,
                                    "times the precision assignment "
                                    "algorithms on generated instances\n");
  std::vector<unsigned> opCounts(sizes.begin(), sizes.end());
  if (opCounts.empty())
    opCounts = {1000, 10000};

  struct Family {
    std::string name;
    std::function<AssignmentProblem(unsigned, uint64_t)> make;
  };
  std::vector<Family> families = {
      {"realistic, tolerance 1% of int8",
       [](unsigned n, uint64_t s) { return makeRealistic(n, 0.01, s); }},
      {"realistic, tolerance 10% of int8",
       [](unsigned n, uint64_t s) { return makeRealistic(n, 0.1, s); }},
      {"realistic, tolerance 50% of int8",
       [](unsigned n, uint64_t s) { return makeRealistic(n, 0.5, s); }},
      {"uncorrelated",
       [](unsigned n, uint64_t s) { return makeRandom(n, false, s); }},
      {"ties", [](unsigned n, uint64_t s) { return makeRandom(n, true, s); }},
  };

  llvm::outs() << "| instance | ops | choices | greedy (ms) | optimal (ms) "
                  "| greedy objective | optimal objective | greedy excess "
                  "| proved | dominated | free ops | max front |\n"
               << "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: "
                  "| :---: | ---: | ---: | ---: |\n";
  for (const Family &family : families) {
    for (unsigned numOps : opCounts) {
      AssignmentProblem problem = family.make(numOps, seed);
      size_t numChoices = 0;
      for (const AssignmentOp &op : problem.ops)
        numChoices += op.choices.size();
      AssignmentResult greedy, optimal;
      double greedyTime =
          timeMedian([&] { return assignGreedy(problem); }, greedy);
      double optimalTime =
          timeMedian([&] { return assignOptimal(problem); }, optimal);
      double excess =
          optimal.totals.objective > 0
              ? greedy.totals.objective / optimal.totals.objective - 1
              : 0;
      llvm::outs() << "| " << family.name << " | " << numOps << " | "
                   << numChoices << " | " << llvm::format("%.2f", greedyTime)
                   << " | " << llvm::format("%.2f", optimalTime) << " | "
                   << llvm::format("%.6g", greedy.totals.objective) << " | "
                   << llvm::format("%.6g", optimal.totals.objective) << " | "
                   << llvm::format("%+.4f%%", 100 * excess) << " | "
                   << (optimal.provedOptimal ? "yes" : "no") << " | "
                   << optimal.statistics.dominatedChoices << " | "
                   << optimal.statistics.freeOps << " | "
                   << optimal.statistics.maxFrontSize << " |\n";
    }
  }
  return 0;
}
