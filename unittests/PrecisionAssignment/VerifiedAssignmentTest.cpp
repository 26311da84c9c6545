//===- VerifiedAssignmentTest.cpp - Tests of the verified mode ------------===//
//
// Part of the ap project: an adaptive-precision compiler built on MLIR.
//
//===----------------------------------------------------------------------===//
//
// The verified mode on a small MLP of random weights (fixed seed) whose
// sensitivity table claims, wrongly, that every lossy precision loses
// nothing: the estimates choose fp8 everywhere, the measurement disagrees,
// and the loop must raise sites until the measured loss is within the
// tolerance. The final decision is then executed independently (another
// optimization level, another comparison code) to check that loss.
//
//===----------------------------------------------------------------------===//

#include "ap/PrecisionAssignment/VerifiedAssignment.h"

#include "ap/Dialect/AP/Transforms/Passes.h"
#include "ap/InitAll.h"

#include "mlir/IR/MLIRContext.h"
#include "mlir/InitAllDialects.h"
#include "mlir/InitAllExtensions.h"
#include "mlir/Parser/Parser.h"
#include "mlir/Pass/PassManager.h"
#include "llvm/Support/raw_ostream.h"

#include "gtest/gtest.h"

#include <cmath>
#include <random>

using namespace mlir;
using namespace mlir::ap;
using execution::CalibrationData;
using execution::CompiledModule;
using npy::NpyArray;

namespace {

constexpr int64_t kRows = 16, kInputs = 32, kHidden = 32, kClasses = 10;
constexpr int64_t kBatches = 4;

/// `count` values drawn uniformly from [-scale, scale].
std::vector<float> randomValues(std::mt19937 &generator, int64_t count,
                                float scale) {
  std::uniform_real_distribution<float> distribution(-scale, scale);
  std::vector<float> values(count);
  for (float &value : values)
    value = distribution(generator);
  return values;
}

/// A dense<[[...]]> literal of a rows x columns matrix.
std::string denseLiteral(llvm::ArrayRef<float> values, int64_t rows,
                         int64_t columns) {
  std::string text;
  llvm::raw_string_ostream os(text);
  os << "dense<[";
  for (int64_t row = 0; row < rows; ++row) {
    os << (row ? ", [" : "[");
    for (int64_t column = 0; column < columns; ++column)
      os << (column ? ", " : "")
         << llvm::format("%.9g", values[row * columns + column]);
    os << "]";
  }
  os << "]>";
  return text;
}

/// The MLP: relu(x W1) W2, on tensor<16x32xf32>.
std::string makeModule(std::mt19937 &generator) {
  std::vector<float> w1 = randomValues(generator, kInputs * kHidden, 0.5f);
  std::vector<float> w2 = randomValues(generator, kHidden * kClasses, 0.5f);
  std::string text;
  llvm::raw_string_ostream os(text);
  os << "func.func @main(%x: tensor<16x32xf32>) -> tensor<16x10xf32> {\n"
     << "  %zero = arith.constant 0.0 : f32\n"
     << "  %w1 = arith.constant " << denseLiteral(w1, kInputs, kHidden)
     << " : tensor<32x32xf32>\n"
     << "  %w2 = arith.constant " << denseLiteral(w2, kHidden, kClasses)
     << " : tensor<32x10xf32>\n"
     << R"mlir(
  %e1 = tensor.empty() : tensor<16x32xf32>
  %a1 = linalg.fill ins(%zero : f32) outs(%e1 : tensor<16x32xf32>) -> tensor<16x32xf32>
  %h = linalg.matmul ins(%x, %w1 : tensor<16x32xf32>, tensor<32x32xf32>)
                     outs(%a1 : tensor<16x32xf32>) -> tensor<16x32xf32>
  %r = linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>,
                                        affine_map<(d0, d1) -> (d0, d1)>],
                       iterator_types = ["parallel", "parallel"]}
      ins(%h : tensor<16x32xf32>) outs(%e1 : tensor<16x32xf32>) {
  ^bb0(%in: f32, %out: f32):
    %m = arith.maximumf %in, %zero : f32
    linalg.yield %m : f32
  } -> tensor<16x32xf32>
  %e2 = tensor.empty() : tensor<16x10xf32>
  %a2 = linalg.fill ins(%zero : f32) outs(%e2 : tensor<16x10xf32>) -> tensor<16x10xf32>
  %y = linalg.matmul ins(%r, %w2 : tensor<16x32xf32>, tensor<32x10xf32>)
                     outs(%a2 : tensor<16x10xf32>) -> tensor<16x10xf32>
  return %y : tensor<16x10xf32>
}
)mlir";
  return text;
}

