//! Export and import of bundle files: the repository side of `bundle.rs`.
//!
//! Import checks everything first (the file, then that every document loads and reads as what it
//! claims to be) and writes in one IndexedDB transaction, so a damaged file changes nothing and a
//! document that does not read is refused by itself. Documents that exist here are merged with
//! the file's copy, never replaced.
//!
//! A bundle may carry the photos and files its orders reference ("with photos and files"):
//! only blobs named by the exported orders ([`gendan_domain::blob_refs`]), never anything of a
//! commercial document, which bundles never carry. On import they are stored after the
//! documents, a batch per IndexedDB transaction, and only those the file's orders reference:
//! a file cannot plant other bytes here. Each is checked against its name; a damaged blob
//! section costs only the blobs it spoils, the orders are imported all the same.

use gendan_domain::automerge::AutoCommit;
use gendan_domain::commercial::books_id;
use gendan_domain::document::{self, Root};
use gendan_domain::workspace::{OrderRef, Workspace};
use gendan_domain::Order;
use wasm_bindgen::JsValue;

use std::collections::BTreeSet;

use super::idb::{self, BLOBS, CHUNKS};
use super::repo::{sha_hex, Fingerprint, Loaded, Repo, Summary, Write};
use super::StoreError;
use crate::platform::{now_ms, random_bytes};
use gendan_sync::bundle::{self, BundleError, Kind};

/// What an import did, for the message the user sees.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct ImportReport {
    pub new_orders: usize,
    pub updated_orders: usize,
    pub unchanged_orders: usize,
    /// Orders whose copy here is damaged (quarantined); left alone.
    pub skipped: usize,
    /// Documents of the file that do not read as what they claim to be: not imported.
    pub refused: usize,
    /// Photos and files stored from the file.
    pub files: usize,
    /// Photos and files the orders reference that were damaged or cut off in the file (or
    /// could not be stored): not imported; the orders were.
    pub files_damaged: usize,
}

/// The photos and files a bundle would carry, for the size shown before export.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct FilesInBundle {
    pub count: usize,
    pub bytes: u64,
    /// Referenced but not on this device (or too large for a bundle): left out.
    pub missing: usize,
}

/// Bytes of blobs stored per IndexedDB transaction on import.
const BLOB_BATCH_BYTES: usize = 8 * 1024 * 1024;

