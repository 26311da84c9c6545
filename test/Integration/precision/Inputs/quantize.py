#!/usr/bin/env python3
"""ap.quantize / ap.dequantize through ap-run (quantize.test).

  quantize.py inputs DIR
      writes the arguments of Inputs/quantize.mlir to DIR/<name>.npy
      (ARGUMENTS);
  quantize.py check DIR OUT
      compares OUT/<name>.npy (RESULTS), written by ap-run, with the
      reference below: storage values exactly, dequantized values bit for
      bit. Prints one line per result, then "all exact" or exits with
      status 1.

The reference follows ap.quantize's definition (include/ap/Dialect/AP/IR/
APOps.td), computed with NumPy's own arithmetic, not ap's:

  s = scale rounded to the expressed type E (from the attribute's double)
  y = x / s, divided in E with round-to-nearest-even
  q = clamp(round_half_even(y) + zero_point, storage_min, storage_max)
  q = zero_point where x is NaN (infinities and overflowing quotients clamp)

and dequantize: (q - zero_point) converted to E, times s, rounded to E.
For f32 the arithmetic is NumPy's float32 (IEEE, correctly rounded); for
f16 NumPy's float16, which computes in float32 and rounds, correctly
rounded for one division or product of f16 values (24 >= 2 * 11 + 2
bits); for bf16, which NumPy lacks, the quotient or product in float64
(also correctly rounded then: 53 >= 2 * 8 + 2) rounded to bf16 by
fpref.py's enumeration. round_half_even is np.rint.

The values to quantize are, for every type of at most 8 bits (and every
channel of the per-axis types): k * s and the ties (k + 1/2) * s rounded
to E, with their neighbours in E, for every k that reaches the storage
range and a few beyond it; 0, -0, +-inf, NaN, huge and tiny values of
both signs; for i32 (which quantizes the same values) values around
+-2^31 * s and 2^24 * s; the rest seeded random values. Storage values to
dequantize: every value of the 4- and 8-bit storage types; for i32 the
bounds, values around +-2^24 (where q - zero_point rounds in f32) and
random ones.
"""
import sys

sys.dont_write_bytecode = True
import numpy as np  # noqa: E402

import fpref as R  # noqa: E402
import selftest  # noqa: E402


class QType:
    def __init__(self, name, storage, expressed, scales, zero_points, axis=None,
                 narrow=False):
        self.name = name
        self.storage = storage
        self.expressed = expressed  # "f32", "f16" or "bf16"
        self.scales = scales
        self.zero_points = zero_points
        self.axis = axis
        bits = int(storage[1:])
        if storage[0] == "i":
            self.qmin, self.qmax = -(1 << (bits - 1)), (1 << (bits - 1)) - 1
        else:
            self.qmin, self.qmax = 0, (1 << bits) - 1
        if narrow:
            self.qmin += 1
        self.bits = bits


# The types of quantize.mlir, with the same parameters.
TYPES = {
    "qi8": QType("qi8", "i8", "f32", [0.1], [-3]),
    "qu8": QType("qu8", "u8", "f32", [0.03], [128]),
    "qn8": QType("qn8", "i8", "f32", [0.05], [0], narrow=True),  # i8<-127:127>
    "qi4": QType("qi4", "i4", "f32", [0.25], [-1]),
    "qu4": QType("qu4", "u4", "f32", [0.3], [5]),
    "qi32": QType("qi32", "i32", "f32", [0.3], [-5]),
    "qa1": QType("qa1", "i8", "f32", [0.1, 0.5, 2.0, 1.0e-3], [0, -10, 3, 127], axis=1),
    "qa0": QType("qa0", "u8", "f32", [0.25, 0.1, 3.0, 7.0e-3], [0, 128, 255, 17], axis=0),
    "qh": QType("qh", "i8", "f16", [0.1], [2]),
    "qb": QType("qb", "i8", "bf16", [0.1], [-5]),
}

