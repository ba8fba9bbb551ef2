//! The sync hub: one thread that owns every loaded document and every connection's
//! protocol state (`gendan_sync::Connection`), fed by the WebSocket tasks through a bounded
//! channel.
//!
//! One owner means no locks around documents and a simple durability story, a group
//! commit: the hub takes the frames queued (at most one per connection), applies them and
//! writes the changes (`DocStore::changed`), fsyncs all those writes once, and only then
//! releases the answers — so nothing that tells a peer "the relay has your change" leaves
//! before the change is on disk, and a connection's next frame is only handled after its
//! previous change is durable. File writes block, which is why this runs on its own OS
//! thread rather than on the async runtime. A change from one connection is fanned out to
//! every other connection syncing that document and allowed to see it, 50 ms after the
//! first change, so a burst of edits coalesces into one message per peer.
//!
//! Access control lives in [`View`], the `DocStore` a connection sees: only documents its
//! token may read exist for it; a document unknown to the relay may be created in the
//! token's workspace (if a scoped token lists it). Everything else is `doc-unavailable`.
//!
//! Bounded memory: documents unused for `doc_idle` are compacted if needed and dropped
//! (they reload from disk on demand), with a cap on how many stay loaded; a connection
//! whose outgoing queue is full, in frames or in bytes (a peer that stopped reading), is
//! disconnected at once through its kill switch, which its socket task watches even while
//! it is blocked sending, and its queue is freed.
//!
//! Ephemeral messages (presence, device invitations) are forwarded only from a connection
//! whose token reaches the document, with the connection's own peer id as sender: a
//! `senderId` that is not the one the peer joined with is refused, so nobody can speak in
//! another peer's name or into another workspace.

use std::collections::{BTreeSet, HashMap, HashSet};
use std::io;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime};

use gendan_sync::automerge::{Automerge, ChangeHash};
use gendan_sync::{
    Connection, ConnectionLimits, DocStore, DocumentId, Event, PeerId, PeerMetadata,
};
use tokio::sync::{mpsc, watch};

use crate::docs::{is_complete, DocFiles, Owners, Unsynced, COMPACT_AFTER};
use crate::tokens::Grant;

pub(crate) type ConnId = u64;

/// WebSocket close codes the hub asks for.
pub(crate) const CLOSE_GOING_AWAY: u16 = 1001;
pub(crate) const CLOSE_POLICY: u16 = 1008;
pub(crate) const CLOSE_PROTOCOL: u16 = 1002;
/// "Try again later": the relay dropped a peer that did not read what it was sent.
pub(crate) const CLOSE_TRY_LATER: u16 = 1013;

/// Why the hub wants a socket closed now, ahead of any queued frames.
pub(crate) type Kill = Option<(u16, String)>;

/// The hub's side of one socket: its queue, the bytes queued, and the kill switch.
pub(crate) struct Outlet {
    pub out: mpsc::Sender<Outgoing>,
    /// Bytes of frames queued and not yet taken by the socket task (which subtracts).
    pub queued: Arc<AtomicUsize>,
    pub kill: watch::Sender<Kill>,
}

/// What a WebSocket task tells the hub.
pub(crate) enum Command {
    Open {
        conn: ConnId,
        grant: Grant,
        outlet: Outlet,
    },
    Frame {
        conn: ConnId,
        bytes: Vec<u8>,
        /// This frame's share of the inbound byte budget, returned when it is handled.
        _budget: tokio::sync::OwnedSemaphorePermit,
    },
    Closed {
        conn: ConnId,
    },
    /// Periodic housekeeping (eviction).
    Tick,
    /// The token ids currently valid; connections using any other are closed.
    Tokens(BTreeSet<String>),
    /// Close every connection, compact, and stop; `done` fires when finished.
    Shutdown {
        done: std::sync::mpsc::Sender<()>,
    },
}

/// What the hub asks a WebSocket task to do.
#[derive(Debug)]
pub(crate) enum Outgoing {
    Frame(Vec<u8>),
    Close { code: u16, reason: String },
}

#[derive(Debug, Clone)]
pub(crate) struct HubConfig {
    pub peer_id: String,
    pub max_message_bytes: usize,
    pub doc_idle: Duration,
    pub max_loaded_docs: usize,
    /// Bytes queued for one socket before its peer counts as too slow (one frame is
    /// always allowed, whatever its size).
    pub max_queued_bytes: usize,
    /// What one connection may make the hub hold (documents, sync state).
    pub connection: ConnectionLimits,
}

