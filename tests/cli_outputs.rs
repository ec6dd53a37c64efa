//! End-to-end tests of the outputs of issue 3 through the binary: `-o`/`--force`, the new
//! subcommands, and untrusted ledger text (HTML escaping, CSV formula neutralisation, Markdown).

use std::path::Path;

use assert_cmd::Command;
use predicates::prelude::*;

fn cmd() -> Command {
    Command::cargo_bin("corroborate").unwrap()
}

fn stdout_of(args: &[&str]) -> String {
    let out = cmd()
        .args(args)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    String::from_utf8(out).unwrap()
}

// ----- -o and --force -----

#[test]
fn output_goes_to_the_file_and_nothing_to_stdout() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("report.md");
    cmd()
        .args(["report", "--format", "markdown", "-o"])
        .arg(&p)
        .assert()
        .success()
        .stdout("")
        .stderr("");
    assert_eq!(
        std::fs::read_to_string(&p).unwrap(),
        stdout_of(&["report", "--format", "markdown"])
    );
}

#[test]
fn an_existing_file_is_untouched_without_force() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("report.html");
    std::fs::write(&p, "keep me").unwrap();
    cmd()
        .args(["report", "--format", "html", "-o"])
        .arg(&p)
        .assert()
        .code(2)
        .stdout("")
        .stderr(format!(
            "error: output file `{}` already exists: left untouched; use --force to overwrite it\n",
            p.display()
        ));
    assert_eq!(std::fs::read_to_string(&p).unwrap(), "keep me");
    // Nothing else was left in the directory either.
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
}

#[test]
fn force_replaces_an_existing_file() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("claims.csv");
    std::fs::write(&p, "old").unwrap();
    cmd()
        .args(["report", "--format", "csv", "--force", "-o"])
        .arg(&p)
        .assert()
        .success();
    assert_eq!(
        std::fs::read_to_string(&p).unwrap(),
        stdout_of(&["report", "--format", "csv"])
    );
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
}

#[test]
fn every_writing_command_refuses_to_overwrite() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("out");
    std::fs::write(&p, "keep").unwrap();
    for args in [
        vec!["sources", "--format", "csv"],
        vec!["timeline", "nk-casualties"],
        vec!["schema", "ledger"],
        vec!["export", "--to", "stix"],
    ] {
        cmd()
            .args(&args)
            .arg("-o")
            .arg(&p)
            .assert()
            .code(2)
            .stderr(predicate::str::contains("already exists: left untouched"));
        assert_eq!(std::fs::read_to_string(&p).unwrap(), "keep", "{args:?}");
    }
}

#[test]
fn force_without_an_output_file_is_a_usage_error() {
    cmd()
        .args(["report", "--force"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--output <FILE>"));
}

#[test]
fn an_input_is_never_overwritten_even_with_force() {
    let dir = tempfile::tempdir().unwrap();
    let ledger = dir.path().join("case.toml");
    std::fs::write(&ledger, corroborate::cmd::SEEDS).unwrap();
    cmd()
        .arg("report")
        .arg(&ledger)
        .args(["--format", "html", "--force", "-o"])
        .arg(&ledger)
        .assert()
        .code(2)
        .stderr(format!(
            "error: output file `{0}` is the input `{0}`: inputs are never overwritten; choose another file\n",
            ledger.display()
        ));
    assert_eq!(
        std::fs::read_to_string(&ledger).unwrap(),
        corroborate::cmd::SEEDS
    );
}

#[test]
fn a_missing_directory_fails_the_run() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("no").join("such.html");
    cmd()
        .args(["report", "--format", "html", "-o"])
        .arg(&p)
        .assert()
        .code(1)
        .stderr(predicate::str::starts_with(format!(
            "error: cannot write `{}`",
            p.display()
        )));
}

// ----- Subcommands -----

#[test]
fn timeline_of_an_unknown_claim_lists_the_claims() {
    cmd()
        .args(["timeline", "no-such-claim"])
        .assert()
        .code(2)
        .stderr(predicate::str::starts_with(
            "error: unknown claim `no-such-claim`: expected one of ",
        ));
}

#[test]
fn timeline_shows_the_changes_of_standing() {
    cmd()
        .args(["timeline", "nk-troops-in-russia", "--width", "140"])
        .assert()
        .success()
        .stdout(predicate::str::contains("2024-10-22 (start)"))
        .stdout(predicate::str::contains("r002-austin-present"))
        .stdout(predicate::str::contains("no change"));
}

#[test]
fn timeline_respects_as_of() {
    let v: serde_json::Value = serde_json::from_str(&stdout_of(&[
        "timeline",
        "nk-troops-in-russia",
        "--format",
        "json",
        "--as-of",
        "2024-10-31",
    ]))
    .unwrap();
    assert_eq!(v["as_of"], "2024-10-31");
    assert_eq!(v["steps"].as_array().unwrap().len(), 1);
}

#[test]
fn sources_in_each_format() {
    for f in ["table", "json", "csv", "markdown"] {
        let out = stdout_of(&["sources", "--format", f]);
        assert!(out.contains("ua-zelensky"), "{f}");
    }
}

#[test]
fn schema_to_a_file_is_valid_json() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("ledger.schema.json");
    cmd()
        .args(["schema", "ledger", "-o"])
        .arg(&p)
        .assert()
        .success();
    let v: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&p).unwrap()).unwrap();
    assert_eq!(v["title"], "corroborate ledger");
}

