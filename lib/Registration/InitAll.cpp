//===- InitAll.cpp - Register everything ap provides ----------------------===//
//
// Part of the ap project: an adaptive-precision compiler built on MLIR.
//
//===----------------------------------------------------------------------===//

#include "ap/InitAll.h"

#include "ap/Analysis/CostOpInterface.h"
#include "ap/Dialect/AP/IR/APDialect.h"
#include "ap/Dialect/AP/Transforms/Passes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Quant/IR/Quant.h"
#include "mlir/IR/DialectRegistry.h"

void mlir::ap::registerAllDialects(DialectRegistry &registry) {
  // Canonicalization of ap ops creates arith constants and quant casts.
  registry.insert<APDialect, arith::ArithDialect, quant::QuantDialect>();
  registerCostOpInterfaceExternalModels(registry);
}

void mlir::ap::registerAllPasses() { registerAPPasses(); }
