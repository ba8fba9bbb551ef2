//! Reopening a shipped order, the only way to correct it: with a reason, which the status log keeps.
//! Offered only while the order is shipped; the reason typed survives the offer coming and going.

use gendan_domain::lifecycle::is_shipped;
use leptos::prelude::*;

use crate::pages::action::Submit;

use super::super::ctx::OrderCtx;
use crate::i18n::{use_i18n, K};

#[component]
pub fn Reopen(
    ctx: OrderCtx,
    /// The reason typed; the panel keeps it, so it survives the offer coming and going.
    reason: RwSignal<String>,
    /// The panel's reopen action, taking the reason.
    reopen: Submit<String>,
    /// The status panel's busy flag: no other move while one runs.
    busy: Signal<bool>,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <Show when=move || ctx.order.with(|o| is_shipped(o.status))>
        <details class="reopen" data-testid="reopen">
            <summary>{move || i18n.t(K::Reopen)}</summary>
            <p class="muted small">{move || i18n.t(K::ReopenHelp)}</p>
            <div class="field">
                <label for="reopen-reason">{move || i18n.t(K::DecisionReason)}</label>
                <textarea id="reopen-reason" data-testid="reopen-reason" rows="2"
                    prop:value=move || reason.get()
                    on:input=move |ev| reason.set(event_target_value(&ev))></textarea>
                    <crate::components::money_words_hint::MoneyWordsHint text=reason/>
            </div>
            <button type="button" class="warn" data-testid="reopen-button" disabled=move || busy.get()
                on:click=move |_| { reopen.dispatch(reason.get_untracked()); }>
                {move || i18n.t(K::Reopen)}
            </button>
        </details>
        </Show>
    }
}
