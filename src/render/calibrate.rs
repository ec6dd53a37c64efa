//! Output of `calibrate`: scores with bootstrap intervals, the reliability table and each resolved
//! claim's judgement. Every number printed is a field of [`CalibrationReport`].

use std::fmt::Write as _;

use comfy_table::{CellAlignment, ContentArrangement, Table, presets};
use serde::Serialize;

use crate::tune::calibrate::CalibrationReport;
use crate::tune::metrics::{Calibration, Estimate};

/// Above this many resolved claims the per-claim table is left to `--format json`.
pub const MAX_CLAIM_ROWS: usize = 60;

/// A table in the house style, wrapped to `width` (or the terminal's width where `None`).
pub fn table(width: Option<u16>) -> Table {
    let mut t = Table::new();
    t.load_style(presets::UTF8_FULL_CONDENSED)
        .set_content_arrangement(ContentArrangement::Dynamic);
    if let Some(w) = width {
        t.force_no_tty().set_width(w);
    }
    t
}

/// Right-aligns the given columns.
pub fn right(t: &mut Table, cols: &[usize]) {
    for &i in cols {
        if let Some(c) = t.column_mut(i) {
            c.set_cell_alignment(CellAlignment::Right);
        }
    }
}

/// `0.1234 (0.0456–0.2345)`-style pieces.
pub fn value(x: f64) -> String {
    format!("{x:.4}")
}

pub fn interval(e: &Estimate) -> String {
    range(e.low, e.high, 4)
}

/// `0.12–0.34`, or `-0.34 to -0.12` where a dash would read as a minus sign.
pub fn range(low: f64, high: f64, decimals: usize) -> String {
    if low < 0.0 || high < 0.0 {
        format!("{low:.decimals$} to {high:.decimals$}")
    } else {
        format!("{low:.decimals$}–{high:.decimals$}")
    }
}

/// One JSON document with a format name and version, like `--format json` of `report`.
pub fn json<T: Serialize>(format: &'static str, body: &T) -> String {
    #[derive(Serialize)]
    struct Doc<'a, T> {
        format: &'static str,
        version: u32,
        #[serde(flatten)]
        body: &'a T,
    }
    crate::text::json::pretty(&Doc {
        format,
        version: 1,
        body,
    })
    .unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}\n"))
}

/// The scores table: Brier, log loss and ECE with their intervals.
pub fn scores_table(c: &Calibration, width: Option<u16>) -> Table {
    let mut t = table(width);
    let level = format!("{:.0}% interval", c.bootstrap.level * 100.0);
    t.set_header(vec!["Score", "Value", level.as_str()]);
    for (name, e) in [
        ("Brier score".to_string(), &c.brier),
        ("Log loss (nats)".to_string(), &c.log_loss),
        (format!("ECE ({} bins)", c.bins.len()), &c.ece),
    ] {
        t.add_row(vec![name, value(e.value), interval(e)]);
    }
    t.add_row(vec![
        "ECE if calibrated".to_string(),
        value(c.ece_if_calibrated),
        "–".to_string(),
    ]);
    right(&mut t, &[1, 2]);
    t
}

/// What the scores mean, printed under their table.
pub fn scores_legend(c: &Calibration) -> String {
    format!(
        "Brier: mean (P - outcome)², 0 is perfect, always saying 0.5 scores 0.25. Log loss: mean -ln P(outcome),\nP clipped to [{:e}, 1 - {:e}]; 0.5 scores ln 2 = 0.6931. ECE: |mean P - share true| per equal-width bin,\naveraged weighted by claims. ECE if calibrated: what a perfectly calibrated predictor giving these\nprobabilities would show on average; ECE adds absolute errors, so read it against this floor.",
        c.log_loss_clip, c.log_loss_clip
    )
}

