//! The automerge-repo network protocol (version "1") messages and their CBOR codec.
//!
//! It owns the exact wire shape — CBOR maps with a `type` field and camelCase keys, as
//! `@automerge/automerge-repo` 2.5 (`network/messages.ts`) and its WebSocket adapter
//! (`join`, `peer`, `error`) write them with cbor-x — and the rules for reading untrusted
//! bytes: every decode is bounded (message size, text length, list length, nesting) and
//! returns a [`DecodeError`] instead of panicking, because these bytes come straight off a
//! socket. Unknown map keys are ignored (newer peers may add fields); unknown `type`s are an
//! error the caller may choose to ignore.
//!
//! Encoding is a tiny hand-written CBOR writer (definite lengths, text keys, byte strings for
//! binary data — what cbor-x produces with `tagUint8Array: false`), so encoding cannot fail.

use std::collections::BTreeMap;

use ciborium::Value;

use crate::ids::{DocumentId, IdError, PeerId};

/// The only protocol version this crate speaks.
pub const PROTOCOL_V1: &str = "1";

/// Default upper bound for one encoded message (one WebSocket frame).
pub const DEFAULT_MAX_MESSAGE_BYTES: usize = 16 * 1024 * 1024;
/// Upper bound for id-like texts (peer ids, storage ids, session ids, heads, versions).
pub const MAX_ID_TEXT: usize = 1024;
/// Upper bound for the text of an `error` message.
pub const MAX_ERROR_TEXT: usize = 64 * 1024;
/// Upper bound for lists inside a message (versions, storage ids, heads).
pub const MAX_LIST_ITEMS: usize = 4096;
/// CBOR nesting accepted before giving up (the messages themselves nest three deep).
const MAX_DEPTH: usize = 16;
/// CBOR items (every value, key, and string chunk) in one message. Decoding builds a tree
/// where each item costs ~40 bytes whatever its encoded size (one byte for a `0`), so an
/// unbounded count would turn a 15 MiB frame into 500+ MB; this cap keeps the tree under
/// ~3 MB. The largest honest message (a `remote-heads-changed` or subscription list at
/// [`MAX_LIST_ITEMS`]) has a few thousand items; binary data is one item.
pub const MAX_CBOR_ITEMS: u64 = 65_536;

/// What a peer tells about itself in `join` and `peer`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PeerMetadata {
    /// Id of the peer's persistent storage (absent for ephemeral peers).
    pub storage_id: Option<String>,
    /// True for peers that keep nothing (a relay may skip storing sync state for them).
    pub is_ephemeral: Option<bool>,
    /// Gendan's resume handshake (`gendanResume`, ignored by stock peers): in `join`, the
    /// digest of the sync map the peer kept for this remote; in `peer`,
    /// [`crate::resume::ACCEPTED`] when the acceptor kept the same. See [`crate::resume`].
    pub resume: Option<String>,
    /// Gendan's nearby bundle-first handshake (`gendanOrders`, ignored by stock peers and never
    /// sent to a relay): how many orders this device shares with the nearby device. The side
    /// holding fewer than half of the other's receives them as one bundle first, then syncs.
    pub orders: Option<u64>,
    /// Gendan's nearby handshake from a factory's phone (`gendanShared`, ignored by stock
    /// peers): the ids of the orders it holds, the only ones the office then syncs with it.
    pub shared: Option<Vec<String>>,
    /// Gendan's nearby proof from a factory's phone (`gendanLink`, hex, ignored by stock
    /// peers): that it holds a link the office's team made, bound to this connection, so the
    /// office syncs only the orders that link reaches, not every order the phone names.
    pub link_proof: Option<String>,
    /// Gendan's nearby proof from a team's device (`gendanTeam`, text, ignored by stock peers):
    /// that it holds the team's key from the workspace document, bound to this connection, so
    /// a device that only says it is the team's (a factory's phone hiding that it is one) is
    /// not taken for one.
    pub team_proof: Option<String>,
}

/// A document's heads as seen by one storage, in `remote-heads-changed`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HeadsAt {
    pub heads: Vec<String>,
    pub timestamp: u64,
}

/// `sync` and `request` carry the same fields: automerge sync-protocol bytes for one document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocMessage {
    pub sender_id: PeerId,
    pub target_id: PeerId,
    pub document_id: DocumentId,
    pub data: Vec<u8>,
}

