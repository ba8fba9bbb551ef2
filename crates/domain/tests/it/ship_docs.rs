//! A shipment's papers (issue 14). The final inspection lot of a shipment: a lot names the
//! shipments whose goods were presented, and shipping one of them needs a passed lot that covers
//! its pieces — on every route that ships (the status buttons, a shipped day typed on a shipment
//! of an order not shipped yet, a later shipment of an order that already shipped), after a merge
//! of two devices, and for a re-inspection; a lot that names no shipment stands for the whole
//! order, as lots did before. The export documents checklist by Incoterm and the workspace's
//! rule; the booking's freight terms, and its cost kept in the commercial document.

use crate::common::*;
use gendan_domain::automerge::{transaction::Transactable, ReadDoc, Value, ROOT};
use gendan_domain::document;
use gendan_domain::inspection::{self, Inspection, InspectionKind};
use gendan_domain::lifecycle::{
    self, closed_gates, record_shipped, set_shipped_on, transition, violations, Gate, Gates,
    Violation,
};
use gendan_domain::order::cell_key;
use gendan_domain::order::Incoterm;
use gendan_domain::shipment::changes::{redate, ChangeNote};
use gendan_domain::shipment::{DocKind, DocStatus, FreightTerms, Shipment};
use gendan_domain::workspace::Workspace;
use gendan_domain::RecordMap;
use gendan_domain::{Commercial, DomainError, Order, OrderStatus};

/// Only the final-inspection gate: money and samples are other tests' business.
fn gates() -> Gates {
    Gates {
        final_inspection_before_shipping: true,
        ..Gates::none()
    }
}

fn shipment(pcs: u64) -> Shipment {
    Shipment {
        quantities: RecordMap::from([(cell_key("black", "m"), pcs)]),
        ..Shipment::default()
    }
}

/// 1,000 pieces ready to ship in two shipments: s1 600, s2 400.
fn order() -> Order {
    let mut o = Order::new();
    o.customer_po = "PO-1".into();
    o.quantities.add_colour("black".into(), "Black");
    o.quantities.add_size("m".into(), "M");
    o.quantities.set_qty("black", "m", 1_000);
    o.status = OrderStatus::ReadyToShip;
    o.ex_factory = "2026-06-01".parse().ok();
    o.shipments.insert("s1".into(), shipment(600));
    o.shipments.insert("s2".into(), shipment(400));
    o
}

/// A finished final lot of `lot` pieces naming `ships`, passed (no defects) on `on`.
fn lot(o: &mut Order, id: &str, lot: u32, ships: &[&str], on: &str) {
    let mut i = Inspection {
        kind: InspectionKind::Final,
        lot_size: lot,
        ..Inspection::default()
    };
    i.set_shipments(ships.iter().copied()).unwrap();
    i.finish(day(on), "qc", 1, &format!("{id}-f")).unwrap();
    o.inspections.insert(id.into(), i);
}

fn final_lot(lot: u32, needed: u64, shipment: Option<&str>) -> Gate {
    Gate::FinalLot {
        lot,
        needed,
        shipment: shipment.map(str::to_string),
    }
}

fn ship(o: &mut Order, s: &str, reason: Option<&str>) -> Result<(), DomainError> {
    set_shipped_on(
        o,
        None,
        s,
        Some(day("2026-06-01")),
        &gates(),
        "li",
        5,
        day("2030-01-01"),
        reason,
    )
}

#[test]
fn a_lot_naming_shipment_one_ships_it_and_not_shipment_two() {
    let mut o = order();
    lot(&mut o, "f1", 600, &["s1"], "2026-05-30");
    // 600 pieces of s1 were presented: enough for s1, though the two shipments carry 1,000.
    ship(&mut o, "s1", None).unwrap();
    assert_eq!(o.status, OrderStatus::Shipped);
    // The order has shipped; s2 leaves later and no passed lot holds its goods.
    let e = ship(&mut o, "s2", None).unwrap_err();
    assert!(
        matches!(&e, DomainError::GateClosed { gates } if gates == &[final_lot(0, 400, Some("s2"))]),
        "{e:?}"
    );
    assert_eq!(o.shipments["s2"].shipped_on, None);
    assert!(matches!(
        ship(&mut o, "s2", Some(" ")),
        Err(DomainError::OverrideWithoutReason { .. })
    ));
    // Passed with a reason: logged for s2 alone, and nothing needs a decision.
    ship(&mut o, "s2", Some("buyer's QC released it")).unwrap();
    let codes: Vec<&str> = o.gate_overrides.values().map(|g| g.gate.as_str()).collect();
    assert_eq!(codes, ["final_lot:s2"]);
    assert!(violations(&o, None, &gates()).is_empty());
}

