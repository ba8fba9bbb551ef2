//! 付款申请 over real documents: asked, decided by someone else, paid; and the paths around
//! it — the asker deciding, paying without or beyond a request, two devices asking or approving
//! offline for the same invoice, and an approval and a rejection merged.

use crate::common::*;
use gendan_domain::commercial::{Commercial, Payable, Payment, RequestStatus};
use gendan_domain::pay_requests::Ask;
use gendan_domain::problem::Issue;
use gendan_domain::{DomainError, Price};

fn amount(s: &str) -> Price {
    s.parse().unwrap()
}

/// Books owing a fabric mill 1,000 on one charge, and crediting it 50 on another.
fn books() -> Commercial {
    let mut c = Commercial::new("order-doc", "USD");
    c.payables.insert(
        "p1".into(),
        Payable {
            purchase_order: "po1".into(),
            supplier: "mill".into(),
            amount: amount("1000"),
            ..Payable::default()
        },
    );
    c.payables.insert(
        "cr".into(),
        Payable {
            purchase_order: "po2".into(),
            supplier: "mill".into(),
            amount: amount("50"),
            kind: gendan_domain::commercial::PayableKind::Credit,
            ..Payable::default()
        },
    );
    c
}

fn ask<'a>(payable: &'a str, a: &str, who: &'a str) -> Ask<'a> {
    Ask {
        payable,
        amount: amount(a),
        who,
        day: day("2026-04-01"),
        note: "invoice SX-118",
    }
}

fn payment(request: &str, a: &str) -> Payment {
    Payment {
        payable: "p1".into(),
        amount: amount(a),
        paid_by: "finance".into(),
        request: request.into(),
        ..Payment::default()
    }
}

fn more_than_owed(r: Result<(), DomainError>) -> Option<Price> {
    match r {
        Err(DomainError::Problem(p)) => match p.issue {
            Issue::MoreThanOwed(room) => Some(room),
            _ => None,
        },
        _ => None,
    }
}

#[test]
fn a_request_is_decided_by_someone_else_and_paid_up_to_its_amount() {
    let mut c = books();
    // Nothing, a credit, or more than is owed cannot be asked for.
    assert!(c.request_payment("r0", ask("p1", "0", "li")).is_err());
    assert!(matches!(
        c.request_payment("r0", ask("cr", "10", "li")),
        Err(DomainError::NotFound { .. })
    ));
    assert_eq!(
        more_than_owed(c.request_payment("r0", ask("p1", "1000.01", "li"))),
        Some(amount("1000"))
    );
    c.request_payment("r1", ask("p1", "600", "li")).unwrap();
    assert_eq!(c.requestable("p1"), amount("400"));
    assert_eq!(c.requests_waiting().len(), 1);

    // Not paid while waiting, nor without a request when the team requires one.
    assert!(matches!(
        c.pay("x1", payment("r1", "600"), true, day("2026-03-01")),
        Err(DomainError::RequestNotApproved)
    ));
    assert!(matches!(
        c.pay("x1", payment("", "600"), true, day("2026-03-01")),
        Err(DomainError::PaymentWithoutRequest)
    ));
    // The asker does not decide; a rejection needs a reason.
    assert!(matches!(
        c.decide_request("r1", true, "li", ""),
        Err(DomainError::OwnRequest)
    ));
    // Nor under another spelling of the same name.
    for same in ["LI", " li ", "Ｌｉ"] {
        assert!(
            matches!(
                c.decide_request("r1", true, same, ""),
                Err(DomainError::OwnRequest)
            ),
            "{same}"
        );
    }
    assert!(matches!(
        c.decide_request("r1", false, "wang", " "),
        Err(DomainError::ReasonRequired)
    ));
    c.decide_request("r1", true, "wang", "").unwrap();
    assert!(matches!(
        c.decide_request("r1", false, "zhao", "too early"),
        Err(DomainError::RequestDecided)
    ));

    // Paid in two parts, never beyond the request.
    c.pay("x1", payment("r1", "250"), true, day("2026-03-01"))
        .unwrap();
    assert_eq!(c.request_unpaid("r1"), amount("350"));
    assert_eq!(
        more_than_owed(c.pay("x2", payment("r1", "400"), true, day("2026-03-01"))),
        Some(amount("350"))
    );
    c.pay("x2", payment("r1", "350"), true, day("2026-03-01"))
        .unwrap();
    assert_eq!(c.payment_requests["r1"].status, RequestStatus::Paid);
    assert_eq!(c.payable_outstanding("p1"), amount("400"));
    assert!(matches!(
        c.pay("x3", payment("r1", "1"), true, day("2026-03-01")),
        Err(DomainError::RequestNotApproved)
    ));
    // A team that does not require requests may still pay directly.
    c.pay("x3", payment("", "100"), false, day("2026-03-01"))
        .unwrap();
    assert_eq!(c.payable_outstanding("p1"), amount("300"));
    assert_eq!(c.requestable("p1"), amount("300"));
}

