//! 付款申请 and 付款跟进: a request to pay (part of) a supplier's payable, decided by someone
//! other than the person who asked, then paid. Its own module because the rules span the
//! payables, the requests and the payments of the books, and because a team may make them the
//! only way money leaves for a supplier ([`crate::lifecycle::Gates::payments_need_approval`]).
//!
//! Every amount is checked where money is committed, against what the books hold then: a
//! request against what is unpaid and not already asked for, an approval against the same
//! (another device's request may have merged in meanwhile), a payment against both its request
//! and its payable. So two devices asking offline for the same invoice never pay it twice.
//! It also says when each charge was paid off, for the KPI "suppliers paid on time"
//! (付款处理能力, [`crate::report_facts::PaidFact`]).

use crate::commercial::{Commercial, Payment, PaymentRequest, RequestStatus};
use crate::day::Day;
use crate::error::DomainError;
use crate::money::Price;
use crate::problem::{Field, Issue, Problem};
use crate::report_facts::PaidFact;

fn amount_problem(issue: Issue) -> DomainError {
    DomainError::Problem(Problem::new(Field::PaymentAmount, issue))
}

/// What a person asks to pay: the payable, the amount and why (the supplier's invoice number,
/// "30 % before delivery").
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ask<'a> {
    pub payable: &'a str,
    pub amount: Price,
    pub who: &'a str,
    pub day: Day,
    pub note: &'a str,
}

impl Commercial {
    /// Paid against one request (payments naming it).
    pub fn request_paid(&self, request: &str) -> Price {
        Price::sum(
            self.payments
                .values()
                .filter(|p| p.request == request)
                .map(|p| p.amount),
        )
        .unwrap_or(Price::ZERO)
    }

    /// What an approved request still lets be paid; nothing for any other.
    pub fn request_unpaid(&self, request: &str) -> Price {
        match self.payment_requests.get(request) {
            Some(r) if r.status == RequestStatus::Approved => {
                r.amount.saturating_sub(self.request_paid(request))
            }
            _ => Price::ZERO,
        }
    }

    /// Asked for and not yet paid on a payable: approved requests less what was paid against
    /// them, and, when `waiting`, the requests waiting too; `except` is left out (the request
    /// being decided).
    fn asked(&self, payable: &str, waiting: bool, except: Option<&str>) -> Price {
        Price::sum(
            self.payment_requests
                .iter()
                .filter(|(id, r)| r.payable == payable && Some(id.as_str()) != except)
                .map(|(id, r)| match r.status {
                    RequestStatus::Pending if waiting => r.amount,
                    RequestStatus::Approved => r.amount.saturating_sub(self.request_paid(id)),
                    _ => Price::ZERO,
                }),
        )
        .unwrap_or(Price::ZERO)
    }

    /// What may still be asked for on a payable: unpaid, less what is asked and not yet paid.
    pub fn requestable(&self, payable: &str) -> Price {
        self.payable_outstanding(payable)
            .saturating_sub(self.asked(payable, true, None))
    }

    /// Records a request to pay `ask.amount` of a payable, waiting for a decision. Refused for
    /// a credit (the supplier owes it), for nothing, or for more than may still be asked.
    pub fn request_payment(&mut self, id: &str, ask: Ask<'_>) -> Result<(), DomainError> {
        match self.payables.get(ask.payable) {
            Some(p) if p.is_charge() => {}
            _ => return Err(DomainError::not_found("payable", ask.payable)),
        }
        // A voided charge raised by hand, or its twin, is not asked for ([`crate::other_charges`]).
        self.hand_charge_open(ask.payable)?;
        if ask.amount <= Price::ZERO {
            return Err(amount_problem(Issue::NotPositive));
        }
        let room = self.requestable(ask.payable);
        if ask.amount > room {
            return Err(amount_problem(Issue::MoreThanOwed(room)));
        }
        self.payment_requests.insert(
            id.to_string(),
            PaymentRequest {
                payable: ask.payable.to_string(),
                amount: ask.amount,
                requested_by: ask.who.to_string(),
                requested: Some(ask.day),
                status: RequestStatus::Pending,
                decided_by: None,
                note: ask.note.trim().to_string(),
            },
        );
        Ok(())
    }