#[derive(Debug, thiserror::Error)]
#[error("document storage failed: {0}")]
pub(crate) struct StoreError(#[from] io::Error);

/// A document held in memory by the hub: its state, chunks written since the last compaction,
/// and when it was last used (for eviction).
struct LoadedDoc {
    doc: Automerge,
    incrementals: usize,
    last_used_ms: u64,
}

/// Documents known to be damaged (a quarantined chunk, or changes waiting for missing
/// dependencies) and not yet healed; `/healthz` reports them.
pub(crate) type Damaged = Arc<std::sync::Mutex<BTreeSet<DocumentId>>>;

/// When the hub last finished a batch (ms since the epoch). It handles a tick every
/// second when idle, so an old beat means it is stuck; `/healthz` reports it.
pub(crate) type Beat = Arc<std::sync::atomic::AtomicU64>;

/// A beat older than this makes `/healthz` answer 503.
pub(crate) const STUCK_AFTER_MS: u64 = 10_000;

/// Loaded documents, their files and owners.
struct Docs {
    damaged: Damaged,
    files: DocFiles,
    owners: Owners,
    loaded: HashMap<DocumentId, LoadedDoc>,
    now_ms: u64,
    /// Writes of the current batch, made durable before any answer leaves.
    unsynced: Unsynced,
    /// Documents created for a peer in the current batch: the ones still empty when it
    /// ends are dropped (and their unwritten claims released), so claiming documents
    /// without sending changes costs the relay nothing that outlives the batch.
    fresh: Vec<DocumentId>,
}

impl Docs {
    /// The document if the relay has it (loading it from disk if needed).
    fn load(&mut self, id: &DocumentId) -> io::Result<Option<&mut LoadedDoc>> {
        if !self.loaded.contains_key(id) {
            if self.owners.get(id).is_none() {
                return Ok(None);
            }
            let loaded = match self.files.load(id, true)? {
                Some(on_disk) => {
                    if !on_disk.damaged.is_empty() || !is_complete(&on_disk.doc) {
                        tracing::warn!(
                            document = %id,
                            quarantined = on_disk.damaged.len(),
                            "document is damaged (chunks quarantined or changes missing); \
                             it will not be compacted until peers heal it"
                        );
                        self.set_damaged(id, true);
                    }
                    LoadedDoc {
                        doc: on_disk.doc,
                        incrementals: on_disk.incrementals,
                        last_used_ms: self.now_ms,
                    }
                }
                // Owned but never written (its first message failed): empty.
                None => LoadedDoc {
                    doc: Automerge::new(),
                    incrementals: 0,
                    last_used_ms: self.now_ms,
                },
            };
            self.loaded.insert(*id, loaded);
        }
        let now = self.now_ms;
        let Some(l) = self.loaded.get_mut(id) else {
            return Ok(None);
        };
        l.last_used_ms = now;
        Ok(Some(l))
    }

    fn set_damaged(&self, id: &DocumentId, damaged: bool) {
        let mut set = self.damaged.lock().unwrap_or_else(|p| p.into_inner());
        if damaged {
            set.insert(*id);
        } else if set.remove(id) {
            tracing::info!(document = %id, "document healed: every change it depends on is back");
        }
    }

    /// Drops documents created in this batch that received nothing.
    fn drop_fresh_empty(&mut self) {
        for id in std::mem::take(&mut self.fresh) {
            let empty = self
                .loaded
                .get(&id)
                .is_some_and(|l| l.doc.get_heads().is_empty());
            if empty {
                self.loaded.remove(&id);
                self.owners.release_unlogged(&id);
            }
        }
    }

    fn evict(&mut self, id: &DocumentId) {
        if let Some(l) = self.loaded.remove(id) {
            if l.incrementals > 1 {
                if let Err(err) = self.files.compact(id, &l.doc) {
                    tracing::warn!(document = %id, error = %err, "cannot compact");
                }
            }
        }
    }
}

/// The documents one connection may see.
struct View<'a> {
    docs: &'a mut Docs,
    grant: &'a Grant,
}

