//! Moments: a calendar date, or a date with a time of day (RFC 3339), on one UTC time line.
//!
//! News statements are dated by the day; a thread of posts unfolds in hours. A [`Moment`] holds
//! either, as seconds since 1970-01-01T00:00:00Z, and remembers whether a time was given so that it
//! prints as it was written (`2024-11-04`, or `2024-11-04T14:30:00Z`). A bare date stands for the
//! start of its day (UTC) when moments are ordered or subtracted. As a cut-off (`--as-of`,
//! [`Moment::cutoff`]) a bare date means the end of its day: "as of 4 November" includes whatever was
//! published on 4 November.

use std::fmt;

use chrono::{DateTime, Datelike, NaiveDate, NaiveTime, TimeZone, Utc};
use serde::{Serialize, Serializer};

/// Seconds in a day.
pub const DAY: i64 = 86_400;

///
/// Held in one `i64` (8 bytes, not 16: a ledger of ten million reports holds twenty million of
/// them): the seconds shifted left by one, and the low bit set when a time of day was given. The
/// order of the packed numbers is the order of (seconds, timed), as the two fields had it.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct Moment(i64);

/// Seconds a [`Moment`] can hold: half the `i64` range (about 146 billion years either way; valid
/// moments span years 1 to 9999).
const SECS_LIMIT: i64 = i64::MAX >> 1;

impl Moment {
    const fn pack(secs: i64, timed: bool) -> Moment {
        let secs = if secs > SECS_LIMIT {
            SECS_LIMIT
        } else if secs < -SECS_LIMIT {
            -SECS_LIMIT
        } else {
            secs
        };
        Moment((secs << 1) | timed as i64)
    }
}

impl fmt::Debug for Moment {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Moment")
            .field("secs", &self.secs())
            .field("timed", &self.has_time())
            .finish()
    }
}

impl Moment {
    /// The first and last dates accepted (chrono's range is wider; these keep arithmetic in range).
    pub const MIN_YEAR: i32 = 1;
    pub const MAX_YEAR: i32 = 9999;

    /// A bare date.
    pub fn from_date(d: NaiveDate) -> Moment {
        Moment::pack(d.and_time(NaiveTime::MIN).and_utc().timestamp(), false)
    }

    /// The bare date `y-m-d`, if it exists.
    pub fn ymd(y: i32, m: u32, d: u32) -> Option<Moment> {
        NaiveDate::from_ymd_opt(y, m, d).map(Moment::from_date)
    }

    /// A date and time (any offset; kept as UTC).
    pub fn from_datetime<Tz: TimeZone>(t: &DateTime<Tz>) -> Moment {
        Moment::pack(t.timestamp(), true)
    }

    /// From seconds since the epoch, with a time of day.
    pub fn from_timestamp(secs: i64) -> Option<Moment> {
        DateTime::<Utc>::from_timestamp(secs, 0).map(|t| Moment::from_datetime(&t))
    }

    /// Parses `YYYY-MM-DD` or an RFC 3339 date-time with an offset (`2024-11-04T14:30:00Z`,
    /// `2024-11-04T16:30:00+02:00`).
    pub fn parse(s: &str) -> Option<Moment> {
        let b = s.as_bytes();
        if s.len() == 10 && b[4] == b'-' && b[7] == b'-' {
            // Digits only (the common case, millions of times in a feed): read directly, as
            // `%Y-%m-%d` reads them; anything else (a sign, a space) goes to chrono.
            let digits = [0, 1, 2, 3, 5, 6, 8, 9];
            if digits.iter().all(|&i| b[i].is_ascii_digit()) {
                let n = |r: std::ops::Range<usize>| {
                    b[r].iter()
                        .fold(0u32, |acc, &c| acc * 10 + u32::from(c - b'0'))
                };
                return NaiveDate::from_ymd_opt(n(0..4) as i32, n(5..7), n(8..10))
                    .filter(|d| (Self::MIN_YEAR..=Self::MAX_YEAR).contains(&d.year()))
                    .map(Moment::from_date);
            }
            return NaiveDate::parse_from_str(s, "%Y-%m-%d")
                .ok()
                .filter(|d| (Self::MIN_YEAR..=Self::MAX_YEAR).contains(&d.year()))
                .map(Moment::from_date);
        }
        if s.len() < 20 || s.len() > 40 {
            return None;
        }
        DateTime::parse_from_rfc3339(s)
            .ok()
            .filter(|t| (Self::MIN_YEAR..=Self::MAX_YEAR).contains(&t.year()))
            .map(|t| Moment::from_datetime(&t))
    }

    pub fn secs(self) -> i64 {
        self.0 >> 1
    }

    pub fn has_time(self) -> bool {
        self.0 & 1 == 1
    }

