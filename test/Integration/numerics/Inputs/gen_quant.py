#!/usr/bin/env python3
"""Writes an MLIR test program for ap.quantize and ap.dequantize.

`main` quantizes constant tensors of interesting values (ties, values just
around ties, the clamping bounds, infinities, NaN, negative zero, subnormals)
and dequantizes constant tensors of storage values (every value of 4- and
8-bit storage, the extremes and a sample of wider storage) for each of a
list of !quant.uniform types: per tensor and per axis; i4, u4, i8, u8, i16,
i32 and narrow storage; f32, f16, bf16 and f64 expressed types. It prints
the storage values (quantize) and the result bits (dequantize) as i64.

The tests run it constant-folded by `ap-opt --canonicalize` and lowered by
`ap-opt --ap-lower-numerics`, and compare the outputs.
"""

import math
import random
import struct

# (expressed, storage, storage min, storage max, signed, params, axis)
# params: list of (scale, zero point); axis None for per-tensor.
CASES = [
    ("f32", "i8", -128, 127, True, [(0.1, -3)], None),
    ("f32", "u8", 0, 255, False, [(0.0173, 128)], None),
    ("f32", "i4", -8, 7, True, [(0.37, 1)], None),
    ("f32", "u4", 0, 15, False, [(1.5, 7)], None),
    ("f32", "i16", -32768, 32767, True, [(3.1e-4, -100)], None),
    ("f32", "i32", -2**31, 2**31 - 1, True, [(1e-6, 12345)], None),
    ("f32", "i8<-127:127>", -127, 127, True, [(0.05, 0)], None),
    ("f32", "u8<1:200>", 1, 200, False, [(0.25, 3)], None),
    ("f32", "i8", -128, 127, True,
     [(0.1, -1), (0.25, 0), (3.0, 5), (1e-3, -128)], 1),
    ("f16", "i8", -128, 127, True, [(0.1, 2)], None),
    ("f16", "i16", -32768, 32767, True, [(1e-4, 0)], None),
    ("f16", "u4", 0, 15, False, [(0.5, 8), (0.3, 0)], 0),
    ("bf16", "u8", 0, 255, False, [(0.3, 100)], None),
    ("bf16", "i32", -2**31, 2**31 - 1, True, [(1e-3, 0)], None),
    ("bf16", "i4", -8, 7, True, [(0.7, 0), (2.5, -2), (1e-30, 3)], 1),
    ("f64", "i16", -32768, 32767, True, [(0.001, 7)], None),
    ("f64", "i32", -2**31, 2**31 - 1, True, [(1e-7, -5), (3.0, 9)], 0),
]

CHANNELS_OTHER = 4  # extent of the non-quantized dimension of per-axis cases


def f32_bits(x):
    return struct.unpack("<I", struct.pack("<f", x))[0]


def to_bits(expressed, x):
    """Bits of x rounded (to nearest) to `expressed`."""
    if expressed == "f64":
        return struct.unpack("<Q", struct.pack("<d", x))[0]
    if expressed == "f16":
        try:
            return struct.unpack("<H", struct.pack("<e", x))[0]
        except OverflowError:
            return 0x7C00 if x > 0 else 0xFC00
    try:
        b = f32_bits(x)
    except OverflowError:
        b = 0x7F800000 if x > 0 else 0xFF800000
    if expressed == "f32":
        return b
    # bf16: round the f32 bits to nearest even (NaN excluded by callers).
    return ((b + 0x7FFF + ((b >> 16) & 1)) >> 16) & 0xFFFF


WIDTH = {"f64": 64, "f32": 32, "f16": 16, "bf16": 16}
SPECIALS = {
    "f64": [0x7FF8000000000000, 0xFFF0000000000001, 0x7FF0000000000000,
            0xFFF0000000000000, 0x8000000000000000, 0x7FEFFFFFFFFFFFFF,
            0xFFEFFFFFFFFFFFFF, 1],
    "f32": [0x7FC00000, 0xFF800001, 0x7F800000, 0xFF800000, 0x80000000,
            0x7F7FFFFF, 0xFF7FFFFF, 1],
    "f16": [0x7E00, 0xFC01, 0x7C00, 0xFC00, 0x8000, 0x7BFF, 0xFBFF, 1],
    "bf16": [0x7FC0, 0xFF81, 0x7F80, 0xFF80, 0x8000, 0x7F7F, 0xFF7F, 1],
}


def quantize_inputs(rng, expressed, smin, smax, params, count):
    values = list(SPECIALS[expressed])
    while len(values) < count:
        scale, zp = rng.choice(params)
        low, high = smin - zp - 3, smax - zp + 3
        if high - low > 600:
            k = rng.choice([rng.randint(low, low + 200),
                            rng.randint(high - 200, high),
                            rng.randint(-200, 200), rng.randint(low, high)])
        else:
            k = rng.randint(low, high)
        frac = rng.choice([0.0, 0.5, 0.5, 0.25, rng.random(),
                           0.5 + 1e-7, 0.5 - 1e-7, 0.5 + 1e-3, 0.5 - 1e-3])
        x = (k + frac) * scale * rng.choice([1, 1, 1, 1 + 2**-20, 1 - 2**-20])
        values.append(to_bits(expressed, x))
    return values[:count]


