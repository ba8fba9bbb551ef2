//! Where the relay keeps what must outlive it: document chunks, which workspace owns each
//! document, and tokens. [`Store`] is the one interface the sync hub, its workers, the
//! catch-up answer and the token watcher use; [`FileStore`] (the data directory, see
//! `docs.rs`, the default: no database to run) and `pg::PgStore` (PostgreSQL, for several
//! relays serving one truth) implement it. Blobs are not here: they stay files in the data
//! directory whichever store holds the documents (see ARCHITECTURE.md, "Relay storage").
//!
//! Durability is a group commit in both: what the hub applies during one batch is collected
//! in a [`Batch`] (chunks, owner claims, the changed documents' heads) and made durable by
//! one [`Store::commit`] (an fsync of every file written, or one PostgreSQL transaction)
//! before any answer acknowledging it leaves the relay.

use std::collections::{BTreeMap, HashMap};
use std::fs::{File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use gendan_sync::automerge::{Automerge, ChangeHash};
use gendan_sync::DocumentId;
use tokio::sync::mpsc;

use crate::docs::{DocFiles, OnDisk, Owner, Unsynced};
use crate::hub::Command;
use crate::tokens::{self, TokenError, TokenRecord, TokenTable};

/// The writes of one group commit, not yet durable.
#[derive(Debug, Default)]
pub(crate) struct Batch {
    /// Incremental chunks (`save_after` bytes), in the order they were made.
    pub chunks: Vec<(DocumentId, Vec<u8>)>,
    /// Documents claimed for a workspace (by storage key), written with their first chunk.
    pub owners: Vec<(DocumentId, Owner)>,
    /// Every document changed in the batch (a chunk or a compaction) with its heads and
    /// owner: what other relays on the same database are told after the commit.
    pub changed: BTreeMap<DocumentId, (Owner, Vec<ChangeHash>)>,
}

impl Batch {
    pub fn is_empty(&self) -> bool {
        self.chunks.is_empty() && self.owners.is_empty() && self.changed.is_empty()
    }

    /// Bytes of the chunks waiting to be written.
    pub fn chunk_bytes(&self) -> u64 {
        self.chunks.iter().map(|(_, c)| c.len() as u64).sum()
    }
}

/// Storage of documents, owners and tokens. Methods block (file I/O, or a database round
/// trip): callers are the hub thread, its workers and `spawn_blocking` tasks.
pub(crate) trait Store: Send + Sync + 'static {
    /// The document, or `None` if nothing is stored for it. Damaged chunks are skipped
    /// and, if `quarantine`, moved aside.
    fn load(&self, id: &DocumentId, quarantine: bool) -> io::Result<Option<OnDisk>>;

    /// Whether loading `id` is slow enough for a worker (see `DocFiles::is_big`).
    fn is_big(&self, id: &DocumentId, max_bytes: u64, max_ops: u64) -> io::Result<bool>;

    /// Replaces the chunks `doc` covers with one snapshot, durably, unless `doc` lacks
    /// changes (`Ok(false)`, nothing touched).
    fn compact(&self, id: &DocumentId, doc: &Automerge) -> io::Result<bool>;

    /// Bytes each of `ids` takes in the store (documents with nothing stored are left out),
    /// for the workspace quota (`doc_quota.rs`).
    fn doc_bytes(&self, ids: &[DocumentId]) -> io::Result<HashMap<DocumentId, u64>>;

    /// Every document's owner.
    fn owners(&self) -> io::Result<HashMap<DocumentId, Owner>>;

    /// The owners of `ids` (those known).
    fn owners_of(&self, ids: &[DocumentId]) -> io::Result<HashMap<DocumentId, Owner>> {
        let all = self.owners()?;
        Ok(ids
            .iter()
            .filter_map(|id| all.get(id).map(|w| (*id, w.clone())))
            .collect())
    }

    /// Makes `batch` durable and empties it; on `Err` some of it may be durable, none of
    /// it may be acknowledged.
    fn commit(&self, batch: &mut Batch) -> io::Result<()>;

    /// The tokens currently valid.
    fn tokens(&self) -> Result<TokenTable, TokenError>;

    fn create_token(
        &self,
        workspace: &str,
        docs: Option<Vec<String>>,
        label: Option<String>,
    ) -> Result<(TokenRecord, String), TokenError>;

    fn list_tokens(&self) -> Result<Vec<TokenRecord>, TokenError>;

    fn revoke_token(&self, id: &str) -> Result<TokenRecord, TokenError>;

    /// The sync map kept for the peer with `storage_id` on token `token_id` (see
    /// `gendan_sync::resume`), if any. Only a hint: the hub decodes it and compares digests.
    fn kept_sync(&self, token_id: &str, storage_id: &str) -> io::Result<Option<Vec<u8>>>;

    /// Keeps `bytes` as that peer's sync map, replacing the last one. At most
    /// [`MAX_KEPT_BYTES`] per peer and [`MAX_KEPT_PEERS`] peers per token (the least recently
    /// kept goes), so one token cannot fill the disk by inventing storage ids.
    fn keep_sync(&self, token_id: &str, storage_id: &str, bytes: &[u8]) -> io::Result<()>;

    /// Whether other relays write to this store too (then what this relay holds in memory
    /// may be behind it).
    fn is_shared(&self) -> bool {
        false
    }

    /// Starts telling the hub about changes other relays commit (a store only this relay
    /// writes has none to tell).
    fn listen(&self, _hub: mpsc::Sender<Command>) {}
}

