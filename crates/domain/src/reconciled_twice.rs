//! 对账 done twice: the same purchase order reconciled on two devices offline. Each device
//! raised what it saw owed beyond what was already raised, so after the merge the supplier
//! would be owed the goods twice, and both charges could be asked for and paid. Its own module
//! because it is the one way around "reconciling twice never owes a supplier twice" that a
//! single device cannot see.
//!
//! A payable 对账 raises keeps what it found already raised on the order
//! ([`crate::commercial::Payable::raised_before`]). Two raised on the same order from the same
//! total are one reconciliation done twice: one stands and the others are its twins, which
//! owe nothing, are neither asked for nor paid ([`DomainError::ChargeTwin`]), count for
//! nothing in the order's standing (money paid on one offline is beyond it, so owed back or
//! set against the next charge), and are left out when reconciling again — which raises what
//! the standing one did not cover. Which stands is the same on every device: one with money
//! paid against it, then the one owing the supplier least (reconciling again raises the rest,
//! never the other way), then by id.

use std::collections::BTreeMap;

use crate::commercial::{Commercial, Payable};
use crate::error::DomainError;
use crate::money::Price;

impl Commercial {
    /// Each payable raised by a reconciliation another device also did, with the one that
    /// stands. Payables from before (no `raised_before`), debits and charges raised by hand
    /// are never twins.
    pub fn reconciled_twice(&self) -> BTreeMap<String, String> {
        let mut groups: BTreeMap<(&str, i64), Vec<(&String, &Payable)>> = BTreeMap::new();
        for (id, p) in &self.payables {
            let Some(before) = p.raised_before else {
                continue;
            };
            if p.is_debit() || p.is_by_hand() || p.voided.is_some() {
                continue;
            }
            groups
                .entry((p.purchase_order.as_str(), before))
                .or_default()
                .push((id, p));
        }
        let mut out = BTreeMap::new();
        for mut group in groups.into_values().filter(|g| g.len() > 1) {
            crate::sorting::sort_by_key(&mut group, |(id, p)| {
                (self.paid(id) == Price::ZERO, p.signed(), (*id).clone())
            });
            let (stands, _) = group[0];
            for (id, _) in &group[1..] {
                out.insert((*id).clone(), stands.clone());
            }
        }
        out
    }

    /// Refuses asking for or paying a payable that repeats a reconciliation done elsewhere.
    pub(crate) fn not_reconciled_twice(&self, payable: &str) -> Result<(), DomainError> {
        if self.reconciled_twice().contains_key(payable) {
            return Err(DomainError::ChargeTwin);
        }
        Ok(())
    }
}
