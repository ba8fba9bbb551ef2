//! Calendar days as the documents store them: ISO `YYYY-MM-DD` text, never a timezone-laden instant.
//!
//! Dates in trade (ex-factory, ETD, payment due) are days, not moments; storing text keeps them readable
//! by any automerge peer and immune to the device's timezone.

use std::fmt;
use std::str::FromStr;

use autosurgeon::{Hydrate, HydrateError, Reconcile, Reconciler};
use chrono::{Datelike, NaiveDate};
use thiserror::Error;

#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error("not a date: {0:?} (expected YYYY-MM-DD)")]
pub struct DayError(pub String);

/// Whether a day typed on or before `due` was entered (`entered`, the device's day) only after
/// `due` had passed: dated so, it counts on time, so the rules ask why (a PO delivery, a first
/// shipped date).
pub fn backdated(typed: Option<Day>, due: Option<Day>, entered: Option<Day>) -> bool {
    matches!((typed, due, entered), (Some(t), Some(due), Some(e)) if t <= due && due < e)
}

/// A calendar day.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Debug)]
pub struct Day(NaiveDate);

impl Day {
    pub fn from_ymd(year: i32, month: u32, day: u32) -> Option<Day> {
        NaiveDate::from_ymd_opt(year, month, day).map(Day)
    }

    /// Days since 1970-01-01, the form callers get from a clock (`Date.now() / 86_400_000`).
    pub fn from_unix_days(days: i64) -> Option<Day> {
        let epoch = NaiveDate::from_ymd_opt(1970, 1, 1)?;
        epoch
            .checked_add_signed(chrono::Duration::try_days(days)?)
            .map(Day)
    }

    pub fn add_days(self, days: i64) -> Option<Day> {
        self.0
            .checked_add_signed(chrono::Duration::try_days(days)?)
            .map(Day)
    }

    /// Whole days from `self` to `other` (positive when `other` is later).
    pub fn days_until(self, other: Day) -> i64 {
        (other.0 - self.0).num_days()
    }
}

/// Written and read by hand, as chrono's `%Y-%m-%d` does, without chrono's strftime machinery
/// (a weight in the wasm for one pattern).
impl fmt::Display for Day {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (y, m, d) = (self.0.year(), self.0.month(), self.0.day());
        if (0..=9999).contains(&y) {
            write!(f, "{y:04}-{m:02}-{d:02}")
        } else {
            // Outside four digits the year carries its sign, as ISO 8601 (and chrono) write it.
            write!(f, "{y:+05}-{m:02}-{d:02}")
        }
    }
}

/// Stored as its ISO text, like the documents store it.
impl serde::Serialize for Day {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> serde::Deserialize<'de> for Day {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

impl FromStr for Day {
    type Err = DayError;

    /// `YYYY-MM-DD`, read as chrono's `%Y-%m-%d` reads it (stored dates from any build or peer
    /// must keep reading): a year of up to four digits or a signed one of any length, a month and
    /// a day of one or two digits, space around the whole.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let bad = || DayError(s.to_string());
        let text = s.trim();
        let (sign, body) = match text.as_bytes().first() {
            Some(b'+') => (1, &text[1..]),
            Some(b'-') => (-1, &text[1..]),
            _ => (0, text),
        };
        let mut parts = body.split('-');
        let (Some(y), Some(m), Some(d), None) =
            (parts.next(), parts.next(), parts.next(), parts.next())
        else {
            return Err(bad());
        };
        let year_digits = if sign == 0 { 4 } else { 9 };
        let year = number(y, year_digits).ok_or_else(bad)?;
        let year = if sign < 0 { -year } else { year };
        let (month, day) = (number(m, 2).ok_or_else(bad)?, number(d, 2).ok_or_else(bad)?);
        let (Ok(month), Ok(day)) = (u32::try_from(month), u32::try_from(day)) else {
            return Err(bad());
        };
        Day::from_ymd(year, month, day).ok_or_else(bad)
    }
}

/// `text` as a number of 1 to `max` ASCII digits.
fn number(text: &str, max: usize) -> Option<i32> {
    if text.is_empty() || text.len() > max || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    text.parse().ok()
}

impl Reconcile for Day {
    type Key<'a> = autosurgeon::reconcile::NoKey;

    fn reconcile<R: Reconciler>(&self, mut reconciler: R) -> Result<(), R::Error> {
        reconciler.str(self.to_string())
    }
}

impl Hydrate for Day {
    fn hydrate_string(s: &str) -> Result<Self, HydrateError> {
        s.parse()
            .map_err(|_| HydrateError::unexpected("a date as YYYY-MM-DD", format!("{s:?}")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_prints_iso_days() {
        let d: Day = "2026-02-28".parse().unwrap();
        assert_eq!(d.to_string(), "2026-02-28");
        assert_eq!(d.add_days(1).unwrap().to_string(), "2026-03-01");
        assert!("2026-02-30".parse::<Day>().is_err());
        assert!("28/02/2026".parse::<Day>().is_err());
    }

    #[test]
    fn reads_what_chrono_read_and_refuses_the_rest() {
        // Written by older builds and other peers through chrono's `%Y-%m-%d`: still read.
        for (text, iso) in [
            ("2026-2-8", "2026-02-08"),
            (" 2026-02-28\n", "2026-02-28"),
            ("0001-01-01", "0001-01-01"),
            ("+10000-01-01", "+10000-01-01"),
            ("-0001-12-31", "-0001-12-31"),
        ] {
            let d: Day = text.parse().unwrap_or_else(|e| panic!("{text:?}: {e}"));
            assert_eq!(d.to_string(), iso);
            assert_eq!(iso.parse::<Day>(), Ok(d), "{iso} round-trips");
        }
        for text in [
            "",
            "2026",
            "2026-02",
            "2026-02-28-01",
            "12026-01-01",
            "2026-002-01",
            "2026-02-281",
            "2026-02-28x",
            "2026-+2-28",
            "2026--2-28",
            "2026-13-01",
            "２０２６-02-28",
            "+-2026-02-28",
            // chrono let space in before a field; nothing ever wrote one.
            "2026- 2-28",
        ] {
            assert!(text.parse::<Day>().is_err(), "{text:?} must not read");
        }
    }

    #[test]
    fn unix_days_match_the_calendar() {
        assert_eq!(Day::from_unix_days(0).unwrap().to_string(), "1970-01-01");
        assert_eq!(
            Day::from_unix_days(20_000).unwrap().to_string(),
            "2024-10-04"
        );
        let a = Day::from_ymd(2026, 1, 1).unwrap();
        assert_eq!(a.days_until(Day::from_ymd(2026, 12, 31).unwrap()), 364);
    }
}
