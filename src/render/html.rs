//! `--format html`: one self-contained page to share. No script, no network, no external asset:
//! inline CSS and inline SVG charts, namely each claim's probability with its interval, each claim's
//! probability over time (a step chart with its reports marked) and a chart of the sources.
//!
//! Ledger text is untrusted (copied from the web). All of it reaches the page through a minijinja
//! template whose name ends in `.html`, so every value is HTML-escaped (`<`, `>`, `&`, `"`, `'`,
//! `/`), and the template only places values in element text and double-quoted attributes, never
//! in `<style>`, URLs or event handlers. This file computes the layout of the charts (coordinates
//! in pixels); every score it shows is a field of the score, the timelines or the source records.
//!
//! Over 600 lines: one self-contained page: the page and its inline SVG charts share their scales
//! and escaping, and the template is beside it.

use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDate};

use crate::ledger::Moment;
use minijinja::value::{Serde, Value};
use minijinja::{Environment, context};
use rayon::prelude::*;
use serde::Serialize;

use super::Renderer;
use super::table::{interval_text, prob};
use crate::score::grade::PHRASES;
use crate::score::timeline::{ClaimTimeline, Mark};
use crate::score::track_record::SourceRecord;
use crate::score::{CaseScore, ClaimScore, Interval};

mod card;

const TEMPLATE: &str = include_str!("report.html");

/// Colours of the seven ICD 203 phrases, "almost no chance" to "almost certain" (ColorBrewer RdBu,
/// a diverging scale that stays readable for the common forms of colour blindness).
const PHRASE_COLOURS: [&str; 7] = [
    "#b2182b", "#d6604d", "#f4a582", "#a8a8a8", "#92c5de", "#4393c3", "#2166ac",
];

/// Everything the page shows besides the case itself.
pub struct HtmlRenderer {
    /// Timelines of the claims, as from [`crate::score::timeline::timelines`].
    pub timelines: Vec<ClaimTimeline>,
    /// Sources with track records, as from [`crate::score::track_record::source_records`].
    pub sources: Vec<SourceRecord>,
    /// The rubric's upper bounds of the first six ICD 203 phrases.
    pub likelihood_bounds: [f64; 6],
    /// The version shown in the page's footer.
    pub version: String,
}

/// Rounds a pixel coordinate to 0.1 so that the page is compact and stable.
fn px(x: f64) -> f64 {
    (x * 10.0).round() / 10.0 + 0.0
}

fn phrase_index(phrase: &str) -> usize {
    PHRASES.iter().position(|p| *p == phrase).unwrap_or(3)
}

#[derive(Serialize)]
struct Band {
    x: f64,
    w: f64,
    colour: &'static str,
    label: &'static str,
}

/// The seven phrase bands laid over `[x0, x0 + w]`.
fn bands(bounds: &[f64; 6], x0: f64, w: f64) -> Vec<Band> {
    let mut edges = vec![0.0];
    edges.extend(bounds.iter().map(|b| b.clamp(0.0, 1.0)));
    edges.push(1.0);
    (0..7)
        .map(|i| Band {
            x: px(x0 + edges[i] * w),
            w: px((edges[i + 1] - edges[i]).max(0.0) * w),
            colour: PHRASE_COLOURS[i],
            label: PHRASES[i],
        })
        .collect()
}

#[derive(Serialize)]
struct Tick {
    x: f64,
    label: String,
    /// SVG `text-anchor`: labels at the ends of an axis stay inside the chart.
    anchor: &'static str,
}

impl Tick {
    fn new(x: f64, label: String) -> Tick {
        Tick {
            x,
            label,
            anchor: "middle",
        }
    }

    /// A tick whose label is kept within `[lo, hi]`.
    fn within(x: f64, label: String, lo: f64, hi: f64) -> Tick {
        let anchor = if x > hi - 16.0 {
            "end"
        } else if x < lo + 16.0 {
            "start"
        } else {
            "middle"
        };
        Tick { x, label, anchor }
    }
}

/// A bar with the claim's interval and probability, drawn in a table cell.
#[derive(Serialize)]
struct IntervalBar {
    low: f64,
    high: f64,
    p: f64,
    colour: &'static str,
}

const BAR_W: f64 = 240.0;
const BAR_PAD: f64 = 6.0;

fn bar_x(p: f64) -> f64 {
    px(BAR_PAD + p.clamp(0.0, 1.0) * (BAR_W - 2.0 * BAR_PAD))
}

