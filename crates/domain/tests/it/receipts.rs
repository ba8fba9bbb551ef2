//! 收款 and 到账确认 over real documents, tried from every side: whoever records money does not
//! confirm it; the same transfer entered on two devices offline counts once after the merge,
//! whichever device confirmed it; a twin is confirmed only once someone says why it is money of
//! its own; a void (with its reason) takes money out of the gates, also when it meets a
//! confirmation made elsewhere; and the deposit gate follows all of it.

use crate::common::*;
use gendan_domain::commercial::Commercial;
use gendan_domain::problem::{Field, Issue};
use gendan_domain::receipts::Takings;
use gendan_domain::{DomainError, Price};

fn amount(s: &str) -> Price {
    s.parse().unwrap()
}

fn takings<'a>(a: &str, on: &str, reference: &'a str, who: &'a str) -> Takings<'a> {
    Takings {
        amount: amount(a),
        date: day(on),
        reference,
        note: "",
        who,
        today: day("2026-05-10"),
    }
}

/// Books asking a deposit of 300 and a balance of 700, nothing received.
fn books() -> Commercial {
    let mut c = Commercial::new("order-doc", "USD");
    c.receivables.deposit.amount = Some(amount("300"));
    c.receivables.balance.amount = Some(amount("700"));
    c
}

fn problem(r: Result<(), DomainError>) -> Option<(Field, Issue)> {
    match r {
        Err(DomainError::Problem(p)) => Some((p.field, p.issue)),
        _ => None,
    }
}

#[test]
fn whoever_records_money_received_does_not_confirm_it() {
    let o = full_order();
    let mut c = books();
    c.record_receipt("r1", takings("300", "2026-05-09", "", "li"))
        .unwrap();
    assert_eq!(c.received(), Price::ZERO);
    for me in ["li", " Li ", "LI"] {
        assert!(matches!(
            c.confirm_receipt("r1", me),
            Err(DomainError::OwnReceipt)
        ));
    }
    assert!(!c.deposit_confirmed(&o));
    assert_eq!(c.receipts["r1"].confirmed_by, None);

    c.confirm_receipt("r1", "finance").unwrap();
    assert_eq!(c.received(), amount("300"));
    assert_eq!(c.receipts["r1"].recorded_by, "li");
    assert_eq!(c.receipts["r1"].recorded, Some(day("2026-05-10")));
    // Confirmed once; a second confirmation (another device, later) changes nothing.
    c.confirm_receipt("r1", "wang").unwrap();
    assert_eq!(c.receipts["r1"].confirmed_by.as_deref(), Some("finance"));
}

#[test]
fn money_received_is_refused_in_words_for_nothing_a_day_to_come_or_a_transfer_already_in() {
    let mut c = books();
    assert_eq!(
        problem(c.record_receipt("r", takings("0", "2026-05-09", "", "li"))),
        Some((Field::ReceiptAmount, Issue::NotPositive))
    );
    assert_eq!(
        problem(c.record_receipt("r", takings("10", "2026-05-11", "", "li"))),
        Some((Field::ReceiptDate, Issue::InFuture))
    );
    c.record_receipt("r1", takings("300", "2026-05-09", "TT-881", "li"))
        .unwrap();
    assert_eq!(
        problem(c.record_receipt("r2", takings("30", "2026-05-10", " tt-881 ", "wang"))),
        Some((Field::ReceiptReference, Issue::Duplicate("tt-881".into())))
    );
    assert_eq!(c.receipts.len(), 1);
    // Voided (typed on the wrong order), its reference may be recorded again.
    c.void_receipt("r1", "li", "wrong order").unwrap();
    c.record_receipt("r2", takings("300", "2026-05-09", "TT-881", "li"))
        .unwrap();
}