/// A final lot of `lot` pieces naming `ships`, failed (one critical defect) on `on`.
fn failed_lot(o: &mut Order, id: &str, lot: u32, ships: &[&str], on: &str) {
    let mut i = Inspection {
        kind: InspectionKind::Final,
        lot_size: lot,
        ..Inspection::default()
    };
    i.set_shipments(ships.iter().copied()).unwrap();
    i.tap_defect(
        "D1",
        &inspection::DefectClass::Critical,
        1,
        &format!("{id}-d"),
    )
    .unwrap();
    i.finish(day(on), "qc", 2, &format!("{id}-f")).unwrap();
    o.inspections.insert(id.into(), i);
}

/// The final inspection waived for the first shipment is waived for it alone: a later shipment
/// whose lot failed is refused, on the shipment path and after any route that ships it.
#[test]
fn an_override_for_s1_does_not_ship_s2_on_a_failed_lot() {
    let mut o = order();
    o.shipments.remove("s2");
    // No lot at all: s1 leaves on an override.
    ship(&mut o, "s1", Some("buyer waived the FRI for the air part")).unwrap();
    let codes: Vec<&str> = o.gate_overrides.values().map(|g| g.gate.as_str()).collect();
    assert_eq!(codes, ["final_inspection:s1"]);
    // s2 is added later and its lot fails.
    o.shipments.insert("s2".into(), shipment(400));
    failed_lot(&mut o, "f2", 400, &["s2"], "2026-06-10");
    let e = ship(&mut o, "s2", None).unwrap_err();
    assert!(
        matches!(&e, DomainError::GateClosed { gates } if gates == &[Gate::FinalInspection]),
        "{e:?}"
    );
    assert_eq!(o.shipments["s2"].shipped_on, None);
    // A date that arrives by a merge is a decision to make, not a shipment waved through.
    let mut merged = o.clone();
    merged.shipments.get_mut("s2").unwrap().shipped_on = Some(day("2026-06-11"));
    assert!(
        violations(&merged, None, &gates()).contains(&Violation::GateNotMet {
            status: OrderStatus::Shipped,
            gate: Gate::FinalInspection,
        }),
        "{:?}",
        violations(&merged, None, &gates())
    );
    // Waived for s2 too, with its own reason: logged for s2, nothing left to decide.
    ship(&mut o, "s2", Some("rework accepted by the buyer")).unwrap();
    assert!(o
        .gate_overrides
        .values()
        .any(|g| g.gate == "final_inspection:s2"));
    assert!(
        violations(&o, None, &gates()).is_empty(),
        "{:?}",
        violations(&o, None, &gates())
    );
}

/// An override an older build logged for the whole order still covers what it covered, but a
/// shipment that leaves later is a new shipping it never saw.
#[test]
fn an_order_wide_final_inspection_override_does_not_cover_a_later_shipment() {
    let mut o = order();
    o.shipments.remove("s2");
    o.status = OrderStatus::Shipped;
    o.shipments.get_mut("s1").unwrap().shipped_on = Some(day("2026-06-01"));
    o.gate_overrides.insert(
        "1:final_inspection:li".into(),
        gendan_domain::lifecycle::GateOverride {
            gate: "final_inspection".into(),
            reason: "old build".into(),
            who: "li".into(),
            at_ms: 1,
            to: "shipped".into(),
            ..Default::default()
        },
    );
    assert!(violations(&o, None, &gates()).is_empty());
    o.shipments.insert("s2".into(), shipment(400));
    assert!(matches!(
        ship(&mut o, "s2", None),
        Err(DomainError::GateClosed { .. })
    ));
}