pub(crate) type SharedStore = Arc<dyn Store>;

/// Peers whose sync maps are kept per token.
pub(crate) const MAX_KEPT_PEERS: usize = 16;
/// Largest sync map kept for one peer (a full map of 50,000 documents is ~2.5 MB).
pub(crate) const MAX_KEPT_BYTES: usize = 4 << 20;

/// Where `FileStore` keeps sync maps: `<data>/sync-states/<token>/<storage id>`, both names
/// hashed (a storage id is whatever the peer sent).
const KEPT_DIR: &str = "sync-states";

fn hashed_name(text: &str) -> String {
    use sha2::{Digest, Sha256};
    hex::encode(&Sha256::digest(text.as_bytes())[..16])
}

/// The data directory: chunks under `docs/`, owners in `doc-owners.log`, tokens in
/// `tokens.json` (layouts in `docs.rs` and `tokens.rs`).
pub(crate) struct FileStore {
    data_dir: PathBuf,
    files: DocFiles,
    /// The owners log, opened on the first claim.
    owners_log: Mutex<Option<File>>,
}

pub(crate) const OWNERS_LOG: &str = "doc-owners.log";

impl FileStore {
    pub fn new(data_dir: &Path) -> Self {
        FileStore {
            data_dir: data_dir.to_path_buf(),
            files: DocFiles::new(data_dir),
            owners_log: Mutex::new(None),
        }
    }

    fn append_owner(
        &self,
        key: &DocumentId,
        owner: &Owner,
        unsynced: &mut Unsynced,
    ) -> io::Result<()> {
        let path = self.data_dir.join(OWNERS_LOG);
        let mut log = self.owners_log.lock().unwrap_or_else(|p| p.into_inner());
        if log.is_none() {
            let existed = path.exists();
            let file = OpenOptions::new().create(true).append(true).open(&path)?;
            if !existed {
                unsynced.dir(&self.data_dir);
            }
            *log = Some(file);
        }
        let Some(file) = log.as_mut() else {
            return Err(io::Error::other("owners log not open"));
        };
        // A previous crash may have left a torn line: start on a fresh one.
        file.write_all(format!("\n{}\n", owner.line(key)).as_bytes())?;
        unsynced.file(&path);
        Ok(())
    }
}

/// Sleeps as many milliseconds as the environment variable `name` says: a slow disk, for tests
/// of the relay binary (debug builds only).
#[cfg(debug_assertions)]
fn slow_failpoint(name: &str) {
    if let Some(ms) = std::env::var(name).ok().and_then(|v| v.parse().ok()) {
        std::thread::sleep(std::time::Duration::from_millis(ms));
    }
}

impl Store for FileStore {
    fn load(&self, id: &DocumentId, quarantine: bool) -> io::Result<Option<OnDisk>> {
        // A failpoint for the test that resuming on a slow disk holds nobody else's sync
        // (debug builds only).
        #[cfg(debug_assertions)]
        slow_failpoint("GENDAN_TEST_SLOW_LOAD_MS");
        self.files.load(id, quarantine)
    }

    fn is_big(&self, id: &DocumentId, max_bytes: u64, max_ops: u64) -> io::Result<bool> {
        self.files.is_big(id, max_bytes, max_ops)
    }

