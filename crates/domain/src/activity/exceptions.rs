//! The events that say a rule was stepped around, loosened or corrected after the fact — a
//! gate waived, the factory moved away from its inspections, a shipped shipment changed, the
//! quantities changed after goods left, production reported taken away, a receipt voided, a rule
//! switched off — each with who and why. Every one of them is already refused without a reason
//! and logged where it happened ([`crate::lifecycle`], [`crate::factory_change`],
//! [`crate::shipment::changes`], [`crate::production`], [`crate::receipts`],
//! [`crate::rule_log`], …); this module reads those logs so the daily report and the order
//! history name them one by one instead of counting them among "other changes", where a
//! supervisor reading the 日报 would never see them.

use std::collections::BTreeSet;

use super::Event;
use crate::commercial::{Commercial, Payable};
use crate::lifecycle::{GateOverride, Gates};
use crate::order::Order;
use crate::records::RecordMap;
use crate::shipment::changes::unlogged;
use crate::workspace::Workspace;

/// The records of `after` that `before` did not hold: the entries a log gained.
fn gained<'a, V>(before: &RecordMap<V>, after: &'a RecordMap<V>) -> Vec<(&'a String, &'a V)> {
    after
        .iter()
        .filter(|(id, _)| !before.contains_key(id.as_str()))
        .collect()
}

/// The gates waived between two states of a log of overrides (the order's, or the money gates
/// its books keep), pushed onto `ev`; returns their ids.
pub(super) fn waived<'a>(
    b: &RecordMap<GateOverride>,
    a: &'a RecordMap<GateOverride>,
    ev: &mut Vec<Event>,
) -> BTreeSet<&'a str> {
    let mut said = BTreeSet::new();
    for (id, g) in gained(b, a) {
        ev.push(Event::GateWaived {
            gate: g.gate.clone(),
            to: g.to.clone(),
            who: g.who.clone(),
            reason: g.reason.clone(),
        });
        said.insert(id.as_str());
    }
    said
}

/// Ids of the records an event was said for, per map, so they are not counted again as
/// "other changes".
#[derive(Default)]
pub(super) struct Said<'a> {
    pub purchase_orders: BTreeSet<&'a str>,
    pub shipments: BTreeSet<&'a str>,
    pub inspections: BTreeSet<&'a str>,
    pub gate_overrides: BTreeSet<&'a str>,
    /// The order's factory changed through its log (not an "other change" of the header).
    pub factory: bool,
    /// The ordered quantities changed through their log after goods left.
    pub quantities: bool,
    pub production: BTreeSet<&'a str>,
    pub complaints: BTreeSet<&'a str>,
}

/// Lots and complaints stored without a factory are stamped with the one the order leaves
/// ([`crate::factory_change::set_factory`]): part of the move, not changes of their own.
fn stamped_with_factory_left<'a>(b: &Order, a: &'a Order, said: &mut Said<'a>) {
    let Some(left) = b.factory.as_deref().filter(|_| b.factory != a.factory) else {
        return;
    };
    stamped(
        &b.inspections,
        &a.inspections,
        left,
        |i| &mut i.factory,
        &mut said.inspections,
    );
    stamped(
        &b.complaints,
        &a.complaints,
        left,
        |c| &mut c.factory,
        &mut said.complaints,
    );
}

/// The records of `after` that differ from `before` only by their factory, blank there and
/// `left` here, added to `said`.
fn stamped<'a, V: Clone + PartialEq>(
    before: &RecordMap<V>,
    after: &'a RecordMap<V>,
    left: &str,
    factory: impl Fn(&mut V) -> &mut String,
    said: &mut BTreeSet<&'a str>,
) {
    for (id, v) in after {
        let Some(mut was) = before.get(id).cloned() else {
            continue;
        };
        let f = factory(&mut was);
        if f.trim().is_empty() {
            *f = left.to_string();
            if was == *v {
                said.insert(id.as_str());
            }
        }
    }
}

