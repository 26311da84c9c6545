#!/usr/bin/env python3
"""Checks the structure of an "ap-sensitivity" file and the orderings a
sensible sensitivity analysis shows.

  sensitivity-check.py RESULT.json [--ops N] [--source S] [--metric M]
      [--int-order] [--float-order METRIC] [--f16-below X]
      [--scaled PROXY.json IMPORT.json]

--int-order      every op's i4 loss is at least its i8 loss;
--float-order K  every op's f16 <= bf16 <= f8E4M3FN and f16 <= f8E5M2 in K
                 ("loss" or a metric name);
--f16-below X    every op's f16 loss is at most X;
--scaled P I     every loss equals the imported sensitivity of I times the
                 loss of the proxy file P (relative 1e-12).
Prints one line per check; exits non-zero on the first failure.
Standard library only."""
import json
import sys

FILE_KEYS = {"format", "version", "source", "metric", "model", "examples",
             "forward_pass_equivalents", "ops"}
OP_KEYS = {"op", "name", "loc", "candidates"}
CANDIDATE_KEYS = {"precision", "loss", "metrics"}
METRIC_KEYS = {"relative_l2", "sqnr_db", "softmax_kl", "top1_agreement",
               "top1_accuracy", "accuracy_drop"}
PRECISIONS = {"f32", "f16", "bf16", "f8E4M3FN", "f8E5M2", "i8", "i4"}


def fail(message):
    sys.exit("FAIL: " + message)


def value(candidate, key):
    return candidate["loss"] if key == "loss" else candidate["metrics"][key]


def main():
    arguments = sys.argv[1:]
    with open(arguments.pop(0)) as f:
        result = json.load(f)
    if set(result) != FILE_KEYS:
        fail("file keys %s" % sorted(result))
    if result["format"] != "ap-sensitivity" or result["version"] != 1:
        fail("format")
    losses = {}
    for op in result["ops"]:
        if not set(op) <= OP_KEYS or not {"op", "name", "candidates"} <= set(op):
            fail("op keys %s" % sorted(op))
        by_precision = {}
        for candidate in op["candidates"]:
            if not set(candidate) <= CANDIDATE_KEYS:
                fail("candidate keys %s" % sorted(candidate))
            if candidate["precision"] not in PRECISIONS:
                fail("precision %s" % candidate["precision"])
            if candidate["precision"] in by_precision:
                fail("%s twice in %s" % (candidate["precision"], op["op"]))
            if not candidate["loss"] >= 0:
                fail("negative loss in %s" % op["op"])
            if not set(candidate.get("metrics", {})) <= METRIC_KEYS:
                fail("metric keys %s" % sorted(candidate["metrics"]))
            by_precision[candidate["precision"]] = candidate
        losses[op["op"]] = by_precision
    print("structure: %d ops, source %s, metric %s" % (
        len(result["ops"]), result["source"], result["metric"]))
    while arguments:
        option = arguments.pop(0)
        if option == "--int-order":
            for key, c in losses.items():
                if not c["i4"]["loss"] >= c["i8"]["loss"]:
                    fail("%s: i4 %g < i8 %g" % (key, c["i4"]["loss"],
                                                c["i8"]["loss"]))
            print("i4 >= i8 for every op")
        elif option == "--float-order":
            metric = arguments.pop(0)
            for key, c in losses.items():
                f16, bf16 = value(c["f16"], metric), value(c["bf16"], metric)
                e4m3, e5m2 = (value(c["f8E4M3FN"], metric),
                              value(c["f8E5M2"], metric))
                if not (f16 <= bf16 <= e4m3 and f16 <= e5m2):
                    fail("%s: %s f16 %g bf16 %g f8E4M3FN %g f8E5M2 %g" % (
                        key, metric, f16, bf16, e4m3, e5m2))
            print("f16 <= bf16 <= f8E4M3FN, f16 <= f8E5M2 in %s for every op"
                  % metric)
        elif option == "--f16-below":
            bound = float(arguments.pop(0))
            for key, c in losses.items():
                if not c["f16"]["loss"] <= bound:
                    fail("%s: f16 loss %g" % (key, c["f16"]["loss"]))
            print("f16 loss <= %g for every op" % bound)
        elif option == "--scaled":
            with open(arguments.pop(0)) as f:
                proxy = {op["op"]: op for op in json.load(f)["ops"]}
            with open(arguments.pop(0)) as f:
                imported = {e["op"]: e["sensitivity"]
                            for e in json.load(f)["ops"]}
            for op in result["ops"]:
                factor = imported.get(op["op"], imported.get(op.get("loc")))
                expected = {c["precision"]: c["loss"]
                            for c in proxy[op["op"]]["candidates"]}
                for c in op["candidates"]:
                    want = factor * expected[c["precision"]]
                    if abs(c["loss"] - want) > 1e-12 * abs(want):
                        fail("%s %s: %g, expected %g" % (
                            op["op"], c["precision"], c["loss"], want))
            print("import = sensitivity x proxy for every loss")
        else:
            fail("unknown option " + option)


if __name__ == "__main__":
    main()
