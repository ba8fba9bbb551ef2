//! A shipment that has left changes what it carries only with a reason, logged on it
//! (`shipment::changes`): each path — a carton line edited, added or removed, a hand-entered
//! cell, the shipped date cleared, the order reopened — refused without a reason and logged with
//! one; no reason asked before shipping; and a device that edited before it knew the shipment
//! had left is not refused, but after the merge its change is said until accepted with a reason.

use crate::common::*;
use gendan_domain::automerge::{self, transaction::Transactable, ReadDoc, Value, ROOT};
use gendan_domain::document;
use gendan_domain::lifecycle::{self, set_shipped_on, Gates};
use gendan_domain::order::cell_key;
use gendan_domain::packing::{self, CartonLine};
use gendan_domain::shipment::changes::{
    accept_unlogged, remove_carton_line, set_carton_line, set_quantities, unlogged, unship,
    ChangeKind, ChangeNote, Delta,
};
use gendan_domain::shipment::Shipment;
use gendan_domain::shipped;
use gendan_domain::{DomainError, Order, OrderStatus, RecordMap};

/// Black M and L, 1,000 pieces each; ready to ship.
fn order() -> Order {
    let mut o = Order::new();
    o.customer_po = "PO-LOCK".into();
    o.quantities.add_colour("black".into(), "Black");
    o.quantities.add_size("m".into(), "M");
    o.quantities.add_size("l".into(), "L");
    o.quantities.set_qty("black", "m", 1_000);
    o.quantities.set_qty("black", "l", 1_000);
    o.status = OrderStatus::ReadyToShip;
    o.ex_factory = "2026-06-01".parse().ok();
    o
}

fn line(from: u32, to: u32, size: &str, per: u64) -> CartonLine {
    CartonLine {
        from,
        to,
        per_carton: packing::solid("black", size, per),
        length_mm: 600,
        width_mm: 400,
        height_mm: 300,
        net_kg: "10".parse().unwrap(),
        gross_kg: "11".parse().unwrap(),
        ..CartonLine::default()
    }
}

/// `o` with shipment "s" packed in two lines (20 × 24 M, 10 × 12 L = 600 pieces) and shipment
/// "e" with 300 pieces of M entered by hand.
fn packed() -> Order {
    let mut o = order();
    let mut s = Shipment::default();
    s.carton_lines.insert("l1".into(), line(1, 20, "m", 24));
    s.carton_lines.insert("l2".into(), line(21, 30, "l", 12));
    o.shipments.insert("s".into(), s);
    let e = Shipment {
        quantities: RecordMap::from([(cell_key("black", "m"), 300)]),
        ..Shipment::default()
    };
    o.shipments.insert("e".into(), e);
    o
}

fn ship(o: &mut Order, id: &str) {
    set_shipped_on(
        o,
        None,
        id,
        Some(day("2026-06-01")),
        &Gates::none(),
        "li",
        1,
        day("2030-01-01"),
        None,
    )
    .unwrap();
}

fn note<'a>(id: &'a str, reason: &'a str) -> ChangeNote<'a> {
    ChangeNote {
        id,
        who: "wang",
        day: day("2026-06-03"),
        reason,
    }
}

/// Pieces shipped by the order's shipments that left.
fn shipped_pcs(o: &Order) -> u64 {
    shipped::balance(o).shipped
}

#[test]
fn after_shipping_every_path_is_refused_without_a_reason_and_nothing_changes() {
    let mut o = packed();
    ship(&mut o, "s");
    ship(&mut o, "e");
    assert_eq!(shipped_pcs(&o), 900);
    let before = o.clone();
    let refused = |r: Result<(), DomainError>| {
        assert!(matches!(r, Err(DomainError::ReasonRequired)), "{r:?}");
    };
    for reason in ["", "  "] {
        let n = note("c1", reason);
        // edit a line: 20 cartons become 15
        refused(set_carton_line(&mut o, "s", "l1", line(1, 15, "m", 24), &n));
        // add one
        refused(set_carton_line(&mut o, "s", "l3", line(31, 31, "l", 6), &n));
        // remove one
        refused(remove_carton_line(&mut o, "s", "l2", &n));
        // change a cell entered by hand, clear one
        let cells = [(cell_key("black", "m"), Some(250))];
        refused(set_quantities(&mut o, "e", &cells, &n));
        refused(set_quantities(
            &mut o,
            "e",
            &[(cell_key("black", "m"), None)],
            &n,
        ));
        // the shipped date cleared, here or through the lifecycle
        refused(unship(&mut o, "s", &n));
        refused(set_shipped_on(
            &mut o,
            None,
            "s",
            None,
            &Gates::none(),
            "li",
            2,
            day("2030-01-01"),
            Some("the reason is not taken here"),
        ));
    }
    assert_eq!(o, before, "a refusal changes nothing");
    assert_eq!(shipped_pcs(&o), 900);
}

