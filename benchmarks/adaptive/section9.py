#!/usr/bin/env python3
"""Section 9 of benchmarks/run.sh: run-time adaptive precision (issue 7).

For each Fashion-MNIST model (examples/fashion-mnist) on the target
benchmarks/adaptive/target.json (a host and an accelerator computing f32,
f16 and i8 that switches precision in 5 us), prints Markdown tables:

1. Per scenario (benchmarks/adaptive/<model>-<scenario>.json: nothing,
   an input shift, a power cap, a link slowdown, each from inference 20
   on, one batch arriving every period of the scenario), per configuration
   (the f32 model, the statically assigned one, the ap-make-adaptive module
   under each policy): top-1 accuracy and top-1 agreement with the f32
   model under the same scenario, before and after the event; mean
   inference latency before and after; makespan; energy; mean power before
   and after; decisions and the inference of the first one after the
   event; the accelerator's precision switches; the variant of each switch
   point at the end of the run. The budget policy's latency target is 80%
   of the mean latency of the adaptive module at f32 in the steady run.
2. The overhead of the switch points and probes when nothing switches: the
   adaptive module under the static policy (every point runs its f32
   variant) against the f32 model, without probes, with probes and with
   sparse probes, in simulated makespan and in wall time of the batches
   (the better of 2 rounds of the median of ap-run --repeat REPS), with the
   runtime's own measures of its bookkeeping and data time.

The test images are tiled (--tile, default 4: 40 inferences of 100
images) so that the policies see enough inferences; with the default the
scenarios' events fall at inference 20 of 40, so both halves of the run
hold the same images. The simulated runs go two at a time (--jobs); the
timed ones one at a time.

Standard library only (the .npy files are read and written here).

usage: section9.py --root REPO --work DIR [--ap-opt P] [--ap-run P]
                   [--ap-sensitivity P] [--reps N] [--tile N] [--jobs N]
                   [--models cnn,mlp]
"""
import argparse
import ast
import concurrent.futures
import json
import os
import re
import statistics
import struct
import subprocess
import sys
from array import array

# The adaptive module's points are compiled with losses measured as the
# relative L2 error of the logits (ap-sensitivity --metric=relative_l2):
# continuous losses the resource and budget policies can trade. The static
# assignment uses section 7's convention: top-1 disagreement, tolerance 1%.
ASSIGN_TOLERANCE = 0.01
# The budget policy's latency target, as a fraction of the mean latency of
# the adaptive module at f32 in the steady scenario.
BUDGET_FRACTION = 0.8
SCENARIOS = [("steady", "nothing changes"),
             ("input-shift", "input shift"),
             ("power-cap", "power cap"),
             ("link-slowdown", "link slowdown")]


# --- .npy files --------------------------------------------------------------

def read_npy(path):
    """(descr, shape, raw little-endian data) of a C-order .npy file."""
    with open(path, "rb") as f:
        data = f.read()
    if data[:6] != b"\x93NUMPY":
        sys.exit(f"{path}: not an .npy file")
    if data[6] == 1:
        (length,), start = struct.unpack("<H", data[8:10]), 10
    else:
        (length,), start = struct.unpack("<I", data[8:12]), 12
    header = ast.literal_eval(data[start:start + length].decode("latin1"))
    if header["fortran_order"]:
        sys.exit(f"{path}: Fortran order is not supported")
    return header["descr"], tuple(header["shape"]), data[start + length:]


def write_npy(path, descr, shape, body):
    header = "{'descr': '%s', 'fortran_order': False, 'shape': %s, }" % (
        descr, repr(tuple(shape)))
    # Version 1.0: magic, version, 2-byte length; header padded with spaces
    # and ended by a newline so that the data starts at a multiple of 64.
    pad = 64 - (10 + len(header) + 1) % 64
    header = header + " " * (pad % 64) + "\n"
    with open(path, "wb") as f:
        f.write(b"\x93NUMPY\x01\x00" + struct.pack("<H", len(header)))
        f.write(header.encode("latin1"))
        f.write(body)


def tile_npy(source, destination, times):
    descr, shape, body = read_npy(source)
    write_npy(destination, descr, (shape[0] * times,) + shape[1:],
              body * times)


