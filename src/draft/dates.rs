//! Date phrases: where they are in the text ("on Monday", "last week", "in mid-October", "a month
//! ago", "on Nov. 12", "a day later", "2024-12-03") and the calendar date each stands for, given
//! the article's publication date. Our own detector over the tokens; chrono does the arithmetic.

use std::ops::Range;

use chrono::{Datelike, Days, Months, NaiveDate, Weekday};

use super::text::{Doc, TokenKind, normalise};
use crate::ledger::DateBasis;

/// A date phrase, before it is resolved against a publication date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateExpr {
    /// A full date: "2024-12-03", "October 23, 2024", "3 December 2024".
    Full(NaiveDate),
    /// A day of a month without the year: "on 7 November", "on Nov. 12".
    DayMonth {
        day: u32,
        month: u32,
    },
    /// "on Monday", "Monday night", "Sunday's interview".
    Weekday(Weekday),
    Yesterday,
    Today,
    /// "N days ago", "a week ago", "a month ago".
    Ago {
        amount: u32,
        unit: Unit,
    },
    /// "last week", "last month".
    Last(Unit),
    /// "in October", "in mid-October", "in early November", "late last month" (part of a month).
    MonthPart {
        month: u32,
        part: Part,
    },
    /// "a day later", "the next day": relative to the date mentioned just before.
    DayAfter,
    /// "a day earlier", "the day before".
    DayBefore,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    Day,
    Week,
    Month,
    Year,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    Whole,
    Early,
    Mid,
    Late,
}

/// A resolved date with how it is known and the phrase it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Dated {
    pub date: NaiveDate,
    pub basis: DateBasis,
    pub phrase: String,
}

pub fn month(word: &str) -> Option<u32> {
    let w = normalise(word);
    let w = w.trim_end_matches('.');
    const NAMES: [&str; 12] = [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ];
    if let Some(i) = NAMES.iter().position(|n| *n == w) {
        return Some(i as u32 + 1);
    }
    let abbrev = match w {
        "jan" => 1,
        "feb" => 2,
        "mar" => 3,
        "apr" => 4,
        "jun" => 6,
        "jul" => 7,
        "aug" => 8,
        "sep" | "sept" => 9,
        "oct" => 10,
        "nov" => 11,
        "dec" => 12,
        _ => return None,
    };
    Some(abbrev)
}

pub fn weekday(word: &str) -> Option<Weekday> {
    let w = normalise(word);
    let w = w.strip_suffix("'s").unwrap_or(&w);
    Some(match w {
        "monday" => Weekday::Mon,
        "tuesday" => Weekday::Tue,
        "wednesday" => Weekday::Wed,
        "thursday" => Weekday::Thu,
        "friday" => Weekday::Fri,
        "saturday" => Weekday::Sat,
        "sunday" => Weekday::Sun,
        _ => return None,
    })
}

fn number(doc: &Doc, i: usize) -> Option<u32> {
    (doc.kind(i) == Some(TokenKind::Number))
        .then(|| doc.tok(i).parse().ok())
        .flatten()
}

fn small_number(w: &str) -> Option<u32> {
    Some(match w {
        "a" | "an" | "one" => 1,
        "two" => 2,
        "three" => 3,
        "four" => 4,
        "five" => 5,
        "six" => 6,
        "seven" => 7,
        "eight" => 8,
        "nine" => 9,
        "ten" => 10,
        _ => w.parse().ok()?,
    })
}

fn unit(w: &str) -> Option<Unit> {
    Some(match w.trim_end_matches('s') {
        "day" => Unit::Day,
        "week" => Unit::Week,
        "month" => Unit::Month,
        "year" => Unit::Year,
        _ => return None,
    })
}

/// The month after a dot of abbreviation, if any: "Nov" "." "12".
fn skip_dot(doc: &Doc, i: usize) -> usize {
    if i < doc.tokens.len() && doc.tok(i) == "." {
        i + 1
    } else {
        i
    }
}

