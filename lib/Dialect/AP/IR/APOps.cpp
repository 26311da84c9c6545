//===- APOps.cpp - Operations of the ap dialect ---------------------------===//
//
// Part of the ap project: an adaptive-precision compiler built on MLIR.
//
//===----------------------------------------------------------------------===//

#include "ap/Dialect/AP/IR/APOps.h"
#include "ap/Support/Numerics.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Quant/IR/Quant.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/Matchers.h"
#include "mlir/IR/OpImplementation.h"
#include "mlir/IR/PatternMatch.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallSet.h"

#include <cmath>

using namespace mlir;
using namespace mlir::ap;
namespace num = mlir::ap::numerics;

//===----------------------------------------------------------------------===//
// Shared helpers
//===----------------------------------------------------------------------===//

/// The numerics rounding mode of an op rounding mode.
static num::Rounding toNumerics(RoundingMode mode) {
  switch (mode) {
  case RoundingMode::NearestEven:
    return num::Rounding::NearestEven;
  case RoundingMode::TowardZero:
    return num::Rounding::TowardZero;
  case RoundingMode::Stochastic:
    return num::Rounding::Stochastic;
  }
  llvm_unreachable("unknown rounding mode");
}

/// The quantization parameters of each scale of `type`, in the order of the
/// quantized dimension (one entry for a per-tensor type).
static SmallVector<num::QuantParams> getQuantParams(quant::QuantizedType type) {
  SmallVector<num::QuantParams> params;
  if (auto perTensor = dyn_cast<quant::UniformQuantizedType>(type)) {
    params.push_back({perTensor.getScale(), perTensor.getZeroPoint(),
                      type.getStorageTypeMin(), type.getStorageTypeMax()});
    return params;
  }
  auto perAxis = cast<quant::UniformQuantizedPerAxisType>(type);
  for (auto [scale, zeroPoint] :
       llvm::zip(perAxis.getScales(), perAxis.getZeroPoints()))
    params.push_back(
        {scale, zeroPoint, type.getStorageTypeMin(), type.getStorageTypeMax()});
  return params;
}

/// For the element at row-major `index` of a tensor of `shape`, the index of
/// its quantization parameters (0 for per-tensor types).
static int64_t getParamIndex(quant::QuantizedType type, ArrayRef<int64_t> shape,
                             int64_t index) {
  auto perAxis = dyn_cast<quant::UniformQuantizedPerAxisType>(type);
  if (!perAxis)
    return 0;
  int32_t axis = perAxis.getQuantizedDimension();
  int64_t stride = 1;
  for (int64_t dim : shape.drop_front(axis + 1))
    stride *= dim;
  return (index / stride) % shape[axis];
}

/// Indexed read access to the values of a dense attribute, for mapElements.
template <typename T> struct DenseValues {
  DenseElementsAttr attr;
  bool isSplat() const { return attr.isSplat(); }
  T operator[](int64_t index) const {
    return *(attr.value_begin<T>() + (attr.isSplat() ? 0 : index));
  }
};

namespace {
/// Read access to the elements of a floating-point constant: a dense
/// attribute, or the blob of a `dense_resource` of f32 or f64, which is how
/// imported models store their weights.
class FloatElements {
public:
  /// The elements of `attr`, or std::nullopt if it is no such constant, or a
  /// resource whose blob is not available or does not hold exactly the
  /// elements of its type.
  static std::optional<FloatElements> get(Attribute attr) {
    FloatElements elements;
    if (auto dense = dyn_cast_if_present<DenseFPElementsAttr>(attr)) {
      elements.dense = dense;
      return elements;
    }
    if (readBlob<float>(attr, elements.f32) ||
        readBlob<double>(attr, elements.f64))
      return elements;
    return std::nullopt;
  }

  bool isSplat() const { return dense && dense.isSplat(); }

  /// The element at row-major position `index`.
  llvm::APFloat operator[](int64_t index) const {
    if (dense)
      return DenseValues<llvm::APFloat>{dense}[index];
    if (!f32.empty())
      return llvm::APFloat(f32[index]);
    return llvm::APFloat(f64[index]);
  }

private:
  /// Sets `data` to the blob of `attr` if it is a dense_resource of T that
  /// holds exactly the elements of its type.
  template <typename T>
  static bool readBlob(Attribute attr, ArrayRef<T> &data) {
    auto blob = llvm::dyn_cast_if_present<
        ::mlir::detail::DenseResourceElementsAttrBase<T>>(attr);
    if (!blob)
      return false;
    std::optional<ArrayRef<T>> values = blob.tryGetAsArrayRef();
    if (!values ||
        static_cast<int64_t>(values->size()) != blob.getType().getNumElements())
      return false;
    data = *values;
    return true;
  }

