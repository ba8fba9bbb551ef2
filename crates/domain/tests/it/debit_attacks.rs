//! 向工厂扣款 attacked: every way a careless hand, another build or a merge might make a debit
//! charged back to a supplier be charged back again by 对账, asked for or paid, owe the supplier
//! twice, outgrow its purchase order, mix currencies, wrap, or be said to a factory. Each test
//! holds one promise of `gendan_domain::factory_debits` (and of the books it leans on) to the
//! letter.

use crate::common::*;
use crate::factory_debits::{amount, debiting, reconciled};
use gendan_domain::activity::{money_events, Event};
use gendan_domain::agenda::Agenda;
use gendan_domain::automerge::{self, transaction::Transactable, ReadDoc};
use gendan_domain::commercial::{
    Commercial, Payable, PayableKind, Payment, PaymentRequest, PriceCheck, Refund, RequestStatus,
};
use gendan_domain::complaints::Complaint;
use gendan_domain::factory_debits::{self, Debiting};
use gendan_domain::lifecycle::Gates;
use gendan_domain::order::{Field, Issue};
use gendan_domain::pay_requests::Ask;
use gendan_domain::purchasing::{Delivery, IncomingResult};
use gendan_domain::{document, DomainError, Order, Price};

/// A delivery of `qty` to po1 with the result of its incoming inspection.
fn deliver(o: &mut Order, id: &str, qty: &str, result: IncomingResult) {
    let po = o.purchase_orders.get_mut("po1").unwrap();
    po.deliveries.insert(
        id.into(),
        Delivery {
            date: Some(day("2026-05-20")),
            qty: qty.parse().unwrap(),
            inspection: result,
            ..Delivery::default()
        },
    );
}

/// 对账 for po1 as the order now stands.
fn reconcile(c: &mut Commercial, o: &Order, id: &str) -> Result<(PayableKind, Price), DomainError> {
    let po = o.purchase_orders["po1"].clone();
    c.add_payable_for_po(id, "po1", &po, None)
}

/// What the team still owes the mill on po1's charges, in its currency.
fn owed(c: &Commercial) -> Price {
    c.payables_outstanding()
        .get("CNY")
        .copied()
        .unwrap_or(Price::ZERO)
}

/// A payment against the 对账 charge, as finance types it.
fn payment(a: &str, who: &str) -> Payment {
    Payment {
        payable: "charge".into(),
        amount: amount(a),
        date: Some(day("2026-06-22")),
        paid_by: who.into(),
        ..Payment::default()
    }
}

/// The mill's refund against po1.
fn refund(a: &str, who: &str) -> Refund {
    Refund {
        purchase_order: "po1".into(),
        amount: amount(a),
        date: Some(day("2026-06-25")),
        received_by: who.into(),
        ..Refund::default()
    }
}

/// The 对账 charge paid in full (CNY 20,000), then a debit of 1,500: the mill owes it back.
fn paid_then_debited() -> (Order, Commercial) {
    let (o, mut c) = reconciled();
    c.record_payment("x1", payment("20000", "finance"), day("2026-04-09"))
        .unwrap();
    factory_debits::debit(&mut c, &o, "d1", debiting("1500", "40 pcs open seams")).unwrap();
    (o, c)
}

/// A debit as another build might write it straight into the map, past every check.
fn written(a: Price) -> Payable {
    Payable {
        purchase_order: "po1".into(),
        supplier: "mill".into(),
        amount: a,
        kind: PayableKind::Credit,
        currency: "CNY".into(),
        note: "written elsewhere".into(),
        raised_by: "other build".into(),
        raised: Some(day("2026-06-20")),
        complaint: "c1".into(),
        ..Payable::default()
    }
}

// ---- 对账 ----

/// Goods delivered after a debit are raised, the debit never: 对账 raises exactly the new
/// goods, reconciling again raises nothing, and the debit still offsets what is owed.
#[test]
fn reconciling_after_a_debit_raises_only_the_new_goods_never_the_debit() {
    let (mut o, mut c) = reconciled();
    factory_debits::debit(&mut c, &o, "d1", debiting("1500", "40 pcs open seams")).unwrap();
    o.purchase_orders.get_mut("po1").unwrap().qty = "1500".parse().unwrap();
    deliver(&mut o, "d2", "500", IncomingResult::Accepted);
    assert_eq!(
        reconcile(&mut c, &o, "more").unwrap(),
        (PayableKind::Charge, amount("10000"))
    );
    assert_eq!(owed(&c), amount("28500"), "30,000 of goods less the debit");
    match reconcile(&mut c, &o, "again") {
        Err(DomainError::Problem(p)) => assert_eq!(p.issue, Issue::NothingReceived),
        other => panic!("reconciled twice: {other:?}"),
    }
    assert!(!c.payables.contains_key("again"));
    assert_eq!(factory_debits::debited_on(&c, "po1"), amount("1500"));
    assert_eq!(
        factory_debits::room(&c, &o, "po1"),
        Some(amount("28500")),
        "the PO's new value less the debit"
    );
}

