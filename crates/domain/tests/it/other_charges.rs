//! 其他费用 over real documents, tried from every side: a charge outside any purchase order
//! names one of the workspace's parties and what it is for; it leaves only against a request
//! approved by someone other than who raised it, on every payment path and whatever the
//! team's switch; a voided one is owed, aged, listed and paid nowhere; and the same invoice
//! raised on two devices offline is a twin after the merge, paid once.

use crate::common::*;
use gendan_domain::agenda::Agenda;
use gendan_domain::commercial::{Commercial, Payable, Payment, RequestStatus};
use gendan_domain::other_charges::{ChargeKind, OtherCharge};
use gendan_domain::pay_requests::Ask;
use gendan_domain::problem::{Field, Issue};
use gendan_domain::workspace::{Party, PartyKind, Workspace};
use gendan_domain::{DomainError, Gates, Price};

fn amount(s: &str) -> Price {
    s.parse().unwrap()
}

/// A workspace knowing a forwarder ("fwd"), a lab ("lab", kept as a supplier) and a customer.
fn workspace() -> Workspace {
    let mut w = Workspace::default();
    for (id, kind, name) in [
        ("fwd", PartyKind::Forwarder, "Kerry Logistics"),
        ("lab", PartyKind::Supplier, "SGS Shenzhen"),
        ("buyer", PartyKind::Customer, "Nordic Wear"),
    ] {
        w.parties.insert(
            id.into(),
            Party {
                kind,
                name: name.into(),
                ..Party::default()
            },
        );
    }
    w
}

fn charge<'a>(supplier: &'a str, a: &str, note: &'a str, who: &'a str) -> OtherCharge<'a> {
    OtherCharge {
        supplier_party_id: supplier,
        kind: ChargeKind::Freight,
        amount: amount(a),
        currency: "",
        due: Some(day("2026-05-20")),
        note,
        who,
        today: day("2026-05-10"),
    }
}

/// Books with one freight invoice of 800 to the forwarder, raised by Li.
fn books() -> Commercial {
    let mut c = Commercial::new("order-doc", "USD");
    c.add_other_charge(
        "f1",
        charge("fwd", "800", "INV-77 sea freight", "li"),
        &workspace(),
    )
    .unwrap();
    c
}

fn ask<'a>(payable: &'a str, a: &str, who: &'a str) -> Ask<'a> {
    Ask {
        payable,
        amount: amount(a),
        who,
        day: day("2026-05-11"),
        note: "INV-77",
    }
}

fn payment(payable: &str, request: &str, a: &str) -> Payment {
    Payment {
        payable: payable.into(),
        amount: amount(a),
        date: Some(day("2026-05-12")),
        paid_by: "finance".into(),
        request: request.into(),
        ..Payment::default()
    }
}

fn problem(r: Result<(), DomainError>) -> Option<(Field, Issue)> {
    match r {
        Err(DomainError::Problem(p)) => Some((p.field, p.issue)),
        _ => None,
    }
}

#[test]
fn a_charge_names_a_party_of_the_workspace_an_amount_and_what_it_is_for() {
    let w = workspace();
    let mut c = Commercial::new("order-doc", "USD");
    let mut try_add = |ch: OtherCharge<'_>| c.add_other_charge("x", ch, &w);
    assert_eq!(
        problem(try_add(charge("", "800", "INV-1", "li"))),
        Some((Field::Supplier, Issue::Required))
    );
    // A name typed instead of a party, or a customer, is not someone the team pays.
    for who in ["Kerry Logistics", "buyer"] {
        assert_eq!(
            problem(try_add(charge(who, "800", "INV-1", "li"))),
            Some((Field::Supplier, Issue::NotAParty)),
            "{who}"
        );
    }
    assert_eq!(
        problem(try_add(charge("fwd", "0", "INV-1", "li"))),
        Some((Field::ChargeAmount, Issue::NotPositive))
    );
    assert_eq!(
        problem(try_add(charge("fwd", "800", "  ", "li"))),
        Some((Field::ChargeNote, Issue::Required))
    );
    assert_eq!(
        problem(try_add(OtherCharge {
            currency: "rmb!",
            ..charge("fwd", "800", "INV-1", "li")
        })),
        Some((Field::Currency, Issue::NotACurrency))
    );
    assert!(c.payables.is_empty(), "nothing refused was written");

    let mut c = books();
    let p = &c.payables["f1"];
    assert!(p.by_hand && p.is_by_hand());
    assert_eq!(
        (
            p.supplier.as_str(),
            p.raised_by.as_str(),
            p.raised,
            &p.charge_kind,
            p.purchase_order.as_str()
        ),
        (
            "fwd",
            "li",
            Some(day("2026-05-10")),
            &ChargeKind::Freight,
            ""
        )
    );
    assert_eq!(c.payable_outstanding("f1"), amount("800"));
    // The same invoice raised again on this device is refused, whatever its spacing or case.
    assert_eq!(
        problem(c.add_other_charge(
            "f2",
            charge("fwd", "800", " inv-77  SEA freight", "zhou"),
            &w
        )),
        Some((
            Field::ChargeNote,
            Issue::Duplicate("inv-77  SEA freight".into())
        ))
    );
}

