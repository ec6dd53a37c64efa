//! Values with structure: a value close to another partly supports it.
//!
//! A question's kind is told from its values, by this rule (the first that holds):
//! - **time**: every value is a time of day, `H:MM` or `HH:MM`, optionally `:SS`, optionally
//!   followed by `am`/`pm` (also `a.m.`, `AM`, …);
//! - **date**: every value is a date `YYYY-MM-DD` (four, two and two digits, a day of the calendar);
//! - **number**: every value is a decimal number: an optional sign, digits (optionally grouped by
//!   commas in threes), an optional fraction, an optional exponent of at most four digits
//!   (`1,234`, `-3.5`, `2e6`), finite, written to a unit (below) of 10^e with |e| ≤ 300;
//! - **list**: some value holds `|`: values are sets of items separated by `|` (an author list
//!   normalised as `knuth|plass`); a value without `|` is a set of one item;
//! - otherwise the question is **categorical** (free text, labels): values are equal or not.
//!
//! A question with a single answer needs no structure and stays categorical.
//!
//! Support. In the E-step a report of value u adds to each other answer t of its question the share
//! `k(u → t)` of its weight (a fractional vote, the similarity-adjusted vote count of Yin, Han & Yu's
//! TruthFinder, KDD 2007, §3.2, and of Dong, Berti-Equille & Srivastava, VLDB 2009, §5):
//! - times, dates and numbers: k = 2^(−|u − t| / δ), with δ the question's resolution, the finest
//!   unit its values are written in (one minute for `HH:MM`, a second with seconds, a day for
//!   dates, 10^−d for numbers with d decimals). A value one unit away is as close to t as rounding
//!   can make it: it lends half its weight, two units a quarter, and so on; values further apart
//!   than [`MAX_UNITS`] units lend nothing (2^−20 < 10⁻⁶). A population of 1 234 567 gets nothing
//!   from 1 234 000, a temperature of 72 half of every report of 73;
//! - lists: k = |u ∩ t| / |u|, the share of u's items that t contains. Sources of lists omit items
//!   far more often than they invent them (Zhao et al., "A Bayesian approach to discovering truth
//!   from conflicting sources for data integration", VLDB 2012, learn high specificity and low
//!   sensitivity for the same book data), so a shorter list made of t's items is a vote for t,
//!   while a list naming an item t lacks lends only the share it has in common.
//!
//! Bounds. An ordered question is sorted by position and each answer is compared with the answers
//! within [`MAX_UNITS`] units only; a list question with more than [`MAX_LIST_ANSWERS`] answers is
//! left categorical (its comparisons would grow as the square of its answers).

use rayon::prelude::*;
use serde::Serialize;

use super::Graph;

/// Values further apart than this many units lend no support.
pub const MAX_UNITS: f64 = 20.0;
/// List questions with more answers than this are left categorical.
pub const MAX_LIST_ANSWERS: usize = 64;

/// The kind of a question's values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Kind {
    Time,
    Date,
    Number,
    List,
}

impl Kind {
    pub const ALL: [Kind; 4] = [Kind::Time, Kind::Date, Kind::Number, Kind::List];

    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Time => "time",
            Kind::Date => "date",
            Kind::Number => "number",
            Kind::List => "list",
        }
    }
}

/// A value read as a position on a line and the unit it is written in.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Ordered {
    at: f64,
    unit: f64,
}

