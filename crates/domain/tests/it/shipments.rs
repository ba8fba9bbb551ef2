//! Shipments as they leave the factory (issue 14): the order's allowance at its edges, carton
//! lines packed solid and by ratio, CBM and weights to the litre and the gram, the balance due
//! following the goods, on-time delivery judged when the order is complete, two devices packing
//! the same shipment, and shipments recorded before any of this.

use crate::common::*;
use gendan_domain::automerge::{self, transaction::Transactable, ReadDoc, Value, ROOT};
use gendan_domain::document;
use gendan_domain::lifecycle::{closed_gates, Gate, Gates};
use gendan_domain::order::{cell_key, Field, Issue, Problem};
use gendan_domain::packing::{self, CartonLine, PackKind};
use gendan_domain::reports::{self, OrderFacts};
use gendan_domain::shipment::{FigureSource, Shipment};
use gendan_domain::shipped::{self, Judgement, Tolerance};
use gendan_domain::RecordMap;
use gendan_domain::{Commercial, DomainError, Milli, Order, OrderStatus, Price};

const TOL: Tolerance = Tolerance {
    short_permille: 30,
    over_permille: 50,
};

fn price(s: &str) -> Price {
    s.parse().unwrap()
}

fn milli(s: &str) -> Milli {
    s.parse().unwrap()
}

/// One colour, one size: `total` pieces.
fn order_of(total: u64) -> Order {
    let mut o = Order::new();
    o.customer_po = "PO-14".into();
    o.customer = "Nordic Wear".into();
    o.style_no = "NW-14".into();
    o.quantities.add_colour("black".into(), "Black");
    o.quantities.add_size("m".into(), "M");
    o.quantities.set_qty("black", "m", total);
    o.ex_factory = Some(day("2026-06-01"));
    o.confirmed_ex_factory = Some(day("2026-06-01"));
    o
}

/// A shipment of `pcs` pieces of black M entered as its matrix, left on `on`.
fn entered(pcs: u64, on: Option<&str>) -> Shipment {
    Shipment {
        quantities: RecordMap::from([(cell_key("black", "m"), pcs)]),
        shipped_on: on.map(day),
        ..Shipment::default()
    }
}

fn line(from: u32, to: u32, per_carton: RecordMap<u64>) -> CartonLine {
    CartonLine {
        from,
        to,
        pack: if per_carton.len() > 1 {
            PackKind::Ratio
        } else {
            PackKind::Solid
        },
        per_carton,
        length_mm: 600,
        width_mm: 400,
        height_mm: 300,
        net_kg: milli("10"),
        gross_kg: milli("11"),
    }
}

#[test]
fn exactly_three_percent_short_completes_the_order_one_piece_under_needs_a_reason() {
    for (shipped, judged) in [
        (9_700, Judgement::Within),
        (9_699, Judgement::Short),
        (10_500, Judgement::Within),
        (10_501, Judgement::Over),
    ] {
        assert_eq!(TOL.judge(10_000, shipped), judged, "{shipped}");
        let mut o = order_of(10_000);
        o.shipments
            .insert("s1".into(), entered(shipped, Some("2026-05-30")));
        let r = shipped::mark_complete(&mut o, TOL, "", "li", 5);
        if judged == Judgement::Within {
            r.unwrap();
            assert_eq!(o.ship_complete.as_ref().unwrap().shipped, shipped);
            assert_eq!(
                shipped::completed_on(&o, TOL),
                Some(day("2026-05-30")),
                "{shipped}"
            );
        } else {
            let e = r.unwrap_err();
            assert!(
                matches!(&e, DomainError::Problem(Problem { field: Field::ShippedQty, issue: Issue::OutsideTolerance { shipped: s, min: 9_700, max: 10_500 } }) if *s == shipped),
                "{e:?}"
            );
            assert!(o.ship_complete.is_none());
            shipped::mark_complete(&mut o, TOL, "customer accepted the short quantity", "li", 5)
                .unwrap();
            assert_eq!(
                o.ship_complete.as_ref().unwrap().reason,
                "customer accepted the short quantity"
            );
        }
    }
    // The order's own allowance replaces the workspace's.
    let mut o = order_of(10_000);
    assert_eq!(shipped::allowance(&o, (30, 50)), TOL);
    o.ship_tolerance = Some(Tolerance {
        short_permille: 0,
        over_permille: 0,
    });
    o.shipments.insert("s1".into(), entered(9_700, None));
    let tol = shipped::allowance(&o, (30, 50));
    assert!(shipped::mark_complete(&mut o, tol, "", "li", 5).is_err());
}

