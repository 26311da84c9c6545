//===- CostOpInterfaceImpl.cpp - Costs of upstream and ap ops -------------===//
//
// Part of the ap project: an adaptive-precision compiler built on MLIR.
//
//===----------------------------------------------------------------------===//

#include "ap/Analysis/CostOpInterface.h"
#include "ap/Analysis/ElementStorage.h"
#include "ap/Analysis/TransferPlan.h"
#include "ap/Dialect/AP/IR/APDialect.h"
#include "ap/Dialect/AP/IR/APOps.h"

#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/DialectRegistry.h"
#include "mlir/Interfaces/FunctionInterfaces.h"

using namespace mlir;
using namespace mlir::ap;

#include "ap/Analysis/CostOpInterface.cpp.inc"

//===----------------------------------------------------------------------===//
// Helpers
//===----------------------------------------------------------------------===//

/// Appends an access of all `type`'s elements.
static LogicalResult addWholeAccess(Work &work, Type type, AccessRole role,
                                    unsigned index, bool fixed,
                                    function_ref<InFlightDiagnostic()> emitError) {
  auto shaped = cast<ShapedType>(type);
  if (!shaped.hasStaticShape())
    return emitError() << "cannot estimate the cost of an op with dynamic "
                          "shapes; the cost model needs static shapes";
  FailureOr<ElementStorage> storage =
      getElementStorage(shaped.getElementType(), emitError);
  if (failed(storage))
    return failure();
  int64_t elements = 1;
  for (int64_t size : shaped.getShape())
    if (llvm::MulOverflow(elements, size, elements))
      return emitError() << "the number of elements of " << type
                         << " overflows 64 bits";
  MemoryAccess &access = work.accesses.emplace_back();
  access.role = role;
  access.index = index;
  access.elements = elements;
  access.storedBits = storage->bits;
  access.fixed = fixed || !storage->precision;
  return success();
}

//===----------------------------------------------------------------------===//
// linalg: every structured op through one model
//===----------------------------------------------------------------------===//

namespace {
template <typename OpTy>
struct StructuredOpCostModel
    : public CostOpInterface::ExternalModel<StructuredOpCostModel<OpTy>, OpTy> {
  FailureOr<Work> getWork(Operation *op,
                          function_ref<InFlightDiagnostic()> emitError) const {
    return getStructuredOpWork(cast<linalg::LinalgOp>(op), emitError);
  }
};
} // namespace

template <typename... OpTys>
static void attachStructuredOpCostModels(MLIRContext *context) {
  (OpTys::template attachInterface<StructuredOpCostModel<OpTys>>(*context),
   ...);
}

//===----------------------------------------------------------------------===//
// tensor: ops that copy data
//===----------------------------------------------------------------------===//

namespace {
/// An op that reads tensors and writes one, with no arithmetic: a pad, a
/// concatenation, an insertion of a slice.
template <typename OpTy>
struct CopyOpCostModel
    : public CostOpInterface::ExternalModel<CopyOpCostModel<OpTy>, OpTy> {
  FailureOr<Work> getWork(Operation *op,
                          function_ref<InFlightDiagnostic()> emitError) const {
    auto copy = cast<OpTy>(op);
    Work work;
    for (OpOperand *read : getReadOperands(copy))
      if (failed(addWholeAccess(work, read->get().getType(), AccessRole::Input,
                                read->getOperandNumber(), /*fixed=*/false,
                                emitError)))
        return failure();
    Type written = getWrittenType(copy);
    if (failed(addWholeAccess(work, written, AccessRole::Output, 0,
                              /*fixed=*/false, emitError)))
      return failure();
    work.computePrecision = getPrecision(getElementTypeOrSelf(written));
    return work;
  }

  /// The tensors read: insert_slice reads its source only (the destination
  /// is updated in place); a pad reads its source (the padding value is a
  /// scalar in a register); a concatenation reads all its inputs.
  static SmallVector<OpOperand *> getReadOperands(OpTy op) {
    if constexpr (std::is_same_v<OpTy, tensor::InsertSliceOp>)
      return {&op.getSourceMutable()};
    SmallVector<OpOperand *> read;
    for (OpOperand &operand : op->getOpOperands())
      if (isa<RankedTensorType>(operand.get().getType()))
        read.push_back(&operand);
    return read;
  }
  /// What is written: the result, except for insert_slice, which writes only
  /// the slice into the destination.
  static Type getWrittenType(OpTy op) {
    if constexpr (std::is_same_v<OpTy, tensor::InsertSliceOp>)
      return op.getSourceType();
    else
      return op.getResult().getType();
  }
};
} // namespace

