//! The orders list: every order on this device, searchable, newest first, each row opening it.

use leptos::prelude::*;

use crate::i18n::{status_key, use_i18n, K};
use crate::storage::Summary;
use crate::{use_app, Route};

/// Rows beyond this are not rendered until the search narrows them; keeps 10,000 orders snappy.
const MAX_ROWS: usize = 200;

fn matches(s: &Summary, q: &str) -> bool {
    q.is_empty()
        || [&s.customer_po, &s.style_no, &s.customer]
            .iter()
            .any(|f| f.to_lowercase().contains(q))
}

#[component]
pub fn OrdersPage() -> impl IntoView {
    let i18n = use_i18n();
    let app = use_app();
    let query = RwSignal::new(String::new());
    let filtered = Memo::new(move |_| {
        let q = query.get().trim().to_lowercase();
        let mut rows: Vec<Summary> = app
            .summaries
            .get()
            .into_iter()
            .filter(|s| matches(s, &q))
            .collect();
        rows.sort_by(|a, b| b.updated_ms.total_cmp(&a.updated_ms));
        rows
    });
    view! {
        <section class="page">
            <div class="toolbar">
                <input type="search" class="search" data-testid="search"
                    aria-label=move || i18n.t(K::Search) placeholder=move || i18n.t(K::Search)
                    prop:value=query on:input=move |ev| query.set(event_target_value(&ev))/>
                <a class="button primary" href=Route::NewOrder.href() data-testid="new-order">{move || i18n.t(K::NavNew)}</a>
            </div>
            <p class="muted" data-testid="order-count">
                {move || format!("{} {}", filtered.with(|f| f.len()), i18n.t(K::OrdersCount))}
            </p>
            {move || {
                if app.summaries.with(|s| s.is_empty()) {
                    return view! { <p class="empty">{i18n.t(K::NoOrders)}</p> }.into_any();
                }
                if filtered.with(|f| f.is_empty()) {
                    return view! { <p class="empty">{i18n.t(K::NoMatches)}</p> }.into_any();
                }
                view! {
                    <ul class="order-list" data-testid="order-list">
                        <For each=move || filtered.get().into_iter().take(MAX_ROWS) key=|s| (s.id.clone(), s.updated_ms.to_bits(), s.damaged) let:s>
                            <OrderRow s=s/>
                        </For>
                    </ul>
                }.into_any()
            }}
        </section>
    }
}

#[component]
fn OrderRow(s: Summary) -> impl IntoView {
    let i18n = use_i18n();
    let href = if s.damaged {
        Route::Settings.href()
    } else {
        Route::Order(s.id.clone()).href()
    };
    let status = s.status();
    let damaged = s.damaged;
    view! {
        <li class="order-row" class:damaged=damaged data-testid="order-row">
            <a href=href>
                <div class="row-main">
                    <strong class="po">{s.customer_po.clone()}</strong>
                    <span class="muted">{s.style_no.clone()}</span>
                </div>
                <div class="row-sub">
                    <span>{s.customer.clone()}</span>
                    <span class=format!("status st-{}", status.code())>{move || i18n.t(status_key(status))}</span>
                </div>
                <div class="row-sub muted">
                    <span>{s.ex_factory.clone().unwrap_or_default()}</span>
                    <span>{move || format!("{} {}", s.total_qty, i18n.t(K::Pieces))}</span>
                </div>
                <Show when=move || damaged>
                    <div class="row-sub error-text">{move || i18n.t(K::Damaged)}</div>
                </Show>
            </a>
        </li>
    }
}
