#!/usr/bin/env python3
# A corroborate learned-reliability job for Apache Spark 4.x (PySpark), written by
# `corroborate spark-job`. It computes what `corroborate report CLAIMS --rubric RUBRIC` computes in
# process for triples (`source,question,value`), on any Spark: local, standalone, YARN, Kubernetes,
# Databricks.
#
#   spark-submit job.py --input claims.csv --output DIR [--seed seeds.csv]
#
# Input: CSV (RFC 4180, a header naming exactly `source`, `question`, `value` in any order), TSV
# (`.tsv`/`.tab`: tabs, no quoting) or Parquet (those three string columns). Values are trimmed of
# surrounding ASCII whitespace; a repeated row counts once; an empty value is an error.
# Output (DIR must not exist): Parquet `claims/` (question, value, confidence, sources, top),
# `sources/` (source, claims, correct, reliability, alpha, beta, trust: the source's accuracy has
# the posterior Beta(alpha, beta), whose central interval `corroborate report --from-spark` shows),
# `summary/` (one row: method, iterations, converged, the settings); and `corroborate/`, the same as
# CSV with every number written to 17 significant digits, which `corroborate report --from-spark
# DIR` reads.
#
# The shape (as knowledge fusion at scale is done): the claims are read once, grouped into one row
# per question (its answers, each with its sources) and cached; every iteration broadcasts the
# table of the sources' posteriors (one small row), scores each question alone (a log-sum-exp over
# its answers, Spark SQL higher-order functions: no Python UDF runs on the executors; `bayes` weighs
# each report by its source's cavity, which needs the claim's probability of the previous
# iteration, kept on the question's row), adds up each source's expected correct claims (a grouped
# sum, about one row per source comes back) and the driver updates the per-source maths (the
# posteriors, the prior fit, the wrong-value concentration), checks convergence and broadcasts
# again. Each function below names the Rust function it mirrors, so that a change of the model in
# `src/learn/` is ported piece by piece.
#
# Every number comes from the data and the settings below; no clock is read for the results.

import argparse
import math
import sys

# --- settings, from the rubric (generated) ---------------------------------------------------
# @SETTINGS@
# ----------------------------------------------------------------------------------------------


def fail(message):
    """Stops with an error in the project's style: what was wrong, what was expected; exit 2."""
    print(f"error: {message}", file=sys.stderr)
    sys.exit(2)


def bounded(text, limit=80):
    """A value quoted in an error message, cut to `limit` characters (crate::text::bounded)."""
    text = str(text)
    return text if len(text) <= limit else text[:limit] + "…"


# --- special functions (src/learn/special.rs) -------------------------------------------------

ASYMPTOTIC_FROM = 10.0  # special.rs ASYMPTOTIC_FROM: where the asymptotic series take over


def digamma(x):
    """special::digamma: the recurrence up to x >= 10, then A&S 6.3.18."""
    r = 0.0
    while x < ASYMPTOTIC_FROM:
        r -= 1.0 / x
        x += 1.0
    f = 1.0 / (x * x)
    return (
        r
        + math.log(x)
        - 0.5 / x
        - f * (1.0 / 12.0 - f * (1.0 / 120.0 - f * (1.0 / 252.0 - f * (1.0 / 240.0 - f / 132.0))))
    )


def trigamma(x):
    """special::trigamma: the recurrence up to x >= 10, then A&S 6.4.12."""
    r = 0.0
    while x < ASYMPTOTIC_FROM:
        r += 1.0 / (x * x)
        x += 1.0
    f = 1.0 / (x * x)
    return r + 1.0 / x + f / 2.0 + f / x * (1.0 / 6.0 - f * (1.0 / 30.0 - f * (1.0 / 42.0 - f / 30.0)))


# statrs 0.19 `ln_gamma` (special::ln_gamma): Lanczos, Pugh 2004 p. 116, the same coefficients.
GAMMA_R = 10.900511
GAMMA_DK = [
    2.48574089138753565546e-5,
    1.05142378581721974210,
    -3.45687097222016235469,
    4.51227709466894823700,
    -2.98285225323576655721,
    1.05639711577126713077,
    -1.95428773191645869583e-1,
    1.70970543404441224307e-2,
    -5.71926117404305781283e-4,
    4.63399473359905636708e-6,
    -2.71994908488607703910e-9,
]
LN_PI = 1.1447298858494001741434273513530587116472948129153
LN_2_SQRT_E_OVER_PI = 0.6207822376352452223455184457816472122518527279025978


def ln_gamma(x):
    """special::ln_gamma (statrs's Lanczos approximation)."""
    if x < 0.5:
        s = GAMMA_DK[0]
        for i in range(1, len(GAMMA_DK)):
            s += GAMMA_DK[i] / (i - x)
        return (
            LN_PI
            - math.log(math.sin(math.pi * x))
            - math.log(s)
            - LN_2_SQRT_E_OVER_PI
            - (0.5 - x) * math.log((0.5 - x + GAMMA_R) / math.e)
        )
    s = GAMMA_DK[0]
    for i in range(1, len(GAMMA_DK)):
        s += GAMMA_DK[i] / (x + i - 1.0)
    return math.log(s) + LN_2_SQRT_E_OVER_PI + (x - 0.5) * math.log((x - 0.5 + GAMMA_R) / math.e)


BETA_MIN = 1.0  # special.rs BETA_MIN: a fitted prior's parameters are at least 1 (a mode)
BETA_MAX = 1e4  # special.rs BETA_MAX: and at most 10^4 pseudo-claims
NEWTON_TRUSTED = 1e-4  # special.rs NEWTON_TRUSTED: a Newton step this small is taken unchecked
NEWTON_DONE = 1e-10  # special.rs NEWTON_DONE: and one this small ends the fit


def clamp(x, lo, hi):
    """Rust's f64::clamp."""
    return lo if x < lo else hi if x > hi else x


