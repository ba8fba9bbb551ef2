//! What completes a T&A milestone by itself, and what must come before what: a milestone's
//! `code` (copied from its template line) links it to the record that stands for it, so
//! approving a sample, passing an inspection, confirming a PO, reporting production or shipping
//! fills in the milestone's actual date with the day that happened — never by matching names,
//! which people write in two languages and change.
//!
//! Completion only ever fills an empty actual date: a date someone typed, or one an earlier
//! event filled, stays. The order's single edit path runs [`complete_linked`] after every edit,
//! so every screen and every device does it the same way, and a merge of two devices' events
//! keeps both (each filled its own milestone, or the same one with the same record's day).

use std::collections::BTreeMap;

use crate::day::Day;
use crate::inspection::{root_kind, InspectionKind, Verdict};
use crate::order::Order;
use crate::production::Stage;
use crate::purchasing::ItemKind;
use crate::sample_kind::SampleKind;
use crate::samples::latest;
use crate::sorting::{sort, CollectMap};

crate::code_enum! {
    /// The event a milestone stands for; stored as the milestone's and template line's `code`.
    pub enum Link default None {
        None = "",
        LabDip = "lab_dip",
        FabricBooking = "fabric_booking",
        FitSample = "fit_sample",
        PpSample = "pp_sample",
        BulkFabric = "bulk_fabric",
        Cutting = "cutting",
        Sewing = "sewing",
        InlineQc = "inline_qc",
        FinalQc = "final_qc",
        ExFactory = "ex_factory",
        Etd = "etd",
        PaymentDue = "payment_due",
    }
}

impl Link {
    /// The links that must be done before this one can sensibly be (PP approval after fit
    /// approval, cutting after PP approval and bulk fabric…).
    pub fn after(&self) -> &'static [Link] {
        use Link::*;
        match self {
            FitSample => &[LabDip],
            PpSample => &[FitSample],
            BulkFabric => &[FabricBooking],
            Cutting => &[PpSample, BulkFabric],
            Sewing => &[Cutting],
            InlineQc => &[Sewing],
            FinalQc => &[InlineQc, Sewing],
            ExFactory => &[FinalQc],
            Etd => &[ExFactory],
            PaymentDue => &[ExFactory],
            _ => &[],
        }
    }

    /// True when some record completes this link by itself (the others are ticked by hand).
    /// Done on the day the goods ship, by shipping alone ([`crate::tna::record_actual`]).
    pub fn dated_by_shipping(&self) -> bool {
        matches!(self, Link::ExFactory | Link::Etd)
    }

    /// True for the link that follows payment: money, kept out of the order document (which
    /// the factory receives), as its dates tell the payment terms and when the buyer paid
    /// ([`crate::tna::follows_payment`]).
    pub fn is_money(&self) -> bool {
        matches!(self, Link::PaymentDue)
    }

    pub fn completes_by_itself(&self) -> bool {
        !matches!(self, Link::None | Link::PaymentDue | Link::Other(_))
    }
}

/// The day the record that `link` stands for happened in `order`, if it has.
pub fn happened_on(order: &Order, link: &Link) -> Option<Day> {
    match link {
        Link::LabDip => approved(order, &SampleKind::LabDip),
        Link::FitSample => approved(order, &SampleKind::Fit),
        Link::PpSample => approved(order, &SampleKind::PreProduction),
        Link::FabricBooking => fabric_pos(order)
            .map(|p| p.confirmed_on())
            .collect::<Option<Vec<_>>>()
            .and_then(|days| days.into_iter().max()),
        Link::BulkFabric => fabric_pos(order)
            .map(in_house_on)
            .collect::<Option<Vec<_>>>()
            .and_then(|days| days.into_iter().max()),
        Link::Cutting => first_report(order, &Stage::Cutting),
        Link::Sewing => first_report(order, &Stage::Sewing),
        Link::InlineQc => passed(order, &InspectionKind::Inline),
        Link::FinalQc => passed(order, &InspectionKind::Final),
        Link::ExFactory => order.shipments.values().filter_map(|s| s.shipped_on).min(),
        Link::Etd => order
            .shipments
            .values()
            .filter(|s| s.shipped_on.is_some())
            .filter_map(|s| s.etd)
            .min(),
        Link::None | Link::PaymentDue | Link::Other(_) => None,
    }
}

