//===- KernelFusion.h - Kernels the devices run as one launch ---*- C++ -*-===//
//
// Part of the ap project: an adaptive-precision compiler built on MLIR.
//
//===----------------------------------------------------------------------===//
//
// Which kernels the simulated devices run as one launch, as accelerator
// compilers fuse them, and what such a launch costs. Shared by the conversion
// to the simulated target (convert-ap-to-apsim) and by the partitioner, which
// must predict the launches the conversion will make.
//
//===----------------------------------------------------------------------===//

#ifndef AP_ANALYSIS_KERNELFUSION_H
#define AP_ANALYSIS_KERNELFUSION_H

#include "ap/Analysis/CostModel.h"

#include "mlir/IR/Operation.h"
#include "mlir/Interfaces/FunctionInterfaces.h"
#include "llvm/ADT/DenseMap.h"

#include <string>
#include <vector>

namespace mlir::ap {

/// The device of ops, by op; ops absent from the map run on the default
/// device.
using DeviceMap = llvm::DenseMap<Operation *, unsigned>;

/// Whether `op` is a view: an op whose tensor result is its source's data
/// seen with another shape or type (`tensor.extract_slice`, `expand_shape`,
/// `collapse_shape`, `reshape`, `cast`, `bitcast`, and `quant.scast` between
/// types stored in the same format, e.g. a quantized type and its storage
/// integers). Its result shares the buffer of its source operand, the first.
bool isView(Operation *op);

/// The operands of `op` an epilogue reads elementwise, in the order of its
/// result: the input of a precision op, the inputs of an all-parallel
/// structured op read through the identity map, as its single result is
/// written. Empty when `op` is not elementwise.
SmallVector<OpOperand *> getElementwiseOperands(Operation *op);

/// Appends to `uses` the uses of `value` and, through views, of the views
/// of `value` (not the views' own uses of their source).
void collectReaderUses(Value value, SmallVectorImpl<OpOperand *> &uses);

/// Appends to `readers` the users of `value` and, through views, of the
/// views of `value`.
void collectReaders(Value value, SmallVectorImpl<Operation *> &readers);

/// Appends to `uses` the uses of `value` and, through views, of the views
/// of `value` (not the views' own uses of their source).
void collectReaderUses(Value value, SmallVectorImpl<OpOperand *> &uses);

/// Appends to `readers` the users of `value` and, through views, of the
/// views of `value`.
void collectReaders(Value value, SmallVectorImpl<Operation *> &readers);

/// The value whose data `value` is: `value` itself, or the source of the
/// views it is made by.
Value getViewRoot(Value value);

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

/// A fused kernel priced on a device.
struct PricedKernel {
  Cost cost;
  /// The precision the device is configured for (the anchor's).
  Precision precision = Precision::F32;
  /// The accumulator precision, for an anchor that accumulates.
  std::optional<Precision> accumulator;
};

/// Prices `kernel` on `device`: each member by the cost model (measured
/// times included, by the cost keys `keys`), the members together as one
/// launch that moves only the bytes entering and leaving it. The launch
/// works in the memory tier the cost model chooses from its working set, or
/// in `minTier` when that is slower (its weights live there). Fails,
/// reporting at the member, when the device does not compute at a member's
/// precisions (`noteUnsupported`, when given, may attach notes to that
/// error) or the members' element types are not ap precisions.
FailureOr<PricedKernel> priceFusedKernel(
    const FusedKernel &kernel, unsigned device, std::optional<unsigned> minTier,
    const CostModel &model,
    const llvm::DenseMap<Operation *, std::string> &keys,
    function_ref<void(InFlightDiagnostic &, Operation *, Precision)>
        noteUnsupported = nullptr);

} // namespace mlir::ap

#endif // AP_ANALYSIS_KERNELFUSION_H
