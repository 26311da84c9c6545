#!/usr/bin/env bash
# The ap demo: what a newcomer should see. The whole flow of ap on a real
# network with real data: the Fashion-MNIST CNN of examples/fashion-mnist,
# calibrated, analysed, assigned precisions within 1% top-1 of f32,
# partitioned across the default target's devices, compiled and run on the
# simulated default target next to f32.
# Usage: scripts/demo.sh BIN_DIR [OUTPUT_DIR]
# Writes the profile, the sensitivity table, the assigned model, its report,
# the stats and the trace into OUTPUT_DIR (default: BIN_DIR/../demo).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BIN="${1:-$ROOT/build/bin}"
OUT="${2:-$BIN/../demo}"
AP_OPT="$BIN/ap-opt"
AP_RUN="$BIN/ap-run"
AP_SENSITIVITY="$BIN/ap-sensitivity"
EXAMPLE="$ROOT/examples/fashion-mnist"
MODEL="$EXAMPLE/cnn.mlir"
mkdir -p "$OUT"
OUT="$(cd "$OUT" && pwd)"

step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }
show() { printf '$ %s\n' "$*"; }
# The summary lines of an ap-run on the test subset.
summary() { grep -E 'top-1 accuracy|simulated:|device gpu:' | sed 's/^/   /'; }

step "1. A real network: a CNN trained on Fashion-MNIST (examples/fashion-mnist/cnn.mlir)"
echo "   Two convolutions, two max poolings, two dense layers; batch 100; real"
echo "   weights. In f32 on the default target's gpu, on the 1,000 test images:"
show "ap-run cnn.mlir --input test-images.npy --labels test-labels.npy"
"$AP_RUN" "$MODEL" --input "$EXAMPLE/test-images.npy" \
  --labels "$EXAMPLE/test-labels.npy" --stats "$OUT/f32.stats.json" |
  tee "$OUT/f32.txt" | summary

step "2. Calibrate: observe every op's output on 300 calibration images"
show "ap-run cnn.mlir --calibrate calibration-images.npy --profile profile.json"
"$AP_RUN" "$MODEL" --calibrate "$EXAMPLE/calibration-images.npy" \
  --profile "$OUT/profile.json" | grep -E '^ *main\.' | sed 's/^ */   /'

step "3. Sensitivity: what each layer loses at each precision (by execution,"
echo "   the rest of the network kept in f32; loss = share of top-1 predictions"
echo "   that change)"
show "ap-sensitivity cnn.mlir --data calibration-images.npy --profile profile.json -o sensitivity.json"
"$AP_SENSITIVITY" "$MODEL" --source=execution \
  --data "$EXAMPLE/calibration-images.npy" \
  --labels "$EXAMPLE/calibration-labels.npy" --profile "$OUT/profile.json" \
  --candidates=f32,f16,bf16,f8E4M3FN,f8E5M2,i8,i4 \
  -o "$OUT/sensitivity.json" > /dev/null
python3 - "$OUT/sensitivity.json" <<'PY'
import json, sys
table = json.load(open(sys.argv[1]))
precisions = ["f16", "bf16", "f8E4M3FN", "f8E5M2", "i8", "i4"]
print("   %-8s %-26s" % ("op", "layer") + "".join("%9s" % p for p in precisions))
for op in table["ops"]:
    losses = {c["precision"]: c["loss"] for c in op["candidates"]}
    print("   %-8s %-26s" % (op["op"], op.get("loc", "") + " " + op["name"][7:])
          + "".join("%8.1f%%" % (100 * losses[p]) if p in losses else "%9s" % "-"
                    for p in precisions))
print("   (%g forward-pass equivalents)" % table["forward_pass_equivalents"])
PY

step "4. Assign precisions and partition: the fastest assignment whose"
echo "   estimated loss stays within 1% top-1, among what the gpu computes (f32,"
echo "   f16, bf16, fp8), then every launch placed on the device (cpu, gpu, npu)"
echo "   where the predicted run finishes soonest (ap-pipeline)"
show "ap-opt cnn.mlir --ap-pipeline=\"target=default sensitivity=sensitivity.json profile=profile.json tolerance=0.01 assignment-report=assignment.json partition-report=partition.json\" -o cnn-assigned.mlir"
"$AP_OPT" "$MODEL" \
  --ap-pipeline="target=default sensitivity=$OUT/sensitivity.json profile=$OUT/profile.json tolerance=0.01 assignment-report=$OUT/assignment.json partition-report=$OUT/partition.json" \
  -o "$OUT/cnn-assigned.mlir"
