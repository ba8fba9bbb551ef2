//! The list's filters and sort (folded on phones unless some are set) and, under them, the
//! exports of what the filters show. The fields themselves are in `filters/filter_grid.rs`.

mod filter_grid;

use leptos::prelude::*;

use super::exports::ListExports;
use crate::i18n::{use_i18n, K};
use crate::listing::{self, Choices, Filter, PartyNames, SortBy};
use crate::state::store::use_store;
use filter_grid::FilterGrid;

#[component]
pub fn OrderFilters(
    filter: RwSignal<Filter>,
    sort: RwSignal<SortBy>,
    /// The summaries shown (indexes into the app's list), for the exports.
    shown: Memo<Vec<usize>>,
    names: Memo<PartyNames>,
    today: String,
) -> impl IntoView {
    let i18n = use_i18n();
    let store = use_store();
    // Choices for the filters: the workspace's parties, plus what the orders name.
    let choices: Memo<Choices> =
        Memo::new(move |_| names.with(|n| store.summaries.with(|all| listing::choices(all, n))));

    // Phones start with the filters folded so the list is in view, unless some are set; wide
    // screens show them.
    let wide = web_sys::window()
        .and_then(|w| w.inner_width().ok())
        .and_then(|v| v.as_f64())
        .is_some_and(|w| w >= 720.0)
        || filter.with_untracked(|f| {
            !f.status.is_empty()
                || !f.customer.is_empty()
                || !f.factory.is_empty()
                || !f.month.is_empty()
                || f.late_only
        });

    view! {
    <details class="filters" open=wide>
        <summary data-testid="filters-toggle">
            {move || i18n.t(K::FiltersAndSort)}
            {move || {
                let f = filter.get();
                let n = [!f.status.is_empty(), !f.customer.is_empty(), !f.factory.is_empty(), !f.month.is_empty(), f.late_only]
                    .into_iter().filter(|x| *x).count();
                (n > 0).then(|| view! { <span class="count">{n}</span> })
            }}
        </summary>
        <FilterGrid filter=filter sort=sort choices=choices/>
        <ListExports shown=shown names=names today=today/>
    </details>
    }
}
