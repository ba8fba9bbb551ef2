//! Money gates waived where the books are: the waiver and the words of its move are kept in the
//! books, so the order's document (which the factory holds) never carries them, through every
//! route that waives one (a move, a shipped day, a decision) and through merges; the office
//! still judges and reads them; and an edit that cannot write its books loses nothing.

use crate::common::*;
use automerge::AutoCommit;
use gendan_domain::activity::{money_events, order_events, Event};
use gendan_domain::lifecycle::{
    override_gate, set_shipped_on, transition, violations, Gate, Gates, Violation,
};
use gendan_domain::money_waivers::{
    change_reason, left_by_older_builds, overrides, take_for_books, take_for_new_books,
    take_left_by_older_builds, Before, ForBooks,
};
use gendan_domain::samples::SampleKind;
use gendan_domain::{document, Commercial, DomainError, Order, OrderStatus};

const WHY: &str = "LC at sight, 30 % lands Monday";

/// The deposit and the PP sample asked before production.
fn gates() -> Gates {
    let mut g = Gates::none();
    g.deposit_before_production = true;
    g.samples_before_production = true;
    g.required_samples = Gates::default().required_samples;
    g
}

fn linked(status: OrderStatus) -> Order {
    let mut o = full_order();
    o.status = status;
    o.commercial = Some("books".into());
    o
}

/// An edit on a device holding the books, as the app's one edit path makes it: what it wrote
/// that is money goes to the books.
fn office_edit(
    order: &mut AutoCommit,
    books: &mut AutoCommit,
    who: &str,
    f: impl FnOnce(&mut Order, &Commercial) -> Result<(), DomainError>,
) -> Result<(), DomainError> {
    let held: Commercial = document::read(books).unwrap();
    let money =
        document::commit::<Order, ForBooks, DomainError>(order, &author(who), 1_000, |o| {
            let before = Before::of(o);
            f(o, &held)?;
            Ok(take_for_books(&before, o))
        })?;
    document::commit::<Commercial, (), DomainError>(books, &author(who), 1_000, |b| {
        money.apply(b);
        Ok(())
    })
}

/// Releases the order to production on a device holding the books, waiving what [`gates`]
/// closes with `why`.
fn release(
    order: &mut AutoCommit,
    books: &mut AutoCommit,
    who: &str,
    why: &str,
) -> Result<(), DomainError> {
    let g = gates();
    office_edit(order, books, who, |o, c| {
        transition(
            o,
            Some(c),
            OrderStatus::InProduction,
            &g,
            who,
            10,
            Some(why),
        )
    })
}

/// Two office devices holding a confirmed order and its books, deposit not received.
fn two_offices() -> (AutoCommit, AutoCommit, AutoCommit, AutoCommit) {
    let (order_a, order_b) = pair(&linked(OrderStatus::Confirmed));
    let mut books_a = books_doc(&commercial());
    let books_b = books_a.fork();
    (order_a, order_b, books_a, books_b)
}

/// Whether the document's bytes, all its history included, hold `text` anywhere.
fn holds(doc: &mut AutoCommit, text: &str) -> bool {
    let bytes = doc.save_nocompress();
    bytes.windows(text.len()).any(|w| w == text.as_bytes())
}

fn as_factory_sees(order: &mut AutoCommit) -> Order {
    let bytes = order.save();
    document::read(&AutoCommit::load(&bytes).unwrap()).unwrap()
}

