//! Office records left on an order, which is what a factory holds, where a device holding the
//! order's books takes them off it. Three kinds: office-only files older builds kept there
//! (builds between daea99b and db45905 kept the buyer's PO scan, which shows the FOB price),
//! money waivers older builds wrote there with their words ("boss said go, 30 % arrives
//! Monday"), and notes of calls the books hold already (a restore, or a copy from before the
//! office moved them, put them back). The books take them in the same batch as the order lets
//! them go, so a record is never in neither; the bytes of the files are marked for the relay to
//! keep from scoped tokens (an office upload, [`super::blobs::office_upload`]).
//!
//! It runs once over every order when storage opens (a flag in `meta`), and again for an
//! order, or its books, arriving from a peer, and after a restore: one office device holding the
//! books is enough, the move reaching every other device as a change. Notes are looked at only
//! where the books are in memory already, or read for files or waivers: reading every order's
//! books for them would cost every start and every sync. A note the office wrote on the order
//! itself (an older build's) is not known from the factory's: the office moves it by hand
//! (`pages/order/log/comms.rs`).

use std::collections::BTreeSet;

use gendan_domain::attachments::{self, Attachment};
use gendan_domain::document;
use gendan_domain::lifecycle::GateOverride;
use gendan_domain::money_waivers::{left_by_older_builds, take_left_by_older_builds};
use gendan_domain::records::RecordMap;
use gendan_domain::{Commercial, Order};

use super::blobs::office_upload;
use super::idb::SUMMARIES;
use super::repo::{summary_value, EditError, Repo, Write};
use super::StoreError;

/// The `meta` key saying the pass over all orders ran on this device (`-v1` moved files only).
const DONE_KEY: &str = "migration:office-records-v2";

/// Whether `order` holds records its books would take whatever they hold: office files, an
/// older build's money waivers. (Notes go only where the books hold them, which the order
/// alone does not say.)
pub(super) fn may_hold(order: &Order) -> bool {
    !attachments::office_files(&order.attachments).is_empty()
        || left_by_older_builds(&order.gate_overrides)
}

/// What of a loaded order its books would take, read from those fields alone (this runs over
/// every order once): a field that does not read gives nothing (said where the order is read).
#[derive(Default)]
struct Strays {
    files: Vec<(String, Attachment)>,
    /// Money waivers an older build left on the order.
    waivers: bool,
    /// The keys of its notes of calls.
    notes: BTreeSet<String>,
}

impl Strays {
    fn is_empty(&self) -> bool {
        self.files.is_empty() && !self.waivers && self.notes.is_empty()
    }
}

/// The keys of the notes of calls a document (an order, or its books) holds.
fn note_keys(doc: &gendan_domain::automerge::AutoCommit) -> BTreeSet<String> {
    document::field_keys(doc, "communications")
        .unwrap_or_default()
        .into_iter()
        .collect()
}

impl Repo {
    /// Order `id`'s summary, from before `Summary::office_records`, says it holds none: it is
    /// not read for them again when its books next arrive.
    async fn say_no_office_records(&self, id: &str) -> Result<(), StoreError> {
        let write = {
            let mut inner = self.inner.borrow_mut();
            let Some(summary) = inner.summaries.get_mut(id) else {
                return Ok(());
            };
            summary.office_records = Some(false);
            Write::Put {
                store: SUMMARIES,
                key: wasm_bindgen::JsValue::from_str(id),
                value: summary_value(summary)?,
            }
        };
        self.persist(vec![write]).await
    }

    /// Moves every order's office records to its books, once per device.
    pub(super) async fn tidy_office_records_everywhere(&self) -> Result<(), StoreError> {
        self.once_over_orders(DONE_KEY, async |id| {
            // One order that cannot be moved (its books damaged) does not stop the others;
            // it is tried again when it or its books next arrive.
            if let Err(e) = self.tidy_office_records(id).await {
                crate::platform::warn(&format!("office records of {id} stay: {e}"));
            }
            Ok(())
        })
        .await
    }

