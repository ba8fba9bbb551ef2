//! A byte budget shared by every caller, in parts: what bounds the frames waiting for the hub
//! (`Limits::max_inbound_bytes`) and the upload bodies held in memory (`blobs.rs`, 256 MiB).
//! Without parts, one caller could spend the whole budget and make every other caller wait on
//! it. Two levels: a pool's part (`Grant::budget_key`: a whole-workspace token's own, or all
//! the links of a workspace together, since an office makes up to 1,000 links itself and a
//! part per link let it take that many), and within a pool of links each link's own smaller
//! cap, since a link may be forwarded in a chat and must not starve the other factories' links
//! of the same workspace.
//!
//! Counted in KiB, so a 16 MiB frame is 16,384 permits. A caller waits (unread, so TCP pushes
//! back on its sender) until its bytes fit its token's cap, its pool's part and then the whole.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};

use tokio::sync::{AcquireError, OwnedSemaphorePermit, Semaphore};

/// Bytes per permit.
const UNIT: usize = 1024;

pub(crate) struct Shares {
    all: Arc<Semaphore>,
    all_units: u32,
    per_pool_units: u32,
    per_link_units: u32,
    /// One part per pool that ever asked (few: an operator creates the whole-workspace tokens,
    /// and a workspace's links share one pool).
    per_pool: Mutex<HashMap<String, Arc<Semaphore>>>,
    /// The caps of the links holding or waiting for bytes; the others are dropped.
    per_link: Mutex<HashMap<String, Arc<Semaphore>>>,
}

/// Bytes held of a link's cap, of its pool's part and of the whole; given back on drop.
pub(crate) struct Share {
    _link: Option<OwnedSemaphorePermit>,
    _pool: OwnedSemaphorePermit,
    _all: OwnedSemaphorePermit,
}

fn semaphore(
    map: &Mutex<HashMap<String, Arc<Semaphore>>>,
    key: &str,
    units: u32,
) -> Arc<Semaphore> {
    let mut map = map.lock().unwrap_or_else(PoisonError::into_inner);
    Arc::clone(
        map.entry(key.to_owned())
            .or_insert_with(|| Arc::new(Semaphore::new(units as usize))),
    )
}

impl Shares {
    /// A budget of `all_bytes`, of which one pool holds at most `per_pool_bytes`, and one link
    /// in a pool of links at most `per_link_bytes` of it.
    pub(crate) fn new(all_bytes: usize, per_pool_bytes: usize, per_link_bytes: usize) -> Shares {
        let units = |bytes: usize| (bytes / UNIT).clamp(1, u32::MAX as usize) as u32;
        let all_units = units(all_bytes);
        let per_pool_units = units(per_pool_bytes).min(all_units);
        Shares {
            all: Arc::new(Semaphore::new(all_units as usize)),
            all_units,
            per_pool_units,
            per_link_units: units(per_link_bytes).min(per_pool_units),
            per_pool: Mutex::default(),
            per_link: Mutex::default(),
        }
    }

    /// Waits until `bytes` fit `token_id`'s cap (a link's: when its `pool` is not its own),
    /// then `pool`'s part, then the whole. More than a cap or a part (a largest upload past a
    /// link's cap, a misconfiguration) takes all of it.
    pub(crate) async fn hold(
        &self,
        pool: &str,
        token_id: &str,
        bytes: usize,
    ) -> Result<Share, AcquireError> {
        let units = u32::try_from(bytes.div_ceil(UNIT).max(1)).unwrap_or(u32::MAX);
        let link = if pool == token_id {
            None
        } else {
            // A permit and a waiter each keep their semaphore alive: one nobody holds is full.
            self.per_link
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .retain(|_, cap| Arc::strong_count(cap) > 1);
            let cap = semaphore(&self.per_link, token_id, self.per_link_units);
            Some(
                cap.acquire_many_owned(units.min(self.per_link_units))
                    .await?,
            )
        };
        let pool = semaphore(&self.per_pool, pool, self.per_pool_units)
            .acquire_many_owned(units.min(self.per_pool_units))
            .await?;
        let all = Arc::clone(&self.all)
            .acquire_many_owned(units.min(self.all_units))
            .await?;
        Ok(Share {
            _link: link,
            _pool: pool,
            _all: all,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    async fn waits(shares: &Shares, pool: &str, token: &str, bytes: usize) -> bool {
        tokio::time::timeout(Duration::from_millis(50), shares.hold(pool, token, bytes))
            .await
            .is_err()
    }

    #[tokio::test]
    async fn a_token_waits_past_its_part_and_everyone_past_the_whole() {
        let shares = Shares::new(4 * UNIT, 2 * UNIT, UNIT);
        let a = shares.hold("a", "a", 2 * UNIT).await.expect("a's part");
        assert!(waits(&shares, "a", "a", 1).await, "a is past its part");
        let b = shares.hold("b", "b", 2 * UNIT).await.expect("b's part");
        assert!(waits(&shares, "c", "c", 1).await, "the whole is spent");
        drop(a);
        let c = shares.hold("c", "c", UNIT).await.expect("room again");
        drop((b, c));
        // More than the whole (a misconfiguration) takes all of it rather than waiting forever.
        let big = tokio::time::timeout(Duration::from_secs(5), shares.hold("d", "d", 100 * UNIT));
        big.await.expect("not forever").expect("the whole at most");
    }

    /// A link past its own cap waits, and leaves the rest of its pool's part to the other
    /// links; the pool's links together wait past the pool's part.
    #[tokio::test]
    async fn a_link_waits_past_its_cap_and_its_pools_links_past_the_part() {
        let shares = Shares::new(8 * UNIT, 3 * UNIT, UNIT);
        let one = shares.hold("links", "l1", UNIT).await.expect("l1's cap");
        assert!(waits(&shares, "links", "l1", 1).await, "l1 is past its cap");
        let two = shares
            .hold("links", "l2", UNIT)
            .await
            .expect("l2 is not held by l1");
        let three = shares
            .hold("links", "l3", 5 * UNIT)
            .await
            .expect("all of a cap");
        assert!(
            waits(&shares, "links", "l4", 1).await,
            "the pool's part is spent"
        );
        assert!(
            !waits(&shares, "office", "office", UNIT).await,
            "another pool's part"
        );
        drop((one, two, three));
        assert!(!waits(&shares, "links", "l4", UNIT).await);
        assert_eq!(
            shares.per_link.lock().expect("caps").len(),
            1,
            "the caps nobody held are dropped"
        );
    }
}
