//! A small sync client over tokio-tungstenite built on `gendan_sync::Connection`: what the
//! browser will do, minus IndexedDB. Shared by the socket tests and the `sync-peer`
//! example (which the Node interoperability tests drive).

#![allow(dead_code)]

use std::time::Duration;

use anyhow::{anyhow, bail, Context};
use futures_util::{SinkExt, StreamExt};
use gendan_sync::automerge::transaction::Transactable;
use gendan_sync::automerge::{Automerge, ROOT};
use gendan_sync::{
    decode, encode, Connection, DocumentId, Event, MemoryStore, Message, PeerId, PeerMetadata,
};
use tokio::net::TcpStream;
use tokio_tungstenite::tungstenite::Message as WsMessage;
use tokio_tungstenite::{MaybeTlsStream, WebSocketStream};

pub type Ws = WebSocketStream<MaybeTlsStream<TcpStream>>;

pub struct Peer {
    pub ws: Ws,
    pub conn: Connection,
    pub store: MemoryStore,
    /// Events seen so far, oldest first.
    pub events: Vec<Event>,
    /// Set when the server closed the socket (close frame or end of stream).
    pub closed: Option<String>,
    /// Bytes of binary frames sent and received (the protocol's messages).
    pub bytes_out: usize,
    pub bytes_in: usize,
}

fn now_ms() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_millis() as u64)
        .unwrap_or(0)
}

impl Peer {
    /// Opens the socket, sends `join` and waits for `peer`.
    pub async fn connect(url: &str, name: &str) -> anyhow::Result<Peer> {
        Self::connect_with(url, name, PeerMetadata::default(), MemoryStore::new()).await
    }

    /// [`Peer::connect`] with this peer's `join` metadata and documents.
    pub async fn connect_with(
        url: &str,
        name: &str,
        metadata: PeerMetadata,
        store: MemoryStore,
    ) -> anyhow::Result<Peer> {
        let (ws, _) = tokio_tungstenite::connect_async(url)
            .await
            .with_context(|| format!("cannot connect to {url}"))?;
        let mut peer = Peer {
            ws,
            conn: Connection::initiator(PeerId::from(name), metadata, now_ms()),
            store,
            events: Vec::new(),
            closed: None,
            bytes_out: 0,
            bytes_in: 0,
        };
        peer.until(Duration::from_secs(10), |p| p.conn.is_ready())
            .await
            .context("no `peer` answer")?;
        Ok(peer)
    }

    /// Sends everything the connection queued.
    pub async fn flush(&mut self) -> anyhow::Result<()> {
        for frame in self.conn.take_outgoing_bytes() {
            self.bytes_out += frame.len();
            self.ws.send(WsMessage::Binary(frame.into())).await?;
        }
        Ok(())
    }

    /// Flushes, then handles one incoming frame (or times out). Returns `false` once closed.
    pub async fn step(&mut self, wait: Duration) -> anyhow::Result<bool> {
        self.flush().await?;
        if self.closed.is_some() {
            return Ok(false);
        }
        let next = match tokio::time::timeout(wait, self.ws.next()).await {
            Err(_) => return Ok(true),
            Ok(next) => next,
        };
        match next {
            Some(Ok(WsMessage::Binary(bytes))) => {
                self.bytes_in += bytes.len();
                match self.conn.receive_bytes(&bytes, &mut self.store, now_ms()) {
                    Ok(events) => {
                        for e in &events {
                            if let Event::Closed { reason } = e {
                                self.closed = Some(reason.clone());
                            }
                        }
                        self.events.extend(events);
                    }
                    Err(err) => bail!("relay sent something we cannot handle: {err}"),
                }
            }
            Some(Ok(WsMessage::Close(frame))) => {
                self.closed = Some(
                    frame
                        .map(|f| format!("close {}: {}", u16::from(f.code), f.reason))
                        .unwrap_or_else(|| "close".into()),
                );
            }
            Some(Ok(_)) => {}
            Some(Err(err)) => self.closed = Some(format!("socket error: {err}")),
            None => self.closed = Some("end of stream".into()),
        }
        Ok(self.closed.is_none())
    }

