//! The sync hub: one thread that owns every loaded document and every connection's
//! protocol state (`gendan_sync::Connection`), fed by the WebSocket tasks through a bounded
//! channel.
//!
//! One owner means no locks around documents and a simple durability story, a group
//! commit: the hub takes the frames queued (up to 64 per connection, 256 in all), applies
//! them and collects the changes (`DocStore::changed`) in a `store::Batch`, commits the batch
//! once (`Store::commit`: one fsync of the files, or one PostgreSQL transaction), and only
//! then releases the answers — so nothing that tells a peer "the relay has your change"
//! leaves before the change is durable, and a burst from one peer costs one commit per batch,
//! not one per frame. Storage calls block, which is why this runs on its own OS
//! thread rather than on the async runtime. With a database shared by several relays, the
//! changes other relays commit arrive as `Command::Remote` (their NOTIFY) and reach this
//! relay's peers through the same fan-out. A change from one connection is fanned out to
//! every other connection syncing that document and allowed to see it, 50 ms after the
//! first change, so a burst of edits coalesces into one message per peer.
//!
//! Big messages. Applying a sync message costs time in proportion to its operations (the
//! largest legal one, 1,000,000, takes tens of seconds in a debug build), and this thread
//! serves every workspace. A message of at least `offload::OFFLOAD_OPS` operations goes to a
//! worker (`offload.rs`) with its connection's state and its document; both are busy until
//! the worker is back. A token has at most one job at a time, so one peer cannot hold every
//! worker. Frames from that connection or about that document wait, in arrival
//! order and holding their share of the inbound byte budget; everything else is served
//! meanwhile. The first message about a big stored document goes to a worker too, which
//! loads it (parsing it is as slow). A big document a resume needs, and a document another
//! relay changed, are read by a worker as well (`fetch.rs`), busy in the same way meanwhile. The worker writes and fsyncs the change itself; its answer leaves with the
//! next commit (after the document's owner line, logged when the job started, is durable),
//! so the rules above hold for it too.
//!
//! Access control lives in [`View`], the `DocStore` a connection sees: only documents its
//! token may read exist for it; a document unknown to the relay may be created in the
//! token's workspace (if a scoped token lists it). Everything else is `doc-unavailable`.
//!
//! Bounded memory: documents unused for `doc_idle` are compacted if needed and dropped
//! (they reload from disk on demand), with a cap on how many stay loaded; a connection
//! whose outgoing queue is full, in frames or in bytes (a peer that stopped reading), is
//! disconnected at once through its kill switch, which its socket task watches even while
//! it is blocked sending, and its queue is freed. Answers wait in the outboxes until the
//! batch commits, and one small frame may be answered with a whole document, so a batch also
//! stops taking a connection's frames once its answers fill half its queue, and stops taking
//! any once its answers hold `MAX_BATCH_ANSWER_BYTES`.
//!
//! Ephemeral messages (presence, device invitations) are forwarded only from a connection
//! whose token reaches the document, with the connection's own peer id as sender: a
//! `senderId` that is not the one the peer joined with is refused, so nobody can speak in
//! another peer's name or into another workspace. They are best-effort: a token's messages
//! (a workspace's links' together) share one allowance (`ephemeral.rs`) and what is over it is dropped, and a listener whose
//! queue holds a quarter of its bound is sent none, so someone else's flood never has it
//! closed as too slow.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet, VecDeque};
use std::io;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime};

use gendan_sync::automerge::{Automerge, ChangeHash, ReadDoc};
use gendan_sync::resume::ACCEPTED;
use gendan_sync::{
    decode_with_limit, Connection, ConnectionLimits, DocStore, DocumentId, Event, Message, PeerId,
    PeerMetadata, ProtocolError, SharedHeads,
};
use tokio::sync::{mpsc, watch};

use crate::doc_quota::DocUsage;
use crate::docs::{is_complete, Owner, Owners, COMPACT_AFTER};
use crate::ephemeral::{listener_has_room, Allowances};
use crate::fetch::{self, Fetched, Fetches};
use crate::keeper::Keeper;
use crate::lookup::{Looked, Lookups};
use crate::offload::{self, Done, Job, JobConn, Source, MAX_JOBS};
use crate::store::{Batch, SharedStore, Store};
use crate::tokens::Grant;
use crate::warm::{self, Warmed, Warming, MAX_WARMING, WARM_AT};

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
    /// The same over every connection of its token (see `HubConfig::max_token_queued_bytes`).
    pub token_queued: Arc<AtomicUsize>,
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
        _budget: crate::shares::Share,
    },
    Closed {
        conn: ConnId,
    },
    /// Periodic housekeeping (eviction).
    Tick,
    /// What each valid token allows, by token id: connections using any other token are
    /// closed, the others see what their token allows now.
    Tokens(BTreeMap<String, Grant>),
    /// Another relay committed changes to `doc` (a shared database): its heads now include
    /// `heads` (empty: unknown, reload), and its chunks take `added_elsewhere` bytes more
    /// (0 when this relay made the commit: counted already).
    Remote {
        doc: DocumentId,
        owner: Owner,
        heads: Vec<ChangeHash>,
        added_elsewhere: u64,
    },
    /// Notifications may have been missed (the listener (re)connected): reload the owners
    /// and every loaded document.
    Resync,
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
    /// What the loaded documents may weigh together (`Limits::max_loaded_bytes`, by default
    /// [`MAX_LOADED_BYTES`]).
    pub max_loaded_bytes: u64,
    /// Bytes queued for one socket before its peer counts as too slow (one frame is
    /// always allowed, whatever its size).
    pub max_queued_bytes: usize,
    /// Bytes queued over all the connections of one token: one token's 32 connections that
    /// stopped reading could otherwise hold 32 times a connection's share.
    pub max_token_queued_bytes: usize,
    /// What one connection may make the hub hold (documents, sync state).
    pub connection: ConnectionLimits,
    /// Bytes of stored documents per workspace (`doc_quota.rs`); `u64::MAX` counts nothing.
    pub max_workspace_doc_bytes: u64,
    /// Documents per workspace (`Limits::max_workspace_docs`).
    pub max_workspace_docs: usize,
}

#[derive(Debug, thiserror::Error)]
pub(crate) enum StoreError {
    #[error("document storage failed: {0}")]
    Io(#[from] io::Error),
    /// The change would take the workspace past its quota (`doc_quota.rs`).
    #[error("the workspace has no room left on this relay")]
    Full,
}

/// What [`persist_doc`] wrote.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Persisted {
    /// An incremental chunk of this many bytes, in the batch.
    Chunk(u64),
    /// A snapshot replacing the document's chunks, durable already.
    Compacted,
}

/// A document held in memory by the hub: its state, chunks written since the last compaction,
/// and when it was last used (for eviction).
pub(crate) struct LoadedDoc {
    pub(crate) doc: Automerge,
    incrementals: usize,
    pub(crate) last_used_ms: u64,
    /// Bytes of the sync frames handled since the document last had no change waiting for
    /// dependencies (see [`MAX_WAITING_BYTES`]).
    waiting_bytes: usize,
    /// What the document weighs in memory: measured uncompressed when it is loaded, plus the
    /// inflated bytes of every message admitted since (see [`MAX_DOC_INFLATED_BYTES`]).
    pub(crate) weight: u64,
}

impl LoadedDoc {
    fn empty(now_ms: u64) -> Self {
        LoadedDoc {
            doc: Automerge::new(),
            incrementals: 0,
            last_used_ms: now_ms,
            waiting_bytes: 0,
            weight: 0,
        }
    }

    /// Takes changes weighing `bytes` once inflated from a peer on `grant`, unless the
    /// document would then weigh more than that grant may fill it to ([`doc_bound`]: `Err`
    /// with that bound). Counted before they are applied, so changes the document already
    /// holds count again: it errs high until the document is next loaded.
    pub(crate) fn admit(&mut self, bytes: u64, grant: &Grant) -> Result<(), u64> {
        let bound = doc_bound(grant);
        let weight = self.weight.saturating_add(bytes);
        if weight > bound {
            return Err(bound);
        }
        self.weight = weight;
        Ok(())
    }
}

/// What one document may weigh in memory, inflated (16 MiB). DEFLATE inflates up to ~1,000×,
/// and automerge keeps a value as written: 60 KB frames each saying 60 MiB of zeros made the
/// relay hold gigabytes while the bytes sent, the inbound budget and the stored (compressed)
/// bytes stayed small. Honest documents are far below it: an order is a few KiB (photos and
/// files are blobs, never values), and the largest legal message, 1,000,000 operations, a
/// few MiB. A message that would take a document past it is refused like any message over a
/// limit (`SyncLimitError::DocumentTooLarge`, 1002), and the peer's other documents are not
/// touched. Loaded documents together weigh at most [`MAX_LOADED_BYTES`].
pub(crate) const MAX_DOC_INFLATED_BYTES: u64 = 16 << 20;

/// What a peer on `grant` may fill a document to: a link (a factory's phone, or a link
/// forwarded in a chat) half of [`MAX_DOC_INFLATED_BYTES`], so one cannot pad an order it
/// shares to the bound and have every later change to it refused, the office's included; the
/// office's devices have the rest.
pub(crate) fn doc_bound(grant: &Grant) -> u64 {
    match grant.docs {
        Some(_) => MAX_DOC_INFLATED_BYTES / 2,
        None => MAX_DOC_INFLATED_BYTES,
    }
}

/// What the loaded documents may weigh together before the least recently used are evicted
/// (compacted to disk and dropped; they reload on demand), unless `Limits::max_loaded_bytes`
/// says otherwise. The count cap alone
/// (`Limits::max_loaded_docs`) let 2,000 documents of [`MAX_DOC_INFLATED_BYTES`] each be held.
pub(crate) const MAX_LOADED_BYTES: u64 = 512 << 20;

/// A batch holding this many bytes of chunks is committed before it takes more frames, so
/// what waits for the fsync in `Batch::chunks` stays bounded however the frames inflate.
const MAX_BATCH_CHUNK_BYTES: u64 = 32 << 20;

/// A batch whose frames queued this many bytes of answers is committed, and its answers
/// flushed, before it takes more frames. Answers wait in their connections' outboxes until
/// the commit, and the queue bounds (`HubConfig::max_queued_bytes`, per token
/// `max_token_queued_bytes`) are checked only as they are flushed, while one frame of 7 bytes
/// (a remote saying it holds nothing) is answered with a whole document: 64 such frames of
/// each of a token's sockets, about a document of 14 MiB, held gigabytes before any socket was
/// found too slow. So what a batch holds of answers is its frames' share of this, plus one
/// answer.
const MAX_BATCH_ANSWER_BYTES: usize = 32 << 20;

/// A change whose dependencies the relay lacks waits in automerge's queue, in memory and
/// nowhere else, until they arrive. An honest peer's wait is one round trip (a Bloom filter
/// false positive: the relay asks for what is missing); a peer that sends changes after one it
/// never sends would have the relay keep them all. Once the frames handled while a document
/// had changes waiting add up to this, the document is dropped from memory (it reloads from
/// disk, where nothing that waits ever was) and the connection that sent the last of them is
/// closed.
const MAX_WAITING_BYTES: usize = 32 << 20;

/// Reads an owned document from disk (empty if it was never written: its first message
/// failed), reporting it damaged if chunks were quarantined or changes are missing. Used
/// by the hub and by the workers of `offload.rs`.
pub(crate) fn read_doc(
    store: &dyn Store,
    damaged: &Damaged,
    id: &DocumentId,
    now_ms: u64,
) -> io::Result<LoadedDoc> {
    let Some(on_disk) = store.load(id, true)? else {
        return Ok(LoadedDoc::empty(now_ms));
    };
    if !on_disk.damaged.is_empty() || !is_complete(&on_disk.doc) {
        tracing::warn!(
            document = %id,
            quarantined = on_disk.damaged.len(),
            "document is damaged (chunks quarantined or changes missing); \
             it will not be compacted until peers heal it"
        );
        mark_damaged(damaged, id, true);
    }
    let weight = weigh(&on_disk.doc);
    Ok(LoadedDoc {
        waiting_bytes: 0,
        doc: on_disk.doc,
        incrementals: on_disk.incrementals,
        last_used_ms: now_ms,
        weight,
    })
}

/// What `doc` weighs in memory. Measured, not taken from the stored bytes: a snapshot is
/// compressed, and what it says may weigh a thousand times more in memory.
pub(crate) fn weigh(doc: &Automerge) -> u64 {
    doc.save_nocompress().len() as u64
}

