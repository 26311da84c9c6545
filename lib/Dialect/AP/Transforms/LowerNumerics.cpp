//===- LowerNumerics.cpp - Lower precision changes to linalg + arith ------===//
//
// Part of the ap project: an adaptive-precision compiler built on MLIR.
//
//===----------------------------------------------------------------------===//
//
// Lowers ap.convert, ap.quantize and ap.dequantize to elementwise
// linalg.generic ops whose bodies compute exactly what
// mlir::ap::numerics computes (see FloatEmulation.h and
// docs/numerics-lowering.md), and replaces every quantized element type of
// the module by its storage integer type.
//
//===----------------------------------------------------------------------===//

#include "FloatEmulation.h"

#include "ap/Dialect/AP/IR/APDialect.h"
#include "ap/Dialect/AP/IR/APOps.h"
#include "ap/Dialect/AP/Transforms/Passes.h"
#include "ap/Support/Numerics.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/ControlFlow/IR/ControlFlow.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Func/Transforms/FuncConversions.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Linalg/Transforms/Transforms.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/Quant/IR/Quant.h"
#include "mlir/Dialect/Quant/IR/QuantTypes.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/SCF/Transforms/Patterns.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/ImplicitLocOpBuilder.h"
#include "mlir/Interfaces/FunctionInterfaces.h"
#include "mlir/Transforms/DialectConversion.h"

namespace mlir::ap {
#define GEN_PASS_DEF_APLOWERNUMERICS
#include "ap/Dialect/AP/Transforms/Passes.h.inc"
} // namespace mlir::ap

using namespace mlir;
using namespace mlir::ap;

namespace num = mlir::ap::numerics;

//===----------------------------------------------------------------------===//
// Types
//===----------------------------------------------------------------------===//

/// The signless integer type that stores the values of `type`. Unsigned
/// storage (u8, u4) is stored in the signless type of the same width too:
/// arith interprets signedness per operation, and the lowering uses the
/// unsigned operations (extui) on it.
static IntegerType getStorageType(quant::QuantizedType type) {
  return IntegerType::get(type.getContext(),
                          type.getStorageTypeIntegralWidth());
}

namespace {
/// Replaces quantized element types by their storage types, in tensors,
/// memrefs and vectors, and leaves every other type alone.
class StorageTypeConverter : public TypeConverter {
public:
  StorageTypeConverter() {
    addConversion([](Type type) { return type; });
    addConversion(
        [](quant::QuantizedType type) -> Type { return getStorageType(type); });
    addConversion([this](RankedTensorType type) -> Type {
      return type.clone(convertType(type.getElementType()));
    });
    addConversion([this](UnrankedTensorType type) -> Type {
      return UnrankedTensorType::get(convertType(type.getElementType()));
    });
    addConversion([this](MemRefType type) -> Type {
      return type.clone(convertType(type.getElementType()));
    });
    addConversion([this](UnrankedMemRefType type) -> Type {
      return UnrankedMemRefType::get(convertType(type.getElementType()),
                                     type.getMemorySpace());
    });
    addConversion([this](VectorType type) -> Type {
      return type.clone(convertType(type.getElementType()));
    });
  }
};
} // namespace

/// Whether `type` is or contains a quantized type (shaped types and function
/// types).
static bool containsQuantizedType(Type type) {
  if (isa<quant::QuantizedType>(type))
    return true;
  if (auto shaped = dyn_cast<ShapedType>(type))
    return isa<quant::QuantizedType>(shaped.getElementType());
  if (auto function = dyn_cast<FunctionType>(type))
    return llvm::any_of(function.getInputs(), containsQuantizedType) ||
           llvm::any_of(function.getResults(), containsQuantizedType);
  return false;
}

//===----------------------------------------------------------------------===//
// Elementwise generic ops
//===----------------------------------------------------------------------===//

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

/// The type in which quantization arithmetic on `expressed` is carried out:
/// f32 and f64 natively; every narrower format in f64, whose 53 bits make
/// each product and quotient of two narrow values round exactly like the
/// narrow operation once rounded to the narrow format (53 >= 2p + 2).
static FloatType getWorkType(FloatType expressed) {
  if (isa<Float32Type, Float64Type>(expressed))
    return expressed;
  return Float64Type::get(expressed.getContext());
}