#[test]
fn with_a_reason_each_change_is_made_and_logged_before_to_after() {
    let mut o = packed();
    ship(&mut o, "s");
    ship(&mut o, "e");
    let why = "five cartons short-loaded, stayed in the factory";
    set_carton_line(&mut o, "s", "l1", line(1, 15, "m", 24), &note("c1", why)).unwrap();
    assert_eq!(shipped_pcs(&o), 900 - 5 * 24);
    let s = &o.shipments["s"];
    let c = &s.changes["c1"];
    assert_eq!(c.kind, ChangeKind::LineEdited);
    assert_eq!(
        (c.who.as_str(), c.day, c.reason.as_str()),
        ("wang", Some(day("2026-06-03")), why)
    );
    assert_eq!(
        c.cells,
        RecordMap::from([(
            cell_key("black", "m"),
            Delta {
                before: 480,
                after: 360
            }
        )])
    );
    assert_eq!(
        c.cartons,
        Delta {
            before: 30,
            after: 25
        }
    );
    assert_eq!(c.line_before, Some(line(1, 20, "m", 24)));
    assert_eq!(c.line_after, Some(line(1, 15, "m", 24)));

    set_carton_line(
        &mut o,
        "s",
        "l3",
        line(31, 32, "l", 6),
        &note("c2", "found"),
    )
    .unwrap();
    remove_carton_line(&mut o, "s", "l2", &note("c3", "L never packed")).unwrap();
    let cells = [(cell_key("black", "m"), Some(250))];
    set_quantities(&mut o, "e", &cells, &note("c4", "recount")).unwrap();
    let s = &o.shipments["s"];
    assert_eq!(s.changes["c2"].kind, ChangeKind::LineAdded);
    assert_eq!(s.changes["c2"].line_before, None);
    let c3 = &s.changes["c3"];
    assert_eq!(
        (c3.kind.clone(), c3.line_after.clone()),
        (ChangeKind::LineRemoved, None)
    );
    assert_eq!(
        c3.cells[cell_key("black", "l").as_str()],
        Delta {
            before: 132,
            after: 12
        }
    );
    let e = &o.shipments["e"];
    assert_eq!(e.changes["c4"].kind, ChangeKind::Quantities);
    assert_eq!(
        e.changes["c4"].cells[cell_key("black", "m").as_str()],
        Delta {
            before: 300,
            after: 250
        }
    );
    assert_eq!(shipped_pcs(&o), 360 + 12 + 250);
    // Every change went through the log: the record of what left follows them.
    assert_eq!(unlogged(s), None);
    assert_eq!(unlogged(e), None);
    let rec = s.as_shipped.as_ref().expect("recorded when it left");
    assert_eq!(rec.carton_lines, s.carton_lines);
}

#[test]
fn before_shipping_no_reason_is_asked_and_nothing_is_logged() {
    let mut o = packed();
    let n = note("c1", "");
    set_carton_line(&mut o, "s", "l1", line(1, 15, "m", 24), &n).unwrap();
    remove_carton_line(&mut o, "s", "l2", &n).unwrap();
    set_quantities(&mut o, "e", &[(cell_key("black", "m"), Some(250))], &n).unwrap();
    assert_eq!(o.shipments["s"].figures().pieces, 360);
    assert_eq!(o.shipments["e"].figures().pieces, 250);
    assert!(o.shipments.values().all(|s| s.changes.is_empty()));
    // A line the packing list refuses is refused here too, shipped or not.
    let bad = CartonLine {
        to: 0,
        ..line(5, 5, "m", 1)
    };
    assert!(matches!(
        set_carton_line(&mut o, "s", "l9", bad, &n),
        Err(DomainError::Problem(_))
    ));
}

