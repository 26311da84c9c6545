//===- Candidates.cpp - Candidate precisions and their rounding -----------===//
//
// Part of the ap project: an adaptive-precision compiler built on MLIR.
//
//===----------------------------------------------------------------------===//

#include "Candidates.h"

#include "ap/Execution/ArrayNumerics.h"

#include "mlir/Support/LLVM.h"
#include "llvm/ADT/StringSet.h"

#include <cassert>

using namespace mlir;
using namespace mlir::ap;
using namespace mlir::ap::sensitivity;
using llvm::APFloat;

static llvm::Error makeError(const llvm::Twine &message) {
  return llvm::createStringError(llvm::inconvertibleErrorCode(), message);
}

bool Candidate::isReference() const { return format == &APFloat::IEEEsingle(); }

llvm::ArrayRef<llvm::StringRef>
mlir::ap::sensitivity::getKnownCandidateNames() {
  static const llvm::StringRef names[] = {"f16", "bf16", "f8E4M3FN", "f8E5M2",
                                          "i8",  "i4",   "f32"};
  return names;
}

llvm::ArrayRef<llvm::StringRef>
mlir::ap::sensitivity::getDefaultCandidateNames() {
  return getKnownCandidateNames().drop_back();
}

/// The candidate named `name`, if it is known.
static std::optional<Candidate> lookupCandidate(llvm::StringRef name) {
  Candidate candidate;
  candidate.name = name.str();
  if (name == "f32")
    candidate.format = &APFloat::IEEEsingle();
  else if (name == "f16")
    candidate.format = &APFloat::IEEEhalf();
  else if (name == "bf16")
    candidate.format = &APFloat::BFloat();
  else if (name == "f8E4M3FN")
    candidate.format = &APFloat::Float8E4M3FN();
  else if (name == "f8E5M2")
    candidate.format = &APFloat::Float8E5M2();
  else if (name == "i8")
    candidate.bits = 8;
  else if (name == "i4")
    candidate.bits = 4;
  else
    return std::nullopt;
  return candidate;
}

llvm::Expected<SmallVector<Candidate>>
mlir::ap::sensitivity::parseCandidates(llvm::ArrayRef<std::string> names) {
  SmallVector<Candidate> candidates;
  llvm::StringSet<> seen;
  for (const std::string &name : names) {
    std::optional<Candidate> candidate = lookupCandidate(name);
    if (!candidate) {
      std::string known;
      for (llvm::StringRef knownName : getKnownCandidateNames())
        known += (known.empty() ? "" : ", ") + knownName.str();
      return makeError("--candidates: unknown precision '" + name +
                       "', expected some of " + known);
    }
    if (!seen.insert(name).second)
      return makeError("--candidates: '" + name + "' is given twice");
    candidates.push_back(std::move(*candidate));
  }
  if (candidates.empty())
    return makeError("--candidates: expected at least one precision");
  return candidates;
}

llvm::Expected<PerChannelQuantization> mlir::ap::sensitivity::quantizeWeight(
    llvm::ArrayRef<float> data, llvm::ArrayRef<int64_t> shape,
    std::optional<unsigned> axis, const Candidate &candidate,
    const PerChannelOptions &options) {
  assert(candidate.isInteger() && "not an integer candidate");
  // Without a channel axis the whole weight is one channel.
  SmallVector<int64_t> channelShape(shape);
  if (!axis)
    channelShape.insert(channelShape.begin(), 1);
  return quantizePerChannel(data, channelShape, axis ? *axis : 0,
                            candidate.getIntegerFormat(), options);
}

llvm::Expected<std::vector<float>> mlir::ap::sensitivity::perturbWeight(
    llvm::ArrayRef<float> data, llvm::ArrayRef<int64_t> shape,
    std::optional<unsigned> axis, const Candidate &candidate,
    const PerChannelOptions &options) {
  std::vector<float> result(data.size());
  if (!candidate.isInteger()) {
    execution::roundThroughFormat(data, result, *candidate.format);
    return result;
  }
  llvm::Expected<PerChannelQuantization> quantization =
      quantizeWeight(data, shape, axis, candidate, options);
  if (!quantization)
    return quantization.takeError();
  IntegerFormat format = candidate.getIntegerFormat();
  SmallVector<numerics::QuantParams> params;
  for (auto [scale, zeroPoint] :
       llvm::zip(quantization->scales, quantization->zeroPoints))
    params.push_back(
        {scale, zeroPoint, format.getStorageMin(), format.getStorageMax()});
  SmallVector<int64_t> channelShape(shape);
  if (!axis)
    channelShape.insert(channelShape.begin(), 1);
  execution::quantizeDequantizePerChannel(data, result, channelShape,
                                          axis ? *axis : 0, params);
  return result;
}

void mlir::ap::sensitivity::perturbActivation(
    llvm::ArrayRef<float> input, llvm::MutableArrayRef<float> output,
    const Candidate &candidate, const QuantizationParameters *parameters) {
  if (!candidate.isInteger()) {
    execution::roundThroughFormat(input, output, *candidate.format);
    return;
  }
  assert(parameters && "integer candidates need the value's parameters");
  execution::quantizeDequantize(input, output, parameters->getQuantParams());
}
