//! 合格供应商 on Today: orders with a PO still open at a supplier that is suspended and not kept
//! under that suspension — placed before it, or on a device that had not heard — read from the
//! order summaries and the workspace, so a suspension made on one device reaches whoever follows
//! the orders on another. Each row opens the order's purchasing, where the PO's card asks.

use gendan_domain::standing;
use leptos::prelude::*;

use super::section::{order_title, Names};
use super::SHOWN;
use crate::i18n::{fill, use_i18n, K};
use crate::pages::parties::Ws;
use crate::state::store::use_store;
use crate::Route;

#[component]
pub(super) fn SuspendedSection(names: Names, ws: Ws) -> impl IntoView {
    let i18n = use_i18n();
    let store = use_store();
    // (order id, the suspended suppliers' names) for each order with a PO waiting.
    let orders = Memo::new(move |_| {
        ws.with(|w| {
            if !w.parties.values().any(|p| p.suspension().is_some()) {
                return Vec::new();
            }
            store.summaries.with(|all| {
                all.iter()
                    .filter_map(|s| {
                        let mut who: Vec<String> = s
                            .open_pos
                            .iter()
                            .flatten()
                            .filter_map(|(supplier, kept)| {
                                let p = w.parties.get(supplier)?;
                                standing::waits(Some(p), kept).map(|_| p.name.clone())
                            })
                            .collect();
                        gendan_domain::sorting::sort_dedup(&mut who);
                        (!who.is_empty()).then(|| (s.id.clone(), who.join(", ")))
                    })
                    .collect::<Vec<_>>()
            })
        })
    });
    view! {
        <Show when=move || orders.with(|o| !o.is_empty())>
            <section class="today-section card risk" data-testid="today-suspended">
                <h3>
                    <span>{move || i18n.t(K::TodaySuspended)}</span>
                    <span class="count">{move || orders.with(Vec::len)}</span>
                </h3>
                <ul class="today-list">
                    {move || {
                        let lang = i18n.0.get();
                        names.with(|n| orders.get().into_iter().take(SHOWN).map(|(id, who)| {
                            let (po, sub) = order_title(n, &id);
                            let why = fill(K::TodaySuspendedRow.text(lang), &[("name", &who)]);
                            view! {
                                <li>
                                    <a class="today-row" href=Route::OrderSection(id, "purchasing".into()).href() data-testid="today-row">
                                        <span class="row-main"><strong>{po}</strong><span class="muted">{sub}</span></span>
                                        <span class="row-sub late">{why}</span>
                                    </a>
                                </li>
                            }
                        }).collect_view())
                    }}
                </ul>
            </section>
        </Show>
    }
}
