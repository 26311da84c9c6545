#!/usr/bin/env python3
"""f32 -> f16, bf16, f8E4M3FN, f8E5M2 through ap-run (convert-f32.test).

  convert_f32.py inputs X.npy
      writes the N = 18425 f32 test values (below) as a 67 x 275 array:
      two dimensions of odd sizes, so that the row-major element index the
      stochastic rounding uses is computed across partial vector tiles;
  convert_f32.py check X.npy DIR...
      compares DIR/<format>.<i>.npy (variant i of VARIANTS), written by
      ap-run from Inputs/convert-f32.mlir, bit for bit with the reference of
      fpref.py; prints one line per file, then "all bit-exact" or exits
      with status 1.

The values, for each destination format and both signs: for a selection of
destination encodings (all of them for fp8; the first three, the last two
and a stride of the others of every binade of f16, and of the bottom,
middle, top and every 16th binade of bf16, subnormals included) the value
itself, its f32 neighbours, the midpoint to the next value (a tie; past
the largest finite value, the midpoint to the virtual next value, where
overflow starts), the f32 neighbours of the midpoint, and the points a
quarter and three quarters of the way (for stochastic rounding); the
virtual value itself and twice it, the f32 max; below the smallest
subnormal half of it (a tie with zero) and its neighbours, a quarter and
three quarters of it; f32 subnormals, infinities, NaNs with several
payloads (quiet, signalling) and both signs; +-0. The rest, up to N, are
seeded random f32 bit patterns, and the whole is shuffled.
"""
import sys

sys.dont_write_bytecode = True
import numpy as np  # noqa: E402

import fpref as R  # noqa: E402
import selftest  # noqa: E402

N = 18425
SHAPE = (67, 275)
DESTINATIONS = [R.F16, R.BF16, R.F8E4M3FN, R.F8E5M2]
# (name, rounding, saturate, seed): the order of the six results per format
# of convert-f32.mlir.
VARIANTS = [
    ("nearest_even", "nearest_even", False, None),
    ("nearest_even_sat", "nearest_even", True, None),
    ("toward_zero", "toward_zero", False, None),
    ("toward_zero_sat", "toward_zero", True, None),
    ("stochastic", "stochastic", False, 42),
    ("stochastic_sat", "stochastic", True, 7),
]


def f32(values):
    """The float64 values that are exactly f32 values, as f32."""
    values = np.asarray(values, np.float64)
    with np.errstate(over="ignore"):
        as32 = values.astype(np.float32)
    return as32[as32.astype(np.float64) == values]


def around(values):
    """values and their f32 neighbours."""
    v = f32(values)
    with np.errstate(over="ignore"):
        out = [v, np.nextafter(v, np.float32(np.inf)), np.nextafter(v, np.float32(0))]
    return [a[np.isfinite(a)] for a in out]


def encodings(fmt):
    if fmt.width == 8:
        return np.arange(fmt.max_enc + 1)
    picked = set(range(0, 24))  # the first subnormals
    m = 1 << fmt.mbits
    top = fmt.exp_ones - 1
    binades = set(range(0, fmt.exp_ones, 1 if fmt.ebits <= 5 else 16))
    binades.update([0, 1, 2, fmt.bias - 1, fmt.bias, fmt.bias + 1, top - 1, top])
    for e in sorted(binades):  # e = 0: the subnormals
        base = e * m
        picked.update([base, base + 1, base + 2, base + m - 2, base + m - 1])
        picked.update(range(base + 5, base + m - 2, m // 4 + 1))
    return np.array(sorted(k for k in picked if k <= fmt.max_enc))


def values_for(fmt):
    table = fmt.table()
    k = encodings(fmt)
    v, w = table[k], table[k + 1]  # w: the next value (virtual past max)
    out = around(v)
    for t in (0.5, 0.25, 0.75):
        out += around(v + (w - v) * t)
    virtual = table[fmt.max_enc + 1]
    out += around([virtual, 2 * virtual, np.float64(np.finfo(np.float32).max)])
    tiny = table[1]
    out += around([tiny / 2, tiny / 4, tiny * 0.75])
    return np.concatenate(out)


def make_inputs():
    specials = np.array([0x00000000, 0x7F800000, 0x7FC00000, 0x7F800001,
                         0x7FBFFFFF, 0x7FC00001, 0x7FFFFFFF, 0x00000001,
                         0x00000002, 0x007FFFFF, 0x00800000, 0x00400000,
                         0x7F7FFFFF], np.uint32)
    values = np.concatenate([values_for(f) for f in DESTINATIONS])
    values = np.concatenate([specials.view(np.float32), values.astype(np.float32)])
    bits = np.unique(values.view(np.uint32))
    bits = np.unique(np.concatenate([bits, bits | np.uint32(0x80000000)]))
    assert bits.size <= N, bits.size
    rng = np.random.default_rng(2024)
    extra = rng.integers(0, 2**32, 4 * N, dtype=np.uint64).astype(np.uint32)
    extra = extra[~np.isin(extra, bits)][:N - bits.size]
    bits = np.concatenate([bits, extra])
    # A fixed shuffle: neighbouring elements get unrelated stochastic bits.
    return bits[rng.permutation(N)]


def describe(bits):
    return "0x%08X (%r)" % (int(bits), float(np.uint32(bits).view(np.float32)))


def check(x_path, directories):
    _, x = R.read_npy(x_path)
    bits = x.view(np.uint32).reshape(-1)
    selftest.run(bits)
    want = {}
    for fmt in DESTINATIONS:
        for i, (name, mode, saturate, seed) in enumerate(VARIANTS):
            want[fmt, i] = R.convert(R.F32, bits, fmt, mode, saturate, seed)
    failures = 0
    for directory in directories:
        print("results in %s" % directory)
        for fmt in DESTINATIONS:
            for i, (name, mode, saturate, seed) in enumerate(VARIANTS):
                got = R.bits_of("%s/%s.%d.npy" % (directory, fmt.name, i), fmt,
                                x.shape)
                failures += R.compare_bits("f32 -> %s %s" % (fmt.name, name),
                                           fmt, got, want[fmt, i], bits, describe)
    if not failures:
        print("all bit-exact")
    return failures


def main():
    if sys.argv[1] == "inputs":
        np.save(sys.argv[2], make_inputs().view(np.float32).reshape(SHAPE))
        return 0
    return 1 if check(sys.argv[2], sys.argv[3:]) else 0


if __name__ == "__main__":
    sys.exit(main())
