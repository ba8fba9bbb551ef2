//! Bytes of stored documents per workspace, held to `Limits::max_workspace_doc_bytes`, so one
//! workspace (one bad peer in it) cannot fill the disk every other workspace writes to: a
//! full disk fails the hub's group commit, which closes every connection in the batch.
//!
//! Counted by the hub, the documents' only writer on this relay. A workspace is counted from
//! the store the first time one of its documents is written (`Store::doc_bytes` over the
//! documents it owns); after that each chunk a batch adds counts when the batch commits, and a
//! document compacted (its chunks replaced by one snapshot) is counted again from the store.
//! A chunk written twice (chunks are content-addressed, so the second write changes nothing)
//! counts twice until its document is next compacted: the count errs high, never low.
//!
//! A change that would pass the quota is refused before it is written (`StoreError::Full`):
//! the peer is told `gendan_sync::NO_ROOM` and keeps the change; the relay drops its copy in
//! memory. With several relays on one database each counts what it sees, so the bound holds
//! per relay, not across them.

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
    /// Documents whose stored bytes changed other than by a chunk of the batch (a
    /// compaction, a worker's own commit): counted again after the batch commits.
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

    /// Bytes `workspace` may still add, counting it from the store the first time.
    pub fn room(&mut self, workspace: &str, owners: &Owners, store: &dyn Store) -> io::Result<u64> {
        if self.quota == u64::MAX {
            return Ok(u64::MAX);
        }
        if !self.workspaces.contains_key(workspace) {
            let sizes = store.doc_bytes(&owners.of_workspace(workspace))?;
            let stored = sizes.values().sum();
            self.sizes.extend(sizes);
            self.workspaces.insert(
                workspace.to_owned(),
                Counted {
                    stored,
                    ..Counted::default()
                },
            );
        }
        let used = self.workspaces.get(workspace).map_or(0, Counted::used);
        Ok(self.quota.saturating_sub(used))
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
            let new = now.get(&id).copied().unwrap_or(0);
            let old = self.sizes.insert(id, new).unwrap_or(0);
            if let Some(counted) = owners.get(&id).and_then(|w| self.workspaces.get_mut(w)) {
                counted.stored = counted.stored.saturating_sub(old).saturating_add(new);
            }
        }
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
        owners.claim(id(1), "acme");
        owners.claim(id(2), "evil");
        let mut batch = Batch::default();
        owners.log(&id(1), &mut batch);
        let first = doc(&"a".repeat(4000)).save();
        batch.chunks.push((id(1), first.clone()));
        store.commit(&mut batch).expect("commit");

        let mut usage = DocUsage::new(10_000);
        // Counted from the disk the first time, and only its own documents.
        let room = usage.room("acme", &owners, &store).expect("room");
        assert_eq!(room, 10_000 - first.len() as u64);
        assert_eq!(usage.room("evil", &owners, &store).expect("room"), 10_000);

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
        assert_eq!(
            usage.room("acme", &owners, &store).expect("room"),
            10_000 - first.len() as u64 - 1000
        );
        usage.release("acme", 1000);
        assert_eq!(usage.used("acme"), Some(first.len() as u64));
        assert_eq!(usage.used("evil"), Some(0));
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn without_a_quota_nothing_is_counted() {
        let store = FileStore::new(&data_dir("unlimited"));
        let mut usage = DocUsage::new(u64::MAX);
        assert_eq!(
            usage
                .room("acme", &Owners::default(), &store)
                .expect("room"),
            u64::MAX
        );
        usage.chunk("acme", id(1), 10);
        assert_eq!(usage.used("acme"), None);
    }
}
