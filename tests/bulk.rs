//! Bulk input end to end: triples and bulk ledgers in CSV, TSV and JSON Lines, gold files, learned
//! reliability, `synth`; and every class of bad bulk input with its exact message and exit code 2.

mod common;
use common::{cmd, run, write};

/// A small triples data set whose answers are worked out by hand in `small_triples_by_hand`.
const TRIPLES: &str = "source,question,value
alice,capital-fr,Paris
bob,capital-fr,Paris
carol,capital-fr,Lyon
alice,capital-de,Berlin
bob,capital-de,Berlin
carol,capital-de,Bonn
dave,capital-de,Bonn
alice,capital-it,Rome
carol,capital-it,Milan
";

const GOLD: &str = "question,value
capital-fr,Paris
capital-de,Berlin
capital-it,Rome
capital-es,Madrid
";

fn ok(files: &[(&str, &[u8])], args: &[&str]) -> String {
    let (code, out, err) = run(files, args);
    assert_eq!(code, 0, "stderr: {err}");
    out
}

fn fails(files: &[(&str, &[u8])], args: &[&str]) -> String {
    let (code, out, err) = run(files, args);
    assert_eq!(code, 2, "stdout: {out}\nstderr: {err}");
    assert_eq!(out, "");
    err
}

fn json(files: &[(&str, &[u8])], args: &[&str]) -> serde_json::Value {
    serde_json::from_str(&ok(files, args)).unwrap()
}

/// Floats rounded to 12 decimals: the last bits of `exp` and `ln` may differ between builds.
fn rounded(v: serde_json::Value) -> serde_json::Value {
    use serde_json::Value;
    match v {
        Value::Number(n) if n.is_f64() => {
            let x = n.as_f64().unwrap_or_default();
            serde_json::json!((x * 1e12).round() / 1e12)
        }
        Value::Array(a) => Value::Array(a.into_iter().map(rounded).collect()),
        Value::Object(o) => Value::Object(o.into_iter().map(|(k, x)| (k, rounded(x))).collect()),
        other => other,
    }
}

#[test]
fn triples_json_snapshot() {
    let v = json(
        &[("t.csv", TRIPLES.as_bytes()), ("g.csv", GOLD.as_bytes())],
        &["report", "t.csv", "--gold", "g.csv", "--format", "json"],
    );
    insta::assert_json_snapshot!(rounded(v));
}

#[test]
fn triples_table_snapshot() {
    insta::assert_snapshot!(ok(
        &[("t.csv", TRIPLES.as_bytes()), ("g.csv", GOLD.as_bytes())],
        &["report", "t.csv", "--gold", "g.csv", "--width", "120"],
    ));
}

#[test]
fn triples_html_snapshot() {
    // With --gold the page carries the reliability diagram of the top answers' confidence.
    let html = ok(
        &[("t.csv", TRIPLES.as_bytes()), ("g.csv", GOLD.as_bytes())],
        &["report", "t.csv", "--gold", "g.csv", "--format", "html"],
    );
    assert!(html.contains("<svg"), "{html}");
    insta::assert_snapshot!(html);
}

#[test]
fn a_seed_teaches_the_sources_and_is_left_out_of_the_accuracy() {
    // Seeding capital-it with carol's Milan makes carol the reliable source: her Lyon and Bonn
    // win, and the gold is measured on the two other questions in the data (capital-es has none).
    let seed = "question,value\ncapital-it,Milan\n";
    let files = [
        ("t.csv", TRIPLES.as_bytes()),
        ("g.csv", GOLD.as_bytes()),
        ("s.csv", seed.as_bytes()),
    ];
    let v = json(
        &files,
        &[
            "report", "t.csv", "--seed", "s.csv", "--gold", "g.csv", "--format", "json",
        ],
    );
    let top: Vec<&str> = v["claims"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["top"] == true)
        .map(|c| c["value"].as_str().unwrap())
        .collect();
    assert_eq!(top, ["Bonn", "Lyon", "Milan"]);
    let g = &v["gold"];
    assert_eq!(
        (g["questions"].as_u64(), g["seeded"].as_u64()),
        (Some(4), Some(1))
    );
    assert_eq!(
        (g["found"].as_u64(), g["correct"].as_f64()),
        (Some(2), Some(0.0))
    );
    let table = ok(&files, &["report", "t.csv", "--seed", "s.csv"]);
    assert!(
        table.contains("seeds: 1 known answer from `s.csv` taken into learning"),
        "{table}"
    );
}

