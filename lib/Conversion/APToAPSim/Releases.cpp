//===- Releases.cpp - Where each simulated buffer is released -------------===//
//
// Part of the ap project: an adaptive-precision compiler built on MLIR.
//
//===----------------------------------------------------------------------===//

#include "APToAPSimInternal.h"

#include "ap/Dialect/APSim/IR/APSimOps.h"

#include "mlir/IR/Builders.h"

using namespace mlir;
using namespace mlir::ap;
using namespace mlir::ap::detail;

void mlir::ap::detail::insertReleases(ArrayRef<BufferRecord> buffers) {
  // The last release inserted after each op, so that several releases after
  // one op keep the order of `buffers`.
  llvm::DenseMap<Operation *, Operation *> lastInsertedAfter;
  for (const BufferRecord &buffer : buffers) {
    SmallVector<Operation *> readers(buffer.readers);
    for (Value value : buffer.values)
      collectReaders(value, readers);

    Operation *last = buffer.creator;
    bool escapes = false;
    for (Operation *reader : readers) {
      Operation *ancestor = buffer.block->findAncestorOpInBlock(*reader);
      // Read from another block of a CFG, or handed over by a terminator
      // (returned, yielded to the next iteration or out of a region): the
      // data outlives the block.
      if (!ancestor || ancestor->hasTrait<OpTrait::IsTerminator>()) {
        escapes = true;
        break;
      }
      if (last->isBeforeInBlock(ancestor))
        last = ancestor;
    }
    if (escapes)
      continue;

    Operation *&previous = lastInsertedAfter[last];
    OpBuilder builder(last->getContext());
    builder.setInsertionPointAfter(previous ? previous : last);
    previous = apsim::ReleaseOp::create(builder, last->getLoc(), buffer.id);
  }
}
