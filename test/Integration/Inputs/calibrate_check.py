#!/usr/bin/env python3
"""Checks a profile that `ap-run --calibrate` wrote against statistics
computed here with NumPy, for test/Integration/calibrate.test.

    calibrate_check.py PROFILE FUNCTION BATCHES GRANULARITY LAUNCHES DATA...

FUNCTION is the entry of Inputs/calibrate.mlir that ran (main, two or
observed), BATCHES the number of batches calibrated on (the first ones of
the data), GRANULARITY the profile's ("op", "layer" or "none" for no key),
LAUNCHES the output of `ap-opt --convert-ap-to-apsim` on the same module
(whose apsim.launch ops carry the cost model's times) and DATA the .npy
files, one per argument.

Every value of the functions is exact in f32 and so are the statistics of the
data the test uses (multiples of 1/4, two batches), so count, min, max, mean,
variance and every histogram count must be equal, not close. Prints one line
per value and per timing, and "profile ok".
"""
import json
import math
import re
import sys

import numpy as np

NUM_BINS = 2048
W = np.array([[1.0, 0.0, -1.0], [0.5, 0.25, 0.0], [0.0, 2.0, 1.0],
              [-0.25, 1.0, 0.5]], dtype=np.float32)


def fail(message):
    print("FAIL: " + message)
    sys.exit(1)


def expected_values(function, arguments, granularity):
    """The observed values, in the order ap-instrument observes them."""
    if function == "main":
        (x,) = arguments
        y = x * np.float32(0.5)
        z = y + x
        m = np.stack([z[i:i + 2] @ W for i in range(0, len(z), 2)])
        values = [("main.arg0", x), ("main.mul0", y), ("main.add0", z),
                  ("main.matmul0", m)]
        if granularity == "layer":
            values = [values[0], values[3]]
        return values
    if function == "two":
        a, b = arguments
        return [("two.arg0", a), ("two.arg1", b), ("two.sub0", a - b)]
    if function == "observed":
        (x,) = arguments
        return [("negated", -x)]
    fail("unknown function " + function)


def histogram(values, low, high):
    """Histogram::getBin: floor((v - min) / (max - min) * N), the maximum in
    the last bin, in double precision as the runtime computes it."""
    counts = [0] * NUM_BINS
    for v in values:
        if not v > low or high == low:
            counts[0] += 1
        elif v >= high:
            counts[-1] += 1
        else:
            counts[min(int(math.floor((v - low) / (high - low) * NUM_BINS)),
                       NUM_BINS - 1)] += 1
    return counts


def check_value(entry, name, data):
    values = np.asarray(data, dtype=np.float64).ravel()
    if entry["id"] != name:
        fail("value %s where %s was expected" % (entry["id"], name))
    expected = {"count": len(values), "min": values.min(),
                "max": values.max(), "mean": values.mean(),
                "variance": values.var()}
    for key, value in expected.items():
        if entry[key] != value:
            fail("%s: %s is %r, expected %r" % (name, key, entry[key], value))
    hist = entry["histogram"]
    if hist["min"] != values.min() or hist["max"] != values.max():
        fail("%s: histogram range [%r, %r]" % (name, hist["min"], hist["max"]))
    counts = histogram(values, values.min(), values.max())
    if hist["counts"] != counts:
        fail("%s: histogram counts differ" % name)
    p = np.array([c for c in counts if c]) / len(values)
    if abs(entry["entropy"] - float(-(p * np.log2(p)).sum())) > 1e-12:
        fail("%s: entropy %r" % (name, entry["entropy"]))
    if sorted(entry["percentiles"]) != sorted(
            ["0.01", "0.1", "1", "50", "99", "99.9", "99.99"]):
        fail("%s: percentiles %r" % (name, sorted(entry["percentiles"])))
    print("%s: count %d min %r max %r mean %r variance %r, %d non-empty "
          "bins" % (name, len(values), values.min(), values.max(),
                    values.mean(), values.var(), sum(1 for c in counts if c)))


def launch_times(path):
    """(cost key, device, precision) -> time of the apsim.launch ops."""
    pattern = re.compile(r'apsim\.launch "([^"]+)" on @(\w+)\S* precision '
                         r'(\w+) .*cost #apsim\.cost<time = ([^,]+),')
    times = {}
    with open(path) as f:
        for line in f:
            match = pattern.search(line)
            if match:
                key, device, precision, time = match.groups()
                times[(key, device, precision)] = float(time)
    return times


def main():
    path, function, batches, granularity, launches = sys.argv[1:6]
    batches = int(batches)
    arguments = [np.load(f)[:2 * batches] for f in sys.argv[6:]]
    with open(path) as f:
        profile = json.load(f)

    if profile["format"] != "ap-profile" or profile["version"] != 2:
        fail("format %r version %r" % (profile["format"], profile["version"]))
    if profile["batches"] != batches:
        fail("batches %r" % profile["batches"])
    if profile.get("granularity", "none") != granularity:
        fail("granularity %r" % profile.get("granularity"))

    expected = expected_values(function, arguments, granularity)
    if len(profile["values"]) != len(expected):
        fail("%d values, expected %d" % (len(profile["values"]),
                                         len(expected)))
    for entry, (name, data) in zip(profile["values"], expected):
        check_value(entry, name, data)

    # Each kernel ran once per batch in pass 2, at the cost model's time.
    times = {key: time for key, time in launch_times(launches).items()
             if key[0].startswith(function + "#")}
    if len(profile["timings"]) != len(times):
        fail("%d timings, %d launches" % (len(profile["timings"]), len(times)))
    for timing in profile["timings"]:
        key = (timing["op"], timing["device"], timing["precision"])
        if key not in times:
            fail("timing %r has no launch" % (key,))
        if timing["count"] != batches:
            fail("%s: count %r" % (timing["op"], timing["count"]))
        if abs(timing["time"] - times[key]) > 1e-15 * times[key]:
            fail("%s: time %r, launch %r" % (timing["op"], timing["time"],
                                             times[key]))
        print("timing %s on %s at %s: %d launches of %r s" %
              (timing["op"], timing["device"], timing["precision"],
               timing["count"], timing["time"]))
    print("profile ok")


main()