/// Reopening an old passed lot and finishing it again does not make it the latest: a later failed
/// lot still decides, and of two lots of one day the one finished last decides.
#[test]
fn refinishing_an_older_pass_does_not_outrank_a_later_fail() {
    let mut o = order();
    lot(&mut o, "f1", 1_000, &[], "2026-05-30");
    failed_lot(&mut o, "f2", 1_000, &[], "2026-05-31");
    let refused = |o: &Order| closed_gates(o, None, OrderStatus::Shipped, &gates());
    assert_eq!(refused(&o), [Gate::FinalInspection]);
    let f1 = o.inspections.get_mut("f1").unwrap();
    f1.reopen("typo in the carton count", "qc", 10, "f1-r")
        .unwrap();
    f1.finish(day("2026-06-05"), "qc", 11, "f1-f2").unwrap();
    assert_eq!(o.inspections["f1"].date, Some(day("2026-05-30")));
    assert_eq!(
        refused(&o),
        [Gate::FinalInspection],
        "the refinished pass outranked the fail"
    );
    // Same day: the lot finished last decides, whatever the ids — but a pass does not overrule
    // a failed lot beside it (opened before it failed, so started with no reason): the failed
    // goods wait for their re-inspection, or a lot started over with a reason.
    let mut o = order();
    failed_lot(&mut o, "zz", 1_000, &[], "2026-05-30");
    let mut pass = Inspection {
        kind: InspectionKind::Final,
        lot_size: 1_000,
        ..Inspection::default()
    };
    pass.finish(day("2026-05-30"), "qc", 9, "aa-f").unwrap();
    o.inspections.insert("aa".into(), pass.clone());
    assert_eq!(refused(&o), [Gate::FinalInspection]);
    pass.started_over = "the whole lot sorted and presented again".into();
    o.inspections.insert("aa".into(), pass);
    assert!(refused(&o).is_empty(), "{:?}", refused(&o));
}

/// A failed final lot is not outranked by a pass that took no decision: one asked to be
/// re-inspected and never re-inspected while a fresh lot (started with no reason, since the
/// failed one was being re-inspected) passed; one reopened and left open so an earlier pass
/// decided. The same for a shipment's own lots. A completed re-inspection settles it.
#[test]
fn a_failed_lot_is_settled_only_by_its_reinspection_or_a_lot_started_over() {
    let refused = |o: &Order| closed_gates(o, None, OrderStatus::Shipped, &gates());
    // Re-inspection asked for, never done; a fresh lot passes beside it.
    let mut o = order();
    o.factory = Some("fac".into());
    failed_lot(&mut o, "f1", 1_000, &[], "2026-05-30");
    o.inspections.get_mut("f1").unwrap().factory = "fac".into();
    inspection::reinspect(&mut o, "f1", "r1", "repacked", None, &open_lot()).unwrap();
    let fresh = Inspection {
        kind: InspectionKind::Final,
        lot_size: 1_000,
        ..Inspection::default()
    };
    inspection::start(&mut o, "f2", fresh, "", (30, 50))
        .expect("the failed lot is being re-inspected");
    o.inspections
        .get_mut("f2")
        .unwrap()
        .finish(day("2026-06-01"), "qc", 5, "f2-f")
        .unwrap();
    assert_eq!(
        refused(&o),
        [Gate::FinalInspection],
        "the re-inspection was never done"
    );
    let r1 = o.inspections.get_mut("r1").unwrap();
    r1.finish(day("2026-06-02"), "qc", 6, "r1-f").unwrap();
    assert!(refused(&o).is_empty(), "{:?}", refused(&o));

    // A failed lot reopened and left open: an earlier pass does not decide meanwhile.
    let mut o = order();
    lot(&mut o, "p1", 1_000, &[], "2026-05-29");
    failed_lot(&mut o, "f1", 1_000, &[], "2026-05-30");
    o.inspections
        .get_mut("f1")
        .unwrap()
        .reopen("recount the cartons", "qc", 7, "f1-r")
        .unwrap();
    assert_eq!(refused(&o), [Gate::FinalInspection]);

    // A shipment's own lots: the failed one for s1 is not outranked by s1's later pass.
    let mut o = order();
    o.shipments.remove("s2");
    failed_lot(&mut o, "f1", 600, &["s1"], "2026-05-30");
    lot(&mut o, "p2", 600, &["s1"], "2026-05-31");
    assert!(matches!(
        ship(&mut o, "s1", None),
        Err(DomainError::GateClosed { .. })
    ));
}

