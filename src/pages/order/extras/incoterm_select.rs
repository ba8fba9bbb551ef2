//! Choosing the order's Incoterm (blank: not set).

use gendan_domain::order::Incoterm;
use leptos::prelude::*;

use crate::i18n::{use_i18n, K};

#[component]
pub fn IncotermSelect(value: RwSignal<String>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="field">
            <label for="x-incoterm">{move || i18n.t(K::Incoterm)}</label>
            <select id="x-incoterm" data-testid="incoterm" on:change=move |ev| value.set(event_target_value(&ev))>
                <option value="" selected=move || value.get().is_empty()>"—"</option>
                {Incoterm::KNOWN.iter().map(|i| {
                    let c = i.code().to_string();
                    let c2 = c.clone();
                    view! { <option value=c.clone() selected=move || value.get() == c2>{c.clone()}</option> }
                }).collect_view()}
            </select>
        </div>
    }
}