    /// Approves or rejects a waiting request. Whoever asked does not decide (two people see
    /// money leave), nor does whoever raised a hand-raised charge approve paying it
    /// ([`DomainError::OwnCharge`]); a rejection says why; an approval is judged again against what is unpaid
    /// and not already approved, since requests made offline on other devices may have merged
    /// in since it was asked (one waiting beside it commits nothing, so it does not count).
    pub fn decide_request(
        &mut self,
        id: &str,
        approve: bool,
        who: &str,
        note: &str,
    ) -> Result<(), DomainError> {
        let r = self
            .payment_requests
            .get(id)
            .ok_or_else(|| DomainError::not_found("payment request", id))?;
        if r.status != RequestStatus::Pending {
            return Err(DomainError::RequestDecided);
        }
        // The same person however the name was typed ("Li" and "li "), as for receipts and
        // charges raised by hand: two spellings are not four eyes.
        if crate::role::same_person(&r.requested_by, who) || r.requested_by.trim() == who.trim() {
            return Err(DomainError::OwnRequest);
        }
        if !approve && note.trim().is_empty() {
            return Err(DomainError::ReasonRequired);
        }
        if approve {
            // Whoever raised a charge by hand does not approve paying it either
            // ([`crate::other_charges`]): refused here, where it is decided, not only when paid.
            self.check_hand_approval(&r.payable, who)?;
            let room = self
                .payable_outstanding(&r.payable)
                .saturating_sub(self.asked(&r.payable, false, Some(id)));
            if r.amount > room {
                return Err(amount_problem(Issue::MoreThanOwed(room)));
            }
        }
        let r = self
            .payment_requests
            .get_mut(id)
            .ok_or_else(|| DomainError::not_found("payment request", id))?;
        r.status = if approve {
            RequestStatus::Approved
        } else {
            RequestStatus::Rejected
        };
        r.decided_by = Some(who.to_string());
        if !note.trim().is_empty() {
            r.note = if r.note.is_empty() {
                note.trim().to_string()
            } else {
                format!("{} — {}", r.note, note.trim())
            };
        }
        Ok(())
    }

    /// Records a payment to a supplier. A payment naming a request pays only what that
    /// approved request and its payable still leave; one naming none is refused when the team
    /// pays only against approved requests (`need_request`). A request paid in full is marked
    /// paid. `today` is the day it is entered ([`Commercial::record_payment`]).
    pub fn pay(
        &mut self,
        id: &str,
        payment: Payment,
        need_request: bool,
        today: Day,
    ) -> Result<(), DomainError> {
        // A voided charge raised by hand, or its twin, is said as such before any amount is
        // judged; the rest of its rule is `record_payment`'s, on every path.
        self.hand_charge_open(&payment.payable)?;
        if payment.request.is_empty() {
            if need_request {
                return Err(DomainError::PaymentWithoutRequest);
            }
            return self.record_payment(id, payment, today);
        }
        let request = payment.request.clone();
        let r = self
            .payment_requests
            .get(&request)
            .ok_or_else(|| DomainError::not_found("payment request", &request))?;
        if r.status != RequestStatus::Approved {
            return Err(DomainError::RequestNotApproved);
        }
        if r.payable != payment.payable {
            return Err(DomainError::not_found("payable", &payment.payable));
        }
        let room = self
            .request_unpaid(&request)
            .min(self.payable_outstanding(&r.payable));
        if payment.amount > room {
            return Err(amount_problem(Issue::MoreThanOwed(room)));
        }
        self.record_payment(id, payment, today)?;
        if self.request_unpaid(&request) == Price::ZERO {
            if let Some(r) = self.payment_requests.get_mut(&request) {
                r.status = RequestStatus::Paid;
            }
        }
        Ok(())
    }

