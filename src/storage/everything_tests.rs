//! A fresh device's catch-up on everything (`everything.rs`) in a real browser: the workspace,
//! the orders and their money arrive as the relay served them, Today answers from the index,
//! what was served is reported with its heads, a local change is merged (and then syncs), and a
//! damaged page changes nothing.

use gendan_sync::bundle;
use wasm_bindgen_test::*;

use super::agenda_tests::{author, key, now, scanned, seeded, stored_agendas};
use super::Repo;

wasm_bindgen_test_configure!(run_in_browser);

/// A page of the relay's answer: `ids`' compacted documents as `repo` holds them.
fn page(repo: &Repo, ids: &[&String]) -> Vec<u8> {
    let docs: Vec<(String, Option<bundle::Kind>, Vec<u8>)> = ids
        .iter()
        .map(|id| {
            let bytes = repo
                .inner
                .borrow_mut()
                .docs
                .get_mut(*id)
                .unwrap()
                .doc
                .save();
            (id.to_string(), None, bytes)
        })
        .collect();
    bundle::encode(0, "relay", &docs)
}

fn sorted_heads(repo: &Repo, id: &str) -> Vec<gendan_domain::automerge::ChangeHash> {
    repo.sorted_heads(id).unwrap()
}

#[wasm_bindgen_test]
async fn a_catch_up_on_everything_brings_workspace_orders_and_money_and_says_what_it_served() {
    let (a, id, quiet) = seeded(&format!("gendan-test-all-a-{}", js_sys::Math::random())).await;
    let cid = a.order(&id).await.unwrap().commercial.unwrap();
    let ws = a.workspace_id();
    let served_ids = vec![ws.clone(), id.clone(), quiet.clone(), cid.clone()];
    // The workspace first (the client asks for it by id), then the money before its order: it
    // waits for the order that links it.
    let pages = vec![
        page(&a, &[&ws]),
        page(&a, &[&cid]),
        page(&a, &[&id, &quiet]),
    ];

    let name = format!("gendan-test-all-b-{}", js_sys::Math::random());
    let b = Repo::open_in(&name, author()).await.unwrap();
    b.adopt_workspace(&ws).await.unwrap();
    let got = b.import_everything(&pages).await.unwrap();
    assert_eq!(got.served.len(), 4);
    for doc in &served_ids {
        let doc_id: gendan_sync::DocumentId = doc.parse().unwrap();
        assert_eq!(
            got.served.get(&doc_id).unwrap(),
            sorted_heads(&a, doc),
            "{doc}"
        );
        assert!(got.same.contains(&doc_id), "{doc} is held as served");
    }
    for doc in [&ws, &id, &quiet, &cid] {
        assert!(got.changed.contains(doc), "{doc} reported changed");
    }

    // On disk: both orders listed, the money held, Today answered from agendas made with it.
    let again = Repo::open_in(&name, author()).await.unwrap();
    again.adopt_workspace(&ws).await.unwrap();
    let listed = again.workspace_value().unwrap().orders;
    assert!(listed.contains_key(&id) && listed.contains_key(&quiet));
    let index = again.today_from_index(&key(&again), now(), 7, |_| true);
    assert_eq!(index.answered, 2, "loaded instead: {:?}", index.load);
    assert_eq!(index.today.deposits_awaited.len(), 1, "made with the money");
    let stored = stored_agendas(&again);
    assert_eq!(stored, scanned(&again).await);
    assert!(again.quarantined().is_empty(), "{:?}", again.quarantined());
    assert!(again.commercial(&id).await.unwrap().is_some());

    // A change made here meanwhile is merged, not replaced, and that order is not "as served":
    // it syncs as usual.
    again
        .edit_order(&quiet, |o| {
            o.style_no = "ST-LOCAL".into();
            Ok(())
        })
        .await
        .unwrap();
    let got = again.import_everything(&pages).await.unwrap();
    assert_eq!(got.served.len(), 4);
    let quiet_id: gendan_sync::DocumentId = quiet.parse().unwrap();
    assert!(!got.same.contains(&quiet_id));
    assert_eq!(got.same.len(), 3);
    assert_eq!(again.order(&quiet).await.unwrap().style_no, "ST-LOCAL");

    // A damaged page: an error, and nothing written.
    let mut bad = pages.clone();
    let last = bad[2].len() - 3;
    bad[2][last] ^= 0xff;
    let before = again.chunk_prints().await.unwrap();
    assert!(again.import_everything(&bad).await.is_err());
    assert_eq!(again.chunk_prints().await.unwrap(), before);
}
