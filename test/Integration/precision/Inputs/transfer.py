#!/usr/bin/env python3
"""Precision-aware DMA through ap-run (transfer.test).

  transfer.py check X.npy OUT
      compares OUT/<name>.npy (RESULTS, written by ap-run from
      Inputs/transfer.mlir, and RESULTS_DEFAULT, from
      Inputs/transfer-default.mlir) bit for bit with the reference of
      fpref.py; prints one line per result, then "all bit-exact" or exits
      with status 1. X.npy: the f32 values of convert_f32.py.

The runtime converts data that crosses a link at another precision as
docs/runtime.md says: every step (source -> wire -> destination) rounds to
nearest even and saturates (finite overflow and infinities become the
largest finite value of their sign), NaN becomes the quiet NaN of its sign.
That is fpref.convert(..., "nearest_even", saturate=True) for each
narrowing step and the exact widening for the way back to f32.
"""
import sys

sys.dont_write_bytecode = True
import numpy as np  # noqa: E402

import fpref as R  # noqa: E402
import selftest  # noqa: E402

# name: (formats the data goes through after f32, the result's format)
RESULTS = [
    ("wire_f16", [R.F16, R.F32]),
    ("wire_bf16", [R.BF16, R.F32]),
    ("wire_f8E4M3FN", [R.F8E4M3FN, R.F32]),
    ("wire_f8E5M2", [R.F8E5M2, R.F32]),
    ("to_f16", [R.F16]),
    ("to_bf16", [R.BF16]),
    ("to_f8E4M3FN", [R.F8E4M3FN]),
    ("wire_f16_to_f8E5M2", [R.F16, R.F8E5M2]),
]
RESULTS_DEFAULT = [
    ("default_pcie_f16", [R.F16, R.F32]),
    ("default_pcie_bf16", [R.BF16, R.F32]),
    ("default_m2_f16", [R.F16, R.F32]),
]


def expected(bits, steps):
    fmt = R.F32
    for step in steps:
        bits = R.convert(fmt, bits, step, "nearest_even", True)
        fmt = step
    return bits


def main():
    _, x = R.read_npy(sys.argv[2])
    bits = x.view(np.uint32).reshape(-1)
    selftest.run(bits)
    failures = 0
    for name, steps in RESULTS + RESULTS_DEFAULT:
        got = R.bits_of("%s/%s.npy" % (sys.argv[3], name), steps[-1], x.shape)
        failures += R.compare_bits(name, steps[-1], got, expected(bits, steps), bits,
                                   lambda b: "0x%08X" % int(b))
    if not failures:
        print("all bit-exact")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