/// `scale` rounded to `expressed` (as numerics::quantize does), as an
/// attribute of `work`, which holds it exactly.
static FloatAttr getScaleAttr(double scale, FloatType expressed,
                              FloatType work) {
  llvm::APFloat value(scale);
  bool losesInfo = false;
  (void)value.convert(expressed.getFloatSemantics(),
                      llvm::APFloat::rmNearestTiesToEven, &losesInfo);
  (void)value.convert(work.getFloatSemantics(),
                      llvm::APFloat::rmNearestTiesToEven, &losesInfo);
  return FloatAttr::get(work, value);
}

namespace {
/// The per-element parameters of a quantization: constants for a per-tensor
/// type, extra inputs of the generic op (indexed by the quantized dimension)
/// for a per-axis type.
struct QuantOperands {
  SmallVector<Value> inputs;
  SmallVector<AffineMap> maps;
};
} // namespace

/// The scale and zero-point tensors of a per-axis `type` on a tensor of rank
/// `rank`, as inputs of a generic op; none for a per-tensor type.
static QuantOperands getQuantOperands(OpBuilder &builder, Location loc,
                                      quant::QuantizedType type,
                                      FloatType expressed, unsigned rank) {
  QuantOperands operands;
  auto perAxis = dyn_cast<quant::UniformQuantizedPerAxisType>(type);
  if (!perAxis)
    return operands;
  FloatType work = getWorkType(expressed);
  SmallVector<Attribute> scales;
  SmallVector<int64_t> zeroPoints;
  for (const num::QuantParams &params : getQuantParams(type)) {
    scales.push_back(getScaleAttr(params.scale, expressed, work));
    zeroPoints.push_back(params.zeroPoint);
  }
  auto size = static_cast<int64_t>(scales.size());
  auto scaleType = RankedTensorType::get({size}, work);
  auto zeroPointType = RankedTensorType::get({size}, builder.getI64Type());
  operands.inputs.push_back(arith::ConstantOp::create(
      builder, loc, DenseElementsAttr::get(scaleType, scales)));
  operands.inputs.push_back(arith::ConstantOp::create(
      builder, loc,
      DenseElementsAttr::get(zeroPointType, ArrayRef<int64_t>(zeroPoints))));
  AffineMap map = AffineMap::get(
      rank, 0, builder.getAffineDimExpr(perAxis.getQuantizedDimension()));
  operands.maps.assign(2, map);
  return operands;
}

/// Creates an elementwise linalg.generic over `input` (and `extraInputs`
/// with their maps) producing a tensor of the shape of `input` with
/// `elementType`; `body` receives the block arguments (input element, extra
/// input elements) and returns the result element.
static Value
createElementwise(OpBuilder &builder, Location loc, Value input,
                  Type elementType, ArrayRef<Value> extraInputs,
                  ArrayRef<AffineMap> extraMaps,
                  function_ref<Value(OpBuilder &, Location, ValueRange)> body) {
  auto inputType = cast<RankedTensorType>(input.getType());
  unsigned rank = inputType.getRank();
  SmallVector<OpFoldResult> sizes = tensor::getMixedSizes(builder, loc, input);
  Value init = tensor::EmptyOp::create(builder, loc, sizes, elementType);
  AffineMap identity = builder.getMultiDimIdentityMap(rank);
  SmallVector<AffineMap> maps = {identity};
  llvm::append_range(maps, extraMaps);
  maps.push_back(identity);
  SmallVector<Value> inputs = {input};
  llvm::append_range(inputs, extraInputs);
  SmallVector<utils::IteratorType> iterators(rank,
                                             utils::IteratorType::parallel);
  auto generic = linalg::GenericOp::create(
      builder, loc, TypeRange{init.getType()}, inputs, ValueRange{init}, maps,
      iterators, [&](OpBuilder &nested, Location nestedLoc, ValueRange args) {
        Value result = body(nested, nestedLoc, args.drop_back());
        linalg::YieldOp::create(nested, nestedLoc, result);
      });
  return generic.getResult(0);
}

