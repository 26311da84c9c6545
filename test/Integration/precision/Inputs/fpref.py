"""Independent reference for the precision tests of ap-run (NumPy only).

Nothing here is taken from ap: the formats are written down from their
definitions and conversions are rounded by *enumeration*, not by bit
manipulation. For a destination format every non-negative finite value is
listed in encoding order (the encodings of non-negative numbers of these
formats increase with the value); a value |x| is placed between its two
neighbours lo <= |x| < hi with a binary search and rounded by the rule of the
mode:

- nearest_even: the nearer of lo and hi; on a tie (2|x| == lo + hi, exact in
  float64 since both neighbours have at most 11 significant bits) the one
  with the even encoding, i.e. the even last significand bit (IEEE 754
  roundTiesToEven).
- toward_zero: lo.
- stochastic: hi iff bits < (|x| - lo) / (hi - lo) * 2^32 (compared
  exactly, see Format.round), where bits are the high 32 bits of the i-th
  output (counting from 0) of SplitMix64 (Vigna's generator: state +=
  0x9E3779B97F4A7C15, two xor-shift-multiply steps, a final xor-shift)
  seeded with the op's seed, as ap.convert's documentation specifies.

Above the largest finite value `max` the list continues with one virtual
value, max + (the spacing of the top binade): the value the next encoding
would have with an unbounded exponent (2^(emax+1) for the IEEE formats,
480 = 1.875 * 2^8 for f8E4M3FN, whose S.1111.111 is NaN). A result at or
beyond it has overflowed: with `saturate` it is +-max; otherwise an
infinity, or NaN for f8E4M3FN, which has no infinity (OCP 8-bit floating
point specification, v1.0). toward_zero never overflows (IEEE: the result
is +-max). An infinite input gives +-max with `saturate`, else the infinity
(NaN for f8E4M3FN). A NaN input gives the destination's quiet NaN with the
input's sign (ap's documented canonical NaN: the exponent all ones and the
top significand bit set; S.1111.111 for f8E4M3FN). The sign of the result is
the input's, zero included (-tiny rounds to -0).

Formats (sign, exponent, significand bits, bias):
  f32 1.8.23 bias 127, f16 1.5.10 bias 15, bf16 1.8.7 bias 127,
  f8E5M2 1.5.2 bias 15 (IEEE-like: infinities and NaNs, max 57344),
  f8E4M3FN 1.4.3 bias 7 (no infinities, one NaN magnitude S.1111.111,
  max S.1111.110 = 448).

The module also reads and writes the .npy files ap-run uses, including the
ml_dtypes descrs ('bfloat16', 'float8_e4m3fn', 'float8_e5m2') that NumPy
alone cannot load.
"""
import ast
import struct

import numpy as np


