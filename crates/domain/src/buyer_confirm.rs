//! 订单确认: the buyer's order confirmed two ways before the order is worked on — in writing
//! (a fax, an e-mail, a signed PO) and then by a phone call that checks what was written, since
//! a misread colour or quantity in the written order is cheapest to catch before the deposit
//! is asked for and materials are bought. Kept on the order with who, with whom and when; the
//! phone check comes after the written order it checks.

use crate::day::Day;
use crate::error::{problem, DomainError};
use crate::order::{Field, Issue, Order};
use crate::purchasing::{ConfirmChannel, Confirmation};

/// Records the buyer's confirmation by `channel`. The day is required, not in the future and
/// not before the order was received; the phone check needs the written order first and is not
/// dated before it. A confirmation recorded again replaces the one before (a corrected day).
pub fn confirm(
    order: &mut Order,
    channel: &ConfirmChannel,
    mut c: Confirmation,
    today: Day,
) -> Result<(), DomainError> {
    let on =
        c.on.ok_or_else(|| problem(Field::ConfirmedDate, Issue::Required))?;
    if on > today {
        return Err(problem(Field::ConfirmedDate, Issue::InFuture));
    }
    if order.order_date.is_some_and(|d| on < d) {
        return Err(problem(Field::ConfirmedDate, Issue::BeforeOrderDate));
    }
    c.by = c.by.trim().to_string();
    c.counterpart = c.counterpart.trim().to_string();
    c.note = c.note.trim().to_string();
    match channel {
        ConfirmChannel::Written => {
            // A corrected written day stays before the phone check of it.
            if let Some(p) = order.buyer_phone.as_ref().and_then(|p| p.on) {
                if p < on {
                    return Err(problem(Field::ConfirmedDate, Issue::WrittenFirst));
                }
            }
            order.buyer_written = Some(c);
        }
        _ => {
            let written = order
                .buyer_written
                .as_ref()
                .ok_or_else(|| problem(Field::ConfirmedDate, Issue::WrittenFirst))?;
            if written.on.is_some_and(|w| on < w) {
                return Err(problem(Field::ConfirmedDate, Issue::WrittenFirst));
            }
            order.buyer_phone = Some(c);
        }
    }
    Ok(())
}

/// Whether the buyer confirmed the order both ways.
pub fn is_confirmed(order: &Order) -> bool {
    order.buyer_written.is_some() && order.buyer_phone.is_some()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn on(d: &str) -> Confirmation {
        Confirmation {
            by: " li ".into(),
            counterpart: "Anna (buyer)".into(),
            on: d.parse().ok(),
            note: String::new(),
        }
    }

    fn refused(r: Result<(), DomainError>) -> Option<Issue> {
        match r {
            Err(DomainError::Problem(p)) if p.field == Field::ConfirmedDate => Some(p.issue),
            _ => None,
        }
    }

    /// Written first, then the phone call that checks it; neither before the order came nor in
    /// the future; both needed before the order counts as confirmed by the buyer.
    #[test]
    fn the_buyer_confirms_in_writing_then_by_phone() {
        let today: Day = "2026-05-10".parse().unwrap();
        let mut o = Order::new();
        o.order_date = "2026-05-02".parse().ok();
        let phone = ConfirmChannel::Phone;
        let written = ConfirmChannel::Written;
        assert_eq!(
            refused(confirm(&mut o, &phone, on("2026-05-03"), today)),
            Some(Issue::WrittenFirst)
        );
        assert_eq!(
            refused(confirm(&mut o, &written, on("2026-05-01"), today)),
            Some(Issue::BeforeOrderDate)
        );
        assert_eq!(
            refused(confirm(&mut o, &written, on("2026-05-11"), today)),
            Some(Issue::InFuture)
        );
        assert_eq!(
            refused(confirm(
                &mut o,
                &written,
                Confirmation { on: None, ..on("") },
                today
            )),
            Some(Issue::Required)
        );
        assert!(o.buyer_written.is_none() && o.buyer_phone.is_none());
        confirm(&mut o, &written, on("2026-05-04"), today).unwrap();
        assert_eq!(o.buyer_written.as_ref().unwrap().by, "li");
        assert!(!is_confirmed(&o));
        assert_eq!(
            refused(confirm(&mut o, &phone, on("2026-05-03"), today)),
            Some(Issue::WrittenFirst),
            "a call before the written order checks nothing written"
        );
        confirm(&mut o, &phone, on("2026-05-04"), today).unwrap();
        assert!(is_confirmed(&o));
        assert_eq!(
            refused(confirm(&mut o, &written, on("2026-05-05"), today)),
            Some(Issue::WrittenFirst),
            "the written day corrected to after its phone check"
        );
        confirm(&mut o, &written, on("2026-05-03"), today).unwrap();
    }
}