/// The row-major position (an i64) of the current element of a generic op
/// over a tensor with `sizes`.
static Value emitLinearIndex(OpBuilder &builder, Location loc,
                             ArrayRef<Value> sizes) {
  Value linear;
  for (auto [dim, size] : llvm::enumerate(sizes)) {
    Value index = linalg::IndexOp::create(builder, loc, dim);
    linear = linear
                 ? arith::AddIOp::create(
                       builder, loc,
                       arith::MulIOp::create(builder, loc, linear, size), index)
                 : index;
  }
  if (!linear)
    linear = arith::ConstantIndexOp::create(builder, loc, 0);
  return arith::IndexCastOp::create(builder, loc, builder.getI64Type(), linear);
}

//===----------------------------------------------------------------------===//
// Patterns
//===----------------------------------------------------------------------===//

/// The rounding mode of numerics for an op rounding mode.
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

namespace {
/// ap.convert -> linalg.generic { integer emulation or exact arith.extf }.
struct LowerConvert : OpConversionPattern<ConvertOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(ConvertOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    auto fromType = cast<FloatType>(op.getInput().getType().getElementType());
    auto toType = cast<FloatType>(op.getType().getElementType());
    if (!FloatFormat::get(fromType) || !FloatFormat::get(toType))
      return rewriter.notifyMatchFailure(op, "unsupported float format");
    bool saturate = op.getSaturate();
    // The identity (what the folder returns for it).
    if (fromType == toType &&
        (!saturate ||
         !llvm::APFloatBase::semanticsHasInf(fromType.getFloatSemantics()))) {
      rewriter.replaceOp(op, adaptor.getInput());
      return success();
    }

    Location loc = op.getLoc();
    num::Rounding rounding = toNumerics(op.getRounding());
    uint64_t seed = static_cast<uint64_t>(op.getSeed().value_or(0));
    // Stochastic rounding needs the sizes for the row-major position.
    SmallVector<Value> sizes;
    if (rounding == num::Rounding::Stochastic)
      for (OpFoldResult size :
           tensor::getMixedSizes(rewriter, loc, adaptor.getInput()))
        sizes.push_back(getValueOrCreateConstantIndexOp(rewriter, loc, size));
    Value result = createElementwise(
        rewriter, loc, adaptor.getInput(), toType, {}, {},
        [&](OpBuilder &builder, Location nestedLoc, ValueRange args) {
          Value bits;
          if (rounding == num::Rounding::Stochastic)
            bits =
                emitStochasticBits(builder, nestedLoc, seed,
                                   emitLinearIndex(builder, nestedLoc, sizes));
          return emitConvertFloat(builder, nestedLoc, args[0], toType, rounding,
                                  saturate, bits);
        });
    rewriter.replaceOp(op, result);
    return success();
  }
};

/// Whether `type` is a float format LLVM has no type for (FP8), whose
/// scalar arithmetic must therefore be emulated on its encoding.
static bool isEmulatedFloat(Type type) {
  auto floatType = dyn_cast<FloatType>(type);
  return floatType && floatType.getWidth() < 16;
}

/// arith.extf from an FP8 format, e.g. in the body of a linalg.matmul on
/// f8E4M3FN operands that accumulates in f32: the widening is exact, and
/// emulated on the encoding like an ap.convert (numerics::convertFloat).
struct LowerNarrowExtension : OpConversionPattern<arith::ExtFOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(arith::ExtFOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Type from = op.getIn().getType();
    auto to = dyn_cast<FloatType>(op.getType());
    if (!isEmulatedFloat(from) || !to || !FloatFormat::get(from) ||
        !FloatFormat::get(to))
      return rewriter.notifyMatchFailure(op, "not a scalar FP8 widening");
    rewriter.replaceOp(op,
                       emitConvertFloat(rewriter, op.getLoc(), adaptor.getIn(),
                                        to, num::Rounding::NearestEven,
                                        /*saturate=*/false));
    return success();
  }
};

