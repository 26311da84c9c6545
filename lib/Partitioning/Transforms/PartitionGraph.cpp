//===- PartitionGraph.cpp - The partitioning problem of a function --------===//
//
// Part of the ap project: an adaptive-precision compiler built on MLIR.
//
//===----------------------------------------------------------------------===//

#include "ap/Partitioning/PartitionGraph.h"

#include "ap/Analysis/CostOpInterface.h"
#include "ap/Analysis/ElementStorage.h"
#include "ap/Dialect/AP/IR/APOps.h"
#include "ap/PrecisionAssignment/SensitivityTable.h"

#include "mlir/IR/PatternMatch.h"
#include "mlir/Interfaces/CallInterfaces.h"

using namespace mlir;
using namespace mlir::ap;

/// Replaces `placement` by the ops of its body, recording their device.
static void inlinePlacement(RewriterBase &rewriter, PlacementOp placement,
                            unsigned device, DeviceMap &pins) {
  Block &block = placement.getBodyBlock();
  for (Operation &op : block.without_terminator())
    op.walk([&](Operation *nested) { pins[nested] = device; });
  auto yield = cast<YieldOp>(block.getTerminator());
  SmallVector<Value> results;
  for (Value value : yield.getValues()) {
    auto argument = dyn_cast<BlockArgument>(value);
    results.push_back(argument && argument.getOwner() == &block
                          ? placement->getOperand(argument.getArgNumber())
                          : value);
  }
  rewriter.inlineBlockBefore(&block, placement, placement->getOperands());
  rewriter.replaceOp(placement, results);
  rewriter.eraseOp(yield);
}

/// Checks what the partitioner can place and inlines the placements of
/// `function`, recording the devices of their ops in `pins`.
static LogicalResult prepare(FunctionOpInterface function,
                             const TargetModel &target, DeviceMap &pins) {
  Region &body = function.getFunctionBody();
  if (!body.hasOneBlock())
    return function->emitError()
           << "ap-partition expects a function body of one block";
  // Innermost placements first, so that an op gets its innermost device.
  SmallVector<PlacementOp> placements;
  WalkResult walk = function->walk([&](Operation *op) -> WalkResult {
    if (isa<TransferOp>(op))
      return op->emitError()
             << "ap-partition places the transfers itself; the function "
                "already has one (partition a function without "
                "ap.transfer)";
    if (isa<AdaptiveOp, ObserveOp>(op))
      return op->emitError()
             << "ap-partition runs before ap-make-adaptive and on "
                "uninstrumented functions; found '"
             << op->getName() << "'";
    if (auto placement = dyn_cast<PlacementOp>(op)) {
      if (!target.lookupDevice(placement.getDevice()))
        return placement.emitError()
               << "placement on device '" << placement.getDevice()
               << "', which is not in the target";
      placements.push_back(placement);
    }
    return WalkResult::advance();
  });
  if (walk.wasInterrupted())
    return failure();
  IRRewriter rewriter(function->getContext());
  for (PlacementOp placement : placements) {
    unsigned device = *target.lookupDevice(placement.getDevice());
    rewriter.setInsertionPoint(placement);
    inlinePlacement(rewriter, placement, device, pins);
  }
  // Every kernel must now be an op of the body's block.
  Block &block = body.front();
  walk = function->walk([&](Operation *op) -> WalkResult {
    if (isKernel(op) && op->getBlock() != &block)
      return op->emitError()
             << "ap-partition places the kernels of a function's body; this "
                "one is nested in '"
             << op->getParentOp()->getName() << "'";
    return WalkResult::advance();
  });
  return failure(walk.wasInterrupted());
}

/// The float precisions narrower than `stored` that a value may cross in.
static SmallVector<Precision> getNarrowerWires(Precision stored) {
  SmallVector<Precision> wires;
  for (Precision wire : {Precision::F16, Precision::BF16, Precision::F8E4M3FN,
                         Precision::F8E5M2})
    if (isFloat(stored) && getBitWidth(wire) < getBitWidth(stored))
      wires.push_back(wire);
  return wires;
}

