//! `/tokens`: an office's whole-workspace token makes, lists and revokes the scoped tokens of
//! its own workspace — the links that share one order with a factory — without the relay's
//! administrator.
//!
//! Why: a link made by hand (`gendan-relay token create`) could never be taken back from the
//! app, so an order moved to another factory stayed reachable by the first one's phone, and
//! sharing waited on whoever runs the relay. A whole-workspace token already reads every
//! document of its workspace; what it makes here reaches less (listed documents of the same
//! workspace) and it can never see, make or revoke a whole-workspace token or another
//! workspace's. Writes are serialised in this relay and locked against the CLI (the token file
//! is read, changed and written whole, `tokens::lock`) and bounded per workspace (links, ids
//! they list, changes and lists a minute, counted before anything is read), so one office
//! cannot grow the table every relay reads each second or keep its disk busy. With several
//! relays on one database the bounds are each relay's.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::body::{to_bytes, Body};
use axum::extract::{DefaultBodyLimit, Path, Query, State};
use axum::http::{header, HeaderMap, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{delete, get};
use axum::{Json, Router};
use gendan_sync::DocumentId;
use tower_http::cors::{Any, CorsLayer};

use crate::state::Shared;
use crate::tokens::{Grant, TokenRecord};
use crate::ws::presented_grant;

/// Scoped tokens one workspace may hold at once: links for every factory, for years.
pub const MAX_SHARED_PER_WORKSPACE: usize = 1_000;
/// Document ids one workspace's scoped tokens may list together: the relay reads every token
/// again each second, so this bounds what one office makes every relay parse.
pub const MAX_SHARED_IDS_PER_WORKSPACE: usize = 20_000;
/// Documents one made token may list.
pub const MAX_SHARED_DOCS: usize = 64;
/// Characters of a label.
pub const MAX_SHARED_LABEL_CHARS: usize = 120;
/// Tokens one workspace may make or revoke per [`WINDOW`].
pub const MAX_SHARED_WRITES_PER_MINUTE: u32 = 60;
/// Lists one workspace may ask for per [`WINDOW`] (each reads the whole token store).
pub const MAX_SHARED_READS_PER_MINUTE: u32 = 120;
const WINDOW: Duration = Duration::from_secs(60);
/// A request body: a label and at most [`MAX_SHARED_DOCS`] ids.
const MAX_REQUEST_BYTES: usize = 16 * 1024;
/// The whole request body must arrive within this (it is at most 16 KiB): read by an extractor,
/// it was awaited before the token was checked and for as long as the caller liked, so callers
/// with no token that announced a body and sent none held every connection slot.
const BODY_DEADLINE: Duration = Duration::from_secs(10);

struct Api {
    shared: Arc<Shared>,
    /// One write at a time (read, change, write the whole table).
    writes: tokio::sync::Mutex<()>,
    /// Each workspace's writes, and its reads, in the current window.
    recent_writes: Mutex<HashMap<String, (Instant, u32)>>,
    recent_reads: Mutex<HashMap<String, (Instant, u32)>>,
}

pub(crate) fn routes(shared: Arc<Shared>) -> Router {
    let api = Arc::new(Api {
        shared,
        writes: tokio::sync::Mutex::new(()),
        recent_writes: Mutex::new(HashMap::new()),
        recent_reads: Mutex::new(HashMap::new()),
    });
    Router::new()
        .route("/tokens", get(list).post(create))
        .route("/tokens/{id}", delete(revoke))
        .layer(DefaultBodyLimit::max(MAX_REQUEST_BYTES))
        .layer(
            CorsLayer::new()
                .allow_origin(Any)
                .allow_methods([Method::GET, Method::POST, Method::DELETE])
                .allow_headers([header::AUTHORIZATION, header::CONTENT_TYPE]),
        )
        .with_state(api)
}

/// A scoped token as the office sees it: never its text. Its hash is what a factory's phone
/// proves it holds to a nearby office device (`src/sync/link_proof.rs`): the office, which
/// reads every document these tokens reach, learns nothing it could not read already, and the
/// hash opens nothing on the relay.
#[derive(serde::Serialize)]
struct Listed {
    id: String,
    docs: Vec<String>,
    label: Option<String>,
    created: u64,
    sha256: String,
}

#[derive(serde::Serialize)]
struct ListAnswer {
    tokens: Vec<Listed>,
}

#[derive(serde::Deserialize)]
struct CreateBody {
    docs: Vec<String>,
    #[serde(default)]
    label: Option<String>,
}

#[derive(serde::Serialize)]
struct Created {
    id: String,
    token: String,
}

const TOO_MANY: &str = "too many token requests: wait a minute";

fn refuse(status: StatusCode, why: &'static str) -> Response {
    (status, why).into_response()
}

/// What a request does with the tokens, for its per-minute bound.
#[derive(Clone, Copy)]
enum Use {
    Read,
    Write,
    /// Counted by the caller, once the request reads (a malformed one costs no change).
    WriteLater,
}

/// The whole-workspace grant a request presents, counted against its workspace's bound for
/// `use_` before anything is read or locked, or the answer refusing it.
async fn office(
    api: &Api,
    headers: &HeaderMap,
    query: &HashMap<String, String>,
    use_: Use,
) -> Result<Grant, Response> {
    let Some(grant) = presented_grant(&api.shared, headers, query).await else {
        return Err(refuse(StatusCode::UNAUTHORIZED, "missing or invalid token"));
    };
    if grant.docs.is_some() {
        return Err(refuse(
            StatusCode::FORBIDDEN,
            "only a whole-workspace token manages tokens",
        ));
    }
    let within = match use_ {
        Use::Read => api.may_read(&grant.workspace),
        Use::Write => api.may_write(&grant.workspace),
        Use::WriteLater => true,
    };
    if !within {
        return Err(refuse(StatusCode::TOO_MANY_REQUESTS, TOO_MANY));
    }
    Ok(grant)
}

/// Whether a body read failed for being over its limit (rather than cut short).
fn too_large(err: &axum::Error) -> bool {
    let mut source: Option<&(dyn std::error::Error + 'static)> = Some(err);
    while let Some(e) = source {
        if e.is::<http_body_util::LengthLimitError>() {
            return true;
        }
        source = e.source();
    }
    false
}

/// The scoped tokens of `workspace`, read from the store off the async threads.
async fn scoped_of(api: &Api, workspace: &str) -> Result<Vec<TokenRecord>, Response> {
    let store = Arc::clone(&api.shared.store);
    let records = tokio::task::spawn_blocking(move || store.list_tokens())
        .await
        .map_err(|_| refuse(StatusCode::INTERNAL_SERVER_ERROR, "token store unavailable"))?
        .map_err(|e| {
            tracing::warn!(error = %e, "cannot read tokens");
            refuse(StatusCode::SERVICE_UNAVAILABLE, "token store unavailable")
        })?;
    Ok(records
        .into_iter()
        .filter(|r| r.workspace == workspace && r.docs.is_some())
        .collect())
}

/// `GET /tokens[?doc=ID]`: the workspace's scoped tokens, those listing `doc` when it is given.
async fn list(
    State(api): State<Arc<Api>>,
    Query(query): Query<HashMap<String, String>>,
    headers: HeaderMap,
) -> Response {
    let grant = match office(&api, &headers, &query, Use::Read).await {
        Ok(g) => g,
        Err(r) => return r,
    };
    let doc = match query.get("doc") {
        None => None,
        Some(d) => match d.parse::<DocumentId>() {
            Ok(id) => Some(id.to_string()),
            Err(_) => return refuse(StatusCode::BAD_REQUEST, "not a document id"),
        },
    };
    let records = match scoped_of(&api, &grant.workspace).await {
        Ok(r) => r,
        Err(r) => return r,
    };
    let tokens = records
        .into_iter()
        .filter_map(|r| {
            let docs = r.docs?;
            doc.as_ref()
                .is_none_or(|d| docs.contains(d))
                .then_some(Listed {
                    id: r.id,
                    docs,
                    label: r.label,
                    created: r.created,
                    sha256: r.sha256,
                })
        })
        .collect();
    (
        [(header::CACHE_CONTROL, "no-store")],
        Json(ListAnswer { tokens }),
    )
        .into_response()
}

/// Counts one use by `workspace` in `recent`; `false` past `max` in the window.
fn within(recent: &Mutex<HashMap<String, (Instant, u32)>>, workspace: &str, max: u32) -> bool {
    let mut recent = recent.lock().unwrap_or_else(|p| p.into_inner());
    let now = Instant::now();
    recent.retain(|_, (since, _)| now.duration_since(*since) < WINDOW);
    let (_, count) = recent.entry(workspace.to_owned()).or_insert((now, 0));
    if *count >= max {
        return false;
    }
    *count += 1;
    true
}

impl Api {
    /// Counts a write of `workspace`'s, before any store is read or lock taken, so refused
    /// requests cost nothing; `false` past [`MAX_SHARED_WRITES_PER_MINUTE`].
    fn may_write(&self, workspace: &str) -> bool {
        within(&self.recent_writes, workspace, MAX_SHARED_WRITES_PER_MINUTE)
    }

    fn may_read(&self, workspace: &str) -> bool {
        within(&self.recent_reads, workspace, MAX_SHARED_READS_PER_MINUTE)
    }
}

/// Reads a label: trimmed, bounded, no control characters (it is shown in lists and logs).
fn label_of(raw: Option<String>) -> Result<Option<String>, &'static str> {
    let Some(raw) = raw else { return Ok(None) };
    let label = raw.trim().to_owned();
    if label.chars().count() > MAX_SHARED_LABEL_CHARS {
        return Err("label too long");
    }
    if label.chars().any(char::is_control) {
        return Err("label has control characters");
    }
    Ok((!label.is_empty()).then_some(label))
}

/// Reads the documents a token is to list: ids, at least one, at most [`MAX_SHARED_DOCS`],
/// each once.
fn docs_of(raw: Vec<String>) -> Result<Vec<String>, &'static str> {
    if raw.is_empty() {
        return Err("a shared token lists at least one document");
    }
    if raw.len() > MAX_SHARED_DOCS {
        return Err("too many documents for one token");
    }
    let mut docs = Vec::with_capacity(raw.len());
    for d in raw {
        let id = d
            .parse::<DocumentId>()
            .map_err(|_| "not a document id")?
            .to_string();
        if !docs.contains(&id) {
            docs.push(id);
        }
    }
    Ok(docs)
}

