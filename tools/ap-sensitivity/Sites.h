//===- Sites.h - The ops that get a sensitivity -----------------*- C++ -*-===//
//
// Part of the ap project: an adaptive-precision compiler built on MLIR.
//
//===----------------------------------------------------------------------===//
//
// The sites of a sensitivity analysis are the ops precision assignment
// assigns a precision to: linalg contractions and convolutions
// (linalg::isaContractionOpInterface, linalg::isaConvolutionOpInterface,
// which includes the poolings) whose inputs are floating-point tensors. Each
// is identified by its cost key (assignCostKeys). A candidate precision
// rounds the site's inputs, the operands its body reads: weights (values
// computed from constants only) and activations (everything else).
//
//===----------------------------------------------------------------------===//

#ifndef AP_TOOLS_APSENSITIVITY_SITES_H
#define AP_TOOLS_APSENSITIVITY_SITES_H

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "llvm/ADT/DenseMap.h"

#include <optional>
#include <string>

namespace mlir::ap::sensitivity {

/// An input of a site, which a candidate precision rounds.
struct SiteInput {
  /// The value, and the operand numbers of the site that read it.
  Value value;
  SmallVector<unsigned> operandNumbers;
  RankedTensorType type;
  /// Whether the value is a weight: computed from constants only, so the
  /// same for every input of the network.
  bool isWeight = false;
  /// The output-channel axis of a weight: the last dimension of the weight
  /// indexed by a parallel loop that also indexes the site's output. Unset
  /// when there is none (the whole weight is one channel).
  std::optional<unsigned> channelAxis;
};

/// An op that gets a sensitivity.
struct Site {
  Operation *op = nullptr;
  /// The cost key (assignCostKeys), the op name, and the name of the op's
  /// NameLoc (empty without one).
  std::string key;
  std::string name;
  std::string loc;
  SmallVector<SiteInput> inputs;
  /// Why no candidate can be measured, e.g. inputs that are not f32; empty
  /// when they can.
  std::string unsupported;

  /// "main#3 (fc1)", or "main#3" without a loc name.
  std::string describe() const;
};

/// Whether `op` is a site: a linalg contraction or convolution whose inputs
/// are all ranked tensors of floating-point numbers.
bool isSite(Operation *op);

/// Whether values are computed from constants only (no block argument, no
/// op with memory effects in their backward slice), memoized.
class ConstantAnalysis {
public:
  bool isConstant(Value value);

private:
  llvm::DenseMap<Operation *, bool> known;
};

/// Replaces every ap.observe of `module` by its input: observations matter
/// to calibration runs only.
void removeObservations(ModuleOp module);

/// The sites of `function`, in pre-order, with their cost keys.
SmallVector<Site> collectSites(func::FuncOp function);

} // namespace mlir::ap::sensitivity

#endif // AP_TOOLS_APSENSITIVITY_SITES_H
