//! `calibrate --format html`: one self-contained page (inline CSS and SVG, no script, no network)
//! with the scores and a reliability diagram: for each bin, the mean probability given against the
//! share of claims that came true, with its bootstrap interval, each point's area by its claims.

use std::fmt::Write as _;

use crate::tune::calibrate::CalibrationReport;

/// HTML text: the five characters that can change the meaning of markup, escaped.
fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c if c.is_control() && c != '\n' => out.push('\u{fffd}'),
            c => out.push(c),
        }
    }
    out
}

const W: f64 = 420.0;
const PAD: f64 = 48.0;

fn x(p: f64) -> f64 {
    PAD + p.clamp(0.0, 1.0) * (W - 2.0 * PAD)
}

fn y(p: f64) -> f64 {
    W - PAD - p.clamp(0.0, 1.0) * (W - 2.0 * PAD)
}

/// The reliability diagram as inline SVG.
pub fn reliability_svg(r: &CalibrationReport) -> String {
    let mut s = String::new();
    let _ = write!(
        s,
        r##"<svg width="{W}" height="{W}" viewBox="0 0 {W} {W}" role="img" aria-label="reliability diagram: probability given against share that came true">"##
    );
    // Grid and axes.
    for k in 0..=10 {
        let t = f64::from(k) / 10.0;
        let _ = write!(
            s,
            r##"<line x1="{:.1}" y1="{:.1}" x2="{:.1}" y2="{:.1}" stroke="#eaeef2"/><line x1="{:.1}" y1="{:.1}" x2="{:.1}" y2="{:.1}" stroke="#eaeef2"/>"##,
            x(t),
            y(0.0),
            x(t),
            y(1.0),
            x(0.0),
            y(t),
            x(1.0),
            y(t)
        );
        if k % 2 == 0 {
            let _ = write!(
                s,
                r##"<text x="{:.1}" y="{:.1}" text-anchor="middle" font-size="11">{t:.1}</text><text x="{:.1}" y="{:.1}" text-anchor="end" font-size="11">{t:.1}</text>"##,
                x(t),
                y(0.0) + 16.0,
                x(0.0) - 6.0,
                y(t) + 4.0
            );
        }
    }
    let _ = write!(
        s,
        r##"<line x1="{:.1}" y1="{:.1}" x2="{:.1}" y2="{:.1}" stroke="#8c959f" stroke-dasharray="4 3"><title>perfect calibration</title></line>"##,
        x(0.0),
        y(0.0),
        x(1.0),
        y(1.0)
    );
    let _ = write!(
        s,
        r##"<text x="{:.1}" y="{:.1}" text-anchor="middle" font-size="12">probability given</text><text transform="translate(14 {:.1}) rotate(-90)" text-anchor="middle" font-size="12">share that came true</text>"##,
        W / 2.0,
        W - 10.0,
        W / 2.0
    );
    if let Some(c) = &r.calibration {
        let max = c.bins.iter().map(|b| b.count).max().unwrap_or(1).max(1) as f64;
        for b in &c.bins {
            let (Some(mp), Some(obs)) = (b.mean_predicted, b.observed) else {
                continue;
            };
            let radius = 3.0 + 9.0 * (b.count as f64 / max).sqrt();
            let _ = write!(
                s,
                r##"<line x1="{:.1}" y1="{:.1}" x2="{:.1}" y2="{:.1}" stroke="#0969da" stroke-width="1.5"/><circle cx="{:.1}" cy="{:.1}" r="{radius:.1}" fill="#0969da" fill-opacity="0.55" stroke="#0969da"><title>{:.1}–{:.1}: {} claim(s), mean probability {mp:.3}, {} true ({:.3}, interval {:.3}–{:.3})</title></circle>"##,
                x(mp),
                y(obs.low),
                x(mp),
                y(obs.high),
                x(mp),
                y(obs.value),
                b.low,
                b.high,
                b.count,
                b.true_count,
                obs.value,
                obs.low,
                obs.high
            );
        }
    }
    s.push_str("</svg>");
    s
}

