//===- Fusion.cpp - Kernels fused into one launch -------------------------===//
//
// Part of the ap project: an adaptive-precision compiler built on MLIR.
//
//===----------------------------------------------------------------------===//
//
// Which kernels the simulated devices run as one launch, as accelerator
// compilers fuse them: the elementwise work that follows a kernel (a bias and
// an activation, a precision conversion of its result) runs in its epilogue,
// and the fill of its accumulator and the conversion of an input that only it
// reads run in its prologue. The values passed inside a fused kernel stay on
// chip: they have no buffer, and the kernel is launched once.
//
//===----------------------------------------------------------------------===//

#include "APToAPSimInternal.h"

#include "ap/Analysis/CostOpInterface.h"
#include "ap/Dialect/AP/IR/APOps.h"

#include "mlir/Dialect/Linalg/IR/Linalg.h"

using namespace mlir;
using namespace mlir::ap;
using namespace mlir::ap::detail;

bool mlir::ap::detail::isKernel(Operation *op) {
  return isa<CostOpInterface>(op) && !isa<TransferOp>(op);
}

/// The operand of `op` an epilogue reads elementwise, in the order of its
/// result: the input of a precision op, the inputs of an all-parallel
/// structured op read through the identity map, as its single result is
/// written.
static SmallVector<OpOperand *> getElementwiseOperands(Operation *op) {
  if (isa<ConvertOp, QuantizeOp, DequantizeOp>(op))
    return {&op->getOpOperand(0)};
  auto linalgOp = dyn_cast<linalg::LinalgOp>(op);
  if (!linalgOp || !linalgOp.hasPureTensorSemantics() ||
      linalgOp.getNumLoops() != linalgOp.getNumParallelLoops() ||
      linalgOp->getNumResults() != 1 || linalgOp.getNumDpsInits() != 1)
    return {};
  AffineMap output =
      linalgOp.getMatchingIndexingMap(linalgOp.getDpsInitOperand(0));
  if (!output.isIdentity() ||
      !llvm::all_of(linalgOp.getIndexingMapsArray(),
                    [](AffineMap map) { return map.isProjectedPermutation(); }))
    return {};
  SmallVector<OpOperand *> operands;
  for (OpOperand *input : linalgOp.getDpsInputOperands())
    if (isa<RankedTensorType>(input->get().getType()) &&
        linalgOp.getMatchingIndexingMap(input).isIdentity())
      operands.push_back(input);
  return operands;
}

/// The value `value` is a view of (through views with no other use), and
/// whether each value on the way has a single use.
static Value getViewSource(Value value, bool &singleUse) {
  singleUse = true;
  while (Operation *def = value.getDefiningOp()) {
    if (!isView(def))
      break;
    value = def->getOperand(0);
    singleUse &= value.hasOneUse();
  }
  return value;
}

namespace {
/// Builds the fused kernels of one function.
class FusionBuilder {
public:
  FusionBuilder(const DeviceMap &devices, unsigned defaultDevice)
      : devices(devices), defaultDevice(defaultDevice) {}

  KernelFusion run(FunctionOpInterface function);

private:
  unsigned getDevice(Operation *op) const {
    auto it = devices.find(op);
    return it == devices.end() ? defaultDevice : it->second;
  }
  bool tryEpilogue(Operation *op);
  bool isAvailableAt(Value value, Operation *anchor, unsigned group) const;
  void tryPrologue(unsigned group);

  const DeviceMap &devices;
  unsigned defaultDevice;
  KernelFusion fusion;
};
} // namespace

/// Whether `value`, read by a member of group `group`, exists when the group
/// is launched (immediately before `anchor`): made outside the group before
/// the anchor, a block argument, a constant, no data at all, or made in the
/// group.
bool FusionBuilder::isAvailableAt(Value value, Operation *anchor,
                                  unsigned group) const {
  Operation *def = value.getDefiningOp();
  if (!def || def->hasTrait<OpTrait::ConstantLike>() ||
      isa<tensor::EmptyOp>(def))
    return true;
  auto member = fusion.groupOf.find(def);
  if (member != fusion.groupOf.end() && member->second == group)
    return true;
  Operation *ancestor = anchor->getBlock()->findAncestorOpInBlock(*def);
  return !ancestor || ancestor->isBeforeInBlock(anchor);
}

