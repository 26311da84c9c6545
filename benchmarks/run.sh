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
#    no python3 with torch is found, e.g. Debian's python3-torch), with the
#    simulation and without (--no-simulation); the int8 MLP against the f32
#    one; the simulator's overhead on real models (the host time of its
#    bookkeeping, as the runtime measures it, over the run time); the
#    lowering + JIT compile time of ResNet-50.
#
# 5. Precision assignment: greedy and optimal on generated instances of
#    1,000 and 10,000 ops (ap-assignment-bench: time, objective, gap).
#
# 6. Calibration and sensitivity analysis on the Fashion-MNIST CNN and MLP
#    (examples/fashion-mnist, 300 calibration images): ap-run --calibrate
#    time, ap-sensitivity by execution (all six candidates) time and cost
#    in forward-pass equivalents, proxy time.
#
# 8. Partitioning (ap-partition): the gap of HEFT and of the refinement to
#    the exact search on 200 random DAGs of 4-12 launches on 2-3 devices
#    (ap-partition-bench --gap); partitioning time on generated graphs of
#    1,000, 10,000 and 100,000 launches; the predicted makespan of ResNet-50
#    and MobileNet on the multi target (best single device, HEFT, refined,
#    refined with wire precisions) and its check by ap-run; the
#    Fashion-MNIST CNN on the default target, f32 and assigned, without and
#    with wire precisions (the joint effect).
#
# 9. Run-time adaptive precision (benchmarks/adaptive/section9.py, its
#    docstring has the details): the Fashion-MNIST CNN and MLP on
#    benchmarks/adaptive/target.json, 40 batches of the test images (tiled
#    4x), under four scenarios (nothing, an input shift, a power cap, a link
#    slowdown, from the middle of the run): accuracy, agreement with f32,
#    simulated latency, energy and power, decisions, of the f32 model, the
#    assigned one (tolerance 1%) and the ap-make-adaptive module under each
#    policy; the overhead of the switch points and probes when nothing
#    switches, in simulated makespan and in wall time (median of
#    2 * REPS + 1 runs).
#
# Usage: benchmarks/run.sh [SECTION...]   (default: all of 1 2 3 4 5 6 7 8 9)
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

