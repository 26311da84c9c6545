#!/usr/bin/env python3
"""Writes the numbers given after the file name as a 1-D float32 .npy file
(standard library only): make_f32_npy.py out.npy 0.5 2049 ..."""
import struct
import sys

values = [float(v) for v in sys.argv[2:]]
header = "{'descr': '<f4', 'fortran_order': False, 'shape': (%d,), }" % len(values)
header += " " * (64 - (10 + len(header) + 1) % 64) + "\n"
with open(sys.argv[1], "wb") as f:
    f.write(b"\x93NUMPY\x01\x00" + struct.pack("<H", len(header)))
    f.write(header.encode("latin1"))
    f.write(struct.pack("<%df" % len(values), *values))
