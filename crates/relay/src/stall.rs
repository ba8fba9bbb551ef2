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

use std::future::Future as _;
use std::io;
use std::pin::Pin;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;

use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::time::{Instant, Sleep};

/// Bytes one connection has read from its peer, all of them (request heads, bodies,
/// WebSocket frames), shared with whoever serves it: each of its requests carries it as an
/// extension.
#[derive(Debug, Clone, Default)]
pub(crate) struct ReadMeter(Arc<AtomicU64>);

impl ReadMeter {
    pub(crate) fn read(&self) -> u64 {
        self.0.load(Ordering::Acquire)
    }

    pub(crate) fn add(&self, bytes: usize) {
        self.0.fetch_add(bytes as u64, Ordering::AcqRel);
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

impl<T: AsyncRead + Unpin> AsyncRead for StallGuard<T> {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
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
