//! Data entry that cannot go wrong quietly (issue 13): a finished inspection's figures are locked
//! by every edit the screens use and reopen only with a logged reason, a merge cannot change a
//! finished verdict silently, a re-inspection needs its rework note, measurements keep their
//! order, production reports are corrected and removed with a log, and packing beyond the
//! over-shipment allowance needs a confirmation.

use crate::common::*;
use gendan_domain::inspection::{
    self, Aqls, DefectClass, Inspection, InspectionEventKind, InspectionKind, Level, Measurement,
    PlanSetup, Stringency, Verdict,
};
use gendan_domain::lifecycle::{transition, violations, Gates, Violation};
use gendan_domain::order::{Field, Issue, Problem};
use gendan_domain::production::{
    self, add_report, correct_report, packing_allowed, remove_report, ChangeBy, ProductionReport,
    ReportChangeKind, Stage,
};
use gendan_domain::workspace::Settings;
use gendan_domain::{DomainError, Milli, Order, OrderStatus};

fn problem(e: Result<(), DomainError>) -> Problem {
    match e {
        Err(DomainError::Problem(p)) => p,
        other => panic!("expected a typed problem, got {other:?}"),
    }
}

fn setup(lot: u32) -> PlanSetup {
    PlanSetup {
        kind: InspectionKind::Final,
        lot_size: lot,
        level: Level::II,
        stringency: Stringency::Normal,
        aqls: Aqls::default(),
    }
}

/// A final inspection of 3,000 pieces with one critical defect: finished, it fails.
fn failed_final() -> Inspection {
    let mut i = Inspection {
        lot_size: 3000,
        ..Inspection::default()
    };
    i.tap_defect("D01", &DefectClass::Critical, 1, "d1")
        .unwrap();
    i.finish(day("2026-05-02"), "qc", 10, "l1").unwrap();
    assert_eq!(i.verdict().unwrap(), Verdict::Fail);
    i
}

fn locked() -> Problem {
    Problem::new(Field::FinishedInspection, Issue::Finished)
}

#[test]
fn a_finished_inspections_figures_are_refused_by_every_edit() {
    let i = failed_final();
    // The issue's case: another lot size and "update sampling plan".
    let mut e = i.clone();
    assert_eq!(problem(e.set_plan(setup(50))), locked());
    // Every other figure of the set-up, one at a time.
    let mut level = setup(3000);
    level.level = Level::S1;
    let mut strict = setup(3000);
    strict.stringency = Stringency::Reduced;
    let mut aql = setup(3000);
    aql.aqls.critical = String::new();
    let mut kind = setup(3000);
    kind.kind = InspectionKind::Inline;
    for s in [level, strict, aql, kind] {
        assert_eq!(problem(e.set_plan(s)), locked());
    }
    // Defect counts, both ways, and a new defect.
    assert_eq!(
        problem(e.tap_defect("D01", &DefectClass::Critical, -1, "x")),
        locked()
    );
    assert_eq!(
        problem(e.tap_defect("D09", &DefectClass::Minor, 1, "x")),
        locked()
    );
    // Measurements.
    let m = Measurement {
        point: "chest".into(),
        ..Measurement::default()
    };
    assert_eq!(problem(e.add_measurement("m", m, &[])), locked());
    // Finishing again is refused too (it would re-seal whatever is there).
    assert_eq!(
        problem(e.finish(day("2026-05-03"), "qc", 11, "l2")),
        locked()
    );
    assert_eq!(e, i, "nothing changed");
    assert_eq!(e.verdict().unwrap(), Verdict::Fail);
    // Saving the same set-up is no change, not a refusal.
    e.set_plan(setup(3000)).unwrap();
    // A photo is evidence, not a figure: still allowed.
    let d = e.defects.get_mut("d1").unwrap();
    d.add_photo(&"ab".repeat(32), "").unwrap();
    assert_eq!(e.verdict().unwrap(), Verdict::Fail);
}

#[test]
fn reopening_needs_a_reason_is_logged_and_must_be_finished_again() {
    let mut i = failed_final();
    for reason in ["", "   "] {
        assert_eq!(
            problem(i.reopen(reason, "li", 20, "l2")),
            Problem::new(Field::ReopenReason, Issue::Required)
        );
    }
    assert!(i.completed);
    i.reopen(" lot was 300, typed 3000 ", "li", 20, "l2")
        .unwrap();
    assert_eq!(i.verdict().unwrap(), Verdict::Pending);
    let log = i.log_in_order();
    assert_eq!(log.len(), 2);
    assert_eq!(log[0].1.kind, InspectionEventKind::Finished);
    let r = log[1].1;
    assert_eq!(
        (r.kind.clone(), r.who.as_str(), r.at_ms, r.reason.as_str()),
        (
            InspectionEventKind::Reopened,
            "li",
            20,
            "lot was 300, typed 3000"
        )
    );
    // Now the figures change, and the verdict is judged again when finished.
    i.set_plan(setup(300)).unwrap();
    i.finish(day("2026-05-03"), "qc", 30, "l3").unwrap();
    assert_eq!(
        i.verdict().unwrap(),
        Verdict::Fail,
        "a critical still fails"
    );
    assert_eq!(i.log.len(), 3);
}

