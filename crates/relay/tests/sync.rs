//! The relay's sync and blob endpoints over real sockets on `127.0.0.1:0`: tokens refused,
//! accepted, scoped and revoked; workspace isolation; restart on the same data directory;
//! garbage frames and the fuzz corpus; limits; blobs. Clients are `gendan_sync` state
//! machines over tokio-tungstenite (`common/peer.rs`).

#[path = "common/http.rs"]
mod http_client;
#[path = "common/noise.rs"]
mod noise;
#[path = "common/peer.rs"]
mod peer;
#[path = "common/server.rs"]
mod server;
#[path = "common/temp_dir.rs"]
mod temp_dir;

use std::path::Path;
use std::time::Duration;
use temp_dir::TempDir;

use futures_util::{SinkExt, StreamExt};
use gendan_relay::{tokens, Limits};
use gendan_sync::automerge::transaction::Transactable;
use gendan_sync::automerge::ROOT;
use gendan_sync::testing::{doc_by, doc_with, id, read};
use gendan_sync::{encode, DocumentId, Event, Message};
use http_client::{http, http_with};
use noise::noise;
use peer::{raw_joined, Peer};
use server::Server;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use tokio_tungstenite::tungstenite::Message as WsMessage;

fn test_limits() -> Limits {
    Limits {
        max_message_bytes: 1024 * 1024,
        max_blob_bytes: 64 * 1024,
        idle_timeout: Duration::from_millis(600),
        ping_interval: Duration::from_millis(200),
        max_connections_per_token: 3,
        doc_idle: Duration::from_millis(300),
        max_loaded_docs: 100,
        token_poll: Duration::from_millis(100),
        ..Limits::default()
    }
}

impl Server {
    async fn start(data: &Path) -> Server {
        Self::start_with(data, test_limits()).await
    }
}

fn token(data: &Path, workspace: &str, docs: Option<Vec<DocumentId>>) -> (String, String) {
    let docs = docs.map(|d| d.iter().map(|id| id.to_string()).collect());
    let (record, text) = tokens::create(&data.join("data"), workspace, docs, None).expect("token");
    (record.id, text)
}

async fn connect_status(url: &str) -> Option<u16> {
    match tokio_tungstenite::connect_async(url).await {
        Ok(_) => None,
        Err(tokio_tungstenite::tungstenite::Error::Http(resp)) => Some(resp.status().as_u16()),
        Err(e) => panic!("unexpected error: {e}"),
    }
}

/// Reads until the server closes; returns the `error` message text seen, if any.
async fn error_then_close(ws: &mut peer::Ws) -> Option<String> {
    peer::error_and_close(ws, Duration::from_secs(5)).await.0
}

#[tokio::test]
async fn tokens_are_required_and_checked() {
    let dir = TempDir::new();
    let (_, good) = token(&dir.0, "acme", None);
    let server = Server::start(&dir.0).await;
    assert_eq!(
        connect_status(&format!("ws://{}/sync", server.addr)).await,
        Some(401)
    );
    assert_eq!(connect_status(&server.url("gdn_nope")).await, Some(401));
    assert_eq!(connect_status(&server.url("")).await, Some(401));
    // Bearer header works for non-browser clients.
    let mut req = tokio_tungstenite::tungstenite::client::IntoClientRequest::into_client_request(
        format!("ws://{}/sync", server.addr),
    )
    .expect("request");
    req.headers_mut().insert(
        "authorization",
        format!("Bearer {good}").parse().expect("header"),
    );
    assert!(tokio_tungstenite::connect_async(req).await.is_ok());
    let peer = Peer::connect(&server.url(&good), "alice")
        .await
        .expect("accepted");
    assert!(peer.conn.is_ready());
    server.stop().await;
}

#[tokio::test]
async fn a_token_created_while_the_relay_runs_works_at_once_and_unknown_ones_stay_refused() {
    let dir = TempDir::new();
    let (_, first) = token(&dir.0, "acme", None);
    // The watcher would not read the tokens again for an hour.
    let limits = Limits {
        token_poll: Duration::from_secs(3600),
        ..test_limits()
    };
    let server = Server::start_with(&dir.0, limits).await;
    assert!(Peer::connect(&server.url(&first), "a").await.is_ok());
    // An invite made a moment ago and opened at once: accepted without waiting for the poll.
    let (_, fresh) = token(&dir.0, "acme", None);
    let peer = Peer::connect(&server.url(&fresh), "b")
        .await
        .expect("a new token is accepted at once");
    assert!(peer.conn.is_ready());
    let (_, also_fresh) = token(&dir.0, "acme", None);
    tokio::time::sleep(Duration::from_millis(250)).await;
    let (status, body) = http(
        server.addr,
        "POST",
        "/catch-up",
        Some(&also_fresh),
        br#"{"ids":["3kMJtpNpu2CYhytvygFJRDwwCXDE"]}"#,
    )
    .await;
    assert_eq!(
        status,
        200,
        "the catch-up takes a new token too: {}",
        String::from_utf8_lossy(&body)
    );
    // Unknown tokens are still refused, however often they come.
    for _ in 0..20 {
        assert_eq!(connect_status(&server.url("gdn_nope")).await, Some(401));
    }
    server.stop().await;
}

#[tokio::test]
async fn push_then_fetch_and_live_updates() {
    let dir = TempDir::new();
    let (_, tok) = token(&dir.0, "acme", None);
    let server = Server::start(&dir.0).await;
    let mut alice = Peer::connect(&server.url(&tok), "alice")
        .await
        .expect("alice");
    alice
        .push(id(1), doc_with("title", "PO-1"))
        .await
        .expect("push");

    let mut bob = Peer::connect(&server.url(&tok), "bob").await.expect("bob");
    let doc = bob.fetch(id(1)).await.expect("fetch").expect("available");
    assert_eq!(read(doc, "title").as_deref(), Some("PO-1"));
    assert!(
        bob.fetch(id(2)).await.expect("fetch").is_none(),
        "unknown doc"
    );

    // Alice edits; Bob, still connected, receives it without asking.
    alice.put(id(1), "status", "confirmed").await.expect("sync");
    bob.until(Duration::from_secs(5), |p| {
        p.store
            .doc(&id(1))
            .and_then(|d| read(d, "status"))
            .is_some()
    })
    .await
    .expect("live update");
    server.stop().await;
}

#[tokio::test]
async fn scoped_tokens_reach_only_listed_documents() {
    let dir = TempDir::new();
    let (_, office) = token(&dir.0, "acme", None);
    let (_, factory) = token(&dir.0, "acme", Some(vec![id(1), id(3)]));
    let server = Server::start(&dir.0).await;
    let mut o = Peer::connect(&server.url(&office), "office")
        .await
        .expect("office");
    o.push(id(1), doc_with("title", "shared"))
        .await
        .expect("push");
    o.push(id(2), doc_with("title", "internal"))
        .await
        .expect("push");

    let mut f = Peer::connect(&server.url(&factory), "factory")
        .await
        .expect("factory");
    let shared = f.fetch(id(1)).await.expect("fetch").expect("listed");
    assert_eq!(read(shared, "title").as_deref(), Some("shared"));
    assert!(f.fetch(id(2)).await.expect("fetch").is_none(), "not listed");
    // It may create a listed document, not an unlisted one.
    f.push(id(3), doc_with("report", "50%"))
        .await
        .expect("listed create");
    assert!(f.push(id(4), doc_with("x", "y")).await.is_err());
    let mut o2 = Peer::connect(&server.url(&office), "office2")
        .await
        .expect("office");
    assert!(o2.fetch(id(3)).await.expect("fetch").is_some());
    assert!(
        o2.fetch(id(4)).await.expect("fetch").is_none(),
        "never stored"
    );
    server.stop().await;
}

/// Reads `key` of document `doc` as a fresh peer of `token` sees it, with how many changes
/// it holds; `None` if the relay says it has no such document for that token.
async fn seen_by(
    server: &Server,
    token: &str,
    doc: DocumentId,
    key: &str,
) -> Option<(String, usize)> {
    let mut p = Peer::connect(&server.url(token), "reader")
        .await
        .expect("reader");
    let got = p.fetch(doc).await.expect("fetch")?;
    Some((read(got, key)?, got.get_changes(&[]).len()))
}

/// Each workspace has its own documents, whatever ids its peers use: an id another
/// workspace holds is neither reached, revealed nor taken, and claiming an id first takes
/// nothing from the workspace that pushes it later (before, the later push was refused for
/// good: a factory that learnt an order's id could keep it off the relay).
#[tokio::test]
async fn workspaces_are_isolated_even_with_known_ids() {
    let dir = TempDir::new();
    let (_, a) = token(&dir.0, "alpha", None);
    let (_, b) = token(&dir.0, "beta", None);
    let server = Server::start(&dir.0).await;
    let mut pa = Peer::connect(&server.url(&a), "a").await.expect("a");
    pa.push(id(7), doc_with("secret", "alpha-price"))
        .await
        .expect("push");
    assert_eq!(seen_by(&server, &b, id(7), "secret").await, None);
    // Pushing under the same id writes beta's own document, not into alpha's.
    let mut pb = Peer::connect(&server.url(&b), "b").await.expect("b");
    pb.push(id(7), doc_with("secret", "beta-own"))
        .await
        .expect("beta's push is accepted, into beta's document");
    // Beta claims an id before alpha pushes it: alpha's push is accepted all the same.
    pb.push(id(8), doc_with("order", "beta-first"))
        .await
        .expect("push");
    pa.push(id(8), doc_with("order", "alpha-later"))
        .await
        .expect("alpha's push of an id beta claimed first");
    drop((pa, pb));
    let expected = [
        (&a, 7, "secret", "alpha-price"),
        (&b, 7, "secret", "beta-own"),
        (&a, 8, "order", "alpha-later"),
        (&b, 8, "order", "beta-first"),
    ];
    for (token, n, key, value) in expected {
        assert_eq!(
            seen_by(&server, token, id(n), key).await,
            Some((value.to_owned(), 1)),
            "document {n}: one change, its own workspace's"
        );
    }
    // And after a restart.
    let handle = server.handle.clone();
    server.stop().await;
    handle.shutdown().await;
    let server = Server::start(&dir.0).await;
    for (token, n, key, value) in expected {
        assert_eq!(
            seen_by(&server, token, id(n), key).await,
            Some((value.to_owned(), 1))
        );
    }
    server.stop().await;
}

