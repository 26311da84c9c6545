//===- APSimToLLVM.cpp - apsim ops to calls of the runtime ----------------===//
//
// Part of the ap project: an adaptive-precision compiler built on MLIR.
//
//===----------------------------------------------------------------------===//
//
// Lowers every apsim op, in memref form (after bufferization), to one call of
// the C ABI of libap_runtime (runtime/include/ap_runtime.h):
//
//   apsim.define   -> ap_rt_define(id, device, memory, format, bytes)
//   apsim.launch   -> ap_rt_launch(&info)     info: a constant global
//   apsim.dma      -> ap_rt_transfer(&info, source, destination)
//   apsim.release  -> ap_rt_release(id)
//   apsim.switch   -> ap_rt_switch(device, precision)
//   apsim.wait     -> ap_rt_wait(device or -1)
//   apsim.probe    -> ap_rt_probe(&info, data, reference or null)
//   apsim.select   -> ap_rt_select(&info), the variant's index
//   apsim.observe  -> ap_rt_observe(&info, data)
//
// The info structures are constant globals with the exact C layout of
// ap_rt_launch_info, ap_rt_transfer_info, ap_rt_probe_info and
// ap_rt_observe_info (their strings and arrays are globals too). Device, memory
// tier and link names become indices into the enclosing `#ap.target`, in its
// order, which is the order in which the runtime reads the same target
// description.
//
// The runtime reads and writes contiguous data: a memref with an identity
// or a contiguous strided layout is passed as its aligned pointer plus its
// offset; any other is first copied (memrefCopy, from the C runner
// utilities) into a temporary contiguous buffer, and for a destination
// copied back after the transfer.
//
//===----------------------------------------------------------------------===//

#include "ap/Conversion/APSimToLLVM/APSimToLLVM.h"
#include "ap/Conversion/Passes.h"

#include "ap/Dialect/AP/IR/APAttrs.h"
#include "ap/Dialect/AP/IR/APDialect.h"
#include "ap/Dialect/APSim/IR/APSimAttrs.h"
#include "ap/Dialect/APSim/IR/APSimDialect.h"
#include "ap/Dialect/APSim/IR/APSimOps.h"

#include "mlir/Conversion/ConvertToLLVM/ToLLVMInterface.h"
#include "mlir/Conversion/LLVMCommon/ConversionTarget.h"
#include "mlir/Conversion/LLVMCommon/MemRefBuilder.h"
#include "mlir/Conversion/LLVMCommon/Pattern.h"
#include "mlir/Conversion/LLVMCommon/TypeConverter.h"
#include "mlir/Dialect/LLVMIR/FunctionCallUtils.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/Quant/IR/QuantTypes.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/DialectRegistry.h"
#include "mlir/Transforms/DialectConversion.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/TypeSwitch.h"

namespace mlir::ap {
#define GEN_PASS_DEF_CONVERTAPSIMTOLLVM
#include "ap/Conversion/Passes.h.inc"
} // namespace mlir::ap

using namespace mlir;

//===----------------------------------------------------------------------===//
// Target indices
//===----------------------------------------------------------------------===//

namespace {
/// The names of the enclosing `#ap.target` resolved into the indices the
/// runtime uses: devices, a device's memory tiers and links, in the order of
/// the target description.
class TargetIndices {
public:
  /// The indices of the target enclosing `op`; reports on `op` when there is
  /// none.
  static FailureOr<TargetIndices> get(Operation *op) {
    ap::TargetAttr target = ap::TargetAttr::lookup(op);
    if (!target)
      return op->emitOpError(
          "needs an #ap.target on an enclosing module (the 'ap.target' "
          "attribute, see ap-attach-target) to resolve the device, memory "
          "and link indices of the runtime");
    return TargetIndices(op, target);
  }

  /// The index of the device `name`.
  FailureOr<int32_t> getDevice(StringRef name, StringRef role) const {
    for (auto [index, device] : llvm::enumerate(target.getDevices()))
      if (device.getName().getValue() == name)
        return static_cast<int32_t>(index);
    std::string names;
    for (ap::DeviceAttr device : target.getDevices())
      names += (names.empty() ? "'" : ", '") +
               device.getName().getValue().str() + "'";
    return op->emitOpError()
           << role << " names device '" << name
           << "', which the module's target does not have (devices: " << names
           << ")";
  }

  /// The device and memory tier indices of `endpoint` (`@device`, whose
  /// memory is -1 for the runtime: its last tier, or `@device::@tier`).
  FailureOr<std::pair<int32_t, int32_t>> getEndpoint(SymbolRefAttr endpoint,
                                                     StringRef role) const {
    FailureOr<int32_t> device =
        getDevice(endpoint.getRootReference().getValue(), role);
    if (failed(device))
      return failure();
    ArrayRef<FlatSymbolRefAttr> nested = endpoint.getNestedReferences();
    if (nested.empty())
      return std::make_pair(*device, int32_t(-1));
    ap::DeviceAttr model = target.getDevices()[*device];
    StringRef tier = nested.front().getValue();
    for (auto [index, memory] : llvm::enumerate(model.getMemories()))
      if (memory.getName().getValue() == tier)
        return std::make_pair(*device, static_cast<int32_t>(index));
    return op->emitOpError() << role << " names memory tier '" << tier
                             << "' of device '" << model.getName().getValue()
                             << "', which the module's target does not have";
  }

  /// The index of the link `name`.
  FailureOr<int32_t> getLink(StringRef name) const {
    for (auto [index, link] : llvm::enumerate(target.getLinks()))
      if (link.getName().getValue() == name)
        return static_cast<int32_t>(index);
    return op->emitOpError() << "names link '" << name
                             << "', which the module's target does not have";
  }

private:
  TargetIndices(Operation *op, ap::TargetAttr target)
      : op(op), target(target) {}

  Operation *op;
  ap::TargetAttr target;
};
} // namespace

//===----------------------------------------------------------------------===//
// Globals
//===----------------------------------------------------------------------===//

/// `text` with every character that is not a letter or a digit replaced by
/// '_', for symbol names that read well.
static std::string sanitize(StringRef text) {
  std::string result;
  for (char c : text)
    result.push_back(llvm::isAlnum(c) ? c : '_');
  return result;
}