#[test]
fn an_offline_edit_merged_with_a_finish_elsewhere_needs_a_decision_not_a_new_verdict() {
    let mut o = full_order();
    o.status = OrderStatus::ReadyToShip;
    let mut i = Inspection {
        lot_size: 1000,
        ..Inspection::default()
    };
    i.tap_defect("D01", &DefectClass::Major, 1, "d1").unwrap();
    o.inspections.insert("fri".into(), i);
    o.inspections.remove("i1");
    let (mut a, mut b) = pair(&o);
    // Device A (the office, offline) still sees it open and shrinks the lot.
    edit::<Order>(&mut a, "li", |o| {
        let i = o.inspections.get_mut("fri").unwrap();
        i.set_plan(setup(20)).unwrap();
    });
    // Device B (the QC) adds a critical and finishes: it fails.
    edit::<Order>(&mut b, "qc", |o| {
        let i = o.inspections.get_mut("fri").unwrap();
        i.tap_defect("D02", &DefectClass::Critical, 1, "d2")
            .unwrap();
        i.finish(day("2026-05-20"), "qc", 5, "fin").unwrap();
    });
    let merged: Order = merged(&mut a, &mut b);
    let i = &merged.inspections["fri"];
    assert!(i.completed);
    assert!(i.changed_after_finish());
    assert_eq!(
        problem(i.verdict().map(|_| ())),
        Problem::new(Field::FinishedInspection, Issue::ChangedAfterFinish)
    );
    // The gate to ship sees no pass, and the order says why it cannot ship.
    let mut g = Gates::none();
    g.final_inspection_before_shipping = true;
    assert!(!inspection::final_passed(&merged));
    let mut try_ship = merged.clone();
    assert!(transition(&mut try_ship, None, OrderStatus::Shipped, &g, "li", 1, None).is_err());
    // Reopened with a reason and finished again, it is judged on the merged figures.
    let mut fixed = merged.clone();
    let i = fixed.inspections.get_mut("fri").unwrap();
    i.reopen("office changed the lot offline", "li", 40, "r")
        .unwrap();
    i.set_plan(setup(1000)).unwrap();
    i.finish(day("2026-05-21"), "qc", 41, "fin2").unwrap();
    assert_eq!(i.verdict().unwrap(), Verdict::Fail);
    assert!(!i.changed_after_finish());
}

#[test]
fn a_pass_cannot_be_made_by_an_edit_merged_after_shipping() {
    // Finished and passed on B, shipped; A had tapped a critical offline before it knew.
    let mut o = full_order();
    o.inspections.clear();
    o.status = OrderStatus::ReadyToShip;
    o.inspections.insert(
        "fri".into(),
        Inspection {
            lot_size: 1000,
            ..Inspection::default()
        },
    );
    let (mut a, mut b) = pair(&o);
    edit::<Order>(&mut a, "li", |o| {
        let i = o.inspections.get_mut("fri").unwrap();
        i.tap_defect("D02", &DefectClass::Critical, 1, "late")
            .unwrap();
    });
    let mut g = Gates::none();
    g.final_inspection_before_shipping = true;
    edit::<Order>(&mut b, "qc", |o| {
        let i = o.inspections.get_mut("fri").unwrap();
        i.finish(day("2026-05-20"), "qc", 5, "fin").unwrap();
        assert_eq!(i.verdict().unwrap(), Verdict::Pass);
        transition(o, None, OrderStatus::Shipped, &g, "qc", 6, None).unwrap();
    });
    let merged: Order = merged(&mut a, &mut b);
    assert!(!inspection::final_passed(&merged));
    assert!(
        violations(&merged, None, &g)
            .iter()
            .any(|v| matches!(v, Violation::GateNotMet { .. })),
        "{:?}",
        violations(&merged, None, &g)
    );
}