#[test]
fn an_edit_that_changes_nothing_after_shipping_needs_no_reason() {
    let mut o = packed();
    ship(&mut o, "s");
    ship(&mut o, "e");
    let before = o.clone();
    let n = note("c1", "");
    set_carton_line(&mut o, "s", "l1", line(1, 20, "m", 24), &n).unwrap();
    remove_carton_line(&mut o, "s", "gone", &n).unwrap();
    set_quantities(&mut o, "e", &[(cell_key("black", "m"), Some(300))], &n).unwrap();
    assert_eq!(o, before);
}

#[test]
fn clearing_the_shipped_date_needs_a_reason_is_logged_and_dating_again_records_anew() {
    let mut o = packed();
    ship(&mut o, "s");
    unship(
        &mut o,
        "s",
        &note("u1", "container rolled, goods back in the warehouse"),
    )
    .unwrap();
    let s = &o.shipments["s"];
    assert_eq!((s.shipped_on, s.as_shipped.as_ref()), (None, None));
    let u = &s.changes["u1"];
    assert_eq!(
        (u.kind.clone(), u.shipped_on),
        (ChangeKind::Unshipped, Some(day("2026-06-01")))
    );
    // Not shipped: repacked freely, then dated again, which records what leaves now.
    set_carton_line(&mut o, "s", "l1", line(1, 18, "m", 24), &note("x", "")).unwrap();
    ship(&mut o, "s");
    let s = &o.shipments["s"];
    assert_eq!(s.changes.len(), 1);
    assert_eq!(
        s.as_shipped.as_ref().map(|r| &r.carton_lines),
        Some(&s.carton_lines)
    );
    assert_eq!(unlogged(s), None);
}

#[test]
fn reopening_the_order_logs_each_shipment_it_undates() {
    let mut o = packed();
    ship(&mut o, "s");
    ship(&mut o, "e");
    assert_eq!(o.status, OrderStatus::Shipped);
    let today = day("2026-06-04");
    lifecycle::reopen(&mut o, "li", 77, today, "customs hold, goods returned").unwrap();
    for id in ["s", "e"] {
        let s = &o.shipments[id];
        assert_eq!(s.shipped_on, None);
        let c = &s.changes["77:reopen:li"];
        assert_eq!(
            (c.kind.clone(), c.day, c.reason.as_str(), c.shipped_on),
            (
                ChangeKind::Reopened,
                Some(today),
                "customs hold, goods returned",
                Some(day("2026-06-01"))
            )
        );
    }
}

#[test]
fn marking_the_order_shipped_records_what_each_shipment_carried() {
    let mut o = packed();
    lifecycle::record_shipped(&mut o, day("2026-06-02"));
    for s in o.shipments.values() {
        assert_eq!(s.shipped_on, Some(day("2026-06-02")));
        assert!(s.as_shipped.is_some());
    }
    assert!(matches!(
        remove_carton_line(&mut o, "s", "l1", &note("c", "")),
        Err(DomainError::ReasonRequired)
    ));
}

/// Runs a domain edit on a document as the screens' commit path does.
fn commit(
    doc: &mut automerge::AutoCommit,
    who: &str,
    f: impl FnOnce(&mut Order) -> Result<(), DomainError>,
) -> Result<(), DomainError> {
    document::commit::<Order, (), DomainError>(doc, &author(who), 2_000, f)
}