#[test]
fn schema_needs_a_format() {
    cmd()
        .args(["schema", "nope"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("possible values: ledger, rubric"));
}

#[test]
fn export_of_a_case_without_a_date_asks_for_one() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("empty.toml");
    std::fs::write(&p, "[[claims]]\nid = \"c\"\nstatement = \"S\"\n").unwrap();
    cmd()
        .args(["export", "--to", "misp"])
        .arg(&p)
        .assert()
        .code(2)
        .stderr("error: the case has no date (no report and no `as_of` in the ledger): give --as-of YYYY-MM-DD\n");
    cmd()
        .args(["export", "--to", "misp", "--as-of", "2024-01-01"])
        .arg(&p)
        .assert()
        .success();
}

// ----- Untrusted text -----

const HOSTILE: &str = r#"
[case]
title = "<script>alert('title')</script>"
as_of = "2024-02-01"

[[sources]]
id = "evil"
name = "=HYPERLINK(\"http://evil.example\",\"click\") <img src=x onerror=alert(1)>"
kind = "online-outlet"
organisation = "@org"

[[sources]]
id = "relay"
name = "+Relay \" onmouseover=\"alert(2)"
kind = "newspaper"

[[questions]]
id = "q"
text = "Which? <b>bold</b> | pipe"

[[claims]]
id = "c1"
statement = "<script>alert(1)</script> | *star* [link](http://evil.example)"
tags = ["-tag", "<i>"]
question = "q"
resolution = { outcome = true, date = "2024-03-01", note = "\"><script>alert(3)</script>", citation = "'quoted'" }

[[claims]]
id = "c2"
statement = "=1+1"
question = "q"

[[claims]]
id = "c3"
statement = "-2+3\tand a tab"

[[claims]]
id = "c4"
statement = "@SUM(A1:A2)"

[[claims]]
id = "c5"
statement = "statements are trimmed, so tags carry the tab"
tags = ["\ttab"]

[[claims]]
id = "c6"
statement = "and the carriage return"
tags = ["\rcr"]

[[reports]]
id = "r1"
claim = "c1"
source = "evil"
stance = "supports"
stated = "2024-01-10"
via = ["relay"]
document = "javascript:alert(4)"
quote = "</svg><script>alert(5)</script>"

[[reports]]
id = "r2"
claim = "c2"
source = "evil"
stance = "refutes"
stated = "2024-01-12"

[[reports]]
id = "r3"
claim = "c1"
source = "relay"
stance = "supports"
stated = "2024-01-20"
cites = "r1"
"#;

fn hostile_file(dir: &Path) -> std::path::PathBuf {
    let p = dir.join("hostile.toml");
    std::fs::write(&p, HOSTILE).unwrap();
    p
}

fn hostile(args: &[&str]) -> String {
    let dir = tempfile::tempdir().unwrap();
    let p = hostile_file(dir.path());
    let out = cmd()
        .args(args)
        .arg(&p)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    String::from_utf8(out).unwrap()
}

#[test]
fn html_escapes_every_piece_of_ledger_text() {
    let html = hostile(&["report", "--format", "html"]);
    let lower = html.to_lowercase();
    assert!(!lower.contains("<script"), "a script tag got through");
    assert!(!lower.contains("<img"), "an img tag got through");
    assert!(!lower.contains("<b>") && !lower.contains("<i>"));
    assert!(
        !lower.contains("\" onmouseover"),
        "an attribute got through"
    );
    assert!(
        !lower.contains("javascript:"),
        "a javascript: URL got through"
    );
    assert!(html.contains("&lt;script&gt;alert(1)&lt;&#x2f;script&gt;"));
    assert!(html.contains("+Relay &quot; onmouseover=&quot;alert(2)"));
    // A quote in an attribute (the resolution's note is a title attribute) cannot close it.
    assert!(html.contains("title=\"&quot;&gt;&lt;script&gt;alert(3)"));
    // Self-contained: no external resource, no script; links only to anchors in the page.
    for tag in ["<link", "<iframe", "<object", "<embed", "@import", "url("] {
        assert!(!lower.contains(tag), "{tag}");
    }
    for (i, _) in html.match_indices("href=\"") {
        assert!(html[i + 6..].starts_with('#'), "{}", &html[i..i + 40]);
    }
}

