//! The start-up check in a real browser: an order whose stored bytes this order reader already
//! read without fault is not loaded again, while changed bytes, another reader (an update of the
//! storage or domain code), a save and damage written under the same keys all have it loaded
//! (and damage quarantined) as before.

use wasm_bindgen::JsValue;
use wasm_bindgen_test::*;

use super::agenda_tests::author;
use super::idb::{self, CHUNKS, SUMMARIES};
use super::repo::summary_value;
use super::tests::order;
use super::{Repo, Summary};

wasm_bindgen_test_configure!(run_in_browser);

fn db_name(test: &str) -> String {
    format!("gendan-test-check-{test}-{}", js_sys::Math::random())
}

fn checked(repo: &Repo, id: &str) -> Option<String> {
    summary(repo, id).checked
}

fn summary(repo: &Repo, id: &str) -> Summary {
    repo.summaries().into_iter().find(|s| s.id == id).unwrap()
}

/// Rewrites the stored summary with a factory the order does not name, keeping the rest
/// (`checked` too): only loading the order puts the right one back.
async fn tamper_summary(name: &str, repo: &Repo, id: &str) {
    tamper_summary_checked(name, repo, id, checked(repo, id)).await
}

async fn tamper_summary_checked(name: &str, repo: &Repo, id: &str, checked: Option<String>) {
    let mut s = summary(repo, id);
    s.factory = "not-the-factory".into();
    s.checked = checked;
    let db = idb::open(name).await.unwrap();
    let t = idb::transaction(&db, &[SUMMARIES], true).unwrap();
    put_summary(&t, &s);
    idb::committed(&t).await.unwrap();
}

fn put_summary(t: &web_sys::IdbTransaction, s: &Summary) {
    idb::put(
        &idb::store(t, SUMMARIES).unwrap(),
        &JsValue::from_str(&s.id),
        &summary_value(s).unwrap(),
    )
    .unwrap();
}

async fn checked_again(name: &str, reader: Option<&str>) -> Repo {
    let repo = Repo::open_in(name, author()).await.unwrap();
    repo.set_reader(reader.map(str::to_string));
    repo.check_all(async || {}).await;
    repo
}

#[wasm_bindgen_test]
async fn an_order_checked_by_this_reader_is_loaded_again_only_when_its_bytes_or_the_reader_change()
{
    let name = db_name("skip");
    let repo = Repo::open_in(&name, author()).await.unwrap();
    let id = repo.create_order(&order("PO-CHECK")).await.unwrap();
    assert_eq!(
        checked(&repo, &id),
        None,
        "a save leaves the order to check"
    );
    // An order open here is checked in memory, its stored bytes not read: nothing recorded.
    repo.set_reader(Some("reader-1".into()));
    repo.check_all(async || {}).await;
    assert_eq!(checked(&repo, &id), None);
    let repo = checked_again(&name, Some("reader-1")).await;
    let first = checked(&repo, &id).expect("the check is recorded");
    assert_eq!(
        checked(&Repo::open_in(&name, author()).await.unwrap(), &id),
        Some(first.clone()),
        "and kept"
    );

    // The same bytes and the same reader: not loaded, so the tampered summary stays.
    tamper_summary(&name, &repo, &id).await;
    let again = checked_again(&name, Some("reader-1")).await;
    assert_eq!(summary(&again, &id).factory, "not-the-factory");

    // Another reader loads it and puts the summary right.
    let other = checked_again(&name, Some("reader-2")).await;
    assert_eq!(summary(&other, &id).factory, "");
    let second = checked(&other, &id).unwrap();
    assert_ne!(second, first);

    // A page that names no reader checks every order, and records nothing.
    tamper_summary(&name, &other, &id).await;
    let unnamed = checked_again(&name, None).await;
    assert_eq!(summary(&unnamed, &id).factory, "");
    assert_eq!(checked(&unnamed, &id), Some(second.clone()));

    // A save changes the bytes and leaves the order to check. Even were the summary to keep
    // the old record (a summary write lost, say), the new bytes do not match it.
    unnamed
        .edit_order(&id, |o| {
            o.style_no = "ST-NEW".into();
            Ok(())
        })
        .await
        .unwrap();
    assert_eq!(checked(&unnamed, &id), None);
    tamper_summary_checked(&name, &unnamed, &id, Some(second.clone())).await;
    let saved = checked_again(&name, Some("reader-2")).await;
    assert_eq!(summary(&saved, &id).factory, "");
    let third = checked(&saved, &id).unwrap();
    assert_ne!(third, second);
}

