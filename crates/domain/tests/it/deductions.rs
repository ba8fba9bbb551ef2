//! 客户扣款 over real documents, tried from every side: a deduction names a complaint of the
//! order and keeps back at most what the buyer still owes; whoever records it does not confirm
//! it, and only a confirmed one settles the balance and opens its gate — never the deposit's;
//! a void merged with a confirmation made elsewhere takes it out of the gate again; the same
//! debit note entered on two devices counts once; what merged deductions put beyond what is
//! owed is shown; and all of it is money said in the day, never to a factory.

use crate::common::*;
use gendan_domain::activity::{money_events, Event};
use gendan_domain::commercial::{Commercial, Receipt};
use gendan_domain::deductions::{self, Deducting};
use gendan_domain::gate::Gate;
use gendan_domain::lifecycle::{transition, violations, Gates, Violation};
use gendan_domain::order::{Field, Issue};
use gendan_domain::{DomainError, Order, OrderStatus, Price};

fn amount(s: &str) -> Price {
    s.parse().unwrap()
}

/// A full order (1,000 pieces at USD 1, complaint "c1") ready to ship, its books planned at a
/// deposit of 300 and a balance of 700, the deposit received and confirmed.
pub(crate) fn ready() -> (Order, Commercial) {
    let mut o = full_order();
    o.status = OrderStatus::ReadyToShip;
    let mut c = Commercial::new("order-doc", "USD");
    c.unit_price = Some(amount("1"));
    c.terms.deposit_bp = 3_000;
    c.plan_receivables(&o).unwrap();
    c.receipts.insert("dep".into(), confirmed_receipt("300"));
    (o, c)
}

pub(crate) fn confirmed_receipt(a: &str) -> Receipt {
    Receipt {
        amount: amount(a),
        recorded_by: "li".into(),
        confirmed_by: Some("finance".into()),
        ..Receipt::default()
    }
}

pub(crate) fn deducting<'a>(a: &str, reference: &'a str, who: &'a str) -> Deducting<'a> {
    Deducting {
        complaint: "c1",
        amount: amount(a),
        agreed: day("2026-06-20"),
        reference,
        note: "",
        who,
        today: day("2026-06-21"),
    }
}

/// Only the balance and the money matter here: no sample or final-lot gate.
pub(crate) fn money_gates() -> Gates {
    Gates {
        samples_before_production: false,
        final_inspection_before_shipping: false,
        buyer_confirmed_before_production: false,
        ..Gates::default()
    }
}

pub(crate) fn ships(o: &Order, c: &Commercial) -> Result<(), DomainError> {
    let mut o = o.clone();
    transition(
        &mut o,
        Some(c),
        OrderStatus::Shipped,
        &money_gates(),
        "li",
        1,
        None,
    )
}

#[test]
fn a_deduction_names_a_complaint_and_keeps_back_at_most_what_is_still_owed() {
    let (o, mut c) = ready();
    let mut other = deducting("100", "", "li");
    other.complaint = "nope";
    assert!(matches!(
        deductions::record(&mut c, &o, "d0", other),
        Err(DomainError::NotFound { .. })
    ));
    let mut no_currency = c.clone();
    no_currency.currency = String::new();
    refused(
        deductions::record(&mut no_currency, &o, "d0", deducting("100", "", "li")),
        Field::Currency,
        Issue::Required,
    );
    refused(
        deductions::record(&mut c, &o, "d0", deducting("0", "", "li")),
        Field::DeductionAmount,
        Issue::NotPositive,
    );
    let mut later = deducting("100", "", "li");
    later.agreed = day("2026-06-22");
    refused(
        deductions::record(&mut c, &o, "d0", later),
        Field::DeductionDay,
        Issue::InFuture,
    );
    // 1,000 owed, 300 received: at most 700 may be kept back.
    refused(
        deductions::record(&mut c, &o, "d0", deducting("700.01", "", "li")),
        Field::DeductionAmount,
        Issue::MoreThanOwed(amount("700")),
    );
    deductions::record(&mut c, &o, "d1", deducting("200", "DN-7", "li")).unwrap();
    assert!(!c.deductions.is_empty() && deductions::deducted(&c) == Price::ZERO);
    // A deduction waiting for its confirmation already takes its room, and so does a receipt.
    c.receipts.insert("bal".into(), confirmed_receipt("400"));
    refused(
        deductions::record(&mut c, &o, "d2", deducting("100.01", "", "li")),
        Field::DeductionAmount,
        Issue::MoreThanOwed(amount("100")),
    );
    // The same debit note twice on one device is refused, whatever its case.
    refused(
        deductions::record(&mut c, &o, "d2", deducting("50", " dn-7 ", "li")),
        Field::DeductionReference,
        Issue::Duplicate("dn-7".into()),
    );
    // A void frees its room and its number.
    assert!(matches!(
        deductions::void(&mut c, "d1", "Zhou", " "),
        Err(DomainError::ReasonRequired)
    ));
    deductions::void(&mut c, "d1", "Zhou", "buyer withdrew the note").unwrap();
    deductions::record(&mut c, &o, "d2", deducting("300", "DN-7", "li")).unwrap();
    assert_eq!(
        c.deductions["d1"].voided.as_deref(),
        Some("Zhou — buyer withdrew the note"),
        "a void stays in the books"
    );
    assert_eq!(deductions::listed(&c).len(), 2);
    // Kept back in dollars, the books stay in dollars: USD 300 would otherwise read as EUR 300.
    let mut books = Commercial::new("order-doc", "USD");
    books.unit_price = Some(amount("1"));
    books.plan_receivables(&o).unwrap();
    deductions::record(&mut books, &o, "d1", deducting("50", "", "li")).unwrap();
    refused(
        books.may_keep_in("EUR"),
        Field::Currency,
        Issue::CurrencyInUse("USD".into()),
    );
    deductions::void(&mut books, "d1", "li", "typed on the wrong order").unwrap();
    books.may_keep_in("EUR").unwrap();
}

