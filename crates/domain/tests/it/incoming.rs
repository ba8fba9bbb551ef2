//! Incoming inspection (来料检验) over real order documents: the result given with a delivery is
//! decided by who received it, on the day; a result already decided changes only with a reason,
//! logged, on every route (accepted ↔ rejected, with remarks, back to pending), and what a
//! payable may count follows it; two devices' changes made offline are both in the log.

use crate::common::*;
use gendan_domain::order::{Field, Issue, Order, Problem};
use gendan_domain::purchasing::{self, Delivery, IncomingResult, Judge};
use gendan_domain::DomainError;

fn received(o: &mut Order, id: &str, result: IncomingResult) {
    purchasing::record_delivery(
        o,
        "po1",
        id,
        Delivery {
            date: Some(day("2026-05-02")),
            qty: "100".parse().unwrap(),
            received_by: " li ".into(),
            inspection: result,
            ..Delivery::default()
        },
        day("2026-05-03"),
    )
    .unwrap();
}

fn judge<'a>(who: &'a str, reason: &'a str, change_id: &'a str) -> Judge<'a> {
    Judge {
        who,
        today: day("2026-05-06"),
        reason,
        change_id,
    }
}

fn inspect(o: &mut Order, result: IncomingResult, by: Judge<'_>) -> Result<(), DomainError> {
    purchasing::inspect_delivery(o, "po1", "d1", result, "", by)
}

#[test]
fn a_result_given_on_receipt_names_who_decided_it_and_pending_names_nobody() {
    let mut o = closed_with_a_fabric_po();
    received(&mut o, "d1", IncomingResult::Accepted);
    received(&mut o, "d2", IncomingResult::Pending);
    let d = &o.purchase_orders["po1"].deliveries;
    assert_eq!(
        (d["d1"].inspected_by.as_str(), d["d1"].inspected),
        ("li", Some(day("2026-05-03")))
    );
    assert_eq!(
        (d["d2"].inspected_by.as_str(), d["d2"].inspected),
        ("", None)
    );
    // Pending → decided is the inspection itself: no reason asked, nothing logged.
    purchasing::inspect_delivery(
        &mut o,
        "po1",
        "d2",
        IncomingResult::Rejected,
        "shade off",
        judge("zhou", "", "c1"),
    )
    .unwrap();
    let d2 = &o.purchase_orders["po1"].deliveries["d2"];
    assert_eq!(
        (d2.inspected_by.as_str(), d2.inspected),
        ("zhou", Some(day("2026-05-06")))
    );
    assert!(d2.inspection_changes.is_empty());
}

#[test]
fn a_decided_result_changes_only_with_a_reason_on_every_route_and_payables_follow() {
    let routes = [
        (IncomingResult::Accepted, IncomingResult::Rejected),
        (IncomingResult::Rejected, IncomingResult::Accepted),
        (
            IncomingResult::Rejected,
            IncomingResult::AcceptedWithRemarks,
        ),
        (IncomingResult::Accepted, IncomingResult::Pending),
        (
            IncomingResult::AcceptedWithRemarks,
            IncomingResult::Rejected,
        ),
    ];
    for (from, to) in routes {
        let mut o = closed_with_a_fabric_po();
        received(&mut o, "d1", from.clone());
        let before = o.clone();
        let refused = inspect(&mut o, to.clone(), judge("wang", " ", "c1"));
        assert!(
            matches!(refused, Err(DomainError::ReasonRequired)),
            "{from:?} → {to:?}"
        );
        assert_eq!(o, before, "{from:?} → {to:?}: nothing changed");

        inspect(
            &mut o,
            to.clone(),
            judge("wang", "re-checked under daylight", "c1"),
        )
        .unwrap();
        let d = &o.purchase_orders["po1"].deliveries["d1"];
        assert_eq!(d.inspection, to);
        let c = &d.inspection_changes["c1"];
        assert_eq!((&c.from, &c.to), (&from, &to));
        assert_eq!(
            (c.who.as_str(), c.day, c.reason.as_str()),
            ("wang", Some(day("2026-05-06")), "re-checked under daylight")
        );
        let counts = |r: &IncomingResult| {
            matches!(
                r,
                IncomingResult::Accepted | IncomingResult::AcceptedWithRemarks
            )
        };
        assert_eq!(
            o.purchase_orders["po1"].accepted().thousandths() > 0,
            counts(&to),
            "{from:?} → {to:?}: what a payable may count follows the result"
        );
    }

    // The same result again, a new note: no reason, nothing logged.
    let mut o = closed_with_a_fabric_po();
    received(&mut o, "d1", IncomingResult::Accepted);
    purchasing::inspect_delivery(
        &mut o,
        "po1",
        "d1",
        IncomingResult::Accepted,
        "rolls 3 and 4 checked",
        judge("wang", "", "c1"),
    )
    .unwrap();
    let d = &o.purchase_orders["po1"].deliveries["d1"];
    assert!(d.inspection_changes.is_empty());
    assert_eq!(d.inspected_by, "li", "the decision is still li's");
}