impl DocStore for View<'_> {
    type Doc = Automerge;

    type Error = StoreError;

    fn get(&mut self, id: &DocumentId) -> Result<Option<&mut Automerge>, StoreError> {
        if !self.grant.may_read(id, self.docs.owners.get(id)) {
            return Ok(None);
        }
        Ok(self.docs.load(id)?.map(|l| &mut l.doc))
    }

    fn create(&mut self, id: &DocumentId) -> Result<Option<&mut Automerge>, StoreError> {
        if self.docs.owners.get(id).is_some() {
            // Known to the relay: only its own workspace may see it.
            return self.get(id);
        }
        if !self.grant.may_create(id) {
            return Ok(None);
        }
        self.docs.owners.claim(*id, &self.grant.workspace);
        self.docs.fresh.push(*id);
        let now = self.docs.now_ms;
        let l = self.docs.loaded.entry(*id).or_insert_with(|| LoadedDoc {
            doc: Automerge::new(),
            incrementals: 0,
            last_used_ms: now,
        });
        Ok(Some(&mut l.doc))
    }

    fn changed(&mut self, id: &DocumentId, before: &[ChangeHash]) -> Result<(), StoreError> {
        let result = self.persist(id, before);
        if result.is_err() {
            // Memory is ahead of the disk: forget it, reload what is durable next time.
            self.docs.loaded.remove(id);
        }
        result
    }
}

impl View<'_> {
    fn persist(&mut self, id: &DocumentId, before: &[ChangeHash]) -> Result<(), StoreError> {
        // The owner line commits together with the document's first chunk.
        self.docs.owners.log(id, &mut self.docs.unsynced)?;
        let files = self.docs.files.clone();
        let Some(l) = self.docs.load(id)? else {
            return Err(StoreError(io::Error::other(
                "changed document is not loaded",
            )));
        };
        let chunk = l.doc.save_after(before);
        let incrementals = l.incrementals + 1;
        l.incrementals = incrementals;
        let complete = is_complete(&l.doc);
        // A document lacking changes (a damaged chunk) is never compacted: see docs.rs.
        if incrementals > COMPACT_AFTER && complete {
            // The snapshot is written durably before the chunks it covers are removed.
            let snapshot = files.compact(id, &l.doc);
            l.incrementals = 0;
            snapshot?;
        } else {
            files.save_incremental(id, &chunk, &mut self.docs.unsynced)?;
        }
        if complete {
            self.docs.set_damaged(id, false);
        }
        Ok(())
    }
}

struct Conn {
    conn: Connection,
    grant: Grant,
    outlet: Outlet,
}

/// What became of a flush.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Flushed {
    Ok,
    /// The peer is not reading: its queue is full in frames or bytes.
    Slow,
    /// The socket task has ended (a normal disconnect racing with our answer).
    Gone,
}

impl Conn {
    /// Hands queued frames to the socket task, within `max_bytes` of queued data.
    fn flush(&mut self, max_bytes: usize) -> Flushed {
        for frame in self.conn.take_outgoing_bytes() {
            let queued = self.outlet.queued.load(Ordering::Acquire);
            if queued > 0 && queued + frame.len() > max_bytes {
                return Flushed::Slow;
            }
            let len = frame.len();
            match self.outlet.out.try_send(Outgoing::Frame(frame)) {
                Ok(()) => {
                    self.outlet.queued.fetch_add(len, Ordering::AcqRel);
                }
                Err(mpsc::error::TrySendError::Full(_)) => return Flushed::Slow,
                Err(mpsc::error::TrySendError::Closed(_)) => return Flushed::Gone,
            }
        }
        Flushed::Ok
    }
}