/// Helpers shared by the quantization patterns.
struct QuantScalars {
  OpBuilder &builder;
  Location loc;

  Value i64(int64_t value) {
    return arith::ConstantIntOp::create(builder, loc, value, 64);
  }
  Value floatConstant(FloatType type, double value) {
    return arith::ConstantOp::create(builder, loc,
                                     builder.getFloatAttr(type, value));
  }
  Value select(Value condition, Value a, Value b) {
    return arith::SelectOp::create(builder, loc, condition, a, b);
  }
  Value cmpF(arith::CmpFPredicate predicate, Value a, Value b) {
    return arith::CmpFOp::create(builder, loc, predicate, a, b);
  }
  /// `value` (of type `work`) rounded to nearest even to `expressed` and back,
  /// or `value` itself when `work` is `expressed`.
  Value roundTo(Value value, FloatType expressed) {
    if (value.getType() == expressed)
      return value;
    Value narrow = emitConvertFloat(builder, loc, value, expressed,
                                    num::Rounding::NearestEven,
                                    /*saturate=*/false);
    return emitConvertFloat(builder, loc, narrow,
                            cast<FloatType>(value.getType()),
                            num::Rounding::NearestEven, /*saturate=*/false);
  }
};

/// ap.quantize -> linalg.generic { divf, roundeven, clamp } on the storage
/// type.
struct LowerQuantize : OpConversionPattern<QuantizeOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(QuantizeOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    auto quantType = cast<quant::QuantizedType>(op.getType().getElementType());
    auto expressed = cast<FloatType>(op.getInput().getType().getElementType());
    if (!FloatFormat::get(expressed))
      return rewriter.notifyMatchFailure(op, "unsupported expressed type");
    FloatType work = getWorkType(expressed);
    IntegerType storage = getStorageType(quantType);
    SmallVector<num::QuantParams> params = getQuantParams(quantType);
    Location loc = op.getLoc();
    unsigned rank = op.getType().getRank();
    QuantOperands operands =
        getQuantOperands(rewriter, loc, quantType, expressed, rank);
    int64_t storageMin = quantType.getStorageTypeMin();
    int64_t storageMax = quantType.getStorageTypeMax();

    Value result = createElementwise(
        rewriter, loc, adaptor.getInput(), storage, operands.inputs,
        operands.maps,
        [&](OpBuilder &builder, Location nestedLoc, ValueRange args) {
          QuantScalars s{builder, nestedLoc};
          Value scale, zeroPoint;
          if (operands.inputs.empty()) {
            scale = arith::ConstantOp::create(
                builder, nestedLoc,
                getScaleAttr(params[0].scale, expressed, work));
            zeroPoint = s.i64(params[0].zeroPoint);
          } else {
            scale = args[1];
            zeroPoint = args[2];
          }
          Value x = args[0];
          if (expressed != work)
            x = emitConvertFloat(builder, nestedLoc, x, work,
                                 num::Rounding::NearestEven,
                                 /*saturate=*/false);
          // The quotient, rounded in the expressed type.
          Value quotient = s.roundTo(
              arith::DivFOp::create(builder, nestedLoc, x, scale), expressed);
          Value rounded =
              math::RoundEvenOp::create(builder, nestedLoc, quotient);
          // Clamp to +-2^62 (exact in every work type) so that fptosi is
          // defined; the storage clamp below gives the same result.
          Value big = s.floatConstant(work, 0x1p62);
          Value minusBig = s.floatConstant(work, -0x1p62);
          Value clamped = s.select(
              s.cmpF(arith::CmpFPredicate::OLT, rounded, minusBig), minusBig,
              s.select(s.cmpF(arith::CmpFPredicate::OGT, rounded, big), big,
                       rounded));
          Value quotientIsNaN =
              s.cmpF(arith::CmpFPredicate::UNO, quotient, quotient);
          clamped =
              s.select(quotientIsNaN, s.floatConstant(work, 0.0), clamped);
          Value integer = arith::FPToSIOp::create(
              builder, nestedLoc, builder.getI64Type(), clamped);
          Value stored =
              arith::AddIOp::create(builder, nestedLoc, integer, zeroPoint);
          stored = arith::MaxSIOp::create(builder, nestedLoc, stored,
                                          s.i64(storageMin));
          stored = arith::MinSIOp::create(builder, nestedLoc, stored,
                                          s.i64(storageMax));
          // Beyond the expressed range (NaN in formats without infinities):
          // saturate by the sign of the value.
          Value negative =
              s.cmpF(arith::CmpFPredicate::OLT, x, s.floatConstant(work, 0.0));
          stored = s.select(
              quotientIsNaN,
              s.select(negative, s.i64(storageMin), s.i64(storageMax)), stored);
          // NaN quantizes to the zero point.
          Value isNaN = s.cmpF(arith::CmpFPredicate::UNO, x, x);
          stored = s.select(isNaN, zeroPoint, stored);
          return arith::TruncIOp::create(builder, nestedLoc, storage, stored)
              .getResult();
        });
    rewriter.replaceOp(op, result);
    return success();
  }
};

