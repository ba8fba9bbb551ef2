//! base58check, as automerge-repo writes document ids: the bytes followed by the first 4 bytes of
//! SHA-256(SHA-256(bytes)), in base58.
//!
//! One copy for the two crates that each keep their own `DocumentId` (the domain, and the sync
//! protocol, which carries no model dependency). Done by hand with the SHA-256 automerge already
//! links: bs58's own `check` feature brought a second implementation into the wasm.

use sha2::{Digest, Sha256};

fn checksum(bytes: &[u8]) -> [u8; 4] {
    let twice = Sha256::digest(Sha256::digest(bytes));
    [twice[0], twice[1], twice[2], twice[3]]
}

/// `bytes` with their checksum, in base58.
pub fn encode(bytes: &[u8]) -> String {
    let mut all = bytes.to_vec();
    all.extend_from_slice(&checksum(bytes));
    bs58::encode(all).into_string()
}

/// The bytes of base58check `text`; `None` when it is not base58, is shorter than a checksum, or
/// its checksum is wrong.
pub fn decode(text: &str) -> Option<Vec<u8>> {
    let mut all = bs58::decode(text).into_vec().ok()?;
    let sum = all.split_off(all.len().checked_sub(4)?);
    (sum == checksum(&all)).then_some(all)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_and_refuses_a_changed_character_or_a_short_text() {
        let text = encode(&[7u8; 16]);
        assert_eq!(decode(&text), Some(vec![7u8; 16]));
        let mut changed = text.into_bytes();
        changed[3] = if changed[3] == b'2' { b'3' } else { b'2' };
        let changed = String::from_utf8(changed).expect("ascii");
        assert_eq!(decode(&changed), None);
        assert_eq!(decode("1"), None);
        assert_eq!(decode("0OIl"), None, "not base58");
    }

    #[test]
    fn matches_bitcoins_base58check() {
        // The version-0 payload of the all-zero 20-byte hash: a well-known Bitcoin address.
        let mut payload = vec![0u8];
        payload.extend_from_slice(&[0u8; 20]);
        assert_eq!(encode(&payload), "1111111111111111111114oLvT2");
    }
}
