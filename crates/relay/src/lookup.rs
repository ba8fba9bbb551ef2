//! Who owns the documents a peer names that this relay has not heard of, asked of a store shared
//! with other relays (PostgreSQL) off the hub, many at once.
//!
//! Another relay may have created such a document a moment ago, its notification still on the
//! way, so the store is asked before the document is read or claimed. On the hub that was a
//! database round trip per unknown id, during which nobody was served: a peer naming thousands
//! of ids it made up held everyone's sync, and a device pushing a thousand new orders waited for
//! a thousand round trips. Now a frame about such a document waits (with whatever its
//! connection sent after it) while a worker asks for every id waiting, in one query; the ids
//! found unowned are believed so for [`FRESH_MS`], long enough for the frames to be handled
//! however busy the hub is: a notification teaches the owner of a document created since, and a
//! resync (notifications missed) forgets it all.

use std::collections::{BTreeSet, HashMap};
use std::io;

use gendan_sync::DocumentId;

use crate::docs::Owner;

/// How long an id found unowned is believed unowned without asking again.
pub(crate) const FRESH_MS: u64 = 10_000;

/// Ids asked about in one query at most.
const MAX_BATCH: usize = 1_000;

/// A worker's answer.
pub(crate) struct Looked {
    pub asked: Vec<DocumentId>,
    pub found: io::Result<HashMap<DocumentId, Owner>>,
}

#[derive(Debug, Default)]
pub(crate) struct Lookups {
    /// Ids found unowned, and when.
    absent: HashMap<DocumentId, u64>,
    /// Ids to ask about next.
    pending: BTreeSet<DocumentId>,
    in_flight: bool,
}

impl Lookups {
    /// Whether `id` was found unowned within [`FRESH_MS`] of `now_ms`.
    pub fn known_absent(&self, id: &DocumentId, now_ms: u64) -> bool {
        self.absent
            .get(id)
            .is_some_and(|at| now_ms.saturating_sub(*at) < FRESH_MS)
    }

    /// A frame waits for `id`'s owner.
    pub fn want(&mut self, id: DocumentId) {
        self.pending.insert(id);
    }

    /// The ids to ask about now, unless a query is out already.
    pub fn next_batch(&mut self) -> Option<Vec<DocumentId>> {
        if self.in_flight || self.pending.is_empty() {
            return None;
        }
        let batch: Vec<DocumentId> = self.pending.iter().take(MAX_BATCH).copied().collect();
        for id in &batch {
            self.pending.remove(id);
        }
        self.in_flight = true;
        Some(batch)
    }

    /// The query for `asked` came back: the ids it did not find are unowned as of `now_ms`
    /// (a failed query counts as finding none: what waited is then refused or claimed as when
    /// the store cannot be reached, and the commit says so).
    pub fn answered(
        &mut self,
        asked: &[DocumentId],
        found: &HashMap<DocumentId, Owner>,
        now_ms: u64,
    ) {
        self.in_flight = false;
        self.absent
            .retain(|_, at| now_ms.saturating_sub(*at) < FRESH_MS);
        for id in asked {
            if !found.contains_key(id) {
                self.absent.insert(*id, now_ms);
            }
        }
    }

    /// Notifications may have been missed: nothing found unowned is believed any more.
    pub fn forget(&mut self) {
        self.absent.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn id(n: u8) -> DocumentId {
        DocumentId::from_bytes([n; 16])
    }

    #[test]
    fn one_query_at_a_time_and_what_it_did_not_find_is_believed_briefly() {
        let mut l = Lookups::default();
        l.want(id(1));
        l.want(id(2));
        let batch = l.next_batch().expect("a query");
        assert_eq!(batch, vec![id(1), id(2)]);
        l.want(id(3));
        assert!(l.next_batch().is_none(), "one query out at a time");
        let found = HashMap::from([(id(2), Owner::new("acme", id(2)))]);
        l.answered(&batch, &found, 10_000);
        assert!(l.known_absent(&id(1), 10_500));
        assert!(!l.known_absent(&id(2), 10_500), "owned");
        assert!(
            !l.known_absent(&id(1), 10_000 + FRESH_MS),
            "asked again later"
        );
        assert_eq!(l.next_batch(), Some(vec![id(3)]));
        l.forget();
        assert!(!l.known_absent(&id(1), 10_500));
    }
}
