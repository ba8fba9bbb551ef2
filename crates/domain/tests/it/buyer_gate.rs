//! 订单确认 as a gate the team may switch on: production is released only once the buyer's
//! order was confirmed in writing and then by phone, or with a logged reason; a release merged
//! from a device that skipped it needs a decision; orders released before the rule went on are
//! not judged by it.

use crate::common::*;
use gendan_domain::buyer_confirm;
use gendan_domain::gate::Gate;
use gendan_domain::lifecycle::{transition, violations, Violation};
use gendan_domain::purchasing::{ConfirmChannel, Confirmation};
use gendan_domain::rule_log::{Change, GateRule, RuleEdit};
use gendan_domain::workspace::Settings;
use gendan_domain::{DomainError, Gates, Order, OrderStatus};

/// The rules with only the buyer's confirmation on, switched on `on`.
fn rule_on(on: &str) -> Gates {
    let mut s = Settings {
        gates: Gates::none(),
        ..Settings::default()
    };
    let by = Change {
        id: "c1",
        who: "boss",
        today: day(on),
        reason: "",
    };
    s.change_rule(&RuleEdit::Gate(GateRule::BuyerConfirmed, true), by)
        .unwrap();
    s.gates
}

fn confirmed_order() -> Order {
    let mut o = full_order();
    o.status = OrderStatus::Confirmed;
    o.order_date = Some(day("2026-03-01"));
    o
}

fn confirm(o: &mut Order, channel: ConfirmChannel, on: &str) {
    let c = Confirmation {
        by: "li".into(),
        counterpart: "Ms Berg".into(),
        on: Some(day(on)),
        note: String::new(),
        goods: String::new(),
    };
    buyer_confirm::confirm(o, &channel, c, day("2026-03-10")).unwrap();
}

/// Milliseconds at noon UTC of `d`.
fn noon(d: &str) -> i64 {
    let days = day("1970-01-01").days_until(day(d));
    days * 86_400_000 + 43_200_000
}

#[test]
fn production_waits_for_both_confirmations_unless_a_reason_is_logged() {
    let g = rule_on("2026-03-01");
    let mut o = confirmed_order();
    let refused = transition(
        &mut o,
        None,
        OrderStatus::InProduction,
        &g,
        "li",
        noon("2026-03-05"),
        None,
    );
    assert!(
        matches!(&refused, Err(DomainError::GateClosed { gates }) if gates == &[Gate::BuyerConfirmed]),
        "{refused:?}"
    );
    // Written only: the phone check is still missing.
    confirm(&mut o, ConfirmChannel::Written, "2026-03-02");
    let refused = transition(
        &mut o,
        None,
        OrderStatus::InProduction,
        &g,
        "li",
        noon("2026-03-05"),
        None,
    );
    assert!(
        matches!(refused, Err(DomainError::GateClosed { .. })),
        "{refused:?}"
    );
    let mut waived = o.clone();
    transition(
        &mut waived,
        None,
        OrderStatus::InProduction,
        &g,
        "li",
        noon("2026-03-05"),
        Some("buyer on holiday, confirmed by e-mail twice"),
    )
    .unwrap();
    assert!(
        violations(&waived, None, &g).is_empty(),
        "waived with a reason"
    );
    confirm(&mut o, ConfirmChannel::Phone, "2026-03-03");
    transition(
        &mut o,
        None,
        OrderStatus::InProduction,
        &g,
        "li",
        noon("2026-03-05"),
        None,
    )
    .unwrap();
    // Off, nothing is asked.
    let mut free = confirmed_order();
    transition(
        &mut free,
        None,
        OrderStatus::InProduction,
        &Gates::none(),
        "li",
        noon("2026-03-05"),
        None,
    )
    .unwrap();
}

