//===- PartitionRewriter.cpp - A partition written into the IR ------------===//
//
// Part of the ap project: an adaptive-precision compiler built on MLIR.
//
//===----------------------------------------------------------------------===//

#include "ap/Partitioning/PartitionRewriter.h"

#include "ap/Dialect/AP/IR/APDialect.h"
#include "ap/Dialect/AP/IR/APOps.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/IRMapping.h"
#include "mlir/Interfaces/CallInterfaces.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/SetVector.h"

using namespace mlir;
using namespace mlir::ap;

namespace {
/// Rewrites one function.
class Rewriter {
public:
  Rewriter(FunctionOpInterface function, PartitionGraph &graph,
           const PartitionSolution &solution, const Schedule &schedule)
      : function(function), graph(graph), solution(solution),
        schedule(schedule), target(graph.problem.model->getTarget()),
        context(function->getContext()), builder(context),
        block(function.getFunctionBody().front()),
        terminator(block.getTerminator()) {}

  void run();

private:
  void emit(Operation *op);
  TransferOp createTransfer(const ScheduledTransfer &transfer);
  /// Makes `use` read `copy`, the copy of the root of its value, through
  /// clones of the views between them, inserted at the builder's point.
  void rewire(OpOperand &use, Value copy);
  void formPlacements();
  void wrap(ArrayRef<Operation *> run, unsigned device);
  DictionaryAttr getSchedule(unsigned order, double start, double end);

  FunctionOpInterface function;
  PartitionGraph &graph;
  const PartitionSolution &solution;
  const Schedule &schedule;
  const TargetModel &target;
  MLIRContext *context;
  OpBuilder builder;
  Block &block;
  Operation *terminator;

  llvm::DenseSet<Operation *> placed;
  /// The task of each kernel.
  llvm::DenseMap<Operation *, unsigned> taskOf;
  llvm::DenseMap<Operation *, unsigned> weightOf;
};
} // namespace

DictionaryAttr Rewriter::getSchedule(unsigned order, double start, double end) {
  Builder b(context);
  return b.getDictionaryAttr(
      {b.getNamedAttr("order", b.getI64IntegerAttr(order)),
       b.getNamedAttr("start", b.getF64FloatAttr(start)),
       b.getNamedAttr("end", b.getF64FloatAttr(end))});
}

void Rewriter::emit(Operation *op) {
  if (op == terminator || !placed.insert(op).second)
    return;
  // What it reads first, including the values its regions capture.
  op->walk([&](Operation *nested) {
    for (Value operand : nested->getOperands())
      if (Operation *def = operand.getDefiningOp())
        if (Operation *top = block.findAncestorOpInBlock(*def);
            top && top != op)
          emit(top);
  });
  op->moveBefore(terminator);
}

void Rewriter::rewire(OpOperand &use, Value copy) {
  // The views between the root and the use, outermost last.
  SmallVector<Operation *> views;
  Value value = use.get();
  while (Operation *def = value.getDefiningOp()) {
    if (!isView(def))
      break;
    views.push_back(def);
    value = def->getOperand(0);
  }
  Value current = copy;
  for (Operation *view : llvm::reverse(views)) {
    IRMapping mapping;
    mapping.map(view->getOperand(0), current);
    Operation *clone = builder.clone(*view, mapping);
    placed.insert(clone);
    current = clone->getResult(0);
  }
  use.set(current);
}

TransferOp Rewriter::createTransfer(const ScheduledTransfer &transfer) {
  Value value = graph.values[transfer.value];
  const PartitionValue &info = graph.problem.values[transfer.value];
  builder.setInsertionPoint(terminator);
  std::optional<Precision> wire;
  if (transfer.wire && transfer.wire != info.precision)
    wire = transfer.wire;
  auto op = TransferOp::create(
      builder, value.getLoc(), value.getType(), value,
      FlatSymbolRefAttr::get(context, target.getDevice(transfer.from).name),
      FlatSymbolRefAttr::get(context, target.getDevice(transfer.to).name),
      FlatSymbolRefAttr(), wire);
  placed.insert(op);
  return op;
}