/// A debit on one device, a new delivery accepted and reconciled on another that never saw
/// it: merged, the supplier is owed the goods less the debit once, and reconciling on the
/// merged books raises nothing more.
#[test]
fn a_debit_here_and_a_delivery_reconciled_there_merge_to_one_offset() {
    let (mut o, c) = reconciled();
    o.purchase_orders.get_mut("po1").unwrap().qty = "1500".parse().unwrap();
    let (mut a, mut b) = pair(&c);
    let here = o.clone();
    edit::<Commercial>(&mut a, "li", |c| {
        factory_debits::debit(c, &here, "d1", debiting("1500", "40 pcs open seams")).unwrap();
    });
    deliver(&mut o, "d2", "500", IncomingResult::Accepted);
    let there = o.clone();
    edit::<Commercial>(&mut b, "zhou", |c| {
        reconcile(c, &there, "more").unwrap();
    });
    let mut both: Commercial = merged(&mut a, &mut b);
    assert_eq!(both.payables.len(), 3);
    assert_eq!(owed(&both), amount("28500"));
    // The debit offsets the charge due first, the rest is owed as raised.
    assert_eq!(both.payable_outstanding("charge"), amount("18500"));
    assert_eq!(both.payable_outstanding("more"), amount("10000"));
    assert_eq!(both.credit_balance("po1"), Price::ZERO);
    assert!(reconcile(&mut both, &o, "again").is_err());
    assert_eq!(owed(&both), amount("28500"));
}

/// A delivery rejected after a debit: 对账 credits exactly the rejected goods (the debit is no
/// delivery's money), the two add up to what the supplier owes back, and goods sent again are
/// owed once more, less nothing twice.
#[test]
fn a_delivery_rejected_after_a_debit_credits_its_goods_and_the_two_add_up() {
    let (mut o, mut c) = reconciled();
    // The 1,000 m came as 600 and 400, both accepted: the one charge still holds.
    deliver(&mut o, "d1", "600", IncomingResult::Accepted);
    deliver(&mut o, "d2", "400", IncomingResult::Accepted);
    assert!(reconcile(&mut c, &o, "same").is_err());
    factory_debits::debit(&mut c, &o, "k1", debiting("1500", "40 pcs open seams")).unwrap();
    c.record_payment("x1", payment("18500", "finance"), day("2026-04-09"))
        .unwrap();
    assert_eq!(owed(&c), Price::ZERO);
    // The 400 m rejected at a second look.
    deliver(&mut o, "d2", "400", IncomingResult::Rejected);
    assert_eq!(
        reconcile(&mut c, &o, "rej").unwrap(),
        (PayableKind::Credit, amount("8000")),
        "the rejected goods, not the debit with them"
    );
    assert!(!c.payables["rej"].is_debit());
    // Paid 18,500 for 600 m worth 12,000 less the 1,500 debit: 8,000 owed back.
    assert_eq!(c.credit_balance("po1"), amount("8000"));
    assert_eq!(c.owed_back(), [("po1", amount("8000"))]);
    c.record_refund("f1", refund("8000", "finance")).unwrap();
    assert!(c.owed_back().is_empty());
    // 400 m sent again and accepted: owed in full, the debit already taken.
    deliver(&mut o, "d3", "400", IncomingResult::Accepted);
    assert_eq!(
        reconcile(&mut c, &o, "resent").unwrap(),
        (PayableKind::Charge, amount("8000"))
    );
    assert_eq!(owed(&c), amount("8000"));
    assert_eq!(c.payable_outstanding("resent"), amount("8000"));
    assert_eq!(c.credit_balance("po1"), Price::ZERO);
}

/// A debit offsets what its own PO owes, never another PO's charge of the same supplier.
#[test]
fn a_debit_offsets_only_its_own_purchase_order() {
    let (o, mut c) = paid_then_debited();
    c.payables.insert(
        "trims".into(),
        Payable {
            purchase_order: "po2".into(),
            supplier: "mill".into(),
            amount: amount("500"),
            currency: "CNY".into(),
            ..Payable::default()
        },
    );
    assert_eq!(c.payable_outstanding("trims"), amount("500"));
    assert_eq!(c.credit_balance("po1"), amount("1500"));
    assert_eq!(c.credit_balance("po2"), Price::ZERO);
    assert_eq!(factory_debits::debited_on(&c, "po2"), Price::ZERO);
    // And its room is its PO's: another PO's debits take none of it.
    assert_eq!(factory_debits::room(&c, &o, "po1"), Some(amount("18500")));
}

// ---- paying ----

