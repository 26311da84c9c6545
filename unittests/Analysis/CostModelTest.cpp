//===- CostModelTest.cpp - Tests of the cost model ------------------------===//
//
// Part of the ap project: an adaptive-precision compiler built on MLIR.
//
//===----------------------------------------------------------------------===//
//
// Checks the cost model (TargetModel, CostModel, the structured-op work and
// the CostOpInterface models) against the formulas of docs/cost-model.md:
//
//   peak(p)      = clock * units * ops_per_cycle[p]
//   computeTime  = (computeOps + accumulateOps) / peak(input)
//   bytes        = sum over accesses of ceil(elements * bits / 8)
//   memoryTime   = bytes / bandwidth(tier)
//   time         = launch_overhead + max(computeTime, memoryTime)
//   dynamic      = (computeOps + accumulateOps) * epo[input]
//                  + bytes * epb(tier)
//   static       = idle_power * time
//   transfer     = sum(latency) + sum(bytes / bandwidth) over the route,
//                  energy bytes * sum(energy_per_byte)
//
// Every reference value is worked out by hand from these formulas and the
// figures of the targets below; the arithmetic is written next to each
// expectation. None is copied from what the code computes.
//
//===----------------------------------------------------------------------===//

#include "ap/Analysis/CostModel.h"
#include "ap/Analysis/CostOpInterface.h"
#include "ap/Analysis/TargetModel.h"
#include "ap/Dialect/AP/IR/APDialect.h"
#include "ap/InitAll.h"

#include "mlir/AsmParser/AsmParser.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Interfaces/FunctionInterfaces.h"
#include "mlir/Parser/Parser.h"

#include "gtest/gtest.h"

#include <cmath>
#include <string>

using namespace mlir;
using namespace mlir::ap;

/// Expects `actual` to equal the hand-computed `expected` up to rounding.
#define EXPECT_CLOSE(actual, expected)                                         \
  EXPECT_NEAR((actual), (expected), 1e-12 * std::fabs(expected))

namespace {

//===----------------------------------------------------------------------===//
// Targets
//===----------------------------------------------------------------------===//

/// The host of every target here. Peak f32 = 1e9 * 1 * 1 = 1e9 ops/s.
constexpr const char *kCpu = R"(
  #ap.device<"cpu", host, precisions = [f32],
    memories = [#ap.memory<"dram", capacity = 1073741824, bandwidth = 1.0e10,
                           energy_per_byte = 1.0e-11>],
    clock = 1.0e9, units = 1, ops_per_cycle = {f32 = 1.0},
    energy_per_op = {f32 = 1.0e-11}, launch_overhead = 0.0,
    switch_latency = 0.0, idle_power = 1.0>)";

/// The accelerator of the kernel tests: ops_per_cycle doubles as the width
/// halves (f32 1, f16 2, i8 4, i4 8), so the peaks are
///   f32: 1e9 * 4 * 1 = 4e9, f16: 8e9, i8: 16e9, i4: 32e9, i32: 4e9 ops/s.
/// SRAM holds 1024 bytes at 1e11 B/s; DRAM 1 GiB at 1e10 B/s.
constexpr const char *kNpu = R"(
  #ap.device<"npu", accelerator, precisions = [f32, f16, i8, i4, i32],
    memories = [#ap.memory<"sram", capacity = 1024, bandwidth = 1.0e11,
                           energy_per_byte = 1.0e-12>,
                #ap.memory<"dram", capacity = 1073741824, bandwidth = 1.0e10,
                           energy_per_byte = 1.0e-10>],
    clock = 1.0e9, units = 4,
    ops_per_cycle = {f32 = 1.0, f16 = 2.0, i8 = 4.0, i4 = 8.0, i32 = 1.0},
    energy_per_op = {f32 = 4.0e-12, f16 = 2.0e-12, i8 = 1.0e-12,
                     i4 = 5.0e-13, i32 = 3.0e-12},
    launch_overhead = 1.0e-6, switch_latency = 2.0e-6, idle_power = 0.5>)";

/// A second accelerator for the transfer tests.
constexpr const char *kGpu = R"(
  #ap.device<"gpu", accelerator, precisions = [f32],
    memories = [#ap.memory<"hbm", capacity = 1073741824, bandwidth = 1.0e11,
                           energy_per_byte = 1.0e-12>],
    clock = 1.0e9, units = 16, ops_per_cycle = {f32 = 1.0},
    energy_per_op = {f32 = 1.0e-12}, launch_overhead = 1.0e-6,
    switch_latency = 0.0, idle_power = 2.0>)";

/// The kernel target: cpu (device 0) and npu (device 1).
std::string kernelTarget() {
  return std::string("#ap.target<devices = [") + kCpu + "," + kNpu +
         R"(], links = [#ap.link<"pcie", @cpu -> @npu, bidirectional,
              latency = 1.0e-6, bandwidth = 1.0e9, energy_per_byte = 1.0e-10>],
            host = "cpu", default = "npu">)";
}

/// The transfer target: cpu (0), gpu (1), npu (2); links direct (0, cpu-npu,
/// f32 only), hop1 (1, cpu-gpu) and hop2 (2, gpu-npu), both f32 and f16.
std::string transferTarget() {
  return std::string("#ap.target<devices = [") + kCpu + "," + kGpu + "," +
         kNpu + R"(], links = [
      #ap.link<"direct", @cpu -> @npu, bidirectional, latency = 1.0e-7,
               bandwidth = 1.0e9, energy_per_byte = 1.0e-10, wire = [f32]>,
      #ap.link<"hop1", @cpu -> @gpu, bidirectional, latency = 1.0e-6,
               bandwidth = 1.0e10, energy_per_byte = 2.0e-11,
               wire = [f32, f16]>,
      #ap.link<"hop2", @gpu -> @npu, bidirectional, latency = 1.0e-6,
               bandwidth = 1.0e10, energy_per_byte = 3.0e-11,
               wire = [f32, f16]>],
    host = "cpu", default = "npu">)";
}

constexpr unsigned kCpuIndex = 0, kNpuIndex = 1;
constexpr unsigned kSram = 0, kDram = 1;

//===----------------------------------------------------------------------===//
// Fixture
//===----------------------------------------------------------------------===//

class CostModelTest : public ::testing::Test {
protected:
  CostModelTest() {
    DialectRegistry registry;
    registerAllDialects(registry);
    registry.insert<arith::ArithDialect, func::FuncDialect,
                    linalg::LinalgDialect, math::MathDialect, scf::SCFDialect,
                    tensor::TensorDialect>();
    context.appendDialectRegistry(registry);
    context.loadAllAvailableDialects();
  }

  InFlightDiagnostic emitErrorHere() {
    return mlir::emitError(UnknownLoc::get(&context));
  }

  /// Parses `text` as an #ap.target.
  TargetAttr parseTarget(const std::string &text) {
    return dyn_cast_or_null<TargetAttr>(parseAttribute(text, &context));
  }

  /// Builds the model of the target `text`, collecting the diagnostics in
  /// `diagnostics`.
  FailureOr<TargetModel> buildTarget(const std::string &text,
                                     std::string *diagnostics = nullptr) {
    TargetAttr attr = parseTarget(text);
    EXPECT_TRUE(attr) << "cannot parse target:\n" << text;
    if (!attr)
      return failure();
    std::string messages;
    FailureOr<TargetModel> model = failure();
    {
      ScopedDiagnosticHandler handler(&context, [&](Diagnostic &diagnostic) {
        messages += diagnostic.str() + "\n";
        return success();
      });
      model = TargetModel::fromAttr(attr, [&] { return emitErrorHere(); });
    }
    if (diagnostics)
      *diagnostics = messages;
    else
      EXPECT_TRUE(messages.empty()) << messages;
    return model;
  }

  /// Runs `body` and returns the messages of the diagnostics it reports.
  std::string captureDiagnostics(function_ref<void()> body) {
    std::string messages;
    ScopedDiagnosticHandler handler(&context, [&](Diagnostic &diagnostic) {
      messages += diagnostic.str() + "\n";
      return success();
    });
    body();
    return messages;
  }

  FailureOr<Cost> kernelCost(const CostModel &model, const Work &work,
                             const ExecutionConfig &config) {
    return model.getKernelCost(work, config, [&] { return emitErrorHere(); });
  }

  FailureOr<Cost> transferCost(const CostModel &model, int64_t elements,
                               unsigned bits, Endpoint from, Endpoint to,
                               std::optional<unsigned> link = std::nullopt,
                               std::optional<Precision> wire = std::nullopt) {
    return model.getTransferCost(elements, bits, from, to, link, wire,
                                 [&] { return emitErrorHere(); });
  }

  /// The first op of the function `name` of `module` that implements
  /// CostOpInterface.
  static Operation *findCostOp(ModuleOp module, StringRef name) {
    auto function = module.lookupSymbol<func::FuncOp>(name);
    if (!function)
      return nullptr;
    Operation *found = nullptr;
    function.walk([&](Operation *op) {
      if (!found && isa<CostOpInterface>(op))
        found = op;
    });
    return found;
  }

  MLIRContext context;
};

/// An access of `elements` elements stored with `bits` bits.
MemoryAccess access(AccessRole role, unsigned index, int64_t elements,
                    unsigned bits = 32, bool fixed = false) {
  MemoryAccess result;
  result.role = role;
  result.index = index;
  result.elements = elements;
  result.storedBits = bits;
  result.fixed = fixed;
  return result;
}

/// Work of `ops` f32 operations reading `inputElements` f32 values.
Work simpleWork(int64_t ops, int64_t inputElements) {
  Work work;
  work.computeOps = ops;
  work.computePrecision = Precision::F32;
  work.accumulatePrecision = Precision::F32;
  work.accesses.push_back(access(AccessRole::Input, 0, inputElements));
  return work;
}

