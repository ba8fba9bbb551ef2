//! The repository as the sync protocol's document store: hands `gendan-sync` the in-memory
//! documents and records which ones a remote changed, so the client persists them before it
//! answers (a peer is never told we have changes that are not on disk).
//!
//! Two modes. With the relay, the token decides what the remote may see, so every loaded
//! document is visible and only documents we asked for may be created. With a nearby device
//! (WebRTC) this side is the only guard: the remote sees only the documents this device chose
//! to share (`wanted`: the workspace, the orders, and commercial documents only when the user
//! ticked them), and a document it offers is accepted only when this device holds nothing under
//! that id — so a held commercial document that was not shared never merges with, or answers,
//! the remote's copy.

use std::cell::RefMut;
use std::collections::HashSet;

use gendan_domain::automerge::{ActorId, AutoCommit, ChangeHash};
use gendan_domain::document;
use gendan_domain::workspace::Workspace;
use gendan_domain::Order;
use gendan_sync::{DocStore, DocumentId};
use wasm_bindgen::JsValue;

use super::idb::{self, CHUNKS};
use super::repo::{sha_hex, Inner, Loaded, Repo, Summary, Write};
use super::StoreError;
use crate::platform::{now_ms, random_bytes};
use gendan_domain::sorting::sort_dedup;

/// A borrow of the repository's documents for one protocol step.
pub(crate) struct SyncDocs<'a> {
    inner: RefMut<'a, Inner>,
    /// Documents we asked for: only those may be created when a remote offers them.
    wanted: &'a HashSet<String>,
    /// `Some` on a connection to a nearby device: documents the remote offered that were new to
    /// this device and were accepted during this step (visible from then on).
    pub accepted: Option<Vec<String>>,
    /// On a relay connection with a token scoped to some documents: only those are visible, so
    /// a relay that asks for anything else (the orders' money, other orders) hears that this
    /// device has none.
    only_wanted: bool,
    /// On a factory's device (invited to some orders only) talking to a nearby one: nothing new
    /// is taken but the workspace, so never the books of its orders, even when the other device
    /// offers them (its user ticked money without knowing whose phone this is).
    factory: bool,
    /// Talking to a nearby factory's phone: nothing new is taken from it (a document it made,
    /// or books it forged for an order that has none, would be believed here).
    remote_factory: bool,
    pub changed: Vec<String>,
}

impl SyncDocs<'_> {
    fn visible(&self, key: &str) -> bool {
        match &self.accepted {
            None => !self.only_wanted || self.wanted.contains(key),
            Some(accepted) => self.wanted.contains(key) || accepted.iter().any(|a| a == key),
        }
    }
}

impl DocStore for SyncDocs<'_> {
    type Error = StoreError;
    type Doc = AutoCommit;

    fn get(&mut self, id: &DocumentId) -> Result<Option<&mut AutoCommit>, StoreError> {
        let key = id.to_string();
        if !self.visible(&key) {
            return Ok(None);
        }
        Ok(self.inner.docs.get_mut(&key).map(|l| &mut l.doc))
    }

    fn create(&mut self, id: &DocumentId) -> Result<Option<&mut AutoCommit>, StoreError> {
        let key = id.to_string();
        // A factory's device takes nothing new from a nearby device but its workspace: an
        // offered document it does not hold may be an order's books, or another factory's
        // order, and nothing in an empty document says which before it is taken. Its own
        // orders are held already, and sync both ways.
        if (self.factory && key != self.inner.workspace_id) || self.remote_factory {
            return Ok(None);
        }
        if !self.wanted.contains(&key) {
            let held = self.inner.docs.contains_key(&key)
                || self.inner.summaries.contains_key(&key)
                || self.inner.quarantined.contains_key(&key);
            match &mut self.accepted {
                Some(accepted) if !held => accepted.push(key.clone()),
                _ => return Ok(None),
            }
        }
        let doc = AutoCommit::new().with_actor(ActorId::from(random_bytes::<16>()));
        let loaded = self.inner.docs.entry(key).or_insert(Loaded {
            doc,
            chunks: Vec::new(),
            incremental_bytes: 0,
            snapshot_bytes: 0,
        });
        Ok(Some(&mut loaded.doc))
    }

    fn changed(&mut self, id: &DocumentId, _before: &[ChangeHash]) -> Result<(), StoreError> {
        self.changed.push(id.to_string());
        Ok(())
    }
}

impl Repo {
    /// Lends the documents to one protocol step.
    pub fn sync_docs<'a>(&'a self, wanted: &'a HashSet<String>) -> SyncDocs<'a> {
        SyncDocs {
            inner: self.inner.borrow_mut(),
            wanted,
            accepted: None,
            only_wanted: false,
            factory: false,
            remote_factory: false,
            changed: Vec::new(),
        }
    }

