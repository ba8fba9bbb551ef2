//! An in-memory [`DocStore`]: documents in a map, nothing persisted. It backs the
//! deterministic tests and small tools (the interop test peer); real callers implement
//! [`DocStore`] over their own storage.

use std::collections::HashMap;
use std::convert::Infallible;

use automerge::{Automerge, ChangeHash};

use crate::connection::DocStore;
use crate::ids::DocumentId;

/// Documents held in memory. Accepts every document a remote offers unless built with
/// [`MemoryStore::refusing_new`].
#[derive(Debug, Default)]
pub struct MemoryStore {
    docs: HashMap<DocumentId, Automerge>,
    refuse_new: bool,
    changes: u64,
}

impl MemoryStore {
    pub fn new() -> Self {
        Self::default()
    }

    /// A store that never creates documents a remote offers.
    pub fn refusing_new() -> Self {
        MemoryStore {
            refuse_new: true,
            ..Self::default()
        }
    }

    pub fn insert(&mut self, id: DocumentId, doc: Automerge) {
        self.docs.insert(id, doc);
    }

    pub fn doc(&self, id: &DocumentId) -> Option<&Automerge> {
        self.docs.get(id)
    }

    pub fn doc_mut(&mut self, id: &DocumentId) -> Option<&mut Automerge> {
        self.docs.get_mut(id)
    }

    pub fn ids(&self) -> impl Iterator<Item = &DocumentId> {
        self.docs.keys()
    }

    pub fn len(&self) -> usize {
        self.docs.len()
    }

    pub fn is_empty(&self) -> bool {
        self.docs.is_empty()
    }

    /// How many times [`DocStore::changed`] was called.
    pub fn change_count(&self) -> u64 {
        self.changes
    }
}

impl DocStore for MemoryStore {
    type Error = Infallible;

    type Doc = Automerge;

    fn get(&mut self, id: &DocumentId) -> Result<Option<&mut Automerge>, Infallible> {
        Ok(self.docs.get_mut(id))
    }

    fn create(&mut self, id: &DocumentId) -> Result<Option<&mut Automerge>, Infallible> {
        if self.refuse_new {
            return Ok(None);
        }
        Ok(Some(self.docs.entry(*id).or_default()))
    }

    fn changed(&mut self, _id: &DocumentId, _before: &[ChangeHash]) -> Result<(), Infallible> {
        self.changes += 1;
        Ok(())
    }
}
