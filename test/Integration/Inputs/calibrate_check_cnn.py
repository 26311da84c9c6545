#!/usr/bin/env python3
"""Checks the profile of the Fashion-MNIST CNN calibrated at granularity layer
on examples/fashion-mnist/calibration-images.npy (300 images, 3 batches of
100), for test/Integration/calibrate.test:

    calibrate_check_cnn.py PROFILE IMAGES

A value for every layer, in program order, each counting 300 times the
elements of one example's tensor; histograms of 2048 bins over [min, max]
that count every value; the input's statistics equal to NumPy's (min and max
exactly, mean and variance to 1e-12); one timing per kernel, each launched
once per batch. Prints one line per value and "cnn profile ok".
"""
import json
import sys

import numpy as np

# (id, elements of one example): the input, then each layer's result.
LAYERS = [("main.arg0", 28 * 28 * 1),
          ("main.conv_2d_nhwc_hwcf0", 26 * 26 * 16),
          ("main.pooling_nhwc_max0", 13 * 13 * 16),
          ("main.conv_2d_nhwc_hwcf1", 11 * 11 * 32),
          ("main.pooling_nhwc_max1", 5 * 5 * 32),
          ("main.matmul0", 128),
          ("main.matmul1", 10)]
EXAMPLES = 300


def fail(message):
    print("FAIL: " + message)
    sys.exit(1)


def main():
    with open(sys.argv[1]) as f:
        profile = json.load(f)
    images = np.load(sys.argv[2]).astype(np.float64)
    if (profile["format"], profile["version"], profile["batches"],
            profile["granularity"]) != ("ap-profile", 2, 3, "layer"):
        fail("header %r" % ({k: v for k, v in profile.items()
                             if k not in ("timings", "values")},))
    ids = [value["id"] for value in profile["values"]]
    if ids != [name for name, _ in LAYERS]:
        fail("values %r" % ids)
    for value, (name, elements) in zip(profile["values"], LAYERS):
        if value["count"] != EXAMPLES * elements:
            fail("%s: count %d, expected %d" % (name, value["count"],
                                                 EXAMPLES * elements))
        hist = value["histogram"]
        if (len(hist["counts"]) != 2048 or sum(hist["counts"]) != value["count"]
                or hist["min"] != value["min"] or hist["max"] != value["max"]):
            fail("%s: histogram" % name)
        if not value["min"] <= value["mean"] <= value["max"]:
            fail("%s: mean %r" % (name, value["mean"]))
        print("%s: %d values (%d per image) in [%.6g, %.6g]" %
              (name, value["count"], elements, value["min"], value["max"]))
    first = profile["values"][0]
    if first["min"] != images.min() or first["max"] != images.max():
        fail("input range [%r, %r]" % (first["min"], first["max"]))
    for key, expected in (("mean", images.mean()), ("variance", images.var())):
        if abs(first[key] - expected) > 1e-12 * abs(expected):
            fail("input %s %r, NumPy %r" % (key, first[key], expected))
    # The 16 kernels of the CNN (as ap-cost-report numbers them), each
    # launched once per batch in pass 2.
    ops = sorted(timing["op"] for timing in profile["timings"])
    if ops != sorted("main#%d" % i for i in range(16)):
        fail("timings %r" % ops)
    for timing in profile["timings"]:
        if timing["count"] != 3 or not timing["time"] > 0:
            fail("timing %r" % timing)
    print("cnn profile ok")


main()
