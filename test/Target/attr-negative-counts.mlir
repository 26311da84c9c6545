// RUN: ap-opt %s -split-input-file -verify-diagnostics

// Negative integers for the counts of the ap attributes (device units, memory
// tier capacity) are rejected, not wrapped around. (The JSON reader rejects
// them too: see counts.json in errors-numbers.mlir.)

// expected-error @+1 {{expected a non-negative integer below 2^64}}
func.func private @f() attributes {t = #ap.device<"d", host, precisions = [f32], units = -1>}

// -----

// expected-error @+1 {{expected a non-negative integer below 2^64}}
func.func private @f() attributes {t = #ap.memory<"m", capacity = -1>}

// -----

// expected-error @+1 {{expected a non-negative integer below 2^64}}
func.func private @f() attributes {t = #ap.memory<"m", capacity = 18446744073709551616>}