/// `H:MM` or `HH:MM`, optionally `:SS`, optionally am/pm: seconds after midnight, and the unit.
fn parse_time(v: &str) -> Option<Ordered> {
    let lower = v.to_ascii_lowercase();
    let (clock, meridiem) = match lower
        .strip_suffix("am")
        .or_else(|| lower.strip_suffix("a.m."))
        .or_else(|| lower.strip_suffix("a.m"))
    {
        Some(c) => (c.trim_end(), Some(false)),
        None => match lower
            .strip_suffix("pm")
            .or_else(|| lower.strip_suffix("p.m."))
            .or_else(|| lower.strip_suffix("p.m"))
        {
            Some(c) => (c.trim_end(), Some(true)),
            None => (lower.as_str(), None),
        },
    };
    let mut parts = clock.split(':');
    let h = parts.next()?;
    let m = parts.next()?;
    let s = parts.next();
    if parts.next().is_some() || h.is_empty() || h.len() > 2 || m.len() != 2 {
        return None;
    }
    let digits = |x: &str| !x.is_empty() && x.bytes().all(|b| b.is_ascii_digit());
    if !digits(h) || !digits(m) || s.is_some_and(|s| s.len() != 2 || !digits(s)) {
        return None;
    }
    let (mut h, m): (u32, u32) = (h.parse().ok()?, m.parse().ok()?);
    let sec: u32 = s.map_or(Some(0), |s| s.parse().ok())?;
    if m > 59 || sec > 59 {
        return None;
    }
    match meridiem {
        Some(pm) => {
            if !(1..=12).contains(&h) {
                return None;
            }
            h = h % 12 + if pm { 12 } else { 0 };
        }
        None if h > 23 => return None,
        None => {}
    }
    Some(Ordered {
        at: f64::from(h * 3600 + m * 60 + sec),
        unit: if s.is_some() { 1.0 } else { 60.0 },
    })
}

/// `YYYY-MM-DD`, exactly four, two and two ASCII digits, a day of the calendar: days since
/// 1970-01-01.
fn parse_date(v: &str) -> Option<Ordered> {
    let b = v.as_bytes();
    let digits = |r: std::ops::Range<usize>| b[r].iter().all(u8::is_ascii_digit);
    if b.len() != 10
        || b[4] != b'-'
        || b[7] != b'-'
        || !digits(0..4)
        || !digits(5..7)
        || !digits(8..10)
    {
        return None;
    }
    let d = chrono::NaiveDate::from_ymd_opt(
        v[0..4].parse().ok()?,
        v[5..7].parse().ok()?,
        v[8..10].parse().ok()?,
    )?;
    let epoch = chrono::NaiveDate::from_ymd_opt(1970, 1, 1)?;
    Some(Ordered {
        at: (d - epoch).num_days() as f64,
        unit: 1.0,
    })
}

/// A decimal number (see the module documentation) and the unit of its last written digit.
fn parse_number(v: &str) -> Option<Ordered> {
    let b = v.as_bytes();
    let mut i = 0;
    if i < b.len() && (b[i] == b'+' || b[i] == b'-') {
        i += 1;
    }
    let int_start = i;
    while i < b.len() && b[i].is_ascii_digit() {
        i += 1;
    }
    let mut int_digits = i - int_start;
    // Thousands separators: a first group of one to three digits, then groups of exactly three.
    let mut grouped = false;
    if int_digits > 0 && int_digits <= 3 && i < b.len() && b[i] == b',' {
        while i + 3 < b.len() + 1
            && b[i] == b','
            && b.get(i + 1..i + 4)
                .is_some_and(|g| g.iter().all(u8::is_ascii_digit))
            && !b.get(i + 4).is_some_and(u8::is_ascii_digit)
        {
            i += 4;
            int_digits += 3;
            grouped = true;
        }
        if i < b.len() && b[i] == b',' {
            return None;
        }
    }
    let mut decimals = 0i32;
    if i < b.len() && b[i] == b'.' {
        i += 1;
        let f = i;
        while i < b.len() && b[i].is_ascii_digit() {
            i += 1;
        }
        decimals = (i - f) as i32;
        if decimals == 0 {
            return None;
        }
    }
    if int_digits == 0 && decimals == 0 {
        return None;
    }
    let mut exponent = 0i32;
    if i < b.len() && (b[i] == b'e' || b[i] == b'E') {
        i += 1;
        let sign = if i < b.len() && (b[i] == b'+' || b[i] == b'-') {
            i += 1;
            b[i - 1] == b'-'
        } else {
            false
        };
        let e = i;
        while i < b.len() && b[i].is_ascii_digit() {
            i += 1;
        }
        if i == e || i - e > 4 {
            return None;
        }
        exponent = v[e..i].parse::<i32>().ok()?;
        if sign {
            exponent = -exponent;
        }
    }
    if i != b.len() {
        return None;
    }
    let text: String = if grouped {
        v.chars().filter(|&c| c != ',').collect()
    } else {
        v.to_string()
    };
    let at: f64 = text.parse().ok()?;
    let e = exponent.checked_sub(decimals)?;
    if !at.is_finite() || e.abs() > MAX_UNIT_EXPONENT {
        return None;
    }
    Some(Ordered { at, unit: pow10(e) })
}