/// A debit is money the supplier owes: it is never asked for, approved or paid, not even
/// against a request another build wrote for it.
#[test]
fn a_debit_is_never_asked_for_approved_nor_paid() {
    let (o, mut c) = reconciled();
    factory_debits::debit(&mut c, &o, "d1", debiting("1500", "40 pcs open seams")).unwrap();
    let ask = Ask {
        payable: "d1",
        amount: amount("100"),
        who: "li",
        day: day("2026-06-22"),
        note: "",
    };
    assert!(matches!(
        c.request_payment("r0", ask),
        Err(DomainError::NotFound { .. })
    ));
    assert_eq!(c.requestable("d1"), Price::ZERO);
    let on_debit = |a: &str, request: &str| Payment {
        payable: "d1".into(),
        request: request.into(),
        ..payment(a, "finance")
    };
    assert!(matches!(
        c.record_payment("x", on_debit("100", ""), day("2026-06-22")),
        Err(DomainError::NotFound { .. })
    ));
    assert!(c
        .pay("x", on_debit("100", ""), false, day("2026-06-22"))
        .is_err());
    // Requests on it written straight into the map: one waiting is not approved, one approved
    // pays nothing.
    for (id, status) in [
        ("rw", RequestStatus::Pending),
        ("ra", RequestStatus::Approved),
    ] {
        c.payment_requests.insert(
            id.into(),
            PaymentRequest {
                payable: "d1".into(),
                amount: amount("100"),
                requested_by: "other build".into(),
                requested: Some(day("2026-06-21")),
                status,
                ..PaymentRequest::default()
            },
        );
    }
    assert!(c.decide_request("rw", true, "wang", "").is_err());
    assert_eq!(c.payment_requests["rw"].status, RequestStatus::Pending);
    assert!(c
        .pay("x", on_debit("100", "ra"), true, day("2026-06-22"))
        .is_err());
    assert!(c
        .pay("x", on_debit("100", "ra"), false, day("2026-06-22"))
        .is_err());
    assert!(c.payments.is_empty(), "nothing left for the supplier");
    assert_eq!(c.paid_off("d1"), None);
    assert_eq!(c.paid_facts().len(), 1, "the charge's, not the debit's");
}

/// After a debit, one device never pays (nor asks for) the full charge: what is left is the
/// charge less the debit, on every path.
#[test]
fn after_a_debit_the_full_charge_is_neither_asked_for_nor_paid() {
    let (o, mut c) = reconciled();
    factory_debits::debit(&mut c, &o, "d1", debiting("1500", "40 pcs open seams")).unwrap();
    refused(
        c.record_payment("x1", payment("20000", "finance"), day("2026-06-22")),
        Field::PaymentAmount,
        Issue::MoreThanOwed(amount("18500")),
    );
    refused(
        c.pay("x1", payment("20000", "finance"), false, day("2026-06-22")),
        Field::PaymentAmount,
        Issue::MoreThanOwed(amount("18500")),
    );
    let ask = |a: &str| Ask {
        payable: "charge",
        amount: amount(a),
        who: "li",
        day: day("2026-06-22"),
        note: "invoice SX-118",
    };
    refused(
        c.request_payment("r1", ask("20000")),
        Field::PaymentAmount,
        Issue::MoreThanOwed(amount("18500")),
    );
    assert_eq!(c.requestable("charge"), amount("18500"));
    c.request_payment("r1", ask("18500")).unwrap();
    c.decide_request("r1", true, "wang", "").unwrap();
    let against = |a: &str| Payment {
        request: "r1".into(),
        ..payment(a, "finance")
    };
    c.pay("x1", against("18500"), true, day("2026-06-22"))
        .unwrap();
    assert_eq!(c.payment_requests["r1"].status, RequestStatus::Paid);
    assert_eq!(owed(&c), Price::ZERO);
    assert!(c.owed_back().is_empty() && c.overpaid().is_empty());
}

/// A request approved for the whole charge before the debit was charged pays no more than is
/// owed after it.
#[test]
fn an_approval_given_before_a_debit_pays_no_more_than_is_left_after_it() {
    let (o, mut c) = reconciled();
    let ask = Ask {
        payable: "charge",
        amount: amount("20000"),
        who: "li",
        day: day("2026-06-20"),
        note: "invoice SX-118",
    };
    c.request_payment("r1", ask).unwrap();
    c.decide_request("r1", true, "wang", "").unwrap();
    factory_debits::debit(&mut c, &o, "d1", debiting("1500", "40 pcs open seams")).unwrap();
    let against = |a: &str| Payment {
        request: "r1".into(),
        ..payment(a, "finance")
    };
    refused(
        c.pay("x1", against("20000"), true, day("2026-06-22")),
        Field::PaymentAmount,
        Issue::MoreThanOwed(amount("18500")),
    );
    c.pay("x1", against("18500"), true, day("2026-06-22"))
        .unwrap();
    refused(
        c.pay("x2", against("0.01"), true, day("2026-06-22")),
        Field::PaymentAmount,
        Issue::MoreThanOwed(Price::ZERO),
    );
    assert_eq!(c.paid("charge"), amount("18500"));
    assert!(c.owed_back().is_empty());
}

/// The whole charge paid on one device that had not heard of the debit, the debit charged on
/// another: merged, nothing is owed, the mill owes the debit back, and Today follows it (with
/// the charge off the payables to pay) until it is refunded.
#[test]
fn a_full_payment_made_elsewhere_and_a_debit_merge_to_money_owed_back_on_today() {
    let (o, c) = reconciled();
    let (mut a, mut b) = pair(&c);
    edit::<Commercial>(&mut a, "finance", |c| {
        c.record_payment("x1", payment("20000", "finance"), day("2026-04-09"))
            .unwrap();
    });
    let here = o.clone();
    edit::<Commercial>(&mut b, "li", |c| {
        factory_debits::debit(c, &here, "d1", debiting("1500", "40 pcs open seams")).unwrap();
    });
    let mut both: Commercial = merged(&mut a, &mut b);
    assert_eq!(both.payable_outstanding("charge"), Price::ZERO);
    assert_eq!(both.owed_back(), [("po1", amount("1500"))]);
    assert!(
        both.overpaid().is_empty(),
        "no charge was paid beyond itself"
    );
    // Nothing more leaves for the mill.
    refused(
        both.record_payment("x2", payment("0.01", "finance"), day("2026-06-22")),
        Field::PaymentAmount,
        Issue::MoreThanOwed(Price::ZERO),
    );
    let g = Gates::default();
    let today = Agenda::of(&o, Some(&both), &g).today("A", day("2026-06-22"), 7);
    assert_eq!(today.owed_back.len(), 1);
    assert_eq!(today.owed_back[0].label, "F-1 · CNY 1500.00");
    assert_eq!(today.owed_back[0].record.as_deref(), Some("po1"));
    assert!(today.payables_due.is_empty());
    both.record_refund("f1", refund("1500", "finance")).unwrap();
    let today = Agenda::of(&o, Some(&both), &g).today("A", day("2026-06-22"), 7);
    assert!(today.owed_back.is_empty());
}

