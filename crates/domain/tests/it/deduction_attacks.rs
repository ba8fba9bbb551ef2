//! 客户扣款 attacked: every way one person, a careless hand, another build or a merge might make
//! a buyer's deduction open the balance gate, reach the deposit, count twice, wrap, or be said
//! to a factory. Each test holds one promise of `gendan_domain::deductions` to the letter.

use crate::common::*;
use crate::deductions::{confirmed_receipt, deducting, money_gates, ready, ships};
use gendan_domain::activity::{money_events, Event};
use gendan_domain::automerge::{self, transaction::Transactable, ActorId, AutoCommit, ReadDoc};
use gendan_domain::commercial::Commercial;
use gendan_domain::deductions::{self, Deducting, Deduction};
use gendan_domain::gate::Gate;
use gendan_domain::lifecycle::{set_shipped_on, transition, Gates};
use gendan_domain::order::{cell_key, Field, Issue};
use gendan_domain::reports::{self, DailyReport};
use gendan_domain::shipment::Shipment;
use gendan_domain::{document, DomainError, Order, OrderStatus, Price, RecordMap};

const DAY_MS: i64 = 86_400_000;

fn ms(d: &str) -> i64 {
    day("1970-01-01").days_until(day(d)) * DAY_MS
}

fn amount(s: &str) -> Price {
    s.parse().unwrap()
}

/// A deduction as another build might write it straight into the map, past every check.
fn written(a: Price, reference: &str, who: &str, confirmed_by: Option<&str>) -> Deduction {
    Deduction {
        complaint: "c1".into(),
        amount: a,
        agreed: Some(day("2026-06-20")),
        reference: reference.into(),
        who: who.into(),
        recorded: Some(day("2026-06-20")),
        confirmed_by: confirmed_by.map(str::to_string),
        ..Deduction::default()
    }
}

fn balance_closed(r: Result<(), DomainError>) -> bool {
    matches!(r, Err(DomainError::GateClosed { gates }) if gates == [Gate::Balance])
}

/// Books whose balance is 200 short: 300 deposit and 500 of the balance received.
fn short_of_200() -> (Order, Commercial) {
    let (o, mut c) = ready();
    c.receipts.insert("bal".into(), confirmed_receipt("500"));
    assert!(balance_closed(ships(&o, &c)));
    (o, c)
}

/// `n` pieces of black M as a shipment's own matrix.
fn matrix(n: u64) -> Shipment {
    Shipment {
        quantities: RecordMap::from([(cell_key("black", "m"), n)]),
        ..Shipment::default()
    }
}

/// A third replica of a document made by [`pair`].
fn third(a: &mut AutoCommit) -> AutoCommit {
    a.fork().with_actor(ActorId::from([3u8; 16]))
}

fn read(doc: &AutoCommit) -> Commercial {
    document::read(doc).unwrap()
}

// ---- one person alone ----

#[test]
fn whoever_records_a_deduction_does_not_confirm_it_under_any_spacing_or_case() {
    let (o, mut c) = short_of_200();
    deductions::record(&mut c, &o, "d1", deducting("200", "DN-7", "Émile")).unwrap();
    // Unicode spaces (no-break, ideographic from a Chinese IME, tabs) and Unicode case.
    for me in [
        "Émile",
        " émile ",
        "ÉMILE",
        "\u{00A0}Émile",
        "Émile\u{3000}",
        "\tÉMILE\n",
    ] {
        assert!(
            matches!(
                deductions::confirm(&mut c, "d1", me),
                Err(DomainError::OwnDeduction)
            ),
            "{me:?}"
        );
    }
    assert_eq!(c.deductions["d1"].confirmed_by, None);
    assert_eq!(c.balance_due(&o), amount("200"));
    assert!(balance_closed(ships(&o, &c)));
    // A Chinese name between ideographic spaces is the same person too.
    let (_, mut c) = short_of_200();
    deductions::record(&mut c, &o, "d2", deducting("200", "DN-8", "李华")).unwrap();
    assert!(matches!(
        deductions::confirm(&mut c, "d2", "\u{3000}李华\u{3000}"),
        Err(DomainError::OwnDeduction)
    ));
    assert!(balance_closed(ships(&o, &c)));
}

