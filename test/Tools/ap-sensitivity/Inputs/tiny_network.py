#!/usr/bin/env python3
"""The tiny two-layer network of the ap-sensitivity tests, and a NumPy model
of what ap-sensitivity measures and estimates on it, written from the
definitions (docs/sensitivity.md, docs/calibration.md), not from the C++.

  tiny_network.py generate DIR
      writes DIR/tiny.mlir (fc1: matmul, bias + ReLU; fc2: matmul),
      DIR/tiny-loop.mlir (the same, fc2 inside a one-iteration scf.for),
      DIR/data.npy (8 examples: 2 batches of 4), DIR/labels.npy,
      DIR/profile.json (hand-made statistics, see below), and a network of
      two arguments with a residual connection around its matmul,
      DIR/residual.mlir, DIR/residual-x.npy, DIR/residual-s.npy.
  tiny_network.py check-execution RESULT.json [--profile DIR/profile.json]
      recomputes every metric of every op and candidate of RESULT.json.
  tiny_network.py check-proxy RESULT.json DIR/profile.json [--import FILE]
      recomputes every proxy (or imported) loss.
  tiny_network.py check-residual RESULT.json
      recomputes the relative L2 errors of the residual network: the matmul
      reads x rounded, the residual connection x unrounded.
  tiny_network.py hand-proxy RESULT.json
      checks fc1's proxy losses at i8, i4 and f16 against the closed forms
      worked out by hand below (fc1's weights add no noise).
  tiny_network.py print RESULT.json KEY...
      prints "LOC PRECISION KEY=VALUE ..." for every candidate ("loss" or a
      metric), for FileCheck.

The network is chosen so that the sensitivities are known in advance:

  fc1 reads x, multiples of 1/4 in [-2, 2], and W1, entries -1, 0, 1 (every
  column has the largest magnitude 1): exactly representable in f16, bf16,
  f8E4M3FN and f8E5M2, so fc1's floating-point losses are exactly 0; its
  weights are exact at i8 and i4 too (scale 1/127 or 1/7 rounded to f32,
  times 127 or 7, is 1).
  fc2 reads relu(x W1 + b1) with b1 = (0.1, -0.3, 0.7, 0.05) and W2 with
  entries like 1/3 and 0.45, which no narrow format holds.

Standard library and NumPy only."""
import json
import math
import os
import sys

import numpy as np

X = np.array([[1.0, -0.5, 0.25],
              [0.75, 1.5, -1.0],
              [-1.25, 0.5, 2.0],
              [-1.0, -1.0, 2.0],
              [2.0, -1.75, 0.5],
              [-0.25, 1.0, 1.25],
              [1.5, 0.75, -0.5],
              [-2.0, -0.5, 1.0]], dtype=np.float32)
W1 = np.array([[1, 0, -1, 1],
               [0, 1, 1, -1],
               [-1, 1, 0, 1]], dtype=np.float32)
B1 = np.array([0.1, -0.3, 0.7, 0.05], dtype=np.float32)
W2 = np.array([[0.3, -0.7],
               [1 / 3, 0.45],
               [-0.6, 0.2],
               [0.55, 1 / 7]], dtype=np.float32)
LABELS = np.array([0, 1, 1, 0, 0, 1, 0, 0], dtype=np.int64)
BATCH = 4

# The hand-made profile: x uniform over [-128, 127] (mean -0.5, variance
# 255^2 / 12), the input of fc2 with a histogram of two bins over [0, 4].
PROFILE = {
    "format": "ap-profile", "version": 2, "batches": 2, "granularity": "op",
    "timings": [],
    "values": [
        {"id": "main.arg0", "count": 1020, "min": -128.0, "max": 127.0,
         "mean": -0.5, "variance": 5418.75,
         "histogram": {"min": -128.0, "max": 127.0, "counts": [1020]}},
        {"id": "main.generic0", "count": 40, "min": 0.0, "max": 4.0,
         "mean": 1.5, "variance": 1.25,
         "histogram": {"min": 0.0, "max": 4.0, "counts": [30, 10]}},
    ],
}


