//! The orders list: every order on this device, searchable (PO, style, customer, factory),
//! filterable (status, late, customer, factory, ex-factory month) and sortable. Only the rows in
//! view are rendered — fixed-height rows inside a spacer as tall as the whole list — so 10,000
//! orders scroll as lightly as ten. CSV exports of the orders shown and of their milestones.
//!
//! Parties are named through the workspace as it is now ([`PartyNames`]): a summary keeps the
//! party's id, so a rename in Parties shows in the rows, filters and exports at once.

mod exports;
mod filters;
mod list;
mod row;

use gendan_domain::tna;
use leptos::prelude::*;

use crate::i18n::{status_key, use_i18n, Lang, K};
use crate::listing::{self, Filter, PartyNames, SortBy};
use crate::pages::parties::workspace_signal;
use crate::platform;
use crate::state::store::use_store;
use crate::storage::Summary;
use crate::Route;
use filters::OrderFilters;
use list::OrderList;

thread_local! {
    static LIST_STATE: std::cell::RefCell<(Filter, SortBy)> = std::cell::RefCell::default();
}

/// Opens the orders list showing only late orders (from Today's "more" link).
pub(crate) fn show_late_orders() {
    LIST_STATE.with(|s| {
        let mut s = s.borrow_mut();
        s.0 = Filter {
            late_only: true,
            ..Filter::default()
        };
    });
    crate::navigate(&Route::Orders);
}

/// Height of one row in px; the CSS gives `.order-row` exactly this.
pub(crate) const ROW_HEIGHT: f64 = 100.0;
/// Rows rendered above and below the visible ones.
const OVERSCAN: usize = 6;

fn milestone_status_key(s: tna::MilestoneStatus) -> K {
    match s {
        tna::MilestoneStatus::Done => K::CsvMsDone,
        tna::MilestoneStatus::Unplanned => K::CsvMsUnplanned,
        tna::MilestoneStatus::OnTrack => K::CsvMsOnTrack,
        tna::MilestoneStatus::AtRisk => K::CsvMsAtRisk,
        tna::MilestoneStatus::Late => K::CsvMsLate,
    }
}

/// The orders CSV: one row per order shown, headers in the chosen language.
pub(crate) fn orders_csv(lang: Lang, rows: &[&Summary], today: &str, names: &PartyNames) -> String {
    let t = |k: K| k.text(lang).to_string();
    let mut out = vec![vec![
        t(K::CustomerPo),
        t(K::Customer),
        t(K::StyleNo),
        t(K::Status),
        t(K::ExFactory),
        t(K::PiecesCol),
        t(K::FactoryCol),
        t(K::NextDueCol),
        t(K::LateFlag),
    ]];
    for s in rows {
        out.push(vec![
            s.customer_po.clone(),
            names.customer(s),
            s.style_no.clone(),
            status_key(s.status()).text(lang).to_string(),
            s.ex_factory.clone().unwrap_or_default(),
            s.total_qty.to_string(),
            names.factory(s),
            s.next_due.clone().unwrap_or_default(),
            if listing::is_late(s, today) {
                t(K::AnswerYes)
            } else {
                t(K::AnswerNo)
            },
        ]);
    }
    listing::csv(&out)
}

#[component]
pub fn OrdersPage() -> impl IntoView {
    let i18n = use_i18n();
    let store = use_store();
    let today = platform::today().to_string();
    // The list keeps its search, filters and sort while the user visits an order and comes back.
    let (saved_filter, saved_sort) = LIST_STATE.with(|s| s.borrow().clone());
    let filter = RwSignal::new(saved_filter);
    let sort = RwSignal::new(saved_sort);
    Effect::new(move |_| {
        let state = (filter.get(), sort.get());
        LIST_STATE.with(|s| *s.borrow_mut() = state);
    });
    // Read again after changes from another tab or device, so a rename there shows here too.
    let ws = workspace_signal();
    let names = Memo::new(move |_| ws.with(|w| PartyNames::of(w, i18n.0.get())));
    let today_f = today.clone();
    let shown = Memo::new(move |_| {
        let f = filter.get();
        let by = sort.get();
        names.with(|n| {
            store
                .summaries
                .with(|all| listing::filter_sort(all, &f, by, &today_f, n))
        })
    });
    let on_search = move |ev: leptos::ev::Event| {
        let v = event_target_value(&ev);
        filter.update(|f| f.query = v);
    };
    view! {
        <section class="page orders">
            <div class="toolbar">
                <input type="search" class="search" data-testid="search" id="o-search"
                    aria-label=move || i18n.t(K::Search) placeholder=move || i18n.t(K::Search)
                    prop:value=move || filter.with(|f| f.query.clone())
                    on:input=on_search/>
                <a class="button primary" href=Route::NewOrder.href() data-testid="new-order">{move || i18n.t(K::NavNew)}</a>
            </div>
            <OrderFilters filter=filter sort=sort shown=shown names=names today=today.clone()/>
            <p class="muted" data-testid="order-count" aria-live="polite">
                {move || crate::i18n::count(i18n.0.get(), crate::i18n::ORDERS, shown.with(|f| f.len()))}
            </p>
            {move || {
                if store.summaries.with(|s| s.is_empty()) {
                    return view! { <p class="empty">{i18n.t(K::NoOrders)}</p> }.into_any();
                }
                if shown.with(|f| f.is_empty()) {
                    return view! { <p class="empty">{i18n.t(K::NoMatches)}</p> }.into_any();
                }
                ().into_any()
            }}
            <OrderList shown=shown names=names today=today/>
        </section>
    }
}
