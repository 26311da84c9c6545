//===- VerifierTest.cpp - Verifier checks unreachable from text -----------===//
//
// Part of the ap project: an adaptive-precision compiler built on MLIR.
//
//===----------------------------------------------------------------------===//
//
// The quant dialect's parser rejects quantized types whose scale is not
// positive, or not representable in the expressed type, before any ap
// verifier runs, so invalid.mlir cannot reach ap's own checks of these
// invariants. Code that builds types with the unchecked `get` can, and these
// tests do, as can callers of TargetAttr::verifyEndpoint.
//
//===----------------------------------------------------------------------===//

#include "ap/Dialect/AP/IR/APDialect.h"
#include "ap/Dialect/AP/IR/APOps.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Quant/IR/Quant.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/IR/Verifier.h"

#include "gtest/gtest.h"

#include <string>

using namespace mlir;
using namespace mlir::ap;

namespace {
class VerifierTest : public ::testing::Test {
protected:
  VerifierTest() : builder(&context) {
    context.loadDialect<APDialect, func::FuncDialect, quant::QuantDialect>();
  }

  /// Verifies `ap.quantize : tensor<4xexpressed> -> tensor<4xquantType>` and
  /// returns the first diagnostic, or "" when it verifies.
  std::string verifyQuantize(Type expressed, Type quantType,
                             ArrayRef<int64_t> shape = {4}) {
    Location loc = builder.getUnknownLoc();
    OwningOpRef<ModuleOp> module = ModuleOp::create(loc);
    builder.setInsertionPointToEnd(module->getBody());
    auto input = RankedTensorType::get(shape, expressed);
    auto output = RankedTensorType::get(shape, quantType);
    auto function = func::FuncOp::create(builder, loc, "f",
                                         builder.getFunctionType({input}, {}));
    Block *entry = function.addEntryBlock();
    builder.setInsertionPointToStart(entry);
    QuantizeOp::create(builder, loc, output, entry->getArgument(0));
    func::ReturnOp::create(builder, loc);
    return firstDiagnostic([&] { return verify(*module); });
  }

  /// Runs `check` and returns the first diagnostic it reports.
  std::string firstDiagnostic(function_ref<LogicalResult()> check) {
    std::string message;
    ScopedDiagnosticHandler handler(&context, [&](Diagnostic &diagnostic) {
      if (message.empty())
        message = diagnostic.str();
      return success();
    });
    if (succeeded(check()))
      return "";
    return message;
  }

  /// A per-tensor i8 type with `scale`, built without the quant checks.
  Type uncheckedPerTensor(Type expressed, double scale) {
    return quant::UniformQuantizedType::get(
        quant::QuantizationFlags::Signed, builder.getI8Type(), expressed, scale,
        /*zeroPoint=*/0, /*storageTypeMin=*/-128,
        /*storageTypeMax=*/127);
  }

  MLIRContext context;
  OpBuilder builder;
};
} // namespace

// The unchecked `get` verifies the invariants anyway in builds with
// assertions, which would abort before the ap verifier runs.
#ifdef NDEBUG
#define SKIP_WITH_ASSERTIONS()
#else
#define SKIP_WITH_ASSERTIONS()                                                 \
  GTEST_SKIP() << "quant types check their invariants in assertion builds"
#endif

TEST_F(VerifierTest, ScaleOverflowsExpressedType) {
  SKIP_WITH_ASSERTIONS();
  // 1e10 is beyond the f16 range (65504): it rounds to +inf.
  Type f16 = builder.getF16Type();
  EXPECT_EQ(verifyQuantize(f16, uncheckedPerTensor(f16, 1.0e10)),
            "'ap.quantize' op scale 1.000000e+10 overflows in the expressed "
            "type 'f16'");
}

TEST_F(VerifierTest, ScaleUnderflowsExpressedType) {
  SKIP_WITH_ASSERTIONS();
  // 1e-10 is below half the smallest f16 subnormal (2^-25 = 2.98e-8).
  Type f16 = builder.getF16Type();
  EXPECT_EQ(verifyQuantize(f16, uncheckedPerTensor(f16, 1.0e-10)),
            "'ap.quantize' op scale 1.000000e-10 underflows to zero in the "
            "expressed type 'f16'");
}

TEST_F(VerifierTest, ScaleNotPositive) {
  SKIP_WITH_ASSERTIONS();
  Type f32 = builder.getF32Type();
  EXPECT_EQ(verifyQuantize(f32, uncheckedPerTensor(f32, -0.5)),
            "'ap.quantize' op scale -5.000000e-01 must be positive and "
            "finite");
  EXPECT_EQ(verifyQuantize(f32, uncheckedPerTensor(f32, 0.0)),
            "'ap.quantize' op scale 0.000000e+00 must be positive and "
            "finite");
}

TEST_F(VerifierTest, PerAxisScaleNamesItsIndex) {
  SKIP_WITH_ASSERTIONS();
  Type f16 = builder.getF16Type();
  Type type = quant::UniformQuantizedPerAxisType::get(
      quant::QuantizationFlags::Signed, builder.getI8Type(), f16,
      /*scales=*/{0.5, 1.0e9}, /*zeroPoints=*/{0, 0},
      /*quantizedDimension=*/0, -128, 127);
  EXPECT_EQ(verifyQuantize(f16, type, {2, 3}),
            "'ap.quantize' op scale #1 1.000000e+09 overflows in the "
            "expressed type 'f16'");
}

TEST_F(VerifierTest, ValidTypeVerifies) {
  Type f32 = builder.getF32Type();
  EXPECT_EQ(verifyQuantize(f32, uncheckedPerTensor(f32, 0.25)), "");
}

TEST_F(VerifierTest, EndpointNestingIsChecked) {
  auto device = DeviceAttr::get(&context, builder.getStringAttr("npu"),
                                DeviceKind::Host, {Precision::F32});
  auto target =
      TargetAttr::get(&context, {device}, {}, builder.getStringAttr("npu"),
                      builder.getStringAttr("npu"));
  auto tooDeep = SymbolRefAttr::get(builder.getStringAttr("npu"),
                                    {FlatSymbolRefAttr::get(&context, "dram"),
                                     FlatSymbolRefAttr::get(&context, "bank")});
  Location loc = builder.getUnknownLoc();
  EXPECT_EQ(firstDiagnostic([&] {
              return target.verifyEndpoint([&] { return emitError(loc); },
                                           tooDeep, "source");
            }),
            "source @npu::@dram::@bank must be @device or "
            "@device::@memory_tier");
  EXPECT_EQ(firstDiagnostic([&] {
              return target.verifyEndpoint([&] { return emitError(loc); },
                                           SymbolRefAttr::get(&context, "npu"),
                                           "source");
            }),
            "");
}