/// Both devices record the customer's 300 offline and each has it confirmed: merged, the books
/// hold both entries, count 300 once and name the twin; the deposit of 600 stays closed.
#[test]
fn the_same_transfer_entered_on_two_devices_offline_counts_once() {
    let o = full_order();
    let mut start = books();
    start.receivables.deposit.amount = Some(amount("600"));
    let (mut a, mut b) = pair(&start);
    edit(&mut a, "li", |c: &mut Commercial| {
        c.record_receipt("ra", takings("300", "2026-05-09", "", "li"))
            .unwrap();
        c.confirm_receipt("ra", "finance").unwrap();
    });
    edit(&mut b, "wang", |c: &mut Commercial| {
        c.record_receipt("rb", takings("300", "2026-05-09", "", "wang"))
            .unwrap();
        c.confirm_receipt("rb", "zhao").unwrap();
    });
    let m: Commercial = merged(&mut a, &mut b);
    assert_eq!(m.receipts.len(), 2, "both entries are kept");
    assert_eq!(m.received(), amount("300"));
    assert_eq!(m.receipt_twins().len(), 1);
    assert!(!m.deposit_confirmed(&o));
    assert!(!m.deposit_opens_gate_for(&o, 0));

    // The same bank reference on both, typed with different amounts (one a typo): one transfer.
    let (mut a, mut b) = pair(&books());
    edit(&mut a, "li", |c: &mut Commercial| {
        c.record_receipt("ra", takings("300", "2026-05-09", "TT-9", "li"))
            .unwrap();
        c.confirm_receipt("ra", "finance").unwrap();
    });
    edit(&mut b, "wang", |c: &mut Commercial| {
        c.record_receipt("rb", takings("3000", "2026-05-08", "tt-9", "wang"))
            .unwrap();
        c.confirm_receipt("rb", "zhao").unwrap();
    });
    let m: Commercial = merged(&mut a, &mut b);
    assert_eq!(m.received(), amount("300"));

    // Two references, the same amount on the same day: two transfers, both count.
    let (mut a, mut b) = pair(&books());
    edit(&mut a, "li", |c: &mut Commercial| {
        c.record_receipt("ra", takings("300", "2026-05-09", "TT-1", "li"))
            .unwrap();
        c.confirm_receipt("ra", "finance").unwrap();
    });
    edit(&mut b, "wang", |c: &mut Commercial| {
        c.record_receipt("rb", takings("300", "2026-05-09", "TT-2", "wang"))
            .unwrap();
        c.confirm_receipt("rb", "zhao").unwrap();
    });
    let m: Commercial = merged(&mut a, &mut b);
    assert_eq!(m.received(), amount("600"));
    assert!(m.receipt_twins().is_empty());
}

/// Of a confirmed receipt and its unconfirmed twin, the confirmed one stands whatever the ids
/// and days, and the twin is not confirmed until someone says why it is money of its own.
#[test]
fn a_twin_is_confirmed_only_once_someone_says_it_is_money_of_its_own() {
    let mut c = books();
    c.record_receipt("z-first", takings("300", "2026-05-09", "", "li"))
        .unwrap();
    c.confirm_receipt("z-first", "finance").unwrap();
    // Entered again from a phone whose day reads earlier, under an id that sorts first.
    let again = Takings {
        today: day("2026-05-09"),
        ..takings("300", "2026-05-09", "", "li")
    };
    c.record_receipt("a-second", again).unwrap();
    assert_eq!(
        c.receipt_twins().get("a-second").map(String::as_str),
        Some("z-first")
    );
    assert!(matches!(
        c.confirm_receipt("a-second", "finance"),
        Err(DomainError::ReceiptTwin)
    ));
    assert_eq!(c.unconfirmed(), Price::ZERO, "a twin is not money to come");
    assert!(matches!(
        c.mark_receipt_separate("a-second", "finance", "  "),
        Err(DomainError::ReasonRequired)
    ));
    c.mark_receipt_separate("a-second", "finance", "two invoices paid the same day")
        .unwrap();
    assert!(c.receipt_twins().is_empty());
    c.confirm_receipt("a-second", "finance").unwrap();
    assert_eq!(c.received(), amount("600"));
    assert_eq!(
        c.receipts["a-second"].separate.as_deref(),
        Some("finance — two invoices paid the same day")
    );
}

