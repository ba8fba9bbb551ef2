//! Where an order edit's money waivers are saved: in the order's books, held here, rather than
//! on the order that factories hold ([`gendan_domain::money_waivers`]). Split in the one edit
//! path ([`Repo::edit_order`]), so no screen can save a waiver past it.

use gendan_domain::document;
use gendan_domain::money_waivers::ForBooks;
use gendan_domain::{Commercial, Order};

use super::repo::{EditError, Repo, Write};

impl Repo {
    /// The books an order links soundly, read from its loaded document's link alone (this runs
    /// on every order edit).
    pub(super) fn linked_books(&self, order_id: &str) -> Option<String> {
        let link = {
            let inner = self.inner.borrow();
            let loaded = inner.docs.get(order_id)?;
            document::read_field::<Option<String>>(&loaded.doc, "commercial").ok()?
        };
        self.sound_link(order_id, link).ok().flatten()
    }

    /// Writes what an edit of order `order_id` took out for its books into them, its writes
    /// added to `writes`, and hands back the books as saved. Books that are not here or do not
    /// take it (damaged, not reading) leave it on the order, as it was typed: a waiver is never
    /// lost, and it is where orders without books keep theirs.
    pub(super) async fn keep_in_books(
        &self,
        order_id: &str,
        money: &ForBooks,
        writes: &mut Vec<Write>,
    ) -> Result<Option<Commercial>, EditError> {
        if let Some(cid) = self.linked_books(order_id) {
            if self.load_doc_quietly(&cid).await.is_ok() {
                let kept = self.try_commit_doc::<Commercial, _, EditError>(&cid, |c| {
                    money.apply(c);
                    Ok(c.clone())
                });
                match kept {
                    Ok((more, books)) => {
                        writes.extend(more);
                        return Ok(Some(books));
                    }
                    Err(e) => leptos::logging::warn!("books of {order_id} refused a waiver: {e}"),
                }
            }
        }
        writes.extend(self.commit_doc::<Order>(order_id, |o| money.put_back(o))?);
        Ok(None)
    }
}