#[test]
fn a_move_waiving_the_deposit_keeps_it_and_its_words_in_the_books() {
    let g = gates();
    let (mut order, _) = pair(&linked(OrderStatus::Confirmed));
    let mut books = books_doc(&commercial()); // deposit not received
    release(&mut order, &mut books, "li", WHY).unwrap();

    // The factory's copy: the move, the PP sample waived, not a word of why, and no deposit.
    assert!(!holds(&mut order, WHY), "the reason reached the order");
    assert!(
        !holds(&mut order, "deposit"),
        "the deposit gate reached the order"
    );
    let seen = as_factory_sees(&mut order);
    assert_eq!(seen.status, OrderStatus::InProduction);
    let kept: Vec<_> = overrides(&seen, None);
    assert_eq!(kept.len(), 1, "{kept:?}");
    assert_eq!(
        kept[0].1.gate,
        Gate::SampleApproval(SampleKind::PreProduction).code()
    );
    assert_eq!(kept[0].1.reason, "");
    let (key, change) = seen.status_log.iter().next_back().unwrap();
    assert_eq!(change_reason(key, change, None), "");
    assert!(
        violations(&seen, None, &g).is_empty(),
        "the factory cannot tell"
    );

    // The office: nothing to decide, and every waiver read with its words.
    let held: Commercial = document::read(&books).unwrap();
    assert!(violations(&seen, Some(&held), &g).is_empty());
    let mut read: Vec<_> = overrides(&seen, Some(&held))
        .into_iter()
        .map(|(_, g)| (g.gate, g.reason))
        .collect();
    read.sort();
    assert_eq!(
        read,
        [
            ("deposit".to_string(), WHY.to_string()),
            ("sample:pp".to_string(), WHY.to_string())
        ]
    );
    assert_eq!(change_reason(key, change, Some(&held)), WHY);
}

/// The other routes that waive a money gate: the balance through a shipped day typed on a
/// shipment, and the deposit settled as a decision after a factory's move.
#[test]
fn the_balance_waived_by_a_shipped_day_and_a_decided_deposit_go_to_the_books() {
    let mut g = Gates::none();
    g.balance_before_shipping = true;
    let (mut order, _) = pair(&linked(OrderStatus::ReadyToShip));
    let mut books = books_doc(&commercial());
    let shipped = Some(day("2026-05-20"));
    let e = office_edit(&mut order, &mut books, "li", |o, c| {
        set_shipped_on(
            o,
            Some(c),
            "sh1",
            shipped,
            &g,
            "li",
            10,
            day("2030-01-01"),
            None,
        )
    });
    assert!(matches!(e, Err(DomainError::GateClosed { .. })), "{e:?}");
    office_edit(&mut order, &mut books, "li", |o, c| {
        set_shipped_on(
            o,
            Some(c),
            "sh1",
            shipped,
            &g,
            "li",
            10,
            day("2030-01-01"),
            Some(WHY),
        )
    })
    .unwrap();
    assert!(!holds(&mut order, WHY));
    assert!(!holds(&mut order, "balance"));
    let seen = as_factory_sees(&mut order);
    assert_eq!(seen.status, OrderStatus::Shipped);
    let held: Commercial = document::read(&books).unwrap();
    assert_eq!(
        held.gate_waivers.values().next().unwrap().gate,
        "balance:sh1"
    );
    assert!(violations(&seen, Some(&held), &g).is_empty());

    // A factory moves an order into production; the office waives the deposit as a decision.
    let mut g = Gates::none();
    g.deposit_before_production = true;
    let (mut order, mut factory) = pair(&linked(OrderStatus::Confirmed));
    let mut books = books_doc(&commercial());
    edit::<Order>(&mut factory, "factory", |o| {
        transition(o, None, OrderStatus::InProduction, &g, "factory", 5, None).unwrap()
    });
    let o: Order = merged(&mut order, &mut factory);
    let held: Commercial = document::read(&books).unwrap();
    assert_eq!(
        violations(&o, Some(&held), &g),
        [Violation::GateNotMet {
            status: OrderStatus::InProduction,
            gate: Gate::Deposit
        }]
    );
    office_edit(&mut order, &mut books, "li", |o, c| {
        override_gate(o, Some(c), &Gate::Deposit, "li", 20, WHY)
    })
    .unwrap();
    assert!(!holds(&mut order, WHY));
    let o: Order = merged(&mut order, &mut factory);
    assert!(o.gate_overrides.is_empty(), "{:?}", o.gate_overrides);
    let held: Commercial = document::read(&books).unwrap();
    assert!(violations(&o, Some(&held), &g).is_empty());
}

