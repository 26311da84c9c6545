#!/usr/bin/env python3
"""Writes x[0, 0, i, j] = (((32 i + j) * 37) mod 101 - 50) / 64 as a
1x1x32x32 float32 .npy file (standard library only), the input that
Inputs/lenet-main.mlir builds in IR."""
import struct
import sys

values = [((((32 * i + j) * 37) % 101) - 50) / 64.0
          for i in range(32) for j in range(32)]
header = "{'descr': '<f4', 'fortran_order': False, 'shape': (1, 1, 32, 32), }"
header += " " * (64 - (10 + len(header) + 1) % 64) + "\n"
with open(sys.argv[1], "wb") as f:
    f.write(b"\x93NUMPY\x01\x00" + struct.pack("<H", len(header)))
    f.write(header.encode("latin1"))
    f.write(struct.pack("<%df" % len(values), *values))