/// Adds `op` to the group of the kernel that produces one of its elementwise
/// operands, when it is an epilogue of that kernel: on the same device, in
/// the same block, the produced value read by nothing that runs before `op`
/// and the other operands available when the group is launched.
bool FusionBuilder::tryEpilogue(Operation *op) {
  for (OpOperand *operand : getElementwiseOperands(op)) {
    bool singleUse = false;
    Value source = getViewSource(operand->get(), singleUse);
    Operation *producer = source.getDefiningOp();
    if (!producer || !singleUse || producer->getBlock() != op->getBlock())
      continue;
    auto it = fusion.groupOf.find(producer);
    if (it == fusion.groupOf.end())
      continue;
    unsigned group = it->second;
    FusedKernel &kernel = fusion.kernels[group];
    if (getDevice(op) != getDevice(kernel.anchor))
      continue;
    // Other readers of the value read its buffer (the kernel writes it as
    // well): they must run after the kernel, so after `op`. (Through views,
    // `op` is the only reader.)
    bool readLater =
        source != operand->get() ||
        llvm::all_of(source.getUsers(), [&](Operation *user) {
          Operation *ancestor = op->getBlock()->findAncestorOpInBlock(*user);
          if (!ancestor)
            return false;
          auto member = fusion.groupOf.find(ancestor);
          return ancestor == op ||
                 (member != fusion.groupOf.end() && member->second == group) ||
                 op->isBeforeInBlock(ancestor);
        });
    if (!readLater)
      continue;
    if (!llvm::all_of(op->getOpOperands(), [&](OpOperand &other) {
          return &other == operand ||
                 !isa<RankedTensorType>(other.get().getType()) ||
                 isAvailableAt(other.get(), kernel.anchor, group);
        }))
      continue;
    kernel.members.push_back(op);
    fusion.groupOf[op] = group;
    return true;
  }
  return false;
}

/// Moves the single member of group `group`, when it is a fill or a
/// precision conversion whose result only the anchor of another group on the
/// same device reads, into that group as its prologue.
void FusionBuilder::tryPrologue(unsigned group) {
  FusedKernel &kernel = fusion.kernels[group];
  Operation *op = kernel.anchor;
  if (kernel.members.size() != 1 ||
      !isa<linalg::FillOp, ConvertOp, QuantizeOp>(op) ||
      op->getNumResults() != 1)
    return;
  Value value = op->getResult(0);
  // Follow the value through views of a single use to its reader.
  Operation *reader = nullptr;
  while (value.hasOneUse()) {
    reader = *value.getUsers().begin();
    if (!isView(reader))
      break;
    value = reader->getResult(0);
    reader = nullptr;
  }
  if (!reader || reader->getBlock() != op->getBlock())
    return;
  auto it = fusion.groupOf.find(reader);
  if (it == fusion.groupOf.end() || it->second == group)
    return;
  FusedKernel &consumer = fusion.kernels[it->second];
  if (consumer.anchor != reader || getDevice(op) != getDevice(reader))
    return;
  consumer.members.insert(consumer.members.begin(), op);
  fusion.groupOf[op] = it->second;
  kernel.members.clear();
}

KernelFusion FusionBuilder::run(FunctionOpInterface function) {
  function.getFunctionBody().walk<WalkOrder::PreOrder>([&](Operation *op) {
    if (!isKernel(op))
      return WalkResult::advance();
    if (!tryEpilogue(op)) {
      fusion.groupOf[op] = fusion.kernels.size();
      fusion.kernels.push_back({op, {op}});
    }
    // The bodies of kernels are scalar code.
    return WalkResult::skip();
  });
  for (unsigned group = 0, e = fusion.kernels.size(); group < e; ++group)
    tryPrologue(group);
  return std::move(fusion);
}

KernelFusion mlir::ap::detail::fuseKernels(FunctionOpInterface function,
                                           const DeviceMap &devices,
                                           unsigned defaultDevice,
                                           bool enabled) {
  if (enabled)
    return FusionBuilder(devices, defaultDevice).run(function);
  KernelFusion fusion;
  function.getFunctionBody().walk<WalkOrder::PreOrder>([&](Operation *op) {
    if (!isKernel(op))
      return WalkResult::advance();
    fusion.groupOf[op] = fusion.kernels.size();
    fusion.kernels.push_back({op, {op}});
    return WalkResult::skip();
  });
  return fusion;
}
