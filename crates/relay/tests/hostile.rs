//! Hostile peers against the real relay binary (a child process on `127.0.0.1:0`, default
//! limits), one test per item of issue 11. Each attack runs next to a well-behaved canary
//! client, and each test asserts that the relay is still alive, still serves the canary
//! within a generous bound (5 s; a loaded 2-core machine must not make it flake), and that
//! the child's peak memory (`VmHWM` in `/proc/<pid>/status`) stayed under a stated budget.
//!
//! Budgets are about 3× what the relay needs for the honest work in each test, and far
//! below what the attacks cost before the fixes (see ARCHITECTURE.md, "Hostile peers").

#[path = "common/peer.rs"]
mod peer;
#[path = "common/temp_dir.rs"]
mod temp_dir;

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};
use temp_dir::TempDir;

use futures_util::{SinkExt, StreamExt};
use gendan_relay::tokens;
use gendan_sync::automerge::sync::{self, SyncDoc};
use gendan_sync::automerge::transaction::Transactable;
use gendan_sync::automerge::{Automerge, ChangeHash, ObjType, ScalarValue, ROOT};
use gendan_sync::testing::{changes_message as changes_msg, doc_with, id, leb, read};
use gendan_sync::{
    decode, encode, DocMessage, DocumentId, Event, Message, PeerId, MAX_EPHEMERAL_BYTES,
};
use peer::{error_and_close, raw_joined, Peer};
use tokio_tungstenite::tungstenite::Message as WsMessage;

/// What a canary round trip may take (normally milliseconds).
const CANARY_BOUND: Duration = Duration::from_secs(5);

/// How far an upload may fall behind the slowest average pace before it is refused
/// (`blobs::UPLOAD_GRACE`): a trickled upload gives its memory back this long after it began.
const UPLOAD_GRACE: Duration = Duration::from_secs(30);

/// The binary under test: `GENDAN_HOSTILE_RELAY_BIN` (another build, to measure "before"),
/// else this package's.
fn relay_bin() -> String {
    std::env::var("GENDAN_HOSTILE_RELAY_BIN")
        .ok()
        .filter(|path| !path.is_empty())
        .unwrap_or_else(|| env!("CARGO_BIN_EXE_gendan-relay").to_owned())
}

/// The relay binary as a child process; killed on drop.
struct Relay {
    child: Child,
    addr: String,
    log: PathBuf,
}

impl Relay {
    fn start(dir: &Path) -> Relay {
        Self::start_limited(dir, None, None)
    }

    /// Started under `ulimit -n nofile` when given (through `sh`, which `exec`s the relay,
    /// so the child's pid is the relay's), and with `RUST_LOG=rust_log` when given.
    fn start_limited(dir: &Path, nofile: Option<u32>, rust_log: Option<&str>) -> Relay {
        Self::spawn(dir, nofile, rust_log, &[])
    }

    /// Started with `env` set (a debug build's failpoints).
    fn start_env(dir: &Path, env: &[(&str, &str)]) -> Relay {
        Self::spawn(dir, None, None, env)
    }

    fn spawn(
        dir: &Path,
        nofile: Option<u32>,
        rust_log: Option<&str>,
        env: &[(&str, &str)],
    ) -> Relay {
        let data = dir.join("data");
        let log = dir.join("relay.log");
        // GENDAN_HOSTILE_RELAY_BIN runs the suite against another build (to measure "before").
        let bin = relay_bin();
        let mut command = match nofile {
            Some(n) => {
                let mut c = Command::new("sh");
                c.args(["-c", &format!("ulimit -n {n} && exec \"$0\" \"$@\""), &bin]);
                c
            }
            None => Command::new(bin),
        };
        match rust_log {
            Some(filter) => command.env("RUST_LOG", filter),
            None => command.env_remove("RUST_LOG"),
        };
        let mut child = command
            .envs(env.iter().copied())
            .args(["serve", "--addr", "127.0.0.1:0", "--dist"])
            .arg(dir.join("dist"))
            .arg("--data")
            .arg(&data)
            .stdout(Stdio::piped())
            .stderr(std::fs::File::create(&log).expect("log file"))
            .spawn()
            .expect("relay starts");
        let stdout = child.stdout.take().expect("stdout");
        let mut lines = BufReader::new(stdout).lines();
        let addr = loop {
            let line = lines
                .next()
                .expect("relay printed its address")
                .expect("stdout");
            if let Some(rest) = line.split("listening on http://").nth(1) {
                break rest.split_whitespace().next().expect("addr").to_owned();
            }
        };
        // Keep draining stdout so the child never blocks on a full pipe.
        std::thread::spawn(move || for _ in lines {});
        Relay { child, addr, log }
    }

    fn url(&self, token: &str) -> String {
        format!("ws://{}/sync?token={token}", self.addr)
    }

