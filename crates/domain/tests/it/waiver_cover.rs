//! A waived gate covers what it was waived for and no more (`waiver_cover`): the deposit of the
//! order as it was, the final lot as short as it was, the goods as they left. Tried on the
//! routes around it: the order grown on this device or on another one merged in, a later
//! shipment, the order reopened and shipped again, a shipment's date cleared by hand and typed
//! again, the waiver kept in the books; and older builds' waivers, which keep nothing, as before.

use crate::common::*;
use automerge::AutoCommit;
use gendan_domain::commercial::{Commercial, Receipt};
use gendan_domain::inspection::{Inspection, InspectionKind};
use gendan_domain::lifecycle::{
    self, reopen, set_shipped_on, transition, violations, Gate, GateOverride, Gates, Violation,
};
use gendan_domain::order::cell_key;
use gendan_domain::shipment::changes::{unship, ChangeNote};
use gendan_domain::shipment::Shipment;
use gendan_domain::waiver_cover::{outgrown, Outgrown};
use gendan_domain::{document, DomainError, Order, OrderStatus, RecordMap};

fn deposit_only() -> Gates {
    Gates {
        deposit_before_production: true,
        ..Gates::none()
    }
}

fn price(s: &str) -> gendan_domain::Price {
    s.parse().unwrap()
}

/// 100 pieces at 2.00, 30 % deposit (60.00) planned and nothing received.
fn small_unpaid() -> (Order, Commercial) {
    let mut o = full_order();
    o.status = OrderStatus::Confirmed;
    o.quantities.set_qty("black", "m", 100);
    let mut c = Commercial::new("order-doc", "USD");
    c.unit_price = Some(price("2"));
    c.terms.deposit_bp = 3_000;
    c.plan_receivables(&o).unwrap();
    (o, c)
}

fn deposit_not_met() -> Violation {
    Violation::GateNotMet {
        status: OrderStatus::InProduction,
        gate: Gate::Deposit,
    }
}

fn grow(o: &mut Order) -> Result<(), DomainError> {
    o.quantities.set_qty("black", "m", 10_000);
    Ok(())
}

#[test]
fn a_deposit_waived_on_a_small_order_does_not_cover_it_grown() {
    let g = deposit_only();
    let (small, c) = small_unpaid();
    let mut o = small.clone();
    transition(
        &mut o,
        Some(&c),
        OrderStatus::InProduction,
        &g,
        "li",
        1,
        Some("LC at sight"),
    )
    .unwrap();
    assert!(violations(&o, Some(&c), &g).is_empty());

    // Grown here: the deposit of ten thousand pieces was never waived.
    let mut grown = o.clone();
    grow(&mut grown).unwrap();
    assert_eq!(violations(&grown, Some(&c), &g), [deposit_not_met()]);
    // The banner can say why a waived gate asks again.
    let outgrown = outgrown(&grown, Some(&c), &Gate::Deposit);
    assert!(
        matches!(&outgrown[..], [(w, Outgrown::AsksMore)] if w.reason == "LC at sight"),
        "{outgrown:?}"
    );
    // Smaller, it asks no more than was waived; grown and its deposit paid, it asks nothing.
    let mut smaller = o.clone();
    smaller.quantities.set_qty("black", "m", 50);
    // (Cut after release with no reason logged, which is a decision of its own.)
    assert_eq!(
        violations(&smaller, Some(&c), &g),
        [Violation::QuantitiesCutUnlogged {
            recorded: 100,
            now: 50
        }]
    );
    let mut paid = c.clone();
    paid.receipts.insert(
        "r1".into(),
        Receipt {
            amount: price("6000"),
            confirmed_by: Some("finance".into()),
            ..Receipt::default()
        },
    );
    assert!(violations(&grown, Some(&paid), &g).is_empty());
    // A payment plan entered after the waiver changes nothing it covered: it counts pieces.
    let mut planned_later = c.clone();
    planned_later.terms.deposit_bp = 5_000;
    planned_later.plan_receivables(&o).unwrap();
    assert!(violations(&o, Some(&planned_later), &g).is_empty());

    // Waived and released on one device, grown on another: the merge asks.
    let (mut a, mut b) = pair(&small);
    commit(&mut a, "li", |o| {
        transition(
            o,
            Some(&c),
            OrderStatus::InProduction,
            &g,
            "li",
            1,
            Some("LC at sight"),
        )
    });
    commit(&mut b, "wang", grow);
    let m: Order = merged(&mut a, &mut b);
    assert_eq!(violations(&m, Some(&c), &g), [deposit_not_met()]);

    // Kept in the books, as the office keeps money waivers, it is judged the same.
    let mut books = c.clone();
    let mut bare = grown.clone();
    books.gate_waivers = std::mem::take(&mut bare.gate_overrides);
    assert_eq!(violations(&bare, Some(&books), &g), [deposit_not_met()]);
    bare.quantities.set_qty("black", "m", 100);
    assert!(violations(&bare, Some(&books), &g).is_empty());

    // Waiving again for the grown order settles it.
    let mut decided = grown.clone();
    lifecycle::override_gate(
        &mut decided,
        Some(&c),
        &Gate::Deposit,
        "li",
        2,
        "buyer pays the growth with the balance",
    )
    .unwrap();
    assert!(violations(&decided, Some(&c), &g).is_empty());
}

