//! 规则变更记录 over real workspace documents: a rule loosened without a reason is refused and
//! nothing changes, on every kind of rule; with one it is logged with who, when, from and to;
//! tightening is logged too; two devices' changes made offline are both in the log after the
//! merge; and a gate switched off and on again around a release leaves its trace.

use crate::common::*;
use gendan_domain::rule_log::{Change, GateRule, RuleEdit};
use gendan_domain::workspace::{Settings, Workspace};
use gendan_domain::DomainError;

fn by<'a>(id: &'a str, who: &'a str, reason: &'a str) -> Change<'a> {
    Change {
        id,
        who,
        today: day("2026-06-01"),
        reason,
    }
}

#[test]
fn a_rule_loosened_without_a_reason_is_refused_and_nothing_changes() {
    let mut s = Settings::default();
    s.gates.min_deposit_bp = 3_000;
    let loosen = [
        RuleEdit::Gate(GateRule::Deposit, false),
        RuleEdit::Gate(GateRule::Samples, false),
        RuleEdit::Gate(GateRule::Balance, false),
        RuleEdit::Gate(GateRule::FinalInspection, false),
        RuleEdit::Sample("pp".into(), false),
        RuleEdit::LeastDeposit(1_000),
        // Fewer days before ex-factory: Today warns of an order at risk later.
        RuleEdit::AtRiskDays(s.at_risk_days - 1),
    ];
    let before = s.clone();
    for edit in &loosen {
        assert!(edit.loosens(&s), "{edit:?}");
        let refused = s.change_rule(edit, by("x", "li", "  "));
        assert!(
            matches!(refused, Err(DomainError::ReasonRequired)),
            "{edit:?}"
        );
    }
    assert_eq!(s, before, "nothing changed, nothing logged");

    for (i, edit) in loosen.iter().enumerate() {
        let id = format!("c{i}");
        assert!(s
            .change_rule(edit, by(&id, "li", "buyer pays by L/C at sight"))
            .unwrap());
    }
    assert!(!s.gates.deposit_before_production && !s.gates.balance_before_shipping);
    assert_eq!(s.gates.required_samples.get("pp"), Some(&false));
    assert_eq!(s.gates.min_deposit_bp, 1_000);
    assert_eq!(s.rule_changes.len(), loosen.len());
    let least = &s.rule_changes["c5"];
    assert_eq!(
        (least.rule.as_str(), least.from.as_str(), least.to.as_str()),
        ("least-deposit", "3000", "1000")
    );
    assert_eq!(
        (least.who.as_str(), least.day, least.reason.as_str()),
        ("li", Some(day("2026-06-01")), "buyer pays by L/C at sight")
    );
    let pp = &s.rule_changes["c4"];
    assert_eq!(
        (pp.rule.as_str(), pp.from.as_str(), pp.to.as_str()),
        ("sample:pp", "on", "off")
    );
    let risk = &s.rule_changes["c6"];
    assert_eq!(risk.rule, "at-risk-days");
    assert!(risk.loosened(), "said as an exception in the daily report");
    assert_eq!(s.at_risk_days, before.at_risk_days - 1);
    // Widening the window again is a tightening: no reason.
    assert!(s
        .change_rule(
            &RuleEdit::AtRiskDays(before.at_risk_days),
            by("c7", "li", "")
        )
        .unwrap());
    assert!(!s.rule_changes["c7"].loosened());
}

#[test]
fn tightening_needs_no_reason_but_is_logged_and_no_change_is_not() {
    let mut s = Settings::default();
    assert!(!s
        .change_rule(&RuleEdit::Gate(GateRule::Deposit, true), by("a", "li", ""))
        .unwrap());
    assert!(s.rule_changes.is_empty());
    assert!(s
        .change_rule(
            &RuleEdit::Gate(GateRule::PaymentApproval, true),
            by("b", "li", "")
        )
        .unwrap());
    assert!(s
        .change_rule(&RuleEdit::LeastDeposit(3_000), by("c", "li", ""))
        .unwrap());
    assert_eq!(s.rule_log().len(), 2);
    assert_eq!(s.gates.payment_approval_from(), Some(day("2026-06-01")));
    // Switching approval off loosens it: a reason, and the period it was on is kept.
    assert!(matches!(
        s.change_rule(
            &RuleEdit::Gate(GateRule::PaymentApproval, false),
            by("d", "li", "")
        ),
        Err(DomainError::ReasonRequired)
    ));
    let off = Change {
        today: day("2026-06-05"),
        ..by("d", "wang", "team of one this month")
    };
    s.change_rule(&RuleEdit::Gate(GateRule::PaymentApproval, false), off)
        .unwrap();
    assert_eq!(
        s.gates.approval_periods(),
        [(day("2026-06-01"), Some(day("2026-06-05")))]
    );
    assert_eq!(
        s.gates.approval_required_on(Some(day("2026-06-03"))),
        Some(day("2026-06-01"))
    );
    assert_eq!(s.gates.approval_required_on(Some(day("2026-06-06"))), None);
}

/// The deposit gate switched off, an order released, the gate switched back on, on one device
/// while another, offline, raises the least deposit: both changes are in the merged log, with
/// who and why.
#[test]
fn rule_changes_made_on_two_devices_offline_are_both_in_the_log() {
    let (mut a, mut b) = pair(&Workspace::default());
    edit(&mut a, "li", |w: &mut Workspace| {
        let s = &mut w.settings;
        s.change_rule(
            &RuleEdit::Gate(GateRule::Deposit, false),
            by("off", "li", "rush order, deposit promised Monday"),
        )
        .unwrap();
        s.change_rule(&RuleEdit::Gate(GateRule::Deposit, true), by("on", "li", ""))
            .unwrap();
    });
    edit(&mut b, "wang", |w: &mut Workspace| {
        w.settings
            .change_rule(&RuleEdit::LeastDeposit(2_000), by("least", "wang", ""))
            .unwrap();
    });
    let m: Workspace = merged(&mut a, &mut b);
    let log: Vec<(&str, &str, &str)> = m
        .settings
        .rule_log()
        .into_iter()
        .map(|(_, c)| (c.rule.as_str(), c.to.as_str(), c.who.as_str()))
        .collect();
    assert_eq!(log.len(), 3, "{log:?}");
    assert!(log.contains(&("deposit", "off", "li")));
    assert!(log.contains(&("deposit", "on", "li")));
    assert!(log.contains(&("least-deposit", "2000", "wang")));
    assert!(m.settings.gates.deposit_before_production);
    assert_eq!(m.settings.gates.min_deposit_bp, 2_000);
    assert_eq!(
        m.settings.rule_changes["off"].reason,
        "rush order, deposit promised Monday"
    );
}

/// A workspace whose approval rule was switched on by a build that kept no periods: switched
/// off now, its day becomes a period, so what was paid from then stays named.
#[test]
fn approval_switched_on_before_periods_were_kept_keeps_its_day_when_switched_off() {
    let mut s = Settings::default();
    s.gates.payments_need_approval = true;
    s.gates.payments_need_approval_since = Some(day("2026-05-01"));
    assert_eq!(s.gates.approval_periods(), [(day("2026-05-01"), None)]);
    s.change_rule(
        &RuleEdit::Gate(GateRule::PaymentApproval, false),
        by("off", "li", "no second person on site"),
    )
    .unwrap();
    assert_eq!(
        s.gates.approval_periods(),
        [(day("2026-05-01"), Some(day("2026-06-01")))]
    );
}
