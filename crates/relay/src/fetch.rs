//! Reading a document off the hub for the hub itself, not for a message: a big stored document a
//! resume needs, or a loaded document another relay changed (a shared database's notification).
//!
//! The hub serves every connection, so reading a document there stalls everyone for as long as
//! the read takes. A frame about a big stored document already goes to a worker with its
//! message (`offload.rs`); two reads stayed on the hub. A resume naming a few documents without
//! known heads loaded each of them to compare heads, however big (a snapshot of megabytes of
//! text is kilobytes on disk). And on PostgreSQL every notification about a loaded document had
//! the hub query all of its rows and merge them (a round trip each time, and seconds for a big
//! document); one about a document a connection syncs but nobody had loaded was loaded at
//! fan-out, on the hub too.
//!
//! Now such a document is *wanted* ([`Fetches::want`]); after the batch's commit (so the copy
//! handed over holds nothing that is not durable) a worker takes the loaded copy, if any, merges
//! what the store holds into it (or reads the document whole), and gives it back. Meanwhile the
//! document is busy, as under an `offload.rs` job: frames about it wait, a fan-out waits, and a
//! resume confirms it and hears about it when it is back, since every fetched document is fanned
//! out then. A notification arriving meanwhile wants it again, so the newer commit is read too.
//! At most [`MAX_FETCHING`] run at once; the others wait, served from memory as they were.

use std::collections::{BTreeSet, HashSet};
use std::io;

use gendan_sync::automerge::Automerge;
use gendan_sync::DocumentId;

use crate::hub::{read_doc, weigh, Damaged, LoadedDoc};
use crate::store::Store;

/// Documents read by workers at once (each holds a thread and, on PostgreSQL, a query).
pub(crate) const MAX_FETCHING: usize = 2;

/// A worker's answer: the document, brought up to date with the store.
pub(crate) struct Fetched {
    pub doc: DocumentId,
    pub read: io::Result<LoadedDoc>,
}

/// Documents wanted and being read.
#[derive(Debug, Default)]
pub(crate) struct Fetches {
    /// To read once not busy (in id order: the order does not matter, only that each goes).
    pending: BTreeSet<DocumentId>,
    in_flight: HashSet<DocumentId>,
}

impl Fetches {
    /// `id` is to be read from the store (again, if a read is under way: it may predate what
    /// the store holds now).
    pub fn want(&mut self, id: DocumentId) {
        self.pending.insert(id);
    }

    /// The next document to read now: wanted, not busy (a job's copy is ahead of the store, and
    /// a read under way comes back first), within [`MAX_FETCHING`].
    pub fn next(&mut self, busy: &HashSet<DocumentId>) -> Option<DocumentId> {
        if self.in_flight.len() >= MAX_FETCHING {
            return None;
        }
        let id = *self
            .pending
            .iter()
            .find(|id| !busy.contains(id) && !self.in_flight.contains(id))?;
        self.pending.remove(&id);
        self.in_flight.insert(id);
        Some(id)
    }

    /// The read of `id` is back.
    pub fn done(&mut self, id: &DocumentId) {
        self.in_flight.remove(id);
    }

    /// Whether `id` is waiting for a read or being read.
    #[cfg(test)]
    pub fn is_wanted(&self, id: &DocumentId) -> bool {
        self.pending.contains(id) || self.in_flight.contains(id)
    }
}

/// The worker: `held` (the hub's copy, if it had one) with what the store holds merged in, or
/// the document read whole.
pub(crate) fn run(
    store: &dyn Store,
    damaged: &Damaged,
    id: DocumentId,
    held: Option<LoadedDoc>,
    now_ms: u64,
) -> Fetched {
    let read = match held {
        Some(l) => merge_stored(store, id, l),
        None => read_doc(store, damaged, &id, now_ms),
    };
    Fetched { doc: id, read }
}

fn merge_stored(store: &dyn Store, id: DocumentId, mut l: LoadedDoc) -> io::Result<LoadedDoc> {
    let Some(mut stored) = store.load(&id, false)? else {
        return Ok(l);
    };
    let before = l.doc.get_heads();
    merge(&mut l.doc, &mut stored.doc)?;
    if l.doc.get_heads() != before {
        // Measured again, as when it is loaded: what another relay added counts too.
        l.weight = weigh(&l.doc);
    }
    Ok(l)
}

fn merge(doc: &mut Automerge, stored: &mut Automerge) -> io::Result<()> {
    doc.merge(stored)
        .map(drop)
        .map_err(|err| io::Error::other(format!("cannot merge stored changes: {err}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn busy_documents_wait_and_at_most_two_are_read_at_once() {
        let id = |n| DocumentId::from_bytes([n; 16]);
        let mut f = Fetches::default();
        for n in 1..=4 {
            f.want(id(n));
        }
        let busy = HashSet::from([id(1)]);
        assert_eq!(f.next(&busy), Some(id(2)));
        assert_eq!(f.next(&busy), Some(id(3)));
        assert_eq!(f.next(&busy), None, "two at once");
        f.done(&id(2));
        // Wanted again while being read: read again once back.
        f.want(id(3));
        assert_eq!(f.next(&busy), Some(id(4)));
        f.done(&id(3));
        f.done(&id(4));
        assert_eq!(f.next(&HashSet::new()), Some(id(1)));
        assert_eq!(f.next(&HashSet::new()), Some(id(3)));
        assert!(f.is_wanted(&id(3)));
    }
}
