"""Modules that ap-assign-precision rewrites, their inputs, and NumPy
references for what the rewritten modules compute (assigned-*.test,
matmul-fp8.test).

  assigned.py inputs CASE DIR   writes DIR/CASE.mlir (an f32 module whose
                                weights are constants), DIR/CASE.x.npy (its
                                input, also the calibration data) and
                                DIR/CASE.sensitivity.json
  assigned.py check CASE DIR    compares DIR/CASE.y.npy, what ap-run
                                computed with the rewritten module, with
                                the reference

Cases:
- i8: linalg.matmul 4x8 by 8x3 at i8. The reference quantizes as the
  definitions say (docs/calibration.md), independently of ap: the
  activation asymmetric per tensor from its min and max (range widened to
  0, scale (hi - lo) / 255 rounded to f32, zero point -128 - lo / scale
  rounded half to even), quantized in f32 (x / scale in f32, half to even,
  plus the zero point, clamped); the weights symmetric per output channel
  (scale absmax / 127 rounded to f32); the products summed in int64; the
  dequantization (acc - z_c) * s_c in f32, s_c = s_a * s_w[c] rounded to
  f32 and z_c = z_a * sum_k q_w[k, c]. Every step is exact or a single
  f32 rounding, so the result must be bit-exact.
- f16conv: linalg.conv_2d_nhwc_hwcf (1x6x6x3 by 3x3x3x4) at f16,
  accumulating in f32: the reference rounds the operands to f16 (NumPy,
  nearest even) and sums the exact products in float64; the result must be
  within gamma_27 * sum |a| |b| (f32 unit roundoff 2^-24) of it, and the
  f16 rounding must show: some elements are outside that bound around the
  reference on unrounded operands.
- f8matmul: linalg.matmul 4x16 by 16x5 at f8E4M3FN, accumulating in f32,
  with an activation and a weight beyond 448 (saturated): the operands
  rounded by fpref.py (nearest even, saturating), the same bound with
  n = 16.
- fp8ops (matmul-fp8.test, no assignment): f8E4M3FN x f8E4M3FN matmuls
  accumulating in f32 written by hand, both operands converted at run time,
  as a linalg.matmul and as a linalg.generic whose body widens with
  arith.extf; both results against the f8matmul reference.
"""
import json
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import fpref  # noqa: E402

F32_U = 2.0 ** -24


def f32_literal(values):
    """A dense literal of float32 values, each printed exactly."""
    if values.ndim == 0:
        return "%.9e" % float(values)
    return "[" + ", ".join(f32_literal(v) for v in values) + "]"


def sensitivity(path, key, precision):
    with open(path, "w") as f:
        json.dump({"format": "ap-sensitivity", "version": 1,
                   "source": "proxy", "metric": "proxy",
                   "ops": [{"op": key, "candidates": [
                       {"precision": precision, "loss": 0.01}]}]}, f)


def data(case):
    rng = np.random.default_rng({"i8": 1, "f16conv": 2, "f8matmul": 3,
                                 "fp8ops": 3}[case])
    if case == "i8":
        # Asymmetric: mostly positive.
        x = rng.uniform(-1.0, 3.0, (4, 8)).astype(np.float32)
        w = rng.normal(0.0, 0.5, (8, 3)).astype(np.float32)
    elif case == "f16conv":
        x = rng.uniform(-2.0, 2.0, (1, 6, 6, 3)).astype(np.float32)
        w = rng.normal(0.0, 0.5, (3, 3, 3, 4)).astype(np.float32)
    else:
        x = rng.uniform(-4.0, 4.0, (4, 16)).astype(np.float32)
        w = rng.normal(0.0, 2.0, (16, 5)).astype(np.float32)
        x[1, 2] = 1000.0   # saturates to 448
        w[3, 4] = -600.0   # saturates to -448
    return x, w


MATMUL = """func.func @main(%x: tensor<{M}x{K}xf32>) -> tensor<{M}x{N}xf32> {{
  %w = arith.constant dense<{W}> : tensor<{K}x{N}xf32>
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<{M}x{N}xf32>
  %c = linalg.fill ins(%zero : f32) outs(%e : tensor<{M}x{N}xf32>) -> tensor<{M}x{N}xf32>
  %r = linalg.matmul ins(%x, %w : tensor<{M}x{K}xf32>, tensor<{K}x{N}xf32>)
                     outs(%c : tensor<{M}x{N}xf32>) -> tensor<{M}x{N}xf32>
  return %r : tensor<{M}x{N}xf32>
}}
"""

