//! The domain's one error type: every rule that refuses something says which rule, which record and
//! what is wrong, as data — the screens word each variant in the user's language, so nothing here
//! is user-facing text. The `Display` texts are for logs and developers.
//!
//! Errors from reading documents ([`DocError`]) convert into [`DomainError`] so that callers of
//! [`crate::document::commit`] can mix both in one `?` chain.

use thiserror::Error;

use crate::document::DocError;
use crate::gate::Gate;
use crate::problem::Problem;

#[derive(Debug, Error)]
pub enum DomainError {
    #[error(transparent)]
    Document(#[from] DocError),
    /// The status codes ([`crate::order::OrderStatus::code`]) of a move no rule allows.
    #[error("an order cannot go from {from} to {to}")]
    Transition {
        from: &'static str,
        to: &'static str,
    },
    #[error("gate closed: {} — give a reason to override", gate_list(.gates))]
    GateClosed { gates: Vec<Gate> },
    #[error("overriding a gate needs a reason; none was given for {}", gate_list(.gates))]
    OverrideWithoutReason { gates: Vec<Gate> },
    /// Only a shipped, delivered or closed order can be reopened; this holds the status code.
    #[error("an order that is {0} has not shipped: there is nothing to reopen")]
    NotReopenable(&'static str),
    /// Reopening, or keeping a status after concurrent moves, is logged with a reason.
    #[error("this needs a reason, which is logged")]
    ReasonRequired,
    /// `kind` is the record kind in code form ("milestone", "inspection", …).
    #[error("no {kind} with id {id:?} in this document")]
    NotFound { kind: &'static str, id: String },
    #[error("a delay report is only for a milestone late or at risk; {0:?} is neither")]
    NotLate(String),
    #[error("re-inspection {0:?} must point at a failed inspection")]
    NotAFailedInspection(String),
    /// Acceptance at the factory is discontinued (ISO 2859-1 clause 9.4): no new final
    /// inspection until corrective action is recorded.
    #[error("acceptance is discontinued at this factory until corrective action is recorded")]
    Discontinued,
    /// A deposit or balance gate waived on a device that does not hold the order's money: it
    /// cannot tell whether the money came, so only the office that holds it may waive the gate.
    #[error("only a device that holds the order's money can waive a money gate")]
    MoneyNotHere,
    /// A payment request was already approved, rejected or paid: it is decided once.
    #[error("this payment request was already decided")]
    RequestDecided,
    /// Whoever asked for a payment does not approve or reject it: a second person sees the
    /// money leave.
    #[error("a payment request is decided by someone other than who asked")]
    OwnRequest,
    /// Whoever recorded money received does not confirm it arrived: a second person sees it
    /// in the bank before it opens a gate.
    #[error("a receipt is confirmed by someone other than who recorded it")]
    OwnReceipt,
    /// Whoever recorded a buyer's deduction does not confirm it: a second person sees the
    /// debit note before it settles the balance ([`crate::deductions`]).
    #[error("a deduction is confirmed by someone other than who recorded it")]
    OwnDeduction,
    /// A voided deduction counts for nothing and is not confirmed.
    #[error("this deduction was voided")]
    DeductionVoided,
    /// The deduction looks like another (the same debit note, or the same amount on the same
    /// complaint): it is confirmed only once one of the two is voided.
    #[error("this deduction looks like another one entered twice")]
    DeductionTwin,
    /// A withdrawn notice is not acknowledged ([`crate::notices`]).
    #[error("this notice was withdrawn")]
    NoticeWithdrawn,
    /// A voided receipt counts for nothing and is not confirmed.
    #[error("this receipt was voided")]
    ReceiptVoided,
    /// The receipt looks like another (same bank reference, or same amount on the same day):
    /// it is confirmed only once someone says it is money of its own, or the other is voided.
    #[error("this receipt looks like another one entered twice")]
    ReceiptTwin,
    /// The team pays suppliers only against approved requests, and this payment names none.
    #[error("payments need an approved payment request")]
    PaymentWithoutRequest,
    /// A payment names a request that is not approved (waiting, rejected or paid).
    #[error("the payment request is not approved")]
    RequestNotApproved,
    /// A charge raised by hand ([`crate::other_charges`]) is paid only against an approved
    /// payment request, whatever the team's rule: nothing but people bound its amount.
    #[error("a charge raised by hand is paid only against an approved payment request")]
    ChargeWithoutRequest,
    /// Whoever raised a charge by hand does not approve paying it: a second person sees it
    /// before money leaves.
    #[error("a charge raised by hand is approved for payment by someone other than who raised it")]
    OwnCharge,
    /// A voided charge counts for nothing: it is neither asked for nor paid.
    #[error("this charge was voided")]
    ChargeVoided,
    /// A charge with money paid against it is not voided: the money is gone.
    #[error("this charge was paid; it cannot be voided")]
    ChargePaid,
    /// The charge looks like another one entered twice (same supplier, amount and note): it is
    /// asked for or paid only once someone says it is a charge of its own, or the other is voided.
    #[error("this charge looks like another one entered twice")]
    ChargeTwin,
    /// The party is suspended (合格供应商, [`crate::standing`]): no new PO goes to it and no
    /// order moves to it until it is reinstated.
    #[error("this party is suspended: no new work goes to it until it is reinstated")]
    Suspended,
    /// A record breaks a rule about one of its inputs; the screen shows it next to that input.
    #[error("{0}")]
    Problem(Problem),
}

fn gate_list(gates: &[Gate]) -> String {
    gates.iter().map(Gate::code).collect::<Vec<_>>().join(", ")
}

/// A rule broken by one input, said next to it: what every module's refusals are built from.
pub(crate) fn problem(field: crate::problem::Field, issue: crate::problem::Issue) -> DomainError {
    DomainError::Problem(crate::problem::Problem::new(field, issue))
}

/// "who — why" for a record voided or set aside by someone; refused without a why. A device
/// whose person gave no name signs with the why alone: " — why" would read as a name lost.
pub(crate) fn signed_reason(who: &str, reason: &str) -> Result<String, DomainError> {
    if reason.trim().is_empty() {
        return Err(DomainError::ReasonRequired);
    }
    if who.trim().is_empty() {
        return Ok(reason.trim().to_string());
    }
    Ok(format!("{} — {}", who.trim(), reason.trim()))
}

impl DomainError {
    pub fn not_found(kind: &'static str, id: &str) -> DomainError {
        DomainError::NotFound {
            kind,
            id: id.to_string(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_reason_is_signed_by_its_name_and_needs_a_why() {
        assert_eq!(
            signed_reason(" Li ", " typed twice ").unwrap(),
            "Li — typed twice"
        );
        assert_eq!(signed_reason("  ", "typed twice").unwrap(), "typed twice");
        assert!(matches!(
            signed_reason("Li", "  "),
            Err(DomainError::ReasonRequired)
        ));
    }
}
