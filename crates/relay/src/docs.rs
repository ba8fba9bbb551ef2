//! The relay's document store on disk, and which workspace owns each document.
//!
//! Layout (the same as automerge-repo's `NodeFSStorageAdapter`, so `<data>/docs` can be
//! opened by the JavaScript nodefs storage or samod's filesystem storage, which then see
//! each document under its storage key, see "Namespaces" below):
//!
//! ```text
//! <data>/docs/<first 2 chars of key>/<rest of key>/incremental/<sha256 hex of the chunk>
//! <data>/docs/<first 2 chars of key>/<rest of key>/snapshot/<sha256 hex of the joined hex heads>
//! <data>/doc-owners.log        one line per document: "<key> <workspace> [<id>]"
//! ```
//!
//! Namespaces. A document is stored under a key of its workspace's own ([`storage_key`]: a
//! hash of the workspace and the id its peers use), so two workspaces that push the same id
//! hold two documents, and nothing one workspace pushes or asks for can claim, reach or
//! reveal the other's. Before, the id was the key and the first workspace to push an id
//! owned it: one that learnt another's ids (a factory given an order nearby, or the ids a
//! migration derives) could claim them first and have the owner's pushes refused for good,
//! and could tell which ids another workspace held. Documents stored before namespaces keep
//! the id as their key (an owner line without a third field); [`Owners::key`] finds them. So
//! `<key>` is the id in automerge-repo's layout for those only; the owners log names the id
//! of every other.
//!
//! A document's owner is claimed in memory when it is first pushed and logged with its first
//! chunk. Durability is a group commit (`store::FileStore::commit`, for the hub's batch):
//! incremental chunks (content-addressed, so a rewrite has the same bytes) and owner lines are
//! written and recorded in [`Unsynced`], then [`Unsynced::sync`] fsyncs every file and every
//! changed directory, before the hub sends any message acknowledging them. A chunk torn by a crash before that point was never
//! acknowledged; the peer sends it again. Snapshots are written with write-temp + fsync +
//! rename + fsync(dir) before the chunks they replace are removed. Compaction follows
//! samod: after more than [`COMPACT_AFTER`] incremental chunks, the document is saved as one
//! snapshot and the chunks it covers are removed.
//!
//! Damaged chunks. automerge's `load_incremental` silently drops a chunk that fails to
//! parse or checksum (it only emits a `tracing` warning nobody sees), and changes that
//! depend on a dropped one wait in its queue, invisible. So every chunk is first checked
//! on its own ([`check_chunk`]); a damaged one is moved to `<data>/quarantine/<id>/` with a
//! log line and the document is reported damaged. A document with changes waiting for
//! missing dependencies is never compacted ([`DocFiles::compact`] refuses): its snapshot
//! would lack them and compaction would delete the intact chunks that hold them. It heals
//! when a peer that has the missing changes syncs (automerge asks for them through `need`),
//! and compacts normally after that. `gendan-relay check --data DIR` lists damaged
//! documents without changing anything ([`check_all`]).

use std::collections::{BTreeSet, HashMap};
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use gendan_sync::automerge::{
    Automerge, AutomergeError, LoadOptions, OnPartialLoad, ReadDoc, VerificationMode,
};
use gendan_sync::sync_limits::stored_ops_at_least;
use gendan_sync::DocumentId;
use sha2::{Digest, Sha256};

use crate::fsutil::{create_dirs, create_dirs_deferred, sync_dir, sync_file, write_atomic};
use crate::store::Batch;

/// Incremental chunks tolerated before compacting into a snapshot.
pub(crate) const COMPACT_AFTER: usize = 10;

/// Chunk files of one kind for one document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Snapshot,
    Incremental,
}

impl Kind {
    fn dir(self) -> &'static str {
        match self {
            Kind::Snapshot => "snapshot",
            Kind::Incremental => "incremental",
        }
    }
}

/// A temporary file (`.tmp-…`, see `fsutil::write_atomic`) untouched for this long is left
/// by a crash, not being written: listing a document's chunks removes it. Younger ones are
/// skipped and kept, since a writer on another thread may be about to rename one.
pub(crate) const STALE_TMP: std::time::Duration = std::time::Duration::from_secs(60 * 60);