/// The latest round of `kind`, if approved: the day it was.
fn approved(order: &Order, kind: &SampleKind) -> Option<Day> {
    latest(order, kind).and_then(|(_, s)| s.approved)
}

/// The order's fabric POs, cancelled ones aside: booking is done when every one is confirmed
/// (none: not done).
fn fabric_pos(order: &Order) -> impl Iterator<Item = &crate::purchasing::PurchaseOrder> {
    order
        .purchase_orders
        .values()
        .filter(|p| p.item == ItemKind::Fabric && p.cancelled.is_none())
}

/// The day a PO's accepted deliveries first added up to what was ordered.
fn in_house_on(po: &crate::purchasing::PurchaseOrder) -> Option<Day> {
    let mut dated: Vec<(Day, i64)> = po
        .deliveries
        .values()
        // Goods in house are goods accepted at incoming inspection.
        .filter(|d| d.is_accepted())
        .filter_map(|d| Some((d.date?, d.qty.thousandths())))
        .collect();
    sort(&mut dated);
    let mut total = 0i64;
    for (day, qty) in dated {
        total = total.saturating_add(qty);
        if total >= po.qty.thousandths() && total > 0 {
            return Some(day);
        }
    }
    None
}

fn first_report(order: &Order, stage: &Stage) -> Option<Day> {
    order
        .production
        .values()
        .filter(|r| &r.stage == stage && r.qty > 0)
        .filter_map(|r| r.date)
        .min()
}

/// The first day an inspection of `kind` (or a re-inspection of one) passed.
fn passed(order: &Order, kind: &InspectionKind) -> Option<Day> {
    order
        .inspections
        .values()
        .filter(|i| i.completed && root_kind(order, i) == kind)
        .filter(|i| matches!(i.verdict(), Ok(Verdict::Pass)))
        .filter_map(|i| i.date)
        .min()
}

/// Fills the actual date of every open milestone whose linked record has happened, with the day
/// it happened. Returns the ids of the milestones it completed.
pub fn complete_linked(order: &mut Order) -> Vec<String> {
    let done: Vec<(String, Day)> = order
        .milestones
        .iter()
        .filter(|(_, m)| m.actual.is_none())
        .filter_map(|(id, m)| Some((id.clone(), happened_on(order, &Link::from_code(&m.code))?)))
        .collect();
    for (id, day) in &done {
        if let Some(m) = order.milestones.get_mut(id) {
            m.actual = Some(*day);
        }
    }
    done.into_iter().map(|(id, _)| id).collect()
}

/// A milestone due before one it depends on: `milestone` (id) is due on `due`, but
/// `depends_on` (id) only on `depends_due`. Due dates count delay reports (a fit session moved
/// past the PP approval's date shows here).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutOfOrder {
    pub milestone: String,
    pub due: Day,
    pub depends_on: String,
    pub depends_due: Day,
}

/// The open milestones due earlier than a milestone they depend on (PP approval before fit
/// approval): a plan that cannot be kept as written. A milestone done is left out, and so is a
/// dependency already done.
pub fn out_of_order(order: &Order) -> Vec<OutOfOrder> {
    let due_by_link: BTreeMap<Link, (&String, Day)> = order
        .milestones
        .iter()
        .filter(|(_, m)| m.actual.is_none())
        .filter_map(|(id, m)| Some((Link::from_code(&m.code), (id, m.due()?))))
        .filter(|(l, _)| *l != Link::None)
        .collect_map();
    let mut found = Vec::new();
    for (id, m) in &order.milestones {
        let (Some(due), None) = (m.due(), m.actual) else {
            continue;
        };
        for before in Link::from_code(&m.code).after() {
            if let Some((dep, dep_due)) = due_by_link.get(before) {
                if *dep_due > due {
                    found.push(OutOfOrder {
                        milestone: id.clone(),
                        due,
                        depends_on: (*dep).clone(),
                        depends_due: *dep_due,
                    });
                }
            }
        }
    }
    found
}
