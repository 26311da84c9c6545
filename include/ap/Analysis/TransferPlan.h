//===- TransferPlan.h - The steps of a move between devices -----*- C++ -*-===//
//
// Part of the ap project: an adaptive-precision compiler built on MLIR.
//
//===----------------------------------------------------------------------===//
//
// A transfer of a tensor between two devices is priced by the cost model
// (CostModel::getTransferCost plus the conversions a device makes when the
// link does not convert) and scheduled as a sequence of steps, each on one
// resource: the conversion before sending on the source device, each hop of
// the route on its link (store and forward), the conversion on arrival on
// the destination device. The runtime simulates exactly these steps, and the
// partitioner predicts them, so both build them here.
//
//===----------------------------------------------------------------------===//

#ifndef AP_ANALYSIS_TRANSFERPLAN_H
#define AP_ANALYSIS_TRANSFERPLAN_H

#include "ap/Analysis/CostModel.h"

namespace mlir::ap {

/// One step of a transfer, on one resource.
struct TransferStep {
  enum class Kind {
    /// A conversion on a device (before sending or on arrival).
    Conversion,
    /// A copy between two tiers of one device without a link.
    Copy,
    /// A hop over a link.
    Link,
  };
  Kind kind = Kind::Link;
  /// The device (Conversion, Copy) or the link (Link).
  unsigned resource = 0;
  /// Seconds the resource is busy.
  double seconds = 0;
  /// Dynamic joules of the step.
  double energy = 0;
};

/// A transfer, priced and cut into steps.
struct TransferPlan {
  /// The cost model's price of the whole move (conversions included).
  Cost cost;
  /// Bytes on the wire (per hop).
  int64_t wireBytes = 0;
  /// The steps, in order; each starts when the previous one ends and its
  /// resource is free. Empty for a move that costs nothing.
  SmallVector<TransferStep, 4> steps;
};

/// Plans the move of `elements` values stored in `source` (unset: an opaque
/// format, moved as `opaqueBytes` bytes) from `from` to `to`, crossing at
/// `wire` (unset: opaque) and arriving stored in `destination`: over `link`
/// when given, else the cost model's fastest route that carries `wire`.
/// Conversions between the stored and the wire precision are made by the
/// devices at each end when the first (last) link of the route does not
/// convert. Fails, through `emitError`, when no route carries the wire
/// precision or a device cannot make a conversion.
FailureOr<TransferPlan>
planTransfer(const CostModel &model, int64_t elements, int64_t opaqueBytes,
             std::optional<Precision> source, std::optional<Precision> wire,
             std::optional<Precision> destination, Endpoint from, Endpoint to,
             std::optional<unsigned> link,
             function_ref<InFlightDiagnostic()> emitError);

} // namespace mlir::ap

#endif // AP_ANALYSIS_TRANSFERPLAN_H