#[test]
fn a_ratio_pack_of_one_two_one_times_forty_cartons_gives_pieces_by_size() {
    let per = packing::ratio(&[("navy", "s", 1), ("navy", "m", 2), ("navy", "l", 1)], 24).unwrap();
    let l = CartonLine {
        pack: PackKind::Ratio,
        ..line(1, 40, per)
    };
    assert!(l.problems().is_empty(), "{:?}", l.problems());
    assert_eq!(l.pieces_per_carton(), 24);
    assert_eq!(l.ratio()[&cell_key("navy", "m")], 2);
    let t = packing::totals([&l]);
    assert_eq!(t.cartons, 40);
    assert_eq!(t.cells[&cell_key("navy", "s")], 240);
    assert_eq!(t.cells[&cell_key("navy", "m")], 480);
    assert_eq!(t.cells[&cell_key("navy", "l")], 240);
    assert_eq!(t.pieces, 960);
    // A solid line after it adds its own cell.
    let solid = line(41, 50, packing::solid("navy", "xl", 30));
    let t = packing::totals([&l, &solid]);
    assert_eq!((t.cartons, t.pieces), (50, 1_260));
    assert_eq!(t.cells[&cell_key("navy", "xl")], 300);
}

#[test]
fn cbm_is_exact_to_the_litre_over_the_whole_and_weights_to_the_gram() {
    let mut l = line(1, 40, packing::solid("black", "m", 12));
    l.length_mm = packing::parse_cm("58.5").unwrap();
    l.width_mm = packing::parse_cm("38,2").unwrap();
    l.height_mm = packing::parse_cm("31.4").unwrap();
    l.net_kg = milli("10.125");
    l.gross_kg = milli("11.307");
    // One carton: 0.07016958 m³, printed 0.070; forty: 2.8067832 m³, 2.807 — not 40 × 0.070.
    assert_eq!(l.carton_cbm().to_string(), "0.07");
    let t = packing::totals([&l]);
    assert_eq!(t.cbm.to_string(), "2.807");
    assert_eq!(t.net_kg.to_string(), "405");
    assert_eq!(t.gross_kg.to_string(), "452.28");
    // Half a litre rounds up, just under does not.
    let mut half = line(1, 1, packing::solid("black", "m", 1));
    (half.length_mm, half.width_mm, half.height_mm) = (100, 100, 50); // 0.5 L
    assert_eq!(packing::totals([&half]).cbm.thousandths(), 1);
    (half.length_mm, half.width_mm, half.height_mm) = (100, 99, 50); // 0.495 L
    assert_eq!(packing::totals([&half]).cbm.thousandths(), 0);
    // Gross below net is refused on the line.
    l.gross_kg = milli("10");
    assert!(l.problems().iter().any(|p| p.issue == Issue::GrossBelowNet));
}

fn money() -> Commercial {
    let mut c = Commercial::new("order", "USD");
    c.unit_price = Some(price("5.00"));
    c.receivables.deposit.amount = Some(price("1500"));
    c.receivables.balance.amount = Some(price("3500"));
    c.receipts.insert(
        "dep".into(),
        gendan_domain::commercial::Receipt {
            amount: price("1500"),
            confirmed_by: Some("fin".into()),
            ..Default::default()
        },
    );
    c
}

#[test]
fn the_balance_due_follows_the_shipped_value_short_and_over() {
    let c = money();
    let mut o = order_of(1_000);
    // Nothing shipped: the planned balance.
    assert_eq!(c.balance_due(&o), price("3500"));
    assert_eq!(c.shipped_value(&o), None);
    // 970 shipped (3 % short, within): 4,850 owed, 3,350 due.
    o.shipments.insert("s1".into(), entered(600, None));
    o.shipments.insert("s2".into(), entered(370, None));
    assert_eq!(c.shipped_value(&o), Some(price("4850")));
    assert_eq!(c.balance_due(&o), price("3350"));
    // 1,050 shipped (5 % over, within): 5,250 owed, 3,750 due.
    o.shipments.insert("s2".into(), entered(450, None));
    assert_eq!(c.balance_due(&o), price("3750"));
    // A colour with its own price is valued at it.
    let mut c2 = c.clone();
    c2.colour_prices.insert("black".into(), price("6"));
    assert_eq!(c2.shipped_value(&o), Some(price("6300")));
}

