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
//!
//! A device that knows nothing of the workspace yet (no sync map kept for this relay) asks for
//! everything instead (`{"all": true, "storage_id": …}`), before it opens its socket: pages of
//! the token's documents in id order (the `gendan-next` header names where the next page
//! starts). The relay records the heads it served in the sync map it keeps for that device
//! (`gendan_sync::resume`, by token and storage id), and the device records the same, so the
//! socket then opens resumed: no sync round trip per document only to confirm what the answer
//! brought. A map is only a hint: a device whose map differs (a page it did not import, a
//! connection that kept its own map meanwhile) gets a full sync, as without this.

use std::collections::{HashMap, HashSet};
use std::io::Write;
use std::sync::{Arc, Mutex, PoisonError};

use axum::body::Body;
use axum::extract::{DefaultBodyLimit, Query, State};
use axum::http::{header, HeaderMap, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use axum::Router;
use gendan_sync::automerge::ChangeHash;
use gendan_sync::bundle;
use gendan_sync::{DocumentId, SharedHeads};
use tower_http::cors::{Any, CorsLayer};

use crate::docs::{key_in, storage_key, Owner};
use crate::state::Shared;
use crate::store::Store;
use crate::tokens::Grant;
use crate::ws::presented_grant;

/// Most documents named in one request.
pub(crate) const MAX_IDS: usize = 1_000;
/// Answers stop adding documents past this many bytes; the rest is asked for again.
pub(crate) const MAX_ANSWER_BYTES: usize = 32 * 1024 * 1024;
/// Answers built at the same time across all callers, at most one of them per token.
const CONCURRENT: usize = 2;
/// A request body: `{"ids": [...]}` of at most `MAX_IDS` ids of ~30 characters.
const MAX_REQUEST_BYTES: usize = 64 * 1024;
/// Where the next page of an `all` answer starts (absent on the last page).
pub const NEXT_HEADER: &str = "gendan-next";
/// A storage id longer than this is refused (the browser's is a few dozen characters).
const MAX_STORAGE_ID: usize = 200;
/// The whole request body must arrive within this (it is at most 64 KiB): a caller that sends
/// its headers and then trickles or withholds the body would otherwise hold a connection slot
/// for as long as it likes.
const BODY_DEADLINE: std::time::Duration = std::time::Duration::from_secs(10);

pub(crate) fn routes(shared: Arc<Shared>) -> Router {
    Router::new()
        .route("/catch-up", post(catch_up))
        .layer(DefaultBodyLimit::max(MAX_REQUEST_BYTES))
        .layer(
            CorsLayer::new()
                .allow_origin(Any)
                .allow_methods([Method::POST])
                .allow_headers([header::AUTHORIZATION, header::CONTENT_TYPE])
                .expose_headers([header::HeaderName::from_static(NEXT_HEADER)]),
        )
        .with_state(CatchUp {
            shared,
            building: Builders::default(),
        })
}

#[derive(Clone)]
struct CatchUp {
    shared: Arc<Shared>,
    building: Builders,
}

/// The answers in flight: at most [`CONCURRENT`] being built, and one per token (by its
/// `Grant::budget_key`: a workspace's links count as one, or an office's self-made links took
/// both build slots), built or being sent. One device (or one stolen token) asking again and again could otherwise take
/// every build slot and turn everyone else away with 503, or, not reading its answers, keep one
/// in memory (up to [`MAX_ANSWER_BYTES`]) per request.
#[derive(Clone, Default)]
struct Builders {
    state: Arc<Mutex<InFlightState>>,
}

#[derive(Default)]
struct InFlightState {
    building: usize,
    tokens: HashSet<String>,
}

/// One token's answer in flight; its build slot is given back once it is built (`built`), its
/// token's place once the answer is sent or dropped.
struct InFlight {
    state: Arc<Mutex<InFlightState>>,
    token_id: String,
    building: bool,
}

impl Builders {
    fn take(&self, token_id: &str) -> Option<InFlight> {
        let mut state = self.state.lock().unwrap_or_else(PoisonError::into_inner);
        if state.building >= CONCURRENT || state.tokens.contains(token_id) {
            return None;
        }
        state.building += 1;
        state.tokens.insert(token_id.to_owned());
        Some(InFlight {
            state: Arc::clone(&self.state),
            token_id: token_id.to_owned(),
            building: true,
        })
    }
}

impl InFlight {
    fn built(&mut self) {
        if std::mem::replace(&mut self.building, false) {
            let mut state = self.state.lock().unwrap_or_else(PoisonError::into_inner);
            state.building = state.building.saturating_sub(1);
        }
    }
}

impl Drop for InFlight {
    fn drop(&mut self) {
        self.built();
        self.state
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .tokens
            .remove(&self.token_id);
    }
}

/// Bytes of an answer handed to the connection at a time.
const SEND_CHUNK: usize = 64 * 1024;

/// `answer` as a body that keeps `in_flight` until its last chunk has been taken (or the body
/// is dropped: the caller went away or stopped reading and was cut).
fn sent_holding(answer: Vec<u8>, in_flight: InFlight) -> Body {
    let rest = axum::body::Bytes::from(answer);
    // The stream's state owns `in_flight`: it is dropped with the stream, after the last chunk.
    Body::from_stream(futures_util::stream::unfold(
        (rest, in_flight),
        |(mut rest, in_flight)| async move {
            if rest.is_empty() {
                return None;
            }
            let chunk = rest.split_to(rest.len().min(SEND_CHUNK));
            Some((Ok::<_, std::convert::Infallible>(chunk), (rest, in_flight)))
        },
    ))
}

#[derive(Debug, thiserror::Error)]
enum CatchUpError {
    #[error("missing or invalid token")]
    Unauthorized,
    #[error(
        "the request must be JSON {{\"ids\": [document ids]}} or {{\"all\": true, \"storage_id\": …, \"after\": document id}}: {0}"
    )]
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
#[serde(deny_unknown_fields)]
struct Request {
    /// The documents asked for, in this order.
    #[serde(default)]
    ids: Option<Vec<String>>,
    /// Everything the token may read instead, a page at a time.
    #[serde(default)]
    all: bool,
    /// With `all`: the page starts after this document id.
    #[serde(default)]
    after: Option<String>,
    /// With `all`: the device whose kept sync map records what was served.
    #[serde(default)]
    storage_id: Option<String>,
    /// With `all`: at most this many documents in the page (at most [`MAX_IDS`]).
    #[serde(default)]
    limit: Option<usize>,
    /// With `all`: documents that lead the first page, ahead of the id order, and that no page
    /// repeats. A device needs its workspace before its orders (the workspace says which
    /// documents are orders); asking for it apart fetched it twice.
    #[serde(default)]
    first: Option<Vec<String>>,
}