/// The work of an 8x16x4 f32 matmul (M = 8, N = 16, K = 4), written by hand:
/// 8*16*4 = 512 multiplies and 512 additions into the accumulator; A has
/// 8*4 = 32 elements, B 4*16 = 64, C 8*16 = 128 (read as init, written).
Work matmulWork() {
  Work work;
  work.computeOps = 512;
  work.accumulateOps = 512;
  work.computePrecision = Precision::F32;
  work.accumulatePrecision = Precision::F32;
  work.accesses.push_back(access(AccessRole::Input, 0, 32));
  work.accesses.push_back(access(AccessRole::Input, 1, 64));
  work.accesses.push_back(access(AccessRole::Init, 2, 128));
  work.accesses.push_back(access(AccessRole::Output, 0, 128));
  return work;
}

ExecutionConfig onDevice(unsigned device,
                         std::optional<PrecisionChoice> precisions = {},
                         std::optional<unsigned> memory = {}) {
  ExecutionConfig config;
  config.device = device;
  config.precisions = precisions;
  config.memory = memory;
  return config;
}

//===----------------------------------------------------------------------===//
// 1. Roofline
//===----------------------------------------------------------------------===//

TEST_F(CostModelTest, RooflineComputeBound) {
  FailureOr<TargetModel> target = buildTarget(kernelTarget());
  ASSERT_TRUE(succeeded(target));
  CostModel model(*target);
  // 4000 ops / 4e9 = 1e-6 s; 100 f32 = 400 B / 1e10 = 4e-8 s (DRAM forced).
  FailureOr<Cost> cost =
      kernelCost(model, simpleWork(4000, 100), onDevice(kNpuIndex, {}, kDram));
  ASSERT_TRUE(succeeded(cost));
  EXPECT_CLOSE(cost->computeTime, 1e-6);
  EXPECT_CLOSE(cost->memoryTime, 4e-8);
  EXPECT_CLOSE(cost->overheadTime, 1e-6);
  // 1e-6 + max(1e-6, 4e-8) = 2e-6.
  EXPECT_CLOSE(cost->time, 2e-6);
  EXPECT_TRUE(cost->isComputeBound());
  EXPECT_EQ(cost->ops, 4000);
  EXPECT_EQ(cost->bytesRead, 400);
  EXPECT_EQ(cost->bytesWritten, 0);
}

TEST_F(CostModelTest, RooflineMemoryBound) {
  FailureOr<TargetModel> target = buildTarget(kernelTarget());
  ASSERT_TRUE(succeeded(target));
  CostModel model(*target);
  // 40 ops / 4e9 = 1e-8 s; 10000 f32 = 40000 B / 1e10 = 4e-6 s.
  FailureOr<Cost> cost = kernelCost(model, simpleWork(40, 10000),
                                    onDevice(kNpuIndex, {}, kDram));
  ASSERT_TRUE(succeeded(cost));
  EXPECT_CLOSE(cost->computeTime, 1e-8);
  EXPECT_CLOSE(cost->memoryTime, 4e-6);
  // 1e-6 + max(1e-8, 4e-6) = 5e-6.
  EXPECT_CLOSE(cost->time, 5e-6);
  EXPECT_FALSE(cost->isComputeBound());
  EXPECT_EQ(cost->bytesRead, 40000);
}

TEST_F(CostModelTest, RooflineCrossover) {
  FailureOr<TargetModel> target = buildTarget(kernelTarget());
  ASSERT_TRUE(succeeded(target));
  CostModel model(*target);
  // 4000 ops / 4e9 = 1e-6 s; 2500 f32 = 10000 B / 1e10 = 1e-6 s. Both
  // quotients are the correctly rounded double of 1e-6, hence equal.
  FailureOr<Cost> cost = kernelCost(model, simpleWork(4000, 2500),
                                    onDevice(kNpuIndex, {}, kDram));
  ASSERT_TRUE(succeeded(cost));
  EXPECT_EQ(cost->computeTime, cost->memoryTime);
  EXPECT_CLOSE(cost->computeTime, 1e-6);
  // launch + compute = launch + memory = 1e-6 + 1e-6 = 2e-6.
  EXPECT_CLOSE(cost->time, 2e-6);
  EXPECT_CLOSE(cost->time, cost->overheadTime + cost->computeTime);
  EXPECT_CLOSE(cost->time, cost->overheadTime + cost->memoryTime);
  // computeTime >= memoryTime counts as compute-bound.
  EXPECT_TRUE(cost->isComputeBound());
}

//===----------------------------------------------------------------------===//
// 2. Precision scaling
//===----------------------------------------------------------------------===//

TEST_F(CostModelTest, PrecisionScalingComputeTimeHalves) {
  FailureOr<TargetModel> target = buildTarget(kernelTarget());
  ASSERT_TRUE(succeeded(target));
  CostModel model(*target);
  const DeviceModel &npu = model.getTarget().getDevice(kNpuIndex);
  // Work without accumulation: 512 ops at the input precision.
  Work work = simpleWork(512, 32);
  struct Case {
    Precision precision;
    double computeTime;
  } cases[] = {
      {Precision::F32, 1.28e-7}, // 512 / 4e9
      {Precision::F16, 6.4e-8},  // 512 / 8e9
      {Precision::I8, 3.2e-8},   // 512 / 16e9
      {Precision::I4, 1.6e-8},   // 512 / 32e9
  };
  double previous = 0;
  for (const Case &c : cases) {
    FailureOr<Cost> cost =
        kernelCost(model, work,
                   onDevice(kNpuIndex, PrecisionChoice::natural(c.precision, npu),
                            kDram));
    ASSERT_TRUE(succeeded(cost)) << stringifyPrecision(c.precision).str();
    EXPECT_CLOSE(cost->computeTime, c.computeTime)
        << stringifyPrecision(c.precision).str();
    if (previous != 0) {
      EXPECT_CLOSE(cost->computeTime * 2, previous);
    }
    previous = cost->computeTime;
  }
}

TEST_F(CostModelTest, PrecisionScalingMatmul) {
  FailureOr<TargetModel> target = buildTarget(kernelTarget());
  ASSERT_TRUE(succeeded(target));
  CostModel model(*target);
  const DeviceModel &npu = model.getTarget().getDevice(kNpuIndex);
  Work work = matmulWork();
  // Natural choices on the npu: the accumulator is f32 for floats and i32
  // for integers (both supported). Inputs: 32 + 64 = 96 elements; init 128
  // elements at the accumulator width; output 128 elements.
  struct Case {
    Precision precision;
    Precision accumulator;
    double computeTime;
    int64_t bytesRead, bytesWritten;
  } cases[] = {
      // All 1024 ops (the accumulation included) at the input precision's
      // rate. 1024/4e9; read 96*4 + 128*4 = 384 + 512; written 128*4.
      {Precision::F32, Precision::F32, 2.56e-7, 896, 512},
      // 1024/8e9; read 96*2 + 128*4 = 192 + 512; written 128*2.
      {Precision::F16, Precision::F32, 1.28e-7, 704, 256},
      // 1024/16e9; read 96*1 + 128*4 = 96 + 512; written 128*1.
      {Precision::I8, Precision::I32, 6.4e-8, 608, 128},
      // 1024/32e9; read ceil(32*4/8) + ceil(64*4/8) + 128*4 = 16 + 32 + 512;
      // written ceil(128*4/8) = 64.
      {Precision::I4, Precision::I32, 3.2e-8, 560, 64},
  };
  for (const Case &c : cases) {
    PrecisionChoice choice = PrecisionChoice::natural(c.precision, npu);
    EXPECT_EQ(choice.input, c.precision);
    EXPECT_EQ(choice.accumulator, c.accumulator);
    EXPECT_EQ(choice.result, c.precision);
    FailureOr<Cost> cost =
        kernelCost(model, work, onDevice(kNpuIndex, choice, kDram));
    ASSERT_TRUE(succeeded(cost)) << stringifyPrecision(c.precision).str();
    EXPECT_CLOSE(cost->computeTime, c.computeTime)
        << stringifyPrecision(c.precision).str();
    EXPECT_EQ(cost->bytesRead, c.bytesRead)
        << stringifyPrecision(c.precision).str();
    EXPECT_EQ(cost->bytesWritten, c.bytesWritten)
        << stringifyPrecision(c.precision).str();
    EXPECT_EQ(cost->ops, 1024); // 512 + 512
    // memoryTime = bytes / 1e10 (DRAM).
    EXPECT_CLOSE(cost->memoryTime,
                 static_cast<double>(c.bytesRead + c.bytesWritten) / 1e10);
  }
}

TEST_F(CostModelTest, SubBytePackingAndFixedAccesses) {
  // ceil(elements * bits / 8), by hand.
  EXPECT_EQ(getStorageBytes(7, 4), 4);  // 28 bits = 3.5 bytes -> 4
  EXPECT_EQ(getStorageBytes(9, 4), 5);  // 36 bits = 4.5 bytes -> 5
  EXPECT_EQ(getStorageBytes(8, 4), 4);  // 32 bits = 4 bytes
  EXPECT_EQ(getStorageBytes(3, 1), 1);  // 3 bits -> 1 byte
  EXPECT_EQ(getStorageBytes(0, 8), 0);
  EXPECT_EQ(getStorageBytes(10, 16), 20);

  FailureOr<TargetModel> target = buildTarget(kernelTarget());
  ASSERT_TRUE(succeeded(target));
  CostModel model(*target);
  const DeviceModel &npu = model.getTarget().getDevice(kNpuIndex);
  Work work;
  work.computePrecision = Precision::F32;
  work.accesses.push_back(access(AccessRole::Input, 0, 7));
  // A fixed access keeps its stored width whatever the choice.
  work.accesses.push_back(access(AccessRole::Input, 1, 10, 32, /*fixed=*/true));
  work.accesses.push_back(access(AccessRole::Output, 0, 9));

  // At i4: read ceil(7*4/8) = 4 plus the fixed 10*4 = 40 -> 44; written
  // ceil(9*4/8) = 5.
  FailureOr<Cost> packed = kernelCost(
      model, work,
      onDevice(kNpuIndex, PrecisionChoice::natural(Precision::I4, npu)));
  ASSERT_TRUE(succeeded(packed));
  EXPECT_EQ(packed->bytesRead, 44);
  EXPECT_EQ(packed->bytesWritten, 5);

  // Without a precision choice, every access at its stored 32 bits: read
  // 7*4 + 10*4 = 68, written 9*4 = 36.
  FailureOr<Cost> stored = kernelCost(model, work, onDevice(kNpuIndex));
  ASSERT_TRUE(succeeded(stored));
  EXPECT_EQ(stored->bytesRead, 68);
  EXPECT_EQ(stored->bytesWritten, 36);
}

