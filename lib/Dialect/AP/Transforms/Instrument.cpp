//===- Instrument.cpp - Mark values for calibration -----------------------===//
//
// Part of the ap project: an adaptive-precision compiler built on MLIR.
//
//===----------------------------------------------------------------------===//

#include "ap/Dialect/AP/IR/APOps.h"
#include "ap/Dialect/AP/Transforms/Passes.h"

#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/SymbolTable.h"
#include "mlir/Interfaces/FunctionInterfaces.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringSet.h"

namespace mlir::ap {
#define GEN_PASS_DEF_APINSTRUMENT
#include "ap/Dialect/AP/Transforms/Passes.h.inc"
} // namespace mlir::ap

using namespace mlir;
using namespace mlir::ap;

using Granularity = InstrumentGranularity;

/// Whether calibration can measure `type`.
static bool isObservable(Type type) {
  auto tensor = dyn_cast<RankedTensorType>(type);
  return tensor && isa<FloatType>(tensor.getElementType());
}

/// Whether `value` already has an observation.
static bool isObserved(Value value) {
  return llvm::any_of(value.getUsers(),
                      [](Operation *user) { return isa<ObserveOp>(user); });
}

/// TOSA ops that are layers (weights or reductions). TOSA has no interface
/// that says so, hence the names.
static bool isTosaLayer(Operation *op) {
  static constexpr StringRef layers[] = {
      "conv2d",     "conv3d",     "depthwise_conv2d", "transpose_conv2d",
      "matmul",     "avg_pool2d", "max_pool2d",       "reduce_sum",
      "reduce_max", "reduce_min", "reduce_product",   "argmax"};
  return llvm::is_contained(layers, op->getName().stripDialect());
}

/// Whether `value` is a constant or a broadcast of one: its statistics are
/// known at compile time.
static bool isConstantLike(Value value) {
  Operation *producer = value.getDefiningOp();
  if (!producer)
    return false;
  if (producer->hasTrait<OpTrait::ConstantLike>())
    return true;
  if (auto broadcast = dyn_cast<linalg::BroadcastOp>(producer))
    return isConstantLike(broadcast.getInput());
  return false;
}

/// Whether the results of `op` are observed at `granularity`.
static bool selects(Operation *op, Granularity granularity) {
  StringRef dialect = op->getName().getDialectNamespace();
  if (auto linalgOp = dyn_cast<linalg::LinalgOp>(op)) {
    if (granularity == Granularity::Layer)
      return linalgOp.getNumReductionLoops() > 0;
    // Fills and copies only move or set values that are observed elsewhere;
    // broadcasts of constants have statistics known at compile time.
    if (isa<linalg::FillOp, linalg::CopyOp>(op))
      return false;
    if (auto broadcast = dyn_cast<linalg::BroadcastOp>(op))
      return !isConstantLike(broadcast.getInput());
    return true;
  }
  // A padded tensor is read by the next layer with its padding value among
  // its elements: observed on its own, as the next layer's input.
  if (isa<tensor::PadOp>(op))
    return granularity == Granularity::Op;
  if (dialect == "tosa") {
    if (granularity == Granularity::Layer)
      return isTosaLayer(op);
    return op->getName().stripDialect() != "const";
  }
  if (granularity == Granularity::Layer)
    return false;
  return (dialect == "arith" || dialect == "math") &&
         !op->hasTrait<OpTrait::ConstantLike>();
}

namespace {
struct APInstrumentPass : public ap::impl::APInstrumentBase<APInstrumentPass> {
  using Base::Base;

  void runOnOperation() override;

private:
  /// Observes `value` right after `builder`'s insertion point, under a fresh
  /// id built from `stem`.
  void observe(OpBuilder &builder, Value value, StringRef stem,
               llvm::StringMap<unsigned> &counters);

  /// The ids already used in the module.
  llvm::StringSet<> usedIds;
};
} // namespace

void APInstrumentPass::observe(OpBuilder &builder, Value value, StringRef stem,
                               llvm::StringMap<unsigned> &counters) {
  std::string id;
  do {
    id = (stem + Twine(counters[stem]++)).str();
  } while (usedIds.contains(id));
  usedIds.insert(id);
  auto observation = ObserveOp::create(builder, value.getLoc(), value,
                                       builder.getStringAttr(id));
  value.replaceAllUsesExcept(observation.getResult(), observation);
}

void APInstrumentPass::runOnOperation() {
  Granularity level = granularity;
  ModuleOp module = getOperation();
  module.walk([&](ObserveOp op) { usedIds.insert(op.getId()); });

  for (auto function : module.getOps<FunctionOpInterface>()) {
    if (function.isExternal())
      continue;
    StringRef name = SymbolTable::getSymbolName(function).getValue();
    llvm::StringMap<unsigned> counters;
    OpBuilder builder(function.getContext());

    if (observeArguments) {
      Block &entry = function.getFunctionBody().front();
      builder.setInsertionPointToStart(&entry);
      for (BlockArgument argument : entry.getArguments()) {
        if (!isObservable(argument.getType()) || isObserved(argument))
          continue;
        // Arguments are named by their position, which callers fix.
        std::string id = (name + ".arg" + Twine(argument.getArgNumber())).str();
        if (usedIds.contains(id)) {
          observe(builder, argument, id + "_", counters);
          continue;
        }
        usedIds.insert(id);
        auto observation = ObserveOp::create(
            builder, argument.getLoc(), argument, builder.getStringAttr(id));
        argument.replaceAllUsesExcept(observation.getResult(), observation);
      }
    }

    // Collect first: inserting observations while walking would visit them.
    SmallVector<Operation *> selected;
    function.getFunctionBody().walk([&](Operation *op) {
      if (op->getDialect() && isa<APDialect>(op->getDialect()))
        return;
      if (selects(op, level) &&
          llvm::any_of(op->getResultTypes(), isObservable))
        selected.push_back(op);
    });
    for (Operation *op : selected) {
      builder.setInsertionPointAfter(op);
      std::string stem = (name + "." + op->getName().stripDialect()).str();
      for (OpResult result : op->getResults())
        if (isObservable(result.getType()) && !isObserved(result))
          observe(builder, result, stem, counters);
    }
  }
}
