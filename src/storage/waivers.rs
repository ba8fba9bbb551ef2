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

use gendan_domain::commercial::{books_id, new_books};
use gendan_domain::document;
use gendan_domain::money_waivers::ForBooks;
use gendan_domain::Commercial;

use super::repo::{books_damaged, EditError, Repo, Write};
use super::StoreError;

/// Where an edit of an order may keep its money waivers.
pub(super) enum WaiverHome {
    /// The order keeps its own: it links no books and this is a factory's device (which never
    /// holds them), or its document does not say.
    Order,
    /// The order links no books (it is from before orders linked them at creation): a money
    /// waiver creates them here, under the id derived from the order's (`held` when a copy is
    /// here already, from a device that created them first), as a first money entry does.
    Create { cid: String, held: bool },
    /// Its books, loaded here and reading.
    Books(String),
    /// Its books do not read here, for this reason: a money waiver is refused.
    Refused(String),
    /// It links no books, and those it would get are here and do not read: a money waiver,
    /// which a device without books marks as made without them, is refused too.
    RefusedUnlinked(String),
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
        let link = match self.raw_books_link(order_id) {
            Some(Some(link)) => link,
            Some(None) => return self.home_of_unlinked(order_id).await,
            None => return WaiverHome::Order,
        };
        let cid = match self.sound_link(order_id, Some(link)) {
            Ok(Some(cid)) => cid,
            Ok(None) => return WaiverHome::Order,
            Err(e) => return WaiverHome::Refused(e.to_string()),
        };
        if let Err(e) = self.load_books(order_id, &cid).await {
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

    /// [`Repo::waiver_home`] of an order that links no books.
    async fn home_of_unlinked(&self, order_id: &str) -> WaiverHome {
        if self.is_factory_device() {
            return WaiverHome::Order;
        }
        match self.derived_books(order_id).await {
            Ok((cid, held)) => WaiverHome::Create { cid, held },
            Err(e) => WaiverHome::RefusedUnlinked(e.to_string()),
        }
    }

    /// The books an order that links none would get (the id derived from its own), and whether
    /// they are held here already (a device that made them first sent them). Books here that do
    /// not read (their bytes damaged, or storage failed to read them) are an error: new books
    /// written beside them would be lost with them, or miss what they hold.
    pub(super) async fn derived_books(&self, order_id: &str) -> Result<(String, bool), StoreError> {
        let cid = books_id(order_id);
        if let Some(q) = self.inner.borrow().quarantined.get(&cid) {
            return Err(books_damaged(&cid, &q.error));
        }
        match self.load_doc_quietly(&cid).await {
            Ok(()) => {
                self.read_loaded(&cid, |doc| document::read::<Commercial>(doc))
                    .await??;
                Ok((cid, true))
            }
            Err(StoreError::NotHere(_)) => Ok((cid, false)),
            Err(e) => Err(e),
        }
    }

    /// Whether this device is a factory's (it joined by a share link), which never holds an
    /// order's books.
    pub(super) fn is_factory_device(&self) -> bool {
        let ask = self.inner.borrow().factory_device.clone();
        ask.is_some_and(|ask| ask())
    }

    /// Sets who says whether this device is a factory's (the app: its sync settings).
    pub fn on_factory_check(&self, ask: impl Fn() -> bool + 'static) {
        self.inner.borrow_mut().factory_device = Some(std::rc::Rc::new(ask));
    }

    /// Says, in a test, whether this device is a factory's.
    #[cfg(test)]
    pub(super) fn set_factory_device(&self, factory: bool) {
        self.on_factory_check(move || factory);
    }

    /// Keeps the money an edit of order `order_id` took out where `home` says, its writes added to `writes`
    /// (creating the books first when they are new here), and hands back the books as saved.
    pub(super) fn keep_waivers(
        &self,
        order_id: &str,
        home: &WaiverHome,
        money: &ForBooks,
        writes: &mut Vec<Write>,
    ) -> Result<Option<Commercial>, EditError> {
        match home {
            WaiverHome::Books(cid) => self.keep_in_books(cid, money, writes).map(Some),
            WaiverHome::Create { cid, held } => {
                if !held {
                    writes.push(self.hold_new(cid, new_books(order_id)?));
                }
                self.keep_in_books(cid, money, writes).map(Some)
            }
            WaiverHome::Order | WaiverHome::Refused(_) | WaiverHome::RefusedUnlinked(_) => Ok(None),
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
