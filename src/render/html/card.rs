//! One timeline card, written straight into a string: the bytes `card.html` gave through the
//! template engine (checked against it in the tests below), at a fraction of its cost. On the
//! 100k-report feed the engine's evaluation of two thousand cards was a fifth of the page's time.
//!
//! As the engine does: every value is HTML-escaped (`<`, `>`, `&`, `"`, `'`, `/`), and a number is
//! written as Rust writes an `f64`, with `.0` after a whole one.

use std::fmt::Write;

use super::TimelineCard;

/// Writes `s` escaped as the template engine escapes it.
fn esc(out: &mut String, s: &str) {
    let mut start = 0;
    for (i, b) in s.bytes().enumerate() {
        let rep = match b {
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'&' => "&amp;",
            b'"' => "&quot;",
            b'\'' => "&#x27;",
            b'/' => "&#x2f;",
            _ => continue,
        };
        out.push_str(&s[start..i]);
        out.push_str(rep);
        start = i + 1;
    }
    out.push_str(&s[start..]);
}

/// Writes a number as the template engine shows an `f64` (the charts' coordinates are finite).
fn num(out: &mut String, x: f64) {
    let at = out.len();
    let _ = write!(out, "{x}");
    if x.is_finite() && !out[at..].contains('.') {
        out.push_str(".0");
    }
}

