//===- BufferizableOpInterfaceImpl.cpp - Bufferization of apsim -----------===//
//
// Part of the ap project: an adaptive-precision compiler built on MLIR.
//
//===----------------------------------------------------------------------===//

#include "ap/Dialect/APSim/IR/BufferizableOpInterfaceImpl.h"
#include "ap/Dialect/APSim/IR/APSimDialect.h"
#include "ap/Dialect/APSim/IR/APSimOps.h"

#include "mlir/Dialect/Bufferization/IR/BufferizableOpInterface.h"
#include "mlir/Dialect/Bufferization/IR/DstBufferizableOpInterfaceImpl.h"
#include "mlir/IR/DialectRegistry.h"
#include "mlir/IR/PatternMatch.h"

using namespace mlir;
using namespace mlir::apsim;
using namespace mlir::bufferization;

namespace {

/// `apsim.dma` in destination-passing style: reads its input, overwrites its
/// init (without reading it) and returns it; the result is the init's buffer.
/// The op does not declare elementwise access, so the input and the init
/// never share a buffer (the runtime's transfer gets distinct source and
/// destination memory).
struct DmaOpInterface
    : public DstBufferizableOpInterfaceExternalModel<DmaOpInterface, DmaOp> {
  bool bufferizesToMemoryRead(Operation *op, OpOperand &operand,
                              const AnalysisState &state) const {
    // Every element of the init is overwritten: its contents are not read.
    return &operand == &cast<DmaOp>(op).getInputMutable();
  }

  LogicalResult bufferize(Operation *op, RewriterBase &rewriter,
                          const BufferizationOptions &options,
                          BufferizationState &state) const {
    auto dma = cast<DmaOp>(op);
    if (!dma.hasPureTensorSemantics())
      return success();
    FailureOr<Value> input =
        getBuffer(rewriter, dma.getInput(), options, state);
    if (failed(input))
      return failure();
    FailureOr<Value> init = getBuffer(rewriter, dma.getInit(), options, state);
    if (failed(init))
      return failure();
    auto copy = DmaOp::create(
        rewriter, dma.getLoc(), TypeRange(), dma.getNameAttr(), *input, *init,
        dma.getFromAttr(), dma.getToAttr(), dma.getViaAttr(), dma.getWire(),
        dma.getSource(), dma.getDestination());
    copy->setDiscardableAttrs(dma->getDiscardableAttrDictionary());
    replaceOpWithBufferizedValues(rewriter, op, *init);
    return success();
  }
};

/// `apsim.probe` reads its operands and writes nothing.
struct ProbeOpInterface
    : public BufferizableOpInterface::ExternalModel<ProbeOpInterface, ProbeOp> {
  bool bufferizesToMemoryRead(Operation *op, OpOperand &operand,
                              const AnalysisState &state) const {
    return true;
  }

  bool bufferizesToMemoryWrite(Operation *op, OpOperand &operand,
                               const AnalysisState &state) const {
    return false;
  }

  AliasingValueList getAliasingValues(Operation *op, OpOperand &operand,
                                      const AnalysisState &state) const {
    return {};
  }

  LogicalResult bufferize(Operation *op, RewriterBase &rewriter,
                          const BufferizationOptions &options,
                          BufferizationState &state) const {
    auto probe = cast<ProbeOp>(op);
    if (!isa<TensorType>(probe.getInput().getType()))
      return success();
    FailureOr<Value> input =
        getBuffer(rewriter, probe.getInput(), options, state);
    if (failed(input))
      return failure();
    Value reference;
    if (Value tensor = probe.getReference()) {
      FailureOr<Value> buffer = getBuffer(rewriter, tensor, options, state);
      if (failed(buffer))
        return failure();
      reference = *buffer;
    }
    rewriter.modifyOpInPlace(probe, [&] {
      probe.getInputMutable().assign(*input);
      if (reference)
        probe.getReferenceMutable().assign(reference);
    });
    return success();
  }
};

/// `apsim.observe` reads its operand and writes nothing.
struct ObserveOpInterface
    : public BufferizableOpInterface::ExternalModel<ObserveOpInterface,
                                                    ObserveOp> {
  bool bufferizesToMemoryRead(Operation *op, OpOperand &operand,
                              const AnalysisState &state) const {
    return true;
  }

  bool bufferizesToMemoryWrite(Operation *op, OpOperand &operand,
                               const AnalysisState &state) const {
    return false;
  }

  AliasingValueList getAliasingValues(Operation *op, OpOperand &operand,
                                      const AnalysisState &state) const {
    return {};
  }

  LogicalResult bufferize(Operation *op, RewriterBase &rewriter,
                          const BufferizationOptions &options,
                          BufferizationState &state) const {
    auto observe = cast<ObserveOp>(op);
    if (!isa<TensorType>(observe.getInput().getType()))
      return success();
    FailureOr<Value> input =
        getBuffer(rewriter, observe.getInput(), options, state);
    if (failed(input))
      return failure();
    rewriter.modifyOpInPlace(observe,
                             [&] { observe.getInputMutable().assign(*input); });
    return success();
  }
};

} // namespace

void mlir::apsim::registerBufferizableOpInterfaceExternalModels(
    DialectRegistry &registry) {
  registry.addExtension(+[](MLIRContext *context, APSimDialect *dialect) {
    DmaOp::attachInterface<DmaOpInterface>(*context);
    ProbeOp::attachInterface<ProbeOpInterface>(*context);
    ObserveOp::attachInterface<ObserveOpInterface>(*context);
  });
}
