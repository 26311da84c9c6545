"""Prints the verification of an ap-assignment report (verified.test)."""

import json
import sys

report = json.load(open(sys.argv[1]))
tolerance = float(sys.argv[2])
print("algorithm", report["algorithm"], "metric", report["metric"],
      "examples", report["examples"])
iterations = report["verification"]
for it in iterations:
    raised = it["raised"]
    tail = ("raised %s to %s by %s" % (raised["op"], raised["precision"],
                                       raised["rule"]) if raised else "final")
    estimated = it["estimated_loss"]
    print("iteration %d: %s estimated %s measured %.3f %s" % (
        it["iteration"], " ".join(it["choices"]),
        "0" if estimated == 0 else "%.3f" % estimated, it["measured_loss"],
        tail))
print("ops:", " ".join(op["input"] for op in report["ops"]))
print("measured_loss %.3f <= tolerance %g: %s" % (
    report["measured_loss"], tolerance, report["measured_loss"] <= tolerance))
if len(iterations) > 1:
    print("every measured loss above the tolerance but the last:",
          all(it["measured_loss"] > tolerance for it in iterations[:-1])
          and iterations[-1]["measured_loss"] == report["measured_loss"])
