//! Bytes of stored documents per workspace, held to `Limits::max_workspace_doc_bytes`, so one
//! workspace (one bad peer in it) cannot fill the disk every other workspace writes to: a
//! full disk fails the hub's group commit, which closes every connection in the batch.
//!
//! Counted by the hub, the documents' only writer on this relay. A workspace is counted from
//! the store the first time a frame that may write to one of its documents arrives since the
//! relay started (`Store::doc_bytes` over the documents it owns, on a worker: 10,000 documents'
//! files took a third of a second; that frame waits meanwhile, frames that only read do not);
//! after that each chunk a batch adds counts
//! when the batch commits, a document compacted (its chunks replaced by one snapshot) is
//! counted again from the store, and a worker that wrote a document measures it itself
//! (`offload::Done::stored_bytes`), so that store call stays off the hub.
//! A chunk written twice (chunks are content-addressed, so the second write changes nothing)
//! counts twice until its document is next compacted: the count errs high, never low.
//!
//! A change that would pass the quota is refused before it is written (`StoreError::Full`):
//! the peer is told `gendan_sync::NO_ROOM` and keeps the change; the relay drops its copy in
//! memory.
//!
//! Several relays on one database: each relay's notifications say how many bytes of chunks
//! a commit added to a document, and the others add them to the workspace's count
//! ([`DocUsage::added_elsewhere`]), so the bound holds across relays (before, it held per
//! relay: N relays let a workspace store N quotas). Their compactions are not told, so the
//! count errs high; it is redone from the database once an hour ([`DocUsage::expire`]).

use std::collections::{BTreeSet, HashMap};
use std::io;

use gendan_sync::DocumentId;

use crate::docs::Owners;
use crate::store::Store;

/// Per workspace: what the store holds, what the current batch adds, and what workers may
/// write meanwhile (each reserves the size of the message it applies).
#[derive(Debug, Default)]
struct Counted {
    stored: u64,
    pending: u64,
    reserved: u64,
    /// A worker is counting what the store holds; `stored` waits for it.
    counting: bool,
    /// When the count was started (ms since the epoch).
    since_ms: u64,
}

impl Counted {
    fn used(&self) -> u64 {
        self.stored
            .saturating_add(self.pending)
            .saturating_add(self.reserved)
    }
}

#[derive(Debug)]
pub(crate) struct DocUsage {
    quota: u64,
    /// Stored bytes per document of a counted workspace, as last counted.
    sizes: HashMap<DocumentId, u64>,
    workspaces: HashMap<String, Counted>,
    /// Chunks of the current batch, by document (and its workspace).
    batch: HashMap<DocumentId, (String, u64)>,
    /// Documents whose stored bytes changed other than by a chunk of the batch (a compaction,
    /// a worker's write it could not measure): counted again after the batch commits.
    recount: BTreeSet<DocumentId>,
}

impl DocUsage {
    pub fn new(quota: u64) -> Self {
        DocUsage {
            quota,
            sizes: HashMap::new(),
            workspaces: HashMap::new(),
            batch: HashMap::new(),
            recount: BTreeSet::new(),
        }
    }

    /// Whether `workspace`'s room is known (or there is no quota to count against).
    pub fn is_counted(&self, workspace: &str) -> bool {
        self.quota == u64::MAX || self.workspaces.get(workspace).is_some_and(|c| !c.counting)
    }

    /// The documents to count for `workspace`, unless it is counted or being counted (`now_ms`
    /// for [`DocUsage::expire`]).
    pub fn start_count(
        &mut self,
        workspace: &str,
        owners: &Owners,
        now_ms: u64,
    ) -> Option<Vec<DocumentId>> {
        if self.quota == u64::MAX || self.workspaces.contains_key(workspace) {
            return None;
        }
        self.workspaces.insert(
            workspace.to_owned(),
            Counted {
                counting: true,
                since_ms: now_ms,
                ..Counted::default()
            },
        );
        Some(owners.of_workspace(workspace))
    }

    /// Another relay on the same database committed `bytes` of chunks to `id`.
    pub fn added_elsewhere(&mut self, workspace: &str, id: DocumentId, bytes: u64) {
        if bytes == 0 {
            return;
        }
        // Counted, or being counted: the worker may or may not see them (erring high).
        if let Some(counted) = self.workspaces.get_mut(workspace) {
            counted.stored = counted.stored.saturating_add(bytes);
            *self.sizes.entry(id).or_default() += bytes;
        }
    }

    /// Forgets the counts older than `max_age_ms` with nothing pending, so the next frame
    /// about the workspace counts it again from the store (what other relays compacted is
    /// never told; the count would only grow).
    pub fn expire(&mut self, now_ms: u64, max_age_ms: u64, owners: &Owners) {
        let old: Vec<String> = self
            .workspaces
            .iter()
            .filter(|(_, c)| {
                !c.counting
                    && c.pending == 0
                    && c.reserved == 0
                    && now_ms.saturating_sub(c.since_ms) >= max_age_ms
            })
            .map(|(w, _)| w.clone())
            .collect();
        for workspace in old {
            self.workspaces.remove(&workspace);
            for id in owners.of_workspace(&workspace) {
                self.sizes.remove(&id);
            }
        }
    }

