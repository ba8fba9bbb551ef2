//! 换厂记录: the order's factory is free to change until goods were inspected there; afterwards
//! moving it (to another factory or to none) needs a reason and is logged, so a factory whose
//! acceptance was discontinued cannot be stepped around by renaming where the goods are made.

use crate::common::*;
use gendan_domain::factory_change::{set_factory, Move};
use gendan_domain::inspection::{Inspection, InspectionKind};
use gendan_domain::order::Order;
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
    set_factory(&mut o, Some("ningbo".into()), by("", "c0")).unwrap();
    set_factory(&mut o, Some("shaoxing".into()), by("", "c1")).unwrap();
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
        let refused = set_factory(&mut o, to.clone(), by(" ", "c2"));
        assert!(
            matches!(refused, Err(DomainError::ReasonRequired)),
            "{to:?}"
        );
        assert_eq!(o, before, "{to:?}: nothing changed");
    }
    // The same factory again changes nothing and needs nothing.
    set_factory(&mut o, Some(" shaoxing ".into()), by("", "c2")).unwrap();
    assert!(o.factory_changes.is_empty());

    set_factory(
        &mut o,
        Some("ningbo".into()),
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
