//! 采购订单变更和闭环: a placed PO's quantity and due day change only with a reason, logged; the
//! PO on-time rate keeps judging the first due day, and a quantity lowered to what arrived
//! counts the PO complete no earlier than the change. A PO is cancelled only before goods came
//! and with a reason: by its due day it counts for nothing, after it late. Each is said.

use crate::common::*;
use gendan_domain::activity::{order_events, Event};
use gendan_domain::order::{Field, Issue, Problem};
use gendan_domain::purchasing::{self, Delivery, IncomingResult, PoProgress, Revised};
use gendan_domain::report_facts::ReportFacts;
use gendan_domain::standing::Standing;
use gendan_domain::{DomainError, Order};

fn problem(e: DomainError) -> Problem {
    match e {
        DomainError::Problem(p) => p,
        other => panic!("not a problem: {other}"),
    }
}

fn arrived(o: &mut Order, id: &str, on: &str, qty: &str, result: IncomingResult) {
    let d = Delivery {
        date: Some(day(on)),
        qty: qty.parse().unwrap(),
        received_by: "li".into(),
        inspection: result,
        ..Delivery::default()
    };
    purchasing::record_delivery(o, "po1", id, d, day(on)).unwrap();
}

fn to(qty: &str, due: &str) -> Revised {
    Revised {
        qty: qty.parse().unwrap(),
        due: Some(day(due)),
    }
}

#[test]
fn a_revision_says_why_and_the_first_due_day_is_still_judged() {
    let mut o = full_order(); // po1: 1,000, due 04-01
    let before = o.clone();
    let e = purchasing::revise(
        &mut o,
        "po1",
        "r1",
        to("1000", "2026-04-20"),
        &Standing::Approved,
        ("li", day("2026-03-20"), " "),
    );
    assert_eq!(
        problem(e.unwrap_err()),
        Problem::new(Field::RevisionReason, Issue::Required)
    );
    assert_eq!(o, before);
    // The due day is not cleared, with a reason or without: the PO would never be late again.
    let cleared = Revised {
        qty: "1000".parse().unwrap(),
        due: None,
    };
    let e = purchasing::revise(
        &mut o,
        "po1",
        "r1",
        cleared,
        &Standing::Approved,
        ("li", day("2026-03-20"), "no date yet"),
    );
    assert_eq!(
        problem(e.unwrap_err()),
        Problem::new(Field::RequiredDate, Issue::Required)
    );
    assert_eq!(o, before);
    // Nothing changed: nothing to say.
    purchasing::revise(
        &mut o,
        "po1",
        "r0",
        to("1000", "2026-04-01"),
        &Standing::Approved,
        ("li", day("2026-03-20"), ""),
    )
    .unwrap();
    assert!(o.purchase_orders["po1"].revisions.is_empty());

    let why = "buyer moved the PP sample";
    purchasing::revise(
        &mut o,
        "po1",
        "r1",
        to("1000", "2026-04-20"),
        &Standing::Approved,
        ("li", day("2026-03-20"), why),
    )
    .unwrap();
    purchasing::revise(
        &mut o,
        "po1",
        "r2",
        to("1000", "2026-04-25"),
        &Standing::Approved,
        ("li", day("2026-03-28"), "mill holiday"),
    )
    .unwrap();
    let po = &o.purchase_orders["po1"];
    assert_eq!(
        (po.due, po.first_due),
        (Some(day("2026-04-25")), Some(day("2026-04-01")))
    );
    assert_eq!(po.revisions["r1"].reason, why);
    // Chased against the day agreed now, judged against the first.
    assert!(!po.is_overdue(day("2026-04-10")));
    arrived(&mut o, "d1", "2026-04-15", "1000", IncomingResult::Accepted);
    let po = &o.purchase_orders["po1"];
    assert_eq!(
        po.on_time(day("2026-04-15")),
        Some(false),
        "due 04-01 first"
    );
    assert_eq!(
        ReportFacts::of(&o).purchase_orders[0].due,
        Some(day("2026-04-01"))
    );
    let ev = order_events(Some(&before), &o);
    let said: Vec<_> = ev
        .iter()
        .filter(|e| matches!(e, Event::PoRevised { .. }))
        .collect();
    assert_eq!(said.len(), 2, "{ev:?}");
    // Each is an exception, the day moved too: the on-time rate still judges the first day,
    // but a supervisor reads every change of what was bought and when, and the reason stays
    // out of the copy a factory reads.
    assert!(said.iter().all(|e| e.is_exception() && !e.for_factory()));
}

#[test]
fn a_quantity_lowered_to_what_arrived_is_complete_no_earlier_than_the_change() {
    let mut o = full_order();
    arrived(&mut o, "d1", "2026-03-30", "970", IncomingResult::Accepted);
    assert!(!o.purchase_orders["po1"].is_complete());
    let before = o.clone();
    purchasing::revise(
        &mut o,
        "po1",
        "r1",
        to("970", "2026-04-01"),
        &Standing::Approved,
        ("li", day("2026-04-20"), "mill cannot dye more"),
    )
    .unwrap();
    let po = &o.purchase_orders["po1"];
    assert!(po.is_complete());
    assert_eq!(po.completed_on(), Some(day("2026-04-20")), "not 03-30");
    assert_eq!(po.on_time(day("2026-04-20")), Some(false));
    let ev = order_events(Some(&before), &o);
    assert!(
        ev.iter().any(|e| e.is_exception()
            && matches!(e, Event::PoRevised { revision, .. } if revision.lowers())),
        "{ev:?}"
    );
    // Raised again, nothing moves back: the lowering stands in the log.
    purchasing::revise(
        &mut o,
        "po1",
        "r2",
        to("1000", "2026-04-01"),
        &Standing::Approved,
        ("li", day("2026-04-21"), "buyer wants all"),
    )
    .unwrap();
    assert!(!o.purchase_orders["po1"].is_complete());
}

