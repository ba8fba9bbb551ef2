//! `GET /sync`: the WebSocket endpoint speaking the automerge-repo protocol. One binary
//! frame carries one protocol message; this module only moves frames between the socket
//! and the sync hub, and enforces the transport limits.
//!
//! It owns authentication at upgrade time (`?token=`, or `Authorization: Bearer` for
//! non-browser clients — see `tokens.rs` for why the query parameter), the per-token
//! connection limit, the message size limit, pings and the idle timeout (a message begun and
//! not finished is not liveness, whatever pongs come meanwhile: [`Unfinished`]), and closing the
//! socket when the hub, a revocation or the relay's shutdown says so. Every send has a
//! deadline ([`crate::Limits::send_timeout`]) and is abandoned the moment the hub's kill
//! switch or shutdown fires, so a peer that stops reading cannot pin this task. Anything but a binary
//! frame is answered with an automerge-repo `error` message and a close; it never reaches
//! other peers.

use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use axum::extract::ws::{CloseFrame, Message as WsMessage, WebSocket, WebSocketUpgrade};
use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Extension;
use futures_util::stream::SplitSink;
use futures_util::{SinkExt, StreamExt};
use gendan_sync::{encode, Message};
use tokio::sync::{mpsc, watch};
use tokio::time::Instant;

use crate::hub::{Command, Kill, Outgoing, Outlet, CLOSE_GOING_AWAY};
use crate::stall::ReadMeter;
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

/// The grant of the token a request presents (see [`presented_token`]); `None` for none, or
/// one the relay does not know even after reading its tokens again.
pub(crate) async fn presented_grant(
    shared: &Arc<Shared>,
    headers: &HeaderMap,
    query: &HashMap<String, String>,
) -> Option<Grant> {
    match presented_token(headers, query) {
        Some(t) => shared.check_fresh(&t).await,
        None => None,
    }
}

pub(crate) async fn sync_socket(
    State(shared): State<Arc<Shared>>,
    Query(query): Query<HashMap<String, String>>,
    headers: HeaderMap,
    meter: Option<Extension<ReadMeter>>,
    ws: WebSocketUpgrade,
) -> Response {
    if shared.is_shutting_down() {
        return (StatusCode::SERVICE_UNAVAILABLE, "relay shutting down").into_response();
    }
    let Some(grant) = presented_grant(&shared, &headers, &query).await else {
        // Never the token nor the query string: they are the secret.
        tracing::info!("sync connection refused: missing or invalid token");
        return (StatusCode::UNAUTHORIZED, "missing or invalid token").into_response();
    };
    let Some(slot) = shared.acquire(&grant.token_id) else {
        return (
            StatusCode::TOO_MANY_REQUESTS,
            "too many connections for this token",
        )
            .into_response();
    };
    tracing::debug!(token_id = %grant.token_id, "sync connection accepted");
    let max = shared.limits.max_message_bytes;
    // What its messages hold unfinished counts against its token's part from now on.
    let unfinished = meter.map(|Extension(meter)| {
        meter.gate(shared.partial_budget(&grant.budget_key()));
        Unfinished::new(meter)
    });
    ws.max_message_size(max)
        .max_frame_size(max)
        .on_upgrade(move |socket| run(shared, grant, slot, socket, unfinished))
}

/// Tells whether the peer has begun a message it has not finished. The WebSocket keeps the
/// frames of a fragmented message until its last one (up to the message limit, outside the
/// inbound budget, which counts complete messages) and may deliver control frames meanwhile:
/// a peer that sent a first fragment and then only answered pings was never idle, and held
/// its 16 MiB for as long as it liked. Only whole messages are seen here, so the bytes the
/// connection read ([`ReadMeter`]) are compared with what was delivered: whatever was read
/// since the last complete data message, beyond the control frames since, is a message not
/// yet finished. Bytes read ahead before that mark, or control frames read before it and
/// delivered after, only make it see less; a browser or automerge-repo client, which sends
/// each message as one frame, cannot be seen with half a message between two pongs.
///
/// A message still arriving is alive, though: a phone on a slow link may take longer than the
/// idle timeout to send a big document, and cutting it would make it start over for ever. So a
/// pong while a message is unfinished counts when at least [`MIN_PROGRESS`] more bytes came
/// since the last sign of life. Holding a message open then costs the peer that much sending
/// every ping interval, and the message limit ends it.
pub(crate) struct Unfinished {
    meter: ReadMeter,
    /// What the connection had read when the last data message was complete.
    mark: u64,
    /// The control frames delivered since, as sent (header and mask included).
    control: u64,
    /// What the connection had read at the last sign of life.
    alive_at: u64,
}