def fit_beta_binomial(counts, start):
    """special::fit_beta_binomial: the Beta(a, b) prior of sources with n claims of which c are
    right, the mode of the marginal likelihood times the uniform shrinkage hyperprior; Newton on
    (ln a, ln b), a step kept only if it raises F or is at most NEWTON_TRUSTED, else Minka's fixed
    point; within [1, 10^4]; done after a Newton step of at most NEWTON_DONE."""
    data = [(n, clamp(c, 0.0, n)) for (n, c) in counts if n > 0.0]
    if not data:
        return start

    def lim(x):
        return clamp(x, BETA_MIN, BETA_MAX)

    def lik(a, b):
        base = ln_gamma(a + b) - ln_gamma(a) - ln_gamma(b)
        total = 0.0
        for n, c in data:
            total += base + ln_gamma(a + c) + ln_gamma(b + n - c) - ln_gamma(a + b + n)
        s = a + b
        return total + math.log(a) + math.log(b) - math.log(s) - 2.0 * math.log1p(s)

    a, b = lim(start[0]), lim(start[1])
    l = lik(a, b)
    for _ in range(200):
        da, db, dab = digamma(a), digamma(b), digamma(a + b)
        ta, tb, tab = trigamma(a), trigamma(b), trigamma(a + b)
        ga = gb = haa = hbb = hab = 0.0
        num_a = num_b = den = 0.0
        for n, c in data:
            x, y, z = a + c, b + n - c, a + b + n
            px, py, pz = digamma(x), digamma(y), digamma(z)
            qx, qy, qz = trigamma(x), trigamma(y), trigamma(z)
            ga += px - da - pz + dab
            gb += py - db - pz + dab
            haa += qx - ta - qz + tab
            hbb += qy - tb - qz + tab
            hab += tab - qz
            num_a += px - da
            num_b += py - db
            den += pz - dab
        s = a + b
        t = 1.0 + s
        lu, lv = a * ga, b * gb
        gu = lu + 1.0 - a / s - 2.0 * a / t
        gv = lv + 1.0 - b / s - 2.0 * b / t
        cross = a * b / (s * s) + 2.0 * a * b / (t * t)
        huu = a * a * haa + lu - a * b / (s * s) - 2.0 * a * (1.0 + b) / (t * t)
        hvv = b * b * hbb + lv - a * b / (s * s) - 2.0 * b * (1.0 + a) / (t * t)
        huv = a * b * hab + cross
        held_a = (a <= BETA_MIN and gu < 0.0) or (a >= BETA_MAX and gu > 0.0)
        held_b = (b <= BETA_MIN and gv < 0.0) or (b >= BETA_MAX and gv > 0.0)
        det = huu * hvv - huv * huv
        step = None
        if not held_a and not held_b:
            if huu < 0.0 and det > 0.0:
                step = ((-hvv * gu + huv * gv) / det, (huv * gu - huu * gv) / det)
        elif not held_a and held_b:
            if huu < 0.0:
                step = (-gu / huu, 0.0)
        elif held_a and not held_b:
            if hvv < 0.0:
                step = (0.0, -gv / hvv)
        else:
            break
        nxt = None
        converged = False
        if step is not None:
            du, dv = step
            na = lim(a * math.exp(clamp(du, -5.0, 5.0)))
            nb = lim(b * math.exp(clamp(dv, -5.0, 5.0)))
            nl = lik(na, nb)
            size = max(abs(du), abs(dv))
            if nl >= l or (size <= NEWTON_TRUSTED and math.isfinite(nl)):
                nxt = (na, nb, nl)
                converged = size <= NEWTON_DONE
        if nxt is None:
            extra = 1.0 / s + 2.0 / t
            na = a if held_a else lim((a * num_a + 1.0) / (den + extra))
            nb = b if held_b else lim((b * num_b + 1.0) / (den + extra))
            nl = lik(na, nb)
            # Stop unless F rose or held (a NaN never does).
            if not (nl >= l):
                break
            nxt = (na, nb, nl)
        na, nb, nl = nxt
        done = converged or (abs(na - a) <= 1e-9 * a and abs(nb - b) <= 1e-9 * b)
        a, b, l = na, nb, nl
        if done:
            break
    return (a, b)


def max_change(a, b):
    """learn::max_change: the largest |a_i - b_i|, infinite if either holds a NaN."""
    m = 0.0
    for x, y in zip(a, b):
        d = abs(x - y)
        if d != d:
            return math.inf
        m = max(m, d)
    return m


# --- the wrong-value model (src/learn/bayes.rs) -----------------------------------------------

TABLE_MAX = 1 << 16  # bayes.rs TABLE_MAX: counts up to this are looked up in tables
CONCENTRATION_MIN = 1e-4  # bayes.rs CONCENTRATION_MIN
CONCENTRATION_MAX = 1e8  # bayes.rs CONCENTRATION_MAX


class WrongValues:
    """bayes::WrongValues: the concentration and its tables of ln Γ differences."""

    def __init__(self, labels, conc, largest):
        self.labels = labels
        self.conc = conc
        n = min(largest, TABLE_MAX) + 1
        base = (max(labels, 2) - 1) * conc if labels is not None else conc
        self.total = []
        self.own = []
        t = o = 0.0
        for i in range(n):
            self.total.append(t)
            t += math.log(base + i)
            self.own.append(o)
            if labels is not None:
                o += math.log(conc + i)
            elif i >= 1:
                o += math.log(i)

    @staticmethod
    def table(t, x):
        i = int(x)
        return t[i] if float(i) == x and i < len(t) else None

    def coincidence(self):
        """bayes::WrongValues::coincidence."""
        if self.labels is not None:
            return (self.conc + 1.0) / ((max(self.labels, 2) - 1) * self.conc + 1.0)
        return 1.0 / (1.0 + self.conc)

    def score(self, x, total):
        """bayes::WrongValues::score: ln [P(wrong reports | truth v) / P(all reports wrong)] for x
        reports of v out of `total`."""
        if x <= 0.0:
            return 0.0
        rest = max(total - x, 0.0)
        p, q = self.table(self.total, total), self.table(self.total, rest)
        if self.labels is not None:
            base = (max(self.labels, 2) - 1) * self.conc
            diff = p - q if p is not None and q is not None else ln_gamma(base + total) - ln_gamma(base + rest)
            own = self.table(self.own, x)
            if own is None:
                own = ln_gamma(self.conc + x) - ln_gamma(self.conc)
            return diff - own
        a = self.conc
        diff = p - q if p is not None and q is not None else ln_gamma(a + total) - ln_gamma(a + rest)
        own = self.table(self.own, x)
        if own is None:
            own = ln_gamma(x)
        return diff - own - math.log(a)