#[test]
fn a_nameless_recorder_or_confirmer_opens_nothing() {
    let (o, c) = short_of_200();
    // Recorded on a device that has no name yet: nobody can tell its confirmer is someone
    // else, so nobody confirms it — not even under the recorder's real name.
    for nobody in ["", "   ", "\u{3000}"] {
        let mut c = c.clone();
        deductions::record(&mut c, &o, "d1", deducting("200", "DN-7", nobody)).unwrap();
        assert!(
            matches!(
                deductions::confirm(&mut c, "d1", "li"),
                Err(DomainError::OwnDeduction)
            ),
            "recorded by {nobody:?}"
        );
        assert_eq!(deductions::deducted(&c), Price::ZERO);
        assert!(balance_closed(ships(&o, &c)));
    }
    // Confirmed by nobody: li records, clears the device's name and confirms.
    for nobody in ["", "  ", "\u{3000}"] {
        let mut c = c.clone();
        deductions::record(&mut c, &o, "d1", deducting("200", "DN-7", "li")).unwrap();
        assert!(
            matches!(
                deductions::confirm(&mut c, "d1", nobody),
                Err(DomainError::OwnDeduction)
            ),
            "confirmed by {nobody:?}"
        );
        assert_eq!(c.deductions["d1"].confirmed_by, None);
        assert!(balance_closed(ships(&o, &c)));
    }
    // Written straight into the map, a confirmation of or by nobody counts for nothing.
    for (who, by) in [("", "finance"), ("li", ""), ("li", " \u{3000} ")] {
        let mut c = c.clone();
        c.deductions
            .insert("dx".into(), written(amount("200"), "DN-7", who, Some(by)));
        assert_eq!(deductions::deducted(&c), Price::ZERO, "{who:?} / {by:?}");
        assert_eq!(deductions::unconfirmed(&c), amount("200"));
        assert!(balance_closed(ships(&o, &c)), "{who:?} / {by:?}");
    }
}

#[test]
fn a_deduction_its_recorder_confirmed_elsewhere_waits_for_someone_else() {
    let (o, c) = short_of_200();
    let (mut a, mut b) = pair(&c);
    // Another build lets li confirm her own deduction, under another spacing and case.
    edit::<Commercial>(&mut b, "li", |c| {
        c.deductions.insert(
            "dx".into(),
            written(amount("200"), "DN-7", "li", Some(" LI ")),
        );
    });
    let mut both: Commercial = merged(&mut a, &mut b);
    assert_eq!(deductions::deducted(&both), Price::ZERO);
    assert_eq!(deductions::of_complaint(&both, "c1"), Price::ZERO);
    assert_eq!(both.balance_due(&o), amount("200"));
    assert!(!both.balance_opens_gate_for(&o));
    assert!(balance_closed(ships(&o, &both)));
    // It still waits, and takes its room: nothing more may be kept back.
    assert_eq!(deductions::unconfirmed(&both), amount("200"));
    assert_eq!(deductions::room(&both, &o), Price::ZERO);
    // Li still cannot confirm it here; someone else can, and then it counts.
    assert!(matches!(
        deductions::confirm(&mut both, "dx", "li"),
        Err(DomainError::OwnDeduction)
    ));
    deductions::confirm(&mut both, "dx", "finance").unwrap();
    assert_eq!(
        both.deductions["dx"].confirmed_by.as_deref(),
        Some("finance")
    );
    assert_eq!(deductions::deducted(&both), amount("200"));
    ships(&o, &both).unwrap();
}

#[test]
fn a_self_confirmed_entry_of_a_debit_note_never_hides_its_true_confirmation() {
    let (o, c) = short_of_200();
    let (mut a, mut b) = pair(&c);
    // The same note on two devices: one confirmed by its recorder (another build), recorded
    // first; one confirmed by someone else, recorded a day later.
    edit::<Commercial>(&mut a, "li", |c| {
        c.deductions.insert(
            "da".into(),
            written(amount("200"), "DN-7", "li", Some("li")),
        );
    });
    edit::<Commercial>(&mut b, "wang", |c| {
        let mut d = deducting("200", "DN-7", "wang");
        d.today = day("2026-06-22");
        deductions::record(c, &o, "db", d).unwrap();
        deductions::confirm(c, "db", "finance").unwrap();
    });
    let both: Commercial = merged(&mut a, &mut b);
    assert_eq!(
        deductions::twins(&both).into_iter().collect::<Vec<_>>(),
        [("da".to_string(), "db".to_string())],
        "the one truly confirmed stands"
    );
    assert_eq!(deductions::deducted(&both), amount("200"));
    assert_eq!(deductions::unconfirmed(&both), Price::ZERO);
    ships(&o, &both).unwrap();
}