#[derive(Serialize)]
struct ClaimRow {
    id: String,
    statement: String,
    tags: String,
    p: String,
    interval: String,
    likelihood: &'static str,
    colour: &'static str,
    confidence: &'static str,
    admiralty: String,
    letter_from: Option<String>,
    reports: usize,
    origins: usize,
    /// `3▲ 2▼, latest ▼` when origins are on both sides, else empty.
    contest: String,
    /// `forecast`, `opinion`, `assessment`; empty for a fact.
    kind: &'static str,
    scored: bool,
    first: String,
    last: String,
    resolution: Option<String>,
    resolution_note: String,
    bar: IntervalBar,
}

fn claim_row(c: &ClaimScore) -> ClaimRow {
    let colour = PHRASE_COLOURS[phrase_index(c.likelihood)];
    let standing = super::Standing::of(c);
    ClaimRow {
        id: c.id.clone(),
        statement: c.statement.clone(),
        tags: c.tags.join(", "),
        p: standing.p,
        interval: standing.interval,
        likelihood: standing.likelihood,
        colour,
        confidence: c.confidence_level.as_str(),
        admiralty: standing.admiralty,
        letter_from: c.admiralty.letter_from.clone(),
        reports: c.reports,
        origins: c.origins,
        contest: c.contest.mark(),
        kind: match c.kind {
            crate::ledger::ClaimKind::Fact => "",
            k => k.as_str(),
        },
        scored: c.scored(),
        first: c.first.map_or("–".to_string(), |d| d.to_string()),
        last: c.last.map_or("–".to_string(), |d| d.to_string()),
        resolution: c.resolution.as_ref().map(|r| r.phrase()),
        resolution_note: c
            .resolution
            .as_ref()
            .map(|r| {
                [r.note.as_deref(), r.citation.as_deref()]
                    .into_iter()
                    .flatten()
                    .collect::<Vec<_>>()
                    .join(" — ")
            })
            .unwrap_or_default(),
        bar: IntervalBar {
            low: bar_x(c.interval.low),
            high: bar_x(c.interval.high),
            p: bar_x(c.confidence),
            colour,
        },
    }
}

#[derive(Serialize)]
struct Group {
    heading: String,
    question: Option<String>,
    note: Option<String>,
    claims: Vec<ClaimRow>,
}

// ----- Timelines -----

const TL_W: f64 = 560.0;
const TL_LEFT: f64 = 34.0;
const TL_RIGHT: f64 = 12.0;
const TL_TOP: f64 = 8.0;
const TL_PLOT_H: f64 = 110.0;
const TL_RUG_GAP: f64 = 8.0;
const TL_RUG_STEP: f64 = 11.0;

#[derive(Serialize)]
struct Marker {
    x: f64,
    y: f64,
    mark: &'static str,
    title: String,
}

#[derive(Serialize)]
struct Point {
    x: f64,
    y: f64,
    title: String,
    /// The step was caused by reports about competing answers only (drawn as an open ring).
    competing: bool,
}

#[derive(Serialize)]
struct YBand {
    y: f64,
    h: f64,
    colour: &'static str,
}

#[derive(Serialize)]
struct StepChart {
    width: f64,
    height: f64,
    left: f64,
    right: f64,
    top: f64,
    bottom: f64,
    mid: f64,
    line: String,
    band: String,
    ybands: Vec<YBand>,
    points: Vec<Point>,
    markers: Vec<Marker>,
    rug_top: f64,
    xticks: Vec<Tick>,
    label_y: f64,
}

#[derive(Serialize)]
struct StepRow {
    date: String,
    p: String,
    interval: String,
    likelihood: &'static str,
    confidence: &'static str,
    admiralty: String,
    change: String,
    reports: Vec<String>,
}

#[derive(Serialize)]
struct TimelineCard {
    id: String,
    statement: String,
    question: Option<String>,
    p: String,
    likelihood: &'static str,
    colour: &'static str,
    chart: StepChart,
    rows: Vec<StepRow>,
    relays: usize,
}