    /// (VmRSS, VmHWM) in MiB.
    fn memory_mib(&self) -> (u64, u64) {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.child.id()))
            .expect("the relay is still running");
        let field = |name: &str| {
            status
                .lines()
                .find(|l| l.starts_with(name))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|kb| kb.parse::<u64>().ok())
                .map_or(0, |kb| kb / 1024)
        };
        (field("VmRSS:"), field("VmHWM:"))
    }

    fn assert_alive(&mut self) {
        if let Ok(Some(status)) = self.child.try_wait() {
            let log = std::fs::read_to_string(&self.log).unwrap_or_default();
            panic!("the relay died ({status}); its log:\n{log}");
        }
    }

    /// Asserts the relay is alive and its peak memory stayed under `budget_mib`.
    fn assert_budget(&mut self, budget_mib: u64) {
        self.assert_alive();
        let (rss, hwm) = self.memory_mib();
        eprintln!("relay memory: VmRSS {rss} MiB, VmHWM {hwm} MiB (budget {budget_mib} MiB)");
        assert!(
            hwm < budget_mib,
            "peak RSS {hwm} MiB over the budget of {budget_mib} MiB"
        );
    }

    /// SIGTERM; returns how long the relay took to exit.
    fn terminate(&mut self, limit: Duration) -> Duration {
        let started = Instant::now();
        let status = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status()
            .expect("kill");
        assert!(status.success());
        while started.elapsed() < limit {
            if let Ok(Some(_)) = self.child.try_wait() {
                return started.elapsed();
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        panic!("the relay did not stop within {limit:?} of SIGTERM");
    }

    fn log(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }
}

impl Drop for Relay {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A token, written before the relay starts (a running relay re-reads tokens every second).
fn token(dir: &TempDir, workspace: &str, docs: Option<Vec<DocumentId>>) -> String {
    token_with_id(dir, workspace, docs).1
}

/// (id, token text).
fn token_with_id(
    dir: &TempDir,
    workspace: &str,
    docs: Option<Vec<DocumentId>>,
) -> (String, String) {
    let data = dir.0.join("data");
    std::fs::create_dir_all(&data).expect("data dir");
    let docs = docs.map(|d| d.iter().map(|id| id.to_string()).collect());
    let (record, text) = tokens::create(&data, workspace, docs, None).expect("token");
    (record.id, text)
}

/// The well-behaved client: pushes a fresh document and fetches it back on a second
/// connection, all within [`CANARY_BOUND`].
async fn canary(relay: &Relay, token: &str, n: u8) {
    let started = Instant::now();
    let round = async {
        let mut a = Peer::connect(&relay.url(token), "canary-a")
            .await
            .expect("canary connects");
        a.push(id(n), doc_with("canary", "alive"))
            .await
            .expect("canary push");
        let mut b = Peer::connect(&relay.url(token), "canary-b")
            .await
            .expect("canary connects");
        assert!(b.fetch(id(n)).await.expect("fetch").is_some());
    };
    tokio::time::timeout(CANARY_BOUND, round)
        .await
        .unwrap_or_else(|_| panic!("canary not served within {CANARY_BOUND:?}"));
    eprintln!("canary served in {:?}", started.elapsed());
}

/// A peer that pushed document 1 with 200 changes, so the relay holds history a hostile sync
/// message can make it work over.
async fn attacker_with_history(url: &str) -> Peer {
    let mut attacker = Peer::connect(url, "attacker").await.expect("connect");
    let mut doc = doc_with("k", "v");
    for n in 0..200 {
        let mut tx = doc.transaction();
        tx.put(ROOT, "n", n as i64).expect("put");
        tx.commit();
    }
    attacker.push(id(1), doc).await.expect("push");
    attacker
}

fn sync_frame(sender: &str, doc: DocumentId, data: Vec<u8>) -> WsMessage {
    WsMessage::Binary(
        encode(&Message::Sync(DocMessage {
            sender_id: sender.into(),
            target_id: "relay".into(),
            document_id: doc,
            data,
        }))
        .into(),
    )
}

/// Item 1: one sync message with `num_probes = 0xffffffff` made automerge allocate 17 GB
/// and the relay abort; 1,000,000 probes froze sync for everyone for seconds.
#[tokio::test]
async fn item1_hostile_bloom_filter_neither_kills_nor_stalls_the_relay() {
    let dir = TempDir::new();
    let attacker_token = token(&dir, "evil", Some(vec![id(1)]));
    let canary_token = token(&dir, "acme", None);
    let mut relay = Relay::start(&dir.0);

    // The attacker, with a scoped token, pushes a change so the relay holds history.
    let _attacker = attacker_with_history(&relay.url(&attacker_token)).await;

    for (n, probes) in [u64::from(u32::MAX), 1_000_000, 0].into_iter().enumerate() {
        let mut bloom = Vec::new();
        leb(&mut bloom, 1);
        leb(&mut bloom, if probes == 0 { 0 } else { 10 });
        leb(&mut bloom, probes.max(1));
        bloom.extend([0xff, 0xff]);
        let mut m = vec![0x42, 0, 0, 1, 0];
        leb(&mut m, bloom.len() as u64);
        m.extend(bloom);
        m.push(0);
        let mut ws = raw_joined(&relay.url(&attacker_token), "attacker-raw").await;
        ws.send(sync_frame("attacker-raw", id(1), m))
            .await
            .expect("send");
        let (error, code) = error_and_close(&mut ws, CANARY_BOUND).await;
        let error = error.expect("an error message");
        assert!(error.contains("Bloom filter"), "{error}");
        assert_eq!(code, Some(1002));
        canary(&relay, &canary_token, 10 + n as u8).await;
    }
    // Budget: an idle relay with a few small documents needs ~15 MiB; 17 GB before.
    relay.assert_budget(100);
}

/// Item 2: memory far beyond what a peer sends.
#[tokio::test]
async fn item2_memory_stays_proportional_to_what_peers_send() {
    let dir = TempDir::new();
    let evil = token(&dir, "evil", None);
    let canary_token = token(&dir, "acme", None);
    let mut relay = Relay::start(&dir.0);

    // A 15 MiB CBOR array of zeros before `join` (515 MB peak before).
    let (mut ws, _) = tokio_tungstenite::connect_async(relay.url(&evil))
        .await
        .expect("connect");
    let mut zeros = vec![0x9a];
    zeros.extend(15_000_000u32.to_be_bytes());
    zeros.resize(5 + 15_000_000, 0);
    ws.send(WsMessage::Binary(zeros.into()))
        .await
        .expect("send");
    let (error, _) = error_and_close(&mut ws, Duration::from_secs(20)).await;
    assert!(error.expect("error").contains("CBOR items"));
    canary(&relay, &canary_token, 20).await;
    eprintln!("after the zeros: {:?}", relay.memory_mib());

    // An 8 MB sync message with 4 M empty `have` entries (265 MB kept before).
    let mut ws = raw_joined(&relay.url(&evil), "attacker").await;
    let mut m = vec![0x42, 0, 0];
    leb(&mut m, 4_000_000);
    m.extend(std::iter::repeat_n([0u8, 0u8], 4_000_000).flatten());
    m.push(0);
    ws.send(sync_frame("attacker", id(2), m))
        .await
        .expect("send");
    let (error, _) = error_and_close(&mut ws, Duration::from_secs(20)).await;
    assert!(error.expect("error").contains("`have`"));
    canary(&relay, &canary_token, 21).await;
    eprintln!("after the have list: {:?}", relay.memory_mib());

    // Just over 50,000 documents claimed with fake heads on one connection (20,000 cost 204 MB
    // before).
    let mut ws = raw_joined(&relay.url(&evil), "claimer").await;
    let mut refused = None;
    for n in 0..50_100u32 {
        let mut m = vec![0x42, 1];
        m.extend(std::iter::repeat_n((n % 251) as u8, 32));
        m.extend([0, 0, 0]);
        let mut doc = [7u8; 16];
        doc[..4].copy_from_slice(&n.to_be_bytes());
        if ws
            .send(sync_frame("claimer", DocumentId::from_bytes(doc), m))
            .await
            .is_err()
        {
            refused = Some(n);
            break;
        }
    }
    // The relay refuses documents beyond its per-connection cap (50,000 by default).
    let (error, code) = error_and_close(&mut ws, Duration::from_secs(30)).await;
    eprintln!("claims: socket refused at {refused:?}, error {error:?}, close {code:?}");
    // Either bound ends it: the document cap (error + 1002), or — since the claimer never reads
    // the relay's answers — the per-connection send cap first (1013, queue freed).
    // A peer that does not read cannot be sent a close frame either: then the socket is cut
    // (`error_and_close` returned, so the connection did end).
    match code {
        Some(1002) => assert!(error.expect("error").contains("more than 50000 documents")),
        Some(1013) | None => {}
        Some(other) => panic!("unexpected close code {other}"),
    }
    canary(&relay, &canary_token, 22).await;
    // Budget: ~40 MiB for the honest parts (a 15 MiB frame is held once while read).
    relay.assert_budget(150);
}

/// A relay whose tokens are `evil` (the attacker's workspace) and `acme` (the canary's).
fn evil_and_acme() -> (TempDir, String, String, Relay) {
    let dir = TempDir::new();
    let evil = token(&dir, "evil", None);
    let acme = token(&dir, "acme", None);
    let relay = Relay::start(&dir.0);
    (dir, evil, acme, relay)
}

/// After `settle`, a canary of `acme` is served within its bound and the relay's peak memory
/// stayed under `budget_mib`.
async fn still_serving(relay: &mut Relay, acme: &str, n: u8, settle: Duration, budget_mib: u64) {
    tokio::time::sleep(settle).await;
    canary(relay, acme, n).await;
    relay.assert_budget(budget_mib);
}

/// A persistent peer's `join` metadata (its sync map is kept), offering `resume` if given.
fn persistent(storage: &str, resume: Option<String>) -> gendan_sync::PeerMetadata {
    gendan_sync::PeerMetadata {
        storage_id: Some(storage.to_owned()),
        is_ephemeral: Some(false),
        resume,
        ..gendan_sync::PeerMetadata::default()
    }
}

#[tokio::test]
async fn item3_sync_maps_kept_on_a_slow_disk_hold_nobody_else() {
    // A persistent peer's sync map is kept when its connection ends: a write and an fsync (or
    // a database round trip). On the hub, a token reconnecting in a loop made every peer wait
    // for its disk. Here each keep takes a second (a failpoint); eight of them held the canary
    // eight seconds.
    use gendan_sync::resume::{accepted, record_synced};
    use gendan_sync::{MemoryStore, SharedHeads};
    let dir = TempDir::new();
    let evil = token(&dir, "evil", None);
    let acme = token(&dir, "acme", None);
    let mut relay = Relay::start_env(&dir.0, &[("GENDAN_TEST_SLOW_KEEP_MS", "1000")]);
    let mut open = Vec::new();
    for round in 0..8 {
        let meta = persistent(&format!("loop-{round}"), None);
        let p = Peer::connect_with(&relay.url(&evil), "looper", meta, MemoryStore::new())
            .await
            .expect("connect");
        open.push(p);
    }
    // All end at once: eight maps to keep.
    for mut p in open {
        let _ = p.ws.close(None).await;
    }
    still_serving(&mut relay, &acme, 30, Duration::ZERO, 200).await;

    // A peer that reconnects at once resumes: its map is read before it is written.
    let mut phone = Peer::connect_with(
        &relay.url(&acme),
        "phone",
        persistent("phone", None),
        MemoryStore::new(),
    )
    .await
    .expect("phone");
    phone.push(id(31), doc_with("k", "v")).await.expect("push");
    let mut kept = SharedHeads::new();
    let docs = vec![(id(31), phone.store.doc(&id(31)).expect("doc").get_heads())];
    record_synced(&phone.conn, &mut kept, docs);
    let _ = phone.ws.close(None).await;
    tokio::time::sleep(Duration::from_millis(200)).await;
    let again = Peer::connect_with(
        &relay.url(&acme),
        "phone",
        persistent("phone", Some(kept.digest())),
        MemoryStore::new(),
    )
    .await
    .expect("again");
    assert!(again.conn.remote_metadata().is_some_and(accepted));
}

#[tokio::test]
async fn item3_a_resume_after_a_restart_reads_its_heads_off_the_hub() {
    // After a restart nothing is in memory: a resuming peer's kept map had the hub read every
    // document it names to compare heads, serving nobody meanwhile. Here each read takes
    // 150 ms (a failpoint), so 48 documents held the hub for 7 s.
    use gendan_sync::resume::{accepted, record_synced};
    use gendan_sync::{MemoryStore, SharedHeads};
    let dir = TempDir::new();
    let acme = token(&dir, "acme", None);
    let mut relay = Relay::start(&dir.0);
    let tablet = |resume| persistent("tablet", resume);
    let ids: Vec<DocumentId> = (0..48).map(|n| id(100 + n)).collect();
    let mut store = MemoryStore::new();
    for (n, doc) in ids.iter().enumerate() {
        store.insert(*doc, doc_with("n", &n.to_string()));
    }
    let mut first = Peer::connect_with(&relay.url(&acme), "tablet", tablet(None), store)
        .await
        .expect("tablet");
    for doc in &ids {
        first.conn.sync_doc(doc, &mut first.store).expect("sync");
    }
    first
        .until(Duration::from_secs(30), |p| {
            ids.iter().all(|d| p.is_synced(d))
        })
        .await
        .expect("synced");
    let mut kept = SharedHeads::new();
    let heads: Vec<_> = ids
        .iter()
        .filter_map(|d| Some((*d, first.store.doc(d)?.get_heads())))
        .collect();
    record_synced(&first.conn, &mut kept, heads);
    let _ = first.ws.close(None).await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    relay.terminate(Duration::from_secs(10));

    let mut relay = Relay::start_env(&dir.0, &[("GENDAN_TEST_SLOW_LOAD_MS", "150")]);
    let url = relay.url(&acme);
    let resuming = tokio::spawn(async move {
        let again = Peer::connect_with(
            &url,
            "tablet",
            tablet(Some(kept.digest())),
            MemoryStore::new(),
        )
        .await
        .expect("the tablet is answered");
        again.conn.remote_metadata().is_some_and(accepted)
    });
    tokio::time::sleep(Duration::from_millis(300)).await;
    still_serving(&mut relay, &acme, 30, Duration::ZERO, 200).await;
    assert!(resuming.await.expect("task"), "its kept map is accepted");
}

#[tokio::test]
async fn item3_counting_a_workspace_after_a_restart_holds_nobody_else() {
    // The document quota counts a workspace's stored bytes the first time it is written to
    // after a start: a walk over its files, a third of a second at 10,000 documents, on the
    // hub. Here the walk takes 8 s (a failpoint, for a workspace with documents).
    let dir = TempDir::new();
    let evil = token(&dir, "evil", None);
    let acme = token(&dir, "acme", None);
    let mut relay = Relay::start(&dir.0);
    let mut e = Peer::connect(&relay.url(&evil), "e").await.expect("e");
    e.push(id(51), doc_with("k", "v")).await.expect("push");
    drop(e);
    relay.terminate(Duration::from_secs(10));
    let mut relay = Relay::start_env(&dir.0, &[("GENDAN_TEST_SLOW_COUNT_MS", "8000")]);
    let url = relay.url(&evil);
    let writer = tokio::spawn(async move {
        let mut e = Peer::connect(&url, "e").await.expect("e");
        e.push(id(52), doc_with("k", "after the count"))
            .await
            .expect("stored once counted");
    });
    tokio::time::sleep(Duration::from_millis(300)).await;
    still_serving(&mut relay, &acme, 53, Duration::ZERO, 200).await;
    writer.await.expect("the writer is served too");
}

#[tokio::test]
async fn item3_reading_a_workspace_while_it_is_counted_does_not_wait() {
    // Only a write needs the workspace's room: its own readers are served while the count
    // (8 s here, a failpoint) runs, and its writer waits for it. Before, every frame about
    // the workspace waited.
    let dir = TempDir::new();
    let acme = token(&dir, "acme", None);
    let mut relay = Relay::start(&dir.0);
    let mut a = Peer::connect(&relay.url(&acme), "a").await.expect("a");
    a.push(id(61), doc_with("k", "stored")).await.expect("push");
    drop(a);
    relay.terminate(Duration::from_secs(10));
    let mut relay = Relay::start_env(&dir.0, &[("GENDAN_TEST_SLOW_COUNT_MS", "8000")]);
    let url = relay.url(&acme);
    let writer = tokio::spawn(async move {
        let mut w = Peer::connect(&url, "w").await.expect("w");
        w.push(id(62), doc_with("k", "after the count"))
            .await
            .expect("stored once counted");
    });
    tokio::time::sleep(Duration::from_millis(300)).await;
    let mut reader = Peer::connect(&relay.url(&acme), "reader")
        .await
        .expect("reader");
    // Half the count's time: served without waiting for it.
    let doc = tokio::time::timeout(Duration::from_secs(4), reader.fetch(id(61)))
        .await
        .expect("the reader waited for the count")
        .expect("fetch")
        .expect("served");
    assert_eq!(read(doc, "k").as_deref(), Some("stored"));
    assert!(
        !writer.is_finished(),
        "the write was meant to wait for the count (is the failpoint on?)"
    );
    writer.await.expect("the writer is served once counted");
    relay.assert_alive();
}

#[tokio::test]
async fn item3_a_full_disk_is_said_so_and_nothing_is_lost() {
    // A full disk fails the batch's commit: its peers were cut with 1011 and came straight
    // back to fail again. Now they hear there is no room (`NO_ROOM`), keep their changes and
    // wait; reading goes on; once there is room the change goes through. A debug failpoint
    // makes every write fail as on a full disk while a file exists.
    let dir = TempDir::new();
    let acme = token(&dir, "acme", None);
    let flag = dir.0.join("disk-full");
    let flag_text = flag.to_string_lossy().into_owned();
    let mut relay = Relay::start_env(&dir.0, &[("GENDAN_TEST_FULL_DISK", flag_text.as_str())]);
    let mut a = Peer::connect(&relay.url(&acme), "a").await.expect("a");
    a.push(id(41), doc_with("k", "before")).await.expect("room");
    std::fs::write(&flag, b"").expect("the disk fills");
    a.store.insert(id(42), doc_with("k", "during"));
    a.conn.sync_doc(&id(42), &mut a.store).expect("sync");
    a.closed_within(Duration::from_secs(10))
        .await
        .expect("refused");
    assert!(
        a.events
            .iter()
            .any(|e| matches!(e, Event::Closed { reason } if reason == gendan_sync::NO_ROOM)),
        "{:?}",
        a.events
    );
    assert!(!a.is_synced(&id(42)), "nothing acknowledged it");
    // Reading goes on.
    let mut reader = Peer::connect(&relay.url(&acme), "reader")
        .await
        .expect("reader");
    let doc = reader.fetch(id(41)).await.expect("fetch").expect("held");
    assert_eq!(read(doc, "k").as_deref(), Some("before"));
    // Room again: the change the device kept goes through.
    std::fs::remove_file(&flag).expect("room");
    let kept = a.store.doc(&id(42)).expect("kept on the device").clone();
    let mut again = Peer::connect(&relay.url(&acme), "a").await.expect("again");
    again.push(id(42), kept).await.expect("stored now");
    relay.assert_alive();
    // What was acknowledged is on disk with its owner: the failed batch took the document's
    // owner line with it, and the retry must write it again, or after a restart the relay
    // would hold the change and answer that nobody has the document.
    drop((a, again, reader, relay));
    let mut relay = Relay::start(&dir.0);
    let mut fresh = Peer::connect(&relay.url(&acme), "fresh")
        .await
        .expect("fresh");
    let doc = fresh.fetch(id(42)).await.expect("fetch").expect("held");
    assert_eq!(read(doc, "k").as_deref(), Some("during"));
    relay.assert_alive();
}

/// 1 MB of pseudo-random hex digits from `state` (xorshift): text deflate halves at best.
fn hex_text(state: &mut u64) -> String {
    (0..1_000_000)
        .map(|_| {
            *state ^= *state << 13;
            *state ^= *state >> 7;
            *state ^= *state << 17;
            char::from(b"0123456789abcdef"[(*state & 15) as usize])
        })
        .collect()
}

/// `count` changes of about 1 MB each (hex text that deflate halves at best), chained after a
/// first change that is left out: none of them can ever be applied.
fn orphan_changes(round: u64, count: usize) -> Vec<Vec<u8>> {
    let mut doc = Automerge::new();
    let mut tx = doc.transaction();
    tx.put(ROOT, "start", round as i64).expect("put");
    tx.commit();
    let mut state = round.wrapping_mul(0x9e37_79b9_7f4a_7c15) | 1;
    for n in 0..count {
        let text = hex_text(&mut state);
        let mut tx = doc.transaction();
        tx.put(ROOT, format!("k{n}"), text).expect("put");
        tx.commit();
    }
    doc.get_changes(&[])
        .into_iter()
        .skip(1)
        .map(|mut c| c.bytes().into_owned())
        .collect()
}

/// Item 2, changes that wait: a change whose dependencies the relay lacks waits in automerge's
/// queue, in memory, until they come. A peer that sends changes after one it never sends made
/// the relay keep all of them (with no bound but the document's idle time: ~12 MB a message,
/// hundreds of MB in seconds). Past 32 MiB of such messages the document is dropped from
/// memory (nothing that waits was ever on disk) and the sender is closed.
#[tokio::test]
async fn item2_changes_that_can_never_apply_are_not_hoarded() {
    let (_dir, evil, acme, mut relay) = evil_and_acme();
    // The document the orphans are sent to exists: one that does not would be dropped, with
    // its queue, as soon as the batch found it empty.
    let mut owner = Peer::connect(&relay.url(&evil), "owner")
        .await
        .expect("owner");
    owner.push(id(1), doc_with("k", "v")).await.expect("push");
    let mut ws = raw_joined(&relay.url(&evil), "hoarder").await;
    let mut closed = 0;
    for round in 0..24u64 {
        let message = changes_msg(&orphan_changes(round, 12));
        let sent = ws.send(sync_frame("hoarder", id(1), message)).await;
        let answer = match sent {
            Ok(()) => sync_answer(&mut ws, Duration::from_secs(60)).await,
            Err(e) => Err((Some(e.to_string()), None)),
        };
        if let Err((error, code)) = answer {
            eprintln!("round {round}: closed ({code:?}, {error:?})");
            closed += 1;
            ws = raw_joined(&relay.url(&evil), "hoarder").await;
        }
    }
    eprintln!("memory after 24 rounds: {:?}", relay.memory_mib());
    assert!(closed >= 1, "the hoarder was never stopped");
    canary(&relay, &acme, 23).await;
    // The document itself is intact and in sync for its honest peers.
    owner.put(id(1), "k", "still here").await.expect("sync");
    // ~288 MB of changes were sent (618 MiB resident after them before); the relay keeps at
    // most 32 MiB of frames' worth waiting at a time (~210 MiB peak here).
    relay.assert_budget(260);
}

/// Compressed changes of one operation each, one after the other on one actor: each puts
/// `mib` MiB of zeros under a key of its own at the root (the same value again would be no
/// change), which DEFLATE says in about a thousandth of that.
fn zero_bombs(mib: usize, count: usize) -> Vec<Vec<u8>> {
    let mut doc = Automerge::new();
    (0..count)
        .map(|n| {
            let mut tx = doc.transaction();
            tx.put(
                ROOT,
                format!("z{n}"),
                ScalarValue::Bytes(vec![0; mib << 20]),
            )
            .expect("put");
            tx.commit();
            let mut change = doc.get_last_local_change().expect("the change just made");
            change.bytes().into_owned()
        })
        .collect()
}

/// Item 2, inflation: a change chunk may be DEFLATE-compressed, and zeros shrink ~1,000×. Frames
/// of a few kilobytes, each one operation putting 12 MiB of zeros (new sequence number each time,
/// one document), were each within the limits (64 MiB inflated a message, 1 operation), applied
/// on the hub and kept: automerge holds the value as written, so the relay's memory grew 12 MiB
/// a frame while the inbound budget counted kilobytes and the quota, after compaction, the
/// compressed snapshot. A document now weighs at most 16 MiB inflated and a message 32 MiB: the
/// sender is refused with an `error` and 1002, and another workspace keeps syncing.
#[tokio::test]
async fn item2_compressed_changes_cannot_inflate_the_relays_memory() {
    let (_dir, evil, acme, mut relay) = evil_and_acme();
    let bombs = zero_bombs(12, 12);
    assert!(
        bombs.iter().all(|b| b.len() < 64 * 1024),
        "each frame is small"
    );
    let mut ws = raw_joined(&relay.url(&evil), "inflater").await;
    let (mut accepted, mut refused) = (0, 0);
    for (n, bomb) in bombs.into_iter().enumerate() {
        let sent = ws
            .send(sync_frame("inflater", id(1), changes_msg(&[bomb])))
            .await;
        let answer = match sent {
            Ok(()) => sync_answer(&mut ws, Duration::from_secs(60)).await,
            Err(e) => Err((Some(e.to_string()), None)),
        };
        match answer {
            Ok(()) => accepted += 1,
            Err((error, code)) => {
                eprintln!("frame {n}: refused ({code:?}, {error:?})");
                assert_eq!(code, Some(1002), "{error:?}");
                assert!(error.unwrap_or_default().contains("inflated"));
                refused += 1;
                ws = raw_joined(&relay.url(&evil), "inflater").await;
            }
        }
    }
    eprintln!(
        "accepted {accepted}, refused {refused}; memory {:?}",
        relay.memory_mib()
    );
    // ~150 MiB of zeros were said; one document's 16 MiB (and its chunk, and the frame being
    // inflated) at a time is what the relay may hold of them.
    relay.assert_budget(200);
    assert!(accepted <= 1, "{accepted} frames of 12 MiB were kept");
    // One more frame saying 60 MiB is refused for the message alone.
    let big = zero_bombs(60, 1).remove(0);
    assert!(big.len() < 128 * 1024);
    ws.send(sync_frame("inflater", id(2), changes_msg(&[big])))
        .await
        .expect("send");
    let (error, code) = error_and_close(&mut ws, Duration::from_secs(60)).await;
    assert_eq!(code, Some(1002));
    assert!(error.unwrap_or_default().contains("inflate"));
    canary(&relay, &acme, 25).await;
    relay.assert_budget(200);
}

/// A link (a factory's phone, or a link forwarded in a chat) may fill an order it shares to
/// half what a document may weigh: padded by it to just under the bound, every later change
/// to the order, the office's included, was refused (1002) for good. Now the link is refused
/// past its half, and the office's change still lands.
#[tokio::test]
async fn a_link_cannot_pad_a_shared_order_until_the_office_is_refused() {
    let dir = TempDir::new();
    let office = token(&dir, "acme", None);
    let link = token(&dir, "acme", Some(vec![id(1)]));
    let relay = Relay::start(&dir.0);
    let send = |url: String, change: Vec<u8>| async move {
        let mut ws = raw_joined(&url, "raw").await;
        ws.send(sync_frame("raw", id(1), changes_msg(&[change])))
            .await
            .expect("send");
        sync_answer(&mut ws, Duration::from_secs(60)).await
    };
    // 7 MiB of zeros fit in the link's half.
    let first = zero_bombs(7, 1).remove(0);
    assert_eq!(send(relay.url(&link), first).await, Ok(()));
    // 2 MiB more would take the order past it: refused, saying why.
    let more = zero_bombs(2, 1).remove(0);
    match send(relay.url(&link), more.clone()).await {
        Err((error, code)) => {
            assert_eq!(code, Some(1002), "{error:?}");
            assert!(error.unwrap_or_default().contains("inflated"));
        }
        Ok(()) => panic!("the link filled the order past its half"),
    }
    // The office's own change of the same weight lands.
    assert_eq!(send(relay.url(&office), more).await, Ok(()));
}

/// A change chunk whose action column is `runs` runs of zero nulls (`00 00` each): it says no
/// operation, but counting it walks every run, and DEFLATE says 32 MiB of them in ~32 KB.
fn empty_runs_change(runs: usize) -> Vec<u8> {
    let column = vec![0; runs * 2];
    let mut body = vec![0]; // no deps
    body.extend([1, 7]); // an actor of one byte
    body.extend([1, 1, 0, 0, 0]); // seq, startOp, time, no message, no other actors
    body.push(1); // one column: the action column
    leb(&mut body, (4 << 4) | 2);
    leb(&mut body, column.len() as u64);
    body.extend(column);
    let mut chunk = vec![0x85, 0x6f, 0x4a, 0x83, 0, 0, 0, 0, 1];
    leb(&mut chunk, body.len() as u64);
    chunk.extend(body);
    chunk
}

/// Empty runs in the action column counted as no operation, so the operation bound, which is
/// what bounds the time the hub spends counting, let a message walk any number of them. Every
/// run counts as at least one step now: past the bound, the message is refused for it.
#[tokio::test]
async fn empty_runs_count_against_the_operation_bound() {
    let (_dir, evil, acme, mut relay) = evil_and_acme();
    let mut ws = raw_joined(&relay.url(&evil), "walker").await;
    let message = changes_msg(&[empty_runs_change(1_000_001)]);
    ws.send(sync_frame("walker", id(1), message))
        .await
        .expect("send");
    let (error, code) = error_and_close(&mut ws, Duration::from_secs(60)).await;
    assert_eq!(code, Some(1002), "{error:?}");
    assert!(
        error.as_deref().unwrap_or_default().contains("operations"),
        "{error:?}"
    );
    canary(&relay, &acme, 26).await;
    relay.assert_budget(200);
}

/// `count` connections over `urls` in turn, each sending `per` of the largest presence
/// messages about document 3 (within a sender's pace; the relay forwards what its token's
/// allowance covers); kept open, so none of it is dropped unsent.
async fn talk(urls: &[String], prefix: &str, count: usize, per: usize) -> Vec<peer::Ws> {
    let mut held = Vec::new();
    for n in 0..count {
        let name = format!("{prefix}-{n}");
        let mut ws = raw_joined(&urls[n % urls.len()], &name).await;
        for _ in 0..per {
            let frame = ephemeral_frame(&name, id(3), vec![0x5a; MAX_EPHEMERAL_BYTES]);
            ws.send(frame).await.expect("a talker within its pace");
        }
        held.push(ws);
    }
    held
}

/// Item 3: a peer that stops reading is dropped, its memory freed, and revocation closes
/// it too.
#[tokio::test]
async fn item3_a_peer_that_stops_reading_is_dropped() {
    let dir = TempDir::new();
    let acme = token(&dir, "acme", None);
    let (frozen_id, frozen) = token_with_id(&dir, "acme", None);
    let canary_token = token(&dir, "other", None);
    // Talkers share the workspace over two tokens (32 connections a token at most).
    let talking = [token(&dir, "acme", None), token(&dir, "acme", None)];
    let mut relay = Relay::start(&dir.0);

    // Two documents (one of 2 MiB that deflate cannot shrink), and a reader that asks for the
    // big one again and again and never reads (later dropped for being slow). Presence
    // messages, which this used to flood it with, are no longer sent to a listener whose queue
    // fills (`item4_an_ephemeral_flood_from_many_sockets_closes_no_listener`).
    let mut owner = Peer::connect(&relay.url(&acme), "owner")
        .await
        .expect("connect");
    owner.push(id(3), doc_with("k", "v")).await.expect("push");
    let mut big = Automerge::new();
    let mut tx = big.transaction();
    tx.put(ROOT, "blob", ScalarValue::Bytes(random_bytes(3, 2 << 20)))
        .expect("put");
    tx.commit();
    owner.push(id(4), big).await.expect("push");
    let mut staller = Peer::connect(&relay.url(&acme), "staller")
        .await
        .expect("connect");
    staller.fetch(id(4)).await.expect("fetch").expect("doc");
    drop(owner);
    // From now on `staller` reads nothing.
    let urls: Vec<String> = talking.iter().map(|t| relay.url(t)).collect();
    let started = Instant::now();
    for _ in 0..32 {
        staller
            .ws
            .send(sync_frame("staller", id(4), RESET.to_vec()))
            .await
            .expect("a 7-byte frame");
    }
    // 64 MiB of answers for a reader that does not read: the relay queues at most 32 MiB for
    // it and the kernel a few more, then closes it (1013) within the send deadline.
    tokio::time::sleep(Duration::from_secs(2)).await;
    canary(&relay, &canary_token, 30).await;
    let deadline = Instant::now() + Duration::from_secs(30);
    while !relay.log().contains("peer too slow") && Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(
        relay.log().contains("peer too slow"),
        "slow reader never dropped: {}",
        relay.log()
    );
    eprintln!("slow reader dropped after {:?}", started.elapsed());
    // Its socket ends: reading what is buffered reaches the end within the bound.
    let closed = tokio::time::timeout(Duration::from_secs(20), async {
        while let Some(Ok(_)) = staller.ws.next().await {}
    })
    .await;
    assert!(closed.is_ok(), "the slow reader's socket stayed open");
    // A normal disconnect is not reported as slow.
    let before = relay.log().matches("peer too slow").count();
    let talker = raw_joined(&relay.url(&talking[0]), "leaving").await;
    drop(talker);
    canary(&relay, &canary_token, 31).await;
    assert_eq!(relay.log().matches("peer too slow").count(), before);
    // Budget: queues are capped at 32 MiB per connection (64 MiB asked by it).
    relay.assert_budget(160);
    let (rss, _) = relay.memory_mib();
    assert!(rss < 120, "memory not returned after the drop: {rss} MiB");

    // A reader under a token that will be revoked stops reading; a few MiB are sent to it
    // (under the byte cap, so only the revocation can close it).
    let mut revoked = Peer::connect(&relay.url(&frozen), "revoked")
        .await
        .expect("connect");
    revoked.fetch(id(3)).await.expect("fetch").expect("doc");
    // And another stalled reader that stays until shutdown.
    let mut frozen_reader = Peer::connect(&relay.url(&acme), "frozen")
        .await
        .expect("connect");
    frozen_reader
        .fetch(id(3))
        .await
        .expect("fetch")
        .expect("doc");
    let _more = talk(&urls, "second", 8, 40).await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    let revoked_at = Instant::now();
    tokens::revoke(&dir.0.join("data"), &frozen_id, None).expect("revoke");
    // Give the relay time to notice (it re-reads tokens every second) before reading.
    tokio::time::sleep(Duration::from_secs(2)).await;
    let (_, code) = error_and_close(&mut revoked.ws, Duration::from_secs(20)).await;
    eprintln!(
        "revoked stalled reader: close code {code:?}, read out {:?} after revoking",
        revoked_at.elapsed()
    );
    assert!(relay.log().matches("peer too slow").count() == before);
    // A stalled reader does not hold up shutdown (SIGTERM waited 10 s before).
    let took = relay.terminate(Duration::from_secs(8));
    eprintln!("SIGTERM with a stalled reader: exited after {took:?}");
}

/// An ephemeral message about `doc` from `sender`, as a frame.
fn ephemeral_frame(sender: &str, doc: DocumentId, data: Vec<u8>) -> WsMessage {
    WsMessage::Binary(
        encode(&Message::Ephemeral {
            sender_id: sender.into(),
            target_id: "relay".into(),
            document_id: doc,
            session_id: "s".into(),
            count: 1,
            data,
        })
        .into(),
    )
}

/// Item 4: ephemeral messages crossed workspaces and scopes, and `senderId` was taken as
/// given (forged device invitations).
#[tokio::test]
async fn item4_ephemeral_messages_stay_in_their_workspace_and_scope() {
    let dir = TempDir::new();
    let acme = token(&dir, "acme", None);
    let evil = token(&dir, "evil", None);
    // A scoped token of the same workspace that lists only another document.
    let scoped = token(&dir, "acme", Some(vec![id(41)]));
    let mut relay = Relay::start(&dir.0);

    let mut member = Peer::connect(&relay.url(&acme), "member")
        .await
        .expect("connect");
    member.push(id(40), doc_with("k", "v")).await.expect("push");
    let ephemeral = |sender: &str, data: u8| ephemeral_frame(sender, id(40), vec![data]);
    // Another workspace, knowing the document id.
    let mut outsider = raw_joined(&relay.url(&evil), "outsider").await;
    outsider.send(ephemeral("outsider", 1)).await.expect("send");
    // A scoped token not listing the document.
    let mut factory = raw_joined(&relay.url(&scoped), "factory").await;
    factory.send(ephemeral("factory", 2)).await.expect("send");
    // A member of the workspace pretending to be someone else.
    let mut forger = raw_joined(&relay.url(&acme), "forger").await;
    forger.send(ephemeral("member-b", 3)).await.expect("send");
    let (error, code) = error_and_close(&mut forger, CANARY_BOUND).await;
    assert!(error.expect("error").contains("senderId"));
    assert_eq!(code, Some(1002));
    // An empty senderId is refused the same way.
    let mut blank = raw_joined(&relay.url(&acme), "").await;
    blank.send(ephemeral("", 4)).await.expect("send");
    let (error, _) = error_and_close(&mut blank, CANARY_BOUND).await;
    assert!(error.expect("error").contains("senderId"));
    // The outsider and the factory are told the document is unavailable to them.
    for ws in [&mut outsider, &mut factory] {
        let answer = tokio::time::timeout(CANARY_BOUND, ws.next())
            .await
            .expect("an answer")
            .expect("open")
            .expect("frame");
        let WsMessage::Binary(bytes) = answer else {
            panic!("binary expected");
        };
        assert!(matches!(decode(&bytes), Ok(Message::DocUnavailable { .. })));
    }
    // An honest peer's message still arrives, with its own sender id.
    let mut peer_b = Peer::connect(&relay.url(&acme), "peer-b")
        .await
        .expect("connect");
    peer_b.fetch(id(40)).await.expect("fetch").expect("doc");
    let sender = peer_b.conn.local_peer().clone();
    peer_b
        .conn
        .send_ephemeral(&id(40), sender, "s".into(), 1, vec![9]);
    peer_b.flush().await.expect("flush");
    member
        .until(CANARY_BOUND, |p| {
            p.events
                .iter()
                .any(|e| matches!(e, Event::Ephemeral { .. }))
        })
        .await
        .expect("the honest message arrives");
    let heard: Vec<(PeerId, Vec<u8>)> = member
        .events
        .iter()
        .filter_map(|e| match e {
            Event::Ephemeral { sender, data, .. } => Some((sender.clone(), data.clone())),
            _ => None,
        })
        .collect();
    assert_eq!(heard, vec![(PeerId::from("peer-b"), vec![9])]);
    canary(&relay, &evil, 42).await;
    // Budget: a handful of tiny connections.
    relay.assert_budget(100);
}

/// Ephemeral messages are copied to every listener of the document: one too large, or a flood of
/// small ones, closes the sender before the copies pile up, and the listeners and other peers
/// carry on.
#[tokio::test]
async fn item4_an_ephemeral_flood_closes_its_sender_only() {
    use gendan_sync::EPHEMERAL_BURST;
    let dir = TempDir::new();
    let acme = token(&dir, "acme", None);
    let mut relay = Relay::start(&dir.0);
    let mut member = Peer::connect(&relay.url(&acme), "member")
        .await
        .expect("connect");
    member.push(id(50), doc_with("k", "v")).await.expect("push");
    let ephemeral = |sender: &str, len: usize| ephemeral_frame(sender, id(50), vec![7; len]);
    let mut big = raw_joined(&relay.url(&acme), "big").await;
    big.send(ephemeral("big", MAX_EPHEMERAL_BYTES + 1))
        .await
        .expect("send");
    let (error, _) = error_and_close(&mut big, CANARY_BOUND).await;
    assert!(error.expect("error").contains("ephemeral"));
    let mut flood = raw_joined(&relay.url(&acme), "flood").await;
    for _ in 0..EPHEMERAL_BURST * 4 {
        if flood.send(ephemeral("flood", 1024)).await.is_err() {
            break;
        }
    }
    let (error, _) = error_and_close(&mut flood, CANARY_BOUND).await;
    assert!(error.expect("error").contains("ephemeral"));
    // The listener heard at most the allowance, and the relay serves everyone else.
    let heard = member
        .events
        .iter()
        .filter(|e| matches!(e, Event::Ephemeral { .. }))
        .count() as u64;
    assert!(heard <= EPHEMERAL_BURST, "{heard}");
    canary(&relay, &acme, 51).await;
    relay.assert_budget(100);
}

/// Opens `count` raw joined sockets of `token` named `prefix-n`, each retried until the relay
/// takes it (a token's sockets just closed give their slots back a moment later).
async fn raw_sockets(relay: &Relay, token: &str, prefix: &str, count: usize) -> Vec<peer::Ws> {
    let mut sockets = Vec::new();
    for n in 0..count {
        let name = format!("{prefix}-{n}");
        let started = Instant::now();
        let mut ws = loop {
            match tokio_tungstenite::connect_async(relay.url(token)).await {
                Ok((ws, _)) => break ws,
                Err(_) if started.elapsed() < CANARY_BOUND => {
                    tokio::time::sleep(Duration::from_millis(50)).await;
                }
                Err(e) => panic!("{name} not taken: {e}"),
            }
        };
        let join = encode(&Message::Join {
            sender_id: name.as_str().into(),
            supported_protocol_versions: vec!["1".into()],
            peer_metadata: gendan_sync::PeerMetadata::default(),
        });
        ws.send(WsMessage::Binary(join.into())).await.expect("join");
        match ws.next().await {
            Some(Ok(WsMessage::Binary(b))) => {
                assert!(matches!(decode(&b), Ok(Message::Peer { .. })))
            }
            other => panic!("expected peer, got {other:?}"),
        }
        sockets.push(ws);
    }
    sockets
}

/// Ephemeral messages were bounded per connection only, and copied to every listener of the
/// document uncounted; a listener's queue past 32 MiB closed it (1013). So one link opening its
/// 32 sockets, each sending its burst of 64 messages of 16 KiB about an order, and then again
/// on new sockets, closed every office device syncing the order that paused reading for a
/// moment. Now a token's messages share one allowance however many sockets it opens, what is
/// over it is dropped, and a listener whose queue is a quarter full is sent no more ephemeral
/// copies: the flood costs the listener nothing but presence.
#[tokio::test]
async fn item4_an_ephemeral_flood_from_many_sockets_closes_no_listener() {
    use gendan_sync::EPHEMERAL_BURST;
    let dir = TempDir::new();
    let acme = token(&dir, "acme", None);
    let link = token(&dir, "acme", Some(vec![id(60)]));
    let mut relay = Relay::start(&dir.0);
    let mut member = Peer::connect(&relay.url(&acme), "member")
        .await
        .expect("connect");
    member.push(id(60), doc_with("k", "v")).await.expect("push");
    // The member reads nothing from here until the flood is over.
    for round in 0..2 {
        let prefix = format!("flood{round}");
        let mut sockets = raw_sockets(&relay, &link, &prefix, 32).await;
        for (n, ws) in sockets.iter_mut().enumerate() {
            let sender = format!("{prefix}-{n}");
            for _ in 0..EPHEMERAL_BURST {
                let frame = ephemeral_frame(&sender, id(60), vec![7; MAX_EPHEMERAL_BYTES]);
                ws.send(frame).await.expect("within the socket's allowance");
            }
        }
        for mut ws in sockets {
            let _ = ws.close(None).await;
        }
    }
    tokio::time::sleep(Duration::from_secs(1)).await;
    member
        .put(id(60), "after", "flood")
        .await
        .expect("the member still syncs");
    assert!(member.closed.is_none(), "{:?}", member.closed);
    assert!(
        !relay.log().contains("peer too slow"),
        "a listener was dropped: {}",
        relay.log()
    );
    let heard = member
        .events
        .iter()
        .filter(|e| matches!(e, Event::Ephemeral { .. }))
        .count();
    eprintln!("the member heard {heard} of the flood's messages");
    canary(&relay, &acme, 65).await;
    relay.assert_budget(100);
}

/// Opens a raw connection to `addr` and sends `head`: a request's head, and perhaps the start of
/// its body.
async fn send_head(addr: &str, head: &str) -> tokio::net::TcpStream {
    use tokio::io::AsyncWriteExt;
    let mut stream = tokio::net::TcpStream::connect(addr).await.expect("connect");
    stream.write_all(head.as_bytes()).await.expect("write");
    stream
}

/// The first bytes the relay answers on `stream`, which must come within `bound`.
async fn first_answer(stream: &mut tokio::net::TcpStream, bound: Duration) -> String {
    use tokio::io::AsyncReadExt;
    let mut buf = vec![0u8; 128];
    let n = tokio::time::timeout(bound, stream.read(&mut buf))
        .await
        .expect("answered in time")
        .expect("read");
    String::from_utf8_lossy(&buf[..n]).into_owned()
}

/// An HTTP GET over a raw socket; returns (status, body).
async fn http_get(addr: &str, path: &str) -> (u16, String) {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let mut stream = tokio::net::TcpStream::connect(addr).await.expect("connect");
    let request = format!("GET {path} HTTP/1.1\r\nHost: relay\r\nConnection: close\r\n\r\n");
    stream.write_all(request.as_bytes()).await.expect("write");
    let mut raw = Vec::new();
    tokio::time::timeout(CANARY_BOUND, stream.read_to_end(&mut raw))
        .await
        .expect("answered in time")
        .expect("read");
    let text = String::from_utf8_lossy(&raw).into_owned();
    let status = text
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let body = text.split("\r\n\r\n").nth(1).unwrap_or("").to_owned();
    (status, body)
}

/// Sets `key` in the peer's copy of `doc` and syncs it to the relay (one chunk on disk).
async fn edit(peer: &mut Peer, doc: DocumentId, key: &str, value: &str) {
    peer.put(doc, key, value).await.expect("sync");
}

fn chunk_files(dir: &Path) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|entries| entries.flatten().map(|e| e.path()).collect())
        .unwrap_or_default();
    out.sort();
    out
}

