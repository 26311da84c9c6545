"""Checks a run of the example policy hook (examples/adaptive-hook, see
hook.test) from its stats and outputs, against the hook's rule worked out
here from the stats' own inference latencies: inference 0 runs every switch
point's default variant; inference i > 0 runs the cheapest variant (i8: the
least dynamic energy) of every point when inference i - 1 took no longer
than the budget, else the most accurate one (f32: no loss).

It checks, per point, the variant every inference ran (replaying the
decisions from the default), that every decision is the hook's, the run
counts, and that each inference's outputs are bit for bit those of a static
run of the variant that ran (the plain f32 model, or the model whose switch
points start at i8).

usage: hook-check.py stats.json budget outputs.npy f32.npy i8.npy
"""
import json
import sys

import numpy as np

stats = json.load(open(sys.argv[1]))
budget = float(sys.argv[2])
outputs, f32, i8 = (np.load(p) for p in sys.argv[3:6])
rows = 4  # rows per inference

inferences = sorted(stats["inferences"], key=lambda r: r["index"])
latencies = [r["latency"] for r in inferences]
count = len(latencies)
assert [r["index"] for r in inferences] == list(range(count))
assert outputs.shape[0] == rows * count, outputs.shape

points = stats["adaptive"]["points"]
assert [p["name"] for p in points] == ["main#1", "main#4"], points
decisions = stats["adaptive"]["decisions"]
for d in decisions:
    assert d["reason"] == "hook", f"decision not the hook's: {d}"

ran_by_inference = [set() for _ in range(count)]
for point in points:
    precisions = [v["precision"] for v in point["variants"]]
    assert precisions == ["f32", "f16", "i8"], precisions
    # The hook's criteria, from the variants' estimates: i8 is the cheapest
    # and f32 the most accurate.
    energies = [v["energy"] for v in point["variants"]]
    losses = [v["loss"] for v in point["variants"]]
    assert precisions[energies.index(min(energies))] == "i8", energies
    assert precisions[losses.index(min(losses))] == "f32", losses

    default = precisions[point["default"]]
    expected = [default] + [
        "i8" if latencies[i - 1] <= budget else "f32" for i in range(1, count)
    ]
    mine = [d for d in decisions if d["point"] == point["name"]]
    current, ran = default, []
    for i in range(count):
        here = [d for d in mine if d["inference"] == i]
        assert len(here) <= 1, f"{point['name']}: decisions {here}"
        for d in here:
            assert d["from"] == current, f"{point['name']}: {d} from {current}"
            current = d["to"]
        ran.append(current)
    assert ran == expected, f"{point['name']}: ran {ran}, expected {expected}"
    runs = {v["precision"]: v["runs"] for v in point["variants"]}
    want = {p: expected.count(p) for p in precisions}
    assert runs == want, f"{point['name']}: runs {runs}, expected {want}"
    assert point["switches"] == len(mine)
    print(f"{point['name']}: {' '.join(f'{p} {want[p]}' for p in precisions)},"
          f" {len(mine)} decisions")
    for i, precision in enumerate(ran):
        ran_by_inference[i].add(precision)

# Every point runs the same precision in an inference: its outputs are those
# of that variant's static run.
for i, precisions in enumerate(ran_by_inference):
    assert len(precisions) == 1, f"inference {i}: {precisions}"
    reference = f32 if precisions == {"f32"} else i8
    block = slice(i * rows, (i + 1) * rows)
    assert np.array_equal(outputs[block], reference[block]), f"inference {i}"
assert not np.array_equal(f32, i8), "the references should differ"
print(f"outputs: {count} inferences equal to the variant that ran")
print("hook: ok")
