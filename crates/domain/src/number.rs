//! Numbers as people type them on a phone, read strictly: every quantity, price and measurement
//! a user enters goes through here, so a value is either read as the person meant it or refused
//! with the readings it could have had — never rescaled without a word.
//!
//! What is read:
//! - full-width digits and punctuation from a Chinese keyboard (`１２０`, `３．８５`, `１，５００`);
//! - a decimal point, or a decimal comma (`3,85` is 3.85, `1.500,25` is 1500.25);
//! - thousands separators in groups of three (`1,500`, `1.500.000`, `1 500`), but only where the
//!   grouping is valid (`1,50,0` is refused);
//! - for a whole number, `1,500` is fifteen hundred (1.5 pieces is not a quantity).
//!
//! What is refused: `1,500` where decimals are allowed (fifteen hundred or one and a half? the
//! error carries both readings, so the message can show them), anything but digits and those
//! separators, a minus sign where the value cannot be negative, more decimals than the value
//! keeps (trailing zeros aside), and values too large for their type.

use thiserror::Error;

/// Why a typed number was not read.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum NumberError {
    #[error("nothing typed")]
    Empty,
    #[error("not a number")]
    NotANumber,
    #[error("must not be negative")]
    Negative,
    #[error("must be a whole number (read as {read})")]
    NotWhole { read: String },
    #[error("at most {max_decimals} decimals")]
    TooPrecise { max_decimals: u32 },
    #[error("too large")]
    TooLarge,
    /// One comma followed by three digits where decimals are allowed.
    #[error("could be {thousands} or {decimal}")]
    Ambiguous { thousands: String, decimal: String },
}

/// Whether a minus sign is allowed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sign {
    NonNegative,
    Any,
}

/// Digits of a number as understood, before scaling.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Reading {
    negative: bool,
    whole: String,
    frac: String,
}

impl Reading {
    fn text(&self) -> String {
        let sign = if self.negative { "-" } else { "" };
        let whole = if self.whole.is_empty() {
            "0"
        } else {
            &self.whole
        };
        if self.frac.is_empty() {
            format!("{sign}{whole}")
        } else {
            format!("{sign}{whole}.{}", self.frac)
        }
    }
}

/// Reads `text` as a decimal with at most `decimals` decimals and returns it scaled by
/// `10^decimals` (so `"3,85"` with 4 decimals is `38_500`).
pub fn parse_scaled(text: &str, decimals: u32, sign: Sign) -> Result<i128, NumberError> {
    let r = read(text, decimals == 0)?;
    if r.negative && sign == Sign::NonNegative {
        return Err(NumberError::Negative);
    }
    let frac = r.frac.trim_end_matches('0');
    if frac.len() > decimals as usize {
        return Err(if decimals == 0 {
            NumberError::NotWhole { read: r.text() }
        } else {
            NumberError::TooPrecise {
                max_decimals: decimals,
            }
        });
    }
    // 30 digits fit an i128 with room for the scale; every caller's type is far smaller.
    if r.whole.len() > 30 {
        return Err(NumberError::TooLarge);
    }
    let digits = format!("{}{frac:0<width$}", r.whole, width = decimals as usize);
    let v: i128 = if digits.is_empty() {
        0
    } else {
        digits.parse().map_err(|_| NumberError::TooLarge)?
    };
    Ok(if r.negative { -v } else { v })
}

/// Reads a whole, non-negative number no larger than `max`.
pub fn parse_whole(text: &str, max: u64) -> Result<u64, NumberError> {
    let v = parse_scaled(text, 0, Sign::NonNegative)?;
    u64::try_from(v)
        .ok()
        .filter(|v| *v <= max)
        .ok_or(NumberError::TooLarge)
}

