//! 合格供应商: a suspended supplier or factory gets no new work by any path (a PO, an order
//! moved to it), and a PO open with it — placed before, or on a device that had not heard —
//! waits on a decision after the devices merge.

use crate::common::*;
use gendan_domain::document;
use gendan_domain::factory_change::{set_factory, Move};
use gendan_domain::purchasing::{self, PurchaseOrder};
use gendan_domain::standing::{self, By, Standing};
use gendan_domain::workspace::{Party, PartyKind, Workspace};
use gendan_domain::{DomainError, Order};

fn by<'a>(reason: &'a str, id: &'a str) -> By<'a> {
    By {
        who: "Li",
        today: day("2026-05-10"),
        reason,
        change_id: id,
    }
}

fn mill() -> Party {
    Party {
        kind: PartyKind::Supplier,
        name: "Shaoxing Dyeing".into(),
        ..Party::default()
    }
}

fn po(supplier: &str) -> PurchaseOrder {
    PurchaseOrder {
        po_no: "FB-1".into(),
        supplier: supplier.into(),
        description: "Jersey".into(),
        qty: "1200".parse().unwrap(),
        unit: "m".into(),
        due: Some(day("2026-06-01")),
        ..PurchaseOrder::default()
    }
}

fn workspace_with(parties: &[(&str, Party)]) -> Workspace {
    let mut w = Workspace::seeded("Team");
    for (id, p) in parties {
        w.parties.insert((*id).into(), p.clone());
    }
    w
}

#[test]
fn a_suspended_supplier_gets_no_new_po_and_a_trial_one_does() {
    let mut p = mill();
    let mut o = full_order();
    standing::set(
        &mut p,
        Standing::Suspended,
        by("three lots off shade", "s1"),
    )
    .unwrap();
    let refused = purchasing::add(&mut o, "fb1", po("mill"), &p.standing());
    assert!(
        matches!(refused, Err(DomainError::Suspended)),
        "{refused:?}"
    );
    assert!(o.purchase_orders.get("fb1").is_none());

    standing::set(&mut p, Standing::Trial, by("new dye house audited", "s2")).unwrap();
    purchasing::add(&mut o, "fb1", po("mill"), &p.standing()).unwrap();
    assert!(standing::undecided(&o.purchase_orders["fb1"], Some(&p)).is_none());
}

#[test]
fn no_order_moves_to_a_suspended_factory_and_one_can_leave_it() {
    let mut f = mill();
    f.kind = PartyKind::Factory;
    standing::set(
        &mut f,
        Standing::Suspended,
        by("failed the social audit", "s1"),
    )
    .unwrap();
    let mut o = full_order();
    o.factory = None;
    let mv = Move {
        who: "Li",
        today: day("2026-05-10"),
        reason: "moved for capacity",
        change_id: "m1",
    };
    let refused = set_factory(&mut o, Some("f".into()), &f.standing(), mv);
    assert!(
        matches!(refused, Err(DomainError::Suspended)),
        "{refused:?}"
    );
    assert_eq!(o.factory, None);

    // An order already there stays (its own standing is not asked of a no-change), and leaving
    // it for an approved factory, or for none, is never refused for the suspension.
    o.factory = Some("f".into());
    set_factory(&mut o, Some(" f ".into()), &f.standing(), mv).unwrap();
    set_factory(&mut o, Some("ok".into()), &Standing::Approved, mv).unwrap();
    set_factory(&mut o, None, &Standing::Approved, mv).unwrap();
    assert_eq!(o.factory, None);
}

