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

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct Moment {
    /// Seconds since the Unix epoch, UTC; a bare date is its midnight.
    secs: i64,
    /// Whether a time of day was given.
    timed: bool,
}

impl Moment {
    /// The first and last dates accepted (chrono's range is wider; these keep arithmetic in range).
    pub const MIN_YEAR: i32 = 1;
    pub const MAX_YEAR: i32 = 9999;

    /// A bare date.
    pub fn from_date(d: NaiveDate) -> Moment {
        let secs = d.and_time(NaiveTime::MIN).and_utc().timestamp();
        Moment { secs, timed: false }
    }

    /// The bare date `y-m-d`, if it exists.
    pub fn ymd(y: i32, m: u32, d: u32) -> Option<Moment> {
        NaiveDate::from_ymd_opt(y, m, d).map(Moment::from_date)
    }

    /// A date and time (any offset; kept as UTC).
    pub fn from_datetime<Tz: TimeZone>(t: &DateTime<Tz>) -> Moment {
        Moment {
            secs: t.timestamp(),
            timed: true,
        }
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
        self.secs
    }

    pub fn has_time(self) -> bool {
        self.timed
    }

    /// The UTC calendar date.
    pub fn date(self) -> NaiveDate {
        DateTime::<Utc>::from_timestamp(self.secs, 0)
            .map(|t| t.date_naive())
            .unwrap_or_default()
    }

    /// The last second this moment covers as a cut-off: the end of the day for a bare date.
    pub fn cutoff(self) -> i64 {
        if self.timed {
            self.secs
        } else {
            self.secs + DAY - 1
        }
    }

    /// Whether something that happened at `m` is known by this cut-off.
    pub fn covers(self, m: Moment) -> bool {
        m.secs <= self.cutoff()
    }

    /// Days from `earlier` to `self` (fractional when times are given).
    pub fn days_since(self, earlier: Moment) -> f64 {
        (self.secs - earlier.secs) as f64 / DAY as f64
    }

    /// Hours from `earlier` to `self`.
    pub fn hours_since(self, earlier: Moment) -> f64 {
        (self.secs - earlier.secs) as f64 / 3600.0
    }

    /// This moment moved by `secs` seconds, keeping whether it has a time (saturating).
    pub fn plus_secs(self, secs: i64) -> Moment {
        Moment {
            secs: self.secs.saturating_add(secs),
            timed: self.timed,
        }
    }

    /// The latest moment: used as "no cut-off".
    pub const MAX: Moment = Moment {
        secs: 253_402_300_799, // 9999-12-31T23:59:59Z
        timed: true,
    };
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

impl fmt::Display for Moment {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match DateTime::<Utc>::from_timestamp(self.secs, 0) {
            Some(t) if self.timed => write!(f, "{}", t.format("%Y-%m-%dT%H:%M:%SZ")),
            Some(t) => write!(f, "{}", t.format("%Y-%m-%d")),
            None => write!(f, "{}", self.secs),
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
}
