#!/usr/bin/env python3
"""Checks figures of a JSON document (ap-run's --stats and --trace output).

  check_json.py FILE PATH=NUMBER ... [--processes NAME,NAME,...]

PATH is a dotted path into the document (list indices are numbers, e.g.
links.0.busy_time); NUMBER is compared with a relative tolerance of 1e-9.
--processes checks a Chrome trace: its events are a list, and the names
given by the "process_name" metadata events are exactly NAME,... in the
order of their pids. Standard library only."""
import json
import math
import sys


def lookup(document, path):
    value = document
    for key in path.split("."):
        value = value[int(key)] if isinstance(value, list) else value[key]
    return value


def main():
    path = sys.argv[1]
    with open(path) as f:
        document = json.load(f)
    failures = []
    arguments = sys.argv[2:]
    while arguments:
        argument = arguments.pop(0)
        if argument == "--processes":
            expected = arguments.pop(0).split(",")
            events = document["traceEvents"]
            names = sorted((e["pid"], e["args"]["name"]) for e in events
                           if e.get("ph") == "M" and
                           e.get("name") == "process_name")
            found = [name for _, name in names]
            if found != expected:
                failures.append("processes: found %s, expected %s" %
                                (found, expected))
            continue
        key, expected = argument.split("=", 1)
        value = lookup(document, key)
        if not math.isclose(value, float(expected), rel_tol=1e-9,
                            abs_tol=1e-18):
            failures.append("%s: found %r, expected %s" % (key, value, expected))
    for failure in failures:
        print("%s: %s" % (path, failure))
    if failures:
        sys.exit(1)
    print("%s: ok" % path)


if __name__ == "__main__":
    main()