//===----------------------------------------------------------------------===//
// ap: precision ops and transfers
//===----------------------------------------------------------------------===//

/// Scalar operations per element of the precision ops, see
/// docs/cost-model.md: quantize scales, rounds, offsets and clamps (5);
/// dequantize offsets and scales (2); convert rounds (1) and clamps when it
/// saturates (2 more).
static constexpr int64_t kQuantizeOpsPerElement = 5;
static constexpr int64_t kDequantizeOpsPerElement = 2;
static constexpr int64_t kConvertOpsPerElement = 1;
static constexpr int64_t kSaturateOpsPerElement = 2;

/// The work of an elementwise precision op with `opsPerElement` operations
/// per element at the precision of its floating-point side.
static FailureOr<Work>
getPrecisionOpWork(Operation *op, int64_t opsPerElement, Type floatSide,
                   function_ref<InFlightDiagnostic()> emitError) {
  Work work;
  work.fixedPrecision = true;
  work.computePrecision = getPrecision(floatSide);
  if (failed(addWholeAccess(work, op->getOperand(0).getType(),
                            AccessRole::Input, 0, /*fixed=*/true, emitError)) ||
      failed(addWholeAccess(work, op->getResult(0).getType(),
                            AccessRole::Output, 0, /*fixed=*/true, emitError)))
    return failure();
  if (llvm::MulOverflow(opsPerElement, work.accesses.front().elements,
                        work.computeOps))
    return emitError() << "the operation count of the op overflows 64 bits";
  return work;
}

namespace {
struct QuantizeOpCostModel
    : public CostOpInterface::ExternalModel<QuantizeOpCostModel, QuantizeOp> {
  FailureOr<Work> getWork(Operation *op,
                          function_ref<InFlightDiagnostic()> emitError) const {
    auto quantize = cast<QuantizeOp>(op);
    return getPrecisionOpWork(op, kQuantizeOpsPerElement,
                              quantize.getInput().getType().getElementType(),
                              emitError);
  }
};

struct DequantizeOpCostModel
    : public CostOpInterface::ExternalModel<DequantizeOpCostModel,
                                            DequantizeOp> {
  FailureOr<Work> getWork(Operation *op,
                          function_ref<InFlightDiagnostic()> emitError) const {
    auto dequantize = cast<DequantizeOp>(op);
    return getPrecisionOpWork(
        op, kDequantizeOpsPerElement,
        dequantize.getResult().getType().getElementType(), emitError);
  }
};

struct ConvertOpCostModel
    : public CostOpInterface::ExternalModel<ConvertOpCostModel, ConvertOp> {
  FailureOr<Work> getWork(Operation *op,
                          function_ref<InFlightDiagnostic()> emitError) const {
    auto convert = cast<ConvertOp>(op);
    Type input = convert.getInput().getType().getElementType();
    Type result = convert.getResult().getType().getElementType();
    Type wider = input.getIntOrFloatBitWidth() >= result.getIntOrFloatBitWidth()
                     ? input
                     : result;
    int64_t opsPerElement = kConvertOpsPerElement +
                            (convert.getSaturate() ? kSaturateOpsPerElement : 0);
    return getPrecisionOpWork(op, opsPerElement, wider, emitError);
  }
};

struct TransferOpCostModel
    : public CostOpInterface::ExternalModel<TransferOpCostModel, TransferOp> {
  FailureOr<Work> getWork(Operation *op,
                          function_ref<InFlightDiagnostic()> emitError) const {
    Work work;
    work.fixedPrecision = true;
    if (failed(addWholeAccess(work, op->getOperand(0).getType(),
                              AccessRole::Input, 0, /*fixed=*/true,
                              emitError)) ||
        failed(addWholeAccess(work, op->getResult(0).getType(),
                              AccessRole::Output, 0, /*fixed=*/true,
                              emitError)))
      return failure();
    return work;
  }

  FailureOr<Cost> getCost(Operation *op, const Work &work,
                          const CostModel &model, const ExecutionConfig &config,
                          function_ref<InFlightDiagnostic()> emitError) const {
    auto transfer = cast<TransferOp>(op);
    const TargetModel &target = model.getTarget();
    std::optional<Endpoint> from = target.lookupEndpoint(transfer.getFrom());
    std::optional<Endpoint> to = target.lookupEndpoint(transfer.getTo());
    if (!from || !to)
      return emitError() << "transfer endpoint "
                         << (from ? transfer.getTo() : transfer.getFrom())
                         << " is not in the target";
    std::optional<unsigned> link;
    if (std::optional<StringRef> via = transfer.getVia()) {
      link = target.lookupLink(*via);
      if (!link)
        return emitError() << "transfer link '" << *via
                           << "' is not in the target";
    }
    std::optional<Precision> wire = transfer.getWire();
    const MemoryAccess &input = work.accesses.front();
    // Quantized values are stored (and cross) in their storage type.
    auto precisionOf = [&](Value value) -> std::optional<Precision> {
      FailureOr<ElementStorage> storage = getElementStorage(
          cast<ShapedType>(value.getType()).getElementType(), emitError);
      return succeeded(storage) ? storage->precision : std::nullopt;
    };
    std::optional<Precision> stored = precisionOf(transfer.getInput());
    std::optional<Precision> arriving = precisionOf(transfer.getResult());
    // What crosses the link: the wire precision, else the stored one; the
    // devices at the ends of links that do not convert make the conversions
    // to and from it, as the runtime does.
    FailureOr<TransferPlan> plan = planTransfer(
        model, input.elements,
        getStorageBytes(input.elements, input.storedBits), stored,
        wire ? wire : stored, arriving, *from, *to, link, emitError);
    if (failed(plan))
      return failure();
    FailureOr<Cost> cost = plan->cost;
    return cost;
  }
};
} // namespace

