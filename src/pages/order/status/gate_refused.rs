//! What a refused move opens: the gates that refused it and a reason to override them with, which
//! moves the order on (the override is logged with who and when).

use gendan_domain::OrderStatus;
use leptos::prelude::*;

use crate::i18n::{status_key, use_i18n, K};

#[component]
pub fn GateRefused(
    /// The status the refused move was going to.
    next: OrderStatus,
    /// The refusing gates, named in the user's language.
    names: Vec<String>,
    reason: RwSignal<String>,
    busy: Signal<bool>,
    /// Moves the order, with the override reason.
    move_to: Callback<(OrderStatus, Option<String>)>,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="override" data-testid="gate-refused">
            <p><strong>{move || i18n.t(K::GateRefusedTitle)}</strong></p>
            <ul>{names.into_iter().map(|n| view! { <li>{n}</li> }).collect_view()}</ul>
            <div class="field">
                <label for="override-reason">{move || i18n.t(K::OverrideReason)}</label>
                <textarea id="override-reason" data-testid="override-reason" rows="2"
                    prop:value=move || reason.get()
                    on:input=move |ev| reason.set(event_target_value(&ev))></textarea>
            </div>
            <button type="button" class="warn" data-testid="override" disabled=move || busy.get()
                on:click=move |_| move_to.run((next, Some(reason.get_untracked())))>
                {move || format!("{} → {}", i18n.t(K::OverrideAndMove), i18n.t(status_key(next)))}
            </button>
        </div>
    }
}
