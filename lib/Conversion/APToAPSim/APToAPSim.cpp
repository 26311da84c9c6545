//===- APToAPSim.cpp - Places the compute on the simulated devices --------===//
//
// Part of the ap project: an adaptive-precision compiler built on MLIR.
//
//===----------------------------------------------------------------------===//
//
// convert-ap-to-apsim: every kernel (an op the cost model prices) gets an
// apsim.launch with its cost on its device, every buffer an id, data read on
// a device where it does not live an apsim.dma, and every id a release after
// its last use. See the pass description in include/ap/Conversion/Passes.td
// and "From ap to apsim" in docs/runtime.md.
//
//===----------------------------------------------------------------------===//

#include "APToAPSimInternal.h"

#include "ap/Analysis/CostOpInterface.h"
#include "ap/Analysis/ElementStorage.h"
#include "ap/Conversion/Passes.h"
#include "ap/Dialect/AP/IR/APDialect.h"
#include "ap/Dialect/AP/IR/APOps.h"
#include "ap/Dialect/APSim/IR/APSimOps.h"
#include "ap/Support/SaturatingArithmetic.h"

#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Quant/IR/QuantTypes.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/Builders.h"
#include "mlir/Interfaces/CallInterfaces.h"

namespace mlir::ap {
#define GEN_PASS_DEF_CONVERTAPTOAPSIM
#include "ap/Conversion/Passes.h.inc"
} // namespace mlir::ap

using namespace mlir;
using namespace mlir::ap;
using namespace mlir::ap::detail;

namespace {

/// The data a tensor value holds, as the simulated machine sees it.
struct ValueData {
  enum class Kind {
    /// No data of its own (tensor.empty) or produced by code the conversion
    /// does not track: no buffer.
    None,
    /// The buffer `id`.
    Buffer,
    /// The constant `constant`, defined once per device that reads it.
    Constant,
  };
  Kind kind = Kind::None;
  int64_t id = 0;
  Operation *constant = nullptr;
};

/// How a tensor is stored.
struct StoredTensor {
  int64_t elements = 0;
  unsigned bits = 0;
  int64_t bytes = 0;
  std::optional<Precision> precision;
  apsim::Format format = apsim::Format::Opaque;
};

/// What a reader reads for one of its operands: the buffer (none for data
/// the conversion does not track) and the value that holds it on the
/// reader's device (the operand, or its copy).
struct Read {
  std::optional<int64_t> id;
  Value value;
};

/// Converts one function.
class FunctionConverter {
public:
  /// Converts `function`, numbering its buffers from `firstId`.
  FunctionConverter(FunctionOpInterface function, const CostModel &model,
                    int64_t firstId, bool fuseKernelsEnabled)
      : function(function), model(model), target(model.getTarget()),
        context(function->getContext()), builder(context), firstId(firstId),
        fuseKernelsEnabled(fuseKernelsEnabled) {}

  LogicalResult run();

  /// The first id after those of this function.
  int64_t getEndId() const { return firstId + buffers.size(); }

private:
  // Buffers.
  int64_t createId(unsigned device);
  void recordBuffer(int64_t id, Operation *creator, ArrayRef<Value> values);
  FailureOr<StoredTensor>
  describe(Type type, function_ref<InFlightDiagnostic()> emitError) const;
  FailureOr<Read> readOn(Value value, unsigned device, Operation *reader,
                         const Twine &copyName, Operation *copyPoint = nullptr);
  FailureOr<int64_t> defineConstant(Operation *constant, unsigned device,
                                    Operation *reader);

  // Ops.
  LogicalResult defineArguments();
  LogicalResult convertKernel(const FusedKernel &kernel);
  LogicalResult convertTransfer(TransferOp op);
  LogicalResult convertProbe(ProbeOp op);
  LogicalResult convertObserve(ObserveOp op);
  LogicalResult convertReturn(Operation *op);
  LogicalResult convertCall(CallOpInterface call);
  void prepareSwitchPoint(SwitchPointOps &point);
  LogicalResult finishSwitchPoint(SwitchPointOps &point);
  /// The precisions the device of `point` runs at just before its variants
  /// and just after them (unset when not known at compile time).
  std::pair<std::optional<apsim::Format>, std::optional<apsim::Format>>
  getNeighbourPrecisions(SwitchPointOps &point);
  /// The index of the device of `endpoint` (a device or a device's tier).
  std::optional<unsigned> getDeviceOf(SymbolRefAttr endpoint) const;

