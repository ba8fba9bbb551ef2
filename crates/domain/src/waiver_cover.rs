//! What a waived gate covered, so that a waiver counts for what it was given for and no more: a
//! deposit waived on a thousand pieces does not release ten thousand, a final lot waived 50
//! pieces short does not ship a later shipment 5,000 short, and goods that came back and leave
//! again are a new shipping, judged anew.
//!
//! A waiver ([`GateOverride`]) keeps a figure of what it covered ([`GateOverride::covered`]),
//! in pieces, never money: the order's pieces for the deposit and the whole order's balance or
//! final inspection, a shipment's for its own, the pieces short for a final lot. A shipping
//! gate's waiver keeps the shipping it was made in ([`GateOverride::round`]): how many times
//! the goods had come back (a shipment's date cleared, the order reopened from shipped). Both
//! are counted, never read off a clock, so they merge. A waiver counts while the gate asks no
//! more than it covered and the goods have not come back since; older builds' waivers, which
//! keep neither, count as they did.

use crate::commercial::Commercial;
use crate::gate::Gate;
use crate::lifecycle::{ChangeKind, GateOverride};
use crate::order::{Order, OrderStatus};
use crate::shipment::changes::ChangeKind as ShipChangeKind;

fn signed(v: u64) -> i64 {
    i64::try_from(v).unwrap_or(i64::MAX)
}

/// A logged code split into its gate and shipment ("balance:s1" → ("balance", Some("s1"))).
fn parts(code: &str) -> (&str, Option<&str>) {
    match code.split_once(':') {
        Some((gate, shipment)) => (gate, Some(shipment)),
        None => (code, None),
    }
}

fn is_shipping_gate(gate: &str) -> bool {
    matches!(gate, "balance" | "final_inspection" | "final_lot")
}

/// The pieces a shipment carries, `None` while it says none (it is then judged as the order is,
/// and the order's pieces grow with goods that are not this shipment's).
fn shipment_pieces(order: &Order, shipment: &str) -> Option<u64> {
    order
        .shipments
        .get(shipment)
        .map(|s| s.shipped_pieces())
        .filter(|n| *n > 0)
}

fn order_pieces(order: &Order) -> u64 {
    order
        .quantities
        .total()
        .max(crate::shipped::shipped_total(order))
}

/// The figure a waiver logged under `code` for `gate` is measured by, as the order is now:
/// pieces, never money (a money waiver's figure would change with a plan entered later, and
/// the order it is stamped on reaches the factory). `None` where nothing measures it (the
/// samples, the buyer's confirmation, a shipment that says no pieces).
pub(crate) fn measure(order: &Order, gate: &Gate, code: &str) -> Option<i64> {
    match parts(code) {
        // The order's pieces: a deposit waived on 100 pieces is not waived for 10,000.
        ("deposit" | "balance" | "final_inspection", None) => Some(signed(order_pieces(order))),
        ("balance" | "final_inspection", Some(s)) => shipment_pieces(order, s).map(signed),
        ("final_lot", _) => match gate {
            Gate::FinalLot { lot, needed, .. } => {
                Some(signed(needed.saturating_sub(u64::from(*lot))))
            }
            _ => None,
        },
        _ => None,
    }
}

/// How many times the goods a shipping gate's waiver under `code` covers have come back: the
/// order's reopenings from shipped, and the un-datings (cleared by hand or by a reopening) of
/// its shipment, or of every shipment for a waiver of the whole order. A sum of counts that
/// only grow, so it changes whenever one does, also for a shipment a reopening did not un-date
/// (marked shipped without a day). `None` for a gate that is not a shipping gate.
pub(crate) fn round(order: &Order, code: &str) -> Option<u64> {
    let (gate, shipment) = parts(code);
    if !is_shipping_gate(gate) {
        return None;
    }
    let reopened = order
        .status_log
        .values()
        .filter(|c| c.kind == ChangeKind::Reopen && c.to == OrderStatus::ReadyToShip.code())
        .count();
    let undatings = |s: &crate::shipment::Shipment| {
        s.changes
            .values()
            .filter(|c| matches!(c.kind, ShipChangeKind::Unshipped | ShipChangeKind::Reopened))
            .count()
    };
    // A waiver for the whole order covers every shipment: any of them coming back counts.
    let unshipped = match shipment {
        Some(s) => order.shipments.get(s).map_or(0, undatings),
        None => order.shipments.values().map(undatings).sum(),
    };
    Some((reopened + unshipped) as u64)
}

/// Why a waiver no longer covers its gate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outgrown {
    /// The gate asks more than the waiver covered (more pieces ordered, shipped or short).
    AsksMore,
    /// The goods it covered came back and leave again.
    CameBack,
}

/// Why `waiver` (logged under its code) no longer covers `gate` as the order is now, or `None`
/// while it does: the gate asks no more than it covered, and the goods have not come back.
fn outgrown_by(order: &Order, waiver: &GateOverride, gate: &Gate) -> Option<Outgrown> {
    if let (Some(then), Some(now)) = (waiver.round, round(order, &waiver.gate)) {
        if then != now {
            return Some(Outgrown::CameBack);
        }
    }
    match (waiver.covered, measure(order, gate, &waiver.gate)) {
        (Some(then), Some(now)) if now > then => Some(Outgrown::AsksMore),
        _ => None,
    }
}

/// Whether `waiver` still covers `gate` ([`outgrown_by`] finds nothing).
pub(crate) fn covers(order: &Order, waiver: &GateOverride, gate: &Gate) -> bool {
    outgrown_by(order, waiver, gate).is_none()
}

/// Stamps a new waiver of `gate` with what it covers now.
pub(crate) fn stamp(order: &Order, waiver: &mut GateOverride, gate: &Gate) {
    waiver.covered = measure(order, gate, &waiver.gate);
    waiver.round = round(order, &waiver.gate);
}

/// The waivers of `gate` (for the order, or for one of its shipments) that no longer cover it,
/// with why, newest first, each with its reason where this device can read it (a move that
/// waived a money gate keeps the words of all its waivers in the `books`,
/// [`crate::money_waivers::overrides`]): the screens say why a gate someone waived asks again.
pub fn outgrown(
    order: &Order,
    books: Option<&Commercial>,
    gate: &Gate,
) -> Vec<(GateOverride, Outgrown)> {
    let mut out: Vec<(GateOverride, Outgrown)> = crate::money_waivers::overrides(order, books)
        .into_iter()
        .filter(|(_, w)| crate::lifecycle::logged_for(&w.gate, gate))
        .filter_map(|(_, w)| outgrown_by(order, &w, gate).map(|why| (w, why)))
        .collect();
    crate::sorting::sort_by_key(&mut out, |(w, _)| std::cmp::Reverse(w.at_ms));
    out
}
