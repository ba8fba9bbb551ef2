//! 换厂记录: the order's factory is free to change until goods were inspected there, shipped or
//! complained about; afterwards moving it (to another factory or to none) needs a reason and is
//! logged, so a factory whose acceptance was discontinued cannot be stepped around by renaming
//! where the goods are made, and a late or complained-about order cannot be handed to another
//! factory's score.

use crate::common::*;
use gendan_domain::complaints::Complaint;
use gendan_domain::factory_change::{asks_reason, set_factory, Move};
use gendan_domain::inspection::{Inspection, InspectionKind};
use gendan_domain::lifecycle::StatusChange;
use gendan_domain::order::{Order, OrderStatus};
use gendan_domain::reports::{self, OrderFacts};
use gendan_domain::standing::Standing;
use gendan_domain::DomainError;

fn by<'a>(reason: &'a str, id: &'a str) -> Move<'a> {
    Move {
        who: "li",
        today: day("2026-05-05"),
        reason,
        change_id: id,
    }
}

#[test]
fn a_factory_where_goods_were_inspected_is_left_only_with_a_reason() {
    let mut o = full_order();
    o.complaints.clear();
    set_factory(
        &mut o,
        Some("ningbo".into()),
        &Standing::Approved,
        by("", "c0"),
    )
    .unwrap();
    set_factory(
        &mut o,
        Some("shaoxing".into()),
        &Standing::Approved,
        by("", "c1"),
    )
    .unwrap();
    assert!(o.factory_changes.is_empty(), "nothing inspected: free");

    o.inspections.insert(
        "i1".into(),
        Inspection {
            kind: InspectionKind::Final,
            factory: "shaoxing".into(),
            ..Inspection::default()
        },
    );
    for to in [Some("ningbo".to_string()), None] {
        let before: Order = o.clone();
        let refused = set_factory(&mut o, to.clone(), &Standing::Approved, by(" ", "c2"));
        assert!(
            matches!(refused, Err(DomainError::ReasonRequired)),
            "{to:?}"
        );
        assert_eq!(o, before, "{to:?}: nothing changed");
    }
    // The same factory again changes nothing and needs nothing.
    set_factory(
        &mut o,
        Some(" shaoxing ".into()),
        &Standing::Approved,
        by("", "c2"),
    )
    .unwrap();
    assert!(o.factory_changes.is_empty());

    set_factory(
        &mut o,
        Some("ningbo".into()),
        &Standing::Approved,
        by("line moved after the fire", "c3"),
    )
    .unwrap();
    assert_eq!(o.factory.as_deref(), Some("ningbo"));
    let c = &o.factory_changes["c3"];
    assert_eq!(
        (
            c.from.as_str(),
            c.to.as_str(),
            c.who.as_str(),
            c.reason.as_str()
        ),
        ("shaoxing", "ningbo", "li", "line moved after the fire")
    );
}

/// Delivery and complaints are credited to the factory the order names: once goods left or a
/// customer complained, pointing the order elsewhere would clean its factory's score.
#[test]
fn an_order_shipped_or_complained_about_leaves_its_factory_only_with_a_reason() {
    let shipped = |o: &mut Order| {
        o.status_log.insert(
            "s1".into(),
            StatusChange {
                to: OrderStatus::Shipped.code().into(),
                ..StatusChange::default()
            },
        );
    };
    let complained = |o: &mut Order| {
        o.complaints.insert("c9".into(), Complaint::default());
    };
    for (what, mark) in [
        ("shipped", &shipped as &dyn Fn(&mut Order)),
        ("complained", &complained),
    ] {
        let mut o = full_order();
        o.complaints.clear();
        o.inspections.clear();
        o.factory = Some("shaoxing".into());
        mark(&mut o);
        let before = o.clone();
        for to in [Some("ningbo".to_string()), None] {
            let refused = set_factory(&mut o, to.clone(), &Standing::Approved, by("", "c1"));
            assert!(
                matches!(refused, Err(DomainError::ReasonRequired)),
                "{what} → {to:?}"
            );
            assert_eq!(o, before, "{what}: nothing changed");
        }
        set_factory(
            &mut o,
            None,
            &Standing::Approved,
            by("made at a sister plant", "c1"),
        )
        .unwrap();
        assert_eq!(o.factory, None, "{what}");
        assert_eq!(o.factory_changes["c1"].from, "shaoxing", "{what}");
    }
}

