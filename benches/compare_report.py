#!/usr/bin/env python3
"""Prints the tables of benches/compare.sh from what it left in WORK (results.jsonl and each run's
output). Usage: compare_report.py WORK N BIG"""
import json
import os
import platform
import subprocess
import sys

work, n, big = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
runs = {}
for line in open(os.path.join(work, "results.jsonl")):
    if line.strip():
        r = json.loads(line)
        runs[r["run"]] = r


def out(name):
    p = os.path.join(work, name + ".out")
    return open(p).read() if os.path.exists(p) else ""


def ours_accuracy(name):
    try:
        return json.loads(out(name))["accuracy"]
    except (ValueError, KeyError):
        return None


def ours_iterations(name):
    try:
        r = json.loads(out(name))["reliability"]
        return f'{r["iterations"]}{"" if r["converged"] else " (cap)"}'
    except (ValueError, KeyError):
        return "–"


def peer_rows(name):
    return [json.loads(l) for l in out(name).splitlines() if l.strip().startswith("{")]


def secs(name):
    r = runs.get(name)
    return r["seconds"] if r else None


def mb(name):
    r = runs.get(name)
    return r["peak_kb"] / 1024 if r else None


def status(name):
    r = runs.get(name)
    if r is None:
        return "not run"
    if r["status"] == 124:
        return f"timed out after {r['seconds']:.0f} s"
    if r["status"] != 0:
        return f"failed (exit {r['status']})"
    return "ok"


def fmt(x, d=3):
    return "–" if x is None else f"{x:.{d}f}"


def machine():
    model = "?"
    try:
        for l in open("/proc/cpuinfo"):
            if l.startswith("model name"):
                model = l.split(":", 1)[1].strip()
                break
        mem = next(l for l in open("/proc/meminfo") if l.startswith("MemTotal")).split()[1]
        mem = f"{int(mem) / 1048576:.0f} GiB"
    except (OSError, StopIteration):
        mem = "?"
    rustc = subprocess.run(["rustc", "--version"], capture_output=True, text=True).stdout.strip()
    py = platform.python_version()
    return f"{model}, {os.cpu_count()} cores, {mem} RAM; {platform.system()} {platform.release()}; {rustc}; Python {py}"


print("# corroborate benchmark comparison\n")
print(f"machine: {machine()}\n")
synth = open(os.path.join(work, "synth.txt")).read().strip().splitlines()
print("dataset: `corroborate synth --assertions", n, "--sources 100 --coverage 0.1 --seed 1`")
for l in synth:
    print(f"    {l}")
print()

e2e = secs("end-to-end")
td_best = peer_rows("td-best")
td_survey = peer_rows("td-survey")
ck_ds = peer_rows("ck-ds")
ck_oc = peer_rows("ck-onecoin")
acc_ours = ours_accuracy("end-to-end")

print("## 1. End to end at 1M assertions\n")
print("| run | seconds | peak MB | accuracy | seconds ÷ corroborate end to end | status |")
print("|---|---:|---:|---:|---:|---|")


def row(label, name, acc):
    s = secs(name)
    ratio = f"{s / e2e:.1f}×" if s is not None and e2e else "–"
    print(f"| {label} | {fmt(s, 3)} | {fmt(mb(name), 0)} | {fmt(acc, 4)} | {ratio} | {status(name)} |")


row("bare read (`csv` crate, every record, no work)", "bare", None)
row("`wc -l`", "wc", None)
row("corroborate: read + learn (the default, bayes) + score, one-row table", "learn", None)
row("corroborate: the same with `--gold` (gold file read, accuracy measured)", "learn-gold", ours_accuracy("end-to-end"))
row("corroborate: end to end, JSON out", "end-to-end", acc_ours)
if td_best:
    row(f"truthdiscovery 1.0.4, best algorithm ({td_best[0]['algorithm']})", "td-best", td_best[0]["accuracy"])
else:
    row("truthdiscovery 1.0.4, best algorithm", "td-best", None)
row("crowd-kit 1.4.2 DawidSkene", "ck-ds", ck_ds[0]["accuracy"] if ck_ds else None)
row("crowd-kit 1.4.2 OneCoinDawidSkene", "ck-onecoin", ck_oc[0]["accuracy"] if ck_oc else None)
print()
if td_best or ck_ds or ck_oc:
    print("Inside the peers' processes (seconds): ", end="")
    parts = []
    for r in td_best + ck_ds + ck_oc:
        parts.append(f"{r['peer']} {r['algorithm']}: load {r['load_seconds']:.1f} + algorithm {r['seconds']:.1f}")
    print("; ".join(parts) + ".\n")