def read_labels(path):
    descr, shape, body = read_npy(path)
    codes = {"<i8": "q", "<i4": "i", "<u1": "B", "|u1": "B", "<i2": "h"}
    if descr not in codes:
        sys.exit(f"{path}: labels of type {descr} are not supported")
    return list(array(codes[descr], body))


def read_classes(path):
    """The top-1 class of each row of a float32 (rows, classes) .npy file
    (the first of equal maxima, as ap-run's accuracy)."""
    descr, shape, body = read_npy(path)
    if descr != "<f4" or len(shape) != 2:
        sys.exit(f"{path}: expected float32 logits (rows, classes)")
    values = array("f", body)
    rows, classes = shape
    result = []
    for row in range(rows):
        scores = values[row * classes:(row + 1) * classes]
        result.append(max(range(classes), key=lambda c: (scores[c], -c)))
    return result


# --- tools -------------------------------------------------------------------

def run(command):
    done = subprocess.run(command, capture_output=True, text=True)
    if done.returncode != 0:
        sys.exit("command failed (exit %d): %s\n%s%s" % (
            done.returncode, " ".join(command), done.stdout, done.stderr))
    return done.stdout


class Tools:
    def __init__(self, args):
        bin_dir = os.path.join(args.root, "build", "bin")
        self.opt = args.ap_opt or os.path.join(bin_dir, "ap-opt")
        self.run = args.ap_run or os.path.join(bin_dir, "ap-run")
        self.sens = args.ap_sensitivity or os.path.join(bin_dir,
                                                        "ap-sensitivity")


# --- one model ---------------------------------------------------------------

class Model:
    """The compiled modules of one Fashion-MNIST model."""

    def __init__(self, name, args, tools):
        self.name, self.tools, self.work = name, tools, args.work
        example = os.path.join(args.root, "examples", "fashion-mnist")
        source = os.path.join(example, name + ".mlir")
        calibration = os.path.join(example, "calibration-images.npy")
        labels = os.path.join(example, "calibration-labels.npy")
        self.target = os.path.join(args.root, "benchmarks", "adaptive",
                                   "target.json")
        w = lambda suffix: os.path.join(args.work, f"{name}-{suffix}")
        profile = w("profile.json")
        run([tools.run, source, "--quiet", "--calibrate", calibration,
             "--profile", profile])
        top1, l2 = w("sens-top1.json"), w("sens-l2.json")
        for output, metric in ((top1, "top1_disagreement"),
                               (l2, "relative_l2")):
            run([tools.sens, source, "--quiet", "--source=execution",
                 f"--metric={metric}", "--data", calibration, "--labels",
                 labels, "--profile", profile, "-o", output])
        attach = f"--ap-attach-target=path={self.target}"
        self.f32 = w("f32.mlir")
        run([tools.opt, source, attach, "-o", self.f32])
        self.assigned = w("assigned.mlir")
        report = w("assigned.json")
        run([tools.opt, source, attach,
             f"--ap-assign-precision=sensitivity={top1} profile={profile} "
             f"tolerance={ASSIGN_TOLERANCE} report={report}",
             "-o", self.assigned])
        self.assignment = " ".join(
            op["input"] for op in json.load(open(report))["ops"])
        adaptive = f"--ap-make-adaptive=sensitivity={l2} profile={profile}"
        self.adaptive = w("adaptive.mlir")
        run([tools.opt, source, attach, adaptive, "-o", self.adaptive])
        self.cheapest = w("adaptive-cheapest.mlir")
        run([tools.opt, source, attach, adaptive + " default=cheapest",
             "-o", self.cheapest])
        self.no_probes = w("adaptive-no-probes.mlir")
        run([tools.opt, source, attach, adaptive + " probes=false",
             "-o", self.no_probes])
        self.sparse_probes = w("adaptive-sparse-probes.mlir")
        run([tools.opt, source, attach, adaptive + " sample-rate=0.00390625",
             "-o", self.sparse_probes])
        with open(self.target) as f:
            self.idle = sum(d.get("idle_power", 0) for d in
                            json.load(f)["devices"])