/// ap.dequantize -> linalg.generic { (q - zero point) * scale } on the
/// storage type.
struct LowerDequantize : OpConversionPattern<DequantizeOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(DequantizeOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    auto quantType =
        cast<quant::QuantizedType>(op.getInput().getType().getElementType());
    auto expressed = cast<FloatType>(op.getType().getElementType());
    if (!FloatFormat::get(expressed))
      return rewriter.notifyMatchFailure(op, "unsupported expressed type");
    FloatType work = getWorkType(expressed);
    SmallVector<num::QuantParams> params = getQuantParams(quantType);
    Location loc = op.getLoc();
    unsigned rank = op.getType().getRank();
    QuantOperands operands =
        getQuantOperands(rewriter, loc, quantType, expressed, rank);
    bool isSigned = quantType.isSigned();

    Value result = createElementwise(
        rewriter, loc, adaptor.getInput(), expressed, operands.inputs,
        operands.maps,
        [&](OpBuilder &builder, Location nestedLoc, ValueRange args) {
          QuantScalars s{builder, nestedLoc};
          Value scale, zeroPoint;
          if (operands.inputs.empty()) {
            scale = arith::ConstantOp::create(
                builder, nestedLoc,
                getScaleAttr(params[0].scale, expressed, work));
            zeroPoint = s.i64(params[0].zeroPoint);
          } else {
            scale = args[1];
            zeroPoint = args[2];
          }
          Value stored = args[0];
          Type i64 = builder.getI64Type();
          if (stored.getType() != i64)
            stored =
                isSigned
                    ? arith::ExtSIOp::create(builder, nestedLoc, i64, stored)
                          .getResult()
                    : arith::ExtUIOp::create(builder, nestedLoc, i64, stored)
                          .getResult();
          // Storage values have at most 32 bits: the difference is exact in
          // i64, and in f64; in f32, sitofp rounds it to nearest even.
          Value difference =
              arith::SubIOp::create(builder, nestedLoc, stored, zeroPoint);
          Value converted =
              arith::SIToFPOp::create(builder, nestedLoc, work, difference);
          converted = s.roundTo(converted, expressed);
          Value product =
              arith::MulFOp::create(builder, nestedLoc, converted, scale);
          if (work == expressed)
            return product;
          return emitConvertFloat(builder, nestedLoc, product, expressed,
                                  num::Rounding::NearestEven,
                                  /*saturate=*/false);
        });
    rewriter.replaceOp(op, result);
    return success();
  }
};

/// quant.scast is the identity on the storage values.
struct LowerStorageCast : OpConversionPattern<quant::StorageCastOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(quant::StorageCastOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    if (adaptor.getInput().getType() !=
        getTypeConverter()->convertType(op.getType()))
      return rewriter.notifyMatchFailure(op, "not a cast of the storage type");
    rewriter.replaceOp(op, adaptor.getInput());
    return success();
  }
};