def slope(hist, labels, c):
    """bayes::Counts::slope: the derivative in ln c of the expected log-likelihood of the wrong
    reports plus the log hyperprior, uniform on the probability that two independent wrong answers
    coincide: 1 − 2B/(1 + B) with B = c for the restaurant, (K − 1)c for a label set of K ≥ 3
    values (none for K = 2). `hist` holds `distinct`, and `wrong` / `answers` as {count: weight}."""

    def shrink(b):
        return 1.0 - 2.0 * b / (1.0 + b)

    def bins(v, f):
        total = 0.0
        for n in sorted(v):
            if v[n] != 0.0:
                total += v[n] * f(float(n))
        return total

    if labels is None:
        d = hist["distinct"] / c + bins(hist["wrong"], lambda n: digamma(c) - digamma(c + n))
        return d * c + shrink(c)
    kw = float(max(labels, 2) - 1)
    d = kw * bins(hist["wrong"], lambda n: digamma(kw * c) - digamma(kw * c + n)) + bins(
        hist["answers"], lambda x: digamma(c + x) - digamma(c)
    )
    return d * c + (shrink(kw * c) if kw >= 2.0 else 0.0)


def fit_concentration(hist, labels):
    """bayes::Counts::fit: bisection on the slope in ln c, 60 halvings of [ln 1e-4, ln 1e8]."""
    lo, hi = math.log(CONCENTRATION_MIN), math.log(CONCENTRATION_MAX)
    if slope(hist, labels, math.exp(hi)) >= 0.0:
        return CONCENTRATION_MAX
    if slope(hist, labels, math.exp(lo)) <= 0.0:
        return CONCENTRATION_MIN
    for _ in range(60):
        mid = 0.5 * (lo + hi)
        if slope(hist, labels, math.exp(mid)) > 0.0:
            lo = mid
        else:
            hi = mid
    return math.exp(0.5 * (lo + hi))


ACCURACY_FLOOR = 1e-6  # em.rs ACCURACY_FLOOR: accuracies kept in [1e-6, 1 - 1e-6]


def m_step_em(degree, correct):
    """em::m_step: the MAP accuracy of every source under Beta(PRIOR_A, PRIOR_B)."""
    out = []
    for n, c in zip(degree, correct):
        denom = n + PRIOR_A + PRIOR_B - 2.0
        v = (c + PRIOR_A - 1.0) / denom if denom > 0.0 else PRIOR_A / (PRIOR_A + PRIOR_B)
        out.append(clamp(v, ACCURACY_FLOOR, 1.0 - ACCURACY_FLOOR))
    return out


# --- the distributed part ------------------------------------------------------------------------


# --- values with structure (src/learn/values.rs) ----------------------------------------------
# Each question's kind is told from its values by values::kind_of's rule, and each answer t gets
# its links: the answers u that lend it support, with ln(1 + ρ·k(u → t)) (bayes::Model::question).
# Values are parsed with Java regular expressions that accept exactly what values.rs's parsers
# accept (`\z`: the very end; `\p{IsWhite_Space}`: Rust's char::is_whitespace), numbers with
# Java's correctly rounded parser as Rust's, units read from `1e<e>` as values.rs's pow10 makes
# them. Every pair of a question's answers is compared (m² per question; in process, a walk over
# the sorted answers finds the same pairs).

KINDS = ("time", "date", "number", "list")  # values::Kind, in the order of values::KindCounts
MAX_UNITS = 20.0  # values.rs MAX_UNITS: values further apart than this many units lend nothing
MAX_LIST_ANSWERS = 64  # values.rs MAX_LIST_ANSWERS: list questions with more answers stay unlinked
MAX_UNIT_EXPONENT = 300  # values.rs MAX_UNIT_EXPONENT: a number's unit is 10^e with |e| ≤ this
STRUCTURE_RHO = 1.0  # bayes.rs STRUCTURE_RHO: a near miss u of t is 1 + ρk times likelier under t
DAY = 86400.0  # seconds: times are on a circle of one day

# values::parse_time: H:MM or HH:MM, optionally :SS, optionally am / a.m. / a.m / pm / p.m. / p.m
# (any case, after optional white space).
TIME_RE = r"(?i)^([0-9]{1,2}):([0-9]{2})(?::([0-9]{2}))?(?:\p{IsWhite_Space}*(am|a\.m\.?|pm|p\.m\.?))?\z"
# values::parse_date: YYYY-MM-DD.
DATE_RE = r"^([0-9]{4})-([0-9]{2})-([0-9]{2})\z"
# values::parse_number: sign, digits (or groups of three after commas), fraction, exponent of at
# most four digits; at least one digit before the exponent.
NUMBER_RE = r"^[+-]?(?=\.?[0-9])(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)?(?:\.([0-9]+))?(?:[eE]([+-]?[0-9]{1,4}))?\z"
# str::trim (Unicode white space), for list items.
TRIM_RE = r"^\p{IsWhite_Space}+|\p{IsWhite_Space}+\z"


def parsed_value(F, v):
    """values::flags and values::ordered for one value: whether it is a time, a date, a number
    (each with its position and unit) and whether it holds `|`."""
    t = [F.regexp_extract(v, TIME_RE, i) for i in (1, 2, 3, 4)]
    h, mi = t[0].try_cast("int"), t[1].try_cast("int")
    se = F.when(t[2] == "", F.lit(0)).otherwise(t[2].try_cast("int"))
    mer = F.lower(t[3])
    time_ok = (
        v.rlike(TIME_RE)
        & (mi <= 59)
        & (se <= 59)
        & F.when(mer == "", h <= 23).otherwise((h >= 1) & (h <= 12))
    )
    hour = F.when(mer == "", h).otherwise(h % 12 + F.when(F.substring(mer, 1, 1) == "p", 12).otherwise(0))
    d = [F.regexp_extract(v, DATE_RE, i).try_cast("long") for i in (1, 2, 3)]
    y, mo, dd = d
    leap = ((y % 4 == 0) & (y % 100 != 0)) | (y % 400 == 0)
    dim = (
        F.when(mo == 2, F.when(leap, 29).otherwise(28))
        .when(mo.isin(4, 6, 9, 11), 30)
        .otherwise(31)
    )
    date_ok = v.rlike(DATE_RE) & (mo >= 1) & (mo <= 12) & (dd >= 1) & (dd <= dim)
    # Days since 1970-01-01 of the proleptic Gregorian calendar (chrono's), by Hinnant's
    # days_from_civil, in whole numbers.
    yy = y - F.when(mo <= 2, 1).otherwise(0)
    era = F.floor(F.when(yy >= 0, yy).otherwise(yy - 399) / 400.0)
    yoe = yy - era * 400
    doy = F.floor((153 * ((mo + 9) % 12) + 2) / 5.0) + dd - 1
    doe = yoe * 365 + F.floor(yoe / 4.0) - F.floor(yoe / 100.0) + doy
    days = (era * 146097 + doe - 719468).cast("double")
    decimals = F.length(F.regexp_extract(v, NUMBER_RE, 1))
    exponent = F.when(F.regexp_extract(v, NUMBER_RE, 2) == "", F.lit(0)).otherwise(
        F.regexp_extract(v, NUMBER_RE, 2).try_cast("int")
    )
    e = exponent - decimals
    at = F.regexp_replace(v, ",", "").try_cast("double")
    number_ok = (
        v.rlike(NUMBER_RE)
        & at.isNotNull()
        & (F.abs(at) != F.lit(math.inf))
        & (F.abs(e) <= MAX_UNIT_EXPONENT)
    )
    return F.struct(
        time_ok.alias("time"),
        (hour * 3600 + mi * 60 + se).cast("double").alias("time_at"),
        F.when(t[2] == "", F.lit(60.0)).otherwise(F.lit(1.0)).alias("time_unit"),
        date_ok.alias("date"),
        days.alias("date_at"),
        number_ok.alias("number"),
        at.alias("number_at"),
        F.concat(F.lit("1e"), e.cast("string")).try_cast("double").alias("number_unit"),
        v.contains("|").alias("bar"),
    )


