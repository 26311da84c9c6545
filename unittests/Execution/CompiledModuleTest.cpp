//===- CompiledModuleTest.cpp - Tests of JIT-compiled functions -----------===//
//
// Part of the ap project: an adaptive-precision compiler built on MLIR.
//
//===----------------------------------------------------------------------===//
//
// Compiles small modules for the host and calls their functions on arrays;
// the expected results are computed by hand.
//
//===----------------------------------------------------------------------===//

#include "ap/Execution/CompiledModule.h"

#include "ap/InitAll.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/InitAllDialects.h"
#include "mlir/InitAllExtensions.h"
#include "mlir/Parser/Parser.h"

#include "gtest/gtest.h"

#include <thread>

using namespace mlir;
using namespace mlir::ap;
using namespace mlir::ap::execution;
using npy::NpyArray;

namespace {

/// Two functions: a 2x3 by 3x2 matmul plus one, and a sum of two vectors
/// of i32 (to check dtypes), and a private helper.
constexpr const char *kModule = R"mlir(
func.func @affine(%x: tensor<2x3xf32>, %w: tensor<3x2xf32>) -> tensor<2x2xf32> {
  %zero = arith.constant 0.0 : f32
  %init = tensor.empty() : tensor<2x2xf32>
  %acc = linalg.fill ins(%zero : f32) outs(%init : tensor<2x2xf32>) -> tensor<2x2xf32>
  %y = linalg.matmul ins(%x, %w : tensor<2x3xf32>, tensor<3x2xf32>)
                     outs(%acc : tensor<2x2xf32>) -> tensor<2x2xf32>
  %one = arith.constant dense<1.0> : tensor<2x2xf32>
  %z = arith.addf %y, %one : tensor<2x2xf32>
  return %z : tensor<2x2xf32>
}
func.func @add(%a: tensor<4xi32>, %b: tensor<4xi32>) -> (tensor<4xi32>, tensor<4xi32>) {
  %s = call @helper(%a, %b) : (tensor<4xi32>, tensor<4xi32>) -> tensor<4xi32>
  return %s, %a : tensor<4xi32>, tensor<4xi32>
}
func.func private @helper(%a: tensor<4xi32>, %b: tensor<4xi32>) -> tensor<4xi32> {
  %s = arith.addi %a, %b : tensor<4xi32>
  return %s : tensor<4xi32>
}
func.func @dynamic(%a: tensor<?xf32>) -> tensor<?xf32> {
  return %a : tensor<?xf32>
}
)mlir";

class CompiledModuleTest : public ::testing::Test {
protected:
  CompiledModuleTest() {
    DialectRegistry registry;
    mlir::registerAllDialects(registry);
    mlir::registerAllExtensions(registry);
    mlir::ap::registerAllDialects(registry);
    context.appendDialectRegistry(registry);
    context.loadAllAvailableDialects();
    module = parseSourceString<ModuleOp>(kModule, &context);
  }

  MLIRContext context;
  OwningOpRef<ModuleOp> module;
};

NpyArray makeF32(ArrayRef<int64_t> shape, ArrayRef<float> values) {
  NpyArray array(npy::DType::F32, shape);
  llvm::copy(values, array.getMutableValues<float>().begin());
  return array;
}

TEST_F(CompiledModuleTest, CallsFunctionsOnArrays) {
  ASSERT_TRUE(module);
  llvm::Expected<CompiledModule> compiled =
      CompiledModule::compile(*module, {"affine", "add"});
  ASSERT_TRUE(static_cast<bool>(compiled))
      << llvm::toString(compiled.takeError());
  EXPECT_TRUE(compiled->hasFunction("affine"));
  EXPECT_FALSE(compiled->hasFunction("helper"));

  // [[1 2 3] [4 5 6]] x [[1 0] [0 1] [1 1]] = [[4 5] [10 11]], plus 1.
  NpyArray x = makeF32({2, 3}, {1, 2, 3, 4, 5, 6});
  NpyArray w = makeF32({3, 2}, {1, 0, 0, 1, 1, 1});
  SmallVector<NpyArray> results = compiled->allocateResults("affine");
  ASSERT_EQ(results.size(), 1u);
  EXPECT_EQ(results[0].shape, SmallVector<int64_t>({2, 2}));
  ASSERT_FALSE(
      static_cast<bool>(compiled->call("affine", {&x, &w}, {&results[0]})));
  EXPECT_EQ(results[0].getValues<float>(), ArrayRef<float>({5, 6, 11, 12}));

  // Several results, a callee, integers.
  NpyArray a(npy::DType::I32, {4}), b(npy::DType::I32, {4});
  for (int i = 0; i < 4; ++i) {
    a.getMutableValues<int32_t>()[i] = i;
    b.getMutableValues<int32_t>()[i] = 10 * i;
  }
  SmallVector<NpyArray> sums = compiled->allocateResults("add");
  ASSERT_EQ(sums.size(), 2u);
  ASSERT_FALSE(
      static_cast<bool>(compiled->call("add", {&a, &b}, {&sums[0], &sums[1]})));
  EXPECT_EQ(sums[0].getValues<int32_t>(), ArrayRef<int32_t>({0, 11, 22, 33}));
  EXPECT_EQ(sums[1].getValues<int32_t>(), ArrayRef<int32_t>({0, 1, 2, 3}));

  // Views of parts of larger arrays: the second row of x.
  NpyArray row = makeF32({2, 3}, {0, 0, 0, 1, 1, 1});
  NpyArray out(npy::DType::F32, {2, 2});
  ArrayView views[] = {{row.data.data(), x.shape}, {w.data.data(), w.shape}};
  ArrayView outViews[] = {{out.data.data(), out.shape}};
  ASSERT_FALSE(static_cast<bool>(compiled->call("affine", views, outViews)));
  EXPECT_EQ(out.getValues<float>(), ArrayRef<float>({1, 1, 3, 3}));
}

