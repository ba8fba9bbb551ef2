//! How much room photos and files take on this device, per order, and freeing it: the local
//! copies of a closed order's blobs may be dropped when the relay is known to hold them, and are
//! fetched again when shown online. Nothing is dropped that may exist nowhere else.
//!
//! Where a blob is known to exist is a `meta` record per blob (`super::blobs`, written when the
//! relay acknowledged an upload or served a fetch). A blob with an upload mark, or one that came
//! by a bundle file or from a nearby device, has no such record: it is "only on this device"
//! and is never dropped, whatever its order's status.

use std::collections::{BTreeMap, BTreeSet};

use gendan_domain::{lifecycle, OrderStatus};
use js_sys::Uint8Array;
use wasm_bindgen::{JsCast, JsValue};

use super::blobs::{place_of, PLACE_PREFIX};
use super::idb::{self, BLOBS, META};
use super::repo::{Repo, Summary, Write};
use super::StoreError;
use gendan_domain::sorting::{sort_by, CollectMap, CollectSet};

/// An order whose files may be dropped locally: the goods have left (shipped, delivered,
/// closed, `lifecycle::is_shipped`) or it was cancelled. Nothing more is expected to be added
/// to it in the field, so its photos are read rarely and can be fetched when they are.
pub(crate) fn is_closed(status: OrderStatus) -> bool {
    lifecycle::is_shipped(status) || status == OrderStatus::Cancelled
}

/// Where a blob is known to exist besides this device.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Place {
    /// The relay holds it: it acknowledged the upload, or the blob was fetched from it.
    Relay,
    /// Known nowhere else: waiting for upload, or brought by a bundle file or a nearby device.
    OnlyHere,
    /// Its record is damaged (the message says which): treated as only here, never dropped.
    Unknown(String),
}

/// One blob an order names.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct BlobUse {
    pub hash: String,
    /// Bytes kept on this device; `None` when they are not here (dropped, or not fetched yet).
    pub bytes: Option<u64>,
    pub place: Place,
}

/// One order's blobs on this device.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct OrderUse {
    pub id: String,
    pub customer_po: String,
    pub style_no: String,
    pub status: OrderStatus,
    pub blobs: Vec<BlobUse>,
    /// The blobs whose local copies may be dropped: the order is closed, the bytes are here,
    /// the relay holds them and no open order names them too.
    pub droppable: Vec<String>,
}

impl OrderUse {
    pub fn closed(&self) -> bool {
        is_closed(self.status)
    }

    /// Bytes this order's blobs take on this device.
    pub fn bytes_here(&self) -> u64 {
        self.blobs.iter().filter_map(|b| b.bytes).sum()
    }

    /// Bytes dropping [`OrderUse::droppable`] frees.
    pub fn droppable_bytes(&self) -> u64 {
        self.blobs
            .iter()
            .filter(|b| self.droppable.contains(&b.hash))
            .filter_map(|b| b.bytes)
            .sum()
    }

    /// Blobs here that exist nowhere else known (never dropped).
    pub fn only_here(&self) -> usize {
        self.blobs
            .iter()
            .filter(|b| b.bytes.is_some() && b.place != Place::Relay)
            .count()
    }

    /// Blobs named by the order but not on this device (dropped, or never fetched).
    pub fn not_here(&self) -> usize {
        self.blobs.iter().filter(|b| b.bytes.is_none()).count()
    }
}

/// What photos and files take on this device.
#[derive(Debug, Clone, PartialEq, Default)]
pub(crate) struct Usage {
    /// Every blob on the device, named by an order or not.
    pub total_bytes: u64,
    pub blob_count: usize,
    /// Orders naming at least one blob, the largest on this device first.
    pub orders: Vec<OrderUse>,
    /// Blob records that are not bytes, each with the error that says so (counted as 0 bytes).
    pub damaged: Vec<String>,
}

impl Usage {
    /// Every droppable blob of the closed orders (each once) and the bytes dropping them frees.
    pub fn closed_droppable(&self) -> (Vec<String>, u64) {
        let mut seen = BTreeMap::new();
        for o in &self.orders {
            for b in o.blobs.iter().filter(|b| o.droppable.contains(&b.hash)) {
                seen.insert(b.hash.clone(), b.bytes.unwrap_or(0));
            }
        }
        let bytes = seen.values().sum();
        (seen.into_keys().collect(), bytes)
    }
}

/// What dropping did.
#[derive(Debug, Clone, PartialEq, Default)]
pub(crate) struct Freed {
    pub dropped: Vec<String>,
    pub bytes: u64,
}

