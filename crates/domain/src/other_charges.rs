//! 其他费用: charges outside any purchase order — freight, courier, a lab's testing fee, sample
//! and inspection fees. A PO's charges are bounded by 对账 (accepted deliveries × its price,
//! [`Commercial::add_payable_for_po`]); these have nothing to check them against but the people
//! who raise and approve them, so this module makes those people count:
//!
//! - a charge names one of the workspace's parties (never a typed name, which no statement or
//!   KPI can follow), a positive amount, and what it is for (the supplier's invoice number), and
//!   keeps who raised it and the day; it is marked as raised by hand (`Payable::by_hand`) so
//!   the screens name it;
//! - it is paid only against an approved payment request (付款申请), **whatever the team's
//!   switch** ([`crate::lifecycle::Gates::payments_need_approval`]), and that request must have
//!   been decided by someone other than who raised the charge ([`DomainError::OwnCharge`]:
//!   refused when the raiser approves, [`Commercial::decide_request`], and again when paid,
//!   for a request approved before that refusal existed or written around it).
//!   Why both: the request's own rule (asker ≠ decider) lets the raiser approve a request a
//!   colleague asked for, and "the raiser does not pay" alone lets a colleague pay an invented
//!   charge without anyone deciding on it. A careful finance lead wants a second person to
//!   have said yes to the amount before money leaves on a charge no 对账 backs; the check is in
//!   [`Commercial::record_payment`], so every way of paying (`pay` with or without a request,
//!   `record_payment` called directly) meets it. Payables typed into the old free-text form
//!   (no purchase order) are judged the same way: nothing bounded them either;
//! - a charge raised by mistake is voided with who and why, unless money was paid against it
//!   ([`DomainError::ChargePaid`]): it stays in the books and owes nothing, so it is on no
//!   total, aging, Today list or KPI;
//! - the same invoice raised on two devices offline (same supplier, currency, amount and note)
//!   is a twin after the merge ([`Commercial::charge_twins`], the same on every device): it
//!   owes nothing and is neither asked for nor paid until someone voids one or says, with a
//!   reason, that it is a charge of its own ([`Commercial::mark_charge_separate`]). Raising it
//!   twice on one device is refused outright.

use std::collections::BTreeMap;

use crate::commercial::{Commercial, Payable, PayableKind, Payment, RequestStatus};
use crate::day::Day;
use crate::error::{problem, DomainError};
use crate::money::Price;
use crate::problem::{Field, Issue};
use crate::role::same_person;
use crate::workspace::{PartyKind, Workspace};

crate::code_enum! {
    /// What a charge outside any purchase order is for.
    pub enum ChargeKind default Freight {
        Freight = "freight",
        Courier = "courier",
        /// Lab tests (fabric, colour fastness, safety).
        Testing = "testing",
        Samples = "samples",
        /// Third-party inspection fees.
        Inspection = "inspection",
        /// Anything else, said in the note ("other" is the macro's unknown-code variant).
        Sundry = "sundry",
    }
}

/// A charge someone raises by hand: to whom (a party id of the workspace), what for, how much,
/// in which currency (empty: the order's), when it is due, and who raises it on which day.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OtherCharge<'a> {
    pub supplier_party_id: &'a str,
    pub kind: ChargeKind,
    pub amount: Price,
    pub currency: &'a str,
    pub due: Option<Day>,
    /// What the charge is for: the supplier's invoice number, "DHL AWB 1234 — samples to buyer".
    pub note: &'a str,
    pub who: &'a str,
    pub today: Day,
}

