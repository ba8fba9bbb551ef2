//! A fresh device's catch-up on everything its token shares (the relay's `all` answer, see
//! `sync/catch_up.rs`): the workspace first, because it says which documents are orders; then
//! the orders, through the file import's path (checked, merged, a transaction per batch, with
//! summaries and agendas); then the orders' commercial documents. It also returns what the relay
//! served, with heads, because the relay recorded the same in the sync map it keeps for this
//! device: the socket then opens resumed, without a round trip per document.
//!
//! The client imports page by page while it fetches the next ([`Repo::import_page`]), then
//! ends with [`Repo::finish_import`]. A nearby device that holds fewer than half of this
//! device's orders gets the same kind of pages over WebRTC (`sync/peer_bundle.rs`), built here
//! from what is stored ([`Repo::stored_page`]) and imported the same way.
//!
//! Nothing here can lose data: a document that does not load or read is left to the ordinary
//! sync, which reports it; a document this device changed too is merged, never replaced, and
//! then syncs as usual because its heads are not the served ones.

use std::collections::{BTreeSet, HashSet};

use gendan_domain::automerge::AutoCommit;
use gendan_domain::document;
use gendan_domain::sorting::{sort_by_key, CollectSet};
use gendan_domain::workspace::Workspace;
use gendan_domain::Order;
use gendan_sync::bundle::{self, Kind};
use gendan_sync::{DocumentId, SharedHeads};
use js_sys::Array;
use wasm_bindgen::JsCast;

use super::idb::{self, CHUNKS};
use super::repo::Repo;
use super::transfer::{arrived_new, merge_into, Checked, ImportError};
use super::StoreError;

/// Orders merged per IndexedDB transaction.
const BATCH: usize = 500;

/// What a catch-up on everything brought.
#[derive(Debug, Default)]
pub(crate) struct Everything {
    /// Every document served that loads, with the heads the relay holds.
    pub served: SharedHeads,
    /// The served documents this device now holds at exactly the served heads: they start the
    /// session confirmed. The others (changed here too, not readable) sync as usual.
    pub same: HashSet<DocumentId>,
    /// The workspace, orders and commercial documents that changed here, for the screens.
    pub changed: Vec<String>,
}

/// A catch-up on everything under way: what the pages imported so far brought, and what waits
/// for the orders of later pages (a commercial document may come before its order).
#[derive(Default)]
pub(crate) struct CatchingUp {
    out: Everything,
    /// Documents that are neither the workspace nor a listed order, with their bytes.
    others: Vec<(String, Vec<u8>)>,
    /// Commercial documents linked by the orders imported so far.
    links: BTreeSet<String>,
    /// Orders with money: their agendas are made again once the money is here.
    priced: Vec<(String, Order)>,
}

impl CatchingUp {
    /// The orders (and workspace) the pages imported so far changed.
    pub(crate) fn changed(&self) -> &[String] {
        &self.out.changed
    }
}

impl Repo {
    /// Merges all the pages of the relay's `all` answer (see [`Repo::import_page`]).
    #[cfg(test)]
    pub(crate) async fn import_everything(
        &self,
        pages: &[Vec<u8>],
    ) -> Result<Everything, ImportError> {
        let mut state = CatchingUp::default();
        for page in pages {
            self.import_page(&mut state, page).await?;
        }
        self.finish_import(state).await
    }

