#!/usr/bin/env python3
"""Writes the data of test/Integration/calibrate.test into the directory
given: x.npy, two batches of 2x4 f32 values (-6 .. 9) / 4, i.e. -1.5 to
2.25 in steps of 1/4; two/arg0.npy and two/arg1.npy, the same values and
their reverse; bad-shape.npy (3x5); ints.npy (2x4 int32)."""
import os
import sys

import numpy as np

out = sys.argv[1]
x = ((np.arange(16) - 6) / 4).astype(np.float32).reshape(4, 4)
np.save(os.path.join(out, "x.npy"), x)
os.makedirs(os.path.join(out, "two"), exist_ok=True)
np.save(os.path.join(out, "two", "arg0.npy"), x)
np.save(os.path.join(out, "two", "arg1.npy"), x[::-1, ::-1].copy())
np.save(os.path.join(out, "bad-shape.npy"), np.zeros((3, 5), np.float32))
np.save(os.path.join(out, "ints.npy"), np.arange(8, dtype=np.int32).reshape(2, 4))
