//! Renderers: one file per output format, all reading the same [`CaseScore`].
//!
//! The terminal table is for people; JSON is a stable contract for machines (see README, "JSON
//! output"). Renderers never compute a number: every figure they print is a field of the score.

pub mod calibrate;
pub mod calibrate_html;
pub mod compare;
pub mod csv;
pub mod explain;
pub mod fit;
pub mod html;
pub mod json;
pub mod json_stream;
pub mod markdown;
pub mod sensitivity;
pub mod sources;
pub mod table;
pub mod timeline;
pub mod triples;
pub mod triples_html;

use crate::score::CaseScore;

/// Turns a scored case into the text of one output format.
pub trait Renderer {
    fn render(&self, case: &CaseScore) -> String;
}

pub use crate::text::terminal_safe;

/// A statement cut to `max` characters, with an ellipsis where it was cut; safe for a terminal.
pub fn shorten(s: &str, max: usize) -> String {
    let s = terminal_safe(s.trim());
    let s = s.as_str();
    if s.chars().count() <= max {
        return s.to_string();
    }
    let cut: String = s.chars().take(max.saturating_sub(1)).collect();
    format!("{}…", cut.trim_end())
}

/// A signed number with a fixed number of decimals (`+0.84`, `-1.20`, ` 0.00`).
pub fn signed(x: f64, decimals: usize) -> String {
    let r = format!("{:.*}", decimals, x.abs());
    let zero = r.chars().all(|c| c == '0' || c == '.');
    if zero {
        format!(" {r}")
    } else if x < 0.0 {
        format!("-{r}")
    } else {
        format!("+{r}")
    }
}

/// The judgement cells of a claim's row, as every human-readable format prints them: P, its
/// interval, the likelihood phrase, the confidence level (empty when unscored) and the Admiralty
/// rating; dashes and "not scored" for a kind the rubric does not score.
pub struct Standing {
    pub p: String,
    pub interval: String,
    pub likelihood: &'static str,
    pub level: &'static str,
    pub admiralty: String,
}

impl Standing {
    pub fn of(c: &crate::score::ClaimScore) -> Standing {
        if c.scored() {
            Standing {
                p: table::prob(c.confidence),
                interval: table::interval_text(&c.interval),
                likelihood: c.likelihood,
                level: c.confidence_level.as_str(),
                admiralty: c.admiralty.rating.clone(),
            }
        } else {
            Standing {
                p: "–".to_string(),
                interval: "–".to_string(),
                likelihood: "not scored",
                level: "",
                admiralty: "–".to_string(),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shorten_cuts_on_characters() {
        assert_eq!(shorten("abcdef", 4), "abc…");
        assert_eq!(shorten("ééé", 3), "ééé");
    }

    #[test]
    fn terminal_text_cannot_carry_escape_sequences() {
        assert_eq!(
            terminal_safe("a\u{1b}]0;pwned\u{7}b"),
            "a\u{241b}]0;pwned\u{2407}b"
        );
        assert_eq!(terminal_safe("x\u{202e}y\u{9b}z"), "x\u{fffd}y\u{fffd}z");
        assert_eq!(shorten("\u{1b}[31mred", 20), "\u{241b}[31mred");
    }

    #[test]
    fn signed_shows_the_sign_but_not_for_zero() {
        assert_eq!(signed(0.844, 2), "+0.84");
        assert_eq!(signed(-1.2, 2), "-1.20");
        assert_eq!(signed(-0.0001, 2), " 0.00");
    }
}
