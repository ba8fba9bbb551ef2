//! Reconnect costs what changed (`gendan_sync::resume`): a persistent peer that kept its sync
//! map and offers it at `join` exchanges nothing but the handshake when nothing changed, still
//! gets and gives every change made while it was away, and falls back to a full sync whenever
//! a kept map is damaged, stale or missing, on either side. Real sockets on `127.0.0.1:0`.

#[path = "common/http.rs"]
mod http_client;
#[path = "common/peer.rs"]
mod peer;
#[path = "common/server.rs"]
mod server;
#[path = "common/temp_dir.rs"]
mod temp_dir;

use std::path::{Path, PathBuf};
use std::time::Duration;

use gendan_relay::{tokens, Limits};
use gendan_sync::automerge::transaction::Transactable;
use gendan_sync::automerge::ROOT;
use gendan_sync::resume::{accepted, record_synced, resume_docs};
use gendan_sync::testing::{doc_with, read};
use gendan_sync::{DocumentId, MemoryStore, PeerMetadata, SharedHeads};
use http_client::{http, http_with};
use peer::Peer;
use server::Server;
use temp_dir::TempDir;

fn limits() -> Limits {
    Limits {
        max_message_bytes: 1024 * 1024,
        max_connections_per_token: 40,
        // Documents are evicted between sessions: the relay checks kept heads without them.
        doc_idle: Duration::from_millis(200),
        ..Limits::default()
    }
}

fn token(data: &Path) -> String {
    tokens::create(&data.join("data"), "acme", None, None)
        .expect("token")
        .1
}

fn doc_id(n: u16) -> DocumentId {
    let mut bytes = [7u8; 16];
    bytes[..2].copy_from_slice(&n.to_be_bytes());
    DocumentId::from_bytes(bytes)
}

fn store_of(n: u16) -> MemoryStore {
    let mut store = MemoryStore::new();
    for i in 0..n {
        store.insert(doc_id(i), doc_with("n", &i.to_string()));
    }
    store
}

fn heads(store: &MemoryStore) -> Vec<(DocumentId, Vec<gendan_sync::automerge::ChangeHash>)> {
    store
        .ids()
        .filter_map(|id| Some((*id, store.doc(id)?.get_heads())))
        .collect()
}

/// One session as the browser runs it: join offering `kept`, then sync only what the answer
/// leaves to sync, until the relay falls quiet. Returns the peer and whether it resumed.
async fn session(url: &str, storage: &str, store: MemoryStore, kept: &SharedHeads) -> (Peer, bool) {
    let metadata = PeerMetadata {
        storage_id: Some(storage.to_owned()),
        is_ephemeral: Some(false),
        resume: (!kept.is_empty()).then(|| kept.digest()),
        ..PeerMetadata::default()
    };
    let mut p = Peer::connect_with(url, storage, metadata, store)
        .await
        .expect("connect");
    let resumed = p.conn.remote_metadata().is_some_and(accepted);
    let docs = heads(&p.store);
    let to_sync = resume_docs(&mut p.conn, resumed.then_some(kept), docs).expect("resume");
    for id in to_sync {
        p.conn.sync_doc(&id, &mut p.store).expect("sync");
    }
    p.until(Duration::from_secs(60), |p| {
        heads(&p.store)
            .iter()
            .all(|(id, h)| p.conn.is_synced(id, h))
    })
    .await
    .expect("synced");
    settle(&mut p).await;
    (p, resumed)
}

/// Steps until no frame arrived for a second.
async fn settle(p: &mut Peer) {
    loop {
        let before = p.bytes_in;
        for _ in 0..10 {
            assert!(p.step(Duration::from_millis(100)).await.expect("step"));
        }
        if p.bytes_in == before {
            return;
        }
    }
}

/// What the peer keeps for next time: `base` updated with the documents seen synced.
fn kept_after(p: &Peer, mut base: SharedHeads) -> SharedHeads {
    record_synced(&p.conn, &mut base, heads(&p.store));
    base
}

/// Closes the socket and gives the relay time to keep its map.
async fn leave(mut p: Peer) -> MemoryStore {
    let _ = p.ws.close(None).await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    p.store
}

