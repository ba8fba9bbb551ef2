//! History: who changed what and when, read from the order document's own change history.

use leptos::prelude::*;

use super::ctx::{time_text, OrderCtx};
use crate::i18n::{use_i18n, K};
use crate::platform;
use crate::state::store::use_store;

#[component]
pub fn HistorySection(ctx: OrderCtx) -> impl IntoView {
    let i18n = use_i18n();
    let store = use_store();
    // Re-read whenever the order changes here; the list stays up while it is read again.
    let history = LocalResource::new(move || {
        ctx.order.track();
        let id = ctx.id();
        async move {
            let repo = store.repo()?;
            let mut h = repo
                .order_history(&id, platform::utc_offset_minutes())
                .await
                .ok()?;
            h.reverse();
            Some(h)
        }
    });
    let entries = move || history.get().flatten().unwrap_or_default();
    view! {
        <section class="card section" data-testid="history-section">
            <h3>{move || i18n.t(K::SecHistory)}</h3>
            <ul class="log history">
                {move || entries().into_iter().map(|e| {
                    let areas = e.areas.iter().cloned().collect::<Vec<_>>().join(", ");
                    let fields = e.fields.iter().take(6).cloned().collect::<Vec<_>>().join(", ");
                    let name = if e.author.name.is_empty() { e.author.device.clone() } else { e.author.name.clone() };
                    view! {
                        <li data-testid="history-entry">
                            <span class="muted">{time_text(e.time_ms)}</span>" · "<strong>{name}</strong>
                            {(!e.author.device.is_empty()).then(|| format!(" ({})", e.author.device))}
                            <br/>{areas}<span class="muted small">{if fields.is_empty() { String::new() } else { format!(" — {fields}") }}</span>
                        </li>
                    }
                }).collect_view()}
            </ul>
        </section>
    }
}