/// A number's unit is 10^e for |e| at most this: f64's normal numbers reach 10^±307, and the
/// windows (20 units) and gaps in units computed from a unit must stay finite and non-zero. A value
/// written to a finer or coarser unit than 10^±300 is not read as a number.
const MAX_UNIT_EXPONENT: i32 = 300;

/// 10^e, correctly rounded, for |e| ≤ [`MAX_UNIT_EXPONENT`]: 10^0 … 10^22 are exact doubles (5^22 <
/// 2^53) and so is each product on the way, a reciprocal of one is a single correctly rounded
/// division, and other powers are read from their decimal text (Rust's and Java's parsers both
/// round correctly, so the Spark job, which reads `1e<e>`, gets the same double).
fn pow10(e: i32) -> f64 {
    const EXACT: i32 = 22;
    if (0..=EXACT).contains(&e) {
        10f64.powi(e)
    } else if (-EXACT..0).contains(&e) {
        1.0 / 10f64.powi(-e)
    } else {
        format!("1e{e}").parse().unwrap_or(f64::NAN)
    }
}

/// How a question's answers lend each other support: for answer `to` (an index into the claims),
/// the answers `from` and the share of their weight they lend.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Structure {
    /// The kind of each question (`None`: categorical).
    pub kinds: Vec<Option<Kind>>,
    /// Support received by claim `c`: `links[ptr[c]..ptr[c + 1]]`, as (lending claim, share).
    ptr: Vec<u32>,
    links: Vec<(u32, f32)>,
}

/// Counts of questions by kind, for the report.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct KindCounts {
    pub categorical: usize,
    pub time: usize,
    pub date: usize,
    pub number: usize,
    pub list: usize,
}

/// The kind of one question's values, by the module's rule.
pub fn kind_of<'a>(values: impl Iterator<Item = &'a str>) -> Option<Kind> {
    let (mut all, mut bar, mut n) = (TIME | DATE | NUMBER, false, 0);
    for v in values {
        let f = flags(v);
        all &= f;
        bar |= f & BAR != 0;
        n += 1;
    }
    kind_of_flags(all, bar, n)
}

fn ordered(kind: Kind, v: &str) -> Option<Ordered> {
    match kind {
        Kind::Time => parse_time(v),
        Kind::Date => parse_date(v),
        Kind::Number => parse_number(v),
        Kind::List => None,
    }
}

/// The support links into the claims `first..first + values.len()` of one question of `kind`.
fn question_links(kind: Kind, first: usize, values: &[&str]) -> Vec<Vec<(u32, f32)>> {
    let m = values.len();
    let mut into: Vec<Vec<(u32, f32)>> = vec![Vec::new(); m];
    match kind {
        Kind::List => {
            if m > MAX_LIST_ANSWERS {
                return into;
            }
            let sets: Vec<Vec<&str>> = values
                .iter()
                .map(|v| {
                    let mut s: Vec<&str> = v
                        .split('|')
                        .map(str::trim)
                        .filter(|x| !x.is_empty())
                        .collect();
                    s.sort_unstable();
                    s.dedup();
                    s
                })
                .collect();
            for (u, su) in sets.iter().enumerate() {
                if su.is_empty() {
                    continue;
                }
                for (t, st) in sets.iter().enumerate() {
                    if t == u {
                        continue;
                    }
                    let common = su.iter().filter(|x| st.binary_search(x).is_ok()).count();
                    if common > 0 {
                        let share = common as f64 / su.len() as f64;
                        into[t].push(((first + u) as u32, share as f32));
                    }
                }
            }
        }
        _ => {
            let Some(pos) = values
                .iter()
                .map(|v| ordered(kind, v))
                .collect::<Option<Vec<Ordered>>>()
            else {
                // kind_of checked every value; a value that does not parse leaves the question
                // categorical.
                return into;
            };
            let unit = pos.iter().map(|p| p.unit).fold(f64::INFINITY, f64::min);
            let mut order: Vec<usize> = (0..m).collect();
            order.sort_by(|&a, &b| pos[a].at.total_cmp(&pos[b].at));
            // Times are on a circle of one day: 23:59 and 00:01 are two minutes apart.
            let day = if kind == Kind::Time {
                Some(86_400.0)
            } else {
                None
            };
            let window = unit * MAX_UNITS;
            // Each answer against its neighbours within MAX_UNITS units, found by walking the
            // sorted answers both ways from it (round the clock for times).
            for (i, &t) in order.iter().enumerate() {
                let mut found: Vec<(u32, f32)> = Vec::new();
                for dir in [1isize, -1] {
                    for step in 1..m {
                        let j = i as isize + dir * step as isize;
                        let u = match day {
                            Some(_) => order[j.rem_euclid(m as isize) as usize],
                            None if (0..m as isize).contains(&j) => order[j as usize],
                            None => break,
                        };
                        let along = (pos[u].at - pos[t].at) * dir as f64;
                        let gap = match day {
                            Some(d) => along.rem_euclid(d),
                            None => along,
                        };
                        if gap > window {
                            break;
                        }
                        found.push(((first + u) as u32, 0.5f64.powf(gap / unit) as f32));
                    }
                }
                // Round the clock both walks can meet the same answer: keep its nearer share.
                found.sort_by(|a, b| a.0.cmp(&b.0).then(b.1.total_cmp(&a.1)));
                found.dedup_by_key(|x| x.0);
                into[t] = found;
            }
            for l in &mut into {
                l.sort_unstable_by_key(|x| x.0);
            }
        }
    }
    into
}

