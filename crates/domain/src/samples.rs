//! Samples (打板/样品): what was sent to the buyer, in which round, how it travelled and what the
//! buyer said.
//!
//! Each submission is its own record in a map keyed by id, so a second round never overwrites the
//! first and two people logging samples offline both keep theirs. Whether the required approvals
//! are in is derived here for the production gate.

use autosurgeon::{Hydrate, Reconcile};

use crate::day::Day;
use crate::order::Order;

crate::code_enum! {
    pub enum SampleKind default LabDip {
        LabDip = "lab_dip",
        StrikeOff = "strike_off",
        Fit = "fit",
        SizeSet = "size_set",
        PreProduction = "pp",
        Shipping = "shipping",
        Misc = "other",
    }
}

crate::code_enum! {
    pub enum SampleResult default Pending {
        Pending = "pending",
        Approved = "approved",
        Rejected = "rejected",
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Reconcile, Hydrate)]
pub struct Sample {
    pub kind: SampleKind,
    /// 1 for the first submission, 2 for the resubmission after comments…
    pub round: u32,
    pub sent: Option<Day>,
    pub courier: String,
    pub tracking_no: String,
    pub result: SampleResult,
    /// The buyer's comments (why rejected, what to correct).
    pub comments: String,
    pub approved: Option<Day>,
}

impl Sample {
    pub fn is_approved(&self) -> bool {
        self.result == SampleResult::Approved
    }
}

crate::record_fields!(Sample;
    kind: SampleKind,
    round: u32,
    sent: Option<Day>,
    courier: String,
    tracking_no: String,
    result: SampleResult,
    comments: String,
    approved: Option<Day>,
);

/// True when the latest round of `kind` (highest round, then latest sent) is approved.
pub fn kind_approved(order: &Order, kind: &SampleKind) -> bool {
    order
        .samples
        .iter()
        .filter(|(_, s)| &s.kind == kind)
        .max_by(|a, b| (a.1.round, a.1.sent, a.0).cmp(&(b.1.round, b.1.sent, b.0)))
        .is_some_and(|(_, s)| s.is_approved())
}

/// The next round number for a kind: one past the highest recorded.
pub fn next_round(order: &Order, kind: &SampleKind) -> u32 {
    order
        .samples
        .values()
        .filter(|s| &s.kind == kind)
        .map(|s| s.round)
        .max()
        .unwrap_or(0)
        + 1
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_latest_round_decides() {
        let mut o = Order::new();
        assert!(!kind_approved(&o, &SampleKind::PreProduction));
        o.samples.insert(
            "a".into(),
            Sample {
                kind: SampleKind::PreProduction,
                round: 1,
                result: SampleResult::Rejected,
                ..Sample::default()
            },
        );
        assert_eq!(next_round(&o, &SampleKind::PreProduction), 2);
        assert!(!kind_approved(&o, &SampleKind::PreProduction));
        o.samples.insert(
            "b".into(),
            Sample {
                kind: SampleKind::PreProduction,
                round: 2,
                result: SampleResult::Approved,
                ..Sample::default()
            },
        );
        assert!(kind_approved(&o, &SampleKind::PreProduction));
        assert!(!kind_approved(&o, &SampleKind::Fit));
    }
}
