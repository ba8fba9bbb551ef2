//! 客户扣款: money the buyer keeps back for a complaint — defective pieces credited instead of
//! sent again, a late-delivery penalty — by a debit note against what it owes for the order.
//! Its own module because a deduction settles the balance as a receipt does, so it is the
//! other way to open the balance gate without the buyer's money, and every way around that is
//! closed here:
//!
//! - a deduction names a complaint of the order (the complaint is the order document's, which
//!   a factory may read; its money is here, in the books, which no factory holds), a positive
//!   amount in the books' currency, the day the buyer said it (today at the latest) and, when
//!   known, the buyer's debit-note number;
//! - it is at most what the buyer still owes on this order once confirmed receipts and the
//!   other deductions are counted ([`room`]): a buyer keeping back money it already paid is a
//!   refund, which this is not;
//! - it counts, for the balance and its gate, only once someone other than who recorded it
//!   confirms it ([`DomainError::OwnDeduction`]), as a receipt does: one person alone does not
//!   release a shipment by typing a deduction. A confirmation by its recorder, or of or by
//!   nobody (an empty name), brought by a merge from another build, is none
//!   ([`Deduction::is_confirmed`]); an amount of nothing or less counts for nothing. It never
//!   counts for the deposit: a deduction is not money in, and production does not start on it;
//! - the same debit note entered on two devices offline (the same number, read case, spacing
//!   and full width aside, or, when either has none, the same amount on the same complaint)
//!   counts once after the merge: the later is its twin ([`twins`], the same on every device),
//!   counts for nothing and is not confirmed until one of the two is voided. On one device the
//!   same number twice is refused outright;
//! - a deduction recorded by mistake is voided with who and why and stays in the books; what
//!   merged deductions put beyond what the order owes is shown ([`beyond`]), never hidden.

use std::collections::BTreeMap;

use autosurgeon::{Hydrate, Reconcile};

use crate::commercial::Commercial;
use crate::day::Day;
use crate::error::{problem, DomainError};
use crate::money::Price;
use crate::order::Order;
use crate::problem::{Field, Issue};
use crate::role::{same_text, text_key};

/// What the buyer keeps back: for which complaint, how much (in the books' currency), the day
/// it said so, its debit-note number, a note, who recorded it and when, who confirmed it, and
/// "who — why" when voided.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default, Reconcile, Hydrate)]
pub struct Deduction {
    pub complaint: String,
    pub amount: Price,
    pub agreed: Option<Day>,
    pub reference: String,
    pub note: String,
    pub who: String,
    pub recorded: Option<Day>,
    pub confirmed_by: Option<String>,
    pub voided: Option<String>,
    /// The books' currency when it was recorded (see [`crate::commercial::Receipt::currency`]).
    #[autosurgeon(missing = "Default::default")]
    pub currency: String,
}

crate::record_fields!(Deduction;
    complaint: String,
    amount: Price,
    agreed: Option<Day>,
    reference: String,
    note: String,
    who: String,
    recorded: Option<Day>,
    confirmed_by: Option<String>,
    voided: Option<String>,
    currency: String,
);

impl Deduction {
    pub fn is_live(&self) -> bool {
        self.voided.is_none()
    }

    /// Confirmed by someone named other than who recorded it: only then does it count. A
    /// confirmation by its recorder, or of or by nobody (written so by another build, or on a
    /// device without a name, and brought by a merge), is none: it still waits.
    pub fn is_confirmed(&self) -> bool {
        self.confirmed_by
            .as_deref()
            .is_some_and(|by| two_people(&self.who, by))
    }

    /// Live and for something: an amount of nothing or less (no build records one) counts for
    /// nothing, neither as kept back nor as taking room, and repeats nothing.
    fn stands(&self) -> bool {
        self.is_live() && self.amount > Price::ZERO
    }
}

/// Whether a recorder and a confirmer are two people, as far as names tell: both named, and
/// not the same ([`text_key`], as [`crate::role::same_person`] compares them).
fn two_people(recorder: &str, confirmer: &str) -> bool {
    let (r, c) = (text_key(recorder), text_key(confirmer));
    !r.is_empty() && !c.is_empty() && r != c
}

