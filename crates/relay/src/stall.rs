//! A write-stall bound for every accepted connection: a peer that stops reading what the
//! relay sends (a static file, a blob, a catch-up answer, a WebSocket frame) holds a
//! connection slot only for [`crate::Limits::write_stall_timeout`], not forever.
//!
//! hyper bounds how long request headers may take but nothing on the way out: a client that
//! asked for the app's wasm and never read it kept its slot until it hung up, so a few hundred
//! of them locked everyone out of the app. The bound is on progress, not on the whole
//! response: a slow phone that takes a minute to download the app but keeps taking bytes is
//! never cut; one that takes nothing at all for the whole bound is.
//!
//! The guard also counts what the connection read ([`ReadMeter`]): the WebSocket sees only
//! complete messages, so bytes read beyond them are how it learns that a message was begun and
//! not finished (`ws.rs`).
//!
//! Those bytes wait in the WebSocket's buffer, up to the message limit (16 MiB), outside the
//! inbound budget, which counts complete messages only: a token's 32 sockets, each holding the
//! first 16 MiB of a message it never finished, held 512 MiB. So a sync socket's reads are
//! also gated by its token's [`PartialBudget`]: once what the token's sockets hold of
//! unfinished messages reaches the budget, a socket with a message of its own unfinished reads
//! no more (TCP pushes back on its sender) until a message is finished or a socket closes.
//! Sockets with nothing unfinished read on, so a message that was whole when the budget filled
//! is still delivered.
//!
//! One socket of the token always reads on past the budget: the first that read bytes while
//! it was held (until its message is finished or it closes; a socket that only waits for its
//! peer's next bytes takes no turn). Without it, honest devices sharing a token,
//! three of them each sending a 12 MiB document into a 32 MiB part, all waited on each other
//! until the idle timeout ended them, and again after they reconnected. With it they finish one
//! after the other; what the token holds unfinished stays under its part plus one message
//! (the WebSocket's limit), and a peer that takes the turn and never finishes is ended by the
//! idle timeout like any socket that says nothing whole.

use std::collections::HashMap;
use std::future::Future as _;
use std::io;
use std::pin::Pin;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, OnceLock, PoisonError};
use std::task::{Context, Poll, Waker};
use std::time::Duration;

use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::time::{Instant, Sleep};

/// Bytes one connection has read from its peer, all of them (request heads, bodies,
/// WebSocket frames), shared with whoever serves it: each of its requests carries it as an
/// extension.
#[derive(Debug, Clone, Default)]
pub(crate) struct ReadMeter(Arc<Meter>);

#[derive(Debug, Default)]
struct Meter {
    read: AtomicU64,
    /// Set once the connection became a sync socket ([`ReadMeter::gate`]).
    gate: OnceLock<Gate>,
    /// Whether its last read waited on its token's budget.
    waiting: std::sync::atomic::AtomicBool,
}

/// A sync socket's part in its token's [`PartialBudget`].
#[derive(Debug)]
struct Gate {
    budget: Arc<PartialBudget>,
    /// What the connection had read when its last message was finished (or the gate was
    /// set): what it read since is counted in the budget.
    done_at: AtomicU64,
    /// This socket among its token's, for the turn to read past the budget.
    id: u64,
}

impl ReadMeter {
    pub(crate) fn read(&self) -> u64 {
        self.0.read.load(Ordering::Acquire)
    }

    pub(crate) fn add(&self, bytes: usize) {
        self.0.read.fetch_add(bytes as u64, Ordering::AcqRel);
        if let Some(g) = self.0.gate.get() {
            g.budget.add(bytes as u64, g.id);
        }
    }

    /// Gates this connection's reads by `budget` from now on (a sync socket, its token's).
    pub(crate) fn gate(&self, budget: Arc<PartialBudget>) {
        let done_at = AtomicU64::new(self.read());
        let id = budget.next_id.fetch_add(1, Ordering::Relaxed);
        let _ = self.0.gate.set(Gate {
            budget,
            done_at,
            id,
        });
    }