/// A peer with no kept state fetches `id` (what another device sees on the relay).
async fn relay_value(url: &str, id: DocumentId, key: &str) -> Option<String> {
    let mut other = Peer::connect(url, "checker").await.expect("checker");
    let doc = other.fetch(id).await.expect("fetch")?;
    read(doc, key)
}

fn put(store: &mut MemoryStore, id: DocumentId, key: &str, value: &str) {
    let doc = store.doc_mut(&id).expect("held");
    let mut tx = doc.transaction();
    tx.put(ROOT, key, value).expect("put");
    tx.commit();
}

fn kept_files(data: &Path) -> Vec<PathBuf> {
    let Ok(tokens) = std::fs::read_dir(data.join("data/sync-states")) else {
        return Vec::new();
    };
    tokens
        .flatten()
        .flat_map(|t| std::fs::read_dir(t.path()).into_iter().flatten().flatten())
        .map(|e| e.path())
        .collect()
}

#[tokio::test]
async fn a_reconnect_with_nothing_changed_sends_only_the_handshake() {
    let dir = TempDir::new();
    let tok = token(&dir.0);
    let server = Server::start_with(&dir.0, limits()).await;
    let url = server.url(&tok);
    let (p, resumed) = session(&url, "tablet", store_of(300), &SharedHeads::new()).await;
    assert!(!resumed);
    let full = p.bytes_in + p.bytes_out;
    let kept = kept_after(&p, SharedHeads::new());
    assert_eq!(kept.len(), 300);
    let store = leave(p).await;

    // Twice: the relay keeps the map again when the resumed session ends.
    let mut store = store;
    for _ in 0..2 {
        let (p, resumed) = session(&url, "tablet", store, &kept).await;
        let wire = p.bytes_in + p.bytes_out;
        println!("300 documents: {full} B for the first full exchange, {wire} B to reconnect");
        assert!(resumed, "the relay kept the same map");
        assert!(wire < 600, "{wire} B on the wire");
        assert!(full > 300 * 100, "{full} B for a full exchange");
        assert_eq!(kept_after(&p, kept.clone()), kept);
        store = leave(p).await;
    }
}

#[tokio::test]
async fn changes_made_while_away_arrive_both_ways() {
    let dir = TempDir::new();
    let tok = token(&dir.0);
    let server = Server::start_with(&dir.0, limits()).await;
    let url = server.url(&tok);
    let (p, _) = session(&url, "tablet", store_of(20), &SharedHeads::new()).await;
    let kept = kept_after(&p, SharedHeads::new());
    let mut tablet = leave(p).await;

    // Another device edits document 3 through the relay; the tablet edits 5 offline.
    let (mut phone, _) = session(&url, "phone", store_of(0), &SharedHeads::new()).await;
    phone.fetch(doc_id(3)).await.expect("fetch").expect("held");
    phone.put(doc_id(3), "by", "phone").await.expect("edit");
    leave(phone).await;
    put(&mut tablet, doc_id(5), "by", "tablet");

    let (p, resumed) = session(&url, "tablet", tablet, &kept).await;
    assert!(resumed);
    let wire = p.bytes_in + p.bytes_out;
    assert!(wire < 4_000, "two documents moved, {wire} B");
    assert_eq!(
        read(p.store.doc(&doc_id(3)).expect("doc"), "by").as_deref(),
        Some("phone")
    );
    let kept = kept_after(&p, kept);
    leave(p).await;
    assert_eq!(
        relay_value(&url, doc_id(5), "by").await.as_deref(),
        Some("tablet")
    );
    assert_eq!(kept.len(), 20);
}

