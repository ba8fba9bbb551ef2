//! What one side keeps of its last sync with one remote, so a reconnect costs what changed:
//! per document the heads both sides were last seen to hold ([`SharedHeads`], the part of an
//! `automerge::sync::State` that its `encode()` keeps, as automerge-repo's `sync-state`
//! storage does), its compact encoding, and the digest both sides compare at the handshake.
//!
//! The resume handshake (both sides Gendan; a stock automerge-repo peer never offers it and
//! never sees it):
//! - the connecting side puts the digest of the map it kept for this relay in its `join`
//!   metadata ([`crate::PeerMetadata::resume`]);
//! - the accepting side answers [`ACCEPTED`] in its `peer` metadata only when the map it kept
//!   for that peer (by token and storage id) has the same digest. Then both start from that
//!   map: each side sends a sync message only for documents whose heads differ from it, so a
//!   reconnect with nothing changed sends nothing but the handshake. Documents new on the
//!   relay reach the device through the workspace document, which lists them and changed.
//! - anything else (no map, another digest, a map that does not decode, a stock peer) is a
//!   full sync from fresh states, as without this module: a kept map is only a hint and can
//!   cost a full exchange, never a lost or stalled change.
//!
//! Both sides record a document's heads when the connection sees it synced (the remote's
//! heads equal ours), starting from the kept map when it was accepted, else from nothing.

use std::collections::BTreeMap;

use automerge::ChangeHash;
use sha2::{Digest, Sha256};

use crate::connection::{Connection, ProtocolError};
use crate::ids::DocumentId;
use crate::message::PeerMetadata;

/// The `peer` metadata's answer when the offered digest matches the acceptor's kept map.
pub const ACCEPTED: &str = "accepted";

/// Bound on the documents one kept map holds (as [`crate::connection::DEFAULT_MAX_DOCUMENTS`]).
pub const MAX_DOCUMENTS: usize = crate::connection::DEFAULT_MAX_DOCUMENTS;
/// Heads kept per document: more concurrent heads than this are dropped from the map (the
/// document then syncs in full on the next connection).
pub const MAX_HEADS: usize = 16;

const MAGIC: &[u8; 4] = b"GSH1";

/// Why a kept map could not be read: the caller starts from nothing.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
#[non_exhaustive]
pub enum ResumeError {
    #[error("not a kept sync map (bad header)")]
    BadHeader,
    #[error("kept sync map is truncated")]
    Truncated,
    #[error("kept sync map is too large")]
    TooLarge,
    #[error("kept sync map has trailing bytes")]
    Trailing,
}

/// Per document, the heads both sides were last seen to hold. See the module documentation.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SharedHeads(BTreeMap<DocumentId, Vec<ChangeHash>>);

