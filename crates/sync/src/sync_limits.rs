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
//! | `have` entries                    | 2            | none or one                       |
//! | Bloom `num_probes`                | 1..=10       | 7                                 |
//! | Bloom `num_bits_per_entry`        | 1..=16       | 10                                |
//! | Bloom `num_entries`               | 1,048,576    | changes since the last sync       |
//! | changes in one message            | 1,048,576    | one per change (v1) or one (v2)   |
//! | bytes of one change chunk         | at least 8   | a chunk header alone is 9+ bytes  |
//! | operations in the changes         | 1,000,000    | one per character or value edited |
//! | the changes, inflated             | 32 MiB       | the bytes of the values written   |
//!
//! Only v1 messages are accepted (first byte 0x42; each change listed on its own). A v2
//! message carries a whole document chunk whose operations cannot be counted without
//! decoding its columns, so [`crate::Connection`] advertises v1 only (it sends its sync
//! messages without the flags section, which is how automerge learns that a peer takes
//! v2) and refuses 0x43. The operation bound is what bounds the time one message holds
//! the relay's hub thread (a 6 M-character paste held it ~4 s). [`check_changes`] counts
//! operations without decoding them: it reads each change chunk's column metadata and sums
//! the run lengths of the action column (automerge reads one operation per action value),
//! stopping at the first run past the bound, so a few bytes claiming 2^40 operations cost a
//! few bytes of reading. Counting with automerge (`Change::try_from`) walked every
//! operation first: a crafted 1.2 M-operation change held the hub ~3 s (debug build) only
//! to be refused. Compressed (DEFLATE) chunks are inflated as a stream into nothing, and the
//! changes of one message may weigh at most 32 MiB once inflated (plain chunks count as they
//! are), so neither the check nor automerge after it can be made to inflate a small bomb into
//! gigabytes. That is twice the largest message sent plain (16 MiB, `DEFAULT_MAX_MESSAGE_BYTES`),
//! so a document's whole history, which automerge sends compressed in one message, still
//! fits when it is as big as a relay keeps one (16 MiB inflated). DEFLATE inflates up to
//! ~1,000×: a 60 KB message could say 60 MiB of zeros, which automerge keeps as a value in
//! memory, so [`measure_changes`] tells the caller what the changes weigh inflated, and the
//! relay charges that, not the bytes sent, against what a document may hold. What stays is
//! applying a legal message, up to the bound.
//!
//! So the costliest message automerge will act on does at most 2 × 10 Bloom probes per
//! change of the document when the relay answers it. The bounds were 16 haves × 32 probes:
//! a 250-byte message of empty filters then cost 512 probe computations per change, about
//! a second of the relay's hub for a 200,000-change document, per frame; automerge (and so
//! every automerge-repo peer) sends at most one have with 7 probes of 10 bits. What the sync
//! state keeps is at most the message's own size plus a few bytes per item
//! ([`SyncSummary::state_bytes`]),
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
    /// Most bytes the changes of one message weigh once inflated (plain chunks as they are,
    /// compressed ones inflated; see [`measure_changes`]).
    pub max_inflated_bytes: u64,
}

