#!/usr/bin/env python3
"""Writes a seeded array of random integers as an .npy file (standard
library only): int8 over the whole range [-128, 127] (the first elements
-128, 127, 0, -1, so that the extremes always occur), or int32 over
[-2^31, 2^31).

usage: int8-make-npy.py OUTPUT i8|i32 SEED DIM..."""
import random
import struct
import sys

out, dtype, seed = sys.argv[1], sys.argv[2], int(sys.argv[3])
shape = tuple(int(d) for d in sys.argv[4:])
count = 1
for d in shape:
    count *= d
rng = random.Random(seed)
if dtype == "i8":
    descr, code, low, high = "|i1", "b", -128, 127
    values = [-128, 127, 0, -1][:count]
else:
    descr, code, low, high = "<i4", "i", -2**31, 2**31 - 1
    values = []
values += [rng.randint(low, high) for _ in range(count - len(values))]
dims = ", ".join(str(d) for d in shape) + ("," if len(shape) == 1 else "")
header = "{'descr': '%s', 'fortran_order': False, 'shape': (%s), }" % (descr,
                                                                      dims)
header += " " * (64 - (10 + len(header) + 1) % 64) + "\n"
with open(out, "wb") as f:
    f.write(b"\x93NUMPY\x01\x00" + struct.pack("<H", len(header)))
    f.write(header.encode("latin1"))
    f.write(struct.pack("<%d%s" % (count, code), *values))
