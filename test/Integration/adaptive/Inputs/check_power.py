"""Checks the resource policy's reaction to the power cap of power-cap.json
(see power-cap.test): once the cap is in force, the policy lowers the
precision of the switch point that loses the least accuracy per joule saved
(main#1: 0.0004 of loss for 6.6e-8 J per inference at f16, against main#4's
0.0001 for 1.0e-8 J), and from one window (1 ms) after that step on, the
power over every window is under the cap.

The power of a window is the idle power of the target plus the dynamic
joules of the inferences in it (each inference's energy less the idle power
over its latency, spread evenly over its latency and counted pro rata of
its overlap with the window) over the window's length.

usage: check_power.py stats.json cap_time cap_watts idle_watts window
"""
import json
import sys

stats = json.load(open(sys.argv[1]))
cap_time, cap, idle, window = (float(v) for v in sys.argv[2:6])

decisions = stats["adaptive"]["decisions"]
for d in decisions:
    print("decision:", d["inference"], d["point"], d["from"], "->", d["to"],
          "|", d["reason"])
assert decisions, "the policy did not react to the cap"
first = decisions[0]
assert first["time"] >= cap_time, "a step before the cap"
assert (first["point"], first["from"], first["to"]) == ("main#1", "f32", "f16")
assert first["reason"].startswith("power "), first["reason"]

inferences = [(i["start"], i["end"], i["energy"] - idle * i["latency"])
              for i in stats["inferences"]]

def power(end):
    begin = end - window
    joules = 0.0
    for start, stop, dynamic in inferences:
        overlap = min(stop, end) - max(start, begin)
        if overlap > 0:
            joules += dynamic * overlap / (stop - start)
    return idle + joules / window

before = power(cap_time)
print(f"power over the window before the cap: {before:.6f} W (cap {cap} W)")
assert before > cap, "the cap should bite"
settled = first["time"] + window
ends = [stop for _, stop, _ in inferences if stop >= settled]
assert ends, "the run ends before the reaction settles"
worst = max(power(t) for t in ends)
print(f"worst power over a window after {settled:.6f} s: {worst:.6f} W")
assert worst <= cap
print("power: ok")
