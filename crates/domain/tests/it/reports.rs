//! Reports from documents: the daily report read from change history, KPIs grouped by customer,
//! factory and month, and the today view.

use crate::common::*;
use gendan_domain::activity::Event;
use gendan_domain::commercial::Receipt;
use gendan_domain::complaints::Complaint;
use gendan_domain::document::{self, Author};
use gendan_domain::inspection::{Defect, DefectClass, Inspection, InspectionKind};
use gendan_domain::purchasing::Delivery;
use gendan_domain::reports::{self, day_of, OrderFacts};
use gendan_domain::samples::{Sample, SampleKind};
use gendan_domain::shipment::Shipment;
use gendan_domain::workspace::Settings;
use gendan_domain::{DocError, Order, OrderStatus};

const DAY_MS: i64 = 86_400_000;

fn ms(d: &str) -> i64 {
    let epoch = day("1970-01-01");
    epoch.days_until(day(d)) * DAY_MS
}

fn edit_at(doc: &mut automerge::AutoCommit, who: &str, at_ms: i64, f: impl FnOnce(&mut Order)) {
    let a = Author {
        name: who.into(),
        device: format!("{who}-tablet"),
    };
    document::commit::<Order, (), DocError>(doc, &a, at_ms, |o| {
        f(o);
        Ok(())
    })
    .unwrap();
}

#[test]
fn a_change_whose_person_gave_no_name_is_never_named_by_its_device() {
    let mut doc =
        document::create([1; 16], &author("li"), ms("2026-05-01"), &full_order()).unwrap();
    let nameless = Author {
        name: " ".into(),
        device: "dev-859439ec".into(),
    };
    document::commit::<Order, (), DocError>(&mut doc, &nameless, ms("2026-05-02") + 1, |o| {
        o.ex_factory = Some(day("2026-06-05"));
        Ok(())
    })
    .unwrap();
    edit_at(&mut doc, "li", ms("2026-05-02") + 2, |o| {
        o.ex_factory = Some(day("2026-06-06"))
    });
    let act =
        reports::order_day(&mut doc, None, &Default::default(), day("2026-05-02"), 0).unwrap();
    // The empty name is worded by the client ("another device"), the id never appears.
    assert_eq!(act.authors.iter().collect::<Vec<_>>(), ["", "li"]);
}

#[test]
fn the_daily_report_says_who_changed_what_on_the_day() {
    let mut doc =
        document::create([1; 16], &author("li"), ms("2026-05-01"), &full_order()).unwrap();
    edit_at(&mut doc, "li", ms("2026-05-02") + 3_600_000, |o| {
        o.ex_factory = Some(day("2026-06-05"))
    });
    edit_at(&mut doc, "zhou", ms("2026-05-02") + 7_200_000, |o| {
        o.milestones.get_mut("m06").unwrap().actual = Some(day("2026-05-02"));
    });
    edit_at(&mut doc, "qc", ms("2026-05-03") + 1, |o| {
        o.inspections.get_mut("i1").unwrap().remarks = "ok".into()
    });
    let act =
        reports::order_day(&mut doc, None, &Default::default(), day("2026-05-02"), 0).unwrap();
    assert_eq!(act.authors.iter().collect::<Vec<_>>(), ["li", "zhou"]);
    assert!(
        act.events.contains(&Event::ExFactoryChanged {
            from: Some(day("2026-06-01")),
            to: Some(day("2026-06-05"))
        }),
        "{:?}",
        act.events
    );
    assert!(
        act.events
            .iter()
            .any(|e| matches!(e, Event::MilestoneDone { on, .. } if *on == day("2026-05-02"))),
        "{:?}",
        act.events
    );
    // the inspector's remark of the 3rd is not the 2nd's
    assert!(!act
        .events
        .iter()
        .any(|e| matches!(e, Event::OtherChanges { .. })));
    // in Beijing (UTC+8) the 16:00 UTC edit of the 2nd is already the 3rd
    assert_eq!(
        day_of(ms("2026-05-02") + 16 * 3_600_000, 480),
        Some(day("2026-05-03"))
    );
    assert!(
        reports::order_day(&mut doc, None, &Default::default(), day("2026-04-01"), 0).is_none()
    );
}

