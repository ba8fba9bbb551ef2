//! 改单 after goods left: the order form changes the ordered quantities freely until a shipment
//! has left, afterwards only with a reason, logged (so lowering the order to what a short
//! shipment carried cannot make it "complete" unseen); renaming a line is not a change; a
//! device that did not know the goods had left is not refused, but after the merge its change
//! is a decision the order waits for until accepted with a reason; the daily report says each
//! change with who and why.

use crate::common::*;
use gendan_domain::activity::{order_events, Event};
use gendan_domain::document;
use gendan_domain::lifecycle::{self, Gates, Violation};
use gendan_domain::qty_revision::{accept, save_header, unlogged, Reviser};
use gendan_domain::{DocError, DomainError, Order};

fn by<'a>(reason: &'a str, id: &'a str) -> Reviser<'a> {
    Reviser {
        who: "li",
        today: day("2026-06-05"),
        reason,
        change_id: id,
    }
}

/// `o` with black M set to `qty`, as the form would save it.
fn form(o: &Order, qty: u64) -> Order {
    let mut e = o.clone();
    e.quantities.set_qty("black", "m", qty);
    e
}

fn waiting(o: &Order) -> Vec<Violation> {
    lifecycle::violations(o, None, &Gates::none())
        .into_iter()
        .filter(|v| matches!(v, Violation::QuantitiesChangedUnlogged { .. }))
        .collect()
}

#[test]
fn quantities_change_freely_until_goods_leave_then_only_with_a_reason() {
    let mut o = full_order();
    let base = o.clone();
    save_header(&base, &form(&base, 1200), &mut o, by("", "q0")).unwrap();
    assert_eq!(o.quantities.total(), 1200);
    assert!(o.quantity_changes.is_empty() && o.ordered_as_shipped.is_none());

    lifecycle::record_shipped(&mut o, day("2026-06-01"));
    assert!(o.ordered_as_shipped.is_some(), "recorded as the goods left");
    let base = o.clone();
    for reason in ["", "  "] {
        let refused = save_header(&base, &form(&base, 900), &mut o, by(reason, "q1"));
        assert!(matches!(refused, Err(DomainError::ReasonRequired)));
        assert_eq!(o, base, "nothing changed");
    }
    // Renaming a colour is not a change of what was ordered.
    let mut renamed = base.clone();
    renamed.quantities.add_colour("black".into(), "Jet black");
    save_header(&base, &renamed, &mut o, by("", "q2")).unwrap();
    assert!(o.quantity_changes.is_empty());

    let base = o.clone();
    save_header(
        &base,
        &form(&base, 900),
        &mut o,
        by("buyer cancelled the last 300 pcs", "q3"),
    )
    .unwrap();
    let c = &o.quantity_changes["q3"];
    assert_eq!(
        (c.from, c.to, c.who.as_str(), c.reason.as_str(), c.accepted),
        (1200, 900, "li", "buyer cancelled the last 300 pcs", false)
    );
    assert_eq!(unlogged(&o), None);
    assert!(waiting(&o).is_empty());
    // Said in the day, with who and why, and not again as a bare quantity change.
    let ev = order_events(Some(&base), &o);
    assert!(
        matches!(ev.as_slice(), [e @ Event::QuantitiesRevised(c)] if e.is_exception() && c.to == 900),
        "{ev:?}"
    );
}

fn commit(
    doc: &mut automerge::AutoCommit,
    who: &str,
    f: impl FnOnce(&mut Order) -> Result<(), DomainError>,
) -> Result<(), DomainError> {
    document::commit::<Order, (), DomainError>(doc, &author(who), 1_000, f)
}

#[test]
fn a_device_that_did_not_know_the_goods_left_is_not_refused_but_its_change_waits_for_a_decision() {
    let (mut a, mut b) = pair(&full_order());
    commit(&mut a, "li", |o| {
        lifecycle::record_shipped(o, day("2026-06-01"));
        Ok(())
    })
    .unwrap();
    commit(&mut b, "wang", |o| {
        let base = o.clone();
        save_header(&base, &form(&base, 700), o, by("", "w1"))
    })
    .expect("Wang did not know: nothing to refuse");
    let o: Order = merged(&mut a, &mut b);
    assert_eq!(o.quantities.total(), 700, "nothing typed is lost");
    assert_eq!(unlogged(&o), Some((1000, 700)));
    assert_eq!(
        waiting(&o),
        [Violation::QuantitiesChangedUnlogged {
            recorded: 1000,
            now: 700
        }]
    );
    commit(&mut a, "li", |o| accept(o, by(" ", "a1"))).expect_err("no reason");
    commit(&mut a, "li", |o| {
        accept(o, by("buyer cut the order by mail", "a1"))
    })
    .unwrap();
    let o: Order = merged(&mut a, &mut b);
    assert!(waiting(&o).is_empty(), "settled");
    let c = &o.quantity_changes["a1"];
    assert_eq!((c.from, c.to, c.accepted), (1000, 700, true));
}