/// 应收账款 reads what is owed, not the plan: the receivables book's open parts add up to the
/// balance due whatever the goods did — a short shipment owes less, an order shipped with no
/// receivables planned still owes its goods (due `balance_days` after ex-factory, as a plan
/// would have set it), an order grown since its plan owes its growth with the balance.
#[test]
fn the_receivables_book_owes_what_is_owed_not_what_was_planned() {
    use gendan_domain::agenda::{Agenda, ReceivableFact};
    let open_total = |c: &Commercial, o: &Order| -> Price {
        Price::sum(c.open_receivables(o).into_iter().map(|(p, _)| p)).unwrap()
    };
    let mut c = money();
    c.receivables.balance.due = Some(day("2026-06-10"));
    let mut o = order_of(1_000);
    assert_eq!(open_total(&c, &o), c.balance_due(&o));
    // A shipment booked with one piece, not yet gone: the whole order is still owed.
    o.shipments.insert("s1".into(), entered(1, None));
    assert_eq!(open_total(&c, &o), price("3500"), "a booking owes no less");
    // 970 shipped and the order marked shipped: 4,850 owed, 1,500 received, 3,350 open — not
    // the planned 3,500.
    o.status = OrderStatus::Shipped;
    o.shipments.insert("s1".into(), entered(970, None));
    assert_eq!(
        c.open_receivables(&o),
        [
            (Price::ZERO, None),
            (price("3350"), Some(day("2026-06-10")))
        ]
    );
    assert_eq!(
        c.receivable_aging(&o, day("2026-06-01")).total(),
        price("3350")
    );
    // Shipped with nothing planned: the goods are owed all the same, from the terms' day.
    let mut unplanned = money();
    unplanned.receivables = Default::default();
    unplanned.receipts.clear();
    unplanned.terms.balance_days = 30;
    assert_eq!(unplanned.owed(&o), price("4850"));
    assert_eq!(
        unplanned.open_receivables(&o),
        [
            (Price::ZERO, None),
            (price("4850"), Some(day("2026-07-01")))
        ]
    );
    let fact = ReceivableFact::of(&o, &unplanned).expect("the goods are owed");
    assert_eq!(fact.aging(day("2026-07-15")).d0_30, price("4850"));
    let agenda = Agenda::of(&o, Some(&unplanned), &Gates::default());
    assert_eq!(
        agenda
            .receivable
            .expect("on the book")
            .aging(day("2026-07-15"))
            .total(),
        unplanned.balance_due(&o)
    );
    // Grown since the plan, nothing shipped: the growth is owed with the balance.
    let mut grown = order_of(1_200);
    grown.ex_factory = o.ex_factory;
    assert_eq!(open_total(&c, &grown), c.balance_due(&grown));
    assert_eq!(open_total(&c, &grown), price("4500"));
}

#[test]
fn the_balance_gate_opens_on_the_shipped_value_of_a_short_shipment() {
    let mut c = money();
    let mut o = order_of(1_000);
    o.status = OrderStatus::ReadyToShip;
    let gates = Gates {
        final_inspection_before_shipping: false,
        ..Gates::default()
    };
    c.receipts.insert(
        "bal".into(),
        gendan_domain::commercial::Receipt {
            amount: price("3350"),
            confirmed_by: Some("fin".into()),
            ..Default::default()
        },
    );
    // 4,850 received: short of the planned 5,000 while nothing ships…
    assert_eq!(
        closed_gates(&o, Some(&c), OrderStatus::Shipped, &gates),
        [Gate::Balance]
    );
    // …and enough once the shipment says 970 pieces go.
    o.shipments.insert("s1".into(), entered(970, None));
    assert!(closed_gates(&o, Some(&c), OrderStatus::Shipped, &gates).is_empty());
    // An over shipment asks for more.
    o.shipments.insert("s2".into(), entered(80, None));
    assert_eq!(
        closed_gates(&o, Some(&c), OrderStatus::Shipped, &gates),
        [Gate::Balance]
    );
}

