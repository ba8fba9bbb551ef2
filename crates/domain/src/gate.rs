//! The house rules that guard a status move (deposit before production, balance and a passed
//! final inspection before shipping, …), as data: which rule and the figures it was judged on.
//! The screens word them in the user's language; override records store [`Gate::code`].
//!
//! Apart from [`crate::lifecycle`], which applies them, so that [`crate::error::DomainError`] can
//! carry the gates that refused a move without the error type depending on the rules.

use crate::sample_kind::SampleKind;

/// A rule that must hold before a transition.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Gate {
    /// Release to production needs the deposit confirmed.
    Deposit,
    /// Shipping needs the balance confirmed.
    Balance,
    /// Shipping needs the latest final inspection passed.
    FinalInspection,
    /// Shipping needs the passed final lot to be the goods presented: more than nothing, and at
    /// least what the shipments it is judged for carry. `shipment` is `None` for a lot that names
    /// no shipment (it stands for the whole order, [`crate::inspection::final_lot_needed`]), and
    /// the shipment being shipped when lots name their shipments
    /// ([`crate::inspection::final_gates`]): `lot` is then the passed lot that covers it, 0 when
    /// none does.
    FinalLot {
        lot: u32,
        needed: u64,
        shipment: Option<String>,
    },
    /// Release to production needs the latest round of this sample kind approved.
    SampleApproval(SampleKind),
    /// Release to production needs the buyer's order confirmed in writing and then by phone
    /// (订单确认, [`crate::buyer_confirm`]): a misread colour or quantity is cheapest to catch
    /// before materials are bought and cut.
    BuyerConfirmed,
}

impl Gate {
    /// The code stored in override records: "deposit", "balance", "final_inspection",
    /// "final_lot", "final_lot:{shipment id}", "sample:pp". A shipment's final lot is waived for
    /// that shipment only: the next one that leaves is judged on its own lot. So are the final
    /// inspection and the balance of an order with shipments, logged as
    /// "final_inspection:{shipment id}" and "balance:{shipment id}" for each shipment that left
    /// ([`crate::lifecycle::overridden`]).
    pub fn code(&self) -> String {
        match self {
            Gate::Deposit => "deposit".into(),
            Gate::Balance => "balance".into(),
            Gate::FinalInspection => "final_inspection".into(),
            Gate::FinalLot { shipment: None, .. } => "final_lot".into(),
            Gate::FinalLot {
                shipment: Some(s), ..
            } => format!("final_lot:{s}"),
            Gate::SampleApproval(k) => format!("sample:{}", k.code()),
            Gate::BuyerConfirmed => "buyer_confirmed".into(),
        }
    }
}