fn shipped(o: &mut Order, on: &str) {
    o.status = OrderStatus::Shipped;
    o.shipments.insert(
        "s".into(),
        Shipment {
            shipped_on: Some(day(on)),
            ..Shipment::default()
        },
    );
}

#[test]
fn kpis_group_by_customer_factory_and_month() {
    let mut a = full_order();
    a.factory = Some("f1".into());
    shipped(&mut a, "2026-05-30"); // ex-factory 06-01: on time
    let i = a.inspections.get_mut("i1").unwrap();
    i.completed = true; // 1 major of Ac 5 (n = 80): pass
    a.complaints.insert("c2".into(), Complaint::default());
    a.purchase_orders.get_mut("po1").unwrap().deliveries.insert(
        "d".into(),
        Delivery {
            date: Some(day("2026-04-02")),
            qty: "1000".parse().unwrap(),
            ..Delivery::default()
        },
    );
    let mut b = full_order();
    b.customer = "Other".into();
    b.factory = Some("f2".into());
    b.ex_factory = Some(day("2026-07-01"));
    shipped(&mut b, "2026-07-03");
    let i = b.inspections.get_mut("i1").unwrap();
    i.completed = true;
    i.defects.insert(
        "c".into(),
        Defect {
            class: DefectClass::Critical,
            count: 1,
            ..Defect::default()
        },
    );
    b.inspections.insert(
        "i2".into(),
        Inspection {
            kind: InspectionKind::Inline,
            lot_size: 1000,
            completed: true,
            ..Inspection::default()
        },
    );
    // B's failed final inspection is repeated after rework and passes: the re-inspection counts
    // for defects but not for first pass (the lot did not pass the first time).
    let mut again = b.inspections["i1"].clone();
    again.reinspection_of = Some("i1".into());
    again.defects.clear();
    b.inspections.insert("i3".into(), again);
    let facts = [
        OrderFacts {
            id: "A",
            order: &a,
            commercial: None,
        },
        OrderFacts {
            id: "B",
            order: &b,
            commercial: None,
        },
    ];
    let r = reports::kpis(&facts, day("2026-08-01"));
    assert_eq!(r.overall.on_time_delivery.num, 1);
    assert_eq!(r.overall.on_time_delivery.den, 2);
    assert_eq!(r.overall.on_time_delivery.per_mille(), Some(500));
    assert_eq!((r.overall.po_on_time.num, r.overall.po_on_time.den), (0, 2));
    assert_eq!((r.overall.first_pass.num, r.overall.first_pass.den), (1, 2));
    assert_eq!(r.overall.defect_rate.num, 1 + 2);
    assert_eq!(r.overall.defect_rate.den, 80 * 4);
    assert_eq!(r.overall.complaints, 3);
    assert_eq!(r.by_customer["Nordic Wear"].on_time_delivery.num, 1);
    assert_eq!(r.by_factory["f2"].first_pass.num, 0);
    assert_eq!(
        r.by_month.keys().collect::<Vec<_>>(),
        ["2026-06", "2026-07"]
    );
}

#[test]
fn the_today_view_lists_what_needs_attention() {
    let mut o = full_order();
    o.status = OrderStatus::InProduction;
    // m01 lab dip planned 03-11: late on 05-20; m08 inline QC 05-17 late; m09 final QC 05-29
    o.inspections.get_mut("i1").unwrap().scheduled = Some(day("2026-05-20"));
    let mut c = commercial();
    c.receipts.insert(
        "r1".into(),
        Receipt {
            amount: "300".parse().unwrap(),
            confirmed_by: Some("fin".into()),
            ..Receipt::default()
        },
    );
    o.samples.insert(
        "s-late".into(),
        Sample {
            kind: SampleKind::Fit,
            round: 1,
            sent: Some(day("2026-05-01")),
            reply_due: Some(day("2026-05-08")),
            ..Sample::default()
        },
    );
    let facts = [OrderFacts {
        id: "A",
        order: &o,
        commercial: Some(&c),
    }];
    let t = reports::today(&facts, &Settings::default(), day("2026-05-20"));
    assert_eq!(t.sample_replies_overdue.len(), 1);
    assert_eq!(
        t.sample_replies_overdue[0].record.as_deref(),
        Some("s-late")
    );
    assert_eq!(t.sample_replies_overdue[0].label, "fit #1");
    assert!(t
        .late_milestones
        .iter()
        .any(|i| i.record.as_deref() == Some("m01")));
    assert!(t
        .due_this_week
        .iter()
        .all(|i| i.due.unwrap() >= day("2026-05-20")));
    assert_eq!(t.inspections_today.len(), 1);
    assert_eq!(t.pos_overdue.len(), 1);
    assert_eq!(t.open_complaints.len(), 1);
    assert!(t.deposits_awaited.is_empty());
    assert!(t.balances_awaited.is_empty());
    assert_eq!(t.at_risk.len(), 1);
    assert!(
        t.at_risk[0]
            .reasons
            .iter()
            .any(|r| matches!(r, reports::RiskReason::MilestonesLate { .. })),
        "{:?}",
        t.at_risk
    );
    let mut c2 = c.clone();
    c2.receipts.clear();
    let facts = [OrderFacts {
        id: "A",
        order: &o,
        commercial: Some(&c2),
    }];
    let t = reports::today(&facts, &Settings::default(), day("2026-05-20"));
    assert_eq!(t.deposits_awaited.len(), 1);
}

