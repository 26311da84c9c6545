"""Checks that ap-run's simulated run is ap-partition's prediction.

usage: compare_prediction.py REPORT STATS FUNCTION

The makespan and the energy ap-run reports (format ap-run-stats) must equal
those the partitioner predicted for FUNCTION (format ap-partition), and so
must every device's launches and busy time and every link's bytes: the
prediction simulates the same events with the same rules.
"""
import json
import math
import sys

report_path, stats_path, function = sys.argv[1:4]
report = json.load(open(report_path))
stats = json.load(open(stats_path))
assert report["format"] == "ap-partition", report["format"]
predicted = [f for f in report["functions"] if f["function"] == function]
assert predicted, f"no function {function} in {report_path}"
predicted = predicted[0]
assert stats["error"] is None, stats["error"]


def same(what, simulated, expected):
    if not math.isclose(simulated, expected, rel_tol=1e-12, abs_tol=0.0):
        sys.exit(f"{what}: simulated {simulated!r}, predicted {expected!r}")


same("makespan", stats["makespan"], predicted["makespan"])
same("energy", stats["energy"]["total"], predicted["energy"]["total"])
for device, expected in zip(stats["devices"], predicted["devices"]):
    assert device["launches"] == expected["launches"], (device, expected)
    same(device["name"] + " busy time", device["busy_time"],
         expected["busy_time"])
for link, expected in zip(stats["links"], predicted["links"]):
    assert link["bytes"] == expected["bytes"], (link, expected)
print(f"{function}: makespan {stats['makespan']:.6e} s as predicted, "
      f"{sum(d['launches'] for d in stats['devices'])} launches on "
      f"{sum(1 for d in stats['devices'] if d['launches'])} devices")
