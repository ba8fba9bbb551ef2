//! T&A milestones completed by the records they stand for, by link code and never by name; and
//! plans that put a milestone before one it depends on.

use gendan_domain::inspection::{Inspection, InspectionKind};
use gendan_domain::links::{complete_linked, out_of_order, Link};
use gendan_domain::production::{ProductionReport, Stage};
use gendan_domain::purchasing::{Confirmation, Delivery, PurchaseOrder};
use gendan_domain::samples::{self, Sample, SampleKind, SampleResult};
use gendan_domain::shipment::Shipment;
use gendan_domain::{tna, Order};

use crate::common::{apply_by_line, day, edit, merged, pair};

fn planned_order() -> Order {
    let mut o = Order::new();
    o.customer_po = "PO-9".into();
    o.quantities.add_colour("black".into(), "Black");
    o.quantities.add_size("m".into(), "M");
    o.quantities.set_qty("black", "m", 500);
    o.order_date = Some(day("2026-03-01"));
    o.ex_factory = Some(day("2026-07-01"));
    apply_by_line(&mut o, &tna::default_template());
    o
}

fn actual(o: &Order, code: &str) -> Option<gendan_domain::Day> {
    o.milestones.values().find(|m| m.code == code)?.actual
}

fn approve(o: &mut Order, id: &str, kind: SampleKind, on: &str) {
    let sample = Sample {
        kind,
        sent: Some(day("2026-03-05")),
        ..Sample::default()
    };
    samples::add(o, id, sample, day("2026-03-05")).unwrap();
    samples::record_reply(
        o,
        id,
        SampleResult::Approved,
        "",
        day(on),
        day("2026-12-31"),
    )
    .unwrap();
}

#[test]
fn a_sample_approval_completes_its_milestone_with_the_approval_day() {
    let mut o = planned_order();
    assert!(complete_linked(&mut o).is_empty(), "nothing happened yet");
    approve(&mut o, "s1", SampleKind::Fit, "2026-03-20");
    let done = complete_linked(&mut o);
    assert_eq!(done.len(), 1);
    assert_eq!(actual(&o, "fit_sample"), Some(day("2026-03-20")));
    assert_eq!(
        actual(&o, "pp_sample"),
        None,
        "a fit approval is not a PP approval"
    );
    assert_eq!(actual(&o, "lab_dip"), None);
}

#[test]
fn names_do_not_link_codes_do() {
    let mut o = planned_order();
    // A renamed milestone keeps its link; a custom one named like a PP approval has none.
    for m in o.milestones.values_mut() {
        if m.code == "pp_sample" {
            m.name = "产前样 (buyer's office)".into();
        }
    }
    let mut custom = o.milestones.values().next().unwrap().clone();
    custom.name = "PP sample approval 产前样确认".into();
    custom.code = "my_own_line".into();
    custom.actual = None;
    o.milestones.insert("custom".into(), custom);
    approve(&mut o, "s1", SampleKind::PreProduction, "2026-04-02");
    complete_linked(&mut o);
    assert_eq!(actual(&o, "pp_sample"), Some(day("2026-04-02")));
    assert_eq!(o.milestones["custom"].actual, None);
}

#[test]
fn a_date_already_there_is_kept() {
    let mut o = planned_order();
    for m in o.milestones.values_mut() {
        if m.code == "pp_sample" {
            m.actual = Some(day("2026-03-30"));
        }
    }
    approve(&mut o, "s1", SampleKind::PreProduction, "2026-04-02");
    assert!(complete_linked(&mut o).is_empty());
    assert_eq!(actual(&o, "pp_sample"), Some(day("2026-03-30")));
}

#[test]
fn a_rejected_latest_round_completes_nothing() {
    let mut o = planned_order();
    let sample = Sample {
        kind: SampleKind::PreProduction,
        sent: Some(day("2026-03-05")),
        ..Sample::default()
    };
    samples::add(&mut o, "s1", sample, day("2026-03-05")).unwrap();
    samples::record_reply(
        &mut o,
        "s1",
        SampleResult::Rejected,
        "wrong shade",
        day("2026-03-09"),
        day("2026-12-31"),
    )
    .unwrap();
    assert!(complete_linked(&mut o).is_empty());
}

fn passed_inspection(kind: InspectionKind, on: &str) -> Inspection {
    Inspection {
        kind,
        lot_size: 500,
        date: Some(day(on)),
        completed: true,
        ..Inspection::default()
    }
}

#[test]
fn a_passed_inspection_completes_its_kind_and_a_failed_one_does_not() {
    let mut o = planned_order();
    let mut failed = passed_inspection(InspectionKind::Final, "2026-06-20");
    failed.defects.insert(
        "d".into(),
        gendan_domain::inspection::Defect {
            code: "D01".into(),
            class: gendan_domain::inspection::DefectClass::Critical,
            count: 1,
            ..Default::default()
        },
    );
    o.inspections.insert("f1".into(), failed);
    o.inspections.insert(
        "i1".into(),
        passed_inspection(InspectionKind::Inline, "2026-06-01"),
    );
    complete_linked(&mut o);
    assert_eq!(actual(&o, "inline_qc"), Some(day("2026-06-01")));
    assert_eq!(
        actual(&o, "final_qc"),
        None,
        "a failed final completes nothing"
    );
    // The re-inspection that passes stands for the final it repeats.
    let mut re = passed_inspection(InspectionKind::Reinspection, "2026-06-24");
    re.reinspection_of = Some("f1".into());
    o.inspections.insert("f2".into(), re);
    complete_linked(&mut o);
    assert_eq!(actual(&o, "final_qc"), Some(day("2026-06-24")));
}