/// Writes what a received message added to `l` (its heads were `before`): an incremental
/// chunk, durable when `batch` commits, or a compaction when enough chunks piled up.
/// `owner` is the document's, told to other relays with its new heads. A chunk larger than
/// `room` (what the workspace's quota leaves) is refused: nothing is written.
pub(crate) fn persist_doc(
    store: &dyn Store,
    damaged: &Damaged,
    (id, owner): (&DocumentId, &Owner),
    l: &mut LoadedDoc,
    (before, room): (&[ChangeHash], u64),
    batch: &mut Batch,
) -> Result<Persisted, StoreError> {
    let chunk = l.doc.save_after(before);
    if chunk.len() as u64 > room {
        return Err(StoreError::Full);
    }
    l.incrementals += 1;
    let complete = is_complete(&l.doc);
    // A document lacking changes (a damaged chunk) is never compacted: see docs.rs.
    let persisted = if l.incrementals > COMPACT_AFTER && complete {
        // The snapshot is written durably before the chunks it covers are removed.
        let snapshot = store.compact(id, &l.doc);
        l.incrementals = 0;
        snapshot?;
        // The snapshot, durable now, covers this batch's chunks of the document too.
        batch.chunks.retain(|(chunk_of, _)| chunk_of != id);
        Persisted::Compacted
    } else {
        let bytes = chunk.len() as u64;
        batch.chunks.push((*id, chunk));
        Persisted::Chunk(bytes)
    };
    batch
        .changed
        .insert(*id, (owner.clone(), l.doc.get_heads()));
    if complete {
        mark_damaged(damaged, id, false);
    }
    Ok(persisted)
}

fn mark_damaged(damaged: &Damaged, id: &DocumentId, is_damaged: bool) {
    let mut set = damaged.lock().unwrap_or_else(|p| p.into_inner());
    if is_damaged {
        set.insert(*id);
    } else if set.remove(id) {
        tracing::info!(document = %id, "document healed: every change it depends on is back");
    }
}

/// Documents known to be damaged (a quarantined chunk, or changes waiting for missing
/// dependencies) and not yet healed; `/healthz` reports them.
pub(crate) type Damaged = Arc<std::sync::Mutex<BTreeSet<DocumentId>>>;

/// The hub's pulse. `last_ms`: when it last finished a batch (ms since the epoch); it handles
/// a tick every second when idle, so an old beat means it is stuck, and `/healthz` reports
/// it. `frames` and `batches` count sync frames handled and group commits made, so an
/// operator (and a test) can see how many frames share one fsync. The loads say where
/// documents were read from the store (on the hub, which serves nobody meanwhile, or by a
/// worker) and the heaviest read on the hub, so a test can tell that a big document did not
/// stall the hub without timing it; `worker_answers` counts answers a worker built for a peer
/// holding nothing known of a big loaded document; `loaded_bytes` is what the loaded documents
/// weigh.
#[derive(Debug, Default)]
pub(crate) struct Pulse {
    pub last_ms: std::sync::atomic::AtomicU64,
    pub frames: std::sync::atomic::AtomicU64,
    pub batches: std::sync::atomic::AtomicU64,
    pub hub_loads: std::sync::atomic::AtomicU64,
    pub heaviest_hub_load: std::sync::atomic::AtomicU64,
    pub worker_loads: std::sync::atomic::AtomicU64,
    pub worker_answers: std::sync::atomic::AtomicU64,
    pub loaded_bytes: std::sync::atomic::AtomicU64,
}

pub(crate) type Beat = Arc<Pulse>;

/// A beat older than this makes `/healthz` answer 503.
pub(crate) const STUCK_AFTER_MS: u64 = 10_000;

/// Loaded documents, their files and owners.
struct Docs {
    /// The hub's counters (loads on the hub, loaded weight).
    beat: Beat,
    damaged: Damaged,
    store: SharedStore,
    owners: Owners,
    loaded: HashMap<DocumentId, LoadedDoc>,
    now_ms: u64,
    /// Writes of the current batch, made durable before any answer leaves.
    batch: Batch,
    /// Documents created for a peer in the current batch: the ones still empty when it
    /// ends are dropped (and their unwritten claims released), so claiming documents
    /// without sending changes costs the relay nothing that outlives the batch.
    fresh: Vec<DocumentId>,
    /// Documents a worker is applying a message to (`offload.rs`): not in `loaded`, and
    /// never read from disk meanwhile (the worker's copy is ahead of it).
    busy: HashSet<DocumentId>,
    /// Heads of documents evicted since they were last loaded (their stored state), so a
    /// resuming peer's kept map is checked without reading them back. An entry goes when the
    /// document is loaded again or another relay changes it: only `loaded` changes.
    evicted_heads: HashMap<DocumentId, Vec<ChangeHash>>,
    /// Stored bytes per workspace, against its quota.
    usage: DocUsage,
    /// Owners asked of a shared store off the hub (`lookup.rs`).
    lookups: Lookups,
    /// Documents read (or brought up to date) by a worker for the hub itself (`fetch.rs`).
    fetches: Fetches,
    /// Most documents a workspace may have (`Limits::max_workspace_docs`).
    max_docs: usize,
}

impl Docs {
    /// Evicts the least recently used documents until the loaded ones weigh at most
    /// `max_bytes` together (see [`MAX_LOADED_BYTES`]), and records what they weigh then.
    fn shed(&mut self, max_bytes: u64) {
        let mut total: u64 = self.loaded.values().map(|l| l.weight).sum();
        if total > max_bytes {
            total = self.shed_from(total, max_bytes);
        }
        self.beat.loaded_bytes.store(total, Ordering::Relaxed);
    }

    /// [`Docs::shed`] from `total`: what is left loaded.
    fn shed_from(&mut self, mut total: u64, max_bytes: u64) -> u64 {
        let mut by_use: Vec<(u64, DocumentId, u64)> = self
            .loaded
            .iter()
            .map(|(id, l)| (l.last_used_ms, *id, l.weight))
            .collect();
        by_use.sort();
        for (_, id, weight) in by_use {
            if total <= max_bytes {
                break;
            }
            tracing::debug!(document = %id, weight, "evicted: the loaded documents weigh too much");
            self.evict(&id);
            total = total.saturating_sub(weight);
        }
        total
    }

    /// The document if the relay has it (loading it from disk if needed).
    fn load(&mut self, id: &DocumentId) -> io::Result<Option<&mut LoadedDoc>> {
        if self.busy.contains(id) {
            // Its only up-to-date copy is with a worker; disk may be behind it.
            return Err(io::Error::other("document busy with a worker"));
        }
        if !self.loaded.contains_key(id) {
            if self.owners.get(id).is_none() {
                return Ok(None);
            }
            let loaded = read_doc(&*self.store, &self.damaged, id, self.now_ms)?;
            self.beat.hub_loads.fetch_add(1, Ordering::Relaxed);
            self.beat
                .heaviest_hub_load
                .fetch_max(loaded.weight, Ordering::Relaxed);
            self.evicted_heads.remove(id);
            self.loaded.insert(*id, loaded);
        }
        let now = self.now_ms;
        let Some(l) = self.loaded.get_mut(id) else {
            return Ok(None);
        };
        l.last_used_ms = now;
        Ok(Some(l))
    }

    /// On a store shared with other relays, asks it for the owner of a document this relay
    /// has not heard of: another relay may have created it a moment ago, its notification
    /// still on the way. Claiming it here would hide what is stored.
    fn refresh_owner(&mut self, id: &DocumentId) {
        if !self.store.is_shared()
            || self.owners.get(id).is_some()
            || self.lookups.known_absent(id, self.now_ms)
        {
            return;
        }
        // A frame about an unknown document asked off the hub first (`lookup.rs`); this is
        // for the rest (a frame that waited longer than an answer is believed).
        tracing::debug!(document = %id, "looking up the owner of one document on the hub");
        match self.store.owners_of(&[*id]) {
            Ok(found) => {
                for (id, owner) in found {
                    self.owners.learn(id, owner);
                }
            }
            Err(err) => tracing::warn!(document = %id, error = %err, "cannot look up an owner"),
        }
    }

    /// Drops documents created in this batch that received nothing (or whose change was
    /// refused, which dropped them from memory).
    fn drop_fresh_empty(&mut self) {
        for id in std::mem::take(&mut self.fresh) {
            if self.busy.contains(&id) {
                continue;
            }
            let empty = self
                .loaded
                .get(&id)
                .is_none_or(|l| l.doc.get_heads().is_empty());
            if empty {
                self.loaded.remove(&id);
                self.owners.release_unlogged(&id);
            }
        }
    }

    /// Whether `workspace` has as many documents as it may keep: a new one is refused (the
    /// peer hears `NO_ROOM`). Each document costs the relay memory (its owner, its size), so
    /// a byte quota alone let one workspace push millions of tiny documents (151 bytes of
    /// memory each for its owner alone).
    fn at_most_docs(&self, workspace: &str) -> bool {
        let full = self.docs_full(workspace);
        if full {
            tracing::warn!(
                workspace,
                "a new document refused: the workspace has as many as it may keep"
            );
        }
        full
    }

    /// [`Docs::at_most_docs`] without its warning, for a path that only picks where a frame
    /// goes: the hub's path it falls back to refuses, and warns, once.
    fn docs_full(&self, workspace: &str) -> bool {
        self.owners.count(workspace) >= self.max_docs
    }

    /// Whether `id` is stored, not loaded, and big enough to load on a worker.
    fn big_on_disk(&self, id: &DocumentId) -> bool {
        !self.loaded.contains_key(id)
            && !self.busy.contains(id)
            && self.owners.get(id).is_some()
            && self
                .store
                .is_big(
                    id,
                    offload::OFFLOAD_LOAD_BYTES,
                    offload::OFFLOAD_OPS,
                    offload::OFFLOAD_INFLATED_BYTES,
                )
                .is_ok_and(|big| big)
    }

    /// Document `id` if it is loaded, not busy, and weighs enough that answering a peer that
    /// holds nothing of it costs the hub ([`offload::asks_much`]).
    fn big_loaded(&self, id: &DocumentId) -> Option<&Automerge> {
        self.loaded
            .get(id)
            .filter(|l| l.weight >= offload::OFFLOAD_INFLATED_BYTES && !self.busy.contains(id))
            .map(|l| &l.doc)
    }

    /// Whether a resume of `id` (the peer kept `shared`) would read it here although it is big
    /// on disk: its heads are not known, or they moved, so it must be read to be compared or
    /// synced. Then a worker reads it (`fetch.rs`) and `true` says so; a resume naming such a
    /// document made the hub load it, however big, while everyone waited.
    fn fetch_to_resume(&mut self, id: &DocumentId, shared: &[ChangeHash]) -> bool {
        let unmoved = self
            .evicted_heads
            .get(id)
            .is_some_and(|ours| same_heads(ours, shared));
        if unmoved || !self.big_on_disk(id) {
            return false;
        }
        self.fetches.want(*id);
        true
    }

    /// The relay's heads of `id`, without loading it when it was evicted; `None` if it is
    /// not stored here.
    fn heads_of(&mut self, id: &DocumentId) -> io::Result<Option<Vec<ChangeHash>>> {
        if let Some(heads) = self.evicted_heads.get(id) {
            return Ok(Some(heads.clone()));
        }
        Ok(self.load(id)?.map(|l| l.doc.get_heads()))
    }

    fn evict(&mut self, id: &DocumentId) {
        // A failpoint for the test that the hub outlives a panic (debug builds only).
        #[cfg(debug_assertions)]
        if std::env::var("GENDAN_TEST_PANIC_EVICTING").is_ok_and(|v| v == id.to_string()) {
            panic!("test failpoint: evicting {id}");
        }
        if let Some(l) = self.loaded.remove(id) {
            self.evicted_heads.insert(*id, l.doc.get_heads());
            if l.incrementals > 1 {
                let started = Instant::now();
                match self.store.compact(id, &l.doc) {
                    // The snapshot covers the batch's chunks of the document too.
                    Ok(true) => {
                        self.batch.chunks.retain(|(chunk_of, _)| chunk_of != id);
                        self.usage.rewritten(*id);
                    }
                    Ok(false) => {}
                    Err(err) => tracing::warn!(document = %id, error = %err, "cannot compact"),
                }
                tracing::debug!(document = %id, took = ?started.elapsed(), "compacted on eviction");
            }
        }
    }
}

/// The documents one connection may see: its workspace's, by the ids its peer uses (the
/// connection's side), each stored under its workspace's key (the hub's side; `docs.rs`).
struct View<'a> {
    docs: &'a mut Docs,
    grant: &'a Grant,
}

