//! Order documents through Automerge: round trips, merges of concurrent edits, visible conflicts,
//! and malformed documents that must fail with the field named.

use automerge::transaction::Transactable;
use automerge::ROOT;
use gendan_domain::document::{self, conflicts, Author};
use gendan_domain::draft::OrderDraft;
use gendan_domain::{DocError, Order, Workspace};

fn author(name: &str) -> Author {
    Author {
        name: name.into(),
        device: format!("{name}-phone"),
    }
}

fn sample() -> Order {
    let mut d = OrderDraft {
        customer_po: "PO-2026-001".into(),
        customer: "Nordic Wear".into(),
        style_no: "NW-100".into(),
        currency: "USD".into(),
        unit_price: "3.80".into(),
        order_date: "2026-03-01".into(),
        ex_factory: "2026-05-15".into(),
        colours: vec![("black".into(), "Black".into())],
        sizes: vec![("s".into(), "S".into()), ("m".into(), "M".into())],
        ..OrderDraft::default()
    };
    d.cells.insert("black:s".into(), "100".into());
    d.cells.insert("black:m".into(), "200".into());
    d.to_order().unwrap()
}

fn edit(doc: &mut automerge::AutoCommit, who: &str, f: impl FnOnce(&mut Order)) {
    document::commit::<Order, (), DocError>(doc, &author(who), 1_000, |o| {
        f(o);
        Ok(())
    })
    .unwrap();
}

#[test]
fn an_order_survives_save_and_load() {
    let mut doc = document::create([1; 16], &author("li"), 1_000, &sample()).unwrap();
    let bytes = doc.save();
    let loaded = document::load(&bytes).unwrap();
    assert_eq!(document::read::<Order>(&loaded).unwrap(), sample());
}

#[test]
fn commits_record_who_and_when() {
    let mut doc = document::create([1; 16], &author("li"), 42, &sample()).unwrap();
    edit(&mut doc, "wang", |o| o.description = "tee".into());
    let changes = doc.get_changes(&[]);
    let last = changes.last().unwrap();
    assert_eq!(last.timestamp(), 1_000);
    assert_eq!(document::author_of(last.message().unwrap()), author("wang"));
}

#[test]
fn concurrent_edits_of_different_fields_both_survive() {
    let mut a = document::create([1; 16], &author("li"), 1, &sample()).unwrap();
    let mut b = a.fork().with_actor(automerge::ActorId::from([2u8; 16]));
    edit(&mut a, "li", |o| o.description = "Crew neck tee".into());
    edit(&mut b, "wang", |o| {
        o.quantities.set_qty("black", "s", 150);
        o.quantities.add_colour("navy".into(), "Navy");
        o.quantities.set_qty("navy", "m", 60);
    });
    a.merge(&mut b).unwrap();
    b.merge(&mut a).unwrap();
    let (oa, ob) = (
        document::read::<Order>(&a).unwrap(),
        document::read::<Order>(&b).unwrap(),
    );
    assert_eq!(oa, ob);
    assert_eq!(oa.description, "Crew neck tee");
    assert_eq!(oa.quantities.qty("black", "s"), 150);
    assert_eq!(oa.quantities.total(), 150 + 200 + 60);
    assert!(conflicts(&a, &["description"]).is_empty());
}

#[test]
fn concurrent_edits_of_one_field_pick_one_winner_and_show_the_conflict() {
    let mut a = document::create([1; 16], &author("li"), 1, &sample()).unwrap();
    let mut b = a.fork().with_actor(automerge::ActorId::from([2u8; 16]));
    edit(&mut a, "li", |o| o.ex_factory = "2026-05-20".parse().ok());
    edit(&mut b, "wang", |o| o.ex_factory = "2026-06-01".parse().ok());
    a.merge(&mut b).unwrap();
    b.merge(&mut a).unwrap();
    let winner = document::read::<Order>(&a)
        .unwrap()
        .ex_factory
        .unwrap()
        .to_string();
    assert_eq!(
        winner,
        document::read::<Order>(&b)
            .unwrap()
            .ex_factory
            .unwrap()
            .to_string()
    );
    let seen = conflicts(&a, &["ex_factory"]);
    assert_eq!(seen.len(), 2);
    assert_eq!(seen[0], winner, "the winner is listed first");
    assert!(seen.contains(&"2026-05-20".to_string()) && seen.contains(&"2026-06-01".to_string()));
    // An unrelated edit does not settle it silently.
    edit(&mut a, "li", |o| o.description = "tee".into());
    assert_eq!(conflicts(&a, &["ex_factory"]).len(), 2);
    // Choosing resolves it for everyone: keeping one of the values…
    let loser = seen[1].clone();
    document::resolve(&mut a, &author("li"), 2_000, &["ex_factory"], 1).unwrap();
    b.merge(&mut a).unwrap();
    assert!(conflicts(&b, &["ex_factory"]).is_empty());
    assert_eq!(
        document::read::<Order>(&b)
            .unwrap()
            .ex_factory
            .unwrap()
            .to_string(),
        loser
    );
    // …or an ordinary edit that writes a new value.
    let mut c = b.fork().with_actor(automerge::ActorId::from([3u8; 16]));
    edit(&mut b, "li", |o| o.ex_factory = "2026-06-02".parse().ok());
    edit(&mut c, "wang", |o| o.ex_factory = "2026-06-03".parse().ok());
    b.merge(&mut c).unwrap();
    assert_eq!(conflicts(&b, &["ex_factory"]).len(), 2);
    edit(&mut b, "li", |o| o.ex_factory = "2026-06-04".parse().ok());
    assert!(conflicts(&b, &["ex_factory"]).is_empty());
    assert!(document::resolve(&mut b, &author("li"), 3_000, &["ex_factory"], 0).is_err());
    assert_eq!(
        conflicts(&b, &["quantities", "cells", "black:s"]),
        Vec::<String>::new()
    );
}