    /// Merges one page of the relay's answer: the workspace when it is there, then the orders
    /// it lists, a transaction per batch. The page is decoded before anything is written, so a
    /// damaged page changes nothing (earlier pages stay imported: they were sound).
    pub(crate) async fn import_page(
        &self,
        state: &mut CatchingUp,
        page: &[u8],
    ) -> Result<(), ImportError> {
        let (_, entries) = bundle::decode(page)?;
        let ws_id = self.workspace_id();
        if state.links.is_empty() {
            state.links.extend(self.sync_ids());
        }
        // The workspace first: its list says which of the other documents are orders.
        if let Some((_, bytes)) = entries.iter().find(|(e, _)| e.id == ws_id) {
            if let Ok(mut incoming) = document::load(bytes) {
                serve(&mut state.out.served, &ws_id, &mut incoming);
                self.load_doc(&ws_id).await?;
                let moved = {
                    let mut inner = self.inner.borrow_mut();
                    let local = inner
                        .docs
                        .get_mut(&ws_id)
                        .ok_or_else(|| StoreError::Corrupt("workspace not loaded".into()))?;
                    let before = local.doc.get_heads();
                    local
                        .doc
                        .merge(&mut incoming)
                        .map_err(|e| StoreError::Document(e.to_string()))?;
                    local.doc.get_heads() != before
                };
                if moved {
                    self.persist_remote(std::slice::from_ref(&ws_id)).await?;
                    state.out.changed.push(ws_id.clone());
                }
            }
        }
        let orders: BTreeSet<String> = {
            let inner = self.inner.borrow();
            let listed = match inner.docs.get(&ws_id) {
                Some(l) => document::field_keys(&l.doc, "orders").map_err(StoreError::from)?,
                None => Vec::new(),
            };
            listed
                .into_iter()
                .chain(inner.summaries.keys().cloned())
                .collect_set()
        };
        let mut batch = Vec::new();
        let mut rest = entries
            .into_iter()
            .filter(|(e, _)| e.id != ws_id)
            .peekable();
        while let Some((entry, bytes)) = rest.next() {
            // A nearby device says what each document is; the relay does not, and its orders
            // are those the workspace lists.
            if !orders.contains(&entry.id) && entry.kind != Some(Kind::Order) {
                state.others.push((entry.id, bytes));
            } else if let Ok(mut doc) = document::load(&bytes) {
                serve(&mut state.out.served, &entry.id, &mut doc);
                // An order that does not read is left to the sync, which quarantines it.
                if let Ok(order) = document::read::<Order>(&doc) {
                    if let Some(cid) = &order.commercial {
                        state.links.insert(cid.clone());
                        state.priced.push((entry.id.clone(), order.clone()));
                    }
                    batch.push(Checked {
                        id: entry.id,
                        doc,
                        order,
                        bytes,
                    });
                }
            }
            if batch.len() >= BATCH || (rest.peek().is_none() && !batch.is_empty()) {
                state.out.changed.extend(batch.iter().map(|c| c.id.clone()));
                self.import_checked(std::mem::take(&mut batch), Vec::<Workspace>::new())
                    .await?;
            }
        }
        Ok(())
    }

    /// Ends a catch-up: stores the commercial documents the orders link, makes those orders'
    /// agendas with their money, and says which served documents are held as served.
    pub(crate) async fn finish_import(&self, state: CatchingUp) -> Result<Everything, ImportError> {
        let CatchingUp {
            mut out,
            others,
            links,
            mut priced,
        } = state;
        let mut linked = Vec::new();
        for (id, bytes) in others {
            // Whatever else the token reaches (an order's old document kept after a
            // migration, say) is not this device's to hold; its heads still go in the map,
            // as the relay's map has them.
            let Ok(mut doc) = document::load(&bytes) else {
                continue;
            };
            serve(&mut out.served, &id, &mut doc);
            if links.contains(&id) {
                linked.push((id, bytes, doc));
            }
        }
        let adopted = self.adopt_linked(linked).await?;
        let arrived: BTreeSet<&String> = adopted.iter().collect_set();
        priced.retain(|(_, o)| o.commercial.as_ref().is_some_and(|c| arrived.contains(c)));
        // The money came after its orders: Today's agendas are made with it, as a sync would.
        let writes = self.agendas_for(&priced).await?;
        self.persist(writes).await?;
        out.changed.extend(adopted);
        for (id, heads) in out.served.iter() {
            if self
                .sorted_heads(&id.to_string())
                .is_some_and(|h| h == heads)
            {
                out.same.insert(*id);
            }
        }
        Ok(out)
    }

    /// Stores commercial documents the relay served: merged into the copy here, or added as
    /// they came; the agendas of their orders are dropped (made again with the money).
    async fn adopt_linked(
        &self,
        docs: Vec<(String, Vec<u8>, AutoCommit)>,
    ) -> Result<Vec<String>, ImportError> {
        let mut writes = Vec::new();
        let mut ids = Vec::new();
        for (id, bytes, mut incoming) in docs {
            if self.inner.borrow().quarantined.contains_key(&id) {
                continue;
            }
            let held = self.ensure_loaded(&id).await;
            let mut inner = self.inner.borrow_mut();
            match inner.docs.get_mut(&id).filter(|_| held) {
                Some(local) => match merge_into(&id, local, &mut incoming)? {
                    Some(write) => writes.push(write),
                    None => continue,
                },
                None => {
                    let (loaded, write) = arrived_new(&id, &bytes, incoming);
                    writes.push(write);
                    inner.docs.insert(id.clone(), loaded);
                }
            }
            ids.push(id);
        }
        writes.extend(self.money_changed(&ids)?);
        self.persist(writes).await?;
        Ok(ids)
    }
}

