//! Storage pressure in a real browser: photo bytes are counted per order, only a closed order's
//! blobs that the relay holds are dropped, a blob that may exist nowhere else never is, and
//! damaged or missing records are reported rather than trusted.

use gendan_domain::inspection::{Defect, Inspection};
use gendan_domain::{Author, OrderStatus};
use wasm_bindgen::JsValue;
use wasm_bindgen_test::*;

use super::blob_usage::{OrderUse, Place};
use super::blobs::place_key;
use super::idb::{self, BLOBS, META};
use super::repo::{sha_hex, Write};
use super::tests::order;
use super::{Repo, StoreError};

wasm_bindgen_test_configure!(run_in_browser);

async fn repo() -> Repo {
    let name = format!("gendan-test-usage-{}", js_sys::Math::random());
    Repo::open_in(
        &name,
        Author {
            name: "tester".into(),
            device: "dev-test".into(),
        },
    )
    .await
    .expect("storage opens")
}

fn bytes(seed: u8, len: usize) -> Vec<u8> {
    (0..len).map(|i| (i as u8).wrapping_mul(seed)).collect()
}

/// An order at `status` whose one inspection has a defect with these photos.
async fn order_with(repo: &Repo, po: &str, status: OrderStatus, photos: &[&str]) -> String {
    let mut o = order(po);
    o.status = status;
    let mut defect = Defect::default();
    for h in photos {
        defect.add_photo(h, "").unwrap();
    }
    let mut inspection = Inspection::default();
    inspection.defects.insert("d1".into(), defect);
    o.inspections.insert("i1".into(), inspection);
    repo.create_order(&o).await.unwrap()
}

/// A photo taken here and acknowledged by the relay.
async fn on_relay(repo: &Repo, data: &[u8]) -> String {
    let h = repo.put_blob(data).await.unwrap();
    repo.blob_stored_on_relay(&h).await.unwrap();
    h
}

fn of<'a>(usage: &'a [OrderUse], id: &str) -> &'a OrderUse {
    usage.iter().find(|o| o.id == id).expect("order listed")
}

#[wasm_bindgen_test]
async fn usage_is_counted_per_order_largest_first() {
    let repo = repo().await;
    let small = repo.put_blob(&bytes(3, 1_000)).await.unwrap();
    let big = on_relay(&repo, &bytes(5, 30_000)).await;
    let other = repo.put_blob(&bytes(7, 20_000)).await.unwrap();
    let loose = repo.put_blob(&bytes(11, 500)).await.unwrap();
    let a = order_with(&repo, "PO-A", OrderStatus::Confirmed, &[&small]).await;
    let b = order_with(&repo, "PO-B", OrderStatus::Shipped, &[&big, &other]).await;
    order_with(&repo, "PO-C", OrderStatus::Draft, &[]).await;

    let usage = repo.blob_usage().await.unwrap();
    assert_eq!(
        usage.total_bytes, 51_500,
        "every blob, named or not ({loose})"
    );
    assert_eq!(usage.blob_count, 4);
    let ids: Vec<&str> = usage.orders.iter().map(|o| o.id.as_str()).collect();
    assert_eq!(
        ids,
        vec![b.as_str(), a.as_str()],
        "orders without photos are left out"
    );
    let ob = of(&usage.orders, &b);
    assert_eq!(
        (ob.customer_po.as_str(), ob.style_no.as_str()),
        ("PO-B", "ST-1")
    );
    assert_eq!(ob.status, OrderStatus::Shipped);
    assert_eq!(ob.bytes_here(), 50_000);
    assert_eq!(ob.blobs.len(), 2);
    assert_eq!(ob.only_here(), 1, "the second photo still waits for upload");
    assert_eq!(ob.droppable, vec![big.clone()]);
    assert_eq!(ob.droppable_bytes(), 30_000);
    assert_eq!(of(&usage.orders, &a).bytes_here(), 1_000);
    assert!(of(&usage.orders, &a).droppable.is_empty(), "an open order");
}

