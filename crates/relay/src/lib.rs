//! The relay's HTTP surface: it owns the router (health check, the built app, the sync
//! WebSocket `/sync` and the blob store `/blobs/…`) and the server loop, so `main.rs` stays
//! a thin CLI and tests can run the exact production stack on an ephemeral port.
//!
//! The relay holds no business logic: it moves automerge-repo protocol messages between
//! peers (`ws.rs` → `hub.rs`, protocol from `gendan-sync`), stores documents and blobs
//! durably (`docs.rs`, `blobs.rs`), and checks tokens (`tokens.rs`).

mod assets;
mod blobs;
mod catch_up;
mod data_dir;
mod doc_quota;
mod docs;
mod ephemeral;
mod error;
mod fetch;
mod fsutil;
mod hub;
mod keeper;
mod lookup;
mod offload;
mod pg;
mod scope;
mod shares;
mod stall;
mod state;
mod static_files;
mod store;
mod token_api;
pub use token_api::{
    MAX_SHARED_DOCS, MAX_SHARED_IDS_PER_WORKSPACE, MAX_SHARED_LABEL_CHARS,
    MAX_SHARED_PER_WORKSPACE, MAX_SHARED_READS_PER_MINUTE, MAX_SHARED_WRITES_PER_MINUTE,
};
pub mod tokens;
mod warm;
mod ws;

use std::future::Future;
use std::path::PathBuf;
use std::sync::Arc;

use axum::extract::State;
use axum::routing::get;
use axum::Router;
use tokio::net::TcpListener;

pub use docs::{storage_key, Damage, DocReport};
pub use error::RelayError;
pub use state::Limits;
pub use static_files::{static_routes, APP_NOT_BUILT};

/// Where the relay reads the built client from and keeps its own state.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Config {
    /// Trunk's output (`dist/`). May be missing: the relay still starts so `/healthz`
    /// and sync keep working while the client is being rebuilt.
    pub dist_dir: PathBuf,
    /// The relay's own storage: documents (`docs/`), document owners, tokens, blobs.
    /// Created if missing and checked for writability at startup, because discovering a
    /// read-only volume on the first sync would lose a merchandiser's edits instead of
    /// failing loudly at boot.
    pub data_dir: PathBuf,
    /// Resource bounds for sync and blobs.
    pub limits: Limits,
    /// `postgres://…`: documents, owners and tokens live in that database, shared with
    /// every other relay given the same URL; `data_dir` then holds only blobs. `None`:
    /// everything in `data_dir` (the default, no database to run).
    pub database: Option<String>,
}

impl Config {
    /// A configuration with default [`Limits`].
    pub fn new(dist_dir: impl Into<PathBuf>, data_dir: impl Into<PathBuf>) -> Self {
        Config {
            dist_dir: dist_dir.into(),
            data_dir: data_dir.into(),
            limits: Limits::default(),
            database: None,
        }
    }
}

/// A started relay: its router plus the handle that shuts sync down cleanly.
pub struct Relay {
    pub router: Router,
    pub handle: RelayHandle,
}

/// Controls a running relay's sync side.
#[derive(Clone)]
pub struct RelayHandle {
    shared: Arc<state::Shared>,
}

/// What the sync hub has done since the relay started.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SyncStats {
    /// Sync frames handled.
    pub frames: u64,
    /// Group commits made (one fsync of the batch's writes each).
    pub batches: u64,
    /// Documents read from the store on the hub thread, which serves every connection
    /// meanwhile: only documents cheap to load should be.
    pub hub_loads: u64,
    /// What the heaviest of those weighed in memory (bytes, inflated): a big one stalled
    /// everyone while it loaded.
    pub heaviest_hub_load: u64,
    /// Documents read from the store by a worker (big ones, off the hub).
    pub worker_loads: u64,
    /// Answers to a peer holding nothing known of a big loaded document, built by a worker.
    pub worker_answers: u64,
    /// What the loaded documents weighed together after the last commit (bytes, inflated;
    /// bounded by `Limits::max_loaded_bytes`).
    pub loaded_bytes: u64,
}

impl RelayHandle {
    /// Counters of the sync hub, for logs and tests.
    pub fn stats(&self) -> SyncStats {
        use std::sync::atomic::Ordering;
        SyncStats {
            frames: self.shared.beat.frames.load(Ordering::Relaxed),
            batches: self.shared.beat.batches.load(Ordering::Relaxed),
            hub_loads: self.shared.beat.hub_loads.load(Ordering::Relaxed),
            heaviest_hub_load: self.shared.beat.heaviest_hub_load.load(Ordering::Relaxed),
            worker_loads: self.shared.beat.worker_loads.load(Ordering::Relaxed),
            worker_answers: self.shared.beat.worker_answers.load(Ordering::Relaxed),
            loaded_bytes: self.shared.beat.loaded_bytes.load(Ordering::Relaxed),
        }
    }

    /// Closes every sync WebSocket (close code 1001), stops the sync hub and waits for it
    /// to finish writing. New sync connections are refused from the first moment.
    pub async fn shutdown(&self) {
        self.shared.shutdown().await;
    }
}