#[test]
fn an_order_written_before_the_record_reads_and_its_shipped_state_still_asks_for_a_reason() {
    let mut o = full_order();
    o.shipments.get_mut("sh1").unwrap().shipped_on = Some(day("2026-06-01"));
    let doc = document::create([9; 16], &author("li"), 1, &o).unwrap();
    let read: Result<Order, DocError> = document::read(&doc);
    let mut read = read.unwrap();
    assert_eq!(read.ordered_as_shipped, None);
    let base = read.clone();
    let refused = save_header(&base, &form(&base, 10), &mut read, by("", "q"));
    assert!(matches!(refused, Err(DomainError::ReasonRequired)));
}

#[test]
fn two_devices_revising_with_reasons_offline_both_log_and_raise_no_alarm() {
    let mut o = full_order();
    o.quantities.add_size("l".into(), "L");
    o.quantities.set_qty("black", "l", 500);
    lifecycle::record_shipped(&mut o, day("2026-06-01"));
    let (mut a, mut b) = pair(&o);
    commit(&mut a, "li", |o| {
        let base = o.clone();
        save_header(&base, &form(&base, 900), o, by("buyer cut M", "a1"))
    })
    .unwrap();
    commit(&mut b, "wang", |o| {
        let base = o.clone();
        let mut e = base.clone();
        e.quantities.set_qty("black", "l", 450);
        save_header(&base, &e, o, by("buyer cut L", "b1"))
    })
    .unwrap();
    let o: Order = merged(&mut a, &mut b);
    assert_eq!(o.quantities.total(), 900 + 450);
    assert_eq!(o.quantity_changes.len(), 2, "both logged");
    assert!(waiting(&o).is_empty(), "{:?}", waiting(&o));
}

/// Released to production, an order is no longer cut unseen: cutting it to what is ready the
/// day before it ships made it complete and on time, its remainder moved to a new order. A
/// cut needs a reason and is logged (said in the day); growing it does not; and no goods are
/// said to have left.
#[test]
fn a_released_order_is_cut_only_with_a_reason() {
    let mut o = full_order();
    o.status = gendan_domain::OrderStatus::Confirmed;
    let released = |o: &mut Order, to, at| {
        lifecycle::transition(o, None, to, &Gates::none(), "li", at, None).unwrap();
    };
    released(&mut o, gendan_domain::OrderStatus::InProduction, 1);
    let base = o.clone();
    let refused = save_header(&base, &form(&base, 600), &mut o, by("", "c1"));
    assert!(matches!(refused, Err(DomainError::ReasonRequired)));
    assert_eq!(o, base, "nothing changed");
    save_header(&base, &form(&base, 1_200), &mut o, by("", "c2")).expect("grown freely");
    assert!(o.quantity_changes.is_empty());
    let base = o.clone();
    save_header(
        &base,
        &form(&base, 600),
        &mut o,
        by("buyer cut 600 pcs, mail of 3 June", "c3"),
    )
    .unwrap();
    let c = &o.quantity_changes["c3"];
    assert_eq!((c.from, c.to, c.accepted), (1_200, 600, false));
    assert!(o.ordered_as_shipped.is_none(), "no goods left");
    assert!(!gendan_domain::qty_revision::goods_left(&o));
    let said = order_events(Some(&base), &o);
    assert!(
        said.iter()
            .any(|e| matches!(e, Event::QuantitiesRevised(_))),
        "{said:?}"
    );

    // Held after release, it is still a released order.
    let mut held = o.clone();
    released(&mut held, gendan_domain::OrderStatus::OnHold, 2);
    let base = held.clone();
    assert!(matches!(
        save_header(&base, &form(&base, 100), &mut held, by("", "c4")),
        Err(DomainError::ReasonRequired)
    ));
}