  DenseFPElementsAttr dense;
  ArrayRef<float> f32;
  ArrayRef<double> f64;
};
} // namespace

/// The largest number of elements a fold materializes for a non-splat
/// result (16 Mi: about 0.5 GB of APFloat while folding); larger constants
/// are left to run time.
static constexpr int64_t kMaxFoldedElements = int64_t(1) << 24;

/// Whether a constant of `type` may be folded into a new constant: the shape
/// is static and, unless the result is a splat, not too large.
static bool isFoldable(ShapedType type, bool splat) {
  return type.hasStaticShape() &&
         (splat || type.getNumElements() <= kMaxFoldedElements);
}

/// The dense attribute of `type` whose element at row-major position `i` is
/// `compute(input[i], i)`. When `splatResult` is set and the input is a
/// splat, the result is the splat of `compute(input[0], 0)` (the caller
/// guarantees every element would be equal), which avoids materializing
/// large splats.
template <typename ElementsT, typename Fn>
static DenseElementsAttr mapElements(const ElementsT &input, ShapedType type,
                                     bool splatResult, Fn compute) {
  if (splatResult && input.isSplat())
    return DenseElementsAttr::get(type, compute(input[0], 0));
  using OutT = decltype(compute(input[0], 0));
  SmallVector<OutT> values;
  int64_t size = type.getNumElements();
  values.reserve(size);
  for (int64_t index = 0; index < size; ++index)
    values.push_back(compute(input[index], index));
  return DenseElementsAttr::get(type, values);
}

/// Checks that `quantizedTensor` holds a uniform quantized type, per tensor
/// or per axis, whose expressed type is the element type of `floatTensor` and
/// whose parameters are valid for it and for the tensor's shape.
static LogicalResult verifyQuantizedPair(Operation *op,
                                         RankedTensorType floatTensor,
                                         RankedTensorType quantizedTensor) {
  Type element = quantizedTensor.getElementType();
  if (!isa<quant::UniformQuantizedType, quant::UniformQuantizedPerAxisType>(
          element))
    return op->emitOpError("expects a uniform quantized element type (per "
                           "tensor or per axis), got ")
           << element;
  auto quantType = cast<quant::QuantizedType>(element);
  Type expressed = quantType.getExpressedType();
  if (expressed != floatTensor.getElementType())
    return op->emitOpError("expressed type ")
           << expressed << " of " << element
           << " does not match the floating-point element type "
           << floatTensor.getElementType();
  const llvm::fltSemantics &semantics =
      cast<FloatType>(expressed).getFloatSemantics();

  if (auto perAxis = dyn_cast<quant::UniformQuantizedPerAxisType>(element)) {
    int64_t axis = perAxis.getQuantizedDimension();
    int64_t rank = quantizedTensor.getRank();
    if (axis < 0 || axis >= rank)
      return op->emitOpError("quantized dimension ")
             << axis << " is out of range for a tensor of rank " << rank;
    int64_t size = quantizedTensor.getDimSize(axis);
    int64_t numScales = perAxis.getScales().size();
    if (!ShapedType::isDynamic(size) && size != numScales)
      return op->emitOpError("quantized dimension ")
             << axis << " has size " << size << " but the type has "
             << numScales << " scale" << (numScales == 1 ? "" : "s");
  }

  SmallVector<num::QuantParams> params = getQuantParams(quantType);
  bool perAxis = isa<quant::UniformQuantizedPerAxisType>(element);
  for (auto [index, param] : llvm::enumerate(params)) {
    std::string which = perAxis ? ("#" + Twine(index) + " ").str() : "";
    if (!(param.scale > 0) || !std::isfinite(param.scale))
      return op->emitOpError("scale ")
             << which << param.scale << " must be positive and finite";
    llvm::APFloat scale(param.scale);
    bool losesInfo = false;
    (void)scale.convert(semantics, llvm::APFloat::rmNearestTiesToEven,
                        &losesInfo);
    if (scale.isInfinity() || scale.isZero())
      return op->emitOpError("scale ")
             << which << param.scale << " "
             << (scale.isZero() ? "underflows to zero" : "overflows")
             << " in the expressed type " << expressed;
    if (param.zeroPoint < param.storageMin ||
        param.zeroPoint > param.storageMax)
      return op->emitOpError("zero point ")
             << which << param.zeroPoint << " is outside the storage range ["
             << param.storageMin << ", " << param.storageMax << "]";
  }
  return success();
}

