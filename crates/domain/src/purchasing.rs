//! Purchase orders (采购订单) to fabric mills, trim suppliers and subcontractors (外协厂): what was
//! ordered, the two confirmations the house rules ask for (传真确认 + 电话确认), and what arrived.
//!
//! Deliveries are records keyed by id (partial deliveries are normal and several people receive
//! goods), so the received total is derived and never a number two devices overwrite.

use std::collections::BTreeMap;

use autosurgeon::{Hydrate, Reconcile};

use crate::day::Day;
use crate::measure::Milli;
use crate::money::Price;

crate::code_enum! {
    pub enum ItemKind default Fabric {
        Fabric = "fabric",
        /// 辅料: buttons, zips, labels, thread…
        Trims = "trims",
        Packaging = "packaging",
        /// Cut-make-trim or a process (printing, embroidery, washing) at a subcontractor.
        Subcontract = "subcontract",
        Misc = "other",
    }
}

crate::code_enum! {
    pub enum IncomingResult default Pending {
        Pending = "pending",
        Accepted = "accepted",
        AcceptedWithRemarks = "accepted_with_remarks",
        Rejected = "rejected",
    }
}

/// A confirmation by one channel: who confirmed, with whom, when.
#[derive(Debug, Clone, PartialEq, Eq, Default, Reconcile, Hydrate)]
pub struct Confirmation {
    pub by: String,
    /// The supplier's person who confirmed.
    pub counterpart: String,
    pub on: Option<Day>,
    pub note: String,
}

/// One delivery against a purchase order, with its incoming inspection.
#[derive(Debug, Clone, PartialEq, Eq, Default, Reconcile, Hydrate)]
pub struct Delivery {
    pub date: Option<Day>,
    pub qty: Milli,
    pub received_by: String,
    pub inspection: IncomingResult,
    pub inspection_note: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Reconcile, Hydrate)]
pub struct PurchaseOrder {
    pub po_no: String,
    /// Party id of the supplier or subcontractor.
    pub supplier: String,
    pub item: ItemKind,
    pub description: String,
    pub spec: String,
    /// Fabric in metres or kilograms, trims in pieces or gross: exact to three decimals.
    pub qty: Milli,
    pub unit: String,
    pub unit_price: Option<Price>,
    pub currency: String,
    pub due: Option<Day>,
    /// 传真确认 — written confirmation (fax, e-mail, signed PO).
    pub written_confirmation: Option<Confirmation>,
    /// 电话确认 — confirmed by phone.
    pub phone_confirmation: Option<Confirmation>,
    pub deliveries: BTreeMap<String, Delivery>,
}

crate::record_fields!(PurchaseOrder;
    po_no: String,
    supplier: String,
    item: ItemKind,
    description: String,
    spec: String,
    qty: Milli,
    unit: String,
    unit_price: Option<Price>,
    currency: String,
    due: Option<Day>,
    written_confirmation: Option<Confirmation>,
    phone_confirmation: Option<Confirmation>,
    deliveries: BTreeMap<String, Delivery>,
);

impl PurchaseOrder {
    /// Both confirmations recorded, as the house rule requires before the PO counts as placed.
    pub fn is_confirmed(&self) -> bool {
        self.written_confirmation.is_some() && self.phone_confirmation.is_some()
    }

    /// Received so far; deliveries rejected at incoming inspection do not count.
    pub fn received(&self) -> Milli {
        let t: i64 = self
            .deliveries
            .values()
            .filter(|d| d.inspection != IncomingResult::Rejected)
            .map(|d| d.qty.thousandths())
            .sum();
        Milli::from_thousandths(t)
    }

    /// Still to come (never negative; over-delivery shows as zero outstanding).
    pub fn outstanding(&self) -> Milli {
        Milli::from_thousandths((self.qty.thousandths() - self.received().thousandths()).max(0))
    }

    pub fn is_complete(&self) -> bool {
        self.qty.thousandths() > 0 && self.outstanding() == Milli::ZERO
    }

    /// The day the ordered quantity was complete: the delivery date that brought the accepted
    /// total to the ordered quantity.
    pub fn completed_on(&self) -> Option<Day> {
        let mut dels: Vec<_> = self
            .deliveries
            .values()
            .filter(|d| d.inspection != IncomingResult::Rejected)
            .collect();
        dels.sort_by_key(|d| d.date);
        let mut sum = 0i64;
        for d in dels {
            sum += d.qty.thousandths();
            if sum >= self.qty.thousandths() && self.qty.thousandths() > 0 {
                return d.date;
            }
        }
        None
    }

    /// Delivered in full by the due date: `Some(true/false)` once complete or once the due date
    /// has passed on `now`; `None` while it can still be on time, or without a due date.
    pub fn on_time(&self, now: Day) -> Option<bool> {
        let due = self.due?;
        match self.completed_on() {
            Some(done) => Some(done <= due),
            None if now > due => Some(false),
            None => None,
        }
    }

    pub fn is_overdue(&self, now: Day) -> bool {
        self.due.is_some_and(|due| now > due) && !self.is_complete()
    }

    /// The PO's value (quantity × unit price, rounded to the ten-thousandth).
    pub fn amount(&self) -> Option<Price> {
        let p = i128::from(self.unit_price?.ten_thousandths());
        let v = p * i128::from(self.qty.thousandths());
        i64::try_from((v + 500) / 1000)
            .ok()
            .map(Price::from_ten_thousandths)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> Day {
        s.parse().unwrap()
    }

    fn po() -> PurchaseOrder {
        PurchaseOrder {
            qty: "1000".parse().unwrap(),
            unit_price: "2.5".parse().ok(),
            due: Some(day("2026-04-10")),
            ..PurchaseOrder::default()
        }
    }

    fn delivery(date: &str, qty: &str, r: IncomingResult) -> Delivery {
        Delivery {
            date: Some(day(date)),
            qty: qty.parse().unwrap(),
            inspection: r,
            ..Delivery::default()
        }
    }

    #[test]
    fn partial_deliveries_add_up_and_rejected_ones_do_not_count() {
        let mut p = po();
        assert_eq!(p.amount().unwrap().to_string(), "2500.00");
        p.deliveries.insert(
            "a".into(),
            delivery("2026-04-01", "600.5", IncomingResult::Accepted),
        );
        p.deliveries.insert(
            "b".into(),
            delivery("2026-04-05", "399.5", IncomingResult::Rejected),
        );
        assert_eq!(p.received().to_string(), "600.5");
        assert_eq!(p.outstanding().to_string(), "399.5");
        assert_eq!(p.on_time(day("2026-04-09")), None);
        assert_eq!(p.on_time(day("2026-04-11")), Some(false));
        assert!(p.is_overdue(day("2026-04-11")));
        p.deliveries.insert(
            "c".into(),
            delivery("2026-04-09", "399.5", IncomingResult::Pending),
        );
        assert!(p.is_complete());
        assert_eq!(p.completed_on(), Some(day("2026-04-09")));
        assert_eq!(p.on_time(day("2026-05-01")), Some(true));
    }

    #[test]
    fn both_confirmations_are_needed() {
        let mut p = po();
        p.written_confirmation = Some(Confirmation::default());
        assert!(!p.is_confirmed());
        p.phone_confirmation = Some(Confirmation::default());
        assert!(p.is_confirmed());
    }
}
