//===- Context.h - C ABI contexts from C++ ----------------------*- C++ -*-===//
//
// Part of the ap project: an adaptive-precision compiler built on MLIR.
//
//===----------------------------------------------------------------------===//
//
// The bridge between the C ABI's `ap_rt_context` and the C++ simulator, for a
// C++ driver (ap-run) that builds the simulator itself (from the target of
// the module it runs) and then lets compiled code call the C ABI on it.
//
//===----------------------------------------------------------------------===//

#ifndef AP_RUNTIME_CONTEXT_H
#define AP_RUNTIME_CONTEXT_H

#include "ap/Runtime/Simulator.h"
#include "ap_runtime.h"

#include <memory>

namespace ap::rt {

/// A context of the C ABI over `simulator`, to destroy with `ap_rt_destroy`.
ap_rt_context *createContext(std::unique_ptr<Simulator> simulator);

/// The simulator of `context` (not null).
Simulator &getSimulator(ap_rt_context *context);

} // namespace ap::rt

#endif // AP_RUNTIME_CONTEXT_H
