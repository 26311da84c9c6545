#!/usr/bin/env python3
"""Writes an .mlir module that applies one ap precision change to a weight
tensor of N x N f32 values (normally distributed, seed 0) stored in a
dense_resource blob, as imported models store their weights.

Usage: gen_fold_input.py N OP OUT.mlir
OP: f16 | bf16 | f8E4M3FN | f8E5M2 | bf16-stochastic | i8-per-channel | none
"""
import random
import struct
import sys


def main():
    n, op, out = int(sys.argv[1]), sys.argv[2], sys.argv[3]
    rng = random.Random(0)
    values = [rng.gauss(0.0, 0.05) for _ in range(n * n)]
    blob = struct.pack("<I", 4) + struct.pack(f"<{n * n}f", *values)
    t = f"tensor<{n}x{n}xf32>"
    if op == "none":
        body, rtype, ret = "", t, "%w"
    elif op == "i8-per-channel":
        scales = ", ".join(["0.0015"] * n)
        q = f"tensor<{n}x{n}x!quant.uniform<i8:f32:1, {{{scales}}}>>"
        body = f"  %r = ap.quantize %w : {t} -> {q}\n"
        rtype, ret = q, "%r"
    else:
        fmt, rounding = op, ""
        if op == "bf16-stochastic":
            fmt, rounding = "bf16", " rounding stochastic seed 1"
        r = f"tensor<{n}x{n}x{fmt}>"
        body = f"  %r = ap.convert %w{rounding} : {t} -> {r}\n"
        rtype, ret = r, "%r"
    with open(out, "w") as f:
        f.write(f"func.func @weights() -> {rtype} {{\n")
        f.write(f"  %w = arith.constant dense_resource<w> : {t}\n")
        f.write(body)
        f.write(f"  return {ret} : {rtype}\n}}\n")
        f.write("{-#\n  dialect_resources: {\n    builtin: {\n")
        f.write(f'      w: "0x{blob.hex().upper()}"\n')
        f.write("    }\n  }\n#-}\n")


if __name__ == "__main__":
    main()