/// A final lot whose defects already reach the rejection number, never finished: a fresh lot
/// starts beside it only with a reason, and while it stays open neither that fresh lot's pass
/// without one nor an earlier pass ships the goods; started over with a reason, the pass does.
#[test]
fn a_lot_left_open_once_it_rejects_is_held_as_a_failed_one() {
    let refused = |o: &Order| closed_gates(o, None, OrderStatus::Shipped, &gates());
    let mut o = order();
    o.factory = Some("fac".into());
    lot(&mut o, "p0", 1_000, &[], "2026-05-28");
    let mut open = Inspection {
        kind: InspectionKind::Final,
        lot_size: 1_000,
        ..Inspection::default()
    };
    open.tap_defect("D1", &inspection::DefectClass::Critical, 1, "o-d")
        .unwrap();
    assert!(open.rejects_open());
    inspection::start(&mut o, "open", open, "", (30, 50)).unwrap();
    // The earlier pass does not decide over the lot that rejects.
    assert_eq!(refused(&o), [Gate::FinalInspection]);
    let fresh = || Inspection {
        kind: InspectionKind::Final,
        lot_size: 1_000,
        ..Inspection::default()
    };
    let e = inspection::start(&mut o, "f2", fresh(), "", (30, 50)).unwrap_err();
    assert!(
        matches!(&e, DomainError::Problem(p) if p.issue == gendan_domain::order::Issue::FailedLotWaits),
        "{e:?}"
    );
    // Put there anyway (a merge, an older build): its pass does not ship the goods.
    let mut merged = o.clone();
    let mut slipped = fresh();
    slipped.finish(day("2026-06-01"), "qc", 5, "f2-f").unwrap();
    merged.inspections.insert("f2".into(), slipped);
    assert_eq!(refused(&merged), [Gate::FinalInspection]);
    // Started over with a reason and passed: that lot decides.
    inspection::start(&mut o, "f2", fresh(), "new lot after sorting", (30, 50)).unwrap();
    o.inspections
        .get_mut("f2")
        .unwrap()
        .finish(day("2026-06-01"), "qc", 5, "f2-f")
        .unwrap();
    assert!(refused(&o).is_empty(), "{:?}", refused(&o));
}

/// A shipment that says no pieces yet (no packing list) is judged as the order is: a lot of
/// ten pieces passed for it does not ship it; its packing list entered, its own pieces are
/// what the lot must hold.
#[test]
fn a_lot_for_a_shipment_that_carries_nothing_yet_is_judged_as_the_order() {
    let mut o = order();
    o.shipments.remove("s2");
    o.shipments.insert("s1".into(), Shipment::default());
    lot(&mut o, "f1", 10, &["s1"], "2026-05-30");
    let e = ship(&mut o, "s1", None).unwrap_err();
    assert!(
        matches!(&e, DomainError::GateClosed { gates, .. } if gates == &vec![final_lot(10, 970, Some("s1"))]),
        "{e:?}"
    );
    o.shipments.insert("s1".into(), shipment(8));
    ship(&mut o, "s1", None).expect("ten pieces presented of the eight it carries");
}

#[test]
fn a_later_shipment_with_its_own_passed_lot_ships_and_a_short_one_does_not() {
    let mut o = order();
    lot(&mut o, "f1", 600, &["s1"], "2026-05-30");
    ship(&mut o, "s1", None).unwrap();
    // s2's lot: 350 presented of its 400 pieces.
    lot(&mut o, "f2", 350, &["s2"], "2026-06-10");
    let e = ship(&mut o, "s2", None).unwrap_err();
    assert!(
        matches!(&e, DomainError::GateClosed { gates } if gates == &[final_lot(350, 400, Some("s2"))]),
        "{e:?}"
    );
    lot(&mut o, "f3", 400, &["s2"], "2026-06-11");
    ship(&mut o, "s2", None).unwrap();
    // s1's lot still decides s1, s2's decides s2: nothing to decide.
    assert!(violations(&o, None, &gates()).is_empty());
    // Correcting a day already recorded is not shipping again, and it takes a reason.
    let again = |o: &mut Order| {
        set_shipped_on(
            o,
            None,
            "s2",
            Some(day("2026-06-12")),
            &gates(),
            "li",
            6,
            day("2030-01-01"),
            None,
        )
    };
    assert!(matches!(again(&mut o), Err(DomainError::ReasonRequired)));
    let note = ChangeNote {
        id: "r1",
        who: "li",
        day: day("2026-06-13"),
        reason: "B/L date",
    };
    redate(&mut o, "s2", day("2026-06-12"), &note).unwrap();
    again(&mut o).unwrap();
    assert!(violations(&o, None, &gates()).is_empty());
}

