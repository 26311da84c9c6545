//===- InitAll.h - Register everything ap provides --------------*- C++ -*-===//
//
// Part of the ap project: an adaptive-precision compiler built on MLIR.
//
//===----------------------------------------------------------------------===//
//
// The entry points for projects that embed ap: one call registers ap's
// dialects (with the upstream dialects they depend on) into a registry, one
// call registers ap's passes and pipelines with the global pass registry, so
// that they are available from an opt-like tool's command line.
//
//   mlir::DialectRegistry registry;
//   mlir::ap::registerAllDialects(registry);
//   mlir::ap::registerAllPasses();
//
//===----------------------------------------------------------------------===//

#ifndef AP_INITALL_H
#define AP_INITALL_H

namespace mlir {
class DialectRegistry;

namespace ap {

/// Adds ap's dialects, and the dialects their operations create, to
/// `registry`.
void registerAllDialects(DialectRegistry &registry);

/// Registers ap's passes (and, as they are added, its pass pipelines) with
/// the global registry, so that they can be named on the command line and in
/// textual pipelines.
void registerAllPasses();

} // namespace ap
} // namespace mlir

#endif // AP_INITALL_H