/// A device that did not know the order was released to production cut its quantities (no
/// reason asked there): after the merge the cut is a decision the order waits for, like a
/// change after goods left, settled by accepting it with a reason; a raise is no decision, and
/// a cut made knowing of the release (with its reason) leaves nothing to decide.
#[test]
fn a_cut_from_a_device_that_did_not_know_of_the_release_waits_for_a_decision() {
    let cut_waiting = |o: &Order| {
        lifecycle::violations(o, None, &Gates::none())
            .into_iter()
            .filter(|v| matches!(v, Violation::QuantitiesCutUnlogged { .. }))
            .collect::<Vec<_>>()
    };
    let mut confirmed = full_order();
    confirmed.status = gendan_domain::OrderStatus::Confirmed;
    let (mut a, mut b) = pair(&confirmed);
    commit(&mut a, "li", |o| {
        lifecycle::transition(
            o,
            None,
            gendan_domain::OrderStatus::InProduction,
            &Gates::none(),
            "li",
            5,
            None,
        )
    })
    .unwrap();
    let mut raised = b.fork();
    commit(&mut b, "wang", |o| {
        let base = o.clone();
        save_header(&base, &form(&base, 700), o, by("", "w1"))
    })
    .expect("Wang did not know: nothing to refuse");
    commit(&mut raised, "zhao", |o| {
        let base = o.clone();
        save_header(&base, &form(&base, 1_300), o, by("", "z1"))
    })
    .unwrap();
    let mut a2 = a.fork();
    let o: Order = merged(&mut a2, &mut raised);
    assert!(cut_waiting(&o).is_empty(), "a raise is no decision");
    let o: Order = merged(&mut a, &mut b);
    assert_eq!(o.status, gendan_domain::OrderStatus::InProduction);
    assert_eq!(o.quantities.total(), 700, "nothing typed is lost");
    assert_eq!(
        cut_waiting(&o),
        [Violation::QuantitiesCutUnlogged {
            recorded: 1000,
            now: 700
        }]
    );
    commit(&mut a, "li", |o| accept(o, by(" ", "a1"))).expect_err("no reason");
    commit(&mut a, "li", |o| {
        accept(o, by("buyer cut the order by mail", "a1"))
    })
    .unwrap();
    let o: Order = merged(&mut a, &mut b);
    assert!(cut_waiting(&o).is_empty(), "settled");
    let c = &o.quantity_changes["a1"];
    assert_eq!((c.from, c.to, c.accepted), (1000, 700, true));
    // Cut again on a device that knows: asked for its reason there, nothing left to decide.
    commit(&mut a, "li", |o| {
        let base = o.clone();
        save_header(&base, &form(&base, 600), o, by("second cut, by mail", "q2"))
    })
    .unwrap();
    let o: Order = document::read(&a).unwrap();
    assert!(cut_waiting(&o).is_empty());
    assert_eq!(
        o.ordered_at_release
            .map(|cells| cells.values().sum::<u64>()),
        Some(600)
    );
}

/// Two devices that both knew of the release cut two different cells, each with its reason:
/// the merge keeps both cuts, both logged — nothing to decide. A hold and its release again
/// keep what was recorded at the first release; a raise of one cell does not hide a cut of
/// another made unaware.
#[test]
fn cuts_logged_on_two_devices_merge_with_nothing_to_decide() {
    use gendan_domain::OrderStatus;
    let cut_waiting = |o: &Order| {
        lifecycle::violations(o, None, &Gates::none())
            .into_iter()
            .filter(|v| matches!(v, Violation::QuantitiesCutUnlogged { .. }))
            .collect::<Vec<_>>()
    };
    let mut o = full_order();
    o.quantities.add_colour("white".into(), "White");
    o.quantities.set_qty("white", "m", 500);
    o.status = OrderStatus::Confirmed;
    let moved = |o: &mut Order, to: OrderStatus| {
        lifecycle::transition(o, None, to, &Gates::none(), "li", 5, Some("buyer asked"))
    };
    moved(&mut o, OrderStatus::InProduction).unwrap();
    moved(&mut o, OrderStatus::OnHold).unwrap();
    moved(&mut o, OrderStatus::InProduction).unwrap();
    assert_eq!(
        o.ordered_at_release
            .as_ref()
            .map(|c| c.values().sum::<u64>()),
        Some(1_500)
    );
    let (mut a, mut b) = pair(&o);
    let cut = |cell: (&'static str, u64), id: &'static str| {
        move |o: &mut Order| {
            let base = o.clone();
            let mut e = base.clone();
            e.quantities.set_qty(cell.0, "m", cell.1);
            save_header(&base, &e, o, by("buyer cut it by mail", id))
        }
    };
    commit(&mut a, "li", cut(("black", 900), "a1")).unwrap();
    commit(&mut b, "wang", cut(("white", 400), "b1")).unwrap();
    let merged_o: Order = merged(&mut a, &mut b);
    assert_eq!(merged_o.quantities.total(), 1_300);
    assert!(cut_waiting(&merged_o).is_empty(), "both cuts were logged");
    // Unaware of the release, a device raises white and cuts black: the cut waits.
    let mut unaware = merged_o.clone();
    unaware.quantities.set_qty("white", "m", 1_000);
    unaware.quantities.set_qty("black", "m", 100);
    assert_eq!(cut_waiting(&unaware).len(), 1);
}