/// Floating-point formats the numerics support: those with NaN and a sign.
static LogicalResult verifyConvertibleFloat(Operation *op, Type type,
                                            StringRef role) {
  const llvm::fltSemantics &semantics =
      cast<FloatType>(type).getFloatSemantics();
  if (!llvm::APFloatBase::semanticsHasNaN(semantics) ||
      !llvm::APFloatBase::semanticsHasSignedRepr(semantics))
    return op->emitOpError() << role << " element type " << type
                             << " is not supported: conversions need a "
                                "format with NaN and negative values";
  return success();
}

/// Checks a device or memory-tier endpoint against the enclosing target.
static LogicalResult
verifyDeviceReference(Operation *op, SymbolRefAttr endpoint, StringRef role) {
  TargetAttr target = TargetAttr::lookup(op);
  if (!target)
    return success();
  return target.verifyEndpoint([&] { return op->emitOpError(); }, endpoint,
                               role);
}

//===----------------------------------------------------------------------===//
// QuantizeOp
//===----------------------------------------------------------------------===//

LogicalResult QuantizeOp::verify() {
  return verifyQuantizedPair(*this, getInput().getType(), getType());
}

OpFoldResult QuantizeOp::fold(FoldAdaptor) {
  // quantize(dequantize(%q)) is %q when every storage value round-trips.
  auto dequantize = getInput().getDefiningOp<DequantizeOp>();
  if (!dequantize || dequantize.getInput().getType() != getType())
    return {};
  auto quantType = cast<quant::QuantizedType>(getType().getElementType());
  // With a narrow storage range (i8<-127:127>), a stored value outside it
  // (possible through quant.scast) would be clamped: not an identity.
  if (quantType.hasStorageTypeBounds())
    return {};
  const llvm::fltSemantics &semantics =
      cast<FloatType>(quantType.getExpressedType()).getFloatSemantics();
  for (const num::QuantParams &params : getQuantParams(quantType))
    if (!num::isQuantizationRoundTripExact(params, semantics))
      return {};
  return dequantize.getInput();
}

namespace {
/// quantize(constant) -> quant.scast(constant of the storage type).
struct FoldConstantQuantize : OpRewritePattern<QuantizeOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(QuantizeOp op,
                                PatternRewriter &rewriter) const override {
    Attribute constant;
    std::optional<FloatElements> input;
    if (!matchPattern(op.getInput(), m_Constant(&constant)) ||
        !(input = FloatElements::get(constant)))
      return rewriter.notifyMatchFailure(op, "input is not a float constant");
    RankedTensorType type = op.getType();
    auto quantType = cast<quant::QuantizedType>(type.getElementType());
    SmallVector<num::QuantParams> params = getQuantParams(quantType);
    if (!isFoldable(type, input->isSplat() && params.size() == 1))
      return rewriter.notifyMatchFailure(op, "dynamic or too large to fold");
    unsigned width = quantType.getStorageTypeIntegralWidth();
    auto storageType = RankedTensorType::get(
        type.getShape(), IntegerType::get(getContext(), width));
    ArrayRef<int64_t> shape = type.getShape();
    DenseElementsAttr storage = mapElements(
        *input, storageType, /*splatResult=*/params.size() == 1,
        [&](const llvm::APFloat &value, int64_t index) {
          int64_t stored = num::quantize(
              value, params[getParamIndex(quantType, shape, index)]);
          return llvm::APInt(width, static_cast<uint64_t>(stored),
                             /*isSigned=*/quantType.isSigned(),
                             /*implicitTrunc=*/true);
        });
    Value stored = arith::ConstantOp::create(rewriter, op.getLoc(), storageType,
                                             cast<TypedAttr>(storage));
    rewriter.replaceOpWithNewOp<quant::StorageCastOp>(op, type, stored);
    return success();
  }
};
} // namespace

void QuantizeOp::getCanonicalizationPatterns(RewritePatternSet &patterns,
                                             MLIRContext *context) {
  patterns.add<FoldConstantQuantize>(context);
}

//===----------------------------------------------------------------------===//
// DequantizeOp
//===----------------------------------------------------------------------===//

LogicalResult DequantizeOp::verify() {
  return verifyQuantizedPair(*this, getType(), getInput().getType());
}

