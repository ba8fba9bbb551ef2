//! The order's deposit terms, once planned, lowered only with a reason (订金条款变更). The
//! deposit share is typed on the money screen, and the deposit gate waits for it: lowering it
//! from 30 % to the 10 % already received would open the gate with no trace. So a plan made
//! again with a smaller share needs a reason and is logged with who and the day; a first plan,
//! and raising the share, need none (raising is logged too). Each first plan is kept: two made
//! on two devices offline leave the highest share standing until someone plans again
//! ([`Commercial::deposit_share_bp`]).

use autosurgeon::{Hydrate, Reconcile};

use crate::commercial::Commercial;
use crate::day::Day;
use crate::error::DomainError;
use crate::order::Order;

/// A change of the deposit share after it was planned: from and to (basis points), who, the
/// day and why.
#[derive(Debug, Clone, PartialEq, Eq, Default, Reconcile, Hydrate)]
pub struct TermsChange {
    pub from_bp: u32,
    pub to_bp: u32,
    pub who: String,
    pub day: Option<Day>,
    pub reason: String,
}

crate::record_fields!(TermsChange;
    from_bp: u32,
    to_bp: u32,
    who: String,
    day: Option<Day>,
    reason: String,
);

/// Who plans, the day, why (needed to lower the share) and the record id of the change.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Planner<'a> {
    pub who: &'a str,
    pub today: Day,
    pub reason: &'a str,
    pub change_id: &'a str,
}

impl Commercial {
    /// Whether deposit and balance were planned already (a share was agreed).
    pub fn is_planned(&self) -> bool {
        self.receivables.deposit.amount.is_some()
    }

    /// Plans deposit and balance with a deposit of `bp` basis points
    /// ([`Commercial::plan_receivables`]). Once planned, a smaller share is refused without a
    /// reason; any change of the share is logged. Nothing changes when planning is refused.
    pub fn plan_with_deposit(
        &mut self,
        order: &Order,
        bp: u32,
        by: Planner<'_>,
    ) -> Result<(), DomainError> {
        let from = self.deposit_share_bp();
        let changed = self.is_planned() && bp != from;
        if changed && bp < from && by.reason.trim().is_empty() {
            return Err(DomainError::ReasonRequired);
        }
        let mut next = self.clone();
        next.terms.deposit_bp = bp;
        next.plan_receivables(order)?;
        if !self.is_planned() {
            next.first_plans.insert(by.change_id.to_string(), bp);
        }
        if changed {
            next.terms_changes.insert(
                by.change_id.to_string(),
                TermsChange {
                    from_bp: from,
                    to_bp: bp,
                    who: by.who.trim().to_string(),
                    day: Some(by.today),
                    reason: by.reason.trim().to_string(),
                },
            );
        }
        *self = next;
        Ok(())
    }

    /// The deposit share the terms stand at: the one planned, or, while two first plans made
    /// on two devices offline stand with no change made since, the highest of them — the
    /// merge keeps one share of the two, and the lower one opened the deposit gate on the
    /// lesser money with no trace. A plan made after knows of both: a lower share then needs
    /// its reason ([`Commercial::plan_with_deposit`]).
    pub fn deposit_share_bp(&self) -> u32 {
        match self.first_plans_apart() {
            Some((_, high)) => high.max(self.terms.deposit_bp),
            None => self.terms.deposit_bp,
        }
    }

    /// Two first plans with different shares and no change since: the lowest and highest.
    pub fn first_plans_apart(&self) -> Option<(u32, u32)> {
        if !self.terms_changes.is_empty() {
            return None;
        }
        let low = self.first_plans.values().min()?;
        let high = self.first_plans.values().max()?;
        (low != high).then_some((*low, *high))
    }

    /// The changes of the deposit share, oldest first.
    pub fn terms_log(&self) -> Vec<(&String, &TermsChange)> {
        let mut out: Vec<_> = self.terms_changes.iter().collect();
        crate::sorting::sort_by_key(&mut out, |(id, c)| (c.day, (*id).clone()));
        out
    }
}
