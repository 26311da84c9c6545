#!/usr/bin/env python3
"""Compares the logits ap-run wrote with the ones PyTorch computed when the
model was trained (examples/fashion-mnist/*-test-logits.npy).

usage: compare_logits.py REFERENCE.npy APRUN.npy TOLERANCE
Prints the worst absolute difference and whether the top-1 classes agree;
exits non-zero when a difference exceeds TOLERANCE."""
import sys

import numpy as np

reference = np.load(sys.argv[1])
aprun = np.load(sys.argv[2])
tolerance = float(sys.argv[3])
if reference.shape != aprun.shape:
    sys.exit("shapes differ: %s and %s" % (reference.shape, aprun.shape))
worst = float(np.max(np.abs(reference.astype(np.float64) - aprun)))
agree = int(np.sum(reference.argmax(1) == aprun.argmax(1)))
print("compared %d logits, worst absolute difference %.3g, top-1 agrees on %d"
      " of %d" % (reference.size, worst, agree, reference.shape[0]))
if worst > tolerance:
    sys.exit("difference %.3g exceeds %g" % (worst, tolerance))