def with_structure(F, questions):
    """values::Structure::detect: the columns `kind` (time, date, number, list, or null for
    categorical) and `links` (per answer t, its lending answers u ascending, each with
    lk = ln(1 + ρ·k(u → t)), k as the f32 of values.rs)."""
    df = questions.withColumn("_v", F.transform("claims", lambda c: parsed_value(F, c["value"])))
    every = lambda f: F.forall("_v", lambda p: p[f])  # noqa: E731
    kind = (
        F.when(F.col("m") < 2, F.lit(None).cast("string"))
        .when(every("time"), "time")
        .when(every("date"), "date")
        .when(every("number"), "number")
        .when(F.exists("_v", lambda p: p["bar"]), "list")
    )
    df = df.withColumn("kind", kind)
    pos = (
        F.when(F.col("kind") == "time", F.transform("_v", lambda p: F.struct(p["time_at"].alias("at"), p["time_unit"].alias("unit"))))
        .when(F.col("kind") == "date", F.transform("_v", lambda p: F.struct(p["date_at"].alias("at"), F.lit(1.0).alias("unit"))))
        .when(F.col("kind") == "number", F.transform("_v", lambda p: F.struct(p["number_at"].alias("at"), p["number_unit"].alias("unit"))))
    )
    df = df.withColumn("_pos", pos).withColumn(
        "_unit", F.aggregate("_pos", F.lit(math.inf), lambda a, p: F.least(a, p["unit"]))
    )
    idx = F.sequence(F.lit(0), F.col("m") - 1)

    def lk(k):
        # bayes::Model::question: ln(1 + ρ·k) of the share k rounded to f32.
        return F.log1p(F.lit(STRUCTURE_RHO) * k.cast("float").cast("double"))

    def at(i):
        return F.element_at(F.col("_pos"), i + 1)["at"]

    def gap(u, t):
        d = at(u) - at(t)
        # Times: round the clock both ways, the nearer (values.rs keeps the nearer share).
        return F.when(F.col("kind") == "time", F.least(F.pmod(d, F.lit(DAY)), F.pmod(-d, F.lit(DAY)))).otherwise(F.abs(d))

    window = F.col("_unit") * MAX_UNITS
    ordered = F.transform(
        idx,
        lambda t: F.transform(
            F.filter(
                F.transform(idx, lambda u: F.struct(u.alias("u"), gap(u, t).alias("gap"))),
                lambda l: (l["u"] != t) & (l["gap"] <= window),
            ),
            lambda l: F.struct(l["u"].alias("u"), lk(F.pow(F.lit(0.5), l["gap"] / F.col("_unit"))).alias("lk")),
        ),
    )
    df = df.withColumn(
        "_sets",
        F.transform(
            "claims",
            lambda c: F.array_distinct(
                F.filter(
                    F.transform(F.split(c["value"], r"\|"), lambda x: F.regexp_replace(x, TRIM_RE, "")),
                    lambda x: x != "",
                )
            ),
        ),
    )

    def common(u, t):
        return F.size(F.array_intersect(F.element_at(F.col("_sets"), u + 1), F.element_at(F.col("_sets"), t + 1)))

    def items(u):
        return F.size(F.element_at(F.col("_sets"), u + 1))

    listed = F.transform(
        idx,
        lambda t: F.transform(
            F.filter(
                F.transform(idx, lambda u: F.struct(u.alias("u"), common(u, t).alias("n"), items(u).alias("of"))),
                lambda l: (l["u"] != t) & (l["of"] > 0) & (l["n"] > 0),
            ),
            lambda l: F.struct(l["u"].alias("u"), lk(l["n"].cast("double") / l["of"].cast("double")).alias("lk")),
        ),
    )
    none = F.array_repeat(F.array().cast("array<struct<u:int,lk:double>>"), F.col("m"))
    links = (
        F.when(F.col("kind").isin("time", "date", "number"), ordered)
        .when((F.col("kind") == "list") & (F.col("m") <= MAX_LIST_ANSWERS), listed)
        .otherwise(none)
    )
    return df.withColumn("links", links).drop("_v", "_pos", "_unit", "_sets")