    /// A message was delivered whole: what was read up to now leaves the budget.
    pub(crate) fn message_done(&self) {
        if let Some(g) = self.0.gate.get() {
            let now = self.read();
            let was = g.done_at.swap(now, Ordering::AcqRel);
            g.budget.release(now.saturating_sub(was), g.id);
        }
    }

    /// Whether a read must wait: a message of this connection is unfinished and its token's
    /// sockets hold the budget. `waker` is woken once they may hold less.
    fn must_wait(&self, waker: &Waker) -> bool {
        let Some(g) = self.0.gate.get() else {
            return false;
        };
        let wait = self.read() > g.done_at.load(Ordering::Acquire) && g.budget.full(waker, g.id);
        self.0.waiting.store(wait, Ordering::Release);
        wait
    }

    /// Whether the connection waits on its token's budget: it reads nothing, pongs included,
    /// so its silence is the relay's doing and not the peer's (the idle timeout leaves it be).
    pub(crate) fn waits_on_budget(&self) -> bool {
        self.0.waiting.load(Ordering::Acquire)
    }
}

/// What one token's sync sockets may hold together of messages begun and not finished: the
/// token's part of the inbound budget (`state.rs`), which its complete messages then take.
#[derive(Debug)]
pub(crate) struct PartialBudget {
    held: AtomicU64,
    cap: u64,
    /// Who waits, and which socket reads on past the budget.
    turn: Mutex<Turn>,
    next_id: AtomicU64,
}

#[derive(Debug, Default)]
struct Turn {
    waiting: Vec<Waker>,
    /// The socket reading on past the budget until its message is finished.
    reading_on: Option<u64>,
}

impl PartialBudget {
    pub(crate) fn new(cap: u64) -> Arc<PartialBudget> {
        Arc::new(PartialBudget {
            held: AtomicU64::new(0),
            cap,
            turn: Mutex::default(),
            next_id: AtomicU64::new(0),
        })
    }

    /// Socket `id` read `bytes`: the first to read while the budget is held has the turn.
    fn add(&self, bytes: u64, id: u64) {
        let held = self.held.fetch_add(bytes, Ordering::AcqRel) + bytes;
        if bytes > 0 && held >= self.cap {
            let mut turn = self.turn.lock().unwrap_or_else(PoisonError::into_inner);
            turn.reading_on.get_or_insert(id);
        }
    }

    /// Socket `id` finished a message (or closed): `bytes` leave the budget, and its turn to
    /// read past it, if it had it, passes on.
    fn release(&self, bytes: u64, id: u64) {
        let mut turn = self.turn.lock().unwrap_or_else(PoisonError::into_inner);
        let had_turn = turn.reading_on == Some(id);
        if had_turn {
            turn.reading_on = None;
        }
        if bytes == 0 && !had_turn {
            return;
        }
        let _ = self
            .held
            .fetch_update(Ordering::AcqRel, Ordering::Acquire, |h| {
                Some(h.saturating_sub(bytes))
            });
        // Under the lock, after the release: a waiter that registered before it is woken, and
        // one that registers after sees what was released.
        for w in std::mem::take(&mut turn.waiting) {
            w.wake();
        }
    }

    /// Whether socket `id` must wait: the budget is held in full and another socket has the
    /// turn to read past it. If so, `waker` waits for a release.
    fn full(&self, waker: &Waker, id: u64) -> bool {
        let mut turn = self.turn.lock().unwrap_or_else(PoisonError::into_inner);
        if self.held.load(Ordering::Acquire) < self.cap || turn.reading_on.is_none_or(|on| on == id)
        {
            return false;
        }
        if !turn.waiting.iter().any(|w| w.will_wake(waker)) {
            turn.waiting.push(waker.clone());
        }
        true
    }

    #[cfg(test)]
    pub(crate) fn held(&self) -> u64 {
        self.held.load(Ordering::Acquire)
    }
}

/// Each token's [`PartialBudget`], shared by its live sync sockets. One no socket holds any
/// more is dropped when the next sync socket comes, so the map has an entry per token with a
/// live socket, not one per token that ever synced.
#[derive(Debug, Default)]
pub(crate) struct PartialBudgets(Mutex<HashMap<String, Arc<PartialBudget>>>);