#[test]
fn a_recorder_renamed_to_its_confirmer_on_another_device_counts_for_nothing() {
    let (o, mut c) = short_of_200();
    deductions::record(&mut c, &o, "d1", deducting("200", "DN-7", "li")).unwrap();
    let (mut a, mut b) = pair(&c);
    edit::<Commercial>(&mut a, "finance", |c| {
        deductions::confirm(c, "d1", "finance").unwrap();
    });
    // Another build rewrites who recorded it, offline, to the confirmer's name.
    edit::<Commercial>(&mut b, "finance", |c| {
        c.deductions.get_mut("d1").unwrap().who = "Finance".into();
    });
    let both: Commercial = merged(&mut a, &mut b);
    assert_eq!(
        both.deductions["d1"].confirmed_by.as_deref(),
        Some("finance")
    );
    assert_eq!(deductions::deducted(&both), Price::ZERO);
    assert!(balance_closed(ships(&o, &both)));
}

#[test]
fn recording_under_an_id_in_use_never_changes_a_deduction_confirmed_elsewhere() {
    let (o, mut c) = short_of_200();
    deductions::record(&mut c, &o, "d1", deducting("100", "DN-7", "li")).unwrap();
    let (mut a, mut b) = pair(&c);
    edit::<Commercial>(&mut a, "finance", |c| {
        deductions::confirm(c, "d1", "finance").unwrap();
    });
    // On the other device, offline, a second note is recorded under the same id: it would put
    // its amount under the confirmation finance gave the first.
    let mut again = read(&b);
    refused(
        deductions::record(&mut again, &o, "d1", deducting("80", "DN-9", "li")),
        Field::DeductionReference,
        Issue::Duplicate("d1".into()),
    );
    assert_eq!(again.deductions["d1"].amount, amount("100"));
    edit::<Commercial>(&mut b, "li", |c| {
        let _ = deductions::record(c, &o, "d1", deducting("80", "DN-9", "li"));
    });
    let both: Commercial = merged(&mut a, &mut b);
    assert_eq!(both.deductions["d1"].reference, "DN-7");
    assert_eq!(deductions::deducted(&both), amount("100"));
    assert!(balance_closed(ships(&o, &both)));
}

// ---- the deposit ----

#[test]
fn deductions_never_open_the_deposit_gate_by_any_route() {
    let mut o = full_order();
    o.status = OrderStatus::Confirmed;
    let mut c = Commercial::new("order-doc", "USD");
    c.unit_price = Some(amount("1"));
    c.terms.deposit_bp = 3_000;
    c.plan_receivables(&o).unwrap();
    // The buyer keeps back the whole order, confirmed, and a twin of it merged from elsewhere.
    deductions::record(&mut c, &o, "d1", deducting("1000", "DN-7", "li")).unwrap();
    deductions::confirm(&mut c, "d1", "finance").unwrap();
    c.deductions.insert(
        "d2".into(),
        written(amount("1000"), "dn-7", "wang", Some("zhou")),
    );
    assert_eq!(deductions::deducted(&c), amount("1000"));
    assert_eq!(c.received(), Price::ZERO);
    let start = |c: &Commercial, min_bp: u32| {
        let g = Gates {
            deposit_before_production: true,
            min_deposit_bp: min_bp,
            ..money_gates()
        };
        transition(
            &mut o.clone(),
            Some(c),
            OrderStatus::InProduction,
            &g,
            "li",
            1,
            None,
        )
    };
    for min_bp in [0, 3_000] {
        assert!(!c.deposit_confirmed(&o));
        assert!(!c.deposit_opens_gate_for(&o, min_bp));
        assert!(
            matches!(start(&c, min_bp), Err(DomainError::GateClosed { gates }) if gates == [Gate::Deposit])
        );
    }
    // Money short of the deposit, however much is kept back besides, still does not.
    c.receipts.insert("r1".into(), confirmed_receipt("299.99"));
    assert!(!c.deposit_opens_gate_for(&o, 0));
    assert!(start(&c, 0).is_err());
    // The deposit itself does.
    c.receipts.insert("r1".into(), confirmed_receipt("300"));
    assert!(c.deposit_opens_gate_for(&o, 3_000));
    start(&c, 3_000).unwrap();
}

// ---- the goods shipped ----

