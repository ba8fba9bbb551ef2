//! The kept sync state in a real browser: it survives reopening, a damaged record starts the
//! device afresh instead of being trusted, a document's chunk fingerprint moves when its chunks
//! do, and upgrading a version-2 database keeps every record.

use gendan_sync::{DocumentId, SharedHeads};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

use super::idb::{self, META, SYNC_STATES};
use super::sync_states::Kept;
use super::tests::order;
use super::Repo;

wasm_bindgen_test_configure!(run_in_browser);

fn author() -> gendan_domain::Author {
    gendan_domain::Author {
        name: "tester".into(),
        device: "dev-test".into(),
    }
}

fn db_name(test: &str) -> String {
    format!("gendan-test-sync-{test}-{}", js_sys::Math::random())
}

#[wasm_bindgen_test]
async fn a_kept_state_survives_reopening_and_a_damaged_one_starts_afresh() {
    let name = db_name("kept");
    let repo = Repo::open_in(&name, author()).await.unwrap();
    let id = repo.create_order(&order("PO-1")).await.unwrap();
    let doc: DocumentId = id.parse().unwrap();
    let mut heads = SharedHeads::new();
    heads.set(doc, &repo.heads(&id).unwrap());
    let prints = repo.chunk_prints().await.unwrap();
    let kept = Kept {
        heads,
        prints: [(doc, prints[&doc])].into_iter().collect(),
    };
    repo.keep_sync("relay-a", &kept).await.unwrap();
    drop(repo);

    let repo = Repo::open_in(&name, author()).await.unwrap();
    assert_eq!(repo.kept_sync("relay-a").await, kept);
    assert_eq!(repo.kept_sync("relay-b").await, Kept::default());

    // Damaged bytes (a torn write, another version): nothing is trusted, sync starts afresh.
    let db = idb::open(&name).await.unwrap();
    let t = idb::transaction(&db, &[SYNC_STATES], true).unwrap();
    let store = idb::store(&t, SYNC_STATES).unwrap();
    let mut damaged = kept.encode();
    damaged.truncate(damaged.len() - 3);
    idb::put(&store, &"relay-a".into(), &idb::bytes(&damaged)).unwrap();
    idb::put(&store, &"relay-c".into(), &"not bytes".into()).unwrap();
    idb::committed(&t).await.unwrap();
    assert_eq!(repo.kept_sync("relay-a").await, Kept::default());
    assert_eq!(repo.kept_sync("relay-c").await, Kept::default());
}

#[wasm_bindgen_test]
async fn a_document_whose_chunks_moved_loses_its_fingerprint_and_no_other_does() {
    let repo = Repo::open_in(&db_name("prints"), author()).await.unwrap();
    let a = repo.create_order(&order("PO-A")).await.unwrap();
    let b = repo.create_order(&order("PO-B")).await.unwrap();
    let before = repo.chunk_prints().await.unwrap();
    let base = repo.order(&a).await.unwrap();
    let mut edited = base.clone();
    edited.description = "changed".into();
    repo.save_order(&a, &base, &edited, ("li", ""))
        .await
        .unwrap();
    let after = repo.chunk_prints().await.unwrap();
    let (a, b): (DocumentId, DocumentId) = (a.parse().unwrap(), b.parse().unwrap());
    assert_ne!(before[&a], after[&a]);
    assert_eq!(before[&b], after[&b]);
}

/// Opens `name` at version 2 with the stores it had then, and writes one record in `meta`.
async fn version_2_database(name: &str) {
    let factory = web_sys::window().unwrap().indexed_db().unwrap().unwrap();
    let req = factory.open_with_u32(name, 2).unwrap();
    let upgrade_req = req.clone();
    let on_upgrade = Closure::<dyn FnMut(web_sys::Event)>::new(move |_: web_sys::Event| {
        let db: web_sys::IdbDatabase = upgrade_req.result().unwrap().unchecked_into();
        for store in ["chunks", "summaries", "quarantine", "meta", "blobs"] {
            db.create_object_store(store).unwrap();
        }
    });
    req.set_onupgradeneeded(Some(on_upgrade.as_ref().unchecked_ref()));
    let (tx, rx) = futures::channel::oneshot::channel::<()>();
    let tx = std::cell::RefCell::new(Some(tx));
    let on_ok = Closure::<dyn FnMut(web_sys::Event)>::new(move |_: web_sys::Event| {
        if let Some(tx) = tx.borrow_mut().take() {
            let _ = tx.send(());
        }
    });
    req.set_onsuccess(Some(on_ok.as_ref().unchecked_ref()));
    rx.await.unwrap();
    let db: web_sys::IdbDatabase = req.result().unwrap().unchecked_into();
    let t = idb::transaction(&db, &[META], true).unwrap();
    idb::put(
        &idb::store(&t, META).unwrap(),
        &"kept".into(),
        &"yes".into(),
    )
    .unwrap();
    idb::committed(&t).await.unwrap();
    db.close();
}

#[wasm_bindgen_test]
async fn upgrading_a_version_2_database_keeps_its_records_and_adds_the_sync_states() {
    let name = db_name("upgrade");
    version_2_database(&name).await;
    let db = idb::open(&name).await.unwrap();
    assert!(db.object_store_names().contains(SYNC_STATES));
    let t = idb::transaction(&db, &[META], false).unwrap();
    let value = idb::get(&idb::store(&t, META).unwrap(), &"kept".into())
        .await
        .unwrap();
    assert_eq!(value.as_string().as_deref(), Some("yes"));
}
