//! 退款跟进: money a supplier owes back on a purchase order, and the refunds that settle it. Its
//! own module because it is where the books meet the one payment rule a merge can break: each
//! device refuses to pay beyond what it knows is owed, yet two devices paying one invoice
//! offline both stand once they meet. The money is gone; the books must then say so, offset it
//! against the PO's next charge rather than let it be paid again, and follow it until the
//! supplier sends it back.
//!
//! A purchase order's standing ([`Standing`]) counts what is to the team's good: credits for
//! goods rejected after their payable was raised, and payments beyond the charge they paid.
//! Refunds settle it, but never beyond what was owed back: a refund entered twice (two devices,
//! offline) is named ([`Standing::refunded_beyond`]) and voided with a reason, and never makes
//! the team owe the supplier again, so it cannot send money out a second time either.

use crate::commercial::{Commercial, Payment, Refund};
use crate::error::DomainError;
use crate::money::Price;
use crate::problem::{Field, Issue, Problem};

/// A purchase order's money seen from the team's side, in ten-thousandths of its currency.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Standing {
    /// What its charges still leave unpaid, charge by charge, before anything offsets them.
    unpaid: i64,
    credits: i64,
    /// Payments beyond the charge each paid, charge by charge.
    excess: i64,
    /// Refunds not voided.
    refunded: i64,
}

impl Standing {
    /// The refunds that count: at most what was ever to the team's good (credits and excess
    /// payments), so a refund entered twice settles nothing twice.
    fn applied(&self) -> i64 {
        self.refunded.min(self.credits.saturating_add(self.excess))
    }

    /// What offsets the PO's unpaid charges: credits and excess payments less the refunds that
    /// settled them. Never negative, so no refund makes a charge owed again.
    pub(crate) fn net(&self) -> Price {
        Price::from_ten_thousandths(
            self.credits
                .saturating_add(self.excess)
                .saturating_sub(self.applied())
                .max(0),
        )
    }

    /// What the supplier still owes back: what is to the team's good beyond the PO's unpaid
    /// charges.
    pub fn owed_back(&self) -> Price {
        Price::from_ten_thousandths(
            self.net()
                .ten_thousandths()
                .saturating_sub(self.unpaid)
                .max(0),
        )
    }

    /// Refunds recorded beyond what was ever owed back: one entered twice, or a typo. They count
    /// for nothing until someone decides (voids one, or corrects the charges).
    pub fn refunded_beyond(&self) -> Price {
        Price::from_ten_thousandths(self.refunded - self.applied())
    }
}

/// A charge paid beyond its amount, with the payments against it, oldest first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Overpaid<'a> {
    pub payable: &'a str,
    pub purchase_order: &'a str,
    pub charged: Price,
    pub paid: Price,
    pub payments: Vec<(&'a String, &'a Payment)>,
}

impl Overpaid<'_> {
    /// Paid beyond the charge.
    pub fn beyond(&self) -> Price {
        self.paid.saturating_sub(self.charged)
    }
}

impl Commercial {
    /// The refunds recorded against a purchase order, voided ones too.
    pub fn refunds_for(&self, purchase_order: &str) -> Vec<(&String, &Refund)> {
        self.refunds
            .iter()
            .filter(|(_, r)| r.purchase_order == purchase_order)
            .collect()
    }

    /// The money of one purchase order ([`Standing`]).
    pub fn standing(&self, purchase_order: &str) -> Standing {
        let mut s = Standing::default();
        // A reconciliation done twice owes nothing twice ([`crate::reconciled_twice`]): its
        // twin charges nothing, and what was paid on it is beyond it.
        let again = self.reconciled_twice();
        // The same debit charged on two devices offsets once ([`crate::factory_debits::twins`]).
        let debited_twice = crate::factory_debits::twins(self);
        for (id, p) in self.payables_for(purchase_order) {
            let amount = if again.contains_key(id) || debited_twice.contains_key(id) {
                0
            } else {
                p.amount.ten_thousandths()
            };
            if p.is_credit() {
                // A debit voided offsets nothing ([`crate::factory_debits`]), nor does a credit
                // of nothing or less another build wrote.
                if p.voided.is_none() && amount > 0 {
                    s.credits = s.credits.saturating_add(amount);
                }
                continue;
            }
            if !p.is_charge() {
                // A kind this build does not know charges nothing and credits nothing.
                continue;
            }
            let paid = self.paid(id).ten_thousandths();
            s.unpaid = s.unpaid.saturating_add(amount.saturating_sub(paid).max(0));
            s.excess = s.excess.saturating_add(paid.saturating_sub(amount).max(0));
        }
        for (_, r) in self.refunds_for(purchase_order) {
            // A refund of nothing or less (another build's) settles nothing and owes nothing.
            if r.voided.is_none() && r.amount > Price::ZERO {
                s.refunded = s.refunded.saturating_add(r.amount.ten_thousandths());
            }
        }
        s
    }

