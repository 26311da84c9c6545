#!/usr/bin/env bash
# ap benchmarks, reproducible with one command: benchmarks/run.sh
#
# Needs python3 (standard library only) and bc.
#
# 1. Exact constant folding: ap-opt --canonicalize on a 1024x1024 f32 weight
#    (1,048,576 elements, a dense_resource blob) for each precision change;
#    the time of the same module without the op is subtracted.
# 2. Parsing, verifying and printing the real models of models/.
# 3. ap-cost-report on ResNet-50 and on generated graphs of 1,000, 10,000
#    and 30,000 structured ops (benchmarks/gen_cost_graph.py), minus the
#    time to parse and print the same input.
#
# 4. ap-run throughput (f32, batch 100, one thread) on an MLP and a small
#    CNN (benchmarks/gen_run_models.py) against PyTorch CPU on the same
#    networks with one thread (benchmarks/torch_reference.py; skipped when
#    python3-torch is not installed), the int8 MLP against the f32 one, and
#    the JIT compile time of ResNet-50.
#
# Each measurement is the median of REPS runs (default 5) of wall time.
# Results are printed as a Markdown table; record them in RESULTS.md.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
AP_OPT="${AP_OPT:-$ROOT/build/bin/ap-opt}"
AP_RUN="${AP_RUN:-$ROOT/build/bin/ap-run}"
REPS="${REPS:-5}"
N="${N:-1024}"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
[ -x "$AP_OPT" ] || { echo "build first: ./build.sh" >&2; exit 1; }

# Median wall time in seconds of a command, over REPS runs.
median() {
  local times=()
  for _ in $(seq "$REPS"); do
    local start end
    start=$(date +%s.%N)
    "$@" > /dev/null
    end=$(date +%s.%N)
    times+=("$(echo "$end - $start" | bc -l)")
  done
  printf '%s\n' "${times[@]}" | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'
}

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(date -u +%Y-%m-%d)"
echo
echo "| precision change of ${N}x${N} f32 weights | fold time (s) | Melements/s |"
echo "| --- | --- | --- |"
python3 "$ROOT/benchmarks/gen_fold_input.py" "$N" none "$WORK/none.mlir"
opts=(--canonicalize --mlir-elide-elementsattrs-if-larger=16)
base=$(median "$AP_OPT" "$WORK/none.mlir" "${opts[@]}")
for op in f16 bf16 f8E4M3FN f8E5M2 bf16-stochastic i8-per-channel; do
  python3 "$ROOT/benchmarks/gen_fold_input.py" "$N" "$op" "$WORK/$op.mlir"
  total=$(median "$AP_OPT" "$WORK/$op.mlir" "${opts[@]}")
  fold=$(echo "$total - $base" | bc -l)
  rate=$(echo "$N * $N / $fold / 1000000" | bc -l)
  printf '| %s | %.3f | %.1f |\n' "$op" "$fold" "$rate"
done
echo
echo "| model | ops | parse + verify + print (s) |"
echo "| --- | --- | --- |"
for model in "$ROOT"/models/*.mlir; do
  ops=$("$AP_OPT" "$model" --mlir-print-op-generic | grep -c '^ *\(%.* = \)\?"')
  t=$(median "$AP_OPT" "$model")
  printf '| %s | %s | %.3f |\n' "$(basename "$model")" "$ops" "$t"
done
echo
echo "| cost report (default target) | structured ops | ap-opt total (s) | parse + print only (s) | cost report (s) |"
echo "| --- | --- | --- | --- | --- |"
report=(--ap-attach-target --ap-cost-report=output=none)
cost_row() {
  local name=$1 file=$2 ops=$3
  local total base
  total=$(median "$AP_OPT" "$file" "${report[@]}" -o /dev/null)
  base=$(median "$AP_OPT" "$file" -o /dev/null)
  printf '| %s | %s | %.3f | %.3f | %.3f |\n' "$name" "$ops" "$total" "$base" \
    "$(echo "$total - $base" | bc -l)"
}
structured_ops() {
  "$AP_OPT" "$1" --mlir-print-op-generic \
    | grep '"linalg\.[a-z_0-9]*"(' | grep -cv '"linalg\.\(yield\|index\)"' || true
}
cost_row resnet50v1_linalg.mlir "$ROOT/models/resnet50v1_linalg.mlir" \
  "$(structured_ops "$ROOT/models/resnet50v1_linalg.mlir")"
for n in 1000 10000 30000; do
  python3 "$ROOT/benchmarks/gen_cost_graph.py" "$n" "$WORK/graph$n.mlir"
  cost_row "generated graph" "$WORK/graph$n.mlir" "$n"
done

echo
# Median and best seconds of an ap-run (it repeats the run itself).
aprun_times() {
  "$AP_RUN" "$@" --random-inputs --repeat 50 |
    sed -n 's/.* in \([0-9.]*\) s (best of [0-9]*, median \([0-9.]*\) s).*/\2 \1/p'
}
python3 "$ROOT/benchmarks/gen_run_models.py" "$WORK/run" 100
torch_times=""
if python3 -c "import torch" 2>/dev/null; then
  torch_times=$(python3 "$ROOT/benchmarks/torch_reference.py" 100 1 50)
fi
echo "| network (batch 100, 1 thread) | ap-run median (ms) | ap-run best (ms) | PyTorch median (ms) | PyTorch / ap-run |"
echo "| --- | --- | --- | --- | --- |"
for net in mlp cnn; do
  read -r med best <<< "$(aprun_times "$WORK/run/$net.mlir")"
  tmed=$(echo "$torch_times" | awk -v n="$net" '$1 == n {print $2}')
  if [ -n "$tmed" ]; then
    printf '| %s f32 | %.2f | %.2f | %.2f | %.1f |\n' "$net" \
      "$(echo "$med * 1000" | bc -l)" "$(echo "$best * 1000" | bc -l)" \
      "$(echo "$tmed * 1000" | bc -l)" "$(echo "$tmed / $med" | bc -l)"
  else
    printf '| %s f32 | %.2f | %.2f | - | - |\n' "$net" \
      "$(echo "$med * 1000" | bc -l)" "$(echo "$best * 1000" | bc -l)"
  fi
done
read -r med8 best8 <<< "$(aprun_times "$WORK/run/mlp_i8.mlir")"
read -r med32 best32 <<< "$(aprun_times "$WORK/run/mlp.mlir")"
printf '| mlp i8 x i8 -> i32 | %.2f | %.2f | - | f32/i8 %.2f |\n' \
  "$(echo "$med8 * 1000" | bc -l)" "$(echo "$best8 * 1000" | bc -l)" \
  "$(echo "$med32 / $med8" | bc -l)"
echo
compile=$("$AP_RUN" "$ROOT/models/resnet50v1_linalg.mlir" --random-inputs |
  sed -n 's/.*compiled in \([0-9.]*\) s.*/\1/p')
echo "ResNet-50 (resnet50v1_linalg.mlir): lowering + JIT compile ${compile} s"