struct Hub {
    beat: Beat,
    config: HubConfig,
    docs: Docs,
    conns: HashMap<ConnId, Conn>,
    /// Connections with answers held back until the batch's writes are durable.
    touched: HashSet<ConnId>,
    /// Connections to close once their held-back answers (an `error` message) are sent.
    closing: Vec<(ConnId, u16, &'static str)>,
    /// Documents changed since the last fan-out, and when the oldest change arrived.
    dirty: BTreeSet<DocumentId>,
    dirty_since: Option<Instant>,
}

/// How long changes to a document collect before they are fanned out (automerge-repo
/// throttles its own sends per document by 100 ms).
const FAN_OUT_DELAY: Duration = Duration::from_millis(50);

pub(crate) fn now_ms() -> u64 {
    SystemTime::now()
        .duration_since(SystemTime::UNIX_EPOCH)
        .map(|d| d.as_millis() as u64)
        .unwrap_or(0)
}

/// Everything the hub thread needs, prepared on the caller's thread so start-up problems
/// (an unreadable owners log) fail the relay's start instead of silently disabling sync.
pub(crate) struct Prepared {
    hub: Hub,
    runtime: tokio::runtime::Runtime,
}

pub(crate) fn prepare(
    data_dir: &Path,
    config: HubConfig,
    damaged: Damaged,
    beat: Beat,
) -> io::Result<Prepared> {
    let owners = Owners::load(data_dir)?;
    // The hub's own single-threaded runtime, only for its channel and fan-out timer: the
    // blocking file writes stay off the server's async workers.
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_time()
        .build()?;
    Ok(Prepared {
        hub: Hub {
            beat,
            config,
            docs: Docs {
                damaged,
                files: DocFiles::new(data_dir),
                owners,
                loaded: HashMap::new(),
                now_ms: now_ms(),
                unsynced: Unsynced::default(),
                fresh: Vec::new(),
            },
            conns: HashMap::new(),
            touched: HashSet::new(),
            closing: Vec::new(),
            dirty: BTreeSet::new(),
            dirty_since: None,
        },
        runtime,
    })
}

/// Runs the hub (on its own thread) until `Shutdown` or until every sender is gone.
pub(crate) fn run(prepared: Prepared, mut rx: mpsc::Receiver<Command>) {
    let Prepared { mut hub, runtime } = prepared;
    runtime.block_on(async move {
        // A frame from a connection that already has one in the current batch waits for
        // the next batch: each change is durable before its sender's next frame is read.
        let mut deferred: Option<Command> = None;
        loop {
            let first = match deferred.take() {
                Some(command) => Some(command),
                // Changes are fanned out `FAN_OUT_DELAY` after the first one, so a burst of
                // edits to a document reaches each other peer as one sync message.
                None => match hub.dirty_since {
                    Some(since) => {
                        let deadline = tokio::time::Instant::from_std(since + FAN_OUT_DELAY);
                        tokio::select! {
                            command = rx.recv() => command,
                            () = tokio::time::sleep_until(deadline) => {
                                hub.flush_fan_out();
                                continue;
                            }
                        }
                    }
                    None => rx.recv().await,
                },
            };
            let Some(first) = first else {
                break;
            };
            // Group commit: handle what is queued (one frame per connection), make the
            // writes durable once, then release the answers.
            let mut in_batch: HashSet<ConnId> = HashSet::new();
            let mut next = Some(first);
            let mut handled = 0;
            while let Some(command) = next.take() {
                if let Command::Frame { conn, .. } = &command {
                    if !in_batch.insert(*conn) {
                        deferred = Some(command);
                        break;
                    }
                }
                hub.docs.now_ms = now_ms();
                if let Command::Shutdown { done } = command {
                    hub.commit();
                    hub.shutdown();
                    let _ = done.send(());
                    return;
                }
                hub.handle(command);
                handled += 1;
                if handled < MAX_BATCH {
                    next = rx.try_recv().ok();
                }
            }
            hub.commit();
            hub.beat.store(now_ms(), Ordering::Relaxed);
        }
        hub.commit();
        hub.shutdown();
    });
}

/// Most commands handled before the batch's writes are made durable.
const MAX_BATCH: usize = 256;

impl Hub {
    fn handle(&mut self, command: Command) {
        match command {
            Command::Open {
                conn,
                grant,
                outlet,
            } => {
                let connection = Connection::acceptor(
                    PeerId::new(self.config.peer_id.clone()),
                    PeerMetadata {
                        storage_id: None,
                        is_ephemeral: Some(false),
                    },
                    self.docs.now_ms,
                )
                .with_max_message_bytes(self.config.max_message_bytes)
                .with_limits(self.config.connection);
                self.conns.insert(
                    conn,
                    Conn {
                        conn: connection,
                        grant,
                        outlet,
                    },
                );
            }
            Command::Frame { conn, bytes, .. } => self.frame(conn, &bytes),
            Command::Closed { conn } => {
                self.conns.remove(&conn);
            }
            Command::Tick => self.tick(),
            Command::Tokens(valid) => {
                let revoked: Vec<ConnId> = self
                    .conns
                    .iter()
                    .filter(|(_, c)| !valid.contains(&c.grant.token_id))
                    .map(|(id, _)| *id)
                    .collect();
                for id in revoked {
                    // Closed after the batch commits, like every other answer.
                    self.touched.insert(id);
                    self.closing.push((id, CLOSE_POLICY, "token revoked"));
                }
            }
            Command::Shutdown { done } => {
                self.commit();
                self.shutdown();
                let _ = done.send(());
            }
        }
    }