/// Maps the characters of a Chinese or Japanese keyboard to their ASCII forms, and every kind of
/// space to one marker for "group separator".
fn normalize(c: char) -> char {
    match c {
        '０'..='９' => char::from(b'0' + (c as u32 - '０' as u32) as u8),
        '．' | '。' => '.',
        '，' | '、' => ',',
        '－' | '−' | '﹣' => '-',
        '＋' => '+',
        // A typed underscore is not a separator anyone writes; keep it from meaning one.
        '_' => '?',
        ' ' | '\u{a0}' | '\u{202f}' | '\u{2009}' | '\u{3000}' => '_',
        c => c,
    }
}

fn read(text: &str, whole_only: bool) -> Result<Reading, NumberError> {
    let t: String = text.trim().chars().map(normalize).collect();
    let t = t.trim_matches('_');
    if t.is_empty() {
        return Err(NumberError::Empty);
    }
    let (negative, body) = match t.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, t.strip_prefix('+').unwrap_or(t)),
    };
    let body = body.trim_start_matches('_');
    if body.is_empty()
        || !body
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, '.' | ',' | '_'))
    {
        return Err(NumberError::NotANumber);
    }
    let dots = body.matches('.').count();
    let commas = body.matches(',').count();
    // Which character separates the decimals, if any; the other (and spaces) group thousands.
    let decimal = match (dots, commas) {
        (0, 0) => None,
        (_, 0) if dots > 1 => None,
        (0, _) if commas > 1 => None,
        (1, 0) => Some('.'),
        (0, 1) => {
            let (before, after) = body.split_once(',').unwrap_or((body, ""));
            let looks_grouped = after.len() == 3
                && after.bytes().all(|b| b.is_ascii_digit())
                && !before.is_empty()
                && valid_groups(before, None)
                && !before.starts_with('0');
            if looks_grouped {
                if whole_only {
                    None
                } else {
                    let thousands = format!("{}{after}", before.replace('_', ""));
                    let decimal = format!("{}.{after}", before.replace('_', ""));
                    return Err(NumberError::Ambiguous { thousands, decimal });
                }
            } else {
                Some(',')
            }
        }
        _ => {
            // Both present: the last one written separates the decimals and appears once.
            let last = body
                .chars()
                .rev()
                .find(|c| matches!(c, '.' | ','))
                .unwrap_or('.');
            let count = if last == '.' { dots } else { commas };
            if count != 1 {
                return Err(NumberError::NotANumber);
            }
            Some(last)
        }
    };
    let (whole, frac) = match decimal {
        Some(d) => body.split_once(d).unwrap_or((body, "")),
        None => (body, ""),
    };
    if !frac.bytes().all(|b| b.is_ascii_digit()) {
        return Err(NumberError::NotANumber);
    }
    let group = match decimal {
        Some('.') => Some(','),
        Some(_) => Some('.'),
        None if dots > 0 => Some('.'),
        None if commas > 0 => Some(','),
        None => None,
    };
    if !valid_groups(whole, group) {
        return Err(NumberError::NotANumber);
    }
    let whole: String = whole.chars().filter(|c| c.is_ascii_digit()).collect();
    if whole.is_empty() && frac.is_empty() {
        return Err(NumberError::NotANumber);
    }
    Ok(Reading {
        negative,
        whole: whole.trim_start_matches('0').to_string(),
        frac: frac.to_string(),
    })
}

