//! One list of Today (late milestones, due this week, money awaited…): its count, neutral at
//! zero, and its rows, each opening the order at the section the row is about.

use std::collections::HashMap;

use gendan_domain::reports::TodayItem;
use leptos::prelude::*;

use super::SHOWN;
use crate::i18n::{use_i18n, Lang, K};
use crate::listing::{fmt_day, PartyNames};
use crate::pages::parties::Ws;
use crate::platform;
use crate::state::store::Store;
use crate::Route;

/// Order id → (PO, style, customer).
pub(super) type Names = Memo<HashMap<String, (String, String, String)>>;

/// Each order's PO, style and customer, the customer named as the workspace names it now (a
/// renamed party shows its new name; see [`PartyNames`]).
pub(super) fn names_of(store: Store, ws: Ws) -> Names {
    let i18n = use_i18n();
    Memo::new(move |_| {
        let lang = i18n.0.get();
        let parties = ws.with(|w| PartyNames::of(w, lang));
        store.summaries.with(|all| {
            all.iter()
                .map(|s| {
                    let v = (
                        crate::listing::po_text(lang, &s.customer_po),
                        s.style_no.clone(),
                        parties.customer(s),
                    );
                    (s.id.clone(), v)
                })
                .collect::<HashMap<_, _>>()
        })
    })
}

/// (PO, "style · customer") of an order.
pub(super) fn order_title(
    names: &HashMap<String, (String, String, String)>,
    id: &str,
) -> (String, String) {
    names
        .get(id)
        .map(|(po, style, customer)| (po.clone(), format!("{style} · {customer}")))
        .unwrap_or_else(|| (id.to_string(), String::new()))
}

#[component]
pub(super) fn TodaySection(
    title: K,
    testid: &'static str,
    items: Signal<Vec<TodayItem>>,
    names: Names,
    label: fn(Lang, &str) -> String,
    /// The order section a row opens (a section code of the order page).
    opens: &'static str,
) -> impl IntoView {
    let i18n = use_i18n();
    let now = platform::today();
    view! {
        <section class="today-section card" data-testid=testid>
            <h3>
                <span>{move || i18n.t(title)}</span>
                <span class="count" class:zero=move || items.with(|i| i.is_empty())>{move || items.with(|i| i.len())}</span>
            </h3>
            {move || {
                let list = items.get();
                if list.is_empty() {
                    return view! { <p class="muted small">{i18n.t(K::NothingHere)}</p> }.into_any();
                }
                let more = list.len().saturating_sub(SHOWN);
                let lang = i18n.0.get();
                let rows = names.with(|n| {
                    list.into_iter().take(SHOWN).map(|it| {
                        let (po, sub) = order_title(n, &it.order);
                        let due = it.due.map(|d| (fmt_day(lang, &d.to_string()), d < now)).unwrap_or_default();
                        view! {
                            <li>
                                <a class="today-row" href=Route::OrderSection(it.order.clone(), opens.to_string()).href() data-testid="today-row">
                                    <span class="row-main">
                                        <strong>{label(lang, &it.label)}</strong>
                                        <span class:late=due.1 class="due">{due.0}</span>
                                    </span>
                                    <span class="row-sub muted">{format!("{po} · {sub}")}</span>
                                </a>
                            </li>
                        }
                    }).collect_view()
                });
                view! {
                    <ul class="today-list">{rows}</ul>
                    <Show when=move || { more > 0 }>
                        <p class="muted small">{format!("+{more} {}", i18n.t(K::MoreItems))}</p>
                    </Show>
                }.into_any()
            }}
        </section>
    }
}
