//===- Sites.h - The ops precision assignment decides -----------*- C++ -*-===//
//
// Part of the ap project: an adaptive-precision compiler built on MLIR.
//
//===----------------------------------------------------------------------===//
//
// The sites of precision assignment are the ops whose input precision it
// chooses, the same ops ap-sensitivity measures: linalg contractions and
// convolutions (linalg::isaContractionOpInterface,
// linalg::isaConvolutionOpInterface, which includes the poolings) on tensors
// whose inputs are floating-point tensors. Each is identified by its cost key
// (assignCostKeys) and runs on the device of its enclosing ap.placement, else
// on the target's default device. Its inputs, the operands its body reads,
// are weights (values computed from constants only) or activations (the
// rest); an activation's statistics come from a calibration profile.
//
//===----------------------------------------------------------------------===//

#ifndef AP_PRECISIONASSIGNMENT_SITES_H
#define AP_PRECISIONASSIGNMENT_SITES_H

#include "ap/Analysis/TargetModel.h"
#include "ap/Calibration/Profile.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/Interfaces/FunctionInterfaces.h"
#include "llvm/ADT/DenseMap.h"

#include <optional>
#include <string>
#include <vector>

namespace mlir::ap {

/// What the body of a site computes, as far as integer arithmetic cares.
enum class SiteKind {
  /// sum of products of two inputs (contractions, convolutions).
  MultiplyAccumulate,
  /// max, min or sum of one input (poolings).
  Max,
  Min,
  Sum,
  /// Anything else: only floating-point candidates apply.
  Other,
};

/// An input of a site, which a candidate precision changes.
struct SiteInput {
  /// The operand numbers of the site that read the value (one value may be
  /// read by several operands).
  SmallVector<unsigned> operandNumbers;
  RankedTensorType type;
  /// Whether the value is computed from constants only.
  bool isWeight = false;
  /// Whether the value is an `arith.constant` whose f32 elements are
  /// available (dense, or a dense_resource blob), so that it can be
  /// quantized at compile time.
  bool hasConstantData = false;
  /// The output-channel axis of a weight: its last dimension indexed by a
  /// parallel loop that also indexes the site's output; unset when none.
  std::optional<unsigned> channelAxis;
  /// Activations: the id of the profile value that holds the statistics of
  /// the input (empty when none does) and those statistics (null when no
  /// profile was matched or it holds none).
  std::string profileId;
  const ValueStatistics *statistics = nullptr;
};

/// An op whose input precision is assigned.
struct Site {
  Operation *op = nullptr;
  /// The cost key (assignCostKeys), the op name and the name of the op's
  /// NameLoc (empty without one).
  std::string key;
  std::string name;
  std::string loc;
  /// The index of the device it runs on in the target.
  unsigned device = 0;
  SiteKind kind = SiteKind::Other;
  SmallVector<SiteInput> inputs;
  /// Why the site cannot run at another precision (an input that is not an
  /// f32 tensor of static shape, a result that is not f32, a site inside an
  /// ap.adaptive variant); empty when it can.
  std::string unsupported;

  /// "main#3 (fc1)", or "main#3" without a loc name.
  std::string describe() const;
};

/// Whether `op` is a site: a linalg contraction or convolution on tensors
/// whose inputs are all ranked tensors of floating-point numbers.
bool isAssignmentSite(Operation *op);

/// Whether values are computed from constants only (no block argument, no op
/// with memory effects in their backward slice), memoized.
class ConstantAnalysis {
public:
  /// Whether `value` is computed from constants only.
  bool isConstant(Value value);

private:
  llvm::DenseMap<Operation *, bool> known;
};

/// The sites of `function`, which has a body, in pre-order, as collectSites
/// finds them except that every site is on device 0: without a target, the
/// devices of ap.placement ops are not resolved.
std::vector<Site> collectFunctionSites(FunctionOpInterface function);

/// The sites of every function of `module` with a body, function by function
/// and in pre-order within each. Fails, reporting on the op, when an
/// enclosing ap.placement names a device `target` does not have.
FailureOr<std::vector<Site>> collectSites(ModuleOp module,
                                          const TargetModel &target);

/// Fills in `profileId` and `statistics` of the activation inputs of `sites`
/// (collected in `module`) from `profile`. The ids are the ids ap-instrument
/// gives (`<function>.<op kind><n>`, `<function>.arg<n>`): the module is
/// copied and instrumented at the profile's granularity (`op` when the
/// profile does not say), so that the numbering is exactly that of the
/// calibration run, and an input the module already observes keeps its
/// observation's id. An input produced by a reshape (tensor.collapse_shape,
/// expand_shape, reshape, cast), or that enters an ap.placement as a block
/// argument, takes the id of the value it comes from. Fails, reporting
/// through `emitError`, when the copy cannot be instrumented.
LogicalResult
matchActivationStatistics(ModuleOp module, MutableArrayRef<Site> sites,
                          const Profile &profile,
                          function_ref<InFlightDiagnostic()> emitError);

/// The f32 elements of `value` in row-major order when it is an
/// `arith.constant` of a ranked f32 tensor of static shape given by a dense
/// attribute (splat or not) or by a dense_resource blob that holds exactly
/// its elements; none otherwise (e.g. an elided resource).
std::optional<std::vector<float>> readF32Constant(Value value);

/// The scalar constant the initial value `init` of a site holds everywhere:
/// a `linalg.fill` of an `arith.constant` float, or a splat
/// `arith.constant`; none otherwise.
std::optional<double> getUniformInitValue(Value init);

} // namespace mlir::ap

#endif // AP_PRECISIONASSIGNMENT_SITES_H
