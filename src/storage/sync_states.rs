//! What this device keeps of its last sync with each relay, so a reconnect costs what changed
//! (`gendan_sync::resume`): per document the heads both sides were last seen to hold, and a
//! fingerprint of the document's stored chunk keys when they were recorded, in the
//! `sync_states` store under a key naming the relay (and token).
//!
//! The fingerprint is what lets a reconnect skip loading a thousand documents: a document
//! whose chunk keys are those it was recorded with holds exactly the recorded heads (chunks
//! are content-addressed and every change is written before sync hears of it), so it starts
//! confirmed without being read. A compaction changes the keys, not the heads: that document
//! then simply syncs. Everything here is a hint; a record that does not decode is dropped and
//! the device syncs in full.

use gendan_domain::sorting::CollectMap;
use std::collections::{BTreeMap, HashMap};

use gendan_sync::{DocumentId, SharedHeads};
use js_sys::Array;
use sha2::{Digest, Sha256};
use wasm_bindgen::JsCast;

use super::{idb, Repo, StoreError};

/// Where the team's links are kept, in the `meta` store.
const LINK_BOOK_KEY: &str = "links:book";

/// What was kept for one relay: the map both sides compare, and the chunk fingerprints of
/// its documents when it was recorded.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Kept {
    pub heads: SharedHeads,
    pub prints: BTreeMap<DocumentId, u64>,
}

impl Kept {
    /// The heads map's encoding, then per document its 16 id bytes and 8 fingerprint bytes.
    pub fn encode(&self) -> Vec<u8> {
        let heads = self.heads.encode();
        let mut out = Vec::with_capacity(4 + heads.len() + self.prints.len() * 24);
        out.extend_from_slice(&(heads.len() as u32).to_be_bytes());
        out.extend_from_slice(&heads);
        for (id, print) in &self.prints {
            out.extend_from_slice(id.as_bytes());
            out.extend_from_slice(&print.to_be_bytes());
        }
        out
    }

    /// `None` for anything [`Kept::encode`] did not write.
    pub fn decode(bytes: &[u8]) -> Option<Kept> {
        let (len, rest) = bytes.split_first_chunk::<4>()?;
        let len = u32::from_be_bytes(*len) as usize;
        if rest.len() < len || !(rest.len() - len).is_multiple_of(24) {
            return None;
        }
        let (heads, prints) = rest.split_at(len);
        let heads = SharedHeads::decode(heads).ok()?;
        let prints = prints
            .chunks_exact(24)
            .filter_map(|c| {
                let (id, print) = c.split_first_chunk::<16>()?;
                let print = u64::from_be_bytes(print.try_into().ok()?);
                Some((DocumentId::from_bytes(*id), print))
            })
            .collect_map();
        Some(Kept { heads, prints })
    }
}

/// The store key for a relay: a hash of its socket address with the token, so a new token
/// or another relay starts afresh and no secret is written in clear.
pub(crate) fn relay_key(socket_url: &str) -> String {
    hex::encode(&Sha256::digest(socket_url.as_bytes())[..16])
}

impl Repo {
    /// What was kept for `relay` ([`relay_key`]); empty when nothing was, or when the record
    /// is damaged (then the next session syncs everything and records afresh).
    pub async fn kept_sync(&self, relay: &str) -> Kept {
        let read = async {
            let t = idb::transaction(&self.db, &[idb::SYNC_STATES], false)?;
            let value = idb::get(&idb::store(&t, idb::SYNC_STATES)?, &relay.into()).await?;
            if value.is_undefined() {
                return Ok(None);
            }
            idb::to_bytes(&value).map(Some)
        };
        match read.await {
            Ok(Some(bytes)) => Kept::decode(&bytes).unwrap_or_else(|| {
                crate::platform::warn("the kept sync state is damaged: syncing everything");
                Kept::default()
            }),
            Ok(None) => Kept::default(),
            Err(e) => {
                crate::platform::warn(&format!("cannot read the kept sync state: {e}"));
                Kept::default()
            }
        }
    }

    /// Keeps `kept` for `relay`, replacing what was kept.
    pub async fn keep_sync(&self, relay: &str, kept: &Kept) -> Result<(), StoreError> {
        let t = idb::transaction(&self.db, &[idb::SYNC_STATES], true)?;
        idb::put(
            &idb::store(&t, idb::SYNC_STATES)?,
            &relay.into(),
            &idb::bytes(&kept.encode()),
        )?;
        idb::committed(&t).await
    }

    /// The team's links as the relay last listed them (`sync::link_proof::LinkBook`, as
    /// text), "" when none was kept. A read that fails is an empty book: nothing is vouched for.
    pub async fn link_book(&self) -> String {
        let read = async {
            let t = idb::transaction(&self.db, &[idb::META], false)?;
            idb::get(&idb::store(&t, idb::META)?, &LINK_BOOK_KEY.into()).await
        };
        read.await
            .ok()
            .and_then(|v| v.as_string())
            .unwrap_or_default()
    }

    /// Keeps `book` as the team's links, replacing the last.
    pub async fn keep_link_book(&self, book: &str) -> Result<(), StoreError> {
        let t = idb::transaction(&self.db, &[idb::META], true)?;
        idb::put(
            &idb::store(&t, idb::META)?,
            &LINK_BOOK_KEY.into(),
            &book.into(),
        )?;
        idb::committed(&t).await
    }

    /// Per stored document, a fingerprint of its chunk keys (one read of every key, no
    /// values).
    pub async fn chunk_prints(&self) -> Result<HashMap<DocumentId, u64>, StoreError> {
        let t = idb::transaction(&self.db, &[idb::CHUNKS], false)?;
        let keys = idb::get_all_keys(&idb::store(&t, idb::CHUNKS)?).await?;
        Ok(prints_of(&keys))
    }
}

/// Keys come as `[docId, kind, hash]` in key order, so each document's are together.
fn prints_of(keys: &Array) -> HashMap<DocumentId, u64> {
    let mut hashers: HashMap<DocumentId, Sha256> = HashMap::new();
    for key in keys.iter() {
        let Some(parts) = key.dyn_ref::<Array>() else {
            continue;
        };
        let text = |i: u32| parts.get(i).as_string().unwrap_or_default();
        let Ok(doc) = text(0).parse::<DocumentId>() else {
            continue;
        };
        let h = hashers.entry(doc).or_default();
        h.update(text(1).as_bytes());
        h.update(b"/");
        h.update(text(2).as_bytes());
        h.update(b"\n");
    }
    hashers
        .into_iter()
        .map(|(doc, h)| {
            let hash = h.finalize();
            let mut first = [0u8; 8];
            first.copy_from_slice(&hash[..8]);
            (doc, u64::from_be_bytes(first))
        })
        .collect()
}
