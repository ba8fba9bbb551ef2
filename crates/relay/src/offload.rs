//! Applying one big sync message off the hub thread: the job (one connection, one
//! document, one message), the document store it sees, and which messages are worth it.
//!
//! Why: applying the largest legal message (1,000,000 operations) takes tens of seconds
//! in a debug build, and the hub serves every connection of every workspace. So the hub
//! hands such a message, the connection's protocol state and the document to a worker
//! and keeps serving everyone else; the document and the connection are *busy* until the
//! worker returns them (frames about either wait, in order, still holding their share of
//! the inbound byte budget). The worker persists the change and fsyncs it itself, so the
//! answer it leaves in the connection's outbox acknowledges only durable data; the hub
//! sends it when the job is back (see `hub.rs`). Small messages stay on the hub, where a
//! group commit serves a burst of them with one fsync.

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::time::Instant;

use gendan_sync::automerge::{Automerge, ChangeHash, ReadDoc};
use gendan_sync::sync_limits::measure_changes;
use gendan_sync::{
    check_sync_message, DocMessage, DocStore, DocumentId, Event, Message, ProtocolError, SyncLimits,
};

use crate::docs::Owner;
use crate::hub::{persist_doc, read_doc, ConnId, Damaged, LoadedDoc, Persisted, StoreError};
use crate::store::{Batch, SharedStore};
use crate::tokens::Grant;

/// Messages with at least this many operations are applied off the hub. Below it applying
/// takes milliseconds (a debug build applies roughly 20,000 operations a second), less
/// than the thread hop and the separate fsync a job costs.
pub(crate) const OFFLOAD_OPS: u64 = 20_000;

/// Messages whose changes weigh at least this many bytes once inflated are applied off the
/// hub too: inflating, applying and writing megabytes (a few kilobytes sent can say them)
/// holds the hub as long as many operations do, and the chunk it writes would wait in the
/// hub's batch.
pub(crate) const OFFLOAD_INFLATED_BYTES: u64 = 1 << 20;

/// A document not loaded whose chunks hold at least this many bytes (or at least
/// [`OFFLOAD_OPS`] operations and changes, or more than [`OFFLOAD_INFLATED_BYTES`] once
/// inflated, snapshots included; see `DocFiles::is_big`) is loaded by a worker when a peer
/// first asks for it: parsing a big paste (about a byte per character) takes seconds in a
/// debug build, and a snapshot of megabytes of repetitive text is a few kilobytes on disk.
pub(crate) const OFFLOAD_LOAD_BYTES: u64 = 256 * 1024;

/// Jobs running at once. Each holds a core; the hub needs one too.
pub(crate) const MAX_JOBS: usize = 2;

#[cfg(test)]
thread_local! {
    /// Sync messages [`heavy`] looked into on this thread: measuring inflates the changes, so
    /// the hub's tests count it where they cannot time it.
    pub(crate) static MEASURED: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}

/// The document of a sync message if applying it is worth a job, and what its changes weigh
/// inflated: it carries at least [`OFFLOAD_OPS`] operations or [`OFFLOAD_INFLATED_BYTES`],
/// within the limits. A message over a limit is refused on the hub, which costs little
/// (`sync_limits` counts without applying).
pub(crate) fn heavy(message: &Message, limits: &SyncLimits) -> Option<(DocumentId, u64)> {
    let (Message::Sync(m) | Message::Request(m)) = message else {
        return None;
    };
    #[cfg(test)]
    MEASURED.with(|n| n.set(n.get() + 1));
    let summary = check_sync_message(&m.data, limits).ok()?;
    if summary.changes == 0 {
        return None;
    }
    let decoded = gendan_sync::automerge::sync::Message::decode(&m.data).ok()?;
    let weight = measure_changes(&decoded, limits).ok()?;
    (weight.ops >= OFFLOAD_OPS || weight.bytes >= OFFLOAD_INFLATED_BYTES)
        .then_some((m.document_id, weight.bytes))
}

/// Whether answering `message` may mean sending much of `doc`: a sync message without changes
/// whose peer shares nothing known with it (no heads, or a `have` whose last sync is empty or
/// names changes the document does not hold) or that asks for changes by hash. For a big loaded document such an answer is built by a worker: a peer
/// saying "I hold nothing" over and over had the hub encode the whole document each time,
/// serving nobody meanwhile.
pub(crate) fn asks_much(message: &Message, doc: &Automerge, limits: &SyncLimits) -> bool {
    let (Message::Sync(m) | Message::Request(m)) = message else {
        return false;
    };
    if !matches!(check_sync_message(&m.data, limits), Ok(summary) if summary.changes == 0) {
        return false;
    }
    let Ok(decoded) = gendan_sync::automerge::sync::Message::decode(&m.data) else {
        return false;
    };
    // Empty heads: the peer holds nothing, and automerge forgets what it sent it (and, if the
    // peer says it reads compressed documents, answers with the whole document saved).
    decoded.heads.is_empty()
        || !decoded.need.is_empty()
        || decoded.have.iter().any(|h| {
            h.last_sync.is_empty()
                || h.last_sync
                    .iter()
                    .any(|hash| doc.get_change_by_hash(hash).is_none())
        })
}

