//! Several relays on one PostgreSQL database (`serve --database`), none of them special:
//! 20 clients split across two relays, each editing each of 50 shared documents, converge, and a change accepted by one reaches the
//! other's peers within a second (LISTEN/NOTIFY); scoped tokens see only their documents
//! through either relay; a token revoked in the database is closed on both; a relay
//! SIGKILLed mid-sync loses no acknowledged change, its clients carry on through the other.
//! One throwaway cluster (`common/pg.rs`) serves the whole file, a database per test. The
//! database restarted under the relays is `pg_restart.rs` (it needs its own cluster).

#[path = "common/noise.rs"]
mod noise;
#[path = "common/peer.rs"]
mod peer;
#[path = "common/pg.rs"]
mod pg;
#[path = "common/pg_relay.rs"]
mod pg_relay;
#[path = "common/temp_dir.rs"]
mod temp_dir;

use std::sync::OnceLock;
use std::time::{Duration, Instant};

use gendan_relay::TokenAdmin;
use gendan_sync::automerge::transaction::Transactable;
use gendan_sync::automerge::ROOT;
use gendan_sync::testing::{doc_with, id, read};
use gendan_sync::DocumentId;
use noise::noise;
use peer::Peer;
use pg::Cluster;
use pg_relay::PgRelay;
use temp_dir::TempDir;

/// The cluster this test binary shares; `None` when PostgreSQL is not installed.
fn cluster() -> Option<&'static Cluster> {
    static CLUSTER: OnceLock<Option<Cluster>> = OnceLock::new();
    CLUSTER.get_or_init(Cluster::start).as_ref()
}

/// A database for one test, and a token admin on it.
fn database(name: &str) -> Option<(String, TokenAdmin)> {
    let url = cluster()?.database(name);
    let admin = TokenAdmin::open(std::path::Path::new("unused"), Some(&url)).expect("admin");
    Some((url, admin))
}

fn token(admin: &TokenAdmin, workspace: &str, docs: Option<&[DocumentId]>) -> (String, String) {
    let docs = docs.map(|d| d.iter().map(|id| id.to_string()).collect());
    let (record, text) = admin.create(workspace, docs, None).expect("token");
    (record.id, text)
}

