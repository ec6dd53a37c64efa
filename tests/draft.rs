//! End-to-end tests of `corroborate draft`: the ledger draft passes `check`, the spans point at
//! the text, `--merge` reuses a ledger's sources and claims, and bad input stops the run with
//! the file named and nothing written. The fixtures are short passages written for these tests.

mod common;

use common::{cmd, write};

const HARBOUR: &str = include_str!("fixtures/draft/harbour.txt");
const BRIEFING: &str = include_str!("fixtures/draft/briefing.txt");
const LATER: &str = include_str!("fixtures/draft/later.txt");

fn dir_with_fixtures() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "harbour.txt", HARBOUR);
    write(dir.path(), "briefing.txt", BRIEFING);
    write(dir.path(), "later.txt", LATER);
    dir
}

fn stdout(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn stderr(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[test]
fn the_draft_of_three_articles_passes_check_and_is_stable() {
    let dir = dir_with_fixtures();
    let out = cmd(dir.path())
        .args([
            "draft",
            "harbour.txt",
            "briefing.txt",
            "later.txt",
            "--published",
            "2025-03-06",
            "--outlet",
            "Coastal Times",
            "-o",
            "draft.toml",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let check = cmd(dir.path())
        .args(["check", "draft.toml"])
        .output()
        .unwrap();
    assert_eq!(check.status.code(), Some(0), "{}", stderr(&check));
    assert!(
        stdout(&check).starts_with("ok: 1 ledger file(s):"),
        "{}",
        stdout(&check)
    );
    let text = std::fs::read_to_string(dir.path().join("draft.toml")).unwrap();
    insta::assert_snapshot!("draft_fixtures_toml", text);
    // The drafted ledger scores.
    let report = cmd(dir.path())
        .args(["report", "draft.toml", "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(report.status.code(), Some(0), "{}", stderr(&report));
}

#[test]
fn spans_are_character_offsets_into_the_text() {
    let dir = dir_with_fixtures();
    let out = cmd(dir.path())
        .args(["draft", "harbour.txt", "briefing.txt", "--format", "spans"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = stdout(&out);
    insta::assert_snapshot!("draft_fixtures_spans", text);
    let lines: Vec<serde_json::Value> = text
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 2);
    assert_eq!(lines[0]["article"], "harbour.txt");
    let chars: Vec<char> = HARBOUR.chars().collect();
    let at = |v: &serde_json::Value| -> String {
        let (s, e) = (
            v[0].as_u64().unwrap() as usize,
            v[1].as_u64().unwrap() as usize,
        );
        chars[s..e].iter().collect()
    };
    let atts = lines[0]["attributions"].as_array().unwrap();
    let quoted = atts
        .iter()
        .find(|a| at(&a["content"][0]).starts_with("“We do assess"))
        .expect("the quotation of the spokesperson");
    // The quotation keeps its marks and its comma; a curly apostrophe before it counts as one.
    assert_eq!(
        at(&quoted["content"][0]),
        "“We do assess that the breach began on Saturday night,”"
    );
    assert_eq!(at(&quoted["cue"][0]), "told");
    assert_eq!(
        at(&quoted["source"][0]),
        "Water Authority spokesperson Ines Vall"
    );
    assert_eq!(
        at(&quoted["content"][1]),
        "“We have indications that two pumping stations failed.”"
    );
    assert_eq!(quoted["speaker"], "vall");
    let fire = atts
        .iter()
        .find(|a| at(&a["source"][0]) == "the city’s fire service")
        .unwrap();
    assert_eq!(
        at(&fire["content"][0]),
        "at least 30 homes had been flooded in Lowmarsh and Eastquay"
    );
}

#[test]
fn merge_adds_to_a_ledger_without_duplicating_its_sources_or_claims() {
    let dir = dir_with_fixtures();
    let existing = r#"# Our case so far (a comment to keep)
[case]
title = "Harbour flood"

[[sources]]
id = "wa-vall"
name = "Ines Vall, water authority spokesperson"
kind = "spokesperson"

[[claims]]
id = "dam-breached"
statement = "The northern dam has been breached"

[[reports]]
id = "r1"
claim = "dam-breached"
source = "wa-vall"
stance = "supports"
stated = 2025-03-03
"#;
    write(dir.path(), "case.toml", existing);
    let out = cmd(dir.path())
        .args([
            "draft",
            "harbour.txt",
            "--merge",
            "case.toml",
            "-o",
            "merged.toml",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let merged = std::fs::read_to_string(dir.path().join("merged.toml")).unwrap();
    assert!(
        merged.starts_with(existing),
        "the existing text is kept as it was"
    );
    assert_eq!(
        std::fs::read_to_string(dir.path().join("case.toml")).unwrap(),
        existing
    );
    // Vall and the dam claim are the ledger's, not new entries.
    assert!(!merged.contains("id = \"vall\""), "{merged}");
    assert!(merged.contains("source = \"wa-vall\""));
    assert!(merged.contains("claim = \"dam-breached\""));
    assert_eq!(merged.matches("[case]").count(), 1);
    let check = cmd(dir.path())
        .args(["check", "merged.toml"])
        .output()
        .unwrap();
    assert_eq!(check.status.code(), Some(0), "{}", stderr(&check));
    // Merging into the ledger itself is refused: inputs are never overwritten.
    let out = cmd(dir.path())
        .args([
            "draft",
            "harbour.txt",
            "--merge",
            "case.toml",
            "-o",
            "case.toml",
            "--force",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("is the input"), "{}", stderr(&out));
}

fn fails(files: &[(&str, &[u8])], args: &[&str]) -> (String, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    for (n, c) in files {
        write(dir.path(), n, c);
    }
    let out = cmd(dir.path()).args(args).output().unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(!dir.path().join("out.toml").exists(), "nothing is written");
    (stderr(&out), dir)
}

#[test]
fn bad_articles_are_named_and_nothing_is_written() {
    let (e, _d) = fails(
        &[("empty.txt", b"  \n\n")],
        &[
            "draft",
            "empty.txt",
            "--published",
            "2025-01-01",
            "-o",
            "out.toml",
        ],
    );
    assert_eq!(
        e,
        "error: is empty; expected the text of a news article\n  --> empty.txt\n"
    );
    let (e, _d) = fails(
        &[("bin.txt", b"News\nab\x00cd")],
        &["draft", "bin.txt", "-o", "out.toml"],
    );
    assert_eq!(
        e,
        "error: holds the control character U+0000: a binary file; expected the plain text of a news article\n  --> bin.txt:2:3\n"
    );
    let (e, _d) = fails(
        &[("latin1.txt", b"Caf\xe9 owner said so.")],
        &["draft", "latin1.txt", "-o", "out.toml"],
    );
    assert_eq!(
        e,
        "error: is not valid UTF-8 (byte 0xE9 at offset 3); expected a UTF-8 text file\n  --> latin1.txt:1:4\n"
    );
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("folder")).unwrap();
    let out = cmd(dir.path())
        .args(["draft", "folder", "-o", "out.toml"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        stderr(&out),
        "error: is a directory; expected a text file holding a news article\n  --> folder\n"
    );
    let (e, _d) = fails(&[], &["draft", "missing.txt", "-o", "out.toml"]);
    assert_eq!(
        e,
        "error: cannot read the file: no such file\n  --> missing.txt\n"
    );
}

#[test]
fn an_undated_article_needs_published_and_bad_options_are_usage_errors() {
    let (e, _d) = fails(
        &[("later.txt", LATER.as_bytes())],
        &["draft", "later.txt", "-o", "out.toml"],
    );
    assert_eq!(
        e,
        "error: prints no publication date in its first 15 lines; expected one there, or give it with --published YYYY-MM-DD\n  --> later.txt\n"
    );
    let (e, _d) = fails(
        &[("later.txt", LATER.as_bytes())],
        &["draft", "later.txt", "--published", "2025-13-01"],
    );
    assert_eq!(
        e,
        "error: invalid --published `2025-13-01`: expected a date as YYYY-MM-DD\n"
    );
    let (e, _d) = fails(
        &[("later.txt", LATER.as_bytes())],
        &[
            "draft",
            "later.txt",
            "--format",
            "spans",
            "--merge",
            "x.toml",
        ],
    );
    assert_eq!(
        e,
        "error: --merge adds to a ledger: it needs --format toml, not spans\n"
    );
    // Spans need no date.
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "later.txt", LATER);
    let out = cmd(dir.path())
        .args(["draft", "later.txt", "--format", "spans"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
}

#[test]
fn an_existing_output_is_left_untouched_without_force() {
    let dir = dir_with_fixtures();
    write(dir.path(), "out.toml", "keep me");
    let out = cmd(dir.path())
        .args(["draft", "harbour.txt", "-o", "out.toml"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        stderr(&out),
        "error: output file `out.toml` already exists: left untouched; use --force to overwrite it\n"
    );
    assert_eq!(
        std::fs::read_to_string(dir.path().join("out.toml")).unwrap(),
        "keep me"
    );
    let out = cmd(dir.path())
        .args(["draft", "harbour.txt", "-o", "out.toml", "--force"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    // An article is an input: never overwritten.
    let out = cmd(dir.path())
        .args(["draft", "harbour.txt", "-o", "harbour.txt", "--force"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        std::fs::read_to_string(dir.path().join("harbour.txt")).unwrap(),
        HARBOUR
    );
}
