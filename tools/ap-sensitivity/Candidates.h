//===- Candidates.h - Candidate precisions and their rounding ---*- C++ -*-===//
//
// Part of the ap project: an adaptive-precision compiler built on MLIR.
//
//===----------------------------------------------------------------------===//
//
// The candidate precisions of a site's inputs, spelled as target
// descriptions spell them (f32, f16, bf16, f8E4M3FN, f8E5M2, i8, i4), and
// what each does to an input on the host, with the exact arithmetic of ap's
// numerics (ap/Execution/ArrayNumerics.h):
//
//   floating point  round to nearest even to the format and back to f32,
//                   saturating at the format's largest finite value;
//   integers        weights: symmetric, one scale per output channel
//                   (quantizePerChannel); activations: asymmetric, one scale
//                   per tensor (selectQuantizationParameters on the value's
//                   statistics); quantized and dequantized back to f32.
//
//===----------------------------------------------------------------------===//

#ifndef AP_TOOLS_APSENSITIVITY_CANDIDATES_H
#define AP_TOOLS_APSENSITIVITY_CANDIDATES_H

#include "ap/Calibration/IntegerFormat.h"
#include "ap/Calibration/QuantizationParameters.h"
#include "ap/Calibration/RangeSelection.h"
#include "ap/Calibration/WeightQuantization.h"
#include "ap/Dialect/AP/IR/Precision.h"

#include "llvm/ADT/APFloat.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

#include <optional>
#include <string>
#include <vector>

namespace mlir::ap::sensitivity {

/// A candidate precision of a site's inputs.
struct Candidate {
  std::string name;
  /// The format of a floating-point candidate; null for integers.
  const llvm::fltSemantics *format = nullptr;
  /// The width of an integer candidate; 0 for floating point.
  unsigned bits = 0;

  bool isInteger() const { return bits != 0; }
  /// The precision named `name`.
  Precision getPrecision() const { return *symbolizePrecision(name); }
  /// Whether this is f32, the reference, which changes nothing.
  bool isReference() const;
  /// The storage format of an integer candidate: signed, full range.
  IntegerFormat getIntegerFormat() const {
    return IntegerFormat::getSigned(bits);
  }
};

/// The candidates ap-sensitivity knows, in the default order.
llvm::ArrayRef<llvm::StringRef> getKnownCandidateNames();
/// The default candidates: every known one except f32.
llvm::ArrayRef<llvm::StringRef> getDefaultCandidateNames();

/// Parses a comma-separated list of candidate names ("f16,i8"); unknown,
/// repeated and empty names are errors.
llvm::Expected<llvm::SmallVector<Candidate>>
parseCandidates(llvm::ArrayRef<std::string> names);

/// How integer candidates choose their parameters.
struct QuantizationChoices {
  /// Activations: per tensor, asymmetric, by this method on the value's
  /// statistics.
  CalibrationOptions activations{CalibrationMethod::MinMax,
                                 QuantizationMode::Asymmetric, 99.99};
  /// Weights: per output channel, symmetric, by this method.
  PerChannelOptions weights{WeightRangeMethod::MinMax,
                            QuantizationMode::Symmetric, 100};
};

/// The weight `data` (of `shape`, row-major) at an integer `candidate`: its
/// per-channel quantization along `axis` (the whole tensor as one channel
/// when unset).
llvm::Expected<PerChannelQuantization>
quantizeWeight(llvm::ArrayRef<float> data, llvm::ArrayRef<int64_t> shape,
               std::optional<unsigned> axis, const Candidate &candidate,
               const PerChannelOptions &options);

/// The weight `data` rounded to `candidate` and back to f32 (per-channel
/// quantization for integers).
llvm::Expected<std::vector<float>>
perturbWeight(llvm::ArrayRef<float> data, llvm::ArrayRef<int64_t> shape,
              std::optional<unsigned> axis, const Candidate &candidate,
              const PerChannelOptions &options);

/// An activation rounded to `candidate` and back to f32 into `output` (of
/// the same size; it may be `input`). Integer candidates use `parameters`,
/// the value's per-tensor quantization.
void perturbActivation(llvm::ArrayRef<float> input,
                       llvm::MutableArrayRef<float> output,
                       const Candidate &candidate,
                       const QuantizationParameters *parameters);

} // namespace mlir::ap::sensitivity

#endif // AP_TOOLS_APSENSITIVITY_CANDIDATES_H