/// A symbol name based on `base` that `module` does not define yet.
static std::string getUniqueName(ModuleOp module, StringRef base) {
  std::string name = base.str();
  for (unsigned suffix = 1; module.lookupSymbol(name); ++suffix)
    name = (base + "_" + Twine(suffix)).str();
  return name;
}

/// Creates a private constant global `base` (made unique) of `type`,
/// initialized with `value`, in the module of `user`, before the function
/// that holds `user` (so that globals appear in the order they are made).
static LLVM::GlobalOp createConstantGlobal(OpBuilder &builder, Location loc,
                                           Operation *user, StringRef base,
                                           Type type, Attribute value) {
  auto module = user->getParentOfType<ModuleOp>();
  OpBuilder::InsertionGuard guard(builder);
  builder.setInsertionPoint(module.getBody()->findAncestorOpInBlock(*user));
  return LLVM::GlobalOp::create(builder, loc, type, /*isConstant=*/true,
                                LLVM::Linkage::Private,
                                getUniqueName(module, base), value);
}

/// The null-terminated string `text` as a global (shared by every use of
/// the same text).
static LLVM::GlobalOp getOrCreateString(OpBuilder &builder, Location loc,
                                        Operation *user, StringRef text) {
  auto module = user->getParentOfType<ModuleOp>();
  std::string base = "__ap_rt_str_" + sanitize(text);
  std::string contents = (text + Twine('\0')).str();
  for (unsigned suffix = 0;; ++suffix) {
    std::string name =
        suffix ? (base + "_" + Twine(suffix)).str() : std::string(base);
    auto existing = module.lookupSymbol<LLVM::GlobalOp>(name);
    if (!existing)
      break;
    if (auto value = dyn_cast_or_null<StringAttr>(existing.getValueOrNull()))
      if (value.getValue() == contents)
        return existing;
  }
  auto type = LLVM::LLVMArrayType::get(
      IntegerType::get(builder.getContext(), 8), contents.size());
  return createConstantGlobal(builder, loc, user, base, type,
                              builder.getStringAttr(contents));
}

/// The integers `values` as a constant global array of `width`-bit
/// integers, or std::nullopt (a null pointer) when there are none.
static std::optional<LLVM::GlobalOp>
createIntArray(OpBuilder &builder, Location loc, Operation *user,
               StringRef base, ArrayRef<int64_t> values, unsigned width) {
  if (values.empty())
    return std::nullopt;
  auto elementType = IntegerType::get(builder.getContext(), width);
  auto tensorType =
      RankedTensorType::get({static_cast<int64_t>(values.size())}, elementType);
  SmallVector<APInt> integers;
  for (int64_t value : values)
    integers.emplace_back(width, value, /*isSigned=*/true);
  return createConstantGlobal(
      builder, loc, user, base,
      LLVM::LLVMArrayType::get(elementType, values.size()),
      DenseElementsAttr::get(tensorType, integers));
}

namespace {
/// The fields of an info structure, in order: each an i32 or i64 integer
/// attribute, an f64 float attribute, or a pointer (the address of a global,
/// or null).
class InfoFields {
public:
  explicit InfoFields(MLIRContext *context) : context(context) {}

  InfoFields &addI32(int64_t value) {
    values.push_back(IntegerAttr::get(IntegerType::get(context, 32), value));
    return *this;
  }
  InfoFields &addI64(int64_t value) {
    values.push_back(IntegerAttr::get(IntegerType::get(context, 64), value));
    return *this;
  }
  InfoFields &addF64(double value) {
    values.push_back(FloatAttr::get(Float64Type::get(context), value));
    return *this;
  }
  /// The address of `global`, or null.
  InfoFields &addPointer(std::optional<LLVM::GlobalOp> global) {
    values.push_back(global ? Attribute(FlatSymbolRefAttr::get(
                                  context, global->getSymName()))
                            : Attribute(UnitAttr::get(context)));
    return *this;
  }

  /// The LLVM structure type of the fields: the C layout of the structure
  /// (natural alignment, no packing).
  LLVM::LLVMStructType getType() const {
    SmallVector<Type> types;
    for (Attribute value : values) {
      if (auto integer = dyn_cast<IntegerAttr>(value))
        types.push_back(integer.getType());
      else if (auto real = dyn_cast<FloatAttr>(value))
        types.push_back(real.getType());
      else
        types.push_back(LLVM::LLVMPointerType::get(context));
    }
    return LLVM::LLVMStructType::getLiteral(context, types);
  }

  /// Creates the structure as a constant global `base` (see
  /// createConstantGlobal).
  LLVM::GlobalOp createGlobal(OpBuilder &builder, Location loc, Operation *user,
                              StringRef base) const {
    LLVM::LLVMStructType type = getType();
    LLVM::GlobalOp global =
        createConstantGlobal(builder, loc, user, base, type, Attribute());
    OpBuilder::InsertionGuard guard(builder);
    builder.createBlock(&global.getInitializerRegion());
    Value structure = LLVM::PoisonOp::create(builder, loc, type);
    auto pointerType = LLVM::LLVMPointerType::get(context);
    for (auto [index, value] : llvm::enumerate(values)) {
      Value field;
      if (auto symbol = dyn_cast<FlatSymbolRefAttr>(value))
        field = LLVM::AddressOfOp::create(builder, loc, pointerType, symbol);
      else if (isa<UnitAttr>(value))
        field = LLVM::ZeroOp::create(builder, loc, pointerType);
      else
        field = LLVM::ConstantOp::create(builder, loc, cast<TypedAttr>(value));
      structure =
          LLVM::InsertValueOp::create(builder, loc, structure, field, index);
    }
    LLVM::ReturnOp::create(builder, loc, structure);
    return global;
  }

  /// The index the next field gets.
  unsigned getNextIndex() const { return values.size(); }

private:
  MLIRContext *context;
  SmallVector<Attribute> values;
};
} // namespace

//===----------------------------------------------------------------------===//
// Memrefs
//===----------------------------------------------------------------------===//

