//! One connection's protocol state machine, sans IO: the handshake (`join` → `peer`), then
//! per document an `automerge::sync::State` and what we know of the remote (has it, wants
//! it, lacks it).
//!
//! It owns no sockets, clocks or documents. Callers feed it incoming messages and the
//! documents they hold (through [`DocStore`]), then drain the messages it wants sent. The
//! same code runs in the relay (one `Connection` per WebSocket, documents shared between
//! connections) and in the browser (one `Connection` to the relay). Time is passed in as
//! `now_ms` because `std::time` panics in `wasm32-unknown-unknown`.
//!
//! Durability rule: when a received sync message changes a document, [`DocStore::changed`]
//! runs *before* the answering sync message — which tells the remote our new heads — is
//! queued. A store either persists durably inside `changed`, or (group commit, as the
//! relay does) writes there and holds the queued messages back until its fsync is done.

use std::collections::{BTreeMap, VecDeque};

use automerge::sync::{self, SyncDoc};
use automerge::{AutoCommit, Automerge, ChangeHash};

use crate::ids::{DocumentId, PeerId};
use crate::message::{
    decode_with_limit, encode, DecodeError, DocMessage, Message, PeerMetadata,
    DEFAULT_MAX_MESSAGE_BYTES, PROTOCOL_V1,
};
use crate::sync_limits::{check_sync_message, measure_changes, SyncLimitError, SyncLimits};

/// Default for [`ConnectionLimits::max_documents`]. An office with 10,000 orders syncs about
/// 20,000 documents (each order has a commercial document) over one connection, so the bound
/// leaves room for 25,000 orders; the sync-state byte budget below bounds what each costs.
pub const DEFAULT_MAX_DOCUMENTS: usize = 50_000;
/// Default for [`ConnectionLimits::max_sync_state_bytes`].
pub const DEFAULT_MAX_SYNC_STATE_BYTES: u64 = 32 * 1024 * 1024;

/// What one connection may make this side hold, whatever its remote sends. The defaults
/// leave an honest workspace (tens of thousands of documents, each remembering one Bloom
/// filter of its latest changes) below the bounds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ConnectionLimits {
    /// Bounds on each automerge sync message (see [`crate::sync_limits`]).
    pub sync: SyncLimits,
    /// Documents one connection may exchange messages about (each keeps a sync state).
    pub max_documents: usize,
    /// What the remote's sync messages may leave in this connection's sync states, summed
    /// over its documents ([`crate::sync_limits::SyncSummary::state_bytes`]).
    pub max_sync_state_bytes: u64,
}

impl Default for ConnectionLimits {
    fn default() -> Self {
        ConnectionLimits {
            sync: SyncLimits::default(),
            max_documents: DEFAULT_MAX_DOCUMENTS,
            max_sync_state_bytes: DEFAULT_MAX_SYNC_STATE_BYTES,
        }
    }
}

/// The documents one side holds. The relay implements it over its on-disk store with the
/// connection's access rights; the browser over IndexedDB-backed documents.
/// What the protocol needs of a document. Implemented for [`Automerge`] (the relay) and
/// [`AutoCommit`] (the browser, whose edits go through autosurgeon on an `AutoCommit`).
pub trait SyncDocument {
    fn heads(&mut self) -> Vec<ChangeHash>;
    fn generate_sync(&mut self, state: &mut sync::State) -> Option<sync::Message>;
    fn receive_sync(
        &mut self,
        state: &mut sync::State,
        message: sync::Message,
    ) -> Result<(), automerge::AutomergeError>;
}

impl SyncDocument for Automerge {
    fn heads(&mut self) -> Vec<ChangeHash> {
        self.get_heads()
    }

    fn generate_sync(&mut self, state: &mut sync::State) -> Option<sync::Message> {
        self.generate_sync_message(state)
    }

    fn receive_sync(
        &mut self,
        state: &mut sync::State,
        message: sync::Message,
    ) -> Result<(), automerge::AutomergeError> {
        self.receive_sync_message(state, message)
    }
}

impl SyncDocument for AutoCommit {
    fn heads(&mut self) -> Vec<ChangeHash> {
        self.get_heads()
    }

    fn generate_sync(&mut self, state: &mut sync::State) -> Option<sync::Message> {
        self.sync().generate_sync_message(state)
    }

    fn receive_sync(
        &mut self,
        state: &mut sync::State,
        message: sync::Message,
    ) -> Result<(), automerge::AutomergeError> {
        self.sync().receive_sync_message(state, message)
    }
}