/// Whether `entry` (a temporary file) was last modified at least [`STALE_TMP`] ago. An age
/// that cannot be read counts as young: keeping a stray file costs a few bytes, deleting a
/// live one a write.
fn is_stale(entry: &fs::DirEntry) -> bool {
    entry
        .metadata()
        .and_then(|meta| meta.modified())
        .ok()
        .and_then(|modified| modified.elapsed().ok())
        .is_some_and(|age| age >= STALE_TMP)
}

/// Writes made but not yet fsynced; nothing acknowledging them may be sent before
/// [`Unsynced::sync`] succeeded.
#[derive(Debug, Default)]
pub(crate) struct Unsynced {
    files: BTreeSet<PathBuf>,
    dirs: BTreeSet<PathBuf>,
}

impl Unsynced {
    pub fn file(&mut self, path: &Path) {
        self.files.insert(path.to_path_buf());
    }

    pub fn dir(&mut self, path: &Path) {
        self.dirs.insert(path.to_path_buf());
    }

    /// Makes every recorded write durable: file contents first, then directory entries.
    pub fn sync(&mut self) -> io::Result<()> {
        for file in std::mem::take(&mut self.files) {
            sync_file(&file)?;
        }
        for dir in std::mem::take(&mut self.dirs) {
            sync_dir(&dir)?;
        }
        Ok(())
    }
}

/// Document chunks under `<data>/docs`, damaged ones moved to `<data>/quarantine`.
#[derive(Debug, Clone)]
pub(crate) struct DocFiles {
    root: PathBuf,
    quarantine: PathBuf,
}

/// A document read from disk, with how many incremental chunks it still has.
pub(crate) struct OnDisk {
    pub doc: Automerge,
    pub incrementals: usize,
    /// Chunks that failed to load (moved to quarantine when loading for serving).
    pub damaged: Vec<Damage>,
}

/// One damaged chunk file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Damage {
    pub path: PathBuf,
    pub error: String,
}

/// Whether a document holds every change its chunks hold: no change waits for a missing
/// dependency (which a damaged or lost chunk leaves behind).
pub(crate) fn is_complete(doc: &Automerge) -> bool {
    doc.get_missing_deps(&[]).is_empty()
}

/// Checks one chunk file on its own: `Err` with automerge's reason if it does not parse,
/// fails its checksum or is cut short. Changes whose dependencies live in other chunks
/// are fine here.
pub(crate) fn check_chunk(bytes: &[u8]) -> Result<(), String> {
    let options = LoadOptions::new()
        .on_partial_load(OnPartialLoad::Error)
        .verification_mode(VerificationMode::DontCheck);
    match Automerge::load_with_options(bytes, options) {
        Ok(_) | Err(AutomergeError::MissingDeps) => Ok(()),
        Err(err) => Err(err.to_string()),
    }
}

impl DocFiles {
    pub fn new(data_dir: &Path) -> Self {
        DocFiles {
            root: data_dir.join("docs"),
            quarantine: data_dir.join("quarantine"),
        }
    }

    fn dir(&self, id: &DocumentId) -> PathBuf {
        let text = id.to_string();
        let (head, tail) = text.split_at(2.min(text.len()));
        self.root.join(head).join(tail)
    }

    /// Chunk file names (not temporaries) of `kind`, sorted for a deterministic load order.
    fn chunks(&self, id: &DocumentId, kind: Kind) -> io::Result<Vec<PathBuf>> {
        let dir = self.dir(id).join(kind.dir());
        let entries = match fs::read_dir(&dir) {
            Ok(entries) => entries,
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(Vec::new()),
            Err(e) => return Err(e),
        };
        let mut out = Vec::new();
        for entry in entries {
            let entry = entry?;
            if entry.file_name().to_string_lossy().starts_with(".tmp-") {
                // A snapshot being written (`write_atomic`), or one a crash left. This runs
                // off the hub too (catch-up, offload, counting and warming workers), while the
                // hub or a worker may be writing: deleting every temporary made that writer's
                // rename fail, its change go unacknowledged and its connection close with 1011.
                // A write takes seconds at most, so only one untouched for `STALE_TMP` is
                // a crash's leftover (never acknowledged), safe to drop.
                if is_stale(&entry) {
                    let _ = fs::remove_file(entry.path());
                }
                continue;
            }
            out.push(entry.path());
        }
        out.sort();
        Ok(out)
    }

