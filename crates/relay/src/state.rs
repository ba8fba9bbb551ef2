//! The relay's shared runtime state: limits, the token table, the channel to the sync hub,
//! per-token connection counts, and the shutdown switch. It also owns the background task
//! that re-reads the token file (so `gendan-relay token revoke` takes effect on a running
//! server within about a second) and ticks the hub's housekeeping.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, RwLock, Weak};
use std::time::Duration;

use tokio::sync::{mpsc, watch};

use crate::hub::{self, Command, HubConfig};
use crate::shares::{Share, Shares};
use crate::stall::{PartialBudget, PartialBudgets};
use crate::store::SharedStore;
use crate::tokens::{Grant, TokenTable};
use crate::RelayError;

/// Resource bounds. The defaults suit a small team's relay on a small machine.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Limits {
    /// Largest WebSocket message (one protocol message) accepted.
    pub max_message_bytes: usize,
    /// Largest blob accepted by `PUT /blobs/…`: at least the largest file the app keeps with
    /// an order (`gendan_domain::attachments::MAX_FILE_BYTES`, checked by a test).
    pub max_blob_bytes: usize,
    /// Bytes of blobs one workspace may keep on this relay: past it uploads are refused (507)
    /// and the device keeps its files, so one workspace cannot fill the disk every other
    /// workspace's documents and files are written to.
    pub max_workspace_blob_bytes: u64,
    /// Bytes of stored documents one workspace may keep on this relay: past it a change is
    /// refused before it is written and its sender told `gendan_sync::NO_ROOM` (the device
    /// keeps it). `u64::MAX` counts nothing.
    pub max_workspace_doc_bytes: u64,
    /// Documents one workspace may keep on this relay: past it a new document is refused
    /// (`NO_ROOM`, the device keeps it). The relay holds each document's owner in memory, so
    /// this bounds what one workspace makes it hold where bytes alone did not (151 bytes
    /// of memory per document for its owner, measured; a tiny document is a small chunk).
    pub max_workspace_docs: usize,
    /// A socket silent for this long (no frame, no pong) is closed; so is one that has begun a
    /// message and not finished it for this long, whatever pongs it sends meanwhile.
    pub idle_timeout: Duration,
    /// How often the relay pings each socket (browsers answer pings by themselves).
    pub ping_interval: Duration,
    /// Simultaneous sync connections per token.
    pub max_connections_per_token: usize,
    /// A document nobody touched for this long is dropped from memory.
    pub doc_idle: Duration,
    /// At most this many documents stay in memory.
    pub max_loaded_docs: usize,
    /// What the documents in memory may weigh together, inflated (bytes); past it the least
    /// recently used are evicted. The count alone let 2,000 documents of 16 MiB be held.
    pub max_loaded_bytes: u64,
    /// How often the token file is re-read.
    pub token_poll: Duration,
    /// A frame the peer has not taken within this long closes its socket.
    pub send_timeout: Duration,
    /// Bytes queued for one socket before its peer counts as too slow and is closed (1013).
    pub max_queued_bytes: usize,
    /// What one sync connection may make the relay hold: documents, sync state, and the
    /// bounds on each sync message (see `gendan_sync::sync_limits`).
    pub connection: gendan_sync::ConnectionLimits,
    /// An HTTP request whose headers are not complete within this long is dropped.
    pub header_read_timeout: Duration,
    /// A connection whose peer takes nothing of what it is sent for this long is dropped
    /// (a download nobody reads, a socket nobody drains), freeing its slot.
    pub write_stall_timeout: Duration,
    /// A request body (a blob upload) silent for this long between frames ends the request.
    pub body_read_timeout: Duration,
    /// Open HTTP connections (before a WebSocket upgrade) at most; more wait in the
    /// kernel's backlog. Lowered at start to leave file descriptors for the data
    /// directory, the token file and sync sockets when `ulimit -n` is small.
    pub max_http_connections: usize,
    /// Bytes of received frames waiting for the sync hub, over all connections. Must be
    /// at least `max_message_bytes`.
    pub max_inbound_bytes: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_message_bytes: 16 * 1024 * 1024,
            max_blob_bytes: 20 * 1024 * 1024,
            max_workspace_blob_bytes: 64 << 30,
            max_workspace_doc_bytes: 16 << 30,
            // Two documents an order: decades of a busy team's orders.
            max_workspace_docs: 250_000,
            idle_timeout: Duration::from_secs(120),
            ping_interval: Duration::from_secs(20),
            max_connections_per_token: 32,
            doc_idle: Duration::from_secs(60),
            max_loaded_docs: 2_000,
            max_loaded_bytes: hub::MAX_LOADED_BYTES,
            token_poll: Duration::from_secs(1),
            send_timeout: Duration::from_secs(10),
            max_queued_bytes: 32 * 1024 * 1024,
            connection: gendan_sync::ConnectionLimits::default(),
            header_read_timeout: Duration::from_secs(10),
            write_stall_timeout: Duration::from_secs(30),
            body_read_timeout: Duration::from_secs(30),
            max_http_connections: 512,
            max_inbound_bytes: 128 * 1024 * 1024,
        }
    }
}