/// Today's payables to pay show a charge less the debit on it, not the charge as raised.
#[test]
fn today_lists_the_charge_less_its_debit() {
    let (o, mut c) = reconciled();
    factory_debits::debit(&mut c, &o, "d1", debiting("1500", "40 pcs open seams")).unwrap();
    let today = Agenda::of(&o, Some(&c), &Gates::default()).today("A", day("2026-04-08"), 7);
    let labels: Vec<_> = today
        .payables_due
        .iter()
        .map(|e| e.label.as_str())
        .collect();
    assert_eq!(labels, ["F-1 · CNY 18500.00"]);
    assert!(today.owed_back.is_empty());
}

// ---- refunds ----

/// The mill refunds a debit on one device while another voids the debit: merged, the refund
/// is named as beyond what was owed back, nothing is owed back, and the charge is never owed
/// again (no one is asked to pay the mill a second time).
#[test]
fn a_refund_of_a_debit_voided_elsewhere_is_named_beyond_and_owes_nothing_again() {
    let (_, c) = paid_then_debited();
    let (mut a, mut b) = pair(&c);
    edit::<Commercial>(&mut a, "finance", |c| {
        c.record_refund("f1", refund("1500", "finance")).unwrap();
    });
    edit::<Commercial>(&mut b, "zhou", |c| {
        factory_debits::void(c, "d1", "zhou", "factory disproved it").unwrap();
    });
    let mut both: Commercial = merged(&mut a, &mut b);
    let s = both.standing("po1");
    assert_eq!(s.refunded_beyond(), amount("1500"));
    assert_eq!(s.owed_back(), Price::ZERO);
    assert!(both.owed_back().is_empty());
    assert_eq!(both.payable_outstanding("charge"), Price::ZERO);
    assert!(both.record_refund("f2", refund("0.01", "finance")).is_err());
    // Voiding the refund settles it: nothing beyond, nothing owed either way.
    both.void_refund("f1", "finance", "debit voided, money sent back")
        .unwrap();
    assert_eq!(both.standing("po1").refunded_beyond(), Price::ZERO);
    assert!(both.owed_back().is_empty());
    assert_eq!(both.payable_outstanding("charge"), Price::ZERO);
}

/// A refund is at most what the debit leaves owed back: nothing while the debit only offsets
/// what the team still owes, its amount once the charge was paid, and nothing once voided.
#[test]
fn a_refund_beyond_what_a_debit_leaves_owed_back_is_refused() {
    let (o, mut c) = reconciled();
    factory_debits::debit(&mut c, &o, "d1", debiting("1500", "40 pcs open seams")).unwrap();
    refused(
        c.record_refund("f1", refund("1500", "finance")),
        Field::RefundAmount,
        Issue::MoreThanOwedBack(Price::ZERO),
    );
    let (_, mut c) = paid_then_debited();
    refused(
        c.record_refund("f1", refund("1500.01", "finance")),
        Field::RefundAmount,
        Issue::MoreThanOwedBack(amount("1500")),
    );
    let mut voided = c.clone();
    factory_debits::void(&mut voided, "d1", "zhou", "disproved").unwrap();
    refused(
        voided.record_refund("f1", refund("1", "finance")),
        Field::RefundAmount,
        Issue::MoreThanOwedBack(Price::ZERO),
    );
    c.record_refund("f1", refund("1000", "finance")).unwrap();
    refused(
        c.record_refund("f2", refund("500.01", "finance")),
        Field::RefundAmount,
        Issue::MoreThanOwedBack(amount("500")),
    );
    assert!(c.refunds.len() == 1);
}

// ---- void ----

/// `factory_debits::void` voids a debit and nothing else: a 对账 credit, a charge and a
/// charge raised by hand are refused as no debit, and left as they were.
#[test]
fn void_refuses_a_reconciliation_credit_a_charge_and_a_hand_raised_charge() {
    let (mut o, mut c) = reconciled();
    deliver(&mut o, "d1", "1000", IncomingResult::Rejected);
    reconcile(&mut c, &o, "rej").unwrap();
    c.payables.insert(
        "freight".into(),
        Payable {
            supplier: "forwarder".into(),
            amount: amount("300"),
            by_hand: true,
            note: "courier".into(),
            raised_by: "li".into(),
            ..Payable::default()
        },
    );
    let before = c.clone();
    for id in ["rej", "charge", "freight", "nope"] {
        assert!(
            matches!(
                factory_debits::void(&mut c, id, "zhou", "not a debit"),
                Err(DomainError::NotFound { .. })
            ),
            "{id}"
        );
    }
    assert_eq!(c, before);
    assert!(factory_debits::listed(&c).is_empty());
}