class Format:
    def __init__(self, name, ebits, mbits, bias, ieee):
        self.name = name
        self.ebits = ebits
        self.mbits = mbits
        self.bias = bias
        # IEEE-like: the all-ones exponent holds the infinities and NaNs.
        # Otherwise (the "FN" formats) only S.1...1.1...1 is NaN.
        self.ieee = ieee
        self.width = 1 + ebits + mbits
        self.sign_bit = 1 << (self.width - 1)
        self.mag_mask = self.sign_bit - 1
        self.exp_ones = (1 << ebits) - 1
        self.man_mask = (1 << mbits) - 1
        if ieee:
            self.max_enc = (self.exp_ones << mbits) - 1
            self.inf_enc = self.exp_ones << mbits
            self.qnan_enc = (self.exp_ones << mbits) | (1 << (mbits - 1))
        else:
            self.max_enc = self.mag_mask - 1
            self.inf_enc = None
            self.qnan_enc = self.mag_mask
        self.uint = {8: np.uint8, 16: np.uint16, 32: np.uint32}[self.width]
        self._table = None

    def decode_magnitude(self, mag):
        """The value of a non-negative encoding, or None for Inf/NaN."""
        e = mag >> self.mbits
        f = mag & self.man_mask
        if self.ieee and e == self.exp_ones:
            return None
        if not self.ieee and mag == self.mag_mask:
            return None
        if e == 0:
            return float(f) * 2.0 ** (1 - self.bias - self.mbits)
        return float((1 << self.mbits) | f) * 2.0 ** (e - self.bias - self.mbits)

    def is_nan_bits(self, bits):
        mag = bits.astype(np.int64) & self.mag_mask
        if self.ieee:
            return mag > (self.exp_ones << self.mbits)
        return mag == self.mag_mask

    def is_inf_bits(self, bits):
        if not self.ieee:
            return np.zeros(bits.shape, bool)
        return (bits.astype(np.int64) & self.mag_mask) == self.inf_enc

    def decode(self, bits):
        """float64 values of an array of encodings (NaN for NaN; +-inf)."""
        bits = np.asarray(bits).astype(np.int64)
        mag = bits & self.mag_mask
        e = mag >> self.mbits
        f = mag & self.man_mask
        normal = (f | (1 << self.mbits)).astype(np.float64) * np.exp2(
            (e - self.bias - self.mbits).astype(np.float64))
        sub = f.astype(np.float64) * 2.0 ** (1 - self.bias - self.mbits)
        value = np.where(e == 0, sub, normal)
        value = np.where(self.is_inf_bits(bits), np.inf, value)
        value = np.where(self.is_nan_bits(bits), np.nan, value)
        return np.where((bits & self.sign_bit) != 0, -value, value)

    def table(self):
        """Every non-negative finite value in encoding order, then the
        virtual value past max, then +inf (a sentinel)."""
        if self._table is None:
            assert self.width <= 16, "no table of %s" % self.name
            values = [self.decode_magnitude(k) for k in range(self.max_enc + 1)]
            assert all(a < b for a, b in zip(values, values[1:])), self.name
            top_spacing = values[-1] - values[-2]
            values.append(values[-1] + top_spacing)
            values.append(float("inf"))
            self._table = np.array(values, np.float64)
        return self._table

    def round(self, x, sign, nan, mode, saturate, bits=None):
        """Encodings of the float64 values x (finite or +-inf; NaN where
        `nan`), whose sign bits are `sign` (so that -0 keeps its sign).
        `bits`: the stochastic bits of each element (uint32)."""
        table = self.table()
        ax = np.abs(np.where(nan, 0.0, x))
        inf = np.isinf(ax)
        ax = np.where(inf, 0.0, ax)
        idx = np.searchsorted(table, ax, side="right") - 1
        idx = np.minimum(idx, len(table) - 2)
        lo = table[idx]
        hi = table[idx + 1]
        if mode == "nearest_even":
            twice, middle = 2.0 * ax, lo + hi
            up = (twice > middle) | ((twice == middle) & (idx % 2 == 1))
            enc = idx + up
        elif mode == "toward_zero":
            enc = np.minimum(idx, self.max_enc)
        elif mode == "stochastic":
            # hi iff bits < (|x| - lo) / (hi - lo) * 2^32, compared as
            # bits * (hi - lo) < (|x| - lo) * 2^32. Every term is exact in
            # float64: |x|, lo and hi are values of f32 or narrower formats
            # (multiples of 2^-149 below 2^129); hi - lo is the spacing of
            # the destination there, a power of two; |x| - lo is 0 when lo
            # is, else |x| and lo are less than a factor 2 apart, so their
            # difference needs at most 25 significant bits; the factors are
            # a 32-bit integer and a power of two. Past the virtual value
            # (hi infinite) the result overflows anyway.
            with np.errstate(invalid="ignore"):
                away = bits.astype(np.float64) * (hi - lo) < (ax - lo) * 2.0**32
            enc = idx + (away & (idx <= self.max_enc))
        else:
            raise ValueError(mode)
        over = enc > self.max_enc
        if saturate:
            special = self.max_enc
        else:
            special = self.inf_enc if self.ieee else self.qnan_enc
        enc = np.where(over, special, enc)
        enc = np.where(inf, special, enc)
        enc = np.where(nan, self.qnan_enc, enc)
        enc = enc | np.where(sign, self.sign_bit, 0)
        return enc.astype(self.uint)


F16 = Format("f16", 5, 10, 15, True)
BF16 = Format("bf16", 8, 7, 127, True)
F8E5M2 = Format("f8E5M2", 5, 2, 15, True)
F8E4M3FN = Format("f8E4M3FN", 4, 3, 7, False)
F32 = Format("f32", 8, 23, 127, True)  # a source only (no table)

F32_MAX_BITS = 0x7F7FFFFF


def widen_to_f32(fmt, bits, saturate):
    """The f32 encodings of the exact widening of `fmt` encodings."""
    value = fmt.decode(bits)
    nan = np.isnan(value)
    sign = (bits.astype(np.int64) & fmt.sign_bit) != 0
    with np.errstate(invalid="ignore"):
        out = value.astype(np.float32)
    # The widening must be exact: every value fits in f32.
    assert np.all((out.astype(np.float64) == value) | nan)
    out = out.view(np.uint32).astype(np.int64)
    if saturate:
        out = np.where(np.isinf(value), F32_MAX_BITS, out)
    out = np.where(nan, 0x7FC00000, out)
    out = out | np.where(sign, 0x80000000, 0)
    return out.astype(np.uint32)


