//! The bundle: many documents in one checksummed file, carried between devices when nothing
//! else connects (a file) and served by the relay to a device catching up (one HTTP answer
//! instead of a sync exchange per document). Shared here so both ends read one format.
//!
//! Layout (version 1), all in one file:
//! ```text
//! GENDAN-BUNDLE\n                      14-byte magic
//! {"format":"gendan-bundle",...}\n     one line of JSON: version, creation time, device and, per
//!                                      document, its id, kind, byte length and SHA-256
//! <document bytes, concatenated>       each an Automerge `save()`, in header order
//! <64 hex chars>                       SHA-256 of everything before it
//! ```
//! The trailing checksum catches truncation and corruption of the whole; per-document hashes name
//! the damaged document. Importing merges and never replaces, so a stale bundle cannot undo work.

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use thiserror::Error;

const MAGIC: &[u8] = b"GENDAN-BUNDLE\n";
pub const FORMAT: &str = "gendan-bundle";
pub const VERSION: u32 = 1;
/// Bundles larger than this are refused before parsing: a phone should not try to hold them.
pub const MAX_BUNDLE_BYTES: usize = 256 * 1024 * 1024;

/// What a document in a bundle is, so the importer knows where it belongs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    Workspace,
    Order,
    Commercial,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entry {
    pub id: String,
    /// `None` from the relay, which holds no business logic: the device that asked for the
    /// documents knows what each one is.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<Kind>,
    pub bytes: usize,
    pub sha256: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Header {
    pub format: String,
    pub version: u32,
    pub created_ms: i64,
    pub device: String,
    pub documents: Vec<Entry>,
}

#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum BundleError {
    #[error("this is not a Gendan bundle file")]
    NotABundle,
    #[error("this bundle was made by a newer version of Gendan (format {0}); update the app to import it")]
    TooNew(u32),
    #[error("the bundle file is incomplete (it was cut off after {0} bytes)")]
    Truncated(usize),
    #[error("the bundle file is damaged: its checksum does not match")]
    Checksum,
    #[error("the bundle's document {0} is damaged")]
    Document(String),
    #[error("the bundle's header is unreadable: {0}")]
    Header(String),
    #[error("the bundle is too large ({0} bytes)")]
    TooLarge(usize),
}

