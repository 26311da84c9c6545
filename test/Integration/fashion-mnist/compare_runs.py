#!/usr/bin/env python3
"""Compares the summaries of two ap-run runs on the Fashion-MNIST test set.

  compare_runs.py NAME BASELINE.txt CANDIDATE.txt [--max-drop POINTS]
                  [--faster] [--at-most-slower FRACTION]

Reads the top-1 accuracy and the simulated makespan of each summary and
prints one line; fails (exit 1, "FAIL: ...") when the candidate's accuracy
is more than POINTS below the baseline's, when --faster is given and the
candidate's makespan is not strictly smaller, or when it is more than
FRACTION slower. Standard library only."""
import re
import sys


def figures(path):
    text = open(path).read()
    accuracy = re.search(r"top-1 accuracy: ([0-9.]+)%", text)
    makespan = re.search(r"simulated: makespan ([0-9.e+-]+) s", text)
    if not accuracy or not makespan:
        sys.exit("FAIL: %s has no accuracy or makespan" % path)
    return float(accuracy.group(1)), float(makespan.group(1))


def main():
    arguments = sys.argv[1:]
    name, baseline, candidate = arguments[:3]
    options = arguments[3:]
    (base_accuracy, base_time) = figures(baseline)
    (accuracy, time) = figures(candidate)
    print("%s: accuracy %.2f%% vs %.2f%%, makespan %.4g s vs %.4g s (%.1f%%)" %
          (name, accuracy, base_accuracy, time, base_time,
           100 * (time / base_time - 1)))
    failures = []
    while options:
        option = options.pop(0)
        if option == "--max-drop":
            points = float(options.pop(0))
            if accuracy < base_accuracy - points:
                failures.append("accuracy drops by more than %g points" %
                                points)
        elif option == "--faster":
            if not time < base_time:
                failures.append("not faster")
        elif option == "--at-most-slower":
            fraction = float(options.pop(0))
            if time > base_time * (1 + fraction):
                failures.append("more than %g%% slower" % (100 * fraction))
        else:
            sys.exit("unknown option " + option)
    if failures:
        print("FAIL: " + "; ".join(failures))
        sys.exit(1)
    print("%s: ok" % name)


if __name__ == "__main__":
    main()
