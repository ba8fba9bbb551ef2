//! Reading a document off the hub for the hub itself, not for a message: a big stored document a
//! resume needs, a loaded document another relay changed (a shared database's notification), or
//! a big document shed from memory between a change and its fan-out (`Hub::fetch_to_fan_out`).
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
//! out then, at once (were it left for the fan-out's delay, the commit in between could shed it
//! again). A notification arriving meanwhile wants it again, so the newer commit is read too.
//! At most [`MAX_FETCHING`] run at once; the others wait, served from memory as they were. A
//! workspace with a read under way has its next wait while another workspace's goes first.
//!
//! A read that fails is not made on the hub instead: the document went to a worker because it
//! is big, and a failed read left it unloaded, so the fan-out that followed read it on the hub,
//! stalling everyone (a failed merge dropped the loaded copy the same way). The copy the hub
//! held goes back to it, served as before, and the read is tried again at the next tick (about
//! a second), [`MAX_TRIES`] times at most; after that, a peer's next frame about the document
//! reads it (on a worker if it is big, `offload.rs`).

use std::collections::{BTreeSet, HashMap, HashSet};
use std::io;

use gendan_sync::automerge::Automerge;
use gendan_sync::DocumentId;

use crate::hub::{read_doc, weigh, Damaged, LoadedDoc};
use crate::store::Store;

/// Documents read by workers at once (each holds a thread and, on PostgreSQL, a query).
pub(crate) const MAX_FETCHING: usize = 2;

/// Reads of one document tried before giving up until something wants it again.
pub(crate) const MAX_TRIES: u32 = 3;

/// A worker's answer: the document, brought up to date with the store.
pub(crate) struct Fetched {
    pub doc: DocumentId,
    pub read: Result<LoadedDoc, Failed>,
}

/// A read that failed, and the copy the hub held before it, unchanged (`None`: it held none).
pub(crate) struct Failed {
    pub error: io::Error,
    /// Boxed: a document is large, and this is the error side of the read.
    pub held: Option<Box<LoadedDoc>>,
}

/// Documents wanted and being read.
#[derive(Debug, Default)]
pub(crate) struct Fetches {
    /// To read once not busy (in id order: the order does not matter, only that each goes).
    pending: BTreeSet<DocumentId>,
    in_flight: HashSet<DocumentId>,
    /// Reads that failed, by how many times in a row: tried again at the next tick
    /// ([`Fetches::retry`]), not at once, since what failed (the store) is likely failing still.
    failed: HashMap<DocumentId, u32>,
    /// Of those, the ones to try again at the next tick.
    later: BTreeSet<DocumentId>,
}

impl Fetches {
    /// `id` is to be read from the store (again, if a read is under way: it may predate what
    /// the store holds now). One whose read just failed waits for the next tick all the same.
    pub fn want(&mut self, id: DocumentId) {
        if self.later.contains(&id) {
            return;
        }
        self.pending.insert(id);
    }

    /// The read of `id` failed: `true` if it is tried again at the next tick, `false` if it
    /// failed [`MAX_TRIES`] times in a row and is given up.
    pub fn failed(&mut self, id: DocumentId) -> bool {
        let tries = self.failed.entry(id).or_default();
        *tries += 1;
        if *tries >= MAX_TRIES {
            self.failed.remove(&id);
            return false;
        }
        self.later.insert(id);
        true
    }

    /// The read of `id` succeeded: a later failure counts from one again.
    pub fn succeeded(&mut self, id: &DocumentId) {
        self.failed.remove(id);
    }

    /// The tick: reads that failed are wanted again.
    pub fn retry(&mut self) {
        self.pending.append(&mut self.later);
    }

    /// The next document to read now: wanted, not busy (a job's copy is ahead of the store, and
    /// a read under way comes back first), within [`MAX_FETCHING`]. One of a workspace no read
    /// under way is for goes first (`workspace` names a document's): a peer that has its many
    /// big documents wanted (a resume naming them) holds one worker while another workspace's
    /// read waits, not both.
    pub fn next<'w>(
        &mut self,
        busy: &HashSet<DocumentId>,
        workspace: impl Fn(&DocumentId) -> Option<&'w str>,
    ) -> Option<DocumentId> {
        if self.in_flight.len() >= MAX_FETCHING {
            return None;
        }
        let reading: HashSet<Option<&str>> = self.in_flight.iter().map(&workspace).collect();
        let mut ready = self
            .pending
            .iter()
            .filter(|id| !busy.contains(id) && !self.in_flight.contains(id));
        let first = *ready.next()?;
        let id = if reading.contains(&workspace(&first)) {
            ready
                .find(|id| !reading.contains(&workspace(id)))
                .copied()
                .unwrap_or(first)
        } else {
            first
        };
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
    #[cfg(debug_assertions)]
    if let Err(error) = failpoint(&id) {
        return Fetched {
            doc: id,
            read: Err(Failed {
                error,
                held: held.map(Box::new),
            }),
        };
    }
    let read = match held {
        Some(l) => merge_stored(store, id, l),
        None => read_doc(store, damaged, &id, now_ms).map_err(|error| Failed { error, held: None }),
    };
    Fetched { doc: id, read }
}