N, L = 6144, 1600  # per-tensor values; values per channel
# name -> (shape, dtype); f32/f16 .npy, bf16 and storage values as bits.
ARGUMENTS = [("x", (N,), "f32"), ("xa1", (L, 4), "f32"), ("xa0", (4, L), "f32"),
             ("xh", (L,), "f16"), ("xb", (L,), "bf16"), ("s8", (256,), "i8"),
             ("s4", (16,), "i8"), ("sa1", (256, 4), "i8"), ("sa0", (4, 256), "i8"),
             ("s32", (64,), "i32")]
# name, what: ("quantize", type, input) storage values;
# ("roundtrip", type, input) dequantize(quantize(x)); ("dequantize", type,
# storage argument).
RESULTS = [
    ("q.qi8", "quantize", "qi8", "x"), ("q.qu8", "quantize", "qu8", "x"),
    ("q.qn8", "quantize", "qn8", "x"), ("q.qi4", "quantize", "qi4", "x"),
    ("q.qu4", "quantize", "qu4", "x"), ("q.qi32", "quantize", "qi32", "x"),
    ("q.qa1", "quantize", "qa1", "xa1"),
    ("q.qa0", "quantize", "qa0", "xa0"), ("q.qh", "quantize", "qh", "xh"),
    ("rt.qb", "roundtrip", "qb", "xb"),
    ("d.qi8", "dequantize", "qi8", "s8"), ("d.qu8", "dequantize", "qu8", "s8"),
    ("d.qn8", "dequantize", "qn8", "s8"), ("d.qi4", "dequantize", "qi4", "s4"),
    ("d.qu4", "dequantize", "qu4", "s4"), ("d.qi32", "dequantize", "qi32", "s32"),
    ("d.qa1", "dequantize", "qa1", "sa1"),
    ("d.qa0", "dequantize", "qa0", "sa0"), ("d.qh", "dequantize", "qh", "s8"),
]

# --------------------------------------------------------------------------
# Arithmetic in the expressed type. Values travel as float64 (exact).


def to_expressed(values, expressed):
    """float64 values rounded to the expressed type (nearest even), as
    float64."""
    values = np.asarray(values, np.float64)
    with np.errstate(over="ignore", invalid="ignore"):
        if expressed == "f32":
            return values.astype(np.float32).astype(np.float64)
        if expressed == "f16":
            return values.astype(np.float16).astype(np.float64)
    bits = np.where(np.isnan(values), 0.0, values)
    sign = np.signbit(values)
    enc = R.BF16.round(bits, sign, np.isnan(values), "nearest_even", False)
    return R.BF16.decode(enc)


def divide(x, s, expressed):
    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
        if expressed == "f32":
            return (x.astype(np.float32) / np.float32(s)).astype(np.float64)
        if expressed == "f16":
            return (x.astype(np.float16) / np.float16(s)).astype(np.float64)
        return to_expressed(x / s, "bf16")


def multiply(d, s, expressed):
    if expressed == "f32":
        return (d.astype(np.float32) * np.float32(s)).astype(np.float64)
    if expressed == "f16":
        return (d.astype(np.float16) * np.float16(s)).astype(np.float64)
    return to_expressed(to_expressed(d, "bf16") * s, "bf16")


def channel_params(qtype, shape):
    """Scale (rounded to E) and zero point of every element."""
    scales = to_expressed(qtype.scales, qtype.expressed)
    zps = np.array(qtype.zero_points, np.int64)
    if qtype.axis is None:
        return np.full(shape, scales[0]), np.full(shape, zps[0])
    index = [None] * len(shape)
    index[qtype.axis] = slice(None)
    index = tuple(index)
    return (np.broadcast_to(scales[index], shape),
            np.broadcast_to(zps[index], shape))


def quantize(qtype, x):
    s, zp = channel_params(qtype, x.shape)
    y = np.empty(x.shape)
    for value in np.unique(s):  # one division per distinct scale
        mask = s == value
        y[mask] = divide(x[mask], value, qtype.expressed)
    with np.errstate(invalid="ignore"):
        q = np.clip(np.rint(y) + zp, qtype.qmin, qtype.qmax)
    q = np.where(np.isnan(x), zp, q)
    return q.astype(np.int64)