/// A data directory written before namespaces (documents under their own ids, owner lines
/// without a name) still serves each workspace its documents, and another workspace
/// pushing one of those ids gets a document of its own.
#[tokio::test]
async fn documents_stored_before_namespaces_stay_their_workspaces() {
    let dir = TempDir::new();
    let (_, a) = token(&dir.0, "alpha", None);
    let (_, b) = token(&dir.0, "beta", None);
    let server = Server::start(&dir.0).await;
    let mut pa = Peer::connect(&server.url(&a), "a").await.expect("a");
    pa.push(id(9), doc_with("secret", "alpha-old"))
        .await
        .expect("push");
    drop(pa);
    let handle = server.handle.clone();
    server.stop().await;
    handle.shutdown().await;
    // Rewrite it the way relays stored it before: under the id, "<id> <workspace>".
    let data = dir.0.join("data");
    let dir_of = |doc: DocumentId| {
        let text = doc.to_string();
        data.join("docs").join(&text[..2]).join(&text[2..])
    };
    let key = gendan_relay::storage_key("alpha", &id(9));
    assert!(dir_of(key).is_dir(), "stored under alpha's key");
    std::fs::create_dir_all(dir_of(id(9)).parent().expect("parent")).expect("mkdir");
    std::fs::rename(dir_of(key), dir_of(id(9))).expect("move");
    std::fs::write(data.join("doc-owners.log"), format!("{} alpha\n", id(9))).expect("log");

    let server = Server::start(&dir.0).await;
    assert_eq!(
        seen_by(&server, &a, id(9), "secret").await,
        Some(("alpha-old".to_owned(), 1))
    );
    assert_eq!(seen_by(&server, &b, id(9), "secret").await, None);
    let mut pb = Peer::connect(&server.url(&b), "b").await.expect("b");
    pb.push(id(9), doc_with("secret", "beta-own"))
        .await
        .expect("push");
    // Alpha's edits still land in its old document, under the id.
    let mut pa = Peer::connect(&server.url(&a), "a").await.expect("a");
    pa.fetch(id(9)).await.expect("fetch").expect("alpha's");
    pa.put(id(9), "more", "yes").await.expect("edit");
    drop((pa, pb));
    assert_eq!(
        seen_by(&server, &a, id(9), "more").await,
        Some(("yes".to_owned(), 2))
    );
    assert_eq!(
        seen_by(&server, &b, id(9), "secret").await,
        Some(("beta-own".to_owned(), 1))
    );
    assert!(
        !dir_of(key).exists(),
        "alpha's old document stays under its id: {:?}",
        dir_of(key)
    );
    server.stop().await;
}

#[tokio::test]
async fn revoking_a_token_closes_its_live_connections() {
    let dir = TempDir::new();
    let (revoked_id, revoked) = token(&dir.0, "acme", None);
    let (_, kept) = token(&dir.0, "acme", None);
    let server = Server::start(&dir.0).await;
    let mut victim = Peer::connect(&server.url(&revoked), "victim")
        .await
        .expect("victim");
    let mut other = Peer::connect(&server.url(&kept), "other")
        .await
        .expect("other");
    victim.push(id(1), doc_with("k", "v")).await.expect("push");

    tokens::revoke(&dir.0.join("data"), &revoked_id, None).expect("revoke");
    let reason = victim
        .closed_within(Duration::from_secs(3))
        .await
        .expect("closed");
    assert!(
        reason.contains("revoked")
            || victim
                .events
                .iter()
                .any(|e| matches!(e, Event::Closed { reason } if reason.contains("revoked"))),
        "{reason}"
    );
    assert_eq!(connect_status(&server.url(&revoked)).await, Some(401));
    // The other token's connection is untouched.
    assert!(other.fetch(id(1)).await.expect("fetch").is_some());
    server.stop().await;
}

/// Rewrites the documents a token lists, the way an operator edits the token file by hand.
fn set_docs(data: &Path, token_id: &str, docs: &[DocumentId]) {
    let path = data.join(tokens::TOKENS_FILE);
    let mut file: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&path).expect("token file")).expect("json");
    let records = file["tokens"].as_array_mut().expect("tokens");
    let record = records
        .iter_mut()
        .find(|r| r["id"] == token_id)
        .expect("the token");
    record["docs"] = docs.iter().map(|d| d.to_string()).collect();
    let tmp = path.with_extension("tmp");
    std::fs::write(&tmp, serde_json::to_vec_pretty(&file).expect("json")).expect("write");
    std::fs::rename(&tmp, &path).expect("rename");
}

/// A scoped token's list edited while its device is connected: the connection kept the list
/// it opened with, so a document withdrawn from a factory went on reaching it, edit after
/// edit, until it reconnected. Now what the token allows applies at once, both ways.
#[tokio::test]
async fn editing_a_scoped_token_reaches_its_open_connections() {
    let dir = TempDir::new();
    let (_, office) = token(&dir.0, "acme", None);
    let (factory_id, factory) = token(&dir.0, "acme", Some(vec![id(1), id(2)]));
    let server = Server::start(&dir.0).await;
    let mut o = Peer::connect(&server.url(&office), "office")
        .await
        .expect("office");
    o.push(id(1), doc_with("k", "shared")).await.expect("push");
    o.push(id(2), doc_with("k", "withdrawn"))
        .await
        .expect("push");
    o.push(id(3), doc_with("k", "added")).await.expect("push");
    let mut f = Peer::connect(&server.url(&factory), "factory")
        .await
        .expect("factory");
    assert!(f.fetch(id(1)).await.expect("fetch").is_some());
    assert!(f.fetch(id(2)).await.expect("fetch").is_some());
    assert!(f.fetch(id(3)).await.expect("fetch").is_none());

    set_docs(&dir.0.join("data"), &factory_id, &[id(1), id(3)]);
    // The relay reads the token file every 100 ms here; both peers keep answering pings.
    for _ in 0..6 {
        o.step(Duration::from_millis(50)).await.expect("open");
        f.step(Duration::from_millis(50)).await.expect("open");
    }
    o.put(id(2), "k", "a new price").await.expect("edit");
    o.put(id(1), "k", "still shared").await.expect("edit");
    f.until(Duration::from_secs(5), |p| {
        p.store.doc(&id(1)).and_then(|d| read(d, "k")).as_deref() == Some("still shared")
    })
    .await
    .expect("the shared document still reaches the factory");
    for _ in 0..10 {
        f.step(Duration::from_millis(50)).await.expect("open");
    }
    assert_eq!(
        read(f.store.doc(&id(2)).expect("held"), "k").as_deref(),
        Some("withdrawn"),
        "a withdrawn document went on reaching the factory"
    );
    assert!(
        f.put(id(2), "k", "factory edit").await.is_err(),
        "the factory's edits to a withdrawn document must be refused"
    );
    assert_eq!(
        read(o.fetch(id(2)).await.expect("fetch").expect("doc"), "k").as_deref(),
        Some("a new price")
    );
    // The document shared meanwhile is there without reconnecting.
    let added = f.fetch(id(3)).await.expect("fetch").expect("shared now");
    assert_eq!(read(added, "k").as_deref(), Some("added"));
    server.stop().await;
}

/// The hub serves every workspace from one thread. A panic there (automerge should never panic
/// on a peer's data; here a failpoint panics while a document is evicted) killed that thread,
/// and sync stopped for everyone until the relay was restarted. The hub now drops what it was
/// doing, reloads documents from disk and goes on.
#[tokio::test]
async fn a_panic_in_the_hub_stops_nobody_else() {
    let doomed = id(213);
    std::env::set_var("GENDAN_TEST_PANIC_EVICTING", doomed.to_string());
    let dir = TempDir::new();
    let (_, tok) = token(&dir.0, "acme", None);
    let server = Server::start(&dir.0).await;
    let mut a = Peer::connect(&server.url(&tok), "a").await.expect("a");
    a.push(doomed, doc_with("k", "kept")).await.expect("push");
    drop(a);
    // Idle past `doc_idle` (300 ms here): the hub evicts it, and the failpoint panics.
    tokio::time::sleep(Duration::from_millis(1500)).await;
    let mut b = Peer::connect(&server.url(&tok), "b")
        .await
        .expect("the relay still accepts");
    b.push(id(1), doc_with("k", "after"))
        .await
        .expect("the hub still syncs");
    let mut c = Peer::connect(&server.url(&tok), "c").await.expect("c");
    let doc = c.fetch(id(1)).await.expect("fetch").expect("doc");
    assert_eq!(read(doc, "k").as_deref(), Some("after"));
    let doc = c.fetch(doomed).await.expect("fetch").expect("still stored");
    assert_eq!(read(doc, "k").as_deref(), Some("kept"));
    std::env::remove_var("GENDAN_TEST_PANIC_EVICTING");
    server.stop().await;
}