#[test]
fn the_triples_page_carries_no_control_character() {
    let data = "source,question,value\nev\u{1b}[31mil,q,v\nbob,q,v\n";
    let html = ok(
        &[("t.csv", data.as_bytes())],
        &["report", "t.csv", "--format", "html"],
    );
    assert!(
        !html.contains('\u{1b}') && html.contains("[31mil"),
        "{html}"
    );
}

#[test]
fn a_seed_needs_triples() {
    let ledger = std::fs::read("seeds/kursk.toml").unwrap();
    assert_eq!(
        fails(
            &[("k.toml", &ledger), ("s.csv", b"question,value\nq,v\n")],
            &["report", "k.toml", "--seed", "s.csv"]
        ),
        "error: --seed needs triples (`source,question,value` files): a ledger has no gold answers\n"
    );
}

#[test]
fn small_triples_by_hand() {
    // EM agrees with the majority here: alice and bob agree on every question they share, carol and
    // dave disagree with them; capital-it is a 1-1 split that alice's record decides.
    let v = json(
        &[("t.csv", TRIPLES.as_bytes()), ("g.csv", GOLD.as_bytes())],
        &["report", "t.csv", "--gold", "g.csv", "--format", "json"],
    );
    let top: Vec<(&str, &str)> = v["claims"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["top"] == true)
        .map(|c| {
            (
                c["question"].as_str().unwrap(),
                c["value"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        top,
        [
            ("capital-de", "Berlin"),
            ("capital-fr", "Paris"),
            ("capital-it", "Rome")
        ]
    );
    // 3 of 4 gold questions right; capital-es is not in the data and counts as wrong.
    assert_eq!(v["accuracy"], 0.75);
    assert_eq!(v["gold"]["found"], 3);
    assert_eq!(v["counts"]["reports"], 9);
    assert_eq!(v["counts"]["claims"], 6);
}

#[test]
fn every_method_runs_and_majority_vote_splits_ties() {
    for m in [
        "none",
        "em",
        "sums",
        "average-log",
        "investment",
        "pooled-investment",
        "truthfinder",
    ] {
        let v = json(
            &[("t.csv", TRIPLES.as_bytes()), ("g.csv", GOLD.as_bytes())],
            &[
                "report", "t.csv", "--gold", "g.csv", "--format", "json", "--method", m,
            ],
        );
        assert_eq!(v["reliability"]["method"], m);
        let acc = v["accuracy"].as_f64().unwrap();
        assert!((0.0..=0.75).contains(&acc), "{m}: {acc}");
    }
    // Majority vote: capital-de is 2-2 (credit 1/2), capital-it 1-1 (1/2), capital-fr right:
    // (1 + 0.5 + 0.5) / 4.
    let v = json(
        &[("t.csv", TRIPLES.as_bytes()), ("g.csv", GOLD.as_bytes())],
        &[
            "report", "t.csv", "--gold", "g.csv", "--format", "json", "--method", "none",
        ],
    );
    assert_eq!(v["accuracy"], 0.5);
}

#[test]
fn csv_tsv_jsonl_and_stdin_give_the_same_result() {
    let tsv = TRIPLES.replace(',', "\t");
    let jsonl: String = TRIPLES
        .lines()
        .skip(1)
        .map(|l| {
            let f: Vec<&str> = l.split(',').collect();
            format!(
                "{{\"source\": \"{}\", \"question\": \"{}\", \"value\": \"{}\"}}\n",
                f[0], f[1], f[2]
            )
        })
        .collect();
    let strip = |mut v: serde_json::Value| {
        v["title"] = serde_json::Value::Null;
        v
    };
    let a = strip(json(
        &[("t.csv", TRIPLES.as_bytes())],
        &["report", "t.csv", "--format", "json"],
    ));
    let b = strip(json(
        &[("t.tsv", tsv.as_bytes())],
        &["report", "t.tsv", "--format", "json"],
    ));
    let c = strip(json(
        &[("t.jsonl", jsonl.as_bytes())],
        &["report", "t.jsonl", "--format", "json"],
    ));
    assert_eq!(a, b);
    assert_eq!(a, c);
    let dir = tempfile::tempdir().unwrap();
    let out = cmd(dir.path())
        .args(["report", "-", "--input-format", "csv", "--format", "json"])
        .write_stdin(TRIPLES)
        .output()
        .unwrap();
    assert!(out.status.success());
    let d: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(a, strip(d));
}

#[test]
fn check_counts_triples() {
    assert_eq!(
        ok(&[("t.csv", TRIPLES.as_bytes())], &["check", "t.csv"]),
        "ok: 1 triples file(s): 9 reports, 4 sources, 3 questions, 6 claims, 9 distinct source–claim pairs; rubric `default`\n"
    );
}

#[test]
fn synth_writes_files_and_refuses_to_overwrite() {
    let dir = tempfile::tempdir().unwrap();
    let out = cmd(dir.path())
        .args([
            "synth",
            "--sources",
            "10",
            "--questions",
            "500",
            "--coverage",
            "0.5",
            "--seed",
            "3",
            "-o",
            "t.csv",
            "--gold",
            "g.csv",
        ])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("Bayes-optimal ceiling"), "{text}");
    let again = cmd(dir.path())
        .args(["synth", "-o", "t.csv"])
        .output()
        .unwrap();
    assert_eq!(again.status.code(), Some(2));
    assert_eq!(
        String::from_utf8_lossy(&again.stderr),
        "error: output file `t.csv` already exists: left untouched; use --force to overwrite it\n"
    );
    let report = cmd(dir.path())
        .args(["report", "t.csv", "--gold", "g.csv", "--format", "json"])
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&report.stdout).unwrap();
    // 10 sources, accuracies in [0.2, 0.95], about 5 answers a question: EM gets most right.
    assert!(v["accuracy"].as_f64().unwrap() > 0.7, "{}", v["accuracy"]);
    assert_eq!(v["counts"]["sources"], 10);
}

#[test]
fn bulk_ledger_files_score_like_toml() {
    let sources = "id,name,kind,grade\nap,AP,wire-agency,B\nblog,A blog,online-outlet,\n";
    let claims =
        "id,statement,question\nyes,It happened,q\nno,It did not happen,q\nsolo,Another thing,\n";
    let reports = "id,claim,source,stance,stated,verification\n\
                   r1,yes,ap,supports,2024-01-02,independently-verified\n\
                   r2,no,blog,supports,2024-01-03,\n\
                   r3,solo,blog,refutes,2024-01-04,\n";
    let v = json(
        &[
            ("s.csv", sources.as_bytes()),
            ("c.csv", claims.as_bytes()),
            ("r.csv", reports.as_bytes()),
        ],
        &["report", "s.csv", "c.csv", "r.csv", "--format", "json"],
    );
    assert_eq!(v["format"], "corroborate-report");
    assert_eq!(v["claims"].as_array().unwrap().len(), 3);
    assert_eq!(v["sources"].as_array().unwrap().len(), 2);
    // No [reliability] in the default rubric: nothing learned.
    assert!(v.get("reliability").is_none());
    // With --method em, the ungraded blog's level is learned; the graded AP keeps its grade.
    let v = json(
        &[
            ("s.csv", sources.as_bytes()),
            ("c.csv", claims.as_bytes()),
            ("r.csv", reports.as_bytes()),
        ],
        &[
            "report", "s.csv", "c.csv", "r.csv", "--format", "json", "--method", "em",
        ],
    );
    assert_eq!(v["reliability"]["method"], "em");
    let blog = v["sources"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["id"] == "blog")
        .unwrap();
    assert_eq!(blog["learned"]["used"], true);
    assert_eq!(blog["level"], blog["learned"]["reliability"]);
    let ap = v["sources"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["id"] == "ap")
        .unwrap();
    assert_eq!(ap["learned"]["used"], false);
    assert_eq!(ap["level"], 0.8);
}

#[test]
fn a_single_jsonl_reports_file_is_a_ledger() {
    let reports = r#"{"claim": "c1", "source": "a", "stated": "2024-01-01", "via": ["b"]}
{"claim": "c1", "source": "c", "stated": "2024-01-02", "stance": "refutes"}
"#;
    let out = ok(&[("r.jsonl", reports.as_bytes())], &["check", "r.jsonl"]);
    assert_eq!(
        out,
        "ok: 1 bulk ledger file(s): 3 sources, 0 questions, 1 claims, 2 reports; rubric `default`\n"
    );
}

#[test]
fn the_rubric_selects_the_method() {
    let rubric = format!(
        "{}\n[reliability]\nmethod = \"sums\"\nmax_iterations = 7\n",
        include_str!("../config/default.toml")
    );
    let v = json(
        &[("t.csv", TRIPLES.as_bytes()), ("r.toml", rubric.as_bytes())],
        &["report", "t.csv", "--rubric", "r.toml", "--format", "json"],
    );
    assert_eq!(v["reliability"]["method"], "sums");
    assert_eq!(v["reliability"]["max_iterations"], 7);
}

#[test]
fn a_toml_ledger_learns_with_a_reliability_table() {
    let rubric = format!(
        "{}\n[reliability]\nmethod = \"em\"\n",
        include_str!("../config/default.toml")
    );
    let out = ok(
        &[("r.toml", rubric.as_bytes())],
        &["report", "--rubric", "r.toml", "--width", "200"],
    );
    assert!(out.contains("Learned source reliability (em, "), "{out}");
}

// ---------------------------------------------------------------------------------------------
// Bad input: exact messages, exit code 2.

#[test]
fn unterminated_quote() {
    let text = "source,question,value\ns1,q1,v1\ns2,\"q2,v2\ns3,q3,v3\n";
    assert_eq!(
        fails(&[("t.csv", text.as_bytes())], &["report", "t.csv"]),
        "error: unterminated quoted value: this `\"` is never closed; expected a closing `\"` (write `\"\"` for a quote inside a quoted value)\n  --> t.csv:3:4\n  |\n3 | s2,\"q2,v2\n  |    ^\n"
    );
}

#[test]
fn broken_json_line() {
    let text = "{\"source\": \"s1\", \"question\": \"q1\", \"value\": \"v1\"}\n{\"source\": \"s2\", \"question\": \"q1\" \"value\": \"v2\"}\n";
    assert_eq!(
        fails(&[("t.jsonl", text.as_bytes())], &["report", "t.jsonl"]),
        "error: invalid JSON Lines record: expected `,` or `}`; expected one JSON object per line\n  --> t.jsonl:2:35\n  |\n2 | {\"source\": \"s2\", \"question\": \"q1\" \"value\": \"v2\"}\n  |                                   ^\n"
    );
}

#[test]
fn wrong_header() {
    assert_eq!(
        fails(
            &[("t.csv", b"source,claim_id,value\ns1,q1,v1\n")],
            &["report", "t.csv"]
        ),
        "error: unrecognised columns `source,claim_id,value`: expected `source,question,value` (triples), or a sources (`id`, `kind`, …), claims (`id`, `statement`, …) or reports (`claim`, `source`, …) file\n  --> t.csv:1\n"
    );
}

#[test]
fn a_missing_field() {
    assert_eq!(
        fails(
            &[("t.csv", b"source,question,value\ns1,q1,v1\ns2,q2\n")],
            &["report", "t.csv"]
        ),
        "error: 2 value(s) where the header has 3 columns: expected one value per column (quote a value that contains `,`)\n  --> t.csv:3:6\n  |\n3 | s2,q2\n  |      ^\n"
    );
}

#[test]
fn an_empty_value() {
    assert_eq!(
        fails(
            &[("t.csv", b"source,question,value\ns1,q1,v1\ns2, q2 ,  \n")],
            &["report", "t.csv"]
        ),
        "error: empty `value` (column 3): expected a value\n  --> t.csv:3:9\n  |\n3 | s2, q2 ,  \n  |         ^^\n"
    );
}

#[test]
fn invalid_utf8() {
    assert_eq!(
        fails(
            &[("t.csv", b"source,question,value\ns1,q\xff1,v1\n")],
            &["report", "t.csv"]
        ),
        "error: `question` (column 2) is not valid UTF-8 (invalid byte after 1 bytes): expected UTF-8 text\n  --> t.csv:2\n"
    );
}

#[test]
fn a_wrong_jsonl_key() {
    let text = "{\"source\": \"s1\", \"question\": \"q1\", \"value\": \"v1\"}\n{\"source\": \"s2\", \"question\": \"q1\", \"valeu\": \"v2\"}\n";
    let err = fails(&[("t.jsonl", text.as_bytes())], &["report", "t.jsonl"]);
    assert!(
        err.starts_with("error: invalid JSON Lines record: unknown field `valeu`, expected one of `source`, `question`, `value`; expected one JSON object per line\n  --> t.jsonl:2:"),
        "{err}"
    );
}

#[test]
fn stdin_needs_a_format() {
    assert_eq!(
        fails(&[], &["report", "-"]),
        "error: reading standard input (`-`) needs --input-format: expected one of csv, tsv, jsonl, toml\n"
    );
}

#[test]
fn gold_with_the_wrong_columns() {
    assert_eq!(
        fails(
            &[
                ("t.csv", TRIPLES.as_bytes()),
                ("g.csv", b"isbn,authors\nx,y\n")
            ],
            &["report", "t.csv", "--gold", "g.csv"]
        ),
        "error: unrecognised gold columns `isbn,authors`: expected `question,value`\n  --> g.csv:1\n"
    );
}

#[test]
fn gold_questions_given_twice() {
    assert_eq!(
        fails(
            &[
                ("t.csv", TRIPLES.as_bytes()),
                (
                    "g.csv",
                    b"question,value\nq1,x\nq2,x\nq1,y\nq1,x\nq3,z\nq2,y\n"
                )
            ],
            &["report", "t.csv", "--gold", "g.csv"]
        ),
        "error: duplicate gold question `q1`: already given on line 2; expected one gold answer per question\n  --> g.csv:4\n\
         error: duplicate gold question `q1`: already given on line 4; expected one gold answer per question\n  --> g.csv:5\n\
         error: duplicate gold question `q2`: already given on line 3; expected one gold answer per question\n  --> g.csv:7\n\
         3 problems found\n"
    );
}

#[test]
fn gold_needs_triples() {
    assert_eq!(
        fails(
            &[("g.csv", GOLD.as_bytes())],
            &["report", "--gold", "g.csv"]
        ),
        "error: --gold needs triples (`source,question,value` files): a ledger has no gold answers\n"
    );
}

#[test]
fn a_bad_reliability_table() {
    let rubric = format!(
        "{}\n[reliability]\nprior_a = 0.5\n",
        include_str!("../config/default.toml")
    );
    let err = fails(
        &[("t.csv", TRIPLES.as_bytes()), ("r.toml", rubric.as_bytes())],
        &["report", "t.csv", "--rubric", "r.toml"],
    );
    assert!(
        err.starts_with(
            "error: `reliability.prior_a` = 0.5 is out of range: expected a number from 1 to 1000000\n"
        ),
        "{err}"
    );
}

#[test]
fn a_bulk_ledger_with_an_unknown_source() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "s.csv", "id,kind\na,newspaper\n");
    write(
        dir.path(),
        "r.csv",
        "claim,source,stated\nc1,a,2024-01-01\nc1,zz,2024-01-02\n",
    );
    let out = cmd(dir.path())
        .args(["check", "s.csv", "r.csv"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "error: unknown source `zz` in `source` of report `r2`: expected the id of a source defined in the ledger\n  --> r.csv:3:4\n  |\n3 | c1,zz,2024-01-02\n  |    ^^\n"
    );
}