def dequantize(qtype, q):
    s, zp = channel_params(qtype, q.shape)
    out = np.empty(q.shape)
    for value in np.unique(s):
        mask = s == value
        out[mask] = multiply((q - zp)[mask].astype(np.float64), value,
                             qtype.expressed)
    return out


# --------------------------------------------------------------------------
# Inputs.


def neighbours(values, expressed):
    """values (in E) and their neighbours in E."""
    fmt = {"f32": R.F32, "f16": R.F16, "bf16": R.BF16}[expressed]
    v = values[np.isfinite(values)]
    if expressed == "f32":
        v32 = v.astype(np.float32)
        with np.errstate(over="ignore"):
            out = [v32, np.nextafter(v32, np.float32(np.inf)),
                   np.nextafter(v32, np.float32(-np.inf))]
        return np.concatenate(out).astype(np.float64)
    if expressed == "f16":
        v16 = v.astype(np.float16)
        with np.errstate(over="ignore"):
            out = [v16, np.nextafter(v16, np.float16(np.inf)),
                   np.nextafter(v16, np.float16(-np.inf))]
        return np.concatenate(out).astype(np.float64)
    enc = R.BF16.round(v, np.signbit(v), np.zeros(v.shape, bool), "nearest_even", False)
    enc = enc.astype(np.int64)
    sign, mag = enc & 0x8000, enc & 0x7FFF
    # The magnitudes +-1: the neighbours (the next one may be infinite).
    return R.BF16.decode(np.concatenate([enc, sign | (mag + 1),
                                         sign | np.maximum(mag - 1, 0)])
                         .astype(np.uint16))


def design(qtype, channel, count, rng):
    expressed = qtype.expressed
    s = to_expressed([qtype.scales[channel]], expressed)[0]
    zp = qtype.zero_points[channel]
    k = np.arange(qtype.qmin - zp - 3, qtype.qmax - zp + 4, dtype=np.float64)
    values = np.concatenate([neighbours(to_expressed(k * s, expressed), expressed),
                             neighbours(to_expressed((k + 0.5) * s, expressed), expressed)])
    big = {"f32": 3.0e38, "f16": 65504.0, "bf16": 3.0e38}[expressed]
    tiny = {"f32": 2.0 ** -149, "f16": 2.0 ** -24, "bf16": 2.0 ** -133}[expressed]
    specials = np.array([0.0, -0.0, np.inf, -np.inf, np.nan, big, -big, tiny, -tiny,
                         s / 2, -s / 2, 1e4 * s, -1e4 * s])
    values = to_expressed(np.concatenate([specials, values]), expressed)
    assert values.size <= count, (qtype.name, values.size)
    span = (qtype.qmax - qtype.qmin + 8) * s
    extra = rng.uniform(-span, span, count - values.size)
    values = np.concatenate([values, to_expressed(extra, expressed)])
    return values[rng.permutation(count)]


def make_inputs():
    rng = np.random.default_rng(7)
    per_tensor = [TYPES[n] for n in ("qi8", "qu8", "qn8", "qi4", "qu4")]
    x = np.concatenate([design(t, 0, 1600 if t.bits == 8 else 160, rng)
                        for t in per_tensor])
    # i32: around the storage bounds (+-2^31 * scale) and 2^24 * scale,
    # where f32 can no longer hold every integer quotient.
    s32 = to_expressed([0.3], "f32")[0]
    edges = np.concatenate([t + np.arange(-40, 41) * 64.0 for t in (-2.0 ** 31, 2.0 ** 31)]
                           + [2.0 ** 24 + np.arange(-20, 21) * 0.5])
    x = np.concatenate([x, neighbours(to_expressed(edges * s32, "f32"), "f32")])
    x = np.concatenate([x, to_expressed(rng.uniform(-30, 30, N - x.size), "f32")])
    xa1 = np.stack([design(TYPES["qa1"], c, L, rng) for c in range(4)], axis=1)
    xa0 = np.stack([design(TYPES["qa0"], c, L, rng) for c in range(4)], axis=0)
    s8 = np.arange(256).astype(np.uint8).view(np.int8)
    return {
        "x": x.astype(np.float32),
        "xa1": xa1.astype(np.float32),
        "xa0": xa0.astype(np.float32),
        "xh": design(TYPES["qh"], 0, L, rng).astype(np.float16),
        "xb": design(TYPES["qb"], 0, L, rng),  # float64, written as bf16
        "s8": s8,
        "s4": np.arange(16, dtype=np.int8),
        "sa1": np.stack([s8] * 4, axis=1),
        "sa0": np.stack([s8] * 4, axis=0),
        "s32": np.concatenate([
            [-2**31, -2**31 + 1, -2**31 + 5, 2**31 - 1, 2**31 - 6, 2**31 - 5, 0, 1, -1],
            2**24 + np.arange(-8, 9) - 5, -2**24 - np.arange(0, 8) - 5,
            rng.integers(-2**31, 2**31, 30)]).astype(np.int32),
    }


