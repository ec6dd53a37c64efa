//! End-to-end tests of the tuning commands: calibrate, compare, sensitivity, fit; and of the rubrics
//! in config/.

use std::path::Path;

use assert_cmd::Command;
use predicates::str::contains;

fn bin() -> Command {
    Command::cargo_bin("corroborate").unwrap()
}

fn stdout(args: &[&str]) -> String {
    stdout_in(Path::new("."), args)
}

/// What a successful run in `dir` prints.
fn stdout_in(dir: &Path, args: &[&str]) -> String {
    let out = bin()
        .current_dir(dir)
        .args(args)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    String::from_utf8(out).unwrap()
}

#[test]
fn every_rubric_in_config_loads_and_says_when_to_use_it() {
    let mut names = Vec::new();
    for entry in std::fs::read_dir("config").unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "toml") {
            let r = corroborate::rubric::load_rubric(&path)
                .unwrap_or_else(|e| panic!("{}: {}", path.display(), e.render()));
            let text = std::fs::read_to_string(&path).unwrap();
            assert!(text.starts_with("# corroborate"), "{}", path.display());
            assert!(text.contains("When to use it"), "{}", path.display());
            names.push(r.name);
        }
    }
    names.sort();
    assert_eq!(names, ["admiralty", "default", "sceptical"]);
}

#[test]
fn the_sceptical_rubric_caps_single_origin_claims() {
    let r = corroborate::rubric::load_rubric(Path::new("config/sceptical.toml")).unwrap();
    assert_eq!(r.single_origin_cap, Some(0.7));
    // On the seeds the other discounts already keep every single-origin claim below 0.7; a lower
    // cap shows it at work. nk-1500-far-east-training rests on South Korea's NIS alone (0.6050).
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string("config/sceptical.toml")
        .unwrap()
        .replace("single_origin_cap = 0.7", "single_origin_cap = 0.55");
    let path = dir.path().join("capped.toml");
    std::fs::write(&path, text).unwrap();
    let mut c = bin();
    c.args(["explain", "nk-1500-far-east-training", "--rubric"])
        .arg(&path);
    let out = String::from_utf8(c.assert().success().get_output().stdout.clone()).unwrap();
    assert!(
        out.contains("capped: fewer than two independent supporting origins, so p = 0.6050 is lowered to the\n       rubric's single_origin_cap = 0.5500"),
        "{out}"
    );
    // Two independent origins (the US and Ukraine) are not capped.
    let mut c = bin();
    c.args(["explain", "nk-troops-in-kursk", "--rubric"])
        .arg(&path);
    let out = String::from_utf8(c.assert().success().get_output().stdout.clone()).unwrap();
    assert!(!out.contains("capped"), "{out}");
}

#[test]
fn calibrate_seeds_table() {
    insta::assert_snapshot!(stdout(&["calibrate", "--width", "110"]));
}

#[test]
fn calibrate_seeds_json() {
    let out = stdout(&["calibrate", "--format", "json", "--resamples", "200"]);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["format"], "corroborate-calibration");
    assert_eq!(v["resolved"], 6);
    assert_eq!(v["without_reports"], 1);
    assert_eq!(v["calibration"]["bootstrap"]["resamples"], 200);
    assert_eq!(v["judgements"].as_array().unwrap().len(), 6);
    insta::assert_snapshot!(out);
}

#[test]
fn calibrate_with_a_horizon_and_a_fixed_cut() {
    // 180 days before the April 2025 resolutions: after every report in the ledger.
    let out = stdout(&["calibrate", "--horizon", "180", "--width", "110"]);
    assert!(out.contains("judged as of 180 days before each claim's resolution date"));
    // As of 1 Nov 2024: the June 2024 pact is left out, the rest judged on what was known then.
    let out = stdout(&["calibrate", "--as-of", "2024-11-01", "--width", "110"]);
    assert!(out.contains("ru-dprk-defense-pact (resolved 2024-06-19)"));
    assert!(out.contains("on 5 resolved claim(s)"));
}

#[test]
fn calibrate_refuses_hindsight_and_bad_options() {
    bin()
        .args(["calibrate", "--as-of", "2026-01-01"])
        .assert()
        .code(2)
        .stderr(contains("judging them then would use hindsight"));
    bin()
        .args(["calibrate", "--horizon", "0"])
        .assert()
        .code(2)
        .stderr(
            "error: invalid --horizon 0: expected at least 1 day (0 would count reports from the day the outcome became known)\n",
        );
    bin()
        .args(["calibrate", "--bins", "0"])
        .assert()
        .code(2)
        .stderr("error: invalid --bins 0: expected a number of bins from 1 to 1000\n");
}

