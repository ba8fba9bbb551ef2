//! `GET /sync`: the WebSocket endpoint speaking the automerge-repo protocol. One binary
//! frame carries one protocol message; this module only moves frames between the socket
//! and the sync hub, and enforces the transport limits.
//!
//! It owns authentication at upgrade time (`?token=`, or `Authorization: Bearer` for
//! non-browser clients — see `tokens.rs` for why the query parameter), the per-token
//! connection limit, the message size limit, pings and the idle timeout, and closing the
//! socket when the hub, a revocation or the relay's shutdown says so. Anything but a binary
//! frame is answered with an automerge-repo `error` message and a close; it never reaches
//! other peers.

use std::collections::HashMap;
use std::sync::Arc;

use axum::extract::ws::{CloseFrame, Message as WsMessage, WebSocket, WebSocketUpgrade};
use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use futures_util::{SinkExt, StreamExt};
use gendan_sync::{encode, Message};
use tokio::sync::mpsc;
use tokio::time::Instant;

use crate::hub::{Command, Outgoing, CLOSE_GOING_AWAY};
use crate::state::{ConnSlot, Shared};
use crate::tokens::Grant;

/// Frames the hub may queue for one socket before the peer counts as stuck.
const OUT_QUEUE: usize = 16_384;

/// The token from `Authorization: Bearer …`, else from `?token=…`.
pub(crate) fn presented_token(
    headers: &HeaderMap,
    query: &HashMap<String, String>,
) -> Option<String> {
    headers
        .get(axum::http::header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(|t| t.trim().to_owned())
        .or_else(|| query.get("token").cloned())
}

pub(crate) async fn sync_socket(
    State(shared): State<Arc<Shared>>,
    Query(query): Query<HashMap<String, String>>,
    headers: HeaderMap,
    ws: WebSocketUpgrade,
) -> Response {
    if shared.is_shutting_down() {
        return (StatusCode::SERVICE_UNAVAILABLE, "relay shutting down").into_response();
    }
    let Some(grant) = presented_token(&headers, &query).and_then(|t| shared.check(&t)) else {
        return (StatusCode::UNAUTHORIZED, "missing or invalid token").into_response();
    };
    let Some(slot) = shared.acquire(&grant.token_id) else {
        return (
            StatusCode::TOO_MANY_REQUESTS,
            "too many connections for this token",
        )
            .into_response();
    };
    let max = shared.limits.max_message_bytes;
    ws.max_message_size(max)
        .max_frame_size(max)
        .on_upgrade(move |socket| run(shared, grant, slot, socket))
}

fn error_frame(text: &str) -> WsMessage {
    WsMessage::Binary(
        encode(&Message::Error {
            sender_id: None,
            target_id: None,
            message: text.to_owned(),
        })
        .into(),
    )
}

fn close_frame(code: u16, reason: &str) -> WsMessage {
    WsMessage::Close(Some(CloseFrame {
        code,
        reason: reason.into(),
    }))
}

async fn run(shared: Arc<Shared>, grant: Grant, slot: ConnSlot, socket: WebSocket) {
    let conn = shared.next_conn_id();
    let (out_tx, mut out_rx) = mpsc::channel(OUT_QUEUE);
    let open = Command::Open {
        conn,
        grant,
        out: out_tx,
    };
    if shared.hub.send(open).await.is_err() {
        return;
    }
    let (mut sink, mut stream) = socket.split();
    let mut shutdown = shared.shutdown.subscribe();
    let limits = shared.limits.clone();
    let mut ping = tokio::time::interval(limits.ping_interval);
    ping.reset();
    let mut last_seen = Instant::now();
    loop {
        tokio::select! {
            incoming = stream.next() => match incoming {
                Some(Ok(WsMessage::Binary(bytes))) => {
                    last_seen = Instant::now();
                    let frame = Command::Frame { conn, bytes: bytes.to_vec() };
                    if shared.hub.send(frame).await.is_err() {
                        break;
                    }
                }
                Some(Ok(WsMessage::Text(_))) => {
                    let _ = sink.send(error_frame("text frames are not part of the protocol")).await;
                    let _ = sink.send(close_frame(1003, "binary frames only")).await;
                    break;
                }
                Some(Ok(WsMessage::Ping(_) | WsMessage::Pong(_))) => last_seen = Instant::now(),
                Some(Ok(WsMessage::Close(_))) | None => break,
                Some(Err(err)) => {
                    // Oversized or malformed frames: say why if the socket still works.
                    let _ = sink.send(error_frame(&format!("transport error: {err}"))).await;
                    let _ = sink.send(close_frame(1009, "bad frame")).await;
                    break;
                }
            },
            out = out_rx.recv() => match out {
                Some(Outgoing::Frame(bytes)) => {
                    if sink.send(WsMessage::Binary(bytes.into())).await.is_err() {
                        break;
                    }
                }
                Some(Outgoing::Close { code, reason }) => {
                    let _ = sink.send(close_frame(code, &reason)).await;
                    break;
                }
                None => {
                    let _ = sink.send(close_frame(1011, "dropped by the relay")).await;
                    break;
                }
            },
            _ = ping.tick() => {
                if last_seen.elapsed() > limits.idle_timeout {
                    let _ = sink.send(error_frame("idle timeout")).await;
                    let _ = sink.send(close_frame(CLOSE_GOING_AWAY, "idle timeout")).await;
                    break;
                }
                if sink.send(WsMessage::Ping(Default::default())).await.is_err() {
                    break;
                }
            },
            _ = shutdown.changed() => {
                let _ = sink.send(close_frame(CLOSE_GOING_AWAY, "relay shutting down")).await;
                break;
            }
        }
    }
    let _ = sink.close().await;
    let _ = shared.hub.send(Command::Closed { conn }).await;
    drop(slot);
}