#[tokio::test]
async fn a_damaged_or_stale_kept_map_falls_back_to_a_full_sync() {
    let dir = TempDir::new();
    let tok = token(&dir.0);
    let server = Server::start_with(&dir.0, limits()).await;
    let url = server.url(&tok);
    let (p, _) = session(&url, "tablet", store_of(20), &SharedHeads::new()).await;
    let kept = kept_after(&p, SharedHeads::new());
    let mut tablet = leave(p).await;

    // The relay's map is damaged: it does not decode, so the relay refuses to resume. Damaged
    // while the relay is down: a running relay may still be writing the map (it keeps maps on
    // a thread of its own after the peer left), and would write over the damage.
    let handle = server.handle.clone();
    server.stop().await;
    handle.shutdown().await;
    let files = kept_files(&dir.0);
    assert_eq!(files.len(), 1);
    std::fs::write(&files[0], b"GSH1 not a map").expect("damage");
    let server = Server::start_with(&dir.0, limits()).await;
    let url = server.url(&tok);
    put(&mut tablet, doc_id(2), "by", "tablet");
    let (p, resumed) = session(&url, "tablet", tablet, &kept).await;
    assert!(!resumed);
    assert!(p.bytes_in + p.bytes_out > 20 * 100, "a full exchange");
    // Starting afresh, both sides keep the same new map, so the next time resumes.
    let kept = kept_after(&p, SharedHeads::new());
    assert_eq!(kept.len(), 20);
    let tablet = leave(p).await;
    assert_eq!(
        relay_value(&url, doc_id(2), "by").await.as_deref(),
        Some("tablet")
    );
    let (p, resumed) = session(&url, "tablet", tablet, &kept).await;
    assert!(resumed);
    let tablet = leave(p).await;

    // The device's map is stale (it says the relay had other heads for one document): the
    // digests differ and everything syncs.
    let mut stale = kept.clone();
    stale.set(doc_id(9), &[gendan_sync::automerge::ChangeHash([9; 32])]);
    let (p, resumed) = session(&url, "tablet", tablet, &stale).await;
    assert!(!resumed);
    assert!(heads(&p.store)
        .iter()
        .all(|(id, h)| p.conn.is_synced(id, h)));
    leave(p).await;
}

#[tokio::test]
async fn a_relay_that_lost_a_document_gets_it_back_from_a_resuming_peer() {
    let dir = TempDir::new();
    let tok = token(&dir.0);
    let server = Server::start_with(&dir.0, limits()).await;
    let url = server.url(&tok);
    let (p, _) = session(&url, "tablet", store_of(10), &SharedHeads::new()).await;
    let kept = kept_after(&p, SharedHeads::new());
    let tablet = leave(p).await;
    let handle = server.handle.clone();
    server.stop().await;
    handle.shutdown().await;
    // Restored from an older backup, say: document 4's chunks are gone, its map is not.
    let text = gendan_relay::storage_key("acme", &doc_id(4)).to_string();
    std::fs::remove_dir_all(dir.0.join("data/docs").join(&text[..2]).join(&text[2..]))
        .expect("remove");

    let server = Server::start_with(&dir.0, limits()).await;
    let url = server.url(&tok);
    let (p, resumed) = session(&url, "tablet", tablet, &kept).await;
    assert!(
        resumed,
        "the maps agree; the relay checks its documents against them"
    );
    leave(p).await;
    assert_eq!(
        relay_value(&url, doc_id(4), "n").await.as_deref(),
        Some("4")
    );
}

#[tokio::test]
async fn maps_are_kept_only_for_persistent_peers_and_a_few_per_token() {
    let dir = TempDir::new();
    let tok = token(&dir.0);
    let server = Server::start_with(&dir.0, limits()).await;
    let url = server.url(&tok);
    let ephemeral = PeerMetadata {
        storage_id: Some("kiosk".into()),
        is_ephemeral: Some(true),
        ..PeerMetadata::default()
    };
    let p = Peer::connect_with(&url, "kiosk", ephemeral, store_of(2))
        .await
        .expect("connect");
    leave(p).await;
    let p = Peer::connect_with(&url, "anon", PeerMetadata::default(), store_of(2))
        .await
        .expect("connect");
    leave(p).await;
    assert!(kept_files(&dir.0).is_empty());

    for n in 0..20 {
        let (mut p, _) = session(
            &url,
            &format!("device-{n}"),
            store_of(1),
            &SharedHeads::new(),
        )
        .await;
        let _ = p.ws.close(None).await;
    }
    tokio::time::sleep(Duration::from_millis(500)).await;
    let files = kept_files(&dir.0);
    assert!(
        !files.is_empty() && files.len() <= 16,
        "{} maps",
        files.len()
    );
}