#[test]
fn today_lists_the_unpaid_balance_even_while_the_deposit_is_also_unpaid() {
    let mut o = full_order();
    o.status = OrderStatus::InProduction;
    let mut c = commercial();
    c.receivables.balance.due = Some(day("2026-05-22"));
    let facts = [OrderFacts {
        id: "A",
        order: &o,
        commercial: Some(&c),
    }];
    let t = reports::today(&facts, &Settings::default(), day("2026-05-20"));
    assert_eq!(t.deposits_awaited.len(), 1);
    assert_eq!(t.balances_awaited.len(), 1);
}

#[test]
fn po_on_time_is_credited_to_the_po_supplier_not_the_garment_factory() {
    let mut o = full_order();
    o.factory = Some("garment".into());
    o.purchase_orders.get_mut("po1").unwrap().supplier = "mill".into();
    let facts = [OrderFacts {
        id: "A",
        order: &o,
        commercial: None,
    }];
    // po1 was due 04-01 and nothing arrived: late.
    let r = reports::kpis(&facts, day("2026-08-01"));
    assert_eq!((r.by_factory["mill"].po_on_time.den), 1);
    assert_eq!(
        r.by_factory.get("garment").map_or(0, |k| k.po_on_time.den),
        0
    );
    assert_eq!(r.overall.po_on_time.den, 1);
}

#[test]
fn today_built_one_order_at_a_time_equals_today_built_at_once() {
    // Two orders whose late milestones interleave by date: the screen reads orders a few at a
    // time, so its lists must come out in the same date order as a single pass over all of them.
    let mut a = full_order();
    a.status = OrderStatus::InProduction;
    let mut b = full_order();
    b.status = OrderStatus::InProduction;
    for m in b.milestones.values_mut() {
        if let Some(p) = m.planned {
            m.planned = p.add_days(-1);
        }
    }
    let c = commercial();
    let facts = [
        OrderFacts {
            id: "A",
            order: &a,
            commercial: Some(&c),
        },
        OrderFacts {
            id: "B",
            order: &b,
            commercial: Some(&c),
        },
    ];
    let now = day("2026-05-20");
    let settings = Settings::default();
    let whole = reports::today(&facts, &settings, now);
    let mut parts = reports::Today::default();
    for f in facts.iter().rev() {
        parts.extend(reports::today(std::slice::from_ref(f), &settings, now));
    }
    assert_ne!(
        parts, whole,
        "unsorted parts differ, or the test proves nothing"
    );
    parts.sort_lists();
    assert_eq!(parts.late_milestones, whole.late_milestones);
    assert_eq!(parts.due_this_week, whole.due_this_week);
    assert!(whole.late_milestones.len() >= 2);
    assert!(whole
        .late_milestones
        .windows(2)
        .all(|w| (w[0].due, &w[0].order) <= (w[1].due, &w[1].order)));
}

