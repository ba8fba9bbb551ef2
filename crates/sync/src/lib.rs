//! `gendan-sync`: the automerge-repo network protocol (version "1"), sans IO.
//!
//! It owns the wire format ([`message`]: CBOR messages `join`, `peer`, `request`, `sync`,
//! `doc-unavailable`, `ephemeral`, …) and the per-connection state machine
//! ([`Connection`]: handshake, one automerge sync state per document, `request` /
//! `doc-unavailable`), the [`bundle`] format (many documents in one checksummed file), and
//! nothing else: no sockets, no clock, no threads, no storage. That
//! lets the relay (tokio, WebSockets, files) and the browser client (`wasm32-unknown-unknown`,
//! IndexedDB) share one implementation that the tests drive deterministically.
//!
//! A typical client:
//! ```
//! use gendan_sync::{Connection, DocumentId, MemoryStore, PeerId, PeerMetadata};
//! let mut store = MemoryStore::new();
//! let mut conn = Connection::initiator(PeerId::from("tab-1"), PeerMetadata::default(), 0);
//! let join = conn.take_outgoing_bytes(); // send these frames on the socket
//! assert_eq!(join.len(), 1);
//! // Ask for a document; the request goes out once the relay answered `peer`.
//! conn.sync_doc(&DocumentId::from_bytes([1; 16]), &mut store).unwrap();
//! // For each received frame: conn.receive_bytes(&frame, &mut store, now_ms)?, then send
//! // conn.take_outgoing_bytes().
//! ```

pub mod bundle;
pub mod connection;
pub mod ids;
pub mod memory;
pub mod message;
pub mod resume;
pub mod sync_limits;
#[cfg(any(test, feature = "testing"))]
#[doc(hidden)]
pub mod testing;

pub use connection::{
    Connection, ConnectionLimits, DocStore, Event, ProtocolError, RemoteStatus, Side, SyncDocument,
    EPHEMERAL_BURST, EPHEMERAL_PER_SECOND, MAX_EPHEMERAL_BYTES, NO_ROOM,
};
pub use ids::{DocumentId, IdError, PeerId};
pub use memory::MemoryStore;
pub use message::{
    decode, decode_with_limit, encode, DecodeError, DocMessage, Message, PeerMetadata,
};
pub use resume::{ResumeError, SharedHeads};
pub use sync_limits::{check_sync_message, ChangesWeight, SyncLimitError, SyncLimits, SyncSummary};

pub use automerge;