#[test]
fn compare_default_and_sceptical_on_the_seeds() {
    insta::assert_snapshot!(stdout(&[
        "compare",
        "config/default.toml",
        "config/sceptical.toml",
        "--width",
        "110",
    ]));
}

#[test]
fn compare_json_is_consistent() {
    let out = stdout(&[
        "compare",
        "config/default.toml",
        "config/admiralty.toml",
        "--format",
        "json",
        "--resamples",
        "100",
    ]);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["format"], "corroborate-comparison");
    let rows = v["rows"].as_array().unwrap();
    // 32 claims, one of them an opinion that neither rubric scores.
    assert_eq!(rows.len(), 31);
    assert_eq!(v["unscored"], serde_json::json!(["nk-cannon-fodder"]));
    for r in rows {
        let (p1, p2) = (r["p1"].as_f64().unwrap(), r["p2"].as_f64().unwrap());
        assert!((r["change"].as_f64().unwrap() - (p2 - p1)).abs() < 1e-12);
    }
    let rho = v["spearman"].as_f64().unwrap();
    assert!((-1.0..=1.0).contains(&rho));
}

#[test]
fn compare_reports_every_broken_input() {
    bin()
        .args(["compare", "nope1.toml", "nope2.toml"])
        .assert()
        .code(2)
        .stderr(contains("nope1.toml"))
        .stderr(contains("nope2.toml"))
        .stderr(contains("2 problems found"));
}

#[test]
fn sensitivity_of_the_default_rubric_on_the_seeds() {
    insta::assert_snapshot!(stdout(&["sensitivity", "--width", "150"]));
}

#[test]
fn sensitivity_refuses_a_bad_step() {
    bin()
        .args(["sensitivity", "--step", "0"])
        .assert()
        .code(2)
        .stderr(contains("invalid --step 0"));
}

#[test]
fn fit_refuses_the_seeds_and_says_how_many_are_needed() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("new.toml");
    bin()
        .args(["fit", "-o"])
        .arg(&out)
        .assert()
        .code(2)
        .stderr(
            "error: cannot fit honestly: <embedded seeds/kursk.toml> has 6 resolved claim(s) judged as of the day before each claim's resolution date (6 true, 0 false); fitting needs at least 10 resolved claims with at least 5 true and 5 false, so that each of the 5 cross-validation folds holds both outcomes. Resolve at least 5 more claim(s), including at least 5 false.\n",
        );
    assert!(!out.exists());
}

#[test]
fn fit_on_a_synthetic_ledger_writes_a_rubric_that_loads() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(
        "tests/fixtures/synthetic.toml",
        dir.path().join("synthetic.toml"),
    )
    .unwrap();
    let run = |extra: &[&str]| {
        let mut c = bin();
        c.current_dir(dir.path())
            .args([
                "fit",
                "synthetic.toml",
                "-o",
                "fitted.toml",
                "--width",
                "100",
            ])
            .args(extra);
        c
    };
    let out = run(&[]).assert().success().get_output().stdout.clone();
    let out = String::from_utf8(out).unwrap();
    insta::assert_snapshot!(out);

    let written = std::fs::read_to_string(dir.path().join("fitted.toml")).unwrap();
    assert!(
        written.starts_with("# Fitted by `corroborate fit` from <embedded config/default.toml>")
    );
    assert!(written.contains("Data: synthetic.toml: 1000 resolved claims"));
    assert!(written.contains("cross-validated"));
    // Only the fitted values changed: the default rubric's comments are all there.
    for line in corroborate::rubric::DEFAULT_RUBRIC.lines() {
        if line.starts_with('#') {
            assert!(written.contains(line), "lost: {line}");
        }
    }
    let fitted = corroborate::rubric::load_rubric(&dir.path().join("fitted.toml")).unwrap();
    let default = corroborate::Rubric::default_rubric();
    assert_ne!(fitted.verification_weight, default.verification_weight);
    assert_eq!(fitted.hedging_levels, default.hedging_levels);
    assert_eq!(fitted.name, "default");

    // Never overwritten without --force; the message names the file.
    run(&[])
        .assert()
        .code(2)
        .stderr("error: output file `fitted.toml` already exists: left untouched; use --force to overwrite it\n");
    assert_eq!(
        std::fs::read_to_string(dir.path().join("fitted.toml")).unwrap(),
        written
    );
    // Never over an input, even with --force.
    bin()
        .current_dir(dir.path())
        .args(["fit", "synthetic.toml", "-o", "synthetic.toml", "--force"])
        .assert()
        .code(2)
        .stderr(
            "error: output file `synthetic.toml` is the input `synthetic.toml`: inputs are never overwritten; choose another file\n",
        );
    // With --force (and two folds, to be quick) it is replaced.
    run(&["--force", "--folds", "2"]).assert().success();
    let again = std::fs::read_to_string(dir.path().join("fitted.toml")).unwrap();
    assert!(again.contains("2-fold cross-validation"));
    // The fitted rubric compares with the default on the same ledger.
    bin()
        .current_dir(dir.path())
        .args([
            "compare",
            "fitted.toml",
            "fitted.toml",
            "synthetic.toml",
            "--resamples",
            "50",
        ])
        .assert()
        .success()
        .stdout(contains("Kendall τ-b 1.000"));
}

