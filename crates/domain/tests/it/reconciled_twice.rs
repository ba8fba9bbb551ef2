//! 对账 done twice, on two devices offline: each raised the whole delivery, and the merge would
//! owe the mill the goods twice. Tried from every side: the twin owes nothing, is neither asked
//! for nor paid, counts nothing in the PO's standing (money paid on it offline is owed back),
//! reconciling again after the merge raises only what is missing, a reconciliation after more
//! goods came is no twin, and payables from before are judged as before.

use crate::common::*;
use crate::factory_debits::{amount, reconciled};
use gendan_domain::commercial::{Commercial, Payable, PayableKind, Payment};
use gendan_domain::pay_requests::Ask;
use gendan_domain::purchasing::{Delivery, IncomingResult};
use gendan_domain::{DomainError, Order, Price};

/// The mill's PO as `o` has it, reconciled on `c` under `id`.
fn reconcile(c: &mut Commercial, o: &Order, id: &str) -> PayableKind {
    let po = o.purchase_orders["po1"].clone();
    c.add_payable_for_po(id, "po1", &po, None).unwrap().0
}

fn owed(c: &Commercial) -> Price {
    c.payables_outstanding()
        .get("CNY")
        .copied()
        .unwrap_or(Price::ZERO)
}

/// The PO before any 对账, its goods accepted; two devices each reconcile it offline.
fn reconciled_on_both() -> (Order, Commercial) {
    let (o, mut c) = reconciled();
    c.payables.clear();
    let (mut a, mut b) = pair(&c);
    edit::<Commercial>(&mut a, "li", |c| {
        reconcile(c, &o, "on-a");
    });
    edit::<Commercial>(&mut b, "chen", |c| {
        reconcile(c, &o, "on-b");
    });
    (o, merged(&mut a, &mut b))
}

fn ask<'a>(payable: &'a str, a: &str) -> Ask<'a> {
    Ask {
        payable,
        amount: amount(a),
        who: "li",
        day: day("2026-04-01"),
        note: "invoice",
    }
}

#[test]
fn a_po_reconciled_on_two_devices_is_owed_once() {
    let (_, c) = reconciled_on_both();
    assert_eq!(c.payables.len(), 2);
    let twins = c.reconciled_twice();
    assert_eq!(twins.len(), 1);
    let (twin, stands) = twins.iter().next().unwrap();
    assert_eq!((twin.as_str(), stands.as_str()), ("on-b", "on-a"));
    assert_eq!(owed(&c), amount("20000"));
    assert_eq!(c.payable_outstanding("on-b"), Price::ZERO);
    assert_eq!(c.requestable("on-b"), Price::ZERO);
    let mut asked = c.clone();
    assert!(matches!(
        asked.request_payment("q", ask("on-b", "100")),
        Err(DomainError::ChargeTwin)
    ));
    asked.request_payment("q", ask("on-a", "20000")).unwrap();
    assert!(matches!(
        asked.pay(
            "x",
            Payment {
                payable: "on-b".into(),
                amount: amount("1"),
                ..Payment::default()
            },
            false,
            day("2026-04-02")
        ),
        Err(DomainError::ChargeTwin)
    ));
}

#[test]
fn reconciling_again_after_the_merge_raises_nothing_more() {
    let (o, mut c) = reconciled_on_both();
    let po = o.purchase_orders["po1"].clone();
    let again = c.add_payable_for_po("again", "po1", &po, None);
    assert!(again.is_err(), "nothing is missing: {again:?}");
    assert_eq!(owed(&c), amount("20000"));
}

#[test]
fn the_one_owing_less_stands_and_reconciling_again_raises_the_rest() {
    // Device A saw half the goods, device B all of them: both from nothing raised.
    let (mut o, mut c) = reconciled();
    c.payables.clear();
    let full = o.clone();
    let po = o.purchase_orders.get_mut("po1").unwrap();
    let half = po.qty.to_string().parse::<u64>().unwrap_or(1000) / 2;
    po.deliveries.get_mut("d1").unwrap().qty = half.to_string().parse().unwrap();
    let (mut a, mut b) = pair(&c);
    edit::<Commercial>(&mut a, "li", |c| {
        reconcile(c, &o, "half");
    });
    edit::<Commercial>(&mut b, "chen", |c| {
        reconcile(c, &full, "all");
    });
    let mut c: Commercial = merged(&mut a, &mut b);
    assert_eq!(
        c.reconciled_twice().get("all").map(String::as_str),
        Some("half")
    );
    assert_eq!(owed(&c), amount("10000"), "never more than one device saw");
    assert_eq!(reconcile(&mut c, &full, "rest"), PayableKind::Charge);
    assert_eq!(c.payables["rest"].amount, amount("10000"));
    assert_eq!(owed(&c), amount("20000"));
}