/// Tick dates between `a` and `b`: years, quarters, months, half-months, weeks or days, whichever
/// gives at most about eight.
fn date_ticks(a: NaiveDate, b: NaiveDate) -> Vec<NaiveDate> {
    let span = (b - a).num_days().max(1);
    let keep = |d: &NaiveDate| *d >= a && *d <= b;
    let mut out = Vec::new();
    let months = |step: u32| {
        let mut v = Vec::new();
        let (mut y, mut m) = (a.year(), a.month0());
        m -= m % step;
        while let Some(d) = NaiveDate::from_ymd_opt(y, m + 1, 1) {
            if d > b {
                break;
            }
            v.push(d);
            m += step;
            if m >= 12 {
                m -= 12;
                y += 1;
            }
        }
        v
    };
    if span > 3 * 365 {
        for y in a.year()..=b.year() {
            if let Some(d) = NaiveDate::from_ymd_opt(y, 1, 1) {
                out.push(d);
            }
        }
    } else if span > 240 {
        out = months(3);
    } else if span > 75 {
        out = months(1);
    } else if span > 20 {
        for m in months(1)
            .into_iter()
            .chain([a.with_day(1)].into_iter().flatten().filter(|d| *d < a))
        {
            out.push(m);
            if let Some(d) = m.with_day(15) {
                out.push(d);
            }
        }
    } else if span > 8 {
        let mut d = a;
        while d <= b {
            out.push(d);
            d += chrono::Duration::days(7);
        }
    } else {
        let mut d = a;
        while d <= b {
            out.push(d);
            d += chrono::Duration::days(1);
        }
    }
    out.retain(keep);
    out.sort();
    out.dedup();
    out
}

/// Axis labels with the month and the year: the first of a month is `Nov 2024`; another day is
/// `Nov 15`, with its year when it is the first tick or the year changed since the one before.
fn axis_labels(ticks: &[NaiveDate]) -> Vec<(NaiveDate, String)> {
    let mut year = None;
    ticks
        .iter()
        .map(|&d| {
            let label = if d.day() == 1 {
                format!("{} {}", month_abbr(d.month()), d.year())
            } else if year != Some(d.year()) {
                format!("{} {}, {}", month_abbr(d.month()), d.day(), d.year())
            } else {
                format!("{} {}", month_abbr(d.month()), d.day())
            };
            year = Some(d.year());
            (d, label)
        })
        .collect()
}

struct TimeScale {
    start: Moment,
    days: f64,
}

impl TimeScale {
    /// The share of the plot after the as-of date, where the final standing is drawn: a claim
    /// first reported on the last day still shows its step (6% of the width, about 25 pixels).
    const PAD: f64 = 0.06;

    /// A scale from `start` to `end` with [`TimeScale::PAD`] of the plot after `end`.
    fn new(start: Moment, end: Moment) -> TimeScale {
        TimeScale {
            start,
            days: end.days_since(start).max(1.0) / (1.0 - Self::PAD),
        }
    }

    fn x(&self, d: Moment) -> f64 {
        let plot_w = TL_W - TL_LEFT - TL_RIGHT;
        px(TL_LEFT + d.days_since(self.start) / self.days * plot_w)
    }
}

fn y_of(p: f64) -> f64 {
    px(TL_TOP + (1.0 - p.clamp(0.0, 1.0)) * TL_PLOT_H)
}