#[test]
fn fit_rejects_unknown_parameters_and_bad_options() {
    bin()
        .args(["fit", "-o", "x.toml", "--params", "hedging.nope"])
        .assert()
        .code(2)
        .stderr(
            "error: unknown parameter `hedging.nope` in --params: expected one of the 81 numeric rubric keys, such as `hedging.none`, the closest (`corroborate sensitivity --format json` lists every one)\n",
        );
    bin()
        .args(["fit", "-o", "x.toml", "--folds", "1"])
        .assert()
        .code(2)
        .stderr("error: invalid --folds 1: expected from 2 to 100 cross-validation folds\n");
    bin()
        .args(["fit", "-o", "x.toml", "--lambda=-1"])
        .assert()
        .code(2)
        .stderr(
            "error: invalid --lambda `-1`: expected `auto` or a finite penalty of at least 0\n",
        );
    bin()
        .args(["fit", "-o", "x.toml", "--lambda", "often"])
        .assert()
        .code(2)
        .stderr(
            "error: invalid --lambda `often`: expected `auto` or a finite penalty of at least 0\n",
        );
    bin()
        .args(["fit", "-o", "x.toml", "--params", "aggregation.single_origin_cap"])
        .assert()
        .code(2)
        .stderr(
            "error: `aggregation.single_origin_cap` is not set in <embedded config/default.toml>: add it to the rubric to fit it\n",
        );
    assert!(!Path::new("x.toml").exists());
}

#[test]
fn fit_can_learn_the_interest_discount_and_dependence_discounts_too() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("more.toml");
    let mut c = bin();
    c.args([
        "fit",
        "tests/fixtures/synthetic.toml",
        "--folds",
        "2",
        "--format",
        "json",
        "--params",
        "aggregation.prior,interest.self_serving,dependence.same_organisation,dependence.same_government",
        "-o",
    ])
    .arg(&out);
    let stdout = String::from_utf8(c.assert().success().get_output().stdout.clone()).unwrap();
    let v: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(v["format"], "corroborate-fit");
    // λ was chosen: every penalty tried is listed, and the chosen one has the lowest loss.
    assert_eq!(v["lambda_chosen"], true);
    let tried = v["lambdas_tried"].as_array().unwrap();
    assert_eq!(tried.len(), 6);
    let loss = |t: &serde_json::Value| t["cross_validated"]["log_loss"].as_f64().unwrap();
    let best = tried.iter().map(loss).fold(f64::INFINITY, f64::min);
    let chosen = tried.iter().find(|t| t["lambda"] == v["lambda"]).unwrap();
    assert_eq!(loss(chosen), best);
    assert_eq!(v["cross_validated"]["log_loss"].as_f64(), Some(best));
    let params = v["params"].as_array().unwrap();
    assert_eq!(params.len(), 4);
    let written = corroborate::rubric::load_rubric(&out).unwrap();
    for p in params {
        let fitted = p["fitted"].as_f64().unwrap();
        assert!((0.0..=1.0).contains(&fitted), "{p}");
        let name = p["name"].as_str().unwrap();
        let param = corroborate::tune::params::find(name).unwrap();
        assert_eq!(param.get(&written), Some(fitted), "{name}");
    }
    let text = std::fs::read_to_string(&out).unwrap();
    assert!(text.contains("#   interest.self_serving = 0.5 -> "));
    // The criterion weights were not fitted and are as in the default.
    assert_eq!(written.verification_weight, 1.0);
}

