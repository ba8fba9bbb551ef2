//! An order in development (打板, samples and quotes before the buyer orders) over real
//! documents, tried from every side: it is a draft named by its style, with samples and its
//! agenda, and no PO number; it is confirmed only once the buyer's PO is on it, by every route
//! a status can take (from draft, from a hold, as a new order's first status); once confirmed the
//! PO stays, back in draft, on hold or cancelled too, through the form's path; and a merge that
//! confirms an order another device left without a PO is caught on the next save.

use crate::common::*;
use gendan_domain::agenda::Agenda;
use gendan_domain::lifecycle::{start, transition, Gates};
use gendan_domain::problem::{Field, Issue, Problem};
use gendan_domain::qty_revision::{save_header, Reviser};
use gendan_domain::samples::{self, Sample, SampleKind};
use gendan_domain::workspace::orders_using;
use gendan_domain::{document, DomainError, Order, OrderStatus};

fn in_development() -> Order {
    let mut o = Order::new();
    o.customer = "Nordic Wear".into();
    o.style_no = "NW-DEV-7".into();
    o.ex_factory = Some(day("2026-09-01"));
    o
}

#[track_caller]
fn refused_for_po(r: Result<(), DomainError>) {
    match r {
        Err(DomainError::Problem(p)) if p == Problem::new(Field::CustomerPo, Issue::Required) => {}
        other => panic!("expected the PO to be required, got {other:?}"),
    }
}

fn by(who: &str) -> Reviser<'_> {
    Reviser {
        who,
        today: day("2026-05-02"),
        reason: "",
        change_id: "ch1",
    }
}

/// The form's path: only the PO changed from what the form opened with.
fn clear_po(current: &mut Order) -> Result<(), DomainError> {
    let base = current.clone();
    let mut edited = current.clone();
    edited.customer_po = String::new();
    save_header(&base, &edited, current, by("li"))
}

#[test]
fn an_order_in_development_is_a_draft_named_by_its_style() {
    let mut o = in_development();
    assert!(o.problems().is_empty(), "{:?}", o.problems());
    assert!(!o.needs_po());
    assert_eq!(o.name(), "NW-DEV-7");
    samples::add(
        &mut o,
        "s1",
        Sample {
            kind: SampleKind::Proto,
            round: 1,
            sent: Some(day("2026-05-01")),
            ..Sample::default()
        },
        day("2026-05-01"),
    )
    .unwrap();
    assert_eq!(samples::latest(&o, &SampleKind::Proto).unwrap().0, "s1");
    // Rows of Today and the lists of orders using a party name it by its style.
    let agenda = Agenda::of(&o, None, &Gates::default());
    assert_eq!(agenda.customer_po, "NW-DEV-7");
    assert_eq!(orders_using([&o], |_| true), vec!["NW-DEV-7".to_string()]);
    // The buyer orders: the PO names it from then on.
    o.customer_po = "PO-55".into();
    assert_eq!(o.name(), "PO-55");
    assert_eq!(Agenda::of(&o, None, &Gates::default()).customer_po, "PO-55");
}

#[test]
fn it_is_confirmed_only_with_the_buyers_po_by_every_route() {
    let g = Gates::default();
    let confirm =
        |o: &mut Order, at: i64| transition(o, None, OrderStatus::Confirmed, &g, "li", at, None);
    // From draft.
    let mut o = in_development();
    let before = o.clone();
    refused_for_po(confirm(&mut o, 10));
    assert_eq!(o, before, "a refused move changes nothing");
    // As a new order's first status.
    let mut new = in_development();
    new.status = OrderStatus::Confirmed;
    refused_for_po(start(&mut new, None, &g, "li", 10));
    // Through a hold: held as a draft it resumes only as a draft; held by an older build that
    // kept no origin, it may resume to any status before shipping, but not without the PO.
    transition(&mut o, None, OrderStatus::OnHold, &g, "li", 11, None).unwrap();
    assert!(o.problems().is_empty());
    assert!(confirm(&mut o, 12).is_err());
    let mut old_hold = o.clone();
    old_hold.held_from = None;
    old_hold.status_log.clear();
    refused_for_po(confirm(&mut old_hold, 12));
    transition(&mut o, None, OrderStatus::Draft, &g, "li", 13, None).unwrap();
    // A development the buyer never ordered is cancelled without a PO.
    let mut dropped = o.clone();
    let why = Some("buyer chose another mill");
    transition(
        &mut dropped,
        None,
        OrderStatus::Cancelled,
        &g,
        "li",
        14,
        why,
    )
    .unwrap();
    assert!(dropped.problems().is_empty());
    // A PO of blanks is no PO.
    o.customer_po = "   ".into();
    refused_for_po(confirm(&mut o, 15));
    o.customer_po = "PO-55".into();
    confirm(&mut o, 16).unwrap();
    assert_eq!(o.status, OrderStatus::Confirmed);
}

