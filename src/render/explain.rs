//! `explain CLAIM`: how one claim's numbers were reached, step by step, from the fields of its score.

use std::fmt::Write as _;

use super::{signed, terminal_safe};
use crate::rubric::{Method, Rubric};
use crate::score::{ClaimScore, ConfidenceLevel, OriginScore};

fn origin_block(out: &mut String, n: usize, o: &OriginScore) {
    let _ = writeln!(
        out,
        "\n  {n}. {} — {} [{}]",
        o.source,
        o.name(),
        o.stance.as_str()
    );
    if let Some(by) = &o.superseded_by {
        let _ = writeln!(
            out,
            "     superseded        by `{}`'s later statement {} ({}, stated {}): counts for nothing",
            by.source,
            by.report,
            by.stance.as_str(),
            by.stated
        );
    }
    let interest = match o.interest {
        crate::score::model::Interest::None => String::new(),
        i => format!(", interest: {}", i.as_str()),
    };
    let _ = writeln!(
        out,
        "     reliability       {:.3}  ({}{interest}): O = logit {:+.3} nats",
        o.source_level,
        o.source_basis,
        crate::score::aggregate::logit(o.source_level.max(0.5))
    );
    let _ = writeln!(
        out,
        "     best report       {}: verification {}, hedging {}, {} relay hop(s)",
        o.best_report,
        o.verification.as_str(),
        o.hedging.as_str(),
        o.hops
    );
    let _ = writeln!(
        out,
        "     strength          {:.3} nats  (stance share {} x multiplier {:.3} x (O + V); multiplier = hedging level x relay_decay^hops)",
        o.strength, o.stance_factor, o.multiplier
    );
    let _ = writeln!(
        out,
        "     dependence        {:.3}  ({})",
        o.discount,
        match (&o.superseded_by, &o.discount_reason) {
            (Some(_), _) => "superseded",
            (None, Some(r)) => r.as_str(),
            (None, None) => "independent",
        }
    );
    let _ = writeln!(
        out,
        "     contributions     verification {}  official {}  later {}  = {}",
        signed(o.contributions.verification, 3),
        signed(o.contributions.official, 3),
        signed(o.contributions.later, 3),
        signed(o.contributions.total(), 3)
    );
    if let Some(note) = o.later_note.as_deref().filter(|n| !n.is_empty()) {
        let _ = writeln!(out, "     {note}");
    }
    for r in &o.reports {
        let mut chain = vec![o.source.clone()];
        chain.extend(r.via.iter().cloned());
        let cites = r
            .cites
            .as_ref()
            .map(|c| format!(", repeats {c}"))
            .unwrap_or_default();
        let _ = writeln!(
            out,
            "     report {}: stated {} ({}), published {}, chain {}{}{}",
            r.id,
            r.stated,
            r.dates.as_str(),
            r.published,
            chain.join(" → "),
            cites,
            r.quote
                .as_ref()
                .map(|q| format!(
                    "\n       \"{q}\"{}",
                    r.document
                        .as_ref()
                        .map(|d| format!(" ({d})"))
                        .unwrap_or_default()
                ))
                .unwrap_or_default()
        );
    }
    if !o.superseded.is_empty() {
        let _ = writeln!(
            out,
            "     replaced by its later statement: {}",
            o.superseded.join(", ")
        );
    }
}