/// Whether the elements of `type` are contiguous in row-major order, as its
/// layout tells statically (identity, or strides equal to the products of
/// the inner sizes; dimensions of size 1 have any stride).
static bool isContiguous(MemRefType type) {
  if (type.getLayout().isIdentity())
    return true;
  SmallVector<int64_t> strides;
  int64_t offset;
  if (failed(type.getStridesAndOffset(strides, offset)))
    return false;
  std::optional<int64_t> expected = 1;
  for (int64_t dim = type.getRank() - 1; dim >= 0; --dim) {
    int64_t size = type.getDimSize(dim);
    if (size == 1)
      continue;
    if (!expected || ShapedType::isDynamic(strides[dim]) ||
        strides[dim] != *expected)
      return false;
    if (ShapedType::isDynamic(size))
      expected.reset();
    else
      *expected *= size;
  }
  return true;
}

namespace {
/// The common part of the lowerings: runtime functions, element counts,
/// contiguous pointers and copies.
template <typename OpTy>
class APSimOpLowering : public ConvertOpToLLVMPattern<OpTy> {
public:
  using ConvertOpToLLVMPattern<OpTy>::ConvertOpToLLVMPattern;
  using Base = ConvertOpToLLVMPattern<OpTy>;

protected:
  /// Calls the runtime function `name` (returning void) with `arguments`,
  /// declaring it first if needed.
  LogicalResult callRuntime(ConversionPatternRewriter &rewriter, Operation *op,
                            StringRef name, ValueRange arguments) const {
    SmallVector<Type> types(arguments.getTypes());
    FailureOr<LLVM::LLVMFuncOp> function = LLVM::lookupOrCreateFn(
        rewriter, op->template getParentOfType<ModuleOp>(), name, types,
        LLVM::LLVMVoidType::get(rewriter.getContext()));
    if (failed(function))
      return failure();
    LLVM::CallOp::create(rewriter, op->getLoc(), *function, arguments);
    return success();
  }

  Value createI32(ConversionPatternRewriter &rewriter, Location loc,
                  int64_t value) const {
    return LLVM::ConstantOp::create(rewriter, loc, rewriter.getI32Type(),
                                    rewriter.getI32IntegerAttr(value));
  }
  Value createI64(ConversionPatternRewriter &rewriter, Location loc,
                  int64_t value) const {
    return LLVM::ConstantOp::create(rewriter, loc, rewriter.getI64Type(),
                                    rewriter.getI64IntegerAttr(value));
  }

  /// The number of elements of the memref `descriptor` of `type`, as an i64
  /// (from the descriptor's sizes when the shape is dynamic).
  Value getElementCount(ConversionPatternRewriter &rewriter, Location loc,
                        MemRefType type, Value descriptor) const {
    if (type.hasStaticShape())
      return createI64(rewriter, loc, type.getNumElements());
    MemRefDescriptor memref(descriptor);
    Value count = createI64(rewriter, loc, 1);
    for (int64_t dim = 0; dim < type.getRank(); ++dim) {
      Value size = memref.size(rewriter, loc, dim);
      if (size.getType() != rewriter.getI64Type())
        size = LLVM::SExtOp::create(rewriter, loc, rewriter.getI64Type(), size);
      count = LLVM::MulOp::create(rewriter, loc, count, size);
    }
    return count;
  }

  /// The address of the info global `global`, whose field `elementsField` is
  /// the element count: the global itself when the count is static, else a
  /// copy of it on the stack with the count filled in (the caller saves and
  /// restores the stack around the call).
  Value getInfoPointer(ConversionPatternRewriter &rewriter, Location loc,
                       LLVM::GlobalOp global, bool staticCount,
                       unsigned elementsField, Value elements) const {
    auto pointerType = LLVM::LLVMPointerType::get(rewriter.getContext());
    Value address = LLVM::AddressOfOp::create(rewriter, loc, global);
    if (staticCount)
      return address;
    Type type = global.getType();
    Value info = LLVM::LoadOp::create(rewriter, loc, type, address);
    info = LLVM::InsertValueOp::create(rewriter, loc, info, elements,
                                       elementsField);
    Value one = createI64(rewriter, loc, 1);
    Value copy = LLVM::AllocaOp::create(rewriter, loc, pointerType, type, one);
    LLVM::StoreOp::create(rewriter, loc, info, copy);
    return copy;
  }

  /// A contiguous temporary buffer (malloc) for the elements of the memref
  /// `descriptor` of `type`, and the descriptor of it with an identity
  /// layout.
  FailureOr<std::pair<Value, Value>>
  allocateContiguous(ConversionPatternRewriter &rewriter, Operation *op,
                     MemRefType type, Value descriptor, Value count) const {
    Location loc = op->getLoc();
    auto module = op->template getParentOfType<ModuleOp>();
    Type indexType = this->getIndexType();
    FailureOr<LLVM::LLVMFuncOp> malloc =
        LLVM::lookupOrCreateMallocFn(rewriter, module, indexType);
    if (failed(malloc))
      return failure();
    Value elementBytes =
        this->getSizeInBytes(loc, type.getElementType(), rewriter);
    Value countIndex = count;
    if (indexType != count.getType())
      countIndex = LLVM::TruncOp::create(rewriter, loc, indexType, count);
    Value bytes = LLVM::MulOp::create(rewriter, loc, countIndex, elementBytes);
    Value buffer =
        LLVM::CallOp::create(rewriter, loc, *malloc, ValueRange{bytes})
            .getResult();

    auto identityType =
        MemRefType::get(type.getShape(), type.getElementType(),
                        MemRefLayoutAttrInterface(), type.getMemorySpace());
    Type descriptorType = this->getTypeConverter()->convertType(identityType);
    if (!descriptorType)
      return failure();
    MemRefDescriptor source(descriptor);
    auto contiguous = MemRefDescriptor::poison(rewriter, loc, descriptorType);
    contiguous.setAllocatedPtr(rewriter, loc, buffer);
    contiguous.setAlignedPtr(rewriter, loc, buffer);
    contiguous.setOffset(
        rewriter, loc,
        this->createIndexAttrConstant(rewriter, loc, indexType, 0));
    Value stride = this->createIndexAttrConstant(rewriter, loc, indexType, 1);
    for (int64_t dim = type.getRank() - 1; dim >= 0; --dim) {
      Value size = source.size(rewriter, loc, dim);
      contiguous.setSize(rewriter, loc, dim, size);
      contiguous.setStride(rewriter, loc, dim, stride);
      stride = LLVM::MulOp::create(rewriter, loc, stride, size);
    }
    return std::make_pair(buffer, Value(contiguous));
  }