#[test]
fn a_charge_raised_by_hand_leaves_only_against_a_request_someone_else_approved() {
    let mut c = books();
    // No request: refused on every path, with the team's switch off or on.
    for need in [false, true] {
        assert!(matches!(
            c.pay("x", payment("f1", "", "800"), need, day("2026-03-01")),
            Err(DomainError::ChargeWithoutRequest | DomainError::PaymentWithoutRequest)
        ));
    }
    assert!(matches!(
        c.pay("x", payment("f1", "", "800"), false, day("2026-03-01")),
        Err(DomainError::ChargeWithoutRequest)
    ));
    assert!(matches!(
        c.record_payment("x", payment("f1", "", "800"), day("2026-03-01")),
        Err(DomainError::ChargeWithoutRequest)
    ));

    // Zhou asks, Li (who raised the charge) approves: the request's own rule lets it, the
    // charge's does not.
    c.request_payment("r1", ask("f1", "800", "zhou")).unwrap();
    assert!(matches!(
        c.pay("x", payment("f1", "r1", "800"), false, day("2026-03-01")),
        Err(DomainError::RequestNotApproved)
    ));
    assert!(matches!(
        c.record_payment("x", payment("f1", "r1", "800"), day("2026-03-01")),
        Err(DomainError::RequestNotApproved)
    ));
    // Li is refused approving it, whatever the spelling; someone else approves it.
    assert!(matches!(
        c.decide_request("r1", true, " LI ", ""),
        Err(DomainError::OwnCharge)
    ));
    assert_eq!(c.payment_requests["r1"].status, RequestStatus::Pending);
    assert!(c.payment_requests["r1"].decided_by.is_none());
    c.clone().decide_request("r1", true, "wang", "").unwrap();
    // An approval by the raiser written before that refusal (an older device's books): still
    // not paid.
    let mut old = c.clone();
    if let Some(r) = old.payment_requests.get_mut("r1") {
        r.status = RequestStatus::Approved;
        r.decided_by = Some("Li".into());
    }
    let c = &mut old;
    for need in [false, true] {
        assert!(matches!(
            c.pay("x", payment("f1", "r1", "800"), need, day("2026-03-01")),
            Err(DomainError::OwnCharge)
        ));
    }
    assert!(matches!(
        c.record_payment("x", payment("f1", "r1", "800"), day("2026-03-01")),
        Err(DomainError::OwnCharge)
    ));
    assert!(c.payments.is_empty());

    // Li asks, Wang approves 500: paid up to the request, by anyone, on either path.
    let mut c = books();
    c.request_payment("r2", ask("f1", "500", "li")).unwrap();
    c.decide_request("r2", true, "wang", "").unwrap();
    assert!(matches!(
        c.record_payment("x", payment("f1", "r2", "600"), day("2026-03-01")),
        Err(DomainError::Problem(_))
    ));
    c.record_payment("x", payment("f1", "r2", "200"), day("2026-03-01"))
        .unwrap();
    c.pay("y", payment("f1", "r2", "300"), false, day("2026-03-01"))
        .unwrap();
    assert_eq!(c.payable_outstanding("f1"), amount("300"));
    // A request for another payable does not pay this one.
    assert!(matches!(
        c.record_payment("z", payment("f1", "nope", "10"), day("2026-03-01")),
        Err(DomainError::NotFound { .. })
    ));
}