/// Builds the relay: prepares `data_dir` (see [`Config::data_dir`]), reads the token file,
/// starts the sync hub thread and the token watcher. Must run inside a tokio runtime.
///
/// The router is a merge of independent pieces; only [`static_routes`] may own a
/// fallback: axum panics when two merged routers both define one.
pub fn start(config: Config) -> Result<Relay, RelayError> {
    data_dir::prepare(&config.data_dir)?;
    let store: store::SharedStore = match &config.database {
        None => Arc::new(store::FileStore::new(&config.data_dir)),
        Some(url) => pg::PgStore::connect(url).map_err(RelayError::Database)?,
    };
    let shared = state::Shared::start(config.data_dir.clone(), store, config.limits.clone())?;
    let router = Router::new()
        .merge(
            Router::new()
                .route("/healthz", get(healthz))
                .with_state(Arc::clone(&shared)),
        )
        .merge(
            Router::new()
                .route("/sync", get(ws::sync_socket))
                .with_state(Arc::clone(&shared)),
        )
        .merge(blobs::routes(Arc::clone(&shared)))
        .merge(catch_up::routes(Arc::clone(&shared)))
        .merge(scope::routes(Arc::clone(&shared)))
        .merge(token_api::routes(Arc::clone(&shared)))
        .merge(static_routes(&config.dist_dir));
    Ok(Relay {
        router,
        handle: RelayHandle { shared },
    })
}

/// Token administration (`gendan-relay token …`) against the store a relay with the same
/// `data_dir` and `database` uses: the token file, or the database's token table.
pub struct TokenAdmin {
    store: store::SharedStore,
}

impl TokenAdmin {
    pub fn open(data_dir: &std::path::Path, database: Option<&str>) -> Result<Self, RelayError> {
        let store: store::SharedStore = match database {
            None => Arc::new(store::FileStore::new(data_dir)),
            Some(url) => pg::PgStore::connect(url).map_err(RelayError::Database)?,
        };
        Ok(TokenAdmin { store })
    }

    /// A new token: its record and its text, shown once and never stored.
    pub fn create(
        &self,
        workspace: &str,
        docs: Option<Vec<String>>,
        label: Option<String>,
    ) -> Result<(tokens::TokenRecord, String), tokens::TokenError> {
        self.store.create_token(workspace, docs, label)
    }

    pub fn list(&self) -> Result<Vec<tokens::TokenRecord>, tokens::TokenError> {
        self.store.list_tokens()
    }

    /// Removes the token; every relay using the same store closes its connections.
    pub fn revoke(&self, id: &str) -> Result<tokens::TokenRecord, tokens::TokenError> {
        self.store.revoke_token(id, None)
    }
}

/// [`start`] for callers that only need the router (the sync side then stops when the
/// router is dropped, without closing sockets gracefully).
pub fn app(config: Config) -> Result<Router, RelayError> {
    Ok(start(config)?.router)
}

