//! The workspace's shipment allowances: what a new and an old workspace hold, what may be set
//! (only through the rules' logged path: widening one needs a reason, since it lets every order
//! without its own count as shipped, and its final lot pass, with fewer pieces), and that two
//! devices each setting one allowance offline both keep theirs, and both logs, after they merge.

use crate::common::*;
use automerge::transaction::Transactable;
use automerge::ReadDoc;
use gendan_domain::document;
use gendan_domain::order::{Field, Issue, Problem};
use gendan_domain::rule_log::{Change, RuleEdit};
use gendan_domain::workspace::{
    Allowance, Settings, DEFAULT_SHORT_SHIP_PERMILLE, MAX_SHIP_ALLOWANCE_PERMILLE,
};
use gendan_domain::{DomainError, Workspace};

/// Sets one allowance the way the Rules screen does.
fn set(
    w: &mut Workspace,
    which: Allowance,
    p: u32,
    id: &str,
    why: &str,
) -> Result<(), DomainError> {
    let by = Change {
        id,
        who: "zhou",
        today: day("2026-06-01"),
        reason: why,
    };
    w.settings
        .change_rule(&RuleEdit::Allowance(which, p), by)
        .map(drop)
}

#[test]
fn a_new_workspace_allows_three_percent_short_and_five_percent_over() {
    let w = Workspace::seeded("Team");
    assert_eq!(w.ship_allowance(), (30, 50));
    assert_eq!(
        Settings::default().short_ship_permille,
        DEFAULT_SHORT_SHIP_PERMILLE
    );
}

#[test]
fn a_workspace_written_before_the_short_allowance_opens_with_the_defaults() {
    let mut w = Workspace::seeded("Team");
    w.settings.over_ship_permille = 25;
    let mut doc = document::create([3; 16], &author("li"), 1, &w).unwrap();
    // As an older version wrote it: settings without the short allowance.
    let settings = match doc.get(automerge::ROOT, "settings").unwrap() {
        Some((automerge::Value::Object(_), id)) => id,
        other => panic!("settings is {other:?}"),
    };
    doc.delete(&settings, "short_ship_permille").unwrap();
    let old = document::load(&doc.save()).unwrap();
    let read = document::read::<Workspace>(&old).unwrap();
    assert_eq!(
        read.ship_allowance(),
        (30, 25),
        "the over allowance set is kept"
    );

    // And one written before settings existed at all.
    let mut doc = document::create([4; 16], &author("li"), 1, &w).unwrap();
    doc.delete(automerge::ROOT, "settings").unwrap();
    let read = document::read::<Workspace>(&doc).unwrap();
    assert_eq!(read.ship_allowance(), (30, 50));
}

#[test]
fn an_allowance_beyond_fifty_percent_is_refused_and_changes_nothing() {
    let mut w = Workspace::seeded("Team");
    let refused = |r: Result<(), DomainError>| match r {
        Err(DomainError::Problem(p)) => p,
        other => panic!("not refused: {other:?}"),
    };
    let over = MAX_SHIP_ALLOWANCE_PERMILLE + 1;
    assert_eq!(
        refused(set(&mut w, Allowance::Over, over, "a", "why")),
        Problem::new(Field::OverShipAllowance, Issue::TooLarge)
    );
    assert_eq!(
        refused(set(&mut w, Allowance::Short, 501, "b", "why")),
        Problem::new(Field::ShortShipAllowance, Issue::TooLarge)
    );
    assert_eq!(w.ship_allowance(), (30, 50));
    assert!(w.settings.rule_changes.is_empty(), "nothing logged");
    set(
        &mut w,
        Allowance::Over,
        500,
        "c",
        "bulk buyer, packing as it comes",
    )
    .unwrap();
    set(&mut w, Allowance::Short, 0, "d", "").unwrap();
    assert_eq!(w.ship_allowance(), (0, 500));
    // The final-lot gate judges with the same short allowance the Rules screen set.
    assert_eq!(w.settings.gates.short_ship_permille, 0);
}

#[test]
fn two_devices_each_setting_one_allowance_both_keep_theirs() {
    let (mut a, mut b) = pair(&Workspace::seeded("Team"));
    edit::<Workspace>(&mut a, "li", |w| {
        set(w, Allowance::Over, 25, "a", "").unwrap();
    });
    edit::<Workspace>(&mut b, "wang", |w| {
        set(w, Allowance::Short, 15, "b", "").unwrap();
        w.settings.at_risk_days = 5;
    });
    let w: Workspace = merged(&mut a, &mut b);
    assert_eq!(w.ship_allowance(), (15, 25));
    assert_eq!(w.settings.at_risk_days, 5);
    assert_eq!(w.settings.rule_changes.len(), 2, "both logged");
}

#[test]
fn widening_an_allowance_needs_a_reason_narrowing_does_not_and_both_are_logged() {
    let mut w = Workspace::seeded("Team");
    for (which, wider) in [(Allowance::Short, 31), (Allowance::Over, 80)] {
        let before = w.clone();
        assert!(matches!(
            set(&mut w, which, wider, "x", "  "),
            Err(DomainError::ReasonRequired)
        ));
        assert_eq!(w, before, "{which:?}: nothing changed");
    }
    set(
        &mut w,
        Allowance::Short,
        80,
        "s1",
        "buyer accepts 8 % short this season",
    )
    .unwrap();
    assert_eq!(
        w.settings.gates.short_ship_permille, 80,
        "the final-lot gate reads it"
    );
    set(&mut w, Allowance::Over, 20, "o1", "").unwrap();
    let wide = &w.settings.rule_changes["s1"];
    assert_eq!(
        (wide.rule.as_str(), wide.from.as_str(), wide.to.as_str()),
        ("allowance:short", "30", "80")
    );
    assert!(wide.loosened());
    let narrow = &w.settings.rule_changes["o1"];
    assert_eq!((narrow.from.as_str(), narrow.to.as_str()), ("50", "20"));
    assert!(!narrow.loosened());
}

#[test]
fn the_certificate_of_origin_is_dropped_from_the_checklist_only_with_a_reason() {
    let mut w = Workspace::seeded("Team");
    assert!(w.settings.certificate_of_origin);
    let by = |id, reason| Change {
        id,
        who: "zhou",
        today: day("2026-06-01"),
        reason,
    };
    let off = RuleEdit::CertificateOfOrigin(false);
    assert!(matches!(
        w.settings.change_rule(&off, by("c0", "")),
        Err(DomainError::ReasonRequired)
    ));
    assert!(w.settings.certificate_of_origin);
    w.settings
        .change_rule(&off, by("c1", "US buyer, MFN rate"))
        .unwrap();
    assert!(!w.settings.certificate_of_origin);
    assert!(w.settings.rule_changes["c1"].loosened());
    w.settings
        .change_rule(&RuleEdit::CertificateOfOrigin(true), by("c2", ""))
        .unwrap();
    assert!(!w.settings.rule_changes["c2"].loosened());
}