namespace {
/// dequantize(quant.scast(constant)) -> constant of the expressed type.
struct FoldConstantDequantize : OpRewritePattern<DequantizeOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(DequantizeOp op,
                                PatternRewriter &rewriter) const override {
    auto cast = op.getInput().getDefiningOp<quant::StorageCastOp>();
    DenseIntElementsAttr storage;
    if (!cast || !matchPattern(cast.getInput(), m_Constant(&storage)))
      return rewriter.notifyMatchFailure(op, "input is not a stored constant");
    RankedTensorType type = op.getType();
    auto quantType = llvm::cast<quant::QuantizedType>(
        op.getInput().getType().getElementType());
    SmallVector<num::QuantParams> params = getQuantParams(quantType);
    if (!isFoldable(type, storage.isSplat() && params.size() == 1))
      return rewriter.notifyMatchFailure(op, "dynamic or too large to fold");
    const llvm::fltSemantics &semantics =
        llvm::cast<FloatType>(type.getElementType()).getFloatSemantics();
    bool isSigned = quantType.isSigned();
    ArrayRef<int64_t> shape = type.getShape();
    DenseElementsAttr result = mapElements(
        DenseValues<llvm::APInt>{storage}, type,
        /*splatResult=*/params.size() == 1,
        [&](const llvm::APInt &stored, int64_t index) {
          int64_t value = isSigned
                              ? stored.getSExtValue()
                              : static_cast<int64_t>(stored.getZExtValue());
          return num::dequantize(
              value, params[getParamIndex(quantType, shape, index)], semantics);
        });
    rewriter.replaceOpWithNewOp<arith::ConstantOp>(
        op, type, llvm::cast<TypedAttr>(result));
    return success();
  }
};
} // namespace

void DequantizeOp::getCanonicalizationPatterns(RewritePatternSet &patterns,
                                               MLIRContext *context) {
  patterns.add<FoldConstantDequantize>(context);
}

//===----------------------------------------------------------------------===//
// ConvertOp
//===----------------------------------------------------------------------===//

LogicalResult ConvertOp::verify() {
  if (failed(verifyConvertibleFloat(
          *this, getInput().getType().getElementType(), "input")) ||
      failed(
          verifyConvertibleFloat(*this, getType().getElementType(), "result")))
    return failure();
  bool stochastic = getRounding() == RoundingMode::Stochastic;
  if (stochastic && !getSeed())
    return emitOpError("stochastic rounding needs a 'seed'");
  if (!stochastic && getSeed())
    return emitOpError("'seed' is only meaningful with stochastic rounding");
  return success();
}

/// Whether converting from `from` to `to` with `saturate` is the identity on
/// values: every value is representable, and no infinity gets clamped.
static bool isExactConversion(Type from, Type to, bool saturate) {
  const llvm::fltSemantics &fromSemantics =
      cast<FloatType>(from).getFloatSemantics();
  if (!num::isExactlyRepresentable(fromSemantics,
                                   cast<FloatType>(to).getFloatSemantics()))
    return false;
  return !saturate || !llvm::APFloatBase::semanticsHasInf(fromSemantics);
}

OpFoldResult ConvertOp::fold(FoldAdaptor adaptor) {
  Type inElement = getInput().getType().getElementType();
  Type outElement = getType().getElementType();
  if (getInput().getType() == getType() &&
      isExactConversion(inElement, outElement, getSaturate()))
    return getInput();

  std::optional<FloatElements> input = FloatElements::get(adaptor.getInput());
  if (!input ||
      !isFoldable(getType(), input->isSplat() &&
                                 getRounding() != RoundingMode::Stochastic))
    return {};
  const llvm::fltSemantics &semantics =
      cast<FloatType>(outElement).getFloatSemantics();
  num::Rounding rounding = toNumerics(getRounding());
  bool saturate = getSaturate();
  uint64_t seed = getSeed().value_or(0);
  // Stochastic rounding draws different bits for every element.
  return mapElements(*input, getType(),
                     /*splatResult=*/rounding != num::Rounding::Stochastic,
                     [&](const llvm::APFloat &value, int64_t index) {
                       uint32_t bits = rounding == num::Rounding::Stochastic
                                           ? num::stochasticBits(seed, index)
                                           : 0;
                       return num::convertFloat(value, semantics, rounding,
                                                saturate, bits);
                     });
}