    fn frame(&mut self, id: ConnId, bytes: &[u8]) {
        let now = self.docs.now_ms;
        let Some(c) = self.conns.get_mut(&id) else {
            return;
        };
        let mut view = View {
            docs: &mut self.docs,
            grant: &c.grant,
        };
        let conn = &mut c.conn;
        // automerge should never panic on bad input; if it does, only this peer pays.
        let result = catch_unwind(AssertUnwindSafe(|| {
            conn.receive_bytes(bytes, &mut view, now)
        }));
        match result {
            Ok(Ok(events)) => {
                self.touched.insert(id);
                for event in events {
                    match event {
                        Event::DocChanged(doc) => {
                            self.dirty.insert(doc);
                            self.dirty_since.get_or_insert_with(Instant::now);
                        }
                        Event::Ephemeral {
                            document_id,
                            sender,
                            session_id,
                            count,
                            data,
                        } => self.ephemeral(id, &document_id, sender, session_id, count, data),
                        Event::Closed { .. } => self.closing.push((id, 1000, "bye")),
                        Event::Ready { .. } | Event::Synced(_) | Event::DocUnavailable(_) => {}
                    }
                }
            }
            Ok(Err(err)) => {
                // The connection queued an `error` message; send it (after this batch's
                // writes are durable: earlier answers may acknowledge them), then close.
                let code = if err.is_remote_fault() {
                    CLOSE_PROTOCOL
                } else {
                    1011
                };
                if !err.is_remote_fault() {
                    tracing::error!(conn = id, error = %err, "sync connection failed");
                }
                self.touched.insert(id);
                self.closing.push((id, code, "protocol error"));
            }
            Err(_) => {
                tracing::error!(conn = id, "sync connection: panic while handling a frame");
                // In-memory documents may be half-updated; disk holds every acknowledged change.
                self.docs.loaded.clear();
                if let Some(c) = self.conns.get_mut(&id) {
                    c.conn.close_with_error("internal error");
                }
                self.touched.insert(id);
                self.closing.push((id, 1011, "internal error"));
            }
        }
    }

    /// Ends a batch: makes its writes durable, then releases the answers held back and
    /// performs the closes that waited for them. If the disk fails, nothing is
    /// acknowledged: the connections concerned are closed and their peers will resend.
    fn commit(&mut self) {
        if let Err(err) = self.docs.unsynced.sync() {
            tracing::error!(error = %err, "cannot make document writes durable");
            // Memory may now be ahead of the disk; reload from disk on next use.
            self.docs.loaded.clear();
            self.docs.fresh.clear();
            for id in std::mem::take(&mut self.touched) {
                if let Some(c) = self.conns.remove(&id) {
                    c.outlet
                        .kill
                        .send_replace(Some((1011, "storage failure".into())));
                }
            }
            self.closing.clear();
            return;
        }
        let mut slow = Vec::new();
        for id in std::mem::take(&mut self.touched) {
            if let Some(c) = self.conns.get_mut(&id) {
                match c.flush(self.config.max_queued_bytes) {
                    Flushed::Ok => {}
                    flushed => slow.push((id, flushed)),
                }
            }
        }
        for (id, flushed) in slow {
            self.drop_conn(id, flushed);
        }
        for (id, code, reason) in std::mem::take(&mut self.closing) {
            self.close(id, code, reason);
        }
        self.docs.drop_fresh_empty();
    }

    /// Sends pending changes of every changed document to the connections syncing it.
    fn flush_fan_out(&mut self) {
        self.dirty_since = None;
        for doc in std::mem::take(&mut self.dirty) {
            self.fan_out(&doc);
        }
    }

    /// Tells every connection syncing `doc` (and allowed to see it) about new changes. The
    /// connection the changes came from has nothing new to hear, and automerge's sync state
    /// knows that.
    fn fan_out(&mut self, doc: &DocumentId) {
        let mut failed = Vec::new();
        for (id, c) in self.conns.iter_mut() {
            if !c.conn.is_ready()
                || !c.conn.is_syncing(doc)
                || !c.grant.may_read(doc, self.docs.owners.get(doc))
            {
                continue;
            }
            let mut view = View {
                docs: &mut self.docs,
                grant: &c.grant,
            };
            let conn = &mut c.conn;
            let ok = matches!(
                catch_unwind(AssertUnwindSafe(|| conn.sync_doc(doc, &mut view))),
                Ok(Ok(()))
            );
            if !ok {
                tracing::warn!(conn = id, document = %doc, "dropping sync connection: cannot sync");
                failed.push((*id, Flushed::Gone));
                continue;
            }
            match c.flush(self.config.max_queued_bytes) {
                Flushed::Ok => {}
                flushed => failed.push((*id, flushed)),
            }
        }
        for (id, flushed) in failed {
            self.drop_conn(id, flushed);
        }
    }

