//===- PrepareEntryPoints.cpp - C interfaces and recorded signatures ------===//
//
// Part of the ap project: an adaptive-precision compiler built on MLIR.
//
//===----------------------------------------------------------------------===//

#include "ap/Codegen/Passes.h"
#include "ap/Dialect/AP/IR/APDialect.h"

#include "mlir/Dialect/LLVMIR/LLVMDialect.h"

namespace mlir::ap {
#define GEN_PASS_DEF_APPREPAREENTRYPOINTS
#include "ap/Codegen/Passes.h.inc"
} // namespace mlir::ap

using namespace mlir;
using namespace mlir::ap;

namespace {
struct PrepareEntryPointsPass
    : public ap::impl::APPrepareEntryPointsBase<PrepareEntryPointsPass> {
  using Base::Base;

  void runOnOperation() override {
    MLIRContext *context = &getContext();
    for (auto function : getOperation().getOps<func::FuncOp>()) {
      if (function.isExternal() || !function.isPublic())
        continue;
      function->setAttr(LLVM::LLVMDialect::getEmitCWrapperAttrName(),
                        UnitAttr::get(context));
      function->setAttr(APDialect::getEntrySignatureAttrName(),
                        TypeAttr::get(function.getFunctionType()));
    }
  }
};
} // namespace