impl PartialBudgets {
    pub(crate) fn for_token(&self, token_id: &str, cap: u64) -> Arc<PartialBudget> {
        let mut budgets = self.0.lock().unwrap_or_else(PoisonError::into_inner);
        budgets.retain(|_, budget| Arc::strong_count(budget) > 1);
        Arc::clone(
            budgets
                .entry(token_id.to_owned())
                .or_insert_with(|| PartialBudget::new(cap)),
        )
    }

    #[cfg(test)]
    fn len(&self) -> usize {
        self.0.lock().unwrap_or_else(PoisonError::into_inner).len()
    }
}

/// `inner`, whose writes fail with `TimedOut` once one has waited `limit` without the peer
/// taking a byte, and whose reads are counted by its [`ReadMeter`].
pub(crate) struct StallGuard<T> {
    inner: T,
    limit: Duration,
    /// Armed while a write waits; reset by any progress.
    stalled: Pin<Box<Sleep>>,
    armed: bool,
    meter: ReadMeter,
}

impl<T> StallGuard<T> {
    pub(crate) fn new(inner: T, limit: Duration) -> Self {
        StallGuard {
            inner,
            limit,
            stalled: Box::pin(tokio::time::sleep(limit)),
            armed: false,
            meter: ReadMeter::default(),
        }
    }

    /// What this connection has read, counted as it reads.
    pub(crate) fn meter(&self) -> ReadMeter {
        self.meter.clone()
    }

    /// Passes on a ready result (disarming the bound), or, for a waiting write, arms the
    /// bound and fails once it has passed.
    fn guard<R>(&mut self, cx: &mut Context<'_>, poll: Poll<io::Result<R>>) -> Poll<io::Result<R>> {
        match poll {
            Poll::Ready(result) => {
                self.armed = false;
                Poll::Ready(result)
            }
            Poll::Pending => {
                if !self.armed {
                    self.armed = true;
                    let deadline = Instant::now() + self.limit;
                    self.stalled.as_mut().reset(deadline);
                }
                match self.stalled.as_mut().poll(cx) {
                    Poll::Ready(()) => Poll::Ready(Err(io::Error::new(
                        io::ErrorKind::TimedOut,
                        "the peer took nothing of what it was sent",
                    ))),
                    Poll::Pending => Poll::Pending,
                }
            }
        }
    }
}

impl<T> Drop for StallGuard<T> {
    /// The connection ended: what it held of an unfinished message leaves its token's budget.
    fn drop(&mut self) {
        self.meter.message_done();
    }
}

impl<T: AsyncRead + Unpin> AsyncRead for StallGuard<T> {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        if self.meter.must_wait(cx.waker()) {
            return Poll::Pending;
        }
        let before = buf.filled().len();
        let poll = Pin::new(&mut self.inner).poll_read(cx, buf);
        if let Poll::Ready(Ok(())) = poll {
            self.meter.add(buf.filled().len().saturating_sub(before));
        }
        poll
    }
}