/// `POST /tokens` `{"docs": [...], "label": "..."}`: a new token of the caller's workspace
/// reaching those documents only; its text is in this answer alone.
async fn create(
    State(api): State<Arc<Api>>,
    Query(query): Query<HashMap<String, String>>,
    headers: HeaderMap,
    body: Body,
) -> Response {
    // The token first: a caller without one is answered before a byte of its body is read.
    let grant = match office(&api, &headers, &query, Use::WriteLater).await {
        Ok(g) => g,
        Err(r) => return r,
    };
    let body = match tokio::time::timeout(BODY_DEADLINE, to_bytes(body, MAX_REQUEST_BYTES)).await {
        Ok(Ok(bytes)) => bytes,
        Ok(Err(e)) if too_large(&e) => {
            return refuse(StatusCode::PAYLOAD_TOO_LARGE, "request too large")
        }
        Ok(Err(_)) => return refuse(StatusCode::BAD_REQUEST, "the request body was cut short"),
        Err(_) => {
            return refuse(
                StatusCode::REQUEST_TIMEOUT,
                "the request body did not arrive in time",
            )
        }
    };
    // Read as bytes, whatever the content type says: a browser's fetch of a byte array sends none.
    let Ok(body) = serde_json::from_slice::<CreateBody>(&body) else {
        return refuse(
            StatusCode::BAD_REQUEST,
            "expected {\"docs\": [document ids], \"label\": text}",
        );
    };
    let (docs, label) = match (docs_of(body.docs), label_of(body.label)) {
        (Ok(d), Ok(l)) => (d, l),
        (Err(why), _) | (_, Err(why)) => return refuse(StatusCode::BAD_REQUEST, why),
    };
    if !api.may_write(&grant.workspace) {
        return refuse(StatusCode::TOO_MANY_REQUESTS, TOO_MANY);
    }
    let _one_at_a_time = api.writes.lock().await;
    match scoped_of(&api, &grant.workspace).await {
        Ok(held)
            if held.len() >= MAX_SHARED_PER_WORKSPACE
                || held
                    .iter()
                    .map(|r| r.docs.as_ref().map_or(0, Vec::len))
                    .sum::<usize>()
                    + docs.len()
                    > MAX_SHARED_IDS_PER_WORKSPACE =>
        {
            return refuse(
                StatusCode::INSUFFICIENT_STORAGE,
                "this workspace holds as many shared tokens as it may: revoke some first",
            )
        }
        Ok(_) => {}
        Err(r) => return r,
    }
    let store = Arc::clone(&api.shared.store);
    let workspace = grant.workspace.clone();
    let made =
        tokio::task::spawn_blocking(move || store.create_token(&workspace, Some(docs), label))
            .await;
    match made {
        Ok(Ok((record, token))) => {
            tracing::info!(token_id = %record.id, by = %grant.token_id, "shared token made");
            api.shared.reload_tokens().await;
            (
                StatusCode::CREATED,
                [(header::CACHE_CONTROL, "no-store")],
                Json(Created {
                    id: record.id,
                    token,
                }),
            )
                .into_response()
        }
        Ok(Err(e)) => {
            tracing::warn!(error = %e, "cannot make a token");
            refuse(StatusCode::SERVICE_UNAVAILABLE, "token store unavailable")
        }
        Err(_) => refuse(StatusCode::INTERNAL_SERVER_ERROR, "token store unavailable"),
    }
}