/// A failpoint for the test that a failed read is not made on the hub (debug builds only): the
/// first read of the document `GENDAN_TEST_FAIL_FETCH` names fails.
#[cfg(debug_assertions)]
fn failpoint(id: &DocumentId) -> io::Result<()> {
    static FAILED: std::sync::Mutex<BTreeSet<DocumentId>> = std::sync::Mutex::new(BTreeSet::new());
    if std::env::var("GENDAN_TEST_FAIL_FETCH").is_ok_and(|v| v == id.to_string())
        && FAILED.lock().unwrap_or_else(|p| p.into_inner()).insert(*id)
    {
        return Err(io::Error::other("test failpoint: a worker's read fails"));
    }
    Ok(())
}

/// `l` with what the store holds merged in. On failure `l` goes back to the hub: whatever of
/// the store's changes a merge failing halfway took is durable, so it is not ahead of the store.
fn merge_stored(store: &dyn Store, id: DocumentId, mut l: LoadedDoc) -> Result<LoadedDoc, Failed> {
    let mut stored = match store.load(&id, false) {
        Ok(Some(stored)) => stored,
        Ok(None) => return Ok(l),
        Err(error) => {
            return Err(Failed {
                error,
                held: Some(Box::new(l)),
            })
        }
    };
    let before = l.doc.get_heads();
    let merged = merge(&mut l.doc, &mut stored.doc);
    if l.doc.get_heads() != before {
        // Measured again, as when it is loaded: what another relay added counts too.
        l.weight = weigh(&l.doc);
    }
    match merged {
        Ok(()) => Ok(l),
        Err(error) => Err(Failed {
            error,
            held: Some(Box::new(l)),
        }),
    }
}

fn merge(doc: &mut Automerge, stored: &mut Automerge) -> io::Result<()> {
    doc.merge(stored)
        .map(drop)
        .map_err(|err| io::Error::other(format!("cannot merge stored changes: {err}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every document in one workspace.
    fn one(_: &DocumentId) -> Option<&'static str> {
        Some("acme")
    }

    #[test]
    fn busy_documents_wait_and_at_most_two_are_read_at_once() {
        let id = |n| DocumentId::from_bytes([n; 16]);
        let mut f = Fetches::default();
        for n in 1..=4 {
            f.want(id(n));
        }
        let busy = HashSet::from([id(1)]);
        assert_eq!(f.next(&busy, one), Some(id(2)));
        assert_eq!(f.next(&busy, one), Some(id(3)));
        assert_eq!(f.next(&busy, one), None, "two at once");
        f.done(&id(2));
        // Wanted again while being read: read again once back.
        f.want(id(3));
        assert_eq!(f.next(&busy, one), Some(id(4)));
        f.done(&id(3));
        f.done(&id(4));
        assert_eq!(f.next(&HashSet::new(), one), Some(id(1)));
        assert_eq!(f.next(&HashSet::new(), one), Some(id(3)));
        assert!(f.is_wanted(&id(3)));
    }

    #[test]
    fn a_failed_read_waits_for_the_tick_and_is_given_up_after_three() {
        let id = DocumentId::from_bytes([9; 16]);
        let none = HashSet::new();
        let mut f = Fetches::default();
        for tries in 1..MAX_TRIES {
            f.want(id);
            assert_eq!(f.next(&none, one), Some(id));
            f.done(&id);
            assert!(f.failed(id), "try {tries} is not the last");
            f.want(id);
            assert_eq!(f.next(&none, one), None, "wanted again before the tick");
            f.retry();
            assert_eq!(f.next(&none, one), Some(id));
            f.done(&id);
        }
        assert!(!f.failed(id), "given up");
        f.retry();
        assert_eq!(f.next(&none, one), None);
        // Wanted afresh later: counted from one again.
        f.want(id);
        assert_eq!(f.next(&none, one), Some(id));
        f.done(&id);
        assert!(f.failed(id));
    }

    /// A workspace with many documents wanted holds one worker while another's read waits: the
    /// other's goes next, though the first's come before it in id order. Alone, a workspace
    /// uses both.
    #[test]
    fn another_workspaces_read_goes_before_a_second_of_one_workspace() {
        let id = |n| DocumentId::from_bytes([n; 16]);
        let of = |d: &DocumentId| Some(if *d == id(9) { "zeta" } else { "acme" });
        let none = HashSet::new();
        let mut f = Fetches::default();
        for n in [1, 2, 3, 9] {
            f.want(id(n));
        }
        assert_eq!(f.next(&none, of), Some(id(1)));
        assert_eq!(
            f.next(&none, of),
            Some(id(9)),
            "zeta's read does not wait behind acme's"
        );
        f.done(&id(9));
        assert_eq!(
            f.next(&none, of),
            Some(id(2)),
            "alone, acme takes the free worker"
        );
        assert_eq!(f.next(&none, of), None);
    }
}