def literal(array):
    """An MLIR dense literal: every f32 value with 9 significant digits."""
    if array.ndim == 1:
        return "[" + ", ".join(repr(float(v)) if float(v).is_integer() else "%.9g" % v for v in array) + "]"
    return "[" + ", ".join(literal(row) for row in array) + "]"


TEMPLATE = """// The tiny network of the ap-sensitivity tests (tiny_network.py).
module {
  func.func @main(%x: tensor<4x3xf32> loc("input")) -> tensor<4x2xf32> {
    %zero = arith.constant 0.0 : f32
    %w1 = arith.constant dense<W1> : tensor<3x4xf32> loc("fc1.weight")
    %b1 = arith.constant dense<B1> : tensor<4xf32> loc("fc1.bias")
    %w2 = arith.constant dense<W2> : tensor<4x2xf32> loc("fc2.weight")
    %i1 = tensor.empty() : tensor<4x4xf32>
    %a1 = linalg.fill ins(%zero : f32) outs(%i1 : tensor<4x4xf32>) -> tensor<4x4xf32>
    %m1 = linalg.matmul ins(%x, %w1 : tensor<4x3xf32>, tensor<3x4xf32>)
                       outs(%a1 : tensor<4x4xf32>) -> tensor<4x4xf32> loc("fc1")
    %r1 = linalg.generic {indexing_maps = [affine_map<(i, j) -> (i, j)>,
                                           affine_map<(i, j) -> (j)>,
                                           affine_map<(i, j) -> (i, j)>],
                          iterator_types = ["parallel", "parallel"]}
        ins(%m1, %b1 : tensor<4x4xf32>, tensor<4xf32>) outs(%i1 : tensor<4x4xf32>) {
    ^bb0(%in: f32, %b: f32, %out: f32):
      %s = arith.addf %in, %b : f32
      %r = arith.maximumf %s, %zero : f32
      linalg.yield %r : f32
    } -> tensor<4x4xf32> loc("fc1.bias_relu")
    %i2 = tensor.empty() : tensor<4x2xf32>
    %a2 = linalg.fill ins(%zero : f32) outs(%i2 : tensor<4x2xf32>) -> tensor<4x2xf32>
FC2
  }
}
"""

FC2 = """    %m2 = linalg.matmul ins(%r1, %w2 : tensor<4x4xf32>, tensor<4x2xf32>)
                       outs(%a2 : tensor<4x2xf32>) -> tensor<4x2xf32> loc("fc2")
    return %m2 : tensor<4x2xf32>"""

FC2_LOOP = """    %c0 = arith.constant 0 : index
    %c1 = arith.constant 1 : index
    %y = scf.for %i = %c0 to %c1 step %c1 iter_args(%acc = %a2) -> (tensor<4x2xf32>) {
      %m2 = linalg.matmul ins(%r1, %w2 : tensor<4x4xf32>, tensor<4x2xf32>)
                         outs(%acc : tensor<4x2xf32>) -> tensor<4x2xf32> loc("fc2")
      scf.yield %m2 : tensor<4x2xf32>
    }
    return %y : tensor<4x2xf32>"""


def model(loop):
    return (TEMPLATE.replace("W1", literal(W1)).replace("B1", literal(B1))
            .replace("W2", literal(W2))
            .replace("FC2", FC2_LOOP if loop else FC2))


RESIDUAL = """// A matmul whose input x is also added after it (tiny_network.py).
module {
  func.func @main(%x: tensor<4x4xf32>, %s: tensor<4x4xf32>) -> tensor<4x4xf32> {
    %zero = arith.constant 0.0 : f32
    %w = arith.constant dense<W3> : tensor<4x4xf32>
    %i = tensor.empty() : tensor<4x4xf32>
    %a = linalg.fill ins(%zero : f32) outs(%i : tensor<4x4xf32>) -> tensor<4x4xf32>
    %m = linalg.matmul ins(%x, %w : tensor<4x4xf32>, tensor<4x4xf32>)
                       outs(%a : tensor<4x4xf32>) -> tensor<4x4xf32> loc("mm")
    %y = arith.addf %m, %x : tensor<4x4xf32>
    %z = arith.mulf %y, %s : tensor<4x4xf32>
    return %z : tensor<4x4xf32>
  }
}
"""
RESIDUAL_X = (np.arange(32, dtype=np.float32).reshape(8, 4) / 3 - 5).astype(
    np.float32)