impl Default for SyncLimits {
    fn default() -> Self {
        SyncLimits {
            max_hashes: 1024,
            max_have: 2,
            max_bloom_probes: 10,
            max_bloom_bits_per_entry: 16,
            max_bloom_entries: 1 << 20,
            max_changes: 1 << 20,
            max_ops: 1_000_000,
            max_inflated_bytes: 32 << 20,
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
    #[error("the changes inflate to more than {max} bytes")]
    TooLargeInflated { max: u64 },
    /// The changes would take their document past what the receiver keeps of one document
    /// (inflated bytes; the relay's bound, see [`crate::DocStore::admit_changes`]).
    #[error("the changes would make the document hold more than {max} bytes once inflated")]
    DocumentTooLarge { max: u64 },
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

/// What the changes of one message weigh: operations, and bytes once inflated (what automerge
/// holds of them: plain chunks as they are, compressed ones inflated).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ChangesWeight {
    pub ops: u64,
    pub bytes: u64,
}

/// Checks a decoded message's change list: every entry a single change (plain or
/// compressed), at most `limits.max_ops` operations in all, at most
/// `limits.max_inflated_bytes` once compressed changes are inflated. Returns the operation
/// count (see [`measure_changes`] for the bytes too).
pub fn check_changes(
    message: &automerge::sync::Message,
    limits: &SyncLimits,
) -> Result<u64, SyncLimitError> {
    measure_changes(message, limits).map(|weight| weight.ops)
}

/// [`check_changes`], returning the operations and the inflated bytes.
///
/// The count reads the chunk's column metadata and the run lengths of the action column
/// (automerge reads one operation per action value), never the operations themselves, and
/// stops at the first run that passes the bound: a run "2^40 × set" costs a few bytes to
/// read, not 2^40 steps. Compressed chunks are inflated as a stream into nothing (the bytes
/// are read and dropped), and refused once they pass the inflated-bytes bound. So one
/// message costs time proportional to its own size plus at most that bound, and memory that
/// does not grow with either.
pub fn measure_changes(
    message: &automerge::sync::Message,
    limits: &SyncLimits,
) -> Result<ChangesWeight, SyncLimitError> {
    let mut budget = Budget {
        ops: 0,
        max_ops: limits.max_ops,
        inflated: 0,
        max_inflated: limits.max_inflated_bytes,
    };
    for chunk in message.changes.iter() {
        count_chunk(chunk, &mut budget)?;
    }
    Ok(ChangesWeight {
        ops: budget.ops,
        bytes: budget.inflated,
    })
}

/// Whether `bytes` — chunks one after another as the relay stores them: change chunks as
/// automerge's `save_after` writes them (the relay's incremental files), or a document chunk as
/// `save` writes it (a snapshot) — hold at least `ops` operations, counted as [`check_changes`]
/// counts (run lengths, early stop, inflating at most `max_inflated_bytes`, past which they
/// count as that many operations). A document chunk counts its changes as well as its
/// operations (loading one rebuilds and hashes every change, and a thousand empty changes
/// compress to a few bytes), and its columns inflated: a snapshot of a few kilobytes can say
/// megabytes. `None` when `bytes` holds anything else (a damaged chunk): the count cannot be
/// had cheaply.
pub fn stored_ops_at_least(bytes: &[u8], ops: u64, max_inflated_bytes: u64) -> Option<bool> {
    let mut budget = Budget {
        ops: 0,
        max_ops: ops.saturating_sub(1),
        inflated: 0,
        max_inflated: max_inflated_bytes,
    };
    let mut rest = bytes;
    while !rest.is_empty() {
        let mut r = Reader(rest);
        let header = r.take(9, "chunk header").ok()?;
        let chunk_type = header[8];
        let len = r.leb("chunk length").ok()?;
        r.take(len, "chunk data").ok()?;
        let (chunk, after) = rest.split_at(rest.len() - r.0.len());
        let counted = if chunk_type == CHUNK_DOCUMENT {
            count_document(chunk, &mut budget)
        } else {
            count_chunk(chunk, &mut budget)
        };
        match counted {
            Ok(()) => {}
            // Inflating that much is as slow to load as that many operations.
            Err(SyncLimitError::TooManyOps { .. } | SyncLimitError::TooLargeInflated { .. }) => {
                return Some(true)
            }
            Err(_) => return None,
        }
        rest = after;
    }
    Some(false)
}

/// One document chunk (automerge `storage/document.rs`), header `magic checksum:4 0 len:uleb`
/// then:
///
/// ```text
/// actors:(count (len bytes)*) heads:(count hash[32]*)
/// change columns:(count (spec len)*) op columns:(count (spec len)*)
/// change column data, op column data, head indices
/// ```
///
/// Counts the changes (items of the change actor column) and the operations (items of the op
/// action column) as operations, and every column at its inflated length: columns are deflated
/// one by one when `save` writes them, never the chunk as a whole.
fn count_document(chunk: &[u8], budget: &mut Budget) -> Result<(), SyncLimitError> {
    let mut r = Reader(chunk);
    if r.take(4, "document.magic")? != MAGIC {
        return Err(not_a_change("bad magic bytes"));
    }
    r.take(5, "document.header")?;
    let len = r.leb("document.length")?;
    let data = r.take(len, "document.data")?;
    budget.add_inflated((chunk.len() - data.len()) as u64)?;
    let mut d = Reader(data);
    let actors = d.leb("document.actors")?;
    for _ in 0..actors {
        // Each one reads at least a byte, so this loop is bounded by the input.
        let len = d.leb("document.actors")?;
        d.take(len, "document.actors")?;
    }
    let heads = d.leb("document.heads")?;
    d.take(heads.saturating_mul(HASH), "document.heads")?;
    let changes = column_metadata(&mut d)?;
    let ops = column_metadata(&mut d)?;
    budget.add_inflated((data.len() - d.0.len()) as u64)?;
    let counted = changes
        .iter()
        .map(|&(spec, len)| {
            (
                spec,
                len,
                spec & !DEFLATED_COLUMN == DOC_CHANGE_ACTOR_COLUMN,
            )
        })
        .chain(
            ops.iter()
                .map(|&(spec, len)| (spec, len, spec & !DEFLATED_COLUMN == ACTION_COLUMN)),
        );
    for (spec, len, items) in counted {
        let column = d.take(len, "document.columns")?;
        if spec & DEFLATED_COLUMN == 0 {
            budget.add_inflated(len)?;
            if items {
                count_rle(
                    &mut Slice {
                        rest: column,
                        pos: 0,
                    },
                    len,
                    budget,
                )?;
            }
            continue;
        }
        let left = budget.max_inflated.saturating_sub(budget.inflated);
        let mut inflater = Inflater {
            // One more byte than allowed, to tell "at the bound" from "past it".
            inner: std::io::BufReader::new(std::io::Read::take(
                flate2::bufread::DeflateDecoder::new(column),
                left.saturating_add(1),
            )),
            pos: 0,
        };
        let result = if items {
            count_rle_to_end(&mut inflater, budget).and_then(|()| inflater.drain())
        } else {
            inflater.drain()
        };
        budget.inflated = budget.inflated.saturating_add(inflater.pos);
        if budget.inflated > budget.max_inflated {
            return Err(SyncLimitError::TooLargeInflated {
                max: budget.max_inflated,
            });
        }
        result?;
    }
    // The head indices.
    budget.add_inflated(d.0.len() as u64)
}

/// A document chunk's column metadata: `count (spec:uleb len:uleb)*`.
fn column_metadata(d: &mut Reader<'_>) -> Result<Vec<(u64, u64)>, SyncLimitError> {
    let count = d.leb("document.columns")?;
    let mut out = Vec::new();
    for _ in 0..count {
        // Each entry reads at least two bytes, so this is bounded by the input.
        out.push((d.leb("document.columns")?, d.leb("document.columns")?));
    }
    Ok(out)
}

/// The ops counted and the bytes inflated so far in one message.
struct Budget {
    ops: u64,
    max_ops: u64,
    inflated: u64,
    max_inflated: u64,
}

impl Budget {
    fn add_inflated(&mut self, n: u64) -> Result<(), SyncLimitError> {
        self.inflated = self.inflated.saturating_add(n);
        if self.inflated > self.max_inflated {
            return Err(SyncLimitError::TooLargeInflated {
                max: self.max_inflated,
            });
        }
        Ok(())
    }

    fn add_ops(&mut self, n: u64) -> Result<(), SyncLimitError> {
        self.ops = self.ops.saturating_add(n);
        if self.ops > self.max_ops {
            return Err(SyncLimitError::TooManyOps { max: self.max_ops });
        }
        Ok(())
    }
}

/// automerge's chunk magic bytes.
const MAGIC: [u8; 4] = [0x85, 0x6f, 0x4a, 0x83];
/// Chunk types (automerge `storage/chunk.rs`).
const CHUNK_DOCUMENT: u8 = 0;
const CHUNK_CHANGE: u8 = 1;
const CHUNK_COMPRESSED: u8 = 2;
/// The action column's specification: column id 4, type Integer (2), not deflated
/// (automerge `storage/change/change_op_columns.rs`); `(id << 4) | deflate << 3 | type`.
const ACTION_COLUMN: u64 = (4 << 4) | 2;
/// The deflate bit of a column specification; automerge refuses it inside a change.
const DEFLATED_COLUMN: u64 = 0b1000;
/// A document chunk's change actor column: column id 0, type Actor (1), one item a change
/// (automerge `change_graph.rs`). Its op action column has [`ACTION_COLUMN`]'s specification.
const DOC_CHANGE_ACTOR_COLUMN: u64 = 1;

fn not_a_change(reason: &str) -> SyncLimitError {
    SyncLimitError::NotAChange(reason.to_owned())
}

/// One entry of the change list: header `magic checksum:4 type:u8 len:uleb data[len]`,
/// nothing after it (automerge's `Change::try_from` refuses leftovers too).
fn count_chunk(chunk: &[u8], budget: &mut Budget) -> Result<(), SyncLimitError> {
    let mut r = Reader(chunk);
    if r.take(4, "change.magic")? != MAGIC {
        return Err(not_a_change("bad magic bytes"));
    }
    r.take(4, "change.checksum")?;
    let chunk_type = r.take(1, "change.type")?[0];
    let len = r.leb("change.length")?;
    let data = r.take(len, "change.data")?;
    if !r.0.is_empty() {
        return Err(not_a_change("bytes after the chunk"));
    }
    // What automerge holds of the chunk: its header, then its body as is or inflated.
    let header = (chunk.len() - data.len()) as u64;
    budget.add_inflated(header)?;
    match chunk_type {
        CHUNK_CHANGE => {
            budget.add_inflated(len)?;
            count_body(&mut Slice { rest: data, pos: 0 }, budget)
        }
        CHUNK_COMPRESSED => {
            let left = budget.max_inflated.saturating_sub(budget.inflated);
            let mut inflater = Inflater {
                // One more byte than allowed, to tell "at the bound" from "past it".
                inner: std::io::BufReader::new(std::io::Read::take(
                    flate2::bufread::DeflateDecoder::new(data),
                    left.saturating_add(1),
                )),
                pos: 0,
            };
            let result = count_body(&mut inflater, budget).and_then(|()| inflater.drain());
            budget.inflated = budget.inflated.saturating_add(inflater.pos);
            if budget.inflated > budget.max_inflated {
                return Err(SyncLimitError::TooLargeInflated {
                    max: budget.max_inflated,
                });
            }
            result
        }
        other => Err(not_a_change(&format!("chunk type {other}"))),
    }
}

/// A change body (automerge `storage/change.rs`, `parse_following_header`):
///
/// ```text
/// deps:(count hash[32]*) actor:(len bytes) seq:uleb start_op:uleb time:sleb
/// message:(len bytes) other_actors:(count (len bytes)*) columns:(count (spec len)*)
/// column data in metadata order, then extra bytes
/// ```
///
/// Counts the items of every action column (automerge keeps the last; the sum bounds it).
fn count_body<S: Source>(s: &mut S, budget: &mut Budget) -> Result<(), SyncLimitError> {
    let deps = uleb(s, "change.deps")?;
    s.skip(deps.saturating_mul(HASH), "change.deps")?;
    let actor = uleb(s, "change.actor")?;
    s.skip(actor, "change.actor")?;
    uleb(s, "change.seq")?;
    uleb(s, "change.startOp")?;
    uleb(s, "change.time")?; // signed; only skipped
    let message = uleb(s, "change.message")?;
    s.skip(message, "change.message")?;
    let others = uleb(s, "change.otherActors")?;
    for _ in 0..others {
        // Each one reads at least a byte, so this loop is bounded by the input.
        let len = uleb(s, "change.otherActors")?;
        s.skip(len, "change.otherActors")?;
    }
    let columns = uleb(s, "change.columns")?;
    // (offset, len) of the action columns; any other column is skipped.
    let mut actions = [(0u64, 0u64); 4];
    let mut found = 0;
    let mut offset = 0u64;
    for _ in 0..columns {
        let spec = uleb(s, "change.columns")?;
        let len = uleb(s, "change.columns")?;
        if spec & DEFLATED_COLUMN != 0 {
            return Err(not_a_change("deflated columns in a change"));
        }
        if spec == ACTION_COLUMN {
            // automerge requires normal order, so repeats are adjacent; more than a few is
            // not a change automerge would write.
            let slot = actions
                .get_mut(found)
                .ok_or_else(|| not_a_change("repeated action columns"))?;
            *slot = (offset, len);
            found += 1;
        }
        offset = offset.saturating_add(len);
    }
    let data_start = s.position();
    for &(offset, len) in &actions[..found] {
        let at = data_start.saturating_add(offset);
        s.skip(at.saturating_sub(s.position()), "change.columns")?;
        count_rle(s, len, budget)?;
    }
    Ok(())
}

/// Items of an RLE column of `len` bytes (automerge `columnar/encoding/rle.rs`): runs of
/// `count:sleb` then one value (count > 0), `-count` values (count < 0), or `n:uleb` nulls
/// (count 0). Values are unsigned LEB128 here (the action column holds integers).
fn count_rle<S: Source>(s: &mut S, len: u64, budget: &mut Budget) -> Result<(), SyncLimitError> {
    let end = s.position().saturating_add(len);
    let field = "change.action";
    while s.position() < end {
        let count = sleb(s, field)?;
        if count > 0 {
            budget.add_ops(count.unsigned_abs())?;
            uleb(s, field)?;
        } else if count < 0 {
            // Counted before the values are read: a claimed literal run over the bound is
            // refused without walking it.
            budget.add_ops(count.unsigned_abs())?;
            for _ in 0..count.unsigned_abs() {
                uleb(s, field)?;
            }
        } else {
            // An empty run is no operation but a step of this walk: counted as one, so the
            // bound also bounds the walk (automerge never writes one).
            budget.add_ops(uleb(s, field)?.max(1))?;
        }
    }
    if s.position() > end {
        return Err(not_a_change("action column overruns its length"));
    }
    Ok(())
}

/// [`count_rle`] over a whole inflated column, whose length is known only at its end.
fn count_rle_to_end<R: std::io::BufRead>(
    s: &mut Inflater<R>,
    budget: &mut Budget,
) -> Result<(), SyncLimitError> {
    let field = "document.column";
    while !s.fill(field)?.is_empty() {
        let count = sleb(s, field)?;
        let items = if count == 0 {
            uleb(s, field)?
        } else {
            count.unsigned_abs()
        };
        // An empty run costs a step like any other (see `count_rle`).
        budget.add_ops(items.max(1))?;
        if count > 0 {
            uleb(s, field)?;
        } else if count < 0 {
            for _ in 0..count.unsigned_abs() {
                uleb(s, field)?;
            }
        }
    }
    Ok(())
}

/// Bytes of a change body, read once front to back.
trait Source {
    fn byte(&mut self, field: &'static str) -> Result<u8, SyncLimitError>;
    fn skip(&mut self, n: u64, field: &'static str) -> Result<(), SyncLimitError>;
    /// Bytes read so far.
    fn position(&self) -> u64;
}

/// An uncompressed body.
struct Slice<'a> {
    rest: &'a [u8],
    pos: u64,
}

impl Source for Slice<'_> {
    fn byte(&mut self, field: &'static str) -> Result<u8, SyncLimitError> {
        let (&b, rest) = self
            .rest
            .split_first()
            .ok_or(SyncLimitError::Truncated(field))?;
        self.rest = rest;
        self.pos += 1;
        Ok(b)
    }

    fn skip(&mut self, n: u64, field: &'static str) -> Result<(), SyncLimitError> {
        let mut r = Reader(self.rest);
        r.take(n, field)?;
        self.rest = r.0;
        self.pos += n;
        Ok(())
    }

    fn position(&self) -> u64 {
        self.pos
    }
}

/// A compressed body, inflated as it is read (never held whole); the `Take` under it stops
/// one byte past the message's inflated-bytes bound.
struct Inflater<R: std::io::BufRead> {
    inner: R,
    pos: u64,
}

impl<R: std::io::BufRead> Inflater<R> {
    /// Reads (and drops) the rest, so the inflated size is known in full.
    fn drain(&mut self) -> Result<(), SyncLimitError> {
        loop {
            let n = self.fill("change.data")?.len();
            if n == 0 {
                return Ok(());
            }
            self.inner.consume(n);
            self.pos += n as u64;
        }
    }

    fn fill(&mut self, field: &'static str) -> Result<&[u8], SyncLimitError> {
        self.inner
            .fill_buf()
            .map_err(|_| SyncLimitError::NotAChange(format!("bad DEFLATE data in `{field}`")))
    }
}

impl<R: std::io::BufRead> Source for Inflater<R> {
    fn byte(&mut self, field: &'static str) -> Result<u8, SyncLimitError> {
        let b = *self
            .fill(field)?
            .first()
            .ok_or(SyncLimitError::Truncated(field))?;
        self.inner.consume(1);
        self.pos += 1;
        Ok(b)
    }

    fn skip(&mut self, mut n: u64, field: &'static str) -> Result<(), SyncLimitError> {
        while n > 0 {
            let available = self.fill(field)?.len();
            if available == 0 {
                return Err(SyncLimitError::Truncated(field));
            }
            let step = available.min(usize::try_from(n).unwrap_or(usize::MAX));
            self.inner.consume(step);
            self.pos += step as u64;
            n -= step as u64;
        }
        Ok(())
    }

    fn position(&self) -> u64 {
        self.pos
    }
}

/// Unsigned LEB128, at most 64 bits (overlong encodings are automerge's to refuse).
fn uleb<S: Source>(s: &mut S, field: &'static str) -> Result<u64, SyncLimitError> {
    let mut result = 0u64;
    for shift in (0..64).step_by(7) {
        let byte = s.byte(field)?;
        if shift == 63 && byte > 1 {
            return Err(SyncLimitError::BadNumber(field));
        }
        result |= u64::from(byte & 0x7f) << shift;
        if byte & 0x80 == 0 {
            return Ok(result);
        }
    }
    Err(SyncLimitError::BadNumber(field))
}

/// Signed LEB128, at most 64 bits.
fn sleb<S: Source>(s: &mut S, field: &'static str) -> Result<i64, SyncLimitError> {
    let mut result = 0i64;
    let mut shift = 0u32;
    loop {
        let byte = s.byte(field)?;
        if shift == 63 && byte != 0 && byte != 0x7f {
            return Err(SyncLimitError::BadNumber(field));
        }
        result |= i64::from(byte & 0x7f) << shift;
        shift += 7;
        if byte & 0x80 == 0 {
            if shift < 64 && byte & 0x40 != 0 {
                result |= -1i64 << shift;
            }
            return Ok(result);
        }
        if shift > 63 {
            return Err(SyncLimitError::BadNumber(field));
        }
    }
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
    use crate::testing::{changes_message, leb, sleb};
    use automerge::sync::{self, SyncDoc};
    use automerge::transaction::Transactable;
    use automerge::{Automerge, ROOT};

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
    fn stored_operations_are_counted_across_chunks() {
        let mut doc = Automerge::new();
        for n in 0..3 {
            let mut tx = doc.transaction();
            tx.put(ROOT, "k", n as i64).expect("put");
            tx.commit();
        }
        // Three changes of one operation each, as `save_after` writes them.
        let changes = doc.save_after(&[]);
        assert_eq!(stored_ops_at_least(&changes, 3, 1 << 20), Some(true));
        assert_eq!(stored_ops_at_least(&changes, 4, 1 << 20), Some(false));
        assert_eq!(stored_ops_at_least(&[], 1, 1 << 20), Some(false));
        // A document chunk (a snapshot) counts its changes and operations too.
        assert_eq!(stored_ops_at_least(&doc.save(), 6, 1 << 20), Some(true));
        assert_eq!(stored_ops_at_least(&doc.save(), 7, 1 << 20), Some(false));
        let mut both = doc.save();
        both.extend(doc.save_after(&[]));
        assert_eq!(stored_ops_at_least(&both, 9, 1 << 20), Some(true));
        assert_eq!(stored_ops_at_least(&both, 10, 1 << 20), Some(false));
        assert_eq!(
            stored_ops_at_least(&both[..both.len() - 1], 100, 1 << 20),
            None
        );
    }

    /// A snapshot is written compressed column by column, so a document saying megabytes, or
    /// many operations, can be a few kilobytes on disk: loading it is as slow as its size or
    /// operations say. Before, a document chunk was not counted at all (`None`), and the relay
    /// loaded such a snapshot on its hub.
    #[test]
    fn a_snapshot_counts_what_it_inflates_to_and_its_operations() {
        let mut doc = Automerge::new();
        let mut tx = doc.transaction();
        tx.put(ROOT, "text", "a".repeat(4 << 20)).expect("put");
        tx.commit();
        let saved = doc.save();
        assert!(saved.len() < 64 << 10, "{} bytes", saved.len());
        assert_eq!(stored_ops_at_least(&saved, 1_000, 1 << 20), Some(true));
        assert_eq!(stored_ops_at_least(&saved, 1_000, 8 << 20), Some(false));

        let mut doc = Automerge::new();
        let mut tx = doc.transaction();
        let list = tx
            .put_object(ROOT, "list", automerge::ObjType::List)
            .expect("list");
        tx.splice(
            &list,
            0,
            0,
            std::iter::repeat_n(automerge::ScalarValue::Null, 30_000),
        )
        .expect("splice");
        tx.commit();
        let saved = doc.save();
        assert!(saved.len() < 4 << 10, "{} bytes", saved.len());
        assert_eq!(stored_ops_at_least(&saved, 30_001, 1 << 20), Some(true));
        assert_eq!(stored_ops_at_least(&saved, 30_003, 1 << 20), Some(false));
        assert_eq!(
            stored_ops_at_least(&doc.save_nocompress(), 30_001, 1 << 20),
            Some(true)
        );
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

    /// The message that was legal and cost the relay 512 probe computations per change of the
    /// document: 16 empty filters of 32 probes each. Now more than two haves, or more than ten
    /// probes, are refused; what automerge sends (one have, 7 probes of 10 bits) still passes.
    #[test]
    fn filters_that_cost_the_answer_more_than_automerges_own_are_refused() {
        let l = SyncLimits::default();
        let filter = |probes: u64, bits_per_entry: u64| {
            let mut bloom = Vec::new();
            leb(&mut bloom, 1);
            leb(&mut bloom, bits_per_entry);
            leb(&mut bloom, probes);
            bloom.extend(std::iter::repeat_n(
                0u8,
                (bits_per_entry as usize).div_ceil(8),
            ));
            bloom
        };
        let message = |haves: u64, bloom: &[u8]| {
            let mut m = vec![0x42, 0, 0];
            leb(&mut m, haves);
            for _ in 0..haves {
                m.push(0);
                leb(&mut m, bloom.len() as u64);
                m.extend_from_slice(bloom);
            }
            m.push(0);
            m
        };
        assert!(matches!(
            check_sync_message(&message(16, &filter(7, 10)), &l),
            Err(SyncLimitError::TooMany { field: "have", .. })
        ));
        assert!(matches!(
            check_sync_message(&message(1, &filter(32, 10)), &l),
            Err(SyncLimitError::Bloom {
                field: "numProbes",
                ..
            })
        ));
        assert!(matches!(
            check_sync_message(&message(1, &filter(7, 64)), &l),
            Err(SyncLimitError::Bloom {
                field: "numBitsPerEntry",
                ..
            })
        ));
        check_sync_message(&message(1, &filter(7, 10)), &l).expect("automerge's own filter");
        check_sync_message(&message(2, &filter(10, 16)), &l).expect("at the bounds");
        // And automerge's own first message, whose one have filters every change it holds.
        let mut a = Automerge::new();
        for n in 0..50 {
            let mut tx = a.transaction();
            tx.put(ROOT, "k", n).expect("put");
            tx.commit();
        }
        let first = a
            .generate_sync_message(&mut sync::State::new())
            .expect("msg")
            .encode();
        let summary = check_sync_message(&first, &l).expect("automerge's message");
        assert_eq!(summary.have, 1);
        assert!(summary.bloom_bytes > 50, "{summary:?}");
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

    /// A v1 message carrying `chunks`, decoded as `Connection` decodes it.
    fn with_changes(chunks: &[Vec<u8>]) -> sync::Message {
        sync::Message::decode(&changes_message(chunks)).expect("decodes")
    }

    /// A change chunk (type 1) whose only column is the action column `action`.
    fn crafted_change(action: &[u8]) -> Vec<u8> {
        let mut body = vec![0, 1, 0xaa, 1, 1, 0, 0, 0]; // deps, actor, seq, startOp, time, msg, others
        leb(&mut body, 1);
        leb(&mut body, ACTION_COLUMN);
        leb(&mut body, action.len() as u64);
        body.extend(action);
        chunk(CHUNK_CHANGE, &body)
    }

    fn chunk(chunk_type: u8, data: &[u8]) -> Vec<u8> {
        let mut c = MAGIC.to_vec();
        c.extend([0; 4]);
        c.push(chunk_type);
        leb(&mut c, data.len() as u64);
        c.extend(data);
        c
    }

    fn deflate(bytes: &[u8]) -> Vec<u8> {
        use std::io::Write;
        let mut e = flate2::write::DeflateEncoder::new(Vec::new(), flate2::Compression::default());
        e.write_all(bytes).expect("deflate");
        e.finish().expect("deflate")
    }

    #[test]
    fn operations_are_counted_as_automerge_counts_them() {
        use automerge::ObjType;
        let mut doc = crate::testing::doc_with("k", "v");
        let mut tx = doc.transaction();
        let text = tx.put_object(ROOT, "text", ObjType::Text).expect("text");
        tx.splice_text(&text, 0, 0, &"garment ".repeat(2_000))
            .expect("splice");
        tx.put(ROOT, "n", 3).expect("put");
        tx.commit();
        let mut tx = doc.transaction();
        tx.splice_text(&text, 5, 100, "x").expect("splice");
        tx.commit();
        let mut changes = doc.get_changes(&[]);
        let expected: u64 = changes.iter().map(|c| c.len() as u64).sum();
        assert!(expected > 16_000);
        let l = SyncLimits::default();
        // As stored (uncompressed) and as sent (compressed when over 256 bytes).
        let raw: Vec<Vec<u8>> = changes.iter().map(|c| c.raw_bytes().to_vec()).collect();
        assert_eq!(check_changes(&with_changes(&raw), &l), Ok(expected));
        let sent: Vec<Vec<u8>> = changes.iter_mut().map(|c| c.bytes().to_vec()).collect();
        assert!(sent.iter().any(|c| c[8] == CHUNK_COMPRESSED));
        assert_eq!(check_changes(&with_changes(&sent), &l), Ok(expected));
        // One op over the bound is refused.
        let tight = SyncLimits {
            max_ops: expected - 1,
            ..l
        };
        assert_eq!(
            check_changes(&with_changes(&sent), &tight),
            Err(SyncLimitError::TooManyOps { max: expected - 1 })
        );
    }

    /// Issue 11 item 7: RLE lets a few bytes claim billions of operations. The count reads run
    /// lengths, so these are refused without walking (or allocating) one operation each: at
    /// 2^40 operations a walk would take hours and an allocation terabytes.
    #[test]
    fn run_length_claims_are_refused_without_walking_them() {
        let l = SyncLimits::default();
        let claims: Vec<Vec<u8>> = [
            (1i64 << 40, Some(1u64)), // a run: 2^40 × "set"
            (-(1i64 << 40), None),    // a literal run claiming 2^40 values, none present
            (0, Some(1 << 40)),       // a null run of 2^40
        ]
        .iter()
        .map(|&(count, value)| {
            let mut action = Vec::new();
            sleb(&mut action, count);
            if let Some(v) = value {
                leb(&mut action, v);
            }
            action
        })
        .collect();
        for action in &claims {
            let plain = crafted_change(action);
            assert_eq!(
                check_changes(&with_changes(std::slice::from_ref(&plain)), &l),
                Err(SyncLimitError::TooManyOps { max: l.max_ops })
            );
            let compressed = chunk(CHUNK_COMPRESSED, &deflate(&plain[10..]));
            assert_eq!(
                check_changes(&with_changes(&[compressed]), &l),
                Err(SyncLimitError::TooManyOps { max: l.max_ops })
            );
        }
        // Many small runs add up across changes: 3 changes of 400,000.
        let mut action = Vec::new();
        sleb(&mut action, 400_000);
        leb(&mut action, 1);
        let three = vec![crafted_change(&action); 3];
        assert_eq!(
            check_changes(&with_changes(&three), &l),
            Err(SyncLimitError::TooManyOps { max: l.max_ops })
        );
        assert_eq!(check_changes(&with_changes(&three[..2]), &l), Ok(800_000));
    }

    #[test]
    fn inflating_is_bounded() {
        let l = SyncLimits {
            max_inflated_bytes: 1 << 20,
            ..SyncLimits::default()
        };
        // A change with 2 MiB of extra bytes after its columns (the header's length is dropped:
        // only the body is deflated): ~2 KB deflated.
        let mut body = crafted_change(&[2, 1]);
        body.extend(std::iter::repeat_n(0u8, 2 << 20));
        let bomb = chunk(CHUNK_COMPRESSED, &deflate(&body[10..]));
        assert!(bomb.len() < 10_000);
        assert_eq!(
            check_changes(&with_changes(&[bomb]), &l),
            Err(SyncLimitError::TooLargeInflated { max: 1 << 20 })
        );
        // Under the bound it passes, and the bound is per message.
        let mut half = crafted_change(&[2, 1]);
        half.extend(std::iter::repeat_n(0u8, 600 << 10));
        let ok = chunk(CHUNK_COMPRESSED, &deflate(&half[10..]));
        assert_eq!(
            check_changes(&with_changes(std::slice::from_ref(&ok)), &l),
            Ok(2)
        );
        assert_eq!(
            check_changes(&with_changes(&[ok.clone(), ok]), &l),
            Err(SyncLimitError::TooLargeInflated { max: 1 << 20 })
        );
    }

    /// What automerge will hold of the changes is measured inflated, plain chunks as they are:
    /// the relay charges that, not the bytes sent (DEFLATE says zeros in a thousandth).
    #[test]
    fn changes_are_weighed_inflated() {
        let l = SyncLimits::default();
        let mut body = crafted_change(&[2, 1]);
        body.extend(std::iter::repeat_n(0u8, 4 << 20));
        let deflated = deflate(&body[10..]);
        let bomb = chunk(CHUNK_COMPRESSED, &deflated);
        // The chunk's header, then its body inflated.
        let inflated = (bomb.len() - deflated.len() + body.len() - 10) as u64;
        assert!(bomb.len() < 10_000);
        let plain = crafted_change(&[2, 1]);
        let weight = measure_changes(&with_changes(&[bomb.clone(), plain.clone()]), &l);
        assert_eq!(
            weight,
            Ok(ChangesWeight {
                ops: 4,
                bytes: inflated + plain.len() as u64
            })
        );
        // Plain chunks count against the bound too.
        let tight = SyncLimits {
            max_inflated_bytes: plain.len() as u64 * 2 - 1,
            ..l
        };
        assert_eq!(
            check_changes(&with_changes(&[plain.clone(), plain]), &tight),
            Err(SyncLimitError::TooLargeInflated {
                max: tight.max_inflated_bytes
            })
        );
        // The default bound is twice the largest message sent plain.
        assert_eq!(
            l.max_inflated_bytes,
            2 * crate::message::DEFAULT_MAX_MESSAGE_BYTES as u64
        );
    }

    #[test]
    fn malformed_chunks_are_errors_not_panics() {
        let l = SyncLimits::default();
        let good = crafted_change(&[2, 1]);
        assert_eq!(
            check_changes(&with_changes(std::slice::from_ref(&good)), &l),
            Ok(2)
        );
        for cut in 10..good.len() {
            assert!(check_changes(&with_changes(&[good[..cut].to_vec()]), &l).is_err());
        }
        let mut trailing = good.clone();
        trailing.push(0);
        assert!(check_changes(&with_changes(&[trailing]), &l).is_err());
        let mut document = good.clone();
        document[8] = 0;
        assert!(check_changes(&with_changes(&[document]), &l).is_err());
        let garbage_deflate = chunk(CHUNK_COMPRESSED, &[0xff; 40]);
        assert!(check_changes(&with_changes(&[garbage_deflate]), &l).is_err());
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