/// The signature and the types of every block of a function. (The upstream
/// FunctionOpInterface pattern converts the entry block only, which leaves
/// the arguments of the other blocks of a multi-block body quantized.)
struct ConvertFunctionSignature
    : OpInterfaceConversionPattern<FunctionOpInterface> {
  using OpInterfaceConversionPattern::OpInterfaceConversionPattern;

  LogicalResult
  matchAndRewrite(FunctionOpInterface op, ArrayRef<Value> operands,
                  ConversionPatternRewriter &rewriter) const override {
    auto type = dyn_cast<FunctionType>(op.getFunctionType());
    if (!type)
      return rewriter.notifyMatchFailure(op, "not a FunctionType signature");
    const TypeConverter &converter = *getTypeConverter();
    TypeConverter::SignatureConversion signature(type.getNumInputs());
    SmallVector<Type> results;
    if (failed(converter.convertSignatureArgs(type.getInputs(), signature)) ||
        failed(converter.convertTypes(type.getResults(), results)))
      return rewriter.notifyMatchFailure(op, "unconvertible signature");
    if (!op.isExternal() && failed(rewriter.convertRegionTypes(
                                &op.getFunctionBody(), converter, &signature)))
      return rewriter.notifyMatchFailure(op, "unconvertible block types");
    rewriter.modifyOpInPlace(op, [&] {
      op.setType(FunctionType::get(op->getContext(),
                                   signature.getConvertedTypes(), results));
    });
    return success();
  }
};

/// Any other op: the same op with converted operand, result and block
/// argument types. Only ops that merely carry values reach this pattern
/// (ops that interpret quantized values are rejected before the
/// conversion).
struct ConvertTypesOfAnyOp : ConversionPattern {
  ConvertTypesOfAnyOp(const TypeConverter &converter, MLIRContext *context)
      : ConversionPattern(converter, MatchAnyOpTypeTag(), /*benefit=*/0,
                          context) {}

  LogicalResult
  matchAndRewrite(Operation *op, ArrayRef<Value> operands,
                  ConversionPatternRewriter &rewriter) const override {
    if (isa<FunctionOpInterface>(op))
      return rewriter.notifyMatchFailure(op, "functions have their pattern");
    const TypeConverter &converter = *getTypeConverter();
    SmallVector<Type> resultTypes;
    if (failed(converter.convertTypes(op->getResultTypes(), resultTypes)))
      return rewriter.notifyMatchFailure(op, "unconvertible result types");
    OperationState state(op->getLoc(), op->getName());
    state.addOperands(operands);
    state.addTypes(resultTypes);
    state.addAttributes(op->getDiscardableAttrDictionary().getValue());
    state.propertiesAttr = op->getPropertiesAsAttribute();
    state.addSuccessors(op->getSuccessors());
    for (unsigned i = 0, e = op->getNumRegions(); i < e; ++i)
      state.addRegion();
    Operation *newOp = rewriter.create(state);
    for (auto [oldRegion, newRegion] :
         llvm::zip(op->getRegions(), newOp->getRegions())) {
      rewriter.inlineRegionBefore(oldRegion, newRegion, newRegion.end());
      if (failed(rewriter.convertRegionTypes(&newRegion, converter)))
        return rewriter.notifyMatchFailure(op, "unconvertible block types");
    }
    rewriter.replaceOp(op, newOp->getResults());
    return success();
  }
};
} // namespace

//===----------------------------------------------------------------------===//
// The pass
//===----------------------------------------------------------------------===//

