#!/usr/bin/env python3
"""Matmul and convolution in f32, f16, bf16 and i8 through ap-run
(matmul.test, conv.test).

  kernels.py inputs KERNEL DIR
      writes the operands of every variant of KERNEL (matmul or conv) to
      DIR/<kernel>.<variant>.<a|b>.npy;
  kernels.py check KERNEL VARIANTS DIR OUT...
      compares OUT/<kernel>.<variant>.npy for the VARIANTS given (a comma-
      separated list, or "all"), written by ap-run from the programs of
      Inputs/, with references computed here with NumPy in float64 (int64
      for i8), exact for these operands; prints one line per variant and
      batch, then "all within bounds" or exits with status 1.

Shapes: matmul A 16x40 * B 40x24 (reduction 40); convolution NHWC input
2x9x11x5, HWCF filter 3x3x5x12, stride 1, output 2x7x9x12 (reduction
3 * 3 * 5 = 45). Sizes that are not multiples of the vector tiles
(8 x 32 accumulators) exercise the partial tiles of the vectorized code.

Every operand file holds two batches along its leading dimension (ap-run
runs them one after the other and concatenates the results):

Batch 0, "exact": operands drawn from small dyadic grids such that every
product and every partial sum, in any order, is exactly representable in
the accumulator type (bounds below). The result is then independent of the
order of the additions and of FMA contraction, and must equal the
reference exactly.

  variant   operands -> accumulator  a           b           |sum| * 2^k bound
  f32       f32 -> f32               n/8, n<=64  m/16, m<=64  45*32*2^7   < 2^24
  f16_f32   f16 -> f32               n/4, n<=32  m/8,  m<=32  45*32*2^5   < 2^24
  f16       f16 -> f16               n/4, n<=6   m/4,  m<=6   45*2.25*2^4 < 2^11
  bf16_f32  bf16 -> f32              n/4, n<=64  m/8,  m<=64  45*128*2^5  < 2^24
  bf16      bf16 -> bf16             n/2, n<=2   m/2,  m<=2   45*1*2^2    < 2^8
  i8        i8 -> i32                any i8      any i8       45*2^14     < 2^31

(k: the number of fraction bits of a product; the accumulator holds every
multiple of 2^-k of that magnitude exactly. The operands themselves are
exact in their types.)

Batch 1, "random": operands uniform in [-1, 1) rounded to the operand type
(any i8 for i8). The float result is compared with the error bound of an
inner product of length n computed in any order, with or without FMA
(Higham, Accuracy and Stability of Numerical Algorithms, 2nd ed., 3.1):

  |computed - exact| <= gamma_n * sum |a| |b| + n * eta,
  gamma_n = n u / (1 - n u)

where u is the unit roundoff of the accumulator: 2^-24 for f32; for f16
and bf16 accumulators 2^-11 and 2^-8 plus 2^-24 (and their product),
because the host computes f16/bf16 arithmetic in f32 and rounds to the
narrow type, and an FMA computed that way is rounded twice. eta, half the
smallest subnormal, covers products that underflow (only f16 products of
this data can: eta = 2^-25; sums of subnormals are exact). The float64
reference adds its own gamma_n with u = 2^-53. i8 is exact for any data.

The f16/f32 and bf16/f32 variants are linalg ops with narrow operands and
an f32 output: linalg's operand-type promotion extends the operands to f32
before the multiplication (exact: 11 + 11 and 8 + 8 significant bits fit
in f32), so they accumulate in f32. The f16 and bf16 variants accumulate
in the narrow type. i8 x i8 accumulates in i32 (operands sign-extended).
"""
import sys

sys.dont_write_bytecode = True
import numpy as np  # noqa: E402

import fpref as R  # noqa: E402

SHAPES = {"matmul": ((16, 40), (40, 24)),
          "conv": ((2, 9, 11, 5), (3, 3, 5, 12))}
REDUCTION = {"matmul": 40, "conv": 45}
# variant: (operand type, result type, exact grid of a (denominator,
# largest numerator), of b, unit roundoff of the accumulator, eta)
VARIANTS = {
    "f32": ("f32", "f32", (8, 64), (16, 64), 2.0 ** -24, 2.0 ** -150),
    "f16_f32": ("f16", "f32", (4, 32), (8, 32), 2.0 ** -24, 0.0),
    "f16": ("f16", "f16", (4, 6), (4, 6), 2.0 ** -11 + 2.0 ** -24 + 2.0 ** -35,
            2.0 ** -25),
    "bf16_f32": ("bf16", "f32", (4, 64), (8, 64), 2.0 ** -24, 0.0),
    "bf16": ("bf16", "bf16", (2, 2), (2, 2), 2.0 ** -8 + 2.0 ** -24 + 2.0 ** -32,
             2.0 ** -134),
    "i8": ("i8", "i32", None, None, 0.0, 0.0),
}
FORMAT = {"f32": R.F32, "f16": R.F16, "bf16": R.BF16}


def reference(kernel, a, b):
    """The exact result (float64 or int64) and sum |a| |b| elementwise."""
    if kernel == "matmul":
        return a @ b, np.abs(a) @ np.abs(b)
    # NHWC x HWCF, stride 1, no padding: out[n,y,x,f] =
    #   sum_{i,j,c} in[n,y+i,x+j,c] * w[i,j,c,f]
    kh, kw = b.shape[:2]
    oh, ow = a.shape[1] - kh + 1, a.shape[2] - kw + 1
    out = np.zeros((a.shape[0], oh, ow, b.shape[3]), a.dtype)
    bound = np.zeros(out.shape, np.float64)
    for i in range(kh):
        for j in range(kw):
            window = a[:, i:i + oh, j:j + ow, :]
            out += np.einsum("nyxc,cf->nyxf", window, b[i, j])
            bound += np.einsum("nyxc,cf->nyxf", np.abs(window).astype(np.float64),
                               np.abs(b[i, j]).astype(np.float64))
    return out, bound


