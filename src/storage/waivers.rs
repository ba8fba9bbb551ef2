//! Where an order edit's money waivers are saved: in the order's books, held here, rather than
//! on the order that factories hold ([`gendan_domain::money_waivers`]). Split in the one edit
//! path ([`Repo::edit_order`]), so no screen can save a waiver past it.
//!
//! An order that links books which do not read here (a peer's change broke them, their bytes
//! are damaged, the link was bent, or they are not on this device) cannot take a waiver made
//! as if they were held: it is refused, with nothing written, rather than left on the order
//! where the factory would read the deposit and why ([`StoreError::WaiverNeedsBooks`]). A
//! waiver made knowing the books are not here is marked so, and stays on the order, to be
//! decided again where they are.

use gendan_domain::document;
use gendan_domain::money_waivers::ForBooks;
use gendan_domain::Commercial;

use super::repo::{EditError, Repo, Write};
use super::StoreError;

/// Where an edit of an order may keep its money waivers.
pub(super) enum WaiverHome {
    /// The order links no books: it keeps its own, there is nowhere else.
    Order,
    /// Its books, loaded here and reading.
    Books(String),
    /// Its books do not read here, for this reason: a money waiver is refused.
    Refused(String),
}

impl Repo {
    /// The books an order links soundly, read from its loaded document's link alone (this runs
    /// on every order edit).
    pub(crate) fn linked_books(&self, order_id: &str) -> Option<String> {
        self.sound_link(order_id, self.raw_books_link(order_id)?)
            .ok()
            .flatten()
    }

    /// The `commercial` link of a loaded order as it stands, sound or not; `None` when the
    /// order is not loaded or does not read it.
    fn raw_books_link(&self, order_id: &str) -> Option<Option<String>> {
        let inner = self.inner.borrow();
        let loaded = inner.docs.get(order_id)?;
        document::read_field::<Option<String>>(&loaded.doc, "commercial").ok()
    }

    /// Where an edit of loaded order `order_id` keeps the money waivers it makes, asked before
    /// the edit, so that a refusal writes nothing.
    pub(super) async fn waiver_home(&self, order_id: &str) -> WaiverHome {
        let Some(Some(link)) = self.raw_books_link(order_id) else {
            return WaiverHome::Order;
        };
        let cid = match self.sound_link(order_id, Some(link)) {
            Ok(Some(cid)) => cid,
            Ok(None) => return WaiverHome::Order,
            Err(e) => return WaiverHome::Refused(e.to_string()),
        };
        if let Err(e) = self.load_doc_quietly(&cid).await {
            return WaiverHome::Refused(e.to_string());
        }
        let reads = {
            let inner = self.inner.borrow();
            match inner.docs.get(&cid) {
                Some(loaded) => document::read::<Commercial>(&loaded.doc).map(|_| ()),
                None => return WaiverHome::Refused(format!("document {cid} is not loaded")),
            }
        };
        match reads {
            Ok(()) => WaiverHome::Books(cid),
            Err(e) => WaiverHome::Refused(e.to_string()),
        }
    }

    /// Writes what an edit of order `order_id` took out for its books `cid` into them, its
    /// writes added to `writes`, and hands back the books as saved.
    pub(super) fn keep_in_books(
        &self,
        cid: &str,
        money: &ForBooks,
        writes: &mut Vec<Write>,
    ) -> Result<Commercial, EditError> {
        let (more, books) = self.try_commit_doc::<Commercial, _, EditError>(cid, |c| {
            money.apply(c);
            Ok(c.clone())
        })?;
        writes.extend(more);
        Ok(books)
    }
}

/// The refusal of a money waiver whose books do not read here.
pub(super) fn refused(order_id: &str, why: &str) -> EditError {
    EditError::Store(StoreError::WaiverNeedsBooks {
        order: order_id.to_string(),
        why: why.to_string(),
    })
}