#[test]
fn fabric_booking_waits_for_every_fabric_po_and_bulk_fabric_for_full_delivery() {
    let mut o = planned_order();
    let confirmed = |on: &str| {
        Some(Confirmation {
            on: Some(day(on)),
            ..Confirmation::default()
        })
    };
    let po = |written: &str, phone: &str| PurchaseOrder {
        qty: "100".parse().unwrap(),
        written_confirmation: confirmed(written),
        phone_confirmation: confirmed(phone),
        ..PurchaseOrder::default()
    };
    o.purchase_orders
        .insert("a".into(), po("2026-03-10", "2026-03-11"));
    o.purchase_orders.insert(
        "b".into(),
        PurchaseOrder {
            written_confirmation: None,
            ..po("2026-03-12", "2026-03-12")
        },
    );
    complete_linked(&mut o);
    assert_eq!(
        actual(&o, "fabric_booking"),
        None,
        "PO b is not confirmed both ways"
    );
    o.purchase_orders.get_mut("b").unwrap().written_confirmation = confirmed("2026-03-14");
    complete_linked(&mut o);
    assert_eq!(
        actual(&o, "fabric_booking"),
        Some(day("2026-03-14")),
        "the later PO's day"
    );

    let delivery = |on: &str, qty: &str| Delivery {
        date: Some(day(on)),
        qty: qty.parse().unwrap(),
        inspection: gendan_domain::purchasing::IncomingResult::Accepted,
        ..Delivery::default()
    };
    for id in ["a", "b"] {
        let p = o.purchase_orders.get_mut(id).unwrap();
        p.deliveries
            .insert("1".into(), delivery("2026-04-01", "60"));
    }
    complete_linked(&mut o);
    assert_eq!(actual(&o, "bulk_fabric"), None, "60 of 100 is not in-house");
    o.purchase_orders
        .get_mut("a")
        .unwrap()
        .deliveries
        .insert("2".into(), delivery("2026-04-05", "40"));
    o.purchase_orders
        .get_mut("b")
        .unwrap()
        .deliveries
        .insert("2".into(), delivery("2026-04-03", "40"));
    complete_linked(&mut o);
    assert_eq!(actual(&o, "bulk_fabric"), Some(day("2026-04-05")));

    // Goods rejected at incoming inspection are not in house.
    let mut rejected = o.clone();
    for p in rejected.purchase_orders.values_mut() {
        p.deliveries.get_mut("2").unwrap().inspection =
            gendan_domain::purchasing::IncomingResult::Rejected;
    }
    for m in rejected.milestones.values_mut() {
        m.actual = None;
    }
    complete_linked(&mut rejected);
    assert_eq!(
        actual(&rejected, "bulk_fabric"),
        None,
        "rejected goods are not in house"
    );
}

#[test]
fn production_and_shipping_complete_their_milestones() {
    let mut o = planned_order();
    let report = |stage, on: &str, qty| ProductionReport {
        stage,
        date: Some(day(on)),
        qty,
        ..ProductionReport::default()
    };
    o.production
        .insert("r0".into(), report(Stage::Cutting, "2026-05-01", 0));
    complete_linked(&mut o);
    assert_eq!(
        actual(&o, "cutting"),
        None,
        "a report of nothing cut starts nothing"
    );
    o.production
        .insert("r1".into(), report(Stage::Cutting, "2026-05-03", 120));
    o.production
        .insert("r2".into(), report(Stage::Cutting, "2026-05-02", 80));
    o.production
        .insert("r3".into(), report(Stage::Sewing, "2026-05-10", 50));
    complete_linked(&mut o);
    assert_eq!(
        actual(&o, "cutting"),
        Some(day("2026-05-02")),
        "the first day cut"
    );
    assert_eq!(actual(&o, "sewing"), Some(day("2026-05-10")));

    o.shipments.insert(
        "sh".into(),
        Shipment {
            etd: Some(day("2026-07-04")),
            ..Shipment::default()
        },
    );
    complete_linked(&mut o);
    assert_eq!(
        actual(&o, "etd"),
        None,
        "a booking that has not left is not an ETD"
    );
    o.shipments.get_mut("sh").unwrap().shipped_on = Some(day("2026-07-02"));
    complete_linked(&mut o);
    assert_eq!(actual(&o, "ex_factory"), Some(day("2026-07-02")));
    assert_eq!(actual(&o, "etd"), Some(day("2026-07-04")));
    assert_eq!(actual(&o, "payment_due"), None, "money is ticked by hand");
}