#[wasm_bindgen_test]
async fn only_closed_orders_blobs_known_on_the_relay_are_dropped() {
    let repo = repo().await;
    let shipped_only = on_relay(&repo, &bytes(3, 4_000)).await;
    let shared = on_relay(&repo, &bytes(5, 6_000)).await;
    let open_only = on_relay(&repo, &bytes(7, 8_000)).await;
    let cancelled = on_relay(&repo, &bytes(9, 2_000)).await;
    let fetched = sha_hex(&bytes(13, 1_000));
    repo.put_blob_from_relay(&fetched, &bytes(13, 1_000))
        .await
        .unwrap();
    let shipped = order_with(
        &repo,
        "PO-SHIPPED",
        OrderStatus::Closed,
        &[&shipped_only, &shared, &fetched],
    )
    .await;
    let open = order_with(
        &repo,
        "PO-OPEN",
        OrderStatus::InProduction,
        &[&shared, &open_only],
    )
    .await;
    let gone = order_with(&repo, "PO-CANCEL", OrderStatus::Cancelled, &[&cancelled]).await;
    let all = [shipped.clone(), open.clone(), gone.clone()];

    // The relay says it no longer has the cancelled order's photo: kept.
    let freed = repo
        .free_closed(&all, async |h: &str| h != cancelled)
        .await
        .unwrap();
    let mut expected = vec![shipped_only.clone(), fetched.clone()];
    expected.sort();
    assert_eq!(freed.dropped, expected);
    assert_eq!(freed.bytes, 5_000);
    assert_eq!(repo.get_blob(&shipped_only).await.unwrap(), None);
    assert_eq!(repo.get_blob(&fetched).await.unwrap(), None);
    for kept in [&shared, &open_only, &cancelled] {
        assert!(repo.get_blob(kept).await.unwrap().is_some(), "{kept} kept");
    }

    // Dropped blobs stay listed as on the relay, not here; the cancelled one goes when asked.
    let usage = repo.blob_usage().await.unwrap();
    let s = of(&usage.orders, &shipped);
    assert_eq!(s.not_here(), 2);
    assert!(s
        .blobs
        .iter()
        .filter(|b| b.bytes.is_none())
        .all(|b| b.place == Place::Relay));
    assert_eq!(usage.closed_droppable(), (vec![cancelled.clone()], 2_000));
    let freed = repo
        .free_closed(std::slice::from_ref(&gone), async |_: &str| true)
        .await
        .unwrap();
    assert_eq!(freed.dropped, vec![cancelled.clone()]);
    assert!(repo.blob_known_on_relay(&cancelled).await.unwrap());

    // Fetched again (as the thumbnail does): back on the device, still known on the relay.
    repo.put_blob_from_relay(&shipped_only, &bytes(3, 4_000))
        .await
        .unwrap();
    assert_eq!(
        repo.get_blob(&shipped_only).await.unwrap(),
        Some(bytes(3, 4_000))
    );
    assert!(repo.blob_known_on_relay(&shipped_only).await.unwrap());
}

#[wasm_bindgen_test]
async fn a_blob_only_on_this_device_is_never_dropped() {
    let repo = repo().await;
    // Waiting for upload; brought by a bundle file or a nearby device; refused by the relay.
    let waiting = repo.put_blob(&bytes(3, 3_000)).await.unwrap();
    let nearby = sha_hex(&bytes(5, 2_000));
    repo.put_blob_as(&nearby, &bytes(5, 2_000)).await.unwrap();
    let refused = repo.put_blob(&bytes(7, 1_000)).await.unwrap();
    repo.blob_uploaded(&refused).await.unwrap();
    let id = order_with(
        &repo,
        "PO-DELIVERED",
        OrderStatus::Delivered,
        &[&waiting, &nearby, &refused],
    )
    .await;

    let usage = repo.blob_usage().await.unwrap();
    let o = of(&usage.orders, &id);
    assert!(o.closed());
    assert_eq!(o.only_here(), 3);
    assert!(o.droppable.is_empty());
    assert_eq!(usage.closed_droppable(), (vec![], 0));
    let freed = repo
        .free_closed(std::slice::from_ref(&id), async |_: &str| true)
        .await
        .unwrap();
    assert!(freed.dropped.is_empty());
    for h in [&waiting, &nearby, &refused] {
        assert!(repo.get_blob(h).await.unwrap().is_some(), "{h} kept");
        assert!(!repo.blob_known_on_relay(h).await.unwrap());
    }
}

