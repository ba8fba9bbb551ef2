//! Prices and amounts as exact fixed-point numbers, never floats.
//!
//! Garment FOB prices carry up to four decimals (USD 3.1250 a piece); multiplying them by tens of
//! thousands of pieces in floating point drifts by cents, which invoices must not.

use std::fmt;
use std::str::FromStr;

use autosurgeon::{Hydrate, HydrateError, Reconcile, Reconciler};
use thiserror::Error;

use crate::number::{self, NumberError, Sign};

/// Scale of [`Price`]: ten-thousandths of a currency unit.
const SCALE: i64 = 10_000;

#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum MoneyError {
    #[error("not a number: {0:?}")]
    NotANumber(String),
    #[error("too many decimals in {0:?} (at most 4)")]
    TooPrecise(String),
    #[error("amount must not be negative: {0:?}")]
    Negative(String),
    #[error("amount too large: {0:?}")]
    TooLarge(String),
    /// `1,500`: fifteen hundred, or one and a half with a decimal comma.
    #[error("{text:?} could be {thousands} or {decimal}")]
    Ambiguous {
        text: String,
        thousands: String,
        decimal: String,
    },
}

/// A non-negative amount with four decimals, stored as an integer of ten-thousandths.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Debug, Default)]
pub struct Price(i64);

impl Price {
    pub const ZERO: Price = Price(0);

    pub fn from_ten_thousandths(v: i64) -> Price {
        Price(v)
    }

    pub fn ten_thousandths(self) -> i64 {
        self.0
    }

    /// The amount for `qty` pieces; `None` on overflow (which no real order reaches).
    pub fn times(self, qty: u64) -> Option<Price> {
        i64::try_from(qty)
            .ok()
            .and_then(|q| self.0.checked_mul(q))
            .map(Price)
    }

    pub fn checked_add(self, other: Price) -> Option<Price> {
        self.0.checked_add(other.0).map(Price)
    }

    /// `self - other`, or zero when `other` is larger (amounts are never negative).
    pub fn saturating_sub(self, other: Price) -> Price {
        Price(self.0.saturating_sub(other.0).max(0))
    }

    /// The share of `self` given in basis points (3000 = 30 %), rounded half up to the
    /// ten-thousandth; `None` on overflow.
    pub fn share_bp(self, basis_points: u32) -> Option<Price> {
        let v = i128::from(self.0) * i128::from(basis_points);
        i64::try_from((v + 5_000) / 10_000).ok().map(Price)
    }

    /// Sum of amounts; `None` on overflow.
    pub fn sum<I: IntoIterator<Item = Price>>(items: I) -> Option<Price> {
        items
            .into_iter()
            .try_fold(Price::ZERO, |acc, p| acc.checked_add(p))
    }
}

impl fmt::Display for Price {
    /// At least two decimals, more only when the value needs them: "3.50", "3.125".
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let whole = self.0 / SCALE;
        let mut frac = format!("{:04}", (self.0 % SCALE).abs());
        while frac.len() > 2 && frac.ends_with('0') {
            frac.pop();
        }
        write!(f, "{whole}.{frac}")
    }
}

impl FromStr for Price {
    type Err = MoneyError;

    /// Read as typed (see [`crate::number`]): `3,85` is 3.85, `1,500` is refused as ambiguous.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let text = s.to_string();
        match number::parse_scaled(s, 4, Sign::NonNegative) {
            Ok(v) => i64::try_from(v)
                .map(Price)
                .map_err(|_| MoneyError::TooLarge(text)),
            Err(NumberError::Negative) => Err(MoneyError::Negative(text)),
            Err(NumberError::TooPrecise { .. }) => Err(MoneyError::TooPrecise(text)),
            Err(NumberError::TooLarge) => Err(MoneyError::TooLarge(text)),
            Err(NumberError::Ambiguous { thousands, decimal }) => Err(MoneyError::Ambiguous {
                text,
                thousands,
                decimal,
            }),
            Err(NumberError::Empty | NumberError::NotANumber | NumberError::NotWhole { .. }) => {
                Err(MoneyError::NotANumber(text))
            }
        }
    }
}

impl Reconcile for Price {
    type Key<'a> = autosurgeon::reconcile::NoKey;

    fn reconcile<R: Reconciler>(&self, mut reconciler: R) -> Result<(), R::Error> {
        reconciler.i64(self.0)
    }
}

impl Hydrate for Price {
    fn hydrate_int(i: i64) -> Result<Self, HydrateError> {
        Ok(Price(i))
    }

    fn hydrate_uint(u: u64) -> Result<Self, HydrateError> {
        i64::try_from(u)
            .map(Price)
            .map_err(|_| HydrateError::unexpected("a price", format!("{u}")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_prices_exactly() {
        assert_eq!("3.125".parse::<Price>().unwrap().ten_thousandths(), 31_250);
        assert_eq!("12".parse::<Price>().unwrap().to_string(), "12.00");
        assert_eq!("1,234.5".parse::<Price>().unwrap().to_string(), "1234.50");
        assert_eq!(".5".parse::<Price>().unwrap().to_string(), "0.50");
        assert_eq!("3.1250".parse::<Price>().unwrap().to_string(), "3.125");
    }

    #[test]
    fn refuses_bad_prices_with_the_reason() {
        assert!(matches!(
            "abc".parse::<Price>(),
            Err(MoneyError::NotANumber(_))
        ));
        assert!(matches!(
            "".parse::<Price>(),
            Err(MoneyError::NotANumber(_))
        ));
        assert!(matches!(
            "1.2.3".parse::<Price>(),
            Err(MoneyError::NotANumber(_))
        ));
        assert!(matches!(
            "-1".parse::<Price>(),
            Err(MoneyError::Negative(_))
        ));
        assert!(matches!(
            "1.23456".parse::<Price>(),
            Err(MoneyError::TooPrecise(_))
        ));
        assert!(matches!(
            "99999999999999999999".parse::<Price>(),
            Err(MoneyError::TooLarge(_))
        ));
    }

    #[test]
    fn multiplies_without_drift() {
        let p: Price = "3.1250".parse().unwrap();
        assert_eq!(p.times(10_000).unwrap().to_string(), "31250.00");
    }
}
