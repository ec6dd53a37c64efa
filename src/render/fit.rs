//! Output of `fit`: the fitted values next to the starting ones, and the starting and fitted
//! rubrics' scores in and out of sample.

use std::fmt::Write as _;

use super::calibrate::{json, range, right, table};
use crate::tune::fit::{FitReport, FitResult, Scores};

/// One of a fit's scores, read from its start, in-sample or cross-validated [`Scores`].
type ScoreOf = fn(&Scores) -> f64;

/// The width the method's sentence is wrapped to, as the other prose of the report is by hand.
const PROSE_COLUMNS: usize = 100;

/// How the folds were made: "stratified, seeded folds", or with `--group` "the 8 groups of
/// claims by tag `event:` kept whole" (and how many claims had no such tag).
pub fn folds_made(f: &FitResult) -> String {
    match (&f.group, f.groups) {
        (Some(prefix), Some(n)) => format!(
            "the {n} groups of claims by tag `{}` kept whole{}",
            crate::text::bounded(prefix),
            if f.untagged > 0 {
                format!(", {} claims without one each a group", f.untagged)
            } else {
                String::new()
            }
        ),
        _ => "stratified, seeded folds".to_string(),
    }
}

/// Text of `fit`.
pub fn render_table(r: &FitReport, width: Option<u16>) -> String {
    let f = &r.result;
    let mut out = String::new();
    let _ = writeln!(
        out,
        "Fitted rubric `{}` ({}) to {}",
        r.start_rubric,
        r.start_file,
        r.ledgers.join(", ")
    );
    let _ = writeln!(
        out,
        "{} resolved claims ({} true, {} false), judged {}; {} without a report in force",
        f.resolved, f.true_count, f.false_count, f.cut_description, f.without_reports
    );
    let method = format!(
        "Penalised maximum likelihood{}, λ = {} (L2 pull towards the starting values{}); {}-fold cross-validation ({}); {} after {} iteration(s).",
        if f.half_true {
            ", each outcome's claims weighing half"
        } else {
            ""
        },
        f.lambda,
        if f.lambda_chosen {
            ", chosen by cross-validation"
        } else {
            ""
        },
        f.folds,
        folds_made(f),
        if f.converged {
            "converged"
        } else {
            "NOT converged"
        },
        f.iterations
    );
    let _ = writeln!(out, "{}", crate::text::wrap(&method, PROSE_COLUMNS));
    let mut t = table(width);
    t.set_header(vec![
        "Parameter",
        "Start",
        "Fitted",
        "± standard error",
        "Range over folds",
    ]);
    for p in &f.params {
        t.add_row(vec![
            p.name.clone(),
            format!("{:.4}", p.start),
            format!("{:.4}", p.fitted),
            p.standard_error
                .map_or("–".to_string(), |s| format!("{s:.4}")),
            range(p.fold_min, p.fold_max, 4),
        ]);
    }
    right(&mut t, &[1, 2, 3, 4]);
    let _ = writeln!(out, "\n{t}");
    let mut t = table(width);
    t.set_header(vec![
        "Score",
        "Start",
        "Fitted, in sample",
        "Fitted, cross-validated",
    ]);
    let rows: [(&str, ScoreOf); 4] = [
        ("Brier score", |s| s.brier),
        ("Log loss (nats)", |s| s.log_loss),
        ("Brier, half true", |s| s.brier_at_even_share),
        ("Log loss, half true", |s| s.log_loss_at_even_share),
    ];
    for (label, score) in rows {
        t.add_row(vec![
            label.to_string(),
            format!("{:.4}", score(&f.start)),
            format!("{:.4}", score(&f.in_sample)),
            format!("{:.4}", score(&f.cross_validated)),
        ]);
    }
    right(&mut t, &[1, 2, 3]);
    let _ = writeln!(out, "{t}");
    let _ = writeln!(
        out,
        "\"Half true\": each outcome's claims weighing half, as if half of them had come true."
    );
    if f.lambda_chosen {
        let tried: Vec<String> = f
            .lambdas_tried
            .iter()
            .map(|t| {
                let loss = if f.half_true {
                    t.cross_validated.log_loss_at_even_share
                } else {
                    t.cross_validated.log_loss
                };
                format!("{} ({loss:.4})", t.lambda)
            })
            .collect();
        let _ = writeln!(
            out,
            "λ = {} had the lowest cross-validated log loss{} of those tried:\n{}.\nThe cross-validated figures are the chosen λ's, the best of {}, so slightly optimistic.",
            f.lambda,
            if f.half_true { ", half true," } else { "" },
            tried.join(", "),
            f.lambdas_tried.len()
        );
    }
    if f.cross_validated.log_loss >= f.start.log_loss {
        let _ = writeln!(
            out,
            "The cross-validated log loss is no better than the starting rubric's: the fit does not\ngeneralise beyond the claims it was fitted on. Prefer the starting rubric."
        );
    } else if f.cross_validated.log_loss_at_even_share >= f.start.log_loss_at_even_share {
        let share = f.true_count as f64 / f.resolved as f64;
        let _ = writeln!(
            out,
            "Half true, the cross-validated log loss is no better than the starting rubric's ({:.4}\nagainst {:.4}): the fit's gain comes from how often this ledger's claims came true ({:.0}%),\nwhich cross-validation within it cannot question. If the claims you will score may come true\nmore or less often, prefer the starting rubric, or fit for claims half true (--half-true).",
            f.cross_validated.log_loss_at_even_share,
            f.start.log_loss_at_even_share,
            share * 100.0
        );
    }
    let _ = writeln!(
        out,
        "Wrote {}: the starting rubric with only the fitted values changed and a header comment\nrecording this fit. Compare it with the starting rubric: `corroborate compare START {} LEDGER...`.",
        r.output, r.output
    );
    out
}

/// `--format json` of `fit`.
pub fn render_json(r: &FitReport) -> String {
    json("corroborate-fit", r)
}