CONV = """func.func @main(%x: tensor<1x6x6x3xf32>) -> tensor<1x4x4x4xf32> {{
  %w = arith.constant dense<{W}> : tensor<3x3x3x4xf32>
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<1x4x4x4xf32>
  %c = linalg.fill ins(%zero : f32) outs(%e : tensor<1x4x4x4xf32>) -> tensor<1x4x4x4xf32>
  %r = linalg.conv_2d_nhwc_hwcf
         {{dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>}}
         ins(%x, %w : tensor<1x6x6x3xf32>, tensor<3x3x3x4xf32>)
         outs(%c : tensor<1x4x4x4xf32>) -> tensor<1x4x4x4xf32>
  return %r : tensor<1x4x4x4xf32>
}}
"""

# Two f8E4M3FN x f8E4M3FN matmuls accumulating in f32, written by hand: a
# linalg.matmul and a linalg.generic that widens in its body.
FP8OPS = """#a = affine_map<(m, n, k) -> (m, k)>
#b = affine_map<(m, n, k) -> (k, n)>
#c = affine_map<(m, n, k) -> (m, n)>
func.func @main(%x: tensor<4x16xf32>, %w: tensor<16x5xf32>)
    -> (tensor<4x5xf32>, tensor<4x5xf32>) {
  %x8 = ap.convert %x saturate : tensor<4x16xf32> -> tensor<4x16xf8E4M3FN>
  %w8 = ap.convert %w saturate : tensor<16x5xf32> -> tensor<16x5xf8E4M3FN>
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<4x5xf32>
  %c = linalg.fill ins(%zero : f32) outs(%e : tensor<4x5xf32>) -> tensor<4x5xf32>
  %r = linalg.matmul ins(%x8, %w8 : tensor<4x16xf8E4M3FN>, tensor<16x5xf8E4M3FN>)
                     outs(%c : tensor<4x5xf32>) -> tensor<4x5xf32>
  %g = linalg.generic {indexing_maps = [#a, #b, #c],
                       iterator_types = ["parallel", "parallel", "reduction"]}
      ins(%x8, %w8 : tensor<4x16xf8E4M3FN>, tensor<16x5xf8E4M3FN>)
      outs(%c : tensor<4x5xf32>) {
  ^bb0(%p: f8E4M3FN, %q: f8E4M3FN, %acc: f32):
    %pw = arith.extf %p : f8E4M3FN to f32
    %qw = arith.extf %q : f8E4M3FN to f32
    %m = arith.mulf %pw, %qw : f32
    %s = arith.addf %acc, %m : f32
    linalg.yield %s : f32
  } -> tensor<4x5xf32>
  return %r, %g : tensor<4x5xf32>, tensor<4x5xf32>
}
"""


def inputs(case, out):
    x, w = data(case)
    if case == "fp8ops":
        with open(os.path.join(out, case + ".mlir"), "w") as f:
            f.write(FP8OPS)
        np.save(os.path.join(out, case + ".x.npy"), x)
        np.save(os.path.join(out, case + ".w.npy"), w)
        return
    if case == "f16conv":
        text = CONV.format(W=f32_literal(w))
    else:
        text = MATMUL.format(M=x.shape[0], K=x.shape[1], N=w.shape[1],
                             W=f32_literal(w))
    with open(os.path.join(out, case + ".mlir"), "w") as f:
        f.write(text)
    np.save(os.path.join(out, case + ".x.npy"), x)
    sensitivity(os.path.join(out, case + ".sensitivity.json"), "main#1",
                {"i8": "i8", "f16conv": "f16", "f8matmul": "f8E4M3FN"}[case])


def f32(v):
    return np.float32(v)


def reference_i8(x, w):
    lo, hi = min(float(x.min()), 0.0), max(float(x.max()), 0.0)
    sa = float(f32((hi - lo) / 255.0))
    za = int(np.clip(np.rint(-128.0 - lo / sa), -128, 127))
    qa = np.clip(np.rint(x / f32(sa)).astype(np.int64) + za, -128, 127)
    absmax = np.abs(w).max(axis=0)
    sw = np.where(absmax == 0, np.float32(1), (absmax / 127.0).astype(np.float32))
    qw = np.clip(np.rint(w / sw[None, :]).astype(np.int64), -128, 127)
    acc = qa @ qw
    sc = (sa * sw.astype(np.float64)).astype(np.float32)
    zc = za * qw.sum(axis=0)
    assert np.all(np.abs(acc - zc[None, :]) < 2 ** 24)
    return (acc - zc[None, :]).astype(np.float32) * sc[None, :], (sa, za, qw)