/// The date phrase starting at token `i`, and the token after it.
fn expr_at(doc: &Doc, i: usize, end: usize) -> Option<(DateExpr, usize)> {
    let w = doc.lower(i);
    let at = |k: usize| (k < end).then(|| doc.lower(k));
    // 2024-12-03
    if w.len() == 10
        && let Ok(d) = NaiveDate::parse_from_str(w, "%Y-%m-%d")
    {
        return Some((DateExpr::Full(d), i + 1));
    }
    // October 23, 2024 / Nov. 12 / Oct 23
    if let Some(m) = month(w)
        && doc.capitalised(i)
    {
        let k = skip_dot(doc, i + 1);
        if k < end
            && let Some(d) = number(doc, k)
            && (1..=31).contains(&d)
        {
            let mut j = k + 1;
            if at(j) == Some(",") {
                j += 1;
            }
            if j < end
                && let Some(y) = number(doc, j)
                && (1900..=2200).contains(&y)
                && let Some(date) = NaiveDate::from_ymd_opt(y as i32, m, d)
            {
                return Some((DateExpr::Full(date), j + 1));
            }
            return Some((DateExpr::DayMonth { day: d, month: m }, k + 1));
        }
        // A bare month needs a preposition before it: "in October" (May is too often a verb).
        let prev = i.checked_sub(1).map(|p| doc.lower(p));
        if matches!(prev, Some("in" | "since" | "early" | "late" | "mid"))
            && (m != 5 || prev == Some("in"))
        {
            return Some((
                DateExpr::MonthPart {
                    month: m,
                    part: Part::Whole,
                },
                i + 1,
            ));
        }
    }
    // 23 October 2024 / 7 November
    if let Some(d) = number(doc, i)
        && (1..=31).contains(&d)
        && i + 1 < end
        && let Some(m) = month(doc.tok(i + 1))
        && doc.capitalised(i + 1)
    {
        let k = skip_dot(doc, i + 2);
        if k < end
            && let Some(y) = number(doc, k)
            && (1900..=2200).contains(&y)
            && let Some(date) = NaiveDate::from_ymd_opt(y as i32, m, d)
        {
            return Some((DateExpr::Full(date), k + 1));
        }
        return Some((DateExpr::DayMonth { day: d, month: m }, i + 2));
    }
    // mid-October, early November, late last month
    let part = |p: &str| match p {
        "early" => Some(Part::Early),
        "mid" | "middle" => Some(Part::Mid),
        "late" => Some(Part::Late),
        _ => None,
    };
    if let Some((p, m)) = w.split_once('-')
        && let (Some(p), Some(m)) = (part(p), month(m))
    {
        return Some((DateExpr::MonthPart { month: m, part: p }, i + 1));
    }
    if let Some(p) = part(w)
        && let Some(next) = at(i + 1)
        && let Some(m) = month(next)
    {
        return Some((DateExpr::MonthPart { month: m, part: p }, i + 2));
    }
    if let Some(wd) = weekday(w) {
        let mut j = i + 1;
        if matches!(at(j), Some("night" | "morning" | "evening" | "afternoon")) {
            j += 1;
        }
        return Some((DateExpr::Weekday(wd), j));
    }
    match w {
        "yesterday" => return Some((DateExpr::Yesterday, i + 1)),
        "today" | "tonight" => return Some((DateExpr::Today, i + 1)),
        "last" | "past" => {
            if let Some(u) = at(i + 1).and_then(unit)
                && !at(i + 1).is_some_and(|n| n.ends_with('s'))
            {
                return Some((DateExpr::Last(u), i + 2));
            }
        }
        "this" if matches!(at(i + 1), Some("morning" | "afternoon" | "evening")) => {
            return Some((DateExpr::Today, i + 2));
        }
        _ => {}
    }
    // "a day later", "the next day", "a day earlier", "the day before"
    if matches!(w, "a" | "one" | "the")
        && let Some(n) = at(i + 1)
    {
        if n == "day" && matches!(at(i + 2), Some("later" | "after")) {
            return Some((DateExpr::DayAfter, i + 3));
        }
        if n == "day" && matches!(at(i + 2), Some("earlier" | "before")) {
            return Some((DateExpr::DayBefore, i + 3));
        }
        if matches!(n, "next" | "following") && at(i + 2) == Some("day") {
            return Some((DateExpr::DayAfter, i + 3));
        }
    }
    // "a month ago", "two weeks ago", "3 days ago"
    if let Some(amount) = small_number(w)
        && let Some(u) = at(i + 1).and_then(unit)
        && at(i + 2) == Some("ago")
    {
        return Some((DateExpr::Ago { amount, unit: u }, i + 3));
    }
    None
}

