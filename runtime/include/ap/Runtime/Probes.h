//===- Probes.h - Quality metrics of tensors at run time --------*- C++ -*-===//
//
// Part of the ap project: an adaptive-precision compiler built on MLIR.
//
//===----------------------------------------------------------------------===//
//
// The metrics an ap_rt_probe computes over a deterministic sample of a tensor
// (every k-th element from the first), see ap_rt_metric in ap_runtime.h.
//
//===----------------------------------------------------------------------===//

#ifndef AP_RUNTIME_PROBES_H
#define AP_RUNTIME_PROBES_H

#include "ap/Runtime/Formats.h"

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

#include <cstdint>

namespace ap::rt {

/// The metrics of ap_rt_metric.
enum class Metric : int32_t {
  SQNR = 0,
  Variance = 1,
  Entropy = 2,
  SaturationRate = 3,
};

/// The name of `metric` ("sqnr", "variance", "entropy", "saturation_rate").
llvm::StringRef getMetricName(Metric metric);

/// The distance between sampled elements for `sampleRate` in (0, 1]:
/// max(1, round(1 / sampleRate)).
int64_t getSampleStride(double sampleRate);

/// Computes `metric` over the sample of the `elements` values of `data`
/// (in `format`) and, for SQNR, of `reference` (in `referenceFormat`). SQNR
/// is +inf when the data equal the reference. Fails on an Opaque format, a
/// missing reference for SQNR, or an empty sample.
llvm::Expected<double> computeMetric(Metric metric, Format format,
                                     const void *data, Format referenceFormat,
                                     const void *reference, int64_t elements,
                                     double sampleRate);

/// The format a probe evaluates its data for (ap_rt_probe_info::as_format):
/// a floating-point format, or an integer format with the affine
/// quantization q = clamp(round_half_even(x / scale) + zeroPoint).
struct ProbeTarget {
  Format format = Format::F32;
  double scale = 1;
  int64_t zeroPoint = 0;
};

/// Computes `metric` over the sample of the `elements` floating-point
/// values of `data` (in `format`) converted to `target` and back (in double
/// precision; floats round to nearest even and saturate as
/// convertFromF32): sqnr compares the converted values with the data,
/// saturation_rate is the fraction of values the conversion saturates
/// (beyond the largest finite magnitude of a float target, outside the
/// integer range before clamping, or not finite), variance and entropy are
/// those of the converted values. Fails on a non-float `format`, an Opaque
/// target, a scale that is not positive and finite, or an empty sample.
llvm::Expected<double> computeMetricAs(Metric metric, Format format,
                                       const void *data, ProbeTarget target,
                                       int64_t elements, double sampleRate);

} // namespace ap::rt

#endif // AP_RUNTIME_PROBES_H