/// Two devices ask offline for the whole invoice: both requests merge, and only one can be
/// approved. Approved offline on both (by two people), the second payment finds nothing owed.
#[test]
fn two_devices_asking_for_the_same_invoice_never_pay_it_twice() {
    let (mut a, mut b) = pair(&books());
    edit::<Commercial>(&mut a, "li", |c| {
        c.request_payment("ra", ask("p1", "1000", "li")).unwrap()
    });
    edit::<Commercial>(&mut b, "zhou", |c| {
        c.request_payment("rb", ask("p1", "1000", "zhou")).unwrap()
    });
    let both: Commercial = merged(&mut a, &mut b);
    assert_eq!(both.requests_waiting().len(), 2);
    let mut decided = both.clone();
    decided.decide_request("ra", true, "wang", "").unwrap();
    assert_eq!(
        more_than_owed(decided.decide_request("rb", true, "wang", "")),
        Some(Price::ZERO)
    );

    // Each approved on its own device (both had both requests) before the devices met again,
    // then paid on one of them.
    edit::<Commercial>(&mut a, "wang", |c| {
        c.decide_request("ra", true, "wang", "").unwrap()
    });
    edit::<Commercial>(&mut b, "zhao", |c| {
        c.decide_request("rb", true, "zhao", "").unwrap()
    });
    let mut c: Commercial = merged(&mut a, &mut b);
    c.pay("x1", payment("ra", "1000"), true, day("2026-03-01"))
        .unwrap();
    assert_eq!(
        more_than_owed(c.pay("x2", payment("rb", "1000"), true, day("2026-03-01"))),
        Some(Price::ZERO)
    );
}

/// Approved and paid on one device, rejected on another: whichever decision the merge keeps,
/// the money paid is never hidden.
#[test]
fn a_payment_against_a_request_rejected_elsewhere_stays_in_sight() {
    let mut start = books();
    start.request_payment("r1", ask("p1", "400", "li")).unwrap();
    let (mut a, mut b) = pair(&start);
    edit::<Commercial>(&mut a, "wang", |c| {
        c.decide_request("r1", true, "wang", "").unwrap();
        c.pay("x1", payment("r1", "400"), true, day("2026-03-01"))
            .unwrap();
    });
    edit::<Commercial>(&mut b, "zhao", |c| {
        c.decide_request("r1", false, "zhao", "duplicate invoice")
            .unwrap()
    });
    let c: Commercial = merged(&mut a, &mut b);
    assert_eq!(c.request_paid("r1"), amount("400"));
    assert_eq!(c.payable_outstanding("p1"), amount("600"));
    let status = c.payment_requests["r1"].status.clone();
    assert!(
        status == RequestStatus::Paid || c.paid_but_rejected() == ["r1"],
        "{status:?}"
    );
}

