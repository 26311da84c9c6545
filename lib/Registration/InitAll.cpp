//===- InitAll.cpp - Register everything ap provides ----------------------===//
//
// Part of the ap project: an adaptive-precision compiler built on MLIR.
//
//===----------------------------------------------------------------------===//

#include "ap/InitAll.h"

#include "ap/Analysis/CostOpInterface.h"
#include "ap/Codegen/Passes.h"
#include "ap/Conversion/APSimToLLVM/APSimToLLVM.h"
#include "ap/Conversion/Passes.h"
#include "ap/Dialect/AP/IR/APDialect.h"
#include "ap/Dialect/AP/Transforms/Passes.h"
#include "ap/Dialect/APSim/IR/APSimDialect.h"
#include "ap/Dialect/APSim/IR/BufferizableOpInterfaceImpl.h"
#include "ap/Pipelines/Pipelines.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Quant/IR/Quant.h"
#include "mlir/IR/DialectRegistry.h"

void mlir::ap::registerAllDialects(DialectRegistry &registry) {
  // Canonicalization of ap ops creates arith constants and quant casts.
  registry.insert<APDialect, arith::ArithDialect, quant::QuantDialect>();
  // The simulated accelerator target, with the bufferization of its ops on
  // tensors (apsim.dma, apsim.probe).
  registry.insert<apsim::APSimDialect>();
  apsim::registerBufferizableOpInterfaceExternalModels(registry);
  // convert-to-llvm lowers apsim ops to runtime calls.
  registerConvertAPSimToLLVMInterface(registry);
  registerCostOpInterfaceExternalModels(registry);
}

void mlir::ap::registerAllPasses() {
  registerAPPasses();
  registerAPCodegenPasses();
  registerAPConversionPasses();
  registerLowerToLLVMPipeline();
  registerAPPipeline();
}