    /// A worker counted `workspace`: what it found joins what was written meanwhile (a chunk it
    /// read too counts twice, erring high). A count that failed is tried again next time.
    pub fn counted(&mut self, workspace: &str, sizes: io::Result<HashMap<DocumentId, u64>>) {
        let sizes = match sizes {
            Ok(sizes) => sizes,
            Err(err) => {
                tracing::warn!(workspace, error = %err, "cannot count stored document bytes");
                self.workspaces.remove(workspace);
                return;
            }
        };
        let Some(counted) = self.workspaces.get_mut(workspace) else {
            return;
        };
        counted.counting = false;
        for (id, bytes) in sizes {
            counted.stored = counted.stored.saturating_add(bytes);
            *self.sizes.entry(id).or_default() += bytes;
        }
    }

    /// Bytes `workspace` may still add (no limit while it is not counted: frames that write wait
    /// for the count, see the module docs).
    pub fn room(&self, workspace: &str) -> u64 {
        match self.workspaces.get(workspace) {
            Some(c) if !c.counting => self.quota.saturating_sub(c.used()),
            _ => u64::MAX,
        }
    }

    /// A chunk of `bytes` for `id` joined the batch.
    pub fn chunk(&mut self, workspace: &str, id: DocumentId, bytes: u64) {
        let Some(counted) = self.workspaces.get_mut(workspace) else {
            return;
        };
        counted.pending += bytes;
        let entry = self
            .batch
            .entry(id)
            .or_insert_with(|| (workspace.to_owned(), 0));
        entry.1 += bytes;
    }

    /// `id`'s stored chunks changed outside the batch (compacted, or written by a worker):
    /// its chunks in the batch are gone with it, and it is counted again after the commit.
    pub fn rewritten(&mut self, id: DocumentId) {
        if let Some((workspace, bytes)) = self.batch.remove(&id) {
            if let Some(counted) = self.workspaces.get_mut(&workspace) {
                counted.pending = counted.pending.saturating_sub(bytes);
            }
        }
        self.recount.insert(id);
    }

    /// Holds `bytes` of `workspace`'s room for a worker's message until [`DocUsage::release`].
    pub fn reserve(&mut self, workspace: &str, bytes: u64) {
        if let Some(counted) = self.workspaces.get_mut(workspace) {
            counted.reserved = counted.reserved.saturating_add(bytes);
        }
    }

    pub fn release(&mut self, workspace: &str, bytes: u64) {
        if let Some(counted) = self.workspaces.get_mut(workspace) {
            counted.reserved = counted.reserved.saturating_sub(bytes);
        }
    }

    /// The batch was committed (`durable`) or failed: its chunks count as stored, or not at
    /// all (nothing of a failed batch is acknowledged; what reached the disk anyway is
    /// counted when its document is next rewritten). Then the rewritten documents are
    /// counted again.
    pub fn committed(&mut self, durable: bool, owners: &Owners, store: &dyn Store) {
        for (id, (workspace, bytes)) in std::mem::take(&mut self.batch) {
            let Some(counted) = self.workspaces.get_mut(&workspace) else {
                continue;
            };
            counted.pending = counted.pending.saturating_sub(bytes);
            if durable {
                counted.stored = counted.stored.saturating_add(bytes);
                *self.sizes.entry(id).or_default() += bytes;
            }
        }
        if self.recount.is_empty() {
            return;
        }
        let ids: Vec<DocumentId> = std::mem::take(&mut self.recount)
            .into_iter()
            .filter(|id| {
                owners
                    .get(id)
                    .is_some_and(|w| self.workspaces.contains_key(w))
            })
            .collect();
        if ids.is_empty() {
            return;
        }
        let now = match store.doc_bytes(&ids) {
            Ok(now) => now,
            Err(err) => {
                tracing::warn!(error = %err, "cannot count stored document bytes");
                self.recount.extend(ids);
                return;
            }
        };
        for id in ids {
            self.measured(id, now.get(&id).copied().unwrap_or(0), owners);
        }
    }

    /// `id` takes `bytes` in the store now (counted again after a rewrite, by the hub or by
    /// the worker that wrote it).
    pub fn measured(&mut self, id: DocumentId, bytes: u64, owners: &Owners) {
        let Some(counted) = owners.get(&id).and_then(|w| self.workspaces.get_mut(w)) else {
            return;
        };
        let old = self.sizes.insert(id, bytes).unwrap_or(0);
        counted.stored = counted.stored.saturating_sub(old).saturating_add(bytes);
    }

