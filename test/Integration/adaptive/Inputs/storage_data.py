"""Writes the inputs of the adaptive storage test: 80 x 64 float32 values
uniform in [-1, 1) drawn with numpy's RandomState(7) (20 batches of 4 rows),
where batches 10 to 14 each hold one outlier, 30.0, in row 0, column 5."""
import sys

import numpy as np

x = np.random.RandomState(7).uniform(-1, 1, (80, 64)).astype(np.float32)
for batch in range(10, 15):
    x[4 * batch, 5] = 30.0
np.save(sys.argv[1], x)