namespace {
/// convert(convert(%x)) -> convert(%x) when the first conversion is exact.
struct ComposeExactConverts : OpRewritePattern<ConvertOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(ConvertOp op,
                                PatternRewriter &rewriter) const override {
    auto inner = op.getInput().getDefiningOp<ConvertOp>();
    if (!inner)
      return rewriter.notifyMatchFailure(op, "input is not an ap.convert");
    TypedValue<RankedTensorType> source = inner.getInput();
    if (!isExactConversion(source.getType().getElementType(),
                           inner.getType().getElementType(),
                           inner.getSaturate()))
      return rewriter.notifyMatchFailure(op, "first conversion may round");
    rewriter.modifyOpInPlace(op, [&] { op.getInputMutable().assign(source); });
    return success();
  }
};

/// An exact conversion does not round: its rounding mode and seed are
/// irrelevant and canonicalized to nearest_even.
struct DropRoundingOfExactConvert : OpRewritePattern<ConvertOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(ConvertOp op,
                                PatternRewriter &rewriter) const override {
    if (op.getRounding() == RoundingMode::NearestEven ||
        !num::isExactlyRepresentable(
            cast<FloatType>(op.getInput().getType().getElementType())
                .getFloatSemantics(),
            cast<FloatType>(op.getType().getElementType()).getFloatSemantics()))
      return rewriter.notifyMatchFailure(op, "rounding mode matters");
    rewriter.modifyOpInPlace(op, [&] {
      op.setRounding(RoundingMode::NearestEven);
      op.setSeed(std::nullopt);
    });
    return success();
  }
};
} // namespace

void ConvertOp::getCanonicalizationPatterns(RewritePatternSet &patterns,
                                            MLIRContext *context) {
  patterns.add<ComposeExactConverts, DropRoundingOfExactConvert>(context);
}

//===----------------------------------------------------------------------===//
// TransferOp
//===----------------------------------------------------------------------===//

/// Whether the link endpoint `linkEnd` covers the transfer endpoint `end`: the
/// same device or tier, or a link attached to the whole device.
static bool endpointCovers(SymbolRefAttr linkEnd, SymbolRefAttr end) {
  if (linkEnd == end)
    return true;
  return linkEnd.getNestedReferences().empty() &&
         linkEnd.getRootReference() == end.getRootReference();
}

LogicalResult TransferOp::verify() {
  Type inElement = getInput().getType().getElementType();
  Type outElement = getType().getElementType();
  bool isFloat = isa<FloatType>(inElement);
  if (inElement != outElement && !(isFloat && isa<FloatType>(outElement)))
    return emitOpError("result element type ")
           << outElement << " must equal the input element type " << inElement
           << " unless both are floating-point";
  if (getFrom() == getTo())
    return emitOpError("transfers from ") << getFrom() << " to itself";
  for (SymbolRefAttr endpoint : {getFrom(), getTo()})
    if (endpoint.getNestedReferences().size() > 1)
      return emitOpError("endpoint ")
             << endpoint << " must be @device or @device::@memory_tier";
  if (std::optional<Precision> wire = getWire()) {
    if (!isFloat)
      return emitOpError("a wire precision needs a floating-point tensor; ")
             << inElement << " values cross the link in their own type";
    if (!ap::isFloat(*wire))
      return emitOpError("wire precision '")
             << stringifyPrecision(*wire)
             << "' is not a floating-point format; quantize the tensor "
                "before the transfer instead";
  }
  bool converts = getWire() || inElement != outElement;
  if (converts && (failed(verifyConvertibleFloat(*this, inElement, "input")) ||
                   failed(verifyConvertibleFloat(*this, outElement, "result"))))
    return failure();

  TargetAttr target = TargetAttr::lookup(*this);
  if (!target)
    return success();
  auto emitError = [&] { return emitOpError(); };
  if (failed(target.verifyEndpoint(emitError, getFrom(), "source")) ||
      failed(target.verifyEndpoint(emitError, getTo(), "destination")))
    return failure();
  std::optional<StringRef> via = getVia();
  if (!via)
    return success();
  LinkAttr link = target.lookupLink(*via);
  if (!link)
    return emitOpError("names unknown link '") << *via << "'";
  bool forward = endpointCovers(link.getSource(), getFrom()) &&
                 endpointCovers(link.getDestination(), getTo());
  bool backward = endpointCovers(link.getSource(), getTo()) &&
                  endpointCovers(link.getDestination(), getFrom());
  if (!forward && !(link.getBidirectional() && backward))
    return emitOpError("link '")
           << *via << "' does not connect " << getFrom() << " to " << getTo();
  if (std::optional<Precision> wire = getWire())
    if (!link.supportsWire(*wire))
      return emitOpError("link '")
             << *via << "' does not support wire precision '"
             << stringifyPrecision(*wire) << "'";
  return success();
}

