#!/usr/bin/env python3
"""Prints the timeline of a Chrome trace written by ap-run --trace, one line
per complete ("X") event, by process (in pid order) then start time:

  <process name>: <cat> <name> [<start>, <end>] us

with start and end in microseconds of simulated time, printed with 6
significant digits (%g) so that the rounding of sums of doubles does not
show. Used by two-devices-e2e.test; standard library only."""
import json
import sys


def main():
    with open(sys.argv[1]) as f:
        events = json.load(f)["traceEvents"]
    names = {e["pid"]: e["args"]["name"] for e in events
             if e.get("ph") == "M" and e.get("name") == "process_name"}
    spans = sorted((e["pid"], e["ts"], e["ts"] + e["dur"], e["cat"], e["name"])
                   for e in events if e.get("ph") == "X")
    for pid, start, end, cat, name in spans:
        print("%s: %s %s [%g, %g] us" % (names[pid], cat, name, start, end))


if __name__ == "__main__":
    main()
