//===- CutFunctions.h - The functions a measurement calls -------*- C++ -*-===//
//
// Part of the ap project: an adaptive-precision compiler built on MLIR.
//
//===----------------------------------------------------------------------===//
//
// Measuring a site at a candidate precision means running the network with
// that site's inputs rounded and everything else in f32. Rather than running
// the whole network once per site and candidate, the entry function is cut
// before each site, and every run restarts from the f32 values cached at the
// cut. The functions added to the module (compiled once, together):
//
//   prefix   the entry's body, returning its results and every value a
//            suffix restarts from (the values live at some cut, and the
//            sites' activation inputs);
//   weights  no arguments: the weight inputs of every site (values computed
//            from constants only);
//   suffix k for the site k at the top level of the entry's block: takes the
//            values live at the cut before the site (defined before it and
//            used by it or later, except values the site alone reads), then
//            one argument per input of the site, which the site reads in
//            place of its operands (so rounding them leaves their other
//            uses alone), and computes the rest of the network. Constants
//            and what is computed from constants alone are recomputed
//            rather than passed.
//
// A site the cut cannot reach (inside a region: a loop, a conditional, an
// ap.placement; or an entry of several blocks) is measured by a fallback
// function per candidate: the whole entry, with the site's weights passed
// as extra arguments (rounded on the host) and its activations rounded in
// the IR (ap.convert, or ap.quantize and ap.dequantize).
//
//===----------------------------------------------------------------------===//

#ifndef AP_TOOLS_APSENSITIVITY_CUTFUNCTIONS_H
#define AP_TOOLS_APSENSITIVITY_CUTFUNCTIONS_H

#include "Candidates.h"

#include "ap/PrecisionAssignment/Sites.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/BuiltinOps.h"

namespace mlir::ap::sensitivity {

/// Where a value that the host passes to a function comes from.
struct ValueSource {
  enum class Kind {
    /// An argument of the entry: the calibration data.
    Argument,
    /// An extra result of the prefix, after the entry's results.
    Prefix,
    /// A result of the weights function.
    Weight,
  };
  Kind kind = Kind::Argument;
  unsigned index = 0;

  bool operator==(const ValueSource &other) const {
    return kind == other.kind && index == other.index;
  }
  bool operator<(const ValueSource &other) const {
    return std::make_pair(kind, index) <
           std::make_pair(other.kind, other.index);
  }
};

/// How a site is measured.
struct SitePlan {
  /// Where the f32 value of each input of the site comes from, in the order
  /// of Site::inputs; unset for the activations of a site that is not cut,
  /// which its fallback functions round in the IR.
  SmallVector<std::optional<ValueSource>> inputSources;
  /// Why the site cannot be cut (then it uses fallback functions); empty for
  /// a cut site.
  std::string fallbackReason;
  /// A cut site: its suffix function, and what the host passes for the
  /// suffix's first arguments (the site's inputs follow).
  std::string suffix;
  SmallVector<ValueSource> liveArguments;

  bool isCut() const { return fallbackReason.empty(); }
};

/// The functions added to a module, and what their results hold.
struct CutFunctions {
  std::string prefix;
  /// Empty when no site has a weight input.
  std::string weights;
  unsigned numEntryResults = 0;
  /// The extra results of the prefix, after the entry's results.
  SmallVector<RankedTensorType> prefixValueTypes;
  SmallVector<RankedTensorType> weightTypes;
  /// One per site, in the order of the sites.
  SmallVector<SitePlan> sites;
};

/// Adds the prefix, weights and suffix functions of `sites` (collected in
/// `entry`) to `module`, which holds `entry`. Sites with `unsupported` set
/// get neither a suffix nor inputs.
CutFunctions buildCutFunctions(ModuleOp module, func::FuncOp entry,
                               ArrayRef<Site> sites);

/// Adds the fallback function of `site` (of `entry`) at `candidate` to
/// `module` and returns its name. It takes the entry's arguments, then one
/// argument per weight input of the site (in the order of Site::inputs);
/// its activation inputs are rounded in the IR, integers with
/// `activationParameters` (one per input of the site; set for the
/// activations).
std::string buildFallbackFunction(
    ModuleOp module, func::FuncOp entry, const Site &site, unsigned siteIndex,
    const Candidate &candidate,
    ArrayRef<std::optional<QuantizationParameters>> activationParameters);

/// The scalar operations of one call of `function` by the cost model
/// (computeOps + accumulateOps of every op, and of the functions it calls);
/// ops whose work cannot be estimated count 0.
int64_t getFunctionWork(func::FuncOp function);

} // namespace mlir::ap::sensitivity

#endif // AP_TOOLS_APSENSITIVITY_CUTFUNCTIONS_H