/// Voiding twice keeps the first who and why, on one device; two devices voiding offline
/// merge to one of the two, the same everywhere, said once.
#[test]
fn voiding_twice_keeps_the_first_who_and_why() {
    let (o, mut c) = reconciled();
    factory_debits::debit(&mut c, &o, "d1", debiting("1500", "40 pcs open seams")).unwrap();
    let debited = c.clone();
    factory_debits::void(&mut c, "d1", "zhou", "factory disproved it").unwrap();
    let once = c.clone();
    factory_debits::void(&mut c, "d1", "wang", "typed twice").unwrap();
    assert_eq!(c, once);
    assert_eq!(
        c.payables["d1"].voided.as_deref(),
        Some("zhou — factory disproved it")
    );
    assert!(money_events(Some(&once), &c, &Gates::default()).is_empty());

    let (mut a, mut b) = pair(&debited);
    edit::<Commercial>(&mut a, "zhou", |c| {
        factory_debits::void(c, "d1", "zhou", "factory disproved it").unwrap();
    });
    edit::<Commercial>(&mut b, "wang", |c| {
        factory_debits::void(c, "d1", "wang", "typed twice").unwrap();
    });
    let both: Commercial = merged(&mut a, &mut b);
    let said = both.payables["d1"].voided.clone().unwrap();
    assert!(
        ["zhou — factory disproved it", "wang — typed twice"].contains(&said.as_str()),
        "{said}"
    );
    let ev = money_events(Some(&debited), &both, &Gates::default());
    assert_eq!(
        ev,
        [Event::DebitVoided {
            amount: amount("1500"),
            currency: "CNY".into(),
            said
        }]
    );
    assert_eq!(both.payable_outstanding("charge"), amount("20000"));
}

/// A debit voided on one device while another paid what it left owed: merged, the charge is
/// owed by the debit's amount again, never more, and paying it settles the PO exactly.
#[test]
fn a_void_merged_with_a_payment_made_elsewhere_owes_exactly_the_debit_again() {
    let (o, mut c) = reconciled();
    factory_debits::debit(&mut c, &o, "d1", debiting("1500", "40 pcs open seams")).unwrap();
    let (mut a, mut b) = pair(&c);
    edit::<Commercial>(&mut a, "finance", |c| {
        c.record_payment("x1", payment("18500", "finance"), day("2026-06-22"))
            .unwrap();
    });
    edit::<Commercial>(&mut b, "zhou", |c| {
        factory_debits::void(c, "d1", "zhou", "factory disproved it").unwrap();
    });
    let mut both: Commercial = merged(&mut a, &mut b);
    refused(
        both.record_payment("x2", payment("1500.01", "finance"), day("2026-06-23")),
        Field::PaymentAmount,
        Issue::MoreThanOwed(amount("1500")),
    );
    both.record_payment("x2", payment("1500", "finance"), day("2026-06-23"))
        .unwrap();
    assert_eq!(owed(&both), Price::ZERO);
    assert!(both.owed_back().is_empty() && both.overpaid().is_empty());
    // A debit charged again for the same complaint takes the room the void freed.
    assert_eq!(
        factory_debits::room(&both, &o, "po1"),
        Some(amount("20000"))
    );
}

// ---- room ----

/// A PO whose price is still to be checked values nothing: no debit is charged on it, and
/// the refusal says the price is to be checked (as 对账 does), not that it is missing.
#[test]
fn a_debit_waits_for_a_price_still_to_be_checked() {
    let (o, mut c) = reconciled();
    c.po_price_checks.insert(
        "po1".into(),
        PriceCheck {
            price: Some(amount("20")),
            currency: "CNY".into(),
            written_by: "factory".into(),
            ..PriceCheck::default()
        },
    );
    assert_eq!(factory_debits::room(&c, &o, "po1"), None);
    refused(
        factory_debits::debit(&mut c, &o, "d1", debiting("1", "open seams")),
        Field::UnitPrice,
        Issue::PriceToCheck,
    );
    assert!(factory_debits::listed(&c).is_empty());
    c.confirm_po_price("po1", amount("20"));
    factory_debits::debit(&mut c, &o, "d1", debiting("1", "open seams")).unwrap();
}

/// A PO made smaller, or priced lower, after its debits: they stand as charged, the room is
/// nothing (never negative), and another debit is refused saying so.
#[test]
fn a_po_made_smaller_or_cheaper_after_its_debits_has_no_room_left() {
    let (mut o, mut c) = reconciled();
    factory_debits::debit(&mut c, &o, "d1", debiting("15000", "whole lot shaded")).unwrap();
    let mut smaller = o.clone();
    smaller.purchase_orders.get_mut("po1").unwrap().qty = "500".parse().unwrap();
    assert_eq!(factory_debits::room(&c, &smaller, "po1"), Some(Price::ZERO));
    refused(
        factory_debits::debit(&mut c, &smaller, "d2", debiting("0.01", "again")),
        Field::DebitAmount,
        Issue::MoreThanOwed(Price::ZERO),
    );
    c.confirm_po_price("po1", amount("1"));
    assert_eq!(factory_debits::room(&c, &o, "po1"), Some(Price::ZERO));
    refused(
        factory_debits::debit(&mut c, &o, "d2", debiting("0.01", "again")),
        Field::DebitAmount,
        Issue::MoreThanOwed(Price::ZERO),
    );
    assert_eq!(factory_debits::debited_on(&c, "po1"), amount("15000"));
    // Closed short, the PO keeps the value it was ordered at (the doc's bound).
    c.confirm_po_price("po1", amount("20"));
    o.purchase_orders.get_mut("po1").unwrap().closed = Some(Default::default());
    assert_eq!(factory_debits::room(&c, &o, "po1"), Some(amount("5000")));
}