#[test]
fn once_confirmed_the_po_stays_in_every_status() {
    let g = Gates::default();
    let to = |o: &mut Order, s: OrderStatus, at: i64| {
        let why = (s == OrderStatus::Cancelled).then_some("buyer cancelled");
        transition(o, None, s, &g, "li", at, why)
    };
    // Before the buyer ordered, the form may clear a PO typed too early.
    let mut early = in_development();
    early.customer_po = "PO-TYPO".into();
    clear_po(&mut early).unwrap();
    assert_eq!(early.customer_po, "");

    let mut o = in_development();
    o.customer_po = "PO-55".into();
    to(&mut o, OrderStatus::Confirmed, 10).unwrap();
    let confirmed = o.clone();
    refused_for_po(clear_po(&mut o));
    assert_eq!(o, confirmed, "a refused save changes nothing");
    // Back to draft: the buyer did order, its PO stays.
    to(&mut o, OrderStatus::Draft, 11).unwrap();
    refused_for_po(clear_po(&mut o));
    // On hold and cancelled after it was confirmed.
    to(&mut o, OrderStatus::Confirmed, 12).unwrap();
    to(&mut o, OrderStatus::OnHold, 13).unwrap();
    refused_for_po(clear_po(&mut o));
    to(&mut o, OrderStatus::Cancelled, 14).unwrap();
    refused_for_po(clear_po(&mut o));
    let mut stored = o.clone();
    stored.customer_po.clear();
    assert!(stored
        .problems()
        .contains(&Problem::new(Field::CustomerPo, Issue::Required)));
}

#[test]
fn a_merge_that_confirms_an_order_left_without_its_po_is_caught_on_the_next_save() {
    let g = Gates::default();
    let mut typed = in_development();
    typed.customer_po = "PO-55".into();
    let (mut a, mut b) = pair(&typed);
    // Offline: one device clears the PO (the draft's was a typo), the other confirms the order.
    document::commit::<Order, (), DomainError>(&mut a, &author("li"), 1_000, clear_po).unwrap();
    document::commit::<Order, (), DomainError>(&mut b, &author("wang"), 1_000, |o| {
        transition(o, None, OrderStatus::Confirmed, &g, "wang", 10, None)
    })
    .unwrap();
    let mut o: Order = merged(&mut a, &mut b);
    assert_eq!(o.status, OrderStatus::Confirmed);
    assert_eq!(o.customer_po, "");
    assert!(o
        .problems()
        .contains(&Problem::new(Field::CustomerPo, Issue::Required)));
    // Any header save is refused until the PO is given again, then goes through.
    let base = o.clone();
    let mut edited = o.clone();
    edited.description = "knit polo".into();
    refused_for_po(save_header(&base, &edited, &mut o, by("li")));
    edited.customer_po = "PO-55".into();
    save_header(&base, &edited, &mut o, by("li")).unwrap();
    assert_eq!(
        (o.customer_po.as_str(), o.description.as_str()),
        ("PO-55", "knit polo")
    );
}

#[test]
fn a_po_pasted_with_invisible_characters_is_kept_without_them() {
    let d = gendan_domain::draft::OrderDraft {
        customer_po: "\u{FEFF}PO-77\u{200B} ".into(),
        style_no: "\u{200B}NW-77".into(),
        ..gendan_domain::draft::OrderDraft::from_order(&full_order())
    };
    let o = d.to_order().unwrap();
    assert_eq!(
        (o.customer_po.as_str(), o.style_no.as_str()),
        ("PO-77", "NW-77")
    );
    assert_eq!(
        gendan_domain::order::order_name("\u{200B}", " NW-77 "),
        "NW-77"
    );
}