#[test]
fn only_a_deduction_someone_else_confirmed_settles_the_balance_and_never_the_deposit() {
    let (o, mut c) = ready();
    c.receipts.insert("bal".into(), confirmed_receipt("500"));
    assert!(
        matches!(ships(&o, &c), Err(DomainError::GateClosed { gates }) if gates == [Gate::Balance])
    );
    deductions::record(&mut c, &o, "d1", deducting("200", "DN-7", "li")).unwrap();
    assert_eq!(c.balance_due(&o), amount("200"), "recorded is not settled");
    assert_eq!(deductions::waiting_on(&c, "c1"), amount("200"));
    assert!(
        ships(&o, &c).is_err(),
        "one person alone does not release the goods"
    );
    for me in ["li", " Li ", "LI"] {
        assert!(matches!(
            deductions::confirm(&mut c, "d1", me),
            Err(DomainError::OwnDeduction)
        ));
    }
    deductions::confirm(&mut c, "d1", "finance").unwrap();
    assert_eq!(c.balance_due(&o), Price::ZERO);
    assert_eq!(deductions::of_complaint(&c, "c1"), amount("200"));
    assert_eq!(deductions::waiting_on(&c, "c1"), Price::ZERO);
    assert!(c.balance_opens_gate_for(&o) && c.balance_confirmed());
    ships(&o, &c).unwrap();

    // No deposit received: a deduction as large as the deposit does not start production.
    let mut fresh = o.clone();
    fresh.status = OrderStatus::Confirmed;
    let mut books = c.clone();
    books.receipts.clear();
    deductions::void(&mut books, "d1", "finance", "retyped").unwrap();
    deductions::record(&mut books, &fresh, "d2", deducting("300", "DN-8", "li")).unwrap();
    deductions::confirm(&mut books, "d2", "finance").unwrap();
    assert!(!books.deposit_confirmed(&fresh));
    let g = Gates {
        deposit_before_production: true,
        ..money_gates()
    };
    let r = transition(
        &mut fresh,
        Some(&books),
        OrderStatus::InProduction,
        &g,
        "li",
        1,
        None,
    );
    assert!(
        matches!(&r, Err(DomainError::GateClosed { gates }) if gates == &[Gate::Deposit]),
        "{r:?}"
    );
    // What is still owed: the deposit, whole; the balance, less what was kept back.
    assert_eq!(
        books.open_receivables(&fresh).map(|(p, _)| p),
        [amount("300"), amount("400")]
    );
}

