//! Numbers typed into the screens' small forms, read strictly through the domain's
//! [`gendan_domain::number`] rules (a decimal comma is read, `1,500` for a decimal is refused with
//! both readings, full-width digits are read) and refused in the user's language. One place, so
//! no form parses a number its own way and rescales it quietly.

use gendan_domain::measure::Milli;
use gendan_domain::number::{self, Sign};
use gendan_domain::order::Issue;
use gendan_domain::Price;

use leptos::prelude::*;

use crate::i18n::{issue_text, I18n, K};

/// The value, or `None` with the refusal put in `error`, for a form's submit handler:
/// `let Some(q) = typed::or_say(error, typed::whole(i18n, &text, MAX)) else { return };`
pub(crate) fn or_say<T>(error: RwSignal<Option<String>>, read: Result<T, String>) -> Option<T> {
    read.map_err(|e| error.set(Some(e))).ok()
}

fn words(i18n: I18n, issue: Issue) -> String {
    issue_text(i18n.0.get_untracked(), &issue)
}

/// A whole number of at most `max` (pieces, cartons, a lot size, days).
pub(crate) fn whole(i18n: I18n, text: &str, max: u64) -> Result<u64, String> {
    number::parse_whole(text, max).map_err(|e| words(i18n, e.into()))
}

/// A whole number that may be negative (days before an anchor date).
pub(crate) fn signed_whole(i18n: I18n, text: &str) -> Result<i64, String> {
    number::parse_scaled(text, 0, Sign::Any)
        .map_err(|e| words(i18n, e.into()))
        .and_then(|v| i64::try_from(v).map_err(|_| words(i18n, Issue::TooLarge)))
}

/// An amount of money (four decimals at most).
pub(crate) fn price(i18n: I18n, text: &str) -> Result<Price, String> {
    text.parse::<Price>().map_err(|e| words(i18n, e.into()))
}

/// A measure with three decimals (kilograms, cubic metres, centimetres).
pub(crate) fn milli(i18n: I18n, text: &str) -> Result<Milli, String> {
    text.parse::<Milli>().map_err(|e| words(i18n, e.into()))
}

/// A percentage from 0 to 100 with up to two decimals, as basis points (30 % → 3000).
pub(crate) fn percent_bp(i18n: I18n, text: &str) -> Result<u32, String> {
    let bp = number::parse_scaled(text, 2, Sign::NonNegative).map_err(|e| words(i18n, e.into()))?;
    u32::try_from(bp)
        .ok()
        .filter(|bp| *bp <= 10_000)
        .ok_or_else(|| words(i18n, Issue::TooLarge))
}

/// A percentage with at most one decimal, as per mille (`2.5` → 25, `2,5` → 25), no more than
/// `max` per mille. Too many decimals, a minus sign or too much is refused with `range`, which
/// says what may be typed; `2,500` is refused with both readings, never taken as either.
pub(crate) fn percent_permille(i18n: I18n, text: &str, max: u32, range: K) -> Result<u32, String> {
    match number::parse_scaled(text, 1, Sign::NonNegative) {
        Ok(v) => u32::try_from(v)
            .ok()
            .filter(|p| *p <= max)
            .ok_or_else(|| range.text(i18n.0.get_untracked()).to_string()),
        Err(
            number::NumberError::TooPrecise { .. }
            | number::NumberError::Negative
            | number::NumberError::TooLarge,
        ) => Err(range.text(i18n.0.get_untracked()).to_string()),
        Err(e) => Err(words(i18n, e.into())),
    }
}

/// Basis points as the percentage [`percent_bp`] reads back: 3000 → "30", 2550 → "25.5",
/// 1 → "0.01".
pub(crate) fn bp_as_percent(bp: u32) -> String {
    let (whole, frac) = (bp / 100, bp % 100);
    match frac {
        0 => whole.to_string(),
        f if f % 10 == 0 => format!("{whole}.{}", f / 10),
        f => format!("{whole}.{f:02}"),
    }
}

/// Per mille as the percentage [`percent_permille`] reads back: 25 → "2.5", 50 → "5".
pub(crate) fn permille_as_percent(p: u32) -> String {
    if p.is_multiple_of(10) {
        (p / 10).to_string()
    } else {
        format!("{}.{}", p / 10, p % 10)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    /// What is shown is read back as it was: no rounding between the screen and the rule.
    #[wasm_bindgen_test]
    fn basis_points_shown_as_a_percentage_read_back_the_same() {
        let owner = leptos::prelude::Owner::new();
        let i18n = owner.with(|| I18n(leptos::prelude::RwSignal::new(crate::i18n::Lang::En)));
        for (bp, shown) in [
            (0, "0"),
            (1, "0.01"),
            (10, "0.1"),
            (2550, "25.5"),
            (2505, "25.05"),
            (3000, "30"),
            (10_000, "100"),
        ] {
            assert_eq!(bp_as_percent(bp), shown);
            assert_eq!(percent_bp(i18n, shown), Ok(bp), "{shown}");
        }
    }
}