    /// Steps until `done` holds, failing after `limit`.
    pub async fn until(
        &mut self,
        limit: Duration,
        mut done: impl FnMut(&Peer) -> bool,
    ) -> anyhow::Result<()> {
        let deadline = tokio::time::Instant::now() + limit;
        loop {
            if done(self) {
                return Ok(());
            }
            if tokio::time::Instant::now() >= deadline {
                bail!("timed out; events so far: {:?}", self.events);
            }
            if !self.step(Duration::from_millis(50)).await? && !done(self) {
                bail!("connection closed: {:?}", self.closed);
            }
        }
    }

    pub fn is_synced(&self, id: &DocumentId) -> bool {
        self.store
            .doc(id)
            .is_some_and(|doc| self.conn.is_synced(id, &doc.get_heads()))
    }

    /// Stores `doc` locally and waits until the relay acknowledged all of it.
    pub async fn push(&mut self, id: DocumentId, doc: Automerge) -> anyhow::Result<()> {
        self.store.insert(id, doc);
        self.sync(id).await
    }

    /// Sends local changes of `id` and waits until the relay has them.
    pub async fn sync(&mut self, id: DocumentId) -> anyhow::Result<()> {
        self.conn.sync_doc(&id, &mut self.store)?;
        self.until(Duration::from_secs(20), |p| {
            p.is_synced(&id) || p.events.contains(&Event::DocUnavailable(id))
        })
        .await?;
        if !self.is_synced(&id) {
            bail!("relay refused {id}");
        }
        Ok(())
    }

    /// Asks for `id`; `Ok(None)` when the relay says it is unavailable.
    pub async fn fetch(&mut self, id: DocumentId) -> anyhow::Result<Option<&Automerge>> {
        let seen = self.events.len();
        self.conn.sync_doc(&id, &mut self.store)?;
        self.until(Duration::from_secs(20), |p| {
            p.is_synced(&id) || p.events[seen..].contains(&Event::DocUnavailable(id))
        })
        .await?;
        if self.is_synced(&id) {
            Ok(self.store.doc(&id))
        } else {
            Ok(None)
        }
    }

    /// Sets `key` to `value` at the root of a document this peer holds, and syncs it.
    pub async fn put(&mut self, id: DocumentId, key: &str, value: &str) -> anyhow::Result<()> {
        let doc = self.store.doc_mut(&id).context("document not held")?;
        let mut tx = doc.transaction();
        tx.put(ROOT, key, value)?;
        tx.commit();
        self.sync(id).await
    }

    /// Waits for the server to close the connection; returns its reason.
    pub async fn closed_within(&mut self, limit: Duration) -> anyhow::Result<String> {
        self.until(limit, |p| p.closed.is_some()).await.ok();
        self.closed
            .clone()
            .ok_or_else(|| anyhow!("still open after {limit:?}"))
    }
}

/// Opens a raw socket, sends `join` as `name` and waits for `peer`: the handshake for tests
/// that send hand-made frames.
pub async fn raw_joined(url: &str, name: &str) -> Ws {
    let (mut ws, _) = tokio_tungstenite::connect_async(url)
        .await
        .expect("connect");
    let join = encode(&Message::Join {
        sender_id: name.into(),
        supported_protocol_versions: vec!["1".into()],
        peer_metadata: PeerMetadata::default(),
    });
    ws.send(WsMessage::Binary(join.into())).await.expect("join");
    match ws.next().await {
        Some(Ok(WsMessage::Binary(b))) => {
            assert!(matches!(decode(&b), Ok(Message::Peer { .. })))
        }
        other => panic!("expected peer, got {other:?}"),
    }
    ws
}

/// Reads until the server closes (panics after `limit`); returns the `error` text and the
/// close code seen.
pub async fn error_and_close<S>(ws: &mut S, limit: Duration) -> (Option<String>, Option<u16>)
where
    S: futures_util::Stream<Item = Result<WsMessage, tokio_tungstenite::tungstenite::Error>>
        + Unpin,
{
    let mut error = None;
    let deadline = tokio::time::Instant::now() + limit;
    loop {
        match tokio::time::timeout_at(deadline, ws.next()).await {
            Ok(Some(Ok(WsMessage::Binary(b)))) => {
                if let Ok(Message::Error { message, .. }) = decode(&b) {
                    error = Some(message);
                }
            }
            Ok(Some(Ok(WsMessage::Close(frame)))) => {
                return (error, frame.map(|f| u16::from(f.code)))
            }
            Ok(None) | Ok(Some(Err(_))) => return (error, None),
            Ok(Some(Ok(_))) => {}
            Err(_) => panic!("connection not closed within {limit:?}"),
        }
    }
}