/// The daily report pasted into a chat a factory reads says no money: payments, receipts and
/// prices are left out, the rest stays in order, and an order with nothing else to say is left
/// out.
#[test]
fn the_daily_report_without_money_says_everything_but_the_money() {
    use gendan_domain::activity::PaymentKind;
    use gendan_domain::reports::{DailyReport, DayActivity};
    use gendan_domain::samples::SampleResult;
    let activity = |events: Vec<Event>| DayActivity {
        authors: ["li".to_string()].into(),
        events,
        ..DayActivity::default()
    };
    let at = |f: &str, a: DayActivity| DayActivity {
        factory_before: f.into(),
        factory_after: f.into(),
        ..a
    };
    let paid = Event::PaymentReceived {
        kind: PaymentKind::Deposit,
        amount: "3696".parse().unwrap(),
        currency: "USD".into(),
    };
    let approved = Event::SampleReplied {
        kind: SampleKind::PreProduction,
        round: 1,
        result: SampleResult::Approved,
    };
    let report = DailyReport {
        day: day("2026-05-20"),
        documents: vec![
            (
                "a".into(),
                at("fa", activity(vec![paid.clone(), approved.clone()])),
            ),
            (
                "b".into(),
                at(
                    "fb",
                    activity(vec![Event::PriceChanged {
                        currency: "USD".into(),
                        from: None,
                        to: "3.85".parse().ok(),
                    }]),
                ),
            ),
        ],
    };
    let plain = report.for_factory();
    assert_eq!(plain.day, report.day);
    assert_eq!(
        plain.documents,
        vec![("a".into(), at("fa", activity(vec![approved])))]
    );
    assert!(paid.is_money());
    assert_eq!(report.documents.len(), 2, "the report itself is unchanged");
    // One factory's copy: only its orders.
    assert!(report.for_one_factory("fb").report.documents.is_empty());
    assert_eq!(
        report.for_one_factory("fa").report.documents,
        plain.documents
    );
    assert!(report.for_one_factory("").report.documents.is_empty());
    assert_eq!(report.factories(), ["fa", "fb"]);
}

/// An order whose factory moved that day is in no factory's copy: part of its day (a failed
/// lot, a complaint) was the old factory's and a day's events do not say which part, so
/// neither factory's chat hears the other's. It is named apart to both, for the screen to say
/// it was left out; a third factory hears nothing of it.
#[test]
fn an_order_moved_that_day_is_left_out_of_both_factories_copies() {
    use gendan_domain::factory_change::FactoryChange;
    use gendan_domain::inspection::{InspectionKind, Verdict};
    use gendan_domain::reports::{DailyReport, DayActivity};
    let activity = |events: Vec<Event>, before: &str, after: &str| DayActivity {
        authors: ["li".to_string()].into(),
        events,
        factory_before: before.into(),
        factory_after: after.into(),
        ..DayActivity::default()
    };
    let failed = Event::InspectionFinished {
        kind: InspectionKind::Final,
        verdict: Verdict::Fail,
    };
    let moved = Event::FactoryMoved(FactoryChange {
        from: "fa".into(),
        to: "fb".into(),
        reason: "capacity".into(),
        ..FactoryChange::default()
    });
    let report = DailyReport {
        day: day("2026-05-20"),
        documents: vec![
            (
                "a".into(),
                activity(vec![failed.clone(), moved], "fa", "fb"),
            ),
            ("b".into(), activity(vec![failed.clone()], "fa", "fa")),
            // Moved with nothing logged (freely, or by a merge): left out just the same.
            ("c".into(), activity(vec![failed.clone()], "fc", "fb")),
        ],
    };
    let to_new = report.for_one_factory("fb");
    assert!(
        to_new.report.documents.is_empty(),
        "not the old factory's lot"
    );
    assert_eq!(to_new.moved, ["a", "c"]);
    let to_old = report.for_one_factory("fa");
    assert_eq!(
        to_old.report.documents,
        vec![("b".to_string(), activity(vec![failed], "fa", "fa"))]
    );
    assert_eq!(to_old.moved, ["a"]);
    assert_eq!(report.for_one_factory("fc").moved, ["c"]);
    assert!(report.for_one_factory("fd").moved.is_empty());
}

