//===- APSimDialect.cpp - The simulated accelerator dialect ---------------===//
//
// Part of the ap project: an adaptive-precision compiler built on MLIR.
//
//===----------------------------------------------------------------------===//

#include "ap/Dialect/APSim/IR/APSimDialect.h"
#include "ap/Dialect/APSim/IR/APSimAttrs.h"
#include "ap/Dialect/APSim/IR/APSimOps.h"

#include "mlir/Dialect/Bufferization/IR/BufferizableOpInterface.h"

using namespace mlir;
using namespace mlir::apsim;

#include "ap/Dialect/APSim/IR/APSimOpsDialect.cpp.inc"

void APSimDialect::initialize() {
  registerAttributes();
  addOperations<
#define GET_OP_LIST
#include "ap/Dialect/APSim/IR/APSimOps.cpp.inc"
      >();
  // Attached by registerBufferizableOpInterfaceExternalModels.
  declarePromisedInterfaces<bufferization::BufferizableOpInterface, DmaOp,
                            ObserveOp, ProbeOp>();
}