#[derive(Debug, thiserror::Error)]
pub(crate) enum ImportError {
    #[error(transparent)]
    Bundle(#[from] BundleError),
    #[error("the bundle's document {id} is not a valid {kind}: {reason}")]
    Invalid {
        id: String,
        kind: &'static str,
        reason: String,
    },
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// An order checked for import: its id, the document, what it reads as, and the bytes it was
/// loaded from (stored as they are when the order is new here, not saved again).
pub(super) struct Checked {
    pub id: String,
    pub doc: AutoCommit,
    pub order: Order,
    pub bytes: Vec<u8>,
}

/// Merges an arriving copy into the document held here; the write of the changes it brought,
/// or `None` when it brought nothing new.
pub(super) fn merge_into(
    id: &str,
    local: &mut Loaded,
    incoming: &mut AutoCommit,
) -> Result<Option<Write>, StoreError> {
    let before = local.doc.get_heads();
    local
        .doc
        .merge(incoming)
        .map_err(|e| StoreError::Document(e.to_string()))?;
    if local.doc.get_heads() == before {
        return Ok(None);
    }
    let bytes = local.doc.save_incremental();
    let hash = sha_hex(&bytes);
    let write = Write::Put {
        store: CHUNKS,
        key: idb::chunk_key(id, "incremental", &hash),
        value: idb::bytes(&bytes),
    };
    local.chunks.push(("incremental".into(), hash));
    local.incremental_bytes += bytes.len();
    Ok(Some(write))
}

/// A document new here, held as the bytes it arrived in (one snapshot chunk), with an actor of
/// its own for the edits this device makes to it.
pub(super) fn arrived_new(id: &str, bytes: &[u8], mut doc: AutoCommit) -> (Loaded, Write) {
    let hash = sha_hex(bytes);
    let write = Write::Put {
        store: CHUNKS,
        key: idb::chunk_key(id, "snapshot", &hash),
        value: idb::bytes(bytes),
    };
    doc.set_actor(gendan_domain::automerge::ActorId::from(random_bytes::<16>()));
    let loaded = Loaded {
        doc,
        chunks: vec![("snapshot".into(), hash)],
        incremental_bytes: 0,
        snapshot_bytes: bytes.len(),
    };
    (loaded, write)
}

/// Loads and reads a document, returning both: an import hydrates each order once.
fn check<T: Root>(id: &str, bytes: &[u8]) -> Result<(AutoCommit, T), ImportError> {
    let invalid = |reason: String| ImportError::Invalid {
        id: id.to_string(),
        kind: T::KIND,
        reason,
    };
    let doc = document::load(bytes).map_err(|e| invalid(e.to_string()))?;
    let value = document::read::<T>(&doc).map_err(|e| invalid(e.to_string()))?;
    Ok((doc, value))
}

impl Repo {
    /// The orders a bundle of `orders` holds (every readable one when `None`), and whether the
    /// workspace goes too.
    fn bundle_orders(&self, orders: Option<Vec<String>>) -> (Vec<String>, bool) {
        match orders {
            Some(ids) => (ids, false),
            None => (
                self.summaries()
                    .into_iter()
                    .filter(|s| !s.damaged)
                    .map(|s| s.id)
                    .collect(),
                true,
            ),
        }
    }

    /// Of the blobs `names` (those the bundle's orders reference), the ones this device holds,
    /// within the bundle's limits, in a stable order; with `keep` false only counted (for the
    /// size shown first).
    async fn bundle_blobs(
        &self,
        names: BTreeSet<String>,
        keep: bool,
    ) -> (Vec<Vec<u8>>, FilesInBundle) {
        let mut files = FilesInBundle::default();
        let mut kept = Vec::new();
        // Documents need room too: blobs stop well short of the file limit.
        let room = (bundle::MAX_BUNDLE_BYTES / 2) as u64;
        for name in names {
            match self.get_blob(&name).await {
                Ok(Some(bytes))
                    if bytes.len() <= bundle::MAX_BLOB_BYTES
                        && files.bytes + bytes.len() as u64 <= room =>
                {
                    files.count += 1;
                    files.bytes += bytes.len() as u64;
                    if keep {
                        kept.push(bytes);
                    }
                }
                _ => files.missing += 1,
            }
        }
        (kept, files)
    }

    /// What "with photos and files" would add to a bundle of `orders`.
    pub async fn bundle_files(&self, orders: Option<Vec<String>>) -> FilesInBundle {
        let (ids, _) = self.bundle_orders(orders);
        let names = self.blobs_named(&ids).await;
        self.bundle_blobs(names, false).await.1
    }

    /// The photos and files `ids` reference. Only orders whose summary says they reference
    /// some (or does not say) are read. A bundle holds no books, so no office-only file goes
    /// with it: not a PO scan an older build left on the order, nor a file of the books that
    /// a record on the order names ([`Repo::office_files_near`]).
    async fn blobs_named(&self, ids: &[String]) -> BTreeSet<String> {
        let with_blobs: Vec<String> = ids
            .iter()
            .filter(|id| self.may_name_blobs(id))
            .cloned()
            .collect();
        let mut names = BTreeSet::new();
        self.for_each_order(&with_blobs, |_, order, _| {
            names.extend(gendan_domain::blob_refs::of_order_without_office(order));
        })
        .await;
        self.without_office_files(names, ids).await
    }

    /// `names` less the office files near `ids` ([`Repo::office_files_near`]), read only when
    /// some file is named at all.
    async fn without_office_files(
        &self,
        mut names: BTreeSet<String>,
        ids: &[String],
    ) -> BTreeSet<String> {
        if !names.is_empty() {
            let office = self.office_files_near(ids).await;
            names.retain(|h| !office.contains(h));
        }
        names
    }

    /// The office-only files of the books held here for `ids` and for every other order of
    /// the factories they name: a factory's device holds its orders' histories, where it may
    /// have read such a file's hash to name on a record of its own
    /// ([`gendan_domain::blob_refs::office_only`]).
    pub(crate) async fn office_files_near(&self, ids: &[String]) -> BTreeSet<String> {
        // A factory's device never holds books: nothing to read.
        if self.is_factory_device() {
            return BTreeSet::new();
        }
        let books: Vec<String> = {
            let inner = self.inner.borrow();
            let factories: BTreeSet<&str> = ids
                .iter()
                .filter_map(|id| inner.summaries.get(id))
                .map(|s| s.factory.as_str())
                .filter(|f| !f.is_empty())
                .collect();
            let wanted: BTreeSet<&str> = ids.iter().map(String::as_str).collect();
            inner
                .summaries
                .values()
                .filter(|s| {
                    wanted.contains(s.id.as_str()) || factories.contains(s.factory.as_str())
                })
                // The link as the order names it, or the books made for it: any document
                // that reads as books adds to what stays, never to what goes.
                .map(|s| match s.commercial.is_empty() {
                    true => books_id(&s.id),
                    false => s.commercial.clone(),
                })
                .collect()
        };
        let mut office = BTreeSet::new();
        // Read a batch at a time and dropped again: an export keeps no document it loaded.
        for batch in books.chunks(super::scan::READ_BATCH) {
            let lent = self.unloaded(batch);
            self.load_docs(&lent).await;
            {
                let inner = self.inner.borrow();
                // Only the books' files are read, not the whole books.
                for cid in batch {
                    let files = inner.docs.get(cid).and_then(|l| {
                        document::read_field::<
                            gendan_domain::RecordMap<gendan_domain::attachments::Attachment>,
                        >(&l.doc, "attachments")
                        .ok()
                    });
                    if let Some(files) = files {
                        office.extend(gendan_domain::blob_refs::office_only(&files));
                    }
                }
            }
            self.drop_docs(&lent);
        }
        office
    }

    /// Whether order `id` may reference photos or files: its summary says so, or does not say.
    fn may_name_blobs(&self, id: &str) -> bool {
        self.inner
            .borrow()
            .summaries
            .get(id)
            .is_none_or(Summary::may_name_blobs)
    }

    /// The photos and files the orders among `docs` reference, read from the very bytes that
    /// are exported (not read from storage a second time). Only orders whose summary says they
    /// reference some (or does not say) are read.
    fn blobs_in(&self, docs: &[(String, Option<Kind>, Vec<u8>)]) -> BTreeSet<String> {
        let mut names = BTreeSet::new();
        for (id, kind, bytes) in docs {
            if *kind == Some(Kind::Order) && self.may_name_blobs(id) {
                // One that does not read is refused on import; it names no file to send.
                if let Ok((_, order)) = check::<Order>(id, bytes) {
                    names.extend(gendan_domain::blob_refs::of_order_without_office(&order));
                }
            }
        }
        names
    }

    /// A bundle of the given orders, or of the workspace and every order when `orders` is `None`,
    /// with the photos and files they reference when `with_files`. Damaged orders are left out
    /// (their bytes stay in Settings).
    ///
    /// The orders go as they are stored, not read: a single stored snapshot as its bytes, others
    /// loaded and saved compacted. Reading each one as an order made exporting 10,000 take
    /// ~5 s. One that does not read as an order is refused on import, by itself.
    pub async fn export_bundle(
        &self,
        orders: Option<Vec<String>>,
        device: &str,
        with_files: bool,
    ) -> Result<Vec<u8>, StoreError> {
        let (ids, with_workspace) = self.bundle_orders(orders);
        let mut docs = Vec::new();
        if with_workspace {
            let ws = self.inner.borrow().workspace_id.clone();
            if let Some(l) = self.inner.borrow_mut().docs.get_mut(&ws) {
                docs.push((ws.clone(), Some(Kind::Workspace), l.doc.save()));
            }
        }
        for batch in ids.chunks(super::scan::READ_BATCH) {
            let batch: Vec<_> = batch
                .iter()
                .map(|id| (id.clone(), Some(Kind::Order)))
                .collect();
            docs.extend(self.stored_docs(&batch).await?);
        }
        let blobs = match with_files {
            true => {
                let names = self.blobs_in(&docs);
                let names = self.without_office_files(names, &ids).await;
                self.bundle_blobs(names, true).await.0
            }
            false => Vec::new(),
        };
        Ok(bundle::encode_with_blobs(
            now_ms() as i64,
            device,
            &docs,
            &blobs,
        ))
    }

    /// Merges a bundle into this device. A document of the file that does not read as what it
    /// claims to be is refused by itself (counted in the report, named in the console); the
    /// others are imported. A file that is damaged, cut off or not a bundle changes nothing.
    pub async fn import_bundle(&self, file: &[u8]) -> Result<ImportReport, ImportError> {
        let (_, entries, blobs) = bundle::decode_all(file)?;
        // Everything is checked before anything is written.
        let mut orders = Vec::new();
        let mut workspaces = Vec::new();
        let mut refused = 0;
        for (entry, bytes) in &entries {
            let checked = match entry.kind {
                Some(Kind::Order) => check::<Order>(&entry.id, bytes).map(|(doc, order)| {
                    orders.push(Checked {
                        id: entry.id.clone(),
                        doc,
                        order,
                        bytes: bytes.clone(),
                    })
                }),
                Some(Kind::Workspace) => {
                    check::<Workspace>(&entry.id, bytes).map(|(_, w)| workspaces.push(w))
                }
                // Commercial documents arrive with the money issue; until then they are refused
                // loudly rather than dropped silently.
                Some(Kind::Commercial) => Err(ImportError::Invalid {
                    id: entry.id.clone(),
                    kind: "order",
                    reason: "commercial documents cannot be imported by this version".into(),
                }),
                // Only the relay's catch-up answer leaves kinds out, and that is never a file.
                None => Err(ImportError::Invalid {
                    id: entry.id.clone(),
                    kind: "document",
                    reason: "the file does not say what this document is".into(),
                }),
            };
            if let Err(e) = checked {
                crate::platform::warn(&format!("import: {e}"));
                refused += 1;
            }
        }
        let mut named = BTreeSet::new();
        for Checked { order, .. } in &orders {
            named.extend(gendan_domain::blob_refs::of_order(order));
        }
        let mut report = self.import_checked(orders, workspaces).await?;
        report.refused += refused;
        self.import_blobs(blobs, &named, &mut report).await;
        Ok(report)
    }

    /// Stores the file's blobs that its orders reference, a batch per transaction, after the
    /// orders are on disk: a failure here costs only the blobs of its batch.
    async fn import_blobs(
        &self,
        blobs: bundle::Blobs,
        named: &BTreeSet<String>,
        report: &mut ImportReport,
    ) {
        report.files_damaged += blobs.damaged.iter().filter(|n| named.contains(*n)).count();
        let mut batch: Vec<Write> = Vec::new();
        let mut batch_bytes = 0;
        let mut wanted = blobs
            .sound
            .into_iter()
            .filter(|(name, _)| named.contains(name))
            .peekable();
        while let Some((name, bytes)) = wanted.next() {
            batch_bytes += bytes.len();
            batch.push(Write::Put {
                store: BLOBS,
                key: JsValue::from_str(&name),
                value: idb::bytes(&bytes),
            });
            if batch_bytes < BLOB_BATCH_BYTES && wanted.peek().is_some() {
                continue;
            }
            let n = batch.len();
            match self.persist(std::mem::take(&mut batch)).await {
                Ok(()) => report.files += n,
                Err(e) => {
                    crate::platform::warn(&format!("could not store {n} imported files: {e}"));
                    report.files_damaged += n;
                }
            }
            batch_bytes = 0;
        }
    }

    /// Merges the relay's catch-up answer: the orders among `asked` (the relay does not say
    /// what a document is; this device asked for them as orders). A document that does not
    /// read as an order is left out; the ordinary sync brings it, or reports it. Returns what
    /// was imported and the ids of the orders it touched.
    pub async fn import_catch_up(
        &self,
        answer: &[u8],
        asked: &std::collections::HashSet<String>,
    ) -> Result<(ImportReport, Vec<String>), ImportError> {
        let (_, entries) = bundle::decode(answer)?;
        let orders: Vec<Checked> = entries
            .into_iter()
            .filter(|(e, _)| asked.contains(&e.id))
            .filter_map(|(e, bytes)| {
                let (doc, order) = check::<Order>(&e.id, &bytes).ok()?;
                Some(Checked {
                    id: e.id,
                    doc,
                    order,
                    bytes,
                })
            })
            .collect();
        let ids = orders.iter().map(|c| c.id.clone()).collect();
        Ok((self.import_checked(orders, Vec::new()).await?, ids))
    }

    /// Writes checked documents: orders merged with what is here (or added, and listed in this
    /// device's workspace), in one IndexedDB transaction.
    pub(super) async fn import_checked(
        &self,
        orders: Vec<Checked>,
        workspaces: Vec<Workspace>,
    ) -> Result<ImportReport, ImportError> {
        let mut listed: Vec<String> = Vec::new();
        for w in workspaces {
            listed.extend(w.orders.into_keys());
        }
        let mut report = ImportReport::default();
        let mut writes = Vec::new();
        let now = now_ms();
        let imported: Vec<String> = orders.iter().map(|c| c.id.clone()).collect();
        // The books of every order here or in the file, by the id they are made with and by
        // the link each order names: an entry under one of those ids, or the workspace's, is
        // no order but the office's money offered as one (a file from a factory's device).
        // Imported, it would be listed with the orders, merged with what the id holds here,
        // and shared with the next link made for that factory.
        let not_orders: std::collections::HashSet<String> = {
            let inner = self.inner.borrow();
            // An order's books by the link its summary keeps (no digest: this runs for every
            // batch of a catch-up), by the id they are made with where it links none, and the
            // books the file's own orders would be made with.
            let here = inner
                .summaries
                .values()
                .map(|s| match s.commercial.is_empty() {
                    true => books_id(&s.id),
                    false => s.commercial.clone(),
                });
            here.chain(imported.iter().map(|id| books_id(id)))
                .chain([inner.workspace_id.clone()])
                .collect()
        };
        let mut arrived = Vec::new();
        let mut refused_ids = BTreeSet::new();
        for Checked {
            id,
            doc: mut incoming,
            order,
            bytes,
        } in orders
        {
            if self.inner.borrow().quarantined.contains_key(&id) {
                report.skipped += 1;
                continue;
            }
            // Summaries list every order on this device (they are rebuilt at start when missing).
            let exists = self.inner.borrow().summaries.contains_key(&id);
            if exists {
                self.load_doc(&id).await?;
                let mut inner = self.inner.borrow_mut();
                let Some(local) = inner.docs.get_mut(&id) else {
                    continue;
                };
                let Some(write) = merge_into(&id, local, &mut incoming)? else {
                    report.unchanged_orders += 1;
                    continue;
                };
                writes.push(write);
                let order = document::read::<Order>(&local.doc).map_err(StoreError::from)?;
                inner
                    .summaries
                    .insert(id.clone(), Summary::of(&id, &order, now));
                arrived.push((id.clone(), order));
                report.updated_orders += 1;
            } else if not_orders.contains(&id) {
                crate::platform::warn(&format!("import: {id} is no order here: refused"));
                report.refused += 1;
                refused_ids.insert(id);
            } else {
                let (loaded, write) = arrived_new(&id, &bytes, incoming);
                writes.push(write);
                let mut inner = self.inner.borrow_mut();
                let mut summary = Summary::of(&id, &order, now);
                // Stored as one snapshot of the bytes just loaded and read: the next start's
                // check would find exactly this.
                summary.checked = inner.reader.as_deref().zip(loaded.chunks.first()).map(
                    |(reader, (kind, hash))| {
                        Fingerprint::new(reader)
                            .chunk(&[&id, kind, hash], &bytes)
                            .finish()
                    },
                );
                inner.summaries.insert(id.clone(), summary);
                arrived.push((id.clone(), order));
                inner.docs.insert(id.clone(), loaded);
                listed.push(id.clone());
                report.new_orders += 1;
            }
        }
        // Summaries go out with their agendas, so Today needs none of these documents.
        writes.extend(self.agendas_for(&arrived).await?);
        // Every imported order is listed in this device's workspace.
        let ws_id = self.inner.borrow().workspace_id.clone();
        // Checked id by id: reading the lists whole cost ~15 ms per batch at 10,000 orders.
        let missing: Vec<String> = {
            let inner = self.inner.borrow();
            let ws = &inner
                .docs
                .get(&ws_id)
                .ok_or_else(|| StoreError::Corrupt("workspace not loaded".into()))?
                .doc;
            let known: Vec<String> = listed
                .into_iter()
                .filter(|id| inner.summaries.contains_key(id))
                .collect();
            let unlisted = document::missing_keys(ws, "orders", known).map_err(StoreError::from)?;
            document::missing_keys(ws, "superseded", unlisted).map_err(StoreError::from)?
        };
        if !missing.is_empty() {
            writes.extend(self.commit_doc::<Workspace>(&ws_id, move |w| {
                for id in missing {
                    w.orders.insert(
                        id,
                        OrderRef {
                            created_ms: now as i64,
                        },
                    );
                }
            })?);
        }
        self.persist(writes).await?;
        // A file from an old build may carry orders with prices inside, or orders that were
        // migrated here already: the same rules as for documents that arrive through sync.
        self.retire_superseded().await?;
        for id in imported.iter().filter(|id| !refused_ids.contains(*id)) {
            self.migrate_if_priced(id).await?;
        }
        Ok(report)
    }
}