/// First pass and defects go to the factory that made each lot, complaints to the factory named
/// when each was opened, whichever factory the order names when Reports is read: a logged move
/// neither carries a failed lot or a complaint to the new factory nor takes it off the old one.
#[test]
fn each_lot_is_credited_to_the_factory_that_made_it() {
    let mut o = full_order();
    o.factory = Some("shaoxing".into());
    let model = o.inspections["i1"].clone();
    let lot = |factory: &str, major: u32| {
        let mut i = model.clone();
        i.factory = factory.into();
        i.completed = true;
        i.defects.clear();
        if major > 0 {
            i.defects.insert(
                "d".into(),
                gendan_domain::inspection::Defect {
                    class: gendan_domain::inspection::DefectClass::Major,
                    count: major,
                    ..Default::default()
                },
            );
        }
        i
    };
    o.inspections.clear();
    o.inspections.insert("a".into(), lot("shaoxing", 40));
    // A complaint opened while the order was at shaoxing stays shaoxing's.
    gendan_domain::complaints::open(
        &mut o,
        "c2",
        Complaint {
            description: "seams open".into(),
            ..Complaint::default()
        },
        day("2026-05-04"),
    )
    .unwrap();
    set_factory(
        &mut o,
        Some("ningbo".into()),
        &Standing::Approved,
        by("moved after the failed lot", "m"),
    )
    .unwrap();
    o.inspections.insert("b".into(), lot("ningbo", 0));
    let r = reports::kpis(
        &[OrderFacts {
            id: "o",
            order: &o,
            commercial: None,
        }],
        day("2026-08-01"),
    );
    let fp = |f: &str| {
        let k = r.by_factory.get(f).copied().unwrap_or_default();
        (k.first_pass.num, k.first_pass.den, k.defect_rate.num)
    };
    assert_eq!(
        fp("shaoxing"),
        (0, 1, 40),
        "the failed lot stays where it was made"
    );
    assert_eq!(
        fp("ningbo"),
        (1, 1, 0),
        "the new factory is judged on its own lot"
    );
    assert_eq!(
        (r.overall.first_pass.num, r.overall.first_pass.den),
        (1, 2),
        "the order counts both"
    );
    // The one opened while it made the order, and one stored before complaints kept their
    // factory: it counted against the factory the order named, and stays there.
    assert_eq!(r.by_factory["shaoxing"].complaints, 2);
    assert_eq!(r.by_factory.get("ningbo").map_or(0, |k| k.complaints), 0);
    assert_eq!(r.overall.complaints, 2);
}

/// A lot recorded without its factory (started while the order named none, or by an older
/// build) counts at the factory the order names: moving the order needs a reason as for a lot
/// stamped there, and the lot stays with the factory left rather than follow the order.
#[test]
fn a_lot_recorded_without_its_factory_stays_with_the_factory_it_was_credited_to() {
    let mut o = full_order();
    o.complaints.clear();
    o.factory = Some("shaoxing".into());
    let mut lot = o.inspections["i1"].clone();
    // Blank, not empty: credited to the order's factory, never to a factory called " ".
    lot.factory = " ".into();
    lot.completed = true;
    lot.defects.insert(
        "d".into(),
        gendan_domain::inspection::Defect {
            class: gendan_domain::inspection::DefectClass::Major,
            count: 40,
            ..Default::default()
        },
    );
    o.inspections.clear();
    o.inspections.insert("a".into(), lot);
    let kpis_of = |o: &Order| {
        reports::kpis(
            &[OrderFacts {
                id: "o",
                order: o,
                commercial: None,
            }],
            day("2026-08-01"),
        )
    };
    let before_move = kpis_of(&o);
    assert!(
        !before_move.by_factory.contains_key(" "),
        "no phantom factory"
    );
    assert_eq!(before_move.by_factory["shaoxing"].first_pass.den, 1);
    let before = o.clone();
    assert!(matches!(
        set_factory(
            &mut o,
            Some("ningbo".into()),
            &Standing::Approved,
            by("", "m")
        ),
        Err(DomainError::ReasonRequired)
    ));
    assert_eq!(o, before, "refused, nothing changed");
    set_factory(
        &mut o,
        Some("ningbo".into()),
        &Standing::Approved,
        by("capacity", "m"),
    )
    .unwrap();
    assert_eq!(o.inspections["a"].factory, "shaoxing");
    let r = reports::kpis(
        &[OrderFacts {
            id: "o",
            order: &o,
            commercial: None,
        }],
        day("2026-08-01"),
    );
    let first_pass_den = |f: &str| r.by_factory.get(f).map_or(0, |k| k.first_pass.den);
    assert_eq!(first_pass_den("shaoxing"), 1, "the failed lot stays");
    assert_eq!(first_pass_den("ningbo"), 0, "nothing made at ningbo yet");
}