    /// Bytes `id`'s chunks take on disk (0 when nothing is stored), for the workspace quota.
    pub fn bytes(&self, id: &DocumentId) -> io::Result<u64> {
        let mut total = 0;
        for kind in [Kind::Snapshot, Kind::Incremental] {
            for path in self.chunks(id, kind)? {
                total += match fs::metadata(&path) {
                    Ok(meta) => meta.len(),
                    // Compacted away between the listing and the look.
                    Err(e) if e.kind() == io::ErrorKind::NotFound => 0,
                    Err(e) => return Err(e),
                };
            }
        }
        Ok(total)
    }

    /// Whether loading `id` is slow: its chunks hold at least `max_bytes`, or at least
    /// `max_ops` operations and changes (run-length encoding lets a few bytes hold a million),
    /// or inflate to more than `max_inflated` bytes, counted without parsing them
    /// (`stored_ops_at_least`). A snapshot counts like the incremental chunks: it is deflated
    /// column by column, so a few kilobytes on disk can say megabytes (a document of
    /// repetitive text), and counting only its size had the hub load such a document.
    pub fn is_big(
        &self,
        id: &DocumentId,
        max_bytes: u64,
        max_ops: u64,
        max_inflated: u64,
    ) -> io::Result<bool> {
        let snapshots = self.chunks(id, Kind::Snapshot)?;
        let incrementals = self.chunks(id, Kind::Incremental)?;
        let mut total = 0;
        for path in snapshots.iter().chain(&incrementals) {
            total += fs::metadata(path)?.len();
        }
        if total >= max_bytes {
            return Ok(true);
        }
        let mut bytes = Vec::new();
        for path in snapshots.iter().chain(&incrementals) {
            bytes.extend(fs::read(path)?);
        }
        Ok(stored_ops_at_least(&bytes, max_ops, max_inflated) == Some(true))
    }

    /// The document, or `None` if nothing is stored for it. Damaged chunks are skipped
    /// and, if `quarantine`, moved to `<data>/quarantine/<id>/` (else left in place).
    pub fn load(&self, id: &DocumentId, quarantine: bool) -> io::Result<Option<OnDisk>> {
        let snapshots = self.chunks(id, Kind::Snapshot)?;
        let incrementals = self.chunks(id, Kind::Incremental)?;
        if snapshots.is_empty() && incrementals.is_empty() {
            return Ok(None);
        }
        let mut doc = Automerge::new();
        let mut damaged = Vec::new();
        let mut kept = incrementals.len();
        for (n, path) in snapshots.iter().chain(&incrementals).enumerate() {
            let bytes = fs::read(path)?;
            let result = check_chunk(&bytes).and_then(|()| {
                doc.load_incremental(&bytes)
                    .map(drop)
                    .map_err(|e| e.to_string())
            });
            let Err(error) = result else {
                continue;
            };
            // Keep serving what loads; keep the damaged bytes for inspection.
            let mut shown = path.clone();
            if quarantine {
                let kind = if n < snapshots.len() {
                    Kind::Snapshot
                } else {
                    kept -= 1;
                    Kind::Incremental
                };
                shown = self.quarantine(id, kind, path)?;
            }
            tracing::warn!(
                document = %id,
                chunk = %path.display(),
                %error,
                moved_to = %shown.display(),
                "damaged chunk quarantined"
            );
            damaged.push(Damage { path: shown, error });
        }
        Ok(Some(OnDisk {
            doc,
            incrementals: kept,
            damaged,
        }))
    }

    /// Moves a damaged chunk out of the document's directory, durably.
    fn quarantine(&self, id: &DocumentId, kind: Kind, path: &Path) -> io::Result<PathBuf> {
        let dir = self.quarantine.join(id.to_string());
        create_dirs(&dir)?;
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let target = dir.join(format!("{}-{name}", kind.dir()));
        fs::rename(path, &target)?;
        sync_dir(&dir)?;
        if let Some(parent) = path.parent() {
            sync_dir(parent)?;
        }
        Ok(target)
    }