/// What a value could be, as bits: a time, a date, a number; and whether it holds `|`.
const TIME: u8 = 1;
const DATE: u8 = 2;
const NUMBER: u8 = 4;
const BAR: u8 = 8;

fn flags(v: &str) -> u8 {
    let mut f = 0;
    // Times, dates and numbers begin with a digit, a sign or a point: most text is ruled out by
    // its first byte.
    if v.as_bytes()
        .first()
        .is_some_and(|b| b.is_ascii_digit() || matches!(b, b'+' | b'-' | b'.'))
    {
        if parse_time(v).is_some() {
            f |= TIME;
        }
        if parse_date(v).is_some() {
            f |= DATE;
        }
        if parse_number(v).is_some() {
            f |= NUMBER;
        }
    }
    if v.contains('|') {
        f |= BAR;
    }
    f
}

/// The kind of a question from the flags of its values (AND of the first three, OR of the bar).
fn kind_of_flags(all: u8, any_bar: bool, answers: usize) -> Option<Kind> {
    if answers < 2 {
        None
    } else if all & TIME != 0 {
        Some(Kind::Time)
    } else if all & DATE != 0 {
        Some(Kind::Date)
    } else if all & NUMBER != 0 {
        Some(Kind::Number)
    } else if any_bar {
        Some(Kind::List)
    } else {
        None
    }
}

impl Structure {
    /// Tells the kind of every question of `g` from its claims' values (claim c's value is
    /// `value(claim_value[c])`, one of `n_values` distinct values, each parsed once) and links the
    /// answers that support each other.
    pub fn detect<'a, F>(g: &Graph, claim_value: &[u32], n_values: usize, value: F) -> Structure
    where
        F: Fn(u32) -> &'a str + Sync,
    {
        let nq = g.n_questions();
        let flag: Vec<u8> = (0..n_values as u32)
            .into_par_iter()
            .with_min_len(4096)
            .map(|v| flags(value(v)))
            .collect();
        type Close = Vec<Vec<(u32, f32)>>;
        let per: Vec<(Option<Kind>, Close)> = (0..nq)
            .into_par_iter()
            .with_min_len(4096)
            .map(|q| {
                let r = g.question_claims(q);
                let (mut all, mut bar) = (TIME | DATE | NUMBER, false);
                for c in r.clone() {
                    let f = flag[claim_value[c] as usize];
                    all &= f;
                    bar |= f & BAR != 0;
                }
                match kind_of_flags(all, bar, r.len()) {
                    Some(k) => {
                        let values: Vec<&str> = r.clone().map(|c| value(claim_value[c])).collect();
                        (Some(k), question_links(k, r.start, &values))
                    }
                    None => (None, Vec::new()),
                }
            })
            .collect();
        let mut ptr = Vec::with_capacity(g.n_claims() + 1);
        ptr.push(0u32);
        let mut links = Vec::new();
        let mut kinds = Vec::with_capacity(nq);
        for (q, (kind, into)) in per.into_iter().enumerate() {
            kinds.push(kind);
            let r = g.question_claims(q);
            if into.is_empty() {
                for _ in r {
                    ptr.push(links.len() as u32);
                }
            } else {
                for l in into {
                    links.extend(l);
                    ptr.push(links.len() as u32);
                }
            }
        }
        Structure { kinds, ptr, links }
    }

