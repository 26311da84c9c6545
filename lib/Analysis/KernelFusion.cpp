//===- KernelFusion.cpp - Kernels the devices run as one launch -----------===//
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

#include "ap/Analysis/KernelFusion.h"

#include "ap/Analysis/CostOpInterface.h"
#include "ap/Analysis/ElementStorage.h"
#include "ap/Dialect/AP/IR/APOps.h"
#include "ap/Support/SaturatingArithmetic.h"

#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Quant/IR/Quant.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "llvm/ADT/SmallPtrSet.h"

using namespace mlir;
using namespace mlir::ap;

//===----------------------------------------------------------------------===//
// Views
//===----------------------------------------------------------------------===//

/// Whether tensors of types `a` and `b` are stored alike, in the same format
/// (a quantized type and its storage type, but not u4 values seen as
/// signless i4, which the simulated machine reads as signed).
static bool isSameStorage(Type a, Type b) {
  // Types ap cannot store are reported where they are read, not here.
  ScopedDiagnosticHandler silence(a.getContext(),
                                  [](Diagnostic &) { return success(); });
  auto emitError = [&] {
    return mlir::emitError(UnknownLoc::get(a.getContext()));
  };
  FailureOr<ElementStorage> first =
      getElementStorage(getElementTypeOrSelf(a), emitError);
  FailureOr<ElementStorage> second =
      getElementStorage(getElementTypeOrSelf(b), emitError);
  return succeeded(first) && succeeded(second) && first->bits == second->bits &&
         first->precision == second->precision;
}

bool mlir::ap::isView(Operation *op) {
  if (isa<quant::StorageCastOp>(op))
    return isSameStorage(op->getOperand(0).getType(),
                         op->getResult(0).getType());
  return isa<tensor::ExtractSliceOp, tensor::ExpandShapeOp,
             tensor::CollapseShapeOp, tensor::ReshapeOp, tensor::CastOp,
             tensor::BitcastOp>(op);
}

void mlir::ap::collectReaderUses(Value value,
                                 SmallVectorImpl<OpOperand *> &uses) {
  SmallVector<Value> worklist{value};
  while (!worklist.empty()) {
    Value current = worklist.pop_back_val();
    for (OpOperand &use : current.getUses()) {
      Operation *user = use.getOwner();
      if (isView(user) && use.getOperandNumber() == 0) {
        worklist.push_back(user->getResult(0));
        continue;
      }
      uses.push_back(&use);
    }
  }
}

void mlir::ap::collectReaders(Value value,
                              SmallVectorImpl<Operation *> &readers) {
  SmallVector<OpOperand *> uses;
  collectReaderUses(value, uses);
  for (OpOperand *use : uses)
    readers.push_back(use->getOwner());
}

Value mlir::ap::getViewRoot(Value value) {
  while (Operation *def = value.getDefiningOp()) {
    if (!isView(def))
      break;
    value = def->getOperand(0);
  }
  return value;
}

//===----------------------------------------------------------------------===//
// Fusion
//===----------------------------------------------------------------------===//

bool mlir::ap::isKernel(Operation *op) {
  return isa<CostOpInterface>(op) && !isa<TransferOp>(op);
}

