//! An order a change broke, in a real browser's storage: it is quarantined when opened, offers
//! where to put it back, is put back here (released from quarantine, for good, and readable
//! again after reopening), and a device that quarantined it takes another device's restore
//! through the sync and releases it too. An order's books a change broke say so rather than
//! read as kept elsewhere — on the order, on Today and above the money figures — and are put
//! back the same way.

use gendan_domain::automerge::transaction::Transactable;
use gendan_domain::automerge::{AutoCommit, ROOT};
use gendan_domain::Order;
use wasm_bindgen_test::*;

use super::agenda_tests::author;
use super::tests::order;
use super::Repo;

wasm_bindgen_test_configure!(run_in_browser);

fn db_name(test: &str) -> String {
    format!("gendan-test-restore-{test}-{}", js_sys::Math::random())
}

/// The order's document as this device holds it, with the customer's PO number taken out by a
/// peer that is not this app.
fn broken(repo: &Repo, id: &str) -> AutoCommit {
    broken_at(repo, id, "customer_po")
}

/// Document `id` as this device holds it, with `field` taken out by a peer that is not this app.
pub(super) fn broken_at(repo: &Repo, id: &str, field: &str) -> AutoCommit {
    let bytes = repo.inner.borrow_mut().docs.get_mut(id).unwrap().doc.save();
    let mut doc = AutoCommit::load(&bytes).unwrap();
    doc.delete(ROOT, field).unwrap();
    doc.commit();
    doc
}

/// Takes `from`'s changes into this device's copy, as the sync does.
pub(super) async fn receive(repo: &Repo, id: &str, from: &mut AutoCommit) {
    assert!(repo.ensure_loaded(id).await);
    let bytes = from.save();
    repo.inner
        .borrow_mut()
        .docs
        .get_mut(id)
        .unwrap()
        .doc
        .load_incremental(&bytes)
        .unwrap();
    repo.persist_remote(&[id.to_string()]).await.unwrap();
}

#[wasm_bindgen_test]
async fn an_order_a_change_broke_is_put_back_here_and_stays_released() {
    let name = db_name("here");
    let repo = Repo::open_in(&name, author()).await.unwrap();
    let id = repo.create_order(&order("PO-BROKEN")).await.unwrap();
    let mut bad = broken(&repo, &id);
    receive(&repo, &id, &mut bad).await;
    assert!(repo.order(&id).await.is_err(), "it does not read");
    assert_eq!(repo.quarantined().len(), 1);
    assert!(
        repo.order(&id).await.is_err(),
        "quarantined, it stays unread"
    );

    let point = repo
        .order_restore_point(&id)
        .await
        .unwrap()
        .expect("a point");
    assert_eq!(point.undone.len(), 1);
    let back: Order = repo.restore_order(&id, &point.heads).await.unwrap();
    assert_eq!(back.customer_po, "PO-BROKEN");
    assert!(repo.quarantined().is_empty());
    assert!(repo.summaries().iter().all(|s| !s.damaged));
    assert_eq!(repo.order(&id).await.unwrap().customer_po, "PO-BROKEN");
    // Reopened: the quarantine record is gone from storage too, and the order reads.
    let again = Repo::open_in(&name, author()).await.unwrap();
    assert!(again.quarantined().is_empty());
    assert_eq!(again.order(&id).await.unwrap().customer_po, "PO-BROKEN");
    assert!(again.order_restore_point(&id).await.unwrap().is_none());
}

#[wasm_bindgen_test]
async fn a_device_that_quarantined_it_takes_another_devices_restore_through_the_sync() {
    let name = db_name("there");
    let repo = Repo::open_in(&name, author()).await.unwrap();
    let id = repo.create_order(&order("PO-BROKEN")).await.unwrap();
    let mut bad = broken(&repo, &id);
    receive(&repo, &id, &mut bad).await;
    assert!(repo.order(&id).await.is_err());
    assert_eq!(repo.quarantined().len(), 1);

    // Another device holding the broken order puts it back.
    let point = gendan_domain::restore::restore_point::<Order>(&mut bad).unwrap();
    let other = gendan_domain::Author {
        name: "Wu".into(),
        device: "dev-other".into(),
    };
    gendan_domain::restore::restore::<Order>(&mut bad, &other, 1, &point.heads).unwrap();
    receive(&repo, &id, &mut bad).await;
    assert!(repo.quarantined().is_empty(), "released once it reads");
    assert_eq!(repo.order(&id).await.unwrap().customer_po, "PO-BROKEN");
    let again = Repo::open_in(&name, author()).await.unwrap();
    assert!(again.quarantined().is_empty());
}