  unsigned getDevice(Operation *op) const {
    auto it = devices.find(op);
    return it == devices.end() ? target.getDefaultDevice() : it->second;
  }
  /// The tier of `device` that the `ap.memory` of `constant` places it in,
  /// if it names one of that device.
  std::optional<unsigned> getWeightTier(Operation *constant,
                                        unsigned device) const {
    auto tier =
        constant->getAttrOfType<SymbolRefAttr>(APDialect::getMemoryAttrName());
    if (!tier)
      return std::nullopt;
    std::optional<Endpoint> endpoint = target.lookupEndpoint(tier);
    if (!endpoint || endpoint->device != device)
      return std::nullopt;
    return endpoint->memory;
  }
  FlatSymbolRefAttr getDeviceRef(unsigned device) const {
    return FlatSymbolRefAttr::get(context, target.getDevice(device).name);
  }
  SymbolRefAttr getTierRef(unsigned device, unsigned tier) const {
    const DeviceModel &model = target.getDevice(device);
    return SymbolRefAttr::get(
        context, model.name,
        {FlatSymbolRefAttr::get(context, model.memories[tier].name)});
  }

  FunctionOpInterface function;
  const CostModel &model;
  const TargetModel &target;
  MLIRContext *context;
  OpBuilder builder;
  /// Ids are unique in the module, not only in the function: a callee's
  /// buffers must not replace its caller's in the runtime.
  int64_t firstId;
  bool fuseKernelsEnabled;

  DeviceMap devices;
  KernelFusion fusion;
  llvm::DenseMap<Operation *, std::string> keys;
  llvm::DenseMap<Value, ValueData> data;
  /// Every buffer, indexed by id - firstId, and the device it lives on.
  std::vector<BufferRecord> buffers;
  BufferRecord &getBuffer(int64_t id) { return buffers[id - firstId]; }
  SmallVector<unsigned> bufferDevices;
  /// The id of each constant on each device that reads it.
  llvm::DenseMap<std::pair<Operation *, unsigned>, int64_t> constantIds;
  /// The copy of each value on each device it was transferred to.
  llvm::DenseMap<std::pair<Value, unsigned>, Value> copies;
  /// The last define at the function's entry (arguments, then constants).
  Operation *lastEntryDefine = nullptr;
  /// The switch points of the function, and the ids of their results: the
  /// values a variant yields are written to these ids (`presetIds`), and
  /// those consumed by a kernel's write are in `presetWritten`.
  SmallVector<SwitchPointOps> switchPoints;
  llvm::DenseMap<Value, int64_t> presetIds;
  llvm::DenseSet<Value> presetWritten;
};

} // namespace

//===----------------------------------------------------------------------===//
// Buffers
//===----------------------------------------------------------------------===//

int64_t FunctionConverter::createId(unsigned device) {
  int64_t id = getEndId();
  buffers.emplace_back().id = id;
  bufferDevices.push_back(device);
  return id;
}

void FunctionConverter::recordBuffer(int64_t id, Operation *creator,
                                     ArrayRef<Value> values) {
  BufferRecord &buffer = getBuffer(id);
  buffer.creator = creator;
  buffer.block = creator->getBlock();
  buffer.values.assign(values.begin(), values.end());
  for (Value value : values)
    data[value] = {ValueData::Kind::Buffer, id, nullptr};
}

FailureOr<StoredTensor> FunctionConverter::describe(
    Type type, function_ref<InFlightDiagnostic()> emitError) const {
  auto tensor = cast<RankedTensorType>(type);
  if (!tensor.hasStaticShape())
    return emitError() << "cannot simulate a buffer of dynamic shape " << type
                       << "; the simulated buffers need static shapes";
  FailureOr<ElementStorage> storage =
      getElementStorage(tensor.getElementType(), emitError);
  if (failed(storage))
    return failure();
  StoredTensor stored;
  stored.elements = tensor.getNumElements();
  stored.bits = storage->bits;
  stored.bytes = getStorageBytes(stored.elements, storage->bits);
  stored.precision = storage->precision;
  stored.format = storage->precision ? apsim::getFormat(*storage->precision)
                                     : apsim::Format::Opaque;
  return stored;
}