def splitmix64_high32(seed, count):
    """The high 32 bits of outputs 0 .. count-1 of SplitMix64(seed)."""
    golden = np.uint64(0x9E3779B97F4A7C15)
    i = np.arange(1, count + 1, dtype=np.uint64)
    with np.errstate(over="ignore"):
        z = np.uint64(seed) + i * golden
        z = (z ^ (z >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
        z = (z ^ (z >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
        z = z ^ (z >> np.uint64(31))
    return (z >> np.uint64(32)).astype(np.uint32)


def convert(src, bits, dst, mode, saturate, seed=None):
    """Reference ap.convert from `src` encodings to `dst` encodings."""
    bits = np.asarray(bits)
    value = src.decode(bits)
    nan = np.isnan(value)
    sign = (bits.astype(np.int64) & src.sign_bit) != 0
    if dst is F32:
        assert mode in ("nearest_even", "toward_zero", "stochastic")
        return widen_to_f32(src, bits, saturate)
    rbits = splitmix64_high32(seed, bits.size) if mode == "stochastic" else None
    return dst.round(value, sign, nan, mode, saturate, rbits)


# --------------------------------------------------------------------------
# .npy files

# descr -> (the unsigned type that holds the bits, or a NumPy type, format)
ML_DTYPES = {"bfloat16": (np.uint16, BF16), "float8_e4m3fn": (np.uint8, F8E4M3FN),
             "float8_e5m2": (np.uint8, F8E5M2)}


def read_npy(path):
    """Returns (descr, array). ml_dtypes arrays come back as their bits."""
    with open(path, "rb") as f:
        data = f.read()
    assert data[:6] == b"\x93NUMPY", path
    major = data[6]
    if major == 1:
        (hlen,), start = struct.unpack("<H", data[8:10]), 10
    else:
        (hlen,), start = struct.unpack("<I", data[8:12]), 12
    header = ast.literal_eval(data[start:start + hlen].decode("latin1"))
    assert not header["fortran_order"], path
    descr = header["descr"]
    dtype = ML_DTYPES[descr][0] if descr in ML_DTYPES else np.dtype(descr)
    array = np.frombuffer(data[start + hlen:], dtype=dtype)
    return descr, array.reshape(header["shape"])


def write_npy(path, array, descr=None):
    """Writes `array`; with `descr` (an ml_dtypes name), its bits as that
    type."""
    array = np.ascontiguousarray(array)
    if descr is None:
        np.save(path, array)
        return
    assert array.dtype == ML_DTYPES[descr][0]
    header = "{'descr': '%s', 'fortran_order': False, 'shape': %r, }" % (
        descr, tuple(array.shape))
    header += " " * (63 - (10 + len(header)) % 64) + "\n"
    with open(path, "wb") as f:
        f.write(b"\x93NUMPY\x01\x00" + struct.pack("<H", len(header)))
        f.write(header.encode("latin1"))
        f.write(array.tobytes())


def bits_of(path, fmt, shape=None):
    """The encodings stored in an ap-run output of format `fmt` (and
    `shape`, when given), flattened."""
    descr, array = read_npy(path)
    assert shape is None or array.shape == tuple(shape), "%s: shape %s, expected %s" % (
        path, array.shape, tuple(shape))
    expected = {F16: "<f2", F32: "<f4", BF16: "bfloat16",
                F8E4M3FN: "float8_e4m3fn", F8E5M2: "float8_e5m2"}[fmt]
    assert descr == expected, "%s: descr %r, expected %r" % (path, descr, expected)
    return array.view(fmt.uint).reshape(-1) if descr[0] in "<|" else array.reshape(-1)


def hexbits(fmt, value):
    return "0x%0*X" % (fmt.width // 4, int(value))


def compare_bits(label, fmt, got, want, inputs, describe, limit=8):
    """Prints one line; returns the number of mismatches (printing a few)."""
    got = np.asarray(got).astype(np.int64).reshape(-1)
    want = np.asarray(want).astype(np.int64).reshape(-1)
    if got.shape != want.shape:
        print("%s: FAIL: %d values, expected %d" % (label, got.size, want.size))
        return 1
    bad = np.nonzero(got != want)[0]
    if bad.size == 0:
        print("%s: %d values bit-exact" % (label, got.size))
        return 0
    print("%s: FAIL: %d of %d values differ" % (label, bad.size, got.size))
    for i in bad[:limit]:
        print("  [%d] input %s: got %s, expected %s" %
              (i, describe(inputs[i]), hexbits(fmt, got[i]), hexbits(fmt, want[i])))
    return int(bad.size)
