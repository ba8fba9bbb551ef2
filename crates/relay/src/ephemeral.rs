//! How much ephemeral data (presence, device signals) the hub forwards, and to whom: bounds
//! that hold across a token's sockets and spare the listeners.
//!
//! A connection may send [`EPHEMERAL_BURST`] messages of up to [`MAX_EPHEMERAL_BYTES`] and
//! [`EPHEMERAL_PER_SECOND`] more (`gendan_sync::Connection`), but a token may open 32 sockets
//! and open them again to start a fresh burst, and every message is copied to every listener
//! of its document. A listener's queue past its bound is taken for a peer that stopped reading
//! and closed (1013), so one link flooding an order closed every office device syncing it that
//! paused reading for a moment. Ephemeral messages are best-effort by protocol (presence is
//! sent again, a signal is retried), so what is over a bound here is dropped, never queued and
//! never a reason to close anyone: an account's messages share one allowance ([`Allowances`],
//! kept by the hub, so reconnecting does not refill it), and a listener whose queue already
//! holds a part of its bound ([`listener_has_room`]) is not sent more of them.

use std::collections::HashMap;

use gendan_sync::{EPHEMERAL_BURST, EPHEMERAL_PER_SECOND, MAX_EPHEMERAL_BYTES};

/// Bytes one account may have forwarded at once: one connection's burst of the largest
/// messages (1 MiB). Presence is a few hundred bytes, so an honest office's devices together
/// stay far below it.
pub(crate) const BURST_BYTES: u64 = EPHEMERAL_BURST * MAX_EPHEMERAL_BYTES as u64;
/// Bytes a second the allowance refills: one connection's pace of the largest messages.
pub(crate) const BYTES_PER_SECOND: u64 = EPHEMERAL_PER_SECOND * MAX_EPHEMERAL_BYTES as u64;
/// What a message costs at least: each is a frame handled and copied to every listener,
/// whatever its size, so a flood of one-byte messages is bounded too.
pub(crate) const MIN_CHARGE: u64 = 1024;
/// A listener is sent ephemeral copies only while its queue (and its token's) holds less than
/// this part of its bound: the rest stays for the answers it syncs with, so a flood cannot
/// bring it near the bound at which it would be closed as too slow.
pub(crate) const LISTENER_PART: usize = 4;

/// The ephemeral allowance left to each account, refilled with time.
#[derive(Default)]
pub(crate) struct Allowances {
    by_account: HashMap<String, Bucket>,
}

struct Bucket {
    bytes: u64,
    refilled_ms: u64,
}

impl Allowances {
    /// Takes a message of `len` bytes from `account`'s allowance at `now_ms`; `false` (nothing
    /// taken) when the allowance does not cover it: the message is to be dropped.
    pub(crate) fn take(&mut self, account: &str, len: usize, now_ms: u64) -> bool {
        let bucket = self.by_account.entry(account.to_owned()).or_insert(Bucket {
            bytes: BURST_BYTES,
            refilled_ms: now_ms,
        });
        let earned = now_ms
            .saturating_sub(bucket.refilled_ms)
            .saturating_mul(BYTES_PER_SECOND)
            / 1000;
        if earned > 0 {
            bucket.bytes = bucket.bytes.saturating_add(earned).min(BURST_BYTES);
            bucket.refilled_ms = now_ms;
        }
        let charge = (len as u64).max(MIN_CHARGE);
        if bucket.bytes < charge {
            return false;
        }
        bucket.bytes -= charge;
        true
    }

    /// Forgets the accounts whose allowance has refilled by `now_ms`: a fresh one is the same.
    pub(crate) fn forget_full(&mut self, now_ms: u64) {
        self.by_account.retain(|_, b| {
            let earned = now_ms
                .saturating_sub(b.refilled_ms)
                .saturating_mul(BYTES_PER_SECOND)
                / 1000;
            b.bytes.saturating_add(earned) < BURST_BYTES
        });
    }

    #[cfg(test)]
    fn len(&self) -> usize {
        self.by_account.len()
    }
}

/// Whether a listener may be sent an ephemeral copy of `len` bytes: what waits for it
/// (`pending`, its outbox not yet flushed), with what its socket and its token's sockets have
/// queued, stays within [`LISTENER_PART`] of their bounds, and its socket's frame queue is at
/// most half full.
pub(crate) fn listener_has_room(
    len: usize,
    pending: usize,
    (queued, max_queued): (usize, usize),
    (token_queued, max_token_queued): (usize, usize),
    (frames_free, frames_max): (usize, usize),
) -> bool {
    let after = |queued: usize| queued.saturating_add(pending).saturating_add(len);
    after(queued) <= max_queued / LISTENER_PART
        && after(token_queued) <= max_token_queued / LISTENER_PART
        && frames_free >= frames_max / 2
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_accounts_allowance_is_shared_refilled_and_forgotten_when_full() {
        let mut allowances = Allowances::default();
        let big = MAX_EPHEMERAL_BYTES;
        for _ in 0..EPHEMERAL_BURST {
            assert!(allowances.take("link", big, 1_000));
        }
        assert!(!allowances.take("link", big, 1_000), "the burst is spent");
        assert!(
            !allowances.take("link", 1, 1_000),
            "tiny ones are charged too"
        );
        assert!(
            allowances.take("office", big, 1_000),
            "another account's is its own"
        );
        // A second refills a second's pace.
        for _ in 0..EPHEMERAL_PER_SECOND {
            assert!(allowances.take("link", big, 2_000));
        }
        assert!(!allowances.take("link", big, 2_000));
        allowances.forget_full(2_000);
        assert_eq!(
            allowances.len(),
            1,
            "the office's has refilled, the link's not"
        );
        allowances.forget_full(10_000);
        assert_eq!(allowances.len(), 0);
    }

    #[test]
    fn a_listener_is_spared_past_a_part_of_its_bounds() {
        let frames = (100, 100);
        assert!(listener_has_room(10, 0, (0, 400), (0, 800), frames));
        assert!(listener_has_room(10, 40, (50, 400), (50, 800), frames));
        assert!(!listener_has_room(10, 41, (50, 400), (50, 800), frames));
        assert!(!listener_has_room(10, 0, (0, 400), (191, 800), frames));
        assert!(!listener_has_room(10, 0, (0, 400), (0, 800), (49, 100)));
    }
}
