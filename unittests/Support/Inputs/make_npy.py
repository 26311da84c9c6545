#!/usr/bin/env python3
"""Writes the .npy files NpyTest.cpp reads, with NumPy itself.

Run once from this directory (`python3 make_npy.py`, NumPy from the Debian
package python3-numpy); the files are committed, so the test does not need
NumPy. NpyTest.cpp states the values it expects in each file.
"""

import numpy as np
from numpy.lib import format as npformat


def save(name, array, version=None, allow_pickle=False):
    with open(name, "wb") as f:
        npformat.write_array(f, array, version=version,
                             allow_pickle=allow_pickle)


# Plain C-order arrays of several dtypes and shapes.
save("f4_2x3.npy", (np.arange(6, dtype="<f4") * 0.5).reshape(2, 3))
save("f8_scalar.npy", np.array(3.25, dtype="<f8"))
save("i8_0x3.npy", np.zeros((0, 3), dtype="<i8"))
save("b1_4.npy", np.array([True, False, False, True]))
save("u2_3.npy", np.array([1, 256, 65535], dtype="<u2"))
save("f2_3.npy", np.array([1.0, -2.0, 0.5], dtype="<f2"))
save("i2_1.npy", np.array([-7], dtype="<i2"))

# Fortran order: NumPy writes the elements in column-major order.
save("i1_fortran_2x3.npy",
     np.asfortranarray(np.arange(6, dtype=np.int8).reshape(2, 3)))
save("f4_fortran_2x3x4.npy",
     np.asfortranarray(np.arange(24, dtype="<f4").reshape(2, 3, 4)))

# Big-endian data, also in Fortran order.
save("i4_big_3.npy", np.array([1, -2, 0x01020304], dtype=">i4"))
save("f8_big_fortran_2x2.npy",
     np.asfortranarray(np.array([[1.0, 2.0], [3.0, 4.0]], dtype=">f8")))

# Format versions 2.0 and 3.0.
save("f4_v2_2.npy", np.array([1.5, -1.0], dtype="<f4"), version=(2, 0))
save("u1_v3_2.npy", np.array([7, 200], dtype="u1"), version=(3, 0))

# Files the reader refuses.
save("object_2.npy", np.array([1, "a"], dtype=object), allow_pickle=True)
save("void2_2.npy", np.zeros(2, dtype="V2"))
save("c8_2.npy", np.array([1 + 2j, 3], dtype="<c8"))