/// Appends the card of `t`.
pub(super) fn write_card(out: &mut String, t: &TimelineCard) {
    let ch = &t.chart;
    out.push_str("\n<article class=\"card\" id=\"timeline-");
    esc(out, &t.id);
    out.push_str("\">\n<h3><a class=\"id\" href=\"#claim-");
    esc(out, &t.id);
    out.push_str("\">");
    esc(out, &t.id);
    out.push_str("</a> <span class=\"pill\" style=\"background: ");
    esc(out, t.colour);
    out.push_str("\">");
    esc(out, &t.p);
    out.push_str(" · ");
    esc(out, t.likelihood);
    out.push_str("</span></h3>\n<span class=\"statement\">");
    esc(out, &t.statement);
    out.push_str("</span>\n<svg width=\"");
    num(out, ch.width);
    out.push_str("\" height=\"");
    num(out, ch.height);
    out.push_str("\" viewBox=\"0 0 ");
    num(out, ch.width);
    out.push(' ');
    num(out, ch.height);
    out.push_str("\" role=\"img\" aria-label=\"probability of ");
    esc(out, &t.id);
    out.push_str(" over time\">");
    for b in &ch.ybands {
        out.push_str("<rect x=\"");
        num(out, ch.left - 4.0);
        out.push_str("\" y=\"");
        num(out, b.y);
        out.push_str("\" width=\"4\" height=\"");
        num(out, b.h);
        out.push_str("\" fill=\"");
        esc(out, b.colour);
        out.push_str("\"/>");
    }
    out.push_str("\n<line x1=\"");
    num(out, ch.left);
    out.push_str("\" y1=\"");
    num(out, ch.mid);
    out.push_str("\" x2=\"");
    num(out, ch.right);
    out.push_str("\" y2=\"");
    num(out, ch.mid);
    out.push_str(
        "\" stroke=\"#8c959f\" stroke-dasharray=\"3 3\" stroke-width=\"0.8\"/>\n<rect x=\"",
    );
    num(out, ch.left);
    out.push_str("\" y=\"");
    num(out, ch.top);
    out.push_str("\" width=\"");
    num(out, ch.right - ch.left);
    out.push_str("\" height=\"");
    num(out, ch.bottom - ch.top);
    out.push_str("\" fill=\"none\" stroke=\"#d1d9e0\"/>");
    for (y, label) in [
        (ch.top + 4.0, "1"),
        (ch.mid + 4.0, "0.5"),
        (ch.bottom + 3.0, "0"),
    ] {
        out.push_str("\n<text x=\"");
        num(out, ch.left - 7.0);
        out.push_str("\" y=\"");
        num(out, y);
        out.push_str("\" text-anchor=\"end\">");
        out.push_str(label);
        out.push_str("</text>");
    }
    for x in &ch.xticks {
        out.push_str("\n<line x1=\"");
        num(out, x.x);
        out.push_str("\" y1=\"");
        num(out, ch.bottom);
        out.push_str("\" x2=\"");
        num(out, x.x);
        out.push_str("\" y2=\"");
        num(out, ch.bottom + 4.0);
        out.push_str("\" stroke=\"#8c959f\"/>\n<text x=\"");
        num(out, x.x);
        out.push_str("\" y=\"");
        num(out, ch.label_y);
        out.push_str("\" text-anchor=\"");
        esc(out, x.anchor);
        out.push_str("\">");
        esc(out, &x.label);
        out.push_str("</text>");
    }
    out.push_str("\n<path d=\"");
    esc(out, &ch.band);
    out.push_str("\" fill=\"#0969da\" fill-opacity=\"0.14\" stroke=\"none\"/>\n<path d=\"");
    esc(out, &ch.line);
    out.push_str(
        "\" fill=\"none\" stroke=\"#0969da\" stroke-width=\"2.2\" stroke-linejoin=\"round\"/>",
    );
    for p in &ch.points {
        out.push_str("<circle cx=\"");
        num(out, p.x);
        out.push_str("\" cy=\"");
        num(out, p.y);
        out.push_str(if p.competing {
            "\" r=\"3.6\" fill=\"#fff\" stroke=\"#9a6700\" stroke-width=\"1.8\"><title>"
        } else {
            "\" r=\"3\" fill=\"#0969da\"><title>"
        });
        esc(out, &p.title);
        out.push_str("</title></circle>");
    }
    out.push_str("\n<line x1=\"");
    num(out, ch.left);
    out.push_str("\" y1=\"");
    num(out, ch.rug_top);
    out.push_str("\" x2=\"");
    num(out, ch.right);
    out.push_str("\" y2=\"");
    num(out, ch.rug_top);
    out.push_str("\" stroke=\"#eaeef2\"/>");
    for m in &ch.markers {
        out.push_str("\n<g transform=\"translate(");
        num(out, m.x);
        out.push(',');
        num(out, m.y);
        out.push_str(")\">");
        out.push_str(match m.mark {
            "supports" => "<path class=\"supports\" d=\"M0,-5L5,4H-5Z\"/>",
            "refutes" => "<path class=\"refutes\" d=\"M0,5L5,-4H-5Z\"/>",
            "neutral" => "<path class=\"neutral\" d=\"M0,-4.5L4.5,0L0,4.5L-4.5,0Z\"/>",
            _ => "<circle class=\"relay\" r=\"3.8\"/>",
        });
        out.push_str("<title>");
        esc(out, &m.title);
        out.push_str("</title></g>");
    }
    out.push_str("\n</svg>\n<details>\n<summary>");
    let _ = write!(out, "{}", t.rows.len() as i64 - 1);
    out.push_str(" dated step(s)");
    if t.relays > 0 {
        let _ = write!(out, ", {} relay(s)", t.relays);
    }
    out.push_str("</summary>\n<div class=\"scroll\"><table>\n<thead><tr><th>Date</th><th class=\"num\">P</th><th class=\"num\">Interval</th><th>Likelihood</th><th>Confidence</th><th>Adm.</th><th class=\"num\">Change</th><th>Reports published that day</th></tr></thead>\n<tbody>");
    for r in &t.rows {
        out.push_str("\n<tr><td class=\"nowrap\">");
        esc(out, &r.date);
        out.push_str("</td><td class=\"num\">");
        esc(out, &r.p);
        out.push_str("</td><td class=\"num\">");
        esc(out, &r.interval);
        out.push_str("</td><td>");
        esc(out, r.likelihood);
        out.push_str("</td><td>");
        esc(out, r.confidence);
        out.push_str("</td><td>");
        esc(out, &r.admiralty);
        out.push_str("</td><td class=\"num\">");
        esc(out, &r.change);
        out.push_str("</td><td>");
        for x in &r.reports {
            out.push_str("<div>");
            esc(out, x);
            out.push_str("</div>");
        }
        out.push_str("</td></tr>");
    }
    out.push_str("\n</tbody>\n</table></div>\n</details>\n</article>");
}