#[tokio::test]
async fn restart_keeps_documents() {
    let dir = TempDir::new();
    let (_, tok) = token(&dir.0, "acme", None);
    let server = Server::start(&dir.0).await;
    let mut alice = Peer::connect(&server.url(&tok), "alice")
        .await
        .expect("alice");
    for n in 1..=15u8 {
        alice
            .push(id(n), doc_with("n", &n.to_string()))
            .await
            .expect("push");
    }
    // Many edits to one document, so compaction runs.
    for n in 0..25 {
        alice
            .put(id(1), "edit", &n.to_string())
            .await
            .expect("sync");
    }
    let heads = alice.store.doc(&id(1)).expect("doc").get_heads();
    let handle = server.handle.clone();
    server.stop().await;
    handle.shutdown().await;

    let server = Server::start(&dir.0).await;
    let mut bob = Peer::connect(&server.url(&tok), "bob").await.expect("bob");
    for n in 1..=15u8 {
        let doc = bob.fetch(id(n)).await.expect("fetch").expect("kept");
        assert_eq!(read(doc, "n"), Some(n.to_string()));
    }
    assert_eq!(bob.store.doc(&id(1)).expect("doc").get_heads(), heads);
    let text = gendan_relay::storage_key("acme", &id(1)).to_string();
    let doc_dir = dir.0.join("data/docs").join(&text[..2]).join(&text[2..]);
    assert!(
        doc_dir
            .join("snapshot")
            .read_dir()
            .expect("snapshot")
            .count()
            >= 1
    );
    assert!(
        doc_dir
            .join("incremental")
            .read_dir()
            .expect("incr")
            .count()
            <= 10
    );
    server.stop().await;
}

#[tokio::test]
async fn garbage_closes_only_that_connection() {
    let dir = TempDir::new();
    let (_, tok) = token(&dir.0, "acme", None);
    let server = Server::start(&dir.0).await;
    let mut good = Peer::connect(&server.url(&tok), "good")
        .await
        .expect("good");
    good.push(id(1), doc_with("k", "v")).await.expect("push");

    // Binary garbage, a text frame, a frame before `join`, and an oversized frame.
    let mut ws = raw_joined(&server.url(&tok), "raw").await;
    ws.send(WsMessage::Binary(vec![0xff, 0x00, 0x13].into()))
        .await
        .expect("send");
    let err = error_then_close(&mut ws).await.expect("error message");
    assert!(err.contains("undecodable") || err.contains("CBOR"), "{err}");

    let mut ws = raw_joined(&server.url(&tok), "raw").await;
    ws.send(WsMessage::Text("hello".into()))
        .await
        .expect("send");
    assert!(error_then_close(&mut ws).await.is_some());

    let (mut ws, _) = tokio_tungstenite::connect_async(server.url(&tok))
        .await
        .expect("connect");
    let early = encode(&Message::DocUnavailable {
        sender_id: "x".into(),
        target_id: "y".into(),
        document_id: id(1),
    });
    ws.send(WsMessage::Binary(early.into()))
        .await
        .expect("send");
    assert!(error_then_close(&mut ws).await.is_some());

    let mut ws = raw_joined(&server.url(&tok), "raw").await;
    let _ = ws
        .send(WsMessage::Binary(vec![0u8; 2 * 1024 * 1024].into()))
        .await;
    let _ = error_then_close(&mut ws).await;

    // The good peer is unaffected.
    let mut again = Peer::connect(&server.url(&tok), "again")
        .await
        .expect("again");
    assert!(again.fetch(id(1)).await.expect("fetch").is_some());
    good.put(id(1), "k", "v2").await.expect("still syncing");
    server.stop().await;
}

#[tokio::test]
async fn fuzz_corpus_over_the_wire() {
    let dir = TempDir::new();
    let (_, tok) = token(&dir.0, "acme", None);
    let server = Server::start(&dir.0).await;
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("../sync/tests/corpus");
    let mut n = 0;
    for entry in std::fs::read_dir(&corpus).expect("corpus") {
        let bytes = std::fs::read(entry.expect("entry").path()).expect("file");
        if bytes.len() > 512 * 1024 {
            continue;
        }
        let mut ws = raw_joined(&server.url(&tok), "raw").await;
        ws.send(WsMessage::Binary(bytes.into()))
            .await
            .expect("send");
        error_then_close(&mut ws).await;
        n += 1;
    }
    assert!(n >= 20);
    let mut p = Peer::connect(&server.url(&tok), "after")
        .await
        .expect("healthy");
    p.push(id(1), doc_with("k", "v")).await.expect("push");
    server.stop().await;
}

#[tokio::test]
async fn connection_limit_and_idle_timeout() {
    let dir = TempDir::new();
    let (_, tok) = token(&dir.0, "acme", None);
    let server = Server::start(&dir.0).await;
    let mut held = Vec::new();
    for i in 0..3 {
        held.push(
            Peer::connect(&server.url(&tok), &format!("p{i}"))
                .await
                .expect("peer"),
        );
    }
    assert_eq!(connect_status(&server.url(&tok)).await, Some(429));
    drop(held);
    tokio::time::sleep(Duration::from_millis(300)).await;

    // A peer that stops reading (so never answers pings) is closed after the idle timeout.
    let (mut ws, _) = tokio_tungstenite::connect_async(server.url(&tok))
        .await
        .expect("connect");
    tokio::time::sleep(Duration::from_millis(1200)).await;
    let mut closed = false;
    while let Ok(Some(msg)) = tokio::time::timeout(Duration::from_secs(2), ws.next()).await {
        match msg {
            Ok(WsMessage::Close(_)) | Err(_) => {
                closed = true;
                break;
            }
            _ => {}
        }
    }
    assert!(closed, "idle socket not closed");
    // A slot is free again.
    assert!(Peer::connect(&server.url(&tok), "fresh").await.is_ok());
    server.stop().await;
}

/// A message begun and never finished: one non-final binary frame, then nothing but the
/// pongs tungstenite answers the relay's pings with. The relay's WebSocket keeps the partial
/// message (up to the message limit, 16 MiB by default, outside the inbound budget), and the
/// pongs kept the socket from ever counting as idle: 32 such sockets a token held 512 MiB for
/// as long as they liked. A pong now keeps a socket alive only while no message is half
/// received, so it is closed after the idle timeout; a peer idle between messages, answering
/// pings, is not.
#[tokio::test]
async fn a_message_never_finished_is_closed_as_idle() {
    use tokio_tungstenite::tungstenite::protocol::frame::coding::{Data, OpCode};
    use tokio_tungstenite::tungstenite::protocol::frame::Frame;

    let dir = TempDir::new();
    let (_, tok) = token(&dir.0, "acme", None);
    // Pinged five times within the idle timeout.
    let limits = Limits {
        idle_timeout: Duration::from_secs(1),
        ..test_limits()
    };
    let server = Server::start_with(&dir.0, limits).await;
    let mut idle = Peer::connect(&server.url(&tok), "idle")
        .await
        .expect("peer");
    let mut half = raw_joined(&server.url(&tok), "half").await;
    let first = Frame::message(vec![0u8; 512 * 1024], OpCode::Data(Data::Binary), false);
    half.send(WsMessage::Frame(first))
        .await
        .expect("first part");
    let bound = Duration::from_secs(5);
    let held = async {
        let started = tokio::time::Instant::now();
        let mut pings = 0;
        loop {
            // Reading answers each ping with a pong.
            match tokio::time::timeout_at(started + bound, half.next()).await {
                Ok(Some(Ok(WsMessage::Ping(_)))) => pings += 1,
                Ok(Some(Ok(WsMessage::Close(_)) | Err(_)) | None) => {
                    break (Some(started.elapsed()), pings)
                }
                Ok(Some(Ok(_))) => {}
                Err(_) => break (None, pings),
            }
        }
    };
    // Meanwhile the idle peer answers pings too (it reads) and sends nothing.
    let (held, idle_end) = tokio::join!(
        held,
        idle.until(Duration::from_secs(4), |p| p.closed.is_some())
    );
    let (closed_after, pings) = held;
    eprintln!("half-sent message: closed after {closed_after:?}, {pings} pings answered");
    assert!(pings >= 3, "the relay's pings were answered ({pings})");
    assert!(
        closed_after.is_some(),
        "a socket holding half a message stayed open {bound:?} (idle timeout 1 s)"
    );
    assert!(
        idle_end.is_err() && idle.closed.is_none(),
        "an idle peer answering pings was closed: {:?}",
        idle.closed
    );
    idle.push(id(1), doc_with("k", "v"))
        .await
        .expect("still served");
    server.stop().await;
}

use tokio_tungstenite::tungstenite::protocol::frame::coding::{Data, OpCode};

const BINARY: OpCode = OpCode::Data(Data::Binary);
const MORE: OpCode = OpCode::Data(Data::Continue);

/// One frame of a message sent in fragments: `len` bytes, the last one when `fin`.
fn fragment(len: usize, fin: bool, op: OpCode) -> WsMessage {
    use tokio_tungstenite::tungstenite::protocol::frame::Frame;
    WsMessage::Frame(Frame::message(vec![7u8; len], op, fin))
}

/// A relay whose tokens each have a part of 1 MiB for unfinished messages, nobody closed as
/// idle during a test, and a token of "acme".
async fn a_small_part() -> (TempDir, String, Server) {
    let dir = TempDir::new();
    let (_, tok) = token(&dir.0, "acme", None);
    let limits = Limits {
        max_inbound_bytes: 4 * 1024 * 1024,
        idle_timeout: Duration::from_secs(60),
        ..test_limits()
    };
    let server = Server::start_with(&dir.0, limits).await;
    (dir, tok, server)
}