TEST_F(CostModelTest, FixedPrecisionWorkIgnoresTheChoice) {
  FailureOr<TargetModel> target = buildTarget(kernelTarget());
  ASSERT_TRUE(succeeded(target));
  CostModel model(*target);
  const DeviceModel &npu = model.getTarget().getDevice(kNpuIndex);
  Work work = simpleWork(100, 10);
  work.fixedPrecision = true;
  // Asked at i8, but the work fixes f32: 100 / 4e9 = 2.5e-8 s (not
  // 100 / 16e9), and 10 elements at the stored 32 bits = 40 bytes.
  FailureOr<Cost> cost = kernelCost(
      model, work,
      onDevice(kNpuIndex, PrecisionChoice::natural(Precision::I8, npu)));
  ASSERT_TRUE(succeeded(cost));
  EXPECT_CLOSE(cost->computeTime, 2.5e-8);
  EXPECT_EQ(cost->bytesRead, 40);
}

//===----------------------------------------------------------------------===//
// 3. Energy
//===----------------------------------------------------------------------===//

TEST_F(CostModelTest, EnergyOfMatmulAtF16) {
  FailureOr<TargetModel> target = buildTarget(kernelTarget());
  ASSERT_TRUE(succeeded(target));
  CostModel model(*target);
  const DeviceModel &npu = model.getTarget().getDevice(kNpuIndex);
  FailureOr<Cost> cost = kernelCost(
      model, matmulWork(),
      onDevice(kNpuIndex, PrecisionChoice::natural(Precision::F16, npu),
               kDram));
  ASSERT_TRUE(succeeded(cost));
  // bytes = 704 + 256 = 960 (see PrecisionScalingMatmul).
  // All 1024 ops at f16, the input precision:
  // dynamic = 1024 * 2e-12 + 960 * 1e-10 (DRAM) = 2.048e-9 + 9.6e-8
  //         = 9.8048e-8.
  EXPECT_CLOSE(cost->dynamicEnergy, 9.8048e-8);
  // time = 1e-6 + max(1024 / 8e9 = 1.28e-7, 960 / 1e10 = 9.6e-8) = 1.128e-6.
  EXPECT_CLOSE(cost->time, 1.128e-6);
  // static = 0.5 W * 1.128e-6 s = 5.64e-7.
  EXPECT_CLOSE(cost->staticEnergy, 5.64e-7);
  // 9.8048e-8 + 5.64e-7 = 6.62048e-7.
  EXPECT_CLOSE(cost->getEnergy(), 6.62048e-7);
}

TEST_F(CostModelTest, EnergyOnHost) {
  FailureOr<TargetModel> target = buildTarget(kernelTarget());
  ASSERT_TRUE(succeeded(target));
  CostModel model(*target);
  // 1000 f32 ops and 250 f32 elements (1000 bytes) on the cpu:
  // compute 1000 / 1e9 = 1e-6; memory 1000 / 1e10 = 1e-7; launch 0.
  FailureOr<Cost> cost =
      kernelCost(model, simpleWork(1000, 250), onDevice(kCpuIndex));
  ASSERT_TRUE(succeeded(cost));
  EXPECT_CLOSE(cost->time, 1e-6);
  // dynamic = 1000 * 1e-11 + 1000 * 1e-11 = 2e-8.
  EXPECT_CLOSE(cost->dynamicEnergy, 2e-8);
  // static = 1.0 W * 1e-6 s = 1e-6.
  EXPECT_CLOSE(cost->staticEnergy, 1e-6);
  EXPECT_CLOSE(cost->getEnergy(), 1.02e-6);
}

//===----------------------------------------------------------------------===//
// 4. Memory tier choice
//===----------------------------------------------------------------------===//

TEST_F(CostModelTest, TierChoice) {
  FailureOr<TargetModel> target = buildTarget(kernelTarget());
  ASSERT_TRUE(succeeded(target));
  CostModel model(*target);

  // 128 f32 read + 128 f32 written = 1024 bytes = SRAM capacity: fits.
  Work fits;
  fits.computePrecision = Precision::F32;
  fits.accesses.push_back(access(AccessRole::Input, 0, 128));
  fits.accesses.push_back(access(AccessRole::Output, 0, 128));
  // 128 + 129 f32 = 1028 bytes: does not fit the SRAM.
  Work spills = fits;
  spills.accesses[1].elements = 129;

  FailureOr<Cost> sram = kernelCost(model, fits, onDevice(kNpuIndex));
  ASSERT_TRUE(succeeded(sram));
  // 1024 / 1e11 = 1.024e-8 s; 1024 * 1e-12 = 1.024e-9 J; time 1e-6 +
  // 1.024e-8 = 1.01024e-6.
  EXPECT_CLOSE(sram->memoryTime, 1.024e-8);
  EXPECT_CLOSE(sram->dynamicEnergy, 1.024e-9);
  EXPECT_CLOSE(sram->time, 1.01024e-6);
  EXPECT_EQ(sram->memory, std::optional<unsigned>(kSram));

  FailureOr<Cost> dram = kernelCost(model, spills, onDevice(kNpuIndex));
  ASSERT_TRUE(succeeded(dram));
  // 1028 / 1e10 = 1.028e-7 s; 1028 * 1e-10 = 1.028e-7 J.
  EXPECT_CLOSE(dram->memoryTime, 1.028e-7);
  EXPECT_CLOSE(dram->dynamicEnergy, 1.028e-7);
  EXPECT_EQ(dram->memory, std::optional<unsigned>(kDram));

  // An explicit tier overrides the choice both ways.
  FailureOr<Cost> forcedDram =
      kernelCost(model, fits, onDevice(kNpuIndex, {}, kDram));
  ASSERT_TRUE(succeeded(forcedDram));
  EXPECT_CLOSE(forcedDram->memoryTime, 1.024e-7); // 1024 / 1e10
  EXPECT_CLOSE(forcedDram->dynamicEnergy, 1.024e-7); // 1024 * 1e-10
  EXPECT_EQ(forcedDram->memory, std::optional<unsigned>(kDram));
  FailureOr<Cost> forcedSram =
      kernelCost(model, spills, onDevice(kNpuIndex, {}, kSram));
  ASSERT_TRUE(succeeded(forcedSram));
  EXPECT_CLOSE(forcedSram->memoryTime, 1.028e-8); // 1028 / 1e11
  EXPECT_EQ(forcedSram->memory, std::optional<unsigned>(kSram));

  // 2^28 + 1 f32 = 1073741828 bytes exceed every tier: the last (DRAM).
  FailureOr<Cost> huge = kernelCost(model, simpleWork(0, (int64_t(1) << 28) + 1),
                                    onDevice(kNpuIndex));
  ASSERT_TRUE(succeeded(huge));
  EXPECT_EQ(huge->bytesRead, 1073741828);
  EXPECT_CLOSE(huge->memoryTime, 0.1073741828); // 1073741828 / 1e10
  EXPECT_EQ(huge->memory, std::optional<unsigned>(kDram));
}

TEST_F(CostModelTest, FusedKernel) {
  FailureOr<TargetModel> target = buildTarget(kernelTarget());
  ASSERT_TRUE(succeeded(target));
  CostModel model(*target);
  // Alone, the matmul moves 224 f32 read + 128 written = 1408 B: DRAM
  // (1.408e-7 J); its 1024 ops take 2.56e-7 s and 4.096e-9 J. The
  // elementwise epilogue (128 ops, 128 f32 read) alone: 3.2e-8 s,
  // 5.12e-10 J, 512 B in SRAM (5.12e-10 J).
  FailureOr<Cost> matmul = kernelCost(model, matmulWork(), onDevice(kNpuIndex));
  FailureOr<Cost> epilogue =
      kernelCost(model, simpleWork(128, 128), onDevice(kNpuIndex));
  ASSERT_TRUE(succeeded(matmul) && succeeded(epilogue));
  EXPECT_EQ(matmul->memory, std::optional<unsigned>(kDram));

  // Fused, the accumulator and the product stay on chip: A and B (96 f32 =
  // 384 B) are read and the epilogue's 128 f32 (512 B) written, 896 B:
  // SRAM, 8.96e-9 s, 8.96e-10 J. Compute 2.56e-7 + 3.2e-8 = 2.88e-7 s; time
  // 1e-6 + 2.88e-7 (one launch); dynamic 4.096e-9 + 5.12e-10 + 8.96e-10 =
  // 5.504e-9 J; static 0.5 W * 1.288e-6 s.
  FailureOr<Cost> fused = model.getFusedKernelCost(
      {*matmul, *epilogue}, kNpuIndex, 384, 512, std::nullopt,
      [&] { return emitErrorHere(); });
  ASSERT_TRUE(succeeded(fused));
  EXPECT_EQ(fused->memory, std::optional<unsigned>(kSram));
  EXPECT_CLOSE(fused->computeTime, 2.88e-7);
  EXPECT_CLOSE(fused->memoryTime, 8.96e-9);
  EXPECT_CLOSE(fused->overheadTime, 1e-6);
  EXPECT_CLOSE(fused->time, 1.288e-6);
  EXPECT_CLOSE(fused->dynamicEnergy, 5.504e-9);
  EXPECT_CLOSE(fused->staticEnergy, 6.44e-7);
  EXPECT_EQ(fused->ops, 1152);
  EXPECT_EQ(fused->bytesRead, 384);
  EXPECT_EQ(fused->bytesWritten, 512);

  // A forced tier applies to the fused traffic: DRAM, 8.96e-8 s.
  FailureOr<Cost> forced = model.getFusedKernelCost(
      {*matmul, *epilogue}, kNpuIndex, 384, 512, kDram,
      [&] { return emitErrorHere(); });
  ASSERT_TRUE(succeeded(forced));
  EXPECT_CLOSE(forced->memoryTime, 8.96e-8);
  EXPECT_CLOSE(forced->dynamicEnergy, 4.096e-9 + 5.12e-10 + 8.96e-8);
}