/// Whether applying `message` may write: a sync message carrying changes, or one that does
/// not check out (it is refused when handled, but it is not let through unchecked).
pub(crate) fn may_write(message: &Message, limits: &SyncLimits) -> bool {
    let (Message::Sync(m) | Message::Request(m)) = message else {
        return false;
    };
    !matches!(check_sync_message(&m.data, limits), Ok(summary) if summary.changes == 0)
}

/// Where the job's document comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Source {
    /// Taken from the hub's loaded documents.
    Loaded,
    /// Owned by the sender's workspace, not loaded: the worker reads it from disk.
    Disk,
    /// Unknown to the relay, claimed for the sender's workspace: created on first use.
    New,
}

/// What a worker needs to apply one message.
pub(crate) struct Job<C> {
    pub conn_id: ConnId,
    /// The connection's state (protocol state, grant, outlet), away from the hub.
    pub conn: C,
    /// The document's storage key, and its id on the wire (what the message names).
    pub doc_id: DocumentId,
    pub name: DocumentId,
    pub doc: LoadedDoc,
    pub source: Source,
    pub message: Message,
    pub now_ms: u64,
    pub store: SharedStore,
    /// The document's owner (claimed by the hub before the job).
    pub owner: Owner,
    pub damaged: Damaged,
    /// The frame's share of the inbound byte budget, held until the job is back.
    pub budget: Option<crate::shares::Share>,
    /// Bytes the document's workspace may still add (`doc_quota.rs`).
    pub room: u64,
}

/// What a worker hands back.
pub(crate) struct Done<C> {
    pub conn_id: ConnId,
    pub conn: C,
    pub doc_id: DocumentId,
    /// The document to install again; `None` when memory may be ahead of the disk (a
    /// failed write or fsync, a panic) or when nothing was created: it reloads from disk.
    pub doc: Option<LoadedDoc>,
    /// `Err` on a panic while applying.
    pub result: std::thread::Result<Result<Vec<Event>, ProtocolError>>,
    /// The change could not be made durable: the connection must be closed without
    /// sending the answer.
    pub storage_failed: bool,
    /// ... because the disk (or the database's) is full: the peer is told so.
    pub disk_full: bool,
    /// What the document takes in the store after the job, measured here rather than on the
    /// hub (`doc_quota.rs`); `None` if that failed.
    pub stored_bytes: Option<u64>,
}

/// The one document a job's connection sees; it only ever asks for the message's document.
struct JobStore {
    /// The storage key, and the id the connection asks for.
    id: DocumentId,
    name: DocumentId,
    doc: LoadedDoc,
    source: Source,
    store: SharedStore,
    owner: Owner,
    damaged: Damaged,
    now_ms: u64,
    batch: Batch,
    /// What the quota leaves for this job's writes.
    room: u64,
    /// A write failed, and how (not a change refused for the quota: the peer is told that).
    failed: Option<std::io::ErrorKind>,
    /// The sending connection's grant, for how far it may fill the document.
    grant: Grant,
}

impl DocStore for JobStore {
    type Doc = Automerge;

    type Error = StoreError;

    fn get(&mut self, name: &DocumentId) -> Result<Option<&mut Automerge>, StoreError> {
        if *name != self.name {
            return Ok(None);
        }
        match self.source {
            Source::New => return Ok(None),
            Source::Disk => {
                self.doc = read_doc(&*self.store, &self.damaged, &self.id, self.now_ms)?;
                self.source = Source::Loaded;
            }
            Source::Loaded => {}
        }
        Ok(Some(&mut self.doc.doc))
    }

    fn create(&mut self, name: &DocumentId) -> Result<Option<&mut Automerge>, StoreError> {
        // The hub claimed the document for this connection's workspace before the job.
        if *name == self.name && self.source == Source::New {
            self.source = Source::Loaded;
        }
        self.get(name)
    }

    fn changed(&mut self, name: &DocumentId, before: &[ChangeHash]) -> Result<(), StoreError> {
        if *name != self.name {
            return Err(StoreError::Io(std::io::Error::other(
                "changed document is not the job's",
            )));
        }
        let result = persist_doc(
            &*self.store,
            &self.damaged,
            (&self.id, &self.owner),
            &mut self.doc,
            (before, self.room),
            &mut self.batch,
        );
        match &result {
            Ok(Persisted::Chunk(bytes)) => self.room = self.room.saturating_sub(*bytes),
            Ok(Persisted::Compacted) | Err(StoreError::Full) => {}
            Err(StoreError::Io(e)) => self.failed = Some(e.kind()),
        }
        result.map(|_| ())
    }

    fn is_full(error: &StoreError) -> bool {
        matches!(error, StoreError::Full)
    }

    fn admit_changes(&mut self, name: &DocumentId, bytes: u64) -> Result<(), u64> {
        if *name != self.name {
            return Ok(());
        }
        self.doc.admit(bytes, &self.grant)
    }
}

