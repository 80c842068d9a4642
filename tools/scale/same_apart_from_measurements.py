#!/usr/bin/env python3
"""Checks that two sweep output folders hold the same results apart from measurements (times, peak memory) (issue 14, the 2-GPU check).

    python3 tools/scale/same_apart_from_measurements.py EXPECTED_DIR ACTUAL_DIR

The same rule as the Harness tests' ResultsAssert.SameApartFromMeasurements, for machines without the .NET SDK (the GPU
machine): results.csv rows keyed by run_id with ResultsSchema.MeasuredColumns removed, and results.predictions.jsonl
records with prefill_ms zeroed, must be equal. Exit 0 and one summary line when they are; exit 1 naming the first
difference otherwise.
"""
import csv
import json
import sys

# Mirrors Harness/PruneBench.Harness/Results/ResultsSchema.cs (MeasuredColumns: times and the device memory high-water mark).
TIMING = {"timestamp_utc", "prefill_ms_mean", "prefill_ms_p50", "prefill_ms_p90", "speedup_vs_baseline", "reducer_overhead_ms", "peak_mem_mb"}


def rows(folder):
    with open(f"{folder}/results.csv", newline="") as f:
        return {r["run_id"]: {k: v for k, v in r.items() if k not in TIMING} for r in csv.DictReader(f)}


def predictions(folder):
    with open(f"{folder}/results.predictions.jsonl") as f:
        return sorted(json.dumps({**json.loads(line), "prefill_ms": 0}, sort_keys=True) for line in f if line.strip())


def main(expected, actual):
    a, b = rows(expected), rows(actual)
    if a.keys() != b.keys():
        print(f"run ids differ: only in {expected}: {sorted(a.keys() - b.keys())[:3]}, only in {actual}: {sorted(b.keys() - a.keys())[:3]}")
        return 1
    for run_id in sorted(a):
        diff = [k for k in a[run_id] if a[run_id][k] != b[run_id].get(k)]
        if diff:
            print(f"run {run_id}: {diff[0]} is {a[run_id][diff[0]]!r} in {expected}, {b[run_id].get(diff[0])!r} in {actual}")
            return 1
    pa, pb = predictions(expected), predictions(actual)
    if pa != pb:
        first = next(i for i, (x, y) in enumerate(zip(pa, pb)) if x != y) if len(pa) == len(pb) else min(len(pa), len(pb))
        print(f"predictions differ ({len(pa)} vs {len(pb)} records), first at sorted record {first}")
        return 1
    print(f"same apart from measurements: {len(a)} rows, {len(pa)} predictions")
    return 0


if __name__ == "__main__":
    if len(sys.argv) != 3:
        print(__doc__.strip().splitlines()[2].strip(), file=sys.stderr)
        sys.exit(2)
    sys.exit(main(sys.argv[1], sys.argv[2]))