/// One protocol message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Message {
    /// First message of the connecting side.
    Join {
        sender_id: PeerId,
        supported_protocol_versions: Vec<String>,
        peer_metadata: PeerMetadata,
    },
    /// The accepting side's answer to `join`.
    Peer {
        sender_id: PeerId,
        target_id: PeerId,
        selected_protocol_version: String,
        peer_metadata: PeerMetadata,
    },
    /// Asks for a document the sender does not hold (its first sync message).
    Request(DocMessage),
    /// Automerge sync-protocol bytes for one document.
    Sync(DocMessage),
    /// The sender does not hold (or will not share) the document.
    DocUnavailable {
        sender_id: PeerId,
        target_id: PeerId,
        document_id: DocumentId,
    },
    /// Application data (presence, signalling) never stored.
    Ephemeral {
        sender_id: PeerId,
        target_id: PeerId,
        document_id: DocumentId,
        session_id: String,
        count: u64,
        data: Vec<u8>,
    },
    RemoteSubscriptionChange {
        sender_id: PeerId,
        target_id: PeerId,
        add: Vec<String>,
        remove: Vec<String>,
    },
    RemoteHeadsChanged {
        sender_id: PeerId,
        target_id: PeerId,
        document_id: DocumentId,
        new_heads: BTreeMap<String, HeadsAt>,
    },
    Leave {
        sender_id: PeerId,
    },
    /// The sender is about to close the connection because of this problem.
    Error {
        sender_id: Option<PeerId>,
        target_id: Option<PeerId>,
        message: String,
    },
}

impl Message {
    /// The `type` field.
    pub fn kind(&self) -> &'static str {
        match self {
            Message::Join { .. } => "join",
            Message::Peer { .. } => "peer",
            Message::Request(_) => "request",
            Message::Sync(_) => "sync",
            Message::DocUnavailable { .. } => "doc-unavailable",
            Message::Ephemeral { .. } => "ephemeral",
            Message::RemoteSubscriptionChange { .. } => "remote-subscription-change",
            Message::RemoteHeadsChanged { .. } => "remote-heads-changed",
            Message::Leave { .. } => "leave",
            Message::Error { .. } => "error",
        }
    }

    /// The document the message is about, if any.
    pub fn document_id(&self) -> Option<DocumentId> {
        match self {
            Message::Request(m) | Message::Sync(m) => Some(m.document_id),
            Message::DocUnavailable { document_id, .. }
            | Message::Ephemeral { document_id, .. }
            | Message::RemoteHeadsChanged { document_id, .. } => Some(*document_id),
            _ => None,
        }
    }
}

