//! Today's scan: every open order (and every order whose history needs a decision) judged from the
//! agenda its summary keeps, and the few without a usable one read through the repo's walk (their
//! agendas kept for next time); the last complete result is kept for the next visit.

use std::cell::RefCell;
use std::rc::Rc;

use gendan_domain::agenda::Agenda;
use gendan_domain::reports::Today;
use gendan_domain::Day;
use leptos::prelude::*;

use crate::platform;
use crate::state::store::Store;
use crate::storage::Summary;

thread_local! {
    /// The last complete today view, shown at once on the next visit while it is recomputed.
    static LAST: RefCell<Option<Today>> = const { RefCell::new(None) };
}

/// The last complete view, if this tab computed one.
pub(super) fn last() -> Option<Today> {
    LAST.with(|l| l.borrow().clone())
}

/// The today view over every order on the device, reporting `(done, total)` into `progress`;
/// `None` when storage is not open or the screen was left before the walk finished. Orders are
/// read from their agendas in the summaries; only those without a usable one are loaded, and the
/// agendas made for them are kept for the next visit.
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
    let key = Agenda::key(&settings.gates);
    // Closed and cancelled orders only when their history needs a decision (a shipped order
    // cancelled on another device must not disappear from sight).
    let want = |s: &Summary| crate::storage::agenda::today_wants(s, &key);
    let index = repo.today_from_index(&key, now, settings.at_risk_days, want);
    let answered = index.answered;
    let acc = Rc::new(RefCell::new(index.today));
    let made = Rc::new(RefCell::new(Vec::new()));
    let visit = acc.clone();
    let keep = made.clone();
    let left = Rc::new(RefCell::new(false));
    let left_seen = left.clone();
    let load = index.load;
    let seen = repo.summaries_seen(&load);
    repo.scan_orders(
        |s| load.contains(&s.id),
        async |done, total| {
            // The screen was left: stop reading.
            if progress
                .try_set((answered + done, answered + total))
                .is_some()
            {
                *left_seen.borrow_mut() = true;
                return false;
            }
            platform::yield_now().await;
            true
        },
        |id, order, books| {
            let agenda = books.agenda(order, &settings.gates);
            visit
                .borrow_mut()
                .extend(agenda.today(id, now, settings.at_risk_days));
            if let Some(seen) = seen.get(id) {
                keep.borrow_mut().push((id.to_string(), *seen, agenda));
            }
        },
    )
    .await;
    if *left.borrow() {
        return None;
    }
    // A cache: a failed write only means the next visit loads these orders again.
    let _ = repo.keep_agendas(made.take()).await;
    let mut full = acc.take();
    full.sort_lists();
    LAST.with(|l| *l.borrow_mut() = Some(full.clone()));
    Some(full)
}
