//===- LowerToLLVM.cpp - From linalg on tensors to the LLVM dialect -------===//
//
// Part of the ap project: an adaptive-precision compiler built on MLIR.
//
//===----------------------------------------------------------------------===//

#include "ap/Codegen/Passes.h"
#include "ap/Conversion/Passes.h"
#include "ap/Dialect/AP/IR/APDialect.h"
#include "ap/Dialect/AP/IR/APOps.h"
#include "ap/Dialect/AP/Transforms/Passes.h"
#include "ap/Pipelines/Pipelines.h"

#include "mlir/Conversion/Passes.h"
#include "mlir/Conversion/VectorToSCF/VectorToSCF.h"
#include "mlir/Dialect/Bufferization/Pipelines/Passes.h"
#include "mlir/Dialect/Bufferization/Transforms/Passes.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/Passes.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/MemRef/Transforms/Passes.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Pass/PassRegistry.h"
#include "mlir/Transforms/Passes.h"

using namespace mlir;
using namespace mlir::ap;

namespace {
/// Removes the monitors (ap.observe, ap.probe) of a module compiled without
/// the simulation: with no runtime to report to, an observation is its
/// input and a probe measures nothing.
struct RemoveMonitorsPass
    : public PassWrapper<RemoveMonitorsPass, OperationPass<ModuleOp>> {
  MLIR_DEFINE_EXPLICIT_INTERNAL_INLINE_TYPE_ID(RemoveMonitorsPass)

  StringRef getArgument() const final { return "ap-remove-monitors"; }
  StringRef getDescription() const final {
    return "Removes ap.observe and ap.probe, and runs the default variant of "
           "each ap.adaptive (no runtime to report to)";
  }

  void runOnOperation() override {
    // With no runtime to ask, a switch point runs its default variant.
    IRRewriter rewriter(&getContext());
    getOperation().walk([&](AdaptiveOp adaptive) {
      Block &body =
          adaptive.getBranches()[adaptive.getDefaultVariant()].front();
      auto yield = cast<YieldOp>(body.getTerminator());
      SmallVector<Value> results;
      for (Value value : yield.getValues()) {
        auto argument = dyn_cast<BlockArgument>(value);
        results.push_back(argument && argument.getOwner() == &body
                              ? adaptive.getInputs()[argument.getArgNumber()]
                              : value);
      }
      rewriter.inlineBlockBefore(&body, adaptive, adaptive.getInputs());
      rewriter.replaceOp(adaptive, results);
      rewriter.eraseOp(yield);
    });
    getOperation().walk([](Operation *op) {
      if (auto observe = dyn_cast<ObserveOp>(op)) {
        observe.replaceAllUsesWith(observe.getInput());
        observe.erase();
      } else if (isa<ProbeOp>(op)) {
        op->erase();
      }
    });
  }
};

/// Gives the memref results of `scf.index_switch` and `scf.if` the identity
/// layout every branch yields. One-shot bufferization types such a result
/// with a fully dynamic layout and casts each branch's buffer to it, even
/// when every branch yields a buffer of the same identity type; the
/// dynamic strides then cost the readers (switch points' results:
/// vectorized kernels, and copies before the runtime's probes). The result
/// takes the common type, and its users read it through a cast that
/// canonicalization folds into those that accept the static type.
struct TightenBranchLayoutsPass
    : public PassWrapper<TightenBranchLayoutsPass, OperationPass<ModuleOp>> {
  MLIR_DEFINE_EXPLICIT_INTERNAL_INLINE_TYPE_ID(TightenBranchLayoutsPass)

  StringRef getArgument() const final { return "ap-tighten-branch-layouts"; }
  StringRef getDescription() const final {
    return "Gives the memref results of scf.index_switch and scf.if the "
           "identity layout that every branch yields";
  }

  void runOnOperation() override {
    OpBuilder builder(&getContext());
    getOperation().walk([&](Operation *op) {
      if (!isa<scf::IndexSwitchOp, scf::IfOp>(op) || op->getNumRegions() == 0)
        return;
      SmallVector<Operation *> terminators;
      for (Region &region : op->getRegions()) {
        if (region.empty())
          return;
        terminators.push_back(region.front().getTerminator());
      }
      for (OpResult result : op->getResults()) {
        auto type = dyn_cast<MemRefType>(result.getType());
        if (!type || type.getLayout().isIdentity())
          continue;
        // Every branch must yield a cast from one identity type.
        MemRefType common;
        bool uniform = llvm::all_of(terminators, [&](Operation *terminator) {
          auto cast = terminator->getOperand(result.getResultNumber())
                          .getDefiningOp<memref::CastOp>();
          if (!cast)
            return false;
          auto source = dyn_cast<MemRefType>(cast.getSource().getType());
          if (!source || !source.getLayout().isIdentity() ||
              (common && source != common))
            return false;
          common = source;
          return true;
        });
        if (!uniform || !common)
          continue;
        for (Operation *terminator : terminators) {
          OpOperand &operand =
              terminator->getOpOperand(result.getResultNumber());
          auto cast = operand.get().getDefiningOp<memref::CastOp>();
          operand.set(cast.getSource());
          if (cast->use_empty())
            cast->erase();
        }
        result.setType(common);
        builder.setInsertionPointAfter(op);
        auto widened =
            memref::CastOp::create(builder, op->getLoc(), type, result);
        result.replaceAllUsesExcept(widened, widened);
      }
    });
  }
};
} // namespace