def read_table(spark, F, path, expected, what):
    """Reads a CSV, TSV or Parquet file (or a folder of Parquet files) whose columns are exactly
    `expected`, in any order: each trimmed of surrounding ASCII whitespace, none empty."""
    low = path.lower().rstrip("/")
    try:
        if low.endswith(".parquet"):
            df = spark.read.parquet(path)
        elif low.endswith(".csv") or low.endswith(".tsv") or low.endswith(".tab"):
            tab = not low.endswith(".csv")
            df = (
                spark.read.option("header", True)
                .option("sep", "\t" if tab else ",")
                # TSV has no quoting (a NUL quote character turns it off); CSV quotes with `"`
                # and doubles it inside quotes, and a quoted value may span lines.
                .option("quote", "\u0000" if tab else '"')
                .option("escape", "\u0000" if tab else '"')
                .option("multiLine", not tab)
                .option("mode", "FAILFAST")
                .option("ignoreLeadingWhiteSpace", False)
                .option("ignoreTrailingWhiteSpace", False)
                .option("inferSchema", False)
                .csv(path)
            )
        else:
            fail(
                f"cannot tell the format of `{bounded(path)}` from its extension: expected .csv, .tsv, .tab or .parquet ({what})"
            )
    except Exception as e:  # Spark's own reading errors (missing file, bad Parquet)
        fail(f"cannot read `{bounded(path)}` ({what}): {bounded(str(e).splitlines()[0], 300)}")
    names = [c.lstrip("\ufeff").strip(" \t\r\n\f") for c in df.columns]
    if sorted(names) != sorted(expected) or len(names) != len(expected):
        fail(
            f"`{bounded(path)}`: unrecognised columns `{bounded(','.join(names), 200)}`: expected `{','.join(expected)}` ({what})"
        )
    ws = "^[ \\t\\n\\r\\f]+|[ \\t\\n\\r\\f]+$"  # Rust's trim_ascii: space, \t, \n, \x0C, \r
    df = df.select(
        *[F.regexp_replace(F.col(f"`{c}`").cast("string"), ws, "").alias(n) for c, n in zip(df.columns, names)]
    )
    empty = None
    for n in expected:
        cond = F.col(n).isNull() | (F.col(n) == "")
        empty = cond if empty is None else (empty | cond)
    try:
        bad = df.filter(empty).limit(1).collect()
    except Exception as e:  # FAILFAST parse errors surface here
        fail(f"cannot read `{bounded(path)}` ({what}): {bounded(str(e).splitlines()[0], 300)}")
    if bad:
        row = bad[0]
        shown = ", ".join(f"{n} `{bounded(row[n] or '')}`" for n in expected)
        fail(
            f"`{bounded(path)}`: a row has a missing or empty value ({shown}): expected a non-empty {', '.join(expected)} on every row"
        )
    return df