#[test]
fn money_paid_on_each_device_offline_is_owed_back_once_merged() {
    let (o, mut c) = reconciled();
    c.payables.clear();
    let (mut a, mut b) = pair(&c);
    let pay_all = |c: &mut Commercial, id: &str| {
        reconcile(c, &o, id);
        c.payments.insert(
            format!("paid-{id}"),
            Payment {
                payable: id.into(),
                amount: amount("20000"),
                ..Payment::default()
            },
        );
    };
    edit::<Commercial>(&mut a, "li", |c| pay_all(c, "on-a"));
    edit::<Commercial>(&mut b, "chen", |c| pay_all(c, "on-b"));
    let c: Commercial = merged(&mut a, &mut b);
    // Both were paid: neither is a twin of the other by payment alone, the one by id stands.
    let twins = c.reconciled_twice();
    assert_eq!(twins.get("on-b").map(String::as_str), Some("on-a"));
    assert_eq!(owed(&c), Price::ZERO);
    assert_eq!(
        c.credit_balance("po1"),
        amount("20000"),
        "paid twice: the mill owes one back"
    );
    assert!(c
        .owed_back()
        .iter()
        .any(|(po, p)| *po == "po1" && *p == amount("20000")));
}

#[test]
fn the_paid_one_stands_when_only_one_was_paid() {
    let (o, mut c) = reconciled();
    c.payables.clear();
    let (mut a, mut b) = pair(&c);
    edit::<Commercial>(&mut a, "li", |c| {
        reconcile(c, &o, "a-unpaid");
    });
    edit::<Commercial>(&mut b, "chen", |c| {
        reconcile(c, &o, "b-paid");
        c.payments.insert(
            "x".into(),
            Payment {
                payable: "b-paid".into(),
                amount: amount("5000"),
                ..Payment::default()
            },
        );
    });
    let c: Commercial = merged(&mut a, &mut b);
    assert_eq!(
        c.reconciled_twice().get("a-unpaid").map(String::as_str),
        Some("b-paid")
    );
    assert_eq!(owed(&c), amount("15000"));
}

#[test]
fn a_reconciliation_after_more_goods_came_is_no_twin() {
    let (mut o, mut c) = reconciled();
    c.payables.clear();
    let po = o.purchase_orders.get_mut("po1").unwrap();
    po.deliveries.get_mut("d1").unwrap().qty = "600".parse().unwrap();
    reconcile(&mut c, &o, "first");
    let po = o.purchase_orders.get_mut("po1").unwrap();
    po.deliveries.insert(
        "d2".into(),
        Delivery {
            date: Some(day("2026-03-25")),
            qty: "400".parse().unwrap(),
            inspection: IncomingResult::Accepted,
            ..Delivery::default()
        },
    );
    reconcile(&mut c, &o, "second");
    assert!(c.reconciled_twice().is_empty());
    assert_eq!(owed(&c), amount("20000"));
}

#[test]
fn payables_from_before_and_charges_by_hand_are_never_twins() {
    let (_, mut c) = reconciled();
    for id in ["old-1", "old-2"] {
        c.payables.insert(
            id.into(),
            Payable {
                purchase_order: "po1".into(),
                supplier: "mill".into(),
                amount: amount("100"),
                currency: "CNY".into(),
                ..Payable::default()
            },
        );
    }
    assert!(c.reconciled_twice().is_empty());
}

/// A payable of a kind this build does not know (a newer build's "rebate", say) is paid on no
/// guess: it owes nothing, is neither asked for nor paid, offsets nothing, and is no charge
/// raised by hand — where before every kind but a credit was a charge.
#[test]
fn a_payable_of_a_kind_this_build_does_not_know_is_never_paid() {
    let (o, mut c) = reconciled();
    let before = owed(&c);
    c.payables.insert(
        "rebate".into(),
        Payable {
            purchase_order: "po1".into(),
            supplier: "mill".into(),
            amount: amount("5000"),
            kind: PayableKind::Other("rebate".into()),
            currency: "CNY".into(),
            ..Payable::default()
        },
    );
    assert_eq!(owed(&c), before);
    assert_eq!(c.payable_outstanding("rebate"), Price::ZERO);
    assert!(!c.payables["rebate"].is_by_hand());
    assert!(matches!(
        c.request_payment("q", ask("rebate", "1")),
        Err(DomainError::NotFound { .. })
    ));
    assert!(matches!(
        c.pay(
            "x",
            Payment {
                payable: "rebate".into(),
                amount: amount("1"),
                ..Payment::default()
            },
            false,
            day("2026-04-02")
        ),
        Err(DomainError::NotFound { .. })
    ));
    assert_eq!(c.credit_balance("po1"), Price::ZERO);
    assert_eq!(c.paid_off("rebate"), None);
    // Reconciling again neither charges it back nor counts it as raised.
    let po = o.purchase_orders["po1"].clone();
    assert!(c.add_payable_for_po("again", "po1", &po, None).is_err());
}