/// Every date phrase in tokens `r`, in order.
pub fn find(doc: &Doc, r: Range<usize>) -> Vec<(Range<usize>, DateExpr)> {
    let mut out = Vec::new();
    let mut i = r.start;
    while i < r.end {
        if let Some((e, next)) = expr_at(doc, i, r.end) {
            out.push((i..next, e));
            i = next;
        } else {
            i += 1;
        }
    }
    out
}

/// The most recent date on or before `reference` that is in month `m` (day `d`).
fn recent(reference: NaiveDate, m: u32, d: u32) -> Option<NaiveDate> {
    let this = NaiveDate::from_ymd_opt(reference.year(), m, d);
    match this {
        Some(x) if x <= reference => Some(x),
        _ => NaiveDate::from_ymd_opt(reference.year() - 1, m, d),
    }
}

/// The date a phrase stands for: against the publication date, or (for "a day later") the date
/// mentioned before it.
pub fn resolve(
    e: DateExpr,
    published: NaiveDate,
    previous: Option<NaiveDate>,
) -> Option<(NaiveDate, DateBasis)> {
    use DateBasis::{Approximate, Inferred, Printed};
    Some(match e {
        DateExpr::Full(d) => (d, Printed),
        DateExpr::DayMonth { day, month } => (recent(published, month, day)?, Printed),
        DateExpr::Weekday(w) => {
            // The most recent such day, the publication day included (news names today's day).
            let back =
                (published.weekday().num_days_from_monday() + 7 - w.num_days_from_monday()) % 7;
            (
                published.checked_sub_days(Days::new(u64::from(back)))?,
                Inferred,
            )
        }
        DateExpr::Yesterday => (published.pred_opt()?, Inferred),
        DateExpr::Today => (published, Inferred),
        DateExpr::Ago { amount, unit } => match unit {
            Unit::Day => (
                published.checked_sub_days(Days::new(u64::from(amount)))?,
                Inferred,
            ),
            Unit::Week => (
                published.checked_sub_days(Days::new(7 * u64::from(amount)))?,
                Approximate,
            ),
            Unit::Month => (
                published.checked_sub_months(Months::new(amount))?,
                Approximate,
            ),
            Unit::Year => (
                published.checked_sub_months(Months::new(12 * amount))?,
                Approximate,
            ),
        },
        DateExpr::Last(u) => match u {
            Unit::Day => (published.pred_opt()?, Inferred),
            Unit::Week => (published.checked_sub_days(Days::new(7))?, Approximate),
            Unit::Month => (published.checked_sub_months(Months::new(1))?, Approximate),
            Unit::Year => (published.checked_sub_months(Months::new(12))?, Approximate),
        },
        DateExpr::MonthPart { month, part } => {
            // The early, middle and late parts of a month taken at days 5, 15 and 25 (the middle
            // of each third); a whole month at its 15th.
            let day = match part {
                Part::Early => 5,
                Part::Mid | Part::Whole => 15,
                Part::Late => 25,
            };
            let d = recent(published, month, day).or_else(|| recent(published, month, 1))?;
            (d.min(published), Approximate)
        }
        DateExpr::DayAfter => (previous?.succ_opt()?, Inferred),
        DateExpr::DayBefore => (previous?.pred_opt()?, Inferred),
    })
}