//===----------------------------------------------------------------------===//
// PlacementOp
//===----------------------------------------------------------------------===//

/// Rejects an attribute dictionary entry that would override one of the
/// op's inherent attributes, which the custom syntax spells out.
static ParseResult rejectInherentAttributes(OpAsmParser &parser,
                                            llvm::SMLoc loc,
                                            OperationState &result,
                                            ArrayRef<StringRef> names) {
  for (NamedAttribute attribute : result.attributes)
    if (llvm::is_contained(names, attribute.getName().getValue()))
      return parser.emitError(loc)
             << "'" << attribute.getName().getValue()
             << "' is set by the op's syntax, not in its attributes";
  return success();
}

/// Parses `(%arg = %value, ...)` into region arguments and operands.
static ParseResult
parseBindings(OpAsmParser &parser,
              SmallVectorImpl<OpAsmParser::Argument> &arguments,
              SmallVectorImpl<OpAsmParser::UnresolvedOperand> &operands) {
  if (parser.parseLParen())
    return failure();
  if (succeeded(parser.parseOptionalRParen()))
    return success();
  do {
    OpAsmParser::Argument argument;
    OpAsmParser::UnresolvedOperand operand;
    if (parser.parseArgument(argument) || parser.parseEqual() ||
        parser.parseOperand(operand))
      return failure();
    arguments.push_back(argument);
    operands.push_back(operand);
  } while (succeeded(parser.parseOptionalComma()));
  return parser.parseRParen();
}

/// Parses `: (inputs) -> results` and resolves the operands against it.
static ParseResult
parseSignature(OpAsmParser &parser, OperationState &result,
               ArrayRef<OpAsmParser::UnresolvedOperand> operands,
               SmallVectorImpl<OpAsmParser::Argument> *arguments,
               FunctionType &signature) {
  llvm::SMLoc loc = parser.getCurrentLocation();
  if (parser.parseColonType(signature))
    return failure();
  if (signature.getNumInputs() != operands.size())
    return parser.emitError(loc)
           << "the signature has " << signature.getNumInputs() << " inputs but "
           << operands.size() << " operands are given";
  if (parser.resolveOperands(operands, signature.getInputs(), loc,
                             result.operands))
    return failure();
  if (arguments)
    for (auto [argument, type] : llvm::zip(*arguments, signature.getInputs()))
      argument.type = type;
  result.addTypes(signature.getResults());
  return success();
}

ParseResult PlacementOp::parse(OpAsmParser &parser, OperationState &result) {
  FlatSymbolRefAttr device;
  SmallVector<OpAsmParser::Argument> arguments;
  SmallVector<OpAsmParser::UnresolvedOperand> operands;
  FunctionType signature;
  if (parser.parseKeyword("on") || parser.parseAttribute(device) ||
      parseBindings(parser, arguments, operands) ||
      parseSignature(parser, result, operands, &arguments, signature))
    return failure();
  llvm::SMLoc attributesLoc = parser.getCurrentLocation();
  if (parser.parseOptionalAttrDictWithKeyword(result.attributes) ||
      rejectInherentAttributes(parser, attributesLoc, result, {"device"}))
    return failure();
  result.getOrAddProperties<Properties>().device = device;
  Region *body = result.addRegion();
  return parser.parseRegion(*body, arguments);
}

void PlacementOp::print(OpAsmPrinter &printer) {
  printer << " on ";
  printer.printAttributeWithoutType(getDeviceAttr());
  printer << " (";
  llvm::interleaveComma(llvm::zip(getBodyBlock().getArguments(), getInputs()),
                        printer, [&](auto pair) {
                          printer << std::get<0>(pair) << " = "
                                  << std::get<1>(pair);
                        });
  printer << ") : ";
  printer.printFunctionalType(getInputs().getTypes(), getResultTypes());
  printer.printOptionalAttrDictWithKeyword((*this)->getAttrs(), {"device"});
  printer << ' ';
  printer.printRegion(getBody(), /*printEntryBlockArgs=*/false);
}

LogicalResult PlacementOp::verify() {
  return verifyDeviceReference(*this, SymbolRefAttr(getDeviceAttr()),
                               "placement");
}

/// Prints `types` as a parenthesized list.
static std::string formatTypes(TypeRange types) {
  std::string text;
  llvm::raw_string_ostream os(text);
  os << "(";
  llvm::interleaveComma(types, os);
  os << ")";
  return text;
}