RESIDUAL_S = (1 + np.arange(32, dtype=np.float32).reshape(8, 4) / 7).astype(
    np.float32)
W3 = (np.arange(16, dtype=np.float32).reshape(4, 4) / 9 - 0.8).astype(
    np.float32)


def residual(x, s, name=None):
    xm, w = x, W3
    if name:
        xm, w = round_float(x, name), round_float(W3, name)
    return (((xm @ w) + x) * s).astype(np.float32)


def check_residual(result):
    failures = []
    check_structure(result, failures)
    reference = residual(RESIDUAL_X, RESIDUAL_S)
    checked = 0
    for op in result["ops"]:
        for candidate in op["candidates"]:
            name = candidate["precision"]
            expected = metrics(reference,
                               residual(RESIDUAL_X, RESIDUAL_S, name))
            # The logits reach 50 and the f16 error is 1e-4 of them: the
            # last bits of the f32 matmul (FMA, order) move the error by up
            # to 1e-3 of itself. Rounding x in the residual connection too
            # would change it by 20 % (f16) or more.
            value = candidate["metrics"]["relative_l2"]
            if not close(value, expected["relative_l2"], 2e-3, 1e-12):
                failures.append("%s: %s, expected %s" % (
                    name, value, expected["relative_l2"]))
            checked += 1
    return failures, checked


def generate(directory):
    for name, loop in (("tiny.mlir", False), ("tiny-loop.mlir", True)):
        with open(os.path.join(directory, name), "w") as f:
            f.write(model(loop))
    np.save(os.path.join(directory, "data.npy"), X)
    np.save(os.path.join(directory, "labels.npy"), LABELS)
    with open(os.path.join(directory, "profile.json"), "w") as f:
        json.dump(PROFILE, f)
    with open(os.path.join(directory, "residual.mlir"), "w") as f:
        f.write(RESIDUAL.replace("W3", literal(W3)))
    np.save(os.path.join(directory, "residual-x.npy"), RESIDUAL_X)
    np.save(os.path.join(directory, "residual-s.npy"), RESIDUAL_S)


# Floating-point formats: explicit mantissa bits, smallest normal exponent,
# largest finite value.
FORMATS = {
    "f32": (23, -126, float(np.finfo(np.float32).max)),
    "f16": (10, -14, 65504.0),
    "bf16": (7, -126, (2 - 2.0 ** -7) * 2.0 ** 127),
    "f8E4M3FN": (3, -6, 448.0),
    "f8E5M2": (2, -14, 57344.0),
}
INTEGERS = {"i8": 8, "i4": 4}


def round_float(x, name):
    """x (f32) rounded to nearest even in the format, saturating."""
    bits, emin, largest = FORMATS[name]
    a = np.abs(x.astype(np.float64))
    _, exponent = np.frexp(a)          # a = f 2^exponent, f in [0.5, 1)
    quantum = np.maximum(exponent - 1, emin) - bits
    step = np.ldexp(1.0, quantum)
    rounded = np.minimum(np.round(a / step) * step, largest)  # half to even
    return (np.sign(x) * rounded).astype(np.float32)


def fake_quantize(x, scale, zero_point, bits):
    """Quantize (x / scale in f32, half to even, + zero point, clamp) and
    dequantize ((q - zero point) in f32, times scale in f32)."""
    qmin, qmax = -2 ** (bits - 1), 2 ** (bits - 1) - 1
    s = np.float32(scale)
    q = np.clip(np.rint(x.astype(np.float32) / s).astype(np.float64) +
                zero_point, qmin, qmax)
    return (np.float32(1) * (q - zero_point).astype(np.float32) * s).astype(
        np.float32)


def f32(value):
    return float(np.float32(value))


def activation_parameters(lo, hi, bits):
    """Per-tensor asymmetric minmax parameters of the range [lo, hi]."""
    qmin, qmax = -2 ** (bits - 1), 2 ** (bits - 1) - 1
    lo, hi = min(lo, 0.0), max(hi, 0.0)
    scale = 1.0 if hi == lo else f32((hi - lo) / (qmax - qmin))
    zero_point = int(np.clip(np.rint(qmin - lo / scale), qmin, qmax))
    return scale, zero_point