FailureOr<int64_t> FunctionConverter::defineConstant(Operation *constant,
                                                     unsigned device,
                                                     Operation *reader) {
  auto [slot, inserted] = constantIds.try_emplace({constant, device}, 0);
  if (inserted) {
    FailureOr<StoredTensor> stored =
        describe(constant->getResult(0).getType(),
                 [&] { return constant->emitError(); });
    if (failed(stored))
      return failure();
    // Weights are resident: they exist on the device before the kernels
    // run, from the function's entry.
    Block &entry = function.getFunctionBody().front();
    if (lastEntryDefine)
      builder.setInsertionPointAfter(lastEntryDefine);
    else
      builder.setInsertionPointToStart(&entry);
    int64_t id = createId(device);
    SymbolRefAttr endpoint = getDeviceRef(device);
    if (std::optional<unsigned> tier = getWeightTier(constant, device))
      endpoint = getTierRef(device, *tier);
    lastEntryDefine =
        apsim::DefineOp::create(builder, constant->getLoc(), id, endpoint,
                                stored->format, stored->bytes);
    recordBuffer(id, lastEntryDefine, {});
    slot->second = id;
  }
  getBuffer(slot->second).readers.push_back(reader);
  return slot->second;
}

FailureOr<Read> FunctionConverter::readOn(Value value, unsigned device,
                                          Operation *reader,
                                          const Twine &copyName,
                                          Operation *copyPoint) {
  auto it = data.find(value);
  if (it == data.end() || it->second.kind == ValueData::Kind::None)
    return Read{std::nullopt, value};
  if (it->second.kind == ValueData::Kind::Constant) {
    FailureOr<int64_t> id = defineConstant(it->second.constant, device, reader);
    if (failed(id))
      return failure();
    return Read{*id, value};
  }

  int64_t id = it->second.id;
  unsigned from = bufferDevices[id - firstId];
  if (from == device)
    return Read{id, value};
  if (Value copy = copies.lookup({value, device}))
    return Read{data.lookup(copy).id, copy};

  // The data lives elsewhere: copy it before the reader, hoisted out of the
  // regions that the value is defined outside of (a loop reads one copy).
  auto emitError = [&] { return reader->emitError(); };
  FailureOr<StoredTensor> stored = describe(value.getType(), emitError);
  if (failed(stored))
    return failure();
  // The route must exist at the stored precision: the runtime would fail.
  if (failed(model.getTransferCost(stored->elements, stored->bits,
                                   Endpoint{from, std::nullopt},
                                   Endpoint{device, std::nullopt}, std::nullopt,
                                   stored->precision, emitError)))
    return failure();
  Block *block = value.getParentBlock();
  Operation *before = copyPoint ? copyPoint : reader;
  Operation *anchor = block->findAncestorOpInBlock(*before);
  builder.setInsertionPoint(anchor ? anchor : before);
  auto type = cast<RankedTensorType>(value.getType());
  Location loc = reader->getLoc();
  Value init = tensor::EmptyOp::create(
      builder, loc, type.getShape(), type.getElementType(), type.getEncoding());
  int64_t copyId = createId(device);
  auto dma = apsim::DmaOp::create(
      builder, loc, type, builder.getStringAttr(copyName), value, init,
      getDeviceRef(from), getDeviceRef(device), FlatSymbolRefAttr(),
      std::nullopt, id, copyId);
  recordBuffer(copyId, dma, {dma.getResult()});
  copies[{value, device}] = dma.getResult();
  return Read{copyId, dma.getResult()};
}

//===----------------------------------------------------------------------===//
// Ops
//===----------------------------------------------------------------------===//

LogicalResult FunctionConverter::defineArguments() {
  Block &entry = function.getFunctionBody().front();
  builder.setInsertionPointToStart(&entry);
  unsigned host = target.getHost();
  for (BlockArgument argument : entry.getArguments()) {
    if (!isa<RankedTensorType>(argument.getType()))
      continue;
    FailureOr<StoredTensor> stored = describe(argument.getType(), [&] {
      return function->emitError()
             << "argument #" << argument.getArgNumber() << ": ";
    });
    if (failed(stored))
      return failure();
    int64_t id = createId(host);
    lastEntryDefine = apsim::DefineOp::create(builder, argument.getLoc(), id,
                                              getDeviceRef(host),
                                              stored->format, stored->bytes);
    recordBuffer(id, lastEntryDefine, {argument});
  }
  return success();
}