#[test]
fn a_deduction_settles_the_balance_of_each_shipment_as_it_leaves_by_its_matrix() {
    let (mut o, mut c) = ready();
    o.shipments.clear();
    o.shipments.insert("s1".into(), matrix(600));
    let g = money_gates();
    let leave = |o: &mut Order, c: &Commercial, s: &str| {
        set_shipped_on(
            o,
            Some(c),
            s,
            Some(day("2026-06-10")),
            &g,
            "li",
            ms("2026-06-10"),
            day("2030-01-01"),
            None,
        )
    };
    // 600 pieces worth 600, 300 received: 300 short.
    assert!(balance_closed(leave(&mut o.clone(), &c, "s1")));
    // At most what the goods booked still owe may be kept back.
    refused(
        deductions::record(&mut c, &o, "d1", deducting("300.01", "DN-7", "li")),
        Field::DeductionAmount,
        Issue::MoreThanOwed(amount("300")),
    );
    deductions::record(&mut c, &o, "d1", deducting("300", "DN-7", "li")).unwrap();
    assert!(
        balance_closed(leave(&mut o.clone(), &c, "s1")),
        "recorded, not confirmed"
    );
    deductions::confirm(&mut c, "d1", "finance").unwrap();
    leave(&mut o, &c, "s1").unwrap();
    assert_eq!(o.status, OrderStatus::Shipped);

    // The rest goes later: everything shipped by then is owed, 1,000, and 600 settled it.
    o.shipments.insert("s2".into(), matrix(400));
    assert_eq!(c.balance_due(&o), amount("400"));
    assert!(balance_closed(leave(&mut o.clone(), &c, "s2")));
    deductions::record(&mut c, &o, "d2", deducting("300", "DN-8", "wang")).unwrap();
    deductions::confirm(&mut c, "d2", "li").unwrap();
    assert!(balance_closed(leave(&mut o.clone(), &c, "s2")), "100 short");
    c.receipts.insert("bal".into(), confirmed_receipt("100"));
    leave(&mut o, &c, "s2").unwrap();
    assert_eq!(deductions::beyond(&c, &o), Price::ZERO);
}

#[test]
fn goods_shipped_short_after_a_deduction_show_what_it_keeps_back_beyond_them() {
    let (o, mut c) = ready();
    deductions::record(&mut c, &o, "d1", deducting("700", "DN-7", "li")).unwrap();
    deductions::confirm(&mut c, "d1", "finance").unwrap();
    ships(&o, &c).unwrap();
    // Shipped without a matrix (pieces typed before shipments had one): the order is owed.
    let mut legacy = o.clone();
    legacy.shipments.insert(
        "sh1".into(),
        Shipment {
            pieces: 600,
            ..Shipment::default()
        },
    );
    assert_eq!(c.shipped_value(&legacy), None);
    assert_eq!(deductions::beyond(&c, &legacy), Price::ZERO);
    ships(&legacy, &c).unwrap();
    // Shipped 600 by the matrix: 600 owed, 300 received, 700 kept back — 400 beyond, shown.
    let mut short = o.clone();
    short.shipments.insert("sh1".into(), matrix(600));
    short.status = OrderStatus::Shipped;
    assert_eq!(c.shipped_value(&short), Some(amount("600")));
    assert_eq!(deductions::beyond(&c, &short), amount("400"));
    assert_eq!(c.balance_due(&short), Price::ZERO);
    assert_eq!(deductions::room(&c, &short), Price::ZERO);
    assert_eq!(c.open_receivables(&short).map(|(p, _)| p), [Price::ZERO; 2]);
    refused(
        deductions::record(
            &mut c.clone(),
            &short,
            "d2",
            deducting("0.01", "DN-8", "li"),
        ),
        Field::DeductionAmount,
        Issue::MoreThanOwed(Price::ZERO),
    );
    // Voiding the deduction takes it all back: 300 of the 600 shipped are owed again.
    deductions::void(&mut c, "d1", "zhou", "buyer paid in full after all").unwrap();
    assert_eq!(deductions::beyond(&c, &short), Price::ZERO);
    assert_eq!(c.balance_due(&short), amount("300"));
    assert!(!c.balance_opens_gate_for(&short));
}

// ---- merges ----

#[test]
fn the_same_twin_stands_on_three_devices_whichever_merges_first() {
    let (o, mut c) = ready();
    c.receipts.insert("bal".into(), confirmed_receipt("300"));
    for confirmed_on in [None, Some(0), Some(1), Some(2)] {
        let (mut a, mut b) = pair(&c);
        let mut x = third(&mut a);
        let refs = ["DN-7", " dn-7", ""];
        for (i, (doc, (id, who))) in [&mut a, &mut b, &mut x]
            .into_iter()
            .zip([("dc", "li"), ("db", "wang"), ("da", "zhou")])
            .enumerate()
        {
            edit::<Commercial>(doc, who, |c| {
                deductions::record(c, &o, id, deducting("400", refs[i], who)).unwrap();
                if confirmed_on == Some(i) {
                    deductions::confirm(c, id, "finance").unwrap();
                }
            });
        }
        // Merged in two different orders: a←b then ←x, and x←b then ←a.
        let (mut a2, mut b2, mut x2) = (a.fork(), b.fork(), x.fork());
        a.merge(&mut b).unwrap();
        a.merge(&mut x).unwrap();
        x2.merge(&mut b2).unwrap();
        x2.merge(&mut a2).unwrap();
        let (one, other) = (read(&a), read(&x2));
        assert_eq!(one, other);
        let twins = deductions::twins(&one);
        assert_eq!(twins, deductions::twins(&other));
        let standing = match confirmed_on {
            Some(i) => ["dc", "db", "da"][i],
            // None confirmed, all recorded the same day: the first id.
            None => "da",
        };
        assert_eq!(twins.len(), 2, "{confirmed_on:?}: {twins:?}");
        assert!(
            twins.values().all(|v| v == standing) && !twins.contains_key(standing),
            "{confirmed_on:?}: {twins:?}"
        );
        let counted = if confirmed_on.is_some() {
            amount("400")
        } else {
            Price::ZERO
        };
        assert_eq!(deductions::deducted(&one), counted);
        assert_eq!(
            deductions::unconfirmed(&one),
            amount("400").saturating_sub(counted)
        );
    }
}

