//! Calendar days as the documents store them: ISO `YYYY-MM-DD` text, never a timezone-laden instant.
//!
//! Dates in trade (ex-factory, ETD, payment due) are days, not moments; storing text keeps them readable
//! by any automerge peer and immune to the device's timezone.

use std::fmt;
use std::str::FromStr;

use autosurgeon::{Hydrate, HydrateError, Reconcile, Reconciler};
use chrono::NaiveDate;
use thiserror::Error;

#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error("not a date: {0:?} (expected YYYY-MM-DD)")]
pub struct DayError(pub String);

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

impl fmt::Display for Day {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0.format("%Y-%m-%d"))
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

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d")
            .map(Day)
            .map_err(|_| DayError(s.to_string()))
    }
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
