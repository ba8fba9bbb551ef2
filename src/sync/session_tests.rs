//! The shared session between two real repositories (IndexedDB in headless Chromium), frames
//! carried in memory: what a nearby device receives, and what it must not.

use gendan_domain::{Author, Price};
use gendan_sync::{Connection, PeerId, PeerMetadata};
use wasm_bindgen_test::*;

use super::session::{Scope, Session};
use crate::storage::tests::order;
use crate::storage::Repo;

wasm_bindgen_test_configure!(run_in_browser);

fn author(name: &str) -> Author {
    Author {
        name: name.into(),
        device: format!("dev-{name}"),
    }
}

async fn open(name: &str) -> Repo {
    let db = format!("gendan-test-session-{name}-{}", js_sys::Math::random());
    Repo::open_in(&db, author(name)).await.unwrap()
}

fn session(repo: &Repo, initiator: bool, money: bool) -> Session {
    let peer = PeerId::new(if initiator { "a" } else { "b" });
    let meta = PeerMetadata::default();
    let conn = if initiator {
        Connection::initiator(peer, meta, crate::platform::now_ms() as u64)
    } else {
        Connection::acceptor(peer, meta, crate::platform::now_ms() as u64)
    };
    Session::new(repo.clone(), conn, Scope::Peer { money })
}

/// Carries frames both ways until neither side has anything to say.
async fn exchange(a: &Session, b: &Session) {
    for _ in 0..50 {
        let (to_b, to_a) = (a.take_outgoing(), b.take_outgoing());
        if to_b.is_empty() && to_a.is_empty() {
            return;
        }
        for f in to_b {
            assert!(b.receive(&f).await.closed.is_none());
        }
        for f in to_a {
            assert!(a.receive(&f).await.closed.is_none());
        }
    }
    panic!("the sessions never went quiet");
}

async fn priced_order(repo: &Repo, po: &str) -> String {
    let id = repo.create_order(&order(po)).await.unwrap();
    repo.edit_commercial(&id, |c| {
        c.unit_price = "3.80".parse::<Price>().ok();
        Ok(())
    })
    .await
    .unwrap();
    id
}

async fn meet(a: &Repo, b: &Repo, a_money: bool) -> (Session, Session) {
    b.adopt_workspace(&a.workspace_id()).await.unwrap();
    let (sa, sb) = (session(a, true, a_money), session(b, false, false));
    sa.sync_docs(sa.initial_ids()).await;
    sb.sync_docs(sb.initial_ids()).await;
    exchange(&sa, &sb).await;
    (sa, sb)
}

#[wasm_bindgen_test]
async fn a_nearby_device_gets_the_orders_but_not_their_money() {
    let (a, b) = (open("a").await, open("b").await);
    let id = priced_order(&a, "PO-PEER").await;
    let (sa, sb) = meet(&a, &b, false).await;
    assert_eq!(b.order(&id).await.unwrap().customer_po, "PO-PEER");
    assert!(b.summaries().iter().any(|s| s.id == id));
    // The order links its commercial document; B asked for it and was refused.
    assert!(b.order(&id).await.unwrap().commercial.is_some());
    assert_eq!(b.commercial(&id).await.unwrap(), None);
    let p = sa.progress();
    assert_eq!(
        p.confirmed, p.documents,
        "A's shared documents are all confirmed"
    );
    assert!(sb.progress().received >= 2, "the workspace and the order");
}

#[wasm_bindgen_test]
async fn money_goes_only_when_ticked() {
    let (a, b) = (open("a2").await, open("b2").await);
    let id = priced_order(&a, "PO-MONEY").await;
    meet(&a, &b, true).await;
    let c = b
        .commercial(&id)
        .await
        .unwrap()
        .expect("the commercial document arrived");
    assert_eq!(c.unit_price, "3.80".parse::<Price>().ok());
}

#[wasm_bindgen_test]
async fn an_unshared_commercial_document_never_merges_with_the_remote_copy() {
    // Both devices hold the same order and its commercial document; only A ticked money.
    let (a, b) = (open("a3").await, open("b3").await);
    let id = priced_order(&a, "PO-BOTH").await;
    meet(&a, &b, true).await;
    assert!(b.commercial(&id).await.unwrap().is_some());
    // Apart, both change the price.
    for (repo, price) in [(&a, "4.00"), (&b, "5.00")] {
        repo.edit_commercial(&id, |c| {
            c.unit_price = price.parse::<Price>().ok();
            Ok(())
        })
        .await
        .unwrap();
    }
    // They meet again: A shares money, B does not; B's price stays B's, A's stays A's.
    let (sa, sb) = (session(&a, true, true), session(&b, false, false));
    sa.sync_docs(sa.initial_ids()).await;
    sb.sync_docs(sb.initial_ids()).await;
    exchange(&sa, &sb).await;
    let price = |r: &Repo| {
        let r = r.clone();
        let id = id.clone();
        async move { r.commercial(&id).await.unwrap().and_then(|c| c.unit_price) }
    };
    assert_eq!(price(&a).await, "4.00".parse::<Price>().ok());
    assert_eq!(price(&b).await, "5.00".parse::<Price>().ok());
}

