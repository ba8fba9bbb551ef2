//! Orders whose history holds a price are moved to a successor document that never held one.
//!
//! Builds before schema 3 wrote the customer price into the order document (and supplier prices
//! into its POs); the order document is what a factory receives, and Automerge keeps every value
//! ever written. [`gendan_domain::migration`] builds the successor (deterministically, so two
//! devices migrating the same order write the same change); this module stores it: the successor
//! replaces the old id in the workspace (`orders`, and `superseded` old → new), the prices go to
//! the commercial document (created when the order had none), the old summary goes, and the old
//! document stays on this device, no longer listed, offered to nobody.
//!
//! It runs once over every order when storage opens (a flag in `meta` remembers it ran), and again
//! for an order document that arrives from a peer still written by an old build.
//!
//! Ids and links: the successor's id is derived from the old one (the same on every device); the
//! workspace maps old → new in `superseded`, so a bookmark or a Today row naming the old order
//! opens the successor ([`Repo::successor_of`]), and a device that learns of a migration through
//! the workspace drops the old summary ([`Repo::retire_superseded`]). The commercial document keeps
//! its id and its `order` link moves to the successor; PO ids are kept, so payables still name their
//! PO. The old document stays on the office device, unlisted, so it is never offered to a nearby
//! device, exported in a bundle or pushed again. What the relay already holds under the old id
//! stays reachable only by tokens that list that id: a factory token made before the migration
//! must be replaced (`gendan-relay token revoke`, and a new invite from the order's share panel).

use gendan_domain::commercial::Commercial;
use gendan_domain::migration;
use gendan_domain::workspace::OrderRef;
use gendan_domain::Workspace;
use wasm_bindgen::JsValue;

use super::idb::{self, META, SUMMARIES};
use super::repo::{summary_value, Repo, Summary, Write};
use super::StoreError;
use crate::platform::now_ms;

/// The `meta` key saying the migration pass over all orders ran on this device.
pub(super) const DONE_KEY: &str = "migration:unpriced-v1";
/// Orders checked per batch: their documents are loaded, looked at and dropped again.
const BATCH: usize = 50;

impl Repo {
    /// Migrates every order of the workspace whose history holds a price, once per device.
    pub(super) async fn migrate_priced_orders(&self) -> Result<(), StoreError> {
        self.once_over_orders(DONE_KEY, async |id| {
            self.migrate_if_priced(id).await.map(|_| ())
        })
        .await?;
        self.retire_superseded().await
    }

    /// Runs `step` over every order of the workspace, once per device: `done_key` in `meta`
    /// remembers it ran. The orders' documents are loaded a batch at a time, and those that
    /// were not loaded before are dropped again.
    pub(super) async fn once_over_orders(
        &self,
        done_key: &str,
        step: impl AsyncFn(&str) -> Result<(), StoreError>,
    ) -> Result<(), StoreError> {
        let t = idb::transaction(&self.db, &[META], false)?;
        let done = idb::get(&idb::store(&t, META)?, &JsValue::from_str(done_key)).await?;
        if done.as_string().as_deref() == Some("done") {
            return Ok(());
        }
        let ids: Vec<String> = self.workspace_value()?.orders.keys().cloned().collect();
        for batch in ids.chunks(BATCH) {
            let was_loaded: Vec<bool> = {
                let inner = self.inner.borrow();
                batch.iter().map(|id| inner.docs.contains_key(id)).collect()
            };
            self.load_docs(batch).await;
            for (id, loaded) in batch.iter().zip(was_loaded) {
                step(id).await?;
                if !loaded {
                    self.inner.borrow_mut().docs.remove(id);
                }
            }
        }
        self.persist(vec![Write::Put {
            store: META,
            key: JsValue::from_str(done_key),
            value: JsValue::from_str("done"),
        }])
        .await
    }

    /// The order that replaced `id`, when `id` was migrated (here or on another device).
    pub fn successor_of(&self, id: &str) -> Option<String> {
        self.superseded().remove(id)
    }

    /// The workspace's map of migrated orders (old id → successor). Only this field is read:
    /// it is asked on every batch a peer sends, and the workspace holds parties, templates and
    /// people that need not be hydrated for it.
    pub(super) fn superseded(&self) -> gendan_domain::RecordMap<String> {
        let inner = self.inner.borrow();
        inner
            .docs
            .get(&inner.workspace_id)
            .and_then(|l| {
                autosurgeon::hydrate_prop(
                    &gendan_domain::reader::Reader::new(&l.doc),
                    gendan_domain::automerge::ROOT,
                    "superseded",
                )
                .ok()
            })
            .unwrap_or_default()
    }