/// Two office devices: one waives the deposit; the other receives the order before the books.
/// Until the books come it sees a move its money does not explain (as it would a deposit
/// received on the other device), and once they come, nothing to decide.
#[test]
fn an_office_device_that_has_the_move_before_the_books_settles_when_they_come() {
    let g = gates();
    let (mut order_a, mut order_b, mut books_a, mut books_b) = two_offices();
    release(&mut order_a, &mut books_a, "li", WHY).unwrap();
    let o: Order = merged(&mut order_b, &mut order_a);
    let old: Commercial = document::read(&books_b).unwrap();
    assert!(violations(&o, Some(&old), &g).iter().any(|v| matches!(
        v,
        Violation::GateNotMet {
            gate: Gate::Deposit,
            ..
        }
    )));
    let now: Commercial = merged(&mut books_b, &mut books_a);
    assert!(violations(&o, Some(&now), &g).is_empty());

    // Both office devices waive it at once: the two waivers merge side by side in the books,
    // the order holds neither, and the same move made twice leaves nothing to decide.
    let (mut order_a, mut order_b, mut books_a, mut books_b) = two_offices();
    release(&mut order_a, &mut books_a, "li", WHY).unwrap();
    release(&mut order_b, &mut books_b, "wang", "TT copy seen").unwrap();
    let o: Order = merged(&mut order_a, &mut order_b);
    let books: Commercial = merged(&mut books_a, &mut books_b);
    assert!(o.gate_overrides.values().all(|w| w.reason.is_empty()));
    assert_eq!(books.gate_waivers.len(), 2);
    assert_eq!(violations(&o, Some(&books), &g), []);
}

/// An edit that waives no money gate leaves the order as it wrote it and gives the books
/// nothing; one that does gives them the waiver and its words.
#[test]
fn only_money_is_taken() {
    let g = gates();
    let mut o = linked(OrderStatus::Confirmed);
    // A waiver an older build logged on the order stays where it is.
    o.gate_overrides.insert(
        "1:deposit:old".into(),
        gendan_domain::lifecycle::GateOverride {
            gate: "deposit".into(),
            reason: "older build".into(),
            ..Default::default()
        },
    );
    let mut samples_only = gates();
    samples_only.deposit_before_production = false;
    let before = Before::of(&o);
    let mut plain = o.clone();
    transition(
        &mut plain,
        Some(&commercial()),
        OrderStatus::InProduction,
        &samples_only,
        "li",
        10,
        Some("fit approved on video"),
    )
    .unwrap();
    // A waiver marked as made without the books (a merge brought it) stays on the order too:
    // it is the record the books' holders decide again.
    plain.gate_overrides.insert(
        "2:deposit:factory".into(),
        gendan_domain::lifecycle::GateOverride {
            gate: "deposit".into(),
            reason: "the boss said go".into(),
            without_books: true,
            ..Default::default()
        },
    );
    let mut taken = plain.clone();
    assert!(take_for_books(&before, &mut taken).is_empty());
    assert_eq!(taken, plain);

    let mut written = linked(OrderStatus::Confirmed);
    let before = Before::of(&written);
    transition(
        &mut written,
        Some(&commercial()),
        OrderStatus::InProduction,
        &g,
        "li",
        10,
        Some(WHY),
    )
    .unwrap();
    let mut split = written.clone();
    let money = take_for_books(&before, &mut split);
    assert!(!money.is_empty());
    assert_ne!(split, written);
    let mut books = commercial();
    money.apply(&mut books);
    assert!(books
        .gate_waivers
        .values()
        .any(|w| w.gate == "deposit" && w.reason == WHY));
    assert!(
        !books.kept_reasons.is_empty() && books.kept_reasons.values().all(|r| r.reason == WHY),
        "{:?}",
        books.kept_reasons
    );
}

