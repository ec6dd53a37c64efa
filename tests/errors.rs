//! One test per class of bad input: each asserts the exact message (file, line, column, the
//! offending key or value, what was expected) and exit code 2.

mod common;
use common::{LEDGER, run};

const RUBRIC: &str = include_str!("../config/default.toml");

/// `check` on a ledger whose text is LEDGER with `from` replaced by `to`.
fn ledger_error(from: &str, to: &str) -> String {
    assert!(LEDGER.contains(from), "fixture does not contain {from:?}");
    let text = LEDGER.replacen(from, to, 1);
    let (code, stdout, stderr) = run(&[("l.toml", text.as_bytes())], &["check", "l.toml"]);
    assert_eq!(code, 2, "stdout: {stdout}\nstderr: {stderr}");
    assert_eq!(stdout, "");
    stderr
}

fn rubric_error(from: &str, to: &str) -> String {
    assert!(RUBRIC.contains(from), "rubric does not contain {from:?}");
    let text = RUBRIC.replacen(from, to, 1);
    let (code, _, stderr) = run(
        &[("r.toml", text.as_bytes()), ("l.toml", LEDGER.as_bytes())],
        &["check", "l.toml", "--rubric", "r.toml"],
    );
    assert_eq!(code, 2);
    stderr
}

#[test]
fn toml_syntax_error() {
    assert_eq!(
        ledger_error("[[claims]]", "[[claims]"),
        "error: unclosed array table, expected `]`\n  --> l.toml:16:10\n   |\n16 | [[claims]\n   |          ^\n"
    );
}

#[test]
fn wrong_type() {
    assert_eq!(
        ledger_error(
            "kind = \"wire-agency\"",
            "kind = \"wire-agency\"\ninterested = \"yes\""
        ),
        "error: invalid type: string \"yes\", expected a boolean (key `interested`)\n  --> l.toml:15:14\n   |\n15 | interested = \"yes\"\n   |              ^^^^^\n"
    );
}

#[test]
fn unknown_key() {
    assert_eq!(
        ledger_error(
            "kind = \"wire-agency\"",
            "kind = \"wire-agency\"\ncolour = \"red\""
        ),
        "error: unknown field `colour`, expected one of `id`, `name`, `kind`, `official`, `organisation`, `government`, `interested`, `side`, `grade`, `note`\n  --> l.toml:15:1\n   |\n15 | colour = \"red\"\n   | ^^^^^^\n"
    );
}

#[test]
fn unknown_enum_value() {
    let e = ledger_error("kind = \"wire-agency\"", "kind = \"blog\"");
    assert!(
        e.starts_with("error: unknown variant `blog`, expected one of `government`, `military`,"),
        "{e}"
    );
    assert!(e.contains("\n  --> l.toml:14:8\n"), "{e}");
}

#[test]
fn unknown_id() {
    assert_eq!(
        ledger_error("source = \"dod\"", "source = \"pentagon\""),
        "error: unknown source `pentagon` in report `r1`: expected the id of a source defined in the ledger\n  --> l.toml:23:10\n   |\n23 | source = \"pentagon\"\n   |          ^^^^^^^^^^\n"
    );
}

#[test]
fn invalid_id() {
    assert_eq!(
        ledger_error("id = \"r1\"", "id = \"r 1\""),
        "error: invalid report id `r 1`: expected 1 to 200 characters from A-Z a-z 0-9 . _ -\n  --> l.toml:21:6\n   |\n21 | id = \"r 1\"\n   |      ^^^^^\n"
    );
}

#[test]
fn duplicate_id_across_files() {
    let second = "[[sources]]\nid = \"dod\"\nname = \"Another\"\nkind = \"other\"\n";
    let (code, _, stderr) = run(
        &[("a.toml", LEDGER.as_bytes()), ("b.toml", second.as_bytes())],
        &["check", "a.toml", "b.toml"],
    );
    assert_eq!(code, 2);
    assert_eq!(
        stderr,
        "error: duplicate source id `dod`: already defined at a.toml:5:6\n  --> b.toml:2:6\n  |\n2 | id = \"dod\"\n  |      ^^^^^\n"
    );
}