#[wasm_bindgen_test]
async fn damage_written_under_the_keys_of_a_checked_order_is_still_found() {
    let name = db_name("damage");
    let repo = Repo::open_in(&name, author()).await.unwrap();
    let bad = repo.create_order(&order("PO-BAD")).await.unwrap();
    let not_bytes = repo.create_order(&order("PO-TEXT")).await.unwrap();
    let good = repo.create_order(&order("PO-GOOD")).await.unwrap();
    let repo = checked_again(&name, Some("reader-1")).await;
    assert!([&bad, &not_bytes, &good]
        .iter()
        .all(|id| checked(&repo, id).is_some()));
    drop(repo);
    {
        let db = idb::open(&name).await.unwrap();
        let t = idb::transaction(&db, &[CHUNKS], true).unwrap();
        let store = idb::store(&t, CHUNKS).unwrap();
        for (id, value) in [
            (&bad, idb::bytes(b"\x85\x6f\x4a\x83 not automerge")),
            (&not_bytes, JsValue::from_str("text")),
        ] {
            let (keys, _) = idb::get_all(&store, Some(&idb::doc_range(id).unwrap()))
                .await
                .unwrap();
            for k in keys.iter() {
                idb::put(&store, &k, &value).unwrap();
            }
        }
        idb::committed(&t).await.unwrap();
    }
    let again = checked_again(&name, Some("reader-1")).await;
    let mut damaged: Vec<String> = again.quarantined().into_iter().map(|q| q.id).collect();
    damaged.sort();
    let mut expected = vec![bad.clone(), not_bytes.clone()];
    expected.sort();
    assert_eq!(damaged, expected, "found without the order being opened");
    assert!(summary(&again, &bad).damaged);
    assert!(!summary(&again, &good).damaged);
    assert_eq!(again.order(&good).await.unwrap().customer_po, "PO-GOOD");
}

#[wasm_bindgen_test]
async fn a_check_does_not_overwrite_a_summary_saved_after_it_read_the_order() {
    let name = db_name("race");
    let repo = Repo::open_in(&name, author()).await.unwrap();
    let id = repo.create_order(&order("PO-RACE")).await.unwrap();
    let before = summary(&repo, &id);
    tamper_summary(&name, &repo, &id).await;
    let again = Repo::open_in(&name, author()).await.unwrap();
    let ids = [id.clone()];
    let read = again.read_chunks(&ids).await.pop().unwrap();
    // Seen before a save that the read did not include.
    let seen = before.updated_ms - 1.0;
    let write = again
        .check_one(&id, read, Some(&seen), Some("reader-1"))
        .await;
    assert!(write.is_none());
    let kept = summary(&again, &id);
    assert_eq!(kept.factory, "not-the-factory");
    assert_eq!(kept.checked, None);

    // Seen as it is: the check puts the summary right and records the bytes.
    let read = again.read_chunks(&ids).await.pop().unwrap();
    let seen = kept.updated_ms;
    let write = again
        .check_one(&id, read, Some(&seen), Some("reader-1"))
        .await;
    assert!(write.is_some());
    assert_eq!(summary(&again, &id).factory, "");
    assert!(checked(&again, &id).is_some());
}

#[wasm_bindgen_test]
async fn orders_are_checked_whatever_order_their_ids_sort_in() {
    // Rust sorts strings by code point, IndexedDB by UTF-16 unit: past U+FFFF the two disagree,
    // so a span read from the first id to the last may miss orders or be refused outright.
    let name = db_name("ids");
    let repo = Repo::open_in(&name, author()).await.unwrap();
    let id = repo.create_order(&order("PO-COPIED")).await.unwrap();
    let copies = ["\u{ffff}-order", "\u{1f600}-order", "zz-order"];
    {
        let source = summary(&repo, &id);
        let db = idb::open(&name).await.unwrap();
        let t = idb::transaction(&db, &[CHUNKS, SUMMARIES], true).unwrap();
        let chunks = idb::store(&t, CHUNKS).unwrap();
        let (keys, values) = idb::get_all(&chunks, Some(&idb::doc_range(&id).unwrap()))
            .await
            .unwrap();
        for copy in copies {
            for (k, v) in keys.iter().zip(values.iter()) {
                let k: js_sys::Array = k.into();
                let key = idb::chunk_key(
                    copy,
                    &k.get(1).as_string().unwrap(),
                    &k.get(2).as_string().unwrap(),
                );
                idb::put(&chunks, &key, &v).unwrap();
            }
            put_summary(
                &t,
                &Summary {
                    id: copy.into(),
                    ..source.clone()
                },
            );
        }
        idb::committed(&t).await.unwrap();
    }
    let again = checked_again(&name, Some("reader-1")).await;
    assert!(again.quarantined().is_empty(), "{:?}", again.quarantined());
    for copy in copies {
        assert!(checked(&again, copy).is_some(), "{copy} checked");
    }
}