SmallVector<OpOperand *> mlir::ap::getElementwiseOperands(Operation *op) {
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

KernelFusion mlir::ap::fuseKernels(FunctionOpInterface function,
                                   const DeviceMap &devices,
                                   unsigned defaultDevice, bool enabled) {
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

//===----------------------------------------------------------------------===//
// Pricing
//===----------------------------------------------------------------------===//

/// The precision a device must be configured for to run `op`, whose work
/// is `work`: its arithmetic's, else (a kernel that reads no numbers, e.g.
/// an iota) its result's. The IR's precisions: no choice is made here.
static std::optional<Precision> getLaunchPrecision(Operation *op,
                                                   const Work &work) {
  if (work.computePrecision)
    return work.computePrecision;
  for (Type type : op->getResultTypes())
    if (auto tensor = dyn_cast<RankedTensorType>(type))
      if (std::optional<Precision> precision =
              getPrecision(tensor.getElementType()))
        return precision;
  return std::nullopt;
}

FailureOr<PricedKernel> mlir::ap::priceFusedKernel(
    const FusedKernel &kernel, unsigned device, std::optional<unsigned> minTier,
    const CostModel &model,
    const llvm::DenseMap<Operation *, std::string> &keys,
    function_ref<void(InFlightDiagnostic &, Operation *, Precision)>
        noteUnsupported) {
  Operation *anchor = kernel.anchor;
  const DeviceModel &deviceModel = model.getTarget().getDevice(device);
  llvm::SmallPtrSet<Operation *, 4> members(kernel.members.begin(),
                                            kernel.members.end());
  // Whether `value`, read by a member, is made by a member (through views).
  auto isMadeInside = [&](Value value) {
    Operation *def = getViewRoot(value).getDefiningOp();
    return def && members.contains(def);
  };
  // Whether every reader of `value`, a member's result, is a member.
  auto isReadInsideOnly = [&](Value value) {
    SmallVector<Operation *> readers;
    collectReaders(value, readers);
    return !readers.empty() && llvm::all_of(readers, [&](Operation *reader) {
      return members.contains(reader);
    });
  };

  // Each member on its own, in the tier the launch works in.
  auto priceMembers = [&](std::optional<unsigned> tier,
                          SmallVectorImpl<Cost> &costs,
                          int64_t &insideBytesRead, int64_t &insideBytesWritten,
                          PricedKernel &priced) -> LogicalResult {
    costs.clear();
    insideBytesRead = insideBytesWritten = 0;
    for (Operation *member : kernel.members) {
      auto op = cast<CostOpInterface>(member);
      auto emitError = [&] { return member->emitError(); };
      FailureOr<Work> work = op.getWork(emitError);
      if (failed(work))
        return failure();
      std::optional<Precision> memberPrecision =
          getLaunchPrecision(member, *work);
      if (!memberPrecision)
        return emitError() << "cannot launch a kernel whose element types "
                              "are not ap precisions on a simulated device";
      // A kernel without arithmetic (a copy, a pad) is priced whatever its
      // precision, but its device must still be configured for it.
      if (!deviceModel.supports(*memberPrecision)) {
        InFlightDiagnostic diagnostic =
            emitError() << "device '" << deviceModel.name
                        << "' does not compute at input precision '"
                        << stringifyPrecision(*memberPrecision) << "'";
        if (noteUnsupported)
          noteUnsupported(diagnostic, member, *memberPrecision);
        return diagnostic;
      }
      FailureOr<Cost> cost =
          getOpCost(op, *work, keys.lookup(member), model,
                    ExecutionConfig{device, std::nullopt, tier}, emitError);
      if (failed(cost))
        return failure();
      costs.push_back(*cost);
      if (member == anchor) {
        priced.precision = *memberPrecision;
        if (work->accumulateOps > 0)
          priced.accumulator = work->accumulatePrecision;
      }
      // The bytes of the values that stay inside the fused kernel.
      for (const MemoryAccess &access : work->accesses) {
        bool output = access.role == AccessRole::Output;
        Value value = output ? member->getResult(access.index)
                             : member->getOperand(access.index);
        if (output ? !isReadInsideOnly(value) : !isMadeInside(value))
          continue;
        int64_t bytes = getStorageBytes(access.elements, access.storedBits);
        int64_t &sum = output ? insideBytesWritten : insideBytesRead;
        sum = saturatingAdd(sum, bytes);
      }
    }
    return success();
  };

  // A kernel on its own costs what the cost model says of it (measured
  // times included); a fused one moves only what enters and leaves it.
  auto price = [&](std::optional<unsigned> tier) -> FailureOr<PricedKernel> {
    PricedKernel priced;
    SmallVector<Cost> costs;
    int64_t insideBytesRead = 0, insideBytesWritten = 0;
    if (failed(priceMembers(tier, costs, insideBytesRead, insideBytesWritten,
                            priced)))
      return failure();
    priced.cost = costs.front();
    if (costs.size() == 1)
      return priced;
    int64_t bytesRead = 0, bytesWritten = 0;
    for (const Cost &member : costs) {
      bytesRead = saturatingAdd(bytesRead, member.bytesRead);
      bytesWritten = saturatingAdd(bytesWritten, member.bytesWritten);
    }
    FailureOr<Cost> fused = model.getFusedKernelCost(
        costs, device, std::max<int64_t>(0, bytesRead - insideBytesRead),
        std::max<int64_t>(0, bytesWritten - insideBytesWritten), tier,
        [&] { return anchor->emitError(); });
    if (failed(fused))
      return failure();
    priced.cost = *fused;
    return priced;
  };

  FailureOr<PricedKernel> priced = price(std::nullopt);
  if (failed(priced) || !minTier)
    return priced;
  unsigned chosen =
      priced->cost.memory.value_or(deviceModel.memories.size() - 1);
  if (chosen >= *minTier)
    return priced;
  return price(*minTier);
}