impl DocStore for View<'_> {
    type Doc = Automerge;

    type Error = StoreError;

    fn get(&mut self, name: &DocumentId) -> Result<Option<&mut Automerge>, StoreError> {
        let id = self.key(name);
        self.docs.refresh_owner(&id);
        if !self.grant.may_read(self.docs.owners.owner(&id)) {
            return Ok(None);
        }
        // Owned with nothing stored (its first change was refused, or failed on a worker):
        // not held, so a request is answered `doc-unavailable`, unless it is being filled.
        let fresh = self.docs.fresh.contains(&id);
        Ok(self
            .docs
            .load(&id)?
            .filter(|l| fresh || !l.doc.get_heads().is_empty())
            .map(|l| &mut l.doc))
    }

    fn create(&mut self, name: &DocumentId) -> Result<Option<&mut Automerge>, StoreError> {
        let id = self.key(name);
        self.docs.refresh_owner(&id);
        if self.docs.owners.get(&id).is_some() {
            // Stored already: only its own workspace may see it, and fill it if empty.
            if self.grant.may_read(self.docs.owners.owner(&id)) && !self.docs.fresh.contains(&id) {
                self.docs.fresh.push(id);
            }
            return self.get(name);
        }
        if !self.grant.may_create(name) {
            return Ok(None);
        }
        if self.docs.at_most_docs(&self.grant.workspace) {
            return Err(StoreError::Full);
        }
        self.docs
            .owners
            .claim(id, Owner::new(&self.grant.workspace, *name));
        self.docs.fresh.push(id);
        let now = self.docs.now_ms;
        let l = self
            .docs
            .loaded
            .entry(id)
            .or_insert_with(|| LoadedDoc::empty(now));
        Ok(Some(&mut l.doc))
    }

    fn changed(&mut self, name: &DocumentId, before: &[ChangeHash]) -> Result<(), StoreError> {
        let id = self.key(name);
        let result = self.persist(&id, before);
        if result.is_err() {
            // Memory is ahead of the disk: forget it, reload what is durable next time.
            self.docs.loaded.remove(&id);
        }
        result
    }

    fn is_full(error: &StoreError) -> bool {
        matches!(error, StoreError::Full)
    }

    fn admit_changes(&mut self, name: &DocumentId, bytes: u64) -> Result<(), u64> {
        let id = self.key(name);
        match self.docs.loaded.get_mut(&id) {
            Some(l) => l.admit(bytes, self.grant),
            None => Ok(()),
        }
    }
}

impl View<'_> {
    /// Where the connection's workspace stores the document its peer calls `name`.
    fn key(&self, name: &DocumentId) -> DocumentId {
        self.docs.owners.key(&self.grant.workspace, name)
    }

    fn persist(&mut self, id: &DocumentId, before: &[ChangeHash]) -> Result<(), StoreError> {
        let store = Arc::clone(&self.docs.store);
        let damaged = Arc::clone(&self.docs.damaged);
        let owner = self
            .docs
            .owners
            .owner(id)
            .cloned()
            .ok_or_else(|| StoreError::Io(io::Error::other("changed document has no owner")))?;
        let room = self.docs.usage.room(&owner.workspace);
        let mut batch = std::mem::take(&mut self.docs.batch);
        let result = match self.docs.load(id) {
            Ok(Some(l)) => persist_doc(
                &*store,
                &damaged,
                (id, &owner),
                l,
                (before, room),
                &mut batch,
            ),
            Ok(None) => Err(StoreError::Io(io::Error::other(
                "changed document is not loaded",
            ))),
            Err(err) => Err(err.into()),
        };
        self.docs.batch = batch;
        match result? {
            Persisted::Chunk(bytes) => self.docs.usage.chunk(&owner.workspace, *id, bytes),
            Persisted::Compacted => self.docs.usage.rewritten(*id),
        }
        // The owner line commits together with the document's first chunk.
        self.docs.owners.log(id, &mut self.docs.batch);
        Ok(())
    }
}

struct Conn {
    conn: Connection,
    grant: Grant,
    outlet: Outlet,
    /// The peer's sync map, kept when the connection ends (persistent peers only).
    kept: Option<Kept>,
    /// Its `join` went to a worker to read the heads its kept map needs (`warm.rs`): once.
    warmed: bool,
    /// The kept map its `join` offered, read and decoded while deciding whether the join
    /// waits (`join_waits`), so the resume does not read it again.
    offered_kept: Option<SharedHeads>,
}

/// What this relay keeps of its sync with one persistent peer (`gendan_sync::resume`):
/// per document, the heads the connection last saw both sides hold.
struct Kept {
    storage_id: String,
    heads: SharedHeads,
}

impl JobConn for Conn {
    fn connection(&mut self) -> &mut Connection {
        &mut self.conn
    }

    fn grant(&self) -> &Grant {
        &self.grant
    }
}

/// A connection whose state is with a worker, and what happened to it meanwhile. Ephemeral
/// messages (presence) for it are dropped while it is away: they are refreshed, not queued.
#[derive(Default)]
struct Away {
    token_id: String,
    /// Its token's budget key (`Grant::budget_key`): one job at a time per key.
    budget_key: String,
    /// Its token's workspace (the keys of the documents its frames name).
    workspace: String,
    /// Its socket ended.
    gone: bool,
    /// Its token was revoked.
    revoked: bool,
    /// What its token allows changed meanwhile.
    regrant: Option<Grant>,
    /// The size of the frame the worker handles (see [`MAX_WAITING_BYTES`]).
    frame_bytes: usize,
    /// The document's workspace, and the room reserved in it for the worker's write.
    reserved: (String, u64),
    /// Documents fanned out without it: it hears about them when it is back.
    missed: BTreeSet<DocumentId>,
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
    /// Hands queued frames to the socket task, within `max_bytes` of queued data for the
    /// connection and `max_token_bytes` for its token.
    fn flush(&mut self, max_bytes: usize, max_token_bytes: usize) -> Flushed {
        let (queued, token_queued) = (&self.outlet.queued, &self.outlet.token_queued);
        // Encoded one at a time, each message dropped once it is a frame: encoding the whole
        // outbox first held every answer twice.
        for message in self.conn.take_outgoing() {
            let frame = gendan_sync::encode(&message);
            drop(message);
            let len = frame.len();
            let mine = queued.load(Ordering::Acquire);
            let token = token_queued.load(Ordering::Acquire);
            if (mine > 0 && mine + len > max_bytes) || (token > 0 && token + len > max_token_bytes)
            {
                return Flushed::Slow;
            }
            // Counted before the socket task can take (and subtract) it.
            queued.fetch_add(len, Ordering::AcqRel);
            token_queued.fetch_add(len, Ordering::AcqRel);
            if let Err(e) = self.outlet.out.try_send(Outgoing::Frame(frame)) {
                queued.fetch_sub(len, Ordering::AcqRel);
                token_queued.fetch_sub(len, Ordering::AcqRel);
                return match e {
                    mpsc::error::TrySendError::Full(_) => Flushed::Slow,
                    mpsc::error::TrySendError::Closed(_) => Flushed::Gone,
                };
            }
        }
        Flushed::Ok
    }
}

/// What `offload::heavy` found about a frame's message: its changes' weight inflated if it is
/// worth a job, `None` if not. Kept with a frame that waits after being measured, because
/// measuring inflates the changes and a waiting frame is looked at again at every release.
#[derive(Debug, Clone, Copy)]
struct Measured {
    inflated: Option<u64>,
    /// The job the frame was found worth (its document, and the weight `dispatch` takes), when
    /// it then waited for a worker: kept too, since finding it again reads the document's size
    /// on disk or looks into the message against the whole document, at every release.
    job: Option<(DocumentId, u64)>,
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
    /// Frames to handle before reading the channel again, in order: a frame that came in a
    /// batch already holding its connection's, then frames released by a finished job.
    ready: VecDeque<(Command, Option<Measured>)>,
    /// Frames of a busy connection, about a busy document, or behind such a frame of their
    /// connection (per-connection order), with how many each connection has here. They
    /// keep their share of the inbound byte budget while they wait.
    waiting: VecDeque<(Command, Option<Measured>)>,
    waiting_per_conn: HashMap<ConnId, usize>,
    /// Connections whose state is with a worker.
    away: HashMap<ConnId, Away>,
    /// Where workers report.
    done: mpsc::UnboundedSender<Done<Conn>>,
    /// Writes the sync maps kept for persistent peers, off this thread.
    keeper: Keeper,
    /// `join`s waiting for a worker to read the heads their resume needs (`warm.rs`).
    warming: HashMap<ConnId, Warming>,
    /// A worker reads every owner for a resync; `Some(true)`: another resync came meanwhile,
    /// so they are read again once it is back.
    reading_owners: Option<bool>,
    /// Where the workers reading for the hub (`warm.rs`, `lookup.rs`, `doc_quota.rs`) report.
    replies: mpsc::UnboundedSender<Reply>,
    /// What each token may still have forwarded of ephemeral data (`ephemeral.rs`).
    ephemeral: Allowances,
}

/// What a worker that read something for the hub brings back.
pub(crate) enum Reply {
    Warmed(Warmed),
    Looked(Looked),
    /// A document read for the hub (`fetch.rs`); boxed, a document being large.
    Fetched(Box<Fetched>),
    /// Every document's owner, read for a resync.
    Owners(io::Result<HashMap<DocumentId, Owner>>),
    /// A workspace's stored bytes per document (`doc_quota.rs`).
    Counted {
        workspace: String,
        sizes: io::Result<HashMap<DocumentId, u64>>,
    },
}

/// How long a workspace's stored bytes counted on a shared store are trusted (see `tick`).
const RECOUNT_MS: u64 = 60 * 60 * 1000;

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
    done: mpsc::UnboundedReceiver<Done<Conn>>,
    replies: mpsc::UnboundedReceiver<Reply>,
}

pub(crate) fn prepare(
    store: SharedStore,
    config: HubConfig,
    damaged: Damaged,
    beat: Beat,
) -> io::Result<Prepared> {
    let owners = Owners::new(store.owners()?);
    // The hub's own single-threaded runtime, only for its channel and fan-out timer: the
    // blocking file writes stay off the server's async workers.
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_time()
        .build()?;
    let (done, done_rx) = mpsc::unbounded_channel();
    let (replies, replies_rx) = mpsc::unbounded_channel();
    let usage = DocUsage::new(config.max_workspace_doc_bytes);
    let max_docs = config.max_workspace_docs;
    let keeper = Keeper::start(Arc::clone(&store))?;
    Ok(Prepared {
        hub: Hub {
            beat: Arc::clone(&beat),
            config,
            docs: Docs {
                beat,
                damaged,
                store,
                owners,
                loaded: HashMap::new(),
                now_ms: now_ms(),
                batch: Batch::default(),
                fresh: Vec::new(),
                busy: HashSet::new(),
                evicted_heads: HashMap::new(),
                usage,
                lookups: Lookups::default(),
                fetches: Fetches::default(),
                max_docs,
            },
            conns: HashMap::new(),
            touched: HashSet::new(),
            closing: Vec::new(),
            dirty: BTreeSet::new(),
            dirty_since: None,
            ready: VecDeque::new(),
            waiting: VecDeque::new(),
            waiting_per_conn: HashMap::new(),
            away: HashMap::new(),
            done,
            keeper,
            warming: HashMap::new(),
            reading_owners: None,
            replies,
            ephemeral: Allowances::default(),
        },
        runtime,
        done: done_rx,
        replies: replies_rx,
    })
}

/// Runs the hub (on its own thread) until `Shutdown` or until every sender is gone.
pub(crate) fn run(prepared: Prepared, mut rx: mpsc::Receiver<Command>) {
    let Prepared {
        mut hub,
        runtime,
        done: mut done_rx,
        replies: mut replies_rx,
    } = prepared;
    runtime.block_on(async move {
        loop {
            let first = match hub.ready.pop_front() {
                Some(held) => Some(held),
                // Changes are fanned out `FAN_OUT_DELAY` after the first one, so a burst of
                // edits to a document reaches each other peer as one sync message.
                None => {
                    let deadline = hub
                        .dirty_since
                        .map(|since| tokio::time::Instant::from_std(since + FAN_OUT_DELAY));
                    tokio::select! {
                        Some(done) = done_rx.recv() => {
                            hub.docs.now_ms = now_ms();
                            let conn = done.conn_id;
                            hub.guarded(Some(conn), |hub| hub.finish(done));
                            hub.commit();
                            hub.beat.last_ms.store(now_ms(), Ordering::Relaxed);
                            continue;
                        }
                        Some(reply) = replies_rx.recv() => {
                            hub.docs.now_ms = now_ms();
                            let conn = match &reply {
                                Reply::Warmed(w) => Some(w.conn),
                                _ => None,
                            };
                            hub.guarded(conn, |hub| hub.reply(reply));
                            hub.commit();
                            continue;
                        }
                        command = rx.recv() => command.map(|c| (c, None)),
                        () = tokio::time::sleep_until(
                            deadline.unwrap_or_else(tokio::time::Instant::now)
                        ), if deadline.is_some() => {
                            hub.guarded(None, Hub::flush_fan_out);
                            continue;
                        }
                    }
                }
            };
            let Some(first) = first else {
                break;
            };
            // Group commit: handle what is queued (up to `MAX_FRAMES_PER_CONN` frames per
            // connection), make the writes durable once, then release the answers.
            let batch_started = Instant::now();
            let mut in_batch: HashMap<ConnId, usize> = HashMap::new();
            let mut next = Some(first);
            let mut handled = 0;
            let mut frames = 0;
            // Bytes of answers the batch's frames queued, held until its commit.
            let mut answers = 0;
            while let Some((command, measured)) = next.take() {
                // A connection past its share waits for the next batch, in arrival order, so
                // one busy peer cannot make everyone's acknowledgements wait on its burst. So
                // does one whose answers in this batch already fill half its queue: they are
                // flushed (or it is found too slow) before it is answered again.
                let mut frame_of = None;
                if let Command::Frame { conn, .. } = &command {
                    let n = in_batch.entry(*conn).or_default();
                    if *n == MAX_FRAMES_PER_CONN || (*n > 0 && hub.answers_fill_queue(*conn)) {
                        hub.ready.push_front((command, measured));
                        break;
                    }
                    *n += 1;
                    frames += 1;
                    frame_of = Some((*conn, hub.outgoing_bytes(*conn)));
                }
                hub.docs.now_ms = now_ms();
                if let Command::Shutdown { done } = command {
                    hub.wait_for_jobs(&mut done_rx).await;
                    hub.commit();
                    hub.shutdown();
                    let _ = done.send(());
                    return;
                }
                let conn = match &command {
                    Command::Open { conn, .. }
                    | Command::Frame { conn, .. }
                    | Command::Closed { conn } => Some(*conn),
                    _ => None,
                };
                hub.guarded(conn, |hub| match command {
                    command @ Command::Frame { .. } => hub.frame(command, measured),
                    command => hub.handle(command),
                });
                handled += 1;
                if let Some((conn, before)) = frame_of {
                    answers += hub.outgoing_bytes(conn).saturating_sub(before);
                }
                if handled < MAX_BATCH
                    && hub.docs.batch.chunk_bytes() < MAX_BATCH_CHUNK_BYTES
                    && answers < MAX_BATCH_ANSWER_BYTES
                {
                    next = hub
                        .ready
                        .pop_front()
                        .or_else(|| rx.try_recv().ok().map(|c| (c, None)));
                }
            }
            hub.commit();
            hub.beat.last_ms.store(now_ms(), Ordering::Relaxed);
            hub.beat.frames.fetch_add(frames, Ordering::Relaxed);
            hub.beat.batches.fetch_add(1, Ordering::Relaxed);
            let took = batch_started.elapsed();
            if took >= SLOW_BATCH {
                tracing::debug!(?took, handled, "slow hub batch");
            }
        }
        hub.wait_for_jobs(&mut done_rx).await;
        hub.commit();
        hub.shutdown();
    });
}

