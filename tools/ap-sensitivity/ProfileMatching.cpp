//===- ProfileMatching.cpp - The profile's statistics of site inputs ------===//
//
// Part of the ap project: an adaptive-precision compiler built on MLIR.
//
//===----------------------------------------------------------------------===//

#include "ProfileMatching.h"

#include "ap/Dialect/AP/IR/APOps.h"
#include "ap/Dialect/AP/Transforms/Passes.h"

#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Pass/PassManager.h"

using namespace mlir;
using namespace mlir::ap;
using namespace mlir::ap::sensitivity;

static llvm::Error makeError(const llvm::Twine &message) {
  return llvm::createStringError(llvm::inconvertibleErrorCode(), message);
}

llvm::Expected<std::vector<std::vector<ProfileMatch>>>
mlir::ap::sensitivity::matchProfile(ModuleOp module, func::FuncOp entry,
                                    ArrayRef<Site> sites,
                                    const Profile &profile) {
  OwningOpRef<ModuleOp> instrumented = module.clone();
  PassManager pm(module.getContext());
  APInstrumentOptions instrument;
  instrument.granularity = profile.granularity == "layer"
                               ? InstrumentGranularity::Layer
                               : InstrumentGranularity::Op;
  instrument.observeArguments = true;
  pm.addPass(createAPInstrument(instrument));
  if (failed(pm.run(*instrumented)))
    return makeError("instrumenting a copy of the module to match the "
                     "profile's value ids failed");
  auto copy = instrumented->lookupSymbol<func::FuncOp>(entry.getName());
  SmallVector<Site> copySites = collectSites(copy);
  if (copySites.size() != sites.size())
    return makeError("internal error: instrumenting the module changed its "
                     "sites");

  std::vector<std::vector<ProfileMatch>> matches(sites.size());
  for (auto [index, site] : llvm::enumerate(sites)) {
    matches[index].resize(site.inputs.size());
    for (auto [inputIndex, input] : llvm::enumerate(site.inputs)) {
      if (input.isWeight)
        continue;
      // Reshapes keep the values: the statistics of their source apply.
      Value observed =
          copySites[index].op->getOperand(input.operandNumbers.front());
      while (Operation *producer = observed.getDefiningOp()) {
        if (!isa<tensor::CollapseShapeOp, tensor::ExpandShapeOp,
                 tensor::ReshapeOp, tensor::CastOp>(producer))
          break;
        observed = producer->getOperand(0);
      }
      auto observation = observed.getDefiningOp<ObserveOp>();
      if (!observation)
        continue;
      ProfileMatch &match = matches[index][inputIndex];
      match.id = observation.getId().str();
      match.statistics = profile.lookupValue(match.id);
    }
  }
  return matches;
}
