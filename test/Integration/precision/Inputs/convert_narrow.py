#!/usr/bin/env python3
"""Conversions from every encoding of the narrow formats (convert-narrow.test).

  convert_narrow.py inputs DIR
      writes DIR/f16.npy, bf16.npy, f8E4M3FN.npy, f8E5M2.npy: every encoding
      of the format, in order (65536, 65536, 256, 256 values; bf16 and fp8
      with the ml_dtypes descrs ap-run reads);
  convert_narrow.py check DIR OUT...
      compares OUT/<source>.<destination>.<i>.npy, written by ap-run from
      Inputs/convert-narrow.mlir, bit for bit with the reference of fpref.py;
      prints one line per file, then "all bit-exact" or exits with status 1.

Widening to f32 is exact (the reference decodes each encoding from its
definition, checks the f32 holds it exactly, canonicalizes NaN to the quiet
NaN with the input's sign and, with saturate, clamps infinities to the f32
max); the conversions between narrow formats round by enumeration
(fpref.Format.round), with the variants of NARROW_VARIANTS.
"""
import sys

sys.dont_write_bytecode = True
import numpy as np  # noqa: E402

import fpref as R  # noqa: E402
import selftest  # noqa: E402

SOURCES = [R.F16, R.BF16, R.F8E4M3FN, R.F8E5M2]
F32_VARIANTS = [("exact", "nearest_even", False, None),
                ("exact_sat", "nearest_even", True, None)]
NARROW_VARIANTS = [("nearest_even", "nearest_even", False, None),
                   ("nearest_even_sat", "nearest_even", True, None),
                   ("toward_zero", "toward_zero", False, None),
                   ("stochastic_sat", "stochastic", True, 11)]


def results():
    """(source, destination, i, variant) in the order of the results of
    convert-narrow.mlir."""
    out = []
    for src in SOURCES:
        for i, variant in enumerate(F32_VARIANTS):
            out.append((src, R.F32, i, variant))
        for dst in SOURCES:
            if dst is not src:
                for i, variant in enumerate(NARROW_VARIANTS):
                    out.append((src, dst, i, variant))
    return out


DESCR = {R.BF16: "bfloat16", R.F8E4M3FN: "float8_e4m3fn", R.F8E5M2: "float8_e5m2"}


def every_encoding(fmt):
    return np.arange(1 << fmt.width, dtype=np.int64).astype(fmt.uint)


def write_inputs(directory):
    for fmt in SOURCES:
        bits = every_encoding(fmt)
        path = "%s/%s.npy" % (directory, fmt.name)
        if fmt is R.F16:
            np.save(path, bits.view(np.float16))
        else:
            R.write_npy(path, bits, DESCR[fmt])


def check(directory, outputs):
    selftest.run(np.zeros(0, np.uint32))
    inputs = {}
    for fmt in SOURCES:
        bits = R.bits_of("%s/%s.npy" % (directory, fmt.name), fmt)
        assert np.array_equal(bits, every_encoding(fmt))
        inputs[fmt] = bits
    want = {}
    for src, dst, i, (name, mode, saturate, seed) in results():
        want[src, dst, i] = R.convert(src, inputs[src], dst, mode, saturate, seed)
    failures = 0
    for out in outputs:
        print("results in %s" % out)
        for src, dst, i, (name, _, _, _) in results():
            got = R.bits_of("%s/%s.%s.%d.npy" % (out, src.name, dst.name, i), dst,
                            inputs[src].shape)
            failures += R.compare_bits(
                "%s -> %s %s" % (src.name, dst.name, name), dst, got,
                want[src, dst, i], inputs[src],
                lambda b, src=src: R.hexbits(src, b))
    if not failures:
        print("all bit-exact")
    return failures


def main():
    if sys.argv[1] == "inputs":
        write_inputs(sys.argv[2])
        return 0
    return 1 if check(sys.argv[2], sys.argv[3:]) else 0


if __name__ == "__main__":
    sys.exit(main())