#[test]
fn calibrate_compare_and_sensitivity_write_files_safely() {
    let dir = tempfile::tempdir().unwrap();
    let html = dir.path().join("calibration.html");
    let html_s = html.to_str().unwrap();
    bin()
        .args(["calibrate", "--format", "html", "-o", html_s])
        .assert()
        .success()
        .stdout("");
    let written = std::fs::read_to_string(&html).unwrap();
    assert!(written.starts_with("<!DOCTYPE html>"), "{}", &written[..80]);
    assert!(written.contains("<svg"), "the reliability diagram is drawn");
    // An existing file is left untouched without --force, and replaced with it.
    std::fs::write(&html, "kept").unwrap();
    bin()
        .args(["calibrate", "--format", "html", "-o", html_s])
        .assert()
        .code(2)
        .stderr(format!(
            "error: output file `{html_s}` already exists: left untouched; use --force to overwrite it\n"
        ));
    assert_eq!(std::fs::read_to_string(&html).unwrap(), "kept");
    bin()
        .args(["calibrate", "--format", "html", "-o", html_s, "--force"])
        .assert()
        .success();
    assert_ne!(std::fs::read_to_string(&html).unwrap(), "kept");
    // An input is never an output.
    bin()
        .args(["compare", "config/default.toml", "config/sceptical.toml"])
        .args(["-o", "config/sceptical.toml", "--force"])
        .assert()
        .code(2)
        .stderr(contains("inputs are never overwritten"));
    let json = dir.path().join("sensitivity.json");
    bin()
        .args([
            "sensitivity",
            "--format",
            "json",
            "-o",
            json.to_str().unwrap(),
        ])
        .assert()
        .success();
    let v: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&json).unwrap()).unwrap();
    assert!(v.is_object());
}

/// A ledger whose claims all rest on the same evidence, `n_true` of them true and `n_false`
/// false: all a fit can learn from it is how often its claims come true.
fn same_evidence_ledger(n_true: usize, n_false: usize) -> String {
    let mut t = String::from(
        "[[sources]]\nid = \"paper\"\nname = \"A newspaper\"\nkind = \"newspaper\"\n\n",
    );
    for i in 0..n_true + n_false {
        let outcome = i < n_true;
        t.push_str(&format!(
            "[[claims]]\nid = \"c{i:02}\"\nstatement = \"Claim {i}\"\nresolution = {{ outcome = {outcome} }}\n\n\
             [[reports]]\nid = \"r{i:02}\"\nclaim = \"c{i:02}\"\nsource = \"paper\"\nstance = \"supports\"\nstated = \"2024-10-01\"\n\n"
        ));
    }
    t
}

#[test]
fn fit_says_when_its_gain_is_only_the_ledgers_share_of_true_claims() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("l.toml"), same_evidence_ledger(32, 8)).unwrap();
    let fit = |args: &[&str]| stdout_in(dir.path(), &[&["fit"], args].concat());
    let out = fit(&["l.toml", "-o", "fitted.toml", "--width", "100"]);
    // Every claim is one newspaper's support: p = 0.65 at the start. Plain log loss
    // -(0.8 ln 0.65 + 0.2 ln 0.35) = 0.5546; half true (-ln 0.65 - ln 0.35) / 2 = 0.7403.
    assert!(out.contains("│ Log loss (nats)     ┆ 0.5546 ┆"), "{out}");
    assert!(out.contains("│ Log loss, half true ┆ 0.7403 ┆"), "{out}");
    assert!(
        out.contains(
            "the fit's gain comes from how often this ledger's claims came true (80%),\nwhich cross-validation within it cannot question."
        ),
        "{out}"
    );
    // Fitted for claims half true, the same ledger can only teach that one newspaper's support
    // leaves even odds: every claim at 0.5, half-true log loss ln 2 = 0.6931.
    let out = fit(&[
        "l.toml",
        "-o",
        "half.toml",
        "--half-true",
        "--params",
        "aggregation.prior",
        "--lambda",
        "0",
    ]);
    assert!(
        out.contains("Penalised maximum likelihood, each outcome's claims weighing half, λ = 0 "),
        "{out}"
    );
    assert!(
        out.contains("│ Log loss, half true ┆ 0.7403 ┆            0.6931 ┆"),
        "{out}"
    );
    let half = std::fs::read_to_string(dir.path().join("half.toml")).unwrap();
    assert!(
        half.contains("# Method: penalised maximum likelihood with each outcome's claims weighing half (--half-true), lambda = 0 "),
        "{half}"
    );
    // Even shares: nothing to learn but the evidence, and no such warning.
    std::fs::write(dir.path().join("even.toml"), same_evidence_ledger(20, 20)).unwrap();
    let out = fit(&["even.toml", "-o", "even-fitted.toml"]);
    assert!(!out.contains("the fit's gain comes from"), "{out}");
}