/// One approved request paid in full on two devices offline, each within what it allowed
/// there: the charge is not overpaid (800 of 1,000), so nothing else names it, but 400 left
/// that nobody approved. The books say so.
#[test]
fn an_approved_request_paid_on_two_devices_names_what_went_beyond_it() {
    let mut start = books();
    start.request_payment("r1", ask("p1", "400", "li")).unwrap();
    start.decide_request("r1", true, "wang", "").unwrap();
    assert_eq!(start.paid_beyond("r1"), Price::ZERO);
    let (mut a, mut b) = pair(&start);
    edit::<Commercial>(&mut a, "fin", |c| {
        c.pay("x1", payment("r1", "400"), true, day("2026-04-02"))
            .unwrap()
    });
    edit::<Commercial>(&mut b, "boss", |c| {
        c.pay("x2", payment("r1", "400"), true, day("2026-04-02"))
            .unwrap()
    });
    let c: Commercial = merged(&mut a, &mut b);
    assert_eq!(c.request_paid("r1"), amount("800"));
    assert!(c.overpaid().is_empty(), "the charge itself is not overpaid");
    assert_eq!(c.paid_beyond("r1"), amount("400"));
    // Paid once as approved: nothing to say.
    let mut once = start.clone();
    once.pay("x1", payment("r1", "400"), true, day("2026-04-02"))
        .unwrap();
    assert_eq!(once.paid_beyond("r1"), Price::ZERO);
}

/// A request waiting for a decision is on Today, even once the order is closed (money is not
/// settled by closing it), and leaves Today when decided.
#[test]
fn a_waiting_request_is_on_today_until_it_is_decided() {
    use gendan_domain::agenda::Agenda;
    use gendan_domain::lifecycle::Gates;
    use gendan_domain::OrderStatus;
    let g = Gates::default();
    let mut o = full_order();
    o.status = OrderStatus::Closed;
    let mut c = books();
    c.request_payment("r1", ask("p1", "600", "li")).unwrap();
    let today = Agenda::of(&o, Some(&c), &g).today("A", day("2026-04-03"), 7);
    assert_eq!(today.pay_requests.len(), 1);
    assert_eq!(today.pay_requests[0].label, "USD 600.00 · li");
    assert_eq!(today.pay_requests[0].due, Some(day("2026-04-01")));
    // Stored and read back as a device keeps it.
    let kept: Agenda =
        serde_json::from_str(&serde_json::to_string(&Agenda::of(&o, Some(&c), &g)).unwrap())
            .unwrap();
    assert_eq!(kept.today("A", day("2026-04-03"), 7).pay_requests.len(), 1);
    c.decide_request("r1", false, "wang", "duplicate invoice")
        .unwrap();
    let today = Agenda::of(&o, Some(&c), &g).today("A", day("2026-04-03"), 7);
    assert!(today.pay_requests.is_empty());
}

/// Without requests a payment is still held to what the payable owes: a slip of a zero, a
/// payment of nothing, and a second payment after a credit are refused in words; two devices
/// paying the same invoice offline both stand, and the books say the supplier owes the excess
/// back.
#[test]
fn a_direct_payment_never_pays_more_than_the_payable_owes() {
    let mut c = books();
    assert_eq!(
        more_than_owed(c.pay("x1", payment("", "10000"), false, day("2026-03-01"))),
        Some(amount("1000"))
    );
    assert!(matches!(
        c.pay("x1", payment("", "0"), false, day("2026-03-01")),
        Err(DomainError::Problem(p)) if p.issue == Issue::NotPositive
    ));
    c.pay("x1", payment("", "700"), false, day("2026-03-01"))
        .unwrap();
    assert_eq!(
        more_than_owed(c.pay("x2", payment("", "400"), false, day("2026-03-01"))),
        Some(amount("300"))
    );
    // A credit on the same PO (goods rejected after the charge) lowers what may be paid.
    c.payables.insert(
        "cr1".into(),
        Payable {
            purchase_order: "po1".into(),
            supplier: "mill".into(),
            amount: amount("100"),
            kind: gendan_domain::commercial::PayableKind::Credit,
            ..Payable::default()
        },
    );
    assert_eq!(
        more_than_owed(c.pay("x2", payment("", "300"), false, day("2026-03-01"))),
        Some(amount("200"))
    );
    // An approved request does not reach past what a direct payment already settled.
    let mut r = books();
    r.request_payment("r1", ask("p1", "500", "li")).unwrap();
    r.decide_request("r1", true, "wang", "").unwrap();
    r.pay("x1", payment("", "800"), false, day("2026-03-01"))
        .unwrap();
    assert_eq!(
        more_than_owed(r.pay("x2", payment("r1", "500"), false, day("2026-03-01"))),
        Some(amount("200"))
    );

    // Offline on two devices, each within what it knew: both payments merge and stand.
    let (mut a, mut b) = pair(&books());
    edit::<Commercial>(&mut a, "li", |c| {
        c.pay("xa", payment("", "1000"), false, day("2026-03-01"))
            .unwrap()
    });
    edit::<Commercial>(&mut b, "zhou", |c| {
        c.pay("xb", payment("", "600"), false, day("2026-03-01"))
            .unwrap()
    });
    let both: Commercial = merged(&mut a, &mut b);
    assert_eq!(both.paid("p1"), amount("1600"));
    assert_eq!(both.payable_outstanding("p1"), Price::ZERO);
    assert_eq!(both.credit_balance("po1"), amount("600"));
}

