//===- QuantizationError.cpp - Expected error on a histogram --------------===//
//
// Part of the ap project: an adaptive-precision compiler built on MLIR.
//
//===----------------------------------------------------------------------===//

#include "ap/Calibration/QuantizationError.h"

#include "HistogramDensity.h"

using namespace mlir::ap;

double
mlir::ap::expectedSquaredError(const Histogram &histogram,
                               const QuantizationParameters &parameters) {
  if (histogram.getTotal() == 0)
    return 0;
  calibration::HistogramDensity density(histogram);
  calibration::QuantizationGrid grid{parameters.scale,
                                     parameters.getRepresentableMin(),
                                     parameters.getRepresentableMax()};
  return density.getSquaredError(grid) / density.getTotal();
}
