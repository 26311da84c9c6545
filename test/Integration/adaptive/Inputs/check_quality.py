"""Checks the quality policy's reaction to the input shift of
input-shift.json (see quality.test): the stats' decisions, and that every
inference's outputs are exactly those of the variant that ran, whose error
against f32 is under the threshold again once the policy has raised the
precision.

usage: check_quality.py stats.json adaptive.npy f32.npy f16.npy i8.npy
           i8-shifted-error-threshold
"""
import json
import sys

import numpy as np

stats = json.load(open(sys.argv[1]))
adaptive, f32, f16, i8 = (np.load(p) for p in sys.argv[2:6])
threshold = float(sys.argv[6])
rows = 4  # rows per inference
batches = adaptive.shape[0] // rows

decisions = [(d["inference"], d["point"], d["from"], d["to"], d["reason"])
             for d in stats["adaptive"]["decisions"]]
for d in decisions:
    print("decision:", *d)
# Each point lowers to i8 after `hold` (4) executions with a margin, during
# inference 3, and raises to f16 as the shifted inputs arrive (inference 10:
# the decision is made on the probes of the data at hand, before running).
expected = {"main#1": [(3, "f32", "i8"), (10, "i8", "f16")],
            "main#4": [(3, "f32", "i8"), (10, "i8", "f16")]}
for point, steps in expected.items():
    got = [(i, a, b) for (i, p, a, b, _) in decisions if p == point]
    assert got == steps, f"{point}: decisions {got}, expected {steps}"

# The variant that ran at each inference, and its outputs, bit for bit.
def ran(inference):
    return f32 if inference < 3 else (i8 if inference < 10 else f16)
for b in range(batches):
    rows_b = slice(b * rows, (b + 1) * rows)
    assert np.array_equal(adaptive[rows_b], ran(b)[rows_b]), f"inference {b}"

def error(a, b):
    return float(np.linalg.norm(a - b) / np.linalg.norm(b))
after = slice(10 * rows, batches * rows)
err_i8 = error(i8[after], f32[after])
err_adaptive = error(adaptive[after], f32[after])
print(f"after the shift: static i8 error {err_i8:.4f}, adaptive {err_adaptive:.6f}")
assert err_i8 > threshold, "the shift should make i8 saturate"
assert err_adaptive < threshold / 100
print("quality: ok")
