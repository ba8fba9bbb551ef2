//! The agenda Today reads instead of the documents: kept as JSON beside the summary, it must give
//! the same view as the documents on every day, and say when it was made under other rules.

use crate::common::*;
use gendan_domain::agenda::Agenda;
use gendan_domain::inspection::InspectionKind;
use gendan_domain::production::{ProductionReport, Stage};
use gendan_domain::reports::{self, OrderFacts, RiskReason, Today};
use gendan_domain::samples::{Sample, SampleKind};
use gendan_domain::workspace::Settings;
use gendan_domain::OrderStatus;

/// An order in production with something for every Today list on some day between March and
/// August: milestones, an inspection, a PO, a pending sample, a complaint, sewing behind plan,
/// deposit and balance unpaid, and a merge-made state that needs a decision.
fn busy() -> (gendan_domain::Order, gendan_domain::Commercial) {
    let mut o = full_order();
    o.status = OrderStatus::InProduction;
    let i = o.inspections.get_mut("i1").unwrap();
    i.kind = InspectionKind::Inline;
    i.scheduled = Some(day("2026-05-20"));
    o.samples.insert(
        "s2".into(),
        Sample {
            kind: SampleKind::Fit,
            round: 1,
            sent: Some(day("2026-05-01")),
            reply_due: Some(day("2026-05-08")),
            ..Sample::default()
        },
    );
    for (id, on, qty) in [("w1", "2026-05-10", 50), ("w2", "2026-05-25", 120)] {
        o.production.insert(
            id.into(),
            ProductionReport {
                stage: Stage::Sewing,
                date: Some(day(on)),
                qty,
                ..ProductionReport::default()
            },
        );
    }
    let mut c = commercial();
    c.receivables.deposit.due = Some(day("2026-03-15"));
    c.receivables.balance.due = Some(day("2026-06-10"));
    (o, c)
}

fn stored(a: &Agenda) -> Agenda {
    let text = serde_json::to_string(a).expect("an agenda serializes");
    serde_json::from_str(&text).expect("and reads back")
}

#[test]
fn an_agenda_kept_as_json_gives_the_documents_today_view_on_every_day() {
    let (o, c) = busy();
    let settings = Settings::default();
    let facts = [OrderFacts {
        id: "A",
        order: &o,
        commercial: Some(&c),
    }];
    let kept = stored(&Agenda::of(&o, Some(&c), &settings.gates));
    assert!(kept.decisions.is_empty(), "details are never stored");
    // In production with the deposit unpaid: it needs a decision, which the reader loads.
    assert!(kept.needs_decision);
    let mut seen = Today::default();
    let mut reasons = Vec::new();
    let mut now = day("2026-03-01");
    while now <= day("2026-08-01") {
        let mut direct = reports::today(&facts, &settings, now);
        assert_eq!(direct.needs_decision.len(), 1);
        direct.needs_decision.clear();
        let mut from_index = kept.today("A", now, settings.at_risk_days);
        from_index.sort_lists();
        assert_eq!(from_index, direct, "on {now}");
        seen.extend(direct);
        reasons.extend(kept.risk_reasons(now, settings.at_risk_days));
        now = now.add_days(1).unwrap();
    }
    // The walk met every list the agenda feeds, or it proves less than it says.
    assert!(!seen.late_milestones.is_empty() && !seen.due_this_week.is_empty());
    assert!(!seen.inspections_today.is_empty() && !seen.pos_overdue.is_empty());
    assert!(!seen.sample_replies_overdue.is_empty() && !seen.open_complaints.is_empty());
    assert!(!seen.deposits_awaited.is_empty() && !seen.balances_awaited.is_empty());
    assert!(!seen.at_risk.is_empty());
    for want in [
        "ExFactoryPassed",
        "SewingBehind",
        "MilestonesLate",
        "FinalNotPassed",
    ] {
        assert!(
            reasons.iter().any(|r| format!("{r:?}").starts_with(want)),
            "{want} never seen"
        );
    }
    assert!(reasons
        .iter()
        .any(|r| matches!(r, RiskReason::SewingBehind { done, .. } if *done == 50)));
}

#[test]
fn a_stored_agenda_says_an_order_needs_a_decision_and_the_reader_loads_it_for_the_details() {
    let (mut o, c) = busy();
    // Shipped with the deposit unpaid: the deposit gate was walked around (a merge does this).
    o.status = OrderStatus::Shipped;
    let settings = Settings::default();
    let fresh = Agenda::of(&o, Some(&c), &settings.gates);
    assert!(fresh.needs_decision && !fresh.decisions.is_empty());
    let t = fresh.today("A", day("2026-05-20"), 7);
    assert_eq!(t.needs_decision.len(), 1);
    let kept = stored(&fresh);
    assert!(kept.needs_decision);
    assert!(kept
        .today("A", day("2026-05-20"), 7)
        .needs_decision
        .is_empty());
}