#[test]
fn remarks_merged_after_a_finish_change_nothing() {
    let mut o = Order::new();
    o.inspections.insert(
        "fri".into(),
        Inspection {
            lot_size: 1000,
            ..Inspection::default()
        },
    );
    let (mut a, mut b) = pair(&o);
    edit::<Order>(&mut a, "li", |o| {
        o.inspections.get_mut("fri").unwrap().remarks = "cartons dry".into();
    });
    edit::<Order>(&mut b, "qc", |o| {
        let i = o.inspections.get_mut("fri").unwrap();
        i.finish(day("2026-05-20"), "qc", 5, "fin").unwrap();
    });
    let merged: Order = merged(&mut a, &mut b);
    assert_eq!(merged.inspections["fri"].verdict().unwrap(), Verdict::Pass);
}

#[test]
fn a_reinspection_needs_a_rework_note_and_keeps_it() {
    let mut o = Order::new();
    o.factory = Some("f1".into());
    o.inspections.insert("f".into(), failed_final());
    for note in ["", "  "] {
        assert_eq!(
            problem(inspection::reinspect(
                &mut o,
                "f",
                "r",
                note,
                None,
                &crate::common::open_lot()
            )),
            Problem::new(Field::ReworkNote, Issue::Required)
        );
    }
    assert!(!o.inspections.contains_key("r"));
    inspection::reinspect(
        &mut o,
        "f",
        "r",
        " re-ironed all ",
        None,
        &crate::common::open_lot(),
    )
    .unwrap();
    assert_eq!(o.inspections["r"].rework_note, "re-ironed all");
    assert_eq!(o.inspections["r"].kind, InspectionKind::Reinspection);
}

#[test]
fn measurements_keep_the_order_typed_through_a_document() {
    let mut i = Inspection::default();
    let ms = |p: &str| Measurement {
        point: p.into(),
        ..Measurement::default()
    };
    let v = |s: &[&str]| s.iter().map(|x| x.parse().unwrap()).collect::<Vec<Milli>>();
    // Random ids that sort against the order typed.
    for (id, p, vals) in [
        ("zz", "Chest width", v(&["52", "51.5", "50"])),
        (
            "aa",
            "Body length",
            v(&[
                "70", "69", "71", "68", "72", "73", "66", "67", "65", "74", "75",
            ]),
        ),
        ("mm", "Sleeve", v(&["20"])),
    ] {
        i.add_measurement(id, ms(p), &vals).unwrap();
    }
    assert_eq!(
        problem(i.add_measurement("x", ms("  "), &[])),
        Problem::new(Field::MeasurePoint, Issue::Required)
    );
    let mut o = Order::new();
    o.inspections.insert("i".into(), i);
    let (a, _) = pair(&o);
    let back: Order = gendan_domain::document::read(&a).unwrap();
    let i = &back.inspections["i"];
    let points: Vec<_> = i
        .measurements_in_order()
        .iter()
        .map(|(_, m)| m.point.clone())
        .collect();
    assert_eq!(points, ["Chest width", "Body length", "Sleeve"]);
    let body: Vec<String> = i.measurements["aa"]
        .measured
        .values()
        .map(|m| m.to_string())
        .collect();
    assert_eq!(
        body,
        ["70", "69", "71", "68", "72", "73", "66", "67", "65", "74", "75"]
    );
}

fn order_of(qty: u64) -> Order {
    let mut o = Order::new();
    o.quantities.add_colour("c".into(), "Red");
    o.quantities.add_size("s".into(), "S");
    o.quantities.set_qty("c", "s", qty);
    o
}

fn report(stage: Stage, d: &str, qty: u64) -> ProductionReport {
    ProductionReport {
        stage,
        date: Some(day(d)),
        qty,
        reported_by: "clerk".into(),
        ..ProductionReport::default()
    }
}

fn by<'a>(id: &'a str, at_ms: i64) -> ChangeBy<'a> {
    ChangeBy {
        change_id: id,
        who: "li",
        at_ms,
        reason: "miscounted bundles",
    }
}