/// The rule holds for a payable typed into the old free-text form (no purchase order, no
/// raiser), and not for a PO's payable, which 对账 bounds.
#[test]
fn an_old_free_text_payable_is_judged_as_raised_by_hand_and_a_pos_is_not() {
    let mut c = Commercial::new("order-doc", "USD");
    c.payables.insert(
        "old".into(),
        Payable {
            supplier: "Some courier".into(),
            amount: amount("90"),
            ..Payable::default()
        },
    );
    c.payables.insert(
        "po".into(),
        Payable {
            purchase_order: "po1".into(),
            supplier: "mill".into(),
            amount: amount("90"),
            ..Payable::default()
        },
    );
    assert!(matches!(
        c.pay("x", payment("old", "", "90"), false, day("2026-03-01")),
        Err(DomainError::ChargeWithoutRequest)
    ));
    c.pay("x", payment("po", "", "90"), false, day("2026-03-01"))
        .unwrap();
    assert!(
        c.void_charge("po", "li", "typo").is_err(),
        "a PO's payable is not voided"
    );
}

#[test]
fn a_voided_charge_is_owed_aged_listed_and_paid_nowhere() {
    let mut order = full_order();
    order.purchase_orders.clear();
    let mut c = books();
    c.request_payment("r1", ask("f1", "800", "zhou")).unwrap();
    c.decide_request("r1", true, "wang", "").unwrap();
    let agenda = Agenda::of(&order, Some(&c), &Gates::default());
    assert_eq!(agenda.payables.len(), 1);
    assert!(
        agenda.payables[0].label.contains("INV-77"),
        "{:?}",
        agenda.payables
    );
    assert_eq!(agenda.paid.len(), 1);

    assert!(matches!(
        c.void_charge("f1", "li", " "),
        Err(DomainError::ReasonRequired)
    ));
    c.void_charge("f1", "li", "forwarder withdrew the invoice")
        .unwrap();
    assert_eq!(
        c.payables["f1"].voided.as_deref(),
        Some("li — forwarder withdrew the invoice")
    );
    assert_eq!(c.payable_outstanding("f1"), Price::ZERO);
    assert!(c.payables_outstanding().values().all(|p| *p == Price::ZERO));
    let aging = c.payable_aging(day("2026-09-01"));
    assert!(aging
        .values()
        .all(|a| a.overdue() == Price::ZERO && a.not_due == Price::ZERO));
    let agenda = Agenda::of(&order, Some(&c), &Gates::default());
    assert!(agenda.payables.is_empty() && agenda.paid.is_empty());
    assert!(c.paid_facts().is_empty());
    // Neither asked for again nor paid, even against the request approved before.
    assert!(matches!(
        c.request_payment("r2", ask("f1", "1", "zhou")),
        Err(DomainError::ChargeVoided)
    ));
    for need in [false, true] {
        assert!(matches!(
            c.pay("x", payment("f1", "r1", "800"), need, day("2026-03-01")),
            Err(DomainError::ChargeVoided)
        ));
    }
    assert!(matches!(
        c.record_payment("x", payment("f1", "r1", "800"), day("2026-03-01")),
        Err(DomainError::ChargeVoided)
    ));
    assert!(c.payments.is_empty());
}

#[test]
fn a_charge_with_money_paid_against_it_is_not_voided() {
    let mut c = books();
    c.request_payment("r1", ask("f1", "100", "zhou")).unwrap();
    c.decide_request("r1", true, "wang", "").unwrap();
    c.pay("x", payment("f1", "r1", "100"), false, day("2026-03-01"))
        .unwrap();
    assert!(matches!(
        c.void_charge("f1", "li", "wrong invoice"),
        Err(DomainError::ChargePaid)
    ));
    assert_eq!(c.payables["f1"].voided, None);
    assert_eq!(c.payable_outstanding("f1"), amount("700"));
}