    /// Order `id` links books only now (its first money entry or waiver made them): office
    /// records an old build kept on the order go to them (the move skipped it while it had none).
    pub(super) async fn books_linked_now(&self, id: &str) {
        if let Err(e) = self.tidy_office_records(id).await {
            crate::platform::warn(&format!("office records of {id} stay: {e}"));
        }
    }

    /// Moves order `id`'s office records into its books when this device holds them; how many
    /// records left the order (files, waivers, the words of moves, notes).
    ///
    /// An order not loaded (its books arrived alone, after it was put away) is read for it when
    /// its summary does not rule files and waivers out (a summary from before says nothing);
    /// when it holds neither, its summary says so from then on. Notes are looked at only where
    /// the books are in memory already (or read for files or waivers): reading every order's
    /// books for them would cost every start and every arrival. What was read only for this is
    /// put away again, as reads that borrow a document do.
    pub(crate) async fn tidy_office_records(&self, id: &str) -> Result<usize, EditError> {
        let (loaded, maybe) = {
            let inner = self.inner.borrow();
            (
                inner.docs.contains_key(id),
                inner
                    .summaries
                    .get(id)
                    .is_none_or(|s| s.may_hold_office_records()),
            )
        };
        if !loaded && (!maybe || self.load_doc_quietly(id).await.is_err()) {
            // None on it, or not here, or damaged (said where the order is read).
            return Ok(0);
        }
        let books = self.linked_books(id);
        let books_loaded = books
            .as_ref()
            .is_some_and(|cid| self.inner.borrow().docs.contains_key(cid));
        let done = self.tidy_loaded(id, books_loaded).await;
        {
            let mut inner = self.inner.borrow_mut();
            if !loaded {
                inner.docs.remove(id);
            }
            if let Some(cid) = books.filter(|_| !books_loaded) {
                inner.docs.remove(&cid);
            }
        }
        match done? {
            Some(moved) => Ok(moved),
            None => {
                if !loaded {
                    self.say_no_office_records(id).await?;
                }
                Ok(0)
            }
        }
    }

    /// [`Repo::tidy_office_records`] of the loaded order `id`: how many records moved, or
    /// `None` when it holds no office files nor older waivers. Notes count only when its books
    /// were loaded before (`books_loaded`) or are read for the rest.
    async fn tidy_loaded(&self, id: &str, books_loaded: bool) -> Result<Option<usize>, EditError> {
        let Some(strays) = self.strays_of(id) else {
            return Ok(Some(0));
        };
        let others = !strays.files.is_empty() || strays.waivers;
        if !others && (strays.notes.is_empty() || !books_loaded) {
            return Ok(None);
        }
        let Some((mut writes, blobs, moved)) = self.strays_to_books(id).await? else {
            return Ok(Some(0));
        };
        if moved == 0 {
            return Ok(Some(0));
        }
        let summary = match self.order(id).await.map(|o| self.summary_write(id, &o)) {
            Ok(Ok(w)) => w,
            Ok(Err(e)) => return Err(self.unsaved(id, e.into())),
            Err(e) => return Err(self.unsaved(id, e.into())),
        };
        writes.push(summary);
        self.persist(writes).await?;
        if blobs {
            self.tell_blob_waiting();
        }
        Ok(Some(moved))
    }

    /// Puts away order `id` and its books, committed in memory and never to be written because
    /// of `e`, which it hands back: both read again as stored.
    fn unsaved(&self, id: &str, e: EditError) -> EditError {
        let books = self.linked_books(id);
        self.put_away_unsaved(Some(id), books.as_deref());
        e
    }

    /// What of loaded order `id` its books would take; `None` when it is not loaded.
    fn strays_of(&self, id: &str) -> Option<Strays> {
        let inner = self.inner.borrow();
        let doc = &inner.docs.get(id)?.doc;
        Some(Strays {
            files: document::read_field::<RecordMap<Attachment>>(doc, "attachments")
                .map(|f| attachments::office_files(&f))
                .unwrap_or_default(),
            waivers: document::read_field::<RecordMap<GateOverride>>(doc, "gate_overrides")
                .is_ok_and(|w| left_by_older_builds(&w)),
            notes: note_keys(doc),
        })
    }