fn step_chart(t: &ClaimTimeline, scale: &TimeScale, end: Moment, bounds: &[f64; 6]) -> StepChart {
    // Segments of constant standing: (from, to, p, interval). The last one has no width when the
    // last change falls on the as-of date; it still draws that final step.
    let mut segs: Vec<(f64, f64, f64, Interval)> = Vec::new();
    let mut from = scale.x(scale.start);
    let mut cur = (t.start.confidence, t.start.interval);
    for s in &t.steps {
        let x = scale.x(s.date);
        segs.push((from, x, cur.0, cur.1));
        from = x;
        cur = (s.standing.confidence, s.standing.interval);
    }
    // The standing on the as-of date runs to the right edge: the scale leaves room after it
    // ([`TimeScale::pad`]), so a step on the last day is a visible plateau, not a lone edge.
    segs.push((from, TL_W - TL_RIGHT, cur.0, cur.1));
    let _ = end;

    let mut line = String::new();
    for (i, (a, b, p, _)) in segs.iter().enumerate() {
        if i == 0 {
            line.push_str(&format!("M{a},{}", y_of(*p)));
        } else {
            line.push_str(&format!("V{}", y_of(*p)));
        }
        line.push_str(&format!("H{b}"));
    }
    let mut band = String::new();
    if let Some((a, _, _, iv)) = segs.first() {
        band.push_str(&format!("M{a},{}", y_of(iv.high)));
        for (i, (_, b, _, iv)) in segs.iter().enumerate() {
            if i > 0 {
                band.push_str(&format!("V{}", y_of(iv.high)));
            }
            band.push_str(&format!("H{b}"));
        }
        for (a, _, _, iv) in segs.iter().rev() {
            band.push_str(&format!("V{}H{a}", y_of(iv.low)));
        }
        band.push('Z');
    }

    let mut edges = vec![0.0];
    edges.extend(bounds.iter().map(|b| b.clamp(0.0, 1.0)));
    edges.push(1.0);
    let ybands = (0..7)
        .map(|i| YBand {
            y: y_of(edges[i + 1]),
            h: px((edges[i + 1] - edges[i]).max(0.0) * TL_PLOT_H),
            colour: PHRASE_COLOURS[i],
        })
        .collect();

    let points = t
        .steps
        .iter()
        .filter(|s| s.changed)
        .map(|s| {
            let competing = s.reports.is_empty() && !s.competing.is_empty();
            let mut title = format!(
                "{}: {} ({}, {} confidence, {})",
                s.date,
                prob(s.standing.confidence),
                s.standing.likelihood,
                s.standing.confidence_level.as_str(),
                s.standing.admiralty
            );
            if !s.competing.is_empty() {
                title.push_str(&format!("; competing answers: {}", s.competing.join(", ")));
            }
            Point {
                x: scale.x(s.date),
                y: y_of(s.standing.confidence),
                title,
                competing,
            }
        })
        .collect();

    let rug_top = TL_TOP + TL_PLOT_H + TL_RUG_GAP;
    let mut stack: BTreeMap<NaiveDate, usize> = BTreeMap::new();
    let markers: Vec<Marker> = t
        .reports
        .iter()
        .map(|r| {
            let k = stack.entry(r.published.date()).or_insert(0);
            let y = rug_top + 5.0 + *k as f64 * TL_RUG_STEP;
            *k += 1;
            let mut title = format!(
                "{} · published {} · {} {}",
                r.id,
                r.published,
                r.source,
                r.stance.as_str()
            );
            if let Some(c) = &r.cites {
                title.push_str(&format!(", repeats {c}"));
            }
            if !r.via.is_empty() {
                title.push_str(&format!(" via {}", r.via.join(" → ")));
            }
            if r.mark == Mark::Relay {
                title.push_str(" (relay: no new origin)");
            }
            Marker {
                x: scale.x(r.published),
                y: px(y),
                mark: r.mark.as_str(),
                title,
            }
        })
        .collect();
    let levels = stack.values().copied().max().unwrap_or(0) as f64;
    let rug_bottom = rug_top + levels.max(1.0) * TL_RUG_STEP;
    let label_y = px(rug_bottom + 12.0);
    let xticks = axis_labels(&date_ticks(scale.start.date(), end.date()))
        .into_iter()
        .map(|(d, label)| Tick::within(scale.x(Moment::from_date(d)), label, TL_LEFT, TL_W))
        .collect();
    StepChart {
        width: TL_W,
        height: px(label_y + 6.0),
        left: TL_LEFT,
        right: TL_W - TL_RIGHT,
        top: TL_TOP,
        bottom: TL_TOP + TL_PLOT_H,
        mid: y_of(0.5),
        line,
        band,
        ybands,
        points,
        markers,
        rug_top: px(rug_top),
        xticks,
        label_y,
    }
}

fn month_abbr(m: u32) -> &'static str {
    [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ][(m.clamp(1, 12) - 1) as usize]
}

