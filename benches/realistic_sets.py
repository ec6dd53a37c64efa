#!/usr/bin/env python3
"""Writes small synthetic truth-discovery sets of the kinds the real ones are (numbers, times,
readings, lists, labels), with the failure modes the real ones have: sources seen once, copiers and
copy groups, near misses, systematic errors. They check that the default model generalises beyond
the shared real sets; nothing in the model is tuned to them (their generators' constants are
stated here and nowhere else).

    python3 benches/realistic_sets.py OUT_DIR [SEED]

Each set NAME gets OUT_DIR/NAME.csv (source,question,value) and OUT_DIR/NAME-gold.csv
(question,value), gold for every question:

- populations: 1500 editors of 2000 city populations (log-uniform 10^3..10^7). Editors' claim
  counts are Zipf-like (most edit one city, a few hundreds); accuracy Beta(4, 2). A wrong value is
  a revision (truth × (1 ± 1–5%), rounded to hundreds) half the time, an outdated census (truth ×
  0.80–0.95) 30%, vandalism (random digits) 20%. One editor in ten copies another's value of the
  same city when it can (with probability 0.9).
- weather: 16 sites, 3000 daily highs (°F, 20..100). Accuracy uniform in [0.35, 0.9]; a wrong
  reading is 1° off (60%), 2–3° off (25%) or anything (15%). Three providers each feed three sites
  (a fed site copies its provider's reading with probability 0.95, errors included). Each site
  covers 80% of the days.
- flights: 30 sources, 1200 times (HH:MM). Copy groups of 3, 2, 4, 2 and 5 sources share one
  reading (members copy the group's leader with probability 0.98); two groups are good (accuracy
  0.9–0.96), three bad (0.3–0.6), so that copies of bad readings outnumber the good ones; 11
  independent sources of accuracy 0.5–0.9 and three airlines (0.99) that cover 15% of the
  flights each. A wrong time is a few minutes off (70%) or one to three hours off (30%). Coverage
  50–100%.
- authors: 400 sellers of 1500 books with one to four authors (last names from a list of 300,
  joined sorted with `|`). Accuracy Beta(3, 1.5); a wrong listing drops authors after the first
  (60%), misspells one (25%) or names a wrong extra author (15%). Two feeds are each copied by 12
  sellers (probability 0.95); one feed lists only the first author whenever a book has several.
  Seller claim counts Zipf-like.
- labels: 60 workers label 5000 items with one of two labels; accuracy uniform in [0.55, 0.95];
  eight spammers answer at random; five workers copy one other worker (probability 0.9).
"""
import csv
import math
import os
import random
import sys


def zipf_counts(rng, n, total, s=1.2, cap=None):
    w = [1.0 / (i + 1) ** s for i in range(n)]
    z = sum(w)
    out = [max(1, int(round(total * x / z))) for x in w]
    if cap:
        out = [min(c, cap) for c in out]
    rng.shuffle(out)
    return out


