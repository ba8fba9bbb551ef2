//! 退款跟进 over real documents: an invoice paid twice from two devices offline is named, offsets
//! the PO's next charge instead of being paid again, and is followed on Today until the supplier
//! sends it back; a refund entered twice never makes the team owe the supplier again; a payment
//! backdated before the approval rule is judged by the day it was entered.

use crate::common::*;
use gendan_domain::agenda::Agenda;
use gendan_domain::commercial::{Commercial, Payable, Payment, Refund};
use gendan_domain::lifecycle::Gates;
use gendan_domain::pay_requests::Ask;
use gendan_domain::problem::{Field, Issue};
use gendan_domain::{DomainError, Price};

fn amount(s: &str) -> Price {
    s.parse().unwrap()
}

fn charge(c: &mut Commercial, id: &str, a: &str, due: &str) {
    c.payables.insert(
        id.into(),
        Payable {
            purchase_order: "po1".into(),
            supplier: "mill".into(),
            amount: amount(a),
            due: Some(day(due)),
            ..Payable::default()
        },
    );
}

/// Books owing a fabric mill 1,000 on one charge.
fn books() -> Commercial {
    let mut c = Commercial::new("order-doc", "USD");
    charge(&mut c, "p1", "1000", "2026-04-10");
    c
}

fn payment(payable: &str, a: &str, who: &str, on: &str) -> Payment {
    Payment {
        payable: payable.into(),
        amount: amount(a),
        date: Some(day(on)),
        paid_by: who.into(),
        ..Payment::default()
    }
}

fn refund(a: &str, who: &str) -> Refund {
    Refund {
        purchase_order: "po1".into(),
        amount: amount(a),
        date: Some(day("2026-04-20")),
        received_by: who.into(),
        note: " bank slip 77 ".into(),
        ..Refund::default()
    }
}

fn issue(r: Result<(), DomainError>) -> Option<(Field, Issue)> {
    match r {
        Err(DomainError::Problem(p)) => Some((p.field, p.issue)),
        _ => None,
    }
}

/// The invoice paid in full on two devices offline, merged.
fn paid_twice() -> Commercial {
    let (mut a, mut b) = pair(&books());
    edit::<Commercial>(&mut a, "li", |c| {
        c.pay(
            "xa",
            payment("p1", "1000", "li", "2026-04-08"),
            false,
            day("2026-03-01"),
        )
        .unwrap()
    });
    edit::<Commercial>(&mut b, "zhou", |c| {
        c.pay(
            "xb",
            payment("p1", "600", "zhou", "2026-04-09"),
            false,
            day("2026-03-01"),
        )
        .unwrap()
    });
    merged(&mut a, &mut b)
}

#[test]
fn an_invoice_paid_twice_offline_is_named_and_owed_back() {
    let c = paid_twice();
    let over = c.overpaid();
    assert_eq!(over.len(), 1);
    assert_eq!(over[0].payable, "p1");
    assert_eq!(over[0].beyond(), amount("600"));
    let who: Vec<_> = over[0]
        .payments
        .iter()
        .map(|(_, p)| p.paid_by.as_str())
        .collect();
    assert_eq!(who, ["li", "zhou"]);
    assert_eq!(c.payable_outstanding("p1"), Price::ZERO);
    assert_eq!(c.owed_back(), [("po1", amount("600"))]);
    // A charge paid exactly is not overpaid, nor is a PO credited for rejected goods.
    let mut once = books();
    once.pay(
        "x",
        payment("p1", "1000", "li", "2026-04-08"),
        false,
        day("2026-03-01"),
    )
    .unwrap();
    assert!(once.overpaid().is_empty());
    assert!(once.owed_back().is_empty());
}

/// The excess pays the PO's next charge: nothing of it is asked for or paid again, and what the
/// supplier still owes back is the rest. Without the offset the next charge showed 500 unpaid
/// while the supplier held 600 of the team's money.
#[test]
fn money_paid_twice_offsets_the_next_charge_instead_of_being_paid_again() {
    let mut c = paid_twice();
    charge(&mut c, "p2", "500", "2026-05-10");
    assert_eq!(c.payable_outstanding("p2"), Price::ZERO);
    assert_eq!(c.credit_balance("po1"), amount("100"));
    assert_eq!(
        issue(c.pay(
            "x3",
            payment("p2", "500", "li", "2026-05-01"),
            false,
            day("2026-03-01")
        )),
        Some((Field::PaymentAmount, Issue::MoreThanOwed(Price::ZERO)))
    );
    let ask = Ask {
        payable: "p2",
        amount: amount("1"),
        who: "li",
        day: day("2026-05-01"),
        note: "",
    };
    assert!(c.request_payment("r1", ask).is_err());
    assert_eq!(c.owed_back(), [("po1", amount("100"))]);
    // A bigger next charge is owed only beyond the excess.
    charge(&mut c, "p3", "300", "2026-06-10");
    assert_eq!(c.payable_outstanding("p3"), amount("200"));
    assert!(c.owed_back().is_empty());
}