    /// Every document with a directory under `<data>/docs`.
    pub fn all(&self) -> io::Result<Vec<DocumentId>> {
        let mut out = Vec::new();
        let heads = match fs::read_dir(&self.root) {
            Ok(entries) => entries,
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(out),
            Err(e) => return Err(e),
        };
        for head in heads {
            let head = head?;
            if !head.file_type()?.is_dir() {
                continue;
            }
            for tail in fs::read_dir(head.path())? {
                let tail = tail?;
                let text = format!(
                    "{}{}",
                    head.file_name().to_string_lossy(),
                    tail.file_name().to_string_lossy()
                );
                if let Ok(id) = text.parse::<DocumentId>() {
                    out.push(id);
                }
            }
        }
        out.sort();
        Ok(out)
    }

    /// Writes `bytes` (a `save_after` chunk) for `id`; durable after `unsynced.sync()`.
    pub(crate) fn save_incremental(
        &self,
        id: &DocumentId,
        bytes: &[u8],
        unsynced: &mut Unsynced,
    ) -> io::Result<()> {
        let dir = self.dir(id).join(Kind::Incremental.dir());
        create_dirs_deferred(&dir, &mut unsynced.dirs)?;
        let path = dir.join(hex::encode(Sha256::digest(bytes)));
        fs::write(&path, bytes)?;
        unsynced.files.insert(path);
        unsynced.dirs.insert(dir);
        Ok(())
    }

    /// Replaces every chunk of `id` with one snapshot of `doc` — unless `doc` lacks
    /// changes some chunk holds (see the module docs): then nothing is touched and
    /// `Ok(false)` says so.
    pub fn compact(&self, id: &DocumentId, doc: &Automerge) -> io::Result<bool> {
        if !is_complete(doc) {
            return Ok(false);
        }
        let old: Vec<PathBuf> = self
            .chunks(id, Kind::Snapshot)?
            .into_iter()
            .chain(self.chunks(id, Kind::Incremental)?)
            .collect();
        let dir = self.dir(id).join(Kind::Snapshot.dir());
        create_dirs(&dir)?;
        let heads: String = doc.get_heads().iter().map(|h| h.to_string()).collect();
        let target = dir.join(hex::encode(Sha256::digest(heads.as_bytes())));
        write_atomic(&target, &doc.save())?;
        // Only now that the snapshot is durable may the chunks it covers go.
        for path in old.iter().filter(|p| **p != target) {
            fs::remove_file(path)?;
        }
        let inc = self.dir(id).join(Kind::Incremental.dir());
        if inc.is_dir() {
            sync_dir(&inc)?;
        }
        sync_dir(&dir)?;
        Ok(true)
    }
}

/// What `gendan-relay check` found about one document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocReport {
    /// The storage key (see the module docs on namespaces).
    pub id: String,
    /// Whose document it is and its id on the wire, "<workspace> <id>", if known.
    pub owner: Option<String>,
    /// Chunks that do not load (left in place: checking changes nothing).
    pub damaged: Vec<Damage>,
    /// Changes the document's intact chunks depend on but nothing holds: what is
    /// served lacks them and every change after them.
    pub missing_deps: usize,
    /// Files already moved to `<data>/quarantine/<id>/` by the running relay.
    pub quarantined: Vec<PathBuf>,
}

impl DocReport {
    /// What loading the document `id` found (`None`: nothing stored under it).
    pub(crate) fn loaded(id: String, stored: Option<OnDisk>) -> DocReport {
        let (damaged, missing_deps) = match stored {
            Some(on_disk) => (on_disk.damaged, on_disk.doc.get_missing_deps(&[]).len()),
            None => (Vec::new(), 0),
        };
        DocReport {
            id,
            owner: None,
            damaged,
            missing_deps,
            quarantined: Vec::new(),
        }
    }

    /// Names the owner of the report's document from `owners` (by storage key).
    pub(crate) fn owned(mut self, owners: &HashMap<DocumentId, Owner>) -> Self {
        self.owner = self
            .id
            .parse::<DocumentId>()
            .ok()
            .and_then(|key| owners.get(&key))
            .map(|o| format!("{} {}", o.workspace, o.name));
        self
    }