/// Whether a write failed for want of room (the disk, a disk quota, the database's disk).
pub(crate) fn is_disk_full(kind: io::ErrorKind) -> bool {
    matches!(
        kind,
        io::ErrorKind::StorageFull | io::ErrorKind::QuotaExceeded
    )
}

/// A batch or fan-out at least this long is logged (at `debug`): time the hub spends on one
/// thing is time every other peer waits.
const SLOW_BATCH: Duration = Duration::from_millis(200);

/// Most commands handled before the batch's writes are made durable.
const MAX_BATCH: usize = 256;

/// Most frames of one connection in one batch. Several frames of a connection may share an
/// fsync: none of their answers leaves before the commit, and a failed commit closes every
/// connection the batch touched, so each peer resends whatever was not acknowledged. With one
/// frame per connection per batch, a client pushing 1,000 new documents waited for 1,000
/// fsyncs in a row.
const MAX_FRAMES_PER_CONN: usize = 64;

impl Hub {
    /// What `conn`'s answers not yet flushed weigh (`Connection::outgoing_bytes`).
    fn outgoing_bytes(&self, conn: ConnId) -> usize {
        self.conns.get(&conn).map_or(0, |c| c.conn.outgoing_bytes())
    }

    /// Whether `conn`'s answers waiting for the commit, with what its socket (or its token's
    /// sockets) still has queued, fill half its queue bound: its next frames wait for the next
    /// batch, after the flush. Half, so that one more answer (up to a message, by default
    /// half the bound) still fits when a peer that reads is flushed.
    fn answers_fill_queue(&self, conn: ConnId) -> bool {
        let Some(c) = self.conns.get(&conn) else {
            return false;
        };
        let out = c.conn.outgoing_bytes();
        let queued = c.outlet.queued.load(Ordering::Acquire);
        let token_queued = c.outlet.token_queued.load(Ordering::Acquire);
        out.saturating_add(queued) >= self.config.max_queued_bytes / 2
            || out.saturating_add(token_queued) >= self.config.max_token_queued_bytes / 2
    }