/// What a token's sockets hold of messages begun and not finished is bounded together, by the
/// token's part of the inbound budget: each socket's WebSocket keeps its message's frames until
/// the last one, outside that budget, so 32 sockets of one token held 512 MiB of first
/// fragments. Once one socket holds the part, another of the same token that began a message
/// reads no more of it until the first lets go; a socket of another token is not held up.
#[tokio::test]
async fn a_tokens_unfinished_messages_are_held_within_its_part() {
    let (dir, tok, server) = a_small_part().await;
    let (_, other) = token(&dir.0, "other", None);

    // The holder: a first fragment of almost the whole part, never finished.
    let mut holder = raw_joined(&server.url(&tok), "holder").await;
    holder
        .send(fragment(1024 * 1024 - 4096, false, BINARY))
        .await
        .expect("first part");
    tokio::time::sleep(Duration::from_millis(300)).await;
    // A second begins one past the part and never finishes: it has the turn to read on.
    let mut turn = raw_joined(&server.url(&tok), "turn").await;
    turn.send(fragment(256 * 1024, false, BINARY))
        .await
        .expect("second part");
    tokio::time::sleep(Duration::from_millis(300)).await;

    // Another socket of the token begins a message, then finishes it. Garbage, so the relay
    // answers it by closing the socket, once it has read it all.
    let third = |url: String| async move {
        let mut ws = raw_joined(&url, "third").await;
        ws.send(fragment(256 * 1024, false, BINARY))
            .await
            .expect("begun");
        tokio::time::sleep(Duration::from_millis(100)).await;
        ws.send(fragment(1024, true, MORE)).await.expect("finished");
        ws
    };
    let mut waiting = third(server.url(&tok)).await;
    let mut elsewhere = third(server.url(&other)).await;
    // Another token's socket is read at once (closed within the bound, or this panics).
    peer::error_and_close(&mut elsewhere, Duration::from_secs(5)).await;
    // Pings still come (the relay writes); nothing answers the message.
    let early = tokio::time::timeout(Duration::from_millis(700), async {
        loop {
            match waiting.next().await {
                Some(Ok(WsMessage::Ping(_) | WsMessage::Pong(_))) => {}
                other => break other,
            }
        }
    })
    .await;
    assert!(
        early.is_err(),
        "the token's part is held and another has the turn: its message was read regardless \
         ({early:?})"
    );
    // The one with the turn goes: its bytes leave the part, the turn passes, and the waiting
    // message is read.
    drop(turn);
    peer::error_and_close(&mut waiting, Duration::from_secs(5)).await;
    drop(holder);
    server.stop().await;
}

/// Devices sharing a token that each send a message bigger than half the token's part,
/// at the same time, are all read: one reads on past the part while the others wait, then the
/// next. Before, they all waited on each other until the idle timeout ended them.
#[tokio::test]
async fn honest_sockets_of_one_token_past_its_part_are_read_in_turn() {
    let (_dir, tok, server) = a_small_part().await;
    let mut sockets = Vec::new();
    for n in 0..3 {
        let mut ws = raw_joined(&server.url(&tok), &format!("device-{n}")).await;
        ws.send(fragment(600 * 1024, false, BINARY))
            .await
            .expect("begun");
        sockets.push(ws);
    }
    tokio::time::sleep(Duration::from_millis(300)).await;
    for ws in &mut sockets {
        ws.send(fragment(300 * 1024, true, MORE))
            .await
            .expect("finished");
    }
    // Garbage, so each is answered by a close once the relay has read it whole.
    for ws in &mut sockets {
        peer::error_and_close(ws, Duration::from_secs(10)).await;
    }
    server.stop().await;
}

#[tokio::test]
async fn shutdown_closes_websockets() {
    let dir = TempDir::new();
    let (_, tok) = token(&dir.0, "acme", None);
    let server = Server::start(&dir.0).await;
    let mut p = Peer::connect(&server.url(&tok), "p").await.expect("peer");
    let stopping = tokio::spawn(server.stop());
    let reason = p
        .closed_within(Duration::from_secs(5))
        .await
        .expect("closed");
    assert!(
        reason.contains("1001") || reason.contains("shutting"),
        "{reason}"
    );
    stopping.await.expect("stopped");
}

fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::Digest;
    hex::encode(sha2::Sha256::digest(bytes))
}

#[tokio::test]
async fn blobs_are_hash_checked_limited_and_per_workspace() {
    let dir = TempDir::new();
    let (_, a) = token(&dir.0, "alpha", None);
    let (_, scoped) = token(&dir.0, "alpha", Some(vec![id(1)]));
    let (_, b) = token(&dir.0, "beta", None);
    let server = Server::start(&dir.0).await;
    let photo = b"\x89PNG pretend photo".to_vec();
    let hash = sha256_hex(&photo);
    let path = format!("/blobs/{hash}");

    assert_eq!(http(server.addr, "PUT", &path, None, &photo).await.0, 401);
    assert_eq!(
        http(server.addr, "PUT", &path, Some("bad"), &photo).await.0,
        401
    );
    assert_eq!(
        http(server.addr, "PUT", &path, Some(&a), b"other bytes")
            .await
            .0,
        400
    );
    assert_eq!(
        http(server.addr, "PUT", "/blobs/not-a-hash", Some(&a), &photo)
            .await
            .0,
        400
    );
    assert_eq!(
        http(server.addr, "PUT", &path, Some(&a), &photo).await.0,
        201
    );
    assert_eq!(
        http(server.addr, "PUT", &path, Some(&a), &photo).await.0,
        200
    );
    let (status, body) = http(server.addr, "GET", &path, Some(&a), b"").await;
    assert_eq!((status, body), (200, photo.clone()));
    let (status, body) = http(
        server.addr,
        "GET",
        &format!("{path}?token={scoped}"),
        None,
        b"",
    )
    .await;
    assert_eq!((status, body), (200, photo.clone()));
    assert_eq!(http(server.addr, "GET", &path, Some(&b), b"").await.0, 404);
    assert_eq!(http(server.addr, "GET", &path, None, b"").await.0, 401);

    let big = vec![7u8; 65 * 1024];
    let big_path = format!("/blobs/{}", sha256_hex(&big));
    assert_eq!(
        http(server.addr, "PUT", &big_path, Some(&a), &big).await.0,
        413
    );
    server.stop().await;
}

#[tokio::test]
async fn office_only_blobs_are_refused_to_scoped_tokens_and_the_mark_sticks() {
    let dir = TempDir::new();
    let (_, office) = token(&dir.0, "alpha", None);
    let (_, factory) = token(&dir.0, "alpha", Some(vec![id(1)]));
    let server = Server::start(&dir.0).await;
    let contract = b"%PDF-1.4 contract with prices".to_vec();
    let tech_pack = b"%PDF-1.4 tech pack".to_vec();
    let contract_path = format!("/blobs/{}", sha256_hex(&contract));
    let tech_path = format!("/blobs/{}", sha256_hex(&tech_pack));
    let addr = server.addr;

    let put = move |path: &str, tok: &str, body: &[u8]| {
        let (path, tok, body) = (path.to_string(), tok.to_string(), body.to_vec());
        async move { http(addr, "PUT", &path, Some(&tok), &body).await.0 }
    };
    assert_eq!(
        put(&format!("{contract_path}?office=1"), &office, &contract).await,
        201
    );
    assert_eq!(put(&tech_path, &office, &tech_pack).await, 201);

    // The office reads both; a factory reads the tech pack, never the contract.
    let get = move |path: &str, tok: &str| {
        let (path, tok) = (path.to_string(), tok.to_string());
        async move { http(addr, "GET", &path, Some(&tok), b"").await }
    };
    assert_eq!(get(&contract_path, &office).await, (200, contract.clone()));
    assert_eq!(get(&tech_path, &factory).await, (200, tech_pack.clone()));
    let (status, body) = get(&contract_path, &factory).await;
    assert_eq!(status, 403);
    assert!(
        String::from_utf8_lossy(&body).contains("office"),
        "the refusal says why: {}",
        String::from_utf8_lossy(&body)
    );
    // Also when the token rides in the query string (how `<img>` and downloads ask).
    let (status, _) = http(
        server.addr,
        "GET",
        &format!("{contract_path}?token={factory}"),
        None,
        b"",
    )
    .await;
    assert_eq!(status, 403);

    // Sticky: uploading the same bytes again without the mark (by anyone) does not clear it.
    assert_eq!(put(&contract_path, &office, &contract).await, 200);
    assert_eq!(put(&contract_path, &factory, &contract).await, 200);
    assert_eq!(get(&contract_path, &factory).await.0, 403);
    // A factory cannot mark a file office-only: the mark is for good, and would take a photo
    // it shares from every factory device.
    let (status, body) = http(
        addr,
        "PUT",
        &format!("{tech_path}?office=1"),
        Some(&factory),
        &tech_pack,
    )
    .await;
    assert_eq!(status, 403, "{}", String::from_utf8_lossy(&body));
    assert_eq!(get(&tech_path, &factory).await, (200, tech_pack.clone()));
    // A blob stored plain and marked later becomes office-only from then on.
    assert_eq!(
        put(&format!("{tech_path}?office=1"), &office, &tech_pack).await,
        200
    );
    assert_eq!(get(&tech_path, &factory).await.0, 403);
    assert_eq!(get(&tech_path, &office).await, (200, tech_pack));
    // The mark is a file beside the blob, kept across restarts.
    server.stop().await;
    let server = Server::start(&dir.0).await;
    let (status, _) = http(server.addr, "GET", &contract_path, Some(&factory), b"").await;
    assert_eq!(status, 403);
    let (status, _) = http(server.addr, "GET", &contract_path, Some(&office), b"").await;
    assert_eq!(status, 200);
    server.stop().await;
}