#[test]
fn explain_refuses_triples() {
    assert_eq!(
        fails(
            &[("t.csv", TRIPLES.as_bytes())],
            &["explain", "c1", "t.csv"]
        ),
        "error: `t.csv` holds truth-discovery triples (`source,question,value`): `explain` needs a ledger (TOML, or the sources, claims and reports files of a bulk ledger); triples are read by `report` and `check`\n"
    );
}

#[test]
fn a_large_file_read_on_several_threads_equals_one_read_from_stdin() {
    // Over the size read in parallel, with quoted values holding commas, quotes and line breaks.
    let mut text = String::from("source,question,value\n");
    let mut i: u64 = 0;
    while text.len() < (1 << 20) + (1 << 17) {
        i += 1;
        let h = i.wrapping_mul(0x9e37_79b9_7f4a_7c15);
        let s = h % 37;
        let q = (h >> 8) % 20_000;
        let v = (h >> 24) % 3;
        if v == 2 {
            text.push_str(&format!("s{s},q{q},\"v, \"\"two\"\"\nlines\"\n"));
        } else {
            text.push_str(&format!("s{s},q{q},v{v}\n"));
        }
    }
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "big.csv", &text);
    let file = cmd(dir.path())
        .args(["report", "big.csv", "--format", "json"])
        .output()
        .unwrap();
    assert!(file.status.success());
    let stdin = cmd(dir.path())
        .args(["report", "-", "--input-format", "csv", "--format", "json"])
        .write_stdin(text)
        .output()
        .unwrap();
    assert!(stdin.status.success());
    let strip = |b: &[u8]| {
        let mut v: serde_json::Value = serde_json::from_slice(b).unwrap();
        v["title"] = serde_json::Value::Null;
        v
    };
    let (a, b) = (strip(&file.stdout), strip(&stdin.stdout));
    assert!(a["counts"]["reports"].as_u64().unwrap() > 50_000);
    assert_eq!(a, b);
}

#[test]
fn an_error_late_in_a_large_file_has_its_line_in_the_whole_file() {
    let mut text = String::from("source,question,value\n");
    let mut lines = 1;
    while text.len() < (1 << 20) + (1 << 17) {
        lines += 1;
        text.push_str(&format!(
            "s{},q{},v{}\n",
            lines % 50,
            lines % 9_999,
            lines % 4
        ));
    }
    text.push_str("s1,q1\n");
    assert_eq!(
        fails(&[("big.csv", text.as_bytes())], &["report", "big.csv"]),
        format!(
            "error: 2 value(s) where the header has 3 columns: expected one value per column (quote a value that contains `,`)\n  --> big.csv:{n}:6\n{pad} |\n{n} | s1,q1\n{pad} |      ^\n",
            n = lines + 1,
            pad = " ".repeat((lines + 1).to_string().len()),
        )
    );
}