/// The chunk in `now` that was not in `before`.
fn new_chunk(now: &[PathBuf], before: &[PathBuf]) -> PathBuf {
    now.iter()
        .find(|p| !before.contains(p))
        .expect("a new chunk")
        .clone()
}

/// Flips four bytes in the middle of a chunk file.
fn damage(chunk: &Path) {
    let mut bytes = std::fs::read(chunk).expect("read chunk");
    let mid = bytes.len() / 2;
    for b in &mut bytes[mid..mid + 4] {
        *b ^= 0xff;
    }
    std::fs::write(chunk, &bytes).expect("damage");
}

fn check_command(data: &Path) -> (bool, String) {
    let bin = relay_bin();
    let out = Command::new(bin)
        .arg("check")
        .arg("--data")
        .arg(data)
        .output()
        .expect("check runs");
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
    )
}

/// Item 5: a damaged chunk plus compaction deleted good data. Now the damaged chunk is
/// quarantined, the document reported (`/healthz`, `check`), never compacted while it
/// lacks changes, and healed by a peer that has them; no intact change is ever deleted.
#[tokio::test]
async fn item5_a_damaged_chunk_never_costs_intact_changes() {
    let dir = TempDir::new();
    let acme = token(&dir, "acme", None);
    let data = dir.0.join("data");
    let doc = id(50);
    // Stored under acme's key for it (the relay's namespaces).
    let text = gendan_relay::storage_key("acme", &doc).to_string();
    let inc_dir = data
        .join("docs")
        .join(&text[..2])
        .join(&text[2..])
        .join("incremental");

    // A writer stores three changes, each its own chunk: a, then b (after a), then c.
    let relay = Relay::start(&dir.0);
    let mut writer = Peer::connect(&relay.url(&acme), "writer")
        .await
        .expect("connect");
    writer.push(doc, doc_with("a", "1")).await.expect("push");
    let after_a = chunk_files(&inc_dir);
    edit(&mut writer, doc, "b", "2").await;
    let after_b = chunk_files(&inc_dir);
    edit(&mut writer, doc, "c", "3").await;
    assert_eq!(chunk_files(&inc_dir).len(), 3);
    let writer_copy = writer.store.doc(&doc).expect("doc").clone();
    let chunk_b = new_chunk(&after_b, &after_a);
    drop(writer);
    // Killed, not stopped: a graceful stop would compact the three chunks.
    drop(relay);

    // Damage b's chunk: flip bytes in its middle.
    damage(&chunk_b);

    let (ok, report) = check_command(&data);
    assert!(!ok, "check must fail on a damaged document: {report}");
    assert!(
        report.contains(&text)
            && report.contains(&format!("(acme {doc})"))
            && report.contains("chunk"),
        "{report}"
    );

    let mut relay = Relay::start(&dir.0);
    let mut reader = Peer::connect(&relay.url(&acme), "reader")
        .await
        .expect("connect");
    let served = reader
        .fetch(doc)
        .await
        .expect("fetch")
        .expect("doc")
        .clone();
    assert_eq!(read(&served, "a").as_deref(), Some("1"));
    // b is lost for now, and c (intact) cannot be applied without it.
    assert_eq!(read(&served, "c"), None);
    assert!(relay.log().contains("damaged chunk"), "{}", relay.log());
    let quarantined = chunk_files(&data.join("quarantine").join(&text));
    assert_eq!(quarantined.len(), 1, "the damaged chunk is quarantined");
    let (status, body) = http_get(&relay.addr, "/healthz").await;
    assert_eq!(status, 200);
    assert!(
        body.starts_with("degraded") && body.contains(&text),
        "{body}"
    );

    // The reader (who only has a) writes 12 changes: past the compaction threshold.
    for n in 0..12 {
        edit(&mut reader, doc, &format!("r{n}"), "x").await;
    }
    // The intact chunk holding c is still on disk: nothing was compacted away.
    let remaining = chunk_files(&inc_dir);
    assert!(
        remaining.len() >= 13,
        "chunks were compacted while the document lacked changes: {remaining:?}"
    );
    // A graceful stop (which compacts loaded documents) keeps them too.
    relay.terminate(Duration::from_secs(8));
    assert!(chunk_files(&inc_dir).len() >= 13);

    // A peer that has every change heals it: automerge asks for the missing one.
    let mut relay = Relay::start(&dir.0);
    let mut healer = Peer::connect(&relay.url(&acme), "healer")
        .await
        .expect("connect");
    healer
        .push(doc, writer_copy)
        .await
        .expect("the healer syncs");
    let mut late = Peer::connect(&relay.url(&acme), "late")
        .await
        .expect("connect");
    let served = late.fetch(doc).await.expect("fetch").expect("doc").clone();
    for (key, value) in [("a", "1"), ("b", "2"), ("c", "3"), ("r11", "x")] {
        assert_eq!(read(&served, key).as_deref(), Some(value), "{key}");
    }
    assert!(relay.log().contains("healed"), "{}", relay.log());
    let (_, body) = http_get(&relay.addr, "/healthz").await;
    assert_eq!(body, "ok");
    let (ok, report) = check_command(&data);
    assert!(ok, "healed, yet check fails: {report}");
    canary(&relay, &acme, 51).await;
    relay.assert_budget(100);
}

