//! Reading, off the hub, the heads a resuming peer's kept map needs. A resume compares the
//! heads the peer kept with the relay's; a document not in memory and not evicted since the
//! relay started has to be read from the store for that, and after a restart that is every
//! document of the map: seconds at 10,000 orders, during which the hub served nobody.
//!
//! So when a persistent peer's `join` offers a kept map naming more than [`WARM_AT`] such
//! documents, the `join` waits (with any frame behind it) while a worker reads their heads.
//! They are recorded as evicted documents' heads are, and the `join` is then handled as usual,
//! its resume finding them in memory. A document whose stored heads may have moved while the
//! worker read it (the hub committed a change to it, a worker or another relay did, or a
//! failure dropped what memory held) keeps no heads from the worker: it is read on the hub
//! as before, so a resume is never judged on stale heads.

use std::collections::HashSet;

use gendan_sync::automerge::ChangeHash;
use gendan_sync::DocumentId;

use crate::hub::ConnId;
use crate::store::Store;

/// Documents without known heads a resume may read on the hub (small ones: a big one is read
/// by a worker all the same, `fetch.rs`); more go to a worker.
pub(crate) const WARM_AT: usize = 32;

/// Workers reading heads at a time, one per token and workspace; further `join`s needing one
/// wait their turn.
pub(crate) const MAX_WARMING: usize = 2;

/// A worker's answer: the stored heads of the documents it could read.
pub(crate) struct Warmed {
    pub conn: ConnId,
    pub heads: Vec<(DocumentId, Vec<ChangeHash>)>,
}

/// A `join` waiting for its worker, and what happened to the store meanwhile.
#[derive(Debug, Default)]
pub(crate) struct Warming {
    /// Whose join it is (token, workspace): kept here, not looked up through the connection,
    /// which may close while its worker reads and must still count as that token's.
    pub token: String,
    pub workspace: String,
    /// Documents whose stored heads may have moved since the worker started.
    changed: HashSet<DocumentId>,
    /// Any document's may have (what memory held was dropped, notifications were missed).
    stale: bool,
}

impl Warming {
    pub fn of(token: &str, workspace: &str) -> Self {
        Warming {
            token: token.to_owned(),
            workspace: workspace.to_owned(),
            ..Warming::default()
        }
    }

    pub fn changed(&mut self, id: DocumentId) {
        self.changed.insert(id);
    }

    pub fn stale(&mut self) {
        self.stale = true;
    }

    /// The heads from the worker that may be trusted.
    pub fn trusted(
        self,
        heads: Vec<(DocumentId, Vec<ChangeHash>)>,
    ) -> Vec<(DocumentId, Vec<ChangeHash>)> {
        if self.stale {
            return Vec::new();
        }
        heads
            .into_iter()
            .filter(|(id, _)| !self.changed.contains(id))
            .collect()
    }
}

/// The worker: the stored heads of `ids` (those that load; the rest are read on the hub).
pub(crate) fn read_heads(
    store: &dyn Store,
    ids: &[DocumentId],
) -> Vec<(DocumentId, Vec<ChangeHash>)> {
    let mut out = Vec::with_capacity(ids.len());
    for id in ids {
        // Damaged chunks are left where they are: the hub quarantines them when it loads.
        match store.load(id, false) {
            Ok(Some(stored)) => out.push((*id, stored.doc.get_heads())),
            Ok(None) => {}
            Err(err) => tracing::warn!(document = %id, error = %err, "cannot read heads to resume"),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn heads_read_while_the_store_moved_are_not_trusted() {
        let (a, b) = (
            DocumentId::from_bytes([1; 16]),
            DocumentId::from_bytes([2; 16]),
        );
        let read = vec![(a, Vec::new()), (b, Vec::new())];
        let mut w = Warming::default();
        w.changed(b);
        let kept: Vec<DocumentId> = w
            .trusted(read.clone())
            .into_iter()
            .map(|(id, _)| id)
            .collect();
        assert_eq!(kept, vec![a]);
        let mut w = Warming::default();
        w.stale();
        assert!(w.trusted(read).is_empty());
    }
}