/// Each workspace keeps at most its quota of blobs: an upload past it is refused (507, saying
/// why) before its body is read, while other workspaces upload as before, a blob already held
/// is still confirmed, and the count survives a restart (it is read back from the disk).
/// (A link stores at most its part: the factory's upload here fits in it.)
#[tokio::test]
async fn a_workspace_cannot_fill_the_disk_with_blobs() {
    let dir = TempDir::new();
    let (_, alpha) = token(&dir.0, "alpha", None);
    let (_, alpha_factory) = token(&dir.0, "alpha", Some(vec![id(1)]));
    let (_, beta) = token(&dir.0, "beta", None);
    let limits = || Limits {
        max_workspace_blob_bytes: 200 * 1024,
        ..test_limits()
    };
    let server = Server::start_with(&dir.0, limits()).await;
    let blob = |n: u8| vec![n; 40 * 1024];
    let path = |b: &[u8]| format!("/blobs/{}", sha256_hex(b));
    let addr = server.addr;
    let photo = vec![2u8; 10 * 1024];
    assert_eq!(
        http(addr, "PUT", &path(&photo), Some(&alpha_factory), &photo)
            .await
            .0,
        201
    );
    for n in [1, 4, 5, 6] {
        assert_eq!(
            http(addr, "PUT", &path(&blob(n)), Some(&alpha), &blob(n))
                .await
                .0,
            201
        );
    }
    // 176 KiB held (the photo is charged 16); another 40 KiB does not fit, whichever of the
    // workspace's tokens sends it.
    for tok in [&alpha, &alpha_factory] {
        let (status, body) = http(addr, "PUT", &path(&blob(3)), Some(tok), &blob(3)).await;
        assert_eq!(status, 507);
        assert!(
            String::from_utf8_lossy(&body).contains("workspace"),
            "the refusal says why: {}",
            String::from_utf8_lossy(&body)
        );
    }
    // What it holds is still confirmed and read.
    assert_eq!(
        http(addr, "PUT", &path(&blob(1)), Some(&alpha), &blob(1))
            .await
            .0,
        200
    );
    assert_eq!(
        http(addr, "GET", &path(&photo), Some(&alpha), b"").await,
        (200, photo.clone())
    );
    // Another workspace is not touched by alpha's quota.
    for n in [1, 3] {
        assert_eq!(
            http(addr, "PUT", &path(&blob(n)), Some(&beta), &blob(n))
                .await
                .0,
            201
        );
    }
    // A refused upload took nothing: a small one still fits (192 KiB).
    let small = vec![9u8; 10 * 1024];
    assert_eq!(
        http(addr, "PUT", &path(&small), Some(&alpha), &small)
            .await
            .0,
        201
    );
    server.stop().await;
    let server = Server::start_with(&dir.0, limits()).await;
    let (status, _) = http(server.addr, "PUT", &path(&blob(3)), Some(&alpha), &blob(3)).await;
    assert_eq!(
        status, 507,
        "the quota counts what is on disk after a restart"
    );
    server.stop().await;
}

/// A document of `values` root keys, each `bytes` of noise: few operations, so it is
/// applied on the hub.
fn bulky(seed: u64, values: u64, bytes: usize) -> gendan_sync::automerge::Automerge {
    let mut doc = gendan_sync::automerge::Automerge::new();
    let mut tx = doc.transaction();
    for n in 0..values {
        tx.put(ROOT, format!("k{n}"), noise(seed * 100 + n, bytes))
            .expect("put");
    }
    tx.commit();
    doc
}

/// A document of one text of `chars` characters: one operation each, so a message carrying
/// it (at least `OFFLOAD_OPS`) is applied by a worker.
fn long_text(seed: u64, chars: usize) -> gendan_sync::automerge::Automerge {
    use gendan_sync::automerge::ObjType;
    let mut doc = gendan_sync::automerge::Automerge::new();
    let mut tx = doc.transaction();
    let text = tx.put_object(ROOT, "t", ObjType::Text).expect("text");
    tx.splice_text(&text, 0, 0, &noise(seed, chars))
        .expect("splice");
    tx.commit();
    doc
}

/// A blob is charged at least 16 KiB, what a file costs the disk (a block, an inode): before,
/// a workspace's quota of one-byte blobs was millions of files.
#[tokio::test]
async fn tiny_blobs_are_charged_what_a_file_costs_the_disk() {
    let dir = TempDir::new();
    let (_, alpha) = token(&dir.0, "alpha", None);
    let limits = || Limits {
        max_workspace_blob_bytes: 64 * 1024,
        ..test_limits()
    };
    let server = Server::start_with(&dir.0, limits()).await;
    let path = |b: &[u8]| format!("/blobs/{}", sha256_hex(b));
    for n in 0..4u8 {
        let (status, _) = http(server.addr, "PUT", &path(&[n]), Some(&alpha), &[n]).await;
        assert_eq!(status, 201, "blob {n}");
    }
    let (status, _) = http(server.addr, "PUT", &path(&[4]), Some(&alpha), &[4]).await;
    assert_eq!(
        status, 507,
        "a fifth one-byte file is a fifth 16 KiB of disk"
    );
    server.stop().await;
    let server = Server::start_with(&dir.0, limits()).await;
    let (status, _) = http(server.addr, "PUT", &path(&[4]), Some(&alpha), &[4]).await;
    assert_eq!(
        status, 507,
        "counted the same way from the disk after a restart"
    );
    server.stop().await;
}

#[tokio::test]
async fn a_workspace_cannot_fill_the_disk_with_documents() {
    let dir = TempDir::new();
    let (_, alpha) = token(&dir.0, "alpha", None);
    let (_, beta) = token(&dir.0, "beta", None);
    let (small, worked) = (bulky(1, 4, 16 * 1024), long_text(2, 30_000));
    let stored = (small.save().len() + worked.save().len()) as u64;
    // Room for those two and 40 KiB more.
    let limits = || Limits {
        max_workspace_doc_bytes: stored + 40 * 1024,
        max_message_bytes: 4 << 20,
        idle_timeout: Duration::from_secs(30),
        ..test_limits()
    };
    let server = Server::start_with(&dir.0, limits()).await;
    let mut a = Peer::connect(&server.url(&alpha), "a").await.expect("a");
    a.push(id(1), small.clone()).await.expect("fits");
    a.push(id(2), worked.clone())
        .await
        .expect("fits, through a worker");

    // 64 KiB more does not fit: refused before it is written, and the device is told why.
    let refused_by = |p: &Peer| {
        p.events
            .iter()
            .any(|e| matches!(e, Event::Closed { reason } if reason == gendan_sync::NO_ROOM))
    };
    a.store.insert(id(3), bulky(3, 4, 16 * 1024));
    a.conn.sync_doc(&id(3), &mut a.store).expect("sync");
    a.closed_within(Duration::from_secs(10))
        .await
        .expect("refused");
    assert!(refused_by(&a), "{:?}", a.events);
    // Through a worker too (a message of 60,000 operations).
    let mut w = Peer::connect(&server.url(&alpha), "w").await.expect("w");
    w.store.insert(id(4), long_text(4, 60_000));
    w.conn.sync_doc(&id(4), &mut w.store).expect("sync");
    w.closed_within(Duration::from_secs(30))
        .await
        .expect("refused");
    assert!(refused_by(&w), "{:?}", w.events);

    // Nothing of them was kept; what was stored is served; a change that fits still goes.
    let mut b = Peer::connect(&server.url(&alpha), "b").await.expect("b");
    for refused in [id(3), id(4)] {
        assert!(b.fetch(refused).await.expect("fetch").is_none());
    }
    assert_eq!(
        b.fetch(id(1)).await.expect("fetch").map(|d| d.get_heads()),
        Some(small.get_heads())
    );
    b.put(id(1), "note", "still writable").await.expect("fits");
    // Another workspace is not touched by alpha's quota.
    let mut other = Peer::connect(&server.url(&beta), "other")
        .await
        .expect("beta");
    other
        .push(id(5), bulky(5, 4, 16 * 1024))
        .await
        .expect("beta has its own room");
    server.stop().await;

    // After a restart the workspace is counted from the disk: still full.
    let server = Server::start_with(&dir.0, limits()).await;
    let mut again = Peer::connect(&server.url(&alpha), "again")
        .await
        .expect("again");
    again.store.insert(id(3), bulky(3, 4, 16 * 1024));
    again.conn.sync_doc(&id(3), &mut again.store).expect("sync");
    again
        .closed_within(Duration::from_secs(10))
        .await
        .expect("refused after a restart");
    assert!(refused_by(&again), "{:?}", again.events);
    server.stop().await;
}

/// A workspace keeps at most `Limits::max_workspace_docs` documents: each costs the relay
/// memory whatever its size, and tiny documents (a chunk of ~100 bytes) let a byte quota of
/// gigabytes hold millions. Past it a new document is refused with `NO_ROOM` (the device keeps
/// it); the workspace's documents still change, other workspaces are untouched, and a restart
/// counts from what is stored.
#[tokio::test]
async fn a_workspace_cannot_fill_the_relays_memory_with_tiny_documents() {
    let dir = TempDir::new();
    let (_, alpha) = token(&dir.0, "alpha", None);
    let (_, beta) = token(&dir.0, "beta", None);
    let limits = || Limits {
        max_workspace_docs: 3,
        ..test_limits()
    };
    let refused_by = |p: &Peer| {
        p.events
            .iter()
            .any(|e| matches!(e, Event::Closed { reason } if reason == gendan_sync::NO_ROOM))
    };
    let server = Server::start_with(&dir.0, limits()).await;
    let mut a = Peer::connect(&server.url(&alpha), "a").await.expect("a");
    for n in 1..=3 {
        a.push(id(n), doc_with("n", &n.to_string()))
            .await
            .expect("fits");
    }
    a.store.insert(id(4), doc_with("n", "4"));
    a.conn.sync_doc(&id(4), &mut a.store).expect("sync");
    a.closed_within(Duration::from_secs(10))
        .await
        .expect("refused");
    assert!(refused_by(&a), "{:?}", a.events);
    let mut b = Peer::connect(&server.url(&alpha), "b").await.expect("b");
    assert!(b.fetch(id(4)).await.expect("fetch").is_none(), "not kept");
    b.fetch(id(1)).await.expect("fetch").expect("stored");
    b.put(id(1), "note", "still writable")
        .await
        .expect("an edit");
    let mut other = Peer::connect(&server.url(&beta), "other")
        .await
        .expect("beta");
    other
        .push(id(4), doc_with("n", "beta's"))
        .await
        .expect("beta has its own count");
    server.stop().await;

    let server = Server::start_with(&dir.0, limits()).await;
    let mut again = Peer::connect(&server.url(&alpha), "again")
        .await
        .expect("again");
    again.store.insert(id(5), doc_with("n", "5"));
    again.conn.sync_doc(&id(5), &mut again.store).expect("sync");
    again
        .closed_within(Duration::from_secs(10))
        .await
        .expect("refused after a restart");
    assert!(refused_by(&again), "{:?}", again.events);
    server.stop().await;
}

#[test]
fn the_relay_takes_the_largest_file_the_app_keeps() {
    assert!(
        Limits::default().max_blob_bytes as u64 >= gendan_domain::attachments::MAX_FILE_BYTES,
        "a file the app accepts would be refused by the relay"
    );
}