#[test]
fn on_time_is_judged_when_the_order_is_complete_not_on_its_first_shipment() {
    let mut o = order_of(10_000);
    o.ex_factory = Some(day("2026-06-20")); // moved later; judged on the first confirmed date
    o.shipments
        .insert("s1".into(), entered(1_000, Some("2026-05-25")));
    // Only 1,000 of 10,000 left: not complete, not judged; the first shipment was on time.
    assert_eq!(shipped::complete_on_time(&o, TOL), None);
    assert_eq!(shipped::first_shipment_on_time(&o), Some(true));
    o.shipments
        .insert("s2".into(), entered(9_000, Some("2026-06-10")));
    assert_eq!(shipped::completed_on(&o, TOL), Some(day("2026-06-10")));
    assert_eq!(shipped::complete_on_time(&o, TOL), Some(false));
    // Split, the second 3 % short within the allowance, both by the date: on time.
    let mut p = order_of(10_000);
    p.shipments
        .insert("a".into(), entered(6_000, Some("2026-05-20")));
    p.shipments
        .insert("b".into(), entered(3_700, Some("2026-06-01")));
    assert_eq!(shipped::complete_on_time(&p, TOL), Some(true));
    // A recorded but undated shipment does not complete it.
    let mut q = order_of(10_000);
    q.shipments
        .insert("a".into(), entered(6_000, Some("2026-05-20")));
    q.shipments.insert("b".into(), entered(4_000, None));
    assert_eq!(shipped::complete_on_time(&q, TOL), None);
    // The KPI screen counts both.
    let facts = [
        OrderFacts {
            id: "o",
            order: &o,
            commercial: None,
        },
        OrderFacts {
            id: "p",
            order: &p,
            commercial: None,
        },
    ];
    let k = reports::kpis_with(&facts, day("2026-07-01"), (30, 50)).overall;
    assert_eq!((k.on_time_delivery.num, k.on_time_delivery.den), (1, 2));
    assert_eq!(
        (k.first_shipment_on_time.num, k.first_shipment_on_time.den),
        (2, 2)
    );
}

#[test]
fn two_devices_adding_cartons_to_one_shipment_keep_both() {
    let mut o = order_of(1_000);
    o.shipments.insert("s1".into(), Shipment::default());
    let (mut a, mut b) = pair(&o);
    edit::<Order>(&mut a, "li", |o| {
        let s = o.shipments.get_mut("s1").unwrap();
        s.carton_lines
            .insert("ca".into(), line(1, 20, packing::solid("black", "m", 24)));
    });
    edit::<Order>(&mut b, "wang", |o| {
        let s = o.shipments.get_mut("s1").unwrap();
        s.carton_lines
            .insert("cb".into(), line(21, 30, packing::solid("black", "m", 12)));
        s.container_no = "MSKU1234567".into();
    });
    let o: Order = merged(&mut a, &mut b);
    let s = &o.shipments["s1"];
    assert_eq!(s.carton_lines.len(), 2);
    assert_eq!(s.container_no, "MSKU1234567");
    let f = s.figures();
    assert_eq!(f.source, FigureSource::Cartons);
    assert_eq!((f.cartons, f.pieces), (30, 600));
    assert_eq!(f.cbm.to_string(), "2.16");
    assert_eq!(f.net_kg.to_string(), "300");
    assert_eq!(f.gross_kg.to_string(), "330");
    assert!(packing::overlaps(&s.carton_lines).is_empty());
    assert_eq!(shipped::balance(&o).balance(), 400);
}

#[test]
fn two_devices_numbering_the_same_cartons_are_both_kept_and_the_overlap_is_said() {
    let mut o = order_of(1_000);
    o.shipments.insert("s1".into(), Shipment::default());
    let (mut a, mut b) = pair(&o);
    for (doc, id) in [(&mut a, "ca"), (&mut b, "cb")] {
        edit::<Order>(doc, id, |o| {
            let s = o.shipments.get_mut("s1").unwrap();
            s.carton_lines
                .insert(id.into(), line(1, 10, packing::solid("black", "m", 10)));
        });
    }
    let o: Order = merged(&mut a, &mut b);
    let s = &o.shipments["s1"];
    assert_eq!(s.figures().pieces, 200, "neither device's cartons lost");
    assert_eq!(
        packing::overlaps(&s.carton_lines),
        [("ca".to_string(), "cb".to_string())]
    );
}

