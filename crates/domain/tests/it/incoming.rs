//! Incoming inspection (来料检验) over real order documents: the result given with a delivery is
//! decided by who received it, on the day; a result already decided changes only with a reason,
//! logged, on every route (accepted ↔ rejected, with remarks, back to pending), and what a
//! payable may count follows it; two devices' changes made offline are both in the log.

use crate::common::*;
use gendan_domain::order::Order;
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
    let m: Order = merged(&mut a, &mut b);
    let d = &m.purchase_orders["po1"].deliveries["d1"];
    assert_eq!(d.inspection_changes.len(), 2);
    assert_eq!(d.inspection_changes["ca"].reason, "holes in roll 2");
    assert_eq!(d.inspection_changes["cb"].who, "zhou");
}
