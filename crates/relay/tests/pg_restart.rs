//! The database crashes and restarts under two relays (`pg_ctl stop -m immediate`, then
//! start): nothing either relay acknowledged is lost, both reconnect by themselves (writes
//! and notifications), and changes flow between them again. Its own cluster, since it
//! restarts it.

#[path = "common/peer.rs"]
mod peer;
#[path = "common/pg.rs"]
mod pg;
#[path = "common/pg_relay.rs"]
mod pg_relay;
#[path = "common/temp_dir.rs"]
mod temp_dir;

use std::time::Duration;

use gendan_relay::TokenAdmin;
use gendan_sync::testing::{doc_with, id, read};
use gendan_sync::DocumentId;
use peer::Peer;
use pg::Cluster;
use pg_relay::PgRelay;
use temp_dir::TempDir;

/// Pushes `doc` through `url`, reconnecting until the relay acknowledges it (while the
/// database is down, commits fail and the relay closes the connection unacknowledged).
async fn push_until_acknowledged(url: &str, id: DocumentId, key: &str, value: &str) {
    let deadline = tokio::time::Instant::now() + Duration::from_secs(60);
    loop {
        if let Ok(mut p) = Peer::connect(url, "retrying").await {
            if p.push(id, doc_with(key, value)).await.is_ok() {
                return;
            }
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "the relay never acknowledged {id} after the database came back"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_database_restarted_under_the_relays_loses_nothing_acknowledged() {
    let Some(cluster) = Cluster::start() else {
        return;
    };
    let url = cluster.database("restart");
    let admin = TokenAdmin::open(std::path::Path::new("unused"), Some(&url)).expect("admin");
    let (_, tok) = admin.create("acme", None, None).expect("token");
    let dir = TempDir::new();
    let a = PgRelay::start(&dir.0, &url);
    let b = PgRelay::start(&dir.0, &url);

    let mut writer = Peer::connect(&a.url(&tok), "writer").await.expect("writer");
    for n in 1..=10u8 {
        writer
            .push(id(n), doc_with("n", &n.to_string()))
            .await
            .expect("push");
    }
    cluster.restart();

    // Both relays take writes again once the database is back.
    push_until_acknowledged(&a.url(&tok), id(11), "n", "11").await;
    push_until_acknowledged(&b.url(&tok), id(12), "n", "12").await;

    // Every acknowledged change, through either relay.
    for relay in [&a, &b] {
        let mut reader = Peer::connect(&relay.url(&tok), "reader")
            .await
            .expect("reader");
        for n in 1..=12u8 {
            let got = reader
                .fetch(id(n))
                .await
                .expect("fetch")
                .map(|d| read(d, "n"));
            assert_eq!(
                got,
                Some(Some(n.to_string())),
                "document {n} via {}",
                relay.addr
            );
        }
    }

    // Notifications flow again: B's listener reconnected.
    let mut listener = Peer::connect(&b.url(&tok), "listener")
        .await
        .expect("listener");
    listener.fetch(id(1)).await.expect("fetch");
    let mut editor = Peer::connect(&a.url(&tok), "editor").await.expect("editor");
    editor.fetch(id(1)).await.expect("fetch");
    editor.put(id(1), "after", "restart").await.expect("put");
    listener
        .until(Duration::from_secs(5), |p| {
            p.store
                .doc(&id(1))
                .and_then(|d| read(d, "after"))
                .as_deref()
                == Some("restart")
        })
        .await
        .expect("B's peer hears A's change after the restart");
}
