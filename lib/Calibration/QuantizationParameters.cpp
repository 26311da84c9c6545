//===- QuantizationParameters.cpp - Scale and zero point ------------------===//
//
// Part of the ap project: an adaptive-precision compiler built on MLIR.
//
//===----------------------------------------------------------------------===//

#include "ap/Calibration/QuantizationParameters.h"
#include "ap/Calibration/IntegerFormat.h"

#include "llvm/ADT/APFloat.h"
#include "llvm/ADT/StringSwitch.h"

#include <algorithm>
#include <cassert>
#include <cfloat>
#include <cmath>

using namespace mlir::ap;

llvm::StringRef mlir::ap::stringifyQuantizationMode(QuantizationMode mode) {
  return mode == QuantizationMode::Symmetric ? "symmetric" : "asymmetric";
}

std::optional<QuantizationMode>
mlir::ap::parseQuantizationMode(llvm::StringRef name) {
  return llvm::StringSwitch<std::optional<QuantizationMode>>(name)
      .Case("symmetric", QuantizationMode::Symmetric)
      .Case("asymmetric", QuantizationMode::Asymmetric)
      .Default(std::nullopt);
}

double QuantizationParameters::getRepresentableMin() const {
  return static_cast<double>(format.getStorageMin() - zeroPoint) * scale;
}

double QuantizationParameters::getRepresentableMax() const {
  return static_cast<double>(format.getStorageMax() - zeroPoint) * scale;
}

numerics::QuantParams QuantizationParameters::getQuantParams() const {
  return {scale, zeroPoint, format.getStorageMin(), format.getStorageMax()};
}

double mlir::ap::roundScaleToF32(double scale) {
  assert(scale > 0 && "scales are positive");
  llvm::APFloat rounded(scale);
  bool losesInfo = false;
  (void)rounded.convert(llvm::APFloat::IEEEsingle(),
                        llvm::APFloat::rmNearestTiesToEven, &losesInfo);
  // Overflow gives infinity; NaN cannot occur for a positive double.
  double single = rounded.isInfinity() ? FLT_MAX : rounded.convertToFloat();
  return std::clamp(single, static_cast<double>(FLT_MIN),
                    static_cast<double>(FLT_MAX));
}

QuantizationParameters mlir::ap::getQuantizationParameters(
    double lo, double hi, const IntegerFormat &format, QuantizationMode mode) {
  assert(std::isfinite(lo) && std::isfinite(hi) && lo <= hi &&
         "invalid clipping range");
  QuantizationParameters parameters;
  parameters.format = format;
  int64_t qmin = format.getStorageMin(), qmax = format.getStorageMax();

  if (mode == QuantizationMode::Symmetric) {
    if (format.isSigned) {
      double threshold = std::max(std::fabs(lo), std::fabs(hi));
      parameters.clipMin = -threshold;
      parameters.clipMax = threshold;
      parameters.zeroPoint = 0;
      parameters.scale =
          threshold == 0
              ? 1.0
              : roundScaleToF32(threshold / static_cast<double>(qmax));
    } else {
      double threshold = std::max(hi, 0.0);
      parameters.clipMin = 0;
      parameters.clipMax = threshold;
      parameters.zeroPoint = qmin;
      parameters.scale =
          threshold == 0
              ? 1.0
              : roundScaleToF32(threshold / static_cast<double>(qmax - qmin));
    }
    return parameters;
  }

  double low = std::min(lo, 0.0), high = std::max(hi, 0.0);
  parameters.clipMin = low;
  parameters.clipMax = high;
  if (low == high) {
    parameters.scale = 1.0;
    parameters.zeroPoint = std::clamp<int64_t>(0, qmin, qmax);
    return parameters;
  }
  parameters.scale =
      roundScaleToF32((high - low) / static_cast<double>(qmax - qmin));
  // The zero point from the rounded scale, so that 0.0 is exactly the
  // storage value zeroPoint of the quantized type.
  double zeroPoint = static_cast<double>(qmin) - low / parameters.scale;
  zeroPoint = std::clamp(roundHalfToEven(zeroPoint), static_cast<double>(qmin),
                         static_cast<double>(qmax));
  parameters.zeroPoint = static_cast<int64_t>(zeroPoint);
  return parameters;
}

double mlir::ap::getSQNR(double meanSquare, double mse) {
  if (mse == 0)
    return std::numeric_limits<double>::infinity();
  if (meanSquare == 0)
    return -std::numeric_limits<double>::infinity();
  return 10 * std::log10(meanSquare / mse);
}
