//! `--format markdown`: a report to paste into a brief. A heading per question, then the other
//! claims, then the sources, each as a pipe table (GitHub-flavoured Markdown). Ledger text is
//! escaped so that it can neither break a table nor become a link, emphasis or raw HTML.

use std::fmt::Write as _;

use super::table::{interval_text, prob};
use super::{Renderer, signed};
use crate::score::track_record::SourceRecord;
use crate::score::{CaseScore, ClaimScore};

/// Escapes text for a Markdown table cell or heading: every character that Markdown could read as
/// syntax gets a backslash (CommonMark lets any ASCII punctuation be escaped so), and line breaks,
/// which would end the table row, become spaces.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.trim().chars() {
        match c {
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' | '#' | '~' | '!' | '&' => {
                out.push('\\');
                out.push(c);
            }
            '\r' | '\n' | '\t' => out.push(' '),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

fn row(out: &mut String, cells: &[String]) {
    let _ = writeln!(out, "| {} |", cells.join(" | "));
}

fn yes_no(b: bool) -> String {
    if b { "yes" } else { "no" }.to_string()
}

fn claims_table(out: &mut String, claims: &[&ClaimScore], level: f64) {
    row(
        out,
        &[
            "Claim",
            "Statement",
            "P",
            &format!("{:.0}% interval", level * 100.0),
            "Likelihood",
            "Confidence",
            "Admiralty",
            "Reports / origins",
            "Contested",
            "First – last",
            "Verif.",
            "Official",
            "Later",
        ]
        .map(String::from),
    );
    let _ = writeln!(out, "|---|---|--:|--:|---|---|---|--:|---|---|--:|--:|--:|");
    for c in claims {
        let dates = match (c.first, c.last) {
            (Some(f), Some(l)) if f == l => f.to_string(),
            (Some(f), Some(l)) => format!("{f} – {l}"),
            _ => "–".to_string(),
        };
        let mut statement = escape(&c.statement);
        if let Some(r) = &c.resolution {
            let _ = write!(statement, " *({})*", r.phrase());
        }
        let (p, interval, likelihood, level) = if c.scored() {
            (
                prob(c.confidence),
                interval_text(&c.interval),
                c.likelihood.to_string(),
                c.confidence_level.as_str().to_string(),
            )
        } else {
            ("–".into(), "–".into(), "not scored".into(), String::new())
        };
        row(
            out,
            &[
                format!("`{}`{}", c.id, c.kind_tag()),
                statement,
                p,
                interval,
                likelihood,
                level,
                if c.scored() {
                    c.admiralty.rating.clone()
                } else {
                    "–".to_string()
                },
                format!("{} / {}", c.reports, c.origins),
                c.contest.mark(),
                dates,
                signed(c.criteria.verification, 2),
                signed(c.criteria.official, 2),
                signed(c.criteria.later, 2),
            ],
        );
    }
}

pub struct MarkdownRenderer;

impl Renderer for MarkdownRenderer {
    fn render(&self, case: &CaseScore) -> String {
        let mut out = String::new();
        let reports: usize = case.claims.iter().map(|c| c.reports).sum();
        let _ = writeln!(
            out,
            "# {}\n\nAs of {} · rubric `{}` ({}) · {} claims · {} reports in force · {} sources",
            escape(case.title.as_deref().unwrap_or("corroborate report")),
            case.as_of
                .map_or("(no date)".to_string(), |d| d.to_string()),
            escape(&case.rubric.name),
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
                        "\n## {}\n\nQuestion `{}`: competing answers scored together; they sum to {:.2}; {}.\n",
                        escape(&q.text),
                        q.id,
                        q.total,
                        q.remainder()
                    );
                }
                None => {
                    let _ = writeln!(
                        out,
                        "\n## {}\n",
                        g.section.heading(!case.questions.is_empty())
                    );
                }
            }
            claims_table(&mut out, &g.claims, level);
        }

        let _ = writeln!(out, "\n## Sources\n");
        row(
            &mut out,
            &[
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
            ]
            .map(String::from),
        );
        let _ = writeln!(out, "|---|---|---|---|---|--:|---|--:|--:|--:|--:|--:|");
        for s in &case.sources {
            row(
                &mut out,
                &[
                    format!("`{}`", s.id),
                    escape(&s.name),
                    s.kind.as_str().to_string(),
                    yes_no(s.official),
                    yes_no(s.interested),
                    format!("{:.2}", s.level),
                    s.letter.to_string(),
                    s.reports.to_string(),
                    s.relays.to_string(),
                    s.claims_supported.to_string(),
                    s.claims_refuted.to_string(),
                    s.later_corroborated.to_string(),
                ],
            );
        }
        let _ = writeln!(
            out,
            "\nP: probability that the claim is true, with its {:.0}% interval. Likelihood: ICD 203 phrase. \
Confidence: ICD 203 confidence level (quantity, quality and consistency of the evidence). \
Admiralty: source letter A–F and information digit 1–6. Verif. / Official / Later: the three \
criteria's contributions to the log-odds (+ towards true).",
            level * 100.0
        );
        out
    }
}

/// `sources --format markdown`: one table of the sources with their track records.
pub fn sources(records: &[SourceRecord]) -> String {
    let mut out = String::new();
    row(
        &mut out,
        &[
            "Source",
            "Name",
            "Kind",
            "Official",
            "Interested",
            "Letter",
            "Reports",
            "Relays",
            "Supported",
            "Later corroborated",
            "Refuted",
            "Resolved true",
            "Resolved false",
            "Track record",
            "Interval",
        ]
        .map(String::from),
    );
    let _ = writeln!(
        out,
        "|---|---|---|---|---|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|"
    );
    for s in records {
        let t = &s.track_record;
        row(
            &mut out,
            &[
                format!("`{}`", s.id),
                escape(&s.name),
                s.kind.as_str().to_string(),
                yes_no(s.official),
                yes_no(s.interested),
                s.letter.to_string(),
                s.reports.to_string(),
                s.relays.to_string(),
                s.claims_supported.to_string(),
                s.later_corroborated.to_string(),
                s.claims_refuted.to_string(),
                s.resolved_true.to_string(),
                s.resolved_false.to_string(),
                format!("{:.2} ({}/{})", t.mean, t.successes, t.resolved()),
                format!("{:.2}–{:.2}", t.interval.low, t.interval.high),
            ],
        );
    }
    let level = records
        .first()
        .map_or(0.9, |s| s.track_record.interval.level);
    let _ = writeln!(
        out,
        "\nTrack record: mean of Beta(1 + right, 1 + wrong) over the resolved claims the source supported \
or refuted as an origin (right/resolved in brackets), with its {:.0}% interval.",
        level * 100.0
    );
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_neutralises_markdown_and_html() {
        assert_eq!(
            escape("<script>alert(1)</script> | *x* [l](http://e)\nnext"),
            "\\<script\\>alert(1)\\</script\\> \\| \\*x\\* \\[l\\](http://e) next"
        );
        assert_eq!(escape("a\\|b"), "a\\\\\\|b");
    }
}