#[test]
fn relay_cycle_in_via() {
    assert_eq!(
        ledger_error("via = [\"wire\"]", "via = [\"wire\", \"dod\"]"),
        "error: relay cycle in report `r1`: `dod` appears twice in the chain from the speaker to the outlet; expected each source at most once\n  --> l.toml:27:16\n   |\n27 | via = [\"wire\", \"dod\"]\n   |                ^^^^^\n"
    );
}

#[test]
fn relay_cycle_in_cites() {
    let text = LEDGER.replacen("via = [\"wire\"]", "via = [\"wire\"]\ncites = \"r2\"", 1)
        + "\n[[reports]]\nid = \"r2\"\nclaim = \"deployed\"\nsource = \"wire\"\nstance = \"supports\"\nstated = 2024-11-04\ncites = \"r1\"\n";
    let (code, _, stderr) = run(&[("l.toml", text.as_bytes())], &["check", "l.toml"]);
    assert_eq!(code, 2);
    assert_eq!(
        stderr,
        "error: relay cycle: r1 cites r2 cites r1; expected `cites` chains to end at an original report\n  --> l.toml:28:9\n   |\n28 | cites = \"r2\"\n   |         ^^^^\n"
    );
}

#[test]
fn unparseable_date() {
    assert_eq!(
        ledger_error("stated = 2024-11-04", "stated = \"4 Nov 2024\""),
        "error: invalid date `4 Nov 2024` for `stated`: expected a date as YYYY-MM-DD or a date and time as RFC 3339 (2024-11-04T14:30:00Z)\n  --> l.toml:25:10\n   |\n25 | stated = \"4 Nov 2024\"\n   |          ^^^^^^^^^^^^\n"
    );
    let e = ledger_error("stated = 2024-11-04", "stated = \"2024-02-30\"");
    assert!(e.starts_with("error: invalid date `2024-02-30` for `stated`: expected a date as YYYY-MM-DD or a date and time as RFC 3339 (2024-11-04T14:30:00Z)\n  --> l.toml:25:10"), "{e}");
}

#[test]
fn statement_dated_after_its_publication() {
    assert_eq!(
        ledger_error("published = 2024-11-05", "published = 2024-11-01"),
        "error: report `r1` is published on 2024-11-01, before its statement date 2024-11-04: expected `published` on or after `stated`\n  --> l.toml:26:13\n   |\n26 | published = 2024-11-01\n   |             ^^^^^^^^^^\n"
    );
}

#[test]
fn nan_weight() {
    let e = rubric_error(
        "weight = 1.0                        # scales every V contribution",
        "weight = nan                        # scales every V contribution",
    );
    assert_eq!(
        e,
        "error: `criteria.verification.weight` = NaN is out of range: expected a number from 0 to 10\n  --> r.toml:35:10\n   |\n35 | weight = nan                        # scales every V contribution\n   |          ^^^\n"
    );
}

#[test]
fn negative_weight() {
    let e = rubric_error("weight = 0.25      # nats", "weight = -0.25      # nats");
    assert!(
        e.starts_with("error: `criteria.later.weight` = -0.25 is out of range: expected a number from 0 to 20\n  --> r.toml:90:10\n"),
        "{e}"
    );
}

#[test]
fn out_of_range_level() {
    assert_eq!(
        rubric_error(
            "not-independently-verified = 0.5",
            "not-independently-verified = 1.5"
        ),
        "error: `criteria.verification.not-independently-verified` = 1.5 is out of range: expected a number from 0 to 1\n  --> r.toml:41:30\n   |\n41 | not-independently-verified = 1.5\n   |                              ^^^\n"
    );
}

#[test]
fn unknown_rubric_key() {
    let e = rubric_error("relay_decay = 0.9", "relay_decay = 0.9\nsame_family = 0.1");
    assert!(
        e.starts_with("error: unknown field `same_family`, expected one of `same_organisation`, `same_government`, `relay_decay`, `supersession`\n"),
        "{e}"
    );
}

#[test]
fn thresholds_out_of_order() {
    let e = rubric_error("unlikely = 0.45", "unlikely = 0.15");
    assert!(
        e.starts_with("error: `likelihood.unlikely` = 0.15 must be greater than `likelihood.very_unlikely` = 0.2: expected the thresholds in order\n"),
        "{e}"
    );
}

#[test]
fn missing_file() {
    let (code, _, stderr) = run(&[], &["report", "nope.toml"]);
    assert_eq!(code, 2);
    assert_eq!(
        stderr,
        "error: cannot read the file: no such file\n  --> nope.toml\n"
    );
}