print("Accuracy of every method on the same file (corroborate: `--method`; truthdiscovery: all")
print("algorithms in one process, package defaults):\n")
print("| method | corroborate | iterations | corroborate seconds (end to end) | truthdiscovery |")
print("|---|---:|---:|---:|---:|")
td = {r["algorithm"]: r["accuracy"] for r in td_survey}
pairs = [("none (majority vote)", "none", "MajorityVoting"), ("bayes (default)", "bayes", None),
         ("em", "em", None),
         ("sums", "sums", "Sums"), ("average-log", "average-log", "AverageLog"),
         ("investment", "investment", "Investment"),
         ("pooled-investment", "pooled-investment", "PooledInvestment"),
         ("truthfinder", "truthfinder", "TruthFinder")]
for label, m, alg in pairs:
    name = f"method-{m}"
    print(f"| {label} | {fmt(ours_accuracy(name), 4)} | {ours_iterations(name)} | {fmt(secs(name), 2)} | {fmt(td.get(alg) if alg else None, 4)} |")
print()

print("Targets:\n")
bare = secs("bare")
learn = secs("learn")
if td_best and secs("td-best") and e2e:
    print(f"- ≥ 40× faster than truthdiscovery's process: {secs('td-best') / e2e:.1f}×")
for label, name in [("DawidSkene", "ck-ds"), ("OneCoinDawidSkene", "ck-onecoin")]:
    if secs(name) and e2e:
        note = "" if status(name) == "ok" else f" (at least: the peer {status(name)})"
        print(f"- ≥ 25× faster than crowd-kit {label}: {secs(name) / e2e:.1f}×{note}")
if bare and learn:
    print(f"- read + learn within 3× of the bare read: {learn / bare:.1f}× ({learn:.3f} s vs {bare:.3f} s, medians of the runs)")
if bare and secs("learn-gold"):
    print(f"  (with the gold file read and scored too: {secs('learn-gold') / bare:.1f}×, {secs('learn-gold'):.3f} s)")
peaks = [(n_, mb(n_)) for n_ in ("td-best", "ck-ds", "ck-onecoin") if mb(n_)]
if peaks and mb("end-to-end"):
    print(f"- peak memory: corroborate {mb('end-to-end'):.0f} MB; " +
          ", ".join(f"{k} {v:.0f} MB" for k, v in peaks))
best_peer = max([r["accuracy"] for r in td_survey + ck_ds + ck_oc], default=None)
ceiling = next((l for l in synth if "ceiling" in l), "")
print(f"- default accuracy {fmt(acc_ours, 4)}; best peer {fmt(best_peer, 4)}; {ceiling.strip()}")
print()

if any(k.startswith("book-") for k in runs):
    print("## 2. AbeBooks (100 gold books; `benches/book_triples.py`)\n")
    for l in open(os.path.join(work, "book.txt")).read().strip().splitlines():
        print(f"    {l}")
    print()
    print("| method | corroborate | iterations | truthdiscovery 1.0.4 | crowd-kit 1.4.2 |")
    print("|---|---:|---:|---:|---:|")
    btd = {r["algorithm"]: r["accuracy"] for r in peer_rows("book-td")}
    bck = {r["algorithm"]: r["accuracy"] for r in peer_rows("book-ck") + peer_rows("book-ck-onecoin")}
    ck_names = {"none": "MajorityVote"}
    for label, m, alg in pairs:
        name = f"book-{m}"
        ck = bck.get(ck_names.get(m, ""))
        print(f"| {label} | {fmt(ours_accuracy(name), 2)} | {ours_iterations(name)} | {fmt(btd.get(alg) if alg else None, 2)} | {fmt(ck, 2)} |")
    for alg, run in (("DawidSkene", "book-ck"), ("OneCoinDawidSkene", "book-ck-onecoin")):
        if alg in bck:
            print(f"| crowd-kit {alg} | – | – | – | {bck[alg]:.2f} ({fmt(secs(run), 1)} s) |")
        elif run in runs:
            print(f"| crowd-kit {alg} | – | – | – | {status(run)} |")
    print()

if big and "big-end-to-end" in runs:
    print(f"## 3. {big:,} assertions end to end\n")
    for l in open(os.path.join(work, "big-synth.txt")).read().strip().splitlines():
        print(f"    {l}")
    print()
    print(f"- bare read: {fmt(secs('big-bare'), 2)} s, {fmt(mb('big-bare'), 0)} MB")
    print(f"- corroborate end to end (JSON out): {fmt(secs('big-end-to-end'), 2)} s, "
          f"{fmt(mb('big-end-to-end'), 0)} MB peak, accuracy {fmt(ours_accuracy('big-end-to-end'), 4)} "
          f"({status('big-end-to-end')}); target < 10 s and < 2 GB")
