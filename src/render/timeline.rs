//! `timeline CLAIM`: the dates on which a claim's standing changed, in the terminal.

use std::fmt::Write as _;

use comfy_table::{CellAlignment, ContentArrangement, Table, presets};

use super::table::{interval_text, prob};
use super::{shorten, signed};
use crate::score::timeline::{ClaimTimeline, Mark, TimelineReport};

/// A symbol for a report's mark, shared by the terminal and the legend.
pub fn symbol(m: Mark) -> &'static str {
    match m {
        Mark::Supports => "▲",
        Mark::Refutes => "▼",
        Mark::Relay => "○",
        Mark::Neutral => "◇",
    }
}

fn describe(r: &TimelineReport) -> String {
    let mut s = format!(
        "{} {} {} {}",
        symbol(r.mark),
        r.id,
        r.source,
        r.stance.as_str()
    );
    if let Some(c) = &r.cites {
        let _ = write!(s, ", repeats {c}");
    }
    if !r.via.is_empty() {
        let _ = write!(s, " via {}", r.via.join(" → "));
    }
    s
}

/// Renders the timeline as a table wrapped to `width` columns (the terminal's width where `None`).
pub fn render(t: &ClaimTimeline, width: Option<u16>) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "Claim `{}`: {}\n{}as of {}",
        t.claim,
        shorten(&t.statement, 200),
        t.question
            .as_ref()
            .map(|q| format!("answer of question `{q}` · "))
            .unwrap_or_default(),
        t.as_of.map_or("(no date)".to_string(), |d| d.to_string())
    );
    let level = t.start.interval.level;
    let mut table = Table::new();
    table
        .load_style(presets::UTF8_FULL_CONDENSED)
        .set_content_arrangement(ContentArrangement::Dynamic);
    if let Some(w) = width {
        table.force_no_tty().set_width(w);
    }
    table.set_header(vec![
        "Date".to_string(),
        "P".to_string(),
        format!("{:.0}% interval", level * 100.0),
        "Likelihood".to_string(),
        "Confidence".to_string(),
        "Adm.".to_string(),
        "Change".to_string(),
        "Reports published that day".to_string(),
    ]);
    let row = |date: String, s: &crate::score::timeline::Standing, change: String, what: String| {
        vec![
            date,
            prob(s.confidence),
            interval_text(&s.interval),
            s.likelihood.to_string(),
            s.confidence_level.as_str().to_string(),
            s.admiralty.clone(),
            change,
            what,
        ]
    };
    table.add_row(row(
        t.start_date
            .map_or("start".to_string(), |d| format!("{d} (start)")),
        &t.start,
        String::new(),
        "no report yet: the prior".to_string(),
    ));
    for step in &t.steps {
        let mut lines: Vec<String> = step
            .reports
            .iter()
            .filter_map(|id| t.reports.iter().find(|r| &r.id == id))
            .map(describe)
            .collect();
        if !step.competing.is_empty() {
            lines.push(format!("competing answers: {}", step.competing.join(", ")));
        }
        let change = if step.changed {
            signed(step.delta, 2)
        } else {
            "no change".to_string()
        };
        table.add_row(row(
            step.date.to_string(),
            &step.standing,
            change,
            lines.join("\n"),
        ));
    }
    for i in [1, 2, 6] {
        if let Some(col) = table.column_mut(i) {
            col.set_cell_alignment(CellAlignment::Right);
        }
    }
    let _ = writeln!(out, "{table}");
    let _ = writeln!(
        out,
        "▲ supports, ▼ refutes: a new statement of an origin; ○ relay: a repeat or relay of what an origin\nhad already said. Change: difference in P from the row above (standing = P, phrase, confidence, rating)."
    );
    out
}
