//! 向工厂扣款: money charged back to the factory or supplier whose goods a complaint found at
//! fault, against one of the order's purchase orders. Its own module because it is a credit on
//! that PO that no 对账 may undo:
//!
//! - a debit names a complaint of the order and a purchase order of it (the fault may be the
//!   sewing factory's or the mill's), a positive amount in the PO's currency, what it is for,
//!   who charged it and the day; it is at most the PO's value at its price less the other
//!   debits on it (a typed zero too many is refused, the most it may be said). It goes under
//!   an id of its own, never over another payable, and is refused while the PO's price is
//!   still to be checked, or when the money already on the PO is in another currency than the
//!   PO's now (another build changed it): one would offset the other as if the same money;
//! - a debit of nothing or less (no build charges one; another may write it) counts for
//!   nothing: it takes no room and adds nothing to its complaint;
//! - it is a credit on the PO ([`Payable::complaint`] names it): it offsets what the team still
//!   owes the supplier there, and beyond that the supplier owes it back, followed by the PO's
//!   standing until refunded ([`crate::owed_back`]). 对账 leaves it out of what was raised
//!   ([`Commercial::add_payable_for_po`]), so reconciling the PO again never charges the
//!   debited money back;
//! - a debit charged by mistake is voided with who and why, stays in the books, and then
//!   offsets nothing;
//! - the same debit charged on two devices offline (the same amount for the same complaint on
//!   the same purchase order) counts once after the merge: the later is its twin ([`twins`],
//!   the same on every device), offsets nothing, takes no room and adds nothing to its
//!   complaint until one of the two is voided. On one device the same debit again is refused.
//!
//! The money is the books', which no factory holds: the factory hears of the debit from the
//! merchandiser, not from its copy of the order.

use std::collections::BTreeMap;

use crate::commercial::{Commercial, Payable, PayableKind};
use crate::day::Day;
use crate::error::{problem, DomainError};
use crate::money::Price;
use crate::order::Order;
use crate::problem::{Field, Issue};

/// A debit as typed: for which complaint, on which purchase order, how much (in the PO's
/// currency), what for, who charges it and the day.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Debiting<'a> {
    pub complaint: &'a str,
    pub purchase_order: &'a str,
    pub amount: Price,
    pub note: &'a str,
    pub who: &'a str,
    pub today: Day,
}

/// A debit that counts: not voided, and for something (an amount of nothing or less, written
/// by another build, counts for nothing).
fn stands(p: &Payable) -> bool {
    p.is_debit() && p.voided.is_none() && p.amount > Price::ZERO
}

/// Two debits that are the same chargeback as far as the books can tell: the same amount for
/// the same complaint on the same purchase order.
fn alike(a: &Payable, b: &Payable) -> bool {
    a.complaint == b.complaint && a.purchase_order == b.purchase_order && a.amount == b.amount
}

/// Each debit taken for another's second entry, with the one it repeats: of two alike, the one
/// charged first (then by id) stands, so every device names the same twin. Voided ones (and
/// ones for nothing) repeat nothing.
pub fn twins(c: &Commercial) -> BTreeMap<String, String> {
    let mut live: Vec<(&String, &Payable)> = c.payables.iter().filter(|(_, p)| stands(p)).collect();
    crate::sorting::sort_by_key(&mut live, |(id, p)| (p.raised, (*id).clone()));
    crate::sorting::first_alike(&live, alike)
}

/// The debits that count: standing ([`stands`]) and not another's twin.
fn counted(c: &Commercial) -> impl Iterator<Item = (&String, &Payable)> + '_ {
    let twins = twins(c);
    c.payables
        .iter()
        .filter(move |(id, p)| stands(p) && !twins.contains_key(*id))
}

/// `a + b`, at most the largest amount: debits another build wrote near the limit never wrap
/// to a small total (that would free room, or say a complaint charged back little).
fn add(a: Price, b: Price) -> Price {
    a.checked_add(b)
        .unwrap_or(Price::from_ten_thousandths(i64::MAX))
}

/// The debits that count on one purchase order come to this.
pub fn debited_on(c: &Commercial, purchase_order: &str) -> Price {
    counted(c)
        .filter(|(_, p)| p.purchase_order == purchase_order)
        .fold(Price::ZERO, |sum, (_, p)| add(sum, p.amount))
}

/// What a purchase order's goods are worth for a debit: what was ordered, at its price; once
/// it was closed short, what came and was accepted (the rest never came to be at fault); once
/// cancelled, nothing (no goods came). `None` while the PO has no price (or one still to be
/// checked).
fn debitable_value(
    c: &Commercial,
    purchase_order: &str,
    po: &crate::purchasing::PurchaseOrder,
) -> Option<Price> {
    let price = c.po_price(purchase_order)?;
    if po.cancelled.is_some() {
        return Some(Price::ZERO);
    }
    if po.closed.is_some() {
        return po.payable_value(price);
    }
    po.value(price)
}

/// The most a new debit on `purchase_order` may be: what its goods are worth at its price
/// ([`debitable_value`]) less the debits on it that count. `None` while the PO has no price (or
/// one still to be checked): nothing bounds it.
pub fn room(c: &Commercial, order: &Order, purchase_order: &str) -> Option<Price> {
    let po = order.purchase_orders.get(purchase_order)?;
    let value = debitable_value(c, purchase_order, po)?;
    Some(value.saturating_sub(debited_on(c, purchase_order)))
}

