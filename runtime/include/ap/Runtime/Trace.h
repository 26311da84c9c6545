//===- Trace.h - Timelines as Chrome trace events ---------------*- C++ -*-===//
//
// Part of the ap project: an adaptive-precision compiler built on MLIR.
//
//===----------------------------------------------------------------------===//
//
// The timelines of a simulated run as a Chrome trace event JSON document,
// which Perfetto (ui.perfetto.dev) and chrome://tracing open: one process per
// device and per link, complete ("X") events for launches, switches,
// conversions, copies and transfer hops, and counter ("C") events for the
// power of each device and the occupancy of each memory tier. The layout is
// described in docs/runtime.md.
//
//===----------------------------------------------------------------------===//

#ifndef AP_RUNTIME_TRACE_H
#define AP_RUNTIME_TRACE_H

#include "llvm/Support/JSON.h"

namespace ap::rt {

class Simulator;

/// The trace of the run `simulator` has simulated so far.
llvm::json::Value buildTrace(const Simulator &simulator);

} // namespace ap::rt

#endif // AP_RUNTIME_TRACE_H