LogicalResult FunctionConverter::convertKernel(const FusedKernel &kernel) {
  Operation *anchor = kernel.anchor;
  unsigned device = getDevice(anchor);
  const DeviceModel &deviceModel = target.getDevice(device);
  llvm::SmallPtrSet<Operation *, 4> members(kernel.members.begin(),
                                            kernel.members.end());
  // Whether `value`, read by a member, is made by a member (through views).
  auto isMadeInside = [&](Value value) {
    while (Operation *def = value.getDefiningOp()) {
      if (members.contains(def))
        return true;
      if (!isView(def))
        return false;
      value = def->getOperand(0);
    }
    return false;
  };
  // Whether every reader of `value`, a member's result, is a member.
  auto isReadInsideOnly = [&](Value value) {
    SmallVector<Operation *> readers;
    collectReaders(value, readers);
    return !readers.empty() && llvm::all_of(readers, [&](Operation *reader) {
      return members.contains(reader);
    });
  };

  // The launch works in the tier of the slowest weights it reads on this
  // device (ap-partition places weights in tiers with `ap.memory`), or in
  // a faster one the cost model chooses.
  std::optional<unsigned> weightTier;
  for (Operation *member : kernel.members)
    for (Value operand : member->getOperands()) {
      Operation *constant = getViewRoot(operand).getDefiningOp();
      if (!constant || !constant->hasTrait<OpTrait::ConstantLike>())
        continue;
      if (std::optional<unsigned> tier = getWeightTier(constant, device))
        weightTier = std::max(weightTier.value_or(0), *tier);
    }
  FailureOr<PricedKernel> priced = priceFusedKernel(
      kernel, device, weightTier, model, keys,
      [&](InFlightDiagnostic &diagnostic, Operation *member,
          Precision precision) {
        if (devices.count(member))
          return;
        diagnostic.attachNote()
            << "the op has no ap.placement, so it runs on the target's "
               "default device '"
            << deviceModel.name << "': place it on a device that computes at '"
            << stringifyPrecision(precision)
            << "', or assign it a precision this device computes at";
      });
  if (failed(priced))
    return failure();

  std::string key = keys.lookup(anchor);
  SmallVector<int64_t> reads;
  for (Operation *member : kernel.members) {
    std::string memberKey = keys.lookup(member);
    for (OpOperand &operand : member->getOpOperands()) {
      if (!isa<RankedTensorType>(operand.get().getType()) ||
          isMadeInside(operand.get()))
        continue;
      // Copies are made before the anchor, or before a prologue that reads
      // them, which comes first.
      FailureOr<Read> read =
          readOn(operand.get(), device, member,
                 memberKey + ".in" + Twine(operand.getOperandNumber()),
                 member->isBeforeInBlock(anchor) ? member : anchor);
      if (failed(read))
        return failure();
      // The launch reads it: a prologue's read ends there, not at the
      // prologue's op.
      if (read->id)
        getBuffer(*read->id).readers.push_back(anchor);
      if (read->value != operand.get())
        operand.set(read->value);
      if (read->id && !llvm::is_contained(reads, *read->id))
        reads.push_back(*read->id);
    }
  }

  SmallVector<int64_t> writeIds, writeBytes;
  SmallVector<apsim::Format> writeFormats;
  for (Operation *member : kernel.members) {
    for (OpResult result : member->getResults()) {
      if (!isa<RankedTensorType>(result.getType()) || isReadInsideOnly(result))
        continue;
      FailureOr<StoredTensor> stored =
          describe(result.getType(), [&] { return member->emitError(); });
      if (failed(stored))
        return failure();
      int64_t id;
      if (auto preset = presetIds.find(result); preset != presetIds.end()) {
        // Yielded by a variant: written to the switch point's result.
        id = preset->second;
        data[result] = {ValueData::Kind::Buffer, id, nullptr};
        presetWritten.insert(result);
      } else {
        id = createId(device);
        recordBuffer(id, member, {result});
      }
      writeIds.push_back(id);
      writeBytes.push_back(stored->bytes);
      writeFormats.push_back(stored->format);
    }
  }

  const Cost &cost = priced->cost;
  unsigned tier = cost.memory.value_or(deviceModel.memories.size() - 1);
  auto costAttr = apsim::CostAttr::get(
      context, cost.time, cost.computeTime, cost.memoryTime, cost.overheadTime,
      cost.dynamicEnergy, cost.staticEnergy, cost.ops, cost.bytesRead,
      cost.bytesWritten);
  builder.setInsertionPoint(anchor);
  apsim::LaunchOp::create(builder, anchor->getLoc(), key,
                          getTierRef(device, tier), priced->precision,
                          priced->accumulator, reads, writeIds, writeBytes,
                          writeFormats, costAttr);
  return success();
}

