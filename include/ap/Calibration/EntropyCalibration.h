//===- EntropyCalibration.h - KL-divergence threshold search ----*- C++ -*-===//
//
// Part of the ap project: an adaptive-precision compiler built on MLIR.
//
//===----------------------------------------------------------------------===//
//
// The entropy calibration of TensorRT (S. Migacz, "8-bit Inference with
// TensorRT", GTC 2017), in the variant of MXNet and TVM
// (`_get_optimal_threshold`), on a histogram of N bins H[0..N):
//
// For a window of bins [b, e) (the values kept; those outside are clipped
// to its edges) and L quantization levels (e - b >= L):
//   P  = H[b..e), with the counts left of the window added to P's first bin
//        and those right of it to P's last bin: the clipped distribution;
//   Q  = the window's own counts H[b..e) (without the clipped ones) merged
//        into L groups of m = floor((e - b) / L) consecutive bins, the last
//        group taking the remaining bins too, each group's sum then spread
//        evenly over the bins of the group where P is not zero (Q is zero
//        where P is);
//   P and Q are normalized to sum 1, then smoothed: their zero entries
//        become eps = 1e-8 and their other entries are scaled by
//        (1 - z eps), z the number of zero entries, so they still sum 1
//        (MXNet smooths the counts, with eps = 1e-4 taken in equal shares);
//   D  = KL(P || Q) = sum_k P_k ln(P_k / Q_k).
//
// The symmetric search (TensorRT) keeps b = 0 on a histogram of |x| and tries
// every e from L to N, L = 2^(bits-1) levels for a signed format: the window
// with the smallest divergence wins, and the threshold is its upper edge.
// Divergences within 0.01% of the least count as equal, and the narrowest
// of those wins: windows that only add empty bins differ by rounding and by
// the smoothing alone (MXNet takes the first minimum, pytorch-quantization
// the last). TensorRT's replacement of the first bin by the second is not
// done.
//
//===----------------------------------------------------------------------===//

#ifndef AP_CALIBRATION_ENTROPYCALIBRATION_H
#define AP_CALIBRATION_ENTROPYCALIBRATION_H

#include "llvm/ADT/ArrayRef.h"

#include <utility>

namespace mlir::ap {

/// KL(P || Q) of the window [begin, end) of `counts` quantized to `levels`
/// levels (see the file comment). Requires levels >= 1 and
/// end - begin >= levels. +infinity, so that the window is never chosen,
/// when the window holds no value of its own (Q is empty) or when P has a
/// single non-zero bin: P and Q are then the same point mass whatever the
/// window clips, a degenerate zero that would otherwise let a window placed
/// at the edge of the data clip all of it.
double getWindowDivergence(llvm::ArrayRef<double> counts, unsigned begin,
                           unsigned end, unsigned levels);

/// The end e of the window [0, e), L <= e <= N, of least divergence: the
/// symmetric search. N when the histogram has fewer than `levels` bins (the
/// whole range then loses nothing at the histogram's resolution).
unsigned selectEntropyWindowEnd(llvm::ArrayRef<double> counts, unsigned levels);

/// The window [b, e) of least divergence among those containing the
/// position `zero` (b <= zero <= e, in bins from the start; the real 0 must
/// stay representable), found by coordinate descent from [0, N): the best
/// end for the current begin, then the best begin for that end, until
/// neither changes (at most 8 rounds). The whole range when N < levels.
std::pair<unsigned, unsigned> selectEntropyWindow(llvm::ArrayRef<double> counts,
                                                  unsigned levels, double zero);

} // namespace mlir::ap

#endif // AP_CALIBRATION_ENTROPYCALIBRATION_H