pub(crate) struct Shared {
    /// Blobs live here (`blobs/`), whichever store holds documents and tokens.
    pub data_dir: PathBuf,
    pub store: SharedStore,
    pub limits: Limits,
    tokens: RwLock<Arc<TokenTable>>,
    /// When the tokens were last read because one presented was unknown ([`Shared::check_fresh`]).
    fresh_read: Mutex<Option<std::time::Instant>>,
    /// Held from reading the tokens to installing them: a poll that read the table before a
    /// link was revoked here must not install it after the revocation's reload (the revoked
    /// token would work again until the next poll).
    reading: tokio::sync::Mutex<()>,
    /// Tests hold it to stop a socket between its token's check and the hub hearing of it.
    #[cfg(test)]
    pub(crate) before_open: tokio::sync::RwLock<()>,
    pub hub: mpsc::Sender<Command>,
    per_token: Mutex<HashMap<String, TokenUse>>,
    next_conn: AtomicU64,
    live: AtomicUsize,
    pub shutdown: watch::Sender<bool>,
    /// Damaged documents not yet healed, for `/healthz`.
    pub damaged: hub::Damaged,
    /// The hub's heartbeat, for `/healthz`.
    pub beat: hub::Beat,
    /// Received frames waiting for the hub (see `Limits::max_inbound_bytes`).
    inbound: Shares,
    /// Bytes of blobs per workspace (see `Limits::max_workspace_blob_bytes`).
    pub blob_usage: Arc<crate::blobs::BlobUsage>,
    /// Upload bodies held in memory (see `blobs::upload_memory`).
    pub upload_memory: Shares,
    /// What each token's sync sockets hold of unfinished messages (`stall::PartialBudget`).
    partial: PartialBudgets,
}

/// At most one read of the token store per this long for tokens the table does not know.
const FRESH_READ_GAP: Duration = Duration::from_millis(200);

impl Shared {
    /// Starts the hub thread and the token watcher.
    pub fn start(
        data_dir: PathBuf,
        store: SharedStore,
        limits: Limits,
    ) -> Result<Arc<Shared>, RelayError> {
        let tokens = store.tokens()?;
        let (tx, rx) = mpsc::channel(1024);
        let mut id = [0u8; 4];
        let _ = getrandom::fill(&mut id);
        let config = HubConfig {
            peer_id: format!("gendan-relay-{}", hex::encode(id)),
            max_message_bytes: limits.max_message_bytes,
            doc_idle: limits.doc_idle,
            max_loaded_docs: limits.max_loaded_docs,
            max_loaded_bytes: limits.max_loaded_bytes,
            max_queued_bytes: limits.max_queued_bytes,
            max_token_queued_bytes: limits.max_queued_bytes.saturating_mul(2),
            connection: limits.connection,
            max_workspace_doc_bytes: limits.max_workspace_doc_bytes,
            max_workspace_docs: limits.max_workspace_docs,
        };
        let damaged = hub::Damaged::default();
        let beat = hub::Beat::new(hub::Pulse {
            last_ms: AtomicU64::new(hub::now_ms()),
            ..hub::Pulse::default()
        });
        let prepared = hub::prepare(
            Arc::clone(&store),
            config,
            Arc::clone(&damaged),
            Arc::clone(&beat),
        )
        .map_err(RelayError::Hub)?;
        // Other relays' changes (a shared database) reach the hub from here on; the hub
        // loaded the owners after `prepare`, and a change it misses meanwhile is caught up
        // by the `Resync` the listener sends once it listens.
        store.listen(tx.clone());
        std::thread::Builder::new()
            .name("gendan-sync-hub".into())
            .spawn(move || hub::run(prepared, rx))
            .map_err(RelayError::Hub)?;
        let limits_copy = limits.clone();
        let shared = Arc::new(Shared {
            data_dir,
            store,
            limits,
            tokens: RwLock::new(Arc::new(tokens)),
            fresh_read: Mutex::new(None),
            reading: tokio::sync::Mutex::new(()),
            #[cfg(test)]
            before_open: tokio::sync::RwLock::new(()),
            hub: tx,
            per_token: Mutex::new(HashMap::new()),
            next_conn: AtomicU64::new(1),
            live: AtomicUsize::new(0),
            shutdown: watch::channel(false).0,
            damaged,
            beat,
            inbound: inbound_shares(&limits_copy),
            blob_usage: Arc::default(),
            upload_memory: crate::blobs::upload_memory(),
            partial: PartialBudgets::default(),
        });
        tokio::spawn(watch_tokens(Arc::downgrade(&shared)));
        Ok(shared)
    }