/// Item 6: unauthenticated load. Blob uploads were read (10 MB) before the token check;
/// HTTP connections had no header read timeout (300 half-sent requests held forever).
#[tokio::test]
async fn item6_unauthenticated_clients_cannot_hold_the_relay() {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let dir = TempDir::new();
    let acme = token(&dir, "acme", None);
    let mut relay = Relay::start(&dir.0);

    // A 10 MB upload with a wrong token: answered 401 before any of the body is sent.
    let hash = "ab".repeat(32);
    let head = format!(
        "PUT /blobs/{hash} HTTP/1.1\r\nHost: relay\r\nAuthorization: Bearer nope\r\n\
         Content-Length: 10485760\r\n\r\n"
    );
    let mut upload = send_head(&relay.addr, &head).await;
    let answer = first_answer(&mut upload, CANARY_BOUND).await;
    assert!(answer.starts_with("HTTP/1.1 401"), "{answer}");

    // 300 connections that send half a request and stop.
    let mut half_sent = Vec::new();
    for _ in 0..300 {
        let mut s = tokio::net::TcpStream::connect(&relay.addr)
            .await
            .expect("connect");
        s.write_all(b"GET /healthz HTTP/1.1\r\nHost: re")
            .await
            .expect("write");
        half_sent.push(s);
    }
    // The relay keeps answering meanwhile.
    let (status, body) = http_get(&relay.addr, "/healthz").await;
    assert_eq!((status, body.as_str()), (200, "ok"));
    canary(&relay, &acme, 60).await;
    // And drops the half-sent requests after its header timeout (10 s).
    let started = Instant::now();
    let mut closed = 0;
    for s in &mut half_sent {
        let mut buf = [0u8; 256];
        let deadline = Duration::from_secs(25).saturating_sub(started.elapsed());
        if let Ok(Ok(_)) = tokio::time::timeout(deadline, s.read(&mut buf)).await {
            closed += 1;
        }
    }
    eprintln!(
        "{closed} of 300 half-sent requests closed by the relay after {:?}",
        started.elapsed()
    );
    assert_eq!(closed, 300, "half-sent requests were held");
    canary(&relay, &acme, 61).await;
    // Budget: 300 idle connections cost little.
    relay.assert_budget(100);
}

