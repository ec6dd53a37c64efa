//! Checks of a ledger's meaning that both loaders (TOML and bulk) share, each a function returning
//! messages; the loaders say where in their files the problem is.
//!
//! They catch mistakes that used to score quietly:
//! - an exhaustive question with a single answer makes that answer certain by construction (its
//!   prior is 1/1, and a softmax over one answer is 1), whatever the reports say;
//! - two answers of one question resolved true contradict the question, whose answers exclude each
//!   other; an exhaustive question whose every answer resolved false contradicts its being
//!   exhaustive;
//! - a `cites` chain that names one source twice: a report that repeats a speaker's report and
//!   reached us through that same speaker (or through the speaker of the report it cites).

use super::{Claim, Outcome, Question, Report, Source};

/// What a problem is about, for its location.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Subject {
    Question(usize),
    Claim(usize),
}

/// One problem found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub subject: Subject,
    pub message: String,
}

/// The problems of the questions' answers (see the module documentation), in question order.
pub fn answer_problems(questions: &[Question], claims: &[Claim]) -> Vec<Problem> {
    let mut answers: Vec<Vec<usize>> = vec![Vec::new(); questions.len()];
    for (ci, c) in claims.iter().enumerate() {
        if let Some(q) = c.question.filter(|&q| q < questions.len()) {
            answers[q].push(ci);
        }
    }
    let mut out = Vec::new();
    for (qi, (q, members)) in questions.iter().zip(&answers).enumerate() {
        if q.exhaustive && members.len() == 1 {
            out.push(Problem {
                subject: Subject::Question(qi),
                message: format!(
                    "question `{}` is exhaustive with one answer, `{}`: that answer is certain whatever the reports say; expected at least two answers, or `exhaustive = false`",
                    q.id, claims[members[0]].id
                ),
            });
        }
        let outcome = |ci: usize| claims[ci].resolution.as_ref().map(|r| r.outcome);
        let trues: Vec<usize> = members
            .iter()
            .copied()
            .filter(|&ci| outcome(ci) == Some(Outcome::True))
            .collect();
        for &again in trues.iter().skip(1) {
            out.push(Problem {
                subject: Subject::Claim(again),
                message: format!(
                    "claims `{}` and `{}` are answers of question `{}`, which exclude each other, and both resolve true: expected at most one true answer",
                    claims[trues[0]].id, claims[again].id, q.id
                ),
            });
        }
        if q.exhaustive
            && members.len() > 1
            && members
                .iter()
                .all(|&ci| outcome(ci) == Some(Outcome::False))
        {
            out.push(Problem {
                subject: Subject::Question(qi),
                message: format!(
                    "every answer of exhaustive question `{}` resolves false: expected one of them true, or `exhaustive = false`",
                    q.id
                ),
            });
        }
    }
    out
}

/// What is wrong with the chain of `report`, which cites a report spoken by `cited_source` and whose
/// origin (at the root of its `cites` chain) is `origin`: a relay of it that is the origin or that
/// speaker names one source twice in the chain from the speaker to the outlet.
pub fn chain_problem(
    report: &Report,
    origin: usize,
    cited_source: usize,
    sources: &[Source],
) -> Option<String> {
    let (twice, role) = if report.via().contains(&origin) {
        (origin, "as the origin of the report it cites")
    } else if report.via().contains(&cited_source) {
        (cited_source, "as the speaker of the report it cites")
    } else {
        return None;
    };
    Some(format!(
        "relay cycle in report `{}`: `{}` appears twice in the chain from the speaker to the outlet ({role}, and as a relay); expected each source at most once",
        report.id,
        sources.get(twice).map_or("?", |s| s.id.as_str())
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn question(exhaustive: bool) -> Question {
        Question {
            id: "q".into(),
            text: "Q?".into(),
            exhaustive,
        }
    }

    fn claim(id: &str, outcome: Option<Outcome>) -> Claim {
        Claim {
            id: id.into(),
            statement: id.into(),
            tags: Vec::new(),
            question: Some(0),
            resolution: outcome.map(|outcome| super::super::Resolution {
                outcome,
                date: None,
                note: None,
                citation: None,
            }),
            kind: Default::default(),
            url: None,
            favours: Vec::new(),
            disfavours: Vec::new(),
        }
    }

    #[test]
    fn one_exhaustive_answer_two_true_answers_and_all_false() {
        let one = answer_problems(&[question(true)], &[claim("a", None)]);
        assert_eq!(one.len(), 1);
        assert_eq!(one[0].subject, Subject::Question(0));
        assert!(one[0].message.contains("exhaustive with one answer, `a`"));
        // Not exhaustive: one answer is fine (the rest goes to "none of these").
        assert!(answer_problems(&[question(false)], &[claim("a", None)]).is_empty());

        let t = Some(Outcome::True);
        let two = answer_problems(&[question(false)], &[claim("a", t), claim("b", t)]);
        assert_eq!(two.len(), 1);
        assert_eq!(two[0].subject, Subject::Claim(1));

        let f = Some(Outcome::False);
        let all = answer_problems(&[question(true)], &[claim("a", f), claim("b", f)]);
        assert_eq!(all.len(), 1);
        assert!(all[0].message.starts_with("every answer of exhaustive"));
        // One unresolved (or unresolvable) answer leaves room for the truth.
        let u = Some(Outcome::Unresolvable);
        assert!(answer_problems(&[question(true)], &[claim("a", f), claim("b", u)]).is_empty());
        assert!(answer_problems(&[question(false)], &[claim("a", f), claim("b", f)]).is_empty());
    }
}