/// One page of the relay's `all` catch-up: its status, the documents served and where the
/// next page starts.
async fn page_of_all(
    server: &Server,
    tok: &str,
    request: serde_json::Value,
) -> (u16, Vec<(DocumentId, Vec<u8>)>, Option<String>) {
    let (status, head, body) = http_with(
        server.addr,
        "POST",
        "/catch-up",
        Some(tok),
        &[],
        request.to_string().as_bytes(),
    )
    .await;
    if status != 200 {
        return (status, Vec::new(), None);
    }
    let (_, docs) = gendan_sync::bundle::decode(&body).expect("a valid bundle");
    let next = head.lines().find_map(|l| {
        let (name, value) = l.split_once(':')?;
        name.eq_ignore_ascii_case("gendan-next")
            .then(|| value.trim().to_owned())
    });
    let docs = docs
        .into_iter()
        .map(|(e, bytes)| (e.id.parse().expect("id"), bytes))
        .collect();
    (status, docs, next)
}

#[tokio::test]
async fn a_fresh_device_that_caught_up_on_everything_opens_resumed() {
    let dir = TempDir::new();
    let tok = token(&dir.0);
    let (_, evil) = tokens::create(&dir.0.join("data"), "evil", None, None).expect("token");
    let (_, scoped) = tokens::create(
        &dir.0.join("data"),
        "acme",
        Some(vec![doc_id(2).to_string(), doc_id(40).to_string()]),
        None,
    )
    .expect("token");
    let server = Server::start_with(&dir.0, limits()).await;
    let url = server.url(&tok);
    let (p, _) = session(&url, "tablet", store_of(45), &SharedHeads::new()).await;
    leave(p).await;

    // Three pages of at most 20, in id order, each saying where the next starts.
    let mut phone = gendan_sync::MemoryStore::new();
    let mut served = SharedHeads::new();
    let mut after: Option<String> = None;
    let mut pages = 0;
    loop {
        let mut ask = serde_json::json!({ "all": true, "storage_id": "phone", "limit": 20 });
        if let Some(a) = &after {
            ask["after"] = a.clone().into();
        }
        let (status, docs, next) = page_of_all(&server, &tok, ask).await;
        assert_eq!(status, 200);
        pages += 1;
        for (id, bytes) in docs {
            let doc = gendan_sync::automerge::Automerge::load(&bytes).expect("loads");
            served.set(id, &doc.get_heads());
            phone.insert(id, doc);
        }
        match next {
            Some(n) => after = Some(n),
            None => break,
        }
    }
    assert_eq!((pages, served.len()), (3, 45));

    // Another device edits document 3 before the phone's socket opens.
    let mut other = Peer::connect(&url, "other").await.expect("other");
    other.fetch(doc_id(3)).await.expect("fetch").expect("held");
    other.put(doc_id(3), "by", "other").await.expect("edit");
    leave(other).await;

    let (p, resumed) = session(&url, "phone", phone, &served).await;
    assert!(resumed, "the relay kept what it served for this device");
    let wire = p.bytes_in + p.bytes_out;
    assert!(wire < 3_000, "one document moved, {wire} B on the wire");
    assert_eq!(
        read(p.store.doc(&doc_id(3)).expect("doc"), "by").as_deref(),
        Some("other")
    );
    leave(p).await;

    // Another workspace's token gets nothing; a scoped token gets its documents only.
    let (status, docs, next) =
        page_of_all(&server, &evil, serde_json::json!({ "all": true })).await;
    assert_eq!((status, docs.len(), next), (200, 0, None));
    let (status, docs, _) = page_of_all(&server, &scoped, serde_json::json!({ "all": true })).await;
    assert_eq!(status, 200);
    assert_eq!(
        docs.iter().map(|(id, _)| *id).collect::<Vec<_>>(),
        vec![doc_id(2), doc_id(40)]
    );

    // Requests that make no sense get a clear 400.
    for bad in [
        r#"{"all": true, "ids": []}"#,
        r#"{}"#,
        r#"{"all": true, "after": "not-an-id"}"#,
        r#"{"all": true, "limit": 0}"#,
        r#"{"all": true, "limit": 1001}"#,
        r#"{"all": true, "storage_id": ""}"#,
        r#"{"all": true, "everything": "please"}"#,
    ] {
        let (status, body) =
            http(server.addr, "POST", "/catch-up", Some(&tok), bad.as_bytes()).await;
        assert_eq!(status, 400, "{bad}: {}", String::from_utf8_lossy(&body));
    }
}

