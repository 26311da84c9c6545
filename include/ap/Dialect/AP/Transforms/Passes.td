//===- Passes.td - Passes of the ap dialect ---------------*- tablegen -*-===//
//
// Part of the ap project: an adaptive-precision compiler built on MLIR.
//
//===----------------------------------------------------------------------===//

#ifndef AP_DIALECT_AP_TRANSFORMS_PASSES_TD
#define AP_DIALECT_AP_TRANSFORMS_PASSES_TD

include "mlir/Pass/PassBase.td"

def APInstrument : Pass<"ap-instrument", "::mlir::ModuleOp"> {
  let summary = "Marks the values whose statistics calibration collects";
  let description = [{
    Inserts an `ap.observe` after every value of interest of every function
    with a body, so that `ap-run --calibrate` records its statistics: the
    floating-point tensor arguments of the function and the floating-point
    tensor results of the operations selected by `granularity`:

    - `op`: every result of an op that computes (a linalg structured op, or
      an op of the arith, math or tosa dialects on tensors), except fills,
      copies and broadcasts of constants, and every `tensor.pad` (the input
      of the next layer, padding values included);
    - `layer`: only the results of the ops that carry weights or reduce
      (contractions, convolutions, poolings and other structured ops with a
      reduction loop), the usual layer boundaries.

    Every observation gets a stable id `<function>.<kind><n>`, where `kind`
    is `arg` for arguments and the op name (without dialect) for results and
    `n` counts the observations of that kind in the function in program
    order, so that ids survive unrelated changes elsewhere in the module.
    Values that are already observed are left alone, so the pass is
    idempotent.

    Example: `ap-opt --ap-instrument=granularity=layer model.mlir` turns

    ```mlir
    %0 = linalg.matmul ins(%a, %b : tensor<1x784xf32>, tensor<784x512xf32>)
                       outs(%c : tensor<1x512xf32>) -> tensor<1x512xf32>
    ```

    into

    ```mlir
    %0 = linalg.matmul ins(%a, %b : tensor<1x784xf32>, tensor<784x512xf32>)
                       outs(%c : tensor<1x512xf32>) -> tensor<1x512xf32>
    %1 = ap.observe %0 id "mnist.matmul0" : tensor<1x512xf32>
    ```

    with every use of `%0` after it using `%1`.
  }];
  let dependentDialects = ["::mlir::ap::APDialect"];
  let options = [
    Option<"granularity", "granularity", "::mlir::ap::InstrumentGranularity",
           /*default=*/"::mlir::ap::InstrumentGranularity::Op",
           "Which results to observe",
           [{::llvm::cl::values(
             clEnumValN(::mlir::ap::InstrumentGranularity::Op, "op",
                        "every computing op"),
             clEnumValN(::mlir::ap::InstrumentGranularity::Layer, "layer",
                        "ops with weights or reductions"))}]>,
    Option<"observeArguments", "observe-arguments", "bool",
           /*default=*/"true", "Also observe the function's tensor arguments">
  ];
}

def APAttachTarget : Pass<"ap-attach-target", "::mlir::ModuleOp"> {
  let summary = "Attaches a target description to the module";
  let description = [{
    Reads a target description, a JSON file of format `ap-target` (see
    docs/target.md), or one of the targets shipped with ap, and attaches the
    equivalent `#ap.target` attribute to the module as `ap.target`, where
    every pass that needs the hardware finds it.

    - `path=FILE` reads FILE;
    - `builtin=NAME` takes a shipped target (`default`, `edge`, `multi`);
    - with neither, the shipped `default` target is attached.

    Every problem of the description is reported with the file, the JSON
    path and what was expected, for example
    `t.json: $.devices[1].clock: expected a positive number`. A module that
    already has a target keeps it, and the pass fails, unless `replace` is
    set.

    Example: `ap-opt --ap-attach-target=path=targets/edge.json model.mlir`
    turns `module {...}` into

    ```mlir
    module attributes {ap.target = #ap.target<devices = [...], links = [...],
                                              host = "cpu", default = "npu">} {
      ...
    }
    ```
  }];
  let dependentDialects = ["::mlir::ap::APDialect"];
  let options = [
    Option<"path", "path", "std::string", /*default=*/"",
           "Target description file (JSON, format ap-target)">,
    Option<"builtin", "builtin", "std::string", /*default=*/"",
           "Shipped target to attach (default, edge, multi)">,
    Option<"replace", "replace", "bool", /*default=*/"false",
           "Replace a target the module already has">
  ];
}