    /// The UTC calendar date.
    pub fn date(self) -> NaiveDate {
        DateTime::<Utc>::from_timestamp(self.secs(), 0)
            .map(|t| t.date_naive())
            .unwrap_or_default()
    }

    /// The last second this moment covers as a cut-off: the end of the day for a bare date.
    pub fn cutoff(self) -> i64 {
        if self.has_time() {
            self.secs()
        } else {
            self.secs() + DAY - 1
        }
    }

    /// Whether something that happened at `m` is known by this cut-off.
    pub fn covers(self, m: Moment) -> bool {
        m.secs() <= self.cutoff()
    }

    /// Days from `earlier` to `self` (fractional when times are given).
    pub fn days_since(self, earlier: Moment) -> f64 {
        (self.secs() - earlier.secs()) as f64 / DAY as f64
    }

    /// Hours from `earlier` to `self`.
    pub fn hours_since(self, earlier: Moment) -> f64 {
        (self.secs() - earlier.secs()) as f64 / 3600.0
    }

    /// This moment moved by `secs` seconds, keeping whether it has a time (saturating).
    pub fn plus_secs(self, secs: i64) -> Moment {
        Moment::pack(self.secs().saturating_add(secs), self.has_time())
    }

    /// The latest moment: used as "no cut-off".
    pub const MAX: Moment = Moment::pack(253_402_300_799, true); // 9999-12-31T23:59:59Z
}

impl std::str::FromStr for Moment {
    type Err = String;
    fn from_str(s: &str) -> Result<Moment, String> {
        Moment::parse(s).ok_or_else(|| {
            format!(
                "`{}` is not a date (YYYY-MM-DD) or an RFC 3339 date-time",
                crate::text::bounded(s)
            )
        })
    }
}

impl From<NaiveDate> for Moment {
    fn from(d: NaiveDate) -> Moment {
        Moment::from_date(d)
    }
}

impl Moment {
    /// The text of a moment of years 1 to 9999 (`2024-11-04` or `2024-11-04T08:00:00Z`) as ASCII
    /// bytes and their length, written digit by digit (chrono's `format` parses its pattern on
    /// every call, and reports print millions of dates); `None` for other years.
    pub fn ascii(&self) -> Option<([u8; 20], usize)> {
        let secs = self.secs();
        let (year, month, day) = civil_from_days(secs.div_euclid(86_400));
        if !(1..=9999).contains(&year) {
            return None;
        }
        let mut b = *b"0000-00-00T00:00:00Z";
        let digits = |b: &mut [u8], at: usize, n: u32, width: usize| {
            let mut n = n;
            for i in (0..width).rev() {
                b[at + i] = b'0' + (n % 10) as u8;
                n /= 10;
            }
        };
        digits(&mut b, 0, year as u32, 4);
        digits(&mut b, 5, month, 2);
        digits(&mut b, 8, day, 2);
        let len = if self.has_time() {
            let s = secs.rem_euclid(86_400) as u32;
            digits(&mut b, 11, s / 3600, 2);
            digits(&mut b, 14, s / 60 % 60, 2);
            digits(&mut b, 17, s % 60, 2);
            20
        } else {
            10
        };
        Some((b, len))
    }
}

/// The proleptic Gregorian date (year, month, day) of a day counted from 1970-01-01: Howard
/// Hinnant's `civil_from_days` ("chrono-Compatible Low-Level Date Algorithms", 2013), checked
/// against chrono over the accepted years in the tests. Eras of 400 years (146 097 days) start on
/// 0000-03-01, so that the leap day ends a year of the era.
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468; // days from 0000-03-01 to 1970-01-01
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097); // [0, 146096]
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365; // [0, 399]
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100); // [0, 365], from March 1
    let mp = (5 * doy + 2) / 153; // [0, 11], March = 0
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

impl fmt::Display for Moment {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The same text as the patterns below for years 1 to 9999.
        if let Some((b, len)) = self.ascii() {
            // ASCII digits and separators.
            return f.write_str(std::str::from_utf8(&b[..len]).unwrap_or_default());
        }
        match DateTime::<Utc>::from_timestamp(self.secs(), 0) {
            Some(t) if self.has_time() => write!(f, "{}", t.format("%Y-%m-%dT%H:%M:%SZ")),
            Some(t) => write!(f, "{}", t.format("%Y-%m-%d")),
            None => write!(f, "{}", self.secs()),
        }
    }
}