#[test]
fn the_status_buttons_ship_every_shipment_so_each_needs_its_lot() {
    let mut o = order();
    // Big enough for everything, but it was shipment 1's goods.
    lot(&mut o, "f1", 1_000, &["s1"], "2026-05-30");
    assert_eq!(
        closed_gates(&o, None, OrderStatus::Shipped, &gates()),
        [final_lot(0, 400, Some("s2"))]
    );
    assert!(transition(&mut o, None, OrderStatus::Shipped, &gates(), "li", 1, None).is_err());
    // One lot naming both must hold both shipments' pieces together.
    let mut both = order();
    lot(&mut both, "f1", 900, &["s1", "s2"], "2026-05-30");
    assert_eq!(
        closed_gates(&both, None, OrderStatus::Shipped, &gates()),
        [
            final_lot(900, 1_000, Some("s1")),
            final_lot(900, 1_000, Some("s2"))
        ]
    );
    lot(&mut both, "f2", 1_000, &["s1", "s2"], "2026-05-31");
    transition(
        &mut both,
        None,
        OrderStatus::Shipped,
        &gates(),
        "li",
        1,
        None,
    )
    .unwrap();
    record_shipped(&mut both, day("2026-06-01"));
    // Moving on to delivered judges what left, and it is covered.
    transition(
        &mut both,
        None,
        OrderStatus::Delivered,
        &gates(),
        "li",
        2,
        None,
    )
    .unwrap();
}

#[test]
fn a_shipment_s_lot_smaller_than_that_shipment_is_refused_on_the_shipment_path() {
    let mut o = order();
    lot(&mut o, "f1", 500, &["s1"], "2026-05-30");
    let e = ship(&mut o, "s1", None).unwrap_err();
    assert!(
        matches!(&e, DomainError::GateClosed { gates } if gates == &[final_lot(500, 600, Some("s1"))]),
        "{e:?}"
    );
    assert_eq!(o.status, OrderStatus::ReadyToShip, "refused: nothing moved");
    // A failed lot of s1 decides s1 when it is the latest, whatever passed before.
    let mut o = order();
    lot(&mut o, "f1", 600, &["s1"], "2026-05-30");
    let mut failed = Inspection {
        kind: InspectionKind::Final,
        lot_size: 600,
        ..Inspection::default()
    };
    failed.set_shipments(["s1"]).unwrap();
    failed
        .tap_defect("D1", &inspection::DefectClass::Critical, 1, "d1")
        .unwrap();
    failed.finish(day("2026-05-31"), "qc", 2, "f2-f").unwrap();
    o.inspections.insert("f2".into(), failed);
    assert_eq!(
        closed_gates(&o, None, OrderStatus::Shipped, &gates()),
        [Gate::FinalInspection, final_lot(0, 400, Some("s2"))]
    );
    // The re-inspection of the reworked lot names the same shipment and decides it.
    o.factory = Some("f1".into());
    inspection::reinspect(
        &mut o,
        "f2",
        "f3",
        "reworked",
        None,
        &crate::common::open_lot(),
    )
    .unwrap();
    assert_eq!(
        o.inspections["f3"].shipment_ids().collect::<Vec<_>>(),
        ["s1"]
    );
    let re = o.inspections.get_mut("f3").unwrap();
    re.finish(day("2026-06-02"), "qc", 3, "f3-f").unwrap();
    ship(&mut o, "s1", None).unwrap();
}

#[test]
fn a_lot_naming_no_shipment_is_the_whole_order_as_before() {
    let mut o = order();
    lot(&mut o, "f1", 600, &[], "2026-05-30");
    // What every shipment carries, as the rule was before lots named shipments.
    let e = ship(&mut o, "s1", None).unwrap_err();
    assert!(
        matches!(&e, DomainError::GateClosed { gates } if gates == &[final_lot(600, 1_000, None)]),
        "{e:?}"
    );
    lot(&mut o, "f2", 1_000, &[], "2026-05-31");
    ship(&mut o, "s1", None).unwrap();
    ship(&mut o, "s2", None).unwrap();
    // No shipment at all: the order's total less the allowance.
    let mut bare = order();
    bare.shipments.clear();
    lot(&mut bare, "f1", 969, &[], "2026-05-30");
    assert_eq!(
        closed_gates(&bare, None, OrderStatus::Shipped, &gates()),
        [final_lot(969, 970, None)]
    );
}