fn value(peer: &Peer, doc: &DocumentId, key: &str) -> Option<String> {
    peer.store.doc(doc).and_then(|d| read(d, key))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn clients_split_across_two_relays_converge_and_hear_each_other_within_a_second() {
    let Some((url, admin)) = database("converge") else {
        return;
    };
    let (_, tok) = token(&admin, "acme", None);
    let dir = TempDir::new();
    let a = PgRelay::start(&dir.0, &url);
    let b = PgRelay::start(&dir.0, &url);

    // The concurrent-edit workload of the stock-client benchmark's scenario (b): 20 clients,
    // alternately on A and B, each edit each of 50 shared documents once, every client from
    // its own copy (none waits to see the others' edits first).
    const CLIENTS: u8 = 20;
    const DOCS: u8 = 50;
    let all: Vec<DocumentId> = (1..=DOCS).map(id).collect();
    let mut peers = Vec::new();
    for n in 0..CLIENTS {
        let relay = if n % 2 == 0 { &a } else { &b };
        let mut p = Peer::connect(&relay.url(&tok), &format!("client-{n}"))
            .await
            .expect("connect");
        if n == 0 {
            for doc in &all {
                p.store.insert(*doc, doc_with("by", "client-0"));
            }
        }
        // Asked (or offered) all at once, as the app does, then until the relay has them all.
        for doc in &all {
            p.conn.sync_doc(doc, &mut p.store).expect("sync");
        }
        p.until(Duration::from_secs(60), |p| {
            all.iter().all(|d| p.is_synced(d))
        })
        .await
        .expect("every shared document on this client");
        peers.push(p);
    }
    for (n, p) in peers.iter_mut().enumerate() {
        for doc in &all {
            let d = p.store.doc_mut(doc).expect("held");
            let mut tx = d.transaction();
            tx.put(ROOT, format!("seen-by-{n}"), "yes").expect("put");
            tx.commit();
            p.conn.sync_doc(doc, &mut p.store).expect("sync");
        }
        p.until(Duration::from_secs(60), |p| {
            all.iter().all(|d| p.is_synced(d))
        })
        .await
        .expect("the relay acknowledged every edit");
    }
    // Everyone ends with every edit.
    for p in peers.iter_mut() {
        for doc in &all {
            p.until(Duration::from_secs(60), |p| {
                (0..CLIENTS).all(|n| value(p, doc, &format!("seen-by-{n}")).is_some())
            })
            .await
            .expect("converged");
        }
    }

    // A change accepted by A reaches a peer of B that is only listening, within a second.
    let doc = all[0];
    let started = Instant::now();
    peers[0].put(doc, "late", "from-a").await.expect("put on A");
    let listener = &mut peers[1];
    listener
        .until(Duration::from_secs(5), |p| {
            value(p, &doc, "late").as_deref() == Some("from-a")
        })
        .await
        .expect("B's peer hears A's change");
    let took = started.elapsed();
    eprintln!(
        "FIGURE pg two relays: A → database → B → peer {took:?} (including A's acknowledgement); \
         relay RSS A {} KiB, B {} KiB with {} clients and {} documents; database {} KiB",
        a.rss_kib(),
        b.rss_kib(),
        CLIENTS,
        all.len(),
        cluster().map_or(0, |c| c.database_size("converge") / 1024)
    );
    assert!(took < Duration::from_secs(1), "took {took:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn scoped_tokens_see_only_their_documents_through_either_relay() {
    let Some((url, admin)) = database("scoped") else {
        return;
    };
    let (_, office) = token(&admin, "acme", None);
    let shared = id(1);
    let private = id(2);
    let (_, factory) = token(&admin, "acme", Some(&[shared]));
    let (_, rival) = token(&admin, "rival", None);
    let dir = TempDir::new();
    let a = PgRelay::start(&dir.0, &url);
    let b = PgRelay::start(&dir.0, &url);

    let mut writer = Peer::connect(&a.url(&office), "office")
        .await
        .expect("office");
    writer
        .push(shared, doc_with("style", "polo"))
        .await
        .expect("push");
    writer
        .push(private, doc_with("price", "4.20"))
        .await
        .expect("push");

    for relay in [&a, &b] {
        let mut f = Peer::connect(&relay.url(&factory), "factory")
            .await
            .expect("factory");
        let got = f
            .fetch(shared)
            .await
            .expect("fetch")
            .map(|d| read(d, "style"));
        assert_eq!(got, Some(Some("polo".into())), "via {}", relay.addr);
        assert!(
            f.fetch(private).await.expect("fetch").is_none(),
            "a scoped token reached a document it does not list via {}",
            relay.addr
        );
        let mut r = Peer::connect(&relay.url(&rival), "rival")
            .await
            .expect("rival");
        assert!(
            r.fetch(shared).await.expect("fetch").is_none(),
            "another workspace reached acme's document via {}",
            relay.addr
        );
    }
}

/// Workspaces sharing a database each have their own documents: a rival that pushes an id
/// first, through one relay, takes nothing from the workspace that pushes it later through
/// the other (before, that push was refused for good), and each workspace's live edits
/// reach its own peers on the other relay under the id they use.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_rival_claiming_an_id_first_takes_nothing_through_either_relay() {
    let Some((url, admin)) = database("namespaces") else {
        return;
    };
    let (_, office) = token(&admin, "acme", None);
    let (_, rival) = token(&admin, "rival", None);
    let dir = TempDir::new();
    let a = PgRelay::start(&dir.0, &url);
    let b = PgRelay::start(&dir.0, &url);
    let doc = id(40);
    let mut r = Peer::connect(&a.url(&rival), "rival").await.expect("rival");
    r.push(doc, doc_with("order", "rival")).await.expect("push");
    let mut o = Peer::connect(&b.url(&office), "office")
        .await
        .expect("office");
    o.push(doc, doc_with("order", "acme"))
        .await
        .expect("acme's push of an id the rival claimed first");
    // Another acme peer on relay a follows acme's document, live, and never the rival's.
    let mut watcher = Peer::connect(&a.url(&office), "watcher")
        .await
        .expect("watcher");
    watcher.fetch(doc).await.expect("fetch").expect("acme's");
    assert_eq!(value(&watcher, &doc, "order").as_deref(), Some("acme"));
    o.put(doc, "qty", "500").await.expect("edit");
    r.put(doc, "qty", "1").await.expect("rival edit");
    watcher
        .until(Duration::from_secs(10), |p| {
            value(p, &doc, "qty").as_deref() == Some("500")
        })
        .await
        .expect("acme's edit reaches acme's peer on the other relay");
    // The rival's edit arrives nowhere near acme's peers.
    tokio::time::sleep(Duration::from_millis(500)).await;
    let _ = watcher.step(Duration::from_millis(200)).await;
    assert_eq!(value(&watcher, &doc, "qty").as_deref(), Some("500"));
    assert_eq!(value(&watcher, &doc, "order").as_deref(), Some("acme"));
    let mut late = Peer::connect(&b.url(&rival), "late rival")
        .await
        .expect("rival");
    late.fetch(doc).await.expect("fetch").expect("the rival's");
    assert_eq!(value(&late, &doc, "order").as_deref(), Some("rival"));
    assert_eq!(value(&late, &doc, "qty").as_deref(), Some("1"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_token_revoked_in_the_database_is_closed_on_every_relay() {
    let Some((url, admin)) = database("revoke") else {
        return;
    };
    let (tid, tok) = token(&admin, "acme", None);
    let (_, kept) = token(&admin, "acme", None);
    let dir = TempDir::new();
    let a = PgRelay::start(&dir.0, &url);
    let b = PgRelay::start(&dir.0, &url);
    let mut on_a = Peer::connect(&a.url(&tok), "a").await.expect("a");
    let mut on_b = Peer::connect(&b.url(&tok), "b").await.expect("b");
    let mut other = Peer::connect(&b.url(&kept), "kept").await.expect("kept");
    on_a.push(id(1), doc_with("k", "v")).await.expect("push");
    let listed = admin.list().expect("list");
    assert_eq!(listed.len(), 2);

    admin.revoke(&tid).expect("revoke");
    for p in [&mut on_a, &mut on_b] {
        let reason = p
            .closed_within(Duration::from_secs(5))
            .await
            .expect("closed after revocation");
        assert!(reason.contains("revoked"), "{reason}");
    }
    for relay in [&a, &b] {
        assert!(
            Peer::connect(&relay.url(&tok), "again").await.is_err(),
            "a revoked token connected again"
        );
    }
    // The other token is untouched.
    assert!(other.fetch(id(1)).await.expect("fetch").is_some());
    assert_eq!(admin.list().expect("list").len(), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_relay_killed_mid_sync_loses_no_acknowledged_change() {
    let Some((url, admin)) = database("sigkill") else {
        return;
    };
    let (_, tok) = token(&admin, "acme", None);
    let dir = TempDir::new();
    let mut a = PgRelay::start(&dir.0, &url);
    let b = PgRelay::start(&dir.0, &url);

    let mut writer = Peer::connect(&a.url(&tok), "writer").await.expect("writer");
    let mut acknowledged = Vec::new();
    for n in 1..=12u8 {
        writer
            .push(id(n), doc_with("n", &n.to_string()))
            .await
            .expect("push");
        acknowledged.push(n);
    }
    // More edits in flight, unacknowledged, when A dies.
    for n in 13..=20u8 {
        writer.store.insert(id(n), doc_with("n", &n.to_string()));
        writer
            .conn
            .sync_doc(&id(n), &mut writer.store)
            .expect("sync");
    }
    writer.flush().await.expect("flush");
    a.kill();

    // The writer moves to B: everything A acknowledged is there, and B takes the rest.
    let mut moved = Peer::connect(&b.url(&tok), "writer").await.expect("moved");
    for n in &acknowledged {
        let got = moved
            .fetch(id(*n))
            .await
            .expect("fetch")
            .map(|d| read(d, "n"));
        assert_eq!(got, Some(Some(n.to_string())), "acknowledged document {n}");
    }
    for n in 13..=20u8 {
        moved
            .push(id(n), writer.store.doc(&id(n)).expect("held").clone())
            .await
            .expect("re-sent to B");
    }
    let mut reader = Peer::connect(&b.url(&tok), "reader").await.expect("reader");
    for n in 1..=20u8 {
        let got = reader
            .fetch(id(n))
            .await
            .expect("fetch")
            .map(|d| read(d, "n"));
        assert_eq!(got, Some(Some(n.to_string())), "document {n}");
    }
}

/// `check --database` as an operator runs it: exit code and what it printed.
fn check(url: &str) -> (Option<i32>, String) {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_gendan-relay"))
        .args(["check", "--database", url])
        .output()
        .expect("check runs");
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn check_names_a_damaged_row_which_stays_and_does_not_stop_the_document_being_served() {
    let Some((url, admin)) = database("check") else {
        return;
    };
    let (_, tok) = token(&admin, "acme", None);
    let dir = TempDir::new();
    let relay = PgRelay::start(&dir.0, &url);
    let mut writer = Peer::connect(&relay.url(&tok), "writer")
        .await
        .expect("writer");
    writer
        .push(id(1), doc_with("note", "kept"))
        .await
        .expect("push");
    assert_eq!(
        check(&url),
        (Some(0), "no damaged documents in the database\n".into())
    );

    // A row that is not an automerge chunk (a disk or operator accident).
    let (db, connection) = tokio_postgres::connect(&url, tokio_postgres::NoTls)
        .await
        .expect("database");
    tokio::spawn(connection);
    db.execute(
        "INSERT INTO gendan_chunks (doc_id, kind, hash, bytes) VALUES ($1, 1, 'damaged', $2)",
        &[&id(1).to_string(), &b"not a chunk".to_vec()],
    )
    .await
    .expect("insert");

    let (code, said) = check(&url);
    assert_eq!(code, Some(1), "{said}");
    assert!(said.contains(&format!("document {}", id(1))), "{said}");
    assert!(said.contains("chunk gendan_chunks/"), "{said}");

    // Still served whole from the rows that load, and the damaged row is kept for inspection.
    let mut reader = Peer::connect(&relay.url(&tok), "reader")
        .await
        .expect("reader");
    let got = reader
        .fetch(id(1))
        .await
        .expect("fetch")
        .map(|d| read(d, "note"));
    assert_eq!(got, Some(Some("kept".to_owned())));
    let kept: i64 = db
        .query_one(
            "SELECT count(*) FROM gendan_chunks WHERE hash = 'damaged'",
            &[],
        )
        .await
        .expect("count")
        .get(0);
    assert_eq!(kept, 1);
}

/// A persistent peer's sync map lives in the database: it leaves relay A and resumes on
/// relay B with nothing but the handshake on the wire.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_sync_map_kept_through_one_relay_resumes_on_another() {
    use gendan_sync::resume::{accepted, record_synced, resume_docs};
    use gendan_sync::{MemoryStore, PeerMetadata, SharedHeads};
    let Some((url, admin)) = database("resume") else {
        return;
    };
    let (_, tok) = token(&admin, "acme", None);
    let dir = TempDir::new();
    let a = PgRelay::start(&dir.0, &url);
    let b = PgRelay::start(&dir.0, &url);
    let metadata = |kept: &SharedHeads| PeerMetadata {
        storage_id: Some("tablet".into()),
        is_ephemeral: Some(false),
        resume: (!kept.is_empty()).then(|| kept.digest()),
        ..PeerMetadata::default()
    };
    let mut p = Peer::connect_with(
        &a.url(&tok),
        "tablet",
        metadata(&SharedHeads::new()),
        MemoryStore::new(),
    )
    .await
    .expect("connect");
    for n in 1..=10 {
        p.push(id(n), doc_with("n", &n.to_string()))
            .await
            .expect("push");
    }
    let heads: Vec<_> = (1..=10)
        .map(|n| (id(n), p.store.doc(&id(n)).expect("doc").get_heads()))
        .collect();
    let mut kept = SharedHeads::new();
    record_synced(&p.conn, &mut kept, heads.clone());
    assert_eq!(kept.len(), 10);
    let store = std::mem::take(&mut p.store);
    drop(p);
    tokio::time::sleep(Duration::from_millis(500)).await;

    let mut p = Peer::connect_with(&b.url(&tok), "tablet", metadata(&kept), store)
        .await
        .expect("connect");
    assert!(p.conn.remote_metadata().is_some_and(accepted));
    assert!(resume_docs(&mut p.conn, Some(&kept), heads)
        .expect("resume")
        .is_empty());
    let _ = p.step(Duration::from_millis(500)).await;
    assert!(
        p.bytes_in + p.bytes_out < 600,
        "{} B",
        p.bytes_in + p.bytes_out
    );
}

/// Sends documents `ns` (made by `doc`) one by one until the relay closes the connection;
/// the one it closed on, if any.
async fn first_refused(
    p: &mut Peer,
    ns: std::ops::RangeInclusive<u8>,
    doc: impl Fn(u8) -> gendan_sync::automerge::Automerge,
) -> Option<u8> {
    for n in ns {
        p.store.insert(id(n), doc(n));
        p.conn.sync_doc(&id(n), &mut p.store).expect("sync");
        let answered = p.until(Duration::from_secs(10), |p| {
            p.is_synced(&id(n)) || p.closed.is_some()
        });
        answered.await.expect("an answer");
        if p.closed.is_some() {
            return Some(n);
        }
    }
    None
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_workspace_quota_counts_what_the_database_holds() {
    let Some((url, admin)) = database("quota") else {
        return;
    };
    let (_, tok) = token(&admin, "acme", None);
    let dir = TempDir::new();
    // Four documents of ~8 KiB of noise each fit in 40 KiB; the sixth does not.
    let noisy = |n: u8| doc_with("noise", &noise(u64::from(n), 8 * 1024));
    let relay = PgRelay::start_with(&dir.0, &url, &["--doc-quota", "40K"]);
    let mut p = Peer::connect(&relay.url(&tok), "p").await.expect("p");
    let refused = first_refused(&mut p, 1..=6, noisy).await;
    assert!(matches!(refused, Some(5 | 6)), "refused at {refused:?}");
    assert!(p.events.iter().any(
        |e| matches!(e, gendan_sync::Event::Closed { reason } if reason == gendan_sync::NO_ROOM)
    ));
    drop(relay);

    // Another relay on the same database counts the workspace from it.
    let relay = PgRelay::start_with(&dir.0, &url, &["--doc-quota", "40K"]);
    let mut q = Peer::connect(&relay.url(&tok), "q").await.expect("q");
    q.store.insert(id(9), noisy(9));
    q.conn.sync_doc(&id(9), &mut q.store).expect("sync");
    q.closed_within(Duration::from_secs(10))
        .await
        .expect("still full");
}

/// Two relays on one database hold a workspace to one quota between them: each counts what
/// the other's commits add (their notifications say how much). Before, each counted only
/// what it wrote, so two relays let a workspace store two quotas.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_workspace_quota_holds_across_relays() {
    let Some((url, admin)) = database("quota_relays") else {
        return;
    };
    let (_, tok) = token(&admin, "acme", None);
    let dir = TempDir::new();
    let noisy = |n: u8| doc_with("noise", &noise(u64::from(n), 8 * 1024));
    let a = PgRelay::start_with(&dir.0, &url, &["--doc-quota", "40K"]);
    let b = PgRelay::start_with(&dir.0, &url, &["--doc-quota", "40K"]);
    // Relay b counts the workspace first (one document), then relay a adds three.
    let mut pb = Peer::connect(&b.url(&tok), "b").await.expect("b");
    pb.push(id(1), noisy(1)).await.expect("push");
    let mut pa = Peer::connect(&a.url(&tok), "a").await.expect("a");
    for n in 2..=4 {
        pa.push(id(n), noisy(n)).await.expect("push");
    }
    // Relay b hears of them, then is asked for more: about 32 of 40 KiB are used.
    tokio::time::sleep(Duration::from_secs(1)).await;
    let refused = first_refused(&mut pb, 5..=7, noisy).await;
    assert!(
        matches!(refused, Some(5 | 6)),
        "relay b took the workspace past its quota: refused at {refused:?}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn owners_of_unknown_documents_are_asked_off_the_hub_many_at_once() {
    // Each unknown id cost the hub a database round trip, serving nobody meanwhile: a peer
    // naming ids it made up held everyone, and a device pushing new orders waited a round trip
    // per order.
    let Some((url, admin)) = database("lookups") else {
        return;
    };
    let (_, tok) = token(&admin, "acme", None);
    let dir = TempDir::new();
    let relay = PgRelay::start_logged(&dir.0, &url, "gendan_relay=debug");
    let mut p = Peer::connect(&relay.url(&tok), "p").await.expect("p");
    // 300 requests for documents nobody has, and 50 new documents, sent at once.
    let unknown: Vec<DocumentId> = (0..300u16)
        .map(|n| {
            let mut bytes = [9u8; 16];
            bytes[..2].copy_from_slice(&n.to_be_bytes());
            DocumentId::from_bytes(bytes)
        })
        .collect();
    for doc in &unknown {
        p.conn.sync_doc(doc, &mut p.store).expect("request");
    }
    let new: Vec<DocumentId> = (1..=50).map(id).collect();
    for doc in &new {
        p.store.insert(*doc, doc_with("n", &doc.to_string()));
        p.conn.sync_doc(doc, &mut p.store).expect("push");
    }
    p.until(Duration::from_secs(60), |p| {
        new.iter().all(|d| p.is_synced(d))
            && unknown
                .iter()
                .all(|d| p.events.contains(&gendan_sync::Event::DocUnavailable(*d)))
    })
    .await
    .expect("every request answered, every document taken");
    let log = std::fs::read_to_string(&relay.log).expect("log");
    let on_hub = log
        .matches("looking up the owner of one document on the hub")
        .count();
    let batches = log.matches("looking up owners off the hub").count();
    eprintln!("owner lookups: {batches} queries off the hub, {on_hub} on it, for 350 ids");
    assert_eq!(on_hub, 0);
    assert!((1..=35).contains(&batches), "{batches} queries for 350 ids");
    // Another relay on the database finds them at once.
    let other = PgRelay::start(&dir.0, &url);
    let mut q = Peer::connect(&other.url(&tok), "q").await.expect("q");
    assert!(q.fetch(new[0]).await.expect("fetch").is_some());
}