/// The wire precisions of `value`, read by `readers`: the precision that
/// every reader converts it to first (no loss), and, from `sensitivity`, the
/// narrower ones whose loss every reader has (the sum of their losses).
static SmallVector<WireOption, 2>
getWireOptions(Precision stored, ArrayRef<Operation *> readers,
               const llvm::DenseMap<Operation *, std::string> &keys,
               const SensitivityTable *sensitivity) {
  SmallVector<WireOption, 2> options;
  if (readers.empty())
    return options;
  std::optional<Precision> converted;
  bool allConvert = llvm::all_of(readers, [&](Operation *reader) {
    auto convert = dyn_cast<ConvertOp>(reader);
    if (!convert || !convert.getSaturate() ||
        convert.getRounding() != RoundingMode::NearestEven)
      return false;
    std::optional<Precision> to =
        getPrecision(convert.getResult().getType().getElementType());
    if (!to || (converted && *converted != *to))
      return false;
    converted = to;
    return true;
  });
  for (Precision wire : getNarrowerWires(stored)) {
    if (allConvert && wire == *converted) {
      options.push_back({wire, 0.0});
      continue;
    }
    if (!sensitivity)
      continue;
    double loss = 0;
    bool known = llvm::all_of(readers, [&](Operation *reader) {
      auto it = keys.find(reader);
      if (it == keys.end())
        return false;
      const OpSensitivity *op = sensitivity->lookup(it->second);
      std::optional<double> readerLoss =
          op ? op->lookupLoss(wire) : std::nullopt;
      if (!readerLoss)
        return false;
      loss += *readerLoss;
      return true;
    });
    if (known)
      options.push_back({wire, loss});
  }
  return options;
}

namespace {
/// Builds the graph of one function.
class GraphBuilder {
public:
  GraphBuilder(FunctionOpInterface function, const CostModel &model,
               const PartitionGraphOptions &options, PartitionGraph &graph)
      : function(function), model(model), options(options), graph(graph) {}

  LogicalResult run();

private:
  /// The index of the value `root`, added when new.
  unsigned getValue(Value root, std::optional<unsigned> producer);
  LogicalResult priceTask(PartitionTask &task, const FusedKernel &kernel);

  FunctionOpInterface function;
  const CostModel &model;
  const PartitionGraphOptions &options;
  PartitionGraph &graph;
  /// The task of each kernel.
  llvm::DenseMap<Operation *, unsigned> taskOf;
  llvm::DenseMap<Operation *, unsigned> weightIndex;
};
} // namespace

unsigned GraphBuilder::getValue(Value root, std::optional<unsigned> producer) {
  auto [it, inserted] =
      graph.valueIndex.try_emplace(root, graph.problem.values.size());
  if (!inserted)
    return it->second;
  PartitionValue &value = graph.problem.values.emplace_back();
  graph.values.push_back(root);
  value.producer = producer;
  auto type = cast<RankedTensorType>(root.getType());
  value.elements = type.getNumElements();
  // Types without an ap storage were refused when the task was priced.
  auto silentError = [&] {
    return mlir::emitError(UnknownLoc::get(root.getContext()));
  };
  ScopedDiagnosticHandler silence(root.getContext(),
                                  [](Diagnostic &) { return success(); });
  FailureOr<ElementStorage> storage =
      getElementStorage(type.getElementType(), silentError);
  if (succeeded(storage)) {
    value.precision = storage->precision;
    value.bytes = getStorageBytes(value.elements, storage->bits);
  }
  if (producer)
    value.name = graph.problem.tasks[*producer].name;
  else if (auto argument = dyn_cast<BlockArgument>(root))
    value.name =
        (function.getName() + ".arg" + Twine(argument.getArgNumber())).str();
  if (value.precision) {
    SmallVector<Operation *> readers;
    collectReaders(root, readers);
    llvm::erase_if(readers, [](Operation *reader) {
      return reader->hasTrait<OpTrait::ReturnLike>();
    });
    value.wires = getWireOptions(*value.precision, readers, graph.keys,
                                 options.sensitivity);
  }
  return it->second;
}