def write_inputs(directory):
    arrays = make_inputs()
    for name, shape, dtype in ARGUMENTS:
        array = arrays[name]
        assert array.shape == shape, (name, array.shape)
        path = "%s/%s.npy" % (directory, name)
        if dtype == "bf16":
            enc = R.BF16.round(np.where(np.isnan(array), 0, array), np.signbit(array),
                               np.isnan(array), "nearest_even", False)
            assert np.array_equal(R.BF16.decode(enc), array, equal_nan=True)
            R.write_npy(path, enc, "bfloat16")
        else:
            np.save(path, array)


# --------------------------------------------------------------------------
# Checking.


def read_values(path):
    """float64 values of a float .npy (bf16 decoded), or the integers."""
    descr, array = R.read_npy(path)
    if descr == "bfloat16":
        return R.BF16.decode(array)
    return array.astype(np.float64) if array.dtype.kind == "f" else array.astype(np.int64)


def storage_value(qtype, raw):
    """The storage value a stored i8 or i32 (or an extended i4) represents."""
    raw = raw.astype(np.int64)
    if qtype.storage[0] == "u":
        return raw & ((1 << qtype.bits) - 1)
    if qtype.bits == 4:  # the i8 test values 0..15 truncated to i4
        return ((raw & 15) ^ 8) - 8
    return raw


def float_bits(values, expressed):
    if expressed == "f32":
        return values.astype(np.float32).view(np.uint32)
    if expressed == "f16":
        return values.astype(np.float16).view(np.uint16)
    return R.BF16.round(values, np.signbit(values), np.isnan(values), "nearest_even", False)


def check(directory, out):
    selftest.run(np.zeros(0, np.uint32))
    inputs = {name: read_values("%s/%s.npy" % (directory, name)) for name, _, _ in ARGUMENTS}
    failures = 0
    for name, what, tname, argument in RESULTS:
        qtype = TYPES[tname]
        x = inputs[argument]
        got = read_values("%s/%s.npy" % (out, name))
        label = "%s %s" % (what, name.split(".")[1])
        if what == "quantize":
            want = quantize(qtype, x)
            got = storage_value(qtype, got)
            bad = np.nonzero(got != want)
        else:
            if what == "dequantize":
                want = dequantize(qtype, storage_value(qtype, x.astype(np.int64)))
            else:
                want = dequantize(qtype, quantize(qtype, x))
            bad = np.nonzero(float_bits(got, qtype.expressed) != float_bits(want, qtype.expressed))
        if got.shape != want.shape:
            print("%s: FAIL: shape %s, expected %s" % (label, got.shape, want.shape))
            failures += 1
        elif bad[0].size:
            print("%s: FAIL: %d of %d values differ" % (label, bad[0].size, got.size))
            for index in list(zip(*bad))[:8]:
                print("  %s input %r: got %r, expected %r" % (
                    index, x[index], got[index], want[index]))
            failures += 1
        else:
            print("%s: %d values exact" % (label, got.size))
    if not failures:
        print("all exact")
    return failures


def main():
    if sys.argv[1] == "inputs":
        write_inputs(sys.argv[2])
        return 0
    return 1 if check(sys.argv[2], sys.argv[3]) else 0


if __name__ == "__main__":
    sys.exit(main())
