#!/usr/bin/env python3
"""Calibration of corroborate's probabilities against rumours whose outcome became known.

    python3 benches/rumours.py FILE [--rubric R] [--keep DIR]

FILE is one of the two public rumour data sets in its native form:
  *.csv    news rumours (Emergent; Ferreira & Vlachos, NAACL 2016): one row per article, columns
           claim_id, claim, claim_truth (true/false/unknown), article_id, outlet, stance
           (for/against/observing), date, date_kind (from-url/tracker-timestamp), url;
  *.jsonl  Twitter rumour threads (RumourEval 2019 / PHEME): one tweet per line, fields thread,
           event, role (source/reply), id, in_reply_to, created_at (RFC 3339), user_id, verified,
           followers, stance (support/deny/query/comment), veracity (true/false/unverified).

It turns FILE into a corroborate ledger as a new user would (below), scores it with the release
binary (`$CORROBORATE`, else target/release/corroborate, built if missing), and prints one JSON
object per line:
    {"predictor", "when", "n", "brier", "log_loss", "ece", "auc", "accuracy", "ece_if_calibrated"}
for the predictors
    default        the default rubric (or `rubric:NAME` with --rubric),
    base-rate      the share of true claims in FILE, a constant,
    support-share  (s + 1) / (s + r + 2), s and r the supporting and refuting reports,
and `when` = `all` (every report in force) or `first-24h` (what was published within 24 hours of
a claim's first report: the ledger is cut per claim, which is what --as-of does for one claim).
`n` counts the claims resolved true or false; unresolved ones (`unknown`, `unverified`) are in
the ledger as `unresolvable` and left out.

Metrics (the data sets' README): Brier score; log loss (natural log, p clipped to
[1e-6, 1 - 1e-6]); ECE over 10 equal-width bins; AUC with ties counted half; accuracy of p > 0.5.
`ece_if_calibrated` is the ECE that a perfectly calibrated predictor giving the same
probabilities would show on average (outcomes drawn from them; computed exactly): the sampling
floor against which an ECE is read. On about a hundred claims it is near 0.09.

The conversion, the same for both formats:
  - one source per outlet (news: its host name, kind `online-outlet`; the data say nothing more)
    or per account (threads: kind `social-media`, verified or not: a tweet is a social-media
    post, and "verified" vouched for the account's identity, not for its checking);
  - one claim per rumour, with its outcome (a thread's claim is tagged `event:NAME`, its news
    event, for `corroborate fit --group event:`);
  - one report per article or tweet: for/support -> supports, against/deny -> refutes,
    observing -> repeats (the outlet repeats the rumour without endorsing it), query -> doubts,
    comment -> no-comment (a reply that takes no position on the claim); dates printed in the URL or the tweet are
    `printed`, tracker timestamps `approximate`; tweets keep their time of day.
  Nobody says whom they copied, so no `via` or `cites` is written: how much unlinked outlets echo
  each other is the rubric's business (`[correlation]`).

--keep DIR keeps the ledgers written (all.toml, first-24h.toml) for inspection.
"""

import argparse
import csv
import json
import math
import os
import re
import subprocess
import sys
import tempfile
from datetime import datetime, timedelta, timezone

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def binary():
    exe = os.environ.get("CORROBORATE") or os.path.join(REPO, "target", "release", "corroborate")
    if not os.path.exists(exe):
        subprocess.run(["cargo", "build", "--release", "--locked", "--quiet"], cwd=REPO, check=True)
    return exe


def ident(s, prefix):
    """A ledger id: letters, digits, '.', '_' and '-' only."""
    return prefix + re.sub(r"[^A-Za-z0-9._-]", "-", s)[:180]


def toml_str(s):
    return json.dumps(s, ensure_ascii=False)


# ---- native formats -> a neutral form: claims {id: {statement, truth}}, reports [..] -------------