#[test]
fn the_synthetic_fixture_is_what_its_generator_prints_with_the_current_default() {
    // The fixture says its outcomes were drawn with the default rubric (prior and three weights
    // changed). A change to the default changes the draws; this keeps the file true to it.
    let file = std::fs::read_to_string("tests/fixtures/synthetic.toml").unwrap();
    assert!(
        file == corroborate::tune::synthetic::fixture(1000, 7),
        "tests/fixtures/synthetic.toml is stale: regenerate it with \
         `cargo run --example synthetic_ledger -- 1000 7 > tests/fixtures/synthetic.toml`, \
         then refresh the README's fit and compare examples"
    );
}

#[test]
fn fit_by_groups_keeps_each_tag_in_one_fold_and_says_so() {
    let dir = tempfile::tempdir().unwrap();
    // The synthetic ledger with each claim tagged with one of seven stories.
    let text = std::fs::read_to_string("tests/fixtures/synthetic.toml").unwrap();
    let mut tagged = String::new();
    for line in text.lines() {
        match line.split_once("statement = \"Synthetic claim ") {
            Some((_, rest)) => {
                let n: usize = rest.split('"').next().unwrap().parse().unwrap();
                tagged += &line.replacen(
                    ", resolution",
                    &format!(", tags = [\"story:{}\"], resolution", n % 7),
                    1,
                );
            }
            None => tagged += line,
        }
        tagged.push('\n');
    }
    let ledger = dir.path().join("stories.toml");
    std::fs::write(&ledger, tagged).unwrap();
    let out = dir.path().join("fitted.toml");
    let mut c = bin();
    c.arg("fit")
        .arg(&ledger)
        .args(["--group", "story:", "--width", "100", "-o"])
        .arg(&out);
    let stdout = String::from_utf8(c.assert().success().get_output().stdout.clone()).unwrap();
    assert!(
        stdout.contains(
            "5-fold cross-validation (the 7 groups of claims by tag `story:` kept whole);\n"
        ),
        "{stdout}"
    );
    let written = std::fs::read_to_string(&out).unwrap();
    assert!(
        written.contains(
            "5-fold cross-validation (the 7 groups of claims by tag `story:` kept whole)."
        ),
        "{written}"
    );
    let mut c = bin();
    c.arg("fit")
        .arg(&ledger)
        .args(["--group", "story:", "--format", "json", "--force", "-o"])
        .arg(&out);
    let v: serde_json::Value =
        serde_json::from_slice(&c.assert().success().get_output().stdout).unwrap();
    assert_eq!(v["group"], "story:");
    assert_eq!(v["groups"], 7);
    assert_eq!(v["untagged"], 0);
    // Eight folds need eight groups.
    bin()
        .arg("fit")
        .arg(&ledger)
        .args(["--group", "story:", "--folds", "8", "-o"])
        .arg(dir.path().join("never.toml"))
        .assert()
        .code(2)
        .stderr("error: cannot fit honestly: --group `story:` makes 7 group(s) of the 1000 resolved claims (by their first tag starting with it); 8 cross-validation folds need at least 8 groups. Use --folds 7 or fewer, or tag the claims by a finer grouping.\n");
    // A prefix no claim has (a typo, most likely) is refused, with the tags there are.
    bin()
        .arg("fit")
        .arg(&ledger)
        .args(["--group", "stroy:", "--force", "-o"])
        .arg(&out)
        .assert()
        .code(2)
        .stderr("error: cannot group the folds by --group `stroy:`: none of the 1000 resolved claims has a tag starting with it (their tags include `story:0`, `story:1`, `story:2` and 4 more)\n");
    assert!(!dir.path().join("never.toml").exists());
    bin()
        .args(["fit", "-o", "x.toml", "--group", " "])
        .assert()
        .code(2)
        .stderr("error: invalid --group ``: expected the start of a tag, such as `event:`\n");
}
