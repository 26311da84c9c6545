#!/usr/bin/env python3
"""Compares the numbers of two printouts within a tolerance (standard
library only). Each printout is either an upstream printMemref output (the
`data =` part is read) or the values of `ap-run --print-results`.

usage: compare_values.py REFERENCE APRUN TOLERANCE
Every pair must satisfy |a - b| <= TOLERANCE * max(1, |b|)."""
import re
import sys

NUMBER = r"[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?|[-+]?(?:inf|nan)"


def values(text):
    if "data =" not in text:
        return aprun_values(text)
    data = text[text.index("data =") + len("data ="):]
    return [float(v) for v in re.findall(NUMBER, data)]


def aprun_values(text):
    return [float(line.split()[-1]) for line in text.splitlines()
            if line.startswith("  [")]


upstream = values(open(sys.argv[1]).read())
aprun = values(open(sys.argv[2]).read())
tolerance = float(sys.argv[3])
if len(upstream) != len(aprun) or not upstream:
    sys.exit("different counts: %d and %d" %
             (len(upstream), len(aprun)))
worst = max(abs(a - b) / max(1.0, abs(b)) for a, b in zip(aprun, upstream))
print("compared %d values, worst relative difference %.3g" %
      (len(upstream), worst))
sys.exit(0 if worst <= tolerance else 1)
