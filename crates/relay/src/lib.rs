//! The relay's HTTP surface: it owns the router (health check, the built app, the sync
//! WebSocket `/sync` and the blob store `/blobs/…`) and the server loop, so `main.rs` stays
//! a thin CLI and tests can run the exact production stack on an ephemeral port.
//!
//! The relay holds no business logic: it moves automerge-repo protocol messages between
//! peers (`ws.rs` → `hub.rs`, protocol from `gendan-sync`), stores documents and blobs
//! durably (`docs.rs`, `blobs.rs`), and checks tokens (`tokens.rs`).

mod assets;
mod blobs;
mod data_dir;
mod docs;
mod error;
mod fsutil;
mod hub;
mod state;
mod static_files;
pub mod tokens;
mod ws;

use std::future::Future;
use std::path::PathBuf;
use std::sync::Arc;

use axum::extract::State;
use axum::routing::get;
use axum::Router;
use tokio::net::TcpListener;

pub use docs::{Damage, DocReport};
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
}

impl Config {
    /// A configuration with default [`Limits`].
    pub fn new(dist_dir: impl Into<PathBuf>, data_dir: impl Into<PathBuf>) -> Self {
        Config {
            dist_dir: dist_dir.into(),
            data_dir: data_dir.into(),
            limits: Limits::default(),
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

impl RelayHandle {
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
    let shared = state::Shared::start(config.data_dir.clone(), config.limits.clone())?;
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
        .merge(static_routes(&config.dist_dir));
    Ok(Relay {
        router,
        handle: RelayHandle { shared },
    })
}

/// [`start`] for callers that only need the router (the sync side then stops when the
/// router is dropped, without closing sockets gracefully).
pub fn app(config: Config) -> Result<Router, RelayError> {
    Ok(start(config)?.router)
}

/// Runs `router` on `listener` until `shutdown` resolves, then stops accepting and waits
/// for in-flight requests to finish.
///
/// Upgraded connections (sync WebSockets) are not tracked by this graceful shutdown; use
/// [`serve_relay`] to close them too.
pub async fn serve(
    listener: TcpListener,
    router: Router,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> Result<(), RelayError> {
    axum::serve(listener, router)
        .with_graceful_shutdown(shutdown)
        .await
        .map_err(RelayError::Serve)
}

/// [`serve`] a started [`Relay`]: when `shutdown` resolves, the sync WebSockets are closed
/// and the hub has flushed before this returns.
pub async fn serve_relay(
    listener: TcpListener,
    relay: Relay,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> Result<(), RelayError> {
    let handle = relay.handle.clone();
    let result = serve(listener, relay.router, async move {
        shutdown.await;
        handle.shutdown().await;
    })
    .await;
    relay.handle.shutdown().await;
    result
}

/// Liveness, and whether any document is damaged: "ok", or "degraded: …" listing the
/// damaged documents seen since start (still 200: the relay serves, restarting it would
/// not help, and an operator should run `gendan-relay check`). It must answer even when
/// the app is not built, so it touches no disk.
async fn healthz(State(shared): State<Arc<state::Shared>>) -> String {
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

/// `gendan-relay check --data DIR`: every damaged document in `data_dir` (damaged chunks,
/// changes missing, quarantined files), without modifying anything.
pub fn check_data(data_dir: &std::path::Path) -> Result<Vec<DocReport>, RelayError> {
    docs::check_all(data_dir).map_err(|source| RelayError::Check {
        path: data_dir.to_path_buf(),
        source,
    })
}