#[test]
fn concurrent_cell_edits_conflict_per_cell() {
    let mut a = document::create([1; 16], &author("li"), 1, &sample()).unwrap();
    let mut b = a.fork().with_actor(automerge::ActorId::from([2u8; 16]));
    edit(&mut a, "li", |o| o.quantities.set_qty("black", "m", 210));
    edit(&mut b, "wang", |o| o.quantities.set_qty("black", "m", 190));
    a.merge(&mut b).unwrap();
    let seen = conflicts(&a, &["quantities", "cells", "black:m"]);
    assert_eq!(seen.len(), 2, "{seen:?}");
}

#[test]
fn concurrently_created_orders_are_both_listed_in_the_workspace() {
    let ws = Workspace {
        schema: 1,
        name: "Team".into(),
        ..Workspace::default()
    };
    let mut a = document::create([1; 16], &author("li"), 1, &ws).unwrap();
    let mut b = a.fork().with_actor(automerge::ActorId::from([2u8; 16]));
    for (doc, id) in [(&mut a, "orderA"), (&mut b, "orderB")] {
        document::commit::<Workspace, (), DocError>(doc, &author("x"), 5, |w| {
            w.orders.insert(
                id.into(),
                gendan_domain::workspace::OrderRef { created_ms: 5 },
            );
            Ok(())
        })
        .unwrap();
    }
    a.merge(&mut b).unwrap();
    let w = document::read::<Workspace>(&a).unwrap();
    assert_eq!(w.orders.keys().collect::<Vec<_>>(), ["orderA", "orderB"]);
}

#[test]
fn a_document_from_an_older_version_hydrates_with_defaults() {
    let mut doc = document::create([1; 16], &author("li"), 1, &sample()).unwrap();
    doc.delete(ROOT, "schema").unwrap();
    let o = document::read::<Order>(&doc).unwrap();
    assert_eq!(o.schema, gendan_domain::order::ORDER_SCHEMA);
}

#[test]
fn unknown_fields_from_a_newer_version_survive_an_edit() {
    let mut doc = document::create([1; 16], &author("li"), 1, &sample()).unwrap();
    doc.put(ROOT, "incoterm_from_the_future", "FOB").unwrap();
    edit(&mut doc, "li", |o| o.description = "changed".into());
    let kept: Option<(automerge::Value, _)> =
        automerge::ReadDoc::get(&doc, ROOT, "incoterm_from_the_future").unwrap();
    assert_eq!(kept.unwrap().0.into_string().ok().as_deref(), Some("FOB"));
}

#[test]
fn a_malformed_field_is_named_in_the_error() {
    let mut doc = document::create([1; 16], &author("li"), 1, &sample()).unwrap();
    doc.put(ROOT, "ex_factory", "next tuesday").unwrap();
    let err = document::read::<Order>(&doc).unwrap_err();
    assert!(
        matches!(&err, DocError::Field { field, .. } if field == "ex_factory"),
        "{err}"
    );
    doc.put(ROOT, "ex_factory", "2026-05-15").unwrap();
    doc.put(ROOT, "customer_po", 17_i64).unwrap();
    let err = document::read::<Order>(&doc).unwrap_err();
    assert!(err.to_string().contains("customer_po"), "{err}");
}

#[test]
fn garbage_bytes_are_a_load_error_not_a_panic() {
    for bytes in [
        &b""[..],
        b"\x85\x6f\x4a\x83garbage",
        b"not automerge at all",
        &[0xff; 64],
    ] {
        match document::load(bytes) {
            Err(DocError::Load(_)) => {}
            Ok(doc) => assert!(document::read::<Order>(&doc).is_err()),
            Err(other) => panic!("unexpected error {other}"),
        }
    }
}

#[test]
fn a_failed_edit_leaves_the_document_untouched() {
    let mut doc = document::create([1; 16], &author("li"), 1, &sample()).unwrap();
    let heads = doc.get_heads();
    let r = document::commit::<Order, (), DocError>(&mut doc, &author("li"), 2, |o| {
        o.description = "half done".into();
        Err(DocError::Reconcile("refused".into()))
    });
    assert!(r.is_err());
    assert_eq!(doc.get_heads(), heads);
}