/// A past day's copy goes to the factory of that day, read from the order as it stood then:
/// an order moved the day after (or freely, with nothing logged) hands its day's news to the
/// factory it had that day, not to the one it names now.
#[test]
fn a_past_days_copy_goes_to_the_factory_of_that_day_not_of_now() {
    use gendan_domain::reports::DailyReport;
    let mut o = full_order();
    o.factory = Some("fa".into());
    let mut doc = document::create([1; 16], &author("li"), ms("2026-05-01"), &o).unwrap();
    edit_at(&mut doc, "zhou", ms("2026-05-20") + 1, |o| {
        o.milestones.get_mut("m06").unwrap().actual = Some(day("2026-05-20"));
    });
    // The next day the order goes to fb — written straight to the field, as an older build
    // or a merge would, so no move is logged anywhere.
    edit_at(&mut doc, "li", ms("2026-05-21") + 1, |o| {
        o.factory = Some("fb".into())
    });
    let report_of = |doc: &mut automerge::AutoCommit, d: &str| DailyReport {
        day: day(d),
        documents: vec![(
            "a".into(),
            reports::order_day(doc, None, &Default::default(), day(d), 0).unwrap(),
        )],
    };
    let on_20th = report_of(&mut doc, "2026-05-20");
    assert_eq!(on_20th.factories(), ["fa"]);
    assert!(
        on_20th.for_one_factory("fb").report.documents.is_empty(),
        "not the factory the order moved to later"
    );
    let fa = on_20th.for_one_factory("fa");
    assert_eq!(fa.report.documents.len(), 1, "{fa:?}");
    assert!(fa.moved.is_empty());
    // The 21st itself: the move, though nobody logged it, keeps it out of both copies.
    let on_21st = report_of(&mut doc, "2026-05-21");
    assert_eq!(on_21st.factories(), ["fa", "fb"]);
    assert_eq!(on_21st.for_one_factory("fb").moved, ["a"]);
    assert_eq!(on_21st.for_one_factory("fa").moved, ["a"]);
    assert!(on_21st.for_one_factory("fb").report.documents.is_empty());
}

/// 不合格比率: deliveries rejected at incoming inspection out of those judged, credited to the
/// PO's supplier (not the garment factory) and to the order's groups; a delivery not yet
/// inspected counts for nothing; kept facts say the same after a round trip.
#[test]
fn deliveries_rejected_are_counted_per_supplier_out_of_those_inspected() {
    use gendan_domain::purchasing::{Delivery, IncomingResult, PurchaseOrder};
    use gendan_domain::report_facts::ReportFacts;
    let mut o = full_order();
    o.factory = Some("garment".into());
    let delivered = |result: IncomingResult| Delivery {
        date: Some(day("2026-03-20")),
        qty: "100".parse().unwrap(),
        inspection: result,
        ..Delivery::default()
    };
    let po = |supplier: &str, results: &[IncomingResult]| PurchaseOrder {
        supplier: supplier.into(),
        deliveries: results
            .iter()
            .enumerate()
            .map(|(i, r)| (format!("d{i}"), delivered(r.clone())))
            .collect(),
        ..PurchaseOrder::default()
    };
    o.purchase_orders.insert(
        "fabric".into(),
        po(
            "mill",
            &[
                IncomingResult::Accepted,
                IncomingResult::Rejected,
                IncomingResult::AcceptedWithRemarks,
                IncomingResult::Pending,
            ],
        ),
    );
    o.purchase_orders
        .insert("trims".into(), po("trims", &[IncomingResult::Rejected]));
    let facts = [OrderFacts {
        id: "A",
        order: &o,
        commercial: None,
    }];
    let r = reports::kpis(&facts, day("2026-04-01"));
    let k = |n, d| gendan_domain::reports::Ratio { num: n, den: d };
    assert_eq!(r.by_factory["mill"].deliveries_rejected, k(1, 3));
    assert_eq!(r.by_factory["trims"].deliveries_rejected, k(1, 1));
    assert_eq!(
        r.by_factory
            .get("garment")
            .map_or(k(0, 0), |g| g.deliveries_rejected),
        k(0, 0)
    );
    assert_eq!(r.overall.deliveries_rejected, k(2, 4));
    // As kept in a summary and read back.
    let kept: ReportFacts =
        serde_json::from_str(&serde_json::to_string(&ReportFacts::of(&o)).unwrap()).unwrap();
    let mut again = gendan_domain::reports::KpiReport::default();
    kept.add_to(&mut again, day("2026-04-01"), (30, 50));
    assert_eq!(again.overall.deliveries_rejected, k(2, 4));
}