#[test]
fn two_devices_events_merge_and_both_milestones_are_done() {
    let o = planned_order();
    let (mut a, mut b) = pair(&o);
    edit::<Order>(&mut a, "li", |o| {
        approve(o, "s-a", SampleKind::Fit, "2026-03-20");
        complete_linked(o);
    });
    edit::<Order>(&mut b, "wang", |o| {
        o.inspections.insert(
            "i".into(),
            passed_inspection(InspectionKind::Inline, "2026-06-02"),
        );
        complete_linked(o);
    });
    let m: Order = merged(&mut a, &mut b);
    assert_eq!(actual(&m, "fit_sample"), Some(day("2026-03-20")));
    assert_eq!(actual(&m, "inline_qc"), Some(day("2026-06-02")));
}

#[test]
fn a_plan_with_pp_before_fit_is_out_of_order() {
    let mut o = planned_order();
    assert!(
        out_of_order(&o).is_empty(),
        "the standard template is in order"
    );
    let fit = o
        .milestones
        .iter()
        .find(|(_, m)| m.code == "fit_sample")
        .unwrap()
        .0
        .clone();
    let pp = o
        .milestones
        .iter()
        .find(|(_, m)| m.code == "pp_sample")
        .unwrap()
        .0
        .clone();
    o.milestones.get_mut(&pp).unwrap().planned = Some(day("2026-03-15"));
    o.milestones.get_mut(&fit).unwrap().planned = Some(day("2026-03-22"));
    let found = out_of_order(&o);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].milestone, pp);
    assert_eq!(found[0].depends_on, fit);
    // Once PP is done, its plan no longer needs a warning.
    o.milestones.get_mut(&pp).unwrap().actual = Some(day("2026-03-15"));
    assert!(out_of_order(&o).is_empty());
}

#[test]
fn a_delay_report_that_moves_fit_past_pp_is_out_of_order() {
    let mut o = planned_order();
    let fit = o
        .milestones
        .iter()
        .find(|(_, m)| m.code == "fit_sample")
        .unwrap()
        .0
        .clone();
    let pp = o
        .milestones
        .iter()
        .find(|(_, m)| m.code == "pp_sample")
        .unwrap()
        .0
        .clone();
    let pp_due = o.milestones[&pp].due().unwrap();
    let report = tna::DelayReport {
        cause: "fit session moved".into(),
        new_date: Some(day("2026-06-01")),
        ..tna::DelayReport::default()
    };
    let fit_planned = o.milestones[&fit].planned.unwrap();
    tna::report_delay(&mut o, &fit, "d1", report, fit_planned, 3).unwrap();
    let found = out_of_order(&o);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(
        (found[0].milestone.as_str(), found[0].due),
        (pp.as_str(), pp_due)
    );
    assert_eq!(found[0].depends_due, day("2026-06-01"));
}

#[test]
fn every_built_in_line_has_a_known_link() {
    for m in tna::default_template().milestones.values() {
        let link = Link::from_code(&m.code);
        assert!(!matches!(link, Link::Other(_) | Link::None), "{}", m.code);
    }
}

fn milestone_id(o: &Order, code: &str) -> String {
    o.milestones
        .iter()
        .find(|(_, m)| m.code == code)
        .map(|(id, _)| id.clone())
        .unwrap()
}

/// A typed day on the ex-factory milestone would be shipping without a gate: on-time delivery,
/// "shipped" in the list, the order off Today's risk. Only shipping dates it; a milestone kept
/// elsewhere (a lab dip approved by mail) may still be ticked by hand.
#[test]
fn the_ex_factory_and_etd_milestones_are_dated_by_shipping_alone() {
    use gendan_domain::order::{Field, Issue, Problem};
    use gendan_domain::{DomainError, OrderStatus};
    let mut o = planned_order();
    o.status = OrderStatus::InProduction;
    for code in ["ex_factory", "etd"] {
        let id = milestone_id(&o, code);
        let refused = tna::record_actual(&mut o, &id, day("2026-06-20"));
        assert!(
            matches!(&refused, Err(DomainError::Problem(p))
                if *p == Problem::new(Field::ActualDate, Issue::DoneByShipping)),
            "{refused:?}"
        );
        assert_eq!(actual(&o, code), None);
    }
    let lab_dip = milestone_id(&o, "lab_dip");
    tna::record_actual(&mut o, &lab_dip, day("2026-03-20")).unwrap();
    assert_eq!(actual(&o, "lab_dip"), Some(day("2026-03-20")));

    // A day an older build let someone type, or a merge brought, is not shipping either.
    let xf = milestone_id(&o, "ex_factory");
    o.milestones.get_mut(&xf).unwrap().actual = Some(day("2026-06-20"));
    assert_eq!(o.shipped_on(), None);
    assert_eq!(o.shipped_on_time(), None);
    // Once the order has shipped, the day shipping gave the milestone is the shipped day.
    o.status = OrderStatus::Shipped;
    assert_eq!(o.shipped_on(), Some(day("2026-06-20")));
}