def read_news(path):
    claims, reports, outlets = {}, [], {}
    with open(path, newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            cid = ident(row["claim_id"], "em-")
            claims.setdefault(cid, {"statement": row["claim"].strip() or cid,
                                    "truth": {"true": True, "false": False}.get(row["claim_truth"])})
            sid = ident(row["outlet"].lower(), "")
            outlets[sid] = row["outlet"]
            stance = {"for": "supports", "against": "refutes", "observing": "repeats"}[row["stance"]]
            day = datetime.strptime(row["date"], "%Y-%m-%d").replace(tzinfo=timezone.utc)
            reports.append({
                "id": ident(row["article_id"], "a-"),
                "claim": cid,
                "source": sid,
                "stance": stance,
                "at": day,
                "stated": row["date"],
                "dates": "printed" if row["date_kind"] == "from-url" else "approximate",
                "document": row["url"],
            })
    sources = {sid: {"name": name, "kind": "online-outlet"} for sid, name in outlets.items()}
    return sources, claims, reports


def read_threads(path):
    claims, reports, sources = {}, [], {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            if not line.strip():
                continue
            t = json.loads(line)
            cid = ident(t["thread"], "t-")
            # Tagged with its news event, so that `fit --group event:` can keep each event's
            # threads in one fold: the held-out threads come from events of their own.
            claims.setdefault(cid, {"statement": f"Rumour of thread {t['thread']} ({t['event']})",
                                    "tags": [f"event:{t['event']}"],
                                    "truth": {"true": True, "false": False}.get(t["veracity"])})
            sid = ident(str(t["user_id"]), "u")
            # Every account is `social-media`: a tweet is a social-media post whoever writes it.
            # Twitter's "verified" said that an account was who it claimed to be, not that its
            # replies were checked as an outlet's published denial is (the basis of the
            # `online-outlet` refutation reliability), so it does not change the kind. The data
            # name no organisation behind an account.
            kind = "social-media"
            sources.setdefault(sid, {"name": f"Twitter account {t['user_id']}", "kind": kind})
            stance = {"support": "supports", "deny": "refutes", "query": "doubts",
                      "comment": "no-comment"}[t["stance"]]
            at = datetime.fromisoformat(t["created_at"]).astimezone(timezone.utc)
            reports.append({
                "id": ident(str(t["id"]), "tw-"),
                "claim": cid,
                "source": sid,
                "stance": stance,
                "at": at,
                "stated": at.strftime("%Y-%m-%dT%H:%M:%SZ"),
                "dates": "printed",
                "document": None,
            })
    return sources, claims, reports


def write_ledger(path, sources, claims, reports):
    out = ["# Written by benches/rumours.py from a public rumour data set.", ""]
    for sid in sorted(sources):
        s = sources[sid]
        out += ["[[sources]]", f"id = {toml_str(sid)}", f"name = {toml_str(s['name'])}",
                f"kind = {toml_str(s['kind'])}", ""]
    for cid in sorted(claims):
        c = claims[cid]
        outcome = {True: "true", False: "false", None: '"unresolvable"'}[c["truth"]]
        out += ["[[claims]]", f"id = {toml_str(cid)}", f"statement = {toml_str(c['statement'])}"]
        if c.get("tags"):
            out.append("tags = [" + ", ".join(toml_str(t) for t in c["tags"]) + "]")
        out += [f"resolution = {{ outcome = {outcome} }}", ""]
    seen = set()
    for r in sorted(reports, key=lambda r: r["id"]):
        if r["id"] in seen:
            continue
        seen.add(r["id"])
        out += ["[[reports]]", f"id = {toml_str(r['id'])}", f"claim = {toml_str(r['claim'])}",
                f"source = {toml_str(r['source'])}", f"stance = {toml_str(r['stance'])}",
                f"stated = {toml_str(r['stated'])}", f"dates = {toml_str(r['dates'])}"]
        if r["document"]:
            out.append(f"document = {toml_str(r['document'])}")
        out.append("")
    with open(path, "w", encoding="utf-8") as f:
        f.write("\n".join(out))


def first_24h(reports):
    """The reports published within 24 hours of their claim's first report: what
    `--as-of FIRST+24h` keeps for that claim. A bare date stands for its midnight (UTC), as in
    corroborate, so a news claim first reported on day D keeps the articles of D and D+1."""
    first = {}
    for r in reports:
        first[r["claim"]] = min(first.get(r["claim"], r["at"]), r["at"])
    return [r for r in reports if r["at"] <= first[r["claim"]] + timedelta(hours=24)]


# ---- scoring ------------------------------------------------------------------------------------


def score(exe, ledger, rubric):
    cmd = [exe, "report", ledger, "--format", "json"]
    if rubric:
        cmd += ["--rubric", rubric]
    out = subprocess.run(cmd, capture_output=True, text=True)
    if out.returncode != 0:
        sys.exit(f"corroborate failed on {ledger}:\n{out.stderr}")
    return {c["id"]: c["confidence"] for c in json.loads(out.stdout)["claims"]}


def metrics(ps, ys):
    n = len(ys)
    brier = sum((p - y) ** 2 for p, y in zip(ps, ys)) / n
    clip = [min(max(p, 1e-6), 1 - 1e-6) for p in ps]
    ll = -sum(y * math.log(p) + (1 - y) * math.log(1 - p) for p, y in zip(clip, ys)) / n
    bins = [[] for _ in range(10)]
    for p, y in zip(ps, ys):
        bins[min(int(p * 10), 9)].append((p, y))
    ece = sum(len(b) / n * abs(sum(p for p, _ in b) / len(b) - sum(y for _, y in b) / len(b))
              for b in bins if b)
    pos = [p for p, y in zip(ps, ys) if y]
    neg = [p for p, y in zip(ps, ys) if not y]
    if pos and neg:
        wins = sum((a > b) + 0.5 * (a == b) for a in pos for b in neg)
        auc = wins / (len(pos) * len(neg))
    else:
        auc = None
    acc = sum((p > 0.5) == bool(y) for p, y in zip(ps, ys)) / n
    r = lambda x: None if x is None else round(x, 4)
    return {"n": n, "brier": r(brier), "log_loss": r(ll), "ece": r(ece), "auc": r(auc),
            "accuracy": r(acc), "ece_if_calibrated": r(ece_if_calibrated(ps))}


def ece_if_calibrated(ps):
    """The ECE that a perfectly calibrated predictor giving these probabilities would show on
    average: the expectation, over outcomes drawn y_i ~ Bernoulli(p_i), of the same 10-bin ECE.
    ECE is a sum of absolute errors, so it is positive even for a perfect predictor; on a hundred
    claims this floor is near 0.09, and an ECE within it cannot be told from perfect calibration.
    Exact: in each bin the number of true claims has a Poisson-binomial distribution, computed by
    the usual recurrence, and E|sum of p - number true| is summed over it."""
    n = len(ps)
    bins = [[] for _ in range(10)]
    for p in ps:
        bins[min(int(p * 10), 9)].append(p)
    total = 0.0
    for b in bins:
        dist = [1.0]  # dist[k] = P(k of the bin's claims are true)
        for p in b:
            nxt = [0.0] * (len(dist) + 1)
            for k, q in enumerate(dist):
                nxt[k] += q * (1 - p)
                nxt[k + 1] += q * p
            dist = nxt
        s = sum(b)
        total += sum(q * abs(s - k) for k, q in enumerate(dist))
    return total / n


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("file")
    ap.add_argument("--rubric")
    ap.add_argument("--keep", metavar="DIR")
    a = ap.parse_args()
    if a.file.endswith(".csv"):
        sources, claims, reports = read_news(a.file)
    elif a.file.endswith(".jsonl"):
        sources, claims, reports = read_threads(a.file)
    else:
        sys.exit(f"{a.file}: expected a .csv (news rumours) or .jsonl (threads) file")
    exe = binary()
    resolved = sorted(c for c in claims if claims[c]["truth"] is not None)
    ys = [int(claims[c]["truth"]) for c in resolved]
    base = sum(ys) / len(ys)
    name = "default" if not a.rubric else "rubric:" + os.path.basename(a.rubric)
    work = a.keep or tempfile.mkdtemp(prefix="rumours-")
    os.makedirs(work, exist_ok=True)
    for when, reps in (("all", reports), ("first-24h", first_24h(reports))):
        path = os.path.join(work, f"{when}.toml")
        write_ledger(path, sources, claims, reps)
        ps = score(exe, path, a.rubric)
        s = {c: 0 for c in claims}
        r = {c: 0 for c in claims}
        for rep in reps:
            if rep["stance"] == "supports":
                s[rep["claim"]] += 1
            elif rep["stance"] == "refutes":
                r[rep["claim"]] += 1
        preds = {
            name: [ps[c] for c in resolved],
            "base-rate": [base] * len(resolved),
            "support-share": [(s[c] + 1) / (s[c] + r[c] + 2) for c in resolved],
        }
        for pred, p in preds.items():
            print(json.dumps({"predictor": pred, "when": when, **metrics(p, ys)}))


if __name__ == "__main__":
    main()