/// The connection state a job carries: only its protocol state is used here.
pub(crate) trait JobConn: Send + 'static {
    fn connection(&mut self) -> &mut gendan_sync::Connection;
    /// What the connection's token allows (how far it may fill a document).
    fn grant(&self) -> &Grant;
}

/// Applies the job's message (on a worker thread) and makes the change durable.
pub(crate) fn run<C: JobConn>(job: Job<C>) -> Done<C> {
    let Job {
        conn_id,
        mut conn,
        doc_id,
        name,
        doc,
        source,
        message,
        now_ms,
        store,
        owner,
        damaged,
        budget,
        room,
    } = job;
    let started = Instant::now();
    let mut store = JobStore {
        id: doc_id,
        name,
        doc,
        source,
        store,
        owner,
        damaged,
        now_ms,
        batch: Batch::default(),
        room,
        failed: None,
        grant: conn.grant().clone(),
    };
    let connection = conn.connection();
    let result = catch_unwind(AssertUnwindSafe(|| {
        connection.receive(message, &mut store, now_ms)
    }));
    let applied = started.elapsed();
    // Durable before the hub may send the answer the connection just queued.
    let synced = store.store.commit(&mut store.batch);
    if let Err(err) = &synced {
        tracing::error!(document = %doc_id, error = %err, "cannot make document writes durable");
    }
    drop(budget);
    tracing::debug!(
        conn = conn_id,
        document = %doc_id,
        ?applied,
        total = ?started.elapsed(),
        "big sync message (or big document) handled off the hub"
    );
    let failure = synced
        .as_ref()
        .err()
        .map(std::io::Error::kind)
        .or(store.failed);
    let storage_failed = failure.is_some();
    let keep = matches!(result, Ok(Ok(_))) && !storage_failed && store.source == Source::Loaded;
    let stored_bytes = store
        .store
        .doc_bytes(&[doc_id])
        .ok()
        .map(|sizes| sizes.get(&doc_id).copied().unwrap_or(0));
    Done {
        conn_id,
        conn,
        doc_id,
        doc: keep.then_some(store.doc),
        result,
        storage_failed,
        disk_full: failure.is_some_and(crate::hub::is_disk_full),
        stored_bytes,
    }
}

/// The message's document, if it is a sync message (the only kind that touches one).
pub(crate) fn doc_of(message: &Message) -> Option<DocumentId> {
    match message {
        Message::Sync(DocMessage { document_id, .. })
        | Message::Request(DocMessage { document_id, .. }) => Some(*document_id),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use gendan_sync::automerge::sync::{BloomFilter, Have, Message as SyncMessage, MessageVersion};
    use gendan_sync::automerge::transaction::Transactable;
    use gendan_sync::automerge::{Automerge, ChangeHash, ROOT};
    use gendan_sync::{DocMessage, DocumentId, Message, SyncLimits};

    use super::asks_much;

    fn doc() -> Automerge {
        let mut doc = Automerge::new();
        let mut tx = doc.transaction();
        tx.put(ROOT, "k", "v").unwrap();
        tx.commit();
        doc
    }

    fn framed(
        heads: Vec<ChangeHash>,
        need: Vec<ChangeHash>,
        have: Vec<Vec<ChangeHash>>,
    ) -> Message {
        let m = SyncMessage {
            heads,
            need,
            have: have
                .into_iter()
                .map(|last_sync| Have {
                    last_sync,
                    bloom: BloomFilter::default(),
                })
                .collect(),
            changes: Vec::<Vec<u8>>::new().into(),
            flags: None,
            version: MessageVersion::V1,
        };
        Message::Sync(DocMessage {
            sender_id: "peer".into(),
            target_id: "relay".into(),
            document_id: DocumentId::from_bytes([1; 16]),
            data: m.encode(),
        })
    }

    /// Every way of saying "I hold nothing of it" builds the whole document: no heads (with or
    /// without a `have`), a `have` from nowhere or naming changes the document does not hold,
    /// or changes asked for by hash. A peer in sync asks for nothing much.
    #[test]
    fn asking_for_much_of_a_document_is_seen_every_way_it_can_be_said() {
        let doc = doc();
        let heads = doc.get_heads();
        let unknown = ChangeHash([9; 32]);
        let limits = SyncLimits::default();
        let asks = |m: Message| asks_much(&m, &doc, &limits);
        assert!(asks(framed(vec![], vec![], vec![])), "no heads, no have");
        assert!(
            asks(framed(vec![], vec![], vec![heads.clone()])),
            "no heads"
        );
        assert!(
            asks(framed(vec![unknown], vec![], vec![vec![]])),
            "have from nowhere"
        );
        assert!(
            asks(framed(vec![unknown], vec![], vec![vec![unknown]])),
            "have unknown"
        );
        assert!(
            asks(framed(heads.clone(), vec![unknown], vec![heads.clone()])),
            "need"
        );
        assert!(!asks(framed(heads.clone(), vec![], vec![heads])), "in sync");
    }
}