def perturb_weight(w, name):
    """Per output channel (the columns of a K x N matmul weight), symmetric."""
    if name in FORMATS:
        return round_float(w, name)
    bits = INTEGERS[name]
    out = np.empty_like(w)
    for c in range(w.shape[1]):
        absmax = float(np.max(np.abs(w[:, c])))
        scale = 1.0 if absmax == 0 else f32(absmax / (2 ** (bits - 1) - 1))
        out[:, c] = fake_quantize(w[:, c], scale, 0, bits)
    return out


def perturb_activation(x, name, value_range):
    if name in FORMATS:
        return round_float(x, name)
    bits = INTEGERS[name]
    scale, zero_point = activation_parameters(*value_range, bits)
    return fake_quantize(x, scale, zero_point, bits)


def hidden(x):
    return np.maximum((x @ W1) + B1, np.float32(0)).astype(np.float32)


def forward(x, site=None, name=None, ranges=None):
    """The logits with the inputs of site 0 (fc1) or 1 (fc2) perturbed."""
    x1, w1 = x, W1
    if site == 0:
        x1, w1 = perturb_activation(x, name, ranges[0]), perturb_weight(W1, name)
    h = np.maximum((x1 @ w1) + B1, np.float32(0)).astype(np.float32)
    h2, w2 = h, W2
    if site == 1:
        h2, w2 = perturb_activation(h, name, ranges[1]), perturb_weight(W2, name)
    return (h2 @ w2).astype(np.float32)


def log_softmax(y):
    y = y.astype(np.float64)
    m = y.max(axis=1, keepdims=True)
    return y - m - np.log(np.exp(y - m).sum(axis=1, keepdims=True))


def metrics(reference, perturbed):
    d = perturbed.astype(np.float64) - reference
    ref2 = float(np.sum(reference.astype(np.float64) ** 2))
    err2 = float(np.sum(d ** 2))
    lp, lq = log_softmax(reference), log_softmax(perturbed)
    kl = np.maximum((np.exp(lp) * (lp - lq)).sum(axis=1), 0)
    top_ref, top = reference.argmax(axis=1), perturbed.argmax(axis=1)
    return {
        "relative_l2": math.sqrt(err2 / ref2),
        "sqnr_db": None if err2 == 0 else 10 * math.log10(ref2 / err2),
        "softmax_kl": float(kl.mean()),
        "top1_agreement": float(np.mean(top == top_ref)),
        "top1_accuracy": float(np.mean(top == LABELS)),
        "accuracy_drop": float(np.mean(top_ref == LABELS) -
                               np.mean(top == LABELS)),
    }


def close(a, b, relative, absolute):
    if a is None or b is None:
        return a is None and b is None
    return abs(a - b) <= absolute + relative * abs(b)


TOLERANCES = {  # the logits are sums of 3 or 4 products: last-bit noise
    "relative_l2": (1e-4, 1e-12), "sqnr_db": (0, 1e-3),
    "softmax_kl": (1e-3, 1e-15), "top1_agreement": (0, 0),
    "top1_accuracy": (0, 0), "accuracy_drop": (0, 0),
}
KEYS = {
    "file": {"format", "version", "source", "metric", "model", "examples",
             "forward_pass_equivalents", "ops"},
    "op": {"op", "name", "loc", "candidates"},
    "candidate": {"precision", "loss", "metrics"},
}


def check_structure(result, failures):
    if set(result) != KEYS["file"]:
        failures.append("file keys %s" % sorted(result))
    if result["format"] != "ap-sensitivity" or result["version"] != 1:
        failures.append("format %s version %s" % (result["format"],
                                                  result["version"]))
    for op in result["ops"]:
        if not set(op) <= KEYS["op"]:
            failures.append("op keys %s" % sorted(op))
        seen = set()
        for candidate in op["candidates"]:
            if not set(candidate) <= KEYS["candidate"]:
                failures.append("candidate keys %s" % sorted(candidate))
            if candidate["precision"] in seen:
                failures.append("%s twice in %s" % (candidate["precision"],
                                                    op["op"]))
            seen.add(candidate["precision"])