  /// Copies the memref `from` into the memref `to`, both of shape and
  /// element type of `type` (layouts may differ), with memrefCopy.
  LogicalResult copyMemRef(ConversionPatternRewriter &rewriter, Operation *op,
                           MemRefType type, Value from, Value to) const {
    Location loc = op->getLoc();
    const LLVMTypeConverter &converter = *this->getTypeConverter();
    auto unrankedType =
        UnrankedMemRefType::get(type.getElementType(), type.getMemorySpace());
    Value rank = this->createIndexAttrConstant(
        rewriter, loc, this->getIndexType(), type.getRank());
    auto pointerType = LLVM::LLVMPointerType::get(rewriter.getContext());
    Value one =
        this->createIndexAttrConstant(rewriter, loc, this->getIndexType(), 1);
    // memrefCopy takes pointers to unranked descriptors, which point to the
    // ranked ones: all on the stack.
    auto promote = [&](Value ranked) {
      Value pointer =
          converter.promoteOneMemRefDescriptor(loc, ranked, rewriter);
      Value unranked = UnrankedMemRefDescriptor::pack(
          rewriter, loc, converter, unrankedType, ValueRange{rank, pointer});
      Value slot = LLVM::AllocaOp::create(rewriter, loc, pointerType,
                                          unranked.getType(), one);
      LLVM::StoreOp::create(rewriter, loc, unranked, slot);
      return slot;
    };
    Value source = promote(from);
    Value destination = promote(to);
    Value elementBytes =
        this->getSizeInBytes(loc, type.getElementType(), rewriter);
    FailureOr<LLVM::LLVMFuncOp> copy = LLVM::lookupOrCreateMemRefCopyFn(
        rewriter, op->template getParentOfType<ModuleOp>(),
        this->getIndexType(), pointerType);
    if (failed(copy))
      return failure();
    LLVM::CallOp::create(rewriter, loc, *copy,
                         ValueRange{elementBytes, source, destination});
    return success();
  }

  /// Frees `buffer` (allocated by allocateContiguous).
  LogicalResult freeBuffer(ConversionPatternRewriter &rewriter, Operation *op,
                           Value buffer) const {
    FailureOr<LLVM::LLVMFuncOp> free = LLVM::lookupOrCreateFreeFn(
        rewriter, op->template getParentOfType<ModuleOp>());
    if (failed(free))
      return failure();
    LLVM::CallOp::create(rewriter, op->getLoc(), *free, ValueRange{buffer});
    return success();
  }

  /// The contiguous data of a memref operand the runtime reads or writes.
  struct ContiguousData {
    /// The pointer to pass.
    Value pointer;
    /// The temporary buffer and its descriptor, for a non-contiguous memref.
    Value buffer, descriptor;
  };

  /// The contiguous data of the memref `descriptor` of `type`: its aligned
  /// pointer plus its offset when contiguous, else a temporary buffer, into
  /// which the memref is copied when `copyIn`.
  FailureOr<ContiguousData>
  getContiguousData(ConversionPatternRewriter &rewriter, Operation *op,
                    MemRefType type, Value descriptor, Value count,
                    bool copyIn) const {
    if (isContiguous(type)) {
      MemRefDescriptor memref(descriptor);
      return ContiguousData{memref.bufferPtr(rewriter, op->getLoc(),
                                             *this->getTypeConverter(), type),
                            Value(), Value()};
    }
    FailureOr<std::pair<Value, Value>> temporary =
        allocateContiguous(rewriter, op, type, descriptor, count);
    if (failed(temporary))
      return failure();
    if (copyIn &&
        failed(copyMemRef(rewriter, op, type, descriptor, temporary->second)))
      return failure();
    return ContiguousData{temporary->first, temporary->first,
                          temporary->second};
  }

  /// The memref type of `value`, or a failure reported on `op` (tensors
  /// must be bufferized first).
  static FailureOr<MemRefType> getMemRefType(Operation *op, Value value) {
    if (auto type = dyn_cast<MemRefType>(value.getType())) {
      // A cast to a less static layout (bufferization's, at the results of
      // branches) moves no data: the source's layout says where the
      // elements are, and may tell that they are contiguous.
      if (auto cast = value.getDefiningOp<memref::CastOp>())
        if (auto source = dyn_cast<MemRefType>(cast.getSource().getType());
            source && !isContiguous(type) && isContiguous(source))
          return source;
      return type;
    }
    return op->emitOpError("operates on tensors: bufferize it first "
                           "(one-shot-bufferize) so that it operates on "
                           "memrefs");
  }
};

//===----------------------------------------------------------------------===//
// Patterns
//===----------------------------------------------------------------------===//

/// apsim.define -> ap_rt_define(id, device, memory, format, bytes).
struct DefineOpLowering : public APSimOpLowering<apsim::DefineOp> {
  using APSimOpLowering::APSimOpLowering;

  LogicalResult
  matchAndRewrite(apsim::DefineOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    FailureOr<TargetIndices> target = TargetIndices::get(op);
    if (failed(target))
      return failure();
    FailureOr<std::pair<int32_t, int32_t>> endpoint =
        target->getEndpoint(op.getEndpoint(), "the buffer location");
    if (failed(endpoint))
      return failure();
    Location loc = op.getLoc();
    SmallVector<Value> arguments = {
        createI64(rewriter, loc, op.getId()),
        createI32(rewriter, loc, endpoint->first),
        createI32(rewriter, loc, endpoint->second),
        createI32(rewriter, loc, static_cast<int32_t>(op.getFormat())),
        createI64(rewriter, loc, op.getBytes())};
    if (failed(callRuntime(rewriter, op, "ap_rt_define", arguments)))
      return failure();
    rewriter.eraseOp(op);
    return success();
  }
};

/// apsim.launch -> ap_rt_launch(&info), info a constant ap_rt_launch_info.
struct LaunchOpLowering : public APSimOpLowering<apsim::LaunchOp> {
  using APSimOpLowering::APSimOpLowering;

