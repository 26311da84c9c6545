//===- ArrayNumerics.h - ap's numerics on whole f32 arrays ------*- C++ -*-===//
//
// Part of the ap project: an adaptive-precision compiler built on MLIR.
//
//===----------------------------------------------------------------------===//
//
// The precision changes of ap (ap/Support/Numerics.h) applied to whole f32
// arrays on the host, as a tool that perturbs the inputs of compiled code
// needs them: rounding to a narrower floating-point format and back, and
// quantizing to integers and back, per tensor or per channel.
//
// The results are bit for bit those of numerics::convertFloat, quantize and
// dequantize (which use llvm::APFloat, about 0.1 to 1 us per element), at
// the speed of native arithmetic: every step is one whose exact result the
// native operation returns (scaling by powers of two, comparisons, f32
// division and multiplication rounded to nearest even, integer to f32
// conversions of integers below 2^24). Formats and parameters outside those
// conditions go through the APFloat functions element by element.
//
//===----------------------------------------------------------------------===//

#ifndef AP_EXECUTION_ARRAYNUMERICS_H
#define AP_EXECUTION_ARRAYNUMERICS_H

#include "ap/Support/Numerics.h"

#include "llvm/ADT/ArrayRef.h"

#include <cstdint>

namespace mlir::ap::execution {

/// Rounds every element of `input` to the floating-point format `format`
/// and back to f32, into `output` (of the same size; it may be `input`):
/// round to nearest even, saturating (finite values beyond the largest
/// finite value of `format`, and infinities, become that value with their
/// sign), NaN stays NaN. The same bits as
/// numerics::convertFloat(x, format, Rounding::NearestEven, saturate=true)
/// converted to f32, which is exact for the formats of at most f32's range
/// and precision; `format` must be one of them.
void roundThroughFormat(llvm::ArrayRef<float> input,
                        llvm::MutableArrayRef<float> output,
                        const llvm::fltSemantics &format);

/// Quantizes and dequantizes every element of `input` with `params`, in f32
/// (the expressed type), into `output` (of the same size; it may be
/// `input`): the same bits as
/// numerics::dequantize(numerics::quantize(x, params), params, f32).
void quantizeDequantize(llvm::ArrayRef<float> input,
                        llvm::MutableArrayRef<float> output,
                        const numerics::QuantParams &params);

/// The same per channel: `input` is a row-major tensor of `shape` and the
/// elements of slice c along `axis` use `params[c]` (one per slice).
void quantizeDequantizePerChannel(llvm::ArrayRef<float> input,
                                  llvm::MutableArrayRef<float> output,
                                  llvm::ArrayRef<int64_t> shape, unsigned axis,
                                  llvm::ArrayRef<numerics::QuantParams> params);

} // namespace mlir::ap::execution

#endif // AP_EXECUTION_ARRAYNUMERICS_H