    /// Requests waiting for a decision, oldest first: what Today asks someone to decide.
    pub fn requests_waiting(&self) -> Vec<(&String, &PaymentRequest)> {
        let mut out: Vec<_> = self
            .payment_requests
            .iter()
            .filter(|(_, r)| r.status == RequestStatus::Pending)
            .collect();
        crate::sorting::sort_by_key(&mut out, |(id, r)| (r.requested, id.as_str()));
        out
    }

    /// Payments naming no request although approval was required when they were made (see
    /// [`crate::lifecycle::Gates::approval_periods`]), each with the first day of the period
    /// it falls in: made on a device that had not yet received the rule, or while another
    /// switched it off. A payment counts from the later of the day typed and the day entered (a
    /// day typed before the rule does not hide one entered after); one with neither day cannot
    /// show it came before any period. Periods stay after the rule is switched off, so payments
    /// made around it stay named. The money is gone; the books say so. (One paid against a
    /// request rejected elsewhere is [`Self::paid_but_rejected`].)
    pub fn paid_without_request(
        &self,
        gates: &crate::lifecycle::Gates,
    ) -> Vec<(&String, &Payment, Day)> {
        let periods = gates.approval_periods();
        let mut out: Vec<_> = self
            .payments
            .iter()
            .filter(|(_, p)| p.request.is_empty())
            .filter_map(|(id, p)| {
                let since = crate::rule_log::period_start(&periods, entered(p))?;
                Some((id, p, since))
            })
            .collect();
        crate::sorting::sort_by_key(&mut out, |(id, p, _)| (p.date, id.as_str()));
        out
    }

    /// The day a charge was paid off: its latest payment's day once nothing is outstanding
    /// ([`Payment::paid_day`]: typed, else entered); its due day only when credits, or payments
    /// stored before either day was kept, settled it; `None` while anything is unpaid, and for a
    /// credit.
    pub fn paid_off(&self, payable: &str) -> Option<Day> {
        let p = self.payables.get(payable)?;
        if !p.is_charge() || self.payable_outstanding(payable) > Price::ZERO {
            return None;
        }
        self.payments
            .values()
            .filter(|x| x.payable == payable)
            .filter_map(Payment::paid_day)
            .max()
            .or(p.due)
    }

    /// Every charge with a due day, with its supplier and the day it was paid off.
    pub fn paid_facts(&self) -> Vec<PaidFact> {
        self.payables
            .iter()
            // A voided charge was never owed ([`crate::other_charges`]).
            .filter(|(_, p)| p.is_charge() && p.voided.is_none())
            .filter_map(|(id, p)| {
                Some(PaidFact {
                    supplier: p.supplier.clone(),
                    due: p.due?,
                    paid: self.paid_off(id),
                })
            })
            .collect()
    }

    /// What was paid against `request` beyond the amount approved: one approved request paid
    /// in full on two devices offline, each within what it allowed there. The money beyond was
    /// approved by nobody; the books say so, and keep saying it (the money is gone, as with
    /// [`Self::paid_but_rejected`]). Nothing for a rejected request, whose every payment is
    /// beyond it.
    pub fn paid_beyond(&self, request: &str) -> Price {
        match self.payment_requests.get(request) {
            Some(r) if r.status != RequestStatus::Rejected => {
                self.request_paid(request).saturating_sub(r.amount)
            }
            _ => Price::ZERO,
        }
    }

    /// Requests that a merge left rejected although money was paid against them (approved on
    /// one device and paid, rejected on another): the books must say so, the money is gone.
    pub fn paid_but_rejected(&self) -> Vec<&String> {
        self.payment_requests
            .iter()
            .filter(|(id, r)| {
                r.status == RequestStatus::Rejected && self.request_paid(id) > Price::ZERO
            })
            .map(|(id, _)| id)
            .collect()
    }
}

/// The day a payment counts from for the rules: the later of the day typed and the day it was
/// entered, so a backdated payment is judged by when it was made.
fn entered(p: &Payment) -> Option<Day> {
    p.recorded.max(p.date)
}