    /// Drops the summaries of orders the workspace says were superseded (a migration that ran on
    /// another device arrives as a workspace change), so lists show the successor only.
    pub(super) async fn retire_superseded(&self) -> Result<(), StoreError> {
        let superseded = self.superseded();
        let gone: Vec<String> = {
            let inner = self.inner.borrow();
            superseded
                .keys()
                .filter(|old| inner.summaries.contains_key(*old))
                .cloned()
                .collect()
        };
        if gone.is_empty() {
            return Ok(());
        }
        let mut writes = Vec::new();
        for old in gone {
            self.inner.borrow_mut().summaries.remove(&old);
            writes.push(Write::Delete {
                store: SUMMARIES,
                key: JsValue::from_str(&old),
            });
        }
        self.persist(writes).await
    }

    /// Migrates one loaded order document if its history holds a price. Returns the successor's
    /// id when it did. A document that is not an order, or not loaded, is left alone, and so is
    /// one the workspace records as migrated already (here or on another device): its prices
    /// reached the books then, and what is written into it since came from whoever still holds
    /// it (a factory, a file it sent), so it must reach neither the books nor the lists.
    pub(super) async fn migrate_if_priced(
        &self,
        old_id: &str,
    ) -> Result<Option<String>, StoreError> {
        if self.successor_of(old_id).is_some() {
            return Ok(None);
        }
        let needs = {
            let mut inner = self.inner.borrow_mut();
            match inner.docs.get_mut(old_id) {
                Some(l) => migration::needs_migration(&mut l.doc),
                None => false,
            }
        };
        if !needs {
            return Ok(None);
        }
        let successor = {
            let mut inner = self.inner.borrow_mut();
            let Some(l) = inner.docs.get_mut(old_id) else {
                return Ok(None);
            };
            migration::successor(old_id, &mut l.doc)?
        };
        let new_id = successor.id.clone();
        let mut writes = Vec::new();
        let now = now_ms();

        // The successor document, unless it already came from another device that migrated first.
        // `hold_new` gives later edits a random actor: they must not share the deterministic one.
        let listed = if self.ensure_loaded(&new_id).await {
            // Its current state (edits made there since) is what the list should show.
            self.order(&new_id)
                .await
                .unwrap_or_else(|_| successor.order.clone())
        } else {
            writes.push(self.hold_new(&new_id, successor.doc));
            successor.order.clone()
        };

        // The prices, into the commercial document the successor links.
        if let Some(cid) = successor.order.commercial.clone() {
            let exists = self.ensure_loaded(&cid).await;
            if exists {
                let prices = successor.prices.clone();
                let link = new_id.clone();
                writes.extend(self.commit_doc::<Commercial>(&cid, move |c| {
                    prices.fill(c);
                    if c.order != link {
                        c.order = link;
                    }
                })?);
            } else if cid == migration::commercial_id(old_id) {
                let doc = migration::new_commercial(old_id, &new_id, &successor.prices)?;
                writes.push(self.hold_new(&cid, doc));
            }
            // Otherwise the commercial document is on another device (this one never had the
            // money): the prices stay where they were, in the office.
        }

        // The workspace lists the successor instead of the old order.
        let ws_id = self.inner.borrow().workspace_id.clone();
        let (old, new) = (old_id.to_string(), new_id.clone());
        writes.extend(self.commit_doc::<Workspace>(&ws_id, move |w| {
            let created = w
                .orders
                .remove(&old)
                .map(|r| r.created_ms)
                .unwrap_or(now as i64);
            w.orders.insert(
                new.clone(),
                OrderRef {
                    created_ms: created,
                },
            );
            w.superseded.insert(old, new);
        })?);

        let summary = Summary::of(&new_id, &listed, now);
        writes.push(Write::Put {
            store: SUMMARIES,
            key: JsValue::from_str(&new_id),
            value: summary_value(&summary)?,
        });
        writes.push(Write::Delete {
            store: SUMMARIES,
            key: JsValue::from_str(old_id),
        });
        {
            let mut inner = self.inner.borrow_mut();
            inner.summaries.remove(old_id);
            inner.summaries.insert(new_id.clone(), summary);
        }
        self.persist(writes).await?;
        Ok(Some(new_id))
    }
}