#[test]
fn a_device_that_did_not_know_it_shipped_is_not_refused_but_its_change_is_said_until_accepted() {
    let (mut a, mut b) = pair(&packed());
    // A ships; B, offline and not knowing, recounts the hand-entered cell and drops a line.
    commit(&mut a, "li", |o| {
        ship(o, "s");
        ship(o, "e");
        Ok(())
    })
    .unwrap();
    commit(&mut b, "wang", |o| {
        let n = note("b1", "");
        set_quantities(o, "e", &[(cell_key("black", "m"), Some(280))], &n)?;
        remove_carton_line(o, "s", "l2", &n)
    })
    .expect("B did not know: nothing to refuse");
    let o: Order = merged(&mut a, &mut b);
    // B's edits are kept (nothing typed is lost) and shipped, but said.
    assert_eq!(shipped_pcs(&o), 280 + 480);
    let e = unlogged(&o.shipments["e"]).expect("the recount is said");
    assert_eq!(
        e.cells[cell_key("black", "m").as_str()],
        Delta {
            before: 300,
            after: 280
        }
    );
    let s = unlogged(&o.shipments["s"]).expect("the dropped line is said");
    assert_eq!(s.lines, ["l2"]);
    assert_eq!(
        s.cartons,
        Delta {
            before: 30,
            after: 20
        }
    );
    // Until accepted, each is a decision the order waits for (the banner, Today), whatever the
    // order's status.
    let waiting = |o: &Order| {
        let mut ids: Vec<String> = lifecycle::violations(o, None, &Gates::none())
            .into_iter()
            .filter_map(|v| match v {
                lifecycle::Violation::ShippedChangedUnlogged { shipment, .. } => Some(shipment),
                _ => None,
            })
            .collect();
        ids.sort();
        ids
    };
    assert_eq!(waiting(&o), ["e", "s"]);
    let mut closed = o.clone();
    closed.status = OrderStatus::Closed;
    assert_eq!(waiting(&closed), ["e", "s"]);
    // Accepting needs a reason, and then logs it and brings the record in step.
    commit(&mut a, "li", |o| accept_unlogged(o, "e", &note("a1", " "))).expect_err("no reason");
    commit(&mut a, "li", |o| {
        accept_unlogged(o, "e", &note("a1", "recount at loading, 20 short"))?;
        accept_unlogged(o, "s", &note("a2", "L cartons not ready, next shipment"))
    })
    .unwrap();
    let o: Order = merged(&mut a, &mut b);
    assert!(waiting(&o).is_empty(), "settled");
    for (id, key) in [("e", "a1"), ("s", "a2")] {
        let s = &o.shipments[id];
        assert_eq!(unlogged(s), None, "{id}");
        assert_eq!(s.changes[key].kind, ChangeKind::Accepted);
    }
    assert_eq!(
        o.shipments["e"].changes["a1"].cells[cell_key("black", "m").as_str()],
        Delta {
            before: 300,
            after: 280
        }
    );
    assert_eq!(
        o.shipments["s"].changes["a2"].cartons,
        Delta {
            before: 30,
            after: 20
        }
    );
}

#[test]
fn two_devices_correcting_different_lines_with_reasons_raise_no_alarm() {
    let mut o = packed();
    ship(&mut o, "s");
    let (mut a, mut b) = pair(&o);
    commit(&mut a, "li", |o| {
        set_carton_line(o, "s", "l1", line(1, 18, "m", 24), &note("ca", "two short"))
    })
    .unwrap();
    commit(&mut b, "wang", |o| {
        set_carton_line(
            o,
            "s",
            "l2",
            line(21, 29, "l", 12),
            &note("cb", "one short"),
        )
    })
    .unwrap();
    let o: Order = merged(&mut a, &mut b);
    let s = &o.shipments["s"];
    assert_eq!(s.changes.len(), 2, "both logged");
    assert_eq!(s.figures().pieces, 18 * 24 + 9 * 12);
    assert_eq!(unlogged(s), None);
}

#[test]
fn a_shipment_that_left_before_records_were_kept_loads_locked_and_starts_its_record() {
    let mut o = packed();
    o.shipments.get_mut("s").unwrap().shipped_on = Some(day("2026-05-01"));
    let mut doc = document::create([1; 16], &author("li"), 1, &o).unwrap();
    // Remove what this version added, as a document written before it holds none of it.
    let shipments = match doc.get(ROOT, "shipments").unwrap() {
        Some((Value::Object(automerge::ObjType::Map), id)) => id,
        other => panic!("{other:?}"),
    };
    let s = match doc.get(&shipments, "s").unwrap() {
        Some((Value::Object(automerge::ObjType::Map), id)) => id,
        other => panic!("{other:?}"),
    };
    for field in ["as_shipped", "changes"] {
        if doc.get(&s, field).unwrap().is_some() {
            doc.delete(&s, field).unwrap();
        }
    }
    let mut o = document::read::<Order>(&doc).unwrap();
    let s = &o.shipments["s"];
    assert_eq!((s.as_shipped.as_ref(), s.changes.len()), (None, 0));
    assert_eq!(unlogged(s), None, "nothing recorded to compare with");
    assert!(matches!(
        remove_carton_line(&mut o, "s", "l2", &note("c1", "")),
        Err(DomainError::ReasonRequired)
    ));
    remove_carton_line(&mut o, "s", "l2", &note("c1", "L not shipped")).unwrap();
    let s = &o.shipments["s"];
    let rec = s.as_shipped.as_ref().expect("the record starts here");
    assert_eq!(rec.carton_lines, s.carton_lines);
    assert_eq!(unlogged(s), None);
}