    /// Lends the documents to one protocol step of a relay connection whose token is scoped to
    /// `wanted`: nothing else is visible to it.
    pub fn scoped_docs<'a>(&'a self, wanted: &'a HashSet<String>) -> SyncDocs<'a> {
        SyncDocs {
            only_wanted: true,
            ..self.sync_docs(wanted)
        }
    }

    /// Lends the documents to one step of a connection with a nearby device: only `shared` is
    /// visible to it (see the module documentation); a `factory` device takes nothing new but
    /// its workspace, and nothing new is taken from a `remote_factory`.
    pub fn peer_docs<'a>(
        &'a self,
        shared: &'a HashSet<String>,
        (factory, remote_factory): (bool, bool),
    ) -> SyncDocs<'a> {
        SyncDocs {
            accepted: Some(Vec::new()),
            factory,
            remote_factory,
            ..self.sync_docs(shared)
        }
    }

    /// What this device offers a nearby device: its workspace and every readable order.
    /// Commercial documents are added one by one, only when the user ticked them
    /// ([`Repo::commercial_link`]).
    pub fn peer_share_ids(&self) -> Vec<String> {
        let inner = self.inner.borrow();
        let workspace = inner.workspace_id.clone();
        drop(inner);
        let mut ids = vec![workspace];
        ids.extend(self.peer_order_ids());
        ids
    }

    /// The orders this device holds (readable), which a factory's phone names to a nearby office.
    pub fn peer_order_ids(&self) -> Vec<String> {
        let inner = self.inner.borrow();
        inner
            .summaries
            .values()
            .filter(|s| !s.damaged)
            .map(|s| s.id.clone())
            .collect()
    }

    /// Whether `id` is this device's workspace or one of its orders (not a commercial
    /// document, not something unknown).
    pub fn is_listed(&self, id: &str) -> bool {
        let inner = self.inner.borrow();
        inner.workspace_id == id || inner.summaries.get(id).is_some_and(|s| !s.damaged)
    }

    /// Whether an order may reference photos or files: `false` only when its summary says it
    /// references none and its commercial document is not among `shared` (that one is read
    /// then, for its office-only files).
    pub fn may_reference_blobs(&self, id: &str, shared: &HashSet<&str>) -> bool {
        let inner = self.inner.borrow();
        inner.summaries.get(id).is_none_or(|s| {
            s.may_name_blobs()
                || (!s.commercial.is_empty() && shared.contains(s.commercial.as_str()))
        })
    }

    /// The commercial document a loaded order links to, if any and if the link is sound
    /// ([`Repo::money_link`]).
    pub fn commercial_link(&self, order_id: &str) -> Option<String> {
        self.linked_books(order_id)
    }

    /// Every document this device should keep in sync: the workspace, each order and each
    /// order's commercial document.
    pub fn sync_ids(&self) -> Vec<String> {
        let inner = self.inner.borrow();
        let mut ids = vec![inner.workspace_id.clone()];
        for s in inner.summaries.values().filter(|s| !s.damaged) {
            ids.push(s.id.clone());
        }
        // The link alone, not the whole order: this runs over a thousand loaded orders when a
        // session opens.
        for l in inner.docs.values() {
            if let Ok(Some(cid)) = document::read_field::<Option<String>>(&l.doc, "commercial") {
                ids.push(cid);
            }
        }
        sort_dedup(&mut ids);
        ids
    }

    /// Loads a document if it is stored here; `false` when this device does not have it.
    pub async fn ensure_loaded(&self, id: &str) -> bool {
        if self.inner.borrow().docs.contains_key(id) {
            return true;
        }
        self.load_doc_quietly(id).await.is_ok()
    }

    /// Heads of a loaded document (for "is the relay up to date").
    pub fn heads(&self, id: &str) -> Option<Vec<ChangeHash>> {
        self.inner
            .borrow_mut()
            .docs
            .get_mut(id)
            .map(|l| l.doc.get_heads())
    }

    /// Heads of a loaded document, sorted as a `SharedHeads` map records them: what "held here
    /// at the same heads" compares.
    pub fn sorted_heads(&self, id: &str) -> Option<Vec<ChangeHash>> {
        let mut heads = self.heads(id)?;
        // `ChangeHash`'s own sort: the copy automerge's code already links.
        heads.sort();
        Some(heads)
    }

    /// Persists what a remote changed: the new changes as an incremental chunk and, for an
    /// order, its summary. Returns order ids newly listed by the workspace that this device
    /// does not have yet, so the client can ask for them.
    pub async fn persist_remote(&self, ids: &[String]) -> Result<Vec<String>, StoreError> {
        let mut writes = Vec::new();
        let mut listed = Vec::new();
        let mut priced = Vec::new();
        let mut office = Vec::new();
        // A factory's phone holds no books: its notes are not looked at for them.
        let books_here = !self.is_factory_device();
        let mut arrived = Vec::new();
        let mut workspace_changed = false;
        let ws_id = self.inner.borrow().workspace_id.clone();
        let superseded = self.superseded();
        for id in ids {
            let mut inner = self.inner.borrow_mut();
            let Some(loaded) = inner.docs.get_mut(id) else {
                continue;
            };
            let bytes = loaded.doc.save_incremental();
            if bytes.is_empty() {
                continue;
            }
            let hash = sha_hex(&bytes);
            writes.push(Write::Put {
                store: CHUNKS,
                key: idb::chunk_key(id, "incremental", &hash),
                value: idb::bytes(&bytes),
            });
            loaded.chunks.push(("incremental".into(), hash));
            loaded.incremental_bytes += bytes.len();
            if *id == ws_id {
                workspace_changed = true;
                if let Ok(orders) = document::field_keys(&loaded.doc, "orders") {
                    listed.extend(orders);
                }
            } else if superseded.contains_key(id) {
                // A migrated order's old document (an old build still edits it): kept, never
                // listed again.
            } else if let Ok(order) = document::read::<Order>(&loaded.doc) {
                if gendan_domain::migration::may_hold_price(&loaded.doc) {
                    priced.push(id.clone());
                }
                // Notes only where the books are in memory (they arrived too, or are in use):
                // reading them from storage for every order with a note would cost every sync.
                let notes = books_here
                    && !order.communications.is_empty()
                    && order
                        .commercial
                        .as_ref()
                        .is_some_and(|c| inner.docs.contains_key(c));
                if notes || super::office_records::may_hold(&order) {
                    office.push(id.clone());
                }
                listed.extend(order.commercial.clone());
                inner
                    .summaries
                    .insert(id.clone(), Summary::of(id, &order, now_ms()));
                // Quarantined here, and put back on another device: it reads again.
                writes.extend(Repo::release(&mut inner, id));
                arrived.push((id.clone(), order));
            }
        }
        writes.extend(self.money_changed(ids)?);
        // After the money: an order that arrived with its commercial document gets an agenda
        // made with both (the later write of its summary wins).
        writes.extend(self.agendas_for(&arrived).await?);
        self.persist(writes).await?;
        if workspace_changed {
            self.retire_superseded().await?;
        }
        // Office records left on an order (an old build's files or waivers, notes the books
        // hold) go to its books, when they are here: the order arrived, or its books did.
        {
            let arrived: HashSet<&String> = ids.iter().collect();
            let inner = self.inner.borrow();
            office.extend(
                inner
                    .summaries
                    .values()
                    .filter(|s| {
                        // An order in memory is looked at for notes too, at no read.
                        (s.may_hold_office_records() || inner.docs.contains_key(&s.id))
                            && !s.commercial.is_empty()
                            && arrived.contains(&s.commercial)
                    })
                    .map(|s| s.id.clone()),
            );
        }
        for id in office {
            if let Err(e) = self.tidy_office_records(&id).await {
                crate::platform::warn(&format!("office records of {id} stay: {e}"));
            }
        }
        // An order written by an old build (prices inside) is moved to a successor at once.
        for id in priced {
            if let Some(new_id) = self.migrate_if_priced(&id).await? {
                listed.push(new_id);
            }
        }
        let inner = self.inner.borrow();
        Ok(listed
            .into_iter()
            .filter(|id| !inner.docs.contains_key(id) && !inner.summaries.contains_key(id))
            .collect())
    }

    /// Switches this device to a shared workspace (from an invite). The orders listed by the
    /// workspace this device had are added to the shared one once it has arrived. A document
    /// this device holds as anything but a workspace is refused ([`StoreError::NotAWorkspace`]):
    /// the workspace is shared with every nearby device and every token, so naming an order's
    /// commercial document as one would send the money to whoever asked.
    pub async fn adopt_workspace(&self, id: &str) -> Result<(), StoreError> {
        let old = self.inner.borrow().workspace_id.clone();
        if old == id {
            return Ok(());
        }
        let named = {
            let inner = self.inner.borrow();
            inner.summaries.contains_key(id)
                || inner.quarantined.contains_key(id)
                || inner.summaries.values().any(|s| s.commercial == id)
        };
        let held_as_other = !named
            && self.load_doc_quietly(id).await.is_ok()
            && self
                .inner
                .borrow()
                .docs
                .get(id)
                .is_none_or(|l| document::read::<Workspace>(&l.doc).is_err());
        if named || held_as_other {
            return Err(StoreError::NotAWorkspace(id.to_string()));
        }
        self.inner.borrow_mut().previous_workspace = Some(old);
        self.inner.borrow_mut().workspace_id = id.to_string();
        if self.load_doc_quietly(id).await.is_err() {
            let doc = AutoCommit::new().with_actor(ActorId::from(random_bytes::<16>()));
            self.inner.borrow_mut().docs.insert(
                id.to_string(),
                Loaded {
                    doc,
                    chunks: Vec::new(),
                    incremental_bytes: 0,
                    snapshot_bytes: 0,
                },
            );
        }
        self.persist(vec![Write::Put {
            store: super::idb::META,
            key: JsValue::from_str("workspace"),
            value: JsValue::from_str(id),
        }])
        .await
    }

    /// Goes back to the workspace this device had when the one it was joining never arrived (the
    /// other device closed before sending it: "not ours", or the connection dropped), so it is
    /// not left in an empty placeholder with its own workspace out of sight. Its workspace's id
    /// when it went back.
    pub async fn abandon_join(&self) -> Result<Option<String>, StoreError> {
        let (joining, previous) = {
            let inner = self.inner.borrow();
            (inner.workspace_id.clone(), inner.previous_workspace.clone())
        };
        let Some(previous) = previous else {
            return Ok(None);
        };
        let arrived = self
            .inner
            .borrow()
            .docs
            .get(&joining)
            .is_some_and(|l| document::read::<Workspace>(&l.doc).is_ok());
        if arrived {
            return Ok(None);
        }
        {
            let mut inner = self.inner.borrow_mut();
            inner.previous_workspace = None;
            inner.workspace_id = previous.clone();
            // The placeholder held nothing received: nothing of it was stored.
            if inner
                .docs
                .get(&joining)
                .is_some_and(|l| l.chunks.is_empty())
            {
                inner.docs.remove(&joining);
            }
        }
        self.ensure_loaded(&previous).await;
        self.persist(vec![Write::Put {
            store: super::idb::META,
            key: JsValue::from_str("workspace"),
            value: JsValue::from_str(&previous),
        }])
        .await?;
        Ok(Some(previous))
    }

    /// Once the shared workspace has arrived, lists in it the orders this device already had.
    pub async fn fold_previous_workspace(&self) -> Result<bool, StoreError> {
        // Checked first: this runs after every received change, and reading the whole
        // workspace each time made a fresh device's sync quadratic (36 of its 64 s over WebRTC).
        if self.inner.borrow().previous_workspace.is_none() {
            return Ok(false);
        }
        let ws_id = self.inner.borrow().workspace_id.clone();
        let ready = {
            let inner = self.inner.borrow();
            inner
                .docs
                .get(&ws_id)
                .is_some_and(|l| document::read::<Workspace>(&l.doc).is_ok())
        };
        if !ready {
            return Ok(false);
        }
        let mine: Vec<String> = self.inner.borrow().summaries.keys().cloned().collect();
        let writes = self.commit_doc::<Workspace>(&ws_id, move |w| {
            for id in mine {
                w.orders
                    .entry(id)
                    .or_insert(gendan_domain::workspace::OrderRef {
                        created_ms: now_ms() as i64,
                    });
            }
        })?;
        self.inner.borrow_mut().previous_workspace = None;
        self.persist(writes).await?;
        Ok(true)
    }

    /// Values of an order field that two devices changed at once (winner first); empty if none.
    pub fn conflicts(&self, id: &str, path: &[&str]) -> Vec<String> {
        let inner = self.inner.borrow();
        inner
            .docs
            .get(id)
            .map(|l| document::conflicts(&l.doc, path))
            .unwrap_or_default()
    }

    /// Keeps one of the competing values: an ordinary edit that syncs like any other.
    pub async fn resolve(&self, id: &str, path: &[&str], choice: usize) -> Result<(), StoreError> {
        if !self.inner.borrow().docs.contains_key(id) {
            return Ok(());
        }
        let (mut writes, ()) = self.resolve_writes::<StoreError>(id, path, choice)?;
        if let Ok(order) = self.order(id).await {
            writes.push(self.summary_write(id, &order)?);
        }
        self.persist(writes).await
    }

    pub fn workspace_id(&self) -> String {
        self.inner.borrow().workspace_id.clone()
    }
}