fn timeline_card(
    t: &ClaimTimeline,
    scale: &TimeScale,
    end: Moment,
    bounds: &[f64; 6],
) -> TimelineCard {
    let last = t.steps.last().map_or(&t.start, |s| &s.standing);
    // By id, built once: a lookup per listed report was quadratic in a claim's reports.
    let mut by_id: std::collections::HashMap<&str, &crate::score::timeline::TimelineReport> =
        std::collections::HashMap::with_capacity(t.reports.len());
    for r in &t.reports {
        by_id.entry(r.id.as_str()).or_insert(r);
    }
    let describe = |id: &String| -> String {
        match by_id.get(id.as_str()) {
            Some(r) => {
                let mut s = format!("{} ({} {}", r.id, r.source, r.stance.as_str());
                if r.mark == Mark::Relay {
                    s.push_str(", relay");
                }
                s.push(')');
                s
            }
            None => id.clone(),
        }
    };
    let mut rows = vec![StepRow {
        date: t
            .start_date
            .map_or("start".to_string(), |d| format!("{d} (start)")),
        p: prob(t.start.confidence),
        interval: interval_text(&t.start.interval),
        likelihood: t.start.likelihood,
        confidence: t.start.confidence_level.as_str(),
        admiralty: t.start.admiralty.clone(),
        change: String::new(),
        reports: vec!["no report yet: the prior".to_string()],
    }];
    for s in &t.steps {
        let mut reports: Vec<String> = s.reports.iter().map(describe).collect();
        if !s.competing.is_empty() {
            reports.push(format!("competing answers: {}", s.competing.join(", ")));
        }
        rows.push(StepRow {
            date: s.date.to_string(),
            p: prob(s.standing.confidence),
            interval: interval_text(&s.standing.interval),
            likelihood: s.standing.likelihood,
            confidence: s.standing.confidence_level.as_str(),
            admiralty: s.standing.admiralty.clone(),
            change: if s.changed {
                super::signed(s.delta, 2)
            } else {
                "no change".to_string()
            },
            reports,
        });
    }
    TimelineCard {
        id: t.claim.clone(),
        statement: t.statement.clone(),
        question: t.question.clone(),
        p: prob(last.confidence),
        likelihood: last.likelihood,
        colour: PHRASE_COLOURS[phrase_index(last.likelihood)],
        chart: step_chart(t, scale, end, bounds),
        rows,
        relays: t.reports.iter().filter(|r| r.mark == Mark::Relay).count(),
    }
}

// ----- Sources -----

const SRC_W: f64 = 1180.0;
const SRC_LABEL_W: f64 = 210.0;
const SRC_COUNT_X: f64 = 250.0;
const SRC_COUNT_W: f64 = 330.0;
const SRC_TRACK_X: f64 = 650.0;
const SRC_TRACK_W: f64 = 300.0;
const SRC_ROW_H: f64 = 22.0;
const SRC_TOP: f64 = 40.0;

#[derive(Serialize)]
struct Segment {
    x: f64,
    w: f64,
    kind: &'static str,
    title: String,
}

#[derive(Serialize)]
struct SourceBar {
    y: f64,
    id: String,
    name: String,
    letter: char,
    segments: Vec<Segment>,
    counts: String,
    counts_x: f64,
    track_low: f64,
    track_high: f64,
    track_mean: f64,
    track_title: String,
    /// The row's figures beside the track chart: `0.83 · 4/4` (mean, right of resolved), or `–`.
    track: String,
    level: f64,
    level_title: String,
}

#[derive(Serialize)]
struct SourcesChart {
    width: f64,
    height: f64,
    label_w: f64,
    count_x: f64,
    count_w: f64,
    track_x: f64,
    track_w: f64,
    top: f64,
    bottom: f64,
    count_ticks: Vec<Tick>,
    track_ticks: Vec<Tick>,
    rows: Vec<SourceBar>,
}

