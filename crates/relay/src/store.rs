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
use std::io::{self, Read, Seek, SeekFrom, Write};
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

    /// Whether loading `id` is slow enough for a worker: its chunks hold at least
    /// `max_bytes`, `max_ops` operations and changes, or more than `max_inflated` bytes once
    /// inflated, snapshots included (see `DocFiles::is_big`).
    fn is_big(
        &self,
        id: &DocumentId,
        max_bytes: u64,
        max_ops: u64,
        max_inflated: u64,
    ) -> io::Result<bool>;

    /// Replaces the chunks `doc` covers with one snapshot, durably, unless `doc` lacks
    /// changes (`Ok(false)`, nothing touched).
    fn compact(&self, id: &DocumentId, doc: &Automerge) -> io::Result<bool>;

    /// Bytes each of `ids` takes in the store (documents with nothing stored are left out),
    /// for the workspace quota (`doc_quota.rs`).
    fn doc_bytes(&self, ids: &[DocumentId]) -> io::Result<HashMap<DocumentId, u64>>;

    /// Every document's owner.
    fn owners(&self) -> io::Result<HashMap<DocumentId, Owner>>;

    /// The owners of `workspace`'s documents: what a catch-up page of everything walks.
    fn owners_in(&self, workspace: &str) -> io::Result<HashMap<DocumentId, Owner>> {
        Ok(self
            .owners()?
            .into_iter()
            .filter(|(_, o)| o.workspace == workspace)
            .collect())
    }

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

    /// Removes the token `id`, of `workspace` when given (see [`tokens::revoke`]).
    fn revoke_token(&self, id: &str, workspace: Option<&str>) -> Result<TokenRecord, TokenError>;

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
    /// The owners log as read so far ([`OwnersRead`]).
    owners_read: Mutex<OwnersRead>,
}

/// What the owners log said up to `offset`: the log is only ever appended to, so a read parses
/// only the lines added since. Every catch-up answer asks for the owners of a few documents, and
/// each such question parsed the whole log before (every workspace's documents, each id's
/// checksum and storage key): a token asking for one document in a loop kept a core busy in
/// proportion to the whole relay.
#[derive(Debug, Default)]
struct OwnersRead {
    offset: u64,
    map: HashMap<DocumentId, Owner>,
    /// The storage keys of each workspace's documents.
    by_workspace: HashMap<String, Vec<DocumentId>>,
    /// Lines parsed, ever: what a test counts.
    parsed: u64,
}

impl OwnersRead {
    /// Reads what was appended to the log at `path` since the last read. Only whole lines are
    /// taken: a line being written (or torn by a crash, which the next claim ends with the
    /// newline it starts with) waits. A log shorter than what was read was replaced: read anew.
    fn catch_up(&mut self, path: &Path) -> io::Result<()> {
        let mut file = match File::open(path) {
            Ok(f) => f,
            Err(e) if e.kind() == io::ErrorKind::NotFound => {
                *self = OwnersRead {
                    parsed: self.parsed,
                    ..OwnersRead::default()
                };
                return Ok(());
            }
            Err(e) => return Err(e),
        };
        let len = file.metadata()?.len();
        if len < self.offset {
            *self = OwnersRead {
                parsed: self.parsed,
                ..OwnersRead::default()
            };
        }
        if len == self.offset {
            return Ok(());
        }
        file.seek(SeekFrom::Start(self.offset))?;
        let mut added = Vec::new();
        file.take(len - self.offset).read_to_end(&mut added)?;
        let Some(end) = added.iter().rposition(|b| *b == b'\n') else {
            return Ok(());
        };
        for line in String::from_utf8_lossy(&added[..end]).lines() {
            self.parsed += 1;
            if let Some((key, owner)) = Owner::parse_line(line) {
                // The first claim of a key is its owner, as when the whole log is read.
                if let std::collections::hash_map::Entry::Vacant(e) = self.map.entry(key) {
                    self.by_workspace
                        .entry(owner.workspace.clone())
                        .or_default()
                        .push(key);
                    e.insert(owner);
                }
            }
        }
        self.offset += end as u64 + 1;
        Ok(())
    }
}

pub(crate) const OWNERS_LOG: &str = "doc-owners.log";

