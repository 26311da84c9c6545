//===- APToAPSimInternal.h - Pieces of convert-ap-to-apsim ------*- C++ -*-===//
//
// Part of the ap project: an adaptive-precision compiler built on MLIR.
//
//===----------------------------------------------------------------------===//
//
// The steps of the conversion from ap to apsim, shared by its source files:
// resolving the structure of ap (placements, adaptive regions, observations)
// into plain code with a device per op, and placing the releases of buffers
// once every id is known.
//
//===----------------------------------------------------------------------===//

#ifndef AP_LIB_CONVERSION_APTOAPSIM_APTOAPSIMINTERNAL_H
#define AP_LIB_CONVERSION_APTOAPSIM_APTOAPSIMINTERNAL_H

#include "ap/Analysis/KernelFusion.h"
#include "ap/Analysis/TargetModel.h"
#include "ap/Dialect/APSim/IR/APSimOps.h"

#include "mlir/Dialect/SCF/IR/SCF.h"

#include "mlir/IR/Operation.h"
#include "mlir/Interfaces/FunctionInterfaces.h"
#include "llvm/ADT/DenseMap.h"

namespace mlir::ap::detail {

/// An `ap.adaptive` resolved into a select and a switch over its variants.
struct SwitchPointOps {
  apsim::SelectOp select;
  scf::IndexSwitchOp variants;
  /// The device the variants run on.
  unsigned device = 0;

  /// The region of variant `index` (the last variant is the default region).
  Region &getVariantRegion(unsigned index) {
    return index < variants.getNumCases() ? variants.getCaseRegions()[index]
                                          : variants.getDefaultRegion();
  }
};

/// Records in `devices` the device of every op nested in an `ap.placement`
/// of `function`, then removes the structure of ap: inlines the body of each
/// `ap.placement` in place of the op, replaces each `ap.adaptive` by an
/// `apsim.select` (without costs yet) and an `scf.index_switch` over its
/// variants (appended to `switchPoints`, outer ones first), and makes the
/// users of each `ap.observe` read its input (the observation itself stays,
/// without users). Fails, with an error on the op, when a placement names a
/// device that is not in `target` or a variant's precision is not a format
/// of the target.
LogicalResult resolveStructure(FunctionOpInterface function,
                               const TargetModel &target, DeviceMap &devices,
                               SmallVectorImpl<SwitchPointOps> &switchPoints);

/// A buffer of the simulated machine, as the conversion created it.
struct BufferRecord {
  int64_t id = 0;
  /// The block where the buffer is created (its define, kernel or DMA).
  Block *block = nullptr;
  /// The op that creates it, in `block`.
  Operation *creator = nullptr;
  /// The SSA values that hold the buffer's data (their users, and the users
  /// of their views, read it).
  SmallVector<Value, 1> values;
  /// Readers not visible through `values` (the kernels that read a
  /// constant defined once per device).
  SmallVector<Operation *> readers;
};

/// Inserts an `apsim.release` of each buffer after its last use in its
/// block: after the ancestor in the buffer's block of its last reader, or
/// after its creator when nothing reads it. A buffer used by its block's
/// terminator (returned or yielded) or from another block is not released.
/// Releases that follow the same op are in the order of `buffers`.
void insertReleases(ArrayRef<BufferRecord> buffers);

} // namespace mlir::ap::detail

#endif // AP_LIB_CONVERSION_APTOAPSIM_APTOAPSIMINTERNAL_H