fn sha_hex(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

/// Writes a bundle of `(id, kind, bytes)` documents.
pub fn encode(created_ms: i64, device: &str, docs: &[(String, Option<Kind>, Vec<u8>)]) -> Vec<u8> {
    let header = Header {
        format: FORMAT.into(),
        version: VERSION,
        created_ms,
        device: device.into(),
        documents: docs
            .iter()
            .map(|(id, kind, b)| Entry {
                id: id.clone(),
                kind: *kind,
                bytes: b.len(),
                sha256: sha_hex(b),
            })
            .collect(),
    };
    let mut out = MAGIC.to_vec();
    // Serializing plain strings and numbers cannot fail.
    out.extend(serde_json::to_vec(&header).unwrap_or_default());
    out.push(b'\n');
    for (_, _, b) in docs {
        out.extend_from_slice(b);
    }
    let sum = sha_hex(&out);
    out.extend(sum.as_bytes());
    out
}

/// A verified bundle: its header and each document's entry with its bytes.
pub type Decoded = (Header, Vec<(Entry, Vec<u8>)>);

/// Reads and verifies a bundle. Nothing is returned unless the whole file checks out.
pub fn decode(file: &[u8]) -> Result<Decoded, BundleError> {
    if file.len() > MAX_BUNDLE_BYTES {
        return Err(BundleError::TooLarge(file.len()));
    }
    if !file.starts_with(MAGIC) {
        // A prefix of the magic is a file cut off almost at once.
        return Err(if MAGIC.starts_with(file) && !file.is_empty() {
            BundleError::Truncated(file.len())
        } else {
            BundleError::NotABundle
        });
    }
    let rest = &file[MAGIC.len()..];
    let line_end = rest
        .iter()
        .position(|&b| b == b'\n')
        .ok_or(BundleError::Truncated(file.len()))?;
    let header: Header = serde_json::from_slice(&rest[..line_end])
        .map_err(|e| BundleError::Header(e.to_string()))?;
    if header.format != FORMAT {
        return Err(BundleError::NotABundle);
    }
    if header.version > VERSION {
        return Err(BundleError::TooNew(header.version));
    }
    let body_start = MAGIC.len() + line_end + 1;
    let body_len = header
        .documents
        .iter()
        .try_fold(0usize, |acc, e| acc.checked_add(e.bytes))
        .ok_or_else(|| BundleError::Header("document sizes overflow".into()))?;
    let expected = body_start
        .checked_add(body_len)
        .and_then(|n| n.checked_add(64))
        .ok_or_else(|| BundleError::Header("document sizes overflow".into()))?;
    if file.len() < expected {
        return Err(BundleError::Truncated(file.len()));
    }
    if file.len() > expected {
        return Err(BundleError::Checksum);
    }
    let (signed, sum) = file.split_at(expected - 64);
    if sha_hex(signed).as_bytes() != sum {
        return Err(BundleError::Checksum);
    }
    let mut docs = Vec::with_capacity(header.documents.len());
    let mut at = body_start;
    for e in &header.documents {
        let bytes = file[at..at + e.bytes].to_vec();
        if sha_hex(&bytes) != e.sha256 {
            return Err(BundleError::Document(e.id.clone()));
        }
        at += e.bytes;
        docs.push((e.clone(), bytes));
    }
    Ok((header, docs))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Vec<u8> {
        encode(
            1_700_000_000_000,
            "dev-1",
            &[
                (
                    "ws1".into(),
                    Some(Kind::Workspace),
                    b"workspace bytes".to_vec(),
                ),
                ("o1".into(), Some(Kind::Order), vec![1, 2, 3, 0, 255]),
                ("o2".into(), None, Vec::new()),
            ],
        )
    }

    #[test]
    fn round_trips() {
        let (h, docs) = decode(&sample()).unwrap();
        assert_eq!(h.version, VERSION);
        assert_eq!(h.device, "dev-1");
        assert_eq!(docs.len(), 3);
        assert_eq!(docs[1].0.id, "o1");
        assert_eq!(docs[1].1, vec![1, 2, 3, 0, 255]);
        assert_eq!(docs[0].0.kind, Some(Kind::Workspace));
        assert_eq!(docs[2].0.kind, None);
    }

    #[test]
    fn every_truncation_is_refused() {
        let file = sample();
        for len in 0..file.len() {
            let err = decode(&file[..len]).unwrap_err();
            assert!(
                matches!(
                    err,
                    BundleError::Truncated(_)
                        | BundleError::NotABundle
                        | BundleError::Header(_)
                        | BundleError::Checksum
                ),
                "cut at {len}: {err:?}"
            );
        }
    }

    #[test]
    fn every_flipped_byte_is_refused() {
        let file = sample();
        for i in 0..file.len() {
            let mut bad = file.clone();
            bad[i] ^= 0x20;
            assert!(decode(&bad).is_err(), "flip at {i} went unnoticed");
        }
    }

    #[test]
    fn foreign_and_newer_files_are_refused_clearly() {
        assert_eq!(
            decode(b"PK\x03\x04 a zip file"),
            Err(BundleError::NotABundle)
        );
        assert_eq!(decode(b""), Err(BundleError::NotABundle));
        let mut newer = sample();
        let text = String::from_utf8_lossy(&newer).replace("\"version\":1", "\"version\":9");
        newer = text.into_bytes();
        assert_eq!(decode(&newer), Err(BundleError::TooNew(9)));
    }

    #[test]
    fn extra_bytes_are_refused() {
        let mut file = sample();
        file.push(b'x');
        assert_eq!(decode(&file), Err(BundleError::Checksum));
    }
}
