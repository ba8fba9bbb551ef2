//! 订金条款变更: once deposit and balance are planned, the deposit share is lowered only with a
//! reason, logged; raising it is logged too; a first plan needs none. Lowering the share is the
//! way a deposit already partly received would open the gate, so the test tries that route.

use crate::common::*;
use gendan_domain::commercial::{Commercial, Receipt};
use gendan_domain::terms::Planner;
use gendan_domain::DomainError;

fn by<'a>(reason: &'a str, id: &'a str) -> Planner<'a> {
    Planner {
        who: "li",
        today: day("2026-05-05"),
        reason,
        change_id: id,
    }
}

#[test]
fn a_planned_deposit_is_lowered_only_with_a_reason_and_every_change_is_logged() {
    let o = full_order();
    let mut c = Commercial::new("order-doc", "USD");
    c.unit_price = Some("10".parse().unwrap());
    c.plan_with_deposit(&o, 3_000, by("", "c0")).unwrap();
    assert!(c.terms_changes.is_empty(), "a first plan is not a change");
    let value = c.receivable();
    // A tenth of the order's value arrived, and is confirmed.
    let tenth = value.share_bp(1_000).unwrap();
    c.receipts.insert(
        "r1".into(),
        Receipt {
            amount: tenth,
            confirmed_by: Some("finance".into()),
            ..Receipt::default()
        },
    );
    assert!(!c.deposit_confirmed(&o));

    let before = c.clone();
    assert!(matches!(
        c.plan_with_deposit(&o, 1_000, by("  ", "c1")),
        Err(DomainError::ReasonRequired)
    ));
    assert_eq!(c, before, "nothing changed");
    assert!(!c.deposit_confirmed(&o), "the gate stays closed");

    c.plan_with_deposit(&o, 1_000, by("buyer's L/C covers the rest", "c1"))
        .unwrap();
    assert!(c.deposit_confirmed(&o));
    let log: Vec<_> = c
        .terms_log()
        .into_iter()
        .map(|(_, t)| (t.from_bp, t.to_bp, t.who.clone(), t.reason.clone()))
        .collect();
    assert_eq!(
        log,
        [(
            3_000,
            1_000,
            "li".into(),
            "buyer's L/C covers the rest".into()
        )]
    );

    // Raising it needs no reason and is logged; planning again at the same share logs nothing.
    c.plan_with_deposit(&o, 2_000, by("", "c2")).unwrap();
    c.plan_with_deposit(&o, 2_000, by("", "c3")).unwrap();
    assert_eq!(c.terms_log().len(), 2);
    assert_eq!(c.terms_changes["c2"].from_bp, 1_000);
}

/// Two devices plan the books first, offline: 30 % on one, 10 % on the other. The merge keeps
/// one share of the two; the lower one opened the deposit gate on a tenth received with no
/// trace. The highest stands until someone plans again, knowing both: a lower share then needs
/// its reason, and is logged.
#[test]
fn two_first_plans_made_apart_leave_the_higher_share_standing_until_someone_decides() {
    let o = full_order();
    let mut start = Commercial::new("order-doc", "USD");
    start.unit_price = Some("10".parse().unwrap());
    let (mut a, mut b) = pair(&start);
    edit::<Commercial>(&mut a, "li", |c| {
        c.plan_with_deposit(&o, 3_000, by("", "a0")).unwrap()
    });
    edit::<Commercial>(&mut b, "wang", |c| {
        c.plan_with_deposit(&o, 1_000, by("", "b0")).unwrap()
    });
    let mut c: Commercial = merged(&mut a, &mut b);
    assert_eq!(c.first_plans_apart(), Some((1_000, 3_000)));
    assert_eq!(c.deposit_share_bp(), 3_000);
    // A tenth of the order's value received: the deposit gate stays closed whichever share
    // the merge kept.
    let tenth = c.receivable().share_bp(1_000).unwrap();
    c.receipts.insert(
        "r1".into(),
        Receipt {
            amount: tenth,
            confirmed_by: Some("finance".into()),
            ..Receipt::default()
        },
    );
    assert!(!c.deposit_confirmed(&o));
    // Planned again at 10 %: lower than what stands, so only with a reason, and logged.
    assert!(matches!(
        c.plan_with_deposit(&o, 1_000, by("", "c1")),
        Err(DomainError::ReasonRequired)
    ));
    c.plan_with_deposit(&o, 1_000, by("the buyer agreed 10 % by mail", "c1"))
        .unwrap();
    assert_eq!(c.first_plans_apart(), None);
    assert_eq!(c.deposit_share_bp(), 1_000);
    assert!(c.deposit_confirmed(&o));
    let log: Vec<_> = c
        .terms_log()
        .into_iter()
        .map(|(_, t)| (t.from_bp, t.to_bp))
        .collect();
    assert_eq!(log, [(3_000, 1_000)]);
}
