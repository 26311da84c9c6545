#!/usr/bin/env python3
"""Prints an ap-assignment report (ap-assign-precision report=FILE) as lines
that the decision tests check with FileCheck:

  algorithm optimal proved_optimal true
  main#1 (A) f8E4M3FN acc f32 loss 0.09 exec 128 ns
  skipped main#5 (C): <reason>
  total loss 0.094 exec 256 ns (before 2560 ns)
  tolerance 0.1

(a tolerance of 'inf' is written as null: "tolerance inf").
Times are printed in nanoseconds with 6 significant digits, losses with 6.
Transfer times are not printed (the decision tests do not depend on them);
instead the script checks that every figure the report derives is
consistent: the objective is w_exec * exec + w_xfer * transfer + w_acc *
loss of the totals, the totals are the sums over the ops, each op's "after"
figures are those of its chosen candidate, and a proved optimum equals its
lower bound. It prints "consistent" when all hold, else what does not.
"""

import json
import math
import sys


def close(a, b):
    return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-18)


def main():
    with open(sys.argv[1]) as f:
        report = json.load(f)
    problems = []
    if report.get("format") != "ap-assignment" or report.get("version") != 1:
        problems.append("not an ap-assignment version 1 report")
    print("algorithm %s proved_optimal %s" % (
        report["algorithm"], str(report["proved_optimal"]).lower()))
    exec_after = transfer_after = loss_total = exec_before = 0.0
    for op in report["ops"]:
        label = op["op"] + (" (%s)" % op["loc"] if op.get("loc") else "")
        print("%s %s acc %s loss %.6g exec %.6g ns" % (
            label, op["input"], op["accumulator"], op["estimated_loss"],
            op["after"]["exec_time"] * 1e9))
        chosen = [c for c in op["candidates"] if c["precision"] == op["input"]]
        if len(chosen) != 1:
            problems.append("%s: the chosen precision is not one candidate"
                            % label)
        else:
            c = chosen[0]
            if not (close(c["exec_time"], op["after"]["exec_time"]) and
                    close(c["transfer_time"], op["after"]["transfer_time"]) and
                    close(c["estimated_loss"], op["estimated_loss"])):
                problems.append("%s: 'after' is not the chosen candidate"
                                % label)
        exec_after += op["after"]["exec_time"]
        transfer_after += op["after"]["transfer_time"]
        loss_total += op["estimated_loss"]
        exec_before += op["before"]["exec_time"]
    for skipped in report["skipped"]:
        label = skipped["op"] + (" (%s)" % skipped["loc"]
                                 if skipped.get("loc") else "")
        print("skipped %s: %s" % (label, skipped["reason"]))
    totals = report["totals"]
    print("total loss %.6g exec %.6g ns (before %.6g ns)" % (
        totals["estimated_loss"], totals["exec_time"]["after"] * 1e9,
        totals["exec_time"]["before"] * 1e9))
    w = report["weights"]
    if not close(totals["estimated_loss"], loss_total):
        problems.append("the total loss is not the sum of the ops'")
    if not close(totals["exec_time"]["after"], exec_after):
        problems.append("the total execution time is not the sum")
    if not close(totals["exec_time"]["before"], exec_before):
        problems.append("the total execution time before is not the sum")
    if not close(totals["transfer_time"]["after"], transfer_after):
        problems.append("the total transfer time is not the sum")
    objective = (w["exec"] * exec_after + w["xfer"] * transfer_after +
                 w["acc"] * loss_total)
    if not close(totals["objective"], objective):
        problems.append("objective %r, expected %r" % (totals["objective"],
                                                       objective))
    if report["proved_optimal"] and not close(report["lower_bound"],
                                              totals["objective"]):
        problems.append("proved optimal, but the lower bound differs")
    tolerance = report["tolerance"]
    print("tolerance %s" % ("inf" if tolerance is None else "%.6g" % tolerance))
    if tolerance is not None and loss_total > tolerance * (1 + 1e-9):
        problems.append("the total loss exceeds the tolerance")
    print("\n".join(problems) if problems else "consistent")


if __name__ == "__main__":
    main()