//===----------------------------------------------------------------------===//
// Registration, keys and measured costs
//===----------------------------------------------------------------------===//

void mlir::ap::registerCostOpInterfaceExternalModels(
    DialectRegistry &registry) {
  registry.addExtension(+[](MLIRContext *context, linalg::LinalgDialect *) {
    attachStructuredOpCostModels<
#define GET_OP_LIST
#include "mlir/Dialect/Linalg/IR/LinalgStructuredOps.cpp.inc"
        >(context);
  });
  registry.addExtension(+[](MLIRContext *context, tensor::TensorDialect *) {
    tensor::PadOp::attachInterface<CopyOpCostModel<tensor::PadOp>>(*context);
    tensor::ConcatOp::attachInterface<CopyOpCostModel<tensor::ConcatOp>>(
        *context);
    tensor::InsertSliceOp::attachInterface<
        CopyOpCostModel<tensor::InsertSliceOp>>(*context);
  });
  registry.addExtension(+[](MLIRContext *context, APDialect *) {
    QuantizeOp::attachInterface<QuantizeOpCostModel>(*context);
    DequantizeOp::attachInterface<DequantizeOpCostModel>(*context);
    ConvertOp::attachInterface<ConvertOpCostModel>(*context);
    TransferOp::attachInterface<TransferOpCostModel>(*context);
  });
}

llvm::DenseMap<Operation *, std::string>
mlir::ap::assignCostKeys(FunctionOpInterface function) {
  llvm::DenseMap<Operation *, std::string> keys;
  unsigned count = 0;
  std::string prefix = (function.getName() + "#").str();
  function->walk<WalkOrder::PreOrder>([&](CostOpInterface op) {
    if (auto key = op->getAttrOfType<StringAttr>(APDialect::getCostKeyAttrName()))
      keys[op] = key.getValue().str();
    else
      keys[op] = prefix + std::to_string(count);
    ++count;
  });
  return keys;
}

FailureOr<Cost> mlir::ap::getOpCost(CostOpInterface op, const Work &work,
                                    StringRef key, const CostModel &model,
                                    const ExecutionConfig &config,
                                    function_ref<InFlightDiagnostic()> emitError) {
  FailureOr<Cost> cost = op.getCost(work, model, config, emitError);
  if (failed(cost) || !model.hasMeasuredTimes() || isa<TransferOp>(op))
    return cost;
  std::optional<Precision> precision =
      config.precisions && !work.fixedPrecision ? config.precisions->input
                                                : work.computePrecision;
  if (!precision)
    return cost;
  if (std::optional<double> measured =
          model.lookupMeasuredTime(key, config.device, *precision))
    model.applyMeasuredTime(*cost, config.device, *measured);
  return cost;
}

FailureOr<Cost> mlir::ap::getOpCost(CostOpInterface op, StringRef key,
                                    const CostModel &model,
                                    const ExecutionConfig &config,
                                    function_ref<InFlightDiagnostic()> emitError) {
  FailureOr<Work> work = op.getWork(emitError);
  if (failed(work))
    return failure();
  return getOpCost(op, *work, key, model, config, emitError);
}