fn reliability_table(c: &Calibration, width: Option<u16>) -> Table {
    let mut t = table(width);
    let level = format!("{:.0}% interval", c.bootstrap.level * 100.0);
    t.set_header(vec![
        "Bin",
        "Claims",
        "True",
        "Mean P",
        "Observed",
        level.as_str(),
        "Gap",
    ]);
    let last = c.bins.len().saturating_sub(1);
    for (i, b) in c.bins.iter().enumerate() {
        let close = if i == last { "]" } else { ")" };
        let dash = || "–".to_string();
        t.add_row(vec![
            format!("[{:.2}, {:.2}{close}", b.low, b.high),
            b.count.to_string(),
            b.true_count.to_string(),
            b.mean_predicted.map_or_else(dash, |m| format!("{m:.3}")),
            b.observed
                .as_ref()
                .map_or_else(dash, |o| format!("{:.3}", o.value)),
            b.observed
                .as_ref()
                .map_or_else(dash, |o| format!("{:.3}–{:.3}", o.low, o.high)),
            b.gap.map_or_else(dash, |g| super::signed(g, 3)),
        ]);
    }
    right(&mut t, &[1, 2, 3, 4, 5, 6]);
    t
}

/// Text of `calibrate`.
pub fn render_table(r: &CalibrationReport, width: Option<u16>) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "Calibration of rubric `{}` ({}) on {} resolved claim(s)\nledger: {} · judged {}",
        r.rubric,
        r.method.as_str(),
        r.resolved,
        r.ledgers.join(", "),
        r.cut_description
    );
    let _ = writeln!(
        out,
        "{} of {} had no report in force at its cut: the prior stands for {}.",
        r.without_reports,
        r.resolved,
        if r.without_reports == 1 { "it" } else { "them" }
    );
    if !r.hindsight.is_empty() {
        let list: Vec<String> = r
            .hindsight
            .iter()
            .map(|h| match h.resolved_on {
                Some(d) => format!("{} (resolved {d})", h.id),
                None => h.id.clone(),
            })
            .collect();
        let _ = writeln!(
            out,
            "{} resolved claim(s) left out, their outcome already known at the cut: {}.",
            r.hindsight.len(),
            list.join(", ")
        );
    }
    if !r.unresolvable.is_empty() {
        let shown: Vec<&str> = r.unresolvable.iter().take(10).map(String::as_str).collect();
        let _ = writeln!(
            out,
            "{} claim(s) recorded as unresolvable left out: {}{}.",
            r.unresolvable.len(),
            shown.join(", "),
            if r.unresolvable.len() > shown.len() {
                ", …"
            } else {
                ""
            }
        );
    }
    let Some(c) = &r.calibration else {
        let _ = writeln!(out, "\nNo resolved claim to score.");
        return out;
    };
    let _ = writeln!(
        out,
        "\nScores ({}/{} true; {:.0}% percentile-bootstrap intervals, {} resamples, seed {})\n{}\n{}",
        c.true_count,
        c.count,
        c.bootstrap.level * 100.0,
        c.bootstrap.resamples,
        c.bootstrap.seed,
        scores_table(c, width),
        scores_legend(c)
    );
    let _ = writeln!(
        out,
        "\nReliability ({} equal-width bins; gap = observed - mean P, + means claims came true more often than said)\n{}",
        c.bins.len(),
        reliability_table(c, width)
    );
    if r.judgements.len() > MAX_CLAIM_ROWS {
        let _ = writeln!(
            out,
            "\n{} resolved claims: `--format json` lists each one's judgement.",
            r.judgements.len()
        );
        return out;
    }
    let mut t = table(width);
    t.set_header(vec![
        "Claim",
        "Outcome",
        "Resolved",
        "Judged as of",
        "Reports in force",
        "P",
        "Squared error",
        "Log loss",
    ]);
    for j in &r.judgements {
        t.add_row(vec![
            j.id.clone(),
            if j.outcome { "true" } else { "false" }.to_string(),
            j.resolved_on
                .map_or_else(|| "–".to_string(), |d| d.to_string()),
            j.judged_as_of.to_string(),
            j.reports_in_force.to_string(),
            format!("{:.3}", j.probability),
            format!("{:.4}", j.squared_error),
            format!("{:.4}", j.log_loss),
        ]);
    }
    right(&mut t, &[4, 5, 6, 7]);
    let _ = writeln!(out, "\nResolved claims\n{t}");
    out
}

/// `--format json` of `calibrate`.
pub fn render_json(r: &CalibrationReport) -> String {
    json("corroborate-calibration", r)
}