/// Runs `router` on `listener` until `shutdown` resolves, then stops accepting and waits
/// for in-flight requests to finish, with the default [`Limits`] for HTTP connections.
///
/// Upgraded connections (sync WebSockets) are not tracked by this graceful shutdown; use
/// [`serve_relay`] to close them too.
pub async fn serve(
    listener: TcpListener,
    router: Router,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> Result<(), RelayError> {
    serve_with(listener, router, shutdown, &Limits::default()).await
}

/// The accept loop. axum::serve has neither a header read timeout nor a connection cap,
/// so 300 half-sent requests were held forever and, under a low `ulimit -n`, starved
/// `/healthz` and the token file of descriptors. Here every connection holds a slot of a
/// semaphore (at most [`Limits::max_http_connections`], lowered to fit the descriptor
/// limit), hyper drops a connection whose request headers take longer than
/// [`Limits::header_read_timeout`], a peer that takes nothing of what it is sent for
/// [`Limits::write_stall_timeout`] is dropped (`stall.rs`), and a failed `accept` (EMFILE)
/// backs off instead of spinning. A WebSocket upgrade releases its slot: sync sockets are capped per token.
async fn serve_with(
    listener: TcpListener,
    router: Router,
    shutdown: impl Future<Output = ()> + Send + 'static,
    limits: &Limits,
) -> Result<(), RelayError> {
    use hyper_util::rt::{TokioIo, TokioTimer};
    use hyper_util::service::TowerToHyperService;
    use tokio::sync::{watch, Semaphore};

    let cap = connection_cap(limits.max_http_connections);
    let slots = Arc::new(Semaphore::new(cap));
    let header_timeout = limits.header_read_timeout;
    let stall_timeout = limits.write_stall_timeout;
    // Dropped at shutdown: every connection then finishes its request and closes.
    let (stop_tx, stop_rx) = watch::channel(());
    let mut shutdown = std::pin::pin!(shutdown);
    loop {
        let permit = tokio::select! {
            permit = Arc::clone(&slots).acquire_owned() => match permit {
                Ok(permit) => permit,
                Err(_) => break,
            },
            () = &mut shutdown => break,
        };
        let stream = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok((stream, _)) => stream,
                Err(err) => {
                    // Out of descriptors (or a connection reset before accept): back off
                    // briefly so the rest of the relay can use what frees up.
                    if !matches!(
                        err.kind(),
                        std::io::ErrorKind::ConnectionAborted | std::io::ErrorKind::ConnectionReset
                    ) {
                        tracing::warn!(error = %err, "cannot accept a connection");
                        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
                    }
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        let guarded = stall::StallGuard::new(stream, stall_timeout);
        // Each request carries what its connection has read: a sync socket tells a message
        // begun and never finished by it (`ws.rs`).
        let meter = guarded.meter();
        let router = TowerToHyperService::new(router.clone());
        let service = hyper::service::service_fn(move |mut request: hyper::Request<_>| {
            request.extensions_mut().insert(meter.clone());
            hyper::service::Service::call(&router, request)
        });
        let mut stop = stop_rx.clone();
        tokio::spawn(async move {
            let _slot = permit;
            let mut builder = hyper::server::conn::http1::Builder::new();
            builder
                .timer(TokioTimer::new())
                .header_read_timeout(header_timeout);
            let conn = builder
                .serve_connection(TokioIo::new(guarded), service)
                .with_upgrades();
            let mut conn = std::pin::pin!(conn);
            tokio::select! {
                _ = conn.as_mut() => {}
                _ = stop.changed() => {
                    conn.as_mut().graceful_shutdown();
                    let _ = conn.await;
                }
            }
        });
    }
    drop(listener);
    drop(stop_tx);
    drop(stop_rx);
    // Wait for in-flight requests: every slot back (bounded, should a peer hang).
    let all = u32::try_from(cap).unwrap_or(u32::MAX);
    let _ = tokio::time::timeout(std::time::Duration::from_secs(10), slots.acquire_many(all)).await;
    Ok(())
}

/// `wanted`, lowered to leave descriptors for everything else when the process's soft
/// `RLIMIT_NOFILE` (read from `/proc/self/limits`, where available) is small.
fn connection_cap(wanted: usize) -> usize {
    let soft = std::fs::read_to_string("/proc/self/limits")
        .ok()
        .and_then(|text| {
            text.lines()
                .find(|l| l.starts_with("Max open files"))
                .and_then(|l| l.split_whitespace().nth(3))
                .and_then(|n| n.parse::<usize>().ok())
        });
    match soft {
        // Half for HTTP connections; the rest for sync sockets, chunk files, blobs, the
        // token file and the owners log.
        Some(limit) => wanted.min(limit / 2).max(1),
        None => wanted.max(1),
    }
}

/// [`serve`] a started [`Relay`]: when `shutdown` resolves, the sync WebSockets are closed
/// and the hub has flushed before this returns.
pub async fn serve_relay(
    listener: TcpListener,
    relay: Relay,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> Result<(), RelayError> {
    let handle = relay.handle.clone();
    let limits = relay.handle.shared.limits.clone();
    let result = serve_with(
        listener,
        relay.router,
        async move {
            shutdown.await;
            handle.shutdown().await;
        },
        &limits,
    )
    .await;
    relay.handle.shutdown().await;
    result
}

/// Liveness, and whether any document is damaged: "ok", or "degraded: …" listing the
/// damaged documents seen since start (still 200: the relay serves, restarting it would
/// not help, and an operator should run `gendan-relay check`). A sync hub stuck on one
/// batch for over 10 s is a 503: sync is down for everyone even though HTTP answers. It
/// must answer even when the app is not built, so it touches no disk.
async fn healthz(State(shared): State<Arc<state::Shared>>) -> axum::response::Response {
    use axum::response::IntoResponse;
    if let Some(ms) = shared.hub_stuck_for_ms() {
        return (
            axum::http::StatusCode::SERVICE_UNAVAILABLE,
            format!("sync hub unresponsive for {} s", ms / 1000),
        )
            .into_response();
    }
    healthz_text(&shared).into_response()
}

fn healthz_text(shared: &state::Shared) -> String {
    let damaged = shared
        .damaged
        .lock()
        .map(|set| set.iter().map(|id| id.to_string()).collect::<Vec<_>>())
        .unwrap_or_default();
    if damaged.is_empty() {
        "ok".to_owned()
    } else {
        format!(
            "degraded: {} damaged document(s): {}; run `gendan-relay check`",
            damaged.len(),
            damaged.join(" ")
        )
    }
}

/// `gendan-relay check --database URL`: every damaged document in that PostgreSQL database
/// (chunk rows that do not load, changes missing), without modifying anything.
pub fn check_database(url: &str) -> Result<Vec<DocReport>, RelayError> {
    let store = pg::PgStore::connect(url).map_err(RelayError::Database)?;
    store.check_all().map_err(RelayError::Database)
}

/// `gendan-relay check --data DIR`: every damaged document in `data_dir` (damaged chunks,
/// changes missing, quarantined files), without modifying anything.
pub fn check_data(data_dir: &std::path::Path) -> Result<Vec<DocReport>, RelayError> {
    docs::check_all(data_dir).map_err(|source| RelayError::Check {
        path: data_dir.to_path_buf(),
        source,
    })
}