/// Item 6, the catch-up route: its body was read before the token was checked, with no
/// deadline, so a caller with no token could send headers announcing 64 KiB and then nothing,
/// holding a connection slot forever. Without a token it is answered at once; with one, a body
/// that does not arrive is refused after the deadline (10 s).
#[tokio::test]
async fn item6_a_catch_up_body_held_back_holds_nothing() {
    let dir = TempDir::new();
    let acme = token(&dir, "acme", None);
    let mut relay = Relay::start(&dir.0);
    let held = |auth: String| {
        format!(
            "POST /catch-up HTTP/1.1\r\nHost: relay\r\n{auth}Content-Type: application/json\r\n\
             Content-Length: 65536\r\n\r\n{{\"ids\": ["
        )
    };
    let mut anonymous = Vec::new();
    for _ in 0..50 {
        anonymous.push(send_head(&relay.addr, &held(String::new())).await);
    }
    for mut s in anonymous {
        let a = first_answer(&mut s, CANARY_BOUND).await;
        assert!(a.starts_with("HTTP/1.1 401"), "{a}");
    }
    let mut member = send_head(
        &relay.addr,
        &held(format!("Authorization: Bearer {acme}\r\n")),
    )
    .await;
    // Meanwhile the relay serves everyone else.
    canary(&relay, &acme, 62).await;
    let a = first_answer(&mut member, Duration::from_secs(20)).await;
    assert!(a.starts_with("HTTP/1.1 400"), "{a}");
    relay.assert_budget(100);
}

/// Item 6, the token route: `POST /tokens` read its whole body before the token was checked,
/// with no deadline, so a caller with no token could announce 16 KB, send one byte and stop,
/// holding a connection slot forever; 512 of them filled every slot and nobody was answered,
/// `/healthz` included. Without a token it is answered at once; with an office's, a body that
/// does not arrive is refused after the deadline (10 s).
#[tokio::test]
async fn item6_a_token_request_body_held_back_holds_nothing() {
    let dir = TempDir::new();
    let acme = token(&dir, "acme", None);
    // 64 HTTP connections at most: half the descriptors.
    let mut relay = Relay::start_limited(&dir.0, Some(128), None);
    let held = |auth: String| {
        format!(
            "POST /tokens HTTP/1.1\r\nHost: relay\r\n{auth}Content-Type: application/json\r\n\
             Content-Length: 16000\r\n\r\n{{"
        )
    };
    // More than the relay takes at once.
    let mut anonymous = Vec::new();
    for _ in 0..100 {
        anonymous.push(send_head(&relay.addr, &held(String::new())).await);
    }
    let (status, body) = http_get(&relay.addr, "/healthz").await;
    assert_eq!((status, body.as_str()), (200, "ok"));
    for mut s in anonymous {
        let a = first_answer(&mut s, CANARY_BOUND).await;
        assert!(a.starts_with("HTTP/1.1 401"), "{a}");
    }
    let started = Instant::now();
    let mut office = send_head(
        &relay.addr,
        &held(format!("Authorization: Bearer {acme}\r\n")),
    )
    .await;
    // Meanwhile the relay serves everyone else.
    canary(&relay, &acme, 64).await;
    let a = first_answer(&mut office, Duration::from_secs(20)).await;
    assert!(a.starts_with("HTTP/1.1 408"), "{a}");
    assert!(
        started.elapsed() >= Duration::from_secs(9),
        "{:?}",
        started.elapsed()
    );
    relay.assert_budget(100);
}

/// Item 6, blob uploads: the body timeout was reset by every frame, so an upload fed a byte at a
/// time stayed open (holding a slot and its buffer) for as long as the caller liked. An upload
/// of 16 KiB fed a byte a second now falls behind the slowest average pace (4 KiB a second,
/// after a grace of 30 s) and is refused (408).
#[tokio::test]
async fn item6_a_trickled_upload_is_cut_at_its_deadline() {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let dir = TempDir::new();
    let acme = token(&dir, "acme", None);
    let mut relay = Relay::start(&dir.0);
    let hash = "cd".repeat(32);
    let head = format!(
        "PUT /blobs/{hash} HTTP/1.1\r\nHost: relay\r\nAuthorization: Bearer {acme}\r\n\
         Content-Length: 16384\r\n\r\n"
    );
    let mut upload = send_head(&relay.addr, &head).await;
    let started = Instant::now();
    let mut buf = vec![0u8; 128];
    let answer = loop {
        // A byte a second: never idle long enough for the per-frame timeout.
        let _ = upload.write_all(b"x").await;
        match tokio::time::timeout(Duration::from_secs(1), upload.read(&mut buf)).await {
            Ok(Ok(n)) => break String::from_utf8_lossy(&buf[..n]).into_owned(),
            Ok(Err(e)) => panic!("read: {e}"),
            Err(_) => assert!(
                started.elapsed() < UPLOAD_GRACE + Duration::from_secs(10),
                "still open"
            ),
        }
    };
    assert!(answer.starts_with("HTTP/1.1 408"), "{answer}");
    assert!(started.elapsed() >= UPLOAD_GRACE, "{:?}", started.elapsed());
    canary(&relay, &acme, 63).await;
    relay.assert_budget(100);
}

/// Sends `request` on a connection whose receive buffer is 4 KiB, so what the relay answers
/// stays with the relay: a caller that reads nothing.
async fn slow_reader(addr: &str, request: &str) -> tokio::net::TcpStream {
    use tokio::io::AsyncWriteExt;
    let socket = tokio::net::TcpSocket::new_v4().expect("socket");
    socket.set_recv_buffer_size(4096).expect("buffer");
    let mut s = socket
        .connect(addr.parse().expect("addr"))
        .await
        .expect("connect");
    s.write_all(request.as_bytes()).await.expect("ask");
    s
}

/// Item 2, downloads: a blob was read whole into memory for every `GET`, and held there until
/// the caller took it, so one token asking 60 times for its 16 MB blob, and reading nothing,
/// made the relay hold ~1 GB (512 such requests: 8 GB). Blobs are streamed from disk now: a
/// download nobody reads holds a chunk, not the file.
#[tokio::test]
async fn item2_downloads_nobody_reads_hold_a_chunk_not_the_file() {
    use sha2::Digest;
    use tokio::io::AsyncWriteExt;
    let (_dir, evil, acme, mut relay) = evil_and_acme();
    let blob: Vec<u8> = (0..16_000_000u32).map(|n| (n % 251) as u8).collect();
    let hash = hex::encode(sha2::Sha256::digest(&blob));
    let mut upload = send_head(
        &relay.addr,
        &format!(
            "PUT /blobs/{hash} HTTP/1.1\r\nHost: relay\r\nAuthorization: Bearer {evil}\r\n\
             Content-Length: {}\r\n\r\n",
            blob.len()
        ),
    )
    .await;
    upload.write_all(&blob).await.expect("upload");
    let answer = first_answer(&mut upload, Duration::from_secs(30)).await;
    assert!(answer.starts_with("HTTP/1.1 201"), "{answer}");
    let mut held = Vec::new();
    for _ in 0..60 {
        held.push(
            slow_reader(
                &relay.addr,
                &format!("GET /blobs/{hash} HTTP/1.1\r\nHost: relay\r\nAuthorization: Bearer {evil}\r\n\r\n"),
            )
            .await,
        );
    }
    // ~30 MiB for the upload itself; 60 copies of the blob were ~1 GB more.
    still_serving(&mut relay, &acme, 25, Duration::from_secs(2), 150).await;
    drop(held);
}

/// Item 2, uploads: an upload's body is held in memory until it is whole (to be hashed), and
/// may take minutes at the slowest rate allowed. 40 uploads of 16 MB from one token, each
/// withholding its last bytes, made the relay hold ~640 MB for a quarter of an hour (512 of
/// them: 8 GB). A token's bodies being read now hold at most 64 MiB (all tokens': 256 MiB);
/// the rest wait unread, their TCP windows closed.
#[tokio::test]
async fn item2_uploads_held_open_hold_a_token_share_of_memory() {
    use tokio::io::AsyncWriteExt;
    let (_dir, evil, acme, mut relay) = evil_and_acme();
    let mut uploads = Vec::new();
    for n in 0..40u32 {
        let hash = format!("{:064x}", n + 1);
        let addr = relay.addr.clone();
        let evil = evil.clone();
        uploads.push(tokio::spawn(async move {
            let mut s = send_head(
                &addr,
                &format!(
                    "PUT /blobs/{hash} HTTP/1.1\r\nHost: relay\r\nAuthorization: Bearer {evil}\r\n\
                     Content-Length: 16000000\r\n\r\n"
                ),
            )
            .await;
            // All but the last 1,000 bytes, then nothing.
            let _ = s.write_all(&vec![7u8; 15_999_000]).await;
            tokio::time::sleep(Duration::from_secs(600)).await;
            drop(s);
        }));
    }
    still_serving(&mut relay, &acme, 26, Duration::from_secs(4), 200).await;
    for u in uploads {
        u.abort();
    }
}

/// `PUT`s `blob` with `token` and returns the first bytes of the answer, which must come
/// within `bound`.
async fn upload(addr: &str, token: &str, blob: &[u8], bound: Duration) -> String {
    use sha2::Digest;
    use tokio::io::AsyncWriteExt;
    let hash = hex::encode(sha2::Sha256::digest(blob));
    let mut s = send_head(
        addr,
        &format!(
            "PUT /blobs/{hash} HTTP/1.1\r\nHost: relay\r\nAuthorization: Bearer {token}\r\n\
             Content-Length: {}\r\n\r\n",
            blob.len()
        ),
    )
    .await;
    s.write_all(blob).await.expect("upload");
    first_answer(&mut s, bound).await
}