#[test]
fn the_balance_table_lists_every_cell_ordered_shipped_and_balance() {
    let mut o = order_of(1_000);
    o.quantities.add_size("l".into(), "L");
    o.quantities.set_qty("black", "l", 500);
    o.shipments.insert(
        "s1".into(),
        Shipment {
            carton_lines: RecordMap::from([(
                "c".into(),
                line(1, 10, packing::solid("black", "m", 50)),
            )]),
            // Entered cells are ignored once the shipment has carton lines.
            quantities: RecordMap::from([(cell_key("black", "l"), 999)]),
            ..Shipment::default()
        },
    );
    o.shipments.insert("s2".into(), entered(520, None));
    let b = shipped::balance(&o);
    let cells: Vec<_> = b
        .cells
        .iter()
        .map(|c| (c.size.as_str(), c.ordered, c.shipped, c.balance()))
        .collect();
    assert_eq!(cells, [("m", 1000, 1020, -20), ("l", 500, 0, 500)]);
    assert_eq!((b.ordered, b.shipped, b.balance()), (1500, 1020, 480));
}

#[test]
fn a_shipment_recorded_before_lines_loads_with_its_typed_figures() {
    let mut o = order_of(1_000);
    o.shipments.insert(
        "old".into(),
        Shipment {
            cartons: 42,
            pieces: 1_000,
            gross_kg: milli("512.5"),
            net_kg: milli("480"),
            cbm: milli("3.25"),
            ..Shipment::default()
        },
    );
    let mut doc = document::create([1; 16], &author("li"), 1, &o).unwrap();
    // Remove what this version added, as a document written before it holds none of it.
    doc.delete(ROOT, "ship_tolerance").unwrap();
    doc.delete(ROOT, "ship_complete").unwrap();
    let shipments = match doc.get(ROOT, "shipments").unwrap() {
        Some((Value::Object(automerge::ObjType::Map), id)) => id,
        other => panic!("{other:?}"),
    };
    let s = match doc.get(&shipments, "old").unwrap() {
        Some((Value::Object(automerge::ObjType::Map), id)) => id,
        other => panic!("{other:?}"),
    };
    doc.delete(&s, "quantities").unwrap();
    doc.delete(&s, "carton_lines").unwrap();
    let o = document::read::<Order>(&doc).unwrap();
    let f = o.shipments["old"].figures();
    assert_eq!(f.source, FigureSource::Legacy);
    assert_eq!(
        (f.cartons, f.pieces, f.gross_kg, f.net_kg, f.cbm),
        (42, 1_000, milli("512.5"), milli("480"), milli("3.25"))
    );
    let b = shipped::balance(&o);
    assert_eq!((b.shipped, b.unallocated, b.balance()), (1_000, 1_000, 0));
    // Its pieces have no colour: the planned receivables still stand for the money.
    assert_eq!(money().shipped_value(&o), None);
    assert_eq!(o.ship_tolerance, None);
    // Adding a carton line makes its figures derived.
    edit::<Order>(&mut doc, "li", |o| {
        o.shipments
            .get_mut("old")
            .unwrap()
            .carton_lines
            .insert("c1".into(), line(1, 40, packing::solid("black", "m", 25)));
    });
    let o = document::read::<Order>(&doc).unwrap();
    let f = o.shipments["old"].figures();
    assert_eq!(
        (f.source, f.cartons, f.pieces),
        (FigureSource::Cartons, 40, 1_000)
    );
}

fn confirmed(amount: &str) -> gendan_domain::commercial::Receipt {
    gendan_domain::commercial::Receipt {
        amount: price(amount),
        confirmed_by: Some("fin".into()),
        ..Default::default()
    }
}