/// Two deductions that are the same debit note as far as the books can tell: the same number,
/// or, when either has none, the same amount on the same complaint. Two different numbers are
/// two notes whatever their amounts.
fn looks_alike(a: &Deduction, b: &Deduction) -> bool {
    if !text_key(&a.reference).is_empty() && !text_key(&b.reference).is_empty() {
        return same_text(&a.reference, &b.reference);
    }
    a.complaint == b.complaint && a.amount == b.amount
}

/// Each deduction taken for another's second entry, with the one it repeats. Voided ones (and
/// ones for nothing) repeat nothing. Of two alike, the confirmed one stands
/// ([`Deduction::is_confirmed`]: not one its recorder confirmed), then the one recorded first
/// (then by id), so every device names the same twin.
pub fn twins(c: &Commercial) -> BTreeMap<String, String> {
    let mut live: Vec<(&String, &Deduction)> = c
        .deductions
        .iter()
        .filter(|(_, d)| d.stands() && c.in_books_currency(&d.currency))
        .collect();
    crate::sorting::sort_by_key(&mut live, |(id, d)| {
        (!d.is_confirmed(), d.recorded, (*id).clone())
    });
    crate::sorting::first_alike(&live, looks_alike)
}

/// The deductions that count once confirmed: not voided, for something, in the currency the
/// books are kept in, not a twin of another.
pub fn counted(c: &Commercial) -> impl Iterator<Item = (&String, &Deduction)> + '_ {
    let twins = twins(c);
    c.deductions.iter().filter(move |(id, d)| {
        d.stands() && c.in_books_currency(&d.currency) && !twins.contains_key(*id)
    })
}

/// What the deductions that count and pass `keep` come to, at most the largest amount: sums
/// another build's amounts push past the limit neither wrap to a small total nor read as
/// nothing (which hid what they keep back beyond what is owed). No gate opens on such a sum:
/// [`Commercial::settled`] of it overflows, and settles nothing.
fn kept(c: &Commercial, keep: impl Fn(&Deduction) -> bool) -> Price {
    counted(c)
        .filter(|(_, d)| keep(d))
        .fold(Price::ZERO, |sum, (_, d)| {
            sum.checked_add(d.amount)
                .unwrap_or(Price::from_ten_thousandths(i64::MAX))
        })
}

/// What confirmed deductions keep back: what settles the balance beside confirmed receipts.
pub fn deducted(c: &Commercial) -> Price {
    kept(c, Deduction::is_confirmed)
}

/// What deductions recorded and not yet confirmed would keep back.
pub fn unconfirmed(c: &Commercial) -> Price {
    kept(c, |d| !d.is_confirmed())
}

/// The most a new deduction may keep back: what the order owes less confirmed receipts and
/// every deduction that counts, confirmed or not.
pub fn room(c: &Commercial, order: &Order) -> Price {
    c.owed(order)
        .saturating_sub(c.received())
        .saturating_sub(deducted(c))
        .saturating_sub(unconfirmed(c))
}

/// What confirmed deductions keep back beyond what the order owes after confirmed receipts
/// (two devices' deductions merged, or the order shipped short since): shown, not hidden.
pub fn beyond(c: &Commercial, order: &Order) -> Price {
    let deducted = deducted(c);
    let unpaid = c.owed(order).saturating_sub(c.received());
    deducted.saturating_sub(unpaid)
}

/// What confirmed deductions keep back on one complaint.
pub fn of_complaint(c: &Commercial, complaint: &str) -> Price {
    kept(c, |d| d.complaint == complaint && d.is_confirmed())
}

/// What deductions recorded and not yet confirmed would keep back on one complaint.
pub fn waiting_on(c: &Commercial, complaint: &str) -> Price {
    kept(c, |d| d.complaint == complaint && !d.is_confirmed())
}

/// A deduction as typed: for which complaint, the amount, the day the buyer said it, its
/// debit-note number and a note, who records it and the day.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Deducting<'a> {
    pub complaint: &'a str,
    pub amount: Price,
    pub agreed: Day,
    pub reference: &'a str,
    pub note: &'a str,
    pub who: &'a str,
    pub today: Day,
}