LogicalResult GraphBuilder::priceTask(PartitionTask &task,
                                      const FusedKernel &kernel) {
  const TargetModel &target = model.getTarget();
  MLIRContext *context = function->getContext();
  std::optional<Precision> precision;
  for (unsigned device = 0; device < target.getDevices().size(); ++device) {
    if (task.pinned && *task.pinned != device)
      continue;
    const DeviceModel &deviceModel = target.getDevice(device);
    // A device that cannot run the launch is no candidate: its errors are
    // not the user's.
    ScopedDiagnosticHandler silence(context,
                                    [](Diagnostic &) { return success(); });
    FailureOr<PricedKernel> natural =
        priceFusedKernel(kernel, device, std::nullopt, model, graph.keys);
    if (failed(natural))
      continue;
    precision = natural->precision;
    TaskDeviceCost cost;
    unsigned last = deviceModel.memories.size() - 1;
    cost.naturalTier = natural->cost.memory.value_or(last);
    cost.workingSetBytes = natural->cost.bytesRead + natural->cost.bytesWritten;
    cost.time.push_back(natural->cost.time);
    cost.energy.push_back(natural->cost.dynamicEnergy);
    bool complete = true;
    for (unsigned tier = cost.naturalTier + 1; tier <= last; ++tier) {
      FailureOr<PricedKernel> slower =
          priceFusedKernel(kernel, device, tier, model, graph.keys);
      if (failed(slower)) {
        complete = false;
        break;
      }
      cost.time.push_back(slower->cost.time);
      cost.energy.push_back(slower->cost.dynamicEnergy);
    }
    if (complete)
      task.costs[device] = std::move(cost);
  }
  task.precision = precision;
  if (llvm::any_of(task.costs, [](const auto &cost) { return cost; }))
    return success();

  // Say why, with what the device it should have run on says.
  unsigned device = task.pinned ? *task.pinned : target.getDefaultDevice();
  std::string reason;
  {
    ScopedDiagnosticHandler capture(context, [&](Diagnostic &diagnostic) {
      if (reason.empty())
        reason = diagnostic.str();
      return success();
    });
    (void)priceFusedKernel(kernel, device, std::nullopt, model, graph.keys);
  }
  InFlightDiagnostic diagnostic = kernel.anchor->emitError()
                                  << "no device of the target can run launch '"
                                  << task.name << "'";
  if (task.pinned)
    diagnostic << " on the device of its ap.placement";
  if (!reason.empty())
    diagnostic.attachNote() << reason;
  return diagnostic;
}