#[test]
fn a_po_is_cancelled_only_before_goods_came_and_with_a_reason() {
    let mut o = full_order();
    let e = purchasing::cancel(&mut o, "po1", ("li", day("2026-03-25"), ""));
    assert_eq!(
        problem(e.unwrap_err()),
        Problem::new(Field::CancelReason, Issue::Required)
    );
    let before = o.clone();
    purchasing::cancel(
        &mut o,
        "po1",
        ("li", day("2026-03-25"), "style dropped by the buyer"),
    )
    .unwrap();
    let po = &o.purchase_orders["po1"];
    assert_eq!(po.progress(), PoProgress::Cancelled);
    assert!(!po.is_overdue(day("2026-05-01")) && !po.is_open());
    assert_eq!(
        po.on_time(day("2026-05-01")),
        None,
        "cancelled by its due day: not judged"
    );
    assert_eq!(ReportFacts::of(&o).purchase_orders[0].due, None);
    let e = purchasing::revise(
        &mut o,
        "po1",
        "r1",
        to("500", "2026-04-01"),
        &Standing::Approved,
        ("li", day("2026-03-26"), "x"),
    );
    assert_eq!(
        problem(e.unwrap_err()),
        Problem::new(Field::Qty, Issue::Cancelled)
    );
    let ev = order_events(Some(&before), &o);
    assert!(
        ev.iter().any(|e| e.is_exception() && matches!(e, Event::PoCancelled { reason, .. } if reason == "style dropped by the buyer")),
        "{ev:?}"
    );

    // Cancelled after its due day had passed: late, as it was.
    let mut late = full_order();
    purchasing::cancel(
        &mut late,
        "po1",
        ("li", day("2026-04-15"), "supplier went quiet"),
    )
    .unwrap();
    assert_eq!(
        late.purchase_orders["po1"].on_time(day("2026-04-15")),
        Some(false)
    );

    // Goods came (pending or accepted): closed short instead; a rejected delivery is no goods.
    for (result, refused) in [
        (IncomingResult::Pending, true),
        (IncomingResult::Accepted, true),
        (IncomingResult::Rejected, false),
    ] {
        let mut o = full_order();
        arrived(&mut o, "d1", "2026-03-20", "100", result.clone());
        let e = purchasing::cancel(&mut o, "po1", ("li", day("2026-03-25"), "dropped"));
        assert_eq!(
            e.err().map(problem),
            refused.then(|| Problem::new(Field::CancelReason, Issue::GoodsArrived)),
            "{result:?}"
        );
    }
}

/// A cancelled PO takes no goods and no acceptance, on this device; merged with a device that
/// had not seen the cancelling and accepted goods, it is judged as any PO, not dropped.
#[test]
fn a_cancelled_po_takes_no_goods_and_a_merge_that_brings_some_undoes_its_pass() {
    let mut o = full_order();
    arrived(&mut o, "d1", "2026-03-20", "100", IncomingResult::Rejected);
    purchasing::cancel(&mut o, "po1", ("li", day("2026-03-25"), "dropped")).unwrap();
    let d = Delivery {
        date: Some(day("2026-03-26")),
        qty: "100".parse().unwrap(),
        ..Delivery::default()
    };
    let e = purchasing::record_delivery(&mut o, "po1", "d2", d, day("2026-03-26"));
    assert_eq!(
        problem(e.unwrap_err()),
        Problem::new(Field::DeliveryQty, Issue::Cancelled)
    );
    let by = purchasing::Judge {
        who: "li",
        today: day("2026-03-27"),
        reason: "looked again",
        change_id: "c",
    };
    let e = purchasing::inspect_delivery(&mut o, "po1", "d1", IncomingResult::Accepted, "", by);
    assert_eq!(
        problem(e.unwrap_err()),
        Problem::new(Field::DeliveryQty, Issue::Cancelled)
    );
    assert_eq!(o.purchase_orders["po1"].on_time(day("2026-05-01")), None);
    // What a merge with a device that accepted them gives (its decision replaced the one it
    // knew): judged again (late, not in full).
    let d1 = o
        .purchase_orders
        .get_mut("po1")
        .unwrap()
        .deliveries
        .get_mut("d1")
        .unwrap();
    for v in d1.verdicts.values_mut() {
        v.superseded = true;
    }
    d1.verdicts.insert(
        "wang-1".into(),
        purchasing::IncomingVerdict {
            result: IncomingResult::Accepted,
            who: "wang".into(),
            day: Some(day("2026-03-27")),
            superseded: false,
        },
    );
    d1.inspection = IncomingResult::Accepted;
    assert_eq!(
        o.purchase_orders["po1"].on_time(day("2026-05-01")),
        Some(false)
    );
}

/// Backdating a delivery is judged against the first due day, as the on-time rate is: a due
/// day moved later does not make a backdated delivery free of its reason.
#[test]
fn a_backdated_delivery_is_judged_against_the_first_due_day() {
    let mut o = full_order(); // due 04-01
    purchasing::revise(
        &mut o,
        "po1",
        "r1",
        to("1000", "2026-04-30"),
        &Standing::Approved,
        ("li", day("2026-03-20"), "later"),
    )
    .unwrap();
    let d = Delivery {
        date: Some(day("2026-03-31")),
        qty: "1000".parse().unwrap(),
        inspection: IncomingResult::Accepted,
        ..Delivery::default()
    };
    let e = purchasing::record_delivery(&mut o, "po1", "d1", d, day("2026-04-10"));
    assert_eq!(
        problem(e.unwrap_err()),
        Problem::new(Field::DeliveryDate, Issue::EnteredAfterDue)
    );
}
