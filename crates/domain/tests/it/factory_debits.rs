//! 向工厂扣款 over real documents: a debit names a complaint and a purchase order of the order,
//! at most the PO's value less the other debits; it offsets what the team still owes the
//! supplier, beyond that the supplier owes it back until refunded; reconciling the PO again
//! (对账) never charges it back; a void offsets nothing again, also merged with a payment made
//! elsewhere; and it is money said in the day, never to a factory.

use crate::common::*;
use gendan_domain::activity::{money_events, Event};
use gendan_domain::commercial::{Commercial, Payment, PoPrice};
use gendan_domain::factory_debits::{self, Debiting};
use gendan_domain::lifecycle::Gates;
use gendan_domain::order::{Field, Issue};
use gendan_domain::purchasing::{Delivery, IncomingResult};
use gendan_domain::{DomainError, Order, Price};

pub(crate) fn amount(s: &str) -> Price {
    s.parse().unwrap()
}

/// The full order with its fabric PO "po1" (1,000 m from the mill at CNY 20) delivered and
/// accepted, and its books after 对账: one charge of CNY 20,000.
pub(crate) fn reconciled() -> (Order, Commercial) {
    let mut o = full_order();
    let po = o.purchase_orders.get_mut("po1").unwrap();
    po.supplier = "mill".into();
    po.deliveries.insert(
        "d1".into(),
        Delivery {
            date: Some(day("2026-03-20")),
            qty: po.qty,
            inspection: IncomingResult::Accepted,
            ..Delivery::default()
        },
    );
    let mut c = Commercial::new("order-doc", "USD");
    c.po_prices.insert(
        "po1".into(),
        PoPrice {
            unit_price: Some(amount("20")),
            currency: "CNY".into(),
        },
    );
    let po = o.purchase_orders["po1"].clone();
    c.add_payable_for_po("charge", "po1", &po, Some(day("2026-04-10")))
        .unwrap();
    (o, c)
}

pub(crate) fn debiting<'a>(a: &str, note: &'a str) -> Debiting<'a> {
    Debiting {
        complaint: "c1",
        purchase_order: "po1",
        amount: amount(a),
        note,
        who: "li",
        today: day("2026-06-21"),
    }
}

#[test]
fn a_debit_names_a_complaint_and_a_purchase_order_and_stays_within_its_value() {
    let (o, mut c) = reconciled();
    let mut other = debiting("100", "shade band");
    other.complaint = "nope";
    assert!(matches!(
        factory_debits::debit(&mut c, &o, "x", other),
        Err(DomainError::NotFound { .. })
    ));
    let mut other = debiting("100", "shade band");
    other.purchase_order = "nope";
    assert!(matches!(
        factory_debits::debit(&mut c, &o, "x", other),
        Err(DomainError::NotFound { .. })
    ));
    let mut nobody = o.clone();
    nobody.purchase_orders.get_mut("po1").unwrap().supplier = " ".into();
    refused(
        factory_debits::debit(&mut c, &nobody, "x", debiting("100", "shade band")),
        Field::Supplier,
        Issue::Required,
    );
    refused(
        factory_debits::debit(&mut c, &o, "x", debiting("0", "shade band")),
        Field::DebitAmount,
        Issue::NotPositive,
    );
    refused(
        factory_debits::debit(&mut c, &o, "x", debiting("100", "  ")),
        Field::DebitNote,
        Issue::Required,
    );
    let mut unpriced = c.clone();
    unpriced.po_prices.clear();
    refused(
        factory_debits::debit(&mut unpriced, &o, "x", debiting("100", "shade band")),
        Field::UnitPrice,
        Issue::Required,
    );
    refused(
        factory_debits::debit(&mut c, &o, "x", debiting("20000.01", "shade band")),
        Field::DebitAmount,
        Issue::MoreThanOwed(amount("20000")),
    );
    factory_debits::debit(&mut c, &o, "d1", debiting("15000", "40 pcs open seams")).unwrap();
    refused(
        factory_debits::debit(&mut c, &o, "d2", debiting("5000.01", "again")),
        Field::DebitAmount,
        Issue::MoreThanOwed(amount("5000")),
    );
    assert_eq!(
        factory_debits::of_complaint(&c, "c1")
            .into_iter()
            .collect::<Vec<_>>(),
        [("CNY".to_string(), amount("15000"))]
    );
    let d = &c.payables["d1"];
    assert!(d.is_debit() && d.is_credit());
    assert_eq!(
        (
            d.currency.as_str(),
            d.supplier.as_str(),
            d.complaint.as_str()
        ),
        ("CNY", "mill", "c1"),
        "in the PO's currency, to its supplier, for the complaint"
    );
}

