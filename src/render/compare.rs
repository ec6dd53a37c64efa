//! Output of `compare R1 R2`: every claim under both rubrics, the rank correlations, the claims that
//! change phrase or cross 50%, and both calibrations with their paired difference.

use std::fmt::Write as _;

use super::calibrate::{MAX_CLAIM_ROWS, interval, json, range, right, table, value};
use super::signed;
use crate::tune::compare::{Comparison, RubricLabel};
use crate::tune::metrics::Estimate;

fn label(r: &RubricLabel) -> String {
    format!("`{}` ({}, {})", r.name, r.file, r.method.as_str())
}

fn opt(x: Option<f64>) -> String {
    x.map_or("undefined".to_string(), |v| format!("{v:.3}"))
}

/// Text of `compare`.
/// Ids, at most 40 of them, then how many more.
fn list(v: &[String]) -> String {
    const SHOWN: usize = 40;
    match v.len() {
        0 => "none".to_string(),
        n if n <= SHOWN => v.join(", "),
        n => format!("{} … and {} more", v[..SHOWN].join(", "), n - SHOWN),
    }
}

pub fn render_table(c: &Comparison, width: Option<u16>) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "Comparing R1 = {} with R2 = {}\nledger: {} · {} claims as of {}{}",
        label(&c.rubric1),
        label(&c.rubric2),
        c.ledgers.join(", "),
        c.rows.len(),
        c.as_of.map_or("(no date)".to_string(), |d| d.to_string()),
        if c.unscored.is_empty() {
            String::new()
        } else {
            format!(
                " ({} left out: not scored by both rubrics: {})",
                c.unscored.len(),
                list(&c.unscored)
            )
        }
    );
    let _ = writeln!(
        out,
        "Change of probability R2 - R1: mean |Δ| {:.3}, max |Δ| {:.3} · rank correlation of the claims: Spearman ρ {}, Kendall τ-b {}",
        c.mean_abs_change,
        c.max_abs_change,
        opt(c.spearman),
        opt(c.kendall_tau_b)
    );

    let mut t = table(width);
    t.set_header(vec![
        "Claim",
        "P R1",
        "Likelihood R1",
        "P R2",
        "Likelihood R2",
        "Δ",
        "Note",
    ]);
    for r in c.rows.iter().take(MAX_CLAIM_ROWS) {
        let mut note = Vec::new();
        if r.crosses_half {
            note.push("crosses 50%");
        }
        if r.phrase_changed {
            note.push("phrase changes");
        }
        t.add_row(vec![
            r.id.clone(),
            format!("{:.3}", r.p1),
            r.phrase1.to_string(),
            format!("{:.3}", r.p2),
            r.phrase2.to_string(),
            signed(r.change, 3),
            note.join(", "),
        ]);
    }
    right(&mut t, &[1, 3, 5]);
    let _ = writeln!(out, "\nClaims, largest change first\n{t}");
    if c.rows.len() > MAX_CLAIM_ROWS {
        let _ = writeln!(
            out,
            "… and {} more claims with smaller changes: `--format json` lists every one.",
            c.rows.len() - MAX_CLAIM_ROWS
        );
    }
    let _ = writeln!(
        out,
        "Phrase changes ({}): {}\nCross 50% ({}): {}",
        c.phrase_changes.len(),
        list(&c.phrase_changes),
        c.crossings.len(),
        list(&c.crossings)
    );

    let (a, b) = (&c.calibration1, &c.calibration2);
    let _ = writeln!(
        out,
        "\nCalibration on {} resolved claim(s), judged {} ({} without a report in force)",
        a.resolved, a.cut_description, a.without_reports
    );
    if let (Some(ca), Some(cb)) = (&a.calibration, &b.calibration) {
        let level = format!("{:.0}%", ca.bootstrap.level * 100.0);
        let mut t = table(width);
        t.set_header(vec![
            "Score".to_string(),
            "R1".to_string(),
            format!("R1 {level}"),
            "R2".to_string(),
            format!("R2 {level}"),
            "R2 - R1 (paired)".to_string(),
            format!("Difference {level}"),
        ]);
        let diff = |d: Option<&Estimate>| -> (String, String) {
            d.map_or(("–".into(), "–".into()), |d| {
                (signed(d.value, 4), range(d.low, d.high, 4))
            })
        };
        let rows = [
            (
                "Brier score",
                ca.brier,
                cb.brier,
                c.brier_difference.as_ref(),
            ),
            (
                "Log loss (nats)",
                ca.log_loss,
                cb.log_loss,
                c.log_loss_difference.as_ref(),
            ),
            ("ECE", ca.ece, cb.ece, None),
        ];
        for (name, x, y, d) in rows {
            let (dv, di) = diff(d);
            t.add_row(vec![
                name.to_string(),
                value(x.value),
                interval(&x),
                value(y.value),
                interval(&y),
                dv,
                di,
            ]);
        }
        right(&mut t, &[1, 2, 3, 4, 5, 6]);
        let _ = writeln!(
            out,
            "{t}\nA negative difference favours R2; an interval that spans 0 means these claims cannot tell the\nrubrics apart ({} resamples, seed {}).",
            ca.bootstrap.resamples, ca.bootstrap.seed
        );
    } else {
        let _ = writeln!(out, "No resolved claim to score.");
    }
    out
}

/// `--format json` of `compare`.
pub fn render_json(c: &Comparison) -> String {
    json("corroborate-comparison", c)
}