_runs = {}


def simulate(model, module, inputs, scenario, policy, options, tag):
    """Runs `module` on the inputs under `scenario`; returns (stats, the top-1
    class of every row). The same run twice is run once."""
    key = (module, inputs, scenario, policy, tuple(options))
    if key not in _runs:
        _runs[key] = _simulate(model, module, inputs, scenario, policy,
                               options, tag)
    return _runs[key]


def _simulate(model, module, inputs, scenario, policy, options, tag):
    stats = os.path.join(model.work, f"{tag}.stats.json")
    output = os.path.join(model.work, f"{tag}.out.npy")
    command = [model.tools.run, module, "--quiet", "--input", inputs,
               "--scenario", scenario, "--policy", policy, "--stats", stats,
               "--output", output]
    for option in options:
        command += ["--policy-option", option]
    run(command)
    with open(stats) as f:
        return json.load(f), read_classes(output)


def fraction(pairs):
    pairs = list(pairs)
    return 100.0 * sum(pairs) / len(pairs) if pairs else float("nan")


def phase_power(records, idle, period):
    """Mean power of the target over a run of consecutive inferences: the
    idle power plus their dynamic joules over the time they span."""
    if not records:
        return float("nan")
    dynamic = sum(r["energy"] - idle * r["latency"] for r in records)
    span = max(len(records) * period,
               records[-1]["end"] - records[0]["arrival"])
    return idle + dynamic / span


def scenario_table(model, inputs, labels, scenario_key, title, latency_target,
                   batch, jobs):
    path = os.path.join(os.path.dirname(model.target),
                        f"{model.name}-{scenario_key}.json")
    with open(path) as f:
        scenario = json.load(f)
    period = scenario.get("period", 0)
    events = sorted(e["at"] for e in scenario.get("events", []))
    configurations = [
        ("static f32", model.f32, "static", []),
        ("static assigned (%s)" % model.assignment, model.assigned, "static",
         []),
        ("adaptive, static policy (default f32)", model.adaptive, "static",
         []),
        ("adaptive, static policy (default cheapest)", model.cheapest,
         "static", []),
        ("adaptive, quality", model.adaptive, "quality", []),
        ("adaptive, resource", model.adaptive, "resource", []),
        ("adaptive, budget (target %.0f us)" % (1e6 * latency_target),
         model.adaptive, "budget", ["latency_target=%.9g" % latency_target]),
    ]
    # The runs are simulated: running two at a time changes no figure.
    with concurrent.futures.ThreadPoolExecutor(max_workers=jobs) as pool:
        results = list(pool.map(
            lambda item: simulate(model, item[1][1], inputs, path,
                                  item[1][2], item[1][3],
                                  f"{model.name}-{scenario_key}-{item[0]}"),
            enumerate(configurations)))
    reference = results[0][1]
    rows, points = [], None
    for (name, _, _, _), (stats, classes) in zip(configurations, results):
        inferences = stats["inferences"]
        if events:
            split = next((i for i, r in enumerate(inferences)
                          if r["start"] >= events[0]), len(inferences))
        else:
            split = len(inferences) // 2
        phases = [(0, split), (split, len(inferences))]

        def rows_of(phase):
            return range(phase[0] * batch, phase[1] * batch)

        accuracy = [fraction(classes[i] == labels[i] for i in rows_of(p))
                    for p in phases]
        agreement = [fraction(classes[i] == reference[i] for i in rows_of(p))
                     for p in phases]
        latency = [1e6 * statistics.mean(r["latency"] for r in
                                         inferences[a:b]) for a, b in phases]
        power = [phase_power(inferences[a:b], model.idle, period)
                 for a, b in phases]
        adaptive = stats.get("adaptive") or {}
        end, decisions, reaction = "-", "-", "-"
        if adaptive.get("points"):
            points = [p["name"] for p in adaptive["points"]]
            end = " ".join(p["variants"][p["current"]]["precision"]
                           for p in adaptive["points"])
            decisions = str(len(adaptive["decisions"]))
            if events:
                after = [d["inference"] for d in adaptive["decisions"]
                         if d["inference"] >= split]
                reaction = str(min(after)) if after else "none"
        switches = sum(d["switches"] for d in stats["devices"])
        rows.append("| %s | %.2f / %.2f | %.2f / %.2f | %.1f / %.1f | %.2f "
                    "| %.1f / %.1f | %.3f / %.3f | %s | %s | %d | %s |" % (
                        name, accuracy[0], accuracy[1], agreement[0],
                        agreement[1], latency[0], latency[1],
                        1e3 * stats["makespan"],
                        1e3 * stats["energy"]["total"],
                        1e3 * stats["energy"]["dynamic"], power[0], power[1],
                        decisions, reaction, switches, end))
    n = len(results[0][0]["inferences"])
    when = ("from %g ms on: 'before / after' are inferences 0-%d / %d-%d"
            % (1e3 * events[0], split - 1, split, n - 1) if events else
            "none: 'before / after' are the two halves of the run")
    print()
    print(f"**{model.name}, {title}.** {scenario.get('description', '')} "
          f"Event {when}. Switch points, in order: {' '.join(points or [])}.")
    print()
    print("| configuration | top-1 % before / after | agreement with f32 % "
          "before / after | latency mean before / after (us) | makespan (ms) "
          "| energy total / dynamic (mJ) | mean power before / after (W) | "
          "decisions | first decision after the event (inference) | "
          "precision switches | variants at the end |")
    print("|" + " --- |" * 11)
    for row in rows:
        print(row)