    /// What `workspace` is counted as using now (tests and logs).
    #[cfg(test)]
    pub fn used(&self, workspace: &str) -> Option<u64> {
        self.workspaces.get(workspace).map(Counted::used)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::{Batch, FileStore};
    use gendan_sync::automerge::transaction::Transactable;
    use gendan_sync::automerge::{AutoCommit, Automerge, ROOT};

    fn id(n: u8) -> DocumentId {
        DocumentId::from_bytes([n; 16])
    }

    /// A fresh data directory for one test.
    fn data_dir(name: &str) -> std::path::PathBuf {
        let dir = std::env::temp_dir().join(format!("gendan-quota-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("data dir");
        dir
    }

    fn doc(text: &str) -> Automerge {
        let mut d = AutoCommit::new();
        d.put(ROOT, "text", text).expect("put");
        d.document().clone()
    }

    #[test]
    fn stored_chunks_count_once_committed_and_compaction_is_counted_again() {
        let dir = data_dir("counted");
        let store = FileStore::new(&dir);
        let mut owners = Owners::default();
        owners.claim(id(1), crate::docs::Owner::new("acme", id(1)));
        owners.claim(id(2), crate::docs::Owner::new("evil", id(2)));
        let mut batch = Batch::default();
        owners.log(&id(1), &mut batch);
        let first = doc(&"a".repeat(4000)).save();
        batch.chunks.push((id(1), first.clone()));
        store.commit(&mut batch).expect("commit");

        let mut usage = DocUsage::new(10_000);
        // Counted from the disk (by a worker) the first time, and only its own documents;
        // until then its room is not known.
        for workspace in ["acme", "evil"] {
            assert!(!usage.is_counted(workspace));
            let ids = usage.start_count(workspace, &owners, 0).expect("to count");
            assert!(
                usage.start_count(workspace, &owners, 0).is_none(),
                "counted once"
            );
            assert!(!usage.is_counted(workspace));
            usage.counted(workspace, store.doc_bytes(&ids));
            assert!(usage.is_counted(workspace));
        }
        assert_eq!(usage.room("acme"), 10_000 - first.len() as u64);
        assert_eq!(usage.room("evil"), 10_000);

        // A chunk counts while the batch is pending, and stays counted once durable.
        usage.chunk("acme", id(1), 3000);
        assert_eq!(usage.used("acme"), Some(first.len() as u64 + 3000));
        usage.committed(true, &owners, &store);
        assert_eq!(usage.used("acme"), Some(first.len() as u64 + 3000));
        // A failed batch adds nothing.
        usage.chunk("acme", id(1), 500);
        usage.committed(false, &owners, &store);
        assert_eq!(usage.used("acme"), Some(first.len() as u64 + 3000));

        // Rewritten: counted again from what the store holds (the one chunk on disk).
        usage.chunk("acme", id(1), 700);
        usage.rewritten(id(1));
        usage.committed(true, &owners, &store);
        assert_eq!(usage.used("acme"), Some(first.len() as u64));

        // A worker's reservation holds room until released.
        usage.reserve("acme", 1000);
        assert_eq!(usage.room("acme"), 10_000 - first.len() as u64 - 1000);
        usage.release("acme", 1000);
        assert_eq!(usage.used("acme"), Some(first.len() as u64));
        assert_eq!(usage.used("evil"), Some(0));
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn a_count_that_failed_is_tried_again_and_writes_meanwhile_are_kept() {
        let mut usage = DocUsage::new(1000);
        let owners = Owners::default();
        usage.start_count("acme", &owners, 0).expect("to count");
        usage.counted("acme", Err(io::Error::other("disk")));
        assert!(usage.start_count("acme", &owners, 0).is_some(), "again");
        usage.counted("acme", Ok(HashMap::from([(id(1), 300)])));
        assert_eq!(usage.room("acme"), 700);
    }

    #[test]
    fn other_relays_writes_count_and_an_old_count_is_redone() {
        let mut usage = DocUsage::new(1000);
        let mut owners = Owners::default();
        owners.learn(id(1), crate::docs::Owner::new("acme", id(1)));
        // Not counted here yet: nothing to add to (the count will read them).
        usage.added_elsewhere("acme", id(1), 100);
        usage.start_count("acme", &owners, 5_000).expect("to count");
        usage.counted("acme", Ok(HashMap::from([(id(1), 300)])));
        usage.added_elsewhere("acme", id(1), 400);
        usage.added_elsewhere("evil", id(2), 400);
        assert_eq!(usage.room("acme"), 300);
        assert_eq!(usage.used("evil"), None);
        // Younger than the age, or with writes pending: kept.
        usage.expire(6_000, 10_000, &owners);
        usage.chunk("acme", id(1), 10);
        usage.expire(20_000, 10_000, &owners);
        assert!(usage.is_counted("acme"));
        usage.committed(true, &owners, &FileStore::new(&data_dir("expire")));
        usage.expire(20_000, 10_000, &owners);
        assert!(!usage.is_counted("acme"), "counted again from the store");
        usage
            .start_count("acme", &owners, 20_000)
            .expect("to count");
        usage.counted("acme", Ok(HashMap::from([(id(1), 200)])));
        assert_eq!(usage.room("acme"), 800, "the old sizes are forgotten");
    }

    #[test]
    fn without_a_quota_nothing_is_counted() {
        let mut usage = DocUsage::new(u64::MAX);
        assert!(usage.is_counted("acme"));
        assert!(usage.start_count("acme", &Owners::default(), 0).is_none());
        assert_eq!(usage.room("acme"), u64::MAX);
        usage.chunk("acme", id(1), 10);
        assert_eq!(usage.used("acme"), None);
    }
}