/// A factory moved freely on a device that did not know the goods had left, merged with the
/// shipping: on-time delivery would be credited to the new factory with no trace. The merge
/// needs a decision until the factory is accepted with a reason (logged) or set back; a move
/// made before the goods left, or after with a reason, needs none.
#[test]
fn a_factory_moved_where_nobody_knew_the_goods_had_left_needs_a_decision() {
    use gendan_domain::document;
    use gendan_domain::factory_change::{accept, unlogged};
    use gendan_domain::lifecycle::{record_shipped, transition, violations, Gates, Violation};
    let g = Gates::none();
    let mut base = full_order();
    base.complaints.clear();
    base.inspections.clear();
    base.factory = Some("shaoxing".into());
    base.status = OrderStatus::ReadyToShip;
    let commit = |doc: &mut gendan_domain::automerge::AutoCommit,
                  f: &dyn Fn(&mut Order) -> Result<(), DomainError>| {
        document::commit::<Order, (), DomainError>(doc, &author("li"), 1_000, f).unwrap();
    };
    // As the status panel ships: the move, then the day the goods left.
    let ship = |o: &mut Order| {
        transition(o, None, OrderStatus::Shipped, &g, "wang", 10, None)?;
        record_shipped(o, day("2026-05-20"));
        Ok(())
    };

    // In sequence: moved, then shipped from the new factory — nothing to decide.
    let mut seq = base.clone();
    set_factory(
        &mut seq,
        Some("ningbo".into()),
        &Standing::Approved,
        by("", "m0"),
    )
    .unwrap();
    ship(&mut seq).unwrap();
    assert_eq!(seq.factory_as_shipped.as_deref(), Some("ningbo"));
    assert!(violations(&seq, None, &g).is_empty());

    let (mut a, mut b) = pair(&base);
    commit(&mut a, &|o| {
        set_factory(o, Some("ningbo".into()), &Standing::Approved, by("", "m1"))
    });
    commit(&mut b, &|o| ship(o));
    let mut o: Order = merged(&mut a, &mut b);
    assert_eq!(o.factory.as_deref(), Some("ningbo"));
    assert!(o.factory_changes.is_empty(), "moved freely: no trace");
    let unlogged_move = Violation::FactoryChangedUnlogged {
        recorded: "shaoxing".into(),
        now: "ningbo".into(),
    };
    assert!(violations(&o, None, &g).contains(&unlogged_move));

    let before = o.clone();
    assert!(matches!(
        accept(&mut o, by(" ", "m2")),
        Err(DomainError::ReasonRequired)
    ));
    assert_eq!(o, before, "refused, nothing changed");
    accept(&mut o, by("ningbo finished the order", "m2")).unwrap();
    assert_eq!(unlogged(&o), None);
    assert!(!violations(&o, None, &g).contains(&unlogged_move));
    let c = &o.factory_changes["m2"];
    assert_eq!(
        (c.from.as_str(), c.to.as_str(), c.reason.as_str()),
        ("shaoxing", "ningbo", "ningbo finished the order")
    );

    // Set back instead: it restores the record, so it asks nothing and logs nothing.
    let mut back = before.clone();
    assert!(!asks_reason(&back, Some("shaoxing")));
    set_factory(
        &mut back,
        Some("shaoxing".into()),
        &Standing::Approved,
        by("", "m3"),
    )
    .unwrap();
    assert_eq!(unlogged(&back), None);
    assert!(back.factory_changes.is_empty());
    // A later move with a reason keeps the record in step.
    set_factory(
        &mut back,
        Some("wuxi".into()),
        &Standing::Approved,
        by("rework at wuxi", "m4"),
    )
    .unwrap();
    assert!(violations(&back, None, &g).is_empty());

    // Moved on to a third factory while the decision is open: logged from the factory the
    // goods left, not from the move nobody accepted (which logging it from would hide).
    let mut third = before.clone();
    assert!(matches!(
        set_factory(
            &mut third,
            Some("wuxi".into()),
            &Standing::Approved,
            by("", "m5")
        ),
        Err(DomainError::ReasonRequired)
    ));
    set_factory(
        &mut third,
        Some("wuxi".into()),
        &Standing::Approved,
        by("rework at wuxi", "m5"),
    )
    .unwrap();
    let c = &third.factory_changes["m5"];
    assert_eq!((c.from.as_str(), c.to.as_str()), ("shaoxing", "wuxi"));
    assert_eq!(unlogged(&third), None);
    assert!(violations(&third, None, &g).is_empty());
}

