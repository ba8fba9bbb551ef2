//! Exact decimal quantities with three decimals: kilograms (to the gram), cubic metres (to the
//! litre) and garment measurements (to the hundredth of a millimetre in centimetres).
//!
//! Packing lists and measurement charts are compared and summed; floats would make 0.1 + 0.2 kg
//! differ from 0.3 kg. Stored as an integer of thousandths, printed with as few decimals as needed.

use std::fmt;
use std::str::FromStr;

use autosurgeon::{Hydrate, HydrateError, Reconcile, Reconciler};
use thiserror::Error;

use crate::number::{self, NumberError, Sign};

const SCALE: i64 = 1_000;

#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum MilliError {
    #[error("not a number: {0:?}")]
    NotANumber(String),
    #[error("too many decimals in {0:?} (at most 3)")]
    TooPrecise(String),
    #[error("number too large: {0:?}")]
    TooLarge(String),
    /// `1,500`: fifteen hundred, or one and a half with a decimal comma.
    #[error("{text:?} could be {thousands} or {decimal}")]
    Ambiguous {
        text: String,
        thousands: String,
        decimal: String,
    },
}

/// A signed decimal with exactly three decimals, stored as thousandths.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Debug, Default)]
pub struct Milli(i64);

impl Milli {
    pub const ZERO: Milli = Milli(0);

    pub fn from_thousandths(v: i64) -> Milli {
        Milli(v)
    }

    pub fn thousandths(self) -> i64 {
        self.0
    }

    /// Whole units, e.g. `Milli::whole(12)` is 12.000.
    pub fn whole(v: i64) -> Milli {
        Milli(v.saturating_mul(SCALE))
    }

    pub fn checked_add(self, other: Milli) -> Option<Milli> {
        self.0.checked_add(other.0).map(Milli)
    }

    pub fn abs_diff(self, other: Milli) -> Milli {
        Milli(self.0.abs_diff(other.0).min(i64::MAX as u64) as i64)
    }
}

impl fmt::Display for Milli {
    /// As few decimals as the value needs: "12", "12.5", "0.125", "-1.05".
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sign = if self.0 < 0 { "-" } else { "" };
        let a = self.0.unsigned_abs();
        let whole = a / SCALE as u64;
        let mut frac = format!("{:03}", a % SCALE as u64);
        while frac.ends_with('0') {
            frac.pop();
        }
        if frac.is_empty() {
            write!(f, "{sign}{whole}")
        } else {
            write!(f, "{sign}{whole}.{frac}")
        }
    }
}

impl FromStr for Milli {
    type Err = MilliError;

    /// Read as typed (see [`crate::number`]): `0,5` is 0.5, `1,500` is refused as ambiguous.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let text = s.to_string();
        match number::parse_scaled(s, 3, Sign::Any) {
            Ok(v) => i64::try_from(v)
                .map(Milli)
                .map_err(|_| MilliError::TooLarge(text)),
            Err(NumberError::TooPrecise { .. }) => Err(MilliError::TooPrecise(text)),
            Err(NumberError::TooLarge) => Err(MilliError::TooLarge(text)),
            Err(NumberError::Ambiguous { thousands, decimal }) => Err(MilliError::Ambiguous {
                text,
                thousands,
                decimal,
            }),
            Err(
                NumberError::Empty
                | NumberError::NotANumber
                | NumberError::Negative
                | NumberError::NotWhole { .. },
            ) => Err(MilliError::NotANumber(text)),
        }
    }
}

impl Reconcile for Milli {
    type Key<'a> = autosurgeon::reconcile::NoKey;

    fn reconcile<R: Reconciler>(&self, mut reconciler: R) -> Result<(), R::Error> {
        reconciler.i64(self.0)
    }
}

impl Hydrate for Milli {
    fn hydrate_int(i: i64) -> Result<Self, HydrateError> {
        Ok(Milli(i))
    }

    fn hydrate_uint(u: u64) -> Result<Self, HydrateError> {
        i64::try_from(u)
            .map(Milli)
            .map_err(|_| HydrateError::unexpected("a decimal in thousandths", format!("{u}")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_prints_exactly() {
        assert_eq!("12.345".parse::<Milli>().unwrap().thousandths(), 12_345);
        assert_eq!("0.1".parse::<Milli>().unwrap().to_string(), "0.1");
        assert_eq!("-1.05".parse::<Milli>().unwrap().to_string(), "-1.05");
        assert_eq!("7".parse::<Milli>().unwrap().to_string(), "7");
        assert!(matches!(
            "1.2345".parse::<Milli>(),
            Err(MilliError::TooPrecise(_))
        ));
        assert!(matches!(
            "x".parse::<Milli>(),
            Err(MilliError::NotANumber(_))
        ));
        let a: Milli = "0.1".parse().unwrap();
        let b: Milli = "0.2".parse().unwrap();
        assert_eq!(a.checked_add(b), Some("0.3".parse().unwrap()));
    }
}