/// A void takes the money out of the gates and says who and why; it meets a confirmation made
/// on another device offline and still counts nothing.
#[test]
fn a_voided_receipt_counts_for_nothing_even_confirmed_elsewhere() {
    let o = full_order();
    let mut start = books();
    start
        .record_receipt("r1", takings("300", "2026-05-09", "", "li"))
        .unwrap();
    assert!(matches!(
        start.clone().void_receipt("r1", "li", ""),
        Err(DomainError::ReasonRequired)
    ));
    let (mut a, mut b) = pair(&start);
    edit(&mut a, "finance", |c: &mut Commercial| {
        c.confirm_receipt("r1", "finance").unwrap();
        assert!(c.deposit_confirmed(&o));
    });
    edit(&mut b, "li", |c: &mut Commercial| {
        c.void_receipt("r1", "li", "the cheque bounced").unwrap();
    });
    let mut m: Commercial = merged(&mut a, &mut b);
    assert_eq!(m.receipts.len(), 1, "a void stays in the books");
    assert_eq!(m.received(), Price::ZERO);
    assert!(!m.deposit_confirmed(&o));
    assert_eq!(
        m.receipts["r1"].voided.as_deref(),
        Some("li — the cheque bounced")
    );
    assert!(matches!(
        m.confirm_receipt("r1", "zhao"),
        Err(DomainError::ReceiptVoided)
    ));

    // Voiding one of two twins leaves the other standing: the money counts once, not never.
    let mut c = books();
    c.record_receipt("r1", takings("300", "2026-05-09", "", "li"))
        .unwrap();
    c.record_receipt("r2", takings("300", "2026-05-09", "", "wang"))
        .unwrap();
    c.confirm_receipt("r1", "finance").unwrap();
    c.void_receipt("r1", "finance", "entered twice").unwrap();
    assert!(c.receipt_twins().is_empty());
    c.confirm_receipt("r2", "finance").unwrap();
    assert_eq!(c.received(), amount("300"));
}

/// The books' currency is what every amount recorded without its own currency is read in: once
/// money is recorded so, the order form (or a quote applied) cannot switch it, and USD 300
/// received does not become EUR 300; money in its own currency, or voided, does not hold it.
#[test]
fn the_books_currency_is_not_switched_once_money_is_recorded_in_it() {
    let mut c = books();
    c.set_unit_price(Some(amount("4.80")), "EUR".into())
        .unwrap();
    assert_eq!(
        c.currency, "EUR",
        "nothing recorded yet: planned amounts alone do not hold it"
    );
    c.set_unit_price(Some(amount("4.80")), "USD".into())
        .unwrap();

    c.record_receipt("r1", takings("300", "2026-05-09", "TT-1", "li"))
        .unwrap();
    let refused = c.set_unit_price(Some(amount("4.40")), "EUR".into());
    assert!(
        matches!(&refused, Err(DomainError::Problem(p)) if p.field == Field::Currency && p.issue == Issue::CurrencyInUse("USD".into())),
        "{refused:?}"
    );
    assert_eq!(
        (c.currency.as_str(), c.unit_price),
        ("USD", Some(amount("4.80"))),
        "nothing changed"
    );
    c.set_unit_price(Some(amount("4.40")), "usd".into())
        .unwrap();

    c.void_receipt("r1", "zhou", "bounced").unwrap();
    let mut charge = gendan_domain::commercial::Payable {
        amount: amount("50"),
        currency: "CNY".into(),
        ..Default::default()
    };
    c.payables.insert("p1".into(), charge.clone());
    c.set_unit_price(Some(amount("4.40")), "EUR".into())
        .unwrap();
    charge.currency = String::new();
    c.payables.insert("p2".into(), charge);
    assert!(
        c.set_unit_price(Some(amount("4.40")), "GBP".into())
            .is_err(),
        "a charge read in EUR"
    );
}

/// What a Chinese input method types is the same name and the same bank reference: "ｌｉ" does
/// not confirm what "li" recorded, and "ＴＴ－８８１" is the transfer "tt-881" already entered.
#[test]
fn full_width_or_invisible_characters_make_no_other_person_and_no_other_transfer() {
    for (a, b) in [
        ("li", "ｌｉ"),
        ("Li Na", "li\u{200B}na"),
        ("王 芳", "王芳"),
        ("li", "\u{FEFF}LI"),
    ] {
        assert!(gendan_domain::role::same_person(a, b), "{a:?} / {b:?}");
    }
    assert!(!gendan_domain::role::same_person("li", "lin"));
    assert!(
        !gendan_domain::role::same_person("\u{200B}", "\u{200B}"),
        "nobody"
    );
    let mut c = books();
    c.record_receipt("r1", takings("300", "2026-05-09", "tt-881", "li"))
        .unwrap();
    assert!(matches!(
        c.confirm_receipt("r1", "ｌｉ"),
        Err(DomainError::OwnReceipt)
    ));
    assert_eq!(
        problem(c.record_receipt("r2", takings("500", "2026-05-09", "ＴＴ－８８１", "li"))),
        Some((
            Field::ReceiptReference,
            Issue::Duplicate("ＴＴ－８８１".into())
        ))
    );
}