    /// Checks an ephemeral message from `from` and forwards it: only about a document its
    /// token reaches, only in its own name.
    fn ephemeral(
        &mut self,
        from: ConnId,
        doc: &DocumentId,
        sender: PeerId,
        session_id: String,
        count: u64,
        data: Vec<u8>,
    ) {
        let Some(c) = self.conns.get_mut(&from) else {
            return;
        };
        let own = c.conn.remote_peer().cloned();
        if sender.as_str().is_empty() || own.as_ref() != Some(&sender) {
            c.conn
                .close_with_error("ephemeral `senderId` must be the peer id you joined with");
            self.closing.push((from, CLOSE_PROTOCOL, "forged senderId"));
            return;
        }
        if !c.grant.may_read(doc, self.docs.owners.get(doc)) {
            // Not the sender's document: say so, as for a sync message, and drop it.
            c.conn.send_doc_unavailable(doc);
            return;
        }
        self.forward_ephemeral(from, doc, sender, session_id, count, data);
    }

    fn forward_ephemeral(
        &mut self,
        from: ConnId,
        doc: &DocumentId,
        sender: PeerId,
        session_id: String,
        count: u64,
        data: Vec<u8>,
    ) {
        let mut touched = Vec::new();
        for (id, c) in self.conns.iter_mut() {
            if *id == from
                || !c.conn.is_syncing(doc)
                || !c.grant.may_read(doc, self.docs.owners.get(doc))
            {
                continue;
            }
            c.conn
                .send_ephemeral(doc, sender.clone(), session_id.clone(), count, data.clone());
            // Sent with the batch's other answers.
            touched.push(*id);
        }
        self.touched.extend(touched);
    }

    fn close(&mut self, id: ConnId, code: u16, reason: &str) {
        if let Some(mut c) = self.conns.remove(&id) {
            if code == CLOSE_POLICY {
                c.conn.close_with_error(reason);
            }
            // Whatever is queued (an `error` message, answers) goes before the close.
            let flushed = c.flush(self.config.max_queued_bytes);
            let queued = flushed == Flushed::Ok
                && c.outlet
                    .out
                    .try_send(Outgoing::Close {
                        code,
                        reason: reason.to_owned(),
                    })
                    .is_ok();
            if !queued {
                // A peer that does not read would never see a queued close (and a
                // revoked token must not keep its socket): close it now.
                c.outlet.kill.send_replace(Some((code, reason.to_owned())));
            }
        }
    }

    /// Forgets a connection that cannot take more frames. A slow peer's socket is closed
    /// at once (1013) and its queue freed; a gone one just ended normally.
    fn drop_conn(&mut self, id: ConnId, flushed: Flushed) {
        if let Some(c) = self.conns.remove(&id) {
            if flushed == Flushed::Slow {
                tracing::warn!(conn = id, "dropping sync connection: peer too slow");
                c.outlet
                    .kill
                    .send_replace(Some((CLOSE_TRY_LATER, "peer too slow".into())));
            }
        }
    }

    fn tick(&mut self) {
        let now = self.docs.now_ms;
        let idle_ms = self.config.doc_idle.as_millis() as u64;
        let mut idle: Vec<(u64, DocumentId)> = self
            .docs
            .loaded
            .iter()
            .map(|(id, l)| (l.last_used_ms, *id))
            .collect();
        idle.sort();
        let over = idle.len().saturating_sub(self.config.max_loaded_docs);
        for (n, (used, id)) in idle.into_iter().enumerate() {
            if n < over || now.saturating_sub(used) >= idle_ms {
                self.docs.evict(&id);
            }
        }
    }

    fn shutdown(&mut self) {
        let ids: Vec<ConnId> = self.conns.keys().copied().collect();
        for id in ids {
            self.close(id, CLOSE_GOING_AWAY, "relay shutting down");
        }
        let loaded: Vec<DocumentId> = self.docs.loaded.keys().copied().collect();
        for id in loaded {
            self.docs.evict(&id);
        }
    }
}