#[tokio::test]
async fn blobs_answer_cross_origin_preflight_without_credentials() {
    let dir = TempDir::new();
    let server = Server::start(&dir.0).await;
    let mut stream = TcpStream::connect(server.addr).await.expect("connect");
    let path = format!("/blobs/{}", sha256_hex(b"x"));
    let head = format!(
        "OPTIONS {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\nOrigin: http://app.example\r\n\
         Access-Control-Request-Method: PUT\r\nAccess-Control-Request-Headers: authorization\r\n\r\n"
    );
    stream.write_all(head.as_bytes()).await.expect("write");
    let mut buf = Vec::new();
    let _ = stream.read_to_end(&mut buf).await;
    let text = String::from_utf8_lossy(&buf).to_ascii_lowercase();
    assert!(text.starts_with("http/1.1 200"), "{text}");
    assert!(text.contains("access-control-allow-origin: *"), "{text}");
    assert!(text.contains("access-control-allow-methods:"), "{text}");
    assert!(text.contains("put"), "{text}");
    assert!(!text.contains("access-control-allow-credentials"), "{text}");
    server.stop().await;
}

#[tokio::test]
async fn idle_documents_are_evicted_and_reloaded() {
    let dir = TempDir::new();
    let (_, tok) = token(&dir.0, "acme", None);
    let server = Server::start(&dir.0).await;
    let mut p = Peer::connect(&server.url(&tok), "p").await.expect("peer");
    p.push(id(1), doc_with("k", "v1")).await.expect("push");
    // doc_idle is 300 ms and the hub ticks every 100 ms; keep answering pings meanwhile.
    let until = tokio::time::Instant::now() + Duration::from_millis(800);
    while tokio::time::Instant::now() < until {
        assert!(
            p.step(Duration::from_millis(50)).await.expect("step"),
            "closed"
        );
    }
    p.put(id(1), "k", "v2").await.expect("sync after eviction");
    let mut q = Peer::connect(&server.url(&tok), "q").await.expect("peer");
    let doc = q.fetch(id(1)).await.expect("fetch").expect("doc");
    assert_eq!(read(doc, "k").as_deref(), Some("v2"));
    server.stop().await;
}

#[tokio::test]
async fn ephemeral_messages_reach_other_peers_of_the_document_only() {
    let dir = TempDir::new();
    let (_, tok) = token(&dir.0, "acme", None);
    let (_, other_ws) = token(&dir.0, "other", None);
    let server = Server::start(&dir.0).await;
    let mut a = Peer::connect(&server.url(&tok), "a").await.expect("a");
    a.push(id(1), doc_with("k", "v")).await.expect("push");
    let mut b = Peer::connect(&server.url(&tok), "b").await.expect("b");
    b.fetch(id(1)).await.expect("fetch").expect("doc");
    let mut outsider = Peer::connect(&server.url(&other_ws), "c").await.expect("c");
    assert!(outsider.fetch(id(1)).await.expect("fetch").is_none());

    let sender = a.conn.local_peer().clone();
    a.conn
        .send_ephemeral(&id(1), sender, "session".into(), 1, vec![0xa0]);
    a.flush().await.expect("flush");
    b.until(Duration::from_secs(5), |p| {
        p.events
            .iter()
            .any(|e| matches!(e, Event::Ephemeral { data, .. } if data == &[0xa0]))
    })
    .await
    .expect("b hears it");
    for _ in 0..5 {
        outsider
            .step(Duration::from_millis(50))
            .await
            .expect("step");
    }
    assert!(!outsider
        .events
        .iter()
        .any(|e| matches!(e, Event::Ephemeral { .. })));
    server.stop().await;
}

#[tokio::test]
async fn a_tiny_inbound_budget_still_serves_everyone() {
    // One frame's worth of budget (it is never less than `max_message_bytes`): frames
    // wait their turn instead of queueing, and nobody starves.
    let dir = TempDir::new();
    let (_, tok) = token(&dir.0, "acme", None);
    let server = Server::start_with(
        &dir.0,
        Limits {
            max_inbound_bytes: 1,
            // Building the documents takes a while in debug builds on a loaded machine.
            idle_timeout: Duration::from_secs(30),
            ..test_limits()
        },
    )
    .await;
    let mut tasks = Vec::new();
    for n in 0..3u8 {
        let url = server.url(&tok);
        tasks.push(tokio::spawn(async move {
            let mut p = Peer::connect(&url, &format!("p{n}"))
                .await
                .expect("connect");
            let mut doc = doc_with("k", "v");
            for i in 0..20 {
                let mut tx = doc.transaction();
                tx.put(ROOT, "big", "x".repeat(20_000 + i)).expect("put");
                tx.commit();
            }
            p.push(id(100 + n), doc).await.expect("push");
        }));
    }
    for t in tasks {
        tokio::time::timeout(Duration::from_secs(30), t)
            .await
            .expect("served in time")
            .expect("task");
    }
    server.stop().await;
}

#[tokio::test]
async fn a_change_over_the_operation_bound_is_refused_and_others_are_served() {
    // Issue 11, item 7: one huge paste held the hub (and every peer's sync) for seconds.
    // The bound is 1,000,000 operations by default; 10,000 here keeps the test fast.
    use gendan_sync::automerge::ObjType;
    let dir = TempDir::new();
    let (_, tok) = token(&dir.0, "acme", None);
    let mut limits = test_limits();
    limits.connection.sync.max_ops = 10_000;
    // Building a 20,000-character paste takes a while in debug builds on a loaded machine.
    limits.idle_timeout = Duration::from_secs(30);
    let server = Server::start_with(&dir.0, limits).await;
    let mut paster = Peer::connect(&server.url(&tok), "paster")
        .await
        .expect("connect");
    paster.push(id(75), doc_with("k", "v")).await.expect("push");
    let doc = paster.store.doc_mut(&id(75)).expect("doc");
    let mut tx = doc.transaction();
    let text = tx.put_object(ROOT, "t", ObjType::Text).expect("text");
    tx.splice_text(&text, 0, 0, &"x".repeat(20_000))
        .expect("splice");
    tx.commit();
    paster
        .conn
        .sync_doc(&id(75), &mut paster.store)
        .expect("sync");
    paster
        .closed_within(Duration::from_secs(10))
        .await
        .expect("refused");
    assert!(
        paster
            .events
            .iter()
            .any(|e| matches!(e, Event::Closed { reason } if reason.contains("10000 operations"))),
        "{:?}",
        paster.events
    );
    // Others are served, and a paste within the bound goes through.
    let mut other = Peer::connect(&server.url(&tok), "other")
        .await
        .expect("connect");
    let mut small = doc_with("k", "v");
    let mut tx = small.transaction();
    let text = tx.put_object(ROOT, "t", ObjType::Text).expect("text");
    tx.splice_text(&text, 0, 0, &"y".repeat(5_000))
        .expect("splice");
    tx.commit();
    other.push(id(76), small).await.expect("within the bound");
    server.stop().await;
}

#[tokio::test]
async fn a_burst_from_one_peer_shares_fsyncs_and_every_change_is_kept() {
    // A device catching up pushes many documents at once. Each frame used to wait for its own
    // fsync; now a batch takes several frames of one connection, and still nothing is
    // acknowledged before it is durable: every document is there after a restart.
    let dir = TempDir::new();
    let (_, tok) = token(&dir.0, "acme", None);
    let server = Server::start(&dir.0).await;
    let mut alice = Peer::connect(&server.url(&tok), "alice")
        .await
        .expect("alice");
    let before = server.handle.stats();
    let ids: Vec<DocumentId> = (1..=200u8).map(id).collect();
    for (n, doc_id) in ids.iter().enumerate() {
        alice.store.insert(*doc_id, doc_with("n", &n.to_string()));
        alice
            .conn
            .sync_doc(doc_id, &mut alice.store)
            .expect("queue");
    }
    alice.flush().await.expect("send the burst");
    alice
        .until(Duration::from_secs(60), |p| {
            ids.iter().all(|d| p.is_synced(d))
        })
        .await
        .expect("all acknowledged");
    let after = server.handle.stats();
    let frames = after.frames - before.frames;
    let batches = after.batches - before.batches;
    assert!(frames >= 200, "{frames} frames");
    assert!(
        batches < frames / 2,
        "{frames} frames took {batches} group commits"
    );
    let handle = server.handle.clone();
    server.stop().await;
    handle.shutdown().await;

    let server = Server::start(&dir.0).await;
    let mut bob = Peer::connect(&server.url(&tok), "bob").await.expect("bob");
    for (n, doc_id) in ids.iter().enumerate() {
        let doc = bob.fetch(*doc_id).await.expect("fetch").expect("kept");
        assert_eq!(read(doc, "n"), Some(n.to_string()));
    }
    server.stop().await;
}