/// Why bytes could not be read as a [`Message`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum DecodeError {
    #[error("message of {len} bytes exceeds the limit of {max}")]
    TooLarge { len: usize, max: usize },
    #[error("empty message")]
    Empty,
    #[error("malformed CBOR: {0}")]
    Cbor(String),
    #[error("bytes after the end of the message")]
    TrailingBytes,
    #[error("CBOR nested too deeply")]
    TooDeep,
    #[error("more than {max} CBOR items in one message")]
    TooManyItems { max: u64 },
    #[error("a message must be a CBOR map with a `type`")]
    NotAMap,
    #[error("unknown message type {0:?}")]
    UnknownType(String),
    #[error("`{kind}` message lacks `{field}`")]
    MissingField {
        kind: &'static str,
        field: &'static str,
    },
    #[error("`{field}` must be {expected}")]
    WrongType {
        field: &'static str,
        expected: &'static str,
    },
    #[error("`{field}` is longer than {max}")]
    TooLong { field: &'static str, max: usize },
    #[error("bad `documentId`: {0}")]
    DocumentId(#[from] IdError),
}

/// Reads one message, refusing inputs over [`DEFAULT_MAX_MESSAGE_BYTES`].
pub fn decode(bytes: &[u8]) -> Result<Message, DecodeError> {
    decode_with_limit(bytes, DEFAULT_MAX_MESSAGE_BYTES)
}

/// Reads one message of at most `max_bytes`.
pub fn decode_with_limit(bytes: &[u8], max_bytes: usize) -> Result<Message, DecodeError> {
    if bytes.len() > max_bytes {
        return Err(DecodeError::TooLarge {
            len: bytes.len(),
            max: max_bytes,
        });
    }
    if bytes.is_empty() {
        return Err(DecodeError::Empty);
    }
    check_depth(bytes)?;
    let mut reader = bytes;
    let value: Value = ciborium::from_reader(&mut reader)
        .map_err(|err| DecodeError::Cbor(truncate(&err.to_string(), 200)))?;
    if !reader.is_empty() {
        return Err(DecodeError::TrailingBytes);
    }
    from_value(value)
}

/// Writes one message as CBOR.
pub fn encode(message: &Message) -> Vec<u8> {
    let mut w = Writer(Vec::with_capacity(64));
    match message {
        Message::Join {
            sender_id,
            supported_protocol_versions,
            peer_metadata,
        } => {
            w.map(4);
            w.entry_text("type", "join");
            w.entry_text("senderId", sender_id.as_str());
            w.text("supportedProtocolVersions");
            w.array(supported_protocol_versions.len());
            for v in supported_protocol_versions {
                w.text(v);
            }
            w.text("peerMetadata");
            w.metadata(peer_metadata);
        }
        Message::Peer {
            sender_id,
            target_id,
            selected_protocol_version,
            peer_metadata,
        } => {
            w.map(5);
            w.entry_text("type", "peer");
            w.entry_text("senderId", sender_id.as_str());
            w.entry_text("targetId", target_id.as_str());
            w.entry_text("selectedProtocolVersion", selected_protocol_version);
            w.text("peerMetadata");
            w.metadata(peer_metadata);
        }
        Message::Request(m) | Message::Sync(m) => {
            w.map(5);
            w.entry_text("type", message.kind());
            w.entry_text("senderId", m.sender_id.as_str());
            w.entry_text("targetId", m.target_id.as_str());
            w.entry_text("documentId", &m.document_id.to_string());
            w.text("data");
            w.bytes(&m.data);
        }
        Message::DocUnavailable {
            sender_id,
            target_id,
            document_id,
        } => {
            w.map(4);
            w.entry_text("type", "doc-unavailable");
            w.entry_text("senderId", sender_id.as_str());
            w.entry_text("targetId", target_id.as_str());
            w.entry_text("documentId", &document_id.to_string());
        }
        Message::Ephemeral {
            sender_id,
            target_id,
            document_id,
            session_id,
            count,
            data,
        } => {
            w.map(7);
            w.entry_text("type", "ephemeral");
            w.entry_text("senderId", sender_id.as_str());
            w.entry_text("targetId", target_id.as_str());
            w.entry_text("documentId", &document_id.to_string());
            w.entry_text("sessionId", session_id);
            w.text("count");
            w.uint(*count);
            w.text("data");
            w.bytes(data);
        }
        Message::RemoteSubscriptionChange {
            sender_id,
            target_id,
            add,
            remove,
        } => {
            w.map(5);
            w.entry_text("type", "remote-subscription-change");
            w.entry_text("senderId", sender_id.as_str());
            w.entry_text("targetId", target_id.as_str());
            for (key, list) in [("add", add), ("remove", remove)] {
                w.text(key);
                w.array(list.len());
                for item in list {
                    w.text(item);
                }
            }
        }
        Message::RemoteHeadsChanged {
            sender_id,
            target_id,
            document_id,
            new_heads,
        } => {
            w.map(5);
            w.entry_text("type", "remote-heads-changed");
            w.entry_text("senderId", sender_id.as_str());
            w.entry_text("targetId", target_id.as_str());
            w.entry_text("documentId", &document_id.to_string());
            w.text("newHeads");
            w.map(new_heads.len());
            for (storage, at) in new_heads {
                w.text(storage);
                w.map(2);
                w.text("heads");
                w.array(at.heads.len());
                for h in &at.heads {
                    w.text(h);
                }
                w.text("timestamp");
                w.uint(at.timestamp);
            }
        }
        Message::Leave { sender_id } => {
            w.map(2);
            w.entry_text("type", "leave");
            w.entry_text("senderId", sender_id.as_str());
        }
        Message::Error {
            sender_id,
            target_id,
            message,
        } => {
            let n = 2 + usize::from(sender_id.is_some()) + usize::from(target_id.is_some());
            w.map(n);
            w.entry_text("type", "error");
            if let Some(s) = sender_id {
                w.entry_text("senderId", s.as_str());
            }
            if let Some(t) = target_id {
                w.entry_text("targetId", t.as_str());
            }
            w.entry_text("message", message);
        }
    }
    w.0
}

/// Minimal CBOR writer for the shapes above (RFC 8949 definite-length items).
struct Writer(Vec<u8>);

impl Writer {
    fn head(&mut self, major: u8, n: u64) {
        let m = major << 5;
        if n < 24 {
            self.0.push(m | n as u8);
        } else if let Ok(n) = u8::try_from(n) {
            self.0.extend_from_slice(&[m | 24, n]);
        } else if let Ok(n) = u16::try_from(n) {
            self.0.push(m | 25);
            self.0.extend_from_slice(&n.to_be_bytes());
        } else if let Ok(n) = u32::try_from(n) {
            self.0.push(m | 26);
            self.0.extend_from_slice(&n.to_be_bytes());
        } else {
            self.0.push(m | 27);
            self.0.extend_from_slice(&n.to_be_bytes());
        }
    }
    fn uint(&mut self, n: u64) {
        self.head(0, n);
    }
    fn bytes(&mut self, b: &[u8]) {
        self.head(2, b.len() as u64);
        self.0.extend_from_slice(b);
    }
    fn text(&mut self, s: &str) {
        self.head(3, s.len() as u64);
        self.0.extend_from_slice(s.as_bytes());
    }
    fn array(&mut self, n: usize) {
        self.head(4, n as u64);
    }
    fn map(&mut self, n: usize) {
        self.head(5, n as u64);
    }
    fn entry_text(&mut self, key: &str, value: &str) {
        self.text(key);
        self.text(value);
    }
    fn metadata(&mut self, meta: &PeerMetadata) {
        let n = usize::from(meta.storage_id.is_some())
            + usize::from(meta.is_ephemeral.is_some())
            + usize::from(meta.resume.is_some())
            + usize::from(meta.orders.is_some())
            + usize::from(meta.shared.is_some())
            + usize::from(meta.link_proof.is_some())
            + usize::from(meta.team_proof.is_some());
        self.map(n);
        if let Some(id) = &meta.storage_id {
            self.entry_text("storageId", id);
        }
        if let Some(eph) = meta.is_ephemeral {
            self.text("isEphemeral");
            // Simple values: 20 = false, 21 = true.
            self.0.push(0xe0 | if eph { 21 } else { 20 });
        }
        if let Some(resume) = &meta.resume {
            self.entry_text("gendanResume", resume);
        }
        if let Some(orders) = meta.orders {
            self.text("gendanOrders");
            self.uint(orders);
        }
        if let Some(shared) = &meta.shared {
            self.text("gendanShared");
            self.array(shared.len());
            for id in shared {
                self.text(id);
            }
        }
        if let Some(proof) = &meta.link_proof {
            self.entry_text("gendanLink", proof);
        }
        if let Some(proof) = &meta.team_proof {
            self.entry_text("gendanTeam", proof);
        }
    }
}

fn truncate(s: &str, max: usize) -> String {
    if s.len() <= max {
        return s.to_owned();
    }
    let mut end = max;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    format!("{}…", &s[..end])
}

/// Walks the CBOR item headers without allocating and refuses nesting deeper than
/// [`MAX_DEPTH`], so the recursive decoder below never meets a stack-exhausting input, and
/// more than [`MAX_CBOR_ITEMS`] items, so the tree it builds stays small.
/// Malformed headers are left for the real decoder to report.
fn check_depth(bytes: &[u8]) -> Result<(), DecodeError> {
    // Each entry counts the items still expected at that level (`u64::MAX` = indefinite).
    let mut stack: Vec<u64> = Vec::new();
    let mut pos = 0usize;
    let mut remaining_top = 1u64;
    let mut items = 0u64;
    loop {
        // Pop finished containers.
        while let Some(&0) = stack.last() {
            stack.pop();
        }
        if stack.is_empty() && remaining_top == 0 {
            return Ok(());
        }
        let Some(&initial) = bytes.get(pos) else {
            return Ok(());
        };
        pos += 1;
        let major = initial >> 5;
        let info = initial & 0x1f;
        if initial == 0xff {
            // Break: ends the innermost indefinite container.
            if let Some(top) = stack.last_mut() {
                if *top == u64::MAX {
                    *top = 0;
                    continue;
                }
            }
            return Ok(());
        }
        items += 1;
        if items > MAX_CBOR_ITEMS {
            return Err(DecodeError::TooManyItems {
                max: MAX_CBOR_ITEMS,
            });
        }
        // One item consumed at the current level.
        match stack.last_mut() {
            Some(top) if *top != u64::MAX => *top -= 1,
            Some(_) => {}
            None => remaining_top = remaining_top.saturating_sub(1),
        }
        let arg = match info {
            0..=23 => Some(u64::from(info)),
            24..=27 => {
                let width = 1usize << (info - 24);
                let Some(raw) = bytes.get(pos..pos + width) else {
                    return Ok(());
                };
                pos += width;
                Some(raw.iter().fold(0u64, |acc, b| (acc << 8) | u64::from(*b)))
            }
            31 => None,
            _ => return Ok(()),
        };
        match major {
            2 | 3 => match arg {
                Some(len) => {
                    let Ok(len) = usize::try_from(len) else {
                        return Ok(());
                    };
                    pos = pos.saturating_add(len);
                }
                None => {
                    // Indefinite string: its chunks follow until a break.
                    stack.push(u64::MAX);
                }
            },
            4 | 5 => {
                let count = match arg {
                    Some(n) if major == 5 => n.saturating_mul(2),
                    Some(n) => n,
                    None => u64::MAX,
                };
                if count != 0 {
                    if stack.len() >= MAX_DEPTH {
                        return Err(DecodeError::TooDeep);
                    }
                    stack.push(count);
                }
            }
            6 => {
                // A tag wraps exactly one item.
                if stack.len() >= MAX_DEPTH {
                    return Err(DecodeError::TooDeep);
                }
                stack.push(1);
            }
            _ => {}
        }
    }
}

fn from_value(value: Value) -> Result<Message, DecodeError> {
    let Value::Map(entries) = value else {
        return Err(DecodeError::NotAMap);
    };
    let mut fields: BTreeMap<String, Value> = BTreeMap::new();
    for (key, value) in entries {
        if let Value::Text(key) = key {
            fields.entry(key).or_insert(value);
        }
    }
    let mut f = Fields { fields, kind: "" };
    let kind = match f.fields.remove("type") {
        Some(Value::Text(t)) => t,
        Some(_) => {
            return Err(DecodeError::WrongType {
                field: "type",
                expected: "text",
            })
        }
        None => return Err(DecodeError::NotAMap),
    };
    let message = match kind.as_str() {
        "join" => {
            f.kind = "join";
            Message::Join {
                sender_id: f.peer("senderId")?,
                supported_protocol_versions: f
                    .opt_list("supportedProtocolVersions")?
                    .unwrap_or_else(|| vec![PROTOCOL_V1.to_owned()]),
                peer_metadata: f.metadata()?,
            }
        }
        "peer" => {
            f.kind = "peer";
            Message::Peer {
                sender_id: f.peer("senderId")?,
                target_id: f.peer("targetId")?,
                selected_protocol_version: f.text("selectedProtocolVersion", MAX_ID_TEXT)?,
                peer_metadata: f.metadata()?,
            }
        }
        "request" | "sync" => {
            f.kind = if kind == "sync" { "sync" } else { "request" };
            let m = DocMessage {
                sender_id: f.peer("senderId")?,
                target_id: f.peer("targetId")?,
                document_id: f.document_id()?,
                data: f.bytes("data")?,
            };
            if kind == "sync" {
                Message::Sync(m)
            } else {
                Message::Request(m)
            }
        }
        "doc-unavailable" => {
            f.kind = "doc-unavailable";
            Message::DocUnavailable {
                sender_id: f.peer("senderId")?,
                target_id: f.peer("targetId")?,
                document_id: f.document_id()?,
            }
        }
        "ephemeral" => {
            f.kind = "ephemeral";
            Message::Ephemeral {
                sender_id: f.peer("senderId")?,
                target_id: f.peer("targetId")?,
                document_id: f.document_id()?,
                session_id: f.text("sessionId", MAX_ID_TEXT)?,
                count: f.uint("count")?,
                data: f.bytes("data")?,
            }
        }
        "remote-subscription-change" => {
            f.kind = "remote-subscription-change";
            Message::RemoteSubscriptionChange {
                sender_id: f.peer("senderId")?,
                target_id: f.peer("targetId")?,
                add: f.opt_list("add")?.unwrap_or_default(),
                remove: f.opt_list("remove")?.unwrap_or_default(),
            }
        }
        "remote-heads-changed" => {
            f.kind = "remote-heads-changed";
            Message::RemoteHeadsChanged {
                sender_id: f.peer("senderId")?,
                target_id: f.peer("targetId")?,
                document_id: f.document_id()?,
                new_heads: f.new_heads()?,
            }
        }
        "leave" => {
            f.kind = "leave";
            Message::Leave {
                sender_id: f.peer("senderId")?,
            }
        }
        "error" => {
            f.kind = "error";
            Message::Error {
                sender_id: f.opt_peer("senderId")?,
                target_id: f.opt_peer("targetId")?,
                message: f.opt_text("message", MAX_ERROR_TEXT)?.unwrap_or_default(),
            }
        }
        other => return Err(DecodeError::UnknownType(truncate(other, 64))),
    };
    Ok(message)
}

/// The fields of one message map, consumed as they are read.
struct Fields {
    fields: BTreeMap<String, Value>,
    kind: &'static str,
}

/// `null` and `undefined` (cbor-x writes JavaScript's `undefined` as simple 23, which
/// ciborium reads as null) count as absent.
fn present(v: Option<Value>) -> Option<Value> {
    match v {
        Some(Value::Null) | None => None,
        v => v,
    }
}

fn text_value(v: Value, field: &'static str, max: usize) -> Result<String, DecodeError> {
    match v {
        Value::Text(t) if t.len() <= max => Ok(t),
        Value::Text(_) => Err(DecodeError::TooLong { field, max }),
        _ => Err(DecodeError::WrongType {
            field,
            expected: "text",
        }),
    }
}

fn uint_value(v: Value, field: &'static str) -> Result<u64, DecodeError> {
    let wrong = DecodeError::WrongType {
        field,
        expected: "a non-negative integer",
    };
    match v {
        Value::Integer(i) => u64::try_from(i).map_err(|_| wrong),
        // JavaScript numbers may arrive as floats (e.g. a timestamp that went through math).
        Value::Float(f) if f.is_finite() && f >= 0.0 && f < u64::MAX as f64 => Ok(f as u64),
        _ => Err(wrong),
    }
}

impl Fields {
    fn take(&mut self, field: &'static str) -> Result<Value, DecodeError> {
        present(self.fields.remove(field)).ok_or(DecodeError::MissingField {
            kind: self.kind,
            field,
        })
    }

    fn text(&mut self, field: &'static str, max: usize) -> Result<String, DecodeError> {
        text_value(self.take(field)?, field, max)
    }

    fn opt_text(&mut self, field: &'static str, max: usize) -> Result<Option<String>, DecodeError> {
        present(self.fields.remove(field))
            .map(|v| text_value(v, field, max))
            .transpose()
    }

    fn peer(&mut self, field: &'static str) -> Result<PeerId, DecodeError> {
        self.text(field, MAX_ID_TEXT).map(PeerId::new)
    }

    fn opt_peer(&mut self, field: &'static str) -> Result<Option<PeerId>, DecodeError> {
        Ok(self.opt_text(field, MAX_ID_TEXT)?.map(PeerId::new))
    }

    fn document_id(&mut self) -> Result<DocumentId, DecodeError> {
        Ok(self.text("documentId", MAX_ID_TEXT)?.parse()?)
    }

    fn bytes(&mut self, field: &'static str) -> Result<Vec<u8>, DecodeError> {
        match self.take(field)? {
            Value::Bytes(b) => Ok(b),
            // cbor-x with default options tags typed arrays (tag 64 = uint8 array).
            Value::Tag(64, inner) => match *inner {
                Value::Bytes(b) => Ok(b),
                _ => Err(DecodeError::WrongType {
                    field,
                    expected: "bytes",
                }),
            },
            _ => Err(DecodeError::WrongType {
                field,
                expected: "bytes",
            }),
        }
    }

    fn uint(&mut self, field: &'static str) -> Result<u64, DecodeError> {
        uint_value(self.take(field)?, field)
    }

    fn opt_list(&mut self, field: &'static str) -> Result<Option<Vec<String>>, DecodeError> {
        match present(self.fields.remove(field)) {
            None => Ok(None),
            Some(v) => text_list(v, field).map(Some),
        }
    }

    fn metadata(&mut self) -> Result<PeerMetadata, DecodeError> {
        let field = "peerMetadata";
        let entries = match present(self.fields.remove(field)) {
            None => return Ok(PeerMetadata::default()),
            Some(Value::Map(entries)) => entries,
            Some(_) => {
                return Err(DecodeError::WrongType {
                    field,
                    expected: "a map",
                })
            }
        };
        let mut meta = PeerMetadata::default();
        for (key, value) in entries {
            match (key, value) {
                (Value::Text(k), Value::Text(v)) if k == "storageId" => {
                    meta.storage_id = Some(text_value(Value::Text(v), "storageId", MAX_ID_TEXT)?);
                }
                (Value::Text(k), Value::Bool(b)) if k == "isEphemeral" => {
                    meta.is_ephemeral = Some(b);
                }
                (Value::Text(k), Value::Text(v)) if k == "gendanResume" => {
                    meta.resume = Some(text_value(Value::Text(v), "gendanResume", MAX_ID_TEXT)?);
                }
                // Only a hint for choosing how to sync: one that does not read is left out (an
                // ordinary sync follows) rather than ending the connection.
                (Value::Text(k), v) if k == "gendanOrders" => {
                    meta.orders = uint_value(v, "gendanOrders").ok();
                }
                // A list that does not read is no list: the office then syncs no order with
                // the phone, rather than ending the connection.
                (Value::Text(k), v) if k == "gendanShared" => {
                    meta.shared = text_list(v, "gendanShared").ok();
                }
                // A proof that does not read proves nothing: no order syncs.
                (Value::Text(k), v) if k == "gendanLink" => {
                    meta.link_proof = text_value(v, "gendanLink", MAX_ID_TEXT).ok();
                }
                // Nor does a team proof that does not read: the device is asked about.
                (Value::Text(k), v) if k == "gendanTeam" => {
                    meta.team_proof = text_value(v, "gendanTeam", MAX_ID_TEXT).ok();
                }
                _ => {}
            }
        }
        Ok(meta)
    }

    fn new_heads(&mut self) -> Result<BTreeMap<String, HeadsAt>, DecodeError> {
        let field = "newHeads";
        let wrong = DecodeError::WrongType {
            field,
            expected: "a map of storage id to {heads, timestamp}",
        };
        let Value::Map(entries) = self.take(field)? else {
            return Err(wrong);
        };
        if entries.len() > MAX_LIST_ITEMS {
            return Err(DecodeError::TooLong {
                field,
                max: MAX_LIST_ITEMS,
            });
        }
        let mut out = BTreeMap::new();
        for (key, value) in entries {
            let storage = text_value(key, field, MAX_ID_TEXT)?;
            let Value::Map(inner) = value else {
                return Err(wrong);
            };
            let mut heads = None;
            let mut timestamp = 0;
            for (k, v) in inner {
                match k {
                    Value::Text(k) if k == "heads" => heads = Some(text_list(v, "heads")?),
                    Value::Text(k) if k == "timestamp" => timestamp = uint_value(v, "timestamp")?,
                    _ => {}
                }
            }
            let heads = heads.ok_or(DecodeError::MissingField {
                kind: "remote-heads-changed",
                field: "heads",
            })?;
            out.insert(storage, HeadsAt { heads, timestamp });
        }
        Ok(out)
    }
}

fn text_list(v: Value, field: &'static str) -> Result<Vec<String>, DecodeError> {
    let Value::Array(items) = v else {
        return Err(DecodeError::WrongType {
            field,
            expected: "a list of text",
        });
    };
    if items.len() > MAX_LIST_ITEMS {
        return Err(DecodeError::TooLong {
            field,
            max: MAX_LIST_ITEMS,
        });
    }
    items
        .into_iter()
        .map(|item| text_value(item, field, MAX_ID_TEXT))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc() -> DocumentId {
        DocumentId::from_bytes([3; 16])
    }

    pub(crate) fn samples() -> Vec<Message> {
        let p = PeerId::from("peer-a");
        let q = PeerId::from("relay");
        vec![
            Message::Join {
                sender_id: p.clone(),
                supported_protocol_versions: vec!["1".into()],
                peer_metadata: PeerMetadata {
                    storage_id: Some("st-1".into()),
                    is_ephemeral: Some(false),
                    resume: Some("2-00ff".into()),
                    orders: Some(1_000),
                    shared: Some(vec!["o-1".into()]),
                    link_proof: Some("0f".repeat(32)),
                    team_proof: Some(format!("{}:{}", "a1".repeat(8), "0e".repeat(32))),
                },
            },
            Message::Peer {
                sender_id: q.clone(),
                target_id: p.clone(),
                selected_protocol_version: "1".into(),
                peer_metadata: PeerMetadata::default(),
            },
            Message::Request(DocMessage {
                sender_id: p.clone(),
                target_id: q.clone(),
                document_id: doc(),
                data: vec![0x42, 1, 2],
            }),
            Message::Sync(DocMessage {
                sender_id: p.clone(),
                target_id: q.clone(),
                document_id: doc(),
                data: vec![7; 300],
            }),
            Message::DocUnavailable {
                sender_id: q.clone(),
                target_id: p.clone(),
                document_id: doc(),
            },
            Message::Ephemeral {
                sender_id: p.clone(),
                target_id: q.clone(),
                document_id: doc(),
                session_id: "s".into(),
                count: 70_000,
                data: vec![0xa0],
            },
            Message::RemoteSubscriptionChange {
                sender_id: p.clone(),
                target_id: q.clone(),
                add: vec!["a".into()],
                remove: vec![],
            },
            Message::RemoteHeadsChanged {
                sender_id: p.clone(),
                target_id: q.clone(),
                document_id: doc(),
                new_heads: BTreeMap::from([(
                    "st".to_owned(),
                    HeadsAt {
                        heads: vec!["h1".into()],
                        timestamp: 1_764_000_000_000,
                    },
                )]),
            },
            Message::Leave { sender_id: p },
            Message::Error {
                sender_id: Some(q),
                target_id: None,
                message: "nope".into(),
            },
        ]
    }

    #[test]
    fn every_message_round_trips() {
        for m in samples() {
            let bytes = encode(&m);
            assert_eq!(decode(&bytes), Ok(m.clone()), "{}", m.kind());
        }
    }

    #[test]
    fn limits_and_garbage_are_errors() {
        let big = encode(&samples()[3]);
        assert!(matches!(
            decode_with_limit(&big, 10),
            Err(DecodeError::TooLarge { .. })
        ));
        assert_eq!(decode(&[]), Err(DecodeError::Empty));
        assert!(matches!(
            decode(&big[..big.len() - 1]),
            Err(DecodeError::Cbor(_))
        ));
        let mut trailing = big.clone();
        trailing.push(0);
        assert_eq!(decode(&trailing), Err(DecodeError::TrailingBytes));
        // 10,000 nested arrays.
        assert_eq!(decode(&[0x81; 10_000]), Err(DecodeError::TooDeep));
        // An array of a million zeros (each would cost ~40 bytes decoded).
        let mut zeros = vec![0x9a, 0x00, 0x0f, 0x42, 0x40];
        zeros.extend(std::iter::repeat_n(0u8, 1_000_000));
        assert_eq!(
            decode(&zeros),
            Err(DecodeError::TooManyItems {
                max: MAX_CBOR_ITEMS
            })
        );
        // A byte string claiming 2^63 bytes.
        assert!(decode(&[0x5b, 0x7f, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff]).is_err());
        // {"type": "bogus"}
        let mut w = Writer(Vec::new());
        w.map(1);
        w.entry_text("type", "bogus");
        assert_eq!(decode(&w.0), Err(DecodeError::UnknownType("bogus".into())));
    }

    #[test]
    fn undefined_and_missing_optional_fields_are_absent() {
        // {"type":"join","senderId":"x","peerMetadata":undefined}
        let mut w = Writer(Vec::new());
        w.map(3);
        w.entry_text("type", "join");
        w.entry_text("senderId", "x");
        w.text("peerMetadata");
        w.0.push(0xf7);
        assert_eq!(
            decode(&w.0),
            Ok(Message::Join {
                sender_id: "x".into(),
                supported_protocol_versions: vec!["1".into()],
                peer_metadata: PeerMetadata::default(),
            })
        );
    }

    #[test]
    fn an_order_count_that_does_not_read_is_left_out_not_fatal() {
        // {"type":"join","senderId":"x","peerMetadata":{"storageId":"s","gendanOrders":v}}
        let join = |value: &dyn Fn(&mut Writer)| {
            let mut w = Writer(Vec::new());
            w.map(3);
            w.entry_text("type", "join");
            w.entry_text("senderId", "x");
            w.text("peerMetadata");
            w.map(2);
            w.entry_text("storageId", "s");
            w.text("gendanOrders");
            value(&mut w);
            decode(&w.0)
        };
        let orders = |m: Result<Message, DecodeError>| match m {
            Ok(Message::Join { peer_metadata, .. }) => {
                assert_eq!(peer_metadata.storage_id.as_deref(), Some("s"));
                peer_metadata.orders
            }
            other => panic!("not a join: {other:?}"),
        };
        assert_eq!(orders(join(&|w| w.uint(42))), Some(42));
        assert_eq!(orders(join(&|w| w.text("42"))), None);
        // -1
        assert_eq!(orders(join(&|w| w.0.push(0x20))), None);
    }

    #[test]
    fn a_factorys_list_of_orders_round_trips_and_one_that_does_not_read_is_no_list() {
        let meta = PeerMetadata {
            storage_id: Some("s".into()),
            shared: Some(vec!["a".into(), "b".into()]),
            link_proof: Some("ab".repeat(32)),
            team_proof: Some("k:cd".into()),
            ..PeerMetadata::default()
        };
        let join = Message::Join {
            sender_id: "x".into(),
            supported_protocol_versions: vec!["1".into()],
            peer_metadata: meta.clone(),
        };
        match decode(&encode(&join)) {
            Ok(Message::Join { peer_metadata, .. }) => assert_eq!(peer_metadata, meta),
            other => panic!("not a join: {other:?}"),
        }
        // {"type":"join","senderId":"x","peerMetadata":{"gendanShared":v}}
        let with = |value: &dyn Fn(&mut Writer)| {
            let mut w = Writer(Vec::new());
            w.map(3);
            w.entry_text("type", "join");
            w.entry_text("senderId", "x");
            w.text("peerMetadata");
            w.map(1);
            w.text("gendanShared");
            value(&mut w);
            match decode(&w.0) {
                Ok(Message::Join { peer_metadata, .. }) => peer_metadata.shared,
                other => panic!("not a join: {other:?}"),
            }
        };
        assert_eq!(with(&|w| w.text("a")), None);
        assert_eq!(
            with(&|w| {
                w.array(2);
                w.text("a");
                w.uint(1);
            }),
            None
        );
        assert_eq!(
            with(&|w| {
                w.array(1);
                w.text("a");
            }),
            Some(vec!["a".to_string()])
        );
    }
}
