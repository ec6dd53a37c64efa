//! `--format table`: per-claim confidence tables grouped by question, then a per-source summary.

use std::fmt::Write as _;

use comfy_table::{CellAlignment, ContentArrangement, Table, presets};

use super::{Renderer, shorten, signed};
use crate::score::{CaseScore, ClaimScore};

/// A probability with two decimals; beyond them, `>0.99` and `<0.01` rather than a false 1.00 or 0.00.
pub fn prob(p: f64) -> String {
    if p > 0.995 {
        ">0.99".to_string()
    } else if p < 0.005 {
        "<0.01".to_string()
    } else {
        format!("{p:.2}")
    }
}

/// Renders tables wrapped to `width` columns, or to the terminal's width where `None`.
pub struct TableRenderer {
    pub width: Option<u16>,
}

impl TableRenderer {
    fn table(&self) -> Table {
        let mut t = Table::new();
        t.load_style(presets::UTF8_FULL_CONDENSED)
            .set_content_arrangement(ContentArrangement::Dynamic);
        if let Some(w) = self.width {
            t.force_no_tty().set_width(w);
        }
        t
    }

    fn claims_table(&self, claims: &[&ClaimScore], level: f64) -> Table {
        let mut t = self.table();
        t.set_header(vec![
            "Claim".to_string(),
            "Statement".to_string(),
            "P".to_string(),
            format!("{:.0}% interval", level * 100.0),
            "Likelihood".to_string(),
            "Confidence".to_string(),
            "Adm.".to_string(),
            "Reports/ origins".to_string(),
            "First – last".to_string(),
            "Verif.".to_string(),
            "Official".to_string(),
            "Later".to_string(),
        ]);
        for c in claims {
            let dates = match (c.first, c.last) {
                (Some(f), Some(l)) if f == l => f.to_string(),
                (Some(f), Some(l)) => format!("{f} – {l}"),
                _ => "–".to_string(),
            };
            t.add_row(vec![
                c.id.clone(),
                shorten(&c.statement, 90),
                prob(c.confidence),
                format!("{}–{}", prob(c.interval.low), prob(c.interval.high)),
                c.likelihood.to_string(),
                c.confidence_level.as_str().to_string(),
                c.admiralty.rating.clone(),
                format!("{}/{}", c.reports, c.origins),
                dates,
                signed(c.criteria.verification, 2),
                signed(c.criteria.official, 2),
                signed(c.criteria.later, 2),
            ]);
        }
        for i in [2, 3, 7, 9, 10, 11] {
            if let Some(col) = t.column_mut(i) {
                col.set_cell_alignment(CellAlignment::Right);
            }
        }
        t
    }
}

impl Renderer for TableRenderer {
    fn render(&self, case: &CaseScore) -> String {
        let mut out = String::new();
        let reports: usize = case.claims.iter().map(|c| c.reports).sum();
        let _ = writeln!(
            out,
            "{}\nas of {} · rubric `{}` ({}) · {} claims · {} reports in force · {} sources",
            case.title.as_deref().unwrap_or("corroborate report"),
            case.as_of
                .map_or("(no date)".to_string(), |d| d.to_string()),
            case.rubric.name,
            case.rubric.method.as_str(),
            case.claims.len(),
            reports,
            case.sources.len(),
        );
        let level = case.claims.first().map_or(0.9, |c| c.interval.level);
        for q in &case.questions {
            let members: Vec<&ClaimScore> = case
                .claims
                .iter()
                .filter(|c| c.question.as_deref() == Some(q.id.as_str()))
                .collect();
            if members.is_empty() {
                continue;
            }
            let rest = if q.exhaustive {
                "answers are exhaustive".to_string()
            } else {
                format!("none of these: {:.2}", (1.0 - q.total).max(0.0))
            };
            let _ = writeln!(
                out,
                "\nQuestion `{}`: {}\n(competing answers scored together; they sum to {:.2}; {rest})",
                q.id, q.text, q.total
            );
            let _ = writeln!(out, "{}", self.claims_table(&members, level));
        }
        let others: Vec<&ClaimScore> = case
            .claims
            .iter()
            .filter(|c| c.question.is_none())
            .collect();
        if !others.is_empty() {
            let heading = if case.questions.is_empty() {
                "Claims"
            } else {
                "Other claims"
            };
            let _ = writeln!(out, "\n{heading}");
            let _ = writeln!(out, "{}", self.claims_table(&others, level));
        }

        let mut t = self.table();
        t.set_header(vec![
            "Source",
            "Name",
            "Kind",
            "Official",
            "Interested",
            "Level",
            "Letter",
            "Reports",
            "Relays",
            "Supported",
            "Refuted",
            "Later corroborated",
        ]);
        for s in &case.sources {
            t.add_row(vec![
                s.id.clone(),
                shorten(&s.name, 60),
                s.kind.as_str().to_string(),
                if s.official { "yes" } else { "no" }.to_string(),
                if s.interested { "yes" } else { "no" }.to_string(),
                format!("{:.2}", s.level),
                s.letter.to_string(),
                s.reports.to_string(),
                s.relays.to_string(),
                s.claims_supported.to_string(),
                s.claims_refuted.to_string(),
                s.later_corroborated.to_string(),
            ]);
        }
        for i in [5, 7, 8, 9, 10, 11] {
            if let Some(col) = t.column_mut(i) {
                col.set_cell_alignment(CellAlignment::Right);
            }
        }
        let _ = writeln!(out, "\nSources\n{t}");
        let _ = writeln!(
            out,
            "P: probability the claim is true. Verif./Official/Later: the three criteria's contributions to\nthe log-odds (+ towards true). Adm.: source letter A–F and information digit 1–6.\n`corroborate explain CLAIM` shows how a row was computed."
        );
        out
    }
}