LogicalResult FunctionConverter::convertTransfer(TransferOp op) {
  auto emitError = [&] { return op->emitError(); };
  std::optional<Endpoint> from = target.lookupEndpoint(op.getFrom());
  std::optional<Endpoint> to = target.lookupEndpoint(op.getTo());
  if (!from || !to)
    return emitError() << "transfer endpoint "
                       << (from ? op.getTo() : op.getFrom())
                       << " is not in the target";
  std::string key = keys.lookup(op);
  // Priced as the runtime will price it, so that a transfer it would reject
  // (no route carries the wire precision, a device cannot convert) is an
  // error now.
  if (failed(
          getOpCost(cast<CostOpInterface>(op.getOperation()), key, model,
                    ExecutionConfig{from->device, std::nullopt, std::nullopt},
                    emitError)))
    return failure();

  FailureOr<Read> read = readOn(op.getInput(), from->device, op, key + ".in0");
  if (failed(read))
    return failure();
  builder.setInsertionPoint(op);
  std::optional<int64_t> source = read->id;
  Operation *sourceDefine = nullptr;
  if (!source) {
    // Data the conversion does not track (a loop's result): it exists now,
    // where the transfer takes it from.
    FailureOr<StoredTensor> stored =
        describe(op.getInput().getType(), emitError);
    if (failed(stored))
      return failure();
    source = createId(from->device);
    sourceDefine =
        apsim::DefineOp::create(builder, op.getLoc(), *source, op.getFrom(),
                                stored->format, stored->bytes);
    recordBuffer(*source, sourceDefine, {});
  }
  RankedTensorType type = op.getResult().getType();
  if (!type.hasStaticShape())
    return emitError() << "cannot simulate a buffer of dynamic shape " << type
                       << "; the simulated buffers need static shapes";
  Value init =
      tensor::EmptyOp::create(builder, op.getLoc(), type.getShape(),
                              type.getElementType(), type.getEncoding());
  int64_t destination = createId(to->device);
  auto dma = apsim::DmaOp::create(builder, op.getLoc(), type,
                                  builder.getStringAttr(key), read->value, init,
                                  op.getFrom(), op.getTo(), op.getViaAttr(),
                                  op.getWire(), *source, destination);
  if (sourceDefine)
    getBuffer(*source).readers.push_back(dma);
  op.getResult().replaceAllUsesWith(dma.getResult());
  recordBuffer(destination, dma, {dma.getResult()});
  op.erase();
  return success();
}

LogicalResult FunctionConverter::convertProbe(ProbeOp op) {
  for (Value value : {op.getInput(), op.getReference()}) {
    if (!value)
      continue;
    Type element = cast<ShapedType>(value.getType()).getElementType();
    if (!getPrecision(element))
      return op.emitError()
             << "cannot probe values of type " << element
             << " on a simulated device: the runtime reads formats of the "
                "target (run ap-lower-numerics first for quantized types)";
  }
  if (std::optional<Type> as = op.getAsType()) {
    Type storage = *as;
    if (auto quantized = dyn_cast<quant::UniformQuantizedType>(*as))
      storage = quantized.getStorageType();
    if (!getPrecision(storage))
      return op.emitError() << "cannot evaluate a probe as " << *as
                            << " on a simulated device: its storage type is "
                               "not a format of the target";
  }
  builder.setInsertionPoint(op);
  apsim::ProbeOp::create(builder, op.getLoc(), op.getMetric(), op.getInput(),
                         op.getReference(), op.getAsTypeAttr(), op.getIdAttr(),
                         op.getSiteAttr(), op.getSampleRateAttr(),
                         getDeviceRef(getDevice(op)));
  op.erase();
  return success();
}

