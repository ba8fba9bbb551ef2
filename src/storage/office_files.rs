//! Office-only files an older build kept with the order (builds between daea99b and db45905
//! kept the buyer's PO scan there): the order is what a factory holds, and the scan shows the
//! FOB price. Where the books are held, the records move to them
//! ([`gendan_domain::attachments::keep_office_files`]), and the relay is asked to keep the
//! bytes from scoped tokens (an office upload mark, [`super::blobs::office_upload`]).
//!
//! It runs once over every order when storage opens (a flag in `meta`), and again for an
//! order, or its books, arriving from a peer: one office device holding the books is enough,
//! the move reaching every other device as a change.

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
        let Some(cid) = self.linked_books(id) else {
            return Ok(0);
        };
        if self.load_doc_quietly(&cid).await.is_err() {
            // Not here (a factory's device), or damaged: said where the books are read.
            return Ok(0);
        }
        let (mut writes, blobs) = self.try_commit_doc::<Commercial, _, EditError>(&cid, |c| {
            Ok(attachments::keep_office_files(c, &files))
        })?;
        writes.extend(
            self.try_commit_doc::<Order, _, EditError>(id, |o| {
                attachments::let_go_office_files(o, &files);
                Ok(())
            })?
            .0,
        );
        writes.extend(blobs.iter().map(|h| office_upload(h)));
        let order = self.order(id).await?;
        writes.push(self.summary_write(id, &order)?);
        self.persist(writes).await?;
        if !blobs.is_empty() {
            self.tell_blob_waiting();
        }
        Ok(files.len())
    }
}