#[test]
fn csv_neutralises_formula_cells() {
    let text = hostile(&["report", "--format", "csv"]);
    let mut r = csv::Reader::from_reader(text.as_bytes());
    let statements: Vec<String> = r.records().map(|rec| rec.unwrap()[2].to_string()).collect();
    let mut r = csv::Reader::from_reader(text.as_bytes());
    // The text columns: claim, statement, question, tags, letter_from (numbers are ours).
    let all: Vec<String> = r
        .records()
        .flat_map(|rec| {
            let rec = rec.unwrap();
            [1, 2, 3, 4, 14].map(|i| rec[i].to_string())
        })
        .collect();
    for s in &all {
        assert!(
            !s.starts_with(['=', '+', '-', '@', '\t', '\r']),
            "dangerous cell {s:?}"
        );
    }
    assert!(statements.contains(&"'=1+1".to_string()));
    assert!(statements.contains(&"'-2+3\tand a tab".to_string()));
    assert!(statements.contains(&"'@SUM(A1:A2)".to_string()));
    // Tags and names too.
    let mut r = csv::Reader::from_reader(text.as_bytes());
    let tags: Vec<String> = r.records().map(|rec| rec.unwrap()[4].to_string()).collect();
    assert!(tags.contains(&"'-tag;<i>".to_string()));
    assert!(tags.contains(&"'\ttab".to_string()));
    // A carriage return is a control character: shown as its symbol, as on a terminal.
    assert!(tags.contains(&"'\u{240d}cr".to_string()));

    let sources = hostile(&["sources", "--format", "csv"]);
    let mut r = csv::Reader::from_reader(sources.as_bytes());
    for rec in r.records() {
        let rec = rec.unwrap();
        // The text columns: source, name, organisation, government.
        for cell in [0, 1, 5, 6].map(|i| &rec[i]) {
            assert!(
                !cell.starts_with(['=', '+', '-', '@', '\t', '\r']),
                "dangerous cell {cell:?}"
            );
        }
    }
    assert!(sources.contains("'=HYPERLINK("));
    assert!(sources.contains("'@org"));
}

#[test]
fn markdown_cannot_be_broken_by_ledger_text() {
    let md = hostile(&["report", "--format", "markdown"]);
    assert!(!md.contains("<script>"));
    assert!(md.contains(
        "\\<script\\>alert(1)\\</script\\> \\| \\*star\\* \\[link\\](http://evil.example)"
    ));
    // Every table row has as many unescaped pipes as its header (the first row of each table).
    let pipes = |line: &str| {
        line.char_indices()
            .filter(|&(i, c)| c == '|' && (i == 0 || line.as_bytes()[i - 1] != b'\\'))
            .count()
    };
    let mut header = None;
    let mut rows = 0;
    for line in md.lines() {
        if !line.starts_with('|') {
            header = None;
            continue;
        }
        let n = pipes(line);
        let want = *header.get_or_insert(n);
        assert_eq!(n, want, "{line}");
        rows += 1;
    }
    assert!(rows > 10, "{md}");
}

#[test]
fn exports_carry_ledger_text_as_json_strings() {
    for to in ["misp", "stix", "claimreview"] {
        let out = hostile(&["export", "--to", to]);
        let v: serde_json::Value = serde_json::from_str(&out).unwrap();
        // The text is kept as it was; ClaimReview, made to be pasted into a <script> block,
        // writes `<`, `>` and `&` as \u003c, \u003e, \u0026.
        assert!(
            v.to_string().contains("<script>alert(1)</script>"),
            "{to}: text kept verbatim"
        );
        assert_eq!(out.contains('<'), to != "claimreview", "{to}");
    }
}

