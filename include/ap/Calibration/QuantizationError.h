//===- QuantizationError.h - Expected error on a histogram ------*- C++ -*-===//
//
// Part of the ap project: an adaptive-precision compiler built on MLIR.
//
//===----------------------------------------------------------------------===//
//
// The mean squared error that quantizing and dequantizing the values a
// histogram describes would make, computed exactly for the histogram's
// piecewise-uniform density. With grid points g_k = (k - zp) * s for the
// storage values k in [qmin, qmax] and Q(x) the grid point nearest to x
// (saturating: g_qmin below the grid, g_qmax above it),
//
//   mse = (1 / total) * sum over bins b of (count_b / width_b)
//                       * integral over b of (x - Q(x))^2 dx
//
// which contains both the clipping error (x outside [g_qmin, g_qmax]) and
// the rounding error (inside). Each bin's integral is in closed form: outside
// the grid, ((v - g)^3 - (u - g)^3) / 3; inside, s^3 (G(v / s) - G(u / s))
// with G(y) = n / 12 + f^3 / 3, n = floor(y + 1/2), f = y - n, the integral
// of the squared distance to the nearest integer. Ties (a measure-zero set)
// and the f32 arithmetic of ap.quantize are not modelled.
//
//===----------------------------------------------------------------------===//

#ifndef AP_CALIBRATION_QUANTIZATIONERROR_H
#define AP_CALIBRATION_QUANTIZATIONERROR_H

#include "ap/Calibration/Histogram.h"
#include "ap/Calibration/QuantizationParameters.h"

namespace mlir::ap {

/// The mean squared quantization error of the values `histogram` describes
/// under `parameters` (see the file comment); 0 for an empty histogram.
double expectedSquaredError(const Histogram &histogram,
                            const QuantizationParameters &parameters);

} // namespace mlir::ap

#endif // AP_CALIBRATION_QUANTIZATIONERROR_H