#[test]
fn an_inspection_stored_before_lots_named_shipments_loads_and_keeps_its_seal() {
    let mut o = order();
    lot(&mut o, "f1", 1_000, &[], "2026-05-30");
    let mut doc = document::create([3; 16], &author("li"), 1, &o).unwrap();
    // Remove the field, as a document written by an older version holds it.
    let insps = match doc.get(ROOT, "inspections").unwrap() {
        Some((Value::Object(_), id)) => id,
        other => panic!("{other:?}"),
    };
    let f1 = match doc.get(&insps, "f1").unwrap() {
        Some((Value::Object(_), id)) => id,
        other => panic!("{other:?}"),
    };
    doc.delete(&f1, "shipments").unwrap();
    let back: Order = document::read(&doc).unwrap();
    let i = &back.inspections["f1"];
    assert!(i.shipments.is_empty());
    assert!(!i.changed_after_finish(), "an old lot's seal still holds");
    assert!(inspection::lot_shipments(&back, i).is_empty());
    assert!(closed_gates(&back, None, OrderStatus::Shipped, &gates()).is_empty());
}

#[test]
fn a_finished_lot_s_shipments_change_only_by_reopening_it() {
    let mut o = order();
    lot(&mut o, "f1", 600, &["s1"], "2026-05-30");
    let i = o.inspections.get_mut("f1").unwrap();
    assert!(i.set_shipments(["s1"]).is_ok(), "nothing changes");
    assert!(i.set_shipments(["s2"]).is_err());
    i.reopen("it was shipment 2's goods", "qc", 2, "r").unwrap();
    i.set_shipments(["s2"]).unwrap();
    i.finish(day("2026-05-30"), "qc", 3, "f2").unwrap();
    assert_eq!(
        closed_gates(&o, None, OrderStatus::Shipped, &gates()),
        [final_lot(0, 600, Some("s1"))]
    );
}

#[test]
fn two_devices_one_renaming_the_lot_one_shipping_the_second_shipment_needs_a_decision() {
    let mut o = order();
    lot(&mut o, "f1", 1_000, &[], "2026-05-30");
    ship(&mut o, "s1", None).unwrap();
    let (mut a, mut b) = pair(&o);
    // The QC corrects the lot: it was shipment 1's goods only.
    edit::<Order>(&mut a, "qc", |o| {
        let i = o.inspections.get_mut("f1").unwrap();
        i.reopen("lot was shipment 1", "qc", 2, "r").unwrap();
        i.set_shipments(["s1"]).unwrap();
        i.finish(day("2026-05-30"), "qc", 3, "f2").unwrap();
    });
    // Meanwhile the merchandiser ships s2 on the lot as it stood.
    edit::<Order>(&mut b, "li", |o| ship(o, "s2", None).unwrap());
    let merged: Order = merged(&mut a, &mut b);
    assert_eq!(
        violations(&merged, None, &gates()),
        [Violation::GateNotMet {
            status: OrderStatus::Shipped,
            gate: final_lot(0, 400, Some("s2")),
        }]
    );
    // Settled by the logged override for that shipment.
    let mut settled = merged.clone();
    lifecycle::override_gate(
        &mut settled,
        None,
        &final_lot(0, 400, Some("s2")),
        "li",
        9,
        "released",
    )
    .unwrap();
    assert!(violations(&settled, None, &gates()).is_empty());
}

#[test]
fn the_checklist_asks_for_insurance_on_cif_and_cip_and_origin_by_the_rule() {
    let mut ws = Workspace::default();
    assert!(
        ws.settings.certificate_of_origin,
        "on unless the team turns it off"
    );
    let mut o = order();
    let kinds = |o: &Order, ws: &Workspace| -> Vec<DocKind> {
        o.shipments["s1"]
            .checklist(ws.doc_needs(o))
            .into_iter()
            .map(|(k, _)| k)
            .collect()
    };
    let has = |o: &Order, ws: &Workspace, k: DocKind| kinds(o, ws).contains(&k);
    for (term, insured) in [
        (None, false),
        (Some(Incoterm::Fob), false),
        (Some(Incoterm::Cfr), false),
        (Some(Incoterm::Cif), true),
        (Some(Incoterm::Cip), true),
        (Some(Incoterm::Ddp), false),
    ] {
        o.incoterm = term.clone();
        assert_eq!(
            has(&o, &ws, DocKind::InsuranceCertificate),
            insured,
            "{term:?}"
        );
        assert!(has(&o, &ws, DocKind::CertificateOfOrigin));
    }
    ws.settings.certificate_of_origin = false;
    assert!(!has(&o, &ws, DocKind::CertificateOfOrigin));
    assert_eq!(kinds(&o, &ws).len(), 5);
    // A shipment whose certificate of origin was already drafted keeps it on its list, and it
    // counts as pending until approved.
    let s = o.shipments.get_mut("s1").unwrap();
    s.set_document(&DocKind::CertificateOfOrigin, DocStatus::Drafted);
    assert!(has(&o, &ws, DocKind::CertificateOfOrigin));
    assert!(o.shipments["s1"]
        .documents_pending(ws.doc_needs(&o))
        .contains(&DocKind::CertificateOfOrigin));
}