#[test]
fn timeline_marks_relays() {
    let out = hostile(&["timeline", "c1", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let marks: Vec<&str> = v["reports"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["mark"].as_str().unwrap())
        .collect();
    assert_eq!(marks, ["supports", "relay"]);
}

// ----- timeline --all -----

/// The claims of the report, in its order.
fn report_order(extra: &[&str]) -> Vec<String> {
    let mut args = vec!["report", "--format", "json"];
    args.extend_from_slice(extra);
    let v: serde_json::Value = serde_json::from_str(&stdout_of(&args)).unwrap();
    v["claims"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn timeline_all_gives_every_claims_timeline_in_the_reports_order() {
    let dir = tempfile::tempdir().unwrap();
    // A rubric that learns reliability re-scores the case at each date: the other path.
    let learning = dir.path().join("learning.toml");
    std::fs::write(
        &learning,
        format!(
            "{}\n[reliability]\nmethod = \"em\"\n",
            include_str!("../config/default.toml")
        ),
    )
    .unwrap();
    let learning = learning.to_str().unwrap();
    for extra in [
        vec![],
        vec!["--as-of", "2024-11-20"],
        vec!["--rubric", learning],
    ] {
        let mut args = vec!["timeline", "--all", "--format", "json"];
        args.extend_from_slice(&extra);
        let all: Vec<serde_json::Value> = serde_json::from_str(&stdout_of(&args)).unwrap();
        let ids: Vec<&str> = all.iter().map(|t| t["claim"].as_str().unwrap()).collect();
        assert_eq!(ids, report_order(&extra), "{extra:?}");
        for t in &all {
            let id = t["claim"].as_str().unwrap();
            let mut one = vec!["timeline", id, "--format", "json"];
            one.extend_from_slice(&extra);
            let single: serde_json::Value = serde_json::from_str(&stdout_of(&one)).unwrap();
            assert_eq!(&single, t, "{id} {extra:?}");
        }
    }
}

#[test]
fn timeline_all_as_tables_is_each_claims_table_after_a_blank_line() {
    let ids = report_order(&[]);
    let singles: Vec<String> = ids
        .iter()
        .map(|id| stdout_of(&["timeline", id, "--width", "120"]))
        .collect();
    assert_eq!(
        stdout_of(&["timeline", "--all", "--width", "120"]),
        singles.join("\n")
    );
}

#[test]
fn timeline_all_of_a_feed_is_written_block_by_block_as_the_whole_would_be() {
    let dir = tempfile::tempdir().unwrap();
    // 1 100 claims: three blocks of the sweep, the last one short.
    let mut csv = String::from("claim,source,stated,stance,via\n");
    for i in 0..4400 {
        let stance = if i % 4 == 0 { "refutes" } else { "supports" };
        let via = if i % 10 == 0 { "wire" } else { "" };
        let day = 1 + (i * 7) % 28;
        csv += &format!(
            "c{:04},s{:02},2024-10-{day:02},{stance},{via}\n",
            i % 1100,
            i % 37
        );
    }
    let path = dir.path().join("feed.csv");
    std::fs::write(&path, &csv).unwrap();
    let ledger = match corroborate::bulk::load(
        std::slice::from_ref(&path),
        None,
        &corroborate::bulk::NoProgress,
    )
    .unwrap()
    {
        corroborate::bulk::Bulk::Ledger(l) => l,
        corroborate::bulk::Bulk::Triples(_) => panic!("a ledger was expected"),
    };
    let rubric = corroborate::rubric::Rubric::default_rubric();
    let whole = corroborate::score::timeline::timelines(&ledger, &rubric, None);
    assert_eq!(whole.len(), 1100);
    let expected = corroborate::text::json::pretty_records(&whole, 3).unwrap();
    cmd()
        .current_dir(dir.path())
        .args([
            "timeline", "--all", "feed.csv", "--format", "json", "-o", "all.json",
        ])
        .assert()
        .success()
        .stdout("");
    let written = std::fs::read_to_string(dir.path().join("all.json")).unwrap();
    assert!(
        written == expected,
        "the streamed array differs from the whole"
    );
    // One claim's own JSON is the array's element, laid out one level up.
    let single = stdout_of(&[
        "timeline",
        "c0007",
        path.to_str().unwrap(),
        "--format",
        "json",
    ]);
    let i = whole.iter().position(|t| t.claim == "c0007").unwrap();
    assert_eq!(
        single,
        corroborate::text::json::pretty_records(&whole[i], 2).unwrap()
    );
}

#[test]
fn timeline_all_of_an_empty_ledger_is_an_empty_array() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("empty.csv"), "claim,source,stated,stance\n").unwrap();
    cmd()
        .current_dir(dir.path())
        .args(["timeline", "--all", "empty.csv", "--format", "json"])
        .assert()
        .success()
        .stdout("[]\n");
}

#[test]
fn timeline_needs_a_claim_or_all_and_all_takes_only_ledgers() {
    cmd()
        .args(["timeline"])
        .assert()
        .code(2)
        .stderr(predicate::str::starts_with(
            "error: the following required arguments were not provided:\n  <CLAIM_ID>\n",
        ));
    cmd()
        .args(["timeline", "--all", "nk-troops-in-kursk"])
        .assert()
        .code(2)
        .stderr(
            "error: `nk-troops-in-kursk` is not a file: with --all every argument is a ledger; \
             expected `timeline --all [LEDGER...]` or `timeline CLAIM_ID [LEDGER...]`\n",
        );
}
