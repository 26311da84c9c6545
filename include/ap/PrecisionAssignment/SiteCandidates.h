//===- SiteCandidates.h - The precisions a site may take --------*- C++ -*-===//
//
// Part of the ap project: an adaptive-precision compiler built on MLIR.
//
//===----------------------------------------------------------------------===//
//
// For each site, the candidate precisions of its inputs, each with what it
// costs on the site's device and what it loses in accuracy, and, for the
// integer candidates, the exact quantization the rewriting will apply.
//
// A candidate p of a site on device d:
//
//   floating point (f32, f16, bf16, f8E4M3FN, f8E5M2): the inputs rounded to
//     p (ap.convert, nearest even, saturating), the op computed on p inputs
//     accumulating in f32 (in p itself when d does not compute f32, the
//     result then converted back to f32);
//   integer (i8, i4): the activation quantized per tensor (asymmetric by
//     default, from its calibration statistics), the weights symmetric per
//     output channel (quantized at compile time), the op computed on the
//     storage integers accumulating in i32, and the accumulator dequantized
//     to f32 with the product of the scales per output channel; the zero
//     point of the activation is corrected exactly through the zero points of
//     that dequantization.
//
// Its figures (seconds, from the cost model on device d):
//
//   execTime     = the time of the site's kernel at
//                  PrecisionChoice{p, accumulator, result}
//                  (getOpCost: launch overhead + max(compute, memory), with
//                  the operands' traffic at p's width);
//   transferTime = the sum of the times of the precision ops the candidate
//                  adds at run time: the ap.convert / ap.quantize of each
//                  activation input (and of a weight that is not a
//                  constant), the ap.convert of an initial value that is not
//                  a fill, and the ap.convert / ap.dequantize of the result
//                  back to f32. Each is priced as the kernel it is, or by its
//                  arithmetic alone where the simulation fuses it into
//                  another launch (convert-ap-to-apsim fuse-kernels): the
//                  conversion of an input that only the site reads or that a
//                  kernel of the site's block makes, and the conversions of
//                  the result. Constant weights are converted at compile
//                  time and cost nothing.
//   loss         = the sensitivity file's loss of the site at p (0 for f32).
//
//===----------------------------------------------------------------------===//

#ifndef AP_PRECISIONASSIGNMENT_SITECANDIDATES_H
#define AP_PRECISIONASSIGNMENT_SITECANDIDATES_H

#include "ap/Analysis/CostModel.h"
#include "ap/Calibration/RangeSelection.h"
#include "ap/Calibration/WeightQuantization.h"
#include "ap/PrecisionAssignment/SensitivityTable.h"
#include "ap/PrecisionAssignment/Sites.h"

#include "mlir/Dialect/Quant/IR/QuantTypes.h"

#include <optional>
#include <string>

namespace mlir::ap {

/// How integer candidates choose their quantization.
struct QuantizationChoices {
  /// Activations: per tensor, by this method and mode on the statistics of
  /// the value.
  CalibrationOptions activations{CalibrationMethod::MinMax,
                                 QuantizationMode::Asymmetric, 99.99};
  /// Weights: by this range method and mode, per output channel when
  /// `perChannelWeights`, else per tensor.
  PerChannelOptions weights{WeightRangeMethod::MinMax,
                            QuantizationMode::Symmetric, 100};
  bool perChannelWeights = true;
};

/// The quantization of one input of a site at an integer candidate.
struct InputQuantization {
  /// An activation: its per-tensor parameters.
  std::optional<QuantizationParameters> activation;
  /// A weight: its parameters along `axis` (a single channel, axis 0 of the
  /// weight seen as a 1 x N tensor, when per tensor).
  std::optional<PerChannelQuantization> weight;
  /// Whether `weight` is per tensor.
  bool perTensor = false;
};

/// What an integer candidate computes: storage integers in, an i32
/// accumulator out, dequantized as
///   result = (accumulator - outputZeroPoints[c]) * outputScales[c]
/// with c the index along dimension `outputAxis` of the result (one entry
/// and no axis when per tensor).
struct IntegerPlan {
  /// Parallel to Site::inputs.
  std::vector<InputQuantization> inputs;
  /// The value the accumulator starts from: 0 for sums, the quantized
  /// initial value for max and min.
  int64_t initValue = 0;
  std::optional<unsigned> outputAxis;
  SmallVector<double> outputScales;
  SmallVector<int64_t> outputZeroPoints;
};

/// One candidate precision of a site with its figures.
struct SiteCandidate {
  /// The precision of the inputs, of the accumulator and of the result the
  /// rewritten op writes (the accumulator's).
  Precision precision = Precision::F32;
  Precision accumulator = Precision::F32;
  Precision result = Precision::F32;
  /// Estimated loss, execution and transfer seconds (see the file comment).
  double loss = 0;
  double execTime = 0;
  double transferTime = 0;
  /// Integer candidates: the quantization.
  std::optional<IntegerPlan> integer;

