#!/usr/bin/env bash
# The ap demo: what a newcomer should see. Usage: scripts/demo.sh BIN_DIR
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BIN="${1:-$ROOT/build/bin}"
AP_OPT="$BIN/ap-opt"
MODEL="$ROOT/models/lenet_mnist_linalg.mlir"

step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }
show() { printf '$ %s\n' "$*"; }

step "1. A real network: LeNet-5 trained on MNIST (models/lenet_mnist_linalg.mlir)"
show "ap-opt models/lenet_mnist_linalg.mlir --print-op-stats -o /dev/null"
"$AP_OPT" "$MODEL" --print-op-stats -o /dev/null 2>&1 | sed -n '1,40p'

step "2. Mark its layers for calibration (ap-instrument, layer granularity)"
show "ap-opt models/lenet_mnist_linalg.mlir --ap-instrument=granularity=layer"
"$AP_OPT" "$MODEL" --ap-instrument=granularity=layer |
  grep -E "ap.observe" | sed -e 's/^ *//'
count=$("$AP_OPT" "$MODEL" --ap-instrument | grep -c "ap.observe")
echo "   ($count values observed at op granularity)"

step "3. The precision dialect on a two-device target (examples/precision.mlir)"
echo "   Weights are converted to f16 and quantized per channel to int8 at compile"
echo "   time, with exact round-to-nearest-even and saturation; the activation"
echo "   crosses the PCIe link in f16; the layer runs on the accelerator."
show "ap-opt examples/precision.mlir --canonicalize"
"$AP_OPT" "$ROOT/examples/precision.mlir" --canonicalize | grep -v "^module attributes" | sed -n '1,40p'

step "4. Mistakes are reported precisely (here: a wire precision the link lacks)"
bad="$(mktemp --suffix=.mlir)"
trap 'rm -f "$bad"' EXIT
sed 's/wire f16/wire bf16/; s/wire = \[f32, f16, bf16\]/wire = [f32, f16]/' \
  "$ROOT/examples/precision.mlir" > "$bad"
show "ap-opt bad.mlir   # transfer ... via @pcie wire bf16, link wire = [f32, f16]"
"$AP_OPT" "$bad" 2>&1 | sed "s|$bad|bad.mlir|" | head -3 || true

printf '\nNext: ./build.sh test runs the whole test suite; see README.md and docs/.\n'