/// Every page of an `all` catch-up, followed from the first; the documents in the order served.
async fn every_page(server: &Server, tok: &str, ask: serde_json::Value) -> Vec<Vec<DocumentId>> {
    let mut pages = Vec::new();
    let mut after: Option<String> = None;
    loop {
        let mut request = ask.clone();
        if let Some(a) = &after {
            request["after"] = a.clone().into();
        }
        let (status, docs, next) = page_of_all(server, tok, request).await;
        assert_eq!(status, 200);
        pages.push(docs.into_iter().map(|(id, _)| id).collect());
        match next {
            Some(n) => after = Some(n),
            None => return pages,
        }
        assert!(pages.len() < 20, "the pages never end");
    }
}

#[tokio::test]
async fn the_documents_asked_first_lead_the_first_page_once_and_unreadable_pages_do_not_end_it() {
    let dir = TempDir::new();
    let tok = token(&dir.0);
    let server = Server::start_with(&dir.0, limits()).await;
    let (p, _) = session(
        &server.url(&tok),
        "tablet",
        store_of(45),
        &SharedHeads::new(),
    )
    .await;
    leave(p).await;

    // Document 30 (the workspace, say) leads the first page and no page repeats it.
    let ask = serde_json::json!({ "all": true, "limit": 20, "first": [doc_id(30).to_string()] });
    let pages = every_page(&server, &tok, ask.clone()).await;
    let mut expected_first = vec![doc_id(30)];
    expected_first.extend((0..20).map(doc_id));
    assert_eq!(pages[0], expected_first);
    let served: Vec<DocumentId> = pages.concat();
    let mut unique = served.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(
        (served.len(), unique.len(), pages.len()),
        (45, 45, 3),
        "{pages:?}"
    );

    // A document asked first that the token may not read is not served, nor said to exist.
    let (_, evil) = tokens::create(&dir.0.join("data"), "evil", None, None).expect("token");
    let (status, docs, next) = page_of_all(
        &server,
        &evil,
        serde_json::json!({ "all": true, "first": [doc_id(30).to_string()] }),
    )
    .await;
    assert_eq!((status, docs.len(), next), (200, 0, None));

    // A whole page that cannot be read (documents gone from the disk under the relay) still
    // says where the next starts: the sync brings what was left out, the rest still comes.
    for n in 0..20 {
        let text = gendan_relay::storage_key("acme", &doc_id(n)).to_string();
        let _ = std::fs::remove_dir_all(dir.0.join("data/docs").join(&text[..2]).join(&text[2..]));
    }
    let pages = every_page(
        &server,
        &tok,
        serde_json::json!({ "all": true, "limit": 20 }),
    )
    .await;
    assert!(pages[0].is_empty(), "{pages:?}");
    assert_eq!(pages.concat(), (20..45).map(doc_id).collect::<Vec<_>>());

    // Requests that make no sense get a clear 400.
    let many: Vec<String> = (0..9).map(|n| doc_id(n).to_string()).collect();
    for bad in [
        serde_json::json!({ "ids": [doc_id(1).to_string()], "first": [doc_id(2).to_string()] }),
        serde_json::json!({ "all": true, "first": ["not-an-id"] }),
        serde_json::json!({ "all": true, "first": many }),
    ] {
        let (status, body) = http(
            server.addr,
            "POST",
            "/catch-up",
            Some(&tok),
            bad.to_string().as_bytes(),
        )
        .await;
        assert_eq!(status, 400, "{bad}: {}", String::from_utf8_lossy(&body));
    }
}

/// Limits that let a 6 MiB document through in one message.
fn big_limits() -> Limits {
    Limits {
        max_message_bytes: 16 << 20,
        ..limits()
    }
}