/// The same debit charged on two devices offline: two records, one chargeback. The later is
/// its twin: it offsets nothing, takes no room and adds nothing to the complaint until one of
/// the two is voided (before, both stood and the mill was charged twice within the PO's value,
/// unseen). On one device the same debit again is refused.
#[test]
fn the_same_debit_on_two_devices_offline_charges_the_supplier_once() {
    let (o, c) = reconciled();
    let (mut a, mut b) = pair(&c);
    for (doc, id, who) in [(&mut a, "da", "li"), (&mut b, "db", "zhou")] {
        let here = o.clone();
        edit::<Commercial>(doc, who, |c| {
            let d = Debiting {
                who,
                ..debiting("15000", "whole lot shaded")
            };
            factory_debits::debit(c, &here, id, d).unwrap();
        });
    }
    let mut both: Commercial = merged(&mut a, &mut b);
    assert_eq!(factory_debits::listed(&both).len(), 2);
    let twins = factory_debits::twins(&both);
    assert_eq!(twins.get("db").map(String::as_str), Some("da"));
    assert_eq!(factory_debits::debited_on(&both, "po1"), amount("15000"));
    assert_eq!(factory_debits::room(&both, &o, "po1"), Some(amount("5000")));
    assert_eq!(owed(&both), amount("5000"));
    assert!(both.owed_back().is_empty());
    assert_eq!(
        factory_debits::of_complaint(&both, "c1")["CNY"],
        amount("15000")
    );
    assert!(factory_debits::beyond(&both, &o).is_empty());
    // The same again here is refused; another amount is another debit.
    refused(
        factory_debits::debit(&mut both, &o, "dc", debiting("15000", "again")),
        Field::DebitAmount,
        Issue::Duplicate("15000.00".into()),
    );
    factory_debits::debit(&mut both, &o, "dc", debiting("0.01", "one more piece")).unwrap();
    factory_debits::void(&mut both, "dc", "li", "test").unwrap();
    // Voiding the first leaves the second standing alone: still one chargeback.
    factory_debits::void(&mut both, "da", "li", "charged twice").unwrap();
    assert!(factory_debits::twins(&both).is_empty());
    assert_eq!(factory_debits::debited_on(&both, "po1"), amount("15000"));
    assert_eq!(owed(&both), amount("5000"));
}

/// Debits of nothing or less written straight into the map by another build count for
/// nothing: they widen no room and lessen no complaint's total.
#[test]
fn debits_of_nothing_or_less_written_elsewhere_widen_no_room() {
    let (o, mut c) = reconciled();
    factory_debits::debit(&mut c, &o, "d1", debiting("1500", "40 pcs open seams")).unwrap();
    c.payables.insert(
        "neg".into(),
        written(Price::from_ten_thousandths(-50_000_000)),
    );
    c.payables.insert("zero".into(), written(Price::ZERO));
    c.payables
        .insert("min".into(), written(Price::from_ten_thousandths(i64::MIN)));
    assert_eq!(factory_debits::debited_on(&c, "po1"), amount("1500"));
    assert_eq!(factory_debits::room(&c, &o, "po1"), Some(amount("18500")));
    refused(
        factory_debits::debit(&mut c, &o, "d2", debiting("18500.01", "more")),
        Field::DebitAmount,
        Issue::MoreThanOwed(amount("18500")),
    );
    assert_eq!(
        factory_debits::of_complaint(&c, "c1")
            .into_iter()
            .collect::<Vec<_>>(),
        [("CNY".to_string(), amount("1500"))]
    );
}

/// The same, in the books: a negative debit another build wrote never makes the team owe the
/// supplier more than the charge less the real debit, nor invents refunds beyond.
#[test]
fn a_negative_debit_written_elsewhere_never_makes_the_supplier_owed_more() {
    let (o, mut c) = reconciled();
    factory_debits::debit(&mut c, &o, "d1", debiting("1500", "40 pcs open seams")).unwrap();
    c.payables.insert(
        "neg".into(),
        written(Price::from_ten_thousandths(-50_000_000)),
    );
    assert_eq!(owed(&c), amount("18500"));
    assert_eq!(c.payable_outstanding("charge"), amount("18500"));
    assert_eq!(c.standing("po1").refunded_beyond(), Price::ZERO);
    refused(
        c.record_payment("x1", payment("20000", "finance"), day("2026-06-22")),
        Field::PaymentAmount,
        Issue::MoreThanOwed(amount("18500")),
    );
}

