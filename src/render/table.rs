//! `--format table`: per-claim confidence tables grouped by question, then a per-source summary.

use std::fmt::Write as _;

use comfy_table::{CellAlignment, ColumnConstraint, ContentArrangement, Table, presets};

use super::{Renderer, shorten, signed, terminal_safe};
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

/// An interval as `low–high` with [`prob`]'s figures, or one figure when both ends print alike
/// (`>0.99` rather than `>0.99–>0.99`).
pub fn interval_text(i: &crate::score::Interval) -> String {
    let (lo, hi) = (prob(i.low), prob(i.high));
    if lo == hi { lo } else { format!("{lo}–{hi}") }
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

    /// Narrow terminals get a compact layout: fewer, multi-line columns.
    fn compact(&self) -> bool {
        self.table().width().is_some_and(|w| w < COMPACT_BELOW)
    }

    fn claims_table(&self, claims: &[&ClaimScore], level: f64) -> Table {
        let mut t = self.table();
        let interval = format!("{:.0}% interval", level * 100.0);
        let compact = self.compact();
        if compact {
            t.set_header(vec![
                "Claim".to_string(),
                "P".to_string(),
                interval.replace(' ', "\n"),
                "Likelihood\nconfidence".to_string(),
                "Adm.".to_string(),
                "Rep/\norig".to_string(),
                "First\nlast".to_string(),
                "V\nO\nL".to_string(),
            ]);
        } else {
            t.set_header(vec![
                "Claim".to_string(),
                "Statement".to_string(),
                "P".to_string(),
                interval,
                "Likelihood".to_string(),
                "Confidence".to_string(),
                "Adm.".to_string(),
                "Rep/ orig".to_string(),
                "Contested".to_string(),
                "First – last".to_string(),
                "Verif.".to_string(),
                "Official".to_string(),
                "Later".to_string(),
            ]);
        }
        for c in claims {
            let (p, interval, likelihood, level) = if c.scored() {
                (
                    prob(c.confidence),
                    interval_text(&c.interval),
                    c.likelihood.to_string(),
                    c.confidence_level.as_str().to_string(),
                )
            } else {
                (
                    "–".to_string(),
                    "–".to_string(),
                    "not scored".to_string(),
                    String::new(),
                )
            };
            let counts = format!("{}/{}", c.reports, c.origins);
            let contest = c.contest.mark();
            let id = format!("{}{}", c.id, c.kind_tag());
            let (v, o, l) = (
                signed(c.criteria.verification, 2),
                signed(c.criteria.official, 2),
                signed(c.criteria.later, 2),
            );
            if compact {
                let dates = match (c.first, c.last) {
                    (Some(f), Some(l)) if f == l => f.to_string(),
                    (Some(f), Some(l)) => format!("{f}\n{l}"),
                    _ => "–".to_string(),
                };
                t.add_row(vec![
                    format!("{id}\n{}", shorten(&c.statement, 90)),
                    p,
                    interval,
                    if level.is_empty() {
                        likelihood
                    } else {
                        format!("{likelihood}\n{level} confidence")
                    },
                    if c.scored() {
                        c.admiralty.rating.clone()
                    } else {
                        "–".to_string()
                    },
                    if contest.is_empty() {
                        counts
                    } else {
                        format!("{counts}\n{}", contest.replace(", ", "\n"))
                    },
                    dates,
                    format!("{v}\n{o}\n{l}"),
                ]);
            } else {
                let dates = match (c.first, c.last) {
                    (Some(f), Some(l)) if f == l => f.to_string(),
                    (Some(f), Some(l)) => format!("{f} – {l}"),
                    _ => "–".to_string(),
                };
                t.add_row(vec![
                    id,
                    shorten(&c.statement, 90),
                    p,
                    interval,
                    likelihood,
                    level,
                    if c.scored() {
                        c.admiralty.rating.clone()
                    } else {
                        "–".to_string()
                    },
                    counts,
                    contest,
                    dates,
                    v,
                    o,
                    l,
                ]);
            }
        }
        // Only the text columns may wrap; numbers keep their width.
        if compact {
            shape_columns(&mut t, &[0], &[1, 2, 5, 7]);
        } else {
            shape_columns(&mut t, &[0, 1], &[2, 3, 7, 10, 11, 12]);
        }
        t
    }

    fn sources_table(&self, case: &CaseScore) -> Table {
        let mut t = self.table();
        let compact = self.compact();
        if compact {
            t.set_header(vec![
                "Source",
                "Kind",
                "Level",
                "Reports/\nrelays",
                "Supported/\nrefuted",
                "Later\ncorr.",
            ]);
        } else {
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
        }
        let yes = |b: bool| if b { "yes" } else { "no" };
        for s in &case.sources {
            if compact {
                let mut flags = Vec::new();
                if s.official {
                    flags.push("official");
                }
                if s.interested {
                    flags.push("interested");
                }
                t.add_row(vec![
                    format!("{}\n{}", s.id, shorten(&s.name, 60)),
                    format!("{}\n{}", s.kind.as_str(), flags.join(", ")),
                    format!("{:.2} {}", s.level, s.letter),
                    format!("{}/{}", s.reports, s.relays),
                    format!("{}/{}", s.claims_supported, s.claims_refuted),
                    s.later_corroborated.to_string(),
                ]);
            } else {
                t.add_row(vec![
                    s.id.clone(),
                    shorten(&s.name, 60),
                    s.kind.as_str().to_string(),
                    yes(s.official).to_string(),
                    yes(s.interested).to_string(),
                    format!("{:.2}", s.level),
                    s.letter.to_string(),
                    s.reports.to_string(),
                    s.relays.to_string(),
                    s.claims_supported.to_string(),
                    s.claims_refuted.to_string(),
                    s.later_corroborated.to_string(),
                ]);
            }
        }
        if compact {
            shape_columns(&mut t, &[0, 1], &[2, 3, 4, 5]);
        } else {
            shape_columns(&mut t, &[0, 1], &[5, 7, 8, 9, 10, 11]);
        }
        t
    }
}

