//! Bounds on automerge sync messages, checked on the raw bytes *before* automerge decodes
//! or applies them, because automerge 0.12 trusts what a peer claims.
//!
//! Why this exists: `automerge::sync::Message::decode` accepts a Bloom filter with
//! `num_probes = 0xffffffff`, and `BloomFilter::get_probes` then calls
//! `Vec::with_capacity(num_probes)` (16 GiB: the process aborts) or loops `num_probes`
//! times per change on every later `generate_sync_message` (seconds of CPU per message).
//! A filter with entries but `num_bits_per_entry = 0` has no bits, and `get_probes`
//! divides by zero. `have`, `heads`, `need` and the change list are read with
//! `length_prefixed`, which grows a `Vec` item by item for any count the peer writes: an
//! 8 MB message of 4 M empty `have` entries becomes ~265 MB of `Have` structs that the
//! sync state keeps. This module walks the same format with a small parser that allocates
//! nothing and refuses such messages with a [`SyncLimitError`].
//!
//! The wire format (automerge 0.12 `src/sync.rs`, `src/sync/bloom.rs`), all counts and
//! lengths unsigned LEB128:
//!
//! ```text
//! message  = type:u8 (0x42 v1 | 0x43 v2) heads:hashes need:hashes
//!            have_count have* change_count (len bytes)* [flags_len flags]
//! hashes   = count (32-byte hash)*
//! have     = last_sync:hashes bloom_len bloom_bytes
//! bloom    = "" | num_entries:u32 num_bits_per_entry:u32 num_probes:u32
//!            bits[ceil(num_entries * num_bits_per_entry / 8)]
//! ```
//!
//! The default bounds ([`SyncLimits::default`]) and why they are safe for honest peers:
//!
//! | what                              | bound        | automerge's own messages          |
//! |-----------------------------------|--------------|-----------------------------------|
//! | `heads`, `need`, each `last_sync` | 1,024 hashes | one hash per concurrent branch    |
//! | `have` entries                    | 16           | always exactly one                |
//! | Bloom `num_probes`                | 1..=32       | 7                                 |
//! | Bloom `num_bits_per_entry`        | 1..=64       | 10                                |
//! | Bloom `num_entries`               | 1,048,576    | changes since the last sync       |
//! | changes in one message            | 1,048,576    | one per change (v1) or one (v2)   |
//! | bytes of one change chunk         | at least 8   | a chunk header alone is 9+ bytes  |
//! | operations in the changes         | 1,000,000    | one per character or value edited |
//!
//! Only v1 messages are accepted (first byte 0x42; each change listed on its own). A v2
//! message carries a whole document chunk whose operations cannot be counted without
//! decoding its columns, so [`crate::Connection`] advertises v1 only (it sends its sync
//! messages without the flags section, which is how automerge learns that a peer takes
//! v2) and refuses 0x43. The operation bound is what bounds the time one message holds
//! the relay's hub thread (a 6 M-character paste held it ~4 s); [`check_changes`] counts
//! them by parsing each change, which is much cheaper than applying it.
//!
//! So the costliest message automerge will act on does at most 16 × 32 Bloom probes per
//! change of the document when the relay answers it, and what its sync state keeps is at
//! most the message's own size plus a few bytes per item ([`SyncSummary::state_bytes`]),
//! which the [`crate::Connection`] budgets per connection.
//!
//! When automerge validates these parameters itself (see ARCHITECTURE.md, "Upstream"),
//! this check can go.

/// Bounds on one sync message; see the module docs for the defaults and their reasons.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SyncLimits {
    /// Longest `heads`, `need` or `have.last_sync` list.
    pub max_hashes: u64,
    /// Most `have` entries.
    pub max_have: u64,
    /// Largest Bloom `num_probes`.
    pub max_bloom_probes: u32,
    /// Largest Bloom `num_bits_per_entry`.
    pub max_bloom_bits_per_entry: u32,
    /// Largest Bloom `num_entries`.
    pub max_bloom_entries: u32,
    /// Most change chunks in one message.
    pub max_changes: u64,
    /// Most operations in the changes of one message (see [`check_changes`]).
    pub max_ops: u64,
}

impl Default for SyncLimits {
    fn default() -> Self {
        SyncLimits {
            max_hashes: 1024,
            max_have: 16,
            max_bloom_probes: 32,
            max_bloom_bits_per_entry: 64,
            max_bloom_entries: 1 << 20,
            max_changes: 1 << 20,
            max_ops: 1_000_000,
        }
    }
}

/// Smallest change chunk accepted: a chunk header (4-byte magic, 4-byte checksum, type,
/// length) alone is longer. Refusing smaller ones keeps a list of empty chunks from
/// costing 24 bytes of `Vec` per byte sent.
pub const MIN_CHANGE_BYTES: u64 = 8;