/// Checks that `block` takes `inputs` and its terminator yields `results`.
static LogicalResult verifyRegionSignature(Operation *op, Block &block,
                                           TypeRange inputs, TypeRange results,
                                           StringRef what) {
  if (block.getArgumentTypes() != inputs)
    return op->emitOpError()
           << what << " has arguments of types "
           << formatTypes(block.getArgumentTypes())
           << " but the operands have types " << formatTypes(inputs);
  auto yield = dyn_cast<YieldOp>(block.getTerminator());
  if (!yield)
    return op->emitOpError() << what << " must end with ap.yield";
  if (yield.getValues().getTypes() != results)
    return yield.emitOpError("yields ")
           << formatTypes(yield.getValues().getTypes())
           << " but the parent returns " << formatTypes(results);
  return success();
}

LogicalResult PlacementOp::verifyRegions() {
  return verifyRegionSignature(*this, getBodyBlock(), getInputs().getTypes(),
                               getResultTypes(), "body");
}

//===----------------------------------------------------------------------===//
// AdaptiveOp
//===----------------------------------------------------------------------===//

ParseResult AdaptiveOp::parse(OpAsmParser &parser, OperationState &result) {
  std::string id;
  int64_t defaultVariant = 0;
  SmallVector<OpAsmParser::UnresolvedOperand> operands;
  FunctionType signature;
  SmallVector<double> losses;
  bool hasLosses = false;
  if (parser.parseString(&id) || parser.parseKeyword("default") ||
      parser.parseInteger(defaultVariant))
    return failure();
  if (succeeded(parser.parseOptionalKeyword("losses"))) {
    hasLosses = true;
    if (parser.parseCommaSeparatedList(AsmParser::Delimiter::Square, [&] {
          return parser.parseFloat(losses.emplace_back());
        }))
      return failure();
  }
  if (parser.parseOperandList(operands, AsmParser::Delimiter::Paren) ||
      parseSignature(parser, result, operands, nullptr, signature))
    return failure();
  llvm::SMLoc attributesLoc = parser.getCurrentLocation();
  if (parser.parseOptionalAttrDictWithKeyword(result.attributes) ||
      rejectInherentAttributes(parser, attributesLoc, result,
                               {"id", "variants", "defaultVariant", "losses"}))
    return failure();
  SmallVector<Attribute> variants;
  while (succeeded(parser.parseOptionalKeyword("variant"))) {
    Precision precision;
    if (parsePrecision(parser, precision))
      return failure();
    variants.push_back(PrecisionAttr::get(parser.getContext(), precision));
    if (parser.parseRegion(*result.addRegion()))
      return failure();
  }
  Builder builder(parser.getContext());
  Properties &properties = result.getOrAddProperties<Properties>();
  properties.id = builder.getStringAttr(id);
  properties.variants = builder.getArrayAttr(variants);
  properties.defaultVariant = builder.getI64IntegerAttr(defaultVariant);
  if (hasLosses)
    properties.losses = builder.getDenseF64ArrayAttr(losses);
  return success();
}

void AdaptiveOp::print(OpAsmPrinter &printer) {
  printer << ' ';
  printer.printString(getId());
  printer << " default " << getDefaultVariantAttr().getInt();
  if (std::optional<ArrayRef<double>> losses = getLosses()) {
    printer << " losses [";
    llvm::interleaveComma(*losses, printer, [&](double loss) {
      printer.printFloat(llvm::APFloat(loss));
    });
    printer << "]";
  }
  printer << " (" << getInputs() << ") : ";
  printer.printFunctionalType(getInputs().getTypes(), getResultTypes());
  printer.printOptionalAttrDictWithKeyword(
      (*this)->getAttrs(), {"id", "variants", "defaultVariant", "losses"});
  for (auto [index, region] : llvm::enumerate(getBranches())) {
    printer.printNewline();
    printer << "variant " << stringifyPrecision(getVariantPrecision(index))
            << ' ';
    printer.printRegion(region, /*printEntryBlockArgs=*/true);
  }
}

Precision AdaptiveOp::getVariantPrecision(unsigned index) {
  return cast<PrecisionAttr>(getVariants()[index]).getValue();
}

