//! Today's scan: every open order (and every order whose history needs a decision) read a few at
//! a time through the repo's walk, each turned into the domain's today view and merged; the
//! last complete result is kept for the next visit.

use std::cell::RefCell;
use std::rc::Rc;

use gendan_domain::reports::{self, OrderFacts, Today};
use gendan_domain::Day;
use leptos::prelude::*;

use crate::platform;
use crate::state::store::Store;

thread_local! {
    /// The last complete today view, shown at once on the next visit while it is recomputed.
    static LAST: RefCell<Option<Today>> = const { RefCell::new(None) };
}

/// The last complete view, if this tab computed one.
pub(super) fn last() -> Option<Today> {
    LAST.with(|l| l.borrow().clone())
}

/// The today view over every order on the device, reporting `(done, total)` into `progress`;
/// `None` when storage is not open or the screen was left before the walk finished.
pub(super) async fn today(
    store: Store,
    now: Day,
    progress: RwSignal<(usize, usize)>,
) -> Option<Today> {
    let repo = store.repo()?;
    let settings = repo
        .workspace_value()
        .map(|w| w.settings)
        .unwrap_or_default();
    let acc = Rc::new(RefCell::new(Today::default()));
    let visit = acc.clone();
    let left = Rc::new(RefCell::new(false));
    let left_seen = left.clone();
    repo.scan_orders(
        // Closed and cancelled orders only when their history needs a decision (a shipped order
        // cancelled on another device must not disappear from sight).
        |s| s.unsettled || !matches!(s.status.as_str(), "closed" | "cancelled"),
        async |done, total| {
            // The screen was left: stop reading.
            if progress.try_set((done, total)).is_some() {
                *left_seen.borrow_mut() = true;
                return false;
            }
            platform::yield_now().await;
            true
        },
        |id, order, commercial| {
            let facts = [OrderFacts {
                id,
                order,
                commercial,
            }];
            visit
                .borrow_mut()
                .extend(reports::today(&facts, &settings, now));
        },
    )
    .await;
    if *left.borrow() {
        return None;
    }
    let mut full = acc.take();
    full.sort_lists();
    LAST.with(|l| *l.borrow_mut() = Some(full.clone()));
    Some(full)
}