/// An order shipped while it named no factory recorded "" and needed no reason to name one
/// after, silently handing its delivery to that factory: naming one after the goods left is a
/// move like any other.
#[test]
fn naming_a_factory_after_the_goods_left_needs_a_reason() {
    use gendan_domain::lifecycle::record_shipped;
    let mut o = full_order();
    o.complaints.clear();
    o.inspections.clear();
    o.factory = None;
    o.status = OrderStatus::Shipped;
    record_shipped(&mut o, day("2026-05-20"));
    assert_eq!(o.factory_as_shipped.as_deref(), Some(""));
    let before = o.clone();
    assert!(matches!(
        set_factory(
            &mut o,
            Some("ningbo".into()),
            &Standing::Approved,
            by(" ", "n1")
        ),
        Err(DomainError::ReasonRequired)
    ));
    assert_eq!(o, before);
    set_factory(
        &mut o,
        Some("ningbo".into()),
        &Standing::Approved,
        by("made at ningbo, not entered", "n1"),
    )
    .unwrap();
    let c = &o.factory_changes["n1"];
    assert_eq!((c.from.as_str(), c.to.as_str()), ("", "ningbo"));
    assert_eq!(o.factory_as_shipped.as_deref(), Some("ningbo"));
}

/// Goods that left under a build that recorded no factory then: the log says where the order
/// should be (the last move made after the goods left), else the factory named now, and the
/// first save records it — so a move merged from a device that did not know, later, still
/// needs a decision.
#[test]
fn an_order_shipped_under_an_older_build_is_checked_from_its_log() {
    use gendan_domain::factory_change::{fill_in_shipped, unlogged, FactoryChange};
    let mut old = full_order();
    old.complaints.clear();
    old.inspections.clear();
    old.factory = Some("ningbo".into());
    old.status = OrderStatus::Shipped;
    gendan_domain::lifecycle::record_shipped(&mut old, day("2026-05-20"));
    old.factory_as_shipped = None;
    assert_eq!(unlogged(&old), None, "nothing says otherwise");
    // A move logged after the goods left went to shaoxing; the order names ningbo.
    let moved = |day_of: &str| FactoryChange {
        from: "ningbo".into(),
        to: "shaoxing".into(),
        who: "li".into(),
        day: Some(day(day_of)),
        reason: "rework".into(),
    };
    let mut logged = old.clone();
    logged
        .factory_changes
        .insert("x".into(), moved("2026-05-22"));
    assert_eq!(
        unlogged(&logged),
        Some(("shaoxing".to_string(), "ningbo".to_string()))
    );
    // One made before the goods left says nothing of where they left from.
    let mut earlier = old.clone();
    earlier
        .factory_changes
        .insert("x".into(), moved("2026-05-02"));
    assert_eq!(unlogged(&earlier), None);

    // Recorded on a save; a move by a device that wrote the field alone is then seen.
    let (mut a, mut b) = pair(&old);
    gendan_domain::document::commit::<Order, (), DomainError>(&mut a, &author("li"), 5, |o| {
        fill_in_shipped(o);
        Ok(())
    })
    .unwrap();
    gendan_domain::document::commit::<Order, (), DomainError>(&mut b, &author("zh"), 6, |o| {
        o.factory = Some("wuxi".into());
        Ok(())
    })
    .unwrap();
    let m: Order = merged(&mut a, &mut b);
    assert_eq!(m.factory_as_shipped.as_deref(), Some("ningbo"));
    assert_eq!(
        unlogged(&m),
        Some(("ningbo".to_string(), "wuxi".to_string()))
    );
}
