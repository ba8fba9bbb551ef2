//! The list's filters and sort (folded on phones unless some are set) and, under them, the
//! exports of what the filters show. The fields themselves are in `filters/filter_grid.rs`.

mod filter_grid;

use std::collections::{BTreeMap, BTreeSet};

use gendan_domain::workspace::PartyKind;
use leptos::prelude::*;

use super::exports::ListExports;
use crate::i18n::{use_i18n, K};
use crate::listing::{Filter, SortBy};
use crate::state::store::use_store;
use filter_grid::{Choices, FilterGrid};

#[component]
pub fn OrderFilters(
    filter: RwSignal<Filter>,
    sort: RwSignal<SortBy>,
    /// The summaries shown (indexes into the app's list), for the exports.
    shown: Memo<Vec<usize>>,
    factories: StoredValue<BTreeMap<String, String>>,
    today: String,
) -> impl IntoView {
    let i18n = use_i18n();
    let store = use_store();
    let customer_parties: Vec<String> = store
        .repo()
        .and_then(|r| r.workspace_value().ok())
        .map(|w| {
            w.parties_of(&PartyKind::Customer)
                .into_iter()
                .map(|(_, p)| p.name.clone())
                .collect()
        })
        .unwrap_or_default();
    // Choices for the filters: what the orders hold, plus the parties of the workspace.
    let choices: Memo<Choices> = Memo::new(move |_| {
        store.summaries.with(|all| {
            let mut customers: BTreeSet<String> = customer_parties.iter().cloned().collect();
            let mut facs: BTreeSet<String> = factories.with_value(|f| f.keys().cloned().collect());
            let mut months = BTreeSet::new();
            for s in all {
                if !s.customer.is_empty() {
                    customers.insert(s.customer.clone());
                }
                if !s.factory.is_empty() {
                    facs.insert(s.factory.clone());
                }
                if let Some(x) = &s.ex_factory {
                    if x.len() >= 7 {
                        months.insert(x[..7].to_string());
                    }
                }
            }
            (customers, facs, months)
        })
    });

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
        <FilterGrid filter=filter sort=sort choices=choices factories=factories/>
        <ListExports shown=shown factories=factories today=today/>
    </details>
    }
}