def APCostReport : Pass<"ap-cost-report", "::mlir::ModuleOp"> {
  let summary = "Reports what every op costs on every device at every precision";
  let description = [{
    Prices every op that implements `ap::CostOpInterface` (all linalg
    structured ops, the tensor ops that copy data, the ap precision ops and
    transfers) with the cost model on the module's target (`ap.target`,
    attached by `ap-attach-target`; the pass fails without one). For each
    function it prints a table: per op its key (`<function>#<n>`, which
    measured profiles use), its scalar operations and bytes as written in
    the IR, then for each device and each precision the device supports the
    time, the energy and whether the op is compute or memory bound; and, per
    device and precision, the totals. Inputs run at the precision, integers
    accumulate in i32 and floats in f32 when the device computes in them.
    The ap precision ops and transfers run at the precisions their types
    give. Formulas: docs/cost-model.md.

    Ops with dynamic shapes cannot be priced: each gets a warning and is
    left out of the totals. `report=FILE` also writes the report as JSON
    (`"format": "ap-cost-report"`); `profile=FILE` reads measured times
    (`"format": "ap-profile"`) that replace the estimates of the ops,
    devices and precisions they cover.

    Example: on the target of test/Analysis/cost-report.mlir, a 4x8 by 8x2
    f32 matmul prints

    ```
    ap-cost-report: @matmul: 1 ops priced, 0 skipped
    matmul#0 linalg.matmul ops 128 (64 accumulating) read 224 B written 32 B at loc("m.mlir":3:8)
      cpu f32/f32 time 2.5600e-07 s energy 6.4000e-07 J memory-bound
      npu f32/f32 time 1.0640e-06 s energy 5.3277e-07 J compute-bound
      npu f16/f32 time 1.0320e-06 s energy 5.1640e-07 J compute-bound
      npu i32/i32 time 1.0256e-06 s energy 5.1318e-07 J memory-bound
      npu i8/i32 time 1.0160e-06 s energy 5.0822e-07 J compute-bound
    totals @matmul
      cpu f32 time 2.5600e-07 s energy 6.4000e-07 J
      ...
    ```
  }];
  let options = [
    Option<"output", "output", "std::string", /*default=*/"\"-\"",
           "Where to print the text report: '-' for stdout, a file, or "
           "'none'">,
    Option<"report", "report", "std::string", /*default=*/"",
           "Also write the report as JSON to this file">,
    Option<"profile", "profile", "std::string", /*default=*/"",
           "Measured per-op times (JSON, format ap-profile) to use in place "
           "of estimates">
  ];
}