/// What one request asks for, checked.
enum Asked {
    Ids(Vec<DocumentId>),
    All {
        after: Option<DocumentId>,
        storage_id: Option<String>,
        limit: usize,
        first: Vec<DocumentId>,
    },
}

/// Most documents a request may put at the head of its first page.
const MAX_FIRST: usize = 8;

fn parse_id(id: &str) -> Result<DocumentId, CatchUpError> {
    id.parse::<DocumentId>()
        .map_err(|e| CatchUpError::BadRequest(format!("{id}: {e}")))
}

impl Request {
    fn check(self) -> Result<Asked, CatchUpError> {
        match (self.ids, self.all) {
            (Some(_), true) => Err(CatchUpError::BadRequest(
                "ask for ids or for all, not both".into(),
            )),
            (Some(_), false) if self.first.is_some() => Err(CatchUpError::BadRequest(
                "first goes with all, not with ids".into(),
            )),
            (None, false) => Err(CatchUpError::BadRequest("nothing asked".into())),
            (Some(ids), false) => {
                if ids.len() > MAX_IDS {
                    return Err(CatchUpError::TooMany);
                }
                Ok(Asked::Ids(
                    ids.iter()
                        .map(|id| parse_id(id))
                        .collect::<Result<_, _>>()?,
                ))
            }
            (None, true) => {
                if let Some(s) = &self.storage_id {
                    if s.is_empty() || s.len() > MAX_STORAGE_ID {
                        return Err(CatchUpError::BadRequest(format!(
                            "storage_id must be 1 to {MAX_STORAGE_ID} characters"
                        )));
                    }
                }
                let limit = match self.limit {
                    None => MAX_IDS,
                    Some(n @ 1..=MAX_IDS) => n,
                    Some(_) => {
                        return Err(CatchUpError::BadRequest(format!(
                            "limit must be 1 to {MAX_IDS}"
                        )))
                    }
                };
                let first = self.first.unwrap_or_default();
                if first.len() > MAX_FIRST {
                    return Err(CatchUpError::BadRequest(format!(
                        "at most {MAX_FIRST} documents first"
                    )));
                }
                Ok(Asked::All {
                    after: self.after.as_deref().map(parse_id).transpose()?,
                    storage_id: self.storage_id,
                    limit,
                    first: first
                        .iter()
                        .map(|id| parse_id(id))
                        .collect::<Result<_, _>>()?,
                })
            }
        }
    }
}

