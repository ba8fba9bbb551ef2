//! The workspace's shipment allowances: what a new and an old workspace hold, what may be set,
//! and that two devices each setting one allowance offline both keep theirs after they merge.

use crate::common::*;
use automerge::transaction::Transactable;
use automerge::ReadDoc;
use gendan_domain::document;
use gendan_domain::order::{Field, Issue, Problem};
use gendan_domain::workspace::{
    Allowance, Settings, DEFAULT_SHORT_SHIP_PERMILLE, MAX_SHIP_ALLOWANCE_PERMILLE,
};
use gendan_domain::{DomainError, Workspace};

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
    assert_eq!(
        refused(w.set_ship_allowance(Allowance::Over, MAX_SHIP_ALLOWANCE_PERMILLE + 1)),
        Problem::new(Field::OverShipAllowance, Issue::TooLarge)
    );
    assert_eq!(
        refused(w.set_ship_allowance(Allowance::Short, 501)),
        Problem::new(Field::ShortShipAllowance, Issue::TooLarge)
    );
    assert_eq!(w.ship_allowance(), (30, 50));
    w.set_ship_allowance(Allowance::Over, 500).unwrap();
    w.set_ship_allowance(Allowance::Short, 0).unwrap();
    assert_eq!(w.ship_allowance(), (0, 500));
    // The final-lot gate judges with the same short allowance the Rules screen set.
    assert_eq!(w.settings.gates.short_ship_permille, 0);
}

#[test]
fn two_devices_each_setting_one_allowance_both_keep_theirs() {
    let (mut a, mut b) = pair(&Workspace::seeded("Team"));
    edit::<Workspace>(&mut a, "li", |w| {
        w.set_ship_allowance(Allowance::Over, 25).unwrap();
    });
    edit::<Workspace>(&mut b, "wang", |w| {
        w.set_ship_allowance(Allowance::Short, 15).unwrap();
        w.settings.at_risk_days = 5;
    });
    let w: Workspace = merged(&mut a, &mut b);
    assert_eq!(w.ship_allowance(), (15, 25));
    assert_eq!(w.settings.at_risk_days, 5);
}