/// Debits near the limits written straight into the map: nothing panics, nothing wraps into
/// the supplier being owed more, the room is nothing and the complaint's total saturates.
#[test]
fn huge_debits_written_elsewhere_neither_panic_nor_wrap() {
    let (o, mut c) = reconciled();
    let max = Price::from_ten_thousandths(i64::MAX);
    factory_debits::debit(&mut c, &o, "d1", debiting("1500", "40 pcs open seams")).unwrap();
    c.payables.insert("m1".into(), written(max));
    c.payables.insert("m2".into(), written(max));
    assert_eq!(factory_debits::debited_on(&c, "po1"), max);
    assert_eq!(factory_debits::room(&c, &o, "po1"), Some(Price::ZERO));
    refused(
        factory_debits::debit(&mut c, &o, "d2", debiting("0.01", "more")),
        Field::DebitAmount,
        Issue::MoreThanOwed(Price::ZERO),
    );
    assert_eq!(factory_debits::of_complaint(&c, "c1")["CNY"], max);
    // The books: nothing owed to the mill, nothing paid, nothing wraps.
    assert_eq!(owed(&c), Price::ZERO);
    assert!(c.credit_balance("po1") > Price::ZERO);
    refused(
        c.record_payment("x1", payment("0.01", "finance"), day("2026-06-22")),
        Field::PaymentAmount,
        Issue::MoreThanOwed(Price::ZERO),
    );
    assert!(reconcile(&mut c, &o, "again").is_err());
    let today = Agenda::of(&o, Some(&c), &Gates::default()).today("A", day("2026-06-22"), 7);
    assert_eq!(today.owed_back.len(), 1);
    assert!(today.payables_due.is_empty());
    let ev = money_events(Some(&reconciled().1), &c, &Gates::default());
    assert_eq!(
        ev.iter()
            .filter(|e| matches!(e, Event::FactoryDebited { .. }))
            .count(),
        3
    );
}

// ---- what a debit is ----

/// A debit goes under a new id: one under an id in use (a 对账 charge with payments against
/// it, another debit) is refused, and the books are left as they were.
#[test]
fn a_debit_under_an_id_in_use_is_refused() {
    let (o, mut c) = paid_then_debited();
    let before = c.clone();
    for id in ["charge", "d1"] {
        refused(
            factory_debits::debit(&mut c, &o, id, debiting("100", "open seams")),
            Field::DebitNote,
            Issue::Duplicate(id.into()),
        );
    }
    assert_eq!(c, before);
    assert_eq!(c.payable_outstanding("charge"), Price::ZERO);
    assert_eq!(c.credit_balance("po1"), amount("1500"));
}

/// A complaint whose id is blank (another build's record) names nothing a debit can stand
/// on: charged on it, the credit would read as 对账's and be charged back by the next 对账.
#[test]
fn a_debit_for_a_blank_complaint_id_is_refused() {
    let (mut o, mut c) = reconciled();
    for blank in ["", " "] {
        o.complaints.insert(blank.into(), Complaint::default());
        let d = Debiting {
            complaint: blank,
            ..debiting("1500", "open seams")
        };
        assert!(matches!(
            factory_debits::debit(&mut c, &o, "d1", d),
            Err(DomainError::NotFound { .. })
        ));
    }
    assert!(!c.payables.contains_key("d1"));
    assert!(reconcile(&mut c, &o, "again").is_err());
}

/// A debit is in its PO's currency, and keeps it: a PO whose currency another build changed
/// after money was recorded on it takes no debit in the new one (it would offset a CNY charge
/// as if in USD).
#[test]
fn a_debit_keeps_its_currency_and_none_is_charged_in_another_on_the_same_po() {
    let (o, mut c) = reconciled();
    factory_debits::debit(&mut c, &o, "d1", debiting("1500", "40 pcs open seams")).unwrap();
    assert_eq!(c.payables["d1"].currency, "CNY");
    c.po_prices.get_mut("po1").unwrap().currency = "USD".into();
    assert_eq!(c.payable_currency("d1"), "CNY");
    assert_eq!(
        factory_debits::of_complaint(&c, "c1")
            .into_iter()
            .collect::<Vec<_>>(),
        [("CNY".to_string(), amount("1500"))]
    );
    refused(
        factory_debits::debit(&mut c, &o, "d2", debiting("100", "more")),
        Field::Currency,
        Issue::CurrencyInUse("CNY".into()),
    );
    assert!(!c.payables.contains_key("d2"));
    // A PO in the order's currency with nothing recorded on it yet takes one in that currency.
    let mut fresh = reconciled().1;
    fresh.payables.clear();
    fresh.po_prices.get_mut("po1").unwrap().currency = String::new();
    factory_debits::debit(&mut fresh, &o, "d1", debiting("100", "open seams")).unwrap();
    assert_eq!(fresh.payable_currency("d1"), "USD");
}

// ---- said ----