#[test]
fn a_void_merged_with_a_confirmation_made_elsewhere_closes_the_balance_gate_again() {
    let (o, mut c) = ready();
    c.receipts.insert("bal".into(), confirmed_receipt("500"));
    deductions::record(&mut c, &o, "d1", deducting("200", "DN-7", "li")).unwrap();
    let (mut a, mut b) = pair(&c);
    edit::<Commercial>(&mut a, "finance", |c| {
        deductions::confirm(c, "d1", "finance").unwrap();
    });
    edit::<Commercial>(&mut b, "zhou", |c| {
        deductions::void(c, "d1", "Zhou", "buyer withdrew it").unwrap();
    });
    let confirmed_here: Commercial = gendan_domain::document::read(&a).unwrap();
    let both: Commercial = merged(&mut a, &mut b);
    assert_eq!(deductions::deducted(&both), Price::ZERO);
    assert_eq!(both.balance_due(&o), amount("200"));
    assert!(ships(&o, &both).is_err());
    assert!(matches!(
        deductions::confirm(&mut both.clone(), "d1", "wang"),
        Err(DomainError::DeductionVoided)
    ));

    // Shipped on the confirmation before the void arrived: the merged order says so.
    let mut gone = o.clone();
    transition(
        &mut gone,
        Some(&confirmed_here),
        OrderStatus::Shipped,
        &money_gates(),
        "li",
        2,
        None,
    )
    .unwrap();
    assert!(
        violations(&gone, Some(&both), &money_gates()).contains(&Violation::GateNotMet {
            status: OrderStatus::Shipped,
            gate: Gate::Balance,
        })
    );
}

#[test]
fn the_same_debit_note_entered_on_two_devices_counts_once() {
    let (o, mut c) = ready();
    c.receipts.insert("bal".into(), confirmed_receipt("300"));
    for (a_ref, b_ref) in [("DN-7", "dn-7"), ("", "DN-7"), ("", "")] {
        let (mut a, mut b) = pair(&c);
        edit::<Commercial>(&mut a, "li", |c| {
            deductions::record(c, &o, "da", deducting("400", a_ref, "li")).unwrap();
            deductions::confirm(c, "da", "finance").unwrap();
        });
        edit::<Commercial>(&mut b, "wang", |c| {
            let mut d = deducting("400", b_ref, "wang");
            d.today = day("2026-06-22");
            deductions::record(c, &o, "db", d).unwrap();
        });
        let mut both: Commercial = merged(&mut a, &mut b);
        let twins = deductions::twins(&both);
        assert_eq!(
            twins.into_iter().collect::<Vec<_>>(),
            [("db".to_string(), "da".to_string())],
            "{a_ref:?} / {b_ref:?}: the confirmed one stands"
        );
        assert!(matches!(
            deductions::confirm(&mut both, "db", "zhou"),
            Err(DomainError::DeductionTwin)
        ));
        assert_eq!(deductions::deducted(&both), amount("400"));
        assert_eq!(deductions::beyond(&both, &o), Price::ZERO);
        // Voiding the one that stood lets the other stand, to be confirmed on its own.
        deductions::void(&mut both, "da", "zhou", "entered twice").unwrap();
        assert!(deductions::twins(&both).is_empty());
        assert_eq!(deductions::deducted(&both), Price::ZERO);
        deductions::confirm(&mut both, "db", "zhou").unwrap();
        assert_eq!(deductions::deducted(&both), amount("400"));
    }
}

#[test]
fn deductions_merged_beyond_what_is_owed_are_shown_and_settle_no_more_than_it() {
    let (o, mut c) = ready();
    c.receipts.insert("bal".into(), confirmed_receipt("300"));
    let (mut a, mut b) = pair(&c);
    edit::<Commercial>(&mut a, "li", |c| {
        deductions::record(c, &o, "da", deducting("400", "DN-7", "li")).unwrap();
        deductions::confirm(c, "da", "finance").unwrap();
    });
    edit::<Commercial>(&mut b, "wang", |c| {
        deductions::record(c, &o, "db", deducting("150", "DN-9", "wang")).unwrap();
        deductions::confirm(c, "db", "finance").unwrap();
    });
    let both: Commercial = merged(&mut a, &mut b);
    assert_eq!(deductions::deducted(&both), amount("550"));
    assert_eq!(deductions::beyond(&both, &o), amount("150"));
    assert_eq!(both.balance_due(&o), Price::ZERO);
    assert_eq!(deductions::room(&both, &o), Price::ZERO);
    assert_eq!(both.open_receivables(&o).map(|(p, _)| p), [Price::ZERO; 2]);
}