impl<T: AsyncWrite + Unpin> AsyncWrite for StallGuard<T> {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        let this = &mut *self;
        let poll = Pin::new(&mut this.inner).poll_write(cx, buf);
        this.guard(cx, poll)
    }

    fn poll_write_vectored(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        let this = &mut *self;
        let poll = Pin::new(&mut this.inner).poll_write_vectored(cx, bufs);
        this.guard(cx, poll)
    }

    fn is_write_vectored(&self) -> bool {
        self.inner.is_write_vectored()
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let this = &mut *self;
        let poll = Pin::new(&mut this.inner).poll_flush(cx);
        this.guard(cx, poll)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let this = &mut *self;
        let poll = Pin::new(&mut this.inner).poll_shutdown(cx);
        this.guard(cx, poll)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tokio::io::{AsyncReadExt, AsyncWriteExt};

    const LIMIT: Duration = Duration::from_millis(400);

    /// Reads what is there within 100 ms; `None` when the read waits.
    async fn read_now(guarded: &mut StallGuard<tokio::io::DuplexStream>) -> Option<usize> {
        let mut buf = [0u8; 4096];
        tokio::time::timeout(Duration::from_millis(100), guarded.read(&mut buf))
            .await
            .ok()
            .map(|r| r.expect("read"))
    }

    /// Sync sockets of one token share a budget of 100 bytes for unfinished messages, made
    /// with `n` of them.
    fn gated_sockets(
        n: usize,
    ) -> (
        Arc<PartialBudget>,
        Vec<(StallGuard<tokio::io::DuplexStream>, tokio::io::DuplexStream)>,
    ) {
        let budget = PartialBudget::new(100);
        let sockets = (0..n)
            .map(|_| {
                let (near, far) = tokio::io::duplex(4096);
                let guarded = StallGuard::new(near, LIMIT);
                guarded.meter().gate(Arc::clone(&budget));
                (guarded, far)
            })
            .collect();
        (budget, sockets)
    }

    /// Once the budget is held, the socket that read past it reads on (its turn), others with a
    /// message of their own unfinished wait, sockets with none read; a finished message or a
    /// closed socket gives back what it held and passes the turn on.
    #[tokio::test]
    async fn a_tokens_unfinished_messages_share_a_budget_and_take_turns_past_it() {
        let (budget, sockets) = gated_sockets(3);
        let mut sockets = sockets.into_iter();
        let (mut a, mut a_far) = sockets.next().unwrap();
        let (mut b, mut b_far) = sockets.next().unwrap();
        let (mut c, mut c_far) = sockets.next().unwrap();

        b_far.write_all(&[1; 30]).await.unwrap();
        assert_eq!(read_now(&mut b).await, Some(30), "room: b begins a message");
        a_far.write_all(&[2; 150]).await.unwrap();
        assert_eq!(
            read_now(&mut a).await,
            Some(150),
            "a had nothing unfinished"
        );
        assert_eq!(budget.held(), 180);
        a_far.write_all(&[2; 20]).await.unwrap();
        assert_eq!(read_now(&mut a).await, Some(20), "a read past it: its turn");
        b_far.write_all(&[1; 30]).await.unwrap();
        let waiting = tokio::spawn(async move {
            let got = read_now(&mut b).await;
            (b, got)
        });
        tokio::time::sleep(Duration::from_millis(20)).await;
        c_far.write_all(&[3; 10]).await.unwrap();
        assert_eq!(read_now(&mut c).await, Some(10), "c had nothing unfinished");
        // a's message is delivered: its bytes leave the budget, its turn passes on.
        a.meter().message_done();
        assert_eq!(budget.held(), 40);
        let (mut b, got) = waiting.await.unwrap();
        assert_eq!(got, Some(30), "b reads on once a finished");
        assert_eq!(budget.held(), 70);

        // c reads past the budget and has the turn; b waits until c closes.
        c_far.write_all(&[3; 40]).await.unwrap();
        assert_eq!(read_now(&mut c).await, Some(40));
        b_far.write_all(&[1; 5]).await.unwrap();
        assert_eq!(read_now(&mut b).await, None, "b waits: c has the turn");
        assert!(b.meter().waits_on_budget(), "not idle: the relay holds it");
        drop(c);
        assert_eq!(budget.held(), 60);
        assert_eq!(read_now(&mut b).await, Some(5), "b reads once c is gone");
        assert!(!b.meter().waits_on_budget());
        drop((a, a_far, c_far));
    }

    /// A socket that only waits for its peer's next bytes takes no turn, even with the budget
    /// held and nobody reading on: a peer that began a message and went quiet cannot keep the
    /// token's other sockets waiting.
    #[tokio::test]
    async fn a_quiet_socket_takes_no_turn() {
        let (budget, sockets) = gated_sockets(3);
        let mut sockets = sockets.into_iter();
        let (mut quiet, mut quiet_far) = sockets.next().unwrap();
        let (mut turn, mut turn_far) = sockets.next().unwrap();
        let (mut busy, mut busy_far) = sockets.next().unwrap();

        quiet_far.write_all(&[1; 99]).await.unwrap();
        assert_eq!(read_now(&mut quiet).await, Some(99));
        turn_far.write_all(&[2; 10]).await.unwrap();
        assert_eq!(read_now(&mut turn).await, Some(10), "read past: the turn");
        busy_far.write_all(&[3; 50]).await.unwrap();
        assert_eq!(read_now(&mut busy).await, Some(50), "nothing unfinished");
        drop(turn);
        assert_eq!(budget.held(), 149, "held, and nobody has the turn");

        assert_eq!(read_now(&mut quiet).await, None, "quiet: nothing to read");
        busy_far.write_all(&[3; 5]).await.unwrap();
        assert_eq!(
            read_now(&mut busy).await,
            Some(5),
            "the quiet socket's wait took no turn"
        );
        quiet_far.write_all(&[1; 1]).await.unwrap();
        assert_eq!(read_now(&mut quiet).await, None, "busy has the turn now");
        drop((turn_far, busy));
        assert_eq!(read_now(&mut quiet).await, Some(1));
    }

    /// A token's sockets share one budget while any is live; once none is, the next socket
    /// comes to an empty map entry and the old one is gone.
    #[test]
    fn budgets_nobody_holds_are_dropped() {
        let budgets = PartialBudgets::default();
        let a = budgets.for_token("a", 100);
        let again = budgets.for_token("a", 100);
        assert!(Arc::ptr_eq(&a, &again), "one budget per token");
        drop(budgets.for_token("b", 100));
        assert_eq!(budgets.len(), 2);
        drop((a, again));
        let _c = budgets.for_token("c", 100);
        assert_eq!(budgets.len(), 1, "a and b had no socket left");
    }

    /// A socket that is not a sync socket (the app, a blob) is never gated.
    #[tokio::test]
    async fn an_ungated_connection_reads_whatever_it_holds() {
        let (near, mut far) = tokio::io::duplex(4096);
        let mut guarded = StallGuard::new(near, LIMIT);
        far.write_all(&[0; 3000]).await.unwrap();
        assert_eq!(read_now(&mut guarded).await, Some(3000));
        assert_eq!(guarded.meter().read(), 3000);
    }

    #[tokio::test]
    async fn a_write_nobody_reads_fails_after_the_limit() {
        let (near, _far) = tokio::io::duplex(64);
        let mut guarded = StallGuard::new(near, LIMIT);
        let started = std::time::Instant::now();
        let err = guarded
            .write_all(&[0u8; 1024])
            .await
            .expect_err("a peer that reads nothing stalls the write");
        assert_eq!(err.kind(), io::ErrorKind::TimedOut);
        assert!(started.elapsed() >= LIMIT);
    }

    #[tokio::test]
    async fn a_slow_reader_that_keeps_reading_is_never_cut() {
        let (near, mut far) = tokio::io::duplex(64);
        let mut guarded = StallGuard::new(near, LIMIT);
        let reader = tokio::spawn(async move {
            let mut got = 0;
            let mut buf = [0u8; 64];
            // 64 bytes every 150 ms: the whole takes three times the limit, no wait reaches it.
            while got < 1024 {
                tokio::time::sleep(Duration::from_millis(150)).await;
                match far.read(&mut buf).await.expect("read") {
                    0 => break,
                    n => got += n,
                }
            }
            got
        });
        guarded
            .write_all(&[7u8; 1024])
            .await
            .expect("progress keeps it open");
        guarded.flush().await.expect("flush");
        assert_eq!(reader.await.expect("reader"), 1024);
    }

    #[tokio::test]
    async fn what_is_read_is_counted() {
        let (near, mut far) = tokio::io::duplex(64);
        let mut guarded = StallGuard::new(near, LIMIT);
        let meter = guarded.meter();
        far.write_all(&[1u8; 40]).await.expect("write");
        drop(far);
        let mut got = Vec::new();
        guarded.read_to_end(&mut got).await.expect("read");
        assert_eq!((got.len(), meter.read()), (40, 40));
    }
}