#[cfg(test)]
mod tests {
    use super::super::*;
    use crate::error::SourceText;
    use crate::ledger::parse_ledgers;
    use crate::rubric::Rubric;

    /// The card as the template engine drew it before: the reference for the bytes.
    const CARD_TEMPLATE: &str = include_str!("../card.html");

    fn by_template(t: &TimelineCard) -> String {
        let mut env = Environment::new();
        env.add_template("card.html", CARD_TEMPLATE).unwrap();
        env.get_template("card.html")
            .unwrap()
            .render(context! { t => Value::from(Serde(t)) })
            .unwrap()
    }

    fn written(t: &TimelineCard) -> String {
        let mut s = String::new();
        super::write_card(&mut s, t);
        s
    }

    #[test]
    fn every_card_of_the_seeds_is_the_templates() {
        let ledger = parse_ledgers(&[SourceText::new("seeds", crate::cmd::SEEDS)]).unwrap();
        let rubric = Rubric::default_rubric();
        let case = crate::score::score(&ledger, &rubric, None);
        let timelines = crate::score::timeline::timelines_of(&ledger, &rubric, &case);
        let start = timelines.iter().filter_map(|t| t.start_date).min().unwrap();
        let end = case.as_of.unwrap_or(start);
        let scale = TimeScale::new(start, end);
        assert!(timelines.len() > 10);
        for t in &timelines {
            let c = timeline_card(t, &scale, end, &rubric.likelihood_bounds);
            assert_eq!(written(&c), by_template(&c), "{}", t.claim);
        }
    }

    #[test]
    fn escapes_numbers_and_every_branch_are_the_templates() {
        let tick = |x: f64, label: &str| Tick::within(x, label.to_string(), 0.0, 600.0);
        let row = |n: usize| StepRow {
            date: format!("2024-10-0{n}"),
            p: "0.50".into(),
            interval: "0.10–0.90".into(),
            likelihood: "roughly even chance",
            confidence: "low",
            admiralty: "F3".into(),
            change: if n == 0 {
                String::new()
            } else {
                "+0.01".into()
            },
            reports: vec![format!("r{n} <b>&'\"/x\"</b>"), "plain".into()],
        };
        let card = |relays: usize, rows: usize| TimelineCard {
            id: "c/1 <&>".into(),
            statement: "It's \"quoted\" & <tagged> / slashed".into(),
            question: Some("q".into()),
            p: "0.42".into(),
            likelihood: "unlikely",
            colour: "#f4a582",
            chart: StepChart {
                width: 600.0,
                height: 131.5,
                left: 44.0,
                right: 588.25,
                top: 10.0,
                bottom: 90.0,
                mid: 50.0,
                line: "M44,50H100.5V30H588.25".into(),
                band: "M44,10H588.25V90H44Z".into(),
                ybands: vec![
                    YBand {
                        y: 10.0,
                        h: 4.5,
                        colour: "#2166ac",
                    },
                    YBand {
                        y: 14.5,
                        h: 0.0,
                        colour: "#b2182b",
                    },
                ],
                points: vec![
                    Point {
                        x: 1.0,
                        y: 2.25,
                        title: "a <point>".into(),
                        competing: false,
                    },
                    Point {
                        x: 3.5,
                        y: 4.0,
                        title: "competing".into(),
                        competing: true,
                    },
                ],
                markers: ["supports", "refutes", "neutral", "relay"]
                    .into_iter()
                    .enumerate()
                    .map(|(i, mark)| Marker {
                        x: i as f64 * 10.5,
                        y: 100.0,
                        mark,
                        title: format!("{mark} 'mark' / \"{i}\""),
                    })
                    .collect(),
                rug_top: 96.0,
                xticks: vec![
                    tick(1.0, "Oct"),
                    tick(300.5, "Nov 2024"),
                    tick(599.0, "Dec"),
                ],
                label_y: 120.0,
            },
            rows: (0..rows).map(row).collect(),
            relays,
        };
        for (relays, rows) in [(0, 1), (3, 4), (1, 0)] {
            let c = card(relays, rows);
            assert_eq!(written(&c), by_template(&c), "relays {relays}, rows {rows}");
        }
    }
}