    /// Whether there is anything to report.
    pub(crate) fn is_worth_reporting(&self) -> bool {
        !self.damaged.is_empty() || self.missing_deps > 0 || !self.quarantined.is_empty()
    }
}

/// Checks every document under `data_dir` without modifying anything; returns the ones
/// that are damaged (a damaged chunk, changes waiting for missing dependencies, or
/// quarantined files).
pub(crate) fn check_all(data_dir: &Path) -> io::Result<Vec<DocReport>> {
    let files = DocFiles::new(data_dir);
    let owners = read_owners_log(&data_dir.join(crate::store::OWNERS_LOG))?;
    let mut reports = Vec::new();
    let mut ids: BTreeSet<String> = BTreeSet::new();
    for id in files.all()? {
        ids.insert(id.to_string());
    }
    if let Ok(entries) = fs::read_dir(&files.quarantine) {
        for entry in entries.flatten() {
            ids.insert(entry.file_name().to_string_lossy().into_owned());
        }
    }
    for text in ids {
        let stored = match text.parse::<DocumentId>() {
            Ok(id) => files.load(&id, false)?,
            Err(_) => None,
        };
        let mut report = DocReport::loaded(text.clone(), stored).owned(&owners);
        if let Ok(entries) = fs::read_dir(files.quarantine.join(&text)) {
            report.quarantined = entries.flatten().map(|e| e.path()).collect();
            report.quarantined.sort();
        }
        if report.is_worth_reporting() {
            reports.push(report);
        }
    }
    Ok(reports)
}

/// The key a workspace's document named `name` is stored under (see the module docs). A
/// hash, so nobody can pick an id whose key lands on another workspace's document.
pub fn storage_key(workspace: &str, name: &DocumentId) -> DocumentId {
    let mut hash = Sha256::new();
    hash.update(b"gendan relay document key v1\0");
    hash.update(workspace.as_bytes());
    hash.update([0]);
    hash.update(name.as_bytes());
    let digest = hash.finalize();
    let mut key = [0u8; 16];
    key.copy_from_slice(&digest[..16]);
    DocumentId::from_bytes(key)
}

/// Who owns a stored document, and the id its peers know it by.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Owner {
    pub workspace: String,
    /// The document's id on the wire. Its storage key is [`storage_key`] of it, or the id
    /// itself for a document stored before namespaces.
    pub name: DocumentId,
}

impl Owner {
    pub fn new(workspace: &str, name: DocumentId) -> Self {
        Owner {
            workspace: workspace.to_owned(),
            name,
        }
    }

    /// The owner line for `key`: the key, the workspace, and the name only when it is not
    /// the key (a document stored before namespaces).
    pub fn line(&self, key: &DocumentId) -> String {
        if self.name == *key {
            format!("{key} {}", self.workspace)
        } else {
            format!("{key} {} {}", self.workspace, self.name)
        }
    }

    /// Reads what [`Owner::line`] wrote; `None` for a torn or foreign line.
    pub fn parse_line(line: &str) -> Option<(DocumentId, Owner)> {
        let mut parts = line.split(' ');
        let key = parts.next()?.parse::<DocumentId>().ok()?;
        let workspace = parts.next()?;
        let name = match parts.next() {
            None => None,
            Some(name) => Some(name.parse::<DocumentId>().ok()?),
        };
        if parts.next().is_some() {
            return None;
        }
        Some((key, Owner::checked(&key, workspace, name)?))
    }

    /// The owner of `key` as stored (`name` absent: stored before namespaces, named by its
    /// key); `None` if the workspace is not a valid name or the key does not follow from
    /// the name, which no relay writes.
    pub fn checked(key: &DocumentId, workspace: &str, name: Option<DocumentId>) -> Option<Owner> {
        if !crate::tokens::valid_workspace(workspace) {
            return None;
        }
        match name {
            Some(name) if name != *key && storage_key(workspace, &name) != *key => None,
            name => Some(Owner::new(workspace, name.unwrap_or(*key))),
        }
    }
}

/// The key `workspace`'s document `name` is stored under, given what `owners` holds: the
/// id itself if the workspace stored it before namespaces, else [`storage_key`].
pub(crate) fn key_in<'a>(
    owner_of: impl Fn(&DocumentId) -> Option<&'a Owner>,
    workspace: &str,
    name: &DocumentId,
) -> DocumentId {
    let legacy = owner_of(name).is_some_and(|o| o.workspace == workspace && o.name == *name);
    if legacy {
        *name
    } else {
        storage_key(workspace, name)
    }
}

