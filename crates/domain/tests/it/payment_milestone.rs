//! A milestone that follows payment ("balance payment due") is money: the order document it sat
//! in reaches the factory, so its planned day told the payment terms, its actual day when the
//! buyer paid, and its moves and delay reports went into the factory's copy of the daily report.
//! Templates no longer put one on an order; one an older build put there takes no day or delay
//! report, makes no event or count, no step on Today, and is taken out — on one device or while
//! another, older one ticks it.

use gendan_domain::activity::{order_events, Event};
use gendan_domain::agenda::Agenda;
use gendan_domain::lifecycle::Gates;
use gendan_domain::problem::{Issue, Problem};
use gendan_domain::tna::{self, Anchor, DelayReport, Milestone, MilestoneTemplate};
use gendan_domain::{DomainError, Order};

use crate::common::*;

fn payment_milestone() -> Milestone {
    Milestone {
        name: tna::SEEDED_PAYMENT_NAME.into(),
        code: "payment_due".into(),
        anchor: Some(Anchor::ExFactory),
        offset_days: 30,
        planned: Some(day("2026-07-31")),
        template_line: Some("m12".into()),
        ..Milestone::default()
    }
}

/// An order planned by an older build: the standard plan and its payment line.
fn old_order() -> Order {
    let mut o = full_order();
    o.order_date = Some(day("2026-03-01"));
    o.ex_factory = Some(day("2026-07-01"));
    apply_by_line(&mut o, &tna::default_template());
    o.milestones.insert("m12".into(), payment_milestone());
    o
}

fn refused_for_payment(r: Result<(), DomainError>) {
    match r {
        Err(DomainError::Problem(Problem { issue, .. })) => {
            assert_eq!(issue, Issue::PaymentInBooks)
        }
        other => panic!("not refused as money: {other:?}"),
    }
}

#[test]
fn no_template_puts_payment_on_an_order() {
    assert!(tna::default_template()
        .milestones
        .values()
        .all(|t| t.code != "payment_due"));
    // A workspace seeded by an older build keeps its payment line; applying it skips the line.
    let mut template = tna::default_template();
    template.milestones.insert(
        "m12".into(),
        MilestoneTemplate {
            name: "Balance payment due".into(),
            code: "payment_due".into(),
            anchor: Anchor::ExFactory,
            offset_days: 30,
            owner_role: Default::default(),
        },
    );
    let mut o = full_order();
    o.ex_factory = Some(day("2026-07-01"));
    apply_by_line(&mut o, &template);
    assert!(!o.milestones.values().any(tna::follows_payment));
    assert!(o.milestones.values().any(|m| m.code == "ex_factory"));
}

#[test]
fn a_payment_milestone_takes_no_day_and_no_delay_report() {
    let mut o = old_order();
    refused_for_payment(tna::record_actual(&mut o, "m12", day("2026-08-02")));
    let report = DelayReport {
        cause: "buyer paid 5,000 of 15,000".into(),
        new_date: Some(day("2026-08-30")),
        ..DelayReport::default()
    };
    refused_for_payment(tna::report_delay(
        &mut o,
        "m12",
        "d1",
        report,
        day("2026-08-05"),
        3,
    ));
    assert_eq!(o.milestones["m12"].actual, None);
    assert!(o.milestones["m12"].delays.is_empty());
}

#[test]
fn a_payment_milestone_says_nothing_in_the_report_nor_on_today() {
    let before = old_order();
    // Moving the ex-factory day re-plans the payment line with the rest; ticked elsewhere.
    let mut after = before.clone();
    tna::move_ex_factory(&mut after, day("2026-07-15"));
    after.milestones.get_mut("m12").unwrap().actual = Some(day("2026-08-10"));
    let events = order_events(Some(&before), &after);
    let said = format!("{events:?}");
    assert!(!said.contains("Balance payment"), "{said}");
    assert!(
        events.iter().any(
            |e| matches!(e, Event::MilestoneMoved { name, .. } if name.starts_with("Ex-factory"))
        ),
        "the other milestones still move: {said}"
    );
    // Its taking out is not even counted as another change.
    let mut out = after.clone();
    assert_eq!(tna::take_out_payment(&mut out), 1);
    assert_eq!(order_events(Some(&after), &out), Vec::<Event>::new());
    // Late, it is no step on Today: the money due follows the payment.
    let mut late = before.clone();
    late.milestones.get_mut("m12").unwrap().planned = Some(day("2026-03-02"));
    let today = Agenda::of(&late, None, &Gates::default()).today("o", day("2026-08-10"), 3);
    assert!(
        !today.late_milestones.is_empty(),
        "the rest of the plan is late"
    );
    assert!(
        !format!("{today:?}").contains("Balance payment"),
        "{today:?}"
    );
}

/// One device takes the payment line out while another, on an older build, ticks it: the merged
/// order holds no payment line.
#[test]
fn taken_out_on_one_device_while_another_ticks_it() {
    let o = old_order();
    let (mut a, mut b) = pair(&o);
    edit::<Order>(&mut a, "wang", |o| {
        assert_eq!(tna::take_out_payment(o), 1);
    });
    edit::<Order>(&mut b, "old build", |o| {
        o.milestones.get_mut("m12").unwrap().actual = Some(day("2026-08-10"));
    });
    let merged: Order = merged(&mut a, &mut b);
    assert!(!merged.milestones.values().any(tna::follows_payment));
    assert_eq!(merged.milestones.len(), o.milestones.len() - 1);
}