    /// No structure: every question categorical.
    pub fn none(g: &Graph) -> Structure {
        Structure {
            kinds: vec![None; g.n_questions()],
            ptr: vec![0; g.n_claims() + 1],
            links: Vec::new(),
        }
    }

    /// The answers lending support to claim `c`, with their shares.
    pub fn into_claim(&self, c: usize) -> &[(u32, f32)] {
        match (self.ptr.get(c), self.ptr.get(c + 1)) {
            (Some(&a), Some(&b)) => &self.links[a as usize..b as usize],
            _ => &[],
        }
    }

    /// Whether question `q` has any support link.
    pub fn linked(&self, g: &Graph, q: usize) -> bool {
        let r = g.question_claims(q);
        self.ptr.get(r.end).copied().unwrap_or(0) > self.ptr.get(r.start).copied().unwrap_or(0)
    }

    /// Whether any question has a support link.
    pub fn any(&self) -> bool {
        !self.links.is_empty()
    }

    pub fn counts(&self) -> KindCounts {
        let mut c = KindCounts::default();
        for k in &self.kinds {
            match k {
                None => c.categorical += 1,
                Some(Kind::Time) => c.time += 1,
                Some(Kind::Date) => c.date += 1,
                Some(Kind::Number) => c.number += 1,
                Some(Kind::List) => c.list += 1,
            }
        }
        c
    }
}