/// Every document a device holds, scanned change by change for the office's prices.
async fn scan_everything(repo: &Repo) -> (bool, usize, usize) {
    use crate::storage::tests::{all_stored_docs, history_holds, LEGACY_PRICE, SUPPLIER_PRICE};
    let ids = all_stored_docs(repo).await;
    let mut values = 0;
    let mut leak = false;
    for id in &ids {
        let (hit, n) = history_holds(repo, id, &[LEGACY_PRICE, SUPPLIER_PRICE]);
        leak |= hit;
        values += n;
    }
    (leak, ids.len(), values)
}

#[wasm_bindgen_test]
async fn a_nearby_device_without_money_holds_no_price_in_any_history() {
    use crate::storage::tests::{write_legacy_priced_order, LEGACY_PRICE, SUPPLIER_PRICE};
    use gendan_domain::commercial::PoPrice;
    let db = format!("gendan-test-session-leak-{}", js_sys::Math::random());
    let a = Repo::open_in(&db, author("office")).await.unwrap();
    // One order from an old build (prices inside, migrated when A opens again) and one new.
    let old = write_legacy_priced_order(&a, "PO-LEGACY").await;
    drop(a);
    let a = Repo::open_in(&db, author("office")).await.unwrap();
    let migrated = a.successor_of(&old).expect("migrated");
    let id = a.create_order(&order("PO-NEW")).await.unwrap();
    a.edit_order(&id, |o| {
        o.purchase_orders.insert("po9".into(), Default::default());
        Ok(())
    })
    .await
    .unwrap();
    a.edit_commercial(&id, |c| {
        c.unit_price = Some(Price::from_ten_thousandths(LEGACY_PRICE));
        c.po_prices.insert(
            "po9".into(),
            PoPrice {
                unit_price: Some(Price::from_ten_thousandths(SUPPLIER_PRICE)),
                currency: "CNY".into(),
            },
        );
        Ok(())
    })
    .await
    .unwrap();
    let b = open("leak-b").await;
    meet(&a, &b, false).await;
    assert_eq!(b.order(&id).await.unwrap().customer_po, "PO-NEW");
    assert_eq!(b.order(&migrated).await.unwrap().customer_po, "PO-LEGACY");
    assert!(
        b.order(&old).await.is_err(),
        "the old, priced document never reaches a nearby device"
    );
    let (leak, docs, values) = scan_everything(&b).await;
    web_sys::console::log_1(
        &format!("nearby leak scan: {docs} documents, {values} values in their histories").into(),
    );
    assert!(docs >= 3, "the workspace and both orders were scanned");
    assert!(!leak, "no price in any change the nearby device holds");

    // The same for a bundle file: it never carries money.
    let bytes = a.export_bundle(None, "office").await.unwrap();
    let c = open("leak-c").await;
    c.import_bundle(&bytes).await.unwrap();
    let (leak, docs, values) = scan_everything(&c).await;
    web_sys::console::log_1(
        &format!("bundle leak scan: {docs} documents, {values} values in their histories").into(),
    );
    assert!(docs >= 3 && !leak);
}

#[wasm_bindgen_test]
async fn an_order_with_prices_from_an_old_build_is_migrated_where_it_arrives() {
    use crate::storage::tests::write_legacy_priced_order;
    // A still holds a priced document (as an old build would offer it); B receives it.
    let a = open("old-a").await;
    let old = write_legacy_priced_order(&a, "PO-FROM-OLD").await;
    let b = open("old-b").await;
    meet(&a, &b, false).await;
    let new = b.successor_of(&old).expect("B migrated what it received");
    let ids: Vec<String> = b.summaries().into_iter().map(|s| s.id).collect();
    assert!(ids.contains(&new) && !ids.contains(&old));
    assert_eq!(b.order(&new).await.unwrap().customer_po, "PO-FROM-OLD");
}