#[wasm_bindgen_test]
async fn an_order_that_arrives_new_in_a_file_is_not_loaded_again_by_the_next_check() {
    let a = Repo::open_in(&db_name("file-a"), author()).await.unwrap();
    let new = a.create_order(&order("PO-NEW")).await.unwrap();
    let merged = a.create_order(&order("PO-MERGED")).await.unwrap();
    let name = db_name("file-b");
    let b = Repo::open_in(&name, author()).await.unwrap();
    // One order is here already, with a change of this device's own.
    let first = a
        .export_bundle(Some(vec![merged.clone()]), "office", false)
        .await
        .unwrap();
    b.import_bundle(&first).await.unwrap();
    b.edit_order(&merged, |o| {
        o.style_no = "ST-HERE".into();
        Ok(())
    })
    .await
    .unwrap();
    a.edit_order(&merged, |o| {
        o.description = "changed there".into();
        Ok(())
    })
    .await
    .unwrap();

    b.set_reader(Some("reader-1".into()));
    let file = a.export_bundle(None, "office", false).await.unwrap();
    b.import_bundle(&file).await.unwrap();
    assert!(checked(&b, &new).is_some(), "stored as loaded: recorded");
    assert_eq!(
        checked(&b, &merged),
        None,
        "merged with what was here: to check"
    );

    // The next start's check agrees: the new order is not loaded (its tampered summary stays),
    // the merged one is.
    tamper_summary(&name, &b, &new).await;
    tamper_summary(&name, &b, &merged).await;
    let again = checked_again(&name, Some("reader-1")).await;
    assert_eq!(summary(&again, &new).factory, "not-the-factory");
    assert_eq!(summary(&again, &merged).factory, "");
    assert!(checked(&again, &merged).is_some());
    assert_eq!(again.order(&new).await.unwrap().customer_po, "PO-NEW");

    // Imported by a page that names no reader: nothing recorded.
    let c = Repo::open_in(&db_name("file-c"), author()).await.unwrap();
    c.import_bundle(&file).await.unwrap();
    assert_eq!(checked(&c, &new), None);
}

#[wasm_bindgen_test]
async fn another_reader_puts_right_what_older_rules_judged_in_a_summary() {
    use gendan_domain::lifecycle::StatusChange;
    use gendan_domain::OrderStatus;
    let name = db_name("rules");
    let repo = Repo::open_in(&name, author()).await.unwrap();
    // Partly shipped and still in production: its factory's capacity is still booked.
    let mut sewing = order("PO-SEWING");
    sewing.status = OrderStatus::InProduction;
    let sewing = repo.create_order(&sewing).await.unwrap();
    // Shipped on one device, cancelled on another: a decision Today must find.
    let mut forked = order("PO-FORKED");
    forked.status = OrderStatus::Cancelled;
    forked.status_log.insert(
        "000001:1:li".into(),
        StatusChange {
            seq: 1,
            from: "ready_to_ship".into(),
            to: "shipped".into(),
            ..Default::default()
        },
    );
    let forked = repo.create_order(&forked).await.unwrap();
    assert_eq!(summary(&repo, &sewing).booked, Some(10));
    assert!(summary(&repo, &forked).unsettled);
    // As an older build's rules left them.
    let db = idb::open(&name).await.unwrap();
    let t = idb::transaction(&db, &[SUMMARIES], true).unwrap();
    for (id, booked, unsettled) in [(&sewing, Some(0), false), (&forked, Some(0), false)] {
        let mut s = summary(&repo, id);
        (s.booked, s.unsettled) = (booked, unsettled);
        put_summary(&t, &s);
    }
    idb::committed(&t).await.unwrap();
    let again = checked_again(&name, Some("reader-new")).await;
    assert_eq!(summary(&again, &sewing).booked, Some(10));
    assert!(summary(&again, &forked).unsettled);
    let reopened = Repo::open_in(&name, author()).await.unwrap();
    assert!(summary(&reopened, &forked).unsettled, "and kept");
}