    pub fn check(&self, token: &str) -> Option<Grant> {
        self.table().check(token)
    }

    /// The token table installed now.
    fn table(&self) -> Arc<TokenTable> {
        match self.tokens.read() {
            Ok(t) => Arc::clone(&t),
            Err(poisoned) => Arc::clone(&poisoned.into_inner()),
        }
    }

    /// Whether `grant` is still what its token allows: false once the token was revoked or its
    /// list of documents changed since the grant was read.
    pub(crate) fn still_grants(&self, grant: &Grant) -> bool {
        self.table().grant_of(&grant.token_id) == Some(grant)
    }

    /// As [`Shared::check`], but a token the table does not know may be newer than the last
    /// poll (created a moment ago with `token create`, and its link opened at once): the tokens
    /// are read again, at most once per [`FRESH_READ_GAP`] whatever is presented, so unknown
    /// tokens cannot make the relay read its token store in a loop.
    pub async fn check_fresh(self: &Arc<Self>, token: &str) -> Option<Grant> {
        if let Some(grant) = self.check(token) {
            return Some(grant);
        }
        if token.is_empty() || token.len() > 256 {
            return None;
        }
        {
            let mut last = self.fresh_read.lock().unwrap_or_else(|p| p.into_inner());
            if last.is_some_and(|at| at.elapsed() < FRESH_READ_GAP) {
                return None;
            }
            *last = Some(std::time::Instant::now());
        }
        self.reload_tokens().await;
        self.check(token)
    }

    /// Reads the tokens again now (one was made or revoked here): a revoked token's sockets
    /// close at once, not at the next poll.
    pub(crate) async fn reload_tokens(&self) {
        let _ = self.read_and_install().await;
    }

    /// Reads the tokens and installs them, one read at a time (see [`Shared::reading`]).
    async fn read_and_install(&self) -> Result<(), crate::tokens::TokenError> {
        let _one = self.reading.lock().await;
        let store = Arc::clone(&self.store);
        match tokio::task::spawn_blocking(move || store.tokens()).await {
            Ok(Ok(table)) => {
                self.install_tokens(table).await;
                Ok(())
            }
            Ok(Err(e)) => Err(e),
            Err(_) => Ok(()),
        }
    }

    /// Puts a freshly read token table in place; when a token was revoked or what one allows
    /// changed, the hub hears of it (it closes sockets of revoked tokens and applies the new
    /// grant to the others at once, not at their next connection).
    async fn install_tokens(&self, table: TokenTable) {
        let grants = table.grants();
        let changed = self
            .tokens
            .read()
            .map(|t| t.grants() != grants)
            .unwrap_or(true);
        if let Ok(mut t) = self.tokens.write() {
            *t = Arc::new(table);
        }
        if changed {
            let _ = self.hub.send(Command::Tokens(grants)).await;
        }
    }

    /// Waits until `len` bytes fit in the share of the inbound budget of `budget_key` (a
    /// token's, or its workspace's links': `Grant::budget_key`), then in the budget; the
    /// permits return them on drop.
    pub async fn inbound_budget(
        &self,
        budget_key: &str,
        len: usize,
    ) -> Result<Share, tokio::sync::AcquireError> {
        self.inbound.hold(budget_key, len).await
    }

    /// The budget the sync sockets charged to `budget_key` (`Grant::budget_key`) share for
    /// messages begun and not finished: its part of the inbound budget, so what one token
    /// holds unfinished and queued is bounded alike.
    pub(crate) fn partial_budget(&self, budget_key: &str) -> Arc<PartialBudget> {
        self.partial
            .for_token(budget_key, token_part(&self.limits) as u64)
    }