/// Li and Wang raise the forwarder's invoice on two phones offline. After the merge one of
/// them is a twin (the same on both devices): owed, asked for and paid once, until someone
/// voids one or says it is a charge of its own.
#[test]
fn the_same_invoice_raised_on_two_devices_offline_is_paid_once() {
    let w = workspace();
    let (mut a, mut b) = pair(&Commercial::new("order-doc", "USD"));
    edit(&mut a, "li", |c: &mut Commercial| {
        c.add_other_charge("fa", charge("fwd", "800", "INV-77", "li"), &w)
            .unwrap();
    });
    edit(&mut b, "wang", |c: &mut Commercial| {
        let later = OtherCharge {
            today: day("2026-05-11"),
            ..charge("fwd", "800", "inv-77 ", "wang")
        };
        c.add_other_charge("fb", later, &w).unwrap();
    });
    let mut c: Commercial = merged(&mut a, &mut b);
    let twins = c.charge_twins();
    assert_eq!(
        twins.into_iter().collect::<Vec<_>>(),
        vec![("fb".to_string(), "fa".to_string())]
    );
    assert_eq!(c.payables_outstanding()["USD"], amount("800"));
    assert_eq!(c.payable_outstanding("fb"), Price::ZERO);
    assert!(matches!(
        c.request_payment("r", ask("fb", "800", "zhou")),
        Err(DomainError::ChargeTwin)
    ));
    // A request approved on the twin before the merge still pays nothing on it.
    c.payment_requests.insert(
        "rb".into(),
        gendan_domain::commercial::PaymentRequest {
            payable: "fb".into(),
            amount: amount("800"),
            requested_by: "zhou".into(),
            status: gendan_domain::commercial::RequestStatus::Approved,
            decided_by: Some("zhao".into()),
            ..Default::default()
        },
    );
    assert!(matches!(
        c.record_payment("x", payment("fb", "rb", "800"), day("2026-03-01")),
        Err(DomainError::ChargeTwin)
    ));

    // Two invoices after all (the forwarder billed two containers under one number).
    let mut separate = c.clone();
    assert!(matches!(
        separate.mark_charge_separate("fb", "zhou", ""),
        Err(DomainError::ReasonRequired)
    ));
    separate
        .mark_charge_separate("fb", "zhou", "two containers")
        .unwrap();
    assert!(separate.charge_twins().is_empty());
    assert_eq!(separate.payables_outstanding()["USD"], amount("1600"));

    // Or one is voided: the other stands alone.
    c.void_charge("fa", "zhou", "entered twice").unwrap();
    assert!(c.charge_twins().is_empty());
    assert_eq!(c.payable_outstanding("fb"), amount("800"));
    assert_eq!(c.payables_outstanding()["USD"], amount("800"));
}

/// The same lab invoice raised on two devices, and paid in full on one of them before they
/// meet: the paid one stands wherever it sorts, so the twin is the one not paid.
#[test]
fn of_two_alike_the_paid_one_stands() {
    let w = workspace();
    let (mut a, mut b) = pair(&Commercial::new("order-doc", "USD"));
    edit(&mut a, "li", |c: &mut Commercial| {
        c.add_other_charge("fb", charge("lab", "300", "SGS report 5521", "li"), &w)
            .unwrap();
        c.request_payment("r", ask("fb", "300", "wang")).unwrap();
        c.decide_request("r", true, "zhou", "").unwrap();
        c.pay("p", payment("fb", "r", "300"), false, day("2026-03-01"))
            .unwrap();
    });
    edit(&mut b, "zhao", |c: &mut Commercial| {
        // Raised before Li's on this phone's calendar, under an id sorting first.
        let earlier = OtherCharge {
            today: day("2026-05-01"),
            ..charge("lab", "300", "SGS report 5521", "zhao")
        };
        c.add_other_charge("fa", earlier, &w).unwrap();
    });
    let c: Commercial = merged(&mut a, &mut b);
    assert_eq!(
        c.charge_twins().get("fa").map(String::as_str),
        Some("fb"),
        "the paid charge stands"
    );
    assert_eq!(
        c.payables_outstanding().get("USD").copied(),
        Some(Price::ZERO)
    );
}