#[test]
fn production_reports_are_corrected_and_removed_with_a_log_and_totals_follow() {
    let mut o = order_of(1000);
    add_report(
        &mut o,
        "a",
        report(Stage::Sewing, "2026-05-01", 300),
        50,
        false,
    )
    .unwrap();
    add_report(
        &mut o,
        "b",
        report(Stage::Sewing, "2026-05-02", 200),
        50,
        false,
    )
    .unwrap();
    assert_eq!(production::stage_total(&o, &Stage::Sewing), 500);
    correct_report(&mut o, "a", 30, day("2026-05-03"), by("c1", 7), 50, false).unwrap();
    assert_eq!(production::stage_total(&o, &Stage::Sewing), 230);
    assert_eq!(
        production::stage_total_by(&o, &Stage::Sewing, day("2026-05-02")),
        200,
        "the corrected day counts"
    );
    let c = &o.production["a"].changes["c1"];
    assert_eq!(
        (
            c.kind.clone(),
            c.who.as_str(),
            c.at_ms,
            c.qty_from,
            c.qty_to
        ),
        (ReportChangeKind::Corrected, "li", 7, 300, 30)
    );
    remove_report(&mut o, "b", by("c2", 8)).unwrap();
    assert_eq!(production::stage_total(&o, &Stage::Sewing), 30);
    assert_eq!(
        o.production["b"].changes["c2"].kind,
        ReportChangeKind::Removed
    );
    // A removed report is neither corrected nor removed again.
    for e in [
        correct_report(&mut o, "b", 5, day("2026-05-03"), by("c3", 9), 50, false),
        remove_report(&mut o, "b", by("c4", 9)),
    ] {
        assert_eq!(
            problem(e),
            Problem::new(Field::ProductionQty, Issue::Removed)
        );
    }
    assert!(matches!(
        remove_report(&mut o, "nope", by("c5", 9)),
        Err(DomainError::NotFound { .. })
    ));
}

#[test]
fn a_correction_and_a_removal_on_two_devices_keep_both_log_entries_and_the_removal() {
    let mut o = order_of(1000);
    add_report(
        &mut o,
        "a",
        report(Stage::Cutting, "2026-05-01", 300),
        50,
        false,
    )
    .unwrap();
    let (mut x, mut y) = pair(&o);
    edit::<Order>(&mut x, "li", |o| {
        correct_report(o, "a", 350, day("2026-05-01"), by("fix", 1), 50, false).unwrap()
    });
    edit::<Order>(&mut y, "zhou", |o| {
        remove_report(o, "a", by("rm", 2)).unwrap()
    });
    let m: Order = merged(&mut x, &mut y);
    assert_eq!(m.production["a"].changes.len(), 2);
    assert_eq!(production::stage_total(&m, &Stage::Cutting), 0);
}

#[test]
fn packing_beyond_the_allowance_asks_first() {
    assert_eq!(
        Settings::default().over_ship_permille,
        production::DEFAULT_OVER_SHIP_PERMILLE
    );
    let permille = Settings::default().over_ship_permille;
    let mut o = order_of(1000);
    assert_eq!(packing_allowed(&o, permille), 1050);
    add_report(
        &mut o,
        "p1",
        report(Stage::Packing, "2026-05-01", 1000),
        permille,
        false,
    )
    .unwrap();
    // Exactly the allowance: fine.
    let mut at = o.clone();
    add_report(
        &mut at,
        "p2",
        report(Stage::Packing, "2026-05-02", 50),
        permille,
        false,
    )
    .unwrap();
    // One piece over: refused with the figures, unless confirmed.
    let over = Problem::new(
        Field::ProductionQty,
        Issue::OverShipment {
            packed: 1051,
            allowed: 1050,
            ordered: 1000,
            colour: String::new(),
        },
    );
    let mut one_over = o.clone();
    assert_eq!(
        problem(add_report(
            &mut one_over,
            "p2",
            report(Stage::Packing, "2026-05-02", 51),
            permille,
            false
        )),
        over
    );
    assert_eq!(production::stage_total(&one_over, &Stage::Packing), 1000);
    add_report(
        &mut one_over,
        "p2",
        report(Stage::Packing, "2026-05-02", 51),
        permille,
        true,
    )
    .unwrap();
    assert_eq!(production::stage_total(&one_over, &Stage::Packing), 1051);
    // Other stages are never asked (sewing more than ordered is usual: rejects, spares).
    add_report(
        &mut o,
        "s",
        report(Stage::Sewing, "2026-05-02", 5000),
        permille,
        false,
    )
    .unwrap();
    // A correction upward asks too; one downward from above the allowance does not.
    assert_eq!(
        problem(correct_report(
            &mut at,
            "p2",
            51,
            day("2026-05-02"),
            by("c", 1),
            permille,
            false
        )),
        over
    );
    correct_report(
        &mut one_over,
        "p2",
        60,
        day("2026-05-02"),
        by("c", 1),
        permille,
        true,
    )
    .unwrap();
    correct_report(
        &mut one_over,
        "p2",
        55,
        day("2026-05-02"),
        by("d", 2),
        permille,
        false,
    )
    .unwrap();
    // A removed packing report no longer counts toward the allowance.
    remove_report(&mut one_over, "p1", by("e", 3)).unwrap();
    add_report(
        &mut one_over,
        "p3",
        report(Stage::Packing, "2026-05-03", 995),
        permille,
        false,
    )
    .unwrap();
}