/// Only the text columns may wrap; numbers keep their width and align right.
fn shape_columns(t: &mut Table, text: &[usize], right: &[usize]) {
    for (i, col) in t.column_iter_mut().enumerate() {
        if !text.contains(&i) {
            col.set_constraint(ColumnConstraint::ContentWidth);
        }
        if right.contains(&i) {
            col.set_cell_alignment(CellAlignment::Right);
        }
    }
}

/// Below this many columns the tables switch to the compact layout.
pub const COMPACT_BELOW: u16 = 170;

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
        for g in case.groups() {
            match g.question {
                Some(q) => {
                    let _ = writeln!(
                        out,
                        "\nQuestion `{}`: {}\n(competing answers scored together; they sum to {:.2}; {})",
                        q.id,
                        q.text,
                        q.total,
                        q.remainder()
                    );
                }
                None => {
                    let _ = writeln!(out, "\n{}", g.section.heading(!case.questions.is_empty()));
                }
            }
            let _ = writeln!(out, "{}", self.claims_table(&g.claims, level));
        }

        let t = self.sources_table(case);
        let _ = writeln!(out, "\nSources\n{t}");
        if let Some(t) = self.learned_table(case) {
            let _ = writeln!(out, "{t}");
        }
        let _ = writeln!(
            out,
            "P: probability the claim is true. Verif./Official/Later (V/O/L): the three criteria's\ncontributions to the log-odds (+ towards true). Adm.: source letter A–F and information digit\n1–6. Rep/orig: reports and origins in force. Contested: origins for (▲) and against (▼) and the\nside of the latest statement. `corroborate explain CLAIM` shows a row's working."
        );
        terminal_safe(&out)
    }
}

impl TableRenderer {
    /// Learned reliability per source, where the rubric's `[reliability]` asks for it.
    fn learned_table(&self, case: &CaseScore) -> Option<String> {
        let summary = case.reliability.as_ref()?;
        let mut t = self.table();
        let level = case
            .sources
            .iter()
            .find_map(|s| s.learned.map(|l| l.level))
            .unwrap_or(0.9);
        t.set_header(vec![
            "Source".to_string(),
            "Learned reliability".to_string(),
            format!("{:.0}% interval", level * 100.0),
            "Claims".to_string(),
            "Expected correct".to_string(),
            "Used as level".to_string(),
        ]);
        for s in &case.sources {
            let Some(l) = s.learned else { continue };
            t.add_row(vec![
                s.id.clone(),
                format!("{:.2}", l.reliability),
                format!("{:.2}–{:.2}", l.low, l.high),
                l.claims.to_string(),
                format!("{:.1}", l.correct),
                if l.used {
                    "yes".to_string()
                } else {
                    "no (graded)".to_string()
                },
            ]);
        }
        shape_columns(&mut t, &[0], &[1, 2, 3, 4]);
        Some(format!(
            "\nLearned source reliability ({}, {} iteration(s), {})\n{t}",
            summary.method.as_str(),
            summary.iterations,
            if summary.converged {
                "converged"
            } else {
                "not converged: stopped at max_iterations"
            }
        ))
    }
}
