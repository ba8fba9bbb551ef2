//! 不良品退货: defective pieces the buyer sends back under a complaint, and what becomes of them
//! — reworked at the factory and sent again, replaced with new pieces, or scrapped. Kept on the
//! order (a factory holding it reworks what came back; no money is here: a credit the buyer
//! takes instead is agreed in the books), keyed by random id so returns recorded on two devices
//! both stay.
//!
//! What a merchandiser relies on:
//! - a return names an open complaint of the order, a day that has come, and pieces: with the
//!   ones already back on that complaint, at most the pieces the complaint found defective (or,
//!   when it counted none, what was ordered);
//! - pieces to rework or replace are followed until they are sent again (on Today, whatever the
//!   complaint's state after a merge), and the complaint is not resolved or closed before
//!   ([`crate::complaints::handle`]);
//! - a return entered by mistake is voided with who and why and stays on the record.

use autosurgeon::{Hydrate, Reconcile};

use crate::day::Day;
use crate::error::DomainError;
use crate::order::Order;
use crate::problem::{Field, Issue, Problem};

crate::code_enum! {
    pub enum Disposition default Rework {
        /// Reworked at the factory and sent again (返工后重发).
        Rework = "rework",
        /// Replaced with new pieces (补货).
        Replace = "replace",
        /// Scrapped; nothing is sent again (报废).
        Scrap = "scrap",
    }
}

impl Disposition {
    /// The buyer gets pieces again, which are followed until sent.
    pub fn sends_again(&self) -> bool {
        !matches!(self, Disposition::Scrap)
    }
}

/// When the reworked or new pieces went back to the buyer, who recorded it, and a note (the
/// courier's number).
#[derive(Debug, Clone, PartialEq, Eq, Default, Reconcile, Hydrate)]
pub struct Resent {
    pub day: Option<Day>,
    pub who: String,
    pub note: String,
}

crate::record_fields!(Resent;
    day: Option<Day>,
    who: String,
    note: String,
);

/// Pieces that came back under a complaint.
#[derive(Debug, Clone, PartialEq, Eq, Default, Reconcile, Hydrate)]
pub struct GoodsReturn {
    /// The complaint's record id.
    pub complaint: String,
    pub qty: u64,
    /// The day the pieces came back.
    pub received: Option<Day>,
    pub disposition: Disposition,
    pub note: String,
    /// Who recorded it, and the day.
    pub who: String,
    pub recorded: Option<Day>,
    pub resent: Option<Resent>,
    /// "who — why" once voided.
    pub voided: String,
}

crate::record_fields!(GoodsReturn;
    complaint: String,
    qty: u64,
    received: Option<Day>,
    disposition: Disposition,
    note: String,
    who: String,
    recorded: Option<Day>,
    resent: Option<Resent>,
    voided: String,
);

impl GoodsReturn {
    pub fn is_void(&self) -> bool {
        !self.voided.is_empty()
    }

    /// Pieces to send the buyer again, not sent yet.
    pub fn awaits_resending(&self) -> bool {
        !self.is_void() && self.disposition.sends_again() && self.resent.is_none()
    }
}

/// A return as typed: the complaint, the pieces, the day they came back, what becomes of them,
/// a note, who records it and today.
pub struct NewReturn<'a> {
    pub complaint: &'a str,
    pub qty: u64,
    pub received: Day,
    pub disposition: Disposition,
    pub note: &'a str,
    pub who: &'a str,
    pub today: Day,
}

fn bad(field: Field, issue: Issue) -> DomainError {
    DomainError::Problem(Problem::new(field, issue))
}

/// The pieces back so far on complaint `complaint` (voided returns aside).
pub fn returned_on(order: &Order, complaint: &str) -> u64 {
    order
        .goods_returns
        .values()
        .filter(|r| r.complaint == complaint && !r.is_void())
        .map(|r| r.qty)
        .sum()
}

