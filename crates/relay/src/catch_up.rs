//! `POST /catch-up`: many documents in one answer, for a device that knows little of its
//! workspace. Syncing 1,000 orders one sync exchange at a time takes a new device ~18 s; a
//! bundle file of the same orders imports in under 2 s. So the device names the documents it
//! lacks (it learns them from the workspace document) and gets them as one bundle
//! (`gendan_sync::bundle`, checksummed as a whole and per document), then the ordinary sync
//! exchanges only what changed since.
//!
//! It reads the documents from disk, not from the hub: every acknowledged change is on disk
//! (the hub fsyncs before it acknowledges), and the hub keeps serving everyone meanwhile. A
//! document that cannot be read at that moment (being compacted, damaged, not the caller's) is
//! left out of the answer without a word; the ordinary sync brings it, so a partial answer
//! loses nothing. Bounds: at most [`MAX_IDS`] documents per request and [`MAX_ANSWER_BYTES`]
//! per answer (the device asks again for what was left out), and [`CONCURRENT`] answers built
//! at a time (others get 503 with `Retry-After`), so one device cannot starve the others.

use std::collections::HashMap;
use std::io::Write;
use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{DefaultBodyLimit, Query, State};
use axum::http::{header, HeaderMap, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use axum::Router;
use gendan_sync::bundle;
use gendan_sync::DocumentId;
use tokio::sync::Semaphore;
use tower_http::cors::{Any, CorsLayer};

use crate::state::Shared;
use crate::store::Store;
use crate::tokens::Grant;
use crate::ws::presented_token;

/// Most documents named in one request.
pub(crate) const MAX_IDS: usize = 1_000;
/// Answers stop adding documents past this many bytes; the rest is asked for again.
pub(crate) const MAX_ANSWER_BYTES: usize = 32 * 1024 * 1024;
/// Answers built at the same time across all callers.
const CONCURRENT: usize = 2;
/// A request body: `{"ids": [...]}` of at most `MAX_IDS` ids of ~30 characters.
const MAX_REQUEST_BYTES: usize = 64 * 1024;

pub(crate) fn routes(shared: Arc<Shared>) -> Router {
    Router::new()
        .route("/catch-up", post(catch_up))
        .layer(DefaultBodyLimit::max(MAX_REQUEST_BYTES))
        .layer(
            CorsLayer::new()
                .allow_origin(Any)
                .allow_methods([Method::POST])
                .allow_headers([header::AUTHORIZATION, header::CONTENT_TYPE]),
        )
        .with_state(CatchUp {
            shared,
            building: Arc::new(Semaphore::new(CONCURRENT)),
        })
}

#[derive(Clone)]
struct CatchUp {
    shared: Arc<Shared>,
    building: Arc<Semaphore>,
}

#[derive(Debug, thiserror::Error)]
enum CatchUpError {
    #[error("missing or invalid token")]
    Unauthorized,
    #[error("the request must be JSON {{\"ids\": [document ids]}}: {0}")]
    BadRequest(String),
    #[error("at most {MAX_IDS} documents per request")]
    TooMany,
    #[error("busy; ask again shortly")]
    Busy,
    #[error("storage failed")]
    Io(#[from] std::io::Error),
}

impl IntoResponse for CatchUpError {
    fn into_response(self) -> Response {
        let status = match &self {
            CatchUpError::Unauthorized => StatusCode::UNAUTHORIZED,
            CatchUpError::BadRequest(_) => StatusCode::BAD_REQUEST,
            CatchUpError::TooMany => StatusCode::PAYLOAD_TOO_LARGE,
            CatchUpError::Busy => {
                return (
                    StatusCode::SERVICE_UNAVAILABLE,
                    [(header::RETRY_AFTER, "1")],
                    self.to_string(),
                )
                    .into_response()
            }
            CatchUpError::Io(err) => {
                tracing::error!(error = %err, "catch-up could not read documents");
                StatusCode::INTERNAL_SERVER_ERROR
            }
        };
        (status, self.to_string()).into_response()
    }
}

#[derive(serde::Deserialize)]
struct Request {
    ids: Vec<String>,
}

async fn catch_up(
    State(state): State<CatchUp>,
    Query(query): Query<HashMap<String, String>>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, CatchUpError> {
    let grant = presented_token(&headers, &query)
        .and_then(|t| state.shared.check(&t))
        .ok_or(CatchUpError::Unauthorized)?;
    let request: Request =
        serde_json::from_slice(&body).map_err(|e| CatchUpError::BadRequest(e.to_string()))?;
    if request.ids.len() > MAX_IDS {
        return Err(CatchUpError::TooMany);
    }
    let ids = request
        .ids
        .iter()
        .map(|id| {
            id.parse::<DocumentId>()
                .map_err(|e| CatchUpError::BadRequest(format!("{id}: {e}")))
        })
        .collect::<Result<Vec<_>, _>>()?;
    let Ok(permit) = Arc::clone(&state.building).try_acquire_owned() else {
        return Err(CatchUpError::Busy);
    };
    let store = Arc::clone(&state.shared.store);
    let gzip = accepts_gzip(&headers);
    let answer = tokio::task::spawn_blocking(move || {
        let _permit = permit;
        let bytes = build(&*store, &grant, &ids)?;
        if gzip {
            let mut out = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
            out.write_all(&bytes)?;
            out.finish()
        } else {
            Ok(bytes)
        }
    })
    .await
    .map_err(|e| CatchUpError::Io(std::io::Error::other(e.to_string())))??;
    let mut response = (
        [
            (header::CONTENT_TYPE, "application/octet-stream"),
            (header::CACHE_CONTROL, "no-store"),
            (header::VARY, "Accept-Encoding"),
        ],
        answer,
    )
        .into_response();
    if gzip {
        response.headers_mut().insert(
            header::CONTENT_ENCODING,
            header::HeaderValue::from_static("gzip"),
        );
    }
    Ok(response)
}

fn accepts_gzip(headers: &HeaderMap) -> bool {
    headers
        .get_all(header::ACCEPT_ENCODING)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .any(|coding| {
            let mut parts = coding.split(';');
            let name = parts.next().unwrap_or("").trim();
            // `gzip;q=0` means "not gzip".
            let refused = parts.any(|p| matches!(p.trim(), "q=0" | "q=0.0" | "q=0.00" | "q=0.000"));
            name.eq_ignore_ascii_case("gzip") && !refused
        })
}

/// The bundle of the documents `grant` may read among `ids`, each compacted, in the order
/// asked, up to [`MAX_ANSWER_BYTES`].
fn build(store: &dyn Store, grant: &Grant, ids: &[DocumentId]) -> std::io::Result<Vec<u8>> {
    let owners = store.owners_of(ids)?;
    let mut docs = Vec::new();
    let mut total = 0usize;
    let mut seen = std::collections::HashSet::new();
    for id in ids {
        if !seen.insert(*id) || !grant.may_read(id, owners.get(id).map(String::as_str)) {
            continue;
        }
        // A read racing the hub's compaction (a chunk removed between listing and reading)
        // fails; the ordinary sync brings that document.
        let Ok(Some(on_disk)) = store.load(id, false) else {
            continue;
        };
        if !on_disk.damaged.is_empty() {
            continue;
        }
        let bytes = on_disk.doc.save();
        if total + bytes.len() > MAX_ANSWER_BYTES && !docs.is_empty() {
            break;
        }
        total += bytes.len();
        docs.push((id.to_string(), None, bytes));
    }
    let now_ms = i64::try_from(crate::hub::now_ms()).unwrap_or(i64::MAX);
    Ok(bundle::encode(now_ms, "relay", &docs))
}