impl Serialize for Moment {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl schemars::JsonSchema for Moment {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Moment".into()
    }
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": "string",
            "description": "a date (YYYY-MM-DD) or an RFC 3339 date-time (2024-11-04T14:30:00Z)"
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_digit_by_digit_text_is_chronos() {
        // Every boundary year, and a spread of seconds across the accepted range.
        let lo = Moment::ymd(Moment::MIN_YEAR, 1, 1).unwrap().secs();
        let hi = Moment::ymd(Moment::MAX_YEAR, 12, 31).unwrap().secs() + DAY - 1;
        let step = (hi - lo) / 100_003;
        let mut secs: Vec<i64> = (0..=100_003).map(|i| lo + i * step + i % 86_400).collect();
        secs.extend([lo, hi, 0, -1, 951_782_400, 1_709_164_800]);
        for x in secs {
            let t = DateTime::<Utc>::from_timestamp(x, 0).unwrap();
            let day = Moment::from_date(t.date_naive());
            assert_eq!(day.to_string(), t.format("%Y-%m-%d").to_string());
            let timed = Moment::from_timestamp(x).unwrap();
            assert_eq!(
                timed.to_string(),
                t.format("%Y-%m-%dT%H:%M:%SZ").to_string()
            );
        }
    }

    #[test]
    fn dates_and_times_print_as_written_in_utc() {
        let d = Moment::parse("2024-11-04").unwrap();
        assert_eq!(d.to_string(), "2024-11-04");
        assert!(!d.has_time());
        let t = Moment::parse("2024-11-04T16:30:00+02:00").unwrap();
        assert_eq!(t.to_string(), "2024-11-04T14:30:00Z");
        assert_eq!(t.date(), d.date());
        // 14:30 is 14.5 hours after the day's midnight.
        assert_eq!(t.hours_since(d), 14.5);
        assert_eq!(t.days_since(d), 14.5 / 24.0);
    }

    #[test]
    fn a_bare_date_cuts_off_at_the_end_of_its_day() {
        let day = Moment::parse("2024-11-04").unwrap();
        let evening = Moment::parse("2024-11-04T23:59:59Z").unwrap();
        let next = Moment::parse("2024-11-05T00:00:00Z").unwrap();
        assert!(day.covers(evening));
        assert!(!day.covers(next));
        assert!(
            !Moment::parse("2024-11-04T12:00:00Z")
                .unwrap()
                .covers(evening)
        );
    }

    #[test]
    fn bare_dates_read_as_chrono_reads_them() {
        let mut texts: Vec<String> = Vec::new();
        for y in [0, 1, 999, 1969, 1970, 2024, 2100, 9999] {
            for m in 0..=13 {
                for d in [0, 1, 28, 29, 30, 31, 32] {
                    texts.push(format!("{y:04}-{m:02}-{d:02}"));
                }
            }
        }
        texts.extend(["+024-01-01", "2024-1-011", " 024-01-01", "2024-01-0a"].map(String::from));
        for t in texts {
            let chrono = NaiveDate::parse_from_str(&t, "%Y-%m-%d")
                .ok()
                .filter(|d| (1..=9999).contains(&d.year()))
                .map(Moment::from_date);
            assert_eq!(Moment::parse(&t), chrono, "{t}");
        }
    }

    #[test]
    fn rejects_what_is_not_a_date_or_an_rfc3339_time() {
        for bad in [
            "2024-02-30",
            "2024-13-01",
            "2024-11-04T14:30:00", // no offset
            "2024-11-04 14:30",
            "04/11/2024",
            "",
            "0000-01-01",
        ] {
            assert_eq!(Moment::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn one_packed_number_orders_as_seconds_then_timed() {
        assert_eq!(std::mem::size_of::<Moment>(), 8);
        let day = Moment::parse("2024-11-04").unwrap();
        let midnight = Moment::parse("2024-11-04T00:00:00Z").unwrap();
        let before = Moment::parse("1969-12-31T23:59:59Z").unwrap();
        assert_eq!(before.secs(), -1);
        assert!(before.has_time());
        assert_eq!(day.secs(), midnight.secs());
        // (secs, timed) in lexicographic order, as the two fields were ordered.
        let mut all = [midnight, before, day, Moment::MAX, Moment::default()];
        all.sort();
        let pairs: Vec<(i64, bool)> = all.iter().map(|m| (m.secs(), m.has_time())).collect();
        let mut expected = pairs.clone();
        expected.sort();
        assert_eq!(pairs, expected);
        assert!(day < midnight);
        assert_eq!(Moment::MAX.to_string(), "9999-12-31T23:59:59Z");
        assert_eq!(day.plus_secs(-86_400).to_string(), "2024-11-03");
        // Saturating: far beyond any valid moment, never wrapping.
        assert!(Moment::MAX.plus_secs(i64::MAX) > Moment::MAX);
        assert!(Moment::MAX.plus_secs(i64::MAX).has_time());
    }
}