/// Approval switched on while another device, offline, still pays directly: once merged, its
/// payment is named as paid without a request, with the day the rule started; payments from
/// before the switch stand, and a payment against an approved request is not named. Switched
/// off, what was paid while it was on stays named; what is paid after is not; switched on again,
/// a new period starts and the gap between stays free.
#[test]
fn a_payment_made_around_the_approval_rule_is_named() {
    use gendan_domain::lifecycle::Gates;
    let mut start = books();
    let mut before = payment("", "100");
    before.date = Some(day("2026-03-20"));
    start.pay("x0", before, false, day("2026-03-01")).unwrap();
    let (mut office, mut factory) = pair(&start);

    let mut g = Gates::default();
    g.require_payment_approval(true, day("2026-04-01"), "c1");
    // Switching it on again keeps the first day.
    g.require_payment_approval(true, day("2026-04-09"), "c2");
    assert_eq!(g.payment_approval_from(), Some(day("2026-04-01")));
    edit::<Commercial>(&mut office, "li", |c| {
        c.request_payment("r1", ask("p1", "300", "li")).unwrap();
        c.decide_request("r1", true, "wang", "").unwrap();
        let mut p = payment("r1", "300");
        p.date = Some(day("2026-04-02"));
        c.pay("x1", p, true, day("2026-03-01")).unwrap();
    });
    // The other device has not heard of the rule.
    edit::<Commercial>(&mut factory, "zhou", |c| {
        let mut p = payment("", "200");
        p.date = Some(day("2026-04-03"));
        c.pay("x2", p, false, day("2026-03-01")).unwrap();
    });
    let mut c: Commercial = merged(&mut office, &mut factory);
    let named = |c: &Commercial, g: &Gates| -> Vec<(String, gendan_domain::Day)> {
        c.paid_without_request(g)
            .into_iter()
            .map(|(id, _, since)| (id.clone(), since))
            .collect()
    };
    assert_eq!(named(&c, &g), [("x2".to_string(), day("2026-04-01"))]);

    g.require_payment_approval(false, day("2026-04-10"), "c3");
    assert_eq!(g.payment_approval_from(), None);
    let mut after = payment("", "50");
    after.date = Some(day("2026-04-12"));
    c.pay("x3", after, false, day("2026-03-01")).unwrap();
    assert_eq!(
        named(&c, &g),
        [("x2".to_string(), day("2026-04-01"))],
        "paid while it was on stays named; paid after it, not"
    );

    g.require_payment_approval(true, day("2026-04-20"), "c4");
    let mut later = payment("", "20");
    later.date = Some(day("2026-04-21"));
    c.pay("x4", later, false, day("2026-03-01")).unwrap();
    assert_eq!(
        named(&c, &g),
        [
            ("x2".to_string(), day("2026-04-01")),
            ("x4".to_string(), day("2026-04-20"))
        ]
    );
}