    /// Charges paid beyond their amount (the same invoice paid from two devices offline), in
    /// the order of their ids.
    pub fn overpaid(&self) -> Vec<Overpaid<'_>> {
        let mut out = Vec::new();
        let again = self.reconciled_twice();
        for (id, p) in self.payables.iter().filter(|(_, p)| p.is_charge()) {
            let paid = self.paid(id);
            // A voided charge owes nothing: money paid on it (a void merged with a payment made
            // elsewhere) is all beyond it.
            let charged = if p.voided.is_some() || again.contains_key(id) {
                Price::ZERO
            } else {
                p.amount
            };
            if paid <= charged {
                continue;
            }
            let mut payments: Vec<_> = self
                .payments
                .iter()
                .filter(|(_, x)| x.payable == *id)
                .collect();
            crate::sorting::sort_by_key(&mut payments, |(k, x)| (x.date, k.as_str()));
            out.push(Overpaid {
                payable: id,
                purchase_order: &p.purchase_order,
                charged,
                paid,
                payments,
            });
        }
        out
    }

    /// The purchase orders whose supplier owes money back, with how much, in the order of
    /// their ids: what Today follows until refunded or offset.
    pub fn owed_back(&self) -> Vec<(&str, Price)> {
        let mut pos: Vec<&str> = self
            .payables
            .values()
            .map(|p| p.purchase_order.as_str())
            // Charges raised by hand have no purchase order to follow ([`Commercial::overpaid`]
            // names one paid beyond its amount).
            .filter(|po| !po.trim().is_empty())
            .collect();
        crate::sorting::sort_dedup(&mut pos);
        pos.into_iter()
            .map(|po| (po, self.credit_balance(po)))
            .filter(|(_, b)| *b > Price::ZERO)
            .collect()
    }

    /// Records money a supplier sent back against a purchase order, in the PO's currency.
    /// Refused for nothing, in another currency, or beyond what the supplier owes back now.
    pub fn record_refund(&mut self, id: &str, mut refund: Refund) -> Result<(), DomainError> {
        let problem = |field, issue| DomainError::Problem(Problem::new(field, issue));
        if self.payables_for(&refund.purchase_order).is_empty() {
            return Err(DomainError::not_found(
                "purchase order payables",
                &refund.purchase_order,
            ));
        }
        let cur = self.po_currency(&refund.purchase_order).to_string();
        if refund.currency.trim().is_empty() {
            refund.currency = cur;
        } else if refund.currency.trim() != cur {
            return Err(problem(Field::Currency, Issue::NotACurrency));
        }
        if refund.amount <= Price::ZERO {
            return Err(problem(Field::RefundAmount, Issue::NotPositive));
        }
        let owed = self.credit_balance(&refund.purchase_order);
        if refund.amount > owed {
            return Err(problem(Field::RefundAmount, Issue::MoreThanOwedBack(owed)));
        }
        refund.voided = None;
        refund.note = refund.note.trim().to_string();
        self.refunds.insert(id.to_string(), refund);
        Ok(())
    }

    /// Voids a refund recorded by mistake (entered twice, a typo), saying who and why; it then
    /// counts for nothing and stays in the books.
    pub fn void_refund(&mut self, id: &str, who: &str, reason: &str) -> Result<(), DomainError> {
        let said = crate::error::signed_reason(who, reason)?;
        let r = self
            .refunds
            .get_mut(id)
            .ok_or_else(|| DomainError::not_found("refund", id))?;
        if r.voided.is_none() {
            r.voided = Some(said);
        }
        Ok(())
    }
}