def APLowerNumerics : Pass<"ap-lower-numerics", "::mlir::ModuleOp"> {
  let summary = "Lowers ap.convert, ap.quantize and ap.dequantize to linalg + arith";
  let description = [{
    Rewrites every `ap.convert`, `ap.quantize` and `ap.dequantize` into an
    elementwise `linalg.generic` whose body is made of plain `arith` and
    `math` ops (no calls, no control flow: selects only, so it vectorizes),
    and computes bit for bit what `mlir::ap::numerics` (and so the folders
    and the runtime) compute, NaN, infinities, subnormals and negative zero
    included:

    - `ap.convert` decodes the source encoding with integer operations,
      shifts the significand to the destination quantum and rounds with the
      discarded bits (nearest even, toward zero, or stochastic with the
      SplitMix64 bits of the element's row-major position, computed inline
      from `linalg.index`), then handles overflow (`saturate`, infinity, or
      NaN for `f8E4M3FN`). Exact widenings between f16, bf16, f32 and f64
      use `arith.extf` with NaN canonicalized. FP8 formats, which LLVM stores
      as `i8`, are only ever bitcast.
    - `ap.quantize` divides by the scale in the expressed type (f16, bf16 and
      the FP8 formats in f64, then rounded to the expressed type exactly),
      rounds half to even with `math.roundeven`, adds the zero point and
      clamps to the storage range; NaN gives the zero point. Per-axis
      scales and zero points are constant tensors indexed by the quantized
      dimension.
    - `ap.dequantize` computes `(q - zero_point) * scale` in the expressed
      type, extending the storage value signed or unsigned as its type says.

    Every quantized element type of the module is then replaced by its
    storage type, a signless integer of the storage width (`i8` for both
    `i8` and `u8` storage: arith interprets signedness per op), in function
    signatures, block arguments and the operands and results of every op
    (`tensor.empty`, `tensor.extract_slice`, `ap.transfer`, `func.call`,
    `scf.for`, ...); `quant.scast` disappears. Ops that interpret quantized
    values otherwise (`quant.qcast`, `quant.dcast`, `ap.observe` and
    `ap.probe` of a quantized tensor) and formats the emulation does not
    handle are reported as errors. docs/numerics-lowering.md explains the
    emulation.

    Example: `ap-opt --ap-lower-numerics` turns

    ```mlir
    func.func @f(%x: tensor<4xf32>) -> tensor<4x!quant.uniform<i8:f32, 0.5:-3>> {
      %q = ap.quantize %x : tensor<4xf32> -> tensor<4x!quant.uniform<i8:f32, 0.5:-3>>
      return %q : tensor<4x!quant.uniform<i8:f32, 0.5:-3>>
    }
    ```

    into

    ```mlir
    func.func @f(%x: tensor<4xf32>) -> tensor<4xi8> {
      %e = tensor.empty() : tensor<4xi8>
      %q = linalg.generic {indexing_maps = [...], iterator_types = ["parallel"]}
             ins(%x : tensor<4xf32>) outs(%e : tensor<4xi8>) {
      ^bb0(%in: f32, %out: i8):
        %d = arith.divf %in, %cst : f32
        %r = math.roundeven %d : f32
        ...
        linalg.yield %t : i8
      } -> tensor<4xi8>
      return %q : tensor<4xi8>
    }
    ```
  }];
  let dependentDialects = [
    // ap.convert widens FP8 operands of linalg ops before they are lowered.
    "::mlir::ap::APDialect", "::mlir::arith::ArithDialect",
    "::mlir::linalg::LinalgDialect", "::mlir::math::MathDialect",
    "::mlir::tensor::TensorDialect"
  ];
}