#[wasm_bindgen_test]
async fn damaged_and_missing_records_are_reported_and_never_dropped() {
    let repo = repo().await;
    let marked = on_relay(&repo, &bytes(3, 3_000)).await;
    let missing = sha_hex(b"named but never on this device");
    let not_bytes = sha_hex(b"stored as text");
    repo.persist(vec![
        Write::Put {
            store: META,
            key: JsValue::from_str(&place_key(&marked)),
            value: JsValue::from_f64(7.0),
        },
        Write::Put {
            store: BLOBS,
            key: JsValue::from_str(&not_bytes),
            value: JsValue::from_str("stored as text"),
        },
    ])
    .await
    .unwrap();
    let id = order_with(
        &repo,
        "PO-DAMAGED",
        OrderStatus::Shipped,
        &[&marked, &missing, &not_bytes],
    )
    .await;

    let err = repo.blob_known_on_relay(&marked).await.unwrap_err();
    assert!(
        matches!(&err, StoreError::Corrupt(m) if m.contains(&marked)),
        "{err:?}"
    );
    let usage = repo.blob_usage().await.unwrap();
    assert_eq!(usage.damaged.len(), 1);
    assert!(usage.damaged[0].contains(&not_bytes), "{:?}", usage.damaged);
    assert_eq!(usage.total_bytes, 3_000, "a damaged record counts no bytes");
    let o = of(&usage.orders, &id);
    let place = |h: &str| o.blobs.iter().find(|b| b.hash == h).unwrap().place.clone();
    assert!(matches!(place(&marked), Place::Unknown(m) if m.contains(&marked)));
    assert_eq!(
        o.not_here(),
        2,
        "the missing one and the one that is not bytes"
    );
    assert!(o.droppable.is_empty());
    let freed = repo
        .free_closed(std::slice::from_ref(&id), async |_: &str| true)
        .await
        .unwrap();
    assert!(freed.dropped.is_empty());
    assert!(repo.get_blob(&marked).await.unwrap().is_some());
    // The raw record is still there for whoever repairs it.
    let db = repo.db.clone();
    let t = idb::transaction(&db, &[META], false).unwrap();
    let raw = idb::get(
        &idb::store(&t, META).unwrap(),
        &JsValue::from_str(&place_key(&marked)),
    )
    .await
    .unwrap();
    assert_eq!(raw.as_f64(), Some(7.0));
}

#[wasm_bindgen_test]
async fn only_orders_whose_summary_may_name_files_are_read_for_the_measure() {
    let repo = repo().await;
    let photo = repo.put_blob(&bytes(13, 2_000)).await.unwrap();
    let id = order_with(&repo, "PO-PHOTO", OrderStatus::Confirmed, &[&photo]).await;
    assert!(
        repo.inner.borrow().summaries[&id].may_name_blobs(),
        "the save says so"
    );
    // The summary says it names files, or (from before `has_blobs`) does not say: read and listed.
    for says in [Some(true), None] {
        repo.inner
            .borrow_mut()
            .summaries
            .get_mut(&id)
            .unwrap()
            .has_blobs = says;
        let usage = repo.blob_usage().await.unwrap();
        assert_eq!(of(&usage.orders, &id).blobs.len(), 1, "has_blobs {says:?}");
    }
    // One that says "none" is not read at all: Settings opens without reading the thousands of
    // orders that never had a photo. (Made to disagree with its order here only to show that.)
    repo.inner
        .borrow_mut()
        .summaries
        .get_mut(&id)
        .unwrap()
        .has_blobs = Some(false);
    let usage = repo.blob_usage().await.unwrap();
    assert!(usage.orders.iter().all(|o| o.id != id));
    assert_eq!(usage.total_bytes, 2_000, "the blob itself is still counted");
}
