//===- ProxySource.cpp - Sensitivities without execution ------------------===//
//
// Part of the ap project: an adaptive-precision compiler built on MLIR.
//
//===----------------------------------------------------------------------===//

#include "ProxySource.h"

#include "NoiseModel.h"

#include <cmath>

using namespace mlir;
using namespace mlir::ap;
using namespace mlir::ap::sensitivity;

static llvm::Error makeError(const llvm::Twine &message) {
  return llvm::createStringError(llvm::inconvertibleErrorCode(), message);
}

llvm::Expected<SensitivityTable> mlir::ap::sensitivity::estimateByProxy(
    ArrayRef<Site> sites,
    ArrayRef<SmallVector<const ValueStatistics *>> profileStatistics,
    ArrayRef<Candidate> candidates, const QuantizationChoices &quantization,
    const std::vector<std::optional<double>> *imported, raw_ostream &log) {
  // Every activation needs its statistics, every weight literal values:
  // all that is missing is reported at once.
  std::vector<std::string> missing;
  std::vector<std::vector<std::vector<float>>> weightValues(sites.size());
  for (auto [index, site] : llvm::enumerate(sites)) {
    weightValues[index].resize(site.inputs.size());
    if (!site.unsupported.empty())
      continue;
    for (auto [inputIndex, input] : llvm::enumerate(site.inputs)) {
      std::string what = site.describe() + " input " +
                         std::to_string(input.operandNumbers.front());
      if (!input.isWeight) {
        if (!profileStatistics[index][inputIndex])
          missing.push_back(what + " (an activation without statistics in "
                                   "the profile)");
        continue;
      }
      std::optional<std::vector<float>> values =
          readF32Constant(site.op->getOperand(input.operandNumbers.front()));
      if (!values) {
        missing.push_back(what + " (a weight that is not an f32 literal "
                                 "with its data)");
        continue;
      }
      if (!llvm::all_of(*values, [](float x) { return std::isfinite(x); })) {
        missing.push_back(what + " (a weight with non-finite values)");
        continue;
      }
      weightValues[index][inputIndex] = std::move(*values);
    }
  }
  if (!missing.empty()) {
    std::string list;
    for (const std::string &entry : missing)
      list += "\n  " + entry;
    return makeError("the proxy cannot estimate the noise of:" + list +
                     "\nactivations need the statistics of a profile of the "
                     "model instrumented with ap-instrument "
                     "(granularity=op); weights must be literals");
  }

  SensitivityTable result;
  result.source = imported ? "import" : "proxy";
  result.metric = "proxy";
  for (auto [index, site] : llvm::enumerate(sites)) {
    OpSensitivity op;
    op.key = site.key;
    op.name = site.name;
    op.loc = site.loc;
    std::optional<double> sensitivity;
    if (imported) {
      sensitivity = (*imported)[index];
      if (!sensitivity) {
        log << "ap-sensitivity: note: " << site.describe()
            << ": left out: the imported file gives no sensitivity\n";
        continue;
      }
    }
    if (!site.unsupported.empty()) {
      log << "ap-sensitivity: note: " << site.describe()
          << ": no candidate is estimated: " << site.unsupported << "\n";
      result.addOp(std::move(op));
      continue;
    }
    for (const Candidate &candidate : candidates) {
      double noise = 0;
      std::string skipped;
      for (auto [inputIndex, input] : llvm::enumerate(site.inputs)) {
        llvm::Expected<double> inputNoise =
            input.isWeight
                ? getWeightNoise(weightValues[index][inputIndex],
                                 input.type.getShape(), input.channelAxis,
                                 candidate, quantization.weights)
                : getActivationNoise(*profileStatistics[index][inputIndex],
                                     candidate, quantization.activations);
        if (!inputNoise) {
          skipped = llvm::toString(inputNoise.takeError());
          break;
        }
        noise += *inputNoise;
      }
      if (!skipped.empty()) {
        log << "ap-sensitivity: note: " << site.describe() << ": "
            << candidate.name << " skipped: " << skipped << "\n";
        continue;
      }
      op.losses.emplace_back(candidate.getPrecision(),
                             sensitivity ? *sensitivity * noise : noise);
    }
    result.addOp(std::move(op));
  }
  return result;
}
