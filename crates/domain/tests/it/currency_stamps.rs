//! Money keeps the currency it was recorded in, tried across devices: a receipt or a buyer's
//! deduction recorded on one device while another switched the books to another currency
//! (allowed there: it held no money) is, after the merge, money in a currency the books are no
//! longer kept in — it counts for nothing, opens no gate, is not confirmed and is named on
//! Money, instead of being read as the new currency's; switching the books back is allowed and
//! makes it count again; money from before the stamps counts as it always did.

use crate::common::*;
use crate::deductions::{deducting, ready};
use gendan_domain::commercial::{Commercial, MoneyKind};
use gendan_domain::problem::{Field, Issue};
use gendan_domain::receipts::Takings;
use gendan_domain::{deductions, DomainError, Price};

fn amount(s: &str) -> Price {
    s.parse().unwrap()
}

fn takings<'a>(a: &str, reference: &'a str, who: &'a str) -> Takings<'a> {
    Takings {
        amount: amount(a),
        date: day("2026-06-20"),
        reference,
        note: "",
        who,
        today: day("2026-06-21"),
    }
}

fn not_books_currency(r: Result<(), DomainError>, currency: &str) {
    match r {
        Err(DomainError::Problem(p))
            if p.field == Field::Currency
                && p.issue == Issue::NotBooksCurrency(currency.to_string()) => {}
        other => panic!("expected NotBooksCurrency({currency}), got {other:?}"),
    }
}

/// Books planned and holding no money yet: what another device may switch to another currency.
fn unpaid() -> (gendan_domain::Order, Commercial) {
    let (o, mut c) = ready();
    c.receipts.clear();
    (o, c)
}

/// The books on two devices: on the office's, `record` runs; on the other, the books switch to
/// EUR (nothing there is money yet, so the switch is allowed). Returns the merge.
fn merged_with_a_switch(c: &Commercial, record: impl FnOnce(&mut Commercial)) -> Commercial {
    let (mut office, mut other) = pair(c);
    edit::<Commercial>(&mut office, "li", record);
    edit::<Commercial>(&mut other, "chen", |c| {
        c.set_unit_price(c.unit_price, "EUR".into()).unwrap();
    });
    merged(&mut office, &mut other)
}

#[test]
fn a_receipt_recorded_while_another_device_switched_the_currency_counts_for_nothing() {
    let (o, c) = unpaid();
    let before = c.received();
    let merged = merged_with_a_switch(&c, |c| {
        c.record_receipt("r1", takings("700", "TT-9", "li"))
            .unwrap();
        c.confirm_receipt("r1", "finance").unwrap();
    });
    assert_eq!(merged.currency, "EUR");
    assert_eq!(merged.receipts["r1"].currency, "USD");
    // Not read as EUR 700: nothing more received, the balance not settled.
    assert_eq!(merged.received(), before);
    assert!(!merged.balance_confirmed_for(&o));
    assert_eq!(
        merged.other_currency_money(),
        vec![(MoneyKind::Receipt, "r1".into(), "USD".into(), amount("700"))]
    );
    // Switching back to USD is allowed (no money is in EUR), and it counts again.
    let mut back = merged.clone();
    back.set_unit_price(back.unit_price, "usd".into()).unwrap();
    assert_eq!(back.received(), before.checked_add(amount("700")).unwrap());
    assert!(back.other_currency_money().is_empty());
}

#[test]
fn a_receipt_in_another_currency_is_not_confirmed_nor_asked_to_be() {
    let (_, c) = unpaid();
    let mut merged = merged_with_a_switch(&c, |c| {
        c.record_receipt("r1", takings("700", "TT-9", "li"))
            .unwrap();
    });
    not_books_currency(merged.confirm_receipt("r1", "finance"), "USD");
    assert_eq!(merged.receipts["r1"].confirmed_by, None);
    assert!(merged.counted_receipts().all(|(id, _)| id != "r1"));
    // Voided, it is no longer named.
    merged
        .void_receipt("r1", "li", "recorded again in EUR")
        .unwrap();
    assert!(merged.other_currency_money().is_empty());
}