    fn compact(&self, id: &DocumentId, doc: &Automerge) -> io::Result<bool> {
        self.files.compact(id, doc)
    }

    fn doc_bytes(&self, ids: &[DocumentId]) -> io::Result<HashMap<DocumentId, u64>> {
        // A failpoint for the test that counting a workspace on a slow disk holds nobody
        // else's sync (debug builds only).
        #[cfg(debug_assertions)]
        if !ids.is_empty() {
            slow_failpoint("GENDAN_TEST_SLOW_COUNT_MS");
        }
        let mut out = HashMap::new();
        for id in ids {
            let bytes = self.files.bytes(id)?;
            if bytes > 0 {
                out.insert(*id, bytes);
            }
        }
        Ok(out)
    }

    fn owners(&self) -> io::Result<HashMap<DocumentId, Owner>> {
        crate::docs::read_owners_log(&self.data_dir.join(OWNERS_LOG))
    }

    fn commit(&self, batch: &mut Batch) -> io::Result<()> {
        // A failpoint for the test that a full disk is told to peers as such (debug builds
        // only): while the named file exists, writes fail as on a full disk.
        #[cfg(debug_assertions)]
        if !batch.is_empty()
            && std::env::var_os("GENDAN_TEST_FULL_DISK")
                .is_some_and(|flag| std::path::Path::new(&flag).exists())
        {
            *batch = Batch::default();
            return Err(io::ErrorKind::StorageFull.into());
        }
        let batch = std::mem::take(batch);
        let mut unsynced = Unsynced::default();
        // Owner lines first: a chunk is never durable without its owner.
        for (key, owner) in &batch.owners {
            self.append_owner(key, owner, &mut unsynced)?;
        }
        for (id, bytes) in &batch.chunks {
            self.files.save_incremental(id, bytes, &mut unsynced)?;
        }
        unsynced.sync()
    }

    fn tokens(&self) -> Result<TokenTable, TokenError> {
        TokenTable::load(&self.data_dir)
    }

    fn kept_sync(&self, token_id: &str, storage_id: &str) -> io::Result<Option<Vec<u8>>> {
        let path = self
            .data_dir
            .join(KEPT_DIR)
            .join(hashed_name(token_id))
            .join(hashed_name(storage_id));
        match std::fs::read(path) {
            Ok(bytes) => Ok(Some(bytes)),
            Err(err) if err.kind() == io::ErrorKind::NotFound => Ok(None),
            Err(err) => Err(err),
        }
    }

    fn keep_sync(&self, token_id: &str, storage_id: &str, bytes: &[u8]) -> io::Result<()> {
        if bytes.len() > MAX_KEPT_BYTES {
            return Ok(());
        }
        // A failpoint for the test that a slow disk under kept maps holds nobody else's sync
        // (debug builds only).
        #[cfg(debug_assertions)]
        slow_failpoint("GENDAN_TEST_SLOW_KEEP_MS");
        let dir = self.data_dir.join(KEPT_DIR).join(hashed_name(token_id));
        std::fs::create_dir_all(&dir)?;
        crate::fsutil::write_atomic(&dir.join(hashed_name(storage_id)), bytes)?;
        // Oldest first; temporary files of a crashed write count too, and go first.
        let mut kept: Vec<(std::time::SystemTime, PathBuf)> = std::fs::read_dir(&dir)?
            .filter_map(|e| e.ok())
            .filter_map(|e| Some((e.metadata().ok()?.modified().ok()?, e.path())))
            .collect();
        kept.sort();
        let over = kept.len().saturating_sub(MAX_KEPT_PEERS);
        for (_, path) in kept.into_iter().take(over) {
            let _ = std::fs::remove_file(path);
        }
        Ok(())
    }

    fn create_token(
        &self,
        workspace: &str,
        docs: Option<Vec<String>>,
        label: Option<String>,
    ) -> Result<(TokenRecord, String), TokenError> {
        tokens::create(&self.data_dir, workspace, docs, label)
    }

    fn list_tokens(&self) -> Result<Vec<TokenRecord>, TokenError> {
        tokens::list(&self.data_dir)
    }

    fn revoke_token(&self, id: &str) -> Result<TokenRecord, TokenError> {
        tokens::revoke(&self.data_dir, id)
    }
}
