//! The relay's HTTP surface: it owns the router (health check, the built app, and later
//! `/sync` and `/blobs`) and the server loop, so `main.rs` stays a thin CLI and tests can
//! run the exact production stack on an ephemeral port.

mod assets;
mod data_dir;
mod error;
mod static_files;

use std::future::Future;
use std::path::PathBuf;

use axum::routing::get;
use axum::Router;
use tokio::net::TcpListener;

pub use error::RelayError;
pub use static_files::{static_routes, APP_NOT_BUILT};

/// Where the relay reads the built client from and keeps its own state.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Config {
    /// Trunk's output (`dist/`). May be missing: the relay still starts so `/healthz`
    /// and, later, sync keep working while the client is being rebuilt.
    pub dist_dir: PathBuf,
    /// The relay's own storage (the document store lands here). Created if missing and
    /// checked for writability at startup, because discovering a read-only volume on the
    /// first sync would lose a merchandiser's edits instead of failing loudly at boot.
    pub data_dir: PathBuf,
}

/// Builds the whole HTTP application.
///
/// Prepares `data_dir` (see [`Config::data_dir`]); `dist_dir` is only read per request, so
/// a `trunk build` that lands after startup is picked up without a restart.
///
/// The router is a merge of independent pieces so the sync WebSocket (`/sync`) and blob
/// routes (`/blobs/...`) can be merged in the same way. Only [`static_routes`] may own a
/// fallback: axum panics when two merged routers both define one.
pub fn app(config: Config) -> Result<Router, RelayError> {
    data_dir::prepare(&config.data_dir)?;
    Ok(Router::new()
        .route("/healthz", get(healthz))
        .merge(static_routes(&config.dist_dir)))
}

/// Runs `router` on `listener` until `shutdown` resolves, then stops accepting and waits
/// for in-flight requests to finish.
///
/// Upgraded connections (the future `/sync` WebSockets) are not tracked by this graceful
/// shutdown, so their handlers must watch a shutdown signal of their own.
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

/// Liveness only: it must answer even when the app is not built, so it touches no disk.
async fn healthz() -> &'static str {
    "ok"
}