class VerifiedAssignmentTest : public ::testing::Test {
protected:
  void SetUp() override {
    DialectRegistry registry;
    mlir::registerAllDialects(registry);
    mlir::registerAllExtensions(registry);
    ap::registerAllDialects(registry);
    context.appendDialectRegistry(registry);
    context.loadAllAvailableDialects();

    std::mt19937 generator(20261123);
    module = parseSourceString<ModuleOp>(makeModule(generator), &context);
    ASSERT_TRUE(module);
    // The default target: its default device, gpu, computes f32, f16, bf16
    // and both fp8 formats.
    PassManager pm(&context);
    APAttachTargetOptions attach;
    attach.builtin = "default";
    pm.addPass(createAPAttachTarget(attach));
    ASSERT_TRUE(succeeded(pm.run(*module)));

    NpyArray inputs(npy::DType::F32, {kRows * kBatches, kInputs});
    std::vector<float> values =
        randomValues(generator, kRows * kBatches * kInputs, 2.0f);
    llvm::copy(values, inputs.getMutableValues<float>().begin());
    data.arguments.push_back(std::move(inputs));
    data.batches = kBatches;
  }

  /// A table that claims every lossy precision of both matmuls loses 0 in
  /// `metric`.
  static SensitivityTable makeOptimisticTable(llvm::StringRef metric) {
    SensitivityTable table;
    table.source = "execution";
    table.metric = metric.str();
    for (llvm::StringRef key : {"main#1", "main#4"}) {
      OpSensitivity op;
      op.key = key.str();
      op.name = "linalg.matmul";
      for (Precision precision : {Precision::F16, Precision::BF16,
                                  Precision::F8E4M3FN, Precision::F8E5M2})
        op.losses.push_back({precision, 0.0});
      EXPECT_TRUE(table.addOp(std::move(op)));
    }
    return table;
  }

  PrecisionAssignmentOptions makeOptions(double tolerance) {
    PrecisionAssignmentOptions options;
    options.tolerance = tolerance;
    // Without transfer costs, the fastest kernels (fp8) win by the
    // estimates.
    options.wXfer = 0;
    return options;
  }

  /// The outputs of `copy` compiled at opt-level 3 on every batch.
  std::vector<float> runAll(ModuleOp copy) {
    llvm::Expected<CompiledModule> compiled =
        CompiledModule::compile(copy, {"main"});
    EXPECT_TRUE(static_cast<bool>(compiled))
        << llvm::toString(compiled.takeError());
    std::vector<float> outputs;
    if (!compiled)
      return outputs;
    for (int64_t batch = 0; batch < kBatches; ++batch) {
      NpyArray input(npy::DType::F32, {kRows, kInputs});
      llvm::ArrayRef<float> all = data.arguments[0].getValues<float>();
      llvm::copy(all.slice(batch * kRows * kInputs, kRows * kInputs),
                 input.getMutableValues<float>().begin());
      NpyArray output(npy::DType::F32, {kRows, kClasses});
      llvm::Error error = compiled->call("main", {&input}, {&output});
      EXPECT_FALSE(static_cast<bool>(error))
          << llvm::toString(std::move(error));
      llvm::append_range(outputs, output.getValues<float>());
    }
    return outputs;
  }

  MLIRContext context;
  OwningOpRef<ModuleOp> module;
  CalibrationData data;
};

TEST_F(VerifiedAssignmentTest, KeepsTheMeasuredLossWithinTolerance) {
  constexpr double kTolerance = 0.01;
  SensitivityTable table = makeOptimisticTable("relative_l2");
  FailureOr<PrecisionAssignment> assignment = PrecisionAssignment::analyze(
      *module, table, /*profile=*/nullptr, makeOptions(kTolerance));
  ASSERT_TRUE(succeeded(assignment));
  ASSERT_EQ(assignment->getPlans().size(), 2u);

  llvm::Expected<VerifiedAssignment> verified =
      verifyAssignment(*assignment, *module, data, VerificationOptions());
  ASSERT_TRUE(static_cast<bool>(verified))
      << llvm::toString(verified.takeError());

  // The estimates were wrong: the first decision, in fp8, measured above
  // the tolerance, and at least one site was raised.
  ASSERT_GE(verified->iterations.size(), 2u);
  const VerificationIteration &first = verified->iterations.front();
  EXPECT_EQ(first.estimatedLoss, 0.0);
  EXPECT_GT(first.measuredLoss, kTolerance);
  for (const std::string &label : first.labels)
    EXPECT_TRUE(llvm::StringRef(label).starts_with("f8")) << label;
  for (const VerificationIteration &iteration :
       llvm::ArrayRef(verified->iterations).drop_back()) {
    ASSERT_TRUE(iteration.raise.has_value());
    // Nothing is less lossy by the estimates: raises go by precision.
    EXPECT_EQ(iteration.raise->rule, RaiseRule::Precision);
    EXPECT_GT(iteration.measuredLoss, kTolerance);
  }
  EXPECT_FALSE(verified->iterations.back().raise.has_value());
  EXPECT_LE(verified->getMeasuredLoss(), kTolerance);
  EXPECT_EQ(verified->examples, kRows * kBatches);

  // Executed independently: the f32 module and the final decision, at
  // opt-level 3, compared by hand.
  OwningOpRef<ModuleOp> reference = module->clone();
  std::vector<float> expected = runAll(*reference);
  OwningOpRef<ModuleOp> assigned = module->clone();
  ASSERT_TRUE(succeeded(assignment->apply(*assigned, verified->getDecision())));
  std::vector<float> actual = runAll(*assigned);
  ASSERT_EQ(expected.size(), actual.size());
  ASSERT_EQ(expected.size(), size_t(kRows * kBatches * kClasses));
  double squares = 0, errors = 0;
  for (auto [x, y] : llvm::zip_equal(expected, actual)) {
    squares += double(x) * x;
    errors += (double(y) - x) * (double(y) - x);
  }
  double loss = std::sqrt(errors / squares);
  EXPECT_LE(loss, kTolerance);
  EXPECT_NEAR(loss, verified->getMeasuredLoss(), 1e-5);
  // Not everything went back to f32: the verified mode kept what it could.
  EXPECT_GT(loss, 0.0);
}