/// Item 2, uploads by links: every per-token bound was one link's, and an office makes up to
/// 1,000 links itself (`POST /tokens`), each with a share of its own. Five links, each with
/// three uploads declaring 20 MiB and sending a byte every 25 s (never idle long enough for the
/// per-frame timeout, and within the whole upload's 21 minutes), held all 256 MiB of upload
/// memory, and every other upload waited. A workspace's links now share one share, and an
/// upload that holds memory must keep an average of 4 KiB a second after a grace of 30 s or is
/// refused.
#[tokio::test]
async fn item2_slow_uploads_by_many_links_hold_one_share_briefly() {
    use tokio::io::AsyncWriteExt;
    let dir = TempDir::new();
    let links: Vec<String> = (0..5)
        .map(|_| token(&dir, "evil", Some(vec![id(70)])))
        .collect();
    let acme = token(&dir, "acme", None);
    let mut relay = Relay::start(&dir.0);
    let started = Instant::now();
    let mut uploads = Vec::new();
    for (l, link) in links.iter().enumerate() {
        for n in 0..3 {
            let hash = format!("{:064x}", l * 3 + n + 1);
            let addr = relay.addr.clone();
            let link = link.clone();
            uploads.push(tokio::spawn(async move {
                let mut s = send_head(
                    &addr,
                    &format!(
                        "PUT /blobs/{hash} HTTP/1.1\r\nHost: relay\r\nAuthorization: Bearer \
                         {link}\r\nContent-Length: {}\r\n\r\n",
                        20 << 20
                    ),
                )
                .await;
                let mut answer = String::new();
                for _ in 0..60 {
                    if s.write_all(b"x").await.is_err() {
                        break;
                    }
                    let mut buf = vec![0u8; 128];
                    let read = tokio::time::timeout(Duration::from_secs(25), async {
                        use tokio::io::AsyncReadExt;
                        s.read(&mut buf).await
                    });
                    if let Ok(Ok(n)) = read.await {
                        answer = String::from_utf8_lossy(&buf[..n]).into_owned();
                        break;
                    }
                }
                (answer, started.elapsed())
            }));
        }
    }
    tokio::time::sleep(Duration::from_secs(2)).await;
    // Another workspace's upload is stored at once.
    let answer = upload(&relay.addr, &acme, &[5u8; 1024], CANARY_BOUND).await;
    assert!(answer.starts_with("HTTP/1.1 201"), "{answer}");
    canary(&relay, &acme, 66).await;
    // The uploads holding memory are refused for their pace, not kept for 21 minutes.
    let mut refused = 0;
    for u in &mut uploads {
        let left = (UPLOAD_GRACE + Duration::from_secs(8)).saturating_sub(started.elapsed());
        if let Ok(Ok((answer, after))) = tokio::time::timeout(left, &mut *u).await {
            eprintln!("a trickled upload answered after {after:?}: {answer:?}");
            assert!(answer.starts_with("HTTP/1.1 408"), "{answer}");
            refused += 1;
        }
    }
    assert!(refused >= 3, "only {refused} trickled uploads were refused");
    for u in uploads {
        u.abort();
    }
    relay.assert_budget(150);
}