#[test]
fn a_debit_offsets_what_is_owed_then_is_owed_back_and_reconciling_never_charges_it_back() {
    let (o, mut c) = reconciled();
    factory_debits::debit(&mut c, &o, "d1", debiting("1500", "40 pcs open seams")).unwrap();
    assert_eq!(c.payable_outstanding("charge"), amount("18500"));
    // 对账 again on the same deliveries: nothing new to raise, the debit not charged back.
    let po = o.purchase_orders["po1"].clone();
    assert!(c.add_payable_for_po("again", "po1", &po, None).is_err());
    assert_eq!(c.payable_outstanding("charge"), amount("18500"));

    // The charge already paid in full: the mill owes the debit back until it refunds it.
    let mut paid = c.clone();
    paid.payments.insert(
        "x1".into(),
        Payment {
            payable: "charge".into(),
            amount: amount("20000"),
            date: Some(day("2026-04-09")),
            paid_by: "finance".into(),
            ..Payment::default()
        },
    );
    assert_eq!(paid.credit_balance("po1"), amount("1500"));
    assert_eq!(paid.owed_back(), vec![("po1", amount("1500"))]);

    // Voided: it offsets nothing again, and nothing is owed back.
    assert!(matches!(
        factory_debits::void(&mut paid, "d1", "zhou", ""),
        Err(DomainError::ReasonRequired)
    ));
    assert!(matches!(
        factory_debits::void(&mut paid, "charge", "zhou", "not a debit"),
        Err(DomainError::NotFound { .. })
    ));
    factory_debits::void(&mut paid, "d1", "zhou", "factory disproved it").unwrap();
    assert_eq!(paid.credit_balance("po1"), Price::ZERO);
    factory_debits::void(&mut c, "d1", "zhou", "factory disproved it").unwrap();
    assert_eq!(c.payable_outstanding("charge"), amount("20000"));
    // And its room is free again.
    factory_debits::debit(&mut c, &o, "d2", debiting("20000", "whole lot rejected")).unwrap();
}

#[test]
fn a_void_merged_with_a_payment_made_elsewhere_leaves_the_charge_owed_in_full() {
    let (o, mut c) = reconciled();
    factory_debits::debit(&mut c, &o, "d1", debiting("1500", "40 pcs open seams")).unwrap();
    let (mut a, mut b) = pair(&c);
    edit::<Commercial>(&mut a, "finance", |c| {
        c.payments.insert(
            "x1".into(),
            Payment {
                payable: "charge".into(),
                amount: amount("18500"),
                date: Some(day("2026-06-22")),
                paid_by: "finance".into(),
                ..Payment::default()
            },
        );
    });
    edit::<Commercial>(&mut b, "zhou", |c| {
        factory_debits::void(c, "d1", "zhou", "factory disproved it").unwrap();
    });
    let both: Commercial = merged(&mut a, &mut b);
    assert_eq!(both.payable_outstanding("charge"), amount("1500"));
    assert_eq!(both.credit_balance("po1"), Price::ZERO);
}

#[test]
fn debits_are_money_said_in_the_day_never_to_a_factory() {
    let (o, before) = reconciled();
    let mut c = before.clone();
    factory_debits::debit(&mut c, &o, "d1", debiting("1500", "40 pcs open seams")).unwrap();
    let debited = c.clone();
    factory_debits::void(&mut c, "d1", "zhou", "disproved").unwrap();
    let gates = Gates::default();
    assert_eq!(
        money_events(Some(&before), &debited, &gates),
        [Event::FactoryDebited {
            amount: amount("1500"),
            currency: "CNY".into()
        }]
    );
    let voided = money_events(Some(&debited), &c, &gates);
    assert_eq!(
        voided,
        [Event::DebitVoided {
            amount: amount("1500"),
            currency: "CNY".into(),
            said: "zhou — disproved".into()
        }]
    );
    assert!(voided[0].is_exception());
    let all = money_events(Some(&before), &c, &gates);
    assert_eq!(
        all.len(),
        1,
        "charged and voided between two reports: said once, by its void"
    );
    for e in all {
        assert!(e.is_money() && !e.for_factory(), "{e:?}");
    }
}