def write(out, name, rows, gold):
    with open(os.path.join(out, name + ".csv"), "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["source", "question", "value"])
        seen = set()
        for s, q, v in rows:
            if (s, q) in seen:
                continue
            seen.add((s, q))
            w.writerow([s, q, v])
    with open(os.path.join(out, name + "-gold.csv"), "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["question", "value"])
        for q, v in sorted(gold.items()):
            w.writerow([q, v])


def populations(rng):
    nq, ns = 2000, 1500
    truth = {f"city{q:04d}": int(10 ** rng.uniform(3, 7)) for q in range(nq)}
    acc = [rng.betavariate(4, 2) for _ in range(ns)]
    counts = zipf_counts(rng, ns, 9000, cap=nq)
    copier = {s: rng.randrange(ns) for s in range(ns) if rng.random() < 0.1}
    said = {}
    rows = []
    cities = list(truth)
    for s in range(ns):
        for q in rng.sample(cities, counts[s]):
            t = truth[q]
            src = copier.get(s)
            if src is not None and (src, q) in said and rng.random() < 0.9:
                v = said[(src, q)]
            elif rng.random() < acc[s]:
                v = t
            else:
                r = rng.random()
                if r < 0.5:
                    v = int(round(t * (1 + rng.choice([-1, 1]) * rng.uniform(0.01, 0.05)), -2))
                elif r < 0.8:
                    v = int(t * rng.uniform(0.8, 0.95))
                else:
                    v = rng.randrange(10 ** (len(str(t)) - 1), 10 ** len(str(t)))
            said[(s, q)] = v
            rows.append((f"editor{s:04d}", q, str(v)))
    return rows, {q: str(v) for q, v in truth.items()}


def weather(rng):
    nq = 3000
    sites = [f"site{i:02d}" for i in range(16)]
    acc = {s: rng.uniform(0.35, 0.9) for s in sites}
    feeds = {sites[i]: sites[(i // 3) * 3] for i in range(9) if i % 3}
    truth = {f"city{q % 100:03d}|day{q // 100:02d}": rng.randint(20, 100) for q in range(nq)}
    rows = []
    said = {}
    for s in sites:
        if s in feeds:
            continue
        for q, t in truth.items():
            if rng.random() < 0.8:
                said[(s, q)] = t if rng.random() < acc[s] else wrong_reading(rng, t)
    for s, lead in feeds.items():
        for q, t in truth.items():
            if rng.random() < 0.8:
                if (lead, q) in said and rng.random() < 0.95:
                    said[(s, q)] = said[(lead, q)]
                else:
                    said[(s, q)] = t if rng.random() < acc[s] else wrong_reading(rng, t)
    for (s, q), v in said.items():
        rows.append((s, q, str(v)))
    return rows, {q: str(v) for q, v in truth.items()}


def wrong_reading(rng, t):
    r = rng.random()
    if r < 0.6:
        return t + rng.choice([-1, 1])
    if r < 0.85:
        return t + rng.choice([-3, -2, 2, 3])
    return rng.randint(10, 110)


def hhmm(m):
    m %= 1440
    return f"{m // 60:02d}:{m % 60:02d}"


def flights(rng):
    nq = 1200
    truth = {f"FL{q:04d}|time": rng.randrange(1440) for q in range(nq)}
    groups = []
    n = 0
    for size, good in [(3, True), (2, True), (4, False), (2, False), (5, False)]:
        groups.append(([f"src{n + i:02d}" for i in range(size)], rng.uniform(0.9, 0.96) if good else rng.uniform(0.3, 0.6)))
        n += size
    independents = [(f"src{n + i:02d}", rng.uniform(0.5, 0.9), rng.uniform(0.5, 1.0)) for i in range(11)]
    independents += [(f"airline{i}", 0.99, 0.15) for i in range(3)]
    rows = []

    def reading(a, t):
        if rng.random() < a:
            return t
        if rng.random() < 0.7:
            return t + rng.choice([-1, 1]) * rng.randint(1, 12)
        return t + rng.choice([-1, 1]) * rng.randint(60, 180)

    for members, a in groups:
        cov = rng.uniform(0.5, 1.0)
        for q, t in truth.items():
            if rng.random() >= cov:
                continue
            lead = reading(a, t)
            for s in members:
                v = lead if rng.random() < 0.98 else reading(a, t)
                rows.append((s, q, hhmm(v)))
    for s, a, cov in independents:
        for q, t in truth.items():
            if rng.random() < cov:
                rows.append((s, q, hhmm(reading(a, t))))
    return rows, {q: hhmm(v) for q, v in truth.items()}


def authors(rng):
    names = [f"name{i:03d}" for i in range(300)]
    nq, ns = 1500, 400
    truth = {}
    for q in range(nq):
        k = rng.choice([1, 1, 2, 2, 3, 4])
        truth[f"isbn{q:05d}"] = rng.sample(names, k)
    acc = [rng.betavariate(3, 1.5) for _ in range(ns)]
    counts = zipf_counts(rng, ns, 12000, cap=nq)
    feed_of = {}
    for s in range(2, 26):
        feed_of[s] = 0 if s < 14 else 1
    books = list(truth)
    said = {}

    def listing(s, q, a, first_only=False):
        t = truth[q]
        if first_only and len(t) > 1:
            return [t[0]]
        if rng.random() < a:
            return list(t)
        r = rng.random()
        if r < 0.6 and len(t) > 1:
            return [t[0]]
        if r < 0.85:
            i = rng.randrange(len(t))
            out = list(t)
            out[i] = out[i][:-1] + "x"
            return out
        return list(t) + [rng.choice(names)]

    for s in range(ns):
        for q in rng.sample(books, min(nq, counts[s] if s > 1 else 1200)):
            feed = feed_of.get(s)
            if feed is not None and (feed, q) in said and rng.random() < 0.95:
                v = said[(feed, q)]
            else:
                v = listing(s, q, acc[s], first_only=(s == 1))
            said[(s, q)] = v
    rows = [(f"seller{s:03d}", q, "|".join(sorted(set(v)))) for (s, q), v in said.items()]
    return rows, {q: "|".join(sorted(v)) for q, v in truth.items()}


def labels(rng):
    nq, ns = 5000, 60
    truth = {f"item{q:04d}": rng.choice(["yes", "no"]) for q in range(nq)}
    acc = [rng.uniform(0.55, 0.95) for _ in range(ns)]
    for s in range(8):
        acc[s] = 0.5
    copier = {s: s - 5 for s in range(50, 55)}
    said = {}
    for s in range(ns):
        for q, t in truth.items():
            if rng.random() >= 0.15:
                continue
            src = copier.get(s)
            if src is not None and (src, q) in said and rng.random() < 0.9:
                said[(s, q)] = said[(src, q)]
            elif rng.random() < acc[s]:
                said[(s, q)] = t
            else:
                said[(s, q)] = "no" if t == "yes" else "yes"
    rows = [(f"worker{s:02d}", q, v) for (s, q), v in said.items()]
    return rows, truth


def main():
    out = sys.argv[1]
    seed = int(sys.argv[2]) if len(sys.argv) > 2 else 1
    os.makedirs(out, exist_ok=True)
    for name, f in [("populations", populations), ("weather", weather), ("flights", flights),
                    ("authors", authors), ("labels", labels)]:
        rows, gold = f(random.Random(f"{name}-{seed}"))
        write(out, name, rows, gold)
        print(f"{name}: {len(rows)} claims, {len(gold)} questions")


if __name__ == "__main__":
    main()
