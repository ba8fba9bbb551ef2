//! 运输异常与索赔: an incident is reported only for a shipment that left, dated from then to
//! today, with what happened and (but for a delay) the pieces, at most what it carried; it is
//! settled once, with how; open ones stay on Today even after the order closes; two devices'
//! reports both stay; the day's report says them, never to a factory.

use crate::common::*;
use gendan_domain::activity::{order_events, Event};
use gendan_domain::agenda::Agenda;
use gendan_domain::order::{Field, Issue};
use gendan_domain::shipment::incidents::{self, Incident, IncidentKind};
use gendan_domain::shipment::Shipment;
use gendan_domain::{DomainError, Gates, Order, OrderStatus};

fn inc(kind: IncidentKind, d: &str, pieces: u64, note: &str) -> Incident {
    Incident {
        kind,
        day: Some(day(d)),
        pieces,
        note: note.into(),
        claim: " PICC claim 2026-118 ".into(),
        who: "li".into(),
        settled: None,
    }
}

fn refused(r: Result<(), DomainError>) -> Option<(Field, Issue)> {
    match r {
        Err(DomainError::Problem(p)) => Some((p.field, p.issue)),
        _ => None,
    }
}

fn shipped_order() -> Order {
    let mut o = full_order();
    let mut s = Shipment::default();
    s.quantities.insert("black:m".into(), 600);
    o.shipments.insert("s".into(), s);
    o
}

#[test]
fn an_incident_is_reported_only_for_goods_gone_and_within_what_they_were() {
    let today = day("2026-06-20");
    let mut o = shipped_order();
    let wet = || inc(IncidentKind::Damage, "2026-06-10", 40, "3 cartons wet");
    assert_eq!(
        refused(incidents::report(&mut o, "s", "i1", wet(), today)),
        Some((Field::IncidentDay, Issue::NotLeftYet))
    );
    o.shipments.get_mut("s").unwrap().shipped_on = Some(day("2026-06-01"));
    for (bad, why) in [
        (
            inc(IncidentKind::Damage, "2026-05-30", 40, "wet"),
            (Field::IncidentDay, Issue::BeforeLeft),
        ),
        (
            inc(IncidentKind::Damage, "2026-06-21", 40, "wet"),
            (Field::IncidentDay, Issue::InFuture),
        ),
        (
            inc(IncidentKind::Damage, "2026-06-10", 40, " "),
            (Field::IncidentNote, Issue::Required),
        ),
        (
            inc(IncidentKind::Loss, "2026-06-10", 0, "lost"),
            (Field::IncidentPieces, Issue::NotPositive),
        ),
        (
            inc(IncidentKind::Shortage, "2026-06-10", 601, "short"),
            (Field::IncidentPieces, Issue::TooLarge),
        ),
    ] {
        assert_eq!(
            refused(incidents::report(&mut o, "s", "i1", bad, today)),
            Some(why)
        );
    }
    assert!(o.shipments["s"].incidents.is_empty());
    incidents::report(&mut o, "s", "i1", wet(), today).unwrap();
    // A delay names no pieces, whatever was typed.
    incidents::report(
        &mut o,
        "s",
        "i2",
        inc(
            IncidentKind::Delay,
            "2026-06-05",
            9,
            "rolled to next vessel",
        ),
        today,
    )
    .unwrap();
    let s = &o.shipments["s"];
    assert_eq!(s.incidents["i2"].pieces, 0);
    assert_eq!(s.incidents["i1"].claim, "PICC claim 2026-118");
    assert_eq!(incidents::open(&o).len(), 2);
}

#[test]
fn an_incident_is_settled_once_with_how_and_stays_on_today_until_then() {
    let mut o = shipped_order();
    o.shipments.get_mut("s").unwrap().shipped_on = Some(day("2026-06-01"));
    incidents::report(
        &mut o,
        "s",
        "i1",
        inc(IncidentKind::Damage, "2026-06-10", 40, "3 cartons wet"),
        day("2026-06-20"),
    )
    .unwrap();
    // The order closes; the claim goes on.
    o.status = OrderStatus::Closed;
    let today = |o: &Order| Agenda::of(o, None, &Gates::default()).today("o", day("2026-06-21"), 7);
    let listed = today(&o).transit_incidents;
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0].label, "damage · 3 cartons wet");
    assert_eq!(
        refused(incidents::settle(
            &mut o,
            "s",
            "i1",
            ("li", day("2026-06-21"), " ")
        )),
        Some((Field::IncidentSettlement, Issue::Required))
    );
    assert_eq!(
        refused(incidents::settle(
            &mut o,
            "s",
            "i1",
            ("li", day("2026-06-09"), "paid")
        )),
        Some((Field::IncidentSettlement, Issue::BeforeReported))
    );
    let before = o.clone();
    incidents::settle(
        &mut o,
        "s",
        "i1",
        ("li", day("2026-06-25"), "insurer paid 40 pcs"),
    )
    .unwrap();
    incidents::settle(&mut o, "s", "i1", ("wang", day("2026-06-26"), "again")).unwrap();
    let settled = o.shipments["s"].incidents["i1"].settled.clone().unwrap();
    assert_eq!(
        (settled.who.as_str(), settled.note.as_str()),
        ("li", "insurer paid 40 pcs")
    );
    assert!(today(&o).transit_incidents.is_empty());
    // Said in the day's report, once each, never to a factory, and nothing else counted.
    let ev = order_events(Some(&before), &o);
    assert!(
        matches!(ev.as_slice(), [Event::IncidentSettled { kind: IncidentKind::Damage, note }] if note == "insurer paid 40 pcs"),
        "{ev:?}"
    );
    assert!(!ev[0].for_factory());
}

#[test]
fn two_devices_reporting_incidents_offline_keep_both() {
    let mut base = shipped_order();
    base.shipments.get_mut("s").unwrap().shipped_on = Some(day("2026-06-01"));
    let (mut a, mut b) = pair(&base);
    edit::<Order>(&mut a, "li", |o| {
        incidents::report(
            o,
            "s",
            "ia",
            inc(IncidentKind::Delay, "2026-06-04", 0, "port congestion"),
            day("2026-06-20"),
        )
        .unwrap();
    });
    edit::<Order>(&mut b, "wang", |o| {
        incidents::report(
            o,
            "s",
            "ib",
            inc(IncidentKind::Shortage, "2026-06-15", 12, "1 carton short"),
            day("2026-06-20"),
        )
        .unwrap();
    });
    let o: Order = merged(&mut a, &mut b);
    assert_eq!(incidents::open(&o).len(), 2);
    let ev = order_events(Some(&base), &o);
    assert_eq!(
        ev.iter()
            .filter(|e| matches!(e, Event::IncidentReported { .. }))
            .count(),
        2,
        "{ev:?}"
    );
    assert!(
        !ev.iter().any(|e| matches!(e, Event::OtherChanges { .. })),
        "{ev:?}"
    );
}