  LogicalResult
  matchAndRewrite(apsim::LaunchOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    FailureOr<TargetIndices> target = TargetIndices::get(op);
    if (failed(target))
      return failure();
    FailureOr<std::pair<int32_t, int32_t>> endpoint =
        target->getEndpoint(op.getEndpoint(), "the launch location");
    if (failed(endpoint))
      return failure();

    Location loc = op.getLoc();
    std::string base = "__ap_rt_launch_" + sanitize(op.getName());
    LLVM::GlobalOp name = getOrCreateString(rewriter, loc, op, op.getName());
    SmallVector<int64_t> formats;
    for (apsim::Format format : op.getWriteFormats())
      formats.push_back(static_cast<int64_t>(format));
    std::optional<LLVM::GlobalOp> reads =
        createIntArray(rewriter, loc, op, base + "_reads", op.getReads(), 64);
    std::optional<LLVM::GlobalOp> writes = createIntArray(
        rewriter, loc, op, base + "_writes", op.getWriteIds(), 64);
    std::optional<LLVM::GlobalOp> writeBytes = createIntArray(
        rewriter, loc, op, base + "_write_bytes", op.getWriteBytes(), 64);
    std::optional<LLVM::GlobalOp> writeFormats =
        createIntArray(rewriter, loc, op, base + "_write_formats", formats, 32);

    apsim::CostAttr cost = op.getCost();
    std::optional<ap::Precision> accumulator = op.getAccumulator();
    InfoFields fields(getContext());
    fields.addPointer(name)
        .addI32(endpoint->first)
        .addI32(endpoint->second)
        .addI32(static_cast<int32_t>(apsim::getFormat(op.getPrecision())))
        .addI32(static_cast<int32_t>(accumulator
                                         ? apsim::getFormat(*accumulator)
                                         : apsim::Format::Opaque))
        .addF64(cost.getTime().convertToDouble())
        .addF64(cost.getComputeTime().convertToDouble())
        .addF64(cost.getMemoryTime().convertToDouble())
        .addF64(cost.getOverheadTime().convertToDouble())
        .addF64(cost.getDynamicEnergy().convertToDouble())
        .addF64(cost.getStaticEnergy().convertToDouble())
        .addI64(cost.getOps())
        .addI64(cost.getBytesRead())
        .addI64(cost.getBytesWritten())
        .addI32(op.getReads().size())
        .addI32(op.getWriteIds().size())
        .addPointer(reads)
        .addPointer(writes)
        .addPointer(writeBytes)
        .addPointer(writeFormats);
    LLVM::GlobalOp info = fields.createGlobal(rewriter, loc, op, base);
    Value address = LLVM::AddressOfOp::create(rewriter, loc, info);
    if (failed(callRuntime(rewriter, op, "ap_rt_launch", address)))
      return failure();
    rewriter.eraseOp(op);
    return success();
  }
};

/// apsim.dma (on memrefs) -> ap_rt_transfer(&info, source, destination),
/// info a constant ap_rt_transfer_info, the pointers contiguous data.
struct DmaOpLowering : public APSimOpLowering<apsim::DmaOp> {
  using APSimOpLowering::APSimOpLowering;

  /// The index of `elements` in ap_rt_transfer_info.
  static constexpr unsigned kElementsField = 11;

  LogicalResult
  matchAndRewrite(apsim::DmaOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    FailureOr<MemRefType> inputType = getMemRefType(op, op.getInput());
    if (failed(inputType))
      return failure();
    auto initType = cast<MemRefType>(op.getInit().getType());
    FailureOr<TargetIndices> target = TargetIndices::get(op);
    if (failed(target))
      return failure();
    FailureOr<std::pair<int32_t, int32_t>> from =
        target->getEndpoint(op.getFrom(), "the source");
    if (failed(from))
      return failure();
    FailureOr<std::pair<int32_t, int32_t>> to =
        target->getEndpoint(op.getTo(), "the destination");
    if (failed(to))
      return failure();
    int32_t link = -1;
    if (std::optional<StringRef> via = op.getVia()) {
      FailureOr<int32_t> index = target->getLink(*via);
      if (failed(index))
        return failure();
      link = *index;
    }
    apsim::Format sourceFormat = apsim::getFormat(inputType->getElementType());
    apsim::Format destinationFormat =
        apsim::getFormat(initType.getElementType());
    apsim::Format wireFormat =
        op.getWire() ? apsim::getFormat(*op.getWire()) : sourceFormat;

    Location loc = op.getLoc();
    bool staticCount = inputType->hasStaticShape();
    InfoFields fields(getContext());
    fields.addPointer(getOrCreateString(rewriter, loc, op, op.getName()))
        .addI64(op.getSource())
        .addI64(op.getDestination())
        .addI32(from->first)
        .addI32(from->second)
        .addI32(to->first)
        .addI32(to->second)
        .addI32(link)
        .addI32(static_cast<int32_t>(sourceFormat))
        .addI32(static_cast<int32_t>(wireFormat))
        .addI32(static_cast<int32_t>(destinationFormat));
    assert(fields.getNextIndex() == kElementsField && "layout changed");
    fields.addI64(staticCount ? inputType->getNumElements() : 0);
    // The channels of adaptive storage: the last dimension when static.
    int64_t channels = 1;
    if (inputType->getRank() > 0)
      channels = ShapedType::isDynamic(inputType->getShape().back())
                     ? 0
                     : inputType->getShape().back();
    fields.addI64(channels);
    LLVM::GlobalOp info = fields.createGlobal(
        rewriter, loc, op, "__ap_rt_transfer_" + sanitize(op.getName()));

    // Stack slots (descriptors for memrefCopy, a dynamic info) live until
    // the call.
    bool needsCopies = !isContiguous(*inputType) || !isContiguous(initType);
    bool usesStack = needsCopies || !staticCount;
    auto pointerType = LLVM::LLVMPointerType::get(getContext());
    Value stack;
    if (usesStack)
      stack = LLVM::StackSaveOp::create(rewriter, loc, pointerType);
    Value count =
        getElementCount(rewriter, loc, *inputType, adaptor.getInput());
    Value infoPointer =
        getInfoPointer(rewriter, loc, info, staticCount, kElementsField, count);
    FailureOr<ContiguousData> source = getContiguousData(
        rewriter, op, *inputType, adaptor.getInput(), count, /*copyIn=*/true);
    if (failed(source))
      return failure();
    FailureOr<ContiguousData> destination = getContiguousData(
        rewriter, op, initType, adaptor.getInit(), count, /*copyIn=*/false);
    if (failed(destination))
      return failure();
    if (failed(callRuntime(
            rewriter, op, "ap_rt_transfer",
            ValueRange{infoPointer, source->pointer, destination->pointer})))
      return failure();
    if (destination->buffer &&
        (failed(copyMemRef(rewriter, op, initType, destination->descriptor,
                           adaptor.getInit())) ||
         failed(freeBuffer(rewriter, op, destination->buffer))))
      return failure();
    if (source->buffer && failed(freeBuffer(rewriter, op, source->buffer)))
      return failure();
    if (usesStack)
      LLVM::StackRestoreOp::create(rewriter, loc, stack);
    rewriter.eraseOp(op);
    return success();
  }
};

/// apsim.probe (on memrefs) -> ap_rt_probe(&info, data, reference), info a
/// constant ap_rt_probe_info, the pointers contiguous data (reference null
/// when absent).
struct ProbeOpLowering : public APSimOpLowering<apsim::ProbeOp> {
  using APSimOpLowering::APSimOpLowering;

