//! Output of `sensitivity`: one row per rubric parameter, largest effect first.

use std::fmt::Write as _;

use super::calibrate::{json, right, table};
use super::signed;
use crate::tune::sensitivity::{Effect, SensitivityReport};

fn num(x: f64) -> String {
    // Enough digits to show a 20% move of any value in a rubric.
    let s = format!("{x:.4}");
    let s = s.trim_end_matches('0');
    s.strip_suffix('.').unwrap_or(s).to_string()
}

/// Text of `sensitivity`.
pub fn render_table(r: &SensitivityReport, width: Option<u16>) -> String {
    let mut out = String::new();
    let pct = format!("{:.0}%", r.step * 100.0);
    let _ = writeln!(
        out,
        "Sensitivity of rubric `{}` ({}): each parameter moved by -{pct} and +{pct} (relative, clamped to its range)\nledger: {} · effect on all {} scored claims as of {}",
        r.rubric,
        r.method.as_str(),
        r.ledgers.join(", "),
        r.claims,
        r.as_of.map_or("(no date)".to_string(), |d| d.to_string())
    );
    match r.base_brier {
        Some(b) => {
            let _ = writeln!(
                out,
                "and on the Brier score of {} resolved claim(s) judged {} (now {:.4})",
                r.resolved, r.cut_description, b
            );
        }
        None => {
            let _ = writeln!(out, "No resolved claims: no effect on the Brier score.");
        }
    }
    let mut t = table(width);
    t.set_header(vec![
        "Parameter".to_string(),
        "Value".to_string(),
        format!("-{pct}"),
        "max |Δp|".to_string(),
        "mean |Δp|".to_string(),
        "ΔBrier".to_string(),
        format!("+{pct}"),
        "max |Δp|".to_string(),
        "mean |Δp|".to_string(),
        "ΔBrier".to_string(),
        "Claim moved most".to_string(),
    ]);
    let cells = |e: &Option<Effect>| -> [String; 4] {
        match e {
            Some(e) => [
                num(e.value),
                format!("{:.4}", e.max_abs_change),
                format!("{:.4}", e.mean_abs_change),
                e.brier_change.map_or("–".to_string(), |b| signed(b, 4)),
            ],
            None => [
                "at bound".to_string(),
                "–".to_string(),
                "–".to_string(),
                "–".to_string(),
            ],
        }
    };
    let inert = |row: &&crate::tune::sensitivity::Row| {
        row.max_abs_change == 0.0 && row.max_abs_brier_change.unwrap_or(0.0) == 0.0
    };
    for row in r.rows.iter().filter(|row| !inert(row)) {
        let [dv, dmax, dmean, db] = cells(&row.down);
        let [uv, umax, umean, ub] = cells(&row.up);
        let moved = [&row.down, &row.up]
            .into_iter()
            .flatten()
            .filter(|e| e.max_abs_change > 0.0)
            .max_by(|a, b| a.max_abs_change.total_cmp(&b.max_abs_change))
            .and_then(|e| e.most_moved.clone())
            .unwrap_or_else(|| "–".to_string());
        t.add_row(vec![
            row.parameter.clone(),
            num(row.value),
            dv,
            dmax,
            dmean,
            db,
            uv,
            umax,
            umean,
            ub,
            moved,
        ]);
    }
    right(&mut t, &[1, 2, 3, 4, 5, 6, 7, 8, 9]);
    let _ = writeln!(out, "{t}");
    let idle: Vec<&str> = r
        .rows
        .iter()
        .filter(inert)
        .map(|row| row.parameter.as_str())
        .collect();
    if !idle.is_empty() {
        let _ = writeln!(
            out,
            "No effect on this case ({} parameter(s): no claim's evidence uses them, or, for the prior weight\nunder log-odds, they only widen intervals): {}.",
            idle.len(),
            idle.join(", ")
        );
    }
    if !r.unset.is_empty() {
        let _ = writeln!(
            out,
            "Not set in this rubric, so not perturbed: {}.",
            r.unset.join(", ")
        );
    }
    let _ = writeln!(
        out,
        "\"at bound\": the change cannot move the value (it is 0, or already at the end of its range).\nΔBrier < 0 means the change would have made the resolved judgements better."
    );
    out
}

/// `--format json` of `sensitivity`.
pub fn render_json(r: &SensitivityReport) -> String {
    json("corroborate-sensitivity", r)
}

#[cfg(test)]
mod tests {
    use super::num;

    #[test]
    fn numbers_lose_trailing_zeros() {
        assert_eq!(num(1.2), "1.2");
        assert_eq!(num(0.0), "0");
        assert_eq!(num(0.12346), "0.1235");
    }
}