    /// Runs `step` so that a panic in it (automerge should never panic on what a peer sent, but
    /// the hub serves every workspace) costs the connection it was for, not the hub: the hub
    /// thread dying stopped sync for everyone until the relay was restarted. What is in memory
    /// may be half-changed, so every loaded document is dropped after what the batch already
    /// holds is made durable; they reload from disk.
    fn guarded(&mut self, conn: Option<ConnId>, step: impl FnOnce(&mut Hub)) {
        if catch_unwind(AssertUnwindSafe(|| step(self))).is_ok() {
            return;
        }
        tracing::error!(
            ?conn,
            "the sync hub caught a panic; dropping that connection and reloading documents"
        );
        if let Some(id) = conn {
            self.away.remove(&id);
            if let Some(c) = self.conns.remove(&id) {
                c.outlet
                    .kill
                    .send_replace(Some((1011, "internal error".into())));
            }
        }
        self.commit();
        let busy = &self.docs.busy;
        self.docs.loaded.retain(|id, _| busy.contains(id));
        self.docs.evicted_heads.clear();
        self.warming.values_mut().for_each(Warming::stale);
    }

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
                        resume: None,
                        orders: None,
                        shared: None,
                        link_proof: None,
                        team_proof: None,
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
                        kept: None,
                        warmed: false,
                        offered_kept: None,
                    },
                );
            }
            command @ Command::Frame { .. } => self.frame(command, None),
            Command::Closed { conn } => {
                if let Some(away) = self.away.get_mut(&conn) {
                    away.gone = true;
                }
                if let Some(c) = self.conns.remove(&conn) {
                    self.keep(&c);
                }
            }
            Command::Tick => self.tick(),
            Command::Tokens(valid) => {
                let mut revoked = Vec::new();
                for (id, c) in self.conns.iter_mut() {
                    match valid.get(&c.grant.token_id) {
                        None => revoked.push(*id),
                        // A token's list edited (a document shared or withdrawn): from the next
                        // frame and the next fan-out on, the connection sees what it allows now.
                        Some(grant) => c.grant.clone_from(grant),
                    }
                }
                for id in revoked {
                    // Closed after the batch commits, like every other answer.
                    self.touched.insert(id);
                    self.closing.push((id, CLOSE_POLICY, "token revoked"));
                }
                for away in self.away.values_mut() {
                    match valid.get(&away.token_id) {
                        None => away.revoked = true,
                        Some(grant) => away.regrant = Some(grant.clone()),
                    }
                }
            }
            Command::Remote {
                doc,
                owner,
                heads,
                added_elsewhere,
            } => {
                // The workspace's quota holds across the relays of one database.
                self.docs
                    .usage
                    .added_elsewhere(&owner.workspace, doc, added_elsewhere);
                self.remote(doc, owner, &heads);
            }
            Command::Resync => self.resync(),
            Command::Shutdown { done } => {
                self.commit();
                self.shutdown();
                let _ = done.send(());
            }
        }
    }

    /// Handles a frame now, hands it to a worker (a big sync message, see `offload.rs`),
    /// or makes it wait for its busy connection or document. `measured` is what measuring
    /// its message found before, if it waited after being measured.
    fn frame(&mut self, command: Command, measured: Option<Measured>) {
        let Command::Frame {
            conn: id,
            bytes,
            _budget: budget,
        } = command
        else {
            return;
        };
        if !self.conns.contains_key(&id) && !self.away.contains_key(&id) {
            return;
        }
        // A connection this batch decided to close (its token revoked, a protocol error) acts
        // no more: a revoked token's frames queued behind the revocation must not apply.
        if self.closing.iter().any(|(closing, _, _)| *closing == id) {
            return;
        }
        let message = decode_with_limit(&bytes, self.config.max_message_bytes).ok();
        if let Some(Message::Join { peer_metadata, .. }) = &message {
            if self.join_waits(id, peer_metadata) {
                self.wait(id, bytes, budget, measured);
                return;
            }
        }
        // The document the frame names, by its key in the connection's workspace.
        let doc = message.as_ref().and_then(offload::doc_of).and_then(|name| {
            let workspace = match self.conns.get(&id) {
                Some(c) => &c.grant.workspace,
                None => &self.away.get(&id)?.workspace,
            };
            Some(self.docs.owners.key(workspace, &name))
        });
        // On a shared store, an unknown document's owner is asked off the hub first.
        let unknown = doc.filter(|d| {
            self.docs.store.is_shared()
                && self.docs.owners.get(d).is_none()
                && !self.docs.lookups.known_absent(d, self.docs.now_ms)
        });
        // Decided before anything looks into the message: checking and measuring its changes
        // inflates them, and a frame that waits is looked at again at every release, so a
        // peer keeping its connection busy could otherwise make the hub inflate the same
        // queue of bombs over and over.
        let waits = unknown.is_some()
            || self.away.contains_key(&id)
            || self.warming.contains_key(&id)
            || self.waiting_per_conn.contains_key(&id)
            || doc.is_some_and(|d| self.docs.busy.contains(&d));
        // A workspace written to for the first time since the start is counted first; what
        // only reads (a request, a reply without changes) goes on meanwhile. A frame waiting
        // anyway has its workspace counted meanwhile without asking whether it writes.
        let uncounted = doc
            .and_then(|d| {
                let c = self.conns.get(&id)?;
                let workspace = self.docs.owners.get(&d).unwrap_or(&c.grant.workspace);
                (!self.docs.usage.is_counted(workspace)).then(|| workspace.to_owned())
            })
            .filter(|_| {
                waits
                    || message
                        .as_ref()
                        .is_none_or(|m| offload::may_write(m, &self.config.connection.sync))
            });
        if waits || uncounted.is_some() {
            self.wait(id, bytes, budget, measured);
            if let Some(d) = unknown {
                self.docs.lookups.want(d);
                self.look_up();
            }
            if let Some(workspace) = uncounted {
                self.count(&workspace);
            }
            return;
        }
        let measured = measured.unwrap_or_else(|| Measured {
            inflated: message
                .as_ref()
                .and_then(|m| offload::heavy(m, &self.config.connection.sync))
                .map(|(_, inflated)| inflated),
            job: None,
        });
        let heavy = measured
            .job
            .or_else(|| {
                measured
                    .inflated
                    .and_then(|inflated| Some((doc?, inflated)))
            })
            .or_else(|| doc.filter(|d| self.docs.big_on_disk(d)).map(|d| (d, 0)))
            .or_else(|| {
                let d = doc?;
                let asks = message.as_ref().is_some_and(|m| {
                    self.docs.big_loaded(&d).is_some_and(|loaded| {
                        offload::asks_much(m, loaded, &self.config.connection.sync)
                    })
                });
                asks.then_some((d, u64::MAX))
            });
        if heavy.is_some() && (self.away.len() >= MAX_JOBS || self.token_has_job(id)) {
            // Every worker is taken, or one works for this token already (so a peer sending
            // big messages or resets over several connections holds one worker, never all):
            // it waits with its weight and its job, which are not found again.
            let measured = Measured {
                job: heavy,
                ..measured
            };
            self.wait(id, bytes, budget, Some(measured));
            return;
        }
        let message = match (heavy, message) {
            (Some((doc, inflated)), Some(message)) => {
                // An answer to build (marked `u64::MAX`) writes nothing; otherwise the chunk
                // the worker writes is the changes inflated, not the frame.
                let answer = inflated == u64::MAX;
                let inflated = if answer { 0 } else { inflated };
                let weight = inflated.max(bytes.len() as u64);
                match self.dispatch(id, doc, message, budget, (bytes.len(), weight)) {
                    Ok(()) => {
                        if answer {
                            self.beat.worker_answers.fetch_add(1, Ordering::Relaxed);
                        }
                        return;
                    }
                    Err(message) => Some(*message),
                }
            }
            (_, message) => message,
        };
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
        let result = catch_unwind(AssertUnwindSafe(|| match message {
            Some(message) => conn.receive(message, &mut view, now),
            // Undecodable: let the connection refuse it as it refuses any bad frame.
            None => conn.receive_bytes(&bytes, &mut view, now),
        }));
        self.received(id, result);
        if let Some(doc) = doc {
            self.check_waiting(id, &doc, bytes.len());
        }
    }

    /// Whether a worker has a job for the token connection `conn` uses (from any of its
    /// connections), or for another token charged to the same budget (the links of a
    /// workspace: `Grant::budget_key`).
    fn token_has_job(&self, conn: ConnId) -> bool {
        let Some(c) = self.conns.get(&conn) else {
            return false;
        };
        let key = c.grant.budget_key();
        self.away.values().any(|a| a.budget_key == key)
    }

    /// Puts a frame of `conn` in the waiting queue, behind its earlier ones.
    fn wait(
        &mut self,
        conn: ConnId,
        bytes: Vec<u8>,
        budget: crate::shares::Share,
        measured: Option<Measured>,
    ) {
        *self.waiting_per_conn.entry(conn).or_default() += 1;
        self.waiting.push_back((
            Command::Frame {
                conn,
                bytes,
                _budget: budget,
            },
            measured,
        ));
    }

    /// Counts a frame `conn` sent about `doc` against [`MAX_WAITING_BYTES`] while the
    /// document has changes waiting for dependencies; past it, drops them and closes `conn`.
    fn check_waiting(&mut self, conn: ConnId, doc: &DocumentId, frame_bytes: usize) {
        let Some(l) = self.docs.loaded.get_mut(doc) else {
            return;
        };
        if l.doc.get_missing_deps(&[]).is_empty() {
            l.waiting_bytes = 0;
            return;
        }
        l.waiting_bytes = l.waiting_bytes.saturating_add(frame_bytes);
        if l.waiting_bytes <= MAX_WAITING_BYTES {
            return;
        }
        tracing::warn!(
            conn,
            document = %doc,
            "dropping changes that wait for dependencies never sent, and their sender"
        );
        self.docs.evict(doc);
        self.touched.insert(conn);
        self.closing.push((
            conn,
            CLOSE_PROTOCOL,
            "changes whose dependencies never arrive",
        ));
    }

    /// Hands a big sync message to a worker with the connection and the document, both
    /// busy until it is back (`finish`). `Err` gives the message back when the connection
    /// may neither read nor create the document: refusing it is cheap, on the hub.
    fn dispatch(
        &mut self,
        id: ConnId,
        doc_id: DocumentId,
        message: Message,
        budget: crate::shares::Share,
        (frame_bytes, weight): (usize, u64),
    ) -> Result<(), Box<Message>> {
        let now = self.docs.now_ms;
        if !self.conns.contains_key(&id) {
            return Err(Box::new(message));
        }
        self.docs.refresh_owner(&doc_id);
        let (Some(c), Some(name)) = (self.conns.get(&id), offload::doc_of(&message)) else {
            return Err(Box::new(message));
        };
        let owner = self.docs.owners.owner(&doc_id);
        let source = if c.grant.may_read(owner) {
            if self.docs.loaded.contains_key(&doc_id) {
                Source::Loaded
            } else {
                Source::Disk
            }
        } else if owner.is_none()
            && c.grant.may_create(&name)
            && !self.docs.docs_full(&c.grant.workspace)
        {
            self.docs
                .owners
                .claim(doc_id, Owner::new(&c.grant.workspace, name));
            Source::New
        } else {
            return Err(Box::new(message));
        };
        // The worker cannot reach the owners log: a claim not yet written is written now,
        // durable with this batch, before the worker's chunk can be acknowledged.
        self.docs.owners.log(&doc_id, &mut self.docs.batch);
        let Some(owner) = self.docs.owners.owner(&doc_id).cloned() else {
            return Err(Box::new(message));
        };
        // The worker may write what the quota leaves; what its message weighs inflated is
        // held from the room others see meanwhile (its chunk is about as big), until it is
        // back.
        let room = self.docs.usage.room(&owner.workspace);
        let reserve = weight.min(room);
        self.docs.usage.reserve(&owner.workspace, reserve);
        self.docs.fresh.retain(|fresh| *fresh != doc_id);
        let doc = self
            .docs
            .loaded
            .remove(&doc_id)
            .unwrap_or_else(|| LoadedDoc::empty(now));
        let Some(c) = self.conns.remove(&id) else {
            return Err(Box::new(message));
        };
        if source == Source::Disk {
            self.beat.worker_loads.fetch_add(1, Ordering::Relaxed);
        }
        self.docs.busy.insert(doc_id);
        self.away.insert(
            id,
            Away {
                token_id: c.grant.token_id.clone(),
                budget_key: c.grant.budget_key(),
                workspace: c.grant.workspace.clone(),
                frame_bytes,
                reserved: (owner.workspace.clone(), reserve),
                ..Away::default()
            },
        );
        tracing::debug!(conn = id, document = %doc_id, "big sync message handed to a worker");
        let job = Job {
            conn_id: id,
            conn: c,
            doc_id,
            name,
            doc,
            source,
            message,
            now_ms: now,
            store: Arc::clone(&self.docs.store),
            owner,
            damaged: Arc::clone(&self.docs.damaged),
            budget: Some(budget),
            room,
        };
        let done = self.done.clone();
        tokio::task::spawn_blocking(move || {
            let _ = done.send(offload::run(job));
        });
        Ok(())
    }

    /// Takes back a connection and a document from a worker: installs the document, queues
    /// the answer (sent at the next commit, after the owner line it may need is durable;
    /// the worker already made the change durable) and releases the frames that waited.
    fn finish(&mut self, done: Done<Conn>) {
        let Done {
            conn_id: id,
            conn,
            doc_id,
            doc,
            result,
            storage_failed,
            disk_full,
            stored_bytes,
        } = done;
        self.docs.busy.remove(&doc_id);
        for w in self.warming.values_mut() {
            w.changed(doc_id);
        }
        if let Some(mut l) = doc {
            self.docs.evicted_heads.remove(&doc_id);
            l.last_used_ms = self.docs.now_ms;
            self.docs.loaded.insert(doc_id, l);
            // Other peers hear of the change (and of any that waited for the document).
            self.dirty.insert(doc_id);
        }
        if !self.dirty.is_empty() {
            self.dirty_since.get_or_insert_with(Instant::now);
        }
        self.release_waiting();
        let away = self.away.remove(&id).unwrap_or_default();
        // The worker committed its own writes and measured the document.
        self.docs.usage.release(&away.reserved.0, away.reserved.1);
        match stored_bytes {
            Some(bytes) => self.docs.usage.measured(doc_id, bytes, &self.docs.owners),
            None => self.docs.usage.rewritten(doc_id),
        }
        if away.gone {
            self.keep(&conn);
            return;
        }
        let mut conn = conn;
        if storage_failed {
            self.conns.insert(id, conn);
            self.storage_failed(id, disk_full);
            return;
        }
        // The owner line went with the batch that was open when the job left; if that batch
        // failed, it is pending again and goes with this one, which the answer waits for.
        self.docs.owners.log(&doc_id, &mut self.docs.batch);
        if let Some(grant) = away.regrant {
            conn.grant = grant;
        }
        self.conns.insert(id, conn);
        self.received(id, result);
        self.check_waiting(id, &doc_id, away.frame_bytes);
        if away.revoked {
            self.touched.insert(id);
            self.closing.push((id, CLOSE_POLICY, "token revoked"));
        }
        if !away.missed.is_empty() {
            self.dirty.extend(away.missed);
            self.dirty_since.get_or_insert_with(Instant::now);
        }
    }

    /// Waits for every job (shutdown): their changes are durable, their answers may go.
    async fn wait_for_jobs(&mut self, done: &mut mpsc::UnboundedReceiver<Done<Conn>>) {
        while !self.away.is_empty() {
            let Some(job) = done.recv().await else {
                return;
            };
            self.finish(job);
        }
    }

    /// Acts on what handling a frame produced (on the hub or by a worker).
    fn received(
        &mut self,
        id: ConnId,
        result: std::thread::Result<Result<Vec<Event>, ProtocolError>>,
    ) {
        match result {
            Ok(Ok(events)) => {
                self.touched.insert(id);
                for event in events {
                    match event {
                        Event::Ready { .. } => self.resume(id),
                        Event::Synced(doc) => {
                            if let Some(c) = self.conns.get_mut(&id) {
                                if let (Some(kept), Some(heads)) =
                                    (c.kept.as_mut(), c.conn.remote_heads(&doc))
                                {
                                    kept.heads.set(doc, heads);
                                }
                            }
                        }
                        Event::DocChanged(name) => {
                            if let Some(c) = self.conns.get(&id) {
                                let doc = self.docs.owners.key(&c.grant.workspace, &name);
                                self.dirty.insert(doc);
                                self.dirty_since.get_or_insert_with(Instant::now);
                            }
                        }
                        Event::Ephemeral {
                            document_id,
                            sender,
                            session_id,
                            count,
                            data,
                        } => self.ephemeral(id, &document_id, sender, session_id, count, data),
                        Event::Closed { .. } => self.closing.push((id, 1000, "bye")),
                        Event::DocUnavailable(_) => {}
                        Event::DocRefused { document, reason } => tracing::warn!(
                            conn = id,
                            %document,
                            reason,
                            "a peer's changes do not apply to the relay's copy; that \
                             document no longer syncs on this connection"
                        ),
                    }
                }
            }
            Ok(Err(ProtocolError::NoRoom)) => {
                // Its `error` says so; the peer keeps its changes and tries again later.
                tracing::warn!(conn = id, "a change refused: its workspace is at its quota");
                self.touched.insert(id);
                self.closing.push((id, CLOSE_TRY_LATER, "workspace full"));
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
        for w in self.warming.values_mut() {
            for id in self.docs.batch.changed.keys() {
                w.changed(*id);
            }
        }
        let claims: Vec<DocumentId> = self.docs.batch.owners.iter().map(|(id, _)| *id).collect();
        let committed = self.docs.store.commit(&mut self.docs.batch);
        self.docs
            .usage
            .committed(committed.is_ok(), &self.docs.owners, &*self.docs.store);
        if let Err(err) = committed {
            tracing::error!(error = %err, "cannot make document writes durable");
            self.docs.owners.unlogged_again(claims);
            self.warming.values_mut().for_each(Warming::stale);
            // Memory may now be ahead of the disk; reload from disk on next use.
            self.docs.loaded.clear();
            self.docs.evicted_heads.clear();
            self.docs.fresh.clear();
            let full = is_disk_full(err.kind());
            for id in std::mem::take(&mut self.touched) {
                self.storage_failed(id, full);
            }
            self.closing.clear();
            return;
        }
        let mut slow = Vec::new();
        for id in std::mem::take(&mut self.touched) {
            if let Some(c) = self.conns.get_mut(&id) {
                match c.flush(
                    self.config.max_queued_bytes,
                    self.config.max_token_queued_bytes,
                ) {
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
        // Not only at the tick: a second of frames could load many heavy documents.
        self.docs.shed(self.config.max_loaded_bytes);
        // Now that nothing in memory is ahead of the store, copies may go to workers.
        self.fetch();
    }

    /// Hands the documents wanted (`fetch.rs`) to workers, as many as may run: each is busy
    /// until it is back.
    fn fetch(&mut self) {
        while let Some(id) = self
            .docs
            .fetches
            .next(&self.docs.busy, |d| self.docs.owners.get(d))
        {
            let held = self.docs.loaded.remove(&id);
            if held.is_none() {
                self.beat.worker_loads.fetch_add(1, Ordering::Relaxed);
            }
            self.docs.busy.insert(id);
            tracing::debug!(document = %id, loaded = held.is_some(), "document read off the hub");
            let (store, damaged) = (Arc::clone(&self.docs.store), Arc::clone(&self.docs.damaged));
            let (replies, now) = (self.replies.clone(), self.docs.now_ms);
            tokio::task::spawn_blocking(move || {
                let fetched = fetch::run(&*store, &damaged, id, held, now);
                let _ = replies.send(Reply::Fetched(Box::new(fetched)));
            });
        }
    }

    /// A worker read a document for the hub: installed, and fanned out to every connection
    /// syncing it (what another relay added, and what a resume confirmed meanwhile).
    fn fetched(&mut self, fetched: Fetched) {
        let Fetched { doc, read } = fetched;
        self.docs.busy.remove(&doc);
        self.docs.fetches.done(&doc);
        match read {
            Ok(mut l) => {
                self.docs.fetches.succeeded(&doc);
                l.last_used_ms = self.docs.now_ms;
                self.docs.evicted_heads.remove(&doc);
                self.docs.loaded.insert(doc, l);
                // Now, not after `FAN_OUT_DELAY`: the commit ending this step may shed it
                // again (it may weigh more than the cap allows), and a fan-out finding it shed
                // would have it read again, and again.
                self.fan_out_now(doc);
            }
            // Not fanned out: a document not loaded would be read on the hub for that, and a
            // worker read it because it is big. The hub's copy, if it had one, is served as
            // before; the read goes again at the next tick (`fetch.rs`).
            Err(fetch::Failed { error, held }) => {
                if let Some(mut l) = held {
                    l.last_used_ms = self.docs.now_ms;
                    self.docs.loaded.insert(doc, *l);
                }
                if self.docs.fetches.failed(doc) {
                    tracing::warn!(document = %doc, %error, "cannot read a document; trying again shortly");
                } else {
                    tracing::warn!(document = %doc, %error, "cannot read a document; giving up until a peer asks for it");
                }
            }
        }
    }

    /// Sends pending changes of every changed document to the connections syncing it.
    fn flush_fan_out(&mut self) {
        self.dirty_since = None;
        for doc in std::mem::take(&mut self.dirty) {
            if self.docs.busy.contains(&doc) {
                // Fanned out when the worker gives it back (`finish`).
                self.dirty.insert(doc);
                continue;
            }
            if self.fetch_to_fan_out(&doc) {
                // Fanned out when a worker has read it (`fetched`).
                continue;
            }
            self.fan_out_now(doc);
        }
        // Nothing in memory is ahead of the store between batches: copies may go to workers.
        self.fetch();
    }

    /// Fans `doc` out at once, and to the connections away with a worker when they are back.
    fn fan_out_now(&mut self, doc: DocumentId) {
        let started = Instant::now();
        self.fan_out(&doc);
        if started.elapsed() >= SLOW_BATCH {
            tracing::debug!(document = %doc, took = ?started.elapsed(), "slow fan-out");
        }
        for away in self.away.values_mut() {
            away.missed.insert(doc);
        }
    }

    /// Whether `doc`, changed and to be fanned out, is not loaded and big on disk while a
    /// connection syncs it: then a worker reads it (`fetch.rs`) and `true` says so. The loaded
    /// documents' weight is held under its cap at every commit, so a big document changed a
    /// moment ago may be shed before its fan-out, which read it back on the hub, stalling every
    /// connection for as long as parsing it took.
    fn fetch_to_fan_out(&mut self, doc: &DocumentId) -> bool {
        if self.docs.loaded.contains_key(doc) {
            return false;
        }
        let Some(owner) = self.docs.owners.owner(doc) else {
            return false;
        };
        let synced = self.conns.values().any(|c| {
            c.conn.is_ready() && c.grant.may_read(Some(owner)) && c.conn.is_syncing(&owner.name)
        });
        if !synced || !self.docs.big_on_disk(doc) {
            return false;
        }
        self.docs.fetches.want(*doc);
        true
    }

    /// Tells every connection syncing `doc` (and allowed to see it) about new changes. The
    /// connection the changes came from has nothing new to hear, and automerge's sync state
    /// knows that.
    fn fan_out(&mut self, doc: &DocumentId) {
        let Some(owner) = self.docs.owners.owner(doc).cloned() else {
            return;
        };
        let mut failed = Vec::new();
        for (id, c) in self.conns.iter_mut() {
            if !c.conn.is_ready()
                || !c.grant.may_read(Some(&owner))
                || !c.conn.is_syncing(&owner.name)
            {
                continue;
            }
            let mut view = View {
                docs: &mut self.docs,
                grant: &c.grant,
            };
            let conn = &mut c.conn;
            let ok = matches!(
                catch_unwind(AssertUnwindSafe(|| conn.sync_doc(&owner.name, &mut view))),
                Ok(Ok(()))
            );
            if !ok {
                tracing::warn!(conn = id, document = %doc, "dropping sync connection: cannot sync");
                failed.push((*id, Flushed::Gone));
                continue;
            }
            match c.flush(
                self.config.max_queued_bytes,
                self.config.max_token_queued_bytes,
            ) {
                Flushed::Ok => {}
                flushed => failed.push((*id, flushed)),
            }
        }
        for (id, flushed) in failed {
            self.drop_conn(id, flushed);
        }
    }

    /// Checks an ephemeral message from `from` about the document its peer calls `name` and
    /// forwards it: only about a document its token reaches, only in its own name.
    fn ephemeral(
        &mut self,
        from: ConnId,
        name: &DocumentId,
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
        let doc = self.docs.owners.key(&c.grant.workspace, name);
        let Some(owner) = self
            .docs
            .owners
            .owner(&doc)
            .filter(|o| c.grant.may_read(Some(o)))
            .cloned()
        else {
            // Not the sender's document: say so, as for a sync message, and drop it.
            c.conn.send_doc_unavailable(name);
            return;
        };
        // Past its token's allowance it is dropped, not refused: the sender kept its own
        // connection's pace, and best-effort messages are not worth a close.
        if !self
            .ephemeral
            .take(&c.grant.budget_key(), data.len(), self.docs.now_ms)
        {
            tracing::debug!(
                conn = from,
                "ephemeral message over its token's allowance dropped"
            );
            return;
        }
        self.forward_ephemeral(from, &owner, sender, session_id, count, data);
    }

    fn forward_ephemeral(
        &mut self,
        from: ConnId,
        owner: &Owner,
        sender: PeerId,
        session_id: String,
        count: u64,
        data: Vec<u8>,
    ) {
        let mut touched = Vec::new();
        // What the copy weighs in a queue: the data and its envelope (ids, session).
        let len = data.len() + 256;
        for (id, c) in self.conns.iter_mut() {
            if *id == from || !c.grant.may_read(Some(owner)) || !c.conn.is_syncing(&owner.name) {
                continue;
            }
            // A listener whose queue already holds a part of its bound is spared: a copy must
            // never be what has it closed as too slow.
            let room = listener_has_room(
                len,
                c.conn.outgoing_bytes(),
                (
                    c.outlet.queued.load(Ordering::Acquire),
                    self.config.max_queued_bytes,
                ),
                (
                    c.outlet.token_queued.load(Ordering::Acquire),
                    self.config.max_token_queued_bytes,
                ),
                (c.outlet.out.capacity(), c.outlet.out.max_capacity()),
            );
            if !room {
                continue;
            }
            c.conn.send_ephemeral(
                &owner.name,
                sender.clone(),
                session_id.clone(),
                count,
                data.clone(),
            );
            // Sent with the batch's other answers.
            touched.push(*id);
        }
        self.touched.extend(touched);
    }

    fn close(&mut self, id: ConnId, code: u16, reason: &str) {
        if let Some(mut c) = self.conns.remove(&id) {
            self.keep(&c);
            if code == CLOSE_POLICY {
                c.conn.close_with_error(reason);
            }
            // Whatever is queued (an `error` message, answers) goes before the close.
            let flushed = c.flush(
                self.config.max_queued_bytes,
                self.config.max_token_queued_bytes,
            );
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
            self.keep(&c);
            if flushed == Flushed::Slow {
                tracing::warn!(conn = id, "dropping sync connection: peer too slow");
                c.outlet
                    .kill
                    .send_replace(Some((CLOSE_TRY_LATER, "peer too slow".into())));
            }
        }
    }

    /// Another relay changed `doc`: learn its owner, bring the loaded copy up to date from
    /// the store, and fan the new changes out to the connections syncing it.
    fn remote(&mut self, doc: DocumentId, owner: Owner, heads: &[ChangeHash]) {
        if self.docs.owners.owner(&doc) != Some(&owner) {
            self.docs.owners.learn(doc, owner.clone());
        }
        self.docs.evicted_heads.remove(&doc);
        for w in self.warming.values_mut() {
            w.changed(doc);
        }
        if self.docs.busy.contains(&doc) {
            // The worker's copy is ahead; its result is fanned out when it is back, and then
            // brought up to date with the store.
            for away in self.away.values_mut() {
                away.missed.insert(doc);
            }
            self.docs.fetches.want(doc);
            return;
        }
        let wanted = match self.docs.loaded.get(&doc) {
            Some(l) => {
                heads.is_empty() || heads.iter().any(|h| l.doc.get_change_by_hash(h).is_none())
            }
            // Read for the connections syncing it, and fanned out to them when it is back.
            None => self
                .conns
                .values()
                .any(|c| c.grant.may_read(Some(&owner)) && c.conn.is_syncing(&owner.name)),
        };
        if wanted {
            // Read and merged by a worker after this batch's commit (`fetch.rs`): the hub
            // reading every row of the document for each notification stalled everyone.
            self.docs.fetches.want(doc);
        }
    }

    /// Catches up with everything other relays committed while notifications were not
    /// heard. Every owner is read again by a worker: the hub read them itself, every row of
    /// the owners table, serving nobody meanwhile. Until they are back, a frame about a document
    /// this relay has not heard of has its owner looked up off the hub (`lookup.rs`), as always.
    fn resync(&mut self) {
        self.docs.evicted_heads.clear();
        self.docs.lookups.forget();
        self.warming.values_mut().for_each(Warming::stale);
        self.read_owners();
        let loaded: Vec<(DocumentId, Owner)> = self
            .docs
            .loaded
            .keys()
            .filter_map(|id| Some((*id, self.docs.owners.owner(id)?.clone())))
            .collect();
        for (id, owner) in loaded {
            self.remote(id, owner, &[]);
        }
    }

    /// Has a worker read every document's owner (a resync), once at a time.
    fn read_owners(&mut self) {
        if let Some(again) = self.reading_owners.as_mut() {
            *again = true;
            return;
        }
        self.reading_owners = Some(false);
        tracing::debug!("reading every owner off the hub");
        let (store, replies) = (Arc::clone(&self.docs.store), self.replies.clone());
        tokio::task::spawn_blocking(move || {
            let _ = replies.send(Reply::Owners(store.owners()));
        });
    }

    /// Every owner, read for a resync: learnt (a document another relay created while this
    /// one was not listening, or a claim it won).
    fn owners_read(&mut self, owners: io::Result<HashMap<DocumentId, Owner>>) {
        match owners {
            Ok(owners) => {
                for (id, owner) in owners {
                    if self.docs.owners.owner(&id) != Some(&owner) {
                        self.docs.owners.learn(id, owner);
                    }
                }
            }
            Err(err) => tracing::warn!(error = %err, "cannot reload document owners"),
        }
        if self.reading_owners.take() == Some(true) {
            self.read_owners();
        }
    }

    /// Asks a shared store, on a worker, who owns the unknown documents frames wait for (one
    /// query at a time, every id waiting in it).
    fn look_up(&mut self) {
        let Some(batch) = self.docs.lookups.next_batch() else {
            return;
        };
        tracing::debug!(documents = batch.len(), "looking up owners off the hub");
        let (store, replies) = (Arc::clone(&self.docs.store), self.replies.clone());
        tokio::task::spawn_blocking(move || {
            let found = store.owners_of(&batch);
            let _ = replies.send(Reply::Looked(Looked {
                asked: batch,
                found,
            }));
        });
    }

    /// A worker is back: what it read is recorded, and the frames that waited go again.
    fn reply(&mut self, reply: Reply) {
        match reply {
            Reply::Warmed(warmed) => self.warmed(warmed),
            Reply::Looked(looked) => self.looked(looked),
            Reply::Fetched(fetched) => self.fetched(*fetched),
            Reply::Owners(owners) => self.owners_read(owners),
            Reply::Counted { workspace, sizes } => self.docs.usage.counted(&workspace, sizes),
        }
        self.release_waiting();
    }

    /// Frames that waited (for a worker, a document, an owner, a count) are handled again, in
    /// arrival order, ahead of anything newer; those still blocked wait again.
    fn release_waiting(&mut self) {
        self.ready.extend(self.waiting.drain(..));
        self.waiting_per_conn.clear();
    }

    /// Closes connection `id` after writes it may have been answered for failed: nothing it
    /// queued (answers acknowledging what is not on disk) leaves. A full disk is said as such
    /// (`NO_ROOM`, 1013), so the peer keeps its changes and waits before trying again rather
    /// than coming straight back; anything else cuts it (1011).
    fn storage_failed(&mut self, id: ConnId, full: bool) {
        if !full {
            if let Some(c) = self.conns.remove(&id) {
                c.outlet
                    .kill
                    .send_replace(Some((1011, "storage failure".into())));
            }
            return;
        }
        if let Some(c) = self.conns.get_mut(&id) {
            drop(c.conn.take_outgoing());
            c.conn.close_with_error(gendan_sync::NO_ROOM);
        }
        self.close(id, CLOSE_TRY_LATER, "no room on the relay");
    }

    /// Counts on a worker the stored bytes of a workspace about to be written to for the
    /// first time since the relay started (`doc_quota.rs`): walking 10,000 documents' files
    /// took the hub a third of a second.
    fn count(&mut self, workspace: &str) {
        let Some(ids) = self
            .docs
            .usage
            .start_count(workspace, &self.docs.owners, self.docs.now_ms)
        else {
            return;
        };
        tracing::debug!(
            workspace,
            documents = ids.len(),
            "counting stored bytes off the hub"
        );
        let (store, replies) = (Arc::clone(&self.docs.store), self.replies.clone());
        let workspace = workspace.to_owned();
        tokio::task::spawn_blocking(move || {
            let sizes = store.doc_bytes(&ids);
            let _ = replies.send(Reply::Counted { workspace, sizes });
        });
    }

    /// Owners came back: learnt.
    fn looked(&mut self, looked: Looked) {
        let found = looked.found.unwrap_or_else(|err| {
            tracing::warn!(error = %err, "cannot look up document owners");
            HashMap::new()
        });
        for (id, owner) in &found {
            if self.docs.owners.get(id).is_none() {
                self.docs.owners.learn(*id, owner.clone());
            }
        }
        self.docs
            .lookups
            .answered(&looked.asked, &found, self.docs.now_ms);
        self.look_up();
    }

    /// Whether connection `id`'s `join` must wait: its kept map names more than [`WARM_AT`]
    /// documents whose heads the hub would have to read from the store, so a worker reads
    /// them first (`warm.rs`), or [`MAX_WARMING`] workers already do, or one does for its
    /// token or workspace, and it waits its turn.
    fn join_waits(&mut self, id: ConnId, meta: &PeerMetadata) -> bool {
        let Some(c) = self.conns.get_mut(&id) else {
            return false;
        };
        if c.warmed || c.conn.is_ready() || meta.is_ephemeral == Some(true) {
            return false;
        }
        let (Some(storage_id), Some(offered)) = (
            meta.storage_id.as_deref().filter(|s| !s.is_empty()),
            meta.resume.as_deref(),
        ) else {
            return false;
        };
        // A join waiting its turn read its map when it first came: it is not read from the
        // store (and decoded) again at every release.
        let heads = match c
            .offered_kept
            .take()
            .filter(|kept| kept.digest() == offered)
        {
            Some(kept) => Some(kept),
            None => self
                .keeper
                .kept(&c.grant.token_id, storage_id)
                .ok()
                .flatten()
                .and_then(|bytes| SharedHeads::decode(&bytes).ok())
                .filter(|kept| kept.digest() == offered),
        };
        let Some(heads) = heads else {
            return false;
        };
        let docs = &self.docs;
        let unknown: Vec<DocumentId> = heads
            .iter()
            .map(|(name, _)| docs.owners.key(&c.grant.workspace, name))
            .filter(|doc| {
                c.grant.may_read(docs.owners.owner(doc))
                    && !docs.loaded.contains_key(doc)
                    && !docs.busy.contains(doc)
                    && !docs.evicted_heads.contains_key(doc)
            })
            .collect();
        c.offered_kept = Some(heads);
        if unknown.len() <= WARM_AT {
            return false;
        }
        let warming = Warming::of(&c.grant.token_id, &c.grant.workspace);
        if self.warming.len() >= MAX_WARMING || self.warms_for(&warming) {
            return true;
        }
        if let Some(c) = self.conns.get_mut(&id) {
            c.warmed = true;
        }
        self.warming.insert(id, warming);
        tracing::debug!(
            conn = id,
            documents = unknown.len(),
            "reading a resume's heads on a worker"
        );
        let (store, replies) = (Arc::clone(&self.docs.store), self.replies.clone());
        tokio::task::spawn_blocking(move || {
            // Always answered: a worker that panicked would hold its place for good.
            let heads = catch_unwind(AssertUnwindSafe(|| warm::read_heads(&*store, &unknown)))
                .unwrap_or_default();
            let _ = replies.send(Reply::Warmed(Warmed { conn: id, heads }));
        });
        true
    }

    /// Whether a worker reads heads for `w`'s token or workspace already. One token's (and one
    /// workspace's) resumes take one worker at a time: a peer opening connection after
    /// connection, each resuming a big kept map, would otherwise hold every worker while other
    /// workspaces' joins waited. Counted until the worker answers, whether or not the
    /// connection it reads for is still open.
    fn warms_for(&self, w: &Warming) -> bool {
        self.warming
            .values()
            .any(|o| o.token == w.token || o.workspace == w.workspace)
    }

    /// A worker read the heads a waiting `join` needs: they are recorded as evicted documents'
    /// are (those that cannot have moved meanwhile).
    fn warmed(&mut self, done: Warmed) {
        if let Some(w) = self.warming.remove(&done.conn) {
            for (id, heads) in w.trusted(done.heads) {
                if !self.docs.loaded.contains_key(&id) && !self.docs.busy.contains(&id) {
                    self.docs.evicted_heads.entry(id).or_insert(heads);
                }
            }
        }
    }

    /// The handshake of connection `id` completed: a persistent peer (a storage id, not
    /// ephemeral) gets the sync map kept for it. When the digest it offered matches, the
    /// `peer` answer says so and every kept document starts confirmed; the relay sends only
    /// those whose heads moved here since, and the peer only those that moved there. Any
    /// other case starts a map from nothing and the peer syncs everything (see
    /// `gendan_sync::resume`: a kept map is a hint, never trusted over the documents).
    fn resume(&mut self, id: ConnId) {
        let Some(c) = self.conns.get_mut(&id) else {
            return;
        };
        let Some(meta) = c.conn.remote_metadata().cloned() else {
            return;
        };
        let Some(storage_id) = meta
            .storage_id
            .filter(|s| !s.is_empty() && meta.is_ephemeral != Some(true))
        else {
            return;
        };
        let offered = meta.resume.as_deref();
        let stored = match (c.offered_kept.take(), offered) {
            (Some(read), _) => Some(read),
            // Nothing offered: nothing to compare a kept map with.
            (None, None) => None,
            (None, Some(_)) => match self.keeper.kept(&c.grant.token_id, &storage_id) {
                Ok(Some(bytes)) => SharedHeads::decode(&bytes)
                    .map_err(|err| tracing::warn!(error = %err, "ignoring a damaged kept sync map"))
                    .ok(),
                Ok(None) => None,
                Err(err) => {
                    tracing::warn!(error = %err, "cannot read a kept sync map");
                    None
                }
            },
        };
        let Some(heads) = stored.filter(|s| offered.is_some_and(|o| o == s.digest())) else {
            c.kept = Some(Kept {
                storage_id,
                heads: SharedHeads::new(),
            });
            return;
        };
        c.conn
            .amend_peer_metadata(|m| m.resume = Some(ACCEPTED.to_owned()));
        let mut failed = false;
        // The kept map names documents as the peer does; the hub reads them by key.
        for (name, shared) in heads.iter() {
            let doc = &self.docs.owners.key(&c.grant.workspace, name);
            if !c.grant.may_read(self.docs.owners.owner(doc)) {
                continue;
            }
            let confirmed = if self.docs.busy.contains(doc) {
                // A worker is applying a change to it: fanned out to this connection
                // (syncing it from now on) when the worker is back.
                true
            } else if self.docs.fetch_to_resume(doc, shared) {
                // Too big to read here: a worker reads it, and it is fanned out to this
                // connection when it is back, as above.
                true
            } else {
                match self.docs.heads_of(doc) {
                    Ok(Some(ours)) => same_heads(&ours, shared),
                    Ok(None) => continue,
                    Err(err) => {
                        tracing::warn!(document = %doc, error = %err, "cannot read heads to resume");
                        false
                    }
                }
            };
            let mut view = View {
                docs: &mut self.docs,
                grant: &c.grant,
            };
            // Moved here since: a fresh exchange (its state holds nothing kept).
            let result = if confirmed {
                c.conn.resume_doc(name, shared, true)
            } else {
                c.conn.sync_doc(name, &mut view)
            };
            if result.is_err() {
                failed = true;
                break;
            }
        }
        c.kept = Some(Kept { storage_id, heads });
        self.touched.insert(id);
        if failed {
            self.closing.push((id, 1011, "cannot resume"));
        }
    }

    /// Keeps the sync map of a persistent peer whose connection ends, written by the keeper's
    /// thread (a failure only costs the peer a full exchange next time).
    fn keep(&self, c: &Conn) {
        if let Some(kept) = &c.kept {
            self.keeper
                .keep(&c.grant.token_id, &kept.storage_id, kept.heads.encode());
        }
    }

    fn tick(&mut self) {
        let now = self.docs.now_ms;
        self.ephemeral.forget_full(now);
        // Failed reads go again; `commit`, at the end of this batch, hands them to workers.
        self.docs.fetches.retry();
        if self.docs.store.is_shared() {
            // Other relays' compactions are not told: a count is redone now and then.
            self.docs.usage.expire(now, RECOUNT_MS, &self.docs.owners);
        }
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
        self.docs.shed(self.config.max_loaded_bytes);
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
        // The maps of the connections just closed are on disk before the relay exits.
        self.keeper.finish();
    }
}

fn same_heads(a: &[ChangeHash], b: &[ChangeHash]) -> bool {
    let (mut a, mut b) = (a.to_vec(), b.to_vec());
    a.sort();
    b.sort();
    a == b
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::docs::OnDisk;
    use crate::store::FileStore;
    use crate::tokens::{TokenError, TokenRecord, TokenTable};
    use gendan_sync::automerge::transaction::Transactable;
    use gendan_sync::automerge::ROOT;
    use gendan_sync::testing::doc_with;
    use std::sync::atomic::AtomicUsize;
    use std::thread::ThreadId;

    /// A file store posing as a database shared with other relays, which counts the documents
    /// read from it on the hub's thread (the test's).
    struct SharedFiles {
        files: FileStore,
        hub: ThreadId,
        reads_on_hub: AtomicUsize,
        /// Reads of every owner on the hub's thread.
        owners_on_hub: AtomicUsize,
    }

    impl Store for SharedFiles {
        fn load(&self, id: &DocumentId, quarantine: bool) -> io::Result<Option<OnDisk>> {
            if std::thread::current().id() == self.hub {
                self.reads_on_hub.fetch_add(1, Ordering::Relaxed);
            }
            self.files.load(id, quarantine)
        }
        fn is_big(&self, id: &DocumentId, b: u64, o: u64, i: u64) -> io::Result<bool> {
            self.files.is_big(id, b, o, i)
        }
        fn compact(&self, id: &DocumentId, doc: &Automerge) -> io::Result<bool> {
            self.files.compact(id, doc)
        }
        fn doc_bytes(&self, ids: &[DocumentId]) -> io::Result<HashMap<DocumentId, u64>> {
            self.files.doc_bytes(ids)
        }
        fn owners(&self) -> io::Result<HashMap<DocumentId, Owner>> {
            if std::thread::current().id() == self.hub {
                self.owners_on_hub.fetch_add(1, Ordering::Relaxed);
            }
            self.files.owners()
        }
        fn commit(&self, batch: &mut Batch) -> io::Result<()> {
            self.files.commit(batch)
        }
        fn tokens(&self) -> Result<TokenTable, TokenError> {
            self.files.tokens()
        }
        fn create_token(
            &self,
            workspace: &str,
            docs: Option<Vec<String>>,
            label: Option<String>,
        ) -> Result<(TokenRecord, String), TokenError> {
            self.files.create_token(workspace, docs, label)
        }
        fn list_tokens(&self) -> Result<Vec<TokenRecord>, TokenError> {
            self.files.list_tokens()
        }
        fn revoke_token(
            &self,
            id: &str,
            workspace: Option<&str>,
        ) -> Result<TokenRecord, TokenError> {
            self.files.revoke_token(id, workspace)
        }
        fn kept_sync(&self, token_id: &str, storage_id: &str) -> io::Result<Option<Vec<u8>>> {
            self.files.kept_sync(token_id, storage_id)
        }
        fn keep_sync(&self, token_id: &str, storage_id: &str, bytes: &[u8]) -> io::Result<()> {
            self.files.keep_sync(token_id, storage_id, bytes)
        }
        fn is_shared(&self) -> bool {
            true
        }
    }

    fn config() -> HubConfig {
        HubConfig {
            peer_id: "relay".into(),
            max_message_bytes: 1 << 20,
            doc_idle: Duration::from_secs(60),
            max_loaded_docs: 100,
            max_loaded_bytes: MAX_LOADED_BYTES,
            max_queued_bytes: 1 << 20,
            max_token_queued_bytes: 2 << 20,
            connection: ConnectionLimits::default(),
            max_workspace_doc_bytes: u64::MAX,
            max_workspace_docs: 1_000,
        }
    }

    /// A fresh data directory named `name` and a store over it that counts what it is asked on
    /// this (the hub's) thread.
    fn shared_files(name: &str) -> (std::path::PathBuf, Arc<SharedFiles>) {
        let dir = std::env::temp_dir().join(format!("{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("data dir");
        let store = Arc::new(SharedFiles {
            files: FileStore::new(&dir),
            hub: std::thread::current().id(),
            reads_on_hub: AtomicUsize::new(0),
            owners_on_hub: AtomicUsize::new(0),
        });
        (dir, store)
    }

    /// On a database shared by relays, every notification about a loaded document had the hub
    /// read all of its rows and merge them, serving nobody meanwhile (seconds for a big
    /// document). A worker reads and merges it now; the hub installs the result and fans it out.
    #[test]
    fn another_relays_change_to_a_loaded_document_is_read_off_the_hub() {
        let (dir, store) = shared_files("gendan-hub-remote");
        let id = DocumentId::from_bytes([5; 16]);
        let owner = Owner::new("acme", id);
        let mut doc = Automerge::new();
        let mut tx = doc.transaction();
        tx.put(ROOT, "k", "v").expect("put");
        tx.commit();
        let mut batch = Batch::default();
        batch.owners.push((id, owner.clone()));
        batch.chunks.push((id, doc.save_after(&[])));
        store.commit(&mut batch).expect("commit");

        let prepared = prepare(
            Arc::clone(&store) as SharedStore,
            config(),
            Damaged::default(),
            Beat::default(),
        )
        .expect("hub");
        let Prepared {
            mut hub,
            runtime,
            mut replies,
            ..
        } = prepared;
        runtime.block_on(async {
            assert!(hub.docs.load(&id).expect("load").is_some());
            let reads = store.reads_on_hub.load(Ordering::Relaxed);
            // Another relay commits a change and notifies.
            let mut other = doc.fork();
            let mut tx = other.transaction();
            tx.put(ROOT, "k", "elsewhere").expect("put");
            tx.commit();
            let mut batch = Batch::default();
            batch.chunks.push((id, other.save_after(&doc.get_heads())));
            store.commit(&mut batch).expect("commit");
            hub.handle(Command::Remote {
                doc: id,
                owner: owner.clone(),
                heads: other.get_heads(),
                added_elsewhere: 100,
            });
            hub.commit();
            assert_eq!(
                store.reads_on_hub.load(Ordering::Relaxed),
                reads,
                "the hub read the document for a notification"
            );
            assert!(hub.docs.busy.contains(&id), "a worker has it");
            let reply = tokio::time::timeout(Duration::from_secs(20), replies.recv())
                .await
                .expect("the worker is back")
                .expect("a reply");
            hub.reply(reply);
            let l = hub.docs.loaded.get(&id).expect("installed");
            assert_eq!(l.doc.get_heads(), other.get_heads());
            // Fanned out at once (nobody syncs it here), not left for after the delay.
            assert!(!hub.dirty.contains(&id));
            assert!(!hub.docs.busy.contains(&id) && !hub.docs.fetches.is_wanted(&id));
            // A notification of what it holds already reads nothing.
            hub.handle(Command::Remote {
                doc: id,
                owner,
                heads: other.get_heads(),
                added_elsewhere: 0,
            });
            assert!(!hub.docs.fetches.is_wanted(&id));
        });
        hub.keeper.finish();
        let _ = std::fs::remove_dir_all(&dir);
    }

    /// A resync (the listening connection to a shared database came back) read every owner on
    /// the hub: the whole owners table, every connection waiting meanwhile. A worker reads them.
    #[test]
    fn a_resync_reads_the_owners_off_the_hub() {
        let (dir, store) = shared_files("gendan-hub-resync");
        let Prepared {
            mut hub,
            runtime,
            mut replies,
            ..
        } = prepare(
            Arc::clone(&store) as SharedStore,
            config(),
            Damaged::default(),
            Beat::default(),
        )
        .expect("hub");
        let at_start = store.owners_on_hub.load(Ordering::Relaxed);
        // Another relay creates a document while this one is not listening.
        let id = DocumentId::from_bytes([6; 16]);
        let owner = Owner::new("acme", id);
        let mut batch = Batch::default();
        batch.owners.push((id, owner.clone()));
        batch.chunks.push((id, doc_with("k", "v").save_after(&[])));
        store.commit(&mut batch).expect("commit");
        runtime.block_on(async {
            hub.handle(Command::Resync);
            // A second one meanwhile reads them again once the first is back.
            hub.handle(Command::Resync);
            hub.commit();
            assert_eq!(
                store.owners_on_hub.load(Ordering::Relaxed),
                at_start,
                "the hub read every owner for a resync"
            );
            for _ in 0..2 {
                let reply = tokio::time::timeout(Duration::from_secs(20), replies.recv())
                    .await
                    .expect("the worker is back")
                    .expect("a reply");
                assert!(matches!(reply, Reply::Owners(_)));
                hub.reply(reply);
            }
            assert_eq!(hub.docs.owners.owner(&id), Some(&owner), "learnt");
            assert_eq!(hub.reading_owners, None);
            assert_eq!(store.owners_on_hub.load(Ordering::Relaxed), at_start);
        });
        hub.keeper.finish();
        let _ = std::fs::remove_dir_all(&dir);
    }

    /// A hub over a fresh data directory named after `test`, on a plain file store.
    fn file_hub(test: &str) -> (std::path::PathBuf, Prepared) {
        let dir = std::env::temp_dir().join(format!("gendan-hub-{test}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("data dir");
        let prepared = prepare(
            Arc::new(FileStore::new(&dir)) as SharedStore,
            config(),
            Damaged::default(),
            Beat::default(),
        )
        .expect("hub");
        (dir, prepared)
    }

    /// Opens connection `conn` of `token` in `workspace`; what it is sent goes to the receivers
    /// handed back (kept while the test runs).
    fn open(
        hub: &mut Hub,
        conn: ConnId,
        token: &str,
        workspace: &str,
    ) -> (mpsc::Receiver<Outgoing>, watch::Receiver<Kill>) {
        let (out, out_rx) = mpsc::channel(64);
        let (kill, kill_rx) = watch::channel(None);
        hub.handle(Command::Open {
            conn,
            grant: Grant {
                token_id: token.into(),
                workspace: workspace.into(),
                docs: None,
            },
            outlet: Outlet {
                out,
                queued: Arc::new(AtomicUsize::new(0)),
                token_queued: Arc::new(AtomicUsize::new(0)),
                kill,
            },
        });
        (out_rx, kill_rx)
    }

    /// Releases the waiting frames `rounds` times, handling each as the hub's loop does.
    fn release(hub: &mut Hub, rounds: usize) {
        for _ in 0..rounds {
            hub.release_waiting();
            while let Some((command, measured)) = hub.ready.pop_front() {
                hub.frame(command, measured);
            }
        }
    }

    /// A frame of a busy connection, or about a busy document, waits and is looked at again
    /// at every release of the waiting frames. Measuring a message inflates its changes (a
    /// 32 KB frame can say 32 MiB of zeros), and a waiting queue of such frames was measured
    /// again at every release, holding the hub for seconds each time. Counted, not timed.
    #[test]
    fn a_waiting_frame_is_measured_at_most_once() {
        let (
            dir,
            Prepared {
                mut hub, runtime, ..
            },
        ) = file_hub("measure");
        const FRAMES: usize = 10;
        let name = gendan_sync::testing::id(1);
        let data = gendan_sync::testing::changes_message(&[doc_with("k", "v").save_after(&[])]);
        let bytes = gendan_sync::encode(&Message::Sync(gendan_sync::DocMessage {
            sender_id: "peer".into(),
            target_id: "relay".into(),
            document_id: name,
            data,
        }));
        let shares = crate::shares::Shares::new(1 << 20, 1 << 20);
        runtime.block_on(async {
            let _outlet = open(&mut hub, 1, "t", "acme");
            // A worker has the document: every frame about it waits.
            let key = hub.docs.owners.key("acme", &name);
            hub.docs.busy.insert(key);
            let before = offload::MEASURED.with(|n| n.get());
            for _ in 0..FRAMES {
                let budget = shares.hold("t", bytes.len()).await.expect("share");
                hub.handle(Command::Frame {
                    conn: 1,
                    bytes: bytes.clone(),
                    _budget: budget,
                });
            }
            release(&mut hub, 5);
            assert_eq!(hub.waiting.len(), FRAMES, "they all wait still");
            let measured = offload::MEASURED.with(|n| n.get()) - before;
            assert!(
                measured <= FRAMES,
                "{FRAMES} waiting frames measured {measured} times"
            );
        });
        hub.keeper.finish();
        let _ = std::fs::remove_dir_all(&dir);
    }

    /// One token holds at most one worker: a peer sending big messages over two connections
    /// has its second wait, and another token's big message gets the other worker at once
    /// (before, the peer held both and the other waited for one of its jobs to end).
    #[test]
    fn a_token_holds_one_worker_at_a_time() {
        let (
            dir,
            Prepared {
                mut hub, runtime, ..
            },
        ) = file_hub("jobs");
        // Past the inflated weight that earns a worker; compressed, a few kilobytes.
        let big = "x".repeat((offload::OFFLOAD_INFLATED_BYTES + 1) as usize);
        let frame = |n: u8| {
            let doc = doc_with("k", &big);
            let chunks: Vec<Vec<u8>> = doc
                .get_changes(&[])
                .into_iter()
                .map(|mut c| c.bytes().into_owned())
                .collect();
            let data = gendan_sync::testing::changes_message(&chunks);
            gendan_sync::encode(&Message::Sync(gendan_sync::DocMessage {
                sender_id: format!("peer-{n}").as_str().into(),
                target_id: "relay".into(),
                document_id: gendan_sync::testing::id(n),
                data,
            }))
        };
        let shares = crate::shares::Shares::new(1 << 22, 1 << 22);
        let mut outs = Vec::new();
        runtime.block_on(async {
            for (conn, token, workspace) in [(1, "t", "acme"), (2, "t", "acme"), (3, "u", "zeta")] {
                outs.push(open(&mut hub, conn, token, workspace));
            }
            for (conn, token) in [(1, "t"), (2, "t"), (3, "u")] {
                let bytes = frame(conn as u8);
                assert!(bytes.len() < 1 << 16, "compressed: {}", bytes.len());
                let budget = shares.hold(token, bytes.len()).await.expect("share");
                hub.handle(Command::Frame {
                    conn,
                    bytes,
                    _budget: budget,
                });
            }
            let mut away: Vec<ConnId> = hub.away.keys().copied().collect();
            away.sort_unstable();
            assert_eq!(away, [1, 3], "the second token's message has a worker");
            assert_eq!(
                hub.waiting.len(),
                1,
                "the first token's second message waits"
            );
            // It waits with its job found: releases do not look into it (nor into the
            // document's size on disk, or the whole document for an answer) again.
            let key = hub.docs.owners.key("acme", &gendan_sync::testing::id(2));
            let job = hub.waiting.front().and_then(|(_, m)| m.and_then(|m| m.job));
            assert_eq!(job.map(|(d, _)| d), Some(key));
            let before = offload::MEASURED.with(|n| n.get());
            release(&mut hub, 3);
            assert_eq!(hub.waiting.len(), 1, "it still waits for its token's job");
            assert_eq!(offload::MEASURED.with(|n| n.get()), before);
        });
        drop(outs);
        hub.keeper.finish();
        let _ = std::fs::remove_dir_all(&dir);
    }

    /// One token's (and one workspace's) resumes take one heads-reading worker at a time: a
    /// peer joining over two connections, each resuming a map of many documents the relay has
    /// not read since it started, has its second join wait, as does another token of its
    /// workspace, and another workspace's join gets the other worker at once (before, the peer
    /// held both and every other workspace's resume waited). A connection that closes while its
    /// worker reads holds its place until the worker answers.
    #[test]
    fn a_token_has_one_resume_read_off_the_hub_at_a_time() {
        let (
            dir,
            Prepared {
                mut hub, runtime, ..
            },
        ) = file_hub("warm-token");
        // Each device's map names its own documents, held on disk and not read since the
        // relay started.
        let mut kept = HashMap::new();
        for (token, storage, workspace, from) in [
            ("t", "s1", "acme", 0),
            ("t", "s2", "acme", 100),
            ("u", "s3", "zeta", 0),
        ] {
            let mut map = SharedHeads::new();
            for n in from..=from + WARM_AT as u8 {
                let name = gendan_sync::testing::id(n);
                map.set(name, &[ChangeHash([n; 32])]);
                let key = hub.docs.owners.key(workspace, &name);
                let owner = Owner {
                    workspace: workspace.into(),
                    name,
                };
                hub.docs.owners.learn(key, owner);
            }
            hub.keeper.keep(token, storage, map.encode());
            kept.insert(storage, map.digest());
        }
        let join = |storage: &str| {
            gendan_sync::encode(&Message::Join {
                sender_id: format!("peer-{storage}").as_str().into(),
                supported_protocol_versions: vec!["1".to_owned()],
                peer_metadata: PeerMetadata {
                    storage_id: Some(storage.into()),
                    is_ephemeral: Some(false),
                    resume: kept.get(storage).cloned(),
                    ..Default::default()
                },
            })
        };
        let shares = crate::shares::Shares::new(1 << 20, 1 << 20);
        let mut outs = Vec::new();
        runtime.block_on(async {
            let conns = [
                (1, "t", "acme", "s1"),
                (2, "t", "acme", "s2"),
                (3, "u", "zeta", "s3"),
                (4, "v", "acme", "s4"),
            ];
            for (conn, token, workspace, _) in conns {
                outs.push(open(&mut hub, conn, token, workspace));
            }
            let warming = |hub: &Hub| {
                let mut w: Vec<ConnId> = hub.warming.keys().copied().collect();
                w.sort_unstable();
                w
            };
            let join_of = async |hub: &mut Hub, n: usize| {
                let (conn, token, _, storage) = conns[n];
                let bytes = join(storage);
                let budget = shares.hold(token, bytes.len()).await.expect("share");
                hub.handle(Command::Frame {
                    conn,
                    bytes,
                    _budget: budget,
                });
            };
            join_of(&mut hub, 0).await;
            assert_eq!(warming(&hub), [1]);
            // The first connection goes while its worker reads: its place is still taken.
            hub.handle(Command::Closed { conn: 1 });
            join_of(&mut hub, 1).await;
            assert_eq!(warming(&hub), [1], "the token's next join waits");
            join_of(&mut hub, 3).await;
            assert_eq!(
                warming(&hub),
                [1],
                "so does another token's of its workspace"
            );
            join_of(&mut hub, 2).await;
            assert_eq!(
                warming(&hub),
                [1, 3],
                "another workspace's join has a worker"
            );
            release(&mut hub, 2);
            assert_eq!(warming(&hub), [1, 3], "the others wait still");
            // The read ends: a waiting join of that workspace gets the worker.
            hub.warmed(Warmed {
                conn: 1,
                heads: Vec::new(),
            });
            release(&mut hub, 1);
            assert_eq!(warming(&hub), [2, 3]);
        });
        drop(outs);
        hub.keeper.finish();
        let _ = std::fs::remove_dir_all(&dir);
    }
}
