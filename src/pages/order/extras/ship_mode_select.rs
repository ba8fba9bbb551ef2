//! Choosing how the order ships (sea, air…; blank: not set), in the user's language.

use gendan_domain::shipment::ShipMode;
use leptos::prelude::*;

use super::super::ctx::code_text;
use crate::i18n::{use_i18n, K};

#[component]
pub fn ShipModeSelect(value: RwSignal<String>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="field">
            <label for="x-mode">{move || i18n.t(K::ShipMode)}</label>
            <select id="x-mode" data-testid="ship-mode" on:change=move |ev| value.set(event_target_value(&ev))>
                <option value="" selected=move || value.get().is_empty()>"—"</option>
                {ShipMode::KNOWN.iter().map(|m| {
                    let c = m.code().to_string();
                    let c2 = c.clone();
                    let c3 = c.clone();
                    view! { <option value=c selected=move || value.get() == c2>{move || code_text(i18n, &c3)}</option> }
                }).collect_view()}
            </select>
        </div>
    }
}