impl SharedHeads {
    pub fn new() -> Self {
        SharedHeads::default()
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn get(&self, id: &DocumentId) -> Option<&[ChangeHash]> {
        self.0.get(id).map(Vec::as_slice)
    }

    pub fn iter(&self) -> impl Iterator<Item = (&DocumentId, &[ChangeHash])> {
        self.0.iter().map(|(id, h)| (id, h.as_slice()))
    }

    /// Records `heads` for `id` (sorted, so both sides encode alike). Empty heads, more than
    /// [`MAX_HEADS`], or a new document beyond [`MAX_DOCUMENTS`] remove or skip the entry.
    pub fn set(&mut self, id: DocumentId, heads: &[ChangeHash]) {
        if heads.is_empty() || heads.len() > MAX_HEADS {
            self.0.remove(&id);
            return;
        }
        if !self.0.contains_key(&id) && self.0.len() >= MAX_DOCUMENTS {
            return;
        }
        let mut heads = heads.to_vec();
        heads.sort();
        heads.dedup();
        self.0.insert(id, heads);
    }

    pub fn remove(&mut self, id: &DocumentId) {
        self.0.remove(id);
    }

    /// `GSH1`, a u32 count, then per document its 16 id bytes, a head count byte and the
    /// 32-byte heads, in id order.
    pub fn encode(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(8 + self.0.len() * 49);
        out.extend_from_slice(MAGIC);
        out.extend_from_slice(&(self.0.len() as u32).to_be_bytes());
        for (id, heads) in &self.0 {
            out.extend_from_slice(id.as_bytes());
            out.push(heads.len() as u8);
            for h in heads {
                out.extend_from_slice(h.as_ref());
            }
        }
        out
    }

    /// Reads [`SharedHeads::encode`]'s bytes; anything else is an error (start from nothing).
    pub fn decode(bytes: &[u8]) -> Result<Self, ResumeError> {
        let rest = bytes.strip_prefix(MAGIC).ok_or(ResumeError::BadHeader)?;
        let (count, mut rest) = take::<4>(rest)?;
        let count = u32::from_be_bytes(count) as usize;
        if count > MAX_DOCUMENTS {
            return Err(ResumeError::TooLarge);
        }
        let mut map = BTreeMap::new();
        for _ in 0..count {
            let (id, r) = take::<16>(rest)?;
            let (n, r) = take::<1>(r)?;
            let n = usize::from(n[0]);
            if n == 0 || n > MAX_HEADS {
                return Err(ResumeError::TooLarge);
            }
            rest = r;
            let mut heads = Vec::with_capacity(n);
            for _ in 0..n {
                let (h, r) = take::<32>(rest)?;
                heads.push(ChangeHash(h));
                rest = r;
            }
            heads.sort();
            map.insert(DocumentId::from_bytes(id), heads);
        }
        if !rest.is_empty() {
            return Err(ResumeError::Trailing);
        }
        Ok(SharedHeads(map))
    }

    /// What both sides compare at the handshake: the document count and a SHA-256 of the
    /// encoding, in hex (equal maps, equal digests; a collision is 2^-128 unlikely).
    pub fn digest(&self) -> String {
        let hash = Sha256::digest(self.encode());
        format!("{}-{}", self.0.len(), hex::encode(&hash[..16]))
    }
}

/// Whether the acceptor's `peer` metadata accepted the offered map.
pub fn accepted(remote: &PeerMetadata) -> bool {
    remote.resume.as_deref() == Some(ACCEPTED)
}

/// The connecting side's part once `peer` answered. With `kept` accepted, each document whose
/// heads (`docs`: id and our current heads) still equal the kept ones starts confirmed and
/// costs nothing; the others are returned, to sync as usual ([`Connection::sync_doc`]).
/// Without an accepted map every document is returned: a full exchange from fresh states.
pub fn resume_docs(
    conn: &mut Connection,
    kept: Option<&SharedHeads>,
    docs: impl IntoIterator<Item = (DocumentId, Vec<ChangeHash>)>,
) -> Result<Vec<DocumentId>, ProtocolError> {
    let mut to_sync = Vec::new();
    for (id, mut heads) in docs {
        heads.sort();
        match kept.and_then(|k| k.get(&id)) {
            Some(shared) if !heads.is_empty() && shared == heads.as_slice() => {
                conn.resume_doc(&id, shared, true)?;
            }
            _ => to_sync.push(id),
        }
    }
    Ok(to_sync)
}

/// Updates `map` with every document of `docs` (id and our current heads) the connection
/// saw synced: what to keep for the next resume.
pub fn record_synced(
    conn: &Connection,
    map: &mut SharedHeads,
    docs: impl IntoIterator<Item = (DocumentId, Vec<ChangeHash>)>,
) {
    for (id, heads) in docs {
        if !heads.is_empty() && conn.is_synced(&id, &heads) {
            map.set(id, &heads);
        }
    }
}

fn take<const N: usize>(bytes: &[u8]) -> Result<([u8; N], &[u8]), ResumeError> {
    if bytes.len() < N {
        return Err(ResumeError::Truncated);
    }
    let (head, rest) = bytes.split_at(N);
    let mut out = [0u8; N];
    out.copy_from_slice(head);
    Ok((out, rest))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn id(n: u8) -> DocumentId {
        DocumentId::from_bytes([n; 16])
    }

    #[test]
    fn round_trips_and_digests_ignore_head_order() {
        let mut a = SharedHeads::new();
        a.set(id(1), &[ChangeHash([2; 32]), ChangeHash([1; 32])]);
        a.set(id(2), &[ChangeHash([3; 32])]);
        let mut b = SharedHeads::new();
        b.set(id(2), &[ChangeHash([3; 32])]);
        b.set(id(1), &[ChangeHash([1; 32]), ChangeHash([2; 32])]);
        assert_eq!(a.digest(), b.digest());
        assert_eq!(SharedHeads::decode(&a.encode()), Ok(a.clone()));
        b.set(id(2), &[ChangeHash([4; 32])]);
        assert_ne!(a.digest(), b.digest());
    }

    #[test]
    fn damaged_bytes_are_refused_not_trusted() {
        let mut a = SharedHeads::new();
        a.set(id(1), &[ChangeHash([2; 32])]);
        let bytes = a.encode();
        assert_eq!(
            SharedHeads::decode(&bytes[..bytes.len() - 1]),
            Err(ResumeError::Truncated)
        );
        assert_eq!(SharedHeads::decode(b"junk"), Err(ResumeError::BadHeader));
        let mut long = bytes.clone();
        long.push(0);
        assert_eq!(SharedHeads::decode(&long), Err(ResumeError::Trailing));
        let mut huge = MAGIC.to_vec();
        huge.extend_from_slice(&u32::MAX.to_be_bytes());
        assert_eq!(SharedHeads::decode(&huge), Err(ResumeError::TooLarge));
    }

    #[test]
    fn empty_or_too_many_heads_leave_the_document_out() {
        let mut a = SharedHeads::new();
        a.set(id(1), &[ChangeHash([2; 32])]);
        a.set(id(1), &[]);
        assert!(a.is_empty());
        let many: Vec<ChangeHash> = (0..=MAX_HEADS as u8).map(|n| ChangeHash([n; 32])).collect();
        a.set(id(2), &many);
        assert!(a.is_empty());
    }

    use crate::memory::MemoryStore;
    use crate::testing::doc_with;

    /// Moves frames both ways until both sides are quiet.
    fn pump(a: &mut Connection, sa: &mut MemoryStore, b: &mut Connection, sb: &mut MemoryStore) {
        for _ in 0..20 {
            let (to_b, to_a) = (a.take_outgoing_bytes(), b.take_outgoing_bytes());
            if to_b.is_empty() && to_a.is_empty() {
                return;
            }
            for f in to_b {
                b.receive_bytes(&f, sb, 0).expect("b receives");
            }
            for f in to_a {
                a.receive_bytes(&f, sa, 0).expect("a receives");
            }
        }
        panic!("no convergence");
    }

    #[test]
    fn a_confirmed_document_costs_nothing_and_a_wrong_hint_still_converges() {
        let mut sa = MemoryStore::new();
        sa.insert(id(1), doc_with("k", "v"));
        sa.insert(id(2), doc_with("k", "w"));
        let mut sb = MemoryStore::new();
        let mut a = Connection::initiator("a".into(), PeerMetadata::default(), 0);
        let mut b = Connection::acceptor("b".into(), PeerMetadata::default(), 0);
        pump(&mut a, &mut sa, &mut b, &mut sb);
        let mut kept = SharedHeads::new();
        for n in [1, 2] {
            kept.set(id(n), &sa.doc(&id(n)).expect("doc").get_heads());
        }
        let docs: Vec<_> = [1, 2]
            .map(|n| (id(n), sa.doc(&id(n)).expect("doc").get_heads()))
            .into();
        // `a` believes `b` holds both (a stale map: `b` holds nothing): nothing is sent.
        assert!(resume_docs(&mut a, Some(&kept), docs.clone())
            .expect("resume")
            .is_empty());
        assert!(!a.has_outgoing());
        assert!(a.is_synced(&id(1), &docs[0].1));
        // As soon as `b` speaks about a document, what it lacks reaches it.
        b.sync_doc(&id(1), &mut sb).expect("sync");
        pump(&mut a, &mut sa, &mut b, &mut sb);
        assert_eq!(
            sb.doc(&id(1)).map(|d| d.get_heads()),
            Some(docs[0].1.clone())
        );
        // Without an accepted map every document syncs.
        let mut c = Connection::initiator("c".into(), PeerMetadata::default(), 0);
        assert_eq!(resume_docs(&mut c, None, docs).expect("resume").len(), 2);
        let mut recorded = SharedHeads::new();
        record_synced(
            &a,
            &mut recorded,
            [(id(1), sa.doc(&id(1)).expect("d").get_heads())],
        );
        assert_eq!(recorded.get(&id(1)), kept.get(&id(1)));
    }
}