/// Distinct values of the categorical questions and their claims: the values form a label set
/// shared by the questions (as in crowdsourcing, Dawid & Skene 1979) when there are at least two
/// and at most half as many as the claims. Claim c's value is `claim_value[c]`, one of `n_values`.
pub fn label_set(g: &Graph, s: &Structure, claim_value: &[u32], n_values: usize) -> Option<u32> {
    let mut seen = vec![0u64; n_values.div_ceil(64)];
    let mut claims = 0usize;
    for q in 0..g.n_questions() {
        if s.kinds.get(q).copied().flatten().is_some() {
            continue;
        }
        for c in g.question_claims(q) {
            claims += 1;
            let v = claim_value[c] as usize;
            seen[v >> 6] |= 1 << (v & 63);
        }
    }
    let v: usize = seen.iter().map(|w| w.count_ones() as usize).sum();
    (v >= 2 && v.saturating_mul(2) <= claims).then(|| u32::try_from(v).unwrap_or(u32::MAX))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_times_dates_and_numbers() {
        assert_eq!(
            parse_time("07:10").map(|t| (t.at, t.unit)),
            Some((25800.0, 60.0))
        );
        assert_eq!(parse_time("7:10 a.m.").map(|t| t.at), Some(25800.0));
        assert_eq!(parse_time("12:05pm").map(|t| t.at), Some(43500.0));
        assert_eq!(parse_time("12:05 AM").map(|t| t.at), Some(300.0));
        assert_eq!(
            parse_time("23:59:30").map(|t| (t.at, t.unit)),
            Some((86370.0, 1.0))
        );
        for bad in ["24:00", "7:6", "13:00 pm", "7:10:5", "x7:10", "07:10 h"] {
            assert_eq!(parse_time(bad), None, "{bad}");
        }
        assert_eq!(parse_date("1970-01-02").map(|d| d.at), Some(1.0));
        assert_eq!(parse_date("2024-02-30"), None);
        assert_eq!(parse_date("2024-02-29").map(|d| d.at), Some(19782.0));
        assert_eq!(parse_date("0000-01-01").map(|d| d.at), Some(-719528.0));
        for bad in [
            "+202-01-01",
            "2024-1-011",
            "2024/01/01",
            "2024-01-1 ",
            " 2024-1-01",
        ] {
            assert_eq!(parse_date(bad), None, "{bad}");
        }
        let n = |s: &str| parse_number(s).map(|n| (n.at, n.unit));
        assert_eq!(n("72"), Some((72.0, 1.0)));
        assert_eq!(n("-3.25"), Some((-3.25, 0.01)));
        assert_eq!(n("1,234,567"), Some((1_234_567.0, 1.0)));
        assert_eq!(n("2e6"), Some((2e6, 1e6)));
        assert_eq!(n(".5"), Some((0.5, 0.1)));
        // Units of 10^±300 and beyond are not read (a unit of 10^−400 would be 0).
        assert_eq!(n("1e300"), Some((1e300, 1e300)));
        assert_eq!(n("1.5e-299"), Some((1.5e-299, 1e-300)));
        // Every unit is 10^e correctly rounded, as the Spark job reads `1e<e>`.
        for e in -300..=300 {
            assert_eq!(pow10(e), format!("1e{e}").parse::<f64>().unwrap(), "{e}");
        }
        for bad in [
            "", "-", "1,23", "12,3456", "1.", "1e", "abc", "1 000", "1,234,", "1e99999", "1e301",
            "1e-400", "0.5e-300",
        ] {
            assert_eq!(n(bad), None, "{bad}");
        }
    }

    #[test]
    fn kinds_by_the_documented_rule() {
        let k = |v: &[&str]| kind_of(v.iter().copied());
        assert_eq!(k(&["07:10", "7:12"]), Some(Kind::Time));
        assert_eq!(k(&["2024-01-01", "2024-01-03"]), Some(Kind::Date));
        assert_eq!(k(&["72", "73.5"]), Some(Kind::Number));
        assert_eq!(k(&["knuth", "knuth|plass"]), Some(Kind::List));
        assert_eq!(k(&["72", "seventy"]), None);
        assert_eq!(k(&["Paris", "Lyon"]), None);
        // One answer: nothing to compare.
        assert_eq!(k(&["72"]), None);
    }

    #[test]
    fn values_one_unit_apart_lend_half() {
        // 72, 73, 75 (claims 0, 1, 2): 73 → 72 lends 2^−1, 75 → 72 lends 2^−3, 75 → 73 2^−2.
        let l = question_links(Kind::Number, 0, &["72", "73", "75"]);
        assert_eq!(l[0], vec![(1, 0.5), (2, 0.125)]);
        assert_eq!(l[1], vec![(0, 0.5), (2, 0.25)]);
        assert_eq!(l[2], vec![(0, 0.125), (1, 0.25)]);
        // The finest unit of the question: 72.5 makes the unit 0.1, so 72 and 73 are 10 units apart.
        let l = question_links(Kind::Number, 0, &["72", "73", "72.5"]);
        assert_eq!(l[0][0].0, 1);
        assert!((f64::from(l[0][0].1) - 0.5f64.powi(10)).abs() < 1e-9);
        // Far apart: nothing.
        let l = question_links(Kind::Number, 0, &["1234567", "1234000"]);
        assert!(l.iter().all(Vec::is_empty));
    }

    #[test]
    fn times_lend_across_midnight() {
        // 23:59 and 00:01 are two minutes apart.
        let l = question_links(Kind::Time, 0, &["23:59", "00:01", "12:00"]);
        assert_eq!(l[0], vec![(1, 0.25)]);
        assert_eq!(l[1], vec![(0, 0.25)]);
        assert!(l[2].is_empty());
    }

    #[test]
    fn lists_lend_the_share_of_their_items_in_common() {
        // "aiken" is made of items of "aiken|allen": a full vote for it; "aiken|allen" lends half
        // to "aiken" and to "allen"; "allen|bob" lends half to "aiken|allen".
        let l = question_links(
            Kind::List,
            0,
            &["aiken", "aiken|allen", "allen", "allen|bob"],
        );
        assert_eq!(l[0], vec![(1, 0.5)]);
        assert_eq!(l[1], vec![(0, 1.0), (2, 1.0), (3, 0.5)]);
        assert_eq!(l[2], vec![(1, 0.5), (3, 0.5)]);
        assert_eq!(l[3], vec![(1, 0.5), (2, 1.0)]);
    }
}