fn sources_chart(records: &[SourceRecord]) -> SourcesChart {
    let max = records
        .iter()
        .map(|s| s.claims_supported + s.claims_refuted + s.relays)
        .max()
        .unwrap_or(0)
        .max(1) as f64;
    let unit = SRC_COUNT_W / max;
    let step = match max as usize {
        0..=10 => 1,
        11..=25 => 5,
        26..=100 => 10,
        101..=500 => 50,
        _ => 100,
    };
    let count_ticks = (0..=max as usize)
        .step_by(step)
        .map(|n| Tick::new(px(SRC_COUNT_X + n as f64 * unit), n.to_string()))
        .collect();
    let track_x = |p: f64| px(SRC_TRACK_X + p.clamp(0.0, 1.0) * SRC_TRACK_W);
    let track_ticks = [0.0, 0.25, 0.5, 0.75, 1.0]
        .into_iter()
        .map(|p| Tick::new(track_x(p), format!("{p}")))
        .collect();
    let rows = records
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let y = SRC_TOP + i as f64 * SRC_ROW_H;
            let mut x = SRC_COUNT_X;
            let mut segments = Vec::new();
            for (n, kind, what) in [
                (s.claims_supported, "supports", "claims supported"),
                (s.claims_refuted, "refutes", "claims refuted"),
                (s.relays, "relay", "reports relayed"),
            ] {
                if n > 0 {
                    let w = n as f64 * unit;
                    segments.push(Segment {
                        x: px(x),
                        w: px(w),
                        kind,
                        title: format!("{}: {n} {what}", s.id),
                    });
                    x += w;
                }
            }
            let t = &s.track_record;
            SourceBar {
                y: px(y),
                id: s.id.clone(),
                name: s.name.clone(),
                letter: s.letter,
                segments,
                counts: format!(
                    "{} / {} / {}",
                    s.claims_supported, s.claims_refuted, s.relays
                ),
                counts_x: px(x + 6.0),
                track_low: track_x(t.interval.low),
                track_high: track_x(t.interval.high),
                track_mean: track_x(t.mean),
                track_title: format!(
                    "{}: track record {:.2} ({:.0}% interval {:.2}–{:.2}) from {} right of {} resolved",
                    s.id,
                    t.mean,
                    t.interval.level * 100.0,
                    t.interval.low,
                    t.interval.high,
                    t.successes,
                    t.resolved()
                ),
                track: if t.resolved() == 0 {
                    format!("{} · none resolved", s.id)
                } else {
                    format!("{} · {:.2} · {}/{}", s.id, t.mean, t.successes, t.resolved())
                },
                level: track_x(s.level),
                level_title: format!("{}: rubric level {:.2}, letter {}", s.id, s.level, s.letter),
            }
        })
        .collect::<Vec<_>>();
    let bottom = SRC_TOP + rows.len() as f64 * SRC_ROW_H;
    SourcesChart {
        width: SRC_W,
        height: px(bottom + 30.0),
        label_w: SRC_LABEL_W,
        count_x: SRC_COUNT_X,
        count_w: SRC_COUNT_W,
        track_x: SRC_TRACK_X,
        track_w: SRC_TRACK_W,
        top: SRC_TOP,
        bottom: px(bottom),
        count_ticks,
        track_ticks,
        rows,
    }
}

#[derive(Serialize)]
struct SourceRow {
    id: String,
    name: String,
    kind: &'static str,
    flags: String,
    letter: char,
    level: String,
    reports: usize,
    relays: usize,
    supported: usize,
    later: usize,
    refuted: usize,
    resolved: String,
    track: String,
}

#[derive(Serialize)]
struct Page {
    title: String,
    as_of: String,
    rubric: String,
    method: &'static str,
    version: String,
    claims: usize,
    reports: usize,
    sources: usize,
    level: String,
    bar_w: f64,
    bar_bands: Vec<Band>,
    bar_ticks: Vec<Tick>,
    groups: Vec<Group>,
    sources_chart: SourcesChart,
    source_rows: Vec<SourceRow>,
    legend: Vec<Band>,
}

