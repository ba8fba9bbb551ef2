//! Reading many documents without keeping them: the today view, KPIs, delay reports, the
//! milestones CSV and the daily report walk the orders a few at a time, yield to the browser
//! between batches, and drop every document they loaded, so 10,000 orders neither freeze the
//! screen nor stay in memory.

use gendan_domain::agenda::Agenda;
use gendan_domain::automerge::AutoCommit;
use gendan_domain::lifecycle::Gates;
use gendan_domain::reports::{order_day, workspace_day, DailyReport};
use gendan_domain::{document, Commercial, Day, Order};

use super::repo::{Repo, Summary};
use gendan_domain::sorting::sort_dedup;

/// Orders read per IndexedDB transaction while walking them.
const SCAN_BATCH: usize = 50;

/// Orders read per IndexedDB transaction by a read that does not yield between batches (a
/// bundle file, loaded or as stored): one transaction per order made exporting 10,000 orders
/// take 18 s.
pub(super) const READ_BATCH: usize = 500;

/// Label of the workspace document in the daily report.
pub(crate) const WORKSPACE_LABEL: &str = "workspace";

impl Repo {
    /// Visits every order whose summary passes `want` with its books as this device holds them
    /// ([`Books`]). Orders are read 50 at a time (one IndexedDB transaction for the orders and
    /// one for their commercial documents); `progress(done, total)` is awaited after each batch and
    /// at the end; it should yield to the browser, and returns `false` to stop (the screen was
    /// left). Documents loaded for the walk are dropped again.
    pub async fn scan_orders(
        &self,
        want: impl Fn(&Summary) -> bool,
        mut progress: impl AsyncFnMut(usize, usize) -> bool,
        mut visit: impl FnMut(&str, &Order, &Books),
    ) {
        let ids: Vec<String> = self
            .inner
            .borrow()
            .summaries
            .values()
            .filter(|s| !s.damaged && want(s))
            .map(|s| s.id.clone())
            .collect();
        let total = ids.len();
        let mut done = 0;
        for batch in ids.chunks(SCAN_BATCH) {
            let mut borrowed = self.unloaded(batch);
            self.load_docs(batch).await;
            let mut orders = Vec::with_capacity(batch.len());
            for id in batch {
                if let Ok(order) = self.order(id).await {
                    orders.push((id, order));
                }
            }
            let lent = self.lend_commercials(orders.iter().map(|(id, o)| (id.as_str(), o)));
            borrowed.extend(lent.await);
            for (id, order) in &orders {
                let books = commercial_in(&self.inner.borrow(), id, order);
                visit(id, order, &books);
            }
            self.drop_docs(&borrowed);
            done += batch.len();
            if done < total && !progress(done, total).await {
                return;
            }
        }
        progress(total, total).await;
    }

    /// Reads `ids` as orders, [`READ_BATCH`] per IndexedDB transaction, and hands each one that
    /// reads to `f` with its document. Documents loaded only for this are dropped after each
    /// batch: exporting 10,000 orders left every one of them in memory. An order that does not
    /// read is skipped (and quarantined by [`Repo::order`]).
    pub(super) async fn for_each_order(
        &self,
        ids: &[String],
        mut f: impl FnMut(&str, &Order, &mut AutoCommit),
    ) {
        for batch in ids.chunks(READ_BATCH) {
            let borrowed = self.unloaded(batch);
            self.load_docs(batch).await;
            for id in batch {
                let Ok(order) = self.order(id).await else {
                    continue;
                };
                if let Some(l) = self.inner.borrow_mut().docs.get_mut(id) {
                    f(id, &order, &mut l.doc);
                }
            }
            self.drop_docs(&borrowed);
        }
    }

    /// Which of `ids` are not in memory: what a read must drop again.
    pub(super) fn unloaded(&self, ids: &[String]) -> Vec<String> {
        let inner = self.inner.borrow();
        ids.iter()
            .filter(|id| !inner.docs.contains_key(*id))
            .cloned()
            .collect()
    }