/// The order's exceptions between `b` and `a`, pushed onto `ev`.
pub(super) fn order_exceptions<'a>(b: &Order, a: &'a Order, ev: &mut Vec<Event>) -> Said<'a> {
    let mut said = Said {
        gate_overrides: waived(&b.gate_overrides, &a.gate_overrides, ev),
        ..Said::default()
    };
    for (_, c) in gained(&b.factory_changes, &a.factory_changes) {
        ev.push(Event::FactoryMoved(c.clone()));
        said.factory = true;
    }
    stamped_with_factory_left(b, a, &mut said);
    for (_, c) in gained(&b.tolerance_changes, &a.tolerance_changes) {
        ev.push(Event::AllowanceWidened(c.clone()));
    }
    if let Some(c) = a
        .ship_complete
        .as_ref()
        .filter(|c| b.ship_complete.as_ref() != Some(c))
    {
        ev.push(Event::MarkedComplete {
            shipped: c.shipped,
            who: c.who.clone(),
            reason: c.reason.clone(),
        });
    }
    for (_, c) in gained(&b.quantity_changes, &a.quantity_changes) {
        ev.push(Event::QuantitiesRevised(c.clone()));
        said.quantities = true;
    }
    for (id, r) in &a.production {
        let old = b.production.get(id);
        for (_, c) in gained(old.map_or(&RecordMap::new(), |o| &o.changes), &r.changes) {
            if c.takes_away() {
                ev.push(Event::ProductionWithdrawn {
                    stage: r.stage.clone(),
                    from: c.qty_from,
                    to: c.qty_to,
                    who: c.who.clone(),
                    reason: c.reason.clone(),
                });
                said.production.insert(id.as_str());
            }
        }
    }
    for (id, po) in &a.purchase_orders {
        let old = b.purchase_orders.get(id);
        if let Some(c) = po
            .closed
            .as_ref()
            .filter(|c| old.is_none_or(|o| o.closed.as_ref() != Some(*c)))
        {
            ev.push(Event::PoClosedShort {
                po_no: po.po_no.clone(),
                received: po.received(),
                ordered: po.qty,
                unit: po.unit.clone(),
                who: c.who.clone(),
                reason: c.reason.clone(),
            });
            said.purchase_orders.insert(id.as_str());
        }
        let no_revisions = RecordMap::new();
        let old_revisions = old.map_or(&no_revisions, |o| &o.revisions);
        let mut revised: Vec<_> = gained(old_revisions, &po.revisions);
        crate::sorting::sort_by_key(&mut revised, |(k, r)| (r.day, (*k).clone()));
        for (_, r) in revised {
            ev.push(Event::PoRevised {
                po_no: po.po_no.clone(),
                unit: po.unit.clone(),
                revision: r.clone(),
            });
            said.purchase_orders.insert(id.as_str());
        }
        if let Some(k) = po
            .kept_suspended
            .as_ref()
            .filter(|k| old.is_none_or(|o| o.kept_suspended.as_ref() != Some(*k)))
        {
            ev.push(Event::PoKeptSuspended {
                po_no: po.po_no.clone(),
                who: k.who.clone(),
                reason: k.reason.clone(),
            });
            said.purchase_orders.insert(id.as_str());
        }
        if let Some(c) = po
            .cancelled
            .as_ref()
            .filter(|c| old.is_none_or(|o| o.cancelled.as_ref() != Some(*c)))
        {
            ev.push(Event::PoCancelled {
                po_no: po.po_no.clone(),
                who: c.who.clone(),
                reason: c.reason.clone(),
            });
            said.purchase_orders.insert(id.as_str());
        }
        for (did, d) in &po.deliveries {
            let was = old.and_then(|o| o.deliveries.get(did));
            if was.is_none() && d.entered_after_due(po.judged_due()) {
                ev.push(Event::DeliveryEnteredLate {
                    po_no: po.po_no.clone(),
                    date: d.date,
                    recorded: d.recorded,
                    who: d.received_by.clone(),
                    reason: d.late_entry_reason.clone(),
                });
            }
            let none = RecordMap::new();
            let before = was.map_or(&none, |w| &w.inspection_changes);
            for (_, c) in gained(before, &d.inspection_changes) {
                ev.push(Event::IncomingResultChanged {
                    po_no: po.po_no.clone(),
                    change: c.clone(),
                });
                said.purchase_orders.insert(id.as_str());
            }
        }
    }
    for (id, i) in &a.inspections {
        if !i.started_over.is_empty() && !b.inspections.contains_key(id) {
            ev.push(Event::FinalStartedOver {
                who: i.inspector.clone(),
                reason: i.started_over.clone(),
            });
        }
        let none = RecordMap::new();
        let before = b.inspections.get(id).map_or(&none, |o| &o.log);
        for (_, e) in gained(before, &i.log) {
            if e.kind == crate::inspection::InspectionEventKind::Reopened {
                ev.push(Event::InspectionReopened {
                    kind: i.kind.clone(),
                    who: e.who.clone(),
                    reason: e.reason.clone(),
                });
                said.inspections.insert(id.as_str());
            }
        }
    }
    for (id, s) in &a.shipments {
        let old = b.shipments.get(id);
        if let Some(late) = s
            .late_entry
            .as_ref()
            .filter(|l| old.is_none_or(|o| o.late_entry.as_ref() != Some(*l)))
        {
            ev.push(Event::ShipmentEnteredLate {
                shipped_on: s.shipped_on,
                late: late.clone(),
            });
        }
        let none = RecordMap::new();
        for (_, c) in gained(old.map_or(&none, |o| &o.changes), &s.changes) {
            ev.push(Event::ShippedShipmentChanged {
                kind: c.kind.clone(),
                shipped_on: c.shipped_on,
                redated_to: c.redated_to,
                who: c.who.clone(),
                reason: c.reason.clone(),
            });
            said.shipments.insert(id.as_str());
        }
        // An edit made where the shipment was not yet known to have left, found by the merge.
        if unlogged(s).is_some() && old.is_none_or(|o| unlogged(o).is_none()) {
            ev.push(Event::ShippedShipmentDiffers);
            said.shipments.insert(id.as_str());
        }
    }
    said
}