#[test]
fn an_open_po_with_a_supplier_suspended_on_another_device_waits_on_a_decision() {
    // Device A keeps the workspace and suspends the mill; device B, offline, places a PO with
    // it the same day. Each document is merged as two real replicas would.
    let (mut wa, mut wb) = pair(&workspace_with(&[("mill", mill())]));
    edit::<Workspace>(&mut wa, "li", |w| {
        let p = w.parties.get_mut("mill").unwrap();
        standing::set(p, Standing::Suspended, by("three lots off shade", "s1")).unwrap();
    });
    let (mut oa, mut ob) = pair(&full_order());
    edit::<Order>(&mut ob, "wang", |o| {
        let known = document::read::<Workspace>(&wb).unwrap();
        let standing = known.parties["mill"].standing();
        purchasing::add(o, "fb1", po("mill"), &standing).unwrap();
        // A PO with goods in full is no longer work to decide.
        purchasing::add(o, "done", po("mill"), &standing).unwrap();
        o.purchase_orders.get_mut("done").unwrap().closed = Some(Default::default());
    });
    let w: Workspace = merged(&mut wa, &mut wb);
    let mut o: Order = merged(&mut oa, &mut ob);
    let mill = w.parties.get("mill");
    assert_eq!(
        undecided_pos(&o, |id| w.parties.get(id)),
        vec!["fb1"],
        "the PO placed unknowing waits on a decision"
    );
    // What the order's summary carries finds the same PO waiting, without the order.
    let waiting: Vec<_> = standing::open_pos(&o)
        .into_iter()
        .filter(|(s, kept)| standing::waits(w.parties.get(s), kept).is_some())
        .collect();
    assert_eq!(waiting, vec![("mill".to_string(), String::new())]);
    let refused = standing::keep_po(&mut o, "fb1", mill, by(" ", "k1"));
    assert!(matches!(refused, Err(DomainError::ReasonRequired)));
    standing::keep_po(&mut o, "fb1", mill, by("half the fabric is dyed", "k1")).unwrap();
    assert!(undecided_pos(&o, |id| w.parties.get(id)).is_empty());
    assert!(standing::open_pos(&o)
        .iter()
        .all(|(s, kept)| standing::waits(w.parties.get(s), kept).is_none()));

    // Reinstated, then suspended again: the PO kept under the first suspension is asked again.
    let mut later = w.clone();
    let p = later.parties.get_mut("mill").unwrap();
    standing::set(p, Standing::Approved, by("corrective action done", "s2")).unwrap();
    standing::set(p, Standing::Suspended, by("late again", "s3")).unwrap();
    assert_eq!(undecided_pos(&o, |id| later.parties.get(id)), vec!["fb1"]);
    // Cancelling it decides it too.
    purchasing::cancel(
        &mut o,
        "fb1",
        ("Li", day("2026-05-11"), "moved to another mill"),
    )
    .unwrap();
    assert!(undecided_pos(&o, |id| later.parties.get(id)).is_empty());
}

#[test]
fn two_devices_changing_a_standing_keep_both_changes_and_agree() {
    let (mut a, mut b) = pair(&workspace_with(&[("mill", mill())]));
    edit::<Workspace>(&mut a, "li", |w| {
        let p = w.parties.get_mut("mill").unwrap();
        standing::set(p, Standing::Suspended, by("late twice", "sa")).unwrap();
    });
    edit::<Workspace>(&mut b, "wang", |w| {
        let p = w.parties.get_mut("mill").unwrap();
        // An edit of the party's details on the other device keeps the log.
        p.phone = "0575-1234".into();
        standing::set(
            p,
            Standing::Trial,
            By {
                today: day("2026-05-09"),
                ..by("new owner", "sb")
            },
        )
        .unwrap();
    });
    let w: Workspace = merged(&mut a, &mut b);
    let p = &w.parties["mill"];
    assert_eq!(p.standing_log().len(), 2);
    assert_eq!(p.standing(), Standing::Suspended, "the later day stands");
    assert_eq!(p.phone, "0575-1234");
}