pub trait DocStore {
    type Error: std::error::Error + Send + Sync + 'static;
    type Doc: SyncDocument;

    /// The document, if held and visible to this connection's remote.
    fn get(&mut self, id: &DocumentId) -> Result<Option<&mut Self::Doc>, Self::Error>;

    /// An empty document to receive `id` into, when the remote sends changes for a document
    /// not held here; `None` refuses (no access, not wanted), and the remote is told
    /// `doc-unavailable`.
    fn create(&mut self, id: &DocumentId) -> Result<Option<&mut Self::Doc>, Self::Error>;

    /// A received sync message changed `id`; `before` are its heads before. Persist here
    /// (`doc.save_after(before)` is the new chunk): the answer acknowledging the change is
    /// queued only after this returns `Ok`; an `Err` closes the connection.
    fn changed(&mut self, id: &DocumentId, before: &[ChangeHash]) -> Result<(), Self::Error>;

    /// Whether `error` (from [`DocStore::changed`] or [`DocStore::create`]) means the store
    /// refused the change or the new document for want of room (a quota): the remote is then told [`NO_ROOM`], so it keeps its changes
    /// and waits, instead of hearing "internal error".
    fn is_full(_error: &Self::Error) -> bool {
        false
    }

    /// Whether `id` may take changes weighing `bytes` once inflated
    /// ([`crate::sync_limits::measure_changes`]), asked before they are applied. `Err(max)`
    /// refuses them as a message over a limit is refused
    /// ([`SyncLimitError::DocumentTooLarge`]): the connection closes. The relay bounds what
    /// one document holds in memory this way, since DEFLATE lets a few kilobytes sent say
    /// megabytes kept; a device keeps what its user has, so by default nothing is refused.
    fn admit_changes(&mut self, _id: &DocumentId, _bytes: u64) -> Result<(), u64> {
        Ok(())
    }
}

/// The `error` message a relay sends when the workspace has no room left for the changes it
/// was sent ([`ProtocolError::NoRoom`]); the changes stay with the peer that made them.
pub const NO_ROOM: &str = "no room left on the relay for this workspace's documents";

/// Which side of the handshake this connection plays (not the domain's `Role`, a person's job).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    /// Sends `join` and waits for `peer` (the browser, a client).
    Initiator,
    /// Waits for `join` and answers `peer` (the relay).
    Acceptor,
}

/// What we know about whether the remote holds a document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RemoteStatus {
    /// Nothing heard yet.
    Unknown,
    /// The remote sent heads: it holds the document.
    Has,
    /// The remote asked for it with `request`.
    Wants,
    /// The remote said `doc-unavailable` (or we told it we lack the document).
    Unavailable,
}

/// Something the caller may want to react to, returned by [`Connection::receive`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Event {
    /// The handshake completed.
    Ready {
        remote: PeerId,
        metadata: PeerMetadata,
    },
    /// A received sync message changed the document (already passed to
    /// [`DocStore::changed`]); other connections syncing it should be told.
    DocChanged(DocumentId),
    /// The remote holds the same heads as we do for this document.
    Synced(DocumentId),
    /// The remote does not have (or will not share) the document.
    DocUnavailable(DocumentId),
    /// The remote's changes to a document are well formed but do not apply to the copy held
    /// here (two histories that cannot meet, such as one actor's two different changes at one
    /// sequence number). The document no longer syncs on this connection; the others do.
    DocRefused {
        document: DocumentId,
        reason: String,
    },
    /// Ephemeral data for a document, to show or to forward; never stored.
    Ephemeral {
        document_id: DocumentId,
        sender: PeerId,
        session_id: String,
        count: u64,
        data: Vec<u8>,
    },
    /// The remote said goodbye (`leave`) or reported an error; stop using the connection.
    Closed { reason: String },
}

