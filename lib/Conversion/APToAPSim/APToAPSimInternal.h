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

#include "ap/Analysis/TargetModel.h"

#include "mlir/IR/Operation.h"
#include "mlir/Interfaces/FunctionInterfaces.h"
#include "llvm/ADT/DenseMap.h"

namespace mlir::ap::detail {

/// The device of every op that an `ap.placement` encloses (its innermost
/// placement's), by op; ops absent from the map run on the default device.
using DeviceMap = llvm::DenseMap<Operation *, unsigned>;

/// Records in `devices` the device of every op nested in an `ap.placement`
/// of `function`, then removes the structure of ap: inlines the body of each
/// `ap.placement` and the default variant of each `ap.adaptive` in place of
/// the op, and makes the users of each `ap.observe` read its input (the
/// observation itself stays, without users). Fails, with an error
/// on the placement, when a placement names a device that is not in
/// `target`.
LogicalResult resolveStructure(FunctionOpInterface function,
                               const TargetModel &target, DeviceMap &devices);

/// Whether `op` is a view: an op whose tensor result is its source's data
/// seen with another shape or type (`tensor.extract_slice`, `expand_shape`,
/// `collapse_shape`, `reshape`, `cast`, `bitcast`, and `quant.scast` between
/// types stored in the same format, e.g. a quantized type and its storage
/// integers). Its result shares the buffer of its source operand, the first.
bool isView(Operation *op);

/// Appends to `readers` the users of `value` and, through views, of the
/// views of `value`.
void collectReaders(Value value, SmallVectorImpl<Operation *> &readers);

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

/// Whether `op` is a kernel: an op with a cost other than a transfer.
bool isKernel(Operation *op);

/// Kernels that run as one launch.
struct FusedKernel {
  /// The kernel the launch precedes: the first member that is not a
  /// prologue.
  Operation *anchor = nullptr;
  /// The members in program order (none for a group whose only member moved
  /// into another group's prologue).
  SmallVector<Operation *, 1> members;
};

/// The kernels of a function grouped into fused kernels.
struct KernelFusion {
  std::vector<FusedKernel> kernels;
  /// The index in `kernels` of the group of each kernel.
  llvm::DenseMap<Operation *, unsigned> groupOf;
};

/// Groups the kernels of `function` (devices from `devices`, else
/// `defaultDevice`) into fused kernels, or each kernel on its own when
/// `enabled` is false. A kernel joins the group of the kernel that produces
/// one of its operands, as its epilogue, when it is elementwise (a precision
/// conversion, or an all-parallel structured op writing one result in the
/// order of that operand), runs on the same device in the same block, the
/// value is read by nothing before it (through views of a single use), and
/// its other operands exist when the group is launched. A fill or a
/// precision conversion whose result only the first kernel of another group
/// on the same device reads becomes that group's prologue.
KernelFusion fuseKernels(FunctionOpInterface function, const DeviceMap &devices,
                         unsigned defaultDevice, bool enabled);

} // namespace mlir::ap::detail

#endif // AP_LIB_CONVERSION_APTOAPSIM_APTOAPSIMINTERNAL_H
