//! Text stays text: escape sequences (ESC, OSC, CSI), C1 controls, bidirectional overrides and
//! line separators from a ledger, a rubric or the command line never reach the output raw — in
//! any format, on standard output or in an error message — and machine formats read back the same
//! text.

mod common;
use common::cmd;

/// Every dangerous character, in one string: ESC (an OSC title and a CSI colour), BEL, a carriage
/// return, DEL, U+009B (a one-byte CSI), U+0085, the bidi marks and overrides, U+2028 and U+2029.
const NASTY: &str = "\u{1b}]0;owned\u{7}\u{1b}[31mred\r\u{7f}\u{9b}2J\u{85}\u{200f}\u{202e}rev\u{2066}\u{61c}\u{2028}\u{2029}";

fn hidden(c: char) -> bool {
    corroborate::text::hidden_control(c)
}

fn ledger() -> String {
    format!(
        r#"[case]
title = "Case {n}"

[[sources]]
id = "dod"
name = "Pentagon {n}"
kind = "spokesperson"
organisation = "us-dod {n}"
government = "us"

[[sources]]
id = "wire"
name = "Wire {n}"
kind = "wire-agency"

[[questions]]
id = "q"
text = "How many {n}?"

[[claims]]
id = "a"
statement = "About 10 {n}"
tags = ["t {n}"]
question = "q"
resolution = {{ outcome = true, date = 2024-12-01, citation = "c {n}", note = "n {n}" }}

[[claims]]
id = "b"
statement = "About 20 {n}"
question = "q"

[[reports]]
id = "r1"
claim = "a"
source = "dod"
stance = "supports"
stated = 2024-11-04
via = ["wire"]
document = "doc {n}.txt"
quote = "quote {n}"
note = "note {n}"

[[reports]]
id = "r2"
claim = "b"
source = "wire"
stance = "refutes"
stated = 2024-11-06
"#,
        n = toml_escape(NASTY)
    )
}

/// The text as a TOML basic string's content.
fn toml_escape(s: &str) -> String {
    s.chars()
        .map(|c| {
            if c.is_control() || hidden(c) {
                format!("\\u{:04X}", c as u32)
            } else {
                c.to_string()
            }
        })
        .collect()
}

fn rubric() -> String {
    let default =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/config/default.toml"))
            .unwrap();
    default.replacen(
        "name = \"default\"",
        &format!("name = \"default {}\"", toml_escape(NASTY)),
        1,
    )
}

#[test]
fn no_output_of_any_command_carries_a_control_character() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path();
    common::write(p, "l.toml", ledger());
    common::write(p, "r.toml", rubric());
    let runs: Vec<Vec<&str>> = vec![
        vec!["report", "--width", "120"],
        vec!["report", "--format", "markdown"],
        vec!["report", "--format", "csv"],
        vec!["report", "--format", "json"],
        vec!["report", "--format", "html"],
        vec!["explain", "a"],
        vec!["explain", "a", "--format", "json"],
        vec!["timeline", "a"],
        vec!["timeline", "a", "--format", "json"],
        vec!["sources"],
        vec!["sources", "--format", "json"],
        vec!["sources", "--format", "csv"],
        vec!["sources", "--format", "markdown"],
        vec!["export", "--to", "misp"],
        vec!["export", "--to", "stix"],
        vec!["export", "--to", "claimreview"],
        vec!["check"],
        vec!["calibrate", "--resamples", "20"],
        vec!["calibrate", "--resamples", "20", "--format", "json"],
        vec!["sensitivity"],
        vec!["sensitivity", "--format", "json"],
    ];
    for args in runs {
        let mut all = args.clone();
        all.extend(["l.toml", "--rubric", "r.toml"]);
        let out = cmd(p).args(&all).output().unwrap();
        assert!(out.status.success(), "{all:?}: {out:?}");
        let text = String::from_utf8(out.stdout).unwrap();
        let bad: Vec<String> = text
            .chars()
            .filter(|&c| hidden(c))
            .map(|c| format!("U+{:04X}", c as u32))
            .collect();
        assert!(bad.is_empty(), "{args:?} printed {bad:?}");
        if args.contains(&"json") || args[0] == "export" {
            // JSON reads back the very text of the ledger.
            assert!(text.contains("\\u001b]0;owned\\u0007"), "{args:?}");
            let v: serde_json::Value = serde_json::from_str(&text).unwrap();
            assert!(v.to_string().contains("\\u001b]0;owned"), "{args:?}");
        }
    }
    let out = cmd(p)
        .args(["compare", "r.toml", "r.toml", "l.toml", "--resamples", "20"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    assert!(!String::from_utf8(out.stdout).unwrap().chars().any(hidden));
}

#[test]
fn error_messages_carry_no_control_character() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path();
    common::write(p, "l.toml", ledger());
    let nasty_arg = format!("x{NASTY}");
    for args in [
        vec!["explain", nasty_arg.as_str(), "l.toml"],
        vec!["report", "l.toml", "--as-of", nasty_arg.as_str()],
        vec!["report", nasty_arg.as_str()],
    ] {
        let out = cmd(p).args(&args).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{out:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(!err.chars().any(hidden), "{args:?}: {err:?}");
        assert!(err.contains('\u{241b}'), "the escape is shown: {err:?}");
    }
    // A value of the ledger quoted in a message.
    let bad = ledger().replace(
        "kind = \"wire-agency\"",
        &format!("kind = \"{}\"", toml_escape(NASTY)),
    );
    common::write(p, "bad.toml", bad);
    let out = cmd(p).args(["check", "bad.toml"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!err.chars().any(hidden), "{err:?}");
}

#[test]
fn a_bulk_report_of_triples_carries_no_control_character() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path();
    let v = NASTY.replace(['\r', '\n'], "");
    common::write(
        p,
        "t.jsonl",
        format!(
            "{}\n{}\n",
            serde_json::json!({"source": format!("s{v}"), "question": format!("q{v}"), "value": format!("v{v}")}),
            serde_json::json!({"source": "s2", "question": format!("q{v}"), "value": "w"}),
        ),
    );
    for args in [
        vec!["report", "t.jsonl"],
        vec!["report", "t.jsonl", "--format", "json"],
    ] {
        let out = cmd(p).args(&args).output().unwrap();
        assert!(out.status.success(), "{out:?}");
        let text = String::from_utf8(out.stdout).unwrap();
        assert!(!text.chars().any(hidden), "{args:?}: {text:?}");
    }
}

#[test]
fn long_values_are_echoed_bounded() {
    let dir = tempfile::tempdir().unwrap();
    let id = "x".repeat(2_000_000);
    let ledger = ledger().replace(
        "source = \"wire\"\nstance = \"refutes\"",
        &format!("source = \"{id}\"\nstance = \"refutes\""),
    );
    common::write(dir.path(), "l.toml", ledger);
    let out = cmd(dir.path()).args(["check", "l.toml"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.len() < 5000, "{} bytes of error", err.len());
    assert!(err.contains("(2000000 characters)"), "{err}");
}