LogicalResult GraphBuilder::run() {
  const TargetModel &target = model.getTarget();
  graph.keys = assignCostKeys(function);
  if (failed(prepare(function, target, graph.pins)))
    return failure();
  graph.fusion = fuseKernels(function, graph.pins, target.getDefaultDevice(),
                             options.fuseKernels);
  PartitionProblem &problem = graph.problem;
  problem.model = &model;
  unsigned numDevices = target.getDevices().size();

  // Tasks, in the program order of their anchors (a topological order: a
  // launch comes after the producers of everything it reads). Calls are
  // tasks too: the callee runs on the host as a function of its own, after
  // its arguments are brought there.
  SmallVector<std::pair<Operation *, unsigned>> anchors;
  for (auto [index, kernel] : llvm::enumerate(graph.fusion.kernels))
    if (!kernel.members.empty())
      anchors.push_back({kernel.anchor, index});
  for (Operation &op : function.getFunctionBody().front())
    if (isa<CallOpInterface>(op))
      anchors.push_back({&op, PartitionGraph::kNoKernel});
  llvm::sort(anchors, [&](const auto &a, const auto &b) {
    return a.first->isBeforeInBlock(b.first);
  });
  unsigned host = target.getHost();
  for (auto [anchor, index] : anchors) {
    unsigned taskIndex = problem.tasks.size();
    PartitionTask &task = problem.tasks.emplace_back();
    graph.taskKernels.push_back(index);
    task.name = graph.keys.lookup(anchor);
    task.costs.resize(numDevices);
    if (index == PartitionGraph::kNoKernel) {
      auto callee =
          dyn_cast_or_null<SymbolRefAttr>(cast<CallOpInterface>(anchor)
                                              .getCallableForCallee()
                                              .dyn_cast<SymbolRefAttr>());
      task.name = ("call " + (callee ? callee.getLeafReference().str()
                                     : std::string("?")));
      task.launches = false;
      task.pinned = host;
      TaskDeviceCost cost;
      cost.naturalTier = target.getDevice(host).memories.size() - 1;
      cost.time.push_back(0);
      cost.energy.push_back(0);
      task.costs[host] = std::move(cost);
      taskOf[anchor] = taskIndex;
      graph.taskOps.push_back({anchor});
      continue;
    }
    const FusedKernel &kernel = graph.fusion.kernels[index];
    graph.taskOps.emplace_back(kernel.members.begin(), kernel.members.end());
    for (Operation *member : kernel.members) {
      taskOf[member] = taskIndex;
      auto pin = graph.pins.find(member);
      if (pin != graph.pins.end())
        task.pinned = pin->second;
    }
    if (failed(priceTask(task, kernel)))
      return failure();
  }

  // What each task reads and writes.
  for (auto [taskIndex, ops] : llvm::enumerate(graph.taskOps)) {
    auto isMember = [&](Operation *op) {
      auto it = taskOf.find(op);
      return it != taskOf.end() && it->second == taskIndex;
    };
    for (Operation *member : ops) {
      for (OpOperand &use : member->getOpOperands()) {
        Value operand = use.get();
        if (!isa<RankedTensorType>(operand.getType()))
          continue;
        Value root = getViewRoot(operand);
        Operation *def = root.getDefiningOp();
        if (def && isMember(def))
          continue;
        if (def && def->hasTrait<OpTrait::ConstantLike>()) {
          auto [it, inserted] =
              weightIndex.try_emplace(def, problem.weights.size());
          if (inserted) {
            PartitionWeight &weight = problem.weights.emplace_back();
            graph.weights.push_back(def);
            // Named as the conversion names a copy of the operand.
            weight.name = (graph.keys.lookup(member) + ".in" +
                           Twine(use.getOperandNumber()))
                              .str();
            auto silentError = [&] { return mlir::emitError(def->getLoc()); };
            ScopedDiagnosticHandler silence(
                def->getContext(), [](Diagnostic &) { return success(); });
            FailureOr<ElementStorage> storage = getElementStorage(
                cast<RankedTensorType>(root.getType()).getElementType(),
                silentError);
            if (succeeded(storage))
              weight.bytes = getStorageBytes(
                  cast<RankedTensorType>(root.getType()).getNumElements(),
                  storage->bits);
          }
          PartitionTask &task = problem.tasks[taskIndex];
          if (!llvm::is_contained(task.weights, it->second))
            task.weights.push_back(it->second);
          continue;
        }
        std::optional<unsigned> producer;
        if (def) {
          auto it = taskOf.find(def);
          // Data of ops that are no kernels (tensor.empty) has no buffer.
          if (it == taskOf.end())
            continue;
          // A call's results have no buffer either, but it comes first.
          if (!problem.tasks[it->second].launches) {
            PartitionTask &task = problem.tasks[taskIndex];
            if (!llvm::is_contained(task.after, it->second))
              task.after.push_back(it->second);
            continue;
          }
          producer = it->second;
        } else if (!isa<BlockArgument>(root) ||
                   root.getParentBlock() !=
                       &function.getFunctionBody().front()) {
          continue;
        }
        unsigned value = getValue(root, producer);
        PartitionTask &task = problem.tasks[taskIndex];
        if (!llvm::is_contained(task.inputs, value))
          task.inputs.push_back(value);
      }
    }
  }
  // Outputs: the members' results read outside the task or returned.
  for (auto [taskIndex, ops] : llvm::enumerate(graph.taskOps)) {
    if (!problem.tasks[taskIndex].launches)
      continue;
    for (Operation *member : ops)
      for (OpResult result : member->getResults()) {
        if (!isa<RankedTensorType>(result.getType()))
          continue;
        SmallVector<Operation *> readers;
        collectReaders(result, readers);
        bool outside = llvm::any_of(readers, [&](Operation *reader) {
          auto it = taskOf.find(reader);
          return it == taskOf.end() || it->second != taskIndex;
        });
        if (outside || readers.empty())
          problem.tasks[taskIndex].outputs.push_back(
              getValue(result, taskIndex));
      }
  }
  // Results.
  Operation *terminator = function.getFunctionBody().front().getTerminator();
  for (Value operand : terminator->getOperands()) {
    if (!isa<RankedTensorType>(operand.getType()))
      continue;
    Value root = getViewRoot(operand);
    auto it = graph.valueIndex.find(root);
    if (it == graph.valueIndex.end())
      continue;
    problem.values[it->second].returned = true;
    problem.results.push_back(it->second);
  }
  return success();
}

FailureOr<PartitionGraph>
mlir::ap::buildPartitionGraph(FunctionOpInterface function,
                              const CostModel &model,
                              const PartitionGraphOptions &options) {
  PartitionGraph graph;
  if (failed(GraphBuilder(function, model, options, graph).run()))
    return failure();
  return graph;
}
