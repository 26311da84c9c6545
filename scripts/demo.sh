#!/usr/bin/env bash
# The ap demo: what a newcomer should see.
# Usage: scripts/demo.sh BIN_DIR [OUTPUT_DIR]
# Writes the compiled model, the stats and the trace into OUTPUT_DIR
# (default: BIN_DIR/../demo).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BIN="${1:-$ROOT/build/bin}"
OUT="${2:-$BIN/../demo}"
AP_OPT="$BIN/ap-opt"
AP_RUN="$BIN/ap-run"
MODEL="$ROOT/models/lenet_mnist_linalg.mlir"
mkdir -p "$OUT"
OUT="$(cd "$OUT" && pwd)"

step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }
show() { printf '$ %s\n' "$*"; }

step "1. A real network: LeNet-5 trained on MNIST (models/lenet_mnist_linalg.mlir)"
show "ap-opt models/lenet_mnist_linalg.mlir --print-op-stats -o /dev/null"
"$AP_OPT" "$MODEL" --print-op-stats -o /dev/null 2>&1 | sed -n '1,30p'

step "2. What each layer costs on each device of the default target (ap-cost-report)"
echo "   The default target (targets/default.json): a host cpu, a gpu (f32, f16,"
echo "   bf16, fp8) and an npu (f16, int8, int4), joined by PCIe."
show "ap-opt models/lenet_mnist_linalg.mlir --ap-attach-target --ap-cost-report -o /dev/null"
"$AP_OPT" "$MODEL" --ap-attach-target --ap-cost-report -o /dev/null |
  awk '/^lenet#4 / {on = 1} on && n < 16 {print; n++}'
echo "   ..."

step "3. Compile it for the default target: every kernel becomes a launch on the"
echo "   target's default device (the gpu) with the cost model's figures, the"
echo "   weights and inputs DMAs, and the compute is tiled, vectorized and"
echo "   lowered to LLVM (ap-lower-to-llvm)"
show "ap-opt models/lenet_mnist_linalg.mlir --ap-attach-target --ap-lower-to-llvm -o lenet.llvm.mlir"
start=$(date +%s%N)
"$AP_OPT" "$MODEL" --ap-attach-target --ap-lower-to-llvm -o "$OUT/lenet.llvm.mlir"
end=$(date +%s%N)
printf '   %s: %d runtime calls (%d launches, %d transfers), compiled in %.2f s\n' \
  "$OUT/lenet.llvm.mlir" \
  "$(grep -c 'llvm.call @ap_rt_' "$OUT/lenet.llvm.mlir")" \
  "$(grep -c 'llvm.call @ap_rt_launch' "$OUT/lenet.llvm.mlir")" \
  "$(grep -c 'llvm.call @ap_rt_transfer' "$OUT/lenet.llvm.mlir")" \
  "$(awk -v ns=$((end - start)) 'BEGIN { print ns / 1e9 }')"

step "4. Run it on the simulated accelerator (ap-run): real numerics on the host,"
echo "   time, energy and memory from the simulation"
show "ap-run lenet.llvm.mlir --random-inputs --stats lenet.stats.json --trace lenet.trace.json"
"$AP_RUN" "$OUT/lenet.llvm.mlir" --random-inputs --seed 7 \
  --stats "$OUT/lenet.stats.json" --trace "$OUT/lenet.trace.json"
echo
echo "   The five longest kernels (from lenet.stats.json):"
# Standard library only: the stats are plain JSON.
python3 - "$OUT/lenet.stats.json" <<'PY'
import json, sys
stats = json.load(open(sys.argv[1]))
for op in sorted(stats["ops"], key=lambda o: -o["time"])[:5]:
    print("   %-10s on %-4s %-4s %9.3f us %9.3f uJ" % (
        op["name"], op["device"], op["precision"], op["time"] * 1e6,
        op["energy"] * 1e6))
for device in stats["devices"]:
    for memory in device["memories"]:
        if memory["high_water"]:
            print("   %s %s: high-water mark %d bytes of %d" % (
                device["name"], memory["name"], memory["high_water"],
                memory["capacity"]))
PY
echo
echo "   Timeline: open $OUT/lenet.trace.json in https://ui.perfetto.dev"
echo "   (one track per device and per link)."

step "5. The precision dialect (examples/precision.mlir): exact compile-time"
echo "   conversions and per-channel int8 quantization, a transfer in f16 over"
echo "   PCIe, a placement region on the accelerator"
show "ap-opt examples/precision.mlir --canonicalize"
"$AP_OPT" "$ROOT/examples/precision.mlir" --canonicalize |
  grep -v "^module attributes" | sed -n '1,12p'
echo "   ..."

step "6. Mistakes are reported precisely (here: a wire precision the link lacks)"
bad="$(mktemp --suffix=.mlir)"
trap 'rm -f "$bad"' EXIT
sed 's/wire f16/wire bf16/; s/wire = \[f32, f16, bf16\]/wire = [f32, f16]/' \
  "$ROOT/examples/precision.mlir" > "$bad"
show "ap-opt bad.mlir   # transfer ... via @pcie wire bf16, link wire = [f32, f16]"
"$AP_OPT" "$bad" 2>&1 | sed "s|$bad|bad.mlir|" | head -3 || true

printf '\nNext: ./build.sh test runs the whole test suite; see README.md and docs/.\n'