#[test]
fn a_party_an_older_build_wrote_is_approved() {
    let mut doc = document::create(
        [3; 16],
        &author("li"),
        1,
        &workspace_with(&[("mill", mill())]),
    )
    .unwrap();
    // What an older build wrote: the party without the standing log.
    use automerge::transaction::Transactable;
    use automerge::ReadDoc;
    let parties = match doc.get(automerge::ROOT, "parties").unwrap() {
        Some((_, id)) => id,
        None => panic!("parties"),
    };
    let mill = doc.get(&parties, "mill").unwrap().unwrap().1;
    doc.delete(&mill, "standing_changes").unwrap();
    let w = document::read::<Workspace>(&doc).unwrap();
    assert_eq!(w.parties["mill"].standing(), Standing::Approved);
}

#[test]
fn the_day_says_a_standing_changed_and_a_po_kept_but_never_to_the_factory() {
    use gendan_domain::activity::{order_events, workspace_events, Event};
    let before = workspace_with(&[("mill", mill())]);
    let mut after = before.clone();
    let p = after.parties.get_mut("mill").unwrap();
    standing::set(p, Standing::Suspended, by("three lots off shade", "s1")).unwrap();
    let ev = workspace_events(Some(&before), &after);
    assert!(
        matches!(ev.as_slice(), [Event::StandingChanged { party, to: Standing::Suspended, reason, .. }]
            if party == "mill" && reason == "three lots off shade"),
        "said once, with nothing else changed: {ev:?}"
    );
    assert!(!ev[0].for_factory());

    let mut o = full_order();
    purchasing::add(&mut o, "fb1", po("mill"), &Standing::Approved).unwrap();
    let kept_before = o.clone();
    let mill = after.parties.get("mill");
    standing::keep_po(&mut o, "fb1", mill, by("half the fabric is dyed", "k1")).unwrap();
    let ev = order_events(Some(&kept_before), &o);
    assert!(
        matches!(ev.as_slice(), [Event::PoKeptSuspended { po_no, reason, .. }]
            if po_no == "FB-1" && reason == "half the fabric is dyed"),
        "{ev:?}"
    );
    assert!(ev[0].is_exception() && !ev[0].for_factory());
}

#[test]
fn a_po_kept_with_a_suspended_supplier_is_not_raised_but_may_be_lowered_or_moved() {
    use gendan_domain::purchasing::Revised;
    let mut p = mill();
    let mut o = full_order();
    purchasing::add(&mut o, "fb1", po("mill"), &p.standing()).unwrap();
    standing::set(
        &mut p,
        Standing::Suspended,
        by("three lots off shade", "s1"),
    )
    .unwrap();
    standing::keep_po(&mut o, "fb1", Some(&p), by("half the fabric is dyed", "k1")).unwrap();
    let change = |qty: &str, due: &str| Revised {
        qty: qty.parse().unwrap(),
        due: Some(day(due)),
    };
    let who = ("Li", day("2026-05-12"), "buyer added a colour");
    let raised = purchasing::revise(
        &mut o,
        "fb1",
        "r1",
        change("3000", "2026-06-01"),
        &p.standing(),
        who,
    );
    assert!(matches!(raised, Err(DomainError::Suspended)), "{raised:?}");
    assert_eq!(o.purchase_orders["fb1"].qty.to_string(), "1200");
    purchasing::revise(
        &mut o,
        "fb1",
        "r2",
        change("800", "2026-06-10"),
        &p.standing(),
        ("Li", day("2026-05-12"), "only what is dyed"),
    )
    .unwrap();
    assert_eq!(o.purchase_orders["fb1"].qty.to_string(), "800");
}

/// The order's POs waiting on a decision because their supplier is suspended, by PO id, as
/// `standing::undecided` says; `party` finds a party by id.
fn undecided_pos<'o>(
    order: &'o Order,
    party: impl Fn(&str) -> Option<&'o gendan_domain::workspace::Party>,
) -> Vec<&'o String> {
    order
        .purchase_orders
        .iter()
        .filter(|(_, po)| standing::undecided(po, party(&po.supplier)).is_some())
        .map(|(id, _)| id)
        .collect()
}