/// A note as compared for twins: case and spacing do not make two invoices.
fn normalized(note: &str) -> String {
    note.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

impl Commercial {
    /// Two hand-raised charges that are the same invoice as far as the books can tell.
    fn alike(&self, a: &Payable, b: &Payable) -> bool {
        // An empty currency is the order's.
        let cur = |p: &Payable| {
            if p.currency.trim().is_empty() {
                self.currency.clone()
            } else {
                p.currency.trim().to_string()
            }
        };
        a.supplier == b.supplier
            && a.amount == b.amount
            && cur(a) == cur(b)
            && normalized(&a.note) == normalized(&b.note)
    }

    /// Raises a charge outside any purchase order under `id`. Refused for a supplier that is
    /// not one of the workspace's parties (a customer is not paid), for nothing, without a
    /// note, in a currency that is not an ISO code, and when the same charge (same supplier,
    /// currency, amount and note) is already in the books and not voided.
    pub fn add_other_charge(
        &mut self,
        id: &str,
        c: OtherCharge<'_>,
        workspace: &Workspace,
    ) -> Result<(), DomainError> {
        let supplier = c.supplier_party_id.trim();
        if supplier.is_empty() {
            return Err(problem(Field::Supplier, Issue::Required));
        }
        match workspace.parties.get(supplier) {
            Some(p) if p.kind != PartyKind::Customer => {}
            _ => return Err(problem(Field::Supplier, Issue::NotAParty)),
        }
        if c.amount <= Price::ZERO {
            return Err(problem(Field::ChargeAmount, Issue::NotPositive));
        }
        let note = c.note.trim();
        if note.is_empty() {
            return Err(problem(Field::ChargeNote, Issue::Required));
        }
        let currency = c.currency.trim().to_ascii_uppercase();
        if !(currency.is_empty()
            || (currency.len() == 3 && currency.bytes().all(|b| b.is_ascii_uppercase())))
        {
            return Err(problem(Field::Currency, Issue::NotACurrency));
        }
        // Left blank, the charge is in the books' currency as it is now, stamped: read from the
        // books later, a switch of their currency merged from another device would make it
        // another money (a courier's CNY 350 paid as EUR 350).
        let currency = match currency.is_empty() {
            true => self.currency.trim().to_ascii_uppercase(),
            false => currency,
        };
        let charge = Payable {
            purchase_order: String::new(),
            supplier: supplier.to_string(),
            amount: c.amount,
            due: c.due,
            note: note.to_string(),
            kind: PayableKind::Charge,
            currency,
            by_hand: true,
            charge_kind: c.kind,
            raised_by: c.who.trim().to_string(),
            raised: Some(c.today),
            voided: None,
            separate: None,
            complaint: String::new(),
            raised_before: None,
        };
        let twice = self
            .payables
            .values()
            .any(|p| p.is_by_hand() && p.voided.is_none() && self.alike(p, &charge));
        if twice {
            return Err(problem(
                Field::ChargeNote,
                Issue::Duplicate(note.to_string()),
            ));
        }
        self.payables.insert(id.to_string(), charge);
        Ok(())
    }

    /// Each hand-raised charge taken for another's second entry, with the charge it repeats.
    /// Voided charges repeat nothing; one someone said is a charge of its own (`separate`) is
    /// neither a twin nor repeated. Of two alike, the one with money paid against it stands,
    /// then the one raised first (then by id), so every device names the same twin.
    pub fn charge_twins(&self) -> BTreeMap<String, String> {
        let mut order: Vec<(&String, &Payable)> = self
            .payables
            .iter()
            .filter(|(_, p)| p.is_by_hand() && p.voided.is_none() && p.separate.is_none())
            .collect();
        crate::sorting::sort_by_key(&mut order, |(id, p)| {
            (self.paid(id) == Price::ZERO, p.raised, (*id).clone())
        });
        let mut standing: Vec<(&String, &Payable)> = Vec::new();
        let mut twins = BTreeMap::new();
        for (id, p) in order {
            match standing.iter().find(|(_, q)| self.alike(q, p)) {
                Some((of, _)) => {
                    twins.insert(id.clone(), (*of).clone());
                }
                None => standing.push((id, p)),
            }
        }
        twins
    }

    /// The charges raised by hand, voided ones too, oldest first: what Money lists as such.
    pub fn other_charges(&self) -> Vec<(&String, &Payable)> {
        let mut out: Vec<_> = self
            .payables
            .iter()
            .filter(|(_, p)| p.is_by_hand())
            .collect();
        crate::sorting::sort_by_key(&mut out, |(id, p)| (p.raised, id.as_str()));
        out
    }

    /// Refuses asking for or paying a hand-raised charge that was voided or is a twin, and a
    /// payable 对账 raised twice ([`Commercial::reconciled_twice`]).
    pub(crate) fn hand_charge_open(&self, payable: &str) -> Result<(), DomainError> {
        // Nor one 对账 raised that repeats a reconciliation done on another device.
        self.not_reconciled_twice(payable)?;
        let Some(p) = self.payables.get(payable).filter(|p| p.is_by_hand()) else {
            return Ok(());
        };
        if p.voided.is_some() {
            return Err(DomainError::ChargeVoided);
        }
        if self.charge_twins().contains_key(payable) {
            return Err(DomainError::ChargeTwin);
        }
        Ok(())
    }

    /// Refuses `who` approving a request to pay a hand-raised charge they raised: the request
    /// would then be theirs alone ([`DomainError::OwnCharge`]). Charges raised from a PO pass.
    pub(crate) fn check_hand_approval(&self, payable: &str, who: &str) -> Result<(), DomainError> {
        match self.payables.get(payable) {
            Some(p) if p.is_by_hand() && same_person(who, &p.raised_by) => {
                Err(DomainError::OwnCharge)
            }
            _ => Ok(()),
        }
    }

    /// The rule for money leaving on a hand-raised charge (see the module's header): open, and
    /// paid against an approved request for it, decided by someone other than who raised it,
    /// for no more than the request still lets be paid. Charges raised from a PO pass.
    pub(crate) fn check_hand_payment(&self, payment: &Payment) -> Result<(), DomainError> {
        let Some(p) = self
            .payables
            .get(&payment.payable)
            .filter(|p| p.is_by_hand())
        else {
            return Ok(());
        };
        self.hand_charge_open(&payment.payable)?;
        if payment.request.trim().is_empty() {
            return Err(DomainError::ChargeWithoutRequest);
        }
        let r = self
            .payment_requests
            .get(&payment.request)
            .ok_or_else(|| DomainError::not_found("payment request", &payment.request))?;
        if r.payable != payment.payable {
            return Err(DomainError::not_found("payable", &payment.payable));
        }
        if r.status != RequestStatus::Approved {
            return Err(DomainError::RequestNotApproved);
        }
        if r.decided_by
            .as_deref()
            .is_none_or(|d| same_person(d, &p.raised_by))
        {
            return Err(DomainError::OwnCharge);
        }
        let room = self.request_unpaid(&payment.request);
        if payment.amount > room {
            return Err(problem(Field::PaymentAmount, Issue::MoreThanOwed(room)));
        }
        Ok(())
    }

    /// Voids a charge raised by hand (entered by mistake, the supplier withdrew its invoice),
    /// saying who and why; it then owes nothing and stays in the books. Refused once money was
    /// paid against it (the money is gone: that is a refund to follow, not a void), and for a
    /// PO's payable, which 对账 keeps in step with the goods.
    pub fn void_charge(&mut self, id: &str, who: &str, reason: &str) -> Result<(), DomainError> {
        let said = crate::error::signed_reason(who, reason)?;
        let paid = self.paid(id);
        let p = self
            .payables
            .get_mut(id)
            .filter(|p| p.is_by_hand())
            .ok_or_else(|| DomainError::not_found("charge raised by hand", id))?;
        if paid > Price::ZERO {
            return Err(DomainError::ChargePaid);
        }
        if p.voided.is_none() {
            p.voided = Some(said);
        }
        Ok(())
    }

    /// Says a charge that looks like another (same supplier, amount and note) is a charge of
    /// its own, with who and why; it then counts beside the other.
    pub fn mark_charge_separate(
        &mut self,
        id: &str,
        who: &str,
        reason: &str,
    ) -> Result<(), DomainError> {
        let said = crate::error::signed_reason(who, reason)?;
        let p = self
            .payables
            .get_mut(id)
            .filter(|p| p.is_by_hand())
            .ok_or_else(|| DomainError::not_found("charge raised by hand", id))?;
        if p.separate.is_none() {
            p.separate = Some(said);
        }
        Ok(())
    }
}