/// The purchase orders whose live debits come to more than their value (the same debit charged
/// on two devices offline, or a PO made smaller since), with how much beyond, in the order of
/// their ids: shown on Money, so a supplier is not charged twice unseen.
pub fn beyond(c: &Commercial, order: &Order) -> Vec<(String, Price)> {
    let mut pos: Vec<&str> = listed(c)
        .into_iter()
        .filter(|(_, p)| p.voided.is_none())
        .map(|(_, p)| p.purchase_order.as_str())
        .collect();
    crate::sorting::sort_dedup(&mut pos);
    pos.into_iter()
        .filter_map(|po_id| {
            let po = order.purchase_orders.get(po_id)?;
            let over = debited_on(c, po_id).saturating_sub(debitable_value(c, po_id, po)?);
            (over > Price::ZERO).then(|| (po_id.to_string(), over))
        })
        .collect()
}

/// Charges a debit back to a purchase order's supplier for a complaint. Refused under an id
/// already in use (it would replace a charge, payments and all), for a complaint or purchase
/// order the order does not have (a blank complaint id names none: the credit would read as
/// 对账's and be charged back), a PO with no supplier, no price or one still to be checked,
/// nothing, no word of what it is for, beyond [`room`], and while money on the PO is in another
/// currency than the PO's.
pub fn debit(
    c: &mut Commercial,
    order: &Order,
    id: &str,
    d: Debiting<'_>,
) -> Result<(), DomainError> {
    if c.payables.contains_key(id) {
        return Err(problem(Field::DebitNote, Issue::Duplicate(id.to_string())));
    }
    if d.complaint.trim().is_empty() || !order.complaints.contains_key(d.complaint) {
        return Err(DomainError::not_found("complaint", d.complaint));
    }
    let po = order
        .purchase_orders
        .get(d.purchase_order)
        .ok_or_else(|| DomainError::not_found("purchase order", d.purchase_order))?;
    if po.supplier.trim().is_empty() {
        return Err(problem(Field::Supplier, Issue::Required));
    }
    if d.amount <= Price::ZERO {
        return Err(problem(Field::DebitAmount, Issue::NotPositive));
    }
    if d.note.trim().is_empty() {
        return Err(problem(Field::DebitNote, Issue::Required));
    }
    // The same chargeback again on this device: refused here rather than left to be a twin.
    let asked = Payable {
        complaint: d.complaint.to_string(),
        purchase_order: d.purchase_order.to_string(),
        amount: d.amount,
        ..Payable::default()
    };
    if c.payables.values().any(|p| stands(p) && alike(p, &asked)) {
        return Err(problem(
            Field::DebitAmount,
            Issue::Duplicate(d.amount.to_string()),
        ));
    }
    if c.po_price_checks.contains_key(d.purchase_order) {
        return Err(problem(Field::UnitPrice, Issue::PriceToCheck));
    }
    let left = room(c, order, d.purchase_order)
        .ok_or_else(|| problem(Field::UnitPrice, Issue::Required))?;
    if d.amount > left {
        return Err(problem(Field::DebitAmount, Issue::MoreThanOwed(left)));
    }
    let currency = c.po_currency(d.purchase_order).to_string();
    // The PO's standing adds its payables up whatever their currency: a debit in another
    // currency than the money already on it would offset CNY as if it were USD.
    if let Some(other) = c
        .payables_for(d.purchase_order)
        .into_iter()
        .filter(|(_, p)| p.voided.is_none())
        .map(|(_, p)| p.currency.trim())
        .find(|cur| !cur.is_empty() && *cur != currency)
    {
        return Err(problem(
            Field::Currency,
            Issue::CurrencyInUse(other.to_string()),
        ));
    }
    c.payables.insert(
        id.to_string(),
        Payable {
            purchase_order: d.purchase_order.to_string(),
            supplier: po.supplier.clone(),
            amount: d.amount,
            kind: PayableKind::Credit,
            currency,
            note: d.note.trim().to_string(),
            raised_by: d.who.trim().to_string(),
            raised: Some(d.today),
            complaint: d.complaint.to_string(),
            ..Payable::default()
        },
    );
    Ok(())
}

/// Voids a debit charged by mistake, saying who and why; it then offsets nothing and stays in
/// the books. Only a debit is voided this way (a 对账 credit follows the deliveries).
pub fn void(c: &mut Commercial, id: &str, who: &str, reason: &str) -> Result<(), DomainError> {
    let said = crate::error::signed_reason(who, reason)?;
    let p = c
        .payables
        .get_mut(id)
        .filter(|p| p.is_debit())
        .ok_or_else(|| DomainError::not_found("debit", id))?;
    if p.voided.is_none() {
        p.voided = Some(said);
    }
    Ok(())
}

/// What the debits that count charge back for one complaint, per currency (POs may be in several).
pub fn of_complaint(c: &Commercial, complaint: &str) -> BTreeMap<String, Price> {
    let mut out: BTreeMap<String, Price> = BTreeMap::new();
    for (id, p) in counted(c) {
        if p.complaint == complaint {
            let sum = out.entry(c.payable_currency(id).to_string()).or_default();
            *sum = add(*sum, p.amount);
        }
    }
    out
}

/// The order's debits, voided ones too, oldest first (by the day charged, then id).
pub fn listed(c: &Commercial) -> Vec<(&String, &Payable)> {
    let mut out: Vec<_> = c.payables.iter().filter(|(_, p)| p.is_debit()).collect();
    crate::sorting::sort_by_key(&mut out, |(id, p)| (p.raised, (*id).clone()));
    out
}