#[wasm_bindgen_test]
async fn an_orders_books_a_change_broke_say_so_and_are_put_back() {
    let name = db_name("books");
    let repo = Repo::open_in(&name, author()).await.unwrap();
    let id = repo.create_order(&order("PO-MONEY")).await.unwrap();
    repo.edit_commercial(&id, |c| {
        c.currency = "USD".into();
        c.unit_price = Some(gendan_domain::Price::from_ten_thousandths(38_000));
        Ok(())
    })
    .await
    .unwrap();
    let books = repo.commercial_link(&id).expect("linked");
    assert!(
        repo.books_restore_point(&id).await.unwrap().is_none(),
        "they read"
    );

    let mut bad = broken_at(&repo, &books, "currency");
    receive(&repo, &books, &mut bad).await;
    // Not "kept on another device": here, and unreadable.
    let read = repo.commercial(&id).await;
    assert!(read.is_err(), "{read:?}");
    assert!(
        repo.order(&id).await.is_ok(),
        "the order itself still reads"
    );
    assert!(repo.quarantined().is_empty());
    let refused = repo.edit_commercial(&id, |c| {
        c.unit_price = None;
        Ok(())
    });
    assert!(refused.await.is_err(), "nothing is written over them");
    // Today and the money figures say so, rather than show the order as having no money.
    let key = super::agenda_tests::key(&repo);
    let now = super::agenda_tests::now();
    assert!(repo
        .today_from_index(&key, now, 7, |_| true)
        .load
        .contains(&id));
    let gathered = repo.gather_reports(now, (30, 50), || true).await;
    assert_eq!(
        gathered.books_unread,
        vec![(id.clone(), "PO-MONEY".to_string())]
    );
    let index = repo.today_from_index(&key, now, 7, |_| true);
    assert!(!index.load.contains(&id), "its agenda is kept, saying so");
    assert_eq!(index.today.books_unread.len(), 1);
    assert_eq!(index.today.books_unread[0].order, id);
    let kept = repo.reports_from_index(now, (30, 50));
    assert_eq!(kept.books_unread.len(), 1);

    let point = repo
        .books_restore_point(&id)
        .await
        .unwrap()
        .expect("a point");
    assert_eq!(point.undone.len(), 1);
    let back = repo.restore_books(&id, &point.heads).await.unwrap();
    assert_eq!(back.currency, "USD");
    let index = repo.today_from_index(&key, now, 7, |_| true);
    assert!(index.today.books_unread.is_empty() && !index.load.contains(&id));
    assert!(repo
        .reports_from_index(now, (30, 50))
        .books_unread
        .is_empty());
    let again = Repo::open_in(&name, author()).await.unwrap();
    let money = again.commercial(&id).await.unwrap().expect("held");
    assert_eq!(
        money.unit_price,
        Some(gendan_domain::Price::from_ten_thousandths(38_000))
    );
    assert!(again.books_restore_point(&id).await.unwrap().is_none());
}

/// An order's books whose stored bytes are damaged (the disk, not a change) are set aside with
/// their bytes, and said to be damaged: not as a money link another device bent, nor as money
/// kept elsewhere; Today and the money figures list the order as money unread.
#[wasm_bindgen_test]
async fn an_orders_books_damaged_on_disk_say_so() {
    use super::idb::{self, CHUNKS};
    let name = db_name("books-disk");
    let repo = Repo::open_in(&name, author()).await.unwrap();
    let id = repo.create_order(&order("PO-DISK")).await.unwrap();
    repo.edit_commercial(&id, |c| {
        c.unit_price = Some(gendan_domain::Price::from_ten_thousandths(38_000));
        Ok(())
    })
    .await
    .unwrap();
    let books = repo.commercial_link(&id).expect("linked");
    drop(repo);
    {
        let db = idb::open(&name).await.unwrap();
        let t = idb::transaction(&db, &[CHUNKS], true).unwrap();
        let store = idb::store(&t, CHUNKS).unwrap();
        let (keys, _) = idb::get_all(&store, Some(&idb::doc_range(&books).unwrap()))
            .await
            .unwrap();
        assert!(keys.length() > 0);
        for k in keys.iter() {
            idb::put(&store, &k, &idb::bytes(b"\x85\x6f\x4a\x83 not automerge")).unwrap();
        }
        idb::committed(&t).await.unwrap();
    }
    let repo = Repo::open_in(&name, author()).await.unwrap();
    match repo.commercial(&id).await {
        Err(super::StoreError::Corrupt(why)) => {
            assert!(why.contains("money record"), "{why}")
        }
        other => panic!("not said as damaged: {other:?}"),
    }
    assert!(
        repo.quarantined().iter().any(|q| q.id == books),
        "bytes kept"
    );
    assert_eq!(repo.order(&id).await.unwrap().customer_po, "PO-DISK");
    let now = super::agenda_tests::now();
    let gathered = repo.gather_reports(now, (30, 50), || true).await;
    assert_eq!(
        gathered.books_unread,
        vec![(id.clone(), "PO-DISK".to_string())]
    );
}