/// Reads `<data>/doc-owners.log`; a torn or unreadable line (a crash mid-append) is skipped.
pub(crate) fn read_owners_log(path: &Path) -> io::Result<HashMap<DocumentId, Owner>> {
    let mut map = HashMap::new();
    match fs::read(path) {
        Ok(bytes) => {
            for line in String::from_utf8_lossy(&bytes).lines() {
                if let Some((key, owner)) = Owner::parse_line(line) {
                    map.entry(key).or_insert(owner);
                }
            }
        }
        Err(e) if e.kind() == io::ErrorKind::NotFound => {}
        Err(e) => return Err(e),
    }
    Ok(map)
}

/// Which workspace each stored document belongs to, and its id on the wire, by storage key.
/// Held in memory by the hub; the store keeps the durable copy (the owners log, or a
/// table), written with the document's first chunk.
#[derive(Debug, Default)]
pub(crate) struct Owners {
    map: HashMap<DocumentId, Owner>,
    /// Claimed in memory, not yet in the store: written with the document's first change,
    /// so a new document costs one group commit, not two. A claim lost in a crash held no
    /// data; the pusher claims it again when it re-sends.
    unlogged: BTreeSet<DocumentId>,
    /// Documents per workspace (see `Limits::max_workspace_docs`).
    counts: HashMap<String, usize>,
}

impl Owners {
    pub fn new(map: HashMap<DocumentId, Owner>) -> Self {
        let mut counts = HashMap::new();
        for owner in map.values() {
            *counts.entry(owner.workspace.clone()).or_default() += 1;
        }
        Owners {
            map,
            unlogged: BTreeSet::new(),
            counts,
        }
    }

    /// How many documents `workspace` has (claimed in memory included).
    pub fn count(&self, workspace: &str) -> usize {
        self.counts.get(workspace).copied().unwrap_or(0)
    }

    fn counted(&mut self, owner: Option<&Owner>, added: bool) {
        let Some(owner) = owner else {
            return;
        };
        if added {
            *self.counts.entry(owner.workspace.clone()).or_default() += 1;
        } else if let Some(n) = self.counts.get_mut(&owner.workspace) {
            *n = n.saturating_sub(1);
            if *n == 0 {
                self.counts.remove(&owner.workspace);
            }
        }
    }

    /// The workspace of the document stored under `key`.
    pub fn get(&self, key: &DocumentId) -> Option<&str> {
        self.map.get(key).map(|o| o.workspace.as_str())
    }

    pub fn owner(&self, key: &DocumentId) -> Option<&Owner> {
        self.map.get(key)
    }

    /// The key `workspace`'s document `name` is (or would be) stored under.
    pub fn key(&self, workspace: &str, name: &DocumentId) -> DocumentId {
        key_in(|id| self.map.get(id), workspace, name)
    }

    #[cfg(test)]
    pub fn len(&self) -> usize {
        self.map.len()
    }

    /// The documents `workspace` owns.
    pub fn of_workspace(&self, workspace: &str) -> Vec<DocumentId> {
        self.map
            .iter()
            .filter(|(_, o)| o.workspace == workspace)
            .map(|(id, _)| *id)
            .collect()
    }

    /// Claims `key` for `owner` in memory; [`Owners::log`] makes it durable.
    pub fn claim(&mut self, key: DocumentId, owner: Owner) {
        if let std::collections::hash_map::Entry::Vacant(entry) = self.map.entry(key) {
            *self.counts.entry(owner.workspace.clone()).or_default() += 1;
            entry.insert(owner);
            self.unlogged.insert(key);
        }
    }

    /// Records an owner another relay wrote to the shared store (the durable copy already
    /// has it). A claim of ours not yet written gives way to it.
    pub fn learn(&mut self, key: DocumentId, owner: Owner) {
        self.unlogged.remove(&key);
        self.counted(Some(&owner), true);
        let before = self.map.insert(key, owner);
        self.counted(before.as_ref(), false);
    }