    /// How long the sync hub has been busy with one batch, if longer than it should be.
    pub fn hub_stuck_for_ms(&self) -> Option<u64> {
        let age = hub::now_ms().saturating_sub(self.beat.last_ms.load(Ordering::Relaxed));
        (age > hub::STUCK_AFTER_MS).then_some(age)
    }

    pub fn is_shutting_down(&self) -> bool {
        *self.shutdown.borrow()
    }

    pub fn next_conn_id(&self) -> u64 {
        self.next_conn.fetch_add(1, Ordering::Relaxed)
    }

    /// Reserves a connection slot for `token_id`; `None` when the token is at its limit.
    pub fn acquire(self: &Arc<Self>, token_id: &str) -> Option<ConnSlot> {
        let mut counts = self.per_token.lock().unwrap_or_else(|p| p.into_inner());
        let used = counts
            .entry(token_id.to_owned())
            .or_insert_with(|| TokenUse {
                connections: 0,
                queued: Arc::default(),
            });
        if used.connections >= self.limits.max_connections_per_token {
            return None;
        }
        used.connections += 1;
        self.live.fetch_add(1, Ordering::SeqCst);
        Some(ConnSlot {
            shared: Arc::clone(self),
            token_id: token_id.to_owned(),
            queued: Arc::clone(&used.queued),
        })
    }

    /// Closes every WebSocket, then stops the hub (which compacts what it holds). Waits at
    /// most a few seconds for each step.
    pub async fn shutdown(&self) {
        self.shutdown.send_replace(true);
        let deadline = tokio::time::Instant::now() + Duration::from_secs(5);
        while self.live.load(Ordering::SeqCst) > 0 && tokio::time::Instant::now() < deadline {
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        let (done_tx, done_rx) = std::sync::mpsc::channel();
        if self
            .hub
            .send(Command::Shutdown { done: done_tx })
            .await
            .is_ok()
        {
            let _ = tokio::time::timeout(
                Duration::from_secs(10),
                tokio::task::spawn_blocking(move || done_rx.recv()),
            )
            .await;
        }
    }
}

/// The inbound budget, of which one token's connections hold at most a quarter (at least one
/// largest message): frames behind a connection's own long job wait holding their share, so
/// without it one token could queue the whole budget and make every other socket wait for that
/// job.
fn inbound_shares(limits: &Limits) -> Shares {
    let all = limits.max_inbound_bytes.max(limits.max_message_bytes);
    Shares::new(all, token_part(limits))
}

/// One token's part of the inbound budget.
fn token_part(limits: &Limits) -> usize {
    let all = limits.max_inbound_bytes.max(limits.max_message_bytes);
    (all / 4).max(limits.max_message_bytes)
}

/// What one token's live connections hold: how many, and the bytes queued for their sockets.
struct TokenUse {
    connections: usize,
    queued: Arc<AtomicUsize>,
}

/// A live sync connection's reservation; released on drop.
pub(crate) struct ConnSlot {
    shared: Arc<Shared>,
    pub token_id: String,
    /// Bytes queued for the token's sockets.
    pub queued: Arc<AtomicUsize>,
}

impl Drop for ConnSlot {
    fn drop(&mut self) {
        let mut counts = self
            .shared
            .per_token
            .lock()
            .unwrap_or_else(|p| p.into_inner());
        if let Some(used) = counts.get_mut(&self.token_id) {
            used.connections = used.connections.saturating_sub(1);
            if used.connections == 0 {
                counts.remove(&self.token_id);
            }
        }
        self.shared.live.fetch_sub(1, Ordering::SeqCst);
    }
}

/// Re-reads the tokens (the file, or the database) and ticks the hub, until the relay is dropped or shut down.
async fn watch_tokens(shared: Weak<Shared>) {
    let poll = match shared.upgrade() {
        Some(s) => s.limits.token_poll,
        None => return,
    };
    let mut reported_error = false;
    loop {
        tokio::time::sleep(poll).await;
        let Some(s) = shared.upgrade() else {
            return;
        };
        if s.is_shutting_down() {
            return;
        }
        match s.read_and_install().await {
            Ok(()) => reported_error = false,
            Err(err) if !reported_error => {
                reported_error = true;
                tracing::warn!(error = %err, "keeping the previous tokens");
            }
            Err(_) => {}
        }
        let _ = s.hub.try_send(Command::Tick);
    }
}
