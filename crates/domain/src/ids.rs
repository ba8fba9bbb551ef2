//! Identifiers: document ids in automerge-repo's format and random record ids.
//!
//! Ids are minted from random bytes the caller supplies, because the domain owns no entropy source;
//! that keeps it deterministic in tests and free of platform dependencies.

use std::fmt;
use std::str::FromStr;

use gendan_base58check as base58check;

use thiserror::Error;

/// Why a text could not be read as a document id.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum IdError {
    #[error("not a document id: {0:?} is not base58check text")]
    NotBase58(String),
    #[error("not a document id: it holds {0} bytes, a document id holds 16")]
    WrongLength(usize),
}

/// One Automerge document's id: 16 random bytes, written as base58check like automerge-repo does,
/// so the same id names the same document for every automerge-repo peer.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct DocumentId([u8; 16]);

impl DocumentId {
    pub fn from_bytes(bytes: [u8; 16]) -> Self {
        DocumentId(bytes)
    }

    pub fn as_bytes(&self) -> &[u8; 16] {
        &self.0
    }

    /// The `automerge:` URL form that automerge-repo uses in links.
    pub fn url(&self) -> String {
        format!("automerge:{self}")
    }
}

impl fmt::Display for DocumentId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&base58check::encode(&self.0))
    }
}

impl fmt::Debug for DocumentId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "DocumentId({self})")
    }
}

impl FromStr for DocumentId {
    type Err = IdError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let text = s.strip_prefix("automerge:").unwrap_or(s);
        let bytes = base58check::decode(text).ok_or_else(|| IdError::NotBase58(s.to_string()))?;
        let arr: [u8; 16] = bytes
            .as_slice()
            .try_into()
            .map_err(|_| IdError::WrongLength(bytes.len()))?;
        Ok(DocumentId(arr))
    }
}

/// A record's key inside a document (a colour, a size, later a milestone or a payment): random, so
/// that records two devices add at the same time never collide.
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Debug)]
pub struct RecordId(String);

impl RecordId {
    /// 8 random bytes are plenty inside one document and keep keys short on the wire.
    pub fn from_random(bytes: [u8; 8]) -> Self {
        RecordId(bytes.iter().map(|b| format!("{b:02x}")).collect())
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl From<&str> for RecordId {
    fn from(s: &str) -> Self {
        RecordId(s.to_string())
    }
}

impl fmt::Display for RecordId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn document_id_round_trips_through_text_and_url() {
        let id = DocumentId::from_bytes([7; 16]);
        let text = id.to_string();
        assert_eq!(text.parse::<DocumentId>(), Ok(id));
        assert_eq!(id.url().parse::<DocumentId>(), Ok(id));
    }

    #[test]
    fn document_id_rejects_garbage_and_bad_checksums() {
        assert!(matches!(
            "hello!".parse::<DocumentId>(),
            Err(IdError::NotBase58(_))
        ));
        let mut text = DocumentId::from_bytes([1; 16]).to_string();
        let last = text.pop().map(|c| if c == '2' { '3' } else { '2' });
        text.extend(last);
        assert!("".parse::<DocumentId>().is_err());
        assert!(text.parse::<DocumentId>().is_err());
        let short = base58check::encode(&[1u8; 4]);
        assert_eq!(short.parse::<DocumentId>(), Err(IdError::WrongLength(4)));
    }

    #[test]
    fn record_ids_are_hex() {
        assert_eq!(
            RecordId::from_random([0, 1, 2, 255, 0, 0, 0, 16]).as_str(),
            "000102ff00000010"
        );
    }
}