impl FileStore {
    pub fn new(data_dir: &Path) -> Self {
        FileStore {
            data_dir: data_dir.to_path_buf(),
            files: DocFiles::new(data_dir),
            owners_log: Mutex::new(None),
            owners_read: Mutex::new(OwnersRead::default()),
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

    fn is_big(
        &self,
        id: &DocumentId,
        max_bytes: u64,
        max_ops: u64,
        max_inflated: u64,
    ) -> io::Result<bool> {
        self.files.is_big(id, max_bytes, max_ops, max_inflated)
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
        let mut read = self.owners_read.lock().unwrap_or_else(|p| p.into_inner());
        read.catch_up(&self.data_dir.join(OWNERS_LOG))?;
        Ok(read.map.clone())
    }

    fn owners_in(&self, workspace: &str) -> io::Result<HashMap<DocumentId, Owner>> {
        let mut read = self.owners_read.lock().unwrap_or_else(|p| p.into_inner());
        read.catch_up(&self.data_dir.join(OWNERS_LOG))?;
        let keys = read
            .by_workspace
            .get(workspace)
            .map_or(&[][..], Vec::as_slice);
        Ok(keys
            .iter()
            .filter_map(|k| read.map.get(k).map(|o| (*k, o.clone())))
            .collect())
    }

    fn owners_of(&self, ids: &[DocumentId]) -> io::Result<HashMap<DocumentId, Owner>> {
        let mut read = self.owners_read.lock().unwrap_or_else(|p| p.into_inner());
        read.catch_up(&self.data_dir.join(OWNERS_LOG))?;
        Ok(ids
            .iter()
            .filter_map(|id| read.map.get(id).map(|w| (*id, w.clone())))
            .collect())
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

    fn revoke_token(&self, id: &str, workspace: Option<&str>) -> Result<TokenRecord, TokenError> {
        tokens::revoke(&self.data_dir, id, workspace)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::docs::storage_key;

    fn line(workspace: &str, n: u32) -> String {
        let mut bytes = [0u8; 16];
        bytes[..4].copy_from_slice(&n.to_be_bytes());
        let name = DocumentId::from_bytes(bytes);
        Owner::new(workspace, name).line(&storage_key(workspace, &name))
    }

    fn append(path: &Path, text: &str) {
        let mut f = OpenOptions::new()
            .create(true)
            .append(true)
            .open(path)
            .unwrap();
        f.write_all(text.as_bytes()).unwrap();
    }

    /// The owners log is read once and then only what is appended: a catch-up asking for one
    /// document costs the lines added since, not every workspace's; a line still being
    /// written waits for its end, and a log replaced by a shorter one is read anew.
    #[test]
    fn owners_are_read_from_the_log_once_and_then_only_what_was_appended() {
        let dir = std::env::temp_dir().join(format!("gendan-owners-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        let log = dir.join(OWNERS_LOG);
        let mut text = String::new();
        for n in 0..1_000 {
            text.push_str(&format!(
                "\n{}\n",
                line(if n % 10 == 0 { "acme" } else { "other" }, n)
            ));
        }
        append(&log, &text);
        let store = FileStore::new(&dir);
        let parsed = || store.owners_read.lock().unwrap().parsed;
        let one = |n: u32| Owner::parse_line(&line("acme", n)).unwrap().0;

        assert_eq!(store.owners_of(&[one(0)]).unwrap().len(), 1);
        let first = parsed();
        assert!(first >= 1_000, "the whole log once: {first}");
        for _ in 0..50 {
            assert_eq!(store.owners_of(&[one(10)]).unwrap().len(), 1);
        }
        assert_eq!(parsed(), first, "nothing parsed again");
        assert_eq!(store.owners_in("acme").unwrap().len(), 100);

        // A line half written is not taken; once ended, it is, alone.
        let next = line("acme", 5_000);
        append(&log, &format!("\n{}", &next[..10]));
        assert!(store.owners_of(&[one(5_000)]).unwrap().is_empty());
        append(&log, &format!("{}\n", &next[10..]));
        assert_eq!(store.owners_of(&[one(5_000)]).unwrap().len(), 1);
        assert!(
            parsed() - first <= 3,
            "only the new lines: {}",
            parsed() - first
        );
        assert_eq!(store.owners_in("acme").unwrap().len(), 101);
        assert_eq!(store.owners().unwrap().len(), 1_001);

        // Replaced by a shorter log (restored from a backup): read anew.
        std::fs::write(&log, format!("\n{}\n", line("acme", 7))).unwrap();
        assert_eq!(store.owners().unwrap().len(), 1);
        assert_eq!(store.owners_in("other").unwrap().len(), 0);
        let _ = std::fs::remove_dir_all(&dir);
    }
}