void Rewriter::run() {
  for (auto [index, ops] : llvm::enumerate(graph.taskOps))
    for (Operation *op : ops)
      taskOf[op] = index;
  for (auto [index, weight] : llvm::enumerate(graph.weights))
    weightOf[weight] = index;

  // Profiles and reports name the kernels by the keys they had.
  StringAttr keyName =
      StringAttr::get(context, APDialect::getCostKeyAttrName());
  for (auto &[op, key] : graph.keys)
    if (!op->hasAttr(keyName))
      op->setAttr(keyName, StringAttr::get(context, key));

  SmallVector<Operation *> original;
  for (Operation &op : block)
    original.push_back(&op);

  // The transfers issued before each task, in issue order.
  llvm::DenseMap<unsigned, SmallVector<unsigned>> transfersBefore;
  SmallVector<unsigned> finalTransfers;
  for (auto [index, transfer] : llvm::enumerate(schedule.transfers)) {
    if (transfer.beforeTask)
      transfersBefore[*transfer.beforeTask].push_back(index);
    else
      finalTransfers.push_back(index);
  }

  // Every reader of a transferred value on its destination (the return,
  // for the host) reads the copy.
  auto rewireReaders = [&](const ScheduledTransfer &transfer, Value copy) {
    SmallVector<OpOperand *> readerUses, uses;
    collectReaderUses(graph.values[transfer.value], readerUses);
    for (OpOperand *use : readerUses) {
      Operation *user = use->getOwner();
      auto task = taskOf.find(user);
      if ((task != taskOf.end() &&
           solution.devices[task->second] == transfer.to) ||
          (user == terminator && transfer.to == target.getHost()))
        uses.push_back(use);
    }
    for (OpOperand *use : uses) {
      builder.setInsertionPoint(use->getOwner() == terminator
                                    ? terminator
                                    : copy.getDefiningOp()->getNextNode());
      rewire(*use, copy);
    }
  };

  unsigned order = 0;
  auto addTransfer = [&](unsigned index) {
    const ScheduledTransfer &transfer = schedule.transfers[index];
    TransferOp op = createTransfer(transfer);
    op->setAttr(APDialect::getScheduleAttrName(),
                getSchedule(order++, transfer.start, transfer.end));
    rewireReaders(transfer, op.getResult());
  };
  for (unsigned task : solution.order) {
    for (unsigned index : transfersBefore.lookup(task))
      addTransfer(index);
    for (Operation *op : graph.taskOps[task])
      emit(op);
    Operation *anchor =
        graph.taskKernels[task] == PartitionGraph::kNoKernel
            ? graph.taskOps[task].front()
            : graph.fusion.kernels[graph.taskKernels[task]].anchor;
    anchor->setAttr(
        APDialect::getScheduleAttrName(),
        getSchedule(order++, schedule.taskStart[task], schedule.taskEnd[task]));
  }
  for (unsigned index : finalTransfers)
    addTransfer(index);
  for (Operation *op : original)
    emit(op);

  formPlacements();

  // The constants now cloned into the placements.
  for (Operation *op : llvm::reverse(original))
    if (op != terminator && op->hasTrait<OpTrait::ConstantLike>() &&
        op->use_empty())
      op->erase();
}

void Rewriter::formPlacements() {
  // Runs of consecutive launches on one device, with the ops that are no
  // launches between them; a transfer ends a run.
  SmallVector<std::pair<SmallVector<Operation *>, unsigned>> runs;
  SmallVector<Operation *> pending;
  std::optional<unsigned> current;
  for (Operation &op : block) {
    if (&op == terminator)
      break;
    // A call runs on the host, outside placements.
    if (isa<TransferOp, CallOpInterface>(op)) {
      current.reset();
      pending.clear();
      continue;
    }
    // Constants stay outside: each placement gets its own clone, with the
    // tier of its device.
    if (op.hasTrait<OpTrait::ConstantLike>())
      continue;
    auto task = taskOf.find(&op);
    if (task == taskOf.end()) {
      pending.push_back(&op);
      continue;
    }
    unsigned device = solution.devices[task->second];
    if (current != device) {
      runs.push_back({{}, device});
      current = device;
    }
    runs.back().first.append(pending.begin(), pending.end());
    pending.clear();
    runs.back().first.push_back(&op);
  }
  for (auto &[run, device] : runs)
    wrap(run, device);
}