/// A document bigger than this is left out of a nearby device's bundle pages (it syncs as
/// usual): a page must stay well under the channel's largest frame.
pub(crate) const MAX_PAGE_DOC: usize = 4 * 1024 * 1024;

impl Repo {
    /// The documents among `ids` as this device holds them, for a nearby device's bundle.
    /// Those bigger than [`MAX_PAGE_DOC`] are left out too (the sync still offers them).
    pub(crate) async fn stored_page(
        &self,
        ids: &[(String, Option<Kind>)],
    ) -> Result<Vec<(String, Option<Kind>, Vec<u8>)>, StoreError> {
        let mut page = self.stored_docs(ids).await?;
        page.retain(|(_, _, bytes)| bytes.len() <= MAX_PAGE_DOC);
        Ok(page)
    }

    /// The documents among `ids` as this device holds them, in one IndexedDB transaction: one
    /// in memory is saved as it is now; one stored as a single snapshot goes as those bytes,
    /// unread; one stored as several chunks is loaded (not read as a model) and saved
    /// compacted. Documents not held or damaged are left out.
    pub(crate) async fn stored_docs(
        &self,
        ids: &[(String, Option<Kind>)],
    ) -> Result<Vec<(String, Option<Kind>, Vec<u8>)>, StoreError> {
        let t = idb::transaction(&self.db, &[CHUNKS], false)?;
        let store = idb::store(&t, CHUNKS)?;
        let reads = ids.iter().map(|(id, _)| {
            let store = store.clone();
            let loaded = self.inner.borrow().docs.contains_key(id);
            async move {
                match loaded {
                    true => Ok(None),
                    false => idb::get_all(&store, Some(&idb::doc_range(id)?))
                        .await
                        .map(Some),
                }
            }
        });
        let results = futures::future::join_all(reads).await;
        let mut page = Vec::new();
        for ((id, kind), read) in ids.iter().zip(results) {
            if self.inner.borrow().quarantined.contains_key(id) {
                continue;
            }
            let bytes = match read? {
                // A workspace just adopted is held empty until it arrives: nothing to send.
                None => match self.inner.borrow_mut().docs.get_mut(id) {
                    Some(l) => match l.doc.get_heads().is_empty() {
                        true => continue,
                        false => l.doc.save(),
                    },
                    None => continue,
                },
                Some((keys, values)) => match stored_bytes(&keys, &values) {
                    Some(b) => b,
                    None => continue,
                },
            };
            page.push((id.clone(), *kind, bytes));
        }
        Ok(page)
    }
}

/// A stored document's bytes: its one snapshot as stored, or all its chunks read and saved
/// compacted. `None` when nothing is stored or the chunks do not read (the sync reports those).
fn stored_bytes(keys: &Array, values: &Array) -> Option<Vec<u8>> {
    let mut chunks = Vec::new();
    for (k, v) in keys.iter().zip(values.iter()) {
        let key: Array = k.dyn_into().ok()?;
        let snapshot = key.get(1).as_string().as_deref() == Some("snapshot");
        chunks.push((snapshot, idb::to_bytes(&v).ok()?));
    }
    match chunks.len() {
        0 => None,
        1 if chunks[0].0 => chunks.pop().map(|(_, b)| b),
        _ => {
            // Snapshots first: automerge applies changes whose dependencies it holds.
            sort_by_key(&mut chunks, |(snapshot, _)| !snapshot);
            let mut doc = AutoCommit::new();
            for (_, b) in &chunks {
                doc.load_incremental(b).ok()?;
            }
            (!doc.get_heads().is_empty()).then(|| doc.save())
        }
    }
}

/// Records a served document's heads (an id that does not parse cannot be synced anyway).
fn serve(map: &mut SharedHeads, id: &str, doc: &mut AutoCommit) {
    if let Ok(id) = id.parse() {
        map.set(id, &doc.get_heads());
    }
}