#[test]
fn results_changed_on_two_devices_offline_are_both_logged() {
    let mut start = closed_with_a_fabric_po();
    received(&mut start, "d1", IncomingResult::Accepted);
    let (mut a, mut b) = pair(&start);
    edit(&mut a, "wang", |o: &mut Order| {
        inspect(
            o,
            IncomingResult::Rejected,
            judge("wang", "holes in roll 2", "ca"),
        )
        .unwrap();
    });
    edit(&mut b, "zhou", |o: &mut Order| {
        inspect(
            o,
            IncomingResult::AcceptedWithRemarks,
            judge("zhou", "minor shade, buyer ok", "cb"),
        )
        .unwrap();
    });
    let mut m: Order = merged(&mut a, &mut b);
    let d = &m.purchase_orders["po1"].deliveries["d1"];
    assert_eq!(d.inspection_changes.len(), 2);
    assert_eq!(d.inspection_changes["ca"].reason, "holes in roll 2");
    assert_eq!(d.inspection_changes["cb"].who, "zhou");
    // They disagree: undecided, whichever write the merge kept, until decided again.
    assert_eq!(d.verdict_conflict().len(), 2);
    assert_eq!(d.result(), IncomingResult::Pending);
    assert_eq!(m.purchase_orders["po1"].accepted().thousandths(), 0);

    // Deciding again overturns one of them: a reason, and each overturned result logged.
    let before = m.clone();
    let refused = inspect(&mut m, IncomingResult::Rejected, judge("li", "", "cc"));
    assert!(matches!(refused, Err(DomainError::ReasonRequired)));
    assert_eq!(m, before);
    inspect(
        &mut m,
        IncomingResult::Rejected,
        judge("li", "roll 2 re-checked with the supplier", "cc"),
    )
    .unwrap();
    let d = &m.purchase_orders["po1"].deliveries["d1"];
    assert!(d.verdict_conflict().is_empty());
    assert_eq!(d.result(), IncomingResult::Rejected);
    assert_eq!(
        (&d.inspection_changes["cc"].from, d.inspected_by.as_str()),
        (&IncomingResult::AcceptedWithRemarks, "li")
    );
}

/// Two devices deciding the same delivery offline, one accepting and one rejecting it: the merge
/// kept one write silently and the payable followed it. Now neither decision counts until
/// someone decides again; decisions that agree are no conflict.
#[test]
fn results_decided_apart_that_disagree_count_for_nothing_until_decided_again() {
    use gendan_domain::money::Price;
    let mut start = closed_with_a_fabric_po();
    start.purchase_orders.get_mut("po1").unwrap().qty = "100".parse().unwrap();
    received(&mut start, "d1", IncomingResult::Pending);
    for (ra, rb, conflict) in [
        (IncomingResult::Accepted, IncomingResult::Rejected, true),
        (IncomingResult::Rejected, IncomingResult::Accepted, true),
        (IncomingResult::Accepted, IncomingResult::Accepted, false),
    ] {
        let (mut a, mut b) = pair(&start);
        let (ra2, rb2) = (ra.clone(), rb.clone());
        edit(&mut a, "wang", move |o: &mut Order| {
            inspect(o, ra2, judge("wang", "", "ca")).unwrap();
        });
        edit(&mut b, "zhou", move |o: &mut Order| {
            inspect(o, rb2, judge("zhou", "", "cb")).unwrap();
        });
        let m: Order = merged(&mut a, &mut b);
        let po = &m.purchase_orders["po1"];
        let d = &po.deliveries["d1"];
        assert_eq!(!d.verdict_conflict().is_empty(), conflict, "{ra:?}/{rb:?}");
        assert_eq!(
            po.accepted().thousandths() > 0,
            !conflict,
            "{ra:?}/{rb:?}: accepted only when they agree"
        );
        assert_eq!(
            po.awaiting_inspection().thousandths() > 0,
            conflict,
            "{ra:?}/{rb:?}: a disputed delivery waits"
        );
        assert_eq!(
            po.is_complete(),
            !conflict,
            "{ra:?}/{rb:?}: complete once agreed"
        );
        // What the books may pay for follows the same rule.
        let price = "2.50".parse().unwrap();
        assert_eq!(
            po.payable_value(price).is_some_and(|v| v != Price::ZERO),
            !conflict
        );
        // A pending delivery cannot go into stock while disputed.
        let mut stock = m.clone();
        let stored = purchasing::store_delivery(
            &mut stock,
            "po1",
            "d1",
            purchasing::Stored {
                day: Some(day("2026-05-06")),
                location: "A-1".into(),
                who: "li".into(),
            },
            day("2026-05-06"),
        );
        assert_eq!(stored.is_ok(), !conflict, "{ra:?}/{rb:?}");
    }
}