/// `DELETE /tokens/{id}`: revokes a scoped token of the caller's workspace; its live
/// connections are closed. Any other id (a whole-workspace token, another workspace's, none)
/// is not found.
async fn revoke(
    State(api): State<Arc<Api>>,
    Path(id): Path<String>,
    Query(query): Query<HashMap<String, String>>,
    headers: HeaderMap,
) -> Response {
    let grant = match office(&api, &headers, &query, Use::Write).await {
        Ok(g) => g,
        Err(r) => return r,
    };
    let _one_at_a_time = api.writes.lock().await;
    match scoped_of(&api, &grant.workspace).await {
        Ok(held) if held.iter().any(|r| r.id == id) => {}
        Ok(_) => return refuse(StatusCode::NOT_FOUND, "no such shared token"),
        Err(r) => return r,
    }
    let store = Arc::clone(&api.shared.store);
    let (gone, workspace) = (id.clone(), grant.workspace.clone());
    match tokio::task::spawn_blocking(move || store.revoke_token(&gone, Some(&workspace))).await {
        Ok(Ok(_)) => {
            tracing::info!(token_id = %id, by = %grant.token_id, "shared token revoked");
            api.shared.reload_tokens().await;
            StatusCode::NO_CONTENT.into_response()
        }
        Ok(Err(crate::tokens::TokenError::UnknownId(_))) => {
            refuse(StatusCode::NOT_FOUND, "no such shared token")
        }
        Ok(Err(e)) => {
            tracing::warn!(error = %e, "cannot revoke a token");
            refuse(StatusCode::SERVICE_UNAVAILABLE, "token store unavailable")
        }
        Err(_) => refuse(StatusCode::INTERNAL_SERVER_ERROR, "token store unavailable"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_and_document_lists_are_read_strictly() {
        assert_eq!(label_of(None), Ok(None));
        assert_eq!(label_of(Some("  ".into())), Ok(None));
        assert_eq!(
            label_of(Some(" factory:p1 ".into())),
            Ok(Some("factory:p1".into()))
        );
        assert!(label_of(Some("a\nb".into())).is_err());
        assert!(label_of(Some("x".repeat(MAX_SHARED_LABEL_CHARS + 1))).is_err());
        let id = DocumentId::from_bytes([7; 16]).to_string();
        assert_eq!(docs_of(vec![id.clone(), id.clone()]), Ok(vec![id.clone()]));
        assert!(docs_of(vec![]).is_err());
        assert!(docs_of(vec!["nope".into()]).is_err());
        assert!(docs_of(vec![id; MAX_SHARED_DOCS + 1]).is_err());
    }
}