//===----------------------------------------------------------------------===//
// 5. Unsupported precisions
//===----------------------------------------------------------------------===//

TEST_F(CostModelTest, UnsupportedInputPrecision) {
  FailureOr<TargetModel> target = buildTarget(kernelTarget());
  ASSERT_TRUE(succeeded(target));
  CostModel model(*target);
  FailureOr<Cost> cost = failure();
  std::string messages = captureDiagnostics([&] {
    cost = kernelCost(
        model, simpleWork(10, 10),
        onDevice(kCpuIndex,
                 PrecisionChoice{Precision::F16, Precision::F16, Precision::F16}));
  });
  EXPECT_TRUE(failed(cost));
  EXPECT_NE(messages.find("'cpu'"), std::string::npos) << messages;
  EXPECT_NE(messages.find("'f16'"), std::string::npos) << messages;
}

TEST_F(CostModelTest, UnsupportedAccumulatorPrecision) {
  FailureOr<TargetModel> target = buildTarget(kernelTarget());
  ASSERT_TRUE(succeeded(target));
  CostModel model(*target);
  FailureOr<Cost> cost = failure();
  std::string messages = captureDiagnostics([&] {
    cost = kernelCost(
        model, matmulWork(),
        onDevice(kNpuIndex, PrecisionChoice{Precision::F16, Precision::BF16,
                                            Precision::F16}));
  });
  EXPECT_TRUE(failed(cost));
  EXPECT_NE(messages.find("'npu'"), std::string::npos) << messages;
  EXPECT_NE(messages.find("accumulator"), std::string::npos) << messages;
  EXPECT_NE(messages.find("'bf16'"), std::string::npos) << messages;
}

TEST_F(CostModelTest, NaturalChoiceFallsBackWithoutWideAccumulator) {
  FailureOr<TargetModel> target = buildTarget(kernelTarget());
  ASSERT_TRUE(succeeded(target));
  CostModel model(*target);
  // The cpu has no i32: i8 accumulates in i8, which it does not compute in.
  PrecisionChoice choice = PrecisionChoice::natural(
      Precision::I8, model.getTarget().getDevice(kCpuIndex));
  EXPECT_EQ(choice.input, Precision::I8);
  EXPECT_EQ(choice.accumulator, Precision::I8);
  EXPECT_EQ(choice.result, Precision::I8);
  FailureOr<Cost> cost = failure();
  std::string messages = captureDiagnostics(
      [&] { cost = kernelCost(model, matmulWork(), onDevice(kCpuIndex, choice)); });
  EXPECT_TRUE(failed(cost));
  EXPECT_NE(messages.find("'cpu'"), std::string::npos) << messages;
  EXPECT_NE(messages.find("'i8'"), std::string::npos) << messages;
}

TEST(PrecisionChoiceTest, NaturalOnHandBuiltDevices) {
  DeviceModel halfOnly;
  halfOnly.name = "h";
  halfOnly.opsPerCycle[static_cast<unsigned>(Precision::F16)] = 1.0;
  halfOnly.opsPerCycle[static_cast<unsigned>(Precision::I8)] = 1.0;
  // No f32 and no i32: everything at the precision itself.
  PrecisionChoice f16 = PrecisionChoice::natural(Precision::F16, halfOnly);
  EXPECT_EQ(f16.input, Precision::F16);
  EXPECT_EQ(f16.accumulator, Precision::F16);
  EXPECT_EQ(f16.result, Precision::F16);
  EXPECT_EQ(PrecisionChoice::natural(Precision::I8, halfOnly).accumulator,
            Precision::I8);

  DeviceModel wide = halfOnly;
  wide.opsPerCycle[static_cast<unsigned>(Precision::F32)] = 1.0;
  wide.opsPerCycle[static_cast<unsigned>(Precision::I32)] = 1.0;
  // Floats accumulate in f32, integers (also unsigned and 4-bit) in i32.
  EXPECT_EQ(PrecisionChoice::natural(Precision::F16, wide).accumulator,
            Precision::F32);
  EXPECT_EQ(PrecisionChoice::natural(Precision::BF16, wide).accumulator,
            Precision::F32);
  EXPECT_EQ(PrecisionChoice::natural(Precision::F8E4M3FN, wide).accumulator,
            Precision::F32);
  EXPECT_EQ(PrecisionChoice::natural(Precision::I8, wide).accumulator,
            Precision::I32);
  EXPECT_EQ(PrecisionChoice::natural(Precision::U4, wide).accumulator,
            Precision::I32);
  PrecisionChoice u8 = PrecisionChoice::natural(Precision::U8, wide);
  EXPECT_EQ(u8.input, Precision::U8);
  EXPECT_EQ(u8.result, Precision::U8);

  // peak = clock * units * ops_per_cycle = 2e9 * 8 * 3 = 4.8e10.
  wide.clock = 2e9;
  wide.units = 8;
  wide.opsPerCycle[static_cast<unsigned>(Precision::F32)] = 3.0;
  EXPECT_CLOSE(wide.getPeakOpsPerSecond(Precision::F32), 4.8e10);
  EXPECT_TRUE(wide.supports(Precision::F32));
  EXPECT_FALSE(wide.supports(Precision::BF16));
}

//===----------------------------------------------------------------------===//
// 6. Transfers
//===----------------------------------------------------------------------===//

class TransferTest : public CostModelTest {
protected:
  static constexpr unsigned kCpuDev = 0, kGpuDev = 1, kNpuDev = 2;
  static constexpr unsigned kDirect = 0, kHop1 = 1, kHop2 = 2;
  static Endpoint device(unsigned index) { return Endpoint{index, {}}; }
};

TEST_F(TransferTest, DirectLinkForSmallData) {
  FailureOr<TargetModel> target = buildTarget(transferTarget());
  ASSERT_TRUE(succeeded(target));
  CostModel model(*target);
  // 1 f32 = 4 bytes cpu -> npu: direct 1e-7 + 4/1e9 = 1.04e-7; via gpu
  // 2 * (1e-6 + 4/1e10) = 2.0008e-6. Direct wins.
  std::optional<SmallVector<unsigned>> route =
      model.getTarget().findRoute(kCpuDev, kNpuDev, 4);
  ASSERT_TRUE(route);
  EXPECT_EQ(*route, SmallVector<unsigned>({kDirect}));
  FailureOr<Cost> cost =
      transferCost(model, 1, 32, device(kCpuDev), device(kNpuDev));
  ASSERT_TRUE(succeeded(cost));
  EXPECT_CLOSE(cost->overheadTime, 1e-7);
  EXPECT_CLOSE(cost->memoryTime, 4e-9);
  // A transfer uses no tier of a kernel.
  EXPECT_FALSE(cost->memory.has_value());
  EXPECT_CLOSE(cost->time, 1.04e-7);
  EXPECT_CLOSE(cost->dynamicEnergy, 4e-10); // 4 * 1e-10
  EXPECT_EQ(cost->staticEnergy, 0);
  EXPECT_EQ(cost->bytesRead, 4);
  EXPECT_EQ(cost->bytesWritten, 4);
}

TEST_F(TransferTest, TwoHopRouteBeatsSlowDirectLink) {
  FailureOr<TargetModel> target = buildTarget(transferTarget());
  ASSERT_TRUE(succeeded(target));
  CostModel model(*target);
  // 1000 f32 = 4000 bytes cpu -> npu: direct 1e-7 + 4000/1e9 = 4.1e-6; via
  // gpu 2 * (1e-6 + 4000/1e10) = 2 * 1.4e-6 = 2.8e-6. The two hops win.
  std::optional<SmallVector<unsigned>> route =
      model.getTarget().findRoute(kCpuDev, kNpuDev, 4000);
  ASSERT_TRUE(route);
  EXPECT_EQ(*route, SmallVector<unsigned>({kHop1, kHop2}));
  FailureOr<Cost> cost =
      transferCost(model, 1000, 32, device(kCpuDev), device(kNpuDev));
  ASSERT_TRUE(succeeded(cost));
  EXPECT_CLOSE(cost->overheadTime, 2e-6); // 1e-6 + 1e-6
  EXPECT_CLOSE(cost->memoryTime, 8e-7);   // 4e-7 + 4e-7
  EXPECT_CLOSE(cost->time, 2.8e-6);
  // 4000 * (2e-11 + 3e-11) = 2e-7.
  EXPECT_CLOSE(cost->dynamicEnergy, 2e-7);

  // The way back takes the same links, crossed in reverse.
  std::optional<SmallVector<unsigned>> back =
      model.getTarget().findRoute(kNpuDev, kCpuDev, 4000);
  ASSERT_TRUE(back);
  EXPECT_EQ(*back, SmallVector<unsigned>({kHop2, kHop1}));
  FailureOr<Cost> backCost =
      transferCost(model, 1000, 32, device(kNpuDev), device(kCpuDev));
  ASSERT_TRUE(succeeded(backCost));
  EXPECT_CLOSE(backCost->time, 2.8e-6);

  // Over an explicit link: 1e-7 + 4e-6 = 4.1e-6; 4000 * 1e-10 = 4e-7 J.
  FailureOr<Cost> forced = transferCost(model, 1000, 32, device(kCpuDev),
                                        device(kNpuDev), kDirect);
  ASSERT_TRUE(succeeded(forced));
  EXPECT_CLOSE(forced->overheadTime, 1e-7);
  EXPECT_CLOSE(forced->memoryTime, 4e-6);
  EXPECT_CLOSE(forced->time, 4.1e-6);
  EXPECT_CLOSE(forced->dynamicEnergy, 4e-7);
}

