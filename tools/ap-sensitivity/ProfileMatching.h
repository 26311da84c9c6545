//===- ProfileMatching.h - The profile's statistics of site inputs -*- C++ -*-//
//
// Part of the ap project: an adaptive-precision compiler built on MLIR.
//
//===----------------------------------------------------------------------===//
//
// A calibration profile names the values it observed by the ids
// `ap-instrument` gave them (`<function>.<kind><n>`, counted in program
// order). The activation inputs of the sites are matched with the profile by
// running ap-instrument, at the profile's granularity, on a copy of the
// module: the id of the observation of a site's input is the id of its
// statistics in the profile. A module that already holds ap.observe ops
// keeps their ids (ap-instrument leaves observed values alone). An input
// produced by a reshape (tensor.collapse_shape, expand_shape, reshape, cast)
// holds the values of the reshape's source, whose statistics it takes.
//
//===----------------------------------------------------------------------===//

#ifndef AP_TOOLS_APSENSITIVITY_PROFILEMATCHING_H
#define AP_TOOLS_APSENSITIVITY_PROFILEMATCHING_H

#include "Sites.h"

#include "ap/Calibration/Profile.h"

namespace mlir::ap::sensitivity {

/// What matching found for one activation input.
struct ProfileMatch {
  /// The id ap-instrument gives the value (empty when it observes none).
  std::string id;
  /// The profile's statistics under that id, or null.
  const ValueStatistics *statistics = nullptr;
};

/// The matches of the inputs of `sites` (collected in `entry` of `module`),
/// one per input (weights get none), or an error when the instrumentation
/// fails.
llvm::Expected<std::vector<std::vector<ProfileMatch>>>
matchProfile(ModuleOp module, func::FuncOp entry, llvm::ArrayRef<Site> sites,
             const Profile &profile);

} // namespace mlir::ap::sensitivity

#endif // AP_TOOLS_APSENSITIVITY_PROFILEMATCHING_H
