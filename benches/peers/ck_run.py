#!/usr/bin/env python3
"""Runs aggregation models of `crowd-kit` (1.4.2) on a triples CSV read with pandas, and scores
them against a gold CSV, for benches/compare.sh and benches/real_sets.sh.

    python ck_run.py TRIPLES.csv GOLD.csv MODEL[,MODEL...]

MODEL: MajorityVote, DawidSkene, OneCoinDawidSkene (n_iter=100, tol=1e-5, the package's defaults
otherwise). Prints one JSON object per model: name; `accuracy` (share of every gold line: crowd-kit
returns one label per task, so there are no ties); `accuracy_found` and `accuracy_smallest` (over
the gold questions that have a claim; the same number, as there are no ties); `ece` and `brier` of
the model's probability for its label; `seconds` (the model alone) and `load_seconds` (pandas
reading the CSV).
"""
import json
import sys
import time

import pandas as pd
from crowdkit import aggregation


def calibration(pairs):
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
    triples, gold_path, models = sys.argv[1], sys.argv[2], sys.argv[3].split(",")
    t0 = time.time()
    df = pd.read_csv(triples, dtype=str, keep_default_na=False)
    df = df.rename(columns={"source": "worker", "question": "task", "value": "label"})
    load = time.time() - t0
    gold = pd.read_csv(gold_path, dtype=str, keep_default_na=False)
    for name in models:
        cls = getattr(aggregation, name)
        model = cls() if name == "MajorityVote" else cls(n_iter=100, tol=1e-5)
        t = time.time()
        labels = model.fit_predict(df)
        secs = time.time() - t
        predicted = gold["question"].map(labels)
        right = predicted == gold["value"]
        found = int(predicted.notna().sum())
        accuracy = float(right.sum()) / len(gold)
        probas = getattr(model, "probas_", None)
        pairs = []
        if probas is not None:
            for q, v, p in zip(gold["question"], gold["value"], predicted):
                if isinstance(p, str) and q in probas.index:
                    pairs.append((float(probas.loc[q, p]), 1.0 if p == v else 0.0))
        ece, brier = calibration(pairs)
        print(json.dumps({"peer": "crowd-kit", "algorithm": name, "accuracy": accuracy,
                          "accuracy_found": float(right.sum()) / found if found else 0.0,
                          "accuracy_smallest": float(right.sum()) / found if found else 0.0,
                          "ece": ece, "brier": brier,
                          "seconds": secs, "load_seconds": load}), flush=True)


if __name__ == "__main__":
    main()