TEST_F(TransferTest, WirePrecisionRestrictsTheRoute) {
  FailureOr<TargetModel> target = buildTarget(transferTarget());
  ASSERT_TRUE(succeeded(target));
  CostModel model(*target);
  // 500 f16 = 1000 bytes. Unrestricted: direct 1e-7 + 1000/1e9 = 1.1e-6;
  // via gpu 2 * (1e-6 + 1000/1e10) = 2.2e-6. Direct wins.
  FailureOr<Cost> any =
      transferCost(model, 500, 16, device(kCpuDev), device(kNpuDev));
  ASSERT_TRUE(succeeded(any));
  EXPECT_CLOSE(any->time, 1.1e-6);
  EXPECT_CLOSE(any->dynamicEnergy, 1e-7); // 1000 * 1e-10
  // At wire f16 the direct link (f32 only) is out: 2.2e-6 via gpu.
  FailureOr<Cost> f16 = transferCost(model, 500, 16, device(kCpuDev),
                                     device(kNpuDev), {}, Precision::F16);
  ASSERT_TRUE(succeeded(f16));
  EXPECT_CLOSE(f16->overheadTime, 2e-6);
  EXPECT_CLOSE(f16->memoryTime, 2e-7);
  EXPECT_CLOSE(f16->time, 2.2e-6);
  EXPECT_CLOSE(f16->dynamicEnergy, 5e-8); // 1000 * (2e-11 + 3e-11)
  std::optional<SmallVector<unsigned>> route =
      model.getTarget().findRoute(kCpuDev, kNpuDev, 1000, Precision::F16);
  ASSERT_TRUE(route);
  EXPECT_EQ(*route, SmallVector<unsigned>({kHop1, kHop2}));
}

TEST_F(TransferTest, NoRouteFails) {
  FailureOr<TargetModel> target = buildTarget(transferTarget());
  ASSERT_TRUE(succeeded(target));
  CostModel model(*target);
  // No link transmits i8.
  EXPECT_FALSE(
      model.getTarget().findRoute(kCpuDev, kNpuDev, 100, Precision::I8));
  FailureOr<Cost> cost = failure();
  std::string messages = captureDiagnostics([&] {
    cost = transferCost(model, 100, 8, device(kCpuDev), device(kNpuDev), {},
                        Precision::I8);
  });
  EXPECT_TRUE(failed(cost));
  EXPECT_NE(messages.find("'cpu'"), std::string::npos) << messages;
  EXPECT_NE(messages.find("'npu'"), std::string::npos) << messages;
  EXPECT_NE(messages.find("'i8'"), std::string::npos) << messages;
}

TEST_F(TransferTest, TierToTierInOneDevice) {
  FailureOr<TargetModel> target = buildTarget(transferTarget());
  ASSERT_TRUE(succeeded(target));
  CostModel model(*target);
  // 100 f32 = 400 bytes, npu SRAM -> DRAM: 400 / min(1e11, 1e10) = 4e-8 s;
  // 400 * (1e-12 + 1e-10) = 4.04e-8 J.
  FailureOr<Cost> cost = transferCost(model, 100, 32, Endpoint{kNpuDev, kSram},
                                      Endpoint{kNpuDev, kDram});
  ASSERT_TRUE(succeeded(cost));
  EXPECT_CLOSE(cost->memoryTime, 4e-8);
  EXPECT_CLOSE(cost->time, 4e-8);
  EXPECT_EQ(cost->overheadTime, 0);
  EXPECT_CLOSE(cost->dynamicEnergy, 4.04e-8);
  EXPECT_EQ(cost->bytesRead, 400);
  EXPECT_EQ(cost->bytesWritten, 400);
  // The other way costs the same.
  FailureOr<Cost> back = transferCost(model, 100, 32, Endpoint{kNpuDev, kDram},
                                      Endpoint{kNpuDev, kSram});
  ASSERT_TRUE(succeeded(back));
  EXPECT_CLOSE(back->time, 4e-8);
  // Nothing moves from a place to itself.
  FailureOr<Cost> same =
      transferCost(model, 100, 32, device(kNpuDev), device(kNpuDev));
  ASSERT_TRUE(succeeded(same));
  EXPECT_EQ(same->time, 0);
  EXPECT_EQ(same->dynamicEnergy, 0);
}

TEST_F(TransferTest, TierToTierOverTheirLink) {
  // A link described between the two tiers carries the move, in the
  // direction it allows.
  std::string text = std::string("#ap.target<devices = [") + kCpu + "," +
                     kNpu + R"(], links = [
      #ap.link<"direct", @cpu -> @npu, bidirectional, latency = 1.0e-7,
               bandwidth = 1.0e9, energy_per_byte = 1.0e-10>,
      #ap.link<"dma", @npu::@dram -> @npu::@sram, latency = 2.0e-7,
               bandwidth = 2.0e9, energy_per_byte = 5.0e-12>],
    host = "cpu", default = "npu">)";
  FailureOr<TargetModel> target = buildTarget(text);
  ASSERT_TRUE(succeeded(target));
  CostModel model(*target);
  // In this target the npu is device 1. 100 f32 = 400 bytes DRAM -> SRAM:
  // 2e-7 + 400 / 2e9 = 4e-7 s; 400 * 5e-12 = 2e-9 J.
  FailureOr<Cost> cost =
      transferCost(model, 100, 32, Endpoint{1, kDram}, Endpoint{1, kSram});
  ASSERT_TRUE(succeeded(cost));
  EXPECT_CLOSE(cost->overheadTime, 2e-7);
  EXPECT_CLOSE(cost->time, 4e-7);
  EXPECT_CLOSE(cost->dynamicEnergy, 2e-9);
  // The link is one-way: SRAM -> DRAM moves at the slower tier's pace,
  // 400 / min(1e11, 1e10) = 4e-8 s.
  FailureOr<Cost> back =
      transferCost(model, 100, 32, Endpoint{1, kSram}, Endpoint{1, kDram});
  ASSERT_TRUE(succeeded(back));
  EXPECT_CLOSE(back->time, 4e-8);
}

//===----------------------------------------------------------------------===//
// 7. TargetModel::fromAttr
//===----------------------------------------------------------------------===//

/// A target of the cpu and an npu given by `npu`, with `links`.
std::string twoDeviceTarget(const std::string &npu, const std::string &links) {
  return std::string("#ap.target<devices = [") + kCpu + ", " + npu +
         "], links = [" + links + "], host = \"cpu\", default = \"npu\">";
}

constexpr const char *kSramTier =
    R"(#ap.memory<"sram", capacity = 1024, bandwidth = 1.0e11,
                  energy_per_byte = 1.0e-12>)";
constexpr const char *kNpuFigures =
    R"(units = 1, ops_per_cycle = {f32 = 1.0}, energy_per_op = {f32 = 1.0e-12},
       launch_overhead = 0.0, switch_latency = 0.0, idle_power = 0.0)";
constexpr const char *kPcie =
    R"(#ap.link<"pcie", @cpu -> @npu, bidirectional, latency = 1.0e-6,
                bandwidth = 1.0e9, energy_per_byte = 1.0e-10>)";

std::string npuDevice(bool clock, bool memories) {
  std::string text = R"(#ap.device<"npu", accelerator, precisions = [f32])";
  if (memories)
    text += std::string(", memories = [") + kSramTier + "]";
  if (clock)
    text += ", clock = 1.0e9";
  return text + ", " + kNpuFigures + ">";
}

TEST_F(CostModelTest, FromAttrBuildsTheFigures) {
  FailureOr<TargetModel> target = buildTarget(kernelTarget());
  ASSERT_TRUE(succeeded(target));
  EXPECT_EQ(target->getDevices().size(), 2u);
  EXPECT_EQ(target->getHost(), kCpuIndex);
  EXPECT_EQ(target->getDefaultDevice(), kNpuIndex);
  EXPECT_EQ(target->lookupDevice("npu"), kNpuIndex);
  const DeviceModel &npu = target->getDevice(kNpuIndex);
  EXPECT_EQ(npu.kind, DeviceKind::Accelerator);
  EXPECT_CLOSE(npu.getPeakOpsPerSecond(Precision::F16), 8e9); // 1e9 * 4 * 2
  EXPECT_CLOSE(npu.getPeakOpsPerSecond(Precision::I4), 3.2e10); // 1e9*4*8
  EXPECT_CLOSE(npu.getEnergyPerOp(Precision::I8), 1e-12);
  EXPECT_FALSE(npu.supports(Precision::BF16));
  EXPECT_CLOSE(npu.launchOverhead, 1e-6);
  EXPECT_CLOSE(npu.switchLatency, 2e-6);
  CostModel model(*target);
  EXPECT_CLOSE(model.getSwitchTime(kNpuIndex), 2e-6);
  EXPECT_CLOSE(npu.idlePower, 0.5);
  ASSERT_EQ(npu.memories.size(), 2u);
  EXPECT_EQ(npu.memories[kSram].name, "sram");
  EXPECT_EQ(npu.memories[kSram].capacity, 1024u);
  EXPECT_EQ(npu.lookupMemory("dram"), kDram);
  ASSERT_EQ(target->getLinks().size(), 1u);
  EXPECT_TRUE(target->getLink(0).bidirectional);
  EXPECT_TRUE(target->getLink(0).connects(kNpuIndex, kCpuIndex));
  EXPECT_TRUE(target->getLink(0).supportsWire(Precision::I4)); // no wire list
}

TEST_F(CostModelTest, FromAttrDeviceWithoutClock) {
  // The text itself is valid: the figures are optional in the attribute.
  ASSERT_TRUE(parseTarget(twoDeviceTarget(npuDevice(false, true), kPcie)));
  std::string messages;
  FailureOr<TargetModel> target =
      buildTarget(twoDeviceTarget(npuDevice(false, true), kPcie), &messages);
  EXPECT_TRUE(failed(target));
  EXPECT_NE(messages.find("device 'npu'"), std::string::npos) << messages;
  EXPECT_NE(messages.find("'clock'"), std::string::npos) << messages;
}

TEST_F(CostModelTest, FromAttrDeviceWithoutMemories) {
  std::string messages;
  FailureOr<TargetModel> target =
      buildTarget(twoDeviceTarget(npuDevice(true, false), kPcie), &messages);
  EXPECT_TRUE(failed(target));
  EXPECT_NE(messages.find("device 'npu'"), std::string::npos) << messages;
  // "memory tier" or "memories", whichever the message words it as.
  EXPECT_NE(messages.find("memor"), std::string::npos) << messages;
}