/// The step-by-step explanation of one claim's score.
pub fn explain(c: &ClaimScore, rubric: &Rubric, as_of: Option<crate::ledger::Moment>) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "Claim `{}`: {}", c.id, c.statement);
    if let Some(q) = &c.question {
        let _ = writeln!(out, "Answer of question `{q}`");
    }
    let _ = writeln!(
        out,
        "As of {} · rubric `{}` ({})",
        as_of.map_or("(no date)".to_string(), |d| d.to_string()),
        rubric.name,
        rubric.method.as_str()
    );
    let _ = writeln!(
        out,
        "\n1. Evidence: {} report(s) in force from {} origin(s) ({:.2} effective after dependence and correlation){}{}",
        c.reports,
        c.origins,
        c.effective_origins,
        if c.contest.contested() {
            format!(
                "; contested: {} for, {} against, latest {}",
                c.contest.for_,
                c.contest.against,
                c.contest.latest.map_or("–", |s| s.as_str())
            )
        } else {
            String::new()
        },
        match (c.first, c.last) {
            (Some(f), Some(l)) => format!("; first said {f}, last {l}"),
            _ => String::new(),
        }
    );
    for (i, o) in c.by_origin.iter().enumerate() {
        origin_block(&mut out, i + 1, o);
    }

    let _ = writeln!(out, "\n2. Criteria (sums over origins, nats of log-odds):");
    for (label, value) in [
        ("independent verification", c.criteria.verification),
        ("official vs unofficial", c.criteria.official),
        ("later corroboration", c.criteria.later),
        ("total evidence", c.criteria.total()),
    ] {
        let _ = writeln!(out, "     {label:<26} {}", signed(value, 3));
    }

    let a = &c.aggregation;
    // The formulas give the probability before any single-origin cap; the cap is shown after them.
    let p = a.uncapped.unwrap_or(c.confidence);
    let _ = writeln!(out, "\n3. Aggregation ({}):", a.method.as_str());
    if let Some(q) = &a.question {
        let _ = writeln!(
            out,
            "     answer of `{}`: {} answers, {}; each answer's prior {:.4}, none-of-these prior {:.4}",
            q.question,
            q.answers,
            if q.exhaustive {
                "exhaustive"
            } else {
                "not exhaustive"
            },
            a.prior,
            q.none_prior
        );
        match a.method {
            Method::LogOdds => {
                let denominator = q.normaliser.map_or_else(
                    || format!("e^{:.3}", q.log_normaliser),
                    |n| format!("{n:.4}"),
                );
                let _ = writeln!(
                    out,
                    "     p = prior x e^evidence / (sum over answers of prior x e^evidence + none prior)\n       = {:.4} x e^{:.3} / {denominator} = {:.4}",
                    a.prior, a.evidence, p
                );
            }
            Method::SubjectiveLogic => {
                if let Some(op) = &a.opinion {
                    let _ = writeln!(
                        out,
                        "     Dirichlet over answers and none: belief {:.4}, disbelief {:.4}, uncertainty {:.4}, base rate {:.4}\n     p = belief + base rate x uncertainty = {:.4}",
                        op.belief, op.disbelief, op.uncertainty, op.base_rate, p
                    );
                }
            }
        }
        let _ = writeln!(
            out,
            "     none of these after the evidence: {:.4}",
            q.none_posterior
        );
    } else {
        match (a.log_odds, &a.opinion) {
            (Some(lo), _) => {
                let _ = writeln!(
                    out,
                    "     logit(prior {:.3}) = {}; + evidence {} = {}\n     p = sigmoid({}) = {:.4}",
                    a.prior,
                    signed(lo - a.evidence, 3),
                    signed(a.evidence, 3),
                    signed(lo, 3),
                    signed(lo, 3),
                    p
                );
            }
            (None, Some(op)) => {
                let _ = writeln!(
                    out,
                    "     evidence for r = {:.3}, against s = {:.3}, prior weight W = {}, base rate a = {}\n     cumulative fusion of the origins' opinions: belief {:.4}, disbelief {:.4}, uncertainty {:.4}\n     p = belief + a x uncertainty = (r + W a)/(r + s + W) = {:.4}",
                    a.evidence_for,
                    a.evidence_against,
                    rubric.prior_weight,
                    a.prior,
                    op.belief,
                    op.disbelief,
                    op.uncertainty,
                    p
                );
            }
            _ => {}
        }
    }
    if let Some(u) = a.uncapped {
        let _ = writeln!(
            out,
            "     capped: fewer than two independent supporting origins, so p = {:.4} is lowered to the\n       rubric's single_origin_cap = {:.4}",
            u, c.confidence
        );
    }
    let _ = writeln!(
        out,
        "     interval: Beta(p N, (1 - p) N) with N = prior weight {} + evidence {:.3}{} = {:.3}\n       central {:.0}%: {:.4} – {:.4}",
        rubric.prior_weight,
        a.interval_strength - rubric.prior_weight,
        if a.question.is_some() {
            " (all answers of the question)"
        } else {
            ""
        },
        a.interval_strength,
        c.interval.level * 100.0,
        c.interval.low,
        c.interval.high
    );

    let _ = writeln!(out, "\n4. Words and grades:");
    let _ = writeln!(
        out,
        "     likelihood   {} (ICD 203, p = {:.4})",
        c.likelihood, c.confidence
    );
    let rule = |name: &str, r: &crate::rubric::ConfidenceRule| {
        format!(
            "{name} needs ≥ {} effective origins and a best origin of quality ≥ {}",
            r.min_origins, r.min_quality
        )
    };
    let _ = writeln!(
        out,
        "     confidence   {} (effective origins {:.2}, best quality {:.3}; {}; {}; conflict {:.3} is shown, not counted)",
        c.confidence_level.as_str(),
        c.effective_origins,
        c.quality,
        rule("high", &rubric.confidence_high),
        rule("moderate", &rubric.confidence_moderate),
        c.conflict
    );
    let _ = writeln!(
        out,
        "     admiralty    {} (letter from {}; digit {} from p and {} supporting origins needed for 1)",
        c.admiralty.rating,
        c.admiralty
            .letter_from
            .as_deref()
            .unwrap_or("no supporting origin"),
        c.admiralty.information,
        rubric.confirm_origins
    );
    if let Some(r) = &c.resolution {
        let _ = writeln!(
            out,
            "\n{}{}",
            crate::text::capitalise(&r.phrase()),
            r.citation
                .as_ref()
                .map(|x| format!(": {x}"))
                .unwrap_or_default()
        );
    }
    if c.confidence_level == ConfidenceLevel::Low && c.origins == 0 {
        let _ = writeln!(
            out,
            "\nNo report about this claim is in force as of this date: the prior stands."
        );
    }
    terminal_safe(&out)
}