/// True when `whole` is digits, or digit groups split by `group` or spaces (`_`): a first group
/// of one to three digits, then groups of exactly three. One kind of separator at a time.
fn valid_groups(whole: &str, group: Option<char>) -> bool {
    let seps: Vec<char> = whole.chars().filter(|c| !c.is_ascii_digit()).collect();
    if seps.is_empty() {
        return true;
    }
    let sep = seps[0];
    if seps.iter().any(|c| *c != sep) || !(sep == '_' || Some(sep) == group) {
        return false;
    }
    let mut parts = whole.split(sep);
    let first = parts.next().unwrap_or("");
    (1..=3).contains(&first.len()) && parts.all(|p| p.len() == 3)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn price(t: &str) -> Result<i128, NumberError> {
        parse_scaled(t, 4, Sign::NonNegative)
    }

    #[test]
    fn a_decimal_comma_is_read_not_rescaled() {
        assert_eq!(price("3,85"), Ok(38_500));
        assert_eq!(price("3.85"), Ok(38_500));
        assert_eq!(price("0,5"), Ok(5_000));
        assert_eq!(price("3,1250"), Ok(31_250));
        assert_eq!(price("1.500,25"), Ok(15_002_500));
        assert_eq!(price("1,500.25"), Ok(15_002_500));
        assert_eq!(price("1 500,25"), Ok(15_002_500));
    }

    #[test]
    fn one_comma_and_three_digits_is_ambiguous_for_a_decimal_and_thousands_for_a_count() {
        assert_eq!(
            price("1,500"),
            Err(NumberError::Ambiguous {
                thousands: "1500".into(),
                decimal: "1.500".into()
            })
        );
        assert_eq!(parse_whole("1,500", u64::MAX), Ok(1500));
        assert_eq!(parse_whole("1.500.000", u64::MAX), Ok(1_500_000));
        assert_eq!(parse_whole("12,000,000", u64::MAX), Ok(12_000_000));
        // A leading zero is never a thousands group.
        assert_eq!(price("0,500"), Ok(5_000));
        assert_eq!(price("1,500,000"), Ok(15_000_000_000));
    }

    #[test]
    fn full_width_digits_and_punctuation_are_read() {
        assert_eq!(parse_whole("１２０", u64::MAX), Ok(120));
        assert_eq!(price("３．８５"), Ok(38_500));
        assert_eq!(parse_whole("１，５００", u64::MAX), Ok(1500));
        assert_eq!(parse_whole(" 1\u{3000}500 ", u64::MAX), Ok(1500));
    }

    #[test]
    fn what_cannot_be_meant_is_refused_with_the_reason() {
        assert_eq!(price(""), Err(NumberError::Empty));
        assert_eq!(price("  "), Err(NumberError::Empty));
        assert_eq!(price("abc"), Err(NumberError::NotANumber));
        assert_eq!(price("3.8.5"), Err(NumberError::NotANumber));
        assert_eq!(price("1,50,0"), Err(NumberError::NotANumber));
        assert_eq!(price("1,5000.5"), Err(NumberError::NotANumber));
        assert_eq!(price("1.500,2,5"), Err(NumberError::NotANumber));
        assert_eq!(price("1_500"), Err(NumberError::NotANumber));
        assert_eq!(price("-5"), Err(NumberError::Negative));
        assert_eq!(price("－5"), Err(NumberError::Negative));
        assert_eq!(price("."), Err(NumberError::NotANumber));
        assert_eq!(price("-"), Err(NumberError::NotANumber));
        assert_eq!(
            price("3.12345"),
            Err(NumberError::TooPrecise { max_decimals: 4 })
        );
        assert_eq!(price("3.12340"), Ok(31_234));
        assert_eq!(
            parse_whole("1,5", u64::MAX),
            Err(NumberError::NotWhole { read: "1.5".into() })
        );
        assert_eq!(
            parse_whole("12.5", u64::MAX),
            Err(NumberError::NotWhole {
                read: "12.5".into()
            })
        );
        assert_eq!(parse_whole("12.0", u64::MAX), Ok(12));
        assert_eq!(parse_whole("1001", 1000), Err(NumberError::TooLarge));
        assert_eq!(
            parse_whole(&"9".repeat(40), u64::MAX),
            Err(NumberError::TooLarge)
        );
    }

    #[test]
    fn signs_and_edges() {
        assert_eq!(parse_scaled("-1,05", 3, Sign::Any), Ok(-1_050));
        assert_eq!(parse_scaled("+2", 3, Sign::Any), Ok(2_000));
        assert_eq!(parse_scaled(".5", 3, Sign::Any), Ok(500));
        assert_eq!(parse_scaled("5.", 3, Sign::Any), Ok(5_000));
        assert_eq!(parse_scaled("007", 0, Sign::Any), Ok(7));
        assert_eq!(parse_scaled("0", 2, Sign::NonNegative), Ok(0));
    }
}