#[test]
fn deductions_are_money_said_in_the_day_never_to_a_factory() {
    let (o, before) = ready();
    let gates = Gates::default();
    let mut c = before.clone();
    deductions::record(&mut c, &o, "d1", deducting("200", "DN-7", "li")).unwrap();
    let recorded = c.clone();
    deductions::confirm(&mut c, "d1", "finance").unwrap();
    let confirmed = c.clone();
    deductions::void(&mut c, "d1", "Zhou", "withdrawn").unwrap();
    let usd = |a: &str| (amount(a), "USD".to_string());
    let (a, cur) = usd("200");
    assert_eq!(
        money_events(Some(&before), &recorded, &gates),
        [Event::DeductionRecorded {
            amount: a,
            currency: cur.clone()
        }]
    );
    assert_eq!(
        money_events(Some(&recorded), &confirmed, &gates),
        [Event::BuyerDeducted {
            amount: a,
            currency: cur.clone()
        }]
    );
    let voided = money_events(Some(&confirmed), &c, &gates);
    assert_eq!(
        voided,
        [Event::DeductionVoided {
            amount: a,
            currency: cur.clone(),
            said: "Zhou — withdrawn".into()
        }]
    );
    assert!(voided[0].is_exception());
    // Recorded and confirmed between two reports: said once, as kept back.
    assert_eq!(
        money_events(Some(&before), &confirmed, &gates),
        [Event::BuyerDeducted {
            amount: a,
            currency: cur
        }]
    );
    // Recorded and voided between two reports: said once, by its void.
    let all = money_events(Some(&before), &c, &gates);
    assert_eq!(all.len(), 1, "{all:?}");
    for e in all {
        assert!(e.is_money() && !e.for_factory(), "{e:?}");
    }
}

#[test]
fn a_deduction_that_does_not_read_names_itself_and_the_books_stay_readable_elsewhere() {
    use automerge::transaction::Transactable;
    use automerge::ReadDoc;
    let (o, mut c) = ready();
    deductions::record(&mut c, &o, "d1", deducting("200", "DN-7", "li")).unwrap();
    let mut doc = books_doc(&c);
    let (_, map) = doc.get(automerge::ROOT, "deductions").unwrap().unwrap();
    let (_, d1) = doc.get(&map, "d1").unwrap().unwrap();
    doc.put(&d1, "amount", "two hundred").unwrap();
    let err = gendan_domain::document::read::<Commercial>(&doc).unwrap_err();
    let said = err.to_string();
    assert!(
        said.contains("deductions") && said.contains("amount"),
        "{said}"
    );
}

/// Money one person recorded is on Today until someone else confirms it: receipts and the
/// buyer's deductions, closed orders too; a twin or a voided one waits for nothing, and one its
/// recorder confirmed still waits.
#[test]
fn today_lists_money_waiting_for_a_second_person_until_confirmed() {
    use gendan_domain::agenda::Agenda;
    let gates = Gates::default();
    let listed = |o: &Order, c: &Commercial| -> Vec<String> {
        Agenda::of(o, Some(c), &gates)
            .today("A", day("2026-06-21"), 7)
            .money_to_confirm
            .iter()
            .map(|i| i.label.clone())
            .collect()
    };
    let (mut o, mut c) = ready();
    assert!(listed(&o, &c).is_empty(), "the deposit was confirmed");
    c.record_receipt(
        "r1",
        gendan_domain::receipts::Takings {
            amount: amount("500"),
            date: day("2026-06-20"),
            reference: "TT-1",
            note: "",
            who: "Li",
            today: day("2026-06-20"),
        },
    )
    .unwrap();
    deductions::record(&mut c, &o, "d1", deducting("200", "DN-7", "li")).unwrap();
    c.deductions.get_mut("d1").unwrap().confirmed_by = Some("LI".into());
    o.status = OrderStatus::Closed;
    assert_eq!(
        listed(&o, &c),
        ["receipt · USD 500.00 · Li", "deduction · USD 200.00 · li"]
    );
    c.confirm_receipt("r1", "finance").unwrap();
    deductions::confirm(&mut c, "d1", "finance").unwrap();
    assert!(listed(&o, &c).is_empty());
    // Stored and read back, the agenda says the same.
    deductions::void(&mut c, "d1", "finance", "withdrawn").unwrap();
    deductions::record(&mut c, &o, "d2", deducting("100", "DN-8", "li")).unwrap();
    let a = Agenda::of(&o, Some(&c), &gates);
    let kept: Agenda = serde_json::from_str(&serde_json::to_string(&a).unwrap()).unwrap();
    assert_eq!(kept.to_confirm, a.to_confirm);
    assert_eq!(a.to_confirm.len(), 1);
}