#[tokio::test]
async fn catch_up_answers_one_bundle_of_what_the_token_may_read() {
    let dir = TempDir::new();
    let (_, acme) = token(&dir.0, "acme", None);
    let (_, scoped) = token(&dir.0, "acme", Some(vec![id(2), id(3)]));
    let (_, evil) = token(&dir.0, "evil", None);
    let server = Server::start(&dir.0).await;
    let mut alice = Peer::connect(&server.url(&acme), "alice")
        .await
        .expect("alice");
    for n in 1..=30u8 {
        alice
            .push(id(n), doc_with("n", &n.to_string()))
            .await
            .expect("push");
    }
    // Edits after the first push: the answer holds the document as it is now, compacted.
    alice.put(id(1), "n", "one").await.expect("edit");
    let mut mallory = Peer::connect(&server.url(&evil), "mallory")
        .await
        .expect("mallory");
    mallory
        .push(id(99), doc_with("secret", "evil's"))
        .await
        .expect("push");

    let ask = |ids: Vec<DocumentId>| {
        serde_json::json!({ "ids": ids.iter().map(|i| i.to_string()).collect::<Vec<_>>() })
            .to_string()
    };
    // Everything acme holds, plus evil's document, an unknown one and a repeat.
    let mut ids: Vec<DocumentId> = (1..=30u8).map(id).collect();
    ids.extend([id(99), id(200), id(5)]);
    let (status, head, body) = http_with(
        server.addr,
        "POST",
        "/catch-up",
        Some(&acme),
        &[("Accept-Encoding", "gzip, br")],
        ask(ids.clone()).as_bytes(),
    )
    .await;
    assert_eq!(status, 200, "{}", String::from_utf8_lossy(&body));
    assert!(
        head.to_ascii_lowercase().contains("content-encoding: gzip"),
        "{head}"
    );
    let mut plain = Vec::new();
    std::io::Read::read_to_end(&mut flate2::read::GzDecoder::new(&body[..]), &mut plain)
        .expect("gzip");
    let (_, docs) = gendan_sync::bundle::decode(&plain).expect("a valid bundle");
    let got: Vec<String> = docs.iter().map(|(e, _)| e.id.clone()).collect();
    let want: Vec<String> = (1..=30u8).map(|n| id(n).to_string()).collect();
    assert_eq!(got, want, "acme's documents in the order asked, once each");
    for (entry, bytes) in &docs {
        let doc = gendan_sync::automerge::Automerge::load(bytes).expect("loads");
        let held = alice
            .store
            .doc(&entry.id.parse().expect("id"))
            .expect("held");
        assert_eq!(doc.get_heads(), held.get_heads(), "{}", entry.id);
        assert_eq!(
            entry.kind, None,
            "the relay does not know what a document is"
        );
    }

    // A scoped token gets its listed documents only; without gzip, the bundle as is.
    let (status, head, body) = http_with(
        server.addr,
        "POST",
        "/catch-up",
        Some(&scoped),
        &[],
        ask(ids).as_bytes(),
    )
    .await;
    assert_eq!(status, 200);
    assert!(
        !head.to_ascii_lowercase().contains("content-encoding"),
        "{head}"
    );
    let (_, docs) = gendan_sync::bundle::decode(&body).expect("a valid bundle");
    let got: Vec<String> = docs.iter().map(|(e, _)| e.id.clone()).collect();
    assert_eq!(got, vec![id(2).to_string(), id(3).to_string()]);

    // Evil's token asking for acme's documents gets an empty bundle, not an error that
    // would tell it which ids exist.
    let (status, body) = http(
        server.addr,
        "POST",
        "/catch-up",
        Some(&evil),
        ask(vec![id(1), id(2)]).as_bytes(),
    )
    .await;
    assert_eq!(status, 200);
    let (_, docs) = gendan_sync::bundle::decode(&body).expect("a valid bundle");
    assert!(docs.is_empty());

    // Bad requests get a clear answer and change nothing.
    let (status, _) = http(
        server.addr,
        "POST",
        "/catch-up",
        None,
        ask(vec![id(1)]).as_bytes(),
    )
    .await;
    assert_eq!(status, 401);
    let (status, body) = http(
        server.addr,
        "POST",
        "/catch-up",
        Some(&acme),
        b"{\"ids\": 5}",
    )
    .await;
    assert_eq!(status, 400);
    assert!(String::from_utf8_lossy(&body).contains("ids"));
    let (status, body) = http(
        server.addr,
        "POST",
        "/catch-up",
        Some(&acme),
        br#"{"ids": ["not-an-id"]}"#,
    )
    .await;
    assert_eq!(status, 400);
    assert!(String::from_utf8_lossy(&body).contains("not-an-id"));
    let too_many: Vec<String> = (0..1_001)
        .map(|n| format!("{}", id((n % 250) as u8)))
        .collect();
    let (status, _) = http(
        server.addr,
        "POST",
        "/catch-up",
        Some(&acme),
        serde_json::json!({ "ids": too_many })
            .to_string()
            .as_bytes(),
    )
    .await;
    assert_eq!(status, 413);
    server.stop().await;
}

/// A device whose copy of one order cannot merge with the relay's keeps its connection, and
/// every other document syncs both ways: the relay closed it, and every reconnect met the same
/// document and closed again, holding everything behind it.
#[tokio::test]
async fn a_document_that_cannot_merge_holds_no_other_document_back() {
    let dir = TempDir::new();
    let (_, tok) = token(&dir.0, "acme", None);
    let server = Server::start(&dir.0).await;
    let url = server.url(&tok);
    let mut office = Peer::connect(&url, "office").await.expect("office");
    office
        .push(id(1), doc_by([7; 16], "style", "NW-1"))
        .await
        .expect("push");
    office
        .push(id(2), doc_with("title", "from the office"))
        .await
        .expect("push");

    let mut tablet = Peer::connect(&url, "tablet").await.expect("tablet");
    tablet.store.insert(id(1), doc_by([7; 16], "style", "NW-2"));
    tablet
        .conn
        .sync_doc(&id(1), &mut tablet.store)
        .expect("sync");
    tablet
        .push(id(3), doc_with("title", "from the tablet"))
        .await
        .expect("the tablet's other order arrives");
    let fetched = tablet.fetch(id(2)).await.expect("still open");
    assert_eq!(
        fetched.and_then(|d| read(d, "title")).as_deref(),
        Some("from the office")
    );
    tablet
        .put(id(3), "title", "edited")
        .await
        .expect("a later edit too");
    assert!(tablet.closed.is_none(), "{:?}", tablet.closed);
    assert_eq!(
        read(tablet.store.doc(&id(1)).expect("kept"), "style").as_deref(),
        Some("NW-2"),
        "the tablet's copy is kept as it is"
    );
    let mut checker = Peer::connect(&url, "checker").await.expect("checker");
    let on_relay = checker.fetch(id(1)).await.expect("fetch").expect("held");
    assert_eq!(read(on_relay, "style").as_deref(), Some("NW-1"));
}

/// A document of `mib` MiB of one repeated letter at "text": one operation, a few kilobytes
/// once deflated.
fn repetitive_doc(mib: usize) -> gendan_sync::automerge::Automerge {
    let mut doc = doc_with("k", "v");
    let mut tx = doc.transaction();
    tx.put(ROOT, "text", "a".repeat(mib << 20)).expect("put");
    tx.commit();
    doc
}

/// Where the relay's file store keeps `workspace`'s document `doc`.
fn doc_dir(dir: &Path, workspace: &str, doc: DocumentId) -> std::path::PathBuf {
    let text = gendan_relay::storage_key(workspace, &doc).to_string();
    dir.join("data/docs").join(&text[..2]).join(&text[2..])
}

/// Bytes of the files in `dir` (none: 0).
fn dir_bytes(dir: &Path) -> u64 {
    std::fs::read_dir(dir).map_or(0, |entries| {
        entries
            .flatten()
            .filter_map(|e| e.metadata().ok())
            .map(|m| m.len())
            .sum()
    })
}

#[tokio::test]
async fn a_snapshot_small_on_disk_but_big_inflated_is_loaded_off_the_hub() {
    // A compacted document is one snapshot, deflated column by column: 6 MiB of one letter is
    // a few kilobytes on disk. Whether a document is big enough to load on a worker was judged
    // by its stored bytes and its incremental chunks' operations, so the first peer to ask for
    // such a document after a restart had the hub inflate and parse all of it (and weigh it by
    // saving it again), serving nobody meanwhile. A snapshot now counts what it inflates to.
    let dir = TempDir::new();
    let (_, evil) = token(&dir.0, "evil", None);
    let limits = || Limits {
        max_message_bytes: 16 << 20,
        ..test_limits()
    };
    let server = Server::start_with(&dir.0, limits()).await;
    let mut e = Peer::connect(&server.url(&evil), "e").await.expect("e");
    e.push(id(90), repetitive_doc(6)).await.expect("push");
    e.put(id(90), "k", "again").await.expect("a second chunk");
    drop(e);
    let handle = server.handle.clone();
    server.stop().await;
    handle.shutdown().await;
    // Compacted at shutdown: one small snapshot.
    let stored = doc_dir(&dir.0, "evil", id(90));
    assert_eq!(dir_bytes(&stored.join("incremental")), 0, "compacted");
    let snapshot = dir_bytes(&stored.join("snapshot"));
    assert!(snapshot > 0 && snapshot < 64 << 10, "{snapshot} bytes");

    let server = Server::start_with(&dir.0, limits()).await;
    let before = server.handle.stats();
    let mut reader = Peer::connect(&server.url(&evil), "reader")
        .await
        .expect("reader");
    let doc = reader.fetch(id(90)).await.expect("fetch").expect("held");
    assert_eq!(read(doc, "k").as_deref(), Some("again"));
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
    server.stop().await;
}

#[tokio::test]
async fn loaded_documents_together_stay_under_their_weight_cap() {
    // The count of loaded documents alone let 2,000 documents of 16 MiB each be held; their
    // weight together is capped too (512 MiB by default, 3 MiB here), the least recently used
    // evicted first. Seven documents of 1 MiB each are pushed (none idle long enough to be
    // evicted for that): what stays loaded stays under the cap, and every one is served again
    // from disk.
    let dir = TempDir::new();
    let (_, tok) = token(&dir.0, "acme", None);
    let cap = 3 << 20;
    let limits = Limits {
        max_message_bytes: 16 << 20,
        max_loaded_bytes: cap,
        doc_idle: Duration::from_secs(600),
        ..test_limits()
    };
    let server = Server::start_with(&dir.0, limits).await;
    let mut writer = Peer::connect(&server.url(&tok), "writer")
        .await
        .expect("writer");
    let mut most = 0;
    for n in 0..7u8 {
        writer
            .push(id(110 + n), repetitive_doc(1))
            .await
            .expect("push");
        let loaded = server.handle.stats().loaded_bytes;
        assert!(
            loaded <= cap,
            "{loaded} bytes loaded after {} documents",
            n + 1
        );
        most = most.max(loaded);
    }
    assert!(
        most >= 2 << 20,
        "{most} bytes: were the documents held at all?"
    );
    let mut reader = Peer::connect(&server.url(&tok), "reader")
        .await
        .expect("reader");
    for n in 0..7u8 {
        let doc = reader
            .fetch(id(110 + n))
            .await
            .expect("fetch")
            .expect("kept");
        assert_eq!(read(doc, "k").as_deref(), Some("v"));
        assert!(server.handle.stats().loaded_bytes <= cap);
    }
    server.stop().await;
}