def check_execution(result, profile):
    failures = []
    check_structure(result, failures)
    # Activation ranges: the profile's when given, else the calibration set's.
    ranges = [(float(X.min()), float(X.max())),
              (float(hidden(X).min()), float(hidden(X).max()))]
    if profile:
        values = {v["id"]: v for v in profile["values"]}
        ranges = [(values["main.arg0"]["min"], values["main.arg0"]["max"]),
                  (values["main.generic0"]["min"],
                   values["main.generic0"]["max"])]
    reference = np.concatenate([forward(X[b:b + BATCH])
                                for b in range(0, len(X), BATCH)])
    sites = {"fc1": 0, "fc2": 1}
    metric = result["metric"]
    checked = 0
    for op in result["ops"]:
        site = sites[op["loc"]]
        for candidate in op["candidates"]:
            name = candidate["precision"]
            perturbed = np.concatenate(
                [forward(X[b:b + BATCH], site, name, ranges)
                 for b in range(0, len(X), BATCH)])
            expected = metrics(reference, perturbed)
            for key, value in candidate["metrics"].items():
                relative, absolute = TOLERANCES[key]
                if not close(value, expected[key], relative, absolute):
                    failures.append("%s %s %s: %s, expected %s" % (
                        op["loc"], name, key, value, expected[key]))
            loss = {"top1_disagreement": 1 - expected["top1_agreement"],
                    "accuracy_drop": max(0.0, expected["accuracy_drop"]),
                    "relative_l2": expected["relative_l2"],
                    "softmax_kl": expected["softmax_kl"]}[metric]
            relative, absolute = TOLERANCES.get(metric, (1e-12, 1e-12))
            if not close(candidate["loss"], loss, max(relative, 1e-12),
                         max(absolute, 1e-12)):
                failures.append("%s %s loss: %s, expected %s" % (
                    op["loc"], name, candidate["loss"], loss))
            checked += 1
    return failures, checked


def histogram_samples(value, n=2000000):
    """Samples of the histogram's piecewise-uniform density, at the centres
    of n equal cells of each bin (weighted by the bin's count)."""
    h = value["histogram"]
    counts = np.array(h["counts"], dtype=np.float64)
    edges = np.linspace(h["min"], h["max"], len(counts) + 1)
    samples, weights = [], []
    for k, count in enumerate(counts):
        if count == 0:
            continue
        u, v = edges[k], edges[k + 1]
        cells = (np.arange(n) + 0.5) / n
        samples.append(u + (v - u) * cells)
        weights.append(np.full(n, count / n))
    return np.concatenate(samples), np.concatenate(weights)


def activation_noise(value, name):
    """E[(x - Q(x))^2] / E[x^2] by numerical integration of the density."""
    samples, weights = histogram_samples(value)
    x = samples.astype(np.float64)
    if name in FORMATS:
        # Rounding in double: the same grid as round_float, without f32.
        bits, emin, largest = FORMATS[name]
        a = np.abs(x)
        _, exponent = np.frexp(a)
        step = np.ldexp(1.0, np.maximum(exponent - 1, emin) - bits)
        q = np.sign(x) * np.minimum(np.round(a / step) * step, largest)
    else:
        bits = INTEGERS[name]
        scale, zero_point = activation_parameters(value["min"], value["max"],
                                                  bits)
        qmin, qmax = -2 ** (bits - 1), 2 ** (bits - 1) - 1
        q = (np.clip(np.round(x / scale) + zero_point, qmin, qmax) -
             zero_point) * scale
    mse = float(np.sum(weights * (x - q) ** 2) / np.sum(weights))
    return mse / (value["variance"] + value["mean"] ** 2)


def weight_noise(w, name):
    p = perturb_weight(w, name).astype(np.float64)
    return float(np.sum((w - p) ** 2) / np.sum(w.astype(np.float64) ** 2))