  /// "f16/f32": input and accumulator precisions.
  std::string getLabel() const;
};

/// The candidates of one site.
struct SitePlan {
  Site site;
  /// At least one.
  std::vector<SiteCandidate> candidates;
  /// The index of the reference candidate: f32 when the device computes it,
  /// else the least lossy candidate (the cheapest among equally lossy ones).
  unsigned baseline = 0;
  /// Why precisions were left out, one sentence each ("i8: ..."), for
  /// warnings and the report.
  SmallVector<std::string> notes;

  /// The index of the candidate at `precision`, if any.
  std::optional<unsigned> lookup(Precision precision) const;
};

/// The precisions a site may take, in this order: f32, f16, bf16, f8E4M3FN,
/// f8E5M2, i8, i4 (the precisions of the sensitivity format).
llvm::ArrayRef<Precision> getCandidatePrecisions();

/// The candidates of `site` among `precisions` (a subset of
/// getCandidatePrecisions()): those its device computes (integers also need
/// i32 for the accumulator), that the sensitivity `losses` give a loss for
/// (f32 always has one: 0), whose rewriting applies to the site (integers
/// need a multiply-accumulate of one activation by one constant weight, or a
/// max, min or sum pooling of one activation, an initial value that is a
/// fill of 0 (max, min: of any constant), and the activation's statistics)
/// and that the cost model can price. Precisions left out are explained in
/// `notes`. Fails, reporting on the site, only when the cost model cannot
/// price the op at all (e.g. a device without any candidate of `precisions`
/// gives a plan without candidates, not a failure).
FailureOr<SitePlan> planSite(const Site &site, const OpSensitivity *losses,
                             llvm::ArrayRef<Precision> precisions,
                             const CostModel &model,
                             const QuantizationChoices &choices);

/// Quantizes the weight `data` (row-major, of `shape`) with `quantization`
/// (per tensor when `perTensor`), with the arithmetic of ap.quantize on f32:
/// the storage values, row-major.
std::vector<int64_t> quantizeWeight(llvm::ArrayRef<float> data,
                                    llvm::ArrayRef<int64_t> shape,
                                    const InputQuantization &quantization);

/// The sums of the storage values `values` (row-major, of `shape`) over
/// every dimension but `axis` (one sum per index along it), or over all of
/// them (a single sum) when `axis` is unset.
SmallVector<int64_t> sumWeightChannels(llvm::ArrayRef<int64_t> values,
                                       llvm::ArrayRef<int64_t> shape,
                                       std::optional<unsigned> axis);

/// The element type of an activation quantized with `parameters`:
/// `!quant.uniform<iN:f32, scale:zeroPoint>`.
quant::UniformQuantizedType
getActivationElementType(const QuantizationParameters &parameters,
                         MLIRContext *context);

/// The element type of the i32 accumulator of `plan` (its dequantization):
/// per axis along `outputAxis`, or per tensor.
quant::QuantizedType getAccumulatorElementType(const IntegerPlan &plan,
                                               MLIRContext *context);

} // namespace mlir::ap

#endif // AP_PRECISIONASSIGNMENT_SITECANDIDATES_H