#[test]
fn the_same_debit_note_typed_in_fullwidth_or_with_pasted_spaces_counts_once() {
    let (o, mut c) = ready();
    c.receipts.insert("bal".into(), confirmed_receipt("300"));
    // The number as a Chinese input method types it, or pasted with an invisible space.
    for typed in [
        "ＤＮ－７",
        "DN-7\u{200B}",
        "\u{FEFF}dn-7",
        "ｄｎ-7\u{3000}",
        "DN -7",
    ] {
        // On one device: refused as the number already recorded.
        let mut one = c.clone();
        deductions::record(&mut one, &o, "da", deducting("100", "DN-7", "li")).unwrap();
        assert!(
            matches!(
                deductions::record(&mut one, &o, "db", deducting("100", typed, "li")),
                Err(DomainError::Problem(p)) if p.field == Field::DeductionReference
            ),
            "{typed:?}"
        );
        // On two devices, both confirmed: it counts once.
        let (mut a, mut b) = pair(&c);
        edit::<Commercial>(&mut a, "li", |c| {
            deductions::record(c, &o, "da", deducting("400", "DN-7", "li")).unwrap();
            deductions::confirm(c, "da", "finance").unwrap();
        });
        edit::<Commercial>(&mut b, "wang", |c| {
            deductions::record(c, &o, "db", deducting("400", typed, "wang")).unwrap();
            deductions::confirm(c, "db", "zhou").unwrap();
        });
        let both: Commercial = merged(&mut a, &mut b);
        assert_eq!(deductions::twins(&both).len(), 1, "{typed:?}");
        assert_eq!(deductions::deducted(&both), amount("400"), "{typed:?}");
        assert_eq!(deductions::beyond(&both, &o), Price::ZERO, "{typed:?}");
    }
    // Two different numbers stay two notes.
    let mut two = c.clone();
    deductions::record(&mut two, &o, "da", deducting("100", "DN-7", "li")).unwrap();
    deductions::record(&mut two, &o, "db", deducting("100", "DN-17", "li")).unwrap();
    assert!(deductions::twins(&two).is_empty());
}

#[test]
fn a_twin_voided_on_one_device_while_its_original_is_confirmed_on_another_counts_once() {
    let (o, mut c) = ready();
    c.receipts.insert("bal".into(), confirmed_receipt("300"));
    // The same note, no number, on two devices, merged: db repeats da.
    let (mut a, mut b) = pair(&c);
    edit::<Commercial>(&mut a, "li", |c| {
        deductions::record(c, &o, "da", deducting("400", "", "li")).unwrap();
    });
    edit::<Commercial>(&mut b, "wang", |c| {
        deductions::record(c, &o, "db", deducting("400", "", "wang")).unwrap();
    });
    let _: Commercial = merged(&mut a, &mut b);
    // Finance confirms the original on one device while someone voids the twin on the other:
    // once, and the order ships on it.
    let (mut a1, mut b1) = (a.fork(), b.fork());
    edit::<Commercial>(&mut a1, "finance", |c| {
        deductions::confirm(c, "da", "finance").unwrap();
    });
    edit::<Commercial>(&mut b1, "zhou", |c| {
        deductions::void(c, "db", "zhou", "entered twice").unwrap();
    });
    let once: Commercial = merged(&mut a1, &mut b1);
    assert_eq!(deductions::deducted(&once), amount("400"));
    ships(&o, &once).unwrap();
    // Finance confirms the original on one device while someone voids that original on the
    // other, keeping the twin: the twin stands, unconfirmed, and the gate waits for it.
    let (mut a2, mut b2) = (a.fork(), b.fork());
    edit::<Commercial>(&mut a2, "finance", |c| {
        deductions::confirm(c, "da", "finance").unwrap();
    });
    edit::<Commercial>(&mut b2, "zhou", |c| {
        deductions::void(c, "da", "zhou", "keep wang's").unwrap();
    });
    let mut kept: Commercial = merged(&mut a2, &mut b2);
    assert!(deductions::twins(&kept).is_empty());
    assert_eq!(deductions::deducted(&kept), Price::ZERO);
    assert_eq!(deductions::unconfirmed(&kept), amount("400"));
    assert!(balance_closed(ships(&o, &kept)));
    assert!(matches!(
        deductions::confirm(&mut kept, "db", "wang"),
        Err(DomainError::OwnDeduction)
    ));
    deductions::confirm(&mut kept, "db", "finance").unwrap();
    assert_eq!(deductions::deducted(&kept), amount("400"));
    // Both voided at once, each keeping the other: nothing counts.
    let (mut a3, mut b3) = (a.fork(), b.fork());
    edit::<Commercial>(&mut a3, "li", |c| {
        deductions::void(c, "da", "li", "keep wang's").unwrap();
    });
    edit::<Commercial>(&mut b3, "wang", |c| {
        deductions::void(c, "db", "wang", "keep li's").unwrap();
    });
    let none: Commercial = merged(&mut a3, &mut b3);
    assert_eq!(deductions::deducted(&none), Price::ZERO);
    assert_eq!(deductions::unconfirmed(&none), Price::ZERO);
}

