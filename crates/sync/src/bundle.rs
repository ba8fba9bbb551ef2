//! The bundle: many documents in one checksummed file, carried between devices when nothing
//! else connects (a file) and served by the relay to a device catching up (one HTTP answer
//! instead of a sync exchange per document). Shared here so both ends read one format.
//!
//! Layout, all in one file:
//! ```text
//! GENDAN-BUNDLE\n                      14-byte magic
//! {"format":"gendan-bundle",...}\n     one line of JSON: version, creation time, device and, per
//!                                      document, its id, kind, byte length and SHA-256 (version
//!                                      2 adds `blobs`: each blob's SHA-256 and byte length)
//! <document bytes, concatenated>       each an Automerge `save()`, in header order
//! <64 hex chars>                       SHA-256 of everything before it
//! version 2 only, when `blobs` is not empty:
//! <blob bytes, concatenated>           photos and files, in header order
//! <64 hex chars>                       SHA-256 of the blob bytes
//! ```
//! The first checksum catches truncation and corruption of the documents and the header; per-
//! document hashes name the damaged document. Blobs come after it so that a damaged or cut-off
//! blob section never costs the documents: each blob is named by its own hash (covered by the
//! header's checksum), so the sound ones are kept and the damaged ones named. A file without
//! blobs is written as version 1, so an older app still reads it; an older app refuses a
//! version 2 file as "made by a newer version". Importing merges and never replaces, so a stale
//! bundle cannot undo work.

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use thiserror::Error;

const MAGIC: &[u8] = b"GENDAN-BUNDLE\n";
pub const FORMAT: &str = "gendan-bundle";
/// The newest format this build reads and writes (2: blobs after the documents).
pub const VERSION: u32 = 2;
/// What a bundle without blobs is written as, so older apps still import it.
const VERSION_WITHOUT_BLOBS: u32 = 1;
/// Bundles larger than this are refused before parsing: a phone should not try to hold them.
pub const MAX_BUNDLE_BYTES: usize = 256 * 1024 * 1024;
/// The largest blob a bundle (or a nearby device) may carry: the relay's own limit for one blob
/// and the largest file an order keeps (`gendan_domain::attachments::MAX_FILE_BYTES`; the client
/// checks they agree).
pub const MAX_BLOB_BYTES: usize = 20 * 1024 * 1024;

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

/// A blob carried after the documents (version 2): named by the SHA-256 of its bytes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BlobEntry {
    pub sha256: String,
    pub bytes: usize,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Header {
    pub format: String,
    pub version: u32,
    pub created_ms: i64,
    pub device: String,
    pub documents: Vec<Entry>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub blobs: Vec<BlobEntry>,
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
    #[error("the bundle's file {0} is larger than {MAX_BLOB_BYTES} bytes")]
    BlobTooLarge(String),
}