#[test]
fn directory_given_as_a_file() {
    let (code, _, stderr) = run(&[], &["check", "."]);
    assert_eq!(code, 2);
    assert_eq!(
        stderr,
        "error: is a directory; expected a TOML file\n  --> .\n"
    );
}

#[test]
fn invalid_utf8() {
    let (code, _, stderr) = run(
        &[("bad.toml", b"title = \"\xff\xfe\"\n")],
        &["check", "bad.toml"],
    );
    assert_eq!(code, 2);
    assert_eq!(
        stderr,
        "error: is not valid UTF-8 (invalid byte at offset 9); expected a UTF-8 text file\n  --> bad.toml\n"
    );
}

#[test]
fn check_lists_every_problem_across_ledger_and_rubric() {
    let ledger = LEDGER
        .replacen("source = \"dod\"", "source = \"pentagon\"", 1)
        .replacen("claim = \"deployed\"", "claim = \"gone\"", 1);
    let rubric = RUBRIC.replacen(
        "not-independently-verified = 0.5",
        "not-independently-verified = 1.5",
        1,
    );
    let (code, _, stderr) = run(
        &[("l.toml", ledger.as_bytes()), ("r.toml", rubric.as_bytes())],
        &["check", "l.toml", "--rubric", "r.toml", "missing.toml"],
    );
    assert_eq!(code, 2);
    let firsts: Vec<&str> = stderr.lines().filter(|l| l.starts_with("error:")).collect();
    assert_eq!(
        firsts,
        vec![
            "error: cannot read the file: no such file",
            "error: unknown claim `gone` in report `r1`: expected the id of a claim defined in the ledger",
            "error: unknown source `pentagon` in report `r1`: expected the id of a source defined in the ledger",
            "error: `criteria.verification.not-independently-verified` = 1.5 is out of range: expected a number from 0 to 1",
        ]
    );
    assert!(stderr.ends_with("4 problems found\n"), "{stderr}");
}

#[test]
fn bad_as_of_is_a_usage_error() {
    let (code, _, stderr) = run(&[], &["report", "--as-of", "yesterday"]);
    assert_eq!(code, 2);
    assert_eq!(
        stderr,
        "error: invalid --as-of `yesterday`: expected a date as YYYY-MM-DD or a date and time as RFC 3339 (2024-11-04T14:30:00Z)\n"
    );
}

#[test]
fn unknown_claim_in_explain() {
    let (code, _, stderr) = run(
        &[("l.toml", LEDGER.as_bytes())],
        &["explain", "nope", "l.toml"],
    );
    assert_eq!(code, 2);
    assert_eq!(
        stderr,
        "error: unknown claim `nope`: expected one of deployed\n"
    );
}

// ----- Bulk files: each problem with a value of a row points at its line and column -----

/// `check` on bulk files; their stderr.
fn bulk_error(files: &[(&str, &str)]) -> String {
    let files: Vec<(&str, &[u8])> = files.iter().map(|(n, t)| (*n, t.as_bytes())).collect();
    let mut args = vec!["check"];
    args.extend(files.iter().map(|(n, _)| *n));
    let (code, stdout, stderr) = run(&files, &args);
    assert_eq!(code, 2, "stdout: {stdout}\nstderr: {stderr}");
    stderr
}

#[test]
fn bulk_values_after_a_quoted_comma_are_pointed_at() {
    assert_eq!(
        bulk_error(&[(
            "r.csv",
            "claim,source,stated,stance\n\"c1, as quoted\",s1,2024-10-01,maybe\n"
        )]),
        "error: unknown claim `c1, as quoted` in `claim` of report `r1`: expected the id of a claim defined in the ledger\n  --> r.csv:2:1\n  |\n2 | \"c1, as quoted\",s1,2024-10-01,maybe\n  | ^^^^^^^^^^^^^^^\nerror: invalid `stance` `maybe`: unknown variant `maybe`, expected one of `supports`, `refutes`, `repeats`, `cannot-confirm`, `doubts`, `no-comment`\n  --> r.csv:2:31\n  |\n2 | \"c1, as quoted\",s1,2024-10-01,maybe\n  |                               ^^^^^\n2 problems found\n"
    );
}