    /// The writes that move what loaded order `id` holds for its books to them, committed in
    /// memory (one batch: a record is never in neither), whether bytes were marked for an office
    /// upload, and how many records left the order; `None` when the books are not here or do
    /// not load (books that load and do not read are an error). What moves is read once the
    /// books are here, with no wait before the commits, so a record changed meanwhile moves as
    /// it is. The order's summary is the caller's to write; a failure between the two commits
    /// puts both away.
    async fn strays_to_books(
        &self,
        id: &str,
    ) -> Result<Option<(Vec<Write>, bool, usize)>, EditError> {
        let Some(cid) = self.linked_books(id) else {
            return Ok(None);
        };
        if self.load_doc_quietly(&cid).await.is_err() {
            // Not here (a factory's device), or damaged: said where the books are read.
            return Ok(None);
        }
        let Some(strays) = self.strays_of(id) else {
            return Ok(None);
        };
        let notes = self.notes_held(&cid, &strays.notes);
        if strays.files.is_empty() && !strays.waivers && notes.is_empty() {
            return Ok(Some((Vec::new(), false, 0)));
        }
        let (mut writes, money) = self.try_commit_doc::<Order, _, EditError>(id, |o| {
            attachments::let_go_office_files(o, &strays.files);
            o.communications.retain(|k, _| !notes.contains(k));
            Ok(take_left_by_older_builds(o))
        })?;
        let kept = self.try_commit_doc::<Commercial, _, EditError>(&cid, |c| {
            money.apply(c);
            Ok(attachments::keep_office_files(c, &strays.files))
        });
        let (more, blobs) = match kept {
            Ok(kept) => kept,
            Err(e) => return Err(self.unsaved(id, e)),
        };
        let moved = strays.files.len() + money.count() + notes.len();
        writes.extend(more);
        writes.extend(blobs.iter().map(|h| office_upload(h)));
        Ok(Some((writes, !blobs.is_empty(), moved)))
    }

    /// The writes that take off the loaded order `id` the notes of calls its loaded books
    /// `cid` hold too, committed in memory (none when there are none).
    pub(super) fn let_go_notes_held(&self, id: &str, cid: &str) -> Result<Vec<Write>, EditError> {
        let on_order = {
            let inner = self.inner.borrow();
            inner
                .docs
                .get(id)
                .map(|l| note_keys(&l.doc))
                .unwrap_or_default()
        };
        let held = self.notes_held(cid, &on_order);
        if held.is_empty() {
            return Ok(Vec::new());
        }
        Ok(self
            .try_commit_doc::<Order, _, EditError>(id, |o| {
                o.communications.retain(|k, _| !held.contains(k));
                Ok(())
            })?
            .0)
    }

    /// Which of `notes` (the keys of order `id`'s) its loaded books `cid` hold.
    fn notes_held(&self, cid: &str, notes: &BTreeSet<String>) -> BTreeSet<String> {
        if notes.is_empty() {
            return BTreeSet::new();
        }
        let inner = self.inner.borrow();
        inner
            .docs
            .get(cid)
            .map(|l| note_keys(&l.doc))
            .unwrap_or_default()
            .intersection(notes)
            .cloned()
            .collect()
    }

    /// The writes that take off the loaded order `id` what a restore put back there and the
    /// books hold now or would take (a version from before a move held it): office-only files,
    /// an older build's money waivers, notes of calls the books hold. Made with the restore's
    /// own, in one batch.
    pub(super) async fn office_records_after_restore(
        &self,
        id: &str,
    ) -> Result<(Vec<Write>, bool), EditError> {
        if self.strays_of(id).is_none_or(|s| s.is_empty()) {
            return Ok((Vec::new(), false));
        }
        Ok(self
            .strays_to_books(id)
            .await?
            .map(|(writes, blobs, _)| (writes, blobs))
            .unwrap_or_default())
    }
}