/// The publication date printed near the top of an article: the first full date in its first
/// fifteen lines. Returns the date and the line (1-based).
pub fn publication(doc: &Doc) -> Option<(NaiveDate, usize)> {
    let limit = doc
        .tokens
        .iter()
        .position(|t| t.paragraph >= 15)
        .unwrap_or(doc.tokens.len());
    find(doc, 0..limit).into_iter().find_map(|(r, e)| match e {
        DateExpr::Full(d) => Some((d, doc.tokens[r.start].paragraph + 1)),
        _ => None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    /// Resolves the first phrase of `text` against Tuesday 3 December 2024.
    fn on_tue(text: &str) -> (NaiveDate, DateBasis) {
        let doc = Doc::new(text);
        let found = find(&doc, 0..doc.tokens.len());
        assert!(!found.is_empty(), "no date in {text}");
        resolve(found[0].1, d("2024-12-03"), Some(d("2024-11-12"))).unwrap()
    }

    #[test]
    fn weekdays_are_the_latest_such_day_including_the_day_itself() {
        assert_eq!(
            on_tue("said on Monday"),
            (d("2024-12-02"), DateBasis::Inferred)
        );
        assert_eq!(on_tue("on Tuesday"), (d("2024-12-03"), DateBasis::Inferred));
        assert_eq!(
            on_tue("in a Monday night address"),
            (d("2024-12-02"), DateBasis::Inferred)
        );
        assert_eq!(
            on_tue("In Sunday’s interview"),
            (d("2024-12-01"), DateBasis::Inferred)
        );
        assert_eq!(
            on_tue("on Wednesday"),
            (d("2024-11-27"), DateBasis::Inferred)
        );
    }

    #[test]
    fn printed_days_take_the_latest_year() {
        assert_eq!(on_tue("on Nov. 12"), (d("2024-11-12"), DateBasis::Printed));
        assert_eq!(
            on_tue("On 7 November"),
            (d("2024-11-07"), DateBasis::Printed)
        );
        assert_eq!(
            on_tue("on December 20"),
            (d("2023-12-20"), DateBasis::Printed)
        );
        assert_eq!(
            on_tue("October 23, 2024"),
            (d("2024-10-23"), DateBasis::Printed)
        );
        assert_eq!(
            on_tue("Tuesday, 3 December 2024"),
            (d("2024-12-03"), DateBasis::Inferred)
        );
        assert_eq!(
            on_tue("date 2024-12-03"),
            (d("2024-12-03"), DateBasis::Printed)
        );
    }

    #[test]
    fn relative_phrases() {
        assert_eq!(on_tue("yesterday"), (d("2024-12-02"), DateBasis::Inferred));
        assert_eq!(
            on_tue("last week"),
            (d("2024-11-26"), DateBasis::Approximate)
        );
        assert_eq!(
            on_tue("a month ago"),
            (d("2024-11-03"), DateBasis::Approximate)
        );
        assert_eq!(
            on_tue("three days ago"),
            (d("2024-11-30"), DateBasis::Inferred)
        );
        assert_eq!(
            on_tue("in mid-October"),
            (d("2024-10-15"), DateBasis::Approximate)
        );
        assert_eq!(
            on_tue("in early November"),
            (d("2024-11-05"), DateBasis::Approximate)
        );
        assert_eq!(
            on_tue("late December"),
            (d("2023-12-25"), DateBasis::Approximate)
        );
        assert_eq!(
            on_tue("in October"),
            (d("2024-10-15"), DateBasis::Approximate)
        );
        assert_eq!(
            on_tue("and a day later"),
            (d("2024-11-13"), DateBasis::Inferred)
        );
        assert_eq!(
            on_tue("the day before"),
            (d("2024-11-11"), DateBasis::Inferred)
        );
        assert_eq!(
            on_tue("this morning"),
            (d("2024-12-03"), DateBasis::Inferred)
        );
    }

    #[test]
    fn may_the_verb_is_not_a_month_and_publication_dates_are_found_near_the_top() {
        let doc = Doc::new("It may rain. They May go.");
        assert!(find(&doc, 0..doc.tokens.len()).is_empty());
        let doc = Doc::new("Headline\n\n10:38 AM EDT, October 23, 2024\n\nBody on Monday.");
        assert_eq!(publication(&doc), Some((d("2024-10-23"), 3)));
    }
}
