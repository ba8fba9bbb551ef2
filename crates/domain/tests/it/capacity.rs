//! 产能: what an order asks of its factory's capacity — what is still to sew, while it is
//! confirmed and not marked shipped in full (a first part gone leaves the rest booked) — and how
//! that meets a factory's daily pieces.

use crate::common::*;
use gendan_domain::capacity::{books, load, to_sew, Booking};
use gendan_domain::production::{ProductionReport, Stage};
use gendan_domain::shipment::Shipment;
use gendan_domain::OrderStatus;

#[test]
fn an_order_books_what_it_still_has_to_sew_while_it_is_confirmed_and_not_shipped_in_full() {
    let mut o = full_order();
    // Cutting reported 100 of 1,000: nothing sewn yet.
    assert_eq!(to_sew(&o), 1000);
    o.production.insert(
        "s1".into(),
        ProductionReport {
            stage: Stage::Sewing,
            date: Some(day("2026-05-03")),
            qty: 400,
            ..ProductionReport::default()
        },
    );
    assert_eq!(to_sew(&o), 600, "sewing reported counts off");
    for (status, booked) in [
        (OrderStatus::Draft, false),
        (OrderStatus::Confirmed, true),
        (OrderStatus::InProduction, true),
        (OrderStatus::ReadyToShip, true),
        (OrderStatus::OnHold, false),
        (OrderStatus::Cancelled, false),
        (OrderStatus::Shipped, false),
        (OrderStatus::Closed, false),
    ] {
        o.status = status;
        assert_eq!(books(&o), booked, "{status:?}");
    }
    // A first part gone (700 pieces, more than sewing reported): the rest is still to sew,
    // also on a device that had not moved the status.
    o.status = OrderStatus::InProduction;
    o.shipments.insert(
        "sh1".into(),
        Shipment {
            shipped_on: Some(day("2026-05-20")),
            pieces: 700,
            ..Shipment::default()
        },
    );
    assert!(books(&o), "the second part is still to sew");
    assert_eq!(
        to_sew(&o),
        300,
        "what left counts off when sewing reported less"
    );
    // Marked shipped in full (short, with its reason): nothing more is sewn there.
    o.ship_complete = Some(gendan_domain::shipped::ShipComplete {
        reason: "buyer takes 700".into(),
        who: "Li".into(),
        at_ms: 1,
        shipped: 700,
    });
    assert!(!books(&o));
    o.ship_complete = None;
    o.shipments.get_mut("sh1").unwrap().pieces = 400;

    // What the factory's other orders and this one come to at 50 pieces a day from 05-21:
    // 600 by 05-30 is ten days, 500 at most.
    let l = load(
        50,
        day("2026-05-21"),
        &[Booking {
            pieces: 600,
            due: day("2026-05-30"),
        }],
    );
    assert_eq!(l.over.map(|o| (o.due, o.can)), Some((600, 500)));
}