/// 付款处理能力: each supplier charge with a due day counts once paid off or past due, on time
/// when paid off by its due day, credited to its supplier and to the order's customer and
/// month; credits and charges without a due day do not count, nor does a cancelled order. The
/// facts travel in the order's agenda, as a device keeps it.
#[test]
fn suppliers_paid_on_time_counts_each_charge_by_its_due_day() {
    use gendan_domain::agenda::Agenda;
    use gendan_domain::lifecycle::Gates;
    use gendan_domain::report_facts::ReportFacts;
    use gendan_domain::reports::{KpiReport, Ratio};
    let charge = |supplier: &str, a: &str, due: &str| Payable {
        purchase_order: "po1".into(),
        supplier: supplier.into(),
        amount: amount(a),
        due: Some(day(due)),
        ..Payable::default()
    };
    let mut c = books();
    c.payables
        .insert("p1".into(), charge("mill", "1000", "2026-04-10"));
    c.payables
        .insert("p2".into(), charge("mill", "500", "2026-04-10"));
    c.payables
        .insert("p3".into(), charge("trims", "80", "2026-04-20"));
    c.payables
        .insert("p4".into(), charge("trims", "90", "2026-05-30"));
    c.payables.insert(
        "p5".into(),
        Payable {
            due: None,
            ..charge("trims", "70", "2026-04-01")
        },
    );
    let pay = |c: &mut Commercial, id: &str, payable: &str, a: &str, on: &str| {
        let mut p = payment("", a);
        p.payable = payable.into();
        p.date = Some(day(on));
        c.pay(id, p, false, day("2026-03-01")).unwrap();
    };
    // p1 in two parts, the last on its due day: on time.
    pay(&mut c, "x1", "p1", "400", "2026-04-01");
    pay(&mut c, "x2", "p1", "600", "2026-04-10");
    // p2 paid off a day late.
    pay(&mut c, "x3", "p2", "500", "2026-04-11");
    // p3 half paid and past due: late; p4 not due yet: not counted; p5 has no due day.
    pay(&mut c, "x4", "p3", "40", "2026-04-15");
    assert_eq!(c.paid_off("p1"), Some(day("2026-04-10")));
    assert_eq!(c.paid_off("p3"), None);

    let mut o = full_order();
    o.customer = "Nordic Wear".into();
    let kept: Agenda = serde_json::from_str(
        &serde_json::to_string(&Agenda::of(&o, Some(&c), &Gates::default())).unwrap(),
    )
    .unwrap();
    assert_eq!(kept.paid.len(), 4);
    let facts = ReportFacts::of(&o);
    let mut r = KpiReport::default();
    facts.add_payments_to(&mut r, &kept.paid, day("2026-05-01"));
    let ratio = |num, den| Ratio { num, den };
    assert_eq!(r.overall.suppliers_paid_on_time, ratio(1, 3));
    assert_eq!(r.by_factory["mill"].suppliers_paid_on_time, ratio(1, 2));
    assert_eq!(r.by_factory["trims"].suppliers_paid_on_time, ratio(0, 1));
    assert_eq!(
        r.by_customer["Nordic Wear"].suppliers_paid_on_time,
        ratio(1, 3)
    );
    // The KPIs read straight from the documents say the same.
    let direct = gendan_domain::reports::kpis(
        &[gendan_domain::reports::OrderFacts {
            id: "A",
            order: &o,
            commercial: Some(&c),
        }],
        day("2026-05-01"),
    );
    assert_eq!(direct.overall.suppliers_paid_on_time, ratio(1, 3));
    assert_eq!(direct.by_factory["trims"], r.by_factory["trims"]);

    // Without the books (a factory's device) there is nothing to count.
    assert!(Agenda::of(&o, None, &Gates::default()).paid.is_empty());
    // A cancelled order counts for no KPI.
    o.status = gendan_domain::OrderStatus::Cancelled;
    let mut none = KpiReport::default();
    ReportFacts::of(&o).add_payments_to(&mut none, &kept.paid, day("2026-05-01"));
    assert_eq!(none.overall.suppliers_paid_on_time, Ratio::default());
}