def APAssignPrecision : Pass<"ap-assign-precision", "::mlir::ModuleOp"> {
  let summary = "Chooses the precision of every layer within an accuracy budget (estimated, or measured with algorithm=verified) and rewrites the IR to it";
  let description = [{
    Chooses, for every contraction, convolution and pooling (the *sites*:
    linalg ops for which `linalg::isaContractionOpInterface` or
    `linalg::isaConvolutionOpInterface` holds, with f32 tensor inputs), the
    precision of its inputs among those its device computes (`f32`, `f16`,
    `bf16`, `f8E4M3FN`, `f8E5M2`, `i8`, `i4`), so as to minimize

    ```
    w-exec * execution time + w-xfer * transfer time + w-acc * estimated loss
    ```

    subject to: total estimated loss <= `tolerance`. The losses come from an
    `ap-sensitivity` file (per op and precision, in the file's metric), the
    times from the cost model on the module's target (`ap.target`; the pass
    fails without one: run `ap-attach-target` first): the execution time is
    the site's kernel at that precision, the transfer time that of the
    conversions the choice adds (their arithmetic alone where the simulation
    runs them inside another launch: see `fuse-kernels` of
    `convert-ap-to-apsim`). `algorithm=optimal` finds the exact optimum
    of this additive model (multiple-choice knapsack, with a proof of
    optimality); `greedy` is the per-layer baseline.

    `algorithm=verified` makes the tolerance hold measured, not only
    estimated: it compiles the module as given (f32) and runs it once on the
    calibration set `data` (an `.npy` file for an entry of one argument, or a
    directory holding `arg0.npy`, `arg1.npy`, ..., each one or more batches
    of the entry's static shape; `labels` for `accuracy_drop`), then, up to
    `max-iterations` times: solves with the optimal algorithm, compiles a
    copy rewritten to the decision, runs it on the calibration set and
    measures its loss against the f32 results in the sensitivity file's
    metric (`top1_disagreement`, `accuracy_drop`, `relative_l2` or
    `softmax_kl`; a `proxy` file is refused). Above the tolerance, it raises
    the precision of one op, the one with the best estimated loss removed per
    unit of objective added (or, when the estimates see nothing to gain, the
    cheapest step to a more precise format), forbids its less precise
    candidates and solves again. It fails, giving the smallest measured loss
    reached, when nothing is left to raise or the iterations run out. The
    report then gives the `measured_loss` and every iteration
    (`verification`).

    The IR is then rewritten for real: floating-point inputs become
    `ap.convert ... saturate` to the chosen format (constant weights are
    converted at compile time) and the op computes on them with an f32
    accumulator; integer inputs become `ap.quantize` per tensor
    (activations, from the `profile`'s statistics) and per-channel
    constants of storage integers (weights, quantized at compile time), the
    op computes on the integers with an i32 accumulator, and the
    accumulator is `quant.scast` to a per-channel `!quant.uniform<i32:f32:c,
    {s_a*s_w[c]:z_c}>` and `ap.dequantize`d to f32, the zero points
    `z_c = z_a * sum_k w[k, c]` correcting the activation's zero point
    exactly. Conversions are shared: one per value and type. Sites missing
    from the sensitivity file keep f32, with a warning.
    docs/precision-assignment.md gives the cost function, the rewriting and
    the report (`report=FILE`, format `ap-assignment`).

    Example: `ap-opt --ap-attach-target
    --ap-assign-precision="sensitivity=s.json tolerance=0.01" m.mlir`, where
    `s.json` says that `main#1` loses nothing at f16 (with
    `algorithm=verified data=calib.npy`, the same once measured to lose at
    most 0.01 on `calib.npy`), turns

    ```mlir
    %r = linalg.matmul ins(%x, %w : tensor<64x256xf32>, tensor<256x128xf32>)
                       outs(%acc : tensor<64x128xf32>) -> tensor<64x128xf32>
    ```

    into

    ```mlir
    %h = ap.convert %x saturate : tensor<64x256xf32> -> tensor<64x256xf16>
    %wh = arith.constant dense<...> : tensor<256x128xf16>
    %r = linalg.matmul ins(%h, %wh : tensor<64x256xf16>, tensor<256x128xf16>)
                       outs(%acc : tensor<64x128xf32>) -> tensor<64x128xf32>
    ```
  }];
  let dependentDialects = [
    "::mlir::ap::APDialect", "::mlir::arith::ArithDialect",
    "::mlir::linalg::LinalgDialect", "::mlir::quant::QuantDialect",
    "::mlir::tensor::TensorDialect"
  ];
  let options = [
    Option<"sensitivity", "sensitivity", "std::string", /*default=*/"",
           "Per-op losses per precision (JSON, format ap-sensitivity); "
           "required">,
    Option<"tolerance", "tolerance", "std::string", /*default=*/"",
           "Largest total estimated loss, in the sensitivity file's metric "
           "(a number >= 0, or 'inf'); required">,
    Option<"profile", "profile", "std::string", /*default=*/"",
           "Calibration profile (JSON, format ap-profile) whose value "
           "statistics quantize activations; needed for integer candidates">,
    Option<"algorithm", "algorithm", "std::string", /*default=*/"\"optimal\"",
           "'optimal' (exact optimum of the additive model), 'greedy', or "
           "'verified' (optimal, then measured on data= and raised until the "
           "measured loss is within the tolerance)">,
    Option<"data", "data", "std::string", /*default=*/"",
           "Calibration set of algorithm=verified (required with it): an "
           ".npy file for an entry of one argument, or a directory holding "
           "arg0.npy, arg1.npy, ..., one per argument">,
    Option<"labels", "labels", "std::string", /*default=*/"",
           "Integer labels (.npy), one per row of the entry's first result "
           "over data=; algorithm=verified, needed by accuracy_drop">,
    Option<"maxIterations", "max-iterations", "unsigned", /*default=*/"50",
           "The most assignments algorithm=verified compiles and measures">,
    Option<"wExec", "w-exec", "double", /*default=*/"1.0",
           "Weight of the execution time (seconds) in the objective">,
    Option<"wXfer", "w-xfer", "double", /*default=*/"1.0",
           "Weight of the transfer time (seconds) in the objective">,
    Option<"wAcc", "w-acc", "double", /*default=*/"0.0",
           "Weight of the estimated loss in the objective">,
    ListOption<"candidates", "candidates", "std::string",
               "The precisions sites may take (default: f32, f16, bf16, "
               "f8E4M3FN, f8E5M2, i8, i4)">,
    Option<"calibration", "calibration", "std::string",
           /*default=*/"\"minmax\"",
           "How activation ranges are chosen: minmax, percentile, entropy "
           "or mse">,
    Option<"percentile", "percentile", "double", /*default=*/"99.99",
           "The percentile of calibration=percentile, in (50, 100]">,
    Option<"weights", "weights", "std::string", /*default=*/"\"per-channel\"",
           "Integer weights: per-channel or per-tensor scales">,
    Option<"weightCalibration", "weight-calibration", "std::string",
           /*default=*/"\"minmax\"",
           "How integer weight ranges are chosen: minmax or mse">,
    Option<"report", "report", "std::string", /*default=*/"",
           "Write the decisions as JSON (format ap-assignment) to this file">
  ];
}

def APMakeAdaptive : Pass<"ap-make-adaptive", "::mlir::ModuleOp"> {
  let summary = "Makes chosen layers switch precision at run time: precision variants in ap.adaptive regions, with quality probes";
  let description = [{
    For each selected *site* (a contraction, convolution or pooling on f32
    tensors, as `ap-assign-precision` defines them), replaces the op by an
    `ap.adaptive` switch point whose variants compute it at each precision
    of `precisions` that its device computes at and that the sensitivity
    file gives a loss for (integer variants also need the activation's
    statistics from `profile=`). Each variant is the op rewritten exactly as
    `ap-assign-precision` rewrites it for that precision: inputs converted
    or quantized at run time, weights converted or quantized at compile time
    into constants of the variant (every variant's weights are prepared
    now), the result back in f32. The variants are listed from the most
    precise to the cheapest; `losses` holds their estimated losses.

    **Selection.** Sites with at least two variants whose cheapest variant
    saves at least `min-saving` of the most precise variant's kernel time
    (where switching pays), restricted to `ops` when given (cost keys or
    location names), the `max-sites` that save the most when given.
    Variants whose estimated loss exceeds `max-loss` are left out.

    **Probes.** Unless `probes=false`, before each switch point, for each
    activation input and each variant narrower than the first, one
    `ap.probe` per metric of `metrics` evaluates the input `as` that
    variant's type (the quantized type of an integer variant, the float
    type of a float one) on a sample of `sample-rate` of its elements, and
    of at most about `max-samples` elements on a large tensor (every k-th
    element, k = ceil(elements / max-samples), so a probe costs little
    whatever the layer's size), `for` the switch point: the quality policy
    of the runtime reads them (docs/adaptive-runtime.md).

    **Epilogues.** The elementwise ops after a site that kernel fusion would
    launch with it (a bias, an activation: each reading the previous
    result, its only use) go into every variant, after the site, unchanged,
    so that each variant still launches them with its kernel.

    The switch point's id is the site's location name when it has one, else
    its cost key; the ops of each variant get cost keys
    `<id>.<precision>#<n>`. The module needs an `ap.target`.

    Example: `ap-opt --ap-make-adaptive="sensitivity=s.json profile=p.json"`
    turns

    ```mlir
    %y = linalg.matmul ins(%x, %w : tensor<1x64xf32>, tensor<64x10xf32>)
                       outs(%fill : tensor<1x10xf32>) -> tensor<1x10xf32>
    ```

    into

    ```mlir
    ap.probe sqnr %x as f16 id "fc.in0.f16.sqnr" for "fc" sample_rate 6.250000e-02 : tensor<1x64xf32>
    ap.probe sqnr %x as !quant.uniform<i8:f32, 0.0157:-1> id "fc.in0.i8.sqnr" for "fc" ...
    %y = ap.adaptive "fc" default 0 losses [0.0, 1.0e-4, 2.0e-3] (%x)
        : (tensor<1x64xf32>) -> tensor<1x10xf32>
    variant f32 { ... linalg.matmul on f32 ... }
    variant f16 { ... ap.convert %x to f16, f16 weights, matmul ... }
    variant i8 { ... ap.quantize %x, i8 weights, i32 matmul, dequantize ... }
    ```
  }];
  let dependentDialects = [
    "::mlir::ap::APDialect", "::mlir::arith::ArithDialect",
    "::mlir::linalg::LinalgDialect", "::mlir::quant::QuantDialect",
    "::mlir::tensor::TensorDialect"
  ];
  let options = [
    Option<"sensitivity", "sensitivity", "std::string", /*default=*/"",
           "Per-op losses per precision (JSON, format ap-sensitivity); "
           "required">,
    Option<"profile", "profile", "std::string", /*default=*/"",
           "Calibration profile (JSON, format ap-profile) whose value "
           "statistics quantize activations; needed for integer variants">,
    ListOption<"precisions", "precisions", "std::string",
               "The precisions of the variants (default: f32, f16, i8)">,
    ListOption<"ops", "ops", "std::string",
               "Only these sites (cost keys or location names)">,
    Option<"maxSites", "max-sites", "unsigned", /*default=*/"0",
           "At most this many switch points, those that save the most "
           "time (0: no limit)">,
    Option<"minSaving", "min-saving", "double", /*default=*/"0.1",
           "The least fraction of the most precise variant's kernel time the "
           "cheapest variant must save, in [0, 1)">,
    Option<"maxLoss", "max-loss", "double",
           /*default=*/"std::numeric_limits<double>::infinity()",
           "Leave out variants whose estimated loss exceeds this">,
    Option<"defaultVariant", "default", "std::string",
           /*default=*/"\"widest\"",
           "The variant each switch point starts with: 'widest' (the most "
           "precise) or 'cheapest'">,
    Option<"probes", "probes", "bool", /*default=*/"true",
           "Probe the activations of each switch point for its variants">,
    ListOption<"metrics", "metrics", "std::string",
               "The probe metrics (default: sqnr, saturation_rate)">,
    Option<"sampleRate", "sample-rate", "double", /*default=*/"0.0625",
           "The fraction of elements a probe samples, in (0, 1]">,
    Option<"maxSamples", "max-samples", "int64_t", /*default=*/"1024",
           "The most elements a probe of a static shape samples (0: no "
           "limit)">
  ];
}

def APPartition : Pass<"ap-partition", "::mlir::ModuleOp"> {
  let summary = "Places every kernel on a device of the target, inserts the transfers with their wire precision, and predicts the run";
  let description = [{
    Partitions each function across the devices of the module's `ap.target`
    (run `ap-attach-target` first) so that the predicted run finishes
    soonest (`objective=time`), uses the least energy (`energy`), or
    minimizes `time-weight * seconds + energy-weight * joules`
    (`weighted`).

    The units placed are the launches the simulated devices will make: the
    kernels of the function grouped as `convert-ap-to-apsim` fuses them
    (`fuse-kernels`, which must agree with the conversion's). Each may go to
    any device that computes at its precisions; ops already inside an
    `ap.placement` stay there. Weights (constants) are resident on every
    device that reads them, in the fastest memory tier that still holds them
    next to the largest working set of that device's launches, most used
    first; the rest go to slower tiers (`ap.memory`), and the launches
    reading them work at that tier's bandwidth. A device whose last tier
    cannot hold its weights and live activations is not a candidate.

    Algorithms (`algorithm`): `heft` (list scheduling by upward rank, each
    launch on the device where it finishes first), `refine` (HEFT, then a
    Fiduccia-Mattheyses local search moving and swapping launches and runs
    of launches between devices on the predicted objective, alternating with
    the choice of wire precisions until neither improves), `exact` (branch
    and bound over every placement and wire precision for the same issue
    order; up to `max-exact-tasks` launches). Every algorithm evaluates a
    candidate by simulating it with the runtime's rules, so the prediction
    is what `ap-run` reports.

    Wire precisions: a value crossing to another device may cross in a
    narrower floating-point precision that the route's links and the devices
    at their ends can carry. Losslessly when every reader of the value
    converts it (`ap.convert ... saturate`) to that precision first; with an
    estimated loss from the `sensitivity` file otherwise (the sum of its
    readers' losses at that precision), within `tolerance` less the loss the
    precision assignment already spent (`ap.estimated_loss` on the module).

    The result: the function's ops in the predicted issue order, every run
    of consecutive launches on one device wrapped in an `ap.placement`
    (constants cloned in, with their `ap.memory`), an `ap.transfer` with its
    `wire` for every value that crosses (and for every result that must
    return to the host), and `ap.schedule = {order, start, end}` on every
    launch's first op and every transfer. `report=FILE` writes the
    prediction (format `ap-partition`: per device its launches, busy time,
    memory high-water marks; per link its bytes and time; every transfer;
    the makespan and energy, and those of the baselines). See
    docs/partitioning.md.

    Example: on the default target (cpu, gpu, npu),

    ```mlir
    %y = linalg.matmul ins(%x, %w : tensor<64x256xf32>, tensor<256x128xf32>)
                       outs(%acc : tensor<64x128xf32>) -> tensor<64x128xf32>
    ```

    becomes

    ```mlir
    %0 = ap.transfer %x from @cpu to @gpu {ap.schedule = {...}}
           : tensor<64x256xf32> -> tensor<64x256xf32>
    %1 = ap.placement on @gpu (%a = %0) : (tensor<64x256xf32>)
           -> tensor<64x128xf32> {
      %w = arith.constant {ap.memory = @gpu::@smem} dense<...>
      ...
      %y = linalg.matmul {ap.schedule = {...}} ins(%a, %w : ...) ...
      ap.yield %y : tensor<64x128xf32>
    }
    %2 = ap.transfer %1 from @gpu to @cpu : ...
    return %2 : tensor<64x128xf32>
    ```
  }];
  let dependentDialects = ["::mlir::ap::APDialect"];
  let options = [
    Option<"algorithm", "algorithm", "std::string", /*default=*/"\"refine\"",
           "'heft', 'refine' (HEFT then local search; the default) or "
           "'exact' (branch and bound, small functions)">,
    Option<"objective", "objective", "std::string", /*default=*/"\"time\"",
           "'time' (makespan), 'energy', or 'weighted' (time-weight * "
           "seconds + energy-weight * joules)">,
    Option<"timeWeight", "time-weight", "double", /*default=*/"1.0",
           "Weight of the makespan in seconds (objective=weighted)">,
    Option<"energyWeight", "energy-weight", "double", /*default=*/"0.0",
           "Weight of the energy in joules (objective=weighted)">,
    Option<"tolerance", "tolerance", "std::string", /*default=*/"\"0\"",
           "Largest total estimated loss of the module (a number >= 0, or "
           "'inf'), in the sensitivity file's metric; the wire precisions "
           "may spend what the assignment left">,
    Option<"sensitivity", "sensitivity", "std::string", /*default=*/"",
           "Per-op losses per precision (JSON, format ap-sensitivity), for "
           "lossy wire precisions">,
    Option<"chooseWires", "wires", "bool", /*default=*/"true",
           "Choose the wire precision of the values that cross (else they "
           "cross as stored)">,
    Option<"fuseKernels", "fuse-kernels", "bool", /*default=*/"true",
           "Place kernels as the fused launches convert-ap-to-apsim makes "
           "(must match its fuse-kernels)">,
    Option<"maxEvaluations", "max-evaluations", "unsigned", /*default=*/"0",
           "Bound on the candidate solutions the local search evaluates (0: "
           "the default bound, which keeps large functions fast)">,
    Option<"maxExactTasks", "max-exact-tasks", "unsigned", /*default=*/"16",
           "Largest number of launches algorithm=exact accepts">,
    Option<"report", "report", "std::string", /*default=*/"",
           "Write the prediction to this file (JSON, format ap-partition)">
  ];
}

#endif // AP_DIALECT_AP_TRANSFORMS_PASSES_TD