    /// Forgets a claim that was never written (its document received nothing).
    pub fn release_unlogged(&mut self, id: &DocumentId) {
        if self.unlogged.remove(id) {
            let before = self.map.remove(id);
            self.counted(before.as_ref(), false);
        }
    }

    /// Takes back claims whose owner lines were in a batch that failed to commit: they are
    /// pending again, so the document's next write logs them once more. Without this a retry
    /// would find the owner in memory, write the chunk alone, and after a restart the relay
    /// would hold the change under no owner (answered as held by nobody).
    pub fn unlogged_again(&mut self, ids: impl IntoIterator<Item = DocumentId>) {
        for id in ids {
            if self.map.contains_key(&id) {
                self.unlogged.insert(id);
            }
        }
    }

    /// Adds a pending claim of `id` to `batch`, durable when the batch commits.
    pub fn log(&mut self, id: &DocumentId, batch: &mut Batch) {
        if !self.unlogged.remove(id) {
            return;
        }
        if let Some(owner) = self.map.get(id) {
            batch.owners.push((*id, owner.clone()));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::{FileStore, Store, OWNERS_LOG};
    use gendan_sync::automerge::transaction::Transactable;
    use gendan_sync::automerge::ROOT;

    #[test]
    fn each_workspace_has_its_own_key_for_an_id_and_old_documents_keep_theirs() {
        let id = DocumentId::from_bytes([3; 16]);
        let (acme, evil) = (storage_key("acme", &id), storage_key("evil", &id));
        assert_ne!(acme, evil);
        assert_ne!(acme, id);
        let mut owners = Owners::default();
        assert_eq!(
            owners.key("acme", &id),
            acme,
            "a new document is namespaced"
        );
        // Stored before namespaces: acme's under the id itself; evil's stays its own.
        owners.learn(id, Owner::new("acme", id));
        assert_eq!(owners.key("acme", &id), id);
        assert_eq!(owners.key("evil", &id), evil);
        // A namespaced key is never taken for an old document of another name.
        owners.learn(evil, Owner::new("evil", id));
        assert_eq!(owners.key("evil", &evil), storage_key("evil", &evil));
        // Owner lines round-trip; one whose key does not follow from its name is refused.
        let line = Owner::new("evil", id).line(&evil);
        assert_eq!(
            Owner::parse_line(&line),
            Some((evil, Owner::new("evil", id)))
        );
        assert_eq!(
            Owner::parse_line(&Owner::new("acme", id).line(&id)),
            Some((id, Owner::new("acme", id)))
        );
        assert_eq!(Owner::parse_line(&format!("{acme} evil {id}")), None);
        // Counted per workspace: claims, owners learnt (or changed) and claims released.
        assert_eq!((owners.count("acme"), owners.count("evil")), (1, 1));
        owners.claim(acme, Owner::new("acme", id));
        assert_eq!(owners.count("acme"), 2);
        owners.learn(evil, Owner::new("acme", id));
        assert_eq!((owners.count("acme"), owners.count("evil")), (3, 0));
        owners.release_unlogged(&acme);
        owners.release_unlogged(&id);
        assert_eq!(
            owners.count("acme"),
            2,
            "only a claim never written is released"
        );
        assert_eq!(Owner::parse_line(&format!("{acme} acme {id} x")), None);
    }

    #[test]
    fn save_load_compact_round_trip() {
        let data = std::env::temp_dir().join(format!("gendan-docs-{}", std::process::id()));
        let _ = fs::remove_dir_all(&data);
        let files = DocFiles::new(&data);
        let mut unsynced = Unsynced::default();
        let id = DocumentId::from_bytes([8; 16]);
        assert!(files.load(&id, true).expect("load").is_none());
        let mut doc = Automerge::new();
        for n in 0..15 {
            let before = doc.get_heads();
            let mut tx = doc.transaction();
            tx.put(ROOT, "n", n as i64).expect("put");
            tx.commit();
            files
                .save_incremental(&id, &doc.save_after(&before), &mut unsynced)
                .expect("save");
            unsynced.sync().expect("sync");
        }
        let loaded = files.load(&id, true).expect("load").expect("some");
        assert_eq!(loaded.doc.get_heads(), doc.get_heads());
        assert_eq!(loaded.incrementals, 15);
        files.compact(&id, &doc).expect("compact");
        let loaded = files.load(&id, true).expect("load").expect("some");
        assert_eq!(loaded.doc.get_heads(), doc.get_heads());
        assert_eq!(loaded.incrementals, 0);
        let text = id.to_string();
        assert!(data
            .join("docs")
            .join(&text[..2])
            .join(&text[2..])
            .join("snapshot")
            .is_dir());

        let store = FileStore::new(&data);
        let mut batch = Batch::default();
        let mut owners = Owners::default();
        owners.claim(id, Owner::new("acme", id));
        let key = storage_key("acme", &id);
        owners.claim(key, Owner::new("acme", id));
        owners.log(&id, &mut batch);
        owners.log(&key, &mut batch);
        assert_eq!(batch.owners.len(), 2);
        store.commit(&mut batch).expect("commit");
        assert!(batch.is_empty());
        let mut log = fs::OpenOptions::new()
            .append(true)
            .open(data.join(OWNERS_LOG))
            .expect("log");
        std::io::Write::write_all(&mut log, b"torn-li").expect("write");
        let owners = Owners::new(store.owners().expect("owners"));
        assert_eq!(owners.get(&id), Some("acme"));
        assert_eq!(owners.owner(&key), Some(&Owner::new("acme", id)));
        assert_eq!(owners.len(), 2);
        let _ = fs::remove_dir_all(&data);
    }

    /// A snapshot being written is a `.tmp-` file until its rename. Listing chunks runs off the
    /// hub (catch-up, offload, counting), while the hub or a worker writes: it used to delete
    /// every temporary it saw, so the writer's rename failed (`persist_doc` errored, the office
    /// connection closed with 1011, its change unacknowledged). A young temporary is now kept
    /// and the write completes; one left by a crash (untouched for `STALE_TMP`) is removed.
    #[test]
    fn listing_chunks_keeps_a_snapshot_being_written_and_drops_stale_ones() {
        let data = std::env::temp_dir().join(format!("gendan-tmps-{}", std::process::id()));
        let _ = fs::remove_dir_all(&data);
        let files = DocFiles::new(&data);
        let id = DocumentId::from_bytes([9; 16]);
        let mut doc = Automerge::new();
        let mut tx = doc.transaction();
        tx.put(ROOT, "k", "v").expect("put");
        tx.commit();
        let mut unsynced = Unsynced::default();
        files
            .save_incremental(&id, &doc.save_after(&[]), &mut unsynced)
            .expect("save");
        unsynced.sync().expect("sync");
        // A writer's temporary, as `write_atomic` names and fills it before its rename.
        let dir = files.dir(&id).join(Kind::Snapshot.dir());
        create_dirs(&dir).expect("dir");
        let target = dir.join("cafe");
        let tmp = dir.join(format!(".tmp-cafe-{}-0", std::process::id()));
        fs::write(&tmp, doc.save()).expect("temporary");
        // What a catch-up, an offload worker and a count do meanwhile.
        let loaded = files.load(&id, false).expect("load").expect("stored");
        assert_eq!(loaded.doc.get_heads(), doc.get_heads());
        assert!(files.bytes(&id).expect("bytes") > 0);
        assert!(!files
            .is_big(&id, 1 << 20, 1 << 20, 1 << 20)
            .expect("is_big"));
        assert!(tmp.exists(), "a temporary being written was deleted");
        fs::rename(&tmp, &target).expect("the writer's rename completes");
        assert_eq!(
            files.chunks(&id, Kind::Snapshot).expect("list"),
            vec![target.clone()]
        );
        // One a crash left an hour ago is dropped by the next listing, and never listed.
        let stale = dir.join(".tmp-dead-1-0");
        fs::write(&stale, b"torn").expect("stale");
        let old = std::time::SystemTime::now() - STALE_TMP - std::time::Duration::from_secs(1);
        fs::File::options()
            .write(true)
            .open(&stale)
            .and_then(|f| f.set_modified(old))
            .expect("age it");
        assert_eq!(
            files.chunks(&id, Kind::Snapshot).expect("list"),
            vec![target]
        );
        assert!(!stale.exists(), "a crash's temporary stays");
        let _ = fs::remove_dir_all(&data);
    }
}