/// Why a connection had to stop. An `error` message has already been queued for the remote.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ProtocolError {
    #[error("undecodable message: {0}")]
    Decode(#[from] DecodeError),
    #[error("`{0}` before the handshake completed")]
    NotJoined(&'static str),
    #[error("unexpected `{0}` message")]
    Unexpected(&'static str),
    #[error("no supported protocol version (we speak \"1\")")]
    UnsupportedVersion,
    #[error("bad sync message for {document}: {reason}")]
    BadSync {
        document: DocumentId,
        reason: String,
    },
    #[error("sync message for {document} refused: {error}")]
    SyncLimit {
        document: DocumentId,
        error: SyncLimitError,
    },
    #[error("more than {max} documents on one connection")]
    TooManyDocuments { max: usize },
    #[error("sync state of this connection would exceed {max} bytes")]
    SyncStateTooLarge { max: u64 },
    #[error("an ephemeral message larger than {max} bytes")]
    EphemeralTooLarge { max: usize },
    #[error("more than {per_second} ephemeral messages a second")]
    EphemeralFlood { per_second: u64 },
    #[error("document store failed: {0}")]
    Store(Box<dyn std::error::Error + Send + Sync>),
    /// The store refused a change for want of room ([`DocStore::is_full`]).
    #[error("{}", NO_ROOM)]
    NoRoom,
    #[error("the connection is closed")]
    Closed,
}

impl ProtocolError {
    /// Whether the remote caused it (as opposed to our own storage failing).
    pub fn is_remote_fault(&self) -> bool {
        !matches!(
            self,
            ProtocolError::Store(_) | ProtocolError::NoRoom | ProtocolError::Closed
        )
    }
}

#[derive(Debug)]
struct DocState {
    sync: sync::State,
    remote: RemoteStatus,
    /// Last heads we reported as synced, so `Synced` fires once per convergence.
    synced_at: Option<Vec<ChangeHash>>,
    /// What the remote's last sync message left in `sync` (budgeted per connection).
    state_bytes: u64,
    /// The remote's changes did not apply here ([`Event::DocRefused`]): nothing more is sent
    /// or applied for this document on this connection.
    refused: bool,
}

impl DocState {
    fn new() -> Self {
        DocState {
            sync: sync::State::new(),
            remote: RemoteStatus::Unknown,
            synced_at: None,
            state_bytes: 0,
            refused: false,
        }
    }
}

/// One connection's protocol state. See the module documentation.
#[derive(Debug)]
pub struct Connection {
    local: PeerId,
    metadata: PeerMetadata,
    side: Side,
    remote: Option<(PeerId, PeerMetadata)>,
    closed: bool,
    max_message_bytes: usize,
    limits: ConnectionLimits,
    docs: BTreeMap<DocumentId, DocState>,
    /// Sum of the documents' `DocState::state_bytes`.
    state_bytes: u64,
    /// Documents asked to sync before the handshake completed.
    pending: Vec<DocumentId>,
    outbox: VecDeque<Message>,
    /// What the messages in `outbox` weigh ([`weight`]).
    outbox_bytes: usize,
    last_activity_ms: u64,
    /// Ephemeral messages the remote may still send now ([`EPHEMERAL_BURST`], refilled at
    /// [`EPHEMERAL_PER_SECOND`]), and when it was last refilled.
    ephemeral_allowance: u64,
    ephemeral_refilled_ms: u64,
}

/// The largest ephemeral message a remote may send to an accepting (relay) side (presence, a
/// nearby device's connection offer: a few kilobytes). A relay copies each one to every peer of
/// the document, so its size times the listeners is what one frame costs.
pub const MAX_EPHEMERAL_BYTES: usize = 16 * 1024;
/// Ephemeral messages a remote may send at once, and how many more each second.
pub const EPHEMERAL_BURST: u64 = 64;
pub const EPHEMERAL_PER_SECOND: u64 = 16;

impl Connection {
    /// A connecting side: `join` is queued at once.
    pub fn initiator(local: PeerId, metadata: PeerMetadata, now_ms: u64) -> Self {
        let mut c = Self::new(local, metadata, Side::Initiator, now_ms);
        let join = Message::Join {
            sender_id: c.local.clone(),
            supported_protocol_versions: vec![PROTOCOL_V1.to_owned()],
            peer_metadata: c.metadata.clone(),
        };
        c.queue(join);
        c
    }

    /// An accepting side: waits for `join`.
    pub fn acceptor(local: PeerId, metadata: PeerMetadata, now_ms: u64) -> Self {
        Self::new(local, metadata, Side::Acceptor, now_ms)
    }

    fn new(local: PeerId, metadata: PeerMetadata, side: Side, now_ms: u64) -> Self {
        Connection {
            local,
            metadata,
            side,
            remote: None,
            closed: false,
            max_message_bytes: DEFAULT_MAX_MESSAGE_BYTES,
            limits: ConnectionLimits::default(),
            docs: BTreeMap::new(),
            state_bytes: 0,
            pending: Vec::new(),
            outbox: VecDeque::new(),
            outbox_bytes: 0,
            last_activity_ms: now_ms,
            ephemeral_allowance: EPHEMERAL_BURST,
            ephemeral_refilled_ms: now_ms,
        }
    }

    /// Refuse incoming messages larger than `max` bytes (default 16 MiB).
    pub fn with_max_message_bytes(mut self, max: usize) -> Self {
        self.max_message_bytes = max;
        self
    }

    /// Bounds what the remote may make this side hold (see [`ConnectionLimits`]).
    pub fn with_limits(mut self, limits: ConnectionLimits) -> Self {
        self.limits = limits;
        self
    }

    /// Roughly what the remote's sync messages left in this connection's sync states.
    pub fn sync_state_bytes(&self) -> u64 {
        self.state_bytes
    }

    pub fn side(&self) -> Side {
        self.side
    }

    pub fn local_peer(&self) -> &PeerId {
        &self.local
    }

    /// The remote peer once the handshake completed.
    pub fn remote_peer(&self) -> Option<&PeerId> {
        self.remote.as_ref().map(|(id, _)| id)
    }

    pub fn remote_metadata(&self) -> Option<&PeerMetadata> {
        self.remote.as_ref().map(|(_, m)| m)
    }

    pub fn is_ready(&self) -> bool {
        self.remote.is_some() && !self.closed
    }

    pub fn is_closed(&self) -> bool {
        self.closed
    }

    /// When a message last arrived (or the connection was created).
    pub fn last_activity_ms(&self) -> u64 {
        self.last_activity_ms
    }

    /// Documents this connection has exchanged messages about.
    pub fn documents(&self) -> impl Iterator<Item = &DocumentId> {
        self.docs.keys()
    }

    /// Whether this connection has exchanged messages about `id`.
    pub fn is_syncing(&self, id: &DocumentId) -> bool {
        self.docs.contains_key(id)
    }

    pub fn remote_status(&self, id: &DocumentId) -> Option<RemoteStatus> {
        self.docs.get(id).map(|d| d.remote)
    }

    /// Whether the remote's copy of `id` did not merge with ours on this connection
    /// ([`Event::DocRefused`]): it will not sync here, so it is not waited for.
    pub fn is_refused(&self, id: &DocumentId) -> bool {
        self.docs.get(id).is_some_and(|d| d.refused)
    }

    /// True when the remote told us heads equal to `doc`'s: everything we hold has
    /// reached it (for the browser: "synced with the relay").
    pub fn is_synced(&self, id: &DocumentId, heads: &[ChangeHash]) -> bool {
        self.docs
            .get(id)
            .is_some_and(|d| same_heads(d.sync.their_heads.as_deref(), heads))
    }

    /// The heads the remote last told us it holds for `id`.
    pub fn remote_heads(&self, id: &DocumentId) -> Option<&[ChangeHash]> {
        self.docs
            .get(id)
            .and_then(|d| d.sync.their_heads.as_deref())
    }

    /// Starts `id` from what was kept of the last sync with this remote ([`crate::resume`]):
    /// both sides held `shared`. With `confirmed` (the resume handshake matched) the remote is
    /// taken to hold exactly `shared`, so nothing is sent about `id` until a side's heads move
    /// or [`Connection::sync_doc`] is called. The caller's copy must hold every head in
    /// `shared` (otherwise pass nothing and let the exchange start afresh). A document this
    /// connection already exchanged messages about keeps its live state.
    pub fn resume_doc(
        &mut self,
        id: &DocumentId,
        shared: &[ChangeHash],
        confirmed: bool,
    ) -> Result<(), ProtocolError> {
        if self.closed {
            return Err(ProtocolError::Closed);
        }
        if self.docs.contains_key(id) || shared.is_empty() {
            return Ok(());
        }
        self.admit(id)?;
        let mut state = DocState::new();
        state.sync.shared_heads = shared.to_vec();
        if confirmed {
            state.sync.their_heads = Some(shared.to_vec());
            state.remote = RemoteStatus::Has;
            state.synced_at = Some(shared.to_vec());
        }
        self.docs.insert(*id, state);
        Ok(())
    }

    /// Lets the accepting side add to the metadata of the `peer` answer it queued on `join`
    /// (what it decided from the joining peer's metadata, e.g. [`crate::resume::ACCEPTED`]);
    /// call before taking the outbox.
    pub fn amend_peer_metadata(&mut self, amend: impl FnOnce(&mut PeerMetadata)) {
        if let Some(Message::Peer { peer_metadata, .. }) = self
            .outbox
            .iter_mut()
            .find(|m| matches!(m, Message::Peer { .. }))
        {
            amend(peer_metadata);
        }
    }

    /// Drops what this connection knows about `id` (the next exchange starts afresh).
    pub fn forget(&mut self, id: &DocumentId) {
        if let Some(state) = self.docs.remove(id) {
            self.state_bytes = self.state_bytes.saturating_sub(state.state_bytes);
        }
    }

    /// Messages waiting to be sent, in order.
    pub fn take_outgoing(&mut self) -> Vec<Message> {
        self.outbox_bytes = 0;
        self.outbox.drain(..).collect()
    }

    /// [`Connection::take_outgoing`], encoded: one binary frame each.
    pub fn take_outgoing_bytes(&mut self) -> Vec<Vec<u8>> {
        self.outbox_bytes = 0;
        self.outbox.drain(..).map(|m| encode(&m)).collect()
    }

    /// Roughly what the messages waiting to be sent weigh, in bytes: their payloads (automerge
    /// sync bytes, ephemeral data, error text) and a small allowance each for the rest. One
    /// received message may queue a whole document (a remote saying it holds nothing makes
    /// automerge send everything again), so a caller bounding what it holds for a remote
    /// counts this before it takes more of the remote's messages, not only once it sends.
    pub fn outgoing_bytes(&self) -> usize {
        self.outbox_bytes
    }

    fn queue(&mut self, message: Message) {
        self.outbox_bytes = self.outbox_bytes.saturating_add(weight(&message));
        self.outbox.push_back(message);
    }

    pub fn has_outgoing(&self) -> bool {
        !self.outbox.is_empty()
    }

    /// Queues `leave` and closes.
    pub fn leave(&mut self) {
        if !self.closed {
            self.queue(Message::Leave {
                sender_id: self.local.clone(),
            });
            self.closed = true;
        }
    }

    /// Queues an `error` message with `reason` and closes.
    pub fn close_with_error(&mut self, reason: impl Into<String>) {
        if !self.closed {
            self.queue(Message::Error {
                sender_id: Some(self.local.clone()),
                target_id: self.remote_peer().cloned(),
                message: reason.into(),
            });
            self.closed = true;
        }
    }

    /// Decodes and handles one incoming frame. On `Err` an `error` message is queued and
    /// the connection is closed: send the outbox, then drop the transport.
    pub fn receive_bytes<S: DocStore>(
        &mut self,
        bytes: &[u8],
        store: &mut S,
        now_ms: u64,
    ) -> Result<Vec<Event>, ProtocolError> {
        let message = match decode_with_limit(bytes, self.max_message_bytes) {
            Ok(m) => m,
            Err(err) => return Err(self.fail(err.into())),
        };
        self.receive(message, store, now_ms)
    }

    /// Handles one decoded incoming message (see [`Connection::receive_bytes`]).
    pub fn receive<S: DocStore>(
        &mut self,
        message: Message,
        store: &mut S,
        now_ms: u64,
    ) -> Result<Vec<Event>, ProtocolError> {
        if self.closed {
            return Err(ProtocolError::Closed);
        }
        self.last_activity_ms = now_ms;
        // Bounded where they are fanned out: on the accepting (relay) side. A device receives
        // every peer's presence through its relay, which may well exceed one sender's pace.
        if let (Message::Ephemeral { data, .. }, Side::Acceptor) = (&message, self.side) {
            if let Err(e) = self.admit_ephemeral(data.len(), now_ms) {
                return Err(self.fail(e));
            }
        }
        let mut events = Vec::new();
        match self.handle(message, store, &mut events) {
            Ok(()) => Ok(events),
            Err(err) => Err(self.fail(err)),
        }
    }

    /// Brings the remote up to date with `id`: if we hold it, sends what it lacks (`sync`);
    /// if not, asks for it (`request`). Call after a local edit, or to fetch a document.
    /// Before the handshake completes the document is remembered and synced on `peer`.
    pub fn sync_doc<S: DocStore>(
        &mut self,
        id: &DocumentId,
        store: &mut S,
    ) -> Result<(), ProtocolError> {
        if self.closed {
            return Err(ProtocolError::Closed);
        }
        if self.remote.is_none() {
            if !self.pending.contains(id) {
                self.pending.push(*id);
            }
            return Ok(());
        }
        self.docs.entry(*id).or_insert_with(DocState::new);
        let result = self.send_sync(id, store, true);
        result.map_err(|e| self.fail(e))
    }

    /// Forwards ephemeral data about `id` from another peer (the relay fans presence out).
    pub fn send_ephemeral(
        &mut self,
        id: &DocumentId,
        sender: PeerId,
        session_id: String,
        count: u64,
        data: Vec<u8>,
    ) {
        if let Some(target) = self.remote_peer().cloned() {
            self.queue(Message::Ephemeral {
                sender_id: sender,
                target_id: target,
                document_id: *id,
                session_id,
                count,
                data,
            });
        }
    }

    /// Tells the remote we do not hold (or will not share) `id`, e.g. after refusing an
    /// ephemeral message about it.
    pub fn send_doc_unavailable(&mut self, id: &DocumentId) {
        if let Some(target) = self.remote_peer().cloned() {
            self.queue(Message::DocUnavailable {
                sender_id: self.local.clone(),
                target_id: target,
                document_id: *id,
            });
        }
    }

    /// Whether the remote may send an ephemeral message of `len` bytes now: small, and not
    /// faster than the allowance refills. A relay fans each one out to every listener, so one
    /// peer flooding them would multiply its frames by the listeners in the relay's memory.
    fn admit_ephemeral(&mut self, len: usize, now_ms: u64) -> Result<(), ProtocolError> {
        if len > MAX_EPHEMERAL_BYTES {
            return Err(ProtocolError::EphemeralTooLarge {
                max: MAX_EPHEMERAL_BYTES,
            });
        }
        let earned = now_ms
            .saturating_sub(self.ephemeral_refilled_ms)
            .saturating_mul(EPHEMERAL_PER_SECOND)
            / 1000;
        if earned > 0 {
            self.ephemeral_allowance = (self.ephemeral_allowance + earned).min(EPHEMERAL_BURST);
            self.ephemeral_refilled_ms = now_ms;
        }
        if self.ephemeral_allowance == 0 {
            return Err(ProtocolError::EphemeralFlood {
                per_second: EPHEMERAL_PER_SECOND,
            });
        }
        self.ephemeral_allowance -= 1;
        Ok(())
    }

    fn fail(&mut self, err: ProtocolError) -> ProtocolError {
        let text = if err.is_remote_fault() || matches!(err, ProtocolError::NoRoom) {
            err.to_string()
        } else {
            // Do not leak our storage internals to the remote.
            "internal error".to_owned()
        };
        self.close_with_error(text);
        err
    }

    fn handle<S: DocStore>(
        &mut self,
        message: Message,
        store: &mut S,
        events: &mut Vec<Event>,
    ) -> Result<(), ProtocolError> {
        match message {
            Message::Join {
                sender_id,
                supported_protocol_versions,
                peer_metadata,
            } => {
                // One handshake per connection: each `join` would start the connection's
                // documents over (and a relay resumes the peer's kept state on each).
                if self.side != Side::Acceptor || self.remote.is_some() {
                    return Err(ProtocolError::Unexpected("join"));
                }
                if !supported_protocol_versions.iter().any(|v| v == PROTOCOL_V1) {
                    return Err(ProtocolError::UnsupportedVersion);
                }
                self.queue(Message::Peer {
                    sender_id: self.local.clone(),
                    target_id: sender_id.clone(),
                    selected_protocol_version: PROTOCOL_V1.to_owned(),
                    peer_metadata: self.metadata.clone(),
                });
                self.remote = Some((sender_id.clone(), peer_metadata.clone()));
                events.push(Event::Ready {
                    remote: sender_id,
                    metadata: peer_metadata,
                });
                self.flush_pending(store)?;
            }
            Message::Peer {
                sender_id,
                selected_protocol_version,
                peer_metadata,
                ..
            } => {
                if self.side != Side::Initiator || self.remote.is_some() {
                    return Err(ProtocolError::Unexpected("peer"));
                }
                if selected_protocol_version != PROTOCOL_V1 {
                    return Err(ProtocolError::UnsupportedVersion);
                }
                self.remote = Some((sender_id.clone(), peer_metadata.clone()));
                events.push(Event::Ready {
                    remote: sender_id,
                    metadata: peer_metadata,
                });
                self.flush_pending(store)?;
            }
            Message::Error { message, .. } => {
                self.closed = true;
                events.push(Event::Closed { reason: message });
            }
            Message::Leave { .. } => {
                self.closed = true;
                events.push(Event::Closed {
                    reason: "the remote left".into(),
                });
            }
            other if self.remote.is_none() => {
                return Err(ProtocolError::NotJoined(other.kind()));
            }
            Message::Request(m) => self.receive_sync(m, true, store, events)?,
            Message::Sync(m) => self.receive_sync(m, false, store, events)?,
            Message::DocUnavailable { document_id, .. } => {
                self.admit(&document_id)?;
                let state = self.docs.entry(document_id).or_insert_with(DocState::new);
                state.remote = RemoteStatus::Unavailable;
                // The remote holds nothing of it for us: what our sync state says was sent is
                // void, so asking again later (the document shared since) sends a request
                // instead of waiting for an answer that will not come.
                state.sync = sync::State::new();
                events.push(Event::DocUnavailable(document_id));
            }
            Message::Ephemeral {
                sender_id,
                document_id,
                session_id,
                count,
                data,
                ..
            } => events.push(Event::Ephemeral {
                document_id,
                sender: sender_id,
                session_id,
                count,
                data,
            }),
            // Remote-heads gossip is an optimisation we do not offer; ignoring it is allowed.
            Message::RemoteSubscriptionChange { .. } | Message::RemoteHeadsChanged { .. } => {}
        }
        Ok(())
    }

    /// Refuses a document beyond [`ConnectionLimits::max_documents`].
    fn admit(&self, id: &DocumentId) -> Result<(), ProtocolError> {
        if !self.docs.contains_key(id) && self.docs.len() >= self.limits.max_documents {
            return Err(ProtocolError::TooManyDocuments {
                max: self.limits.max_documents,
            });
        }
        Ok(())
    }

    fn flush_pending<S: DocStore>(&mut self, store: &mut S) -> Result<(), ProtocolError> {
        for id in std::mem::take(&mut self.pending) {
            self.docs.entry(id).or_insert_with(DocState::new);
            self.send_sync(&id, store, true)?;
        }
        Ok(())
    }

    fn receive_sync<S: DocStore>(
        &mut self,
        m: DocMessage,
        is_request: bool,
        store: &mut S,
        events: &mut Vec<Event>,
    ) -> Result<(), ProtocolError> {
        let id = m.document_id;
        let bad = |reason: String| ProtocolError::BadSync {
            document: id,
            reason,
        };
        // automerge trusts the peer's counts and Bloom parameters: check them first.
        let summary = check_sync_message(&m.data, &self.limits.sync).map_err(|error| {
            ProtocolError::SyncLimit {
                document: id,
                error,
            }
        })?;
        self.admit(&id)?;
        if self.is_refused(&id) {
            return Ok(());
        }
        let old_bytes = self.docs.get(&id).map_or(0, |d| d.state_bytes);
        let new_bytes = summary.state_bytes();
        let total = self.state_bytes - old_bytes + new_bytes;
        if total > self.limits.max_sync_state_bytes {
            return Err(ProtocolError::SyncStateTooLarge {
                max: self.limits.max_sync_state_bytes,
            });
        }
        let decoded = sync::Message::decode(&m.data).map_err(|e| bad(e.to_string()))?;
        let weight = measure_changes(&decoded, &self.limits.sync).map_err(|error| {
            ProtocolError::SyncLimit {
                document: id,
                error,
            }
        })?;
        self.state_bytes = total;
        let remote_has = !decoded.heads.is_empty();
        let brings_changes = !decoded.changes.is_empty();
        let state = self.docs.entry(id).or_insert_with(DocState::new);
        state.state_bytes = new_bytes;
        if is_request {
            state.remote = RemoteStatus::Wants;
        }
        if remote_has {
            state.remote = RemoteStatus::Has;
        }

        let held = store.get(&id).map_err(store_err)?.is_some();
        if !held {
            // Only create a document when the remote actually offers one.
            let created = if remote_has || brings_changes {
                store.create(&id).map_err(refused::<S>)?.is_some()
            } else {
                false
            };
            if !created {
                state.remote = if remote_has {
                    RemoteStatus::Has
                } else {
                    RemoteStatus::Unavailable
                };
                // Reset: if the document appears later, sync starts from scratch.
                state.sync = sync::State::new();
                self.queue(Message::DocUnavailable {
                    sender_id: self.local.clone(),
                    target_id: m.sender_id,
                    document_id: id,
                });
                return Ok(());
            }
        }

        if brings_changes {
            store
                .admit_changes(&id, weight.bytes)
                .map_err(|max| ProtocolError::SyncLimit {
                    document: id,
                    error: SyncLimitError::DocumentTooLarge { max },
                })?;
        }
        let Some(doc) = store.get(&id).map_err(store_err)? else {
            return Err(ProtocolError::Store(
                "document vanished from the store".into(),
            ));
        };
        let before = doc.heads();
        let applied = doc.receive_sync(&mut state.sync, decoded);
        // Whatever did apply is kept, also when the rest did not.
        if doc.heads() != before {
            store.changed(&id, &before).map_err(refused::<S>)?;
            events.push(Event::DocChanged(id));
        }
        if let Err(e) = applied {
            // Well formed and within every limit, yet not applicable to the copy held here:
            // two histories that cannot meet (one actor's two different changes at one
            // sequence number, as an older build's migration wrote them). Closing would repeat
            // on every reconnect and hold every other document's sync behind this one, so this
            // document alone stops syncing on this connection.
            state.refused = true;
            events.push(Event::DocRefused {
                document: id,
                reason: e.to_string(),
            });
            return Ok(());
        }
        self.send_sync(&id, store, false)?;
        self.check_synced(&id, store, events)?;
        Ok(())
    }

    /// Generates and queues the next sync message for `id`, if automerge has one.
    /// `may_request`: when we hold nothing, ask with `request` instead of `sync`.
    fn send_sync<S: DocStore>(
        &mut self,
        id: &DocumentId,
        store: &mut S,
        may_request: bool,
    ) -> Result<(), ProtocolError> {
        let Some(target) = self.remote_peer().cloned() else {
            return Ok(());
        };
        let Some(state) = self.docs.get_mut(id).filter(|s| !s.refused) else {
            return Ok(());
        };
        let (message, empty) = match store.get(id).map_err(store_err)? {
            Some(doc) => (doc.generate_sync(&mut state.sync), doc.heads().is_empty()),
            None if may_request => (
                Automerge::new().generate_sync_message(&mut state.sync),
                true,
            ),
            None => (None, true),
        };
        if let Some(mut message) = message {
            // Without the flags section automerge takes us for a v1-only peer and never
            // sends a v2 message (a document chunk whose cost cannot be checked).
            message.flags = None;
            let doc_message = DocMessage {
                sender_id: self.local.clone(),
                target_id: target,
                document_id: *id,
                data: message.encode(),
            };
            let request = empty && may_request && state.remote == RemoteStatus::Unknown;
            self.queue(if request {
                Message::Request(doc_message)
            } else {
                Message::Sync(doc_message)
            });
        }
        Ok(())
    }

    fn check_synced<S: DocStore>(
        &mut self,
        id: &DocumentId,
        store: &mut S,
        events: &mut Vec<Event>,
    ) -> Result<(), ProtocolError> {
        let Some(state) = self.docs.get_mut(id) else {
            return Ok(());
        };
        let Some(doc) = store.get(id).map_err(store_err)? else {
            return Ok(());
        };
        let heads = doc.heads();
        if same_heads(state.sync.their_heads.as_deref(), &heads)
            && state.synced_at.as_deref() != Some(&heads)
        {
            state.synced_at = Some(heads);
            events.push(Event::Synced(*id));
        }
        Ok(())
    }
}

/// What a queued message counts for in [`Connection::outgoing_bytes`]: its payload, plus an
/// allowance for the ids, field names and metadata around it (a few dozen bytes encoded).
fn weight(message: &Message) -> usize {
    const ENVELOPE: usize = 128;
    let payload = match message {
        Message::Sync(m) | Message::Request(m) => m.data.len(),
        Message::Ephemeral { data, .. } => data.len(),
        Message::Error { message, .. } => message.len(),
        _ => 0,
    };
    payload.saturating_add(ENVELOPE)
}

fn store_err<E: std::error::Error + Send + Sync + 'static>(e: E) -> ProtocolError {
    ProtocolError::Store(Box::new(e))
}

/// A store error on a write (a document created or changed): no room is said as such.
fn refused<S: DocStore>(e: S::Error) -> ProtocolError {
    if S::is_full(&e) {
        ProtocolError::NoRoom
    } else {
        store_err(e)
    }
}

fn same_heads(theirs: Option<&[ChangeHash]>, ours: &[ChangeHash]) -> bool {
    let Some(theirs) = theirs else {
        return false;
    };
    let mut a = theirs.to_vec();
    let mut b = ours.to_vec();
    a.sort();
    b.sort();
    a == b
}