#[test]
fn a_workspace_and_a_shipment_stored_before_these_fields_load() {
    let ws = Workspace::default();
    let mut doc = document::create([4; 16], &author("li"), 1, &ws).unwrap();
    let settings = match doc.get(ROOT, "settings").unwrap() {
        Some((Value::Object(_), id)) => id,
        other => panic!("{other:?}"),
    };
    doc.put(&settings, "certificate_of_origin", false).unwrap();
    assert!(
        !document::read::<Workspace>(&doc)
            .unwrap()
            .settings
            .certificate_of_origin
    );
    doc.delete(&settings, "certificate_of_origin").unwrap();
    assert!(
        document::read::<Workspace>(&doc)
            .unwrap()
            .settings
            .certificate_of_origin,
        "an older workspace kept the certificate of origin on every checklist"
    );

    let mut o = order();
    o.shipments.get_mut("s1").unwrap().booking.freight_terms = Some(FreightTerms::Collect);
    let mut doc = document::create([5; 16], &author("li"), 1, &o).unwrap();
    let ships = match doc.get(ROOT, "shipments").unwrap() {
        Some((Value::Object(_), id)) => id,
        other => panic!("{other:?}"),
    };
    let s1 = match doc.get(&ships, "s1").unwrap() {
        Some((Value::Object(_), id)) => id,
        other => panic!("{other:?}"),
    };
    let booking = match doc.get(&s1, "booking").unwrap() {
        Some((Value::Object(_), id)) => id,
        other => panic!("{other:?}"),
    };
    assert_eq!(
        document::read::<Order>(&doc).unwrap().shipments["s1"]
            .booking
            .freight_terms,
        Some(FreightTerms::Collect)
    );
    doc.delete(&booking, "freight_terms").unwrap();
    let back: Order = document::read(&doc).unwrap();
    assert_eq!(back.shipments["s1"].booking.freight_terms, None);
}

#[test]
fn freight_cost_is_money_in_the_commercial_document_read_strictly() {
    let mut c = Commercial::new("o", "USD");
    let amount = "1250.5".parse().unwrap();
    c.set_freight("s1", Some((amount, " cny "))).unwrap();
    assert_eq!(c.freight_of("s1"), Some((amount, "CNY")));
    for bad in ["yuan", "US", "U$D", "12"] {
        assert!(
            matches!(
                c.set_freight("s2", Some((amount, bad))),
                Err(DomainError::Problem(_))
            ),
            "{bad}"
        );
    }
    assert_eq!(c.freight_of("s2"), None);
    c.set_freight("s2", Some((amount, ""))).unwrap();
    assert_eq!(
        c.freight_of("s2"),
        Some((amount, "USD")),
        "the order's currency"
    );
    c.set_freight("s2", None).unwrap();
    assert_eq!(c.freight_of("s2"), None);
    // Two devices pricing the freight of two shipments keep both.
    let (mut a, mut b) = pair(&Commercial::new("o", "USD"));
    edit::<Commercial>(&mut a, "li", |c| {
        c.set_freight("s1", Some(("800".parse().unwrap(), "USD")))
            .unwrap()
    });
    edit::<Commercial>(&mut b, "wang", |c| {
        c.set_freight("s2", Some(("300".parse().unwrap(), "CNY")))
            .unwrap()
    });
    let m: Commercial = merged(&mut a, &mut b);
    assert_eq!(m.freight.len(), 2);
}