def check_proxy(result, profile, imported):
    failures = []
    check_structure(result, failures)
    values = {v["id"]: v for v in profile["values"]}
    inputs = {"fc1": (values["main.arg0"], W1),
              "fc2": (values["main.generic0"], W2)}
    sensitivity = {}
    if imported:
        for entry in imported["ops"]:
            sensitivity[entry["op"]] = entry["sensitivity"]
    checked = 0
    for op in result["ops"]:
        value, weight = inputs[op["loc"]]
        factor = sensitivity.get(op["loc"], sensitivity.get(op["op"], 1.0))
        for candidate in op["candidates"]:
            name = candidate["precision"]
            expected = factor * (activation_noise(value, name) +
                                 weight_noise(weight, name))
            if not close(candidate["loss"], expected, 2e-4, 1e-15):
                failures.append("%s %s: %s, expected %s" % (
                    op["loc"], name, candidate["loss"], expected))
            checked += 1
    return failures, checked


def hand_proxy(result):
    """fc1's input x is uniform over [-128, 127] in the profile: E[x^2] =
    variance + mean^2 = 5418.75 + 0.25 = 5419.

    i8, asymmetric minmax: scale (127 + 128) / 255 = 1, zero point
    round(-128 + 128 / 1) = 0: the grid is the integers -128..127, every
    cell whole, so mse = 1/12.

    i4: scale 255 / 15 = 17, zero point round(-8 + 128 / 17) = round(-0.47)
    = 0: the grid is 17 k, k = -8..7, that is -136..119. Over [-128, 127]:
    [-128, -127.5] rounds to -136, (8.5^3 - 8^3) / 3; [-127.5, -119] to -119,
    8.5^3 / 3; the 14 whole cells from -119 to 119, 14 * 17^3 / 12; above
    119 the grid saturates, 8^3 / 3. Total 6141.25, over 255 values.

    f16: in the binade [2^e, 2^(e+1)) the step is 2^(e-10), the mean squared
    error of a uniform density over whole cells 2^(2e-20) / 12; below 2^-14
    the step is 2^-24. Magnitudes up to 127 (positive side) and 128
    (negative side): whole binades up to [32, 64) and [64, 128), and the part
    [64, 127] of the last on the positive side."""
    def binades(top_exponent):
        total = 2.0 ** -14 * 2.0 ** -48 / 12  # the subnormals
        for e in range(-14, top_exponent + 1):
            total += 2.0 ** e * 2.0 ** (2 * e - 20) / 12
        return total
    f16 = (binades(5) + 63 * 2.0 ** (2 * 6 - 20) / 12 + binades(6)) / 255
    expected = {"i8": (1 / 12) / 5419,
                "i4": (6141.25 / 255) / 5419,
                "f16": f16 / 5419}
    failures = []
    fc1 = [op for op in result["ops"] if op.get("loc") == "fc1"][0]
    for candidate in fc1["candidates"]:
        name = candidate["precision"]
        if name in expected:
            print("fc1 %s: %.6g (by hand %.6g)" % (name, candidate["loss"],
                                                   expected[name]))
            if not close(candidate["loss"], expected[name], 1e-9, 0):
                failures.append(name)
    return failures, len(expected)


def main():
    command = sys.argv[1]
    if command == "generate":
        generate(sys.argv[2])
        return
    with open(sys.argv[2]) as f:
        result = json.load(f)
    if command == "print":
        for op in result["ops"]:
            for candidate in op["candidates"]:
                values = dict(candidate.get("metrics", {}), loss=candidate["loss"])
                print(op.get("loc", op["op"]), candidate["precision"],
                      " ".join("%s=%r" % (key, values.get(key))
                               for key in sys.argv[3:]))
        return
    if command == "check-residual":
        failures, checked = check_residual(result)
    elif command == "hand-proxy":
        failures, checked = hand_proxy(result)
    elif command == "check-execution":
        profile = None
        if "--profile" in sys.argv:
            with open(sys.argv[sys.argv.index("--profile") + 1]) as f:
                profile = json.load(f)
        failures, checked = check_execution(result, profile)
    else:
        with open(sys.argv[3]) as f:
            profile = json.load(f)
        imported = None
        if "--import" in sys.argv:
            with open(sys.argv[sys.argv.index("--import") + 1]) as f:
                imported = json.load(f)
        failures, checked = check_proxy(result, profile, imported)
    for failure in failures:
        print("FAIL:", failure)
    print("checked %d candidates, %d failures" % (checked, len(failures)))
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