/// A delivery dated on or before the PO's due day counts it on time (the PO on-time KPI,
/// Today's overdue list): typed so only after the due day had passed, it is refused without a
/// reason, and with one it keeps the day it was entered and is an exception of the day. A day
/// entered by the due day, or a late day, needs none.
#[test]
fn a_delivery_backdated_to_its_due_day_after_it_passed_says_why() {
    use gendan_domain::activity::{order_events, Event};
    let mut o = full_order();
    let due = o.purchase_orders["po1"].due.expect("po1 has a due day");
    let qty = o.purchase_orders["po1"].qty;
    let delivery = |date: &str, reason: &str| Delivery {
        date: Some(day(date)),
        qty,
        received_by: "li".into(),
        inspection: IncomingResult::Accepted,
        late_entry_reason: reason.into(),
        ..Delivery::default()
    };
    let (on_due, after) = (due.to_string(), day("2026-05-20"));
    let before = o.clone();
    let e = purchasing::record_delivery(&mut o, "po1", "d1", delivery(&on_due, " "), after)
        .unwrap_err();
    assert!(
        matches!(&e, DomainError::Problem(p) if *p == Problem::new(Field::DeliveryDate, Issue::EnteredAfterDue)),
        "{e}"
    );
    assert!(o.purchase_orders["po1"].deliveries.is_empty());
    assert_eq!(o.purchase_orders["po1"].on_time(after), Some(false));

    let why = "delivery note found in the store";
    purchasing::record_delivery(&mut o, "po1", "d1", delivery(&on_due, why), after).unwrap();
    let po = &o.purchase_orders["po1"];
    let d = &po.deliveries["d1"];
    assert_eq!(
        (d.recorded, d.late_entry_reason.as_str()),
        (Some(after), why)
    );
    assert!(d.entered_after_due(po.due));
    assert_eq!(
        po.on_time(after),
        Some(true),
        "counted by its day, and said"
    );
    let ev = order_events(Some(&before), &o);
    assert!(
        ev.iter().any(|e| e.is_exception()
            && matches!(e, Event::DeliveryEnteredLate { po_no, recorded, reason, .. }
                if po_no == "F-1" && recorded == &Some(after) && reason == why)),
        "{ev:?}"
    );

    // Entered on the due day itself, or dated after it: nothing to say.
    for (id, date, today) in [("d2", on_due.as_str(), due), ("d3", "2026-05-19", after)] {
        purchasing::record_delivery(&mut o, "po1", id, delivery(date, "stale"), today).unwrap();
        let d = &o.purchase_orders["po1"].deliveries[id];
        assert!(d.late_entry_reason.is_empty() && !d.entered_after_due(Some(due)));
    }
}