/// A lot larger than the order can present (its total plus the over-shipment allowance) draws a
/// larger sample with a higher acceptance number, so a count that fails passes, and spreads the
/// defects over pieces never there. Refused on every path that sets a lot's size: a final or
/// inline lot started, a set-up changed (its size, or its kind from pre-production; also a
/// re-inspection's, also after a reopening), with
/// the order's own allowance when it has one; a pre-production lot (materials, trims) is free,
/// and a lot size left as it is stands after the order is cut.
#[test]
fn a_lot_larger_than_the_order_can_present_is_refused_on_every_path() {
    use gendan_domain::inspection::{NextLot, PlanSetup};
    use gendan_domain::shipped::Tolerance;
    let ws = (30, 50);
    let above = |r: Result<(), DomainError>, lot: u64, most: u64| {
        matches!(&r, Err(DomainError::Problem(p)) if p.issue
            == gendan_domain::order::Issue::LotAboveOrder { lot, most, ordered: 1_000 })
    };
    let mut o = order();
    o.factory = Some("fac".into());
    let new_lot = |kind: InspectionKind, lot_size: u32| Inspection {
        kind,
        lot_size,
        ..Inspection::default()
    };
    // 1,000 ordered, 5 % over: 1,050 at most.
    assert_eq!(inspection::lot_most(&o, ws), Some(1_050));
    let r = inspection::start(&mut o, "big", new_lot(InspectionKind::Final, 1_051), "", ws);
    assert!(above(r, 1_051, 1_050));
    let r = inspection::start(
        &mut o,
        "big",
        new_lot(InspectionKind::Inline, 5_000),
        "",
        ws,
    );
    assert!(above(r, 5_000, 1_050));
    assert!(!o.inspections.contains_key("big"), "nothing recorded");
    inspection::start(
        &mut o,
        "ppi",
        new_lot(InspectionKind::PreProduction, 20_000),
        "",
        ws,
    )
    .expect("materials and trims are counted otherwise");
    inspection::start(&mut o, "f1", new_lot(InspectionKind::Final, 1_050), "", ws)
        .expect("the allowance is the bound, included");
    // The set-up: a larger lot is refused, as on the start.
    let setup = |o: &Order, id: &str, lot_size: u32| {
        let i = &o.inspections[id];
        PlanSetup {
            kind: i.kind.clone(),
            lot_size,
            level: i.level.clone(),
            stringency: i.stringency.clone(),
            aqls: i.aqls.clone(),
        }
    };
    // A pre-production lot made an inline lot is bounded as one, its size changed or not.
    let mut inline = setup(&o, "ppi", 20_000);
    inline.kind = InspectionKind::Inline;
    let r = inspection::set_plan_of(&mut o, "ppi", inline.clone(), ws);
    assert!(above(r, 20_000, 1_050));
    inline.lot_size = 800;
    inspection::set_plan_of(&mut o, "ppi", inline, ws).expect("within the order");
    let s = setup(&o, "f1", 3_000);
    assert!(above(
        inspection::set_plan_of(&mut o, "f1", s, ws),
        3_000,
        1_050
    ));
    assert_eq!(o.inspections["f1"].lot_size, 1_050, "kept");
    // The order's own allowance decides over the workspace's.
    let mut own = o.clone();
    own.ship_tolerance = Some(Tolerance {
        short_permille: 30,
        over_permille: 100,
    });
    let s = setup(&own, "f1", 1_100);
    inspection::set_plan_of(&mut own, "f1", s, ws).expect("10 % over on this order");
    // Failed, re-inspected: the re-inspection's lot is bounded as its failed lot was.
    let f1 = o.inspections.get_mut("f1").unwrap();
    f1.tap_defect("D1", &inspection::DefectClass::Critical, 1, "d1")
        .unwrap();
    f1.finish(day("2026-05-30"), "qc", 1, "f1-f").unwrap();
    let next = NextLot {
        stringency: Default::default(),
        discontinued: false,
    };
    inspection::reinspect(&mut o, "f1", "re", "sorted", None, &next).unwrap();
    let s = setup(&o, "re", 2_000);
    assert!(above(
        inspection::set_plan_of(&mut o, "re", s, ws),
        2_000,
        1_050
    ));
    // Reopened with its reason, a finished lot is no freer.
    let f1 = o.inspections.get_mut("f1").unwrap();
    f1.reopen("recount", "qc", 2, "f1-r").unwrap();
    let s = setup(&o, "f1", 1_051);
    assert!(above(
        inspection::set_plan_of(&mut o, "f1", s, ws),
        1_051,
        1_050
    ));
    // The order cut to 500 since: the lot presented then stands, and the rest of its set-up
    // still changes; only a changed size is judged against the order now.
    o.quantities.set_qty("black", "m", 500);
    let mut s = setup(&o, "f1", 1_050);
    s.level = inspection::Level::III;
    inspection::set_plan_of(&mut o, "f1", s, ws).expect("the lot size is not changed");
    assert_eq!(o.inspections["f1"].level, inspection::Level::III);
    let s = setup(&o, "f1", 1_000);
    let r = inspection::set_plan_of(&mut o, "f1", s, ws);
    assert!(
        matches!(&r, Err(DomainError::Problem(p)) if matches!(p.issue,
            gendan_domain::order::Issue::LotAboveOrder { lot: 1_000, most: 525, ordered: 500 })),
        "{r:?}"
    );
}
