#!/usr/bin/env python3
"""Checks the buffer discipline of straight-line code made by convert-ap-to-apsim.

Reads the converted module (text) and replays its apsim ops in order, per
function, as the runtime would: every id read (by a launch or a DMA) must be
live on the device that reads it, an id is created once (define, launch write,
DMA destination), a release names a live id, and at the return only the
buffers returned, all on the host, are still live. Prints one summary line per
function, or the first problem and exits with 1.

Usage: check_buffers.py HOST_DEVICE < converted.mlir
"""

import re
import sys

DEFINE = re.compile(r"apsim\.define (\d+) on @(\w+)")
LAUNCH = re.compile(r'apsim\.launch "[^"]*" on @(\w+).* reads \[([^\]]*)\] writes \[([^\]]*)\]')
DMA = re.compile(r"apsim\.dma .* from @(\w+)(?:::@\w+)? to @(\w+)(?:::@\w+)? .*ids (\d+) -> (\d+)")
RELEASE = re.compile(r"apsim\.release (\d+)")
FUNC = re.compile(r"func\.func (?:\w+ )?@([\w.$-]+)")


def fail(message):
    print("error: " + message)
    sys.exit(1)


def main():
    host = sys.argv[1]
    live = {}
    created = set()
    function = None
    counts = {}
    for line in sys.stdin:
        match = FUNC.search(line)
        if match:
            function = match.group(1)
            live, created = {}, set()
            counts = {"launches": 0, "dmas": 0, "releases": 0}
            continue

        def create(buffer, device):
            if buffer in created:
                fail(f"@{function}: id {buffer} created twice")
            created.add(buffer)
            live[buffer] = device

        def read(buffer, device, what):
            if buffer not in live:
                fail(f"@{function}: {what} reads id {buffer}, which is not live")
            if live[buffer] != device:
                fail(f"@{function}: {what} on @{device} reads id {buffer}, "
                     f"which lives on @{live[buffer]}")

        if match := DEFINE.search(line):
            create(int(match.group(1)), match.group(2))
        elif match := LAUNCH.search(line):
            device = match.group(1)
            counts["launches"] += 1
            for buffer in filter(None, match.group(2).split(",")):
                read(int(buffer), device, "a launch")
            for write in filter(None, match.group(3).split(",")):
                create(int(write.split(":")[0]), device)
        elif match := DMA.search(line):
            counts["dmas"] += 1
            read(int(match.group(3)), match.group(1), "a DMA")
            create(int(match.group(4)), match.group(2))
        elif match := RELEASE.search(line):
            buffer = int(match.group(1))
            if buffer not in live:
                fail(f"@{function}: releases id {buffer}, which is not live")
            counts["releases"] += 1
            del live[buffer]
        elif re.search(r"^\s*(func\.)?return\b", line) and function:
            away = sorted(b for b, d in live.items() if d != host)
            if away:
                fail(f"@{function}: ids {away} are live off the host at the return")
            print(f"@{function}: {counts['launches']} launches, "
                  f"{counts['dmas']} dmas, {counts['releases']} releases, "
                  f"{len(created)} ids, {len(live)} live at return")
            function = None


if __name__ == "__main__":
    main()
