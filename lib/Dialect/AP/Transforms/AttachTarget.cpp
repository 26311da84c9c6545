//===- AttachTarget.cpp - Attach a target description to a module ---------===//
//
// Part of the ap project: an adaptive-precision compiler built on MLIR.
//
//===----------------------------------------------------------------------===//

#include "ap/Dialect/AP/Transforms/Passes.h"
#include "ap/Target/TargetDescription.h"

#include "llvm/ADT/StringExtras.h"

namespace mlir::ap {
#define GEN_PASS_DEF_APATTACHTARGET
#include "ap/Dialect/AP/Transforms/Passes.h.inc"
} // namespace mlir::ap

using namespace mlir;
using namespace mlir::ap;

namespace {
struct AttachTargetPass
    : public ap::impl::APAttachTargetBase<AttachTargetPass> {
  using Base::Base;

  /// Reads the target once, when the pipeline is built, so that a bad file
  /// is reported before any pass runs.
  LogicalResult initialize(MLIRContext *context) override {
    if (!path.empty() && !builtin.empty())
      return emitError(UnknownLoc::get(context))
             << "ap-attach-target: give 'path' or 'builtin', not both";
    llvm::Expected<TargetAttr> loaded = load(context);
    if (!loaded) {
      std::string message = llvm::toString(loaded.takeError());
      return emitError(UnknownLoc::get(context)) << message;
    }
    target = *loaded;
    return success();
  }

  llvm::Expected<TargetAttr> load(MLIRContext *context) const {
    if (!path.empty())
      return loadTargetDescription(path, context);
    StringRef name = builtin.empty() ? StringRef("default") : builtin;
    std::optional<StringRef> text = getBuiltinTargetDescription(name);
    if (!text)
      return llvm::createStringError(
          llvm::inconvertibleErrorCode(),
          "ap-attach-target: unknown builtin target '" + name +
              "'; expected one of " +
              llvm::join(getBuiltinTargetNames(), ", "));
    return parseTargetDescription(*text, ("<builtin target " + name + ">").str(),
                                  context);
  }

  void runOnOperation() override {
    ModuleOp module = getOperation();
    StringRef name = APDialect::getTargetAttrName();
    if (module->hasAttr(name) && !replace) {
      emitError(module.getLoc()) << "module already has a target; use "
                            "'replace=true' to replace it";
      return signalPassFailure();
    }
    module->setAttr(name, target);
  }

  TargetAttr target;
};
} // namespace