TEST_F(VerifiedAssignmentTest, FailsCleanlyWhenTheToleranceCannotBeMet) {
  // Only fp8 formats: nothing reaches a relative L2 error of 1e-6.
  SensitivityTable table = makeOptimisticTable("relative_l2");
  PrecisionAssignmentOptions options = makeOptions(1e-6);
  options.candidates = {Precision::F8E4M3FN, Precision::F8E5M2};
  FailureOr<PrecisionAssignment> assignment =
      PrecisionAssignment::analyze(*module, table, nullptr, options);
  ASSERT_TRUE(succeeded(assignment));
  llvm::Expected<VerifiedAssignment> verified =
      verifyAssignment(*assignment, *module, data, VerificationOptions());
  ASSERT_FALSE(static_cast<bool>(verified));
  std::string message = llvm::toString(verified.takeError());
  EXPECT_NE(message.find("nothing is left to raise"), std::string::npos)
      << message;
  EXPECT_NE(message.find("the smallest measured loss reached was"),
            std::string::npos)
      << message;
  EXPECT_NE(message.find("f32 is not an allowed candidate"), std::string::npos)
      << message;
}

TEST_F(VerifiedAssignmentTest, StopsAfterMaxIterations) {
  SensitivityTable table = makeOptimisticTable("relative_l2");
  FailureOr<PrecisionAssignment> assignment =
      PrecisionAssignment::analyze(*module, table, nullptr, makeOptions(0.01));
  ASSERT_TRUE(succeeded(assignment));
  VerificationOptions options;
  options.maxIterations = 1;
  llvm::Expected<VerifiedAssignment> verified =
      verifyAssignment(*assignment, *module, data, options);
  ASSERT_FALSE(static_cast<bool>(verified));
  std::string message = llvm::toString(verified.takeError());
  EXPECT_NE(message.find("after 1 iterations (max-iterations)"),
            std::string::npos)
      << message;
}

TEST_F(VerifiedAssignmentTest, NeedsAnOutputMetric) {
  SensitivityTable table = makeOptimisticTable("proxy");
  FailureOr<PrecisionAssignment> assignment =
      PrecisionAssignment::analyze(*module, table, nullptr, makeOptions(0.01));
  ASSERT_TRUE(succeeded(assignment));
  llvm::Expected<VerifiedAssignment> verified =
      verifyAssignment(*assignment, *module, data, VerificationOptions());
  ASSERT_FALSE(static_cast<bool>(verified));
  std::string message = llvm::toString(verified.takeError());
  EXPECT_NE(message.find("'proxy', which is not a metric of the model's "
                         "outputs"),
            std::string::npos)
      << message;
  EXPECT_NE(
      message.find("top1_disagreement, accuracy_drop, relative_l2, softmax_kl"),
      std::string::npos)
      << message;

  llvm::Expected<execution::Metric> drop =
      getVerificationMetric("accuracy_drop", /*hasLabels=*/false);
  ASSERT_FALSE(static_cast<bool>(drop));
  EXPECT_NE(llvm::toString(drop.takeError()).find("labels"), std::string::npos);
  llvm::Expected<execution::Metric> kl =
      getVerificationMetric("softmax_kl", /*hasLabels=*/false);
  ASSERT_TRUE(static_cast<bool>(kl));
  EXPECT_EQ(*kl, execution::Metric::SoftmaxKL);
}

} // namespace