impl HtmlRenderer {
    /// The page without its timeline cards, and what draws them.
    fn page(&self, case: &CaseScore) -> (Page, Cards<'_>) {
        let level = case.claims.first().map_or(0.9, |c| c.interval.level);
        let groups: Vec<Group> = case
            .groups()
            .into_iter()
            .map(|g| Group {
                heading: match g.question {
                    Some(q) => q.text.clone(),
                    None => g.section.heading(!case.questions.is_empty()).to_string(),
                },
                question: g.question.map(|q| q.id.clone()),
                note: g.question.map(|q| {
                    format!(
                        "Competing answers, scored together: they sum to {:.2}; {}.",
                        q.total,
                        q.remainder()
                    )
                }),
                claims: g.claims.into_iter().map(claim_row).collect(),
            })
            .collect();

        // One time axis for every timeline, so that they can be compared.
        let start = self.timelines.iter().filter_map(|t| t.start_date).min();
        let end = case.as_of.or(start);
        let cards = match (start, end) {
            (Some(start), Some(end)) => {
                let scale = TimeScale::new(start, end);
                // In the order of the case's claims.
                let by_claim: std::collections::HashMap<&str, &ClaimTimeline> = self
                    .timelines
                    .iter()
                    .map(|t| (t.claim.as_str(), t))
                    .collect();
                let shown: Vec<&ClaimTimeline> = case
                    .claims
                    .iter()
                    .filter(|c| c.scored())
                    .filter_map(|c| by_claim.get(c.id.as_str()).copied())
                    .collect();
                Cards {
                    shown,
                    scale: Some((scale, end)),
                    bounds: self.likelihood_bounds,
                }
            }
            _ => Cards {
                shown: Vec::new(),
                scale: None,
                bounds: self.likelihood_bounds,
            },
        };

        let source_rows = self
            .sources
            .iter()
            .map(|s| {
                let mut flags = Vec::new();
                if s.official {
                    flags.push("official");
                }
                if s.interested {
                    flags.push("interested");
                }
                let t = &s.track_record;
                SourceRow {
                    id: s.id.clone(),
                    name: s.name.clone(),
                    kind: s.kind.as_str(),
                    flags: flags.join(", "),
                    letter: s.letter,
                    level: format!("{:.2}", s.level),
                    reports: s.reports,
                    relays: s.relays,
                    supported: s.claims_supported,
                    later: s.later_corroborated,
                    refuted: s.claims_refuted,
                    resolved: format!("{} / {}", s.resolved_true, s.resolved_false),
                    track: format!(
                        "{:.2} ({:.2}–{:.2}; {}/{})",
                        t.mean,
                        t.interval.low,
                        t.interval.high,
                        t.successes,
                        t.resolved()
                    ),
                }
            })
            .collect();

        let page = Page {
            title: case
                .title
                .clone()
                .unwrap_or_else(|| "corroborate report".to_string()),
            as_of: case
                .as_of
                .map_or("(no date)".to_string(), |d| d.to_string()),
            rubric: case.rubric.name.clone(),
            method: case.rubric.method.as_str(),
            version: self.version.clone(),
            claims: case.claims.len(),
            reports: case.claims.iter().map(|c| c.reports).sum(),
            sources: case.sources.len(),
            level: format!("{:.0}%", level * 100.0),
            bar_w: BAR_W,
            bar_bands: bands(&self.likelihood_bounds, BAR_PAD, BAR_W - 2.0 * BAR_PAD),
            bar_ticks: [0.0, 0.25, 0.5, 0.75, 1.0]
                .into_iter()
                .map(|p| Tick::within(bar_x(p), format!("{p}"), 0.0, BAR_W))
                .collect(),
            groups,
            sources_chart: sources_chart(&self.sources),
            source_rows,
            legend: bands(&self.likelihood_bounds, 0.0, 1.0),
        };
        (page, cards)
    }
}

/// The timeline cards of a page, in the order of the case's claims, on one time axis.
struct Cards<'a> {
    shown: Vec<&'a ClaimTimeline>,
    /// The shared axis and its end (none when no claim has a dated report).
    scale: Option<(TimeScale, Moment)>,
    bounds: [f64; 6],
}

/// Cards drawn at a time, each on its own on every core, then written in order: the page never
/// holds more than a block of them (all of them, and the page as one string, were most of a large
/// page's peak memory).
const CARD_BLOCK: usize = 256;

impl HtmlRenderer {
    /// Writes the page of `case` to `w`, with the case dropped once the page holds what it shows
    /// (fresh memory costs a page fault per page it is touched on).
    ///
    /// `drawn` hears how many timeline cards are written, of how many, after each block (for a
    /// progress line).
    pub fn write_owned(
        self,
        case: CaseScore,
        w: &mut dyn std::io::Write,
        drawn: &dyn Fn(usize, usize),
    ) -> std::io::Result<()> {
        let (page, cards) = self.page(&case);
        drop(case);
        write_page(page, &cards, w, drawn)
    }
}