/// Item 2, the pace an upload must keep: it asked 16 KiB in every 10 s, counted afresh each
/// time, so a factory phone's 300 KiB photo at ~10 KiB/s was refused (408) after 10 s, and
/// again each time the phone tried, with the photos queued behind it. An honest slow upload,
/// with a stall of 12 s in the middle (a cell handover), is stored.
#[tokio::test]
async fn item2_an_honest_slow_upload_with_a_stall_is_stored() {
    use sha2::Digest;
    use tokio::io::AsyncWriteExt;
    let dir = TempDir::new();
    let link = token(&dir, "acme", Some(vec![id(70)]));
    let relay = Relay::start(&dir.0);
    let blob = random_bytes(71, 300 * 1024);
    let hash = hex::encode(sha2::Sha256::digest(&blob));
    let mut s = send_head(
        &relay.addr,
        &format!(
            "PUT /blobs/{hash} HTTP/1.1\r\nHost: relay\r\nAuthorization: Bearer {link}\r\n\
             Content-Length: {}\r\n\r\n",
            blob.len()
        ),
    )
    .await;
    // 1 KiB every 100 ms: ~10 KiB a second, and nothing for 12 s halfway.
    for (n, chunk) in blob.chunks(1024).enumerate() {
        if n == 150 {
            tokio::time::sleep(Duration::from_secs(12)).await;
        }
        if s.write_all(chunk).await.is_err() {
            // Refused: its answer says why.
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let answer = first_answer(&mut s, CANARY_BOUND).await;
    assert!(answer.starts_with("HTTP/1.1 201"), "{answer}");
}

/// Pushes `count` documents from 100 on, each holding 1 MB of hex text (~0.5 MB deflated).
async fn push_hex_docs(url: &str, count: u8) {
    let mut owner = Peer::connect(url, "owner").await.expect("owner");
    for n in 0..count {
        let mut doc = Automerge::new();
        let mut state = u64::from(n) * 7919 + 1;
        let text = hex_text(&mut state);
        let mut tx = doc.transaction();
        tx.put(ROOT, "text", text).expect("put");
        tx.commit();
        owner.push(id(100 + n), doc).await.expect("push");
    }
}

/// Item 3, one token's sockets together: each socket may have 32 MiB queued before its peer
/// counts as too slow, and a token may open 32 of them, so one token's sockets that asked for
/// everything and read nothing made the relay hold ~1 GB (30 here, 20 MB asked each).
/// A token's sockets now hold at most twice one socket's share; past it they are dropped.
#[tokio::test]
async fn item3_a_tokens_sockets_that_stop_reading_hold_twice_a_share() {
    let (_dir, evil, acme, mut relay) = evil_and_acme();
    push_hex_docs(&relay.url(&evil), 40).await;
    let ask = Automerge::new()
        .generate_sync_message(&mut sync::State::new())
        .expect("a first message")
        .encode();
    let mut sockets = Vec::new();
    for c in 0..30 {
        let name = format!("reader-{c}");
        let mut ws = raw_joined(&relay.url(&evil), &name).await;
        for n in 0..40u8 {
            let request = Message::Request(DocMessage {
                sender_id: name.as_str().into(),
                target_id: "relay".into(),
                document_id: id(100 + n),
                data: ask.clone(),
            });
            if ws
                .send(WsMessage::Binary(encode(&request).into()))
                .await
                .is_err()
            {
                break;
            }
        }
        sockets.push(ws);
    }
    still_serving(&mut relay, &acme, 28, Duration::from_secs(3), 220).await;
    drop(sockets);
}

/// `len` pseudo-random bytes from `seed` (xorshift): what DEFLATE cannot shrink.
fn random_bytes(seed: u64, len: usize) -> Vec<u8> {
    let mut state = seed | 1;
    (0..len)
        .map(|_| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state as u8
        })
        .collect()
}

/// Document 9, 14 MiB of random bytes, pushed with `token`.
async fn push_big_document(relay: &Relay, token: &str) {
    let mut owner = Peer::connect(&relay.url(token), "owner")
        .await
        .expect("owner");
    let mut doc = Automerge::new();
    let mut tx = doc.transaction();
    tx.put(ROOT, "blob", ScalarValue::Bytes(random_bytes(7, 14 << 20)))
        .expect("put");
    tx.commit();
    owner.push(id(9), doc).await.expect("push");
}

/// automerge's sync message saying "I hold nothing": no heads, no need, one empty `have`, no
/// changes (what an empty document sends first). Empty heads make automerge forget what it
/// sent, so each one is answered with the whole document.
const RESET: [u8; 7] = [0x42, 0, 0, 1, 0, 0, 0];

/// Item 3, answers queued within a batch: the per-socket and per-token queue bounds were
/// checked only when a batch's answers were flushed, and a batch takes up to 64 frames of a
/// socket (256 in all). Each 7-byte [`RESET`] about a 14 MiB document queued the whole
/// document again, so four sockets sending 16 each made the relay hold 64 copies at once
/// before any of them was found too slow. A socket whose answers fill half its queue bound now
/// leaves its next frames to the next batch, after the flush, and a batch whose answers hold
/// 32 MiB is flushed before it takes more frames. Two of the sockets read everything (so the
/// bound does not rest on dropping them), two read nothing.
#[tokio::test]
async fn item3_resets_for_a_big_document_do_not_queue_it_once_a_frame() {
    let (_dir, evil, acme, mut relay) = evil_and_acme();
    push_big_document(&relay, &evil).await;
    eprintln!("after the push: {:?}", relay.memory_mib());
    // Every socket joined first, so their frames reach the hub together.
    let mut sockets = Vec::new();
    for c in 0..4 {
        let name = format!("resetter-{c}");
        sockets.push((raw_joined(&relay.url(&evil), &name).await, name));
    }
    let mut readers = Vec::new();
    let mut deaf = Vec::new();
    for (c, (mut ws, name)) in sockets.into_iter().enumerate() {
        for _ in 0..16 {
            ws.send(sync_frame(&name, id(9), RESET.to_vec()))
                .await
                .expect("a 7-byte frame");
        }
        if c % 2 == 1 {
            deaf.push(ws);
            continue;
        }
        readers.push(tokio::spawn(async move {
            let mut answers = 0;
            while answers < 16 {
                match tokio::time::timeout(Duration::from_secs(60), ws.next()).await {
                    Ok(Some(Ok(WsMessage::Binary(_)))) => answers += 1,
                    Ok(Some(Ok(_))) => {}
                    _ => break,
                }
            }
            answers
        }));
    }
    for reader in readers {
        let answers = reader.await.expect("reader");
        eprintln!("a reading resetter got {answers} answers");
    }
    canary(&relay, &acme, 29).await;
    // The push alone peaks at ~220 MiB and leaves ~165 MiB resident (a 14 MiB frame, the
    // change, the document). Of the answers (14 MiB each) the relay may then hold a batch's
    // worth (32 MiB and one answer, one more being encoded), the token's queues (64 MiB) and
    // the one each socket is sending (twice: the frame and the socket's buffer): ~370-390 MiB
    // measured. It held 64 answers at once before, 1,166 MiB.
    relay.assert_budget(500);
    drop(deaf);
}

/// Item 2, catch-up answers: at most two are built at a time, but a built answer (up to 32 MiB)
/// waited in memory until its caller read it, and the caller could ask again at once. One token
/// asking 30 times for everything, reading nothing, made the relay hold an answer per request.
/// A token has one answer in flight now, built or being sent; asking again meanwhile is 503.
#[tokio::test]
async fn item2_catch_up_answers_nobody_reads_hold_one_per_token() {
    let (_dir, evil, acme, mut relay) = evil_and_acme();
    // ~10 MB in a catch-up answer.
    push_hex_docs(&relay.url(&evil), 20).await;
    let body = r#"{"all": true}"#;
    let mut held = Vec::new();
    let mut busy = 0;
    for _ in 0..30 {
        let mut s = slow_reader(
            &relay.addr,
            &format!(
                "POST /catch-up HTTP/1.1\r\nHost: relay\r\nAuthorization: Bearer {evil}\r\n\
                 Content-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
                body.len()
            ),
        )
        .await;
        let answer = first_answer(&mut s, Duration::from_secs(30)).await;
        if answer.starts_with("HTTP/1.1 503") {
            busy += 1;
        } else {
            assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
        }
        held.push(s);
    }
    eprintln!("{busy} of 30 catch-up requests were told to come back later");
    canary(&relay, &acme, 27).await;
    relay.assert_budget(150);
    drop(held);
}

/// Item 7: an oversized frame must close with 1009 and a reason (the issue saw 1006, no
/// close frame), and the relay keeps serving. On loopback this passes against the old
/// relay too: the 1006 did not reproduce here, so this guards the behaviour only.
#[tokio::test]
async fn item7_oversized_frames_close_with_1009() {
    let dir = TempDir::new();
    let acme = token(&dir, "acme", None);
    let mut relay = Relay::start(&dir.0);
    let ws = raw_joined(&relay.url(&acme), "big").await;
    let (mut tx, mut rx) = ws.split();
    // 17 MiB: over the default 16 MiB message limit. Sent from a task: the relay stops
    // reading it, so the send may never finish.
    let sender = tokio::spawn(async move {
        let _ = tx
            .send(WsMessage::Binary(vec![0u8; 17 * 1024 * 1024].into()))
            .await;
        tx
    });
    // Like a client that writes the whole frame before it reads anything.
    let sent = tokio::time::timeout(Duration::from_secs(10), sender).await;
    eprintln!("the 17 MiB send finished: {}", sent.is_ok());
    let (error, code) = error_and_close(&mut rx, Duration::from_secs(20)).await;
    eprintln!("oversized frame: error {error:?}, close {code:?}");
    assert_eq!(code, Some(1009));
    canary(&relay, &acme, 70).await;
    // Budget: one 16 MiB frame is never buffered whole.
    relay.assert_budget(100);
}

/// One real change of `ops` operations: a list made at the root and `ops - 1` nulls spliced
/// into it. Every column is run-length encoded, so it is a few KB whatever `ops`.
fn list_change(ops: usize) -> Vec<u8> {
    list_change_with_hash(ops).0
}

/// [`list_change`] and the change's hash.
fn list_change_with_hash(ops: usize) -> (Vec<u8>, ChangeHash) {
    let mut doc = Automerge::new();
    let mut tx = doc.transaction();
    let list = tx.put_object(ROOT, "l", ObjType::List).expect("list");
    tx.splice(&list, 0, 0, std::iter::repeat_n(ScalarValue::Null, ops - 1))
        .expect("splice");
    tx.commit();
    let mut changes = doc.get_changes(&[]);
    assert_eq!(changes.len(), 1);
    (changes[0].bytes().into_owned(), changes[0].hash())
}

/// A change chunk whose action column claims `ops` operations in one run (3 bytes of LEB128
/// per 2^21), with nothing else: automerge would walk every one of them to parse it.
fn claimed_ops_change(ops: u64) -> Vec<u8> {
    let mut action = Vec::new();
    leb(&mut action, ops); // a positive signed LEB128 count, small enough for the sign bit
    action.push(1);
    let mut body = vec![0, 1, 0xaa, 1, 1, 0, 0, 0, 1, 0x42];
    leb(&mut body, action.len() as u64);
    body.extend(action);
    let mut c = vec![0x85, 0x6f, 0x4a, 0x83, 0, 0, 0, 0, 1];
    leb(&mut c, body.len() as u64);
    c.extend(body);
    c
}

/// Reads until the relay answers a sync frame: `Ok(())` for a sync message, else the
/// `error` text and close code.
/// `Ok` for a sync message, else the `error` message's text and the close code, if any.
type SyncAnswer = Result<(), (Option<String>, Option<u16>)>;

async fn sync_answer(ws: &mut peer::Ws, limit: Duration) -> SyncAnswer {
    let mut error = None;
    let deadline = tokio::time::Instant::now() + limit;
    loop {
        match tokio::time::timeout_at(deadline, ws.next()).await {
            Ok(Some(Ok(WsMessage::Binary(b)))) => match decode(&b) {
                Ok(Message::Sync(_)) => return Ok(()),
                Ok(Message::Error { message, .. }) => error = Some(message),
                _ => {}
            },
            Ok(Some(Ok(WsMessage::Close(frame)))) => {
                return Err((error, frame.map(|f| u16::from(f.code))))
            }
            Ok(None) | Ok(Some(Err(_))) => return Err((error, None)),
            Ok(Some(Ok(_))) => {}
            Err(_) => return Err((Some(format!("no answer within {limit:?}")), None)),
        }
    }
}

/// Sends `change` for `doc` on a new raw connection; the task returns the relay's answer
/// and how long it took. Returns 50 ms after sending, once the relay is at work.
async fn send_change(
    url: &str,
    doc: DocumentId,
    change: Vec<u8>,
    limit: Duration,
) -> tokio::task::JoinHandle<(SyncAnswer, Duration)> {
    let mut ws = raw_joined(url, "raw").await;
    let started = Instant::now();
    ws.send(sync_frame("raw", doc, changes_msg(&[change])))
        .await
        .expect("send");
    let answer = tokio::spawn(async move {
        let answer = sync_answer(&mut ws, limit).await;
        (answer, started.elapsed())
    });
    tokio::time::sleep(Duration::from_millis(50)).await;
    answer
}

/// Item 7 (the rest): refusing a message costs the hub little whatever it claims. Counting
/// its operations reads run lengths, not operations, so a change claiming 2^40 of them, or a
/// real one of 1.2 M, is refused at once (counting the 1.2 M used to hold the hub ~3 s in a
/// debug build), and the canary is served within its bound while each is handled. Applying
/// the largest legal message is the next test's.
#[tokio::test]
async fn item7_refusing_a_big_message_costs_the_hub_little() {
    let dir = TempDir::new();
    let evil = token(&dir, "evil", Some(vec![id(1), id(2)]));
    let acme = token(&dir, "acme", None);
    let mut relay = Relay::start(&dir.0);
    for (n, change) in [
        (1u8, claimed_ops_change(1 << 40)),
        (2, list_change(1_200_000)),
    ] {
        let answer = send_change(&relay.url(&evil), id(n), change, Duration::from_secs(60)).await;
        canary(&relay, &acme, 70 + n).await;
        let (error, code) = answer.await.expect("answer task").0.expect_err("refused");
        assert_eq!(code, Some(1002));
        assert!(error.unwrap_or_default().contains("operations"));
    }
    relay.assert_budget(100);
}

/// Item 7 (the last of it): the largest legal message (1,000,000 operations) is applied off
/// the hub, so while it is (tens of seconds in a debug build) a canary on another document of
/// the same workspace, and one in another workspace, are served within their bound. The big
/// change is then acknowledged, and it is on disk: a restarted relay offers its heads.
#[tokio::test]
async fn item7_the_largest_legal_message_starves_nobody() {
    let dir = TempDir::new();
    let acme = token(&dir, "acme", None);
    let other = token(&dir, "other", None);
    // At `debug` the relay logs what holds its hub for long (printed below).
    let relay = Relay::start_limited(&dir.0, None, Some("gendan_relay=debug"));
    let (change, hash) = list_change_with_hash(gendan_sync::SyncLimits::default().max_ops as usize);
    let answer = send_change(&relay.url(&acme), id(1), change, Duration::from_secs(600)).await;
    let started = Instant::now();
    canary(&relay, &acme, 80).await;
    canary(&relay, &other, 81).await;
    let busy = started.elapsed();
    let (answer, took) = answer.await.expect("answer task");
    answer.expect("the big change is acknowledged");
    eprintln!("big change acknowledged after {took:?}; canaries done after {busy:?}");
    print_slow(&relay.log());
    drop(relay);

    let relay = Relay::start_limited(&dir.0, None, Some("gendan_relay=debug"));
    let mut ws = raw_joined(&relay.url(&acme), "raw").await;
    let ask = Automerge::new()
        .generate_sync_message(&mut sync::State::new())
        .expect("a first message")
        .encode();
    let request = Message::Request(DocMessage {
        sender_id: "raw".into(),
        target_id: "relay".into(),
        document_id: id(1),
        data: ask,
    });
    ws.send(WsMessage::Binary(encode(&request).into()))
        .await
        .expect("send");
    let reading = tokio::spawn(async move { read_heads(&mut ws).await });
    tokio::time::sleep(Duration::from_millis(50)).await;
    // Loading it is a worker's job too.
    canary(&relay, &other, 82).await;
    let heads = reading.await.expect("reading task");
    print_slow(&relay.log());
    assert_eq!(heads, vec![hash], "the big change survived the restart");
}

/// Item 6, the inbound budget: frames waiting for the hub hold a share of a relay-wide byte
/// budget (128 MiB). A connection whose big message a worker is applying has its next frames
/// wait, holding their share; one token could queue the whole budget behind its own job, and
/// every other socket then waited for that job to end (tens of seconds). A token now holds at
/// most a quarter of the budget: past it, only its own sockets wait.
#[tokio::test]
async fn item6_frames_waiting_behind_a_job_hold_a_token_share_only() {
    let (_dir, evil, acme, mut relay) = evil_and_acme();
    let mut ws = raw_joined(&relay.url(&evil), "raw").await;
    // Four of the largest legal messages, one after the other: a worker's job each, ~20 s in all
    // in a debug build, and the connection busy throughout.
    for _ in 0..4 {
        ws.send(sync_frame(
            "raw",
            id(1),
            changes_msg(&[list_change(1_000_000)]),
        ))
        .await
        .expect("send");
    }
    // Nine 15 MB frames behind them (135 MB): they wait for the connection's jobs.
    let flood = tokio::spawn(async move {
        for _ in 0..9 {
            if ws
                .send(sync_frame("raw", id(1), vec![0u8; 15_000_000]))
                .await
                .is_err()
            {
                break;
            }
        }
        ws
    });
    tokio::time::sleep(Duration::from_secs(2)).await;
    canary(&relay, &acme, 24).await;
    flood.abort();
    relay.assert_alive();
}

fn print_slow(log: &str) {
    for line in log
        .lines()
        .filter(|l| l.contains("slow") || l.contains("off the hub"))
    {
        eprintln!("relay: {line}");
    }
}

/// The heads of the first sync message the relay sends on `ws`.
async fn read_heads(ws: &mut peer::Ws) -> Vec<ChangeHash> {
    tokio::time::timeout(Duration::from_secs(300), async {
        while let Some(Ok(frame)) = ws.next().await {
            if let WsMessage::Binary(b) = frame {
                if let Ok(Message::Sync(m)) = decode(&b) {
                    let sync = sync::Message::decode(&m.data).expect("sync message");
                    return sync.heads;
                }
            }
        }
        Vec::new()
    })
    .await
    .expect("the restarted relay answers")
}

/// Issue 12: the relay's log holds no token and no query string, even at `debug` (tokens
/// travel in `?token=`: browsers cannot set headers on a WebSocket).
#[tokio::test]
async fn tokens_never_reach_the_log() {
    let dir = TempDir::new();
    let acme = token(&dir, "acme", None);
    let relay = Relay::start_limited(&dir.0, None, Some("debug"));
    let refused = tokio_tungstenite::connect_async(relay.url("secret-in-the-query")).await;
    assert!(refused.is_err(), "an unknown token is refused");
    let mut peer = Peer::connect(&relay.url(&acme), "p")
        .await
        .expect("connect");
    peer.push(id(1), doc_with("k", "v")).await.expect("push");
    drop(peer);
    let (status, _) = http_get(&relay.addr, "/blobs/00?token=secret-for-a-blob").await;
    assert_ne!(status, 200);
    tokio::time::sleep(Duration::from_millis(300)).await;
    let log = relay.log();
    // The log is written (so the checks below read something).
    assert!(log.contains("sync connection refused"), "{log}");
    assert!(log.contains("sync connection accepted"), "{log}");
    assert!(!log.contains("secret"), "{log}");
    assert!(!log.contains(&acme), "{log}");
}

/// Durability under SIGKILL with two writers: whatever the relay acknowledged (the writer's
/// sync state says the relay has it) is there after a restart, kill after kill.
#[tokio::test]
async fn sigkill_during_writes_loses_no_acknowledged_change() {
    let dir = TempDir::new();
    let acme = token(&dir, "acme", None);
    let doc = id(80);
    let mut acked: Vec<String> = Vec::new();
    let mut copies: Vec<Automerge> = Vec::new();
    for round in 0..4u32 {
        let mut relay = Relay::start(&dir.0);
        let url = relay.url(&acme);
        let mut writers = Vec::new();
        for w in 0..2u32 {
            let url = url.clone();
            let base = copies.get(w as usize).cloned();
            writers.push(tokio::spawn(async move {
                let mut peer = Peer::connect(&url, &format!("writer-{w}-{round}"))
                    .await
                    .expect("connect");
                match base {
                    Some(copy) => peer.store.insert(doc, copy),
                    None => peer.store.insert(doc, Automerge::new()),
                }
                let mut done = Vec::new();
                for n in 0.. {
                    let key = format!("w{w}-r{round}-{n}");
                    let d = peer.store.doc_mut(&doc).expect("doc");
                    let mut tx = d.transaction();
                    tx.put(ROOT, key.as_str(), "v").expect("put");
                    tx.commit();
                    // Acknowledged once the relay told us heads that include it.
                    if peer.sync(doc).await.is_err() {
                        break;
                    }
                    done.push(key);
                }
                (done, peer.store.doc(&doc).cloned())
            }));
        }
        tokio::time::sleep(Duration::from_millis(300 + 150 * u64::from(round))).await;
        let _ = relay.child.kill();
        let _ = relay.child.wait();
        copies.clear();
        for writer in writers {
            let (done, copy) = writer.await.expect("writer");
            acked.extend(done);
            copies.push(copy.unwrap_or_default());
        }
    }
    assert!(
        acked.len() > 10,
        "too few writes to mean anything: {acked:?}"
    );
    let relay = Relay::start(&dir.0);
    let mut reader = Peer::connect(&relay.url(&acme), "reader")
        .await
        .expect("connect");
    let served = reader
        .fetch(doc)
        .await
        .expect("fetch")
        .expect("doc")
        .clone();
    let lost: Vec<&String> = acked
        .iter()
        .filter(|key| read(&served, key).is_none())
        .collect();
    eprintln!(
        "{} acknowledged writes over 4 SIGKILLs, {} lost",
        acked.len(),
        lost.len()
    );
    assert!(lost.is_empty(), "acknowledged changes lost: {lost:?}");
}

/// Item 6, descriptors: under `ulimit -n 128`, 200 half-sent requests must not stop token
/// re-reads (revocation still closes a live socket) nor the relay's answers once the
/// flood times out.
#[tokio::test]
async fn item6_descriptor_exhaustion_keeps_tokens_working() {
    use tokio::io::AsyncWriteExt;
    let dir = TempDir::new();
    let (doomed_id, doomed) = token_with_id(&dir, "acme", None);
    let acme = token(&dir, "acme", None);
    let mut relay = Relay::start_limited(&dir.0, Some(128), None);
    let mut live = Peer::connect(&relay.url(&doomed), "live")
        .await
        .expect("connect");
    live.push(id(90), doc_with("k", "v")).await.expect("push");
    let started = Instant::now();
    let mut flood = Vec::new();
    for _ in 0..200 {
        // Beyond the listen backlog a connect waits for SYN retries: skip those.
        let connect = tokio::net::TcpStream::connect(&relay.addr);
        if let Ok(Ok(mut s)) = tokio::time::timeout(Duration::from_millis(300), connect).await {
            let _ = s.write_all(b"GET /healthz HTTP/1.1\r\nHost: re").await;
            flood.push(s);
        }
    }
    eprintln!(
        "flood of {} connections opened in {:?}",
        flood.len(),
        started.elapsed()
    );
    tokens::revoke(&dir.0.join("data"), &doomed_id, None).expect("revoke");
    let reason = live
        .closed_within(Duration::from_secs(10))
        .await
        .expect("the revoked socket is closed despite the flood");
    eprintln!(
        "revoked under descriptor pressure: {reason} after {:?}",
        started.elapsed()
    );
    // Once the half-sent requests time out (10 s), everyone is served again.
    drop(flood);
    canary(&relay, &acme, 91).await;
    assert!(
        !relay.log().contains("keeping the previous tokens"),
        "the token file could not be read: {}",
        relay.log()
    );
    relay.assert_budget(100);
}

// Figures for the issue's closing note: the same attacks, measured rather than asserted.
// Run against any build: GENDAN_HOSTILE_RELAY_BIN=path cargo test -p gendan-relay --test
// hostile figures -- --ignored --nocapture --test-threads=1

fn bloom_msg(probes: u64) -> Vec<u8> {
    let mut bloom = Vec::new();
    leb(&mut bloom, 1);
    leb(&mut bloom, 10);
    leb(&mut bloom, probes);
    bloom.extend([0xff, 0xff]);
    let mut m = vec![0x42, 0, 0, 1, 0];
    leb(&mut m, bloom.len() as u64);
    m.extend(bloom);
    m.push(0);
    m
}

async fn timed_canary(relay: &Relay, token: &str, n: u8) -> Option<Duration> {
    let started = Instant::now();
    let round = async {
        let mut a = Peer::connect(&relay.url(token), "canary-a").await.ok()?;
        a.push(id(n), doc_with("canary", "alive")).await.ok()?;
        Some(())
    };
    match tokio::time::timeout(Duration::from_secs(60), round).await {
        Ok(Some(())) => Some(started.elapsed()),
        _ => None,
    }
}

#[tokio::test]
#[ignore = "figures for the issue's closing note: --ignored --nocapture"]
async fn figures_item1() {
    for probes in [u64::from(u32::MAX), 1_000_000] {
        let dir = TempDir::new();
        let evil = token(&dir, "evil", Some(vec![id(1)]));
        let acme = token(&dir, "acme", None);
        let mut relay = Relay::start(&dir.0);
        let _attacker = attacker_with_history(&relay.url(&evil)).await;
        let mut ws = raw_joined(&relay.url(&evil), "raw").await;
        ws.send(sync_frame("raw", id(1), bloom_msg(probes)))
            .await
            .expect("send");
        tokio::time::sleep(Duration::from_millis(100)).await;
        let c = timed_canary(&relay, &acme, 9).await;
        let alive = relay.child.try_wait().ok().flatten().is_none();
        let hwm = if alive { relay.memory_mib().1 } else { 0 };
        eprintln!(
            "FIGURE item1 probes={probes}: canary {c:?}, relay alive {alive}, VmHWM {hwm} MiB"
        );
    }
}

#[tokio::test]
#[ignore = "figures for the issue's closing note: --ignored --nocapture"]
async fn figures_item2() {
    let dir = TempDir::new();
    let evil = token(&dir, "evil", None);
    let relay = Relay::start(&dir.0);
    let (mut ws, _) = tokio_tungstenite::connect_async(relay.url(&evil))
        .await
        .expect("c");
    let mut zeros = vec![0x9a];
    zeros.extend(15_000_000u32.to_be_bytes());
    zeros.resize(5 + 15_000_000, 0);
    let _ = ws.send(WsMessage::Binary(zeros.into())).await;
    let _ = tokio::time::timeout(Duration::from_secs(30), async {
        while let Some(Ok(_)) = ws.next().await {}
    })
    .await;
    eprintln!("FIGURE item2 zeros: {:?}", relay.memory_mib());
    drop(relay);
    let dir = TempDir::new();
    let evil = token(&dir, "evil", None);
    let relay = Relay::start(&dir.0);
    let mut ws = raw_joined(&relay.url(&evil), "attacker").await;
    let mut m = vec![0x42, 0, 0];
    leb(&mut m, 4_000_000);
    m.extend(std::iter::repeat_n([0u8, 0u8], 4_000_000).flatten());
    m.push(0);
    let _ = ws.send(sync_frame("attacker", id(2), m)).await;
    tokio::time::sleep(Duration::from_secs(5)).await;
    eprintln!(
        "FIGURE item2 have-list (connection open): {:?}",
        relay.memory_mib()
    );
    drop(ws);
    drop(relay);
    let dir = TempDir::new();
    let evil = token(&dir, "evil", None);
    let relay = Relay::start(&dir.0);
    let mut ws = raw_joined(&relay.url(&evil), "claimer").await;
    for n in 0..20_000u32 {
        let mut m = vec![0x42, 1];
        m.extend(std::iter::repeat_n((n % 251) as u8, 32));
        m.extend([0, 0, 0]);
        let mut doc = [7u8; 16];
        doc[..4].copy_from_slice(&n.to_be_bytes());
        if ws
            .send(sync_frame("claimer", DocumentId::from_bytes(doc), m))
            .await
            .is_err()
        {
            break;
        }
    }
    tokio::time::sleep(Duration::from_secs(5)).await;
    eprintln!(
        "FIGURE item2 20k claims (connection open): {:?}",
        relay.memory_mib()
    );
}

#[tokio::test]
#[ignore = "figures for the issue's closing note: --ignored --nocapture"]
async fn figures_item3() {
    let dir = TempDir::new();
    let acme = token(&dir, "acme", None);
    let talking = [token(&dir, "acme", None), token(&dir, "acme", None)];
    let mut relay = Relay::start(&dir.0);
    let mut owner = Peer::connect(&relay.url(&acme), "owner").await.expect("c");
    owner.push(id(3), doc_with("k", "v")).await.expect("push");
    let mut stallers = Vec::new();
    for n in 0..3 {
        let mut s = Peer::connect(&relay.url(&acme), &format!("s{n}"))
            .await
            .expect("c");
        s.fetch(id(3)).await.expect("f").expect("d");
        stallers.push(s);
    }
    let urls: Vec<String> = talking.iter().map(|t| relay.url(t)).collect();
    let _talkers = talk(&urls, "figures", 48, 60).await;
    tokio::time::sleep(Duration::from_secs(3)).await;
    let slow = relay.log().matches("peer too slow").count();
    eprintln!(
        "FIGURE item3 3 stalled readers x 45 MiB: {:?} (VmRSS, VmHWM), dropped as slow: {slow}",
        relay.memory_mib()
    );
    let took = relay.terminate(Duration::from_secs(30));
    eprintln!("FIGURE item3 SIGTERM with stalled readers: {took:?}");
}

#[tokio::test]
#[ignore = "figures for the issue's closing note: --ignored --nocapture"]
async fn figures_item4() {
    let dir = TempDir::new();
    let acme = token(&dir, "acme", None);
    let evil = token(&dir, "evil", None);
    let relay = Relay::start(&dir.0);
    let mut member = Peer::connect(&relay.url(&acme), "member").await.expect("c");
    member.push(id(40), doc_with("k", "v")).await.expect("p");
    let mut outsider = raw_joined(&relay.url(&evil), "outsider").await;
    outsider
        .send(WsMessage::Binary(
            encode(&Message::Ephemeral {
                sender_id: "forged-device".into(),
                target_id: "relay".into(),
                document_id: id(40),
                session_id: "s".into(),
                count: 1,
                data: vec![1],
            })
            .into(),
        ))
        .await
        .expect("send");
    let _ = member
        .until(Duration::from_secs(2), |p| {
            p.events
                .iter()
                .any(|e| matches!(e, Event::Ephemeral { .. }))
        })
        .await;
    let got: Vec<_> = member
        .events
        .iter()
        .filter_map(|e| match e {
            Event::Ephemeral { sender, .. } => Some(sender.clone()),
            _ => None,
        })
        .collect();
    eprintln!("FIGURE item4 cross-workspace forged ephemeral delivered to the member: {got:?}");
}

#[tokio::test]
#[ignore = "figures for the issue's closing note: --ignored --nocapture"]
async fn figures_item5() {
    let dir = TempDir::new();
    let acme = token(&dir, "acme", None);
    let data = dir.0.join("data");
    let doc = id(50);
    // Stored under acme's key for it (the relay's namespaces).
    let text = gendan_relay::storage_key("acme", &doc).to_string();
    let inc_dir = data
        .join("docs")
        .join(&text[..2])
        .join(&text[2..])
        .join("incremental");
    let relay = Relay::start(&dir.0);
    let mut writer = Peer::connect(&relay.url(&acme), "writer").await.expect("c");
    writer.push(doc, doc_with("a", "1")).await.expect("push");
    let after_a = chunk_files(&inc_dir);
    edit(&mut writer, doc, "b", "2").await;
    let after_b = chunk_files(&inc_dir);
    edit(&mut writer, doc, "c", "3").await;
    let all = chunk_files(&inc_dir);
    let chunk_b = new_chunk(&after_b, &after_a);
    let chunk_c = new_chunk(&all, &after_b);
    drop(writer);
    drop(relay);
    damage(&chunk_b);
    let mut relay = Relay::start(&dir.0);
    let mut reader = Peer::connect(&relay.url(&acme), "reader").await.expect("c");
    reader.fetch(doc).await.expect("fetch").expect("doc");
    for n in 0..12 {
        edit(&mut reader, doc, &format!("r{n}"), "x").await;
    }
    relay.terminate(Duration::from_secs(15));
    eprintln!(
        "FIGURE item5 intact chunk holding c still on disk: {}, incremental files: {}, \
         log mentions damage: {}",
        chunk_c.exists(),
        chunk_files(&inc_dir).len(),
        relay.log().contains("damaged")
    );
}

#[tokio::test]
#[ignore = "figures for the issue's closing note: --ignored --nocapture"]
async fn figures_item6() {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let dir = TempDir::new();
    let relay = Relay::start(&dir.0);
    let mut upload = tokio::net::TcpStream::connect(&relay.addr)
        .await
        .expect("c");
    let hash = "ab".repeat(32);
    let head = format!(
        "PUT /blobs/{hash} HTTP/1.1\r\nHost: relay\r\nAuthorization: Bearer nope\r\n\
         Content-Length: 10485760\r\n\r\n"
    );
    upload.write_all(head.as_bytes()).await.expect("w");
    let started = Instant::now();
    let mut buf = vec![0u8; 64];
    let r = tokio::time::timeout(Duration::from_secs(10), upload.read(&mut buf)).await;
    eprintln!(
        "FIGURE item6 bad-token 10 MB upload answered before the body: {} after {:?}",
        r.is_ok(),
        started.elapsed()
    );
    let mut half = Vec::new();
    for _ in 0..300 {
        let mut s = tokio::net::TcpStream::connect(&relay.addr)
            .await
            .expect("c");
        s.write_all(b"GET /healthz HTTP/1.1\r\nHost: re")
            .await
            .expect("w");
        half.push(s);
    }
    tokio::time::sleep(Duration::from_secs(15)).await;
    let mut closed = 0;
    for s in &mut half {
        let mut b = [0u8; 64];
        if let Ok(Ok(_)) = tokio::time::timeout(Duration::from_millis(20), s.read(&mut b)).await {
            closed += 1;
        }
    }
    eprintln!("FIGURE item6 half-sent requests closed by the relay after 15 s: {closed} of 300");
}

#[tokio::test]
#[ignore = "figures for the issue's closing note: --ignored --nocapture"]
async fn figures_item7() {
    // Real changes first: a build that walks claimed operations may never answer the last.
    let max = gendan_sync::SyncLimits::default().max_ops as usize;
    type Make = fn(usize) -> Vec<u8>;
    let messages: [(&str, Make); 3] = [
        ("1.2 M ops", |_| list_change(1_200_000)),
        ("1,000,000 ops (largest legal)", list_change),
        ("claimed 2^40 ops", |_| claimed_ops_change(1 << 40)),
    ];
    for (n, (label, make)) in messages.into_iter().enumerate() {
        let change = make(max);
        let dir = TempDir::new();
        let evil = token(&dir, "evil", Some(vec![id(1)]));
        let acme = token(&dir, "acme", None);
        let relay = Relay::start(&dir.0);
        let answer = send_change(&relay.url(&evil), id(1), change, Duration::from_secs(300)).await;
        let c = timed_canary(&relay, &acme, 9 + n as u8).await;
        let (a, took) = answer.await.expect("answer");
        eprintln!("FIGURE item7 {label}: answer {a:?} after {took:?}, canary {c:?}");
    }
}

/// What a token's sockets hold of messages begun and never finished: 32 sockets (the per-token
/// limit) each send a first fragment of 15 MiB and nothing more. Run against an older build
/// with `GENDAN_HOSTILE_RELAY_BIN` for the figure before `stall::PartialBudget`.
#[tokio::test]
#[ignore = "figures for the issue's closing note: --ignored --nocapture"]
async fn figures_unfinished_fragments() {
    use tokio_tungstenite::tungstenite::protocol::frame::coding::{Data, OpCode};
    use tokio_tungstenite::tungstenite::protocol::frame::Frame;

    let dir = TempDir::new();
    let acme = token(&dir, "acme", None);
    let mut relay = Relay::start(&dir.0);
    let (_, hwm_before) = relay.memory_mib();
    let mut senders = Vec::new();
    for n in 0..32 {
        let mut ws = raw_joined(&relay.url(&acme), &format!("half{n}")).await;
        senders.push(tokio::spawn(async move {
            let first = Frame::message(vec![7u8; 15 << 20], OpCode::Data(Data::Binary), false);
            // Blocks once the relay stops reading; held until the test ends.
            let _ = ws.send(WsMessage::Frame(first)).await;
            tokio::time::sleep(Duration::from_secs(60)).await;
            drop(ws);
        }));
    }
    tokio::time::sleep(Duration::from_secs(8)).await;
    relay.assert_alive();
    let (rss, hwm) = relay.memory_mib();
    eprintln!(
        "FIGURE unfinished 32 sockets x 15 MiB first fragment: VmRSS {rss} MiB, VmHWM {hwm} MiB (at start {hwm_before} MiB)"
    );
    for s in senders {
        s.abort();
    }
}

/// What resets of a big document cost everyone else: 4 sockets of one token keep saying "I hold
/// nothing" about a 14 MiB document for 10 s, reading every answer, while another token's
/// canary pushes a small document again and again. Run against an older build with
/// `GENDAN_HOSTILE_RELAY_BIN` for the figure before answers were built by a worker
/// (`offload::asks_much`).
#[tokio::test]
#[ignore = "figures for the issue's closing note: --ignored --nocapture"]
async fn figures_resets_of_a_big_document() {
    let (_dir, evil, acme, relay) = evil_and_acme();
    push_big_document(&relay, &evil).await;
    // Every socket joined first, so the resets start together.
    let mut sockets = Vec::new();
    for c in 0..4 {
        let name = format!("resetter-{c}");
        sockets.push((raw_joined(&relay.url(&evil), &name).await, name));
    }
    let until = Instant::now() + Duration::from_secs(10);
    let mut resetters = Vec::new();
    for (mut ws, name) in sockets {
        resetters.push(tokio::spawn(async move {
            let mut answers = 0u32;
            while Instant::now() < until {
                if ws
                    .send(sync_frame(&name, id(9), RESET.to_vec()))
                    .await
                    .is_err()
                {
                    break;
                }
                loop {
                    match tokio::time::timeout(Duration::from_secs(30), ws.next()).await {
                        Ok(Some(Ok(WsMessage::Binary(_)))) => break,
                        Ok(Some(Ok(_))) => {}
                        _ => return answers,
                    }
                }
                answers += 1;
            }
            answers
        }));
    }
    let mut took = Vec::new();
    let mut n = 40u8;
    while Instant::now() < until {
        took.push(timed_canary(&relay, &acme, n).await);
        n = n.wrapping_add(1);
    }
    let mut answers = 0;
    for r in resetters {
        answers += r.await.unwrap_or(0);
    }
    let mut served: Vec<Duration> = took.iter().flatten().copied().collect();
    served.sort();
    let median = served.get(served.len() / 2).copied();
    let worst = served.last().copied();
    eprintln!(
        "FIGURE resets: {answers} whole-document answers in 10 s; canary rounds {} ({} served), median {median:?}, worst {worst:?}",
        took.len(),
        served.len()
    );
}