/// A relay in `dir` given five small documents and `big` (6 MiB of one letter, a few KiB on
/// disk) by a tablet, which leaves; a phone changes `big` meanwhile; the relay stops. Returns
/// what the tablet keeps to resume with: its store and its kept sync map.
async fn a_big_document_moved_while_the_tablet_was_away(
    dir: &Path,
    tok: &str,
    big: DocumentId,
) -> (MemoryStore, SharedHeads) {
    let server = Server::start_with(dir, big_limits()).await;
    let url = server.url(tok);
    let mut store = store_of(5);
    let mut doc = doc_with("by", "tablet");
    let mut tx = doc.transaction();
    tx.put(ROOT, "text", "a".repeat(6 << 20)).expect("put");
    tx.commit();
    store.insert(big, doc);
    let (p, _) = session(&url, "tablet", store, &SharedHeads::new()).await;
    let kept = kept_after(&p, SharedHeads::new());
    let tablet = leave(p).await;
    let (mut phone, _) = session(&url, "phone", store_of(0), &SharedHeads::new()).await;
    phone.fetch(big).await.expect("fetch").expect("held");
    phone.put(big, "by", "phone").await.expect("edit");
    leave(phone).await;
    let handle = server.handle.clone();
    server.stop().await;
    handle.shutdown().await;
    (tablet, kept)
}

#[tokio::test]
async fn a_resume_naming_a_big_document_reads_it_off_the_hub() {
    // A resume compares the heads the peer kept with the relay's: a document not in memory was
    // read on the hub for that when the kept map named at most 32 such documents, however big
    // it was. Here one holds 6 MiB of one letter (a few KiB on disk, one snapshot after the
    // restart) and moved while the tablet was away: a worker reads it, and the change reaches
    // the tablet when it is back.
    let dir = TempDir::new();
    let tok = token(&dir.0);
    let big = doc_id(900);
    let (tablet, kept) = a_big_document_moved_while_the_tablet_was_away(&dir.0, &tok, big).await;

    let server = Server::start_with(&dir.0, big_limits()).await;
    let url = server.url(&tok);
    let before = server.handle.stats();
    let (p, resumed) = session(&url, "tablet", tablet, &kept).await;
    assert!(resumed, "the relay kept the tablet's map");
    assert_eq!(
        read(p.store.doc(&big).expect("doc"), "by").as_deref(),
        Some("phone"),
        "what moved on the relay reached the tablet"
    );
    let after = server.handle.stats();
    assert!(
        after.heaviest_hub_load < 1 << 20,
        "the hub loaded a document weighing {} bytes",
        after.heaviest_hub_load
    );
    assert!(
        after.worker_loads > before.worker_loads,
        "no worker loaded it"
    );
    leave(p).await;
    server.stop().await;
}

#[tokio::test]
async fn a_failed_read_of_a_big_document_is_not_made_on_the_hub() {
    // As above, but the worker's read of the big document fails once. The document was left
    // unloaded and fanned out, and the fan-out read it on the hub, however big, while every
    // other connection waited: one failure undid what the worker was for. It is read again by
    // a worker at the next tick, and the change still reaches the tablet.
    let dir = TempDir::new();
    let tok = token(&dir.0);
    let big = doc_id(901);
    let (tablet, kept) = a_big_document_moved_while_the_tablet_was_away(&dir.0, &tok, big).await;

    // The first read of it by a worker in this process fails (`fetch.rs`, debug builds).
    let key = gendan_relay::storage_key("acme", &big).to_string();
    std::env::set_var("GENDAN_TEST_FAIL_FETCH", &key);
    let server = Server::start_with(&dir.0, big_limits()).await;
    let url = server.url(&tok);
    let before = server.handle.stats();
    let (mut p, resumed) = session(&url, "tablet", tablet, &kept).await;
    assert!(resumed, "the relay kept the tablet's map");
    p.until(Duration::from_secs(60), |p| {
        p.store
            .doc(&big)
            .and_then(|d| read(d, "by"))
            .is_some_and(|by| by == "phone")
    })
    .await
    .expect("what moved on the relay reached the tablet");
    std::env::remove_var("GENDAN_TEST_FAIL_FETCH");
    let after = server.handle.stats();
    assert!(
        after.heaviest_hub_load < 1 << 20,
        "the hub loaded a document weighing {} bytes",
        after.heaviest_hub_load
    );
    assert!(
        after.worker_loads >= before.worker_loads + 2,
        "read once, failing, then again: {} worker loads",
        after.worker_loads - before.worker_loads
    );
    leave(p).await;
    server.stop().await;
}
