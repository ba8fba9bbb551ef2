//! 收款 and 到账确认: money received from the customer is recorded by one person and counts only
//! once someone else confirms it arrived, so nobody opens the deposit or balance gate alone.
//! Its own module because receipts are what releases production and shipment, and every way
//! they could count twice or count unseen is closed here:
//!
//! - whoever recorded a receipt does not confirm it ([`DomainError::OwnReceipt`]);
//! - a receipt entered on two devices offline (the same bank reference, or the same amount on
//!   the same day) counts once after the merge: the later is its twin, named on Money, and is
//!   confirmed only once someone says why it is money of its own ([`Commercial::receipt_twins`]);
//! - a receipt recorded by mistake is voided with who and why, and stays in the books;
//! - a receipt keeps the currency it was recorded in: merged with a switch of the books to
//!   another currency made elsewhere, it counts for nothing rather than as that currency's
//!   money ([`Commercial::in_books_currency`]).

use std::collections::BTreeMap;

use crate::commercial::{Commercial, Receipt};
use crate::day::Day;
use crate::error::DomainError;
use crate::money::Price;
use crate::problem::{Field, Issue, Problem};
use crate::role::{same_person, same_text, text_key};

/// Money someone says came in: the amount, the day it came, the bank's reference when known,
/// who records it and the day they do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Takings<'a> {
    pub amount: Price,
    pub date: Day,
    pub reference: &'a str,
    pub note: &'a str,
    pub who: &'a str,
    pub today: Day,
}

/// Two receipts that are the same money as far as the books can tell: the same bank
/// reference, or, when either has none, the same amount on the same day. Two different
/// references are two transfers whatever their amounts.
fn looks_alike(a: &Receipt, b: &Receipt) -> bool {
    if !text_key(&a.reference).is_empty() && !text_key(&b.reference).is_empty() {
        return same_text(&a.reference, &b.reference);
    }
    a.amount == b.amount && a.date.is_some() && a.date == b.date
}

impl Commercial {
    /// Each receipt taken for another's second entry, with the receipt it repeats. Voided
    /// receipts repeat nothing; one that someone said is money of its own (`separate`) is
    /// neither a twin nor repeated, whichever of the two it sorts as. Of two alike, the
    /// confirmed one stands, then the one entered first (then by id), so every device names
    /// the same twin.
    pub fn receipt_twins(&self) -> BTreeMap<String, String> {
        let mut order: Vec<(&String, &Receipt)> = self
            .receipts
            .iter()
            .filter(|(_, r)| r.voided.is_none() && self.in_books_currency(&r.currency))
            .collect();
        crate::sorting::sort_by_key(&mut order, |(id, r)| {
            (r.confirmed_by.is_none(), r.recorded, (*id).clone())
        });
        let mut standing: Vec<(&String, &Receipt)> = Vec::new();
        let mut twins = BTreeMap::new();
        for (id, r) in order {
            let first = r
                .separate
                .is_none()
                .then(|| {
                    standing
                        .iter()
                        .find(|(_, s)| s.separate.is_none() && looks_alike(s, r))
                })
                .flatten();
            match first {
                Some((of, _)) => {
                    twins.insert(id.clone(), (*of).clone());
                }
                None => standing.push((id, r)),
            }
        }
        twins
    }

    /// The receipts that count toward what was received once confirmed: not voided, in the
    /// currency the books are kept in ([`Commercial::in_books_currency`]), not a twin of
    /// another.
    pub fn counted_receipts(&self) -> impl Iterator<Item = (&String, &Receipt)> + '_ {
        let twins = self.receipt_twins();
        self.receipts.iter().filter(move |(id, r)| {
            r.voided.is_none() && self.in_books_currency(&r.currency) && !twins.contains_key(*id)
        })
    }

    /// Records money received, waiting for someone else to confirm it. Refused for nothing,
    /// for a day still to come, and for a bank reference already recorded (that transfer is
    /// in the books).
    pub fn record_receipt(&mut self, id: &str, t: Takings<'_>) -> Result<(), DomainError> {
        let problem = |field, issue| DomainError::Problem(Problem::new(field, issue));
        if t.amount <= Price::ZERO {
            return Err(problem(Field::ReceiptAmount, Issue::NotPositive));
        }
        if t.date > t.today {
            return Err(problem(Field::ReceiptDate, Issue::InFuture));
        }
        let reference = t.reference.trim();
        if self
            .receipts
            .values()
            .any(|r| r.voided.is_none() && same_text(&r.reference, reference))
        {
            return Err(problem(
                Field::ReceiptReference,
                Issue::Duplicate(reference.to_string()),
            ));
        }
        self.receipts.insert(
            id.to_string(),
            Receipt {
                amount: t.amount,
                date: Some(t.date),
                confirmed_by: None,
                note: t.note.trim().to_string(),
                recorded_by: t.who.trim().to_string(),
                recorded: Some(t.today),
                reference: reference.to_string(),
                voided: None,
                separate: None,
                currency: self.currency.trim().to_string(),
            },
        );
        Ok(())
    }

    /// Confirms a receipt arrived (到账确认). Whoever recorded it does not; a voided receipt,
    /// one recorded in a currency the books are no longer kept in, and a twin of another (until someone says it is separate money) are not confirmed.
    /// Confirming one already confirmed changes nothing.
    pub fn confirm_receipt(&mut self, id: &str, who: &str) -> Result<(), DomainError> {
        let twin = self.receipt_twins().contains_key(id);
        let in_currency = self
            .receipts
            .get(id)
            .map_or(Ok(()), |r| self.confirmable_in(&r.currency));
        let r = self
            .receipts
            .get_mut(id)
            .ok_or_else(|| DomainError::not_found("receipt", id))?;
        if r.voided.is_some() {
            return Err(DomainError::ReceiptVoided);
        }
        if r.confirmed_by.is_some() {
            return Ok(());
        }
        in_currency?;
        if same_person(&r.recorded_by, who) {
            return Err(DomainError::OwnReceipt);
        }
        if twin {
            return Err(DomainError::ReceiptTwin);
        }
        r.confirmed_by = Some(who.trim().to_string());
        Ok(())
    }

    /// Voids a receipt recorded by mistake (entered twice, a transfer that bounced), saying
    /// who and why; it then counts for nothing and stays in the books.
    pub fn void_receipt(&mut self, id: &str, who: &str, reason: &str) -> Result<(), DomainError> {
        let said = crate::error::signed_reason(who, reason)?;
        let r = self
            .receipts
            .get_mut(id)
            .ok_or_else(|| DomainError::not_found("receipt", id))?;
        if r.voided.is_none() {
            r.voided = Some(said);
        }
        Ok(())
    }

    /// Says a receipt that looks like another (same amount, same day) is money of its own
    /// ("two transfers for two invoices"), with who and why; it then counts beside the other.
    pub fn mark_receipt_separate(
        &mut self,
        id: &str,
        who: &str,
        reason: &str,
    ) -> Result<(), DomainError> {
        let said = crate::error::signed_reason(who, reason)?;
        let r = self
            .receipts
            .get_mut(id)
            .ok_or_else(|| DomainError::not_found("receipt", id))?;
        if r.separate.is_none() {
            r.separate = Some(said);
        }
        Ok(())
    }
}