def dequantize_inputs(rng, smin, smax, count):
    if smax - smin < count:
        values = list(range(smin, smax + 1))
    else:
        values = [smin, smax, 0, -1 if smin < 0 else 1, smin + 1, smax - 1]
        while len(values) < count:
            values.append(rng.choice([rng.randint(smin, smax),
                                      rng.randint(-300, 300),
                                      rng.randint(smin, smin + 300),
                                      rng.randint(smax - 300, smax)]))
            values[-1] = min(max(values[-1], smin), smax)
    while len(values) % 16:
        values.append(values[len(values) % 7])
    return values[:count] if len(values) > count else values


def fmt(x):
    """`x` as an MLIR float literal."""
    text = repr(float(x))
    mantissa, _, exponent = text.partition("e")
    if "." not in mantissa:
        mantissa += ".0"
    return mantissa + ("e" + exponent if exponent else "")


def qtype(expressed, storage, params, axis):
    if axis is None:
        scale, zp = params[0]
        return "!quant.uniform<%s:%s, %s:%d>" % (storage, expressed, fmt(scale),
                                                 zp)
    return "!quant.uniform<%s:%s:%d, {%s}>" % (
        storage, expressed, axis,
        ", ".join("%s:%d" % (fmt(s), z) for s, z in params))


def shape_for(count, params, axis):
    """A 2-D shape with `count` elements whose dimension `axis` has one
    entry per scale."""
    if axis is None:
        return [count // 16, 16]
    channels = len(params)
    other = count // channels
    return [channels, other] if axis == 0 else [other, channels]


def main():
    rng = random.Random(7)
    out = ["// Generated by gen_quant.py.",
           "func.func private @printMemrefI64(memref<*xi64>)",
           "func.func @main() {"]
    n = 0

    def emit_print(value, shape, elem, signed, is_float, width):
        nonlocal n
        dims = "x".join(str(d) for d in shape)
        wide = "tensor<%sxi64>" % dims
        src = value
        if is_float:
            out.append("  %%i%d = arith.bitcast %s : tensor<%sx%s> to "
                       "tensor<%sxi%d>" % (n, src, dims, elem, dims, width))
            src = "%%i%d" % n
            elem = "i%d" % width
        if width < 64:
            out.append("  %%w%d = arith.%s %s : tensor<%sx%s> to %s" % (
                n, "extsi" if signed else "extui", src, dims, elem, wide))
            src = "%%w%d" % n
        out.append("  %%m%d = bufferization.to_buffer %s read_only : %s to "
                   "memref<%sxi64>" % (n, src, wide, dims))
        out.append("  %%u%d = memref.cast %%m%d : memref<%sxi64> to "
                   "memref<*xi64>" % (n, n, dims))
        out.append("  call @printMemrefI64(%%u%d) : (memref<*xi64>) -> ()" % n)
        n += 1

    for expressed, storage, smin, smax, signed, params, axis in CASES:
        qt = qtype(expressed, storage, params, axis)
        width = WIDTH[expressed]
        swidth = int(storage.split("<")[0][1:])
        # Quantize.
        count = 256 if axis is None else 64 * len(params)
        shape = shape_for(count, params, axis)
        dims = "x".join(str(d) for d in shape)
        bits = quantize_inputs(rng, expressed, smin, smax, params, count)
        data = b"".join(b.to_bytes(width // 8, "little") for b in bits)
        out.append('  vector.print str "quantize %s\\n"' % qt)
        out.append('  %%x%d = arith.constant dense<"0x%s"> : tensor<%sx%s>' % (
            n, data.hex().upper(), dims, expressed))
        out.append("  %%q%d = ap.quantize %%x%d : tensor<%sx%s> -> tensor<%sx%s>"
                   % (n, n, dims, expressed, dims, qt))
        out.append("  %%s%d = quant.scast %%q%d : tensor<%sx%s> to "
                   "tensor<%sxi%d>" % (n, n, dims, qt, dims, swidth))
        emit_print("%%s%d" % n, shape, "i%d" % swidth, signed, False, swidth)
        # Dequantize.
        stored = dequantize_inputs(rng, smin, smax, 256)
        if axis is not None:
            while len(stored) % len(params):
                stored.append(0)
        count = len(stored)
        shape = shape_for(count, params, axis)
        if axis is None and count % 16:
            shape = [count, 1]
        dims = "x".join(str(d) for d in shape)
        out.append('  vector.print str "dequantize %s\\n"' % qt)
        # Storage values as signless integers of the storage width.
        signless = [v - (1 << swidth) if v >= (1 << (swidth - 1)) else v
                    for v in stored]
        rows = [signless[i:i + shape[1]]
                for i in range(0, len(signless), shape[1])]
        literal = "[%s]" % ", ".join(
            "[%s]" % ", ".join(str(v) for v in row) for row in rows)
        out.append("  %%k%d = arith.constant dense<%s> : tensor<%sxi%d>" % (
            n, literal, dims, swidth))
        out.append("  %%t%d = quant.scast %%k%d : tensor<%sxi%d> to "
                   "tensor<%sx%s>" % (n, n, dims, swidth, dims, qt))
        out.append("  %%d%d = ap.dequantize %%t%d : tensor<%sx%s> -> "
                   "tensor<%sx%s>" % (n, n, dims, qt, dims, expressed))
        emit_print("%%d%d" % n, shape, expressed, False, True, width)
    out.append("  return")
    out.append("}")
    print("\n".join(out))


if __name__ == "__main__":
    main()