LogicalResult FunctionConverter::convertObserve(ObserveOp op) {
  Value input = op.getInput();
  Type element = cast<ShapedType>(input.getType()).getElementType();
  if (!getPrecision(element))
    return op.emitError()
           << "cannot observe values of type " << element
           << " on a simulated device: the runtime reads formats of the "
              "target (observe a quantized value after ap.dequantize)";
  // Where the value lives: the device of its buffer, else (a constant, data
  // the conversion does not track) the observation's own device.
  unsigned device = getDevice(op);
  auto it = data.find(input);
  if (it != data.end() && it->second.kind == ValueData::Kind::Buffer)
    device = bufferDevices[it->second.id - firstId];
  builder.setInsertionPoint(op);
  apsim::ObserveOp::create(builder, op.getLoc(), input, op.getIdAttr(),
                           getDeviceRef(device));
  op.erase();
  return success();
}

LogicalResult FunctionConverter::convertReturn(Operation *op) {
  unsigned host = target.getHost();
  for (OpOperand &operand : op->getOpOperands()) {
    Value value = operand.get();
    auto it = data.find(value);
    // Constants are part of the host program; untracked data has no buffer.
    if (it == data.end() || it->second.kind != ValueData::Kind::Buffer)
      continue;
    FailureOr<Read> read = readOn(value, host, op,
                                  function.getName() + ".result" +
                                      Twine(operand.getOperandNumber()));
    if (failed(read))
      return failure();
    operand.set(read->value);
  }
  builder.setInsertionPoint(op);
  apsim::WaitOp::create(builder, op->getLoc(), FlatSymbolRefAttr());
  return success();
}

LogicalResult FunctionConverter::convertCall(CallOpInterface call) {
  // A converted callee defines its arguments on the host: the caller's data
  // goes there first, as for a return.
  unsigned host = target.getHost();
  std::string callee = "call";
  if (auto symbol = dyn_cast<SymbolRefAttr>(call.getCallableForCallee()))
    callee = symbol.getLeafReference().str();
  for (OpOperand &operand : call->getOpOperands()) {
    if (!isa<RankedTensorType>(operand.get().getType()))
      continue;
    FailureOr<Read> read =
        readOn(operand.get(), host, call,
               callee + ".arg" + Twine(operand.getOperandNumber()));
    if (failed(read))
      return failure();
    if (read->value != operand.get())
      operand.set(read->value);
  }
  return success();
}

void FunctionConverter::prepareSwitchPoint(SwitchPointOps &point) {
  scf::IndexSwitchOp variants = point.variants;
  for (OpResult result : variants->getResults()) {
    if (!isa<RankedTensorType>(result.getType()))
      continue;
    int64_t id = createId(point.device);
    recordBuffer(id, variants, {result});
    // Each variant writes the result's id from the value it yields, once: a
    // value yielded twice writes the first result, and the second is
    // defined (finishSwitchPoint).
    for (unsigned index = 0, e = variants.getNumRegions(); index < e; ++index) {
      Value yielded =
          point.getVariantRegion(index).front().getTerminator()->getOperand(
              result.getResultNumber());
      if (yielded.getParentRegion() == &point.getVariantRegion(index))
        presetIds.try_emplace(yielded, id);
    }
  }
}

std::optional<unsigned>
FunctionConverter::getDeviceOf(SymbolRefAttr endpoint) const {
  return target.lookupDevice(endpoint.getRootReference().getValue());
}