#[test]
fn a_deduction_recorded_while_another_device_switched_the_currency_counts_for_nothing() {
    let (o, c) = unpaid();
    let merged = merged_with_a_switch(&c, |c| {
        deductions::record(c, &o, "d1", deducting("200", "DN-1", "li")).unwrap();
        deductions::confirm(c, "d1", "finance").unwrap();
    });
    assert_eq!(merged.deductions["d1"].currency, "USD");
    assert_eq!(deductions::deducted(&merged), Price::ZERO);
    assert_eq!(merged.settled(), merged.received());
    assert_eq!(
        merged.other_currency_money(),
        vec![(
            MoneyKind::Deduction,
            "d1".into(),
            "USD".into(),
            amount("200")
        )]
    );

    let mut unconfirmed = merged_with_a_switch(&c, |c| {
        deductions::record(c, &o, "d1", deducting("200", "DN-1", "li")).unwrap();
    });
    not_books_currency(
        deductions::confirm(&mut unconfirmed, "d1", "finance"),
        "USD",
    );
    assert_eq!(deductions::unconfirmed(&unconfirmed), Price::ZERO);
}

#[test]
fn money_from_before_the_stamps_and_stamps_in_another_case_count_as_before() {
    let (o, mut c) = ready();
    assert_eq!(
        c.receipts["dep"].currency, "",
        "written as an older build did"
    );
    c.set_unit_price(c.unit_price, "EUR".into())
        .expect_err("money in the books' currency holds the currency");
    c.record_receipt("r1", takings("700", "TT-9", "li"))
        .unwrap();
    c.receipts.get_mut("r1").unwrap().currency = " usd ".into();
    c.confirm_receipt("r1", "finance").unwrap();
    assert_eq!(c.received(), amount("1000"));
    assert!(c.balance_confirmed_for(&o));
    assert!(c.other_currency_money().is_empty());
}

#[test]
fn money_in_another_currency_makes_no_twin_and_holds_no_currency() {
    let (o, c) = unpaid();
    let mut merged = merged_with_a_switch(&c, |c| {
        c.record_receipt("r1", takings("700", "TT-9", "li"))
            .unwrap();
    });
    // The same bank reference again is refused while the USD receipt stands: void it first.
    refused(
        merged.record_receipt("r2", takings("700", "TT-9", "li")),
        Field::ReceiptReference,
        Issue::Duplicate("TT-9".into()),
    );
    // Money of the same amount on the same day in EUR is no twin of the USD receipt, and counts.
    merged
        .record_receipt("r2", takings("700", "", "li"))
        .unwrap();
    merged
        .record_receipt("r3", takings("300", "", "li"))
        .unwrap();
    assert!(merged.receipt_twins().is_empty());
    merged.confirm_receipt("r2", "finance").unwrap();
    merged.confirm_receipt("r3", "finance").unwrap();
    assert!(merged.balance_confirmed_for(&o));
    // Money in EUR now holds the books' currency; the USD receipt alone would not.
    not_switch(&merged);
    merged.void_receipt("r2", "li", "wrong").unwrap();
    merged.void_receipt("r3", "li", "wrong").unwrap();
    merged.may_keep_in("GBP").unwrap();
}

fn not_switch(c: &Commercial) {
    assert!(c.may_keep_in("GBP").is_err());
}

/// A charge raised by hand and a PO's price, both left blank for "the books' currency", while
/// another device switched the books to EUR (allowed there: nothing was money yet): they were
/// read in EUR after the merge, so a courier's USD 350 was requested, approved and paid as EUR
/// 350, and a fabric price reconciled into a EUR charge. Left blank, each is stamped with the
/// books' currency when entered.
#[test]
fn a_charge_and_a_po_price_entered_while_another_device_switched_the_currency_keep_theirs() {
    use gendan_domain::other_charges::{ChargeKind, OtherCharge};
    use gendan_domain::workspace::{Party, PartyKind, Workspace};
    let (_, c) = unpaid();
    assert_eq!(c.currency, "USD");
    let mut w = Workspace::default();
    w.parties.insert(
        "fwd".into(),
        Party {
            kind: PartyKind::Supplier,
            name: "Forwarder".into(),
            ..Party::default()
        },
    );
    let merged = merged_with_a_switch(&c, |c| {
        c.add_other_charge(
            "f1",
            OtherCharge {
                supplier_party_id: "fwd",
                kind: ChargeKind::Freight,
                amount: amount("350"),
                currency: "",
                due: Some(day("2026-05-20")),
                note: "DHL AWB 1",
                who: "li",
                today: day("2026-05-10"),
            },
            &w,
        )
        .unwrap();
        c.set_po_price("po1", Some(amount("12.5")), " ");
    });
    assert_eq!(merged.currency, "EUR");
    assert_eq!(merged.payable_currency("f1"), "USD");
    assert_eq!(merged.po_currency("po1"), "USD");
    // Typed with a currency of its own, that one is kept.
    let mut own = c.clone();
    own.set_po_price("po2", Some(amount("3")), "cny");
    assert_eq!(own.po_currency("po2"), "CNY");
}
