#!/usr/bin/env python3
"""Every method of corroborate and of the two Python peers on the real truth-discovery sets, and on
the synthetic sets of the same kinds that benches/realistic_sets.py writes: accuracy with both tie
rules, ECE and Brier of the top answer, iterations. Prints Markdown tables (BENCHMARKS.md, part 4).

    python3 benches/real_sets.py BIN WORK SHARED_DIR BOOK_DIR [PEER_TIMEOUT]

A peer's result on a set is kept in WORK/sets/peers.json, keyed by the set's file sizes and
modification times, so that a second run measures corroborate again but not the peers (delete the
file to measure them again). SKIP_PEERS=1 leaves the peers out.

BIN is corroborate's binary; WORK the scratch directory of benches/compare.sh, whose venv-td and
venv-ck hold the peers (when missing, peers are skipped); SHARED_DIR the normalised sets
(`NAME.claims.tsv`, `NAME.truth.tsv`, no header); BOOK_DIR the raw AbeBooks listings, converted by
benches/book_triples.py. Accuracy is over the gold questions that have at least one claim (the
peers' figure), ties earning 1/k, and with ties broken to the smallest value (the peers' own rule).
ECE (10 equal bins) and Brier score the top answer's confidence; for the peers other than crowd-kit
that is a belief score divided by its question's sum, not a probability.
"""
import csv
import json
import os
import subprocess
import sys

METHODS = ["bayes", "em", "none", "sums", "average-log", "investment", "pooled-investment",
           "truthfinder"]
TD = ["MajorityVoting", "Sums", "AverageLog", "Investment", "PooledInvestment", "TruthFinder"]
CK = ["MajorityVote", "DawidSkene", "OneCoinDawidSkene"]


def tsv_to_csv(src, dst, header):
    with open(src, encoding="utf-8") as f, open(dst, "w", newline="", encoding="utf-8") as g:
        w = csv.writer(g)
        w.writerow(header)
        for line in f:
            line = line.rstrip("\n")
            if line:
                w.writerow(line.split("\t"))


def ours(binary, triples, gold, method):
    out = subprocess.run([binary, "report", triples, "--gold", gold, "--format", "json",
                          "--method", method], capture_output=True, text=True)
    if out.returncode != 0:
        return None
    d = json.loads(out.stdout)
    a, r = d["gold"], d["reliability"]
    return {"accuracy_found": a["accuracy_found"], "accuracy_smallest": a["accuracy_smallest"],
            "ece": a["ece"], "brier": a["brier"],
            "iterations": f'{r["iterations"]}{"" if r["converged"] else " (cap)"}'}


def stamp(path):
    st = os.stat(path)
    return f"{st.st_size}:{int(st.st_mtime)}"


def peers(python, script, triples, gold, algs, timeout, cache):
    if not os.path.exists(python) or os.environ.get("SKIP_PEERS") == "1":
        return {}
    rows = {}
    for alg in algs:
        key = f"{os.path.basename(script)}|{alg}|{triples}|{stamp(triples)}|{stamp(gold)}"
        if key in cache:
            rows[alg] = cache[key]
            continue
        try:
            out = subprocess.run([python, script, triples, gold, alg], capture_output=True,
                                 text=True, timeout=timeout)
        except subprocess.TimeoutExpired:
            rows[alg] = cache[key] = "timeout"
            continue
        for line in out.stdout.splitlines():
            if line.startswith("{"):
                r = json.loads(line)
                rows[r["algorithm"]] = cache[key] = r
    return rows


def fmt(x):
    return "–" if x is None else f"{x:.3f}"


def main():
    binary, work, shared, book_dir = sys.argv[1:5]
    timeout = int(sys.argv[5]) if len(sys.argv) > 5 else 600
    here = os.path.dirname(os.path.abspath(__file__))
    sets_dir = os.path.join(work, "sets")
    os.makedirs(sets_dir, exist_ok=True)
    sets = []
    for name in ["book", "flight"]:
        claims = os.path.join(shared, f"{name}.claims.tsv")
        if os.path.exists(claims):
            t, g = os.path.join(sets_dir, f"{name}.csv"), os.path.join(sets_dir, f"{name}-gold.csv")
            tsv_to_csv(claims, t, ["source", "question", "value"])
            tsv_to_csv(os.path.join(shared, f"{name}.truth.tsv"), g, ["question", "value"])
            sets.append((f"{name} (shared, real)", t, g))
    if os.path.exists(os.path.join(book_dir, "book.txt")):
        out = os.path.join(sets_dir, "bookp")
        subprocess.run([sys.executable, os.path.join(here, "book_triples.py"), book_dir, out],
                       check=True, capture_output=True)
        sets.append(("book (book_triples.py, real)", os.path.join(out, "book-triples.csv"),
                     os.path.join(out, "book-gold.csv")))
    synth = os.path.join(sets_dir, "synthetic")
    subprocess.run([sys.executable, os.path.join(here, "realistic_sets.py"), synth, "1"],
                   check=True, capture_output=True)
    for name in ["populations", "weather", "flights", "authors", "labels"]:
        sets.append((f"{name} (synthetic)", os.path.join(synth, f"{name}.csv"),
                     os.path.join(synth, f"{name}-gold.csv")))
    cache_file = os.path.join(sets_dir, "peers.json")
    cache = {}
    if os.path.exists(cache_file):
        with open(cache_file, encoding="utf-8") as f:
            cache = json.load(f)
    td_py = os.path.join(work, "venv-td", "bin", "python")
    ck_py = os.path.join(work, "venv-ck", "bin", "python")
    for label, t, g in sets:
        print(f"\n### {label}\n")
        print("| method | accuracy (ties 1/k) | accuracy (ties to the smallest) | ECE | Brier | iterations |")
        print("|---|---:|---:|---:|---:|---:|")
        for m in METHODS:
            r = ours(binary, t, g, m)
            if r is None:
                print(f"| corroborate {m} | failed | | | | |")
                continue
            name = f"**corroborate {m}** (default)" if m == "bayes" else f"corroborate {m}"
            print(f"| {name} | {fmt(r['accuracy_found'])} | {fmt(r['accuracy_smallest'])} | "
                  f"{fmt(r['ece'])} | {fmt(r['brier'])} | {r['iterations']} |")
        for peer, py, script, algs in [
                ("truthdiscovery", td_py, os.path.join(here, "peers", "td_run.py"), TD),
                ("crowd-kit", ck_py, os.path.join(here, "peers", "ck_run.py"), CK)]:
            rows = peers(py, script, t, g, algs, timeout, cache)
            with open(cache_file + ".tmp", "w", encoding="utf-8") as f:
                json.dump(cache, f)
            os.replace(cache_file + ".tmp", cache_file)
            for alg in algs:
                r = rows.get(alg)
                if r is None:
                    continue
                if r == "timeout":
                    print(f"| {peer} {alg} | timed out after {timeout} s | | | | |")
                    continue
                print(f"| {peer} {alg} | {fmt(r['accuracy_found'])} | "
                      f"{fmt(r['accuracy_smallest'])} | {fmt(r['ece'])} | {fmt(r['brier'])} | – |")
        sys.stdout.flush()


if __name__ == "__main__":
    main()