/// What the books' exceptions said, so it is not said again.
pub(super) struct MoneySaid<'a> {
    pub receipts: BTreeSet<&'a str>,
    pub payables: BTreeSet<&'a str>,
    pub payments: BTreeSet<&'a str>,
    /// The deposit terms changed through their log.
    pub terms: bool,
}

/// The commercial document's exceptions and hand-raised charges between `b` and `a`, pushed
/// onto `ev`.
pub(super) fn money_exceptions<'a>(
    b: &Commercial,
    a: &'a Commercial,
    gates: &Gates,
    ev: &mut Vec<Event>,
) -> MoneySaid<'a> {
    let mut payments = BTreeSet::new();
    for (id, p, since) in a.paid_without_request(gates) {
        if !b.payments.contains_key(id) {
            ev.push(Event::PaidWithoutRequest {
                amount: p.amount,
                currency: a.payment_currency(p).to_string(),
                who: p.paid_by.clone(),
                since,
            });
            payments.insert(id.as_str());
        }
    }
    for (id, p) in &a.payments {
        let due = a.payables.get(&p.payable).and_then(|c| c.due);
        if !b.payments.contains_key(id) && p.entered_after(due) {
            ev.push(Event::PaymentEnteredLate {
                amount: p.amount,
                currency: a.payment_currency(p).to_string(),
                date: p.date,
                recorded: p.recorded,
                who: p.paid_by.clone(),
                reason: p.late_entry_reason.clone(),
            });
            payments.insert(id.as_str());
        }
    }
    let mut receipts = BTreeSet::new();
    for (id, r) in &a.receipts {
        let old = b.receipts.get(id);
        let currency = a.currency.clone();
        if let Some(said) = newly(old.map(|o| &o.voided), &r.voided) {
            ev.push(Event::ReceiptVoided {
                amount: r.amount,
                currency: currency.clone(),
                said,
            });
            receipts.insert(id.as_str());
        }
        if let Some(said) = newly(old.map(|o| &o.separate), &r.separate) {
            ev.push(Event::ReceiptSeparate {
                amount: r.amount,
                currency,
                said,
            });
            receipts.insert(id.as_str());
        }
    }
    let mut payables = BTreeSet::new();
    for (id, p) in &a.payables {
        let old: Option<&Payable> = b.payables.get(id);
        let currency = a.payable_currency(id).to_string();
        // A debit for a complaint is said as one (`super::debit_events`), whatever else a
        // build marked on it.
        if p.is_debit() {
            continue;
        }
        if old.is_none() && p.by_hand {
            ev.push(Event::ChargeRaised {
                kind: p.charge_kind.clone(),
                amount: p.amount,
                currency: currency.clone(),
            });
            payables.insert(id.as_str());
        }
        if let Some(said) = newly(old.map(|o| &o.voided), &p.voided) {
            ev.push(Event::ChargeVoided {
                amount: p.amount,
                currency: currency.clone(),
                said,
            });
            payables.insert(id.as_str());
        }
        if let Some(said) = newly(old.map(|o| &o.separate), &p.separate) {
            ev.push(Event::ChargeSeparate {
                amount: p.amount,
                currency,
                said,
            });
            payables.insert(id.as_str());
        }
    }
    let mut terms = false;
    for (_, c) in gained(&b.terms_changes, &a.terms_changes) {
        ev.push(Event::DepositTermsChanged(c.clone()));
        terms = true;
    }
    MoneySaid {
        receipts,
        payables,
        payments,
        terms,
    }
}