/// Reports the ops the pass cannot lower; returns failure if there is one.
static LogicalResult checkLowerable(ModuleOp module) {
  bool ok = true;
  auto hasQuantized = [](Operation *op) {
    return llvm::any_of(op->getOperandTypes(), containsQuantizedType) ||
           llvm::any_of(op->getResultTypes(), containsQuantizedType);
  };
  module.walk([&](Operation *op) {
    if (auto convert = dyn_cast<ConvertOp>(op)) {
      for (Type type : {convert.getInput().getType().getElementType(),
                        convert.getType().getElementType()})
        if (!FloatFormat::get(type)) {
          op->emitError("cannot lower a conversion involving ")
              << type
              << ": only formats with IEEE-style or all-ones NaN encodings "
                 "of 8, 16, 32 or 64 bits are emulated";
          ok = false;
        }
      return;
    }
    if (isa<QuantizeOp, DequantizeOp>(op)) {
      Type expressed =
          isa<QuantizeOp>(op)
              ? cast<ShapedType>(op->getOperand(0).getType()).getElementType()
              : cast<ShapedType>(op->getResult(0).getType()).getElementType();
      if (!FloatFormat::get(expressed)) {
        op->emitError("cannot lower quantization expressed in ") << expressed;
        ok = false;
      }
      return;
    }
    if (!hasQuantized(op))
      return;
    if (isa<quant::QuantizeCastOp, quant::DequantizeCastOp>(op)) {
      op->emitError("cannot lower '")
          << op->getName()
          << "': its rounding differs from ap.quantize; run "
             "--lower-quant-ops first or use ap.quantize/ap.dequantize";
      ok = false;
    } else if (isa<ObserveOp, ProbeOp>(op)) {
      op->emitError("cannot lower '")
          << op->getName()
          << "' of a quantized tensor: its storage type would lose the "
             "quantization parameters; observe or probe the dequantized "
             "value instead";
      ok = false;
    }
  });
  return success(ok);
}

/// The type the FP8 input `operand` of `op` is widened to when its block
/// argument is used only by arith.extf ops to that one type (a type LLVM
/// has); none otherwise.
static Type getOnlyWidening(linalg::LinalgOp op, OpOperand *operand) {
  auto tensor = dyn_cast<RankedTensorType>(operand->get().getType());
  if (!tensor || !isEmulatedFloat(tensor.getElementType()))
    return {};
  BlockArgument argument = op.getMatchingBlockArgument(operand);
  Type wide;
  for (Operation *user : argument.getUsers()) {
    auto extension = dyn_cast<arith::ExtFOp>(user);
    if (!extension || (wide && extension.getType() != wide))
      return {};
    wide = extension.getType();
  }
  return wide && !isEmulatedFloat(wide) ? wide : Type();
}

/// Prepares the structured ops whose bodies widen FP8 operands (a
/// linalg.matmul on f8E4M3FN inputs accumulating in f32), which LLVM cannot
/// compile. An FP8 tensor input whose block argument is only widened, to one
/// type, is widened once, before the op, by an exact ap.convert (lowered
/// below like the others, or folded for constants), instead of once per
/// iteration: a named op is recreated on the widened inputs (its
/// definition builds the body for the new types), a generic op reads them
/// in place of the FP8 ones. A named op with other uses of FP8 scalars
/// becomes a linalg.generic (its body changes below, and would no longer be
/// the one its definition builds), and LowerNarrowExtension emulates the
/// widenings in the body.
static void prepareNarrowFloatOps(ModuleOp module) {
  SmallVector<linalg::LinalgOp> ops;
  module.walk([&](linalg::LinalgOp op) {
    if (op.getBlock() &&
        llvm::any_of(op.getBlock()->getOps<arith::ExtFOp>(),
                     [](arith::ExtFOp extension) {
                       return isEmulatedFloat(extension.getIn().getType());
                     }))
      ops.push_back(op);
  });
  IRRewriter rewriter(module.getContext());
  for (linalg::LinalgOp op : ops) {
    rewriter.setInsertionPoint(op);
    SmallVector<std::pair<OpOperand *, Type>> widenings;
    bool allWidened = op.hasPureTensorSemantics();
    for (OpOperand &operand : op->getOpOperands()) {
      auto tensor = dyn_cast<RankedTensorType>(operand.get().getType());
      if (!tensor || !isEmulatedFloat(tensor.getElementType()))
        continue;
      Type wide =
          op.isDpsInput(&operand) ? getOnlyWidening(op, &operand) : Type();
      if (wide)
        widenings.emplace_back(&operand, wide);
      else
        allWidened = false;
    }
    auto widen = [&](OpOperand *operand, Type wide) {
      // Constant operands (weights) are widened at compile time.
      auto tensor = cast<RankedTensorType>(operand->get().getType());
      return rewriter.createOrFold<ConvertOp>(op.getLoc(), tensor.clone(wide),
                                              operand->get());
    };

    auto generic = dyn_cast<linalg::GenericOp>(op.getOperation());
    if (!generic) {
      auto regionBuilder = op.getRegionBuilder();
      if (allWidened && regionBuilder) {
        SmallVector<Value> operands(op->getOperands());
        for (auto [operand, wide] : widenings)
          operands[operand->getOperandNumber()] = widen(operand, wide);
        Operation *clone = rewriter.clone(*op);
        clone->setOperands(operands);
        Region &region = clone->getRegion(0);
        Block &oldBody = region.front();
        auto *body = new Block();
        region.push_back(body);
        for (Value operand : operands)
          body->addArgument(getElementTypeOrSelf(operand.getType()),
                            op.getLoc());
        oldBody.dropAllDefinedValueUses();
        oldBody.erase();
        ImplicitLocOpBuilder bodyBuilder(op.getLoc(), module.getContext());
        bodyBuilder.setInsertionPointToStart(body);
        regionBuilder(bodyBuilder, *body, {},
                      [&] { return clone->emitError(); });
        rewriter.replaceOp(op, clone->getResults());
        continue;
      }
      FailureOr<linalg::GenericOp> generalized =
          linalg::generalizeNamedOp(rewriter, op);
      if (failed(generalized))
        continue;
      generic = *generalized;
    }
    for (auto [operand, wide] : widenings) {
      OpOperand &genericOperand =
          generic->getOpOperand(operand->getOperandNumber());
      BlockArgument argument =
          generic.getMatchingBlockArgument(&genericOperand);
      Value widened = widen(&genericOperand, wide);
      rewriter.modifyOpInPlace(generic, [&] {
        genericOperand.set(widened);
        argument.setType(wide);
      });
      for (Operation *user : llvm::make_early_inc_range(argument.getUsers()))
        rewriter.replaceOp(user, argument);
    }
  }
}