TEST_F(CostModelTest, FromAttrNamesEveryMissingFigure) {
  // A device with no figure but its precisions and memories.
  std::string bare = std::string(
      R"(#ap.device<"npu", accelerator, precisions = [f32], memories = [)") +
      kSramTier + "]>";
  std::string messages;
  FailureOr<TargetModel> target =
      buildTarget(twoDeviceTarget(bare, kPcie), &messages);
  EXPECT_TRUE(failed(target));
  for (const char *key : {"'clock'", "'units'", "'ops_per_cycle'",
                          "'energy_per_op'", "'launch_overhead'",
                          "'switch_latency'", "'idle_power'"})
    EXPECT_NE(messages.find(key), std::string::npos) << key << messages;
  EXPECT_NE(messages.find("device 'npu'"), std::string::npos) << messages;
}

TEST_F(CostModelTest, FromAttrMemoryTierAndLinkFigures) {
  std::string noBandwidth = std::string(
      R"(#ap.device<"npu", accelerator, precisions = [f32], memories = [
           #ap.memory<"sram", capacity = 1024, energy_per_byte = 1.0e-12>],
         clock = 1.0e9, )") + kNpuFigures + ">";
  std::string messages;
  EXPECT_TRUE(failed(
      buildTarget(twoDeviceTarget(noBandwidth, kPcie), &messages)));
  EXPECT_NE(messages.find("memory tier 'sram'"), std::string::npos)
      << messages;
  EXPECT_NE(messages.find("'npu'"), std::string::npos) << messages;
  EXPECT_NE(messages.find("'bandwidth'"), std::string::npos) << messages;

  EXPECT_TRUE(failed(buildTarget(
      twoDeviceTarget(npuDevice(true, true),
                      R"(#ap.link<"pcie", @cpu -> @npu, bidirectional,
                                  bandwidth = 1.0e9, energy_per_byte = 0.0>)"),
      &messages)));
  EXPECT_NE(messages.find("link 'pcie'"), std::string::npos) << messages;
  EXPECT_NE(messages.find("'latency'"), std::string::npos) << messages;
}

TEST_F(CostModelTest, FromAttrUnreachableDevice) {
  // The complete target builds with the link...
  EXPECT_TRUE(
      succeeded(buildTarget(twoDeviceTarget(npuDevice(true, true), kPcie))));
  // ... and not without it.
  std::string messages;
  FailureOr<TargetModel> target =
      buildTarget(std::string("#ap.target<devices = [") + kCpu + ", " +
                      npuDevice(true, true) +
                      "], host = \"cpu\", default = \"npu\">",
                  &messages);
  EXPECT_TRUE(failed(target));
  EXPECT_NE(messages.find("'npu'"), std::string::npos) << messages;
  EXPECT_NE(messages.find("unreachable"), std::string::npos) << messages;
  EXPECT_NE(messages.find("host 'cpu'"), std::string::npos) << messages;
}

TEST_F(CostModelTest, FromAttrDeviceThatCannotSendBack) {
  std::string messages;
  FailureOr<TargetModel> target = buildTarget(
      twoDeviceTarget(npuDevice(true, true),
                      R"(#ap.link<"up", @cpu -> @npu, latency = 1.0e-6,
                                  bandwidth = 1.0e9, energy_per_byte = 1.0e-10>)"),
      &messages);
  EXPECT_TRUE(failed(target));
  EXPECT_NE(messages.find("'npu'"), std::string::npos) << messages;
  EXPECT_NE(messages.find("back to host 'cpu'"), std::string::npos)
      << messages;

  // Two one-directional links, one each way, are enough.
  EXPECT_TRUE(succeeded(buildTarget(twoDeviceTarget(
      npuDevice(true, true),
      R"(#ap.link<"up", @cpu -> @npu, latency = 1.0e-6, bandwidth = 1.0e9,
                  energy_per_byte = 1.0e-10>,
         #ap.link<"down", @npu -> @cpu, latency = 1.0e-6, bandwidth = 1.0e9,
                  energy_per_byte = 1.0e-10>)"))));
}

TEST_F(CostModelTest, FromAttrDeviceThatCannotReceive) {
  std::string messages;
  FailureOr<TargetModel> target = buildTarget(
      twoDeviceTarget(npuDevice(true, true),
                      R"(#ap.link<"down", @npu -> @cpu, latency = 1.0e-6,
                                  bandwidth = 1.0e9, energy_per_byte = 1.0e-10>)"),
      &messages);
  EXPECT_TRUE(failed(target));
  EXPECT_NE(messages.find("'npu'"), std::string::npos) << messages;
  EXPECT_NE(messages.find("from host 'cpu' to it"), std::string::npos)
      << messages;
}

//===----------------------------------------------------------------------===//
// 8. The work of structured ops
//===----------------------------------------------------------------------===//

constexpr const char *kStructuredOps = R"mlir(
func.func @mm(%a: tensor<8x4xf32>, %b: tensor<4x16xf32>,
              %c: tensor<8x16xf32>) -> tensor<8x16xf32> {
  %0 = linalg.matmul ins(%a, %b : tensor<8x4xf32>, tensor<4x16xf32>)
                     outs(%c : tensor<8x16xf32>) -> tensor<8x16xf32>
  return %0 : tensor<8x16xf32>
}

func.func @conv(%i: tensor<1x10x10x3xf32>, %f: tensor<3x3x3x8xf32>,
                %o: tensor<1x4x4x8xf32>) -> tensor<1x4x4x8xf32> {
  %0 = linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>,
                                 strides = dense<2> : tensor<2xi64>}
         ins(%i, %f : tensor<1x10x10x3xf32>, tensor<3x3x3x8xf32>)
         outs(%o : tensor<1x4x4x8xf32>) -> tensor<1x4x4x8xf32>
  return %0 : tensor<1x4x4x8xf32>
}

func.func @pool(%i: tensor<1x6x6x2xf32>, %w: tensor<3x3xf32>,
                %o: tensor<1x4x4x2xf32>) -> tensor<1x4x4x2xf32> {
  %0 = linalg.pooling_nhwc_max {dilations = dense<1> : tensor<2xi64>,
                                strides = dense<1> : tensor<2xi64>}
         ins(%i, %w : tensor<1x6x6x2xf32>, tensor<3x3xf32>)
         outs(%o : tensor<1x4x4x2xf32>) -> tensor<1x4x4x2xf32>
  return %0 : tensor<1x4x4x2xf32>
}

func.func @eltwise(%x: tensor<4x8xf16>, %y: tensor<4x8xf16>,
                   %o: tensor<4x8xf16>) -> tensor<4x8xf16> {
  %0 = linalg.generic {
         indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>,
                          affine_map<(d0, d1) -> (d0, d1)>,
                          affine_map<(d0, d1) -> (d0, d1)>],
         iterator_types = ["parallel", "parallel"]}
         ins(%x, %y : tensor<4x8xf16>, tensor<4x8xf16>)
         outs(%o : tensor<4x8xf16>) {
  ^bb0(%a: f16, %b: f16, %out: f16):
    %zero = arith.constant 0.0 : f16
    %i = linalg.index 0 : index
    %j = arith.addi %i, %i : index
    %m = arith.mulf %a, %b : f16
    %s = arith.addf %m, %a : f16
    %r = arith.maximumf %s, %zero : f16
    linalg.yield %r : f16
  } -> tensor<4x8xf16>
  return %0 : tensor<4x8xf16>
}

func.func @mmi8(%a: tensor<8x4xi8>, %b: tensor<4x16xi8>,
                %c: tensor<8x16xi32>) -> tensor<8x16xi32> {
  %0 = linalg.matmul ins(%a, %b : tensor<8x4xi8>, tensor<4x16xi8>)
                     outs(%c : tensor<8x16xi32>) -> tensor<8x16xi32>
  return %0 : tensor<8x16xi32>
}

func.func @dyn(%a: tensor<?x4xf32>, %b: tensor<4x16xf32>,
               %c: tensor<?x16xf32>) -> tensor<?x16xf32> {
  %0 = linalg.matmul ins(%a, %b : tensor<?x4xf32>, tensor<4x16xf32>)
                     outs(%c : tensor<?x16xf32>) -> tensor<?x16xf32>
  return %0 : tensor<?x16xf32>
}
)mlir";

class StructuredOpWorkTest : public CostModelTest {
protected:
  void SetUp() override {
    module = parseSourceString<ModuleOp>(kStructuredOps, &context);
    ASSERT_TRUE(module);
  }

  /// The work of the structured op of function `name`.
  FailureOr<Work> workOf(StringRef name, std::string *messages = nullptr) {
    Operation *op = findCostOp(*module, name);
    EXPECT_TRUE(op) << "no cost op in @" << name.str();
    if (!op)
      return failure();
    FailureOr<Work> work = failure();
    std::string captured = captureDiagnostics([&] {
      work = getStructuredOpWork(cast<linalg::LinalgOp>(op),
                                 [&] { return emitErrorHere(); });
    });
    if (messages)
      *messages = captured;
    return work;
  }

  /// Expects `work` to have exactly `expected` accesses, in order.
  static void expectAccesses(const Work &work,
                             ArrayRef<MemoryAccess> expected) {
    ASSERT_EQ(work.accesses.size(), expected.size());
    for (size_t i = 0; i < expected.size(); ++i) {
      const MemoryAccess &got = work.accesses[i], &want = expected[i];
      EXPECT_EQ(got.role, want.role) << "access " << i;
      EXPECT_EQ(got.index, want.index) << "access " << i;
      EXPECT_EQ(got.elements, want.elements) << "access " << i;
      EXPECT_EQ(got.storedBits, want.storedBits) << "access " << i;
      EXPECT_EQ(got.fixed, want.fixed) << "access " << i;
    }
  }

  OwningOpRef<ModuleOp> module;
};

TEST_F(StructuredOpWorkTest, Matmul) {
  FailureOr<Work> work = workOf("mm");
  ASSERT_TRUE(succeeded(work));
  // Loops (m, n, k) = (8, 16, 4): 8*16*4 = 512 iterations, each one mulf
  // (compute) and one addf into the accumulator (accumulate).
  EXPECT_EQ(work->computeOps, 512);
  EXPECT_EQ(work->accumulateOps, 512);
  EXPECT_EQ(work->computePrecision, Precision::F32);
  EXPECT_EQ(work->accumulatePrecision, Precision::F32);
  EXPECT_FALSE(work->fixedPrecision);
  // A (m, k): 8*4 = 32; B (k, n): 4*16 = 64; C (m, n): 8*16 = 128 read as
  // init (operand 2) and written as result 0.
  expectAccesses(*work, {access(AccessRole::Input, 0, 32),
                         access(AccessRole::Input, 1, 64),
                         access(AccessRole::Init, 2, 128),
                         access(AccessRole::Output, 0, 128)});
}