/// On-time delivery is judged on the first shipped date. Typed on or before the ex-factory date
/// it counts on time, so one entered only after that date passed is refused without a reason,
/// and with one keeps who entered it, the day and why, said as an exception of the day. The
/// date confirmed to the customer is what counts when the plan moved; a late date, or one
/// entered in time, asks nothing; moving a recorded date is `redate`'s, logged.
#[test]
fn a_shipped_date_backdated_to_the_ex_factory_date_after_it_passed_says_why() {
    use gendan_domain::activity::{order_events, Event};
    use gendan_domain::order::{Field, Issue, Problem};
    use gendan_domain::shipment::LateEntry;
    const DAY_MS: i64 = 86_400_000;
    let ms = |d: &str| day("1970-01-01").days_until(day(d)) * DAY_MS;
    let mut o = packed();
    o.ex_factory = Some(day("2026-05-25"));
    o.confirmed_ex_factory = Some(day("2026-05-10"));
    let date = |o: &mut Order, on: &str, entered: &str, reason: Option<&str>| {
        if let Some(r) = reason {
            o.shipments.get_mut("s").unwrap().late_entry = Some(LateEntry {
                reason: r.into(),
                ..LateEntry::default()
            });
        }
        let mut next = o.clone();
        let r = set_shipped_on(
            &mut next,
            None,
            "s",
            Some(day(on)),
            &Gates::none(),
            "li",
            ms(entered),
            day("2030-01-01"),
            None,
        );
        if r.is_ok() {
            *o = next;
        }
        r
    };
    // Dated the confirmed day, entered ten days later: refused, nothing shipped.
    let e = date(&mut o, "2026-05-10", "2026-05-20", None).unwrap_err();
    assert!(
        matches!(&e, DomainError::Problem(p) if *p == Problem::new(Field::ShippedOn, Issue::EnteredAfterDue)),
        "{e}"
    );
    let e = date(&mut o, "2026-05-10", "2026-05-20", Some("  ")).unwrap_err();
    assert!(matches!(e, DomainError::Problem(_)), "{e}");
    assert_eq!(o.shipments["s"].shipped_on, None);
    assert_eq!(o.status, OrderStatus::ReadyToShip);

    let before = o.clone();
    date(
        &mut o,
        "2026-05-10",
        "2026-05-20",
        Some("B/L copy came late"),
    )
    .unwrap();
    assert_eq!(
        o.shipped_on_time(),
        Some(true),
        "counted by its day, and said"
    );
    let l = o.shipments["s"].late_entry.clone().expect("kept");
    assert_eq!(
        (l.who.as_str(), l.recorded, l.reason.as_str()),
        ("li", Some(day("2026-05-20")), "B/L copy came late")
    );
    let ev = order_events(Some(&before), &o);
    assert!(
        ev.iter().any(|e| e.is_exception()
            && matches!(e, Event::ShipmentEnteredLate { shipped_on, late }
                if *shipped_on == Some(day("2026-05-10")) && late == &l)),
        "{ev:?}"
    );

    // Entered by the confirmed day, or dated after it: nothing asked, nothing kept.
    for (on, entered) in [("2026-05-10", "2026-05-10"), ("2026-05-12", "2026-05-20")] {
        let mut o = packed();
        o.ex_factory = Some(day("2026-05-25"));
        o.confirmed_ex_factory = Some(day("2026-05-10"));
        date(&mut o, on, entered, Some("not needed")).unwrap();
        assert_eq!(o.shipments["s"].late_entry, None, "{on} entered {entered}");
    }
}

/// A cancelled order counts in no KPI, so an order whose goods left is never cancelled: not
/// after reopening it (shipments un-dated, back to ready to ship), not on hold from there, and
/// not when only the log remembers the shipping (an order stored before the quantities were
/// recorded). An order that never shipped is cancelled as before.
#[test]
fn an_order_whose_goods_left_is_never_cancelled() {
    use gendan_domain::lifecycle::{can_move, next_statuses, transition};
    let mut o = packed();
    assert!(can_move(&o, OrderStatus::Cancelled), "nothing left yet");
    ship(&mut o, "s");
    lifecycle::reopen(&mut o, "li", 77, day("2026-06-04"), "customs hold").unwrap();
    assert_eq!(o.status, OrderStatus::ReadyToShip);
    assert!(o.shipments.values().all(|s| s.shipped_on.is_none()));
    assert!(!next_statuses(&o).contains(&OrderStatus::Cancelled));
    let cancel = |o: &mut Order| {
        transition(
            o,
            None,
            OrderStatus::Cancelled,
            &Gates::none(),
            "li",
            80,
            Some("x"),
        )
    };
    assert!(matches!(
        cancel(&mut o),
        Err(DomainError::Transition { .. })
    ));
    transition(
        &mut o,
        None,
        OrderStatus::OnHold,
        &Gates::none(),
        "li",
        81,
        None,
    )
    .unwrap();
    assert!(matches!(
        cancel(&mut o),
        Err(DomainError::Transition { .. })
    ));
    assert_eq!(o.status, OrderStatus::OnHold);
    // Only the log remembers it.
    o.ordered_as_shipped = None;
    assert!(matches!(
        cancel(&mut o),
        Err(DomainError::Transition { .. })
    ));
}