TEST_F(CompiledModuleTest, CallsFromSeveralThreads) {
  ASSERT_TRUE(module);
  llvm::Expected<CompiledModule> compiled =
      CompiledModule::compile(*module, {"affine"});
  ASSERT_TRUE(static_cast<bool>(compiled))
      << llvm::toString(compiled.takeError());
  // Each thread multiplies its own x by the identity-like w: row sums + 1.
  NpyArray w = makeF32({3, 2}, {1, 0, 0, 1, 1, 1});
  std::vector<int> failures(4, 0);
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t)
    threads.emplace_back([&, t] {
      for (int i = 0; i < 200; ++i) {
        float v = static_cast<float>(t * 1000 + i);
        NpyArray x = makeF32({2, 3}, {v, 0, 0, 0, v, 0});
        NpyArray out(npy::DType::F32, {2, 2});
        if (llvm::Error error = compiled->call("affine", {&x, &w}, {&out})) {
          llvm::consumeError(std::move(error));
          ++failures[t];
          continue;
        }
        if (out.getValues<float>() != ArrayRef<float>({v + 1, 1, 1, v + 1}))
          ++failures[t];
      }
    });
  for (std::thread &thread : threads)
    thread.join();
  EXPECT_EQ(failures, std::vector<int>(4, 0));
}

TEST_F(CompiledModuleTest, ChecksArrays) {
  ASSERT_TRUE(module);
  llvm::Expected<CompiledModule> compiled =
      CompiledModule::compile(*module, {"affine"});
  ASSERT_TRUE(static_cast<bool>(compiled))
      << llvm::toString(compiled.takeError());
  NpyArray x = makeF32({2, 3}, {1, 2, 3, 4, 5, 6});
  NpyArray wrongShape(npy::DType::F32, {2, 3});
  NpyArray wrongType(npy::DType::F64, {3, 2});
  NpyArray result(npy::DType::F32, {2, 2});
  EXPECT_EQ(llvm::toString(compiled->call("affine", {&x}, {&result})),
            "@affine takes 2 arguments, given 1");
  EXPECT_EQ(
      llvm::toString(compiled->call("affine", {&x, &wrongShape}, {&result})),
      "@affine: argument 1 has shape (2, 3), expected (3, 2)");
  EXPECT_EQ(
      llvm::toString(compiled->call("affine", {&x, &wrongType}, {&result})),
      "@affine: argument 1 has dtype f64, expected f32");
  EXPECT_EQ(llvm::toString(compiled->call("add", ArrayRef<ArrayView>(),
                                          ArrayRef<ArrayView>())),
            "@add was not compiled");
}

TEST_F(CompiledModuleTest, RefusesWhatCannotBeCalled) {
  ASSERT_TRUE(module);
  {
    OwningOpRef<ModuleOp> copy = module->clone();
    llvm::Expected<CompiledModule> compiled =
        CompiledModule::compile(*copy, {"dynamic"});
    ASSERT_FALSE(static_cast<bool>(compiled));
    EXPECT_EQ(llvm::toString(compiled.takeError()),
              "@dynamic: argument 0 must be a statically shaped tensor of "
              "numbers to be passed as an array");
  }
  {
    OwningOpRef<ModuleOp> copy = module->clone();
    llvm::Expected<CompiledModule> compiled =
        CompiledModule::compile(*copy, {"missing"});
    ASSERT_FALSE(static_cast<bool>(compiled));
    EXPECT_EQ(llvm::toString(compiled.takeError()),
              "no function named 'missing' with a body in the module");
  }
}

TEST_F(CompiledModuleTest, FindsTheEntry) {
  ASSERT_TRUE(module);
  llvm::Expected<func::FuncOp> named = findEntryFunction(*module, "add");
  ASSERT_TRUE(static_cast<bool>(named));
  EXPECT_EQ(named->getName(), "add");
  llvm::Expected<func::FuncOp> several = findEntryFunction(*module, "");
  ASSERT_FALSE(static_cast<bool>(several));
  EXPECT_EQ(llvm::toString(several.takeError()),
            "the module has several public functions ('affine', 'add', "
            "'dynamic'); choose one with --entry");
  llvm::Expected<func::FuncOp> privateOne =
      findEntryFunction(*module, "helper");
  ASSERT_TRUE(static_cast<bool>(privateOne));
  llvm::Expected<func::FuncOp> missing = findEntryFunction(*module, "nope");
  ASSERT_FALSE(static_cast<bool>(missing));
  EXPECT_EQ(llvm::toString(missing.takeError()),
            "no function named 'nope' with a body in the module");
}

TEST(InvocationTest, Descriptor) {
  // A 2 x 3 x 4 array: 3 + 2 * 3 words, strides 12, 4, 1.
  float data[24];
  int64_t shape[] = {2, 3, 4};
  SmallVector<int64_t> words = makeDescriptor({data, shape});
  auto address = reinterpret_cast<intptr_t>(data);
  EXPECT_EQ(words,
            SmallVector<int64_t>({address, address, 0, 2, 3, 4, 12, 4, 1}));
}

TEST(CompiledModuleHostTest, HostFeatures) {
  // The host's features are LLVM -mattr entries, each +name or -name.
  std::string features = getHostFeatures();
  llvm::SmallVector<StringRef> entries;
  StringRef(features).split(entries, ',', -1, /*KeepEmpty=*/false);
  for (StringRef entry : entries)
    EXPECT_TRUE(entry.starts_with("+") || entry.starts_with("-"))
        << entry.str();
}

} // namespace