#[test]
fn a_deduction_for_a_complaint_this_device_has_not_received_is_judged_alike_everywhere() {
    // The books arrive before the order document that holds the complaint: the gate reads the
    // books alone, so it is judged the same with and without the complaint.
    let (o, c) = short_of_200();
    let mut there = o.clone();
    there.complaints.insert("c9".into(), Default::default());
    let (mut a, mut b) = pair(&c);
    edit::<Commercial>(&mut b, "li", |c| {
        let mut d = deducting("200", "DN-7", "li");
        d.complaint = "c9";
        deductions::record(c, &there, "d1", d).unwrap();
    });
    let recorded: Commercial = merged(&mut a, &mut b);
    assert!(!o.complaints.contains_key("c9"));
    assert!(balance_closed(ships(&o, &recorded)));
    assert!(balance_closed(ships(&there, &recorded)));
    assert_eq!(
        deductions::room(&recorded, &o),
        Price::ZERO,
        "its room is taken here too"
    );
    let mut confirmed = recorded.clone();
    deductions::confirm(&mut confirmed, "d1", "finance").unwrap();
    assert_eq!(deductions::of_complaint(&confirmed, "c9"), amount("200"));
    ships(&o, &confirmed).unwrap();
    ships(&there, &confirmed).unwrap();
    // Its number is taken here too.
    refused(
        deductions::record(
            &mut confirmed.clone(),
            &o,
            "d2",
            deducting("1", "DN-7", "wang"),
        ),
        Field::DeductionReference,
        Issue::Duplicate("DN-7".into()),
    );
}

#[test]
fn a_malformed_deduction_names_its_field_and_never_panics() {
    let (o, mut c) = ready();
    deductions::record(&mut c, &o, "d1", deducting("200", "DN-7", "li")).unwrap();
    deductions::confirm(&mut c, "d1", "finance").unwrap();
    let mut base = books_doc(&c);
    let cases: [(&str, Spoil); 8] = [
        ("amount", |d, o| d.put(o, "amount", 1.5f64).unwrap()),
        ("amount", |d, o| d.put(o, "amount", u64::MAX).unwrap()),
        ("complaint", |d, o| d.put(o, "complaint", 9i64).unwrap()),
        ("agreed", |d, o| d.put(o, "agreed", "someday").unwrap()),
        ("who", |d, o| {
            d.put_object(o, "who", automerge::ObjType::List).unwrap();
        }),
        ("confirmed_by", |d, o| {
            d.put(o, "confirmed_by", 7i64).unwrap()
        }),
        ("voided", |d, o| d.put(o, "voided", true).unwrap()),
        ("recorded", |d, o| d.put(o, "recorded", -3i64).unwrap()),
    ];
    each_spoil_is_named(&mut base, "deductions", "d1", &cases);
    // A field missing: the record is named (which field is not: see the report).
    let mut doc = base.fork();
    let (_, map) = doc.get(automerge::ROOT, "deductions").unwrap().unwrap();
    let (_, d1) = doc.get(&map, "d1").unwrap().unwrap();
    doc.delete(&d1, "amount").unwrap();
    let said = document::read::<Commercial>(&doc).unwrap_err().to_string();
    assert!(said.contains("deductions.d1"), "{said}");
    // A deduction that is no record at all.
    let mut doc = base.fork();
    let (_, map) = doc.get(automerge::ROOT, "deductions").unwrap().unwrap();
    doc.put(&map, "d1", "two hundred kept back").unwrap();
    let said = document::read::<Commercial>(&doc).unwrap_err().to_string();
    assert!(said.contains("deductions"), "{said}");
}