/// The most pieces complaint `complaint` can have back: those it found defective, else what
/// was ordered.
pub fn most_returnable(order: &Order, complaint: &crate::complaints::Complaint) -> u64 {
    match complaint.defective_qty {
        0 => order.quantities.total(),
        n => n,
    }
}

/// Records a return under `id` (see the module's rules).
pub fn record(order: &mut Order, id: &str, r: NewReturn<'_>) -> Result<(), DomainError> {
    let complaint = order
        .complaints
        .get(r.complaint)
        .ok_or_else(|| DomainError::not_found("complaint", r.complaint))?;
    if !complaint.is_open() {
        return Err(bad(Field::ReturnQty, Issue::ComplaintNotOpen));
    }
    if r.qty == 0 {
        return Err(bad(Field::ReturnQty, Issue::NotPositive));
    }
    let room = most_returnable(order, complaint).saturating_sub(returned_on(order, r.complaint));
    if r.qty > room {
        return Err(bad(Field::ReturnQty, Issue::AtMost(room)));
    }
    if r.received > r.today {
        return Err(bad(Field::ReturnDay, Issue::InFuture));
    }
    order.goods_returns.insert(
        id.to_string(),
        GoodsReturn {
            complaint: r.complaint.to_string(),
            qty: r.qty,
            received: Some(r.received),
            disposition: r.disposition,
            note: r.note.trim().to_string(),
            who: r.who.trim().to_string(),
            recorded: Some(r.today),
            ..GoodsReturn::default()
        },
    );
    Ok(())
}

fn live_mut<'a>(order: &'a mut Order, id: &str) -> Result<&'a mut GoodsReturn, DomainError> {
    let r = order
        .goods_returns
        .get_mut(id)
        .ok_or_else(|| DomainError::not_found("return", id))?;
    if r.is_void() {
        return Err(bad(Field::ReturnQty, Issue::Cancelled));
    }
    Ok(r)
}

/// Records that the reworked or new pieces went back to the buyer on `day` (not before they
/// came back, not after today), once.
pub fn resend(
    order: &mut Order,
    id: &str,
    day: Day,
    (who, note, today): (&str, &str, Day),
) -> Result<(), DomainError> {
    let r = live_mut(order, id)?;
    if !r.awaits_resending() {
        return Err(bad(Field::ResentDay, Issue::NothingToResend));
    }
    if day > today {
        return Err(bad(Field::ResentDay, Issue::InFuture));
    }
    if r.received.is_some_and(|got| day < got) {
        return Err(bad(Field::ResentDay, Issue::BeforeArrival));
    }
    r.resent = Some(Resent {
        day: Some(day),
        who: who.trim().to_string(),
        note: note.trim().to_string(),
    });
    Ok(())
}

/// Voids a return entered by mistake, saying who and why; it stays on the record.
pub fn void(order: &mut Order, id: &str, who: &str, reason: &str) -> Result<(), DomainError> {
    let said = crate::error::signed_reason(who, reason)?;
    live_mut(order, id)?.voided = said;
    Ok(())
}

/// The returns of complaint `complaint`, by the day they came back then id.
pub fn of_complaint<'o>(order: &'o Order, complaint: &str) -> Vec<(&'o String, &'o GoodsReturn)> {
    let mut out: Vec<_> = order
        .goods_returns
        .iter()
        .filter(|(_, r)| r.complaint == complaint)
        .collect();
    crate::sorting::sort_by_key(&mut out, |(id, r)| (r.received, (*id).clone()));
    out
}

/// The returns whose pieces are still to send again, by the day they came back then id.
pub fn awaiting(order: &Order) -> Vec<(&String, &GoodsReturn)> {
    let mut out: Vec<_> = order
        .goods_returns
        .iter()
        .filter(|(_, r)| r.awaits_resending())
        .collect();
    crate::sorting::sort_by_key(&mut out, |(id, r)| (r.received, (*id).clone()));
    out
}