/// Records a deduction, waiting for someone else to confirm it. Refused under an id already in
/// use (it would put another note under a confirmation given elsewhere), for a complaint the
/// order does not have, books without a currency, nothing, a day still to come, a debit-note
/// number already recorded, and beyond what the buyer still owes (the most it may be is said).
pub fn record(
    c: &mut Commercial,
    order: &Order,
    id: &str,
    d: Deducting<'_>,
) -> Result<(), DomainError> {
    if c.deductions.contains_key(id) {
        return Err(problem(
            Field::DeductionReference,
            Issue::Duplicate(id.to_string()),
        ));
    }
    if !order.complaints.contains_key(d.complaint) {
        return Err(DomainError::not_found("complaint", d.complaint));
    }
    if c.currency.trim().is_empty() {
        return Err(problem(Field::Currency, Issue::Required));
    }
    if d.amount <= Price::ZERO {
        return Err(problem(Field::DeductionAmount, Issue::NotPositive));
    }
    if d.agreed > d.today {
        return Err(problem(Field::DeductionDay, Issue::InFuture));
    }
    let reference = d.reference.trim();
    if c.deductions
        .values()
        .any(|o| o.is_live() && same_text(&o.reference, reference))
    {
        return Err(problem(
            Field::DeductionReference,
            Issue::Duplicate(reference.to_string()),
        ));
    }
    let left = room(c, order);
    if d.amount > left {
        return Err(problem(Field::DeductionAmount, Issue::MoreThanOwed(left)));
    }
    c.deductions.insert(
        id.to_string(),
        Deduction {
            complaint: d.complaint.to_string(),
            amount: d.amount,
            agreed: Some(d.agreed),
            reference: reference.to_string(),
            note: d.note.trim().to_string(),
            who: d.who.trim().to_string(),
            recorded: Some(d.today),
            confirmed_by: None,
            voided: None,
            currency: c.currency.trim().to_string(),
        },
    );
    Ok(())
}

/// Confirms a deduction (finance saw the buyer's debit note). Whoever recorded it does not, nor
/// anyone while the recorder or the confirmer has no name; a voided one and a twin of another
/// are not confirmed. Confirming one already confirmed changes nothing; one its recorder
/// confirmed (another build) is confirmed again by someone else.
pub fn confirm(c: &mut Commercial, id: &str, who: &str) -> Result<(), DomainError> {
    let twin = twins(c).contains_key(id);
    let in_currency = c
        .deductions
        .get(id)
        .map_or(Ok(()), |d| c.confirmable_in(&d.currency));
    let d = c
        .deductions
        .get_mut(id)
        .ok_or_else(|| DomainError::not_found("deduction", id))?;
    if d.voided.is_some() {
        return Err(DomainError::DeductionVoided);
    }
    if d.is_confirmed() {
        return Ok(());
    }
    in_currency?;
    if !two_people(&d.who, who) {
        return Err(DomainError::OwnDeduction);
    }
    if twin {
        return Err(DomainError::DeductionTwin);
    }
    d.confirmed_by = Some(who.trim().to_string());
    Ok(())
}

/// Voids a deduction recorded by mistake (entered twice, a note the buyer withdrew), saying who
/// and why; it then counts for nothing and stays in the books.
pub fn void(c: &mut Commercial, id: &str, who: &str, reason: &str) -> Result<(), DomainError> {
    let said = crate::error::signed_reason(who, reason)?;
    let d = c
        .deductions
        .get_mut(id)
        .ok_or_else(|| DomainError::not_found("deduction", id))?;
    if d.voided.is_none() {
        d.voided = Some(said);
    }
    Ok(())
}

/// The order's deductions, oldest first (by the day the buyer said it, then when recorded, then
/// id).
pub fn listed(c: &Commercial) -> Vec<(&String, &Deduction)> {
    let mut out: Vec<_> = c.deductions.iter().collect();
    crate::sorting::sort_by_key(&mut out, |(id, d)| (d.agreed, d.recorded, (*id).clone()));
    out
}