  /// The index of `elements` in ap_rt_probe_info.
  static constexpr unsigned kElementsField = 4;

  LogicalResult
  matchAndRewrite(apsim::ProbeOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    FailureOr<MemRefType> inputType = getMemRefType(op, op.getInput());
    if (failed(inputType))
      return failure();
    MemRefType referenceType;
    if (Value reference = op.getReference()) {
      FailureOr<MemRefType> type = getMemRefType(op, reference);
      if (failed(type))
        return failure();
      referenceType = *type;
    }
    FailureOr<TargetIndices> target = TargetIndices::get(op);
    if (failed(target))
      return failure();
    FailureOr<int32_t> device =
        target->getDevice(op.getDevice(), "the probed device");
    if (failed(device))
      return failure();

    Location loc = op.getLoc();
    bool staticCount = inputType->hasStaticShape();
    apsim::Format format = apsim::getFormat(inputType->getElementType());
    apsim::Format referenceFormat =
        referenceType ? apsim::getFormat(referenceType.getElementType())
                      : format;
    InfoFields fields(getContext());
    fields.addPointer(getOrCreateString(rewriter, loc, op, op.getId()))
        .addI32(static_cast<int32_t>(op.getMetric()))
        .addI32(static_cast<int32_t>(format))
        .addI32(static_cast<int32_t>(referenceFormat));
    assert(fields.getNextIndex() == kElementsField && "layout changed");
    // The format the metric is evaluated for, with its quantization.
    int32_t asFormat = 0;
    double asScale = 1;
    int64_t asZeroPoint = 0;
    if (std::optional<Type> as = op.getAsType()) {
      if (auto quantized = dyn_cast<quant::UniformQuantizedType>(*as)) {
        asFormat =
            static_cast<int32_t>(apsim::getFormat(quantized.getStorageType()));
        asScale = quantized.getScale();
        asZeroPoint = quantized.getZeroPoint();
      } else {
        asFormat = static_cast<int32_t>(apsim::getFormat(*as));
      }
    }
    std::optional<LLVM::GlobalOp> site;
    if (std::optional<StringRef> name = op.getSite())
      site = getOrCreateString(rewriter, loc, op, *name);
    fields.addI64(staticCount ? inputType->getNumElements() : 0)
        .addF64(op.getSampleRate().convertToDouble())
        .addI32(*device)
        .addI32(op.getAsType() ? 1 : 0)
        .addI32(asFormat)
        .addF64(asScale)
        .addI64(asZeroPoint)
        .addPointer(site);
    LLVM::GlobalOp info = fields.createGlobal(
        rewriter, loc, op, "__ap_rt_probe_" + sanitize(op.getId()));

    bool needsCopies = !isContiguous(*inputType) ||
                       (referenceType && !isContiguous(referenceType));
    bool usesStack = needsCopies || !staticCount;
    auto pointerType = LLVM::LLVMPointerType::get(getContext());
    Value stack;
    if (usesStack)
      stack = LLVM::StackSaveOp::create(rewriter, loc, pointerType);
    Value count =
        getElementCount(rewriter, loc, *inputType, adaptor.getInput());
    Value infoPointer =
        getInfoPointer(rewriter, loc, info, staticCount, kElementsField, count);
    FailureOr<ContiguousData> data = getContiguousData(
        rewriter, op, *inputType, adaptor.getInput(), count, /*copyIn=*/true);
    if (failed(data))
      return failure();
    FailureOr<ContiguousData> reference =
        referenceType
            ? getContiguousData(rewriter, op, referenceType,
                                adaptor.getReference(), count, /*copyIn=*/true)
            : ContiguousData{LLVM::ZeroOp::create(rewriter, loc, pointerType),
                             Value(), Value()};
    if (failed(reference))
      return failure();
    if (failed(callRuntime(
            rewriter, op, "ap_rt_probe",
            ValueRange{infoPointer, data->pointer, reference->pointer})))
      return failure();
    for (Value buffer : {data->buffer, reference->buffer})
      if (buffer && failed(freeBuffer(rewriter, op, buffer)))
        return failure();
    if (usesStack)
      LLVM::StackRestoreOp::create(rewriter, loc, stack);
    rewriter.eraseOp(op);
    return success();
  }
};

/// The doubles `values` as a constant global array, or std::nullopt (a null
/// pointer) when there are none.
static std::optional<LLVM::GlobalOp>
createF64Array(OpBuilder &builder, Location loc, Operation *user,
               StringRef base, ArrayRef<double> values) {
  if (values.empty())
    return std::nullopt;
  auto elementType = Float64Type::get(builder.getContext());
  auto tensorType =
      RankedTensorType::get({static_cast<int64_t>(values.size())}, elementType);
  return createConstantGlobal(
      builder, loc, user, base,
      LLVM::LLVMArrayType::get(elementType, values.size()),
      DenseElementsAttr::get(tensorType, values));
}

/// apsim.select -> ap_rt_select(&info), info a constant ap_rt_select_info;
/// its i32 result is the index of the variant.
struct SelectOpLowering : public APSimOpLowering<apsim::SelectOp> {
  using APSimOpLowering::APSimOpLowering;