#[test]
fn a_bulk_value_after_a_quoted_line_break_is_pointed_at_on_its_own_line() {
    assert_eq!(
        bulk_error(&[(
            "r.csv",
            "id,claim,source,stated\nr1,c1,s1,2024-10-01\nr2,\"two\nlines\",s2,2024-10-32\n"
        )]),
        "error: unknown claim `two\u{240a}lines` in `claim` of report `r2`: expected the id of a claim defined in the ledger\n  --> r.csv:3:4\n  |\n3 | r2,\"two\n  |    ^^^^\nerror: invalid date `2024-10-32` for `stated`: expected a date as YYYY-MM-DD or a date and time as RFC 3339 (2024-11-04T14:30:00Z)\n  --> r.csv:4:11\n  |\n4 | lines\",s2,2024-10-32\n  |           ^^^^^^^^^^\n2 problems found\n"
    );
}

#[test]
fn a_bulk_tsv_value_and_a_missing_one_are_pointed_at() {
    assert_eq!(
        bulk_error(&[(
            "r.tsv",
            "claim\tsource\tstated\tpublished\nc1\ts1\t2024-10-05\t2024-10-01\nc2\t\t2024-10-01\t\n"
        )]),
        "error: report `r1` is published on 2024-10-01, before its statement date 2024-10-05: expected `published` on or after `stated`\n  --> r.tsv:2:18\n  |\n2 | c1 s1 2024-10-05 2024-10-01\n  |                  ^^^^^^^^^^\nerror: missing `source` in a reports row: expected a value\n  --> r.tsv:3:4\n  |\n3 | c2  2024-10-01 \n  |    ^\n2 problems found\n"
    );
}

#[test]
fn a_bulk_json_lines_value_is_pointed_at_by_its_key() {
    assert_eq!(
        bulk_error(&[(
            "r.jsonl",
            "{\"claim\": \"c1\", \"note\": \"the stance: x\", \"source\": \"s1\", \"stated\": \"2024-10-01\", \"stance\": \"maybe\"}\n"
        )]),
        "error: invalid `stance` `maybe`: unknown variant `maybe`, expected one of `supports`, `refutes`, `repeats`, `cannot-confirm`, `doubts`, `no-comment`\n  --> r.jsonl:1:92\n  |\n1 | {\"claim\": \"c1\", \"note\": \"the stance: x\", \"source\": \"s1\", \"stated\": \"2024-10-01\", \"stance\": \"maybe\"}\n  |                                                                                            ^^^^^^^\n"
    );
    assert_eq!(
        bulk_error(&[(
            "r.jsonl",
            "{\"claim\": \"c1\", \"source\": \"s1\", \"via\": [\"stance\"], \"stated\": \"2024-10-01\", \"stance\": \"maybe\"}\n"
        )]),
        "error: invalid `stance` `maybe`: unknown variant `maybe`, expected one of `supports`, `refutes`, `repeats`, `cannot-confirm`, `doubts`, `no-comment`\n  --> r.jsonl:1:86\n  |\n1 | {\"claim\": \"c1\", \"source\": \"s1\", \"via\": [\"stance\"], \"stated\": \"2024-10-01\", \"stance\": \"maybe\"}\n  |                                                                                      ^^^^^^^\n"
    );
}

#[test]
fn a_bulk_row_short_of_values_is_pointed_at_its_end() {
    assert_eq!(
        bulk_error(&[("t.csv", "source,question,value\na,q1,x\nb,q1\n")]),
        "error: 2 value(s) where the header has 3 columns: expected one value per column (quote a value that contains `,`)\n  --> t.csv:3:5\n  |\n3 | b,q1\n  |     ^\n"
    );
}

#[test]
fn a_bulk_file_read_from_standard_input_keeps_the_line_alone() {
    // Standard input cannot be read again for the column.
    let dir = tempfile::tempdir().unwrap();
    let out = common::cmd(dir.path())
        .args(["check", "-", "--input-format", "csv"])
        .write_stdin("claim,source,stated,stance\nc1,s1,2024-10-01,maybe\n")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "error: invalid `stance` `maybe`: unknown variant `maybe`, expected one of `supports`, `refutes`, `repeats`, `cannot-confirm`, `doubts`, `no-comment`\n  --> <stdin>:2\n"
    );
}