/// Bytes of one change hash.
const HASH: u64 = 32;

/// What a checked message holds, for budgeting.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SyncSummary {
    pub heads: u64,
    pub need: u64,
    pub have: u64,
    /// Hashes in every `have.last_sync`.
    pub have_hashes: u64,
    /// Bytes of every Bloom filter.
    pub bloom_bytes: u64,
    pub changes: u64,
    pub change_bytes: u64,
}

impl SyncSummary {
    /// Roughly what automerge's `sync::State` keeps of this message after receiving it
    /// (`their_heads`, `their_need`, `their_have` with their Bloom bits, plus allocation
    /// overhead per `Vec`). Change bytes are not kept by the state.
    pub fn state_bytes(&self) -> u64 {
        (self.heads + self.need + self.have_hashes) * HASH + self.bloom_bytes + self.have * 96 + 128
    }
}

/// Why a sync message was refused before automerge saw it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum SyncLimitError {
    #[error("sync message is empty")]
    Empty,
    #[error("not an automerge sync message (first byte {0:#04x})")]
    WrongType(u8),
    #[error("sync message ends inside `{0}`")]
    Truncated(&'static str),
    #[error("bad LEB128 number in `{0}`")]
    BadNumber(&'static str),
    #[error("`{field}` has {count} entries, more than the limit of {max}")]
    TooMany {
        field: &'static str,
        count: u64,
        max: u64,
    },
    #[error("Bloom filter {field} is {value}, outside 1..={max}")]
    Bloom {
        field: &'static str,
        value: u64,
        max: u64,
    },
    #[error("a change chunk of {0} bytes is too small to be a change")]
    TinyChange(u64),
    #[error("v2 sync messages are not accepted here (this side advertises v1 only)")]
    V2,
    #[error("an entry of the change list is not a single change: {0}")]
    NotAChange(String),
    #[error("the changes hold more than {max} operations")]
    TooManyOps { max: u64 },
}

/// Checks `bytes` (one automerge sync message) against `limits` without allocating.
pub fn check_sync_message(
    bytes: &[u8],
    limits: &SyncLimits,
) -> Result<SyncSummary, SyncLimitError> {
    let (&first, rest) = bytes.split_first().ok_or(SyncLimitError::Empty)?;
    if first == 0x43 {
        return Err(SyncLimitError::V2);
    }
    if first != 0x42 {
        return Err(SyncLimitError::WrongType(first));
    }
    let mut r = Reader(rest);
    let mut s = SyncSummary {
        heads: r.hashes("heads", limits.max_hashes)?,
        need: r.hashes("need", limits.max_hashes)?,
        ..SyncSummary::default()
    };
    s.have = r.count("have", limits.max_have)?;
    for _ in 0..s.have {
        s.have_hashes += r.hashes("have.lastSync", limits.max_hashes)?;
        let len = r.leb("have.bloom")?;
        let bloom = r.take(len, "have.bloom")?;
        check_bloom(bloom, limits)?;
        s.bloom_bytes += len;
    }
    s.changes = r.count("changes", limits.max_changes)?;
    for _ in 0..s.changes {
        let len = r.leb("changes")?;
        if len < MIN_CHANGE_BYTES {
            return Err(SyncLimitError::TinyChange(len));
        }
        r.take(len, "changes")?;
        s.change_bytes += len;
    }
    // Flags (optional) and anything after them are ignored by automerge too.
    Ok(s)
}

/// Checks a decoded message's change list: every entry a single change (plain or
/// compressed), at most `limits.max_ops` operations in all. Returns the operation count.
pub fn check_changes(
    message: &automerge::sync::Message,
    limits: &SyncLimits,
) -> Result<u64, SyncLimitError> {
    let mut ops = 0u64;
    for chunk in message.changes.iter() {
        let change = automerge::Change::try_from(chunk)
            .map_err(|e| SyncLimitError::NotAChange(e.to_string()))?;
        ops = ops.saturating_add(change.len() as u64);
        if ops > limits.max_ops {
            return Err(SyncLimitError::TooManyOps {
                max: limits.max_ops,
            });
        }
    }
    Ok(ops)
}

fn check_bloom(bytes: &[u8], limits: &SyncLimits) -> Result<(), SyncLimitError> {
    if bytes.is_empty() {
        // The empty filter: automerge's default, "contains nothing".
        return Ok(());
    }
    let mut r = Reader(bytes);
    let entries = r.u32("bloom.numEntries")?;
    let bits_per_entry = r.u32("bloom.numBitsPerEntry")?;
    let probes = r.u32("bloom.numProbes")?;
    if entries == 0 {
        // automerge treats a filter without entries as empty whatever else it says.
        return Ok(());
    }
    let range = |field, value: u32, max: u32| {
        if value == 0 || value > max {
            Err(SyncLimitError::Bloom {
                field,
                value: value.into(),
                max: max.into(),
            })
        } else {
            Ok(())
        }
    };
    range("numEntries", entries, limits.max_bloom_entries)?;
    range(
        "numBitsPerEntry",
        bits_per_entry,
        limits.max_bloom_bits_per_entry,
    )?;
    range("numProbes", probes, limits.max_bloom_probes)?;
    // automerge reads exactly this many bytes of bits and fails on fewer.
    let needed = (u64::from(entries) * u64::from(bits_per_entry)).div_ceil(8);
    r.take(needed, "bloom.bits")?;
    Ok(())
}

/// A cursor over the message; every read is bounds-checked.
struct Reader<'a>(&'a [u8]);