python3 - "$OUT/assignment.json" <<'PY'
import json, sys
report = json.load(open(sys.argv[1]))
for op in report["ops"]:
    print("   %-8s %-6s on %s: inputs %-9s accumulator %s, estimated loss %.2f%%" % (
        op["op"], op.get("loc", ""), op["device"], op["input"], op["accumulator"],
        100 * op["estimated_loss"]))
totals = report["totals"]
print("   estimated: loss %.2f%%, time %.2f us -> %.2f us (kernels + conversions)" % (
    100 * totals["estimated_loss"],
    1e6 * (totals["exec_time"]["before"] + totals["transfer_time"]["before"]),
    1e6 * (totals["exec_time"]["after"] + totals["transfer_time"]["after"])))
PY
echo "   Where each launch runs, and why (its time on each device that can run"
echo "   it; moving data to another device costs the link's time too):"
python3 - "$OUT/partition.json" <<'PY'
import json, sys
function = json.load(open(sys.argv[1]))["functions"][0]
for op in function["ops"]:
    times = ", ".join("%s %.1f us" % (d, 1e6 * t) for d, t in op["times"].items())
    print("   %-8s on %-4s %-9s %7.1f-%7.1f us   (%s)" % (
        op["name"], op["device"], op["precision"], 1e6 * op["start"],
        1e6 * op["end"], times))
for transfer in function["transfers"]:
    print("   transfer %s %s -> %s in %s (%d bytes)" % (
        transfer["value"], transfer["from"], transfer["to"], transfer["wire"],
        transfer["bytes"]))
baselines = ", ".join("%s %.1f us" % (b["name"], 1e6 * b["makespan"])
                      for b in function["baselines"] if "makespan" in b)
print("   predicted makespan %.1f us (%s)" % (1e6 * function["makespan"], baselines))
PY

step "5. Run the assigned model on the test images (real numerics in every"
echo "   format, time and energy from the simulation), next to f32"
show "ap-run cnn-assigned.mlir --input test-images.npy --labels test-labels.npy --stats assigned.stats.json --trace assigned.trace.json"
"$AP_RUN" "$OUT/cnn-assigned.mlir" --input "$EXAMPLE/test-images.npy" \
  --labels "$EXAMPLE/test-labels.npy" --stats "$OUT/assigned.stats.json" \
  --trace "$OUT/assigned.trace.json" | tee "$OUT/assigned.txt" | summary
python3 - "$OUT/f32.txt" "$OUT/assigned.txt" <<'PY'
import re, sys
def figures(path):
    text = open(path).read()
    accuracy = float(re.search(r"top-1 accuracy: ([0-9.]+)%", text).group(1))
    makespan = float(re.search(r"makespan ([0-9.e+-]+) s", text).group(1))
    energy = float(re.search(r"energy ([0-9.e+-]+) J", text).group(1))
    return accuracy, makespan, energy
f32, assigned = figures(sys.argv[1]), figures(sys.argv[2])
print()
print("   %-9s %9s %14s %12s" % ("", "accuracy", "simulated time", "energy"))
for name, (accuracy, makespan, energy) in (("f32", f32), ("assigned", assigned)):
    print("   %-9s %8.2f%% %11.1f us %9.2f mJ" % (name, accuracy, makespan * 1e6, energy * 1e3))
print("   assigned: %+.2f points of accuracy, %.1f%% faster, %.1f%% less energy" % (
    assigned[0] - f32[0], 100 * (1 - assigned[1] / f32[1]),
    100 * (1 - assigned[2] / f32[2])))
PY
echo
echo "   Timeline: open $OUT/assigned.trace.json in https://ui.perfetto.dev"
echo "   (one track per device and per link)."

step "6. The precision dialect (examples/precision.mlir): exact compile-time"
echo "   conversions and per-channel int8 quantization, a transfer in f16 over"
echo "   PCIe, a placement region on the accelerator"
show "ap-opt examples/precision.mlir --canonicalize"
"$AP_OPT" "$ROOT/examples/precision.mlir" --canonicalize |
  grep -v "^module attributes" | sed -n '1,12p'
echo "   ..."

step "7. Mistakes are reported precisely (here: a wire precision the link lacks)"
bad="$(mktemp --suffix=.mlir)"
trap 'rm -f "$bad"' EXIT
sed 's/wire f16/wire bf16/; s/wire = \[f32, f16, bf16\]/wire = [f32, f16]/' \
  "$ROOT/examples/precision.mlir" > "$bad"
show "ap-opt bad.mlir   # transfer ... via @pcie wire bf16, link wire = [f32, f16]"
"$AP_OPT" "$bad" 2>&1 | sed "s|$bad|bad.mlir|" | head -3 || true

printf '\nNext: ./build.sh test runs the whole test suite; see README.md and docs/.\n'
