//! Putting back a document that a change broke. Whoever shares a document may write into it, and
//! the relay lets any automerge-repo peer in: one change that leaves a record without a field it
//! needs, or a value of the wrong kind, makes the document unreadable on every device it reaches.
//! Nothing is lost — every change stays in the history — but nobody can work on the order. Here
//! the document is read as it last read ([`restore_point`]) and, when a person says so, written
//! back as it was on top of everything ([`restore`]): one new change that every device receives,
//! which undoes the changes after that point and keeps them in the history.
//!
//! The point is the longest run of the document's changes, in the order Automerge applies them,
//! that still reads: found by halving, so an order with hundreds of changes is read a handful of
//! times, not once per change. What a restore would undo is named (who and when) before anyone
//! agrees to it.

use automerge::{AutoCommit, ChangeHash};

use crate::document::{self, author_of, Author, DocError, Root};

/// One change a restore would undo: who made it, on which device, and when.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Undone {
    pub author: Author,
    pub at_ms: i64,
}

/// Where a document that no longer reads last did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RestorePoint {
    /// The heads of the longest run of changes that reads.
    pub heads: Vec<ChangeHash>,
    /// When the last change of that run was made.
    pub at_ms: i64,
    /// The changes after it, in the order they apply: what a restore undoes.
    pub undone: Vec<Undone>,
}

/// The heads of the first `n` changes of `changes` (hash, dependencies), which are in an order
/// where every change comes after those it depends on.
fn prefix_heads(changes: &[(ChangeHash, Vec<ChangeHash>)], n: usize) -> Vec<ChangeHash> {
    let prefix = &changes[..n.min(changes.len())];
    let depended: std::collections::BTreeSet<ChangeHash> = prefix
        .iter()
        .flat_map(|(_, deps)| deps.iter().copied())
        .collect();
    prefix
        .iter()
        .map(|(h, _)| *h)
        .filter(|h| !depended.contains(h))
        .collect()
}

/// Where `doc` last read as a `T`, when it does not now; `None` when it reads, or when not even
/// its first change does (there is then nothing to put back).
pub fn restore_point<T: Root>(doc: &mut AutoCommit) -> Option<RestorePoint> {
    if document::read::<T>(doc).is_ok() {
        return None;
    }
    let all = doc.get_changes(&[]);
    let changes: Vec<(ChangeHash, Vec<ChangeHash>)> =
        all.iter().map(|c| (c.hash(), c.deps().to_vec())).collect();
    let meta: Vec<(i64, String)> = all
        .iter()
        .map(|c| (c.timestamp(), c.message().unwrap_or_default().to_string()))
        .collect();
    let mut reads =
        |n: usize| crate::activity::read_at::<T>(doc, &prefix_heads(&changes, n)).is_some();
    if changes.is_empty() || !reads(1) {
        return None;
    }
    // The first change reads and all of them do not: halve between a run that reads and one
    // that does not until they are one change apart.
    let (mut good, mut bad) = (1, changes.len());
    while bad - good > 1 {
        let mid = good + (bad - good) / 2;
        if reads(mid) {
            good = mid;
        } else {
            bad = mid;
        }
    }
    Some(RestorePoint {
        heads: prefix_heads(&changes, good),
        at_ms: meta[good - 1].0,
        undone: meta[good..]
            .iter()
            .map(|(at_ms, message)| Undone {
                author: author_of(message),
                at_ms: *at_ms,
            })
            .collect(),
    })
}

/// Writes `doc` back as it was at `heads`, as one new change by `author`: the changes after
/// stay in the history, undone. Refused (the document untouched) when it does not read at
/// `heads`, or would still not read after.
pub fn restore<T: Root>(
    doc: &mut AutoCommit,
    author: &Author,
    now_ms: i64,
    heads: &[ChangeHash],
) -> Result<T, DocError> {
    let value: T = crate::activity::read_at::<T>(doc, heads).ok_or_else(|| {
        DocError::Shape(T::KIND, "nothing readable to put back at that point".into())
    })?;
    if let Err(e) = autosurgeon::reconcile(doc, &value) {
        doc.rollback();
        return Err(DocError::Reconcile(e.to_string()));
    }
    if let Err(e) = document::read::<T>(doc) {
        doc.rollback();
        return Err(e);
    }
    doc.commit_with(
        automerge::transaction::CommitOptions::default()
            .with_message(format!("{}\u{1f}{}", author.name, author.device))
            .with_time(now_ms),
    );
    Ok(value)
}