/// A move an older build made on an office device, which kept its deposit waiver and the words
/// of the move on the order: the mover takes them to the books, leaves the samples' waiver
/// (with its words gone) and a factory's waiver marked as made without the books, and the
/// office judges the order as before.
#[test]
fn waivers_an_older_build_left_on_the_order_go_to_the_books() {
    let g = gates();
    let mut o = linked(OrderStatus::Confirmed);
    let held = commercial();
    transition(
        &mut o,
        Some(&held),
        OrderStatus::InProduction,
        &g,
        "li",
        10,
        Some(WHY),
    )
    .unwrap();
    // The factory's own records, in the same words: a waiver it made without the books, and a
    // later move of its own with a waiver of a gate that is not money. They keep their words.
    o.gate_overrides.insert(
        "9:deposit:factory".into(),
        gendan_domain::lifecycle::GateOverride {
            gate: "deposit".into(),
            reason: WHY.into(),
            who: "li".into(),
            at_ms: 10,
            without_books: true,
            ..Default::default()
        },
    );
    o.status_log.insert(
        "000009:20:factory".into(),
        gendan_domain::lifecycle::StatusChange {
            seq: 9,
            from: "in_production".into(),
            to: "ready_to_ship".into(),
            who: "factory".into(),
            at_ms: 20,
            reason: WHY.into(),
            ..Default::default()
        },
    );
    o.gate_overrides.insert(
        "20:final_inspection:factory".into(),
        gendan_domain::lifecycle::GateOverride {
            gate: "final_inspection".into(),
            reason: WHY.into(),
            who: "factory".into(),
            at_ms: 20,
            to: "ready_to_ship".into(),
            without_books: false,
            ..Default::default()
        },
    );
    assert!(left_by_older_builds(&o.gate_overrides));
    let judged = violations(&o, Some(&held), &g);

    let mut split = o.clone();
    let money = take_left_by_older_builds(&mut split);
    let mut books = held.clone();
    money.apply(&mut books);
    assert!(!left_by_older_builds(&split.gate_overrides));
    // Of the office's move, no word is left on the order.
    assert!(
        split
            .gate_overrides
            .values()
            .filter(|w| w.at_ms == 10 && !w.without_books)
            .all(|w| w.reason.is_empty()),
        "{split:?}"
    );
    assert!(split
        .status_log
        .values()
        .filter(|c| c.at_ms == 10)
        .all(|c| c.reason.is_empty()));
    let gates_left: Vec<_> = split.gate_overrides.values().map(|w| &w.gate).collect();
    assert_eq!(gates_left.len(), 3, "{gates_left:?}");
    assert!(split
        .gate_overrides
        .values()
        .any(|w| w.gate == "deposit" && w.without_books && w.reason == WHY));
    // The factory's move keeps its words, on the order and its override.
    assert!(split
        .status_log
        .values()
        .any(|c| c.who == "factory" && c.reason == WHY));
    assert!(split
        .gate_overrides
        .values()
        .any(|w| w.who == "factory" && w.reason == WHY));
    assert!(books
        .gate_waivers
        .values()
        .any(|w| w.gate == "deposit" && w.reason == WHY));
    assert_eq!(violations(&split, Some(&books), &g), judged);
    let (key, change) = split
        .status_log
        .iter()
        .find(|(_, c)| c.at_ms == 10)
        .unwrap();
    assert_eq!(change_reason(key, change, Some(&books)), WHY);

    // The day's report and the History: the move is no change of the order's, and the books
    // taking the waiver is no new waiver (no exception that day).
    assert_eq!(gendan_domain::activity::order_events(Some(&o), &split), []);
    let (d1, d2) = (day("2026-05-01"), day("2026-05-02"));
    let at = |d: gendan_domain::Day| day("1970-01-01").days_until(d) * 86_400_000 + 3_600_000;
    let mut order_doc = document::create([1; 16], &author("li"), at(d1), &o).unwrap();
    let mut books_doc = document::create([2; 16], &author("li"), at(d1), &held).unwrap();
    document::commit::<Order, (), DomainError>(&mut order_doc, &author("li"), at(d2), |x| {
        *x = split.clone();
        Ok(())
    })
    .unwrap();
    document::commit::<Commercial, (), DomainError>(&mut books_doc, &author("li"), at(d2), |x| {
        *x = books.clone();
        Ok(())
    })
    .unwrap();
    let act = gendan_domain::reports::order_day(&mut order_doc, Some(&mut books_doc), &g, d2, 0)
        .expect("both moved that day");
    assert!(
        act.events.iter().all(|e| !e.is_exception()),
        "{:?}",
        act.events
    );
    let (_, taken) = gendan_domain::reports::order_history_and_notes(&mut order_doc);
    let said = gendan_domain::reports::books_history(&mut books_doc, &g, &taken);
    assert!(
        said.iter()
            .flat_map(|h| &h.events)
            .all(|e| !e.is_exception()),
        "{said:?}"
    );

    // Taken once: a second pass finds nothing.
    let again = take_left_by_older_builds(&mut split);
    assert!(again.is_empty());
}