/// Each shipment that leaves adds its goods to what the balance must cover: a later shipment of
/// an order that already shipped is asked for the balance like the first (where the money is),
/// and a balance waived for an earlier shipment never covers a later one, by the date typed or
/// after a merge.
#[test]
fn a_later_shipment_is_asked_for_the_balance_of_everything_shipped_by_then() {
    use gendan_domain::lifecycle::{set_shipped_on, violations, Violation};
    let gates = Gates {
        final_inspection_before_shipping: false,
        ..Gates::default()
    };
    let ship = |o: &mut Order, c: &Commercial, s: &str, reason: Option<&str>| {
        set_shipped_on(
            o,
            Some(c),
            s,
            Some(day("2026-06-01")),
            &gates,
            "mo",
            1,
            day("2030-01-01"),
            reason,
        )
    };
    let balance_refused = |r: Result<(), DomainError>| matches!(r, Err(DomainError::GateClosed { gates }) if gates == [Gate::Balance]);

    // Paid for the first 600 pieces (3,000): they leave without a question; the next 400 do not.
    let mut c = money();
    c.receipts.insert("bal".into(), confirmed("1500"));
    let mut o = order_of(1_000);
    o.status = OrderStatus::ReadyToShip;
    o.shipments.insert("s1".into(), entered(600, None));
    ship(&mut o, &c, "s1", None).expect("the first 600 are paid");
    assert_eq!(o.status, OrderStatus::Shipped);
    o.shipments.insert("s2".into(), entered(400, None));
    assert!(balance_refused(ship(&mut o, &c, "s2", None)));
    assert_eq!(o.shipments["s2"].shipped_on, None);
    c.receipts.insert("bal2".into(), confirmed("2000"));
    ship(&mut o, &c, "s2", None).expect("paid in full now");
    assert!(violations(&o, Some(&c), &gates).is_empty());

    // The balance waived for the first shipment ("T/T against B/L copy") does not ship the next.
    let c = money();
    let mut o = order_of(1_000);
    o.status = OrderStatus::ReadyToShip;
    o.shipments.insert("s1".into(), entered(600, None));
    assert!(balance_refused(ship(&mut o, &c, "s1", None)));
    ship(&mut o, &c, "s1", Some("T/T against B/L copy")).expect("waived with a reason");
    o.shipments.insert("s2".into(), entered(400, None));
    let mut merged = o.clone();
    assert!(balance_refused(ship(&mut o, &c, "s2", None)));
    ship(&mut o, &c, "s2", Some("L/C at sight")).expect("waived again, for s2");
    assert!(violations(&o, Some(&c), &gates).is_empty());
    // Dated on another device that did not ask (a merge): a decision here.
    merged.shipments.get_mut("s2").unwrap().shipped_on = Some(day("2026-06-02"));
    assert!(
        violations(&merged, Some(&c), &gates).contains(&Violation::GateNotMet {
            status: OrderStatus::Shipped,
            gate: Gate::Balance,
        })
    );
}

/// 到货确认: a shipment arrives only once it left, not before that day nor in the future; the
/// day is said once in the daily report.
#[test]
fn a_shipment_arrives_only_after_it_left() {
    use gendan_domain::activity::{order_events, Event};
    use gendan_domain::shipment::{arrive, Arrival};
    let today = day("2026-06-20");
    let mut o = full_order();
    o.shipments.insert("s".into(), Shipment::default());
    let came = |d: &str| Arrival {
        on: Some(day(d)),
        who: " li ".into(),
        note: "2 cartons crushed, photos sent".into(),
    };
    let issue = |r: Result<(), gendan_domain::DomainError>| match r {
        Err(gendan_domain::DomainError::Problem(p)) if p.field == Field::ArrivedOn => Some(p.issue),
        _ => None,
    };
    assert_eq!(
        issue(arrive(&mut o, "s", came("2026-06-10"), today)),
        Some(Issue::NotLeftYet)
    );
    o.shipments.get_mut("s").unwrap().shipped_on = Some(day("2026-06-01"));
    assert_eq!(
        issue(arrive(&mut o, "s", came("2026-05-30"), today)),
        Some(Issue::BeforeLeft)
    );
    assert_eq!(
        issue(arrive(&mut o, "s", came("2026-06-21"), today)),
        Some(Issue::InFuture)
    );
    assert!(o.shipments["s"].arrived.is_none());
    let before = o.clone();
    arrive(&mut o, "s", came("2026-06-18"), today).unwrap();
    let a = o.shipments["s"].arrived.clone().unwrap();
    assert_eq!((a.on, a.who.as_str()), (Some(day("2026-06-18")), "li"));
    assert_eq!(
        order_events(Some(&before), &o),
        [Event::ShipmentArrived {
            on: Some(day("2026-06-18"))
        }]
    );
}