  LogicalResult
  matchAndRewrite(apsim::SelectOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    FailureOr<TargetIndices> target = TargetIndices::get(op);
    if (failed(target))
      return failure();
    FailureOr<int32_t> device =
        target->getDevice(op.getDevice(), "the device of the switch point");
    if (failed(device))
      return failure();
    Location loc = op.getLoc();
    std::string base = "__ap_rt_select_" + sanitize(op.getId());
    SmallVector<int64_t> precisions;
    for (unsigned index = 0, e = op.getVariants().size(); index < e; ++index)
      precisions.push_back(static_cast<int64_t>(
          apsim::getFormat(op.getVariantPrecision(index))));
    InfoFields fields(getContext());
    fields.addPointer(getOrCreateString(rewriter, loc, op, op.getId()))
        .addI32(*device)
        .addI32(precisions.size())
        .addI32(op.getDefaultVariant())
        .addPointer(createIntArray(rewriter, loc, op, base + "_precisions",
                                   precisions, 32))
        .addPointer(
            createF64Array(rewriter, loc, op, base + "_losses", op.getLosses()))
        .addPointer(
            createF64Array(rewriter, loc, op, base + "_times", op.getTimes()))
        .addPointer(createF64Array(rewriter, loc, op, base + "_energies",
                                   op.getEnergies()))
        .addPointer(createIntArray(rewriter, loc, op, base + "_bytes",
                                   op.getBytes(), 64));
    LLVM::GlobalOp info = fields.createGlobal(rewriter, loc, op, base);
    Value address = LLVM::AddressOfOp::create(rewriter, loc, info);
    FailureOr<LLVM::LLVMFuncOp> function = LLVM::lookupOrCreateFn(
        rewriter, op->getParentOfType<ModuleOp>(), "ap_rt_select",
        {address.getType()}, rewriter.getI32Type());
    if (failed(function))
      return failure();
    Value chosen =
        LLVM::CallOp::create(rewriter, loc, *function, address).getResult();
    Type indexType = getTypeConverter()->convertType(op.getType());
    rewriter.replaceOp(op,
                       LLVM::SExtOp::create(rewriter, loc, indexType, chosen));
    return success();
  }
};

/// apsim.observe (on memrefs) -> ap_rt_observe(&info, data), info a constant
/// ap_rt_observe_info, the pointer contiguous data.
struct ObserveOpLowering : public APSimOpLowering<apsim::ObserveOp> {
  using APSimOpLowering::APSimOpLowering;

  /// The index of `elements` in ap_rt_observe_info.
  static constexpr unsigned kElementsField = 3;

  LogicalResult
  matchAndRewrite(apsim::ObserveOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    FailureOr<MemRefType> inputType = getMemRefType(op, op.getInput());
    if (failed(inputType))
      return failure();
    FailureOr<TargetIndices> target = TargetIndices::get(op);
    if (failed(target))
      return failure();
    FailureOr<int32_t> device =
        target->getDevice(op.getDevice(), "the observed device");
    if (failed(device))
      return failure();

    Location loc = op.getLoc();
    bool staticCount = inputType->hasStaticShape();
    apsim::Format format = apsim::getFormat(inputType->getElementType());
    InfoFields fields(getContext());
    fields.addPointer(getOrCreateString(rewriter, loc, op, op.getId()))
        .addI32(*device)
        .addI32(static_cast<int32_t>(format));
    assert(fields.getNextIndex() == kElementsField && "layout changed");
    fields.addI64(staticCount ? inputType->getNumElements() : 0);
    LLVM::GlobalOp info = fields.createGlobal(
        rewriter, loc, op, "__ap_rt_observe_" + sanitize(op.getId()));

    bool usesStack = !isContiguous(*inputType) || !staticCount;
    auto pointerType = LLVM::LLVMPointerType::get(getContext());
    Value stack;
    if (usesStack)
      stack = LLVM::StackSaveOp::create(rewriter, loc, pointerType);
    Value count =
        getElementCount(rewriter, loc, *inputType, adaptor.getInput());
    Value infoPointer =
        getInfoPointer(rewriter, loc, info, staticCount, kElementsField, count);
    FailureOr<ContiguousData> data = getContiguousData(
        rewriter, op, *inputType, adaptor.getInput(), count, /*copyIn=*/true);
    if (failed(data))
      return failure();
    if (failed(callRuntime(rewriter, op, "ap_rt_observe",
                           ValueRange{infoPointer, data->pointer})))
      return failure();
    if (data->buffer && failed(freeBuffer(rewriter, op, data->buffer)))
      return failure();
    if (usesStack)
      LLVM::StackRestoreOp::create(rewriter, loc, stack);
    rewriter.eraseOp(op);
    return success();
  }
};

/// apsim.release -> ap_rt_release(id).
struct ReleaseOpLowering : public APSimOpLowering<apsim::ReleaseOp> {
  using APSimOpLowering::APSimOpLowering;

  LogicalResult
  matchAndRewrite(apsim::ReleaseOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Value id = createI64(rewriter, op.getLoc(), op.getId());
    if (failed(callRuntime(rewriter, op, "ap_rt_release", id)))
      return failure();
    rewriter.eraseOp(op);
    return success();
  }
};

/// apsim.switch -> ap_rt_switch(device, precision).
struct SwitchOpLowering : public APSimOpLowering<apsim::SwitchOp> {
  using APSimOpLowering::APSimOpLowering;