/// 付款跟进 on Today: a supplier charge not paid off is listed once it falls due within the
/// week or is overdue, with what is still owed and its PO, even on a closed order; paid off, or
/// due later, it is not; a factory's device, without the books, lists nothing.
#[test]
fn a_supplier_charge_falling_due_is_on_today_until_it_is_paid_off() {
    use gendan_domain::agenda::Agenda;
    use gendan_domain::lifecycle::Gates;
    let g = Gates::default();
    let o = closed_with_a_fabric_po();
    let mut c = books();
    c.payables.get_mut("p1").unwrap().due = Some(day("2026-04-05"));
    let mut later = c.payables["p1"].clone();
    later.due = Some(day("2026-05-30"));
    c.payables.insert("p2".into(), later);
    let mut part = payment("", "250");
    part.date = Some(day("2026-04-01"));
    c.pay("x1", part, false, day("2026-03-01")).unwrap();
    let kept: Agenda =
        serde_json::from_str(&serde_json::to_string(&Agenda::of(&o, Some(&c), &g)).unwrap())
            .unwrap();
    let today = kept.today("A", day("2026-04-01"), 7);
    assert_eq!(today.payables_due.len(), 1);
    assert_eq!(today.payables_due[0].label, "FB-7 · Jersey · USD 750.00");
    assert_eq!(today.payables_due[0].due, Some(day("2026-04-05")));
    // Overdue a week later, still listed.
    assert_eq!(kept.today("A", day("2026-04-12"), 7).payables_due.len(), 1);

    let mut rest = payment("", "750");
    rest.date = Some(day("2026-04-04"));
    c.pay("x2", rest, false, day("2026-03-01")).unwrap();
    let paid = Agenda::of(&o, Some(&c), &g).today("A", day("2026-04-12"), 7);
    assert!(paid.payables_due.is_empty(), "{:?}", paid.payables_due);
    assert!(Agenda::of(&o, None, &g)
        .today("A", day("2026-04-01"), 7)
        .payables_due
        .is_empty());
}

/// "Suppliers paid on time" is judged on the day a payment was made. A payment typed on or
/// before its charge's due day but entered after it would count on time: refused without a
/// reason, kept with it and said as an exception. A payment with no day typed counts from the
/// day it was entered, not as paid on the due day.
#[test]
fn a_supplier_payment_backdated_to_its_due_day_after_it_passed_says_why() {
    use gendan_domain::activity::{money_events, Event};
    use gendan_domain::lifecycle::Gates;
    use gendan_domain::problem::{Field, Problem};
    let mut c = books();
    let due = day("2026-04-10");
    c.payables.get_mut("p1").unwrap().due = Some(due);
    let late_entry = |reason: &str| Payment {
        date: Some(day("2026-04-09")),
        late_entry_reason: reason.into(),
        ..payment("", "1000")
    };
    let entered = day("2026-04-20");
    let before = c.clone();
    let e = c.pay("x1", late_entry(" "), false, entered).unwrap_err();
    assert!(
        matches!(&e, DomainError::Problem(p) if *p == Problem::new(Field::PaymentDate, Issue::EnteredAfterDue)),
        "{e}"
    );
    assert_eq!(c, before, "nothing recorded");
    c.pay(
        "x1",
        late_entry("bank slip came a week late"),
        false,
        entered,
    )
    .unwrap();
    assert_eq!(
        c.paid_off("p1"),
        Some(day("2026-04-09")),
        "by its day, said"
    );
    let ev = money_events(Some(&before), &c, &Gates::default());
    assert!(
        ev.iter().any(|e| e.is_exception()
            && matches!(e, Event::PaymentEnteredLate { recorded, reason, .. }
                if *recorded == Some(day("2026-04-20")) && reason == "bank slip came a week late")),
        "{ev:?}"
    );

    // Entered by the due day, or dated after it: nothing to say, and a stale reason is dropped.
    let mut d = books();
    d.payables.get_mut("p1").unwrap().due = Some(due);
    let on_time = Payment {
        date: Some(day("2026-04-09")),
        late_entry_reason: "stale".into(),
        ..payment("", "400")
    };
    d.pay("y1", on_time, false, day("2026-04-10")).unwrap();
    assert!(d.payments["y1"].late_entry_reason.is_empty());
    // No day typed: it counts from the day it was entered, after the due day.
    let undated = Payment {
        date: None,
        // What the caller says of the day it was entered is not taken: the day given is.
        recorded: Some(day("2026-04-01")),
        ..payment("", "600")
    };
    d.pay("y2", undated, false, day("2026-04-15")).unwrap();
    assert_eq!(
        d.paid_off("p1"),
        Some(day("2026-04-15")),
        "late, not on its due day"
    );
}
