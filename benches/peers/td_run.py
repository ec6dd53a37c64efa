#!/usr/bin/env python3
"""Runs algorithms of the `truthdiscovery` package (1.0.4) on a triples CSV and scores them against
a gold CSV, for benches/compare.sh and benches/real_sets.sh.

    python td_run.py TRIPLES.csv GOLD.csv ALG[,ALG...]

ALG: MajorityVoting, Sums, AverageLog, Investment, PooledInvestment, TruthFinder (package defaults).
Prints one JSON object per algorithm: name; `accuracy` (share of every gold line, ties earning 1/k,
as corroborate's `accuracy`); `accuracy_found` (the same over the gold questions that have a claim,
the peers' figure); `accuracy_smallest` (over those, ties broken to the smallest value, the
package's own rule); `ece` and `brier` of the top answer's belief divided by the sum of its
question's beliefs (a ranking score, not a probability: shown for comparison); `seconds` (the
algorithm alone) and `load_seconds` (reading the CSV and building the package's Dataset).
"""
import csv
import json
import sys
import time

import truthdiscovery as td


def calibration(pairs):
    """ECE (10 equal bins) and Brier of (confidence, credit) pairs."""
    if not pairs:
        return 0.0, 0.0
    bins = [[0, 0.0, 0.0] for _ in range(10)]
    for c, k in pairs:
        b = min(int(c * 10), 9)
        bins[b][0] += 1
        bins[b][1] += c
        bins[b][2] += k
    ece = sum(abs(b[1] - b[2]) for b in bins) / len(pairs)
    brier = sum((c - k) ** 2 for c, k in pairs) / len(pairs)
    return ece, brier


def main():
    triples, gold_path, algs = sys.argv[1], sys.argv[2], sys.argv[3].split(",")
    t0 = time.time()
    with open(triples, newline="", encoding="utf-8") as f:
        r = csv.reader(f)
        next(r)
        rows = [(s, q, v) for s, q, v in r]
    data = td.Dataset(rows, allow_multiple=True)
    load = time.time() - t0
    with open(gold_path, newline="", encoding="utf-8") as f:
        r = csv.reader(f)
        next(r)
        gold = [(q, v) for q, v in r]
    for name in algs:
        alg = getattr(td, name)()
        t = time.time()
        res = alg.run(data)
        secs = time.time() - t
        credit = smallest = 0.0
        found = 0
        pairs = []
        for q, v in gold:
            beliefs = res.belief.get(q)
            if not beliefs:
                continue
            found += 1
            best = max(beliefs.values())
            top = sorted(x for x, b in beliefs.items() if b >= best - 1e-9)
            k = 1.0 / len(top) if v in top else 0.0
            credit += k
            smallest += 1.0 if top[0] == v else 0.0
            total = sum(beliefs.values())
            pairs.append((best / total if total > 0 else 1.0 / len(beliefs), k))
        ece, brier = calibration(pairs)
        print(json.dumps({"peer": "truthdiscovery", "algorithm": name,
                          "accuracy": credit / len(gold),
                          "accuracy_found": credit / found if found else 0.0,
                          "accuracy_smallest": smallest / found if found else 0.0,
                          "ece": ece, "brier": brier,
                          "seconds": secs, "load_seconds": load}), flush=True)


if __name__ == "__main__":
    main()