TEST_F(StructuredOpWorkTest, MixedPrecisionMatmul) {
  FailureOr<Work> work = workOf("mmi8");
  ASSERT_TRUE(succeeded(work));
  // The body of an i8 x i8 -> i32 matmul is extsi, extsi, muli, addi. The
  // sign extensions of the inputs of a reduction are part of the
  // mixed-precision multiply-accumulate, not operations of their own: 1
  // compute op and 1 accumulation per iteration, as in f32: 512 and 512.
  EXPECT_EQ(work->computeOps, 512);
  EXPECT_EQ(work->accumulateOps, 512);
  EXPECT_EQ(work->computePrecision, Precision::I8);
  EXPECT_EQ(work->accumulatePrecision, Precision::I32);
  expectAccesses(*work, {access(AccessRole::Input, 0, 32, 8),
                         access(AccessRole::Input, 1, 64, 8),
                         access(AccessRole::Init, 2, 128, 32),
                         access(AccessRole::Output, 0, 128, 32)});
}

TEST_F(StructuredOpWorkTest, StridedConvolutionFootprint) {
  FailureOr<Work> work = workOf("conv");
  ASSERT_TRUE(succeeded(work));
  // Loops (n, oh, ow, f, kh, kw, c) = (1, 4, 4, 8, 3, 3, 3):
  // 1*4*4*8*3*3*3 = 128*27 = 3456 iterations of one mulf and one addf.
  EXPECT_EQ(work->computeOps, 3456);
  EXPECT_EQ(work->accumulateOps, 3456);
  // Input rows oh*2 + kh with oh < 4, kh < 3 reach {0, ..., 8}: 9 of the 10
  // rows (likewise columns), so 1*9*9*3 = 243 of the 300 elements.
  // Filter 3*3*3*8 = 216; output 1*4*4*8 = 128.
  expectAccesses(*work, {access(AccessRole::Input, 0, 243),
                         access(AccessRole::Input, 1, 216),
                         access(AccessRole::Init, 2, 128),
                         access(AccessRole::Output, 0, 128)});
}

TEST_F(StructuredOpWorkTest, PoolingWindowIsNotAccessed) {
  FailureOr<Work> work = workOf("pool");
  ASSERT_TRUE(succeeded(work));
  // Loops (n, oh, ow, c, kh, kw) = (1, 4, 4, 2, 3, 3): 32*9 = 288
  // iterations of one maximumf combining into the output.
  EXPECT_EQ(work->computeOps, 0);
  EXPECT_EQ(work->accumulateOps, 288);
  EXPECT_EQ(work->computePrecision, Precision::F32);
  EXPECT_EQ(work->accumulatePrecision, Precision::F32);
  // Input rows oh + kh reach {0..5}: 1*6*6*2 = 72; the window (operand 1)
  // only gives a shape; output 1*4*4*2 = 32.
  expectAccesses(*work, {access(AccessRole::Input, 0, 72),
                         access(AccessRole::Init, 2, 32),
                         access(AccessRole::Output, 0, 32)});
}

TEST_F(StructuredOpWorkTest, ElementwiseGenericCountsBodyOps) {
  FailureOr<Work> work = workOf("eltwise");
  ASSERT_TRUE(succeeded(work));
  // 4*8 = 32 iterations of mulf, addf, maximumf (the constant and the index
  // addition do not count): 3*32 = 96 ops, none accumulating (no reduction).
  EXPECT_EQ(work->computeOps, 96);
  EXPECT_EQ(work->accumulateOps, 0);
  EXPECT_EQ(work->computePrecision, Precision::F16);
  // The body ignores %out: no init read.
  expectAccesses(*work, {access(AccessRole::Input, 0, 32, 16),
                         access(AccessRole::Input, 1, 32, 16),
                         access(AccessRole::Output, 0, 32, 16)});

  FailureOr<TargetModel> target = buildTarget(kernelTarget());
  ASSERT_TRUE(succeeded(target));
  CostModel model(*target);
  // On the npu at the IR's f16: 96 / 8e9 = 1.2e-8 s; 64 + 64 read + 64
  // written = 192 bytes fit the SRAM: 192 / 1e11 = 1.92e-9 s.
  FailureOr<Cost> cost = kernelCost(model, *work, onDevice(kNpuIndex));
  ASSERT_TRUE(succeeded(cost));
  EXPECT_CLOSE(cost->computeTime, 1.2e-8);
  EXPECT_CLOSE(cost->memoryTime, 1.92e-9);
  EXPECT_CLOSE(cost->time, 1.012e-6); // 1e-6 + 1.2e-8
}

TEST_F(StructuredOpWorkTest, DynamicShapeFails) {
  std::string messages;
  FailureOr<Work> work = workOf("dyn", &messages);
  EXPECT_TRUE(failed(work));
  EXPECT_NE(messages.find("dynamic"), std::string::npos) << messages;
}

TEST_F(StructuredOpWorkTest, CostOpInterfaceIsAttached) {
  for (StringRef name : {"mm", "conv", "pool", "eltwise", "dyn"})
    EXPECT_TRUE(findCostOp(*module, name)) << name.str();

  auto matmul = cast<CostOpInterface>(findCostOp(*module, "mm"));
  FailureOr<Work> work = matmul.getWork([&] { return emitErrorHere(); });
  ASSERT_TRUE(succeeded(work));
  EXPECT_EQ(work->computeOps, 512);
  EXPECT_EQ(work->accumulateOps, 512);

  FailureOr<TargetModel> target = buildTarget(kernelTarget());
  ASSERT_TRUE(succeeded(target));
  CostModel model(*target);
  const DeviceModel &npu = model.getTarget().getDevice(kNpuIndex);
  FailureOr<Cost> cost = matmul.getCost(
      model, onDevice(kNpuIndex, PrecisionChoice::natural(Precision::F32, npu)),
      [&] { return emitErrorHere(); });
  ASSERT_TRUE(succeeded(cost));
  // compute 512/4e9 + 512/4e9 = 2.56e-7; bytes 32*4 + 64*4 + 128*4 + 128*4
  // = 1408 > 1024, so DRAM: 1408 / 1e10 = 1.408e-7.
  EXPECT_CLOSE(cost->computeTime, 2.56e-7);
  EXPECT_CLOSE(cost->memoryTime, 1.408e-7);
  EXPECT_CLOSE(cost->time, 1.256e-6); // 1e-6 + 2.56e-7
  // 512*4e-12 + 512*4e-12 + 1408*1e-10 = 2.048e-9 + 2.048e-9 + 1.408e-7.
  EXPECT_CLOSE(cost->dynamicEnergy, 1.44896e-7);
  EXPECT_CLOSE(cost->staticEnergy, 6.28e-7); // 0.5 * 1.256e-6

  // The dynamic op fails through the interface too.
  auto dynamic = cast<CostOpInterface>(findCostOp(*module, "dyn"));
  FailureOr<Cost> failedCost = failure();
  std::string messages = captureDiagnostics([&] {
    failedCost = dynamic.getCost(model, onDevice(kNpuIndex),
                                 [&] { return emitErrorHere(); });
  });
  EXPECT_TRUE(failed(failedCost));
  EXPECT_NE(messages.find("dynamic"), std::string::npos) << messages;
}

//===----------------------------------------------------------------------===//
// 9. Measured times and cost keys
//===----------------------------------------------------------------------===//

/// The ops of the cost key tests. The matmul in the loop is marked `keyed`
/// and given its `ap.cost_key = "mm"` after parsing (see
/// CostKeyAttributeVerifies for why not in the text).
constexpr const char *kKeyedOps = R"mlir(
func.func @f(%a: tensor<8x4xf32>, %b: tensor<4x16xf32>,
             %c: tensor<8x16xf32>) -> tensor<8x16xf32> {
  %zero = arith.constant 0.0 : f32
  %lb = arith.constant 0 : index
  %ub = arith.constant 2 : index
  %step = arith.constant 1 : index
  %0 = linalg.fill ins(%zero : f32) outs(%c : tensor<8x16xf32>)
         -> tensor<8x16xf32>
  %1 = scf.for %iv = %lb to %ub step %step iter_args(%acc = %0)
         -> (tensor<8x16xf32>) {
    %m = linalg.matmul {keyed}
           ins(%a, %b : tensor<8x4xf32>, tensor<4x16xf32>)
           outs(%acc : tensor<8x16xf32>) -> tensor<8x16xf32>
    scf.yield %m : tensor<8x16xf32>
  }
  %2 = linalg.matmul ins(%a, %b : tensor<8x4xf32>, tensor<4x16xf32>)
                     outs(%1 : tensor<8x16xf32>) -> tensor<8x16xf32>
  return %2 : tensor<8x16xf32>
}
)mlir";

/// Parses kKeyedOps and gives the op marked `keyed` its cost key.
OwningOpRef<ModuleOp> parseKeyedOps(MLIRContext &context) {
  OwningOpRef<ModuleOp> module =
      parseSourceString<ModuleOp>(kKeyedOps, &context);
  if (!module)
    return module;
  module->walk([&](Operation *op) {
    if (op->hasAttr("keyed")) {
      op->removeAttr("keyed");
      op->setAttr(APDialect::getCostKeyAttrName(), StringAttr::get(&context, "mm"));
    }
  });
  return module;
}

// The discardable attribute `ap.cost_key` that assignCostKeys honours is one
// the ap dialect verifies and accepts.
TEST_F(CostModelTest, CostKeyAttributeVerifies) {
  OwningOpRef<ModuleOp> module = parseSourceString<ModuleOp>(
      R"mlir(
func.func @f(%a: tensor<8x4xf32>, %b: tensor<4x16xf32>,
             %c: tensor<8x16xf32>) -> tensor<8x16xf32> {
  %0 = linalg.matmul {ap.cost_key = "mm"}
         ins(%a, %b : tensor<8x4xf32>, tensor<4x16xf32>)
         outs(%c : tensor<8x16xf32>) -> tensor<8x16xf32>
  return %0 : tensor<8x16xf32>
}
)mlir",
      &context);
  EXPECT_TRUE(module);
}