// ---- overflow ----

#[test]
fn amounts_near_the_limits_neither_panic_nor_open_the_balance_gate() {
    let (o, c) = short_of_200();
    let huge = Price::from_ten_thousandths;
    let max = huge(i64::MAX);
    // Typed: refused, and the most that may be is said.
    refused(
        deductions::record(
            &mut c.clone(),
            &o,
            "d1",
            Deducting {
                amount: max,
                ..deducting("1", "DN-7", "li")
            },
        ),
        Field::DeductionAmount,
        Issue::MoreThanOwed(amount("200")),
    );
    // Merged from other devices, each confirmed by someone else (the last left waiting):
    // whatever the sum, nothing panics, nothing wraps, what is due stays within what is owed.
    // [MAX, MAX, 200.0002] wraps, in i64, to exactly the 200 still owed.
    let wraps_to_200 = vec![max, max, huge(2_000_002)];
    for (amounts, waiting) in [
        (vec![max], false),
        (vec![max, max], false),
        (vec![max, huge(1)], false),
        (vec![huge(i64::MAX / 2 + 1), huge(i64::MAX / 2 + 1)], false),
        (vec![max, max], true),
        (wraps_to_200.clone(), false),
    ] {
        let mut c = c.clone();
        let n = amounts.len();
        for (i, a) in amounts.iter().enumerate() {
            let by = (!(waiting && i + 1 == n)).then_some("finance");
            c.deductions
                .insert(format!("d{i}"), written(*a, &format!("DN-{i}"), "li", by));
        }
        let owed = c.owed(&o);
        let said = format!("{amounts:?} waiting {waiting}");
        assert!(
            c.settled() == Price::ZERO || c.settled() >= c.received(),
            "{said}"
        );
        assert!(deductions::deducted(&c) >= Price::ZERO, "{said}");
        assert!(deductions::unconfirmed(&c) >= Price::ZERO, "{said}");
        assert!(c.balance_due(&o) <= owed, "{said}");
        assert!(deductions::room(&c, &o) <= amount("200"), "{said}");
        assert!(deductions::beyond(&c, &o) >= Price::ZERO, "{said}");
        assert!(
            c.open_receivables(&o)
                .iter()
                .all(|(p, _)| *p >= Price::ZERO && *p <= owed),
            "{said}"
        );
        assert_eq!(
            ships(&o, &c).is_ok(),
            c.balance_opens_gate_for(&o),
            "{said}"
        );
        let _ = money_events(None, &c, &Gates::default());
        let _ = deductions::twins(&c);
        let _ = deductions::listed(&c);
        if amounts == wraps_to_200 {
            assert_ne!(deductions::deducted(&c), amount("200"), "wrapped");
            assert!(balance_closed(ships(&o, &c)), "opened by a wrap");
        }
        // Kept back beyond what is owed is said, however far past the limit the sum goes
        // (before, an overflowing sum read as nothing and hid it).
        if !waiting {
            assert!(deductions::beyond(&c, &o) > Price::ZERO, "{said}");
            assert!(balance_closed(ships(&o, &c)), "{said}");
        }
    }
    // Written negative (no build types one): it widens nothing and takes nothing back.
    for neg in [huge(-1), huge(-7_000_000), huge(i64::MIN)] {
        let mut waiting = c.clone();
        waiting
            .deductions
            .insert("dn".into(), written(neg, "DN-0", "wang", None));
        assert_eq!(deductions::room(&waiting, &o), amount("200"), "{neg:?}");
        refused(
            deductions::record(&mut waiting, &o, "d1", deducting("200.01", "DN-7", "li")),
            Field::DeductionAmount,
            Issue::MoreThanOwed(amount("200")),
        );
        let mut kept = c.clone();
        deductions::record(&mut kept, &o, "d1", deducting("200", "DN-7", "li")).unwrap();
        deductions::confirm(&mut kept, "d1", "finance").unwrap();
        kept.deductions
            .insert("dn".into(), written(neg, "DN-0", "wang", Some("finance")));
        assert_eq!(deductions::deducted(&kept), amount("200"), "{neg:?}");
        assert_eq!(kept.balance_due(&o), Price::ZERO);
        ships(&o, &kept).unwrap();
    }
}

// ---- said in the day ----

