//! 紧急物料, 交货跟进与反馈 and 入库 over real documents: a PO marked urgent is on Today by the
//! day its supplier last promised until it is in full; chases recorded on two devices offline
//! both stay; the rules on what a chase must say and on what goes into stock.

use crate::common::*;
use gendan_domain::agenda::Agenda;
use gendan_domain::lifecycle::Gates;
use gendan_domain::problem::{Field, Issue};
use gendan_domain::purchasing::{self, Delivery, FollowUp, IncomingResult};
use gendan_domain::{DomainError, Order};

fn chase(on: &str, note: &str, promised: Option<&str>) -> FollowUp {
    FollowUp {
        day: Some(day(on)),
        who: "li".into(),
        note: note.into(),
        promised: promised.map(day),
    }
}

fn problem(r: Result<(), DomainError>) -> Option<(Field, Issue)> {
    match r {
        Err(DomainError::Problem(p)) => Some((p.field, p.issue)),
        _ => None,
    }
}

#[test]
fn an_urgent_po_is_on_today_by_its_promise_until_it_is_in_full() {
    let today = day("2026-04-03");
    let mut o = full_order();
    o.status = gendan_domain::OrderStatus::InProduction;
    assert_eq!(
        problem(purchasing::set_urgent(
            &mut o,
            "po1",
            Some(" "),
            "li",
            today
        )),
        Some((Field::UrgentReason, Issue::Required))
    );
    purchasing::set_urgent(&mut o, "po1", Some("cutting waits for it"), "li", today).unwrap();
    let g = Gates::default();
    let listed = |o: &Order| {
        Agenda::of(o, None, &g)
            .today("A", today, 7)
            .urgent_materials
    };
    let due = o.purchase_orders["po1"].due;
    assert_eq!(listed(&o).len(), 1);
    assert_eq!(listed(&o)[0].due, due);
    assert!(
        listed(&o)[0].label.ends_with(" · cutting waits for it"),
        "{:?}",
        listed(&o)
    );

    // What a chase must say; then the supplier's promise dates the entry.
    assert_eq!(
        problem(purchasing::follow_up(
            &mut o,
            "po1",
            "f0",
            chase("2026-04-02", "", None),
            today
        )),
        Some((Field::FollowUpNote, Issue::Required))
    );
    assert_eq!(
        problem(purchasing::follow_up(
            &mut o,
            "po1",
            "f0",
            chase("2026-04-09", "called", None),
            today
        )),
        Some((Field::FollowUpDate, Issue::InFuture))
    );
    assert_eq!(
        problem(purchasing::follow_up(
            &mut o,
            "po1",
            "f0",
            chase("2026-04-02", "called", Some("2026-04-01")),
            today
        )),
        Some((Field::PromisedDate, Issue::BeforeFollowUp))
    );

    // Two merchandisers chase offline on two devices: both notes stay; the latest chase says
    // what the supplier promises now.
    let (mut a, mut b) = pair(&o);
    edit::<Order>(&mut a, "li", |o| {
        purchasing::follow_up(
            o,
            "po1",
            "f1",
            chase("2026-04-01", "dyeing", Some("2026-04-06")),
            today,
        )
        .unwrap()
    });
    edit::<Order>(&mut b, "wang", |o| {
        purchasing::follow_up(
            o,
            "po1",
            "f2",
            chase("2026-04-02", "on the truck tomorrow", Some("2026-04-04")),
            today,
        )
        .unwrap()
    });
    let mut m: Order = merged(&mut a, &mut b);
    assert_eq!(m.purchase_orders["po1"].follow_ups.len(), 2);
    assert_eq!(m.purchase_orders["po1"].promised(), Some(day("2026-04-04")));
    assert_eq!(listed(&m)[0].due, Some(day("2026-04-04")));
    // Kept as a device keeps it.
    let kept: Agenda =
        serde_json::from_str(&serde_json::to_string(&Agenda::of(&m, None, &g)).unwrap()).unwrap();
    assert_eq!(kept.today("A", today, 7).urgent_materials, listed(&m));

    // In full: off Today, though still marked.
    let qty = m.purchase_orders["po1"].qty;
    purchasing::record_delivery(
        &mut m,
        "po1",
        "d1",
        Delivery {
            date: Some(today),
            qty,
            inspection: IncomingResult::Accepted,
            ..Delivery::default()
        },
        today,
    )
    .unwrap();
    assert!(listed(&m).is_empty(), "{:?}", listed(&m));
    // No longer urgent.
    purchasing::set_urgent(&mut m, "po1", None, "li", today).unwrap();
    assert_eq!(m.purchase_orders["po1"].urgent, None);
}

/// 入库: accepted goods go into stock at a named place, on a day neither in the future nor
/// before they arrived; rejected or uninspected goods do not; stocking on one device and a
/// chase on another both stay.
#[test]
fn only_accepted_goods_go_into_stock() {
    use gendan_domain::purchasing::Stored;
    let today = day("2026-04-03");
    let mut o = full_order();
    let arrive = |o: &mut Order, id: &str, result: IncomingResult| {
        purchasing::record_delivery(
            o,
            "po1",
            id,
            Delivery {
                date: Some(day("2026-04-02")),
                qty: "100".parse().unwrap(),
                inspection: result,
                ..Delivery::default()
            },
            today,
        )
        .unwrap()
    };
    arrive(&mut o, "ok", IncomingResult::Accepted);
    arrive(&mut o, "bad", IncomingResult::Rejected);
    arrive(&mut o, "new", IncomingResult::Pending);
    let put = |on: &str, location: &str| Stored {
        day: Some(day(on)),
        location: location.into(),
        who: "li".into(),
    };
    for id in ["bad", "new"] {
        assert_eq!(
            problem(purchasing::store_delivery(
                &mut o,
                "po1",
                id,
                put("2026-04-03", "B2"),
                today
            )),
            Some((Field::StoredDate, Issue::NotAccepted)),
            "{id}"
        );
    }
    for (on, location, issue) in [
        (
            "2026-04-01",
            "B2",
            (Field::StoredDate, Issue::BeforeArrival),
        ),
        ("2026-04-09", "B2", (Field::StoredDate, Issue::InFuture)),
        ("2026-04-03", " ", (Field::StockLocation, Issue::Required)),
    ] {
        assert_eq!(
            problem(purchasing::store_delivery(
                &mut o,
                "po1",
                "ok",
                put(on, location),
                today
            )),
            Some(issue)
        );
    }
    let (mut a, mut b) = pair(&o);
    edit::<Order>(&mut a, "li", |o| {
        purchasing::store_delivery(
            o,
            "po1",
            "ok",
            put("2026-04-03", " Fabric store B2 "),
            today,
        )
        .unwrap()
    });
    edit::<Order>(&mut b, "wang", |o| {
        purchasing::follow_up(
            o,
            "po1",
            "f1",
            chase("2026-04-03", "rest on Monday", None),
            today,
        )
        .unwrap()
    });
    let m: Order = merged(&mut a, &mut b);
    let stored = m.purchase_orders["po1"].deliveries["ok"]
        .stored
        .clone()
        .unwrap();
    assert_eq!(stored.location, "Fabric store B2");
    assert_eq!(m.purchase_orders["po1"].follow_ups.len(), 1);
}
