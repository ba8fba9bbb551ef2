//! Choosing what a PO buys (fabric, trims, packing…), each kind in the user's language.

use gendan_domain::purchasing::ItemKind;
use leptos::prelude::*;

use crate::components::text_input::unique_id;
use crate::i18n::{item_kind_text, use_i18n, K};

#[component]
pub fn ItemSelect(value: RwSignal<String>) -> impl IntoView {
    let i18n = use_i18n();
    let id = unique_id("po-item");
    view! {
        <div class="field">
            <label for=id.clone()>{move || i18n.t(K::ItemKindLabel)}</label>
            <select id=id data-testid="po-item" on:change=move |ev| value.set(event_target_value(&ev))>
                {ItemKind::KNOWN.iter().map(|k| {
                    let c = k.code().to_string();
                    let c2 = c.clone();
                    let k = k.clone();
                    view! { <option value=c selected=move || value.get() == c2>{move || item_kind_text(i18n.0.get(), &k)}</option> }
                }).collect_view()}
            </select>
        </div>
    }
}