#[tokio::test]
async fn a_big_document_shed_before_its_fan_out_is_read_off_the_hub() {
    // A change is fanned out 50 ms after it arrives, and the loaded documents' weight is held
    // under its cap at every commit in between: a big document shed then (here each is, the cap
    // being under one document) was read back on the hub to tell the peers syncing it, however
    // big, while every other connection waited. A worker reads it now, and the peers still
    // hear of the change.
    let dir = TempDir::new();
    let (_, tok) = token(&dir.0, "acme", None);
    let limits = Limits {
        max_message_bytes: 16 << 20,
        max_loaded_bytes: 256 << 10,
        doc_idle: Duration::from_secs(600),
        ..test_limits()
    };
    let server = Server::start_with(&dir.0, limits).await;
    let mut writer = Peer::connect(&server.url(&tok), "writer")
        .await
        .expect("writer");
    writer.push(id(120), repetitive_doc(1)).await.expect("push");
    let mut reader = Peer::connect(&server.url(&tok), "reader")
        .await
        .expect("reader");
    reader.fetch(id(120)).await.expect("fetch").expect("held");
    // Quiet: what the reader hears next comes from the fan-out, not from an exchange of its own.
    // The writer answers the relay's pings meanwhile: on a loaded machine the quiet outlasted
    // the idle timeout (600 ms here) and the writer's socket was closed as idle.
    for _ in 0..10 {
        assert!(reader.step(Duration::from_millis(50)).await.expect("step"));
        assert!(writer.step(Duration::from_millis(1)).await.expect("step"));
    }
    let before = server.handle.stats();
    writer.put(id(120), "k", "edited").await.expect("edit");
    reader
        .until(Duration::from_secs(20), |p| {
            p.store
                .doc(&id(120))
                .and_then(|d| read(d, "k"))
                .is_some_and(|k| k == "edited")
        })
        .await
        .expect("the reader hears of the change");
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
    assert!(after.loaded_bytes <= 256 << 10, "{after:?}");
    server.stop().await;
}

/// A token tells whoever holds it what it reaches, so the app can refuse to put a token that
/// reaches the whole workspace (or other orders) into an invite for a factory; no token, a
/// wrong one or a revoked one learns nothing.
#[tokio::test]
async fn a_token_tells_its_holder_what_it_reaches() {
    let dir = TempDir::new();
    let (_, whole) = token(&dir.0, "acme", None);
    let (_, one) = token(&dir.0, "acme", Some(vec![id(7)]));
    let (gone_id, gone) = token(&dir.0, "acme", Some(vec![id(8)]));
    tokens::revoke(&dir.0.join("data"), &gone_id, None).expect("revoked");
    let server = Server::start(&dir.0).await;
    let scope = |body: &[u8]| -> serde_json::Value { serde_json::from_slice(body).expect("json") };
    let (status, head, body) =
        http_with(server.addr, "GET", "/scope", Some(&whole), &[], b"").await;
    assert_eq!(status, 200);
    assert!(
        head.to_ascii_lowercase()
            .contains("cache-control: no-store"),
        "{head}"
    );
    assert_eq!(
        scope(&body),
        serde_json::json!({ "workspace": "acme", "docs": null })
    );
    let (status, _, body) = http_with(server.addr, "GET", "/scope", Some(&one), &[], b"").await;
    assert_eq!(status, 200);
    assert_eq!(
        scope(&body),
        serde_json::json!({ "workspace": "acme", "docs": [id(7).to_string()] })
    );
    for bad in [None, Some("not-a-token"), Some(gone.as_str())] {
        let (status, _, body) = http_with(server.addr, "GET", "/scope", bad, &[], b"").await;
        assert_eq!(status, 401, "{bad:?}");
        assert!(!String::from_utf8_lossy(&body).contains("acme"));
    }
    server.stop().await;
}

/// A peer that holds nothing of a big loaded document is answered with all of it; building that
/// answer is a worker's job, not the hub's, which serves every workspace meanwhile. A peer "I
/// hold nothing" over and over (7 bytes each) had the hub encode 14 MiB each time. A peer in
/// sync is answered on the hub as before.
#[tokio::test]
async fn answers_to_peers_holding_nothing_of_a_big_document_are_built_off_the_hub() {
    use gendan_sync::automerge::Automerge;
    use gendan_sync::DocMessage;
    // automerge's "I hold nothing": no heads, no need, one empty `have`, no changes.
    const RESET: [u8; 7] = [0x42, 0, 0, 1, 0, 0, 0];

    let dir = TempDir::new();
    let (_, tok) = token(&dir.0, "acme", None);
    let limits = Limits {
        max_message_bytes: 16 << 20,
        doc_idle: Duration::from_secs(600),
        ..test_limits()
    };
    let server = Server::start_with(&dir.0, limits).await;
    let mut writer = Peer::connect(&server.url(&tok), "writer")
        .await
        .expect("writer");
    let mut doc = Automerge::new();
    let mut tx = doc.transaction();
    tx.put(ROOT, "blob", noise(70, 2 << 20)).expect("put");
    tx.commit();
    writer.push(id(70), doc).await.expect("push");
    let before = server.handle.stats();
    writer
        .put(id(70), "k", "v")
        .await
        .expect("a change in sync");
    assert_eq!(
        server.handle.stats().worker_answers,
        before.worker_answers,
        "a peer in sync is answered on the hub"
    );

    let mut reader = Peer::connect(&server.url(&tok), "reader")
        .await
        .expect("reader");
    let got = reader.fetch(id(70)).await.expect("fetch").expect("held");
    assert_eq!(read(got, "k").as_deref(), Some("v"));
    let after = server.handle.stats();
    assert!(after.worker_answers > before.worker_answers, "{after:?}");

    let mut ws = raw_joined(&server.url(&tok), "resetter").await;
    for _ in 0..3 {
        let frame = encode(&Message::Sync(DocMessage {
            sender_id: "resetter".into(),
            target_id: "relay".into(),
            document_id: id(70),
            data: RESET.to_vec(),
        }));
        ws.send(WsMessage::Binary(frame.into()))
            .await
            .expect("a reset");
    }
    let mut whole = 0;
    while whole < 3 {
        match tokio::time::timeout(Duration::from_secs(20), ws.next()).await {
            Ok(Some(Ok(WsMessage::Binary(b)))) => {
                assert!(b.len() > 2 << 20, "the whole document: {} bytes", b.len());
                whole += 1;
            }
            Ok(Some(Ok(_))) => {}
            other => panic!("an answer to every reset: {other:?}"),
        }
    }
    let last = server.handle.stats();
    assert!(
        last.worker_answers >= after.worker_answers + 3,
        "{after:?} then {last:?}"
    );
    server.stop().await;
}

/// A link (a factory's, or one forwarded in a chat) stores at most an eighth of its
/// workspace's quota, and links together never the last quarter: one link filling what it may
/// leaves the office's files and another factory's photos their room, and a restart does not
/// give the link its part again.
#[tokio::test]
async fn one_link_cannot_fill_its_workspaces_room_for_files() {
    let dir = TempDir::new();
    let (_, office) = token(&dir.0, "alpha", None);
    let (_, greedy) = token(&dir.0, "alpha", Some(vec![id(1)]));
    let (_, other) = token(&dir.0, "alpha", Some(vec![id(2)]));
    let limits = || Limits {
        // A link's part: 80 KiB; links together: 480 KiB.
        max_workspace_blob_bytes: 640 * 1024,
        ..test_limits()
    };
    let server = Server::start_with(&dir.0, limits()).await;
    let addr = server.addr;
    let blob = |n: u8| vec![n; 40 * 1024];
    for n in [1, 2] {
        assert_eq!(put(&addr, &greedy, &blob(n)).await.0, 201);
    }
    let (status, body) = put(&addr, &greedy, &blob(3)).await;
    assert_eq!(status, 507, "past its part");
    assert!(
        String::from_utf8_lossy(&body).contains("link"),
        "the refusal says why: {}",
        String::from_utf8_lossy(&body)
    );
    // Another factory's link and the office still store theirs.
    assert_eq!(put(&addr, &other, &blob(3)).await.0, 201);
    assert_eq!(put(&addr, &office, &blob(4)).await.0, 201);
    // A blob already held is still confirmed to the link that filled its part.
    assert_eq!(put(&addr, &greedy, &blob(1)).await.0, 200);
    server.stop().await;
    let server = Server::start_with(&dir.0, limits()).await;
    let (status, _) = put(&server.addr, &greedy, &blob(5)).await;
    assert_eq!(
        status, 507,
        "what the link stored is counted after a restart"
    );

    // The office fills the workspace up to what links may take together (480 KiB): then no
    // link stores more, and the office goes on to the quota.
    for n in 10..18u8 {
        assert_eq!(
            put(&server.addr, &office, &blob(n)).await.0,
            201,
            "office blob {n}"
        );
    }
    let small = vec![7u8; 16 * 1024];
    let (status, _) = put(&server.addr, &other, &small).await;
    assert_eq!(status, 507, "links never take the office's quarter");
    for n in 18..21u8 {
        assert_eq!(
            put(&server.addr, &office, &blob(n)).await.0,
            201,
            "office blob {n}"
        );
    }
    server.stop().await;
}

/// `PUT /blobs/<hash>` of `bytes` with `token`: the status and the body.
async fn put(addr: &std::net::SocketAddr, token: &str, bytes: &[u8]) -> (u16, Vec<u8>) {
    let path = format!("/blobs/{}", sha256_hex(bytes));
    http(*addr, "PUT", &path, Some(token), bytes).await
}
