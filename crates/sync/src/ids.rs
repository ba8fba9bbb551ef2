//! Identifiers on the wire: document ids (base58check of 16 bytes, exactly as automerge-repo
//! writes them, so the same text names the same document for every peer) and peer ids.
//!
//! This crate re-implements the small `DocumentId` rather than depending on `gendan-domain`,
//! so the protocol layer carries no model dependencies; the bytes are identical and
//! `from_bytes`/`as_bytes` convert between the two.

use std::fmt;
use std::str::FromStr;

use gendan_base58check as base58check;

/// Why a text could not be read as a document id.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum IdError {
    #[error("not a document id: not base58check text")]
    NotBase58,
    #[error("not a document id: it holds {0} bytes, a document id holds 16")]
    WrongLength(usize),
}

/// One Automerge document's id (16 bytes), displayed as base58check without the `automerge:`
/// prefix, as it travels in `documentId` fields.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct DocumentId([u8; 16]);

impl DocumentId {
    /// Longest text we try to parse: 16 bytes + 4 checksum bytes are at most 28 base58 digits.
    const MAX_TEXT: usize = 40;

    pub const fn from_bytes(bytes: [u8; 16]) -> Self {
        DocumentId(bytes)
    }

    pub fn as_bytes(&self) -> &[u8; 16] {
        &self.0
    }

    /// The `automerge:<id>` URL form used in links.
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
        if text.len() > Self::MAX_TEXT {
            return Err(IdError::NotBase58);
        }
        let bytes = base58check::decode(text).ok_or(IdError::NotBase58)?;
        let arr: [u8; 16] = bytes
            .as_slice()
            .try_into()
            .map_err(|_| IdError::WrongLength(bytes.len()))?;
        Ok(DocumentId(arr))
    }
}

/// A peer's id: any text the peer chose (automerge-repo uses random strings per tab or
/// process). Not authenticated: access control never relies on it.
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Debug)]
pub struct PeerId(String);

impl PeerId {
    pub fn new(id: impl Into<String>) -> Self {
        PeerId(id.into())
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for PeerId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl From<&str> for PeerId {
    fn from(s: &str) -> Self {
        PeerId(s.to_owned())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn document_ids_round_trip_and_reject_garbage() {
        let id = DocumentId::from_bytes([9; 16]);
        assert_eq!(id.to_string().parse::<DocumentId>(), Ok(id));
        assert_eq!(id.url().parse::<DocumentId>(), Ok(id));
        assert!("".parse::<DocumentId>().is_err());
        assert!("0OIl".parse::<DocumentId>().is_err());
        let short = base58check::encode(&[1u8; 4]);
        assert_eq!(short.parse::<DocumentId>(), Err(IdError::WrongLength(4)));
        assert!("1".repeat(10_000).parse::<DocumentId>().is_err());
    }

    #[test]
    fn matches_an_id_written_by_automerge_repo() {
        // `Repo.create()` in @automerge/automerge-repo 2.5 produced this id.
        let id: DocumentId = "4GS8jKre8kcowghoRupBugSPCEXw".parse().expect("valid id");
        assert_eq!(id.to_string(), "4GS8jKre8kcowghoRupBugSPCEXw");
    }
}