namespace {
struct LowerNumericsPass
    : mlir::ap::impl::APLowerNumericsBase<LowerNumericsPass> {
  using Base::Base;

  /// prepareNarrowFloatOps creates ap.convert ops, also in modules that
  /// have none (a linalg.matmul on FP8 arguments alone), so the ap dialect
  /// must be loaded before the pass runs.
  void runOnOperation() override {
    ModuleOp module = getOperation();
    if (failed(checkLowerable(module)))
      return signalPassFailure();
    prepareNarrowFloatOps(module);

    MLIRContext *context = &getContext();
    StorageTypeConverter converter;
    ConversionTarget target(*context);
    target.addIllegalOp<ConvertOp, QuantizeOp, DequantizeOp,
                        quant::StorageCastOp>();
    target.addDynamicallyLegalOp<arith::ExtFOp>([&](arith::ExtFOp op) {
      return converter.isLegal(op.getOperation()) &&
             !isEmulatedFloat(op.getIn().getType());
    });
    target.markUnknownOpDynamicallyLegal([&](Operation *op) {
      if (auto function = dyn_cast<FunctionOpInterface>(op)) {
        auto type = dyn_cast<FunctionType>(function.getFunctionType());
        if (type && !converter.isSignatureLegal(type))
          return false;
      }
      return converter.isLegal(op) &&
             llvm::all_of(op->getRegions(), [&](Region &region) {
               return converter.isLegal(&region);
             });
    });

    RewritePatternSet patterns(context);
    patterns.add<LowerConvert, LowerQuantize, LowerDequantize, LowerStorageCast,
                 LowerNarrowExtension>(converter, context);
    patterns.add<ConvertTypesOfAnyOp>(converter, context);
    patterns.add<ConvertFunctionSignature>(converter, context);
    populateCallOpTypeConversionPattern(patterns, converter);
    populateReturnOpTypeConversionPattern(patterns, converter);
    populateBranchOpInterfaceTypeConversionPattern(patterns, converter);
    scf::populateSCFStructuralTypeConversionsAndLegality(converter, patterns,
                                                         target);
    if (failed(applyPartialConversion(module, target, std::move(patterns))))
      signalPassFailure();
  }
};
} // namespace
