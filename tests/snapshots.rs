//! Snapshots of every output format on the bundled seeds case (`cargo insta review` to update).

mod common;
use common::run;

fn stdout(args: &[&str]) -> String {
    let (code, out, err) = run(&[], args);
    assert_eq!(code, 0, "{err}");
    out
}

#[test]
fn seeds_table_wide() {
    insta::assert_snapshot!(stdout(&["report", "--width", "200"]));
}

#[test]
fn seeds_table_narrow() {
    insta::assert_snapshot!(stdout(&["report", "--width", "100"]));
}

#[test]
fn seeds_json() {
    let v: serde_json::Value =
        serde_json::from_str(&stdout(&["report", "--format", "json"])).unwrap();
    insta::assert_json_snapshot!(v);
}

#[test]
fn seeds_explain() {
    insta::assert_snapshot!(stdout(&["explain", "nk-engaged-combat"]));
}

#[test]
fn seeds_explain_question_answer_subjective_logic() {
    let rubric = include_str!("../config/default.toml").replacen(
        "method = \"log-odds\"",
        "method = \"subjective-logic\"",
        1,
    );
    let (code, out, err) = run(
        &[("sl.toml", rubric.as_bytes())],
        &["explain", "troop-count-10k", "--rubric", "sl.toml"],
    );
    assert_eq!(code, 0, "{err}");
    insta::assert_snapshot!(out);
}
