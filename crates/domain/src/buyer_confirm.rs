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
    c.goods = goods_of(order);
    match channel {
        ConfirmChannel::Written => {
            // The written order of goods changed since the call checked other goods: that call
            // checks nothing of it, and the buyer is called again. Not once the order was
            // released: the call stands there, and dropping it left a released order
            // unconfirmed.
            if order
                .buyer_phone
                .as_ref()
                .is_some_and(|p| asks_again(order, p))
            {
                order.buyer_phone = None;
            }
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

/// Whether the buyer confirmed both ways the goods the order holds now: colours or quantities
/// changed after a confirmation (before the order was released) were never confirmed, and the
/// release waited for nothing. A confirmation an older build kept says no goods and stands.
pub fn confirms_goods(order: &Order) -> bool {
    let now = goods_of(order);
    let holds = |c: &Option<Confirmation>| c.as_ref().is_some_and(|c| !other_goods(c, &now));
    holds(&order.buyer_written) && holds(&order.buyer_phone)
}

/// Whether the buyer's confirmation stands: before the order is first released, of the goods it
/// holds now ([`confirms_goods`]); once released, both ways as kept (a revision, logged by
/// `qty_revision`, asks no confirmation again).
pub fn stands(order: &Order) -> bool {
    match crate::lifecycle::ever_released(order) {
        true => is_confirmed(order),
        false => confirms_goods(order),
    }
}

/// Whether confirmation `c`, kept on the order, is asked again: the order was never released
/// and holds other goods than `c` confirmed ([`stands`] does not count it then).
pub fn asks_again(order: &Order, c: &Confirmation) -> bool {
    !crate::lifecycle::ever_released(order) && other_goods(c, &goods_of(order))
}

/// Whether `c` says it confirmed goods other than `now` ([`goods_of`]); one that says none (an
/// older build's) confirmed whatever the order holds.
fn other_goods(c: &Confirmation, now: &str) -> bool {
    !c.goods.is_empty() && c.goods != now
}

/// What goods the order holds, as a confirmation keeps them: a fingerprint (64-bit FNV-1a, hex)
/// of every colour and size with its name and every quantity, in id order, so two devices
/// reading one order agree. A fingerprint, not the figures: the order is what the factory reads
/// anyway, and a short field is what every confirmation carries.
pub fn goods_of(order: &Order) -> String {
    let q = &order.quantities;
    let mut text = String::new();
    for (k, l) in q.colours.iter() {
        text.push_str(&format!("c{k}={}\u{1f}", l.name.trim()));
    }
    for (k, l) in q.sizes.iter() {
        text.push_str(&format!("s{k}={}\u{1f}", l.name.trim()));
    }
    for (k, n) in q.cells.iter().filter(|(_, n)| **n > 0) {
        text.push_str(&format!("q{k}={n}\u{1f}"));
    }
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for b in text.bytes() {
        hash ^= u64::from(b);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    format!("{hash:016x}")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn on(d: &str) -> Confirmation {
        Confirmation {
            by: " li ".into(),
            counterpart: "Anna (buyer)".into(),
            on: d.parse().ok(),
            ..Confirmation::default()
        }
    }

    /// A confirmation keeps the goods it confirmed: colours or quantities changed after it
    /// (before the order is released) close the buyer-confirmation gate again, and the release
    /// waits for the buyer to confirm what the order holds now; once released, a revision asks
    /// nothing again. One an older build kept (no goods said) stands.
    #[test]
    fn a_confirmation_is_of_the_goods_it_saw() {
        use crate::lifecycle::{closed_gates, Gate, Gates};
        use crate::order::OrderStatus;
        let today: Day = "2026-05-10".parse().unwrap();
        let mut o = Order::new();
        o.quantities.add_colour("black".into(), "Black");
        o.quantities.add_size("m".into(), "M");
        o.quantities
            .cells
            .insert(crate::order::cell_key("black", "m"), 500);
        o.status = OrderStatus::Confirmed;
        let gates = Gates {
            buyer_confirmed_before_production: true,
            deposit_before_production: false,
            samples_before_production: false,
            ..Gates::default()
        };
        let release = |o: &Order| closed_gates(o, None, OrderStatus::InProduction, &gates);
        confirm(&mut o, &ConfirmChannel::Written, on("2026-05-04"), today).unwrap();
        confirm(&mut o, &ConfirmChannel::Phone, on("2026-05-05"), today).unwrap();
        assert!(release(&o).is_empty(), "{:?}", release(&o));
        // Ten times the pieces, after both confirmations: the buyer confirmed 500.
        o.quantities
            .cells
            .insert(crate::order::cell_key("black", "m"), 5_000);
        assert_eq!(release(&o), [Gate::BuyerConfirmed]);
        assert!(is_confirmed(&o) && !confirms_goods(&o));
        // A colour renamed is other goods too.
        o.quantities
            .cells
            .insert(crate::order::cell_key("black", "m"), 500);
        assert!(release(&o).is_empty());
        o.quantities.colours.get_mut("black").unwrap().name = "Navy".into();
        assert_eq!(release(&o), [Gate::BuyerConfirmed]);
        // Confirmed again, both ways (the call that checked the other goods goes with the new
        // written order): released.
        confirm(&mut o, &ConfirmChannel::Written, on("2026-05-09"), today).unwrap();
        assert!(o.buyer_phone.is_none());
        assert_eq!(release(&o), [Gate::BuyerConfirmed]);
        confirm(&mut o, &ConfirmChannel::Phone, on("2026-05-09"), today).unwrap();
        assert!(release(&o).is_empty());
        // Once released, a revision asks nothing again, and a written order recorded again
        // leaves the call that checked it in place (a day after it is refused, as ever).
        o.status = OrderStatus::InProduction;
        o.quantities
            .cells
            .insert(crate::order::cell_key("black", "m"), 520);
        assert!(closed_gates(&o, None, OrderStatus::InProduction, &gates).is_empty());
        assert_eq!(
            refused(confirm(
                &mut o,
                &ConfirmChannel::Written,
                on("2026-05-10"),
                today
            )),
            Some(Issue::WrittenFirst)
        );
        confirm(&mut o, &ConfirmChannel::Written, on("2026-05-08"), today).unwrap();
        assert!(o.buyer_phone.is_some(), "the call stands once released");
        assert!(closed_gates(&o, None, OrderStatus::InProduction, &gates).is_empty());
        // An older build's confirmation says no goods: it stands.
        o.status = OrderStatus::Confirmed;
        for c in [&mut o.buyer_written, &mut o.buyer_phone] {
            c.as_mut().unwrap().goods.clear();
        }
        assert!(release(&o).is_empty());
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