#[test]
fn a_release_made_without_the_rule_is_judged_only_when_made_after_it_went_on() {
    // Released on a device whose rules did not yet say so (or merged): once the rule is on,
    // the release needs a decision — unless it was made before the rule went on.
    let mut o = confirmed_order();
    transition(
        &mut o,
        None,
        OrderStatus::InProduction,
        &Gates::none(),
        "wang",
        noon("2026-03-05"),
        None,
    )
    .unwrap();
    let before = rule_on("2026-03-10");
    assert!(
        violations(&o, None, &before).is_empty(),
        "released before the rule: not asked"
    );
    let after = rule_on("2026-03-04");
    assert_eq!(
        violations(&o, None, &after),
        vec![Violation::GateNotMet {
            status: OrderStatus::InProduction,
            gate: Gate::BuyerConfirmed
        }]
    );
    // The day before the rule went on may be judged (the log's UTC against a local day);
    // never spared when after.
    let next_day = rule_on("2026-03-06");
    assert!(!violations(&o, None, &next_day).is_empty());
    // Confirming both ways settles it.
    confirm(&mut o, ConfirmChannel::Written, "2026-03-06");
    confirm(&mut o, ConfirmChannel::Phone, "2026-03-07");
    assert!(violations(&o, None, &after).is_empty());
}

#[test]
fn switching_the_rule_off_needs_a_reason_and_is_logged() {
    let mut s = Settings {
        gates: rule_on("2026-03-01"),
        ..Settings::default()
    };
    let off = RuleEdit::Gate(GateRule::BuyerConfirmed, false);
    let by = |reason| Change {
        id: "c2",
        who: "boss",
        today: day("2026-03-09"),
        reason,
    };
    assert!(matches!(
        s.change_rule(&off, by("")),
        Err(DomainError::ReasonRequired)
    ));
    assert!(s
        .change_rule(&off, by("buyer sends signed POs only"))
        .unwrap());
    assert!(!s.gates.buyer_confirmed_before_production);
    assert_eq!(s.rule_changes["c2"].rule, "buyer-confirmed");
}

/// Switches the rule in `s` on `on` (with change `id`) to `to`.
fn switch(s: &mut Settings, id: &str, on: &str, to: bool) {
    let by = Change {
        id,
        who: "boss",
        today: day(on),
        reason: "for the test",
    };
    s.change_rule(&RuleEdit::Gate(GateRule::BuyerConfirmed, to), by)
        .unwrap();
}

/// A release merged from a device that skipped the rule while it was on stays to decide after
/// the rule is switched off and on again; one made while it was off is not asked.
#[test]
fn switching_the_rule_off_and_on_again_forgets_no_release_made_while_it_was_on() {
    let mut s = Settings {
        gates: rule_on("2026-03-01"),
        ..Settings::default()
    };
    let release = |on: &str| {
        let mut o = confirmed_order();
        transition(
            &mut o,
            None,
            OrderStatus::InProduction,
            &Gates::none(),
            "wang",
            noon(on),
            None,
        )
        .unwrap();
        o
    };
    let while_on = release("2026-03-05");
    let while_off = release("2026-03-12");
    let not_met = vec![Violation::GateNotMet {
        status: OrderStatus::InProduction,
        gate: Gate::BuyerConfirmed,
    }];
    assert_eq!(violations(&while_on, None, &s.gates), not_met);

    switch(&mut s, "c2", "2026-03-08", false);
    assert!(violations(&while_on, None, &s.gates).is_empty(), "off");
    switch(&mut s, "c3", "2026-03-20", true);
    assert_eq!(
        violations(&while_on, None, &s.gates),
        not_met,
        "released while the rule was on before"
    );
    assert!(
        violations(&while_off, None, &s.gates).is_empty(),
        "released while the rule was off"
    );
    assert_eq!(
        s.gates.buyer_confirmed_periods(),
        [
            (day("2026-03-01"), Some(day("2026-03-08"))),
            (day("2026-03-20"), None)
        ]
    );

    // A rule an older build switched on kept only its day: switched off and on here, that
    // stretch is kept too.
    let mut old = Settings {
        gates: Gates {
            buyer_confirmed_before_production: true,
            buyer_confirmed_since: Some(day("2026-03-01")),
            ..Gates::none()
        },
        ..Settings::default()
    };
    switch(&mut old, "c2", "2026-03-08", false);
    switch(&mut old, "c3", "2026-03-20", true);
    assert_eq!(violations(&while_on, None, &old.gates), not_met);
    assert!(violations(&while_off, None, &old.gates).is_empty());
}