/// 短交结案: a PO that will not be delivered in full stayed overdue (on Today, late in the KPI)
/// forever. Closed short with a reason it is complete as of the later of its last goods and the
/// closing day — closing long after the due day still counts late — and the closing is an
/// exception of the day. Refused without a reason; a PO delivered in full is nothing to close.
#[test]
fn a_po_closed_short_with_a_reason_is_complete_as_of_its_closing() {
    use gendan_domain::activity::{order_events, Event};
    use gendan_domain::agenda::Agenda;
    let mut o = full_order();
    let due = o.purchase_orders["po1"].due.expect("a due day");
    let d = |n: i64| due.add_days(n).expect("a day");
    let before_due = d(-2);
    purchasing::record_delivery(
        &mut o,
        "po1",
        "d1",
        Delivery {
            date: Some(before_due),
            qty: "970".parse().unwrap(),
            received_by: "li".into(),
            inspection: IncomingResult::Accepted,
            ..Delivery::default()
        },
        before_due,
    )
    .unwrap();
    let po = &o.purchase_orders["po1"];
    assert!(!po.is_complete() && po.is_overdue(d(5)));

    let e = purchasing::close_short(&mut o, "po1", ("li", d(-1), " ")).unwrap_err();
    assert!(
        matches!(&e, DomainError::Problem(p) if *p == Problem::new(Field::CloseReason, Issue::Required)),
        "{e}"
    );
    assert!(o.purchase_orders["po1"].closed.is_none());

    // Closed the day before it was due: on time, off the overdue list, said.
    let mut early = o.clone();
    let why = "mill cannot dye more of the lot";
    purchasing::close_short(&mut early, "po1", ("li", d(-1), why)).unwrap();
    let po = &early.purchase_orders["po1"];
    assert!(po.is_complete() && !po.is_overdue(d(5)));
    assert_eq!(po.on_time(d(5)), Some(true));
    let ev = order_events(Some(&o), &early);
    assert!(
        ev.iter().any(|e| e.is_exception()
            && matches!(e, Event::PoClosedShort { po_no, reason, .. } if po_no == "F-1" && reason == why)),
        "{ev:?}"
    );
    let gates = gendan_domain::lifecycle::Gates::none();
    let listed = |o: &gendan_domain::Order| Agenda::of(o, None, &gates).purchase_orders.len();
    assert_eq!(
        (listed(&o), listed(&early)),
        (1, 0),
        "off the overdue list once closed"
    );

    // Closed ten days after it was due: complete, but late.
    let mut late = o.clone();
    purchasing::close_short(&mut late, "po1", ("li", d(10), why)).unwrap();
    assert_eq!(late.purchase_orders["po1"].on_time(d(11)), Some(false));
}

/// A build from before decisions were kept with who and when writes the result field alone:
/// merged in, it does not override the decision kept here, so goods rejected here are not
/// made payable or counted delivered by a write nobody signed.
#[test]
fn an_older_build_writing_the_result_alone_does_not_override_the_decision_kept() {
    let mut o = full_order();
    received(&mut o, "d1", IncomingResult::Rejected);
    let d1 = |o: &mut Order| {
        o.purchase_orders
            .get_mut("po1")
            .unwrap()
            .deliveries
            .get_mut("d1")
            .unwrap()
            .inspection = IncomingResult::Accepted;
    };
    d1(&mut o);
    let d = &o.purchase_orders["po1"].deliveries["d1"];
    assert_eq!(d.result(), IncomingResult::Rejected);
    assert!(!d.is_accepted());
    assert_eq!(
        o.purchase_orders["po1"].accepted(),
        gendan_domain::Milli::ZERO
    );
}

/// Deciding again judges against the decision kept, not the field an older build wrote: the
/// kept Rejected turned Accepted asks for a reason and is logged from Rejected.
#[test]
fn deciding_again_judges_against_the_decision_kept_not_the_older_field() {
    let mut o = full_order();
    received(&mut o, "d1", IncomingResult::Rejected);
    o.purchase_orders
        .get_mut("po1")
        .unwrap()
        .deliveries
        .get_mut("d1")
        .unwrap()
        .inspection = IncomingResult::Accepted;
    let before = o.clone();
    assert!(matches!(
        inspect(&mut o, IncomingResult::Accepted, judge("wang", "", "c1")),
        Err(DomainError::ReasonRequired)
    ));
    assert_eq!(o, before);
    inspect(
        &mut o,
        IncomingResult::Accepted,
        judge("wang", "retested: in spec", "c1"),
    )
    .unwrap();
    let d = &o.purchase_orders["po1"].deliveries["d1"];
    assert!(d.is_accepted());
    assert!(d
        .inspection_changes
        .values()
        .any(|c| c.from == IncomingResult::Rejected && c.to == IncomingResult::Accepted));
}