  LogicalResult
  matchAndRewrite(apsim::SwitchOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    FailureOr<TargetIndices> target = TargetIndices::get(op);
    if (failed(target))
      return failure();
    FailureOr<int32_t> device =
        target->getDevice(op.getDevice(), "the switched device");
    if (failed(device))
      return failure();
    Location loc = op.getLoc();
    SmallVector<Value> arguments = {
        createI32(rewriter, loc, *device),
        createI32(rewriter, loc,
                  static_cast<int32_t>(apsim::getFormat(op.getPrecision())))};
    if (failed(callRuntime(rewriter, op, "ap_rt_switch", arguments)))
      return failure();
    rewriter.eraseOp(op);
    return success();
  }
};

/// apsim.wait -> ap_rt_wait(device), -1 for all.
struct WaitOpLowering : public APSimOpLowering<apsim::WaitOp> {
  using APSimOpLowering::APSimOpLowering;

  LogicalResult
  matchAndRewrite(apsim::WaitOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    int32_t device = -1;
    if (std::optional<StringRef> name = op.getDevice()) {
      FailureOr<TargetIndices> target = TargetIndices::get(op);
      if (failed(target))
        return failure();
      FailureOr<int32_t> index = target->getDevice(*name, "the awaited device");
      if (failed(index))
        return failure();
      device = *index;
    }
    Value argument = createI32(rewriter, op.getLoc(), device);
    if (failed(callRuntime(rewriter, op, "ap_rt_wait", argument)))
      return failure();
    rewriter.eraseOp(op);
    return success();
  }
};

//===----------------------------------------------------------------------===//
// ConvertToLLVMPatternInterface
//===----------------------------------------------------------------------===//

/// Provides the apsim patterns to `convert-to-llvm`.
struct APSimToLLVMDialectInterface : public ConvertToLLVMPatternInterface {
  using ConvertToLLVMPatternInterface::ConvertToLLVMPatternInterface;

  void loadDependentDialects(MLIRContext *context) const final {
    context->loadDialect<LLVM::LLVMDialect>();
  }

  void populateConvertToLLVMConversionPatterns(
      ConversionTarget &target, LLVMTypeConverter &typeConverter,
      RewritePatternSet &patterns) const final {
    target.addIllegalDialect<apsim::APSimDialect>();
    ap::populateAPSimToLLVMConversionPatterns(typeConverter, patterns);
  }
};

//===----------------------------------------------------------------------===//
// Pass
//===----------------------------------------------------------------------===//

struct ConvertAPSimToLLVMPass
    : public ap::impl::ConvertAPSimToLLVMBase<ConvertAPSimToLLVMPass> {
  using Base::Base;

  void runOnOperation() override {
    ModuleOp module = getOperation();
    // Report what cannot be lowered up front, one clear error per op (a
    // pattern that fails would add "failed to legalize" to each).
    bool invalid = false;
    module.walk([&](Operation *op) {
      if (!isa_and_present<apsim::APSimDialect>(op->getDialect()))
        return;
      if (isa<apsim::ReleaseOp>(op))
        return;
      for (Value operand : op->getOperands())
        if (isa<TensorType>(operand.getType())) {
          op->emitOpError("operates on tensors: bufferize it first "
                          "(one-shot-bufferize) so that it operates on "
                          "memrefs");
          invalid = true;
          return;
        }
      if (auto wait = dyn_cast<apsim::WaitOp>(op); wait && !wait.getDevice())
        return;
      FailureOr<TargetIndices> target = TargetIndices::get(op);
      if (failed(target)) {
        invalid = true;
        return;
      }
      auto check = [&](auto result) { invalid |= failed(result); };
      TypeSwitch<Operation *>(op)
          .Case([&](apsim::DefineOp define) {
            check(target->getEndpoint(define.getEndpoint(),
                                      "the buffer location"));
          })
          .Case([&](apsim::LaunchOp launch) {
            check(target->getEndpoint(launch.getEndpoint(),
                                      "the launch location"));
          })
          .Case([&](apsim::DmaOp dma) {
            check(target->getEndpoint(dma.getFrom(), "the source"));
            check(target->getEndpoint(dma.getTo(), "the destination"));
            if (std::optional<StringRef> via = dma.getVia())
              check(target->getLink(*via));
          })
          .Case([&](apsim::SwitchOp switchOp) {
            check(
                target->getDevice(switchOp.getDevice(), "the switched device"));
          })
          .Case([&](apsim::WaitOp wait) {
            check(target->getDevice(*wait.getDevice(), "the awaited device"));
          })
          .Case([&](apsim::ProbeOp probe) {
            check(target->getDevice(probe.getDevice(), "the probed device"));
          })
          .Case([&](apsim::SelectOp select) {
            check(target->getDevice(select.getDevice(),
                                    "the device of the switch point"));
          })
          .Case([&](apsim::ObserveOp observe) {
            check(
                target->getDevice(observe.getDevice(), "the observed device"));
          });
    });
    if (invalid)
      return signalPassFailure();

    MLIRContext *context = &getContext();
    LowerToLLVMOptions options(context);
    LLVMTypeConverter typeConverter(context, options);
    RewritePatternSet patterns(context);
    ap::populateAPSimToLLVMConversionPatterns(typeConverter, patterns);
    LLVMConversionTarget target(*context);
    target.addIllegalDialect<apsim::APSimDialect>();
    if (failed(applyPartialConversion(module, target, std::move(patterns))))
      signalPassFailure();
  }
};
} // namespace

void mlir::ap::populateAPSimToLLVMConversionPatterns(
    const LLVMTypeConverter &typeConverter, RewritePatternSet &patterns) {
  patterns.add<DefineOpLowering, DmaOpLowering, LaunchOpLowering,
               ObserveOpLowering, ProbeOpLowering, ReleaseOpLowering,
               SelectOpLowering, SwitchOpLowering, WaitOpLowering>(
      typeConverter);
}

void mlir::ap::registerConvertAPSimToLLVMInterface(DialectRegistry &registry) {
  registry.addExtension(
      +[](MLIRContext *context, apsim::APSimDialect *dialect) {
        dialect->addInterfaces<APSimToLLVMDialectInterface>();
      });
}