def main():
    parser = argparse.ArgumentParser(description="corroborate's learned reliability on Spark")
    parser.add_argument("--input", required=True, help="triples: CSV, TSV or Parquet")
    parser.add_argument("--output", required=True, help="a folder that does not exist yet")
    parser.add_argument("--seed", help="known answers (question,value): CSV, TSV or Parquet")
    args = parser.parse_args()
    if METHOD not in ("bayes", "em", "none"):
        fail(f"method `{METHOD}` is not available on Spark yet: expected `bayes`, `em` or `none`")
    if METHOD == "bayes" and COPYING:
        fail("method `bayes` with copy detection cannot run on Spark yet: expected COPYING = False")

    from pyspark.sql import SparkSession, Window
    from pyspark.sql import functions as F

    spark = SparkSession.builder.appName(f"corroborate {METHOD}").getOrCreate()
    spark.sparkContext.setLogLevel("ERROR")
    jvm_path = spark._jvm.org.apache.hadoop.fs.Path(args.output)
    fs = jvm_path.getFileSystem(spark._jsc.hadoopConfiguration())
    if fs.exists(jvm_path):
        fail(f"`{bounded(args.output)}` exists already: expected a new folder for the output (nothing was overwritten)")

    raw = read_table(spark, F, args.input, ["source", "question", "value"], "triples")
    rows = raw.count()  # reports read, repeats included (the JSON's counts.reports)
    if not spark.sparkContext.getConf().contains("spark.sql.shuffle.partitions"):
        # Spark's default of 200 partitions makes every iteration of a small set schedule 200
        # tasks (minutes for a few thousand rows); two per core, and more past 2M rows each,
        # unless the submitter chose (--conf spark.sql.shuffle.partitions=N).
        parts = max(2 * spark.sparkContext.defaultParallelism, rows // 2_000_000, 1)
        spark.conf.set("spark.sql.shuffle.partitions", str(parts))
    pairs = raw.dropDuplicates().cache()
    # Sources in byte order of their names, numbered from 0 (Spark orders strings by their UTF-8
    # bytes, as Rust does): one window over the distinct sources, about one row per source.
    srcs = (
        pairs.select("source")
        .distinct()
        .withColumn("s", (F.row_number().over(Window.orderBy("source")) - 1).cast("int"))
        .cache()
    )
    n_sources = srcs.count()
    if n_sources == 0:
        fail(f"`{bounded(args.input)}` holds no triples: expected at least one row")
    # One row per question: its answers in byte order of value, each with its sources ascending
    # (the order of the in-process sums), the number of sources per answer x and in all X.
    claims = (
        pairs.join(F.broadcast(srcs), "source")
        .groupBy("question", "value")
        .agg(F.array_sort(F.collect_list("s")).alias("srcs"))
        .withColumn("x", F.size("srcs"))
    )
    questions = claims.groupBy("question").agg(
        F.array_sort(F.collect_list(F.struct("value", "x", "srcs"))).alias("claims")
    )
    questions = questions.withColumn("m", F.size("claims")).withColumn(
        "X", F.aggregate("claims", F.lit(0), lambda a, c: a + c["x"])
    )
    seeded_file = None
    n_seeded = 0
    if args.seed:
        seeds = read_table(spark, F, args.seed, ["question", "value"], "seed answers")
        twice = seeds.groupBy("question").count().filter("count > 1").limit(1).collect()
        if twice:
            fail(
                f"`{bounded(args.seed)}`: duplicate seed question `{bounded(twice[0]['question'])}`: expected one answer per question"
            )
        seeds = seeds.withColumnRenamed("value", "seed_value")
        questions = questions.join(F.broadcast(seeds), "question", "left").withColumn(
            # The seeded answer's position, -1 when the seeded value is nobody's answer (P(∅) = 1).
            "seed",
            F.when(
                F.col("seed_value").isNotNull(),
                F.array_position(F.transform("claims", lambda c: c["value"]), F.col("seed_value")).cast("int") - 1,
            ),
        ).drop("seed_value")
        seeded_file = args.seed
    else:
        questions = questions.withColumn("seed", F.lit(None).cast("int"))
    structure = METHOD == "bayes" and STRUCTURE
    questions = questions.repartition("question")
    if structure:
        questions = with_structure(F, questions)
    else:
        questions = questions.withColumn("kind", F.lit(None).cast("string"))
    questions = questions.cache()

    def count_kind(k):
        return F.sum(F.when(F.col("kind") == k, 1).otherwise(0)).alias(k)

    stats = questions.agg(
        F.count("*").alias("questions"),
        F.sum("m").alias("claims"),
        F.sum("X").alias("pairs"),
        F.max("X").alias("largest"),
        F.count("seed").alias("seeded"),
        *[count_kind(k) for k in KINDS],
    ).collect()[0]
    n_questions, n_claims, n_pairs = stats["questions"], stats["claims"], stats["pairs"]
    largest, n_seeded = stats["largest"], stats["seeded"]
    kinds = {k: stats[k] for k in KINDS}
    n_values = pairs.select("value").distinct().count()
    # values::label_set: the distinct values of the categorical questions form a label set when
    # there are at least two and at most half as many as those questions' claims.
    if structure:
        cat = questions.filter(F.col("kind").isNull())
        cat_claims = cat.agg(F.sum("m").alias("n")).collect()[0]["n"] or 0
        cat_values = cat.select(F.explode(F.transform("claims", lambda c: c["value"])).alias("v")).distinct().count()
    else:
        cat_claims, cat_values = n_claims, n_values
    labels = cat_values if (cat_values >= 2 and cat_values * 2 <= cat_claims) else None
    degree = [0.0] * n_sources
    for r in pairs.join(F.broadcast(srcs), "source").groupBy("s").count().collect():
        degree[r["s"]] = float(r["count"])

    # The first estimate: the majority vote's shares, seeded questions fixed (learn::vote).
    first = fixed_seeds(F, vote_shares(F))

    # Params::resolve_alternatives: a shared label set (at least two values, at most half as many
    # as claims) sets k to the number of distinct values.
    alt = ALTERNATIVES
    if ALTERNATIVES == 0 and n_values >= 2 and n_values * 2 <= n_claims:
        alt = n_values
    if METHOD == "em":
        result = run_em(spark, F, questions, degree, alt)
    elif METHOD == "none":
        result = run_vote(F, questions, degree)
    else:
        result = run_bayes(spark, F, questions, first, degree, labels, largest, structure)
    result["alternatives"] = alt

    summary = {
        "method": METHOD,
        "iterations": result["iterations"],
        "converged": result["converged"],
        "tolerance": TOLERANCE,
        "max_iterations": MAX_ITERATIONS,
        "prior_a": PRIOR_A,
        "prior_b": PRIOR_B,
        "alternatives": result["alternatives"],
        "rubric": RUBRIC,
        "interval": INTERVAL,
        "input": args.input,  # the report's title: the input as named
        "reports": rows,
        "pairs": n_pairs,
        "questions": n_questions,
        "claims": n_claims,
        "sources": n_sources,
        "values": n_values,
        "seed_file": seeded_file or "",
        "seeded": n_seeded,
        "fitted_a": result.get("prior", (PRIOR_A, PRIOR_B))[0],
        "fitted_b": result.get("prior", (PRIOR_A, PRIOR_B))[1],
        "prior_learned": result.get("prior_learned", False),
        "concentration": result.get("concentration", 0.0),
        "labels": result.get("labels") or 0,
        "structure": structure,
        **{f"kind_{k}": kinds[k] for k in KINDS},
    }
    write_output(spark, F, args.output, questions, result, srcs, degree, summary)
    print(
        f"corroborate {METHOD}: {result['iterations']} iterations, "
        + ("converged" if result["converged"] else "stopped at the iteration cap, not converged")
        + f"; {n_claims} claims of {n_questions} questions, {n_sources} sources -> {args.output}",
        file=sys.stderr,
    )
    spark.stop()


def vote_shares(F):
    """learn::vote: each answer's share of the question's reports."""
    return F.transform("claims", lambda c: c["x"] / F.col("X"))


def fixed_seeds(F, post):
    """Seeded questions keep probability 1 on the seeded answer (bayes::Model::question)."""
    return F.when(F.col("seed").isNull(), post).otherwise(
        F.transform("claims", lambda c, i: F.when(i == F.col("seed"), F.lit(1.0)).otherwise(F.lit(0.0)))
    )


def broadcast_row(spark, F, **arrays):
    """One small row of per-source (and per-count) tables, joined to every question (a broadcast
    nested-loop join of one row: the table of weights is sent to each executor once)."""
    return F.broadcast(spark.createDataFrame([tuple(arrays.values())], list(arrays)))


def source_sums(F, df, post_col, extra=None):
    """learn::source_sums: each source's sum of its claims' probabilities (kind 0), with any
    `extra` rows (kind, key, val) of the same pass; the grouped sums come back to the driver."""
    per_claim = F.flatten(
        F.transform(
            F.col("claims"),
            lambda c, i: F.transform(
                c["srcs"],
                lambda s: F.struct(F.lit(0).alias("kind"), s.alias("key"), F.element_at(F.col(post_col), i + 1).alias("val")),
            ),
        )
    )
    items = per_claim if extra is None else F.concat(per_claim, extra)
    return (
        df.select(F.explode(items).alias("t"))
        .select("t.kind", "t.key", "t.val")
        .groupBy("kind", "key")
        .agg(F.sum("val").alias("val"))
        .collect()
    )


def run_vote(F, questions, degree):
    """learn::vote (method `none`): every source counts the same; a source's reliability is the
    mean of Beta(PRIOR_A + C, PRIOR_B + n − C), C its claims' summed shares
    (learn::source_reliability)."""
    n = len(degree)
    correct = [0.0] * n
    for r in source_sums(F, questions.withColumn("p", vote_shares(F)), "p"):
        correct[r["key"]] = r["val"]
    sources = []
    for s in range(n):
        c = clamp(correct[s], 0.0, degree[s])
        a, b = PRIOR_A + c, PRIOR_B + (degree[s] - c)
        sources.append((degree[s], c, a / (a + b), a, b, 1.0))
    return {
        "iterations": 0,
        "converged": True,
        "final": questions.withColumn("p", vote_shares(F)),
        "sources": sources,
    }


def run_em(spark, F, questions, degree, alt):
    """em::em: MAP-EM for the one-coin Dawid–Skene model, from the majority vote."""
    n = len(degree)
    correct = [0.0] * n
    # em::em learns from no seeds: it starts from the plain vote.
    for r in source_sums(F, questions.withColumn("p", vote_shares(F)), "p"):
        correct[r["key"]] = r["val"]
    acc = [math.nan] * n
    iterations = 0
    converged = False
    table = None
    while iterations < MAX_ITERATIONS:
        iterations += 1
        nxt = m_step_em(degree, correct)
        delta = max_change(nxt, acc)
        acc = nxt
        logit = [math.log(a / (1.0 - a)) for a in acc]
        table = broadcast_row(spark, F, logit=logit)
        df = em_posteriors(F, questions.crossJoin(table), alt)
        correct = [0.0] * n
        for r in source_sums(F, df, "p"):
            correct[r["key"]] = r["val"]
        if delta <= TOLERANCE:
            converged = True
            break
    final = em_posteriors(F, questions.crossJoin(table), alt)
    sources = []
    for s in range(n):
        c = clamp(correct[s], 0.0, degree[s])
        sources.append((degree[s], c, acc[s], PRIOR_A + c, PRIOR_B + (degree[s] - c), acc[s]))
    return {
        "iterations": iterations,
        "converged": converged,
        "final": final,
        "sources": sources,
    }


def em_posteriors(F, df, alt):
    """em::question_posteriors (log space): P(t) ∝ exp(Σ logit_s + d·ln(k − 1)) over a claim's d
    sources, each of the k − m values nobody asserted weighing exp(0) = 1; k = max(m, k_alt).
    Adds the column `p` (one question with one possible value: it is the truth)."""
    k = F.greatest(F.col("m"), F.lit(alt))
    lk = F.log(k - 1.0)
    scores = F.transform(
        "claims",
        lambda c: F.aggregate(c["srcs"], F.lit(0.0), lambda a, s: a + F.element_at(F.col("logit"), s + 1))
        + c["x"] * lk,
    )
    df = softmax(F, df, scores, (k - F.col("m")).cast("double"))
    return df.withColumn("p", F.when(k <= 1, F.transform("claims", lambda c: F.lit(1.0))).otherwise(F.col("p")))


def softmax(F, df, scores, empty):
    """The answers' shares e^(S − top) / z and the share of the values nobody claimed, `empty` ·
    e^(−top) / z, with z = empty · e^(−top) + Σ e^(S − top) summed in answer order and top the
    largest score (or 0 when empty > 0): columns `p` and `pe`. One step a column, so that Spark
    computes each once (it does not merge steps whose expressions would then run twice)."""
    df = df.withColumn("_s", scores).withColumn("_e", empty)
    top = F.array_max("_s")
    df = df.withColumn("_top", F.when(F.col("_e") > 0, F.greatest(top, F.lit(0.0))).otherwise(top))
    df = df.withColumn("_ex", F.transform("_s", lambda x: F.exp(x - F.col("_top"))))
    df = df.withColumn("_z0", F.col("_e") * F.exp(-F.col("_top")))
    df = df.withColumn("_z", F.aggregate("_ex", F.col("_z0"), lambda a, e: a + e))
    df = df.withColumn("p", F.transform("_ex", lambda e: e / F.col("_z"))).withColumn("pe", F.col("_z0") / F.col("_z"))
    return df.drop("_s", "_e", "_top", "_ex", "_z0", "_z")


def run_bayes(spark, F, questions, first, degree, labels, largest, structure):
    """bayes::bayes (without copy detection, which spark-job refuses): variational Bayes with an
    empirical-Bayes Beta prior, a learned wrong-value model and, with `structure`, the support of
    close values (the `links` of with_structure)."""
    n = len(degree)
    active = sum(1 for d in degree if d > 0.0)
    # The distinct (X, x) of the claims: their wrong-value scores are computed here, on the driver,
    # by the same function as in process, and broadcast (ln Γ is no Spark SQL built-in).
    keys = [
        (r["X"], r["x"])
        for r in questions.select("X", F.explode(F.transform("claims", lambda c: c["x"])).alias("x"))
        .distinct()
        .collect()
    ]
    # Each claim's probability of the previous E-step (bayes::Model::prev), carried on its
    # question's row as `prev`: at the start the vote's shares, seeded questions fixed.
    cur = questions.withColumn("prev", first).localCheckpoint()
    correct = [0.0] * n
    for r in source_sums(F, cur, "prev"):
        correct[r["key"]] = r["val"]
    prior = (PRIOR_A, PRIOR_B)
    conc = 1.0
    hist = None
    mean = [math.nan] * n
    posterior = [(0.0, 0.0)] * n
    iterations = 0
    converged = False
    df = None
    while iterations < MAX_ITERATIONS:
        iterations += 1
        # M-step: the prior (empirical Bayes), the sources' posteriors, the concentration.
        if LEARN_PRIOR and active >= 2:
            prior = fit_beta_binomial(list(zip(degree, correct)), prior)
        # bayes::bayes: per source α_s and β_s − 1 of Beta(α_s, β_s), the cavity odds' parts.
        num = [0.0] * n
        den = [0.0] * n
        nxt = [0.0] * n
        for s in range(n):
            c = clamp(correct[s], 0.0, degree[s])
            a, b = prior[0] + c, prior[1] + degree[s] - c
            posterior[s] = (a, b)
            num[s] = a
            den[s] = b - 1.0
            nxt[s] = a / (a + b)
        delta = max_change(nxt, mean)
        mean = nxt
        if hist is not None:
            conc = fit_concentration(hist, labels)
        wrong = WrongValues(labels, conc, largest)
        table = broadcast_row(
            spark,
            F,
            num=num,
            den=den,
            score=dict(((X << 32) | x, wrong.score(float(x), float(X))) for X, x in keys),
        )
        # The E-step, computed once (a local checkpoint: the next iteration starts from its rows,
        # not from a plan that grows with every iteration).
        df = bayes_posteriors(F, cur.crossJoin(table), labels, structure).drop("num", "den", "score").localCheckpoint()
        cur = df.drop("prev").withColumnRenamed("p", "prev").drop("pe")
        correct = [0.0] * n
        hist = {"distinct": 0.0, "wrong": {}, "answers": {}}
        for r in source_sums(F, df, "p", tally(F, labels)):
            kind, key, val = r["kind"], r["key"], r["val"]
            if kind == 0:
                correct[key] = val
            elif kind == 1:
                hist["wrong"][key] = val
            elif kind == 2:
                hist["answers"][key] = val
            else:
                hist["distinct"] = val
        if delta <= TOLERANCE:
            converged = True
            break
    # The claims' probabilities of the last E-step.
    final = df.drop("prev")
    # The sources' posteriors given the last E-step.
    sources = []
    for s in range(n):
        c = clamp(correct[s], 0.0, degree[s])
        a, b = prior[0] + c, prior[1] + degree[s] - c
        sources.append((degree[s], c, a / (a + b), a, b, a / (a + b)))
    return {
        "iterations": iterations,
        "converged": converged,
        "final": final,
        "sources": sources,
        "prior": prior,
        "prior_learned": LEARN_PRIOR,
        "concentration": conc,
        "labels": labels,
    }


def bayes_posteriors(F, df, labels, structure):
    """bayes::Model::question: S(v) = Σ_{s names v} w_sv + the wrong-value score of (x_v, X)
    (+ Σ_u x_u·ln(1 + ρ·k(u → v)) over the close answers u, with `structure`),
    with w_sv = ln[(α_s − p_v) / (β_s − 1 + p_v)] the log-odds of source s's cavity for claim v
    (bayes::Model::cavity; p_v is the claim's `prev`, α_s and β_s − 1 are `num` and `den`);
    P(v) ∝ e^S(v), P(∅) ∝ K − m for a label set of K values, 1 for the restaurant process. Adds
    the columns `p` (the answers) and `pe` (P(∅)), seeded questions fixed."""

    def cavity(s, pv):
        return F.log((F.element_at(F.col("num"), s + 1) - pv) / (F.element_at(F.col("den"), s + 1) + pv))

    scores = F.transform(
        "claims",
        lambda c, i: F.aggregate(
            c["srcs"], F.lit(0.0), lambda a, s: a + cavity(s, F.element_at(F.col("prev"), i + 1))
        )
        + F.element_at(F.col("score"), (F.col("X").cast("long") * F.lit(1 << 32)) + c["x"]),
    )
    if structure:
        # Added one link at a time, in the order of the lending answers, as in process.
        scores = F.transform(
            scores,
            lambda sc, i: F.aggregate(
                F.element_at(F.col("links"), i + 1),
                sc,
                lambda a, l: a + F.element_at(F.col("claims"), l["u"] + 1)["x"].cast("double") * l["lk"],
            ),
        )
    # bayes::WrongValues::unclaimed: K − m for a label set, 1 for the restaurant process.
    empty = (
        F.greatest(F.lit(labels) - F.col("m"), F.lit(0)).cast("double") if labels is not None else F.lit(1.0)
    )
    df = softmax(F, df, scores, empty)
    return df.withColumn("p", fixed_seeds(F, F.col("p"))).withColumn(
        "pe",
        F.when(F.col("seed").isNull(), F.col("pe")).otherwise(
            F.when(F.col("seed") == -1, F.lit(1.0)).otherwise(F.lit(0.0))
        ),
    )


def tally(F, labels):
    """bayes::tally: the concentration's histograms, as (kind, count, weight) rows. Kind 1: Σ P(t)
    by the number of wrong reports under t; kind 2 (label set): Σ (1 − P(v)) by each answer's
    count; kind 3 (restaurant): Σ P(t)·(distinct wrong values under t)."""
    X = F.col("X")
    m = F.col("m").cast("double")

    def row(kind, key, val):
        return F.struct(F.lit(kind).alias("kind"), key.cast("int").alias("key"), val.alias("val"))

    per = F.transform(
        "claims",
        lambda c, i: F.array(
            *(
                [row(1, X - c["x"], F.element_at(F.col("p"), i + 1))]
                + ([row(2, c["x"], 1.0 - F.element_at(F.col("p"), i + 1))] if labels is not None else [])
                + ([row(3, F.lit(0), F.element_at(F.col("p"), i + 1) * (m - 1.0))] if labels is None else [])
            )
        ),
    )
    # Truth = answer i: its X − x_i other reports are wrong (none when X = x_i).
    per = F.filter(F.flatten(per), lambda t: (t["kind"] != 1) | (t["key"] > 0))
    per = F.filter(per, lambda t: (t["kind"] != 3) | (t["val"] != 0.0))
    # Truth = ∅: all X reports are wrong, m distinct values.
    none = F.when(
        (F.col("pe") > 0.0) & (X > 0),
        F.array(
            *([row(1, X, F.col("pe"))] + ([row(3, F.lit(0), F.col("pe") * m)] if labels is None else []))
        ),
    ).otherwise(F.array().cast("array<struct<kind:int,key:int,val:double>>"))
    return F.concat(per, none)


def write_output(spark, F, out, questions, result, srcs, degree, summary):
    """Writes Parquet (claims, sources, summary) and the CSV that `corroborate report --from-spark`
    reads, every number to 17 significant digits (enough to give back the same double)."""
    final = result["final"]
    final = final.cache()
    claims = final.select(
        "question",
        F.posexplode(F.arrays_zip(F.col("claims"), F.col("p"))).alias("i", "t"),
        # top: the first answer within 1e-9 of the best (learn::top_answer, TIE_EPSILON).
        F.array_max("p").alias("best"),
    ).select(
        "question",
        "i",
        F.col("t.claims.value").alias("value"),
        F.col("t.p").alias("confidence"),
        F.col("t.claims.x").alias("sources"),
        "best",
    )
    from pyspark.sql import Window

    w = Window.partitionBy("question").orderBy("i").rowsBetween(Window.unboundedPreceding, 0)
    tied = F.col("confidence") >= F.col("best") - 1e-9
    claims = claims.withColumn("top", tied & (F.sum(F.when(tied, 1).otherwise(0)).over(w) == 1)).select(
        "question", "value", "confidence", "sources", "top"
    )
    claims = claims.cache()
    rows = [
        (s, int(n), c, rel, a, b, t) for s, (n, c, rel, a, b, t) in enumerate(result["sources"])
    ]
    table = spark.createDataFrame(rows, "s int, claims long, correct double, reliability double, alpha double, beta double, trust double")
    sources = srcs.join(table, "s").orderBy("s").drop("s")
    typed = spark.createDataFrame([tuple(summary.values())], list(summary))
    claims.write.parquet(f"{out}/claims")
    sources.write.parquet(f"{out}/sources")
    typed.coalesce(1).write.parquet(f"{out}/summary")

    def num(c):
        return F.format_string("%.16e", F.col(c)).alias(c)

    def csv(df, path):
        (
            df.write.option("header", True)
            .option("quote", '"')
            .option("escape", '"')
            .option("ignoreLeadingWhiteSpace", False)
            .option("ignoreTrailingWhiteSpace", False)
            .option("emptyValue", '""')
            .csv(path)
        )

    csv(claims.select("question", "value", num("confidence"), "sources"), f"{out}/corroborate/claims")
    csv(
        sources.select("source", "claims", num("correct"), num("reliability"), num("alpha"), num("beta"), num("trust")),
        f"{out}/corroborate/sources",
    )
    # Numbers of the summary as Python writes them (repr: the shortest text giving back the double).
    texts = {k: (repr(v) if isinstance(v, float) else str(v).lower() if isinstance(v, bool) else str(v)) for k, v in summary.items()}
    csv(spark.createDataFrame([tuple(texts.values())], list(texts)).coalesce(1), f"{out}/corroborate/summary")


if __name__ == "__main__":
    main()