/// An order that never shipped may be cancelled, but it then drops out of every KPI — its
/// lateness, complaints and failed lots — so it says why: refused without a reason, and with one
/// the reason is in the status log and the cancelling is an exception of the day.
#[test]
fn cancelling_an_order_says_why() {
    use gendan_domain::activity::{order_events, Event};
    use gendan_domain::lifecycle::transition;
    let o = packed();
    for none in [None, Some(" ")] {
        let mut tried = o.clone();
        let e = transition(
            &mut tried,
            None,
            OrderStatus::Cancelled,
            &Gates::none(),
            "li",
            80,
            none,
        );
        assert!(matches!(e, Err(DomainError::ReasonRequired)), "{none:?}");
        assert_eq!(tried, o, "nothing changed");
    }
    let mut cancelled = o.clone();
    let why = "buyer moved the style to another vendor";
    transition(
        &mut cancelled,
        None,
        OrderStatus::Cancelled,
        &Gates::none(),
        "li",
        80,
        Some(why),
    )
    .unwrap();
    assert!(cancelled
        .status_log
        .values()
        .any(|c| c.to == "cancelled" && c.reason == why && c.who == "li"));
    let ev = order_events(Some(&o), &cancelled);
    assert!(
        ev.iter().any(|e| e.is_exception()
            && matches!(e, Event::OrderCancelled { from, who, reason }
                if *from == o.status && who == "li" && reason == why)),
        "{ev:?}"
    );
    assert!(
        !ev.iter().any(|e| matches!(e, Event::StatusMoved { .. })),
        "said once"
    );
}

/// On-time delivery is judged on the day a shipment left: a day still to come is refused on
/// every path that dates one — the first dating (which ships the order), a later shipment of an
/// order that shipped, and a date moved with a reason — and today itself is taken.
#[test]
fn a_shipped_day_still_to_come_is_refused_on_every_path() {
    use gendan_domain::order::{Field, Issue, Problem};
    use gendan_domain::shipment::changes::redate;
    let in_future = |r: Result<(), DomainError>| matches!(r, Err(DomainError::Problem(p)) if p == Problem::new(Field::ShippedOn, Issue::InFuture));
    let date = |o: &mut Order, id: &str, on: &str, today: &str| {
        set_shipped_on(
            o,
            None,
            id,
            Some(day(on)),
            &Gates::none(),
            "li",
            1,
            day(today),
            None,
        )
    };
    let mut o = packed();
    assert!(in_future(date(&mut o, "s", "2026-06-01", "2026-05-30")));
    assert_eq!(o.status, OrderStatus::ReadyToShip, "nothing shipped");
    assert_eq!(o.shipments["s"].shipped_on, None);
    date(&mut o, "s", "2026-05-30", "2026-05-30").unwrap();
    assert_eq!(o.status, OrderStatus::Shipped);
    // A later shipment of the shipped order.
    assert!(in_future(date(&mut o, "e", "2026-06-02", "2026-06-01")));
    assert_eq!(o.shipments["e"].shipped_on, None);
    // Moved with a reason to a day still to come.
    let moved = ChangeNote {
        id: "m1",
        who: "li",
        day: day("2026-05-31"),
        reason: "typed the wrong day",
    };
    assert!(in_future(redate(&mut o, "s", day("2026-06-01"), &moved)));
    assert_eq!(o.shipments["s"].shipped_on, Some(day("2026-05-30")));
    redate(&mut o, "s", day("2026-05-29"), &moved).unwrap();
    assert_eq!(o.shipments["s"].shipped_on, Some(day("2026-05-29")));
}
