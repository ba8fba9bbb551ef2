//! `PUT/GET /blobs/<sha256 hex>`: photos and files, addressed by content, kept out of the
//! Automerge documents (large documents freeze browsers).
//!
//! It owns the blob files, `<data>/blobs/<workspace>/<first 2 hex>/<sha256 hex>`, one
//! directory per workspace so a token never reads another workspace's blobs even knowing
//! the hash. Any token of the workspace (scoped ones too: a factory uploads inspection
//! photos) may read and write; the relay cannot tell which document a blob belongs to
//! without business logic. The one exception is said by the uploader: `PUT …?office=1`
//! marks a blob office-only (a contract, an invoice: files that carry prices), with an empty
//! `<sha256 hex>.office` file beside it, written before the blob so it is never readable
//! unmarked. The mark is sticky (a later upload without it does not clear it), only a token
//! of the whole workspace may set it, and a scoped token's `GET` of a marked blob is refused
//! with 403. Uploads are size-limited, hash-checked (mismatch → 400) and
//! written durably before `201 Created`; re-uploading an existing blob is a cheap `200`.
//! The token is checked before the body is read, and a body that stalls between frames
//! for [`crate::Limits::body_read_timeout`], or falls more than [`UPLOAD_GRACE`] behind an
//! average of [`MIN_UPLOAD_RATE`] a second, ends the request (408).
//! Memory is bounded both ways: a download is streamed from disk a chunk at a time, and upload
//! bodies (hashed whole before they are written) hold at most 256 MiB at once, 64 MiB per
//! token, a workspace's links together counting as one (`Grant::budget_key`); an upload waits
//! unread until it fits.
//! Each workspace may keep [`crate::Limits::max_workspace_blob_bytes`] of blobs: an upload
//! that does not fit is refused with 507 before its body is read (the device keeps the file and
//! says why), so one workspace, or one token, cannot fill the disk the others write to. A
//! file is charged at least [`MIN_CHARGE`], what it costs the disk whatever its size. Within
//! it, a link (a scoped token: a factory's, or one forwarded in a chat) stores at most an
//! eighth of the quota ([`LINK_PART`]), and links together never take the last quarter
//! ([`OFFICE_PART`]): one link cannot stop the office's files nor the other factories'
//! photos. What each link stored is kept in `<workspace>/links.json`, so a restart does not
//! give it its part again.
//! Cross-origin requests are allowed (the app may be served from elsewhere than the relay):
//! access rests on the bearer token alone, never on cookies, so any origin may ask.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::{Arc, Mutex, PoisonError};

