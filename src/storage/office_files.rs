//! Office-only files an older build kept with the order (builds between daea99b and db45905
//! kept the buyer's PO scan there): the order is what a factory holds, and the scan shows the
//! FOB price. Where the books are held, the records move to them
//! ([`gendan_domain::attachments::keep_office_files`]), and the relay is asked to keep the
//! bytes from scoped tokens (an office upload mark, [`super::blobs::office_upload`]).
//!
//! It runs once over every order when storage opens (a flag in `meta`), and again for an
//! order, or its books, arriving from a peer: one office device holding the books is enough,
//! the move reaching every other device as a change.

use std::collections::BTreeSet;

use gendan_domain::attachments::{self, Attachment};
use gendan_domain::document;
use gendan_domain::records::RecordMap;
use gendan_domain::{Commercial, Order};

use super::blobs::office_upload;
use super::idb::SUMMARIES;
use super::repo::{summary_value, EditError, Repo, Write};
use super::StoreError;

/// The `meta` key saying the pass over all orders ran on this device.
const DONE_KEY: &str = "migration:office-files-v1";

impl Repo {
    /// Order `id`'s summary, from before `Summary::office_files`, says it holds none: it is not
    /// read for them again when its books next arrive.
    async fn say_no_office_files(&self, id: &str) -> Result<(), StoreError> {
        let write = {
            let mut inner = self.inner.borrow_mut();
            let Some(summary) = inner.summaries.get_mut(id) else {
                return Ok(());
            };
            summary.office_files = Some(false);
            Write::Put {
                store: SUMMARIES,
                key: wasm_bindgen::JsValue::from_str(id),
                value: summary_value(summary)?,
            }
        };
        self.persist(vec![write]).await
    }

    /// Moves every order's office-only files to its books, once per device.
    pub(super) async fn move_office_files_everywhere(&self) -> Result<(), StoreError> {
        self.once_over_orders(DONE_KEY, async |id| {
            // One order that cannot be moved (its books damaged) does not stop the others;
            // it is tried again when it or its books next arrive.
            if let Err(e) = self.move_office_files(id).await {
                crate::platform::warn(&format!("office files of {id} stay: {e}"));
            }
            Ok(())
        })
        .await
    }

    /// Order `id` links books only now (its first money entry or waiver made them): office-only
    /// files an old build kept on the order go to them (the move skipped it while it had none).
    pub(super) async fn books_linked_now(&self, id: &str) {
        if let Err(e) = self.move_office_files(id).await {
            crate::platform::warn(&format!("office files of {id} stay: {e}"));
        }
    }

    /// Moves order `id`'s office-only files into its books when this device holds them; how
    /// many moved. The books take them first, in the same batch as the order lets them go, so a
    /// record is never in neither.
    ///
    /// An order not loaded (its books arrived alone, after it was put away) is read for it when
    /// its summary does not rule office files out (a summary from before says nothing); when it
    /// holds none, its summary says so from then on and it is put away again, as reads that
    /// borrow a document do.
    pub(crate) async fn move_office_files(&self, id: &str) -> Result<usize, EditError> {
        let (loaded, maybe) = {
            let inner = self.inner.borrow();
            (
                inner.docs.contains_key(id),
                inner
                    .summaries
                    .get(id)
                    .is_none_or(|s| s.may_hold_office_files()),
            )
        };
        if !loaded && (!maybe || self.load_doc_quietly(id).await.is_err()) {
            // None on it, or not here, or damaged (said where the order is read).
            return Ok(0);
        }
        // The files alone, not the whole order: this runs over every order once.
        let files = {
            let inner = self.inner.borrow();
            let Some(loaded) = inner.docs.get(id) else {
                return Ok(0);
            };
            match document::read_field::<RecordMap<Attachment>>(&loaded.doc, "attachments") {
                Ok(files) => files,
                Err(_) => return Ok(0),
            }
        };
        let files = attachments::office_files(&files);
        if files.is_empty() {
            if !loaded {
                self.inner.borrow_mut().docs.remove(id);
                self.say_no_office_files(id).await?;
            }
            return Ok(0);
        }
        let Some((mut writes, blobs)) = self.office_files_to_books(id, &files).await? else {
            return Ok(0);
        };
        let order = self.order(id).await?;
        writes.push(self.summary_write(id, &order)?);
        self.persist(writes).await?;
        if blobs {
            self.tell_blob_waiting();
        }
        Ok(files.len())
    }

    /// The writes that move `files` of the loaded order `id` to its books, committed in memory
    /// (the books take them first: in one batch, a record is never in neither), and whether
    /// bytes were marked for an office upload; `None` when the books are not here or do not
    /// read. The order's summary is the caller's to write.
    async fn office_files_to_books(
        &self,
        id: &str,
        files: &[(String, Attachment)],
    ) -> Result<Option<(Vec<Write>, bool)>, EditError> {
        let Some(cid) = self.linked_books(id) else {
            return Ok(None);
        };
        if self.load_doc_quietly(&cid).await.is_err() {
            // Not here (a factory's device), or damaged: said where the books are read.
            return Ok(None);
        }
        let (mut writes, blobs) = self.try_commit_doc::<Commercial, _, EditError>(&cid, |c| {
            Ok(attachments::keep_office_files(c, files))
        })?;
        writes.extend(
            self.try_commit_doc::<Order, _, EditError>(id, |o| {
                attachments::let_go_office_files(o, files);
                Ok(())
            })?
            .0,
        );
        writes.extend(blobs.iter().map(|h| office_upload(h)));
        Ok(Some((writes, !blobs.is_empty())))
    }

    /// The writes that take off the loaded order `id` what a restore put back there and the
    /// books hold now (a version from before the move held it): office-only files go to the
    /// books again, and notes of calls the office moved to the books leave the order. Made
    /// with the restore's own, in one batch.
    pub(super) async fn office_records_after_restore(
        &self,
        id: &str,
    ) -> Result<(Vec<Write>, bool), EditError> {
        let (files, notes) = {
            let inner = self.inner.borrow();
            let Some(l) = inner.docs.get(id) else {
                return Ok((Vec::new(), false));
            };
            let files = document::read_field::<RecordMap<Attachment>>(&l.doc, "attachments")
                .map(|f| attachments::office_files(&f))
                .unwrap_or_default();
            let notes = document::field_keys(&l.doc, "communications").unwrap_or_default();
            (files, notes)
        };
        let (mut writes, blobs) = if files.is_empty() {
            (Vec::new(), false)
        } else {
            self.office_files_to_books(id, &files)
                .await?
                .unwrap_or_default()
        };
        let Some(cid) = self.linked_books(id).filter(|_| !notes.is_empty()) else {
            return Ok((writes, blobs));
        };
        if self.load_doc_quietly(&cid).await.is_err() {
            return Ok((writes, blobs));
        }
        let in_books: BTreeSet<String> = {
            let inner = self.inner.borrow();
            let held = inner
                .docs
                .get(&cid)
                .and_then(|l| document::field_keys(&l.doc, "communications").ok())
                .unwrap_or_default();
            notes.into_iter().filter(|n| held.contains(n)).collect()
        };
        if !in_books.is_empty() {
            writes.extend(
                self.try_commit_doc::<Order, _, EditError>(id, |o| {
                    o.communications.retain(|k, _| !in_books.contains(k));
                    Ok(())
                })?
                .0,
            );
        }
        Ok((writes, blobs))
    }
}