void Rewriter::wrap(ArrayRef<Operation *> run, unsigned device) {
  llvm::SmallPtrSet<Operation *, 16> inRun(run.begin(), run.end());
  auto isInside = [&](Operation *op) {
    Operation *top = block.findAncestorOpInBlock(*op);
    return top && inRun.contains(top);
  };

  // Constants are cloned in: weights stay resident on the device, in the
  // tier the memory plan gives them.
  builder.setInsertionPoint(run.front());
  llvm::DenseMap<Operation *, Operation *> clones;
  for (Operation *op : run)
    op->walk([&](Operation *nested) {
      for (OpOperand &use : nested->getOpOperands()) {
        Operation *def = use.get().getDefiningOp();
        if (!def || isInside(def) || !def->hasTrait<OpTrait::ConstantLike>())
          continue;
        Operation *&clone = clones[def];
        if (!clone) {
          clone = builder.clone(*def);
          clone->removeAttr(APDialect::getMemoryAttrName());
          auto weight = weightOf.find(def);
          if (weight != weightOf.end()) {
            auto tier = schedule.weightTiers.find({weight->second, device});
            if (tier != schedule.weightTiers.end()) {
              const DeviceModel &model = target.getDevice(device);
              clone->setAttr(
                  APDialect::getMemoryAttrName(),
                  SymbolRefAttr::get(
                      context, model.name,
                      {FlatSymbolRefAttr::get(
                          context, model.memories[tier->second].name)}));
            }
          }
        }
        use.set(clone->getResult(cast<OpResult>(use.get()).getResultNumber()));
      }
    });
  SmallVector<Operation *> ops;
  for (auto &[def, clone] : clones)
    ops.push_back(clone);
  llvm::sort(ops,
             [](Operation *a, Operation *b) { return a->isBeforeInBlock(b); });
  ops.append(run.begin(), run.end());
  inRun.insert(ops.begin(), ops.end());

  // What enters and what leaves.
  llvm::SetVector<Value> inputs, outputs;
  for (Operation *op : ops)
    op->walk([&](Operation *nested) {
      for (Value operand : nested->getOperands()) {
        Operation *def = operand.getDefiningOp();
        bool inside =
            def ? isInside(def)
                : op->isAncestor(
                      cast<BlockArgument>(operand).getOwner()->getParentOp());
        if (!inside)
          inputs.insert(operand);
      }
    });
  for (Operation *op : ops)
    for (Value result : op->getResults())
      for (Operation *user : result.getUsers())
        if (!isInside(user)) {
          outputs.insert(result);
          break;
        }

  builder.setInsertionPoint(ops.front());
  SmallVector<Type> resultTypes;
  for (Value output : outputs)
    resultTypes.push_back(output.getType());
  auto placement = PlacementOp::create(
      builder, ops.front()->getLoc(), resultTypes,
      FlatSymbolRefAttr::get(context, target.getDevice(device).name),
      inputs.getArrayRef());
  Block *body = new Block();
  placement.getBody().push_back(body);
  for (Value input : inputs)
    body->addArgument(input.getType(), input.getLoc());
  for (Operation *op : ops)
    op->moveBefore(body, body->end());
  for (auto [index, input] : llvm::enumerate(inputs))
    Value(input).replaceUsesWithIf(
        body->getArgument(index), [&](OpOperand &use) {
          return placement->isProperAncestor(use.getOwner());
        });
  builder.setInsertionPointToEnd(body);
  YieldOp::create(builder, placement.getLoc(), outputs.getArrayRef());
  for (auto [index, output] : llvm::enumerate(outputs))
    Value(output).replaceUsesWithIf(
        placement->getResult(index), [&](OpOperand &use) {
          return !placement->isProperAncestor(use.getOwner());
        });
}

void mlir::ap::applyPartition(FunctionOpInterface function,
                              PartitionGraph &graph,
                              const PartitionSolution &solution,
                              const Schedule &schedule) {
  Rewriter(function, graph, solution, schedule).run();
}
