//===- TestData.h - Reproducible data for the calibration tests -*- C++ -*-===//
//
// Part of the ap project: an adaptive-precision compiler built on MLIR.
//
//===----------------------------------------------------------------------===//
//
// Samples drawn from std::mt19937_64, whose output the C++ standard fixes,
// turned into normal samples by Box-Muller (std::normal_distribution differs
// between standard libraries), so every run sees the same data.
//
//===----------------------------------------------------------------------===//

#ifndef AP_UNITTESTS_CALIBRATION_TESTDATA_H
#define AP_UNITTESTS_CALIBRATION_TESTDATA_H

#include <cmath>
#include <cstdint>
#include <random>
#include <vector>

namespace ap_test {

/// `n` samples of N(mean, sigma^2).
inline std::vector<float> gaussianSamples(size_t n, double mean, double sigma,
                                          uint64_t seed) {
  std::mt19937_64 engine(seed);
  auto uniform = [&] {
    return (static_cast<double>(engine() >> 11) + 0.5) * 0x1p-53;
  };
  std::vector<float> samples;
  samples.reserve(n + 1);
  while (samples.size() < n) {
    double radius = std::sqrt(-2 * std::log(uniform()));
    double angle = 2 * M_PI * uniform();
    samples.push_back(
        static_cast<float>(mean + sigma * radius * std::cos(angle)));
    samples.push_back(
        static_cast<float>(mean + sigma * radius * std::sin(angle)));
  }
  samples.resize(n);
  return samples;
}

/// `n` evenly spaced values covering [lo, hi], both included.
inline std::vector<double> evenlySpaced(size_t n, double lo, double hi) {
  std::vector<double> values(n);
  for (size_t i = 0; i < n; ++i)
    values[i] = lo + (hi - lo) * static_cast<double>(i) / (n - 1);
  return values;
}

} // namespace ap_test

#endif // AP_UNITTESTS_CALIBRATION_TESTDATA_H
