//===- ProxySource.h - Sensitivities without execution ----------*- C++ -*-===//
//
// Part of the ap project: an adaptive-precision compiler built on MLIR.
//
//===----------------------------------------------------------------------===//
//
// source=proxy: the loss of a site at a candidate is the relative noise
// power the candidate adds to the site's inputs (NoiseModel.h), from the
// profile's statistics of its activations and the weights' own values.
//
// source=import: the loss is an imported per-op sensitivity (gradient
// magnitudes, Hessian traces, ...) times that relative noise power, as HAWQ
// combines a Hessian trace with the quantization perturbation.
//
//===----------------------------------------------------------------------===//

#ifndef AP_TOOLS_APSENSITIVITY_PROXYSOURCE_H
#define AP_TOOLS_APSENSITIVITY_PROXYSOURCE_H

#include "Candidates.h"

#include "ap/Calibration/ValueStatistics.h"
#include "ap/PrecisionAssignment/SensitivityTable.h"
#include "ap/PrecisionAssignment/Sites.h"

namespace mlir::ap::sensitivity {

/// Estimates the losses of `sites` at `candidates`; `profileStatistics[k][i]`
/// is the profile's statistics of the activation input i of site k (every
/// activation needs them). With `imported` (one per site), the losses are
/// the imported sensitivities times the noise powers, and the sites without
/// one are left out, with a note to `log`.
llvm::Expected<SensitivityTable>
estimateByProxy(llvm::ArrayRef<Site> sites,
                llvm::ArrayRef<llvm::SmallVector<const ValueStatistics *>>
                    profileStatistics,
                llvm::ArrayRef<Candidate> candidates,
                const QuantizationChoices &quantization,
                const std::vector<std::optional<double>> *imported,
                llvm::raw_ostream &log);

} // namespace mlir::ap::sensitivity

#endif // AP_TOOLS_APSENSITIVITY_PROXYSOURCE_H