impl<'a> Reader<'a> {
    /// Unsigned LEB128 as automerge reads it: at most 64 bits, no overlong encodings.
    fn leb(&mut self, field: &'static str) -> Result<u64, SyncLimitError> {
        let mut result = 0u64;
        let mut shift = 0u32;
        loop {
            let (&byte, rest) = self
                .0
                .split_first()
                .ok_or(SyncLimitError::Truncated(field))?;
            self.0 = rest;
            if shift == 63 && byte > 1 {
                return Err(SyncLimitError::BadNumber(field));
            }
            result |= u64::from(byte & 0x7f) << shift;
            if byte & 0x80 == 0 {
                if shift > 0 && byte == 0 {
                    return Err(SyncLimitError::BadNumber(field));
                }
                return Ok(result);
            }
            shift += 7;
            if shift > 63 {
                return Err(SyncLimitError::BadNumber(field));
            }
        }
    }

    fn u32(&mut self, field: &'static str) -> Result<u32, SyncLimitError> {
        u32::try_from(self.leb(field)?).map_err(|_| SyncLimitError::BadNumber(field))
    }

    fn take(&mut self, len: u64, field: &'static str) -> Result<&'a [u8], SyncLimitError> {
        let len = usize::try_from(len).map_err(|_| SyncLimitError::Truncated(field))?;
        if len > self.0.len() {
            return Err(SyncLimitError::Truncated(field));
        }
        let (taken, rest) = self.0.split_at(len);
        self.0 = rest;
        Ok(taken)
    }

    fn count(&mut self, field: &'static str, max: u64) -> Result<u64, SyncLimitError> {
        let count = self.leb(field)?;
        if count > max {
            return Err(SyncLimitError::TooMany { field, count, max });
        }
        Ok(count)
    }

    /// A hash list: its count, after skipping the hashes.
    fn hashes(&mut self, field: &'static str, max: u64) -> Result<u64, SyncLimitError> {
        let count = self.count(field, max)?;
        self.take(count * HASH, field)?;
        Ok(count)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use automerge::sync::{self, SyncDoc};
    use automerge::transaction::Transactable;
    use automerge::{Automerge, ROOT};

    fn leb(out: &mut Vec<u8>, mut n: u64) {
        loop {
            let byte = (n & 0x7f) as u8;
            n >>= 7;
            if n == 0 {
                out.push(byte);
                return;
            }
            out.push(byte | 0x80);
        }
    }

    /// A message with one `have` carrying the given Bloom parameters and `bits` bytes.
    pub(crate) fn with_bloom(
        entries: u64,
        bits_per_entry: u64,
        probes: u64,
        bits: usize,
    ) -> Vec<u8> {
        let mut bloom = Vec::new();
        leb(&mut bloom, entries);
        leb(&mut bloom, bits_per_entry);
        leb(&mut bloom, probes);
        bloom.extend(std::iter::repeat_n(0xffu8, bits));
        let mut m = vec![0x42, 0, 0, 1, 0];
        leb(&mut m, bloom.len() as u64);
        m.extend(bloom);
        m.push(0);
        m
    }

    fn real_message() -> Vec<u8> {
        let mut doc = Automerge::new();
        let mut tx = doc.transaction();
        tx.put(ROOT, "k", "v").expect("put");
        tx.commit();
        let mut other = Automerge::new();
        let mut tx = other.transaction();
        tx.put(ROOT, "x", 1).expect("put");
        tx.commit();
        let mut state = sync::State::new();
        let mut their = sync::State::new();
        // Exchange until a message carries a Bloom filter and changes. Flags stripped as
        // `Connection` does, so automerge answers in v1.
        let mut first = doc.generate_sync_message(&mut state).expect("msg");
        first.flags = None;
        other
            .receive_sync_message(&mut their, first)
            .expect("receive");
        other
            .generate_sync_message(&mut their)
            .expect("answer")
            .encode()
    }

    #[test]
    fn automerge_messages_pass() {
        let bytes = real_message();
        let summary = check_sync_message(&bytes, &SyncLimits::default()).expect("valid");
        assert_eq!(summary.heads, 1);
        assert_eq!(summary.have, 1);
        let empty = Automerge::new()
            .generate_sync_message(&mut sync::State::new())
            .expect("msg")
            .encode();
        check_sync_message(&empty, &SyncLimits::default()).expect("valid");
    }

    #[test]
    fn v2_messages_are_refused() {
        let mut doc = Automerge::new();
        let mut tx = doc.transaction();
        tx.put(ROOT, "k", "v").expect("put");
        tx.commit();
        let mut state = sync::State::new();
        let first = doc.generate_sync_message(&mut state).expect("msg");
        let mut other = Automerge::new();
        let mut their = sync::State::new();
        // With flags (automerge's default), the answer to an empty peer is a v2 message.
        other
            .receive_sync_message(&mut their, first)
            .expect("receive");
        let answer = other.generate_sync_message(&mut their).expect("answer");
        doc.receive_sync_message(&mut state, answer)
            .expect("receive");
        let bytes = doc.generate_sync_message(&mut state).expect("v2").encode();
        assert_eq!(bytes[0], 0x43);
        assert_eq!(
            check_sync_message(&bytes, &SyncLimits::default()),
            Err(SyncLimitError::V2)
        );
    }

    #[test]
    fn hostile_bloom_filters_are_refused() {
        let l = SyncLimits::default();
        // The crash from the issue: 4 billion probes.
        let err = check_sync_message(&with_bloom(1, 10, 0xffff_ffff, 2), &l).unwrap_err();
        assert!(
            matches!(
                err,
                SyncLimitError::Bloom {
                    field: "numProbes",
                    ..
                }
            ),
            "{err}"
        );
        // Zero bits per entry: automerge would divide by zero.
        let err = check_sync_message(&with_bloom(5, 0, 7, 0), &l).unwrap_err();
        assert!(matches!(
            err,
            SyncLimitError::Bloom {
                field: "numBitsPerEntry",
                ..
            }
        ));
        assert!(check_sync_message(&with_bloom(5, 0xffff_ffff, 7, 0), &l).is_err());
        assert!(check_sync_message(&with_bloom(0xffff_ffff, 10, 7, 0), &l).is_err());
        // Bits shorter than the parameters say.
        assert_eq!(
            check_sync_message(&with_bloom(100, 10, 7, 3), &l),
            Err(SyncLimitError::Truncated("bloom.bits"))
        );
        // Over 32 bits: automerge's leb128_u32 refuses it, so do we.
        assert!(check_sync_message(&with_bloom(1, 10, 1 << 40, 2), &l).is_err());
        // The normal parameters pass.
        check_sync_message(&with_bloom(100, 10, 7, 125), &l).expect("normal filter");
    }

    #[test]
    fn long_lists_are_refused_before_allocating() {
        let l = SyncLimits::default();
        // 4 M empty `have` entries claimed (the issue's 8 MB message).
        let mut m = vec![0x42, 0, 0];
        leb(&mut m, 4_000_000);
        m.extend(std::iter::repeat_n([0u8, 0u8], 1000).flatten());
        assert!(matches!(
            check_sync_message(&m, &l),
            Err(SyncLimitError::TooMany { field: "have", .. })
        ));
        // A heads count of 2^62 (would overflow count * 32 if unchecked).
        let mut m = vec![0x42];
        leb(&mut m, 1 << 62);
        assert!(matches!(
            check_sync_message(&m, &l),
            Err(SyncLimitError::TooMany { field: "heads", .. })
        ));
        // 2,000 empty change chunks.
        let mut m = vec![0x42, 0, 0, 0];
        leb(&mut m, 2000);
        m.extend(std::iter::repeat_n(0u8, 2000));
        assert_eq!(
            check_sync_message(&m, &l),
            Err(SyncLimitError::TinyChange(0))
        );
        // Claimed counts beyond the bytes present.
        assert_eq!(
            check_sync_message(&[0x42, 5], &l),
            Err(SyncLimitError::Truncated("heads"))
        );
    }

    #[test]
    fn garbage_is_an_error_not_a_panic() {
        let l = SyncLimits::default();
        assert_eq!(check_sync_message(&[], &l), Err(SyncLimitError::Empty));
        assert_eq!(
            check_sync_message(&[7], &l),
            Err(SyncLimitError::WrongType(7))
        );
        // Overlong and over-64-bit LEB128.
        assert!(check_sync_message(&[0x42, 0x80, 0x00], &l).is_err());
        assert!(check_sync_message(
            &[0x42, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f],
            &l
        )
        .is_err());
        let bytes = real_message();
        for cut in 0..bytes.len() {
            let _ = check_sync_message(&bytes[..cut], &l);
        }
    }
}