LogicalResult AdaptiveOp::verify() {
  if (getId().empty())
    return emitOpError("needs a non-empty id");
  size_t numVariants = getVariants().size();
  if (numVariants == 0)
    return emitOpError("needs at least one variant");
  if (getBranches().size() != numVariants)
    return emitOpError("has ") << getBranches().size() << " regions but "
                               << numVariants << " variant precisions";
  int64_t defaultVariant = getDefaultVariantAttr().getInt();
  if (defaultVariant < 0 || static_cast<size_t>(defaultVariant) >= numVariants)
    return emitOpError("default variant ")
           << defaultVariant << " is out of range [0, " << numVariants << ")";
  llvm::SmallSet<Precision, 4> seen;
  for (unsigned i = 0; i < numVariants; ++i)
    if (!seen.insert(getVariantPrecision(i)).second)
      return emitOpError("has two variants of precision '")
             << stringifyPrecision(getVariantPrecision(i)) << "'";
  if (std::optional<ArrayRef<double>> losses = getLosses()) {
    if (losses->size() != numVariants)
      return emitOpError("has ")
             << losses->size() << " losses for " << numVariants << " variants";
    for (auto [index, loss] : llvm::enumerate(*losses))
      if (!(loss >= 0) || !std::isfinite(loss))
        return emitOpError("loss of variant '")
               << stringifyPrecision(getVariantPrecision(index))
               << "' must be finite and non-negative, got " << loss;
  }
  return success();
}

LogicalResult AdaptiveOp::verifyRegions() {
  for (auto [index, region] : llvm::enumerate(getBranches())) {
    std::string what =
        ("variant '" + stringifyPrecision(getVariantPrecision(index)) + "'")
            .str();
    if (failed(verifyRegionSignature(*this, region.front(),
                                     getInputs().getTypes(), getResultTypes(),
                                     what)))
      return failure();
  }
  return success();
}

//===----------------------------------------------------------------------===//
// ObserveOp and ProbeOp
//===----------------------------------------------------------------------===//

/// Values that monitors can measure: floating-point or quantized tensors.
static bool isMeasurable(Type type) {
  Type element = cast<ShapedType>(type).getElementType();
  return isa<FloatType, quant::QuantizedType>(element);
}

LogicalResult ObserveOp::verify() {
  if (getId().empty())
    return emitOpError("needs a non-empty id");
  if (!isMeasurable(getInput().getType()))
    return emitOpError("observes floating-point or quantized tensors, got ")
           << getInput().getType();
  return success();
}

LogicalResult ProbeOp::verify() {
  if (getId().empty())
    return emitOpError("needs a non-empty id");
  if (std::optional<StringRef> site = getSite(); site && site->empty())
    return emitOpError("needs a non-empty switch point after 'for'");
  double rate = getSampleRate().convertToDouble();
  if (!(rate > 0 && rate <= 1))
    return emitOpError("sample rate must be in (0, 1], got ") << rate;
  if (!isMeasurable(getInput().getType()))
    return emitOpError("probes floating-point or quantized tensors, got ")
           << getInput().getType();
  Value reference = getReference();
  if (std::optional<Type> as = getAsType()) {
    if (!isa<FloatType>(getInput().getType().getElementType()))
      return emitOpError("evaluates 'as' another type only for "
                         "floating-point inputs, got ")
             << getInput().getType();
    if (reference)
      return emitOpError("takes either a reference or 'as', not both");
    if (auto quantized = dyn_cast<quant::UniformQuantizedType>(*as)) {
      if (!quantized.getExpressedType().isF32())
        return emitOpError("'as' type must express f32, got ") << *as;
    } else if (isa<quant::QuantizedType>(*as)) {
      return emitOpError("'as' type must be a floating-point type or a "
                         "per-tensor !quant.uniform, got ")
             << *as;
    } else if (!isa<FloatType>(*as)) {
      return emitOpError("'as' type must be a floating-point type or a "
                         "per-tensor !quant.uniform, got ")
             << *as;
    }
    return success();
  }
  if (getMetric() == ProbeMetric::SQNR) {
    if (!reference)
      return emitOpError("metric 'sqnr' needs a reference value (or 'as')");
    if (!isMeasurable(reference.getType()))
      return emitOpError("reference must be a floating-point or quantized "
                         "tensor, got ")
             << reference.getType();
    if (cast<ShapedType>(reference.getType()).getShape() !=
        getInput().getType().getShape())
      return emitOpError("reference shape must equal the input shape");
  } else if (reference) {
    return emitOpError("metric '")
           << stringifyProbeMetric(getMetric()) << "' takes no reference";
  }
  return success();
}

#define GET_OP_CLASSES
#include "ap/Dialect/AP/IR/APOps.cpp.inc"