std::pair<std::optional<apsim::Format>, std::optional<apsim::Format>>
FunctionConverter::getNeighbourPrecisions(SwitchPointOps &point) {
  // The precisions `point.device` is configured for, in program order, by
  // the launches and switches outside every switch point; a switch point
  // using the device is unknown (nullopt) at run time.
  SmallVector<std::optional<apsim::Format>> sequence;
  std::optional<size_t> position;
  llvm::DenseSet<Operation *> pointOps;
  for (SwitchPointOps &other : switchPoints)
    pointOps.insert(other.variants);
  function.getFunctionBody().walk<WalkOrder::PreOrder>([&](Operation *op) {
    if (op == point.variants.getOperation()) {
      position = sequence.size();
      return WalkResult::skip();
    }
    if (pointOps.contains(op)) {
      auto other = llvm::find_if(switchPoints, [&](SwitchPointOps &candidate) {
        return candidate.variants.getOperation() == op;
      });
      if (other->device == point.device)
        sequence.push_back(std::nullopt);
      return WalkResult::skip();
    }
    if (auto launch = dyn_cast<apsim::LaunchOp>(op)) {
      apsim::Format precision = apsim::getFormat(launch.getPrecision());
      if (precision != apsim::Format::Opaque &&
          getDeviceOf(launch.getEndpoint()) == point.device)
        sequence.push_back(precision);
    } else if (auto explicitSwitch = dyn_cast<apsim::SwitchOp>(op)) {
      if (getDeviceOf(explicitSwitch.getDeviceAttr()) == point.device)
        sequence.push_back(apsim::getFormat(explicitSwitch.getPrecision()));
    }
    return WalkResult::advance();
  });
  if (!position || sequence.empty())
    return {std::nullopt, std::nullopt};
  // Inferences repeat the function: before the first configuration comes
  // the last of the previous call, after the last the first of the next.
  std::optional<apsim::Format> before =
      *position > 0 ? sequence[*position - 1] : sequence.back();
  std::optional<apsim::Format> after =
      *position < sequence.size() ? sequence[*position] : sequence.front();
  return {before, after};
}

LogicalResult FunctionConverter::finishSwitchPoint(SwitchPointOps &point) {
  scf::IndexSwitchOp variants = point.variants;
  // A variant that yields a value no kernel of its own wrote (an operand,
  // a constant, a value yielded twice) defines the result's id.
  for (unsigned index = 0, e = variants.getNumRegions(); index < e; ++index) {
    Operation *yield = point.getVariantRegion(index).front().getTerminator();
    for (OpResult result : variants->getResults()) {
      if (!isa<RankedTensorType>(result.getType()))
        continue;
      Value yielded = yield->getOperand(result.getResultNumber());
      int64_t id = data.lookup(result).id;
      if (presetWritten.contains(yielded) && presetIds.lookup(yielded) == id)
        continue;
      FailureOr<StoredTensor> stored =
          describe(result.getType(), [&] { return variants->emitError(); });
      if (failed(stored))
        return failure();
      builder.setInsertionPoint(yield);
      apsim::DefineOp::create(builder, variants.getLoc(), id,
                              getDeviceRef(point.device), stored->format,
                              stored->bytes);
    }
  }

  // The figures of each variant: the sum of its launches, and the
  // precision switches it causes on its device, where the device runs at
  // `before` when the variant starts and at `after` once it ends.
  auto [before, after] = getNeighbourPrecisions(point);
  double switchTime = model.getSwitchTime(point.device);
  unsigned count = variants.getNumRegions();
  SmallVector<double> times(count, 0), energies(count, 0);
  SmallVector<int64_t> bytes(count, 0);
  for (unsigned index = 0; index < count; ++index) {
    std::optional<apsim::Format> current = before;
    unsigned switches = 0;
    auto configure = [&](apsim::Format precision) {
      if (precision == apsim::Format::Opaque)
        return;
      if (current && *current != precision)
        ++switches;
      current = precision;
    };
    point.getVariantRegion(index).walk([&](apsim::LaunchOp launch) {
      apsim::CostAttr cost = launch.getCost();
      times[index] += cost.getTime().convertToDouble();
      energies[index] += cost.getDynamicEnergy().convertToDouble();
      bytes[index] =
          saturatingAdd(bytes[index], saturatingAdd(cost.getBytesRead(),
                                                    cost.getBytesWritten()));
      if (getDeviceOf(launch.getEndpoint()) == point.device)
        configure(apsim::getFormat(launch.getPrecision()));
    });
    if (after)
      configure(*after);
    times[index] += switches * switchTime;
  }
  point.select.setTimes(times);
  point.select.setEnergies(energies);
  point.select.setBytes(bytes);
  return success();
}