def round_to(values, type_name):
    """float64 values rounded to nearest even in type_name, as float64."""
    if type_name == "f32":
        return values.astype(np.float32).astype(np.float64)
    if type_name == "f16":
        return values.astype(np.float16).astype(np.float64)
    enc = R.BF16.round(values, np.signbit(values), np.isnan(values), "nearest_even", False)
    return R.BF16.decode(enc)


def operands(kernel, variant, rng):
    """The two batches of a and b, as float64 (int64 for i8)."""
    in_type, _, grid_a, grid_b, _, _ = VARIANTS[variant]
    shape_a, shape_b = SHAPES[kernel]
    batches = []
    for batch in range(2):
        pair = []
        for shape, grid in ((shape_a, grid_a), (shape_b, grid_b)):
            if in_type == "i8":
                v = rng.integers(-128, 128, shape)
                if batch == 0:  # plenty of the extremes
                    v.reshape(-1)[::5] = -128
                    v.reshape(-1)[2::7] = 127
            elif batch == 0:
                denominator, numerator = grid
                v = rng.integers(-numerator, numerator + 1, shape) / denominator
            else:
                v = round_to(rng.uniform(-1, 1, shape), in_type)
            pair.append(v)
        batches.append(pair)
    return batches


def write_inputs(kernel, directory):
    rng = np.random.default_rng({"matmul": 11, "conv": 12}[kernel])
    for variant, (in_type, _, _, _, _, _) in VARIANTS.items():
        batches = operands(kernel, variant, rng)
        for which in range(2):
            v = np.concatenate([batches[0][which], batches[1][which]])
            path = "%s/%s.%s.%s.npy" % (directory, kernel, variant, "ab"[which])
            if in_type == "i8":
                np.save(path, v.astype(np.int8))
            elif in_type == "bf16":
                enc = R.BF16.round(v, np.signbit(v), np.isnan(v), "nearest_even", False)
                R.write_npy(path, enc, "bfloat16")
            else:
                np.save(path, v.astype({"f32": np.float32, "f16": np.float16}[in_type]))


def read(path):
    descr, array = R.read_npy(path)
    if descr == "bfloat16":
        return R.BF16.decode(array)
    return array.astype(np.int64 if array.dtype.kind == "i" else np.float64)


def check(kernel, variants, directory, outputs):
    n = REDUCTION[kernel]
    variants = list(VARIANTS) if variants == "all" else variants.split(",")
    failures = 0
    for out in outputs:
        print("results in %s" % out)
        for variant in variants:
            in_type, out_type, _, _, u, eta = VARIANTS[variant]
            a = read("%s/%s.%s.a.npy" % (directory, kernel, variant))
            b = read("%s/%s.%s.b.npy" % (directory, kernel, variant))
            got = read("%s/%s.%s.npy" % (out, kernel, variant))
            rows_a, rows_b = a.shape[0] // 2, b.shape[0] // 2
            rows_c = got.shape[0] // 2
            for batch, name in enumerate(("exact", "random")):
                want, magnitude = reference(kernel, a[batch * rows_a:(batch + 1) * rows_a],
                                            b[batch * rows_b:(batch + 1) * rows_b])
                c = got[batch * rows_c:(batch + 1) * rows_c]
                label = "%s %s %s" % (kernel, variant, name)
                if c.shape != want.shape:
                    print("%s: FAIL: shape %s, expected %s" % (label, c.shape, want.shape))
                    failures += 1
                    continue
                if in_type == "i8" or name == "exact":
                    # The exact reference must be representable...
                    if out_type != "i32":
                        assert np.array_equal(round_to(want, out_type), want), label
                    bad = np.nonzero(c != want)
                    if bad[0].size:
                        failures += 1
                        print("%s: FAIL: %d of %d values differ" % (label, bad[0].size, c.size))
                        for index in list(zip(*bad))[:5]:
                            print("  %s: got %r, expected %r" % (index, c[index], want[index]))
                    else:
                        print("%s: %d values exact" % (label, c.size))
                    continue
                gamma = lambda u: n * u / (1 - n * u)  # noqa: E731
                bound = (gamma(u) + gamma(2.0 ** -53)) * magnitude + n * eta
                error = np.abs(c - want)
                ratio = np.max(error / np.maximum(bound, 1e-300))
                if not np.all(error <= bound):
                    failures += 1
                    index = np.unravel_index(np.argmax(error - bound), c.shape)
                    print("%s: FAIL: error %g above the bound %g at %s" % (
                        label, error[index], bound[index], index))
                else:
                    print("%s: %d values within the bound (largest error %.3g of it)" % (
                        label, c.size, ratio))
    if not failures:
        print("all within bounds")
    return failures


def main():
    if sys.argv[1] == "inputs":
        write_inputs(sys.argv[2], sys.argv[3])
        return 0
    return 1 if check(sys.argv[2], sys.argv[3], sys.argv[4], sys.argv[5:]) else 0


if __name__ == "__main__":
    sys.exit(main())