#[test]
fn no_deduction_reaches_a_factory_by_any_route() {
    let mut o = full_order();
    o.factory = Some("f1".into());
    o.status = OrderStatus::ReadyToShip;
    let (_, c) = ready();
    let mut order = document::create([1; 16], &author("li"), ms("2026-06-01"), &o).unwrap();
    let mut books = document::create([5; 16], &author("li"), ms("2026-06-01"), &c).unwrap();
    let mut other = books.fork().with_actor(ActorId::from([6u8; 16]));
    let at = |h: i64| ms("2026-06-21") + h * 3_600_000;
    let commit = |doc: &mut AutoCommit, who: &str, t: i64, f: &dyn Fn(&mut Commercial)| {
        document::commit::<Commercial, (), document::DocError>(doc, &author(who), t, |c| {
            f(c);
            Ok(())
        })
        .unwrap();
    };
    let o2 = o.clone();
    commit(&mut books, "li", at(1), &|c| {
        deductions::record(c, &o2, "d1", deducting("200", "DN-7", "li")).unwrap();
        deductions::record(c, &o2, "d2", deducting("50", "DN-8", "li")).unwrap();
    });
    commit(&mut other, "wang", at(1), &|c| {
        deductions::record(c, &o2, "d3", deducting("200", "dn-7", "wang")).unwrap();
    });
    books.merge(&mut other).unwrap();
    commit(&mut books, "finance", at(2), &|c| {
        deductions::confirm(c, "d1", "finance").unwrap();
        deductions::void(c, "d2", "finance", "withdrawn").unwrap();
    });
    // The order itself changed that day too: its own news reaches the factory.
    document::commit::<Order, (), document::DocError>(&mut order, &author("li"), at(3), |o| {
        o.description = "navy piping".into();
        Ok(())
    })
    .unwrap();
    let day_of = |order: &mut AutoCommit, books: Option<&mut AutoCommit>| {
        reports::order_day(order, books, &Gates::default(), day("2026-06-21"), 0).unwrap()
    };
    let with_money = day_of(&mut order, Some(&mut books));
    let deduction_events: Vec<&Event> = with_money
        .events
        .iter()
        .filter(|e| {
            matches!(
                e,
                Event::DeductionRecorded { .. }
                    | Event::BuyerDeducted { .. }
                    | Event::DeductionVoided { .. }
            )
        })
        .collect();
    assert_eq!(deduction_events.len(), 3, "{:?}", with_money.events);
    let without_money = day_of(&mut order, None);
    let report = |act| DailyReport {
        day: day("2026-06-21"),
        documents: vec![("o".into(), act)],
    };
    let factory_events = |r: &DailyReport| -> Vec<Event> {
        r.documents
            .iter()
            .flat_map(|(_, a)| a.events.clone())
            .collect()
    };
    let told = report(with_money).for_one_factory("f1").report;
    let plain = report(without_money).for_one_factory("f1").report;
    assert!(!factory_events(&plain).is_empty());
    assert_eq!(
        factory_events(&told),
        factory_events(&plain),
        "the books add nothing the factory reads, not even a count"
    );
    // A day when only the books moved says nothing to the factory at all.
    let mut only_books = document::create([7; 16], &author("li"), ms("2026-06-01"), &o).unwrap();
    let act = day_of(&mut only_books, Some(&mut books));
    assert!(report(act)
        .for_one_factory("f1")
        .report
        .documents
        .is_empty());
    // The books read whole for the first time: every deduction said as money, none for a
    // factory, and none among the other changes a factory's copy may count.
    let whole = read(&books);
    let mut bare = whole.clone();
    bare.deductions.clear();
    let all = money_events(None, &whole, &Gates::default());
    let plain: Vec<Event> = money_events(None, &bare, &Gates::default());
    let for_factory =
        |ev: &[Event]| -> Vec<Event> { ev.iter().filter(|e| e.for_factory()).cloned().collect() };
    assert_eq!(all.len(), plain.len() + 3, "{all:?}");
    assert_eq!(for_factory(&all), for_factory(&plain));
}

/// A deduction its recorder confirmed (written so elsewhere) counts for nothing, so the daily
/// report does not say it was confirmed: it says it was recorded, and waits.
#[test]
fn a_deduction_its_recorder_confirmed_is_not_reported_as_kept_back() {
    let (o, before) = ready();
    let mut c = before.clone();
    deductions::record(&mut c, &o, "d1", deducting("200", "DN-7", "li")).unwrap();
    c.deductions.get_mut("d1").unwrap().confirmed_by = Some("LI".into());
    let events = gendan_domain::activity::money_events(
        Some(&before),
        &c,
        &gendan_domain::lifecycle::Gates::default(),
    );
    assert_eq!(
        events,
        [gendan_domain::activity::Event::DeductionRecorded {
            amount: amount("200"),
            currency: "USD".into()
        }]
    );
}