impl Repo {
    /// Measures the blobs on this device and which orders name them. Only orders whose summary
    /// says they may name some are read, 50 at a time (see `scan_orders`): Settings opens with
    /// this, and reading every order took seconds at 10,000.
    pub async fn blob_usage(&self) -> Result<Usage, StoreError> {
        let (sizes, damaged) = self.blob_sizes().await?;
        let places = self.blob_places().await?;
        let waiting: BTreeSet<String> = self.blobs_to_upload().await?.into_iter().collect_set();
        let mut named: Vec<(String, String, String, OrderStatus, BTreeSet<String>)> = Vec::new();
        self.scan_orders(
            Summary::may_name_blobs,
            async |_, _| {
                crate::platform::yield_now().await;
                true
            },
            |id, order, _| {
                let hashes = gendan_domain::blob_refs::of_order(order);
                if !hashes.is_empty() {
                    named.push((
                        id.to_string(),
                        order.customer_po.clone(),
                        order.style_no.clone(),
                        order.status,
                        hashes,
                    ));
                }
            },
        )
        .await;
        let open_named: BTreeSet<&String> = named
            .iter()
            .filter(|n| !is_closed(n.3))
            .flat_map(|n| n.4.iter())
            .collect_set();
        let place = |h: &str| match places.get(h) {
            _ if waiting.contains(h) => Place::OnlyHere,
            Some(Ok(true)) => Place::Relay,
            Some(Err(e)) => Place::Unknown(e.to_string()),
            Some(Ok(false)) | None => Place::OnlyHere,
        };
        let mut orders: Vec<OrderUse> = named
            .iter()
            .map(|(id, po, style, status, hashes)| {
                let blobs: Vec<BlobUse> = hashes
                    .iter()
                    .map(|h| BlobUse {
                        hash: h.clone(),
                        bytes: sizes.get(h).copied(),
                        place: place(h),
                    })
                    .collect();
                let droppable = if is_closed(*status) {
                    blobs
                        .iter()
                        .filter(|b| b.bytes.is_some() && b.place == Place::Relay)
                        .filter(|b| !open_named.contains(&b.hash))
                        .map(|b| b.hash.clone())
                        .collect()
                } else {
                    Vec::new()
                };
                OrderUse {
                    id: id.clone(),
                    customer_po: po.clone(),
                    style_no: style.clone(),
                    status: *status,
                    blobs,
                    droppable,
                }
            })
            .collect();
        sort_by(&mut orders, |a, b| {
            b.bytes_here()
                .cmp(&a.bytes_here())
                .then_with(|| a.customer_po.cmp(&b.customer_po))
        });
        Ok(Usage {
            total_bytes: sizes.values().sum(),
            blob_count: sizes.len(),
            orders,
            damaged,
        })
    }

    /// Drops this device's copies of the droppable blobs of `orders` (closed orders; others
    /// have none), each only after `on_relay(hash)` confirms the relay still holds it (a
    /// request to the relay; tests answer for it). Blob, place and upload records are read
    /// again first, so a blob that is no longer known on the relay is kept.
    pub async fn free_closed(
        &self,
        orders: &[String],
        mut on_relay: impl AsyncFnMut(&str) -> bool,
    ) -> Result<Freed, StoreError> {
        let usage = self.blob_usage().await?;
        let mut wanted: BTreeMap<String, u64> = BTreeMap::new();
        for o in usage.orders.iter().filter(|o| orders.contains(&o.id)) {
            for b in o.blobs.iter().filter(|b| o.droppable.contains(&b.hash)) {
                wanted.insert(b.hash.clone(), b.bytes.unwrap_or(0));
            }
        }
        let mut freed = Freed::default();
        let mut writes = Vec::new();
        for (hash, bytes) in wanted {
            if !on_relay(&hash).await {
                continue;
            }
            writes.push(Write::Delete {
                store: BLOBS,
                key: JsValue::from_str(&hash),
            });
            freed.dropped.push(hash);
            freed.bytes += bytes;
        }
        if !writes.is_empty() {
            self.persist(writes).await?;
        }
        Ok(freed)
    }

    /// The byte length of every blob on the device, read one at a time so no more than one
    /// blob's bytes are held at once; records that are not bytes are listed as damaged.
    async fn blob_sizes(&self) -> Result<(BTreeMap<String, u64>, Vec<String>), StoreError> {
        let t = idb::transaction(&self.db, &[BLOBS], false)?;
        let store = idb::store(&t, BLOBS)?;
        let keys = idb::get_all_keys(&store).await?;
        let mut sizes = BTreeMap::new();
        let mut damaged = Vec::new();
        for key in keys.iter() {
            let Some(hash) = key.as_string() else {
                damaged.push(format!(
                    "a blob is stored under a key that is not a hash ({key:?})"
                ));
                continue;
            };
            let v = idb::get(&store, &key).await?;
            if let Some(a) = v.dyn_ref::<Uint8Array>() {
                sizes.insert(hash, u64::from(a.byte_length()));
            } else if let Some(b) = v.dyn_ref::<js_sys::ArrayBuffer>() {
                sizes.insert(hash, u64::from(b.byte_length()));
            } else {
                damaged.push(format!(
                    "blob {hash} is stored as something other than bytes"
                ));
            }
        }
        Ok((sizes, damaged))
    }

    /// Every place record, by hash; a damaged one carries its error.
    async fn blob_places(&self) -> Result<BTreeMap<String, Result<bool, StoreError>>, StoreError> {
        let t = idb::transaction(&self.db, &[META], false)?;
        let range = idb::prefix_range(PLACE_PREFIX)?;
        let (keys, values) = idb::get_all(&idb::store(&t, META)?, Some(&range)).await?;
        Ok(keys
            .iter()
            .zip(values.iter())
            .filter_map(|(k, v)| {
                let hash = k.as_string()?.strip_prefix(PLACE_PREFIX)?.to_string();
                let place = place_of(&hash, &v);
                Some((hash, place))
            })
            .collect_map())
    }
}