/// How many idle timeouts a socket waiting on its token's budget for unfinished messages is
/// excused from being idle (`stall::ReadMeter::waits_on_budget`).
const WAIT_EXCUSED: u32 = 4;

/// Bytes of an unfinished message that must arrive between two pongs for the socket to count
/// as alive: 64 KiB per 20 s ping interval is ~26 kbit/s, below any link that syncs at all.
const MIN_PROGRESS: u64 = 64 * 1024;

/// A client's control frame beside its payload (at most 125 bytes): two bytes of header and
/// the four of its mask, which every client frame carries (RFC 6455, 5.3; an unmasked one is
/// refused).
const CONTROL_FRAME_OVERHEAD: u64 = 6;

impl Unfinished {
    fn new(meter: ReadMeter) -> Self {
        let mark = meter.read();
        Unfinished {
            meter,
            mark,
            control: 0,
            alive_at: mark,
        }
    }

    fn waits_on_budget(&self) -> bool {
        self.meter.waits_on_budget()
    }

    /// A data message was delivered whole.
    fn message_done(&mut self) {
        self.meter.message_done();
        self.mark = self.meter.read();
        self.control = 0;
        self.alive_at = self.mark;
    }

    /// A control frame with `payload` bytes was delivered: whether it is a sign of life
    /// (nothing of a data message waits besides it, or the one arriving moved on enough).
    fn control_only(&mut self, payload: usize) -> bool {
        self.control = self
            .control
            .saturating_add(payload as u64 + CONTROL_FRAME_OVERHEAD);
        let read = self.meter.read();
        let between = read <= self.mark.saturating_add(self.control);
        let moving = read.saturating_sub(self.alive_at) >= MIN_PROGRESS;
        if between {
            // Nothing but control frames since the last message: none of it is a message
            // unfinished, so it leaves the token's budget, or an idle socket that answered a
            // ping would wait with the ones holding it.
            self.message_done();
        } else if moving {
            self.alive_at = read;
        }
        between || moving
    }
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

/// What ended a bounded send.
enum Sent {
    Ok,
    /// The socket failed, the peer did not take the frame within the deadline, or the
    /// hub (or shutdown) said to stop: end the connection.
    Stop,
}

/// Sends one message, giving up after `deadline` or as soon as the hub's kill switch or
/// the relay's shutdown fires: a peer that stops reading must not hold this task (and its
/// queue) forever.
async fn send_bounded(
    sink: &mut SplitSink<WebSocket, WsMessage>,
    message: WsMessage,
    deadline: Duration,
    kill: &mut watch::Receiver<Kill>,
    shutdown: &mut watch::Receiver<bool>,
) -> Sent {
    if kill.borrow().is_some() || *shutdown.borrow() {
        return Sent::Stop;
    }
    tokio::select! {
        sent = tokio::time::timeout(deadline, sink.send(message)) => match sent {
            Ok(Ok(())) => Sent::Ok,
            _ => Sent::Stop,
        },
        () = killed(kill) => Sent::Stop,
        _ = shutdown.changed() => Sent::Stop,
    }
}

/// Resolves when the hub pulls the kill switch; never, once the hub let go of it (then
/// the closed queue ends the connection, after the frames already in it).
async fn killed(kill: &mut watch::Receiver<Kill>) {
    loop {
        if kill.changed().await.is_err() {
            std::future::pending::<()>().await;
        }
        if kill.borrow().is_some() {
            return;
        }
    }
}

/// A last close frame, for a peer that may not be reading: never waits long.
async fn close_quickly(sink: &mut SplitSink<WebSocket, WsMessage>, code: u16, reason: &str) {
    let _ = tokio::time::timeout(CLOSE_DEADLINE, sink.send(close_frame(code, reason))).await;
}

/// How long a final close frame may take to leave.
const CLOSE_DEADLINE: Duration = Duration::from_millis(500);
/// How long a connection closed for a bad frame is held open, unread data discarded, so its
/// close frame reaches the peer before the kernel's reset does.
const CLOSE_LINGER: Duration = Duration::from_secs(1);

async fn run(
    shared: Arc<Shared>,
    grant: Grant,
    slot: ConnSlot,
    socket: WebSocket,
    mut unfinished: Option<Unfinished>,
) {
    let conn = shared.next_conn_id();
    let (out_tx, mut out_rx) = mpsc::channel(OUT_QUEUE);
    let queued = Arc::new(AtomicUsize::new(0));
    let (kill_tx, mut kill) = watch::channel::<Kill>(None);
    let checked = grant.clone();
    let budget_key = grant.budget_key();
    #[cfg(test)]
    drop(shared.before_open.read().await);
    let open = Command::Open {
        conn,
        grant,
        outlet: Outlet {
            out: out_tx,
            queued: Arc::clone(&queued),
            token_queued: Arc::clone(&slot.queued),
            kill: kill_tx,
        },
    };
    if shared.hub.send(open).await.is_err() {
        return;
    }
    let (mut sink, mut stream) = socket.split();
    // The token was checked before the upgrade; revoked (or its list changed) between that and
    // the hub hearing of this socket, the hub's closing of its sockets came before this one
    // was among them. A table installed from here on is told to the hub after this socket's
    // `Open`, so looking once now leaves no gap.
    if !shared.still_grants(&checked) {
        tracing::info!(token_id = %checked.token_id, "sync connection closed: token revoked while it opened");
        close_quickly(&mut sink, crate::hub::CLOSE_POLICY, "token revoked").await;
        let _ = shared.hub.send(Command::Closed { conn }).await;
        return;
    }
    let mut shutdown = shared.shutdown.subscribe();
    let limits = shared.limits.clone();
    let deadline = limits.send_timeout;
    let mut ping = tokio::time::interval(limits.ping_interval);
    ping.reset();
    let mut last_seen = Instant::now();
    let mut waiting_since: Option<Instant> = None;
    let mut await_close_reply = false;
    loop {
        tokio::select! {
            incoming = stream.next() => match incoming {
                Some(Ok(WsMessage::Binary(bytes))) => {
                    last_seen = Instant::now();
                    if let Some(u) = unfinished.as_mut() {
                        u.message_done();
                    }
                    // Frames waiting for the hub hold a share of a relay-wide byte budget:
                    // when it is spent, sockets wait here (TCP pushes back on their
                    // senders) instead of queueing up to 1,024 frames of 16 MiB. A token
                    // past its own share (a quarter) waits alone.
                    let Ok(budget) = shared.inbound_budget(&budget_key, bytes.len()).await else {
                        break;
                    };
                    let frame = Command::Frame { conn, bytes: bytes.to_vec(), _budget: budget };
                    if shared.hub.send(frame).await.is_err() {
                        break;
                    }
                }
                Some(Ok(WsMessage::Text(_))) => {
                    let error = error_frame("text frames are not part of the protocol");
                    if let Sent::Ok = send_bounded(&mut sink, error, deadline, &mut kill, &mut shutdown).await {
                        close_quickly(&mut sink, 1003, "binary frames only").await;
                    }
                    break;
                }
                // A pong (or ping) is liveness only between messages: one that comes while a
                // message is half received leaves the idle timeout to run.
                Some(Ok(WsMessage::Ping(payload) | WsMessage::Pong(payload))) => {
                    if unfinished.as_mut().is_none_or(|u| u.control_only(payload.len())) {
                        last_seen = Instant::now();
                    }
                }
                Some(Ok(WsMessage::Close(_))) | None => break,
                Some(Err(err)) => {
                    // Oversized or malformed frames: say why if the socket still works.
                    let error = error_frame(&format!("transport error: {err}"));
                    if let Sent::Ok = send_bounded(&mut sink, error, deadline, &mut kill, &mut shutdown).await {
                        close_quickly(&mut sink, 1009, "bad frame").await;
                        // The peer may still be sending the rest of the frame: closing the socket
                        // with its bytes unread makes the kernel reset the connection, and a reset
                        // can overtake the close frame (the peer then sees 1006). Linger briefly,
                        // discarding, so the close frame is read first.
                        let _ = tokio::time::timeout(CLOSE_LINGER, async {
                            while stream.next().await.is_some() {}
                            // The stream may end at once after a transport error: hold anyway.
                            tokio::time::sleep(CLOSE_LINGER).await;
                        })
                        .await;
                    }
                    break;
                }
            },
            out = out_rx.recv() => match out {
                Some(Outgoing::Frame(bytes)) => {
                    queued.fetch_sub(bytes.len(), Ordering::AcqRel);
                    slot.queued.fetch_sub(bytes.len(), Ordering::AcqRel);
                    let frame = WsMessage::Binary(bytes.into());
                    if let Sent::Stop = send_bounded(&mut sink, frame, deadline, &mut kill, &mut shutdown).await {
                        break;
                    }
                }
                Some(Outgoing::Close { code, reason }) => {
                    close_quickly(&mut sink, code, &reason).await;
                    await_close_reply = true;
                    break;
                }
                None => {
                    close_quickly(&mut sink, 1011, "dropped by the relay").await;
                    break;
                }
            },
            () = killed(&mut kill) => break,
            _ = ping.tick() => {
                // Waiting on its token's budget for unfinished messages, it reads nothing, its
                // peer's pongs included: that silence is the relay's, not the peer's. The
                // socket with the turn moves on or is ended, and this one's turn comes; a wait
                // longer than WAIT_EXCUSED idle timeouts is not excused (a peer gone meanwhile
                // would otherwise hold its socket until TCP gives up).
                if unfinished.as_ref().is_some_and(Unfinished::waits_on_budget) {
                    let since = *waiting_since.get_or_insert_with(Instant::now);
                    if since.elapsed() < limits.idle_timeout * WAIT_EXCUSED {
                        last_seen = Instant::now();
                    }
                } else {
                    waiting_since = None;
                }
                if last_seen.elapsed() > limits.idle_timeout {
                    if let Sent::Ok = send_bounded(&mut sink, error_frame("idle timeout"), deadline, &mut kill, &mut shutdown).await {
                        close_quickly(&mut sink, CLOSE_GOING_AWAY, "idle timeout").await;
                    }
                    break;
                }
                let ping = WsMessage::Ping(Default::default());
                if let Sent::Stop = send_bounded(&mut sink, ping, deadline, &mut kill, &mut shutdown).await {
                    break;
                }
            },
            _ = shutdown.changed() => break,
        }
    }
    // Why we stopped, if the hub or shutdown said so: tell the peer (briefly).
    let reason = kill.borrow().clone();
    if let Some((code, reason)) = reason {
        close_quickly(&mut sink, code, &reason).await;
    } else if *shutdown.borrow() {
        close_quickly(&mut sink, CLOSE_GOING_AWAY, "relay shutting down").await;
    }
    // Free what the hub queued for us now, not when the hub notices, and give its bytes back
    // to the token's count (the token's other sockets go on).
    out_rx.close();
    while let Ok(out) = out_rx.try_recv() {
        if let Outgoing::Frame(bytes) = out {
            slot.queued.fetch_sub(bytes.len(), Ordering::AcqRel);
        }
    }
    drop(out_rx);
    let _ = tokio::time::timeout(CLOSE_DEADLINE, sink.close()).await;
    let _ = shared.hub.send(Command::Closed { conn }).await;
    drop(slot);
    if await_close_reply {
        // Wait (briefly, the slot already freed) for the peer's close reply, as the closing
        // handshake asks: dropping the socket first makes a peer that is still writing (a
        // pong, its next frame) hit a reset and lose the `error` it has not read yet.
        let _ = tokio::time::timeout(CLOSE_LINGER, async {
            while stream.next().await.is_some() {}
        })
        .await;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A link stopped while one of its sockets opens (checked, not yet known to the hub) does
    /// not stay open: the hub closed the token's sockets before this one was among them.
    #[tokio::test]
    async fn a_link_stopped_while_its_socket_opens_closes_it() {
        use futures_util::StreamExt;
        let dir = std::env::temp_dir().join(format!("gendan-ws-open-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let config = crate::Config::new(dir.join("dist"), dir.join("data"));
        let relay = crate::start(config).expect("relay");
        let shared = Arc::clone(&relay.handle.shared);
        let doc = gendan_sync::DocumentId::from_bytes([7; 16]).to_string();
        let (record, token) = shared
            .store
            .create_token("acme", Some(vec![doc]), None)
            .expect("link");
        shared.reload_tokens().await;
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind");
        let addr = listener.local_addr().expect("addr");
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        let server = tokio::spawn(crate::serve_relay(listener, relay, async {
            let _ = stopped.await;
        }));

        let held = shared.before_open.write().await;
        let (mut ws, _) =
            tokio_tungstenite::connect_async(format!("ws://{addr}/sync?token={token}"))
                .await
                .expect("the token is valid when checked");
        shared
            .store
            .revoke_token(&record.id, Some("acme"))
            .expect("revoke");
        shared.reload_tokens().await;
        drop(held);

        let closed = tokio::time::timeout(std::time::Duration::from_secs(10), async {
            loop {
                match ws.next().await {
                    Some(Ok(tokio_tungstenite::tungstenite::Message::Close(frame))) => {
                        break frame.map(|f| u16::from(f.code));
                    }
                    Some(Ok(_)) => continue,
                    Some(Err(_)) | None => break None,
                }
            }
        })
        .await
        .expect("a stopped link's socket is closed, not kept open");
        assert_eq!(closed, Some(crate::hub::CLOSE_POLICY));
        let _ = stop.send(());
        let _ = tokio::time::timeout(std::time::Duration::from_secs(30), server).await;
        let _ = std::fs::remove_dir_all(&dir);
    }

    /// A socket that only answered pings since its last message holds nothing unfinished: the
    /// pongs leave its token's budget, so it reads on while another socket holds the budget.
    /// Bytes of a message begun stay counted.
    #[test]
    fn pongs_between_messages_leave_the_tokens_budget() {
        use crate::stall::PartialBudget;
        let budget = PartialBudget::new(100);
        let meter = ReadMeter::default();
        meter.gate(std::sync::Arc::clone(&budget));
        let mut u = Unfinished::new(meter.clone());
        meter.add(8);
        assert_eq!(budget.held(), 8);
        assert!(u.control_only(2), "between messages");
        assert_eq!(budget.held(), 0, "a pong is not a message unfinished");
        meter.add(50);
        meter.add(8);
        assert!(
            !u.control_only(2),
            "half a message, too little since to be life"
        );
        assert_eq!(budget.held(), 58, "half a message stays counted");
        meter.add(20);
        u.message_done();
        assert_eq!(budget.held(), 0);
    }

    /// A pong between messages is a sign of life; one while a message is unfinished is only
    /// when the message moved on by at least [`MIN_PROGRESS`] since the last sign: a big
    /// document on a slow link keeps its socket, a first fragment left hanging does not.
    #[test]
    fn a_pong_is_life_between_messages_or_while_one_still_arrives() {
        let meter = ReadMeter::default();
        let mut u = Unfinished::new(meter.clone());
        meter.add(300);
        u.message_done();
        meter.add(8);
        assert!(u.control_only(2), "between messages");
        // A first fragment of 512 KiB, then pongs only.
        meter.add(512 * 1024);
        meter.add(8);
        assert!(u.control_only(2), "it arrived since the last sign of life");
        meter.add(8);
        assert!(!u.control_only(2), "nothing more came");
        meter.add(8);
        assert!(!u.control_only(2));
        // It goes on, slowly: 64 KiB between two pongs.
        meter.add(MIN_PROGRESS as usize);
        meter.add(8);
        assert!(u.control_only(2), "still arriving");
        meter.add(MIN_PROGRESS as usize / 2);
        meter.add(8);
        assert!(!u.control_only(2), "too slow to count");
        meter.add(1000);
        u.message_done();
        meter.add(8);
        assert!(u.control_only(2), "finished: between messages again");
    }
}
