//! Cancelling an order: asked with why before it moves. A cancelled order counts for no KPI —
//! its lateness, complaints and failed lots all drop out — so the domain refuses it without a
//! reason (`lifecycle::transition`), keeps it in the status log and says it in the daily report.

use gendan_domain::OrderStatus;
use leptos::prelude::*;

use crate::i18n::{use_i18n, K};

#[component]
pub fn CancelAsk(
    /// Whether the question is open (the status button opens it).
    open: RwSignal<bool>,
    /// The reason typed; the panel keeps it, so a refusal leaves it in place.
    reason: RwSignal<String>,
    busy: Signal<bool>,
    /// Moves the order, with the reason.
    move_to: Callback<(OrderStatus, Option<String>)>,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <Show when=move || open.get()>
            <div class="override" data-testid="cancel-ask">
                <p><strong>{move || i18n.t(K::CancelAskTitle)}</strong></p>
                <div class="field">
                    <label for="cancel-reason">{move || i18n.t(K::DecisionReason)}</label>
                    <textarea id="cancel-reason" data-testid="cancel-reason" rows="2"
                        prop:value=move || reason.get()
                        on:input=move |ev| reason.set(event_target_value(&ev))></textarea>
                    <crate::components::money_words_hint::MoneyWordsHint text=reason/>
                </div>
                <div class="button-row">
                    <button type="button" class="warn" data-testid="cancel-confirm" disabled=move || busy.get()
                        on:click=move |_| move_to.run((OrderStatus::Cancelled, Some(reason.get_untracked())))>
                        {move || i18n.t(K::CancelOrder)}
                    </button>
                    <button type="button" data-testid="cancel-keep" on:click=move |_| open.set(false)>
                        {move || i18n.t(K::KeepOrder)}
                    </button>
                </div>
            </div>
        </Show>
    }
}