/// The whole page.
pub fn render_html(r: &CalibrationReport) -> String {
    let mut out = String::new();
    let _ = write!(
        out,
        r##"<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Calibration of rubric {name}</title>
<style>
body {{ font: 15px/1.45 system-ui, sans-serif; color: #1f2328; margin: 1.5rem auto; max-width: 60rem; padding: 0 1rem; }}
table {{ border-collapse: collapse; margin: .5rem 0 1rem; }}
td, th {{ border-bottom: 1px solid #d0d7de; padding: .25rem .6rem; text-align: left; }}
td.num, th.num {{ text-align: right; font-variant-numeric: tabular-nums; }}
.muted {{ color: #59636e; }}
.wrap {{ display: flex; flex-wrap: wrap; gap: 1.5rem; align-items: flex-start; }}
svg {{ max-width: 100%; height: auto; }}
</style></head><body>
<h1>Calibration of rubric <code>{name}</code></h1>
<p class="muted">{ledgers} · {cut} · {resolved} resolved claim(s) judged{without}{hind}{unres}</p>
"##,
        name = esc(&r.rubric),
        ledgers = esc(&r.ledgers.join(", ")),
        cut = esc(&r.cut_description),
        resolved = r.resolved,
        without = if r.without_reports > 0 {
            format!(", {} with no report in force", r.without_reports)
        } else {
            String::new()
        },
        hind = if r.hindsight.is_empty() {
            String::new()
        } else {
            format!(
                " · {} left out, their outcome already known at the cut",
                r.hindsight.len()
            )
        },
        unres = if r.unresolvable.is_empty() {
            String::new()
        } else {
            format!(" · {} unresolvable claim(s) left out", r.unresolvable.len())
        },
    );
    out.push_str("<div class=\"wrap\"><div>");
    out.push_str(&reliability_svg(r));
    out.push_str("</div><div>");
    if let Some(c) = &r.calibration {
        let _ = write!(
            out,
            "<table><tr><th>score</th><th class=\"num\">value</th><th class=\"num\">{:.0}% bootstrap interval</th></tr>",
            c.bootstrap.level * 100.0
        );
        for (name, e) in [
            ("Brier score", &c.brier),
            ("log loss", &c.log_loss),
            ("expected calibration error", &c.ece),
        ] {
            let _ = write!(
                out,
                "<tr><td>{name}</td><td class=\"num\">{:.4}</td><td class=\"num\">{:.4}–{:.4}</td></tr>",
                e.value, e.low, e.high
            );
        }
        let base = c.true_count as f64 / c.count.max(1) as f64;
        let _ = write!(
            out,
            "<tr><td class=\"muted\">expected calibration error if perfectly calibrated (the floor it is read against)</td><td class=\"num\">{:.4}</td><td></td></tr><tr><td class=\"muted\">base rate (share true)</td><td class=\"num\">{base:.4}</td><td></td></tr><tr><td class=\"muted\">Brier of always answering it</td><td class=\"num\">{:.4}</td><td></td></tr></table>",
            c.ece_if_calibrated,
            base * (1.0 - base)
        );
        out.push_str("<table><tr><th>bin</th><th class=\"num\">claims</th><th class=\"num\">mean p</th><th class=\"num\">share true</th><th class=\"num\">gap</th></tr>");
        for b in &c.bins {
            let _ = write!(
                out,
                "<tr><td>{:.1}–{:.1}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td></tr>",
                b.low,
                b.high,
                b.count,
                b.mean_predicted.map_or("–".into(), |v| format!("{v:.3}")),
                b.observed.map_or("–".into(), |v| format!("{:.3}", v.value)),
                b.gap.map_or("–".into(), |v| format!("{v:+.3}"))
            );
        }
        out.push_str("</table>");
    }
    out.push_str("</div></div>\n<p class=\"muted\">Each point is a bin of claims: across, the mean probability the rubric gave them as they stood before their outcome was known; up, the share that came true, with its bootstrap interval. On the dashed line, a claim given p comes true p of the time.</p>\n</body></html>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup() {
        assert_eq!(
            esc("<a href='x'>&</a>"),
            "&lt;a href=&#39;x&#39;&gt;&amp;&lt;/a&gt;"
        );
        assert_eq!(esc("a\u{1b}b"), "a\u{fffd}b");
    }

    #[test]
    fn scales_map_the_unit_square() {
        assert_eq!(x(0.0), PAD);
        assert_eq!(x(1.0), W - PAD);
        assert_eq!(y(0.0), W - PAD);
        assert_eq!(y(1.0), PAD);
    }
}
