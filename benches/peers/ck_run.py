#!/usr/bin/env python3
"""Runs aggregation models of `crowd-kit` (1.4.2) on a triples CSV read with pandas, and scores
them against a gold CSV, for benches/compare.sh.

    python ck_run.py TRIPLES.csv GOLD.csv MODEL[,MODEL...]

MODEL: MajorityVote, DawidSkene, OneCoinDawidSkene (n_iter=100, tol=1e-5, the package's defaults
otherwise). Prints one JSON object per model: name, accuracy (crowd-kit returns one label per task,
so there are no ties), seconds (the model alone) and load_seconds (pandas reading the CSV).
"""
import json
import sys
import time

import pandas as pd
from crowdkit import aggregation


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
        accuracy = float((predicted == gold["value"]).sum()) / len(gold)
        print(json.dumps({"peer": "crowd-kit", "algorithm": name, "accuracy": accuracy,
                          "seconds": secs, "load_seconds": load}), flush=True)


if __name__ == "__main__":
    main()