#[test]
fn a_refund_settles_what_is_owed_back_and_no_more() {
    let mut c = paid_twice();
    assert_eq!(
        issue(c.record_refund("f0", refund("600.01", "li"))),
        Some((Field::RefundAmount, Issue::MoreThanOwedBack(amount("600"))))
    );
    assert_eq!(
        issue(c.record_refund("f0", refund("0", "li"))),
        Some((Field::RefundAmount, Issue::NotPositive))
    );
    let mut other = refund("10", "li");
    other.currency = "CNY".into();
    assert_eq!(
        issue(c.record_refund("f0", other)),
        Some((Field::Currency, Issue::NotACurrency))
    );
    let mut nowhere = refund("10", "li");
    nowhere.purchase_order = "po9".into();
    assert!(matches!(
        c.record_refund("f0", nowhere),
        Err(DomainError::NotFound { .. })
    ));
    assert!(c.refunds.is_empty());

    c.record_refund("f1", refund("400", "li")).unwrap();
    assert_eq!(c.refunds["f1"].currency, "USD");
    assert_eq!(c.refunds["f1"].note, "bank slip 77");
    assert_eq!(c.credit_balance("po1"), amount("200"));
    c.record_refund("f2", refund("200", "li")).unwrap();
    assert!(c.owed_back().is_empty());
    assert_eq!(c.standing("po1").refunded_beyond(), Price::ZERO);
    // Refunded, the next charge is owed in full.
    charge(&mut c, "p2", "500", "2026-05-10");
    assert_eq!(c.payable_outstanding("p2"), amount("500"));
    // Nothing more may be recorded as refunded.
    assert!(c.record_refund("f3", refund("1", "li")).is_err());
}

/// Two devices record the supplier's one refund offline: the second is named as beyond what
/// was owed back and counts for nothing — it never makes the invoice owed again, so no one is
/// asked to pay the supplier a second time — until one is voided with a reason.
#[test]
fn a_refund_entered_twice_offline_never_makes_the_team_owe_again() {
    let (mut a, mut b) = pair(&paid_twice());
    edit::<Commercial>(&mut a, "li", |c| {
        c.record_refund("fa", refund("600", "li")).unwrap()
    });
    edit::<Commercial>(&mut b, "zhou", |c| {
        c.record_refund("fb", refund("600", "zhou")).unwrap()
    });
    let mut both: Commercial = merged(&mut a, &mut b);
    let s = both.standing("po1");
    assert_eq!(s.refunded_beyond(), amount("600"));
    assert_eq!(s.owed_back(), Price::ZERO);
    assert_eq!(both.payable_outstanding("p1"), Price::ZERO);
    charge(&mut both, "p2", "500", "2026-05-10");
    assert_eq!(both.payable_outstanding("p2"), amount("500"));
    both.payables.remove("p2");

    assert!(matches!(
        both.void_refund("fb", "zhou", " "),
        Err(DomainError::ReasonRequired)
    ));
    both.void_refund("fb", "zhou", "entered twice").unwrap();
    assert_eq!(
        both.refunds["fb"].voided.as_deref(),
        Some("zhou — entered twice")
    );
    assert_eq!(both.standing("po1").refunded_beyond(), Price::ZERO);
    assert!(both.owed_back().is_empty());
    // Voiding the other instead would leave the supplier owing again, named as such.
    both.void_refund("fa", "li", "slip was for another PO")
        .unwrap();
    assert_eq!(both.owed_back(), [("po1", amount("600"))]);
}

/// Today follows money owed back on a closed order until it is refunded; a device without the
/// books lists nothing.
#[test]
fn money_owed_back_is_on_today_until_refunded_even_on_a_closed_order() {
    let g = Gates::default();
    let o = closed_with_a_fabric_po();
    let mut c = paid_twice();
    let kept: Agenda =
        serde_json::from_str(&serde_json::to_string(&Agenda::of(&o, Some(&c), &g)).unwrap())
            .unwrap();
    let today = kept.today("A", day("2026-06-01"), 7);
    assert_eq!(today.owed_back.len(), 1);
    assert_eq!(today.owed_back[0].label, "FB-7 · Jersey · USD 600.00");
    assert_eq!(today.owed_back[0].due, Some(day("2026-04-09")));
    assert_eq!(today.owed_back[0].record.as_deref(), Some("po1"));
    assert!(Agenda::of(&o, None, &g)
        .today("A", day("2026-06-01"), 7)
        .owed_back
        .is_empty());
    c.record_refund("f", refund("600", "li")).unwrap();
    assert!(Agenda::of(&o, Some(&c), &g)
        .today("A", day("2026-06-01"), 7)
        .owed_back
        .is_empty());
}

/// A payment typed with a day before the approval rule was switched on, but entered after, is
/// named as paid around the rule; one entered before it is not.
#[test]
fn a_payment_backdated_before_the_approval_rule_is_judged_by_when_it_was_entered() {
    let mut g = Gates::default();
    g.require_payment_approval(true, day("2026-04-01"), "on");
    let mut c = books();
    let mut back = payment("p1", "100", "li", "2026-03-20");
    // What the caller says of the day it was entered is not taken: the day given is.
    back.recorded = Some(day("2026-03-20"));
    c.pay("x1", back, false, day("2026-04-02")).unwrap();
    assert_eq!(c.payments["x1"].recorded, Some(day("2026-04-02")));
    let old = payment("p1", "100", "li", "2026-03-20");
    c.pay("x2", old, false, day("2026-03-20")).unwrap();
    let named: Vec<_> = c
        .paid_without_request(&g)
        .into_iter()
        .map(|(id, _, _)| id.as_str())
        .collect();
    assert_eq!(named, ["x1"]);
}