SECTIONS="${*:-1 2 3 4 5 6 7 8 9}"
section() { [[ " $SECTIONS " == *" $1 "* ]]; }

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(date -u +%Y-%m-%d)"
if section 1; then
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
fi
if section 2; then
echo
echo "| model | ops | parse + verify + print (s) |"
echo "| --- | --- | --- |"
for model in "$ROOT"/models/*.mlir; do
  ops=$("$AP_OPT" "$model" --mlir-print-op-generic | grep -c '^ *\(%.* = \)\?"')
  t=$(median "$AP_OPT" "$model")
  printf '| %s | %s | %.3f |\n' "$(basename "$model")" "$ops" "$t"
done
fi
if section 3; then
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

fi

if section 4; then
echo
# Median and best seconds per batch of an ap-run (it repeats the run itself).
aprun_times() {
  "$AP_RUN" "$@" --random-inputs --fill-elided=random |
    sed -n 's/.* in \([0-9.]*\) s (best of [0-9]*, median \([0-9.]*\) s).*/\2 \1/p'
}
ms() { awk -v s="$1" 'BEGIN { printf "%.2f", s * 1000 }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
python3 "$ROOT/benchmarks/gen_run_models.py" "$WORK/run" 100
torch_times=""
for py in python3 /usr/bin/python3; do
  if "$py" -c "import torch" 2>/dev/null; then
    torch_times=$("$py" "$ROOT/benchmarks/torch_reference.py" 100 1 50)
    break
  fi
done
echo "| network (batch 100, 1 thread) | ap-run median (ms) | ap-run best (ms) | compute only, median (ms) | PyTorch median (ms) | PyTorch / ap-run |"
echo "| --- | --- | --- | --- | --- | --- |"
for net in mlp cnn; do
  read -r med best <<< "$(aprun_times "$WORK/run/$net.mlir" --repeat 50)"
  read -r cmed _ <<< "$(aprun_times "$WORK/run/$net.mlir" --repeat 50 --no-simulation)"
  tmed=$(echo "$torch_times" | awk -v n="$net" '$1 == n {print $2}')
  if [ -n "$tmed" ]; then
    printf '| %s f32 | %s | %s | %s | %s | %s |\n' "$net" "$(ms "$med")" \
      "$(ms "$best")" "$(ms "$cmed")" "$(ms "$tmed")" "$(ratio "$tmed" "$med")"
  else
    printf '| %s f32 | %s | %s | %s | - | - |\n' "$net" "$(ms "$med")" \
      "$(ms "$best")" "$(ms "$cmed")"
  fi
done
echo
# The default target's gpu computes no int8 and the edge target's npu no
# f32: the compute alone compares the two, and the int8 MLP is also
# simulated on edge.
echo "| MLP 784-512-256-10, batch 100 | median (ms) | best (ms) |"
echo "| --- | --- | --- |"
read -r m32 b32 <<< "$(aprun_times "$WORK/run/mlp.mlir" --repeat 50 --no-simulation)"
read -r m8 b8 <<< "$(aprun_times "$WORK/run/mlp_i8.mlir" --repeat 50 --no-simulation)"
read -r s8 sb8 <<< "$(aprun_times "$WORK/run/mlp_i8.mlir" --repeat 50 --target edge)"
printf '| f32, compute only | %s | %s |\n' "$(ms "$m32")" "$(ms "$b32")"
printf '| i8 x i8 -> i32, compute only | %s | %s |\n' "$(ms "$m8")" "$(ms "$b8")"
printf '| i8 x i8 -> i32, simulated on edge | %s | %s |\n' "$(ms "$s8")" "$(ms "$sb8")"
printf '| f32 / i8 (compute only, medians) | %s | |\n' "$(ratio "$m32" "$m8")"
echo
echo "| model (default target) | runtime events | run median (ms) | compute only, median (ms) | bookkeeping per event (us) | bookkeeping / run | data conversion (ms) |"
echo "| --- | --- | --- | --- | --- | --- | --- |"
# The simulator's own cost, measured by the runtime (the "host:" line of
# ap-run): the wall time of its event functions, less the part spent
# converting data and computing probes, over the median run time. The
# difference of whole runs with and without the simulation is shown too but
# is within this VM's run-to-run noise and compiles different code.
overhead_row() {
  local name=$1 file=$2 repeat=$3
  shift 3
  local output sim nosim host
  output=$("$AP_RUN" "$file" --random-inputs --fill-elided=random --repeat "$repeat" "$@")
  sim=$(sed -n 's/.* in \([0-9.]*\) s (best of [0-9]*, median \([0-9.]*\) s).*/\2/p' <<< "$output")
  # host: N runtime events, bookkeeping B ms (P us per event, ...), data (...) D ms
  host=$(sed -n 's/^host: \([0-9]*\) runtime events, bookkeeping \([0-9.e+-]*\) ms (\([0-9.e+-]*\) us per event.* observations) \([0-9.e+-]*\) ms$/\1 \2 \3 \4/p' <<< "$output")
  read -r events book per data <<< "$host"
  read -r nosim _ <<< "$(aprun_times "$file" --repeat "$repeat" --no-simulation "$@")"
  printf '| %s | %s | %s | %s | %s | %s%% | %s |\n' "$name" "$events" "$(ms "$sim")" \
    "$(ms "$nosim")" "$per" "$(awk -v b="$book" -v s="$sim" 'BEGIN { printf "%.2f", 100 * b / 1000 / s }')" "$data"
}
overhead_row "lenet (batch 1)" "$ROOT/models/lenet_mnist_linalg.mlir" 200
overhead_row "mnist_mlp (batch 1)" "$ROOT/models/mnist_mlp_linalg.mlir" 200
overhead_row "mlp (batch 100)" "$WORK/run/mlp.mlir" 50
overhead_row "cnn (batch 100)" "$WORK/run/cnn.mlir" 50
overhead_row "resnet50 bottleneck block" "$ROOT/models/resnet50_bottleneck_block_linalg.mlir" 50 --entry resnet50_bottleneck_block
overhead_row "resnet50v1 (batch 1)" "$ROOT/models/resnet50v1_linalg.mlir" 10
echo
compile=$("$AP_RUN" "$ROOT/models/resnet50v1_linalg.mlir" --random-inputs |
  sed -n 's/.*compiled in \([0-9.]*\) s.*/\1/p')
lowering=$(median "$AP_OPT" "$ROOT/models/resnet50v1_linalg.mlir" --ap-attach-target --ap-lower-to-llvm -o /dev/null)
printf 'ResNet-50 (resnet50v1_linalg.mlir): lowering + JIT compile %s s (ap-lower-to-llvm alone, ap-opt: %.2f s)\n' "$compile" "$lowering"
fi
if section 5; then
echo
"$ROOT/build/bin/ap-assignment-bench" --ops 1000,10000 --repeat "$REPS"
fi
if section 6; then
echo
EX="$ROOT/examples/fashion-mnist"
AP_SENS="${AP_SENS:-$ROOT/build/bin/ap-sensitivity}"
echo "| model | calibrate (s) | sensitivity, execution (s) | compile (s) | forward-pass equivalents (op counts) | (measured time) | sensitivity, proxy (s) |"
echo "| --- | --- | --- | --- | --- | --- | --- |"
for model in mlp cnn; do
  calibrate=$(median "$AP_RUN" "$EX/$model.mlir" --calibrate "$EX/calibration-images.npy" --profile "$WORK/$model.profile.json")
  execution=$(median "$AP_SENS" "$EX/$model.mlir" --source=execution --data "$EX/calibration-images.npy" --labels "$EX/calibration-labels.npy" -o "$WORK/$model.sens.json")
  output=$("$AP_SENS" "$EX/$model.mlir" --source=execution --data "$EX/calibration-images.npy" --labels "$EX/calibration-labels.npy" -o "$WORK/$model.sens.json" 2>&1)
  compile=$(sed -n 's/.*compiled [0-9]* functions in \([0-9.]*\) s.*/\1/p' <<< "$output")
  fpe=$(sed -n 's/.*forward-pass equivalents: \([0-9.]*\) by the cost model.*; \([0-9.]*\) by measured time.*/\1 \2/p' <<< "$output")
  read -r byops bytime <<< "$fpe"
  proxy=$(median "$AP_SENS" "$EX/$model.mlir" --source=proxy --profile "$WORK/$model.profile.json" -o "$WORK/$model.proxy.json")
  printf '| %s | %.2f | %.2f | %s | %s | %s | %.2f |\n' "$model" "$calibrate" "$execution" "$compile" "$byops" "$bytime" "$proxy"
done
fi
if section 7; then
# Precision assignment on Fashion-MNIST, per model and target: accuracy on
# the 1,000 test images, simulated time and energy of the 10 batches, and
# compile time (assignment + ap-run's lowering and JIT). Uniform precisions
# are assignments restricted to one candidate with no tolerance; int8 only
# exists on the multi target's gpu0 (the default target's gpu is float-only).
echo
EX="$ROOT/examples/fashion-mnist"
AP_SENS="${AP_SENS:-$ROOT/build/bin/ap-sensitivity}"
echo "| model | target | assignment | precisions | top-1 accuracy | simulated time (us) | energy (mJ) | assign (s) | ap-run compile (s) |"
echo "| --- | --- | --- | --- | --- | --- | --- | --- | --- |"
for model in cnn mlp; do
  "$AP_RUN" "$EX/$model.mlir" --quiet --calibrate "$EX/calibration-images.npy" --profile "$WORK/$model.profile.json"
  "$AP_SENS" "$EX/$model.mlir" --source=execution --data "$EX/calibration-images.npy" --labels "$EX/calibration-labels.npy" \
    --profile "$WORK/$model.profile.json" -o "$WORK/$model.sens.json" > /dev/null
  common="sensitivity=$WORK/$model.sens.json profile=$WORK/$model.profile.json"
  for target in default multi; do
    for spec in "f32:" "uniform f16:candidates=f16 tolerance=inf" "uniform int8:candidates=i8 tolerance=inf" \
        "greedy:tolerance=0.01 algorithm=greedy" "optimal:tolerance=0.01 algorithm=optimal" \
        "verified:tolerance=0.01 algorithm=verified data=$EX/calibration-images.npy labels=$EX/calibration-labels.npy"; do
      name=${spec%%:*}; options=${spec#*:}
      if [ "$name" = "uniform int8" ] && [ "$target" = default ]; then
        echo "| $model | $target | $name | (the gpu has no int8) | | | | | |"; continue
      fi
      file="$WORK/$model-$target-${name// /-}.mlir"
      assign=0; precisions="f32"
      if [ -n "$options" ]; then
        start=$(date +%s.%N)
        "$AP_OPT" "$EX/$model.mlir" --ap-attach-target=builtin=$target \
          --ap-assign-precision="$common $options report=$file.json" -o "$file" 2> /dev/null
        assign=$(echo "$(date +%s.%N) - $start" | bc -l)
        precisions=$(python3 -c "import json, sys; print(' '.join(o['input'] for o in json.load(open(sys.argv[1]))['ops']))" "$file.json")
      else
        "$AP_OPT" "$EX/$model.mlir" --ap-attach-target=builtin=$target -o "$file"
      fi
      out=$("$AP_RUN" "$file" --input "$EX/test-images.npy" --labels "$EX/test-labels.npy" 2>&1)
      accuracy=$(sed -n 's/^top-1 accuracy: \([0-9.]*\)%.*/\1/p' <<< "$out")
      makespan=$(sed -n 's/^simulated: makespan \([0-9.e+-]*\) s, energy \([0-9.e+-]*\) J.*/\1 \2/p' <<< "$out")
      read -r time energy <<< "$makespan"
      compile=$(sed -n 's/.*compiled in \([0-9.]*\) s.*/\1/p' <<< "$out")
      printf '| %s | %s | %s | %s | %s%% | %.1f | %.2f | %.2f | %s |\n' "$model" "$target" "$name" "$precisions" \
        "$accuracy" "$(echo "$time * 1000000" | bc -l)" "$(echo "$energy * 1000" | bc -l)" "$assign" "$compile"
    done
  done
done
fi
if section 8; then
BENCH="$(dirname "$AP_OPT")/ap-partition-bench"
echo
echo "| gap to exact (200 random DAGs, 4-12 launches) | target | HEFT mean | HEFT worst | refined mean | refined worst |"
echo "| --- | --- | --- | --- | --- | --- |"
for target in default multi; do
  "$BENCH" --gap=200 --target=$target | python3 -c "
import json, sys
r = json.loads(sys.stdin.read())
print('| ap-partition-bench --gap | %s | %.2f%% | %.2f%% | %.3f%% | %.3f%% |' % (r['target'],
  100 * r['heft_mean_gap'], 100 * r['heft_worst_gap'], 100 * r['refined_mean_gap'], 100 * r['refined_worst_gap']))"
done
echo
echo "| generated graph (multi target) | launches | HEFT (s) | HEFT + refinement (s) | evaluations | HEFT makespan (ms) | refined makespan (ms) |"
echo "| --- | --- | --- | --- | --- | --- | --- |"
"$BENCH" --tasks=1000,10000,100000 --target=multi | python3 -c "
import json, sys
for line in sys.stdin:
    r = json.loads(line)
    print('| random layered DAG | %d | %.3f | %.3f | %d | %.3f | %.3f |' % (r['tasks'], r['heft_seconds'],
      r['total_seconds'], r['evaluations'], 1e3 * r['heft_makespan'], 1e3 * r['refined_makespan']))"
echo
echo "| model (multi target, batch 1) | best single device (us) | HEFT (us) | refined (us) | refined + wires (us) | ap-run makespan (us) | partition time (s) |"
echo "| --- | --- | --- | --- | --- | --- | --- |"
for model in resnet50v1 mobilenet; do
  m="$ROOT/models/${model}_linalg.mlir"
  "$AP_OPT" "$m" --ap-pipeline="target=multi wires=false partition-report=$WORK/$model.nowire.json" -o /dev/null
  start=$(date +%s.%N)
  "$AP_OPT" "$m" --ap-pipeline="target=multi partition-report=$WORK/$model.json" -o "$WORK/$model.mlir"
  seconds=$(echo "$(date +%s.%N) - $start" | bc -l)
  simulated=$("$AP_RUN" "$WORK/$model.mlir" --entry $model --random-inputs --fill-elided=random \
    --stats "$WORK/$model.stats.json" > /dev/null && python3 -c "import json; print(json.load(open('$WORK/$model.stats.json'))['makespan'])")
  python3 - "$WORK/$model.nowire.json" "$WORK/$model.json" "$model" "$simulated" "$seconds" <<'PY'
import json, sys
nowire = [f for f in json.load(open(sys.argv[1]))["functions"] if f["function"] == sys.argv[3]][0]
wired = [f for f in json.load(open(sys.argv[2]))["functions"] if f["function"] == sys.argv[3]][0]
single = min(b["makespan"] for b in nowire["baselines"] if b["name"].startswith("all on") and "makespan" in b)
heft = [b["makespan"] for b in nowire["baselines"] if b["name"] == "heft"][0]
print("| %s | %.1f | %.1f | %.1f | %.1f | %.1f | %.2f |" % (sys.argv[3], 1e6 * single, 1e6 * heft,
      1e6 * nowire["makespan"], 1e6 * wired["makespan"], 1e6 * float(sys.argv[4]), float(sys.argv[5])))
PY
done
echo
echo "| Fashion-MNIST CNN (default target, batch 100) | predicted makespan (us) | ap-run makespan, 10 batches (us) | top-1 |"
echo "| --- | --- | --- | --- |"
EX="$ROOT/examples/fashion-mnist"
"$AP_RUN" "$EX/cnn.mlir" --calibrate "$EX/calibration-images.npy" --profile "$WORK/cnn.profile.json" > /dev/null
"$(dirname "$AP_OPT")/ap-sensitivity" "$EX/cnn.mlir" --source=execution --data "$EX/calibration-images.npy" \
  --labels "$EX/calibration-labels.npy" --profile "$WORK/cnn.profile.json" -o "$WORK/cnn.sens.json" > /dev/null
for spec in "f32, partitioned:" "assigned, partitioned without wires:sensitivity=$WORK/cnn.sens.json profile=$WORK/cnn.profile.json tolerance=0.01 wires=false" \
    "assigned, partitioned with wires (joint):sensitivity=$WORK/cnn.sens.json profile=$WORK/cnn.profile.json tolerance=0.01"; do
  name=${spec%%:*}; options=${spec#*:}
  "$AP_OPT" "$EX/cnn.mlir" --ap-pipeline="target=default $options partition-report=$WORK/cnn.json" -o "$WORK/cnn.mlir"
  out=$("$AP_RUN" "$WORK/cnn.mlir" --input "$EX/test-images.npy" --labels "$EX/test-labels.npy" 2>&1)
  accuracy=$(sed -n 's/^top-1 accuracy: \([0-9.]*\)%.*/\1/p' <<< "$out")
  simulated=$(sed -n 's/^simulated: makespan \([0-9.e+-]*\) s.*/\1/p' <<< "$out")
  python3 - "$WORK/cnn.json" "$name" "$simulated" "$accuracy" <<'PY'
import json, sys
predicted = json.load(open(sys.argv[1]))["functions"][0]["makespan"]
print("| %s | %.1f | %.1f | %s%% |" % (sys.argv[2], 1e6 * predicted, 1e6 * float(sys.argv[3]), sys.argv[4]))
PY
done
fi
if section 9; then
echo
python3 "$ROOT/benchmarks/adaptive/section9.py" --root "$ROOT" --work "$WORK/adaptive" \
  --ap-opt "$AP_OPT" --ap-run "$AP_RUN" --ap-sensitivity "${AP_SENS:-$ROOT/build/bin/ap-sensitivity}" \
  --reps "$REPS"
fi