use axum::body::Body;
use axum::extract::{DefaultBodyLimit, Path, Query, State};
use axum::http::{header, HeaderMap, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use sha2::{Digest, Sha256};
use tower_http::cors::{Any, CorsLayer};
use tower_http::timeout::RequestBodyTimeoutLayer;

use crate::fsutil::{create_dirs, write_atomic};
use crate::shares::Shares;
use crate::state::Shared;
use crate::tokens::Grant;
use crate::ws::presented_token;

/// What an upload may fall behind [`MIN_UPLOAD_RATE`] by, in time: it is refused once the bytes
/// it brought are fewer than the rate times (its time reading − this). A phone's connection
/// stalls (a cell handover, a tunnel) for up to the per-frame timeout (30 s) and starts slowly;
/// the grace carries it through, and bytes sent faster than the rate count for later stalls.
const UPLOAD_GRACE: std::time::Duration = std::time::Duration::from_secs(30);
/// The slowest upload kept going, on average: 4 KiB a second. A factory phone's photo (a 1600 px
/// JPEG, 200–500 KiB) on a poor connection goes at ~10 KiB/s; at 16 KiB/s it was refused for
/// ever, and the photos queued behind it on the phone with it.
const MIN_UPLOAD_RATE: u64 = 4 * 1024;

/// How long an upload of `declared` bytes (or, undeclared, up to `limit`) may take, waiting
/// for memory included: the grace and a second for every [`MIN_UPLOAD_RATE`] bytes, what the
/// pace allows its reading (`read_paced`). The per-frame timeout alone let a caller with any
/// token keep an upload open for ever by sending a byte at a time.
fn upload_deadline(declared: Option<u64>, limit: u64) -> std::time::Duration {
    UPLOAD_GRACE + std::time::Duration::from_secs(declared.unwrap_or(limit) / MIN_UPLOAD_RATE)
}

pub(crate) fn routes(shared: Arc<Shared>) -> Router {
    let limit = shared.limits.max_blob_bytes;
    Router::new()
        .route("/blobs/{hash}", get(get_blob).put(put_blob))
        .layer(DefaultBodyLimit::max(limit))
        .layer(RequestBodyTimeoutLayer::new(
            shared.limits.body_read_timeout,
        ))
        .layer(
            CorsLayer::new()
                .allow_origin(Any)
                .allow_methods([Method::GET, Method::PUT])
                .allow_headers([header::AUTHORIZATION, header::CONTENT_TYPE]),
        )
        .with_state(shared)
}

/// Failures as HTTP answers.
#[derive(Debug, thiserror::Error)]
enum BlobError {
    #[error("missing or invalid token")]
    Unauthorized,
    #[error("a blob is named by the lowercase hex SHA-256 of its content")]
    BadName,
    #[error("the content does not hash to the name")]
    HashMismatch,
    #[error("no such blob")]
    NotFound,
    #[error("this file is kept in the office: a token limited to some orders cannot read it")]
    OfficeOnly,
    #[error("only a token of the whole workspace marks a file office-only")]
    MarkNotAllowed,
    #[error("this workspace's files fill the {0} bytes the relay keeps for it")]
    QuotaFull(u64),
    #[error("this link's files fill its part of the workspace's room on the relay (the rest is kept for the office and other links)")]
    LinkPartFull,
    #[error("a blob may have at most {0} bytes")]
    TooLarge(usize),
    #[error("the body could not be read: too slow or cut short")]
    BodyRead,
    #[error("storage failed")]
    Io(#[from] std::io::Error),
}

impl IntoResponse for BlobError {
    fn into_response(self) -> Response {
        let status = match &self {
            BlobError::Unauthorized => StatusCode::UNAUTHORIZED,
            BlobError::BadName | BlobError::HashMismatch => StatusCode::BAD_REQUEST,
            BlobError::NotFound => StatusCode::NOT_FOUND,
            BlobError::OfficeOnly | BlobError::MarkNotAllowed => StatusCode::FORBIDDEN,
            BlobError::TooLarge(_) => StatusCode::PAYLOAD_TOO_LARGE,
            BlobError::QuotaFull(_) | BlobError::LinkPartFull => StatusCode::INSUFFICIENT_STORAGE,
            BlobError::BodyRead => StatusCode::REQUEST_TIMEOUT,
            BlobError::Io(err) => {
                tracing::error!(error = %err, "blob storage failed");
                StatusCode::INTERNAL_SERVER_ERROR
            }
        };
        (status, self.to_string()).into_response()
    }
}

/// Upload bodies held in memory at once (they are hashed whole before they are written): 256
/// MiB over all callers, 64 MiB per budget key (a token, or a workspace's links together:
/// `Grant::budget_key`); an upload waits, unread, until its declared size fits. Without it, uploads that withhold their last bytes (allowed minutes at the slowest
/// rate) held their bodies for as long: 40 of 16 MB from one token, ~640 MB.
pub(crate) fn upload_memory() -> Shares {
    Shares::new(256 << 20, 64 << 20)
}

/// The part of a workspace's quota one link may store: an eighth.
pub(crate) const LINK_PART: u64 = 8;
/// The part of a workspace's quota links never take: a quarter, for the office's files.
pub(crate) const OFFICE_PART: u64 = 4;

/// What a workspace's blobs take: all of them, and what each link stored (by token id).
#[derive(Default)]
struct Usage {
    total: u64,
    by_link: HashMap<String, u64>,
}

/// Bytes of blobs each workspace keeps: read from its directory (and what its links stored,
/// from `links.json`) on its first upload since the relay started, then kept up to date by
/// uploads (the relay never deletes a blob).
#[derive(Default)]
pub(crate) struct BlobUsage {
    by_workspace: Mutex<HashMap<String, Usage>>,
    /// Held from taking a snapshot of a workspace's links to writing it, so an older snapshot
    /// is never written over a newer one.
    writing: Mutex<()>,
}

impl BlobUsage {
    fn known(&self, workspace: &str) -> bool {
        self.lock().contains_key(workspace)
    }

    fn learn(&self, workspace: &str, total: u64, by_link: HashMap<String, u64>) {
        self.lock()
            .entry(workspace.to_owned())
            .or_insert(Usage { total, by_link });
    }

    /// Takes `bytes` of the workspace's `quota` for an upload by `link` (`None`: a token of
    /// the whole workspace), or says why they do not fit: in the quota, and for a link in its
    /// part and in what links may take together.
    fn reserve(
        self: &Arc<Self>,
        workspace: &str,
        link: Option<&str>,
        bytes: u64,
        quota: u64,
    ) -> Result<Reserved, BlobError> {
        let mut all = self.lock();
        let used = all.entry(workspace.to_owned()).or_default();
        let after = used.total.saturating_add(bytes);
        if after > quota {
            return Err(BlobError::QuotaFull(quota));
        }
        if let Some(link) = link {
            let mine = used.by_link.get(link).copied().unwrap_or(0);
            let links_may = quota - quota / OFFICE_PART;
            if after > links_may || mine.saturating_add(bytes) > quota / LINK_PART {
                return Err(BlobError::LinkPartFull);
            }
            used.by_link.insert(link.to_owned(), mine + bytes);
        }
        used.total = after;
        Ok(Reserved {
            usage: Arc::clone(self),
            workspace: workspace.to_owned(),
            link: link.map(str::to_owned),
            bytes,
        })
    }

    /// What the workspace's links stored, to be written to its `links.json` while the returned
    /// guard is held.
    fn links_of(&self, workspace: &str) -> (std::sync::MutexGuard<'_, ()>, Vec<u8>) {
        let writing = self.writing.lock().unwrap_or_else(PoisonError::into_inner);
        let links = self
            .lock()
            .get(workspace)
            .map(|u| u.by_link.clone())
            .unwrap_or_default();
        let json = serde_json::to_vec(&links).unwrap_or_else(|_| b"{}".to_vec());
        (writing, json)
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<String, Usage>> {
        self.by_workspace
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
    }
}

/// Room taken for an upload; what it does not keep (`keep`) is given back on drop.
struct Reserved {
    usage: Arc<BlobUsage>,
    workspace: String,
    link: Option<String>,
    bytes: u64,
}

impl Reserved {
    /// The upload stored `bytes` (at most what was reserved); the rest goes back.
    fn keep(mut self, bytes: u64) {
        self.bytes = self.bytes.saturating_sub(bytes);
    }
}

impl Drop for Reserved {
    fn drop(&mut self) {
        let mut all = self.usage.lock();
        if let Some(used) = all.get_mut(&self.workspace) {
            used.total = used.total.saturating_sub(self.bytes);
            if let Some(mine) = self.link.as_ref().and_then(|l| used.by_link.get_mut(l)) {
                *mine = mine.saturating_sub(self.bytes);
            }
        }
    }
}

/// Where what a workspace's links stored is kept.
fn links_file(workspace_dir: &std::path::Path) -> PathBuf {
    workspace_dir.join("links.json")
}

/// What a workspace's links stored, as kept; none when nothing was kept. A file that does not
/// read is said and counted as none: the workspace's total, read from its files, still bounds
/// every upload.
fn read_links(workspace_dir: &std::path::Path) -> HashMap<String, u64> {
    let path = links_file(workspace_dir);
    match std::fs::read(&path) {
        Ok(bytes) => serde_json::from_slice(&bytes).unwrap_or_else(|e| {
            tracing::warn!(path = %path.display(), error = %e, "unreadable links' blob usage, counted from zero");
            HashMap::new()
        }),
        Err(_) => HashMap::new(),
    }
}

/// What one file costs the disk at least, and so the quota: a block and an inode (ext4 sets one
/// inode aside for every 16 KiB). Counting bytes alone, a workspace's quota of one-byte blobs
/// was millions of files: the disk's blocks or inodes ran out long before the quota did.
pub(crate) const MIN_CHARGE: u64 = 16 * 1024;

fn charge(bytes: u64) -> u64 {
    bytes.max(MIN_CHARGE)
}

/// What the files under a workspace's blob directory (`<2 hex>/<hash>`) are charged.
fn directory_bytes(dir: &std::path::Path) -> std::io::Result<u64> {
    let mut total = 0;
    let shards = match std::fs::read_dir(dir) {
        Ok(shards) => shards,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(0),
        Err(e) => return Err(e),
    };
    for shard in shards {
        let shard = shard?;
        if !shard.file_type()?.is_dir() {
            continue;
        }
        for file in std::fs::read_dir(shard.path())? {
            let meta = file?.metadata()?;
            if meta.is_file() {
                total += charge(meta.len());
            }
        }
    }
    Ok(total)
}

/// Where a blob lives for the token presented, and what that token allows (a scoped one, a
/// factory's, lists some documents).
fn blob_path(
    shared: &Shared,
    headers: &HeaderMap,
    query: &HashMap<String, String>,
    hash: &str,
) -> Result<(PathBuf, Grant), BlobError> {
    let grant = presented_token(headers, query)
        .and_then(|t| shared.check(&t))
        .ok_or(BlobError::Unauthorized)?;
    let valid = hash.len() == 64 && hash.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'));
    if !valid {
        return Err(BlobError::BadName);
    }
    let path = shared
        .data_dir
        .join("blobs")
        .join(&grant.workspace)
        .join(&hash[..2])
        .join(hash);
    Ok((path, grant))
}

/// The office-only mark beside a blob's file.
fn office_mark(blob: &std::path::Path) -> PathBuf {
    blob.with_extension("office")
}

/// `?office=1` (or `true`) on an upload.
fn asks_office(query: &HashMap<String, String>) -> bool {
    query
        .get("office")
        .is_some_and(|v| matches!(v.as_str(), "1" | "true"))
}

async fn get_blob(
    State(shared): State<Arc<Shared>>,
    Path(hash): Path<String>,
    Query(query): Query<HashMap<String, String>>,
    headers: HeaderMap,
) -> Result<Response, BlobError> {
    let (path, grant) = blob_path(&shared, &headers, &query, &hash)?;
    // The file is opened before its mark is looked for: an upload writes the mark before the
    // bytes, so a blob opened here had its mark (if any) already, while looking first could
    // miss a mark written between the look and the open.
    let file = match tokio::fs::File::open(&path).await {
        Ok(file) => file,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Err(BlobError::NotFound),
        Err(e) => return Err(e.into()),
    };
    if grant.docs.is_some() && tokio::fs::try_exists(office_mark(&path)).await? {
        return Err(BlobError::OfficeOnly);
    }
    let len = file.metadata().await?.len();
    Ok((
        [
            (header::CONTENT_TYPE, "application/octet-stream".to_owned()),
            (
                header::CACHE_CONTROL,
                "private, max-age=31536000, immutable".to_owned(),
            ),
            (header::CONTENT_LENGTH, len.to_string()),
        ],
        Body::from_stream(chunks(file)),
    )
        .into_response())
}

/// Bytes a download holds at a time: read from disk as the caller takes them.
const CHUNK_BYTES: usize = 64 * 1024;

/// `file` as a stream of chunks: a download holds one chunk, not the blob (reading it whole
/// for every request let one token holding 60 unread downloads of a 16 MB blob make the relay
/// hold ~1 GB). Ends after the first read error.
fn chunks(
    file: tokio::fs::File,
) -> impl futures_util::Stream<Item = std::io::Result<axum::body::Bytes>> + Send + 'static {
    futures_util::stream::unfold(Some(file), |file| async move {
        use tokio::io::AsyncReadExt;
        let mut file = file?;
        let mut buf = vec![0u8; CHUNK_BYTES];
        match file.read(&mut buf).await {
            Ok(0) => None,
            Ok(n) => {
                buf.truncate(n);
                Some((Ok(axum::body::Bytes::from(buf)), Some(file)))
            }
            Err(e) => Some((Err(e), None)),
        }
    })
}

/// Reads an upload's body whole, at most `limit` bytes (`wanted` is what was reserved for it),
/// refused (408) once what arrived falls short of [`MIN_UPLOAD_RATE`] a second over its time
/// reading less [`UPLOAD_GRACE`]. It holds its reservation of memory meanwhile: with the whole
/// upload's deadline alone, an upload declaring 20 MiB and sending a byte every 25 s (never
/// idle long enough for the per-frame timeout) held 20 MiB for 21 minutes, and a handful of
/// them every byte of upload memory; now it gives it back after the grace. An average, not a
/// pace over every window: an honest slow phone stalls for a while and makes up for it, and a
/// rate asked of each window refused it.
async fn read_paced(body: Body, limit: usize, wanted: usize) -> Result<Vec<u8>, BlobError> {
    use http_body_util::BodyExt;
    let mut body = body;
    let mut read = Vec::with_capacity(wanted.min(limit));
    let started = tokio::time::Instant::now();
    loop {
        // When the bytes read so far stop covering the pace.
        let covered_ms = (read.len() as u64).saturating_mul(1000) / MIN_UPLOAD_RATE;
        let due = started + UPLOAD_GRACE + std::time::Duration::from_millis(covered_ms);
        let frame = match tokio::time::timeout_at(due, body.frame()).await {
            Err(_) => return Err(BlobError::BodyRead),
            Ok(None) => return Ok(read),
            Ok(Some(Err(_))) => return Err(BlobError::BodyRead),
            Ok(Some(Ok(frame))) => frame,
        };
        let Ok(data) = frame.into_data() else {
            continue;
        };
        if read.len().saturating_add(data.len()) > limit {
            return Err(BlobError::TooLarge(limit));
        }
        read.extend_from_slice(&data);
    }
}

async fn put_blob(
    State(shared): State<Arc<Shared>>,
    Path(hash): Path<String>,
    Query(query): Query<HashMap<String, String>>,
    headers: HeaderMap,
    body: Body,
) -> Result<StatusCode, BlobError> {
    // The token is checked before a byte of the body is read: an unauthenticated client
    // must not make the relay buffer up to `max_blob_bytes`.
    let (path, grant) = blob_path(&shared, &headers, &query, &hash)?;
    let workspace = grant.workspace.as_str();
    let office = asks_office(&query);
    // The mark is sticky, so a factory's token marking a photo it shares (re-uploading the
    // same bytes with `?office=1`) would take that photo from every factory device for good.
    if office && grant.docs.is_some() {
        return Err(BlobError::MarkNotAllowed);
    }
    let limit = shared.limits.max_blob_bytes;
    let declared = headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|n| n > limit as u64) {
        return Err(BlobError::TooLarge(limit));
    }
    // Room in the workspace's quota before a byte of the body is read (a blob already held
    // takes none: its upload only confirms it).
    let usage = Arc::clone(&shared.blob_usage);
    let workspace_dir = shared.data_dir.join("blobs").join(workspace);
    if !usage.known(workspace) {
        let dir = workspace_dir.clone();
        let (bytes, links) = tokio::task::spawn_blocking(move || {
            directory_bytes(&dir).map(|b| (b, read_links(&dir)))
        })
        .await
        .map_err(|e| BlobError::Io(std::io::Error::other(e)))??;
        usage.learn(workspace, bytes, links);
    }
    let link = grant.docs.is_some().then_some(grant.token_id.as_str());
    let quota = shared.limits.max_workspace_blob_bytes;
    let wanted = declared.unwrap_or(limit as u64);
    // A new blob, and its office mark (a file too) when it asks for one.
    let mark_charge = if office { MIN_CHARGE } else { 0 };
    let reserved = if tokio::fs::try_exists(&path).await? {
        None
    } else {
        Some(usage.reserve(workspace, link, charge(wanted) + mark_charge, quota)?)
    };
    // Limited while streaming (a missing or lying Content-Length), timed out between body
    // frames by the router's RequestBodyTimeoutLayer, kept to the slowest pace allowed while it
    // holds memory (`read_paced`), and as a whole by the upload deadline.
    let deadline = upload_deadline(declared, limit as u64);
    let wanted = usize::try_from(wanted).unwrap_or(usize::MAX);
    let read = tokio::time::timeout(deadline, async {
        // Room in memory first: until then not a byte of the body is read.
        let held = shared.upload_memory.hold(&grant.budget_key(), wanted).await;
        (read_paced(body, limit, wanted).await, held)
    })
    .await
    .map_err(|_| BlobError::BodyRead)?;
    let (read, _held) = read;
    let body = read?;
    if hex::encode(Sha256::digest(&body)) != hash {
        return Err(BlobError::HashMismatch);
    }
    let stored = body.len() as u64;
    let written = tokio::task::spawn_blocking(move || -> std::io::Result<bool> {
        if let Some(dir) = path.parent() {
            create_dirs(dir)?;
        }
        // The mark first: a blob must never be readable by a scoped token between its bytes
        // landing and its mark.
        let mark = office_mark(&path);
        if office && !mark.is_file() {
            write_atomic(&mark, b"")?;
        }
        if path.is_file() {
            return Ok(false);
        }
        write_atomic(&path, &body)?;
        Ok(true)
    })
    .await
    .map_err(|e| BlobError::Io(std::io::Error::other(e)))??;
    if let (true, Some(reserved)) = (written, reserved) {
        reserved.keep(charge(stored) + mark_charge);
        if link.is_some() {
            // Kept so a restart does not give the link its part again; a failed write is said
            // and costs only that (the total is read from the files).
            let usage = Arc::clone(&usage);
            let workspace = workspace.to_owned();
            let _ = tokio::task::spawn_blocking(move || {
                let (_writing, json) = usage.links_of(&workspace);
                if let Err(e) = write_atomic(&links_file(&workspace_dir), &json) {
                    tracing::warn!(error = %e, "cannot keep what links stored");
                }
            })
            .await;
        }
    }
    Ok(if written {
        StatusCode::CREATED
    } else {
        StatusCode::OK
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What links stored reads back as kept; a file that does not read (a torn write, a hand
    /// edit) counts as none rather than stopping uploads, the total still bounding them.
    #[test]
    fn what_links_stored_reads_back_or_counts_as_none() {
        let dir = std::env::temp_dir().join(format!("gendan-links-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        assert!(read_links(&dir).is_empty(), "nothing kept yet");
        std::fs::create_dir_all(&dir).expect("dir");
        let usage = Arc::new(BlobUsage::default());
        usage.learn("acme", 0, HashMap::new());
        usage
            .reserve("acme", Some("t1"), 1000, 64_000)
            .expect("fits")
            .keep(1000);
        let (_writing, json) = usage.links_of("acme");
        write_atomic(&links_file(&dir), &json).expect("kept");
        assert_eq!(read_links(&dir).get("t1"), Some(&1000));
        std::fs::write(links_file(&dir), b"{\"t1\": \"lots\"").expect("garbage");
        assert!(read_links(&dir).is_empty());
        let _ = std::fs::remove_dir_all(&dir);
    }

    /// Room a link reserved and did not keep (an upload refused after its reservation) goes
    /// back to the link as well as to the workspace.
    #[test]
    fn room_not_kept_goes_back_to_the_link() {
        let usage = Arc::new(BlobUsage::default());
        let quota = 80_000;
        drop(
            usage
                .reserve("acme", Some("t1"), 10_000, quota)
                .expect("fits"),
        );
        let kept = usage
            .reserve("acme", Some("t1"), 10_000, quota)
            .expect("its whole part again");
        assert!(matches!(
            usage.reserve("acme", Some("t1"), 1, quota),
            Err(BlobError::LinkPartFull)
        ));
        kept.keep(4_000);
        assert!(usage.reserve("acme", Some("t1"), 6_000, quota).is_ok());
    }
}