#[test]
fn an_agenda_made_under_other_gates_or_a_cancelled_order_lists_nothing_stale() {
    let (mut o, mut c) = busy();
    // Money recorded and not confirmed is listed whatever the order's status (money outlives
    // it): confirmed here, so nothing at all is left to list.
    for r in c.receipts.values_mut() {
        r.confirmed_by = Some("finance".into());
    }
    let mut gates = Settings::default().gates;
    let before = Agenda::of(&o, Some(&c), &gates);
    gates.deposit_before_production = false;
    assert_ne!(Agenda::key(&gates), before.key, "the reader must recompute");
    assert_eq!(Agenda::key(&gates), Agenda::of(&o, None, &gates).key);
    o.status = OrderStatus::Cancelled;
    let t = stored(&Agenda::of(&o, Some(&c), &gates)).today("A", day("2026-05-20"), 7);
    assert_eq!(t, Today::default());
}

/// Books holding a price to check list the order on Today, from the stored agenda as from the
/// documents, and still once the order is closed: the money is what must not go unseen.
#[test]
fn books_with_a_price_to_check_are_listed_even_for_a_closed_order() {
    let (mut o, mut c) = busy();
    let settings = Settings::default();
    let on = day("2026-05-20");
    let a = Agenda::of(&o, Some(&c), &settings.gates);
    assert!(a.today("A", on, 7).prices_to_check.is_empty());
    c.po_price_checks.insert(
        "po1".into(),
        gendan_domain::commercial::PriceCheck {
            written_by: "li".into(),
            ..Default::default()
        },
    );
    for status in [OrderStatus::InProduction, OrderStatus::Closed] {
        o.status = status;
        let a = Agenda::of(&o, Some(&c), &settings.gates);
        let listed = stored(&a).today("A", on, 7).prices_to_check;
        assert_eq!(listed.len(), 1, "{status:?}");
        assert_eq!(listed[0].order, "A");
        assert_eq!(listed[0].label, o.customer_po);
        let facts = [OrderFacts {
            id: "A",
            order: &o,
            commercial: Some(&c),
        }];
        assert_eq!(
            reports::today(&facts, &settings, on).prices_to_check,
            listed
        );
    }
}

/// 应收账款: the agenda keeps what the buyer still owes, part by part with its due day, so the
/// receivables book reads agendas: confirmed receipts pay the deposit first; an unconfirmed one
/// pays nothing; the aging and the days overdue follow the due days; a cancelled order, or a
/// device without the books, has none.
#[test]
fn the_agenda_keeps_what_the_buyer_still_owes_for_the_receivables_book() {
    use gendan_domain::commercial::Receipt;
    use gendan_domain::lifecycle::Gates;
    use gendan_domain::Price;
    let o = full_order();
    let mut c = commercial(); // deposit 300, balance 700, 100 received but not confirmed
    c.receivables.deposit.due = Some(day("2026-03-10"));
    c.receivables.balance.due = Some(day("2026-06-20"));
    let g = Gates::default();
    let kept = |c: &gendan_domain::Commercial| -> Agenda {
        let a = Agenda::of(&o, Some(c), &g);
        serde_json::from_str(&serde_json::to_string(&a).unwrap()).unwrap()
    };
    let r = kept(&c).receivable.expect("owed");
    let amount = |s: &str| s.parse::<Price>().unwrap().ten_thousandths();
    assert_eq!(r.currency, "USD");
    assert_eq!(r.received, 0, "unconfirmed pays nothing");
    assert_eq!(
        r.open,
        [
            (amount("300"), Some(day("2026-03-10"))),
            (amount("700"), Some(day("2026-06-20")))
        ]
    );
    c.receipts.insert(
        "r1".into(),
        Receipt {
            amount: "300".parse().unwrap(),
            confirmed_by: Some("fin".into()),
            ..Receipt::default()
        },
    );
    let r = kept(&c).receivable.expect("owed");
    assert_eq!(
        r.open,
        [(amount("700"), Some(day("2026-06-20")))],
        "the deposit first"
    );
    let late = day("2026-07-30");
    assert_eq!(r.days_overdue(late), 40);
    let aging = r.aging(late);
    assert_eq!(aging.d31_60.to_string(), "700.00");
    assert_eq!(
        aging.total(),
        c.receivable_aging(&o, late).total(),
        "as the books say"
    );
    assert!(r.days_overdue(day("2026-06-01")) <= 0);

    let mut cancelled = o.clone();
    cancelled.status = OrderStatus::Cancelled;
    assert!(Agenda::of(&cancelled, Some(&c), &g).receivable.is_none());
    assert!(
        Agenda::of(&o, None, &g).receivable.is_none(),
        "no books here"
    );
}

/// Books on the device that do not read (a peer's change broke them) list the order on Today,
/// from the stored agenda too and once the order is closed, and put no money in the agenda: the
/// order is not shown as if it had none owed, it is shown as unreadable.
#[test]
fn books_that_do_not_read_are_listed_with_no_money_even_for_a_closed_order() {
    let (mut o, c) = busy();
    let settings = Settings::default();
    let on = day("2026-05-20");
    assert!(!Agenda::of(&o, Some(&c), &settings.gates).books_unread);
    for status in [OrderStatus::InProduction, OrderStatus::Closed] {
        o.status = status;
        let a = stored(&Agenda::books_unread(&o, &settings.gates));
        assert!(a.books_unread && a.receivable.is_none() && a.deposit.is_none());
        let t = a.today("A", on, 7);
        assert_eq!(t.books_unread.len(), 1, "{status:?}");
        assert_eq!(t.books_unread[0].label, o.customer_po);
        assert!(t.deposits_awaited.is_empty());
    }
}