fn sha_hex(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

/// Writes a bundle of `(id, kind, bytes)` documents.
pub fn encode(created_ms: i64, device: &str, docs: &[(String, Option<Kind>, Vec<u8>)]) -> Vec<u8> {
    encode_with_blobs(created_ms, device, docs, &[])
}

/// Writes a bundle of documents and the blobs they reference (each named by its bytes' hash,
/// computed here). Without blobs this is a version 1 file, byte for byte.
pub fn encode_with_blobs(
    created_ms: i64,
    device: &str,
    docs: &[(String, Option<Kind>, Vec<u8>)],
    blobs: &[Vec<u8>],
) -> Vec<u8> {
    let header = Header {
        format: FORMAT.into(),
        version: if blobs.is_empty() {
            VERSION_WITHOUT_BLOBS
        } else {
            VERSION
        },
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
        blobs: blobs
            .iter()
            .map(|b| BlobEntry {
                sha256: sha_hex(b),
                bytes: b.len(),
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
    if !blobs.is_empty() {
        let mut hasher = Sha256::new();
        for b in blobs {
            hasher.update(b);
            out.extend_from_slice(b);
        }
        out.extend(hex::encode(hasher.finalize()).as_bytes());
    }
    out
}

/// A verified bundle: its header and each document's entry with its bytes.
pub type Decoded = (Header, Vec<(Entry, Vec<u8>)>);

/// A verified bundle with its blob section.
pub type DecodedAll = (Header, Vec<(Entry, Vec<u8>)>, Blobs);

/// A bundle's blob section, read after its documents checked out.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Blobs {
    /// Blobs whose bytes hash to their names: `(sha256, bytes)`, in header order.
    pub sound: Vec<(String, Vec<u8>)>,
    /// Blobs damaged or cut off in the file, by name: left out, the rest are kept.
    pub damaged: Vec<String>,
}

/// Reads and verifies a bundle's documents. Nothing is returned unless the header and every
/// document check out; the blob section (version 2) is read by [`decode_blobs`].
pub fn decode(file: &[u8]) -> Result<Decoded, BundleError> {
    decode_all(file).map(|(h, docs, _)| (h, docs))
}

/// Reads and verifies a bundle: its documents as [`decode`] does, and its blobs, each checked
/// against its name. A damaged or cut-off blob section refuses nothing but the blobs it spoils.
pub fn decode_all(file: &[u8]) -> Result<DecodedAll, BundleError> {
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
    if file.len() > expected && header.blobs.is_empty() {
        return Err(BundleError::Checksum);
    }
    let (signed, sum) = file[..expected].split_at(expected - 64);
    if sha_hex(signed).as_bytes() != sum {
        return Err(BundleError::Checksum);
    }
    if header.version < VERSION && !header.blobs.is_empty() {
        return Err(BundleError::Header("a version 1 bundle lists files".into()));
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
    let blobs = decode_blobs(&header, &file[expected..])?;
    Ok((header, docs, blobs))
}

/// The blob section after the documents' checksum: each blob is kept when its bytes hash to
/// its name (the names are covered by the header's checksum), else named as damaged.
fn decode_blobs(header: &Header, section: &[u8]) -> Result<Blobs, BundleError> {
    let mut out = Blobs::default();
    let mut at = 0usize;
    for b in &header.blobs {
        if b.bytes > MAX_BLOB_BYTES {
            return Err(BundleError::BlobTooLarge(b.sha256.clone()));
        }
        let end = at.saturating_add(b.bytes);
        match section.get(at..end) {
            Some(bytes) if sha_hex(bytes).eq_ignore_ascii_case(&b.sha256) => out
                .sound
                .push((b.sha256.to_ascii_lowercase(), bytes.to_vec())),
            _ => out.damaged.push(b.sha256.clone()),
        }
        at = end;
    }
    // Bytes beyond the section and its checksum are not ours: the section is not what was
    // written, so nothing in it is trusted beyond each blob's own hash (checked above).
    if section.len() > at.saturating_add(64) && out.damaged.is_empty() {
        return Err(BundleError::Checksum);
    }
    Ok(out)
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
        assert_eq!(h.version, VERSION_WITHOUT_BLOBS);
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

    fn with_blobs() -> (Vec<u8>, Vec<Vec<u8>>) {
        let blobs = vec![vec![7u8; 3000], b"second photo".to_vec(), vec![0u8; 1]];
        let file = encode_with_blobs(
            1,
            "dev-2",
            &[("o1".into(), Some(Kind::Order), vec![1, 2, 3])],
            &blobs,
        );
        (file, blobs)
    }

    #[test]
    fn a_bundle_without_blobs_stays_version_one_and_old_files_still_read() {
        let file = sample();
        assert!(String::from_utf8_lossy(&file).contains("\"version\":1"));
        assert!(!String::from_utf8_lossy(&file).contains("blobs"));
        let (h, docs, blobs) = decode_all(&file).unwrap();
        assert_eq!((h.version, docs.len()), (1, 3));
        assert_eq!(blobs, Blobs::default());
    }

    #[test]
    fn blobs_round_trip_after_the_documents() {
        let (file, blobs) = with_blobs();
        let (h, docs, got) = decode_all(&file).unwrap();
        assert_eq!(h.version, 2);
        assert_eq!(docs[0].1, vec![1, 2, 3]);
        assert!(got.damaged.is_empty());
        assert_eq!(
            got.sound.iter().map(|(_, b)| b.clone()).collect::<Vec<_>>(),
            blobs
        );
        for (name, bytes) in &got.sound {
            assert_eq!(name, &sha_hex(bytes));
        }
        // `decode` (the relay's catch-up reader) sees the same documents.
        assert_eq!(decode(&file).unwrap().1, docs);
    }

    #[test]
    fn a_damaged_blob_section_costs_only_the_blobs_it_spoils() {
        let (file, blobs) = with_blobs();
        let section = file.len() - 64 - blobs.iter().map(Vec::len).sum::<usize>();
        // A flipped byte inside the first blob: that blob is named, the others kept.
        let mut bad = file.clone();
        bad[section + 10] ^= 0x01;
        let (_, docs, got) = decode_all(&bad).unwrap();
        assert_eq!(docs.len(), 1);
        assert_eq!(got.damaged, vec![sha_hex(&blobs[0])]);
        assert_eq!(got.sound.len(), 2);
        // Cut off inside the second blob: the first is kept, the rest named.
        let cut = &file[..section + blobs[0].len() + 4];
        let (_, docs, got) = decode_all(cut).unwrap();
        assert_eq!(docs.len(), 1);
        assert_eq!(got.sound.len(), 1);
        assert_eq!(got.damaged, vec![sha_hex(&blobs[1]), sha_hex(&blobs[2])]);
        // Every cut within the blob section keeps the documents.
        for len in section..file.len() {
            let (_, docs, got) = decode_all(&file[..len]).unwrap();
            assert_eq!(docs.len(), 1, "cut at {len}");
            assert_eq!(got.sound.len() + got.damaged.len(), 3);
        }
        // Every flipped byte before the blobs still refuses the whole file.
        for i in 0..section {
            let mut bad = file.clone();
            bad[i] ^= 0x20;
            assert!(decode_all(&bad).is_err(), "flip at {i} went unnoticed");
        }
    }

    #[test]
    fn oversized_blobs_are_refused_before_reading() {
        let (file, _) = with_blobs();
        let text = String::from_utf8_lossy(&file).into_owned();
        let (head, _) = text.split_once("\"bytes\":3000").unwrap();
        let forged = format!(
            "{head}\"bytes\":{}{}",
            MAX_BLOB_BYTES + 1,
            &text[head.len() + 12..]
        );
        // The header's checksum no longer matches: refused as damaged, not read.
        assert!(decode_all(forged.as_bytes()).is_err());
        let h = Header {
            format: FORMAT.into(),
            version: 2,
            created_ms: 0,
            device: String::new(),
            documents: Vec::new(),
            blobs: vec![BlobEntry {
                sha256: "ab".repeat(32),
                bytes: MAX_BLOB_BYTES + 1,
            }],
        };
        assert_eq!(
            decode_blobs(&h, &[]),
            Err(BundleError::BlobTooLarge("ab".repeat(32)))
        );
    }

    #[test]
    fn extra_bytes_are_refused() {
        let mut file = sample();
        file.push(b'x');
        assert_eq!(decode(&file), Err(BundleError::Checksum));
    }
}