def steady_latency(model, inputs):
    """Mean inference latency of the adaptive module at f32 (static policy)
    in the steady scenario."""
    path = os.path.join(os.path.dirname(model.target),
                        f"{model.name}-steady.json")
    stats, _ = simulate(model, model.adaptive, inputs, path, "static", [],
                        f"{model.name}-latency")
    return statistics.mean(r["latency"] for r in stats["inferences"])


BATCHES = re.compile(r" batch(?:es)? in ([0-9.]+) s"
                     r"(?: \(best of \d+, median ([0-9.]+) s\))?")
HOST = re.compile(r"^host: (\d+) runtime events, bookkeeping ([0-9.e+-]+) ms "
                  r".* observations\) ([0-9.e+-]+) ms$", re.M)


def timed_run(model, module, inputs, repeat, extra):
    """(median wall seconds of the batches, the ap-run output)."""
    out = run([model.tools.run, module, "--input", inputs, "--repeat",
               str(repeat)] + extra)
    match = BATCHES.search(out)
    return float(match.group(2) or match.group(1)), out


def overhead_table(model, inputs, reps, rounds=2):
    """The adaptive module when nothing switches against the f32 model."""
    modules = [("f32 model", model.f32, True),
               ("adaptive, probes=false", model.no_probes, True),
               ("adaptive, probes at sample-rate 1/16 (the default)",
                model.adaptive, False),
               ("adaptive, probes at sample-rate 1/256", model.sparse_probes,
                False)]
    rows = [None] * len(modules)
    # `rounds` rounds over the modules, each an ap-run --repeat REPS (its
    # median); the best round counts, so that a burst of load from another
    # process on the machine does not decide a comparison.
    for _ in range(rounds):
        for index, (name, module, _) in enumerate(modules):
            path = os.path.join(model.work,
                                f"{model.name}-overhead-{index}.json")
            wall, out = timed_run(model, module, inputs, reps,
                                  ["--policy", "static", "--stats", path])
            host = HOST.search(out)
            if rows[index] is not None and rows[index]["wall"] <= wall:
                continue
            with open(path) as f:
                stats = json.load(f)
            rows[index] = dict(
                name=name, wall=wall, events=int(host.group(1)),
                bookkeeping=float(host.group(2)), data=float(host.group(3)),
                makespan=stats["makespan"],
                launches=sum(d["launches"] for d in stats["devices"]),
                inferences=len(stats["inferences"]), alone=None)
    # The host code alone: without simulation the switch points are
    # replaced by their default (f32) variant and the probes removed.
    for index, (_, module, compute) in enumerate(modules):
        if compute:
            rows[index]["alone"] = min(
                timed_run(model, module, inputs, reps, ["--no-simulation"])[0]
                for _ in range(rounds))
    base = rows[0]
    print()
    print(f"**{model.name}, overhead when nothing switches.** "
          f"{base['inferences']} batches back to back (the test images tiled, "
          f"no scenario), static policy, every switch point at its f32 "
          f"variant. Wall times: the batches only (compilation excluded), "
          f"the best of {rounds} rounds of the median of ap-run --repeat "
          f"{reps}; 'compute only' is ap-run --no-simulation (no runtime: "
          f"switch points replaced by their f32 variant, no probes); host "
          f"bookkeeping and data are the runtime's own measures of the last "
          f"run of that round (the ap-run 'host:' line).")
    print()
    print("| module | launches | runtime events | simulated makespan (us) | "
          "vs f32 | wall time of the batches (ms) | vs f32 | compute only "
          "(ms) | host bookkeeping (ms) | host data: conversions, probes "
          "(ms) |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |")
    for row in rows:
        print("| %s | %d | %d | %.1f | %+.2f%% | %.2f | %+.1f%% | %s | %.2f "
              "| %.2f |" % (
                  row["name"], row["launches"], row["events"],
                  1e6 * row["makespan"],
                  100 * (row["makespan"] / base["makespan"] - 1),
                  1e3 * row["wall"], 100 * (row["wall"] / base["wall"] - 1),
                  "%.2f" % (1e3 * row["alone"]) if row["alone"] else "-",
                  row["bookkeeping"], row["data"]))
    plain, points, probes, sparse = rows

    def change(a, b):
        return 100 * (a / b - 1)

    def verdict(x):
        return "met" if x < 3 else "not met"

    sim = change(points["makespan"], plain["makespan"])
    wall = change(points["wall"], plain["wall"])
    book = points["bookkeeping"] - plain["bookkeeping"]
    probed = change(probes["wall"], points["wall"])
    print()
    print(f"{model.name}, goal under 3% of run time. Switch points alone "
          f"(probes=false against the f32 model): simulated {sim:+.2f}% "
          f"({verdict(sim)}; {points['launches'] - plain['launches']} more "
          f"launches), wall {wall:+.1f}% ({verdict(wall)}; compute only "
          f"{change(points['alone'], plain['alone']):+.1f}%; the runtime's "
          f"bookkeeping {book:+.2f} ms, {100 * book / 1e3 / plain['wall']:.2f}"
          f"% of the f32 run). Probes (against probes=false; they take no "
          f"simulated time): wall {probed:+.1f}% at sample-rate 1/16 "
          f"({verdict(probed)}), "
          f"{change(sparse['wall'], points['wall']):+.1f}% at 1/256.")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--root", required=True, help="the repository")
    parser.add_argument("--ap-opt", help="default: ROOT/build/bin/ap-opt")
    parser.add_argument("--ap-run", help="default: ROOT/build/bin/ap-run")
    parser.add_argument("--ap-sensitivity",
                        help="default: ROOT/build/bin/ap-sensitivity")
    parser.add_argument("--work", required=True)
    parser.add_argument("--reps", type=int, default=5)
    parser.add_argument("--tile", type=int, default=4)
    parser.add_argument("--models", default="cnn,mlp")
    parser.add_argument("--jobs", type=int, default=2,
                        help="simulated runs at the same time")
    args = parser.parse_args()
    os.makedirs(args.work, exist_ok=True)
    tools = Tools(args)
    example = os.path.join(args.root, "examples", "fashion-mnist")
    inputs = os.path.join(args.work, "images.npy")
    tile_npy(os.path.join(example, "test-images.npy"), inputs, args.tile)
    labels = read_labels(os.path.join(example, "test-labels.npy")) * args.tile
    batch = 100
    for name in args.models.split(","):
        model = Model(name, args, tools)
        target = BUDGET_FRACTION * steady_latency(model, inputs)
        for key, title in SCENARIOS:
            scenario_table(model, inputs, labels, key, title, target, batch,
                           args.jobs)
        overhead_table(model, inputs, args.reps)


if __name__ == "__main__":
    main()