LogicalResult FunctionConverter::run() {
  // Keys first, as ap-cost-report and profiles number the ops of the input.
  keys = assignCostKeys(function);
  if (failed(resolveStructure(function, target, devices, switchPoints)) ||
      failed(defineArguments()))
    return failure();
  llvm::DenseMap<Operation *, unsigned> switchPointOf;
  for (auto [index, point] : llvm::enumerate(switchPoints))
    switchPointOf[point.variants] = index;

  fusion = fuseKernels(function, devices, target.getDefaultDevice(),
                       fuseKernelsEnabled);

  // The ops in program order; the bodies of kernels are scalar code.
  SmallVector<Operation *> ops;
  function.getFunctionBody().walk<WalkOrder::PreOrder>([&](Operation *op) {
    ops.push_back(op);
    if (isa<CostOpInterface, linalg::LinalgOp>(op))
      return WalkResult::skip();
    return WalkResult::advance();
  });

  for (Operation *op : ops) {
    LogicalResult converted = success();
    if (isView(op)) {
      auto it = data.find(op->getOperand(0));
      if (it != data.end())
        data[op->getResult(0)] = it->second;
    } else if (op->hasTrait<OpTrait::ConstantLike>() &&
               op->getNumResults() == 1 &&
               isa<RankedTensorType>(op->getResult(0).getType())) {
      data[op->getResult(0)] = {ValueData::Kind::Constant, 0, op};
    } else if (auto transfer = dyn_cast<TransferOp>(op)) {
      converted = convertTransfer(transfer);
    } else if (isKernel(op)) {
      // A fused kernel is launched before its anchor; its other members
      // were converted with it.
      const FusedKernel &kernel = fusion.kernels[fusion.groupOf.lookup(op)];
      if (kernel.anchor == op)
        converted = convertKernel(kernel);
    } else if (auto it = switchPointOf.find(op); it != switchPointOf.end()) {
      prepareSwitchPoint(switchPoints[it->second]);
    } else if (auto probe = dyn_cast<ProbeOp>(op)) {
      converted = convertProbe(probe);
    } else if (auto observe = dyn_cast<ObserveOp>(op)) {
      converted = convertObserve(observe);
    } else if (auto call = dyn_cast<CallOpInterface>(op)) {
      converted = convertCall(call);
    } else if (op->hasTrait<OpTrait::ReturnLike>() &&
               op->getParentOp() == function.getOperation()) {
      converted = convertReturn(op);
    }
    if (failed(converted))
      return failure();
  }

  for (SwitchPointOps &point : switchPoints)
    if (failed(finishSwitchPoint(point)))
      return failure();
  insertReleases(buffers);
  return success();
}

//===----------------------------------------------------------------------===//
// The pass
//===----------------------------------------------------------------------===//

/// The smallest id above every buffer the module's apsim ops already create
/// (in functions converted before, or written by hand).
static int64_t firstUnusedId(ModuleOp module) {
  int64_t next = 0;
  auto see = [&](int64_t id) { next = std::max(next, id + 1); };
  module.walk([&](Operation *op) {
    if (auto define = dyn_cast<apsim::DefineOp>(op))
      see(define.getId());
    else if (auto launch = dyn_cast<apsim::LaunchOp>(op))
      llvm::for_each(launch.getWriteIds(), see);
    else if (auto dma = dyn_cast<apsim::DmaOp>(op))
      see(dma.getDestination());
  });
  return next;
}

namespace {
struct ConvertAPToAPSimPass
    : public ap::impl::ConvertAPToAPSimBase<ConvertAPToAPSimPass> {
  using Base::Base;

  void runOnOperation() override {
    ModuleOp module = getOperation();
    FailureOr<TargetModel> target =
        TargetModel::forModule(module, "convert-ap-to-apsim");
    if (failed(target))
      return signalPassFailure();
    CostModel model(std::move(*target));

    bool failedAny = false;
    int64_t nextId = firstUnusedId(module);
    for (auto function : module.getOps<FunctionOpInterface>()) {
      if (function.isExternal())
        continue;
      // A function that already talks to the simulator (converted before,
      // or written against apsim by hand) is left as it is: the pass is
      // idempotent, and hand-written ids are not renumbered.
      if (function
              ->walk([](Operation *op) {
                return isa<apsim::APSimDialect>(op->getDialect())
                           ? WalkResult::interrupt()
                           : WalkResult::advance();
              })
              .wasInterrupted())
        continue;
      FunctionConverter converter(function, model, nextId, fuseKernels);
      if (failed(converter.run()))
        failedAny = true;
      nextId = converter.getEndId();
    }
    if (failedAny)
      signalPassFailure();
  }
};
} // namespace
