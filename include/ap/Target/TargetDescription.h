//===- TargetDescription.h - Targets as JSON files --------------*- C++ -*-===//
//
// Part of the ap project: an adaptive-precision compiler built on MLIR.
//
//===----------------------------------------------------------------------===//
//
// Reads target descriptions, JSON documents of format "ap-target" (see
// docs/target.md), into the equivalent `#ap.target` attribute, and gives the
// targets shipped with ap (targets/*.json, compiled into the library).
//
//===----------------------------------------------------------------------===//

#ifndef AP_TARGET_TARGETDESCRIPTION_H
#define AP_TARGET_TARGETDESCRIPTION_H

#include "ap/Dialect/AP/IR/APAttrs.h"

#include "llvm/Support/Error.h"

namespace mlir::ap {

/// The format name and version of target descriptions this build reads.
inline constexpr llvm::StringLiteral kTargetFormatName = "ap-target";
inline constexpr int64_t kTargetFormatVersion = 1;

/// Parses the target description `text`, read from `fileName`. The error
/// lists every problem found, one per line, each as
/// `<fileName>: <JSON path>: <what was expected>`.
llvm::Expected<TargetAttr> parseTargetDescription(llvm::StringRef text,
                                                  llvm::StringRef fileName,
                                                  MLIRContext *context);

/// Reads and parses the target description in the file at `path`.
llvm::Expected<TargetAttr> loadTargetDescription(llvm::StringRef path,
                                                 MLIRContext *context);

/// The names of the targets shipped with ap (`default`, `edge`, ...).
llvm::ArrayRef<llvm::StringRef> getBuiltinTargetNames();

/// The JSON text of the shipped target `name`, or std::nullopt.
std::optional<llvm::StringRef> getBuiltinTargetDescription(llvm::StringRef name);

} // namespace mlir::ap

#endif // AP_TARGET_TARGETDESCRIPTION_H
