//===- AdaptiveStorage.h - Activations at adaptive precision ----*- C++ -*-===//
//
// Part of the ap project: an adaptive-precision compiler built on MLIR.
//
//===----------------------------------------------------------------------===//
//
// Activations kept in memory at a precision chosen batch by batch from their
// running statistics. For every value (by name) the storage keeps, per
// granule (the whole tensor, or each channel along the last dimension), the
// minimum, maximum, sum of squares and count of the finite elements of each
// of the last `window` batches. At every batch it chooses the narrowest
// candidate format whose signal-to-quantization-noise ratio over the window
// reaches `minSqnr`, rounds the data to it (in place, as the values a reader
// of the stored data would get back), and records the parameters needed to
// decode the stored integers (scale and zero point per granule) in a
// history, by batch.
//
// The SQNR of a candidate over the window is 10 log10(S / N), where S is the
// sum of the squares of the window's elements and N the sum of their squared
// errors (both over every granule):
//
//   integer formats  predicted: asymmetric affine quantization over each
//                    granule's window range [min, max] extended to include
//                    0, with scale = (max - min) / (2^bits - 1), so each
//                    element contributes scale^2 / 12 (granules of zero
//                    range hold only zeros, which are exact: 0);
//   float formats    measured: each batch's squared errors of the round trip
//                    through the format (convertFromF32 then convertToF32,
//                    round to nearest even, saturating) are kept with its
//                    statistics, so saturation and underflow count.
//
// N = 0 gives an infinite SQNR. When no candidate reaches `minSqnr` the one
// with the highest SQNR is chosen (the narrowest among equals).
//
//===----------------------------------------------------------------------===//

#ifndef AP_RUNTIME_ADAPTIVESTORAGE_H
#define AP_RUNTIME_ADAPTIVESTORAGE_H

#include "ap/Runtime/Formats.h"

#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

#include <cstdint>
#include <deque>
#include <vector>

namespace ap::rt {

/// How the elements of a value share quantization parameters.
enum class StorageGranularity {
  /// One scale and zero point for the whole tensor.
  Tensor,
  /// One per channel along the last dimension: element i belongs to channel
  /// i % channels, `channels` being the size of the last dimension.
  Channel,
};

/// The configuration of an AdaptiveStorage.
struct StorageOptions {
  /// The number of batches, the current one included, the statistics cover
  /// (>= 1).
  unsigned window = 8;
  StorageGranularity granularity = StorageGranularity::Tensor;
  /// The formats to choose from (not empty, no Opaque); the narrowest by
  /// packed bits is preferred, the list order breaking ties.
  std::vector<Format> candidates = {Format::I8, Format::F16, Format::F32};
  /// The SQNR in dB the chosen format must reach over the window.
  double minSqnr = 40.0;
  /// The number of batches whose parameters each value's history keeps
  /// (>= 1).
  unsigned historyCapacity = 1024;
};

/// How one batch of a value was stored.
struct StoredParameters {
  int64_t batch = 0;
  Format format = Format::F32;
  /// For integer formats, one per granule: x = (q - zeroPoints[g]) *
  /// scales[g]. Empty for floating-point formats.
  std::vector<double> scales;
  std::vector<int64_t> zeroPoints;
};

/// The parameters of the last `capacity` batches stored, oldest evicted
/// first.
class HistoryBuffer {
public:
  explicit HistoryBuffer(unsigned capacity);

  /// Appends `parameters`, evicting the oldest entry when full.
  void append(StoredParameters parameters);
  /// The parameters of batch `batch` (the latest when it was stored more
  /// than once); null when it was never stored or has been evicted.
  const StoredParameters *lookup(int64_t batch) const;
  /// The number of entries held.
  size_t size() const { return entries.size(); }
  unsigned getCapacity() const { return capacity; }
  /// The entries, oldest first.
  const std::deque<StoredParameters> &getEntries() const { return entries; }

private:
  unsigned capacity;
  std::deque<StoredParameters> entries;
};

/// Activations stored at a precision chosen per batch (see the file
/// comment). Not thread-safe.
class AdaptiveStorage {
public:
  explicit AdaptiveStorage(StorageOptions options);

  /// Checks `options`: a window and a history capacity of at least 1, a
  /// finite `minSqnr`, and candidates, none Opaque.
  static llvm::Error checkOptions(const StorageOptions &options);

  /// Stores the `elements` values at `data` of value `name` for batch
  /// `batch`: adds the batch to the value's statistics (the oldest batch
  /// leaving the window), chooses the format, rounds `data` in place to it
  /// and back, appends the parameters to the value's history and returns
  /// them.
  ///
  /// Integer formats: per granule with window range [min, max] (including
  /// 0), scale = (max - min) / (2^bits - 1) (1 when max == min), zero point
  /// = clamp(round_half_even(qmin - min / scale), qmin, qmax), and each
  /// element becomes q = clamp(round_half_even(x / scale) + zp, qmin, qmax),
  /// then x' = (q - zp) * scale computed in double and rounded to float
  /// (NaN becomes q = zp, so 0). Float formats: x' =
  /// convertToF32(convertFromF32(x)).
  ///
  /// `channels` is the size of the last dimension (used with Channel
  /// granularity only, where it must divide `elements` and stay the same for
  /// a value). Errors (nothing changed): invalid options, a negative count,
  /// null data with elements, a bad channel count.
  llvm::Expected<StoredParameters> store(llvm::StringRef name, int64_t batch,
                                         float *data, int64_t elements,
                                         int64_t channels);

  /// The history of value `name`; null when it was never stored.
  const HistoryBuffer *getHistory(llvm::StringRef name) const;

  /// Decodes the storage integers `storage` (one per element) of batch
  /// `batch` of value `name` into `out` with the batch's history entry:
  /// x = (q - zp[g]) * scale[g] computed in double and rounded to float.
  /// `channels` is as for store (ignored with Tensor granularity).
  /// Errors (nothing written): an unknown value, a batch not in the history,
  /// a batch stored in a floating-point format, a negative count, null
  /// pointers with elements, a channel count that does not match the
  /// batch's granules.
  llvm::Error reconstruct(llvm::StringRef name, int64_t batch,
                          const int32_t *storage, float *out, int64_t elements,
                          int64_t channels) const;

  /// Forgets every value (statistics and histories).
  void reset();

  const StorageOptions &getOptions() const { return options; }

private:
  /// The statistics of one batch of one value.
  struct BatchStatistics {
    /// Per granule, over the finite elements.
    std::vector<double> min, max, sumSquares;
    std::vector<int64_t> count;
    /// Per candidate: the sum of the squared errors of the round trip
    /// through it (float candidates only; 0 for integers).
    std::vector<double> errorSquares;
  };

  /// What is kept of one value.
  struct ValueState {
    explicit ValueState(unsigned historyCapacity) : history(historyCapacity) {}
    /// The number of granules (fixed by the first batch).
    int64_t granules = 0;
    /// The last `window` batches, oldest first.
    std::deque<BatchStatistics> window;
    HistoryBuffer history;
  };

  StorageOptions options;
  llvm::StringMap<ValueState> values;
};

} // namespace ap::rt

#endif // AP_RUNTIME_ADAPTIVESTORAGE_H