    /// Loads, in one transaction, the commercial documents `orders` (by id) link to, or that
    /// were made for those that link none ([`super::repo::books_to_read`]), that are stored here
    /// but not in memory; returns their ids, for [`Repo::drop_docs`] once they have been read.
    pub(super) async fn lend_commercials<'o>(
        &self,
        orders: impl Iterator<Item = (&'o str, &'o Order)>,
    ) -> Vec<String> {
        let mut cids: Vec<String> = {
            let inner = self.inner.borrow();
            orders
                .filter_map(|(id, o)| super::repo::books_to_read(&inner, id, o).ok())
                .collect()
        };
        sort_dedup(&mut cids);
        let lent = self.unloaded(&cids);
        self.load_docs(&lent).await;
        lent
    }

    /// Drops documents loaded only for a read.
    pub(super) fn drop_docs(&self, ids: &[String]) {
        let mut inner = self.inner.borrow_mut();
        for id in ids {
            inner.docs.remove(id);
        }
    }

    /// Runs `f` on a loaded document, loading it for the moment if needed (and dropping it again).
    async fn with_doc<R>(&self, id: &str, f: impl FnOnce(&mut AutoCommit) -> R) -> Option<R> {
        let was_loaded = self.inner.borrow().docs.contains_key(id);
        self.load_doc(id).await.ok()?;
        let mut inner = self.inner.borrow_mut();
        let out = inner.docs.get_mut(id).map(|l| f(&mut l.doc));
        if !was_loaded {
            inner.docs.remove(id);
        }
        out
    }

    /// The 日报表 for `day` (local time at `offset` minutes east of UTC): the workspace's day
    /// (labelled [`WORKSPACE_LABEL`], one "team settings changed" line) and each order's typed
    /// events, its commercial document's included, labelled by order id. Only orders saved on this device since `since_ms` are read: a
    /// document changed on the day was written here at or after that day began.
    pub async fn daily_report(
        &self,
        day: Day,
        offset: i32,
        since_ms: f64,
        mut progress: impl AsyncFnMut(usize, usize),
    ) -> DailyReport {
        let ws = self.inner.borrow().workspace_id.clone();
        let mut documents = Vec::new();
        // The rules now: a payment made around the approval rule is said as such.
        let (team_day, gates) = self
            .with_doc(&ws, |d| {
                let gates = document::read::<gendan_domain::Workspace>(d)
                    .map(|w| w.settings.gates)
                    .unwrap_or_default();
                (workspace_day(d, day, offset), gates)
            })
            .await
            .unwrap_or_default();
        if let Some(a) = team_day {
            documents.push((WORKSPACE_LABEL.to_string(), a));
        }
        let ids: Vec<String> = self
            .inner
            .borrow()
            .summaries
            .values()
            .filter(|s| !s.damaged && s.updated_ms >= since_ms)
            .map(|s| s.id.clone())
            .collect();
        let total = ids.len();
        for (i, id) in ids.iter().enumerate() {
            let was_loaded = self.inner.borrow().docs.contains_key(id);
            let commercial = self.order(id).await.ok().and_then(|o| o.commercial);
            // The commercial document is taken out of the cache while the order is read beside
            // it, and put back only if it was there before.
            let mut money = None;
            if let Some(cid) = &commercial {
                let was_loaded = self.inner.borrow().docs.contains_key(cid);
                if self.load_doc(cid).await.is_ok() {
                    money = self
                        .inner
                        .borrow_mut()
                        .docs
                        .remove(cid)
                        .map(|l| (cid.clone(), l, was_loaded));
                }
            }
            let activity = {
                let mut inner = self.inner.borrow_mut();
                let out = inner.docs.get_mut(id).and_then(|l| {
                    order_day(
                        &mut l.doc,
                        money.as_mut().map(|m| &mut m.1.doc),
                        &gates,
                        day,
                        offset,
                    )
                });
                if !was_loaded {
                    inner.docs.remove(id);
                }
                out
            };
            if let Some((cid, loaded, true)) = money {
                self.inner.borrow_mut().docs.insert(cid, loaded);
            }
            if let Some(a) = activity {
                documents.push((id.clone(), a));
            }
            if i % 20 == 19 {
                progress(i + 1, total).await;
            }
        }
        progress(total, total).await;
        DailyReport { day, documents }
    }
}

/// An order's books as this device holds them.
pub enum Books {
    /// The order links none, or this device does not hold them (a factory's phone).
    None,
    Held(Box<Commercial>),
    /// Held here and unreadable: a peer's change broke them ([`Repo::books_restore_point`]).
    Unread,
}

impl Books {
    pub fn held(&self) -> Option<&Commercial> {
        match self {
            Books::Held(c) => Some(c),
            Books::None | Books::Unread => None,
        }
    }

    /// The order's agenda with these books: with no money and the books said unreadable when
    /// they do not read, so Today says so rather than show the order as if it had no money.
    pub fn agenda(&self, order: &Order, gates: &Gates) -> Agenda {
        match self {
            Books::Unread => Agenda::books_unread(order, gates),
            _ => Agenda::of(order, self.held(), gates),
        }
    }
}

/// The order's commercial document as held here (Today counts no money without it). Books
/// whose stored bytes did not load (set aside as damaged) are held and unread, not elsewhere:
/// the order's money is missing from Today and Reports, and they say so; so is a link that
/// cannot be the order's ([`super::repo::books_to_read`]: another order's books, say).
pub(super) fn commercial_in(inner: &super::repo::Inner, id: &str, order: &Order) -> Books {
    let Ok(cid) = super::repo::books_to_read(inner, id, order) else {
        return Books::Unread;
    };
    let cid = &cid;
    let Some(loaded) = inner.docs.get(cid) else {
        return match inner.quarantined.contains_key(cid) {
            true => Books::Unread,
            false => Books::None,
        };
    };
    match document::read::<Commercial>(&loaded.doc) {
        Ok(c) => Books::Held(Box::new(c)),
        Err(_) => Books::Unread,
    }
}
