#!/usr/bin/env python3
"""Runs algorithms of the `truthdiscovery` package (1.0.4) on a triples CSV and scores them against
a gold CSV, for benches/compare.sh.

    python td_run.py TRIPLES.csv GOLD.csv ALG[,ALG...]

ALG: MajorityVoting, Sums, AverageLog, Investment, PooledInvestment, TruthFinder (package defaults).
Prints one JSON object per algorithm: name, accuracy (ties earn 1/k, as in corroborate), seconds
(the algorithm alone) and load_seconds (reading the CSV and building the package's Dataset).
"""
import csv
import json
import sys
import time

import truthdiscovery as td


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
        credit = 0.0
        for q, v in gold:
            beliefs = res.belief.get(q)
            if not beliefs:
                continue
            best = max(beliefs.values())
            top = [x for x, b in beliefs.items() if b >= best - 1e-9]
            if v in top:
                credit += 1.0 / len(top)
        print(json.dumps({"peer": "truthdiscovery", "algorithm": name,
                          "accuracy": credit / len(gold), "seconds": secs,
                          "load_seconds": load}), flush=True)


if __name__ == "__main__":
    main()