/// The page through the templates, written to `w` a piece at a time. The template engine reads its
/// own copy of the page, so the page is dropped once it is made.
///
/// The timeline cards, most of a large page, are drawn a block at a time, each on its own and on
/// every core, by [`card::write_card`] (the bytes of `card.html`, the body of the page's loop over
/// them as it was inlined, through the template engine), and written where the page's loop over
/// them stands: the same bytes as one render of the whole.
/// Every piece goes through [`crate::text::html_controls`].
fn write_page(
    page: Page,
    cards: &Cards<'_>,
    w: &mut dyn std::io::Write,
    drawn: &dyn Fn(usize, usize),
) -> std::io::Result<()> {
    let value = Value::from(Serde(&page));
    drop(page);
    let mut env = Environment::new();
    // The name ends in `.html`: every value is HTML-escaped.
    let outer = env.add_template("report.html", TEMPLATE).and_then(|()| {
        env.get_template("report.html")?
            .render(context! { page => value, cards => Vec::<Value>::new() })
    });
    let outer = match outer {
        Ok(s) => s,
        // The template is embedded and tested; this only guards against a broken build.
        Err(e) => return write_error(&e, w),
    };
    // The cards go after the opening of their list: the template's only `<div class="cards">`
    // (ledger text is escaped, so it cannot write one).
    const OPEN: &str = "<div class=\"cards\">";
    let at = outer.find(OPEN).map_or(outer.len(), |i| i + OPEN.len());
    w.write_all(crate::text::html_controls(outer[..at].to_string()).as_bytes())?;
    if let Some((scale, end)) = &cards.scale {
        let total = cards.shown.len();
        for (k, block) in cards.shown.chunks(CARD_BLOCK).enumerate() {
            let done: Vec<String> = block
                .par_iter()
                .map(|t| {
                    let c = timeline_card(t, scale, *end, &cards.bounds);
                    let mut s = String::with_capacity(16 << 10);
                    card::write_card(&mut s, &c);
                    crate::text::html_controls(s)
                })
                .collect();
            for d in &done {
                w.write_all(d.as_bytes())?;
            }
            drawn(k * CARD_BLOCK + block.len(), total);
        }
    }
    w.write_all(crate::text::html_controls(outer[at..].to_string()).as_bytes())
}

fn write_error(e: &minijinja::Error, w: &mut dyn std::io::Write) -> std::io::Result<()> {
    let page = format!(
        "<!doctype html><title>error</title><p>cannot render the report: {}</p>\n",
        html_escape(&e.to_string())
    );
    w.write_all(crate::text::html_controls(page).as_bytes())
}

impl Renderer for HtmlRenderer {
    fn render(&self, case: &CaseScore) -> String {
        let (page, cards) = self.page(case);
        let mut out = Vec::new();
        // Writing into memory cannot fail, and every piece written is a whole string.
        let _ = write_page(page, &cards, &mut out, &|_, _| {});
        String::from_utf8(out).unwrap_or_default()
    }
}

/// Escapes text for HTML element content and quoted attributes.
pub fn html_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#x27;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn ticks_of_two_months_are_half_months() {
        let t = date_ticks(d("2024-10-13"), d("2024-12-16"));
        let s: Vec<String> = t.iter().map(|d| d.to_string()).collect();
        assert_eq!(
            s,
            [
                "2024-10-15",
                "2024-11-01",
                "2024-11-15",
                "2024-12-01",
                "2024-12-15"
            ]
        );
    }

    #[test]
    fn axis_labels_carry_the_year() {
        let labels: Vec<String> = axis_labels(&[
            d("2024-10-15"),
            d("2024-11-01"),
            d("2024-11-15"),
            d("2025-01-01"),
            d("2025-01-15"),
        ])
        .into_iter()
        .map(|(_, l)| l)
        .collect();
        assert_eq!(
            labels,
            ["Oct 15, 2024", "Nov 2024", "Nov 15", "Jan 2025", "Jan 15"]
        );
    }

    #[test]
    fn the_last_days_step_is_a_plateau() {
        let s = TimeScale::new(
            Moment::ymd(2024, 10, 1).unwrap(),
            Moment::ymd(2024, 12, 10).unwrap(),
        );
        let end = s.x(Moment::ymd(2024, 12, 10).unwrap());
        let plot_w = TL_W - TL_LEFT - TL_RIGHT;
        // 6% of the plot follows the as-of date.
        assert!((TL_W - TL_RIGHT - end - 0.06 * plot_w).abs() < 0.1, "{end}");
    }

    #[test]
    fn ticks_of_long_spans_are_months_quarters_or_years() {
        assert_eq!(date_ticks(d("2024-01-10"), d("2024-05-02")).len(), 4);
        let q = date_ticks(d("2023-02-10"), d("2024-03-02"));
        assert_eq!(q.first().unwrap().to_string(), "2023-04-01");
        let y = date_ticks(d("2015-06-01"), d("2024-01-01"));
        assert_eq!(y.len(), 9);
        assert!(!date_ticks(d("2024-01-01"), d("2024-01-01")).is_empty());
    }

    #[test]
    fn html_escape_covers_markup_and_quotes() {
        assert_eq!(
            html_escape("<script>alert(\"x\")</script>&'"),
            "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&amp;&#x27;"
        );
    }
}