TEST_F(CostModelTest, AssignCostKeys) {
  OwningOpRef<ModuleOp> module = parseKeyedOps(context);
  ASSERT_TRUE(module);
  auto function = module->lookupSymbol<func::FuncOp>("f");
  ASSERT_TRUE(function);
  SmallVector<Operation *> costOps;
  function.walk<WalkOrder::PreOrder>([&](Operation *op) {
    if (isa<CostOpInterface>(op))
      costOps.push_back(op);
  });
  ASSERT_EQ(costOps.size(), 3u);
  ASSERT_TRUE(isa<linalg::FillOp>(costOps[0]));
  llvm::DenseMap<Operation *, std::string> keys =
      assignCostKeys(cast<FunctionOpInterface>(function.getOperation()));
  EXPECT_EQ(keys.size(), 3u);
  // The fill is op 0; the keyed matmul (op 1, nested in the loop) keeps its
  // key; the last matmul is op 2.
  EXPECT_EQ(keys.lookup(costOps[0]), "f#0");
  EXPECT_EQ(keys.lookup(costOps[1]), "mm");
  EXPECT_EQ(keys.lookup(costOps[2]), "f#2");
}

TEST_F(CostModelTest, MeasuredTimeReplacesTheEstimate) {
  OwningOpRef<ModuleOp> module = parseKeyedOps(context);
  ASSERT_TRUE(module);
  auto function = module->lookupSymbol<func::FuncOp>("f");
  ASSERT_TRUE(function);
  llvm::DenseMap<Operation *, std::string> keys =
      assignCostKeys(cast<FunctionOpInterface>(function.getOperation()));
  CostOpInterface keyed, unkeyed;
  function.walk([&](linalg::MatmulOp op) {
    (op->hasAttr(APDialect::getCostKeyAttrName()) ? keyed : unkeyed) =
        cast<CostOpInterface>(op.getOperation());
  });
  ASSERT_TRUE(keyed && unkeyed);

  FailureOr<TargetModel> target = buildTarget(kernelTarget());
  ASSERT_TRUE(succeeded(target));
  CostModel model(*target);
  EXPECT_FALSE(model.hasMeasuredTimes());
  model.addMeasuredTime("mm", kNpuIndex, Precision::F32, 5e-6);
  EXPECT_TRUE(model.hasMeasuredTimes());
  EXPECT_EQ(model.lookupMeasuredTime("mm", kNpuIndex, Precision::F32), 5e-6);
  EXPECT_FALSE(model.lookupMeasuredTime("mm", kNpuIndex, Precision::F16));
  EXPECT_FALSE(model.lookupMeasuredTime("mm", kCpuIndex, Precision::F32));

  const DeviceModel &npu = model.getTarget().getDevice(kNpuIndex);
  auto emit = [&] { return emitErrorHere(); };
  ExecutionConfig f32 =
      onDevice(kNpuIndex, PrecisionChoice::natural(Precision::F32, npu));

  // The estimate (see CostOpInterfaceIsAttached): time 1.256e-6, dynamic
  // 1.44896e-7. Measured: time 5e-6, same dynamic energy, static 0.5 * 5e-6
  // = 2.5e-6.
  FailureOr<Cost> measured = getOpCost(keyed, keys.lookup(keyed), model, f32, emit);
  ASSERT_TRUE(succeeded(measured));
  EXPECT_TRUE(measured->measured);
  EXPECT_EQ(measured->time, 5e-6);
  EXPECT_CLOSE(measured->dynamicEnergy, 1.44896e-7);
  EXPECT_CLOSE(measured->staticEnergy, 2.5e-6);
  EXPECT_CLOSE(measured->getEnergy(), 2.644896e-6); // 1.44896e-7 + 2.5e-6

  // Without a precision choice the IR's f32 applies: measured as well.
  FailureOr<Cost> irPrecision =
      getOpCost(keyed, "mm", model, onDevice(kNpuIndex), emit);
  ASSERT_TRUE(succeeded(irPrecision));
  EXPECT_TRUE(irPrecision->measured);
  EXPECT_EQ(irPrecision->time, 5e-6);

  // The other matmul has another key: estimated.
  FailureOr<Cost> other =
      getOpCost(unkeyed, keys.lookup(unkeyed), model, f32, emit);
  ASSERT_TRUE(succeeded(other));
  EXPECT_EQ(keys.lookup(unkeyed), "f#2");
  EXPECT_FALSE(other->measured);
  EXPECT_CLOSE(other->time, 1.256e-6);
  EXPECT_CLOSE(other->staticEnergy, 6.28e-7); // 0.5 * 1.256e-6

  // Another precision: estimated. At f16: compute 1024/8e9 = 1.28e-7;
  // bytes 96*2 + 128*4 + 128*2 = 960 fit the SRAM (9.6e-9 s);
  // time 1e-6 + 1.28e-7 = 1.128e-6.
  FailureOr<Cost> f16 = getOpCost(
      keyed, "mm", model,
      onDevice(kNpuIndex, PrecisionChoice::natural(Precision::F16, npu)), emit);
  ASSERT_TRUE(succeeded(f16));
  EXPECT_FALSE(f16->measured);
  EXPECT_CLOSE(f16->time, 1.128e-6);

  // Another device: estimated. On the cpu at f32: compute 512/1e9 + 512/1e9
  // = 1.024e-6; 1408 bytes / 1e10 = 1.408e-7; launch 0: time 1.024e-6.
  FailureOr<Cost> cpu = getOpCost(keyed, "mm", model, onDevice(kCpuIndex), emit);
  ASSERT_TRUE(succeeded(cpu));
  EXPECT_FALSE(cpu->measured);
  EXPECT_CLOSE(cpu->time, 1.024e-6);
}

TEST_F(CostModelTest, TransferOpPricesItselfOnTheLinks) {
  std::string source =
      "module attributes {ap.target = " + transferTarget() + R"mlir(} {
func.func @t(%x: tensor<500xf32>, %y: tensor<1000xf32>) {
  %0 = ap.transfer %x from @cpu to @npu wire f16
         : tensor<500xf32> -> tensor<500xf32>
  %1 = ap.transfer %y from @cpu to @npu : tensor<1000xf32> -> tensor<1000xf32>
  %2 = ap.transfer %y from @cpu to @npu via @direct
         : tensor<1000xf32> -> tensor<1000xf32>
  return
}
})mlir";
  OwningOpRef<ModuleOp> module = parseSourceString<ModuleOp>(source, &context);
  ASSERT_TRUE(module);
  SmallVector<CostOpInterface> transfers;
  module->walk([&](CostOpInterface op) { transfers.push_back(op); });
  ASSERT_EQ(transfers.size(), 3u);

  FailureOr<TargetModel> target = buildTarget(transferTarget());
  ASSERT_TRUE(succeeded(target));
  CostModel model(*target);
  // A measured time never replaces a transfer's cost.
  model.addMeasuredTime("t#0", 2, Precision::F32, 1.0);
  model.addMeasuredTime("t#0", 2, Precision::F16, 1.0);
  auto emit = [&] { return emitErrorHere(); };
  ExecutionConfig config = onDevice(2);

  // 500 values at wire f16 = 1000 bytes over links that carry f16 (the
  // gpu route): 2 * (1e-6 + 1000/1e10) = 2.2e-6 s, 1000 * 5e-11 = 5e-8 J.
  // Neither link converts, so the cpu converts f32 to f16 first (500 ops at
  // f32: 500/1e9 = 5e-7 s, 500 * 1e-11 = 5e-9 J) and the npu f16 to f32 at
  // the end (500/4e9 = 1.25e-7 s, 500 * 4e-12 = 2e-9 J):
  // 2.825e-6 s and 5.7e-8 J in all.
  FailureOr<Cost> wire = getOpCost(transfers[0], "t#0", model, config, emit);
  ASSERT_TRUE(succeeded(wire));
  EXPECT_FALSE(wire->measured);
  EXPECT_EQ(wire->bytesRead, 1000);
  EXPECT_CLOSE(wire->time, 2.825e-6);
  EXPECT_CLOSE(wire->computeTime, 6.25e-7);
  EXPECT_CLOSE(wire->dynamicEnergy, 5.7e-8);
  // 1000 f32 = 4000 bytes, fastest route via gpu: 2.8e-6 s.
  FailureOr<Cost> fastest = transfers[1].getCost(model, config, emit);
  ASSERT_TRUE(succeeded(fastest));
  EXPECT_CLOSE(fastest->time, 2.8e-6);
  // Via the direct link: 1e-7 + 4000/1e9 = 4.1e-6 s.
  FailureOr<Cost> direct = transfers[2].getCost(model, config, emit);
  ASSERT_TRUE(succeeded(direct));
  EXPECT_CLOSE(direct->time, 4.1e-6);
}

TEST_F(CostModelTest, ApplyMeasuredTime) {
  FailureOr<TargetModel> target = buildTarget(kernelTarget());
  ASSERT_TRUE(succeeded(target));
  CostModel model(*target);
  FailureOr<Cost> cost =
      kernelCost(model, simpleWork(4000, 100), onDevice(kNpuIndex, {}, kDram));
  ASSERT_TRUE(succeeded(cost));
  // dynamic = 4000 * 4e-12 + 400 * 1e-10 = 1.6e-8 + 4e-8 = 5.6e-8.
  EXPECT_CLOSE(cost->dynamicEnergy, 5.6e-8);
  model.applyMeasuredTime(*cost, kNpuIndex, 3e-6);
  EXPECT_TRUE(cost->measured);
  EXPECT_EQ(cost->time, 3e-6);
  EXPECT_CLOSE(cost->dynamicEnergy, 5.6e-8);
  EXPECT_CLOSE(cost->staticEnergy, 1.5e-6); // 0.5 * 3e-6
}

} // namespace