/// An order that links no books, released on the office's device: the move judged the money as
/// "none" (no books to judge with), so its deposit waiver is marked as made without them, and
/// the plain split leaves it, with its words, on the order. The split for books about to be
/// created takes it and the move's words, and the books count it.
#[test]
fn an_unlinked_orders_waiver_goes_to_new_books_unmarked() {
    let g = gates();
    let mut o = full_order();
    o.status = OrderStatus::Confirmed;
    o.commercial = None;
    let before = Before::of(&o);
    transition(
        &mut o,
        None,
        OrderStatus::InProduction,
        &g,
        "li",
        10,
        Some(WHY),
    )
    .unwrap();
    assert!(o
        .gate_overrides
        .values()
        .any(|w| w.gate == "deposit" && w.without_books));
    let mut plain = o.clone();
    assert!(take_for_books(&before, &mut plain).is_empty());
    assert_eq!(plain, o, "the factory's device keeps it on the order");

    let money = take_for_new_books(&before, &mut o);
    assert!(!o.gate_overrides.values().any(|w| w.gate == "deposit"));
    assert!(
        o.gate_overrides.values().all(|w| w.reason.is_empty())
            && o.status_log.values().all(|c| c.reason.is_empty()),
        "the words stay on the order"
    );
    let mut books = commercial();
    money.apply(&mut books);
    assert!(books
        .gate_waivers
        .values()
        .any(|w| w.gate == "deposit" && w.reason == WHY && !w.without_books));
    o.commercial = Some("books".into());
    assert_eq!(violations(&o, Some(&books), &g), []);
}

/// The office's day says the waiver with its words, from the books; the order's own events say
/// the move only, so the factory's day has neither.
#[test]
fn the_day_says_the_waiver_from_the_books() {
    let g = gates();
    let (mut order, _) = pair(&linked(OrderStatus::Confirmed));
    let mut books = books_doc(&commercial());
    let (o0, b0): (Order, Commercial) = (
        document::read(&order).unwrap(),
        document::read(&books).unwrap(),
    );
    release(&mut order, &mut books, "li", WHY).unwrap();
    let (o1, b1): (Order, Commercial) = (
        document::read(&order).unwrap(),
        document::read(&books).unwrap(),
    );
    let order_side = order_events(Some(&o0), &o1);
    assert!(
        order_side.iter().all(|e| match e {
            Event::GateWaived { gate, reason, .. } => gate != "deposit" && reason.is_empty(),
            _ => true,
        }),
        "{order_side:?}"
    );
    let money_side = money_events(Some(&b0), &b1, &g);
    assert!(
        money_side.iter().any(|e| matches!(e,
            Event::GateWaived { gate, reason, .. } if gate == "deposit" && reason == WHY)),
        "{money_side:?}"
    );
    assert!(!money_side
        .iter()
        .any(|e| matches!(e, Event::OtherChanges { .. })));
}
