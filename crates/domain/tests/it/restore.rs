//! A change that breaks an order — a field taken out of a record, a value of the wrong kind,
//! written by a peer that is not this app — is put back: the point where it last read is found,
//! what a restore undoes is named, the restore is one change that reads and that another device
//! takes by merging, a concurrent good change that applies before the break is kept, and a
//! document that reads, or never did, offers nothing to put back.

use crate::common::*;
use automerge::transaction::Transactable;
use automerge::{AutoCommit, ReadDoc, ROOT};
use gendan_domain::complaints::Communication;
use gendan_domain::document::{self, Author};
use gendan_domain::restore::{restore, restore_point};
use gendan_domain::{DocError, Order};

fn at(doc: &mut AutoCommit, who: &str, ms: i64, f: impl FnOnce(&mut Order)) {
    document::commit::<Order, (), DocError>(doc, &author(who), ms, |o| {
        f(o);
        Ok(())
    })
    .unwrap();
}

/// A peer that is not this app takes the customer's PO number out of the order.
fn break_it(doc: &mut AutoCommit, ms: i64) {
    doc.delete(ROOT, "customer_po").unwrap();
    doc.commit_with(
        automerge::transaction::CommitOptions::default()
            .with_message("mallory\u{1f}rogue".to_string())
            .with_time(ms),
    );
}

#[test]
fn an_order_a_change_broke_is_put_back_as_it_last_read_and_every_device_takes_it() {
    let mut doc = document::create([1; 16], &author("li"), 1_000, &full_order()).unwrap();
    at(&mut doc, "li", 2_000, |o| o.style_no = "NW-2".into());
    assert!(restore_point::<Order>(&mut doc).is_none(), "it reads");
    let mut other = doc.fork().with_actor(automerge::ActorId::from([2u8; 16]));
    break_it(&mut doc, 3_000);
    // Written with the wrong kind of value, too: a number where the status is a code.
    doc.put(ROOT, "status", 42i64).unwrap();
    doc.commit_with(
        automerge::transaction::CommitOptions::default()
            .with_message("mallory\u{1f}rogue".to_string())
            .with_time(4_000),
    );
    assert!(document::read::<Order>(&doc).is_err());

    let point = restore_point::<Order>(&mut doc).expect("a point to put back");
    assert_eq!(point.at_ms, 2_000);
    assert_eq!(point.undone.len(), 2);
    assert!(point.undone.iter().all(|u| u.author.name == "mallory"));
    let wu = Author {
        name: "wu".into(),
        device: "wu-phone".into(),
    };
    let back: Order = restore(&mut doc, &wu, 5_000, &point.heads).unwrap();
    assert_eq!(back.style_no, "NW-2");
    let now: Order = document::read(&doc).unwrap();
    assert_eq!(now, back);
    assert_eq!(now.customer_po, "PO-1");
    // The broken changes stay in the history; the restore is one more, by who made it.
    let changes = doc.get_changes(&[]);
    assert_eq!(changes.len(), 5);
    assert_eq!(changes.last().unwrap().message(), Some("wu\u{1f}wu-phone"));
    // Another device that held the broken state takes the restore by merging.
    other.merge(&mut doc).unwrap();
    assert_eq!(document::read::<Order>(&other).unwrap().customer_po, "PO-1");
    assert!(restore_point::<Order>(&mut other).is_none());
}

#[test]
fn a_good_change_made_beside_the_break_is_kept_when_it_applies_first() {
    let mut doc = document::create([1; 16], &author("li"), 1_000, &full_order()).unwrap();
    let mut good = doc.fork().with_actor(automerge::ActorId::from([2u8; 16]));
    at(&mut good, "qc", 2_000, |o| {
        o.communications.insert(
            "k2".into(),
            Communication {
                summary: "called the mill".into(),
                ..Communication::default()
            },
        );
    });
    // The good change arrives first; the break comes on top of it.
    let mut bad = doc.fork().with_actor(automerge::ActorId::from([3u8; 16]));
    doc.merge(&mut good).unwrap();
    break_it(&mut bad, 2_500);
    doc.merge(&mut bad).unwrap();
    let point = restore_point::<Order>(&mut doc).unwrap();
    let undone: Vec<_> = point
        .undone
        .iter()
        .map(|u| u.author.name.as_str())
        .collect();
    assert_eq!(undone, ["mallory"]);
    let back: Order = restore(&mut doc, &author("li"), 3_000, &point.heads).unwrap();
    assert_eq!(back.customer_po, "PO-1");
    assert_eq!(back.communications["k2"].summary, "called the mill");
}

#[test]
fn nothing_is_offered_for_a_document_that_never_read_and_a_refused_restore_changes_nothing() {
    // Not an order from its first change.
    let mut junk = AutoCommit::new();
    junk.put(ROOT, "hello", "world").unwrap();
    junk.commit();
    assert!(restore_point::<Order>(&mut junk).is_none());
    // Heads at which it did not read either: refused, untouched.
    let heads = junk.get_heads();
    let before = junk.save();
    assert!(restore::<Order>(&mut junk, &author("li"), 1, &heads).is_err());
    assert_eq!(junk.save(), before);
    assert_eq!(
        junk.get(ROOT, "hello").unwrap().map(|(v, _)| v.to_string()),
        Some("\"world\"".into())
    );
}

#[test]
fn the_teams_document_a_word_broke_is_put_back_with_its_rules() {
    use gendan_domain::workspace::Workspace;
    let mut ws = Workspace::default();
    ws.settings.at_risk_days = 9;
    let mut doc = document::create([4; 16], &author("li"), 1_000, &ws).unwrap();
    let settings = doc.get(ROOT, "settings").unwrap().unwrap().1;
    doc.put(&settings, "at_risk_days", "soon").unwrap();
    doc.commit_with(
        automerge::transaction::CommitOptions::default()
            .with_message("mallory\u{1f}rogue".to_string())
            .with_time(2_000),
    );
    assert!(document::read::<Workspace>(&doc).is_err());
    let point = restore_point::<Workspace>(&mut doc).unwrap();
    let back: Workspace = restore(&mut doc, &author("wu"), 3_000, &point.heads).unwrap();
    assert_eq!(back.settings.at_risk_days, 9);
    assert_eq!(document::read::<Workspace>(&doc).unwrap(), back);
}