/// A "who — why" slot that was empty before (or whose record did not exist) and is set now.
pub(super) fn newly(before: Option<&Option<String>>, after: &Option<String>) -> Option<String> {
    match (before, after) {
        (Some(Some(_)), _) | (_, None) => None,
        (_, Some(said)) => Some(said.clone()),
    }
}

/// The workspace's events between `b` (`None`: it did not exist) and `a`: each rule changed,
/// then one "team settings changed" line when anything else changed too.
pub fn workspace_events(b: Option<&Workspace>, a: &Workspace) -> Vec<Event> {
    let Some(b) = b else {
        return vec![Event::TeamSettingsChanged];
    };
    let mut ev: Vec<Event> = gained(&b.settings.rule_changes, &a.settings.rule_changes)
        .into_iter()
        .map(|(_, c)| Event::RuleChanged(c.clone()))
        .collect();
    // A party's standing changed: said with its name, who and why (the party's own log).
    let mut standings = Vec::new();
    for (pid, p) in &a.parties {
        let before = b.parties.get(pid).map(|p| &p.standing_changes);
        let empty = RecordMap::default();
        for (_, c) in gained(before.unwrap_or(&empty), &p.standing_changes) {
            standings.push(Event::StandingChanged {
                party: pid.clone(),
                to: c.to.clone(),
                who: c.who.clone(),
                reason: c.reason.clone(),
            });
        }
    }
    let standing_said = !standings.is_empty();
    ev.extend(standings);
    // The rules themselves changed with their log: what else changed is the rest.
    let mut rest = b.clone();
    if !ev.is_empty() {
        rest.settings.gates = a.settings.gates.clone();
    }
    rest.settings.rule_changes = a.settings.rule_changes.clone();
    if standing_said {
        for (pid, p) in &a.parties {
            if let Some(r) = rest.parties.get_mut(pid) {
                r.standing_changes = p.standing_changes.clone();
            }
        }
    }
    if rest != *a {
        ev.push(Event::TeamSettingsChanged);
    }
    ev
}