def conv(x, w):
    """NHWC by HWCF, stride 1, in float64: the sums and the sums of
    |products|."""
    kh, kw, c, f = w.shape
    oh, ow = x.shape[1] - kh + 1, x.shape[2] - kw + 1
    out = np.zeros((1, oh, ow, f))
    mag = np.zeros((1, oh, ow, f))
    for i in range(oh):
        for j in range(ow):
            window = x[0, i:i + kh, j:j + kw, :].astype(np.float64)
            prod = window[..., None] * w.astype(np.float64)
            out[0, i, j] = prod.sum(axis=(0, 1, 2))
            mag[0, i, j] = np.abs(prod).sum(axis=(0, 1, 2))
    return out, mag


def gamma(n):
    return n * F32_U / (1 - n * F32_U)


def round_f8(a):
    a = np.asarray(a, np.float32)
    value = a.astype(np.float64)
    bits = fpref.F8E4M3FN.round(value, np.signbit(a), np.isnan(a),
                                "nearest_even", True)
    return fpref.F8E4M3FN.decode(bits)


def within(label, y, ref, mag, n, unrounded=None):
    bound = gamma(n) * mag + 2.0 ** -126
    err = np.abs(y.astype(np.float64) - ref)
    bad = int(np.count_nonzero(~(err <= bound)))  # NaN is outside
    if bad:
        print("%s: FAIL: %d of %d values outside the bound (worst %g)" % (
            label, bad, y.size, float(np.nanmax(err - bound))))
    else:
        print("%s: %d values within the bound" % (label, y.size))
    if unrounded is not None:
        ref0, mag0 = unrounded
        outside = int(np.count_nonzero(
            np.abs(y.astype(np.float64) - ref0) > gamma(n) * mag0))
        print("%s: %s" % (label, "inputs rounded" if outside else
                          "FAIL: the result is that of unrounded inputs"))


def check(case, out):
    x, w = data(case)
    if case == "fp8ops":
        r = np.load(os.path.join(out, case + ".y0.npy"))
        g = np.load(os.path.join(out, case + ".y1.npy"))
    else:
        y = np.load(os.path.join(out, case + ".y.npy"))
        assert y.dtype == np.float32, y.dtype
    if case == "i8":
        ref, (sa, za, qw) = reference_i8(x, w)
        print("i8: activation scale %.9g zero point %d" % (sa, za))
        diff = int(np.count_nonzero(y.view(np.uint32) != ref.view(np.uint32)))
        print("i8: %s" % ("%d values bit-exact" % y.size if diff == 0 else
                          "FAIL: %d of %d values differ" % (diff, y.size)))
        # And close to the f32 product: the quantization error only.
        exact = x.astype(np.float64) @ w.astype(np.float64)
        rel = np.linalg.norm(y - exact) / np.linalg.norm(exact)
        print("i8: relative L2 error to f32 %s 0.02" % ("<" if rel < 0.02 else ">="))
    elif case == "f16conv":
        x16 = x.astype(np.float16)
        w16 = w.astype(np.float16)
        ref, mag = conv(x16, w16)
        within("f16conv", y, ref, mag, 27, conv(x, w))
    else:
        xr, wr = round_f8(x), round_f8(w)
        assert xr[1, 2] == 448.0 and wr[3, 4] == -448.0
        ref = xr @ wr
        mag = np.abs(xr) @ np.abs(wr)
        unrounded = (x.astype(np.float64) @ w.astype(np.float64),
                     np.abs(x.astype(np.float64)) @ np.abs(w.astype(np.float64)))
        if case == "fp8ops":
            within("fp8ops matmul", r, ref, mag, 16, unrounded)
            within("fp8ops generic", g, ref, mag, 16, unrounded)
        else:
            within("f8matmul", y, ref, mag, 16, unrounded)


if __name__ == "__main__":
    {"inputs": inputs, "check": check}[sys.argv[1]](sys.argv[2], sys.argv[3])