fn commit(doc: &mut AutoCommit, who: &str, f: impl FnOnce(&mut Order) -> Result<(), DomainError>) {
    document::commit::<Order, (), DomainError>(doc, &author(who), 1_000, f).unwrap();
}

#[test]
fn an_older_builds_waiver_covers_as_it_did() {
    let g = deposit_only();
    let (mut o, c) = small_unpaid();
    o.status = OrderStatus::InProduction;
    o.gate_overrides.insert(
        "1:deposit:li".into(),
        GateOverride {
            gate: "deposit".into(),
            reason: "old build".into(),
            who: "li".into(),
            at_ms: 1,
            to: "in_production".into(),
            ..GateOverride::default()
        },
    );
    grow(&mut o).unwrap();
    assert!(violations(&o, Some(&c), &g).is_empty());
}

fn final_only() -> Gates {
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

fn passed_lot(o: &mut Order, id: &str, lot: u32) {
    let mut i = Inspection {
        kind: InspectionKind::Final,
        lot_size: lot,
        ..Inspection::default()
    };
    i.finish(day("2026-05-30"), "qc", 1, &format!("{id}-f"))
        .unwrap();
    o.inspections.insert(id.into(), i);
}

fn ready(shipments: &[(&str, u64)]) -> Order {
    let mut o = full_order();
    o.status = OrderStatus::ReadyToShip;
    for (id, pcs) in shipments {
        o.shipments.insert((*id).into(), shipment(*pcs));
    }
    o
}

fn ship(o: &mut Order, s: &str, reason: Option<&str>) -> Result<(), DomainError> {
    set_shipped_on(
        o,
        None,
        s,
        Some(day("2026-06-01")),
        &final_only(),
        "li",
        5,
        day("2030-01-01"),
        reason,
    )
}

/// A lot naming no shipment stands for the whole order; waived 100 pieces short for the first
/// shipment, it does not ship a second one that leaves the lot 500 short.
#[test]
fn a_final_lot_waived_short_does_not_ship_a_later_shipment_shorter_still() {
    let mut o = ready(&[("s1", 600), ("s2", 0)]);
    passed_lot(&mut o, "f1", 500);
    let e = ship(&mut o, "s1", None).unwrap_err();
    assert!(
        matches!(&e, DomainError::GateClosed { gates } if matches!(gates[..], [Gate::FinalLot { lot: 500, needed: 600, .. }])),
        "{e:?}"
    );
    ship(&mut o, "s1", Some("buyer's QC counted the rest")).unwrap();
    let waiver = o.gate_overrides.values().next().unwrap();
    assert_eq!(
        (waiver.gate.as_str(), waiver.covered),
        ("final_lot", Some(100))
    );
    assert!(violations(&o, None, &final_only()).is_empty());

    // The second shipment is packed (the lot is now 500 short of the 1,000 shipped) and leaves.
    o.shipments.insert("s2".into(), shipment(400));
    let e = ship(&mut o, "s2", None).unwrap_err();
    assert!(
        matches!(&e, DomainError::GateClosed { gates } if matches!(gates[..], [Gate::FinalLot { lot: 500, needed: 1_000, .. }])),
        "{e:?}"
    );
    assert_eq!(o.shipments["s2"].shipped_on, None);
    ship(&mut o, "s2", Some("second lot inspected by the buyer")).unwrap();
    assert!(violations(&o, None, &final_only()).is_empty());
}

fn note<'a>(id: &'a str, why: &'a str) -> ChangeNote<'a> {
    ChangeNote {
        id,
        who: "li",
        day: day("2026-06-02"),
        reason: why,
    }
}

/// Goods that came back and leave again are a new shipping: the final inspection waived for
/// them before is asked again, whether the order was reopened or the shipment's date cleared.
#[test]
fn a_waived_final_inspection_does_not_ship_the_goods_again_after_they_came_back() {
    let g = final_only();
    let mut o = ready(&[("s1", 1_000)]);
    transition(
        &mut o,
        None,
        OrderStatus::Shipped,
        &g,
        "li",
        1,
        Some("buyer's QC on site"),
    )
    .unwrap();
    assert!(o.gate_overrides.contains_key("1:final_inspection:s1:li"));
    assert!(violations(&o, None, &g).is_empty());

    // Reopened (the goods came back to the factory) and shipped again.
    let mut back = o.clone();
    reopen(
        &mut back,
        "li",
        2,
        day("2026-06-02"),
        "container rejected at port",
    )
    .unwrap();
    assert_eq!(back.status, OrderStatus::ReadyToShip);
    let e = transition(&mut back, None, OrderStatus::Shipped, &g, "li", 3, None).unwrap_err();
    assert!(
        matches!(&e, DomainError::GateClosed { gates } if gates == &[Gate::FinalInspection]),
        "{e:?}"
    );
    transition(
        &mut back,
        None,
        OrderStatus::Shipped,
        &g,
        "li",
        3,
        Some("re-checked by the buyer's QC"),
    )
    .unwrap();
    assert!(violations(&back, None, &g).is_empty());

    // A second shipment's date cleared by hand and typed again: the same.
    let mut two = ready(&[("s1", 600), ("s2", 400)]);
    ship(&mut two, "s1", Some("buyer's QC on site")).unwrap();
    ship(&mut two, "s2", Some("buyer's QC on site")).unwrap();
    unship(&mut two, "s2", &note("u1", "truck turned back")).unwrap();
    let e = ship(&mut two, "s2", None).unwrap_err();
    assert!(matches!(e, DomainError::GateClosed { .. }), "{e:?}");
    let came_back = outgrown(&two, None, &Gate::FinalInspection);
    assert!(
        matches!(&came_back[..], [(w, Outgrown::CameBack)] if w.gate == "final_inspection:s2"),
        "{came_back:?}"
    );
    // s1 never came back: its waiver stands.
    assert!(!violations(&two, None, &g)
        .iter()
        .any(|v| matches!(v, Violation::GateNotMet { .. })));
}

/// The balance waived for one shipment is asked again when those goods leave a second time, and
/// when the shipment leaves carrying more than it was waived for.
#[test]
fn a_shipments_waived_balance_covers_those_goods_once() {
    let g = Gates {
        balance_before_shipping: true,
        ..Gates::none()
    };
    let mut o = ready(&[("s1", 600)]);
    let mut c = Commercial::new("order-doc", "USD");
    c.unit_price = Some(price("2"));
    c.plan_receivables(&o).unwrap();
    transition(
        &mut o,
        Some(&c),
        OrderStatus::Shipped,
        &g,
        "li",
        1,
        Some("LC at sight"),
    )
    .unwrap();
    let waiver = &o.gate_overrides["1:balance:s1:li"];
    assert_eq!((waiver.covered, waiver.round), (Some(600), Some(0)));
    assert!(violations(&o, Some(&c), &g).is_empty());

    // Corrected after it left to carry more (logged), it needs a decision.
    let mut more = o.clone();
    more.shipments
        .get_mut("s1")
        .unwrap()
        .quantities
        .insert(cell_key("black", "m"), 900);
    let balance = |v: &Violation| {
        matches!(
            v,
            Violation::GateNotMet {
                gate: Gate::Balance,
                ..
            }
        )
    };
    assert!(violations(&more, Some(&c), &g).iter().any(balance));

    // Reopened and shipped again: asked again.
    reopen(&mut o, "li", 2, day("2026-06-02"), "goods returned").unwrap();
    let e = transition(&mut o, Some(&c), OrderStatus::Shipped, &g, "li", 3, None).unwrap_err();
    assert!(
        matches!(&e, DomainError::GateClosed { gates } if gates == &[Gate::Balance]),
        "{e:?}"
    );
}

/// A move that waived the balance and the final inspection keeps the words of both in the
/// books: a waiver named again because the goods came back is named with its reason read
/// from there, not with none.
#[test]
fn an_outgrown_waiver_is_named_with_the_reason_the_books_keep() {
    use gendan_domain::money_waivers::{take_for_books, Before};
    let g = Gates {
        balance_before_shipping: true,
        final_inspection_before_shipping: true,
        ..Gates::none()
    };
    let mut o = ready(&[("s1", 600)]);
    let mut c = Commercial::new("order-doc", "USD");
    c.unit_price = Some(price("2"));
    c.plan_receivables(&o).unwrap();
    let before = Before::of(&o);
    transition(
        &mut o,
        Some(&c),
        OrderStatus::Shipped,
        &g,
        "li",
        1,
        Some("buyer's QC on site"),
    )
    .unwrap();
    take_for_books(&before, &mut o).apply(&mut c);
    assert!(o
        .gate_overrides
        .values()
        .any(|w| w.gate == "final_inspection:s1" && w.reason.is_empty()));
    reopen(&mut o, "li", 2, day("2026-06-02"), "goods returned").unwrap();
    let said = outgrown(&o, Some(&c), &Gate::FinalInspection);
    assert!(
        said.iter().any(|(w, _)| w.gate == "final_inspection:s1"),
        "{said:?}"
    );
    assert!(
        said.iter()
            .all(|(w, why)| *why == Outgrown::CameBack && w.reason == "buyer's QC on site"),
        "{said:?}"
    );
}
