//! A byte budget shared by every caller, of which one token may hold only a part: what bounds
//! the frames waiting for the hub (`Limits::max_inbound_bytes`, a quarter per token) and the
//! upload bodies held in memory (`blobs.rs`, 256 MiB, 64 MiB per token). Without the part, one
//! token could spend the whole budget and make every other caller wait on it. Callers name
//! the part by `Grant::budget_key`: a workspace's links (which an office makes itself, up to
//! 1,000) share one part rather than each having its own.
//!
//! Counted in KiB, so a 16 MiB frame is 16,384 permits. A caller waits (unread, so TCP pushes
//! back on its sender) until its bytes fit its token's part and then the whole.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};

use tokio::sync::{AcquireError, OwnedSemaphorePermit, Semaphore};

/// Bytes per permit.
const UNIT: usize = 1024;

pub(crate) struct Shares {
    all: Arc<Semaphore>,
    all_units: u32,
    per_token_units: u32,
    /// One part per budget key that ever asked (few: an operator creates the whole-workspace
    /// tokens, and a workspace's links share one key).
    per_token: Mutex<HashMap<String, Arc<Semaphore>>>,
}

/// Bytes held of a token's part and of the whole; given back on drop.
pub(crate) struct Share {
    _token: OwnedSemaphorePermit,
    _all: OwnedSemaphorePermit,
}

impl Shares {
    /// A budget of `all_bytes`, of which one token holds at most `per_token_bytes`.
    pub(crate) fn new(all_bytes: usize, per_token_bytes: usize) -> Shares {
        let units = |bytes: usize| (bytes / UNIT).clamp(1, u32::MAX as usize) as u32;
        let all_units = units(all_bytes);
        Shares {
            all: Arc::new(Semaphore::new(all_units as usize)),
            all_units,
            per_token_units: units(per_token_bytes).min(all_units),
            per_token: Mutex::default(),
        }
    }

    /// Waits until `bytes` fit `token_id`'s part, then the whole. More than a part (a
    /// misconfiguration) takes all of it.
    pub(crate) async fn hold(&self, token_id: &str, bytes: usize) -> Result<Share, AcquireError> {
        let units = u32::try_from(bytes.div_ceil(UNIT).max(1)).unwrap_or(u32::MAX);
        let part = Arc::clone(
            self.per_token
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .entry(token_id.to_owned())
                .or_insert_with(|| Arc::new(Semaphore::new(self.per_token_units as usize))),
        );
        let token = part
            .acquire_many_owned(units.min(self.per_token_units))
            .await?;
        let all = Arc::clone(&self.all)
            .acquire_many_owned(units.min(self.all_units))
            .await?;
        Ok(Share {
            _token: token,
            _all: all,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    async fn waits(shares: &Shares, token: &str, bytes: usize) -> bool {
        tokio::time::timeout(Duration::from_millis(50), shares.hold(token, bytes))
            .await
            .is_err()
    }

    #[tokio::test]
    async fn a_token_waits_past_its_part_and_everyone_past_the_whole() {
        let shares = Shares::new(4 * UNIT, 2 * UNIT);
        let a = shares.hold("a", 2 * UNIT).await.expect("a's part");
        assert!(waits(&shares, "a", 1).await, "a is past its part");
        let b = shares.hold("b", 2 * UNIT).await.expect("b's part");
        assert!(waits(&shares, "c", 1).await, "the whole is spent");
        drop(a);
        let c = shares.hold("c", UNIT).await.expect("room again");
        drop((b, c));
        // More than the whole (a misconfiguration) takes all of it rather than waiting forever.
        let big = tokio::time::timeout(Duration::from_secs(5), shares.hold("d", 100 * UNIT));
        big.await.expect("not forever").expect("the whole at most");
    }
}
