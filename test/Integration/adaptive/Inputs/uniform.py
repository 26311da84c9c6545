"""Writes an .npy of `rows` x `cols` float32 values uniform in [-1, 1) drawn
with numpy's RandomState(seed): the inputs of the adaptive tests."""
import sys

import numpy as np

path, rows, cols, seed = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
np.save(path, np.random.RandomState(seed).uniform(-1, 1, (rows, cols)).astype(np.float32))
