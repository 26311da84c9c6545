//===- NoiseModel.h - Quantization noise without execution ------*- C++ -*-===//
//
// Part of the ap project: an adaptive-precision compiler built on MLIR.
//
//===----------------------------------------------------------------------===//
//
// The statistical proxy of a site's sensitivity: the power of the noise a
// candidate adds to each input relative to the input's own power,
//
//   eta(x, p) = E[(x - Q_p(x))^2] / E[x^2],
//
// summed over the site's inputs (for y = sum w x, with independent noises,
// the relative noise power of the output is eta(x) + eta(w) to first order).
//
// Activations: from the value's statistics (a calibration profile), under
// the piecewise-uniform density of its histogram (docs/calibration.md):
//   - integers: the mean squared error of the per-tensor asymmetric
//     quantization the calibration method chooses (rounding plus clipping,
//     expectedSquaredError) over E[x^2] = variance + mean^2;
//   - floating point: the integral of the squared distance to the nearest
//     value of the format: in the binade [2^e, 2^(e+1)) the values are the
//     multiples of s = 2^(max(e, emin) - m) (m mantissa bits, emin the
//     smallest normal exponent: the subnormals below), whose squared error
//     integrates in closed form, s^3 (G(b/s) - G(a/s)) on [a, b] with
//     G(y) = n/12 + f^3/3, n = floor(y + 1/2), f = y - n (s^2/12 per unit of
//     length over whole cells); beyond the largest finite value M the value
//     saturates to M, an error of (|x| - M)^2.
// Weights: exactly, from their values (the relative L2 error squared).
//
//===----------------------------------------------------------------------===//

#ifndef AP_TOOLS_APSENSITIVITY_NOISEMODEL_H
#define AP_TOOLS_APSENSITIVITY_NOISEMODEL_H

#include "Candidates.h"

#include "ap/Calibration/ValueStatistics.h"

namespace mlir::ap::sensitivity {

/// E[(x - R(x))^2] for the density of `histogram`, R rounding to nearest
/// (even) in `format`, saturating at its largest finite value.
double expectedFloatRoundingError(const Histogram &histogram,
                                  const llvm::fltSemantics &format);

/// The relative noise power of an activation with `statistics` at
/// `candidate` (0 for f32, and for a value that is always 0).
llvm::Expected<double> getActivationNoise(const ValueStatistics &statistics,
                                          const Candidate &candidate,
                                          const CalibrationOptions &options);

/// The relative noise power of the weight `data` (of `shape`, channels
/// along `axis`) at `candidate`, exactly: ||w - Q(w)||^2 / ||w||^2 (0 for a
/// zero weight).
llvm::Expected<double> getWeightNoise(llvm::ArrayRef<float> data,
                                      llvm::ArrayRef<int64_t> shape,
                                      std::optional<unsigned> axis,
                                      const Candidate &candidate,
                                      const PerChannelOptions &options);

} // namespace mlir::ap::sensitivity

#endif // AP_TOOLS_APSENSITIVITY_NOISEMODEL_H