/// A debit is said once, as a debit: never a hand-raised charge, never to a factory, also
/// when it comes from another device; a 对账 credit is not said as one.
#[test]
fn a_debit_is_said_once_as_a_debit_never_to_a_factory() {
    let (mut o, before) = reconciled();
    let g = Gates::default();
    let (mut a, mut b) = pair(&before);
    let here = o.clone();
    edit::<Commercial>(&mut b, "li", |c| {
        factory_debits::debit(c, &here, "d1", debiting("1500", "40 pcs open seams")).unwrap();
    });
    let both: Commercial = merged(&mut a, &mut b);
    let ev = money_events(Some(&before), &both, &g);
    assert_eq!(
        ev,
        [Event::FactoryDebited {
            amount: amount("1500"),
            currency: "CNY".into()
        }]
    );
    for e in &ev {
        assert!(e.is_money() && !e.for_factory(), "{e:?}");
        assert!(!matches!(e, Event::ChargeRaised { .. }));
    }
    // Read again from the merged state: nothing new.
    assert!(money_events(Some(&both), &both, &g).is_empty());
    // A 对账 credit for rejected goods is no debit.
    let mut c = both.clone();
    deliver(&mut o, "d1", "1000", IncomingResult::Rejected);
    reconcile(&mut c, &o, "rej").unwrap();
    let ev = money_events(Some(&both), &c, &g);
    assert!(
        !ev.iter()
            .any(|e| matches!(e, Event::FactoryDebited { .. } | Event::DebitVoided { .. })),
        "{ev:?}"
    );
    assert_eq!(factory_debits::listed(&c).len(), 1);
}

/// A debit another build wrote with the hand-raised flag set is still said once, as a debit.
#[test]
fn a_debit_flagged_by_hand_elsewhere_is_said_once() {
    let (_, before) = reconciled();
    let mut c = before.clone();
    c.payables.insert(
        "d1".into(),
        Payable {
            by_hand: true,
            ..written(amount("1500"))
        },
    );
    let ev = money_events(Some(&before), &c, &Gates::default());
    assert_eq!(
        ev,
        [Event::FactoryDebited {
            amount: amount("1500"),
            currency: "CNY".into()
        }]
    );
}

/// A debit record another build spoiled is read as an error naming its field, never a panic.
#[test]
fn a_malformed_debit_names_its_field_and_never_panics() {
    let (o, mut c) = reconciled();
    factory_debits::debit(&mut c, &o, "d1", debiting("1500", "40 pcs open seams")).unwrap();
    let mut base = books_doc(&c);
    let cases: [(&str, Spoil); 8] = [
        ("complaint", |d, o| d.put(o, "complaint", 9i64).unwrap()),
        ("complaint", |d, o| d.put(o, "complaint", true).unwrap()),
        ("complaint", |d, o| {
            d.put_object(o, "complaint", automerge::ObjType::List)
                .unwrap();
        }),
        ("amount", |d, o| d.put(o, "amount", "1500").unwrap()),
        ("amount", |d, o| d.put(o, "amount", u64::MAX).unwrap()),
        ("kind", |d, o| d.put(o, "kind", 1i64).unwrap()),
        ("voided", |d, o| d.put(o, "voided", true).unwrap()),
        ("raised", |d, o| d.put(o, "raised", "yesterday").unwrap()),
    ];
    each_spoil_is_named(&mut base, "payables", "d1", &cases);
    // A debit that is no record at all.
    let mut doc = base.fork();
    let (_, map) = doc.get(automerge::ROOT, "payables").unwrap().unwrap();
    doc.put(&map, "d1", "1500 for open seams").unwrap();
    let said = document::read::<Commercial>(&doc).unwrap_err().to_string();
    assert!(said.contains("payables"), "{said}");
}

/// A PO closed short is worth, for a debit, what came and was accepted; a cancelled one
/// nothing (no goods came to be at fault). Before, both were bounded by what was ordered.
#[test]
fn a_po_closed_short_or_cancelled_bounds_its_debits_by_what_came() {
    let (mut o, c) = reconciled();
    // 600 of the 1,000 m came and were accepted; the rest never will.
    {
        let po = o.purchase_orders.get_mut("po1").unwrap();
        po.deliveries.get_mut("d1").unwrap().qty = "600".parse().unwrap();
        po.closed = Some(gendan_domain::purchasing::PoClosed {
            who: "li".into(),
            day: Some(day("2026-04-01")),
            reason: "mill stopped the quality".into(),
        });
    }
    assert_eq!(factory_debits::room(&c, &o, "po1"), Some(amount("12000")));
    refused(
        factory_debits::debit(&mut c.clone(), &o, "d1", debiting("12000.01", "whole lot")),
        Field::DebitAmount,
        Issue::MoreThanOwed(amount("12000")),
    );
    let mut short = c.clone();
    factory_debits::debit(&mut short, &o, "d1", debiting("12000", "whole lot")).unwrap();
    assert!(factory_debits::beyond(&short, &o).is_empty());

    // Cancelled: nothing to charge back, and a debit merged in from before is beyond it.
    let mut none = o.clone();
    {
        let po = none.purchase_orders.get_mut("po1").unwrap();
        po.deliveries.clear();
        po.closed = None;
        po.cancelled = Some(gendan_domain::purchasing::PoClosed {
            who: "li".into(),
            day: Some(day("2026-03-01")),
            reason: "style dropped".into(),
        });
    }
    assert_eq!(factory_debits::room(&c, &none, "po1"), Some(Price::ZERO));
    refused(
        factory_debits::debit(&mut c.clone(), &none, "d1", debiting("1", "anything")),
        Field::DebitAmount,
        Issue::MoreThanOwed(Price::ZERO),
    );
    assert_eq!(
        factory_debits::beyond(&short, &none),
        [("po1".to_string(), amount("12000"))]
    );
}