async fn catch_up(
    State(state): State<CatchUp>,
    Query(query): Query<HashMap<String, String>>,
    headers: HeaderMap,
    body: Body,
) -> Result<Response, CatchUpError> {
    // The token first: a caller without one is answered before a byte of its body is read.
    let grant = presented_grant(&state.shared, &headers, &query)
        .await
        .ok_or(CatchUpError::Unauthorized)?;
    let body = tokio::time::timeout(BODY_DEADLINE, axum::body::to_bytes(body, MAX_REQUEST_BYTES))
        .await
        .map_err(|_| CatchUpError::BadRequest("the request body did not arrive in time".into()))?
        .map_err(|e| CatchUpError::BadRequest(e.to_string()))?;
    let request: Request =
        serde_json::from_slice(&body).map_err(|e| CatchUpError::BadRequest(e.to_string()))?;
    let asked = request.check()?;
    let Some(permit) = state.building.take(&grant.budget_key()) else {
        return Err(CatchUpError::Busy);
    };
    let store = Arc::clone(&state.shared.store);
    let gzip = accepts_gzip(&headers);
    let (answer, next, mut permit) = tokio::task::spawn_blocking(move || {
        let (bytes, next) = match asked {
            Asked::Ids(names) => {
                // A document is under its name only if stored before namespaces (`docs.rs`).
                let candidates: Vec<DocumentId> = names
                    .iter()
                    .flat_map(|name| [*name, storage_key(&grant.workspace, name)])
                    .collect();
                let owners = store.owners_of(&candidates)?;
                let asked = keyed(&owners, &grant.workspace, &names);
                (build(&*store, &grant, &asked, &owners, 1)?.bytes, None)
            }
            Asked::All {
                after,
                storage_id,
                limit,
                first,
            } => all(&*store, &grant, &first, after, storage_id, limit)?,
        };
        let bytes = if gzip {
            let mut out = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
            out.write_all(&bytes)?;
            out.finish()?
        } else {
            bytes
        };
        // Held here, not by the request: a caller that goes away mid-build frees nothing
        // before the build ends.
        Ok::<_, std::io::Error>((bytes, next, permit))
    })
    .await
    .map_err(|e| CatchUpError::Io(std::io::Error::other(e.to_string())))??;
    permit.built();
    let len = answer.len().to_string();
    let mut response = (
        [
            (header::CONTENT_TYPE, "application/octet-stream"),
            (header::CACHE_CONTROL, "no-store"),
            (header::VARY, "Accept-Encoding"),
            (header::CONTENT_LENGTH, len.as_str()),
        ],
        sent_holding(answer, permit),
    )
        .into_response();
    if gzip {
        response.headers_mut().insert(
            header::CONTENT_ENCODING,
            header::HeaderValue::from_static("gzip"),
        );
    }
    if let Some(next) = next.and_then(|n| header::HeaderValue::from_str(&n.to_string()).ok()) {
        response.headers_mut().insert(NEXT_HEADER, next);
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

/// One page of everything `grant` may read, in id order after `after`, and where the next
/// page starts. The first page (no `after`) starts with `first`, which no page repeats. With a
/// storage id, the served heads go into that device's kept sync map: a first page starts the
/// map afresh, later pages add to it.
fn all(
    store: &dyn Store,
    grant: &Grant,
    first: &[DocumentId],
    after: Option<DocumentId>,
    storage_id: Option<String>,
    limit: usize,
) -> std::io::Result<(Vec<u8>, Option<DocumentId>)> {
    // Only the grant's workspace: a page never walks every workspace's documents.
    let owners = store.owners_in(&grant.workspace)?;
    // In the order of the ids the peer knows (its cursor is one of them).
    let mut ids: Vec<(DocumentId, DocumentId)> = owners
        .iter()
        .filter(|(_, owner)| {
            after.is_none_or(|a| owner.name > a)
                && !first.contains(&owner.name)
                && grant.may_read(Some(owner))
        })
        .map(|(key, owner)| (owner.name, *key))
        .collect();
    ids.sort();
    let more = ids.len() > limit;
    ids.truncate(limit);
    let lead = if after.is_none() {
        keyed(&owners, &grant.workspace, first)
    } else {
        Vec::new()
    };
    let asked: Vec<(DocumentId, DocumentId)> = lead.iter().chain(&ids).copied().collect();
    // The lead and at least one document in id order go whatever their size, so a page
    // always moves the id order on.
    let page = build(store, grant, &asked, &owners, lead.len() + 1)?;
    // A page cut short by its size continues after the last document it considered (one that
    // did not read was considered too: the sync brings it).
    let next = if page.considered < asked.len() {
        page.considered.checked_sub(1).map(|last| asked[last].0)
    } else if more {
        ids.last().map(|(name, _)| *name)
    } else {
        None
    };
    if let Some(storage_id) = storage_id {
        let mut map = match after {
            None => SharedHeads::new(),
            Some(_) => store
                .kept_sync(&grant.token_id, &storage_id)?
                .and_then(|b| SharedHeads::decode(&b).ok())
                .unwrap_or_default(),
        };
        for (id, heads) in page.served {
            map.set(id, &heads);
        }
        store.keep_sync(&grant.token_id, &storage_id, &map.encode())?;
    }
    Ok((page.bytes, next))
}

/// A bundle built for one answer.
struct Built {
    bytes: Vec<u8>,
    /// The documents served, with their heads.
    served: Vec<(DocumentId, Vec<ChangeHash>)>,
    /// How many of the ids asked were considered (served or left out as unreadable) before the
    /// answer was full.
    considered: usize,
}

/// `names` (ids as the peer knows them) with the keys `workspace` stores them under.
fn keyed(
    owners: &HashMap<DocumentId, Owner>,
    workspace: &str,
    names: &[DocumentId],
) -> Vec<(DocumentId, DocumentId)> {
    names
        .iter()
        .map(|name| (*name, key_in(|id| owners.get(id), workspace, name)))
        .collect()
}

/// The bundle of the documents `grant` may read among `ids` (each a name and its storage
/// key), each compacted, in the order asked, up to [`MAX_ANSWER_BYTES`] (the first `always`
/// documents served go whatever their size). `owners` names the owner of each key (the
/// caller read it once).
fn build(
    store: &dyn Store,
    grant: &Grant,
    ids: &[(DocumentId, DocumentId)],
    owners: &HashMap<DocumentId, Owner>,
    always: usize,
) -> std::io::Result<Built> {
    let mut docs = Vec::new();
    let mut total = 0usize;
    let mut seen = std::collections::HashSet::new();
    let mut served = Vec::new();
    let mut considered = 0;
    for (name, id) in ids {
        if !seen.insert(*id) || !grant.may_read(owners.get(id).filter(|o| o.name == *name)) {
            considered += 1;
            continue;
        }
        // A read racing the hub's compaction (a chunk removed between listing and reading)
        // fails; the ordinary sync brings that document.
        let Ok(Some(on_disk)) = store.load(id, false) else {
            considered += 1;
            continue;
        };
        if !on_disk.damaged.is_empty() {
            considered += 1;
            continue;
        }
        let bytes = on_disk.doc.save();
        if total + bytes.len() > MAX_ANSWER_BYTES && docs.len() >= always {
            break;
        }
        considered += 1;
        total += bytes.len();
        docs.push((name.to_string(), None, bytes));
        served.push((*name, on_disk.doc.get_heads()));
    }
    let now_ms = i64::try_from(crate::hub::now_ms()).unwrap_or(i64::MAX);
    Ok(Built {
        bytes: bundle::encode(now_ms, "relay", &docs),
        served,
        considered,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_token_takes_one_slot_and_every_slot_comes_back() {
        let builders = Builders::default();
        let first = builders.take("a").expect("a free slot");
        assert!(
            builders.take("a").is_none(),
            "a token asking again while its answer is built must not take the other slot"
        );
        let second = builders
            .take("b")
            .expect("another token gets the second slot");
        assert!(builders.take("c").is_none(), "both slots busy");
        drop(first);
        let mut third = builders
            .take("c")
            .expect("a slot given back serves the next token");
        assert!(builders.take("a").is_none(), "both slots busy again");
        // Built, being sent: the build slot is free, the token's place is not.
        third.built();
        assert!(
            builders.take("c").is_none(),
            "one answer in flight per token"
        );
        let fourth = builders.take("d").expect("the build slot came back");
        drop((second, fourth));
        drop(third);
        assert!(builders.take("c").is_some());
    }
}