void mlir::ap::buildLowerToLLVMPipeline(OpPassManager &pm,
                                        const LowerToLLVMOptions &options) {
  pm.addPass(createAPPrepareEntryPoints());
  // Elementwise arith/math on tensors become linalg.generic, which the cost
  // model prices and bufferization handles.
  pm.addNestedPass<func::FuncOp>(createConvertElementwiseToLinalgPass());
  // Every kernel announced to the runtime with the cost model's figures,
  // before fusion changes what the kernels are.
  if (options.simulate)
    pm.addPass(
        createConvertAPToAPSim(ConvertAPToAPSimOptions{options.fuseKernels}));
  else
    pm.addPass(std::make_unique<RemoveMonitorsPass>());
  // ap.quantize / dequantize / convert become exact integer emulation in
  // linalg; quantized types become their storage types.
  pm.addPass(createAPLowerNumerics());
  pm.addPass(createCanonicalizerPass());
  if (options.optLevel > 0) {
    pm.addNestedPass<func::FuncOp>(createLinalgElementwiseOpFusionPass());
    // int8 contractions become VNNI dot-product kernels when the target
    // has them; what they leave (packing, corrections) is tiled next.
    APVectorizeInt8ContractionsOptions int8;
    int8.targetFeatures = options.targetFeatures;
    pm.addNestedPass<func::FuncOp>(createAPVectorizeInt8Contractions(int8));
    pm.addNestedPass<func::FuncOp>(createAPTileAndVectorize());
    pm.addPass(createCanonicalizerPass());
    pm.addPass(createCSEPass());
  }

  // Tensors to buffers. Function boundaries get identity layouts so that a
  // caller (ap-run, an embedding application) passes plain dense arrays, and
  // results become out-parameters the caller allocates.
  bufferization::OneShotBufferizePassOptions bufferize;
  bufferize.bufferizeFunctionBoundaries = true;
  bufferize.functionBoundaryTypeConversion =
      bufferization::LayoutMapOption::IdentityLayoutMap;
  pm.addPass(bufferization::createOneShotBufferizePass(bufferize));
  pm.addPass(std::make_unique<TightenBranchLayoutsPass>());
  pm.addPass(createCanonicalizerPass());
  bufferization::BufferResultsToOutParamsPassOptions outParams;
  outParams.hoistStaticAllocs = true;
  outParams.modifyPublicFunctions = true;
  pm.addPass(bufferization::createBufferResultsToOutParamsPass(outParams));
  bufferization::buildBufferDeallocationPipeline(pm);

  if (options.optLevel > 0) {
    // Accumulators read and written around a reduction loop stay in
    // registers across it.
    pm.addNestedPass<func::FuncOp>(createAPHoistVectorTransfers());
    pm.addPass(createCanonicalizerPass());
  }
  pm.addNestedPass<func::FuncOp>(createConvertLinalgToLoopsPass());
  if (options.optLevel > 0) {
    // The byte dot products of the int8 kernels become VNNI instructions.
    APLowerInt8DotProductsOptions dotProducts;
    dotProducts.targetFeatures = options.targetFeatures;
    pm.addNestedPass<func::FuncOp>(createAPLowerInt8DotProducts(dotProducts));
  }
  pm.addNestedPass<func::FuncOp>(createAPLowerVectors());
  VectorTransferToSCFOptions vectorToSCF;
  vectorToSCF.enableFullUnroll();
  pm.addNestedPass<func::FuncOp>(createConvertVectorToSCFPass(vectorToSCF));
  // Subviews become plain pointer arithmetic (affine.apply), then affine
  // and scf become branches.
  pm.addPass(memref::createExpandStridedMetadataPass());
  pm.addPass(createLowerAffinePass());
  pm.addPass(createSCFToControlFlowPass());
  // apsim ops (on memrefs since bufferization) become calls of the runtime's
  // C ABI, before the memrefs they read are lowered.
  pm.addPass(createConvertAPSimToLLVM());
  pm.addPass(createFinalizeMemRefToLLVMConversionPass());
  ConvertVectorToLLVMPassOptions vectorToLLVM;
  vectorToLLVM.vectorContractLowering =
      vector::VectorContractLowering::OuterProduct;
  vectorToLLVM.reassociateFPReductions = true;
  pm.addPass(createConvertVectorToLLVMPass(vectorToLLVM));
  pm.addPass(createConvertMathToLLVMPass());
  // What LLVM has no intrinsic for (erf, tanh, ...) calls libm.
  pm.addPass(createConvertMathToLibmPass());
  pm.addPass(createArithToLLVMConversionPass());
  pm.addPass(createConvertIndexToLLVMPass());
  pm.addPass(createConvertControlFlowToLLVMPass());
  pm.addPass(createConvertFuncToLLVMPass());
  pm.addPass(createUBToLLVMConversionPass());
  pm.addPass(createReconcileUnrealizedCastsPass());
}

void mlir::ap::registerLowerToLLVMPipeline() {
  PassPipelineRegistration<LowerToLLVMOptions>(
      "ap-lower-to-llvm",
      "Lowers func + linalg on tensors to the LLVM dialect for ap-run's JIT",
      buildLowerToLLVMPipeline);
}
