"""The reference of adaptive intermediate storage, worked out from the rules
of docs/adaptive-runtime.md independently of the runtime's code.

usage: check_storage.py INPUT.npy ROWS WINDOW GRANULARITY MIN_SQNR FORMATS
                        STORED.npy [STATS.json NAME]

Splits INPUT (2-D, float32) into batches of ROWS rows, and stores each batch
as the runtime does: over the last WINDOW batches (the current one
included), per granule (the tensor, or each column for 'channel'), the
range [min, max] of the finite values extended to include 0, the count and
the sum of squares; the SQNR of an integer format is 10 log10(S / N) with
N = sum over granules of count * scale^2 / 12, scale = (max - min) /
(qmax - qmin); that of a float format is measured from the round trip of
each batch's values. The narrowest format (by bits) reaching MIN_SQNR is
chosen, else the best. The batch is then rounded: integers with zero point
clamp(rhe(qmin - min / scale)) and q = clamp(rhe(x / scale) + zp), back as
float32((q - zp) * scale); floats by their round trip. Writes the stored
batches to STORED.npy (what the kernels then read), and with STATS checks
the ap-run stats of value NAME: the number of batches per format and the
last batch's scales and zero points. Prints 'storage: ok' and the formats,
or what differs."""
import json
import sys

import numpy as np

BITS = {"i8": 8, "u8": 8, "i16": 16, "i32": 32, "f16": 16, "bf16": 16, "f32": 32}
INTEGER_RANGE = {"i8": (-128, 127), "u8": (0, 255), "i16": (-32768, 32767)}


def round_trip(values, name):
    if name == "f32":
        return values.astype(np.float32)
    if name == "f16":
        return values.astype(np.float16).astype(np.float32)
    raise SystemExit("unsupported float format " + name)


def affine(low, high, name):
    qmin, qmax = INTEGER_RANGE[name]
    scale = (high - low) / (qmax - qmin) if high > low else 1.0
    zero_point = min(max(np.round(qmin - low / scale), qmin), qmax)
    return scale, int(zero_point)


def main():
    (path, rows, window, granularity, min_sqnr, formats, stored_path) = sys.argv[1:8]
    rows, window, min_sqnr = int(rows), int(window), float(min_sqnr)
    formats = formats.split(",")
    x = np.load(path).astype(np.float32)
    batches = x.shape[0] // rows
    columns = x.shape[1] if granularity == "channel" else 1
    order = sorted(range(len(formats)), key=lambda i: BITS[formats[i]])
    statistics = []  # per batch: (min, max, count, sum of squares, {float format: error})
    stored = np.empty_like(x)
    chosen_formats, last = [], None
    for b in range(batches):
        data = x[b * rows:(b + 1) * rows].astype(np.float64)
        granules = data.reshape(rows, -1) if columns > 1 else data.reshape(-1, 1)
        errors = {f: float(((round_trip(data.astype(np.float32), f).astype(np.float64) - data) ** 2).sum())
                  for f in formats if f.startswith(("f", "bf"))}
        statistics.append((granules.min(axis=0), granules.max(axis=0), granules.shape[0],
                           (granules ** 2).sum(axis=0), errors))
        recent = statistics[-window:]
        low = np.minimum(0.0, np.min([s[0] for s in recent], axis=0))
        high = np.maximum(0.0, np.max([s[1] for s in recent], axis=0))
        count = sum(s[2] for s in recent)
        signal = sum(float(s[3].sum()) for s in recent)

        def sqnr(name):
            if name in INTEGER_RANGE:
                noise = 0.0
                for lo, hi in zip(low, high):
                    if hi > lo:
                        scale = affine(lo, hi, name)[0]
                        noise += count * scale * scale / 12.0
            else:
                noise = sum(s[4][name] for s in recent)
            return np.inf if noise == 0 else 10 * np.log10(signal / noise)

        choice, best = formats[order[0]], -np.inf
        for i in order:
            value = sqnr(formats[i])
            if value >= min_sqnr:
                choice = formats[i]
                break
            if value > best:
                best, choice = value, formats[i]
        chosen_formats.append(choice)
        block = x[b * rows:(b + 1) * rows]
        if choice in INTEGER_RANGE:
            qmin, qmax = INTEGER_RANGE[choice]
            params = [affine(lo, hi, choice) for lo, hi in zip(low, high)]
            scales = np.array([p[0] for p in params])
            zps = np.array([p[1] for p in params], dtype=np.float64)
            if columns == 1:
                scales, zps = scales[0], zps[0]
            q = np.clip(np.round(np.clip(block.astype(np.float64) / scales, qmin - zps - 1, qmax - zps + 1)) + zps, qmin, qmax)
            stored[b * rows:(b + 1) * rows] = ((q - zps) * scales).astype(np.float32)
            last = (b, choice, [p[0] for p in params], [p[1] for p in params])
        else:
            stored[b * rows:(b + 1) * rows] = round_trip(block, choice)
            last = (b, choice, [], [])
    np.save(stored_path, stored)

    problems = []
    if len(sys.argv) > 8:
        stats_path, name = sys.argv[8:10]
        storage = json.load(open(stats_path))["storage"]
        value = next((v for v in storage["values"] if v["name"] == name), None)
        if value is None:
            raise SystemExit("no stored value '%s' in %s" % (name, stats_path))
        expected = {f: chosen_formats.count(f) for f in set(chosen_formats)}
        if value["chosen"] != expected:
            problems.append("chosen %s, expected %s" % (value["chosen"], expected))
        if (value["last"]["batch"], value["last"]["format"]) != last[:2]:
            problems.append("last %s, expected %s" % (value["last"], last))
        elif value["last"]["zero_points"] != last[3] or not np.allclose(
                value["last"]["scales"], last[2], rtol=1e-15, atol=0):
            problems.append("last parameters %s, expected %s" % (value["last"], last))
    print("storage: " + ("ok" if not problems else "; ".join(problems)))
    print("formats: " + " ".join(chosen_formats))


main()
