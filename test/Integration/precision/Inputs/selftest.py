"""Checks of the reference in fpref.py against other sources, run by every
checker before it uses the reference:

- f32 -> f16 nearest_even against NumPy's own float16 conversion;
- f32 -> bf16 nearest_even against the classic integer formulation on the
  f32 bits (add 0x7FFF plus the lowest kept bit, drop 16 bits);
- hand-worked values of the OCP FP8 specification (v1.0: E4M3 max 448,
  E5M2 max 57344, the smallest subnormals 2^-9 and 2^-16) and of IEEE f16
  (max 65504, overflow from 65520);
- SplitMix64 against its published test vector (seed 1234567: the first two
  outputs are 6457827717110365317 and 3203168211198807973).
"""
import numpy as np

import fpref as R


def f32_bits(values):
    return np.array(values, np.float32).view(np.uint32)


def check(fmt, value, mode, saturate, want, seed=None):
    bits = f32_bits([value])
    got = int(R.convert(R.F32, bits, fmt, mode, saturate, seed)[0])
    assert got == want, "%s(%r, %s%s) = %s, expected %s" % (
        fmt.name, value, mode, " saturate" if saturate else "",
        R.hexbits(fmt, got), R.hexbits(fmt, want))


def run(sample_bits):
    """`sample_bits`: f32 encodings to compare on (the test's inputs)."""
    rng = np.random.default_rng(1)
    bits = np.concatenate([sample_bits.astype(np.uint32),
                           rng.integers(0, 2**32, 50000, dtype=np.uint64).astype(np.uint32)])
    x = bits.view(np.float32)
    ok = ~np.isnan(x)

    with np.errstate(over="ignore"):
        numpy_f16 = x.astype(np.float16).view(np.uint16)
    ours = R.convert(R.F32, bits, R.F16, "nearest_even", False)
    assert np.array_equal(numpy_f16[ok], ours[ok]), "f16 differs from NumPy"

    b = bits.astype(np.uint64)
    classic = ((b + 0x7FFF + ((b >> 16) & 1)) >> 16).astype(np.uint16)
    ours = R.convert(R.F32, bits, R.BF16, "nearest_even", False)
    assert np.array_equal(classic[ok], ours[ok]), "bf16 differs"

    E4, E5, H = R.F8E4M3FN, R.F8E5M2, R.F16
    for args in [
        (E4, 448.0, "nearest_even", False, 0x7E),
        (E4, 464.0, "nearest_even", False, 0x7E),    # tie: 448 has even 110
        (E4, 464.00003, "nearest_even", False, 0x7F),  # NaN: no infinity
        (E4, 464.00003, "nearest_even", True, 0x7E),
        (E4, 1e9, "toward_zero", False, 0x7E),
        (E4, float("inf"), "toward_zero", False, 0x7F),
        (E4, -float("inf"), "nearest_even", True, 0xFE),
        (E4, 2.0 ** -9, "nearest_even", False, 0x01),
        (E4, 2.0 ** -10, "nearest_even", False, 0x00),  # tie to even zero
        (E4, -2.0 ** -10, "nearest_even", False, 0x80),  # -0
        (E4, 1.5 * 2.0 ** -9, "nearest_even", False, 0x02),
        (E4, 1.0625, "nearest_even", False, 0x38),  # tie: 1.000 is even
        (E4, 1.1875, "nearest_even", False, 0x3A),  # tie: 1.010 is even
        (E5, 57344.0, "nearest_even", False, 0x7B),
        (E5, 61440.0, "nearest_even", False, 0x7C),  # tie to even: Inf
        (E5, 61439.996, "nearest_even", False, 0x7B),
        (E5, 61440.0, "nearest_even", True, 0x7B),
        (E5, 2.0 ** -16, "nearest_even", False, 0x01),
        (E5, 3 * 2.0 ** -17, "nearest_even", False, 0x02),
        (E5, float("nan"), "nearest_even", False, 0x7E),
        (H, 65504.0, "nearest_even", False, 0x7BFF),
        (H, 65520.0, "nearest_even", False, 0x7C00),
        (H, 65519.996, "nearest_even", False, 0x7BFF),
        (H, 2.0 ** -24, "nearest_even", False, 0x0001),
        (R.BF16, 1.00390625, "nearest_even", False, 0x3F80),
        (R.BF16, 1.01171875, "nearest_even", False, 0x3F82),
    ]:
        check(*args)
    assert [int(v) for v in R.splitmix64_high32(1234567, 2)] == [
        6457827717110365317 >> 32, 3203168211198807973 >> 32]
